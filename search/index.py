"""search(): hybrid passage retrieval with filters and entity awareness, for the web and CLI.

Keyword hits come from BM25 (search.lexical: FTS5's scores, precomputed), vector hits from FAISS
(search.dense), both restricted to the passages the filters allow (search.filters); the two
rankings are fused (search.fuse). When the
query names an entity the store knows (a label in passage_entities), passages that mention it
are lifted and the entity is returned with the results. An empty query browses: the newest
documents' passages that pass the filters, in document order.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from search import dense as dense_mod
from search import lexical
from search.docstore import DocStore, EntityRef
from search.filters import Filters, allowed_passages, document_passages, members
from search.fuse import coverage, fuse

CANDIDATES = 50  # from each ranking, before fusion
ENTITY_BOOST = 0.25  # share of the top fused score added to passages that mention a named entity
COUNCIL_BOOST = 0.25  # the same, for passages from a council the query names
SNIPPET_WORDS = 40
# Rocchio feedback on the dense side: the query vector moves towards the mean of its top
# FEEDBACK_DEPTH passages by FEEDBACK_SHARE, then searches again (one extra vector search, no
# extra encoding). Tuned on the even-numbered half of the question set, checked on the odd half.
FEEDBACK_DEPTH = 3
FEEDBACK_SHARE = 0.35
MODES = ("hybrid", "keyword", "dense")


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result; `to_dict()` gives the contract's keys."""

    document: str  # file name
    title: str
    council: str | None
    type: str
    date: str | None
    page: int
    start: int
    end: int
    text: str
    snippet: str  # HTML: escaped text with <mark> around matched words
    score: float
    entities: tuple[EntityRef, ...] = ()
    document_id: str = ""
    passage_id: str = ""
    section: str = ""

    def to_dict(self) -> dict:
        return {
            "document": self.document,
            "title": self.title,
            "council": self.council,
            "type": self.type,
            "date": self.date,
            "page": self.page,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "snippet": self.snippet,
            "score": round(self.score, 6),
            "entities": [{"iri": e.iri, "label": e.label, "type": e.type} for e in self.entities],
            "document_id": self.document_id,
            "passage_id": self.passage_id,
            "section": self.section,
        }

    to_json = to_dict


class Results(list):
    """The hits, best first, plus the known entities the query named (`.entities`)."""

    def __init__(self, hits=(), entities=()) -> None:  # noqa: ANN001
        super().__init__(hits)
        self.entities: list[EntityRef] = list(entities)


# -- the vector index, shared per store file and rebuilt when the store's generation moves --

_indexes: dict[str, dense_mod.DenseIndex] = {}
_lock = threading.Lock()


def index_path(store: DocStore) -> Path:
    """Where the FAISS file for this store lives by default: beside the SQLite file."""
    return Path(store.path).parent / "dense.faiss"


def refresh_index(
    store: DocStore, path: Path | None = None, exact_threshold: int = dense_mod.EXACT_THRESHOLD
) -> dense_mod.DenseIndex:
    """Bring the FAISS file up to date with the store (call after ingest); returns the index.

    Kept in memory per file; reloaded or rebuilt only when the store's generation has moved."""
    path = Path(path) if path is not None else index_path(store)
    key = str(path.resolve())
    with _lock:
        current = _indexes.get(key)
        if current is not None and current.generation == store.generation():
            return current
        index = dense_mod.refresh(store, path, exact_threshold=exact_threshold)
        _indexes[key] = index
        return index


# -- entities named in the query ------------------------------------------------------------

_labels: dict[str, tuple[int, dict[str, list[EntityRef]]]] = {}
_MAX_LABEL_WORDS = 8


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[\w&']+", text.lower()))


_TITLES = re.compile(r"^(?:councillor|cllr|mr|mrs|ms|miss|dr|sir|dame|the)\s+")
COMMON_ENTITY_SHARE = 0.05  # an entity mentioned by more passages than this does not discriminate
COMMON_ENTITY_MIN = 20  # ... unless the store is so small that this many mentions is still few


def _label_table(store: DocStore) -> dict[str, list[EntityRef]]:
    """Normalised label (and the label without a title such as "Councillor") -> entities."""
    key, generation = str(store.path), store.generation()
    cached = _labels.get(key)
    if cached and cached[0] == generation:
        return cached[1]
    total = store.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0] or 1
    table: dict[str, list[EntityRef]] = {}
    rows = store.db.execute(
        "SELECT iri, MIN(label), MIN(type), COUNT(*) FROM passage_entities GROUP BY iri"
    )
    for iri, label, type_, mentions in rows:
        if mentions > max(COMMON_ENTITY_MIN, COMMON_ENTITY_SHARE * total):
            continue
        ref = EntityRef(iri, label, type_)
        name = _norm(label)
        for alias in {name, _TITLES.sub("", name)}:
            if len(alias) >= 3 and len(alias.split()) <= _MAX_LABEL_WORDS and alias not in lexical.STOPWORDS:
                if ref not in table.setdefault(alias, []):
                    table[alias].append(ref)
    _labels[key] = (generation, table)
    return table


def query_entities(store: DocStore, query: str) -> list[EntityRef]:
    """Known entities whose label appears in the query as whole words (longest matches first)."""
    table = _label_table(store)
    if not table:
        return []
    words = _norm(query).split()
    found: dict[str, EntityRef] = {}
    taken = [False] * len(words)
    for size in range(min(_MAX_LABEL_WORDS, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            if any(taken[i : i + size]):
                continue
            name = " ".join(words[i : i + size])
            if name in table:
                for ref in table[name]:
                    found.setdefault(ref.iri, ref)
                taken[i : i + size] = [True] * size
    return list(found.values())


# -- councils named in the query --------------------------------------------------------------

_COUNCIL_WORDS = re.compile(
    r"\b(?:the|borough|city|district|county|metropolitan|council|of|royal|london)\b"
)


def council_names(council: str) -> set[str]:
    """Ways a query may name a council: "Castle Point Borough Council" -> {"castle point"};
    "Borough Council of King's Lynn & West Norfolk" -> {"king's lynn & west norfolk",
    "king's lynn", "west norfolk"}."""
    name = _norm(council)
    core = " ".join(_COUNCIL_WORDS.sub(" ", name).split())
    names = {n for n in {name, core} if n}
    for part in re.split(r"\s*(?:&|\band\b)\s*", core):
        if len(part) >= 4:
            names.add(part.strip())
    return names


def query_councils(store: DocStore, query: str) -> list[str]:
    """The councils (as stored on documents) that the query names."""
    text = f" {_norm(query)} "
    found = []
    for (council,) in store.db.execute("SELECT DISTINCT council FROM documents WHERE council IS NOT NULL"):
        if any(f" {name} " in text for name in council_names(council)):
            found.append(council)
    return found


# -- snippets -----------------------------------------------------------------------------


def _stems(query: str) -> list[str]:
    return [t if len(t) <= 4 else t[: max(4, len(t) - 2)] for t in lexical.terms(query)]


def snippet(text: str, query: str, words: int = SNIPPET_WORDS) -> str:
    """About `words` words of `text` around the densest run of query terms, HTML-escaped,
    with each matching word wrapped in <mark>."""
    tokens = text.split()
    stems = _stems(query)

    def matches(token: str) -> bool:
        bare = re.sub(r"^[^\w]+|[^\w]+$", "", token.lower())
        return bool(bare) and any(bare.startswith(s) for s in stems)

    marks = [matches(t) for t in tokens]
    best = 0
    if any(marks) and len(tokens) > words:
        counts = [sum(marks[i : i + words]) for i in range(0, len(tokens) - words + 1)]
        first = int(np.argmax(counts))  # the earliest window holding the most matches
        hits = [i for i in range(first, first + words) if marks[i]]
        centre = (hits[0] + hits[-1]) // 2
        best = min(max(0, centre - words // 2), len(tokens) - words)
    window = range(best, min(len(tokens), best + words))
    out = []
    for i in window:
        escaped = html.escape(tokens[i])
        out.append(f"<mark>{escaped}</mark>" if marks[i] else escaped)
    prefix = "… " if best > 0 else ""
    suffix = " …" if window.stop < len(tokens) else ""
    return prefix + " ".join(out) + suffix


# -- search ---------------------------------------------------------------------------------

_default_encoder = None


def _encoder(encoder):  # noqa: ANN001, ANN202
    global _default_encoder
    if encoder is not None:
        return encoder
    if _default_encoder is None:
        from search.encoder import Encoder

        _default_encoder = Encoder()
    return _default_encoder


def search(
    store: DocStore,
    query: str,
    k: int = 10,
    council: str | None = None,
    doc_type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    entity: str | None = None,
    encoder=None,  # noqa: ANN001 - search.encoder.Encoder; None loads the default model once
    mode: str = "hybrid",
    fusion: str = "convex",
    dense_path: Path | None = None,
) -> Results:
    """The k best passages for `query` under the filters (all optional, all combinable).

    `mode` is "hybrid" (default), "keyword" or "dense"; "keyword" never loads the model."""
    if mode not in MODES:
        raise ValueError(f"unknown search mode {mode!r}: use one of {', '.join(MODES)}")
    k = max(0, int(k))
    query = (query or "").strip()
    if not re.search(r"\w", query):
        query = ""  # "*" or "?!" says nothing to search for: browse, as an empty query does
    filters = Filters(council, doc_type, date_from, date_to, entity)
    if not query:
        return Results(_browse(store, filters, k))
    allowed = allowed_passages(store, filters)
    if allowed is not None and len(allowed) == 0:
        return Results()
    depth = max(CANDIDATES, 3 * k)

    lexical_hits: list[tuple[int, float]] = []
    dense_hits: list[tuple[int, float]] = []
    if mode in ("hybrid", "keyword"):
        lexical_hits = lexical.search(store.db, query, depth, allowed)
    if mode in ("hybrid", "dense"):
        index = refresh_index(store, dense_path)
        if index.size:
            vector = _encoder(encoder).encode_query(query)
            dense_hits = index.search(vector, depth, allowed)
            if dense_hits and FEEDBACK_SHARE > 0:
                dense_hits = index.search(_feedback(store, vector, dense_hits), depth, allowed)

    if mode == "keyword":
        ranked = lexical_hits
    elif mode == "dense":
        ranked = dense_hits
    else:
        top = 0.0
        if lexical_hits:
            row = store.db.execute("SELECT text FROM passages WHERE rowid = ?", (lexical_hits[0][0],)).fetchone()
            top = coverage(lexical.terms(query), row[0]) if row else 0.0
        ranked = fuse(query, lexical_hits, dense_hits, method=fusion, top_coverage=top)

    named = query_entities(store, query)
    if named and ranked:
        ranked = _lift(store, ranked, named)
    councils = query_councils(store, query) if not council else []
    if councils and ranked:
        ranked = _lift_councils(store, ranked, councils)
    ranked = ranked[:k]
    return Results(make_hits(store, ranked, query), named)


def _feedback(store: DocStore, vector: np.ndarray, hits: list[tuple[int, float]]) -> np.ndarray:
    """The query vector moved towards its top passages (pseudo-relevance feedback, Rocchio)."""
    rowids = [rowid for rowid, _ in hits[:FEEDBACK_DEPTH]]
    marks = ",".join("?" * len(rowids))
    rows = store.db.execute(f"SELECT vector FROM passages WHERE rowid IN ({marks}) AND vector IS NOT NULL",
                            rowids).fetchall()
    if not rows:
        return vector
    centroid = np.mean([np.frombuffer(row[0], dtype=np.float32) for row in rows], axis=0)
    query = np.asarray(vector, dtype=np.float32).reshape(-1)
    moved = (1.0 - FEEDBACK_SHARE) * query + FEEDBACK_SHARE * centroid
    norm = float(np.linalg.norm(moved))
    return (moved / norm if norm else query).astype(np.float32).reshape(np.shape(vector))


def _lift(store: DocStore, ranked: list[tuple[int, float]], named: list[EntityRef]) -> list[tuple[int, float]]:
    """Raise the passages that mention an entity the query names."""
    iris = {e.iri for e in named}
    mentions = store.passage_entities([rowid for rowid, _ in ranked])
    bonus = ENTITY_BOOST * max(abs(ranked[0][1]), 1e-9)
    lifted = [
        (rowid, score + (bonus if any(e.iri in iris for e in mentions.get(rowid, [])) else 0.0))
        for rowid, score in ranked
    ]
    return sorted(lifted, key=lambda item: (-item[1], item[0]))


def _lift_councils(store: DocStore, ranked: list[tuple[int, float]], councils: list[str]) -> list[tuple[int, float]]:
    """Raise the passages from councils the query names (a boost, not a filter: the query may
    compare councils, or name one as the subject of another's document)."""
    rows = store.passage_rows([rowid for rowid, _ in ranked])
    wanted = set(councils)
    bonus = COUNCIL_BOOST * max(abs(ranked[0][1]), 1e-9)
    lifted = [
        (rowid, score + (bonus if rows.get(rowid) is not None and rows[rowid]["council"] in wanted else 0.0))
        for rowid, score in ranked
    ]
    return sorted(lifted, key=lambda item: (-item[1], item[0]))


def make_hits(store: DocStore, ranked: list[tuple[int, float]], query: str) -> list[Hit]:
    """Result records for ranked passage rowids (`query` marks the snippet; "" marks nothing)."""
    rowids = [rowid for rowid, _ in ranked]
    rows = store.passage_rows(rowids)
    mentions = store.passage_entities(rowids)
    hits = []
    for rowid, score in ranked:
        row = rows.get(rowid)
        if row is None:  # the index is ahead of or behind the store for a moment
            continue
        hits.append(
            Hit(
                document=row["source"],
                title=row["title"],
                council=row["council"],
                type=row["doc_type"],
                date=row["date"],
                page=row["page"],
                start=row["start"],
                end=row["end"],
                text=row["text"],
                snippet=snippet(row["text"], query),
                score=float(score),
                entities=tuple(mentions.get(rowid, ())),
                document_id=row["document_id"],
                passage_id=row["id"],
                section=row["section"],
            )
        )
    return hits


def _browse(store: DocStore, filters: Filters, k: int) -> list[Hit]:
    """The first k passages, in reading order, of the newest documents the filters allow.

    Walks the documents newest first and takes each one's passages from the in-memory table, so
    it stops at the k-th passage; one SQL sort of every allowed passage took 1.5-3 s at 1M."""
    if k == 0:
        return []
    mentioned = allowed_passages(store, filters) if filters.entity else None
    if mentioned is not None and len(mentioned) == 0:
        return []
    table = document_passages(store)
    where, params = filters.document_sql()
    cursor = store.db.execute(
        "SELECT d.id FROM documents d" + (f" WHERE {where}" if where else "")
        + " ORDER BY d.date IS NULL, d.date DESC, d.id",
        params,
    )
    taken: list[int] = []
    try:
        while len(taken) < k and (batch := cursor.fetchmany(256)):
            for (document_id,) in batch:
                rowids = table.get(document_id)
                if rowids is None:
                    continue
                if mentioned is not None:
                    rowids = rowids[members(rowids, mentioned)]
                taken += rowids[: k - len(taken)].tolist()
                if len(taken) >= k:
                    break
    finally:
        cursor.close()
    return make_hits(store, [(rowid, 0.0) for rowid in taken], "")


class SearchIndex:
    """The store, the FAISS file and the encoder together: what the web app and CLI hold."""

    def __init__(self, store: DocStore, dense_path: Path | None = None, encoder=None) -> None:  # noqa: ANN001
        self.store = store
        self.dense_path = Path(dense_path) if dense_path is not None else index_path(store)
        self.encoder = encoder

    @classmethod
    def open(cls, sqlite_path: Path, dense_path: Path | None = None, encoder=None) -> SearchIndex:  # noqa: ANN001
        """Open read-only: searching never writes the store (a stale FAISS file is still rebuilt)."""
        return cls(DocStore(Path(sqlite_path), read_only=True), dense_path, encoder)

    def refresh(self) -> dense_mod.DenseIndex:
        """Load (or rebuild, when stale) both indexes, and the filters' document table, now rather
        than on the first query."""
        lexical.refresh(self.store.db)
        document_passages(self.store)
        return refresh_index(self.store, self.dense_path)

    def search(self, query: str, k: int = 10, **filters) -> Results:  # noqa: ANN003
        """search() over this store; keyword arguments as for search()."""
        return search(self.store, query, k, encoder=self.encoder, dense_path=self.dense_path, **filters)

    def close(self) -> None:
        self.store.close()
