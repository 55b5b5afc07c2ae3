"""The OpenAPI 3.1 description of the JSON API and the SPARQL endpoint."""

from __future__ import annotations


def filter_params() -> list[dict]:
    """The filters /api/search and /api/similar share (search.filters.Filters)."""
    return [
        _param("council", "Council name or id"),
        _param("type", "Document type (agenda, minutes, report, ...)"),
        _param("from", "Earliest document date (ISO)", {"type": "string", "format": "date"}),
        _param("to", "Latest document date (ISO; a bare year means its last day)",
               {"type": "string", "format": "date"}),
        _param("entity", "Only passages mentioning this entity IRI"),
    ]


def _param(name: str, description: str, schema: dict | None = None, where: str = "query",
           required: bool = False) -> dict:
    return {"name": name, "in": where, "required": required, "description": description,
            "schema": schema or {"type": "string"}}


ERROR = {"$ref": "#/components/responses/Error"}


def spec(server: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "councilgraph API",
            "version": "0.1.0",
            "description": "Semantic search and a knowledge graph over UK local-council documents. "
                           "Every error has the shape {\"error\": {\"status\", \"title\", \"detail\"}}.",
        },
        "servers": [{"url": server}],
        "paths": {
            "/api/search": {"get": {
                "summary": "Search passages (hybrid keyword + semantic), with filters",
                "parameters": [
                    _param("q", "Question or keywords; empty browses the newest passages"),
                    _param("k", "Number of results (1-100)", {"type": "integer", "default": 10}),
                    *filter_params(),
                    _param("mode", "hybrid, keyword or dense", {"type": "string", "enum": ["hybrid", "keyword", "dense"]}),
                    _param("format", "json (default) or csv (a spreadsheet of the results, one row per passage)",
                           {"type": "string", "enum": ["json", "csv"]}),
                ],
                "responses": {"200": {"description": "Ranked passages", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {
                        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "entities": {"type": "array", "items": {"$ref": "#/components/schemas/EntityRef"}}}}}}},
                              "400": ERROR},
            }},
            "/api/similar": {"get": {
                "summary": "Passages like a given one (its stored vector as the query), by default from other documents",
                "parameters": [
                    _param("passage", "The passage id (passage_id of a search result)", required=True),
                    _param("k", "Number of results (1-100)", {"type": "integer", "default": 10}),
                    *filter_params(),
                    _param("same_document", "1 to include the passage's own document", {"type": "boolean", "default": False}),
                    _param("format", "json (default) or csv", {"type": "string", "enum": ["json", "csv"]}),
                ],
                "responses": {"200": {"description": "Passages by cosine to the given one", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {
                        "passage": {"type": "string"},
                        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}}}}}}},
                              "400": ERROR, "404": ERROR, "409": ERROR},
            }},
            "/api/entities": {"get": {
                "summary": "List entities, by class and council",
                "parameters": [_param("type", "Kind (action, indicator, councillor, person, meeting, post, ...), class IRI or prefixed name (cg:Indicator)"),
                               _param("council", "Council IRI: entities named in its documents"),
                               _param("q", "Text the label contains"),
                               _param("limit", "Page size (1-1000)", {"type": "integer", "default": 100}),
                               _param("offset", "Offset", {"type": "integer", "default": 0})],
                "responses": {"200": {"description": "Entities", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"entities": {"type": "array", "items": {"type": "object"}},
                                                     "total": {"type": "integer"}}}}}}, "400": ERROR},
            }},
            "/api/entities/{path}": {"get": {
                "summary": "One entity by the path of its IRI after the base (e.g. person/west-norfolk/jo-rust)",
                "parameters": [_param("path", "IRI path after the base IRI", where="path", required=True)],
                "responses": {"200": {"description": "The entity with its facts, each with its evidence",
                                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Entity"}}}},
                              "404": ERROR},
            }},
            "/api/entity": {"get": {
                "summary": "One entity by full IRI",
                "parameters": [_param("iri", "The entity IRI", required=True)],
                "responses": {"200": {"description": "The entity", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Entity"}}}}, "404": ERROR},
            }},
            "/api/documents": {"get": {
                "summary": "All documents (metadata)",
                "responses": {"200": {"description": "Documents", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"documents": {"type": "array", "items": {"type": "object"}}}}}}}},
            }},
            "/api/documents/{id}": {"get": {
                "summary": "One document: metadata, full text and passages",
                "parameters": [_param("id", "Document id", where="path", required=True)],
                "responses": {"200": {"description": "The document", "content": {"application/json": {
                    "schema": {"type": "object"}}}}, "404": ERROR},
            }},
            "/sparql": {"get": {
                "summary": "SPARQL 1.1 Protocol query (read-only); no query: service description",
                "parameters": [_param("query", "A SPARQL 1.1 query"),
                               _param("default-graph-uri", "A graph of this store"),
                               _param("named-graph-uri", "A graph of this store"),
                               _param("format", "json, xml, csv, tsv; turtle, nt, jsonld, rdfxml")],
                "responses": {"200": {"description": "Results; header X-Councilgraph-Truncated says if the row cap cut them"},
                              "400": ERROR, "406": ERROR, "429": ERROR, "503": ERROR},
            }, "post": {
                "summary": "SPARQL query as a form (query=) or as application/sparql-query",
                "requestBody": {"content": {
                    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"query": {"type": "string"}}}},
                    "application/sparql-query": {"schema": {"type": "string"}}}},
                "responses": {"200": {"description": "Results"}, "400": ERROR, "429": ERROR, "503": ERROR},
            }},
        },
        "components": {
            "schemas": {
                "EntityRef": {"type": "object", "properties": {
                    "iri": {"type": "string"}, "label": {"type": "string"}, "type": {"type": "string"},
                    "url": {"type": "string"}}},
                "Hit": {"type": "object", "properties": {
                    "document": {"type": "string"}, "document_id": {"type": "string"}, "passage_id": {"type": "string"},
                    "title": {"type": "string"}, "council": {"type": ["string", "null"]}, "type": {"type": "string"},
                    "date": {"type": ["string", "null"]}, "page": {"type": "integer"}, "start": {"type": "integer"},
                    "end": {"type": "integer"}, "section": {"type": "string"}, "text": {"type": "string"},
                    "snippet": {"type": "string", "description": "HTML-escaped text with <mark> around matched words"},
                    "score": {"type": "number"}, "url": {"type": "string"},
                    "entities": {"type": "array", "items": {"$ref": "#/components/schemas/EntityRef"}}}},
                "Entity": {"type": "object", "properties": {
                    "iri": {"type": "string"}, "label": {"type": "string"}, "kind": {"type": "string"},
                    "types": {"type": "array", "items": {"type": "string"}},
                    "facts": {"type": "array", "items": {"type": "object"}},
                    "mentions": {"type": "array", "items": {"type": "object"}},
                    "observations": {"type": "array", "items": {"type": "object"}}}},
                "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                    "status": {"type": "integer"}, "title": {"type": "string"}, "detail": {"type": "string"}}}}},
            },
            "responses": {"Error": {"description": "An error", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Error"}}}}},
        },
    }
