"""Actions with owners: projects, service-plan tasks, risks, forward-plan items and
scrutiny work-programme topics, read from tables whose header cells say what each column
holds ("Project description", "Target Date", "Responsible Officer", "Risk owner",
"Impact", "Likelihood", "Lead Member(s)", "Lead Officer(s)", "Decision by",
"Portfolio holder + Senior Officer + Report author", "Topic for scrutiny").

Owners are read from the cell: a person when a name is given ("D Cochrane", "Cllr
Kendrick"), a post when only a role is ("Head of Environment"), both when both are
("Anton Bull, Director of business services").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from nlp import dates
from nlp import extraction as x
from nlp.extract.bodies import body_name, norm_body
from nlp.extract.indicators import is_rag_cell, read_rag, tick
from nlp.extract.owners import (
    AUTHOR,
    COMBINED,
    DECISION,
    LEAD_MEMBER,
    LEAD_OFFICER,
    OWNER,
    Owner,
    owner_entities,
    parse_owners,
    portfolio_post,
)
from nlp.extract.lines import is_titled
from nlp.extract.lists import parse_piece
from nlp.extract.owners import _CLLR
from nlp.extract.tables import Row, Table, read_tables
from nlp.pipeline import cues
from nlp.records import Document

# --- header vocabulary ----------------------------------------------------------------------------
TITLE = "title"
DETAIL = "detail"
DATE = "date"
STATUS = "status"
IMPACT = "impact"
LIKELIHOOD = "likelihood"
REF = "ref"
DONE = "done"  # "Complete?", "Done (Y/N)": a tick or "Yes" marks the action done
IGNORED = "ignored"

_OWNER_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (DECISION, re.compile(r"\bdecision (by|maker|taker)|\bdecided by|\bdecision[- ]making body", re.I)),
    (LEAD_MEMBER, re.compile(r"\b(lead member|portfolio holder|cabinet member|executive member|lead councillor)", re.I)),
    (LEAD_OFFICER, re.compile(r"\b(lead officer|senior officer|lead director)", re.I)),
    (AUTHOR, re.compile(r"\breport author|\bcontact officer", re.I)),
    (OWNER, re.compile(r"\b(owner|responsib|accountable|lead\b|officer)|^(who|by whom|action by|assigned to)\??$", re.I)),
)
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (IGNORED, re.compile(r"^(council |corporate )?priority|^link to|^support required|^exempt|^source|"
                         r"clearance|signed off|^key decision\s*(\?|\(?y(es)?/n(o)?\)?)|^\w+\?$|^wards?|^budget|^cost", re.I)),
    (IMPACT, re.compile(r"\bimpact\b", re.I)),
    (LIKELIHOOD, re.compile(r"\b(likelihood|probability)\b", re.I)),
    (DETAIL, re.compile(r"\b(how will|mitigat|controls?|purpose|scope|reason|outcomes?|comments?|"
                        r"progress|update|request|milestone|description of performance|"
                        r"success (measures?|criteria|indicators?)|measures? of success|kpis?)", re.I)),
    (STATUS, re.compile(r"^(rag|status|rag status|rating)\b", re.I)),
    (DATE, re.compile(r"\b(date|deadline|due|timescale|by when|meeting|when)\b", re.I)),
    (REF, re.compile(r"^(no|id|ref|#|item no|risk no|number)\.?$", re.I)),
    (TITLE, re.compile(r"\b(project|description|tasks?|activity|activities|item|report|topic|risks?|"
                       r"actions?|subject|title|objective|issue|matter|proposal|decision)\b", re.I)),
)


# Asked as a question ("Complete?", "Done (Y/N)"): a bare "Completed" may head dates or counts.
_DONE_HEADER = re.compile(r"(?i)(?:completed?|done|achieved|finished|delivered)\s*(?:\?|\(\s*y\s*/\s*n\s*\)\??)")


def _done(cell: str) -> bool:
    """A tick, "Yes" or "Complete" in a status or "Complete?" column."""
    return tick(cell) == "Met" or bool(re.fullmatch(r"(?i)\s*(?:y|yes|done|completed?)\s*", cell))


def column_role(text: str) -> str | None:
    """What an action table's header cell says its column holds."""
    cell = re.sub(r"\s+", " ", re.sub(r"</?[a-z]+[^>]*>", "", text)).strip(" :")
    if not cell or len(cell.split()) > 20 or re.match(r"(?i)insert\b|<", cell):
        return None  # prose, or a template's placeholder ("Insert name and job title")
    if any(m.period.granularity == "day" for m in dates.find_dates(cell)):
        return None  # a value ("Date 19 September 2024"), not a header
    hits = sorted((m.start(), n, role) for n, (role, pattern) in enumerate(_OWNER_ROLES)
                  for m in [pattern.search(cell)] if m)
    owner_roles = [role for _s, _n, role in hits]  # the role named first leads the column
    if not owner_roles and re.match(r"(?i)(routine )?(projects?|tasks?|actions?|topic|risks?|item|report|activit)", cell):
        return TITLE
    if len(set(owner_roles) - {OWNER}) >= 2 or ("+" in cell and len(owner_roles) >= 2):
        return COMBINED  # "Lead Member/Lead Officer", "Portfolio holder + Senior Officer + Report author"
    if _DONE_HEADER.fullmatch(cell):
        return DONE
    for role, pattern in _ROLES[:1]:
        if pattern.search(cell):
            return role
    if owner_roles and not re.search(r"\bdate\b", cell, re.I):
        return owner_roles[0]
    for role, pattern in _ROLES[1:]:
        if pattern.search(cell):
            return role
    return None


def _combined_roles(text: str) -> list[str]:
    roles = []
    for part in re.split(r"\s*[+/,&]\s*|\s+and\s+", text):
        role = next((r for r, p in _OWNER_ROLES if p.search(part)), None)
        if role:
            roles.append(role)
    return roles


_OWNERISH = {OWNER, LEAD_MEMBER, LEAD_OFFICER, DECISION, AUTHOR, COMBINED}


def is_action_header(roles: list[str | None]) -> bool:
    have = set(roles)
    return TITLE in have and bool(have & (_OWNERISH | {DATE, STATUS, IMPACT}))


_KIND_CONTEXT = (
    ("forward_plan_item", re.compile(r"\bforward (plan|agenda)|\bkey decisions?\b|\bnotice of key decisions", re.I)),
    ("work_programme_topic", re.compile(r"\bwork ?programme|\bscrutiny (programme|plan)", re.I)),
    ("risk", re.compile(r"\brisk register|\b(strategic|corporate|operational) risks\b", re.I)),
    ("project", re.compile(r"\b(corporate|council) (strategy|plan)\b.*\bprojects?\b|\bprojects?\b", re.I)),
)


def action_kind(table: Table, before: str = "") -> str:
    """What the rows are: said by the header when it can, else by the heading above the table."""
    titles = " ".join(c.text for c in table.columns if c.role in (TITLE, DETAIL)).lower()
    roles = {c.role for c in table.columns}
    if IMPACT in roles or LIKELIHOOD in roles or re.search(r"\brisks?\b", titles):
        return "risk"
    if re.search(r"\b(topic|scrutiny)\b", titles):
        return "work_programme_topic"
    if roles & {LEAD_MEMBER, DECISION, COMBINED}:
        return "forward_plan_item"
    if "project" in titles:
        return "project"
    for kind, pattern in _KIND_CONTEXT:
        if pattern.search(before):
            return kind
    return "task"


# --- rows ---------------------------------------------------------------------------------------
@dataclass
class Action:
    kind: str
    title: str
    start: int
    end: int
    text: str = ""
    due: str | None = None  # as written
    due_period: dates.Period | None = None
    status: str | None = None
    trend: str | None = None
    impact: str | None = None
    likelihood: str | None = None
    owners: list[Owner] = field(default_factory=list)
    meeting_body: str | None = None
    meeting_date: date | None = None


def _cols(table: Table, *roles: str) -> list[int]:
    return [c.index for c in table.columns if c.role in roles]


def _cell(cells: tuple[str, ...], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


_BODY_IN_DATE = re.compile(r"\b(CABINET|COUNCIL|Cabinet|Council|Full Council|[A-Z][a-z]+ (?:Committee|Panel|Board))\b")
_ARROWISH = re.compile(r"^(?:[\s\\a-z$\u2190-\u21ff\u27f5-\u27ff\u2b00-\u2bffRAGB]*|\S{1,2})$")


_QUARTER_NOTE = re.compile(r"^\s*(?:Q[1-4]|Quarter [1-4]|Next)\s*(?:actions?|comments?|update|steps)\s*:", re.I)
_DATE_WORDS = re.compile(r"(?i)^(ongoing|completed?|tbc|tba|tbd|to be (?:confirmed|agreed|arranged|determined|scheduled)|"
                         r"annual(ly)?|monthly|quarterly|on hold|closed|"
                         r"deferred|withdrawn|n/a|various|every|each|as required|summer|spring|autumn|winter)\b")


def _date_like(text: str) -> bool:
    """A cell that a date column can hold: a date or period, a body and date, or a word
    such as "Ongoing"; not a fragment of garbled text."""
    months = any(w.lower().strip(".'") in dates.MONTHS for w in re.findall(r"[A-Za-z]+\.?", text))
    return bool(months or dates.find_dates(text) or _DATE_WORDS.match(text.strip()) or _BODY_IN_DATE.search(text)
                or short_period(text))


def short_period(text: str) -> bool:
    return bool(re.search(r"\b(19|20)\d\d\b|\b\d\d/\d\d\b", text))


_GLUED_TITLE = re.compile(r"[.;]\s+([A-Z][^.;]{5,120})$")


def _append_comment(merged: list[Row], cells: tuple[str, ...], title_col: int, width: int) -> None:
    """Add a comment line's text to the last row, in a slot past the header's columns."""
    prev = merged[-1]
    joined = list(prev.cells) + [""] * max(0, width + 1 - len(prev.cells))
    joined[width] = (joined[width] + " " + cells[title_col]).strip()
    merged[-1] = Row(tuple(joined), prev.start, prev.end)


def _merge_rows(table: Table) -> list[Row]:
    """Rows split by a page break or a wrapped cell, joined back; comment lines kept apart."""
    date_col = next(iter(_cols(table, DATE)), None)
    ref_col = next(iter(_cols(table, REF)), None)
    title_col = _title_column(table)
    width = len(table.columns)
    merged: list[Row] = []
    for row in table.rows:
        cells = row.cells
        filled = [i for i, c in enumerate(cells) if c.strip()]
        if title_col is not None and _cell(cells, title_col).strip().lower() == table.columns[title_col].text.lower():
            continue  # the header repeated on a new page
        if len(filled) == 1 and filled[0] != title_col and not re.search(r"\d", cells[filled[0]]) and (
                cells[filled[0]].isupper()):
            continue  # a caption repeated over the table ("ALLOCATED ITEMS")
        if len(cells) < width - 1 and merged and title_col is not None:
            # A short continuation row: first cell under the title, last under the last column.
            padded = [""] * width
            padded[title_col] = cells[0]
            padded[width - 1] = cells[-1] if len(cells) > 1 else ""
            middle = [c for c in cells[1:-1]]
            between = [i for i in range(title_col + 1, width - 1)]
            for i, c in zip(between[-len(middle):] if middle else [], middle, strict=False):
                padded[i] = c
            cells = tuple(padded)
            row = Row(cells, row.start, row.end)
            continuation = True
        elif not merged:
            continuation = False
        elif ref_col is not None:
            continuation = not re.search(r"\d", _cell(cells, ref_col))
        elif date_col is not None:
            here, before = _cell(cells, date_col), _cell(merged[-1].cells, date_col)
            others = [c for i, c in enumerate(cells) if i not in (date_col, title_col) and c.strip()
                      and not _ARROWISH.match(c)]
            title = _cell(cells, title_col)
            glued = _GLUED_TITLE.search(title) if _QUARTER_NOTE.match(title) and _date_like(here) else None
            if glued and title_col is not None:
                # PDF conversion glued the next item's title onto a comment line ("Q2 actions: ...
                # Develop a Digital Strategy | Mar 2025"): the comment stays, the title starts a row.
                note = list(cells)
                note[title_col] = title[:glued.start() + 1]
                note = [c if i == title_col else "" for i, c in enumerate(note)]
                cells = tuple(glued.group(1) if i == title_col else c for i, c in enumerate(cells))
                _append_comment(merged, tuple(note), title_col, width)
                merged.append(Row(cells, row.start, row.end))
                continue
            continuation = (
                (not here.strip() and len(others) < 2)
                or (here.strip() and not re.search(r"[A-Za-z]", here) and not dates.find_dates(here))
                or (here.strip() and not re.search(r"\d", before) and bool(_BODY_IN_DATE.search(before)))
                or (not here.strip() and title[:1].islower())
                or bool(_QUARTER_NOTE.match(title))
                or (here.strip() and not _date_like(here))
            )
        else:
            continuation = False
        if continuation and merged:
            prev = merged[-1]
            only_title = all(not c.strip() or _ARROWISH.match(c) or (i == date_col and not _date_like(c))
                             for i, c in enumerate(cells) if i != title_col)
            if only_title and date_col is not None and not _cell(cells, title_col)[:1].islower():
                # A comment line under a project: keep it as the project's text.
                extra = tuple(cells) + ("",) * (len(prev.cells) - len(cells))
                joined = list(prev.cells) + [""] * max(0, len(extra) - len(prev.cells))
                note = joined[title_col] if title_col is not None else ""
                comment_slot = width  # beyond the header: the comments we gathered
                joined += [""] * (comment_slot + 1 - len(joined))
                joined[comment_slot] = (joined[comment_slot] + " " + extra[title_col]).strip() if title_col is not None else ""
                for i, c in enumerate(extra):
                    if i != title_col and c.strip() and _ARROWISH.match(c) and i < width:
                        joined[i] = (joined[i] + " " + c).strip()
                joined[title_col] = note  # type: ignore[index]
                merged[-1] = Row(tuple(joined), prev.start, row.end)
            else:
                n = max(len(prev.cells), len(cells))
                a = list(prev.cells) + [""] * (n - len(prev.cells))
                b = list(cells) + [""] * (n - len(cells))
                merged[-1] = Row(tuple((p + " " + q).strip() for p, q in zip(a, b, strict=True)), prev.start, row.end)
        else:
            merged.append(row)
    return merged


_TITLE_SPLIT = re.compile(r"^\s*<u>(?P<t>.+?)</u>\s*(?P<rest>.*)$")


_PURPOSE = re.compile(r"\s+(?=To (?:make|consider|agree|approve|note|seek|review|update|provide|report|recommend|"
                      r"receive|adopt|set|present|inform|endorse|decide)\b)")


def _title_and_text(cell: str) -> tuple[str, str]:
    """An underlined title leads the cell; or a purpose sentence ("To make ...") follows it."""
    m = _TITLE_SPLIT.match(cell)
    if m:
        return _clean(m.group("t")), _clean(m.group("rest"))
    parts = _PURPOSE.split(cell, maxsplit=1)
    if len(parts) == 2 and len(parts[0].split()) >= 2:
        return _clean(parts[0]), _clean(parts[1])
    return _clean(cell), ""


def _clean(text: str) -> str:
    text = re.sub(r"</?[a-z]+[^>]*>|\*\*|__", "", text)
    return re.sub(r"\s+", " ", text).strip(" -\u2013:;,\u00b7\u2022")


def _work_programme_body(doc: Document, offset: int) -> str | None:
    """The body whose work programme a table is: "Scrutiny committee work programme 2018-19"."""
    before = doc.text[max(0, offset - 2000):offset]
    for line in reversed(before.splitlines()):
        m = re.search(r"^\W*(?P<body>[A-Z][\w &]{3,60}?)\s+(?:work programme|tracker)\b", line.strip(), re.I)
        if m:
            return body_name(m.group("body"))
    return None


_STRONG_TITLE = re.compile(r"\b(actions?|tasks?|projects?|topic|risks?|item|report|activity|activities)\b", re.I)


def _title_column(table: Table) -> int | None:
    """The column naming the action: one headed "Action", "Task", "Project", "Topic", "Risk"
    before one headed "Description" or "Objective"."""
    titles = [c for c in table.columns if c.role == TITLE]
    strong = [c for c in titles if _STRONG_TITLE.search(c.text)]
    return (strong or titles)[0].index if titles else None


def _actions_from_table(doc: Document, table: Table, reference: date | None) -> list[Action]:
    heading = "\n".join(line for line in doc.text[max(0, table.start - 1500):table.start].splitlines()[-8:]
                        if 0 < len(line.strip()) <= 120)
    kind = action_kind(table, heading)
    title_col = _title_column(table)
    date_col = next(iter(_cols(table, DATE)), None)
    width = len(table.columns)
    programme_body = _work_programme_body(doc, table.start) if kind == "work_programme_topic" else None
    found: list[Action] = []
    for row in _merge_rows(table):
        cells = row.cells
        title, text = _title_and_text(_joined_title(table, cells, title_col))
        if not title or not re.search(r"[a-z]{3}", title) or len(title) < 6:
            continue
        action = Action(kind, title, row.start, row.end, text=text)
        extra = _clean(cells[width]) if len(cells) > width else ""
        details = [_clean(cells[i]) for i in _cols(table, DETAIL) if i < len(cells) and cells[i].strip()]
        action.text = " ".join(t for t in (text, *details, extra) if t)
        due = _clean(_cell(cells, date_col))
        if due:
            body = _BODY_IN_DATE.search(due)
            period = dates.parse_period(due, reference)
            if re.fullmatch(r"(?i)completed?|complete", due):
                action.status = "Completed"
            elif period:
                action.due, action.due_period = due, period
                if body and period.granularity == "day":
                    action.meeting_body, action.meeting_date = body_name(body.group(1)), period.start
                elif programme_body and period.granularity == "day":
                    action.meeting_body, action.meeting_date = programme_body, period.start
            else:
                action.due = due
            if body and kind == "forward_plan_item":
                action.owners.append(Owner(DECISION, body=body_name(body.group(1))))
        for i, c in enumerate(cells[:width]):
            role = table.columns[i].role
            if role == STATUS and c.strip():
                action.status = read_rag(c)[0] if is_rag_cell(c) else "Completed" if tick(c) == "Met" else _clean(c)
            elif role == DONE and _done(c) and action.status is None:
                action.status = "Completed"
            elif role in (None, DATE, STATUS) and i != date_col and is_rag_cell(c) and action.status is None:
                action.status, action.trend = read_rag(c)
            elif role == IMPACT:
                action.impact = _clean(c) or None
            elif role == LIKELIHOOD:
                action.likelihood = _clean(c) or None
        for i in _cols(table, *_OWNERISH):
            cell = _cell(cells, i)
            role = table.columns[i].role
            if role == COMBINED:
                action.owners.extend(_combined(cell, _combined_roles(table.columns[i].text)))
            elif role == LEAD_MEMBER and cell.strip() and not _CLLR.search(cell) and not _has_person(cell):
                owner = portfolio_post(_clean(cell))
                if owner:
                    action.owners.append(owner)
            else:
                action.owners.extend(parse_owners(cell, role or OWNER))
        bodies = [o.body for o in action.owners if o.role == DECISION and o.body]
        if action.meeting_body is None and len(bodies) == 1 and action.due_period and action.due_period.granularity == "day":
            action.meeting_body, action.meeting_date = body_name(bodies[0]), action.due_period.start
        found.append(action)
    return found


def _joined_title(table: Table, cells: tuple[str, ...], title_col: int | None) -> str:
    """The title cell with the fragments PDF conversion split off into the unnamed columns
    after it ("Continue work on Tree Str" + "ategy, management system ...")."""
    title = _cell(cells, title_col)
    if title_col is None:
        return title
    for column in table.columns[title_col + 1:]:
        if column.role is not None or column.index >= len(cells):
            break
        piece = cells[column.index].strip()
        if not piece or is_rag_cell(piece) or _ARROWISH.match(piece) or len(piece) <= 2:
            continue
        glue = "" if title[-1:].isalpha() and piece[:1].islower() else " "
        title = f"{title}{glue}{piece}" if title else piece
    return title


def _has_person(cell: str) -> bool:
    return any(o.person for o in parse_owners(cell, LEAD_MEMBER))


def _combined(cell: str, roles: list[str]) -> list[Owner]:
    """"Cllr Kendrick Karen Watling Richard Carden" under "Portfolio holder + Senior Officer +
    Report author": councillors take the member role, the others the remaining roles in order."""
    owners = parse_owners(cell, OWNER)
    officer_roles = [r for r in roles if r not in (LEAD_MEMBER,)] or [OWNER]
    out, k = [], 0
    for o in owners:
        if o.councillor:
            out.append(Owner(LEAD_MEMBER, person=o.person, councillor=True))
        else:
            out.append(Owner(officer_roles[min(k, len(officer_roles) - 1)], person=o.person, post=o.post))
            k += 1
    return out


def find_actions(doc: Document, reference: date | None = None) -> list[Action]:
    reference = reference or (date.fromisoformat(doc.date) if doc.date else None)
    tables: list[Table] = []
    for table in read_tables(doc.text, column_role):
        if not is_action_header([c.role for c in table.columns]):
            continue
        same = tables and [c.text for c in tables[-1].columns] == [c.text for c in table.columns]
        if same:  # the header repeated on the next page: one table
            tables[-1].rows.extend(table.rows)
            tables[-1].end = table.end
        else:
            tables.append(table)
    found: list[Action] = []
    previous_end = 0
    leads = _lead_member_lines(doc.text)
    for table in tables:
        region = max(previous_end, table.start - 400)
        for action in _actions_from_table(doc, table, reference):
            lead = [name for at, name in leads if region <= at < action.start]
            if lead and not any(o.role == LEAD_MEMBER for o in action.owners):
                action.owners.append(Owner(LEAD_MEMBER, person=lead[-1], councillor=True))
            found.append(action)
        previous_end = table.end
    return found


def _lead_member_lines(text: str) -> list[tuple[int, str]]:
    """(offset, councillor) of each "Portfolio Holder: Cllr X (Remit)" / "Lead Member: Cllr X" line:
    over a table of actions (a corporate plan's priority sections print one over each table), or
    between its rows, it names the lead member of the actions below it."""
    found, offset = [], 0
    for line in text.split("\n"):
        cue = cues()["LEAD_MEMBER"].search(line)
        if cue and "\t" not in line[:cue.start()] and is_titled(line[cue.end():]):
            person, _ = parse_piece(line[cue.end():].strip(), 0, False)
            if person and person.councillor:
                found.append((offset, person.name))
        offset += len(line) + 1
    return found


# --- to records ---------------------------------------------------------------------------------
_OWNER_PREDICATE = {
    OWNER: (x.OWNER,),
    LEAD_OFFICER: (x.LEAD_OFFICER, x.OWNER),
    LEAD_MEMBER: (x.LEAD_MEMBER,),
    DECISION: (x.DECISION_MAKER,),
    AUTHOR: (),
}


# Items scheduled for a meeting: the same title at two dates is two items ("Quarterly performance
# report" goes to every other Cabinet), so their date stays in the key.
SCHEDULED_KINDS = frozenset({"forward_plan_item", "work_programme_topic"})


def action_key(ctx: x.Context, action: Action) -> str:
    """The action's stable key: council + title for projects, tasks and risks, whose due date is
    an attribute that moves between reports ("revised date: March 2026") and must not change
    the IRI; council + title + date for items scheduled for a meeting. Risks are keyed apart,
    so a risk and a task with one title stay two things."""
    title = action.title[:120]
    if action.kind in SCHEDULED_KINDS:
        due_label = action.due_period.label if action.due_period else (action.due or "")
        return ctx.key(x.ACTION, title, due_label)
    if action.kind == "risk":
        return ctx.key(x.ACTION, "risk", title)
    return ctx.key(x.ACTION, title)


def extract_actions(doc: Document, ctx: x.Context) -> x.Extraction:
    """Actions, their owners (people and posts) and the meetings they are due at."""
    entities: list[x.Entity] = []
    mentions: list[x.Mention] = []
    relations: list[x.Relation] = []
    for action in find_actions(doc, ctx.document_date):
        key = action_key(ctx, action)
        attrs = [(x.A_ACTION_KIND, action.kind)]
        for name, value in ((x.A_TEXT, action.text), (x.A_STATUS, action.status), (x.A_TREND, action.trend),
                            (x.A_IMPACT, action.impact), (x.A_LIKELIHOOD, action.likelihood)):
            if value:
                attrs.append((name, value))
        if action.due_period:
            p = action.due_period
            attrs.append((x.A_DUE_DATE, p.start.isoformat() if p.granularity == "day" else p.label))
        elif action.due:
            attrs.append((x.A_DUE_DATE, action.due))
        entities.append(x.Entity(key, x.ACTION, action.title, tuple(attrs)))
        span = (action.start, action.end)
        mentions.append(x.Mention(*span, ctx.text[span[0]:span[1]] if ctx.text else doc.text[span[0]:span[1]], key))
        if action.meeting_body and action.meeting_date:
            # The meeting the item is due at, named and keyed as the meetings extractor does.
            day = action.meeting_date
            meeting = ctx.key(x.MEETING, norm_body(action.meeting_body), day.isoformat())
            body_key = ctx.key(x.BODY, norm_body(action.meeting_body))
            entities.append(x.Entity(body_key, x.BODY, action.meeting_body))
            entities.append(x.Entity(meeting, x.MEETING, f"{action.meeting_body}, {day.day} {day:%B %Y}",
                                     ((x.A_DATE, day.isoformat()),)))
            relations.append(x.Relation(meeting, x.MEETING_OF, body_key, start=span[0], end=span[1]))
            relations.append(x.Relation(key, x.DUE_AT_MEETING, meeting, start=span[0], end=span[1]))
        for owner in action.owners:
            predicates = _OWNER_PREDICATE.get(owner.role, (x.OWNER,))
            targets: list[str] = []
            if owner.body:
                body_key = ctx.key(x.BODY, norm_body(owner.body))
                entities.append(x.Entity(body_key, x.BODY, owner.body))
                targets.append(body_key)
            targets.extend(owner_entities(ctx, owner, entities, relations, *span))
            for target in targets:
                for predicate in predicates:
                    relations.append(x.Relation(key, predicate, target, start=span[0], end=span[1]))
    return x.merge(doc.id, x.Extraction(doc.id, tuple(entities), tuple(mentions), tuple(relations)))
