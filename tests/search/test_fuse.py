from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from search.fuse import convex, coverage, fuse, lexical_weight, query_kind, rrf

rankings = st.lists(st.tuples(st.integers(0, 50), st.floats(-10, 10)), max_size=20, unique_by=lambda t: t[0])


def test_rrf_rewards_agreement():
    fused = rrf([[(1, 9.0), (2, 8.0)], [(2, 0.9), (3, 0.8)]])
    assert max(fused, key=fused.get) == 2
    assert fused[1] > fused[3] or fused[1] == fused[3]


@given(rankings, rankings)
def test_rrf_scores_every_item_once_and_positively(a, b):
    fused = rrf([a, b])
    assert set(fused) == {i for i, _ in a} | {i for i, _ in b}
    assert all(score > 0 for score in fused.values())


@given(rankings, rankings, st.floats(0, 1))
def test_convex_stays_in_unit_interval(a, b, weight):
    fused = convex(sorted(a, key=lambda t: -t[1]), sorted(b, key=lambda t: -t[1]), weight)
    assert all(-1e-9 <= s <= 1 + 1e-9 for s in fused.values())


def test_convex_weight_decides_between_rankings():
    lexical = [(1, 20.0), (2, 1.0)]
    dense = [(2, 0.9), (1, 0.1)]
    assert fuse("x", lexical, dense, top_coverage=1.0)[0][0] == 1
    assert fuse("x", lexical, dense, top_coverage=0.0)[0][0] == 2


def test_query_kinds():
    assert query_kind("HOT021a") == "code"
    assert query_kind("PSPO consultation") == "code"
    assert query_kind("reference 6/2021/2022") == "code"
    assert query_kind("what was the target for food waste?") == "question"
    assert query_kind("food waste target") == "keywords"


def test_codes_lean_lexical_and_paraphrases_lean_dense():
    assert lexical_weight("HOT021a", 0.0) >= 0.7
    assert lexical_weight("why did the phones go unanswered", 0.0) < lexical_weight("food waste", 1.0)


def test_coverage_matches_word_stems():
    assert coverage(["recycled", "waste"], "Household waste recycling rate") == 1.0
    assert coverage(["recycled", "glass"], "Household waste recycling rate") == 0.5
    assert coverage([], "anything") == 0.0


def test_unknown_fusion_method_is_refused():
    try:
        fuse("q", [], [], method="magic")
    except ValueError as error:
        assert "magic" in str(error)
    else:
        raise AssertionError("expected ValueError")
