"""Toponym resolution: choose which gazetteer entry each place name in a document means.

Each candidate entry gets a score from what it is (country > admin area > capital > seat >
town; population) and from the document: countries and admin areas the document names, the
caller's country hint, and how close it lies to the other places the document names
(spatial coherence). Two passes: the second re-scores with the first pass's picks as context.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from rapidfuzz import fuzz, process

from ..records import Mention, MentionKind, PlacePrecision
from .borders import find_border_phrases, shared_border_point
from .gazetteer import AREA_CODES, Gazetteer
from .normalize import (
    arabic_prefix_variants,
    fold,
    fold_name,
    is_arabic,
    keys_for_name,
    name_key,
    tokenize,
)
from .ranking import (
    FEATURES,
    NameContext,
    PlaceRanker,
    candidate_features,
    coherence_features,
    is_seat,
    load_ranker,
    seat_conflicts,
)
from .recognize import FEATURE_AFTER_RE, Candidate, loose_match, recognise, recognise_many
from .regions import region_radius_km
from .relative import (
    COUNTRY_PART,
    OFFSET_KM,
    border_point,
    country_part,
    direction_after,
    offset_point,
    relation_after,
    relation_before,
)
from .variants import name_variants

STEP = "places.gazetteer@1"
MAX_NAME_CHARS = 300
TYPE_BONUS = {"PCLI": 8.0, "PCLD": 5.0, "PCLF": 5.0, "PCLS": 5.0, "TERR": 4.0, "CONT": 6.0,
              "RGN": 3.0, "ADM1": 4.5, "PPLC": 3.0, "PPLA": 1.5, "ADM2": 1.0, "PPLA2": 0.7,
              "PPLA3": 0.2, "PPLX": -1.0, "PPLH": -2.0, "PPLQ": -2.0, "PPLW": -2.0,
              # seas, rivers, deserts... carry no population: a region's weight instead
              **{c: 3.0 for c, p in AREA_CODES.items() if p == "region" and c not in ("CONT", "RGN")}}


SEAT_CONFLICT = FEATURES.index("seat_conflict")
#: A name the gazetteer cannot place goes to the document's focus when nothing of its own
#: reading lies within twice this distance of the document's other places.
FOCUS_KM = 150.0
STRAY_POPULATION = 50_000
#: Smallest place a followed country (geo_countries) keeps in a story about somewhere else
#: (an admin seat counts whatever its population: see GazetteerResolver._town).
FOLLOWED_TOWN = 5_000
#: rapidfuzz ratio a near spelling needs; ratio = 2 * matches / (len a + len b), so lengths
#: further apart than this factor can never reach it
FUZZY_CUTOFF = 88
FUZZY_SPREAD = (200 - FUZZY_CUTOFF) / FUZZY_CUTOFF
#: A near spelling this close ("People's Republic of China") is trusted like an exact name.
SURE_FUZZY = 0.95
#: rapidfuzz ratio under which another name of a town is no spelling of its own name
ALIAS_RATIO = 75
#: How sure a look-up through another form of the name is (see variants.py).
VARIANT_SCORE = {"area": 0.95, "demonym": 0.85, "feature": 0.7, "part": 0.7}  # feature, part: near
#: Words around a name that make it the area, not the town of the same name: "Idlib
#: province", "the state of Washington", "upstate New York", "Quebec's premier".
_AREA_AFTER_RE = re.compile(
    r"^(?:['’]s)?\s+(?:province|governorate|state|county|parish|district|region|prefecture|"
    r"oblast|muhafazah|wilayat|department|canton|gov\.|governor|legislature|premier)\b", re.I)
#: Admin nouns that make the name after or before them that area, whatever town shares the
#: name: "Deir ez-Zor province", "the governorate of Hama", "محافظة دير الزور", "استان دیر الزور".
_PROVINCE_NOUNS = "province|governorate|prefecture|oblast|muhafazah|wilayat"
_AREA_NOUN_AFTER_RE = re.compile(rf"\s+(?:{_PROVINCE_NOUNS}|county|parish|district)\b", re.I)
#: Arabic and Persian words for a province or state written before its name.
_AREA_NOUNS_AR_FA = "محافظة|محافظه|ولاية|ولایت|استان"
_AREA_NOUN_BEFORE_RE = re.compile(
    r"(?:\b(?:province|governorate|prefecture|county|district)\s+of\s+(?:the\s+)?|"
    rf"(?:^|\s)(?:{_AREA_NOUNS_AR_FA})\s+)$", re.I)
#: A name that holds its own admin noun: "محافظة إدلب", "Idlib Governorate". GeoNames files
#: some such names under the seat city too ("محافظة إدلب" is an alternate name of Idlib city).
_AREA_NOUN_INSIDE_RE = re.compile(
    rf"^(?:{_AREA_NOUNS_AR_FA})\s|\s(?:{_PROVINCE_NOUNS})$", re.I)
_AREA_BEFORE_RE = re.compile(
    r"\b(?:(?:state|province|governorate|prefecture|county|parish)\s+of|upstate|"
    rf"(?:governor|premier)\s+of|{_AREA_NOUNS_AR_FA})\s+(?:the\s+)?$", re.I)


_COMMA_RE = re.compile(r",\s*")
_FEATURE_BEFORE_RE = re.compile(r"\b(?:Lake|Mount|Mt\.)\s+$")
_LIST_GAP_RE = re.compile(r"\s*(?:,|\band\b|\bor\b|,\s*and\b)\s*", re.I)


def area_cues(text: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
    """Per span: whether the words around it make the name an admin area."""
    return [bool(_AREA_AFTER_RE.match(text[e:e + 30]) or _AREA_BEFORE_RE.search(text[max(0, s - 30):s]))
            for s, e in spans]


#: A plural area word after a list makes every name of it such an area: "Becker, Clay and
#: Otter Tail counties", "Idlib and Hama provinces". Singular, the word a name takes in the
#: gazetteer ("Becker County"), and the admin levels it may be.
_LISTED_AREA_RE = re.compile(
    r"\s+(counties|parishes|boroughs|districts|provinces|governorates|states|oblasts|"
    r"prefectures)\b", re.I)
_LISTED_AREA = {
    "counties": ("County", ("ADM2",)), "parishes": ("Parish", ("ADM2",)),
    "boroughs": ("Borough", ("ADM2",)), "districts": ("District", ("ADM1", "ADM2")),
    "provinces": ("Province", ("ADM1",)), "governorates": ("Governorate", ("ADM1",)),
    "states": ("State", ("ADM1",)), "oblasts": ("Oblast", ("ADM1",)),
    "prefectures": ("Prefecture", ("ADM1",)),
}
#: Levels above each admin level: "Georgia counties" are counties *of* Georgia, and the
#: state keeps its reading.
_HIGHER = {"ADM2": ("ADM1", "country"), "ADM1": ("country",)}


def listed_area_words(text: str, spans: Sequence[tuple[int, int]]) -> list[str | None]:
    """Per span: the plural area word ("counties") closing the list of two or more names the
    name belongs to. One name before it is a modifier: "the metro Athens counties"."""
    order = sorted(range(len(spans)), key=lambda k: spans[k])
    out: list[str | None] = [None] * len(spans)
    group: list[int] = []
    for i in order:
        if group and not _LIST_GAP_RE.fullmatch(text[spans[group[-1]][1]:spans[i][0]]):
            group = []
        group.append(i)
        m = _LISTED_AREA_RE.match(text, spans[i][1])
        if m and len(group) > 1:
            for k in group:
                out[k] = m.group(1).lower()
        if m:
            group = []
    return out


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts when choosing between same-named places."""

    population: float = 0.8  # per power of ten of population
    exact_name: float = 1.5  # the entry's main name is exactly the text's
    country_share: float = 3.5  # times the share of the document's places in that country
    country_named: float = 1.5  # the country is named or implied elsewhere in the document
    admin: float = 2.5  # its state/province is named or implied elsewhere
    near: float = 4.0  # times the share of the document's other places within near_km
    near_km: float = 300.0


def _near_share(lat: float, lon: float, others_rad: np.ndarray, km: float) -> float:
    """Share of the other points (radians, shape n x 2) within `km` of (lat, lon)."""
    p1 = math.radians(lat)
    dp = others_rad[:, 0] - p1
    dl = others_rad[:, 1] - math.radians(lon)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(others_rad[:, 0]) * np.sin(dl / 2) ** 2
    d = 12742.0 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    return np.count_nonzero(d < km) / len(d)


#: One country ("SY"), or the countries an analyst follows (("SY", "IQ", "LB")).
CountryHint = str | Sequence[str] | None


def hint_counts(country_hint: CountryHint) -> Counter:
    """A single hinted country weighs like two mentions of it; each of several like one."""
    if not country_hint:
        return Counter()
    if isinstance(country_hint, str):
        return Counter({country_hint.upper(): 2})
    return Counter({c.upper(): 1 for c in country_hint if c})


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _by_other_name(gaz: Gazetteer, surface: str, row: int) -> bool:
    """A one-word name that is only one of a town's other names (not its own, not a capital's
    or a province seat's): GeoNames lists "Hamdan" for Handan in China."""
    return (gaz.precision_of(row) == "place" and gaz.fcode[row] not in ("PPLC", "PPLA")
            and " " not in surface.strip() and fold_name(gaz.names[row]) != fold_name(surface))


def _alias(gaz: Gazetteer, surface: str, row: int) -> bool:
    """One of the town's other names that is no spelling of its own ("Area" for Mundelein,
    "Academy" for Little River-Academy), unlike "Al-Bukamal" for Ālbū Kamāl or "Newcastle",
    the first word of Newcastle upon Tyne."""
    if not _by_other_name(gaz, surface, row):
        return False
    own, said = fold_name(gaz.names[row]), fold_name(surface)
    return not own.startswith(said + " ") and \
        fuzz.ratio(own.replace(" ", ""), said.replace(" ", "")) < ALIAS_RATIO


class GazetteerResolver:
    """Finds and resolves place names in text against one Gazetteer."""

    def __init__(self, gazetteer: Gazetteer, *, use_ner: bool = True,
                 include_demonyms: bool = False, max_candidates: int = 60,
                 org_veto: bool = False, weights: Weights | None = None,
                 ranker: PlaceRanker | None | bool = True):
        self.gaz = gazetteer
        #: True: the shipped learned ranker when present; None/False: hand weights only.
        self.ranker = load_ranker() if ranker is True else (ranker or None)
        self.weights = weights or Weights()
        self.org_veto = org_veto
        self.use_ner = use_ner
        self._county_cache: dict[str, tuple[int, ...]] = {}
        # extents of the regions table's entries and of admin areas with known land
        self._radius_km = {**gazetteer.extent_km, **region_radius_km()}
        self.include_demonyms = include_demonyms
        self.max_candidates = max_candidates

    # -- look-up ---------------------------------------------------------------------
    @cached_property
    def _fuzzy_buckets(self) -> dict[tuple[str, int], list[str]]:
        """Keys by first two letters and length: a key whose length differs by more than
        FUZZY_SPREAD cannot reach the fuzzy cut-off, so it is never compared."""
        buckets: dict[tuple[str, int], list[str]] = {}
        for key in self.gaz.index:
            buckets.setdefault((key[:2], len(key)), []).append(key)
        return buckets

    def _fuzzy_choices(self, key: str) -> list[str]:
        n = len(key)
        lo, hi = math.ceil(n / FUZZY_SPREAD), math.floor(n * FUZZY_SPREAD)
        out: list[str] = []
        for size in range(lo, hi + 1):
            out.extend(self._fuzzy_buckets.get((key[:2], size), ()))
        return out

    def candidate_rows(self, name: str, *, fuzzy: bool = True) -> tuple[tuple[int, ...], float]:
        """Rows a name may mean, and how well the name matched (1.0 exact key)."""
        rows, score, _how = self.lookup(name, fuzzy=fuzzy)
        return rows, score

    def lookup(self, name: str, *, fuzzy: bool = True) -> tuple[tuple[int, ...], float, str]:
        """Rows a name may mean, how well it matched, and how it was found: "exact",
        "demonym", "variant" (another wording, variants.py), "fuzzy" (a near spelling) or ""."""
        name = name[:MAX_NAME_CHARS]
        words = [t.folded for t in tokenize(name)]
        if not words:
            return (), 0.0, ""
        rows = self._exact_rows(words)
        dem = self.gaz.demonyms.get(name_key(words))
        if dem is not None:  # "Russian": the country, whatever towns share the spelling
            return (dem,), 0.9, "demonym"
        if rows:
            # "EU" files under the same loose key as the Swiss village Au: two letters must be
            # a town's own name, or an area's listed short form ("UK", "NY")
            if sum(map(str.isalpha, name)) <= 2:
                rows = [r for r in rows if self.gaz.precision_of(r) != "place" or not loose_match(self.gaz, name, r)]
        if rows:
            return tuple(dict.fromkeys(rows)), 1.0, "exact"
        variants = name_variants(name)  # "Fars Province", "Gwinnett", "Ohioans", "Lake Lanier"
        for v in variants:
            if v.kind == "demonym":  # all stems at once: "Canadians" is Canada, not Canadian, TX
                vrows = self._demonym_rows([x.name for x in variants if x.kind == "demonym"])
                if vrows:
                    return vrows, VARIANT_SCORE["demonym"], "variant"
                continue
            vwords = [t.folded for t in tokenize(v.name)]
            vrows = self._exact_rows(vwords) if vwords else []
            if vrows:
                return tuple(dict.fromkeys(vrows)), VARIANT_SCORE[v.kind], "variant"
        if not fuzzy:
            return (), 0.0, ""
        keys = keys_for_name(" ".join(words))
        if not keys:
            return (), 0.0, ""
        key = max(sorted(keys), key=len)
        if len(key) < 4:
            return (), 0.0, ""
        choices = self._fuzzy_choices(key)
        if not choices:
            return (), 0.0, ""
        hit = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if not hit:
            return (), 0.0, ""
        return self.gaz.rows_for_key(hit[0]), hit[1] / 100.0, "fuzzy"

    def _demonym_rows(self, stems: list[str]) -> tuple[int, ...]:
        """What a plural or inflected demonym names: a listed demonym of any of its stems
        ("Canadians" -> Canada), else the places of the stem that names the most populous one
        ("Gazans": Gaza, not Jizan, whose other names include "Gazan")."""
        keyed = [[t.folded for t in tokenize(s)] for s in stems]
        for words in keyed:
            if words and (dem := self.gaz.demonyms.get(name_key(words))) is not None:
                return (dem,)
        found = [rows for words in keyed if words and (rows := self._exact_rows(words))]
        if not found:
            return ()
        best = max(found, key=lambda rows: max(self.gaz.population[r] for r in rows))
        return tuple(dict.fromkeys(best))

    def _exact_rows(self, words: list[str]) -> list[int]:
        rows: list[int] = []
        for key in sorted(keys_for_name(" ".join(words))):  # same order whatever the hash seed
            rows.extend(self.gaz.rows_for_key(key))
        if not rows and is_arabic(words[0]):
            for _skip, head in arabic_prefix_variants(words[0])[1:]:
                for key in sorted(keys_for_name(" ".join([head, *words[1:]]))):
                    rows.extend(self.gaz.rows_for_key(key))
        return rows

    # -- scoring ---------------------------------------------------------------------
    def _prior(self, row: int, surface_fold: str) -> float:
        g = self.gaz
        w = self.weights
        s = w.population * math.log10(g.population[row] + 10) + TYPE_BONUS.get(g.fcode[row], 0.0)
        if fold_name(g.names[row]) == surface_fold:
            s += w.exact_name
        return s

    def _contributions(self, cands: list[tuple[str, tuple[int, ...]]],
                       picks: list[int | None] | None) -> list[tuple[dict, dict, tuple | None]]:
        """What each name tells about the document: countries, admin areas, a point."""
        g = self.gaz
        out = []
        for i, (_surface, rows) in enumerate(cands):
            countries: dict[str, float] = {}
            admins: dict[str, float] = {}
            point = None
            if picks is not None:
                p = picks[i]
                if p is not None:
                    if g.country[p]:
                        countries[g.country[p]] = 1.0
                    prec = g.precision_of(p)
                    if g.fcode[p] == "ADM1":
                        admins[f"{g.country[p]}.{g.admin1[p]}"] = 1.0
                    elif prec in ("place", "admin") and g.admin1[p]:
                        admins[f"{g.country[p]}.{g.admin1[p]}"] = 0.4
                    if prec in ("place", "admin"):
                        point = (g.lat[p], g.lon[p])
            else:
                if len(rows) == 1 and g.country[rows[0]]:
                    countries[g.country[rows[0]]] = 1.0
                for r in rows:
                    if g.precision_of(r) == "country":
                        countries[g.country[r]] = countries.get(g.country[r], 0.0) + 0.5
                    elif g.fcode[r] == "ADM1":
                        key = f"{g.country[r]}.{g.admin1[r]}"
                        admins[key] = admins.get(key, 0.0) + 0.5
            out.append((countries, admins, point))
        return out

    def _score_all(self, cands: list[tuple[str, tuple[int, ...]]], country_hint: CountryHint,
                   picks: list[int | None] | None,
                   contexts: list[bool] | None = None) -> list[int | None]:
        g = self.gaz
        out: list[int | None] = []
        folds = [fold(surface) for surface, _rows in cands]
        for i, ((_surface, rows), ctx) in enumerate(
                zip(cands, self.name_contexts(cands, country_hint, picks, contexts), strict=True)):
            if ctx is None:
                out.append(None)
                continue
            sf = folds[i]
            countries, admins, others_arr = ctx.countries, ctx.admins, ctx.points
            total_c = sum(countries.values()) or 1
            best, best_s = None, -1e9
            conflicts = seat_conflicts(g, rows, bool(contexts and contexts[i]), sf)
            w = self.weights
            for r in rows[: self.max_candidates * 4]:
                s = self._prior(r, sf)
                cc = g.country[r]
                if r in conflicts:
                    s -= TYPE_BONUS[g.fcode[r]] + 1.0  # "Deir ez-Zor" is the city unless "province"
                if cc and countries.get(cc):
                    s += w.country_share * countries[cc] / total_c + w.country_named
                if g.fcode[r] != "ADM1":
                    s += w.admin * min(1.0, admins.get(f"{cc}.{g.admin1[r]}", 0.0))
                if others_arr is not None and g.precision_of(r) in ("place", "admin"):
                    s += w.near * _near_share(g.lat[r], g.lon[r], others_arr, w.near_km)
                if s > best_s:
                    best, best_s = r, s
            out.append(best)
        return out

    def name_contexts(self, cands: list[tuple[str, tuple[int, ...]]], country_hint: CountryHint,
                      picks: list[int | None] | None, contexts: list[bool] | None = None,
                      scores: list[float] | None = None) -> list[NameContext | None]:
        """Each name's view of the document given the first pass's picks (None: no rows)."""
        folds = [fold(surface) for surface, _rows in cands]
        contrib = self._contributions(cands, picks)
        total_countries: Counter[str] = Counter()
        total_admins: Counter[str] = Counter()
        for cs, ads, _pt in contrib:
            total_countries.update(cs)
            total_admins.update(ads)
        hints = hint_counts(country_hint)
        cache: dict[str, tuple] = {}
        out: list[NameContext | None] = []
        for i, (_surface, rows) in enumerate(cands):
            if not rows:
                out.append(None)
                continue
            sf = folds[i]
            if sf not in cache:
                countries = Counter(total_countries)
                admins = Counter(total_admins)
                points = []
                for j, (cs, ads, pt) in enumerate(contrib):
                    if folds[j] == sf:
                        countries.subtract(cs)
                        admins.subtract(ads)
                    elif pt is not None:
                        points.append(pt)
                countries = Counter({k: v for k, v in countries.items() if v > 1e-9}) + hints
                admins = Counter({k: v for k, v in admins.items() if v > 1e-9})
                cache[sf] = (countries, admins, np.radians(np.array(points)) if points else None)
            countries, admins, pts = cache[sf]
            out.append(NameContext(countries, admins, pts, frozenset(hints), bool(contexts and contexts[i]),
                                   scores[i] if scores else 1.0))
        return out

    def feature_groups(self, cands: list[tuple[str, tuple[int, ...]]], country_hint: CountryHint,
                       contexts: list[bool] | None = None, scores: list[float] | None = None,
                       ) -> list[tuple[tuple[int, ...], np.ndarray] | None]:
        """Per name: its candidate rows and their ranking features (training and scoring)."""
        first = self._score_all(cands, country_hint, None, contexts)
        ctxs = self.name_contexts(cands, country_hint, first, contexts, scores)
        # a name repeated in the document has one context: compute its features once
        uniq: dict[tuple, int] = {}
        u_names: list[tuple[str, tuple[int, ...]]] = []
        u_feats: list[np.ndarray | None] = []
        which: list[int | None] = []
        for (surface, rows), ctx in zip(cands, ctxs, strict=True):
            if ctx is None:
                which.append(None)
                continue
            rows = rows[: self.max_candidates * 4]
            key = (fold(surface), rows, ctx.area_word, ctx.match_score)
            if key not in uniq:
                uniq[key] = len(u_names)
                u_names.append((surface, rows))
                u_feats.append(candidate_features(self.gaz, surface, rows, ctx))
            which.append(uniq[key])
        coherence_features(self.gaz, u_names, u_feats)
        return [None if w is None else (u_names[w][1], u_feats[w]) for w in which]

    def _pick(self, cands: list[tuple[str, tuple[int, ...]]], country_hint: CountryHint,
              contexts: list[bool] | None = None,
              scores: list[float] | None = None) -> list[int | None]:
        if self.ranker is None:
            first = self._score_all(cands, country_hint, None, contexts)
            return self._score_all(cands, country_hint, first, contexts)
        groups = self.feature_groups(cands, country_hint, contexts, scores)
        live = [g for g in groups if g is not None]
        if not live:
            return [None] * len(groups)
        all_scores = self.ranker.score(np.vstack([x for _rows, x in live]))
        out: list[int | None] = []
        pos = 0
        for g in groups:
            if g is None:
                out.append(None)
                continue
            rows, x = g
            s = all_scores[pos:pos + len(rows)]
            pos += len(rows)
            out.append(self._seat_not_area(rows, int(np.argmax(s)), x))
        return out

    def _seat_not_area(self, rows: tuple[int, ...], best: int, x: np.ndarray) -> int:
        """"Deir ez-Zor" without "province" is the city: an area that shares its name with its
        own seat yields to the seat (the seat_conflict feature marks such areas)."""
        g = self.gaz
        r = rows[best]
        if not x[best, SEAT_CONFLICT]:
            return r
        seats = [q for q in rows if is_seat(g, q) and g.country[q] == g.country[r]
                 and g.admin1[q] == g.admin1[r]]
        return self._most_populous(seats) if seats else r

    def area_readings(self, text: str, spans: Sequence[tuple[int, int]],
                      names: list[tuple[str, tuple[int, ...]]]) -> list[tuple[str, tuple[int, ...]]]:
        """Each name's candidates, adjusted for what the text says of areas:
        - an admin noun right after, before or inside it ("Deir ez-Zor province", "the province
          of", "محافظة", "استان", "محافظة إدلب") leaves only its area readings;
        - a plural area word after a list of names ("Becker, Clay and Otter Tail counties")
          does the same for each, finding them also under the area's full name (Becker County);
        - otherwise a one-word name spelled like a county ("Oxford") also has that county.
        Rules, not ranking features: the gold sets hold too few such phrases for a learned
        weight to hold. Looser cues ("the state of", "Gov.") stay ranking features."""
        g = self.gaz
        out = list(names)
        for i, word in enumerate(listed_area_words(text, spans)):
            surface, rows = names[i]
            if word is not None:
                out[i] = (surface, self._listed_area_rows(surface, rows, word))
                continue
            areas = tuple(r for r in rows if g.precision_of(r) in ("admin", "country"))
            if areas and (_AREA_NOUN_AFTER_RE.match(text, spans[i][1]) or _AREA_NOUN_INSIDE_RE.search(surface) or
                          _AREA_NOUN_BEFORE_RE.search(text, max(0, spans[i][0] - 30), spans[i][0])):
                out[i] = (surface, areas)
            elif rows and not areas and " " not in surface.strip() and surface[:1].isupper():
                extra = tuple(r for r in self._counties(surface) if r not in rows)
                if extra:
                    out[i] = (surface, (*rows, *extra))
        return out

    def _listed_area_rows(self, surface: str, rows: tuple[int, ...], word: str) -> tuple[int, ...]:
        """The readings of a name in a list closed by `word` ("counties") at that area's level."""
        g = self.gaz
        singular, levels = _LISTED_AREA[word]
        if any(g.fcode[r] in _HIGHER[levels[-1]] or g.precision_of(r) in _HIGHER[levels[-1]]
               for r in rows[:50]):
            return rows  # "Georgia counties": counties of the state
        more, _score, _how = self.lookup(f"{surface} {singular}", fuzzy=False)
        areas = tuple(r for r in dict.fromkeys((*rows, *more)) if g.fcode[r] in levels)
        return areas or rows

    def _counties(self, surface: str) -> tuple[int, ...]:
        """Counties named "<surface> County", spelled as is: not Ward County for "Al-Ward" (a
        cache per resolver: news repeats its names)."""
        key = fold(surface)
        if key not in self._county_cache:
            if len(self._county_cache) > 100_000:  # a long-running monitor: keep it bounded
                self._county_cache.clear()
            g = self.gaz
            more, _s, _h = self.lookup(f"{surface} County", fuzzy=False)
            self._county_cache[key] = tuple(r for r in more if g.fcode[r] == "ADM2"
                                            and fold_name(g.names[r]) == f"{key} county")
        return self._county_cache[key]

    def _neighbour_areas(self, text: str, spans: Sequence[tuple[int, int]],
                         rows: Sequence[tuple[int, ...]], picks: list[int | None]) -> list[int | None]:
        """Names read through their neighbours: "Buffalo, New York" ends on the state that
        holds Buffalo, and in "Michigan, Oregon, New York" every name is a state."""
        g = self.gaz
        out = list(picks)
        order = sorted(range(len(spans)), key=lambda k: spans[k])
        for n in range(1, len(order)):
            j, i = order[n - 1], order[n]
            p, q = out[j], out[i]
            if p is None or q is None or g.fcode[q] in ("ADM1", "ADM2") or \
                    g.precision_of(q) == "country" or not _COMMA_RE.fullmatch(text[spans[j][1]:spans[i][0]]):
                continue
            areas = [r for r in rows[i] if g.fcode[r] == "ADM1"]
            if g.fcode[p] == "ADM1":  # a list of states
                same = [r for r in areas if g.country[r] == g.country[p]]
            elif g.precision_of(p) == "place" and not (
                    n + 1 < len(order) and _LIST_GAP_RE.fullmatch(text[spans[i][1]:spans[order[n + 1]][0]])):
                same = [r for r in areas if g.country[r] == g.country[p] and g.admin1[r] == g.admin1[p]]
            else:
                continue
            if same:
                out[i] = self._most_populous(same)
        return out

    def _with_feature_words(self, text: str, found: list[Candidate]) -> list[Candidate]:
        """"Neches River", "Lake Lanier", "Santa Clara Valley": a feature word next to a
        matched name belongs to the toponym, which is then looked up whole (another wording
        of it, variants.py, places it near the named town when the feature has no entry)."""
        out: list[Candidate] = []
        for c in found:
            if c.rows and c.demonym_row is None:
                after = FEATURE_AFTER_RE.match(text, c.end)
                before = _FEATURE_BEFORE_RE.search(text, max(0, c.start - 12), c.start)
                if after or before:
                    c.start = before.start() if before else c.start
                    c.end = after.end() if after else c.end
                    c.rows = ()  # looked up again, whole
            if out and out[-1].end > c.start:  # "Anthony Creek" swallows the match "Creek"
                if c.end - c.start > out[-1].end - out[-1].start:
                    out[-1] = c
                continue
            out.append(c)
        return out

    # -- public API ------------------------------------------------------------------
    def find(self, text: str, *, language: str | None = None,
             country_hint: CountryHint = None) -> list[Mention]:
        """Place mentions in `text`: spans, geonameids, coordinates, precision, evidence."""
        found = recognise(self.gaz, text, use_ner=self._ner_reads(language),
                          demonyms=self.include_demonyms, org_veto=self.org_veto)
        return self._place_found(text, found, country_hint)

    def find_many(self, texts: list[str], *, languages: list[str | None] | None = None,
                  country_hints: list[CountryHint] | None = None) -> list[list[Mention]]:
        """`find` for each text, with one NER pass for them all (faster for a batch of
        articles than one `find` each; the same mentions)."""
        languages = languages or [None] * len(texts)
        country_hints = country_hints or [None] * len(texts)
        founds = recognise_many(self.gaz, texts, use_ner=[self._ner_reads(lang) for lang in languages],
                                demonyms=self.include_demonyms, org_veto=self.org_veto)
        return [self._place_found(t, f, h) for t, f, h in zip(texts, founds, country_hints, strict=True)]

    def _ner_reads(self, language: str | None) -> bool:
        return self.use_ner and language in (None, "en")  # the English model only

    def _place_found(self, text: str, found: list[Candidate],
                     country_hint: CountryHint) -> list[Mention]:
        """Resolve recognised candidates to mentions (the rest of `find`)."""
        found = self._with_feature_words(text, found)
        names: list[tuple[str, tuple[int, ...]]] = []
        scores: list[float] = []
        for c in found:
            rows, score = self._rows_of(c, text)
            names.append((text[c.start:c.end], rows))
            scores.append(score)
        spans = [(c.start, c.end) for c in found]
        contexts = area_cues(text, spans)
        names = self.area_readings(text, spans, names)
        picks = self._pick(names, country_hint, contexts, scores)
        picks = self._neighbour_areas(text, spans, [r for _n, r in names], picks)
        picks = self._followed_namesakes([rows for _n, rows in names], picks, country_hint)
        picks = self._drop_outliers(found, picks, [rows for _n, rows in names],
                                    frozenset(hint_counts(country_hint)), text)
        keep = [i for i, (c, p) in enumerate(zip(found, picks, strict=True))
                if p is not None or "ner-only" in c.notes]
        found = [found[i] for i in keep]
        names = [names[i] for i in keep]
        picks = [picks[i] for i in keep]
        scores = [scores[i] for i in keep]
        unsure = ["ner-only" in c.notes for c in found]  # no gazetteer entry by its own name
        focus = self._focus(picks, unsure)
        mentions: list[Mention] = []
        for i, (c, (_surface, rows), pick, score) in enumerate(
                zip(found, names, picks, scores, strict=True)):
            if unsure[i] and focus is not None and (pick is None or not self._near(pick, picks, unsure)):
                mentions.append(self._focus_mention(text, c.start, c.end, focus))
                picks[i] = None
                continue
            mentions.append(self._mention(text, c.start, c.end, pick, score, c, len(rows)))
        mentions.extend(self._relative_mentions(text, mentions, picks))
        mentions.sort(key=lambda m: (m.start, -m.end))
        return mentions

    def resolve_spans(self, text: str, spans: list[tuple[int, int]], *,
                      country_hint: CountryHint = None) -> list[Mention]:
        """Resolution only: the spans are given (gold or another recogniser's)."""
        names = []
        scores = []
        contexts = area_cues(text, spans)
        fuzzy: list[bool] = []
        for s, e in spans:
            rows, score, how = self.lookup(text[s:e])
            fuzzy.append(how == "" or (how == "fuzzy" and score < SURE_FUZZY))
            names.append((text[s:e], rows))
            scores.append(score)
        names = self.area_readings(text, spans, names)
        picks = self._pick(names, country_hint, contexts, scores)
        picks = self._neighbour_areas(text, spans, [r for _n, r in names], picks)
        picks = self._followed_namesakes([rows for _n, rows in names], picks, country_hint)
        focus = self._focus(picks, fuzzy)
        out = []
        for (s, e), (_n, rows), p, sc, fz in zip(spans, names, picks, scores, fuzzy, strict=True):
            if focus is not None and (fz or self._stray(p, picks, fuzzy)) and (
                    p is None or not self._near(p, picks, fuzzy)):
                area = None if fz else self._area_namesake(rows, text[s:e])
                if area is not None:  # "Kashmir": the region, not Cashmere, USA
                    out.append(self._mention(text, s, e, area, sc, None, len(rows)))
                else:
                    out.append(self._focus_mention(text, s, e, focus))
            else:
                out.append(self._mention(text, s, e, p, sc, None, len(rows)))
        return out

    def _area_namesake(self, rows: tuple[int, ...], surface: str) -> int | None:
        """A region, sea or desert that bears the name itself, when the town the name first
        pointed to is a stray namesake far from the story (admin areas abroad are namesakes
        too: Richmond in Jamaica, Logan in Queensland)."""
        g = self.gaz
        own = fold_name(surface)
        return self._most_populous(
            [r for r in rows if g.precision_of(r) == "region" and fold_name(g.names[r]) == own])

    # -- names the gazetteer does not hold ---------------------------------------------------
    def _focus(self, picks: list[int | None], unsure: list[bool]) -> int | None:
        """The place the document is about: the surely-read place with most others near it."""
        g = self.gaz
        read = [p for p, u in zip(picks, unsure, strict=True) if p is not None and not u]
        # towns first: an area's point (Alberta's lies in its empty north) is no town's neighbour
        sure = ([p for p in read if g.precision_of(p) == "place"]
                or [p for p in read if g.precision_of(p) == "admin"] or read)
        if not sure:
            return None
        pts = np.radians(np.array([(g.lat[p], g.lon[p]) for p in sure]))
        best, best_n = None, (-1, -1)
        for p in dict.fromkeys(sure):  # most neighbours, then most mentions of its own
            n = (int(_near_share(g.lat[p], g.lon[p], pts, FOCUS_KM) * len(sure) + 0.5), sure.count(p))
            if n > best_n:
                best, best_n = p, n
        return best

    def _stray(self, row: int | None, picks: list[int | None], unsure: list[bool]) -> bool:
        """A small place far from everything else the document names (a namesake, likely)."""
        g = self.gaz
        if row is None or g.precision_of(row) != "place" or g.population[row] >= STRAY_POPULATION:
            return False
        return sum(q is not None and not u and q != row for q, u in zip(picks, unsure, strict=True)) >= 2

    def _near(self, row: int, picks: list[int | None], unsure: list[bool]) -> bool:
        g = self.gaz
        return any(q is not None and not u and q != row
                   and haversine_km(g.lat[row], g.lon[row], g.lat[q], g.lon[q]) < 2 * FOCUS_KM
                   for q, u in zip(picks, unsure, strict=True))

    def _focus_mention(self, text: str, start: int, end: int, focus: int) -> Mention:
        """A name no gazetteer entry fits, placed at the document's focus with a coarse
        precision: a local stream or park in a story about one town is near that town."""
        g = self.gaz
        attrs = {"lat": round(g.lat[focus], 5), "lon": round(g.lon[focus], 5),
                 "country": g.country[focus], "precision": PlacePrecision.REGION.value,
                 "relation": "document-focus", "anchor": str(g.ids[focus]),
                 "anchor_name": g.names[focus], "score": 0.0, "evidence": "focus"}
        return Mention(MentionKind.PLACE, start, end, text[start:end], None,
                       tuple(attrs.items()), STEP)

    def resolve(self, name: str, *, context: list[str] | tuple[str, ...] = (),
                country_hint: CountryHint = None) -> Mention | None:
        """One name, optionally with other place names of the same document as context."""
        text = " ; ".join([name, *context])
        spans = [(0, len(name))]
        pos = len(name)
        for c in context:
            pos += 3
            spans.append((pos, pos + len(c)))
            pos += len(c)
        mentions = self.resolve_spans(text, spans, country_hint=country_hint)
        first = mentions[0]
        return first if first.value is not None else None

    # -- helpers -----------------------------------------------------------------------
    def _followed_namesakes(self, rows_of: list[tuple[int, ...]], picks: list[int | None],
                            country_hint: CountryHint) -> list[int | None]:
        """A name read in a country neither followed nor named in the story takes its
        namesake in a followed country, if that one is a town or an admin area: for an
        analyst who follows Syria, "القنيطرة" beside "العراق" and "سوريا" is Quneitra, not
        Kenitra in Morocco, whatever their sizes. (The ranker cannot learn this: the gold
        sets it is trained on come with no followed countries.)"""
        followed = set(hint_counts(country_hint))
        if not followed:
            return picks
        g = self.gaz
        named = {g.country[p] for p in picks if p is not None and g.precision_of(p) == "country"}
        counts = Counter(g.country[p] for p in picks if p is not None)
        out = list(picks)
        for i, p in enumerate(picks):
            if p is None or g.country[p] in followed or g.country[p] in named:
                continue
            # the followed countries the story's other places lie in, if any: "Hamdan" in a
            # story about Al-Bukamal does not become the Hamdan of another followed country
            # (p's own country is not followed, so counting it in `counts` changes nothing)
            lean = {c for c in followed if counts[c]} or followed
            local = [r for r in rows_of[i] if g.country[r] in lean
                     and (self._town(r) or g.precision_of(r) == "admin")]
            if local:
                out[i] = self._most_populous(local)
        return out

    def _town(self, row: int) -> bool:
        """Big enough to be a followed country's town in any story: FOLLOWED_TOWN people, or
        an admin seat whatever its population (GeoNames gives Al-Qa'im none)."""
        return self.gaz.population[row] >= FOLLOWED_TOWN or is_seat(self.gaz, row)

    def _drop_outliers(self, found: list[Candidate], picks: list[int | None],
                       rows_of: list[tuple[int, ...]] | None = None,
                       followed: frozenset[str] = frozenset(), text: str = "") -> list[int | None]:
        """Weak matches (one word, no NER support, a small place) far from the story take the
        namesake that fits the story ("Palmyra" beside "Iraq" is Tadmur, not Pennsylvania),
        or are dropped when none does."""
        g = self.gaz

        def weak(c: Candidate, p: int) -> bool:
            if text and loose_match(g, text[c.start:c.end], p):
                return not c.ner_label  # "Eye" read as Tripoli through a loose key
            if text and _by_other_name(g, text[c.start:c.end], p):
                return True  # "Hamdan" is one of Handan's other names: not enough for China
            return not (c.ner_label or c.words > 1 or g.precision_of(p) != "place"
                        or g.population[p] >= 100_000)

        out = list(picks)
        weaks = [p is not None and weak(c, p) for c, p in zip(found, picks, strict=True)]
        # a place inside a name ("Quds Force") says nothing of where the story is
        strong = [p for c, p, w in zip(found, picks, weaks, strict=True)
                  if p is not None and not w and "in-name" not in c.notes]
        others = [q for q in strong if g.precision_of(q) in ("place", "admin")]
        if not others:  # a story that names only countries and regions: judge by those
            others = strong

        def followed_town(r: int) -> bool:
            return g.country[r] in followed and self._town(r)

        if not others:
            if not (followed and text):
                return out
            # nothing else in the story to lean on: a loose match outside the followed
            # countries ("Al-Hol" read as Hull), or a town's other name ("Hajin" for Hagen),
            # is too thin to keep; a town of that name in a followed country takes its place
            for i, (c, p) in enumerate(zip(found, picks, strict=True)):
                if p is not None and g.country[p] not in followed and not c.ner_label and (
                        loose_match(g, text[c.start:c.end], p) or _by_other_name(g, text[c.start:c.end], p)):
                    out[i] = self._most_populous([r for r in (rows_of[i] if rows_of else ())
                                                  if followed_town(r)])
            return out

        named = {g.country[q] for q in strong}

        def fits(r: int, unread: bool = False, anywhere: bool = True) -> bool:
            if followed_town(r) and (anywhere or g.country[r] in named):
                return True  # a town in a country the analyst follows fits any story
            if any(g.country[q] == g.country[r] for q in others):
                return True
            if unread and g.country[r] in named:
                return True  # no NER reads Arabic script: "العراق" and "سوريا" vouch for "القائم"
            # a country's point is only its middle: "from Iraq to Palmyra" is near enough
            return any(haversine_km(g.lat[r], g.lon[r], g.lat[q], g.lon[q])
                       < (1000 if g.precision_of(q) in ("country", "region") else 300) for q in others)

        def near_story(r: int) -> bool:
            return any(haversine_km(g.lat[r], g.lon[r], g.lat[q], g.lon[q]) < 300 for q in others
                       if g.precision_of(q) in ("place", "admin"))

        for i, p in enumerate(picks):
            surface = text[found[i].start:found[i].end] if text else ""
            unread = bool(text) and is_arabic(surface)
            if p is None or not weaks[i]:
                continue
            # "Area" is one of Mundelein's other names, and no spelling of it: a town of the
            # story's country is not enough for it; it must lie near the story's places (a
            # followed country's town keeps its exonym: "Palmyra" is Tadmur)
            if fits(p, unread) and not (surface and not unread and not followed_town(p)
                                        and _alias(g, surface, p) and not near_story(p)):
                continue
            # its namesake that fits the story; a followed country's town only in the story's
            # countries ("Hamdan" near Al-Bukamal is not Yemen's Hamdan: none, then)
            out[i] = self._most_populous([r for r in (rows_of[i] if rows_of else ())
                                          if r != p and fits(r, unread, anywhere=False)])
        return out

    def _most_populous(self, rows: Sequence[int]) -> int | None:
        """The most populous of `rows` (the first of equals), None when there are none."""
        return max(rows, key=lambda r: self.gaz.population[r]) if rows else None

    def _rows_of(self, c: Candidate, text: str) -> tuple[tuple[int, ...], float]:
        if c.rows:
            return c.rows, 1.0
        if c.demonym_row is not None:
            return (c.demonym_row,), 0.9
        return self.candidate_rows(text[c.start:c.end])

    def _mention(self, text: str, start: int, end: int, row: int | None, score: float,
                 cand: Candidate | None, n_candidates: int) -> Mention:
        surface = text[start:end]
        if row is None:
            attrs = {"precision": None, "score": 0.0, "evidence": _evidence(cand)}
            return Mention(MentionKind.PLACE, start, end, surface, None,
                           tuple(attrs.items()), STEP)
        g = self.gaz
        precision = g.precision_of(row)
        if precision == "place" and score == VARIANT_SCORE["feature"]:
            precision = PlacePrecision.NEAR.value  # "Neches River" found as the town Neches
        attrs = {
            "lat": round(g.lat[row], 5), "lon": round(g.lon[row], 5),
            "country": g.country[row], "admin1": g.admin1_name(row),
            "feature_code": g.fcode[row], "precision": precision,
            "matched_name": g.names[row], "score": round(score, 3),
            "candidates": n_candidates, "derived_point": bool(g.derived[row]),
            "evidence": _evidence(cand),
        }
        if cand is not None and cand.demonym_row is not None and not cand.rows:
            attrs["demonym"] = True
        if cand is not None and "in-name" in cand.notes:
            attrs["in_name"] = True  # "Ohio" in "Ohio Department of Development"
        if (radius := self._radius_km.get(g.ids[row])) is not None:
            attrs["radius_km"] = radius  # "the Badia": a point and how far the area reaches
        return Mention(MentionKind.PLACE, start, end, surface, str(g.ids[row]),
                       tuple(attrs.items()), STEP)

    def _border_mentions(self, text: str, home: str | None, taken: list[Mention]) -> list[Mention]:
        """"The Syrian-Iraqi border", "الحدود العراقية": where the two countries meet (see
        borders.py); one country named alone meets the story's home country."""
        g = self.gaz
        out = []
        for ph in find_border_phrases(g, text):
            pair = ph.countries if len(ph.countries) == 2 else (home, ph.countries[0])
            if None in pair or pair[0] == pair[1] or any(
                    m.start < ph.end and ph.start < m.end for m in taken if m.attr("relation") == "border"):
                continue
            point = shared_border_point(*pair)
            if point is None:
                continue  # no shared border ("the Syria-Iran border"): nothing to place
            anchor = g.country_rows.get(pair[1])
            attrs = {"lat": round(point[0], 5), "lon": round(point[1], 5), "country": pair[0],
                     "countries": ",".join(pair), "precision": PlacePrecision.REGION.value,
                     "relation": "border", "anchor": str(g.ids[anchor]) if anchor is not None else None,
                     "anchor_name": g.country_names.get(pair[1], pair[1]),
                     "phrase_start": ph.start, "phrase_end": ph.end, "relative": True}
            out.append(Mention(MentionKind.PLACE, ph.start, ph.end, text[ph.start:ph.end], None,
                               tuple(attrs.items()), STEP))
        return out

    def _home_country(self, picks: list[int | None]) -> str | None:
        counts = Counter(self.gaz.country[p] for p in picks if p is not None and self.gaz.country[p])
        return counts.most_common(1)[0][0] if counts else None

    def _relative_mentions(self, text: str, mentions: list[Mention],
                           picks: list[int | None]) -> list[Mention]:
        """Mentions for relative phrases around resolved places (their own spans)."""
        g = self.gaz
        out: list[Mention] = []
        home = self._home_country(picks)
        for idx, (m, row) in enumerate(zip(mentions, picks, strict=True)):
            if row is None:
                continue
            rel = relation_before(text, m.start)
            after = relation_after(text, m.end)
            lat, lon = g.lat[row], g.lon[row]
            base = g.precision_of(row)
            precision = PlacePrecision.NEAR
            kind = None
            start, end = m.start, m.end
            if after and after.kind == "crossing":
                kind, end = "crossing", after.end  # "the Al-Bukamal–Al-Qa'em crossing"
                if (p := _joined(text, mentions, picks, idx, idx - 1, (*_DASHES, ""))) is not None:
                    lat, lon = (lat + g.lat[p]) / 2, (lon + g.lon[p]) / 2
                    start = mentions[idx - 1].start
            elif rel is not None and rel.kind == "crossing":
                kind, start = "crossing", rel.start  # "معبر البوكمال-القائم": one crossing
                if (q := _joined(text, mentions, picks, idx, idx + 1, _DASHES)) is not None:
                    lat, lon = (lat + g.lat[q]) / 2, (lon + g.lon[q]) / 2
                    end = mentions[idx + 1].end
            elif rel is not None:
                kind, start = rel.kind, rel.start
                if rel.kind == "direction":
                    lat, lon = offset_point(lat, lon, rel.word, OFFSET_KM.get(base, 25.0))
                    if base == "country":
                        pt = country_part(g.country[row], rel.word)
                        if pt:
                            lat, lon = pt
                        precision = PlacePrecision.REGION
                elif rel.kind == "region":
                    if base == "country":
                        pt = country_part(g.country[row], rel.word)
                        if pt:
                            lat, lon = pt
                        precision = PlacePrecision.REGION
                    else:
                        kind = None  # "central Damascus" is still Damascus
                elif rel.kind == "border":
                    if home and base == "country" and home != g.country[row]:
                        pt = shared_border_point(home, g.country[row]) or border_point(home, lat, lon)
                        if pt:
                            lat, lon = pt
                    precision = PlacePrecision.REGION
                elif base != "place":
                    kind = None  # "the area of Syria" adds nothing
                if rel.kind == "area" and (side := direction_after(text, m.end)):
                    # "ريف دير الزور الشرقي": the eastern countryside of Deir ez-Zor
                    lat, lon = offset_point(lat, lon, side[0], OFFSET_KM.get(base, 25.0))
                    kind, end = "area", side[1]
            elif after is not None and after.kind == "area":
                kind, end = "area", after.end
            if kind is None:
                continue
            attrs = {"lat": round(lat, 5), "lon": round(lon, 5), "country": g.country[row],
                     "precision": precision.value, "relation": kind,
                     "anchor": str(g.ids[row]), "anchor_name": g.names[row],
                     "anchor_start": m.start, "anchor_end": m.end, "phrase_start": start,
                     "phrase_end": end, "relative": True}
            out.append(Mention(MentionKind.PLACE, start, end, text[start:end], None,
                               tuple(attrs.items()), STEP))
        out.extend(self._border_mentions(text, home, out))
        if home:
            for mt in COUNTRY_PART.finditer(text):
                pt = country_part(home, mt.group(1))
                if not pt:
                    continue
                attrs = {"lat": round(pt[0], 5), "lon": round(pt[1], 5), "country": home,
                         "precision": PlacePrecision.REGION.value, "relation": "country-part",
                         "anchor": str(g.ids[g.country_rows[home]]) if home in g.country_rows else None,
                         "anchor_name": g.country_names.get(home, home),
                         "phrase_start": mt.start(), "phrase_end": mt.end(), "relative": True}
                out.append(Mention(MentionKind.PLACE, mt.start(), mt.end(), mt.group(0), None,
                                   tuple(attrs.items()), STEP))
        return out


#: What may stand between the two towns of one crossing: "Al-Bukamal–Al-Qa'em", "X/Y".
_DASHES = ("-", "–", "—", "/")


def _joined(text: str, mentions: list[Mention], picks: list[int | None], own: int, other: int,
            joins: tuple[str, ...]) -> int | None:
    """The pick of the neighbouring mention `other` when the two are written as a pair, with
    one of `joins` between them (the towns a crossing lies between); else None."""
    a, b = sorted((own, other))
    if a < 0 or b >= len(mentions) or picks[other] is None:
        return None
    return picks[other] if text[mentions[a].end:mentions[b].start].strip() in joins else None


def _evidence(cand: Candidate | None) -> str:
    if cand is None:
        return "given"
    parts = []
    if cand.rows or cand.demonym_row is not None:
        parts.append("gazetteer")
    if cand.ner_label:
        parts.append(f"ner:{cand.ner_label}")
    return "+".join(parts) or "none"
