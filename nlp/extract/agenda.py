"""Agenda items and resolutions: the numbered items in each meeting's own section of a paper, and
the "RESOLVED" decisions, each under the item it belongs to."""

from __future__ import annotations

import re

from nlp.extract.bodies import norm_body
from nlp.extract.lines import Line
from nlp.extract.meeting_builder import Builder, Meeting
from nlp.extraction import (
    A_NUMBER,
    A_TEXT,
    AGENDA_ITEM,
    AGENDA_ITEM_OF,
    RESOLUTION,
    RESOLUTION_OF,
    RESOLVED_UNDER,
    Entity,
    Mention,
)
from nlp.pipeline import cues

_ITEM = re.compile(
    r"^\s*(?:[-*]\s*)?(?:\*+\s*)?(?:item\s+(?:no\.?\s*)?)?(?P<number>\d{1,3})[.)]?\s+(?:\*+\s*)?(?P<title>[A-Za-z][^\n]{2,150}?)"
    r"(?:\*+\s*)?(?:\s*\*\*\s*\d+\s*[-\u2013]\s*\d+\s*\*\*)?\s*$",
    re.IGNORECASE,
)


def items_and_resolutions(b: Builder, lines: list[Line], headers: list[Meeting]) -> None:
    """Numbered agenda items and RESOLVED decisions, within each meeting's own section."""
    ordered = sorted(headers, key=lambda m: m.start)
    for index, meeting in enumerate(ordered):
        limit = ordered[index + 1].start if index + 1 < len(ordered) else len(b.doc.text)
        section = [ln for ln in lines if meeting.header_end <= ln.start < limit]
        is_agenda = any(cues()["AGENDA"].match(ln.clean) for ln in section[:40])
        if not (is_agenda or meeting.lists):
            continue  # a report's cover page: its numbered paragraphs are not agenda items
        last_number = 0
        current_item = ""
        resolution_seq = 0
        for line_index, line in enumerate(section):
            text = line.clean
            if cues()["SIGNATURE"].match(text):
                break
            m = _ITEM.match(line.text.replace("**", " ").replace("*", " "))
            if m:
                number = int(m.group("number"))
                title = m.group("title").strip(" *:")
                if (last_number < number <= last_number + 3 or last_number == 0) and len(title.split()) <= 16 \
                        and not re.search(r"[.;]$", title) and re.search(r"[A-Za-z]{3}", title):
                    last_number = number
                    item_key = b.ctx.key(AGENDA_ITEM, norm_body(meeting.body), meeting.day.isoformat(), str(number))
                    b.entities.append(Entity(item_key, AGENDA_ITEM, f"{number}. {title}", ((A_NUMBER, str(number)),)))
                    b.mentions.append(Mention(line.start, line.end, line.text, item_key))
                    b.rel(item_key, AGENDA_ITEM_OF, meeting.key, False, line.start, line.end)
                    current_item = item_key
                    continue
            if cues()["RESOLVED"].search(text) and re.match(r"(?i)^\s*(?:it\s+was\s+)?resolved\b", text):
                resolution_seq += 1
                end_line = line
                open_ended = bool(re.search(r"[:;\-\u2013]\s*$|\bto\s*$", text))
                for follow in section[line_index + 1: line_index + 12]:
                    if follow.blank:
                        continue
                    bullet = re.match(r"^\s*(?:[-*\u2022]\s|\(\w{1,3}\)|[a-z]\))", follow.text)
                    if bullet or open_ended:
                        end_line = follow
                        text = text + " " + follow.clean
                        open_ended = bool(re.search(r"[:;]\s*$|\band\s*$", follow.clean)) or bool(bullet)
                        continue
                    break
                key = b.ctx.key(RESOLUTION, norm_body(meeting.body), meeting.day.isoformat(), str(resolution_seq))
                body = re.sub(r"\s+", " ", text).strip()
                b.entities.append(Entity(key, RESOLUTION, body[:200], ((A_TEXT, body),)))
                b.mentions.append(Mention(line.start, end_line.end, b.doc.text[line.start:end_line.end], key))
                b.rel(key, RESOLUTION_OF, meeting.key, False, line.start, end_line.end)
                if current_item:
                    b.rel(key, RESOLVED_UNDER, current_item, False, line.start, end_line.end)

