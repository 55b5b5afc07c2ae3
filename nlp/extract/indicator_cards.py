"""KPI cards: a coded title ("HOT021a: <name>", "CS01 - <name>", "Indicator: <name>") followed by
lines of its fields ("Target: 80%", "Actual: 74.2%", "Status: Red", "On target", "Improving",
"YTD actual: 1,204") and commentary, up to the next card or heading. A card's figures are for
the reporting period in force where it stands (the last short line naming a quarter or year)."""

from __future__ import annotations

import bisect
import re
from datetime import date

from nlp import dates
from nlp.extract.indicator_periods import financial_year_of
from nlp.extract.indicator_records import Indicator, Observation, clean_text
from nlp.extract.indicator_values import STATUS_WORDS, is_rag_cell, read_rag, read_trend, tick
from nlp.records import Document


# The paper's own numbering, not an indicator's code: "Priority 1:", "Section 2 -", "Item 7 -".
_NUMBERING = (r"(?!(?i:item|appendix|annex|section|page|option|table|figure|paragraph|part|phase|stage|policy|"
              r"recommendation|agenda|minute|schedule|question|ward|q|quarter|year|step|priority|objective|theme|"
              r"outcome|aim|goal|ambition)\s?\d)")
_CARD_HEAD = re.compile(
    r"^\s*(?:[-\u2022*]\s*)?" + _NUMBERING + r"(?P<ref>(?:[A-Z][A-Za-z&]{0,7}\s?\d{1,4}[a-z]?)(?:\s*&\s*[A-Z][A-Za-z&]{0,7}\d{1,4}[a-z]?)*)"
    r"\s*:\s+(?P<name>\S.{5,300})$"
)
# "CS01 - <name>": a coded title with a dash opens a card only when figures follow, and never
# when the code is a paper's own numbering ("Item 7 - ...", "Appendix 2 - ...").
_DASH_HEAD = re.compile(
    r"^\s*(?:[\u2022*]\s*)?" + _NUMBERING +
    r"(?P<ref>[A-Z][A-Za-z&]{0,7}\s?\d{1,4}[a-z]?)\s+-\s+(?P<name>[A-Z%(]\S*.{4,300})$")
# "Indicator: <name>" opens a card whose other fields are labelled the same way.
_FIELD_HEAD = re.compile(r"^\s*(?:performance\s+)?(?:indicator|measure|kpi|pi)(?:\s+(?:name|title))?\s*:\s+(?P<name>\S.{5,300})$", re.I)
_FIELD = re.compile(r"^(?P<f>status|rag(?: status)?|rating|trend|direction of travel|dot|comments?|commentary|narrative|notes|"
                    r"ref|reference|code|pi ref|kpi ref|owner|responsible officer|lead officer|accountable officer)\s*:\s*(?P<v>.*)$",
                    re.I)
_PERIOD_WORD = r"(?:q[1-4]|quarter [1-4]|(?:19|20)\d\d\s*[/-]\s*\d\d(?:\d\d)?|\d\d/\d\d)"
_YTD_WORD = r"(?:ytd|y\.t\.d\.?|year[- ]to[- ]date|cumulative)"
# "(YTD)", "to date", "year to date (Apr-Dec)" after a card label
_YTD_SUFFIX = rf"(?:\s*\(?(?:{_YTD_WORD}|to date)(?:\s*\([^)]{{0,20}}\))?\)?)?"
# "Target: 80%", "Annual target 65%", "Target 2024/25: 95%", "Q2 target: 40", "YTD target: 1,250"
_TARGET_LINE = re.compile(
    rf"^\s*(?:annual |year[- ]end |{_PERIOD_WORD} |{_YTD_WORD}{_YTD_SUFFIX} )?target(?:\s+(?:for\s+)?{_PERIOD_WORD})?"
    rf"{_YTD_SUFFIX}\s*:?\s*(?P<v>.*)$", re.I)
# "Actual: 74.2%", "Latest Performance 55.6%", "Q1 result: 46", "Year to date 87%", "Actual to date: 120"
_VALUE_LINE = re.compile(
    rf"^\s*(?:latest|current|actual|this quarter'?s?|q[1-4]|quarter [1-4]|quarter|{_YTD_WORD}){_YTD_SUFFIX}\s*"
    rf"(?:performance|value|outturn|figure|result|actual)?{_YTD_SUFFIX}\s*:?\s*(?P<v>.*)$"
    rf"|^\s*(?:performance|outturn|actual|result){_YTD_SUFFIX}\s*:?\s*(?P<v2>.*)$",
    re.I,
)
_FIGURE = re.compile(r"^[<>\u2264\u2265]?\s*[£$]?-?\d[\d,]*(?:\.\d+)?\s*(?:%|days?|weeks?|hours?|mins?|minutes?|[kKmM]\b)?(?:\s*\([A-Z]\))?$")


def _is_figure(text: str) -> bool:
    return bool(_FIGURE.match(text.strip()))


def _period_lines(doc: Document, reference: date | None) -> list[tuple[int, dates.Period]]:
    """(offset, period) of every short line naming a quarter or a year ("Quarter 2 2021/22")."""
    found, offset = [], 0
    for line in doc.text.split("\n"):
        stripped = line.strip()
        if 0 < len(stripped) <= 60:
            matches = [m for m in dates.find_dates(stripped, reference)
                       if m.period.granularity in ("quarter", "financial_year", "year_to_date")]
            if matches:
                found.append((offset, matches[0].period))
        offset += len(line) + 1
    return found


def _report_period(doc: Document, offset: int, reference: date | None,
                   period_lines: list[tuple[int, dates.Period]]) -> dates.Period | None:
    """The reporting period in force at `offset`: the last such line before it, else the title's."""
    i = bisect.bisect_left(period_lines, offset, key=lambda item: item[0])
    if i:
        return period_lines[i - 1][1]
    return dates.parse_period(doc.title or "", reference)


# A card's fields on one line ("Target: 2.5%   Actual: 2.9% | Status: Red"): split before each label.
_FIELD_START = re.compile(
    r"(?:\s*[|\t]\s*|\s+)(?=(?:annual target|target|actual|latest|current|performance|outturn|result|status|rag|"
    r"trend|direction of travel|q[1-4] (?:result|actual|performance)|ytd|y\.t\.d|year to date|cumulative)"
    r"\b[^:|\t]{0,20}:)", re.I)


def _fields_of(line: str) -> list[str]:
    line = line.strip()
    parts, begin = [], 0
    for m in _FIELD_START.finditer(line):
        piece = line[begin:m.start()].strip(" |")
        if re.search(r":\s*\S", piece):  # a whole field, label and value: "Q1 result" alone is one label
            parts.append(piece)
            begin = m.end()
    rest = line[begin:].strip(" |")
    return parts + [rest] if parts and rest else [line]


def _card_head(line: str) -> re.Match[str] | None:
    return _CARD_HEAD.match(line) or _FIELD_HEAD.match(line) or _DASH_HEAD.match(line)


def indicators_from_cards(doc: Document, reference: date | None, skip: list[tuple[int, int]]) -> list[Indicator]:
    """The cards of a document outside the spans in `skip` (the KPI tables already read)."""
    lines: list[tuple[int, int, str]] = []
    offset = 0
    for raw in doc.text.split("\n"):
        lines.append((offset, offset + len(raw), raw))
        offset += len(raw) + 1
    found: list[Indicator] = []
    period_lines: list[tuple[int, dates.Period]] | None = None
    heads = [i for i, (s, _e, t) in enumerate(lines) if "\t" not in t and _card_head(t)
             and not any(a <= s < b for a, b in skip)]
    for n, i in enumerate(heads):
        s, e, t = lines[i]
        m = _card_head(t)
        assert m
        ref, name = m.groupdict().get("ref") or "", clean_text(m.group("name"))
        if not re.search(r"[a-z]{3}", name) or dates.find_dates(ref):
            continue
        stop = heads[n + 1] if n + 1 < len(heads) else min(len(lines), i + 60)
        block = [(ls, le, part) for ls, le, lt in lines[i + 1:stop] for part in _fields_of(lt)]
        obs = Observation(None)
        ytd, ytd_label = Observation(None), ""  # "YTD actual: 1,204", "YTD target: 1,250"
        owner: str | None = None
        seen_figure_field = False
        comment: list[str] = []
        k = 0
        while k < len(block):
            _ls, _le, text = block[k]
            plain = clean_text(text)
            nxt = next((clean_text(b[2]) for b in block[k + 1:] if clean_text(b[2])), "")
            after_blank = k > 0 and not clean_text(block[k - 1][2])
            if not plain:
                k += 1
                continue
            field = _FIELD.match(plain)
            if field and field.group("v").strip():
                label, v = field.group("f").lower(), field.group("v").strip()
                if label in ("status", "rag", "rag status", "rating"):
                    obs.status = read_rag(v)[0] if is_rag_cell(v) else tick(v) or v
                elif label in ("trend", "direction of travel", "dot"):
                    obs.trend = read_trend(v) or v
                elif label.startswith("comment") or label in ("commentary", "narrative", "notes"):
                    comment.append(v)
                elif label in ("ref", "reference", "code", "pi ref", "kpi ref") and not ref:
                    ref = v
                elif label in ("owner", "responsible officer", "lead officer", "accountable officer"):
                    owner = v
                k += 1
                continue
            tm, vm = _TARGET_LINE.match(plain), _VALUE_LINE.match(plain)
            if tm and len(plain) < 40:
                v = tm.group("v").strip()
                into = ytd if dates.YTD_MARKER.search(plain[:tm.start("v")]) else obs
                into.target = v if v and _is_figure(v.split("(")[0]) else (nxt if _is_figure(nxt.split("(")[0]) else None)
                ytd_label = plain[:tm.start("v")] if into is ytd else ytd_label
                seen_figure_field = True
                k += 1 if v else 2
                continue
            if vm and len(plain) < 40:
                v = (vm.group("v") or vm.group("v2") or "").strip()
                into = ytd if dates.YTD_MARKER.search(plain[:vm.start("v" if vm.group("v") is not None else "v2")]) else obs
                into.value = v if v and _is_figure(v) else (nxt if _is_figure(nxt) else None)
                ytd_label = plain[:vm.start("v" if vm.group("v") is not None else "v2")] if into is ytd else ytd_label
                seen_figure_field = True
                k += 1 if v else 2
                continue
            if STATUS_WORDS.match(plain) and len(plain) < 40 and obs.status is None:
                obs.status = STATUS_WORDS.match(plain).group(0)  # type: ignore[union-attr]
            elif re.fullmatch(r"(?i)(red|amber|green)( status)?", plain) and obs.status is None:
                obs.status = plain.split()[0].title()
            elif read_trend(plain) and len(plain) < 40 and obs.trend is None and not seen_figure_field:
                obs.trend = read_trend(plain)
            elif re.match(r"^n/?a\b", plain, re.I) and len(plain) < 40:
                pass
            elif seen_figure_field and after_blank and len(plain) < 80 and not plain.endswith((".", "!", "?")):
                break  # a heading, a running title or a label after the card: the card is over
            elif seen_figure_field and len(plain) >= 40:
                comment.append(plain)
            elif len(plain) < 40 and not seen_figure_field:
                pass
            else:
                if seen_figure_field:
                    comment.append(plain)
                else:
                    break
            k += 1
        indicator = Indicator(name, ref or None, s, e, owner=owner)
        if not (obs.value or obs.target or ytd.value or ytd.target) and (not _CARD_HEAD.match(t) or name[:1].islower()):
            # "Measure: ..." with no figure is a sentence, not an indicator; "KPI 02: processing
            # times rose ..." is commentary on an indicator read elsewhere
            continue
        if obs.value or obs.target or ytd.value or ytd.target:
            if period_lines is None:
                period_lines = _period_lines(doc, reference)
            obs.period = _report_period(doc, s, reference, period_lines)
            obs.comment = " ".join(comment) or None
            if ytd.value or ytd.target:
                ytd.period = dates.year_to_date_in(ytd_label, obs.period, reference)
                indicator.observations.extend(_with_year_to_date(obs, ytd))
            else:
                indicator.observations.append(obs)
        found.append(indicator)
    return found


def _with_year_to_date(obs: Observation, ytd: Observation) -> list[Observation]:
    """A card's figures when some are for the year to date. With a figure for the report's
    period as well, both are kept and the status stays with that period's. Otherwise the
    status and commentary are the year to date's, and so is a lone target (as an annual
    target rides on a quarter's figure); beside a YTD target it is the year's."""
    if obs.value or (ytd.period and obs.period and ytd.period.label == obs.period.label):
        for name in ("value", "target"):
            if getattr(obs, name) is None and obs.period and ytd.period and ytd.period.label == obs.period.label:
                setattr(obs, name, getattr(ytd, name))
        return [obs] if ytd.period and obs.period and ytd.period.label == obs.period.label else [obs, ytd]
    ytd.status, ytd.trend, ytd.comment = obs.status, obs.trend, obs.comment
    if obs.target is None or ytd.target in (None, obs.target):
        ytd.target = ytd.target or obs.target
        return [ytd]
    year = ytd.period or obs.period
    return [ytd, Observation(year and financial_year_of(year.start), target=obs.target)]
