"""The event taxonomy file: ACLED's types, the monitor extensions, one label each."""

from __future__ import annotations

import json

import pytest
import yaml

from watchfloor.extract.taxonomy import (
    DEFAULT_PATH,
    TaxonomyError,
    load_taxonomy,
    parse_taxonomy,
    read_taxonomy,
)

ACLED_SUB_EVENTS = {
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade", "Sexual violence", "Attack",
    "Abduction/forced disappearance", "Peaceful protest", "Protest with intervention",
    "Excessive force against protesters", "Violent demonstration", "Mob violence", "Agreement",
    "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction",
    "Non-violent transfer of territory", "Other",
}
OUTSIDE_ACLED = {"Organized crime", "Natural disaster", "Man-made disaster", "Diplomatic event",
                 "Claim of responsibility"}


def test_shipped_taxonomy_lists_the_30_labels_once_each():
    tax = load_taxonomy()
    assert len(tax.labels) == 30
    assert set(tax.labels) == ACLED_SUB_EVENTS | OUTSIDE_ACLED


def test_every_type_maps_to_exactly_one_label_and_each_label_has_its_own_type():
    tax = load_taxonomy()
    for t in tax.types.values():
        assert t.eval_label in tax.labels
        assert t.definition.strip()
    for label in tax.labels:
        assert tax.label_of(tax.type_for_label(label)) == label


def test_acled_sub_event_types_are_all_there_with_their_acled_names():
    tax = load_taxonomy()
    acled = {t.acled_sub_event_type for t in tax.types.values() if t.acled_sub_event_type}
    assert acled == ACLED_SUB_EVENTS


def test_monitor_extensions_and_noise_classes_exist():
    tax = load_taxonomy()
    for type_id, label in [
        ("strategic.movement_of_forces", "Change to group/activity"),
        ("strategic.weapons_transfer", "Other"),
        ("strategic.training_exercise", "Change to group/activity"),
        ("strategic.recruitment", "Change to group/activity"),
        ("strategic.alert_readiness", "Change to group/activity"),
        ("strategic.threat_or_warning", "Other"),
        ("strategic.claim_of_responsibility", "Claim of responsibility"),
        ("nonconflict.natural_disaster", "Natural disaster"),
        ("nonconflict.man_made_disaster", "Man-made disaster"),
        ("nonconflict.organized_crime", "Organized crime"),
        ("nonconflict.diplomatic_event", "Diplomatic event"),
    ]:
        assert tax.get(type_id).eval_label == label
    assert tax.get("strategic.movement_of_forces").is_extension
    assert not tax.get("battles.armed_clash").is_extension
    assert {c.id for c in tax.children("battles")} == {
        "battles.armed_clash", "battles.government_regains_territory",
        "battles.non_state_actor_overtakes_territory"}


def test_unknown_type_and_label_give_errors_with_hints():
    tax = load_taxonomy()
    with pytest.raises(TaxonomyError) as err:
        tax.get("battles.dogfight")
    assert err.value.hint
    with pytest.raises(TaxonomyError):
        tax.type_for_label("Armed Clash!")


def _shipped() -> dict:
    return yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))


def test_a_type_with_a_misspelled_label_is_refused():
    data = _shipped()
    data["types"][0]["eval_label"] = "Armed clashes"
    with pytest.raises(TaxonomyError, match="not one of the 30 labels"):
        parse_taxonomy(data)


def test_duplicate_ids_labels_and_unknown_fields_are_refused():
    data = _shipped()
    data["types"].append(dict(data["types"][0]))
    with pytest.raises(TaxonomyError, match="defined twice"):
        parse_taxonomy(data)
    data = _shipped()
    data["labels"].append(dict(data["labels"][0]))
    with pytest.raises(TaxonomyError, match="listed twice"):
        parse_taxonomy(data)
    data = _shipped()
    data["types"][0]["colour"] = "red"
    with pytest.raises(TaxonomyError, match="unknown fields"):
        parse_taxonomy(data)


def test_default_type_must_map_back_to_its_label():
    data = _shipped()
    data["labels"][0]["default_type"] = "battles.government_regains_territory"
    with pytest.raises(TaxonomyError, match="maps to"):
        parse_taxonomy(data)


def test_broken_or_missing_files_raise_taxonomy_errors(tmp_path):
    bad = tmp_path / "taxonomy.yaml"
    bad.write_text("labels: [\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="not valid YAML"):
        read_taxonomy(bad)
    with pytest.raises(TaxonomyError, match="not found"):
        read_taxonomy(tmp_path / "missing.yaml")


def test_every_label_of_the_case_gold_set_is_in_the_taxonomy(shared_dir):
    path = shared_dir / "eval" / "events" / "case2021-dev.jsonl"
    if not path.is_file():
        pytest.skip("case2021-dev.jsonl not in shared data")
    labels = {json.loads(line)["events"][0]["type"] for line in path.open(encoding="utf-8")}
    assert labels <= set(load_taxonomy().labels)
