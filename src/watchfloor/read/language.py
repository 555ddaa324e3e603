"""Language identification for documents and one-line posts: (ISO 639-1 code, score).

Three layers, chosen after measuring on tests/data/read/language_samples.yaml:
1. Script: the dominant script of the letters narrows the candidates (Hebrew -> he,
   Cyrillic -> ru, ...).
2. Letters: within Arabic script, letters only one language uses decide Kurdish (Sorani:
   ە ێ ۆ ڕ ڵ), Pashto (ټ ډ ړ ږ ښ ګ ڼ ې ۍ) and Urdu (ٹ ڈ ڑ ے ں); the statistical models have no
   Sorani or Pashto and mistake them for Persian or Arabic.
3. Model: lingua (restricted to the candidates) for everything else; it was right on every
   ar/fa/en/tr/ru/he/fr/de/es/ur sample, where langid missed short Latin-script lines. langid
   still decides Kurmanji (Latin-script Kurdish), which lingua lacks, and stands in for
   lingua when it is not installed.
A text in a language outside the candidates gives code None rather than the nearest
candidate: letters show it in Arabic script, an unrestricted langid run on longer texts.
Measure with `python bench/bench_read.py --languages`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

log = logging.getLogger(__name__)

#: Languages considered unless the caller restricts them.
DEFAULT_CANDIDATES: tuple[str, ...] = ("en", "ar", "fa", "tr", "ru", "he", "fr", "ku", "de", "es",
                                       "ur", "ps")
#: How much text the models look at: the start of a document says enough, and it bounds time.
SAMPLE_CHARS = 3000
#: Below this many letters, an out-of-set verdict is too unreliable to override the candidates.
OUT_OF_SET_MIN_LETTERS = 100

_KURDISH_SORANI = frozenset("ەێۆڕڵ")
_PASHTO = frozenset("ټډړږښګڼېۍځڅ")
_URDU = frozenset("ٹڈڑےں")
_PERSIAN_FAMILY = frozenset("پچژگکی")  # shared by fa, ur, ps, ku; never in standard Arabic
_ARABIC_ONLY = frozenset("ةيكى")  # Arabic letters the others replace (ی ک) or rarely use

#: Languages by the script they are written in (a language may have two).
_SCRIPT_LANGUAGES = {
    "arabic": {"ar", "fa", "ur", "ps", "ku", "ckb", "sd", "ug"},
    "hebrew": {"he", "yi"},
    "cyrillic": {"ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "tg", "mn"},
    "greek": {"el"},
    "han": {"zh", "ja"},
    "kana": {"ja"},
    "hangul": {"ko"},
    "devanagari": {"hi", "mr", "ne"},
    "armenian": {"hy"},
    "georgian": {"ka"},
    "thai": {"th"},
}
_NON_LATIN = set().union(*_SCRIPT_LANGUAGES.values()) - {"ku"}


class LanguageGuess(NamedTuple):
    """ISO 639-1 code (None when the text has no letters or no candidate fits) and a 0..1 score."""

    code: str | None
    score: float


def _script(ch: str) -> str | None:
    cp = ord(ch)
    if not ch.isalpha():
        return None
    if cp < 0x250 or 0x1E00 <= cp <= 0x1EFF:
        return "latin"
    if 0x0600 <= cp <= 0x08FF or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
        return "arabic"
    if 0x0590 <= cp <= 0x05FF or 0xFB1D <= cp <= 0xFB4F:
        return "hebrew"
    if 0x0400 <= cp <= 0x052F:
        return "cyrillic"
    if 0x0370 <= cp <= 0x03FF:
        return "greek"
    if 0x3040 <= cp <= 0x30FF:
        return "kana"
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF:
        return "han"
    if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF:
        return "hangul"
    if 0x0900 <= cp <= 0x097F:
        return "devanagari"
    if 0x0530 <= cp <= 0x058F:
        return "armenian"
    if 0x10A0 <= cp <= 0x10FF:
        return "georgian"
    if 0x0E00 <= cp <= 0x0E7F:
        return "thai"
    return "other"


def _languages_of_script(script: str, candidates: Iterable[str]) -> list[str]:
    if script == "latin":
        return [c for c in candidates if c not in _NON_LATIN]
    return [c for c in candidates if c in _SCRIPT_LANGUAGES.get(script, set())]


def identify(text: str, candidates: Iterable[str] = DEFAULT_CANDIDATES) -> LanguageGuess:
    """Identify the language of `text` among `candidates` (ISO 639-1 codes)."""
    candidates = tuple(dict.fromkeys(c.lower() for c in candidates))
    sample = text[:SAMPLE_CHARS]
    scripts = Counter(s for s in map(_script, sample) if s)
    if not scripts:
        return LanguageGuess(None, 0.0)
    script, _ = scripts.most_common(1)[0]
    if script == "han" and scripts.get("kana"):
        script = "kana"  # Japanese mixes kanji with kana; Chinese has no kana
    options = _languages_of_script(script, candidates)
    letters = "".join(ch for ch in sample if _script(ch) == script)
    if not options:
        return LanguageGuess(None, 0.0)
    # Letter evidence first: it is decisive where the models are blind (Sorani, Pashto).
    if script == "arabic":
        by_letters = _arabic_script_letters(letters, options)
        if by_letters:
            return by_letters
        options = [o for o in options if o in _lingua_supported()] or options
    if script == "latin" and "ku" in options and len(options) > 1:
        code, prob = _langid(tuple(options)).classify(sample.encode("utf-8"))
        if code == "ku" and prob >= 0.95:
            return LanguageGuess("ku", round(float(prob), 3))
        options = [o for o in options if o != "ku"]
    if _outside_candidates(sample, letters, candidates):
        return LanguageGuess(None, 0.0)
    if len(options) == 1:
        return LanguageGuess(options[0], 0.9)
    return _model(sample, tuple(options))


def _outside_candidates(sample: str, letters: str, candidates: tuple[str, ...]) -> bool:
    """True when a long text is confidently in a language we were not asked about.

    Restricted models always name one of their candidates (a Czech page came out "tr" with
    lingua at 1.0), so an unrestricted langid run vetoes them when it is sure.
    """
    if len(letters) < OUT_OF_SET_MIN_LETTERS:
        return False
    code, prob = _langid(()).classify(sample.encode("utf-8"))
    return code not in candidates and prob >= 0.99


#: Returned when letters show the text is in a language outside the candidates.
_NOT_A_CANDIDATE = LanguageGuess(None, 0.0)


def _arabic_script_letters(letters: str, options: list[str]) -> LanguageGuess | None:
    """Decide among Arabic-script languages by letters only one of them uses.

    Returns None when the letters do not settle it (the model decides), and a guess with no
    code when they point to a language that is not a candidate.
    """
    n = len(letters)
    if n == 0:
        return None
    counts = {
        "ku": sum(1 for c in letters if c in _KURDISH_SORANI),
        "ps": sum(1 for c in letters if c in _PASHTO),
        "ur": sum(1 for c in letters if c in _URDU),
    }
    lang, k = max(counts.items(), key=lambda item: item[1])
    ratio = k / n
    # In a long text a quoted foreign word should not decide; in a short line one letter does.
    if k and (ratio >= 0.01 or (n < 40 and k >= 1)):
        if lang in options:
            return LanguageGuess(lang, 0.95 if ratio >= 0.02 else 0.8)
        return _NOT_A_CANDIDATE
    persian = sum(1 for c in letters if c in _PERSIAN_FAMILY)
    arabic = sum(1 for c in letters if c in _ARABIC_ONLY)
    if persian and not arabic and (n < 40 or persian / n >= 0.02):
        if "fa" in options:
            return LanguageGuess("fa", 0.9)
        if not {"ur", "ps", "ku"} & set(options):
            return _NOT_A_CANDIDATE  # Persian-family letters, and no Persian-family candidate
        return None
    if arabic and not persian and (n < 40 or arabic / n >= 0.02):
        if "ar" in options:
            return LanguageGuess("ar", 0.9)
        if n >= 40:
            return _NOT_A_CANDIDATE  # a long text with only Arabic's own letters is Arabic
    return None


def _model(sample: str, options: tuple[str, ...]) -> LanguageGuess:
    supported = tuple(o for o in options if o in _lingua_supported())
    if len(supported) == 1:
        return LanguageGuess(supported[0], 0.9)
    if not supported:
        code, prob = _langid(options).classify(sample.encode("utf-8"))
        return LanguageGuess(code, round(float(prob), 3))
    detector = _lingua(supported)
    values = detector.compute_language_confidence_values(sample)
    if not values or values[0].value == 0:
        return LanguageGuess(None, 0.0)
    best = values[0]
    return LanguageGuess(best.language.iso_code_639_1.name.lower(), round(float(best.value), 3))


@lru_cache(maxsize=1)
def _lingua_supported() -> frozenset[str]:
    """Languages lingua knows; empty when it is not installed (langid then does its part)."""
    try:
        from lingua import Language
    except ImportError:
        log.warning("lingua-language-detector is not installed; using langid alone "
                    "(less accurate on short lines): pip install lingua-language-detector")
        return frozenset()
    return frozenset(lang.iso_code_639_1.name.lower() for lang in Language.all())


@lru_cache(maxsize=16)
def _lingua(codes: tuple[str, ...]):
    """A lingua detector for these languages (models load lazily, on first use)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    return LanguageDetectorBuilder.from_languages(*languages).build()


@lru_cache(maxsize=16)
def _langid(codes: tuple[str, ...]):
    from langid.langid import LanguageIdentifier, model

    identifier = LanguageIdentifier.from_modelstring(model, norm_probs=True)
    known = set(identifier.nb_classes)
    identifier.set_languages([c for c in codes if c in known] or list(known))
    return identifier
