"""Infer a document's council, type, date and title from its text (never from its file name).

Council: explicit names ("Castle Point Borough Council", "Borough Council of King's Lynn &
West Norfolk", "London Borough of Camden") scored by where and how they appear: a line of its
own near the top (letterhead), the e-mail and web domains of the authors, the council's
acronym ("CBC"), and its place name used alone. A partner council named in passing ("with
Norfolk County Council") scores low. Only when the text names no council does the small table
of councils below help: first by e-mail/web domain, then by place names ("King's Lynn").

Type: the first title-like line near the top that uses a word councils use ("Agenda",
"Minutes", "Report to Cabinet", "Performance", "Service Plan", "Forward Plan", "Cabinet
Member's Report"); a generic "Report to ..." gives way to a more specific type nearby.

Date: a labelled meeting date ("Date of meeting: 5 November 2024", "Date: Wednesday 17th
November 2021") near the top, else a date standing on its own line there, else any date in
the opening text; day-first. A plan titled with a financial year ("Service Plan 2014-2015")
and no other date gets the first day of that year (1 April).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

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


def infer_metadata(text: str) -> Metadata:
    """Council, type, date and title of a normalised document text."""
    lines = _head_lines(text)
    council = infer_council(text)
    title = infer_title(lines)
    return Metadata(
        council=council,
        council_id=slug(council) if council else None,
        doc_type=infer_doc_type(lines),
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


def infer_date(text: str, lines: list[str], title: str = "") -> str | None:
    """The meeting or publication date near the top of the document."""
    head = text[:HEAD_CHARS]
    # 1. a labelled meeting date ("Date:", "Date of meeting:")
    for match in _MEETING_LABEL.finditer(head):
        if _PUBLICATION_LABEL.match(head, max(0, match.start() - 20)) and "publication" in head[max(0, match.start() - 20) : match.end()].lower():
            continue
        found = parse_date(head[match.end() : match.end() + 60])
        if found and found[1] == 0:
            return found[0]
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
_TYPE_FIRST = re.compile(r"^(?:minutes|agenda|report|notice|summons)\b", re.I)
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


def _is_council_line(line: str) -> bool:
    mentions = [*_explicit_mentions(line), *_plain_mentions(line)]
    return any(start == 0 and end == len(line) for _, _, start, end in mentions)


def infer_title(lines: list[str]) -> str:
    """A labelled title ("Report title: ..."), else the first meaningful title-like line: not an
    address, a label, a date, an item number, a council's name or a list item."""
    for line in lines[:40]:
        labelled = _TITLE_LABEL.match(line)
        if labelled:
            return _tidy_title(labelled.group(1).strip())
    candidates = []
    for line in lines[:30]:
        words = len(line.split())
        typed = any(pattern.search(line) for _, pattern in _TYPE_RULES)
        if "\t" in line or words > (30 if typed else 16) or len(line) > 240:
            continue
        if line.endswith((":", ",", ";")) or (line.endswith(".") and not typed) or re.match(r"^[\w ]{1,30}:\s", line):
            continue
        if _SKIP_TITLE.search(line) or _NOT_TITLE_START.match(line) or sum(c.isalpha() for c in line) < 4:
            continue
        if _ITEM_NUMBER.match(line) or _is_council_line(line):
            continue
        found = parse_date(line)
        if found and len(line) - (found[2] - found[1]) <= 12:
            continue
        candidates.append(re.split(r"\s+held\s+(?:at|in|on)\b", line, maxsplit=1, flags=re.I)[0].rstrip(" .,"))
    if not candidates:
        return _tidy_title(lines[0][:140]) if lines else ""
    title = next((c for c in candidates if not _GENERIC_TITLE.match(c)), candidates[0])
    return _tidy_title(title)


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


# --- council --------------------------------------------------------------------------------

_PLACE_WORD = r"(?:(?!(?i:council|councils|borough|district)\b)(?:[A-Z][A-Za-z'’.\-]*[A-Za-z]|[A-Z]))"
_CONNECT = r"(?: +(?:&|and|upon|on|under|le|in|the|of) +| +|-)"
_PLACE = rf"{_PLACE_WORD}(?:{_CONNECT}{_PLACE_WORD}){{0,5}}"
_KIND = r"(?i:(?:Metropolitan +)?(?:Borough|District|City|County))"
_BOROUGH_OF = re.compile(rf"\b((?i:Royal|London|Metropolitan)) +(?i:Borough) +(?i:of) +({_PLACE})")
_NOT_A_PLACE = {
    "county", "city", "town", "parish", "borough", "district", "metropolitan", "full", "youth", "community",
    "executive", "combined", "joint", "local", "advisory", "research", "arts", "sports", "school", "schools",
    "pupil", "student", "students", "medical", "british", "european", "national", "regional", "unitary",
    "principal", "neighbouring", "shadow", "annual", "special", "extraordinary", "the", "our", "this",
    "cabinet", "committee", "meeting", "children's", "adult", "health", "care",
}
_STOP_WORDS = {
    "the", "other", "this", "that", "our", "all", "each", "every", "by", "from", "to", "for", "with",
    "at", "in", "of", "and", "a", "an", "as", "on", "see", "between", "including", "includes", "both",
    "contact", "email", "e-mail", "ceo", "chief", "executive", "leader", "mayor", "officers", "officer",
    "members", "member", "councillors", "councillor", "cllr", "dear", "report", "appendix", "within",
    "across", "neighbouring", "adjoining", "neighbours", "via", "where", "which", "while", "whilst",
}
_DOMAIN_END = re.compile(r"(?:@|\bwww\.|https?://)([a-z0-9][a-z0-9.-]*)\Z")


@dataclass(frozen=True, slots=True)
class CouncilRecord:
    name: str
    places: tuple[str, ...]
    domain: str
    tier: str  # "county" | "district" | "unitary" | "metropolitan" | "london"


def _record(line: str) -> CouncilRecord:
    name, places, domain, tier = (part.strip() for part in line.split("|"))
    return CouncilRecord(name, tuple(p.strip() for p in places.split(";")), domain, tier)


def councils() -> tuple[CouncilRecord, ...]:
    return _COUNCILS


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text.lower()).replace("&", "and"))


def _title_case(place: str) -> str:
    if not place.isupper():
        return place.replace("’", "'")
    words = [w.capitalize() if w not in ("AND", "OF", "UPON", "ON", "LE", "THE", "IN") else w.lower() for w in place.split()]
    return re.sub(r"'S\b", "'s", " ".join(words)).replace("’", "'")


def _canonical(kind: str, place: str, written: str) -> str:
    """The canonical name of a council named as `written` (kind + place)."""
    record = _by_place(place)
    kind_word = kind.split()[-1].capitalize()
    if record and (kind_word in record.name or not re.search(r"Borough|District|City|County", record.name)):
        return record.name
    return written


def _by_place(place: str) -> CouncilRecord | None:
    return _place_index().get(_compact(place))


@lru_cache(maxsize=1)
def _place_index() -> dict[str, CouncilRecord]:
    """Compact place name -> council; a part of a joint name ("West Norfolk") counts too."""
    index: dict[str, CouncilRecord] = {}
    for record in _COUNCILS:
        for place in record.places:
            index.setdefault(_compact(place), record)
    for record in _COUNCILS:
        for place in record.places:
            for part in re.split(r" +(?:&|and) +", place):
                index.setdefault(_compact(part), record)
    return index


def _trim_place(words: list[str]) -> str:
    """Drop leading stop words ("Other Copeland") and title acronyms ("CEO Norwich")."""
    while words and (words[0].lower() in _STOP_WORDS or (words[0].isupper() and len(words[0]) <= 4 and not all(w.isupper() for w in words))):
        words = words[1:]
    while words and words[-1].lower() in {"&", "and", "of", "the", "on", "in", "upon", "under", "le"}:
        words = words[:-1]
    return " ".join(words)


_COUNCIL_WORD = re.compile(r"\b[Cc][Oo][Uu][Nn][Cc][Ii][Ll]\b")
_BEFORE_END = re.compile(rf"(?<![\w'’])({_PLACE}) +({_KIND}) +(?i:Council)\Z")
_CITY_OF_END = re.compile(rf"\b(?i:City) +(?i:of) +({_PLACE}) +(?i:Council)\Z")
_PLAIN_END = re.compile(rf"(?<![\w'’])({_PLACE}) +(?i:Council)\Z")
_KIND_BEFORE = re.compile(r"\b((?i:Borough|District|City|County)) +\Z")
_OF_PLACE = re.compile(rf" +(?i:of) +({_PLACE})")


def _council_words(text: str) -> Iterable[tuple[int, int, int]]:
    """(window start, start, end) of each word "Council"; the window is the line before it."""
    for match in _COUNCIL_WORD.finditer(text):
        line_start = text.rfind("\n", max(0, match.start() - 120), match.start()) + 1
        window = max(line_start, match.start() - 120)
        if window > line_start:  # do not start inside a word
            window = text.find(" ", window, match.start()) + 1 or match.start()
        yield window, match.start(), match.end()


def _explicit_mentions(text: str) -> Iterable[tuple[str, str, int, int]]:
    """(canonical name, place, start, end) for every council named in full.

    Searching backwards from each word "Council" is far faster than scanning every capital."""
    for window, start, end in _council_words(text):
        before = _BEFORE_END.search(text, window, end)
        if before:
            place = _title_case(_trim_place(before.group(1).split()))
            if place and place[0].isupper():
                kind = " ".join(w.capitalize() for w in before.group(2).split())
                yield _canonical(kind, place, f"{place} {kind} Council"), place, before.start(), end
            continue
        city = _CITY_OF_END.search(text, window, end)
        if city:
            place = _title_case(city.group(1))
            yield _canonical("City", place, f"City of {place} Council"), place, city.start(), end
            continue
        kind = _KIND_BEFORE.search(text, max(0, start - 20), start)
        of_place = _OF_PLACE.match(text, end) if kind else None
        if kind and of_place:
            place, kind_word = _title_case(of_place.group(1)), kind.group(1).capitalize()
            yield _canonical(kind_word, place, f"{kind_word} Council of {place}"), place, kind.start(), of_place.end()
    if "borough of" in text.lower():
        for match in _BOROUGH_OF.finditer(text):
            place, kind_word = _title_case(match.group(2)), match.group(1).capitalize()
            yield _canonical("Borough", place, f"{kind_word} Borough of {place}"), place, match.start(), match.end()


def _acronym(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][A-Za-z']*", name) if w.lower() not in {"of", "and", "the", "upon", "on"}).upper()


_PLACE_PREFIX_OK = {"in", "at", "the", "for", "of", "to", "from", "across", "within", "around", "throughout", "and", "by"}
_BEFORE_WORD = re.compile(r"([A-Z][\w'’.-]*) $")


@lru_cache(maxsize=1024)
def _place_patterns(place: str) -> tuple[re.Pattern[str], ...]:
    parts = [p.strip() for p in re.split(r" +(?:&|and) +", place) if p.strip()]
    patterns = []
    for part in parts:
        pattern = re.escape(part).replace("\\ ", " +").replace("'", "'?")
        patterns.append(re.compile(rf"(?<![\w'’-]){pattern}(?![\w'’-])(?! +(?:{_KIND}) +(?i:Council))"))
    return tuple(patterns)


def _place_count(text: str, place: str) -> int:
    """Mentions of a place on its own ("in Copeland"), not inside another name ("West Norfolk",
    "Norfolk County Council")."""
    total = 0
    for regex in _place_patterns(place):
        for match in regex.finditer(text):
            before = _BEFORE_WORD.search(text, max(0, match.start() - 30), match.start())
            if before and before.group(1).lower() not in _PLACE_PREFIX_OK:
                continue
            total += 1
    return total


def _line_around(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start : line_end if line_end >= 0 else len(text)].strip(" *#\t")


def _plain_mentions(text: str) -> Iterable[tuple[str, str, int, int]]:
    """"Somerset Council", "Cornwall Council": a known place, or a letterhead line of its own."""
    for window, start, end in _council_words(text):
        match = _PLAIN_END.search(text, window, end)
        if not match:
            continue
        words = _trim_place(match.group(1).split()).split()
        if not words or words[-1].lower() in _NOT_A_PLACE or words[0].lower() in _NOT_A_PLACE:
            continue
        place = _title_case(" ".join(words))
        record = _by_place(place)
        if record:
            yield record.name, place, match.start(), end
        elif not record and _line_around(text, match.start(), end) == match.group(0):
            yield f"{place} Council", place, match.start(), end


def _gov_domains(text: str) -> set[str]:
    """Domains of e-mail and web addresses under .gov.uk ("castlepoint", "west-norfolk")."""
    lowered = text.lower()
    domains = set()
    position = lowered.find(".gov.uk")
    while position >= 0:
        match = _DOMAIN_END.search(lowered, max(0, position - 80), position)
        if match:
            domains.add(match.group(1))
        position = lowered.find(".gov.uk", position + 7)
    return domains


def infer_council(text: str) -> str | None:
    """The council a document comes from, or None when the text gives no evidence."""
    head_end = min(len(text), HEAD_CHARS)
    found_domains = _gov_domains(text)
    domains = {d.split(".")[-1] for d in found_domains} | found_domains
    found = sorted({*_explicit_mentions(text), *_plain_mentions(text)}, key=lambda m: m[2])
    scores: dict[str, float] = defaultdict(float)
    places: dict[str, str] = {}
    letterhead: set[str] = set()
    top: set[str] = set()
    for index, (name, place, start, end) in enumerate(found):
        places.setdefault(name, place)
        # a council in a list of councils ("Breckland, Broadland and ...") is being enumerated
        listed = any(
            0 <= other < len(found) and found[other][0] != name
            and (0 <= start - found[other][3] <= 6 or 0 <= found[other][2] - end <= 6)
            for other in (index - 1, index + 1)
        )
        scores[name] += 0.3 if listed else 1
        if len(_line_around(text, start, end)) <= (end - start) + 3:  # letterhead or title page
            letterhead.add(name)
        if start < head_end and not listed:
            top.add(name)
    for name in scores:
        place = places[name]
        scores[name] = min(scores[name], 5) + 5 * (name in letterhead) + 3 * (name in top)
        compact = _compact(place)
        if any(len(d) >= 4 and (d.replace("-", "") in compact or compact in d.replace("-", "")) for d in domains):
            scores[name] += 6
        acronym = _acronym(name)
        if len(acronym) >= 3 and re.search(rf"\b{acronym}\b", text):
            scores[name] += 2
        scores[name] += min(_place_count(text, place), 10) * 0.5
    if scores:
        return max(scores, key=lambda n: (scores[n], -text.find(places[n])))
    return _council_from_table(text, domains)


def _council_from_table(text: str, domains: set[str]) -> str | None:
    """Fallback when no council is named: a known domain, else a known place named twice or more."""
    for record in _COUNCILS:
        if record.domain and record.domain.lower() in domains:
            return record.name
    counts: dict[str, int] = defaultdict(int)
    for match in _table_places().finditer(text):
        before = _BEFORE_WORD.search(text, max(0, match.start() - 30), match.start())
        if before and before.group(1).lower() not in _PLACE_PREFIX_OK:
            continue
        record = _by_place(match.group())
        if record:
            counts[record.name] += 1
    best = max(counts, key=lambda name: counts[name], default=None)
    return best if best and counts[best] >= 2 else None


@lru_cache(maxsize=1)
def _table_places() -> re.Pattern[str]:
    """Every place in the table, longest first, as one pattern."""
    places = sorted({p for record in _COUNCILS for part in record.places for p in re.split(r" +(?:&|and) +", part)}, key=len, reverse=True)
    alternatives = "|".join(re.escape(p).replace("\\ ", " +").replace("'", "'?") for p in places)
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w'’-])(?! +(?:{_KIND}) +(?i:Council))")


# A small table, used only as a fallback and to give names their canonical form:
# canonical name | place names (;) | gov.uk domain label | tier. Extend freely.
_COUNCIL_TABLE = """
Borough Council of King's Lynn & West Norfolk | King's Lynn & West Norfolk; King's Lynn and West Norfolk; King's Lynn; West Norfolk | west-norfolk | district
Norwich City Council | Norwich | norwich | district
Castle Point Borough Council | Castle Point | castlepoint | district
Copeland Borough Council | Copeland | copeland | district
Norfolk County Council | Norfolk | norfolk | county
Essex County Council | Essex | essex | county
Cumbria County Council | Cumbria | cumbria | county
Breckland District Council | Breckland | breckland | district
Broadland District Council | Broadland | broadland | district
Great Yarmouth Borough Council | Great Yarmouth | great-yarmouth | district
North Norfolk District Council | North Norfolk | north-norfolk | district
South Norfolk Council | South Norfolk | south-norfolk | district
Basildon Borough Council | Basildon | basildon | district
Braintree District Council | Braintree | braintree | district
Brentwood Borough Council | Brentwood | brentwood | district
Chelmsford City Council | Chelmsford | chelmsford | district
Colchester City Council | Colchester | colchester | district
Epping Forest District Council | Epping Forest | eppingforestdc | district
Harlow Council | Harlow | harlow | district
Maldon District Council | Maldon | maldon | district
Rochford District Council | Rochford | rochford | district
Tendring District Council | Tendring | tendringdc | district
Uttlesford District Council | Uttlesford | uttlesford | district
Southend-on-Sea City Council | Southend-on-Sea; Southend | southend | unitary
Thurrock Council | Thurrock | thurrock | unitary
Allerdale Borough Council | Allerdale | allerdale | district
Barrow-in-Furness Borough Council | Barrow-in-Furness; Barrow | barrowbc | district
Carlisle City Council | Carlisle | carlisle | district
Eden District Council | Eden | eden | district
South Lakeland District Council | South Lakeland | southlakeland | district
Cumberland Council | Cumberland | cumberland | unitary
Westmorland and Furness Council | Westmorland and Furness; Westmorland & Furness | westmorlandandfurness | unitary
Suffolk County Council | Suffolk | suffolk | county
Ipswich Borough Council | Ipswich | ipswich | district
East Suffolk Council | East Suffolk | eastsuffolk | district
West Suffolk Council | West Suffolk | westsuffolk | district
Babergh District Council | Babergh | babergh | district
Mid Suffolk District Council | Mid Suffolk | midsuffolk | district
Cambridgeshire County Council | Cambridgeshire | cambridgeshire | county
Cambridge City Council | Cambridge | cambridge | district
Peterborough City Council | Peterborough | peterborough | unitary
Fenland District Council | Fenland | fenland | district
Huntingdonshire District Council | Huntingdonshire | huntingdonshire | district
East Cambridgeshire District Council | East Cambridgeshire | eastcambs | district
South Cambridgeshire District Council | South Cambridgeshire | scambs | district
Hertfordshire County Council | Hertfordshire | hertfordshire | county
Kent County Council | Kent | kent | county
Surrey County Council | Surrey | surreycc | county
Hampshire County Council | Hampshire | hants | county
Lancashire County Council | Lancashire | lancashire | county
Lincolnshire County Council | Lincolnshire | lincolnshire | county
Devon County Council | Devon | devon | county
Derbyshire County Council | Derbyshire | derbyshire | county
Nottinghamshire County Council | Nottinghamshire | nottinghamshire | county
Leicestershire County Council | Leicestershire | leics | county
Staffordshire County Council | Staffordshire | staffordshire | county
Oxfordshire County Council | Oxfordshire | oxfordshire | county
Gloucestershire County Council | Gloucestershire | gloucestershire | county
Worcestershire County Council | Worcestershire | worcestershire | county
Warwickshire County Council | Warwickshire | warwickshire | county
West Sussex County Council | West Sussex | westsussex | county
East Sussex County Council | East Sussex | eastsussex | county
North Yorkshire Council | North Yorkshire | northyorks | unitary
Somerset Council | Somerset | somerset | unitary
Cornwall Council | Cornwall | cornwall | unitary
Wiltshire Council | Wiltshire | wiltshire | unitary
Shropshire Council | Shropshire | shropshire | unitary
Durham County Council | Durham; County Durham | durham | unitary
Northumberland County Council | Northumberland | northumberland | unitary
Cheshire East Council | Cheshire East | cheshireeast | unitary
Cheshire West and Chester Council | Cheshire West and Chester | cheshirewestandchester | unitary
Buckinghamshire Council | Buckinghamshire | buckinghamshire | unitary
Dorset Council | Dorset | dorsetcouncil | unitary
Herefordshire Council | Herefordshire | herefordshire | unitary
Isle of Wight Council | Isle of Wight | iow | unitary
Central Bedfordshire Council | Central Bedfordshire | centralbedfordshire | unitary
Bedford Borough Council | Bedford | bedford | unitary
Luton Borough Council | Luton | luton | unitary
Milton Keynes City Council | Milton Keynes | milton-keynes | unitary
Medway Council | Medway | medway | unitary
Brighton & Hove City Council | Brighton & Hove; Brighton and Hove | brighton-hove | unitary
Bristol City Council | Bristol | bristol | unitary
Bath and North East Somerset Council | Bath and North East Somerset | bathnes | unitary
Plymouth City Council | Plymouth | plymouth | unitary
Portsmouth City Council | Portsmouth | portsmouth | unitary
Southampton City Council | Southampton | southampton | unitary
Leicester City Council | Leicester | leicester | unitary
Nottingham City Council | Nottingham | nottinghamcity | unitary
Derby City Council | Derby | derby | unitary
Stoke-on-Trent City Council | Stoke-on-Trent | stoke | unitary
Hull City Council | Hull; Kingston upon Hull | hull | unitary
City of York Council | York | york | unitary
Birmingham City Council | Birmingham | birmingham | metropolitan
Manchester City Council | Manchester | manchester | metropolitan
Leeds City Council | Leeds | leeds | metropolitan
Sheffield City Council | Sheffield | sheffield | metropolitan
Liverpool City Council | Liverpool | liverpool | metropolitan
Bradford Metropolitan District Council | Bradford | bradford | metropolitan
Newcastle City Council | Newcastle upon Tyne; Newcastle | newcastle | metropolitan
Coventry City Council | Coventry | coventry | metropolitan
Wolverhampton City Council | Wolverhampton | wolverhampton | metropolitan
Sunderland City Council | Sunderland | sunderland | metropolitan
Salford City Council | Salford | salford | metropolitan
Wakefield Council | Wakefield | wakefield | metropolitan
Kirklees Council | Kirklees | kirklees | metropolitan
Calderdale Council | Calderdale | calderdale | metropolitan
Wirral Council | Wirral | wirral | metropolitan
Westminster City Council | Westminster | westminster | london
City of London Corporation | City of London | cityoflondon | london
Royal Borough of Windsor and Maidenhead | Windsor and Maidenhead; Windsor & Maidenhead | rbwm | unitary
Royal Borough of Greenwich | Greenwich | royalgreenwich | london
Royal Borough of Kingston upon Thames | Kingston upon Thames | kingston | london
Royal Borough of Kensington and Chelsea | Kensington and Chelsea; Kensington & Chelsea | rbkc | london
Borough of Broxbourne | Broxbourne | broxbourne | district
North Northamptonshire Council | North Northamptonshire | northnorthants | unitary
West Northamptonshire Council | West Northamptonshire | westnorthants | unitary
Bournemouth, Christchurch and Poole Council | Bournemouth, Christchurch and Poole; BCP | bcpcouncil | unitary
Folkestone & Hythe District Council | Folkestone & Hythe; Folkestone and Hythe | folkestone-hythe | district
Stratford-on-Avon District Council | Stratford-on-Avon | stratford | district
Newcastle-under-Lyme Borough Council | Newcastle-under-Lyme | newcastle-staffs | district
Redcar and Cleveland Borough Council | Redcar and Cleveland; Redcar & Cleveland | redcar-cleveland | unitary
Stockton-on-Tees Borough Council | Stockton-on-Tees | stockton | unitary
Telford & Wrekin Council | Telford & Wrekin; Telford and Wrekin | telford | unitary
Blackburn with Darwen Borough Council | Blackburn with Darwen | blackburn | unitary
Tunbridge Wells Borough Council | Tunbridge Wells | tunbridgewells | district
Tonbridge and Malling Borough Council | Tonbridge and Malling; Tonbridge & Malling | tmbc | district
Hinckley and Bosworth Borough Council | Hinckley and Bosworth; Hinckley & Bosworth | hinckley-bosworth | district
Oadby and Wigston Borough Council | Oadby and Wigston; Oadby & Wigston | oadby-wigston | district
Basingstoke and Deane Borough Council | Basingstoke and Deane; Basingstoke & Deane | basingstoke | district
Epsom and Ewell Borough Council | Epsom and Ewell; Epsom & Ewell | epsom-ewell | district
Reigate and Banstead Borough Council | Reigate and Banstead; Reigate & Banstead | reigate-banstead | district
Sandwell Metropolitan Borough Council | Sandwell | sandwell | metropolitan
Dudley Metropolitan Borough Council | Dudley | dudley | metropolitan
Walsall Council | Walsall | walsall | metropolitan
Solihull Metropolitan Borough Council | Solihull | solihull | metropolitan
Rotherham Metropolitan Borough Council | Rotherham | rotherham | metropolitan
Barnsley Metropolitan Borough Council | Barnsley | barnsley | metropolitan
City of Doncaster Council | Doncaster | doncaster | metropolitan
Gateshead Council | Gateshead | gateshead | metropolitan
North Tyneside Council | North Tyneside | northtyneside | metropolitan
South Tyneside Council | South Tyneside | southtyneside | metropolitan
Stockport Metropolitan Borough Council | Stockport | stockport | metropolitan
Trafford Council | Trafford | trafford | metropolitan
Tameside Metropolitan Borough Council | Tameside | tameside | metropolitan
Oldham Council | Oldham | oldham | metropolitan
Rochdale Borough Council | Rochdale | rochdale | metropolitan
Bury Council | Bury | bury | metropolitan
Bolton Council | Bolton | bolton | metropolitan
Wigan Council | Wigan | wigan | metropolitan
Knowsley Council | Knowsley | knowsley | metropolitan
Sefton Council | Sefton | sefton | metropolitan
St Helens Borough Council | St Helens | sthelens | metropolitan
East Riding of Yorkshire Council | East Riding of Yorkshire; East Riding | eastriding | unitary
North East Lincolnshire Council | North East Lincolnshire | nelincs | unitary
North Lincolnshire Council | North Lincolnshire | northlincs | unitary
Vale of White Horse District Council | Vale of White Horse | whitehorsedc | district
South Oxfordshire District Council | South Oxfordshire | southoxon | district
West Oxfordshire District Council | West Oxfordshire | westoxon | district
Cherwell District Council | Cherwell | cherwell | district
Oxford City Council | Oxford | oxford | district
Three Rivers District Council | Three Rivers | threerivers | district
St Albans City and District Council | St Albans | stalbans | district
Welwyn Hatfield Borough Council | Welwyn Hatfield | welhat | district
East Hertfordshire District Council | East Hertfordshire; East Herts | eastherts | district
North Hertfordshire District Council | North Hertfordshire; North Herts | north-herts | district
Dacorum Borough Council | Dacorum | dacorum | district
Hertsmere Borough Council | Hertsmere | hertsmere | district
Stevenage Borough Council | Stevenage | stevenage | district
Watford Borough Council | Watford | watford | district
South Holland District Council | South Holland | sholland | district
Boston Borough Council | Boston | boston | district
East Lindsey District Council | East Lindsey | e-lindsey | district
West Lindsey District Council | West Lindsey | west-lindsey | district
North Kesteven District Council | North Kesteven | n-kesteven | district
South Kesteven District Council | South Kesteven | southkesteven | district
City of Lincoln Council | Lincoln | lincoln | district
Ashford Borough Council | Ashford | ashford | district
Canterbury City Council | Canterbury | canterbury | district
Dartford Borough Council | Dartford | dartford | district
Dover District Council | Dover | dover | district
Gravesham Borough Council | Gravesham | gravesham | district
Maidstone Borough Council | Maidstone | maidstone | district
Sevenoaks District Council | Sevenoaks | sevenoaks | district
Swale Borough Council | Swale | swale | district
Thanet District Council | Thanet | thanet | district
Adur District Council | Adur | adur-worthing | district
Worthing Borough Council | Worthing | adur-worthing | district
Arun District Council | Arun | arun | district
Chichester District Council | Chichester | chichester | district
Crawley Borough Council | Crawley | crawley | district
Horsham District Council | Horsham | horsham | district
Mid Sussex District Council | Mid Sussex | midsussex | district
Eastbourne Borough Council | Eastbourne | lewes-eastbourne | district
Lewes District Council | Lewes | lewes-eastbourne | district
Hastings Borough Council | Hastings | hastings | district
Rother District Council | Rother | rother | district
Wealden District Council | Wealden | wealden | district
Elmbridge Borough Council | Elmbridge | elmbridge | district
Guildford Borough Council | Guildford | guildford | district
Mole Valley District Council | Mole Valley | molevalley | district
Runnymede Borough Council | Runnymede | runnymede | district
Spelthorne Borough Council | Spelthorne | spelthorne | district
Surrey Heath Borough Council | Surrey Heath | surreyheath | district
Tandridge District Council | Tandridge | tandridge | district
Waverley Borough Council | Waverley | waverley | district
Woking Borough Council | Woking | woking | district
Cardiff Council | Cardiff | cardiff | unitary
Swansea Council | Swansea | swansea | unitary
Glasgow City Council | Glasgow | glasgow | unitary
City of Edinburgh Council | Edinburgh | edinburgh | unitary
Aberdeen City Council | Aberdeen | aberdeencity | unitary
Belfast City Council | Belfast | belfastcity | unitary
"""

_COUNCILS: tuple[CouncilRecord, ...] = tuple(_record(line) for line in _COUNCIL_TABLE.strip().splitlines())
