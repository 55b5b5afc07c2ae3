"""Policies on paragraphs written for the test in the style of other councils' papers (none from
the sample corpus): what is a named policy, what is not, and which variants are one policy."""

from __future__ import annotations

import re

import pytest

from nlp import extraction as x
from nlp.records import Document


@pytest.fixture(scope="module")
def nlp():
    from nlp.pipeline import build_pipeline

    return build_pipeline()


def _policies(nlp, text: str, council: str) -> dict[str, x.Entity]:
    from nlp.extract import extract

    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)  # one paragraph a line, as converted documents come
    doc = Document(id="t", source="t.txt", text=text, content_hash="x", title="", doc_type="report",
                   council=council, council_id=x.slug(council), date="2024-03-12")
    return {e.name: e for e in extract(doc, nlp).entities if e.kind == x.POLICY}


DERBYSHIRE = """High Peak Borough Council

Cabinet - 9 July 2024

The report seeks approval of the Housing Revenue Account (HRA) Business Plan and asks Cabinet to note
progress on the 2024-25 Annual Plan. The HRA Business Plan will be reviewed each year.

Officers have drafted a Young Person's Protocol with the county council, and a Tenancy Strategy/Plan
will follow. The Disabled Facilities Grants (DFGs) service will adopt a new DFG Policy, replacing the
Disabled Facility Grant policy of 2019.

The council's Commercial Strategy, approved in May, is now the Commercialism Strategy.
"""


@pytest.mark.model
def test_named_policies_of_another_council(nlp):
    policies = _policies(nlp, DERBYSHIRE, "High Peak Borough Council")
    names = set(policies)
    assert "Housing Revenue Account Business Plan" in names  # "HRA Business Plan" read through (HRA)
    assert "HRA Business Plan" in policies["Housing Revenue Account Business Plan"].get_all(x.A_SURFACE)
    assert "Annual Plan 2024-25" in names  # the edition printed before the name
    assert "Young Person's Protocol" in names
    assert "Tenancy Strategy" in names
    dfg = [n for n in names if "Disabled" in n]
    assert len(dfg) == 1 and "DFG Policy" in policies[dfg[0]].get_all(x.A_SURFACE), dfg
    assert len([n for n in names if n.startswith("Commercial")]) == 1


NOT_POLICIES = """Rochford District Council

Overview and Scrutiny Committee

There is also the 2014 Home Office guidance on the powers. Work is ongoing on the community orchard
site plan. Elements of the Pan Essex scheme were agreed. The Welcome Back Fund programme supported the
high street. Rochford's scheme has always had a minimum payment.

Scrutiny committee work programme 2024 - 2025
"""


@pytest.mark.model
def test_guidance_drawings_funds_and_work_programmes_are_not_policies(nlp):
    assert _policies(nlp, NOT_POLICIES, "Rochford District Council") == {}


def _policy(name: str) -> x.Entity:
    return x.Entity(x.make_key(x.POLICY, "c", name.lower()), x.POLICY, name)


def test_policy_variants_that_resolve_to_one():
    from nlp.resolve import resolve_policies

    names = ["Exceptional Hardship Scheme", "Exceptional Hardship Policy", "Asset Management Strategy",
             "Asset Management Strategy and Plan", "Localised Council Tax Support Scheme",
             "Local Council Tax Support Scheme", "Corporate Peer Challenge Action Plan", "CPC Action Plan",
             "Community Infrastructure Levy Charging Schedule", "Charging Schedule",
             "Norfolk's Domestic Abuse Change Programme", "Norfolk's DA Change Programme",
             # kept apart: another kind word, another subject, a short name that ends two longer ones
             "Housing Strategy", "Housing Policy", "Air Quality Action Plan", "Climate Action Plan", "Action Plan"]
    resolved = resolve_policies(x.Extraction("d", tuple(_policy(n) for n in names)), "Testshire District Council")
    kept = sorted(e.name for e in resolved.entities)
    assert len(kept) == 11, kept
    assert {"Housing Strategy", "Housing Policy", "Air Quality Action Plan", "Climate Action Plan",
            "Action Plan"} <= set(kept)
