"""Translate a Document beside its original, and find the way back.

The translation is laid out one line per source sentence, so the alignment can always be
rebuilt from the stored original and translation alone (`alignment_for`): no extra column
is needed, and a translation edited by hand still maps back as long as its line count is
kept. `text` is never touched; every Mention keeps pointing into the original.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from ...errors import WatchfloorError
from ...records import Document, StageReport
from .align import Alignment, Segment
from .base import Translator, check_one_for_one
from .segment import split_sentences

#: The store's translation_backend column holds at most this many characters.
BACKEND_NAME_MAX = 100


def translate_document_aligned(document: Document, translator: Translator,
                               target: str = "en") -> tuple[Document, Alignment]:
    """The document with `translation` and `translation_backend` filled, and its alignment."""
    spans = split_sentences(document.text)
    sentences = [document.text[a:b] for a, b in spans]
    source = document.language
    translated = check_one_for_one(sentences, translator.translate(sentences, source=source, target=target),
                                   translator.kind)
    lines = [" ".join(t.split()) for t in translated]
    translation = "\n".join(lines)
    alignment = Alignment(document.text, translation, _segments(spans, lines))
    done = replace(document, translation=translation,
                   translation_backend=translator.name_for(source, target)[:BACKEND_NAME_MAX])
    return done, alignment


def translate_document(document: Document, translator: Translator, target: str = "en") -> Document:
    """The document with `translation` and `translation_backend` filled; `text` stays as it was."""
    return translate_document_aligned(document, translator, target)[0]


def alignment_for(document: Document) -> Alignment | None:
    """The alignment between a document's text and its stored translation (None without one).

    When the translation's lines no longer match the original's sentences (the text was
    re-read differently), the whole document is one segment: precision "sentence" then
    means "somewhere in this document".
    """
    if document.translation is None:
        return None
    spans = split_sentences(document.text)
    lines = document.translation.split("\n")
    if len(lines) == len(spans):
        return Alignment(document.text, document.translation, _segments(spans, lines))
    whole = Segment(0, len(document.text), 0, len(document.translation))
    return Alignment(document.text, document.translation, (whole,))


def translation_view(document: Document, target: str = "en") -> Document:
    """A Document whose text is the translation, for extract steps that read only `target`.

    Mentions and claims found in it are carried back with align.mention_to_original and
    align.claim_to_original before they are stored.
    """
    if document.translation is None:
        raise ValueError("document has no translation")
    return replace(document, text=document.translation, language=target, translation=None,
                   translation_backend=None, offset_map=[])


def needs_translation(document: Document, target: str = "en", *, force: bool = False) -> bool:
    """True when the document is in another language and (unless forced) not yet translated."""
    if not document.text.strip() or document.language == target:
        return False
    return force or document.translation is None


def translate_documents(documents: Iterable[Document], translator: Translator, save: Callable[[Document], None],
                        *, target: str = "en", force: bool = False) -> StageReport:
    """Translate and save each document that needs it; a failure marks that one document only."""
    done = skipped = failed = 0
    errors: list[str] = []
    for document in documents:
        if not needs_translation(document, target, force=force):
            skipped += 1
            continue
        try:
            save(translate_document(document, translator, target))
            done += 1
        except WatchfloorError as exc:
            failed += 1
            errors.append(f"document {document.id}: {exc}")
    return StageReport("translate", done=done, skipped=skipped, failed=failed, errors=tuple(errors))


def _segments(spans: list[tuple[int, int]], lines: list[str]) -> tuple[Segment, ...]:
    segments = []
    offset = 0
    for (a, b), line in zip(spans, lines, strict=True):
        segments.append(Segment(a, b, offset, offset + len(line)))
        offset += len(line) + 1
    return tuple(segments)
