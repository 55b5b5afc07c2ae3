"""Search quality on held-out sets: councils and layouts the search was never tuned on.

Each set is a folder of documents from invented councils in styles the sample lacks, with
questions written before any search was run on them and never changed after. They are indexed as
`councilgraph eval search --corpus` indexes them (reader, passages, vectors, extracted entities).

- tests/fixtures/heldout-search: county health scrutiny minutes, a metropolitan borough's
  quarterly KPI report, a district's housing and environment service plan with its cabinet cover
  report; 45 questions. Measured when written: hybrid MRR@10 0.849, hit@5 0.93 = 42/45, keyword
  MRR@10 0.764.
- tests/fixtures/heldout-search-2: a London borough's forward plan of key decisions, a Welsh
  county borough's governance and audit committee minutes with a corporate risk register, a town
  council's full council minutes (planning applications, payments schedule, precept), a combined
  authority's quarterly RAG dashboard (markdown headings, stray <b>/<sup>); 48 questions.
  Measured when written: hybrid MRR@10 0.905, hit@5 0.98 = 47/48, paraphrase hit@5 13/14,
  table hit@5 10/10, keyword MRR@10 0.831.

The floors sit a little below those figures: a change that helps the tuned sample but not other
councils shows up here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from search.evaluate import (build_store, check_questions, format_report, load_corpus,
                             load_questions, rank_questions, summarise)

pytestmark = [pytest.mark.model, pytest.mark.slow]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass(frozen=True)
class Floors:
    """Lowest acceptable hybrid figures on one held-out set (comments: the counts they allow)."""

    questions: int
    documents: int
    mrr: float
    hit5: float
    keyword_hit5: float
    paraphrase_hit5: float
    table_hit5: float


SETS = {
    # hit@5: 41 of 45; keyword 8 of 9; paraphrase 11 of 15; table 10 of 11
    "heldout-search": Floors(questions=45, documents=3, mrr=0.82, hit5=0.91,
                             keyword_hit5=0.88, paraphrase_hit5=0.73, table_hit5=0.90),
    # hit@5: 46 of 48; keyword 11 of 12; paraphrase 12 of 14; table 9 of 10
    "heldout-search-2": Floors(questions=48, documents=4, mrr=0.88, hit5=0.95,
                               keyword_hit5=0.91, paraphrase_hit5=0.85, table_hit5=0.90),
}


@pytest.fixture(scope="module", params=sorted(SETS))
def heldout(request):
    return request.param


@pytest.fixture(scope="module")
def heldout_store(heldout, tmp_path_factory, encoder):
    from web.models import make_extractor
    from web.settings import Settings

    docs, problems = load_corpus([FIXTURES / heldout])
    assert not problems, problems
    store = build_store(tmp_path_factory.mktemp(heldout) / "eval.sqlite", docs, encoder,
                        make_extractor(Settings()))
    yield store
    store.close()


@pytest.fixture(scope="module")
def questions(heldout):
    return load_questions(FIXTURES / heldout / "questions.jsonl")


@pytest.fixture(scope="module")
def report(heldout, heldout_store, encoder, questions):
    ranked = rank_questions(heldout_store, encoder, questions)
    results = summarise(ranked)
    misses = [f"  {e.question.id} {e.question.kind:<10} {e.ranks}  {e.question.question}"
              for e in ranked if e.ranks["hybrid"] != 1]
    print(f"\n{heldout}\n{format_report(results)}\nnot first in hybrid:\n" + "\n".join(misses))
    return results


def test_every_question_is_scorable(heldout, heldout_store, questions):
    floors = SETS[heldout]
    errors, warnings = check_questions(heldout_store, questions)
    assert errors == [] and warnings == []
    assert len(questions) >= floors.questions
    kinds = Counter(q.kind for q in questions)
    assert set(kinds) == {"keyword", "natural", "paraphrase", "table"}
    assert kinds["paraphrase"] >= len(questions) // 4
    files = list((FIXTURES / heldout).glob("*.txt"))
    assert len({q.document for q in questions}) == len(files) == floors.documents


def test_hybrid_floors_on_unseen_councils(heldout, report):
    floors, hybrid = SETS[heldout], report["hybrid"]
    assert hybrid["all"]["mrr@10"] >= floors.mrr
    assert hybrid["all"]["hit@5"] >= floors.hit5
    assert hybrid["keyword"]["hit@5"] >= floors.keyword_hit5
    assert hybrid["paraphrase"]["hit@5"] >= floors.paraphrase_hit5
    assert hybrid["table"]["hit@5"] >= floors.table_hit5


def test_hybrid_beats_keyword_on_unseen_councils(report):
    hybrid, keyword = report["hybrid"]["all"], report["keyword"]["all"]
    assert hybrid["mrr@10"] >= keyword["mrr@10"] + 0.05
    assert hybrid["hit@5"] >= keyword["hit@5"]
