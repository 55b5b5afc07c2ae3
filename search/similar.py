"""Passages like a given one: "how do other councils handle this?".

Two rankings fused as a search fuses them: the passage's own stored vector in the vector index
(nothing is embedded), and its most telling words (highest tf x idf among those other passages
hold too, as Lucene's More Like This picks them) in the keyword index. The vectors alone match
form as much as topic (one KPI card finds other KPI cards); the words keep the topic. Filters
apply as in a search; by default the passage's own document is left out, since its neighbours
there are its own context rather than other papers on the topic."""

from __future__ import annotations

from pathlib import Path

from search import lexical
from search.docstore import DocStore
from search.filters import Filters, allowed_passages
from search.fuse import convex
from search.index import Results, make_hits, refresh_index
from search.keyword_tokens import stems

KEY_TERMS = 12  # words of the passage given to the keyword index
LEXICAL_WEIGHT = 0.5


class UnknownPassage(LookupError):
    """No passage has this id."""


class NoVector(LookupError):
    """The passage was stored without a vector (ingested with --no-embed)."""


def similar(
    store: DocStore,
    passage_id: str,
    k: int = 10,
    filters: Filters | None = None,
    same_document: bool = False,
    dense_path: Path | None = None,
) -> Results:
    """The k passages nearest to `passage_id` (by cosine), best first, never the passage itself.

    Raises UnknownPassage or NoVector with a message for a person."""
    found = store.passage_vector(passage_id)
    if found is None:
        raise UnknownPassage(f"no passage {passage_id!r}: passage ids look like 'document-id#12'")
    rowid, document_id, vector = found
    if vector is None:
        raise NoVector(f"passage {passage_id!r} has no vector: its document was ingested without embeddings")
    k = max(0, int(k))
    allowed = allowed_passages(store, filters or Filters())
    if k == 0 or (allowed is not None and len(allowed) == 0):
        return Results()
    # Over-fetch by what will be dropped: the passage and, unless wanted, its document's others.
    skip = {rowid}
    if not same_document:
        skip |= {r[0] for r in store.db.execute("SELECT rowid FROM passages WHERE document_id = ?", (document_id,))}
    depth = max(50, k) + len(skip)
    index = refresh_index(store, dense_path)
    dense = [(r, score) for r, score in index.search(vector, depth, allowed) if r not in skip]
    text = store.db.execute("SELECT text FROM passages WHERE rowid = ?", (rowid,)).fetchone()[0]
    words = key_terms(store, text)
    keyword = [(r, score) for r, score in lexical.search(store.db, " ".join(words), depth, allowed) if r not in skip]
    fused = convex(keyword, dense, LEXICAL_WEIGHT) if keyword else dict(dense)
    ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
    return Results(make_hits(store, ranked[:k], ""))


def key_terms(store: DocStore, text: str, count: int = KEY_TERMS) -> list[str]:
    """The passage's words that say most about it: tf x idf, among words other passages hold."""
    index = lexical.refresh(store.db)
    if index is None:
        return []
    terms = lexical.terms(text)
    tf = lexical.stem_counts(text)
    scored = []
    for term in terms:
        found = stems(term)
        if len(found) != 1 or found[0] not in index.vocab:
            continue
        t = index.vocab[found[0]]
        if index.indptr[t + 1] - index.indptr[t] < 2:  # only this passage has it
            continue
        scored.append((tf[found[0]] * float(index.idf[t]), term))
    return [term for _, term in sorted(scored, reverse=True)[:count]]
