"""A search index over the sample corpus, built once per test session in a temporary folder."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def encoder():
    from search.encoder import Encoder

    return Encoder()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory, encoder):
    from search.evaluate import build_store, load_sample_documents

    path = tmp_path_factory.mktemp("sample-index") / "councilgraph.sqlite"
    store = build_store(path, load_sample_documents(), encoder)
    yield store
    store.close()
