"""Number parsing shared by the date, quantity and fatality extractors."""

import pytest

from watchfloor.extract.numerals import find_numbers, fold, parse_number, vague_range


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("12", "en", 12.0),
        ("3,000", "en", 3000.0),
        ("1.5 million", "en", 1_500_000.0),
        ("twenty-five", "en", 25.0),
        ("two hundred and fifty", "en", 250.0),
        ("a dozen", "en", 12.0),
        ("Four", "en", 4.0),
        ("١٢٠", "ar", 120.0),
        ("١٬٥٠٠", "ar", 1500.0),
        ("1.500", "ar", 1500.0),
        ("خمسة وعشرون", "ar", 25.0),
        ("خمسة عشر", "ar", 15.0),
        ("ثلاثة آلاف", "ar", 3000.0),
        ("مئتي", "ar", 200.0),
        ("ألفين", "ar", 2000.0),
        ("خمس", "ar", 5.0),
        ("۱۲۰", "fa", 120.0),
        ("بیست و پنج", "fa", 25.0),
        ("سه‌صد", "fa", 300.0),
        ("دویست", "fa", 200.0),
        ("سه هزار", "fa", 3000.0),
    ],
)
def test_parse_number_reads_digits_and_words(text, language, value):
    assert parse_number(text, language) == (value, None)


@pytest.mark.parametrize(
    ("text", "language", "qualifier", "low"),
    [
        ("dozens", "en", "dozens", 24),
        ("several", "en", "several", 3),
        ("a few", "en", "a few", 2),
        ("hundreds", "en", "hundreds", 200),
        ("عشرات", "ar", "dozens", 24),
        ("مئات", "ar", "hundreds", 200),
        ("ده‌ها", "fa", "dozens", 24),
        ("صدها", "fa", "hundreds", 200),
        ("a few hundred", "en", "a few hundred", 200),
        ("several thousand", "en", "several thousand", 3000),
        ("بضع مئات", "ar", "a few hundred", 200),
        ("چند صد", "fa", "several hundred", 300),
    ],
)
def test_vague_words_have_no_value_but_a_range(text, language, qualifier, low):
    value, q = parse_number(text, language)
    assert value is None and q == qualifier
    assert vague_range(q)[0] == low


def test_not_a_number():
    assert parse_number("fighters", "en") == (None, None)
    assert parse_number("", "ar") == (None, None)


def test_fold_keeps_length_and_unifies_digits_and_letters():
    text = "سه‌شنبه ۱۲ آبان، أكثر من ١٠٠ عنصر – كتائب"
    folded = fold(text)
    assert len(folded) == len(text)
    assert "12" in folded and "100" in folded
    assert fold("سه‌شنبه") == fold("سه شنبه")
    assert fold("ی") == fold("ي") and fold("ک") == fold("ك")


def test_find_numbers_keeps_big_numbers_whole():
    text = "1.5 million people, 3,000 rockets, twenty-five trucks and a dozen cars"
    found = [m.group("num") for m in find_numbers(fold(text), "en")]
    assert found == ["1.5 million", "3,000", "twenty-five", "a dozen"]


def test_find_numbers_arabic_joined_conjunction():
    text = "وصل خمسة مقاتلين وعشرات العناصر"
    found = [m.group("num") for m in find_numbers(fold(text), "ar")]
    assert found == ["خمسه", "عشرات"]


def test_bytes_instead_of_text_is_a_clear_error():
    from datetime import date

    from watchfloor.errors import ExtractError
    from watchfloor.extract.attribution import find_cited_sources
    from watchfloor.extract.dates import find_dates
    from watchfloor.extract.quantities import find_quantities
    from watchfloor.extract.sentences import split_sentences
    from watchfloor.extract.weapons import find_weapons

    calls = [
        lambda: find_dates(b"3 Nov", reference=date(2023, 11, 5), language="en"),
        lambda: find_quantities(None, "en"),
        lambda: find_cited_sources(b"according to Reuters", "en"),
        lambda: find_weapons(b"Katyusha", "en"),
        lambda: split_sentences(b"One. Two.", "en"),
        lambda: find_dates("3 Nov", reference="2023-11-05", language="en"),
    ]
    for call in calls:
        with pytest.raises(ExtractError) as info:
            call()
        assert info.value.hint
