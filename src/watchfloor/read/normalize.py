"""Text normalisation that keeps every offset traceable to the extracted text.

Mentions point into the normalised `Document.text`; evidence must be shown in the text as it
was extracted, so `normalize()` returns an offset map alongside the text and `to_original()`
takes any span back.

What changes: Unicode NFC; Arabic presentation forms -> base letters; tatweel removed;
zero-width characters, bidi controls (marks, embeddings, overrides, isolates) and control
characters removed, except a ZWNJ between two letters (Persian writes "می‌شود" with it);
every run of whitespace becomes one space, or one newline, or a blank line when it held two
or more line breaks; leading and trailing whitespace dropped. Letters and their logical
(reading) order are never touched, so RTL text stays intact; bidi controls only affect
display, and the original keeps them for showing evidence.

The offset map is a list of breakpoints `(norm_offset, orig_offset)` ending with the
sentinel `(len(norm), len(orig))`. Between two breakpoints the text is either copied
unchanged (both sides advance by the same length) or one replaced group (lengths differ,
or a single rewritten character), which maps back as a whole.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

OffsetMap = list[tuple[int, int]]

TATWEEL = "\u0640"
ZWNJ = "\u200c"
#: Invisible characters dropped everywhere (ZWNJ handled separately).
_DROP = frozenset(
    "\u200b"  # zero width space
    "\u200d"  # zero width joiner
    "\u2060"  # word joiner
    "\ufeff"  # BOM / zero width no-break space
    "\u180e"  # mongolian vowel separator
    "\u00ad"  # soft hyphen
    "\u200e\u200f\u061c"  # LRM, RLM, ALM: bidi marks that break word matching
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides (RLO hides spoofing)
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    + TATWEEL
    # Control characters other than whitespace: they carry no text, and databases refuse NUL.
    + "".join(chr(c) for c in (*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1C), 0x7F))
    + "".join(chr(c) for c in range(0x80, 0xA0) if c != 0x85)
)
_LINE_BREAKS = frozenset("\n\r\u2028\u0085\x0b\x0c")
_PARAGRAPH_BREAK = "\u2029"


@lru_cache(maxsize=1)
def _second_in_composition() -> frozenset[str]:
    """Characters that can compose with the character before them under NFC."""
    seconds: set[str] = set()
    for cp in range(0x110000):
        dec = unicodedata.decomposition(chr(cp))
        if dec and not dec.startswith("<"):
            parts = dec.split()
            if len(parts) == 2:
                a, b = (chr(int(p, 16)) for p in parts)
                if unicodedata.normalize("NFC", a + b) == chr(cp):
                    seconds.add(b)
    # Hangul medial vowels and final consonants compose algorithmically.
    seconds.update(chr(cp) for cp in range(0x1161, 0x1176))
    seconds.update(chr(cp) for cp in range(0x11A8, 0x11C3))
    return frozenset(seconds)


def _starts_cluster(ch: str) -> bool:
    if ch < "\u0300":
        return True
    return unicodedata.combining(ch) == 0 and ch not in _second_in_composition()


def _is_presentation_form(ch: str) -> bool:
    return "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff"


def _clusters(text: str) -> Iterator[tuple[int, int]]:
    """Spans that NFC can treat independently: a starter plus what composes or reorders with it."""
    start = 0
    for i in range(1, len(text)):
        if _starts_cluster(text[i]):
            yield start, i
            start = i
    if text:
        yield start, len(text)


def _rewrite_cluster(cluster: str) -> str:
    out = unicodedata.normalize("NFC", cluster) if not cluster.isascii() else cluster
    if any(_is_presentation_form(c) for c in out):
        out = "".join(
            unicodedata.normalize("NFKC", c) if _is_presentation_form(c) and c != "\ufeff" else c
            for c in out
        )
    if any(c in _DROP for c in out):
        out = "".join(c for c in out if c not in _DROP)
    return out


def _whitespace_run(run: str, at_edge: bool) -> str:
    if at_edge:
        return ""
    breaks = sum(1 for c in run if c in _LINE_BREAKS) - run.count("\r\n")
    breaks += 2 * run.count(_PARAGRAPH_BREAK)
    if breaks >= 2:
        return "\n\n"
    if breaks == 1:
        return "\n"
    return " "


_DROP_CLASS = "".join(sorted(_DROP))
#: Whitespace runs (absorbing invisible characters and ZWNJ), a lone ZWNJ, or a word.
_TOKENS = re.compile(rf"(\s[\s{ZWNJ}{_DROP_CLASS}]*)|({ZWNJ})|([^\s{ZWNJ}]+)")
_NEEDS_REWRITE = re.compile(rf"[{_DROP_CLASS}\ufb50-\ufdff\ufe70-\ufeff]")


def _word_pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """Pieces of a word that needs rewriting: one per NFC cluster."""
    for c_start, c_end in _clusters(text[start:end]):
        yield start + c_start, start + c_end, _rewrite_cluster(text[start + c_start:start + c_end])


def _pieces(text: str) -> Iterator[tuple[int, int, str]]:
    """(orig_start, orig_end, replacement) for consecutive spans covering `text`."""
    n = len(text)
    clean = unicodedata.is_normalized("NFC", text) and not _NEEDS_REWRITE.search(text)
    emitted = False  # has any visible character come out yet? (leading whitespace is dropped)
    for match in _TOKENS.finditer(text):
        i, j = match.span()
        if match.group(1) is not None:
            run = match.group(1)
            repl = " " if run == " " and emitted and j < n else _whitespace_run(run, not emitted or j == n)
            yield i, j, repl
        elif match.group(2) is not None:
            keep = 0 < i < n - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
            yield i, j, ZWNJ if keep else ""
            emitted = emitted or keep
        else:
            word = match.group(3)
            if clean or (unicodedata.is_normalized("NFC", word) and not _NEEDS_REWRITE.search(word)):
                yield i, j, word
                emitted = True
            else:
                for piece in _word_pieces(text, i, j):
                    emitted = emitted or bool(piece[2])
                    yield piece


def normalize(text: str) -> tuple[str, OffsetMap]:
    """Return (normalised_text, offset_map) for `text` (see the module docstring)."""
    out: list[str] = []
    breakpoints: OffsetMap = [(0, 0)]
    norm_pos = 0
    for start, end, repl in _pieces(text):
        if repl != text[start:end]:
            # A replaced group gets a breakpoint on each side so it maps back as a whole.
            if breakpoints[-1] != (norm_pos, start):
                breakpoints.append((norm_pos, start))
            breakpoints.append((norm_pos + len(repl), end))
        out.append(repl)
        norm_pos += len(repl)
    norm = "".join(out)
    if breakpoints[-1] != (len(norm), len(text)):
        breakpoints.append((len(norm), len(text)))
    return norm, _compact(breakpoints)


def _compact(points: OffsetMap) -> OffsetMap:
    """Drop breakpoints that sit inside a copied stretch (same slope as their neighbours)."""
    if len(points) <= 2:
        return points
    kept = [points[0]]
    for k in range(1, len(points) - 1):
        pn, po = kept[-1]
        n, o = points[k]
        nn, no = points[k + 1]
        # Between two copied stretches (equal lengths on both sides) the point adds nothing.
        before_linear = (n - pn) == (o - po) and n > pn
        after_linear = (nn - n) == (no - o) and nn > n
        if before_linear and after_linear:
            continue
        kept.append(points[k])
    kept.append(points[-1])
    return kept


def _group(offset_map: OffsetMap, norm_index: int) -> int:
    """Index of the breakpoint whose group holds normalised character `norm_index`."""
    return max(0, bisect.bisect_right(offset_map, norm_index, key=lambda point: point[0]) - 1)


def _char_start(offset_map: OffsetMap, x: int) -> int:
    b = _group(offset_map, x)
    n0, o0 = offset_map[b]
    if b + 1 >= len(offset_map):
        return o0 + (x - n0)
    n1, o1 = offset_map[b + 1]
    if (n1 - n0) == (o1 - o0):
        return o0 + (x - n0)
    return o0


def _char_end(offset_map: OffsetMap, x: int) -> int:
    b = _group(offset_map, x)
    n0, o0 = offset_map[b]
    if b + 1 >= len(offset_map):
        return o0 + (x - n0) + 1
    n1, o1 = offset_map[b + 1]
    if (n1 - n0) == (o1 - o0):
        return o0 + (x - n0) + 1
    return o1


def to_original(offset_map: OffsetMap, start: int, end: int) -> tuple[int, int]:
    """Map span [start, end) of the normalised text to the span of the original it came from."""
    if not offset_map:
        return start, end  # no map: the text was never changed
    norm_len, orig_len = offset_map[-1]
    if not 0 <= start <= end <= norm_len:
        raise ValueError(f"span [{start}, {end}) is outside the normalised text (0..{norm_len})")
    orig_start = orig_len if start == norm_len else _char_start(offset_map, start)
    if end == start:
        return orig_start, orig_start
    orig_end = _char_end(offset_map, end - 1)
    return orig_start, max(orig_start, orig_end)
