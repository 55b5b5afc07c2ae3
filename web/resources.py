"""The heavy things the app holds: opened once in create_app, kept in app.extensions.

The graph store is opened read-only; the SQLite store once per thread (waitress serves from a
thread pool); the SPARQL worker pool at start; the sentence encoder only when a search first
needs it."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from graph.store import GraphStore
from search.docstore import DocStore
from web.datadir import DataDir
from web.settings import Settings
from web.sparql_worker import WorkerPool

EXTENSION = "councilgraph"
DEFAULT_SPARQL_MEMORY_MB = 2048  # address space of one SPARQL worker (the store's mapping needs ~0.5 GB)


@dataclass
class Resources:
    settings: Settings
    data_dir: DataDir
    graph: GraphStore
    pool: WorkerPool
    search_mode: str = "hybrid"
    _local: threading.local = field(default_factory=threading.local)
    _encoder: object | None = None
    _encoder_lock: threading.Lock = field(default_factory=threading.Lock)
    _graph_names: tuple[float, frozenset[str]] | None = None
    _docstores: list[DocStore] = field(default_factory=list)

    @classmethod
    def open(cls, settings: Settings, sparql_workers: int = 2) -> Resources:
        data_dir = DataDir(Path(settings.data_dir))
        graph_path = data_dir.graph if data_dir.graph.exists() else None
        graph = GraphStore(graph_path, read_only=graph_path is not None)
        memory_mb = int(getattr(settings, "sparql_memory_mb", DEFAULT_SPARQL_MEMORY_MB))
        pool = WorkerPool(str(graph_path) if graph_path else None, size=sparql_workers, memory_mb=memory_mb)
        return cls(settings=settings, data_dir=data_dir, graph=graph, pool=pool)

    @property
    def docstore(self) -> DocStore | None:
        """This thread's read-only connection to the SQLite store (None before any ingest)."""
        store = getattr(self._local, "docstore", None)
        if store is None and self.data_dir.sqlite.exists():
            store = DocStore(self.data_dir.sqlite, read_only=True)
            self._local.docstore = store
            with self._encoder_lock:
                self._docstores.append(store)
        return store

    @property
    def encoder(self):  # type: ignore[no-untyped-def]
        if self._encoder is None:
            store = self.docstore  # outside the lock: opening a store takes it too
            with self._encoder_lock:
                if self._encoder is None:
                    from web.models import make_encoder

                    # the configured backend, or the one whose vectors the store holds
                    self._encoder = make_encoder(self.settings, store)
        return self._encoder

    def warm_up(self) -> threading.Thread:
        """Load the embedding model in a background thread (searches wait for it if they come first)."""

        def load() -> None:
            try:
                self.encoder.model  # noqa: B018 - the property loads the model
            except Exception:  # a broken model shows up, with its message, on the first search
                pass

        thread = threading.Thread(target=load, name="councilgraph-warm-up", daemon=True)
        thread.start()
        return thread

    def graph_names(self) -> frozenset[str]:
        """The store's named graphs (cached a minute: FROM clauses are checked against them)."""
        now = time.monotonic()
        if self._graph_names is None or now - self._graph_names[0] > 60:
            self._graph_names = (now, frozenset(self.graph.graph_names()))
        return self._graph_names[1]

    def close(self) -> None:
        """Stop the SPARQL workers and close every thread's SQLite connection."""
        self.pool.close()
        for store in self._docstores:
            store.close()
        self._docstores.clear()


def resources() -> Resources:
    return current_app.extensions[EXTENSION]
