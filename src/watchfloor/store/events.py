"""Events in the database: written after each merge, read by `events`, `event` and the web.

An event row carries the searchable columns (type, date, place, grade) and the whole merged
event as JSON (actors, sources, contradictions, why each claim is attached). History rows are
append-only: a version is added when an event's summary changes, and an event whose key
changes (a claim with a smaller key joined it) keeps the history of the event it continues.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import schema as t


def save_events(engine: Engine, merged: list[dict[str, Any]], now: datetime | None = None, *,
                partial: bool = False, removed: tuple[str, ...] | list[str] = ()) -> dict[str, int]:
    """Write merged events (MergedEvent.as_dict() each); returns counts.

    Whole (default): `merged` is every event, and stored events not in it are deleted.
    Partial: only the events in `merged` changed; `removed` names event keys that are gone.
    """
    now = now or datetime.now(UTC)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    with engine.begin() as conn:
        old = {r.key: r for r in conn.execute(sa.select(t.events.c.key, t.events.c.id, t.events.c.data_json))}
        old_claims: dict[str, str] = {}
        for event_id, claim_key in conn.execute(sa.select(t.event_claims.c.event_id, t.event_claims.c.claim_key)):
            old_claims[claim_key] = event_id
        old_key_of_id = {r.id: k for k, r in old.items()}
        keep: set[str] = set()
        for ev in merged:
            key = ev["key"]
            summary = _summary(ev)
            predecessor = _predecessor(ev, old_claims, old_key_of_id)
            values = _row(ev, now)
            if key in old:
                previous = json.loads(old[key].data_json)
                conn.execute(t.events.update().where(t.events.c.key == key).values(**values))
                event_id = old[key].id
                changed = _summary(previous) != summary
            elif predecessor and predecessor in old and predecessor not in keep:
                # the event continues under a new key: move its row and history along
                previous = json.loads(old[predecessor].data_json)
                conn.execute(t.events.update().where(t.events.c.key == predecessor)
                             .values(key=key, **values))
                conn.execute(t.event_history.update().where(t.event_history.c.event_key == predecessor)
                             .values(event_key=key))
                event_id = old[predecessor].id
                keep.add(predecessor)
                changed = True
            else:
                previous = None
                event_id = conn.execute(t.events.insert().values(key=key, **values)).inserted_primary_key[0]
                changed = True
            keep.add(key)
            conn.execute(t.event_claims.delete().where(t.event_claims.c.event_id == event_id))
            reasons = {a["claim_key"]: a for a in ev.get("attachments", [])}
            conn.execute(t.event_claims.insert(), [
                {"event_id": event_id, "claim_key": ck,
                 "reason_json": json.dumps(reasons.get(ck, {}), ensure_ascii=False, default=str)}
                for ck in ev["claim_keys"]
            ]) if ev["claim_keys"] else None
            if changed:
                _append_history(conn, key, previous, ev, now)
                counts["created" if previous is None else "updated"] += 1
            else:
                counts["unchanged"] += 1
        gone = [k for k in (removed if partial else old) if k in old and k not in keep]
        if gone:
            ids = [old[k].id for k in gone]
            conn.execute(t.event_claims.delete().where(t.event_claims.c.event_id.in_(ids)))
            conn.execute(t.events.delete().where(t.events.c.id.in_(ids)))
            counts["removed"] = len(gone)
    return counts


def _predecessor(ev, old_claims: dict[str, int], old_key_of_id: dict[int, str]) -> str | None:
    """The old event sharing most claims with this one (ties: smallest key)."""
    votes: dict[str, int] = {}
    for ck in ev["claim_keys"]:
        eid = old_claims.get(ck)
        if eid is not None and eid in old_key_of_id:
            k = old_key_of_id[eid]
            votes[k] = votes.get(k, 0) + 1
    if not votes:
        return None
    return min(votes, key=lambda k: (-votes[k], k))


_SUMMARY_KEYS = ("event_type", "date", "date_precision", "place", "actors", "fatalities",
                 "corroboration", "grade", "contradictions", "claims")


def _summary(ev: dict[str, Any]) -> dict[str, Any]:
    return {k: ev.get(k) for k in _SUMMARY_KEYS}


def _append_history(conn, key: str, previous: dict | None, ev: dict, now: datetime) -> None:
    version = conn.execute(sa.select(sa.func.count()).select_from(t.event_history)
                           .where(t.event_history.c.event_key == key)).scalar() + 1
    if previous is None:
        change = {"reason": "new event", "summary": _summary(ev)}
    else:
        before, after = _summary(previous), _summary(ev)
        added = sorted(set(ev["claim_keys"]) - set(previous.get("claim_keys", [])))
        removed = sorted(set(previous.get("claim_keys", [])) - set(ev["claim_keys"]))
        change = {
            "reason": "claim added" if added and not removed else ("claims changed" if added or removed
                                                                   else "details changed"),
            "added_claims": added, "removed_claims": removed,
            "changes": {k: {"before": before[k], "after": after[k]} for k in _SUMMARY_KEYS
                        if before[k] != after[k]},
            "summary": after,
        }
    conn.execute(t.event_history.insert().values(event_key=key, version=version, at=now,
                                                 change_json=json.dumps(change, ensure_ascii=False,
                                                                        default=str)))


def _row(ev: dict[str, Any], now: datetime) -> dict[str, Any]:
    first_seen = ev.get("first_seen")
    if isinstance(first_seen, str):
        first_seen = datetime.fromisoformat(first_seen)
    country = None
    for o in ev.get("places", []) or []:
        country = country or o.get("country")
    return {
        "event_type": ev["event_type"], "date": ev.get("date"), "date_precision": ev.get("date_precision"),
        "lat": ev.get("lat"), "lon": ev.get("lon"), "place_name": ev.get("place"),
        "country": ev.get("country") or country, "corroboration": ev.get("corroboration", 0),
        "reliability": ev.get("reliability", "F"), "credibility": ev.get("credibility", 6),
        "first_seen": first_seen, "updated_at": now,
        "data_json": json.dumps(ev, ensure_ascii=False, default=str),
    }


def query_events(engine: Engine, *, event_type: str | None = None, actor: str | None = None,
                 since: str | None = None, until: str | None = None,
                 near: tuple[float, float, float] | None = None, country: str | None = None,
                 max_credibility: int | None = None, reliability: str | None = None,
                 limit: int = 100) -> list[dict[str, Any]]:
    """Events matching every filter given, newest first."""
    q = sa.select(t.events)
    if event_type:
        q = q.where(sa.or_(t.events.c.event_type == event_type,
                           t.events.c.event_type.like(f"{event_type}.%")))
    if since:
        q = q.where(t.events.c.date >= since)
    if until:
        q = q.where(t.events.c.date <= until)
    if country:
        q = q.where(t.events.c.country == country.upper())
    if max_credibility:
        q = q.where(t.events.c.credibility <= max_credibility)
    if reliability:
        q = q.where(t.events.c.reliability <= reliability.upper())
    if near:
        lat, lon, km = near
        dlat = km / 111.0
        dlon = km / max(1e-6, 111.0 * math.cos(math.radians(lat)))
        q = q.where(t.events.c.lat.between(lat - dlat, lat + dlat),
                    t.events.c.lon.between(lon - dlon, lon + dlon))
    q = q.order_by(t.events.c.date.desc().nulls_last(), t.events.c.id.desc())
    with engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
    out = []
    for r in rows:
        data = json.loads(r["data_json"])
        if actor and not any(actor.lower() in a.lower() for a in data.get("actors", [])):
            continue
        if near and r["lat"] is not None:
            from ..geo import haversine_km

            if haversine_km(near[0], near[1], r["lat"], r["lon"]) > near[2]:
                continue
        out.append({**{k: v for k, v in r.items() if k != "data_json"}, "data": data})
        if len(out) >= limit:
            break
    return out


def get_event(engine: Engine, ref: str | int) -> dict[str, Any] | None:
    """One event by id or key, with its claims' keys and reasons and its history."""
    col = t.events.c.id if isinstance(ref, int) or str(ref).isdigit() else t.events.c.key
    value = int(ref) if col is t.events.c.id else ref
    with engine.connect() as conn:
        row = conn.execute(sa.select(t.events).where(col == value)).mappings().first()
        if row is None:
            return None
        history = conn.execute(sa.select(t.event_history).where(t.event_history.c.event_key == row["key"])
                               .order_by(t.event_history.c.version)).mappings().all()
    return {**{k: v for k, v in row.items() if k != "data_json"}, "data": json.loads(row["data_json"]),
            "history": [{"version": h["version"], "at": h["at"], **json.loads(h["change_json"])}
                        for h in history]}
