"""Event typing speed: snippets per second, wall clock and per CPU-second, for each shipped model.

    python bench/bench_event_typing.py [--shared ../shared] [--threads 2] [--articles]

Per CPU-second is the honest figure on a shared machine (it does not count time other
processes took); on an idle machine, wall-clock throughput on N cores is about N times it
for single-threaded work. Reads case2021-dev snippets when --shared is given, else the
hand-written training examples.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from watchfloor.extract.taxonomy import load_taxonomy
from watchfloor.extract.typing import EventTyper, features, train
from watchfloor.extract.typing.model import EMBEDDING_MODEL, ESCALATE_BELOW, LEXICAL_MODEL


def texts_for(shared: Path | None) -> list[str]:
    if shared:
        path = shared / "eval/events/case2021-dev.jsonl"
        return [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    return train.own_examples(load_taxonomy()).texts


def measure(path: Path, texts: list[str], rounds: int) -> dict[str, float]:
    t0 = time.perf_counter()
    typer = EventTyper.load(path)
    typer.predict(texts[:8])  # warm-up (first torch call allocates)
    load_s = time.perf_counter() - t0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        typer.predict(texts)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    n = len(texts) * rounds
    return {"load_s": round(load_s, 2), "per_s_wall": round(n / wall, 1), "per_cpu_s": round(n / cpu, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=2, help="torch threads for the encoder")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--articles", action="store_true",
                        help="glue 5 snippets into one article-length text (about 1,200 characters)")
    args = parser.parse_args()
    texts = texts_for(args.shared)
    if args.articles:
        texts = [" ".join(texts[i:i + 5]) for i in range(0, len(texts) - 4, 5)]
    print(f"{len(texts)} texts, mean {sum(map(len, texts)) / len(texts):.0f} characters")
    print("lexical  ", measure(LEXICAL_MODEL, texts, args.rounds))
    if EMBEDDING_MODEL.is_file() and features.encoder_available():
        import torch

        torch.set_num_threads(args.threads)
        lexical = measure(LEXICAL_MODEL, texts, 1)
        embedding = measure(EMBEDDING_MODEL, texts, args.rounds)
        print("embedding", embedding, f"(torch threads {args.threads})")
        meta = json.loads(EMBEDDING_MODEL.with_suffix(".json").read_text(encoding="utf-8"))
        cv = meta.get("cascade", {}).get(f"escalate_below_{ESCALATE_BELOW:g}")
        if cv:
            share = cv["escalated"]["mean"]
            per_cpu = 1 / (1 / lexical["per_cpu_s"] + share / embedding["per_cpu_s"])
            print(f"cascade   escalates {share:.0%} of unseen snippets (CV) -> about {per_cpu:.0f} per CPU-second, "
                  f"weighted F1 {cv['weighted_f1']['mean']:.3f} (CV)")


if __name__ == "__main__":
    main()
