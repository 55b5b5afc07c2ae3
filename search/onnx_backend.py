"""Sentence embeddings with ONNX Runtime: the model's transformer exported once from its own
weights, then run without torch.

Does what sentence-transformers does for a mean-pooling model (strip, tokenise with the fast
tokenizer, truncate at `max_seq_length`, mean over the attention mask, L2-normalise), on a graph
exported with `torch.onnx.export` and cached on disk. Sentence-transformers' own ONNX backend
needs `optimum`, which pins an older `transformers`; this needs only `onnx` + `onnxruntime`.

The cache file is keyed by a hash of the model's weights and config, the exporter's versions
and the variant (fp32, or int8 from dynamic quantisation); it is written atomically with a
manifest holding its SHA-256, so a changed model re-exports and a damaged file is detected and
re-exported instead of being run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from search.atomic import write_atomic

VARIANTS = ("fp32", "int8")
# Bump when the export or quantisation recipe changes: every cached file is then re-made.
FORMAT_VERSION = 1
OPSET = 17
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
FALLBACK_PREFIX = "councilgraph-onnx-cache-"


class OnnxBackendError(RuntimeError):
    """The model cannot be run by the ONNX backend (with the reason, and what to do)."""


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "councilgraph" / "onnx"


def file_sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _versions() -> dict[str, str]:
    # From the installed metadata: importing torch and transformers costs seconds, and a cached
    # model needs neither.
    from importlib.metadata import version

    return {name: version(name) for name in ("torch", "transformers", "onnx")}


def cache_key(model_path: Path, variant: str) -> str:
    """Changes when the weights, the config, the exporter's versions or the recipe change."""
    weights = next((model_path / name for name in WEIGHT_FILES if (model_path / name).is_file()), None)
    if weights is None:
        raise OnnxBackendError(f"no {' or '.join(WEIGHT_FILES)} in {model_path}: cannot export it to ONNX")
    identity = {
        "format": FORMAT_VERSION,
        "opset": OPSET,
        "variant": variant,
        "weights": file_sha256(weights),
        "config": file_sha256(model_path / "config.json"),
        **_versions(),
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()


def export_fp32(model_path: Path, dest: Path) -> None:
    """The model's transformer (token embeddings out) as an ONNX graph, batch and length dynamic."""
    import torch
    from transformers import AutoModel

    # Eager attention traces to plain MatMul/Softmax, which ONNX Runtime fuses; SDPA's trace
    # carries Python-side branches.
    model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager").eval()

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            out = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    example = torch.ones((2, 8), dtype=torch.int64)
    axes = {name: {0: "batch", 1: "sequence"} for name in (*INPUTS, "token_embeddings")}
    with torch.no_grad(), warnings.catch_warnings():
        # The TorchScript exporter is deprecated in favour of the dynamo one (which needs
        # onnxscript); its tracer warnings concern branches that do not depend on the input.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            TokenEmbeddings(), (example, example, torch.zeros_like(example)), str(dest), dynamo=False,
            input_names=list(INPUTS), output_names=["token_embeddings"], dynamic_axes=axes,
            opset_version=OPSET, do_constant_folding=True,
        )


def quantize_int8(source: Path, dest: Path) -> None:
    """Dynamic int8: weights per output channel (per-tensor loses ~5% cosine on MiniLM), and only
    MatMuls with a constant weight, so attention's activation-activation products stay float."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # it logs a hint to pre-process the graph on the root logger
    try:
        quantize_dynamic(
            str(source), str(dest), weight_type=QuantType.QInt8, per_channel=True,
            extra_options={"MatMulConstBOnly": True},
        )
    finally:
        root.setLevel(level)


class OnnxModelCache:
    """Exported ONNX files under one directory, made on first use and checked on every load."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self._lock = threading.RLock()  # int8 is made from the fp32 file, got under the same lock

    def paths(self, model_path: Path, variant: str) -> tuple[Path, Path]:
        key = cache_key(model_path, variant)
        stem = f"{model_path.name or 'model'}-{variant}-{key[:16]}"
        return self.directory / f"{stem}.onnx", self.directory / f"{stem}.json"

    def is_valid(self, onnx_path: Path, manifest_path: Path) -> bool:
        """The file is there, whole, and the one its manifest describes."""
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            return onnx_path.stat().st_size == manifest["size"] and file_sha256(onnx_path) == manifest["sha256"]
        except (OSError, ValueError, KeyError, TypeError):
            return False

    def get(self, model_path: Path, variant: str) -> Path:
        """The ONNX file for this model and variant, exported (or re-exported) when needed."""
        if variant not in VARIANTS:
            raise ValueError(f"unknown ONNX variant {variant!r}; expected one of {', '.join(VARIANTS)}")
        with self._lock:
            onnx_path, manifest_path = self.paths(model_path, variant)
            if self.is_valid(onnx_path, manifest_path):
                return onnx_path
            try:
                self._make(model_path, variant, onnx_path, manifest_path)
            except OSError as error:
                if self.directory.name.startswith(FALLBACK_PREFIX):
                    raise
                # A read-only home must not stop ingest or search: export for this process only.
                logging.getLogger(__name__).warning(
                    "cannot write the ONNX model cache in %s (%s); exporting into a temporary directory",
                    self.directory, error,
                )
                self.directory = Path(tempfile.mkdtemp(prefix=FALLBACK_PREFIX))
                return self.get(model_path, variant)
            return onnx_path

    def _make(self, model_path: Path, variant: str, onnx_path: Path, manifest_path: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="councilgraph-onnx-") as tmp:
            made = Path(tmp) / "model.onnx"
            if variant == "fp32":
                export_fp32(model_path, made)
            else:
                quantize_int8(self.get(model_path, "fp32"), made)
            data = made.read_bytes()
        manifest = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "model_path": str(model_path),
            "variant": variant,
            "format": FORMAT_VERSION,
            **_versions(),
        }
        # The model first, its manifest last: a crash in between leaves a manifest that does not
        # match, so the next load re-exports.
        write_atomic(onnx_path, data)
        write_atomic(manifest_path, json.dumps(manifest, indent=1).encode())


def _sentence_config(model_path: Path) -> tuple[int | None, bool]:
    """(max_seq_length, do_lower_case) from sentence-transformers' config, when the model has one;
    refuses models whose pipeline is not transformer -> mean pooling -> (normalise)."""
    modules_file = model_path / "modules.json"
    if modules_file.is_file():
        kinds = [m["type"].rsplit(".", 1)[-1] for m in json.loads(modules_file.read_text(encoding="utf-8"))]
        if kinds[:2] != ["Transformer", "Pooling"] or any(k != "Normalize" for k in kinds[2:]):
            raise OnnxBackendError(
                f"the model at {model_path} is {' -> '.join(kinds)}; the ONNX backend runs "
                "Transformer -> mean Pooling -> Normalize only: use embedding_backend=torch"
            )
        pooling = model_path / "1_Pooling" / "config.json"
        if pooling.is_file():
            config = json.loads(pooling.read_text(encoding="utf-8"))
            modes = [k for k, v in config.items() if k.startswith("pooling_mode") and v]
            if modes != ["pooling_mode_mean_tokens"]:
                raise OnnxBackendError(
                    f"the model at {model_path} pools with {modes}; the ONNX backend does mean pooling "
                    "only: use embedding_backend=torch"
                )
    config_file = model_path / "sentence_bert_config.json"
    if config_file.is_file():
        config = json.loads(config_file.read_text(encoding="utf-8"))
        return config.get("max_seq_length"), bool(config.get("do_lower_case", False))
    return None, False


def _load_tokenizer(model_path: Path):  # type: ignore[no-untyped-def]
    """The model's fast tokenizer (tokenizer.json) through `tokenizers` alone: what
    transformers' AutoTokenizer wraps, without importing transformers and torch."""
    from tokenizers import Tokenizer

    path = model_path / "tokenizer.json"
    if not path.is_file():
        raise OnnxBackendError(f"no tokenizer.json in {model_path}: the ONNX backend needs a fast tokenizer")
    return Tokenizer.from_file(str(path))


class OnnxEmbedder:
    """A mean-pooling sentence-transformers model run by ONNX Runtime."""

    def __init__(
        self, model_path: str | Path, variant: str = "fp32", cache: OnnxModelCache | None = None,
        threads: int | None = None,
    ) -> None:
        import onnxruntime as ort

        self.model_path = Path(model_path)
        self.variant = variant
        max_length, self.lower_case = _sentence_config(self.model_path)
        config = json.loads((self.model_path / "config.json").read_text(encoding="utf-8"))
        self.max_seq_length = int(max_length or config["max_position_embeddings"])
        self.dimension = int(config["hidden_size"])
        self._counter = _load_tokenizer(self.model_path)  # no truncation: counts every word piece
        self._counter.no_truncation()
        self._counter.no_padding()
        self._tokenizer = _load_tokenizer(self.model_path)
        self._tokenizer.enable_truncation(self.max_seq_length)
        self._tokenizer.no_padding()
        self.onnx_path = (cache or OnnxModelCache()).get(self.model_path, variant)

        options = ort.SessionOptions()
        # One thread per run, several runs at once (one per core): measured 5-10% more words per
        # CPU-second than one run over two intra-op threads. No busy-waiting: ingest runs spaCy
        # beside the encoder, and spinning threads would take its core.
        self.threads = threads or min(os.cpu_count() or 1, 8)
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(self.onnx_path), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}
        self._pad = self._tokenizer.token_to_id("[PAD]") or 0  # masked out: any id would do
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def _prepare(self, texts: Sequence[str]) -> list[list[int]]:
        texts = [str(t).strip() for t in texts]
        if self.lower_case:
            texts = [t.lower() for t in texts]
        return [e.ids for e in self._tokenizer.encode_batch(texts)]

    def token_count(self, text: str) -> int:
        return len(self._counter.encode(text).ids)

    def _run(self, batch: list[list[int]]) -> np.ndarray:
        """Unit mean-pooled vectors of one batch of token ids (longest first)."""
        width = len(batch[0])
        input_ids = np.full((len(batch), width), self._pad, dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1
        feed = {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": np.zeros_like(mask)}
        tokens = self.session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def _map(self, batches: list[list[list[int]]]) -> list[np.ndarray]:
        if self.threads < 2 or len(batches) < 2:
            return [self._run(batch) for batch in batches]
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="councilgraph-onnx")
        return list(self._pool.map(self._run, batches))  # ONNX Runtime releases the GIL in run()

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """(len(texts), dimension) float32 unit rows, in the order of `texts`."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        ids = self._prepare(texts)
        # Longest first, so each batch pads to nearly its own length (as sentence-transformers does).
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        groups = [order[first : first + batch_size] for first in range(0, len(order), batch_size)]
        for rows, vectors in zip(groups, self._map([[ids[i] for i in rows] for rows in groups])):
            out[rows] = vectors
        return out
