"""An entity page lists the meetings and actions related to it newest first, not by label."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from graph.iris import mint
from graph.namespaces import CG, SCHEMA
from graph.store import GraphStore
from web.graphdata import GraphData

BASE = "https://councilgraph.org/id/"


def test_a_bodys_meetings_newest_first(tmp_path) -> None:  # noqa: ANN001
    store = GraphStore(tmp_path / "graph")
    body = mint(BASE, "body", "testshire", "cabinet")
    triples = [(body, RDF.type, CG.Body), (body, RDFS.label, Literal("Cabinet"))]
    # labels sort "10 October", "12 December", "9 January", "Special meeting": none by date
    for day, label in (("2018-10-10", "Cabinet, 10 October 2018"), ("2018-12-12", "Cabinet, 12 December 2018"),
                       ("2019-01-09", "Cabinet, 9 January 2019"), (None, "Cabinet, special meeting")):
        meeting = mint(BASE, "meeting", "testshire", "cabinet", day or "special")
        triples += [(meeting, RDF.type, CG.Meeting), (meeting, RDFS.label, Literal(label)),
                    (meeting, SCHEMA.organizer, body)]
        if day:
            triples.append((meeting, SCHEMA.startDate, Literal(day, datatype=XSD.date)))
    store.replace_graph(URIRef(BASE + "document/minutes"), triples)
    entity = GraphData(store, BASE).entity(str(body))
    meetings = [f.value.label for f in entity.facts if f.incoming and f.predicate == str(SCHEMA.organizer)]
    assert meetings == ["Cabinet, 9 January 2019", "Cabinet, 12 December 2018", "Cabinet, 10 October 2018",
                        "Cabinet, special meeting"]
