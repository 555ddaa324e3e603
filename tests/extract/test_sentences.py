"""Sentence and clause spans for English, Arabic and Farsi news."""

from watchfloor.extract.sentences import split_clauses, split_sentences


def _texts(text, spans):
    return [text[s:e] for s, e in spans]


def test_abbreviations_do_not_end_sentences():
    text = ("On Nov. 3, 2023, the U.S. military said Dr. J. Smith had left. Attacks on U.S. bases rose. "
            "It happened in the U.S. The next day, fighting resumed.")
    assert _texts(text, split_sentences(text, "en")) == [
        "On Nov. 3, 2023, the U.S. military said Dr. J. Smith had left.",
        "Attacks on U.S. bases rose.",
        "It happened in the U.S.",
        "The next day, fighting resumed.",
    ]


def test_newlines_are_paragraph_boundaries_and_offsets_are_exact():
    text = "Headline without a stop\n\n  First paragraph here. Second one!\nThird"
    spans = split_sentences(text, "en")
    assert _texts(text, spans) == ["Headline without a stop", "First paragraph here.", "Second one!", "Third"]
    assert all(text[s:e].strip() == text[s:e] for s, e in spans)


def test_quotes_after_the_stop_stay_with_the_sentence():
    text = '"We will respond." The spokesman left.'
    assert _texts(text, split_sentences(text, "en")) == ['"We will respond."', "The spokesman left."]


def test_arabic_and_farsi_sentences():
    ar = "قال مصدر أمني إن الهجوم وقع. هل هذا صحيح؟ نعم"
    assert _texts(ar, split_sentences(ar, "ar")) == ["قال مصدر أمني إن الهجوم وقع.", "هل هذا صحيح؟", "نعم"]
    fa = "روز سه‌شنبه حمله شد. نیروها رفتند."
    assert _texts(fa, split_sentences(fa, "fa")) == ["روز سه‌شنبه حمله شد.", "نیروها رفتند."]


def test_arabic_title_abbreviation():
    text = "قال د. محمد علي إن الهجوم فشل. ثم غادر."
    assert _texts(text, split_sentences(text, "ar")) == ["قال د. محمد علي إن الهجوم فشل.", "ثم غادر."]


def test_clauses_split_at_join_words():
    text = "Fighters moved to the border, while militias held exercises; the PMU announced readiness and then left."
    assert _texts(text, split_clauses(text, 0, len(text))) == [
        "Fighters moved to the border",
        "while militias held exercises",
        "the PMU announced readiness",
        "and then left.",
    ]


def test_arabic_clauses_and_offsets_inside_a_longer_text():
    prefix = "عنوان. "
    sentence = "وصل المقاتلون إلى الحدود، كما أجرت الميليشيات تدريبات، في حين أعلن الحشد الاستنفار"
    text = prefix + sentence
    clauses = split_clauses(text, len(prefix), len(text))
    assert _texts(text, clauses) == [
        "وصل المقاتلون إلى الحدود",
        "كما أجرت الميليشيات تدريبات",
        "في حين أعلن الحشد الاستنفار",
    ]


def test_a_sentence_without_joins_is_one_clause():
    text = "Two drones struck the base."
    assert split_clauses(text, 0, len(text)) == [(0, len(text))]


def test_empty_text():
    assert split_sentences("", "en") == []
    assert split_sentences("   \n\n ", "ar") == []


# --- robustness: any text, any language, spans stay inside and ordered --------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NEWSY = st.lists(
    st.sampled_from(list("abcXYZ .,;:!?؟،\n\"'“”«»()-0123456789٣۱") + ["U.S.", "Nov.", " while ", "كما ", "و", "ها"]),
    max_size=120,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(NEWSY, st.sampled_from(["en", "ar", "fa", "xx"]))
def test_spans_are_ordered_trimmed_and_inside(text, language):
    spans = split_sentences(text, language)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        for cs, ce in split_clauses(text, s, e):
            assert s <= cs < ce <= e
        last = e
