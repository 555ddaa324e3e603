"""Claim assembly on hand-built mentions: roles, carried context and evidence spans."""

from datetime import date

from watchfloor.extract.assemble import assemble_claims
from watchfloor.extract.sentences import split_clauses, split_sentences
from watchfloor.extract.triggers import load_triggers
from watchfloor.records import ActorRole, DatePrecision, Mention, MentionKind, PlaceRole

TEXT = (
    "On November 3, the Al-Shahid Brigade moved more than 200 fighters and several truckloads of "
    "rockets from Iraq into Syria through the Al-Bukamal crossing, according to the opposition site "
    "Deir Now. The same day, the group's commanders held exercises in the desert east of Deir ez-Zor. "
    "Two weeks earlier, a drone strike on its base near Al-Mayadin killed four members."
)


def _m(kind, phrase, value=None, nth=0, **attrs):
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return Mention(kind, start, start + len(phrase), phrase, value=value, attrs=tuple(attrs.items()))


MENTIONS = [
    _m(MentionKind.ACTOR, "Al-Shahid Brigade", "al-shahid-brigade"),
    _m(MentionKind.QUANTITY, "more than 200 fighters", value=200, unit="fighter", qualifier="more than"),
    _m(MentionKind.QUANTITY, "several truckloads of rockets", unit="truckload"),
    _m(MentionKind.PLACE, "Iraq", "99237", lat=33.0, lon=44.0, country="IQ", precision="country"),
    _m(MentionKind.PLACE, "Syria", "163843", lat=35.0, lon=38.0, country="SY", precision="country"),
    _m(MentionKind.PLACE, "Al-Bukamal", "173811", lat=34.45, lon=40.92, country="SY"),
    _m(MentionKind.CITED_SOURCE, "Deir Now", "Deir Now"),
    _m(MentionKind.DATE, "On November 3", "2023-11-03", precision="day"),
    _m(MentionKind.DATE, "The same day", "2023-11-03", precision="day"),
    _m(MentionKind.PLACE, "east of Deir ez-Zor", "170794", lat=35.33, lon=40.3, country="SY", precision="near"),
    _m(MentionKind.DATE, "Two weeks earlier", "2023-10-20", precision="days"),
    _m(MentionKind.PLACE, "Al-Mayadin", "170017", lat=35.02, lon=40.45, country="SY"),
    _m(MentionKind.QUANTITY, "four members", value=4, unit="member", is_fatalities=True),
]


def _claims():
    return assemble_claims(TEXT, split_sentences(TEXT), MENTIONS, load_triggers(),
                           reference_date=date(2023, 11, 5), split_clauses=split_clauses)


def test_three_claims_with_types():
    claims = _claims()
    assert [c.event_type for c in claims] == [
        "strategic.movement_of_forces", "strategic.training_exercise", "explosions.air_drone_strike"]


def test_movement_roles_quantities_and_source():
    move = _claims()[0]
    assert [(a.name, a.role) for a in move.actors] == [("Al-Shahid Brigade", ActorRole.ACTOR)]
    roles = {p.name: p.role for p in move.places}
    assert roles == {"Iraq": PlaceRole.ORIGIN, "Syria": PlaceRole.DESTINATION, "Al-Bukamal": PlaceRole.VIA}
    assert (move.date, move.date_precision) == (date(2023, 11, 3), DatePrecision.DAY)
    assert [q.text for q in move.quantities] == ["more than 200 fighters", "several truckloads of rockets"]
    assert move.cited_source == "Deir Now"
    # every field points at the mention it came from
    assert MENTIONS[move.actors[0].mention_ids[0]].text == "Al-Shahid Brigade"
    assert MENTIONS[move.cited_source_mention_ids[0]].text == "Deir Now"


def test_exercise_inherits_actor_and_is_approximate():
    ex = _claims()[1]
    assert ex.actors[0].name == "Al-Shahid Brigade"  # "the group's commanders"
    assert ex.places[0].precision.value == "near"
    assert ex.date == date(2023, 11, 3)


def test_strike_targets_the_brigade_and_counts_fatalities():
    strike = _claims()[2]
    assert [(a.name, a.role) for a in strike.actors] == [("Al-Shahid Brigade", ActorRole.TARGET)]
    assert strike.fatalities == 4
    assert (strike.date, strike.date_precision) == (date(2023, 10, 20), DatePrecision.DAYS)
    assert [p.name for p in strike.places] == ["Al-Mayadin"]


def test_sentence_without_trigger_gives_no_claim():
    text = "The brigade is one of several Iran-backed groups in the province."
    assert assemble_claims(text, split_sentences(text), [], load_triggers()) == []


def test_background_is_marked():
    text = "The reports were published against a backdrop of attacks by militias on U.S. bases."
    militias = Mention(MentionKind.ACTOR, text.index("militias"), text.index("militias") + 8,
                       "militias", value="shiite-militias")
    claims = assemble_claims(text, split_sentences(text), [militias], load_triggers())
    assert claims and all(c.background for c in claims)


def test_trigger_without_any_evidence_is_not_a_claim():
    text = "It works with leaders in business to combat cyber jihad, and recruits."
    assert assemble_claims(text, split_sentences(text), [], load_triggers()) == []


def test_reporting_frame_is_not_the_actor():
    text = "The opposition website Deir Now reported that the Fatemiyoun moved fighters to Palmyra."
    ms = [Mention(MentionKind.CITED_SOURCE, text.index("Deir Now"), text.index("Deir Now") + 8, "Deir Now",
                  value="Deir Now"),
          Mention(MentionKind.ACTOR, text.index("Fatemiyoun"), text.index("Fatemiyoun") + 10, "Fatemiyoun",
                  value="liwa-fatemiyoun"),
          Mention(MentionKind.PLACE, text.index("Palmyra"), text.index("Palmyra") + 7, "Palmyra",
                  value="170017")]
    [claim] = assemble_claims(text, split_sentences(text), ms, load_triggers())
    assert [(a.actor_id, a.role) for a in claim.actors] == [("liwa-fatemiyoun", ActorRole.ACTOR)]
    assert claim.cited_source == "Deir Now"
    assert claim.places[0].role is PlaceRole.DESTINATION


def test_denied_event_is_no_claim():
    text = "Two weeks earlier a strike hit the base. No party claimed the strike."
    ms = [Mention(MentionKind.DATE, 0, 17, "Two weeks earlier", value="2023-10-20")]
    claims = assemble_claims(text, split_sentences(text), ms, load_triggers())
    assert "strategic.claim_of_responsibility" not in [c.event_type for c in claims]
