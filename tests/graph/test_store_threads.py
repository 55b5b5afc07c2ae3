"""Graph reads from a threaded server: pyoxigraph's SELECT results belong to the thread that made
them, and one freed by another thread's garbage collection raises there (CI once failed on it)."""

from __future__ import annotations

import gc
import sys
import threading

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from graph.store import GraphStore

G = URIRef("https://e.org/id/document/a")


def _store() -> GraphStore:
    store = GraphStore(None)
    store.replace_graph(G, [(URIRef(f"https://e.org/id/x{i}"), DCTERMS.title, Literal(f"T{i}")) for i in range(50)])
    return store


def test_select_rows_are_plain_and_hold_no_result_iterator():
    columns, rows = _store().select("SELECT ?s ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t } ORDER BY ?t")
    assert columns == ["s", "t"] and len(rows) == 50
    assert all(type(row) is dict and isinstance(row["s"], ox.NamedNode) for row in rows)
    assert rows[0]["t"].value == "T0"
    assert not any(isinstance(o, ox.QuerySolutions) for o in gc.get_referrers(*rows))


def test_select_takes_substitutions_and_counts():
    store = _store()
    _, rows = store.select("SELECT ?s ?t WHERE { ?s ?p ?t }", substitutions={ox.Variable("s"): ox.NamedNode("https://e.org/id/x7")})
    assert [row["t"].value for row in rows] == ["T7"]
    assert store.count() == store.count(G) == 50


def test_reads_in_server_threads_leave_nothing_for_another_thread_to_drop():
    """Threads read, fail on a bad query and keep the error (its traceback makes a cycle); the main
    thread's collection then frees all of it without an unraisable error."""
    store = _store()
    kept: list[object] = []
    unraisable: list[str] = []

    def reader() -> None:
        for _ in range(20):
            kept.append(store.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 10")[1])
            try:
                store.select("SELECT ?s WHERE { ?s ?p }")
            except SyntaxError as error:
                cycle = {"error": error}
                cycle["self"] = cycle
                kept.append(cycle)

    previous, sys.unraisablehook = sys.unraisablehook, lambda u: unraisable.append(repr(u.exc_value))
    try:
        threads = [threading.Thread(target=reader) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(kept) == 160
        kept.clear()
        gc.collect()
    finally:
        sys.unraisablehook = previous
    assert unraisable == []
