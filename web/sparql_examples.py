"""Curated example queries for the SPARQL page (officers and researchers).

Each runs over the union of the documents' graphs; the prefixes are those of
graph.namespaces. tests/web/test_examples.py runs every one through the endpoint."""

from __future__ import annotations

import re

from graph.namespaces import PREFIXES


def _q(body: str) -> str:
    """The query with PREFIX lines for just the prefixes it uses (short enough to read)."""
    body = body.strip()
    used = [p for p in PREFIXES if re.search(rf"(?<![\w:]){p}:", body)]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used) + "\n" + body + "\n"


EXAMPLES: list[dict[str, str]] = [
    {
        "title": "Who owns which action?",
        "audience": "officer",
        "description": "Every action with its owner (a person, or a post when only the role is named).",
        "query": _q("""
SELECT ?action ?title ?owner ?ownerName WHERE {
  ?action a cg:Action ; cg:owner ?owner .
  OPTIONAL { ?action rdfs:label ?title }
  OPTIONAL { ?owner rdfs:label ?ownerName }
}
ORDER BY ?ownerName ?title
LIMIT 200"""),
    },
    {
        "title": "Off-target indicators with their owners",
        "audience": "officer",
        "description": "Indicator observations whose status says they missed the target (cg:onTarget false).",
        "query": _q("""
SELECT ?indicator ?name ?period ?value ?target ?status ?ownerName WHERE {
  ?obs a qb:Observation ; cg:indicator ?indicator ; cg:onTarget false .
  OPTIONAL { ?indicator rdfs:label ?name }
  OPTIONAL { ?obs cg:period ?period }
  OPTIONAL { ?obs cg:valueText ?value }
  OPTIONAL { ?obs cg:target ?target }
  OPTIONAL { ?obs cg:status ?status }
  OPTIONAL { ?indicator cg:owner/rdfs:label ?ownerName }
}
ORDER BY ?name ?period
LIMIT 200"""),
    },
    {
        "title": "An indicator's values over time",
        "audience": "researcher",
        "description": "All observations of every indicator, period by period, with the target.",
        "query": _q("""
SELECT ?name ?period ?value ?target ?status WHERE {
  ?obs a qb:Observation ; cg:indicator ?indicator .
  ?indicator rdfs:label ?name .
  OPTIONAL { ?obs cg:period ?period }
  OPTIONAL { ?obs cg:periodStart ?start }
  OPTIONAL { ?obs cg:value ?value }
  OPTIONAL { ?obs cg:target ?target }
  OPTIONAL { ?obs cg:status ?status }
}
ORDER BY ?name ?start ?period
LIMIT 500"""),
    },
    {
        "title": "Compare one measure across councils",
        "audience": "researcher",
        "description": "Indicators matched as the same measure at different councils (skos:closeMatch, kept in the "
                       "links graph), each council's figures side by side, period by period. Add "
                       "FILTER(CONTAINS(LCASE(?measure), \"recycl\")) to pick one measure.",
        "query": _q("""
SELECT ?measure ?council ?indicator ?period ?value ?target ?onTarget WHERE {
  # one row per council and period: the measure is named after the first of its linked indicators
  ?first a cg:Indicator ; rdfs:label ?measure .
  FILTER EXISTS { ?first skos:closeMatch ?any }
  FILTER NOT EXISTS { ?first skos:closeMatch ?before FILTER(STR(?before) < STR(?first)) }
  ?first skos:closeMatch? ?each .
  ?each rdfs:label ?indicator .
  GRAPH ?g { ?each a cg:Indicator } ?g dcterms:publisher/rdfs:label ?council .
  OPTIONAL { ?obs cg:indicator ?each .
             OPTIONAL { ?obs cg:period ?period } OPTIONAL { ?obs cg:valueText ?value }
             OPTIONAL { ?obs cg:target ?target } OPTIONAL { ?obs cg:onTarget ?onTarget } }
}
ORDER BY ?measure ?council ?period
LIMIT 500"""),
    },
    {
        "title": "Actions off track, and who owns them",
        "audience": "officer",
        "description": "Actions a report rates off track (cg:onTrack false: red, overdue, delayed), with the status "
                       "as written, due date, owner and the document that says so.",
        "query": _q("""
SELECT ?action ?title ?status ?due ?ownerName ?document WHERE {
  GRAPH ?document { ?action a cg:Action ; cg:onTrack false }
  OPTIONAL { ?action rdfs:label ?title }
  OPTIONAL { ?action cg:status ?status }
  OPTIONAL { ?action cg:dueDate ?due }
  OPTIONAL { ?action cg:owner/rdfs:label ?ownerName }
}
ORDER BY ?due
LIMIT 200"""),
    },
    {
        "title": "Actions due, with status",
        "audience": "officer",
        "description": "Projects, tasks and forward-plan items with their due date, status and owner, soonest first.",
        "query": _q("""
SELECT ?action ?title ?kind ?due ?status ?ownerName WHERE {
  ?action a cg:Action .
  OPTIONAL { ?action rdfs:label ?title }
  OPTIONAL { ?action cg:actionKind ?kind }
  OPTIONAL { ?action cg:dueDate ?due }
  OPTIONAL { ?action cg:status ?status }
  OPTIONAL { ?action cg:owner/rdfs:label ?ownerName }
}
ORDER BY ?due
LIMIT 300"""),
    },
    {
        "title": "Attendance at meetings",
        "audience": "researcher",
        "description": "Who was present at which meeting (schema:attendee), newest first.",
        "query": _q("""
SELECT ?meeting ?meetingName ?date ?person ?name WHERE {
  ?meeting a schema:Event ; schema:attendee ?person .
  OPTIONAL { ?meeting rdfs:label ?meetingName }
  OPTIONAL { ?meeting schema:startDate ?date }
  OPTIONAL { ?person rdfs:label ?name }
}
ORDER BY DESC(?date) ?name
LIMIT 500"""),
    },
    {
        "title": "Apologies sent",
        "audience": "officer",
        "description": "People who sent apologies, and for which meeting.",
        "query": _q("""
SELECT ?name ?meetingName ?date WHERE {
  ?person cg:sentApologies ?meeting .
  OPTIONAL { ?person rdfs:label ?name }
  OPTIONAL { ?meeting rdfs:label ?meetingName }
  OPTIONAL { ?meeting schema:startDate ?date }
}
ORDER BY DESC(?date) ?name"""),
    },
    {
        "title": "Committee members",
        "audience": "researcher",
        "description": "Members of each committee, cabinet or board (org:memberOf), by body.",
        "query": _q("""
SELECT ?body ?bodyName ?person ?name WHERE {
  ?person org:memberOf ?body .
  OPTIONAL { ?body rdfs:label ?bodyName }
  OPTIONAL { ?person rdfs:label ?name }
}
ORDER BY ?bodyName ?name
LIMIT 500"""),
    },
    {
        "title": "Everything about a person",
        "audience": "officer",
        "description": "Every statement whose subject or object is a person whose name contains the text in the FILTER; edit it.",
        "query": _q("""
SELECT ?person ?name ?direction ?property ?other ?otherLabel WHERE {
  ?person a foaf:Person ; rdfs:label ?name .
  FILTER(CONTAINS(LCASE(?name), "smith"))
  { ?person ?property ?other . BIND("out" AS ?direction) }
  UNION
  { ?other ?property ?person . BIND("in" AS ?direction) }
  OPTIONAL { ?other rdfs:label ?otherLabel }
}
LIMIT 300"""),
    },
    {
        "title": "People and their roles",
        "audience": "researcher",
        "description": "Councillors and officers with any post, portfolio or job title the documents give.",
        "query": _q("""
SELECT ?person ?name ?role WHERE {
  ?person a foaf:Person ; rdfs:label ?name .
  OPTIONAL {
    { ?person org:holds/rdfs:label ?role } UNION { ?person schema:jobTitle ?role }
    UNION { ?person cg:portfolio ?role } UNION { ?m org:member ?person ; rdfs:label ?role }
  }
}
ORDER BY ?name
LIMIT 500"""),
    },
    {
        "title": "Documents by council and type",
        "audience": "researcher",
        "description": "How many documents of each type each council has in the store.",
        "query": _q("""
SELECT ?councilName ?type (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
  ?doc a foaf:Document ; dcterms:publisher ?council ; dcterms:type/rdfs:label ?type .
  ?council rdfs:label ?councilName .
}
GROUP BY ?councilName ?type
ORDER BY ?councilName ?type"""),
    },
    {
        "title": "Meetings by date",
        "audience": "officer",
        "description": "Meetings named in the documents, with the body that held them.",
        "query": _q("""
SELECT ?meeting ?name ?date ?bodyName WHERE {
  ?meeting a schema:Event .
  OPTIONAL { ?meeting rdfs:label ?name }
  OPTIONAL { ?meeting schema:startDate ?date }
  OPTIONAL { ?meeting schema:organizer/rdfs:label ?bodyName }
}
ORDER BY DESC(?date)
LIMIT 300"""),
    },
    {
        "title": "Policies and strategies named",
        "audience": "researcher",
        "description": "Policies, strategies and plans, with the number of documents naming each.",
        "query": _q("""
SELECT ?policy ?name (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
  ?policy a cg:Policy ; rdfs:label ?name .
  OPTIONAL { ?mention itsrdf:taIdentRef ?policy ; nif:referenceContext ?doc . }
}
GROUP BY ?policy ?name
ORDER BY DESC(?documents) ?name
LIMIT 200"""),
    },
    {
        "title": "Where a fact came from",
        "audience": "researcher",
        "description": "Each relation with the document and the character span (NIF) of the sentence or row it was read from.",
        "query": _q("""
SELECT ?subjectLabel ?predicate ?objectLabel ?doc ?begin ?end WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?predicate ; rdf:object ?o ;
      cg:evidence ?span .
  ?span nif:referenceContext ?doc ; nif:beginIndex ?begin ; nif:endIndex ?end .
  OPTIONAL { ?s rdfs:label ?subjectLabel }
  OPTIONAL { ?o rdfs:label ?objectLabel }
}
ORDER BY ?doc ?begin
LIMIT 200"""),
    },
    {
        "title": "Which graph says what",
        "audience": "researcher",
        "description": "Triples per document graph: each document's facts live in its own named graph.",
        "query": _q("""
SELECT ?graph ?title (COUNT(*) AS ?triples) WHERE {
  GRAPH ?graph { ?s ?p ?o }
  OPTIONAL { ?graph dcterms:title ?title }
}
GROUP BY ?graph ?title
ORDER BY DESC(?triples)"""),
    },
    {
        "title": "Describe one council",
        "audience": "researcher",
        "description": "A CONSTRUCT: the councils and everything said about them, as RDF.",
        "query": _q("""
CONSTRUCT { ?council ?p ?o } WHERE {
  ?council a org:FormalOrganization ; ?p ?o .
}
LIMIT 500"""),
    },
]
