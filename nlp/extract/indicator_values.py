"""The cells of an indicator's figures: the number in a value, RAG letters and arrows
("G ↔", "$A \\longrightarrow G$"), status words ("On target", "Not met"), trends
("Improving", "↑") and ticks or crosses. Action tables read their status cells with these too."""

from __future__ import annotations

import re


_NUMBER = re.compile(r"[-\u2212]?\d[\d,]*(?:\.\d+)?")
# Greek and Cyrillic capitals that PDF conversion leaves in place of Latin RAG letters.
_CONFUSABLE = str.maketrans({"\u0391": "A", "\u0392": "B", "\u039c": "M", "\u0410": "A", "\u0412": "B",
                             "\u041c": "M", "\u0420": "R", "\u0421": "C"})
_RAG_CELL = re.compile(r"^(?:\$?\s*(?:[RAGBM]|\\[a-z]+|[\u2190-\u21ff\u27f5-\u27ff\u2b00-\u2bff]|\ufe0f|\s|\$)+)$")
_TREND_WORDS = {
    "improving": "improving", "improved": "improving", "better": "improving",
    "declining": "declining", "declined": "declining", "worse": "declining", "deteriorating": "declining",
    "maintained": "maintained", "no change": "maintained", "unchanged": "maintained", "static": "maintained",
    "stable": "maintained", "same": "maintained",
}
_ARROWS = {
    "\u2191": "improving", "\u2197": "improving", "\u2b06": "improving", "\\uparrow": "improving",
    "\u2193": "declining", "\u2198": "declining", "\u2b07": "declining", "\\downarrow": "declining",
    "\u2194": "maintained", "\u21d4": "maintained", "\u2192": "maintained",
    "\\leftrightarrow": "maintained", "\\hookrightarrow": "maintained", "\\rightarrow": "maintained",
}
_TRANSITION = re.compile(r"\\longrightarrow|\u27f6|\u2192|\bto\b")
STATUS_WORDS = re.compile(
    r"^(on target|off target|near target|below target|above target|at target|on track|off track|"
    r"not met|met|achieved|exceeded|monitor only|data only|no target|in progress|completed)\b",
    re.I,
)
RAG_NAMES = {"R": "Red", "A": "Amber", "G": "Green", "B": "Blue", "M": "Monitor only"}


def numeric(value: str) -> float | None:
    """The number in a value as written ("£559,576" -> 559576.0, "8.7 days" -> 8.7)."""
    m = _NUMBER.search(value.replace("\u2212", "-"))
    if not m:
        return None
    try:
        return float(m.group(0).replace(",", ""))
    except ValueError:
        return None


def is_rag_cell(text: str) -> bool:
    """A cell of RAG letters and arrows only ("G", "A \u2191", "$R \\longrightarrow G$")."""
    cell = text.translate(_CONFUSABLE).strip()
    return bool(cell) and bool(_RAG_CELL.match(cell)) and bool(re.search(r"(?<![a-z\\])[RAGBM](?![a-z])", cell))


def read_rag(text: str, value: str | None = None, target: str | None = None) -> tuple[str | None, str | None]:
    """(status, trend) from a cell such as "G ↔", "$G \\longrightarrow R$", "A ↑".

    With two letters the cell shows a change: after a transition arrow the last letter is
    the status; otherwise the letter that agrees with value against target, else the first."""
    cell = text.translate(_CONFUSABLE)
    letters = re.findall(r"(?<![a-z\\])([RAGBM])(?![a-z])", cell)
    trend = next((t for a, t in _ARROWS.items() if a in cell and not (a == "\u2192" and len(letters) > 1)), None)
    if not letters:
        return None, trend
    if len(letters) == 1 or len(set(letters)) == 1:
        return RAG_NAMES[letters[0]], trend
    if _TRANSITION.search(cell):
        return RAG_NAMES[letters[-1]], trend
    expected = expected_rag(value, target)
    if expected and expected in letters:
        return RAG_NAMES[expected], trend
    return RAG_NAMES[letters[0]], trend


def expected_rag(value: str | None, target: str | None) -> str | None:
    """R/A/G when higher is better: met -> G, within 5% -> A, else R."""
    v, t = numeric(value or ""), numeric(target or "")
    if v is None or t is None:
        return None
    if v >= t:
        return "G"
    return "A" if t and (t - v) / abs(t) <= 0.05 else "R"


def read_trend(text: str) -> str | None:
    """"improving", "declining" or "maintained" from a trend word or arrow."""
    lower = text.lower()
    for word, trend in _TREND_WORDS.items():
        if re.search(rf"\b{word}\b", lower):
            return trend
    return next((t for a, t in _ARROWS.items() if a in text), None)


# Ticks and crosses standing for met / not met.
_TICKS = {"\u2713": "Met", "\u2714": "Met", "\u2611": "Met", "\u221a": "Met", "\u2705": "Met",
          "\u2717": "Not met", "\u2718": "Not met", "\u2612": "Not met", "\u274c": "Not met", "\u00d7": "Not met"}


def tick(cell: str) -> str | None:
    """"Met" for a tick, "Not met" for a cross, None for anything else."""
    return _TICKS.get(cell.strip().replace("\ufe0f", ""))
