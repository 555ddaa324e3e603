"""Independent origins of an event's claims: who actually saw or said it first.

Claims share an origin when (a) they come from the same source, (b) their documents are copies
of each other (syndication, partial copies, translations: see neardup), or (c) one cites the
other's source, or both cite the same outlet ("Eye of Euphrates reported ..." quoted by three
sites is one origin). Vague attributions ("local sources", "activists") are not an origin of
their own. Computed per event, so a site that copied a wire story once is not tied to it forever.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from .clustering import UnionFind
from .context import ClaimContext
from .neardup import document_overlap

#: Attributions that name nobody in particular (normalised form).
VAGUE_ATTRIBUTIONS = frozenset({
    "sources", "local sources", "informed sources", "security sources", "a security source",
    "security source", "medical sources", "a medical source", "military sources", "a military source",
    "activists", "local activists", "witnesses", "eyewitnesses", "residents", "local residents",
    "correspondent", "our correspondent", "a correspondent", "reporters", "media reports",
    "reports", "social media", "local media", "مصادر", "مصادر محلية", "مصادر خاصة", "ناشطون",
    "مراسلنا", "شهود عيان", "مصادر طبية", "مصادر امنية", "اهالي",
})
#: A word that makes an attribution anonymous ("two security sources", "camp residents").
_VAGUE_WORDS = frozenset({
    "source", "sources", "activists", "witnesses", "eyewitnesses", "residents", "correspondent",
    "correspondents", "مصدر", "مصادر", "مصدرين", "ناشطون", "ناشطين", "مراسل", "مراسلنا", "شهود",
})
NAME_MATCH = 88  # rapidfuzz ratio for two spellings of one outlet's name

_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_ARTICLE = re.compile(r"^(the|al|an|a)\s+")
_TRAILER = re.compile(r"\s+(statement|said|says|reported|network|channel)$")


@lru_cache(maxsize=16384)
def normalise_outlet(name: str) -> str:
    """Comparable outlet name: case-folded, no punctuation, no leading article."""
    name = _PUNCT.sub(" ", name.casefold())
    name = " ".join(name.split())
    return _TRAILER.sub("", _ARTICLE.sub("", name))


@lru_cache(maxsize=16384)
def is_vague(cited: str) -> bool:
    """True for attributions that name no particular outlet or body."""
    norm = " ".join(_PUNCT.sub(" ", cited.casefold()).split())
    if norm in VAGUE_ATTRIBUTIONS or norm.startswith(("local ", "some ", "unnamed ")):
        return True
    return bool(set(norm.split()) & _VAGUE_WORDS)


@dataclass(frozen=True)
class Origin:
    """One independent origin: the claims that trace back to it, and why they were tied."""

    id: str  # the smallest claim key in it
    label: str  # the outlet it traces back to (cited outlet, or earliest source)
    claim_keys: tuple[str, ...]
    source_names: tuple[str, ...]
    source_ids: tuple[int, ...]
    ties: tuple[str, ...]  # human-readable reasons claims were tied together

    def as_dict(self) -> dict:
        return {
            "id": self.id, "label": self.label, "claim_keys": list(self.claim_keys),
            "sources": list(self.source_names), "ties": list(self.ties),
        }


def _published_order(c: ClaimContext) -> tuple:
    return (c.document.published_at is None, c.document.published_at, c.key)


def _canonical(name: str, known: Mapping[str, str]) -> str:
    """Map an outlet name to a known outlet's normalised name when they are the same outlet."""
    norm = normalise_outlet(name)
    if norm in known:
        return known[norm]
    best, best_score = norm, 0.0
    for k, canon in known.items():
        score = fuzz.ratio(norm, k)
        if score < NAME_MATCH and min(len(norm.split()), len(k.split())) >= 2:
            # "Eye of Euphrates network" vs "Eye of Euphrates"
            score = fuzz.token_set_ratio(norm, k) - 5
        if score >= NAME_MATCH and score > best_score:
            best, best_score = canon, score
    return best


def find_origins(contexts: Iterable[ClaimContext],
                 aliases: Mapping[str, str] | None = None) -> list[Origin]:
    """Group an event's claims by independent origin; sorted by id.

    `aliases` maps extra outlet spellings to one name (e.g. "deirezzor 24" -> "Deir Ezzor 24").
    """
    ctxs = sorted(contexts, key=lambda c: c.key)
    uf = UnionFind()
    ties: dict[str, list[str]] = {}
    known: dict[str, str] = {}
    for alias, name in (aliases or {}).items():
        known[normalise_outlet(alias)] = normalise_outlet(name)
    for c in ctxs:
        known.setdefault(normalise_outlet(c.source.name), normalise_outlet(c.source.name))

    def tie(a: str, b: str, why: str) -> None:
        uf.add(a)
        uf.add(b)
        ties.setdefault(a, []).append(why)  # every reason is kept, even for claims already tied
        uf.union(a, b)

    # outlet node -> (first claim seen with it, the outlet name that claim cited or None)
    by_node: dict[str, tuple[ClaimContext, str | None]] = {}
    for c in ctxs:
        uf.add(c.key)
        src_node = "src:" + _canonical(c.source.name, known)
        if src_node in by_node:
            first, first_cited = by_node[src_node]
            why = (f"{first.source.name} cites {c.source.name}" if first_cited
                   else f"same source {c.source.name}")
            tie(first.key, c.key, why)
        else:
            by_node[src_node] = (c, None)
        cited = c.claim.cited_source
        if cited and not is_vague(cited):
            cited_node = "src:" + _canonical(cited, known)
            if cited_node in by_node:
                first, first_cited = by_node[cited_node]
                why = (f"{c.source.name} and {first.source.name} both cite {cited}" if first_cited
                       else f"{c.source.name} cites {cited}")
                tie(first.key, c.key, why)
            else:
                by_node[cited_node] = (c, cited)
    docs: dict[str, ClaimContext] = {}
    for c in ctxs:
        docs.setdefault(c.document.capture_sha256 or c.document.fingerprint or c.key, c)
    doc_list = list(docs.values())
    for i, a in enumerate(doc_list):
        for b in doc_list[i + 1:]:
            if a.source.name == b.source.name:
                continue  # already tied as the same source
            ov = document_overlap(a.document, b.document)
            if ov.is_copy:
                first, later = sorted((a, b), key=_published_order)
                tie(first.key, later.key, f"{later.source.name} copies {first.source.name} "
                    f"({ov.containment:.0%} shared wording via {ov.via})")
    # claims in the same document share the document's origin
    first_in_doc: dict[str, str] = {}
    for c in ctxs:
        dk = c.document.capture_sha256 or c.document.fingerprint or c.key
        if dk in first_in_doc:
            tie(first_in_doc[dk], c.key, "same document")
        else:
            first_in_doc[dk] = c.key

    by_key = {c.key: c for c in ctxs}
    out = []
    for root in uf.roots():
        members = sorted(uf.members(root))
        group = [by_key[k] for k in members]
        firsthand = [c for c in group
                     if not c.claim.cited_source or is_vague(c.claim.cited_source)]
        cited = Counter(c.claim.cited_source for c in group if c not in firsthand)
        if firsthand:
            label = min(firsthand, key=_published_order).source.name
        else:
            label = min(cited, key=lambda n: (-cited[n], n))
        reasons = [w for k in members for w in ties.get(k, [])]
        out.append(Origin(
            id=members[0],
            label=label,
            claim_keys=tuple(members),
            source_names=tuple(sorted({c.source.name for c in group})),
            source_ids=tuple(sorted({c.source.id for c in group if c.source.id is not None})),
            ties=tuple(sorted(set(reasons))),
        ))
    return sorted(out, key=lambda o: o.id)
