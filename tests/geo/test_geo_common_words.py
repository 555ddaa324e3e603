"""Everyday Arabic words that GeoNames also lists as hamlets are read as words."""

from __future__ import annotations

import pytest

from watchfloor.geo.build import build_gazetteer
from watchfloor.geo.dumps import GeonameRow
from watchfloor.geo.resolve import GazetteerResolver

pytest.importorskip("wordfreq", reason="wordfreq ships the word frequencies")


def _place(gid, name, alts, lat, lon, cc, pop, code="PPL"):
    return GeonameRow(gid, name, name, alts, lat, lon, "P", code, cc, "01", "", pop)


@pytest.fixture(scope="module")
def resolver():
    gaz = build_gazetteer([
        _place(1, "Al Hukumah", ("الحكومة",), 14.21, 45.39, "YE", 0, "PPLA2"),  # "the government"
        _place(2, "Al Musaddar", ("المصدر",), 31.41, 34.38, "PS", 1845),  # "the source"
        _place(3, "Al Qa'im", ("القائم",), 34.39, 40.99, "IQ", 0, "PPLA2"),
        _place(4, "Al Bab", ("الباب",), 36.37, 37.52, "SY", 63_069),  # also "the door"
    ])
    return GazetteerResolver(gaz, use_ner=False)


def _found(resolver, text):
    return [m.text for m in resolver.find(text) if not m.attr("relative")]


def test_the_government_and_a_source_are_no_places(resolver):
    assert _found(resolver, "قالت الحكومة إن الجيش سيطر على المنطقة") == []
    assert _found(resolver, "أفاد مصدر أمني بأن القوات نفذت غارة") == []


def test_a_place_noun_before_the_word_makes_it_the_hamlet(resolver):
    assert _found(resolver, "وصلت التعزيزات إلى قرية الحكومة") == ["الحكومة"]


def test_rarer_names_and_big_places_keep_their_names(resolver):
    # "القائم" is a common word too, but not an everyday one; Al-Bab is a city
    assert _found(resolver, "دخلت القوات القائم") == ["القائم"]
    assert _found(resolver, "قصفت الطائرات الباب") == ["الباب"]


def test_months_and_weekdays_are_no_places():
    # GeoNames lists Yemeni villages named الخميس (Thursday) and الجمعة (Friday)
    gaz = build_gazetteer([_place(5, "Al Khamis", ("الخميس",), 15.19, 43.51, "YE", 0),
                           _place(6, "Mohr", ("مهر",), 27.56, 52.88, "IR", 13_000)])
    resolver = GazetteerResolver(gaz, use_ner=False)
    assert _found(resolver, "قتل ثلاثة مدنيين يوم الخميس خلال شهر مهر") == []
    assert _found(resolver, "وصلت القوات إلى مدينة مهر") == ["مهر"]  # the town, after "city"
