"""Passages like a given one: "how do other councils handle this?".

The passage's own stored vector is the query (nothing is embedded), searched in the vector index
under the same filters as a search; by default the passage's own document is left out, since its
neighbours there are its own context rather than other papers on the topic."""

from __future__ import annotations

from pathlib import Path

from search.docstore import DocStore
from search.filters import Filters, allowed_passages
from search.index import Results, make_hits, refresh_index


class UnknownPassage(LookupError):
    """No passage has this id."""


class NoVector(LookupError):
    """The passage was stored without a vector (ingested with --no-embed)."""


def similar(
    store: DocStore,
    passage_id: str,
    k: int = 10,
    council: str | None = None,
    doc_type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    entity: str | None = None,
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
    allowed = allowed_passages(store, Filters(council, doc_type, date_from, date_to, entity))
    if k == 0 or (allowed is not None and len(allowed) == 0):
        return Results()
    # Over-fetch by what will be dropped: the passage and, unless wanted, its document's others.
    skip = {rowid}
    if not same_document:
        skip |= {r[0] for r in store.db.execute("SELECT rowid FROM passages WHERE document_id = ?", (document_id,))}
    index = refresh_index(store, dense_path)
    ranked = [(r, score) for r, score in index.search(vector, k + len(skip), allowed) if r not in skip]
    return Results(make_hits(store, ranked[:k], ""))
