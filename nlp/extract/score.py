"""Indicators and actions scored against the labelled set
(tests/fixtures/labels/indicators/<document id>.json, tests/fixtures/labels/actions/<document id>.json).

- indicators: matched by reference (case and spaces ignored) when both have one, else by name
  (rapidfuzz token-sort ratio >= 90, a label's aliases count);
- indicator values: an observation matches when its indicator matches and period, value,
  target and status all agree (numbers compared as numbers, statuses as red/amber/green/monitor);
- actions: matched by title (ratio >= 88), the due date breaking ties between equal titles;
- action owners: (action, role, owner) triples, role "officer" (owner, lead officer, responsible
  officer, risk owner) or "member" (lead member, portfolio holder); the owner is a person
  (surname and initial compared) or a post (case, "&"/"and" ignored); when a cell names both,
  each counts;
- decision makers: (action, body) pairs, reported apart;
- action due dates and statuses: on matched actions, right / missing / wrong against the label.

`score_indicators(extraction, label)` / `score_actions(extraction, label)` return
{type: Score}; `evaluate(sample_dir)` runs the two extractors over a corpus.
"""

from __future__ import annotations

import json
import re

from pathlib import Path

from rapidfuzz import fuzz

from nlp import extraction as x
from nlp.evaluate import Score
from nlp.extract.indicators import numeric

LABELS_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "labels"


def norm(text: str | None) -> str:
    text = (text or "").lower().replace("&", " and ").replace("\u2013", "-")
    return re.sub(r"[^a-z0-9%£<>.]+", " ", text).strip(" .")


def _same_figure(a: str | None, b: str | None) -> bool:
    if not a and not b:
        return True
    if not a or not b:
        return False
    na, nb = numeric(a), numeric(b)
    if na is not None and nb is not None:
        return abs(na - nb) < 1e-9 and ("%" in a) == ("%" in b)
    return norm(a) == norm(b)


def status_class(status: str | None) -> str | None:
    if not status:
        return None
    s = status.lower()
    if re.search(r"\b(red|off target|below target|not met|missed|off track|r)\b", s):
        return "red"
    if re.search(r"\b(amber|near target|minor|a)\b", s):
        return "amber"
    if re.search(r"\b(green|on target|above target|met|achieved|exceeded|on track|g)\b", s):
        return "green"
    if "monitor" in s or s == "m":
        return "monitor"
    return s


# --- indicators -----------------------------------------------------------------------------------
def _system_indicators(extraction: x.Extraction) -> list[dict]:
    observations: dict[str, list[x.Entity]] = {}
    for r in extraction.relations:
        if r.predicate == x.OBSERVATION_OF:
            obs = extraction.entity(r.subject)
            if obs:
                observations.setdefault(r.object, []).append(obs)
    out = []
    for e in extraction.of_kind(x.INDICATOR):
        out.append({
            "ref": e.get(x.A_NOTATION), "name": e.name, "aliases": [],
            "observations": [{"period": o.get(x.A_PERIOD), "value": o.get(x.A_VALUE), "target": o.get(x.A_TARGET),
                              "status": o.get(x.A_STATUS)} for o in observations.get(e.key, [])],
        })
    return out


def _ref(ref: str | None) -> str:
    return re.sub(r"\s+", "", ref or "").lower()


def _indicator_match(label: dict, system: dict) -> bool:
    if label.get("ref") and system.get("ref"):
        return _ref(label["ref"]) == _ref(system["ref"])
    names = [label["name"], *label.get("aliases", [])]
    return any(fuzz.token_sort_ratio(norm(n), norm(system["name"])) >= 90 for n in names)


def _obs_match(a: dict, b: dict) -> bool:
    return (a.get("period") or None) == (b.get("period") or None) and _same_figure(a.get("value"), b.get("value")) \
        and _same_figure(a.get("target"), b.get("target")) and status_class(a.get("status")) == status_class(b.get("status"))


def score_indicators(extraction: x.Extraction, label: dict) -> dict[str, Score]:
    indicators, values = Score(), Score()
    system = _system_indicators(extraction)
    used: set[int] = set()
    for lab in label.get("indicators", []):
        j = next((j for j, s in enumerate(system) if j not in used and _indicator_match(lab, s)), None)
        if j is None:
            indicators.fn += 1
            indicators.errors.append(f"missed indicator {lab.get('ref') or ''} {lab['name'][:60]}")
            values.fn += len(lab["observations"])
            continue
        used.add(j)
        indicators.tp += 1
        remaining = list(system[j]["observations"])
        for o in lab["observations"]:
            k = next((k for k, s in enumerate(remaining) if _obs_match(o, s)), None)
            if k is None:
                values.fn += 1
                values.errors.append(f"value {lab.get('ref') or lab['name'][:40]} {o} not found in {system[j]['observations']}")
            else:
                values.tp += 1
                remaining.pop(k)
        values.fp += len(remaining)
    for j, s in enumerate(system):
        if j not in used:
            indicators.fp += 1
            indicators.errors.append(f"spurious indicator {s.get('ref') or ''} {s['name'][:60]}")
            values.fp += len(s["observations"])
    return {"indicators": indicators, "indicator values": values}


# --- actions ---------------------------------------------------------------------------------------
_ROLE_GROUP = {x.OWNER: "officer", x.LEAD_OFFICER: "officer", x.LEAD_MEMBER: "member",
               "owner": "officer", "lead_officer": "officer", "lead_member": "member"}


def _system_actions(extraction: x.Extraction) -> list[dict]:
    actions: dict[str, dict] = {}
    for e in extraction.of_kind(x.ACTION):
        actions[e.key] = {"title": e.name, "due": e.get(x.A_DUE_DATE), "status": e.get(x.A_STATUS),
                          "owners": set(), "decision": set()}
    for r in extraction.relations:
        if r.subject not in actions:
            continue
        target = extraction.entity(r.object)
        if target is None:
            continue
        kind = "person" if target.kind in x.PEOPLE_KINDS else "post"
        if r.predicate == x.DECISION_MAKER:
            actions[r.subject]["decision"].add(norm(target.name))
        elif r.predicate in _ROLE_GROUP:
            actions[r.subject]["owners"].add((_ROLE_GROUP[r.predicate], kind, target.name))
    return list(actions.values())


def _label_owners(action: dict) -> set[tuple[str, str, str]]:
    out = set()
    for o in action.get("owners", []):
        group = _ROLE_GROUP.get(o["role"])
        if group is None:
            continue
        if o.get("person"):
            out.add((group, "person", o["person"]))
        if o.get("post"):
            out.add((group, "post", o["post"]))
    return out


def _person_key(name: str) -> tuple[str, str]:
    tokens = [t for t in re.sub(r"(?i)\b(cllr|councillor|mrs?|ms|miss|dr)\b\.?", " ", name).split() if t]
    return (tokens[-1].lower() if tokens else "", tokens[0][0].lower() if len(tokens) > 1 else "")


def _same_owner(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    if a[0] != b[0] or a[1] != b[1]:
        return False
    if a[1] == "person":
        (sa, ia), (sb, ib) = _person_key(a[2]), _person_key(b[2])
        return sa == sb and (not ia or not ib or ia == ib)
    return norm(a[2]).replace(" and ", " ") == norm(b[2]).replace(" and ", " ")


def _title_match(a: str, b: str) -> bool:
    return fuzz.ratio(norm(a), norm(b)) >= 88 or (len(norm(a)) > 30 and fuzz.partial_ratio(norm(a), norm(b)) >= 95
                                                  and min(len(a), len(b)) / max(len(a), len(b)) > 0.6)


def score_actions(extraction: x.Extraction, label: dict) -> dict[str, Score]:
    actions, owners, decisions = Score(), Score(), Score()
    system = _system_actions(extraction)
    used: set[int] = set()
    pairs: list[tuple[dict, dict | None]] = []
    for lab in label.get("actions", []):
        candidates = [j for j, s in enumerate(system) if j not in used and _title_match(lab["title"], s["title"])]
        dated = [j for j in candidates if lab.get("due") and s_due(system[j]) == lab["due"]]
        j = (dated or candidates or [None])[0]
        if j is None:
            actions.fn += 1
            actions.errors.append(f"missed action {lab['title'][:70]}")
            pairs.append((lab, None))
            continue
        used.add(j)
        actions.tp += 1
        pairs.append((lab, system[j]))
    for j, s in enumerate(system):
        if j not in used:
            actions.fp += 1
            actions.errors.append(f"spurious action {s['title'][:70]}")
            owners.fp += len(s["owners"])
            decisions.fp += len(s["decision"])
    for lab, s in pairs:
        wanted = _label_owners(lab)
        found = set(s["owners"]) if s else set()
        for w in wanted:
            hit = next((f for f in found if _same_owner(w, f)), None)
            if hit is None:
                owners.fn += 1
                owners.errors.append(f"owner {w} of {lab['title'][:50]} not found in {sorted(found)}")
            else:
                owners.tp += 1
                found.discard(hit)
        owners.fp += len(found)
        owners.errors.extend(f"spurious owner {f} of {lab['title'][:50]}" for f in found)
        want_bodies = {norm(o["body"]) for o in lab.get("owners", []) if o.get("body")}
        got = s["decision"] if s else set()
        decisions.tp += len(want_bodies & got)
        decisions.fn += len(want_bodies - got)
        decisions.fp += len(got - want_bodies)
    dues, statuses = Score(), Score()
    for lab, s in pairs:
        if s is None:
            continue
        _compare(dues, _due(lab.get("due")), _due(s.get("due")), lab["title"])
        _compare(statuses, status_class(lab.get("status")), status_class(s.get("status")), lab["title"])
    return {"actions": actions, "action owners": owners, "decision makers": decisions,
            "action due dates": dues, "action statuses": statuses}


def _due(value: str | None) -> str | None:
    """Due dates compared as written in the label: ISO day, "YYYY-MM", or a word ("Ongoing")."""
    if not value:
        return None
    return value.lower() if not re.match(r"\d{4}", value) else value


def _compare(score: Score, wanted: str | None, got: str | None, title: str) -> None:
    """An attribute of a matched action: right (tp), missing (fn), wrong (fn + fp), extra (fp)."""
    if wanted and got == wanted:
        score.tp += 1
        return
    if wanted:
        score.fn += 1
        score.errors.append(f"{title[:50]}: wanted {wanted!r}, got {got!r}")
    if got:
        score.fp += 1


def s_due(action: dict) -> str | None:
    return action.get("due")


def load_label(kind: str, document_id: str, labels_dir: Path = LABELS_DIR) -> dict | None:
    path = labels_dir / kind / f"{document_id}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def evaluate(documents, extractions, labels_dir: Path = LABELS_DIR) -> dict[str, Score]:  # type: ignore[no-untyped-def]
    """Totals per type over documents that have labels (in `labels_dir`/indicators and /actions)."""
    totals: dict[str, Score] = {}
    for doc, extraction in zip(documents, extractions, strict=True):
        for kind, scorer in (("indicators", score_indicators), ("actions", score_actions)):
            label = load_label(kind, doc.id, labels_dir)
            if label is None:
                continue
            for name, score in scorer(extraction, label).items():
                totals.setdefault(name, Score()).add(score)
    return totals


def table(totals: dict[str, Score]) -> str:
    lines = [f"{'type':<18}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, s in totals.items():
        lines.append(f"{name:<18}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6d}{s.fp:6d}{s.fn:6d}")
    return "\n".join(lines)
