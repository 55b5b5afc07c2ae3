"""SPARQL evaluation in worker processes that can be killed.

Neither rdflib nor pyoxigraph stops a running query from Python, so every query from the
public endpoint runs in a small pool of worker processes, each holding the Oxigraph
store open read-only. A query that outlives the timeout has its process killed (the evaluation
really stops, its memory is returned) and a fresh process takes its place, while the server
and the other workers keep answering.

This module is imported by the workers: it imports pyoxigraph and the standard library only.
"""

from __future__ import annotations

import csv
import io
import json
import os
import queue
import subprocess
import sys
import threading
import time
import weakref
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
RESULT_FORMATS = ("json", "xml", "csv", "tsv")
STARTUP_SECONDS = 60.0  # a fresh worker opening the store, on a busy machine


class QueryTimeout(Exception):
    """The query ran past the timeout; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free within the timeout."""


class QueryFailed(Exception):
    """The engine refused or failed the query; `syntax` says whether it was the query's fault."""

    def __init__(self, message: str, syntax: bool = False) -> None:
        super().__init__(message)
        self.syntax = syntax


@dataclass(frozen=True, slots=True)
class QueryOutput:
    body: bytes
    form: str  # "solutions" | "boolean" | "graph"
    truncated: bool
    rows: int


# -- serialisation of (possibly cut) SELECT results ---------------------------------------


def _json_term(term):  # type: ignore[no-untyped-def]
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {
            "subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
            "object": _json_term(term.object)}}
    return {"type": "literal", "value": str(term)}


def _xml_term(term) -> str:  # type: ignore[no-untyped-def]
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>"
                f"{_xml_term(term.predicate)}</predicate><object>{_xml_term(term.object)}</object></triple>")
    return f"<literal>{escape(str(term))}</literal>"


def _csv_term(term) -> str:  # type: ignore[no-untyped-def]
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def serialize_solutions(variables: list[str], rows: list[list], fmt: str, truncated: bool, limit: int) -> bytes:  # type: ignore[type-arg]
    """SPARQL 1.1 results (JSON, XML, CSV, TSV) for a list of rows of pyoxigraph terms."""
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        # An extra top-level key (allowed: clients ignore members they do not know).
        document["councilgraph"] = {"truncated": truncated, "rowLimit": limit}
        return json.dumps(document, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                    for v, t in zip(variables, row) if t is not None]
            out.append("</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_term(t) for t in row])
        return buffer.getvalue().encode("utf-8")
    if fmt == "tsv":
        # Terms in their Turtle / N-Triples form, which escapes tabs and newlines in literals.
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {fmt!r}")


def evaluate(store: ox.Store, query: str, result_format: str, graph_format: str, limit: int,
             default_graphs: tuple[str, ...] = (), named_graphs: tuple[str, ...] = ()) -> QueryOutput:
    """Run one query and serialise at most `limit` rows (or triples).

    The default graph is the union of the named graphs unless the request names graphs
    (default-graph-uri / named-graph-uri; FROM / FROM NAMED in the query win over both)."""
    options: dict = {}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        results = store.query(query, **options)
    except SyntaxError as error:
        raise QueryFailed(str(error), syntax=True) from None
    if isinstance(results, ox.QueryBoolean):
        fmt = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}[result_format]
        return QueryOutput(results.serialize(format=fmt) or b"", "boolean", False, 1)
    if isinstance(results, ox.QueryTriples):
        triples = []
        truncated = False
        for triple in results:
            if len(triples) >= limit:
                truncated = True
                break
            triples.append(triple)
        body = ox.serialize(triples, format=GRAPH_FORMATS[graph_format]) or b""
        return QueryOutput(body, "graph", truncated, len(triples))
    variables = [v.value for v in results.variables]
    rows = []
    truncated = False
    for solution in results:
        if len(rows) >= limit:
            truncated = True
            break
        rows.append([solution[v] for v in variables])
    return QueryOutput(serialize_solutions(variables, rows, result_format, truncated, limit),
                       "solutions", truncated, len(rows))


def worker_main(inbox, outbox, store_path: str | None) -> None:  # type: ignore[no-untyped-def]
    """Loop of one worker process: receive (query, formats, limit, graphs), send the outcome."""
    store = ox.Store.read_only(store_path) if store_path else ox.Store()
    outbox.send("ready")
    while True:
        try:
            message = inbox.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        try:
            output = evaluate(store, *message)
            # plain values over the pipe: the parent knows this module by another name
            outbox.send(("ok", (output.body, output.form, output.truncated, output.rows)))
        except QueryFailed as error:
            outbox.send(("syntax" if error.syntax else "error", str(error)))
        except Exception as error:  # the engine's own errors (e.g. a type error at run time)
            outbox.send(("error", f"{type(error).__name__}: {error}"))


# -- the pool, in the server process -------------------------------------------------------


class _Worker:
    """One evaluation process, started with `python -c` and talked to over two pipes.

    Not multiprocessing's spawn: that re-imports the parent's __main__, which breaks any
    script that builds the app at module level."""

    def __init__(self, store_path: str | None, memory_mb: int = 0) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        # Load this file alone (pyoxigraph and the standard library), not the web package.
        code = ("import importlib.util as u, sys; s = u.spec_from_file_location('councilgraph_sparql_worker', "
                f"{str(Path(__file__).resolve())!r}); m = u.module_from_spec(s); sys.modules[s.name] = m; "
                "s.loader.exec_module(m); m.child_main()")
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code, str(to_child_r), str(from_child_w), store_path or "", str(memory_mb)],
                pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL, close_fds=True,
            )
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self.outbox = Connection(to_child_w, readable=False)
        self.inbox = Connection(from_child_r, writable=False)
        self.ready = False

    def wait_ready(self, timeout: float) -> bool:
        """Wait for the worker's first message (its store is open); not part of any query's time."""
        if not self.ready and self.inbox.poll(timeout):
            self.ready = self.inbox.recv() == "ready"
        return self.ready

    def send(self, message: object) -> None:
        self.outbox.send(message)

    def stop(self) -> None:
        try:
            self.outbox.send(None)
        except (OSError, ValueError):
            pass
        try:
            self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            self.kill()
        self.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=5)

    def close(self) -> None:
        for conn in (self.outbox, self.inbox):
            try:
                conn.close()
            except OSError:
                pass


def child_main() -> None:
    """Entry point of a worker process: argv is (read fd, write fd, store path or '', memory MB)."""
    read_fd, write_fd, store_path, memory_mb = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    if memory_mb > 0:
        # A query that would eat the machine's memory kills only this process (the pool replaces it).
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    inbox = Connection(read_fd, writable=False)
    outbox = Connection(write_fd, readable=False)
    worker_main(inbox, outbox, store_path or None)


class WorkerPool:
    """`size` worker processes over the store at `store_path` (None: an empty store)."""

    def __init__(self, store_path: str | None, size: int = 2, memory_mb: int = 0) -> None:
        self.store_path = store_path
        self.memory_mb = memory_mb
        self.size = max(1, size)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.kills = 0
        for _ in range(self.size):
            self._add()
        weakref.finalize(self, WorkerPool._shutdown, self._all)

    def _add(self) -> None:
        worker = _Worker(self.store_path, self.memory_mb)
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def run(self, query: str, result_format: str, graph_format: str, limit: int, timeout: float,
            default_graphs: tuple[str, ...] = (), named_graphs: tuple[str, ...] = ()) -> QueryOutput:
        """Evaluate in a worker; raise QueryTimeout (worker killed and replaced), PoolBusy or
        QueryFailed."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise PoolBusy("every query worker is busy; try again in a moment") from None
        try:
            if not worker.wait_ready(STARTUP_SECONDS):
                raise EOFError("the worker did not start")
            deadline = time.monotonic() + timeout
            worker.send((query, result_format, graph_format, limit, default_graphs, named_graphs))
            if worker.inbox.poll(max(0.0, deadline - time.monotonic())):
                status, payload = worker.inbox.recv()
            else:
                self._replace(worker)
                worker = None
                raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            worker = None
            raise QueryFailed("the query needed more memory than a query may use and was stopped; "
                              "narrow it (LIMIT, more specific patterns)") from None
        finally:
            if worker is not None:
                self._idle.put(worker)
        if status == "ok":
            return QueryOutput(*payload)
        raise QueryFailed(payload, syntax=status == "syntax")

    def _replace(self, worker: _Worker | None) -> None:
        if worker is not None:
            worker.kill()
            worker.close()
            with self._lock:
                self._all.discard(worker)
            self.kills += 1
        if not self._closed:
            self._add()

    def close(self) -> None:
        self._closed = True
        WorkerPool._shutdown(self._all)

    @staticmethod
    def _shutdown(workers: set[_Worker]) -> None:
        for worker in list(workers):
            worker.stop()
        workers.clear()
