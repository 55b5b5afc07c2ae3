"""The RDF store: Oxigraph on disk (pyoxigraph; triples built as rdflib terms), one named graph per
document. Queries see the union of the named graphs.

The embedded default serves a council or a region; past one machine the same interface can
sit on a SPARQL 1.1 server (rdflib's SPARQLUpdateStore) — see DESIGN.md."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from graph.namespaces import bind_prefixes

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


class StoreError(Exception):
    """The store could not be opened or written; the message says what to do."""


class GraphStore:
    """An Oxigraph store on disk (or in memory when `path` is None)."""

    def __init__(self, path: Path | None, read_only: bool = False) -> None:
        self.path = path
        try:
            if path is None:
                self.ox = ox.Store()
            elif read_only:
                self.ox = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self.ox = ox.Store(str(path))
        except OSError as error:
            raise StoreError(f"cannot open the graph store at {path}: {error}") from error
        self.read_only = read_only

    def replace_graph(self, graph_iri: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Replace the named graph's content in one transaction; returns the triple count.

        A single SPARQL update runs as one transaction in Oxigraph, so readers see the old
        graph or the new one, never half of each, and a crash leaves the old one."""
        lines = []
        for s, p, o in triples:
            lines.append(f"{s.n3()} {p.n3()} {o.n3()} .")
        body = "\n".join(lines)
        self.ox.update(f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}\n}} }}")
        return len(lines)

    def remove_graph(self, graph_iri: URIRef) -> None:
        self.ox.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def graph_names(self) -> set[str]:
        return {g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode)}

    def graph(self, graph_iri: URIRef) -> Graph:
        """A copy of one named graph as an in-memory rdflib Graph."""
        data = self.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(graph_iri)))
        result = Graph()
        bind_prefixes(result)
        if data:
            result.parse(data=data.decode("utf-8"), format="nt")
        return result

    def count(self, graph_iri: URIRef | None = None) -> int:
        if graph_iri is None:
            query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        else:
            query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
        return int(self.select(query)[1][0]["n"].value)  # type: ignore[attr-defined]

    def query(self, sparql: str):  # type: ignore[no-untyped-def]
        """Evaluate a SPARQL query over the union of the named graphs (pyoxigraph results).

        For SELECT in a server, use select(): these results belong to the calling thread."""
        return self.ox.query(sparql, use_default_graph_as_union=True)

    def select(self, sparql: str, **options: object) -> tuple[list[str], list[dict[str, object]]]:
        """(variables, rows) of a SELECT over the union of the named graphs, read whole here.

        pyoxigraph's result iterator belongs to the thread that made it: one kept alive past its
        call (by a traceback's frame, say) is dropped by whichever thread's garbage collection
        frees it, and that raises there. Read to the end and released in this frame, it never
        outlives the call; rows hold only terms, which any thread may drop."""
        options.setdefault("use_default_graph_as_union", True)
        results = self.ox.query(sparql, **options)
        try:
            columns = [v.value for v in results.variables]
            rows = []
            for solution in results:
                rows.append({column: solution[column] for column in columns})
            return columns, rows
        finally:
            del results

    def dump(self, fmt: str = "nquads") -> bytes:
        """The whole dataset (N-Quads / TriG keep the named graphs)."""
        rdf_format = GRAPH_FORMATS[fmt]
        if rdf_format.supports_datasets:
            return self.ox.dump(format=rdf_format) or b""
        union = self.ox.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return union.serialize(format=rdf_format) or b""

    def flush(self) -> None:
        if not self.read_only:
            self.ox.flush()


def serialize_results(results, fmt: str) -> bytes:  # type: ignore[no-untyped-def]
    """Serialise pyoxigraph query results: SELECT/ASK to json|xml|csv|tsv, graphs to RDF formats."""
    if isinstance(results, ox.QueryTriples):
        if fmt not in GRAPH_FORMATS or GRAPH_FORMATS[fmt].supports_datasets:
            raise ValueError(f"format {fmt!r} is not available for CONSTRUCT/DESCRIBE; use one of turtle, nt, jsonld, xml")
        return results.serialize(format=GRAPH_FORMATS[fmt]) or b""
    if fmt not in RESULT_FORMATS:
        raise ValueError(f"format {fmt!r} is not available for SELECT/ASK; use one of json, xml, csv, tsv")
    return results.serialize(format=RESULT_FORMATS[fmt]) or b""
