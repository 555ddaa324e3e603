"""Numbers as news writes them, in English, Arabic and Farsi.

Two jobs shared by the date, quantity and fatality extractors:

* `fold` makes a same-length matching copy of a text (Eastern Arabic and Persian digits to
  ASCII, letter variants to one form, ZWNJ to a space), so a regex run over the copy gives
  offsets that are valid in the original;
* `find_numbers` / `parse_number` find and read number expressions: digits with thousands
  separators, number words ("twenty-five", "خمسة وعشرون", "بیست و پنج") and vague words
  ("dozens", "عشرات", "ده‌ها") whose value is None and whose range `vague_range` gives;
* `TriggerTable` runs many patterns fast by trying each only where one of its first words
  stands (used by dates, quantities and attribution).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# One character in, one character out: offsets into the folded copy are offsets into the original.
_FOLD_MAP = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},  # ٠-٩
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # ۰-۹
        "\u066c": ",",  # ٬ Arabic thousands separator
        "\u066b": ".",  # ٫ Arabic decimal separator
        "\u066a": "%",  # ٪
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0622": "\u0627",  # آ -> ا
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0649": "\u064a",  # ى -> ي
        "\u06cc": "\u064a",  # Persian ی -> ي
        "\u06a9": "\u0643",  # Persian ک -> ك
        "\u06c0": "\u0647",  # ۀ -> ه
        "\u0629": "\u0647",  # ة -> ه (news spells both)
        "\u200c": " ",  # ZWNJ: "سه‌شنبه" matches "سه شنبه"
        "\u00a0": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2019": "'",
        "\u2018": "'",
    }
)


def fold(text: str) -> str:
    """Same-length copy of `text` for matching: ASCII digits, one form per letter variant."""
    if text.isascii():  # nothing to fold, and the common case for English
        return text
    return text.translate(_FOLD_MAP)


#: Arabic short vowels, tanween, shadda, sukun, dagger alef and tatweel: news writes them or not.
ARABIC_MARKS = "\u064b-\u065f\u0670\u0640"
_MARKS_RX = re.compile(f"[{ARABIC_MARKS}]")


def strip_marks(text: str) -> str:
    """`text` without Arabic marks ("عنصراً" -> "عنصرا"); unlike fold(), not the same length."""
    return _MARKS_RX.sub("", text) if not text.isascii() else text


# --- word tables (folded spelling)  --------------------------------------------------------------------------

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_EN_EXACT_PHRASES = {"a dozen": 12.0, "one dozen": 12.0, "half a dozen": 6.0, "a hundred": 100.0,
                     "a thousand": 1000.0, "a couple of": 2.0, "a pair of": 2.0}

# Arabic: masculine and feminine forms, nominative and oblique; folded spelling (ا for أ/إ/آ, ه for ة).
_AR_UNITS = {
    "واحد": 1, "واحده": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "ثلاثه": 3,
    "ثلاث": 3, "اربعه": 4, "اربع": 4, "خمسه": 5, "خمس": 5, "سته": 6, "ست": 6, "سبعه": 7,
    "سبع": 7, "ثمانيه": 8, "ثماني": 8, "ثمان": 8, "تسعه": 9, "تسع": 9, "عشره": 10, "عشر": 10,
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90, "احد": 1, "احدي": 1, "اثنا": 2,
    "اثني": 2, "اثنتا": 2, "اثنتي": 2,
}
_AR_HUNDREDS = {
    "مئه": 100, "مائه": 100, "مئتان": 200, "مئتين": 200, "مئتا": 200, "مئتي": 200,
    "مائتان": 200, "مائتين": 200, "مائتا": 200, "مائتي": 200,
    **{f"{p}{h}": n * 100 for p, n in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6),
                                      ("سبع", 7), ("ثمان", 8), ("تسع", 9)) for h in ("مئه", "مائه")},
}
_AR_SCALES = {"الف": 1000, "الفا": 1000, "الاف": 1000, "الفان": 2000, "الفين": 2000,
              "مليون": 1_000_000, "ملايين": 1_000_000, "مليونان": 2_000_000, "مليونين": 2_000_000}

_FA_UNITS = {
    "يك": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "شيش": 6, "هفت": 7, "هشت": 8,
    "نه": 9, "ده": 10, "يازده": 11, "دوازده": 12, "سيزده": 13, "چهارده": 14, "پانزده": 15,
    "پونزده": 15, "شانزده": 16, "هفده": 17, "هجده": 18, "هيجده": 18, "نوزده": 19, "بيست": 20,
    "سي": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90,
    "يكصد": 100, "دويست": 200, "سيصد": 300, "چهارصد": 400, "پانصد": 500,
    "ششصد": 600, "هفتصد": 700, "هشتصد": 800, "نهصد": 900,
}
_FA_SCALES = {"هزار": 1000, "ميليون": 1_000_000, "مليون": 1_000_000}
_HUNDRED_WORDS = frozenset({"مئه", "مائه", "صد"})  # multiply what precedes: "سه صد", "ثلاث مئة"


def _folded(table: dict) -> dict:
    """The same table keyed by folded spelling, so tables and text always agree."""
    return {fold(k): v for k, v in table.items()}


_AR_UNITS, _AR_HUNDREDS, _AR_SCALES = map(_folded, (_AR_UNITS, _AR_HUNDREDS, _AR_SCALES))
_FA_UNITS, _FA_SCALES = map(_folded, (_FA_UNITS, _FA_SCALES))

#: Vague words: qualifier -> (low, high) of what writers usually mean.
VAGUE_RANGES: dict[str, tuple[float, float]] = {
    "a few": (2, 5),
    "several": (3, 9),
    "a number of": (2, 9),
    "dozens": (24, 99),
    "tens": (20, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
    "a few dozen": (24, 60),
    "several dozen": (36, 108),
    "a few hundred": (200, 500),
    "several hundred": (300, 900),
    "a few thousand": (2000, 5000),
    "several thousand": (3000, 9000),
}

# surface form (folded, lower-case) -> canonical vague qualifier, per language
_VAGUE_WORDS = {
    "en": {
        "a few": "a few", "few": "a few", "several": "several", "a number of": "a number of",
        "dozens": "dozens", "scores": "scores", "hundreds": "hundreds", "thousands": "thousands",
        "tens": "tens", "tens of thousands": "tens of thousands",
        "hundreds of thousands": "hundreds of thousands", "millions": "millions",
        "a handful of": "a few", "a handful": "a few", "numerous": "several",
        "a few dozen": "a few dozen", "several dozen": "several dozen", "a few hundred": "a few hundred",
        "several hundred": "several hundred", "a few thousand": "a few thousand",
        "several thousand": "several thousand", "some hundreds of": "hundreds",
    },
    "ar": {
        "عشرات": "dozens", "مئات": "hundreds", "الاف": "thousands", "عشرات الالاف": "tens of thousands",
        "مئات الالاف": "hundreds of thousands", "عده": "several", "عدد من": "a number of",
        "بضعه": "a few", "بضع": "a few", "ملايين": "millions", "بضع مئات": "a few hundred",
        "بضعه الاف": "a few thousand", "عده مئات": "several hundred", "عده الاف": "several thousand",
    },
    "fa": {  # folded spelling (ZWNJ -> space, ی -> ي)
        "ده ها": "dozens", "دهها": "dozens", "صدها": "hundreds", "صد ها": "hundreds",
        "هزاران": "thousands", "چند": "several", "چندين": "several", "تعدادي": "a number of",
        "ده ها هزار": "tens of thousands", "صدها هزار": "hundreds of thousands",
        "چند صد": "several hundred", "چند هزار": "several thousand", "چندصد": "several hundred",
    },
}

_VAGUE_WORDS = {lang: _folded(table) for lang, table in _VAGUE_WORDS.items()}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DIGITS_AR_FA = r"\d{1,3}(?:[,.]\d{3})+(?!\d)|\d+(?:\.\d+)?"


def _alt(words) -> str:
    """Regex alternation, longest first so "seventeen" wins over "seven"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@functools.lru_cache(maxsize=8)
def number_body(language: str) -> str:
    """Regex source (no groups, no anchors) matching one number expression in folded text.

    For embedding in other extractors' patterns; compile with re.IGNORECASE for English.
    """
    lang = language if language in ("ar", "fa") else "en"
    vague = _alt(_VAGUE_WORDS[lang])
    if lang == "en":
        word = _alt([*_EN_UNITS, *_EN_SCALES])
        words = rf"(?:{word})(?:(?:[\s-]+|\s+and\s+)(?:{word}))*"
        exact = _alt(_EN_EXACT_PHRASES)
        scale = r"(?:\s+(?:hundred|thousand|million|billion))?"
        return rf"(?:{_DIGITS}){scale}|{exact}|{vague}|{words}"
    if lang == "ar":
        word = _alt([*_AR_UNITS, *_AR_HUNDREDS, *_AR_SCALES])
        words = rf"(?:{word})(?:\s+(?:و\s*)?(?:{word}))*"
        scale = r"(?:\s+(?:الف|الاف|مليون|ملايين))?"
    else:
        word = _alt([*_FA_UNITS, *_FA_SCALES, "صد"])
        words = rf"(?:{word})(?:\s+(?:و\s+)?(?:{word}))*"
        scale = r"(?:\s+(?:هزار|ميليون|مليون))?"
    return rf"(?:{_DIGITS_AR_FA}){scale}|{vague}|{words}"


@functools.lru_cache(maxsize=8)
def number_regex(language: str) -> re.Pattern[str]:
    """Compiled pattern for one number expression in folded text; group `num` holds it.

    Unknown languages get the English pattern (digits plus English words).
    """
    lang = language if language in ("ar", "fa") else "en"
    body = number_body(lang)
    if lang == "en":
        return re.compile(rf"(?<![\w.,])(?P<num>{body})(?![\w])", re.IGNORECASE)
    # The conjunction و is written joined to the next word ("وعشرات"): let it stand before
    # numbers, outside the `num` group.
    joined = r"(?:(?<=\bو)|(?<!\w))" if lang == "ar" else r"(?<!\w)"
    return re.compile(rf"{joined}(?<![.,])(?P<num>{body})(?!\w)")


def _parse_digits(s: str, language: str) -> float | None:
    s = s.strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        return float(s.replace(",", ""))
    if language in ("ar", "fa") and re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        return float(s.replace(".", ""))
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    return None


def _parse_en_words(tokens: list[str]) -> float | None:
    total = 0.0
    current = 0.0
    seen = False
    for tok in tokens:
        if tok == "and":
            continue
        if tok in _EN_UNITS:
            current += _EN_UNITS[tok]
        elif tok == "hundred":
            current = (current or 1) * 100
        elif tok in _EN_SCALES:
            total += (current or 1) * _EN_SCALES[tok]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _parse_scaled_words(tokens: list[str], units: dict[str, int], hundreds: dict[str, int],
                        scales: dict[str, int]) -> float | None:
    total = 0.0
    current = 0.0
    seen = False
    for tok in tokens:
        if tok == "و":
            continue
        if tok.startswith("و") and len(tok) > 1 and tok not in units and tok[1:] in units:
            tok = tok[1:]  # "وعشرون"
        if tok in units:
            value = units[tok]
            if value == 10 and 0 < current < 10:  # Arabic teens: "خمسة عشر"
                current += 10
            else:
                current += value
        elif tok in hundreds:
            current += hundreds[tok]
        elif tok in _HUNDRED_WORDS:
            current = (current or 1) * 100
        elif tok in scales:
            scale = scales[tok]
            if tok in ("الفان", "الفين", "مليونان", "مليونين"):
                total += current * 1000 if current else scale
            else:
                total += (current or 1) * scale
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(s: str, language: str) -> tuple[float | None, str | None]:
    """Value of a number expression and its vague qualifier.

    "3,000" -> (3000.0, None); "twenty-five" -> (25.0, None); "dozens" -> (None, "dozens");
    "خمسة وعشرون" -> (25.0, None); "۱۲۰" -> (120.0, None); not a number -> (None, None).
    """
    lang = language if language in ("ar", "fa") else "en"
    text = re.sub(r"\s+", " ", fold(s).strip().lower())
    if not text:
        return None, None
    vague = _VAGUE_WORDS[lang].get(text)
    if vague:
        return None, vague
    m = re.fullmatch(r"([\d.,]+)\s*(\S+)?", text)
    if m:
        value = _parse_digits(m.group(1), lang)
        if value is not None:
            scale_word = m.group(2)
            if not scale_word:
                return value, None
            scale = (_EN_SCALES if lang == "en" else _AR_SCALES if lang == "ar" else _FA_SCALES)
            if scale_word in scale:
                return value * scale[scale_word] if scale_word not in ("الفان", "الفين") else value * 1000, None
            return None, None
    if lang == "en":
        if text in _EN_EXACT_PHRASES:
            return _EN_EXACT_PHRASES[text], None
        return _parse_en_words(re.split(r"[\s-]+", text)), None
    if lang == "ar":
        return _parse_scaled_words(text.split(), _AR_UNITS, _AR_HUNDREDS, _AR_SCALES), None
    return _parse_scaled_words(text.split(), _FA_UNITS, {}, _FA_SCALES), None


def vague_range(qualifier: str | None) -> tuple[float, float] | None:
    """What a vague word usually means, e.g. "dozens" -> (24, 99); None if not vague."""
    return VAGUE_RANGES.get(qualifier or "")


# --- token-triggered matching ------------------------------------------------------------------
# Python's re scans slowly for patterns that start with long or case-insensitive alternations
# (about 1 ms per pattern per article). The extractors instead walk the words once, look each
# up in a dict of first words, and try the few patterns that can start there (anchored match).

_WORDS = re.compile(r"\w+")
DIGITS_KEY = "#"  # key for patterns that start with a number written in digits


@dataclass(frozen=True)
class Trigger:
    """One pattern, tried where one of its first words stands."""

    kind: str
    pattern: re.Pattern[str]
    #: Optional words before the match, read backwards: must end with `$`; its groups join
    #: the match's and its start becomes the mention's start when it matched something.
    prefix: re.Pattern[str] | None = None


@dataclass
class Found:
    """A pattern match, with the groups of its prefix merged in."""

    kind: str
    start: int
    end: int
    groups: dict[str, str | None]
    string: str

    def group(self, name: str | int = 0) -> str | None:
        if name == 0:
            return self.string[self.start:self.end]
        return self.groups.get(name)  # type: ignore[arg-type]

    def groupdict(self) -> dict[str, str | None]:
        return self.groups


_NEXT_WORD = re.compile(r"[\s-]+(\w+)")


class TriggerTable:
    """Patterns indexed by their possible first word, or first two words ("the same").

    Two-word keys keep frequent words ("the", "in", "a") from trying every pattern that can
    start with them; the key of a number written in digits is DIGITS_KEY ("in #").
    """

    def __init__(self, clitics: str = ""):
        self._by_word: dict[str, list[Trigger]] = {}
        self._by_pair: dict[str, list[Trigger]] = {}
        self._pair_firsts: set[str] = set()
        #: Arabic letters written joined to the next word ("وأمس"): also try after them.
        self._clitics = clitics

    def add(self, kind: str, first_words, pattern: str, prefix: str | None = None, flags: int = 0) -> None:
        """Register a pattern under each of its first words (a key may hold two words)."""
        trigger = Trigger(kind, re.compile(pattern, flags), re.compile(prefix, flags) if prefix else None)
        for word in first_words:
            key = " ".join(fold(word).lower().split()[:2])
            if " " in key:
                self._by_pair.setdefault(key, []).append(trigger)
                self._pair_firsts.add(key.split()[0])
            else:
                self._by_word.setdefault(key, []).append(trigger)

    def _triggers_at(self, folded: str, word: str, end: int) -> list[Trigger] | None:
        key = DIGITS_KEY if word[0].isdigit() else word.lower()  # "3", "2023", "3rd"
        triggers = self._by_word.get(key)
        if key in self._pair_firsts:
            nxt = _NEXT_WORD.match(folded, end)
            if nxt:
                second = nxt.group(1)
                more = self._by_pair.get(f"{key} {DIGITS_KEY if second[0].isdigit() else second.lower()}")
                if more:
                    triggers = (triggers or []) + more
        return triggers

    def scan(self, folded: str) -> list[Found]:
        """Every match of every pattern, at word starts; overlaps are left to the caller."""
        found: list[Found] = []
        clitics = self._clitics
        for w in _WORDS.finditer(folded):
            word = w.group()
            start = w.start()
            triggers = self._triggers_at(folded, word, w.end())
            if triggers is None and clitics and word[0] in clitics and len(word) > 2:
                for skip in (1, 2):
                    if skip == 2 and (word[1] not in clitics or len(word) <= 3):
                        break
                    triggers = self._triggers_at(folded, word[skip:], w.end())
                    if triggers:
                        start += skip
                        break
            if not triggers:
                continue
            for trigger in triggers:
                m = trigger.pattern.match(folded, start)
                if not m:
                    continue
                groups = m.groupdict()
                begin = start
                if trigger.prefix is not None:
                    p = trigger.prefix.search(folded, max(0, start - 48), start)
                    if p and p.end() == start and p.start() < start:
                        begin = p.start()
                        for k, v in p.groupdict().items():
                            if groups.get(k) is None:
                                groups[k] = v
                found.append(Found(trigger.kind, begin, m.end(), groups, folded))
        return found


@functools.lru_cache(maxsize=8)
def _number_table(language: str) -> TriggerTable:
    lang = language if language in ("ar", "fa") else "en"
    if lang == "en":
        words = [*_EN_UNITS, *_EN_SCALES, *_EN_EXACT_PHRASES, *_VAGUE_WORDS["en"]]
    elif lang == "ar":
        words = [*_AR_UNITS, *_AR_HUNDREDS, *_AR_SCALES, *_VAGUE_WORDS["ar"]]
    else:
        words = [*_FA_UNITS, *_FA_SCALES, "صد", *_VAGUE_WORDS["fa"]]
    table = TriggerTable(clitics="و" if lang == "ar" else "")
    firsts = {" ".join(w.split()[:2]) if w.split()[0] in ("a", "one", "half") and " " in w else w.split()[0]
              for w in words}
    table.add("num", {DIGITS_KEY} | firsts, rf"(?P<num>{number_body(lang)})(?!\w)",
              flags=re.IGNORECASE if lang == "en" else 0)
    return table


def find_numbers(folded: str, language: str) -> list[Found]:
    """Number expressions in folded text, left to right, not overlapping; group "num" holds each.

    A number glued to a preceding "." or "," is the tail of a bigger one ("1.5", "3,000").
    """
    out: list[Found] = []
    last_end = -1
    for found in _number_table(language).scan(folded):
        if found.start < last_end or (found.start > 0 and folded[found.start - 1] in ".,"
                                      and found.start > 1 and folded[found.start - 2].isdigit()):
            continue
        out.append(found)
        last_end = found.end
    return out


def check_text(text: object, step: str) -> None:
    """Refuse what is not text with a clear ExtractError (bytes, None...), before any scanning."""
    if not isinstance(text, str):
        from ..errors import ExtractError

        raise ExtractError(f"{step} needs text (str), got {type(text).__name__}",
                           hint="pass Document.text; decode bytes first (the read stage does this)")
