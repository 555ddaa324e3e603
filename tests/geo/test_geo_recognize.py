"""Toponym recognition: what the NER is asked to read, and Arabic place phrases."""

from __future__ import annotations

import subprocess
import sys

import pytest

from watchfloor.geo.normalize import tokenize
from watchfloor.geo.recognize import NerSpans, ner_spans, ner_windows


def _windows(text: str, names: list[str]) -> list[str]:
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    return [text[a:b] for a, b in ner_windows(text, tokenize(text), spans)]


def test_ner_reads_a_word_either_side_of_each_match():
    text = "Officials said on Monday that shelling hit Al-Mayadin overnight and residents fled."
    assert _windows(text, ["Al-Mayadin"]) == ["hit Al-Mayadin overnight"]


def test_ner_also_reads_names_after_locative_words():
    # "Darfur" is no gazetteer match here, but "in Darfur" makes it worth asking the NER
    text = "Aid workers in Darfur told reporters that Ahmed Haroun had left."
    assert _windows(text, []) == ["in Darfur told"]


def test_close_windows_merge_so_no_name_is_cut():
    text = "The convoy left Deir ez-Zor for Abu Kamal at dawn."
    assert _windows(text, ["Deir ez-Zor", "Abu Kamal"]) == ["left Deir ez-Zor for Abu Kamal at"]


def test_a_settled_name_after_a_locative_word_is_not_asked_about():
    text = "Aid workers in Darfur told reporters that Ahmed Haroun had left."
    tokens = tokenize(text)
    darfur = (text.index("Darfur"), text.index("Darfur") + len("Darfur"))
    assert [text[a:b] for a, b in ner_windows(text, tokens, [], settled=[darfur])] == []


def test_nothing_to_ask_runs_no_ner():
    assert ner_spans("Flooding hit homes.", []) == NerSpans([], [])


def _strong_gazetteer():
    from watchfloor.geo.build import build_gazetteer
    from watchfloor.geo.dumps import GeonameRow

    def town(gid, name, pop):
        return GeonameRow(gid, name, name, (), 38.0 + gid / 100, -77.0, "P", "PPL", "US", "VA", "", pop)

    return build_gazetteer([town(1, "Richmond", 220_000), town(2, "Jackson", 150_000),
                            town(3, "Secretary", 500)])


def _asked(text: str) -> list[str]:
    """Matches the NER is asked about in `text` (the others are settled without it)."""
    from watchfloor.geo import recognize as rec

    gaz = _strong_gazetteer()
    tokens = tokenize(text)
    starts = [t.start for t in tokens]
    cands = rec.gazetteer_candidates(gaz, text, tokens)
    return [text[c.start:c.end] for c in cands if c.rows and not rec._settled(
        gaz, text, tokens, starts, c, rec._strength(gaz, text, c)[1], cands)]


def test_a_large_city_among_plain_words_needs_no_ner():
    assert _asked("Flooding hit homes in Richmond on Monday.") == []


def test_a_large_city_next_to_a_name_is_still_asked_about():
    # "Michael Jackson": the NER may call the pair a person and veto the place
    assert _asked("Fans of Michael Jackson gathered in Richmond.") == ["Jackson"]
    assert _asked("Officers said Jackson Police closed the road.") == ["Jackson"]


def test_a_hamlet_named_like_a_word_is_ruled_out_without_the_ner():
    # "Secretary" (500 people) with no locative cue is dropped whatever the NER says
    assert _asked("The Secretary visited the county on Monday.") == []


def test_windowed_ner_spans_keep_text_offsets():
    text = "Yesterday the minister flew from Paris to Jackson, Mississippi, with Michael Jackson."
    found = ner_spans(text, ner_windows(text, tokenize(text), [(33, 38), (42, 49), (51, 62),
                                                              (77, 84)]))
    for s, e, _label in found.places + found.vetoes:
        assert text[s:e].strip() == text[s:e] and text[s:e]
    assert any(text[s:e] == "Paris" for s, e, _ in found.places)


def test_loading_the_ner_does_not_import_torch():
    code = ("import sys; from watchfloor.geo.recognize import load_ner; load_ner(); "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- Arabic place phrases ------------------------------------------------------------------

# Own rows in GeoNames' layout: Medina also carries the bare word "مدينة" as a name, and a
# Canadian city carries "سوري" (so "السوري", the Syrian, once resolved to Canada).
_AR_PLACES = [
    (109223, "Medina", "Medina", "Al Madinah,المدينة المنورة,مدينة", 24.46861, 39.61417,
     "P", "PPLA", "SA", "05", "", 1300000),
    (6159905, "Surrey", "Surrey", "سوري", 49.10635, -122.82509, "P", "PPL", "CA", "02", "", 394976),
    (170905, "Daraa", "Daraa", "Dar'a,درعا", 32.61889, 36.10213, "P", "PPLA", "SY", "08", "", 97969),
    (173322, "Al Qusayr", "Al Qusayr", "Qusayr,القصير", 34.5078, 36.58029, "P", "PPLA3", "SY", "11",
     "", 29000),
    (169575, "Homs", "Homs", "حمص", 34.72682, 36.72339, "P", "PPLA", "SY", "11", "", 775404),
]
_AR_COUNTRIES = [
    ("SA", "SAU", "682", "SA", "Saudi Arabia", "Riyadh", "1960582", "34000000", "AS", ".sa", "SAR",
     "Rial", "966", "", "", "ar-SA", "102358", "IQ,JO", ""),
    ("CA", "CAN", "124", "CA", "Canada", "Ottawa", "9984670", "38000000", "NA", ".ca", "CAD",
     "Dollar", "1", "", "", "en-CA,fr-CA", "6251999", "US", ""),
]


@pytest.fixture(scope="module")
def ar_resolver(tmp_path_factory):
    from geo_fixtures import ADMIN1, COUNTRIES, PLACES, geoname_line

    from watchfloor.geo import GazetteerResolver
    from watchfloor.geo.storage import import_files, load_imported

    dumps = tmp_path_factory.mktemp("ar-dumps")
    places = dumps / "places.txt"
    places.write_text("".join(geoname_line(r) for r in PLACES + _AR_PLACES), encoding="utf-8")
    admin1 = dumps / "admin1CodesASCII.txt"
    admin1.write_text("".join("\t".join(map(str, a)) + "\n" for a in ADMIN1), encoding="utf-8")
    info = dumps / "countryInfo.txt"
    info.write_text("#ISO\tISO3\n" + "".join("\t".join(c) + "\n" for c in COUNTRIES + _AR_COUNTRIES),
                    encoding="utf-8")
    data = tmp_path_factory.mktemp("ar-data")
    import_files(data, [places, admin1, info])
    return GazetteerResolver(load_imported(data))


def _found(resolver, text):
    return {m.text: m.value for m in resolver.find(text, language="ar") if not m.attr("relative")}


@pytest.mark.parametrize("text, name, gid", [
    ("قصفت الطائرات مواقع في مدينة الميادين فجر اليوم.", "الميادين", "173480"),  # city of
    ("هاجم مسلحون حاجزاً في مدينة درعا مساء أمس.", "درعا", "170905"),
    ("انسحب المقاتلون من بلدة القصير نحو الحدود.", "القصير", "173322"),  # town of
    ("وصلت التعزيزات إلى قرية البوكمال صباحاً.", "البوكمال", "174448"),  # village of
    ("أعلن المحافظ حظر التجول في محافظة حمص.", "حمص", "169575"),  # governorate of
    ("تجمع الأهالي وسط بمدينة دير الزور.", "دير الزور", "170794"),  # clitic on the head word
    ("دخلت القوات إلى مدينة والميادين بعدها.", "الميادين", "173480"),  # clitic on the name
])
def test_the_name_after_city_town_village_or_governorate_is_the_place(ar_resolver, text, name,
                                                                       gid):
    found = _found(ar_resolver, text)
    assert "109223" not in found.values(), f"{text}: the head word was read as Medina"
    assert any(name in t and v == gid for t, v in found.items()), (text, found)


def test_a_whole_name_that_starts_with_city_still_matches(ar_resolver):
    # the head word is refused only alone: "المدينة المنورة" is Medina
    assert "109223" in _found(ar_resolver, "توجه الحجاج إلى المدينة المنورة أمس.").values()


@pytest.mark.parametrize("text", [
    "قال الجيش السوري إن الطيران قصف مواقع للمسلحين.",  # the Syrian army
    "أكد المسؤول السوري أن المعبر مغلق.",
    "عبرت شاحنات الحدود السورية ليلاً.",  # the Syrian border
    "التقى وفد عراقي بمسؤولين سوريين.",
    "نفت الحكومة العراقية التقارير.",  # the Iraqi government
])
def test_nisba_adjectives_are_not_places(ar_resolver, text):
    found = _found(ar_resolver, text)
    assert "6159905" not in found.values(), f"{text}: read as a place in Canada: {found}"
    assert not any(t.startswith(("السوري", "العراقي", "سوري", "عراقي")) for t in found), found


def test_the_country_named_plainly_is_still_a_place(ar_resolver):
    found = _found(ar_resolver, "عاد اللاجئون إلى سوريا ثم إلى العراق.")
    assert {"163843", "99237"} <= set(found.values())


def test_a_channel_or_news_agency_named_after_a_town_is_not_a_place(tiny_resolver):
    # "Al-Mayadeen channel said shelling hit the city of Al-Mayadin": one place, the second
    text = "وقالت قناة الميادين إن قصفاً استهدف مدينة الميادين."
    found = [m for m in tiny_resolver.find(text, language="ar") if m.value]
    assert [m.start for m in found] == [text.rindex("الميادين")]


def _mini_gazetteer():
    from watchfloor.geo.build import build_gazetteer
    from watchfloor.geo.dumps import GeonameRow

    def town(gid, name, pop):
        return GeonameRow(gid, name, name, (), 38.0 + gid / 100, -77.0, "P", "PPL", "US", "VA", "", pop)

    return build_gazetteer([town(1, "Secretary", 500), town(2, "Jones", 3000),
                            town(3, "Harwinton", 600), town(4, "Richmond", 220_000)])


def test_hamlets_named_like_words_need_a_locative_cue():
    from watchfloor.geo.recognize import recognise

    gaz = _mini_gazetteer()
    text = "The Defence Secretary visited Richmond. Flooding hit homes in Harwinton."
    found = [text[c.start:c.end] for c in recognise(gaz, text, use_ner=False)]
    assert found == ["Richmond", "Harwinton"]


def test_the_last_word_of_a_persons_name_is_not_a_place():
    from watchfloor.geo.recognize import recognise

    gaz = _mini_gazetteer()
    text = "Officials said Bill Jones drove into Jones on Monday."
    found = [c.start for c in recognise(gaz, text, use_ner=False)]
    assert found == [text.rindex("Jones")]


def test_a_surname_alone_later_in_the_story_is_still_the_person():
    from watchfloor.geo.recognize import recognise

    gaz = _mini_gazetteer()
    text = "Police arrested Jason Terrell Jones on Monday. Jones had fled, according to Jones' lawyer."
    assert [text[c.start:c.end] for c in recognise(gaz, text, use_ner=False)] == []


def test_a_short_word_matched_only_through_a_loose_spelling_is_weak():
    from watchfloor.geo.build import build_gazetteer
    from watchfloor.geo.dumps import GeonameRow
    from watchfloor.geo.resolve import GazetteerResolver

    def town(gid, name, pop, cc, lat, lon):
        return GeonameRow(gid, name, name, (), lat, lon, "P", "PPL", cc, "01", "", pop)

    gaz = build_gazetteer([town(1, "Aya", 1_300_000, "LY", 32.9, 13.2),
                           town(2, "Al Mayadin", 44_000, "SY", 35.0, 40.5),
                           town(3, "Deir ez-Zor", 240_000, "SY", 35.3, 40.1)])
    text = "According to Eye of Euphrates, fighters entered Al-Mayadin and Deir ez-Zor."
    found = [m.text for m in GazetteerResolver(gaz, use_ner=False).find(text)]
    assert "Eye" not in found and "Al-Mayadin" in found


def test_a_lone_loose_match_outside_the_followed_countries_is_dropped():
    from watchfloor.geo.build import build_gazetteer
    from watchfloor.geo.dumps import GeonameRow
    from watchfloor.geo.resolve import GazetteerResolver

    hull = GeonameRow(1, "Hull", "Hull", (), 53.7, -0.3, "P", "PPL", "GB", "ENG", "", 300_000)
    resolver = GazetteerResolver(build_gazetteer([hull]), use_ner=False)
    text = "SDF units stormed sector five of Al-Hol before sunrise."
    assert [m.text for m in resolver.find(text)] == ["Al-Hol"]  # nothing says otherwise
    assert resolver.find(text, country_hint=("SY", "IQ")) == []  # an analyst following Syria


def test_a_street_the_ner_finds_is_no_place_of_its_own(tiny_data):
    # the NER calls "Baghdad Street" a facility; a street is no toponym (as "Dublin Road" is
    # not for a gazetteer match)
    from watchfloor.geo import GazetteerResolver
    from watchfloor.geo.storage import load_imported

    resolver = GazetteerResolver(load_imported(tiny_data), use_ner=True)
    found = [m.text for m in resolver.find("Rockets fell on Damascus and on Baghdad Street, police said.")]
    assert found == ["Damascus"]  # not "Baghdad Street", placed at the story's focus
