"""Weapon and vehicle mentions from a data file of names in English, Arabic and Farsi.

The list lives in data/weapons.yaml (id, kind, category, type, aliases per language) so
analysts can extend it without touching code. Matching is one Aho-Corasick pass over a
same-length folded, lower-cased copy of the text; a match must stand as a whole word (Arabic
may carry the prefixes و ب ل ف ك and the article, Farsi the plural ending ها), all-capital
aliases ("TOW", "SAM", "MILAN") only match in capitals, and phrases listed under
`not_weapons` ("think tank") block the aliases inside them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from ..datafiles import read_yaml_table
from ..errors import ExtractError
from ..records import Mention, MentionKind
from .numerals import check_text, fold

STEP = "weapons@1"
SUPPORTED_LANGUAGES = ("en", "ar", "fa")
_DATA = "weapons.yaml"


@dataclass(frozen=True)
class WeaponEntry:
    """One item of the weapons list."""

    id: str
    kind: str  # "weapon" | "vehicle"
    category: str
    type: str
    name: str  # first English alias, for display
    aliases: dict[str, tuple[str, ...]]


def _norm(text: str) -> str:
    """Same-length matching form: folded, lower-case, hyphens and slashes as spaces."""
    folded = fold(text)
    lowered = folded.lower()
    if len(lowered) != len(folded):  # a few characters lower-case to two ("İ"): go one by one
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
    return lowered.replace("-", " ").replace("/", " ")


@functools.lru_cache(maxsize=4)
def load_weapons(path: str | Path | None = None) -> tuple[tuple[WeaponEntry, ...], tuple[str, ...]]:
    """The weapons list (the packaged one unless `path`) and its not-a-weapon phrases.

    Raises ExtractError naming the entry when the file is malformed.
    """
    raw, where = read_yaml_table("watchfloor.extract", _DATA, path, ExtractError)
    if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list):
        raise ExtractError(f"{where} has no 'entries' list", hint="the file holds 'entries:' and 'not_weapons:'")
    entries = []
    seen: set[str] = set()
    for i, item in enumerate(raw["entries"]):
        if not isinstance(item, dict):
            raise ExtractError(f"{where}: entry {i} is not a mapping", hint="write each entry as {id: ..., kind: ...}")
        missing = [k for k in ("id", "kind", "category") if not item.get(k)]
        if missing or item["kind"] not in ("weapon", "vehicle"):
            raise ExtractError(f"{where}: entry {i} ({item.get('id')!r}) is missing {missing or 'a valid kind'}",
                               hint="each entry needs id, kind (weapon|vehicle), category and aliases")
        if item["id"] in seen:
            raise ExtractError(f"{where}: duplicate id {item['id']!r}", hint="ids must be unique")
        seen.add(item["id"])
        aliases = {lang: tuple(str(a) for a in item.get(lang) or ()) for lang in SUPPORTED_LANGUAGES}
        name = (aliases["en"] or aliases["ar"] or aliases["fa"] or (item["id"],))[0]
        entries.append(WeaponEntry(item["id"], item["kind"], item["category"], item.get("type", ""), name, aliases))
    return tuple(entries), tuple(raw.get("not_weapons") or ())


_LATIN = re.compile(r"[A-Za-z]")


def _variants(alias: str, latin: bool) -> set[str]:
    base = re.sub(r"\s+", " ", _norm(alias)).strip()
    forms = {base, base.replace(" ", "")} if re.search(r"\d", base) else {base}
    if latin:
        forms |= {f + "s" for f in list(forms) if not f.endswith("s")} | {f + "es" for f in list(forms) if f.endswith(("s", "x", "ch", "sh"))}
    return {f for f in forms if len(f) >= 2}


@functools.lru_cache(maxsize=4)
def _automaton(language: str) -> ahocorasick.Automaton:
    entries, not_weapons = load_weapons()
    auto = ahocorasick.Automaton()
    table: dict[str, tuple[int, bool]] = {}  # key -> (entry index or -1, capitals only)
    for phrase in not_weapons:
        for form in _variants(phrase, True):
            table[form] = (-1, False)
    for index, entry in enumerate(entries):
        langs = ("en",) if language == "en" else ("en", language)
        for lang in langs:
            for alias in entry.aliases[lang]:
                latin = bool(_LATIN.search(alias))
                capitals = latin and not any(c.islower() for c in alias)
                for form in _variants(alias, latin):
                    table.setdefault(form, (index, capitals))
    for key, (index, capitals) in table.items():
        auto.add_word(key, (len(key), index, capitals))
    auto.make_automaton()
    return auto


# Arabic clitics before a noun: conjunction (و ف), preposition (ب ل ك), article (ال): "وبالصواريخ".
_AR_PREFIX = re.compile(r"(?:^|[^\w])(?:[وف]?[بلك]?(?:ال)?|[وف]?لل)$")
_FA_SUFFIXES = (" هاي", " ها", "هاي", "ها", "ي")


def _starts_word(norm: str, start: int, language: str) -> bool:
    if start == 0 or not norm[start - 1].isalnum():
        return True
    return language == "ar" and bool(_AR_PREFIX.search(norm, max(0, start - 6), start))


def _word_end(norm: str, end: int, language: str) -> int | None:
    """End of the word that the match ends (with a Farsi plural ending), or None inside a word."""
    if language == "fa":
        for suffix in _FA_SUFFIXES:
            e = end + len(suffix)
            if norm[end:e] == suffix and (e >= len(norm) or not norm[e].isalnum()):
                return e
    if end >= len(norm) or not norm[end].isalnum():
        return end
    return None


def find_weapons(text: str, language: str) -> list[Mention]:
    """WEAPON and VEHICLE mentions; value = canonical id, attrs category, type and name.

    Languages: en, ar and fa (Arabic and Farsi text also match the English names); any other
    language gives an empty list.
    """
    check_text(text, STEP)
    if not text or language not in SUPPORTED_LANGUAGES:
        return []
    entries, _ = load_weapons()
    norm = _norm(text)
    found: list[tuple[int, int, int]] = []
    for last, (length, index, capitals) in _automaton(language).iter(norm):
        start = last + 1 - length
        if not _starts_word(norm, start, language):
            continue
        end = _word_end(norm, last + 1, language)
        if end is None:
            continue
        if capitals and any(c.islower() for c in text[start:last + 1]):
            continue
        if language == "ar" and norm[max(0, start - 2):start] == "ال":
            start -= 2  # keep the article in the span: "الدبابات", as written
        found.append((start, end, index))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    mentions: list[Mention] = []
    taken_end = -1
    for start, end, index in found:
        if start < taken_end:
            continue
        taken_end = end
        if index < 0:
            continue  # "think tank": not a weapon, and blocks what is inside it
        entry = entries[index]
        mentions.append(
            Mention(
                kind=MentionKind.VEHICLE if entry.kind == "vehicle" else MentionKind.WEAPON,
                start=start,
                end=end,
                text=text[start:end],
                value=entry.id,
                attrs=(("category", entry.category), ("type", entry.type), ("name", entry.name)),
                step=STEP,
            )
        )
    return mentions
