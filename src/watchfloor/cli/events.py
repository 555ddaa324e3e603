"""Events commands: merge, events, event, link, split, rebuild."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from ..errors import WatchfloorError


def _settings():
    from . import settings_from

    return settings_from(click.get_current_context())


def _progress(message: str) -> None:
    click.echo(f"  {message}", err=True)


@click.command("merge")
def merge_cmd() -> None:
    """Merge stored claims into events (also part of every monitor cycle)."""
    from ..pipeline import Context, merge_events

    with Context.open(_settings(), progress=_progress) as ctx:
        report = merge_events(ctx)
        click.echo(f"merge: {report.done} event(s) new or updated, {report.skipped} unchanged; "
                   f"{ctx.store.count('events')} event(s) in all")


def _near(value: str | None) -> tuple[float, float, float] | None:
    if not value:
        return None
    try:
        lat, lon, km = (float(x) for x in value.split(","))
    except ValueError:
        raise click.BadParameter("use LAT,LON,KM, e.g. 34.45,40.92,50") from None
    return lat, lon, km


@click.command("events")
@click.option("--type", "event_type", help="taxonomy id or family (e.g. explosions, strategic.movement_of_forces)")
@click.option("--actor", help="actor name (substring, any script)")
@click.option("--near", help="LAT,LON,KM: events within KM of a point")
@click.option("--country", help="ISO2 country code")
@click.option("--since", help="YYYY-MM-DD")
@click.option("--until", help="YYYY-MM-DD")
@click.option("--credibility", "max_credibility", type=click.IntRange(1, 6),
              help="at most this Admiralty credibility (1 = confirmed)")
@click.option("--reliability", type=click.Choice(list("ABCDEF")), help="best source at least this reliable")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def events_cmd(event_type, actor, near, country, since, until, max_credibility, reliability, limit,
               as_json) -> None:
    """List events, newest first, filtered by type, actor, area, dates and grade."""
    from ..store import Store

    rows = Store.open(_settings()).events(
        event_type=event_type, actor=actor, near=_near(near), country=country, since=since, until=until,
        max_credibility=max_credibility, reliability=reliability, limit=limit)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    table = Table("id", "date", "type", "place", "actors", "sources", "grade")
    for r in rows:
        d = r["data"]
        table.add_row(str(r["id"]), f"{r['date'] or '?'}", r["event_type"], (r["place_name"] or "")[:30],
                      ", ".join(_actor_names(d.get("actors", [])))[:40], str(r["corroboration"]),
                      f"{r['reliability']}{r['credibility']}")
    Console().print(table)
    if not rows:
        click.echo("no events (run `watchfloor merge` after extracting claims)")


def _actor_names(actors: list[str]) -> list[str]:
    """Knowledge-base ids shown by their canonical names; other names as written."""
    from ..kb.loader import load_kb

    kb = load_kb()
    return [kb.get(a).name if a in kb else a for a in actors]


@click.command("event")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True)
def event_cmd(ref: str, as_json: bool) -> None:
    """Show one event: its claims side by side, sources, grade, contradictions and history."""
    from ..store import Store

    ev = Store.open(_settings()).event(ref)
    if ev is None:
        raise WatchfloorError(f"no event {ref!r}", hint="`watchfloor events` lists them")
    if as_json:
        click.echo(json.dumps(ev, ensure_ascii=False, indent=2, default=str))
        return
    d = ev["data"]
    console = Console()
    console.print(f"[bold]Event {ev['id']}[/bold]  {ev['event_type']}  {ev['date'] or '?'} "
                  f"({ev['date_precision'] or '?'})  [dim]{ev['key']}[/dim]")
    where = f"{ev['lat']:.3f}, {ev['lon']:.3f}" if ev["lat"] is not None else "no coordinates"
    console.print(f"place: {ev['place_name'] or '?'}  ({where})")
    console.print(f"actors: {', '.join(_actor_names(d.get('actors', []))) or '?'}")
    console.print(f"grade: {ev['reliability']}{ev['credibility']} — {ev['corroboration']} independent "
                  f"origin(s); " + "; ".join(d.get("grade_reasons", [])))
    if d.get("fatalities"):
        console.print(f"fatalities reported: {', '.join(map(str, d['fatalities']))}")
    for c in d.get("contradictions", []):
        console.print(f"[red]contradiction:[/red] {c}")
    console.print("\n[bold]Why each claim is here[/bold]")
    for a in d.get("attachments", []):
        console.print(f"  • [dim]{a['claim_key']}[/dim] {a['text']}")
    console.print("\n[bold]Origins[/bold]")
    for o in d.get("origins", []):
        console.print(f"  • {json.dumps(o, ensure_ascii=False, default=str)[:200]}")
    console.print("\n[bold]History[/bold]")
    for h in ev["history"]:
        changes = ", ".join(h.get("changes", {}))
        console.print(f"  v{h['version']} {str(h['at'])[:19]} {h['reason']}" + (f" ({changes})" if changes else ""))


@click.command("link")
@click.argument("claim_a")
@click.argument("claim_b")
@click.option("--note", default="")
@click.option("--analyst", default="")
def link_cmd(claim_a: str, claim_b: str, note: str, analyst: str) -> None:
    """Analyst decision: two claims are the same happening (merges their events)."""
    _decide("must_link", claim_a, claim_b, note, analyst)


@click.command("split")
@click.argument("claim_a")
@click.argument("claim_b", required=False)
@click.option("--note", default="")
@click.option("--analyst", default="")
def split_cmd(claim_a: str, claim_b: str | None, note: str, analyst: str) -> None:
    """Analyst decision: CLAIM_A stands alone, or is never in the same event as CLAIM_B."""
    _decide("cannot_link" if claim_b else "split_out", claim_a, claim_b, note, analyst)


def _decide(kind: str, a: str, b: str | None, note: str, analyst: str) -> None:
    from ..pipeline import Context, merge_events

    with Context.open(_settings(), progress=_progress) as ctx:
        known = {key for key, *_ in ctx.store.claim_contexts()}
        for k in (a, b):
            if k is not None and k not in known:
                raise WatchfloorError(f"no claim with key {k!r}",
                                      hint="claim keys are shown by `watchfloor claims DOC` and `event ID`")
        ctx.store.add_decision(kind, a, b, analyst=analyst, note=note)
        merge_events(ctx)
    click.echo(f"recorded {kind.replace('_', '-')} and re-merged; the decision survives rebuilds")


@click.command("rebuild")
@click.option("--keep", is_flag=True, help="keep derived data and only fill in what is missing (resume)")
def rebuild_cmd(keep: bool) -> None:
    """Re-derive documents, claims and events from the archive alone, keeping analyst decisions."""
    from ..extract.run import Extractor
    from ..pipeline import Context, rebuild

    settings = _settings()
    with Context.open(settings, progress=_progress) as ctx:
        reports = rebuild(ctx, Extractor(settings), fresh=not keep)
    for r in reports:
        click.echo(f"{r.stage}: {r.done} done, {r.skipped} unchanged, {r.failed} failed")


def register(group: click.Group) -> None:
    for cmd in (merge_cmd, events_cmd, event_cmd, link_cmd, split_cmd, rebuild_cmd):
        group.add_command(cmd)
