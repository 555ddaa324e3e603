"""Date mentions: absolute, relative to the document, relative to the previous date; en/ar/fa."""

from datetime import date

import pytest

from watchfloor.extract.dates import (
    ABSOLUTE,
    RELATIVE_TO_DOCUMENT,
    RELATIVE_TO_PREVIOUS,
    find_dates,
    hijri_to_gregorian,
    solar_hijri_to_gregorian,
)
from watchfloor.records import DatePrecision, MentionKind

REF = date(2023, 11, 5)  # a Sunday

PARAGRAPH = (
    "On November 3, the Al-Shahid Brigade moved more than 200 fighters and several truckloads of "
    "rockets from Iraq into Syria through the Al-Bukamal crossing, according to the opposition site "
    "Deir Now. The same day, the group's commanders held exercises in the desert east of Deir ez-Zor. "
    "Two weeks earlier, a drone strike on its base near Al-Mayadin killed four members."
)


def one(text, language="en", reference=REF):
    found = find_dates(text, reference=reference, language=language)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


def test_paragraph_dates_anchor_on_each_other():
    found = find_dates(PARAGRAPH, reference=REF, language="en")
    assert [(m.text, m.value) for m in found] == [
        ("November 3", "2023-11-03"),
        ("The same day", "2023-11-03"),
        ("Two weeks earlier", "2023-10-20"),
    ]
    first, same, earlier = found
    assert first.kind is MentionKind.DATE and first.step == "dates@1"
    assert first.attr("precision") is DatePrecision.DAY and first.attr("relation") == ABSOLUTE
    assert same.attr("precision") is DatePrecision.DAY and same.attr("relation") == RELATIVE_TO_PREVIOUS
    assert earlier.attr("precision") is DatePrecision.DAYS
    assert earlier.attr("relation") == RELATIVE_TO_PREVIOUS and earlier.attr("anchor") == "2023-11-03"
    for m in found:
        assert PARAGRAPH[m.start:m.end] == m.text == m.attr("expression")


@pytest.mark.parametrize(
    ("text", "value", "precision", "end"),
    [
        ("On November 3 they left", "2023-11-03", DatePrecision.DAY, "2023-11-03"),
        ("on 3 Nov they left", "2023-11-03", DatePrecision.DAY, "2023-11-03"),
        ("on Nov. 3, 2023 they left", "2023-11-03", DatePrecision.DAY, "2023-11-03"),
        ("on the 3rd of November", "2023-11-03", DatePrecision.DAY, "2023-11-03"),
        ("on 2023-11-03", "2023-11-03", DatePrecision.DAY, "2023-11-03"),
        ("in late October", "2023-10-21", DatePrecision.MONTH, "2023-10-31"),
        ("in mid-October", "2023-10-11", DatePrecision.MONTH, "2023-10-20"),
        ("in early October", "2023-10-01", DatePrecision.MONTH, "2023-10-10"),
        ("at the end of October", "2023-10-21", DatePrecision.MONTH, "2023-10-31"),
        ("in October 2022", "2022-10-01", DatePrecision.MONTH, "2022-10-31"),
        ("in 2022", "2022-01-01", DatePrecision.YEAR, "2022-12-31"),
        ("during the first week of November 2023", "2023-11-01", DatePrecision.WEEK, "2023-11-07"),
    ],
)
def test_absolute_dates(text, value, precision, end):
    m = one(text)
    assert (m.value, m.attr("precision"), m.attr("end"), m.attr("relation")) == (value, precision, end, ABSOLUTE)


def test_since_early_year_is_a_sub_interval_with_since():
    m = one("Attacks have grown since early 2023.")
    assert m.text == "since early 2023"
    assert (m.value, m.attr("end"), m.attr("part"), m.attr("since")) == ("2023-01-01", "2023-04-30", "early", True)
    assert m.attr("precision") is DatePrecision.YEAR


@pytest.mark.parametrize(
    ("text", "value", "precision", "end"),
    [
        ("The strike happened yesterday.", "2023-11-04", DatePrecision.DAY, "2023-11-04"),
        ("The strike happened on Tuesday.", "2023-10-31", DatePrecision.DAY, "2023-10-31"),
        ("They will meet next Tuesday.", "2023-11-07", DatePrecision.DAY, "2023-11-07"),
        ("The strike happened on Sunday.", "2023-11-05", DatePrecision.DAY, "2023-11-05"),
        ("The strike happened last Sunday.", "2023-10-29", DatePrecision.DAY, "2023-10-29"),
        ("They moved last week.", "2023-10-23", DatePrecision.WEEK, "2023-10-29"),
        ("They moved earlier this month.", "2023-11-01", DatePrecision.MONTH, "2023-11-05"),
        ("They moved three days ago.", "2023-11-02", DatePrecision.DAYS, "2023-11-02"),
        ("They moved last year.", "2022-01-01", DatePrecision.YEAR, "2022-12-31"),
    ],
)
def test_dates_relative_to_the_document(text, value, precision, end):
    m = one(text)
    assert (m.value, m.attr("precision"), m.attr("end")) == (value, precision, end)
    assert m.attr("relation") == RELATIVE_TO_DOCUMENT


def test_a_month_after_the_reference_month_is_last_year():
    m = one("The base was hit on December 12.")
    assert m.value == "2022-12-12" and m.attr("year_inferred") is True
    assert one("The base was hit on October 12.").value == "2023-10-12"


def test_without_reference_the_year_comes_from_an_earlier_date():
    found = find_dates("On March 2, 2021, and again on April 9, they came back.", reference=None, language="en")
    assert [m.value for m in found] == ["2021-03-02", "2021-04-09"]
    assert find_dates("They came yesterday.", reference=None, language="en") == []


def test_several_months_earlier_is_a_vague_interval_before_the_previous_date():
    found = find_dates("On November 3, 2023 they trained. Several months earlier they had done so.",
                       reference=REF, language="en")
    earlier = found[1]
    assert earlier.attr("relation") == RELATIVE_TO_PREVIOUS and earlier.attr("vague") == "several"
    # several = 3 to 9 (numerals.VAGUE_RANGES): between 9 and 3 months before November 3
    assert (earlier.value, earlier.attr("end")) == ("2023-02-03", "2023-08-03")
    assert earlier.attr("precision") is DatePrecision.MONTH


def test_next_day_follows_the_previous_date():
    found = find_dates("On October 10 they arrived. The next day they left.", reference=REF, language="en")
    assert [m.value for m in found] == ["2023-10-10", "2023-10-11"]


def test_weekday_contradicting_the_date_keeps_the_date_and_flags_it():
    m = one("On Monday, November 3, the convoy left.")
    assert m.value == "2023-11-03" and m.attr("conflict") is True
    assert one("On Friday, November 3, the convoy left.").attr("conflict") is None


def test_may_the_verb_is_not_a_month():
    assert find_dates("The militia may move north.", reference=REF, language="en") == []
    assert one("The militia moved in May.").value == "2023-05-01"


def test_numbers_that_are_not_dates():
    assert find_dates("Brigade 47 sent 300 fighters, 2 days of food.", reference=REF, language="en") == []


# --- Arabic ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "value", "relation"),
    [
        ("وقع الهجوم أمس", "2023-11-04", RELATIVE_TO_DOCUMENT),
        ("وقع الهجوم يوم الثلاثاء", "2023-10-31", RELATIVE_TO_DOCUMENT),
        ("وقع الهجوم الثلاثاء الماضي", "2023-10-31", RELATIVE_TO_DOCUMENT),
        ("وقع الهجوم في 3 تشرين الثاني", "2023-11-03", ABSOLUTE),
        ("وقع الهجوم في 3 نوفمبر", "2023-11-03", ABSOLUTE),
        ("وقع الهجوم في ٣ شباط ٢٠٢٣", "2023-02-03", ABSOLUTE),
        ("وقع الهجوم في 3 تشرين الثاني/نوفمبر 2023", "2023-11-03", ABSOLUTE),
        ("وصلت التعزيزات منذ ثلاثة أيام", "2023-11-02", RELATIVE_TO_DOCUMENT),
        ("وصلت التعزيزات قبل أسبوعين", "2023-10-22", RELATIVE_TO_DOCUMENT),
        ("في 14 جمادى الأولى 1445 هـ", "2023-11-28", ABSOLUTE),
        ("بتاريخ 3/11/2023 وقع الهجوم", "2023-11-03", ABSOLUTE),
        ("بتاريخ 2023/11/03 وقع الهجوم", "2023-11-03", ABSOLUTE),
    ],
)
def test_arabic_dates(text, value, relation):
    m = one(text, "ar")
    assert (m.value, m.attr("relation")) == (value, relation)
    assert text[m.start:m.end] == m.text


def test_arabic_late_month_and_same_day():
    found = find_dates("في أواخر تشرين الأول 2023 تحرك الرتل، وفي اليوم نفسه أعلن الحشد", reference=REF, language="ar")
    assert [(m.value, m.attr("relation")) for m in found] == [
        ("2023-10-21", ABSOLUTE), ("2023-10-21", RELATIVE_TO_PREVIOUS)]
    assert found[0].attr("part") == "late"


def test_arabic_monday_needs_yawm_because_alithnayn_also_means_the_two():
    assert find_dates("اتفق الاثنان على ذلك", reference=REF, language="ar") == []
    assert one("وقع الهجوم يوم الاثنين", "ar").value == "2023-10-30"


def test_arabic_the_first_day_is_not_today():
    assert find_dates("في اليوم الأول من القتال", reference=REF, language="ar") == []
    assert one("قصفت الطائرات القاعدة اليوم", "ar").value == "2023-11-05"


def test_hijri_month_safar_needs_a_year():
    assert find_dates("صفر من الإصابات", reference=REF, language="ar") == []


# --- Farsi ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "value", "relation"),
    [
        ("حمله دیروز انجام شد", "2023-11-04", RELATIVE_TO_DOCUMENT),
        ("حمله سه‌شنبه گذشته انجام شد", "2023-10-31", RELATIVE_TO_DOCUMENT),
        ("حمله سه شنبه گذشته انجام شد", "2023-10-31", RELATIVE_TO_DOCUMENT),
        ("حمله در ۱۲ آبان ۱۴۰۲ انجام شد", "2023-11-03", ABSOLUTE),
        ("حمله در ۳ نوامبر انجام شد", "2023-11-03", ABSOLUTE),
        ("نیروها دو هفته پیش رسیدند", "2023-10-22", RELATIVE_TO_DOCUMENT),
        ("حمله در تاریخ ۱۴۰۲/۰۸/۱۲ انجام شد", "2023-11-03", ABSOLUTE),
    ],
)
def test_farsi_dates(text, value, relation):
    m = one(text, "fa")
    assert (m.value, m.attr("relation")) == (value, relation)


def test_farsi_solar_date_without_year_takes_the_reference_year():
    m = one("حمله در ۱۲ آبان انجام شد", "fa")
    assert m.value == "2023-11-03" and m.attr("calendar") == "solar_hijri"


@pytest.mark.parametrize(
    ("y", "m", "d", "expected"),
    [
        (1402, 8, 12, date(2023, 11, 3)),
        (1403, 1, 1, date(2024, 3, 20)),
        (1403, 12, 30, date(2025, 3, 20)),  # 1403 is a leap year
        (1404, 1, 1, date(2025, 3, 21)),
        (1399, 1, 1, date(2020, 3, 20)),
        (1357, 11, 22, date(1979, 2, 11)),
    ],
)
def test_solar_hijri_known_pairs(y, m, d, expected):
    assert solar_hijri_to_gregorian(y, m, d) == expected


def test_invalid_calendar_dates_are_refused():
    assert solar_hijri_to_gregorian(1402, 12, 30) is None  # 1402 is not a leap year
    assert solar_hijri_to_gregorian(900, 1, 1) is None
    assert hijri_to_gregorian(1445, 13, 1) is None
    assert hijri_to_gregorian(1445, 9, 1) == date(2024, 3, 11)


# --- edges ----------------------------------------------------------------------------------

def test_empty_and_unsupported_language():
    assert find_dates("", reference=REF, language="en") == []
    assert find_dates("Le 3 novembre, hier.", reference=REF, language="fr") == []


def test_one_megabyte_of_text():
    text = (PARAGRAPH + "\n") * (1_000_000 // (len(PARAGRAPH) + 1))
    found = find_dates(text, reference=REF, language="en")
    assert len(found) == 3 * text.count("\n")


def test_seed_report(shared_dir):
    text = (shared_dir / "corpus/seed/pmu-syria-2023-11-05.txt").read_text(encoding="utf-8")
    found = find_dates(text, reference=REF, language="en")
    values = [(m.text, m.value) for m in found]
    assert ("November 2, 2023", "2023-11-02") in values
    assert ("late October", "2023-10-21") in values
    assert ("early November", "2023-11-01") in values
    same_day = next(m for m in found if m.text == "the same day")
    assert same_day.value == "2023-11-03" and same_day.attr("relation") == RELATIVE_TO_PREVIOUS
    assert any(m.text == "several months earlier" and m.attr("anchor") == "2023-11-03" for m in found)


def test_offsets_beyond_the_calendar_are_no_dates():
    from datetime import date as _date

    from watchfloor.extract.dates import find_dates

    text = "Humans reached the region 1.5 million years ago and 800,000 years earlier."
    found = find_dates(text, reference=_date(2023, 11, 5), language="en")
    assert all(m.value is None or m.value[:1].isdigit() for m in found)
