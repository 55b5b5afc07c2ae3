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
