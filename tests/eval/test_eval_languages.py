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


def test_entities_eval_reports_each_language(tmp_path):
    from watchfloor.eval.entities import evaluate

    gold = tmp_path / "ents.jsonl"
    gold.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in [
        {"id": "a", "text": EN, "entities": [{"start": 18, "end": 25, "type": "Location", "text": "Palmyra"}]},
        {"id": "b", "text": AR, "language": "ar", "entities": []},
    ]), encoding="utf-8")

    def predictor(text):
        return [{"start": 18, "end": 25, "type": "Location", "text": "Palmyra"}] if text == EN else []

    report = evaluate(gold, predictor=predictor)
    # a gold `language` key on any document makes the keys authoritative ("und" where absent)
    assert report.language_documents == {"ar": 1, "und": 1}
    assert {s.type: s.overlap["f1"] for s in report.by_language["und"]}["Location"] == 1.0
