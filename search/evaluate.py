"""Search quality on labelled questions: keyword, dense and hybrid side by side.

Each question names the document that answers it (its file name) and a short answer span copied
from that document's text. A result answers the question when it comes from that document and
its passage contains the span (or overlaps where the span occurs), so the labels do not depend on
how passages are cut. The bundled set (tests/fixtures/questions.jsonl) covers the sample corpus;
`councilgraph eval search --questions FILE --corpus DIR` measures any corpus a person labels.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from nlp.passages import make_passages
from nlp.records import Document
from search.docstore import DocStore

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "fixtures" / "questions.jsonl"
SAMPLE = ROOT / "data" / "sample"
MODES = ("keyword", "dense", "hybrid")
DEPTH = 10  # hits looked at per question: hit@1, hit@5, MRR@10
UNLABELLED_KIND = "question"  # the kind of a question whose line names none


class QuestionFileError(ValueError):
    """A question file that cannot be used, with the line to fix."""


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    question: str
    kind: str  # the bundled set: keyword | natural | paraphrase | table
    document: str  # file name
    answers: tuple[str, ...]  # spans of the document's text; any one of them answers


@dataclass(slots=True)
class Ranked:
    """Where each search mode ranked the first answering hit (None: not in the top DEPTH)."""

    question: Question
    ranks: dict[str, int | None] = field(default_factory=dict)


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    """Questions from a JSON Lines file: one object per line with "question", "document" (the
    answering file's name) and "answer" (a span of its text, or a list of alternatives);
    "id" and "kind" are optional."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise QuestionFileError(f"{path}: cannot read the question file ({error})") from error
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise QuestionFileError(f"{where}: not a JSON object ({error.msg})") from error
        if not isinstance(data, dict):
            raise QuestionFileError(f"{where}: expected a JSON object, got {type(data).__name__}")
        missing = [key for key in ("question", "document", "answer") if not data.get(key)]
        if missing:
            raise QuestionFileError(f"{where}: missing {', '.join(repr(k) for k in missing)}")
        answer = data["answer"]
        answers = tuple(answer) if isinstance(answer, list) else (answer,)
        if not all(isinstance(a, str) and a.strip() for a in answers):
            raise QuestionFileError(f"{where}: \"answer\" must be a non-empty string or a list of them")
        questions.append(Question(str(data.get("id") or f"line {number}"), str(data["question"]),
                                  str(data.get("kind") or UNLABELLED_KIND), str(data["document"]), answers))
    if not questions:
        raise QuestionFileError(f"{path}: no questions in the file")
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


def load_corpus(paths: Iterable[Path], max_bytes: int = 50_000_000) -> tuple[list[Document], list[str]]:
    """The documents in these files and folders (recursively), read as `ingest` reads them, and
    one line per file that could not be read (it is left out; the rest are evaluated)."""
    from nlp.documents import SUPPORTED_SUFFIXES, UnreadableFile, read_document

    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            files.append(path)
    docs, problems = [], []
    for path in files:
        try:
            docs.append(read_document(path, max_bytes))
        except UnreadableFile as error:
            problems.append(f"{path}: {error.reason}")
        except Exception as error:  # one bad file must not stop the evaluation
            problems.append(f"{path}: could not be read ({type(error).__name__}: {error})")
    return docs, problems


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
    used: set[str] = set()
    for doc in docs:
        if doc.id in used:  # minutes.txt from two folders: two documents, as ingest keeps them
            doc = replace(doc, id=next(f"{doc.id}-{n}" for n in range(2, len(used) + 3) if f"{doc.id}-{n}" not in used))
        used.add(doc.id)
        window = getattr(encoder, "passage_window", None)  # passages cut as ingest cuts them
        passages = make_passages(doc, window=window() if window else None)
        vectors = encoder.encode([p.text for p in passages]) if encoder is not None else None
        entities = extractor(doc, passages)[1] if extractor is not None else ()
        with store.transaction():
            store.put_document(doc, passages, vectors, entities)
    return store


def _document_texts(store: DocStore) -> dict[str, list[str]]:
    """File name -> the text of each stored document of that name."""
    texts: dict[str, list[str]] = defaultdict(list)
    for row in store.document_rows():
        texts[row["source"]].append(store.document(row["id"]).text)
    return texts


def check_questions(store: DocStore, questions: Sequence[Question]) -> tuple[list[str], list[str]]:
    """(errors, warnings) a person can act on before the figures mean anything: a question whose
    document is not in the store, or whose file name two documents share, is an error; one whose
    answer is not in its document's text can never be answered, a warning."""
    texts = _document_texts(store)
    errors, warnings = [], []
    for q in questions:
        found = texts.get(q.document, [])
        if not found:
            errors.append(f"{q.id}: document {q.document!r} is not in the corpus")
        elif len(found) > 1:
            errors.append(f"{q.id}: {len(found)} documents are called {q.document!r}; name them apart")
        elif not answer_spans(found[0], q.answers):
            warnings.append(f"{q.id}: no answer ({' | '.join(q.answers)[:80]!r}) is in {q.document}")
    return errors, warnings


def rank_questions(store: DocStore, encoder, questions: Sequence[Question], modes: Sequence[str] = MODES,  # noqa: ANN001
                   search: Callable | None = None) -> list[Ranked]:
    """Each question with the rank of its first answering hit in each mode."""
    from search.index import search as default_search

    search = search or default_search
    texts = _document_texts(store)
    ranked = []
    for q in questions:
        spans = answer_spans(texts[q.document][0], q.answers) if texts.get(q.document) else []
        entry = Ranked(q)
        for mode in modes:
            hits = search(store, q.question, k=DEPTH, encoder=encoder, mode=mode)
            entry.ranks[mode] = next((i for i, h in enumerate(hits, start=1)
                                      if is_answer(h.document, h.start, h.end, h.text, q, spans)), None)
        ranked.append(entry)
    return ranked


def summarise(ranked: Sequence[Ranked], by: Callable[[Question], str] = lambda q: q.kind
              ) -> dict[str, dict[str, dict[str, float]]]:
    """{mode: {group: {"hit@1", "hit@5", "mrr@10", "n"}}}: group "all" and one per `by(question)`."""
    modes = list(ranked[0].ranks) if ranked else []
    results: dict[str, dict[str, dict[str, float]]] = {}
    for mode in modes:
        groups: dict[str, list[int | None]] = defaultdict(list)
        for entry in ranked:
            groups["all"].append(entry.ranks[mode])
            groups[by(entry.question)].append(entry.ranks[mode])
        results[mode] = {group: _metrics(ranks) for group, ranks in groups.items()}
    return results


def evaluate(store: DocStore, encoder, questions: Sequence[Question], modes: Sequence[str] = MODES,  # noqa: ANN001
             search: Callable | None = None) -> dict[str, dict[str, dict[str, float]]]:
    """{mode: {group: {"hit@1", "hit@5", "mrr@10", "n"}}}, groups "all" and each question kind."""
    return summarise(rank_questions(store, encoder, questions, modes, search))


def ranks_by_question(store: DocStore, encoder, questions: Sequence[Question], mode: str) -> list[int | None]:  # noqa: ANN001
    """The rank of the first answering hit per question (None when not in the top 10)."""
    return [entry.ranks[mode] for entry in rank_questions(store, encoder, questions, (mode,))]


def _metrics(ranks: Sequence[int | None]) -> dict[str, float]:
    n = len(ranks)
    return {
        "hit@1": sum(1 for r in ranks if r == 1) / n,
        "hit@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "mrr@10": sum(1.0 / r for r in ranks if r is not None and r <= DEPTH) / n,
        "n": n,
    }


def format_report(results: dict[str, dict[str, dict[str, float]]], label: str = "questions") -> str:
    modes = list(results)
    groups = ["all"] + sorted(g for g in results[modes[0]] if g != "all")
    width = max(14, len(label) + 2, *(len(g) + 2 for g in groups))
    head = f"{label:<{width}}{'n':>4}  " + "  ".join(f"{m:^22}" for m in modes)
    sub = f"{'':<{width}}{'':>4}  " + "  ".join(f"{'hit@1':>6} {'hit@5':>6} {'MRR@10':>7}" for _ in modes)
    lines = [head, sub]
    for group in groups:
        row = f"{group:<{width}}{results[modes[0]][group]['n']:>4}  "
        row += "  ".join(
            f"{results[m][group]['hit@1']:>6.2f} {results[m][group]['hit@5']:>6.2f} {results[m][group]['mrr@10']:>7.3f}"
            for m in modes
        )
        lines.append(row)
    return "\n".join(lines)


def report_json(ranked: Sequence[Ranked]) -> dict:
    """The figures by kind and by document, and every question's ranks, for tools."""
    return {
        "by_kind": summarise(ranked),
        "by_document": summarise(ranked, by=lambda q: q.document),
        "questions": [{"id": e.question.id, "question": e.question.question, "kind": e.question.kind,
                       "document": e.question.document, "ranks": e.ranks} for e in ranked],
    }


def report_text(ranked: Sequence[Ranked], by_document: bool = False) -> str:
    text = format_report(summarise(ranked))
    if by_document:
        text += "\n\n" + format_report(summarise(ranked, by=lambda q: q.document), label="document")
    return text


def make_eval_encoder(settings):  # noqa: ANN001, ANN201
    from search.encoder import Encoder

    model = getattr(settings, "embedding_model", None)
    backend = getattr(settings, "embedding_backend", None)
    options = {"backend": backend} if backend else {}
    return Encoder(model, **options) if model else Encoder(**options)
