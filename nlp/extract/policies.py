"""Policies, strategies, plans, orders and schemes named in the text (EntityRuler POLICY
spans), the acronyms the text defines for them ("Public Spaces Protection Order (PSPO)"),
and the meetings that considered them (named in an agenda item's title or a resolution)."""

from __future__ import annotations

import re

from nlp.extract.organisations import names_an_organisation
from nlp.extraction import (
    A_POLICY_KIND,
    A_SURFACE,
    AGENDA_ITEM,
    AGENDA_ITEM_OF,
    CONSIDERED,
    ORGANISATION,
    POLICY,
    RESOLUTION,
    RESOLUTION_OF,
    Context,
    Entity,
    Extraction,
    Mention,
    Relation,
    merge,
)
from nlp.records import Document

_KINDS = ("strategy", "plan", "policy", "order", "scheme", "programme", "framework", "charter",
          "masterplan", "statement", "protocol", "schedule", "guidance")
_LEADING = re.compile(
    r"^(?:(?:the|a|an|our|its|their|this|that|these|new|draft|revised|proposed|current|existing|"
    r"council(?:(?:['\u2019]s?|s'?)(?!\s+tax\b)|(?!\s+(?:tax|plan|strategy)\b))|for|to|of|and|by|with|in|on|following|adopted|agreed|approved|"
    r"updated|annual|latest|each|any|['\u2019]s)\s+)+", re.I)
# Kept before a bare kind word: "the Annual Plan" is a named plan, "the plan" is not.
_KEEP_BEFORE_KIND = re.compile(r"(?i)^(?:.*\s)?(annual\s+\S+)$")
# "2024-25 Annual Plan": an edition printed before the name.
_EDITION_BEFORE = re.compile(r"(?<![\d/])((?:19|20)\d\d ?[-\u2013/] ?(?:19|20)?\d\d) $")
# A drawing, not a policy: "community orchard site plan", "floor plan".
_DRAWING = re.compile(r"(?i)\b(?:site|floor|location|block|layout)\s+plan$")
# A committee's list of topics, not a policy: "Scrutiny committee work programme 2018-19".
_WORK_PROGRAMME = re.compile(r"(?i)\bwork\s+programme(?:\s*[\d/\-\u2013]+)*$")
_BAD_START = {"head", "director", "manager", "officer", "member", "members", "report", "purpose", "subject",
              "title", "name", "summary", "progress", "utilisation", "final", "alternative", "original",
              "extensive", "assess", "build", "back", "statutory", "regulatory"}
_GENERIC = {"business plan", "action plan", "work programme", "delivery plan", "service plan", "the plan",
            "capital programme", "programme", "strategy", "plan", "policy", "scheme", "order", "framework",
            "policy framework", "strategy and policy", "planning policy", "housing scheme", "policy review"}


def clean_policy_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.;:-/\u2013\u2014")
    stripped = _LEADING.sub("", text)
    if len(stripped.split()) < 2:
        keep = _KEEP_BEFORE_KIND.match(text)
        stripped = keep.group(1) if keep else stripped
    text = re.sub(r"\s*\(\s*[A-Z]{2,5}\s*\)\s*", " ", stripped)  # "Levy (CIL) Charging Schedule"
    text = re.sub(r"\s+\d{1,3}$", "", text)  # "County Lines Strategy 2. Divert ...": a list number
    return text.strip(" ,.;:-/\u2013\u2014")


def policy_kind(name: str) -> str:
    words = name.lower().split()
    for word in reversed(words):
        if word in _KINDS:
            return word
    return "policy"


def _accept(name: str, label_id: str) -> bool:
    words = name.split()
    if len(words) < 2 or len(words) > 14 or name.lower() in _GENERIC:
        return False
    if words[0].lower() in _BAD_START or re.search(r"[\d.]", words[0]) or name.endswith("/"):
        return False
    if label_id != "lower" and not words[0][:1].isupper():
        return False
    return bool(re.search(r"(?i)\b(?:" + "|".join(_KINDS) + r")\b", name))


def _key_name(name: str) -> str:
    return re.sub(r"\s*&\s*", " and ", name).lower()


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms a document defines, with what they stand for: "Community Infrastructure Levy (CIL)"
    -> {"CIL": "Community Infrastructure Levy"}; the initials have to agree."""
    found: dict[str, str] = {}
    for m in re.finditer(r"((?:[A-Z][\w'\u2019-]*\s+(?:(?:and|&|of|for|the)\s+)?){1,6})\(\s*([A-Z]{2,6})s?\s*\)", text):
        words, acronym = m.group(1).split(), m.group(2)
        capitals = [i for i, w in enumerate(words) if w[:1].isupper()]
        if len(capitals) >= len(acronym) and "".join(words[i][0] for i in capitals[-len(acronym):]) == acronym:
            found.setdefault(acronym, " ".join(words[capitals[-len(acronym)]:]))
    return found


def _not_a_policy(name: str, start: int, end: int, doc: Document, orgs: list[tuple[int, int]], ctx: Context) -> bool:
    """Named things that are not policies: guidance an organisation issued ("Home Office guidance"),
    the council's scheme by its place name ("Castle Point's scheme"), a drawing ("site plan"), and a
    name in title case with a lower-case kind word after it ("Pan Essex scheme", "Welcome Back Fund
    programme": the capitals name something else and the kind word describes it)."""
    words = name.split()
    head = " ".join(words[:-1])
    if len(head) > 2 and (any(s <= start + 1 and e >= start + len(head) - 1 for s, e in orgs)
                          or names_an_organisation(ctx, head)):
        return True
    if doc.council:
        place = {w.lower() for w in re.findall(r"[A-Za-z]+", doc.council)} - {"council", "borough", "district",
                                                                            "city", "county", "of", "the"}
        rest = {re.sub(r"(?:'s|\u2019s|s)$", "", w.lower()) for w in words[:-1]}
        if place and rest and rest <= place | {w.rstrip("s") for w in place}:
            return True
    if _DRAWING.search(name) or _WORK_PROGRAMME.search(name):
        return True
    kind = words[-1]
    capitals = [w for w in words[:-1] if w.lower() not in ("and", "&", "of", "for")]
    return (kind in ("scheme", "programme", "plan") and len(capitals) >= 2
            and all(w[:1].isupper() for w in capitals))


def extract_policies(doc: Document, ctx: Context) -> Extraction:
    if ctx.spacy_doc is None:
        return Extraction(doc.id)
    names: dict[str, str] = {}
    surfaces: dict[str, list[str]] = {}
    mentions: list[Mention] = []
    org_keys = {e.key for part in ctx.found for e in part.entities if e.kind == ORGANISATION}
    orgs = [(m.start, m.end) for part in ctx.found for m in part.mentions if m.entity in org_keys]
    acronyms = defined_acronyms(doc.text)
    for ent in ctx.spacy_doc.ents:
        if ent.label_ != "POLICY" or "\n" in ent.text or "\t" in ent.text:
            continue
        name = clean_policy_name(ent.text)
        if not _accept(name, ent.ent_id_):
            continue
        offset = ent.text.find(name.split()[0][1:]) - 1 if name.split()[0][1:] else 0
        start = ent.start_char + max(0, offset)
        if _not_a_policy(name, start, ent.end_char, doc, orgs, ctx):
            continue
        if name[:1].islower():
            name = name[:1].upper() + name[1:]
        surface = name
        edition = _EDITION_BEFORE.search(doc.text[max(0, ent.start_char - 12):ent.start_char])
        if edition and not re.search(r"\d$", name):
            name = f"{name} {edition.group(1)}"  # "the 2024-25 Annual Plan"
        first, _, rest = name.partition(" ")
        if first in acronyms and rest:  # "CIL Charging Schedule", the text having defined CIL
            name = f"{acronyms[first]} {rest}"
        key = ctx.key(POLICY, _key_name(name))
        if key not in names or (names[key].islower() and not name.islower()):
            names[key] = name
        surfaces.setdefault(key, []).append(surface)
        mentions.append(Mention(start, ent.end_char, doc.text[start:ent.end_char], key))
    entities = {key: Entity(key, POLICY, name, ((A_POLICY_KIND, policy_kind(name)),) + tuple(
        (A_SURFACE, s) for s in dict.fromkeys(surfaces[key]) if s != name)) for key, name in names.items()}
    # Acronyms the text defines: "Public Spaces Protection Order (PSPO)".
    for key, entity in list(entities.items()):
        pattern = re.escape(entity.name) + r"\s*\(\s*([A-Z][A-Za-z&]{1,7})\s*\)"
        for m in re.finditer(pattern, doc.text, re.I):
            acronym = m.group(1)
            for a in re.finditer(r"\b" + re.escape(acronym) + r"s?\b", doc.text):
                mentions.append(Mention(a.start(), a.end(), a.group(0), key))
    relations = _considered(ctx, mentions)
    return merge(doc.id, Extraction(doc.id, tuple(entities.values()), tuple(mentions), tuple(relations)))


def _considered(ctx: Context, mentions: list[Mention]) -> list[Relation]:
    """A policy named in an agenda item's title or in a resolution was considered at that meeting."""
    spans: list[tuple[int, int, str, str]] = []  # start, end, key of item/resolution, meeting key
    for part in ctx.found:
        owner = {r.subject: r.object for r in part.relations if r.predicate in (AGENDA_ITEM_OF, RESOLUTION_OF)}
        kinds = {e.key: e.kind for e in part.entities}
        for m in part.mentions:
            if kinds.get(m.entity) in (AGENDA_ITEM, RESOLUTION) and m.entity in owner:
                spans.append((m.start, m.end, m.entity, owner[m.entity]))
    relations = []
    for mention in mentions:
        for start, end, item, meeting in spans:
            if start <= mention.start and mention.end <= end:
                relations.append(Relation(meeting, CONSIDERED, mention.entity, False, start, end))
                relations.append(Relation(item, CONSIDERED, mention.entity, False, start, end))
    return relations
