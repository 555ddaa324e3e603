"""Foundation: sources, captures, documents, read failures, and full-text search.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("language", sa.String(10)),
        sa.Column("reliability", sa.String(1), nullable=False),
        sa.Column("poll_interval_s", sa.Integer, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_polled_at", TZ),
        sa.Column("next_poll_at", TZ),
        sa.Column("last_status", sa.String(20)),
        sa.Column("last_error", sa.Text),
        sa.Column("items_total", sa.Integer, nullable=False),
    )
    op.create_table(
        "captures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("canonical_url", sa.Text, nullable=False),
        sa.Column("final_url", sa.Text),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id")),
        sa.Column("fetched_at", TZ, nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("media_type", sa.String(200), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("warc_file", sa.Text),
        sa.Column("warc_offset", sa.Integer),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("headers_json", sa.Text, nullable=False),
        sa.Column("item_meta_json", sa.Text, nullable=False),
        sa.UniqueConstraint("canonical_url", "sha256", name="uq_captures_canonical_url_sha256"),
    )
    op.create_index("ix_captures_canonical_url_fetched", "captures", ["canonical_url", "fetched_at"])
    op.create_index("ix_captures_sha256", "captures", ["sha256"])
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("canonical_url", sa.Text, nullable=False, unique=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("capture_id", sa.Integer, sa.ForeignKey("captures.id"), nullable=False),
        sa.Column("capture_sha256", sa.String(64), nullable=False),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id")),
        sa.Column("title", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("published_at", TZ),
        sa.Column("site_name", sa.Text),
        sa.Column("language", sa.String(10)),
        sa.Column("language_score", sa.Float),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("translation", sa.Text),
        sa.Column("translation_backend", sa.String(100)),
        sa.Column("fingerprint", sa.String(64)),
        sa.Column("offset_map_json", sa.Text, nullable=False),
        sa.Column("read_at", TZ, nullable=False),
        sa.Column("versions", sa.Integer, nullable=False),
    )
    op.create_index("ix_documents_fingerprint", "documents", ["fingerprint"])
    op.create_index("ix_documents_source_published", "documents", ["source_id", "published_at"])
    op.create_table(
        "read_failures",
        sa.Column("capture_id", sa.Integer, sa.ForeignKey("captures.id"), primary_key=True),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("failed_at", TZ, nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        # External-content FTS5 index kept in step with documents by triggers.
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "title, text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN "
            "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN "
            "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
            "VALUES ('delete', old.id, old.title, old.text); END"
        )
        op.execute(
            "CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN "
            "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
            "VALUES ('delete', old.id, old.title, old.text); "
            "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS documents_fts")
    for table in ("read_failures", "documents", "captures", "sources"):
        op.drop_table(table)
