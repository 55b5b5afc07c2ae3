"""Entity resolution: names normalised for matching, kept apart where councils keep them apart."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nlp.extraction import COUNCILLOR, OFFICER, PERSON, Entity, Extraction, Mention, Relation, make_key
from nlp.resolve import match_person, normalise_name, parse_name, resolve_people, same_given_name


def test_titles_and_honorifics_are_stripped():
    assert normalise_name("Councillor Mrs Thornton") == "Thornton"
    assert normalise_name("Cllr. Alistair Beales") == "Alistair Beales"
    assert normalise_name("COUNCILLOR – JO RUST") == "Jo Rust"
    assert normalise_name("Dr Jane Smith") == "Jane Smith"


def test_pdf_splits_are_joined_but_particles_kept():
    assert normalise_name("De bbie Ess") == "Debbie Ess"
    assert normalise_name("Ursula von Braun") == "Ursula von Braun"


def test_disambiguators_are_kept():
    assert parse_name("Sands (M)").disambiguator == "M"
    people = [Entity(make_key(COUNCILLOR, "c", "cllr-sands-m"), COUNCILLOR, "Sands (M)"),
              Entity(make_key(COUNCILLOR, "c", "cllr-sands-s"), COUNCILLOR, "Sands (S)")]
    assert match_person("Sands (S)", people) == people[1].key
    assert match_person("Sands", people) is None  # ambiguous: two councillors Sands


def test_surname_only_matches_councillors_only():
    wright = Entity(make_key(PERSON, "c", "Kim Wright"), PERSON, "Kim Wright")
    assert match_person("Wright", [wright]) is None
    cllr = Entity(make_key(COUNCILLOR, "c", "cllr-wright"), COUNCILLOR, "Wright")
    assert match_person("Councillor Wright", [wright, cllr]) == cllr.key


def test_resolution_merges_forms_and_rewrites_mentions_and_relations():
    full = Entity("person/c/cllr-alistair-beales", COUNCILLOR, "Alistair Beales")
    short = Entity("person/c/cllr-beales", COUNCILLOR, "Beales", (("surface", "Cllr Beales"),))
    kim = Entity("person/c/kim-beales", PERSON, "Kim Beales")
    x = Extraction("d", (full, short, kim), (Mention(0, 11, "Cllr Beales", short.key),),
                   (Relation(short.key, "attended", "meeting/c/cabinet/2024-01-01"),))
    resolved = resolve_people(x, "c")
    names = {e.name: e for e in resolved.entities}
    assert set(names) == {"Alistair Beales", "Kim Beales"}
    key = names["Alistair Beales"].key
    assert key == make_key(COUNCILLOR, "c", "cllr-beales")  # keyed by surname: stable across documents
    assert resolved.mentions[0].entity == key and resolved.relations[0].subject == key
    assert "Cllr Beales" in names["Alistair Beales"].get_all("surface")


def test_initials_join_full_names():
    a = Entity(make_key(OFFICER, "c", "D Cochrane"), OFFICER, "D Cochrane")
    b = Entity(make_key(OFFICER, "c", "David Cochrane"), OFFICER, "David Cochrane")
    c = Entity(make_key(OFFICER, "c", "J Cochrane"), OFFICER, "J Cochrane")
    resolved = resolve_people(Extraction("d", (a, b, c)), "c")
    assert {e.name for e in resolved.entities} == {"David Cochrane", "J Cochrane"}


def test_nicknames():
    assert same_given_name("sue", "susan") and same_given_name("bob", "robert")
    assert not same_given_name("sue", "robert")


_TITLES = {"mrs", "mr", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lady", "lord", "rev",
           "revd", "canon", "cllr", "cllrs", "clir", "clirs", "councillor", "councillors"}
NAME = st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True).filter(lambda s: s.lower() not in _TITLES)


@given(NAME, NAME, st.sampled_from(["", "Councillor ", "Cllr ", "Mrs ", "Councillor Mrs ", "Dr "]))
def test_normalising_is_idempotent_and_title_blind(given_name, surname, title):
    name = f"{given_name} {surname}"
    assert normalise_name(title + name) == normalise_name(name) == name
    assert normalise_name(normalise_name(title + name)) == name


@given(NAME, NAME)
def test_resolution_is_stable_under_order(given_name, surname):
    a = Entity(make_key(OFFICER, "c", f"{given_name} {surname}"), OFFICER, f"{given_name} {surname}")
    b = Entity(make_key(OFFICER, "c", f"{given_name[0]} {surname}"), OFFICER, f"{given_name[0]} {surname}")
    one = resolve_people(Extraction("d", (a, b)), "c")
    two = resolve_people(Extraction("d", (b, a)), "c")
    assert {e.key for e in one.entities} == {e.key for e in two.entities} == {a.key}


def test_policy_variants_become_one_policy_but_editions_stay_apart():
    from nlp.extraction import POLICY
    from nlp.resolve import resolve_policies

    def p(name):
        return Entity(make_key(POLICY, "c", name.lower()), POLICY, name)

    names = ["Local Council Tax Scheme 2022/23", "Local Council Tax Scheme 2022-23", "Testshire Corporate Plan 2018-21",
             "Corporate Plan", "Capital Strategy 2019-20", "Capital Strategy 2018-19", "Local Plan"]
    resolved = resolve_policies(Extraction("d", tuple(p(n) for n in names)), "Testshire District Council")
    kept = sorted(e.name for e in resolved.entities)
    assert len(kept) == 5, kept
    assert {"Capital Strategy 2019-20", "Capital Strategy 2018-19", "Local Plan"} <= set(kept)


def test_a_body_named_with_and_without_its_place_is_one_body():
    from nlp.extraction import BODY
    from nlp.resolve import resolve_bodies

    def b(name):
        return Entity(make_key(BODY, "c", name.lower()), BODY, name)

    names = ["Suffolk Safeguarding Children Board", "Safeguarding Children\u2019s Board",  # place dropped, possessive
             "Ipswich Health and Wellbeing Board", "Health & Wellbeing Board",
             "Suffolk Health Overview and Scrutiny Committee", "Scrutiny Committee",  # not a place: two bodies
             "Cabinet"]
    short = b("Safeguarding Children\u2019s Board")
    x = Extraction("d", tuple(b(n) for n in names), (Mention(0, 29, short.name, short.key),),
                   (Relation(short.key, "part_of", "council/c"),))
    resolved = resolve_bodies(x)
    kept = {e.name: e for e in resolved.entities}
    assert set(kept) == {"Suffolk Safeguarding Children Board", "Ipswich Health and Wellbeing Board",
                         "Suffolk Health Overview and Scrutiny Committee", "Scrutiny Committee", "Cabinet"}
    board = kept["Suffolk Safeguarding Children Board"]
    assert "Safeguarding Children\u2019s Board" in board.get_all("surface")
    assert resolved.mentions[0].entity == board.key and resolved.relations[0].subject == board.key


def test_bodies_of_two_places_keep_the_short_name_apart():
    from nlp.extraction import BODY
    from nlp.resolve import resolve_bodies

    names = ["Norfolk Safeguarding Adults Board", "Suffolk Safeguarding Adults Board", "Safeguarding Adults Board"]
    x = Extraction("d", tuple(Entity(make_key(BODY, "c", n.lower()), BODY, n) for n in names))
    assert sorted(e.name for e in resolve_bodies(x).entities) == sorted(names)  # which one is meant is unknown


def _body_doc(council_id, council_name, names, doc="d"):
    from nlp.extract.bodies import norm_body
    from nlp.extraction import BODY, COUNCIL

    council = Entity(make_key(COUNCIL, council_id), COUNCIL, council_name)
    bodies = tuple(Entity(make_key(BODY, council_id, norm_body(n)), BODY, n) for n in names)
    mentions = tuple(Mention(0, len(b.name), b.name, b.key) for b in bodies)
    return Extraction(doc, (council, *bodies), mentions)


def _bodies(extraction):
    from nlp.extraction import BODY

    return {e.name: e for e in extraction.entities if e.kind == BODY}


def test_a_body_with_and_without_its_councils_name_is_one_body_in_a_document():
    from nlp.resolve import resolve_bodies

    # "Oakmere" is in no gazetteer: the council's own name, not a known place, is what is dropped.
    x = _body_doc("oakmere-council", "Oakmere Council", ["Oakmere Health and Wellbeing Board",
                                                         "Health & Wellbeing Board", "Cabinet"])
    resolved = resolve_bodies(x)
    kept = _bodies(resolved)
    assert set(kept) == {"Oakmere Health and Wellbeing Board", "Cabinet"}  # the fuller name is the label
    board = kept["Oakmere Health and Wellbeing Board"]
    assert "Health & Wellbeing Board" in board.get_all("surface")
    assert {m.entity for m in resolved.mentions} == {board.key, kept["Cabinet"].key}


def test_a_councils_documents_key_its_body_alike_with_or_without_the_councils_name():
    from nlp.resolve import resolve_bodies

    for council_name in ("Castle Point Borough Council", "Castle Point Council"):
        for written in ("Castle Point Audit Committee", "Castle Point Borough Council Audit Committee",
                        "Castle Point's Audit Committee"):
            full = _bodies(resolve_bodies(_body_doc("castle-point", council_name, [written], "a")))
            bare = _bodies(resolve_bodies(_body_doc("castle-point", council_name, ["Audit Committee"], "b")))
            assert full[written].key == bare["Audit Committee"].key, (council_name, written)
            assert full[written].name == written  # the document keeps its own (fuller) label


def test_council_name_forms_in_front_of_bodies():
    from nlp.resolve import strip_council_prefix

    assert strip_council_prefix("Norfolk County Audit Committee", "Norfolk County Council") == "Audit Committee"
    assert strip_council_prefix("Greenwich Planning Board", "Royal Borough of Greenwich") == "Planning Board"
    assert strip_council_prefix("King's Lynn & West Norfolk Planning Committee",
                                "Borough Council of King's Lynn & West Norfolk") == "Planning Committee"
    assert strip_council_prefix("York Scrutiny Panel", "City of York Council") == "Scrutiny Panel"
    assert strip_council_prefix("York Council Tax Panel", "City of York Council") == "Council Tax Panel"
    # not the council's name, or only a word of it, or nothing body-like left: unchanged
    assert strip_council_prefix("Oakmerely Board", "Oakmere Council") == "Oakmerely Board"
    assert strip_council_prefix("West Oakmere Area Committee", "Oakmere Council") == "West Oakmere Area Committee"
    assert strip_council_prefix("Castle Audit Committee", "Castle Point Council") == "Castle Audit Committee"
    assert strip_council_prefix("Oakmere Borough Council", "Oakmere Council") == "Oakmere Borough Council"
    assert strip_council_prefix("Health and Wellbeing Board", "Oakmere Council") == "Health and Wellbeing Board"
    assert strip_council_prefix("Oakmere Health and Wellbeing Board", None) == "Oakmere Health and Wellbeing Board"


def test_a_body_of_two_councils_never_merges():
    from nlp.resolve import resolve_bodies

    a = _bodies(resolve_bodies(_body_doc("oakmere-council", "Oakmere Council", ["Oakmere Health and Wellbeing Board"])))
    b = _bodies(resolve_bodies(_body_doc("castle-point", "Castle Point Borough Council",
                                         ["Health and Wellbeing Board"])))
    assert a["Oakmere Health and Wellbeing Board"].key != b["Health and Wellbeing Board"].key
    # Another council's name in front is not dropped: in Castle Point's papers "Oakmere Health and
    # Wellbeing Board" is Oakmere's board, not Castle Point's own.
    both = _bodies(resolve_bodies(_body_doc("castle-point", "Castle Point Borough Council",
                                            ["Oakmere Health and Wellbeing Board", "Health and Wellbeing Board"])))
    assert set(both) == {"Oakmere Health and Wellbeing Board", "Health and Wellbeing Board"}
    assert len({e.key for e in both.values()}) == 2


def test_bodies_of_an_unknown_council_keep_their_names_in_their_keys():
    from nlp.resolve import resolve_bodies

    x = _body_doc("unknown", "Unknown council", ["Oakmere Audit Committee", "Audit Committee"])
    assert len(_bodies(resolve_bodies(x))) == 2


def test_papers_of_one_council_name_its_body_with_one_key_and_of_two_councils_with_two(tmp_path):
    from nlp.extraction import BODY
    from tests.nlp.conftest import text_extractor

    run = text_extractor(tmp_path)

    def body(council: str, written: str) -> Entity:
        ex = run(f"{council.upper()}\n\nReport to: {written}\nDate: 3 March 2025\n\nSubject: Internal audit plan\n\n"
                 f"1. The {written} is asked to note the plan.\n")
        (found,) = [e for e in ex.entities if e.kind == BODY]
        return found

    full = body("Oakmere Borough Council", "Oakmere Audit Committee")
    bare = body("Oakmere Borough Council", "Audit Committee")
    other = body("Castle Point Borough Council", "Audit Committee")
    assert full.name == "Oakmere Audit Committee" and full.key == bare.key
    assert other.key != bare.key


def test_a_councils_papers_key_one_meeting_with_or_without_the_councils_name(tmp_path):
    from nlp.extraction import MEETING
    from tests.nlp.conftest import text_extractor

    run = text_extractor(tmp_path)

    def meeting(council: str, written: str) -> Entity:
        ex = run(f"{council.upper()}\n\nMinutes of the meeting of the {written} held on 3 March 2025\n\n"
                 "Present: Councillors A Smith (Chair) and B Jones.\n\n1. Apologies\n\nThere were none.\n")
        (found,) = [e for e in ex.entities if e.kind == MEETING]
        return found

    full = meeting("Oakmere Borough Council", "Oakmere Audit Committee")
    bare = meeting("Oakmere Borough Council", "Audit Committee")
    other = meeting("Castle Point Borough Council", "Audit Committee")
    assert full.key == bare.key
    assert other.key != bare.key
