"""Foundation commands: init, settings, sources, ingest, monitor, read, verify, search, docs."""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..errors import WatchfloorError
from ..records import StageReport
from ..settings import Settings

console = Console(stderr=True)


def _settings() -> Settings:
    from . import settings_from

    return settings_from(click.get_current_context())


def _context(settings: Settings, quiet: bool = False):
    from ..pipeline import Context

    return Context.open(settings, progress=None if quiet else lambda m: console.print(f"  {m}"))


def _setup_logging(settings: Settings) -> Path:
    settings.data_path.mkdir(parents=True, exist_ok=True)
    log_path = settings.data_path / "watchfloor.log"
    handler = logging.FileHandler(log_path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("watchfloor")
    root.setLevel(settings.log_level.upper())
    if not any(isinstance(h, logging.FileHandler) for h in root.handlers):
        root.addHandler(handler)
    return log_path


def _print_reports(reports: list[StageReport]) -> None:
    for r in reports:
        console.print(f"{r.stage}: {r.done} done, {r.skipped} unchanged, {r.failed} failed")
        for err in r.errors:
            console.print(f"  [red]✗[/red] {err}", markup=True, highlight=False)


@click.command()
def init() -> None:
    """Create the data folder and database (safe to run again)."""
    from ..store import Store

    settings = _settings()
    store = Store.open(settings)
    click.echo(f"database ready: {settings.db_url} (schema {store.schema_version()})")
    click.echo(f"archive folder: {settings.data_path / 'archive'}")
    store.close()


@click.command("settings")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def settings_cmd(as_json: bool) -> None:
    """Show every setting, its value and where it came from (secrets masked)."""
    rows = _settings().describe()
    if as_json:
        click.echo(json.dumps([dict(zip(("name", "value", "origin", "help"), r, strict=True))
                               for r in rows], indent=2))
        return
    table = Table("setting", "value", "from", "help")
    for r in rows:
        table.add_row(*r)
    Console().print(table)


@click.group("sources", invoke_without_command=True)
@click.option("--suggest", is_flag=True,
              help="also suggest each source's reliability grade from its track record")
@click.pass_context
def sources_group(ctx: click.Context, suggest: bool) -> None:
    """List sources with their last poll and status."""
    if ctx.invoked_subcommand:
        return
    from ..pipeline import Context, suggest_grades

    with Context.open(_settings()) as wctx:
        suggested = suggest_grades(wctx) if suggest else {}
        columns = ["name", "kind", "grade", "every", "last poll", "status", "items", "address"]
        table = Table(*columns, *(["suggested", "why"] if suggest else []))
        for s in wctx.store.source_status():
            row = [s["name"], s["kind"], s["reliability"], f"{s['poll_interval_s']}s",
                   str(s["last_polled_at"] or "never")[:19], s["last_status"] or "-",
                   str(s["items_total"]), s["address"][:60]]
            if suggest:
                grade, why = suggested.get(s["name"], ("F", "no claims merged yet"))
                row += [grade, why]
            table.add_row(*row)
    Console().print(table)


@sources_group.command("sync")
@click.argument("path", required=False)
def sources_sync(path: str | None) -> None:
    """Load the sources file (default: the sources_file setting) into the database."""
    from ..sourcelist import load_sources
    from ..store import Store

    settings = _settings()
    sources = load_sources(path or settings.sources_file, settings.poll_interval_s)
    store = Store.open(settings)
    for s in sources:
        store.upsert_source(s)
    click.echo(f"{len(sources)} source(s) loaded from {path or settings.sources_file}")


@sources_group.command("check")
@click.argument("path", required=False)
def sources_check(path: str | None) -> None:
    """Validate a sources file without touching the database."""
    from ..sourcelist import load_sources

    settings = _settings()
    sources = load_sources(path or settings.sources_file, settings.poll_interval_s)
    click.echo(f"{len(sources)} source(s) OK")


@click.command()
@click.argument("target")
@click.option("--text", "as_text", is_flag=True, help="TARGET is pasted text, not a URL or file")
@click.option("--name", help="source name to file the item under (default ingest:<kind>)")
@click.option("--language", help="language hint (ISO 639-1)")
@click.option("--kind", type=click.Choice(["web", "rss", "file", "text", "telegram"]),
              help="force the connector (e.g. rss for a feed URL)")
def ingest(target: str, as_text: bool, name: str | None, language: str | None, kind: str | None) -> None:
    """Capture, archive and read one item now: a URL, a file, text (--text) or '-' for stdin."""
    from dataclasses import replace

    from ..pipeline import ingest as run_ingest
    from ..pipeline import source_for_target
    from ..records import SourceKind

    settings = _settings()
    _setup_logging(settings)
    source = source_for_target(target, as_text=as_text, name=name, language=language)
    if kind:
        source = replace(source, kind=SourceKind(kind))
    with _context(settings) as ctx:
        reports = run_ingest(ctx, source)
        _print_reports(reports)
        captured = reports[0]
        if captured.failed and not captured.done and not captured.skipped:
            sys.exit(1)


@click.command()
@click.option("--once", is_flag=True, help="run one cycle and exit")
@click.option("--sources", "sources_path", help="sources file (default: the sources_file setting)")
@click.option("--tick", default=5.0, show_default=True, help="seconds between schedule checks")
def monitor(once: bool, sources_path: str | None, tick: float) -> None:
    """Poll every source on its schedule until stopped (Ctrl-C stops cleanly)."""
    from ..extract.run import Extractor
    from ..pipeline import run_cycle
    from ..sourcelist import load_sources

    settings = _settings()
    log_path = _setup_logging(settings)
    path = sources_path or settings.sources_file
    sources = load_sources(path, settings.poll_interval_s) if Path(path).exists() else []
    stop = threading.Event()

    def _stop(_sig, _frame):
        if stop.is_set():
            raise KeyboardInterrupt
        console.print("stopping after the current item… (Ctrl-C again to abort)")
        stop.set()

    previous = signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        with _context(settings) as ctx:
            for s in sources:
                ctx.store.upsert_source(s)
            if not ctx.store.sources():
                raise WatchfloorError(f"no sources to watch ({path} missing or empty)",
                                      hint="write a sources file (README: 'The sources file')")
            console.print(f"monitoring {len(ctx.store.sources())} source(s); log: {log_path}")
            extractor = Extractor(settings)
            while not stop.is_set():
                with console.status("polling…"):
                    reports = run_cycle(ctx, extractor)
                if any(r.done or r.failed for r in reports):
                    _print_reports([r for r in reports if r.done or r.failed])
                if once:
                    break
                stop.wait(tick)
    finally:
        signal.signal(signal.SIGINT, previous)
    console.print("monitor stopped")


@click.command("read")
def read_cmd() -> None:
    """Read every capture that has no document yet (resumes an interrupted run)."""
    from ..pipeline import read_pending

    settings = _settings()
    with _context(settings) as ctx:
        _print_reports([read_pending(ctx)])


@click.command()
def verify() -> None:
    """Re-hash every archived record and report any mismatch or damage."""
    from ..archive.warc import WarcArchive

    settings = _settings()
    report = WarcArchive(settings.data_path / "archive").verify()
    click.echo(str(report))
    if not report.ok:
        sys.exit(1)


@click.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def search(words: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Full-text search over documents (all words must match; OR between words allowed)."""
    from ..store import Store

    hits = Store.open(_settings()).search(" ".join(words), limit=limit)
    if as_json:
        click.echo(json.dumps(hits, default=str, ensure_ascii=False, indent=2))
        return
    for h in hits:
        click.echo(f"#{h['id']}  {h['title'] or '(untitled)'}  [{h['language']}]  {h['url']}")
        if h.get("snippet"):
            click.echo(f"    {h['snippet']}")
    if not hits:
        click.echo("no match")


@click.command("docs")
@click.option("--limit", default=50, show_default=True)
def docs_cmd(limit: int) -> None:
    """List stored documents."""
    from ..store import Store

    table = Table("id", "lang", "published", "title", "url")
    for d in Store.open(_settings()).documents(limit=limit):
        table.add_row(str(d.id), d.language or "?", str(d.published_at or "")[:10],
                      (d.title or "")[:60], d.url[:70])
    Console().print(table)


@click.command("doc")
@click.argument("doc_id", type=int)
@click.option("--json", "as_json", is_flag=True)
def doc_cmd(doc_id: int, as_json: bool) -> None:
    """Show one document's metadata and text."""
    from dataclasses import asdict

    from ..store import Store

    doc = Store.open(_settings()).document(doc_id)
    if doc is None:
        raise WatchfloorError(f"no document {doc_id}", hint="`watchfloor docs` lists them")
    if as_json:
        d = asdict(doc)
        d.pop("offset_map")
        click.echo(json.dumps(d, default=str, ensure_ascii=False, indent=2))
        return
    click.echo(f"{doc.title or '(untitled)'}\n{doc.url}\nlanguage: {doc.language}  "
               f"published: {doc.published_at}  capture: {doc.capture_sha256}\n")
    click.echo(doc.text)


@click.command()
@click.argument("capture_id", type=int)
@click.option("--headers", is_flag=True, help="print the archived response headers too")
def replay(capture_id: int, headers: bool) -> None:
    """Write a capture's archived bytes to stdout, exactly as they were fetched."""
    from ..archive.warc import WarcArchive
    from ..store import Store

    settings = _settings()
    capture = Store.open(settings).capture(capture_id)
    if capture is None:
        raise WatchfloorError(f"no capture {capture_id}")
    hdrs, body = WarcArchive(settings.data_path / "archive").read(capture)
    if headers:
        for k, v in hdrs:
            click.echo(f"{k}: {v}", err=True)
    sys.stdout.buffer.write(body)


def register(group: click.Group) -> None:
    for cmd in (init, settings_cmd, sources_group, ingest, monitor, read_cmd, verify, search,
                docs_cmd, doc_cmd, replay):
        group.add_command(cmd)

