"""Finding and resolving places in text, as an analyst reading the output would check it."""

from __future__ import annotations

from watchfloor.geo import GazetteerResolver, haversine_km
from watchfloor.geo.resolve import listed_area_words
from watchfloor.records import MentionKind

DEIR = (35.33588, 40.14084)
BUKAMAL = (34.45226, 40.91854)


def _places(mentions):
    return {m.text: m for m in mentions if not m.attr("relative")}


def _near(m, point, km=10):
    return haversine_km(m.attr("lat"), m.attr("lon"), *point) <= km


def test_spellings_resolve_to_one_place(tiny_resolver):
    for name in ("Al-Bukamal", "Abu Kamal", "Albu Kamal", "البوكمال", "والبوكمال", "بالبوكمال"):
        m = tiny_resolver.resolve(name)
        assert m is not None, name
        assert m.value == "174448", name
    for name in ("Deir Al-Zour", "Deir ez-Zor", "Dayr az Zawr", "دير الزور"):
        assert tiny_resolver.resolve(name).value == "170794", name


def test_find_returns_spans_ids_and_points(tiny_resolver):
    text = "Fighters crossed at Al-Bukamal and drove to Deir Al-Zour on Monday."
    found = _places(tiny_resolver.find(text))
    m = found["Al-Bukamal"]
    assert m.kind is MentionKind.PLACE
    assert text[m.start:m.end] == "Al-Bukamal"
    assert m.value == "174448" and _near(m, BUKAMAL)
    assert m.attr("country") == "SY" and m.attr("precision") == "place"
    assert m.attr("admin1") == "Deir ez-Zor"
    assert _near(found["Deir Al-Zour"], DEIR)


def test_country_context_picks_the_syrian_quneitra(tiny_resolver):
    text = "Buses carrying fighters from Damascus continued to Quneitra."
    q = _places(tiny_resolver.find(text))["Quneitra"]
    assert q.attr("country") == "SY"
    assert tiny_resolver.resolve("Quneitra", country_hint="MA").attr("country") == "MA"


def test_spatial_coherence_picks_palmyra_in_syria(tiny_resolver):
    text = "The convoy went from Al-Mayadin to Palmyra."
    assert _places(tiny_resolver.find(text))["Palmyra"].attr("country") == "SY"


def test_countries_resolve_to_countries(tiny_resolver):
    found = _places(tiny_resolver.find("Weapons moved from Iraq to Syria, worrying Israel."))
    for name, iso in (("Iraq", "IQ"), ("Syria", "SY"), ("Israel", "IL")):
        assert found[name].attr("precision") == "country"
        assert found[name].attr("country") == iso


def test_relative_phrases_are_coarser_and_not_the_anchor(tiny_resolver):
    text = ("Exercises were held in the desert area of Al-Mayadin, east of Deir Al-Zour, and "
            "drone experts were sent to southern Syria near the border with Israel.")
    rel = {m.text: m for m in tiny_resolver.find(text) if m.attr("relative")}
    east = rel["east of Deir Al-Zour"]
    assert east.attr("precision") == "near" and east.attr("anchor") == "170794"
    assert east.attr("lon") > DEIR[1]  # moved east of the city, not the city itself
    assert rel["desert area of Al-Mayadin"].attr("precision") == "near"
    south = rel["southern Syria"]
    assert south.attr("precision") == "region" and south.attr("lat") < 34.0
    border = rel["border with Israel"]
    assert border.attr("precision") == "region"
    assert haversine_km(border.attr("lat"), border.attr("lon"), 33.1, 35.8) < 150


def test_arabic_and_persian_relative_phrases_are_coarser_too(tiny_resolver):
    """"ريف دير الزور الشرقي" (the eastern countryside of Deir ez-Zor) is an area east of the
    city, "قرب البوكمال" near Al-Bukamal: never the city itself."""
    text = "اشتباكات في ريف دير الزور الشرقي وانفجار قرب البوكمال"
    rel = {m.text: m for m in tiny_resolver.find(text) if m.attr("relative")}
    countryside = rel["ريف دير الزور الشرقي"]
    assert countryside.attr("precision") == "near" and countryside.attr("lon") > DEIR[1]
    assert rel["قرب البوكمال"].attr("relation") == "near"
    (east,) = [m for m in tiny_resolver.find("قصف شرق دير الزور") if m.attr("relative")]
    assert east.attr("relation") == "direction" and east.attr("lon") > DEIR[1]


def test_arabic_crossing_desert_and_border_phrases(tiny_resolver):
    text = "عبرت القوات معبر البوكمال-القائم إلى بادية الميادين قرب الحدود مع العراق"
    found = tiny_resolver.find(text)
    rel = {m.attr("relation"): m for m in found if m.attr("relative")}
    crossing = rel["crossing"]
    assert crossing.text == "معبر البوكمال-القائم" and crossing.attr("precision") == "near"
    assert 40.91 < crossing.attr("lon") < 41.0  # between the two towns
    assert rel["area"].text == "بادية الميادين" and rel["area"].attr("anchor") == "173480"
    assert rel["border"].text == "الحدود مع العراق"
    # "بادية" here is the desert of Al-Mayadin, not the Badia region on its own
    assert "بادية" not in {m.text for m in found}


def test_border_crossing_between_two_towns(tiny_resolver):
    text = "They entered Syria through the Al-Bukamal–Al-Qa’em border crossing."
    found = tiny_resolver.find(text)
    crossing = [m for m in found if m.attr("relation") == "crossing"][0]
    assert crossing.text.startswith("Al-Bukamal")
    assert haversine_km(crossing.attr("lat"), crossing.attr("lon"), *BUKAMAL) < 15
    assert _places(found)["Al-Qa’em"].attr("country") == "IQ"


def test_false_friends_are_skipped(tiny_resolver):
    text = ("Michael Jackson spoke to Palestinian factions. The Syrian army and Iraqi "
            "officials met in Gaza.")
    found = _places(tiny_resolver.find(text))
    assert "Jackson" not in found
    assert "Palestinian" not in found and "Syrian" not in found
    assert "Gaza" in found


def test_no_places_no_crash_on_odd_input(tiny_resolver):
    assert tiny_resolver.find("") == []
    assert tiny_resolver.find("東京都で会議が開かれた。") == []
    tiny_resolver.find("A" * 10_000)
    assert tiny_resolver.resolve("x" * 10_000) is None


def test_given_spans_are_resolved_in_place(tiny_resolver):
    text = "Shelling hit Al Mayadin and Abu Kamal."
    spans = [(13, 23), (28, 37)]
    ms = tiny_resolver.resolve_spans(text, spans)
    assert [(m.start, m.end) for m in ms] == spans
    assert [m.value for m in ms] == ["173480", "174448"]


def test_arabic_text_with_attached_prefixes(tiny_resolver):
    text = "وصلت قوات من العراق إلى البوكمال ثم إلى دير الزور وتدمر، وبعضها ذهب للقنيطرة."
    found = {m.value: m for m in tiny_resolver.find(text, language="ar")}
    assert {"99237", "174448", "170794", "163808", "173334"} <= set(found)
    assert found["163808"].text == "تدمر"  # the attached و is not part of the span
    assert found["99237"].attr("precision") == "country"


def test_long_text_is_read_in_pieces_with_right_offsets(tiny_resolver, monkeypatch):
    from watchfloor.geo import recognize

    monkeypatch.setattr(recognize, "NER_CHUNK", 150)  # spaCy takes at most max_length per call
    para = "Shelling was reported near Al-Mayadin and in Damascus today.\n"
    text = para * 40
    found = [m for m in tiny_resolver.find(text) if not m.attr("relative")]
    assert len([m for m in found if m.value == "170654"]) == 40
    assert all(text[m.start:m.end] == m.text for m in found)


def test_many_texts_at_once_give_what_one_at_a_time_gives(tiny_resolver):
    # find_many shares one NER pass between the texts; each text's places stay its own
    texts = ["Michael Jackson spoke in Damascus about Palestinian factions.",
             "",
             "وصلت قوات من العراق إلى البوكمال ثم إلى دير الزور.",
             "Shelling hit Al Mayadin, east of Deir Al-Zour, and Abu Kamal.",
             "No place here at all."]
    languages = [None, None, "ar", "en", None]
    hints = [None, None, None, ("SY",), None]

    def key(ms):
        return [(m.start, m.end, m.value, m.attr("precision"), m.attr("relative")) for m in ms]

    one = [tiny_resolver.find(t, language=lang, country_hint=h)
           for t, lang, h in zip(texts, languages, hints, strict=True)]
    many = tiny_resolver.find_many(texts, languages=languages, country_hints=hints)
    assert [key(ms) for ms in many] == [key(ms) for ms in one]
    assert "170654" in {m.value for m in many[0]} and many[1] == [] and many[4] == []


def test_a_name_no_entry_fits_is_placed_at_the_story_focus(tiny_resolver):
    """An unknown village in a story about Deir ez-Zor lands there, flagged as coarse."""
    text = "Fighters left Al-Bukamal for Qaryat Zzyzx, east of the city of Deir ez-Zor and Al-Mayadin."
    spans = [(text.index(n), text.index(n) + len(n)) for n in
             ("Al-Bukamal", "Qaryat Zzyzx", "Deir ez-Zor", "Al-Mayadin")]
    unknown = tiny_resolver.resolve_spans(text, spans)[1]
    assert unknown.value is None  # no geonameid is claimed for it
    assert unknown.attr("relation") == "document-focus"
    assert unknown.attr("precision") == "region"
    assert haversine_km(unknown.attr("lat"), unknown.attr("lon"), 35.0, 40.6) < 150


def test_the_story_focus_is_a_town_not_the_point_of_a_province():
    """Two towns 200 km apart and their province's point between them: an unknown name goes
    to the town the story names most, not to the province's point in the empty middle."""
    from watchfloor.geo.build import build_gazetteer
    from watchfloor.geo.dumps import GeonameRow

    def town(gid, name, lat, lon):
        return GeonameRow(gid, name, name, (), lat, lon, "P", "PPL", "ZZ", "01", "", 60_000)

    gaz = build_gazetteer([town(1, "Northby", 54.0, -113.5), town(2, "Southby", 52.2, -113.5)],
                          admin1={"ZZ.01": ("Middleshire", "Middleshire", 9)})
    text = "Skaters from Zzyzx went to Southby, then Northby, then back to Southby in Middleshire."
    names = ["Zzyzx", "Southby", "Northby", "Southby", "Middleshire"]
    spans, at = [], 0
    for n in names:
        at = text.index(n, at)
        spans.append((at, at + len(n)))
        at += len(n)
    unknown = GazetteerResolver(gaz, use_ner=False).resolve_spans(text, spans)[0]
    assert unknown.attr("relation") == "document-focus" and unknown.attr("anchor") == "2"


def test_a_feature_of_a_town_is_near_the_town_not_the_town(tiny_resolver):
    text = "Shelling hit the Al-Mayadin Valley overnight."
    s = text.index("Al-Mayadin Valley")
    m = tiny_resolver.resolve_spans(text, [(s, s + len("Al-Mayadin Valley"))])[0]
    assert m.attr("matched_name") and m.attr("precision") == "near"


def test_a_plural_area_word_makes_every_name_of_its_list_an_area():
    text = "Rain hit Becker, Clay and Otter Tail counties, and the metro Athens counties."
    names = ["Becker", "Clay", "Otter Tail", "Athens"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    assert listed_area_words(text, spans) == ["counties", "counties", "counties", None]


def test_a_name_holding_its_admin_noun_is_the_area_even_when_the_city_also_bears_it():
    # GeoNames lists "محافظة إدلب" (Idlib Governorate) among the city's own names
    from watchfloor.geo.build import build_gazetteer
    from watchfloor.geo.dumps import GeonameRow

    city = GeonameRow(169389, "Idlib", "Idlib", ("إدلب", "محافظة إدلب"), 35.93, 36.63, "P", "PPLA",
                      "SY", "09", "", 128_840)
    town = GeonameRow(1, "Ariha", "Ariha", ("أريحا",), 35.81, 36.61, "P", "PPL", "SY", "09", "", 40_000)
    gaz = build_gazetteer([city, town], admin1={"SY.09": ("Idlib", "Idlib", 169387)})
    resolver = GazetteerResolver(gaz, use_ner=False)
    for text in ("قصفت الطائرات محافظة إدلب", "Shelling hit Idlib Governorate."):
        found = [m for m in resolver.find(text) if not m.attr("relative")]
        assert [(m.value, m.attr("precision")) for m in found] == [("169387", "admin")], text
    assert [m.value for m in resolver.find("وصلت القوات إلى إدلب")] == ["169389"]  # the city


def _levant_gazetteer():
    from watchfloor.geo.build import build_gazetteer
    from watchfloor.geo.dumps import GeonameRow

    def place(gid, name, alts, lat, lon, cc, a1, pop, code="PPLA2"):
        return GeonameRow(gid, name, name, alts, lat, lon, "P", code, cc, a1, "", pop)

    return build_gazetteer([
        place(174448, "Albu Kamal", ("البوكمال",), 34.45, 40.92, "SY", "07", 57_572),
        place(92138, "Al Qa'im", ("القائم",), 34.39, 40.99, "IQ", "01", 0),
        place(173334, "Al Qunaytirah", ("القنيطرة", "Quneitra"), 33.13, 35.82, "SY", "12", 36_143, "PPLA"),
        place(2544248, "Kenitra", ("القنيطرة",), 34.26, -6.58, "MA", "02", 366_570, "PPLA"),
        place(1, "Leh", ("له",), 34.16, 77.58, "IN", "12", 37_475, "PPL"),
        place(2, "Hamdan", (), 15.42, 43.98, "YE", "26", 12_000, "PPL"),
        place(3, "Handan", ("Hamdan",), 36.6, 114.48, "CN", "10", 1_358_318, "PPLA2"),
    ])


def test_arabic_towns_beside_the_countries_they_lie_in_are_kept():
    # no NER reads Arabic script, so "weak" small towns lean on the countries the story names;
    # "الله" (in حزب الله) is no place, though without its article it folds onto Leh
    resolver = GazetteerResolver(_levant_gazetteer(), use_ner=False)
    text = "نقلت ميليشيا حزب الله العراقي 100 عنصر من العراق إلى سوريا عبر معبر البوكمال-القائم"
    found = {m.text: m.attr("country") for m in resolver.find(text) if not m.attr("relative")}
    assert found == {"العراق": "IQ", "سوريا": "SY", "البوكمال": "SY", "القائم": "IQ"}


def test_followed_countries_take_a_namesake_over_a_bigger_one_elsewhere():
    resolver = GazetteerResolver(_levant_gazetteer(), use_ner=False)
    text = "من العراق إلى سوريا، واتجه بعضهم إلى القنيطرة"
    followed = {m.text: m.attr("country") for m in resolver.find(text, country_hint=("SY", "IQ"))}
    assert followed["القنيطرة"] == "SY"  # Quneitra, not Kenitra in Morocco
    # the namesake must lie where the story does: a Syrian story's "Hamdan" is not Yemen's
    syrian = resolver.find("Drones struck Hamdan airport near Al Qunaytirah and Albu Kamal in Syria.",
                           country_hint=("SY", "YE"))
    assert "YE" not in {m.attr("country") for m in syrian}
    # a story that names Morocco keeps Kenitra, followed countries or not
    morocco = resolver.find("زار الوفد المغرب ومدينة القنيطرة", country_hint=("SY", "IQ"))
    assert {m.text: m.attr("country") for m in morocco}.get("القنيطرة") == "MA"


def test_countries_are_known_by_their_arabic_and_persian_names():
    resolver = GazetteerResolver(_levant_gazetteer(), use_ner=False)
    found = {m.text: m.attr("country") for m in resolver.find("وصل وفد من الصين وفرنسا إلى المغرب")}
    assert found == {"الصين": "CN", "فرنسا": "FR", "المغرب": "MA"}
    found = {m.text: m.attr("country") for m in resolver.find("هیئتی از فرانسه و آلمان به مراکش رفت")}
    assert found == {"فرانسه": "FR", "آلمان": "DE", "مراکش": "MA"}
    # a country name that is mostly an everyday word is left out: مالي is "financial"
    assert resolver.find("قدمت الحكومة الدعم المالي") == []


def test_an_admin_seat_with_no_population_is_still_a_town_of_a_followed_country():
    # GeoNames gives Al-Qa'im (a district seat on the Syrian border) no population
    from watchfloor.geo.build import build_gazetteer
    from watchfloor.geo.dumps import GeonameRow

    qaim = GeonameRow(92138, "Al Qa'im", "Al Qa'im", ("Al-Qaim", "القائم"), 34.39, 40.99, "P", "PPLA2",
                      "IQ", "01", "", 0)
    keiem = GeonameRow(2794730, "Keiem", "Keiem", ("Kaim",), 51.08, 2.88, "P", "PPL", "BE", "VLG", "", 8_000)
    resolver = GazetteerResolver(build_gazetteer([qaim, keiem]), use_ner=False)
    found = resolver.find("Fighting was reported near Al-Qaim.", country_hint=("SY", "IQ"))
    assert {m.attr("country") for m in found} == {"IQ"}


def test_arabic_and_persian_facilities_are_near_their_town(tiny_resolver):
    # "مطار دمشق الدولي" (Damascus International Airport), as in English: near the town
    found = tiny_resolver.find("قصف إسرائيلي على مطار دمشق الدولي")
    (airport,) = [m for m in found if m.attr("relative")]
    assert airport.text == "مطار دمشق" and airport.attr("relation") == "facility"
    assert airport.attr("precision") == "near" and airport.attr("anchor") == "170654"
    found = tiny_resolver.find("حمله اسرائیل به فرودگاه بین‌المللی دمشق", language="fa")
    assert [m.attr("relation") for m in found if m.attr("relative")] == ["facility"]


def test_a_place_that_names_an_armed_force_is_kept_but_marked_in_name(tiny_resolver):
    # "قوات سوريا الديمقراطية": the Syrian Democratic Forces, not an event in Syria
    found = {m.text: m for m in tiny_resolver.find("انسحبت قوات سوريا الديمقراطية من دير الزور")}
    assert found["سوريا"].attr("in_name") is True
    assert not found["دير الزور"].attr("in_name")


def test_a_place_in_an_armed_force_s_english_name_is_marked_in_name():
    from watchfloor.geo.build import build_gazetteer
    from watchfloor.geo.dumps import GeonameRow

    quds = GeonameRow(281184, "Jerusalem", "Jerusalem", ("Quds", "Al-Quds"), 31.77, 35.22, "P", "PPLA",
                      "IL", "06", "", 714_000)
    palmyra = GeonameRow(163808, "Tadmur", "Tadmur", ("Palmyra",), 34.56, 38.28, "P", "PPLA2",
                         "SY", "11", "", 51_323)
    resolver = GazetteerResolver(build_gazetteer([quds, palmyra]), use_ner=False)
    for text, name in (("The IRGC's Quds Force moved drones to Palmyra.", "Quds"),
                       ("The Israel Defense Forces said troops reached Palmyra.", "Israel")):
        found = {m.text: m for m in resolver.find(text) if not m.attr("relative")}
        assert found[name].attr("in_name") is True, text  # shown, never where it happened
        assert not found["Palmyra"].attr("in_name")
