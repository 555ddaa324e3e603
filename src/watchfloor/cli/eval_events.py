"""`watchfloor eval events`: event-type (and event-field) scores against gold sets."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..eval.events import (
    EventsReport,
    LabelScores,
    evaluate,
    read_predictions,
    simple_actor_normaliser,
)
from .eval_group import eval_group


def _summary_table(title: str, rows: list[tuple[str, LabelScores]]) -> Table:
    table = Table(title=title)
    for col in ("set", "n", "accuracy", "weighted F1", "macro F1", "micro F1"):
        table.add_column(col, justify="left" if col == "set" else "right")
    for name, s in rows:
        table.add_row(name, str(s.n), f"{s.accuracy:.3f}", f"{s.weighted_f1:.3f}",
                      f"{s.macro_f1:.3f}", f"{s.micro_f1:.3f}")
    return table


def _per_label_table(s: LabelScores) -> Table:
    table = Table(title="per label")
    for col in ("label", "precision", "recall", "F1", "support"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for row in sorted(s.per_label, key=lambda r: -r["support"]):
        table.add_row(row["label"], f"{row['precision']:.2f}", f"{row['recall']:.2f}",
                      f"{row['f1']:.2f}", str(row["support"]))
    return table


def _confusion_table(s: LabelScores) -> Table:
    """Rows: gold labels; columns: predicted labels by number (the row numbers)."""
    predicted = sorted({p for row in s.confusion.values() for p in row})
    order = sorted(set(s.confusion) | set(predicted))
    number = {lab: i + 1 for i, lab in enumerate(order)}
    table = Table(title="confusion (rows gold, columns predicted by row number)")
    table.add_column("#", justify="right")
    table.add_column("gold label")
    for lab in order:
        table.add_column(str(number[lab]), justify="right")
    for lab in order:
        row = s.confusion.get(lab, {})
        cells = []
        for p in order:
            n = row.get(p, 0)
            cells.append("." if n == 0 else (f"[bold]{n}[/bold]" if p == lab else f"[red]{n}[/red]"))
        table.add_row(str(number[lab]), lab, *cells)
    return table


def _confused_pairs_table(s: LabelScores) -> Table:
    """Off-diagonal cells of the confusion table, most frequent first."""
    table = Table(title="confusions (gold -> predicted; --json has the full table)")
    for col in ("gold", "predicted", "n"):
        table.add_column(col, justify="right" if col == "n" else "left")
    pairs = [(n, g, p) for g, row in s.confusion.items() for p, n in row.items() if g != p]
    for n, g, p in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        table.add_row(g, p, str(n))
    return table


def _field_table(report: EventsReport) -> Table:
    table = Table(title="event fields (gold events carrying the field)")
    for col in ("field", "gold", "predicted", "correct", "score", "notes"):
        table.add_column(col, justify="left" if col in ("field", "notes") else "right")
    for f in report.fields.values():
        notes = ""
        if f.field == "location":
            notes = (f"≤25 km {f.extra['within_25_km']:.3f}, ≤161 km {f.extra['within_161_km']:.3f}, "
                     f"country {f.extra['country']:.3f}")
        table.add_row(f.field, str(f.n_gold), str(f.n_predicted), str(f.correct), f"{f.accuracy:.3f}", notes)
    return table


def render(report: EventsReport, console: Console, confusion: bool = True) -> None:
    """Print one report as rich tables."""
    console.rule(f"{report.gold_file} — {report.system}")
    rows = [("all", report.labels)]
    rows += [(f"language {lang}", s) for lang, s in report.by_language.items()]
    title = "event type (30 labels)"
    if report.by_language:
        title += f"; languages {report.language_source}"
    console.print(_summary_table(title, rows))
    if report.note:
        console.print(f"[yellow]note:[/yellow] {report.note}")
    console.print(_per_label_table(report.labels))
    if confusion:
        k = len(report.labels.labels) + 1
        if console.width >= 45 + 4 * k:
            console.print(_confusion_table(report.labels))
        else:  # too narrow for the matrix: list the confused pairs instead
            console.print(_confused_pairs_table(report.labels))
    if report.fields:
        console.print(_field_table(report))


@eval_group.command("events")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("-p", "--predictions", "prediction_files", multiple=True,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="predictions JSONL from `watchfloor annotate` (repeatable; matched by id). "
                   "Without it, the shipped event typer types each gold text.")
@click.option("--model", type=click.Path(dir_okay=False, exists=True), default=None,
              help="event typer artifact to use instead of the shipped one")
@click.option("--json", "as_json", is_flag=True, help="print JSON instead of tables")
@click.option("--no-confusion", is_flag=True, help="leave out the confusion table")
@click.option("--no-kb", is_flag=True, help="match actors on folded names only, not knowledge-base aliases")
@click.option("--no-language-detection", is_flag=True,
              help="do not guess languages when the gold set has no `language` key")
def events_command(files: tuple[Path, ...], prediction_files: tuple[Path, ...], model: str | None,
                   as_json: bool, no_confusion: bool, no_kb: bool, no_language_detection: bool) -> None:
    """Score event types (accuracy, weighted/macro/micro F1, confusion) and event fields.

    FILES are gold JSON Lines sets as described in ../shared/eval/README.md (events/).
    """
    predictions = read_predictions(prediction_files) if prediction_files else None
    typer = None
    if predictions is None and model:
        from ..extract.typing import load_event_typer

        typer = load_event_typer(model)
    normaliser = simple_actor_normaliser if no_kb else None
    reports = [evaluate(f, predictions, actor_normaliser=normaliser, typer=typer,
                        detect_languages=not no_language_detection) for f in files]
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False))
        return
    console = Console()
    for r in reports:
        render(r, console, confusion=not no_confusion)


def register(group: click.Group) -> None:
    """Nothing to add at the top level: the command hangs off `watchfloor eval`."""
