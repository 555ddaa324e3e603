"""`watchfloor translate` end to end: stored documents, a local LibreTranslate-like server, the store."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from click.testing import CliRunner
from werkzeug import Request, Response

from watchfloor.cli import cli
from watchfloor.records import Capture, Document
from watchfloor.settings import load_settings
from watchfloor.store import Store

ARABIC = "قصفت طائرة مسيرة موقعا قرب البوكمال. قالت مصادر إن 3 مقاتلين قتلوا."
ENGLISH = "A drone struck a position near Al-Bukamal on Tuesday morning. Three fighters were killed."


def reverse_words(request: Request) -> Response:
    """A fake LibreTranslate: each sentence's words in reverse order."""
    out = [" ".join(reversed(s.split())) for s in request.get_json()["q"]]
    return Response(json.dumps({"translatedText": out}), content_type="application/json")


def run(args: list[str], data_dir, url: str = "") -> object:
    base = ["--set", f"data_dir={data_dir}", "--set", "translation_backend=http",
            "--set", f"translation_url={url}"]
    return CliRunner().invoke(cli, base + args, catch_exceptions=False)


def open_store(data_dir) -> Store:
    return Store.open(load_settings(None, [f"data_dir={data_dir}"], environ={}))


def add_documents(data_dir, texts: dict[str, str]) -> None:
    """Store read documents the way the read stage leaves them (capture + document)."""
    store = open_store(data_dir)
    try:
        for language, text in texts.items():
            url = f"text:{language}"
            sha = Capture.hash_payload(text.encode())
            capture, _ = store.add_capture(Capture(url, datetime.now(UTC), 200, "text/plain", sha,
                                                   len(text.encode())), url)
            store.save_document(Document(text=text, url=url, canonical_url=url, language=language,
                                         capture_id=capture.id, capture_sha256=sha))
    finally:
        store.close()


def stored(data_dir):
    store = open_store(data_dir)
    try:
        return {d.language: d for d in store.documents()}
    finally:
        store.close()


def test_translate_all_stores_translations_beside_originals(httpserver, tmp_path):
    httpserver.expect_request("/translate", method="POST").respond_with_handler(reverse_words)
    data = tmp_path / "data"
    add_documents(data, {"ar": ARABIC, "en": ENGLISH})

    result = run(["translate", "--all"], data, httpserver.url_for("/"))
    assert result.exit_code == 0, result.output
    assert "1 translated, 1 skipped" in result.output

    docs = stored(data)
    assert docs["ar"].text == ARABIC
    assert docs["ar"].translation == "البوكمال. قرب موقعا مسيرة طائرة قصفت\nقتلوا. مقاتلين 3 إن مصادر قالت"
    assert docs["ar"].translation_backend.startswith("http:libretranslate@")
    assert docs["en"].translation is None

    again = run(["translate", "--all"], data, httpserver.url_for("/"))
    assert "0 translated, 2 skipped" in again.output
    forced = run(["translate", "--doc", str(docs["ar"].id), "--force"], data, httpserver.url_for("/"))
    assert "1 translated" in forced.output


def test_translate_failures_are_reported_and_nothing_is_lost(httpserver, tmp_path):
    httpserver.expect_request("/translate").respond_with_data("down", status=500)
    data = tmp_path / "data"
    add_documents(data, {"ar": ARABIC})
    result = CliRunner().invoke(cli, ["--set", f"data_dir={data}", "--set", "translation_backend=http",
                                      "--set", f"translation_url={httpserver.url_for('/')}",
                                      "--set", "retries=0", "translate", "--all"])
    assert result.exit_code == 1
    assert "1 failed" in result.output and "HTTP 500" in result.output
    assert stored(data)["ar"].text == ARABIC and stored(data)["ar"].translation is None


def test_translate_needs_a_choice_of_documents_and_a_backend(tmp_path):
    data = tmp_path / "data"
    assert "give --doc ID" in CliRunner().invoke(cli, ["--set", f"data_dir={data}", "translate"]).output
    result = CliRunner().invoke(cli, ["--set", f"data_dir={data}", "translate", "--all"])
    assert result.exit_code != 0 and "no translation backend configured" in str(result.exception)
