"""Date mentions in English, Arabic and Farsi news, resolved to calendar intervals.

`find_dates` scans a same-length folded copy of the text with precompiled patterns (no
per-token dateparser calls), keeps the longest non-overlapping matches, then resolves them
in reading order: absolute dates stand alone, "yesterday" / "last week" / "منذ ثلاثة أيام"
count from the reference (the document's date), and "the same day" / "two weeks earlier"
count from the date mentioned just before them.

Each Mention has value = ISO date and attrs:
    precision   DatePrecision (day, days, week, month, year)
    end         ISO date, inclusive end of the interval (value is its start; for precision
                DAYS value is the best estimate and plus_minus_days says how loose it is)
    relation    "absolute", "relative_to_document" or "relative_to_previous"
    expression  the raw text; plus calendar, part (early/mid/late), anchor, since, conflict...
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..calendar_names import (
    AR_MONTHS,
    AR_WEEKDAYS,
    FA_MONTHS,
    FA_SOLAR_MONTHS,
    FA_WEEKDAYS,
    HIJRI_MONTHS,
)
from ..errors import ExtractError
from ..records import DatePrecision, Mention, MentionKind
from .numerals import DIGITS_KEY, Found, TriggerTable, check_text, fold, number_body, parse_number

STEP = "dates@1"
SUPPORTED_LANGUAGES = ("en", "ar", "fa")

ABSOLUTE = "absolute"
RELATIVE_TO_DOCUMENT = "relative_to_document"
RELATIVE_TO_PREVIOUS = "relative_to_previous"


# --- resolved intervals ---------------------------------------------------------------------


@dataclass
class _Resolved:
    start: date
    end: date
    precision: DatePrecision
    relation: str = ABSOLUTE
    attrs: dict[str, Any] = field(default_factory=dict)
    value: date | None = None  # best estimate when not the start (precision DAYS)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _month_part(year: int, month: int, part: str | None) -> tuple[date, date]:
    """early = 1-10, mid = 11-20, late = 21-end (DESIGN of the task); None = whole month."""
    last = _month_end(year, month)
    if part == "early":
        return date(year, month, 1), date(year, month, 10)
    if part == "mid":
        return date(year, month, 11), date(year, month, 20)
    if part == "late":
        return date(year, month, 21), last
    return date(year, month, 1), last


def _year_part(year: int, part: str | None) -> tuple[date, date]:
    """early = Jan-Apr, mid = May-Aug, late = Sep-Dec."""
    if part == "early":
        return date(year, 1, 1), date(year, 4, 30)
    if part == "mid":
        return date(year, 5, 1), date(year, 8, 31)
    if part == "late":
        return date(year, 9, 1), date(year, 12, 31)
    return date(year, 1, 1), date(year, 12, 31)


def _weekday_on_or_before(ref: date, weekday: int) -> date:
    return ref - timedelta(days=(ref.weekday() - weekday) % 7)


def _weekday_after(ref: date, weekday: int) -> date:
    return ref + timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1)


def _week_of(d: date) -> tuple[date, date]:
    start = d - timedelta(days=d.weekday())
    return start, start + timedelta(days=6)


# --- calendars -------------------------------------------------------------------------------
# Solar Hijri: 33-year arithmetic rule (leap when year % 33 is one of the remainders below),
# counted from 1 Farvardin 1403 = 2024-03-20. Checked against convertdate's astronomical
# calendar for every Nowruz of 1300-1500 SH (all equal); outside that range we refuse.
_SH_LEAP_REMAINDERS = frozenset({1, 5, 9, 13, 17, 22, 26, 30})
_SH_EPOCH_YEAR, _SH_EPOCH = 1403, date(2024, 3, 20)
_SH_RANGE = range(1300, 1501)


def _sh_year_length(year: int) -> int:
    return 366 if year % 33 in _SH_LEAP_REMAINDERS else 365


def _nowruz(year: int) -> date:
    """Gregorian date of 1 Farvardin of a Solar Hijri year in _SH_RANGE."""
    if year >= _SH_EPOCH_YEAR:
        days = sum(_sh_year_length(y) for y in range(_SH_EPOCH_YEAR, year))
    else:
        days = -sum(_sh_year_length(y) for y in range(year, _SH_EPOCH_YEAR))
    return _SH_EPOCH + timedelta(days=days)


def solar_hijri_to_gregorian(year: int, month: int, day: int) -> date | None:
    """Gregorian date of a Solar Hijri (Jalali) date; None if invalid or outside 1300-1500."""
    if year not in _SH_RANGE or not 1 <= month <= 12 or day < 1:
        return None
    month_days = 31 if month <= 6 else 30 if month <= 11 else _sh_year_length(year) - 336
    if day > month_days:
        return None
    day_of_year = (month - 1) * 31 + day - 1 if month <= 7 else 186 + (month - 7) * 30 + day - 1
    return _nowruz(year) + timedelta(days=day_of_year)


def solar_hijri_year_of(d: date) -> int:
    """Solar Hijri year that contains the Gregorian date `d`."""
    year = d.year - 621
    return year if d >= _nowruz(year) else year - 1


def hijri_to_gregorian(year: int, month: int, day: int) -> date | None:
    """Gregorian date of an Islamic (Umm al-Qura) date, via hijridate; None when invalid."""
    try:
        from hijridate import Hijri
    except ImportError:  # pragma: no cover - hijridate is a dependency of this step
        return None
    try:
        g = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return date(g.year, g.month, g.day)


# --- word tables (folded spelling; see numerals.fold) ----------------------------------------

_EN_MONTHS = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
    "August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
    "Oct": 10, "Nov": 11, "Dec": 12,
}
_EN_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
                "saturday": 5, "sunday": 6}
_PARTS = {
    "early": "early", "the beginning of": "early", "beginning of": "early",
    "the start of": "early", "start of": "early", "mid": "mid", "the middle of": "mid",
    "middle of": "mid", "late": "late", "the end of": "late", "end of": "late",
    # Arabic
    "اوائل": "early", "مطلع": "early", "بدايه": "early", "مستهل": "early", "اول": "early",
    "منتصف": "mid", "اواسط": "mid", "اواخر": "late", "نهايه": "late", "اخر": "late",
    # Farsi
    "اوايل": "early", "ابتداي": "early", "پايان": "late",  # اواسط / اواخر as in Arabic
}

def _f(table: dict[str, Any]) -> dict[str, Any]:
    return {fold(k): v for k, v in table.items()}


_AR_MONTHS, _HIJRI_MONTHS, _AR_WEEKDAYS = _f(AR_MONTHS), _f(HIJRI_MONTHS), _f(AR_WEEKDAYS)
_FA_SOLAR_MONTHS, _FA_MONTHS, _FA_WEEKDAYS = _f(FA_SOLAR_MONTHS), _f(FA_MONTHS), _f(FA_WEEKDAYS)
_PARTS = {fold(k).strip(): v for k, v in _PARTS.items()}


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


def _key(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip()).lower().rstrip(".")


_B = r"(?!\w)"  # a word ends here
_PB = r"(?<!\w)"  # a word starts here (prefixes only: patterns start at a word)

# --- patterns ---------------------------------------------------------------------------------
# Each pattern starts at one of its first words (see numerals.TriggerTable) and runs over the
# folded text; optional words before it (weekday, "since", "يوم") are read by a prefix pattern.
# Handlers get the match and the resolver and return None when it is not a date after all.


_WEAK_FIRST_WORDS = frozenset({"the", "a", "an", "that", "this", "last", "in", "of", "over", "earlier", "later",
                               "هذا", "اين", "في", "در"})


def _firsts(phrases) -> set[str]:
    """Trigger keys: the first word, or the first two when the first is a frequent one ("the same")."""
    keys = set()
    for p in phrases:
        words = p.lower().split()
        keys.add(" ".join(words[:2]) if words[0] in _WEAK_FIRST_WORDS and len(words) > 1 else words[0])
    return keys


_EN_MON = _alt(_EN_MONTHS)
_EN_MON_FULL_WORDS = [m for m in _EN_MONTHS if len(m) > 4 or m in ("May", "June", "July")]
_EN_MON_FULL = _alt(_EN_MON_FULL_WORDS)
_EN_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_EN_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
_EN_PART_WORDS = [k for k in _PARTS if k.isascii()]
_EN_PART = _alt(_EN_PART_WORDS)
_EN_NUM = number_body("en")
_EN_RELDAY = [
    "the day before yesterday", "yesterday", "today", "tonight", "last night", "this morning",
    "this afternoon", "this evening", "earlier today", "earlier this week", "earlier this month",
    "earlier this year", "last week", "this week", "over the past week", "the past week",
    "last weekend", "this weekend", "last month", "this month", "over the past month",
    "the past month", "last year", "this year", "over the past year", "the past year",
]
_EN_ANCHOR = [k for k in ("that the same day", "the same day", "that same day", "that day", "the next day",
                          "the following day", "the day after", "the previous day", "the day before",
                          "a day later", "a day earlier", "later that day", "earlier that day",
                          "the same week", "later that week", "the following week", "the next week",
                          "the previous week", "later that month", "the following month",
                          "the previous month", "the same month")]
_EN_UNITS = ["day", "days", "week", "weeks", "month", "months", "year", "years"]
_WD_PREFIX_EN = rf"(?<!\w)(?P<wd>{_EN_WD}),?\s+(?:the\s+)?$"


def _en_table() -> TriggerTable:
    t = TriggerTable()
    t.add("md", _EN_MONTHS, rf"(?P<mon>{_EN_MON})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?!:)(?:,?\s+{_EN_YEAR})?",
          _WD_PREFIX_EN)
    t.add("dm", [DIGITS_KEY], rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_EN_MON})(?!\w)\.?(?:,?\s+{_EN_YEAR})?",
          _WD_PREFIX_EN)
    t.add("iso", [DIGITS_KEY], r"(?P<year>(?:19|20)\d{2})-(?P<mon>\d{2})-(?P<day>\d{2})(?!\d)")
    t.add("iso", [DIGITS_KEY], r"(?P<year>(?:19|20)\d{2})/(?P<mon>\d{1,2})/(?P<day>\d{1,2})(?![\d/])")
    t.add("week_of", ["first", "second", "third", "fourth", "last", "final"],
          rf"(?i:(?P<ord>first|second|third|fourth|last|final)\s+week\s+of)\s+(?P<mon>{_EN_MON_FULL})(?:,?\s+{_EN_YEAR})?",
          r"(?<!\w)(?i:the)\s+$")
    since_mod = r"(?<!\w)(?i:(?:(?P<since>since)\s+)?(?:(?P<mod>last|this|next)\s+)?)$"
    t.add("month", _firsts(_EN_PART_WORDS),
          rf"(?i:(?P<part>{_EN_PART}))[\s-]+(?P<mon>{_EN_MON_FULL})(?!\w)(?:,?\s+(?:of\s+)?{_EN_YEAR})?", since_mod)
    t.add("month", _EN_MON_FULL_WORDS, rf"(?P<mon>{_EN_MON_FULL})(?!\w)(?:,?\s+(?:of\s+)?{_EN_YEAR})?", since_mod)
    preps = ["in", "since", "during", "until", "by", "throughout", "of", "from", "before", "after"]
    prep_keys = {f"{p} {DIGITS_KEY}" for p in preps} | {f"{p} {w.split()[0]}" for p in preps for w in _EN_PART_WORDS}
    t.add("year", prep_keys, rf"(?i:(?P<prep>{'|'.join(preps)})\s+(?:(?P<part>{_EN_PART})[\s-]+)?){_EN_YEAR}")
    t.add("year", _firsts(_EN_PART_WORDS), rf"(?i:(?P<part>{_EN_PART}))[\s-]+{_EN_YEAR}")
    t.add("weekday", [w.lower() for w in _EN_WEEKDAYS], rf"(?i:(?P<wd>{_EN_WD}))(?!\w)",
          r"(?<!\w)(?i:(?P<mod>last|next|this\s+past|this|the\s+previous|the\s+following))\s+$")
    t.add("relday", _firsts(_EN_RELDAY), rf"(?i:(?P<rel>{_alt(_EN_RELDAY)}))(?!\w)")
    t.add("anchor", _firsts(_EN_ANCHOR), rf"(?i:(?P<rel>{_alt(_EN_ANCHOR)}))(?!\w)")
    t.add("offset", _EN_UNITS,
          r"(?i:(?P<unit>days?|weeks?|months?|years?)\s+(?P<dir>ago|earlier|later|before|after|prior|previously|back))(?!\w)",
          rf"(?<!\w)(?i:(?P<n>{_EN_NUM}|an?|some))\s+$")
    return t


_AR_MON = _alt(_AR_MONTHS)
_AR_HMON = _alt(_HIJRI_MONTHS)
_AR_WD = _alt(_AR_WEEKDAYS)
_AR_PART_WORDS = [k for k, v in _PARTS.items() if re.match(r"[\u0600-\u06ff]", k)]
_AR_PART = _alt(_AR_PART_WORDS)
_AR_NUM = number_body("ar")
_AR_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
_AR_RELDAY = ["اول امس", "اول من امس", "امس", "البارحه", "الليله الماضيه", "صباح اليوم", "مساء اليوم",
              "اليوم", "الاسبوع الماضي", "الاسبوع المنصرم", "الاسبوع الحالي", "هذا الاسبوع",
              "الشهر الماضي", "الشهر المنصرم", "الشهر الحالي", "هذا الشهر", "العام الماضي",
              "السنه الماضيه", "العام الحالي", "هذا العام", "العام الجاري"]
_AR_ANCHOR = ["اليوم نفسه", "اليوم ذاته", "اليوم عينه", "نفس اليوم", "ذات اليوم", "اليوم التالي",
              "اليوم السابق", "الاسبوع نفسه", "الاسبوع ذاته", "الاسبوع التالي", "الشهر نفسه",
              "الشهر ذاته", "الشهر التالي"]
_AR_UNIT = "ايام|يومين|يوم|اسابيع|اسبوعين|اسبوع|اشهر|شهور|شهرين|شهر|سنوات|سنين|سنتين|سنه|اعوام|عامين|عام"


def _ar_table() -> TriggerTable:
    t = TriggerTable(clitics="وبلف")
    t.add("dm", [DIGITS_KEY],
          rf"(?P<day>\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?(?P<mon>{_AR_MON}){_B}(?:\s*[/(]\s*(?:{_AR_MON})\s*\)?)?(?:\s+(?:من\s+)?(?:عام\s+|العام\s+|سنه\s+)?{_AR_YEAR})?",
          rf"{_PB}(?:يوم\s+)?(?P<wd>{_AR_WD})\s*[،,]?\s*(?:الموافق\s+)?$")
    # numeric dates: 2023/11/3, 2023-11-03 and, the Arab way, day first: 3/11/2023
    t.add("iso", [DIGITS_KEY], r"(?P<year>(?:19|20)\d{2})[/-](?P<mon>\d{1,2})[/-](?P<day>\d{1,2})(?![\d/])")
    t.add("iso", [DIGITS_KEY], r"(?P<day>\d{1,2})[/-](?P<mon>\d{1,2})[/-](?P<year>(?:19|20)\d{2})(?![\d/])")
    t.add("hijri", [DIGITS_KEY],
          rf"(?P<day>\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?(?P<hmon>{_AR_HMON})\s+(?:(?:عام|سنه)\s+)?(?P<year>1[34]\d\d)(?!\d)(?:\s*(?:هـ|ه){_B})?")
    t.add("month", _firsts(_AR_MONTHS),
          rf"(?P<mon>{_AR_MON}){_B}(?:\s*/\s*(?:{_AR_MON}){_B})?(?:\s+(?:من\s+)?(?:عام\s+|العام\s+)?{_AR_YEAR})?",
          rf"{_PB}(?:(?P<since>منذ)\s+)?(?:(?P<part>{_AR_PART})\s+)?(?:(?P<shahr>شهر)\s+)?$")
    t.add("year", ["عام", "العام", "سنه"], rf"(?:عام|العام|سنه){_B}\s*{_AR_YEAR}",
          rf"{_PB}(?:(?P<since>منذ)\s+|(?:في|خلال|حتي)\s+)?(?:(?P<part>{_AR_PART})\s+)?$")
    t.add("year", {f"{p} {w}" for p in ("منذ", "في", "خلال", "حتي") for w in (DIGITS_KEY, *_firsts(_AR_PART_WORDS))}, rf"(?:(?P<since>منذ)|في|خلال|حتي)\s+(?:(?P<part>{_AR_PART})\s+)?{_AR_YEAR}")
    t.add("weekday", _AR_WEEKDAYS, rf"(?P<wd>{_AR_WD}){_B}(?:\s+(?P<mod>الماضي|المنصرم|الفائت|المقبل|القادم){_B})?",
          rf"{_PB}(?P<yawm>يوم)\s+$")
    t.add("relday", _firsts(_AR_RELDAY), rf"(?P<rel>{_alt(_AR_RELDAY)}){_B}")
    t.add("anchor", _firsts(_AR_ANCHOR), rf"(?P<rel>{_alt(_AR_ANCHOR)}){_B}")
    t.add("offset", ["منذ", "قبل", "بعد"],
          rf"(?P<dir>منذ|قبل|بعد)\s+(?:(?P<n>{_AR_NUM})\s+)?(?P<unit>{_AR_UNIT}){_B}(?!\s+(?:\d|{_AR_MON}))")
    t.add("offset", ["قبل", "بعد"], rf"(?P<dir>قبل|بعد)\s+ذلك\s+ب(?:(?P<n>{_AR_NUM})\s+)?(?P<unit>{_AR_UNIT}){_B}")
    return t


_FA_SMON = _alt(_FA_SOLAR_MONTHS)
_FA_MON = _alt(_FA_MONTHS)
_FA_WD = _alt(_FA_WEEKDAYS)
_FA_NUM = number_body("fa")
_FA_RELDAY = ["پريروز", "ديروز", "ديشب", "امروز", "امشب", "هفته گذشته", "هفته پيش", "هفته جاري", "اين هفته",
              "ماه گذشته", "ماه پيش", "ماه جاري", "اين ماه", "سال گذشته", "پارسال", "امسال", "سال جاري"]
_FA_ANCHOR = ["همان روز", "روز بعد", "فرداي ان روز", "روز قبل", "همان هفته", "هفته بعد", "همان ماه"]
_WD_PREFIX_FA = rf"{_PB}(?:روز\s+)?(?P<wd>{_FA_WD})\s*[،,]?\s*$"


def _fa_table() -> TriggerTable:
    t = TriggerTable()
    t.add("solar", [DIGITS_KEY],
          rf"(?P<day>\d{{1,2}})\s+(?P<smon>{_FA_SMON})(?:\s+ماه)?{_B}(?:\s+(?:سال\s+)?(?P<year>1[34]\d\d)(?!\d))?",
          _WD_PREFIX_FA)
    t.add("dm", [DIGITS_KEY], rf"(?P<day>\d{{1,2}})\s+(?P<mon>{_FA_MON}){_B}(?:\s+(?:سال\s+)?{_AR_YEAR})?", _WD_PREFIX_FA)
    # numeric dates: ۱۴۰۲/۰۸/۱۲ (Solar Hijri, the usual Iranian form) and 2023/11/03
    t.add("solar", [DIGITS_KEY], r"(?P<year>1[34]\d\d)[/-](?P<smon>\d{1,2})[/-](?P<day>\d{1,2})(?![\d/])")
    t.add("iso", [DIGITS_KEY], r"(?P<year>(?:19|20)\d{2})[/-](?P<mon>\d{1,2})[/-](?P<day>\d{1,2})(?![\d/])")
    t.add("solar_year", ["سال", "امسال"], r"(?:سال|امسال)\s+(?P<year>1[34]\d\d)(?!\d)",
          rf"{_PB}(?:(?P<since>از)\s+)?(?:(?P<part>اوايل|اواسط|اواخر)\s+)?(?:در\s+)?$")
    t.add("year", ["سال"], rf"سال\s+{_AR_YEAR}", rf"{_PB}در\s+$")
    t.add("weekday", _firsts(_FA_WEEKDAYS), rf"(?P<wd>{_FA_WD}){_B}(?:\s+(?P<mod>گذشته|پيش|اينده|اتي){_B})?",
          rf"{_PB}روز\s+$")
    t.add("relday", _firsts(_FA_RELDAY), rf"(?P<rel>{_alt(_FA_RELDAY)}){_B}")
    t.add("anchor", _firsts(_FA_ANCHOR), rf"(?P<rel>{_alt(_FA_ANCHOR)}){_B}")
    t.add("offset", ["روز", "هفته", "ماه", "سال"], rf"(?P<unit>روز|هفته|ماه|سال){_B}\s+(?P<dir>پيش|قبل|بعد|گذشته){_B}",
          rf"{_PB}(?P<n>{_FA_NUM})\s+$")
    return t


_TABLES = {"en": _en_table(), "ar": _ar_table(), "fa": _fa_table()}


# --- resolution ------------------------------------------------------------------------------


class _Resolver:
    """Resolves matches in reading order, remembering the last date for "the same day"."""

    def __init__(self, reference: date | None, language: str):
        self.reference = reference
        self.language = language
        self.previous: _Resolved | None = None
        self.last_year: int | None = None

    # year for a day/month written without one
    def infer_year(self, month: int) -> tuple[int | None, bool]:
        if self.reference is not None:
            year = self.reference.year
            return (year - 1 if month > self.reference.month else year), True
        if self.last_year is not None:
            return self.last_year, True
        return None, True

    def anchor(self) -> tuple[date | None, str]:
        if self.previous is not None:
            return self.previous.value or self.previous.start, RELATIVE_TO_PREVIOUS
        return self.reference, RELATIVE_TO_DOCUMENT

    def handle(self, kind: str, m: Found) -> _Resolved | None:
        try:
            return _HANDLERS[kind](self, m)
        except (OverflowError, ValueError):
            return None  # "1.5 million years ago": outside the calendar, not a date mention


def _weekday_check(r: _Resolved, wd: str | None, table: dict[str, int]) -> None:
    if wd:
        expected = table.get(_key(wd))
        if expected is not None and expected != r.start.weekday():
            r.attrs["conflict"] = True
            r.attrs["stated_weekday"] = wd


def _day_month(res: _Resolver, m: Found, month: int, table_wd: dict[str, int]) -> _Resolved | None:
    day = int(m.group("day"))
    year_text = m.groupdict().get("year")
    if year_text:
        year = int(year_text)
        inferred = False
    else:
        year, inferred = res.infer_year(month)
        if year is None:
            return None
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    r = _Resolved(d, d, DatePrecision.DAY)
    if inferred:
        r.attrs["year_inferred"] = True
    _weekday_check(r, m.groupdict().get("wd"), table_wd)
    return r


def _h_md(res: _Resolver, m: Found) -> _Resolved | None:
    if res.language == "en":
        month = _EN_MONTHS.get(m.group("mon").rstrip("."))
        return _day_month(res, m, month, _EN_WEEKDAYS) if month else None
    if res.language == "fa":
        return _day_month(res, m, _FA_MONTHS[_key(m.group("mon"))], _FA_WEEKDAYS)
    return _day_month(res, m, _AR_MONTHS[_key(m.group("mon"))], _AR_WEEKDAYS)


def _h_iso(res: _Resolver, m: Found) -> _Resolved | None:
    try:
        d = date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
    except ValueError:
        return None
    return _Resolved(d, d, DatePrecision.DAY)


def _h_week_of(res: _Resolver, m: Found) -> _Resolved | None:
    month = _EN_MONTHS[m.group("mon")]
    year = int(m.group("year")) if m.group("year") else res.infer_year(month)[0]
    if year is None:
        return None
    ordinal = m.group("ord").lower()
    if ordinal in ("last", "final"):
        end = _month_end(year, month)
        return _Resolved(end - timedelta(days=6), end, DatePrecision.WEEK)
    index = ("first", "second", "third", "fourth").index(ordinal)
    start = date(year, month, 1 + 7 * index)
    return _Resolved(start, start + timedelta(days=6), DatePrecision.WEEK)


def _month_number(res: _Resolver, mon: str) -> int:
    if res.language == "en":
        return _EN_MONTHS[mon]
    if res.language == "fa":
        return _FA_MONTHS.get(_key(mon)) or _AR_MONTHS[_key(mon)]
    return _AR_MONTHS[_key(mon)]


def _h_month(res: _Resolver, m: Found) -> _Resolved | None:
    g = m.groupdict()
    part = _PARTS.get(_key(g["part"])) if g.get("part") else None
    if res.language == "en":
        # "May" alone is usually the verb; a bare month needs a preposition before it.
        if not (part or g.get("year") or g.get("mod") or g.get("since")):
            before = m.string[max(0, m.start - 12):m.start]
            if not re.search(r"(?i)\b(?:in|since|during|until|by|before|after|of|throughout|from|through|between|and)\s+$", before):
                return None
    elif not (part or g.get("year") or g.get("shahr") or g.get("since")):
        before = m.string[max(0, m.start - 8):m.start]
        if not re.search(r"(?:في|خلال|منذ|حتي|مطلع|شهر)\s+$", before):
            return None
    month = _month_number(res, g["mon"])
    mod = (g.get("mod") or "").lower()
    if g.get("year"):
        year = int(g["year"])
    elif mod == "next" and res.reference:
        year = res.reference.year + (1 if month <= res.reference.month else 0)
    elif mod == "last" and res.reference:
        year = res.reference.year - (1 if month >= res.reference.month else 0)
    else:
        year = res.infer_year(month)[0]
    if year is None:
        return None
    start, end = _month_part(year, month, part)
    r = _Resolved(start, end, DatePrecision.MONTH)
    if part:
        r.attrs["part"] = part
    if g.get("since"):
        r.attrs["since"] = True
    if not g.get("year"):
        r.attrs["year_inferred"] = True
    return r


def _h_year(res: _Resolver, m: Found) -> _Resolved | None:
    g = dict(m.groupdict())
    if (g.get("prep") or "").lower() == "since":
        g["since"] = g["prep"]
    part = _PARTS.get(_key(g["part"])) if g.get("part") else None
    start, end = _year_part(int(g["year"]), part)
    r = _Resolved(start, end, DatePrecision.YEAR)
    if part:
        r.attrs["part"] = part
    if g.get("since"):
        r.attrs["since"] = True
    return r


def _h_hijri(res: _Resolver, m: Found) -> _Resolved | None:
    d = hijri_to_gregorian(int(m.group("year")), _HIJRI_MONTHS[_key(m.group("hmon"))], int(m.group("day")))
    if d is None:
        return None
    r = _Resolved(d, d, DatePrecision.DAY)
    r.attrs["calendar"] = "hijri"
    return r


def _h_solar(res: _Resolver, m: Found) -> _Resolved | None:
    smon = m.group("smon")
    month = int(smon) if smon.isdigit() else _FA_SOLAR_MONTHS[_key(smon)]
    day = int(m.group("day"))
    r_attrs: dict[str, Any] = {"calendar": "solar_hijri"}
    if m.group("year"):
        year = int(m.group("year"))
    else:
        if res.reference is None:
            return None
        year = solar_hijri_year_of(res.reference)
        d = solar_hijri_to_gregorian(year, month, day)
        if d is not None and d > res.reference + timedelta(days=31):
            year -= 1  # a month later than the reference month: last year
        r_attrs["year_inferred"] = True
    d = solar_hijri_to_gregorian(year, month, day)
    if d is None:
        return None
    r = _Resolved(d, d, DatePrecision.DAY, attrs=r_attrs)
    _weekday_check(r, m.groupdict().get("wd"), _FA_WEEKDAYS)
    return r


def _h_solar_year(res: _Resolver, m: Found) -> _Resolved | None:
    year = int(m.group("year"))
    start = solar_hijri_to_gregorian(year, 1, 1)
    nxt = solar_hijri_to_gregorian(year + 1, 1, 1)
    if start is None or nxt is None:
        return None
    end = nxt - timedelta(days=1)
    part = _PARTS.get(_key(m.group("part"))) if m.group("part") else None
    if part:  # thirds of the Solar year
        third = (nxt - start).days // 3
        index = {"early": 0, "mid": 1, "late": 2}[part]
        start, end = start + timedelta(days=third * index), (end if index == 2 else start + timedelta(days=third * (index + 1) - 1))
    r = _Resolved(start, end, DatePrecision.YEAR, attrs={"calendar": "solar_hijri"})
    if part:
        r.attrs["part"] = part
    if m.group("since"):
        r.attrs["since"] = True
    return r


_NEXT_WORDS = {"next", "the following", "المقبل", "القادم", "اينده", "اتي"}


def _h_weekday(res: _Resolver, m: Found) -> _Resolved | None:
    g = m.groupdict()
    table = _EN_WEEKDAYS if res.language == "en" else _AR_WEEKDAYS if res.language == "ar" else _FA_WEEKDAYS
    weekday = table[_key(g["wd"])]
    mod = _key(g.get("mod") or "")
    if res.language == "ar" and not (g.get("yawm") or g.get("mod")) and weekday in (0, 6, 4):
        return None  # الاثنين = "the two", الاحد / الجمعه need "يوم" or a modifier to be a day
    if mod == "the following":
        anchor, _ = res.anchor()
        if anchor is None:
            return None
        d = _weekday_after(anchor, weekday)
        return _Resolved(d, d, DatePrecision.DAY, RELATIVE_TO_PREVIOUS, {"anchor": anchor.isoformat()})
    if res.reference is None:
        return None
    if mod in _NEXT_WORDS:
        d = _weekday_after(res.reference, weekday)
    elif mod == "last" and res.reference.weekday() == weekday:
        d = res.reference - timedelta(days=7)
    else:
        d = _weekday_on_or_before(res.reference, weekday)
    return _Resolved(d, d, DatePrecision.DAY, RELATIVE_TO_DOCUMENT)


def _rel_interval(ref: date, rel: str) -> tuple[date, date, DatePrecision] | None:
    """Intervals for words that count from the reference date (all languages, folded)."""
    rel = _key(rel)
    day = DatePrecision.DAY
    if rel in ("yesterday", "last night", "امس", "البارحه", "الليله الماضيه", "ديروز", "ديشب"):
        d = ref - timedelta(days=1)
        return d, d, day
    if rel in ("the day before yesterday", "اول امس", "اول من امس", "پريروز"):
        d = ref - timedelta(days=2)
        return d, d, day
    if rel in ("today", "tonight", "this morning", "this afternoon", "this evening", "earlier today",
               "اليوم", "صباح اليوم", "مساء اليوم", "امروز", "امشب"):
        return ref, ref, day
    if rel in ("last week", "الاسبوع الماضي", "الاسبوع المنصرم", "هفته گذشته", "هفته پيش"):
        start, end = _week_of(ref - timedelta(days=7))
        return start, end, DatePrecision.WEEK
    if rel in ("last weekend",):
        start, _ = _week_of(ref - timedelta(days=7))
        return start + timedelta(days=5), start + timedelta(days=6), DatePrecision.DAYS
    if rel in ("this week", "earlier this week", "this weekend", "الاسبوع الحالي", "هذا الاسبوع",
               "هفته جاري", "اين هفته"):
        start, _ = _week_of(ref)
        return start, ref, DatePrecision.WEEK
    if rel.endswith("the past week"):
        return ref - timedelta(days=7), ref, DatePrecision.WEEK
    if rel.endswith("the past month"):
        return ref - timedelta(days=30), ref, DatePrecision.MONTH
    if rel.endswith("the past year"):
        return ref - timedelta(days=365), ref, DatePrecision.YEAR
    if rel in ("last month", "الشهر الماضي", "الشهر المنصرم", "ماه گذشته", "ماه پيش"):
        d = _add_months(ref.replace(day=1), -1)
        return d, _month_end(d.year, d.month), DatePrecision.MONTH
    if rel in ("this month", "earlier this month", "الشهر الحالي", "هذا الشهر", "ماه جاري", "اين ماه"):
        return ref.replace(day=1), ref, DatePrecision.MONTH
    if rel in ("last year", "العام الماضي", "السنه الماضيه", "سال گذشته", "پارسال"):
        return date(ref.year - 1, 1, 1), date(ref.year - 1, 12, 31), DatePrecision.YEAR
    if rel in ("this year", "earlier this year", "العام الحالي", "هذا العام", "العام الجاري", "امسال",
               "سال جاري"):
        return date(ref.year, 1, 1), ref, DatePrecision.YEAR
    return None


_NOT_TODAY = re.compile(r"\s+(?:الاول|الثاني|الثالث|الرابع|الاخير|الذي|التي|الموعود|الوطني|العالمي)(?!\w)")


def _h_relday(res: _Resolver, m: Found) -> _Resolved | None:
    if res.reference is None:
        return None
    if _key(m.group("rel")) == "اليوم" and _NOT_TODAY.match(m.string, m.end):
        return None  # "اليوم الأول من القتال" is "the first day", not today
    got = _rel_interval(res.reference, m.group("rel"))
    if got is None:
        return None
    start, end, precision = got
    return _Resolved(start, end, precision, RELATIVE_TO_DOCUMENT)


_ANCHOR_SHIFT = {
    # phrase (folded, lower) -> (days shift, precision or None to keep the anchor's)
    "the same day": (0, None), "that same day": (0, None), "that the same day": (0, None),
    "that day": (0, None), "later that day": (0, None), "earlier that day": (0, None),
    "the next day": (1, DatePrecision.DAY), "the following day": (1, DatePrecision.DAY),
    "the day after": (1, DatePrecision.DAY), "a day later": (1, DatePrecision.DAY),
    "the previous day": (-1, DatePrecision.DAY), "the day before": (-1, DatePrecision.DAY),
    "a day earlier": (-1, DatePrecision.DAY),
    "the same week": (0, DatePrecision.WEEK), "later that week": (0, DatePrecision.WEEK),
    "the following week": (7, DatePrecision.WEEK), "the next week": (7, DatePrecision.WEEK),
    "the previous week": (-7, DatePrecision.WEEK),
    "later that month": (0, DatePrecision.MONTH), "the same month": (0, DatePrecision.MONTH),
    "the following month": (31, DatePrecision.MONTH), "the previous month": (-28, DatePrecision.MONTH),
    "اليوم نفسه": (0, None), "اليوم ذاته": (0, None), "اليوم عينه": (0, None),
    "نفس اليوم": (0, None), "ذات اليوم": (0, None), "اليوم التالي": (1, DatePrecision.DAY),
    "اليوم السابق": (-1, DatePrecision.DAY), "الاسبوع نفسه": (0, DatePrecision.WEEK),
    "الاسبوع ذاته": (0, DatePrecision.WEEK), "الاسبوع التالي": (7, DatePrecision.WEEK),
    "الشهر نفسه": (0, DatePrecision.MONTH), "الشهر ذاته": (0, DatePrecision.MONTH),
    "الشهر التالي": (31, DatePrecision.MONTH),
    "همان روز": (0, None), "روز بعد": (1, DatePrecision.DAY), "فرداي ان روز": (1, DatePrecision.DAY),
    "روز قبل": (-1, DatePrecision.DAY), "همان هفته": (0, DatePrecision.WEEK),
    "هفته بعد": (7, DatePrecision.WEEK), "همان ماه": (0, DatePrecision.MONTH),
}


def _h_anchor(res: _Resolver, m: Found) -> _Resolved | None:
    rel = re.sub(r"^(?:في|در) ", "", _key(m.group("rel")))
    shift, precision = _ANCHOR_SHIFT.get(rel, (None, None))
    if shift is None:
        return None
    if res.previous is not None:
        base = res.previous
        relation = RELATIVE_TO_PREVIOUS
    elif res.reference is not None:
        base = _Resolved(res.reference, res.reference, DatePrecision.DAY)
        relation = RELATIVE_TO_DOCUMENT
    else:
        return None
    anchor = base.value or base.start
    if precision is None:  # "the same day": the anchor itself, as precise as it was
        r = _Resolved(base.start, base.end, base.precision, relation, value=base.value)
    elif precision == DatePrecision.DAY:
        d = anchor + timedelta(days=shift)
        r = _Resolved(d, d, DatePrecision.DAY if base.precision == DatePrecision.DAY else DatePrecision.DAYS, relation)
    elif precision == DatePrecision.WEEK:
        start, end = _week_of(anchor + timedelta(days=shift))
        r = _Resolved(start, end, DatePrecision.WEEK, relation)
    else:
        d = anchor + timedelta(days=shift)
        r = _Resolved(d.replace(day=1), _month_end(d.year, d.month), DatePrecision.MONTH, relation)
    r.attrs["anchor"] = anchor.isoformat()
    return r


_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_AR_FA_UNITS = {
    "يوم": ("day", 1), "ايام": ("day", None), "يومين": ("day", 2), "اسبوع": ("week", 1),
    "اسابيع": ("week", None), "اسبوعين": ("week", 2), "شهر": ("month", 1), "اشهر": ("month", None),
    "شهور": ("month", None), "شهرين": ("month", 2), "سنه": ("year", 1), "عام": ("year", 1),
    "سنوات": ("year", None), "سنين": ("year", None), "اعوام": ("year", None), "سنتين": ("year", 2),
    "عامين": ("year", 2), "روز": ("day", None), "هفته": ("week", None), "ماه": ("month", None),
    "سال": ("year", None),
}
_BACKWARD = {"ago", "earlier", "before", "prior", "previously", "back", "منذ", "قبل", "پيش", "گذشته"}
_FROM_DOCUMENT = {"ago", "back", "منذ", "پيش", "گذشته"}


def _h_offset(res: _Resolver, m: Found) -> _Resolved | None:
    g = m.groupdict()
    raw_unit = _key(g["unit"])
    direction = _key(g["dir"])
    if res.language == "en":
        unit = raw_unit.rstrip("s")
        implied = None
    else:
        unit, implied = _AR_FA_UNITS[raw_unit]
    n_text = g.get("n")
    if res.language == "en" and not n_text:
        return None  # "days later" with no count
    qualifier = None
    if n_text and _key(n_text) in ("a", "an"):
        n = 1.0
    elif n_text and _key(n_text) == "some":
        n, qualifier = None, "several"
    elif n_text:
        n, qualifier = parse_number(n_text, res.language)
        if n is None and qualifier is None:
            return None
    else:
        n = float(implied) if implied else None
        qualifier = None if implied else "several"
    # "منذ" / "قبل" with a number count back from the document; "earlier"/"before" from the
    # date just mentioned; "قبل" counts from the document unless written "قبل ذلك".
    backward = direction in _BACKWARD
    from_document = direction in _FROM_DOCUMENT or (direction == "قبل" and "ذلك" not in m.group(0))
    if from_document:
        anchor, relation = res.reference, RELATIVE_TO_DOCUMENT
    else:
        anchor, relation = res.anchor()
    if anchor is None:
        return None
    sign = -1 if backward else 1
    attrs: dict[str, Any] = {}
    if relation == RELATIVE_TO_PREVIOUS:
        attrs["anchor"] = anchor.isoformat()
    if n is None:  # "several months earlier": the whole vague range
        from .numerals import vague_range

        lo, hi = vague_range(qualifier) or (2, 9)
        near = _shift(anchor, unit, sign * lo)
        far = _shift(anchor, unit, sign * hi)
        start, end = min(near, far), max(near, far)
        precision = {"day": DatePrecision.WEEK, "week": DatePrecision.MONTH}.get(unit, DatePrecision(unit))
        attrs["vague"] = qualifier
        return _Resolved(start, end, precision, relation, attrs)
    d = _shift(anchor, unit, sign * n)
    if unit == "day":
        return _Resolved(d, d, DatePrecision.DAY if n <= 2 else DatePrecision.DAYS, relation,
                         {**attrs, **({} if n <= 2 else {"plus_minus_days": 1})}, value=d)
    if unit == "week":
        slack = 3 if n <= 2 else 7
        return _Resolved(d, d, DatePrecision.DAYS, relation, {**attrs, "plus_minus_days": slack}, value=d)
    if unit == "month":
        return _Resolved(d.replace(day=1), _month_end(d.year, d.month), DatePrecision.MONTH, relation, attrs)
    return _Resolved(date(d.year, 1, 1), date(d.year, 12, 31), DatePrecision.YEAR, relation, attrs)


def _shift(anchor: date, unit: str, amount: float) -> date:
    if unit == "month":
        return _add_months(anchor, round(amount))
    if unit == "year":
        return _add_months(anchor, round(amount * 12))
    return anchor + timedelta(days=round(amount * _UNIT_DAYS[unit]))


_HANDLERS: dict[str, Callable[[_Resolver, Found], _Resolved | None]] = {
    "md": _h_md, "dm": _h_md, "iso": _h_iso, "week_of": _h_week_of, "month": _h_month,
    "year": _h_year, "hijri": _h_hijri, "solar": _h_solar, "solar_year": _h_solar_year,
    "weekday": _h_weekday, "relday": _h_relday, "anchor": _h_anchor, "offset": _h_offset,
}

# Prepositions kept out of the span ("on Tuesday" -> "Tuesday"); "since" stays, it changes meaning.
_LEADING_NOISE = re.compile(r"(?i)^(?:on|in|during|until|by|throughout|of|from|before|after|في|خلال|حتي|در)\s+")


def _span(m: Found) -> tuple[int, int]:
    start, end = m.start, m.end
    lead = _LEADING_NOISE.match(m.group(0))
    if lead and not m.group(0).lower().startswith("since"):
        start += lead.end()
    return start, end


def date_spans(folded: str, language: str) -> list[tuple[int, int]]:
    """Spans of every date-like expression in an already folded text, unresolved (cheap).

    For other extractors that must not read numbers inside dates as quantities.
    """
    table = _TABLES.get(language)
    return [_span(m) for m in table.scan(folded)] if table and folded else []


def find_dates(text: str, *, reference: date | None, language: str) -> list[Mention]:
    """Date mentions in `text`, resolved against `reference` (the document's date).

    Languages: en, ar, fa; any other language gets an empty list (dates are not guessed).
    """
    check_text(text, STEP)
    if reference is not None and not isinstance(reference, date):
        raise ExtractError(f"{STEP}: reference must be a date, got {type(reference).__name__}",
                           hint="use Document.published_at.date(), or None when unknown")
    table = _TABLES.get(language)
    if not text or table is None:
        return []
    folded = fold(text)
    candidates: list[tuple[int, int, str, Found]] = []
    for m in table.scan(folded):
        start, end = _span(m)
        if end > start:
            candidates.append((start, end, m.kind, m))
    # Longest match first at each place; then drop anything overlapping a kept match.
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    resolver = _Resolver(reference, language)
    mentions: list[Mention] = []
    taken_end = -1
    for start, end, kind, m in candidates:
        if start < taken_end:
            continue
        resolved = resolver.handle(kind, m)
        if resolved is None:
            continue
        taken_end = end
        mentions.append(_to_mention(text, start, end, resolved))
        resolver.previous = resolved
        if kind in ("md", "dm", "iso", "month", "year") and not resolved.attrs.get("year_inferred"):
            resolver.last_year = resolved.start.year
    return mentions


def _to_mention(text: str, start: int, end: int, r: _Resolved) -> Mention:
    value = r.value or r.start
    attrs = {
        "precision": r.precision,
        "end": r.end.isoformat(),
        "relation": r.relation,
        "expression": text[start:end],
        **r.attrs,
    }
    return Mention(
        kind=MentionKind.DATE,
        start=start,
        end=end,
        text=text[start:end],
        value=value.isoformat(),
        attrs=tuple(attrs.items()),
        step=STEP,
    )
