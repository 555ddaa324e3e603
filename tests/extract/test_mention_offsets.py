"""Every mention extractor survives odd text and its offsets always point at the mention's text."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchfloor.extract.attribution import find_cited_sources
from watchfloor.extract.dates import find_dates
from watchfloor.extract.quantities import find_quantities
from watchfloor.extract.weapons import find_weapons

_PIECES = ["On ", "November ", "3", "2023", ", ", "the same day", " killed ", "four ", "members", "dozens of ",
           "fighters", " according to ", "Deir Now", " reported", "أمس", " منذ ", "ثلاثة", " أيام", "عشرات ",
           "المقاتلين", "بحسب ", "مصادر", " ۱۲ ", "آبان", "۱۴۰۲", "دیروز", "\u200c", "ً", "ـ", "“", "”", ".",
           "\n", "Katyusha", "صواريخ", "-", "%", ":", "İ", "ß", "\U0001F600", " "]
TEXTS = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join) | st.text(max_size=200)

EXTRACTORS = {
    "attribution": find_cited_sources,
    "quantities": find_quantities,
    "weapons": find_weapons,
    "dates": lambda text, language: find_dates(text, reference=date(2023, 11, 5), language=language),
}


@pytest.mark.parametrize("name", sorted(EXTRACTORS))
def test_any_text_gives_consistent_mentions(name):
    find = EXTRACTORS[name]

    @settings(max_examples=100, deadline=None)
    @given(TEXTS, st.sampled_from(["en", "ar", "fa", "de"]))
    def check(text, language):
        for m in find(text, language):
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start:m.end] == m.text

    check()
