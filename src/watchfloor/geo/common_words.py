"""Arabic-script names that are everyday words first: الحكومة, مصدر, الجمعة.

GeoNames lists "الحكومة" (the government) for a Yemeni hamlet and "المصدر" (the source) for
one in Gaza. Latin script tells such words from names by their capital letter; Arabic and
Persian have none, and no NER reads them here, so "قالت الحكومة" placed the government's
statement in Yemen. A one-word name that is as frequent as everyday nouns in general text
(wordfreq's Arabic and Persian lists) and that names nothing but small places is taken for the
word, unless a place noun stands before it ("قرية الحكومة"). Big places keep their names
however common the word (الباب, Al-Bab; دمشق): the frequency of "Damascus" is the city's own.
"""

from __future__ import annotations

from collections.abc import Iterable

from .gazetteer import Gazetteer
from .normalize import fold, is_arabic, keys_for_name

#: Zipf frequency (log10 of uses per billion words) from which a word is everyday: 5 is once
#: in 100,000 words ("الحكومة" 5.6, "مصدر" 5.1; Al-Qa'im's "القائم" 4.7, Palmyra's "تدمر" 4.2).
COMMON_ZIPF = 5.0
#: Places this big keep a name that is also a common word.
SMALL_PLACE = 20_000
LANGUAGES = ("ar", "fa")


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    forms = {word, word[2:]} if word.startswith("ال") and len(word) > 4 else {word}
    return max(zipf_frequency(w, lang) for w in forms for lang in LANGUAGES)


def common_word_keys(gaz: Gazetteer, names: Iterable[str]) -> frozenset[str]:
    """Index keys of the one-word Arabic-script `names` that are everyday words and name only
    small places in `gaz`; empty without wordfreq (the names are then all kept)."""
    try:
        import wordfreq  # noqa: F401
    except ImportError:
        return frozenset()
    out = set()
    for name in {n for n in names if is_arabic(n) and len(fold(n).split()) == 1}:
        keys = keys_for_name(name)
        if not keys or _zipf(name) < COMMON_ZIPF:
            continue
        for key in keys:
            rows = gaz.rows_for_key(key)
            if rows and all(gaz.precision_of(r) == "place" and gaz.population[r] < SMALL_PLACE
                            for r in rows):
                out.add(key)
    return frozenset(out)
