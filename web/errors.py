"""One error shape everywhere: `{"error": {"status", "title", "detail"}}`.

Browsers asking for a page get the same three fields rendered as HTML; everything else
(the API, the SPARQL endpoint, linked data, scripts) gets the JSON."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class ApiError(HTTPException):
    """An HTTP error with a detail a person can act on; raise it from any view."""

    def __init__(self, status: int, detail: str, title: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(description=detail)
        self.code = status
        self.title = title
        self.extra_headers = headers or {}


def error_body(status: int, title: str, detail: str) -> dict:
    return {"error": {"status": status, "title": title, "detail": detail}}


def wants_html() -> bool:
    """A browser asking for a page (not the API, SPARQL endpoint or a dump)."""
    accept = request.accept_mimetypes
    if request.path.startswith("/sparql"):
        # a browser's form (the no-JavaScript SPARQL page, a typed URL) gets its error as a page;
        # SPARQL clients ask for result types or */*, and get the JSON
        return all(accept["text/html"] > accept[media] for media in
                   ("application/sparql-results+json", "application/json", "text/turtle"))
    if request.path.startswith(("/api/", "/dumps/")):
        return False
    if request.args.get("format") == "json":
        return False
    best = accept.best_match(["application/json", "text/html"])
    return best == "text/html" and accept["text/html"] > accept["application/json"]


def error_response(status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> Response:
    if wants_html():
        response = Response(
            render_template("error.html", status=status, title=title, detail=detail), status=status,
            mimetype="text/html",
        )
    else:
        response = jsonify(error_body(status, title, detail))
        response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def handle_http(error: HTTPException) -> Response:
    status = error.code or 500
    title = getattr(error, "title", None) or error.name
    detail = error.description or title
    headers = dict(getattr(error, "extra_headers", {}) or {})
    if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
        headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
    return error_response(status, title, detail, headers)


def handle_unexpected(error: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "Internal Server Error",
                          "something went wrong on our side; the error was logged")


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
