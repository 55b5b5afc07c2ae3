"""Extraction quality on the labelled sample corpus: the figures the README reports.
Raise the floors when the figures improve; a drop below them is a regression."""

from __future__ import annotations

import pytest

from nlp.evaluate import evaluate_sample, run_eval

pytestmark = [pytest.mark.slow, pytest.mark.model]

ENTITY_F1 = {"person": 0.93, "councillor": 0.95, "meeting": 0.93, "body": 0.91, "organisation": 0.93, "policy": 0.93}
RELATION_F1 = {"attended": 0.95, "sent_apologies": 0.95, "also_present": 0.9, "substitute_at": 0.9,
               "member_of": 0.95, "chair_of": 0.9, "meeting_of": 0.93, "portfolio": 0.85, "works_for": 0.9}


@pytest.fixture(scope="module")
def report(sample_dir):
    return evaluate_sample(sample_dir)[0]


@pytest.mark.parametrize("kind,floor", sorted(ENTITY_F1.items()))
def test_entity_f1(report, kind, floor):
    score = report.entities[kind]
    assert score.f1 >= floor, f"{kind}: F1 {score.f1:.3f} < {floor}\n" + "\n".join(score.errors)


@pytest.mark.parametrize("predicate,floor", sorted(RELATION_F1.items()))
def test_relation_f1(report, predicate, floor):
    score = report.relations[predicate]
    assert score.f1 >= floor, f"{predicate}: F1 {score.f1:.3f} < {floor}\n" + "\n".join(score.errors)


def test_run_eval_prints_a_table(sample_dir):
    table = run_eval(sample_dir)
    assert "person" in table and "attended" in table and "words/s" in table
