"""Ingest: files -> Document -> passages, facts, vectors -> the stores, one document at a time.

Each document is written in one step: its SQLite rows (document, passages, vectors, keyword
index, passage entities) in one transaction, and its named graph replaced by one Oxigraph
update issued inside that transaction, before the commit. A failure anywhere leaves the old
version of that document (or nothing) in every store, and the batch goes on.

Embedding overlaps extraction: document N's passages are embedded in a worker thread (ONNX
Runtime and torch release the GIL) while document N+1 is read and extracted (spaCy holds it).
Only the embedding runs off the main thread; documents are still stored one at a time, in
file order, by the main thread.

A document's id is the slug of its file name, unless another file (same name, another folder;
or agenda.pdf beside agenda.docx) already holds it: then the slug gets a short hash of the path
(`DocStore.claim_id`). The id is allocated as soon as the file is read, so the same file always
updates its own document, and a file with the same bytes as a document stored from another path
is reported as unchanged rather than stored twice.

The SQLite meta table records which vectors the store holds (`Encoder.vector_space`: model and
backend family); an ingest with an encoder making other vectors re-embeds every stored passage
first, in one transaction, so the store never mixes vectors from two models."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graph.build import document_triples
from graph.consolidate import consolidate_labels, consolidate_person_names
from graph.indicator_links import link_indicators
from graph.iris import document_iri
from graph.store import GraphStore
from nlp.documents import SUPPORTED_SUFFIXES, UnreadableFile, read_document
from nlp.passages import make_passages
from nlp.records import Document, Passage
from search.atomic import write_atomic
from search.docstore import DocStore, EntityRef
from web.datadir import DataDir

STAGES = ("read", "passages", "extraction", "embedding", "store")


@dataclass(slots=True)
class FileOutcome:
    path: Path
    status: str  # "ingested" | "unchanged" | "failed" | "skipped"
    detail: str = ""  # the reason (failed, skipped, unchanged as a copy) or warnings (ingested)
    document_id: str = ""
    passages: int = 0
    triples: int = 0
    words: int = 0


@dataclass(slots=True)
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    seconds: float = 0.0
    reembedded: int = 0  # stored passages re-embedded because the vector space changed

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def words(self) -> int:
        return sum(o.words for o in self.outcomes if o.status == "ingested")

    def summary(self) -> str:
        passages = sum(o.passages for o in self.outcomes)
        triples = sum(o.triples for o in self.outcomes)
        line = (
            f"{self.count('ingested')} ingested, {self.count('unchanged')} unchanged, "
            f"{self.count('failed')} failed, {self.count('skipped')} skipped; "
            f"{passages} passages, {triples} triples, {self.seconds:.1f} s"
        )
        if self.reembedded:
            line += f"; {self.reembedded} stored passages re-embedded for the new embedding model/backend"
        if self.words and self.seconds:
            rates = ", ".join(
                f"{stage} {self.words / secs:,.0f}" for stage, secs in self.stage_seconds.items() if secs > 0.05
            )
            line += f"\nwords/s: end-to-end {self.words / self.seconds:,.0f}; {rates}"
        return line


def describe(outcome: FileOutcome) -> str:
    """One line for a person: what happened to which file, and why."""
    if outcome.status in ("failed", "skipped", "unchanged"):
        return f"{outcome.status}: {outcome.path}: {outcome.detail}"
    return f"warning: {outcome.path}: {outcome.detail}"


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[FileOutcome]]:
    """Files to ingest from files and folders (recursive); unsupported files found in folders
    are skipped, an unsupported file named directly fails."""
    files: list[Path] = []
    outcomes: list[FileOutcome] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file() or any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    files.append(child)
                else:
                    outcomes.append(FileOutcome(child, "skipped", f"unsupported file type {child.suffix or '(none)'}"))
        elif path.is_file():
            files.append(path)
        else:
            outcomes.append(FileOutcome(path, "failed", "no such file or folder"))
    return files, outcomes


@dataclass(slots=True)
class Prepared:
    """A document read, split and extracted, its vectors on the way."""

    path: Path
    doc: Document
    passages: list[Passage]
    triples: list
    entities: list[list[EntityRef]]
    vectors: Future | None


class Ingester:
    """Holds the stores and the (lazily loaded) models for one ingest run.

    `overlap=False` embeds in the main thread, one stage after another (to measure the gain)."""

    def __init__(
        self,
        data_dir: DataDir,
        base_iri: str,
        max_file_bytes: int,
        extractor: Callable[[Document], object] | None = None,
        encoder: object | None = None,
        force: bool = False,
        overlap: bool = True,
    ) -> None:
        self.data_dir = data_dir
        self.base_iri = base_iri
        self.max_file_bytes = max_file_bytes
        self.extractor = extractor
        self.encoder = encoder
        self.force = force
        self.overlap = overlap
        self.docstore = DocStore(data_dir.sqlite)
        self.graph = GraphStore(data_dir.graph)

    def close(self) -> None:
        self.graph.flush()
        self.docstore.close()

    def ingest(
        self, paths: Sequence[Path], progress: Callable[[FileOutcome], None] | None = None
    ) -> IngestReport:
        report = IngestReport()
        started = time.perf_counter()
        files, report.outcomes = discover(paths)
        for outcome in report.outcomes:
            if progress:
                progress(outcome)

        def emit(outcome: FileOutcome) -> None:
            report.outcomes.append(outcome)
            if progress:
                progress(outcome)

        if self.encoder is not None and files:
            report.reembedded = self.match_vector_space(report.stage_seconds)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="councilgraph-embed") as pool:
            pending: Prepared | None = None
            claimed: dict[str, str] = {}  # document id -> source path, for this batch
            for path in files:
                item = self.read_file(path, report.stage_seconds)
                if isinstance(item, Document):
                    item = self.claim(path, item, claimed)
                if pending is not None and (isinstance(item, FileOutcome) or self.waits_for(pending, item)):
                    # Outcomes stay in file order; a file that depends on the document in flight
                    # is compared with the store once that is written, as it would be one at a time.
                    emit(self.store_document(pending, report.stage_seconds))
                    pending = None
                if isinstance(item, FileOutcome):
                    emit(item)
                    continue
                prepared: Prepared | FileOutcome | None = self.unchanged(path, item)
                if prepared is None:
                    prepared = self.prepare_document(path, item, report.stage_seconds, pool)
                    if isinstance(prepared, Prepared):
                        claimed[item.id] = str(path.resolve())
                if pending is not None:  # its embedding ran while this one was extracted
                    emit(self.store_document(pending, report.stage_seconds))
                    pending = None
                if isinstance(prepared, FileOutcome):
                    emit(prepared)
                else:
                    pending = prepared
            if pending is not None:
                emit(self.store_document(pending, report.stage_seconds))
        if report.reembedded or any(o.status == "ingested" for o in report.outcomes):
            consolidate_person_names(self.graph)
            consolidate_labels(self.graph)
            link_indicators(self.graph, self.base_iri, getattr(self.encoder, "encode", None))
            self.refresh_indexes()
        report.seconds = time.perf_counter() - started
        return report

    def read_file(self, path: Path, stage_seconds: dict[str, float]) -> Document | FileOutcome:
        try:
            clock = time.perf_counter()
            doc = read_document(path, self.max_file_bytes)
            stage_seconds["read"] += time.perf_counter() - clock
            return doc
        except UnreadableFile as error:
            return FileOutcome(path, "failed", error.reason)
        except Exception as error:  # one bad file must never abort the batch
            return FileOutcome(path, "failed", f"could not be ingested ({type(error).__name__}: {error})")

    def claim(self, path: Path, doc: Document, claimed: dict[str, str]) -> Document | FileOutcome:
        """The document with the id allocated for its file (`DocStore.claim_id`)."""
        try:
            doc_id = self.docstore.claim_id(doc.id, str(path.resolve()), claimed)
        except Exception as error:  # one bad file must never abort the batch
            return FileOutcome(path, "failed", f"could not be ingested ({type(error).__name__}: {error})")
        return doc if doc_id == doc.id else dataclasses.replace(doc, id=doc_id)

    def waits_for(self, pending: Prepared, doc: Document) -> bool:
        """Whether `doc` must be checked against the store only after `pending` is written: the same
        file listed twice, a copy of it, or a copy of the stored version it is about to replace
        (which must not be taken for a document that stays)."""
        if doc.id == pending.doc.id or doc.content_hash == pending.doc.content_hash:
            return True
        try:
            return self.docstore.content_hash(pending.doc.id) == doc.content_hash
        except Exception:  # the check after the write will say what is wrong
            return True

    def unchanged(self, path: Path, doc: Document) -> FileOutcome | None:
        """Why this file need not be stored, or None. Its own document comes first: changed content
        at the same path is an update. A new file with the bytes of a document stored from another
        path is a copy, not stored again (even with `force`): its passages would be duplicate hits."""
        try:
            stored = self.docstore.content_hash(doc.id)
            if stored is not None:
                if stored != doc.content_hash or self.force:
                    return None
                self.docstore.record_source_path(doc.id, str(path.resolve()))  # a row from before paths
                return FileOutcome(path, "unchanged", document_id=doc.id)
            twin = self.docstore.same_content(doc.content_hash, doc.id)
        except Exception as error:  # one bad file must never abort the batch
            return FileOutcome(path, "failed", f"could not be ingested ({type(error).__name__}: {error})")
        if twin is None:
            return None
        return FileOutcome(
            path, "unchanged",
            f"same content as {twin['source_path'] or twin['source']} (document {twin['id']}); not stored again",
            document_id=twin["id"],
        )

    def prepare_document(
        self, path: Path, doc: Document, stage_seconds: dict[str, float], pool: ThreadPoolExecutor
    ) -> Prepared | FileOutcome:
        """Passages and facts here; the vectors are started on the worker thread first."""
        try:
            clock = time.perf_counter()
            window = getattr(self.encoder, "passage_window", None)  # every passage within the model's window
            passages = make_passages(doc, window=window() if window else None)
            stage_seconds["passages"] += time.perf_counter() - clock

            vectors = None
            if self.encoder is not None and passages:
                texts = [p.text for p in passages]
                if self.overlap:
                    vectors = pool.submit(self._embed, texts, stage_seconds)
                else:
                    vectors = Future()
                    vectors.set_result(self._embed(texts, stage_seconds))

            clock = time.perf_counter()
            triples = list(document_triples(doc, passages, self.base_iri))
            entities: list[list[EntityRef]] = [[] for _ in passages]
            if self.extractor is not None:
                fact_triples, entities = self.extractor(doc, passages)  # type: ignore[misc]
                triples.extend(fact_triples)
            stage_seconds["extraction"] += time.perf_counter() - clock
            return Prepared(path, doc, passages, triples, entities, vectors)
        except Exception as error:  # one bad file must never abort the batch
            return FileOutcome(path, "failed", f"could not be ingested ({type(error).__name__}: {error})")

    def _embed(self, texts: list[str], stage_seconds: dict[str, float]):  # type: ignore[no-untyped-def]
        clock = time.perf_counter()
        vectors = self.encoder.encode(texts)  # type: ignore[attr-defined]
        stage_seconds["embedding"] += time.perf_counter() - clock  # only this thread writes the key
        return vectors

    def store_document(self, item: Prepared, stage_seconds: dict[str, float]) -> FileOutcome:
        path, doc, passages = item.path, item.doc, item.passages
        try:
            vectors = item.vectors.result() if item.vectors is not None else None
            clock = time.perf_counter()
            graph_iri = document_iri(doc.id, self.base_iri)
            previous = self.graph.graph(graph_iri) if str(graph_iri) in self.graph.graph_names() else None
            write_atomic(self.data_dir.files / f"{doc.id}{path.suffix.lower()}", path.read_bytes())
            try:
                with self.docstore.transaction():
                    self.docstore.put_document(doc, passages, vectors, item.entities, str(path.resolve()))
                    count = self.graph.replace_graph(graph_iri, item.triples)
            except BaseException:
                # SQLite rolled back; put the graph back as it was if it had already changed.
                if previous is not None:
                    self.graph.replace_graph(graph_iri, previous)
                else:
                    self.graph.remove_graph(graph_iri)
                raise
            stage_seconds["store"] += time.perf_counter() - clock
        except Exception as error:  # one bad file must never abort the batch
            return FileOutcome(path, "failed", f"could not be ingested ({type(error).__name__}: {error})")
        return FileOutcome(
            path, "ingested", "; ".join(doc.warnings), doc.id, len(passages), count, len(doc.text.split())
        )

    def match_vector_space(self, stage_seconds: dict[str, float]) -> int:
        """Make the stored vectors the encoder's kind: record it in an empty store; re-embed every
        stored passage (one transaction) when they came from another model or backend family.
        Stores written before the record existed hold the torch vectors of the same model."""
        current = self.encoder.vector_space  # type: ignore[attr-defined]
        stored = self.docstore.vector_space()
        if stored == current:
            return 0
        rows = self.docstore.db.execute(
            "SELECT rowid, text FROM passages WHERE vector IS NOT NULL ORDER BY rowid"
        ).fetchall()
        if stored is None and rows:
            stored = f"{self.encoder.model_name}|fp32"  # type: ignore[attr-defined]
        vectors = None
        if rows and stored != current:
            clock = time.perf_counter()
            vectors = self.encoder.encode([r[1] for r in rows])  # type: ignore[attr-defined]
            stage_seconds["embedding"] += time.perf_counter() - clock
        with self.docstore.transaction():
            if vectors is not None:
                self.docstore.replace_vectors([r[0] for r in rows], vectors)
            self.docstore.set_vector_space(current)
        return 0 if vectors is None else len(rows)

    def refresh_indexes(self) -> None:
        """Rebuild derived indexes (the FAISS file, the keyword index) from the ledger."""
        from search import lexical
        from search.dense import refresh

        refresh(self.docstore, self.data_dir.dense)
        lexical.refresh(self.docstore.db)


def passage_entities(passages: Sequence[Passage], spans: Iterable[tuple[int, int, EntityRef]]) -> list[list[EntityRef]]:
    """Which entities each passage mentions: mention spans overlapping the passage's span."""
    result: list[list[EntityRef]] = [[] for _ in passages]
    ordered = sorted(spans, key=lambda s: s[0])
    for index, passage in enumerate(passages):
        seen: set[str] = set()
        for start, end, ref in ordered:
            if start >= passage.end:
                break
            if end > passage.start and ref.iri not in seen:
                seen.add(ref.iri)
                result[index].append(ref)
    return result
