"""`extract(doc, nlp)`: every extractor over one document, merged and resolved.

Order matters: organisations and people first, so meetings, policies and the table readers
(indicators, actions) can link to them through `ctx.found` / `ctx.lookup_person`.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from datetime import date

from nlp.extraction import Context, Extraction, merge
from nlp.records import Document
from nlp.resolve import resolve_bodies, resolve_organisations, resolve_people, resolve_policies

log = logging.getLogger(__name__)

Extractor = Callable[[Document, Context], Extraction]

# (module, function); a module that is not there yet is skipped, so either helper can land first.
EXTRACTORS: tuple[tuple[str, str], ...] = (
    ("nlp.extract.organisations", "extract_organisations"),
    ("nlp.extract.people", "extract_people"),
    ("nlp.extract.meetings", "extract_meetings"),
    ("nlp.extract.policies", "extract_policies"),
    ("nlp.extract.indicators", "extract_indicators"),
    ("nlp.extract.actions", "extract_actions"),
)


def extractors() -> list[tuple[str, Extractor]]:
    found = []
    for module_name, function in EXTRACTORS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            # A module not there yet (or one whose own helper module is not there yet) is
            # skipped with a warning, so each extraction helper can land independently.
            if not (error.name or "").startswith("nlp.extract"):
                raise
            log.warning("extractor %s skipped: %s", module_name, error)
            continue
        found.append((module_name.rsplit(".", 1)[1], getattr(module, function)))
    return found


def context(doc: Document, nlp) -> Context:  # type: ignore[no-untyped-def]
    from nlp.pipeline import run

    document_date = None
    if doc.date:
        try:
            document_date = date.fromisoformat(doc.date[:10])
        except ValueError:
            document_date = None
    spacy_doc = run(nlp, doc.text) if nlp is not None else None
    return Context(spacy_doc=spacy_doc, nlp=nlp, text=doc.text,
                   council_id=doc.council_id or "unknown", document_date=document_date)


def extract(doc: Document, nlp) -> Extraction:  # type: ignore[no-untyped-def]
    """Entities, mentions and relations of one document; `nlp` from nlp.pipeline.build_pipeline
    (None runs the rules alone, without statistical NER or the EntityRuler)."""
    ctx = context(doc, nlp)
    for _name, function in extractors():
        ctx.found.append(function(doc, ctx))
    merged = merge(doc.id, *ctx.found)
    return resolve_policies(resolve_bodies(resolve_organisations(resolve_people(merged, ctx.council_id))), doc.council)
