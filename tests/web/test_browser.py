"""Browser tests: Debian's Chromium driven by Playwright against the app served by waitress.

Search, filter, open a hit, follow an entity, run an example SPARQL query, download a result.
A screenshot of each page goes to test-artifacts/ (kept by CI as an artefact)."""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(app):  # noqa: ANN001, ANN201
    from waitress import create_server

    srv = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.effective_port}"
    srv.close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def shot(page, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_filter_open_hit_follow_entity(server: str, page) -> None:  # noqa: ANN001
    page.goto(server + "/")
    shot(page, "01-home")
    page.fill("input[name=q]", "recycling target")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("li.hit")
    assert "q=recycling+target" in page.url
    assert page.locator("li.hit mark").count() > 0
    shot(page, "02-search")

    # filter by document type through the facet
    page.click("section.facet[data-facet=type] a:has-text('minutes')")
    page.wait_for_selector("li.hit")
    assert "type=minutes" in page.url and "q=recycling+target" in page.url
    metas = page.locator("li.hit .meta").all_inner_texts()
    assert metas and all("minutes" in m for m in metas)
    shot(page, "03-search-filtered")

    # open the first hit: the document, scrolled to the highlighted passage
    page.click("li.hit a.hit-title >> nth=0")
    page.wait_for_selector("mark#hit")
    assert "/documents/" in page.url and "#p-" in page.url
    assert "recycling" in page.locator("mark#hit").inner_text().lower()
    assert page.locator("section.hit-passage").is_visible()
    shot(page, "04-document")

    # follow an entity mention to its page, then to the indicator it owns
    page.click("a.mention:has-text('Jane Smith') >> nth=0")
    page.wait_for_selector("h1:has-text('Jane Smith')")
    assert "/id/person/example/jane-smith" in page.url
    shot(page, "05-person")
    page.click("section.facts a:has-text('Household waste recycled')")
    page.wait_for_selector("svg.chart")
    assert page.locator("svg.chart circle.point").count() == 2
    shot(page, "06-indicator")
    # the evidence link goes to the sentence the fact was read from
    page.click("section.facts a.evidence >> nth=0")
    page.wait_for_selector("mark#hit")
    assert "Target 50%" in page.locator("mark#hit").inner_text()
    assert not page.errors


def test_browse_and_vocabulary(server: str, page) -> None:  # noqa: ANN001
    page.goto(server + "/browse")
    page.click("ul.kinds a >> nth=0")
    page.wait_for_selector("table.data tbody tr")
    shot(page, "07-browse")
    page.goto(server + "/vocabulary")
    shot(page, "08-vocabulary")
    assert not page.errors


def test_sparql_example_runs_and_downloads(server: str, page, tmp_path: Path) -> None:  # noqa: ANN001
    page.goto(server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click("button.example:has-text('Which graph says what')")
    page.wait_for_selector(".yasr table tbody tr", timeout=15000)
    rows = page.locator(".yasr table tbody tr").count()
    assert rows == 2  # one per document graph
    assert page.locator(".yasr table a[href*='/document/']").count() >= 1  # IRIs are links
    shot(page, "09-sparql")

    with page.expect_download() as info:
        page.click("li:has(button:has-text('Which graph says what')) a:has-text('CSV')")
    target = tmp_path / "results.csv"
    info.value.save_as(target)
    table = list(csv.DictReader(io.StringIO(target.read_text())))
    assert {row["graph"] for row in table} == {
        "https://councilgraph.org/id/document/example-2024-07-01-cabinet-minutes",
        "https://councilgraph.org/id/document/example-2024-11-05-performance-report",
    }
    # an IRI of the dataset in the results opens on this server
    page.locator(".yasr table a[href*='/document/']").first.dispatch_event("click")
    page.wait_for_selector("article.doc-text")
    assert page.url.startswith(server + "/documents/")
    assert not page.errors


def test_keyboard_skip_link_focus_and_no_trap_in_the_sparql_editor(server: str, page) -> None:  # noqa: ANN001
    page.goto(server + "/browse")  # (the home page puts the focus in its search box)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box and box["y"] >= 0, "the focused skip link is on screen"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.rstrip("px")) >= 2, "focus is plainly visible"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    in_editor = "document.activeElement.matches('.CodeMirror textarea')"
    query = "window.councilgraphYasgui.getTab().getYasqe().getValue()"
    assert not page.evaluate(in_editor), "the editor does not grab the focus"
    page.click(".yasqe .CodeMirror-code")
    assert page.evaluate(in_editor)
    before = page.evaluate(query)
    page.keyboard.press("Tab")
    assert not page.evaluate(in_editor), "Tab leaves the editor"
    assert page.evaluate(query) == before, "and types nothing into the query"
    unnamed = page.evaluate("""() => [...document.querySelectorAll('#yasgui input, #yasgui select, #yasgui textarea')]
        .filter(f => f.type !== 'hidden' && !f.getAttribute('aria-label') && !(f.labels && f.labels.length))
        .map(f => f.outerHTML.slice(0, 80))""")
    assert unnamed == []
    shot(page, "10-sparql-keyboard")
    assert not page.errors


@pytest.mark.parametrize("path", ["/?q=recycling", "/id/person/example/jane-smith",
                                  "/id/indicator/example/recycling-rate", "/browse", "/documents",
                                  "/documents/example-2024-11-05-performance-report", "/query"])
def test_a_phone_sized_window_does_not_scroll_sideways(server: str, browser, path: str) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 400, "height": 800})
    page = context.new_page()
    # every request answered before the context closes: a request cut off mid-way would raise in
    # the server's thread
    page.goto(server + path, wait_until="networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    shot(page, "11-narrow" + path.replace("/", "-").replace("?", "-"))
    context.close()
    assert overflow <= 0, f"{path} is {overflow}px wider than the window"


def test_neighbourhood_labels_are_inside_the_picture(server: str, page) -> None:  # noqa: ANN001
    for path in ("/id/person/example/jane-smith", "/id/body/example/cabinet"):
        page.goto(server + path)
        outside = page.evaluate("""() => { const svg = document.querySelector('svg.neighbourhood');
            const vb = svg.viewBox.baseVal; const out = [];
            for (const t of svg.querySelectorAll('text')) { const b = t.getBBox();
              if (b.x < 0 || b.y < 0 || b.x + b.width > vb.width || b.y + b.height > vb.height) out.push(t.textContent); }
            return [svg.querySelectorAll('text').length, out]; }""")
        assert outside[0] > 1 and outside[1] == [], (path, outside)
