"""Benchmark translation plumbing: a local CTranslate2 model, an HTTP endpoint, the alignment.

No real translation model exists offline here, so the local figure uses the tiny random
model from scripts/build_tiny_ct2_model.py: it measures loading, tokenisation, batching and
decoding overhead, not what a real OPUS-MT or Argos model costs (those are ~100x larger).
The HTTP figure is round-trips per second against a local LibreTranslate-like server
(upper-casing), i.e. our client's overhead, not a real server's translation time.

    python bench/bench_translate.py [--sentences N]
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from build_tiny_ct2_model import TRAINING_TEXT  # noqa: E402

from watchfloor.read.translate import Alignment, split_sentences  # noqa: E402
from watchfloor.read.translate.align import Segment  # noqa: E402


def sentences(n: int) -> list[str]:
    base = [line for line in TRAINING_TEXT.splitlines() if line.strip() and not line.isascii()]
    return [base[i % len(base)] for i in range(n)]


def bench_local(n: int) -> None:
    from watchfloor.read.translate.argos import ArgosTranslator

    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "translate-ar_en-tiny"
        t0 = time.perf_counter()
        subprocess.run([sys.executable, str(REPO / "scripts" / "build_tiny_ct2_model.py"), str(package)],
                       check=True, capture_output=True)
        print(f"tiny model built in {time.perf_counter() - t0:.2f} s "
              f"({sum(p.stat().st_size for p in package.rglob('*') if p.is_file()) / 1024:.0f} KiB)")
        texts = sentences(n)
        for beam, max_len in ((1, 64), (4, 64)):
            t0 = time.perf_counter()
            translator = ArgosTranslator(package, beam_size=beam, max_decoding_length=max_len)
            load = time.perf_counter() - t0
            t0 = time.perf_counter()
            out = translator.translate(texts, source="ar", target="en")
            took = time.perf_counter() - t0
            tokens = sum(len(o) for o in out)
            print(f"local tiny model beam={beam} max_len={max_len}: load {load:.2f} s, "
                  f"{n / took:,.0f} sentences/s ({tokens / took:,.0f} output chars/s)")


def bench_http(n: int) -> None:
    from pytest_httpserver import HTTPServer
    from werkzeug import Request, Response

    from watchfloor.read.translate.http import HttpTranslator

    def upper(request: Request) -> Response:
        return Response(json.dumps({"translatedText": [s.upper() for s in request.get_json()["q"]]}),
                        content_type="application/json")

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one access-log line per request otherwise
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/translate").respond_with_handler(upper)
    server.start()
    try:
        translator = HttpTranslator(server.url_for("/"), "libretranslate", retries=0)
        texts = sentences(n)
        t0 = time.perf_counter()
        for text in texts:
            translator.translate([text], source="ar", target="en")
        took = time.perf_counter() - t0
        print(f"http LibreTranslate on localhost, one sentence per request: {n / took:,.0f} round-trips/s")
        t0 = time.perf_counter()
        translator.translate(texts, source="ar", target="en")
        took = time.perf_counter() - t0
        print(f"http LibreTranslate on localhost, 20-sentence chunks: {n / took:,.0f} sentences/s")
        translator.close()
    finally:
        server.stop()


def bench_align(n: int) -> None:
    text = " ".join(sentences(n))
    t0 = time.perf_counter()
    spans = split_sentences(text)
    took = time.perf_counter() - t0
    print(f"split_sentences: {len(text) / took / 1e6:.1f} M chars/s ({len(spans)} sentences)")
    translation = "\n".join(text[a:b] for a, b in spans)  # identity "translation": every token anchors
    segments, offset = [], 0
    for a, b in spans:
        segments.append(Segment(a, b, offset, offset + b - a))
        offset += b - a + 1
    alignment = Alignment(text, translation, tuple(segments))
    probes = [(s.target_start + 2, s.target_start + 12) for s in segments]
    t0 = time.perf_counter()
    for start, end in probes:
        alignment.to_original(start, end)
    took = time.perf_counter() - t0
    print(f"Alignment.to_original: {len(probes) / took:,.0f} spans/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=500)
    args = parser.parse_args()
    bench_align(args.sentences)
    bench_http(args.sentences)
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        print("local model: skipped (pip install 'watchfloor[mt]')")
        return
    bench_local(args.sentences)


if __name__ == "__main__":
    main()
