"""Translation through an HTTP endpoint the user runs or pays for.

Two protocols:
* LibreTranslate: POST {url}/translate with {"q": [sentences], "source", "target",
  "format": "text", "api_key"}; the answer's "translatedText" is a list, one per sentence.
* OpenAI-compatible chat completions (OpenAI, vLLM, llama.cpp server, Ollama...): POST
  {url}/v1/chat/completions, one request per chunk of sentences, asking for a JSON list of
  translations in order; numbered lines are accepted too.

The API key is sent as a header (Authorization: Bearer) and, for LibreTranslate, in the
body where its protocol wants it. It never appears in logs or error messages.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Sequence
from typing import Literal
from urllib.parse import urlsplit

import httpx

from ...settings import Settings
from .base import TranslationError, check_one_for_one, register

log = logging.getLogger("watchfloor.read.translate")

Protocol = Literal["libretranslate", "openai"]
#: Sentences and characters sent in one chat request: small enough for any context window.
CHUNK_SENTENCES = 20
CHUNK_CHARS = 4000

SYSTEM_PROMPT = (
    "You translate news and social-media posts about armed conflict for analysts. Translate "
    "every numbered sentence from {source} into {target}, faithfully and completely: keep "
    "names, numbers, dates, places and quoted claims exactly as stated, add nothing, explain "
    "nothing. Answer with JSON only: {{\"translations\": [\"...\", ...]}}, one string per "
    "sentence, in the same order, exactly {count} strings."
)
_NUMBERED = re.compile(r"^\s*\[?(\d+)[\].:)\-]\s*(.*)$")
_LANGUAGE_NAMES = {"ar": "Arabic", "fa": "Persian", "en": "English", "tr": "Turkish", "ru": "Russian",
                   "he": "Hebrew", "fr": "French", "ku": "Kurdish", "de": "German", "es": "Spanish",
                   "ur": "Urdu", "ps": "Pashto"}


class GarbledAnswerError(TranslationError):
    """The endpoint answered, but not with one translation per sentence."""

    code = "W411"


class HttpTranslator:
    """A LibreTranslate or OpenAI-compatible endpoint given by URL."""

    kind = "http"

    def __init__(self, url: str, kind: Protocol = "libretranslate", api_key: str | None = None,
                 model: str = "gpt-4o-mini", *, timeout_s: float = 60.0, retries: int = 2,
                 backoff_s: float = 1.0, user_agent: str = "watchfloor",
                 transport: httpx.BaseTransport | None = None):
        if kind not in ("libretranslate", "openai"):
            raise TranslationError(f"unknown translation protocol {kind!r}",
                                   hint="use 'libretranslate' or 'openai'")
        parts = urlsplit(url or "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise TranslationError(f"translation_url {url!r} is not an http(s) address",
                                   hint="e.g. http://localhost:5000 (LibreTranslate) or "
                                        "http://localhost:8000/v1 (OpenAI-compatible)")
        self.protocol: Protocol = kind
        self.url = url.rstrip("/")
        self.model = model
        self.retries = retries
        self.backoff_s = backoff_s
        headers = {"User-Agent": user_agent, "Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._api_key = api_key
        self._client = httpx.Client(headers=headers, timeout=timeout_s, transport=transport,
                                    follow_redirects=False)

    def __repr__(self) -> str:  # never shows the key
        return f"HttpTranslator({self.endpoint!r}, kind={self.protocol!r})"

    @property
    def endpoint(self) -> str:
        if self.protocol == "libretranslate":
            return self.url if self.url.endswith("/translate") else self.url + "/translate"
        if self.url.endswith("/chat/completions"):
            return self.url
        return self.url + ("/chat/completions" if self.url.endswith("/v1") else "/v1/chat/completions")

    def name_for(self, source: str | None, target: str) -> str:
        host = urlsplit(self.url).netloc
        model = f":{self.model}" if self.protocol == "openai" else ""
        return f"http:{self.protocol}{model}@{host}"

    def close(self) -> None:
        self._client.close()

    def translate(self, sentences: Sequence[str], *, source: str | None, target: str) -> list[str]:
        """Translate sentences, one request per chunk; empty sentences are not sent."""
        out = [""] * len(sentences)
        todo = [(i, s) for i, s in enumerate(sentences) if s.strip()]
        for chunk in _chunks(todo):
            texts = [s for _, s in chunk]
            if self.protocol == "libretranslate":
                done = self._libretranslate(texts, source, target)
            else:
                done = self._chat(texts, source, target)
            for (i, _), text in zip(chunk, done, strict=True):
                out[i] = text.strip()
        return out

    # -- LibreTranslate ------------------------------------------------------------------

    def _libretranslate(self, texts: list[str], source: str | None, target: str) -> list[str]:
        body = {"q": texts, "source": source or "auto", "target": target, "format": "text"}
        if self._api_key:
            body["api_key"] = self._api_key
        answer = self._post(body)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list):
            raise TranslationError(f"{self.endpoint} answered without a translatedText list",
                                   hint="is this a LibreTranslate server? set translation_protocol")
        return check_one_for_one(texts, translated, "LibreTranslate")

    # -- OpenAI-compatible chat ----------------------------------------------------------

    def _chat(self, texts: list[str], source: str | None, target: str) -> list[str]:
        try:
            return self._chat_once(texts, source, target)
        except GarbledAnswerError:
            if len(texts) == 1:
                raise
        # The model lost count: ask again one sentence at a time.
        log.info("translation endpoint lost count on %d sentences; retrying one by one", len(texts))
        return [self._chat_once([t], source, target)[0] for t in texts]

    def _chat_once(self, texts: list[str], source: str | None, target: str) -> list[str]:
        prompt = SYSTEM_PROMPT.format(source=_language_name(source), target=_language_name(target),
                                      count=len(texts))
        numbered = "\n".join(f"{n}. {t}" for n, t in enumerate(texts, 1))
        body = {"model": self.model, "temperature": 0,
                "messages": [{"role": "system", "content": prompt},
                             {"role": "user", "content": numbered}]}
        answer = self._post(body)
        try:
            content = answer["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise TranslationError(f"{self.endpoint} answered without choices[0].message.content",
                                   hint="is this an OpenAI-compatible server? set translation_protocol") from None
        if not isinstance(content, str):
            raise GarbledAnswerError(f"{self.endpoint} answered with non-text content")
        try:
            return check_one_for_one(texts, parse_chat_translations(content, len(texts)), "chat model")
        except TranslationError as exc:
            raise GarbledAnswerError(exc.args[0], hint=exc.hint) from None

    # -- transport -----------------------------------------------------------------------

    def _post(self, body: dict) -> object:
        """POST JSON with retries on timeouts, 429 and 5xx; clear errors otherwise."""
        endpoint = self.endpoint
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._client.post(endpoint, json=body)
            except httpx.TimeoutException:
                if last:
                    raise TranslationError(f"translation endpoint {endpoint} timed out",
                                           hint="raise timeout_s or check the server") from None
            except httpx.HTTPError as exc:
                raise TranslationError(f"cannot reach translation endpoint {endpoint}: "
                                       f"{type(exc).__name__}",
                                       hint="check translation_url and that the server runs") from None
            else:
                status = response.status_code
                if status < 300:
                    try:
                        return response.json()
                    except ValueError:
                        raise TranslationError(f"{endpoint} answered with something that is not JSON",
                                               hint="check translation_url") from None
                if not (status == 429 or status >= 500) or last:
                    raise TranslationError(f"translation endpoint {endpoint} answered HTTP {status}",
                                           hint=_status_hint(status))
            log.debug("translation request to %s failed (attempt %d); retrying", endpoint, attempt + 1)
            time.sleep(self.backoff_s * 2**attempt)
        raise AssertionError("unreachable")


def parse_chat_translations(content: str, count: int) -> list[str]:
    """Read a chat model's answer: JSON ({"translations": [...]} or a list), else numbered lines."""
    text = content.strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.DOTALL)
    if fenced:
        text = fenced.group(1).strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        data = data.get("translations", next((v for v in data.values() if isinstance(v, list)), None))
    if isinstance(data, list) and all(isinstance(x, str) for x in data):
        return data
    numbered: dict[int, str] = {}
    for line in text.splitlines():
        m = _NUMBERED.match(line)
        if m:
            numbered.setdefault(int(m.group(1)), m.group(2).strip())
    if sorted(numbered) == list(range(1, count + 1)):
        return [numbered[n] for n in range(1, count + 1)]
    if count == 1 and text and data is None:
        return [text]
    raise TranslationError("the chat model's answer is neither a JSON list nor numbered lines",
                           hint="try another model or the libretranslate protocol")


def _chunks(items: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    chunks: list[list[tuple[int, str]]] = []
    size = 0
    for item in items:
        if not chunks or len(chunks[-1]) >= CHUNK_SENTENCES or size + len(item[1]) > CHUNK_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append(item)
        size += len(item[1])
    return chunks


def _language_name(code: str | None) -> str:
    if not code:
        return "the source language (detect it)"
    return _LANGUAGE_NAMES.get(code, code)


def _status_hint(status: int) -> str:
    if status in (401, 403):
        return "check translation_api_key (e.g. translation_api_key = \"$env:TRANSLATE_KEY\")"
    if status == 404:
        return "check translation_url and translation_protocol"
    if status == 429:
        return "the endpoint is rate-limiting; try again later"
    if status >= 500:
        return "the translation server failed; try again later"
    return "the endpoint refused the request; check translation_protocol and model"


def protocol_for(settings: Settings) -> Protocol:
    """`translation_protocol` if set, else guessed from the URL (/v1 or chat/completions: openai)."""
    chosen = (settings.get("translation_protocol") or "").strip().lower()
    if chosen:
        if chosen not in ("libretranslate", "openai"):
            raise TranslationError(f"unknown translation_protocol {chosen!r}",
                                   hint="use 'libretranslate' or 'openai'")
        return chosen  # type: ignore[return-value]
    path = urlsplit(settings.get("translation_url") or "").path
    return "openai" if ("/v1" in path or "chat/completions" in path) else "libretranslate"


def from_settings(settings: Settings) -> HttpTranslator:
    """The http backend from `translation_url`, `translation_api_key` and related settings."""
    url = settings.get("translation_url") or ""
    if not url:
        raise TranslationError("translation_backend is http but translation_url is empty",
                               hint="watchfloor --set translation_url=http://localhost:5000 translate ...")
    return HttpTranslator(
        url, protocol_for(settings), api_key=settings.get("translation_api_key") or None,
        model=settings.get("translation_model") or "gpt-4o-mini",
        timeout_s=float(settings.get("timeout_s") or 60.0) * 3,
        retries=int(settings.get("retries") or 0), backoff_s=float(settings.get("backoff_s") or 0),
        user_agent=settings.get("user_agent") or "watchfloor")


register("http", from_settings)
