from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.extraction import (
    COUNCILLOR,
    MEETING,
    OFFICER,
    Entity,
    Extraction,
    Mention,
    make_key,
    merge,
)


def test_people_share_one_key_namespace():
    assert make_key(COUNCILLOR, "castle-point", "Jo Rust") == make_key(OFFICER, "castle-point", "jo  rust")
    assert make_key(MEETING, "castle-point", "Cabinet", "2021-11-17") == "meeting/castle-point/cabinet/2021-11-17"


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown entity kind"):
        make_key("gizmo", "x", "y")


@given(st.text(min_size=1, max_size=300), st.text(max_size=40))
def test_keys_are_stable_short_and_path_safe(name, council):
    key = make_key("policy", council, name)
    assert key == make_key("policy", council, name)
    assert all(len(part) <= 69 for part in key.split("/"))
    assert " " not in key and key.isascii()


def test_long_names_stay_distinct():
    a = make_key("action", "c", "x" * 70 + " first")
    b = make_key("action", "c", "x" * 70 + " second")
    assert a != b


def test_merge_keeps_fullest_name_and_most_specific_kind():
    key = make_key(OFFICER, "c", "Wright")
    one = Extraction("d", (Entity(key, OFFICER, "Wright", (("surface", "Wright"),)),), (Mention(0, 6, "Wright", key),))
    two = Extraction("d", (Entity(key, COUNCILLOR, "Paul Wright", (("surface", "Cllr Wright"),)),), (Mention(0, 6, "Wright", key),))
    merged = merge("d", one, two)
    (entity,) = merged.entities
    assert entity.name == "Paul Wright" and entity.kind == COUNCILLOR
    assert entity.get_all("surface") == ["Wright", "Cllr Wright"]
    assert len(merged.mentions) == 1
