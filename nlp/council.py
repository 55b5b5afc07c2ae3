"""Which council a document comes from, from its text alone.

Explicit names ("Castle Point Borough Council", "Borough Council of King's Lynn & West Norfolk",
"London Borough of Camden", a letterhead "Anytown Council") are scored by where and how they
appear: a line of their own (letterhead), near the top, the e-mail and web domains of the
authors, the council's acronym ("CBC"), and its place name used alone ("in Copeland"). A
partner council named in passing or in a list ("with Norfolk County Council") scores low.
Only when the text names no council does `nlp.gazetteer` help: by domain, then by place names.

Other principal bodies that publish council-style papers count as councils here: combined
authorities ("West Yorkshire Combined Authority"), fire and rescue, national park and waste
authorities, police (fire) and crime panels, Welsh corporate joint committees, read by the
shape of their name, and the Greater London Authority and the Broads Authority by name. Like a
town council, such a body is the publisher when its own letterhead names it; mentioned only in
the text, it is a council's partner and counts for little.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from nlp.bilingual import english_half
from nlp.gazetteer import CouncilRecord, authorities, authority_by_place, by_place, compact, councils

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


# Other principal bodies that publish council-style papers, named "<place> <kind>": combined
# authorities, fire, national park and waste authorities, police (fire) and crime panels, Welsh
# corporate joint committees. Their own papers carry their name as a letterhead; a council's papers
# mention them as partners, so elsewhere they count as little as a town council does.
_AUTHORITY_KIND = re.compile(
    r"(?<![\w'’])(?i:(?:mayoral +)?combined +(?:county +)?authority|(?:combined +)?fire(?: +and +rescue)? +authority"
    r"|national +park +authority|police(?: *, *fire)? +and +crime +panel|(?:recycling +and +)?waste +(?:disposal +)?authority"
    r"|corporate +joint +committee)(?![\w'’])"
)
_AUTHORITY_PLACE_WORD = r"(?:(?!(?i:council|councils|authority|the|of|and)\b)(?:[A-Z][A-Za-z'’.\-]*[A-Za-z]|[A-Z]))"
_AUTHORITY_PLACE_END = re.compile(
    rf"(?<![\w'’])({_AUTHORITY_PLACE_WORD}(?:{_CONNECT}{_AUTHORITY_PLACE_WORD}){{0,5}}) +\Z")
# "Peak District" is a place; "the County", "Our new" are not
_NOT_AN_AUTHORITY_EDGE = (_NOT_A_PLACE - {"county", "city", "borough", "district", "national"}) | {
    "mayoral", "mayor", "new", "proposed", "established", "constituent", "existing", "former", "each"}


def _authority_kind(written: str) -> str:
    """The kind of body a name's last words say, in the gazetteer's terms."""
    words = " ".join(written.lower().replace(",", " ").split())
    for kind in ("combined county authority", "combined authority", "national park authority", "corporate joint committee"):
        if kind in words:
            return kind
    if "crime panel" in words:
        return "police and crime panel"
    return "waste authority" if "waste" in words else "fire authority"


def authority_mentions(text: str) -> Iterable[tuple[str, str, int, int]]:
    """(canonical name, place, start, end) for every combined authority or other principal body
    named in full ("West Yorkshire Combined Authority", "Kent and Medway Fire and Rescue Authority");
    a body in the gazetteer takes its official name ("South Yorkshire Combined Authority" ->
    "South Yorkshire Mayoral Combined Authority")."""
    lowered = text.lower()
    if not any(word in lowered for word in ("authority", "crime panel", "joint committee")):
        return
    for kind in _AUTHORITY_KIND.finditer(text):
        line_start = text.rfind("\n", max(0, kind.start() - 120), kind.start()) + 1
        window = max(line_start, kind.start() - 120)
        before = _AUTHORITY_PLACE_END.search(text, window, kind.start())
        if not before:
            continue
        words = _trim_place(before.group(1).split()).split()
        if not words or {words[0].lower(), words[-1].lower()} & _NOT_AN_AUTHORITY_EDGE:
            continue
        if all(word.lower() in _NOT_A_PLACE for word in words):
            continue
        place = _title_case(" ".join(words))
        written = " ".join(w if w.islower() else w.capitalize() for w in kind.group().split())
        kind_name = _authority_kind(written)
        record = authority_by_place(place, kind_name)
        start = before.start() + before.group(1).index(words[0])
        yield (record.name if record else f"{place} {_kind_words(written)}"), place, start, kind.end()
    for record, pattern in _named_authorities():  # names of no such shape ("Greater London Authority")
        for match in pattern.finditer(text):
            yield record.name, record.places[0], match.start(), match.end()


@lru_cache(maxsize=1)
def _named_authorities() -> tuple[tuple[CouncilRecord, re.Pattern[str]], ...]:
    found = []
    for record in authorities():
        if not _AUTHORITY_KIND.search(record.name):
            name = re.escape(record.name).replace("\\ ", " +")
            found.append((record, re.compile(rf"(?<![\w'’]){name}(?![\w'’])", re.I)))
    return tuple(found)


def _kind_words(written: str) -> str:
    """"COMBINED AUTHORITY" -> "Combined Authority", "fire and rescue authority" -> "Fire and Rescue Authority"."""
    words = written.replace(",", " ,").split()
    text = " ".join(w.lower() if w.lower() == "and" else w.capitalize() for w in words)
    return text.replace(" ,", ",")


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


def _own_line(text: str, start: int, end: int) -> bool:
    """Whether the name stands on a line of its own (a letterhead), or as the English half of a
    bilingual one ("Cyngor Sir Glanrhyd / Glanrhyd County Council")."""
    line = _line_around(text, start, end)
    return len(line) <= (end - start) + 3 or len(english_half(line)) <= (end - start) + 3


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
    bodies = set()
    found = {*explicit_mentions(text), *plain_mentions(text)}
    for mention in authority_mentions(text):
        found.add(mention)
        bodies.add(mention[0])
    found = sorted(found, key=lambda m: m[2])
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
        if _own_line(text, start, end):  # letterhead or title page
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
        if name in bodies and name not in letterhead:  # a partner in a council's paper
            scores[name] *= LOCAL_WEIGHT
    if scores:
        return max(scores, key=lambda n: (scores[n], -text.find(places[n])))
    return _council_from_table(text, domains)


def _council_from_table(text: str, domains: set[str]) -> str | None:
    """Fallback when no council is named: a known domain, else a known place named twice or more."""
    for record in (*councils(), *authorities()):
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
