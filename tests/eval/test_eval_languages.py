"""Scorers report by language when a gold set holds several."""

import json

from click.testing import CliRunner

from watchfloor.cli import cli
from watchfloor.eval.languages import document_languages, split_by_language

EN = "Fighters moved to Palmyra and Homs on Friday."
AR = "وصلت تعزيزات إلى البوكمال ودير الزور."


def test_gold_language_key_wins_over_detection():
    assert document_languages([{"text": EN, "language": "fa"}, {"text": AR}]) == ["fa", "und"]
    assert document_languages([{"text": EN}, {"text": AR}]) == ["en", "ar"]
    assert list(split_by_language([{"text": EN}])) == ["en"]


def test_geo_eval_adds_a_row_per_language(tmp_path):
    s = AR.index("البوكمال")
    gold = tmp_path / "mixed.jsonl"
    gold.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in [
        {"id": "a", "text": EN, "toponyms": [{"start": 18, "end": 25, "name": "Palmyra", "lat": 34.56, "lon": 38.28}]},
        {"id": "b", "text": AR, "toponyms": [{"start": s, "end": s + 8, "name": "البوكمال", "lat": 34.45,
                                             "lon": 40.92}]},
    ]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--set", f"data_dir={tmp_path}", "eval", "geo", str(gold), "--no-ner",
                                      "--json"])
    assert result.exit_code == 0, result.output
    corpora = json.loads(result.output[result.output.index("{"):])["corpora"]
    assert set(corpora) == {"mixed", "mixed[ar]", "mixed[en]"}
    assert corpora["mixed[ar]"]["resolution"]["acc161"] == 1.0
