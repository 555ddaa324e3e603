"""Mentions, claims, events, their history and analyst decisions.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.Text),
        sa.Column("attrs_json", sa.Text, nullable=False),
        sa.Column("step", sa.String(60)),
    )
    op.create_index("ix_mentions_document_id", "mentions", ["document_id"])
    op.create_index("ix_mentions_kind_value", "mentions", ["kind", "value"])
    op.create_table(
        "extractions",
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("capture_sha256", sa.String(64), nullable=False),
        sa.Column("steps_json", sa.Text, nullable=False),
        sa.Column("notes_json", sa.Text, nullable=False),
        sa.Column("extracted_at", TZ, nullable=False),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("key", sa.String(120), nullable=False, unique=True),
        sa.Column("event_type", sa.String(80), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("date", sa.String(10)),
        sa.Column("date_precision", sa.String(10)),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("background", sa.Integer, nullable=False),
        sa.Column("data_json", sa.Text, nullable=False),
        sa.Column("steps_json", sa.Text, nullable=False),
        sa.Column("extracted_at", TZ, nullable=False),
    )
    op.create_index("ix_claims_document_id", "claims", ["document_id"])
    op.create_index("ix_claims_type_date", "claims", ["event_type", "date"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(120), nullable=False, unique=True),
        sa.Column("event_type", sa.String(80), nullable=False),
        sa.Column("date", sa.String(10)),
        sa.Column("date_precision", sa.String(10)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("place_name", sa.Text),
        sa.Column("country", sa.String(2)),
        sa.Column("corroboration", sa.Integer, nullable=False),
        sa.Column("reliability", sa.String(1), nullable=False),
        sa.Column("credibility", sa.Integer, nullable=False),
        sa.Column("first_seen", TZ),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("data_json", sa.Text, nullable=False),
    )
    op.create_index("ix_events_type_date", "events", ["event_type", "date"])
    op.create_index("ix_events_lat_lon", "events", ["lat", "lon"])
    op.create_table(
        "event_claims",
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("claim_key", sa.String(120), primary_key=True),
        sa.Column("reason_json", sa.Text, nullable=False),
    )
    op.create_index("ix_event_claims_claim_key", "event_claims", ["claim_key"])
    op.create_table(
        "event_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_key", sa.String(120), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("change_json", sa.Text, nullable=False),
    )
    op.create_index("ix_event_history_event_key", "event_history", ["event_key"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("claim_key_a", sa.String(120), nullable=False),
        sa.Column("claim_key_b", sa.String(120)),
        sa.Column("analyst", sa.String(100)),
        sa.Column("note", sa.Text),
        sa.Column("created_at", TZ, nullable=False),
    )


def downgrade() -> None:
    for table in ("decisions", "event_history", "event_claims", "events", "claims", "extractions",
                  "mentions"):
        op.drop_table(table)
