"""An admin area's point is the middle of its land, not of its towns."""

from __future__ import annotations

import numpy as np

from watchfloor.geo.build import build_gazetteer
from watchfloor.geo.dumps import GeonameRow
from watchfloor.geo.resolve import GazetteerResolver
from watchfloor.geo.territory import inside, territory_points

SQUARE = (((0.0, 40.0), (10.0, 40.0), (10.0, 50.0), (0.0, 50.0), (0.0, 40.0)),)


def test_a_province_settled_only_in_its_south_keeps_its_empty_north():
    west = [("W", 40.5 + i, 1.0 + j) for i in range(10) for j in range(4)]
    # the east's towns crowd its southern edge; one outpost stands in its far north
    east = [("E", 40.2 + i * 0.1, 6.0 + j) for i in range(8) for j in range(4)] + [("E", 49.0, 9.0)]
    points = territory_points(west + east, SQUARE, (0.0, 40.0, 10.0, 50.0))
    lat, lon, km2 = points["E"]
    assert lat > 44.0  # the towns' own middle is at 41
    assert 5.0 < lon < 10.0
    assert abs(points["W"][0] - 45.0) < 1.0
    # together they own the whole 10° square: 1112 km by ~786 km at 45°N
    assert abs(km2 + points["W"][2] - 874_000) < 30_000 and km2 > 150_000


def test_areas_across_the_date_line_stay_whole():
    rings = (((170.0, 60.0), (180.0, 60.0), (180.0, 70.0), (170.0, 70.0), (170.0, 60.0)),
             ((-180.0, 60.0), (-170.0, 60.0), (-170.0, 70.0), (-180.0, 70.0), (-180.0, 60.0)))
    towns = [("A", 65.0, 175.0), ("A", 65.0, -175.0), ("B", 60.5, 171.0)]
    lat, lon, _km2 = territory_points(towns, rings, (-180.0, 60.0, 180.0, 70.0))["A"]
    assert abs(abs(lon) - 180.0) < 5.0  # not 0°, the mean of +175 and -175
    assert 62.0 < lat < 68.0


def test_holes_are_outside():
    outer = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0))
    hole = ((4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0), (4.0, 4.0))
    got = inside(np.array([1.0, 5.0, 11.0]), np.array([1.0, 5.0, 5.0]), (outer, hole))
    assert got.tolist() == [True, False, False]


def _town(gid: int, lat: float, lon: float, admin1: str) -> GeonameRow:
    return GeonameRow(gid, f"Town {gid}", f"Town {gid}", (), lat, lon, "P", "PPL", "CA", admin1, "",
                      1000)


def test_imported_provinces_take_their_land_from_the_country_outline():
    # Canadian towns along the US border only: the provinces still reach the Arctic
    towns = [_town(i, 49.5, -120.0 + i, "02") for i in range(10)]
    towns += [_town(100 + i, 49.5, -90.0 + i, "08") for i in range(10)]
    gaz = build_gazetteer(towns, admin1={"CA.02": ("West", "West", 1), "CA.08": ("East", "East", 2)})
    for code in ("CA.02", "CA.08"):
        row = gaz.admin1_rows[code]
        assert gaz.lat[row] > 55.0, code
        assert gaz.extent_km[gaz.ids[row]] > 500, code  # half of Canada each


def test_a_province_mention_says_how_far_the_province_reaches():
    towns = [_town(i, 49.5, -120.0 + i, "02") for i in range(10)]
    towns += [_town(100 + i, 45.0 + i * 0.05, -75.0, "10") for i in range(10)]
    gaz = build_gazetteer(towns, admin1={"CA.02": ("Westland", "Westland", 1),
                                         "CA.10": ("Eastland", "Eastland", 2)})
    m = GazetteerResolver(gaz, use_ner=False).resolve("Westland")
    assert m.attr("precision") == "admin" and m.attr("radius_km") > 300


def test_a_province_from_a_full_dump_keeps_its_point_and_gains_its_extent():
    # a per-country dump brings GeoNames' own ADM1 row: its point stays, its reach is added
    towns = [_town(i, 49.5, -120.0 + i, "02") for i in range(10)]
    towns += [_town(100 + i, 49.5, -90.0 + i, "08") for i in range(10)]
    own = GeonameRow(6093943, "Ontario", "Ontario", (), 49.25, -84.5, "A", "ADM1", "CA", "08", "",
                     13_000_000)
    gaz = build_gazetteer([*towns, own], admin1={"CA.08": ("Ontario", "Ontario", 6093943)})
    row = gaz.admin1_rows["CA.08"]
    assert (gaz.lat[row], gaz.lon[row]) == (49.25, -84.5) and not gaz.derived[row]
    assert gaz.extent_km[6093943] > 500
