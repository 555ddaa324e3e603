"""`watchfloor annotate IN.jsonl > OUT.jsonl`: add predictions to gold-format documents.

Each line comes back with a `predicted` object holding toponyms, entities and events in the
record shapes of ../shared/eval/README.md, so any scorer can compare them with the gold.
"""

from __future__ import annotations

import json
import sys

import click

PARTS = ("toponyms", "entities", "events")


@click.command("annotate")
@click.argument("infile", type=click.File("r", encoding="utf-8"))
@click.option("--given-toponyms", is_flag=True,
              help="keep the input's toponym spans and fill in only their coordinates")
@click.option("--demonyms/--no-demonyms", default=True,
              help="also report nationality words (Syrian -> Syria) as places")
@click.option("--no-ner", is_flag=True, help="no NER model (faster; gazetteer and knowledge base only)")
@click.option("--parts", default=",".join(PARTS), show_default=True,
              help="which predictions to add (comma-separated)")
def annotate_cmd(infile, given_toponyms: bool, demonyms: bool, no_ner: bool, parts: str) -> None:
    """Read documents (one JSON object per line) and write each back with `predicted`."""
    from ..geo import GazetteerResolver, load_gazetteer
    from ..geo.annotate import annotate_docs, read_jsonl
    from . import settings_from

    wanted = [p.strip() for p in parts.split(",") if p.strip()]
    unknown = set(wanted) - set(PARTS)
    if unknown:
        raise click.BadParameter(f"unknown part(s) {sorted(unknown)}; choose from {', '.join(PARTS)}")
    settings = settings_from(click.get_current_context())
    resolver = GazetteerResolver(load_gazetteer(settings), use_ner=not no_ner,
                                 include_demonyms=demonyms) if "toponyms" in wanted else None
    extractor = None
    if "entities" in wanted or "events" in wanted:
        from ..extract.run import Extractor

        extractor = Extractor(settings, use_ner=not no_ner)
    out = sys.stdout
    docs = read_jsonl(infile, getattr(infile, "name", "input"))
    if resolver is not None:  # end to end, a few documents share one NER pass
        docs = annotate_docs(resolver, docs, given_toponyms=given_toponyms)
    for doc in docs:
        predicted = doc.setdefault("predicted", {})
        if extractor is not None:
            from ..eval.predict import predict_all

            found = predict_all(doc["text"], extractor=extractor, reference_date=doc.get("reference_date"),
                                language=doc.get("language"))
            predicted.update({k: v for k, v in found.items() if k in wanted})
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")


def register(group: click.Group) -> None:
    group.add_command(annotate_cmd)
