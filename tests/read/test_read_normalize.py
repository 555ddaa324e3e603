"""Normalisation keeps every span traceable to the extracted text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from watchfloor.read.normalize import normalize, to_original

# Characters the normaliser treats specially, mixed into random text.
SPECIAL = st.sampled_from(list(
    " \t\n\r\u00a0\u2029\u200b\u200c\u200d\u200e\u200f\u0640\ufeff\u00ad"
    "\ufefb\ufe8d\ufb8a\u0301\u0308e\u0627\u0644\u06cc\u0645\u1100\u1161\u11a8"
))
TEXT = st.lists(st.one_of(st.characters(), SPECIAL), max_size=60).map("".join)


def spans(norm):
    return [(s, e) for s in range(len(norm) + 1) for e in range(s, min(len(norm), s + 4) + 1)]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_every_span_maps_back_inside_the_original(text):
    norm, offsets = normalize(text)
    for start, end in spans(norm):
        o_start, o_end = to_original(offsets, start, end)
        assert 0 <= o_start <= o_end <= len(text)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_unchanged_characters_map_to_themselves(text):
    norm, offsets = normalize(text)
    previous = (0, 0)
    for i, ch in enumerate(norm):
        span = to_original(offsets, i, i + 1)
        if ch.isascii() and ch.isalnum():  # never rewritten: must point at itself
            assert text[span[0]:span[1]] == ch
        assert span[0] >= previous[0] and span[1] >= previous[1]  # spans move forward
        previous = span


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(categories=["L", "N", "P"]), max_size=80))
def test_text_needing_no_change_keeps_identity_offsets(text):
    norm, offsets = normalize(text)
    if norm == text:
        for i in range(len(text)):
            assert to_original(offsets, i, i + 1) == (i, i + 1)


def test_whitespace_is_unified_but_paragraphs_stay():
    norm, _ = normalize("  First\u00a0line \t here.\r\n\r\n\r\nSecond   para\u2028line  ")
    assert norm == "First line here.\n\nSecond para\nline"


def test_tatweel_and_zero_width_removed_but_persian_zwnj_kept():
    norm, offsets = normalize("الـــحشد\u200b الشعبي می\u200cشود")
    assert norm == "الحشد الشعبي می\u200cشود"
    start = norm.index("الشعبي")
    o_start, o_end = to_original(offsets, start, start + len("الشعبي"))
    assert (o_start, o_end) == (10, 16)


def test_arabic_presentation_forms_become_letters_and_map_back_whole():
    original = "\ufefb\ufe8e\ufedf"  # lam-alef ligature, then alef and lam in presentation forms
    norm, offsets = normalize(original)
    assert norm == "لاال"
    assert to_original(offsets, 0, 1) == (0, 1)  # half of the ligature maps to the ligature
    assert to_original(offsets, 1, 2) == (0, 1)
    assert to_original(offsets, 0, 4) == (0, 3)


def test_nfc_composes_and_spans_cover_the_decomposed_source():
    original = "Cafe\u0301 in Mosul"
    norm, offsets = normalize(original)
    assert norm == "Café in Mosul"
    assert original[slice(*to_original(offsets, 0, 4))] == "Cafe\u0301"
    start = norm.index("Mosul")
    assert original[slice(*to_original(offsets, start, start + 5))] == "Mosul"


def test_rtl_text_keeps_its_logical_order():
    text = "قصف مدفعي على ريف إدلب\n\nشەڕ لە کەرکووک"
    norm, _ = normalize(text)
    assert norm == text


def test_map_is_compact():
    text = "word " * 1000 + "  end"
    norm, offsets = normalize(text)
    assert norm.endswith("word end")
    assert len(offsets) <= 4


def test_empty_and_whitespace_only():
    assert normalize("") == ("", [(0, 0)])
    norm, offsets = normalize(" \n\u200b ")
    assert norm == ""
    assert to_original(offsets, 0, 0) == (4, 4)


def test_invisible_characters_at_the_edges_leave_no_space():
    assert normalize("\u200b  word \u200c")[0] == "word"
    assert normalize("\ufeffnews\u200f\n\n\u200b\nmore")[0] == "news\n\nmore"


def test_control_characters_are_removed():
    assert normalize("Homs\x00 \x07city\x9e")[0] == "Homs city"


def test_bidi_controls_removed_letters_kept():
    original = "\u202bالبوكمال\u202c و\u2067Abu Kamal\u2069 \u202eevil"
    norm, offsets = normalize(original)
    assert norm == "البوكمال وAbu Kamal evil"
    start = norm.index("Abu Kamal")
    assert original[slice(*to_original(offsets, start, start + 9))] == "Abu Kamal"
