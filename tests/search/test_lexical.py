from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from search.lexical import match_expression, search, terms


def fts() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE passages_fts USING fts5(text, section, title, tokenize = 'porter unicode61')")
    rows = [
        (1, "HOT021a: Percentage of homelessness prevention duties", "People", "Scorecard"),
        (2, "Public Spaces Protection Order (PSPO) for Roscommon Way", "PSPO", "Cabinet agenda"),
        (3, "Total tonnage of food waste collected and treated", "Environment", "Performance report"),
        (4, "The food hygiene rating scheme", "People", "Scorecard"),
    ]
    db.executemany("INSERT INTO passages_fts (rowid, text, section, title) VALUES (?, ?, ?, ?)", rows)
    return db


def test_terms_drop_stopwords_and_keep_codes():
    assert terms("What is the target for HOT021a?") == ["target", "hot021a"]
    assert terms("the of and") == []


def test_codes_and_acronyms_are_found_exactly():
    db = fts()
    assert search(db, "HOT021a", 5)[0][0] == 1
    assert search(db, "PSPO", 5)[0][0] == 2


def test_more_matching_terms_rank_higher():
    hits = search(fts(), "food waste collected", 5)
    assert [rowid for rowid, _ in hits][:2] == [3, 4]
    assert hits[0][1] > hits[1][1]


def test_allowed_rowids_filter():
    assert [r for r, _ in search(fts(), "food", 5, allowed=[4])] == [4]
    assert search(fts(), "food", 5, allowed=[]) == []


def test_nothing_searchable_gives_nothing():
    assert match_expression("the and of") is None
    assert search(fts(), "?!", 5) == []


@settings(max_examples=200)
@given(st.text())
def test_any_user_text_makes_a_valid_fts5_expression(query):
    expression = match_expression(query)
    if expression is not None:  # FTS5 must accept it: user text never reaches its syntax unquoted
        fts().execute("SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?", (expression,)).fetchall()
