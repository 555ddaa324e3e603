"""Borders between two countries: the phrases that name them and the point where they meet."""

from __future__ import annotations

import pytest

from watchfloor.geo import haversine_km
from watchfloor.geo.borders import find_border_phrases, shared_border_point
from watchfloor.geo.countries import country_facts


def test_the_point_of_a_shared_border_lies_on_it_far_from_both_middles():
    lat, lon = shared_border_point("SY", "IQ")
    facts = country_facts()
    for iso in ("SY", "IQ"):  # on the frontier, not at either country's middle
        assert haversine_km(lat, lon, facts[iso].lat, facts[iso].lon) > 250
    assert 34 < lat < 37.5 and 40.5 < lon < 42.5  # the Syria-Iraq frontier's box
    assert shared_border_point("SY", "IR") is None  # no shared border
    assert shared_border_point("SY", "SY") is None


@pytest.mark.parametrize("text,phrase,countries", [
    ("Strikes hit positions on the Syrian-Iraqi border.", "Syrian-Iraqi border", ("SY", "IQ")),
    ("Smugglers used the Iraq–Syria border at night.", "Iraq–Syria border", ("IQ", "SY")),
    ("a fence along the border between Syria and Lebanon", "border between Syria and Lebanon", ("SY", "LB")),
    ("Fighters gathered near the Lebanese border.", "Lebanese border", ("LB",)),
    ("ضربات على الحدود السورية العراقية", "الحدود السورية العراقية", ("SY", "IQ")),
    ("تعزيزات إلى الحدود العراقية", "الحدود العراقية", ("IQ",)),
    ("درگیری در مرز ایران و عراق", "مرز ایران و عراق", ("IR", "IQ")),
])
def test_border_phrases_in_three_languages(tiny_resolver, text, phrase, countries):
    (found,) = find_border_phrases(tiny_resolver.gaz, text)
    assert text[found.start:found.end] == phrase and found.countries == countries


def test_a_border_of_something_that_is_no_country_is_no_border_phrase(tiny_resolver):
    assert find_border_phrases(tiny_resolver.gaz, "He crossed the New York border and the Tigris-Euphrates border") == []
    # "border" describing the noun after it: the place is the town, not the frontier
    assert find_border_phrases(tiny_resolver.gaz, "near the Syrian border town of Al-Bukamal") == []
    assert find_border_phrases(tiny_resolver.gaz, "Iraqi border guards fired") == []


def test_the_resolver_places_a_border_where_the_countries_meet(tiny_resolver):
    found = tiny_resolver.find("Militias crossed from Iraq at Al-Bukamal, on the Syrian-Iraqi border.")
    (border,) = [m for m in found if m.attr("relation") == "border"]
    assert border.text == "Syrian-Iraqi border" and border.attr("countries") == "SY,IQ"
    assert border.attr("precision") == "region" and border.value is None
    # one country alone meets the story's home country (most of its places are Syrian)
    found = tiny_resolver.find("Shelling hit Deir ez-Zor, Al-Mayadin and Damascus near the Israeli border.")
    (border,) = [m for m in found if m.attr("relation") == "border"]
    assert border.attr("countries") == "SY,IL"
    assert haversine_km(border.attr("lat"), border.attr("lon"), 33.0, 35.8) < 150  # the Golan
