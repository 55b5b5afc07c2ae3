"""Policies, strategies, plans, orders and schemes named in the text (EntityRuler POLICY
spans), the acronyms the text defines for them ("Public Spaces Protection Order (PSPO)"),
and the meetings that considered them (named in an agenda item's title or a resolution)."""

from __future__ import annotations

import re

from nlp.extraction import (
    A_POLICY_KIND,
    AGENDA_ITEM,
    AGENDA_ITEM_OF,
    CONSIDERED,
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
    r"council'?s?|councils'|for|to|of|and|by|with|in|on|following|adopted|agreed|approved|"
    r"updated|annual|latest|each|any)\s+)+", re.I)
_BAD_START = {"head", "director", "manager", "officer", "member", "members", "report", "purpose", "subject",
              "title", "name", "summary", "progress", "utilisation", "final", "alternative", "original",
              "extensive", "assess", "build", "back", "statutory", "regulatory"}
_GENERIC = {"business plan", "action plan", "work programme", "delivery plan", "service plan", "the plan",
            "capital programme", "programme", "strategy", "plan", "policy", "scheme", "order", "framework",
            "policy framework", "strategy and policy", "planning policy", "housing scheme", "policy review"}


def clean_policy_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.;:-\u2013\u2014")
    text = _LEADING.sub("", text)
    text = re.sub(r"\s+\d{1,3}$", "", text)  # "County Lines Strategy 2. Divert ...": a list number
    return text.strip(" ,.;:-\u2013\u2014")


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


def extract_policies(doc: Document, ctx: Context) -> Extraction:
    if ctx.spacy_doc is None:
        return Extraction(doc.id)
    entities: dict[str, Entity] = {}
    mentions: list[Mention] = []
    for ent in ctx.spacy_doc.ents:
        if ent.label_ != "POLICY" or "\n" in ent.text or "\t" in ent.text:
            continue
        name = clean_policy_name(ent.text)
        if not _accept(name, ent.ent_id_):
            continue
        if name[:1].islower():
            name = name[:1].upper() + name[1:]
        key = ctx.key(POLICY, _key_name(name))
        if key not in entities or (entities[key].name.islower() and not name.islower()):
            entities[key] = Entity(key, POLICY, name, ((A_POLICY_KIND, policy_kind(name)),))
        offset = ent.text.find(name.split()[0][1:]) - 1 if name.split()[0][1:] else 0
        start = ent.start_char + max(0, offset)
        mentions.append(Mention(start, ent.end_char, doc.text[start:ent.end_char], key))
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
