"""Name normalisation: many spellings of one place name fold to one look-up key.

Two levels:
- `fold` makes text comparable letter by letter (case, diacritics, apostrophes/ʿayn,
  Arabic letter variants, tatweel) and keeps a length-preserving form for offsets;
- `name_key` turns a list of folded tokens into an index key: Arabic articles dropped
  (al-, el-, ad-, ash-, az- ...; ال), transliteration variants merged (ou/u, e/a, dh/z, q/k,
  doubled letters) so "Deir Al-Zour" and "Deir ez-Zor" share a key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

#: Latin-script Arabic article forms, written alone or joined by a hyphen.
ARTICLES = frozenset(
    "al el il ul ad ed ash esh as es az ez ar er an en at et adh ath".split()
)
#: Articles safe to drop at the start of a phrase even when written alone ("Al Mayadin").
LEADING_ARTICLES = frozenset({"al", "el"})
#: Letters attached in front of an Arabic word: and, with/in, for/to, so, like.
ARABIC_PREFIXES = "وبلفك"

_APOSTROPHES = "'’‘`´ʼʻʿʾ′ʹ"
_DASHES = "-‐‑‒–—―−"
_LATIN_SPECIAL = {
    "ı": "i", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d",
    "þ": "th", "ħ": "h", "ŧ": "t",
}
_ARABIC_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
    "ی": "ي", "ک": "ك", "ې": "ي", "ۀ": "ه", "ہ": "ه", "ھ": "ه", "ڪ": "ك",
}
_TATWEEL = "\u0640"
_ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)


def _fold_char(ch: str) -> str:
    """One character folded; may return '' (dropped) or several letters."""
    if ch in _APOSTROPHES or ch == _TATWEEL:
        return ""
    if ch in _DASHES or ch == "_":
        return " "
    if ch in _ARABIC_MAP:
        return _ARABIC_MAP[ch]
    low = ch.lower()
    if low in _LATIN_SPECIAL:
        return _LATIN_SPECIAL[low]
    decomposed = unicodedata.normalize("NFKD", low)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept


class _FoldTable(dict):
    """str.translate table filled on first sight of each character (a cache, not state)."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Case-, diacritic- and variant-insensitive form of `text` (for comparing names)."""
    return " ".join(_TOKEN_RE.findall(text.translate(_FOLD_TABLE)))


@lru_cache(maxsize=1 << 16)
def fold_name(name: str) -> str:
    """fold() for place names, cached: resolution compares the same candidates' names again
    and again (not for whole texts, which would fill the cache)."""
    return fold(name)


class Token(NamedTuple):
    """A word of the original text: its span, surface form and folded form (a tuple: a
    news article makes hundreds of them)."""

    start: int
    end: int
    surface: str
    folded: str
    hyphen_after: bool  # joined to the next word by a hyphen ("Al-Bukamal")

    @property
    def is_arabic(self) -> bool:
        return bool(_ARABIC_RE.match(self.surface))

    @property
    def is_upper_initial(self) -> bool:
        c = self.surface[0]
        return c.isupper() or c.isdigit()

    @property
    def has_case(self) -> bool:
        c = self.surface[0]
        return c.isupper() or c.islower()


_WORD_RE = re.compile(r"[^\W_](?:[^\W_]|[" + _APOSTROPHES + r"](?=[^\W_])|\.(?=[A-Z]\.))*\.?",
                      re.UNICODE)


@lru_cache(maxsize=1 << 16)
def _fold_word(surface: str) -> str:
    """One word folded and run together; cached, since news repeats its words."""
    return "".join(_TOKEN_RE.findall(surface.translate(_FOLD_TABLE)))


def tokenize(text: str) -> list[Token]:
    """Words of `text` with their offsets; apostrophes inside a word stay in it (Qa'em)."""
    tokens: list[Token] = []
    for m in _WORD_RE.finditer(text):
        surface = m.group()
        # a trailing dot belongs to the word only in abbreviations like "U.S."
        if surface.endswith(".") and surface.count(".") < 2:
            surface = surface[:-1]
        if len(surface) > 3 and surface[-1] in "sS" and surface[-2] in _APOSTROPHES:
            surface = surface[:-2]  # possessive: "Edmonton’s" names Edmonton
        start, end = m.start(), m.start() + len(surface)
        folded = _fold_word(surface)
        if not folded:
            continue
        nxt = text[end:end + 1]
        tokens.append(Token(start, end, surface, folded, bool(nxt) and nxt in _DASHES))
    return tokens


_SKELETON_RULES = [
    (re.compile(r"ee|ie"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters: Mayyadin -> Mayadin
    (re.compile(r"(?<=[aiou])e"), "i"),  # e after a vowel (lost ʿayn) is kasra: Qa'em -> Qaim
    (re.compile(r"dh"), "z"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"q"), "k"),
    (re.compile(r"aw(?=[^aeiouy]|$)"), "u"),  # Zawr -> Zur
    (re.compile(r"ou|oo|o"), "u"),
    (re.compile(r"e"), "a"),
    (re.compile(r"y"), "i"),
    (re.compile(r"(?<=[aiu])h$"), ""),  # Hamah -> Hama
]


@lru_cache(maxsize=1 << 18)
def skeleton(word: str) -> str:
    """Transliteration skeleton of one folded Latin word (ou/u, e/a, dh/z, q/k...)."""
    if not word.isascii():
        return word
    for rx, rep in _SKELETON_RULES:
        word = rx.sub(rep, word)
    return word


def arabic_core(word: str) -> str:
    """An Arabic-script word without its article ال (البوكمال -> بوكمال)."""
    if word.startswith("ال") and len(word) > 3:
        return word[2:]
    return word


#: Abbreviated words that open English and French place names: GeoNames writes "Mount
#: Pleasant" and "St. Louis", news "Mt. Pleasant" and "Saint Louis". Only before another word,
#: so "Main St" keeps its street.
LEADING_ABBREVIATIONS = {"mt": "mount", "st": "saint", "ste": "sainte", "ft": "fort"}


def name_key(words: list[str], *, drop_articles: bool = True) -> str:
    """Index key for a name given as folded words ("deir", "al", "zour" -> "dair zur")."""
    keep = list(words)
    if drop_articles and len(keep) > 1:
        keep = [w for w in keep if w not in ARTICLES] or keep[-1:]
    out = []
    for i, w in enumerate(keep):
        if i < len(keep) - 1:
            w = LEADING_ABBREVIATIONS.get(w, w)
        if _ARABIC_RE.match(w):
            out.append(arabic_core(w))
        else:
            out.append(skeleton(w))
    return " ".join(out)


def keys_for_name(name: str) -> set[str]:
    """All index keys under which a gazetteer name is filed (with and without spaces)."""
    words = fold(name).split()
    if not words or len(words) > 8:
        return set()
    key = name_key(words)
    keys = {key}
    if " " in key:
        keys.add(key.replace(" ", ""))
    if len(words) > 1:  # run together with its article: "Albu Kamal" ~ "Al-Bukamal", ديرالزور
        keys.add(name_key(["".join(words)], drop_articles=False))
    return {k for k in keys if k}


def is_arabic(text: str) -> bool:
    """True if the text contains Arabic-script letters."""
    return bool(_ARABIC_RE.search(text))


def arabic_prefix_variants(word: str) -> list[tuple[int, str]]:
    """(letters skipped, word) readings of an Arabic word with attached prefixes (وبالبوكمال)."""
    out = [(0, word)]
    if len(word) > 3 and word[0] in ARABIC_PREFIXES:
        rest = word[1:]
        out.append((1, rest))
        if word[0] == "ل" and rest.startswith("ل"):
            out.append((1, "ا" + rest))  # للبوكمال = ل + البوكمال
        if len(rest) > 3 and rest[0] in "بل":  # وبالبوكمال: و + ب + ال...
            out.append((2, rest[1:]))
    return out
