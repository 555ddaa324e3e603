"""Other forms to look a place name up by when the gazetteer has no entry for it as written.

City dumps list "Gwinnett County" but reports write "Gwinnett"; they list "Fars" but
reports write "Fars Province"; "Ohioans", "Latvians" and "European" name their place through
a demonym; "Santa Clara Valley", "Port of Los Angeles" and "North London" name a feature of,
or a part of, a place the gazetteer does hold. Each variant says how exact it is, so the
resolver can report a coarser precision for "the Neches River" found as "Neches".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words after an admin area's name ("Fars Province", "Loudon Co.").
AREA_SUFFIXES = ("province", "prefecture", "governorate", "county", "co", "parish", "district",
                 "region", "state", "oblast", "department", "municipality", "borough", "canton",
                 "territory", "emirate", "wilaya", "muhafazah")
#: What admin-2 names in GeoNames end with, tried after a bare name ("Gwinnett").
ADMIN2_SUFFIXES = ("County", "Parish", "Borough", "District", "Province")
#: Words naming a feature of the place rather than the place ("Neches River", "Lake Lanier").
FEATURE_WORDS = frozenset(
    "river creek lake lakes valley township park square bay island islands isle delta "
    "mountains mountain mount mt hills hill canal airport international harbour harbor port "
    "station base camp beach coast peninsula plain plains plateau desert forest reservoir "
    "dam bridge crossing border area metropolitan metro greater downtown city town village "
    "national lakeshore monument".split())
#: Words placing something in part of a place ("North London", "Upper Edmonton").
PART_WORDS = frozenset(
    "north south east west northern southern eastern western central upper lower inner outer "
    "northeast northwest southeast southwest northeastern northwestern southeastern "
    "southwestern mid new old".split())
_WORD_RE = re.compile(r"[^\W\d_]+(?:[.'’][^\W\d_]+)*\.?", re.UNICODE)


@dataclass(frozen=True)
class Variant:
    name: str
    kind: str  # "area" (same place, other wording), "demonym", "feature", "part"


def _demonym_stems(word: str) -> list[str]:
    """'Ohioans' -> Ohio, 'Ontarians' -> Ontario, 'European' -> Europe, 'Czechs' -> Czech."""
    w = word
    out: list[str] = []
    if len(w) > 4 and w.lower().endswith(("ans", "chs", "ks", "is", "ts")):
        w = w[:-1]
        out.append(w)
    low = w.lower()
    if low.endswith("ian") and len(w) > 5:
        stem = w[:-3]
        out += [stem + "ia", stem + "io", stem + "y", stem + "a", stem]
    if low.endswith("an") and len(w) > 4:
        stem = w[:-2]
        out += [stem, stem + "a", stem + "e", stem + "o"]
    if low.endswith("ese") and len(w) > 5:
        stem = w[:-3]
        out += [stem, stem + "a"]
    if low.endswith("i") and len(w) > 4:  # Iraqi, Pakistani
        out.append(w[:-1])
    return out


def name_variants(name: str) -> list[Variant]:
    """Look-up forms for `name`, most faithful first (the name itself is not included)."""
    words = _WORD_RE.findall(name)
    if not words:
        return []
    out: list[Variant] = []
    lows = [w.lower().rstrip(".") for w in words]
    # "Democratic Republic of Congo" -> "... of the Congo" (and back): same place, other wording
    if " of the " in name:
        out.append(Variant(name.replace(" of the ", " of ", 1), "area"))
    elif " of " in name:
        out.append(Variant(name.replace(" of ", " of the ", 1), "area"))
    # "Fars Province", "PLYMOUTH CO." -> "Fars", "Plymouth County" (then "Plymouth": the
    # county before the town that shares its name)
    if len(words) > 1 and lows[-1] in AREA_SUFFIXES:
        head = " ".join(words[:-1])
        if lows[-1] in ("co", "county"):
            out.append(Variant(f"{head} County", "area"))
        out.append(Variant(head, "area"))
    # "Gwinnett" -> "Gwinnett County"
    if lows[-1] not in AREA_SUFFIXES and len(words) <= 3 and not FEATURE_WORDS.intersection(lows):
        out += [Variant(f"{name.strip()} {s}", "area") for s in ADMIN2_SUFFIXES]
    # demonyms: last word inflected ("South Ossetians" -> "South Ossetia")
    for stem in _demonym_stems(words[-1]):
        out.append(Variant(" ".join([*words[:-1], stem]), "demonym"))
    # "Port of Los Angeles", "Santa Clara Valley", "Lake Lanier" -> the named place
    kept = [w for w, lw in zip(words, lows, strict=True) if lw not in FEATURE_WORDS and lw != "of"
            and lw != "the"]
    if kept and len(kept) < len(words):
        out.append(Variant(" ".join(kept), "feature"))
    # "North London", "Upper Edmonton", "Southern California" -> the whole place
    core = [w for w in kept if w.lower() not in PART_WORDS]
    if core and len(core) < len(kept):
        out.append(Variant(" ".join(core), "part"))
    # a long name whose first words are a place ("Montreal-Pierre Elliott Trudeau Airport")
    first = re.split(r"[-–]", name, maxsplit=1)[0].strip()
    if first and first != name.strip() and len(first) > 3:
        out.append(Variant(first, "feature"))
    seen: set[str] = {name.strip().lower()}
    uniq: list[Variant] = []
    for v in out:
        key = v.name.lower()
        if key not in seen and v.name.strip():
            seen.add(key)
            uniq.append(v)
    return uniq
