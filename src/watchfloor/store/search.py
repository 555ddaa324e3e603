"""Full-text search: FTS5 on SQLite, a portable LIKE fallback elsewhere (PostgreSQL gets tsvector later)."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import schema as t

_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(user_query: str) -> str:
    """Turn free words into a safe FTS5 query: each word quoted, all required; 'a OR b' kept."""
    parts = []
    for word in user_query.split():
        if word.upper() in ("OR", "AND", "NOT"):
            parts.append(word.upper())
            continue
        tokens = _TOKEN.findall(word)
        if tokens:
            parts.append('"' + " ".join(tokens) + '"' + ("*" if word.endswith("*") else ""))
    while parts and parts[-1] in ("OR", "AND", "NOT"):
        parts.pop()
    return " ".join(parts)


def search_documents(conn: Connection, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
    q = fts_query(query)
    if not q:
        return []
    if conn.dialect.name == "sqlite":
        rows = conn.execute(
            sa.text(
                "SELECT d.id, d.title, d.url, d.language, d.published_at, "
                "snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet "
                "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
                "WHERE documents_fts MATCH :q ORDER BY bm25(documents_fts) LIMIT :n"
            ),
            {"q": q, "n": limit},
        ).mappings()
        return [dict(r) for r in rows]
    words = _TOKEN.findall(query)
    cond = sa.and_(*[t.documents.c.text.ilike(f"%{w}%") for w in words])
    rows = conn.execute(
        sa.select(t.documents.c.id, t.documents.c.title, t.documents.c.url, t.documents.c.language,
                  t.documents.c.published_at).where(cond).limit(limit)
    ).mappings()
    return [dict(r, snippet="") for r in rows]
