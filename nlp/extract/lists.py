"""Lists of people as councils print them: "Present:", "Apologies:", "Also present:",
"Substitutes:", "Membership:" blocks, one person per line or comma-separated, with roles in
brackets ("(chair)", "(substitute for Sands (S))") or after a tab or dash ("Chairman - Leader
of the Council", a portfolio). Read once, used by people.py (entities) and meetings.py
(attendance and membership relations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from nlp.extract.bodies import BODY_WORDS
from nlp.extract.lines import Line, clean, honorific, is_titled, leading_name, split_lines
from nlp.pipeline import cues

JOB_WORDS = re.compile(
    r"(?i)\b(?:officer|manager|director|head|executive|leader|lead|coordinator|co-ordinator|advis[oe]r|"
    r"assistant|analyst|clerk|solicitor|accountant|engineer|planner|surveyor|chief|secretary|specialist|"
    r"consultant|inspector|practitioner|administrator|commander|superintendent|constable|commissioner|nurse|"
    r"matron|paramedic|therapist|surgeon|physician)\b")
ORG_WORDS = re.compile(
    r"(?i)\b(?:department|council|trust|nhs|police|constabulary|agency|partnership|ltd|limited|plc|"
    r"association|board|authority|commission|service\s+for|university|college|icb|dwp|healthwatch|ambulance|"
    r"fire\s+and\s+rescue|integrated\s+care)\b")
LIST_CUES = ("PRESENT", "APOLOGIES", "ALSO_PRESENT", "SUBSTITUTES", "ABSENT", "MEMBERSHIP")
_STOP_CUES = LIST_CUES + ("RESOLVED", "DATE", "TIME", "VENUE")
_NUMBERED = re.compile(r"^\s*(?:[-*]\s*)?(?:item\s+)?\d{1,3}[.)]?\s+\S", re.IGNORECASE)
# Lists whose people are the body's members: untitled names there are councillors when the list
# names nobody with a title ("PRESENT: Mrs C Abbott (Chairman), Mr J Fairweather, ...").
_MEMBER_LISTS = ("PRESENT", "APOLOGIES", "SUBSTITUTES", "MEMBERSHIP")
# Bracketed or trailing words that describe a member's place, never an employer.
_MEMBER_ROLE = re.compile(
    r"(?i)\b(?:chair\w*|vice|mayor|cabinet\s+member|portfolio\s+holder|lead\s+member|leader|councillor|"
    r"ward\s+member|substitut\w*|in\s+the\s+chair)\b")
# "Cabinet Member for Housing", "Portfolio Holder for Finance": the remit that follows is a portfolio.
_PORTFOLIO_LEAD = r"\b(?:cabinet\s+member|portfolio\s+holder|lead\s+member|executive\s+member)\s+(?:responsible\s+)?for\b"
PORTFOLIO_LEAD = re.compile(_PORTFOLIO_LEAD, re.IGNORECASE)
# After a dash, words that are not a portfolio: civic roles, places on other bodies, reasons for absence.
NOT_PORTFOLIO = re.compile(
    r"(?i)\b(?:mayor|chair\w*|vice|ward|group|party|representative|governor|substitut\w*|illness|ill|unwell|"
    r"holiday|annual\s+leave|commitments?|reasons?|absent|arrived|left|"
    # a political group or another council, as membership lists print them after a tab
    r"conservatives?|labour|liberal|democrats?|independents?|green\s+party|reform\s+uk|plaid\s+cymru|snp|"
    r"(?:district|borough|county|city|town|parish)\s+council)\b")
# A role heading one member's line in a membership block: "Chairman: Councillor Andrew Smythe".
_ROLE_LABEL = re.compile(r"(?i)\s*(?P<vice>vice[\s\-]*)?chair(?:man|woman|person)?\s*[:\-\u2013]\s*")
# A full stop that ends a sentence, not an initial's ("M.W. Jenkins") or an honorific's ("Dr. Lee").
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St))(?<!\bMrs)\.\s+(?=[A-Z][a-z])")
# A bracket that says when or for what someone attended, never who employs them:
# "(for minute 6)", "(from 10.30 am)", "(items 5 and 6 only)".
_ASIDE = re.compile(r"\s*\((?:for|from|until|during|items?|minutes?|agenda)\b[^()]*\)", re.IGNORECASE)
# The chair of another body, named after the person: "Chair, Overview and Scrutiny Board".
_CHAIRS_OTHER = re.compile(
    r"\s*(?:\t+|[\-\u2013\u2014]\s)?\s*(?P<vice>vice[\s\-]*)?chair(?:man|woman|person)?\s*(?:,|[\-\u2013\u2014]|of\s+(?:the\s+)?)"
    r"\s*(?=\S)(?!(?:deputy\s+)?leader\b|(?:the\s+)?(?:full\s+)?council\b)(?P<body>[^,;()]+?" + BODY_WORDS + r")\s*$", re.IGNORECASE)
# A label over a group of members inside a list: "County Councillors:", "Co-opted members (non-voting):".
_GROUP_LABEL = re.compile(
    r"(?i)^\s*(?:[\w\-]+\s+){0,6}?(?:members?|councillors|representatives?|co-optees?)\b[^:\n]{0,40}:\s*")
# Police ranks lead a partner's name ("PCSO Dan Marsh"), never a councillor's.
_RANK = re.compile(r"(?:PCSO|PC|Sgt|Sergeant|Insp|Inspector|Chief\s+Inspector|Ch\.?\s*Insp|Supt|Superintendent|"
                   r"Chief\s+Superintendent|Ch\.?\s*Supt)\.?\s")


@dataclass(frozen=True, slots=True)
class Person:
    """One person read from a list or contact block."""

    name: str  # as written, titles removed ("Mrs Egan" keeps "Mrs" out: "Egan")
    surface: str  # as written with titles ("Councillor Mrs Egan")
    start: int  # span of `surface` in Document.text
    end: int
    councillor: bool
    roles: tuple[str, ...] = ()  # chair | vice_chair | leader | deputy_leader | substitute
    portfolio: str = ""
    job_title: str = ""
    organisation: str = ""
    substitute_for: str = ""
    line_start: int = 0  # evidence: the whole line
    line_end: int = 0
    chairs: str = ""  # another body this person chairs ("Chair, Overview and Scrutiny Board")
    chairs_role: str = ""  # chair | vice_chair


@dataclass(frozen=True, slots=True)
class PeopleList:
    cue: str  # one of LIST_CUES
    start: int  # offset of the cue
    end: int  # end of the last line read
    people: tuple[Person, ...]


def cue_at(line: str, labels: tuple[str, ...] = LIST_CUES) -> tuple[str, int] | None:
    """The list cue a line starts with, and where the text after it begins."""
    text = line
    for label in labels:
        m = cues()[label].match(text)
        if m and (label != "PRESENT" or re.match(r"\s*(?:(?:members|councillors|cllrs)\s+)?present\b", text, re.I)):
            return label, m.end()
    return None


def _pieces(text: str) -> list[tuple[int, int]]:
    """Split a list line at commas, semicolons, " and ", "&" and after ")" before a name —
    never inside brackets. Returns (start, end) pairs into `text`."""
    spans, depth, start, i = [], 0, 0, 0
    described = False  # after "Name – ": a description, cut only where another person starts
    while i < len(text):
        ch = text[i]
        if depth == 0 and re.match(r"\s[\-\u2013\u2014]\s", text[i:]) and text[start:i].strip():
            described = True
        if described and depth == 0:
            sep = re.match(r"[,;]\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+", text[i:])
            if sep and not _starts_person(text[i + sep.end():]):
                i += sep.end()  # "Cllr Sophie Lin – Cabinet Member for Children, Young People and Education"
                continue
            if sep:
                described = False
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
            if depth == 0 and re.match(r"\s+(?=[A-Z])(?!and\b)", text[i + 1:]):
                spans.append((start, i + 1))
                start = i + 1
        elif depth == 0 and ch in ",;":
            spans.append((start, i))
            start = i + 1
        elif depth == 0 and re.match(r"\s+(?:and|&)\s+", text[i:]) and i > start:
            m = re.match(r"\s+(?:and|&)\s+", text[i:])
            spans.append((start, i))
            start = i + m.end()
            i = start
            continue
        i += 1
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _starts_person(text: str) -> bool:
    """Does `text` start with a councillor title or an honorific (another person in the list)?"""
    return bool(is_titled(text) or honorific(text))


def _roles(text: str) -> tuple[list[str], str]:
    """Roles named in `text` and what is left (a portfolio, a job title)."""
    roles = []
    rest = text
    c = cues()
    for label, role in (("ROLE_VICE_CHAIR", "vice_chair"), ("ROLE_DEPUTY_LEADER", "deputy_leader"),
                        ("ROLE_LEADER", "leader"), ("ROLE_CHAIR", "chair")):
        pattern = re.compile(c[label].pattern, re.IGNORECASE)
        if pattern.search(rest):
            roles.append(role)
            rest = pattern.sub(" ", rest)
    m = re.compile(c["ROLE_SUBSTITUTE"].pattern, re.IGNORECASE).search(text)
    if m:
        roles.append("substitute")
        rest = rest.replace(m.group(0), " ")
    rest = re.sub(r"\(\s*\)|[()*]", " ", rest)
    # "Deputy Leader and Cabinet Member for Finance": the role gone, "and" is left before the remit
    rest = re.sub(r"(?i)^\W*(?:(?:and|&)\s+)?" + _PORTFOLIO_LEAD, " ", rest)
    rest = re.sub(r"\s+", " ", rest).strip(" \t,;:-\u2013\u2014.")
    return roles, rest


def parse_piece(text: str, offset: int, titled: bool) -> tuple[Person | None, bool]:
    """One person from a list piece. Returns (person, titled) — titled carries a plural
    "Councillors" over to the rest of the list."""
    m = re.match(r"(?:and|&)\s+", text)
    if m:
        text, offset = text[m.end():], offset + m.end()
    t = is_titled(text)
    pos = 0
    if t:
        titled = True
        pos = t.end()
    while text[pos:pos + 1] in (" ", "\t"):
        pos += 1
    h = honorific(text[pos:])
    name_pos = pos + (h.end() if h else 0)
    found = leading_name(text[name_pos:])
    if found is None:
        return None, titled
    name, length = found
    after = text[name_pos + length:]
    if after.strip() and not re.match(r"\s*(?:[,;(\t]|[\-\u2013\u2014]\s|\.\s*$|$)|\s+for\s+(?:(?:Councillor|Cllr)\.?\s+)?[A-Z]"
                                      r"|\s+in\s+the\s+chair\b", after, re.IGNORECASE):
        return None, titled  # a sentence, not a list entry
    after = _ASIDE.sub("", after)
    chairs = _CHAIRS_OTHER.match(after)
    if chairs:  # chairs another body: neither this meeting's chair nor a portfolio
        after = ""
    roles, rest = _roles(after)
    substitute_for = ""
    sub = re.match(r"\s+for\s+((?:(?:Councillor|Cllr)\.?\s+)?[A-Z][^,;()]*(?:\([A-Z][a-z]{0,2}\))?)", after)
    if sub:  # "Substitutes: Councillor Black for Councillor Green"
        roles.append("substitute")
        substitute_for = sub.group(1).strip()
        rest = ""
    m = re.compile(cues()["ROLE_SUBSTITUTE"].pattern, re.IGNORECASE).search(after)
    if m:
        substitute_for = m.group("for").strip()
        substitute_for = substitute_for + ")" if substitute_for.count("(") > substitute_for.count(")") else substitute_for
    organisation = ""
    om = re.search(r"\(([^()]{4,})\)\s*$", after)
    if om and _MEMBER_ROLE.search(om.group(1)):
        om = None  # "(Chairman)", "(Cabinet Member for Housing)", "(Town Mayor, in the Chair)": a member's place
    # A title carried over from earlier in the list ("Councillor Coleshill, Sands (S) and Smith")
    # does not make a partner a councillor: "County Councillor B Ferris, PCSO Dan Marsh (Police)".
    carried = titled and not t
    if om and (not titled or carried and ORG_WORDS.search(om.group(1))):
        inside = om.group(1).strip()
        if "," in inside and not ORG_WORDS.search(inside.split(",", 1)[0]):
            # "(External Auditor, Grant Thornton)": job title, then organisation
            rest, organisation = (part.strip() for part in inside.split(",", 1))
        elif JOB_WORDS.search(inside) and not ORG_WORDS.search(inside):
            rest = inside if not rest.replace(inside, "").strip(" ,;") else rest  # "J Smith (Head of Planning)"
        else:
            organisation = inside
            rest = rest.replace(organisation, "").strip(" ,;")
    surface_start = 0
    explicit = PORTFOLIO_LEAD.search(after)
    councillor = titled or bool(explicit)  # a cabinet member is a councillor, titled or not
    if carried and (organisation or h and _RANK.match(h.group(0).strip() + " ")):
        councillor = False
    if carried and JOB_WORDS.search(after) and not re.search(r"(?i)\b(?:cabinet|portfolio|leader|chair)", after):
        councillor = False  # "Councillor X (Portfolio Holder), Sarah Long (Chief Executive)": an officer
        if om and not organisation:
            rest = om.group(1).strip()
    # A portfolio is written after a tab or a dash ("Councillor Johnson – Resources") or named as
    # one ("(Portfolio Holder for Housing)"); other brackets are civic roles, other bodies' chairs
    # or reasons for absence.
    positional = re.match(r"\s*(?:\t|[\-\u2013\u2014]\s)", after)
    portfolio = rest if councillor and (explicit or positional and not NOT_PORTFOLIO.search(rest)) else ""
    if not councillor and rest and not organisation:
        head, _, tail = rest.partition(",")
        if tail.strip() and JOB_WORDS.search(head) and ORG_WORDS.search(tail):
            rest, organisation = head.strip(), tail.strip()  # "Chief Medical Officer, Wold Integrated Care Board"
        elif ORG_WORDS.search(rest) and not JOB_WORDS.search(rest):
            rest, organisation = "", rest  # "Gail Morrow – Northmoor Police"
    person = Person(
        name=name, surface=text[surface_start:name_pos + length].strip(),
        start=offset + surface_start + (len(text) - len(text.lstrip())), end=offset + name_pos + length,
        councillor=councillor, roles=tuple(roles),
        portfolio=portfolio, job_title="" if councillor else rest,
        organisation=organisation, substitute_for=substitute_for,
        chairs=chairs.group("body").strip() if chairs else "",
        chairs_role=("vice_chair" if chairs.group("vice") else "chair") if chairs else "",
    )
    return person, titled


def parse_list_line(line: Line, text: str, offset: int, titled: bool) -> tuple[list[Person], bool, bool]:
    """People on one line. Returns (people, titled, ok) — ok False when the line is not a list line."""
    people: list[Person] = []
    stripped = clean(text)
    if not stripped:
        return [], titled, True
    lead = len(text) - len(text.lstrip(" -*\u2022"))
    text = text.replace("**", "  ")
    end = _SENTENCE_END.search(text, lead)
    if end:  # "... received from Councillor Simon Yates. Councillor Amir Khan attended as his substitute."
        text = text[:end.start() + 1]
    role = _ROLE_LABEL.match(text, lead)  # "Vice-Chairman: Councillor Beverley Jones"
    if role:
        lead = role.end()
    group = None if role else _GROUP_LABEL.match(text, lead)
    if group and not is_titled(text[lead:]):  # "Co-opted member: Colin Ashby (Healthwatch)"
        lead, titled = group.end(), False
        if not text[lead:].strip():
            return [], False, True
    first = _role_first(text[lead:], offset + lead, line)
    if first:
        return [first], False, True
    only_title = is_titled(text[lead:])
    if only_title and not text[lead + only_title.end():].strip(" :"):
        return [], True, True  # "Councillors:" heading the list
    if "\t" in text.strip() and is_titled(text[lead:]):
        pieces = [(lead, len(text.rstrip()))]  # "Councillor X<TAB>portfolio": one person per line
    else:
        pieces = [(lead + s, lead + e) for s, e in _pieces(text[lead:])]
    for number, (s, e) in enumerate(pieces):
        piece = text[s:e]
        person, titled = parse_piece(piece.lstrip(), offset + s + (len(piece) - len(piece.lstrip())), titled)
        if person is None:
            if number == 0:
                return [], titled, False
            between = text[pieces[number - 1][1]:s]
            if people and not people[-1].councillor and "," in between and not re.match(r"\s*\d", text[s:e]):
                # "Kim Wright, partnership manager (DWP)": the rest of the line describes her
                # (but "..., PCSO Dan Marsh (Police) and 4 members of the public" does not).
                last = people[-1]
                more = _ASIDE.sub("", text[s:len(text)]).strip(" ,;")
                om = re.search(r"\(([^()]{4,})\)\s*\.?$", more)
                org = om.group(1) if om else ""
                job = more[: om.start()].strip(" ,;") if om else more
                if not org and "," in job:
                    job, org = (p.strip() for p in job.split(",", 1))
                if not org and ORG_WORDS.search(job) and not JOB_WORDS.search(job):
                    job, org = "", job  # "Jo Bell, Director of Strategy, Wold Integrated Care Board"
                people[-1] = Person(
                    last.name, last.surface, last.start, last.end, last.councillor, last.roles,
                    last.portfolio, last.job_title or job, last.organisation or org,
                    last.substitute_for, line.start, line.end,
                )
                break
            continue
        people.append(replace(person, line_start=line.start, line_end=line.end))
    if role and people:
        held = "vice_chair" if role.group("vice") else "chair"
        people[0] = replace(people[0], roles=tuple(dict.fromkeys((*people[0].roles, held))))
    return people, titled, True


def _role_first(text: str, offset: int, line: Line) -> Person | None:
    """An officer written job title first: "Chief Executive – Alison Reddy", "Director of Place<TAB>Jo Hale"."""
    m = re.match(r"\s*(?P<role>[^\t\u2013\u2014:()]{3,90}?)\s*(?:\t+|\s[\-\u2013\u2014]\s)\s*(?P<who>\S.*?)\s*$", text)
    if not m or not JOB_WORDS.search(m.group("role")) or is_titled(m.group("role")) or honorific(m.group("role")):
        return None
    if leading_name(m.group("role")) and leading_name(m.group("role"))[1] >= len(m.group("role").rstrip()):
        return None  # "Anna Head – ...": a name, not a role
    who = m.group("who")
    h = honorific(who)
    found = leading_name(who[h.end() if h else 0:])
    if found is None or (h.end() if h else 0) + found[1] < len(who.rstrip(" ."))  or is_titled(who):
        return None
    start = offset + m.start("who")
    return Person(name=found[0], surface=who[: (h.end() if h else 0) + found[1]], start=start,
                  end=start + (h.end() if h else 0) + found[1], councillor=False,
                  job_title=m.group("role").strip(" ,"), line_start=line.start, line_end=line.end)


def read_lists(text: str, lines: list[Line] | None = None) -> list[PeopleList]:
    """Every attendance or membership list in a document."""
    lines = lines if lines is not None else split_lines(text)
    found: list[PeopleList] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        hit = cue_at(clean(line.text))
        if not hit:
            i += 1
            continue
        label, _ = hit
        raw = line.text
        # Position of the cue's end in the raw line (clean() may have removed leading markup).
        m = cues()[label].search(raw.replace("**", "  "))
        after = m.end() if m else len(raw)
        titled = False
        people: list[Person] = []
        got, titled, ok = parse_list_line(line, raw[after:], line.start + after, titled)
        people.extend(got)
        end = line.end
        j = i + 1
        blanks = 0
        while j < len(lines) and (ok or not people):
            nxt = lines[j]
            if nxt.blank:
                blanks += 1
                if blanks > 2:
                    break
                j += 1
                continue
            if cue_at(nxt.clean, _STOP_CUES) or _NUMBERED.match(nxt.clean):
                break
            if blanks and _heading(nxt.clean):
                break  # "UNRESTRICTED ITEMS": the next section, not one more person
            got, titled, ok = parse_list_line(nxt, nxt.text, nxt.start, titled)
            if not ok:
                break
            blanks = 0
            people.extend(got)
            end = nxt.end
            j += 1
        if people:
            found.append(PeopleList(label, line.start, end, tuple(_members(label, people))))
        i = max(j, i + 1)
    return found


def _heading(text: str) -> bool:
    """A line in capitals of two or more words, without the commas or brackets of a list."""
    return text.isupper() and len(text.split()) >= 2 and not re.search(r"[,;()\t]", text) and not is_titled(text)


def _members(label: str, people: list[Person]) -> list[Person]:
    """In a list of the body's members written without titles (county councils print "Mrs C Abbott
    (Chairman)"), the people with no job title or employer are councillors."""
    if label not in _MEMBER_LISTS or any(is_titled(p.surface) for p in people):
        return people
    return [replace(p, councillor=True) if not (p.job_title or p.organisation) else p for p in people]
