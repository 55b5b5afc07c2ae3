"""Pure rendering helpers: properties that must hold for any text, passages, mentions and hit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nlp.records import Passage
from web.charts import line_chart
from web.rendering import document_blocks, inverse_label, snippet_segments


@st.composite
def layouts(draw):  # noqa: ANN001, ANN201
    text = draw(st.text(min_size=0, max_size=300))
    n = len(text)
    offsets = st.integers(min_value=0, max_value=n)

    def span():  # noqa: ANN202
        return st.tuples(offsets, offsets).map(sorted).filter(lambda ab: ab[0] < ab[1] or n == 0)

    passages = [Passage(f"d#{i}", "d", i, "", a, b, 1, "") for i, (a, b) in enumerate(draw(st.lists(span(), max_size=6)))]
    mentions = [(a, b, f"urn:x:{a}", "label") for a, b in draw(st.lists(span(), max_size=8))]
    hit = draw(st.none() | span())
    return text, passages, mentions, hit


@given(layouts())
def test_blocks_cover_the_text_exactly_once(layout) -> None:  # noqa: ANN001
    text, passages, mentions, hit = layout
    blocks = document_blocks(text, passages, sorted(mentions), hit)
    assert "".join(p["text"] for b in blocks for p in b["pieces"]) == text
    for block in blocks:
        opened = 0
        for piece in block["pieces"]:
            opened += piece["open"]
            assert opened <= 1
            opened -= piece["close"]
        assert opened == 0  # every <mark> closes inside its block
    if hit and text:
        highlighted = "".join(p["text"] for b in blocks for p in b["pieces"] if p["hit"])
        assert highlighted == text[hit[0]:hit[1]]


@given(st.text(max_size=200))
def test_snippet_segments_round_trip(raw: str) -> None:
    import html

    snippet = html.escape(raw)
    assert "".join(s.text for s in snippet_segments(snippet)) == raw


def test_snippet_marks() -> None:
    segments = snippet_segments("a <mark>b&amp;c</mark> d")
    assert [(s.text, s.marked) for s in segments] == [("a ", False), ("b&c", True), (" d", False)]


def test_inverse_labels() -> None:
    assert inverse_label("agenda item of") == "has agenda item"
    assert inverse_label("chaired") == "chaired by"
    assert inverse_label("owner") == "owner of"


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=12),
       st.none() | st.floats(min_value=-1e6, max_value=1e6))
def test_chart_points_stay_in_the_box(values: list[float], target: float | None) -> None:
    chart = line_chart([(str(i), v) for i, v in enumerate(values)], target)
    assert chart is not None
    for x, y, _, _ in chart.points:
        assert chart.left <= x <= chart.width and 0 <= y <= chart.height
    if target is not None:
        assert 0 <= chart.target_y <= chart.height
