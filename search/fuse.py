"""Combining the keyword and vector rankings.

Two fusions: reciprocal rank fusion (ranks only, robust to score scales) and a weighted one that
knows what kind of query it has. Codes and references ("HOT021a", "PSPO", "6/2021/2022") and
quoted phrases are found by keywords and blurred by embeddings; questions worded in the reader's
own terms are found by embeddings. The weights were set on the labelled question set
(tests/fixtures/questions.jsonl) and are deliberately coarse: a range and one override.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

RRF_K = 60

Ranking = Sequence[tuple[int, float]]  # (id, score), best first

_CODE = re.compile(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{3,}\b|\b\d+/\d+(?:/\d+)*\b")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}s?\b")
_QUESTION = re.compile(
    r"^\s*(?:who|what|when|where|which|why|how|is|are|was|were|does|do|did|has|have|can|should)\b",
    re.I,
)


def rrf(rankings: Sequence[Ranking], weights: Sequence[float] | None = None, k: int = RRF_K) -> dict[int, float]:
    """Reciprocal rank fusion: sum of weight / (k + rank) over the rankings an id appears in."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, (item, _score) in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


def normalise(ranking: Ranking) -> dict[int, float]:
    """Scores scaled to [0, 1] within one ranking (max -> 1, min -> 0)."""
    if not ranking:
        return {}
    scores = [s for _, s in ranking]
    low, high = min(scores), max(scores)
    if high - low < 1e-12:
        return {i: 1.0 for i, _ in ranking}
    return {i: (s - low) / (high - low) for i, s in ranking}


def convex(lexical: Ranking, dense: Ranking, lexical_weight: float) -> dict[int, float]:
    """lexical_weight * normalised BM25 + (1 - lexical_weight) * normalised cosine."""
    lex, den = normalise(lexical), normalise(dense)
    return {
        i: lexical_weight * lex.get(i, 0.0) + (1.0 - lexical_weight) * den.get(i, 0.0)
        for i in set(lex) | set(den)
    }


def query_kind(query: str) -> str:
    """"code" (references, codes, acronyms, quoted phrases), "question" or "keywords"."""
    if '"' in query or _CODE.search(query) or _ACRONYM.search(query):
        return "code"
    if _QUESTION.match(query) or query.rstrip().endswith("?") or len(query.split()) >= 7:
        return "question"
    return "keywords"


# The lexical weight of the convex fusion moves with the evidence: when the best keyword hit holds
# every query term the documents use the reader's words (lean lexical); when it holds few, the
# reader is paraphrasing (lean dense). Codes and references always lean lexical.
LEXICAL_WEIGHT_RANGE = (0.3, 0.7)
CODE_LEXICAL_WEIGHT = 0.7


def lexical_weight(query: str, coverage: float) -> float:
    """Weight of the keyword ranking, from the share of query terms the best keyword hit holds."""
    low, high = LEXICAL_WEIGHT_RANGE
    weight = low + (high - low) * min(1.0, max(0.0, coverage))
    if query_kind(query) == "code":
        weight = max(weight, CODE_LEXICAL_WEIGHT)
    return weight


def coverage(query_terms: Sequence[str], text: str) -> float:
    """Share of the query terms found in `text` (prefix match, so "recycled" finds "recycling")."""
    if not query_terms:
        return 0.0
    words = set(re.findall(r"\w+", text.lower()))
    found = 0
    for term in query_terms:
        parts = re.findall(r"\w+", term)
        if parts and all(any(w.startswith(_stem(p)) for w in words) for p in parts):
            found += 1
    return found / len(query_terms)


def _stem(term: str) -> str:
    return term if len(term) <= 4 else term[: max(4, len(term) - 2)]


def fuse(
    query: str,
    lexical: Ranking,
    dense: Ranking,
    method: str = "convex",
    top_coverage: float = 0.5,
) -> list[tuple[int, float]]:
    """One ranking from both, best first. `top_coverage` is coverage() of the best keyword hit."""
    if method == "rrf":
        fused = rrf([lexical, dense])
    elif method == "convex":
        fused = convex(lexical, dense, lexical_weight(query, top_coverage))
    else:
        raise ValueError(f"unknown fusion method {method!r}: use 'rrf' or 'convex'")
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))
