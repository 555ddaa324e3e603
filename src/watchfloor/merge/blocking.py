"""Blocking: find the few claims worth scoring against a new one, without scanning them all.

Claims with a usable point are filed under (type family, 2-day bucket, radius class, grid cell);
the radius class (up to 25 km: a place or "near" it, 0.25-degree cells; up to 60 km: a small
admin area, 0.5-degree cells) lets a lookup scan only the cells a claim of that class could
reach. Claims whose place is too vague for a cell (a large province, region, country, none)
are filed under their country instead, and every claim
is also filed under its country so that vague claims can find precise ones. One incremental merge
therefore costs O(candidates), not O(events). Bucket and cell sizes were chosen with
bench/bench_merge.py (1 M stored events).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from .features import FINE_RADIUS_KM, ClaimFeatures

BUCKET_DAYS = 2
KM_PER_DEG = 111.2
#: Radius classes for cell-filed claims: (class id, largest radius in km, cell size in degrees).
RADIUS_CLASSES = ((0, 25.0, 0.25), (1, FINE_RADIUS_KM, 0.5))


def _buckets(lo: int, hi: int) -> range:
    return range(lo // BUCKET_DAYS, hi // BUCKET_DAYS + 1)


def _cell(lat: float, lon: float, size: float) -> tuple[int, int]:
    return math.floor(lat / size), math.floor(lon / size)


def _radius_class(radius_km: float) -> tuple[int, float]:
    for cls, limit, size in RADIUS_CLASSES:
        if radius_km <= limit:
            return cls, size
    raise ValueError(radius_km)


class BlockIndex:
    """In-memory blocking index from block keys to claim keys (rebuilt from claims on load)."""

    def __init__(self, max_gap_days: int = 1):
        self.max_gap_days = max_gap_days
        self._cells: dict[tuple, list[str]] = defaultdict(list)
        self._coarse: dict[tuple, list[str]] = defaultdict(list)
        self._country: dict[tuple, list[str]] = defaultdict(list)

    def add(self, f: ClaimFeatures) -> None:
        """File a claim under its blocks."""
        if f.lo is None:
            return  # undatable claims cannot be merged automatically
        country = f.country or ""
        if not f.coarse:
            cls, size = _radius_class(f.radius_km)
            ci, cj = _cell(f.lat, f.lon, size)
        for b in _buckets(f.lo, f.hi):
            self._country[(f.family, b, country)].append(f.key)
            if f.coarse:
                self._coarse[(f.family, b, country)].append(f.key)
            else:
                self._cells[(f.family, b, cls, ci, cj)].append(f.key)

    def add_many(self, features: Iterable[ClaimFeatures]) -> None:
        for f in features:
            self.add(f)

    def candidates(self, f: ClaimFeatures) -> set[str]:
        """Keys of claims that may be the same happening as `f` (a superset; scoring decides)."""
        if f.lo is None:
            return set()
        out: set[str] = set()
        buckets = _buckets(f.lo - self.max_gap_days, f.hi + self.max_gap_days)
        country = f.country or ""
        family = f.family
        if f.coarse and f.country:
            for b in buckets:
                out.update(self._country.get((family, b, country), ()))
        elif f.lat is None:
            for b in buckets:
                out.update(self._coarse.get((family, b, ""), ()))
        if f.lat is not None:
            cells = self._cells
            for cls, limit, size in RADIUS_CLASSES:
                for ci, cj in self._cell_keys(f, f.radius_km + limit, size):
                    for b in buckets:
                        hit = cells.get((family, b, cls, ci, cj))
                        if hit:
                            out.update(hit)
            if not f.coarse:
                for b in buckets:
                    out.update(self._coarse.get((family, b, country), ()))
                    if country:
                        out.update(self._coarse.get((family, b, ""), ()))
        out.discard(f.key)
        return out

    @staticmethod
    def _cell_keys(f: ClaimFeatures, reach: float, size: float) -> tuple[tuple[int, int], ...]:
        ci, cj = _cell(f.lat, f.lon, size)
        return _ring(ci, cj, reach, size)


@lru_cache(maxsize=65536)
def _ring(ci: int, cj: int, reach: float, size: float) -> tuple[tuple[int, int], ...]:
    """Cells within `reach` km of any point of cell (ci, cj) (a square ring, conservative)."""
    ring_lat = math.ceil(reach / (KM_PER_DEG * size))
    edge_lat = max(abs(ci * size), abs((ci + 1) * size))
    coslat = max(0.05, math.cos(math.radians(min(89.0, edge_lat + ring_lat * size))))
    ring_lon = math.ceil(reach / (KM_PER_DEG * size * coslat))
    return tuple((ci + di, cj + dj) for di in range(-ring_lat, ring_lat + 1)
                 for dj in range(-ring_lon, ring_lon + 1))
