"""HTML pages (placeholder while the real pages are written)."""
from __future__ import annotations
from flask import Blueprint
bp = Blueprint("pages", __name__)
@bp.get("/query")
def sparql_page() -> str:
    return "sparql"
