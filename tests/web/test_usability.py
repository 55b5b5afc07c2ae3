"""What a person reading the pages needs, beyond the data being right: a heading and a way past
the menu on every page, tables without empty columns or codes, lists that say when they are
empty, links that work, labels instead of file names. Over the synthetic data directory."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.web.conftest import ACTION, BODY, INDICATOR, PERSON
from tests.web.test_pages import HTML, REPORT_ID, parse
from web.charts import LINE_CHARS, NEIGHBOURHOOD_HEIGHT, NEIGHBOURHOOD_WIDTH, neighbourhood, wrap_label
from web.rendering import code_words

CG = "https://councilgraph.org/ns#"


def path(iri) -> str:  # noqa: ANN001
    return str(iri).replace("https://councilgraph.org", "")


def html(client, url: str, status: int = 200) -> str:  # noqa: ANN001
    r = client.get(url, headers=HTML)
    assert r.status_code == status, (url, r.status_code)
    assert r.mimetype == "text/html"
    return r.data.decode()


PAGES = ["/", "/?q=recycling", "/browse", "/documents", "/documents/" + REPORT_ID, "/query", "/vocabulary",
         "/about", path(PERSON), path(INDICATOR), path(BODY)]


@pytest.mark.parametrize(("url", "status"), [(url, 200) for url in PAGES] + [("/no/such/page", 404),
                                                                               ("/id/person/nobody", 404)])
def test_every_page_has_one_heading_and_a_skip_link(client, url: str, status: int) -> None:  # noqa: ANN001
    page = html(client, url, status)
    assert len(re.findall(r"<h1[\s>]", page)) == 1, "one h1 names the page"
    links = parse(page.encode())
    assert links.links[0][0] == "#main", "the first link skips the menu"
    assert "main" in links.ids
    assert re.search(r"<title>[^<]*\S[^<]* · councilgraph</title>", page)


def test_the_menu_marks_the_current_page(client) -> None:  # noqa: ANN001
    page = html(client, "/browse")
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', page)
    assert current == ["/browse"]


def test_search_results_have_a_heading_and_do_not_steal_focus(client) -> None:  # noqa: ANN001
    page = html(client, "/?q=recycling")
    assert re.search(r'<h1 class="visually-hidden">Search results for recycling</h1>', page)
    assert "autofocus" not in page  # a screen reader starts at the results, not back in the box
    assert "autofocus" in html(client, "/")


def test_a_full_candidate_list_is_called_the_best_matches(client, monkeypatch) -> None:  # noqa: ANN001
    import web.pages

    total = json.loads(client.get("/?q=recycling&format=json").data)["total"]
    assert total >= 2
    page = html(client, "/?q=recycling")
    assert f"{total} passages" in page and "best-matching" not in page
    monkeypatch.setattr(web.pages, "CANDIDATES", 2)
    page = html(client, "/?q=recycling")
    assert "The 2 best-matching passages" in page


def test_browse_says_what_it_lists_and_when_nothing_matches(client) -> None:  # noqa: ANN001
    url = f"/browse?class={quote(CG + 'Action')}&status=missed"
    assert json.loads(client.get(url + "&format=json").data)["total"] == 0  # the action is Amber
    page = html(client, url)
    assert re.search(r"<title>Action — missed target / off track · Browse", page)
    assert "<table" not in page, "no table of headings over no rows"
    assert "Nothing matches" in page
    assert f'href="/browse?class={quote(CG + "Action", safe="")}"' in page  # the way back to every action


def test_browse_shows_the_council_unless_one_is_chosen(client) -> None:  # noqa: ANN001
    page = html(client, f"/browse?class={quote(CG + 'Meeting')}")
    assert "<th scope=\"col\">Council</th>" in page and "<td>Example Borough Council</td>" in page
    assert "<th scope=\"col\">Kind</th>" not in page  # one kind chosen: the column would repeat it
    council = json.loads(client.get("/browse?format=json").data)["councils"][0]["iri"]
    page = html(client, f"/browse?class={quote(CG + 'Meeting')}&council={quote(council)}")
    assert "<th scope=\"col\">Council</th>" not in page
    # the JSON twin keeps its shape
    item = json.loads(client.get(f"/browse?class={quote(CG + 'Meeting')}&format=json").data)["entities"][0]
    assert set(item) == {"iri", "label", "types", "kind", "url", "details"}


def test_entity_tables_drop_empty_columns_and_keep_dates_whole(client) -> None:  # noqa: ANN001
    data = json.loads(client.get(path(PERSON) + "?format=json").data)
    table = next(t for t in data["tables"] if t["query"] == "actions-by-owner")
    assert "Through post" in table["columns"]  # the JSON keeps every column
    page = html(client, path(PERSON))
    section = page[page.index('data-query="actions-by-owner"'):]
    section = section[:section.index("</section>")]
    headings = re.findall(r"<th[^>]*>([^<]+)</th>", section)
    assert headings[0] == "Action" and "Due" in headings
    assert "Through post" not in headings, "a column with no value in any row is not shown"
    assert '<td class="date">2024-09-30</td>' in section


def test_observations_name_their_report_and_the_chart_its_target(client) -> None:  # noqa: ANN001
    page = html(client, path(INDICATOR))
    section = page[page.index('class="observations"'):]
    assert f'href="/documents/{REPORT_ID}">Q1 performance report</a>' in section
    assert ">target 50<" in section and "50.0" not in section


def test_memberships_listed_by_the_members_table_are_not_listed_again(client) -> None:  # noqa: ANN001
    data = json.loads(client.get(path(BODY) + "?format=json").data)
    assert any(f["predicate"] == "http://www.w3.org/ns/org#organization" for f in data["facts"])
    page = html(client, path(BODY))
    assert 'data-query="body-members"' in page
    facts = page[page.index('class="facts"'):page.index("</section>", page.index('class="facts"'))]
    assert "<dt>memberships</dt>" not in facts


def test_source_links_say_what_they_are_the_source_of(client) -> None:  # noqa: ANN001
    page = html(client, path(INDICATOR))
    labels = re.findall(r'<a class="evidence"[^>]*aria-label="([^"]+)"', page)
    assert labels and all(label.startswith("source of “") and ": " in label for label in labels)
    assert any("Jane Smith" in label for label in labels)


def test_every_sparql_example_download_works(client) -> None:  # noqa: ANN001
    page = html(client, "/query")
    downloads = [href for href, attrs in parse(page.encode()).links if "download=1" in href]
    assert len(downloads) == page.count('class="example"') > 0
    for href in downloads:
        r = client.get(href.replace("&amp;", "&"))
        assert r.status_code == 200, (href, r.data[:200])
    assert any("format=turtle" in href for href in downloads)  # the CONSTRUCT example: a graph, not CSV


def test_the_action_page_writes_codes_as_words() -> None:
    assert code_words("forward_plan_item") == "forward plan item"
    assert code_words("HOT021a") == "HOT021a"
    assert code_words("2024-09-30") == "2024-09-30"
    assert code_words("Red") == "Red"
    assert code_words(3) == 3


def test_an_action_kind_is_shown_in_words(client, app) -> None:  # noqa: ANN001
    # the template runs values through code_words: check it is registered and used
    assert app.jinja_env.filters["code_words"] is code_words
    page = html(client, path(ACTION))
    assert "_" not in re.sub(r"<[^>]+>", "", page[page.index('class="facts"'):page.index("</section>")])


@given(st.lists(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x24F), max_size=80), max_size=14))
def test_neighbourhood_labels_stay_in_the_picture(labels: list[str]) -> None:
    nodes = neighbourhood([(label, f"/x/{i}", "edge") for i, label in enumerate(labels)])
    char = 6.6  # px per character at 11px, generously
    for node in nodes:
        assert len(node.lines) <= 3
        assert all(len(line) <= LINE_CHARS + 1 for line in node.lines)  # +1: the ellipsis
        width = max((len(line) for line in node.lines), default=0) * char
        left = {"start": node.label_x, "end": node.label_x - width, "middle": node.label_x - width / 2}[node.anchor]
        assert 0 <= left and left + width <= NEIGHBOURHOOD_WIDTH, (node.lines, node.anchor, node.label_x)
        assert 10 <= node.label_y and node.label_y + 13 * (len(node.lines) - 1) <= NEIGHBOURHOOD_HEIGHT


def test_a_long_series_of_titles_stays_distinguishable() -> None:
    titles = [f"Revenue and capital budget monitoring 2018/19 - Period {n}" for n in (3, 5, 7, 9)]
    assert len({wrap_label(t) for t in titles}) == 4
    assert wrap_label("Cabinet") == ("Cabinet",)
    assert wrap_label("") == ()


def test_a_description_is_called_text_not_value(client) -> None:  # noqa: ANN001
    data = json.loads(client.get("/id/thing/3?format=json").data)
    assert [f["label"] for f in data["facts"]] == ["value"]  # the vocabulary's label, in the JSON
    page = html(client, "/id/thing/3")
    assert "<dt>text</dt>" in page and "<dt>value</dt>" not in page


def test_document_text_starts_where_the_document_does(client) -> None:  # noqa: ANN001
    # the text is shown with white-space: pre-wrap, so template whitespace would show as blank lines
    page = html(client, "/documents/" + REPORT_ID)
    assert re.search(r'<article class="doc-text"[^>]*>(<section[^>]*>)?Performance report', page)
