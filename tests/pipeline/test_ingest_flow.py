"""The foundation end to end: watch -> capture (WARC) -> read -> store, as a user runs it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from werkzeug import Response

from watchfloor.archive.warc import WarcArchive
from watchfloor.pipeline import Context, ingest, read_pending, run_cycle, source_for_target
from watchfloor.records import Reliability, Source, SourceKind

SEED = "corpus/seed/pmu-syria-2023-11-05.txt"


def test_seed_report_ingested_twice_is_one_document(settings, shared_dir):
    path = shared_dir / SEED
    with Context.open(settings) as ctx:
        ingest(ctx, source_for_target(str(path)), extractor=_no_extract())
        ingest(ctx, source_for_target(str(path)), extractor=_no_extract())
        docs = list(ctx.store.documents())
        assert len(docs) == 1
        assert ctx.store.count("captures") == 1
        doc = docs[0]
        assert doc.language == "en"
        original = path.read_text(encoding="utf-8")
        # the text is intact: every paragraph of the report is in the document, word for word
        for para in [p.strip() for p in original.split("\n\n") if len(p.strip()) > 40]:
            assert " ".join(para.split()) in " ".join(doc.text.split())
        # and the archive holds the exact bytes, hash-checked
        capture = ctx.store.capture(doc.capture_id)
        _headers, body = ctx.archive.read(capture)
        assert body == path.read_bytes()
        assert ctx.archive.verify().ok


def _no_extract():
    class Nothing:
        def extract(self, doc):
            from watchfloor.extract.steps import Extraction

            return Extraction(document=doc)

        def step_ids(self):
            return []

    return Nothing()


ARTICLE = """<html><head><title>Convoy crosses at Al-Bukamal</title>
<meta name="author" content="Staff"></head><body><article><h1>Convoy crosses at Al-Bukamal</h1>
<p>{body}</p><p>Local sources said the convoy carried rockets and stopped in Al-Mayadin before
continuing west. The militia did not comment on the movement.</p></article></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Deir Now</title>
<link>{base}/</link><description>news</description>
<item><title>Convoy crosses at Al-Bukamal</title><link>{base}/a1?utm_source=rss</link>
<pubDate>Fri, 03 Nov 2023 10:00:00 GMT</pubDate></item>
<item><title>Second item</title><link>{base}/a2</link><pubDate>Fri, 03 Nov 2023 12:00:00 GMT</pubDate></item>
</channel></rss>"""


def test_feed_monitored_twice_changed_item_becomes_new_capture(settings, httpserver):
    base = httpserver.url_for("").rstrip("/")
    bodies = {"a1": "A convoy of militia fighters crossed from Iraq into Syria on Friday. " * 5,
              "a2": "Reinforcements arrived in Palmyra on Friday evening, witnesses said. " * 5}

    def article(request):
        name = request.path.strip("/")
        return Response(ARTICLE.format(body=bodies[name]), content_type="text/html; charset=utf-8")

    httpserver.expect_request("/feed.xml").respond_with_data(FEED.format(base=base),
                                                             content_type="application/rss+xml")
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/a1").respond_with_handler(article)
    httpserver.expect_request("/a2").respond_with_handler(article)

    with Context.open(settings) as ctx:
        ctx.store.upsert_source(Source("Deir Now", SourceKind.RSS, f"{base}/feed.xml", "en",
                                       Reliability.C, poll_interval_s=60))
        run_cycle(ctx, _no_extract())
        assert ctx.store.count("documents") == 2
        first = {d.canonical_url: d for d in ctx.store.documents()}
        # nothing new: the next poll stores nothing
        for s in ctx.store.sources():
            ctx.store.mark_polled(s, status="ok", error=None, items=0, now=_past())
        run_cycle(ctx, _no_extract())
        assert ctx.store.count("documents") == 2
        captures_before = ctx.store.count("captures")
        # one article changes: a new capture of the same document
        bodies["a1"] = "The convoy was later seen in Al-Mayadin, the same sources said. " * 5
        for s in ctx.store.sources():
            ctx.store.mark_polled(s, status="ok", error=None, items=0, now=_past())
        run_cycle(ctx, _no_extract())
        assert ctx.store.count("documents") == 2
        assert ctx.store.count("captures") == captures_before + 1
        after = {d.canonical_url: d for d in ctx.store.documents()}
        changed = [u for u in after if after[u].text != first[u].text]
        assert len(changed) == 1 and "utm_source" not in changed[0]
        assert "Al-Mayadin, the same sources said" in after[changed[0]].text
        assert ctx.store.search("Palmyra")


def _past():
    from datetime import UTC, datetime, timedelta

    return datetime.now(UTC) - timedelta(days=1)


def test_unreadable_capture_fails_alone_and_is_kept(settings, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Militia fighters crossed the border on Friday, local sources said.")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    with Context.open(settings) as ctx:
        reports = ingest(ctx, source_for_target(str(bad)), extractor=_no_extract())
        assert reports[1].failed == 1 and "binary" in reports[1].errors[0].lower()
        ingest(ctx, source_for_target(str(good)), extractor=_no_extract())
        assert ctx.store.count("documents") == 1
        assert ctx.store.count("captures") == 2  # the bad bytes are archived as evidence anyway


def test_killed_ingest_loses_nothing_and_next_run_resumes(settings, tmp_path):
    """Kill the process in the middle of a batch: what was stored stays whole; `read` resumes."""
    files = []
    for n in range(12):
        f = tmp_path / f"report-{n}.txt"
        f.write_text(f"Report {n}: militia convoy number {n} crossed into Syria. " * 3)
        files.append(f)
    sources = tmp_path / "sources.toml"
    sources.write_text("".join(
        f'[[source]]\nname = "r{n}"\nkind = "file"\naddress = "{f}"\n' for n, f in enumerate(files)))
    env = {**os.environ, "WATCHFLOOR_DATA_DIR": str(settings.data_path),
           "WATCHFLOOR_ALLOW_PRIVATE_ADDRESSES": "true"}
    proc = subprocess.Popen([sys.executable, "-m", "watchfloor.cli", "monitor", "--once",
                             "--sources", str(sources)], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    archive = settings.data_path / "archive"
    deadline = time.time() + 60
    while time.time() < deadline and not list(archive.glob("*.warc.gz")):
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Context.open(settings) as ctx:
        n_captures = ctx.store.count("captures")
        for capture in ctx.store.captures():  # every stored capture replays, hash-checked
            ctx.archive.read(capture)
        read_pending(ctx)
        assert ctx.store.count("documents") == n_captures
        assert WarcArchive(archive).verify().ok
    # the next full run completes the batch
    subprocess.run([sys.executable, "-m", "watchfloor.cli", "monitor", "--once", "--sources",
                    str(sources)], env=env, cwd=tmp_path, check=True, capture_output=True, timeout=300)
    with Context.open(settings) as ctx:
        assert ctx.store.count("documents") == 12


@pytest.mark.parametrize("target", ["http://127.0.0.1:9/x", "http://localhost/x", "http://169.254.169.254/"])
def test_private_addresses_refused_by_default(tmp_path, target):
    from watchfloor.settings import load_settings

    settings = load_settings(environ={}, overrides=[f"data_dir={tmp_path}", "retries=0"])
    with Context.open(settings) as ctx:
        reports = ingest(ctx, source_for_target(target), extractor=_no_extract())
        assert reports[0].failed == 1
        assert "private" in reports[0].errors[0].lower() or "loopback" in reports[0].errors[0].lower() \
            or "allow_private_addresses" in reports[0].errors[0]
        assert ctx.store.count("captures") == 0


def test_cli_module_runs():
    out = subprocess.run([sys.executable, "-m", "watchfloor.cli", "--help"], capture_output=True,
                         text=True, check=True)
    assert "monitor" in out.stdout and "ingest" in out.stdout
    assert Path(sys.executable).exists()


def test_ctrl_c_stops_monitor_cleanly(settings, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Militia fighters crossed into Syria on Friday, local sources said.")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "r"\nkind = "file"\naddress = "{report}"\npoll_interval_s = 60\n')
    env = {**os.environ, "WATCHFLOOR_DATA_DIR": str(settings.data_path)}
    proc = subprocess.Popen([sys.executable, "-m", "watchfloor.cli", "monitor", "--sources", str(sources),
                             "--tick", "0.2"], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    log = settings.data_path / "watchfloor.log"
    deadline = time.time() + 240
    while time.time() < deadline and proc.poll() is None:
        with Context.open(settings) as ctx:
            if ctx.store.count("documents"):
                break
        time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "monitor stopped" in err
    assert log.exists()


def test_one_document_failing_extraction_never_stops_the_batch(settings, tmp_path):
    from watchfloor.extract.steps import Extraction
    from watchfloor.pipeline import extract_pending

    class Brittle:
        def extract(self, doc):
            if "poison" in doc.text:
                raise RuntimeError("model crashed")
            return Extraction(document=doc)

        def step_ids(self):
            return ["brittle@1"]

    with Context.open(settings) as ctx:
        for n, text in enumerate(["A convoy crossed on Friday.", "poison pill text", "Clashes erupted at dawn."]):
            f = tmp_path / f"d{n}.txt"
            f.write_text(text)
            ingest(ctx, source_for_target(str(f)), extractor=_no_extract())
        report = extract_pending(ctx, Brittle())
        assert (report.done, report.failed) == (2, 1)
        assert "model crashed" in report.errors[0]
