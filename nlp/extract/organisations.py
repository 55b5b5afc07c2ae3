"""The council, its bodies (cabinet, committees, panels, boards), and partner organisations
(NHS trusts, ICBs, DWP, Environment Agency, police, other councils, ...), from the
EntityRuler's BODY and PARTNER spans (patterns in nlp/patterns/).

Partner organisations come two ways (both in patterns/organisations.jsonl):

- a gazetteer of the national bodies every council cites — government departments under their
  current and former names and acronyms, agencies and regulators, NHS bodies, national charities,
  water and energy utilities, large housing associations. A row names one organisation (`id`) and
  the full name of that form (`name`: "DCLG" -> "Department for Communities and Local Government"),
  so every form keys one entity and the forms are kept as its surfaces;
- shape rules for names that follow a pattern: "Department for X", "X National Park", "College of
  X", "X Police", "X Fire and Rescue Service", "X Integrated Care Board", "X NHS Foundation Trust",
  "X Town Council", "X Partnership / Trust / Agency / Ltd".

A shape names a kind of organisation as readily as one organisation ("a Home Improvement Agency",
"the local Community Safety Partnership", "Local Authority / Leisure Trust Centre of the Year",
"the Social Services Authority (Essex County Council)"); such uses are left out here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from nlp.extract.lists import JOB_WORDS
from nlp.extract.meetings import _body_kind, _norm, body_name
from nlp.extraction import (
    A_BODY_KIND,
    A_SURFACE,
    BODY,
    COUNCIL,
    ORGANISATION,
    SUB_ORGANIZATION_OF,
    Context,
    Entity,
    Extraction,
    Mention,
    Relation,
    merge,
)
from nlp.records import Document

_GENERIC = {"partnership", "trust", "association", "agency", "authority", "commission", "the partnership",
            "police", "council", "constabulary", "a partnership", "the trust"}
_LEADING = re.compile(
    r"^(?:(?:the|a|an|our|their|its|this|that|local|both|with|and|by|to|from|of|for|in|on|following|"
    r"after|before|each|any|every|all|monthly|quarterly|annual|new|existing|relevant|appropriate)\s+)+", re.I)
_GENERIC_WORDS = {"lead", "sponsor", "responsible", "wider", "strategic", "housing", "professional",
                  "partner", "partners", "statutory", "key", "other", "national", "regional", "social"}
# Shape rules whose head is a kind of organisation ("Partnership", "Agency", "College"): the
# ones a council uses for a kind as often as for a name.
_KIND_SHAPES = {"partnership", "college"}
# Before a shape, these make it a kind: "a Home Improvement Agency", "any Housing Association",
# "the local Community Safety Partnership", "a preferred Home Improvement Agency".
_INDEFINITE = re.compile(r"(?i)\b(?:a|an|any|each|every|another|no|such|local|preferred|appointed|relevant)"
                         r"(?:\s+[a-z][a-z\-]*){0,2}\s*$")
# "Bethel Street police station", "Norfolk police officers": the force named as a modifier.
_POLICE_MODIFIER = re.compile(r"(?i)^\s+(?:station|stations|officers?|headquarters|hq|cars?|cells?|"
                              r"staff|community\s+support|enquiry\s+office|front\s+counter)\b")
_STREET = re.compile(r"(?i)\b(?:street|road|lane|avenue|way|place|square|close|drive|crescent|hill)\s+police$")
# Bare "NHS" is the health service itself when it stands as a noun ("the NHS, councils"), not as a
# modifier ("NHS care", "the NHS main site").
_NOUN_AFTER = re.compile(r"(?i)^(?:\s*(?:[,.;:)\]\u2013\u2014-]|$)|\s+(?:and|or|in|to|of|for|with|on|at|by|is|are|was|"
                         r"were|has|have|had|will|would|should|can|could|may|must|as|who|which|that|about|from|"
                         r"through|across|under|over|nationally|locally)\b)")
# Gazetteer ids of kinds that many places have ("the ICB" is this council's ICB): a name ending in
# their acronym reads as the full name ("Norfolk and Waveney ICB" -> "... Integrated Care Board").
_TYPE_IDS = {"icb", "ics", "ccg", "pcc", "pfcc"}


@dataclass(frozen=True, slots=True)
class Known:
    """One gazetteer form: the organisation it names, the full name of this form, the form as written
    in the gazetteer, and whether it is also a common word ("Shelter", "Crisis", "Mind")."""

    id: str
    name: str
    form: str
    common: bool


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Known]:
    """Lower-cased form -> Known, from the rows of patterns/organisations.jsonl that carry a name."""
    from nlp.pipeline import PATTERNS_DIR, read_jsonl

    known: dict[str, Known] = {}
    for row in read_jsonl(PATTERNS_DIR / "organisations.jsonl"):
        if "name" in row and isinstance(row["pattern"], str):
            form = row["pattern"]
            known.setdefault(_lookup(form), Known(row["id"], row["name"], form, bool(row.get("common"))))
    return known


@lru_cache(maxsize=1)
def gazetteer_ids() -> frozenset[str]:
    return frozenset(k.id for k in gazetteer().values())


def _lookup(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()


def _cased(text: str, form: str) -> bool:
    """Does `text` carry the capitals of the gazetteer form? "home office" and "Wrap" are words;
    "Home Office", "HOME OFFICE" and "WRAP" are names."""
    words, wanted = text.split(), form.split()
    if len(words) != len(wanted):
        return text[:1].isupper()
    for word, want in zip(words, wanted, strict=True):
        if want[:1].isupper() and not word[:1].isupper():
            return False
        if want.isupper() and len(want) > 1 and want.isalpha() and not word.isupper():
            return False
    return True


# A job title or chair's role before a comma, heading a body's or partner's name in a list line.
_ROLE_HEAD = re.compile(r"\s*(?:[^,]*?" + JOB_WORDS.pattern.removeprefix("(?i)") + r"[^,]*"
                        r"|(?:vice[\s\-]*)?chair(?:man|woman|person)?),\s*", re.IGNORECASE)


def _standalone(text: str, start: int, end: int) -> bool:
    """A common word used as a name: inside a sentence, not joined to other capitalised words
    ("agencies such as Shelter, Citizens Advice" yes; "Cost of Living Crisis", "Crisis Fund",
    "Mind." opening a sentence no)."""
    before = text[max(0, start - 40):start]
    after = text[end:end + 40]
    if re.search(r"(?:^|[.!?:\n\t\u2022*#-])\s*$", before) or not before.strip():
        return False  # opens a line or a sentence
    if re.search(r"[A-Z][\w'\u2019]*(?:\s+(?:of|and|&|the|for|in))*\s+$", before):
        return False  # "Cost of Living Crisis", "Peace of Mind"
    return not re.match(r"\s+(?:of\s+|and\s+|&\s+)?[A-Z]", after)


def _generic(name: str) -> bool:
    """ "Strategic Partnership", "Sponsor Agency": a kind of body, not one named body."""
    words = name.lower().split()
    return 2 <= len(words) <= 3 and all(w in _GENERIC_WORDS for w in words[:-1])


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.;:-\u2013")
    return _LEADING.sub("", text)


def _a_kind(doc_text: str, start: int, end: int, name: str, orgs: list[tuple[int, int]]) -> bool:
    """Is this shape-rule span a kind of organisation rather than the name of one?"""
    before, after = doc_text[max(0, start - 40):start], doc_text[end:end + 120]
    if _INDEFINITE.search(before):
        return True
    if before.rstrip().endswith("/") or after.lstrip().startswith("/"):
        return True  # "Local Authority / Leisure Trust": kinds offered as alternatives
    bracket = re.match(r"\s*\(([^()]+)\)", after)
    if bracket:  # "the Social Services Authority (Essex County Council)": a role of that organisation
        b0 = end + bracket.start(1)
        b1 = end + bracket.end(1)
        if any(s <= b0 + 1 and e >= b1 - 1 for s, e in orgs) or re.search(r"\bCouncil$", bracket.group(1)):
            return True
    # Written in lower case elsewhere ("procuring a professional marketing agency"): a description.
    return re.search(r"(?<![A-Za-z])" + re.escape(name.lower()) + r"(?![A-Za-z])", doc_text) is not None


def council_entity(ctx: Context, doc: Document) -> Entity:
    name = doc.council or ("Unknown council" if ctx.council_id == "unknown" else ctx.council_id)
    return Entity(ctx.key(COUNCIL), COUNCIL, name)


def _expand_type_acronym(text: str) -> str:
    """ "Norfolk and Waveney ICB" -> "Norfolk and Waveney Integrated Care Board"."""
    words = text.split()
    if len(words) > 1:
        known = gazetteer().get(_lookup(words[-1]))
        if known and known.id in _TYPE_IDS and known.form.isupper():
            return " ".join(words[:-1] + [known.name])
    return text


def _partner_matches(ctx: Context, text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, text, rule id) of the longest PARTNER patterns matching in `text`, whatever the
    ruler made of the longer text around them."""
    from spacy.util import filter_spans

    ruler = ctx.nlp.get_pipe("entity_ruler")
    doc = ctx.nlp.make_doc(text)
    spans = []
    for matcher in (ruler.matcher, ruler.phrase_matcher):
        for match_id, start, end in matcher(doc):
            label = ctx.nlp.vocab.strings[match_id]
            if label.startswith("PARTNER"):
                spans.append(doc[start:end])
                spans[-1].label_ = label
    return [(s.start_char, s.end_char, s.text, s.label_.partition(ruler.ent_id_sep)[2]) for s in filter_spans(spans)]


def names_an_organisation(ctx: Context, text: str) -> bool:
    """Is `text` as a whole the name of a partner organisation ("Home Office", "Norfolk Police")?"""
    if ctx.nlp is None or "entity_ruler" not in ctx.nlp.pipe_names:
        return False
    text = _clean(text)
    return any(s == 0 and e == len(text) for s, e, _, _ in _partner_matches(ctx, text))


def _partner_spans(ctx: Context, doc: Document) -> tuple[list[tuple[int, int, str, str]], set[int]]:
    """(start, end, text, rule id) of every PARTNER span, and the starts of BODY spans that are
    partners: the EntityRuler's PARTNER spans; a BODY span the ruler could as well have read as a
    partner ("Kent and Medway Integrated Care Board"); and the partner after "and" in a BODY span
    that took two names whole ("Norfolk County Council and Integrated Care Board")."""
    spans, bodies = [], set()
    has_ruler = ctx.nlp is not None and "entity_ruler" in ctx.nlp.pipe_names
    for ent in ctx.spacy_doc.ents:
        if ent.label_ == "PARTNER":
            spans.append((ent.start_char, ent.end_char, ent.text, ent.ent_id_))
        elif ent.label_ == "BODY" and has_ruler:
            found = _partner_matches(ctx, ent.text)
            # "Chief Medical Officer, Wold Integrated Care Board": a job title, then the partner
            after_role = bool(found) and _ROLE_HEAD.fullmatch(ent.text[:found[0][0]]) is not None
            if found and (found[0][0] <= len(ent.text) - len(ent.text.lstrip()) + 4 or after_role) \
                    and found[0][1] == len(ent.text):
                _, _, text, rule = found[0]
                spans.append((ent.end_char - len(text), ent.end_char, text, rule))
                bodies.add(ent.start_char)
                continue
            m = re.search(r"\b(?:Council|Police|Constabulary|Agency|Trust)\s+(?:and|&)\s+", ent.text)
            if m:
                for start, end, text, rule in found:
                    if start >= m.end():
                        spans.append((ent.start_char + start, ent.start_char + end, text, rule))
                        bodies.add(ent.start_char)  # two organisations, not one body
    return spans, bodies


def extract_organisations(doc: Document, ctx: Context) -> Extraction:
    council = council_entity(ctx, doc)
    entities, mentions, relations = [council], [], []
    if ctx.spacy_doc is None:
        return Extraction(doc.id, tuple(entities))
    names: dict[str, list[str]] = {}
    surfaces: dict[str, list[str]] = {}
    partner_spans, partner_bodies = _partner_spans(ctx, doc)
    orgs = [(s, e) for s, e, _, _ in partner_spans]
    for start, end, raw, rule in partner_spans:
        if "\n" in raw or "\t" in raw:
            continue
        text = _clean(raw)
        if not text or not text[:1].isupper():
            continue
        start = end - len(text) if raw.endswith(text) else start
        known = gazetteer().get(_lookup(text))
        if known is not None:
            if not _cased(text, known.form):
                continue
            if known.common and not _standalone(doc.text, start, end):
                continue
            key, name = ctx.key(ORGANISATION, known.id), known.name
        else:
            if text.lower() in _GENERIC or _generic(text):
                continue
            if len(text.split()) == 1 and not (text == "NHS" and _NOUN_AFTER.match(doc.text[end:end + 20])):
                continue  # "Trust", "Police"; bare "NHS" only as a noun
            if rule == "police" and (_POLICE_MODIFIER.match(doc.text[end:end + 30]) or _STREET.search(text)):
                continue
            if rule in _KIND_SHAPES and _a_kind(doc.text, start, end, text, orgs):
                continue
            if rule == "college" and re.match(r" [A-Z]", doc.text[end:end + 2]):
                continue  # "Norwich University Hospital", "College Road": part of a longer name
            name = _expand_type_acronym(text)
            if doc.council and fuzz.token_set_ratio(name.lower(), doc.council.lower()) >= 90:
                key = council.key  # the council itself, by another name
            else:
                key = ctx.key(ORGANISATION, _norm(name).lower())
        if key != council.key:
            names.setdefault(key, []).append(name)
            surfaces.setdefault(key, []).append(text)
        mentions.append(Mention(start, end, doc.text[start:end], key))
    for ent in ctx.spacy_doc.ents:
        if ent.label_ != "BODY" or "\n" in ent.text or "\t" in ent.text or ent.start_char in partner_bodies:
            continue
        text = _clean(ent.text)
        role = _ROLE_HEAD.match(text)
        if role:  # "Chair, Overview and Scrutiny Board": the body without the role
            text = text[role.end():]
        if not text or not text[:1].isupper():
            continue
        if re.search(r"\b[A-Z][A-Za-z]*\s+(?:and|AND|&)\s+$", doc.text[max(0, ent.start_char - 30):ent.start_char]):
            continue  # the tail of a longer name the patterns did not take whole
        name = body_name(text)
        if len(name.split()) < 2 or _generic(name) or re.search(r"(?i)\bcouncil\s+and\b", name):
            continue  # "the committee": which one is for the meetings extractor to say
        key = ctx.key(BODY, _norm(name))
        entities.append(Entity(key, BODY, name, ((A_BODY_KIND, _body_kind(name)),)))
        mentions.append(Mention(ent.start_char, ent.end_char, ent.text, key))
        relations.append(Relation(key, SUB_ORGANIZATION_OF, council.key, False, ent.start_char, ent.end_char))
    for key, seen in names.items():
        name = _best_name(seen)
        attributes = tuple((A_SURFACE, s) for s in dict.fromkeys(surfaces[key]) if s != name)
        entities.append(Entity(key, ORGANISATION, name, attributes))
    return merge(doc.id, Extraction(doc.id, tuple(entities), tuple(mentions), tuple(relations)))


def _best_name(seen: list[str]) -> str:
    """The name an organisation goes by in this document: the most used, the longest on a tie."""
    counts = Counter(seen)
    return max(counts, key=lambda n: (counts[n], len(n.split()), len(n)))
