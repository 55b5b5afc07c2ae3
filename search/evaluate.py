"""Search quality on the labelled question set: keyword, dense and hybrid side by side.

Each question in tests/fixtures/questions.jsonl names the document that answers it and a short
answer span copied from that document's text. A result answers the question when it comes from
that document and its passage contains the span (or overlaps where the span occurs), so the
labels do not depend on how passages are cut.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nlp.passages import make_passages
from nlp.records import Document
from search.docstore import DocStore

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "fixtures" / "questions.jsonl"
SAMPLE = ROOT / "data" / "sample"
MODES = ("keyword", "dense", "hybrid")


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    question: str
    kind: str  # keyword | natural | paraphrase | table
    document: str  # file name
    answers: tuple[str, ...]  # spans of the document's text; any one of them answers


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            data = json.loads(line)
            answer = data["answer"]
            answers = tuple(answer) if isinstance(answer, list) else (answer,)
            questions.append(Question(data.get("id", str(number)), data["question"], data["kind"],
                                      data["document"], answers))
    return questions


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def answer_spans(doc_text: str, answers: Sequence[str]) -> list[tuple[int, int]]:
    """Every place any of the answers occurs in the document text (case and whitespace-insensitive)."""
    spans = []
    for answer in answers:
        pattern = r"\s+".join(re.escape(w) for w in answer.split())
        spans += [(m.start(), m.end()) for m in re.finditer(pattern, doc_text, flags=re.I)]
    return spans


def is_answer(hit_source: str, hit_start: int, hit_end: int, hit_text: str, question: Question,
              spans: Sequence[tuple[int, int]]) -> bool:
    if hit_source != question.document:
        return False
    text = _squash(hit_text)
    if any(_squash(answer) in text for answer in question.answers):
        return True
    # the passage text is rewritten (headers, cleaned markup): fall back to offsets, needing
    # most of the answer span inside the passage
    for start, end in spans:
        overlap = min(end, hit_end) - max(start, hit_start)
        if overlap >= 0.6 * (end - start):
            return True
    return False


def load_sample_documents(folder: Path = SAMPLE) -> list[Document]:
    """The sample corpus as Documents, read by nlp.documents when it is there."""
    try:
        from nlp.documents import read_document
    except ImportError:
        read_document = None  # type: ignore[assignment]
    docs = []
    for path in sorted(folder.iterdir()):
        if read_document is not None:
            docs.append(read_document(path, 50_000_000))
        else:
            docs.append(_plain_document(path))
    return docs


def _plain_document(path: Path) -> Document:
    """A Document from a text file without nlp.documents: normalised and structured when those
    modules are there, else the raw text (passages then fall back to blank-line splitting)."""
    text = path.read_text(encoding="utf-8")
    pages: tuple[int, ...] = (0,)
    blocks: tuple = ()
    try:
        from nlp.normalise import normalise
        from nlp.structure import find_blocks
    except ImportError:
        pass
    else:
        cleaned = normalise(text)
        text, pages = cleaned.text, tuple(cleaned.pages)
        blocks = find_blocks(text, pages, cleaned.headings)
    return Document(id=path.stem, source=path.name, text=text, content_hash=path.name,
                    title=path.stem.replace("-", " "), doc_type="other", pages=pages, blocks=blocks)


def build_store(path: Path, docs: Iterable[Document], encoder, extractor: Callable | None = None) -> DocStore:  # noqa: ANN001
    """A DocStore at `path` holding the documents, their passages and vectors, and, given an
    `extractor` ((doc, passages) -> (triples, entities per passage), as web.models.FactExtractor),
    the entities each passage mentions, so entity-aware ranking is measured as users get it."""
    store = DocStore(path)
    for doc in docs:
        passages = make_passages(doc)
        vectors = encoder.encode([p.text for p in passages]) if encoder is not None else None
        entities = extractor(doc, passages)[1] if extractor is not None else ()
        with store.transaction():
            store.put_document(doc, passages, vectors, entities)
    return store


def evaluate(store: DocStore, encoder, questions: Sequence[Question], modes: Sequence[str] = MODES,  # noqa: ANN001
             search: Callable | None = None) -> dict[str, dict[str, dict[str, float]]]:
    """{mode: {group: {"hit@1", "hit@5", "mrr@10", "n"}}}, groups "all" and each question kind."""
    from search.index import search as default_search

    search = search or default_search
    texts = {row["source"]: store.document(row["id"]).text for row in store.document_rows()}
    results: dict[str, dict[str, dict[str, float]]] = {}
    for mode in modes:
        ranks: dict[str, list[int | None]] = defaultdict(list)
        for q in questions:
            spans = answer_spans(texts[q.document], q.answers)
            hits = search(store, q.question, k=10, encoder=encoder, mode=mode)
            rank = next((i for i, h in enumerate(hits, start=1)
                         if is_answer(h.document, h.start, h.end, h.text, q, spans)), None)
            ranks["all"].append(rank)
            ranks[q.kind].append(rank)
        results[mode] = {group: _metrics(r) for group, r in ranks.items()}
    return results


def ranks_by_question(store: DocStore, encoder, questions: Sequence[Question], mode: str) -> list[int | None]:  # noqa: ANN001
    """The rank of the first answering hit per question (None when not in the top 10)."""
    from search.index import search

    texts = {row["source"]: store.document(row["id"]).text for row in store.document_rows()}
    out = []
    for q in questions:
        spans = answer_spans(texts[q.document], q.answers)
        hits = search(store, q.question, k=10, encoder=encoder, mode=mode)
        out.append(next((i for i, h in enumerate(hits, start=1)
                         if is_answer(h.document, h.start, h.end, h.text, q, spans)), None))
    return out


def _metrics(ranks: Sequence[int | None]) -> dict[str, float]:
    n = len(ranks)
    return {
        "hit@1": sum(1 for r in ranks if r == 1) / n,
        "hit@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "mrr@10": sum(1.0 / r for r in ranks if r is not None and r <= 10) / n,
        "n": n,
    }


def format_report(results: dict[str, dict[str, dict[str, float]]]) -> str:
    modes = list(results)
    groups = ["all"] + sorted(g for g in results[modes[0]] if g != "all")
    head = f"{'questions':<14}{'n':>4}  " + "  ".join(f"{m:^22}" for m in modes)
    sub = f"{'':<14}{'':>4}  " + "  ".join(f"{'hit@1':>6} {'hit@5':>6} {'MRR@10':>7}" for _ in modes)
    lines = [head, sub]
    for group in groups:
        row = f"{group:<14}{results[modes[0]][group]['n']:>4}  "
        row += "  ".join(
            f"{results[m][group]['hit@1']:>6.2f} {results[m][group]['hit@5']:>6.2f} {results[m][group]['mrr@10']:>7.3f}"
            for m in modes
        )
        lines.append(row)
    return "\n".join(lines)


def run_eval(settings_or_store=None, encoder=None, questions: Path = QUESTIONS,  # noqa: ANN001
             extractor: Callable | None = None) -> str:
    """The side-by-side report. Given a DocStore (and encoder), evaluates that store; given
    settings (or nothing), builds a temporary store from the sample corpus first, with the
    settings' embedding model and, when an `extractor` is given, the entities it finds."""
    from search.encoder import Encoder

    qs = load_questions(questions)
    if isinstance(settings_or_store, DocStore):
        return format_report(evaluate(settings_or_store, encoder or Encoder(), qs))
    model = getattr(settings_or_store, "embedding_model", None)
    backend = getattr(settings_or_store, "embedding_backend", None)
    if encoder is None:
        options = {"backend": backend} if backend else {}
        encoder = Encoder(model, **options) if model else Encoder(**options)
    with tempfile.TemporaryDirectory(prefix="councilgraph-eval-") as tmp:
        store = build_store(Path(tmp) / "eval.sqlite", load_sample_documents(), encoder, extractor)
        try:
            return format_report(evaluate(store, encoder, qs))
        finally:
            store.close()
