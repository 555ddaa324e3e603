"""The `watchfloor` command: one sub-command per stage, plus `monitor` and `eval`.

Each module listed in COMMAND_MODULES defines `register(group)` and adds its commands.
"""

from __future__ import annotations

import importlib
import sys

import click

from ..errors import WatchfloorError
from ..settings import load_settings

COMMAND_MODULES = (
    "watchfloor.cli.core",
    "watchfloor.cli.eval_group",
    "watchfloor.cli.eval_events",
    "watchfloor.cli.eval_entities",
    "watchfloor.cli.claims",
    "watchfloor.cli.events",
    "watchfloor.cli.kb",
    "watchfloor.cli.geo",
    "watchfloor.cli.annotate",
    "watchfloor.cli.translate",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="config file (default: ./watchfloor.toml if present, or $WATCHFLOOR_CONFIG)")
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE",
              help="override one setting for this run (repeatable)")
@click.pass_context
def cli(ctx: click.Context, config_file: str | None, overrides: tuple[str, ...]) -> None:
    """watchfloor: watch sources, archive what they publish, read it, extract claims, merge events.

    \b
    Start here:
      watchfloor init                 create the data folder and database
      watchfloor ingest URL|FILE      capture, read and extract one item now
      watchfloor monitor              poll every source in sources.toml on its schedule
      watchfloor search WORDS         full-text search over documents
      watchfloor claims DOC_ID        a document's claims with their evidence
      watchfloor events               merged events with their grade
    """
    ctx.ensure_object(dict)
    ctx.obj["config_file"] = config_file
    ctx.obj["overrides"] = overrides


def settings_from(ctx: click.Context):
    """Settings for this invocation (config file, env, --set)."""
    root = ctx.find_root()
    obj = root.obj or {}
    return load_settings(obj.get("config_file"), obj.get("overrides", ()))


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(cli)


def main() -> None:
    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except WatchfloorError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
        sys.exit(130)
