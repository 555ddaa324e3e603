"""Blocking: find the few claims worth scoring against a new one, without scanning them all.

Claims are filed under (type family, 7-day bucket, 1-degree grid cell). Claims whose place is too
vague for a cell (region, country, none) are filed under their country instead, and every claim is
also filed under its country so that vague claims can find precise ones. A lookup visits the
buckets its time window touches and the cells its radius can reach, so one incremental merge
costs O(candidates), not O(events).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator

from .features import FINE_RADIUS_KM, ClaimFeatures

BUCKET_DAYS = 7
CELL_DEG = 1.0
KM_PER_DEG = 111.2


def _buckets(lo: int, hi: int) -> range:
    return range(lo // BUCKET_DAYS, hi // BUCKET_DAYS + 1)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEG), math.floor(lon / CELL_DEG)


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
        for b in _buckets(f.lo, f.hi):
            self._country[(f.family, b, country)].append(f.key)
            if f.coarse:
                self._coarse[(f.family, b, country)].append(f.key)
            else:
                self._cells[(f.family, b, _cell(f.lat, f.lon))].append(f.key)

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
        if f.coarse and f.country:
            for b in buckets:
                out.update(self._country.get((f.family, b, country), ()))
        elif f.lat is None:
            for b in buckets:
                out.update(self._coarse.get((f.family, b, ""), ()))
        if f.lat is not None:
            for key in self._cell_keys(f):
                for b in buckets:
                    out.update(self._cells.get((f.family, b, key), ()))
            if not f.coarse:
                for b in buckets:
                    out.update(self._coarse.get((f.family, b, country), ()))
                    if country:
                        out.update(self._coarse.get((f.family, b, ""), ()))
        out.discard(f.key)
        return out

    @staticmethod
    def _cell_keys(f: ClaimFeatures) -> Iterator[tuple[int, int]]:
        reach = f.radius_km + FINE_RADIUS_KM
        ring_lat = math.ceil(reach / (KM_PER_DEG * CELL_DEG))
        coslat = max(0.05, math.cos(math.radians(min(89.0, abs(f.lat) + ring_lat * CELL_DEG))))
        ring_lon = math.ceil(reach / (KM_PER_DEG * CELL_DEG * coslat))
        ci, cj = _cell(f.lat, f.lon)
        for di in range(-ring_lat, ring_lat + 1):
            for dj in range(-ring_lon, ring_lon + 1):
                yield ci + di, cj + dj
