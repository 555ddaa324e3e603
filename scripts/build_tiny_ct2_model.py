"""Build a tiny random-weight CTranslate2 translation model laid out like an Argos package.

No real model can be downloaded here, so the translation loader is tested on this one: a
SentencePiece model trained on a few of our own sentences, and a one-layer Transformer
with random weights written through CTranslate2's own spec API (no torch needed). Its
output is gibberish; it exercises loading, tokenisation, batching and offsets.

    python scripts/build_tiny_ct2_model.py OUT_DIR

OUT_DIR then holds `model/` (model.bin, config.json, vocabularies), `sentencepiece.model`
and `metadata.json`, like an unzipped `.argosmodel` file. Takes well under a second.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import numpy as np

#: Our own sentences (Arabic and English), enough for SentencePiece to learn a small vocabulary.
TRAINING_TEXT = """\
قصفت طائرة مسيرة موقعا قرب مدينة البوكمال صباح الثلاثاء.
قالت مصادر محلية إن 3 مقاتلين قتلوا في الهجوم.
نقلت قافلة من 12 شاحنة أسلحة عبر معبر القائم.
أعلنت الفصائل حالة التأهب في ريف دير الزور الشرقي.
وصلت تعزيزات عسكرية إلى قاعدة التنف يوم الأحد.
A drone struck a position near the town of Al-Bukamal on Tuesday morning.
Local sources said 3 fighters were killed in the attack.
A convoy of 12 trucks carried weapons across the Al-Qaim crossing.
The factions declared a state of alert in eastern Deir ez-Zor.
Military reinforcements arrived at the Tanf base on Sunday.
"""


def train_sentencepiece(lines: list[str], vocab_size: int = 120) -> bytes:
    """Train a SentencePiece model in memory and return its bytes (about 0.1 s)."""
    import sentencepiece as spm

    out = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=out, vocab_size=vocab_size,
        model_type="unigram", character_coverage=1.0, hard_vocab_limit=False,
        minloglevel=2,
    )
    return out.getvalue()


def _random_spec(vocab: list[str], *, d_model: int = 16, ffn: int = 32, heads: int = 2, seed: int = 7):
    from ctranslate2 import specs

    spec = specs.TransformerSpec.from_config((1, 1), heads)
    rng = np.random.default_rng(seed)
    size = len(vocab)

    def shape_for(name: str) -> tuple[int, ...]:
        if name.endswith(("gamma", "beta")):
            return (d_model,)
        if "embeddings" in name or "projection" in name:
            return (size, d_model)
        if "ffn/linear_0" in name:
            return (ffn, d_model)
        if "ffn/linear_1" in name:
            return (d_model, ffn)
        if "self_attention/linear_0" in name:
            return (3 * d_model, d_model)
        if "/attention/linear_1" in name:  # cross-attention keys and values, fused
            return (2 * d_model, d_model)
        return (d_model, d_model)

    for name, value in spec.variables().items():
        if value is not None:
            continue
        array = rng.normal(0.0, 0.3, shape_for(name)).astype(np.float32)
        if name.endswith("gamma"):
            array = np.ones(d_model, dtype=np.float32)
        elif name.endswith("beta"):
            array = np.zeros(d_model, dtype=np.float32)
        _set(spec, name, array)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return spec


def _set(spec, name: str, value: np.ndarray) -> None:
    """Set `encoder/layer_0/ffn/linear_1/weight` on the spec tree (`_N` is a list index)."""
    node = spec
    *path, leaf = name.split("/")
    for part in path:
        match = re.fullmatch(r"(.+)_(\d+)", part)
        if match and isinstance(getattr(node, match.group(1), None), list):
            node = getattr(node, match.group(1))[int(match.group(2))]
        else:
            node = getattr(node, part)
    setattr(node, leaf, value)


def build(out_dir: str | Path, *, from_code: str = "ar", to_code: str = "en") -> Path:
    """Write a tiny Argos-style package folder to `out_dir` and return it."""
    import sentencepiece as spm

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lines = [line for line in TRAINING_TEXT.splitlines() if line.strip()]
    sp_bytes = train_sentencepiece(lines)
    (out / "sentencepiece.model").write_bytes(sp_bytes)
    processor = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocab = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    spec = _random_spec(vocab)
    spec.validate()
    (out / "model").mkdir(exist_ok=True)
    spec.save(str(out / "model"))
    (out / "metadata.json").write_text(json.dumps({
        "package_version": "0.0-tiny", "argos_version": "1.0", "from_code": from_code,
        "to_code": to_code, "from_name": from_code, "to_name": to_code,
        "description": "tiny random-weight test model (gibberish output)",
    }, indent=1), encoding="utf-8")
    return out


if __name__ == "__main__":
    # ctranslate2.specs imports torch when it can (5 s here); numpy arrays are all we need.
    sys.modules.setdefault("torch", None)  # type: ignore[arg-type]
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(build(sys.argv[1]))
