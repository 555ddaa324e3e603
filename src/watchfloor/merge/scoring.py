"""Does claim A describe the same happening as claim B? A gated, weighted score that explains itself.

Gates (any failing one means "different happenings"): same type family, time windows no more than
`max_gap_days` apart, places within the sum of their radii (or the same country when one is
only known to the country). Past the gates, a weighted sum of time, place, actor and type
agreement must reach `threshold`. Claims that name different attackers or different sides score
lower and never join one event without an analyst (clustering.py). The weights were set by hand;
a threshold sweep on the labelled corpus and on synthetic claims is flat between 0.40 and 0.65
(bench/README.md), so the gates carry most of the decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from .features import ClaimFeatures, attackers_conflict, haversine_km


@dataclass(frozen=True)
class MergeConfig:
    """Knobs of the pairwise decision (threshold checked by sweep in bench/bench_merge.py)."""

    threshold: float = 0.62
    max_gap_days: int = 1  # "yesterday" vs "today" across time zones and late reports
    w_time: float = 0.30
    w_place: float = 0.30
    w_actor: float = 0.25
    w_type: float = 0.15
    #: Actor score when one side names no actor (neither agreement nor disagreement).
    actor_unknown: float = 0.4
    #: Total is multiplied by this when the claims name different attackers or different sides.
    actor_conflict_factor: float = 0.75
    #: Place score when one side has no place, or both are known only to the country.
    place_unknown: float = 0.25


@dataclass(frozen=True)
class PairScore:
    """Why two claims were (or were not) judged the same happening."""

    score: float
    same_type: bool
    days_gap: int
    exact_day: bool
    distance_km: float | None
    allowed_km: float | None
    shared_actors: tuple[str, ...]
    attackers_differ: bool
    time_score: float
    place_score: float
    actor_score: float
    type_score: float

    def reasons(self) -> list[str]:
        """Human-readable list of what matched."""
        out = ["same event type" if self.same_type else "same type family"]
        if self.days_gap:
            out.append(f"{self.days_gap} day(s) apart")
        else:
            out.append("same day" if self.exact_day else "date windows overlap")
        if self.distance_km is not None:
            out.append(f"{self.distance_km:.1f} km apart (allowed {self.allowed_km:.0f} km)")
        else:
            out.append("same country (no precise place)" if self.place_score else "no place")
        if self.shared_actors:
            out.append("shared actors: " + ", ".join(self.shared_actors))
        if self.attackers_differ:
            out.append("different attackers or sides named")
        out.append(f"score {self.score:.2f}")
        return out

    def as_dict(self) -> dict:
        return {
            "score": round(self.score, 3),
            "same_type": self.same_type,
            "days_gap": self.days_gap,
            "exact_day": self.exact_day,
            "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
            "allowed_km": self.allowed_km,
            "shared_actors": list(self.shared_actors),
            "attackers_differ": self.attackers_differ,
            "parts": {
                "time": round(self.time_score, 3),
                "place": round(self.place_score, 3),
                "actors": round(self.actor_score, 3),
                "type": round(self.type_score, 3),
            },
        }


def gate_failure(a: ClaimFeatures, b: ClaimFeatures, config: MergeConfig) -> str | None:
    """Why two claims cannot be the same happening, or None if nothing rules it out."""
    if a.family != b.family:
        return f"different type families ({a.family} / {b.family})"
    if a.lo is None or b.lo is None:
        return "no date on one claim"
    gap = max(0, max(a.lo, b.lo) - min(a.hi, b.hi))
    if gap > config.max_gap_days:
        return f"{gap} days apart"
    if a.lat is not None and b.lat is not None:
        dist = haversine_km(a.lat, a.lon, b.lat, b.lon)
        allowed = a.radius_km + b.radius_km
        if dist > allowed:
            return f"{dist:.0f} km apart (allowed {allowed:.0f} km)"
    elif a.country and b.country and a.country != b.country:
        return f"different countries ({a.country} / {b.country})"
    return None


def sides_differ(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Both claims name two sides and each names one the other does not (SDF-ISIS, SDF-tribes)."""
    return (len(a.actors) >= 2 and len(b.actors) >= 2
            and bool(a.actors - b.actors) and bool(b.actors - a.actors))


def actors_conflict(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """The claims name different attackers or different sides: not one happening without an analyst."""
    return attackers_conflict(a.attackers, a.actors, b.attackers, b.actors) or sides_differ(a, b)


def score_pair(a: ClaimFeatures, b: ClaimFeatures, config: MergeConfig) -> PairScore | None:
    """Score two claims; None when a gate rules them out (same gates as gate_failure)."""
    if a.family != b.family or a.lo is None or b.lo is None:
        return None
    gap = max(0, max(a.lo, b.lo) - min(a.hi, b.hi))
    if gap > config.max_gap_days:
        return None
    time_score = min(a.date_weight, b.date_weight) * (1.0 - gap / (config.max_gap_days + 1))
    dist = allowed = None
    if a.lat is not None and b.lat is not None:
        dist = haversine_km(a.lat, a.lon, b.lat, b.lon)
        allowed = a.radius_km + b.radius_km
        if dist > allowed:
            return None
        if a.geonameid and a.geonameid == b.geonameid:
            dist = 0.0
        place_score = min(a.place_weight, b.place_weight) * (1.0 - 0.5 * dist / allowed)
    elif a.country and b.country and a.country != b.country:
        return None
    elif a.country and a.country == b.country:
        place_score = config.place_unknown
    else:
        place_score = config.place_unknown if (a.country or b.country) else 0.0
    shared = a.actors & b.actors
    attackers_differ = attackers_conflict(a.attackers, a.actors, b.attackers, b.actors)
    parties_differ = sides_differ(a, b)
    if a.actors and b.actors:
        actor_score = 0.0 if attackers_differ else len(shared) / min(len(a.actors), len(b.actors))
    else:
        actor_score = config.actor_unknown
    same_type = a.event_type == b.event_type
    type_score = 1.0 if same_type else 0.6
    total = (
        config.w_time * time_score
        + config.w_place * place_score
        + config.w_actor * actor_score
        + config.w_type * type_score
    )
    if attackers_differ or parties_differ:
        actor_score = 0.0
        total *= config.actor_conflict_factor
    return PairScore(
        score=total,
        same_type=same_type,
        days_gap=gap,
        exact_day=a.lo == a.hi and b.lo == b.hi,
        distance_km=dist,
        allowed_km=allowed,
        shared_actors=tuple(sorted(shared)),
        attackers_differ=attackers_differ or parties_differ,
        time_score=time_score,
        place_score=place_score,
        actor_score=actor_score,
        type_score=type_score,
    )
