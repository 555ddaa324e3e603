"""The actor knowledge base loads, and bad actor files are refused with errors naming file and entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from watchfloor.kb.loader import (
    KIND_VALUES,
    KnowledgeBaseError,
    bundled_files,
    check_file,
    load_files,
    load_kb,
)


def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(*paths: Path) -> list[str]:
    with pytest.raises(KnowledgeBaseError) as err:
        load_files(paths)
    return list(err.value.problems)


GOOD = """
actors:
  - id: test-brigade
    name: Test Brigade
    kind: militia
    country: SY
    aliases:
      en: [Testers]
"""


def test_bundled_kb_loads_with_at_least_300_actors():
    kb = load_kb()
    assert len(kb) >= 300, f"only {len(kb)} actors in {kb.files}"


def test_middle_east_file_alone_has_at_least_220_actors():
    middle_east = [p for p in bundled_files() if p.name == "middle_east.yaml"]
    assert middle_east
    kb = load_kb()
    own = sum(1 for info in kb.info.values() if Path(info.file).name == "middle_east.yaml")
    assert own >= 220


def test_bundled_entries_are_well_formed():
    kb = load_kb()
    for actor in kb:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", actor.id)
        assert actor.kind in KIND_VALUES
        assert actor.parent is None or actor.parent in kb
        assert all(a in kb for a in actor.affiliations)


def test_key_actors_carry_names_in_three_scripts_and_links():
    kb = load_kb()
    kh = kb.get("kataib-hezbollah")
    assert kh.country == "IQ"
    assert kh.parent == "pmf"
    assert "irgc-quds-force" in kh.affiliations
    assert "كتائب حزب الله" in kh.aliases["ar"]
    assert kb.get("pmf").acled_name == "PMF: Popular Mobilization Forces"
    assert kb.get("syrian-arab-army").acled_name == "Military Forces of Syria (2000-2024)"
    assert [a.id for a in kb.ancestors("irgc-quds-force")] == ["irgc", "iran-armed-forces"]
    assert kb.info["unidentified-gunmen"].generic
    assert kb.info["syrian-arab-army"].successor == "syrian-army-transitional"


def test_generic_actors_named_in_the_issue_exist():
    kb = load_kb()
    for phrase in ["Iran-backed militias", "unidentified gunmen", "unidentified armed group",
                   "civilians", "security forces of Iraq", "protesters", "rioters",
                   "pro-government militia", "Israeli forces", "Russian forces", "US forces",
                   "Turkish forces", "coalition forces", "smugglers", "tribal fighters"]:
        found = kb.lookup(phrase)
        assert found, phrase
        assert kb.info[found[0].id].generic, phrase


def test_lookup_folds_spellings():
    kb = load_kb()
    assert [a.id for a in kb.lookup("KATA’IB HIZBALLAH")] == ["kataib-hezbollah"]
    assert [a.id for a in kb.lookup("لشكر فاطميون")] == ["liwa-fatemiyoun"]  # Arabic letters, Farsi alias


def test_user_file_may_point_at_bundled_actors(tmp_path):
    path = write(tmp_path, GOOD.replace("country: SY", "country: SY\n    parent: syrian-national-army"))
    kb = check_file(path)
    assert kb.get("test-brigade").parent == "syrian-national-army"
    assert load_kb([path]).get("test-brigade").aliases == {"en": ("Testers",)}


def test_duplicate_id_names_both_places(tmp_path):
    first = write(tmp_path, GOOD, "a.yaml")
    second = write(tmp_path, GOOD.replace("Testers", "Other name"), "b.yaml")
    [problem] = problems_of(first, second)
    assert "duplicate id 'test-brigade'" in problem
    assert "b.yaml:3" in problem and "a.yaml:3" in problem


def test_dangling_parent_and_affiliation(tmp_path):
    path = write(tmp_path, GOOD + "    parent: no-such-actor\n    affiliations: [ghost]\n")
    problems = problems_of(path)
    assert any("parent 'no-such-actor' is not an actor id" in p and "mine.yaml:3" in p
               for p in problems)
    assert any("affiliation 'ghost' is not an actor id" in p for p in problems)


def test_bad_kind_lists_the_choices(tmp_path):
    [problem] = problems_of(write(tmp_path, GOOD.replace("kind: militia", "kind: terrorists")))
    assert "kind 'terrorists' is not one of" in problem and "state_force" in problem
    assert "(id test-brigade)" in problem


def test_bad_country_code(tmp_path):
    [problem] = problems_of(write(tmp_path, GOOD.replace("country: SY", "country: Syria")))
    assert "country 'Syria' is not an ISO 3166-1 alpha-2 code" in problem


def test_unknown_field_is_a_typo_not_silence(tmp_path):
    [problem] = problems_of(write(tmp_path, GOOD + "    afiliations: [pmf]\n"))
    assert "unknown field(s) afiliations" in problem


def test_missing_name(tmp_path):
    [problem] = problems_of(write(tmp_path, GOOD.replace("    name: Test Brigade\n", "")))
    assert "missing required field `name`" in problem


def test_bad_yaml_gives_the_line(tmp_path):
    path = write(tmp_path, "actors:\n  - id: x\n    name: [unclosed\n    kind: militia\n")
    [problem] = problems_of(path)
    assert "not valid YAML" in problem and "mine.yaml:" in problem


def test_wrong_top_level_shape(tmp_path):
    [problem] = problems_of(write(tmp_path, "- id: x\n  name: X\n  kind: militia\n"))
    assert "top-level `actors:` list" in problem


def test_alias_shared_by_two_actors_is_an_error_unless_declared(tmp_path):
    clash = GOOD + """
  - id: other-brigade
    name: Other Brigade
    kind: militia
    aliases:
      en: [TESTERS]
"""
    [problem] = problems_of(write(tmp_path, clash))
    assert "alias 'TESTERS' also belongs to 'test-brigade'" in problem
    assert "ambiguous" in problem
    kb = load_files([write(tmp_path, clash + "    ambiguous: [Testers]\n", "ok.yaml")])
    assert {a.id for a in kb.lookup("testers")} == {"test-brigade", "other-brigade"}


def test_user_alias_clashing_with_bundled_actor(tmp_path):
    path = write(tmp_path, GOOD.replace("[Testers]", "[Kataib Hezbollah]"))
    with pytest.raises(KnowledgeBaseError) as err:
        check_file(path)
    assert "also belongs to 'kataib-hezbollah'" in str(err.value)


def test_parent_cycle(tmp_path):
    text = """
actors:
  - {id: a-unit, name: A unit, kind: militia, parent: b-unit}
  - {id: b-unit, name: B unit, kind: militia, parent: a-unit}
"""
    problems = problems_of(write(tmp_path, text))
    assert any("parent chain loops" in p for p in problems)


def test_missing_file_is_reported(tmp_path):
    [problem] = problems_of(tmp_path / "nope.yaml")
    assert "no such file" in problem


def test_error_message_has_code_and_hint(tmp_path):
    with pytest.raises(KnowledgeBaseError) as err:
        load_files([write(tmp_path, GOOD.replace("kind: militia", "kind: x"))])
    text = str(err.value)
    assert text.startswith("[W110]") and "SCHEMA.md" in text


def test_user_files_named_by_the_kb_files_setting(tmp_path):
    from watchfloor.kb.loader import files_from_settings

    assert files_from_settings({"kb_files": "a.yaml, b.yaml"}) == [Path("a.yaml"), Path("b.yaml")]
    assert files_from_settings({"kb_files": [str(tmp_path / "x.yaml")]}) == [tmp_path / "x.yaml"]
    assert files_from_settings({}) == []


def test_middle_east_actors_carry_arabic_or_farsi_names():
    kb = load_kb()
    middle_east = [a for a in kb if Path(kb.info[a.id].file).name == "middle_east.yaml"]
    with_script = [a for a in middle_east if a.aliases.get("ar") or a.aliases.get("fa")]
    assert len(with_script) >= 0.95 * len(middle_east)


def test_no_tiny_lower_case_aliases():
    """Short aliases must be ALL-CAPS abbreviations (matched case-sensitively), never words."""
    from watchfloor.kb.normalize import fold

    kb = load_kb()
    for actor in kb:
        for names in actor.aliases.values():
            for name in names:
                letters = "".join(c for c in name if c.isalpha())
                latin = all(c.isascii() for c in letters)
                if latin and len(fold(name).replace(" ", "")) <= 3:
                    assert letters.isupper() or sum(c.isupper() for c in letters) >= 2, (actor.id, name)
