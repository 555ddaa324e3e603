"""The geo commands as a user runs them: status, geocode, annotate, eval geo."""

from __future__ import annotations

import json

from click.testing import CliRunner

from watchfloor.cli import cli


def run(data_dir, *args, input=None):
    result = CliRunner().invoke(cli, ["--set", f"data_dir={data_dir}", *args], input=input,
                                catch_exceptions=False)
    return result


def test_status_says_which_gazetteer_is_active(tiny_data):
    result = run(tiny_data, "gazetteer", "status")
    assert result.exit_code == 0
    assert "active gazetteer: imported" in result.output
    assert "tiny.txt" in result.output
    info = json.loads(run(tiny_data, "gazetteer", "status", "--json").stdout)
    assert info["kind"] == "imported" and info["places"] > 10


def test_import_command_and_bad_file_message(tmp_path):
    bad = tmp_path / "cities500.txt"
    bad.write_text("1\t2\t3\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--set", f"data_dir={tmp_path / 'd'}", "gazetteer", "import",
                                      str(bad)])
    assert result.exit_code != 0
    assert "columns" in str(result.exception)


def test_geocode_prints_spans_and_points(tiny_data):
    result = run(tiny_data, "geocode", "Militias gathered east of Deir Al-Zour, near البوكمال.")
    assert result.exit_code == 0
    assert "Deir ez-Zor" in result.output and "35.3359,40.1408" in result.output
    assert "east of Deir Al-Zour" in result.output and "near" in result.output
    assert "Ālbū Kamāl" in result.output
    lines = run(tiny_data, "geocode", "--json", "Damascus").stdout.splitlines()
    assert json.loads(lines[0])["geonameid"] == "170654"


def test_geocode_says_how_wide_a_region_is_and_when_a_place_is_part_of_a_name(tiny_data):
    result = run(tiny_data, "geocode", "The Damascus University said fighters crossed the Badia.")
    lines = {line.split("'")[1]: line for line in result.output.splitlines() if "'" in line}
    assert "part of an organisation's name" in lines["Damascus"]
    assert "within ~400 km" in lines["Badia"]


def test_geocode_reads_a_bare_name_and_says_when_nothing_is_found(tiny_data):
    result = run(tiny_data, "geocode", "Damascus")
    assert "Damascus" in result.output and "33.5" in result.output
    result = run(tiny_data, "geocode", "Xyzzyq")
    assert result.exit_code == 0 and "no place found" in result.stderr


def test_annotate_both_modes(tiny_data, tmp_path):
    doc = {"id": "d1", "text": "Fighters left Damascus for Al-Mayadin.",
           "toponyms": [{"start": 14, "end": 22, "name": "Damascus", "lat": 33.5, "lon": 36.3}]}
    infile = tmp_path / "in.jsonl"
    infile.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    out = json.loads(run(tiny_data, "annotate", "--parts", "toponyms", str(infile)).stdout)
    names = {t["name"] for t in out["predicted"]["toponyms"]}
    assert names == {"Damascus", "Al-Mayadin"}
    assert out["toponyms"] == doc["toponyms"]  # the input is kept
    given = json.loads(run(tiny_data, "annotate", "--parts", "toponyms", "--given-toponyms",
                           str(infile)).stdout)
    topo = given["predicted"]["toponyms"]
    assert [(t["start"], t["end"], t["geonameid"]) for t in topo] == [(14, 22, "170654")]


def test_annotate_refuses_bad_json_with_line_number(tiny_data, tmp_path):
    infile = tmp_path / "in.jsonl"
    infile.write_text('{"id": 1, "text": "x"}\n{oops\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--set", f"data_dir={tiny_data}", "annotate", "--parts",
                                      "toponyms", str(infile)])
    assert result.exit_code != 0
    assert ":2: not JSON" in str(result.exception)
    assert json.loads(result.stdout.splitlines()[0])["id"] == 1  # the line before it is written
    infile.write_text('{"id": 1, "text": "x"}\n{"id": 2}\n{"id": 3, "text": "y"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--set", f"data_dir={tiny_data}", "annotate", "--parts",
                                      "toponyms", str(infile)])
    assert "document 2 has no text" in str(result.exception)
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1]


def test_eval_geo_scores_both_modes(tiny_data, tmp_path):
    docs = [{"id": "a", "text": "Shelling hit Deir ez-Zor and Damascus.",
             "toponyms": [{"start": 13, "end": 24, "name": "Deir ez-Zor", "lat": 35.33, "lon": 40.14},
                          {"start": 29, "end": 37, "name": "Damascus", "lat": 33.51, "lon": 36.29}]}]
    f = tmp_path / "mini.jsonl"
    f.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    result = run(tiny_data, "eval", "geo", str(f), "--json")
    scores = json.loads(result.stdout)["corpora"]["mini"]
    assert scores["resolution"]["acc161"] == 1.0
    assert scores["end_to_end"]["exact_f1"] == 1.0 and scores["end_to_end"]["acc161"] == 1.0
    table = run(tiny_data, "eval", "geo", str(f)).output
    assert "acc@161" in table and "mini" in table
