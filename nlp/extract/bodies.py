"""Council bodies as papers name them: "SCRUTINY COMMITTEE", "Report to: Cabinet", "full council".

One name per body (`body_name`), one form for keys (`norm_body`: "&" and "and" are one), and the
line that names a body over a meeting's header (`body_line`). The document's own council on its
letterhead is not a body."""

from __future__ import annotations

import re

from nlp.extract.lines import Line

BODY_WORDS = r"(?:committee|sub-committee|subcommittee|panel|board|forum|cabinet|executive|full\s+council|council)"
BODY_LINE = re.compile(
    r"^(?:(?:report|minutes|agenda|notice)\s+(?:to|of|for)\s+(?:the\s+)?(?:meeting\s+of\s+(?:the\s+)?)?)?"
    r"(?P<body>(?:[A-Za-z&',\-]+\s+){0,6}?" + BODY_WORDS + r")"
    r"(?:\s+(?:agenda|minutes|meeting|report|summons))?\s*:?$",
    re.IGNORECASE,
)
COUNCIL_NAME = re.compile(r"\b(?:city|borough|district|county|town|parish)\s+council\b|\bcouncil\s+of\b", re.I)


def body_name(text: str) -> str:
    """Canonical body name: "SCRUTINY COMMITTEE" -> "Scrutiny Committee", "full council" -> "Council"."""
    text = re.sub(r"\s*\([A-Z&]{2,8}\)", "", text)  # "(R&D)": an acronym the text defines
    text = re.sub(r"\s+", " ", text).strip(" :,-")
    text = re.sub(r"^(?:(?:and|&|of|for)\s+)+", "", text, flags=re.I)
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    if re.fullmatch(r"(?i)(?:full\s+)?council", text):
        return "Council"
    small = {"and", "of", "the", "for", "&", "on", "to"}
    return " ".join(w if w.isupper() and len(w) <= 4 and not w.lower() in small and w not in ("CABINET",)
                    and len(w) <= 3 else (w.lower() if w.lower() in small else w[:1].upper() + w[1:].lower())
                    for w in text.split())


def norm_body(name: str) -> str:
    """Body names in keys: "&" and "and" are one."""
    return re.sub(r"\s*&\s*", " and ", name)


def body_kind(name: str) -> str:
    lower = name.lower()
    for word in ("sub-committee", "committee", "panel", "board", "forum", "cabinet", "executive"):
        if word in lower:
            return word
    return "council"


def same_council(name: str, council: str | None) -> bool:
    """Is `name` the document's council ("Eastbridge Council" on Eastbridge Council's letterhead)?"""
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z]+", text.lower().replace("&", " and "))
    return bool(council) and words(name) == words(council or "")


def body_line(line: Line, council: str | None = None) -> tuple[str, int, int] | None:
    text = re.sub(r"</?[a-z]+>", "", line.clean)
    if not text or len(text.split()) > 9 or COUNCIL_NAME.search(text) or same_council(text, council):
        return None
    to = re.search(r"(?i)\breport\s+to\s*:?\s+(?:the\s+)?(.+?)\s*:?$", text)
    if to and re.fullmatch(r"(?i)(?:[A-Za-z&',\-]+\s+){0,6}?" + BODY_WORDS, to.group(1)):
        body = to.group(1)
    else:
        m = BODY_LINE.match(text)
        if not m or re.search(r"(?i)\b(?:report|members)\b", m.group("body")):
            return None
        body = m.group("body")
    at = line.text.find(body)
    start = line.start + (at if at >= 0 else 0)
    return body, start, start + len(body)

