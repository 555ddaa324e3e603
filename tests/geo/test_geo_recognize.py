"""Toponym recognition: what the NER is asked to read, and Arabic place phrases."""

from __future__ import annotations

import subprocess
import sys

from watchfloor.geo.normalize import tokenize
from watchfloor.geo.recognize import ner_spans, ner_windows


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
