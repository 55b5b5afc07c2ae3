"""The generic package names must come from this repository, and every setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT
from web.settings import Settings


def test_packages_import_from_this_repository():
    import graph
    import nlp
    import search
    import web

    for package in (graph, nlp, search, web):
        location = Path(next(iter(package.__path__))).resolve()
        assert location == ROOT / package.__name__


def test_every_setting_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no description"
        assert f"COUNCILGRAPH_{name.upper()}" in readme, f"setting {name} is not in the README"


def test_readme_has_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^make run$", readme, re.M)
    assert re.search(r"^make test$", readme, re.M)


def test_settings_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COUNCILGRAPH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COUNCILGRAPH_SPARQL_TIMEOUT", "3.5")
    settings = Settings()
    assert settings.data_dir == tmp_path and settings.sparql_timeout == 3.5
