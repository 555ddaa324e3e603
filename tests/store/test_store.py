"""The store keeps one document per canonical URL, versions changes, and searches text."""

from datetime import UTC, datetime

import sqlalchemy as sa

from watchfloor.records import Capture, Document, Reliability, Source, SourceKind
from watchfloor.store import Store


def _capture(url: str, body: bytes, source_id=None) -> Capture:
    return Capture(url=url, fetched_at=datetime.now(UTC), status=200, media_type="text/html",
                   sha256=Capture.hash_payload(body), size=len(body), source_id=source_id)


def _doc(capture: Capture, text: str, title="T") -> Document:
    return Document(text=text, url=capture.url, canonical_url=capture.url, title=title,
                    capture_id=capture.id, capture_sha256=capture.sha256, language="en")


def test_migrations_create_schema_and_are_idempotent(settings):
    store = Store.open(settings)
    assert store.schema_version() is not None
    again = Store.open(settings)  # opening twice migrates nothing and loses nothing
    assert again.schema_version() == store.schema_version()
    assert (settings.data_path / "watchfloor.sqlite").exists()


def test_source_upsert_by_name(settings):
    store = Store.open(settings)
    a = store.upsert_source(Source("Deir Now", SourceKind.RSS, "https://x/feed", "ar", Reliability.C))
    b = store.upsert_source(Source("Deir Now", SourceKind.RSS, "https://x/feed2", "ar", Reliability.B))
    assert a.id == b.id
    assert store.source("Deir Now").reliability is Reliability.B
    assert store.source("Deir Now").address == "https://x/feed2"
    assert [s.name for s in store.due_sources()] == ["Deir Now"]
    store.mark_polled(b, status="ok", error=None, items=3)
    assert store.due_sources() == []
    assert store.source_status()[0]["items_total"] == 3


def test_same_bytes_same_url_is_one_capture(settings):
    store = Store.open(settings)
    c1, new1 = store.add_capture(_capture("https://a/1", b"x"), "https://a/1")
    c2, new2 = store.add_capture(_capture("https://a/1", b"x"), "https://a/1")
    assert new1 and not new2 and c1.id == c2.id
    _, new3 = store.add_capture(_capture("https://a/1", b"y"), "https://a/1")
    assert new3


def test_changed_item_updates_the_same_document(settings):
    store = Store.open(settings)
    c1, _ = store.add_capture(_capture("https://a/1", b"v1"), "https://a/1")
    d1, s1 = store.save_document(_doc(c1, "first text"))
    _, s_same = store.save_document(_doc(c1, "first text"))
    c2, _ = store.add_capture(_capture("https://a/1", b"v2"), "https://a/1")
    d2, s2 = store.save_document(_doc(c2, "second text"))
    assert (s1, s_same, s2) == ("new", "unchanged", "updated")
    assert d1.id == d2.id
    assert store.count("documents") == 1
    assert store.document(d1.id).text == "second text"


def test_unread_captures_lists_only_what_needs_reading(settings):
    store = Store.open(settings)
    c1, _ = store.add_capture(_capture("https://a/1", b"v1"), "https://a/1")
    c2, _ = store.add_capture(_capture("https://a/2", b"v1"), "https://a/2")
    assert [c.id for c in store.unread_captures()] == [c1.id, c2.id]
    store.save_document(_doc(c1, "t"))
    store.record_read_failure(c2.id, "binary content")
    assert store.unread_captures() == []
    c3, _ = store.add_capture(_capture("https://a/1", b"v2"), "https://a/1")
    assert [c.id for c in store.unread_captures()] == [c3.id]


def test_full_text_search_arabic_and_english(settings):
    store = Store.open(settings)
    c1, _ = store.add_capture(_capture("https://a/1", b"1"), "https://a/1")
    c2, _ = store.add_capture(_capture("https://a/2", b"2"), "https://a/2")
    store.save_document(_doc(c1, "Militia convoy crossed at Al-Bukamal on Friday", title="Convoy"))
    store.save_document(_doc(c2, "وصلت تعزيزات عسكرية إلى البوكمال", title="تعزيزات"))
    assert [h["title"] for h in store.search("convoy bukamal")] == ["Convoy"]
    assert [h["title"] for h in store.search("البوكمال")] == ["تعزيزات"]
    assert store.search('bad "query( OR') == [] or True  # never raises on odd input
    assert store.search("") == []


def test_captures_round_trip_headers_and_meta(settings):
    store = Store.open(settings)
    cap = _capture("https://a/1", b"x")
    cap = Capture(**{**cap.__dict__, "headers": (("Content-Type", "text/html"),),
                     "item_meta": (("title", "عنوان"),)})
    saved, _ = store.add_capture(cap, "https://a/1")
    back = store.capture(saved.id)
    assert back.headers == (("Content-Type", "text/html"),)
    assert back.meta() == {"title": "عنوان"}
    assert back.fetched_at.tzinfo is not None


def test_schema_has_no_sqlite_only_types(settings):
    """Queries go through SQLAlchemy Core so PostgreSQL can be added without rewriting them."""
    from watchfloor.store.schema import metadata

    for table in metadata.tables.values():
        for col in table.columns:
            assert not isinstance(col.type, sa.types.NullType), (table.name, col.name)


def test_migrations_match_the_declared_schema(settings):
    """A column added to schema.py without a migration (or the reverse) fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from watchfloor.store.schema import metadata

    store = Store.open(settings)
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    # FTS5 shadow tables are SQLite-only and not part of the portable schema.
    diffs = [d for d in diffs if not (d[0] == "remove_table" and d[1].name.startswith("documents_fts"))]
    assert diffs == []


def test_extraction_round_trip_and_replacement(settings):
    from datetime import date

    from watchfloor.records import (
        ActorRole,
        Claim,
        ClaimActor,
        ClaimPlace,
        DatePrecision,
        Mention,
        MentionKind,
        PlaceRole,
    )

    store = Store.open(settings)
    c1, _ = store.add_capture(_capture("https://a/1", b"v1"), "https://a/1")
    doc, _ = store.save_document(_doc(c1, "The PMU moved fighters to Syria."))
    mentions = [Mention(MentionKind.ACTOR, 4, 7, "PMU", value="pmu"),
                Mention(MentionKind.PLACE, 26, 31, "Syria", value="163843", attrs=(("lat", 35.0),))]
    claim = Claim(document_id=None, event_type="strategic.movement_of_forces", start=0, end=32,
                  actors=[ClaimActor("PMU", ActorRole.ACTOR, "pmu", mention_ids=[0])],
                  places=[ClaimPlace("Syria", PlaceRole.DESTINATION, "163843", 35.0, 38.0, "SY",
                                     mention_ids=[1])],
                  date=date(2023, 11, 3), date_precision=DatePrecision.DAY)
    saved_m, saved_c = store.replace_extraction(doc.id, mentions, [("k1", claim)])
    [(key, back)] = store.claims(document_id=doc.id)
    assert key == "k1"
    assert back.actors[0].mention_ids == [saved_m[0].id]
    assert back.places[0].role is PlaceRole.DESTINATION
    assert back.date == date(2023, 11, 3) and back.date_precision is DatePrecision.DAY
    assert store.mentions(doc.id)[1].attr("lat") == 35.0
    store.replace_extraction(doc.id, mentions[:1], [])  # a re-run replaces, never duplicates
    assert len(store.mentions(doc.id)) == 1 and store.claims(document_id=doc.id) == []
