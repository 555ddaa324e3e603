"""Tables, described once with SQLAlchemy Core so SQLite and PostgreSQL share every query.

Full-text search is dialect-specific and lives in `search.py` (FTS5 on SQLite).
Structured detail that later stages may grow (offset maps, claim fields, explanations)
is kept as JSON text, so the row shape stays stable while the records evolve.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("address", Text, nullable=False),
    Column("language", String(10)),
    Column("reliability", String(1), nullable=False, default="F"),
    Column("poll_interval_s", Integer, nullable=False, default=900),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_polled_at", DateTime(timezone=True)),
    Column("next_poll_at", DateTime(timezone=True)),
    Column("last_status", String(20)),
    Column("last_error", Text),
    Column("items_total", Integer, nullable=False, default=0),
)

captures = Table(
    "captures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("url", Text, nullable=False),
    Column("canonical_url", Text, nullable=False),
    Column("final_url", Text),
    Column("source_id", Integer, ForeignKey("sources.id")),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Column("status", Integer, nullable=False),
    Column("media_type", String(200), nullable=False),
    Column("size", Integer, nullable=False),
    Column("warc_file", Text),
    Column("warc_offset", Integer),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("headers_json", Text, nullable=False, default="[]"),
    Column("item_meta_json", Text, nullable=False, default="[]"),
    UniqueConstraint("canonical_url", "sha256"),
)
Index("ix_captures_canonical_url_fetched", captures.c.canonical_url, captures.c.fetched_at)
Index("ix_captures_sha256", captures.c.sha256)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("canonical_url", Text, nullable=False, unique=True),
    Column("url", Text, nullable=False),
    Column("capture_id", Integer, ForeignKey("captures.id"), nullable=False),
    Column("capture_sha256", String(64), nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id")),
    Column("title", Text),
    Column("author", Text),
    Column("published_at", DateTime(timezone=True)),
    Column("site_name", Text),
    Column("language", String(10)),
    Column("language_score", Float),
    Column("text", Text, nullable=False),
    Column("translation", Text),
    Column("translation_backend", String(100)),
    Column("fingerprint", String(64)),
    Column("offset_map_json", Text, nullable=False, default="[]"),
    Column("read_at", DateTime(timezone=True), nullable=False),
    Column("versions", Integer, nullable=False, default=1),
)
Index("ix_documents_fingerprint", documents.c.fingerprint)
Index("ix_documents_source_published", documents.c.source_id, documents.c.published_at)

read_failures = Table(
    "read_failures",
    metadata,
    Column("capture_id", Integer, ForeignKey("captures.id"), primary_key=True),
    Column("error", Text, nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", Text),
    Column("attrs_json", Text, nullable=False, default="{}"),
    Column("step", String(60)),
)
Index("ix_mentions_document_id", mentions.c.document_id)
Index("ix_mentions_kind_value", mentions.c.kind, mentions.c.value)

# One row per document: which capture and which step versions its mentions/claims came from.
extractions = Table(
    "extractions",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("capture_sha256", String(64), nullable=False),
    Column("steps_json", Text, nullable=False),
    Column("notes_json", Text, nullable=False, default="[]"),
    Column("extracted_at", DateTime(timezone=True), nullable=False),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(120), nullable=False, unique=True),  # stable across rebuilds
    Column("event_type", String(80), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("date", String(10)),
    Column("date_precision", String(10)),
    Column("confidence", Float, nullable=False),
    Column("background", Integer, nullable=False, default=0),
    Column("data_json", Text, nullable=False),
    Column("steps_json", Text, nullable=False, default="[]"),
    Column("extracted_at", DateTime(timezone=True), nullable=False),
)
Index("ix_claims_document_id", claims.c.document_id)
Index("ix_claims_type_date", claims.c.event_type, claims.c.date)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(120), nullable=False, unique=True),  # stable: derived from its claims
    Column("event_type", String(80), nullable=False),
    Column("date", String(10)),
    Column("date_precision", String(10)),
    Column("lat", Float),
    Column("lon", Float),
    Column("place_name", Text),
    Column("country", String(2)),
    Column("corroboration", Integer, nullable=False, default=0),
    Column("reliability", String(1), nullable=False, default="F"),
    Column("credibility", Integer, nullable=False, default=6),
    Column("first_seen", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("data_json", Text, nullable=False),  # actors, sources, contradictions, explanation
)
Index("ix_events_type_date", events.c.event_type, events.c.date)
Index("ix_events_lat_lon", events.c.lat, events.c.lon)

event_claims = Table(
    "event_claims",
    metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_key", String(120), primary_key=True),
    Column("reason_json", Text, nullable=False, default="{}"),
)
Index("ix_event_claims_claim_key", event_claims.c.claim_key)

event_history = Table(
    "event_history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_key", String(120), nullable=False),
    Column("version", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("change_json", Text, nullable=False),
)
Index("ix_event_history_event_key", event_history.c.event_key)

# Analyst decisions name claims by their stable keys, so they survive `watchfloor rebuild`.
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),  # must_link | cannot_link | split_out
    Column("claim_key_a", String(120), nullable=False),
    Column("claim_key_b", String(120)),
    Column("analyst", String(100)),
    Column("note", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
