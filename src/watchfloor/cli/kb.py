"""`watchfloor kb`: browse the actor knowledge base, check a user file, try the matcher."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..kb.loader import (
    KIND_VALUES,
    KnowledgeBase,
    KnowledgeBaseError,
    check_file,
    files_from_settings,
    load_kb,
)
from ..kb.matcher import ActorMatcher


def _kb(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    from . import settings_from

    settings = settings_from(click.get_current_context())
    return load_kb([*files_from_settings(settings), *extra])


@click.group("kb")
def kb_group() -> None:
    """Actor knowledge base: list, show, check files, match text."""


@kb_group.command("list")
@click.option("--kind", type=click.Choice(KIND_VALUES), help="only actors of this kind")
@click.option("--country", metavar="ISO2", help="only actors of this country (e.g. SY, IQ)")
@click.option("--search", metavar="WORDS", help="id, name or alias contains these words")
@click.option("--generic/--no-generic", default=None, help="only generic / only named actors")
@click.option("--file", "extra", multiple=True, type=click.Path(dir_okay=False, exists=True),
              help="also load this actor file (repeatable)")
@click.option("--json", "as_json", is_flag=True, help="print JSON lines instead of a table")
def list_cmd(kind: str | None, country: str | None, search: str | None, generic: bool | None,
             extra: tuple[str, ...], as_json: bool) -> None:
    """List actors: id, kind, country, name."""
    kb = _kb(extra)
    actors = kb.search(search) if search else list(kb)
    if kind:
        actors = [a for a in actors if a.kind == kind]
    if country:
        actors = [a for a in actors if (a.country or "").upper() == country.upper()]
    if generic is not None:
        actors = [a for a in actors if kb.info[a.id].generic == generic]
    actors.sort(key=lambda a: a.id)
    for actor in actors:
        if as_json:
            click.echo(json.dumps({"id": actor.id, "name": actor.name, "kind": actor.kind,
                                   "country": actor.country, "parent": actor.parent},
                                  ensure_ascii=False))
        else:
            click.echo(f"{actor.id:<44} {actor.kind:<17} {actor.country or '--':<3} {actor.name}")
    if not as_json:
        click.echo(f"{len(actors)} actor(s)", err=True)


@kb_group.command("show")
@click.argument("actor_id")
@click.option("--file", "extra", multiple=True, type=click.Path(dir_okay=False, exists=True),
              help="also load this actor file (repeatable)")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def show_cmd(actor_id: str, extra: tuple[str, ...], as_json: bool) -> None:
    """Everything the knowledge base holds about one actor."""
    kb = _kb(extra)
    actor = kb.get(actor_id)
    info = kb.info[actor.id]
    record = {
        "id": actor.id, "name": actor.name, "kind": actor.kind, "country": actor.country,
        "parent": actor.parent, "ancestors": [a.id for a in kb.ancestors(actor.id)],
        "children": sorted(a.id for a in kb.children(actor.id)),
        "affiliations": list(actor.affiliations), "acled_name": actor.acled_name,
        "generic": info.generic,
        "active_from": info.active_from.isoformat() if info.active_from else None,
        "active_until": info.active_until.isoformat() if info.active_until else None,
        "successor": info.successor, "note": info.note,
        "aliases": {lang: list(names) for lang, names in actor.aliases.items()},
        "defined_at": f"{info.file}:{info.line}",
    }
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    click.echo(f"{actor.name}  [{actor.id}]")
    for key in ("kind", "country", "parent", "ancestors", "children", "affiliations",
                "acled_name", "generic", "active_from", "active_until", "successor", "note",
                "defined_at"):
        value = record[key]
        if value in (None, [], False):
            continue
        if isinstance(value, list):
            value = ", ".join(value)
        click.echo(f"  {key:<13} {value}")
    for lang, names in record["aliases"].items():
        click.echo(f"  aliases.{lang:<5} {' | '.join(names)}")


@kb_group.command("check")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
def check_cmd(file: str | None) -> None:
    """Validate FILE (a user actor file) against the bundled actors, or the whole KB.

    Exits with status 2 and lists every problem (file:line, id) when something is wrong.
    """
    try:
        if file:
            kb = check_file(file)
        else:
            kb = _kb()
    except KnowledgeBaseError as exc:
        click.echo(f"error: {len(exc.problems)} problem(s) in the actor files:", err=True)
        for problem in exc.problems or (str(exc),):
            click.echo(f"  {problem}", err=True)
        click.echo("hint: the format is in watchfloor/kb/data/SCHEMA.md", err=True)
        raise SystemExit(2) from None
    if file:
        own = sum(1 for i in kb.info.values() if Path(i.file) == Path(file))
        click.echo(f"ok: {file}: {own} actor(s), {len(kb)} with the bundled ones")
        return
    click.echo(f"ok: {len(kb)} actor(s) in {len(kb.files)} file(s)")
    for path in kb.files:
        count = sum(1 for i in kb.info.values() if i.file == path)
        click.echo(f"  {count:>5}  {path}")


@kb_group.command("match")
@click.argument("text", required=False)
@click.option("--input", "input_file", type=click.Path(dir_okay=False, exists=True),
              help="read the text from this file instead")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="date the text speaks of (chooses between actors sharing a name)")
@click.option("--json", "as_json", is_flag=True, help="print JSON lines")
def match_cmd(text: str | None, input_file: str | None, on: Any, as_json: bool) -> None:
    """Show the actors named in TEXT (or a file), with their spans."""
    if input_file:
        text = Path(input_file).read_text(encoding="utf-8")
    if not text:
        raise click.UsageError("give TEXT or --input FILE")
    matcher = ActorMatcher(_kb())
    for m in matcher.find(text, on=on.date() if on else None):
        attrs = dict(m.attrs)
        if as_json:
            click.echo(json.dumps({"start": m.start, "end": m.end, "text": m.text,
                                   "actor": m.value, **attrs}, ensure_ascii=False, default=list))
        else:
            extra = f"  candidates={','.join(attrs['candidates'])}" if "candidates" in attrs else ""
            click.echo(f"{m.start:>6}-{m.end:<6} {m.value:<36} {attrs['confidence']:.2f}  "
                       f"{m.text!r}{extra}")


def register(group: click.Group) -> None:
    group.add_command(kb_group)
