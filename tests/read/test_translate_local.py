"""Local CTranslate2 / Argos models, loaded from a tiny random-weight model we build ourselves.

The model's output is gibberish: these tests check loading, the sentence-by-sentence
plumbing, offsets and the backend name stored with the translation, not quality.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2", reason="optional extra watchfloor[mt] not installed")
pytest.importorskip("sentencepiece", reason="optional extra watchfloor[mt] not installed")

from watchfloor.read.translate import (  # noqa: E402
    TranslationError,
    split_sentences,
    translate_document_aligned,
    translator_from_settings,
)
from watchfloor.read.translate.argos import (  # noqa: E402
    ArgosTranslator,
    CTranslate2Translator,
    LocalModels,
)
from watchfloor.records import Document  # noqa: E402

BUILDER = Path(__file__).resolve().parents[2] / "scripts" / "build_tiny_ct2_model.py"
TEXT = ("قصفت طائرة مسيرة موقعا قرب البوكمال صباح الثلاثاء. قالت مصادر إن 3 مقاتلين قتلوا.\n\n"
        "وصلت تعزيزات عسكرية إلى قاعدة التنف.")


@pytest.fixture(scope="session")
def tiny_package(tmp_path_factory) -> Path:
    """An unzipped Argos-style package with a random one-layer model (about 1 s to build)."""
    out = tmp_path_factory.mktemp("models") / "translate-ar_en-tiny"
    subprocess.run([sys.executable, str(BUILDER), str(out)], check=True, capture_output=True, timeout=120)
    return out


def doc(text: str = TEXT, language: str = "ar") -> Document:
    return Document(text=text, url="file:///r.txt", canonical_url="file:///r.txt", language=language)


def test_argos_package_translates_sentence_by_sentence(tiny_package):
    translator = ArgosTranslator(tiny_package, beam_size=1, max_decoding_length=24)
    done, alignment = translate_document_aligned(doc(), translator)

    assert done.text == TEXT
    assert done.translation_backend == "argos:translate-ar_en-tiny@0.0-tiny"
    lines = done.translation.split("\n")
    spans = split_sentences(TEXT)
    assert len(lines) == len(spans) == 3 and all(lines)
    assert [(s.source_start, s.source_end) for s in alignment.segments] == spans
    for segment, line in zip(alignment.segments, lines, strict=True):
        assert done.translation[segment.target_start:segment.target_end] == line
    where = alignment.to_original(alignment.segments[2].target_start, alignment.segments[2].target_end)
    assert TEXT[where.start:where.end] == "وصلت تعزيزات عسكرية إلى قاعدة التنف."


def test_translation_is_deterministic_and_empty_sentences_stay_empty(tiny_package):
    translator = ArgosTranslator(tiny_package, beam_size=1, max_decoding_length=16)
    first = translator.translate(["قرب البوكمال.", "  ", "قاعدة التنف."], source="ar", target="en")
    again = translator.translate(["قرب البوكمال.", "  ", "قاعدة التنف."], source="ar", target="en")
    assert first == again and first[1] == "" and first[0] and first[2]


def test_settings_choose_local_models_from_the_data_folder(tiny_package, settings):
    shelf = settings.data_path / "models" / "translate"
    shutil.copytree(tiny_package, shelf / tiny_package.name)
    translator = translator_from_settings(settings.replace(translation_backend="argos"))
    done = translate_document_aligned(doc(), translator)[0]
    assert done.translation_backend == "argos:translate-ar_en-tiny@0.0-tiny"
    with pytest.raises(TranslationError, match=r"no fa->en model .*have: ar->en"):
        translate_document_aligned(doc("یک جمله فارسی.", "fa"), translator)


def test_an_argosmodel_zip_installs_by_unzipping(tiny_package, tmp_path):
    package = tmp_path / "translate-ar_en-tiny.argosmodel"
    with zipfile.ZipFile(package, "w") as archive:
        for path in tiny_package.rglob("*"):
            archive.write(path, Path(tiny_package.name) / path.relative_to(tiny_package))
    with pytest.raises(TranslationError, match="unzip"):
        ArgosTranslator(package)
    with zipfile.ZipFile(package) as archive:  # what `unzip X.argosmodel -d <folder>` does
        archive.extractall(tmp_path / "shelf")
    shelf = LocalModels(tmp_path / "shelf")
    assert shelf.translate(["قرب البوكمال."], source="ar", target="en")[0]


def test_converted_opus_mt_layout_is_recognised_from_its_folder_name(tiny_package, tmp_path):
    folder = tmp_path / "opus-mt-ar-en"
    shutil.copytree(tiny_package / "model", folder)
    shutil.copy(tiny_package / "sentencepiece.model", folder / "source.spm")
    shutil.copy(tiny_package / "sentencepiece.model", folder / "target.spm")
    translator = CTranslate2Translator(folder, beam_size=1, max_decoding_length=16)
    assert (translator.source_language, translator.target_language) == ("ar", "en")
    assert translator.name_for("ar", "en") == "ctranslate2:opus-mt-ar-en"
    assert translator.translate(["قرب البوكمال."], source="ar", target="en")[0]


def test_a_many_to_english_model_serves_languages_without_their_own(tiny_package, tmp_path):
    shutil.copytree(tiny_package, tmp_path / "shelf" / "opus-mt-mul-en")
    (tmp_path / "shelf" / "opus-mt-mul-en" / "metadata.json").unlink()
    shelf = LocalModels(tmp_path / "shelf")
    assert shelf.name_for("fa", "en") == "argos:opus-mt-mul-en"
    assert shelf.translate(["یک جمله."], source="fa", target="en")[0]


def test_missing_models_and_broken_folders_say_what_to_do(tiny_package, tmp_path):
    with pytest.raises(TranslationError, match="does not exist") as info:
        LocalModels(tmp_path / "nowhere").translate(["x"], source="ar", target="en")
    assert "unzip" in info.value.hint
    (tmp_path / "empty").mkdir()
    with pytest.raises(TranslationError, match="no translation model installed"):
        LocalModels(tmp_path / "empty").translate(["x"], source="ar", target="en")
    broken = tmp_path / "broken"
    shutil.copytree(tiny_package / "model", broken / "model")
    with pytest.raises(TranslationError, match="no SentencePiece file"):
        ArgosTranslator(broken)
    (broken / "sentencepiece.model").write_bytes(b"not a model")
    with pytest.raises(TranslationError, match="cannot load"):
        ArgosTranslator(broken)


def test_missing_extra_names_the_pip_command(tiny_package, monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # as if watchfloor[mt] were not installed
    with pytest.raises(TranslationError, match="ctranslate2") as info:
        ArgosTranslator(tiny_package)
    assert "pip install 'watchfloor[mt]'" in info.value.hint


def test_cli_translates_stored_documents_with_a_model_folder(tiny_package, tmp_path):
    from datetime import UTC, datetime

    from click.testing import CliRunner

    from watchfloor.cli import cli
    from watchfloor.records import Capture
    from watchfloor.settings import load_settings
    from watchfloor.store import Store

    data = tmp_path / "data"
    settings = load_settings(None, [f"data_dir={data}"], environ={})
    store = Store.open(settings)
    sha = Capture.hash_payload(TEXT.encode())
    capture, _ = store.add_capture(Capture("text:1", datetime.now(UTC), 200, "text/plain", sha, 1), "text:1")
    saved, _ = store.save_document(Document(text=TEXT, url="text:1", canonical_url="text:1", language="ar",
                                            capture_id=capture.id, capture_sha256=sha))
    store.close()

    result = CliRunner().invoke(cli, ["--set", f"data_dir={data}", "translate", "--doc", str(saved.id),
                                      "--model-dir", str(tiny_package.parent)], catch_exceptions=False)
    assert "1 translated" in result.output

    store = Store.open(settings)
    stored = store.document(saved.id)
    store.close()
    assert stored.text == TEXT
    assert stored.translation_backend == "argos:translate-ar_en-tiny@0.0-tiny"
    assert len(stored.translation.split("\n")) == len(split_sentences(TEXT))
