"""`watchfloor eval entities`: named-entity P/R/F1 per type (exact span and overlap)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich import box
from rich.console import Console
from rich.table import Table

from ..eval.entities import ALL, EntitiesReport, evaluate, read_predictions
from .eval_group import eval_group


def _table(report: EntitiesReport) -> Table:
    table = Table(title=f"{report.gold_file} — {report.system} ({report.documents} documents)",
                  caption="ex: exact span; ov: overlapping span of the same type",
                  box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("type", no_wrap=True)
    for col in ("gold", "pred", "ex P", "ex R", "ex F1", "ov P", "ov R", "ov F1"):
        table.add_column(col, justify="right")
    for s in report.types:
        name = f"[bold]{s.type}[/bold]" if s.type == ALL else s.type
        table.add_row(name, str(s.gold), str(s.predicted),
                      *(f"{s.exact[k]:.3f}" for k in ("precision", "recall", "f1")),
                      *(f"{s.overlap[k]:.3f}" for k in ("precision", "recall", "f1")),
                      end_section=s is report.types[-2] if len(report.types) > 1 else False)
    return table


@eval_group.command("entities")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("-p", "--predictions", "prediction_files", multiple=True,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="predictions JSONL from `watchfloor annotate` (repeatable; matched by id). "
                   "Without it, the extract pipeline predicts each gold text.")
@click.option("--types", "types", default=None, metavar="T1,T2",
              help="score only these entity types (e.g. Organisation,Location,Person,Weapon)")
@click.option("--no-ner", is_flag=True, help="knowledge base, gazetteer, lists and rules only (no spaCy NER)")
@click.option("--json", "as_json", is_flag=True, help="print JSON instead of tables")
def entities_command(files: tuple[Path, ...], prediction_files: tuple[Path, ...], types: str | None,
                     no_ner: bool, as_json: bool) -> None:
    """Score entity spans per type: precision, recall and F1, exact span and overlap.

    FILES are gold JSON Lines sets as described in ../shared/eval/README.md (entities/),
    e.g. ../shared/eval/entities/re3d-dev.jsonl.
    """
    wanted = [t.strip() for t in types.split(",") if t.strip()] if types else None
    predictions = read_predictions(prediction_files) if prediction_files else None
    predictor = None
    system = None
    if predictions is None:
        from ..eval.predict import predict_entities
        from ..extract.run import Extractor
        from . import settings_from

        extractor = Extractor(settings_from(click.get_current_context()), use_ner=not no_ner,
                              use_typer=False)

        def predictor(text: str) -> list[dict]:
            return predict_entities(text, extractor=extractor)

        system = "extract pipeline" + (" without NER" if no_ner else "")
    reports = [evaluate(f, predictions, predictor=predictor, system=system, types=wanted) for f in files]
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False))
        return
    console = Console()
    for r in reports:
        console.print(_table(r))
        for lang, scores in r.by_language.items():  # a multilingual set, language by language
            console.print(_table(EntitiesReport(f"{r.gold_file} [{lang}]", r.system,
                                                 r.language_documents[lang], scores)))


def register(group: click.Group) -> None:
    """Nothing to add at the top level: the command hangs off `watchfloor eval`."""
