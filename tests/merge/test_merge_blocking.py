"""Blocking never hides a pair that scoring would accept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from watchfloor.merge.blocking import BlockIndex
from watchfloor.merge.features import ClaimFeatures
from watchfloor.merge.scoring import MergeConfig, gate_failure

RADII = {"place": (10.0, 1.0), "near": (25.0, 0.9), "admin": (60.0, 0.7),
         "region": (200.0, 0.5), "country": (0.0, 0.3)}


@st.composite
def claim_features(draw, i):
    precision = draw(st.sampled_from(sorted(RADII)))
    radius, weight = RADII[precision]
    if precision in ("admin", "region") and draw(st.booleans()):
        radius = draw(st.floats(5.0, 400.0))  # a province or region with its own extent
    lo = 740_000 + draw(st.integers(0, 12))
    width = draw(st.sampled_from((0, 0, 0, 3, 30)))
    has_point = precision != "country"
    return ClaimFeatures(
        key=f"k{i:03d}", event_type="battles.armed_clash", family="battles", lo=lo,
        hi=lo + width, date_weight=1.0,
        lat=draw(st.floats(34.0, 35.5)) if has_point else None,
        lon=draw(st.floats(40.0, 41.5)) if has_point else None,
        radius_km=radius, place_weight=weight, country="SY", geonameid=None, place_name=None,
        actors=frozenset(), attackers=frozenset(), source_id=None,
    )


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_every_gate_passing_pair_is_a_candidate(data):
    feats = [data.draw(claim_features(i)) for i in range(25)]
    index = BlockIndex()
    index.add_many(feats)
    config = MergeConfig()
    for a in feats:
        cands = index.candidates(a)
        for b in feats:
            if b.key != a.key and gate_failure(a, b, config) is None:
                assert b.key in cands or a.key in index.candidates(b), (a, b)
