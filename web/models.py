"""The heavy parts ingest and search need, built from settings: the sentence encoder and the
fact extractor (spaCy pipeline + graph facts). Both load their models lazily, once."""

from __future__ import annotations

from collections.abc import Sequence

from nlp.records import Document, Passage
from search.docstore import DocStore, EntityRef
from search.encoder import Encoder
from web.settings import Settings


def make_encoder(settings: Settings, docstore: DocStore | None = None) -> Encoder:
    """The configured encoder. Given the store a search reads, one whose vectors are of the kind
    stored there, so queries match the passages even before the next ingest re-embeds them
    after a change of backend (torch and onnx make the same vectors; onnx-int8 others)."""
    encoder = Encoder(settings.embedding_model, backend=settings.embedding_backend)
    if docstore is None:
        return encoder
    stored = docstore.vector_space()
    if stored is None or stored == encoder.vector_space:
        return encoder
    for backend in ("onnx", "onnx-int8"):
        candidate = Encoder(settings.embedding_model, backend=backend)
        if candidate.vector_space == stored:
            return candidate
    return encoder  # another model: the store must be re-ingested (ingest re-embeds it)


class FactExtractor:
    """Document -> (fact triples, entities mentioned by each passage)."""

    def __init__(self, spacy_model: str, base_iri: str) -> None:
        self.spacy_model = spacy_model
        self.base_iri = base_iri
        self._nlp = None

    @property
    def nlp(self):  # type: ignore[no-untyped-def]
        if self._nlp is None:
            from nlp.pipeline import build_pipeline

            self._nlp = build_pipeline(self.spacy_model)
        return self._nlp

    def __call__(self, doc: Document, passages: Sequence[Passage]) -> tuple[list, list[list[EntityRef]]]:
        from graph.facts import fact_triples, mention_refs
        from nlp.extract import extract
        from web.ingest import passage_entities

        extraction = extract(doc, self.nlp)
        triples = list(fact_triples(doc, extraction, self.base_iri))
        return triples, passage_entities(passages, mention_refs(extraction, self.base_iri))


def make_extractor(settings: Settings) -> FactExtractor:
    return FactExtractor(settings.spacy_model, settings.base_iri)
