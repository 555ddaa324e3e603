"""Learned choice between same-named places: one feature row per candidate, one score each.

The resolver's hand-set weights (resolve.Weights) pick the first-pass reading of a document;
with those picks as context, every candidate of every name gets the features below and a
small model trained on the geo gold sets (scripts/train_place_ranker.py, cross-validated
figures in bench/README.md) scores it. The features say nothing about particular places:
population, kind of feature, name match, and how the candidate sits among the document's
other places.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .gazetteer import Gazetteer
from .normalize import fold, fold_name, keys_for_name

MODEL_PATH = Path(__file__).with_name("data") / "place_ranker.json"
MODEL_FORMAT = 1
SEAT_CODES = ("PPLA", "PPLC", "PPLA2")
#: The bundled gazetteer marks no seats: a same-named town this big inside the area counts.
SEAT_POPULATION = 20_000

_KIND = {"PCLI": 0, "PCLD": 0, "PCLF": 0, "PCLS": 0, "PCL": 0, "TERR": 0, "ADM1": 1, "ADM2": 2,
         "ADM3": 2, "PPLC": 3, "PPLA": 4, "PPLA2": 5, "PPLA3": 6, "PPLA4": 6, "PPL": 6,
         "CONT": 8, "RGN": 8, "RGNE": 8}
_N_KINDS = 9  # 7: other populated-place codes (PPLX, PPLL, PPLH...), 8: regions and others

FEATURES = (
    "log_population", "population_gap", "population_rank", "exact_name", "match_score",
    *(f"kind_{k}" for k in ("country", "adm1", "adm2", "capital", "ppla", "ppla2", "ppl",
                            "ppl_other", "region")),
    "country_share", "country_named", "majority_country", "admin_named", "majority_admin",
    "near_50", "near_300", "near_1000", "log_min_km", "has_context", "seat_conflict",
    "area_word", "area_word_admin", "hint_country", "derived_point", "log_candidates",
    "log_names", "names_gap",
    "any_near_50", "any_near_300", "any_log_km",
)
#: Features filled in by coherence_features (the last three).
N_OWN = len(FEATURES) - 3


@dataclass
class NameContext:
    """What the rest of the document says, seen from one name (its own mentions left out)."""

    countries: Counter
    admins: Counter
    points: np.ndarray | None  # radians, n x 2
    hint: frozenset[str]  # countries the caller says the story is likely about
    area_word: bool
    match_score: float


#: A seat must hold at least this share of its area's people to take the area's name: Aleppo
#: is most of its governorate, Quebec City a small part of Quebec.
SEAT_SHARE = 0.2


def is_seat(gaz: Gazetteer, row: int) -> bool:
    """An admin seat by its code, or any town big enough to be one (the bundled gazetteer
    marks no seats but capitals)."""
    code = gaz.fcode[row]
    return code in SEAT_CODES or (code.startswith("PPL") and gaz.population[row] >= SEAT_POPULATION)


@lru_cache(maxsize=1 << 14)
def _keys(name: str) -> frozenset[str]:
    return frozenset(keys_for_name(name))


def seat_conflicts(gaz: Gazetteer, rows: tuple[int, ...], area_word: bool,
                   surface_fold: str = "") -> set[int]:
    """Admin areas among `rows` that share their name with their own seat, when no area word
    ("province") follows: "Deir ez-Zor" alone is the city, not the governorate. A seat that
    the text names only by another name does not count: "New York" is the state's own name
    but only another name of New York City. Names are compared by their spelling keys, so
    "Hama" is Ḩamāh's own name too."""
    if area_word:
        return set()
    said = _keys(surface_fold) if surface_fold else frozenset()

    def own(r: int) -> bool:
        return not said or bool(said & _keys(gaz.names[r]))

    seats: dict[tuple[str, str], int] = {}  # by area: its largest seat named by its own name
    with_seat: dict[tuple[str, str], int] = {}
    for r in rows:
        if is_seat(gaz, r):
            key = (gaz.country[r], gaz.admin1[r])
            with_seat[key] = max(with_seat.get(key, 0), gaz.population[r])
            if own(r):
                seats[key] = max(seats.get(key, 0), gaz.population[r])
    out = set()
    for r in rows:
        if gaz.fcode[r] not in ("ADM1", "ADM2"):
            continue
        key = (gaz.country[r], gaz.admin1[r])
        seat = seats.get(key, with_seat.get(key) if not own(r) else None)
        if seat is not None and seat >= SEAT_SHARE * gaz.population[r]:
            out.add(r)
    return out


def _distances_km(lat: np.ndarray, lon: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Candidates x context points great-circle distances."""
    la = np.radians(lat)[:, None]
    lo = np.radians(lon)[:, None]
    dp = pts[None, :, 0] - la
    dl = pts[None, :, 1] - lo
    a = np.sin(dp / 2) ** 2 + np.cos(la) * np.cos(pts[None, :, 0]) * np.sin(dl / 2) ** 2
    return 12742.0 * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def candidate_features(gaz: Gazetteer, surface: str, rows: tuple[int, ...],
                       ctx: NameContext) -> np.ndarray:
    """One row of FEATURES per candidate."""
    n = len(rows)
    x = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if not n:
        return x
    sf = fold(surface)
    pops = np.array([gaz.population[r] for r in rows], dtype=np.float64)
    logpop = np.log10(pops + 10.0)
    order = np.argsort(-pops, kind="stable")
    rank = np.empty(n)
    rank[order] = np.arange(n)
    x[:, 0] = logpop
    x[:, 1] = logpop - logpop.max()
    x[:, 2] = rank / max(n - 1, 1)
    total_c = sum(ctx.countries.values()) or 1.0
    top_c = ctx.countries.most_common(1)[0][0] if ctx.countries else None
    top_a = ctx.admins.most_common(1)[0][0] if ctx.admins else None
    conflicts = seat_conflicts(gaz, rows, ctx.area_word, sf)
    for i, r in enumerate(rows):
        code = gaz.fcode[r]
        cc = gaz.country[r]
        akey = f"{cc}.{gaz.admin1[r]}"
        kind = _KIND.get(code, 7 if code.startswith("PPL") else 8)
        x[i, 3] = float(fold_name(gaz.names[r]) == sf)
        x[i, 4] = ctx.match_score
        x[i, 5 + kind] = 1.0
        j = 5 + _N_KINDS
        x[i, j] = ctx.countries.get(cc, 0.0) / total_c if cc else 0.0
        x[i, j + 1] = float(bool(cc) and ctx.countries.get(cc, 0.0) > 0)
        x[i, j + 2] = float(bool(cc) and cc == top_c)
        x[i, j + 3] = min(1.0, ctx.admins.get(akey, 0.0)) if code != "ADM1" else 0.0
        x[i, j + 4] = float(akey == top_a and code != "ADM1")
        x[i, j + 10] = float(r in conflicts)
        x[i, j + 11] = float(ctx.area_word)
        x[i, j + 12] = float(ctx.area_word and code.startswith("ADM"))
        x[i, j + 13] = float(cc in ctx.hint)
        x[i, j + 14] = float(gaz.derived[r])
    j = 5 + _N_KINDS
    if ctx.points is not None and len(ctx.points):
        lat = np.array([gaz.lat[r] for r in rows])
        lon = np.array([gaz.lon[r] for r in rows])
        d = _distances_km(lat, lon, ctx.points)
        m = d.shape[1]  # shares by count: ndarray.mean's overhead showed in profiles
        x[:, j + 5] = np.count_nonzero(d < 50, axis=1) / m
        x[:, j + 6] = np.count_nonzero(d < 300, axis=1) / m
        x[:, j + 7] = np.count_nonzero(d < 1000, axis=1) / m
        x[:, j + 8] = np.log1p(d.min(axis=1)) / 10.0
        x[:, j + 9] = 1.0
    else:
        x[:, j + 8] = 1.0
    x[:, j + 15] = math.log(n + 1)
    nn = np.log1p(np.array([gaz.n_names[r] for r in rows], dtype=np.float64))
    x[:, j + 16] = nn
    x[:, j + 17] = nn - nn.max()
    return x


def coherence_features(gaz: Gazetteer, names: list[tuple[str, tuple[int, ...]]],
                       feats: list[np.ndarray | None]) -> None:
    """Fill the last features in place: how many of the document's other names have *some*
    reading near this candidate (joint coherence that does not trust the first pass)."""
    keys = [fold(surface) for surface, _rows in names]
    blocks: dict[str, list[int]] = {}
    for (_surface, rows), k, f in zip(names, keys, feats, strict=True):
        if f is None:
            continue
        blocks.setdefault(k, [])
        for r in rows:
            if gaz.precision_of(r) in ("place", "admin"):
                blocks[k].append(r)
    uniq = {k: sorted(set(v)) for k, v in blocks.items() if v}
    order = list(uniq)
    sizes = np.array([len(uniq[k]) for k in order], dtype=np.intp)
    block_of = np.repeat(np.arange(len(order)), sizes)
    flat = [r for k in order for r in uniq[k]]
    all_pts = np.radians(np.array([(gaz.lat[r], gaz.lon[r]) for r in flat])) if flat else None
    where = {k: i for i, k in enumerate(order)}
    done: dict[tuple, np.ndarray] = {}
    for (_surface, rows), k, f in zip(names, keys, feats, strict=True):
        if f is None:
            continue
        if (k, rows) in done:
            f[:, N_OWN:] = done[(k, rows)]
            continue
        own = where.get(k, -1)
        keep = block_of != own
        if all_pts is None or not keep.any():
            f[:, N_OWN:] = (0.0, 0.0, 1.0)
            continue
        other_sizes = np.delete(sizes, own) if own >= 0 else sizes
        starts = np.concatenate(([0], np.cumsum(other_sizes)[:-1])).astype(np.intp)
        lat = np.array([gaz.lat[r] for r in rows])
        lon = np.array([gaz.lon[r] for r in rows])
        d = np.minimum.reduceat(_distances_km(lat, lon, all_pts[keep]), starts, axis=1)
        f[:, N_OWN] = np.count_nonzero(d < 50, axis=1) / d.shape[1]
        f[:, N_OWN + 1] = np.count_nonzero(d < 300, axis=1) / d.shape[1]
        f[:, N_OWN + 2] = np.log1p(np.median(d, axis=1)) / 10.0
        done[(k, rows)] = f[:, N_OWN:]


class PlaceRanker:
    """A scorer over FEATURES: a boosted-tree ensemble kept as plain JSON (no pickles), all
    trees walked at once over flat node arrays."""

    def __init__(self, trees: list[dict], base: float, info: dict | None = None):
        self.base = base
        self.info = info or {}
        offs = np.cumsum([0] + [len(t["feature"]) for t in trees[:-1]]).astype(np.int64)
        self.roots = offs
        self.feature = np.concatenate([np.asarray(t["feature"], dtype=np.int64) for t in trees])
        self.threshold = np.concatenate([np.asarray(t["threshold"], dtype=np.float64) for t in trees])
        self.left = np.concatenate([np.asarray(t["left"], dtype=np.int64) + o for t, o in zip(trees, offs, strict=True)])
        self.right = np.concatenate([np.asarray(t["right"], dtype=np.int64) + o for t, o in zip(trees, offs, strict=True)])
        self.value = np.concatenate([np.asarray(t["value"], dtype=np.float64) for t in trees])
        # a leaf points to itself and always "goes left", so every walk can take the same
        # number of steps (the deepest tree's) with no test for having arrived
        leaf = self.feature < 0
        own = np.arange(len(self.feature), dtype=np.int64)
        self.feature[leaf] = 0
        self.threshold[leaf] = np.inf
        self.left[leaf] = own[leaf]
        self.right[leaf] = own[leaf]
        self.depth = max((_depth(t) for t in trees), default=0)

    def score(self, x: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds that the candidate is the place meant), one per row of x."""
        x = np.ascontiguousarray(x, dtype=np.float64)
        n, width = x.shape
        flat = x.ravel()
        base = (np.arange(n, dtype=np.int64) * width)[:, None]
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        for _ in range(self.depth):
            go_left = flat[base + self.feature[node]] <= self.threshold[node]
            node = np.where(go_left, self.left[node], self.right[node])
        return self.base + self.value[node].sum(axis=1)


def _depth(tree: dict) -> int:
    """Edges on the longest path from the root of one exported tree."""
    left, right = tree["left"], tree["right"]
    best, stack = 0, [(0, 0)]
    while stack:
        i, d = stack.pop()
        if tree["feature"][i] < 0:
            best = max(best, d)
            continue
        stack += [(left[i], d + 1), (right[i], d + 1)]
    return best


@lru_cache(maxsize=4)
def load_ranker(path: Path = MODEL_PATH) -> PlaceRanker | None:
    """The shipped model, or None when absent (the hand weights decide then)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != MODEL_FORMAT or tuple(data.get("features", ())) != FEATURES:
        return None
    return PlaceRanker(data["trees"], float(data["base"]), data.get("info", {}))
