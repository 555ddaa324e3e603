"""Claims commands: `extract` (re-runnable) and `claims DOC` (evidence highlighted)."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.text import Text

from ..errors import WatchfloorError


def _settings():
    from . import settings_from

    return settings_from(click.get_current_context())


@click.command("extract")
@click.option("--all", "everything", is_flag=True, help="re-extract every document, not only new ones")
@click.option("--list", "list_steps", is_flag=True, help="describe the extract steps and exit")
@click.option("--no-ner", is_flag=True, help="skip the NER model (faster; KB actors only)")
def extract_cmd(everything: bool, list_steps: bool, no_ner: bool) -> None:
    """Extract mentions and claims from stored documents (re-runnable after upgrades)."""
    from ..extract.run import Extractor
    from ..pipeline import Context, extract_pending

    settings = _settings()
    extractor = Extractor(settings, use_ner=not no_ner)
    if list_steps:
        for step in extractor.steps:
            click.echo(f"{step.id:22} requires {', '.join(sorted(step.requires)):60} "
                       f"assigns {', '.join(sorted(step.assigns))}")
            click.echo(f"{'':22} {step.help}")
        return
    with Context.open(settings, progress=lambda m: click.echo(f"  {m}", err=True)) as ctx:
        report = extract_pending(ctx, extractor, everything=everything)
    click.echo(f"extract: {report.done} document(s), {report.failed} failed")
    for err in report.errors:
        click.echo(f"  ✗ {err}", err=True)


_STYLE = {
    "actor": "bold magenta", "organisation": "magenta", "person": "magenta", "place": "bold green",
    "date": "bold cyan", "quantity": "bold yellow", "cited_source": "bold blue", "weapon": "red",
    "vehicle": "red", "nationality": "dim",
}


@click.command("claims")
@click.argument("doc_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="print the claims as JSON")
def claims_cmd(doc_id: int, as_json: bool) -> None:
    """Show a document's claims, each field with the words it came from highlighted."""
    from ..store import Store
    from ..store.claims_codec import claim_to_dict

    store = Store.open(_settings())
    doc = store.document(doc_id)
    if doc is None:
        raise WatchfloorError(f"no document {doc_id}", hint="`watchfloor docs` lists them")
    claims = store.claims(document_id=doc_id)
    mentions = {m.id: m for m in store.mentions(doc_id)}
    if as_json:
        out = []
        for key, c in claims:
            d = claim_to_dict(c)
            d["key"] = key
            d["evidence"] = {str(mid): {"start": m.start, "end": m.end, "text": m.text}
                             for mid, m in mentions.items() if mid in _mention_ids(c)}
            out.append(d)
        click.echo(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return
    console = Console()
    console.print(f"[bold]{doc.title or '(untitled)'}[/bold]  {doc.url}")
    notes = store.extraction_notes(doc_id)
    for n in notes:
        console.print(f"[dim]note: {n}[/dim]")
    if not claims:
        console.print("no claims (run `watchfloor extract`)")
    for n, (key, c) in enumerate(claims, 1):
        flag = " [dim](background)[/dim]" if c.background else ""
        console.print(f"\n[bold]{n}. {c.event_type}[/bold]  confidence {c.confidence:.2f}{flag}  [dim]{key}[/dim]")
        text = Text(doc.text[c.start:c.end])
        for mid in _mention_ids(c):
            m = mentions.get(mid)
            if m and c.start <= m.start and m.end <= c.end:
                text.stylize(_STYLE.get(m.kind.value, "bold"), m.start - c.start, m.end - c.start)
        console.print(text)
        for a in c.actors:
            console.print(f"   {a.role.value:10} {a.name}" + (f"  [dim]({a.actor_id})[/dim]" if a.actor_id else ""))
        for p in c.places:
            where = f"{p.lat:.3f}, {p.lon:.3f}" if p.lat is not None else "no coordinates"
            console.print(f"   {p.role.value:10} {p.name}  [dim]{where} {p.country or ''} {p.precision.value}[/dim]")
        if c.date:
            console.print(f"   {'date':10} {c.date} ({c.date_precision.value if c.date_precision else '?'})")
        for q in c.quantities:
            console.print(f"   {'quantity':10} {q.text}")
        if c.fatalities is not None:
            console.print(f"   {'fatalities':10} {c.fatalities}")
        if c.cited_source:
            console.print(f"   {'source':10} {c.cited_source}")


def _mention_ids(c) -> set[int]:
    ids = set(c.date_mention_ids) | set(c.fatalities_mention_ids) | set(c.cited_source_mention_ids)
    for part in (*c.actors, *c.places, *c.quantities):
        ids |= set(part.mention_ids)
    return ids


def register(group: click.Group) -> None:
    group.add_command(extract_cmd)
    group.add_command(claims_cmd)
