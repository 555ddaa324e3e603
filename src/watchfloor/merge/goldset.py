"""Read a hand-labelled merge corpus (YAML) into ClaimContexts with gold event labels.

Format: see tests/data/merge/corpus.yaml. Each report becomes a Document (its capture hash is
the SHA-256 of report id + text, standing in for the archived capture), each annotated claim a
Claim whose span is located in the text, and each claim carries its gold happening label.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from ..records import (
    ActorRole,
    Claim,
    ClaimActor,
    ClaimPlace,
    DatePrecision,
    Document,
    PlacePrecision,
    PlaceRole,
    Reliability,
    Source,
    SourceKind,
)
from .context import ClaimContext, MergeError

_TELEGRAM_STYLES = {"militia"}


@dataclass(frozen=True)
class LabelledCorpus:
    """Claims with their gold happenings, plus gold copy relations between reports."""

    contexts: list[ClaimContext]
    gold: dict[str, str]  # claim key -> happening label
    report_of: dict[str, str]  # claim key -> report id
    documents: dict[str, Document]  # report id -> document
    sources: dict[str, Source]  # report id -> source
    copies: set[frozenset[str]]  # pairs of report ids, one reusing the other's wording
    aliases: dict[str, str]  # name others cite a source by -> the source's name
    expected_origins: dict[str, int]  # happening -> independent origins


def _as_date(value) -> date | None:
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _as_datetime(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def load_corpus(path: str | Path) -> LabelledCorpus:
    """Load a labelled corpus; raises MergeError naming the report when something is off."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MergeError(f"cannot read merge corpus {path}: {exc}",
                         hint="check the file exists and is valid YAML") from None
    sources = {}
    aliases = dict(data.get("outlet_aliases") or {})
    for s in data["sources"]:
        for alias in s.get("speaks_for", []):
            aliases[alias] = s["name"]
        kind = SourceKind.TELEGRAM if s.get("style") in _TELEGRAM_STYLES else SourceKind.WEB
        sources[s["name"]] = Source(name=s["name"], kind=kind,
                                    address=f"https://example.invalid/{s['id']}",
                                    reliability=Reliability(s.get("reliability", "F")),
                                    id=s.get("id"))
    contexts, gold, report_of, documents, src_of = [], {}, {}, {}, {}
    copies: set[frozenset[str]] = set()
    next_id = 1
    for rep in data["reports"]:
        rid = rep["id"]
        if rep["source"] not in sources:
            raise MergeError(f"report {rid} names unknown source {rep['source']!r}",
                             hint="add it to the sources list")
        source = sources[rep["source"]]
        text = " ".join(rep["text"].split())
        doc = Document(
            text=text,
            url=f"{source.address}/{rid}",
            canonical_url=f"{source.address}/{rid}",
            published_at=_as_datetime(rep.get("published")),
            language=rep.get("language", "en"),
            translation=" ".join(rep["translation"].split()) if rep.get("translation") else None,
            capture_sha256=hashlib.sha256(f"{rid}|{text}".encode()).hexdigest(),
            source_id=source.id,
            id=len(documents) + 1,
        )
        documents[rid] = doc
        src_of[rid] = source
        if rep.get("copy_of"):
            copies.add(frozenset((rid, rep["copy_of"])))
        for c in rep.get("claims", []):
            span = " ".join(c.get("span", "").split())
            start = text.find(span) if span else 0
            if start < 0:
                raise MergeError(f"report {rid}: claim span not found in text: {span[:60]!r}",
                                 hint="copy the span from the text exactly")
            end = start + len(span) if span else len(text)
            claim = Claim(
                document_id=doc.id,
                event_type=c["type"],
                start=start,
                end=end,
                actors=[ClaimActor(a["name"], ActorRole(a.get("role", "actor")), a.get("id"))
                        for a in c.get("actors", [])],
                places=[ClaimPlace(p["name"], PlaceRole(p.get("role", "at")), p.get("geonameid"),
                                   p.get("lat"), p.get("lon"), p.get("country"),
                                   PlacePrecision(p.get("precision", "place")))
                        for p in c.get("places", [])],
                date=_as_date(c.get("date")),
                date_precision=DatePrecision(c["date_precision"]) if c.get("date_precision")
                else None,
                fatalities=c.get("fatalities"),
                cited_source=c.get("cited_source"),
                id=next_id,
            )
            next_id += 1
            ctx = ClaimContext(claim, doc, source)
            contexts.append(ctx)
            gold[ctx.key] = c["happening"]
            report_of[ctx.key] = rid
    return LabelledCorpus(contexts, gold, report_of, documents, src_of, copies, aliases,
                          dict(data.get("expected_origins") or {}))
