"""Country facts GeoNames' city dumps lack: a country point, demonyms, other names, outline.

Points, demonyms, alternative spellings, native names and outlines come from the
`countryinfo` package (world-countries data, lat/lng within a degree of GeoNames' country
points). A short own table adds the everyday short forms ("U.S.", "UK") and Arabic and
Persian names of the countries watchfloor's analysts read about most.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

#: Everyday short names the packaged data does not carry.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "U.S.A.", "US", "USA", "America", "United States of America", "the States",
           "الولايات المتحدة", "أمريكا", "امریکا"),
    "GB": ("U.K.", "UK", "Britain", "Great Britain", "بريطانيا", "المملكة المتحدة"),
    "AE": ("UAE", "U.A.E.", "Emirates", "الإمارات"),
    "CD": ("DRC", "D.R.C.", "DR Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "RU": ("Russia", "روسيا", "روسیه"),
    "SY": ("سوريا", "سورية", "سوریه"),
    "IQ": ("العراق", "عراق"),
    "LB": ("لبنان",),
    "JO": ("الأردن",),
    "IL": ("إسرائيل", "اسرائيل", "اسرائیل"),
    "PS": ("Palestine", "فلسطين", "فلسطین", "Palestinian Territories"),
    "IR": ("إيران", "ایران"),
    "TR": ("تركيا", "ترکیه", "Türkiye"),
    "YE": ("اليمن", "یمن"),
    "SA": ("السعودية", "عربستان"),
    "EG": ("مصر",),
    "AF": ("أفغانستان", "افغانستان"),
    "KW": ("الكويت",),
    "QA": ("قطر",),
    "BH": ("البحرين",),
    "OM": ("عمان",),
    "LY": ("ليبيا",),
    "SD": ("السودان",),
    "PK": ("باكستان", "پاکستان"),
}
#: Demonyms the packaged data leaves out or spells only one way.
EXTRA_DEMONYMS: dict[str, tuple[str, ...]] = {
    "US": ("American", "Americans"),
    "GB": ("British", "Briton", "Britons"),
    "PS": ("Palestinian", "Palestinians"),
    "IL": ("Israeli", "Israelis"),
    "SY": ("Syrian", "Syrians"),
    "IQ": ("Iraqi", "Iraqis"),
    "IR": ("Iranian", "Iranians"),
    "LB": ("Lebanese",),
    "TR": ("Turkish", "Turk", "Turks"),
    "RU": ("Russian", "Russians"),
    "CN": ("Chinese",),
    "FR": ("French",),
    "DE": ("German", "Germans"),
    "ES": ("Spanish",),
    "AF": ("Afghan", "Afghans"),
    "SA": ("Saudi", "Saudis"),
    "YE": ("Yemeni", "Yemenis"),
    "JO": ("Jordanian", "Jordanians"),
    "EG": ("Egyptian", "Egyptians"),
}


#: Points for countries whose packaged point is far from the commonly used geographic centre
#: (the contiguous United States' centre near Lebanon, Kansas).
CENTRES: dict[str, tuple[float, float]] = {
    "US": (39.76, -98.5),
}


@dataclass(frozen=True)
class CountryFacts:
    iso: str
    name: str
    lat: float
    lon: float
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    #: lon_min, lat_min, lon_max, lat_max of the outline, for "southern X" style regions.
    bbox: tuple[float, float, float, float] | None
    #: the outline's rings of (lon, lat) points, coarse: where two countries meet (borders.py)
    outline: tuple[tuple[tuple[float, float], ...], ...] = ()


def _rings(geojson: dict) -> tuple[tuple[tuple[float, float], ...], ...]:
    """The outline's rings as (lon, lat) points (countryinfo's GeoJSON, coarse)."""
    rings = []
    for feat in (geojson or {}).get("features", []):
        geom = feat.get("geometry", {})
        polys = [geom.get("coordinates", [])] if geom.get("type") == "Polygon" else geom.get("coordinates", [])
        for poly in polys:
            for ring in poly:
                rings.append(tuple((float(x), float(y)) for x, y, *_ in ring))
    return tuple(rings)


def _bbox(rings: tuple[tuple[tuple[float, float], ...], ...]) -> tuple[float, float, float, float] | None:
    xs = [x for ring in rings for x, _y in ring]
    ys = [y for ring in rings for _x, y in ring]
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


@lru_cache(maxsize=1)
def country_facts() -> dict[str, CountryFacts]:
    """ISO2 -> facts, read once from the countryinfo package."""
    from countryinfo import CountryInfo

    out: dict[str, CountryFacts] = {}
    for info in CountryInfo("US").all().values():
        iso = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng") or []
        if not iso or len(latlng) != 2:
            continue
        names = [info.get("name", "")]
        names += [s for s in info.get("altSpellings", []) if len(s) > 3]
        if info.get("nativeName"):  # "Maroc / ⵍⵎⵖⵔⵉⴱ / المغرب": one name per script
            names += info["nativeName"].split(" / ")
        names += EXTRA_NAMES.get(iso, ())
        demonyms = [info["demonym"]] if info.get("demonym") else []
        demonyms += EXTRA_DEMONYMS.get(iso, ())
        lat, lon = CENTRES.get(iso, (float(latlng[0]), float(latlng[1])))
        rings = _rings(info.get("geoJSON") or {})
        out[iso] = CountryFacts(
            iso=iso, name=info.get("name", iso), lat=lat, lon=lon,
            names=tuple(dict.fromkeys(n for n in names if n)),
            demonyms=tuple(dict.fromkeys(demonyms)), bbox=_bbox(rings), outline=rings,
        )
    return out


#: Languages whose country names the index holds besides English: those watchfloor reads.
NAME_LANGUAGES = ("ar", "fa")
#: CLDR names that are everyday words far more often than countries: مالي / مالی "financial"
#: (Mali), بنين "boys" (Benin), چین "fold", چک "cheque", غنا "singing".
ORDINARY_WORDS = frozenset({"مالي", "مالی", "بنين", "چین", "چک", "غنا"})


def local_names(iso: str) -> list[str]:
    """The country's name in NAME_LANGUAGES from Unicode CLDR (via Babel): "الصين", "فرانسه".
    Read when an index is built, not with the other facts: the run-time uses of those (country
    parts, borders) need no names, and Babel's tables take ~40 ms to load."""
    out = []
    for lang in NAME_LANGUAGES:
        name = _territory_names(lang).get(iso)
        if name and "(" not in name and name not in ORDINARY_WORDS:  # "(…)": glosses
            out.append(name)
    return out


@lru_cache(maxsize=4)
def _territory_names(lang: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(lang).territories)


#: Newspaper (AP style) and postal abbreviations of US states, keyed by GeoNames admin1 code.
US_STATE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "AL": ("Ala.",), "AZ": ("Ariz.",), "AR": ("Ark.",), "CA": ("Calif.", "Cal."),
    "CO": ("Colo.",), "CT": ("Conn.",), "DE": ("Del.",), "DC": ("D.C.", "District of Columbia"),
    "FL": ("Fla.",), "GA": ("Ga.",), "IL": ("Ill.",), "IN": ("Ind.",), "KS": ("Kan.", "Kans."),
    "KY": ("Ky.",), "LA": ("La.",), "MD": ("Md.",), "MA": ("Mass.",), "MI": ("Mich.",),
    "MN": ("Minn.",), "MS": ("Miss.",), "MO": ("Mo.",), "MT": ("Mont.",), "NE": ("Neb.", "Nebr."),
    "NV": ("Nev.",), "NH": ("N.H.",), "NJ": ("N.J.",), "NM": ("N.M.",), "NY": ("N.Y.",),
    "NC": ("N.C.",), "ND": ("N.D.",), "OK": ("Okla.",), "OR": ("Ore.", "Oreg."), "PA": ("Pa.",),
    "RI": ("R.I.",), "SC": ("S.C.",), "SD": ("S.D.",), "TN": ("Tenn.",), "TX": ("Tex.",),
    "VT": ("Vt.",), "VA": ("Va.",), "WA": ("Wash.",), "WV": ("W.Va.", "W. Va."),
    "WI": ("Wis.", "Wisc."), "WY": ("Wyo.",),
}

#: Common abbreviations of Canadian provinces and Australian states, keyed by (ISO2, name).
ADMIN1_ABBREVIATIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("CA", "British Columbia"): ("B.C.", "BC"), ("CA", "Alberta"): ("Alta.",),
    ("CA", "Saskatchewan"): ("Sask.",), ("CA", "Manitoba"): ("Man.",),
    ("CA", "Ontario"): ("Ont.",), ("CA", "Quebec"): ("Que.", "Québec"),
    ("CA", "Nova Scotia"): ("N.S.",), ("CA", "New Brunswick"): ("N.B.",),
    ("CA", "Prince Edward Island"): ("P.E.I.", "PEI"),
    ("CA", "Newfoundland and Labrador"): ("Nfld.", "Newfoundland"),
    ("AU", "New South Wales"): ("NSW", "N.S.W."), ("AU", "Queensland"): ("Qld", "QLD"),
    ("AU", "Victoria"): ("Vic.",), ("AU", "Tasmania"): ("Tas.",),
    ("AU", "Western Australia"): ("W.A.",), ("AU", "South Australia"): ("S.A.",),
    ("AU", "Northern Territory"): ("N.T.",), ("AU", "Australian Capital Territory"): ("ACT", "A.C.T."),
}
