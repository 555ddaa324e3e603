"""Local translation models: CTranslate2 models with SentencePiece, as Argos Translate ships them.

Nothing is downloaded: the user installs models into a folder (the `translation_model_dir`
setting, default `<data_dir>/models/translate/`), one sub-folder per language pair:

* an unzipped Argos package (`.argosmodel` is a zip): `model/` (CTranslate2),
  `sentencepiece.model`, `metadata.json` (from_code, to_code);
* a CTranslate2 conversion of an OPUS-MT (Marian) model: `model.bin`, `source.spm`,
  `target.spm`, with the pair in the folder name (`opus-mt-ar-en`) or in a `metadata.json`.

We load them with ctranslate2 and sentencepiece directly (the optional extra
`watchfloor[mt]`), never through argostranslate, whose package index needs the internet.
See docs in `watchfloor translate --help`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ...settings import Settings
from .base import TranslationError, check_one_for_one, register

INSTALL_HINT = "pip install 'watchfloor[mt]'  (ctranslate2 and sentencepiece)"
MODELS_HINT = ("unzip an Argos package there: `unzip translate-ar_en-1_0.argosmodel -d "
               "<data_dir>/models/translate/`, or convert OPUS-MT with ct2-transformers-converter "
               "(see `watchfloor translate --help`)")
#: A language pair in a folder name; the last one wins ("opus-mt-ar-en" -> ar, en).
_PAIR_IN_NAME = re.compile(r"(?=(?:^|[-_.])([a-z]{2,3})[-_]([a-z]{2,3})(?:[-_.]|$))")


def _modules():
    try:
        import ctranslate2
        import sentencepiece
    except ImportError as exc:
        raise TranslationError(f"local translation models need {exc.name}, which is not installed",
                               hint=INSTALL_HINT) from None
    return ctranslate2, sentencepiece


class CTranslate2Translator:
    """One CTranslate2 model for one language pair, translating sentence by sentence."""

    kind = "ctranslate2"

    def __init__(self, model_dir: str | Path, *, source_language: str | None = None,
                 target_language: str | None = None, beam_size: int = 4,
                 max_decoding_length: int = 256, threads: int = 0):
        ctranslate2, sentencepiece = _modules()
        self.folder = Path(model_dir).expanduser()
        layout = describe_model_folder(self.folder)
        if layout is None:
            raise TranslationError(f"{self.folder} holds no CTranslate2 model (no model.bin)",
                                   hint=MODELS_HINT)
        self.source_language = source_language or layout["from_code"]
        self.target_language = target_language or layout["to_code"]
        self.version = layout.get("version")
        self._add_eos = layout["add_eos"]
        self.beam_size = beam_size
        self.max_decoding_length = max_decoding_length
        try:
            self._source_sp = sentencepiece.SentencePieceProcessor(model_file=str(layout["source_sp"]))
            self._target_sp = (self._source_sp if layout["target_sp"] == layout["source_sp"] else
                               sentencepiece.SentencePieceProcessor(model_file=str(layout["target_sp"])))
            self._model = ctranslate2.Translator(str(layout["ct2_dir"]), device="cpu",
                                                 intra_threads=threads)
        except (RuntimeError, OSError, ValueError) as exc:
            raise TranslationError(f"cannot load the translation model in {self.folder}: {exc}",
                                   hint="the folder may be incomplete; unzip or convert it again") from None

    def name_for(self, source: str | None, target: str) -> str:
        label = self.folder.name + (f"@{self.version}" if self.version else "")
        return f"{self.kind}:{label}"

    def translate(self, sentences: Sequence[str], *, source: str | None = None,
                  target: str | None = None) -> list[str]:
        """Translate sentences in batches; empty sentences stay empty."""
        self._check_pair(source, target)
        todo = [(i, s) for i, s in enumerate(sentences) if s.strip()]
        out = [""] * len(sentences)
        if not todo:
            return out
        tokens = self._source_sp.encode([s for _, s in todo], out_type=str)
        if self._add_eos:
            tokens = [t + ["</s>"] for t in tokens]
        try:
            results = self._model.translate_batch(
                tokens, beam_size=self.beam_size, max_batch_size=32,
                max_decoding_length=self.max_decoding_length, max_input_length=1024)
        except (RuntimeError, ValueError) as exc:
            raise TranslationError(f"the model in {self.folder} failed: {exc}") from None
        for (i, _), result in zip(todo, results, strict=True):
            pieces = [p for p in result.hypotheses[0] if p not in ("</s>", "<s>", "<pad>")]
            out[i] = self._target_sp.decode(pieces).strip()
        return check_one_for_one(sentences, out, self.name_for(source, target or ""))

    def _check_pair(self, source: str | None, target: str | None) -> None:
        if source and self.source_language not in (None, "mul", source):
            raise TranslationError(
                f"model {self.folder.name} translates {self.source_language}, not {source}",
                hint=MODELS_HINT)
        if target and self.target_language and target != self.target_language:
            raise TranslationError(
                f"model {self.folder.name} translates into {self.target_language}, not {target}",
                hint=MODELS_HINT)


class ArgosTranslator(CTranslate2Translator):
    """An unzipped Argos Translate package (model/ + sentencepiece.model + metadata.json)."""

    kind = "argos"

    def __init__(self, package_dir: str | Path, **options):
        package = Path(package_dir).expanduser()
        if package.is_file():
            raise TranslationError(f"{package} is a file; unzip the .argosmodel package first",
                                   hint=f"unzip {package} -d <data_dir>/models/translate/")
        if not (package / "model" / "model.bin").is_file():
            raise TranslationError(f"{package} is not an unzipped Argos package (no model/model.bin)",
                                   hint=MODELS_HINT)
        super().__init__(package, **options)


def describe_model_folder(folder: Path) -> dict | None:
    """How a model folder is laid out: CTranslate2 dir, SentencePiece files, language pair."""
    if (folder / "model" / "model.bin").is_file():
        ct2_dir = folder / "model"
    elif (folder / "model.bin").is_file():
        ct2_dir = folder
    else:
        return None
    meta = _metadata(folder)
    shared = next((p for p in (folder / "sentencepiece.model", ct2_dir / "sentencepiece.model",
                               folder / "spm.model") if p.is_file()), None)
    source_sp = folder / "source.spm" if (folder / "source.spm").is_file() else shared
    target_sp = folder / "target.spm" if (folder / "target.spm").is_file() else shared
    if source_sp is None or target_sp is None:
        raise TranslationError(f"{folder} has a model but no SentencePiece file",
                               hint="copy sentencepiece.model (Argos) or source.spm and target.spm "
                                    "(OPUS-MT: ct2-transformers-converter --copy_files source.spm target.spm)")
    pair = next(reversed(list(_PAIR_IN_NAME.finditer(folder.name.lower()))), None)
    return {
        "ct2_dir": ct2_dir, "source_sp": source_sp, "target_sp": target_sp,
        "from_code": meta.get("from_code") or (pair.group(1) if pair else None),
        "to_code": meta.get("to_code") or (pair.group(2) if pair else None),
        "version": meta.get("package_version"),
        # Marian (OPUS-MT) models expect the end-of-sentence token the HF tokenizer adds,
        # unless the conversion told CTranslate2 to add it itself.
        "add_eos": (folder / "source.spm").is_file() and not _ct2_config(ct2_dir).get("add_source_eos"),
    }


def _ct2_config(ct2_dir: Path) -> dict:
    try:
        data = json.loads((ct2_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _metadata(folder: Path) -> dict:
    path = folder / "metadata.json"
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TranslationError(f"{path} is not valid JSON: {exc}") from None
    return data if isinstance(data, dict) else {}


class LocalModels:
    """Every model installed in one folder, chosen by language pair; loaded on first use."""

    def __init__(self, folder: str | Path, kind: str = "argos", **options):
        self.kind = kind
        self.folder = Path(folder).expanduser()
        self._options = options
        self._loaded: dict[Path, CTranslate2Translator] = {}

    def pairs(self) -> dict[tuple[str | None, str | None], Path]:
        """(from, to) -> model folder, for every model found."""
        if not self.folder.is_dir():
            raise TranslationError(f"translation model folder {self.folder} does not exist",
                                   hint=MODELS_HINT)
        candidates = [self.folder] + sorted(p for p in self.folder.iterdir() if p.is_dir())
        found = {}
        for path in candidates:
            layout = describe_model_folder(path)
            if layout is not None:
                found.setdefault((layout["from_code"], layout["to_code"]), path)
        return found

    def model_for(self, source: str | None, target: str) -> CTranslate2Translator:
        pairs = self.pairs()
        if not pairs:
            raise TranslationError(f"no translation model installed in {self.folder}", hint=MODELS_HINT)
        path = pairs.get((source, target)) or pairs.get(("mul", target))  # e.g. opus-mt-mul-en
        if path is None and source is None:
            into = [p for (_, to), p in pairs.items() if to == target]
            path = into[0] if len(into) == 1 else None
        if path is None:
            have = ", ".join(f"{a}->{b}" for a, b in sorted(pairs, key=str))
            raise TranslationError(f"no {source or '?'}->{target} model in {self.folder} (have: {have})",
                                   hint=MODELS_HINT)
        if path not in self._loaded:
            cls = ArgosTranslator if (path / "model" / "model.bin").is_file() else CTranslate2Translator
            self._loaded[path] = cls(path, **self._options)
        return self._loaded[path]

    def name_for(self, source: str | None, target: str) -> str:
        return self.model_for(source, target).name_for(source, target)

    def translate(self, sentences: Sequence[str], *, source: str | None, target: str) -> list[str]:
        return self.model_for(source, target).translate(sentences, source=source, target=target)


def model_folder(settings: Settings) -> Path:
    """Where local models live: `translation_model_dir`, else <data_dir>/models/translate."""
    configured = settings.get("translation_model_dir")
    return Path(configured).expanduser() if configured else settings.data_path / "models" / "translate"


@lru_cache(maxsize=4)
def _shelf(folder: Path, kind: str) -> LocalModels:
    # Loading a model takes a while; one shelf per folder keeps them loaded across documents.
    return LocalModels(folder, kind)


register("argos", lambda settings: _shelf(model_folder(settings), "argos"))
register("ctranslate2", lambda settings: _shelf(model_folder(settings), "ctranslate2"))
