"""Search quality on a held-out set: councils and layouts the search was never tuned on.

tests/fixtures/heldout-search holds three documents from invented councils in styles the sample
lacks (county health scrutiny minutes, a metropolitan borough's quarterly KPI report, a district's
housing and environment service plan with its cabinet cover report) and 45 questions written
before any search was run on them. They are indexed as `councilgraph eval search --corpus`
indexes them (reader, passages, vectors, extracted entities). The floors sit a little below the
figures measured when the set was written (hybrid MRR@10 0.849, hit@5 0.93 = 42/45, keyword
MRR@10 0.764): a change that helps the tuned sample but not other councils shows up here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from search.evaluate import build_store, check_questions, format_report, load_corpus, load_questions, rank_questions, summarise

pytestmark = [pytest.mark.model, pytest.mark.slow]

HELDOUT = Path(__file__).resolve().parent.parent / "fixtures" / "heldout-search"


@pytest.fixture(scope="module")
def heldout_store(tmp_path_factory, encoder):
    from web.models import make_extractor
    from web.settings import Settings

    docs, problems = load_corpus([HELDOUT])
    assert not problems, problems
    store = build_store(tmp_path_factory.mktemp("heldout-search") / "eval.sqlite", docs, encoder,
                        make_extractor(Settings()))
    yield store
    store.close()


@pytest.fixture(scope="module")
def questions():
    return load_questions(HELDOUT / "questions.jsonl")


@pytest.fixture(scope="module")
def ranked(heldout_store, encoder, questions):
    return rank_questions(heldout_store, encoder, questions)


@pytest.fixture(scope="module")
def report(ranked):
    results = summarise(ranked)
    misses = [f"  {e.question.id} {e.question.kind:<10} {e.ranks}  {e.question.question}"
              for e in ranked if e.ranks["hybrid"] != 1]
    print("\n" + format_report(results) + "\nnot first in hybrid:\n" + "\n".join(misses))
    return results


def test_every_question_is_scorable(heldout_store, questions):
    errors, warnings = check_questions(heldout_store, questions)
    assert errors == [] and warnings == []
    assert len(questions) >= 45
    kinds = Counter(q.kind for q in questions)
    assert set(kinds) == {"keyword", "natural", "paraphrase", "table"}
    assert kinds["paraphrase"] >= len(questions) // 4
    assert len({q.document for q in questions}) == len(list(HELDOUT.glob("*.txt"))) == 3


def test_hybrid_floors_on_unseen_councils(report):
    hybrid = report["hybrid"]
    assert hybrid["all"]["mrr@10"] >= 0.82
    assert hybrid["all"]["hit@5"] >= 0.91  # 41 of 45
    assert hybrid["keyword"]["hit@5"] >= 0.88
    assert hybrid["paraphrase"]["hit@5"] >= 0.73  # 11 of 15


def test_hybrid_beats_keyword_on_unseen_councils(report):
    hybrid, keyword = report["hybrid"]["all"], report["keyword"]["all"]
    assert hybrid["mrr@10"] >= keyword["mrr@10"] + 0.05
    assert hybrid["hit@5"] >= keyword["hit@5"]
