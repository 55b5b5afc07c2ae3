"""The browser flows on the real sample corpus; the screenshots (test-artifacts/sample-*.png) are
the README's pictures of each audience's pages."""

from __future__ import annotations

import json
import threading
import urllib.request

import pytest

from tests.web.test_browser import ARGS, CHROMIUM, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.model]


@pytest.fixture(scope="module")
def sample_server(built_sample):  # noqa: ANN001, ANN201
    from waitress import create_server

    from web import create_app
    from web.settings import Settings

    app = create_app(Settings(data_dir=built_sample), search_mode="hybrid")
    app.extensions["councilgraph"].warm_up().join()
    srv = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.effective_port}"
    srv.close()
    thread.join(timeout=5)
    app.extensions["councilgraph"].close()


@pytest.fixture(scope="module")
def page(sample_server):  # noqa: ANN001, ANN201
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors  # type: ignore[attr-defined]
        yield page
        browser.close()


def api(server: str, path: str) -> dict:
    with urllib.request.urlopen(server + path) as response:
        return json.loads(response.read())


def test_researcher_searches_and_opens_a_hit(sample_server: str, page) -> None:  # noqa: ANN001
    page.goto(sample_server + "/")
    page.fill("input[name=q]", "how are councils tackling county lines")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("li.hit")
    assert "county lines" in page.locator("li.hit >> nth=0").inner_text().lower()
    shot(page, "sample-search")
    page.click("li.hit a.hit-title >> nth=0")
    page.wait_for_selector("mark#hit")
    shot(page, "sample-document")
    assert not page.errors


def test_researcher_follows_a_hit_to_similar_passages_elsewhere(sample_server: str, page) -> None:  # noqa: ANN001
    page.goto(sample_server + "/?q=void+turnaround+target")
    page.wait_for_selector("li.hit")
    first = page.locator("li.hit >> nth=0")
    source_title = first.locator("a.hit-title").inner_text()
    source_meta = first.locator(".meta").inner_text()
    first.locator("a.similar").click()
    page.wait_for_selector("p.summary a.like-source")
    assert "passages like" in page.locator("p.summary").inner_text()
    assert page.locator("li.hit").count() >= 5
    # other documents only: no hit shares the source's title and date
    metas = [page.locator("li.hit .meta >> nth=%d" % i).inner_text() for i in range(5)]
    titles = [page.locator("li.hit a.hit-title >> nth=%d" % i).inner_text() for i in range(5)]
    assert not any(t == source_title and m.split(" · ")[2] == source_meta.split(" · ")[2] for t, m in zip(titles, metas))
    assert page.locator("a.download").get_attribute("href").endswith("format=csv")
    shot(page, "sample-similar")
    assert not page.errors


def test_officer_entity_pages(sample_server: str, page) -> None:  # noqa: ANN001
    kinds = {t["iri"].rsplit("#", 1)[-1]: t for t in api(sample_server, "/browse?format=json")["types"]}
    for kind in ("Meeting", "Indicator", "Councillor", "Action"):
        if kind not in kinds:
            continue
        listing = api(sample_server, f"/browse?format=json&class={kinds[kind]['iri'].replace('#', '%23')}")
        best = max(listing["entities"][:40], key=lambda e: len(api(sample_server, e["url"] + "?format=json")["facts"]))
        page.goto(sample_server + best["url"])
        page.wait_for_selector("h1")
        assert page.locator("section.facts").is_visible()
        shot(page, f"sample-{kind.lower()}")
    page.goto(sample_server + "/browse?class=https://councilgraph.org/ns%23Meeting&sort=date")
    shot(page, "sample-browse-meetings")
    assert not page.errors


def test_sparql_user_runs_an_example(sample_server: str, page) -> None:  # noqa: ANN001
    page.goto(sample_server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click("button.example:has-text('Attendance at meetings')")
    page.wait_for_selector(".yasr table tbody tr", timeout=20000)
    assert page.locator(".yasr table tbody tr").count() > 0
    shot(page, "sample-sparql")
    assert not page.errors


def test_officer_goes_from_the_home_page_to_the_indicators_that_missed_their_target(sample_server: str, page) -> None:  # noqa: ANN001
    page.goto(sample_server + "/")
    page.click("text=indicators that missed their target")
    page.wait_for_selector("table.data tbody tr")
    rows = page.locator("table.data tbody tr")
    assert rows.count() >= 5  # the sample's reports rate several indicators red / off target
    statuses = [rows.nth(i).locator("td.details").inner_text() for i in range(rows.count())]
    assert all("latest status:" in s and " against " in s for s in statuses), statuses
    assert not any(s.split("latest status:")[1].strip().lower().startswith(("green", "on target")) for s in statuses)
    assert page.locator("select[name=status]").input_value() == "missed"
    shot(page, "sample-missed-targets")
    assert not page.errors


def test_document_mentions_are_links_with_words(sample_server: str, page) -> None:  # noqa: ANN001
    # a mention cut by a passage boundary left a link around nothing but a line break
    for doc in api(sample_server, "/api/documents")["documents"]:
        page.goto(sample_server + f"/documents/{doc['id']}")
        blank = page.evaluate("[...document.querySelectorAll('a.mention')].filter(a => !a.textContent.trim()).length")
        assert blank == 0, doc["id"]
        assert page.locator("a.mention").count() > 0
    assert not page.errors


def test_every_sparql_example_runs_in_the_editor(sample_server: str, page) -> None:  # noqa: ANN001
    page.goto(sample_server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    buttons = page.locator("button.example")
    for i in range(buttons.count()):
        page.evaluate("() => { window.done = false; window.councilgraphYasgui.getTab()"
                      ".once('queryResponse', () => setTimeout(() => { window.done = true; }, 50)); }")
        buttons.nth(i).click()
        page.wait_for_function("() => window.done", timeout=20000)
        title = buttons.nth(i).inner_text()
        assert page.locator(".yasr .errorResult").count() == 0, title
    assert not page.errors
