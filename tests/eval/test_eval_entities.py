"""`watchfloor eval entities`: the arithmetic on a tiny hand-made gold set, files, and the re3d gate."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from watchfloor.cli import cli
from watchfloor.eval.entities import (
    ALL,
    EntitiesEvalError,
    evaluate,
    read_predictions,
    score_documents,
)

TEXT_A = "The militia shelled Kafr Nabl with mortars on Monday."
TEXT_B = "Defence Minister Sami Haddad visited the base in Tal Abyad."


def ent(text: str, part: str, type_: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return {"start": start, "end": start + len(part), "type": type_, "text": part}


GOLD = [
    {"id": "a", "text": TEXT_A, "reference_date": None, "entities": [
        ent(TEXT_A, "The militia", "Organisation"),
        ent(TEXT_A, "Kafr Nabl", "Location"),
        ent(TEXT_A, "mortars", "Weapon"),
        ent(TEXT_A, "Monday", "Temporal"),
    ]},
    {"id": "b", "text": TEXT_B, "reference_date": None, "entities": [
        ent(TEXT_B, "Defence Minister Sami Haddad", "Person"),
        ent(TEXT_B, "the base", "Location"),
        ent(TEXT_B, "Tal Abyad", "Location"),
    ]},
]

PREDICTED = {
    "a": [
        ent(TEXT_A, "militia", "Organisation"),  # overlap only
        ent(TEXT_A, "Kafr Nabl", "Location"),  # exact
        ent(TEXT_A, "mortars", "Weapon"),  # exact
        ent(TEXT_A, "Kafr", "Person"),  # wrong type: a false positive for Person
    ],
    "b": [
        ent(TEXT_B, "Sami Haddad", "Person"),  # overlap only
        ent(TEXT_B, "Tal Abyad", "Location"),  # exact
        ent(TEXT_B, "visited", "Location"),  # overlaps nothing
    ],
}


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", GOLD)
    preds = write_jsonl(tmp_path / "pred.jsonl", [
        {**row, "predicted": {"entities": PREDICTED[row["id"]]}} for row in GOLD])
    return gold, preds


def test_scores_per_type_exact_and_overlap(files):
    gold, preds = files
    report = evaluate(gold, read_predictions([preds]))
    s = report.by_type()
    assert report.documents == 2

    loc = s["Location"]  # gold 3, predicted 3; exact 2; overlap: 2 predicted, 2 gold
    assert (loc.gold, loc.predicted, loc.exact_tp) == (3, 3, 2)
    assert loc.exact == pytest.approx({"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3})
    assert loc.overlap == pytest.approx({"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3})

    org = s["Organisation"]  # "militia" inside "The militia": overlap yes, exact no
    assert org.exact == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert org.overlap == pytest.approx({"precision": 1.0, "recall": 1.0, "f1": 1.0})

    person = s["Person"]  # gold 1; predicted "Kafr" (wrong) and "Sami Haddad" (overlaps)
    assert (person.gold, person.predicted) == (1, 2)
    assert person.overlap == pytest.approx({"precision": 0.5, "recall": 1.0, "f1": 2 / 3})

    assert s["Temporal"].overlap == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert s["Weapon"].exact["f1"] == 1.0

    total = s[ALL]  # gold 7, predicted 7; exact 3; overlap: 5 predicted spans hit, 5 gold found
    assert (total.gold, total.predicted, total.exact_tp) == (7, 7, 3)
    assert total.exact["f1"] == pytest.approx(3 / 7)
    assert total.overlap == pytest.approx({"precision": 5 / 7, "recall": 5 / 7, "f1": 5 / 7})
    assert report.types[-1].type == ALL
    assert [t.type for t in report.types][0] == "Location"  # most gold first


def test_types_option_ignores_other_types():
    gold = [ent(TEXT_A, "Kafr Nabl", "Location"), ent(TEXT_A, "Monday", "Temporal")]
    pred = [ent(TEXT_A, "Kafr Nabl", "Location"), ent(TEXT_A, "militia", "Organisation")]
    scores = {s.type: s for s in score_documents([(gold, pred)], types=["Location"])}
    assert set(scores) == {"Location", ALL}
    assert scores[ALL].exact["f1"] == 1.0


def test_a_span_predicted_twice_counts_once_toward_exact():
    gold = [ent(TEXT_A, "Kafr Nabl", "Location")]
    pred = [ent(TEXT_A, "Kafr Nabl", "Location")] * 2
    (loc, _all) = score_documents([(gold, pred)])
    assert loc.exact_tp == 1 and loc.exact["recall"] == 1.0 and loc.exact["precision"] == 0.5


def test_cli_json_with_predictions_file(files):
    gold, preds = files
    result = CliRunner().invoke(cli, ["eval", "entities", str(gold), "-p", str(preds), "--json"])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    rows = {t["type"]: t for t in report["types"]}
    assert rows["all"]["overlap"]["f1"] == pytest.approx(5 / 7)
    assert report["system"] == "predictions file"


def test_cli_table_names_every_type(files):
    gold, preds = files
    result = CliRunner().invoke(cli, ["eval", "entities", str(gold), "-p", str(preds)],
                                env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    for name in ("Location", "Organisation", "Person", "Weapon", "Temporal", "all"):
        assert name in result.output


def test_bad_gold_file_gets_a_clear_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "abc", "entities": [{"start": 2, "end": 9, "type": "Person"}]}\n')
    with pytest.raises(EntitiesEvalError, match="bad entity") as err:
        evaluate(bad, {})
    assert err.value.hint
    bad.write_text("not json\n")
    with pytest.raises(EntitiesEvalError, match="not JSON"):
        evaluate(bad, {})
    events_gold = tmp_path / "events.jsonl"
    events_gold.write_text('{"id": "x", "text": "abc", "events": [{"type": "Other"}]}\n')
    with pytest.raises(EntitiesEvalError, match="needs \"text\" and \"entities\""):
        evaluate(events_gold, {})


def test_predictions_that_match_no_gold_id_are_refused(files, tmp_path):
    gold, _ = files
    other = write_jsonl(tmp_path / "other.jsonl", [{"id": "zzz", "predicted": {"entities": []}}])
    with pytest.raises(EntitiesEvalError, match="no prediction matches"):
        evaluate(gold, read_predictions([other]))


# --- the quality gate on re3d-dev (runs the whole extract pipeline) -----------------------------

#: Floors a little below what the pipeline measured on 2026-11-25 (overlap F1: Organisation
#: 0.832, Location 0.771, Person 0.877, Weapon 0.777); the issue asks for >= 0.70.
OVERLAP_F1_FLOORS = {"Organisation": 0.80, "Location": 0.74, "Person": 0.84, "Weapon": 0.74}


@pytest.mark.slow
def test_gate_re3d_dev(shared_dir, tmp_path):
    from watchfloor.eval.predict import predict_entities
    from watchfloor.extract.run import Extractor
    from watchfloor.settings import load_settings

    path = shared_dir / "eval" / "entities" / "re3d-dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found")
    extractor = Extractor(load_settings(environ={}, overrides=[f"data_dir={tmp_path}"]), use_typer=False)
    report = evaluate(path, predictor=lambda text: predict_entities(text, extractor=extractor))
    scores = report.by_type()
    got = {t: round(scores[t].overlap["f1"], 3) for t in OVERLAP_F1_FLOORS}
    assert all(got[t] >= floor for t, floor in OVERLAP_F1_FLOORS.items()), got
