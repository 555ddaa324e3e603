"""From a span of a translation back to the original text.

A translation is made sentence by sentence, so each translated line knows the (start, end)
of the source sentence it came from: that is always true, and is precision "sentence".
Inside a sentence, tokens that survive translation unchanged serve as anchors: numbers
(Arabic-Indic and Persian digits count as the same number), Latin-script words such as
names and acronyms, @handles and URLs. A translated span that contains anchors maps to the
source span those anchors cover (precision "anchor") when both of its ends are anchors;
any other span maps to its whole source sentence (precision "sentence"), with a
proportional estimate inside it, bent through the anchors, for display only.

Claims and mentions read from a translation are carried back with `mention_to_original`
and `claim_to_original`, which keep the translated span in the mention's attrs.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

from ...errors import ReadError
from ...records import Claim, Mention

Precision = Literal["anchor", "sentence", "document"]

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ANCHOR = re.compile(
    r"https?://\S+|[@#][\w.]+|[0-9٠-٩۰-۹]+(?:[.,٫٬][0-9٠-٩۰-۹]+)*|[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*"
)
#: Punctuation that usually survives translation, grouped by what it means.
_PUNCT_CLASSES = {",": ",", "،": ",", ";": ";", "؛": ";", "?": "?", "؟": "?", ":": ":",
                  "(": "(", ")": ")", "«": '"', "»": '"', "“": '"', "”": '"', '"': '"'}


@dataclass(frozen=True)
class Segment:
    """One source sentence and the stretch of the translation made from it."""

    source_start: int
    source_end: int
    target_start: int
    target_end: int


@dataclass(frozen=True)
class OriginalSpan:
    """Where a translated span came from in the original text, and how sure that is."""

    start: int
    end: int
    precision: Precision
    #: For precision "sentence": a proportional guess inside the sentence, for display only.
    estimate: tuple[int, int] | None = None


@dataclass(frozen=True)
class Alignment:
    """Sentence pairs between an original text and its translation."""

    source: str
    target: str
    segments: tuple[Segment, ...]

    def to_original(self, start: int, end: int) -> OriginalSpan:
        """Map the translation span [start, end) to the original text."""
        if not 0 <= start <= end <= len(self.target):
            raise ReadError(f"span ({start}, {end}) lies outside the translation "
                            f"(length {len(self.target)})")
        if not self.segments:
            return OriginalSpan(0, len(self.source), "document")
        first = bisect.bisect_right(self._target_ends, start)
        hit = []
        for s in self.segments[first:]:
            if s.target_start >= max(end, start + 1):
                break
            hit.append(s)
        if not hit:
            hit = [min(self.segments, key=lambda s: min(abs(s.target_start - start), abs(s.target_end - end)))]
        if len(hit) > 1:
            return OriginalSpan(hit[0].source_start, hit[-1].source_end, "sentence",
                                (hit[0].source_start, hit[-1].source_end))
        seg = hit[0]
        pairs = _anchor_pairs(self.source, self.target, seg)
        inside = [(tgt, src) for tgt, src in pairs if tgt[0] >= start and tgt[1] <= end]
        lo, hi = _trim(self.target, start, end)
        if inside and min(t[0] for t, _ in inside) == lo and max(t[1] for t, _ in inside) == hi:
            # Both ends of the span are anchors: the source span they cover is exact.
            return OriginalSpan(min(s[0] for _, s in inside), max(s[1] for _, s in inside), "anchor")
        estimate = self._estimate(seg, pairs, max(start, seg.target_start), min(end, seg.target_end))
        if inside:
            estimate = (min(estimate[0], *(s[0] for _, s in inside)),
                        max(estimate[1], *(s[1] for _, s in inside)))
        return OriginalSpan(seg.source_start, seg.source_end, "sentence", estimate)

    @cached_property
    def _target_ends(self) -> list[int]:
        return [s.target_end for s in self.segments]

    def _estimate(self, seg: Segment, pairs: list, start: int, end: int) -> tuple[int, int]:
        """Proportional position inside the sentence, bent through monotone anchors."""
        points = [(seg.target_start, seg.source_start)]
        points += _monotone([(t[0], s[0]) for t, s in pairs] + _punctuation_points(self.source, self.target, seg))
        points.append((seg.target_end, seg.source_end))
        points = sorted(set(points))
        lo = _interpolate(points, start)
        hi = max(lo, _interpolate(points, end))
        lo, hi = _widen_to_words(self.source, lo, hi, seg.source_start, seg.source_end)
        return lo, hi

    def to_json(self) -> str:
        """The segments as JSON (the texts are stored elsewhere, in the Document)."""
        return json.dumps([[s.source_start, s.source_end, s.target_start, s.target_end]
                           for s in self.segments])

    @classmethod
    def from_json(cls, source: str, target: str, data: str) -> Alignment:
        """Rebuild an alignment saved with `to_json`."""
        return cls(source, target, tuple(Segment(*row) for row in json.loads(data)))


def anchors(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """(key, start, end) of every anchor token in text[start:end]; digits are unified."""
    found = []
    for m in _ANCHOR.finditer(text, start, len(text) if end is None else end):
        token = m.group()
        if token[0].isdigit():
            key = re.sub(r"\D", "", token.translate(_DIGITS))
        else:
            key = token.casefold()
        found.append((key, m.start(), m.end()))
    return found


def _anchor_pairs(source: str, target: str, seg: Segment) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Anchors found exactly once in both the source sentence and its translation."""
    src = anchors(source, seg.source_start, seg.source_end)
    tgt = anchors(target, seg.target_start, seg.target_end)
    src_count: dict[str, list[tuple[int, int]]] = {}
    for key, a, b in src:
        src_count.setdefault(key, []).append((a, b))
    tgt_count: dict[str, list[tuple[int, int]]] = {}
    for key, a, b in tgt:
        tgt_count.setdefault(key, []).append((a, b))
    return sorted((tgt_count[k][0], v[0]) for k, v in src_count.items()
                  if len(v) == 1 and len(tgt_count.get(k, ())) == 1)


def _punctuation_points(source: str, target: str, seg: Segment) -> list[tuple[int, int]]:
    """Pair punctuation of the same kind in order, when both sides have the same sequence."""
    def marks(text: str, a: int, b: int) -> list[tuple[str, int]]:
        return [(_PUNCT_CLASSES[c], i) for i, c in enumerate(text[a:b], a) if c in _PUNCT_CLASSES]

    s, t = marks(source, seg.source_start, seg.source_end), marks(target, seg.target_start, seg.target_end)
    if [k for k, _ in s] != [k for k, _ in t]:
        return []
    return [(ti, si) for (_, si), (_, ti) in zip(s, t, strict=True)]


def _monotone(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence increasing on both sides (word order may change across languages)."""
    points = sorted(set(points))
    if not points:
        return []
    best: list[list[tuple[int, int]]] = []
    for p in points:
        chains = [c for c in best if c[-1][1] < p[1] and c[-1][0] < p[0]]
        chain = (max(chains, key=len) if chains else []) + [p]
        best.append(chain)
    return max(best, key=len)


def _interpolate(points: list[tuple[int, int]], x: int) -> int:
    xs = [p[0] for p in points]
    i = bisect.bisect_right(xs, x)
    if i <= 0:
        return points[0][1]
    if i >= len(points):
        return points[-1][1]
    (x0, y0), (x1, y1) = points[i - 1], points[i]
    if x1 == x0:
        return y0
    return round(y0 + (y1 - y0) * (x - x0) / (x1 - x0))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without white space and punctuation at its ends."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _widen_to_words(text: str, lo: int, hi: int, floor: int, ceiling: int) -> tuple[int, int]:
    while lo > floor and not text[lo - 1].isspace():
        lo -= 1
    while hi < ceiling and not text[hi].isspace():
        hi += 1
    if hi <= lo:
        hi = min(ceiling, lo + 1)
    return lo, hi


def mention_to_original(mention: Mention, alignment: Alignment) -> Mention:
    """A mention read from the translation, re-pointed at the original text.

    The translated span and text, the precision of the mapping and, for precision
    "sentence", the proportional guess inside the sentence are kept in `attrs`
    (`translated_span`, `translated_text`, `alignment`, `estimated_span`).
    """
    where = alignment.to_original(mention.start, mention.end)
    attrs = tuple(mention.attrs) + (("translated_span", (mention.start, mention.end)),
                                    ("translated_text", mention.text),
                                    ("alignment", where.precision))
    if where.estimate is not None:
        attrs += (("estimated_span", where.estimate),)
    return replace(mention, start=where.start, end=where.end,
                   text=alignment.source[where.start:where.end], attrs=attrs)


def claim_to_original(claim: Claim, alignment: Alignment) -> Claim:
    """A claim read from the translation, its clause span re-pointed at the original text."""
    where = alignment.to_original(claim.start, claim.end)
    return replace(claim, start=where.start, end=where.end)
