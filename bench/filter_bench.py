"""Filtered search latency: hybrid search and browsing (empty query) under each filter shape,
first query of a filter (nothing kept) and repeated (the allowed set kept, search.filters).

    .venv/bin/python bench/search_bench.py --sizes 1000000 --store-dir /tmp/cg-1m   # build once
    .venv/bin/python bench/filter_bench.py --store-dir /tmp/cg-1m

The synthetic stores of bench/search_bench.py have one document type and no entities, so the
first run here gives their documents types (report 60%, minutes 25%, agenda 15%, by a fixed seed)
and mentions of three synthetic entities (in 10%, 1% and 0.1% of passages). It does so without
moving the store's generation: neither derived index reads types or entities, so the keyword and
vector files stay current (a store of real documents needs none of this).
Prints a Markdown report; --out appends it to a file.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

from search import filters as filters_mod  # noqa: E402
from search.docstore import DocStore  # noqa: E402
from search.encoder import BACKENDS, DEFAULT_BACKEND, Encoder  # noqa: E402
from search.evaluate import load_questions  # noqa: E402
from search.index import SearchIndex, search  # noqa: E402

ENTITY = "https://councilgraph.org/id/synthetic/entity/{}"
ENTITY_SHARES = {"common": 0.10, "uncommon": 0.01, "rare": 0.001}
TYPES = {"report": 0.60, "minutes": 0.25, "agenda": 0.15}

SHAPES: dict[str, dict[str, str]] = {
    "council (1/5)": {"council": "norwich"},
    "type, minority (minutes)": {"doc_type": "minutes"},
    "type, majority (report)": {"doc_type": "report"},
    "date range (2 of 15 years)": {"date_from": "2015-01-01", "date_to": "2016-12-31"},
    "entity in 10%": {"entity": ENTITY.format("common")},
    "entity in 1%": {"entity": ENTITY.format("uncommon")},
    "entity in 0.1%": {"entity": ENTITY.format("rare")},
    "council + type": {"council": "norwich", "doc_type": "report"},
    "council + date range": {"council": "norwich", "date_from": "2012-01-01", "date_to": "2019-12-31"},
    "council + entity in 10%": {"council": "norwich", "entity": ENTITY.format("common")},
}


def enrich(store: DocStore) -> bool:
    """Give a synthetic store document types and entity mentions (once; see the module notes)."""
    if store.db.execute("SELECT 1 FROM passage_entities LIMIT 1").fetchone():
        return False
    rng = np.random.default_rng(7)
    ids = [row[0] for row in store.db.execute("SELECT id FROM documents ORDER BY id")]
    kinds = rng.choice(list(TYPES), size=len(ids), p=list(TYPES.values()))
    rowids = np.fromiter((r[0] for r in store.db.execute("SELECT rowid FROM passages")), dtype=np.int64)
    with store.transaction():
        store.db.executemany("UPDATE documents SET doc_type = ? WHERE id = ?", list(zip(kinds.tolist(), ids)))
        for name, share in ENTITY_SHARES.items():
            chosen = rng.choice(rowids, size=max(1, int(share * len(rowids))), replace=False)
            store.db.executemany(
                "INSERT INTO passage_entities (passage_rowid, iri, label, type) VALUES (?, ?, ?, 'Organisation')",
                [(int(r), ENTITY.format(name), f"Synthetic Body {name.title()}") for r in chosen],
            )
    return True


def percentiles(seconds: list[float]) -> str:
    ms = np.array(seconds) * 1000
    return f"{np.percentile(ms, 50):.1f} / {np.percentile(ms, 95):.1f}"


def clear() -> None:
    getattr(filters_mod, "clear_cache", lambda: None)()  # absent before the cache: nothing kept


def timed(run, items: list, forget: bool = False) -> list[float]:  # noqa: ANN001
    times = []
    for item in items:
        if forget:
            clear()
        clock = time.perf_counter()
        run(item)
        times.append(time.perf_counter() - clock)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store-dir", type=Path, required=True, help="a store built by bench/search_bench.py")
    parser.add_argument("--backend", choices=list(BACKENDS), default=DEFAULT_BACKEND)
    parser.add_argument("--cold", type=int, default=20, help="first-query samples per filter (nothing kept)")
    parser.add_argument("--browse", type=int, default=10, help="browse samples per filter")
    parser.add_argument("--out", type=Path, default=None, help="append the Markdown report to this file")
    args = parser.parse_args()

    store = DocStore(args.store_dir / "councilgraph.sqlite")
    enriched = enrich(store)
    count = store.counts()["passages"]
    clock = time.perf_counter()
    SearchIndex(store).refresh()
    filters_mod.document_passages(store)  # built by refresh() now; by the first filter before
    loaded = time.perf_counter() - clock
    encoder = Encoder(backend=args.backend)
    questions = [q.question for q in load_questions()]
    encoder.encode_query("warm up")

    lines = [f"# Filtered search — `{' '.join(sys.argv)}`\n",
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {count:,} passages, code at {ROOT}, "
             f"{os.cpu_count()} CPUs, load average at start {os.getloadavg()[0]:.1f}"
             f"{', store enriched now' if enriched else ''}; indexes loaded in {loaded:.1f} s\n",
             "p50 / p95 ms, k=10, hybrid over the 99 labelled questions (query embedding included); "
             f"first query = the filter's kept set forgotten before each ({args.cold} questions); "
             "repeated = the 99 questions x2 with the set kept; browse = empty query, k=10.\n",
             "| filter | allowed passages | hybrid, first query | hybrid, repeated | browse |",
             "|---|---:|---:|---:|---:|"]

    def hybrid(shape: dict[str, str]):  # noqa: ANN202
        return lambda q: search(store, q, k=10, encoder=encoder, **shape)

    unfiltered = timed(hybrid({}), questions * 2)
    browse = timed(lambda _: search(store, "", k=10), range(args.browse))
    lines.append(f"| none | {count:,} | – | {percentiles(unfiltered)} | {percentiles(browse)} |")
    print("\n".join(lines), flush=True)
    for name, shape in SHAPES.items():
        allowed = filters_mod.allowed_passages(store, filters_mod.Filters(**shape))
        size = count if allowed is None else len(allowed)
        cold = timed(hybrid(shape), questions[: args.cold], forget=True)
        clear()
        warm = timed(hybrid(shape), questions * 2)
        browse = timed(lambda _, s=shape: search(store, "", k=10, **s), range(args.browse))
        lines.append(f"| {name} | {size:,} | {percentiles(cold)} | {percentiles(warm)} | {percentiles(browse)} |")
        print(lines[-1], flush=True)
    lines.append(f"\n_(load average at the end: {os.getloadavg()[0]:.1f})_\n")
    print(lines[-1], flush=True)
    if args.out:
        with args.out.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n\n")
    store.close()


if __name__ == "__main__":
    main()
