"""A claim placed in a province may lie as far from the province's point as the province reaches."""

from __future__ import annotations

import dataclasses

from watchfloor.merge import MergeEngine
from watchfloor.merge.context import ClaimContext
from watchfloor.records import ClaimPlace, PlacePrecision, PlaceRole

AIR_BASE = ClaimPlace("Ain al-Asad", PlaceRole.AT, "1", 33.79, 42.44, "IQ", PlacePrecision.PLACE)


def _two_reports(corpus, second_place: ClaimPlace) -> list[ClaimContext]:
    """One corpus claim twice, from two documents, the second placed elsewhere."""
    first = corpus.contexts[0]
    claim_a = dataclasses.replace(first.claim, places=[AIR_BASE])
    claim_b = dataclasses.replace(first.claim, places=[second_place])
    doc_b = dataclasses.replace(first.document, capture_sha256="b" * 64, id=None)
    return [ClaimContext(claim_a, first.document, first.source),
            ClaimContext(claim_b, doc_b, first.source)]


def _merged(corpus, place: ClaimPlace) -> bool:
    engine = MergeEngine(aliases=corpus.aliases)
    a, b = _two_reports(corpus, place)
    engine.add_many([a, b])
    return engine.event_of(a.key) == engine.event_of(b.key)


def test_a_report_from_a_large_province_joins_a_place_inside_it(corpus):
    # Anbar's point is 115 km from the air base, which lies inside Anbar
    anbar = ClaimPlace("Anbar", PlaceRole.AT, "2", 33.35, 41.31, "IQ", PlacePrecision.ADMIN,
                       radius_km=210.0)
    assert _merged(corpus, anbar)


def test_a_small_province_as_far_away_stays_apart(corpus):
    small = ClaimPlace("Smallia", PlaceRole.AT, "3", 33.35, 41.31, "IQ", PlacePrecision.ADMIN,
                       radius_km=20.0)
    assert not _merged(corpus, small)
    # without a known extent an admin area reaches a default 60 km: not 115
    unknown = dataclasses.replace(small, radius_km=None)
    assert not _merged(corpus, unknown)
