"""Words a PDF's conversion split with a space, and note marks set in superscript."""

from __future__ import annotations

import pytest

from nlp.normalise import lexicon, normalise, span_to_original

needs_lexicon = pytest.mark.skipif(not lexicon(), reason="the embedding model's vocabulary is not installed")


@needs_lexicon
def test_a_space_inside_a_known_word_goes() -> None:
    raw = "The Head of Procure ment reported that accom modation costs and resi dents' perfor mance rose."
    clean = normalise(raw)
    assert clean.text == "The Head of Procurement reported that accommodation costs and residents' performance rose."
    start = clean.text.index("accommodation")
    s, e = span_to_original(clean.offset_map, start, start + len("accommodation"))
    assert raw[s:e] == "accom modation"


@needs_lexicon
def test_two_words_stay_two_words() -> None:
    # a part that is a word itself may be meant: "invest ment", "plan ning" are left as written,
    # and so are words the lexicon does not know, and parts of capitals and of other lines
    raw = "We invest ment funds; plan ning is slow; appren ticeships; NEIGH BOURHOOD; sche\ndule; a neighbour hood."
    assert normalise(raw).text == raw


def test_a_letter_note_mark_glued_to_its_figure_goes_but_its_legend_stays() -> None:
    raw = "Households in temporary housing (snapshot)<sup>e</sup>\t412\nFigures marked <sup>e</sup> are estimates.\n"
    clean = normalise(raw)
    assert clean.text == "Households in temporary housing (snapshot)\t412\nFigures marked e are estimates.\n"
    assert normalise("the 3<sup>rd</sup> and 21<sup>st</sup> of May").text == "the 3rd and 21st of May"
