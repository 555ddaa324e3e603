"""Reading the YAML tables a package ships (or an analyst's own copy), with errors that say
which file is wrong and how to fix it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import WatchfloorError


def read_yaml_table(package: str, name: str, path: str | Path | None,
                    error: type[WatchfloorError]) -> tuple[Any, str]:
    """The parsed file and how to name it in messages: `path` if given, else `name` in the
    package's data folder. Unreadable or malformed YAML raises `error`."""
    where = str(path) if path else f"{package.rsplit('.', 1)[-1]}/data/{name}"
    try:
        if path:
            source = Path(path).read_text("utf-8")
        else:
            source = resources.files(package).joinpath("data", name).read_text("utf-8")
        return yaml.safe_load(source), where
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise error(f"cannot read {where}: {exc}",
                    hint="fix the YAML syntax (see the comment at its top)") from exc
