"""The web app: HTML pages, JSON API, SPARQL endpoint and linked-data IRIs, one blueprint each."""

from __future__ import annotations

from flask import Flask, Response, request

from web.settings import Settings

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    # CodeMirror (inside YASGUI) positions its widgets with style attributes
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

# Read-only public data: any site may read it from a browser (no credentials are ever used).
CORS_PREFIXES = ("/api/", "/sparql", "/id/", "/dumps/")


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.path.startswith(CORS_PREFIXES):
        headers.setdefault("Access-Control-Allow-Origin", "*")
        headers.setdefault("Access-Control-Expose-Headers", "X-Councilgraph-Truncated, X-Councilgraph-Row-Limit")
        if request.method == "OPTIONS":  # preflight for POST application/sparql-query from other sites
            headers.setdefault("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            headers.setdefault("Access-Control-Allow-Headers", "Content-Type, Accept")
            headers.setdefault("Access-Control-Max-Age", "86400")
    return response


def create_app(settings: Settings | None = None, *, sparql_workers: int | None = None,
               search_mode: str | None = None) -> Flask:
    """Build the app over the stores in `settings.data_dir` (empty stores when nothing is ingested).

    Args:
        settings: the settings; read from the environment when None.
        sparql_workers: processes evaluating SPARQL queries (each can be killed on timeout);
            default: the setting of that name, else sparql_max_concurrent + 1.
        search_mode: "hybrid" (loads the embedding model at start), "keyword" or "dense";
            default: the setting of that name, else "hybrid".
    """
    from web import api, errors, ld, pages, sparql
    from web.resources import EXTENSION, Resources

    settings = settings or Settings()
    if sparql_workers is None:
        # one more than a single client may hold, so one client's slow queries never block the rest
        sparql_workers = int(getattr(settings, "sparql_workers", settings.sparql_max_concurrent + 1))
    if search_mode is None:
        search_mode = str(getattr(settings, "search_mode", "hybrid"))
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        MAX_FORM_MEMORY_SIZE=settings.max_request_bytes,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keys in the order we build them
    app.jinja_env.autoescape = True  # every template, whatever its name
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    resources = Resources.open(settings, sparql_workers=sparql_workers)
    resources.search_mode = search_mode
    app.extensions[EXTENSION] = resources
    if search_mode != "keyword" and resources.data_dir.sqlite.exists():
        resources.warm_up()  # load the embedding model in the background, not on the first search

    errors.register(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(ld.bp)
    app.after_request(_security_headers)
    return app
