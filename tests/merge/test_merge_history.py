"""A later report that adds detail updates the event and keeps the earlier version."""

from __future__ import annotations

import dataclasses

import pytest

from watchfloor.merge import MergeEngine, MergeError
from watchfloor.merge.context import ClaimContext


def _by_report(corpus, rid):
    return [c for c in corpus.contexts if corpus.report_of[c.key] == rid]


def test_history_keeps_earlier_versions(corpus):
    engine = MergeEngine(aliases=corpus.aliases)
    first = engine.add(_by_report(corpus, "r03")[0])  # Eye of Euphrates: five dead
    assert [c.kind for c in first] == ["created"]
    key = first[0].event_key
    engine.add(_by_report(corpus, "r01")[0])  # the wire: three dead, per the SDF
    ev = engine.event(engine.event_of(_by_report(corpus, "r03")[0].key))
    assert [v.number for v in ev.history] == [1, 2]
    v1, v2 = ev.history
    assert v1.reason == "new event" and dict(v1.summary)["fatalities"] == (5,)
    assert v2.reason == "claim added"
    assert any(ch.startswith("fatalities") for ch in v2.changes)
    assert dict(v2.summary)["fatalities"] == (3, 5)
    assert dict(v2.summary)["corroboration"] == 2
    assert v2.at == _by_report(corpus, "r01")[0].document.published_at
    assert key in (ev.key, *v2.merged_from) or ev.key <= key


def test_event_json_twin_has_everything_an_analyst_needs(corpus):
    engine = MergeEngine(aliases=corpus.aliases)
    engine.add_many(corpus.contexts)
    d = engine.events()[0].as_dict()
    for field in ("origins", "attachments", "contradictions_detail", "history", "credibility",
                  "reliability", "typical_reliability", "grade_reasons", "claim_ids"):
        assert field in d


def test_restore_from_state_rows_gives_the_same_events(corpus):
    engine = MergeEngine(aliases=corpus.aliases)
    engine.add_many(corpus.contexts[:30])
    rows = list(engine.state_rows())
    contexts = {c.key: c for c in corpus.contexts}
    restored = MergeEngine(aliases=corpus.aliases, contexts=dict(contexts))
    restored.restore(rows)
    assert restored.partition() == engine.partition()
    for ctx in corpus.contexts[30:]:
        restored.add(ctx)
        engine.add(ctx)
    assert restored.partition() == engine.partition()


def test_claim_without_archive_hash_is_refused(corpus):
    ctx = corpus.contexts[0]
    doc = dataclasses.replace(ctx.document, capture_sha256=None, fingerprint=None)
    with pytest.raises(MergeError, match="capture_sha256"):
        MergeEngine().add(ClaimContext(ctx.claim, doc, ctx.source))


def test_undated_claim_falls_back_to_publication_date(corpus):
    ctx = _by_report(corpus, "r04")[0]
    undated = ClaimContext(dataclasses.replace(ctx.claim, date=None, date_precision=None),
                           ctx.document, ctx.source)
    engine = MergeEngine(aliases=corpus.aliases)
    engine.add(_by_report(corpus, "r03")[0])
    engine.add(undated)
    assert engine.event_of(undated.key) == engine.event_of(_by_report(corpus, "r03")[0].key)


def test_features_survive_a_json_round_trip(corpus):
    import json

    from watchfloor.merge.features import features_from_row, features_of, features_to_row

    for ctx in corpus.contexts:
        f = features_of(ctx)
        assert features_from_row(json.loads(json.dumps(features_to_row(f)))) == f


def test_restore_from_saved_features_then_add_merges_into_stored_events(corpus):
    from watchfloor.merge.features import features_of

    stored = [c for c in corpus.contexts if corpus.report_of[c.key] in ("r01", "r25", "r29")]
    engine = MergeEngine(contexts={c.key: c for c in stored}, aliases=corpus.aliases)
    engine.restore_features(features_of(c) for c in stored)
    assert len(engine.partition()) == 3
    copy = next(c for c in corpus.contexts if corpus.report_of[c.key] == "r02")
    changes = engine.add(copy)
    assert engine.event_of(copy.key) == engine.event_of(stored[0].key)
    assert {c.kind for c in changes} <= {"created", "updated", "removed"}


def test_a_split_gives_both_parts_the_history_before_it(corpus):
    from watchfloor.merge import cannot_link

    engine = MergeEngine(aliases=corpus.aliases)
    for ctx in sorted(corpus.contexts, key=lambda c: c.document.published_at):
        engine.add(ctx)
    keys = sorted(k for k, h in corpus.gold.items() if h == "H07")
    before = len(engine.event(engine.event_of(keys[0])).history)
    engine.decide(cannot_link(keys[0], keys[1]))
    a = engine.event(engine.event_of(keys[0]))
    b = engine.event(engine.event_of(keys[1]))
    assert a.key != b.key
    for ev in (a, b):
        assert len(ev.history) == before + 1
        assert ev.history[-1].reason == "analyst decision"
        assert ev.history[-1].number == before + 1
