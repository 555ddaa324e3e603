"""`watchfloor annotate IN.jsonl > OUT.jsonl`: add predicted toponyms to gold-format documents."""

from __future__ import annotations

import json
import sys

import click


@click.command("annotate")
@click.argument("infile", type=click.File("r", encoding="utf-8"))
@click.option("--given-toponyms", is_flag=True,
              help="keep the input's toponym spans and fill in only their coordinates")
@click.option("--demonyms/--no-demonyms", default=True,
              help="also report nationality words (Syrian -> Syria) as places")
@click.option("--no-ner", is_flag=True, help="gazetteer matching only (faster)")
def annotate_cmd(infile, given_toponyms: bool, demonyms: bool, no_ner: bool) -> None:
    """Read documents (one JSON object per line) and write each back with `predicted.toponyms`."""
    from ..geo import GazetteerResolver, load_gazetteer
    from ..geo.annotate import annotate_doc, read_jsonl
    from . import settings_from

    settings = settings_from(click.get_current_context())
    resolver = GazetteerResolver(load_gazetteer(settings), use_ner=not no_ner,
                                 include_demonyms=demonyms)
    out = sys.stdout
    for doc in read_jsonl(infile, getattr(infile, "name", "input")):
        out.write(json.dumps(annotate_doc(resolver, doc, given_toponyms=given_toponyms),
                             ensure_ascii=False) + "\n")


def register(group: click.Group) -> None:
    group.add_command(annotate_cmd)
