"""Mentions -> Claims: one claim per clause that holds an event trigger, every field tied to spans.

How a clause becomes a claim:
1. a trigger (data/triggers.yaml) says something happened and proposes a type; for violent
   families the trained classifier may refine the sub-type (English only: it reads no ar/fa);
   a trigger in a subordinate phrase ("alongside the exercises", "بعد هجوم") counts for less,
   and the actors inside that phrase belong to the other event;
2. actors, places, dates, quantities, fatalities and cited sources are the mentions inside
   the clause, with roles read from the words around them: "from" -> origin, "through" -> via,
   "on"/"against" -> target; Arabic puts the verb first, so its target is the noun joined by لـ
   or the victims counted "from" a group; "the IRGC's Sayyidah Zaynab Regiment": the unit acts,
   the owner is associated; "the IRGC and the PMU sent": both act; bystanders (pilgrims,
   civilians) are no participants of a force's own activity;
3. what a clause leaves out is carried from the text's own flow: "They", "the group",
   "its" take the previous claim's actor, but a group noun ("the buses", "the operatives")
   takes the actor it was introduced with ("five buses ... carrying PMU operatives"); "the same
   day" was already anchored by the date step; "the website added" keeps the report's cited
   source and its day; a sentence that starts with a pronoun ("They", "این نیروها", "هذه القوات")
   and repeats the previous claim's type extends that claim instead of making a new one;
4. a place that is only a piece of a longer name ("Haql Al-Ward" -> Haql, Ward), resolved in a
   country the paragraph never names and far from the claim's other places, is dropped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..records import (
    ActorRole,
    Claim,
    ClaimActor,
    ClaimPlace,
    DatePrecision,
    Mention,
    MentionKind,
    PlacePrecision,
    PlaceRole,
    Quantity,
)
from .triggers import Trigger, TriggerLexicon

VIOLENT_FAMILIES = {"battles", "explosions", "violence_against_civilians", "riots"}

# Words right before a place that give its role (checked nearest first).
_ROLE_CUES: dict[str, tuple[tuple[PlaceRole, re.Pattern[str]], ...]] = {
    "en": (
        (PlaceRole.VIA, re.compile(r"\b(?:through|via|across|by way of|crossing|along)\b[^.;]{0,40}$", re.I)),
        (PlaceRole.ORIGIN, re.compile(r"\b(?:from|out of|left|leaving|departed)\b[^.;,]{0,30}$", re.I)),
        (PlaceRole.DESTINATION, re.compile(
            r"\b(?:into|to|towards?|toward|heading (?:to|for)|bound for|destined for|arrived in|"
            r"arrived at|reached|entered|continued to|sent to)\b[^.;,]{0,30}$", re.I)),
    ),
    "ar": (
        (PlaceRole.VIA, re.compile(r"(?:عبر|من خلال|مرورا ب|مروراً ب)[^.؛]{0,30}$")),
        (PlaceRole.ORIGIN, re.compile(r"(?:^|\s)(?:من|قادمة من|قادمين من|انطلاقا من)\s+[^.؛،]{0,20}$")),
        (PlaceRole.DESTINATION, re.compile(r"(?:إلى|الى|نحو|باتجاه|صوب|وصولا إلى)[^.؛،]{0,20}$")),
    ),
    "fa": (
        (PlaceRole.VIA, re.compile(r"(?:از طریق|از مسیر|عبور از)[^.؛]{0,30}$")),
        (PlaceRole.ORIGIN, re.compile(r"(?:^|\s)از\s+[^.؛،]{0,20}$")),
        (PlaceRole.DESTINATION, re.compile(r"(?:به سمت|به سوی|به)\s+[^.؛،]{0,20}$")),
    ),
}
_PLACE_LIST_GAP = re.compile(r"^\s*(?:,|and|or|و|،|و\s)?\s*(?:the\s+)?$", re.I)
_TARGET_BEFORE = re.compile(
    r"\b(?:on|against|targeting|targeted|target|struck|hit|attacked|attacking|ambushed|killing|"
    r"killed|bombed|shelled|raided|at)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,3}$", re.I)
# Arabic puts the verb first ("هاجم مسلحون حاجزاً لقوات النظام": gunmen attacked a checkpoint of
# the army), so the verb is no target cue: the object is the noun after it, joined by لـ, or the
# victims counted "from" a group ("مقتل ٤ عناصر من كتائب حزب الله").
_TARGET_BEFORE_AR = re.compile(
    r"(?:(?:على|ضد|مقر[\w\u064b-\u0652]*|مواقع|موقع[\w\u064b-\u0652]*|حاجز[\w\u064b-\u0652]*|نقطة|نقاط|رتل[\w\u064b-\u0652]*|آلية|سيارة)\s+(?:\S+\s+){0,2}ل?"
    r"|(?:مقتل|قتل|إصابة|اصابة|جرح|إعدام)\s+(?:\S+\s+){0,2}(?:من|في)\s+)$")
_TARGET_BEFORE_FA = re.compile(
    r"(?:(?:به\s+)?(?:مواضع|مقر|مقرهای|پایگاه|پایگاه‌های|پایگاه\s+های|کاروان|خودروی)|علیه|"
    r"(?:کشته|زخمی)\s+شدن)\s+(?:\S+\s+){0,2}$")
_TARGET_BEFORE_BY_LANG = {"ar": _TARGET_BEFORE_AR, "fa": _TARGET_BEFORE_FA}
_ANAPHORA = re.compile(
    r"\b(?:they|them|their|it|its|the group|the group's|the militia|the militias|these militias|"
    r"the brigade|the brigade's|the forces|the operatives|the fighters|the movement|the organi[sz]ation|"
    r"the faction|the regiment|the unit|the convoy|the buses|the vehicles|the rest|the militiamen|"
    r"the troops|the reinforcements|the recruits|the experts|the advisers|the advisors|the trucks|"
    r"the gunmen|the commanders|the members|the elements|the soldiers|the militants)\b", re.I)
_SUBJECT_PRONOUN = re.compile(
    r"^\s*(?:they|it|he|she|the group|the militias?|the brigade|the forces|the operatives|the fighters|"
    r"the convoy|the buses|the rest|these militias|the movement|the organi[sz]ation)\b", re.I)
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|didn't|did not|no longer)\s+(?:\w+\s+){0,4}$", re.I)
_ANAPHORA_AR = re.compile(r"(?:الميليشيات|الميليشيا|المجموعة|الفصيل|عناصرها|قواتها|عناصره|قواته|هذه القوات|"
                          r"هذه العناصر|هذه التعزيزات|العناصر|الرتل)")
_ANAPHORA_FA = re.compile(r"(?:این نیروها|این افراد|این گروه|آنها|آن‌ها|نیروهای این گروه|این ستون|این شبه‌نظامیان)")
_ANAPHORA_BY_LANG = {"ar": _ANAPHORA_AR, "fa": _ANAPHORA_FA}
_CONTINUATION_SOURCE = re.compile(
    r"\b(?:reportedly|the report|the website|the site|the outlet|the channel|the agency|"
    r"it (?:also )?(?:noted|added|stated|said)|further stated|were said to|was said to|"
    r"the same sources?|the sources?)\b", re.I)
# "X reported that …", "according to X, …": the event is told after the frame.
_REPORT_FRAME = re.compile(
    r"\b(?:reported|reports|stated|states|said|says|posted|noted|added|announced|claimed|wrote|"
    r"published|revealed|confirmed|indicated|alleged)\s+(?:on\s+\w+\s+)?that\b|"
    r"\baccording to [^,.;]{2,80},", re.I)
_REPORT_FRAME_AR = re.compile(r"(?:أفاد\w*|ذكر\w*|قال\w*|أعلن\w*|نشر\w*)\s+(?:\S+\s+){0,4}?(?:أن|بأن)|بحسب [^،.]{2,60}،|وفقا[ً]? ل[^،.]{2,60}،")
# "Iran-backed", "opposition-affiliated": a name used as a descriptor is neither actor nor place.
# The hyphen matters: "the Regiment held exercises" is a verb, "opposition-held" a descriptor.
_DESCRIPTOR_AFTER = re.compile(
    r"^(?:[-‐–](?:backed|affiliated|linked|based|led|allied|aligned|sponsored|funded|supported|"
    r"controlled|held|run|born|made)\b"
    r"|\s(?:backed|affiliated|linked|aligned|sponsored)\b(?!\s+(?:the|a|an|by|its|their|his|her)\b))", re.I)
# A trigger in a subordinate phrase ("alongside the exercises") is context for another event.
_SUBORDINATE_BEFORE = re.compile(
    r"\b(?:alongside|in addition to|besides|following|after|amid|during|similar to)\s+(?:the\s+|these\s+|its\s+)?"
    r"(?:\w+\s+){0,2}$", re.I)
_SUBORDINATE_BEFORE_ARFA = re.compile(
    r"(?:بعد|عقب|إثر|اثر|خلال|على خلفية|ردا على|رداً على|جراء|پس از|بعد از|در پی|در پاسخ به|به دنبال|در جریان)"
    r"\s+(?:\S+\s+){0,1}$")
# Generic civilian actors cannot be the agent of a force's own activity.
_NOT_AGENTS = {"civilians", "protesters", "pilgrims", "refugees", "journalists"}
_FORCE_ACTIVITIES = {"strategic.movement_of_forces", "strategic.training_exercise",
                     "strategic.recruitment", "strategic.weapons_transfer", "strategic.alert_readiness",
                     "strategic.headquarters_or_base_established"}
# Two events in one clause: "…, as well as on a recruitment campaign …"
_EVENT_JOIN = re.compile(r",?\s+as well as\s+|;\s+|,\s+(?:while|whereas)\s+|\s+and also\s+", re.I)

_PRONOUN_START = re.compile(
    r"^\s*(?:they|these|those|the (?:operatives|fighters|forces|convoy|buses|militiamen|troops|"
    r"reinforcements)|some of them|several of them"
    r"|(?:و?قد\s+)?(?:هذه|تلك) (?:القوات|العناصر|التعزيزات|الأرتال)|و?كانت (?:القوات|العناصر|التعزيزات)"
    r"|(?:این|آن) (?:نیروها|افراد|ستون|گروه)|آنها|آن‌ها)(?!\w)", re.I)


@dataclass
class _Flow:
    """What earlier sentences leave for later ones to inherit."""

    actor: tuple[str, str | None, list[int]] | None = None  # name, actor id, mention indexes
    cited: tuple[str, list[int]] | None = None
    cited_paragraph: int = -1
    date: tuple[date, DatePrecision, list[int]] | None = None
    date_paragraph: int = -1
    last_claim: Claim | None = None
    last_paragraph: int = -1
    #: "five buses ... carrying PMU operatives": which actor a group noun was introduced with,
    #: so that "the buses" later points back to the PMU and not to whoever was named last.
    nouns: dict[str, tuple[str, str | None, list[int]]] = field(default_factory=dict)
    #: the last dated claim per cited source: "the website added" continues that report's time.
    report_dates: dict[str, tuple[date, DatePrecision, list[int]]] = field(default_factory=dict)


@dataclass
class ClauseDraft:
    """A clause with its trigger, before typing is refined."""

    start: int
    end: int
    sentence: tuple[int, int]
    paragraph: int
    trigger: Trigger
    background: bool
    extends: Claim | None = None
    extra_types: list[str] = field(default_factory=list)
    #: "after an ISIS attack", "alongside the exercises": phrases about another event
    subordinate: list[tuple[int, int]] = field(default_factory=list)


TypeRefiner = Callable[[Sequence[str]], Sequence[tuple[str, float]]]


def paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]


def assemble_claims(
    text: str,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    lexicon: TriggerLexicon,
    *,
    language: str = "en",
    reference_date: date | None = None,
    split_clauses: Callable[[str, int, int], list[tuple[int, int]]] | None = None,
    refine_types: TypeRefiner | None = None,
    steps: Sequence[str] = (),
) -> list[Claim]:
    """Build claims from a document's text, sentences and mentions (mention ids are list indexes)."""
    lang = language if language in _ROLE_CUES else "en"
    paras = paragraph_starts(text)
    drafts = _drafts(text, sentences, lexicon, lang, paras, split_clauses)
    if language not in (None, "", "en"):
        refine_types = None  # the trained typer reads English only: on ar/fa it answers noise (~0.1-0.2)
    types = _types(text, drafts, refine_types)
    flow = _Flow()
    claims: list[Claim] = []
    indexed = sorted(enumerate(mentions), key=lambda im: (im[1].start, -im[1].end))
    place_spans = [(m.start, m.end) for _i, m in indexed if m.kind is MentionKind.PLACE]
    para_countries: dict[int, set[str]] = {}
    for _i, m in indexed:
        if m.kind is MentionKind.PLACE and m.attr("precision") == "country" and m.attr("country"):
            para_countries.setdefault(_paragraph_of(paras, m.start), set()).add(m.attr("country"))
    for draft, (type_id, type_score) in zip(drafts, types, strict=True):
        inside = [(i, m) for i, m in indexed if m.start >= draft.start and m.end <= draft.end]
        in_sentence = [(i, m) for i, m in indexed
                       if m.start >= draft.sentence[0] and m.end <= draft.sentence[1]]
        claim = _build(text, draft, type_id, type_score, inside, in_sentence, flow, lang,
                       reference_date, list(steps))
        if claim is None:
            continue
        _drop_stray_places(text, claim, mentions, place_spans, para_countries.get(draft.paragraph, set()))
        if (flow.last_claim is not None and flow.last_paragraph == draft.paragraph
                and flow.last_claim.event_type == claim.event_type
                and _PRONOUN_START.match(text[draft.sentence[0]:draft.sentence[1]])):
            _extend(flow.last_claim, claim)
            # the follow-up's places now sit beside the first sentence's: strays show there
            _drop_stray_places(text, flow.last_claim, mentions, place_spans,
                               para_countries.get(draft.paragraph, set()))
            continue
        claims.append(claim)
        flow.last_claim, flow.last_paragraph = claim, draft.paragraph
    return claims


def _drafts(text, sentences, lexicon, lang, paras, split_clauses) -> list[ClauseDraft]:
    drafts = []
    for s, e in sentences:
        para = _paragraph_of(paras, s)
        background = lexicon.is_background(text[s:e], lang)
        clauses = split_clauses(text, s, e) if split_clauses else [(s, e)]
        for cs, ce in (piece for c in clauses for piece in _split_events(text, c, lexicon, lang)):
            found = [t for t in lexicon.find(text, cs, ce, lang) if not _negated(text, cs, t)]
            if not found:
                continue
            best = max(found, key=lambda t: (_weight(text, cs, t, lang), -t.start))
            draft = ClauseDraft(cs, ce, (s, e), para, best, background)
            draft.extra_types = sorted({t.type_id for t in found} - {best.type_id})
            draft.subordinate = [span for span in (_phrase(text, t, ce) for t in found
                                                   if t is not best and _weight(text, cs, t, lang) < t.priority)
                                 if not span[0] <= best.start < span[1]]
            drafts.append(draft)
    return drafts


_NEGATED_TRIGGER = re.compile(
    r"(?:\b(?:no (?:one|party|group|side)|nobody|not|never|did not|didn't|has not|have not|"
    r"had not|hasn't|haven't|denied|den(?:y|ies))\s+(?:\w+\s+){0,2}$)|(?:لم|لا|ما|نفى|نفت)\s+(?:\S+\s+){0,1}$", re.I)


def _negated(text: str, clause_start: int, trigger: Trigger) -> bool:
    """"No party claimed the strike", "did not enter": a denied event is no claim."""
    return bool(_NEGATED_TRIGGER.search(text[max(clause_start, trigger.start - 30):trigger.start]))


def _weight(text: str, clause_start: int, trigger: Trigger, lang: str = "en") -> int:
    """A trigger inside "alongside the exercises" or "after the strike" counts for less."""
    before = text[max(clause_start, trigger.start - 40):trigger.start]
    subordinate = _SUBORDINATE_BEFORE if lang == "en" else _SUBORDINATE_BEFORE_ARFA
    return trigger.priority - (60 if subordinate.search(before) else 0)


def _phrase(text: str, trigger: Trigger, clause_end: int) -> tuple[int, int]:
    """The words of a subordinate trigger's phrase: up to the next comma, at most 40 characters on."""
    stop = re.compile(r"[,،.;؛]")
    hit = stop.search(text, trigger.end, min(clause_end, trigger.end + 40))
    return trigger.start, hit.start() if hit else min(clause_end, trigger.end + 40)


def _split_events(text: str, clause: tuple[int, int], lexicon: TriggerLexicon, lang: str):
    """Split a clause at "as well as" / ";" when each side holds a trigger of its own type."""
    cs, ce = clause
    for join in _EVENT_JOIN.finditer(text, cs, ce):
        left = {t.type_id for t in lexicon.find(text, cs, join.start(), lang)}
        right = {t.type_id for t in lexicon.find(text, join.end(), ce, lang)}
        if left and right and right - left:
            return [(cs, join.start()), *_split_events(text, (join.end(), ce), lexicon, lang)]
    return [clause]


def _types(text, drafts, refine_types) -> list[tuple[str, float]]:
    """The trigger's type, refined by the classifier inside violent families.

    Only violent-family sentences go to the classifier (each sentence once): elsewhere the
    trigger's type stands, and the model is the costliest part of extraction."""
    base = [(d.trigger.type_id, 0.6) for d in drafts]
    if refine_types is None or not drafts:
        return base
    asked = list(dict.fromkeys(d.sentence for d in drafts if d.trigger.family in VIOLENT_FAMILIES))
    if not asked:
        return base
    answers = dict(zip(asked, refine_types([text[s:e] for s, e in asked]), strict=True))
    out = []
    for d, (type_id, score) in zip(drafts, base, strict=True):
        if d.sentence not in answers:
            out.append((type_id, score))
            continue
        pred, pscore = answers[d.sentence]
        if pred.split(".", 1)[0] in VIOLENT_FAMILIES and pscore >= 0.35:
            out.append((pred, max(score, pscore)))
        elif pred == type_id:
            out.append((type_id, max(score, pscore)))
        else:
            out.append((type_id, score))
    return out


def _paragraph_of(paras: list[int], offset: int) -> int:
    n = 0
    for i, start in enumerate(paras):
        if start <= offset:
            n = i
    return n


def _build(text, draft, type_id, type_score, inside, in_sentence, flow: _Flow, lang, reference_date,
           steps) -> Claim | None:
    cited = [(i, m) for i, m in in_sentence if m.kind is MentionKind.CITED_SOURCE]
    blocked = [(m.start, m.end) for _i, m in cited]
    self_reports = [(i, m) for i, m in inside
                    if m.kind is MentionKind.ACTOR and _overlaps(m, blocked)]
    actor_like = [(i, m) for i, m in inside
                  if m.kind in (MentionKind.ACTOR, MentionKind.ORGANISATION)
                  and not _overlaps(m, blocked) and not _descriptor(text, m)]
    blocked_for_places = blocked + [(m.start, m.end) for _i, m in actor_like]
    places = _outermost([(i, m) for i, m in inside
                         if m.kind is MentionKind.PLACE and not _overlaps(m, blocked_for_places)
                         and not m.attr("in_name")  # "Ohio" of "Ohio Department of Development"
                         and not _descriptor(text, m) and not _dateline(text, m)])
    quantities = [(i, m) for i, m in inside if m.kind is MentionKind.QUANTITY]
    dates = [(i, m) for i, m in inside if m.kind is MentionKind.DATE] or \
            [(i, m) for i, m in in_sentence if m.kind is MentionKind.DATE]

    claim = Claim(document_id=None, event_type=type_id, start=draft.start, end=draft.end,
                  background=draft.background, steps=steps)

    # the reporting frame ("X reported that") is who says it, not who did it
    frame_end = _frame_end(text, draft, lang)
    if frame_end > draft.start:
        content_actors = [(i, m) for i, m in actor_like if m.start >= frame_end]
        frame_actors = [(i, m) for i, m in actor_like if m.start < frame_end]
        if not cited and frame_actors:
            # "a statement issued by the PMU ... announced that": the speaker is the source
            i, m = frame_actors[-1]
            cited = [(i, m)]
        actor_like = content_actors
        places = [(i, m) for i, m in places if m.start >= frame_end]
        content_dates = [(i, m) for i, m in dates if m.start >= frame_end]
        dates = content_dates or dates

    # actors and their roles
    clause_text = text[draft.start:draft.end]
    content_start = max(draft.start, frame_end)
    content_text = text[content_start:draft.end]
    trig = draft.trigger
    subject = _SUBJECT_PRONOUN.match(content_text)
    local = None if subject else _local_subject(text, content_start, trig, actor_like)
    from_anaphora = False
    if subject and flow.actor and not any(m.start < content_start + subject.end() for _i, m in actor_like):
        name, actor_id, ids = _referent(text, draft.sentence[0], content_start + subject.start(),
                                        subject.group().strip(), flow)
        claim.actors.append(ClaimActor(name, ActorRole.ACTOR, actor_id, list(ids)))
        from_anaphora = True
    elif local is not None:
        found = _referent(text, draft.sentence[0], local.start(), local.group(1), flow)
        if found is not None:
            name, actor_id, ids = found
            claim.actors.append(ClaimActor(name, ActorRole.ACTOR, actor_id, list(ids)))
            from_anaphora = True
    possessors = _possessors(text, actor_like)
    side: set[int] = set()  # mentions inside a subordinate phrase: never promoted to actor
    previous: tuple[Mention, ActorRole] | None = None
    for i, m in _dedupe_actors(actor_like):
        if m.value and any(a.actor_id == m.value for a in claim.actors):
            continue
        before = text[max(draft.start, m.start - 60):m.start]
        is_target = bool(_TARGET_BEFORE_BY_LANG.get(lang, _TARGET_BEFORE).search(before)) \
            and m.start > trig.start - 40 and (lang == "en" or trig.family in VIOLENT_FAMILIES)
        role = ActorRole.TARGET if is_target else ActorRole.ACTOR
        if role is ActorRole.ACTOR and type_id in _FORCE_ACTIVITIES and m.value in _NOT_AGENTS:
            if type_id != "strategic.recruitment":
                continue  # pilgrims on the buses, civilian companies: bystanders, not participants
            role = ActorRole.ASSOCIATED
        if role is ActorRole.ACTOR and i in possessors:
            role = ActorRole.ASSOCIATED  # "the IRGC's Sayyidah Zaynab Regiment": the parent
        if role is ActorRole.ACTOR and any(s <= m.start < e for s, e in draft.subordinate):
            role = ActorRole.ASSOCIATED  # "after an attack by ISIS": the other event's actor
            side.add(i)
        if role is ActorRole.ACTOR and any(a.role is ActorRole.ACTOR for a in claim.actors) \
                and not _coordinated(text, previous, m, trig):
            role = ActorRole.ASSOCIATED
        claim.actors.append(ClaimActor(m.attr("name") or m.text, role, m.value, [i]))
        previous = (m, role)
    if claim.actors and not any(a.role is ActorRole.ACTOR for a in claim.actors):
        candidates = [a for a in claim.actors if a.role is ActorRole.ASSOCIATED and a.actor_id not in _NOT_AGENTS
                      and not set(a.mention_ids) & side]
        first = next((a for a in candidates if not set(a.mention_ids) & possessors), None) or \
            next(iter(candidates), None)
        if first is not None:
            first.role = ActorRole.ACTOR
    if not any(a.role is ActorRole.ACTOR for a in claim.actors) and self_reports \
            and type_id in _FORCE_ACTIVITIES | {"strategic.threat_or_warning", "strategic.claim_of_responsibility"}:
        i, m = self_reports[0]  # a group's own statement about itself
        claim.actors.insert(0, ClaimActor(m.attr("name") or m.text, ActorRole.ACTOR, m.value, [i]))
    if not any(a.role is ActorRole.ACTOR for a in claim.actors) and flow.actor:
        anaphora = _ANAPHORA_BY_LANG.get(lang, _ANAPHORA).search(clause_text)
        if anaphora:
            a_start = draft.start + anaphora.start()
            name, actor_id, ids = _referent(text, draft.sentence[0], a_start, anaphora.group(), flow)
            before = text[max(draft.start, a_start - 60):a_start]
            is_target = bool(_TARGET_BEFORE_BY_LANG.get(lang, _TARGET_BEFORE).search(before)) \
                and draft.trigger.family in VIOLENT_FAMILIES
            role = ActorRole.TARGET if is_target else ActorRole.ACTOR
            if not any(a.actor_id == actor_id and actor_id for a in claim.actors):
                claim.actors.append(ClaimActor(name, role, actor_id, list(ids)))
                from_anaphora = from_anaphora or role is ActorRole.ACTOR
    main = next((a for a in claim.actors if a.role is ActorRole.ACTOR), None)
    if main is not None and not subject:
        flow.actor = (main.name, main.actor_id, main.mention_ids)
    elif claim.actors and flow.actor is None:
        first = claim.actors[0]
        flow.actor = (first.name, first.actor_id, first.mention_ids)
    if main is not None and not from_anaphora:
        _bind_nouns(text, content_start, draft.end, (main.name, main.actor_id, main.mention_ids), actor_like, flow)

    # places and their roles
    previous_role: PlaceRole | None = None
    previous_end = draft.start
    for i, m in places:
        if _NEGATED_BEFORE.search(text[max(draft.start, m.start - 40):m.start]):
            continue  # "did not enter the city of X"
        role = _place_role(text, draft.start, previous_end, m, lang)
        gap = text[previous_end:m.start]
        if previous_role is not None and _PLACE_LIST_GAP.match(gap) and role is PlaceRole.AT:
            role = previous_role
        previous_role, previous_end = role, m.end
        same = next((p for p in claim.places if p.geonameid and p.geonameid == m.value
                     and p.precision.value == (m.attr("precision") or "place")), None)
        if same is not None:
            if same.role is PlaceRole.AT and role is not PlaceRole.AT:
                same.role = role
            same.mention_ids.append(i)
            continue
        claim.places.append(_claim_place(m, role, i))

    # cited source: in the sentence, else the paragraph's, else a continuation cue
    if cited:
        i, m = cited[0]
        name = m.value or m.text
        claim.cited_source, claim.cited_source_mention_ids = name, [i]
        flow.cited, flow.cited_paragraph = (name, [i]), draft.paragraph
    elif flow.cited and (flow.cited_paragraph == draft.paragraph
                         or _CONTINUATION_SOURCE.search(text[draft.sentence[0]:draft.sentence[1]])):
        claim.cited_source, claim.cited_source_mention_ids = flow.cited[0], list(flow.cited[1])

    # date: in the clause, else the sentence, else carried within the paragraph, else the date of
    # the report this statement continues ("The website added that ..." keeps the report's day)
    if dates:
        i, m = dates[0]
        d = _date_of(m)
        if d:
            claim.date, claim.date_precision, claim.date_mention_ids = d, _precision_of(m), [i]
    if claim.date is None and flow.date and flow.date_paragraph == draft.paragraph:
        claim.date, claim.date_precision, claim.date_mention_ids = flow.date
    if claim.date is None and claim.cited_source in flow.report_dates:
        claim.date, claim.date_precision, ids = flow.report_dates[claim.cited_source]
        claim.date_mention_ids = list(ids)
    if claim.date is None and reference_date is not None:
        claim.date, claim.date_precision = reference_date, DatePrecision.WEEK
    if claim.date_mention_ids:
        flow.date = (claim.date, claim.date_precision, claim.date_mention_ids)
        flow.date_paragraph = draft.paragraph
        if claim.cited_source and claim.date_precision is DatePrecision.DAY:
            flow.report_dates[claim.cited_source] = flow.date

    # quantities and fatalities
    for i, m in quantities:
        if m.attr("is_fatalities"):
            value = m.attr("value", m.value)
            try:
                claim.fatalities = int(float(value)) if value is not None else claim.fatalities
            except (TypeError, ValueError):
                pass
            claim.fatalities_mention_ids.append(i)
            continue
        claim.quantities.append(Quantity(
            value=_float(m.attr("value", m.value)), unit=m.attr("unit") or "", text=m.text,
            qualifier=m.attr("qualifier"), mention_ids=[i]))

    explicit = (bool(actor_like) or claim.places or claim.date_mention_ids or claim.quantities
                or claim.fatalities is not None)
    if not explicit:
        return None  # a trigger with nothing around it (boilerplate, a pronoun alone) is no claim
    claim.confidence = round(min(1.0, 0.25 + 0.3 * type_score
                                 + 0.15 * bool(claim.actors) + 0.15 * bool(claim.places)
                                 + 0.1 * bool(claim.date_mention_ids) + 0.05 * bool(claim.cited_source)), 3)
    return claim


# Group nouns that stand for an actor's people or vehicles ("the buses", "the operatives").
_CARRIER_NOUNS = (r"buses|busloads|convoys?|vehicles|trucks|cars|operatives|fighters|forces|troops|"
                  r"militiamen|reinforcements|experts|members|units|personnel|recruits|advisers|advisors|"
                  r"commanders|gunmen|elements|soldiers|militants")
_CARRIER = re.compile(rf"\b(?P<det>the\s+|these\s+|those\s+)?(?:[\w’'-]+\s+)?(?P<noun>{_CARRIER_NOUNS})\b", re.I)
_DEFINITE_CARRIER = re.compile(rf"\b(?:the|these|those)\s+(?P<noun>{_CARRIER_NOUNS})\b", re.I)
# The subject right before the trigger: "when they entered", "the buses had travelled".
_LOCAL_SUBJECT = re.compile(
    rf"\b(they|the\s+(?:{_CARRIER_NOUNS}))\s+(?:(?:had|have|has|were|was|reportedly|then|also|"
    r"allegedly|later|subsequently|been|said to have|believed to have)\s+){0,3}$", re.I)


def _local_subject(text: str, content_start: int, trig: Trigger, actor_like) -> re.Match[str] | None:
    """A pronoun or group noun right before the trigger, with no named actor in between."""
    window_start = max(content_start, trig.start - 60)
    hit = _LOCAL_SUBJECT.search(text, window_start, trig.start)
    if hit is None or any(hit.start() <= m.start < trig.start for _i, m in actor_like):
        return None
    return hit


def _referent(text: str, sentence_start: int, at: int, anaphor: str, flow: _Flow):
    """Who "they" / "the buses" is: the actor the group noun came in with, else the last actor."""
    noun = _DEFINITE_CARRIER.search(anaphor)
    if noun is None and anaphor.lower().startswith("the"):
        noun = _DEFINITE_CARRIER.search(text, sentence_start, at + len(anaphor))
    if noun is None:  # "they": the nearest group noun before it in the sentence
        nouns = list(_DEFINITE_CARRIER.finditer(text, sentence_start, at))
        noun = nouns[-1] if nouns else None
    if noun is not None and noun.group("noun").lower() in flow.nouns:
        return flow.nouns[noun.group("noun").lower()]
    return flow.actor


def _bind_nouns(text: str, content_start: int, end: int, actor: tuple[str, str | None, list[int]],
                actor_like, flow: _Flow) -> None:
    """Remember the group nouns a named actor's claim introduces ("five buses", "its operatives");
    a noun right after a name belongs to that name ("ISIS militants")."""
    for m in _CARRIER.finditer(text, content_start, end):
        if m.group("det"):
            continue
        noun_start = m.start("noun")
        owner = next(((a.attr("name") or a.text, a.value, [i]) for i, a in actor_like
                      if 0 <= noun_start - a.end <= 2), None)
        flow.nouns[m.group("noun").lower()] = owner or actor


def _possessors(text: str, actor_like) -> set[int]:
    """Mention ids of actors that own the next one ("the IRGC's Sayyidah Zaynab Regiment")."""
    out = set()
    for (i, m), (_j, n) in zip(actor_like, actor_like[1:], strict=False):
        if re.fullmatch(r"\s*['’]s?\s+(?:own\s+)?", text[m.end:n.start]):
            out.add(i)
    return out


def _coordinated(text: str, previous: tuple[Mention, ActorRole] | None, m: Mention, trig: Trigger) -> bool:
    """"the IRGC and the Iraqi PMU had sent": two subjects joined by "and" share the actor role."""
    if previous is None or previous[1] is not ActorRole.ACTOR or m.start > trig.start:
        return False
    gap = text[previous[0].end:m.start]
    return bool(re.fullmatch(r"\s*(?:,|and|&)?\s*(?:and\s+)?(?:the\s+)?|\s*و\s*", gap, re.I))


# A place this far from every other place of its claim, in a country its paragraph never names,
# is a stray when its name was only a piece of a longer one ("Haql Al-Ward" -> Haql, Ward).
STRAY_KM = 300.0
_CAPITALISED_AFTER = re.compile(r"^[\s\"“”'‘’]*[A-Z]")
_CAPITALISED_BEFORE = re.compile(r"(?<![.!?]\s)\b(?!(?:The|A|An|In|On|At|From|To|Of|And|Near|Via)\b)[A-Z][\w’'-]*[\s\"“”'‘’]*$")


def _fragment(text: str, m: Mention, place_spans: list[tuple[int, int]]) -> bool:
    """Is this toponym glued to another name (a place mention or a capitalised word) with no separator?"""
    for s, e in place_spans:
        if (s, e) == (m.start, m.end) or (s <= m.start and m.end <= e) or (m.start <= s and e <= m.end):
            continue
        if 0 <= s - m.end <= 3 and not text[m.end:s].strip(" \"'“”‘’"):
            return True
        if 0 <= m.start - e <= 3 and not text[e:m.start].strip(" \"'“”‘’"):
            return True
    return bool(_CAPITALISED_AFTER.match(text[m.end:m.end + 4])
                or _CAPITALISED_BEFORE.search(text[max(0, m.start - 30):m.start]))


def _drop_stray_places(text: str, claim: Claim, mentions: Sequence[Mention],
                       place_spans: list[tuple[int, int]], paragraph_countries: set[str]) -> None:
    """Drop name fragments resolved far away, outside every country the context names."""
    if len(claim.places) < 2 and not paragraph_countries:
        return
    strays = []
    for p in claim.places:
        if p.lat is None or p.lon is None or p.precision is not PlacePrecision.PLACE or not p.mention_ids:
            continue
        others = [o for o in claim.places if o is not p and o.lat is not None and o.lon is not None]
        context = paragraph_countries | {o.country for o in others if o.country}
        if not context or p.country in context:
            continue
        if any(_km(p.lat, p.lon, o.lat, o.lon) <= STRAY_KM for o in others):
            continue
        if _fragment(text, mentions[p.mention_ids[0]], place_spans):
            strays.append(p)
    claim.places = [p for p in claim.places if not any(p is s for s in strays)]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _dedupe_actors(actor_like):
    """One entry per actor id (or per name for unknown organisations), first mention kept."""
    seen: set[str] = set()
    out = []
    for i, m in actor_like:
        key = m.value or m.text.lower()
        if key in seen:
            continue
        seen.add(key)
        out.append((i, m))
    return out


def _frame_end(text: str, draft: ClauseDraft, lang: str) -> int:
    """End of "X reported that" when it comes before the trigger, else the clause start."""
    pattern = _REPORT_FRAME_AR if lang == "ar" else _REPORT_FRAME
    end = draft.start
    for m in pattern.finditer(text, draft.start, draft.trigger.start):
        end = m.end()
    return end


# "Syrian opposition sites", "PMU media": a name before a media noun says who reports, not who acts.
_SOURCE_NOUN_AFTER = re.compile(
    r"^['’]?s?\s+(?:media|sites?|websites?|outlets?|channels?|accounts?|news agency|news|activists|"
    r"sources?|networks?|press|journalists|correspondents?)\b", re.I)


# "BEIRUT, Oct 12 (Reuters) -": where the story was filed, not where it happened.
_DATELINE_AFTER = re.compile(r"^(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?(?:,\s*\d{4})?)?\s*(?:\([^)]{1,40}\))?\s*[-–—:]")


def _dateline(text: str, m: Mention) -> bool:
    line_start = text.rfind("\n", 0, m.start) + 1
    if text[line_start:m.start].strip() or not m.text.isupper():
        return False
    return bool(_DATELINE_AFTER.match(text[m.end:m.end + 60]))


def _descriptor(text: str, m: Mention) -> bool:
    after = text[m.end:m.end + 24]
    return bool(_DESCRIPTOR_AFTER.match(after) or (m.kind is not MentionKind.PLACE and _SOURCE_NOUN_AFTER.match(after)))


def _outermost(items):
    """Keep "east of Deir ez-Zor" and drop the "Deir ez-Zor" inside it: the phrase is the claim's place."""
    return [(i, m) for i, m in items
            if not any(o is not m and o.start <= m.start and m.end <= o.end
                       and (o.end - o.start) > (m.end - m.start) for _j, o in items)]


def _overlaps(m: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(m.start < e and s < m.end for s, e in spans)


def _place_role(text: str, clause_start: int, previous_end: int, m: Mention, lang: str) -> PlaceRole:
    window = text[max(clause_start, previous_end, m.start - 50):m.start]
    best: tuple[int, PlaceRole] | None = None
    for role, pattern in _ROLE_CUES[lang]:
        hit = pattern.search(window)
        if hit and (best is None or hit.start() > best[0]):
            best = (hit.start(), role)
    return best[1] if best else PlaceRole.AT


def _claim_place(m: Mention, role: PlaceRole, index: int) -> ClaimPlace:
    precision = m.attr("precision") or "place"
    try:
        prec = PlacePrecision(precision)
    except ValueError:
        prec = PlacePrecision.PLACE
    return ClaimPlace(
        name=m.attr("name") or m.text, role=role, geonameid=m.value, lat=_float(m.attr("lat")),
        lon=_float(m.attr("lon")), country=m.attr("country"), precision=prec, mention_ids=[index],
        radius_km=_float(m.attr("radius_km")),
    )


def _date_of(m: Mention) -> date | None:
    try:
        return date.fromisoformat(str(m.value)[:10]) if m.value else None
    except ValueError:
        return None


def _precision_of(m: Mention) -> DatePrecision:
    try:
        return DatePrecision(m.attr("precision") or "day")
    except ValueError:
        return DatePrecision.DAY


def _float(v) -> float | None:
    try:
        return float(v) if v is not None else None
    except (TypeError, ValueError):
        return None


def _extend(claim: Claim, more: Claim) -> None:
    """A follow-on sentence ("They entered through …") adds its detail to the claim it continues."""
    claim.end = max(claim.end, more.end)
    known_places = {(p.geonameid or p.name, p.role) for p in claim.places}
    for p in more.places:
        if (p.geonameid or p.name, p.role) not in known_places:
            claim.places.append(p)
    known_actors = {a.actor_id or a.name for a in claim.actors}
    for a in more.actors:
        if (a.actor_id or a.name) not in known_actors:
            claim.actors.append(a if a.role is not ActorRole.ACTOR else
                                ClaimActor(a.name, ActorRole.ASSOCIATED, a.actor_id, a.mention_ids))
    claim.quantities.extend(more.quantities)
    if not claim.date_mention_ids and more.date_mention_ids:  # "These forces entered Syria on 3 November"
        claim.date, claim.date_precision, claim.date_mention_ids = more.date, more.date_precision, more.date_mention_ids
    if claim.fatalities is None and more.fatalities is not None:
        claim.fatalities, claim.fatalities_mention_ids = more.fatalities, more.fatalities_mention_ids
    if not claim.cited_source and more.cited_source:
        claim.cited_source, claim.cited_source_mention_ids = more.cited_source, more.cited_source_mention_ids
