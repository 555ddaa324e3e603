"""The store: the only place records become rows and rows become records.

Every write is one short transaction, so a process killed mid-ingest leaves either the
whole capture/document or nothing; the next run picks up captures that have no document.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ..errors import StoreError
from ..records import (
    Capture,
    Claim,
    Document,
    Mention,
    MentionKind,
    Reliability,
    Source,
    SourceKind,
)
from ..settings import Settings
from . import schema as t

MIGRATIONS = Path(__file__).with_name("migrations")


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


class Store:
    """Sources, captures and documents in one database (SQLite file by default)."""

    def __init__(self, engine: Engine, journal: Path | None = None):
        self.engine = engine
        self.journal = journal  # analyst decisions, kept outside the database

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, settings: Settings) -> Store:
        """Open (creating and migrating if needed) the database the settings name."""
        url = settings.db_url
        if url.startswith("sqlite:///"):
            settings.data_path.mkdir(parents=True, exist_ok=True)
        return cls.open_url(url, journal=settings.data_path / "decisions.jsonl")

    @classmethod
    def open_url(cls, url: str, journal: Path | None = None) -> Store:
        try:
            engine = sa.create_engine(url, future=True)
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open database {url!r}: {exc}",
                             hint="for PostgreSQL: pip install 'watchfloor[postgres]'") from None
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine, journal)
        store.migrate()
        store._replay_journal()
        return store

    def migrate(self) -> None:
        """Bring the schema to the newest migration."""
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except OperationalError as exc:
            raise StoreError(f"cannot migrate database: {exc.orig}") from None

    def schema_version(self) -> str | None:
        with self.engine.connect() as conn:
            try:
                return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            except OperationalError:
                return None

    def close(self) -> None:
        self.engine.dispose()

    # -- sources -------------------------------------------------------------------------

    def upsert_source(self, source: Source) -> Source:
        """Add a source, or update the one with the same name; returns it with its id."""
        values = {
            "kind": source.kind.value,
            "address": source.address,
            "language": source.language,
            "reliability": source.reliability.value,
            "poll_interval_s": source.poll_interval_s,
        }
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(t.sources.c.id).where(t.sources.c.name == source.name)).first()
            if row:
                conn.execute(t.sources.update().where(t.sources.c.id == row.id).values(**values))
                sid = row.id
            else:
                sid = conn.execute(
                    t.sources.insert().values(name=source.name, created_at=_now(), items_total=0, **values)
                ).inserted_primary_key[0]
        return replace(source, id=sid)

    def sources(self) -> list[Source]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.sources).order_by(t.sources.c.name)).all()
        return [self._source(r) for r in rows]

    def source(self, name_or_id: str | int) -> Source | None:
        col = t.sources.c.id if isinstance(name_or_id, int) else t.sources.c.name
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.sources).where(col == name_or_id)).first()
        return self._source(row) if row else None

    def source_status(self) -> list[dict[str, Any]]:
        """Each source's last poll, status and counts (for `watchfloor sources` and /-/sources.json)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.sources).order_by(t.sources.c.name)).mappings().all()
        out = []
        for r in rows:
            d = dict(r)
            for k in ("created_at", "last_polled_at", "next_poll_at"):
                d[k] = _aware(d[k])
            out.append(d)
        return out

    def due_sources(self, now: datetime | None = None) -> list[Source]:
        now = now or _now()
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(t.sources).where(
                    sa.or_(t.sources.c.next_poll_at.is_(None), t.sources.c.next_poll_at <= now)
                ).order_by(t.sources.c.next_poll_at.is_not(None), t.sources.c.next_poll_at)
            ).all()
        return [self._source(r) for r in rows]

    def mark_polled(self, source: Source, *, status: str, error: str | None, items: int,
                    now: datetime | None = None) -> None:
        now = now or _now()
        with self.engine.begin() as conn:
            conn.execute(
                t.sources.update().where(t.sources.c.id == source.id).values(
                    last_polled_at=now,
                    next_poll_at=now + timedelta(seconds=source.poll_interval_s),
                    last_status=status,
                    last_error=error,
                    items_total=t.sources.c.items_total + items,
                )
            )

    @staticmethod
    def _source(row) -> Source:
        return Source(
            id=row.id, name=row.name, kind=SourceKind(row.kind), address=row.address,
            language=row.language, reliability=Reliability(row.reliability),
            poll_interval_s=row.poll_interval_s,
        )

    # -- captures ------------------------------------------------------------------------

    def get(self, url: str) -> tuple[str | None, str | None]:
        """ETag and Last-Modified of the newest capture of a URL (the Validators protocol)."""
        from ..sources.urls import canonical_url

        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(t.captures.c.etag, t.captures.c.last_modified)
                .where(t.captures.c.canonical_url == canonical_url(url))
                .order_by(t.captures.c.fetched_at.desc(), t.captures.c.id.desc()).limit(1)
            ).first()
        return (row.etag, row.last_modified) if row else (None, None)

    def capture_exists(self, canonical: str, sha256: str) -> Capture | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(t.captures).where(
                    t.captures.c.canonical_url == canonical, t.captures.c.sha256 == sha256
                )
            ).first()
        return self._capture(row) if row else None

    def latest_capture_sha(self, canonical: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(t.captures.c.sha256).where(t.captures.c.canonical_url == canonical)
                .order_by(t.captures.c.fetched_at.desc(), t.captures.c.id.desc()).limit(1)
            ).scalar()

    def add_capture(self, capture: Capture, canonical: str, final_url: str | None = None) -> tuple[Capture, bool]:
        """Record a capture; the same bytes at the same canonical URL are one capture."""
        existing = self.capture_exists(canonical, capture.sha256)
        if existing:
            return existing, False
        with self.engine.begin() as conn:
            cid = conn.execute(
                t.captures.insert().values(
                    sha256=capture.sha256, url=capture.url, canonical_url=canonical,
                    final_url=final_url, source_id=capture.source_id, fetched_at=capture.fetched_at,
                    status=capture.status, media_type=capture.media_type, size=capture.size,
                    warc_file=capture.warc_file, warc_offset=capture.warc_offset, etag=capture.etag,
                    last_modified=capture.last_modified,
                    headers_json=json.dumps(list(capture.headers), ensure_ascii=False),
                    item_meta_json=json.dumps(list(capture.item_meta), ensure_ascii=False),
                )
            ).inserted_primary_key[0]
        return replace(capture, id=cid), True

    def capture(self, capture_id: int) -> Capture | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.captures).where(t.captures.c.id == capture_id)).first()
        return self._capture(row) if row else None

    def captures(self, *, limit: int | None = None) -> list[Capture]:
        q = sa.select(t.captures).order_by(t.captures.c.id)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [self._capture(r) for r in conn.execute(q)]

    def unread_captures(self) -> list[Capture]:
        """Captures newer than their document's (or with no document yet) that have not failed."""
        doc_capture = (
            sa.select(t.documents.c.capture_id)
            .where(t.documents.c.canonical_url == t.captures.c.canonical_url)
            .scalar_subquery()
        )
        failed = sa.select(t.read_failures.c.capture_id)
        q = (
            sa.select(t.captures)
            .where(
                t.captures.c.id.not_in(failed),
                sa.or_(doc_capture.is_(None), t.captures.c.id > doc_capture),
            )
            .order_by(t.captures.c.id)
        )
        with self.engine.connect() as conn:
            return [self._capture(r) for r in conn.execute(q)]

    def record_read_failure(self, capture_id: int, error: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(t.read_failures.delete().where(t.read_failures.c.capture_id == capture_id))
            conn.execute(t.read_failures.insert().values(capture_id=capture_id, error=error, failed_at=_now()))

    def read_failures(self) -> list[tuple[int, str]]:
        with self.engine.connect() as conn:
            return [(r.capture_id, r.error) for r in conn.execute(sa.select(t.read_failures))]

    @staticmethod
    def _capture(row) -> Capture:
        return Capture(
            id=row.id, url=row.url, fetched_at=_aware(row.fetched_at), status=row.status,
            media_type=row.media_type, sha256=row.sha256, size=row.size,
            headers=tuple(tuple(h) for h in json.loads(row.headers_json)),
            source_id=row.source_id, warc_file=row.warc_file, warc_offset=row.warc_offset,
            etag=row.etag, last_modified=row.last_modified,
            item_meta=tuple(tuple(m) for m in json.loads(row.item_meta_json)),
        )

    # -- documents -----------------------------------------------------------------------

    def save_document(self, doc: Document) -> tuple[Document, str]:
        """Insert or update the document of a canonical URL; returns it and new|updated|unchanged."""
        values = {
            "url": doc.url, "capture_id": doc.capture_id, "capture_sha256": doc.capture_sha256,
            "source_id": doc.source_id, "title": doc.title, "author": doc.author,
            "published_at": doc.published_at, "site_name": doc.site_name, "language": doc.language,
            "language_score": doc.language_score, "text": doc.text, "translation": doc.translation,
            "translation_backend": doc.translation_backend, "fingerprint": doc.fingerprint,
            "offset_map_json": json.dumps(doc.offset_map), "read_at": _now(),
        }
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(t.documents.c.id, t.documents.c.capture_sha256, t.documents.c.versions)
                .where(t.documents.c.canonical_url == doc.canonical_url)
            ).first()
            if row is None:
                did = conn.execute(
                    t.documents.insert().values(canonical_url=doc.canonical_url, versions=1, **values)
                ).inserted_primary_key[0]
                status = "new"
            elif row.capture_sha256 == doc.capture_sha256:
                did, status = row.id, "unchanged"
            else:
                conn.execute(
                    t.documents.update().where(t.documents.c.id == row.id)
                    .values(versions=row.versions + 1, **values)
                )
                did, status = row.id, "updated"
        return replace(doc, id=did), status

    def save_translation(self, doc: Document) -> None:
        """Store a translation beside the original text (never replacing it)."""
        with self.engine.begin() as conn:
            conn.execute(t.documents.update().where(t.documents.c.id == doc.id).values(
                translation=doc.translation, translation_backend=doc.translation_backend))

    def document(self, doc_id: int) -> Document | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.documents).where(t.documents.c.id == doc_id)).first()
        return self._document(row) if row else None

    def documents(self, *, source_id: int | None = None, limit: int | None = None) -> Iterator[Document]:
        q = sa.select(t.documents).order_by(t.documents.c.id)
        if source_id is not None:
            q = q.where(t.documents.c.source_id == source_id)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            for row in conn.execute(q):
                yield self._document(row)

    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(t.metadata.tables[table])).scalar()

    @staticmethod
    def _document(row) -> Document:
        return Document(
            id=row.id, text=row.text, url=row.url, canonical_url=row.canonical_url, title=row.title,
            author=row.author, published_at=_aware(row.published_at), site_name=row.site_name,
            language=row.language, language_score=row.language_score, translation=row.translation,
            translation_backend=row.translation_backend, fingerprint=row.fingerprint,
            capture_id=row.capture_id, capture_sha256=row.capture_sha256, source_id=row.source_id,
            offset_map=[tuple(p) for p in json.loads(row.offset_map_json)],
        )

    # -- mentions and claims -------------------------------------------------------------

    def replace_extraction(self, document_id: int, mentions: list[Mention],
                           claims: list[tuple[str, Claim]], *, capture_sha256: str = "",
                           steps: list[str] | None = None,
                           notes: list[str] | None = None) -> tuple[list[Mention], list[Claim]]:
        """Swap a document's mentions and claims for a new extraction, in one transaction.

        `claims` pairs each Claim with its stable key. Claim fields that point at mentions are
        written with the new mention ids; the caller passes them as indexes into `mentions`.
        """
        from .claims_codec import claim_to_json

        now = _now()
        with self.engine.begin() as conn:
            conn.execute(t.mentions.delete().where(t.mentions.c.document_id == document_id))
            conn.execute(t.claims.delete().where(t.claims.c.document_id == document_id))
            conn.execute(t.extractions.delete().where(t.extractions.c.document_id == document_id))
            conn.execute(t.extractions.insert().values(
                document_id=document_id, capture_sha256=capture_sha256,
                steps_json=json.dumps(steps or []), notes_json=json.dumps(notes or [], ensure_ascii=False),
                extracted_at=now))
            saved_mentions = []
            for m in mentions:
                mid = conn.execute(
                    t.mentions.insert().values(
                        document_id=document_id, kind=m.kind.value, start=m.start, end=m.end,
                        text=m.text, value=m.value, step=m.step,
                        attrs_json=json.dumps(dict(m.attrs), ensure_ascii=False, default=str),
                    )
                ).inserted_primary_key[0]
                saved_mentions.append(replace(m, id=mid))
            ids = [m.id for m in saved_mentions]
            saved_claims = []
            for key, c in claims:
                c = _remap_mention_ids(c, ids)
                c.document_id = document_id
                cid = conn.execute(
                    t.claims.insert().values(
                        document_id=document_id, key=key, event_type=c.event_type, start=c.start,
                        end=c.end, date=c.date.isoformat() if c.date else None,
                        date_precision=c.date_precision.value if c.date_precision else None,
                        confidence=c.confidence, background=int(c.background),
                        data_json=claim_to_json(c), steps_json=json.dumps(c.steps), extracted_at=now,
                    )
                ).inserted_primary_key[0]
                c.id = cid
                saved_claims.append(c)
        return saved_mentions, saved_claims

    def unextracted_documents(self, steps: list[str]) -> list[int]:
        """Ids of documents never extracted, or extracted from an older capture or older steps."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(t.documents.c.id, t.documents.c.capture_sha256, t.extractions.c.capture_sha256,
                          t.extractions.c.steps_json)
                .select_from(t.documents.outerjoin(t.extractions,
                                                   t.extractions.c.document_id == t.documents.c.id))
                .order_by(t.documents.c.id)
            ).all()
        wanted = json.dumps(steps)
        return [r[0] for r in rows if r[2] is None or r[2] != r[1] or r[3] != wanted]

    def extraction_notes(self, document_id: int) -> list[str]:
        with self.engine.connect() as conn:
            raw = conn.execute(sa.select(t.extractions.c.notes_json)
                               .where(t.extractions.c.document_id == document_id)).scalar()
        return json.loads(raw) if raw else []

    def mentions(self, document_id: int) -> list[Mention]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(t.mentions).where(t.mentions.c.document_id == document_id)
                .order_by(t.mentions.c.start, t.mentions.c.id)
            ).all()
        return [
            Mention(kind=MentionKind(r.kind), start=r.start, end=r.end, text=r.text, value=r.value,
                    attrs=tuple(json.loads(r.attrs_json).items()), step=r.step, id=r.id)
            for r in rows
        ]

    def claims(self, *, document_id: int | None = None) -> list[tuple[str, Claim]]:
        """Claims with their stable keys, in document order."""
        from .claims_codec import claim_from_json

        q = sa.select(t.claims).order_by(t.claims.c.document_id, t.claims.c.start, t.claims.c.id)
        if document_id is not None:
            q = q.where(t.claims.c.document_id == document_id)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        out = []
        for r in rows:
            c = claim_from_json(r.data_json)
            c.id, c.document_id = r.id, r.document_id
            out.append((r.key, c))
        return out

    def clear_derived(self) -> None:
        """Forget everything a rebuild re-derives; sources and analyst decisions stay."""
        with self.engine.begin() as conn:
            for table in (t.event_claims, t.event_history, t.events, t.claims, t.mentions,
                          t.extractions, t.read_failures, t.documents, t.captures):
                conn.execute(table.delete())

    def claim_keys(self) -> set[str]:
        """Keys of every claim that reports news (not background)."""
        with self.engine.connect() as conn:
            return set(conn.execute(sa.select(t.claims.c.key).where(t.claims.c.background == 0)).scalars())

    def claim_contexts(self, keys: set[str] | None = None) -> list[tuple[str, Claim, Document, Source]]:
        """Claims that report news (not background) with their document and source, for merging."""
        from .claims_codec import claim_from_json

        q = (sa.select(t.claims.c.key, t.claims.c.id, t.claims.c.document_id, t.claims.c.data_json)
             .where(t.claims.c.background == 0).order_by(t.claims.c.key))
        if keys is not None:
            q = q.where(t.claims.c.key.in_(sorted(keys)))
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        docs: dict[int, Document] = {}
        sources: dict[int | None, Source] = {}
        out = []
        for key, cid, doc_id, data in rows:
            if doc_id not in docs:
                docs[doc_id] = self.document(doc_id)
            doc = docs[doc_id]
            if doc.source_id not in sources:
                sources[doc.source_id] = (self.source(doc.source_id) if doc.source_id is not None
                                          else Source("unknown", SourceKind.TEXT, ""))
            claim = claim_from_json(data)
            claim.id, claim.document_id = cid, doc_id
            out.append((key, claim, doc, sources[doc.source_id]))
        return out

    # -- events --------------------------------------------------------------------------

    def save_events(self, merged: list[dict[str, Any]], now: datetime | None = None, *,
                    partial: bool = False, removed: tuple[str, ...] | list[str] = ()) -> dict[str, int]:
        from .events import save_events

        return save_events(self.engine, merged, now, partial=partial, removed=removed)

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        from .events import query_events

        return query_events(self.engine, **filters)

    def event(self, ref: str | int) -> dict[str, Any] | None:
        from .events import get_event

        return get_event(self.engine, ref)

    # -- analyst decisions ---------------------------------------------------------------

    def add_decision(self, kind: str, a: str, b: str | None = None, *, analyst: str = "",
                     note: str = "") -> dict[str, Any]:
        """Record a merge/split decision in the journal and the database."""
        from . import journal

        row = {"kind": kind, "a": a, "b": b, "analyst": analyst, "note": note,
               "made_at": _now().isoformat()}
        if self.journal is not None:
            journal.append(self.journal, row)
        self._insert_decision(row)
        return row

    def _insert_decision(self, row: dict[str, Any]) -> None:
        made_at = row.get("made_at")
        if isinstance(made_at, str):
            made_at = datetime.fromisoformat(made_at)
        with self.engine.begin() as conn:
            conn.execute(t.decisions.insert().values(
                kind=row["kind"], claim_key_a=row["a"], claim_key_b=row.get("b"),
                analyst=row.get("analyst"), note=row.get("note"), created_at=made_at or _now()))

    def _replay_journal(self) -> None:
        """After the database was deleted, the journal puts the analysts' decisions back."""
        from . import journal

        if self.journal is None or self.count("decisions"):
            return
        for row in journal.read(self.journal):
            self._insert_decision(row)

    def decisions(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.decisions).order_by(t.decisions.c.id)).mappings().all()
        return [{"kind": r["kind"], "a": r["claim_key_a"], "b": r["claim_key_b"],
                 "analyst": r["analyst"] or "", "note": r["note"] or "",
                 "made_at": _aware(r["created_at"])} for r in rows]

    # -- search --------------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and texts, best first, with a highlighted snippet."""
        from .search import search_documents

        with self.engine.connect() as conn:
            return search_documents(conn, query, limit=limit)


def _remap_mention_ids(claim: Claim, ids: list[int]) -> Claim:
    """Claim fields hold indexes into the mention list until the mentions have database ids."""

    def fix(seq: list[int]) -> list[int]:
        return [ids[i] for i in seq if 0 <= i < len(ids)]

    claim.date_mention_ids = fix(claim.date_mention_ids)
    claim.fatalities_mention_ids = fix(claim.fatalities_mention_ids)
    claim.cited_source_mention_ids = fix(claim.cited_source_mention_ids)
    for part in (*claim.actors, *claim.places, *claim.quantities):
        part.mention_ids = fix(part.mention_ids)
    return claim
