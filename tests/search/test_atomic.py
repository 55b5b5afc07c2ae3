from __future__ import annotations

import pytest

from search.atomic import write_atomic


def test_writes_bytes_and_chunks_and_replaces_the_old_file(tmp_path):
    path = tmp_path / "deep" / "index.bin"
    write_atomic(path, b"first")
    assert path.read_bytes() == b"first"
    write_atomic(path, [b"sec", b"ond", memoryview(b"!")])
    assert path.read_bytes() == b"second!"
    assert [p.name for p in path.parent.iterdir()] == ["index.bin"]


def test_a_write_that_fails_half_way_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "index.bin"
    write_atomic(path, b"old and whole")

    def chunks():
        yield b"new but "
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, chunks())
    assert path.read_bytes() == b"old and whole"
    assert [p.name for p in tmp_path.iterdir()] == ["index.bin"]
