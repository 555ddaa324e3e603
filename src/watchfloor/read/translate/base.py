"""The one door every translation backend goes through, and the registry behind it.

A Translator turns a list of sentences into a list of translated sentences, one for one,
so the read stage can keep each translated line tied to its source sentence. Built-in
backends (argos and ctranslate2: local CTranslate2 models; http: LibreTranslate or an
OpenAI-compatible endpoint) register here exactly as an outside package would through
the `watchfloor.translators` entry-point group.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from typing import Protocol

from ...errors import ConfigError, ReadError
from ...settings import Settings


class TranslationError(ReadError):
    """A translation backend failed: not installed, model missing, endpoint down or garbled."""

    code = "W410"


class Translator(Protocol):
    kind: str

    def name_for(self, source: str | None, target: str) -> str:
        """The backend name stored beside a translation, e.g. 'argos:translate-ar_en-1.0'."""
        ...

    def translate(self, sentences: Sequence[str], *, source: str | None, target: str) -> list[str]:
        """Translate each sentence; the result has exactly one string per input sentence."""
        ...


TranslatorFactory = Callable[[Settings], Translator]
_REGISTRY: dict[str, TranslatorFactory] = {}
_BUILTINS = ("watchfloor.read.translate.argos", "watchfloor.read.translate.http")


def register(kind: str, factory: TranslatorFactory) -> None:
    """Make `translation_backend = kind` build its translator with `factory(settings)`."""
    _REGISTRY[kind] = factory


def known_backends() -> list[str]:
    """Names accepted by the `translation_backend` setting (besides '' for none)."""
    _load_builtins()
    for ep in entry_points(group="watchfloor.translators"):
        _REGISTRY.setdefault(ep.name, ep.load())
    return sorted(_REGISTRY)


def translator_from_settings(settings: Settings) -> Translator | None:
    """The translator the settings choose, or None when `translation_backend` is empty."""
    kind = (settings.get("translation_backend") or "").strip()
    if not kind:
        return None
    kinds = known_backends()
    if kind not in _REGISTRY:
        raise ConfigError(f"unknown translation_backend {kind!r}",
                          hint=f"choose one of: '', {', '.join(kinds)}")
    return _REGISTRY[kind](settings)


def check_one_for_one(sentences: Sequence[str], translated: Sequence[str], backend: str) -> list[str]:
    """Refuse an answer that does not give exactly one translation per sentence."""
    out = list(translated)
    if len(out) != len(sentences) or not all(isinstance(t, str) for t in out):
        raise TranslationError(
            f"{backend} returned {len(out)} translations for {len(sentences)} sentences",
            hint="the backend's answer cannot be matched to the original sentences")
    return out


def _load_builtins() -> None:
    import importlib

    for name in _BUILTINS:
        importlib.import_module(name)
