"""Merging the labelled corpus: quality against gold labels, origins, order independence."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchfloor.merge import MergeEngine, bcubed_prf, pairwise_prf


def merged(corpus, contexts=None, one_by_one=False):
    engine = MergeEngine(aliases=corpus.aliases)
    contexts = corpus.contexts if contexts is None else contexts
    if one_by_one:
        for ctx in contexts:
            engine.add(ctx)
    else:
        engine.add_many(contexts)
    return engine


def test_corpus_is_big_enough(corpus):
    assert len(corpus.documents) >= 40
    assert len(set(corpus.gold.values())) >= 12
    styles = {s.kind.value for s in corpus.sources.values()}
    assert {"web", "telegram"} <= styles


def test_merging_reaches_09_bcubed(corpus):
    events = merged(corpus).partition()
    pw, b3 = pairwise_prf(events, corpus.gold), bcubed_prf(events, corpus.gold)
    assert b3.precision >= 0.9 and b3.recall >= 0.9, b3
    # pairwise precision is held down by one known-hard pair: a drone strike on a vehicle and an
    # air strike on a depot in the same town on the same day (H02/H15), which the structured
    # claims cannot tell apart; see bench/README.md
    assert pw.precision >= 0.85 and pw.recall >= 0.9, pw


def test_same_town_same_day_different_sides_stay_apart(corpus):
    engine = merged(corpus)
    h01 = {k for k, h in corpus.gold.items() if h == "H01"}
    h14 = {k for k, h in corpus.gold.items() if h == "H14"}
    assert {engine.event_of(k) for k in h01}.isdisjoint({engine.event_of(k) for k in h14})


def test_copies_and_citations_count_as_one_origin(corpus):
    engine = merged(corpus)
    for ev in engine.events():
        if len({corpus.gold[k] for k in ev.claim_keys}) > 1 or ev.claim_keys != tuple(
                sorted(k for k, h in corpus.gold.items() if h == corpus.gold[ev.key])):
            continue  # only events that match a gold happening exactly
        happening = corpus.gold[ev.key]
        assert ev.event.corroboration == corpus.expected_origins[happening], (
            happening, [o.as_dict() for o in ev.origins])


def test_three_sites_quoting_eye_of_euphrates_are_one_origin(corpus):
    engine = merged(corpus)
    h01 = next(ev for ev in engine.events() if corpus.gold[ev.key] == "H01")
    eye = next(o for o in h01.origins if o.label == "Eye of Euphrates")
    assert set(eye.source_names) == {"Eye of Euphrates", "Euphrates Post", "Free Deir Voice"}


def test_arabic_translation_of_wire_story_is_a_copy(corpus):
    engine = merged(corpus)
    r06 = next(c.key for c in corpus.contexts if corpus.report_of[c.key] == "r06")
    h02 = engine.event(engine.event_of(r06))
    wire = next(o for o in h02.origins if r06 in o.claim_keys)
    assert "Akhbar al-Sharq" in wire.source_names
    assert any("translation" in t for t in wire.ties)


def test_conflicting_fatalities_are_shown_not_averaged(corpus):
    engine = merged(corpus)
    h01 = next(ev for ev in engine.events() if corpus.gold[ev.key] == "H01")
    assert h01.fatalities == (3, 5)
    fat = next(c for c in h01.contradictions if c.field == "fatalities")
    assert {v.value for v in fat.values} == {"3", "5"}
    assert any("3 (" in t and "5 (" in t for t in h01.event.contradictions)
    assert h01.grade.credibility == 2  # two origins, disagreeing only on the count


def test_every_claim_has_an_explanation(corpus):
    for ev in merged(corpus).events():
        assert len(ev.attachments) == len(ev.claim_keys)
        assert sum(a.how == "founding" for a in ev.attachments) == 1
        for a in ev.attachments:
            if a.how == "matched":
                assert a.match.score >= 0.62 and "km apart" in a.text


def _signature(engine):
    return [(ev.claim_keys, ev.summary()) for ev in engine.events()]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(range(52)))
def test_any_order_gives_the_same_events(corpus, order):
    reference = _signature(merged(corpus))
    shuffled = [corpus.contexts[i] for i in order]
    assert _signature(merged(corpus, shuffled, one_by_one=True)) == reference
    assert _signature(merged(corpus, shuffled)) == reference
