"""What `annotate` puts under `predicted`: re3d-typed entities and README-shaped events."""

from __future__ import annotations

import pytest

from watchfloor.errors import ExtractError
from watchfloor.eval.predict import predict_all, predict_entities, predict_events
from watchfloor.extract.entity_types import to_re3d
from watchfloor.extract.taxonomy import load_taxonomy
from watchfloor.records import Mention, MentionKind

REPORT = ("Islamic State fighters killed 12 civilians in a mortar attack on Mosul on 3 May 2024, "
          "police said. Defence Minister Sami Haddad said we will respond.")
EVENT_KEYS = {"type", "label", "actor1", "actor1_aliases", "actor2", "actor2_aliases", "location",
              "date", "date_precision", "fatalities", "cited_source"}


# A few places in GeoNames' dump layouts (our own rows), so the test need not build the bundled
# gazetteer: geonameid, name, alternate names, lat, lon, feature code, country, population.
PLACES = [
    (99072, "Mosul", "Al Mawsil,Mossul,الموصل", 36.335, 43.11889, "PPLA", "IQ", 1739800),
    (276781, "Nabatîyé et Tahta", "Nabatieh,Nabatiyeh,النبطية", 33.37889, 35.48389, "PPLA", "LB", 60000),
    (98182, "Baghdad", "بغداد", 33.34058, 44.40088, "PPLC", "IQ", 7216000),
]
COUNTRIES = [("IQ", "IRQ", "368", "IZ", "Iraq", "Baghdad", "99237"),
             ("LB", "LBN", "422", "LE", "Lebanon", "Beirut", "272103")]


def write_gazetteer_dumps(folder):
    places = folder / "places.txt"
    places.write_text("".join(
        "\t".join([str(gid), name, name, alt, str(lat), str(lon), "P", code, cc, "", "01", "", "", "",
                   str(pop), "", "0", "Asia/Baghdad", "2024-01-01"]) + "\n"
        for gid, name, alt, lat, lon, code, cc, pop in PLACES), encoding="utf-8")
    info = folder / "countryInfo.txt"
    info.write_text("#ISO\tISO3\n" + "".join(
        "\t".join([iso, iso3, num, fips, name, capital, "1000", "1000000", "AS", "", "", "", "", "", "",
                   "ar", gid, "", ""]) + "\n"
        for iso, iso3, num, fips, name, capital, gid in COUNTRIES), encoding="utf-8")
    return [places, info]


@pytest.fixture(scope="module")
def extractor(tmp_path_factory):
    from watchfloor.extract.run import Extractor
    from watchfloor.geo.storage import import_files
    from watchfloor.settings import load_settings

    data = tmp_path_factory.mktemp("predict")
    import_files(data, write_gazetteer_dumps(tmp_path_factory.mktemp("dumps")))
    return Extractor(load_settings(environ={}, overrides=[f"data_dir={data}"]))


def typed(entities, type_):
    return [e["text"] for e in entities if e["type"] == type_]


# --- entities --------------------------------------------------------------------------------

def test_entities_carry_re3d_types_and_true_offsets(extractor):
    entities = predict_entities(REPORT, extractor=extractor)
    assert typed(entities, "Organisation")[:2] == ["Islamic State", "civilians"]
    assert "Mosul" in typed(entities, "Location")
    assert "Defence Minister Sami Haddad" in typed(entities, "Person")  # the title belongs to the span
    assert "mortar" in typed(entities, "Weapon")
    assert "3 May 2024" in typed(entities, "Temporal")
    assert "we" in typed(entities, "Organisation")  # re3d marks a group speaking of itself
    for e in entities:
        assert REPORT[e["start"]:e["end"]] == e["text"]
    spans = [(e["start"], e["end"]) for e in entities]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), "entities must not overlap"


def test_entities_in_arabic_come_from_the_knowledge_base_and_gazetteer(extractor):
    text = "قتل عناصر داعش خمسة مدنيين في الموصل أمس"
    entities = predict_entities(text, extractor=extractor, language="ar")
    assert "داعش" in typed(entities, "Organisation")
    assert "الموصل" in typed(entities, "Location")


def test_empty_text_has_no_entities(extractor):
    assert predict_entities("", extractor=extractor) == []


# --- events ----------------------------------------------------------------------------------

def test_main_event_fields_come_from_the_main_claim(extractor):
    events = predict_events(REPORT, extractor=extractor, reference_date="2024-05-04")
    main = events[0]
    assert set(main) == EVENT_KEYS
    taxonomy = load_taxonomy()
    assert main["type"] in taxonomy.types
    assert main["label"] == taxonomy.label_of(main["type"])
    assert main["actor1"] == "Islamic State"  # the knowledge base's canonical name
    assert "ISIL" in main["actor1_aliases"] and "Islamic State" not in main["actor1_aliases"]
    assert main["actor2"] == "Civilians"
    assert main["location"]["name"] == "Mosul" and main["location"]["country"] == "IQ"
    assert main["location"]["lat"] == pytest.approx(36.34, abs=0.1)
    assert (main["date"], main["date_precision"]) == ("2024-05-03", "day")
    assert main["fatalities"] == 12
    assert main["cited_source"] == "police"


def test_relative_dates_count_from_the_reference_date(extractor):
    text = "Yesterday an air strike hit a Hezbollah base near Nabatieh, the army said."
    main = predict_events(text, extractor=extractor, reference_date="2024-05-04")[0]
    assert main["date"] == "2024-05-03"
    assert main["label"] == "Air/drone strike"


def test_a_bad_reference_date_gets_a_clear_error(extractor):
    with pytest.raises(ExtractError, match="not a date") as err:
        predict_events(REPORT, extractor=extractor, reference_date="03/05/2024")
    assert "YYYY-MM-DD" in err.value.hint


def test_without_ner_the_knowledge_base_gazetteer_and_rules_still_answer(extractor):
    from watchfloor.extract.run import Extractor

    no_ner = Extractor(extractor.settings, use_ner=False, use_typer=False)
    entities = predict_entities(REPORT, extractor=no_ner)
    assert "Islamic State" in typed(entities, "Organisation")
    assert "Mosul" in typed(entities, "Location")
    assert "we" in typed(entities, "Organisation")


def test_a_snippet_without_a_claim_still_gets_one_typed_event_with_nulls(extractor):
    events = predict_events("The weather in the capital was pleasant and the markets were busy.",
                            extractor=extractor)
    assert len(events) == 1
    event = events[0]
    assert event["type"] in load_taxonomy().types  # the typer always answers for the text
    assert event["label"]
    assert all(event[k] is None for k in EVENT_KEYS - {"type", "label", "actor1_aliases", "actor2_aliases"})
    assert event["actor1_aliases"] == [] and event["actor2_aliases"] == []


def test_empty_text_gets_one_event_of_unknown_type(extractor):
    assert predict_events("", extractor=extractor) == [
        {k: ([] if k.endswith("_aliases") else None) for k in EVENT_KEYS}]


def test_predict_all_gives_both_from_one_extraction(extractor):
    both = predict_all(REPORT, extractor=extractor, reference_date="2024-05-04")
    assert set(both) == {"entities", "events"}
    assert both["entities"] == predict_entities(REPORT, extractor=extractor)
    assert both["events"][0]["fatalities"] == 12


# --- the mapping rules alone (no models) -----------------------------------------------------

def _types(text, mentions=(), ner=()):
    return {text[s.start:s.end]: s.type for s in to_re3d(text, mentions, ner)}


def test_a_country_that_acts_is_an_organisation_and_one_you_are_in_is_a_location():
    text = "The UK is sending aid to people in Syria, and France will stay."
    ner = [(text.index("UK"), text.index("UK") + 2, "GPE"),
           (text.index("Syria"), text.index("Syria") + 5, "GPE"),
           (text.index("France"), text.index("France") + 6, "GPE")]
    got = _types(text, ner=ner)
    assert got["The UK"] == "Organisation"  # the determiner is part of re3d's span
    assert got["Syria"] == "Location"
    assert got["France"] == "Organisation"


def test_pronouns_roles_and_group_nouns():
    text = "I saw the soldiers leave the village. A spokesman said they had gone."
    got = _types(text)
    assert got["I"] == "Person"
    assert got["A spokesman"] == "Person"
    assert got["they"] == "Organisation"
    assert got["the soldiers"] == "Organisation"
    assert got["the village"] == "Location"


def test_a_knowledge_base_actor_wins_over_a_place_of_the_same_name():
    text = "Daesh fighters attacked."
    mentions = [Mention(MentionKind.ACTOR, 0, 5, "Daesh", value="isis", step="actors.kb@1"),
                Mention(MentionKind.PLACE, 0, 5, "Daesh", attrs=(("evidence", "ner:GPE"),),
                        step="places.gazetteer@1")]
    spans = to_re3d(text, mentions, [])
    assert [(s.start, s.end, s.type) for s in spans if s.start == 0][0][2] == "Organisation"


def _place(text, name, precision="place"):
    start = text.index(name)
    return Mention(MentionKind.PLACE, start, start + len(name), name, step="places.gazetteer@1",
                   attrs=(("precision", precision), ("evidence", "gazetteer+ner:GPE")))


def test_spans_follow_re3d_boundaries():
    text = ("They struck ISIL tactical units near Palmyra, Syria, in eastern Aleppo and in Idlib "
            "province with chemical weapons.")
    isil = text.index("ISIL")
    weapons = text.index("weapons")
    mentions = [Mention(MentionKind.ACTOR, isil, isil + 4, "ISIL", value="isis", step="actors.kb@1"),
                _place(text, "Palmyra"), _place(text, "Syria", "country"), _place(text, "Aleppo"),
                _place(text, "Idlib"),
                Mention(MentionKind.WEAPON, weapons, weapons + 7, "weapons", step="weapons@1",
                        attrs=(("category", "small_arms"),))]
    got = _types(text, mentions)
    assert got["They"] == "Organisation"
    assert got["ISIL tactical units"] == "Organisation"  # the group and its people: one span
    assert got["Palmyra, Syria"] == "Location"  # a place and its country: one span
    assert got["eastern Aleppo"] == "Location"
    assert got["Idlib province"] == "Location"
    assert got["chemical weapons"] == "Weapon"


def test_a_surname_alone_is_the_person_named_before():
    text = "Gen. Joseph Votel visited troops. Later, Votel said the campaign would go on."
    first = text.index("Joseph Votel")
    got = _types(text, ner=[(first, first + len("Joseph Votel"), "PERSON"),
                            (text.rindex("Votel"), text.rindex("Votel") + 5, "ORG")])
    assert got["Gen. Joseph Votel"] == "Person"
    assert got["Votel"] == "Person"  # NER's ORG guess loses to the name seen before


def test_a_list_of_countries_stays_a_list():
    text = "Delegations travelled to Australia, Belgium, Canada and Jordan."
    mentions = [_place(text, name, "country") for name in ("Australia", "Belgium", "Canada", "Jordan")]
    spans = [text[s.start:s.end] for s in to_re3d(text, mentions, []) if s.type == "Location"]
    assert spans == ["Australia", "Belgium", "Canada", "Jordan"]


def test_a_long_run_of_capitalised_words_does_not_stall():
    # A title-case dump (a table of names, a shouted headline) once made a pattern backtrack
    # quadratically: 60,000 characters took two minutes. It must stay linear.
    text = "The " + "Xx " * 20000 + "forces left."
    spans = to_re3d(text, [], [])
    assert any(text[s.start:s.end].endswith("forces") for s in spans)
