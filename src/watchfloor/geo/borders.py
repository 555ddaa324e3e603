"""The border between two countries a phrase names: "the Syrian-Iraqi border", "the Iraq–Syria
border", "the border between Syria and Iraq", "الحدود السورية العراقية", "مرز ایران و عراق".

Reports place crossings, smuggling and strikes "on the border" far more often than at a named
town; the point returned is the middle of the stretch where the two countries' outlines meet,
with precision region, so a map shows the right frontier and never one country's middle. One
country alone ("the Lebanese border", "الحدود العراقية") is its border with the story's home
country (the country most of its places lie in).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .countries import country_facts
from .gazetteer import Gazetteer
from .normalize import fold, is_arabic, keys_for_name
from .recognize import nisba_rows

_NAME = r"[A-Z][\w.’']*(?:\s[A-Z][\w.’']*)?"
#: "border" as an attribute of the noun after it names that thing, not the border: "the
#: Syrian border town of Al-Bukamal", "Iraqi border guards", "the Jordanian border crossing".
_NOT_ATTRIBUTE = (r"(?!\s+(?:town|city|village|crossings?|guards?|police|posts?|wall|areas?|regions?|"
                  r"strip|zones?|points?|patrols?|forces?|authorit(?:y|ies)|security|checkpoints?|"
                  r"fence|agency|officials?|provinces?|districts?|governorates?|cities|towns|villages)\b)")
_EN_PAIR_RE = re.compile(
    rf"\b(?:the\s+)?({_NAME})\s*[-–—/]\s*({_NAME})\s+(?:border|frontier)s?\b{_NOT_ATTRIBUTE}")
_EN_BETWEEN_RE = re.compile(
    rf"\b(?:border|frontier)s?\s+between\s+(?:the\s+)?({_NAME})\s+and\s+(?:the\s+)?({_NAME})")
_EN_ONE_RE = re.compile(rf"\b(?:the\s+)?({_NAME})\s+(?:border|frontier)\b{_NOT_ATTRIBUTE}")
_AR_RE = re.compile(r"(?:^|(?<=\s))[وب]?(?:ال)?حدود\s+(ال\w+)(?:\s+(?:و)?(ال\w+))?")
_FA_RE = re.compile(r"(?:^|(?<=\s))مرز(?:های)?(?:\s+مشترک)?\s+(\w+)\s+و\s+(\w+)")

#: How close two outlines must come to count as meeting there: countryinfo's outlines are
#: coarse (a few dozen points for Syria), so their shared stretch is matched loosely.
MEET_KM = 60.0


@dataclass(frozen=True)
class BorderPhrase:
    start: int
    end: int
    countries: tuple[str, ...]  # one (with the home country) or two ISO codes


#: Words one of which every border phrase holds: most texts have none, and skip the patterns.
_BORDER_WORDS = ("border", "frontier", "حدود", "مرز")


def find_border_phrases(gaz: Gazetteer, text: str) -> list[BorderPhrase]:
    """Border phrases whose words name countries, in text order, not overlapping."""
    out: list[BorderPhrase] = []
    if not any(w in text for w in _BORDER_WORDS):
        return out
    for rx in (_EN_PAIR_RE, _EN_BETWEEN_RE, _AR_RE, _FA_RE, _EN_ONE_RE):
        for m in rx.finditer(text):
            words = [w for w in m.groups() if w]
            codes = tuple(dict.fromkeys(c for c in (country_of(gaz, w) for w in words) if c))
            if len(codes) != len(words) or any(p.start < m.end() and m.start() < p.end for p in out):
                continue  # a word that names no country: not this kind of phrase
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            if text[start:start + 4].lower() == "the ":
                start += 4  # the phrase, as "border with Iraq" is
            out.append(BorderPhrase(start, m.end(), codes))
    return sorted(out, key=lambda p: p.start)


def country_of(gaz: Gazetteer, word: str) -> str | None:
    """The country a word names: its name ("Syria", "سوريا"), demonym ("Syrian", "Iraqi") or
    Arabic adjective of origin ("السورية")."""
    folded = fold(word)
    for key in sorted(keys_for_name(word)):
        if (row := gaz.demonyms.get(key)) is not None:
            return gaz.country[row]
        for row in gaz.rows_for_key(key):
            if gaz.precision_of(row) == "country":
                return gaz.country[row]
    if is_arabic(word):
        for row in nisba_rows(gaz, folded):
            if gaz.precision_of(row) == "country":
                return gaz.country[row]
    return None


@lru_cache(maxsize=256)
def shared_border_point(a: str, b: str) -> tuple[float, float] | None:
    """(lat, lon) in the middle of the stretch where the outlines of countries a and b meet;
    None when they do not meet (or an outline is missing)."""
    facts = country_facts()
    fa, fb = facts.get(a), facts.get(b)
    if not fa or not fb or not fa.outline or not fb.outline or a == b:
        return None
    near = [p for p in _points(fa.outline) if _to_outline_km(p, fb.outline) <= MEET_KM]
    near += [p for p in _points(fb.outline) if _to_outline_km(p, fa.outline) <= MEET_KM]
    if not near:
        return None
    mlon = sum(p[0] for p in near) / len(near)
    mlat = sum(p[1] for p in near) / len(near)
    lon, lat = min(near, key=lambda p: _km((mlon, mlat), p))  # a point on the border itself
    return lat, lon


def _points(outline) -> list[tuple[float, float]]:
    return [p for ring in outline for p in ring]


def _km(p: tuple[float, float], q: tuple[float, float]) -> float:
    """Equirectangular distance between (lon, lat) points: exact enough within a region."""
    x = math.radians(q[0] - p[0]) * math.cos(math.radians((p[1] + q[1]) / 2))
    y = math.radians(q[1] - p[1])
    return 6371.0 * math.hypot(x, y)


def _to_outline_km(p: tuple[float, float], outline) -> float:
    """Distance from a (lon, lat) point to the nearest segment of an outline."""
    best = math.inf
    kx = math.cos(math.radians(p[1]))
    for ring in outline:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
            # project onto the segment in a local flat frame (degrees, lon scaled)
            ax, ay = (x0 - p[0]) * kx, y0 - p[1]
            bx, by = (x1 - p[0]) * kx, y1 - p[1]
            dx, dy = bx - ax, by - ay
            t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
            best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best * 111.2
