"""Which council a document comes from, from its text alone.

Explicit names ("Castle Point Borough Council", "Borough Council of King's Lynn & West Norfolk",
"London Borough of Camden", a letterhead "Anytown Council") are scored by where and how they
appear: a line of their own (letterhead), near the top, the e-mail and web domains of the
authors, the council's acronym ("CBC"), and its place name used alone ("in Copeland"). A
partner council named in passing or in a list ("with Norfolk County Council") scores low.
Only when the text names no council does `nlp.gazetteer` help: by domain, then by place names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from nlp.gazetteer import by_place, compact, councils

HEAD_CHARS = 4000  # mentions this near the top count as the document's own

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


def _title_case(place: str) -> str:
    if not place.isupper():
        return place.replace("’", "'")
    words = [w.capitalize() if w not in ("AND", "OF", "UPON", "ON", "LE", "THE", "IN") else w.lower() for w in place.split()]
    return re.sub(r"'S\b", "'s", " ".join(words)).replace("’", "'")


def _canonical(kind: str, place: str, written: str) -> str:
    """The canonical name of a council named as `written` (kind + place)."""
    record = by_place(place)
    kind_word = kind.split()[-1].capitalize()
    if record and (kind_word in record.name or not re.search(r"Borough|District|City|County", record.name)):
        return record.name
    return written


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
# Local councils (town, parish, community, village, neighbourhood): their own papers name them in
# the letterhead; a principal council's papers mention them as partners.
_LOCAL_KIND = r"(?i:Town|Parish|Community|Village|Neighbourhood)"
_LOCAL_END = re.compile(rf"(?<![\w'’])({_PLACE}) +({_LOCAL_KIND}) +(?i:Council)\Z")
LOCAL_COUNCIL = re.compile(r"\b(?:Town|Parish|Community|Village|Neighbourhood) Council$")
LOCAL_WEIGHT = 0.3  # a local council not in the letterhead counts this much of a mention
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


def explicit_mentions(text: str) -> Iterable[tuple[str, str, int, int]]:
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
        local = _LOCAL_END.search(text, window, end)
        if local:
            place = _title_case(_trim_place(local.group(1).split()))
            if place and place[0].isupper() and place.split()[-1].lower() not in _NOT_A_PLACE:
                yield f"{place} {local.group(2).capitalize()} Council", place, local.start(), end
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


def plain_mentions(text: str) -> Iterable[tuple[str, str, int, int]]:
    """"Somerset Council", "Cornwall Council": a known place, or a letterhead line of its own."""
    for window, start, end in _council_words(text):
        match = _PLAIN_END.search(text, window, end)
        if not match:
            continue
        words = _trim_place(match.group(1).split()).split()
        if not words or words[-1].lower() in _NOT_A_PLACE or words[0].lower() in _NOT_A_PLACE:
            continue
        place = _title_case(" ".join(words))
        record = by_place(place)
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
    found = sorted({*explicit_mentions(text), *plain_mentions(text)}, key=lambda m: m[2])
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
        if LOCAL_COUNCIL.search(name) and name not in letterhead:
            scores[name] *= LOCAL_WEIGHT
        key = compact(place)
        if any(len(d) >= 4 and (d.replace("-", "") in key or key in d.replace("-", "")) for d in domains):
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
    for record in councils():
        if record.domain and record.domain.lower() in domains:
            return record.name
    counts: dict[str, int] = defaultdict(int)
    for match in _table_places().finditer(text):
        before = _BEFORE_WORD.search(text, max(0, match.start() - 30), match.start())
        if before and before.group(1).lower() not in _PLACE_PREFIX_OK:
            continue
        record = by_place(match.group())
        if record:
            counts[record.name] += 1
    best = max(counts, key=lambda name: counts[name], default=None)
    return best if best and counts[best] >= 2 else None


@lru_cache(maxsize=1)
def _table_places() -> re.Pattern[str]:
    """Every place in the table, longest first, as one pattern."""
    places = sorted({p for record in councils() for part in record.places for p in re.split(r" +(?:&|and) +", part)}, key=len, reverse=True)
    alternatives = "|".join(re.escape(p).replace("\\ ", " +").replace("'", "'?") for p in places)
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w'’-])(?! +(?:{_KIND}) +(?i:Council))")
