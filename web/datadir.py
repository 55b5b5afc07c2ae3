"""The data directory: where each store lives, and the lock that keeps one writer at a time."""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator



class DataDirBusy(Exception):
    """Another process holds the data directory."""


@dataclass(frozen=True, slots=True)
class DataDir:
    root: Path

    @property
    def sqlite(self) -> Path:
        return self.root / "councilgraph.sqlite"

    @property
    def graph(self) -> Path:
        return self.root / "graph"

    @property
    def dense(self) -> Path:
        return self.root / "dense.faiss"

    @property
    def files(self) -> Path:
        return self.root / "files"

    def exists(self) -> bool:
        return self.sqlite.exists() and self.graph.exists()

    @contextmanager
    def lock(self, exclusive: bool) -> Iterator[None]:
        """Ingest takes the lock exclusively; a server takes it shared, so the two never overlap
        (Oxigraph's read-only opening is undefined while another process writes)."""
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / ".lock", "a+")
        try:
            try:
                fcntl.flock(handle, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
            except BlockingIOError:
                what = "a server or another ingest" if exclusive else "an ingest"
                raise DataDirBusy(
                    f"the data directory {self.root} is in use by {what}; wait for it to finish or stop it"
                ) from None
            yield
        finally:
            handle.close()
