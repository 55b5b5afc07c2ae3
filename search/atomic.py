"""Writing a file so that readers — other threads and processes too — see the old content or the
new, never a torn one: a temporary file beside it, fsynced, renamed over it, the folder fsynced.
Every derived file (indexes, the exported model, copies of ingested files) is written this way."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path, data: bytes | bytearray | memoryview | Iterable[bytes]) -> None:
    """Write `data` (bytes, or an iterable of byte chunks) to `path` atomically and durably."""
    chunks = [data] if isinstance(data, (bytes, bytearray, memoryview)) else data
    with atomic_file(path) as out:
        for chunk in chunks:
            out.write(chunk)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write that replaces `path` when the block ends without error (fsynced,
    renamed, folder fsynced); on an error `path` is left as it was and the temporary file removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
