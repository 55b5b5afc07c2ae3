"""Calling search.index.search() from the web: the mode from the app, and a keyword fallback.

A broken or missing embedding model (or FAISS file) must not take search down: the web falls
back to keyword search for that request, says so in the response, and logs why."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from web.resources import Resources

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    results: list  # search.index.Results (a list of Hit with .entities)
    mode: str  # the mode that produced them
    notice: str = ""  # why it is not the mode asked for


def search_passages(res: Resources, query: str, k: int, mode: str | None = None, **filters: object) -> Outcome:
    from search.index import search

    store = res.docstore
    if store is None:
        return Outcome([], mode or res.search_mode, "nothing is ingested yet")
    mode = mode or res.search_mode
    if mode != "keyword" and query.strip():
        try:
            return Outcome(search(store, query, k=k, encoder=res.encoder, mode=mode, **filters), mode)
        except ValueError:
            raise
        except Exception as error:  # the model or the vector index failed: keywords still work
            log.warning("%s search failed, falling back to keyword search: %s", mode, error)
            results = search(store, query, k=k, mode="keyword", **filters)
            return Outcome(results, "keyword", f"{mode} search is unavailable ({type(error).__name__}); "
                                               "these are keyword results")
    return Outcome(search(store, query, k=k, mode="keyword", **filters), "keyword" if query.strip() else mode)
