"""Sentence and clause spans for English, Arabic and Farsi news, as offsets into the text.

Offsets, not strings: every later Mention points into the same Document.text. The rules
are the ones news needs: a newline ends a paragraph (and so a sentence); ". ! ? ؟ …" end a
sentence unless the word before is a known abbreviation ("Nov.", "U.S.", "Dr.") or an initial.
"""

from __future__ import annotations

import re

from .numerals import check_text, fold

# Lower-case abbreviations whose period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    mr mrs ms dr prof gen lt col maj capt cpt sgt cpl adm brig cmdr gov sen rep pres st mt ft
    no nos vol fig approx est dept govt inc ltd co corp jr sr vs al eg ie
    د أ
    """.split()
)  # د. = Dr., أ. = Prof./Mr. in Arabic

# A candidate end: terminators, then closing quotes/brackets, then space.
_END = re.compile(r"[.!?؟…]+[\"'”’»)\]]*(?=\s)|\n")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_NEXT_START = re.compile(r"\s*([\"'“‘«(\[]*)(\S)")

# Clause joins: split before these (the join word goes with the second clause).
_CLAUSE_JOINS = re.compile(
    r"""
    ;\s+
    | ,\s+(?=(?:while|whereas|meanwhile)\b)
    | \s+(?=and\s+then\b)
    | ,\s+(?=and\s+later\b)
    | [،,]?\s+(?=(?:كما|في\s+حين|بينما|فيما|في\s+المقابل)\s)
    | [،,]\s+(?=(?:و\s*)?(?:در\s+حالي\s+كه|در\s+حالي\s+كه|همچنين|سپس)\s)
    | \s+(?=و\s+سپس\s)
    | ؛\s*
    """,
    re.VERBOSE | re.IGNORECASE,
)


_SENTENCE_STARTERS = frozenset(
    "the a an in on at it he she they this that these those there according after before "
    "however but meanwhile earlier later".split()
)


def _abbreviation_kind(text: str, dot: int) -> str | None:
    """'word' for "Nov." / "Dr.", 'dotted' for "U.S." / "a.m.", 'initial' for "J.", else None."""
    m = _WORD_BEFORE.search(text, max(0, dot - 20), dot)
    if not m:
        return None
    word = m.group(1).strip(".")
    if not word:
        return None
    if "." in word:
        return "dotted" if all(len(part) <= 2 for part in word.split(".")) else None
    if len(word) == 1 and word.isalpha() and word.isupper():
        return "initial"
    return "word" if word.lower() in _ABBREVIATIONS else None


def split_sentences(text: str, language: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed; newlines always end one."""
    check_text(text, "sentences@1")
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if m.group() != "\n":
            nxt = _NEXT_START.match(text, end)
            if nxt and nxt.group(2).islower():
                continue  # "e.g. the", "approx. five": Latin lower case never starts a sentence
            if m.group() == ".":
                kind = _abbreviation_kind(text, m.start())
                if kind in ("word", "initial"):
                    continue  # "Nov. 3", "Dr. Smith", "J. Smith"
                if kind == "dotted":
                    following = re.match(r"\s*(\w+)", text[end:end + 30])
                    if not following or following.group(1).lower() not in _SENTENCE_STARTERS:
                        continue  # "U.S. bases", "U.S. President"
        _add(spans, text, start, end)
        start = end
    _add(spans, text, start, len(text))
    return spans


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split one sentence span into clauses at "; ", ", while", " and then", "كما", "بينما"...

    Deliberately simple: it only splits where a join word makes a second event likely.
    """
    folded = fold(text[start:end])
    spans: list[tuple[int, int]] = []
    cur = 0
    for m in _CLAUSE_JOINS.finditer(folded):
        if m.start() <= cur:
            continue
        _add(spans, text, start + cur, start + m.start())
        cur = m.end()
    _add(spans, text, start + cur, end)
    return spans or [(start, end)]
