"""Extraction quality against the labelled set (tests/fixtures/labels/<document id>*.json).

Entities are matched by type and normalised name (titles stripped, "&" = "and", case and
punctuation ignored); a label's aliases count, and so do the surface forms the system kept.
Each labelled entity can be matched once: a person split in two counts one true positive and
one false positive. Meetings match on body and date. Relations match on (subject, predicate,
object) once both ends are mapped to labelled entities; literal objects (portfolios) compare
normalised. Types evaluated per label file: its "kinds" (entity types) and the predicates its
relations use.

`run_eval(sample_dir)` reads the sample corpus, extracts, and returns the printed table.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from nlp import extraction as x
from nlp.records import Document
from nlp.resolve import normalise_name

LABELS_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "labels"
SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"
PERSON_TYPES = {"person": x.PEOPLE_KINDS, "councillor": {x.COUNCILLOR}}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.errors.extend(other.errors)


@dataclass
class Report:
    entities: dict[str, Score]
    relations: dict[str, Score]

    def table(self) -> str:
        lines = [f"{'type':<22}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}"]
        for title, scores in (("entities", self.entities), ("relations", self.relations)):
            lines.append(f"-- {title}")
            for name in sorted(scores):
                s = scores[name]
                lines.append(f"{name:<22}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
        return "\n".join(lines)


def norm(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("\u2019", "'")
    text = re.sub(r"^(?:the)\s+", "", text)
    text = re.sub(r"[^a-z0-9()']+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def person_norm(text: str) -> str:
    return norm(normalise_name(text))


def _forms(names: Iterable[str], people: bool) -> set[str]:
    f = person_norm if people else norm
    return {f(n) for n in names if n and f(n)}


def _label_id(entity: dict) -> str:
    if entity["kind"] == "meeting":
        return f"{entity['name']} {entity['date']}"
    return entity["name"]


def _label_kind(entity: dict) -> set[str]:
    kind = entity["kind"]
    kinds = {kind}
    if kind in x.PEOPLE_KINDS:
        kinds.add("person")
    return kinds


def _system_types(entity: x.Entity) -> set[str]:
    types = {entity.kind}
    if entity.kind in x.PEOPLE_KINDS:
        types.add("person")
    return types


def _meeting_id(entity: x.Entity) -> tuple[str, str]:
    return norm(entity.name.split(",")[0]), entity.get(x.A_DATE) or ""


def match_entities(extraction: x.Extraction, labels: dict, kinds: Sequence[str]) -> tuple[dict[str, Score], dict[str, str]]:
    """Per-type scores, and a map system key -> label id for relation matching."""
    scores: dict[str, Score] = {}
    mapping: dict[str, str] = {}
    label_entities = labels.get("entities", [])
    for kind in kinds:
        score = Score()
        wanted = [e for e in label_entities if kind in _label_kind(e)]
        system = [e for e in extraction.entities if kind in _system_types(e)]
        people = kind in PERSON_TYPES
        used: set[int] = set()
        for entity in sorted(system, key=lambda e: e.key):
            hit = None
            for index, label in enumerate(wanted):
                if kind == "meeting":
                    body, day = _meeting_id(entity)
                    ok = day == label["date"] and body in _forms([label["name"], *label.get("aliases", [])], False)
                else:
                    mine = _forms([entity.name, *entity.get_all(x.A_SURFACE)], people)
                    ok = bool(mine & _forms([label["name"], *label.get("aliases", [])], people))
                if ok:
                    hit = index
                    if index not in used:
                        break
            if hit is not None:
                mapping.setdefault(entity.key, _label_id(wanted[hit]))
            if hit is not None and hit not in used:
                used.add(hit)
                score.tp += 1
            else:
                score.fp += 1
                score.errors.append(f"FP {kind}: {entity.name!r}")
        for index, label in enumerate(wanted):
            if index not in used:
                score.fn += 1
                score.errors.append(f"FN {kind}: {_label_id(label)!r}")
        scores[kind] = score
    # Every entity, whatever the evaluated kinds, can anchor a relation.
    for entity in extraction.entities:
        if entity.key in mapping:
            continue
        for label in label_entities:
            if entity.kind == x.COUNCIL:
                mapping[entity.key] = "council"
                break
            if label["kind"] == "meeting" or entity.kind == x.MEETING:
                if entity.kind == x.MEETING and label["kind"] == "meeting":
                    body, day = _meeting_id(entity)
                    if day == label["date"] and body in _forms([label["name"]], False):
                        mapping[entity.key] = _label_id(label)
                        break
                continue
            people = entity.kind in x.PEOPLE_KINDS
            if (label["kind"] in x.PEOPLE_KINDS) != people:
                continue
            if _forms([entity.name, *entity.get_all(x.A_SURFACE)], people) & _forms([label["name"], *label.get("aliases", [])], people):
                mapping[entity.key] = _label_id(label)
                break
    return scores, mapping


def match_relations(extraction: x.Extraction, labels: dict, mapping: dict[str, str]) -> dict[str, Score]:
    wanted: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in labels.get("relations", []):
        wanted[r["predicate"]].add((r["subject"], r["object"]))
    literal_predicates = {x.PORTFOLIO, x.JOB_TITLE}
    scores: dict[str, Score] = {}
    for predicate, expected in wanted.items():
        got: set[tuple[str, str]] = set()
        for r in extraction.relations:
            if r.predicate != predicate:
                continue
            s = mapping.get(r.subject, f"?{r.subject}")
            o = norm(r.object) if r.literal else mapping.get(r.object, f"?{r.object}")
            got.add((s, o))
        if predicate in literal_predicates:
            expected = {(s, norm(o)) for s, o in expected}
        score = Score(tp=len(got & expected), fp=len(got - expected), fn=len(expected - got))
        score.errors += [f"FP {predicate}: {g}" for g in sorted(got - expected)]
        score.errors += [f"FN {predicate}: {g}" for g in sorted(expected - got)]
        scores[predicate] = score
    return scores


def load_labels(document_id: str, labels_dir: Path = LABELS_DIR) -> dict | None:
    path = labels_dir / f"{document_id}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def evaluate_extraction(documents: Sequence[Document], extractions: Sequence[x.Extraction],
                        labels: Sequence[dict | None]) -> Report:
    entities: dict[str, Score] = defaultdict(Score)
    relations: dict[str, Score] = defaultdict(Score)
    for _doc, extraction, label in zip(documents, extractions, labels, strict=True):
        if not label:
            continue
        scores, mapping = match_entities(extraction, label, label.get("kinds", []))
        for kind, score in scores.items():
            entities[kind].add(score)
        for predicate, score in match_relations(extraction, label, mapping).items():
            relations[predicate].add(score)
    return Report(dict(entities), dict(relations))


@lru_cache(maxsize=4)
def sample_extractions(sample_dir: str, model: str | None = None) -> tuple[tuple[Document, ...], tuple[x.Extraction, ...], float]:
    """Every document of `sample_dir` read and extracted (cached: tests share one run).
    Returns (documents, extractions, seconds spent extracting)."""
    import time

    from nlp.documents import read_document
    from nlp.extract import extract
    from nlp.pipeline import DEFAULT_MODEL, build_pipeline

    nlp = build_pipeline(model or DEFAULT_MODEL)
    documents, extractions = [], []
    seconds = 0.0
    for path in sorted(Path(sample_dir).iterdir()):
        if not path.is_file():
            continue
        doc = read_document(path)
        started = time.perf_counter()
        extractions.append(extract(doc, nlp))
        seconds += time.perf_counter() - started
        documents.append(doc)
    return tuple(documents), tuple(extractions), seconds


def evaluate_sample(sample_dir: Path | str | None = None, model: str | None = None,
                    labels_dir: Path | str | None = None) -> tuple[Report, int, float]:
    sample_dir = Path(sample_dir) if sample_dir else SAMPLE_DIR
    labels_path = Path(labels_dir) if labels_dir else LABELS_DIR
    if not labels_path.is_dir():
        raise FileNotFoundError(f"no labels folder at {labels_path}")
    documents, extractions, seconds = sample_extractions(str(sample_dir.resolve()), model)
    kept = [(d, e, load_labels(d.id, labels_path)) for d, e in zip(documents, extractions, strict=True)]
    kept = [k for k in kept if k[2] is not None]
    report = evaluate_extraction([k[0] for k in kept], [k[1] for k in kept], [k[2] for k in kept])
    words = sum(len(d.text.split()) for d in documents)
    return report, words, seconds


def run_eval(sample_dir: Path | str | None = None, labels_dir: Path | str | None = None,
             model: str | None = None, show_errors: bool = False) -> str:
    """Read every document of `sample_dir` (default: the bundled sample corpus) that has labels
    in `labels_dir` (default: tests/fixtures/labels), extract, and return the score table."""
    report, words, seconds = evaluate_sample(sample_dir, model, labels_dir)
    labels_path = Path(labels_dir) if labels_dir else LABELS_DIR
    documents = [p for p in (Path(sample_dir) if sample_dir else SAMPLE_DIR).iterdir()
                 if p.is_file() and (labels_path / f"{p.stem}.json").is_file()]
    out = report.table() + f"\n\n{len(documents)} documents, {words} words, {words / seconds if seconds else 0:,.0f} words/s extraction"
    try:  # extraction helper B's figures: indicators, values, actions, owners (their own labels)
        from nlp.extract import score as b_score

        documents_, extractions_, _ = sample_extractions(
            str((Path(sample_dir) if sample_dir else SAMPLE_DIR).resolve()), model)
        out += "\n\n" + b_score.table(b_score.evaluate(list(documents_), list(extractions_), labels_path))
    except ImportError:
        pass
    if show_errors:
        errors = [e for s in [*report.entities.values(), *report.relations.values()] for e in s.errors]
        out += "\n\n" + "\n".join(errors)
    return out


if __name__ == "__main__":  # python -m nlp.evaluate data/sample
    import sys

    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    print(run_eval(args[0] if args else None, show_errors="-v" in sys.argv))
