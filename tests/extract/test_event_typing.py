"""Event typing on sentences written for these tests (none of them is a training example)."""

from __future__ import annotations

import pytest

from watchfloor.errors import ExtractError
from watchfloor.extract.taxonomy import load_taxonomy
from watchfloor.extract.typing import EventTyper, TypePrediction, features, load_event_typer, train
from watchfloor.extract.typing.model import LEXICAL_MODEL
from watchfloor.extract.typing.rules import refine

# Clear-cut snippets; each names its event in plain words.
CLEAR = [
    ("Jets of the coalition bombed an arms depot outside Raqqa on Thursday night.", "Air/drone strike"),
    ("A woman detonated an explosive belt at the entrance of the police academy, killing herself and six cadets.",
     "Suicide bomb"),
    ("Police found and defused a homemade bomb hidden under a bench in the bus station.",
     "Disrupted weapons use"),
    ("An earthquake of magnitude 5.8 damaged houses in three villages near the border.", "Natural disaster"),
    ("Hundreds of teachers rallied peacefully in front of the education ministry to demand higher wages.",
     "Peaceful protest"),
    ("Security forces arrested eight men suspected of belonging to an Islamic State cell in Anbar.", "Arrests"),
    ("The two sides agreed to a ceasefire that will come into force at midnight.", "Agreement"),
    ("Gunmen kidnapped a doctor on his way to the clinic and demanded a ransom from his family.",
     "Abduction/forced disappearance"),
    ("Army artillery shelled villages in the hills with mortars and rockets for several hours.",
     "Shelling/artillery/missile attack"),
    ("The foreign minister held talks with his Iraqi counterpart in Baghdad on border security.",
     "Diplomatic event"),
]


@pytest.fixture(scope="module")
def lexical_typer() -> EventTyper:
    return load_event_typer(str(LEXICAL_MODEL))


def test_clear_snippets_get_their_label(lexical_typer):
    predictions = lexical_typer.predict([text for text, _ in CLEAR])
    wrong = [(text, p.label) for (text, label), p in zip(CLEAR, predictions, strict=True) if p.label != label]
    assert len(wrong) <= 1, wrong


def test_prediction_carries_type_label_score_and_three_alternatives(lexical_typer):
    tax = load_taxonomy()
    [p] = lexical_typer.predict([CLEAR[0][0]])
    assert isinstance(p, TypePrediction)
    assert p.type_id in tax.types
    assert p.label == tax.label_of(p.type_id)  # the label always follows the taxonomy
    assert 0 < p.score <= 1
    assert len(p.alternatives) == 3
    assert [a.score for a in p.alternatives] == sorted((a.score for a in p.alternatives), reverse=True)
    assert p.alternatives[0].score == p.score
    assert all(a.label == tax.label_of(a.type_id) for a in p.alternatives)


def test_troop_movements_are_typed_as_the_monitor_extension(lexical_typer):
    [p] = lexical_typer.predict(
        ["A long convoy of tanks and troop carriers was deployed to the border overnight as reinforcements."])
    assert p.label == "Change to group/activity"
    assert p.type_id == "strategic.movement_of_forces"


def test_keyword_layer_only_refines_within_a_label():
    tax = load_taxonomy()
    r = refine("strategic.change_to_group_activity", "The militia began recruiting fighters in the camps.", tax)
    assert r is not None and r.type_id == "strategic.recruitment"
    assert tax.label_of(r.type_id) == "Change to group/activity"
    # a specific type is left alone, and cues of other labels never apply
    assert refine("battles.armed_clash", "A convoy was deployed.", tax) is None
    assert refine("strategic.other", "Talks were held on the truce.", tax) is None


def test_bad_calls_and_missing_model_give_clear_errors(lexical_typer, tmp_path):
    assert lexical_typer.predict([]) == []
    with pytest.raises(ExtractError, match="list of texts"):
        lexical_typer.predict("one string")  # type: ignore[arg-type]
    with pytest.raises(ExtractError) as err:
        EventTyper.load(tmp_path / "missing.joblib")
    assert "train_event_typer" in (err.value.hint or "")


def test_empty_and_very_long_texts_are_typed_without_error(lexical_typer):
    long_text = "Rebels shelled the town. " + "The market reopened after repairs. " * 2000
    out = lexical_typer.predict(["", long_text])
    assert len(out) == 2
    assert len(features.lead_text(long_text)) <= features.MAX_CHARS


def test_default_typer_is_cached_and_usable():
    typer = load_event_typer()
    assert typer is load_event_typer()
    [p] = typer.predict([CLEAR[3][0]])
    assert p.label == "Natural disaster"


def test_training_on_own_examples_round_trips_through_an_artifact(tmp_path):
    """The training code path: fit on the hand-written examples, save, load, predict."""
    import joblib

    tax = load_taxonomy()
    own = train.own_examples(tax)
    artifact = train.fit_artifact(own, None, {"note": "test"})
    path = tmp_path / "typer.joblib"
    joblib.dump(artifact, path)
    typer = EventTyper.load(path)
    [p] = typer.predict(["Floods swept away homes after days of torrential rain in the valley."])
    assert p.label == "Natural disaster"


def test_unsure_texts_are_escalated_to_the_second_model(lexical_typer):
    """Cascade logic, with the lexical model standing in as the second one (no torch needed)."""
    texts = [text for text, _ in CLEAR[:4]]
    always = EventTyper.load(LEXICAL_MODEL, escalate_to=LEXICAL_MODEL, escalate_below=1.01)
    never = EventTyper.load(LEXICAL_MODEL, escalate_to=LEXICAL_MODEL, escalate_below=0.0)
    escalated, alone = always.predict(texts), never.predict(texts)
    assert all(p.escalated for p in escalated)
    assert not any(p.escalated for p in alone)
    assert [p.label for p in escalated] == [p.label for p in alone] == [
        p.label for p in lexical_typer.predict(texts)]
