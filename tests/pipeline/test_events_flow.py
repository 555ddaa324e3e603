"""Claims become events in the store; analyst decisions and rebuilds keep them the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchfloor.pipeline import Context, ingest, merge_events, rebuild
from watchfloor.records import Source, SourceKind

REPORTS = {
    "wire": ("Wire", "On March 3, 2024, a drone strike hit a militia base near Al-Mayadin, killing four "
                     "fighters of Kataib Hezbollah, a security source said."),
    "opposition": ("Deir Now", "A drone strike on a Kataib Hezbollah base near Al-Mayadin on March 3, 2024 "
                               "killed four members, according to Deir Now."),
    "channel": ("Militia channel", "On March 5, 2024, Liwa Fatemiyoun fighters held training exercises in "
                                   "the desert east of Palmyra, the group said on its Telegram channel."),
    "aggregator": ("Aggregator", "Liwa Fatemiyoun held exercises east of Palmyra on March 5, 2024."),
}


@pytest.fixture(scope="module")
def extractor(tmp_path_factory):
    from watchfloor.extract.run import Extractor
    from watchfloor.settings import load_settings

    settings = load_settings(environ={}, overrides=[f"data_dir={tmp_path_factory.mktemp('x')}"])
    return Extractor(settings)


def _ingest_all(ctx, folder: Path, extractor, order):
    for name in order:
        source_name, text = REPORTS[name]
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        ingest(ctx, Source(source_name, SourceKind.FILE, str(path)), extractor)
    merge_events(ctx)


def _partition(ctx):
    return sorted(tuple(sorted(e["data"]["claim_keys"])) for e in ctx.store.events(limit=1000))


def test_two_happenings_from_four_sources(settings, tmp_path, extractor):
    with Context.open(settings) as ctx:
        _ingest_all(ctx, tmp_path, extractor, ["wire", "opposition", "channel", "aggregator"])
        events = ctx.store.events(limit=100)
        assert len(events) == 2
        strike = next(e for e in events if e["event_type"].startswith("explosions"))
        assert strike["corroboration"] == 2
        assert strike["date"] == "2024-03-03"
        assert 4 in strike["data"]["fatalities"]
        detail = ctx.store.event(strike["id"])
        assert len(detail["data"]["attachments"]) == 2
        assert detail["history"][0]["reason"] == "new event"
        # claims were merged one ingest at a time; a full merge from scratch agrees
        incremental = _partition(ctx)
        merge_events(ctx, full=True)
        assert _partition(ctx) == incremental


def test_any_order_gives_the_same_events(settings, tmp_path, extractor):
    from watchfloor.settings import load_settings

    with Context.open(settings) as ctx:
        _ingest_all(ctx, tmp_path, extractor, ["wire", "opposition", "channel", "aggregator"])
        first = _partition(ctx)
    other = load_settings(environ={}, overrides=[f"data_dir={tmp_path / 'other'}"])
    (tmp_path / "b").mkdir()
    with Context.open(other) as ctx:
        _ingest_all(ctx, tmp_path / "b", extractor, ["aggregator", "channel", "opposition", "wire"])
        assert _partition(ctx) == first


def test_rebuild_after_deleting_the_database_keeps_events_and_decisions(settings, tmp_path, extractor):
    with Context.open(settings) as ctx:
        _ingest_all(ctx, tmp_path, extractor, ["wire", "opposition", "channel", "aggregator"])
        strike = next(e for e in ctx.store.events() if e["event_type"].startswith("explosions"))
        lone = sorted(strike["data"]["claim_keys"])[0]
        ctx.store.add_decision("split_out", lone, note="different strike, per analyst")
        merge_events(ctx)
        before = _partition(ctx)
        assert len(before) == 3
    for f in settings.data_path.glob("watchfloor.sqlite*"):
        f.unlink()
    with Context.open(settings) as ctx:
        assert ctx.store.count("documents") == 0
        rebuild(ctx, extractor)
        assert ctx.store.count("documents") == 4
        assert _partition(ctx) == before
        assert [s.name for s in ctx.store.sources()] == sorted(["Wire", "Deir Now", "Militia channel",
                                                                 "Aggregator"])


def test_sources_get_a_suggested_grade_from_their_track_record(settings, tmp_path, extractor):
    from watchfloor.pipeline import suggest_grades

    with Context.open(settings) as ctx:
        _ingest_all(ctx, tmp_path, extractor, ["wire", "opposition", "channel", "aggregator"])
        suggested = suggest_grades(ctx)
        assert set(suggested) >= {"Wire", "Deir Now"}
        grade, why = suggested["Wire"]
        assert grade == "F" and "too few" in why  # one claim is no track record yet
