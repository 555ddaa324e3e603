"""`watchfloor kb` commands as an analyst uses them."""

from __future__ import annotations

import json

from click.testing import CliRunner

from watchfloor.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, ["kb", *args], catch_exceptions=False)


def test_list_filters_by_kind_and_country():
    result = run("list", "--kind", "militia", "--country", "IQ")
    assert result.exit_code == 0
    assert "kataib-hezbollah" in result.output
    assert not any(line.startswith("hezbollah ") for line in result.output.splitlines())  # Lebanese
    assert all(" IQ " in line for line in result.output.splitlines() if line and "actor(s)" not in line)


def test_list_search_json():
    result = run("list", "--search", "Fatemiyun", "--json")
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in rows] == ["liwa-fatemiyoun"]


def test_show_prints_names_links_and_place():
    result = run("show", "irgc-quds-force")
    assert result.exit_code == 0
    assert "Quds Force" in result.output and "ancestors     irgc, iran-armed-forces" in result.output
    assert "فيلق القدس" in result.output
    assert "middle_east.yaml:" in result.output


def test_show_unknown_id_suggests():
    result = CliRunner().invoke(cli, ["kb", "show", "quds"])
    assert result.exit_code != 0
    assert "no actor with id 'quds'" in str(result.exception)
    assert "irgc-quds-force" in str(result.exception)


def test_check_good_and_bad_user_files(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("actors:\n  - id: my-unit\n    name: My Unit\n    kind: militia\n"
                    "    parent: pmf\n", encoding="utf-8")
    result = run("check", str(good))
    assert result.exit_code == 0 and "ok:" in result.output and "1 actor(s)" in result.output

    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - id: my-unit\n    name: My Unit\n    kind: gang\n"
                   "    parent: nobody\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["kb", "check", str(bad)])
    assert result.exit_code == 2
    assert "kind 'gang' is not one of" in result.output
    assert "parent 'nobody' is not an actor id" in result.output
    assert "bad.yaml:2" in result.output


def test_check_whole_kb():
    result = run("check")
    assert result.exit_code == 0 and "middle_east.yaml" in result.output


def test_match_command():
    result = run("match", "--date", "2025-02-01", "The Syrian army and Kataib Hezbollah")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "syrian-army-transitional" in lines[0] and "kataib-hezbollah" in lines[1]
