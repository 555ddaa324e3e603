"""The language of each gold document: its `language` key, else a guess from its text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def document_languages(docs: Sequence[dict[str, Any]]) -> list[str]:
    """One ISO 639-1 code per document ("und" when nothing fits)."""
    if any(d.get("language") for d in docs):
        return [str(d.get("language") or "und") for d in docs]
    from ..read.language import identify

    return [identify(d.get("text") or "").code or "und" for d in docs]


def split_by_language(docs: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Documents grouped by language; a single group when the set has one language."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for doc, lang in zip(docs, document_languages(docs), strict=True):
        groups.setdefault(lang, []).append(doc)
    return groups
