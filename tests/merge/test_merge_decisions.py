"""Analyst split/merge decisions override the automatic merge and survive a rebuild."""

from __future__ import annotations

import pytest

from watchfloor.merge import (
    DecisionBook,
    MergeEngine,
    MergeError,
    cannot_link,
    must_link,
    split_out,
)


def _event_keys(corpus, engine, happening):
    ev = next(e for e in engine.events() if corpus.gold[e.key] == happening)
    return list(ev.claim_keys)


def _rebuilt(corpus, decisions):
    """A fresh engine, as after `watchfloor rebuild`: same claims, decisions reloaded from rows."""
    rows = [{"kind": d.kind.value, "a": d.a, "b": d.b, "analyst": d.analyst} for d in decisions]
    engine = MergeEngine(decisions=DecisionBook.from_rows(rows), aliases=corpus.aliases)
    engine.add_many(reversed(corpus.contexts))
    return engine


def test_split_out_keeps_a_claim_alone_after_rebuild(corpus):
    engine = MergeEngine(aliases=corpus.aliases)
    engine.add_many(corpus.contexts)
    h01 = _event_keys(corpus, engine, "H01")
    changes = engine.decide(split_out(h01[0], analyst="ana"))
    assert any(c.kind in ("created", "updated") for c in changes)
    assert engine.event_of(h01[0]) == h01[0]
    assert len(engine.event(engine.event_of(h01[1])).claim_keys) == 4
    rebuilt = _rebuilt(corpus, engine.decisions)
    assert rebuilt.partition() == engine.partition()


def test_cannot_link_splits_an_event_and_later_claims_respect_it(corpus):
    engine = MergeEngine(aliases=corpus.aliases)
    engine.add_many(corpus.contexts)
    a, b = _event_keys(corpus, engine, "H05")[:2]
    engine.decide(cannot_link(a, b))
    assert engine.event_of(a) != engine.event_of(b)
    rebuilt = _rebuilt(corpus, engine.decisions)
    assert rebuilt.event_of(a) != rebuilt.event_of(b)


def test_must_link_merges_two_events_with_an_explanation(corpus):
    engine = MergeEngine(aliases=corpus.aliases)
    engine.add_many(corpus.contexts)
    a = _event_keys(corpus, engine, "H01")[0]
    b = _event_keys(corpus, engine, "H09")[0]  # same place, eight days later
    changes = engine.decide(must_link(a, b, analyst="ana", note="same raid, misdated"))
    assert engine.event_of(a) == engine.event_of(b)
    assert any(c.kind == "removed" for c in changes)
    ev = engine.event(engine.event_of(a))
    assert len(ev.claim_keys) == 8
    linked = [x for x in ev.attachments if x.how == "analyst"]
    assert linked and "ana" in linked[0].text
    assert ev.history[-1].reason == "events merged"
    rebuilt = _rebuilt(corpus, engine.decisions)
    assert rebuilt.partition() == engine.partition()


def test_a_later_decision_replaces_an_earlier_one(corpus):
    book = DecisionBook([must_link("a", "b"), cannot_link("b", "a")])
    assert len(book) == 1 and book.cannot("a", "b")


def test_bad_decisions_get_a_clear_error():
    with pytest.raises(MergeError, match="two different claim keys"):
        DecisionBook([must_link("a", "a")])
    with pytest.raises(MergeError, match="bad kind"):
        DecisionBook.from_rows([{"kind": "merge-please", "a": "x"}])


def test_decisions_hold_whatever_order_claims_arrive_in(corpus):
    import random

    keys = {c.key: corpus.gold[c.key] for c in corpus.contexts}
    h01 = sorted(k for k, h in keys.items() if h == "H01")
    h09 = sorted(k for k, h in keys.items() if h == "H09")
    h05 = sorted(k for k, h in keys.items() if h == "H05")
    decisions = [must_link(h01[0], h09[0]), split_out(h05[0]), cannot_link(h01[1], h01[2])]
    reference = MergeEngine(decisions=DecisionBook(decisions), aliases=corpus.aliases)
    reference.add_many(corpus.contexts)
    for seed in range(5):
        order = list(corpus.contexts)
        random.Random(seed).shuffle(order)
        engine = MergeEngine(decisions=DecisionBook(decisions), aliases=corpus.aliases)
        for ctx in order:
            engine.add(ctx)
        assert engine.partition() == reference.partition()
    assert reference.event_of(h05[0]) == h05[0]
    assert reference.event_of(h01[1]) != reference.event_of(h01[2])
