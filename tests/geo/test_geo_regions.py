"""The curated regions table: loads, stable ids, valid points, names that index and resolve."""

from __future__ import annotations

import pytest

from watchfloor.errors import GazetteerError
from watchfloor.geo import GazetteerResolver, haversine_km
from watchfloor.geo.build import build_gazetteer
from watchfloor.geo.normalize import keys_for_name
from watchfloor.geo.regions import (
    FEATURE_CLASSES,
    ID_BASE,
    load_regions,
    region_id,
    region_radius_km,
    region_rows,
)

#: Centres as commonly cited (encyclopedia coordinates), independent of the table.
KNOWN = {
    "Golan Heights": (33.0, 35.75),
    "Darfur": (13.0, 25.0),
    "Red Sea": (22.0, 38.0),
    "Sinai": (29.5, 33.8),
    "Strait of Hormuz": (26.57, 56.25),
    "Gaza Strip": (31.42, 34.38),
    "Bekaa Valley": (33.85, 36.0),
    "Donbas": (48.0, 38.0),
    "Kashmir": (34.5, 76.0),
    "Java": (-7.5, 110.0),
}


def _by_key() -> dict[str, list]:
    index: dict[str, list] = {}
    for r in load_regions():
        for n in (r.name, *r.alternatenames):
            for k in keys_for_name(n):
                index.setdefault(k, [])
                if r not in index[k]:
                    index[k].append(r)
    return index


def test_packaged_table_loads_with_a_few_hundred_entries():
    regions = load_regions()
    assert 250 <= len(regions) <= 450
    assert load_regions() is regions  # parsed once
    codes = {r.feature_code for r in regions}
    assert {"RGN", "SEA", "GULF", "STRT", "OCN", "STM", "LK", "ISL", "DSRT", "MTS"} <= codes


def test_ids_are_unique_negative_and_stable():
    regions = load_regions()
    ids = [r.geonameid for r in regions]
    assert len(set(ids)) == len(ids)
    assert all(-2 * ID_BASE < i <= -ID_BASE for i in ids)  # clear of GeoNames and derived ids
    assert all(r.geonameid == region_id(r.feature_code, r.name) for r in regions)
    # CRC-32, not hash(): the same number in every process and on every machine
    assert region_id("RGN", "Golan Heights") == -1428182685


def test_points_radii_codes_and_countries_are_valid():
    for r in load_regions():
        assert -90 <= r.lat <= 90 and -180 <= r.lon <= 180, r.name
        assert r.radius_km > 0, r.name
        assert r.feature_code in FEATURE_CLASSES, r.name
        assert r.country == "" or (len(r.country) == 2 and r.country.isupper()), r.name
    assert region_radius_km()[region_id("SEA", "Red Sea")] > 500


def test_every_name_indexes_and_no_name_points_at_two_entries():
    for r in load_regions():
        for n in (r.name, *r.alternatenames):
            assert keys_for_name(n), (r.name, n)
    shared = {k: [r.name for r in rs] for k, rs in _by_key().items() if len(rs) > 1}
    assert not shared, shared


@pytest.mark.parametrize("name,centre", KNOWN.items())
def test_known_regions_lie_near_their_cited_centres(name, centre):
    matches = {r for k in keys_for_name(name) for r in _by_key().get(k, [])}
    assert len(matches) == 1, (name, matches)
    r = matches.pop()
    assert haversine_km(r.lat, r.lon, *centre) <= 100, (name, r)


def test_rows_carry_feature_class_and_build_into_a_gazetteer():
    rows = region_rows()
    assert len(rows) == len(load_regions())
    classes = {r.feature_code: r.feature_class for r in rows}
    assert classes["RGN"] == "L" and classes["SEA"] == "H" and classes["ISL"] == "T"
    gaz = build_gazetteer(rows, kind="bundled", description="regions only")
    resolver = GazetteerResolver(gaz)
    text = "Drones struck the Bekaa Valley; Houthi missiles crossed the Red Sea toward Darfur."
    found = {m.text: (m.attr("lat"), m.attr("lon")) for m in resolver.find(text)}
    for name in ("Bekaa Valley", "Red Sea", "Darfur"):
        assert name in found, found
        assert haversine_km(*found[name], *KNOWN[name]) <= 100


def test_a_region_mention_says_how_far_the_area_reaches():
    gaz = build_gazetteer(region_rows(), kind="bundled", description="regions only")
    radius = {m.text: m.attr("radius_km") for m in GazetteerResolver(gaz).find("Clashes in the Badia.")}
    assert radius["Badia"] == next(r.radius_km for r in load_regions() if r.name == "Syrian Desert")


def _write(tmp_path, body: str):
    path = tmp_path / "regions.yaml"
    path.write_text("entries:\n" + body, encoding="utf-8")
    return path


GOOD = '- {name: Testland Plain, alt: [Testland], lat: 10.0, lon: 20.0, code: PLN, cc: "", radius_km: 50}\n'


def test_a_custom_file_loads(tmp_path):
    (r,) = load_regions(_write(tmp_path, GOOD))
    assert (r.name, r.alternatenames, r.country) == ("Testland Plain", ("Testland",), "")


@pytest.mark.parametrize("old,new,message", [
    ("lat: 10.0", "lat: 100.0", "out of range"),
    ("code: PLN", "code: XYZ", "unknown feature code 'XYZ'"),
    ('cc: ""', "cc: NO", "cc must be"),  # YAML reads a bare NO as false
    ("radius_km: 50", "radius_km: 0", "radius_km must be positive"),
    ("alt: [Testland]", "alt: Testland", "alt must be a list"),
])
def test_a_bad_entry_is_refused_naming_it(tmp_path, old, new, message):
    second = GOOD.replace("Testland Plain", "Second Plain").replace(old, new)
    with pytest.raises(GazetteerError, match=message) as err:
        load_regions(_write(tmp_path, GOOD + second))
    assert "entry 2 ('Second Plain')" in str(err.value)


def test_duplicate_and_incomplete_entries_are_refused(tmp_path):
    with pytest.raises(GazetteerError, match="same id as 'Testland Plain'"):
        load_regions(_write(tmp_path, GOOD + GOOD))
    with pytest.raises(GazetteerError, match=r"missing \['radius_km'\]"):
        load_regions(_write(tmp_path, GOOD.replace(", radius_km: 50", "")))
    other = tmp_path / "other.yaml"
    other.write_text("regions: []\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="no 'entries' list"):
        load_regions(other)
