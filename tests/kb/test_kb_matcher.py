"""The actor matcher finds every common spelling, in three scripts, and not ordinary words."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchfloor.kb.loader import load_kb
from watchfloor.kb.matcher import ActorMatcher
from watchfloor.records import MentionKind


@pytest.fixture(scope="module")
def matcher() -> ActorMatcher:
    return ActorMatcher(load_kb())


def found(matcher: ActorMatcher, text: str, **kw) -> list[tuple[str, str]]:
    return [(m.text, m.value) for m in matcher.find(text, **kw)]


@pytest.mark.parametrize("spelling", [
    "Kata'ib Hizballah", "Kataib Hezbollah", "Kata’ib Hizbullah", "KATAIB HEZBOLLAH", "Kataeb Hezbollah",
    "كتائب حزب الله", "كَتائِب حِزْب الله", "وكتائب حزب الله", "کتائب حزب‌الله",
])
def test_kataib_hizballah_spellings(matcher, spelling):
    mentions = matcher.find(f"Rockets were fired; {spelling} said on Monday.")
    assert [m.value for m in mentions] == ["kataib-hezbollah"]
    assert spelling.endswith(mentions[0].text)  # the Arabic و prefix stays outside the span


@pytest.mark.parametrize("spelling", [
    "Fatemiyoun", "Fatemiyun", "Fatimiyoun", "لشکر فاطمیون", "لشكر فاطميون", "لواء فاطميون",
])
def test_fatemiyoun_spellings(matcher, spelling):
    assert [v for _, v in found(matcher, f"Fighters of {spelling} arrived.")] == ["liwa-fatemiyoun"]


@pytest.mark.parametrize("text, span", [
    ("Units of the PMU moved west.", "PMU"),
    ("the Hashd al-Shaabi announced", "Hashd al-Shaabi"),
    ("Hashd al-Sha'bi fighters", "Hashd al-Sha'bi"),
    ("أعلن الحشد الشعبي النفير", "الحشد الشعبي"),
    ("قال بيان لهيئة الحشد الشعبي", "هيئة الحشد الشعبي"),
    ("ينتمون للحشد الشعبي", "للحشد الشعبي"),
    ("Iraqi Popular Mobilization Units (PMU) secretly sent weapons", "Iraqi Popular Mobilization Units"),
])
def test_pmf_names(matcher, text, span):
    mentions = matcher.find(text)
    assert mentions[0].value == "pmf"
    assert mentions[0].text == span
    assert text[mentions[0].start:mentions[0].end] == span


def test_arabic_orthographic_variants(matcher):
    # alef forms, ta marbuta / ha, alef maqsura / ya, tatweel and harakat
    for text in ["هيئة تحرير الشام", "هيئه تحرير الشام", "هيـــئة تحرير الشَّام", "وهيئة تحرير الشام"]:
        assert [v for _, v in found(matcher, text)] == ["hts"], text
    for text in ["تنظيم الدولة الإسلامية", "تنظيم الدوله الاسلاميه"]:
        assert [v for _, v in found(matcher, text)] == ["isis"], text


def test_farsi_letter_variants(matcher):
    assert [v for _, v in found(matcher, "سپاه پاسداران انقلاب اسلامی اعلام کرد")] == ["irgc"]
    assert [v for _, v in found(matcher, "نیروی قدس سپاه")] == ["irgc-quds-force"]


def test_longest_match_wins(matcher):
    assert found(matcher, "Islamic State West Africa Province fighters") == [
        ("Islamic State West Africa Province", "iswap")]
    assert found(matcher, "Iranian Islamic Revolutionary Guard Corps (IRGC)") == [
        ("Iranian Islamic Revolutionary Guard Corps", "irgc"), ("IRGC", "irgc")]
    assert found(matcher, "كتائب حزب الله وحزب الله") == [
        ("كتائب حزب الله", "kataib-hezbollah"), ("حزب الله", "hezbollah")]


def test_possessive(matcher):
    assert found(matcher, "Hezbollah's Radwan Force and the IRGC’s commanders") == [
        ("Hezbollah", "hezbollah"), ("Radwan Force", "radwan-force"), ("IRGC", "irgc")]


def test_abbreviations_match_only_in_capitals(matcher):
    assert found(matcher, "SDF fighters") == [("SDF", "sdf")]
    assert found(matcher, "the sdf file and a pmu reading, hts tools") == []


@pytest.mark.parametrize("text", [
    "It is what it is.", "This IS NOT A DRILL", "WHAT IS NEXT FOR SYRIA?", "Her thesis is done.",
])
def test_is_needs_context(matcher, text):
    assert [v for _, v in found(matcher, text)] == []


@pytest.mark.parametrize("text", [
    "IS fighters attacked a checkpoint.", "The attack was claimed by IS on Monday.",
    "IS-linked cells", "remnants of IS",
])
def test_is_as_the_group(matcher, text):
    assert [v for _, v in found(matcher, text)] == ["isis"]


@pytest.mark.parametrize("text", [
    "The chamas dance and shamash lamps.", "Mohammed Hamasi spoke.", "a hezbollahian style",
    "The badre river", "We discussed syntax and sdfs.", "Nasdaq rose; the daeshboard app",
    "He was enthusiastic (الحماسة كانت كبيرة).",
])
def test_no_false_positives_inside_words(matcher, text):
    assert found(matcher, text) == []


def test_descriptive_generic_phrases(matcher):
    text = ("Unknown gunmen killed two civilians; Iranian-backed militias shelled the area, "
            "and regime forces answered.")
    mentions = matcher.find(text, on=date(2023, 5, 1))
    assert [m.value for m in mentions] == [
        "unidentified-gunmen", "civilians", "iran-backed-militias", "syrian-arab-army"]
    assert mentions[0].attr("generic") is True
    assert all(0 < m.attr("confidence") <= 1 for m in mentions)


def test_date_picks_the_syrian_army_of_its_time(matcher):
    before = matcher.find("The Syrian army shelled Idlib.", on=date(2023, 1, 1))
    after = matcher.find("The Syrian army shelled Idlib.", on=date(2025, 3, 1))
    assert before[0].value == "syrian-arab-army"
    assert after[0].value == "syrian-army-transitional"
    assert after[0].attr("resolved_by") == "date"
    undated = matcher.find("The Syrian army shelled Idlib.")
    assert set(undated[0].attr("candidates")) == {"syrian-arab-army", "syrian-army-transitional"}


def test_era_note_for_an_actor_outside_its_time(matcher):
    [m] = matcher.find("HTS fighters", on=date(2025, 6, 1))
    assert m.value == "hts"
    assert "until 2025-01-29" in m.attr("note")
    assert m.attr("successor") == "syrian-army-transitional"


def test_mentions_are_typed_records(matcher):
    [m] = matcher.find("Saraya al-Quds fired rockets")
    assert m.kind is MentionKind.ACTOR
    assert m.value == "al-quds-brigades"
    assert m.attr("alias") == "Saraya al-Quds"
    assert m.attr("name") == "al-Quds Brigades"
    assert m.step == "actors.kb@1"


def test_user_file_actor_is_matched(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("actors:\n  - id: test-falcons\n    name: Falcons of the Test\n"
                    "    kind: militia\n    aliases:\n      ar: [صقور الاختبار]\n", encoding="utf-8")
    matcher = ActorMatcher(load_kb([path]))
    assert found(matcher, "هاجمت صقور الاختبار and the Falcons of the Test") == [
        ("صقور الاختبار", "test-falcons"), ("Falcons of the Test", "test-falcons")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab IS'’-sPMUhezbollaHkatibحزبالله وكتائب.\u0640\u064e")),
               max_size=80))
def test_spans_always_point_into_the_text(matcher, text):
    mentions = matcher.find(text)
    last_end = -1
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.start >= last_end  # in order, no overlaps
        last_end = m.end


@pytest.mark.parametrize("text", [
    "Egyptian Foreign Minister Badr Abdelatty met his counterpart.",
    "Abu Mohammad al-Golani spoke in Idlib.",
    "An earthquake hit South Khorasan Province.",
    "Clashes in Rada'a district of al-Bayda.",
    "The Shabak community of the Nineveh Plains.",
    "ندوة عن المجتمع المدني ودور الدفاع المدني",
    "The Democratic Front won seats; the Popular Front split.",
])
def test_names_of_people_places_and_common_words_are_not_actors(matcher, text):
    assert found(matcher, text) == []


def test_arabic_paragraph(matcher):
    text = ("أعلنت المقاومة الإسلامية في العراق استهداف قاعدة، فيما قالت قوات سوريا الديمقراطية (قسد) "
            "إن خلايا داعش هاجمت حاجزاً. وقال الحرس الثوري الإيراني إن فيلق القدس لم يشارك، "
            "بينما نفت حركة النجباء وعصائب أهل الحق ذلك، وقصفت قوات النظام مواقع هيئة تحرير الشام.")
    assert [v for _, v in found(matcher, text, on=date(2023, 11, 5))] == [
        "islamic-resistance-in-iraq", "sdf", "sdf", "isis", "irgc", "irgc-quds-force",
        "harakat-al-nujaba", "asaib-ahl-al-haq", "syrian-arab-army", "hts"]


def test_farsi_paragraph(matcher):
    text = ("سپاه پاسداران اعلام کرد نیروی هوافضای سپاه با همکاری حزب‌الله لبنان و انصارالله یمن "
            "عملیات را انجام داد؛ حشد الشعبی و لشکر فاطمیون نیز حضور داشتند.")
    assert [v for _, v in found(matcher, text)] == [
        "irgc", "irgc-aerospace-force", "hezbollah", "houthis", "pmf", "liwa-fatemiyoun"]


@pytest.mark.parametrize("name, actor_id", [
    ("Military Forces of Syria (2000-2024)", "syrian-arab-army"),
    ("PMF: Popular Mobilization Forces", "pmf"),
    ("Protesters (Iraq)", "protesters"),
    ("Kataib Hizbullah", "kataib-hezbollah"),
    ("Houthi rebels in Yemen", "houthis"),
    ("الحرس الثوري الإيراني", "irgc"),
])
def test_resolve_coded_actor_names(matcher, name, actor_id):
    assert matcher.resolve(name).id == actor_id


def test_resolve_unknown_and_dated(matcher):
    assert matcher.resolve("Ministry of Agriculture") is None
    assert matcher.resolve("Syrian army", on=date(2025, 5, 1)).id == "syrian-army-transitional"


def test_mixed_case_abbreviations_keep_their_case(matcher):
    assert found(matcher, "A DoD spokesman; the SyAAF bombed") == [
        ("DoD", "us-department-of-defense"), ("SyAAF", "syrian-arab-air-force")]
    assert found(matcher, "the dod and syaaf") == []
