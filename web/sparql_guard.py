"""Screen a SPARQL request before any engine sees it.

Both rdflib and pyoxigraph fetch remote data when asked (SERVICE in a query, LOAD in an update;
rdflib also reads `FROM <file:...>`), so a public endpoint must refuse those before evaluation.
The request is parsed with rdflib's SPARQL parser and the whole parse tree is walked, so a
SERVICE inside a subquery, OPTIONAL, UNION, MINUS or FILTER EXISTS is found as surely as one at
the top. As a second, independent line, the text with its strings, IRIs and comments blanked out
must not contain the keywords SERVICE or LOAD at all: if the two parsers (rdflib's here,
Oxigraph's at evaluation) ever disagree about a query, the disagreement cannot open a connection.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from graph.namespaces import DEFAULT_BASE_IRI


class ForbiddenQuery(Exception):
    """The request is well-formed but not allowed here (update, LOAD, SERVICE, foreign FROM)."""


class QuerySyntaxError(ValueError):
    """The request is not a SPARQL 1.1 query; the message is the parser's."""


@dataclass(frozen=True, slots=True)
class ScreenedQuery:
    """A query that passed the screen: its form and the graphs named in FROM / FROM NAMED."""

    form: str  # SELECT | CONSTRUCT | DESCRIBE | ASK
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()


_FORMS = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE", "AskQuery": "ASK"}

# Strings (long and short), IRIs and comments: blanked before the keyword check.
_LEXICAL = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
)
_KEYWORD = re.compile(r"(?<![\w?$:@\-])(SERVICE|LOAD)(?![\w:\-])", re.IGNORECASE)


def parse_error_message(error: Exception) -> str:
    """A one-line message from a pyparsing error: what was expected, line and column."""
    if isinstance(error, ParseException):
        return f"{error.msg} at line {error.lineno}, column {error.col}: {error.line.strip()[:120]!r}"
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _walk(node: object):  # type: ignore[no-untyped-def]
    """Every CompValue in a parse tree, depth first."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (ParseResults, list, tuple)):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)


def _keyword_check(text: str) -> None:
    blanked = _LEXICAL.sub(lambda m: " " * len(m.group(0)), text)
    found = _KEYWORD.search(blanked)
    if found:
        word = found.group(1).upper()
        raise ForbiddenQuery(
            f"{word} is not allowed: this endpoint only reads its own data and never contacts "
            "another host on behalf of a query"
        )


def screen_query(
    text: str,
    allowed_graphs: Collection[str] | Callable[[str], bool] | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
) -> ScreenedQuery:
    """Parse `text` and refuse anything but a read-only query over this store's own graphs.

    Args:
        text: the SPARQL request as received.
        allowed_graphs: the IRIs FROM / FROM NAMED may name (this store's named graphs), or a
            predicate over IRIs; when None, any IRI under `base_iri` is allowed.
        base_iri: the base of this service's IRIs.

    Raises:
        QuerySyntaxError: not a query (message from the parser).
        ForbiddenQuery: an update, LOAD, SERVICE (any form), or FROM on a foreign graph.
    """
    if not text or not text.strip():
        raise QuerySyntaxError("the query is empty")
    try:
        parsed = parseQuery(text)
    except Exception as query_error:  # pyparsing raises several kinds
        try:
            parseUpdate(text)
        except Exception:
            raise QuerySyntaxError(parse_error_message(query_error)) from None
        raise ForbiddenQuery(
            "updates (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE, ADD) are not allowed: "
            "this endpoint is read-only"
        ) from None

    prologue_node, query_node = parsed[0], parsed[1]
    for node in _walk(query_node):
        if node.name == "ServiceGraphPattern":
            raise ForbiddenQuery(
                "SERVICE is not allowed (including SERVICE SILENT, SERVICE ?variable and SERVICE "
                "inside subqueries): this endpoint never contacts another host on behalf of a query"
            )
    _keyword_check(text)

    try:
        prologue = translatePrologue(prologue_node, None)
    except Exception as error:
        raise QuerySyntaxError(parse_error_message(error)) from None
    if callable(allowed_graphs):
        allowed = allowed_graphs
    elif allowed_graphs is None:
        allowed = lambda iri: iri.startswith(base_iri)  # noqa: E731
    else:
        graph_set = set(allowed_graphs)
        allowed = graph_set.__contains__

    defaults: list[str] = []
    named: list[str] = []
    # (CompValue.get returns the key itself for a missing key: test membership instead)
    clauses = query_node["datasetClause"] if "datasetClause" in query_node else []
    for clause in clauses:
        is_named = "named" in clause
        raw = clause["named"] if is_named else clause["default"]
        try:
            iri = str(prologue.absolutize(raw))
        except Exception as error:
            raise QuerySyntaxError(f"cannot read the FROM clause: {parse_error_message(error)}") from None
        if not allowed(iri):
            raise ForbiddenQuery(
                f"FROM{' NAMED' if is_named else ''} <{iri}> is not allowed: FROM and FROM NAMED may "
                "only name this store's own graphs (one per document, "
                f"<{base_iri}document/...>); leave FROM out to query the union of all of them"
            )
        (named if is_named else defaults).append(iri)
    return ScreenedQuery(_FORMS.get(query_node.name, "SELECT"), tuple(defaults), tuple(named))
