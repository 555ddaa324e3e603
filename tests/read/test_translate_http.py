"""The http backend against a real server on 127.0.0.1 speaking LibreTranslate and OpenAI chat."""

from __future__ import annotations

import json
import logging
import re
import time

import pytest
from werkzeug import Request, Response

from watchfloor.read.translate import (
    TranslationError,
    alignment_for,
    translate_document_aligned,
    translator_from_settings,
)
from watchfloor.read.translate.http import HttpTranslator, parse_chat_translations
from watchfloor.records import Document

KEY = "sk-test-not-a-real-key-41f7"
# A deterministic "translation": a tiny Arabic -> English dictionary, word by word.
WORDS = {"قصفت": "struck", "طائرة": "aircraft", "مسيرة": "drone", "موقعا": "position", "قرب": "near",
         "البوكمال": "Al-Bukamal", "قالت": "said", "مصادر": "sources", "إن": "that", "قتلوا": "killed",
         "مقاتلين": "fighters", "في": "in", "دير": "Deir", "الزور": "ez-Zor"}
TEXT = ("قصفت طائرة مسيرة موقعا قرب البوكمال.\n\n"
        "قالت مصادر إن ٣ مقاتلين قتلوا في دير الزور.")


def fake_translate(sentence: str) -> str:
    return " ".join(WORDS.get(w.strip(".،"), w) for w in sentence.split())


def libretranslate(seen: list[Request]):
    def handler(request: Request) -> Response:
        seen.append(request)
        body = request.get_json()
        q = body["q"]
        out = [fake_translate(s) for s in q] if isinstance(q, list) else fake_translate(q)
        return Response(json.dumps({"translatedText": out}), content_type="application/json")
    return handler


def chat(seen: list[Request], answer=None):
    """An OpenAI-compatible server: reads the numbered sentences, answers with JSON."""
    def handler(request: Request) -> Response:
        seen.append(request)
        body = request.get_json()
        user = body["messages"][-1]["content"]
        sentences = [re.sub(r"^\d+\.\s*", "", line) for line in user.splitlines()]
        translations = [fake_translate(s) for s in sentences]
        content = answer(translations) if answer else json.dumps({"translations": translations})
        return Response(json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}),
                        content_type="application/json")
    return handler


def host(httpserver) -> str:
    return httpserver.url_for("/").split("//", 1)[1].rstrip("/")


def doc(text: str = TEXT, language: str = "ar") -> Document:
    return Document(text=text, url="https://example.org/a", canonical_url="https://example.org/a",
                    language=language)


def test_libretranslate_translation_is_stored_beside_the_original(httpserver):
    seen: list[Request] = []
    httpserver.expect_request("/translate", method="POST").respond_with_handler(libretranslate(seen))
    translator = HttpTranslator(httpserver.url_for("/"), "libretranslate", api_key=KEY)

    done, alignment = translate_document_aligned(doc(), translator)

    assert done.text == TEXT
    assert done.translation == ("struck aircraft drone position near Al-Bukamal\n"
                                "said sources that ٣ fighters killed in Deir ez-Zor")
    assert done.translation_backend == f"http:libretranslate@{host(httpserver)}"
    assert len(seen) == 1 and seen[0].get_json()["q"] == [
        "قصفت طائرة مسيرة موقعا قرب البوكمال.", "قالت مصادر إن ٣ مقاتلين قتلوا في دير الزور."]
    assert seen[0].get_json()["source"] == "ar" and seen[0].get_json()["target"] == "en"
    assert seen[0].headers["Authorization"] == f"Bearer {KEY}"
    # The way back: "٣" in the translation is the "٣" of the original.
    start = done.translation.index("٣")
    where = alignment.to_original(start, start + 1)
    assert (where.precision, TEXT[where.start:where.end]) == ("anchor", "٣")
    assert alignment_for(done).segments == alignment.segments


def test_openai_chat_sends_one_request_per_chunk_and_keeps_the_order(httpserver):
    seen: list[Request] = []
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(chat(seen))
    translator = HttpTranslator(httpserver.url_for("/v1"), "openai", api_key=KEY, model="tiny-llm")
    text = " ".join(f"قتلوا {n} مقاتلين في دير الزور." for n in range(45))

    done = translate_document_aligned(doc(text), translator)[0]

    lines = done.translation.split("\n")
    assert len(lines) == 45 and lines[7] == "killed 7 fighters in Deir ez-Zor"
    assert len(seen) == 3  # 20 + 20 + 5 sentences
    request = seen[0].get_json()
    assert request["model"] == "tiny-llm" and request["temperature"] == 0
    assert "Arabic" in request["messages"][0]["content"] and "English" in request["messages"][0]["content"]
    assert seen[0].headers["Authorization"] == f"Bearer {KEY}"
    assert done.translation_backend == f"http:openai:tiny-llm@{host(httpserver)}"


def test_openai_numbered_lines_answer_is_accepted(httpserver):
    seen: list[Request] = []
    numbered = chat(seen, answer=lambda ts: "\n".join(f"{i}. {t}" for i, t in enumerate(ts, 1)))
    httpserver.expect_request("/v1/chat/completions").respond_with_handler(numbered)
    translator = HttpTranslator(httpserver.url_for("/v1/chat/completions"), "openai")
    assert translator.translate(["قرب البوكمال.", "في دير الزور."], source="ar", target="en") == [
        "near Al-Bukamal", "in Deir ez-Zor"]


def test_a_model_that_loses_count_is_asked_again_one_sentence_at_a_time(httpserver):
    seen: list[Request] = []

    def answer(translations):  # drops the last sentence whenever it gets more than one
        return json.dumps(translations[:-1] if len(translations) > 1 else translations)

    httpserver.expect_request("/v1/chat/completions").respond_with_handler(chat(seen, answer))
    translator = HttpTranslator(httpserver.url_for("/v1"), "openai")
    out = translator.translate(["قرب البوكمال.", "في دير الزور.", "قتلوا"], source="ar", target="en")
    assert out == ["near Al-Bukamal", "in Deir ez-Zor", "killed"]
    assert len(seen) == 4


@pytest.mark.parametrize("content, expected", [
    ('```json\n{"translations": ["a", "b"]}\n```', ["a", "b"]),
    ('["a", "b"]', ["a", "b"]),
    ("1) a\n2) b", ["a", "b"]),
    ("[1] a\n[2] b", ["a", "b"]),
])
def test_chat_answers_in_common_shapes_are_read(content, expected):
    assert parse_chat_translations(content, 2) == expected


def test_chat_answer_that_cannot_be_read_is_a_clear_error():
    with pytest.raises(TranslationError, match="neither a JSON list nor numbered lines"):
        parse_chat_translations("Sure! Here is the translation you asked for.", 2)


def test_server_errors_are_retried_then_reported(httpserver):
    httpserver.expect_request("/translate").respond_with_data("boom", status=503)
    translator = HttpTranslator(httpserver.url_for("/"), retries=2, backoff_s=0.01)
    with pytest.raises(TranslationError, match="HTTP 503") as info:
        translator.translate(["قرب البوكمال."], source="ar", target="en")
    assert "try again later" in info.value.hint
    assert len(httpserver.log) == 3


def test_refused_key_is_not_retried_and_says_what_to_check(httpserver):
    httpserver.expect_request("/translate").respond_with_json({"error": "Invalid API key"}, status=403)
    translator = HttpTranslator(httpserver.url_for("/"), api_key=KEY, retries=2, backoff_s=0.01)
    with pytest.raises(TranslationError, match="HTTP 403") as info:
        translator.translate(["قرب البوكمال."], source="ar", target="en")
    assert "translation_api_key" in info.value.hint
    assert len(httpserver.log) == 1


def test_malformed_answers_are_clear_errors(httpserver):
    httpserver.expect_request("/translate").respond_with_data("<html>not json</html>")
    with pytest.raises(TranslationError, match="not JSON"):
        HttpTranslator(httpserver.url_for("/")).translate(["قرب"], source="ar", target="en")
    httpserver.clear()
    httpserver.expect_request("/translate").respond_with_json({"translatedText": ["only one"]})
    with pytest.raises(TranslationError, match="1 translations for 2 sentences"):
        HttpTranslator(httpserver.url_for("/")).translate(["قرب", "في"], source="ar", target="en")
    httpserver.clear()
    httpserver.expect_request("/v1/chat/completions").respond_with_json({"id": "x"})
    with pytest.raises(TranslationError, match="choices"):
        HttpTranslator(httpserver.url_for("/v1"), "openai").translate(["قرب"], source="ar", target="en")


def test_timeouts_are_clear_errors(httpserver):
    def slow(request: Request) -> Response:
        time.sleep(0.5)
        return Response("{}", content_type="application/json")

    httpserver.expect_request("/translate").respond_with_handler(slow)
    translator = HttpTranslator(httpserver.url_for("/"), timeout_s=0.1, retries=0)
    with pytest.raises(TranslationError, match="timed out"):
        translator.translate(["قرب"], source="ar", target="en")


def test_unreachable_endpoint_is_a_clear_error():
    translator = HttpTranslator("http://127.0.0.1:9/", retries=0, timeout_s=1)
    with pytest.raises(TranslationError, match="cannot reach") as info:
        translator.translate(["قرب"], source="ar", target="en")
    assert "translation_url" in info.value.hint


def test_bad_url_is_refused_before_any_request():
    with pytest.raises(TranslationError, match="not an http"):
        HttpTranslator("localhost:5000")


def test_api_key_from_settings_is_sent_but_never_logged_or_shown(httpserver, settings, monkeypatch, caplog):
    monkeypatch.setenv("WF_TEST_TRANSLATE_KEY", KEY)
    seen: list[Request] = []
    httpserver.expect_request("/translate").respond_with_handler(libretranslate(seen))
    httpserver.expect_request("/v1/chat/completions").respond_with_data("nope", status=401)
    caplog.set_level(logging.DEBUG)
    configured = settings.replace(translation_backend="http", translation_url=httpserver.url_for("/"),
                                  translation_api_key="$env:WF_TEST_TRANSLATE_KEY")

    translator = translator_from_settings(configured)
    translate_document_aligned(doc(), translator)
    assert seen[0].headers["Authorization"] == f"Bearer {KEY}"
    assert seen[0].get_json()["api_key"] == KEY  # where LibreTranslate's protocol wants it

    failing = translator_from_settings(configured.replace(translation_url=httpserver.url_for("/v1")))
    with pytest.raises(TranslationError) as info:
        failing.translate(["قرب"], source="ar", target="en")
    assert KEY not in str(info.value) and KEY not in repr(failing) and KEY not in repr(translator)
    assert KEY not in caplog.text
    assert KEY not in str(configured.describe())


def test_http_backend_without_url_says_what_to_set(settings):
    with pytest.raises(TranslationError, match="translation_url is empty"):
        translator_from_settings(settings.replace(translation_backend="http"))
