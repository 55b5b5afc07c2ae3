"""Records -> triples for a document and its passages. Facts extracted from the text are
added by graph.facts; both land in the document's named graph."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS, XSD

from graph.iris import council_iri, document_iri, mint, passage_iri
from graph.namespaces import CG, NIF, SCHEMA
from nlp.records import Document, Passage

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def doc_type_iri(doc_type: str, base: str) -> URIRef:
    return mint(base, "document-type", doc_type)


def date_literal(value: str) -> Literal:
    """An ISO date as xsd:date, a year as xsd:gYear, anything else as a plain string."""
    if len(value) == 10:
        return Literal(value, datatype=XSD.date)
    if len(value) == 4 and value.isdigit():
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


def document_triples(doc: Document, passages: Sequence[Passage], base: str) -> Iterator[Triple]:
    """The document, its council, its type and its passages, with offsets and pages."""
    d = document_iri(doc.id, base)
    yield d, RDF.type, FOAF.Document
    yield d, RDF.type, SCHEMA.Report
    yield d, RDF.type, NIF.Context
    yield d, RDFS.label, Literal(doc.title or doc.source)
    yield d, DCTERMS.title, Literal(doc.title or doc.source)
    yield d, DCTERMS.identifier, Literal(doc.id)
    yield d, DCTERMS.source, Literal(doc.source)
    yield d, CG.contentHash, Literal(doc.content_hash)
    yield d, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)
    yield d, NIF.endIndex, Literal(len(doc.text), datatype=XSD.nonNegativeInteger)
    kind = doc_type_iri(doc.doc_type, base)
    yield d, DCTERMS.type, kind
    yield kind, RDF.type, SKOS.Concept
    yield kind, SKOS.prefLabel, Literal(doc.doc_type)
    yield kind, RDFS.label, Literal(doc.doc_type)
    if doc.date:
        yield d, DCTERMS.date, date_literal(doc.date)
    if doc.council and doc.council_id:
        council = council_iri(doc.council_id, base)
        yield d, DCTERMS.publisher, council
        yield council, RDF.type, ORG.FormalOrganization
        yield council, RDF.type, FOAF.Organization
        yield council, RDFS.label, Literal(doc.council)
        yield council, FOAF.name, Literal(doc.council)
    for passage in passages:
        p = passage_iri(doc.id, passage.seq, base)
        yield p, RDF.type, CG.Passage
        yield p, RDFS.label, Literal(f"{doc.title or doc.source} — {passage.section or 'passage'} ({passage.seq + 1})")
        yield p, DCTERMS.isPartOf, d
        yield p, NIF.referenceContext, d
        yield p, NIF.beginIndex, Literal(passage.start, datatype=XSD.nonNegativeInteger)
        yield p, NIF.endIndex, Literal(passage.end, datatype=XSD.nonNegativeInteger)
        yield p, CG.page, Literal(passage.page, datatype=XSD.positiveInteger)
        if passage.section:
            yield p, CG.section, Literal(passage.section)

