"""Sentence spans, and spans of a translation mapped back to the original (hand-written pairs)."""

from __future__ import annotations

import pytest

from watchfloor.errors import ReadError
from watchfloor.read.translate import (
    Alignment,
    Segment,
    alignment_for,
    claim_to_original,
    mention_to_original,
    split_sentences,
)
from watchfloor.read.translate.align import anchors
from watchfloor.records import Claim, Document, Mention, MentionKind

# Our own example: an Arabic report and an English translation written by hand, one line
# per source sentence (the layout translate_document writes).
ORIGINAL = ("قصفت طائرة مسيرة موقعا قرب البوكمال صباح الثلاثاء.\n\n"
            "قالت مصادر محلية إن ٣ مقاتلين من HTS قتلوا، وأصيب 12 آخرون في دير الزور.")
TRANSLATION = ("A drone struck a position near Al-Bukamal on Tuesday morning.\n"
               "Local sources said 3 HTS fighters were killed, and 12 others wounded in Deir ez-Zor.")


def span_of(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


@pytest.fixture
def alignment() -> Alignment:
    doc = Document(text=ORIGINAL, url="u", canonical_url="u", language="ar", translation=TRANSLATION)
    found = alignment_for(doc)
    assert found is not None
    return found


def test_sentences_keep_offsets_and_never_cross_lines():
    text = "U.S. forces hit Gen. Smith's unit. 3.5 km away!\nقال مصدر: هل انتهى؟ نعم."
    pieces = [text[a:b] for a, b in split_sentences(text)]
    assert pieces == ["U.S. forces hit Gen. Smith's unit.", "3.5 km away!", "قال مصدر: هل انتهى؟", "نعم."]


def test_long_sentences_are_cut_at_a_comma_or_space():
    text = "، ".join(["كلمة طويلة جدا"] * 60)
    spans = split_sentences(text, max_chars=100)
    assert all(b - a <= 100 for a, b in spans)
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")


def test_each_translated_line_maps_to_its_source_sentence(alignment):
    first = alignment.to_original(*span_of(TRANSLATION, "A drone struck"))
    assert first.precision == "sentence"
    assert ORIGINAL[first.start:first.end] == "قصفت طائرة مسيرة موقعا قرب البوكمال صباح الثلاثاء."
    second = alignment.to_original(*span_of(TRANSLATION, "Local sources said"))
    assert ORIGINAL[second.start:second.end].startswith("قالت مصادر محلية")


def test_a_number_maps_to_the_same_number_in_arabic_indic_digits(alignment):
    where = alignment.to_original(*span_of(TRANSLATION, "3"))
    assert (where.precision, ORIGINAL[where.start:where.end]) == ("anchor", "٣")
    where = alignment.to_original(*span_of(TRANSLATION, "12"))
    assert (where.precision, ORIGINAL[where.start:where.end]) == ("anchor", "12")


def test_a_span_between_two_anchors_covers_both_and_what_lies_between(alignment):
    where = alignment.to_original(*span_of(TRANSLATION, "3 HTS"))
    assert where.precision == "anchor"
    assert ORIGINAL[where.start:where.end] == "٣ مقاتلين من HTS"


def test_a_span_that_ends_on_a_plain_word_is_only_sure_of_its_sentence(alignment):
    where = alignment.to_original(*span_of(TRANSLATION, "3 HTS fighters"))
    assert where.precision == "sentence"
    lo, hi = where.estimate
    assert "٣ مقاتلين من HTS" in ORIGINAL[lo:hi]


def test_a_span_without_anchors_gets_its_sentence_and_an_estimate_inside_it(alignment):
    where = alignment.to_original(*span_of(TRANSLATION, "Deir ez-Zor"))
    sentence = span_of(ORIGINAL, "قالت مصادر محلية إن ٣ مقاتلين من HTS قتلوا، وأصيب 12 آخرون في دير الزور.")
    assert (where.start, where.end, where.precision) == (*sentence, "sentence")
    lo, hi = where.estimate
    assert sentence[0] <= lo < hi <= sentence[1]
    target = span_of(ORIGINAL, "دير الزور")
    assert lo < target[1] and hi > target[0], ORIGINAL[lo:hi]  # the guess overlaps the real place


def test_a_span_across_sentences_covers_both(alignment):
    start = TRANSLATION.index("morning")
    end = TRANSLATION.index("said")
    where = alignment.to_original(start, end)
    assert where.precision == "sentence"
    assert where.start == 0 and ORIGINAL[where.end - 1] == "."


def test_spans_outside_the_translation_are_refused(alignment):
    with pytest.raises(ReadError):
        alignment.to_original(0, len(TRANSLATION) + 5)


def test_mismatched_line_count_falls_back_to_the_whole_document():
    doc = Document(text=ORIGINAL, url="u", canonical_url="u", translation="one line only")
    where = alignment_for(doc).to_original(0, 3)
    assert (where.start, where.end) == (0, len(ORIGINAL))


def test_alignment_survives_json():
    alignment = Alignment("ab cd", "AB\nCD", (Segment(0, 2, 0, 2), Segment(3, 5, 3, 5)))
    again = Alignment.from_json("ab cd", "AB\nCD", alignment.to_json())
    assert again == alignment


def test_mentions_and_claims_from_the_translation_point_into_the_original(alignment):
    start, end = span_of(TRANSLATION, "3")
    mention = Mention(MentionKind.QUANTITY, start, end, "3", value="3", step="quantities@1")
    back = mention_to_original(mention, alignment)
    assert ORIGINAL[back.start:back.end] == back.text == "٣"
    assert back.attr("alignment") == "anchor"
    assert back.attr("translated_span") == (start, end)
    assert back.value == "3"
    place = Mention(MentionKind.PLACE, *span_of(TRANSLATION, "Deir ez-Zor"), "Deir ez-Zor")
    place_back = mention_to_original(place, alignment)
    assert place_back.attr("alignment") == "sentence" and place_back.text.endswith("دير الزور.")
    lo, hi = place_back.attr("estimated_span")
    assert place_back.start <= lo < hi <= place_back.end

    claim = Claim(document_id=1, event_type="battle", start=TRANSLATION.index("Local"), end=len(TRANSLATION))
    claim_back = claim_to_original(claim, alignment)
    assert ORIGINAL[claim_back.start:claim_back.end].startswith("قالت مصادر")
    assert claim_back.end == len(ORIGINAL)


def test_seed_report_every_unique_token_maps_back_to_itself(shared_dir):
    """On a real report, a word-order-shuffling 'translation' still finds each anchor again."""
    text = (shared_dir / "corpus" / "seed" / "pmu-syria-2023-11-05.txt").read_text(encoding="utf-8")
    spans = split_sentences(text)
    assert all(0 < b - a <= 400 for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))
    lines = [" ".join(reversed(text[a:b].split())) for a, b in spans]
    doc = Document(text=text, url="u", canonical_url="u", language="xx", translation="\n".join(lines))
    alignment = alignment_for(doc)
    checked = 0
    for segment in alignment.segments:
        line_anchors = anchors(doc.translation, segment.target_start, segment.target_end)
        keys = [k for k, _, _ in line_anchors]
        for key, start, end in line_anchors:
            if keys.count(key) != 1:
                continue
            where = alignment.to_original(start, end)
            if where.precision == "anchor":
                assert text[where.start:where.end].casefold() == doc.translation[start:end].casefold()
                checked += 1
            else:  # the key is repeated in the source sentence: only the sentence is sure
                assert (where.start, where.end) == (segment.source_start, segment.source_end)
    assert checked > 300
