"""How much of a document the PDF reading path keeps: each text document is set into a PDF as
councils publish them (tests/pdfkit.py: letterhead, running header and footer, ruled tables whose
cells wrap) and both are read through the product path; the facts found in the text are the
reference, and the figures say how many of them the PDF gives (recall) and how many it adds.

    .venv/bin/python -m bench.pdf_reading [--out DIR] [--no-nlp] [--headings bold] [--rules horizontal|none] [TEXT_DIR ...]

By default the held-out documents (tests/fixtures/heldout, tests/fixtures/heldout-meetings).
Facts compared: indicators (ref or name), indicator observations (indicator, period, value,
target, status), actions (title), action details (title, due date, status, owners), headings, and
with the spaCy pipeline (unless --no-nlp) every entity (kind, name) and relation (subject,
predicate, object) the full extraction gives. --headings and --rules choose the house style the
PDFs are set in (tests/pdfkit.py: bold headings run into their paragraph; tables ruled with
horizontal lines only, or not at all). The time taken to read the PDFs is printed last.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.documents import read_document  # noqa: E402
from nlp.extract.actions import find_actions  # noqa: E402
from nlp.extract.indicators import find_indicators  # noqa: E402
from nlp.records import Document  # noqa: E402
from tests.pdfkit import council_pdf  # noqa: E402

DEFAULT_DIRS = (ROOT / "tests" / "fixtures" / "heldout", ROOT / "tests" / "fixtures" / "heldout-meetings")


def norm(text: str | None) -> str:
    return " ".join(re.sub(r"[^\w%£.]+", " ", (text or "").lower()).split())


def facts(doc: Document, nlp: object | None) -> dict[str, set[tuple]]:
    out: dict[str, set[tuple]] = defaultdict(set)
    for indicator in find_indicators(doc):
        key = norm(indicator.ref or indicator.name)
        out["indicators"].add((key,))
        for obs in indicator.observations:
            label = obs.period.label if obs.period else None
            out["indicator values"].add((key, label, norm(obs.value), norm(obs.target), norm(obs.status)))
    for action in find_actions(doc):
        title = norm(action.title)[:80]
        out["actions"].add((title,))
        owners = tuple(sorted(norm(o.person or o.post or o.body) for o in action.owners))
        out["action details"].add((title, norm(action.due), norm(action.status), owners))
    for block in doc.blocks:
        if block.kind == "heading":
            out["headings"].add((norm(doc.text[block.start:block.end]),))
    if nlp is not None:
        from nlp.extract import extract

        ex = extract(doc, nlp)
        names = {e.key: f"{e.kind}:{norm(e.name)}" for e in ex.entities}
        for entity in ex.entities:
            if entity.kind not in ("indicator", "action"):
                out["entities"].add((entity.kind, norm(entity.name)))
        for r in ex.relations:
            obj = norm(r.object) if r.literal else names.get(r.object, r.object)
            out["relations"].add((names.get(r.subject, r.subject), r.predicate, obj))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=list(DEFAULT_DIRS))
    parser.add_argument("--out", type=Path, help="keep the PDFs here")
    parser.add_argument("--no-nlp", action="store_true", help="skip the spaCy extraction (entities, relations)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the facts missed and added")
    parser.add_argument("--headings", choices=("spaced", "bold"), default="spaced", help="how the PDFs set headings")
    parser.add_argument("--rules", choices=("grid", "horizontal", "none"), default="grid", help="how the PDFs rule tables")
    args = parser.parse_args()
    nlp = None
    if not args.no_nlp:
        from nlp.pipeline import build_pipeline

        nlp = build_pipeline()
    out = args.out or Path(tempfile.mkdtemp(prefix="pdf-reading-"))
    out.mkdir(parents=True, exist_ok=True)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # reference, kept, added
    reading, pages = 0.0, 0
    for folder in args.dirs:
        for source in sorted(folder.glob("*.txt")):
            pdf = council_pdf(out / f"{source.stem}.pdf", source.read_text(encoding="utf-8"),
                              headings=args.headings, rules=args.rules)
            text_facts = facts(read_document(source, 10**8), nlp)
            started = time.perf_counter()
            pdf_doc = read_document(pdf, 10**8)
            reading += time.perf_counter() - started
            pages += len(pdf_doc.pages)
            pdf_facts = facts(pdf_doc, nlp)
            line = []
            for kind in sorted(set(text_facts) | set(pdf_facts)):
                ref, got = text_facts.get(kind, set()), pdf_facts.get(kind, set())
                kept, added = len(ref & got), len(got - ref)
                totals[kind][0] += len(ref)
                totals[kind][1] += kept
                totals[kind][2] += added
                if kept < len(ref) or added:
                    line.append(f"{kind} {kept}/{len(ref)} +{added}")
                    if args.verbose:
                        for fact in sorted(ref - got, key=str)[:8]:
                            print(f"    - {kind}: {fact}")
                        for fact in sorted(got - ref, key=str)[:8]:
                            print(f"    + {kind}: {fact}")
            print(f"{source.stem:60} {'; '.join(line) or 'same'}")
    print()
    print(f"{'facts':20} {'in text':>8} {'kept':>6} {'recall':>7} {'added':>6}")
    for kind, (ref, kept, added) in sorted(totals.items()):
        recall = kept / ref if ref else 1.0
        print(f"{kind:20} {ref:8} {kept:6} {recall:7.3f} {added:6}")
    print(f"\nread {pages} PDF pages in {reading:.2f} s")


if __name__ == "__main__":
    main()
