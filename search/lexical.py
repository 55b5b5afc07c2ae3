"""Keyword search: BM25 over passage text, section and document title, with FTS5's scores.

FTS5 (in the same SQLite file as the passages, written in the same transaction) is the ledger's
keyword index. Ranking an OR query with FTS5's bm25() scores every row holding any term, too slow
past ~10k passages, so searches go to search.keyword_index: the same BM25 (same tokens, stems,
column weights and formula) precomputed per term, derived from the store like the FAISS file and
rebuilt when the store changes. A connection that is not a passage store (no `meta` table) is
searched with FTS5 directly. User text never reaches FTS5's query syntax: it is cut into terms
and each term is quoted.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Sequence

from search import keyword_index
from search.keyword_tokens import stems

# Column weights for bm25(): text, section, title. Headings say what a passage is about.
WEIGHTS = (1.0, 0.5, 0.2)

# Words that carry no topic. FTS5's porter tokenizer keeps them, and BM25 with OR would
# otherwise reward passages full of "the" and "what".
STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further had
    has have having he her here hers him his how i if in into is it its itself just me more most
    my no nor not now of off on once only or other our ours out over own same she should so some
    such than that the their theirs them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    yours tell show find give list many much does did done""".split()
)

_TERM = re.compile(r"[\w][\w&'’./-]*[\w]|[\w]", re.UNICODE)


def terms(query: str) -> list[str]:
    """The query's searchable terms, lower-cased, stopwords dropped, order kept, no repeats."""
    seen: list[str] = []
    for raw in _TERM.findall(query.lower()):
        term = raw.strip("'’.-/")
        if not term or term in STOPWORDS or term in seen:
            continue
        seen.append(term)
    return seen


def stem_counts(text: str) -> Counter[str]:
    """How often each stem occurs in `text` (stopwords included; callers weigh by idf)."""
    return Counter(stem for raw in _TERM.findall(text.lower()) for stem in stems(raw))


def _fts_term(term: str) -> str:
    # FTS5's tokenizer splits "hot021a" fine but "ops004&ops005" or "2024-25" into pieces; a
    # quoted string is matched as a phrase of those pieces, which is what we want.
    return '"' + term.replace('"', '""') + '"'


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression that ORs the query's terms, or None when nothing is searchable."""
    words = terms(query)
    if not words:
        return None
    return " OR ".join(_fts_term(w) for w in words)


def refresh(db: sqlite3.Connection) -> keyword_index.KeywordIndex | None:
    """Bring the keyword index file up to date with the store (call after each ingest batch)."""
    return keyword_index.refresh(db, WEIGHTS)


def search(
    db: sqlite3.Connection, query: str, k: int, allowed: Sequence[int] | None = None
) -> list[tuple[int, float]]:
    """The k best passages for `query` as (rowid, score), best first; higher score is better.

    `allowed` limits the search to those passage rowids (the top k among them)."""
    words = terms(query)
    if not words or k <= 0:
        return []
    if allowed is not None and len(allowed) == 0:
        return []
    index = refresh(db)
    if index is None:
        return fts5_search(db, query, k, allowed)
    return index.search(db, words, k, allowed)


def fts5_search(
    db: sqlite3.Connection, query: str, k: int, allowed: Sequence[int] | None = None
) -> list[tuple[int, float]]:
    """search() by FTS5's bm25() itself: the definition the keyword index reproduces."""
    expression = match_expression(query)
    if expression is None or k <= 0:
        return []
    sql = (
        "SELECT rowid, -bm25(passages_fts, ?, ?, ?) AS score FROM passages_fts"
        " WHERE passages_fts MATCH ?"
    )
    params: list[object] = [*WEIGHTS, expression]
    if allowed is not None:
        ids = [int(i) for i in allowed]
        if not ids:
            return []
        # one JSON parameter keeps large filters out of the SQL text, with no shared state
        sql += " AND rowid IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(ids))
    sql += " ORDER BY score DESC LIMIT ?"
    params.append(k)
    try:
        rows = db.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return []  # a term FTS5 still cannot parse: no keyword hits rather than an error
    return [(int(r[0]), float(r[1])) for r in rows]
