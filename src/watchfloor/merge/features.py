"""What the merge compares, read once per claim: type family, time window, point and radius, actors.

Time is an interval of days whose width follows the claim's date precision ("in October" spans
the month); place is a point with a radius that follows the place precision ("near", "in the
province"). A claim without a date falls back to the days before its document was published.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date

from ..records import ActorRole, ClaimPlace, DatePrecision, PlacePrecision, PlaceRole
from .context import ClaimContext, type_family

#: Half-width in days of the window around a date of each precision (MONTH and YEAR use the
#: calendar month/year instead).
DATE_HALF_WIDTH = {DatePrecision.DAY: 0, DatePrecision.DAYS: 3, DatePrecision.WEEK: 4}
#: How much a time match counts when the date is this vague (a month-level match proves little).
DATE_WEIGHT = {
    DatePrecision.DAY: 1.0,
    DatePrecision.DAYS: 0.8,
    DatePrecision.WEEK: 0.7,
    DatePrecision.MONTH: 0.45,
    DatePrecision.YEAR: 0.25,
}
#: Radius in km a place of each precision may stand for, when the place does not bring its own
#: (the gazetteer knows how far provinces and named regions reach).
PLACE_RADIUS_KM = {
    PlacePrecision.PLACE: 10.0,
    PlacePrecision.NEAR: 25.0,
    PlacePrecision.ADMIN: 60.0,
    PlacePrecision.REGION: 200.0,
    PlacePrecision.COUNTRY: 0.0,  # compared by country code only
}
PLACE_WEIGHT = {
    PlacePrecision.PLACE: 1.0,
    PlacePrecision.NEAR: 0.9,
    PlacePrecision.ADMIN: 0.7,
    PlacePrecision.REGION: 0.5,
    PlacePrecision.COUNTRY: 0.3,
}
#: Largest radius a claim indexed by grid cell may have; vaguer ones are "coarse".
FINE_RADIUS_KM = PLACE_RADIUS_KM[PlacePrecision.ADMIN]

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(slots=True)
class ClaimFeatures:
    """The comparable fields of one claim, flattened for fast pairwise scoring."""

    key: str
    event_type: str
    family: str
    lo: int | None  # first possible day (date.toordinal()), None when unknown
    hi: int | None
    date_weight: float
    lat: float | None
    lon: float | None
    radius_km: float
    place_weight: float
    country: str | None
    geonameid: str | None
    place_name: str | None
    actors: frozenset[str]  # actor ids (or "~normalised name" when unresolved)
    attackers: frozenset[str]  # the subset with role ACTOR
    source_id: int | None

    @property
    def coarse(self) -> bool:
        """True when the place is too vague (or absent) for grid-cell blocking."""
        return self.lat is None or self.radius_km > FINE_RADIUS_KM


def attackers_conflict(acting_a: frozenset[str], all_a: frozenset[str],
                       acting_b: frozenset[str], all_b: frozenset[str]) -> bool:
    """True when both claims name who acted and neither's actor appears in the other at all.

    "SDF clashed with ISIS" and "ISIS attacked the SDF" do not conflict (each names the other's
    actor); "Turkish drone" and "US drone" do.
    """
    return bool(acting_a and acting_b and not (acting_a & all_b) and not (acting_b & all_a))


def actor_token(name: str, actor_id: str | None) -> str:
    """Comparable token for an actor: its KB id, or its normalised name when unresolved."""
    if actor_id:
        return actor_id
    return "~" + _NON_WORD.sub(" ", name.casefold()).strip()


def date_interval(day: date, precision: DatePrecision | None) -> tuple[int, int]:
    """The days (as ordinals) a date of this precision may stand for."""
    precision = precision or DatePrecision.DAY
    if precision is DatePrecision.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return date(day.year, day.month, 1).toordinal(), date(day.year, day.month, last).toordinal()
    if precision is DatePrecision.YEAR:
        return date(day.year, 1, 1).toordinal(), date(day.year, 12, 31).toordinal()
    half = DATE_HALF_WIDTH[precision]
    return day.toordinal() - half, day.toordinal() + half


def primary_place(places: list[ClaimPlace]) -> ClaimPlace | None:
    """The place a claim happened at: the first 'at' place with coordinates, else the best other."""
    def rank(p: ClaimPlace) -> tuple[int, int]:
        return (0 if p.role is PlaceRole.AT else 1, 0 if p.lat is not None else 1)

    with_info = [p for p in places if p.lat is not None or p.country]
    return min(with_info, key=rank) if with_info else None


def features_of(ctx: ClaimContext) -> ClaimFeatures:
    """Read the comparable fields of a claim."""
    claim = ctx.claim
    if claim.date is not None:
        lo, hi = date_interval(claim.date, claim.date_precision)
        dweight = DATE_WEIGHT[claim.date_precision or DatePrecision.DAY]
    elif ctx.document.published_at is not None:
        pub = ctx.document.published_at.date().toordinal()
        lo, hi = pub - 3, pub  # undated claims are about the days before publication
        dweight = DATE_WEIGHT[DatePrecision.DAYS]
    else:
        lo = hi = None
        dweight = 0.0
    place = primary_place(claim.places)
    if place is None:
        lat = lon = None
        radius, pweight, country, gid, pname = 0.0, 0.0, None, None, None
    else:
        precision = place.precision
        if place.lat is None or place.lon is None:
            precision = PlacePrecision.COUNTRY
        lat = place.lat if precision is not PlacePrecision.COUNTRY else None
        lon = place.lon if precision is not PlacePrecision.COUNTRY else None
        radius = PLACE_RADIUS_KM[precision]
        if place.radius_km and precision in (PlacePrecision.ADMIN, PlacePrecision.REGION):
            radius = place.radius_km  # the area's own reach: Anbar's is 200 km, Quneitra's 20
        pweight = PLACE_WEIGHT[precision]
        country, gid, pname = place.country, place.geonameid, place.name
    actors = frozenset(actor_token(a.name, a.actor_id) for a in claim.actors)
    attackers = frozenset(
        actor_token(a.name, a.actor_id) for a in claim.actors if a.role is ActorRole.ACTOR
    )
    return ClaimFeatures(
        key=ctx.key,
        event_type=claim.event_type,
        family=type_family(claim.event_type),
        lo=lo,
        hi=hi,
        date_weight=dweight,
        lat=lat,
        lon=lon,
        radius_km=radius,
        place_weight=pweight,
        country=country,
        geonameid=gid,
        place_name=pname,
        actors=actors,
        attackers=attackers,
        source_id=ctx.source.id,
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (good to 0.5 %, plenty for merging)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def features_to_row(f: ClaimFeatures) -> dict:
    """A JSON-friendly row, for stores that persist features (see MergeEngine.restore_features)."""
    row = {name: getattr(f, name) for name in ClaimFeatures.__slots__}
    row["actors"] = sorted(f.actors)
    row["attackers"] = sorted(f.attackers)
    return row


def features_from_row(row: dict) -> ClaimFeatures:
    """Inverse of features_to_row."""
    values = dict(row)
    values["actors"] = frozenset(values["actors"])
    values["attackers"] = frozenset(values["attackers"])
    return ClaimFeatures(**values)
