"""Owners named in a table cell: people, posts, or both, and the bodies that decide.

"D Cochrane" is a person, "Head of Environment" a post, "Anton Bull, Director of business
services" both (the person holds the post), "Cllr Kendrick Karen Watling" a councillor and an
officer, "Cabinet/ Council" two decision-making bodies. Ownership is kept on the post as well as
the person so that it survives a change of staff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp import extraction as x

# Roles an owner can have towards an action (also the roles of owner columns).
OWNER = "owner"
LEAD_MEMBER = "lead_member"
LEAD_OFFICER = "lead_officer"
DECISION = "decision_maker"
AUTHOR = "report_author"
COMBINED = "combined"  # several owner roles in one cell, in the header's order

ROLE_WORDS = re.compile(
    r"\b(officer|manager|director|head|chief|leader|executive|lead|advisor|adviser|co-?ordinator|"
    r"assistant|secretary|clerk|solicitor|accountant|surveyor|planner|supervisor|team|services?|"
    r"controller|administrator|analyst|consultant|specialist|inspector|chair(man)?|mayor|"
    r"portfolio|cabinet member|member for|partner)\b",
    re.I,
)
_POST_START = re.compile(
    r"(?<=\S)\s+(?=(?:Head of|Strategic Director|Assistant Director|Executive Director|Corporate Director|"
    r"Deputy Chief|Chief Executive|Director of|Service Manager|Leader of)\b)"
)
_CLLR = re.compile(r"\b(?:Cllr\.?|Councillor|Cllrs)\s+", re.I)
_NAME_TOKEN = re.compile(r"^(?:[A-Z]\.?|[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)$")
_NOT_NAME = re.compile(
    r"^(the|and|of|for|to|in|on|cabinet|council|committee|panel|board|group|team|services?|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"tbc|all|none|resources|people|growth|environment|housing|finance|waste|special|projects|"
    r"corporate|strategy|policy|planning|health|economy|place|community|communities|partnership|trust|"
    r"police|agency|forum|network|authority|department|unit|office|ltd|limited|plc|nhs)$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Owner:
    role: str  # owner | lead_member | lead_officer | decision_maker | report_author
    person: str | None = None  # "D Cochrane", "Kendrick" (with councillor=True)
    post: str | None = None  # "Head of Environment"
    body: str | None = None  # decision makers: "Cabinet"
    councillor: bool = False


def _is_name(text: str) -> bool:
    tokens = text.split()
    return 1 <= len(tokens) <= 4 and not ROLE_WORDS.search(text) and all(_NAME_TOKEN.match(t) and not _NOT_NAME.match(t) for t in tokens) and (
        len(tokens) >= 2 or False
    )


def _split_names(text: str) -> list[str]:
    """"Karen Watling Richard Carden" -> two names (given name + surname pairs)."""
    tokens = text.split()
    if len(tokens) >= 4 and len(tokens) % 2 == 0 and all(_NAME_TOKEN.match(t) for t in tokens):
        return [" ".join(tokens[i:i + 2]) for i in range(0, len(tokens), 2)]
    return [text]


def _chunks(text: str) -> list[str]:
    """Split on ";" always, on "&" and "/" only between names ("Carol Marney / Neil Watts"),
    never inside a post ("Head of Place & Policy")."""
    out = []
    for chunk in re.split(r"\s*;\s*", text):
        spaced = re.split(r"\s+/\s+", chunk)
        if len(spaced) > 1:
            out.extend(spaced)
            continue
        parts = re.split(r"\s*/\s*|\s+&\s+|\s*&(?=[A-Z])", chunk)
        if len(parts) > 1 and all(_is_name(_CLLR.sub("", p).strip(" ,")) or _CLLR.search(p) for p in parts):
            out.extend(parts)
        else:
            out.append(chunk)
    return out


def parse_owners(cell: str, role: str) -> list[Owner]:
    """People and posts named in an owner cell."""
    text = re.sub(r"</?[a-z]+[^>]*>|\*\*", "", cell)
    text = re.sub(r"\s+", " ", text).strip(" ?.;,")
    text = re.sub(r"\s*\(tbc\)", "", text, flags=re.I)
    text = re.sub(r"\s*[\w.+-]+@[\w-]+(\.[\w-]+)+|\s*\(?\b0\d{3,4}\s?\d{3}\s?\d{3,4}\)?", "", text)  # e-mails, phones
    if not text or re.fullmatch(r"(?i)n/?a|tbc|none|-|all", text):
        return []
    if role == DECISION:
        from nlp.extract.meetings import body_name

        return [Owner(role, body=body_name(b)) for b in re.split(r"\s*[/&]\s*|\s+and\s+|,\s*", text) if b.strip()]
    # Councillors: "Cllr Kendrick Karen Watling" -> Cllr Kendrick + the rest.
    pieces: list[tuple[str, bool]] = []
    for chunk in _chunks(text):
        parts = _CLLR.split(chunk)
        head = parts[0].strip(" ,")
        if head:
            pieces.append((head, False))
        for part in parts[1:]:
            part = re.sub(r"\s*\((?:[A-Z]{2,8}|tbc)\)", "", part, flags=re.I)  # "(NPSN)": an employer, not a name
            if "," in part:  # "Cllr Kendrick, Karen Watling, Chief finance officer"
                first, rest_text = part.split(",", 1)
                pieces.append((first.strip(), True))
                if rest_text.strip(" ,"):
                    pieces.append((rest_text.strip(" ,"), False))
                continue
            tokens = part.strip(" ,").split()
            if not tokens:
                continue
            # The officers after a councillor come as given-name + surname pairs, so the councillor
            # keeps two words when that leaves the rest in pairs: "Cllr Gail Harris Lee Robson",
            # "Cllr Jane Doe"; one when it does: "Cllr Kendrick Karen Watling".
            take = 2 if len(tokens) >= 2 and (len(tokens) - 1) % 2 == 1 and _NAME_TOKEN.match(tokens[1]) else 1
            if take == 1 and len(tokens) > 1 and tokens[1].startswith("("):
                take = 2
            pieces.append((" ".join(tokens[:take]).strip(","), True))
            rest = " ".join(tokens[take:]).strip(" ,")
            if rest:
                pieces.append((rest, False))
    owners: list[Owner] = []
    for piece, councillor in pieces:
        if councillor:
            owners.append(Owner(LEAD_MEMBER if role in (OWNER, COMBINED) else role, person=piece, councillor=True))
            continue
        # "Name (Title)" / "Name, Title" / "Title" / "Name"
        m = re.match(r"^(?P<a>[^()]+?)\s*\((?P<b>[^)]*)\)\s*(?P<rest>.*)$", piece)
        if m and not _is_name(m.group("a").strip(" ,")):
            m = None  # "Strategic Director (Resources)": the brackets belong to the post
        segments = [m.group("a"), m.group("b")] + ([m.group("rest")] if m and m.group("rest") else []) if m else [
            s for s in re.split(r"\s*,\s*", piece) if s]
        segments = [s for seg in segments for s in _POST_START.split(seg) if s and s.strip()]
        segments = [s for seg in segments for s in re.split(r"\s+[\u2013\u2014-]\s+", seg) if s.strip()]
        segments = [seg.strip(" ,.?") for seg in segments if seg.strip(" ,.?")]
        if len(segments) == 2 and ROLE_WORDS.search(segments[0]) and _is_name(segments[1]):
            # "Head of Finance – John Smith": the post, then the name of its holder.
            owners.append(Owner(role, person=segments[1], post=_post_name(segments[0])))
            continue
        pending: str | None = None
        for seg in segments:
            seg = seg.strip(" ,.?")
            if not seg or re.fullmatch(r"(?i)tbc|[A-Z]{2,6}", seg) and pending:
                continue
            if _is_name(seg) and not ROLE_WORDS.search(seg):
                for name in _split_names(seg):
                    if pending:
                        owners.append(Owner(role, person=pending))
                    pending = name
            elif ROLE_WORDS.search(seg) or re.fullmatch(r"[A-Z]{2,6}", seg) or not pending:
                # A post; when a role word follows names ("Director of business services Cllr Wright")
                owners.append(Owner(role, person=pending, post=_post_name(seg)))
                pending = None
        if pending:
            owners.append(Owner(role, person=pending))
    return owners


def _post_name(text: str) -> str:
    text = text.strip(" ,.?")
    return text[:1].upper() + text[1:]


def portfolio_post(text: str) -> Owner | None:
    """A lead-member cell naming only a portfolio ("Resources") is the cabinet member for it."""
    text = re.sub(r"\s*&\s*", " & ", re.sub(r"\s+", " ", text)).strip(" -\u2013")
    if not text:
        return None
    m = re.search(r"\b(Leader of the Council|Deputy Leader|Leader)\b", text)
    if m:
        return Owner(LEAD_MEMBER, post=m.group(1))
    if ROLE_WORDS.search(text):  # "Cabinet Member for Transport", "Portfolio Holder - Housing"
        return Owner(LEAD_MEMBER, post=text)
    return Owner(LEAD_MEMBER, post=f"Cabinet Member for {text}")


def owner_entities(ctx: x.Context, owner: Owner, entities: list[x.Entity], relations: list[x.Relation],
                   start: int, end: int) -> list[str]:
    """Keys of the person and/or post an owner names, adding their entities (and the person's
    post) to `entities` / `relations`."""
    from nlp.extract.people import post_key_name
    from nlp.resolve import normalise_name

    keys: list[str] = []
    person_key = None
    if owner.person:
        name = normalise_name(owner.person) or owner.person
        person_key = ctx.lookup_person(("Cllr " if owner.councillor else "") + owner.person)
        if person_key is None:
            kind = x.COUNCILLOR if owner.councillor else x.OFFICER
            person_key = ctx.key(kind, ("cllr " if owner.councillor else "") + name)
            entities.append(x.Entity(person_key, kind, name, ((x.A_SURFACE, owner.person),)))
        keys.append(person_key)
    if owner.post:
        post_key = ctx.key(x.POST, post_key_name(owner.post))
        entities.append(x.Entity(post_key, x.POST, owner.post))
        keys.append(post_key)
        if person_key:
            relations.append(x.Relation(person_key, x.HOLDS_POST, post_key, start=start, end=end))
    return keys
