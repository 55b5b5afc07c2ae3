from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from graph.iris import document_iri, mint, passage_iri, slug


def test_slug_examples():
    assert slug("Borough Council of King's Lynn & West Norfolk") == "borough-council-of-kings-lynn-west-norfolk"
    assert slug("  Castle Point  ") == "castle-point"
    assert slug("!!!") == "unnamed"


@given(st.text())
def test_slug_is_stable_and_safe(text):
    once = slug(text)
    assert once == slug(text)
    assert slug(once) == once
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in once)


def test_mint_is_pure_and_under_base():
    a = mint("https://example.org/id/", "person", "castle-point", "Mrs Thornton")
    assert a == mint("https://example.org/id/", "person", "castle-point", "Mrs Thornton")
    assert str(a) == "https://example.org/id/person/castle-point/mrs-thornton"
    assert str(mint("https://example.org/id", "council", "x")).startswith("https://example.org/id/council/")


def test_document_and_passage_iris():
    doc = document_iri("norwich-agenda", "https://e.org/id/")
    assert str(doc) == "https://e.org/id/document/norwich-agenda"
    assert str(passage_iri("norwich-agenda", 3, "https://e.org/id/")) == str(doc) + "/passage/3"
