from __future__ import annotations

import numpy as np
import pytest

from nlp.passages import make_passages
from search.encoder import Encoder, resolve_model_path
from search.evaluate import load_sample_documents

pytestmark = pytest.mark.model


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ValueError, match="neither a directory nor an installed model package"):
        resolve_model_path("no_such_model_package_xyz")


def test_model_loads_lazily():
    encoder = Encoder()
    assert encoder._model is None


def test_vectors_are_unit_length_and_meaningful(encoder):
    vectors = encoder.encode(["recycling target for food waste", "food waste recycling rate", "council tax bands"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert encoder.encode([]).shape == (0, 384)


def test_sample_passages_fit_the_model_window(encoder):
    counts = [encoder.token_count(p.text) for doc in load_sample_documents() for p in make_passages(doc)]
    over = sum(1 for c in counts if c > encoder.max_tokens)
    assert over / len(counts) <= 0.03, f"{over} of {len(counts)} passages exceed {encoder.max_tokens} word pieces"
