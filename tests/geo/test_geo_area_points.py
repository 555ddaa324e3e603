"""Points of areas the city dumps list without coordinates: admin areas and continents."""

from __future__ import annotations

from watchfloor.geo.build import build_gazetteer
from watchfloor.geo.dumps import GeonameRow
from watchfloor.geo.resolve import GazetteerResolver


def _town(gid: int, lat: float, lon: float, admin1: str = "01") -> GeonameRow:
    return GeonameRow(gid, f"Town {gid}", f"Town {gid}", (), lat, lon, "P", "PPL", "ZZ", admin1, "",
                      1000)


def _area_point(towns: list[GeonameRow]) -> tuple[float, float]:
    gaz = build_gazetteer(towns, admin1={"ZZ.01": ("Wedge", "Wedge", 99)})
    row = gaz.admin1_rows["ZZ.01"]
    return gaz.lat[row], gaz.lon[row]


def test_evenly_settled_area_gets_its_middle():
    towns = [_town(i * 10 + j, 40 + i, 10 + j) for i in range(5) for j in range(5)]
    lat, lon = _area_point(towns)
    assert abs(lat - 42) < 0.01 and abs(lon - 12) < 0.01


def test_wedge_shaped_area_gets_a_point_inside_its_settled_part():
    # towns fill a triangle: the middle of the extent (5, 5) lies on its empty edge
    towns = [_town(i * 100 + j, i, j) for i in range(11) for j in range(11) if i + j <= 10]
    lat, lon = _area_point(towns)
    assert lat + lon < 9.5  # well inside the settled wedge
    assert lat > 10 / 3 and lon > 10 / 3  # but not pulled all the way to the hull's centroid


def test_crowded_corner_does_not_drag_the_point():
    # a thinly settled frame and a city region of many towns in one corner
    frame = [_town(i, 50 + i, 0) for i in range(11)] + [_town(100 + i, 50, i) for i in range(11)]
    frame += [_town(200 + i, 60, i) for i in range(11)] + [_town(300 + i, 50 + i, 10) for i in range(11)]
    corner = [_town(1000 + k, 50.1 + (k % 10) * 0.1, 0.1 + (k // 10) * 0.1) for k in range(300)]
    lat, lon = _area_point(frame + corner)
    assert abs(lat - 55) < 1 and abs(lon - 5) < 1


def test_continents_are_known_even_from_city_rows_alone():
    gaz = build_gazetteer([_town(1, 48.0, 9.0)])
    europe = GazetteerResolver(gaz, use_ner=False).resolve("Europe")
    assert europe is not None and europe.attr("precision") == "region"
    # GeoNames' own continent point, not one derived from towns
    assert abs(europe.attr("lat") - 48.69) < 0.1 and abs(europe.attr("lon") - 9.14) < 0.1


def test_imported_continent_rows_are_not_doubled():
    europe = GeonameRow(6255148, "Europe", "Europe", (), 48.69, 9.14, "L", "CONT", "", "", "", 0)
    gaz = build_gazetteer([_town(1, 48.0, 9.0), europe])
    assert list(gaz.fcode).count("CONT") == 1
