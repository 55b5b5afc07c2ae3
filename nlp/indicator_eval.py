"""Precision and recall of the indicator matcher on labelled pairs (tests/fixtures/indicator_pairs.json).

The matcher runs over every indicator of the sample corpus plus the held-out names, as it would
over a store; each link it makes is then scored. A link between two indicators the labels put in
one group (same=true pairs, closed under "same as") is right; a link the labels call a near-miss
is wrong; a link between indicators no label relates counts as wrong too (strict precision), and
is listed so a person can check whether a label is missing. Undecided pairs are not scored.

    python -m nlp.indicator_eval            # figures and the mistakes
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nlp import extraction as x
from nlp.indicator_match import THRESHOLD, Embed, IndicatorName, Match, match_indicators

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "indicator_pairs.json"
CORPUS = Path(__file__).resolve().parent.parent / "data" / "sample"


@dataclass(slots=True)
class PairScore:
    true_positives: list[Match] = field(default_factory=list)
    false_positives: list[Match] = field(default_factory=list)  # links the labels call near-misses
    unlabelled: list[Match] = field(default_factory=list)  # links between indicators no label relates
    missed: list[tuple[str, str]] = field(default_factory=list)
    positives: int = 0
    subset: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # name -> (right, wrong, positives)

    @property
    def precision(self) -> float:
        made = len(self.true_positives) + len(self.false_positives) + len(self.unlabelled)
        return len(self.true_positives) / made if made else 1.0

    @property
    def recall(self) -> float:
        return len(self.true_positives) / self.positives if self.positives else 1.0


def corpus_indicators(documents: Sequence, extractions: Sequence[x.Extraction]) -> list[IndicatorName]:
    """Each extracted indicator with its council and the values and targets its observations give."""
    found: dict[tuple[str, str], IndicatorName] = {}
    for doc, extraction in zip(documents, extractions, strict=True):
        values: dict[str, list[str]] = {}
        entities = {e.key: e for e in extraction.entities}
        for relation in extraction.relations:
            if relation.predicate == x.OBSERVATION_OF and relation.subject in entities:
                obs = entities[relation.subject]
                values.setdefault(relation.object, []).extend(
                    v for v in (obs.get(x.A_VALUE), obs.get(x.A_TARGET)) if v)
        for entity in extraction.of_kind(x.INDICATOR):
            key = (doc.council_id or "", entity.name)
            found.setdefault(key, IndicatorName(
                entity.key, doc.council_id or "", entity.name, entity.get(x.A_NOTATION) or "",
                entity.get(x.A_UNIT) or "", tuple(values.get(entity.key, ())[:6])))
    return list(found.values())


def load_labels(path: Path = PAIRS) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def universe(labels: dict, corpus: list[IndicatorName]) -> tuple[list[IndicatorName], dict[str, str]]:
    """The indicators to match (corpus + held-out) and label id -> indicator key; a corpus label
    that the extraction no longer finds is left out (its pairs then count as missed)."""
    by_name = {(i.council, i.label): i.key for i in corpus}
    ids: dict[str, str] = {}
    items = list(corpus)
    for label_id, spec in labels["indicators"].items():
        if spec.get("corpus"):
            key = by_name.get((spec["council"], spec["name"]))
            if key:
                ids[label_id] = key
        else:
            key = f"heldout/{label_id}"
            ids[label_id] = key
            items.append(IndicatorName(key, spec["council"], spec["name"], spec.get("notation", ""),
                                       spec.get("unit", ""), tuple(spec.get("values", ()))))
    return items, ids


def score(labels: dict, ids: dict[str, str], matches: Sequence[Match]) -> PairScore:
    parent = {label_id: label_id for label_id in labels["indicators"]}

    def root(item: str) -> str:
        while parent[item] != item:
            item = parent[item]
        return item

    for pair in labels["pairs"]:
        if pair["same"]:
            parent[root(pair["a"])] = root(pair["b"])
    label_of = {key: label_id for label_id, key in ids.items()}
    negatives = {frozenset((p["a"], p["b"])) for p in labels["pairs"] if not p["same"]}
    undecided = {frozenset((p["a"], p["b"])) for p in labels.get("undecided", ())}
    groups: dict[str, list[str]] = {}
    for label_id in labels["indicators"]:
        groups.setdefault(root(label_id), []).append(label_id)
    positive_pairs = {frozenset((a, b)) for g in groups.values() for a in g for b in g if a < b}
    result = PairScore(positives=len(positive_pairs))
    made = set()
    for match in matches:
        a, b = label_of.get(match.a), label_of.get(match.b)
        pair = frozenset((a, b)) if a and b else None
        if pair in positive_pairs:
            result.true_positives.append(match)
            made.add(pair)
        elif pair in negatives:
            result.false_positives.append(match)
        elif pair not in undecided:
            result.unlabelled.append(match)
    result.missed = sorted(tuple(sorted(p)) for p in positive_pairs - made)  # type: ignore[misc]
    spec = labels["indicators"]
    for name, test in (
        ("corpus", lambda p: all(spec[i].get("corpus") for i in p)),
        ("held-out", lambda p: not all(spec[i].get("corpus") for i in p) and not any(spec[i].get("blind") for i in p)),
        ("blind", lambda p: any(spec[i].get("blind") for i in p)),
    ):
        def pairs_of(matches: list[Match]) -> list[tuple[str, str]]:
            return [(label_of[m.a], label_of[m.b]) for m in matches if m.a in label_of and m.b in label_of]

        tp = sum(1 for p in pairs_of(result.true_positives) if test(p))
        wrong = sum(1 for p in pairs_of(result.false_positives + result.unlabelled) if test(p))
        result.subset[name] = (tp, wrong, sum(1 for p in positive_pairs if test(tuple(p))))
    return result


def evaluate(embed: Embed | None, indicators: list[IndicatorName], labels: dict,
             threshold: float = THRESHOLD) -> tuple[PairScore, dict[str, str]]:
    items, ids = universe(labels, indicators)
    return score(labels, ids, match_indicators(items, embed, threshold)), ids


def main(corpus: str | None = None) -> None:  # pragma: no cover - a report for people
    """Print precision and recall at several thresholds, then the errors at the chosen one, for
    the labelled pairs over `corpus` (default: the sample corpus)."""
    from nlp.evaluate import sample_extractions
    from search.encoder import Encoder

    corpus = corpus or str(CORPUS)
    documents, extractions, _ = sample_extractions(str(Path(corpus).resolve()))
    indicators = corpus_indicators(documents, extractions)
    labels = load_labels()
    encoder = Encoder()
    names = {i.key: f"{i.council[:12]}: {i.label}" for i in universe(labels, indicators)[0]}
    for threshold in (0.55, 0.6, 0.62, 0.64, 0.66, 0.68, 0.7, 0.75, 0.8):
        result, _ = evaluate(encoder.encode, indicators, labels, threshold)
        print(f"threshold {threshold:.2f}: precision {result.precision:.3f} recall {result.recall:.3f} "
              f"({len(result.true_positives)}/{result.positives}; {len(result.false_positives)} near-misses linked, "
              f"{len(result.unlabelled)} unlabelled) {result.subset}")
    result, _ = evaluate(encoder.encode, indicators, labels)
    without, _ = evaluate(None, indicators, labels)
    print(f"\nwithout the embedding model: precision {without.precision:.3f} recall {without.recall:.3f}")
    for title, items in (("near-misses linked", result.false_positives), ("unlabelled links", result.unlabelled)):
        print(f"\n{title}:")
        for m in items:
            print(f"  {m.score:.2f} {names[m.a]}  ~  {names[m.b]}  [{m.reason}]")
    print("\nmissed:")
    for a, b in result.missed:
        print(f"  {a} ~ {b}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1] if len(sys.argv) > 1 else None)
