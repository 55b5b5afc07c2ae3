"""The named SPARQL queries in graph/queries/*.rq, and binding their parameters.

Each query documents its parameters (variables such as ?owner, ?meeting) in its header;
`bind` fixes them with a VALUES block, which every SPARQL 1.1 engine (rdflib, Oxigraph, a
remote endpoint) evaluates the same way."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Literal, URIRef

QUERIES_DIR = Path(__file__).parent / "queries"


def names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))


def load(name: str) -> str:
    path = QUERIES_DIR / f"{name}.rq"
    if not path.is_file():
        raise KeyError(f"no named query {name!r}; there are: {', '.join(names())}")
    return path.read_text(encoding="utf-8")


def _term(value: object) -> str:
    if isinstance(value, (URIRef, Literal)):
        return value.n3()
    if isinstance(value, str) and re.match(r"^https?://", value):
        return URIRef(value).n3()
    return Literal(value).n3()


def bind(query: str, **values: object) -> str:
    """`query` with each ?name fixed to a value (IRIs as str or URIRef, dates as datetime.date)."""
    if not values:
        return query
    block = " ".join(f"VALUES ?{name} {{ {_term(value)} }}" for name, value in values.items())
    m = re.search(r"\bWHERE\s*\{", query, re.IGNORECASE)
    if m is None:
        raise ValueError("query has no WHERE clause to bind values in")
    return query[: m.end()] + "\n  " + block + "\n" + query[m.end():]
