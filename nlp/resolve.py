"""Entity resolution: one entity per real person, body or policy.

People are matched on their names with titles and honorifics stripped ("Councillor Mrs
Thornton" -> "Thornton"), PDF splits re-joined ("De bbie Ess" -> "Debbie Ess"), and the
disambiguators councils print kept apart ("Sands (M)" is not "Sands (S)"). A surname-only
councillor mention resolves only to a councillor of that surname, so councillor Wright never
becomes Kim Wright of the DWP. Fuzzy comparison (rapidfuzz) absorbs OCR noise.

Keys are what make resolution hold across documents: a councillor is keyed by council and
surname (plus disambiguator or first initial when the council has two of that surname), an
officer or other person by council and normalised full name. Two documents naming the same
person therefore mint the same IRI without having to see each other.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

from rapidfuzz import fuzz

from nlp.extraction import (
    COUNCILLOR,
    OFFICER,
    PEOPLE_KINDS,
    Entity,
    Extraction,
    Mention,
    Relation,
    make_key,
    merge_entities,
)
from nlp.pipeline import cues, words

_DISAMBIGUATOR = re.compile(r"\s*\(\s*([A-Z][a-z]{0,2})\s*\)\s*$")
_SPACES = re.compile(r"\s+")
_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}[A-Z]\.?")
FUZZY_SAME = 92  # rapidfuzz ratio above which two full names are one person


@dataclass(frozen=True, slots=True)
class PersonName:
    given: tuple[str, ...]  # given names or initials, may be empty
    surname: str
    disambiguator: str = ""

    @property
    def full(self) -> str:
        name = " ".join((*self.given, self.surname))
        return f"{name} ({self.disambiguator})" if self.disambiguator else name

    @property
    def initial(self) -> str:
        return self.given[0][0].upper() if self.given else ""

    @property
    def initials_only(self) -> bool:
        return all(len(g.rstrip(".")) == 1 for g in self.given)


def _title_case(token: str) -> str:
    if not token.isupper() or len(token) <= 1:
        return token
    # "MCALISTER" cannot be recovered exactly; "FULTON-MCALISTER" -> "Fulton-Mcalister" is close enough
    return "-".join(part[:1] + part[1:].lower() for part in token.split("-"))


def strip_titles(text: str) -> str:
    """Remove councillor titles and honorifics wherever they lead the name."""
    title = cues()["COUNCILLOR_TITLE"]
    honorific = cues()["HONORIFIC"]
    text = _SPACES.sub(" ", text).strip(" ,;:-\u2013\u2014*")
    changed = True
    while changed:
        changed = False
        for pattern in (title, honorific):
            m = re.match(rf"(?:{pattern.pattern})(?=\s|$|[:\-\u2013])[\s:\-\u2013]*", text)
            if m and m.end() > 0:
                text = text[m.end():]
                changed = True
    return text.strip()


def join_split_tokens(tokens: list[str]) -> list[str]:
    """Re-join words that PDF conversion split: a fragment starting lower-case (not a name
    particle such as "de" or "van") belongs to the word before it ("De bbie" -> "Debbie")."""
    particles = words("NAME_PARTICLE")
    out: list[str] = []
    for token in tokens:
        if out and token[:1].islower() and token.lower() not in particles and token.isalpha():
            out[-1] = out[-1] + token
        else:
            out.append(token)
    return out


def parse_name(text: str) -> PersonName | None:
    """A person's name from a surface form; None when nothing name-like is left."""
    text = strip_titles(text)
    disambiguator = ""
    m = _DISAMBIGUATOR.search(text)
    if m:
        disambiguator = m.group(1)
        text = text[: m.start()]
    raw = text.replace("\t", " ").split()
    # Initials run together ("R.E. Pritchard", "M.W Jenkins") are initials one by one.
    raw = [part for t in raw for part in (list(t.replace(".", "")) if _INITIALS.fullmatch(t) else [t])]
    tokens = [t.strip(".,") for t in raw if t.strip(".,")]
    tokens = [_title_case(t) for t in join_split_tokens(tokens)]
    if not tokens:
        return None
    # A particle after the given names starts the surname: "S J ap Rhys", "Ursula von der Leyen".
    particles = words("NAME_PARTICLE")
    cut = next((i for i in range(1, len(tokens) - 1) if tokens[i] in particles), len(tokens) - 1)
    return PersonName(tuple(tokens[:cut]), " ".join(tokens[cut:]), disambiguator)


def normalise_name(text: str) -> str:
    name = parse_name(text)
    return name.full if name else ""


def councillor_key_parts(name: PersonName, qualify: bool) -> list[str]:
    """Councillors are keyed by surname; the disambiguator (or initial, when the council has
    two councillors of one surname) keeps namesakes apart."""
    parts = ["cllr", name.surname]
    if name.disambiguator:
        parts.append(name.disambiguator)
    elif qualify and name.initial:
        parts.append(name.initial)
    return parts


@lru_cache(maxsize=1)
def _nicknames() -> dict[str, frozenset[str]]:
    """Given name -> the forms it goes by (patterns/nicknames.jsonl), both directions."""
    from nlp.pipeline import PATTERNS_DIR, read_jsonl

    forms: dict[str, set[str]] = defaultdict(set)
    for row in read_jsonl(PATTERNS_DIR / "nicknames.jsonl"):
        group = {row["name"], *row["short"]}
        for name in group:
            forms[name] |= group
    return {k: frozenset(v) for k, v in forms.items()}


def same_given_name(a: str, b: str) -> bool:
    return a == b or b in _nicknames().get(a, frozenset()) and (
        a in _nicknames().get(b, frozenset()))


def _compatible(a: PersonName, b: PersonName) -> bool:
    """Could `a` and `b` name one person? Surnames alike, disambiguators and given names agree."""
    if a.disambiguator and b.disambiguator and a.disambiguator != b.disambiguator:
        return False
    if fuzz.ratio(a.surname.lower(), b.surname.lower()) < FUZZY_SAME:
        return False
    if a.given and b.given:
        if a.initials_only or b.initials_only:
            return a.initial == b.initial
        ga, gb = a.given[0].lower(), b.given[0].lower()
        if len(ga) >= 2 and len(gb) >= 2 and (ga.startswith(gb) or gb.startswith(ga)):
            return True  # "Jo" / "Joanna"
        if same_given_name(ga, gb):
            return True  # "Sue" / "Susan"
        return fuzz.ratio(" ".join(a.given).lower(), " ".join(b.given).lower()) >= 80
    return True


def match_person(name: str, people: list[Entity], councillor_only: bool = False) -> str | None:
    """The key of the one entity in `people` that `name` can refer to, or None if none or
    several could. Surname-only names match councillors only (they are how members are listed)."""
    wanted = parse_name(name)
    if wanted is None:
        return None
    candidates = []
    for entity in people:
        if councillor_only and entity.kind != COUNCILLOR:
            continue
        if not wanted.given and entity.kind != COUNCILLOR:
            continue
        for surface in {entity.name, *entity.get_all("surface")}:
            known = parse_name(surface)
            if known and _compatible(wanted, known):
                candidates.append(entity.key)
                break
    unique = set(candidates)
    return unique.pop() if len(unique) == 1 else None


def resolve_people(extraction: Extraction, council_id: str | None) -> Extraction:
    """Merge the people of one document and give each its canonical key.

    Councillors: surface forms grouped by surname + disambiguator; a surname-only form joins
    the one fuller form it is compatible with. Others: grouped by compatible full names
    (initials match given names; fuzzy above FUZZY_SAME).
    """
    people = [e for e in extraction.entities if e.kind in PEOPLE_KINDS]
    if not people:
        return extraction
    parsed = {e.key: parse_name(e.name) for e in people}
    groups: list[list[Entity]] = []
    # Fullest names first, so shorter forms join a group that already has its full name.
    order = sorted(people, key=lambda e: (-(len(parsed[e.key].given) if parsed[e.key] else 0), e.key))
    for entity in order:
        name = parsed[entity.key]
        if name is None:
            continue
        home = None
        matches = []
        for group in groups:
            head = parsed[group[0].key]
            if head is None or not _compatible(name, head):
                continue
            is_cllr = entity.kind == COUNCILLOR or any(g.kind == COUNCILLOR for g in group)
            if not name.given and not is_cllr:
                continue  # a bare surname only ever stands for a councillor
            if not name.given and entity.kind != COUNCILLOR and head.given:
                continue
            if (entity.kind == COUNCILLOR) != any(g.kind == COUNCILLOR for g in group) and not (
                name.given and head.given
            ):
                continue  # "Councillor Wright" is not "Kim Wright"
            kinds = {entity.kind} | {g.kind for g in group}
            if COUNCILLOR in kinds and OFFICER in kinds and (
                name.initials_only or head.initials_only or name.full != head.full
            ):
                continue  # councillor J Smith is not officer John Smith unless the names agree in full
            matches.append(group)
        if len(matches) == 1:
            home = matches[0]
        if home is None:
            groups.append([entity])
        else:
            home.append(entity)

    surnames: dict[str, set[str]] = defaultdict(set)
    for group in groups:
        if any(g.kind == COUNCILLOR for g in group):
            head = parsed[group[0].key]
            surnames[head.surname.lower()].add(head.initial or head.disambiguator or "?")

    rekey: dict[str, str] = {}
    merged_people: dict[str, Entity] = {}
    for group in groups:
        entity = group[0]
        for other in group[1:]:
            entity = merge_entities(entity, other)
        head = parse_name(entity.name) or parsed[group[0].key]
        if entity.kind == COUNCILLOR:
            qualify = len(surnames[head.surname.lower()] - {"?"}) > 1
            key = make_key(COUNCILLOR, council_id, "-".join(councillor_key_parts(head, qualify)))
        else:
            key = make_key(entity.kind, council_id, head.full)
        name = head.full
        surfaces = tuple(("surface", s) for s in dict.fromkeys(
            [e.name for e in group] + [v for e in group for v in e.get_all("surface")]))
        attributes = tuple(a for a in entity.attributes if a[0] != "surface") + surfaces
        entity = replace(entity, key=key, name=name, attributes=tuple(dict.fromkeys(attributes)))
        merged_people[key] = merge_entities(merged_people[key], entity) if key in merged_people else entity
        for member in group:
            rekey[member.key] = key

    others = [e for e in extraction.entities if e.kind not in PEOPLE_KINDS]
    entities = tuple(others) + tuple(merged_people.values())
    mentions = tuple(dict.fromkeys(
        Mention(m.start, m.end, m.text, rekey.get(m.entity, m.entity)) for m in extraction.mentions
    ))
    relations = tuple(dict.fromkeys(
        Relation(
            rekey.get(r.subject, r.subject), r.predicate,
            r.object if r.literal else rekey.get(r.object, r.object), r.literal, r.start, r.end,
        )
        for r in extraction.relations
    ))
    return Extraction(extraction.document_id, entities, mentions, relations)


_ORG_SAME = ((re.compile(r"\bconstabulary\b"), "police"),  # "Norfolk Police" is "Norfolk Constabulary"
             (re.compile(r"\bparish council\b"), "town council"),  # a town council is a parish council
             (re.compile(r"\bnational park authority\b"), "national park"))
_ORG_FILLER = frozenset({"the", "of", "for", "and", "in", "on"})
# Words that tell places apart: "West Suffolk Council" is not "Suffolk Council".
_COMPASS = frozenset({"north", "south", "east", "west", "mid", "central", "greater", "upper", "lower", "inner",
                      "outer", "northern", "southern", "eastern", "western", "new", "old", "royal"})


def _org_form(name: str) -> tuple[str, ...]:
    """An organisation's name as compared: lower case, "&" as "and", the filler words and plural
    "s" dropped, "Constabulary" as "Police", "Parish Council" as "Town Council", "Commissioner for
    Cheshire" as "Cheshire Commissioner"."""
    text = name.lower().replace("&", " and ").replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)  # "Children's Board" is "Children Board"
    for pattern, same in _ORG_SAME:
        text = pattern.sub(same, text)
    text = re.sub(r"^(.*\bcommissioner) for (.+)$", r"\2 \1", text)  # "... Commissioner for Cheshire"
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                 for w in re.findall(r"[a-z0-9']+", text) if w not in _ORG_FILLER)


def _org_variant(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Is `short` another name for `long`? The same words, or fewer of them ending in the same head
    word, the missing ones not telling places apart: "Canvey Town Council" / "Canvey Island Town
    Council", "Police and Crime Commissioner" / "Police, Fire and Crime Commissioner", "Norfolk
    Community Safety Partnership" / "Norfolk County Community Safety Partnership"."""
    if short == long:
        return True
    if len(short) < 2 or len(short) >= len(long) or short[-1] != long[-1]:
        return False
    extra = set(long) - set(short)
    return set(short) <= set(long) and not extra & _COMPASS


def _place_prefixed(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Is `long` just `short` with a place in front? "Norfolk Safeguarding Adults Board" /
    "Safeguarding Adults Board", "Castle Point Climate Forum" / "Climate Forum" — but not
    "Norfolk Health Overview and Scrutiny Committee" / "Scrutiny Committee"."""
    from nlp.gazetteer import by_place

    extra = len(long) - len(short)
    return extra > 0 and len(short) >= 2 and long[extra:] == short and by_place(" ".join(long[:extra])) is not None


def _merge_variants(extraction: Extraction, kind: str, same: Callable[[tuple[str, ...], tuple[str, ...]], bool],
                    prefer: Callable[[Entity], object] = lambda e: 0) -> Extraction:
    """One entity per group of names of `kind` that `same(short form, long form)` joins: the
    longest name heads the group (ties: `prefer`, then the shorter key), a shorter one joins a
    group only when it fits that group alone; the variants are kept as surfaces."""
    found = [e for e in extraction.entities if e.kind == kind]
    if len(found) < 2:
        return extraction
    forms = {e.key: _org_form(e.name) for e in found}
    groups: list[list[Entity]] = []
    for entity in sorted(found, key=lambda e: (-len(forms[e.key]), prefer(e), len(e.key), e.key)):
        homes = [g for g in groups if same(forms[entity.key], forms[g[0].key])]
        if len(homes) == 1:
            homes[0].append(entity)
        else:
            groups.append([entity])
    rekey = {e.key: group[0].key for group in groups for e in group[1:]}
    if not rekey:
        return extraction
    heads = {group[0].key: group[0].name for group in groups}
    entities: dict[str, Entity] = {}
    for entity in extraction.entities:
        key = rekey.get(entity.key, entity.key)
        if entity.kind == kind:
            attributes = entity.attributes + (("surface", entity.name),)
            entity = replace(entity, key=key, name=heads[key], attributes=attributes)
            if key in entities:
                entity = replace(entity, attributes=entities[key].attributes + entity.attributes)
            entity = replace(entity, attributes=tuple(a for a in dict.fromkeys(entity.attributes)
                                                      if a != ("surface", entity.name)))
        entities[key] = entity
    return _rekeyed(extraction, entities, rekey)


def resolve_organisations(extraction: Extraction) -> Extraction:
    """One entity per organisation in a document: "Department of Work and Pensions" read from an
    attendance list and "DWP" from the gazetteer, "Canvey Island Town Council" and "Canvey Town
    Council", "Norfolk Police" and "Norfolk Constabulary". A shorter name joins a longer one only when
    it fits that one alone (see `_org_variant`); "Norfolk County Council" and "Norfolk County Community
    Safety Partnership" stay two. A gazetteer key (stable across documents) heads its group."""
    from nlp.extract.organisations import gazetteer_ids
    from nlp.extraction import ORGANISATION

    known = gazetteer_ids()
    return _merge_variants(extraction, ORGANISATION, _org_variant,
                           prefer=lambda e: e.key.rsplit("/", 1)[-1] not in known)


# How a council's name is written: "Castle Point Borough Council", "Royal Borough of Greenwich",
# "Borough Council of King's Lynn & West Norfolk", "City of York Council", "Council of the Isles of Scilly".
_COUNCIL_OF = re.compile(r"^(?:the\s+)?(?:(?:royal|london|metropolitan)\s+borough|(?:(?:metropolitan\s+)?(?:borough|"
                         r"district|county|city)\s+)?council|city(?:\s+and\s+county)?|county(?:\s+borough)?)"
                         r"\s+of\s+(?:the\s+)?(.+?)(?:\s+council)?$", re.I)
_COUNCIL_TAIL = re.compile(r"^(.+?)(?:\s+((?:metropolitan\s+)?(?:borough|district|county|city|town|parish|community)"
                           r"(?:\s+borough)?))?\s+council$", re.I)
# What is left of a body's name must name a body, not the council: "Oakmere Borough Council" is no body "Borough".
_DESIGNATION = re.compile(r"^(?:metropolitan\s+)?(?:borough|district|county|city|town|parish)\s+council(?:['\u2019]s)?"
                         r"[\s,:;\-\u2013\u2014]+", re.I)
_COUNCIL_WORDS = frozenset({"council", "borough", "district", "county", "city", "town", "parish", "community",
                            "metropolitan", "royal", "london"})


def council_name_forms(council_name: str | None) -> tuple[str, ...]:
    """The forms of a council's name that may stand in front of its bodies' names, longest first:
    "Castle Point Borough Council", "Castle Point Borough", "Castle Point"."""
    name = _SPACES.sub(" ", council_name or "").strip()
    if not name:
        return ()
    forms = [name]
    if m := _COUNCIL_OF.match(name):
        forms.append(m.group(1))
    elif m := _COUNCIL_TAIL.match(name):
        if m.group(2):
            forms.append(f"{m.group(1)} {m.group(2)}")  # "Norfolk County (Audit Committee)"
        forms.append(m.group(1))
    return tuple(sorted(dict.fromkeys(f for f in forms if f), key=lambda f: -len(_org_form(f))))


_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?")


def strip_council_prefix(name: str, council_name: str | None) -> str:
    """A body's name without its council's name in front: "Oakmere Health and Wellbeing Board"
    -> "Health and Wellbeing Board", "Castle Point Borough Council Audit Committee" -> "Audit
    Committee"; the name unchanged when it does not start with that council's name or nothing
    body-like would be left."""
    for form in council_name_forms(council_name):
        prefix = _org_form(form)
        if not prefix:
            continue
        matched, end = 0, 0
        for token in _WORD.finditer(name):
            if matched == len(prefix):
                break
            word = _org_form(token.group())
            if not word:  # a filler word ("the", "of") is skipped as _org_form skips it
                continue
            if word != prefix[matched: matched + len(word)]:
                break
            matched += len(word)
            end = token.end()
        if matched != len(prefix):
            continue
        rest = re.sub(r"^(?:['\u2019]s)?[\s,:;\-\u2013\u2014]*", "", name[end:])
        rest = re.sub(r"^(?:the|a|an)\s+", "", rest, flags=re.I)
        # "Castle Point Borough Council Audit Committee" under "Castle Point Council"; a bare "Council"
        # stays, it may start the body's own name ("York Council Tax Panel").
        rest = _DESIGNATION.sub("", rest)
        if rest and not set(_org_form(rest)) <= _COUNCIL_WORDS:
            return rest
    return name


def _merge_council_prefixed(extraction: Extraction, council_name: str | None, council_id: str) -> Extraction:
    """Key every body named with its own council's name in front as the bare name is keyed, so
    "Oakmere Audit Committee" and "Audit Committee" are one body within a document and across the
    council's documents (both are keyed "body/oakmere/audit-committee"); the fuller name stays the
    label, the other a surface. Another council's "Audit Committee" has another key."""
    from nlp.extract.bodies import norm_body
    from nlp.extraction import BODY

    bodies = [e for e in extraction.entities if e.kind == BODY]
    rekey: dict[str, str] = {}
    for entity in bodies:
        bare = strip_council_prefix(entity.name, council_name)
        if bare != entity.name:
            rekey[entity.key] = make_key(BODY, council_id, norm_body(bare))
    rekey = {old: new for old, new in rekey.items() if old != new}
    if not rekey:
        return extraction
    entities: dict[str, Entity] = {}
    for entity in extraction.entities:
        key = rekey.get(entity.key, entity.key)
        if entity.kind == BODY and key in entities:
            known = entities[key]
            fuller = len(_org_form(known.name)) >= len(_org_form(entity.name))
            head, other = (known, entity) if fuller else (entity, known)
            attributes = head.attributes + other.attributes + (("surface", other.name),)
            entity = replace(head, key=key, attributes=tuple(a for a in dict.fromkeys(attributes)
                                                             if a != ("surface", head.name)))
        else:
            entity = replace(entity, key=key)
        entities[key] = entity
    return _rekeyed(extraction, entities, rekey)


def resolve_bodies(extraction: Extraction, council_name: str | None = None) -> Extraction:
    """One entity per committee, board or forum in a document: a body named with and without its
    place ("Norfolk Safeguarding Children Board", "Safeguarding Children's Board") is one body.
    Only a place prefix is dropped: a shorter name otherwise names another body ("Scrutiny
    Committee" is not the county's "Health Overview and Scrutiny Committee").

    The document's own council's name (`council_name`, else the council entity's name), or a short
    form of it ("Castle Point" of "Castle Point Borough Council"), is dropped from the front of a
    body's key, so its documents that write the body with and without it meet on one key."""
    from nlp.extraction import BODY, COUNCIL

    # Bodies are keyed under the document's council ("body/<council>/<name>"): that council, not a
    # partner council the document also names.
    homes = [e.key.split("/")[1] for e in extraction.entities if e.kind == BODY and e.key.count("/") >= 2]
    council_id = max(sorted(set(homes)), key=homes.count) if homes else ""
    council = next((e for e in extraction.entities if e.kind == COUNCIL and e.key == f"council/{council_id}"), None)
    council_name = council_name or (council.name if council else None)
    if council_id and council_id != "unknown" and council_name:
        extraction = _merge_council_prefixed(extraction, council_name, council_id)
    return _merge_variants(extraction, BODY, lambda short, long: short == long or _place_prefixed(short, long))


_YEARS = re.compile(r"\b(?:19|20)\d\d(?:\s*[/\-\u2013]\s*(?:19|20)?\d\d)?\b")
_POLICY_NOISE = re.compile(r"\b(?:the|draft|proposed|revised|new|updated|council'?s?|borough|update|and\s+policy\s+review)\b")
_POLICY_KINDS = frozenset({"strategy", "plan", "policy", "order", "scheme", "programme", "framework", "charter",
                           "masterplan", "statement", "protocol", "schedule", "guidance"})
# Kind words that name one instrument: "Exceptional Hardship Scheme" is the "Exceptional Hardship Policy".
_SAME_KIND = frozenset({"scheme", "policy"})


def _policy_form(name: str, council_words: set[str]) -> tuple[str, str]:
    """(years, words): the edition and the name with years, council name, draft/proposed, "and",
    an owner ("Norfolk's") and plural "s" removed."""
    years = " ".join(sorted(re.sub(r"\D", "", y)[:4] for y in _YEARS.findall(name)))
    text = _YEARS.sub(" ", name.lower()).replace("&", " and ").replace("\u2019", "'")
    text = re.sub(r"^\s*[a-z]+'s\s+", " ", text)  # "Norfolk's Domestic Abuse Change Programme"
    text = _POLICY_NOISE.sub(" ", text)
    words = [w.rstrip("s") if len(w) > 3 else w for w in re.findall(r"[a-z0-9']+", text)
             if w not in council_words and w != "and"]
    return years, " ".join(words)


def _same_word(a: str, b: str) -> bool:
    """One word in two forms: "commercial" / "commercialism", "local" / "localised", "facility" /
    "facilitie" (plural "s" already gone)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    common = len(short) if long.startswith(short) else next(i for i, (x, y) in enumerate(zip(short, long)) if x != y)
    return len(short) >= 5 and common >= 5 and common >= len(short) - 1


def _same_policy(a: str, b: str) -> bool:
    """Two policy forms (see `_policy_form`) naming one policy: word by word alike, the kind words
    scheme/policy alike, "X Strategy and Plan" as "X Strategy", or near-identical long names."""
    if a == b:
        return True
    x, y = a.split(), b.split()
    for p, q in ((x, y), (y, x)):  # "asset management strategy plan" / "asset management strategy"
        if len(p) == len(q) + 1 and len(q) >= 2 and p[-1] in _POLICY_KINDS and p[-2] in _POLICY_KINDS:
            p = p[:-1]
            if all(_same_word(u, v) for u, v in zip(p, q, strict=True)):
                return True
    if len(x) == len(y) >= 2 and all(_same_word(u, v) for u, v in zip(x[:-1], y[:-1], strict=True)):
        if _same_word(x[-1], y[-1]) or (len(x) >= 3 and {x[-1], y[-1]} <= _SAME_KIND):
            return True
    # "Local Council Tax [Support] Scheme": one word more inside the name, never a qualifier before
    # it ("Climate Action Plan" is not the "Action Plan").
    return (len(a) > 6 and x[0] == y[0] and x[-1] == y[-1] and fuzz.token_set_ratio(a, b) >= 95
            and abs(len(x) - len(y)) <= 1)


def _expands(short: str, long: str) -> bool:
    """ "CPC Action Plan" is "Corporate Peer Challenge Action Plan": the acronym leading the short
    name spells the initials of the words the long one has in its place."""
    short, long = (re.sub(r"^\S+['\u2019]s\s+", "", n) for n in (short, long))  # an owner: "Norfolk's"
    first, _, rest = short.partition(" ")
    if not (first.isupper() and 2 <= len(first) <= 6 and rest and long.lower().endswith(" " + rest.lower())):
        return False
    lead = [w for w in long[: len(long) - len(rest)].split() if w.lower() not in ("and", "of", "for", "&")]
    return "".join(w[0] for w in lead[-len(first):]).upper() == first and len(lead) >= len(first)


def resolve_policies(extraction: Extraction, council_name: str | None) -> Extraction:
    """One entity per policy: "Local Council Tax Scheme 2022/23" and "Local Council Tax Support
    Scheme 2022-23", "Castle Point Corporate Plan 2018-21" and "Corporate Plan", "Commercial
    Strategy" and "Commercialism Strategy", "CPC Action Plan" and "Corporate Peer Challenge Action
    Plan" are one when their names agree once years, the council's name and drafting words are set
    aside and their editions (years) do not differ. A short name that ends one longer name and no
    other ("Charging Schedule") joins it."""
    from nlp.extraction import POLICY

    council_words = set(re.findall(r"[a-z]+", (council_name or "").lower())) - {"council", "of", "and", "the"}
    policies = [e for e in extraction.entities if e.kind == POLICY]
    if len(policies) < 2:
        return extraction
    counts: dict[str, int] = defaultdict(int)
    for m in extraction.mentions:
        counts[m.entity] += 1
    forms = {e.key: _policy_form(e.name, council_words) for e in policies}
    groups: list[list[Entity]] = []
    # The most mentioned name leads its group; a name in title case before one in sentence case.
    def order(e: Entity) -> tuple[int, bool, int, str]:
        return -counts[e.key], e.name.split()[-1][:1].islower(), len(e.name), e.key

    for entity in sorted(policies, key=order):
        years, words = forms[entity.key]
        home = None
        for group in groups:
            g_years, g_words = forms[group[0].key]
            if years and g_years and years != g_years:
                continue
            if _same_policy(words, g_words) or any(_expands(entity.name, g.name) or _expands(g.name, entity.name)
                                                   for g in group):
                home = group
                break
        if home is None:
            groups.append([entity])
        else:
            home.append(entity)
    groups = _join_tails(groups, forms)
    rekey = {e.key: group[0].key for group in groups for e in group[1:]}
    if not rekey:
        return extraction
    heads = {group[0].key: group[0].name for group in groups}
    entities: dict[str, Entity] = {}
    for entity in extraction.entities:
        key = rekey.get(entity.key, entity.key)
        if key in heads and key in rekey.values():
            attributes = entity.attributes + ((("surface", entity.name),) if entity.name != heads[key] else ())
            entity = replace(entity, key=key, name=heads[key], attributes=attributes)
        if key in entities:
            head = entities[key]
            entities[key] = replace(head, attributes=tuple(dict.fromkeys(head.attributes + entity.attributes)))
        else:
            entities[key] = entity
    return _rekeyed(extraction, entities, rekey)


def _join_tails(groups: list[list[Entity]], forms: dict[str, tuple[str, str]]) -> list[list[Entity]]:
    """A group whose name is the tail of exactly one other group's name ("Charging Schedule" of
    "Community Infrastructure Levy Charging Schedule") joins that group."""
    def tail_of(short: tuple[str, str], long: tuple[str, str]) -> bool:
        (s_years, s_words), (l_years, l_words) = short, long
        return (len(s_words.split()) >= 2 and len(l_words.split()) > len(s_words.split())
                and l_words.endswith(" " + s_words) and not (s_years and l_years and s_years != l_years))

    joined = [list(g) for g in groups]
    for group in sorted(joined, key=lambda g: len(forms[g[0].key][1])):
        if not group:
            continue
        form = forms[group[0].key]
        homes = [g for g in joined if g and g is not group and any(tail_of(form, forms[e.key]) for e in g)]
        if len(homes) == 1:
            homes[0].extend(group)
            group.clear()
    return [g for g in joined if g]


def _rekeyed(extraction: Extraction, entities: dict[str, Entity], rekey: dict[str, str]) -> Extraction:
    """The extraction with merged entities, and its mentions and relations pointed at the new keys."""
    mentions = tuple(dict.fromkeys(Mention(m.start, m.end, m.text, rekey.get(m.entity, m.entity))
                                   for m in extraction.mentions))
    relations = tuple(dict.fromkeys(
        Relation(rekey.get(r.subject, r.subject), r.predicate,
                 r.object if r.literal else rekey.get(r.object, r.object), r.literal, r.start, r.end)
        for r in extraction.relations))
    return Extraction(extraction.document_id, tuple(entities.values()), mentions, relations)
