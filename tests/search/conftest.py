"""The sample corpus as `councilgraph ingest` indexes it (real models, entities included),
shared with the rest of the suite through the session's `built_sample` data directory."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def encoder():
    """The encoder `ingest` used for the sample (same settings), so query and passage vectors match."""
    from web.models import make_encoder
    from web.settings import Settings

    return make_encoder(Settings())


@pytest.fixture(scope="session")
def sample_store(built_sample):
    from search.docstore import DocStore
    from web.datadir import DataDir

    store = DocStore(DataDir(built_sample).sqlite, read_only=True)
    yield store
    store.close()
