"""Relative place phrases: "east of X", "outskirts of X", "southern Syria", "the border with Y".

Each phrase resolves to an approximate point with a coarser precision than its anchor,
never silently to the anchor itself.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .countries import country_facts

DIRECTIONS = {
    "north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1),
    "northeast": (1, 1), "northwest": (1, -1), "southeast": (-1, 1), "southwest": (-1, -1),
    "north-east": (1, 1), "north-west": (1, -1), "south-east": (-1, 1), "south-west": (-1, -1),
}
_DIR = r"(north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
#: Compass adjectives: before a name they place something in part of it ("eastern Syria"), and
#: are no place of their own (recognize.py).
DIRECTION_ADJECTIVES = frozenset(
    "northern southern eastern western central northeastern northwestern southeastern "
    "southwestern north-eastern north-western south-eastern south-western".split())
_DIR_ADJ = "(" + "|".join(sorted(DIRECTION_ADJECTIVES, key=len, reverse=True)) + ")"

#: Phrases ending right before an anchor place ("east of " + X).
BEFORE_PATTERNS = [
    ("direction", re.compile(_DIR + r"(?:ern)? of (?:the )?(?:city |town |village )?(?:of )?$", re.I)),
    ("outskirts", re.compile(r"(?:outskirts|edge|vicinity|environs|suburbs) of (?:the )?(?:city |town |village )?(?:of )?$", re.I)),
    ("area", re.compile(r"(?:desert|countryside|rural|area|region|province|district|countryside) (?:area )?of (?:the )?$", re.I)),
    ("near", re.compile(r"\b(?:near|nearby|around|close to|outside)\s+(?:the )?(?:city |town |village )?(?:of )?$", re.I)),
    ("region", re.compile(_DIR_ADJ + r"\s+$", re.I)),
    ("border", re.compile(r"\bborder (?:area |region |strip )?(?:with|of) $", re.I)),
]
#: Arabic and Persian phrases before an anchor, with an optional attached "and"/"in" (وبريف).
_AR_DIR = r"(شمال\s?شرق|شمال\s?غرب|جنوب\s?شرق|جنوب\s?غرب|شرق|غرب|شمال|جنوب)(?:ي|ی)?"
#: "city", "town", "village" between the phrase and its anchor: "محيط مدينة البوكمال".
_AR_HEAD = r"(?:(?:مدينة|مدينه|بلدة|بلده|قرية|قريه|شهر|روستای)\s+)?$"
BEFORE_PATTERNS += [
    ("area", re.compile(r"(?:^|\s)[وب]?ريف\s+" + _AR_HEAD)),  # "ريف دير الزور": its countryside
    # "بادية الميادين", "صحراء تدمر", "بیابان": the desert area of a town
    ("area", re.compile(r"(?:^|\s)[وب]?(?:بادية|باديه|صحراء|بیابان)\s+$")),
    # "قرب الحدود مع العراق", "الشريط الحدودي مع", "مرز با عراق": the border with a country
    ("border", re.compile(r"(?:^|\s)[وب]?(?:ال)?(?:حدود|شريط\s+الحدودي)\s+مع\s+$|(?:^|\s)مرز\s+(?:با\s+)?$")),
    # "معبر البوكمال" (the Al-Bukamal crossing), "منفذ", "گذرگاه مرزی"
    ("crossing", re.compile(r"(?:^|\s)[وب]?(?:معبر|منفذ|گذرگاه(?:\s+مرزی)?)\s+$")),
    # "مطار دمشق الدولي", "ميناء الحديدة", "قاعدة حميميم", "فرودگاه دمشق": a facility of the
    # place, near it (as "Damascus International Airport" is in English)
    ("facility", re.compile(r"(?:^|\s)[وب]?(?:مطار|ميناء|قاعدة|سد|فرودگاه(?:\s+بین[\u200c ]?المللی)?|بندر|پایگاه|اسکله)\s+$")),
    ("direction", re.compile(r"(?:^|\s)[وب]?" + _AR_DIR + r"\s+" + _AR_HEAD)),  # "شرق دير الزور"
    ("near", re.compile(r"(?:^|\s)[وب]?(?:قرب|بالقرب\s+من|قريبا?\s+من|محيط|حول|نزدیک|نزدیکی)\s+" + _AR_HEAD)),
    ("outskirts", re.compile(r"(?:^|\s)[وب]?(?:أطراف|اطراف|ضواحي|حومة|حومه)\s+" + _AR_HEAD)),
]
#: Arabic and Persian compass words, in the English of DIRECTIONS.
AR_DIRECTIONS = {"شرق": "east", "غرب": "west", "شمال": "north", "جنوب": "south",
                 "شمالشرق": "northeast", "شمالغرب": "northwest", "جنوبشرق": "southeast",
                 "جنوبغرب": "southwest"}
#: "ريف دير الزور الشرقي": a compass adjective after the anchor of a countryside.
_AR_DIRECTION_AFTER_RE = re.compile(r"\s+(?:ال(شرقي|غربي|شمالي|جنوبي)|(شرقی|غربی|شمالی|جنوبی))(?!\w)")
#: Phrases starting right after an anchor (X + " countryside").
AFTER_PATTERNS = [
    ("area", re.compile(r"^\s+(?:area|countryside|desert|outskirts|region|suburbs|environs)\b", re.I)),
    ("crossing", re.compile(r"^\s+(?:border )?crossings?\b", re.I)),
]
#: Phrases with no place name at all: "the south of the country", "in eastern Syria" is above.
COUNTRY_PART = re.compile(
    r"\b(?:the\s+)?(north|south|east|west|center|centre|north-?east|north-?west|south-?east|south-?west)"
    r"\s+of\s+the\s+country\b", re.I)

_ARABIC_SCRIPT_RE = re.compile(r"[\u0600-\u06ff]")

OFFSET_KM = {"place": 25.0, "admin": 60.0, "country": 0.0, "region": 0.0}


@dataclass(frozen=True)
class Relation:
    kind: str  # direction, outskirts, area, near, region, border, crossing, facility, country-part
    start: int
    end: int
    word: str = ""  # the direction word, if any


#: The word right before the anchor in every BEFORE_PATTERNS phrase: a cheap test that skips
#: the patterns for the many names with none of these before them.
_LAST_WORDS = frozenset("of the city town village near nearby around to outside with".split()) \
    | DIRECTION_ADJECTIVES


def relation_before(text: str, start: int) -> Relation | None:
    """A relative phrase ending where an anchor name starts."""
    window = text[max(0, start - 60):start]
    last = window.rsplit(None, 1)[-1].lower().lstrip("([{\"'“‘«—–-") \
        if window.strip() and window[-1:].isspace() else ""
    if last not in _LAST_WORDS and last.rsplit("-", 1)[-1] not in _LAST_WORDS \
            and not _ARABIC_SCRIPT_RE.search(last):  # north-central
        return None
    for kind, rx in BEFORE_PATTERNS:
        m = rx.search(window)
        if m:
            word = ((m.group(1) if m.groups() else "") or "").lower()
            word = AR_DIRECTIONS.get(word.replace(" ", "").rstrip("يی"), word)
            begin = start - len(window) + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            return Relation(kind, begin, start, word)
    return None


def direction_after(text: str, end: int) -> tuple[str, int] | None:
    """An Arabic or Persian compass adjective after an anchor ("ريف حلب الشمالي"): the English
    direction and where the adjective ends."""
    m = _AR_DIRECTION_AFTER_RE.match(text, end)
    if not m:
        return None
    word = (m.group(1) or m.group(2)).rstrip("يی")
    return AR_DIRECTIONS[word], m.end()


def relation_after(text: str, end: int) -> Relation | None:
    """A relative phrase starting where an anchor name ends."""
    window = text[end:end + 40]
    for kind, rx in AFTER_PATTERNS:
        m = rx.match(window)
        if m:
            return Relation(kind, end, end + m.end())
    return None


def offset_point(lat: float, lon: float, direction: str, km: float) -> tuple[float, float]:
    """A point `km` away from (lat, lon) towards a compass direction."""
    d = DIRECTIONS.get(direction.replace("-", "").replace("ern", ""), (0, 0))
    if d == (0, 0) or km <= 0:
        return lat, lon
    norm = math.hypot(*d)
    dlat = km * d[0] / norm / 111.0
    dlon = km * d[1] / norm / (111.0 * max(0.2, math.cos(math.radians(lat))))
    return lat + dlat, lon + dlon


def country_part(iso: str, part: str) -> tuple[float, float] | None:
    """A point in one part of a country ("south" -> the middle of its southern third)."""
    facts = country_facts().get(iso)
    if not facts or not facts.bbox:
        return None
    x0, y0, x1, y1 = facts.bbox
    part = part.lower().replace("-", "").replace("ern", "")
    fy = 0.5
    fx = 0.5
    if "north" in part:
        fy = 5 / 6
    if "south" in part:
        fy = 1 / 6
    if "east" in part:
        fx = 5 / 6
    if "west" in part:
        fx = 1 / 6
    lat = y0 + fy * (y1 - y0)
    lon = x0 + fx * (x1 - x0)
    if part in ("center", "centre", "central"):
        return facts.lat, facts.lon
    return lat, lon


def border_point(home: str, other_lat: float, other_lon: float) -> tuple[float, float] | None:
    """The point of the home country's outline box nearest to the other country's point."""
    facts = country_facts().get(home)
    if not facts or not facts.bbox:
        return None
    x0, y0, x1, y1 = facts.bbox
    return min(max(other_lat, y0), y1), min(max(other_lon, x0), x1)
