"""The flow, stage by stage: each stage is a plain function returning a StageReport.

`run_cycle` is what `watchfloor monitor` repeats:
  (1) poll due Sources into Fetched items,
  (2) archive each item (WARC, SHA-256) and record its Capture,
  (3) read unread Captures into Documents,
  (4) extract Mentions and Claims,
  (5) merge Claims into Events,
  (6) publish exports and alerts.             -- added with the publishing stage
A dead feed or a page that cannot be read marks that one item failed, with the reason,
and the cycle goes on.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .archive.warc import WarcArchive
from .errors import WatchfloorError
from .read.reader import read as read_document
from .records import Capture, Document, Fetched, Source, SourceKind, StageReport
from .settings import Settings
from .sources.base import connector_for
from .sources.fetch import Fetcher
from .sources.urls import canonical_url
from .store import Store

log = logging.getLogger("watchfloor")

Progress = Callable[[str], None]


@dataclass
class Context:
    """What the stages share for one run: settings, store, archive, fetcher."""

    settings: Settings
    store: Store
    archive: WarcArchive
    fetcher: Fetcher
    progress: Progress = field(default=lambda _msg: None)
    #: the merge engine kept between monitor cycles, with the claim keys it holds
    merge_state: tuple | None = None

    @classmethod
    def open(cls, settings: Settings, progress: Progress | None = None) -> Context:
        store = Store.open(settings)
        archive = WarcArchive(settings.data_path / "archive")
        fetcher = Fetcher(settings)
        return cls(settings, store, archive, fetcher, progress or (lambda _msg: None))

    def close(self) -> None:
        self.fetcher.close()
        self.store.close()

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def archive_item(ctx: Context, item: Fetched) -> tuple[Capture, bool]:
    """Write one fetched item to the WARC archive (unless its bytes are already there) and record it."""
    canonical = canonical_url(item.url)
    existing = ctx.store.capture_exists(canonical, Capture.hash_payload(item.body))
    if existing:
        return existing, False
    capture = ctx.archive.write(item)
    return ctx.store.add_capture(capture, canonical, final_url=item.final_url)


def capture_source(ctx: Context, source: Source) -> StageReport:
    """(1)+(2): poll one source and archive what is new."""
    done = skipped = failed = 0
    errors: list[str] = []
    try:
        connector = connector_for(source.kind.value)
        for item in connector.poll(source, ctx.fetcher, ctx.store):
            if item.not_modified:
                skipped += 1
                continue
            item = _with_source(item, source)
            try:
                _capture, new = archive_item(ctx, item)
            except WatchfloorError as exc:
                failed += 1
                errors.append(f"{item.url}: {exc}")
                continue
            if new:
                done += 1
                ctx.progress(f"captured {item.url}")
            else:
                skipped += 1
    except WatchfloorError as exc:
        failed += 1
        errors.append(f"{source.name}: {exc}")
    status = "error" if failed and not done else "ok"
    ctx.store.mark_polled(source, status=status, error="; ".join(errors) or None, items=done)
    return StageReport("capture", done, skipped, failed, tuple(errors))


def _with_source(item: Fetched, source: Source) -> Fetched:
    """Tag the item with its source's name, so a rebuild from the archive alone can file it."""
    meta = tuple(p for p in item.item_meta if p[0] not in ("wf_source", "wf_source_kind"))
    meta += (("wf_source", source.name), ("wf_source_kind", source.kind.value))
    return replace(item, source_id=source.id, item_meta=meta)


def read_capture(ctx: Context, capture: Capture) -> tuple[Document, str]:
    """Read one capture from its archived bytes (never from the network) and store the document."""
    _headers, body = ctx.archive.read(capture)
    doc = read_document(
        capture.headers, body, url=capture.url, media_type=capture.media_type, item_meta=capture.meta()
    )
    doc.capture_id = capture.id
    doc.capture_sha256 = capture.sha256
    doc.source_id = capture.source_id
    doc.canonical_url = canonical_url(capture.url)
    source = ctx.store.source(capture.source_id) if capture.source_id else None
    if source and source.language and not doc.language:
        doc.language = source.language
    return ctx.store.save_document(doc)


def read_pending(ctx: Context) -> StageReport:
    """(3): read every capture that has no document yet (or is newer than its document's)."""
    done = skipped = failed = 0
    errors: list[str] = []
    for capture in ctx.store.unread_captures():
        try:
            _doc, status = read_capture(ctx, capture)
        except WatchfloorError as exc:
            failed += 1
            errors.append(f"{capture.url}: {exc}")
            ctx.store.record_read_failure(capture.id, str(exc))
            continue
        if status == "unchanged":
            skipped += 1
        else:
            done += 1
            ctx.progress(f"read {capture.url} ({status})")
    return StageReport("read", done, skipped, failed, tuple(errors))


def translate_pending(ctx: Context) -> StageReport:
    """(3b): translate new documents into English when a translation backend is configured."""
    from .read.translate import needs_translation, translate_documents, translator_from_settings

    translator = translator_from_settings(ctx.settings)
    if translator is None:
        return StageReport("translate")
    docs = [d for d in ctx.store.documents() if needs_translation(d, "en")]
    return translate_documents(docs, translator, ctx.store.save_translation, target="en")


def extract_document(ctx: Context, extractor, doc: Document) -> tuple[int, int, list[str]]:
    """(4) for one document: mentions and claims replace the document's previous ones."""
    from .merge.context import claim_key

    ex = extractor.extract(doc)
    _cite_forwards(ctx, doc, ex.claims)
    keyed = [(claim_key(claim, doc), claim) for claim in ex.claims]
    ctx.store.replace_extraction(doc.id, ex.mentions, keyed, capture_sha256=doc.capture_sha256 or "",
                                 steps=extractor.step_ids(), notes=ex.notes)
    return len(ex.mentions), len(ex.claims), ex.notes


def _cite_forwards(ctx: Context, doc: Document, claims) -> None:
    """A forwarded Telegram post cites the channel it came from: one origin, not two."""
    capture = ctx.store.capture(doc.capture_id) if doc.capture_id else None
    forwarded = capture.meta().get("forwarded_from") if capture else None
    if forwarded:
        for claim in claims:
            if not claim.cited_source:
                claim.cited_source = forwarded


def extract_pending(ctx: Context, extractor=None, *, everything: bool = False) -> StageReport:
    """(4): extract mentions and claims from documents that are new, changed, or extracted by older steps."""
    from .extract.run import Extractor

    extractor = extractor or Extractor(ctx.settings)
    ids = ([d.id for d in ctx.store.documents()] if everything
           else ctx.store.unextracted_documents(extractor.step_ids()))
    done = failed = 0
    errors: list[str] = []
    for doc_id in ids:
        doc = ctx.store.document(doc_id)
        try:
            _m, n_claims, _notes = extract_document(ctx, extractor, doc)
        except Exception as exc:  # one document's failure never stops the batch
            failed += 1
            errors.append(f"document {doc_id}: {type(exc).__name__}: {exc}")
            log.exception("extract failed for document %s", doc_id)
            continue
        done += 1
        ctx.progress(f"extracted {n_claims} claim(s) from document {doc_id}")
    return StageReport("extract", done, 0, failed, tuple(errors))


def merge_events(ctx: Context, *, full: bool = False) -> StageReport:
    """(5): merge news claims into events, respecting analyst decisions; store the result.

    The first merge of a run (or `full=True`, or when claims disappeared because a document
    was re-extracted) builds the events from every stored claim. Later merges in the same run
    (the monitor) keep the merge engine in memory and add only the new claims, writing only
    the events they change. The engine's result does not depend on the order claims arrive in,
    so both paths give the same events.
    """
    from .merge import ClaimContext, DecisionBook, MergeEngine

    keys = ctx.store.claim_keys()
    decisions = ctx.store.decisions()
    state = ctx.merge_state
    if full or state is None or state[1] - keys or state[2] != len(decisions):
        rows = ctx.store.claim_contexts()
        engine = MergeEngine(decisions=DecisionBook.from_rows(decisions))
        engine.add_many([ClaimContext(claim, doc, source) for _k, claim, doc, source in rows])
        counts = ctx.store.save_events([ev.as_dict() for ev in engine.events()])
        ctx.merge_state = (engine, keys, len(decisions))
    else:
        engine, known, _n = state
        new = keys - known
        if not new:
            return StageReport("merge")
        rows = ctx.store.claim_contexts(keys=new)
        changes = engine.add_many([ClaimContext(claim, doc, source) for _k, claim, doc, source in rows])
        live = {e for c in changes if c.kind != "removed" for e in [c.event_key]}
        gone = sorted({c.event_key for c in changes if c.kind == "removed"}
                      | {r for c in changes for r in c.replaces} - live)
        counts = ctx.store.save_events([engine.event(k).as_dict() for k in sorted(live)],
                                       partial=True, removed=gone)
        ctx.merge_state = (engine, keys, len(decisions))
    ctx.progress(f"events: {counts['created']} new, {counts['updated']} updated, "
                 f"{counts['removed']} merged away")
    return StageReport("merge", counts["created"] + counts["updated"], counts["unchanged"], 0)


def suggest_grades(ctx: Context) -> dict[str, tuple[str, str]]:
    """Per source name: a suggested Admiralty reliability from its track record, and why.

    The analyst sets the real grade on the Source (sources file or database); this only
    advises, from how often the source's claims were corroborated or outvoted.
    """
    from .merge import ClaimContext, DecisionBook, MergeEngine, suggest_reliability, track_records

    engine = MergeEngine(decisions=DecisionBook.from_rows(ctx.store.decisions()))
    engine.add_many([ClaimContext(c, d, s) for _k, c, d, s in ctx.store.claim_contexts()])
    out = {}
    for name, record in track_records(engine.events()).items():
        grade, why = suggest_reliability(record)
        out[name] = (grade.value, why)
    return out


def rebuild(ctx: Context, extractor=None, *, fresh: bool = True) -> list[StageReport]:
    """Re-derive captures, documents, claims and events from the WARC archive alone.

    Sources keep the grades in the database (or get them again from the sources file);
    analyst decisions come back from their journal. Resumable: a rebuild that was stopped
    leaves a marker, and the next one continues instead of starting over.
    """
    from .records import Reliability

    marker = ctx.settings.data_path / "rebuild.in-progress"
    if fresh and not marker.exists():
        ctx.store.clear_derived()
    marker.write_text("rebuild started; run `watchfloor rebuild` again to resume\n")
    done = skipped = 0
    for record in ctx.archive.iter_records():
        capture = record.capture
        meta = capture.meta()
        name = meta.get("wf_source")
        source = None
        if name:
            source = ctx.store.source(name) or ctx.store.upsert_source(Source(
                name=name, kind=SourceKind(meta.get("wf_source_kind", "file")), address=capture.url,
                reliability=Reliability.F))
        url = meta.get("requested_url") or capture.url
        capture = replace(capture, url=url, source_id=source.id if source else None)
        _c, new = ctx.store.add_capture(capture, canonical_url(url), final_url=record.capture.url)
        done, skipped = done + new, skipped + (not new)
        if new and done % 100 == 0:
            ctx.progress(f"{done} captures restored")
    reports = [StageReport("restore", done, skipped, 0), read_pending(ctx)]
    reports.append(extract_pending(ctx, extractor, everything=fresh))
    reports.append(merge_events(ctx, full=True))
    marker.unlink(missing_ok=True)
    return reports


def source_for_target(target: str, *, as_text: bool = False, name: str | None = None,
                      language: str | None = None) -> Source:
    """Turn what a user gave `ingest` (URL, file path, text, '-' for stdin) into a Source."""
    if as_text or target == "-":
        kind = SourceKind.TEXT
        if target == "-":
            target = sys.stdin.read()
    elif target.startswith(("http://", "https://")):
        kind = SourceKind.WEB
    elif target.startswith("file:") or Path(target).exists():
        kind = SourceKind.FILE
    else:
        raise WatchfloorError(
            f"{target[:80]!r} is not a URL or an existing file",
            hint="use --text to ingest pasted text, or '-' to read it from stdin",
        )
    return Source(name=name or f"ingest:{kind.value}", kind=kind, address=target, language=language)


def ingest(ctx: Context, source: Source, extractor=None) -> list[StageReport]:
    """Capture, read and extract one item now (the `ingest` command)."""
    stored = ctx.store.upsert_source(source)
    reports = [capture_source(ctx, stored), read_pending(ctx), translate_pending(ctx)]
    reports.append(extract_pending(ctx, extractor))
    reports.append(merge_events(ctx))
    return reports


def run_cycle(ctx: Context, extractor=None) -> list[StageReport]:
    """One monitoring cycle over every due source; see the module docstring for the steps."""
    reports = []
    # 1 - 2: poll due sources and archive their items
    for source in ctx.store.due_sources():
        ctx.progress(f"polling {source.name}")
        report = capture_source(ctx, source)
        reports.append(report)
        for err in report.errors:
            log.warning("%s", err)
    # 3: read what was captured (and translate it, when a backend is configured)
    reports.append(read_pending(ctx))
    reports.append(translate_pending(ctx))
    # 4: extract mentions and claims from new or changed documents
    extracted = extract_pending(ctx, extractor)
    reports.append(extracted)
    # 5: merge new claims into events
    if extracted.done or ctx.merge_state is None:
        reports.append(merge_events(ctx))
    return reports
