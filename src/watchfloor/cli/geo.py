"""`watchfloor gazetteer download|import|status`, `watchfloor geocode` and `watchfloor eval geo`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .eval_group import eval_group

ATTRIBUTION = "Contains data from GeoNames (https://www.geonames.org/), licensed under CC BY 4.0."


@click.group("gazetteer")
def gazetteer_group() -> None:
    """Get, load and inspect the GeoNames gazetteer that places are resolved against."""


@gazetteer_group.command("download")
@click.argument("items", nargs=-1)
def download_cmd(items: tuple[str, ...]) -> None:
    """Download GeoNames dumps (COUNTRY codes, cities500|1000|5000|15000, allCountries) and import them.

    \b
    Examples:
      watchfloor gazetteer download cities500
      watchfloor gazetteer download SY IQ LB JO IL PS no-country
    """
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    from ..geo.download import download
    from ..geo.storage import import_files
    from . import settings_from

    settings = settings_from(click.get_current_context())
    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                  TransferSpeedColumn(), transient=True, disable=not sys.stderr.isatty()) as bar:
        tasks: dict[str, int] = {}

        def progress(name: str, got: int, total: int | None) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total)
            bar.update(tasks[name], completed=got)

        paths = download(settings, list(items), progress)
    for p in paths:
        click.echo(f"downloaded {p.name} ({p.stat().st_size:,} bytes)", err=True)
    gaz = import_files(settings.data_path, paths, progress=lambda m: click.echo(m, err=True))
    click.echo(f"gazetteer: {len(gaz):,} places, {len(gaz.index):,} names")
    click.echo(ATTRIBUTION)


@gazetteer_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def import_cmd(files: tuple[str, ...]) -> None:
    """Import local GeoNames files (geoname dumps .txt/.zip/.gz, admin codes, countryInfo)."""
    from ..geo.storage import import_files
    from . import settings_from

    settings = settings_from(click.get_current_context())
    gaz = import_files(settings.data_path, [Path(f) for f in files],
                       progress=lambda m: click.echo(m, err=True))
    click.echo(f"gazetteer: {len(gaz):,} places, {len(gaz.index):,} names")
    click.echo(ATTRIBUTION)


@gazetteer_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def status_cmd(as_json: bool) -> None:
    """Say which gazetteer is active, what it holds and where it came from."""
    from ..geo import load_gazetteer
    from . import settings_from

    settings = settings_from(click.get_current_context())
    summary = load_gazetteer(settings).summary()
    summary["setting"] = settings["gazetteer"]
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    click.echo(f"active gazetteer: {summary['kind']} ({summary['description']})")
    click.echo(f"  places: {summary['places']:,}   names: {summary['names']:,}")
    for k, v in sorted(summary["by_precision"].items()):
        click.echo(f"    {k}: {v:,}")
    click.echo(f"  built: {summary['built_at']}   file: {summary['path']}")
    if summary["kind"] == "bundled":
        click.echo("  (run `watchfloor gazetteer download cities500` or `import` for a larger one)")
    click.echo(ATTRIBUTION)


@click.command("geocode")
@click.argument("text_or_file")
@click.option("--country", "country_hint", default=None,
              help="ISO2 country the text is about (default: the geo_countries setting)")
@click.option("--language", default=None, help="language of the text (NER runs for English)")
@click.option("--json", "as_json", is_flag=True, help="one JSON object per place")
def geocode_cmd(text_or_file: str, country_hint: str | None, language: str | None,
                as_json: bool) -> None:
    """Print the places named in TEXT (or in a FILE, or '-' for stdin) with spans and points."""
    from ..geo import followed_countries, resolver_from_settings
    from ..geo.resolve import SURE_FUZZY
    from . import settings_from

    settings = settings_from(click.get_current_context())
    if text_or_file == "-":
        text = sys.stdin.read()
    elif len(text_or_file) < 4096 and Path(text_or_file).is_file():
        text = Path(text_or_file).read_text(encoding="utf-8", errors="replace")
    else:
        text = text_or_file
    # the same reading the pipeline makes: its NER setting and the countries followed
    resolver = resolver_from_settings(settings)
    hint = country_hint or followed_countries(settings)
    found = resolver.find(text, language=language, country_hint=hint)
    if not found and 0 < len(text.split()) <= 6 and not any(c in text for c in ".!?\n"):
        one = resolver.resolve(text.strip(), country_hint=hint)  # a bare name, not a sentence
        found = [one] if one is not None and one.attr("lat") is not None \
            and (one.attr("score") or 0) >= SURE_FUZZY else []  # no far-fetched near spelling
    if not found:
        click.echo("no place found", err=True)
    for m in found:
        a = dict(m.attrs)
        if as_json:
            click.echo(json.dumps({"start": m.start, "end": m.end, "text": m.text,
                                   "geonameid": m.value, **a}, ensure_ascii=False))
            continue
        where = (f"{a['lat']:.4f},{a['lon']:.4f}" if a.get("lat") is not None else "unresolved")
        what = a.get("matched_name") or ""
        country = a.get("country")
        if a.get("countries"):  # a border between two countries: both are named already
            what = "border between " + " and ".join(a["countries"].split(","))
            country = None
        elif a.get("relative"):
            rel = a.get("relation")
            what = f"near {a.get('anchor_name')}" if rel == "near" else f"{rel} of {a.get('anchor_name')}"
        elif a.get("relation") == "document-focus":  # not in the gazetteer: placed by the story
            what = f"not in the gazetteer; placed at the story's focus, {a.get('anchor_name')}"
        extra = ", ".join(x for x in (a.get("admin1"), country) if x)
        notes = "".join((f", within ~{a['radius_km']:g} km" if a.get("radius_km") else "",
                         "; part of an organisation's name" if a.get("in_name") else ""))
        click.echo(f"{m.start:>6}-{m.end:<6} {m.text!r:40} {where:22} {a.get('precision') or '-':8} "
                   f"{what}{' (' + extra + ')' if extra else ''}{notes}")


@eval_group.command("geo")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--mode", type=click.Choice(["both", "resolution", "end-to-end"]), default="both")
@click.option("--limit", type=int, default=None, help="score only the first N documents per file")
@click.option("--no-ner", is_flag=True, help="gazetteer matching only (faster)")
@click.option("--json", "as_json", is_flag=True, help="print the scores as JSON")
def eval_geo_cmd(files: tuple[str, ...], mode: str, limit: int | None, no_ner: bool,
                 as_json: bool) -> None:
    """Score place resolution and recognition against geo gold sets (lgl, trnews, geovirus).

    A set holding several languages is also scored per language (rows NAME[lang]).
    """
    from ..eval.geo import as_dict, score_end_to_end, score_resolution
    from ..eval.languages import split_by_language
    from ..geo import GazetteerResolver, load_gazetteer
    from ..geo.annotate import annotate_docs, read_jsonl
    from . import settings_from

    settings = settings_from(click.get_current_context())
    gaz = load_gazetteer(settings)
    resolver = GazetteerResolver(gaz, use_ner=not no_ner, include_demonyms=True)
    results: dict[str, dict] = {}
    for f in files:
        with open(f, encoding="utf-8") as fh:
            docs = list(read_jsonl(fh, f))[:limit]
        groups = split_by_language(docs)
        parts = [(Path(f).stem, docs)]
        if len(groups) > 1:  # a multilingual set is also scored language by language
            parts += [(f"{Path(f).stem}[{lang}]", group) for lang, group in sorted(groups.items())]
        for name, part in parts:
            row: dict = {"docs": len(part)}
            if mode in ("both", "resolution"):
                out = list(annotate_docs(resolver, part, given_toponyms=True))
                row["resolution"] = as_dict(score_resolution(out))
            if mode in ("both", "end-to-end"):
                out = list(annotate_docs(resolver, part))
                row["end_to_end"] = as_dict(score_end_to_end(out))
            results[name] = row
    if as_json:
        click.echo(json.dumps({"gazetteer": gaz.summary()["description"], "kind": gaz.kind,
                               "corpora": results}, indent=2))
        return
    click.echo(f"gazetteer: {gaz.kind} ({gaz.summary()['description']})")
    if mode in ("both", "resolution"):
        click.echo("\nresolution (gold spans given)")
        click.echo(f"{'corpus':12} {'docs':>5} {'topo':>6} {'acc@161':>8} {'AUC':>6} {'mean km':>9} {'median km':>10}")
        for name, r in results.items():
            s = r["resolution"]
            click.echo(f"{name:12} {r['docs']:>5} {s['toponyms']:>6} {s['acc161']:>8.3f} {s['auc']:>6.3f} "
                       f"{s['mean_km']:>9.0f} {s['median_km']:>10.1f}")
    if mode in ("both", "end-to-end"):
        click.echo("\nend to end (spans found by watchfloor)")
        click.echo(f"{'corpus':12} {'gold':>6} {'pred':>6} {'P exact':>8} {'R exact':>8} {'F1 exact':>9} "
                   f"{'F1 overl':>9} {'acc@161':>8}")
        for name, r in results.items():
            s = r["end_to_end"]
            click.echo(f"{name:12} {s['gold']:>6} {s['predicted']:>6} {s['exact_p']:>8.3f} {s['exact_r']:>8.3f} "
                       f"{s['exact_f1']:>9.3f} {s['overlap_f1']:>9.3f} {s['acc161']:>8.3f}")


def register(group: click.Group) -> None:
    group.add_command(gazetteer_group)
    group.add_command(geocode_cmd)
