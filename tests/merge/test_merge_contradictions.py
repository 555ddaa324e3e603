"""Disagreements on date, place and attacker are flagged with every value and who said it."""

from __future__ import annotations

import dataclasses

from watchfloor.merge import ClaimContext
from watchfloor.merge.contradictions import find_contradictions
from watchfloor.records import ActorRole, ClaimActor, ClaimPlace, PlacePrecision, PlaceRole


def _h01(corpus):
    return sorted((c for c in corpus.contexts if corpus.gold[c.key] == "H01"), key=lambda c: c.key)


def _with(ctx, **changes):
    return ClaimContext(dataclasses.replace(ctx.claim, **changes), ctx.document, ctx.source)


def test_agreeing_copies_raise_nothing(corpus):
    wire = [c for c in _h01(corpus) if c.source.name in ("Levant Wire", "MENA Newsdesk")]
    assert find_contradictions(wire) == []


def test_date_place_and_attacker_disagreements_are_flagged(corpus):
    a, b = _h01(corpus)[:2]
    moved = ClaimPlace("Dhiban", PlaceRole.AT, None, 35.081, 40.413, "SY", PlacePrecision.PLACE)
    b = _with(b, date=a.claim.date.replace(day=a.claim.date.day + 1), places=[moved],
              actors=[ClaimActor("Arab tribal fighters", ActorRole.ACTOR, "arab_tribal_forces")])
    a = _with(a, actors=[ClaimActor("ISIS", ActorRole.ACTOR, "isis")])
    found = {c.field: c for c in find_contradictions([a, b])}
    assert set(found) >= {"date", "place", "attackers"}
    assert all(c.major for c in found.values())
    place = found["place"]
    assert {v.value for v in place.values} == {a.claim.places[0].name, "Dhiban"}
    assert b.source.name in place.text and a.source.name in place.text


def test_same_place_spelt_two_ways_is_not_a_contradiction(corpus):
    a, b = _h01(corpus)[:2]
    respelt = dataclasses.replace(a.claim.places[0], name="Shheil")
    assert not any(c.field == "place" for c in
                   find_contradictions([a, _with(b, places=[respelt])]))
