"""Sentence spans of a text, for translating sentence by sentence.

Machine translation models work best on one sentence at a time, and a claim read from a
translated sentence can be traced back to the original only if we know which source
sentence each translated line came from. So the splitter returns (start, end) offsets into
the text, never copies. It knows Arabic and Persian end marks (؟ ۔) and a few English
abbreviations; it never crosses a line break. Over-long sentences are cut at a comma or a
space so a model's input limit is never hit.
"""

from __future__ import annotations

import re

#: End of a sentence: end marks, optional closing quotes/brackets, then white space.
_END = re.compile(r"[.!?؟۔…]+[\"'»”’)\]]*(?=\s|$)")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen lt col maj capt sgt cpl pvt adm brig cmdr gov sen rep prof no vs etc "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp est approx".split()
)
_SOFT_BREAK = re.compile(r"[,،;؛:]\s")
#: Longest sentence handed to a model in one piece, in characters.
MAX_SENTENCE_CHARS = 400


def split_sentences(text: str, max_chars: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, stripped of surrounding white space."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end_mark in _END.finditer(text, line.start(), line.end()):
            if _is_abbreviation(text, start, end_mark.start()):
                continue
            _add(spans, text, start, end_mark.end(), max_chars)
            start = end_mark.end()
        _add(spans, text, start, line.end(), max_chars)
    return spans


def _is_abbreviation(text: str, sentence_start: int, dot: int) -> bool:
    """'U.S.', 'Gen.' or 'No.' end with a dot but not a sentence."""
    if text[dot] != ".":
        return False
    word = re.search(r"(\w+)$", text[sentence_start:dot])
    if word is None:
        return False
    token = word.group(1)
    if len(token) == 1 and token.isalpha() and token.isascii():
        return True
    if token.lower() in _ABBREVIATIONS:
        return True
    following = re.match(r"\s+(\S)", text[dot + 1:])
    return bool(following and following.group(1).islower() and following.group(1).isascii())


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int, max_chars: int) -> None:
    """Append the stripped span, cut into pieces of at most `max_chars`."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > max_chars:
        cut = _cut_point(text, start, start + max_chars)
        spans.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to cut a long sentence: after the last comma, else the last space, else at the limit."""
    window = text[start:limit]
    commas = list(_SOFT_BREAK.finditer(window))
    if commas and commas[-1].start() > len(window) // 3:
        return start + commas[-1].start() + 1
    space = window.rfind(" ")
    if space > len(window) // 3:
        return start + space
    return limit
