"""Quantities and fatalities: number + head noun, qualifier, unit class, killed-or-not."""

import pytest

from watchfloor.extract.quantities import find_fatalities, find_quantities
from watchfloor.records import MentionKind

PARAGRAPH = (
    "On November 3, the Al-Shahid Brigade moved more than 200 fighters and several truckloads of "
    "rockets from Iraq into Syria through the Al-Bukamal crossing, according to the opposition site "
    "Deir Now. The same day, the group's commanders held exercises in the desert east of Deir ez-Zor. "
    "Two weeks earlier, a drone strike on its base near Al-Mayadin killed four members."
)


def summary(m):
    return (m.text, m.value, m.attr("qualifier"), m.attr("unit"), m.attr("unit_class"), m.attr("is_fatalities"))


def test_paragraph_quantities_and_fatalities():
    found = find_quantities(PARAGRAPH, "en")
    assert [summary(m) for m in found] == [
        ("more than 200 fighters", "200", "more than", "fighter", "personnel", False),
        ("several truckloads of rockets", None, "several", "truckload", "weapons", False),
        ("four members", "4", None, "member", "personnel", True),
    ]
    truckloads = found[1]
    assert truckloads.attr("content") == "rocket" and truckloads.attr("vague_range") == (3, 9)
    assert all(m.kind is MentionKind.QUANTITY and PARAGRAPH[m.start:m.end] == m.text for m in found)
    assert [(m.value, m.text) for m in find_fatalities(PARAGRAPH, "en")] == [("4", "four members")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dozens of fighters crossed.", ("Dozens of fighters", None, "dozens", "fighter", "personnel", False)),
        ("They came in five buses.", ("five buses", "5", None, "bus", "vehicles", False)),
        ("At least 12 people were killed.", ("At least 12 people", "12", "at least", "person", "casualties", True)),
        ("around 200 members joined", ("around 200 members", "200", "about", "member", "personnel", False)),
        ("a convoy of 30 vehicles", ("30 vehicles", "30", None, "vehicle", "vehicles", False)),
        ("up to 1,500 rockets", ("up to 1,500 rockets", "1500", "up to", "rocket", "weapons", False)),
        ("some 40 armed Iranian advisers", ("some 40 armed Iranian advisers", "40", "about", "adviser", "personnel", False)),
        ("more than 100 of its operatives", ("more than 100 of its operatives", "100", "more than", "operative", "personnel", False)),
    ],
)
def test_english_quantities(text, expected):
    found = find_quantities(text, "en")
    assert [summary(m) for m in found] == [expected]


def test_dozens_has_a_vague_range():
    m = find_quantities("Dozens of fighters crossed.", "en")[0]
    assert m.value is None and m.attr("vague_range") == (24, 99)


@pytest.mark.parametrize(
    ("text", "value", "span"),
    [
        ("The raid killed four members of the group.", "4", "four members"),
        ("Four members were killed in the raid.", "4", "Four members"),
        ("a strike that left 3 dead", "3", "3 dead"),
        ("a strike that left at least 12 people dead", "12", "at least 12 people"),
        ("shelling the town, killing at least 12.", "12", "at least 12"),
        ("The death toll rose to 15.", "15", "15"),
        ("Two soldiers died in the blast.", "2", "Two soldiers"),
        ("Four members of the Sayyidah Zaynab Regiment were killed.", "4", "Four members"),
        ("12 fighters were reportedly killed in the strike", "12", "12 fighters"),
        ("12 fighters killed in the strike were buried.", "12", "12 fighters"),
    ],
)
def test_fatalities(text, value, span):
    found = find_fatalities(text, "en")
    assert [(m.value, m.text) for m in found] == [(value, span)]


@pytest.mark.parametrize(
    "text",
    ["Two fighters who killed civilians were arrested.", "Five gunmen killed a guard.",
     "Ten members said they were ready to die.", "The convoy left 30 fighters at the base."],
)
def test_killers_are_not_the_killed(text):
    assert find_fatalities(text, "en") == []


def test_wounded_are_not_fatalities():
    text = "The drone killed two fighters and wounded 10 others."
    found = find_quantities(text, "en")
    assert [(m.text, m.attr("is_fatalities"), m.attr("is_injuries")) for m in found] == [
        ("two fighters", True, None), ("10 others", False, True)]


@pytest.mark.parametrize(
    "text",
    [
        "The Brigade 47 commander and the 4th Division met.",
        "They met at 10:30 on November 3, 2023.",
        "Support fell to 45% in 2022.",
        "The 2023 elections were delayed.",
        "Fajr-5 and Shahed-136 were shown.",
        "Deir Ezzor 24 reported it.",
        "Resolution 2231 expired.",
        "It took 3 hours and 20 km.",
        "one of the buses was stopped",
    ],
)
def test_numbers_that_are_not_quantities(text):
    assert find_quantities(text, "en") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وصل أكثر من 100 عنصر إلى البوكمال", ("أكثر من 100 عنصر", "100", "more than", "operative", "personnel", False)),
        ("دخل عشرات المقاتلين", ("عشرات المقاتلين", None, "dozens", "fighter", "personnel", False)),
        ("دخلت خمس حافلات", ("خمس حافلات", "5", None, "bus", "vehicles", False)),
        ("وصل نحو ٣٠٠ مقاتل", ("نحو ٣٠٠ مقاتل", "300", "about", "fighter", "personnel", False)),
        ("أسفر القصف عن مقتل ثلاثة عناصر", ("ثلاثة عناصر", "3", None, "operative", "personnel", True)),
        ("سقط 5 قتلى", ("5 قتلى", "5", None, "dead", "casualties", True)),
    ],
)
def test_arabic_quantities(text, expected):
    assert [summary(m) for m in find_quantities(text, "ar")] == [expected]


def test_arabic_dead_and_wounded():
    found = find_quantities("أسفرت الغارة عن سقوط عشرات القتلى وإصابة 20 آخرين", "ar")
    assert [(m.text, m.attr("unit"), m.attr("is_fatalities"), m.attr("is_injuries")) for m in found] == [
        ("عشرات القتلى", "dead", True, None), ("20 آخرين", "person", False, True)]
    assert [m.value for m in find_fatalities("لقي 3 عناصر حتفهم", "ar")] == ["3"]


def test_arabic_brigade_numbers_and_years_are_not_quantities():
    assert find_quantities("زار اللواء 47 المنطقة عام 2023", "ar") == []
    assert find_quantities("انتهت الحرب في العام ١٩٨٨ باتفاق", "ar") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tanween written after the alef or on the letter before it; the span keeps the marks
        ("اعتقلت قوات الأمن العام ١٢ شخصاً في حمص", ("١٢ شخصاً", "12", "person", "other", False)),
        ("استقدم الفصيل ٤٠ عنصرًا إلى المدينة", ("٤٠ عنصرًا", "40", "operative", "personnel", False)),
        ("نشرت الفرقة الرابعة ٢٥٠ مقاتلاً على الحدود", ("٢٥٠ مقاتلاً", "250", "fighter", "personnel", False)),
        ("قُتل ٩ مدنياً في قصف على القرية", ("٩ مدنياً", "9", "civilian", "casualties", True)),
        ("حصيلة الغارة ١٤ قتيلًا", ("١٤ قتيلًا", "14", "dead", "casualties", True)),
        ("وصل ٦٠ مسلّحاً من البادية", ("٦٠ مسلّحاً", "60", "gunman", "personnel", False)),
        ("أطلق النائب العام سراح ٣ مجندينَ", ("٣ مجندينَ", "3", "recruit", "personnel", False)),
    ],
)
def test_arabic_count_nouns_with_tanween_and_marks(text, expected):
    found = find_quantities(text, "ar")
    assert [(m.text, m.value, m.attr("unit"), m.attr("unit_class"), m.attr("is_fatalities")) for m in found] == [expected]
    assert all(text[m.start:m.end] == m.text for m in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بیش از ۱۰۰ نیرو وارد شدند", ("بیش از ۱۰۰ نیرو", "100", "more than", "fighter", "personnel", False)),
        ("ده‌ها رزمنده رسیدند", ("ده‌ها رزمنده", None, "dozens", "fighter", "personnel", False)),
        ("پنج اتوبوس رسید", ("پنج اتوبوس", "5", None, "bus", "vehicles", False)),
        ("در این حمله ۳ نفر کشته شدند", ("۳ نفر", "3", None, "person", "casualties", True)),
    ],
)
def test_farsi_quantities(text, expected):
    assert [summary(m) for m in find_quantities(text, "fa")] == [expected]


def test_empty_unsupported_and_large_text():
    assert find_quantities("", "en") == []
    assert find_quantities("Plus de 200 combattants.", "fr") == []
    text = (PARAGRAPH + "\n") * (1_000_000 // (len(PARAGRAPH) + 1))
    found = find_quantities(text, "en")
    assert len(found) == 3 * text.count("\n")


def test_seed_report(shared_dir):
    text = (shared_dir / "corpus/seed/pmu-syria-2023-11-05.txt").read_text(encoding="utf-8")
    found = [(m.text, m.value, m.attr("unit")) for m in find_quantities(text, "en")]
    assert ("more than 100 of its operatives", "100", "operative") in found
    assert ("five buses", "5", "bus") in found
    assert ("dozens of operatives", None, "operative") in found
    assert find_fatalities(text, "en") == []
