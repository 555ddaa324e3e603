"""Event triggers from data (data/triggers.yaml): the words that say something happened."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import ConfigError

DATA = Path(__file__).with_name("data") / "triggers.yaml"

# Arabic and Farsi attach conjunctions, prepositions and the article to the word.
_AR_PREFIX = r"(?<![\w])(?:و|ف|ب|ل|ك)?(?:ال|لل)?"
_LATIN_START = r"(?<![\w-])"


@dataclass(frozen=True)
class Trigger:
    type_id: str
    start: int
    end: int
    priority: int

    @property
    def family(self) -> str:
        return self.type_id.split(".", 1)[0]


@dataclass(frozen=True, eq=False)
class TriggerLexicon:
    """One compiled alternation per language; group names say which type matched."""

    patterns: dict[str, re.Pattern[str]]
    group_types: dict[str, tuple[str, int]]
    background: dict[str, tuple[str, ...]]
    #: the last text scanned per language, with its triggers (see find)
    _last: dict[str, tuple[str, list[Trigger], list[int]]] = field(default_factory=dict, compare=False, repr=False)

    def find(self, text: str, start: int = 0, end: int | None = None,
             language: str = "en") -> list[Trigger]:
        """Triggers inside text[start:end]. The whole text is scanned once and kept for the next calls,
        since claims ask for every sentence, clause and half-clause of the same document."""
        end = len(text) if end is None else end
        found, starts = self._scan(text, language)
        out = []
        for t in found[bisect_left(starts, start):]:
            if t.start >= end:
                break
            if t.end <= end:
                out.append(t)
        return out

    def _scan(self, text: str, language: str) -> tuple[list[Trigger], list[int]]:
        last = self._last.get(language)
        if last is not None and (last[0] is text or last[0] == text):
            return last[1], last[2]
        pattern = self.patterns.get(language) or self.patterns["en"]
        found = []
        for m in pattern.finditer(text):
            group = m.lastgroup
            if group is None:
                continue
            type_id, priority = self.group_types[group]
            found.append(Trigger(type_id, m.start(), m.end(), priority))
        starts = [t.start for t in found]
        self._last[language] = (text, found, starts)
        return found, starts

    def is_background(self, sentence: str, language: str = "en") -> bool:
        low = sentence.lower()
        return any(cue in low for cue in self.background.get(language, ()))


@lru_cache(maxsize=4)
def load_triggers(path: str | None = None) -> TriggerLexicon:
    """Compile the trigger lexicon (cached: it is read once per process)."""
    source = Path(path) if path else DATA
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read trigger lexicon {source}: {exc}") from None
    by_lang: dict[str, list[str]] = {}
    group_types: dict[str, tuple[str, int]] = {}
    for n, (type_id, entry) in enumerate(data["types"].items()):
        priority = int(entry.get("priority", 50))
        for lang, pats in entry.items():
            if lang == "priority":
                continue
            for k, pat in enumerate(pats):
                group = f"t{n}_{lang}_{k}"
                group_types[group] = (type_id, priority)
                if lang != "en":
                    tail = r"\w*"  # suffixes: -ات, -ت, -ها
                else:
                    tail = "" if pat.endswith(r"\b") or "(?=" in pat else r"\b"
                by_lang.setdefault(lang, []).append(f"(?P<{group}>(?:{pat}){tail})")
    patterns = {}
    for lang, alts in by_lang.items():
        # the word-start check comes once before the alternation, so positions inside a word fail fast
        lead = _LATIN_START if lang == "en" else _AR_PREFIX
        try:
            patterns[lang] = re.compile(f"{lead}(?:{'|'.join(alts)})", re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(f"{source}: bad trigger pattern for {lang}: {exc}") from None
    background = {lang: tuple(c.lower() for c in cues) for lang, cues in data.get("background", {}).items()}
    return TriggerLexicon(patterns, group_types, background)
