"""Admiralty grading of an event: source reliability (A–F) and information credibility (1–6).

Reliability stays the analyst's grade of each Source. An event carries two summaries of it:
`best` is the best grade among the sources that independently report it (an event an A source
reports first-hand is worth A, whoever else copies it), `typical` is the median over its origins
(each origin graded by its best source). F ("cannot be judged") counts only when nothing else is
known. `suggest_reliability` proposes a grade from a source's track record; the analyst decides.

Credibility follows from corroboration and contradiction, never from reliability (the two axes
stay independent, as the Admiralty scale intends):

  1 confirmed          two or more independent origins, no disagreement
  2 probably true      two or more origins that disagree only on counts (fatalities)
  3 possibly true      one origin without internal disagreement, or several that disagree on
                       date, place or attackers
  4 doubtful           one origin whose own reports disagree on date, place or attackers
  5 improbable         set by an analyst only (never automatic)
  6 cannot be judged   no usable claim
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..records import Reliability
from .contradictions import Contradiction
from .origins import Origin

_ORDER = "ABCDE"


@dataclass(frozen=True)
class Grade:
    """An event's Admiralty grade and the reasons for it."""

    reliability: Reliability  # best among independent origins
    typical_reliability: Reliability  # median over origins
    credibility: int
    reasons: tuple[str, ...]

    @property
    def code(self) -> str:
        """Like "B2"."""
        return f"{self.reliability.value}{self.credibility}"


def _rank(r: Reliability) -> int:
    return _ORDER.index(r.value) if r.value in _ORDER else len(_ORDER)


def best_reliability(grades: Iterable[Reliability]) -> Reliability:
    """Best grade; F only when nothing else is known."""
    grades = list(grades)
    return min(grades, key=_rank) if grades else Reliability.F


def typical_reliability(grades: Iterable[Reliability]) -> Reliability:
    """Median grade (lower median: the less reliable of the two middle ones), F ignored."""
    known = sorted((g for g in grades if g is not Reliability.F), key=_rank)
    if not known:
        return Reliability.F
    return known[len(known) // 2]


def grade_event(origins: Sequence[Origin], source_grades: dict[str, Reliability],
                contradictions: Sequence[Contradiction],
                contradictions_within_origin: bool = False) -> Grade:
    """Grade an event from its origins (with source name -> grade) and its contradictions."""
    per_origin = [best_reliability(source_grades.get(n, Reliability.F) for n in o.source_names)
                  for o in origins]
    best = best_reliability(per_origin)
    typical = typical_reliability(per_origin)
    n = len(origins)
    major = [c for c in contradictions if c.major]
    reasons = [f"{n} independent origin(s): " + ", ".join(o.label for o in origins)]
    if n == 0:
        cred = 6
        reasons.append("no claims")
    elif n >= 2 and not contradictions:
        cred = 1
        reasons.append("confirmed by independent origins, no disagreement")
    elif n >= 2 and not major:
        cred = 2
        reasons.append("independent origins disagree only on counts")
    elif n >= 2:
        cred = 3
        reasons.append("independent origins disagree on " + ", ".join(sorted({c.field for c in major})))
    elif major and contradictions_within_origin:
        cred = 4
        reasons.append("single origin whose own reports disagree")
    else:
        cred = 3
        reasons.append("single origin, not corroborated")
    return Grade(best, typical, cred, tuple(reasons))


@dataclass(frozen=True)
class TrackRecord:
    """How a source's claims fared: corroborated by others, contradicted, or alone."""

    claims: int
    corroborated: int  # in events with at least one other independent origin
    contradicted: int  # a value of theirs disagrees with what most other origins say


def suggest_reliability(record: TrackRecord) -> tuple[Reliability, str]:
    """A suggested grade and why; the analyst sets the real one on the Source."""
    if record.claims < 10:
        return Reliability.F, f"only {record.claims} claims: too few to judge"
    corr = record.corroborated / record.claims
    contra = record.contradicted / record.claims
    why = f"{corr:.0%} of {record.claims} claims corroborated, {contra:.0%} contradicted"
    if corr >= 0.9 and contra <= 0.02 and record.claims >= 50:
        return Reliability.A, why
    if corr >= 0.75 and contra <= 0.05:
        return Reliability.B, why
    if corr >= 0.5 and contra <= 0.15:
        return Reliability.C, why
    if corr >= 0.25 and contra <= 0.3:
        return Reliability.D, why
    return Reliability.E, why
