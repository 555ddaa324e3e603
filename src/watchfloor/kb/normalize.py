"""Fold names and text to one comparable form, keeping a map back to the original offsets.

Analysts' sources spell one group many ways: Kata'ib / Kata’ib / Kataib, Hizbullah in Arabic
with or without hamza on the alef, Farsi ی/ک against Arabic ي/ك, harakat, tatweel. Folding both
the aliases and the text the same way lets one exact-match automaton find them all, and the
offset map turns a match in folded text back into a span of the original text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Apostrophe-like marks dropped inside words (Kata'ib = Kataib = Kata’ib = Kataʿib).
APOSTROPHES = frozenset("'’‘`´ʼʻʿʾ′")
#: Quotation marks, dropped: the Iranian “security bureau” is the Iranian security bureau.
QUOTES = frozenset('"“”„‟«»‹›')
#: Marks that separate words like a space does (al-Shaabi = al Shaabi).
SEPARATORS = frozenset("-‐‑‒–—_/\u200c\u200d\u00a0\u2009\u202f")

_ARABIC_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ۀ": "ه", "ە": "ه",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي", "ئ": "ي",
    "ک": "ك", "ڪ": "ك",
    "ؤ": "و",
    "ـ": "",  # tatweel
    "٫": ".", "٬": ",",
}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}


def is_arabic_letter(ch: str) -> bool:
    """True for a letter of the Arabic script (Arabic, Farsi, Urdu, Kurdish Sorani)."""
    return ("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f"
            or "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff") and ch.isalpha()


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """The folded form of one character: may be empty (diacritics) or several characters."""
    if ch in APOSTROPHES or ch in QUOTES:
        return ""
    if ch in SEPARATORS or ch.isspace():
        return " "
    if ch in _ARABIC_FOLD:
        return _ARABIC_FOLD[ch]
    if ch in _DIGITS:
        return _DIGITS[ch]
    cat = unicodedata.category(ch)
    if cat == "Mn":  # harakat, shadda, Latin combining accents
        return ""
    if cat == "Cf":  # zero-width and directional marks
        return ""
    if ord(ch) < 128:
        return ch.lower()
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    out = []
    for c in base.casefold():
        out.append(_ARABIC_FOLD.get(c, c))
    return "".join(out)


@dataclass(frozen=True)
class FoldedText:
    """Folded text and, for each folded character, the index of the original character."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) covering folded characters [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


def fold_text(text: str) -> FoldedText:
    """Fold `text` (case, script variants, diacritics, apostrophes, runs of spaces)."""
    out: list[str] = []
    origin: list[int] = []
    append, mark = out.append, origin.append
    last_space = True  # drop leading spaces
    for i, ch in enumerate(text):
        folded = fold_char(ch)
        if folded == " ":
            if last_space:
                continue
            last_space = True
            append(folded)
            mark(i)
        elif len(folded) == 1:
            last_space = False
            append(folded)
            mark(i)
        else:  # deleted (diacritic, apostrophe) or expanded (ligature)
            for f in folded:
                if f == " ":
                    if last_space:
                        continue
                    last_space = True
                else:
                    last_space = False
                append(f)
                mark(i)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return FoldedText("".join(out), tuple(origin))


def fold(name: str) -> str:
    """The folded key of a name, as used to compare aliases."""
    return fold_text(name).text
