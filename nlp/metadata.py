"""Infer a document's council, type, date and title from its text (never from its file name).

Council: see `nlp.council`.

Type: the first title-like line near the top that uses a word councils use ("Agenda",
"Minutes", "Report to Cabinet", "Performance", "Service Plan", "Forward Plan", "Cabinet
Member's Report"); a generic "Report to ..." gives way to a more specific type nearby.

Date: a labelled meeting date ("Date of meeting: 5 November 2024", "Date: Wednesday 17th
November 2021") near the top, else a date standing on its own line there, else any date in
the opening text; day-first. A plan titled with a financial year ("Service Plan 2014-2015")
and no other date gets the first day of that year (1 April).

Title: a labelled title, a summons' meeting, then (PDF and Word files) the largest type on the
first page that reads as a title, then the first title-like line; never the publisher's name
(a council's, a combined authority's), and in a bilingual paper the English line, not the Welsh.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from nlp.bilingual import english_half, is_welsh
from nlp.council import authority_mentions, explicit_mentions, infer_council, plain_mentions
from nlp.gazetteer import by_place
from nlp.normalise import clean_unicode
from nlp.typography import Run, SizedLine, display_runs

HEAD_CHARS = 4000  # "near the top": the opening of the document
HEAD_LINES = 80

DOC_TYPES = (
    "agenda", "minutes", "report", "performance report", "service plan", "forward plan",
    "member's report", "other",
)


@dataclass(frozen=True, slots=True)
class Metadata:
    council: str | None
    council_id: str | None
    doc_type: str
    date: str | None
    title: str


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens (the same rule as `graph.iris.slug`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "unnamed"


def infer_metadata(text: str, typography: Sequence[SizedLine] = ()) -> Metadata:
    """Council, type, date and title of a normalised document text; `typography` holds the type
    sizes of a PDF's or Word file's first lines (`nlp.typography`), empty for other files."""
    lines = _head_lines(text)
    council = infer_council(text)
    doc_type = infer_doc_type(lines)
    title = infer_title(lines, display_runs(typography), doc_type)
    return Metadata(
        council=council,
        council_id=slug(council) if council else None,
        doc_type=doc_type,
        date=infer_date(text, lines, title),
        title=title,
    )


def _head_lines(text: str) -> list[str]:
    lines = []
    for raw in text[: HEAD_CHARS * 2].split("\n"):
        line = raw.strip().strip("*").strip()
        if line:
            lines.append(line)
        if len(lines) >= HEAD_LINES:
            break
    return lines


# --- dates ----------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_NAME = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DATE_WORDS = re.compile(
    _WEEKDAY + r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTH_NAME + r",?\s+(?P<year>(?:19|20)\d\d)\b",
    re.I,
)
_DATE_US = re.compile(_WEEKDAY + r"\b" + _MONTH_NAME + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,\s*(?P<year>(?:19|20)\d\d)\b", re.I)
_DATE_NUMERIC = re.compile(r"\b(?P<day>[0-3]?\d)[./-](?P<month>[01]?\d)[./-](?P<year>(?:19|20)\d\d|\d\d)\b(?![./-]\d)")
_MEETING_LABEL = re.compile(
    r"\b(?:date\s+of\s+(?:the\s+)?meeting|meeting\s+date|date\s+of\s+(?:the\s+)?(?:committee|cabinet|council)"
    r"|meeting\s+(?:held\s+)?on|date)\s*[:\-]?\s*",
    re.I,
)
_PUBLICATION_LABEL = re.compile(r"\b(?:date\s+of\s+publication|publication\s+date|published|issue\s+date|dated?)\s*[:\-]?\s*", re.I)
_YEAR_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[-/]\s*((?:19|20)?\d\d)\b")
_HELD_ON = re.compile(r"\b(?:to\s+be\s+|will\s+be\s+)?held\b[^.\n]{0,160}?\bon\s+", re.I)
# A line about an earlier meeting: the minutes to approve, confirm or sign, the last meeting.
_PREVIOUS_MEETING = re.compile(
    r"\b(?:approv\w*|confirm\w*|correct(?:ly)?\s+record\w*|signed|sign|previous|last|matters\s+arising)\b", re.I)


def parse_date(text: str) -> tuple[str, int, int] | None:
    """The first UK-style date in `text` as (ISO date, start, end), or None."""
    found = []
    for pattern in (_DATE_WORDS, _DATE_US, _DATE_NUMERIC):
        for match in pattern.finditer(text):
            iso = _iso(match)
            if iso:
                found.append((match.start(), iso, match.end()))
                break
    if not found:
        return None
    start, iso, end = min(found)
    return iso, start, end


def _iso(match: re.Match[str]) -> str | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text[:3].lower()]
    year = int(match.group("year"))
    if year < 100:
        year += 2000
    try:
        return date(year, month, int(match.group("day"))).isoformat()
    except ValueError:
        return None


def _line_of(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start : end if end >= 0 else len(text)]


def infer_date(text: str, lines: list[str], title: str = "") -> str | None:
    """The meeting or publication date near the top of the document."""
    head = text[:HEAD_CHARS]
    # 1. a labelled meeting date ("Date:", "Date of meeting:", "meeting held on"), or the place and
    #    date a meeting is held ("held at the Memorial Hall, Ashcombe on 9th January 2024"), the
    #    first in the text; never the previous meeting whose minutes are approved or confirmed
    candidates = []
    for match in _MEETING_LABEL.finditer(head):
        if _PUBLICATION_LABEL.match(head, max(0, match.start() - 20)) and "publication" in head[max(0, match.start() - 20) : match.end()].lower():
            continue
        found = parse_date(head[match.end() : match.end() + 60])
        if found and found[1] == 0:
            candidates.append((match.start(), found[0]))
    for match in _HELD_ON.finditer(head):
        found = parse_date(head[match.end() : match.end() + 60])
        if found and found[1] == 0:
            candidates.append((match.start(), found[0]))
    for position, iso in sorted(candidates):
        if not _PREVIOUS_MEETING.search(_line_of(head, position)):
            return iso
    # 2. a date standing on a line of its own (a cover page, a letterhead)
    for line in lines:
        found = parse_date(line)
        if found and len(line) - (found[2] - found[1]) <= 12:
            return found[0]
    # 3. a labelled publication date, then any date in the opening text
    for match in _PUBLICATION_LABEL.finditer(head):
        found = parse_date(head[match.end() : match.end() + 60])
        if found and found[1] == 0:
            return found[0]
    found = parse_date(head[:1500])
    if found:
        return found[0]
    # 4. a plan for a financial year: its first day
    years = _YEAR_RANGE.search(title)
    if years:
        first, second = int(years.group(1)), int(years.group(2)[-2:])
        if (first + 1) % 100 == second:
            return date(first, 4, 1).isoformat()
    return None


# --- document type ----------------------------------------------------------------------------

_TYPE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("member's report", re.compile(
        r"\b(?:cabinet|executive)\s+members?(?:'s|s'|')?\s+reports?\b|\bportfolio\s+holders?(?:'s|s'|')?\s+reports?\b"
        r"|\bleader(?:'s)?\s+report\s+to\s+council\b|\bcabinet\s+member\s+update\b", re.I)),
    ("forward plan", re.compile(
        r"\bforward\s+plan\b|\bnotice\s+of\s+key\s+decisions\b|\bkey\s+decisions?\s+plan\b|\bplan\s+of\s+key\s+decisions\b", re.I)),
    ("service plan", re.compile(r"\bservice\s+(?:and\s+financial\s+|delivery\s+|business\s+)?plan\b", re.I)),
    ("performance report", re.compile(
        r"\bperformance\s+(?:management\s+|monitoring\s+)?(?:report|scorecard|score\s+card|update|digest|"
        r"dashboard|monitoring)\b|\b(?:quarterly|q[1-4]|quarter\s+[1-4]).{0,30}\bperformance\b"
        r"|^(?:quarterly\s+|annual\s+)?(?:key\s+)?performance\s+indicators\b|\bkpi\s+(?:report|update|monitoring)\b", re.I)),
    ("minutes", re.compile(
        r"^minutes\b|\bminutes\s+of\s+(?:the|a)\b.{0,60}\bmeeting\b|^(?:draft|confirmed|unconfirmed)\s+minutes\b"
        r"|^(?:record|notes)\s+of\s+(?:the\s+|a\s+)?(?:[\w&'-]+\s+){0,5}meeting\b", re.I)),
    ("agenda", re.compile(
        r"\bagenda\b(?!\s*(?:item|no\b|number|ref|page))|^notice\s+of\s+(?:the\s+)?meeting\b|^summons\b"
        r"|\byou\s+are\s+(?:hereby\s+)?(?:summoned|requested|invited)\s+to\s+attend\b", re.I)),
    ("report", re.compile(
        r"^report\b|\breport\s+(?:to|of|for|by)\s*:?\s*(?:the\s+)?\w+|\b(?:committee|cabinet|officer)\s+report\b"
        r"|^report\s+(?:author|title|number|reference)\b|\breport$", re.I)),
)
_TYPE_FIRST = re.compile(r"^(?:minutes|agenda|report|notice|summons|record\s+of|notes\s+of)\b", re.I)
_SPECIFIC = {"member's report", "forward plan", "service plan", "performance report"}
_NOT_TITLE_START = re.compile(r"^(?:to\s+(?:approve|receive|note|consider|review)|\(|-\s|\d+\s*\.?\s*(?:to|-))", re.I)


def infer_doc_type(lines: list[str]) -> str:
    """One of DOC_TYPES, from the title-like lines at the top."""
    first: str | None = None
    for line in lines:
        limit = 30 if _TYPE_FIRST.match(line) else 16
        if len(line.split()) > limit or _NOT_TITLE_START.match(line) or "\t" in line:
            continue
        kind = next((name for name, pattern in _TYPE_RULES if pattern.search(line)), None)
        if kind is None:
            continue
        if first is None:
            first = kind
            if kind != "report":
                return kind
        elif kind in _SPECIFIC:
            return kind
    if first:
        return first
    head = "\n".join(lines).lower()
    if re.search(r"^present\s*:", head, re.M) and "apologies" in head:
        return "minutes"
    return "other"


# --- title ----------------------------------------------------------------------------------

_GENERIC_TITLE = re.compile(r"^(?:report(?:\s+to\s+.{0,40})?|agenda|minutes|appendix\s*\w*|contents|part\s+[ivx\d]+)$", re.I)
_SKIP_TITLE = re.compile(
    r"@|www\.|https?:|\btel\b|\bfax\b|\b[A-Z]{1,2}\d{1,2}[A-Z]?\s+\d[A-Z]{2}\b|^\W*$|^(?:page|version|contents)\b"
    r"|^(?:public|private|exempt|open|confidential|not\s+for\s+publication)\b",
    re.I,
)


_TITLE_LABEL = re.compile(r"^(?:report\s+)?(?:title|subject)(?:\s+of\s+(?:the\s+)?report)?\s*:\s*(\S.{2,140})$", re.I)
_ITEM_NUMBER = re.compile(r"^(?:agenda\s+)?item\s*(?:no\.?|number)?\s*:?\s*\d+[a-z]?$", re.I)
_NOTICE_OF_MEETING = re.compile(  # "Notice is hereby given that an Extraordinary Meeting of X will be held"
    r"\bnotice\s+is\s+(?:hereby\s+)?given\s+that\s+(?:an?|the)\s+((?:[A-Z][\w'’&-]*\s+){0,3}meeting\s+of\s+"
    r"(?:the\s+)?(?:[A-Z][\w'’&-]*|and|of|the|for|&)(?:\s+(?:[A-Z][\w'’&-]*|and|of|the|for|&)){0,8})"
    r"\s+(?:will|is\s+to|shall)\s+be\s+held\b", re.I)
_SUMMONS = re.compile(
    r"\b(?:summoned|requested|invited)\s+to\s+attend\s+(?:an?\s+)?(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?"
    r"((?:[A-Z][\w'’&-]*|and|of|the|for|&)(?:\s+(?:[A-Z][\w'’&-]*|and|of|the|for|&)){0,8})"
    r"\s+(?:to\s+be|which\s+will\s+be|will\s+be)\s+held\b", re.I)


_LABEL = re.compile(r"^[\w ]{1,30}:\s")
# In display type a colon more often divides a title ("Disabled Facilities Grants: Delivery
# Review") than it ends a label; these are the labels that are set large.
_DISPLAY_LABEL = re.compile(
    r"^(?:report\s+)?(?:to|from|by|author|date|time|venue|place|portfolio|wards?(?:\s+affected)?|contact|"
    r"(?:lead\s+|responsible\s+|contact\s+)?officers?|(?:cabinet\s+|lead\s+)?members?|subject|title|purpose|status|"
    r"classification|key\s+decision|decision|(?:agenda\s+)?item(?:\s+no\.?)?(?:\s+\w+)?|ref(?:erence)?|meeting)\s*:\s",
    re.I)
_YEARS = re.compile(r"^(?:19|20)\d\d(?:\s*[-/–]\s*\d\d(?:\d\d)?)?(?:\s*(?:to|-|–)\s*(?:19|20)\d\d(?:\s*[-/–]\s*\d\d(?:\d\d)?)?)?$", re.I)
_MONTH_YEAR = re.compile(
    r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|spring|summer|autumn|winter)\s+(?:19|20)\d\d$",
    re.I)


def _is_council_line(line: str) -> bool:
    mentions = [*explicit_mentions(line), *plain_mentions(line), *authority_mentions(line)]
    return any(start == 0 and end == len(line) for _, _, start, end in mentions)


def infer_title(lines: list[str], runs: Sequence[Run] = (), doc_type: str = "other") -> str:
    """A labelled title ("Report title: ..."), else the meeting a summons names, else the largest
    type that reads as a title (`runs`, from a PDF), else the first meaningful title-like line:
    not an address, a label, a date, an item number, a council's name or a list item."""
    for line in lines[:40]:
        labelled = _TITLE_LABEL.match(line)
        if labelled:
            return _tidy_title(labelled.group(1).strip())
    for line in lines[:30]:  # a summons names the meeting: "... summoned to attend a meeting of the X to be held"
        summoned = _SUMMONS.search(line) or _NOTICE_OF_MEETING.search(line)
        if summoned:
            return _tidy_title(summoned.group(1).strip())
    displayed = display_title(runs, doc_type)
    if displayed:
        return _tidy_title(displayed)
    candidates = [c for c in map(_title_line, lines[:30]) if c]
    english = [c for c in candidates if not is_welsh(c)]  # a bilingual paper prints Welsh first
    candidates = english or candidates
    if not candidates:
        return _tidy_title(lines[0][:140]) if lines else ""
    title = next((c for c in candidates if not _GENERIC_TITLE.match(c)), candidates[0])
    return _tidy_title(title)


def _title_line(line: str, label: re.Pattern[str] = _LABEL) -> str | None:
    """The line as a title candidate (cut before "held at/on ..."), or None when it is an
    address, label, date, item number, council name, list item or table row. Of a line set in
    Welsh and English ("Pwyllgor Cynllunio / Planning Committee"), the English."""
    line = english_half(line)
    words = len(line.split())
    typed = any(pattern.search(line) for _, pattern in _TYPE_RULES)
    if "\t" in line or re.search(r"\S {3,}\S", line) or words > (30 if typed else 16) or len(line) > 240:
        return None
    if line.endswith((":", ",", ";")) or (line.endswith(".") and not typed) or label.match(line):
        return None
    if _SKIP_TITLE.search(line) or _NOT_TITLE_START.match(line) or sum(c.isalpha() for c in line) < 4:
        return None
    if _ITEM_NUMBER.match(line) or _is_council_line(line):
        return None
    found = parse_date(line)
    if found and len(line) - (found[2] - found[1]) <= 12:
        return None
    return re.split(r"\s+held\s+(?:at|in|on)\b", line, maxsplit=1, flags=re.I)[0].rstrip(" .,") or None


# What display type also holds besides titles: section headings, a bare place name (a letterhead).
# A number with a point ("1.", "2.3") numbers a section; a bare one may start a title ("10 Year
# Capital Strategy"), so it only counts before a section's name.
_SECTION_HEADING = re.compile(
    r"^(?:(?:section|part|appendix|annex|schedule)\s+[\w.]+\b.*|\d{1,2}(?:\.\d+)*\.\s.*|\d{1,2}(?:\.\d+)+\s.*"
    r"|[a-z]\)\s.*|(?:\d{1,2}\s+)?(?:(?:executive\s+)?summary|introduction|background|purpose(?:\s+of\s+(?:the\s+)?report)?|recommendations?"
    r"|reasons?\s+for\s+(?:the\s+)?(?:recommendations?|decision)|(?:key\s+)?issues|options(?:\s+considered)?"
    r"|conclusions?|contents|foreword|context|proposals?|(?:\w+\s+)?implications|risks?|consultation"
    r"|(?:decisions?|action)\s+required|background\s+papers|glossary))$",
    re.I)
# A meeting body on its own ("Cabinet", "Audit and Governance Committee"): an agenda's title, a
# report's committee.
_BODY_ONLY = re.compile(
    r"^(?:the\s+)?(?:[\w'’&-]+\s+){0,6}?(?:cabinet|committee|sub-committee|executive|council|board|panel|forum)"
    r"(?:\s+(?:meeting|agenda|report|papers?))?$", re.I)
_MAX_TITLE_WORDS = 30


def display_title(runs: Sequence[Run], doc_type: str = "other") -> str | None:
    """The title set in display type: the first run, largest type first, that reads as a title
    once the lines that do not (a date, "Agenda Item 7", a council's name) are left out; lines
    of one run that do are joined ("Review of the Housing Allocations Policy and the" / "Tenancy
    Strategy"). A report's run that only names its committee ("Cabinet") gives way to a later one."""
    found: list[str] = []
    for run in runs:
        for title in _run_titles(run):
            if doc_type in ("agenda", "minutes") or not _BODY_ONLY.match(title):
                return title
            found.append(title)
    return found[0] if found else None


def _run_titles(run: Run) -> list[str]:
    titles, parts = [], []
    for line in (*run.lines, None):
        text = " ".join(clean_unicode(line.text).split()).strip("* ") if line else ""
        accepted = _display_line(text) if line else None
        if accepted is None and parts and _YEARS.match(text):
            accepted = text  # "Medium Term Financial Strategy" / "2024/25 to 2027/28"
        if accepted is not None:
            parts.append(accepted)
            continue
        if parts:
            joined = _join_lines(parts).rstrip(":,;–- ")
            if len(joined.split()) <= _MAX_TITLE_WORDS and not _GENERIC_TITLE.match(joined):
                titles.append(joined)
            parts = []
    return titles


def _display_line(text: str) -> str | None:
    if _SECTION_HEADING.match(text) or _GENERIC_TITLE.match(text) or _MONTH_YEAR.match(text) or by_place(text):
        return None
    if is_welsh(text):  # the English title is set beside or below it
        return None
    if len(text.split()) > 16 or text.endswith("."):  # a sentence set large is not a title line
        return None
    # a line of a title set over several may end in a colon, a comma or a broken word's hyphen
    candidate = _title_line(text.rstrip(":,;–- "), _DISPLAY_LABEL)
    if candidate is None or re.search(r"\s+held\s+(?:at|in|on)\b", text, re.I):
        return candidate  # "Minutes of the Cabinet held on" -> "Minutes of the Cabinet"
    return text


def _join_lines(parts: list[str]) -> str:
    joined = parts[0]
    for part in parts[1:]:
        if joined.endswith("-") and part[:1].islower():  # a word broken over the lines
            joined = joined[:-1] + part
        else:
            joined += " " + part
    return joined


def _tidy_title(title: str) -> str:
    title = re.sub(r"^#+\s*|\*\*", "", title).strip()
    letters = [c for c in title if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        words = []
        for word in title.split():
            if word in _SMALL_WORDS:
                words.append(word.lower())
            elif _is_acronym(word):
                words.append(word)
            else:
                words.append(word.capitalize())
        title = " ".join(words)
        title = title[:1].upper() + title[1:]
    return title


_SMALL_WORDS = {"AND", "OF", "THE", "TO", "FOR", "IN", "ON", "AT", "BY", "A"}
_ACRONYMS = {"KPI", "KPIS", "ICB", "CIL", "HRA", "SEN", "SEND", "LGA", "EU", "UK", "ASB", "DFG", "EIA", "IT", "ICT",
             "AI", "PI", "PIS", "RAG", "HMO", "CEO", "NHS", "Q1", "Q2", "Q3", "Q4", "PSPO", "LCTS", "MTFS", "MTFF"}


def _is_acronym(word: str) -> bool:
    """In an all-caps title, is this word an acronym to keep in capitals?"""
    letters = re.sub(r"[^A-Z0-9]", "", word)
    if letters in _ACRONYMS:
        return True
    return 1 < len(letters) <= 4 and not re.search(r"[AEIOUY]", letters)


__all__ = ["DOC_TYPES", "Metadata", "infer_council", "infer_date", "infer_doc_type", "infer_metadata", "infer_title", "parse_date", "slug"]
