"""Cited sources: who the text says the information came from.

English puts the source after a cue ("according to X", "citing X", "as reported by X") or
before a reporting verb ("X reported", "X posted on its Telegram channel"); Arabic and Farsi
mostly after the cue ("بحسب X", "أفادت X", "به گزارش X"). The source phrase is read with
small token rules, no parser: a descriptor ("the opposition site") and a name written in
capitals ("Deir Now"). Unnamed sources ("local sources", "a security source", "مصدر أمني")
are kept with named=False. "The website noted" points back to the last named outlet.

Mention: kind CITED_SOURCE, span and value = the source as written (the name when there is
one; "للمرصد" gives the value "المرصد", the article the preposition swallowed put back); attrs
cue, named, source_type (media, official, activist, militia-channel, anonymous, unknown),
descriptor, refers_to, channel, quoting (in Arabic/Farsi, the speaker an outlet after "بحسب"
relays: "أعلنت منظمة بدر ...، بحسب وكالة شفق نيوز" gives Shafaq quoting Badr).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Any

from ..records import Mention, MentionKind
from .numerals import TriggerTable, check_text, fold, strip_marks

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
    low |= {w[2:] for w in low if w.startswith("ال") and len(w) > 4}  # "الوكالة" is a "وكالة"
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
    rf"(?<!\w)[وف]?(?P<cue>(?:وفق{_DIAC}ا?{_DIAC}|طبق{_DIAC}ا?{_DIAC}|استناد{_DIAC}ا?{_DIAC})\s*ل{_DIAC}\s*"
    rf"(?=[\"«“]|[^\W\u0640])|"
    rf"(?:حسبما|(?:وفق|طبق){_DIAC}ا?{_DIAC}(?=\s+ما\s)|بحسب|حسب|نقل{_DIAC}ا?{_DIAC}\s+عن|"
    rf"(?:بال)?استناد{_DIAC}ا?{_DIAC}\s+الي|افادت|افاد|ذكرت|ذكر|قالت|قال|اعلنت|"
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
    "الأحد", "لدى", "اثر", "إثر", "فإن", "فإنه", "وأن", "وإن",
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
    # one mention per span; a relay wins a tie ("بحسب ما ذكرت X": both cues find X)
    found.sort(key=lambda mr: (mr[0].start, -(mr[0].end - mr[0].start), mr[1] != "relay"))
    kept: list[tuple[Mention, str]] = []
    for m, role in found:
        if kept and m.start < kept[-1][0].end:
            continue
        kept.append((m, role))
    if language == "en":
        # English puts the speaker anywhere ("..., The Times said", "but Thomas said"): which of
        # two sources relays the other needs the clause structure, so both are kept as found.
        return [m for m, _role in kept]
    return _relayed_speakers(folded, kept)


def _sentence_context(folded: str, start: int, end: int) -> str:
    s = max(folded.rfind(".", 0, start), folded.rfind("\n", 0, start)) + 1
    e = min([p for p in (folded.find(".", end), folded.find("\n", end)) if p >= 0] or [len(folded)])
    return folded[s:e]


def _find_en(text: str, folded: str) -> list[tuple[Mention, str]]:
    found: list[tuple[Mention, str]] = []
    candidates: list[tuple[int, str, _Phrase, str]] = []
    for m in _CAPTION.finditer(folded):
        phrase = _en_forward(folded, m.end())
        if phrase:
            candidates.append((m.start(), "(source:", phrase, "relay"))
    for m in _EN_CUES.scan(folded):
        cue = re.sub(r"\s+", " ", m.group("cue").lower())
        phrase = _en_forward(folded, m.end) if m.kind == "forward" else _en_backward(folded, m.start)
        if phrase:
            role = "speaker" if m.kind == "verb" else "relay" if cue in _EN_RELAY_CUES else "other"
            candidates.append((m.start, cue, phrase, role))
    candidates.sort(key=lambda c: c[0])
    last_named: dict[str, str] = {}
    type_of_name: dict[str, str] = {}
    for _pos, cue, phrase, role in candidates:
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
        found.append((mention, role))
    return found


# Cues after which the source is the outlet the whole sentence relies on ("بحسب", "according to"):
# the subject of a speech verb in the same sentence ("أعلنت منظمة بدر ...، بحسب وكالة شفق نيوز") is
# whom that outlet quotes, not the claim's source. "citing"/"نقلاً عن" point the other way.
_AR_RELAY_CUES = frozenset({"بحسب", "حسب", "حسبما", "وفق", "وفقا", "طبق", "طبقا", "استنادا", "استناد",
                            "بالاستنادا", "بالاستناد"})
_EN_RELAY_CUES = frozenset({"according to", "as reported by", "reported by", "as cited by", "quoted by",
                            "in a report by", "in a report from", "(source:"})

# "بحسب ما نقلت وكالة X", "وفق ما أفاد به مراسل X": "ما" and its verb stand between cue and source.
_AR_AFTER_RELATIVE_VERB = frozenset(fold(w) for w in ("به", "بها", "عنه", "عنها", "لنا"))

# Where the subject of a speech verb ends ("أعلنت منظمة بدر | استنفار عناصرها"): Arabic puts the
# announced thing right after the speaker as a verbal noun (masdar) without the article. Derived-form
# masdars have tell-tale shapes; the shapes below rarely belong to a name after its first word.
_MASDAR_STRONG = re.compile(
    r"^(?:است..ا.|است.ا.ه"  # X: استنفار, استهداف, استعادة
    r"|ا.[تطد].ا.|ان..ا.)$"  # VIII: اعتقال, انتشار, اصطدام; VII: انسحاب, انطلاق
)
# Shapes shared with plurals and names ("إيران", "أحرار", "تحرير الشام"): they end a name only
# right after a word with the article, where an indefinite genitive cannot follow.
_MASDAR_WEAK = re.compile(
    r"^(?:ا..ا.|ا.ا.ه"  # IV: إطلاق, إسقاط, إصابة
    r"|ت..ي.|ت.ا..|م.ا..ه)$"  # II: تدمير, تنفيذ; VI: تبادل; III: مهاجمة
)
# Form I verbal nouns have no shape of their own; these are the ones statements announce.
_AR_FORM_I_CONTENT = frozenset(fold(w) for w in (
    "بدء", "مقتل", "مصرع", "سقوط", "وصول", "رفع", "شن", "ضبط", "دخول", "خروج", "نقل", "قتل", "منع", "فرض",
    "حظر", "صد", "أسر", "خطف", "رصد"))
_POSSESSIVE_END = ("ها", "هم", "هما", "كم")


def _is_definite(word: str) -> bool:
    return word.startswith(("ال", "وال")) and len(word) > 3


def _speaker_end(text: str, toks: list[re.Match[str]]) -> int:
    """How many tokens after a speech verb name the speaker; the rest is what it announced."""
    for i in range(1, len(toks)):
        word = strip_marks(toks[i].group())
        if not word[:1].isalpha() or _is_definite(word):
            continue
        after_definite = _is_definite(strip_marks(toks[i - 1].group()))
        if (_MASDAR_STRONG.match(word) or word in _AR_FORM_I_CONTENT) and (after_definite or i >= 2):
            return i
        if _MASDAR_WEAK.match(word) and after_definite:
            return i
        original = strip_marks(text[toks[i].start():toks[i].end()])
        if len(original) >= 5 and original.endswith(_POSSESSIVE_END):
            return i  # "عناصرها", "قواتهم": a name carries no possessive pronoun
    return len(toks)


def _skip_relative(folded: str, pos: int, verb_only: bool) -> int:
    """Past "ما" and its verb after a cue ("بحسب ما نقلت"); with verb_only, the cue held the ما."""
    toks = list(_AR_TOKEN.finditer(folded, pos, min(len(folded), pos + 60)))[:3]
    k = 0
    if not verb_only:
        if not toks or toks[0].group() != "ما":
            return pos
        k = 1
    if k >= len(toks) or not toks[k].group()[:1].isalpha():
        return pos
    k += 1
    if k < len(toks) and toks[k].group() in _AR_AFTER_RELATIVE_VERB:
        k += 1
    return toks[k - 1].end()


def _find_arfa(text: str, folded: str, language: str) -> list[tuple[Mention, str]]:
    found: list[tuple[Mention, str]] = []
    cues = _AR_CUES if language == "ar" else _FA_CUES
    for m in cues.finditer(folded):
        cue = re.sub(r"[\u064b-\u0652\u0640]", "", m.group("cue"))
        cue = re.sub(r"\s+", " ", cue).strip()
        lam_cue = language == "ar" and cue.endswith("ل") and cue not in _AR_VERB_CUES
        begin = _skip_relative(folded, m.end(), verb_only=cue == "حسبما") if language == "ar" else m.end()
        toks = _arfa_forward(folded, begin)
        if not toks:
            continue
        first = toks[0].group()
        # "وفقاً للمرصد": the cue's lam is the preposition, the next lam the article whose alef
        # the preposition swallowed, so the source is "المرصد".
        elided_article = lam_cue and len(first) > 3 and first.startswith("ل") and not first.startswith("لل")
        base = first[1:] if elided_article else first[2:] if first.startswith("ال") else first
        if cue in _AR_VERB_CUES and base in ("ان", "انه", "بان"):
            continue
        if cue in ("نشرت", "نشر") and base not in _MEDIA_WORDS and base not in _PUBLISHER_HEADS:
            continue  # "نشر الحشد قواته": deployed, not published
        before = folded[max(0, m.start() - 8):m.start()]
        relayed = bool(re.search(r"(?:(?<!\w)|حسب)ما\s+$|(?<!\w)كما\s+$", before))  # "بحسب ما ذكرت X"
        speaker = cue in _AR_VERB_CUES and not relayed
        if speaker:
            toks = toks[:_speaker_end(text, toks)]
        start, end = toks[0].start(), toks[-1].end()
        words = [t.group() for t in toks]
        if elided_article:
            words[0] = "ا" + words[0]
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
        mention = _mention(text, start, end, attrs)
        if elided_article:
            mention = replace(mention, value="ا" + mention.text)
        role = "speaker" if speaker else "relay" if relayed or cue.split(" ")[0] in _AR_RELAY_CUES else "other"
        found.append((mention, role))
    return found


_SENTENCE_END = re.compile(r"[.!?؟]+[\"'”’»)]*(?=\s|$)|\n")


def _relayed_speakers(folded: str, found: list[tuple[Mention, str]]) -> list[Mention]:
    """Drop a speaker that a relay cue in the same sentence quotes; the relay keeps it as `quoting`."""
    ends = [m.end() for m in _SENTENCE_END.finditer(folded)]

    def sentence(pos: int) -> int:
        return bisect.bisect_left(ends, pos)

    relays: dict[int, int] = {}
    for k, (m, role) in enumerate(found):
        if role == "relay":
            relays.setdefault(sentence(m.start), k)
    out = [m for m, _r in found]
    dropped: set[int] = set()
    for k, (m, role) in enumerate(found):
        r = relays.get(sentence(m.start)) if role == "speaker" else None
        if r is None or _overlap(m, out[r]):
            continue
        dropped.add(k)
        if out[r].attr("quoting") is None:
            out[r] = replace(out[r], attrs=(*out[r].attrs, ("quoting", m.value or m.text)))
    return [m for k, m in enumerate(out) if k not in dropped]


def _overlap(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end
