"""A small synthetic data directory (two documents, a few facts) and apps over it.

Built with the real stores (graph.store, search.docstore) so the web code reads exactly what
ingest writes; the facts use the vocabularies of DESIGN.md. The documents are invented: the
web layer is tested here, not extraction."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, ORG, QB, RDF, RDFS, SKOS, XSD

from graph.build import document_triples
from graph.iris import document_iri, mint
from graph.namespaces import CG, ITSRDF, NIF, SCHEMA
from graph.store import GraphStore
from nlp.records import Document, Passage
from search.docstore import DocStore, EntityRef
from web.datadir import DataDir
from web.settings import Settings

BASE = "https://councilgraph.org/id/"

MINUTES = (
    "Cabinet minutes\n\n"
    "Present: Councillor Jane Smith (Chair), Councillor Omar Patel.\n\n"
    "Recycling performance\n\n"
    "The household waste recycling rate was 41% against a target of 50% in 2024/25 Q1. "
    "Councillor Jane Smith asked the Head of Environment to report back on missed recycling targets.\n\n"
    "Housing\n\n"
    "Homelessness prevention cases rose; the Housing Strategy 2023-2027 was noted.\n"
)
OWNER_SENTENCE = "Household waste recycled: 2023/24 Q4 44%, 2024/25 Q1 41%. Target 50%. Status: Red."
REPORT = (
    "Performance report\n\n"
    "Recycling\n\n"
    "Household waste recycled: 2023/24 Q4 44%, 2024/25 Q1 41%. Target 50%. Status: Red.\n\n"
    "Planning\n\n"
    "Major planning applications determined in time: 92% against a target of 60%.\n"
)

PERSON = mint(BASE, "person", "example", "jane-smith")
OTHER_PERSON = mint(BASE, "person", "example", "omar-patel")
INDICATOR = mint(BASE, "indicator", "example", "recycling-rate")
COUNCIL = mint(BASE, "council", "example")
MEETING = mint(BASE, "meeting", "example", "cabinet", "2024-07-01")
BODY = mint(BASE, "body", "example", "cabinet")
MEMBERSHIP = mint(BASE, "membership", "example", "chair-1")
ACTION = mint(BASE, "action", "example", "report-back-on-recycling-targets")


def _passages(doc_id: str, text: str) -> list[Passage]:
    """One passage per blank-line-separated paragraph after a heading."""
    passages, seq, cursor, section = [], 0, 0, ""
    for chunk in text.split("\n\n"):
        start = text.index(chunk, cursor)
        cursor = start + len(chunk)
        if "\n" not in chunk.strip() and len(chunk) < 40:
            section = chunk.strip()
            continue
        passages.append(Passage(f"{doc_id}#{seq}", doc_id, seq, chunk, start, start + len(chunk), 1, section))
        seq += 1
    return passages


def _mention(doc_iri: URIRef, text: str, surface: str, entity: URIRef, n: int):  # noqa: ANN202
    start = text.index(surface)
    m = URIRef(f"{doc_iri}#char={start},{start + len(surface)}")
    yield m, RDF.type, NIF.Phrase
    yield m, NIF.referenceContext, doc_iri
    yield m, NIF.beginIndex, Literal(start, datatype=XSD.nonNegativeInteger)
    yield m, NIF.endIndex, Literal(start + len(surface), datatype=XSD.nonNegativeInteger)
    yield m, NIF.anchorOf, Literal(surface)
    yield m, ITSRDF.taIdentRef, entity


def build_data_dir(root: Path, extra_triples: int = 0) -> Path:
    """Write the synthetic corpus into `root` (a data directory) and return it."""
    data_dir = DataDir(root)
    docs = [
        Document("example-2024-07-01-cabinet-minutes", "example-2024-07-01-cabinet-minutes.txt", MINUTES,
                 "h1", "Cabinet minutes 1 July 2024", "minutes", "Example Borough Council", "example",
                 "2024-07-01"),
        Document("example-2024-11-05-performance-report", "example-2024-11-05-performance-report.txt", REPORT,
                 "h2", "Q1 performance report", "performance report", "Example Borough Council", "example",
                 "2024-11-05"),
    ]
    graph = GraphStore(data_dir.graph)
    docstore = DocStore(data_dir.sqlite)
    person_ref = EntityRef(str(PERSON), "Jane Smith", "councillor")
    indicator_ref = EntityRef(str(INDICATOR), "Household waste recycled", "indicator")
    for doc in docs:
        passages = _passages(doc.id, doc.text)
        d = document_iri(doc.id, BASE)
        triples = list(document_triples(doc, passages, BASE))
        entities = [[ref for ref, word in ((person_ref, "Jane Smith"), (indicator_ref, "ecycl")) if word in p.text]
                    for p in passages]
        if doc.doc_type == "minutes":
            triples += [
                (PERSON, RDF.type, FOAF.Person), (PERSON, RDF.type, CG.Councillor),
                (PERSON, RDFS.label, Literal("Jane Smith")), (PERSON, FOAF.name, Literal("Jane Smith")),
                (OTHER_PERSON, RDF.type, FOAF.Person), (OTHER_PERSON, RDFS.label, Literal("Omar Patel")),
                (PERSON, ORG.memberOf, COUNCIL),
            ]
            triples += [
                (MEETING, RDF.type, CG.Meeting), (MEETING, RDF.type, SCHEMA.Event),
                (MEETING, RDFS.label, Literal("Cabinet, 1 July 2024")),
                (MEETING, SCHEMA.startDate, Literal("2024-07-01", datatype=XSD.date)),
                (MEETING, SCHEMA.attendee, PERSON), (MEETING, SCHEMA.attendee, OTHER_PERSON),
                (MEETING, SCHEMA.organizer, BODY),
                (BODY, RDF.type, CG.Body), (BODY, RDFS.label, Literal("Cabinet")),
                (MEMBERSHIP, RDF.type, ORG.Membership), (MEMBERSHIP, ORG.organization, BODY),
                (MEMBERSHIP, ORG.member, PERSON), (MEMBERSHIP, ORG.role, CG["role-chair"]),
                (CG["role-chair"], SKOS.prefLabel, Literal("chair")),
                (ACTION, RDF.type, CG.Action), (ACTION, RDFS.label, Literal("Report back on recycling targets")),
                (ACTION, CG.owner, PERSON), (ACTION, CG.status, Literal("Amber")),
                (ACTION, CG.dueDate, Literal("2024-09-30", datatype=XSD.date)),
                (OTHER_PERSON, FOAF.name, Literal("Omar Patel")),
            ]
            triples += list(_mention(d, doc.text, "Jane Smith", PERSON, 0))
            triples += list(_mention(d, doc.text, "Omar Patel", OTHER_PERSON, 1))
        else:
            triples += [
                (INDICATOR, RDF.type, CG.Indicator), (INDICATOR, RDFS.label, Literal("Household waste recycled")),
                (INDICATOR, CG.owner, PERSON),
            ]
            for period, start, value in (("2023/24 Q4", "2024-01-01", 44.0), ("2024/25 Q1", "2024-04-01", 41.0)):
                obs = mint(BASE, "observation", "example", "recycling-rate", period)
                triples += [
                    (obs, RDF.type, QB.Observation), (obs, CG.indicator, INDICATOR),
                    (obs, CG.period, Literal(period)), (obs, CG.periodStart, Literal(start, datatype=XSD.date)),
                    (obs, CG.value, Literal(value)), (obs, CG.valueText, Literal(f"{value:g}%")),
                    (obs, CG.target, Literal("50%")), (obs, CG.status, Literal("Red")),
                    (obs, CG.onTarget, Literal(False)),
                ]
            # the owner relation, reified with the span of the sentence it was read from
            sentence = "Household waste recycled: 2023/24 Q4 44%, 2024/25 Q1 41%. Target 50%. Status: Red."
            begin = doc.text.index(sentence)
            statement, span = URIRef(f"{d}#fact-owner"), URIRef(f"{d}#char={begin},{begin + len(sentence)}")
            triples += [
                (statement, RDF.type, RDF.Statement), (statement, RDF.subject, INDICATOR),
                (statement, RDF.predicate, CG.owner), (statement, RDF.object, PERSON),
                (statement, CG.evidence, span), (span, RDF.type, NIF.String),
                (span, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)),
                (span, NIF.endIndex, Literal(begin + len(sentence), datatype=XSD.nonNegativeInteger)),
                (span, NIF.referenceContext, d),
            ]
            triples += list(_mention(d, doc.text, "Household waste recycled", INDICATOR, 0))
        for i in range(extra_triples if doc.doc_type == "minutes" else 0):
            triples.append((URIRef(f"{BASE}thing/{i}"), RDF.value, Literal(i)))
        with docstore.transaction():
            docstore.put_document(doc, passages, None, entities)
            graph.replace_graph(d, triples)
        (data_dir.files).mkdir(parents=True, exist_ok=True)
        (data_dir.files / doc.source).write_text(doc.text, encoding="utf-8")
    graph.flush()
    docstore.close()
    del graph
    return root


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    # 400 extra triples give the slow-query test something to join
    return build_data_dir(tmp_path_factory.mktemp("web-data"), extra_triples=400)


@pytest.fixture(scope="module")
def settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, sparql_timeout=3.0, sparql_row_limit=50, sparql_max_concurrent=2)


@pytest.fixture(scope="module")
def app(settings: Settings):  # noqa: ANN201
    from web import create_app

    app = create_app(settings, search_mode="keyword")
    app.config["TESTING"] = True
    yield app
    app.extensions["councilgraph"].close()


@pytest.fixture()
def client(app):  # noqa: ANN001, ANN201
    return app.test_client()
