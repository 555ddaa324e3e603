"""The `watchfloor eval` group; each scorer adds its sub-command (geo, events, entities)."""

from __future__ import annotations

import click


@click.group("eval")
def eval_group() -> None:
    """Score watchfloor against gold sets (format: ../shared/eval/README.md)."""


def register(group: click.Group) -> None:
    group.add_command(eval_group)
