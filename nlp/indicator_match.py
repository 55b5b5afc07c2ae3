"""Whether two councils' performance indicators measure the same thing.

Councils name one measure many ways ("% of household waste sent for reuse, recycling and
composting", "Recycling rate", "NI 192"), and near-misses read almost alike ("% of calls
answered within 20 seconds" / "... within 90 seconds"; "major" / "non-major" planning
applications). A wrong link misleads a comparison, so precision comes first: a pair is linked
only when nothing in the names sets them apart — national indicator codes, the unit (a
percentage is not a count, days are not a percentage), the marked words councils use to split a
measure (major / non-major, new claims / changes of circumstances, short / long term sickness,
affordable homes, the council's own programme) and the standard named in the name (within 20
vs 90 seconds, per 100,000) — and the measured thing is close in meaning: the sentence
embedding of the normalised names (the caller passes `embed`, the project's encoder) at or
above a threshold. Without an embedder only national codes and equal normalised names link.

Pure functions over plain records; graph/indicator_links.py writes the links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

THRESHOLD = 0.66  # cosine of the normalised names; measured on tests/fixtures/indicator_pairs.json
NEIGHBOURS = 20  # candidates per indicator taken from the embedding before the checks
FLOOR = 0.2  # candidates reach this far below the threshold: shared words can lift their score

Embed = Callable[[Sequence[str]], np.ndarray]  # texts -> unit-length rows


@dataclass(frozen=True, slots=True)
class IndicatorName:
    """An indicator as the matcher sees it: its council, name, reference and some figures."""

    key: str  # its IRI (or any id)
    council: str
    label: str
    notation: str = ""  # the council's reference ("HOS006", "NI 192")
    unit: str = ""  # cg:unit when the extraction gave one
    values: tuple[str, ...] = ()  # values and targets as written ("24.8 days", "45%")


@dataclass(frozen=True, slots=True)
class Measure:
    """What a name says about the measure: the thing measured (normalised text), its national
    code, unit dimension, the qualifiers that split it and the standards it names."""

    text: str
    code: str | None
    unit: str | None
    qualifiers: frozenset[str]
    standards: frozenset[tuple[str, float]]
    endpoint: str | None = None  # what a time is measured to: approval, decision, completion
    outcome: str | None = None  # what is done to the cases counted: removed, inspected, resolved
    timed: bool = False  # held to a time standard, with or without a figure ("within target time limits")
    words: frozenset[str] = frozenset()  # content-word stems of `text`


@dataclass(frozen=True, slots=True)
class Match:
    a: str
    b: str
    score: float
    reason: str  # "national code NI 192" | "same name" | "similar names (0.81)"


# -- national codes ------------------------------------------------------------------------------
# The National Indicator Set (2008-2010) and Best Value Performance Indicators are still quoted in
# council reports; the code is the same measure everywhere. Titles of the common ones stand in for
# a name that is only the code.
CODE = re.compile(r"\b(NI|BVPI|BV|PAM)\s*[-/]?\s*(\d{1,3}[a-z]?)\b", re.I)
CODE_TITLES = {
    "NI 154": "Net additional homes provided",
    "NI 155": "Number of affordable homes delivered (gross)",
    "NI 156": "Number of households living in temporary accommodation",
    "NI 157a": "Percentage of major planning applications determined within 13 weeks",
    "NI 157b": "Percentage of minor planning applications determined within 8 weeks",
    "NI 157c": "Percentage of other planning applications determined within 8 weeks",
    "NI 191": "Residual household waste per household (kg)",
    "NI 192": "Percentage of household waste sent for reuse, recycling and composting",
    "NI 195": "Percentage of land with unacceptable levels of litter",
    "NI 196": "Fly tipping enforcement",
    "BV 8": "Percentage of invoices paid within 30 days",
    "BV 9": "Percentage of council tax collected",
    "BV 10": "Percentage of business rates collected",
    "BV 12": "Working days lost due to sickness absence per FTE",
    "BV 66a": "Percentage of rent collected",
    "BV 78a": "Average days to process new housing benefit claims",
    "BV 78b": "Average days to process housing benefit changes of circumstances",
    "BV 212": "Average days to re-let local authority housing",
}


def national_code(*texts: str) -> str | None:
    """"NI 192", "BV 9" from a name or reference ("BV9", "NI-157a", "BVPI 12" -> "BV 12")."""
    for text in texts:
        m = CODE.search(text or "")
        if m:
            scheme = m.group(1).upper().replace("BVPI", "BV")
            return f"{scheme} {m.group(2).lower()}"
    return None


# -- normalising the name ------------------------------------------------------------------------
# Sector words written several ways, each mapped to one spelling so the embedding compares the
# measure, not the house style. Jargon only: no topic synonyms.
TERMS = [
    (r"\bvoids?\s+(?:turn[- ]?around|re-?let)\s+times?\b", "time to re-let void council homes"),
    (r"\bvoid (?:properties|homes|dwellings)\b|\bvoids\b", "void council homes"),
    (r"\brelet\b|\bre-let(?:ting)?\b", "re-let"),
    (r"\b(?:nndr|national non-?domestic rates|non-?domestic rates)\b", "business rates"),
    (r"\bdfgs?\b|\bdfg's\b", "disabled facilities grant"),
    (r"\basb\b", "anti-social behaviour"),
    (r"\bhmos?\b|\bhmo's\b", "houses in multiple occupation"),
    (r"\bhb\b", "housing benefit"),
    (r"\bctr\b|\bcts\b|council tax (?:reduction|support)", "council tax support"),
    (r"\bfte\b", "full time equivalent"),
    (r"\bsick days\b|\bdays? (?:of )?sickness\b|\bdays lost (?:to|due to|through) sickness\b", "days sickness absence"),
    (r"\bsickness\b(?! absence)", "sickness absence"),
    (r"\bfly[- ]?tip(?:s|ping)?\b", "fly tipping"),
    (r"\bchanges? (?:in|of) circumstances?\b|\bchange events?\b", "changes of circumstances"),
    (r"\bbenefits claims\b", "benefit claims"),
    (r"\b(?:additional|new) (?:dwellings|housing units|homes)\b", "new homes"),
    (r"\bdwellings\b", "homes"),
    (r"\b(?:local authority|council) (?:housing|homes|properties)\b", "council homes"),
    (r"\bhomes (?:built|provided|completed|delivered)\b", "homes delivered"),
    (r"\b(?:with)?in the (?:borough|district|city|county|area|authority)\b", ""),
    (r"\b(?:recycling|recycled)(?: rate)?\b", "recycled"),
]
_TERMS = [(re.compile(p, re.I), r) for p, r in TERMS]

LEAD = re.compile(
    r"^(?:(?:the|overall|total|average|mean|median|cumulative|annual|monthly|quarterly)\s+"
    r"|(?:%|percentage|per\s?cent|proportion|number|no\.?|amount|level|rate|count)\s+(?:of\s+)?)+", re.I)
NOTES = re.compile(r"\((?:[^()]*(?:\b(?:cumulative|rolling|ytd|year to date|gross|net|inc\.?|including|excluding|"
                   r"kwh|kg|tonnes?|days|weeks|eot)\b|%|£)[^()]*)\)|\*", re.I)


def normalise(name: str) -> str:
    """The thing measured, in lower case: code, unit words and reporting notes out, jargon in
    one spelling ("% of Household Waste Recycled (inc. food waste)" -> "household waste recycled")."""
    text = CODE.sub(" ", name)
    text = NOTES.sub(" ", text)
    text = re.sub(r"^[\s:;,.–-]+", "", text)
    for pattern, replacement in _TERMS:
        text = pattern.sub(replacement, text)
    text = re.sub(r"\s+", " ", text).strip(" :;,.–-").lower()
    return LEAD.sub("", text).strip() or text


# -- unit ----------------------------------------------------------------------------------------
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "thirty": 30}
TIME_UNITS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "working day": 1.0,
              "calendar day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}
_NUMBER = r"(\d[\d,]*(?:\.\d+)?|" + "|".join(WORD_NUMBERS) + r")"
_TIME = r"(working day|calendar day|second|minute|hour|day|week|month|year)s?"
# a standard the measure is held to: "within 13 weeks", "in 90 seconds", "3 or above", "per 100,000"
WITHIN = re.compile(rf"\b(?:within|in|under|less than|inside)\s+{_NUMBER}\s+{_TIME}\b", re.I)
LEVEL = re.compile(rf"\b(?:at least|a score of at least|rated|rating of|score of)?\s*{_NUMBER}\s*(?:\([^)]*\)\s*)?"
                   r"(?:or|and)\s+(?:above|better|over|more|higher)\b|\bat least\s+" + _NUMBER + r"\b", re.I)
TIMED = re.compile(r"\bwithin\b|\bon time\b|\bin time\b|\btimescales?\b|\btime limits?\b|\bdeadlines?\b", re.I)
PER = re.compile(r"\bper\s+(1,?000|10,?000|100,?000|100k|1k|10k|thousand|million)\b", re.I)

UNIT_WORDS = [  # (dimension, pattern), first match wins; read after the standards are taken out
    ("percent", re.compile(r"%|\bper\s?cent|\bpercentage\b|\bproportion\b|\brate\b(?!s)", re.I)),
    ("rate", PER),
    ("duration", re.compile(r"\b(?:days|weeks|months|hours|minutes|time|turnaround|how long)\b", re.I)),
    ("money", re.compile(r"£|\b(?:spend|cost|costs|expenditure|income|fees|savings|budget)\b", re.I)),
    ("mass", re.compile(r"\b(?:tonnage|tonnes?|kg|kilograms?|co2|carbon)\b", re.I)),
    ("energy", re.compile(r"\b(?:kwh|mwh|gwh)\b", re.I)),
    ("score", re.compile(r"\b(?:score|index|nps)\b", re.I)),
    ("count", re.compile(r"\b(?:number|no\.?|count|total)\b(?!\s+of\s+(?:days|weeks|months))", re.I)),
]
VALUE_UNITS = [("percent", re.compile(r"%")), ("duration", re.compile(r"\b(?:days?|weeks?|months?|hours?)\b", re.I)),
               ("money", re.compile(r"£")), ("mass", re.compile(r"\b(?:tonnes?|kg)\b", re.I)),
               ("energy", re.compile(r"\bkwh\b", re.I))]
UNIT_NAMES = {"%": "percent", "percent": "percent", "percentage": "percent", "days": "duration",
              "weeks": "duration", "number": "count", "count": "count", "£": "money", "tonnes": "mass",
              "kwh": "energy"}


def _number(text: str) -> float:
    text = text.lower()
    return float(WORD_NUMBERS.get(text) or text.replace(",", ""))


def standards(name: str) -> frozenset[tuple[str, float]]:
    """The standards a name sets: ("within", days), ("level", n), ("per", base)."""
    found = set()
    for m in WITHIN.finditer(name):
        found.add(("within", round(_number(m.group(1)) * TIME_UNITS[m.group(2).lower()], 6)))
    for m in LEVEL.finditer(name):
        found.add(("level", _number(m.group(1) or m.group(2))))
    for m in PER.finditer(name):
        base = m.group(1).lower().replace(",", "")
        found.add(("per", {"thousand": 1000.0, "million": 1e6, "1k": 1e3, "10k": 1e4, "100k": 1e5}.get(base)
                   or float(base)))
    return frozenset(found)


SPAN = re.compile(rf"\b{_NUMBER}\s+{_TIME}\b", re.I)  # "for a minimum of 6 months": a condition, not the unit


def unit_of(indicator: IndicatorName, name: str) -> str | None:
    """The unit dimension: from the name (its standards taken out), else cg:unit, else the values."""
    bare = SPAN.sub(" ", LEVEL.sub(" ", WITHIN.sub(" ", name)))
    if re.search(r"\bsatisfaction\b|\bsatisfied\b", bare, re.I) and not re.search(r"%|percentage|proportion", bare, re.I):
        bare = ""  # a satisfaction score or a share: unknown unless written
    for dimension, pattern in UNIT_WORDS:
        if pattern.search(bare):
            return dimension
    if indicator.unit.strip().lower() in UNIT_NAMES:
        return UNIT_NAMES[indicator.unit.strip().lower()]
    for value in indicator.values:
        for dimension, pattern in VALUE_UNITS:
            if pattern.search(value):
                return dimension
    return None


# -- qualifiers: the marked words that split one measure into parts ------------------------------
# Each group's members are different parts of a measure; a name with one of them is not the
# measure named without it (short-term sickness is not all sickness), nor another member.
QUALIFIER_GROUPS: list[list[tuple[str, re.Pattern[str]]]] = [
    [("non-major", re.compile(r"\bnon[- ]?major\b", re.I)),
     ("major", re.compile(r"(?<!non-)(?<!non )\bmajor\s+(?:planning\s+)?(?:applications?|developments?|schemes?)\b"
                          r"|\bapplications? for major\b|\bfor major applications\b", re.I)),
     ("minor", re.compile(r"\bminor\s+(?:planning\s+)?(?:applications?|developments?)\b", re.I)),
     ("other-applications", re.compile(r"\bother\s+(?:planning\s+)?applications\b", re.I))],
    [("new-claims", re.compile(r"\bnew\b[\w\s]*\bclaims?\b|\bnew claims\b", re.I)),
     ("changes-of-circumstances", re.compile(r"\bchanges? (?:in|of) circumstances?\b|\bchange events?\b", re.I))],
    [("short-term", re.compile(r"\bshort[- ]?term\b(?=.*\bsick)|\bsick\w*\b.*\bshort[- ]?term\b", re.I)),
     ("long-term", re.compile(r"\blong[- ]?term\b(?=.*\bsick)|\bsick\w*\b.*\blong[- ]?term\b", re.I))],
    [("prevention", re.compile(r"\bprevent\w*\b", re.I)), ("relief", re.compile(r"\brelief\b", re.I))],
    [("answered", re.compile(r"\banswered\b", re.I)), ("abandoned", re.compile(r"\babandoned\b", re.I))],
    [("affordable", re.compile(r"\baffordable\b", re.I))],
    [("temporary-staff", re.compile(r"\b(?:temporary|agency|casual)\s+(?:employees?|staff|workers?)\b", re.I))],
    [("local-suppliers", re.compile(r"\blocal\s+(?:suppliers?|businesses|firms)\b", re.I))],
    [("own-programme", re.compile(r"\b(?:through|by|via|from)\s+(?:the\s+)?(?:council'?s\s+)?[\w\s]{0,40}?"
                                  r"\b(?:programme|scheme|project)\b", re.I))],
    [("bed-and-breakfast", re.compile(r"\bbed and breakfast\b|\bb\s?&\s?b\b|\bnightly paid\b", re.I))],
    [("satisfaction", re.compile(r"\bsatisf(?:action|ied)\b", re.I))],
    [("appeals", re.compile(r"\bappeals?\b", re.I))],
    [("extension-of-time", re.compile(r"\bextensions? of time\b|\beot\b", re.I))],
]


def qualifiers(name: str) -> frozenset[str]:
    return frozenset(q for group in QUALIFIER_GROUPS for q, pattern in group if pattern.search(name))


# What a time is measured to ("from referral to approval", "taken to deliver"): two times to
# different end-points differ; a name without one says nothing either way.
ENDPOINTS = [("approval", re.compile(r"\bto\s+(?:the\s+)?(?:approval|approve)\b", re.I)),
             ("completion", re.compile(r"\bto\s+(?:the\s+)?(?:completion|complete|deliver|delivery)\b", re.I)),
             ("decision", re.compile(r"\bto\s+(?:the\s+)?(?:decision|decide|determine|process)\b", re.I))]


# What is done to the cases counted: fly tips removed are not fly tips assessed. As with end-points,
# only two names that both say it can differ.
OUTCOMES = [("removed", re.compile(r"\b(?:removed|cleared|collected|cleaned)\b", re.I)),
            ("inspected", re.compile(r"\b(?:inspected|assessed|investigated|visited|inspections?)\b", re.I)),
            ("resolved", re.compile(r"\b(?:resolved|closed)\b", re.I))]


def endpoint(name: str) -> str | None:
    return next((e for e, pattern in ENDPOINTS if pattern.search(name)), None)


def outcome(name: str) -> str | None:
    return next((e for e, pattern in OUTCOMES if pattern.search(name)), None)


STOP = frozenset("""a an and are as at be been being by during for from in inc including into is of on or
per that the their to was were where which who whose with within without its it's council councils borough
number no percentage proportion average mean total amount rate level count time days weeks months""".split())


def stem(word: str) -> str:
    """A crude English stem, enough to meet "prevented" / "prevention", "homes" / "home"."""
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("es") and word[:-2].endswith(("s", "x", "ch", "sh")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    for suffix in ("ness", "ing", "ion", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in re.findall(r"[a-z][a-z'-]*", text.lower()) if w not in STOP and len(w) > 1)


def overlap(a: Measure, b: Measure) -> float:
    """Share of the shorter name's content words found in the other (0 when either has none)."""
    if not a.words or not b.words:
        return 0.0
    return len(a.words & b.words) / min(len(a.words), len(b.words))


def similarity(a: Measure, b: Measure, cosine: float) -> float:
    """The embedding's cosine, raised towards the word overlap when the words agree more: one
    name's words all found in the other ("Rough sleepers" / "No of verified rough sleepers")."""
    return max(cosine, (cosine + overlap(a, b)) / 2)


def read_measure(indicator: IndicatorName) -> Measure:
    """What `indicator`'s name says; a name that is only a national code reads as the code's title."""
    code = national_code(indicator.label, indicator.notation)
    name = indicator.label
    if code and len(re.sub(r"\W+", "", CODE.sub("", name))) < 3 and code in CODE_TITLES:
        name = CODE_TITLES[code]
    text = normalise(name)
    return Measure(text, code, unit_of(indicator, name), qualifiers(name), standards(name), endpoint(name),
                   outcome(name), bool(TIMED.search(name)), content_words(text))


def conflict(a: Measure, b: Measure) -> str | None:
    """Why two measures cannot be the same, or None."""
    if a.code and b.code and a.code != b.code:
        return f"codes {a.code} / {b.code}"
    if a.unit and b.unit and a.unit != b.unit:
        return f"units {a.unit} / {b.unit}"
    if a.endpoint and b.endpoint and a.endpoint != b.endpoint:
        return f"end-points {a.endpoint} / {b.endpoint}"
    if a.outcome and b.outcome and a.outcome != b.outcome:
        return f"outcomes {a.outcome} / {b.outcome}"
    if a.qualifiers != b.qualifiers:
        return "parts " + " / ".join(", ".join(sorted(q)) or "-" for q in (a.qualifiers, b.qualifiers))
    if bool(a.timed) != bool(b.timed) and ({k for k, _ in a.standards} | {k for k, _ in b.standards}) & {"within"}:
        return "one is held to a time standard, the other is not"
    for kind in ("within", "level", "per"):
        mine = {v for k, v in a.standards if k == kind}
        theirs = {v for k, v in b.standards if k == kind}
        if mine and theirs and not mine & theirs:
            return f"standards {kind} {sorted(mine)} / {sorted(theirs)}"
    return None


def decide(a: Measure, b: Measure, cosine: float | None, threshold: float = THRESHOLD) -> Match | None:
    """Whether the two measures are one (keys left empty: the caller fills them)."""
    if a.code and a.code == b.code:
        return Match("", "", 1.0, f"national code {a.code}")
    if conflict(a, b):
        return None
    if a.text == b.text:
        return Match("", "", 1.0, "same name")
    if cosine is None:
        return None
    score = similarity(a, b, cosine)
    if score >= threshold:
        return Match("", "", round(float(score), 4), f"similar names ({score:.2f})")
    return None


def match_indicators(indicators: Sequence[IndicatorName], embed: Embed | None = None,
                     threshold: float = THRESHOLD, neighbours: int = NEIGHBOURS) -> list[Match]:
    """Every pair of indicators of different councils found to be the same measure, each once
    (a.key < b.key), sorted. Candidates are each indicator's nearest names by embedding, plus
    those sharing a national code or a normalised name, so the work grows with n, not n²."""
    measures = [read_measure(i) for i in indicators]
    candidates: dict[tuple[int, int], float | None] = {}
    by_exact: dict[str, list[int]] = {}
    for index, measure in enumerate(measures):
        if measure.code:
            by_exact.setdefault("code:" + measure.code, []).append(index)
        by_exact.setdefault("text:" + measure.text, []).append(index)
    for group in by_exact.values():
        for i in group:
            for j in group:
                if i < j:
                    candidates[(i, j)] = None
    if embed is not None and len(indicators) > 1:
        texts = sorted({m.text for m in measures})
        row = {t: n for n, t in enumerate(texts)}
        vectors = np.asarray(embed(texts), dtype=np.float32)
        vectors = vectors[[row[m.text] for m in measures]]
        k = min(neighbours, len(indicators) - 1)
        for start in range(0, len(indicators), 512):  # a block of rows at a time: memory stays flat
            scores = vectors[start:start + 512] @ vectors.T
            for offset, line in enumerate(scores):
                i = start + offset
                line[i] = -1.0
                for j in np.argpartition(-line, k)[:k + 1]:
                    if line[j] >= threshold - FLOOR and j != i:
                        candidates[(min(i, int(j)), max(i, int(j)))] = float(line[j])
        for (i, j), score in candidates.items():
            if score is None:
                candidates[(i, j)] = float(vectors[i] @ vectors[j])
    matches = []
    for (i, j), score in candidates.items():
        a, b = indicators[i], indicators[j]
        if a.council == b.council:
            continue
        found = decide(measures[i], measures[j], score, threshold)
        if found:
            first, second = sorted((a.key, b.key))
            matches.append(Match(first, second, found.score, found.reason))
    return sorted(set(matches), key=lambda m: (m.a, m.b))
