"""Server-rendered pages and their JSON twins, over the synthetic data directory."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web.conftest import ACTION, INDICATOR, MEETING, MINUTES, OWNER_SENTENCE, PERSON, REPORT

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
MINUTES_ID = "example-2024-07-01-cabinet-minutes"
REPORT_ID = "example-2024-11-05-performance-report"


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, dict]] = []
        self.scripts: list[dict] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "a" and "href" in attributes:
            self.links.append((attributes["href"], attributes))
        if tag == "script":
            self.scripts.append(attributes)
        if "id" in attributes:
            self.ids.append(attributes["id"])


def parse(html: bytes) -> Links:
    parser = Links()
    parser.feed(html.decode())
    return parser


def get_json(client, url: str) -> dict:  # noqa: ANN001
    r = client.get(url, headers={"Accept": "application/json"})
    assert r.status_code == 200, r.data
    assert r.mimetype == "application/json"
    return json.loads(r.data)


# -- search ---------------------------------------------------------------------------------


def test_search_page_finds_highlights_and_links(client) -> None:  # noqa: ANN001
    r = client.get("/?q=recycling+target", headers=HTML)
    assert r.status_code == 200
    page = r.data.decode()
    assert "<mark>" in page
    links = parse(r.data)
    hits = [href for href, attrs in links.links if href.startswith("/documents/")]
    assert hits, "each hit links to its document"
    assert any(href.startswith("/id/person/example/jane-smith") for href, _ in links.links), "entity links"
    # every script is a file from this server: no inline script, no CDN
    assert all(s.get("src", "").startswith("/static/") for s in links.scripts)


def test_search_json_twin_has_the_same_results(client) -> None:  # noqa: ANN001
    data = get_json(client, "/?q=recycling")
    also = json.loads(client.get("/?q=recycling&format=json").data)
    assert data == also
    assert data["total"] == len({(h["document_id"], h["passage_id"]) for h in data["results"]}) > 0
    assert all("recycl" in h["text"].lower() for h in data["results"])
    assert {f["value"] for f in data["facets"]["type"]} <= {"minutes", "performance report"}


def test_facets_count_and_filter(client) -> None:  # noqa: ANN001
    data = get_json(client, "/?q=recycling")
    types = {f["value"]: f["count"] for f in data["facets"]["type"]}
    assert set(types) == {"minutes", "performance report"}
    assert sum(types.values()) == data["total"]
    only = get_json(client, "/?q=recycling&type=minutes")
    assert only["total"] == types["minutes"]
    assert {h["type"] for h in only["results"]} == {"minutes"}
    years = {f["value"]: f["count"] for f in data["facets"]["year"]}
    assert years == {"2024": data["total"]}
    assert get_json(client, "/?q=recycling&year=2023")["total"] == 0


def test_facet_links_keep_the_whole_state_in_the_url(client) -> None:  # noqa: ANN001
    r = client.get("/?q=recycling&sort=date", headers=HTML)
    facet_links = [href for href, _ in parse(r.data).links if "type=" in href]
    assert facet_links
    state = parse_qs(urlsplit(facet_links[0]).query)
    assert state["q"] == ["recycling"] and state["sort"] == ["date"] and "type" in state


def test_sort_by_date(client) -> None:  # noqa: ANN001
    data = get_json(client, "/?q=recycling&sort=date")
    dates = [h["date"] for h in data["results"]]
    assert dates == sorted(dates, reverse=True)


def test_pagination(client) -> None:  # noqa: ANN001
    from web.pages import PAGE_SIZE

    everything = get_json(client, "/?type=minutes")  # a filter alone browses
    assert everything["total"] >= 1
    assert len(everything["results"]) == min(PAGE_SIZE, everything["total"])
    beyond = get_json(client, f"/?type=minutes&page={everything['pages'] + 1}")
    assert beyond["results"] == []


def test_document_text_is_escaped(client) -> None:  # noqa: ANN001
    # Nothing from a document or a query reaches the page unescaped
    r = client.get("/?q=<script>alert(1)</script>", headers=HTML)
    assert b"<script>alert(1)</script>" not in r.data
    assert b"&lt;script&gt;" in r.data


# -- documents ----------------------------------------------------------------------------------


def test_document_page_highlights_the_hit_and_links_mentions(client) -> None:  # noqa: ANN001
    data = get_json(client, "/?q=recycling&type=minutes")
    hit = data["results"][0]
    r = client.get(hit["url"].split("#")[0], headers=HTML)
    assert r.status_code == 200
    page = parse(r.data)
    fragment = hit["url"].split("#")[1]
    assert fragment in page.ids, "the #fragment of a hit exists in its document"
    assert "hit" in page.ids
    marked = re.search(r'<mark class="hit" id="hit">(.*?)</mark>', r.data.decode(), re.S)
    assert marked and "recycling" in marked.group(1)
    mention_links = [href for href, attrs in page.links if attrs.get("class") == "mention"]
    assert "/id/person/example/jane-smith" in mention_links
    assert "/id/person/example/omar-patel" in mention_links
    assert any(href == f"/files/{MINUTES_ID}" for href, _ in page.links)


def test_document_json_twin_and_original_file(client) -> None:  # noqa: ANN001
    data = get_json(client, f"/documents/{MINUTES_ID}?passage=1")
    assert data["text"] == MINUTES
    assert data["hit"]["start"] == data["passages"][1]["start"]
    mention = next(m for m in data["mentions"] if m["iri"] == str(PERSON))
    assert MINUTES[mention["start"]:mention["end"]] == "Jane Smith"
    with client.get(f"/files/{MINUTES_ID}") as original:
        assert original.status_code == 200 and original.data.decode() == MINUTES


def test_unknown_document_is_a_404_in_both_shapes(client) -> None:  # noqa: ANN001
    r = client.get("/documents/nope", headers=HTML)
    assert r.status_code == 404 and r.mimetype == "text/html"
    j = client.get("/documents/nope", headers={"Accept": "application/json"})
    assert j.status_code == 404
    assert json.loads(j.data)["error"]["status"] == 404


# -- entities -----------------------------------------------------------------------------------


def test_entity_page_facts_with_evidence(client) -> None:  # noqa: ANN001
    data = get_json(client, "/id/indicator/example/recycling-rate")
    assert data["iri"] == str(INDICATOR)
    owner = next(f for f in data["facts"] if f["predicate"].endswith("#owner"))
    assert owner["object"]["iri"] == str(PERSON)
    evidence = owner["evidence"]
    assert evidence["document"] == REPORT_ID
    assert REPORT[evidence["start"]:evidence["end"]] == OWNER_SENTENCE
    # the provenance machinery is not shown as facts
    assert not any(f["predicate"].endswith(("#subject", "#object", "taIdentRef")) for f in data["facts"])


def test_indicator_observations_table_and_chart(client) -> None:  # noqa: ANN001
    data = get_json(client, "/id/indicator/example/recycling-rate")
    periods = [(o["period"], o["value"], o["status"]) for o in data["observations"]]
    assert periods == [("2023/24 Q4", "44", "Red"), ("2024/25 Q1", "41", "Red")] or \
        [p for p, _, _ in periods] == ["2023/24 Q4", "2024/25 Q1"]
    r = client.get("/id/indicator/example/recycling-rate", headers=HTML)
    page = r.data.decode()
    assert '<svg class="chart"' in page
    assert page.count('class="point"') == 2
    assert 'class="target"' in page and "target 50" in page


def test_person_page_shows_incoming_facts(client) -> None:  # noqa: ANN001
    data = get_json(client, "/id/person/example/jane-smith")
    incoming = [f for f in data["facts"] if f["incoming"]]
    assert any(f["subject"]["iri"] == str(INDICATOR) for f in incoming), "owns the indicator"
    assert {m["document"] for m in data["mentions"]} == {MINUTES_ID}
    html = client.get("/id/person/example/jane-smith", headers=HTML)
    assert b"Neighbourhood" in html.data
    assert any(href == "/id/indicator/example/recycling-rate" for href, _ in parse(html.data).links)


def test_unknown_entity_is_404(client) -> None:  # noqa: ANN001
    assert client.get("/id/person/example/nobody", headers=HTML).status_code == 404


# -- browse, vocabulary, SPARQL page -----------------------------------------------------------


def test_browse_by_kind_and_council(client) -> None:  # noqa: ANN001
    data = get_json(client, "/browse")
    kinds = {t["label"]: t["count"] for t in data["types"]}
    assert any(t["iri"].endswith("#Indicator") for t in data["types"])
    people = get_json(client, "/browse?class=http://xmlns.com/foaf/0.1/Person")
    assert {e["label"] for e in people["entities"]} == {"Jane Smith", "Omar Patel"}
    council = data["councils"][0]["iri"]
    in_council = get_json(client, f"/browse?class=http://xmlns.com/foaf/0.1/Person&council={council}")
    assert in_council["total"] == 2
    named = get_json(client, "/browse?q=omar")
    assert [e["label"] for e in named["entities"]] == ["Omar Patel"]
    assert kinds


def test_vocabulary_page_lists_the_ontology(client) -> None:  # noqa: ANN001
    from web.graphdata import ONTOLOGY

    data = get_json(client, "/vocabulary")
    if not ONTOLOGY.exists():
        pytest.skip("graph/ontology.ttl not written yet")
    names = {t["name"] for t in data["classes"]}
    assert "cg:Indicator" in names and "cg:Action" in names
    assert all(t["comment"] or t["label"] for t in data["classes"])
    with client.get("/vocabulary/ontology.ttl") as ttl:
        assert ttl.mimetype == "text/turtle"


def test_sparql_page_has_editor_and_examples(client) -> None:  # noqa: ANN001
    from web.sparql_examples import EXAMPLES

    r = client.get("/query", headers=HTML)
    page = parse(r.data)
    assert "yasgui" in page.ids
    assert any(s.get("src", "").endswith("vendor/yasgui/yasgui.min.js") for s in page.scripts)
    with client.get("/static/vendor/yasgui/yasgui.min.js") as script:
        assert script.status_code == 200
    assert r.data.decode().count('class="example"') == len(EXAMPLES) >= 12


@pytest.mark.parametrize("url", ["/", "/documents", "/browse", "/vocabulary", "/query", "/about",
                                 f"/documents/{MINUTES_ID}", "/id/person/example/jane-smith"])
def test_every_page_has_a_json_twin(client, url: str) -> None:  # noqa: ANN001
    html = client.get(url, headers=HTML)
    assert html.status_code == 200 and html.mimetype == "text/html"
    assert "default-src 'self'" in html.headers["Content-Security-Policy"]
    assert html.headers["X-Frame-Options"] == "DENY"
    twin = client.get(url + ("&" if "?" in url else "?") + "format=json")
    assert twin.status_code == 200 and twin.mimetype == "application/json"
    assert isinstance(json.loads(twin.data), dict)


def table(data: dict, title: str) -> list[list[str]]:
    found = [t for t in data["tables"] if t["title"] == title]
    assert found, f"no {title} table"
    return [[cell["text"] for cell in row] for row in found[0]["rows"]]


def test_kind_specific_tables_from_the_named_queries(client) -> None:  # noqa: ANN001
    from web.graphdata import QUERIES

    if not (QUERIES / "meeting-attendance.rq").exists():
        pytest.skip("graph/queries not written yet")
    meeting = get_json(client, "/id/meeting/example/cabinet/2024-07-01")
    assert meeting["iri"] == str(MEETING)
    assert sorted(table(meeting, "Attendance")) == [["Jane Smith", "present"], ["Omar Patel", "present"]]
    body = get_json(client, "/id/body/example/cabinet")
    assert table(body, "Members") == [["Jane Smith", "chair", ""]]
    person = get_json(client, "/id/person/example/jane-smith")
    actions = next(t for t in person["tables"] if t["title"] == "Actions owned")
    assert actions["rows"][0][0] == {"text": "Report back on recycling targets",
                                     "url": "/id/action/example/report-back-on-recycling-targets"}
    assert [c["text"] for c in actions["rows"][0][2:4]] == ["Amber", "2024-09-30"]
    html = client.get("/id/person/example/jane-smith", headers=HTML).data.decode()
    assert 'data-query="actions-by-owner"' in html and str(ACTION).split("/id")[1] in html


@pytest.mark.parametrize("url", ['/browse?q="%5C%0D%0A}', "/browse?class=<x>", "/id/person/%3E%20DROP",
                                 "/entity?iri=urn:x%20y", "/browse?council=nope", "/?q=%22%7D%20SERVICE"])
def test_hostile_input_never_breaks_a_page(client, url: str) -> None:  # noqa: ANN001
    r = client.get(url, headers={"Accept": "application/json"})
    assert r.status_code in (200, 400, 404), (url, r.data)
    assert r.mimetype == "application/json"


def test_browse_details_show_status_owner_and_dates(client) -> None:  # noqa: ANN001
    indicators = get_json(client, "/browse?class=https://councilgraph.org/ns%23Indicator")["entities"]
    details = {d["property"]: d["value"] for d in indicators[0]["details"]}
    assert details["latest status"] == "Red (2024/25 Q1): 41% against 50%"  # the newer of the two observations, its figures
    assert details["owner"] == "Jane Smith"
    actions = get_json(client, "/browse?class=https://councilgraph.org/ns%23Action")["entities"]
    details = {d["property"]: d["value"] for d in actions[0]["details"]}
    assert details["status"] == "Amber" and details["owner"] == "Jane Smith"


def test_templates_never_bypass_escaping_or_inline_scripts() -> None:
    from pathlib import Path

    import web

    folder = Path(web.__file__).parent / "templates"
    for template in folder.glob("*.html"):
        text = template.read_text()
        assert "|safe" not in text and "Markup" not in text, template.name
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), f"inline script in {template.name}"
        assert not re.search(r"\son[a-z]+\s*=", text), f"inline event handler in {template.name}"


def test_a_filter_with_no_hits_says_so(client) -> None:  # noqa: ANN001
    r = client.get("/?type=budget", headers=HTML)
    assert b"Nothing found" in r.data
    assert get_json(client, "/?type=budget")["total"] == 0
    assert b"Nothing found" not in client.get("/", headers=HTML).data  # the home page is not a search


def test_a_chart_joins_one_kind_of_period() -> None:
    from web.graphdata import period_span
    from web.pages import chart_observations

    assert [period_span(*p) for p in (("2024-04-01", "2024-06-30"), ("2024-04-01", "2025-03-31"),
                                      ("2024-04-01", "2024-12-31"), ("2024-06-01", "2024-06-30"), ("2024-04-01", ""))] == \
        ["quarter", "year", "other", "month", "other"]
    # a year to date and the annual figure start on 1 April with Q1: the line keeps to the quarters
    observations = [{"period": "2024/25 Q1", "value": "41%", "span": "quarter"},
                    {"period": "2024/25 YTD to Sep", "value": "43%", "span": "other"},
                    {"period": "2024/25", "value": "45%", "span": "year"},
                    {"period": "2024/25 Q2", "value": "44%", "span": "quarter"},
                    {"period": "2024/25 Q3", "value": "n/a", "span": "quarter"}]
    assert [o["period"] for o in chart_observations(observations)] == ["2024/25 Q1", "2024/25 Q2"]
    assert [o["period"] for o in chart_observations(observations[1:3])] == ["2024/25"]  # a tie: the year beats "other"
    assert chart_observations([{"period": "x", "value": "none", "span": "year"}]) == []
