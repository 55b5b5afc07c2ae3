"""Shared fixtures. The repo root goes first on sys.path so our generic package names
(nlp, graph, search, web) are imported from here, never from another distribution."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import pytest  # noqa: E402

SAMPLE_DIR = ROOT / "data" / "sample"


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def sample_files() -> list[Path]:
    return sorted(SAMPLE_DIR.iterdir())


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> Path:
    """The sample corpus ingested once, with the real models, into a data directory."""
    from click.testing import CliRunner

    from web.cli import main

    data_dir = tmp_path_factory.mktemp("sample-data")
    result = CliRunner().invoke(main, ["ingest", str(SAMPLE_DIR), "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    return data_dir
