"""An admin area's point from the land it covers, not from where its people live.

City dumps give no outline for a province, only its towns. Each patch of a country's land
(a grid inside the country's outline) is given to the province of its nearest town, so a
province owns the empty land around its last settlements too, and its point is the centroid
of that land. Ontario's towns crowd its south, but most of its land lies north: the centroid
of its towns is 200 km south of where GeoNames and atlases put Ontario; the centroid of its
land is within 100 km of both.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

#: Grid step in degrees: fine enough for provinces (a quarter degree is ~28 km), coarse
#: enough that the whole world takes about two seconds at import.
STEP = 0.25
KM_PER_DEGREE = 111.2

Ring = Sequence[tuple[float, float]]


def _unit(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=-1)


def inside(lon: np.ndarray, lat: np.ndarray, rings: Iterable[Ring]) -> np.ndarray:
    """Even-odd rule over all rings: inside an outer ring and not in a hole."""
    result = np.zeros(len(lon), dtype=bool)
    for ring in rings:
        pts = np.asarray(ring, dtype=float)
        if len(pts) < 3:
            continue
        x0, y0 = pts[:, 0], pts[:, 1]
        x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
        for a, b, c, d in zip(x0, y0, x1, y1, strict=True):
            if b == d:
                continue
            crosses = ((b > lat) != (d > lat)) & (lon < (c - a) * (lat - b) / (d - b) + a)
            result ^= crosses
    return result


def territory_points(
    towns: Sequence[tuple[str, float, float]],
    outline: Sequence[Ring],
    bbox: tuple[float, float, float, float],
    step: float = STEP,
) -> dict[str, tuple[float, float, float]]:
    """(area code, lat, lon) of one country's towns -> area code -> (lat, lon) of the centroid
    of its land, and the land's size in km².

    Areas that own no grid cell (smaller than a cell, or outside the coarse outline) are
    left out: the caller keeps its own point for them."""
    from sklearn.neighbors import KDTree

    if not towns or not outline:
        return {}
    lon0, lat0, lon1, lat1 = bbox
    gx = np.arange(math.floor(lon0 / step) * step + step / 2, lon1, step)
    gy = np.arange(math.floor(lat0 / step) * step + step / 2, lat1, step)
    lon, lat = (a.ravel() for a in np.meshgrid(gx, gy))
    keep = inside(lon, lat, outline)
    lon, lat = lon[keep], lat[keep]
    if not len(lon):
        return {}
    codes = np.array([t[0] for t in towns])
    tree = KDTree(_unit(np.array([t[1] for t in towns]), np.array([t[2] for t in towns])))
    owner = codes[tree.query(_unit(lat, lon), k=1, return_distance=False)[:, 0]]
    # a cell's area shrinks with cos(lat); summing unit vectors keeps areas across 180° whole
    shrink = np.cos(np.radians(lat))
    weighted = _unit(lat, lon) * shrink[:, None]
    cell_km2 = (step * KM_PER_DEGREE) ** 2
    out: dict[str, tuple[float, float, float]] = {}
    for code in np.unique(owner):
        mine = owner == code
        v = weighted[mine].sum(axis=0)
        size = float(shrink[mine].sum()) * cell_km2
        v /= np.linalg.norm(v)
        out[str(code)] = (math.degrees(math.asin(v[2])), math.degrees(math.atan2(v[1], v[0])), size)
    return out
