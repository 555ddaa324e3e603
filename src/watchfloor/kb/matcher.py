"""Find actor names in text: every alias of the knowledge base, in one Aho-Corasick pass.

Both the aliases and the text are folded (kb.normalize) so spelling variants meet; offsets are
mapped back to the original text. Rules on top of the exact match:

- whole words only; longest match wins; a possessive 's may follow a Latin-script name;
- short ALL-CAPS abbreviations (SDF, PMU, HTS) match only in capitals, and two-letter ones
  (IS, KH) only when a neighbouring word says a group is meant ("IS fighters", "claimed by IS");
- Arabic-script names may carry attached prefixes (و ف ب ل ك, and لل for ال);
- an alias shared by several actors gives one mention listing all candidates; a date lets the
  matcher keep the one active then (the Syrian army before and after 8 Dec 2024).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import ahocorasick

from ..records import Actor, Mention, MentionKind
from .loader import KnowledgeBase, load_kb
from .normalize import APOSTROPHES, fold, fold_text, is_arabic_letter

STEP = "actors.kb@1"

#: Letters that attach to the front of an Arabic word: and, so, with/in, for/to, like.
ARABIC_PROCLITICS = frozenset("وفبلك")
_MAX_PROCLITICS = 3
#: Words next to a two-letter abbreviation that show a group is meant ("IS fighters").
CUES_AFTER = frozenset("""
fighters fighter militants militant cell cells members member attack attacks attacked remnants
operatives operative group claimed claims claim propaganda affiliate affiliates province wilayat
emir emirs leader leaders leadership jihadists suicide bomber bombers gunmen insurgents insurgency
detainees prisoners families camp camps sleeper commander commanders officials official
fighters' militia militias forces loyalists supporters media spokesman statement
will would had has have was were still also could may might said says claimed took seized
controls controlled captured killed executed launched used uses lost retreated threatens remains
""".split())
CUES_BEFORE = frozenset("""
by against of from with former suspected alleged pro anti join joined joining defeat defeated
fighting fought rival rivals ex between and fled fleeing fight fights combat combating
""".split())
_WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class _Key:
    """Everything known about one folded alias."""

    candidates: tuple[str, ...]  # actor ids, best first
    alias: str  # the alias as written in the knowledge base
    language: str
    case_sensitive: bool
    #: Letter sequences a case-sensitive match may show: the alias's own, or all capitals.
    case_forms: frozenset[str]
    needs_context: bool
    arabic: bool
    confidence: float


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    key: _Key


def _letters(alias: str) -> str:
    return "".join(c for c in alias if c.isalpha())


def _is_abbreviation(alias: str) -> bool:
    """SDF, PMU, IRGC-QF, U.S., DoD, SyAAF: short, one word, mostly capitals."""
    letters = _letters(alias)
    if not 0 < len(letters) <= 7 or " " in alias.strip():
        return False
    return letters.isupper() or sum(c.isupper() for c in letters) >= 2


def _base_confidence(alias: str, actor: Actor, generic: bool) -> float:
    if generic:
        return 0.7
    if _is_abbreviation(alias):
        return 0.75 if len(_letters(alias)) <= 2 else 0.85
    if alias == actor.name or len(alias.split()) >= 2 or is_arabic_letter(alias[:1]):
        return 0.95
    return 0.9


class ActorMatcher:
    """Finds mentions of the knowledge base's actors in a text."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._keys: dict[str, _Key] = {}
        self._automaton = ahocorasick.Automaton()
        self._build()

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        entries: dict[str, list[tuple[str, str, str]]] = {}  # key -> [(actor id, alias, lang)]
        for actor in self.kb:
            for lang, alias in [("en", actor.name)] + [(lang, a) for lang, names in actor.aliases.items()
                                                          for a in names]:
                if "(" in alias:  # "Republican Guard (Syria)" is a label, not something written
                    continue
                key = fold(alias)
                if len(key.replace(" ", "")) < 2:
                    continue
                entries.setdefault(key, []).append((actor.id, alias, lang))
        for key, rows in entries.items():
            ids: list[str] = []
            for actor_id, _, _ in rows:
                if actor_id not in ids:
                    ids.append(actor_id)
            # a case-insensitive spelling of the same key makes the key case-insensitive
            case_sensitive = all(_is_abbreviation(alias) for _, alias, _ in rows)
            _, alias, lang = rows[0]
            confidence = max(_base_confidence(a, self.kb.actors[i], self.kb.info[i].generic)
                             for i, a, _ in rows)
            if len(ids) > 1:
                confidence = min(confidence, 0.5)
            info = _Key(
                candidates=tuple(ids),
                alias=alias,
                language=lang,
                case_sensitive=case_sensitive,
                case_forms=frozenset(f for _, a, _ in rows for f in (_letters(a), _letters(a).upper())),
                needs_context=case_sensitive and len(_letters(alias)) <= 2,
                arabic=is_arabic_letter(key[:1]),
                confidence=confidence,
            )
            self._add(key, info)
            if info.arabic and key.startswith("ال") and len(key) > 3:
                self._add("لل" + key[2:], info)  # ل + ال is written لل
        self._automaton.make_automaton()

    def _add(self, key: str, info: _Key) -> None:
        if key in self._keys:  # the لل form of one alias may equal another alias: keep the alias
            return
        self._keys[key] = info
        self._automaton.add_word(key, key)

    # -- matching ----------------------------------------------------------------------------
    def find(self, text: str, language: str | None = None,
             on: date | datetime | None = None) -> list[Mention]:
        """Actor mentions in `text`, in order, each with value = actor id.

        `language` is the document's language; all scripts are matched in every document
        because reports mix them (English text quoting Arabic names). `on` is the date the
        text speaks of: it picks between actors sharing a name by when they existed.
        """
        del language  # accepted for a uniform extract-step signature; see the docstring
        if not text:
            return []
        when = on.date() if isinstance(on, datetime) else on
        folded = fold_text(text)
        hits: list[_Hit] = []
        for end_index, key in self._automaton.iter(folded.text):
            start = end_index - len(key) + 1
            info = self._keys[key]
            hit = self._accept(text, folded.text, folded.origin, start, end_index + 1, info)
            if hit is not None:
                hits.append(hit)
        chosen = _longest_first(hits)
        countries = self._context_countries(chosen)
        return [self._mention(text, hit, when, countries) for hit in chosen]

    def resolve(self, name: str, on: date | datetime | None = None) -> Actor | None:
        """The actor a name stands for: "Kataib Hizbullah", "Protesters (Iraq)", an ACLED name.

        Exact names, aliases and ACLED names first (also without a trailing "(...)"), else the
        longest actor mention inside `name`. For scoring and importing coded data.
        """
        when = on.date() if isinstance(on, datetime) else on
        stripped = re.sub(r"\s*\([^)]*\)\s*$", "", name)
        for candidate in (name, stripped):
            found = self.kb.lookup(candidate)
            if found:
                ids = tuple(a.id for a in found)
                if len(ids) > 1:
                    ids, _ = self._resolve(ids, when, {})
                return self.kb.actors[ids[0]]
        mentions = self.find(name, on=when)
        if not mentions:
            return None
        best = max(mentions, key=lambda m: (m.end - m.start, -m.start))
        return self.kb.actors[best.value] if best.value else None

    def _context_countries(self, hits: list[_Hit]) -> dict[str, int]:
        """How often each country's actors are named unambiguously in this text."""
        counts: dict[str, int] = {}
        for hit in hits:
            if len(hit.key.candidates) == 1:
                country = self.kb.actors[hit.key.candidates[0]].country
                if country:
                    counts[country] = counts.get(country, 0) + 1
        return counts

    def _accept(self, text: str, ftext: str, origin: Sequence[int], start: int, end: int,
                info: _Key) -> _Hit | None:
        o_start, o_end = origin[start], origin[end - 1] + 1
        if info.arabic:
            if not _arabic_left_ok(ftext, start) or _is_word_char(ftext, end):
                return None
        else:
            if _is_word_char(ftext, start - 1):
                return None
            if _is_word_char(ftext, end) and not _possessive_follows(text, o_end):
                return None
        if info.case_sensitive:
            if _letters(text[o_start:o_end]) not in info.case_forms:
                return None
            if info.needs_context and not _context_suggests_group(text, o_start, o_end):
                return None
        # keep Arabic proclitics out of the span: the mention names the actor only;
        # but close a quotation opened inside it (the Iranian “security bureau”)
        if o_end < len(text) and text[o_end] in "”\"»" and any(q in text[o_start:o_end] for q in "“\"«"):
            o_end += 1
        return _Hit(o_start, o_end, info)

    def _mention(self, text: str, hit: _Hit, when: date | None,
                 countries: dict[str, int]) -> Mention:
        info = hit.key
        candidates = info.candidates
        confidence = info.confidence
        attrs: list[tuple[str, object]] = [("alias", info.alias), ("language", info.language)]
        if len(candidates) > 1:
            candidates, how = self._resolve(candidates, when, countries)
            if how:
                confidence = 0.8 if how == "date" else 0.7
                attrs.append(("resolved_by", how))
        actor_id = candidates[0]
        attrs.append(("name", self.kb.actors[actor_id].name))
        if len(candidates) > 1:
            attrs.append(("candidates", candidates))
        actor_info = self.kb.info[actor_id]
        if actor_info.generic:
            attrs.append(("generic", True))
        if when is not None and not _active_on(self.kb, actor_id, when):
            attrs.append(("note", _era_note(self.kb, actor_id, when)))
            if actor_info.successor:
                attrs.append(("successor", actor_info.successor))
        attrs.append(("confidence", round(confidence, 2)))
        return Mention(
            kind=MentionKind.ACTOR,
            start=hit.start,
            end=hit.end,
            text=text[hit.start:hit.end],
            value=actor_id,
            attrs=tuple(attrs),
            step=STEP,
        )


    def _resolve(self, candidates: tuple[str, ...], when: date | None,
                 countries: dict[str, int]) -> tuple[tuple[str, ...], str | None]:
        """Order actors sharing a name: by the text's other actors' countries, then by date.

        A date only decides between actors of one country (the Syrian army before and after
        Dec 2024); across countries the text's other actors say which country is meant.
        """
        def country(c: str) -> str | None:
            return self.kb.actors[c].country

        how = None
        pool = list(candidates)
        scores = {c: countries.get(country(c) or "", 0) for c in pool}
        best = max(scores.values())
        if best > 0 and sum(1 for v in scores.values() if v == best) < len(pool):
            pool = [c for c in pool if scores[c] == best]
            how = "context"
        if len(pool) > 1 and when is not None and len({country(c) for c in pool}) == 1:
            active = [c for c in pool if _active_on(self.kb, c, when)]
            if len(active) == 1:
                pool = active
                how = "date"
        if len(pool) == 1 and how:
            return (pool[0], *[c for c in candidates if c != pool[0]]), how
        return candidates, None


def _is_word_char(ftext: str, i: int) -> bool:
    return 0 <= i < len(ftext) and ftext[i].isalnum()


def _arabic_left_ok(ftext: str, start: int) -> bool:
    """Start of a word, or only attached prefixes (و ف ب ل ك) between it and a word start."""
    i = start - 1
    steps = 0
    while i >= 0 and ftext[i] in ARABIC_PROCLITICS and steps < _MAX_PROCLITICS:
        i -= 1
        steps += 1
    return i < 0 or not ftext[i].isalnum()


def _possessive_follows(text: str, o_end: int) -> bool:
    """The name is followed by 's (Hezbollah's), which folding had glued to it."""
    if o_end >= len(text) or text[o_end] not in APOSTROPHES:
        return False
    if o_end + 1 >= len(text) or text[o_end + 1] not in "sS":
        return False
    after = o_end + 2
    return after >= len(text) or not text[after].isalnum()


def _context_suggests_group(text: str, o_start: int, o_end: int) -> bool:
    """For two-letter abbreviations: does a neighbouring word show that a group is meant?"""
    after = _WORD.search(text, o_end)
    if o_end < len(text) and text[o_end] in "-–":  # IS-linked, IS-claimed
        return True
    if text[o_start - 1:o_start] == "(" and text[o_end:o_end + 1] == ")":  # Islamic State (IS)
        return True
    if o_end + 1 < len(text) and text[o_end] in APOSTROPHES and text[o_end + 1] in "sS":
        return True
    before_words = _WORD.findall(text[max(0, o_start - 40):o_start])
    prev = before_words[-1] if before_words else ""
    nxt = after.group(0) if after and after.start() - o_end <= 2 else ""
    if prev.isupper() and len(prev) > 1 and nxt.isupper() and len(nxt) > 1:
        return False  # an all-caps headline: "WHAT IS NEXT"
    if nxt.lower() in CUES_AFTER:
        return True
    return prev.lower() in CUES_BEFORE


def _longest_first(hits: list[_Hit]) -> list[_Hit]:
    """Non-overlapping hits, preferring the longest; returned in text order."""
    taken: list[_Hit] = []
    occupied = bytearray(max((h.end for h in hits), default=0))
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if any(occupied[hit.start:hit.end]):
            continue
        taken.append(hit)
        occupied[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)
    return sorted(taken, key=lambda h: h.start)


def _active_on(kb: KnowledgeBase, actor_id: str, when: date) -> bool:
    info = kb.info[actor_id]
    if info.active_from and when < info.active_from:
        return False
    return not (info.active_until and when > info.active_until)


def _era_note(kb: KnowledgeBase, actor_id: str, when: date) -> str:
    info = kb.info[actor_id]
    name = kb.actors[actor_id].name
    if info.active_until and when > info.active_until:
        note = f"{name} existed until {info.active_until.isoformat()}"
    else:
        note = f"{name} existed from {info.active_from.isoformat() if info.active_from else '?'}"
    if info.successor and info.successor in kb.actors:
        note += f"; its successor is {kb.actors[info.successor].name} ({info.successor})"
    return note


@lru_cache(maxsize=4)
def _cached_matcher(paths: tuple[str, ...], stamps: tuple[float, ...]) -> ActorMatcher:
    return ActorMatcher(load_kb(paths))


def default_matcher(extra_files: Sequence[Path | str] = ()) -> ActorMatcher:
    """A matcher over the bundled actors plus `extra_files`, built once per set of files."""
    paths = tuple(str(Path(p).expanduser()) for p in extra_files)
    stamps = tuple(Path(p).stat().st_mtime if Path(p).exists() else -1.0 for p in paths)
    return _cached_matcher(paths, stamps)
