"""The council, its bodies (cabinet, committees, panels, boards), and partner organisations
(NHS trusts, ICBs, DWP, Environment Agency, police, other councils, ...), from the
EntityRuler's BODY and PARTNER spans (patterns in nlp/patterns/)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from nlp.extract.meetings import _body_kind, _norm, body_name
from nlp.extraction import (
    A_BODY_KIND,
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

# Pattern ids naming one organisation; the others are kinds of organisation, keyed by name.
_SPECIFIC = {"dwp", "environment-agency", "citizens-advice", "home-office", "homes-england", "age-uk"}
_GENERIC = {"partnership", "trust", "association", "agency", "authority", "commission", "the partnership",
            "police", "nhs", "council", "constabulary", "a partnership"}
_LEADING = re.compile(
    r"^(?:(?:the|a|an|our|their|its|this|that|local|both|with|and|by|to|from|of|for|in|on|following|"
    r"after|before|each|any|every|all|monthly|quarterly|annual|new|existing|relevant|appropriate)\s+)+", re.I)
_GENERIC_WORDS = {"lead", "sponsor", "responsible", "wider", "strategic", "housing", "professional",
                  "partner", "partners", "statutory", "key", "other", "national", "regional", "social"}


def _generic(name: str) -> bool:
    """ "Strategic Partnership", "Sponsor Agency": a kind of body, not one named body."""
    words = name.lower().split()
    return len(words) <= 3 and all(w in _GENERIC_WORDS for w in words[:-1])


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.;:-\u2013")
    return _LEADING.sub("", text)


def council_entity(ctx: Context, doc: Document) -> Entity:
    name = doc.council or ("Unknown council" if ctx.council_id == "unknown" else ctx.council_id)
    return Entity(ctx.key(COUNCIL), COUNCIL, name)


def extract_organisations(doc: Document, ctx: Context) -> Extraction:
    council = council_entity(ctx, doc)
    entities, mentions, relations = [council], [], []
    if ctx.spacy_doc is None:
        return Extraction(doc.id, tuple(entities))
    names: dict[str, str] = {}
    for ent in ctx.spacy_doc.ents:
        if "\n" in ent.text or "\t" in ent.text:
            continue
        text = _clean(ent.text)
        if not text or not text[:1].isupper():
            continue
        if ent.label_ == "PARTNER":
            if text.lower() in _GENERIC or (len(text.split()) == 1 and not text.isupper()) or _generic(text):
                continue
            if doc.council and fuzz.token_set_ratio(text.lower(), doc.council.lower()) >= 90:
                key = council.key  # the council itself, by another name
            elif ent.ent_id_ in _SPECIFIC:
                key = ctx.key(ORGANISATION, ent.ent_id_)
            else:
                key = ctx.key(ORGANISATION, _norm(text).lower())
            if key != council.key:
                best = names.get(key, "")
                if len(text) > len(best):
                    names[key] = text
            mentions.append(Mention(ent.start_char, ent.end_char, ent.text, key))
        elif ent.label_ == "BODY":
            if re.search(r"\b[A-Z][A-Za-z]*\s+(?:and|AND|&)\s+$", doc.text[max(0, ent.start_char - 30):ent.start_char]):
                continue  # the tail of a longer name the patterns did not take whole
            name = body_name(text)
            if _generic(name) or re.search(r"(?i)\bcouncil\s+and\b", name):
                continue
            if len(name.split()) < 2 and name not in ("Cabinet", "Council", "Executive"):
                continue  # "the committee": which one is for the meetings extractor to say
            if name == "Council":
                continue  # too often the council itself rather than a meeting of it
            key = ctx.key(BODY, _norm(name))
            entities.append(Entity(key, BODY, name, ((A_BODY_KIND, _body_kind(name)),)))
            mentions.append(Mention(ent.start_char, ent.end_char, ent.text, key))
            relations.append(Relation(key, SUB_ORGANIZATION_OF, council.key, False, ent.start_char, ent.end_char))
    entities.extend(Entity(key, ORGANISATION, name) for key, name in names.items())
    return merge(doc.id, Extraction(doc.id, tuple(entities), tuple(mentions), tuple(relations)))
