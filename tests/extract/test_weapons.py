"""Weapons and vehicles from the packaged list (data/weapons.yaml)."""

import pytest

from watchfloor.extract.weapons import find_weapons, load_weapons
from watchfloor.records import MentionKind


def found(text, language="en"):
    return [(m.text, m.value) for m in find_weapons(text, language)]


def test_the_list_is_big_and_covers_every_category():
    entries, not_weapons = load_weapons()
    assert len(entries) >= 150
    assert {e.category for e in entries} == {
        "small_arms", "rocket", "missile", "drone", "artillery", "air_defence", "explosive", "vehicle"}
    assert len({e.id for e in entries}) == len(entries)
    assert all(e.aliases["en"] for e in entries)
    assert "think tank" in not_weapons


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("entries: [", "cannot read"),
        ("nothing: here", "no 'entries'"),
        ("entries:\n- {id: x, kind: tank, category: vehicle}", "valid kind"),
        ("entries:\n- {id: x, kind: weapon, category: rocket}\n- {id: x, kind: weapon, category: rocket}", "duplicate"),
    ],
)
def test_a_broken_list_is_a_clear_error(tmp_path, content, message):
    from watchfloor.errors import ExtractError

    path = tmp_path / "weapons.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ExtractError, match=message) as info:
        load_weapons(path)
    assert info.value.hint


def test_english_names_plurals_and_spellings():
    text = ("Militias fired Katyusha rockets, two Grads and a Shahed-136 at the base; a TOW missile hit a T-72. "
            "They also used Fajr 5 rockets, FPV drones and an IED.")
    assert found(text) == [
        ("Katyusha rockets", "katyusha"), ("Grads", "grad"), ("Shahed-136", "shahed-136"),
        ("TOW missile", "tow"), ("T-72", "t-72"), ("Fajr 5", "fajr-5"), ("rockets", "rocket-generic"),
        ("FPV drones", "fpv-drone"), ("IED", "ied"),
    ]


def test_kinds_and_categories():
    ms = find_weapons("A Humvee and a Kornet were seen near five buses.", "en")
    assert [(m.kind, m.value, m.attr("category")) for m in ms] == [
        (MentionKind.VEHICLE, "humvee", "vehicle"),
        (MentionKind.WEAPON, "kornet", "missile"),
        (MentionKind.VEHICLE, "bus", "vehicle"),
    ]
    assert ms[1].attr("type") == "atgm" and ms[0].step == "weapons@1"


@pytest.mark.parametrize(
    "text",
    [
        "A think tank in Milan said Sam would tow the car home.",  # think tank, Milan, Sam, tow
        "Abdel Fattah met the Qassam Brigades.",
        "The Fatah movement and technical experts.",
    ],
)
def test_names_and_words_that_are_not_weapons(text):
    assert [v for _t, v in found(text) if v not in ("car",)] == []


def test_arabic_prefixes_and_names():
    text = "أطلقت الميليشيات صواريخ كاتيوشا وطائرة مسيرة، ودخلت خمس حافلات وبالأسلحة والدبابات"
    assert found(text, "ar") == [
        ("صواريخ كاتيوشا", "katyusha"), ("طائرة مسيرة", "drone-generic"), ("حافلات", "bus"),
        ("الأسلحة", "weapons-generic"), ("الدبابات", "tank-generic"),
    ]


def test_arabic_march_is_not_a_drone():
    assert found("خرجت مسيرة حاشدة في بغداد", "ar") == []


def test_farsi_names_and_plural_endings():
    text = "پهپادهای شاهد ۱۳۶ و موشک‌ها و کامیون‌ها و اتوبوس"
    assert found(text, "fa") == [
        ("پهپادهای", "drone-generic"), ("شاهد ۱۳۶", "shahed-136"), ("موشک‌ها", "missile-generic"),
        ("کامیون‌ها", "truck"), ("اتوبوس", "bus"),
    ]


def test_english_names_inside_arabic_text():
    assert ("Shahed-136", "shahed-136") in found("أعلنت الجماعة استخدام Shahed-136 في الهجوم", "ar")


def test_empty_unsupported_and_large_text():
    assert find_weapons("", "en") == []
    assert find_weapons("Des roquettes Katyusha.", "fr") == []
    text = "A Katyusha rocket hit a Humvee. " * 32_000
    assert len(find_weapons(text, "en")) == 2 * 32_000
