"""Quantity mentions ("more than 200 fighters", "عشرات المقاتلين", "بیش از ۱۰۰ نیرو") and fatalities.

A quantity is a number expression (digits, number words or a vague word) with an optional
qualifier before it and a head noun after it. The head noun is looked up in a small
lexicon that gives its English lemma and class (personnel, vehicles, weapons, casualties,
other). Numbers that belong to dates, weapon names ("Fajr-5"), unit names ("Brigade 47"),
times or percentages are not quantities.

Mention attrs: qualifier, unit, unit_class, vague_range (low, high) for vague words,
content (for "truckloads of rockets"), is_fatalities, is_injuries.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Any

from ..records import Mention, MentionKind
from .numerals import (
    ARABIC_MARKS,
    check_text,
    find_numbers,
    fold,
    parse_number,
    strip_marks,
    vague_range,
)

STEP = "quantities@1"

PERSONNEL, VEHICLES, WEAPONS, CASUALTIES, OTHER = "personnel", "vehicles", "weapons", "casualties", "other"

# --- lexicon: surface form -> (lemma, class) ------------------------------------------------

_EN_NOUNS: dict[str, tuple[str, str]] = {}


def _en(cls: str, *entries: str) -> None:
    """Register English nouns; "man/men" gives an irregular plural, else +s/+es is added."""
    for entry in entries:
        singular, _, plural = entry.partition("/")
        plurals = [plural] if plural else [singular + "s", singular + "es"]
        for form in (singular, *plurals):
            _EN_NOUNS[form] = (singular, cls)


_en(PERSONNEL, "fighter", "operative", "member", "militant", "soldier", "troop", "gunman/gunmen",
    "recruit", "commander", "officer", "volunteer", "man/men", "personnel/personnel", "element",
    "combatant", "mercenary/mercenaries", "adviser", "advisor", "expert", "guard", "policeman/policemen",
    "jihadist", "insurgent", "rebel", "agent", "trainee", "leader", "cadre", "sniper",
    "paramilitary/paramilitaries", "militiaman/militiamen", "fighter jet", "reservist", "conscript",
    "defector", "detainee", "prisoner", "hostage", "suspect", "trainer", "instructor", "pilot",
    "engineer", "technician", "specialist", "bodyguard", "force/forces", "unit", "company/companies",
    "battalion", "brigade", "cell", "squad", "platoon", "team")
_en(CASUALTIES, "civilian", "casualty/casualties", "victim", "dead/dead", "body/bodies", "wounded/wounded",
    "injured/injured", "death", "fatality/fatalities", "martyr")
_en(OTHER, "person/people", "child/children", "woman/women", "resident", "family/families",
    "pilgrim", "passenger", "worker", "student", "refugee", "household", "village", "town",
    "house", "home", "building", "position", "site", "base", "checkpoint", "warehouse", "depot",
    "exercise", "attack", "strike", "raid", "operation", "incident", "explosion", "clash/clashes",
    "airstrike", "air strike", "statement", "report", "post", "video")
_en(VEHICLES, "vehicle", "bus/buses", "truck", "lorry/lorries", "car", "pickup", "pick-up", "technical",
    "tank", "apc", "armoured vehicle", "armored vehicle", "truckload", "busload", "carload",
    "boat", "ship", "vessel", "helicopter", "aircraft/aircraft", "jet", "plane", "ambulance",
    "motorcycle", "motorbike", "humvee", "jeep", "tanker", "trailer", "minibus/minibuses", "van",
    "suv", "convoy", "bulldozer", "cargo plane", "flight")
_en(WEAPONS, "rocket", "missile", "drone", "mortar", "shell", "round", "bomb", "ied", "weapon", "rifle",
    "gun", "launcher", "grenade", "mine", "crate", "box/boxes", "container", "shipment",
    "projectile", "warhead", "munition", "rpg", "uav", "quadcopter", "explosive", "bullet",
    "mortar round", "artillery shell", "katyusha", "machine gun", "piece")

_EN_NOUNS["others"] = ("person", OTHER)  # "killed two and wounded 10 others"

# Containers: "several truckloads of rockets" keeps truckload as unit and rockets as content.
_CONTAINERS = frozenset({"truckload", "busload", "carload", "crate", "box", "container", "shipment",
                         "convoy", "truck", "vehicle", "bus", "piece"})

_AR_NOUNS_RAW: dict[str, tuple[str, str]] = {
    "عنصر": ("operative", PERSONNEL), "عناصر": ("operative", PERSONNEL),
    "مقاتل": ("fighter", PERSONNEL), "مقاتلين": ("fighter", PERSONNEL), "مقاتلون": ("fighter", PERSONNEL),
    "مسلح": ("gunman", PERSONNEL), "مسلحين": ("gunman", PERSONNEL), "مسلحون": ("gunman", PERSONNEL),
    "جندي": ("soldier", PERSONNEL), "جنود": ("soldier", PERSONNEL), "عسكري": ("soldier", PERSONNEL),
    "عسكريين": ("soldier", PERSONNEL), "ضابط": ("officer", PERSONNEL), "ضباط": ("officer", PERSONNEL),
    "قيادي": ("commander", PERSONNEL), "قياديين": ("commander", PERSONNEL), "قائد": ("commander", PERSONNEL),
    "قاده": ("commander", PERSONNEL), "مستشار": ("adviser", PERSONNEL), "مستشارين": ("adviser", PERSONNEL),
    "عضو": ("member", PERSONNEL), "اعضاء": ("member", PERSONNEL), "متطوع": ("volunteer", PERSONNEL),
    "متطوعين": ("volunteer", PERSONNEL), "خبير": ("expert", PERSONNEL), "خبراء": ("expert", PERSONNEL),
    "مجند": ("recruit", PERSONNEL), "مجندين": ("recruit", PERSONNEL), "مرتزقه": ("mercenary", PERSONNEL),
    "مدني": ("civilian", CASUALTIES), "مدنيين": ("civilian", CASUALTIES), "مدنيا": ("civilian", CASUALTIES),
    "قتيل": ("dead", CASUALTIES), "قتلي": ("dead", CASUALTIES), "جريح": ("wounded", CASUALTIES),
    "جرحي": ("wounded", CASUALTIES), "ضحيه": ("victim", CASUALTIES), "ضحايا": ("victim", CASUALTIES),
    "شخص": ("person", OTHER), "اشخاص": ("person", OTHER), "شخصا": ("person", OTHER),
    "آخرين": ("person", OTHER), "آخرون": ("person", OTHER), "مواطن": ("civilian", CASUALTIES),
    "مواطنين": ("civilian", CASUALTIES),
    "طفل": ("child", OTHER), "اطفال": ("child", OTHER), "امراه": ("woman", OTHER), "نساء": ("woman", OTHER),
    "عائله": ("family", OTHER), "عائلات": ("family", OTHER), "زائر": ("pilgrim", OTHER), "زوار": ("pilgrim", OTHER),
    "حافله": ("bus", VEHICLES), "حافلات": ("bus", VEHICLES), "باص": ("bus", VEHICLES), "باصات": ("bus", VEHICLES),
    "شاحنه": ("truck", VEHICLES), "شاحنات": ("truck", VEHICLES), "سياره": ("vehicle", VEHICLES),
    "سيارات": ("vehicle", VEHICLES), "اليه": ("vehicle", VEHICLES), "اليات": ("vehicle", VEHICLES),
    "دبابه": ("tank", VEHICLES), "دبابات": ("tank", VEHICLES), "مدرعه": ("armoured vehicle", VEHICLES),
    "مدرعات": ("armoured vehicle", VEHICLES), "زورق": ("boat", VEHICLES), "زوارق": ("boat", VEHICLES),
    "طائره": ("aircraft", VEHICLES), "طائرات": ("aircraft", VEHICLES), "رتل": ("convoy", VEHICLES),
    "صاروخ": ("rocket", WEAPONS), "صواريخ": ("rocket", WEAPONS), "صاروخا": ("rocket", WEAPONS),
    "قذيفه": ("shell", WEAPONS), "قذائف": ("shell", WEAPONS), "مسيره": ("drone", WEAPONS),
    "مسيرات": ("drone", WEAPONS), "عبوه": ("ied", WEAPONS), "عبوات": ("ied", WEAPONS),
    "قنبله": ("bomb", WEAPONS), "قنابل": ("bomb", WEAPONS), "منصه": ("launcher", WEAPONS),
    "منصات": ("launcher", WEAPONS), "سلاح": ("weapon", WEAPONS), "اسلحه": ("weapon", WEAPONS),
    "شحنه": ("shipment", WEAPONS), "شحنات": ("shipment", WEAPONS), "صندوق": ("crate", WEAPONS),
    "صناديق": ("crate", WEAPONS),
}
_FA_NOUNS_RAW: dict[str, tuple[str, str]] = {
    "نيرو": ("fighter", PERSONNEL), "نيروي": ("fighter", PERSONNEL), "نيروها": ("fighter", PERSONNEL),
    "رزمنده": ("fighter", PERSONNEL), "رزمندگان": ("fighter", PERSONNEL), "سرباز": ("soldier", PERSONNEL),
    "سربازان": ("soldier", PERSONNEL), "شبه نظامي": ("militant", PERSONNEL), "عضو": ("member", PERSONNEL),
    "فرمانده": ("commander", PERSONNEL), "مستشار": ("adviser", PERSONNEL), "مستشاران": ("adviser", PERSONNEL),
    "تروريست": ("militant", PERSONNEL), "پاسدار": ("guard", PERSONNEL), "داوطلب": ("volunteer", PERSONNEL),
    "نفر": ("person", OTHER), "تن": ("person", OTHER), "شخص": ("person", OTHER), "غيرنظامي": ("civilian", CASUALTIES),
    "غير نظامي": ("civilian", CASUALTIES), "كشته": ("dead", CASUALTIES), "زخمي": ("wounded", CASUALTIES),
    "مجروح": ("wounded", CASUALTIES), "زائر": ("pilgrim", OTHER), "كودك": ("child", OTHER),
    "اتوبوس": ("bus", VEHICLES), "كاميون": ("truck", VEHICLES), "خودرو": ("vehicle", VEHICLES),
    "ماشين": ("vehicle", VEHICLES), "تانك": ("tank", VEHICLES), "نفربر": ("apc", VEHICLES),
    "قايق": ("boat", VEHICLES), "هواپيما": ("aircraft", VEHICLES), "بالگرد": ("helicopter", VEHICLES),
    "موشك": ("missile", WEAPONS), "راكت": ("rocket", WEAPONS), "پهپاد": ("drone", WEAPONS),
    "خمپاره": ("mortar", WEAPONS), "گلوله": ("shell", WEAPONS), "بمب": ("bomb", WEAPONS),
    "سلاح": ("weapon", WEAPONS), "محموله": ("shipment", WEAPONS),
}
_AR_NOUNS = {fold(k): v for k, v in _AR_NOUNS_RAW.items()}
_FA_NOUNS = {fold(k): v for k, v in _FA_NOUNS_RAW.items()}
_KNOWN_LEMMAS = {lang: frozenset(lemma for lemma, _cls in table.values())
                 for lang, table in (("en", _EN_NOUNS), ("ar", _AR_NOUNS), ("fa", _FA_NOUNS))}

# --- qualifiers ----------------------------------------------------------------------------

_EN_QUALIFIERS = {
    "more than": "more than", "over": "more than", "upwards of": "more than", "in excess of": "more than",
    "at least": "at least", "no fewer than": "at least", "no less than": "at least",
    "a minimum of": "at least", "around": "about", "about": "about", "approximately": "about",
    "roughly": "about", "some": "about", "an estimated": "about", "estimated": "about",
    "close to": "nearly", "nearly": "nearly", "almost": "nearly", "up to": "up to",
    "as many as": "up to", "at most": "up to", "fewer than": "fewer than", "less than": "fewer than",
    "under": "fewer than", "only": "exactly", "exactly": "exactly",
}
_AR_QUALIFIERS = {
    "اكثر من": "more than", "ما يزيد عن": "more than", "ما يزيد علي": "more than", "ازيد من": "more than",
    "ما لا يقل عن": "at least", "لا يقل عن": "at least", "نحو": "about", "حوالي": "about",
    "قرابه": "about", "زهاء": "about", "ما يقارب": "about", "ما يقرب من": "about", "تقريبا": "about",
    "اقل من": "fewer than", "حتي": "up to", "ما يصل الي": "up to",
}
_FA_QUALIFIERS = {
    "بيش از": "more than", "بيشتر از": "more than", "حدود": "about", "حدودا": "about",
    "قريب به": "about", "نزديك به": "nearly", "حداقل": "at least", "دست كم": "at least",
    "كمتر از": "fewer than", "تا": "up to",
}


def _qualifier_regex(table: dict[str, str], ignore_case: bool) -> re.Pattern[str]:
    alt = "|".join(re.escape(fold(k)).replace(r"\ ", r"\s+") for k in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?P<q>{alt})\s+$", re.IGNORECASE if ignore_case else 0)


_QUALIFIER_TABLES = {"en": _EN_QUALIFIERS, "ar": {fold(k): v for k, v in _AR_QUALIFIERS.items()},
                     "fa": {fold(k): v for k, v in _FA_QUALIFIERS.items()}}
_QUALIFIER_RX = {lang: _qualifier_regex(t, lang == "en") for lang, t in _QUALIFIER_TABLES.items()}

# --- what is not a quantity ------------------------------------------------------------------

_EN_NOT_BEFORE = re.compile(
    r"(?i)(?:\b(?:brigade|division|regiment|battalion|corps|unit|resolution|no\.?|number|article|"
    r"route|highway|road|section|page|chapter|phase|level|sector|squad|fleet|room|building|"
    r"camp|gate|kilo|km|paragraph|item|group|batch|wave|round|version|model|type|mark|mk)|[#№-])\s*$"
)
_AR_NOT_BEFORE = re.compile(r"(?:(?<!\w)(?:اللواء|لواء|الفرقه|فرقه|الكتيبه|كتيبه|الفوج|فوج|رقم|الطريق|طريق|الساعه|بالمئه|القرار)|[#-])\s*$")
_FA_NOT_BEFORE = re.compile(r"(?:(?<!\w)(?:لشكر|تيپ|گردان|شماره|ساعت|قطعنامه|جاده)|[#-])\s*$")
# "year" words: "عام 2023" is a year, but "العام" is also "general" ("قوات الأمن العام ١٢ شخصاً"),
# so they rule out only a number that could be a year or that counts no known noun.
_YEAR_BEFORE = {"ar": re.compile(r"(?<!\w)(?:عام|العام|سنه|السنه)\s*$"), "fa": re.compile(r"(?<!\w)سال\s*$")}
_NOT_AFTER = re.compile(
    r"(?i)^(?:\s*(?:%|percent\b|per\s*cent\b|pc\b|[ap]\.?m\.?(?!\w)|gmt\b|utc\b|o'clock\b|hours?\b|"
    r"minutes?\b|seconds?\b|days?\b|weeks?\b|months?\b|years?\b|decades?\b|km\b|kilomet(?:er|re)s?\b|"
    r"miles?\b|met(?:er|re)s?\b|kg\b|tons?\b|tonnes?\b|mm\b|cm\b|th\b|st\b|nd\b|rd\b|"
    r"بالمئه|في المئه|بالمائه|درصد|ساعه|ساعات|دقيقه|دقائق|كيلومتر|كلم|كم\b|ساعت|دقيقه|كيلومتري)|:\d)"
)

_EN_STOP = frozenset(
    """a an the of to in on at by for from with and or but that which who whom whose this these those
    it its their his her our your my as is are was were be been being has have had do does did not no
    so than then there here when where while after before since until into onto over under about
    more less most least other others such each every any some all both either neither per via
    said says reported told added noted stated according percent""".split()
)
_AR_STOP = frozenset(fold(w) for w in "من في على إلى الى عن و أو ثم أن إن كان كانت قد لا ما هذا هذه ذلك تلك التي الذي الذين مع بين بعد قبل عند حتى منذ خلال".split())
_FA_STOP = frozenset(fold(w) for w in "از در به با و یا که این آن را تا برای بر هم نیز است بود شد شده های ها".split())

# Arabic words may carry short vowels, tanween, shadda or tatweel ("شخصاً", "مسلّحين"): they stay
# inside the word (so the span ends after them) and are dropped before a lexicon lookup, which
# then reads "عنصراً" as "عنصرا" (the accusative alef).
_WORD = re.compile(rf"[^\W\d_](?:[^\W\d_]|[{ARABIC_MARKS}])*(?:[-'][^\W\d_](?:[^\W\d_]|[{ARABIC_MARKS}])*)*")
_EN_FATAL_BEFORE = re.compile(
    r"(?i)(?:\b(?:killed|killing|kills|kill|slew|slaying|claimed\s+the\s+lives\s+of|"
    r"death\s+toll\s+(?:rose\s+to|climbed\s+to|reached|stood\s+at|of|at)|deaths\s+of|bodies\s+of|executed|executing))\s+$"
)
_EN_OF_GROUP = r"(?:\s+of\s+(?:the\s+|its\s+|their\s+|his\s+)?(?:[\w'-]+\s+){0,3}?[\w'-]+)?"  # "of the brigade"
_EN_FATAL_AFTER = re.compile(
    r"(?i)^" + _EN_OF_GROUP + r"[\s,]*(?:"
    # passive: "were killed", "who were reportedly killed"
    r"(?:(?:who|which|that)\s+)?(?:(?:were|was|have\s+been|had\s+been|has\s+been|are|is|being|got|"
    r"reportedly|allegedly|all|also|later)\s+)+(?:killed|slain|executed)\b"
    # intransitive: "died", "who lost their lives"
    r"|(?:(?:who|which|that)\s+)?(?:(?:reportedly|all|also|later|had|have)\s+)*(?:died|perished|lost\s+their\s+lives)\b"
    r"|(?:were\s+|are\s+)?dead\b"
    # reduced passive "12 fighters killed in the strike"; "fighters killed civilians" is active
    r"|killed(?=\s+(?:in|by|when|during|as|after|on|at|while|near|overnight)\b|\s*[,.;)]|\s*$)"
    r")"
)
_EN_INJURY = re.compile(r"(?i)(?:\b(?:wounded|wounding|injured|injuring|injures)\s+$)")
_EN_INJURY_AFTER = re.compile(
    r"(?i)^" + _EN_OF_GROUP + r"[\s,]*(?:(?:were|was|have\s+been|had\s+been|are|being|reportedly|also)\s+)*(?:wounded|injured|hurt)\b"
)
_AR_FATAL_BEFORE = re.compile(r"(?:(?<!\w)(?:مقتل|قتل|قتلت|قتلوا|اسفر\s+عن\s+مقتل|سقوط|استشهاد|اعدام|مصرع))\s+$")
_AR_FATAL_AFTER = re.compile(r"^\s*(?:(?:قد\s+)?(?:قتلوا|قتلي|قتيلا|قتيل|لقوا\s+حتفهم|لقي\s+حتفه|حتفهم|قضوا|استشهدوا|شهداء|شهيدا))(?!\w)")
_FA_FATAL_BEFORE = re.compile(r"(?:(?<!\w)(?:كشته\s+شدن|كشتن|جان\s+باختن|كشته\s+شدن\s+دست\s+كم))\s+$")
_FA_FATAL_AFTER = re.compile(r"^\s*(?:(?:تن|نفر)\s+)?(?:كشته|جان\s+باختند|جان\s+خود\s+را\s+از\s+دست)")
_FATAL_UNITS = frozenset({"dead", "death", "fatality", "martyr", "body"})


@functools.lru_cache(maxsize=4)
def _noun_table(language: str) -> dict[str, tuple[str, str]]:
    return _EN_NOUNS if language == "en" else _AR_NOUNS if language == "ar" else _FA_NOUNS


def _lookup(word: str, language: str) -> tuple[str, str] | None:
    """Lexicon entry for a word, trying Arabic article/prefix and accusative endings."""
    table = _noun_table(language)
    key = word.lower() if language == "en" else strip_marks(word)
    if key in table:
        return table[key]
    if language == "ar":
        for prefix in ("وال", "بال", "لل", "ال", "و", "ب"):
            if key.startswith(prefix) and key[len(prefix):] in table:
                return table[key[len(prefix):]]
        if key.endswith("ا") and key[:-1] in table:
            return table[key[:-1]]
    if language == "fa":
        for suffix in (" ها", "ها", "ان", "ي"):
            if key.endswith(suffix) and key[: -len(suffix)] in table:
                return table[key[: -len(suffix)]]
    return None


def _excluded_spans(text: str, folded: str, language: str) -> list[tuple[int, int]]:
    """Spans of dates and weapon names: numbers inside them are not quantities."""
    from .dates import date_spans
    from .weapons import find_weapons

    return date_spans(folded, language) + [(m.start, m.end) for m in find_weapons(text, language)]


def _inside(pos: int, end: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    """True when [pos, end) overlaps one of the sorted spans (binary search: 1 MB texts stay fast)."""
    i = bisect.bisect_right(starts, pos) - 1
    for j in (i, i + 1):
        if 0 <= j < len(spans):
            s, e = spans[j]
            if s < end and pos < e:
                return True
    return False


def find_quantities(text: str, language: str) -> list[Mention]:
    """Quantity mentions: number + head noun, with qualifier, unit class and fatality flags."""
    check_text(text, STEP)
    if not text:
        return []
    lang = language if language in ("en", "ar", "fa") else None
    if lang is None:
        return []  # unsupported language: no guessing
    folded = fold(text)
    excluded = sorted(_excluded_spans(text, folded, lang))
    excluded_starts = [s for s, _e in excluded]
    mentions: list[Mention] = []
    last_end = -1
    for m in find_numbers(folded, lang):
        n_start, n_end = m.start, m.end
        if n_start < last_end or _inside(n_start, n_end, excluded_starts, excluded):
            continue
        mention = _read_quantity(text, folded, lang, n_start, n_end, m.group("num"))
        if mention is not None:
            mentions.append(mention)
            last_end = mention.end
    return mentions


def _read_quantity(text: str, folded: str, lang: str, n_start: int, n_end: int, num: str) -> Mention | None:
    value, vague = parse_number(num, lang)
    if value is None and vague is None:
        return None
    before = folded[max(0, n_start - 40):n_start]
    after = folded[n_end:n_end + 80]
    not_before = _EN_NOT_BEFORE if lang == "en" else _AR_NOT_BEFORE if lang == "ar" else _FA_NOT_BEFORE
    qual_match = _QUALIFIER_RX[lang].search(before)
    if not qual_match and not_before.search(before):
        return None
    if _NOT_AFTER.match(after):
        return None
    if lang == "en" and value is not None and _is_name_number(before):
        return None  # "Deir Ezzor 24", "Resolution 2231"
    if value == 1 and re.match(r"(?i)\s+(?:of|من|از)\s", after):
        return None  # "one of the buses" picks one out of a set; it counts nothing
    head = _head_noun(folded, lang, n_end, value)
    year_before = _YEAR_BEFORE.get(lang)
    if (not qual_match and year_before is not None and year_before.search(before)
            and (value is None or value >= 1000 or head is None or head[0] not in _KNOWN_LEMMAS[lang])):
        return None  # "عام 2023", "سال ۱۴۰۲"
    fatal_before, fatal_after_rx, injury_before, injury_after = _fatality_rules(lang)
    start = n_start
    qualifier = None
    if qual_match:
        qualifier = _QUALIFIER_TABLES[lang][re.sub(r"\s+", " ", qual_match.group("q").lower())]
        start = n_start - (len(before) - qual_match.start())
    context_before = strip_marks(folded[max(0, start - 40):start])  # "قُتل" reads as "قتل"; only searched
    if head is None:
        # A bare number is a quantity only where it counts the dead: "killing at least 12".
        if not fatal_before.search(context_before) or (value is not None and 1900 <= value <= 2100 and "," not in num):
            return None
        lemma, cls, end, content = "person", CASUALTIES, n_end, None
    else:
        lemma, cls, end, content = head
    if value is not None and 1900 <= value <= 2100 and head is not None and cls == OTHER and qualifier is None:
        return None  # "2023 elections"
    tail = strip_marks(folded[end:end + 80])
    is_fatal = bool(
        lemma in _FATAL_UNITS
        or fatal_before.search(context_before)
        or fatal_after_rx.match(tail)
    )
    is_injury = not is_fatal and bool(lemma in ("wounded", "injured") or injury_before.search(context_before) or injury_after.match(tail))
    if is_fatal or is_injury:
        if cls in (OTHER, PERSONNEL) and lemma not in _CONTAINERS:
            cls = CASUALTIES if cls == OTHER else cls
    if vague and qualifier is None:
        qualifier = vague
    attrs: dict[str, Any] = {"qualifier": qualifier, "unit": lemma, "unit_class": cls,
                             "number_text": text[n_start:n_end], "is_fatalities": is_fatal}
    if is_injury:
        attrs["is_injuries"] = True
    if vague:
        attrs["vague"] = vague
        attrs["vague_range"] = vague_range(vague)
    if content:
        attrs["content"] = content
    return Mention(
        kind=MentionKind.QUANTITY,
        start=start,
        end=end,
        text=text[start:end],
        value=None if value is None else _fmt(value),
        attrs=tuple(attrs.items()),
        step=STEP,
    )


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _fatality_rules(lang: str):
    if lang == "en":
        return _EN_FATAL_BEFORE, _EN_FATAL_AFTER, _EN_INJURY, _EN_INJURY_AFTER
    if lang == "ar":
        return _AR_FATAL_BEFORE, _AR_FATAL_AFTER, re.compile(r"(?:اصابه|جرح)\s+$"), re.compile(r"^\s*(?:جرحي|جريحا|مصابين)")
    return _FA_FATAL_BEFORE, _FA_FATAL_AFTER, re.compile(r"(?:زخمي\s+شدن)\s+$"), re.compile(r"^\s*(?:(?:تن|نفر)\s+)?(?:زخمي|مجروح)")


_NAME_BEFORE = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'-]*)\s+$")


def _is_name_number(before: str) -> bool:
    m = _NAME_BEFORE.search(before)
    if not m:
        return False
    word = m.group(1).lower()
    return not (word in _EN_QUALIFIERS or word in _EN_STOP or word in ("killing", "killed", "all", "yesterday", "today"))


def _head_noun(folded: str, lang: str, pos: int, value: float | None) -> tuple[str, str, int, str | None] | None:
    """(lemma, class, end offset, content lemma) of the noun the number counts, or None."""
    stop = _EN_STOP if lang == "en" else _AR_STOP if lang == "ar" else _FA_STOP
    words = []
    for w in _WORD.finditer(folded, pos, min(len(folded), pos + 80)):
        gap = folded[words[-1].end() if words else pos:w.start()]
        if any(c in gap for c in ",.;:!?()[]\"،؛\n") or len(words) >= 5:
            break
        words.append(w)
    if not words:
        return None
    i = 0
    # "dozens of fighters", "100 of its operatives", "عشرات من المقاتلين"
    lowered = [strip_marks(w.group()).lower() for w in words]
    if lowered[0] in ("of", "من", "از"):
        i = 1
        if len(lowered) > 1 and lowered[1] in ("its", "their", "the", "his", "her", "our", "these", "those"):
            i = 2
    # two-word nouns first ("armoured vehicle", "شبه نظامي"), then single words, skipping up to
    # two adjectives in English ("armed fighters", "Iranian advisers")
    limit = i + (3 if lang == "en" else 2)
    for j in range(i, min(limit, len(words))):
        if j + 1 < len(words):
            pair = strip_marks(folded[words[j].start():words[j + 1].end()])
            entry = _lookup(re.sub(r"\s+", " ", pair), lang)
            if entry:
                return _with_content(folded, lang, entry, words[j + 1].end())
        entry = _lookup(lowered[j], lang)
        if entry:
            return _with_content(folded, lang, entry, words[j].end())
        if lowered[j] in stop:
            break
        if lang != "en":
            break  # Arabic and Farsi put the counted noun right after the number
    # Unknown noun: English plural word right after the number (not "one")
    first = words[i] if i < len(words) else None
    if first is None:
        return None
    word = lowered[i]
    if word in stop:
        return None
    if lang == "en":
        if value is None or value > 1:
            if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3 and folded[first.start()].islower():
                return word[:-1], OTHER, first.end(), None
        return None
    if len(word) >= 3 and not word.isdigit():
        base = word[2:] if word.startswith("ال") and len(word) > 4 else word
        return base, OTHER, first.end(), None
    return None


_OF_CONTENT = re.compile(r"\s+(?:of|من|از)\s+(?:(?:the|its|their)\s+)?", re.IGNORECASE)


def _with_content(folded: str, lang: str, entry: tuple[str, str], end: int) -> tuple[str, str, int, str | None]:
    """Extend a container noun with what it holds: "truckloads of rockets" -> content rocket."""
    lemma, cls = entry
    if lemma not in _CONTAINERS:
        return lemma, cls, end, None
    m = _OF_CONTENT.match(folded, end)
    if not m:
        return lemma, cls, end, None
    words = list(_WORD.finditer(folded, m.end(), min(len(folded), m.end() + 40)))[:2]
    if not words or words[0].start() != m.end():
        return lemma, cls, end, None
    for k in (2, 1):
        if len(words) >= k:
            phrase = re.sub(r"\s+", " ", strip_marks(folded[words[0].start():words[k - 1].end()]))
            content = _lookup(phrase, lang)
            if content:
                return lemma, content[1], words[k - 1].end(), content[0]
    return lemma, cls, end, None


def find_fatalities(text: str, language: str) -> list[Mention]:
    """Quantity mentions that count people killed ("killed four members" -> 4, "3 dead")."""
    return [m for m in find_quantities(text, language) if m.attr("is_fatalities")]
