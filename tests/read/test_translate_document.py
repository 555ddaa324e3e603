"""Documents in, documents out: translations beside the original, the registry, failures kept local."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from watchfloor.errors import ConfigError
from watchfloor.read.translate import (
    TranslationError,
    base,
    known_backends,
    needs_translation,
    register,
    translate_document,
    translate_documents,
    translation_view,
    translator_from_settings,
)
from watchfloor.records import Document


class UpperCaseTranslator:
    """A plugin translator written as an outside package would: upper-cases, refuses 'fail'."""

    kind = "upper"

    def __init__(self, settings=None):
        self.calls: list[list[str]] = []

    def name_for(self, source, target):
        return f"upper:{source}-{target}"

    def translate(self, sentences: Sequence[str], *, source, target) -> list[str]:
        self.calls.append(list(sentences))
        if any("fail" in s for s in sentences):
            raise TranslationError("this sentence cannot be translated")
        return [s.upper() for s in sentences]


def doc(text: str, language: str | None = "fr", doc_id: int | None = None, **kw) -> Document:
    return Document(text=text, url="u", canonical_url="u", language=language, id=doc_id, **kw)


def test_translation_goes_beside_the_text_one_line_per_sentence():
    original = doc("Premier point. Second point!\n\nTroisième.")
    done = translate_document(original, UpperCaseTranslator())
    assert done.text == original.text and original.translation is None
    assert done.translation == "PREMIER POINT.\nSECOND POINT!\nTROISIÈME."
    assert done.translation_backend == "upper:fr-en"


def test_a_backend_that_returns_the_wrong_number_of_lines_is_refused():
    class Short(UpperCaseTranslator):
        def translate(self, sentences, *, source, target):
            return ["ONE"]

    with pytest.raises(TranslationError, match="1 translations for 2 sentences"):
        translate_document(doc("Un. Deux."), Short())


def test_only_documents_in_another_language_without_translation_are_sent():
    assert needs_translation(doc("Bonjour."))
    assert not needs_translation(doc("Hello.", "en"))
    assert not needs_translation(doc("   "))
    assert not needs_translation(doc("Bonjour.", translation="HELLO."))
    assert needs_translation(doc("Bonjour.", translation="HELLO."), force=True)


def test_one_failing_document_does_not_stop_the_others():
    saved: list[Document] = []
    docs = [doc("Un.", doc_id=1), doc("This will fail.", doc_id=2), doc("Already.", "en", doc_id=3),
            doc("Trois.", doc_id=4)]
    report = translate_documents(docs, UpperCaseTranslator(), saved.append)
    assert (report.done, report.failed, report.skipped) == (2, 1, 1)
    assert [d.id for d in saved] == [1, 4]
    assert report.errors[0].startswith("document 2:") and "W410" in report.errors[0]


def test_translation_view_is_what_extract_reads_for_a_translated_document():
    done = translate_document(doc("Un. Deux.", doc_id=7), UpperCaseTranslator())
    view = translation_view(done)
    assert (view.text, view.language, view.id) == ("UN.\nDEUX.", "en", 7)


def test_backends_are_chosen_by_name_and_plugins_use_the_same_door(settings):
    assert {"argos", "ctranslate2", "http"} <= set(known_backends())
    assert translator_from_settings(settings) is None  # '' means no translation
    register("upper", UpperCaseTranslator)
    try:
        assert isinstance(translator_from_settings(settings.replace(translation_backend="upper")),
                          UpperCaseTranslator)
    finally:
        base._REGISTRY.pop("upper")
    with pytest.raises(ConfigError, match="unknown translation_backend") as info:
        translator_from_settings(settings.replace(translation_backend="deepl"))
    assert "http" in info.value.hint
