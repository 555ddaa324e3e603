"""Translation backends for the read stage, and the way back from a translation to the original.

    translator = translator_from_settings(settings)          # None when none is configured
    doc, alignment = translate_document_aligned(doc, translator, target="en")
    alignment.to_original(start, end)                        # span in doc.text + precision

base: the Translator protocol and registry; argos: local CTranslate2 / Argos models;
http: LibreTranslate and OpenAI-compatible endpoints; segment: sentence spans; align:
spans of a translation -> spans of the original; document: Document in, Document out.
"""

from .align import Alignment, OriginalSpan, Segment, claim_to_original, mention_to_original
from .base import TranslationError, Translator, known_backends, register, translator_from_settings
from .document import (
    alignment_for,
    needs_translation,
    translate_document,
    translate_document_aligned,
    translate_documents,
    translation_view,
)
from .segment import split_sentences

__all__ = [
    "Alignment", "OriginalSpan", "Segment", "TranslationError", "Translator", "alignment_for",
    "claim_to_original", "known_backends", "mention_to_original", "needs_translation", "register",
    "split_sentences", "translate_document", "translate_document_aligned", "translate_documents",
    "translation_view", "translator_from_settings",
]
