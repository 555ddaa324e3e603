"""Admiralty grading: credibility from corroboration and contradiction, reliability from sources."""

from __future__ import annotations

from watchfloor.merge import MergeEngine, TrackRecord, suggest_reliability, track_records
from watchfloor.merge.contradictions import Contradiction, ContradictionValue
from watchfloor.merge.grading import grade_event, typical_reliability
from watchfloor.merge.origins import Origin
from watchfloor.records import Reliability


def _origin(i, *sources):
    return Origin(f"k{i}", sources[0], (f"k{i}",), tuple(sources), (), ())


def _contra(field):
    v = (ContradictionValue("1", ("k0",), ("A",)), ContradictionValue("2", ("k1",), ("B",)))
    return Contradiction(field, v)


GRADES = {"Wire": Reliability.B, "Site": Reliability.C, "Channel": Reliability.E,
          "Copier": Reliability.F}


def test_two_agreeing_origins_are_confirmed():
    g = grade_event([_origin(0, "Wire"), _origin(1, "Site")], GRADES, [])
    assert (g.credibility, g.reliability, g.code) == (1, Reliability.B, "B1")


def test_disagreeing_counts_make_it_probably_true_and_places_possibly_true():
    two = [_origin(0, "Wire"), _origin(1, "Channel")]
    assert grade_event(two, GRADES, [_contra("fatalities")]).credibility == 2
    assert grade_event(two, GRADES, [_contra("place")]).credibility == 3


def test_single_origin_and_its_copies_are_possibly_true_at_best():
    g = grade_event([_origin(0, "Channel", "Copier")], GRADES, [])
    assert g.credibility == 3 and g.reliability == Reliability.E
    g = grade_event([_origin(0, "Site")], GRADES, [_contra("date")],
                    contradictions_within_origin=True)
    assert g.credibility == 4


def test_typical_reliability_ignores_unjudged_sources():
    assert typical_reliability([Reliability.B, Reliability.F, Reliability.D]) == Reliability.D
    assert typical_reliability([Reliability.F]) == Reliability.F


def test_reliability_suggestion_from_track_record():
    assert suggest_reliability(TrackRecord(3, 3, 0))[0] == Reliability.F
    assert suggest_reliability(TrackRecord(40, 34, 1))[0] == Reliability.B
    assert suggest_reliability(TrackRecord(40, 5, 20))[0] == Reliability.E


def test_track_records_count_outvoted_figures(corpus):
    engine = MergeEngine(aliases=corpus.aliases)
    engine.add_many(corpus.contexts)
    records = track_records(engine.events())
    # Akhbar al-Sharq's "three killed" near Qamishli (H11) is outvoted by two origins saying two
    assert records["Akhbar al-Sharq"].contradicted >= 1
    assert records["Tigris Press Agency"].contradicted == 0
    wire_claims = sum(c.source.name == "Levant Wire" for c in corpus.contexts)
    assert records["Levant Wire"].claims == wire_claims
    assert records["Levant Wire"].corroborated == wire_claims  # every wire story is confirmed
