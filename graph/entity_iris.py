"""IRIs of extracted entities, mentions and evidence spans. Pure functions.

An entity's key (nlp.extraction.make_key) is already a path of slugs — "<kind>/<council>/
<name>[/...]" — so its IRI is simply the base followed by the key: the same thing from two
documents, or ingested twice, gets the same IRI.
"""

from __future__ import annotations

import hashlib

from rdflib import URIRef

from graph.iris import document_iri, slug
from graph.namespaces import DEFAULT_BASE_IRI


def entity_iri(key: str, base: str = DEFAULT_BASE_IRI) -> URIRef:
    base = base or DEFAULT_BASE_IRI
    if not base.endswith("/"):
        base += "/"
    return URIRef(base + "/".join(slug(part) for part in key.split("/") if part))


def span_iri(document_id: str, start: int, end: int, base: str = DEFAULT_BASE_IRI) -> URIRef:
    """A character span of a document, NIF style ("...#char=10,25")."""
    return URIRef(f"{document_iri(document_id, base)}#char={start},{end}")


def statement_iri(document_id: str, subject: str, predicate: str, obj: str, base: str = DEFAULT_BASE_IRI) -> URIRef:
    """The reified statement recording where a relation was read (stable for the same triple)."""
    digest = hashlib.sha1(f"{subject}\x00{predicate}\x00{obj}".encode()).hexdigest()[:16]
    return URIRef(f"{document_iri(document_id, base)}#fact-{digest}")


def membership_iri(person_key: str, role: str, organisation_key: str, base: str = DEFAULT_BASE_IRI) -> URIRef:
    digest = hashlib.sha1(f"{person_key}\x00{role}\x00{organisation_key}".encode()).hexdigest()[:12]
    return entity_iri(f"membership/{organisation_key.split('/')[1] if '/' in organisation_key else 'unknown'}/{role}-{digest}", base)
