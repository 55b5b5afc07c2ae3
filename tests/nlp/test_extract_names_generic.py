"""Body, partner and policy names in wordings councils use everywhere (written apart from the
held-out extraction set whose errors these rules fix): a job title or chair's role before a comma
is not part of a body's name, a line naming two organisations joined by "and" is no body, and
"Council Plan" keeps its first word."""

from __future__ import annotations

import pytest

from nlp import extraction as x
from tests.nlp.conftest import text_extractor


@pytest.fixture(scope="module")
def run(tmp_path_factory):  # noqa: ANN001, ANN201
    from nlp.pipeline import build_pipeline

    return text_extractor(tmp_path_factory.mktemp("names"), build_pipeline())


def _names(ex: x.Extraction, kind: str) -> set[str]:
    return {e.name for e in ex.entities if e.kind == kind}


def test_a_role_before_a_comma_is_not_part_of_a_body_or_partner_name(run):
    ex = run("""Also present:
Councillor Rob Tate\tVice-Chairman, Corporate Governance Board
Lena Hart\tHead of Commissioning, Westby Valley Integrated Care Board

Report of: Westby Community Health NHS Trust and Westby Valley Integrated Care Board
""")
    bodies = _names(ex, x.BODY)
    assert "Corporate Governance Board" in bodies
    assert not {b for b in bodies if "," in b or "Integrated Care" in b or "Trust" in b}
    assert "Westby Valley Integrated Care Board" in _names(ex, x.ORGANISATION)


def test_council_plan_keeps_its_first_word(run):
    ex = run("""1. Context

1.1 The proposals support the priorities of the Council Plan 2025-2029 and the council's housing strategy.
""")
    policies = _names(ex, x.POLICY)
    assert "Council Plan 2025-2029" in policies
    assert "Plan 2025-2029" not in policies
