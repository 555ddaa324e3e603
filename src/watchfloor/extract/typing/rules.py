"""Keyword layer: make a prediction more specific without changing its evaluation label.

The classifier learns the monitor extensions (movement of forces, recruitment...) from a few
hand-written examples only. When it answers with the broad type of a label ("Change to
group/activity", "Other") and the lead holds cues of an extension that maps onto the same
label, the cue wins. Labels never change here, so the layer cannot hurt label scores.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..taxonomy import Taxonomy


@dataclass(frozen=True)
class Refinement:
    type_id: str
    rule: str  # e.g. "cue:convoy"


def _pattern(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    if not cues:
        return None
    alternatives = sorted((re.escape(c) for c in cues), key=len, reverse=True)
    # plain inflections count too: recruit -> recruits, recruiting, recruited
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")(?:s|es|d|ed|ing)?\b", re.IGNORECASE)


@functools.lru_cache(maxsize=4)
def _extension_patterns(taxonomy: Taxonomy) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """label -> [(extension type id, cue pattern)] for labels that have extensions."""
    out: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for t in taxonomy.types.values():
        pattern = _pattern(t.cues)
        if t.is_extension and pattern is not None and taxonomy.default_types[t.eval_label] != t.id:
            out.setdefault(t.eval_label, []).append((t.id, pattern))
    return out


def refine(type_id: str, text: str, taxonomy: Taxonomy) -> Refinement | None:
    """A more specific type with the same label, if the broad type was predicted and cues say so."""
    label = taxonomy.label_of(type_id)
    if taxonomy.default_types[label] != type_id:
        return None  # already specific
    best: tuple[int, str, str] | None = None
    for ext_id, pattern in _extension_patterns(taxonomy).get(label, ()):
        hits = pattern.findall(text)
        if hits and (best is None or len(hits) > best[0]):
            best = (len(hits), ext_id, pattern.search(text).group(0).lower())
    return Refinement(best[1], f"cue:{best[2]}") if best else None
