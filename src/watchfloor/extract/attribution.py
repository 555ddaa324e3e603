"""Cited sources: who the text says the information came from.

English puts the source after a cue ("according to X", "citing X", "as reported by X") or
before a reporting verb ("X reported", "X posted on its Telegram channel"); Arabic and Farsi
mostly after the cue ("بحسب X", "أفادت X", "به گزارش X"). The source phrase is read with
small token rules, no parser: a descriptor ("the opposition site") and a name written in
capitals ("Deir Now"). Unnamed sources ("local sources", "a security source", "مصدر أمني")
are kept with named=False. "The website noted" points back to the last named outlet.

Mention: kind CITED_SOURCE, span and value = the source as written (the name when there is
one); attrs cue, named, source_type (media, official, activist, militia-channel, anonymous,
unknown), descriptor, refers_to, channel.
"""

from __future__ import annotations

import re
from typing import Any

from ..records import Mention, MentionKind
from .numerals import TriggerTable, check_text, fold

STEP = "attribution@1"
SUPPORTED_LANGUAGES = ("en", "ar", "fa")

MEDIA, OFFICIAL, ACTIVIST, MILITIA_CHANNEL, ANONYMOUS, UNKNOWN = (
    "media", "official", "activist", "militia-channel", "anonymous", "unknown")

# --- English -----------------------------------------------------------------------------------

_EN_FORWARD_CUES = [
    "according to", "citing", "as reported by", "reported by", "as cited by", "quoted by", "quoting",
    "in a report by", "in a report from", "in a statement by", "in a statement from", "in a post by",
    "in an report by",
]
_EN_ISSUED_BY = r"(?:statement|report|post|video|communiqu[eé])\s+(?:issued|released|published|posted|shared)\s+by"
_EN_TOLD = (r"(?:sources?|officials?|activists?|residents|witnesses|an?\s+official)\s+"
            r"(?:close\s+to\s+[\w'-]+(?:\s+[\w'-]+)?\s+)?told")
_EN_VERBS = [
    "reported", "reports", "said", "says", "stated", "states", "announced", "announces", "claimed",
    "claims", "noted", "notes", "added", "adds", "wrote", "writes", "posted", "posts", "published",
    "publishes", "confirmed", "confirms", "revealed", "reveals", "documented", "tweeted", "alleged",
    "alleges", "indicated", "indicates", "mentioned",
]
_CAPTION = re.compile(r"\(\s*[Ss]ource\s*:\s+")


def _en_cue_table() -> TriggerTable:
    table = TriggerTable()
    forward = "|".join(c.replace(" ", r"\s+") for c in sorted(_EN_FORWARD_CUES, key=len, reverse=True))
    firsts = {" ".join(c.split()[:2]) if c.split()[0] in ("in", "as") else c.split()[0] for c in _EN_FORWARD_CUES}
    table.add("forward", firsts, rf"(?i:(?P<cue>{forward}))\s+", flags=0)
    table.add("forward", ["statement", "report", "post", "video", "communique", "communiqué"],
              rf"(?i:(?P<cue>{_EN_ISSUED_BY}))\s+")
    table.add("forward", ["sources", "source", "officials", "official", "activists", "activist", "residents",
                          "witnesses", "an official", "a official"], rf"(?i:(?P<cue>{_EN_TOLD}))\s+")
    table.add("verb", _EN_VERBS, rf"(?i:(?P<cue>{'|'.join(_EN_VERBS)}))(?!\w)")
    return table


_EN_CUES = _en_cue_table()
_TOKEN = re.compile(r"[\w'][\w'.&-]*[\w]|[\w]|[^\w\s]")
_CONNECTORS = frozenset({"of", "for", "al", "el", "the", "and", "de", "du", "bin", "ibn", "on", "&", "al-", "in"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "one", "two", "several", "some", "many"})
_AUX_BEFORE_VERB = frozenset({"also", "further", "later", "earlier", "previously", "has", "have", "had",
                              "then", "separately", "recently", "reportedly", "first", "again", "now",
                              "today", "yesterday", "additionally", "subsequently"})
_PASSIVE = frozenset({"was", "were", "is", "are", "been", "be", "being"})
_PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "you", "this", "that", "which", "who",
                       "there", "these", "those", "what", "one", "others", "some", "many"})
_STOP = frozenset(
    """that which who whom whose and but or on in at to from with by while when after before as
    because since said reported says reports noted added stated also was were is are has have had
    be been will would could should may might not no than then so if about into over under""".split()
)
_SOURCE_NOUNS = frozenset(
    """source sources activist activists official officials website site websites outlet outlets
    agency channel channels report reports media spokesman spokeswoman spokesperson ministry
    observatory monitor monitors resident residents witness witnesses eyewitness eyewitnesses
    network newspaper daily correspondent correspondents reporter reporters journalist journalists
    group army military police command government statement account page commander officer
    officers analyst analysts expert experts researcher researchers diplomat diplomats insider
    insiders local locals tv television radio""".split()
)
_LEADING_NOISE = frozenset(
    """on in at during the meanwhile however also earlier later separately but and so then
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december today yesterday""".split()
)

_MEDIA_WORDS = frozenset(
    """website site outlet agency newspaper daily tv television radio media news network magazine
    reuters afp ap bbc cnn jazeera arabiya sana irna tasnim fars mehr isna almayadeen al-mayadeen
    al-akhbar asharq enab baladi correspondent reporter journalist journalists press
    موقع وكاله صحيفه قناه شبكه تلفزيون اذاعه جريده مجله مراسل خبرگزاري روزنامه شبكه سايت تلويزيون
    رويترز سانا تسنيم ايرنا ايسنا الجزيره العربيه الميادين المنار الاخبار الشرق عنب بلدي""".split()
)
_OFFICIAL_WORDS = frozenset(
    """ministry minister spokesman spokeswoman spokesperson official officials government army
    military command centcom pentagon police governor president prime ministry idf department
    embassy statement authorities
    وزاره وزير متحدث المتحدث الناطق حكومه الحكومه الجيش جيش القياده مسؤول مسوول محافظ الرئاسه
    وزارت سخنگو ارتش دولت مقام مقامات فرماندار""".split()
)
_ACTIVIST_WORDS = frozenset(
    """activist activists observatory monitor opposition rights sohr campaigners
    ناشط ناشطون ناشطين المرصد مرصد حقوق معارض المعارضه معارضه فعالان فعال""".split()
)
_MILITIA_WORDS = frozenset(
    """telegram group brigade brigades battalion battalions militia militias movement resistance
    hezbollah hizbullah kataib harakat saraya pmu mobilization hashd nujaba regiment
    تلغرام تيليغرام تليغرام كتائب حركه المقاومه مقاومه الحشد سرايا لواء فصيل فصائل تلگرام مقاومت""".split()
)
_ANONYMOUS_HEADS = frozenset(
    """source sources resident residents witness witnesses eyewitness eyewitnesses local locals
    insider insiders official officials activist activists reports report someone
    مصدر مصادر شهود سكان اهالي الاهالي ناشطون ناشطين ناشط مسؤول مسوولون مصادرنا
    منبع منابع شاهدان ساكنان""".split()
)
_MEDIA_REFERENCES = frozenset({"website", "site", "outlet", "agency", "channel", "newspaper", "report",
                               "network", "daily", "account", "page", "observatory", "monitor"})


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or (tok[:3].lower() in ("al-", "el-") and len(tok) > 3 and tok[3:4].isupper())


def _is_word(tok: str) -> bool:
    return tok[:1].isalnum() or tok[:1] == "'"


def _guess_type(words: list[str], named: bool, context: str) -> str:
    low = {w.lower().strip("'") for w in words} | {fold(w) for w in words}
    if "telegram" in context.lower() or "تلغرام" in context or "تلگرام" in context:
        return MILITIA_CHANNEL if not low & _MEDIA_WORDS or low & _MILITIA_WORDS else MEDIA
    if low & _MEDIA_WORDS or any(w.lower().endswith((".com", ".net", ".org", ".ir", ".iq")) for w in words):
        return MEDIA
    if low & _ACTIVIST_WORDS:
        return ACTIVIST
    if low & _OFFICIAL_WORDS:
        return OFFICIAL if named or not low & {"source", "sources", "مصدر", "مصادر"} else ANONYMOUS
    if low & _MILITIA_WORDS:
        return MILITIA_CHANNEL
    if not named:
        return ANONYMOUS
    return UNKNOWN


class _Phrase:
    """A source phrase found in the text: descriptor tokens and name tokens with offsets."""

    def __init__(self, descriptor: list[re.Match[str]], name: list[re.Match[str]]):
        self.descriptor = descriptor
        self.name = name


def _strip_leading_noise(name: list[re.Match[str]]) -> list[re.Match[str]]:
    while name and (name[0].group().lower() in _LEADING_NOISE or name[0].group().lower() in _CONNECTORS):
        name = name[1:]
    while name and name[-1].group().lower() in _CONNECTORS:
        name = name[:-1]
    return name


def _en_backward(folded: str, verb_start: int) -> _Phrase | None:
    """Source phrase right before a reporting verb: "the opposition site Deir Now reported"."""
    window_start = max(0, verb_start - 220)
    toks = list(_TOKEN.finditer(folded, window_start, verb_start))
    i = len(toks) - 1
    while i >= 0 and toks[i].group().lower() in _AUX_BEFORE_VERB:
        i -= 1
    if i < 0 or toks[i].group().lower() in _PASSIVE or toks[i].group().lower() in _PRONOUNS:
        return None
    name: list[re.Match[str]] = []
    j = i
    if j >= 0 and toks[j].group().isdigit() and j > 0 and _is_cap(toks[j - 1].group()):
        name.insert(0, toks[j])  # "Deir Ezzor 24"
        j -= 1
    while j >= 0:
        tok = toks[j].group()
        if _is_cap(tok) and _is_word(tok):
            name.insert(0, toks[j])
        elif tok.lower() in _CONNECTORS and name and j > 0 and _is_cap(toks[j - 1].group()):
            name.insert(0, toks[j])
        else:
            break
        j -= 1
    name = _strip_leading_noise(name)
    descriptor: list[re.Match[str]] = []
    if name and j >= 0 and toks[j].group().lower() == "the" and j > 0 and toks[j - 1].group().lower() in _SOURCE_NOUNS:
        j -= 1  # "the group the Ja'far Al-Tayyar Brigades"
    start_j = j
    while j >= 0 and start_j - j < 6:
        tok = toks[j].group()
        low = tok.lower()
        if not _is_word(tok) or low in _STOP:
            break
        descriptor.insert(0, toks[j])
        j -= 1
        if low in _DETERMINERS:
            break
    if not name:
        # No name: the word before the verb must be a source noun ("local sources said").
        if not descriptor or descriptor[-1].group().lower() not in _SOURCE_NOUNS:
            return None
    elif descriptor and not any(t.group().lower() in _SOURCE_NOUNS or t.group().lower() in _MEDIA_WORDS
                                or t.group().lower() in _MILITIA_WORDS for t in descriptor):
        descriptor = []  # "On Monday, Reuters said": "Monday" is no descriptor
    return _Phrase(descriptor, name)


def _en_forward(folded: str, start: int) -> _Phrase | None:
    """Source phrase after a cue: "according to the opposition site Deir Now"."""
    toks = list(_TOKEN.finditer(folded, start, min(len(folded), start + 200)))
    descriptor: list[re.Match[str]] = []
    name: list[re.Match[str]] = []
    k = 0
    while k < len(toks) and len(descriptor) < 7:
        tok = toks[k].group()
        if tok in ("“", '"', "‘") and k + 1 < len(toks) and _is_cap(toks[k + 1].group()):
            k += 1  # a quoted name: "according to the “Eye of Euphrates” website"
            break
        if not _is_word(tok):
            break
        if _is_cap(tok) and tok.lower() not in _DETERMINERS:
            break
        if tok.lower() in _STOP and tok.lower() not in _DETERMINERS:
            break
        descriptor.append(toks[k])
        k += 1
    while k < len(toks):
        tok = toks[k].group()
        if _is_word(tok) and (_is_cap(tok) or (name and tok.isdigit())):
            name.append(toks[k])
        elif (tok.lower() in _CONNECTORS and name and k + 1 < len(toks) and _is_cap(toks[k + 1].group())
              and tok.lower() not in ("and", "in", "on")):
            name.append(toks[k])
        else:
            break
        k += 1
    name = _strip_leading_noise(name)
    if name:
        # a head noun after the name types it: "Eye of Euphrates website", "“Deir Now” site"
        after = toks[k + 1] if k < len(toks) and toks[k].group() in ("”", '"', "’") else toks[k] if k < len(toks) else None
        if after is not None and (after.group().lower() in _SOURCE_NOUNS or after.group().lower() in _MEDIA_WORDS):
            descriptor = [*descriptor, after]
    if not name and (not descriptor or not any(t.group().lower() in _SOURCE_NOUNS for t in descriptor)):
        return None
    if not name:
        # keep the descriptor up to its source noun: "local sources in the area" -> "local sources"
        last = max(i for i, t in enumerate(descriptor) if t.group().lower() in _SOURCE_NOUNS)
        descriptor = descriptor[: last + 1]
    return _Phrase(descriptor, name)


# --- Arabic and Farsi ---------------------------------------------------------------------------

_DIAC = r"[\u064b-\u0652\u0640]*"  # harakat and tatweel between letters: "وفقاً لـ"
_AR_CUES = re.compile(
    # cues ending in the preposition ل are written joined to the source: "وفقاً لموقع دير ناو"
    rf"(?<!\w)[وف]?(?P<cue>(?:وفق{_DIAC}ا?{_DIAC}|طبق{_DIAC}ا?{_DIAC})\s*ل{_DIAC}\s*(?=[\"«“]|[^\W\u0640])|"
    rf"(?:بحسب|حسب|نقل{_DIAC}ا?{_DIAC}\s+عن|استنادا\s+الي|افادت|افاد|ذكرت|ذكر|قالت|قال|اعلنت|"
    rf"اعلن|اكدت|اكد|اوردت|اورد|كشفت|كشف|اشارت|اشار|اوضحت|اوضح|بثت|اضافت|اضاف|صرح|صرحت|نشرت|نشر)(?=\s))"
)
_FA_CUES = re.compile(
    r"(?<!\w)(?P<cue>به\s+گزارش|به\s+نقل\s+از|طبق\s+گزارش|بنا\s+بر\s+گزارش|بنابر\s+گزارش|بر\s+اساس\s+گزارش|"
    r"به\s+گفته|به\s+ادعاي|طبق\s+اعلام|به\s+اعلام)(?=\s)"
)
_AR_TOKEN = re.compile(r"[^\s،,.:؛;!?؟\"'«»()\[\]“”]+|[،,.:؛;!?؟\"'«»()\[\]“”]")
_AR_STOP = frozenset(fold(w) for w in (
    "أن", "بأن", "إن", "ان", "بان", "انه", "أنه", "بانه", "في", "على", "إلى", "الى", "عن", "امس", "أمس",
    "اليوم", "يوم", "مساء", "صباح", "ليل", "حول", "خلال", "بعد", "قبل", "عبر", "الذي", "التي", "من",
    "كما", "حيث", "وقال", "وأضاف", "الثلاثاء", "الاثنين", "الأربعاء", "الخميس", "الجمعة", "السبت",
    "الأحد", "لدى", "اثر", "إثر",
    "که", "در", "از", "به", "با", "را", "این", "آن", "روز", "امروز", "دیروز", "نوشت", "اعلام", "گزارش",
))
_PUBLISHER_HEADS = frozenset(fold(w) for w in ("حساب", "صفحة", "معرف", "منصة", "مكتب", "إعلام"))
_AR_VERB_CUES = frozenset(fold(w) for w in (
    "افادت", "افاد", "ذكرت", "ذكر", "قالت", "قال", "اعلنت", "اعلن", "اكدت", "اكد", "اوردت",
    "اورد", "كشفت", "كشف", "اشارت", "اشار", "اوضحت", "اوضح", "بثت", "اضافت", "اضاف", "صرح", "صرحت",
    "نشرت", "نشر"))


_OPENING_QUOTES = {"«": "»", "“": "”", '"': '"'}


def _arfa_forward(folded: str, start: int) -> list[re.Match[str]]:
    """Source words after an Arabic/Farsi cue, up to a stop word; a quoted name is kept whole."""
    toks: list[re.Match[str]] = []
    closing: str | None = None
    for m in _AR_TOKEN.finditer(folded, start, min(len(folded), start + 160)):
        tok = m.group()
        if closing is not None:
            toks.append(m)
            if tok == closing:
                closing = None
            continue
        if tok in _OPENING_QUOTES and len(toks) < 4:
            toks.append(m)
            closing = _OPENING_QUOTES[tok]
            continue
        if not tok[0].isalnum() or tok in _AR_STOP or len(toks) >= 6:
            break
        toks.append(m)
    if closing is not None:  # unbalanced quote: keep what came before it
        while toks and toks[-1].group() not in _OPENING_QUOTES:
            toks.pop()
        if toks:
            toks.pop()
    return toks


def _mention(text: str, start: int, end: int, attrs: dict[str, Any]) -> Mention:
    return Mention(kind=MentionKind.CITED_SOURCE, start=start, end=end, text=text[start:end],
                   value=text[start:end], attrs=tuple(attrs.items()), step=STEP)


def find_cited_sources(text: str, language: str) -> list[Mention]:
    """Cited-source mentions in `text` (en, ar, fa; other languages give an empty list)."""
    check_text(text, STEP)
    if not text or language not in SUPPORTED_LANGUAGES:
        return []
    folded = fold(text)
    if language == "en":
        found = _find_en(text, folded)
    else:
        found = _find_arfa(text, folded, language)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in found:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _sentence_context(folded: str, start: int, end: int) -> str:
    s = max(folded.rfind(".", 0, start), folded.rfind("\n", 0, start)) + 1
    e = min([p for p in (folded.find(".", end), folded.find("\n", end)) if p >= 0] or [len(folded)])
    return folded[s:e]


def _find_en(text: str, folded: str) -> list[Mention]:
    found: list[Mention] = []
    candidates: list[tuple[int, str, _Phrase]] = []
    for m in _CAPTION.finditer(folded):
        phrase = _en_forward(folded, m.end())
        if phrase:
            candidates.append((m.start(), "(source:", phrase))
    for m in _EN_CUES.scan(folded):
        cue = re.sub(r"\s+", " ", m.group("cue").lower())
        phrase = _en_forward(folded, m.end) if m.kind == "forward" else _en_backward(folded, m.start)
        if phrase:
            candidates.append((m.start, cue, phrase))
    candidates.sort(key=lambda c: c[0])
    last_named: dict[str, str] = {}
    type_of_name: dict[str, str] = {}
    for _pos, cue, phrase in candidates:
        toks = phrase.name or phrase.descriptor
        start, end = toks[0].start(), toks[-1].end()
        desc_words = [t.group() for t in phrase.descriptor if t.group().lower() not in _DETERMINERS]
        context = _sentence_context(folded, start, end)
        named = bool(phrase.name) and not (
            len(phrase.name) <= 2 and phrase.name[-1].group().lower() in _ANONYMOUS_HEADS)
        words = [t.group() for t in phrase.name] + desc_words
        source_type = _guess_type(words, named, context)
        attrs: dict[str, Any] = {"cue": cue, "named": named, "source_type": source_type}
        if phrase.name and desc_words:
            attrs["descriptor"] = " ".join(desc_words)
        if "telegram" in context.lower():
            attrs["channel"] = "telegram"
        if not phrase.name:
            head = phrase.descriptor[-1].group().lower()
            definite = phrase.descriptor[0].group().lower() in ("the", "its", "their")
            if definite and head in _MEDIA_REFERENCES:
                ref = last_named.get(MEDIA) or last_named.get(source_type) or last_named.get("any")
                if ref is None:
                    continue  # "the report" with nothing to point back to
                attrs.update(named=True, refers_to=ref, source_type=MEDIA if head != "channel" else source_type)
            elif definite and head not in _ANONYMOUS_HEADS:
                attrs["named"] = False  # "the spokesman": unnamed, typed by its noun
        if phrase.name and named:
            name_text = text[start:end]
            if source_type == UNKNOWN:  # "according to Eye of Euphrates", typed where first described
                source_type = attrs["source_type"] = type_of_name.get(name_text, UNKNOWN)
            if source_type != UNKNOWN:
                type_of_name.setdefault(name_text, source_type)
            last_named[source_type] = name_text
            last_named["any"] = name_text
        mention = _mention(text, start, end, attrs)
        if attrs.get("refers_to"):
            mention = Mention(kind=mention.kind, start=start, end=end, text=mention.text,
                              value=attrs["refers_to"], attrs=mention.attrs, step=STEP)
        found.append(mention)
    return found


def _find_arfa(text: str, folded: str, language: str) -> list[Mention]:
    found: list[Mention] = []
    cues = _AR_CUES if language == "ar" else _FA_CUES
    for m in cues.finditer(folded):
        toks = _arfa_forward(folded, m.end())
        if not toks:
            continue
        first = toks[0].group()
        base = first[2:] if first.startswith("ال") else first
        cue = re.sub(r"[\u064b-\u0652\u0640]", "", m.group("cue"))
        cue = re.sub(r"\s+", " ", cue)
        if cue in _AR_VERB_CUES and base in ("ان", "انه", "بان"):
            continue
        if cue in ("نشرت", "نشر") and base not in _MEDIA_WORDS and base not in _PUBLISHER_HEADS:
            continue  # "نشر الحشد قواته": deployed, not published
        start, end = toks[0].start(), toks[-1].end()
        words = [t.group() for t in toks]
        head = base if base in _ANONYMOUS_HEADS else first
        named = head not in _ANONYMOUS_HEADS
        if not named and len(toks) > 2 and cue in _AR_VERB_CUES:
            toks = toks[:2]  # "قال مصدر أمني إيراني" keeps the source noun and its adjective... mostly
            end = toks[-1].end()
        context = _sentence_context(folded, start, end)
        attrs: dict[str, Any] = {"cue": text[m.start("cue"):m.end("cue")].strip(), "named": named,
                                 "source_type": _guess_type(words, named, context)}
        if "تلغرام" in context or "تلگرام" in context or "telegram" in context.lower():
            attrs["channel"] = "telegram"
        found.append(_mention(text, start, end, attrs))
    return found
