"""People: councillors (titled mentions, attendance and membership lists), officers (contact
blocks after "Lead Officer:", "Contact Officer(s):", "Report Author:", "Committee officer:",
"... Enquiries:"), partner staff ("Also present: Kim Wright, partnership manager (DWP)"),
named people in prose (statistical NER), and posts named without a person.

Returns entities keyed per surface form; nlp.resolve merges them afterwards.
"""

from __future__ import annotations

import re

from nlp.extract.lines import (
    EMAIL,
    PHONE,
    Line,
    clean,
    honorific,
    is_titled,
    leading_name,
    name_stop,
    split_lines,
)
from nlp.extract.lists import JOB_WORDS, NOT_PORTFOLIO, PORTFOLIO_LEAD, Person, parse_piece, read_lists
from nlp.extraction import (
    A_SURFACE,
    DEPARTMENT,
    CONTACT_OFFICER,
    COUNCILLOR,
    DOCUMENT_SUBJECT,
    EMAIL as P_EMAIL,
    HOLDS_POST,
    IN_DEPARTMENT,
    JOB_TITLE,
    OFFICER,
    ORGANISATION,
    PERSON,
    PHONE as P_PHONE,
    PORTFOLIO,
    POST,
    REPORT_AUTHOR,
    WORKS_FOR,
    Context,
    Entity,
    Extraction,
    Mention,
    Relation,
    merge,
)
from nlp.pipeline import cues
from nlp.records import Document

OFFICER_CUES = ("LEAD_OFFICER", "CONTACT_OFFICER", "REPORT_AUTHOR", "COMMITTEE_OFFICER", "RESPONSIBLE_OFFICER", "COMPLETED_BY")
_QUALIFICATIONS = re.compile(r"(?:\s+(?:[A-Z]{2,5}|BSc|MSc|BA|MA|PhD|Hons|\(Hons\)|BSc\(Hons\))\b\.?)+$")
_NAME_WORD_FULL = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:['\u2019\-][A-Z][a-z]+)*")


class _Builder:
    """Collects entities, mentions and relations with keys per (kind, surface name)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.entities: list[Entity] = []
        self.mentions: list[Mention] = []
        self.relations: list[Relation] = []

    def person(self, kind: str, name: str, surface: str, start: int, end: int) -> str:
        from nlp.resolve import normalise_name

        normal = normalise_name(name)
        key = self.ctx.key(kind, ("cllr " if kind == COUNCILLOR else "") + normal)
        self.entities.append(Entity(key, kind, normal, ((A_SURFACE, surface.strip()),)))
        self.mentions.append(Mention(start, end, surface, key))
        return key

    def entity(self, kind: str, name: str, start: int, end: int, surface: str) -> str:
        key = self.ctx.key(kind, name)
        self.entities.append(Entity(key, kind, name))
        self.mentions.append(Mention(start, end, surface, key))
        return key

    def rel(self, subject: str, predicate: str, obj: str, literal: bool, start: int, end: int) -> None:
        if obj or (obj == DOCUMENT_SUBJECT and not literal):
            self.relations.append(Relation(subject, predicate, obj, literal, start, end))

    def result(self, document_id: str) -> Extraction:
        return merge(document_id, Extraction(document_id, tuple(self.entities), tuple(self.mentions), tuple(self.relations)))


def _tidy_name(name: str) -> str:
    """Drop post-nominal letters ("Melanie Harris MA BSc(Hons) MIOL" -> "Melanie Harris")."""
    if any(_NAME_WORD_FULL.fullmatch(w) for w in name.split()):
        name = _QUALIFICATIONS.sub("", name)
    return name.strip()


def listed_kind(p: Person) -> str:
    return COUNCILLOR if p.councillor else (PERSON if p.organisation else OFFICER)


def listed_key(ctx: Context, p: Person) -> str:
    """The key people.py gives a listed person (meetings.py links attendance to it)."""
    from nlp.resolve import normalise_name

    kind = listed_kind(p)
    return ctx.key(kind, ("cllr " if kind == COUNCILLOR else "") + normalise_name(_tidy_name(p.name)))


def _add_listed(b: _Builder, p: Person) -> str | None:
    name = _tidy_name(p.name)
    if not name:
        return None
    key = b.person(listed_kind(p), name, p.surface, p.start, p.end)
    if p.portfolio and p.councillor:
        b.rel(key, PORTFOLIO, p.portfolio, True, p.line_start, p.line_end)
    if p.job_title:
        b.rel(key, JOB_TITLE, p.job_title, True, p.line_start, p.line_end)
    if p.organisation:
        org_start = b_text_find(b, p.organisation, p.line_start, p.line_end)
        org = b.entity(ORGANISATION, p.organisation, org_start, org_start + len(p.organisation), p.organisation)
        b.rel(key, WORKS_FOR, org, False, p.line_start, p.line_end)
    return key


def b_text_find(b: _Builder, needle: str, start: int, end: int) -> int:
    text = b.ctx.text
    found = text.find(needle, start, end) if text else -1
    return found if found >= 0 else start


_CELL_WORD = re.compile(r"[A-Z][a-z]+(?:['\u2019\-][A-Z][a-z]+)*|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+")


def _people_cells(b: _Builder, text: str) -> set[int]:
    """Table cells that list people, as forward plans print them: "Cllr Kendrick Anton Bull
    Carole Jowett & Michelle Newell". Names run together; a councillor has one or two words,
    everyone else two ("First Last"), so the parity of each "&" / "/" / "," group tells where
    the councillor's name ends. Returns the offsets of the titles read here."""
    title = cues()["COUNCILLOR_TITLE"].pattern
    done: set[int] = set()
    offset = 0
    for line in text.split("\n"):
        if "\t" in line:
            cell_start = offset
            for cell in line.split("\t"):
                if is_titled(cell.lstrip()):
                    _read_people_cell(b, cell, cell_start, title, done)
                cell_start += len(cell) + 1
        offset += len(line) + 1
    return done


def _read_people_cell(b: _Builder, cell: str, start: int, title: str, done: set[int]) -> None:
    parts = re.split(r"(?=(?<![\w])(?:" + title + r")\s)", cell)
    pos = start
    for part in parts:
        part_start = pos
        pos += len(part)
        t = is_titled(part)
        if not t or PORTFOLIO_LEAD.search(part[t.end():]):
            continue  # "Cllr X, Cabinet Member for Y": one member and a remit, read with the titled mentions
        body = part[t.end():]
        body = re.sub(r"\([^)]*\)", lambda m: " " * len(m.group(0)), body)  # "(ARP)", "(tbc)"
        groups = [(m.start(), m.group(0)) for m in re.finditer(r"[^&/,;]+", body)]
        first = True
        for g_start, group in groups:
            words = [(m.start() + g_start, m.group(0)) for m in _CELL_WORD.finditer(group)]
            stray = re.sub(r"\s+", "", _CELL_WORD.sub("", group))
            if not words or stray or any(name_stop(w) for _, w in words):
                break
            cut = 0
            if first:
                cut = 1 if len(words) % 2 else min(2, len(words))
                name = " ".join(w for _, w in words[:cut])
                a = part_start + t.end() + words[0][0]
                e = part_start + t.end() + words[cut - 1][0] + len(words[cut - 1][1])
                b.person(COUNCILLOR, name, b.ctx.text[part_start:e], part_start, e)
                done.add(part_start + (len(part) - len(part.lstrip())))
                first = False
            rest = words[cut:]
            if len(rest) % 2:
                break
            for i in range(0, len(rest), 2):
                a = part_start + t.end() + rest[i][0]
                e = part_start + t.end() + rest[i + 1][0] + len(rest[i + 1][1])
                b.person(OFFICER, f"{rest[i][1]} {rest[i + 1][1]}", b.ctx.text[a:e], a, e)


def _titled_mentions(b: _Builder, text: str, skip: set[int] = frozenset()) -> None:  # type: ignore[assignment]
    """Every "Councillor X" / "Cllr X" / "Councillors X, Y and Z" in the text."""
    title = cues()["COUNCILLOR_TITLE"].pattern
    for m in re.finditer(r"(?<![\w.@])(?:" + title + r")(?=[ \t:\-\u2013])", text):
        if m.start() in skip:
            continue
        line_end = text.find("\n", m.start())
        line_end = len(text) if line_end < 0 else line_end
        segment = text[m.start():line_end]
        plural = m.group(0).lower().rstrip(".").endswith("s") and not m.group(0).lower().startswith("cllr")
        plural = plural or m.group(0).lower() in ("cllrs", "cllrs.")
        titled = False
        pos = 0
        if not plural:
            # A singular title reads to the end of the line, unless another person follows:
            # "Councillor D Dean (Portfolio Holder for Housing), Sarah Long (Chief Executive)".
            nxt = re.search(r"[,;]\s+(?=(?:(?:" + title + r")\s+)?(?:[A-Z][a-z]*\.?\s+){1,3}\()", segment)
            segment = segment[: nxt.start()] if nxt else segment
        for number in range(12 if plural else 1):
            piece_end = _next_piece_end(segment, pos) if plural else len(segment)
            piece = segment[pos:piece_end]
            lead = len(piece) - len(piece.lstrip(" ,;"))
            person, titled = parse_piece(piece[lead:], m.start() + pos + lead, number > 0 or titled)
            if person is None and number == 0:
                # "Councillor Thornton - Growth ...": keep the name even if a role follows oddly.
                found = _name_after_title(segment)
                if found:
                    name, end = found
                    key = b.person(COUNCILLOR, _tidy_name(name), segment[:end], m.start(), m.start() + end)
                    pm = re.match(r"(?i)[\s*,\-\u2013]*(?:cabinet\s+member|portfolio\s+holder)\s+for\W+(.+?)[\s*]*$", segment[end:])
                    if pm and _looks_like_portfolio(pm.group(1)):
                        portfolio = pm.group(1).strip(" *")
                        if portfolio.isupper():
                            portfolio = portfolio.title().replace(" And ", " and ")
                        b.rel(key, PORTFOLIO, portfolio, True, m.start(), line_end)
                break
            if person is None:
                break
            name = _tidy_name(person.name)
            if name and not _mostly_role(name):
                key = b.person(COUNCILLOR, name, person.surface, person.start, person.end)
                if person.portfolio and not plural and _looks_like_portfolio(person.portfolio):
                    b.rel(key, PORTFOLIO, person.portfolio, True, m.start(), line_end)
                line_start = text.rfind("\n", 0, m.start()) + 1
                before = re.search(r"(?i)(?:cabinet\s+member|portfolio\s+holder|lead\s+member)\s+for\s+([^:\t]{2,60}?)\s*[:\-\u2013]\s*$",
                                   text[line_start:m.start()])
                # "The Cabinet Member for Finance, Councillor D.G. Morgan, presented the report."
                before = before or re.search(r"(?i)\bthe\s+(?:cabinet\s+member|portfolio\s+holder|lead\s+member)\s+for\s+"
                                             r"([^:\t,;]{2,60}?)\s*,\s*$", text[line_start:m.start()])
                if before and number == 0:
                    b.rel(key, PORTFOLIO, before.group(1).strip(), True, line_start, line_end)
                # "Portfolio Holder: Councillor Ben Stirling (Planning and Economic Growth)"
                remit = re.match(r"\s*\(([^()]+)\)\s*$", segment[person.end - m.start():])
                if number == 0 and not plural and remit and cues()["LEAD_MEMBER"].search(text[line_start:m.start()]) \
                        and _looks_like_portfolio(remit.group(1)) and not NOT_PORTFOLIO.search(remit.group(1)):
                    b.rel(key, PORTFOLIO, remit.group(1).strip(), True, line_start, line_end)
            if piece_end >= len(segment):
                break
            pos = piece_end + 1


def _next_piece_end(segment: str, pos: int) -> int:
    depth = 0
    i = pos
    while i < len(segment):
        ch = segment[i]
        depth += ch == "("
        depth -= ch == ")"
        if depth <= 0 and ch in ",;":
            return i
        if depth <= 0 and re.match(r"\s+(?:and|&)\s+", segment[i:]) and i > pos:
            return i
        i += 1
    return len(segment)


def _name_after_title(segment: str) -> tuple[str, int] | None:
    t = is_titled(segment)
    if not t:
        return None
    pos = t.end()
    h = honorific(segment[pos:])
    pos += h.end() if h else 0
    found = leading_name(segment[pos:], max_words=3)
    if not found:
        return None
    return found[0], pos + found[1]


def _mostly_role(name: str) -> bool:
    return all(name_stop(w) for w in name.split())


def _looks_like_portfolio(text: str) -> bool:
    return 0 < len(text.split()) <= 8 and not EMAIL.search(text) and not re.search(r"\d{3}", text)


def _officer_blocks(b: _Builder, lines: list[Line]) -> None:
    """Contact blocks after an officer cue: name, job title, e-mail, phone on the lines that follow."""
    for index, line in enumerate(lines):
        for label in OFFICER_CUES:
            m = cues()[label].search(line.text)
            if not m:
                continue
            if label == "CONTACT_OFFICER" and "further information" in m.group(0).lower():
                pass
            cell_end = line.text.find("\t", m.end())
            rest_text = line.text[m.end(): cell_end if cell_end > m.end() + 3 and not re.match(r"\t[a-z]", line.text[cell_end:]) else len(line.text)]
            start = line.start + m.end()
            follow = lines[index + 1: index + 12]
            if not clean(rest_text):
                # The name is on the next non-blank line.
                nxt = next((n for n in follow if not n.blank), None)
                if nxt is None:
                    break
                rest_text, start = nxt.text, nxt.start
                follow = lines[nxt.number + 1: nxt.number + 12]
            role = {"REPORT_AUTHOR": REPORT_AUTHOR}.get(label, CONTACT_OFFICER)
            _read_officer(b, rest_text, start, follow, role, label)
            break


def _read_officer(b: _Builder, text: str, start: int, follow: list[Line], role: str, label: str) -> None:
    raw = text.replace("**", "  ")
    lead = len(raw) - len(raw.lstrip(" \t*:-\u2013"))
    t = is_titled(raw[lead:])
    if t:
        found = _name_after_title(raw[lead:])
        if found:
            b.person(COUNCILLOR, _tidy_name(found[0]), raw[lead:lead + found[1]], start + lead, start + lead + found[1])
        return
    form = re.match(r"\s*name\s*:?\s+", raw[lead:], re.I)  # forms: "Name Honor Howell Job title ..."
    lead += form.end() if form else 0
    h = honorific(raw[lead:])
    pos = lead + (h.end() if h else 0)
    found = leading_name(raw[pos:])
    if not found or len(found[0].split()) < 2:
        job = re.split(r"\t|\s{2,}|,", raw[lead:].strip())[0].strip(" .")
        if _is_job_title(job) and label != "RESPONSIBLE_OFFICER":
            # "Report author: Head of Housing": the post itself, so the link survives staff changes
            post = b.ctx.key(POST, post_key_name(job))
            b.entities.append(Entity(post, POST, job))
            at = start + raw.find(job)
            b.mentions.append(Mention(at, at + len(job), job, post))
            b.rel(post, role, DOCUMENT_SUBJECT, False, start, start + len(text))
        return
    name, length = found
    name = _tidy_name(name)
    key = b.person(OFFICER, name, raw[lead:pos + length], start + lead, start + pos + length)
    if label != "RESPONSIBLE_OFFICER":
        b.rel(key, role, DOCUMENT_SUBJECT, False, start, start + len(text))
    after = raw[pos + length:]
    cell = re.split(r"\t|\s{2,}", after.strip(" ,-\u2013\t"))[0]
    cell = re.sub(r"^\s*job\s+title\s*:?\s*", "", cell, flags=re.I)
    parts = [p.strip(" ,.") for p in re.split(r",|\s[\-\u2013\u2014]\s", cell)]
    job = next((p for p in parts if _is_job_title(p)), parts[0] if parts else "")
    emails = [e for e in EMAIL.findall(text)]
    phones = PHONE.findall(text)
    if job and not EMAIL.search(job) and not PHONE.search(job) and _is_job_title(job):
        b.rel(key, JOB_TITLE, job, True, start, start + len(text))
    else:
        job = ""
    blanks = 0
    for line in follow[:6]:
        if line.blank:
            blanks += 1
            if blanks > 1 or emails:
                break
            continue
        body = re.sub(r"^(?:t|e|tel|telephone|phone|email|e-mail|direct dial|mobile)(?:\s*[:.]\s*|\s+)", "", line.clean, flags=re.I)
        if EMAIL.search(body) or PHONE.search(body):
            emails += EMAIL.findall(body.replace("\t", ""))
            phones += PHONE.findall(body)
            continue
        if ":" in body or any(cues()[c].search(line.text) for c in OFFICER_CUES):
            break  # another labelled field, not this officer's job title
        if not job and _is_job_title(body):
            job = body
            b.rel(key, JOB_TITLE, job, True, line.start, line.end)
            continue
        break
    for email in dict.fromkeys(emails):
        b.rel(key, P_EMAIL, email.lower(), True, start, start + len(text))
    for phone in dict.fromkeys(phones):
        b.rel(key, P_PHONE, phone.strip(), True, start, start + len(text))
    if job:
        post = b.ctx.key(POST, post_key_name(job))
        b.entities.append(Entity(post, POST, job))
        b.rel(key, HOLDS_POST, post, False, start, start + len(text))
        _link_department(b, post, job, start, start + len(text))
        _link_department(b, key, job, start, start + len(text))
    elif len(parts) > 0 and parts[0] and _DEPARTMENT.search(parts[0]) and len(parts[0].split()) <= 6:
        _link_department(b, key, parts[0], start, start + len(text))  # "Sue Smith, Children's Services"


_DEPARTMENT_OF = re.compile(r"(?i)^(?:head|director|assistant\s+director|deputy\s+director|executive\s+director|manager)\s+of\s+(?P<dept>.+)$")
_DEPARTMENT = re.compile(r"(?i)\b(?:services?|department|directorate|team|division|unit)$")


def department_of(title: str) -> str:
    """The department a post names: "Head of Environment" -> "Environment"."""
    m = _DEPARTMENT_OF.match(title.strip())
    if not m:
        return ""
    dept = re.sub(r"\s*\(.*?\)\s*", " ", m.group("dept")).strip(" ,.")
    if JOB_WORDS.search(dept) or dept.lower() in ("service", "services", "department", "the council"):
        return ""  # "Head of Housing Strategic Director": two posts run together; "Head of Service"
    return dept[:1].upper() + dept[1:] if 1 <= len(dept.split()) <= 6 else ""


def _link_department(b: "_Builder", holder: str, title: str, start: int, end: int) -> None:
    dept = department_of(title) if not _DEPARTMENT.search(title) or _DEPARTMENT_OF.match(title) else title
    if not dept:
        return
    key = b.ctx.key(DEPARTMENT, post_key_name(dept))
    b.entities.append(Entity(key, DEPARTMENT, dept))
    b.rel(holder, IN_DEPARTMENT, key, False, start, end)


def post_key_name(name: str) -> str:
    """The part of a post's key: case, "&" / "and" and spacing do not make a new post."""
    return re.sub(r"\s+", " ", re.sub(r"\s*&\s*", " and ", name)).strip().lower()


_NAME_JOB_LINE = re.compile(r"^\s*(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][a-z]+(?:[\-'][A-Z][a-z]+)?\s+[A-Z][a-z]*(?:[A-Z][a-z]+)?(?:[\-'][A-Z][a-z]+)?)\s*(?:,|\s[\-\u2013\u2014]\s)\s*(?P<job>[^\t\n]{3,80})$")


def _name_job_lines(b: _Builder, lines: list[Line]) -> None:
    """ "Samantha Harris - Trainee Solicitor": a line that is a name and a job title."""
    for line in lines:
        m = _NAME_JOB_LINE.match(line.text)
        if not m or not _is_job_title(m.group("job")):
            continue
        name = m.group("name")
        if any(name_stop(w) for w in name.split()):
            continue
        start = line.start + m.start("name")
        key = b.person(OFFICER, name, name, start, start + len(name))
        job = m.group("job").strip(" .")
        b.rel(key, JOB_TITLE, job, True, line.start, line.end)
        post = b.ctx.key(POST, post_key_name(job))
        b.entities.append(Entity(post, POST, job))
        b.rel(key, HOLDS_POST, post, False, line.start, line.end)


_NAME_ONLY = re.compile(r"^\s*(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][a-z]+(?:[\-'][A-Z][a-z]+)?(?:\s+[A-Z][a-z]*(?:[A-Z][a-z]+)?(?:[\-'][A-Z][a-z]+)?){1,2}\s*$")


def _post_then_name(b: _Builder, lines: list[Line]) -> None:
    """Structure charts and signature blocks: a line that is a post ("Head of Customer and
    Community Services") followed by a line that is only a name: that person holds the post."""
    non_blank = [ln for ln in lines if not ln.blank]
    for line, nxt in zip(non_blank, non_blank[1:]):
        title = line.clean
        if not _is_job_title(title) or len(title.split()) > 8 or not title[:1].isupper():
            continue
        if not _NAME_ONLY.match(nxt.text) or any(name_stop(w) for w in nxt.clean.split()):
            continue
        name = nxt.clean
        start = nxt.start + nxt.text.find(name)
        key = b.person(OFFICER, name, name, start, start + len(name))
        post = b.ctx.key(POST, post_key_name(title))
        b.entities.append(Entity(post, POST, title))
        b.mentions.append(Mention(line.start + line.text.find(title), line.start + line.text.find(title) + len(title), title, post))
        b.rel(key, HOLDS_POST, post, False, line.start, nxt.end)
        b.rel(key, JOB_TITLE, title, True, line.start, nxt.end)


def _is_job_title(text: str) -> bool:
    text = text.strip()
    if not text or len(text.split()) > 10 or re.search(r"\d|@|www\.|\?", text):
        return False
    return bool(re.search(
        r"\b(?:officer|manager|director|head|executive|leader|lead|coordinator|co-ordinator|advis[oe]r|"
        r"assistant|analyst|clerk|solicitor|accountant|engineer|planner|surveyor|chief|secretary|"
        r"specialist|consultant|inspector|practitioner|worker|administrator)\b", text, re.I))


def _ner_people(b: _Builder, spacy_doc, text: str) -> None:  # type: ignore[no-untyped-def]
    """Named people the statistical model finds in prose, kept only when name-shaped and
    when no word of the name is used as an ordinary lower-case word in the same document
    ("Breathing Space", "Grant Repayment Conditions" are not people; surnames are rarely
    common words of the same text)."""
    if spacy_doc is None:
        return
    common = set(re.findall(r"(?<![\w@.])[a-z]+(?![\w@])", text))
    for ent in spacy_doc.ents:
        if ent.label_ != "PERSON":
            continue
        span = ent.text
        if "\n" in span or "\t" in span or "@" in span or any(ch.isdigit() for ch in span):
            continue
        if is_titled(span) or re.search(r"(?i)\b(?:cllr|councillor)\b", text[max(0, ent.start_char - 12):ent.start_char]):
            continue  # titled mentions are read by rule
        body = span
        h = honorific(body)
        if h:
            body = body[h.end():]
        tokens = body.split()
        if not 2 <= len(tokens) <= 3:
            continue
        if not all(_NAME_WORD_FULL.fullmatch(t) for t in tokens):
            continue
        if any(name_stop(t) or t.lower() in common for t in tokens):
            continue
        b.person(PERSON, body, span, ent.start_char, ent.end_char)


def _posts(b: _Builder, spacy_doc) -> None:  # type: ignore[no-untyped-def]
    """Posts named without a person: "Head of Environment", "Strategic Director (Resources)"."""
    if spacy_doc is None:
        return
    generic = {"senior officer", "lead officer", "committee officer", "contact officer", "officer",
               "responsible officer", "project officer", "report author", "police lead"}
    for ent in spacy_doc.ents:
        if ent.label_ != "POST" or "\n" in ent.text:
            continue
        name = re.sub(r"\s+", " ", ent.text).strip(" ,.-\u2013")
        words_ = name.split()
        if name.lower() in generic or len(words_) < 2 or len(words_) > 8:
            continue
        if ent.ent_id_ == "officer" and not words_[0][:1].isupper():
            continue
        if ent.ent_id_ == "officer" and words_[0].lower() in ("the", "a", "an", "each", "any", "all", "other", "senior", "lead"):
            continue
        name = re.sub(r"\s+(?:and|&)$", "", name)
        if re.search(r"(?i)\bleader\b", name) and not re.search(r"(?i)\bteam\s+leader\b", name):
            continue  # Leader / Deputy Leader of the Council are political roles, not posts
        name = name[:1].upper() + name[1:]
        key = b.ctx.key(POST, post_key_name(name))
        b.entities.append(Entity(key, POST, name))
        b.mentions.append(Mention(ent.start_char, ent.end_char, ent.text, key))
        _link_department(b, key, name, ent.start_char, ent.end_char)


def _split_run_on_names(b: _Builder) -> None:
    """Table cells run names together: "Cllr Kendrick Karen Watling" is councillor Kendrick
    and officer Karen Watling. Cut a councillor's name where the rest starts a name known
    from elsewhere in the document (an untitled person); in a table row, a titled name of
    three or more words is cut after its first word and the rest kept as a person. An
    untitled name whose tail is a known name ("Bradshaw Anton Bull") is dropped."""
    from nlp.resolve import normalise_name

    known = {e.name for e in b.entities if e.kind in (OFFICER, PERSON) and len(e.name.split()) >= 2}
    known = {n for n in known if not any(n != o and n.endswith(" " + o) for o in known)}
    firsts = {n.split()[0] for n in known}
    renamed: dict[str, Entity] = {}
    dropped: set[str] = set()
    extra: list[tuple[str, int, int]] = []
    spans = {m.entity: m for m in b.mentions}
    for entity in b.entities:
        tokens = entity.name.split()
        if len(tokens) < 2 or entity.key in renamed or entity.key in dropped:
            continue
        cut = 0
        for k in range(1, len(tokens)):
            rest = " ".join(tokens[k:])
            if (rest in known and entity.name not in known) or (
                entity.kind == COUNCILLOR and len(tokens) - k == 1 and tokens[k] in firsts
                and not any(n.endswith(" " + tokens[k]) for n in known)
            ):
                cut = k
                break
        mention = spans.get(entity.key)
        in_table = bool(mention) and "\t" in b.ctx.text[
            b.ctx.text.rfind("\n", 0, mention.start) + 1: b.ctx.text.find("\n", mention.end)]
        if not cut and entity.kind == COUNCILLOR and len(tokens) >= 3 and in_table:
            cut = 1
            extra.append((" ".join(tokens[1:]), mention.start, mention.end))
        if not cut:
            continue
        if entity.kind != COUNCILLOR:
            dropped.add(entity.key)
            continue
        head = normalise_name(" ".join(tokens[:cut]))
        key = b.ctx.key(entity.kind, "cllr " + head)
        renamed[entity.key] = Entity(key, entity.kind, head, entity.attributes)
    if not renamed and not dropped:
        return
    b.entities = [renamed.get(e.key, e) for e in b.entities if e.key not in dropped]
    b.mentions = [Mention(m.start, m.end, m.text, renamed[m.entity].key) if m.entity in renamed else m
                  for m in b.mentions if m.entity not in dropped]
    b.relations = [Relation(renamed[r.subject].key if r.subject in renamed else r.subject, r.predicate,
                            r.object, r.literal, r.start, r.end) for r in b.relations
                   if r.subject not in dropped]
    for name, start, end in extra:
        at = b.ctx.text.find(name, start, end + len(name) + 2)
        if at >= 0:
            b.person(PERSON, name, name, at, at + len(name))


def extract_people(doc: Document, ctx: Context) -> Extraction:
    b = _Builder(ctx)
    lines = split_lines(doc.text)
    for people_list in read_lists(doc.text, lines):
        for person in people_list.people:
            _add_listed(b, person)
    cells = _people_cells(b, doc.text)
    _titled_mentions(b, doc.text, cells)
    _officer_blocks(b, lines)
    _name_job_lines(b, lines)
    _post_then_name(b, lines)
    _ner_people(b, ctx.spacy_doc, doc.text)
    _posts(b, ctx.spacy_doc)
    _split_run_on_names(b)
    return b.result(doc.id)
