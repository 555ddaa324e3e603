"""`watchfloor translate`: store a translation beside each document's original text."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ConfigError
from ..records import Document

HELP = """Translate documents and store each translation beside its original.

The original text is never replaced: claims keep pointing into it, and those read from a
translation are mapped back to the original sentence (or to a number or Latin-script name
inside it). Choose a backend with the translation_backend setting:

\b
  http         LibreTranslate or an OpenAI-compatible endpoint:
               --set translation_url=http://localhost:5000            (LibreTranslate)
               --set translation_url=http://localhost:8000/v1         (OpenAI-compatible)
               --set translation_api_key='$env:TRANSLATE_KEY'
  argos        local models (pip install 'watchfloor[mt]'), one folder per language
  ctranslate2  pair in <data_dir>/models/translate/ (or --model-dir):

\b
  watchfloor --set translation_backend=http \\
             --set translation_url=http://localhost:5000 translate --all
  watchfloor --set translation_backend=argos translate --doc 12 --doc 13

\b
  Argos package (a zip):   unzip translate-ar_en-1_0.argosmodel -d <data_dir>/models/translate/
  or with argostranslate on a machine with internet, then copy the unzipped package:
     argospm update && argospm install translate-ar_en
     cp -r ~/.local/share/argos-translate/packages/translate-ar_en-* <data_dir>/models/translate/
  OPUS-MT, converted on a machine with internet, then copied here:
     pip install 'ctranslate2>=4' transformers sentencepiece torch
     ct2-transformers-converter --model Helsinki-NLP/opus-mt-ar-en \\
         --output_dir opus-mt-ar-en --copy_files source.spm target.spm
     cp -r opus-mt-ar-en <data_dir>/models/translate/
"""


@click.command("translate", help=HELP)
@click.option("--doc", "doc_ids", type=int, multiple=True, metavar="ID",
              help="document id to translate (repeatable)")
@click.option("--all", "all_docs", is_flag=True, help="every document not in the target language")
@click.option("--to", "target", default="en", show_default=True, help="target language (ISO 639-1)")
@click.option("--force", is_flag=True, help="translate again documents that already have a translation")
@click.option("--model-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="folder of local models (implies the argos backend unless ctranslate2 is set); "
                   "default <data_dir>/models/translate")
def translate_cmd(doc_ids: tuple[int, ...], all_docs: bool, target: str, force: bool,
                  model_dir: Path | None) -> None:
    from ..read.translate import translate_documents, translator_from_settings
    from ..store import Store
    from . import settings_from

    settings = settings_from(click.get_current_context())
    if bool(doc_ids) == all_docs:
        raise click.UsageError("give --doc ID (repeatable) or --all")
    backend = (settings.get("translation_backend") or "").strip()
    if model_dir is not None:
        if backend not in ("", "argos", "ctranslate2"):
            raise click.UsageError(f"--model-dir is for local models, but translation_backend is {backend}")
        from ..read.translate.argos import LocalModels

        translator = LocalModels(model_dir, backend or "argos")
    else:
        translator = translator_from_settings(settings)
    if translator is None:
        raise ConfigError("no translation backend configured",
                          hint="watchfloor --set translation_backend=http|argos|ctranslate2 translate ...")
    if hasattr(translator, "pairs"):
        translator.pairs()  # a missing model folder is one clear error, not one per document
    store = Store.open(settings)
    try:
        if all_docs:
            documents = list(store.documents())
        else:
            documents = []
            for doc_id in doc_ids:
                doc = store.document(doc_id)
                if doc is None:
                    raise click.BadParameter(f"no document with id {doc_id}", param_hint="--doc")
                documents.append(doc)
        report = translate_documents(documents, translator, lambda d: save_translation(store, d),
                                     target=target, force=force)
    finally:
        store.close()
    click.echo(f"translate: {report.done} translated, {report.skipped} skipped "
               f"(already {target} or translated), {report.failed} failed")
    for err in report.errors:
        click.echo(f"  ✗ {err}", err=True)
    if report.failed and not report.done:
        raise SystemExit(1)


def save_translation(store, document: Document) -> None:
    """Write only the translation columns of a stored document (its text stays as read)."""
    method = getattr(store, "save_translation", None)
    if method is not None:  # the store's own door, once it has one
        method(document)
        return
    from ..store import schema

    with store.engine.begin() as conn:
        conn.execute(schema.documents.update().where(schema.documents.c.id == document.id)
                     .values(translation=document.translation,
                             translation_backend=document.translation_backend))


def register(group: click.Group) -> None:
    group.add_command(translate_cmd)

