"""Tokens for the keyword index, exactly as SQLite FTS5's `porter unicode61 remove_diacritics 2`.

Text is cut into words here (letters and digits, lower-cased), and every distinct word is stemmed
by FTS5 itself: the words are written to an in-memory FTS5 table and read back through fts5vocab.
So the in-memory index (search.keyword_index) holds the very tokens FTS5 holds — SQLite's Porter
is the C reference version, which differs from Snowball's "porter" on words such as "apology" and
"possibly" — with no stemming library to keep in step.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from functools import lru_cache

TOKENIZE = "porter unicode61 remove_diacritics 2"  # as search.docstore's passages_fts
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased and unstemmed: runs of letters and digits."""
    return _WORD.findall(text.lower())


def fts5_stems(items: Sequence[str]) -> list[tuple[str, ...]]:
    """The tokens FTS5 indexes for each item, in order: one stem for a word; none for a word
    FTS5 does not see as text; several when FTS5 cuts where `words` did not."""
    out: list[list[str]] = [[] for _ in items]
    if not items:
        return []
    con = sqlite3.connect(":memory:")
    try:
        con.execute(f"CREATE VIRTUAL TABLE w USING fts5(t, tokenize = '{TOKENIZE}')")
        con.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, w, instance)")
        con.executemany("INSERT INTO w (rowid, t) VALUES (?, ?)", ((i + 1, w) for i, w in enumerate(items)))
        for term, doc in con.execute("SELECT term, doc FROM v ORDER BY doc, offset"):
            out[doc - 1].append(term)
    finally:
        con.close()
    return [tuple(found) for found in out]


@lru_cache(maxsize=50_000)
def stems(text: str) -> tuple[str, ...]:
    """The tokens FTS5 makes of a short text (a query term), in order."""
    return fts5_stems([text])[0]


def tokens(text: str) -> list[str]:
    """The tokens FTS5 makes of `text`, via `words` (for tests: must equal fts5vocab's)."""
    found = fts5_stems(words(text))
    return [stem for item in found for stem in item]
