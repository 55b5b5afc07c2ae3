"""Stable IRIs. Pure functions: the same thing always gets the same IRI, so a re-ingest
or a second document naming it links to the same node."""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

from graph.namespaces import DEFAULT_BASE_IRI


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens ("King's Lynn & West Norfolk" -> "kings-lynn-west-norfolk")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "unnamed"


def mint(base: str, kind: str, *parts: str) -> URIRef:
    """An IRI `<base><kind>/<slug>/<slug>...`; empty parts are skipped."""
    base = base or DEFAULT_BASE_IRI
    if not base.endswith("/"):
        base += "/"
    path = "/".join(slug(p) for p in parts if p)
    return URIRef(f"{base}{slug(kind)}/{path}" if path else f"{base}{slug(kind)}")


def document_iri(document_id: str, base: str = DEFAULT_BASE_IRI) -> URIRef:
    """The document, which is also the name of the named graph holding its facts."""
    return mint(base, "document", document_id)


def passage_iri(document_id: str, seq: int, base: str = DEFAULT_BASE_IRI) -> URIRef:
    return URIRef(f"{document_iri(document_id, base)}/passage/{seq}")


def council_iri(council_id: str, base: str = DEFAULT_BASE_IRI) -> URIRef:
    return mint(base, "council", council_id)
