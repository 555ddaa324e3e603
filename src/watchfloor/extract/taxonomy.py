"""The event taxonomy, loaded from taxonomy.yaml and checked before anyone uses it.

The taxonomy is data (DESIGN.md): ACLED's types plus watchfloor's extensions, each mapped to
exactly one of the 30 evaluation labels, so that a classifier can answer with a fine type and
the scorer can still compare it with ACLED-style gold sets.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError

DEFAULT_PATH = Path(__file__).with_name("taxonomy.yaml")
_ID = re.compile(r"^[a-z_]+\.[a-z_]+$")
_TYPE_KEYS = {"id", "name", "parent", "definition", "acled_event_type", "acled_sub_event_type",
              "eval_label", "cues"}


class TaxonomyError(ConfigError):
    """The taxonomy file is missing, malformed or inconsistent."""

    code = "W115"


@dataclass(frozen=True)
class ParentType:
    id: str
    name: str
    definition: str
    acled_event_type: str | None


@dataclass(frozen=True)
class EventType:
    """One leaf of the taxonomy."""

    id: str
    name: str
    parent: str
    definition: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    eval_label: str
    cues: tuple[str, ...] = ()

    @property
    def is_extension(self) -> bool:
        """True for watchfloor's own types that ACLED has no sub-event type for."""
        return self.acled_sub_event_type is None


@dataclass(frozen=True, eq=False)  # hashed by identity: cached helpers key on it
class Taxonomy:
    version: int
    labels: tuple[str, ...]  # the 30 evaluation labels, in file order
    default_types: dict[str, str]  # label -> type id that stands for it
    parents: dict[str, ParentType]
    types: dict[str, EventType]

    def get(self, type_id: str) -> EventType:
        """The type with this id, or a TaxonomyError naming close ids."""
        try:
            return self.types[type_id]
        except KeyError:
            raise TaxonomyError(f"unknown event type {type_id!r}",
                                hint="ids look like 'battles.armed_clash'; see extract/taxonomy.yaml") from None

    def label_of(self, type_id: str) -> str:
        """The evaluation label a type maps onto."""
        return self.get(type_id).eval_label

    def type_for_label(self, label: str) -> str:
        """The type id that stands for an evaluation label (for gold sets that give labels)."""
        try:
            return self.default_types[label]
        except KeyError:
            raise TaxonomyError(f"unknown evaluation label {label!r}",
                                hint="use one of the 30 labels in ../shared/eval/README.md") from None

    def children(self, parent: str) -> list[EventType]:
        return [t for t in self.types.values() if t.parent == parent]


def _require(entry: dict[str, Any], key: str, where: str) -> Any:
    if key not in entry:
        raise TaxonomyError(f"{where}: missing field {key!r}")
    return entry[key]


def parse_taxonomy(data: Any, origin: str = "taxonomy") -> Taxonomy:
    """Build and validate a Taxonomy from the parsed YAML mapping."""
    if not isinstance(data, dict):
        raise TaxonomyError(f"{origin}: expected a mapping at the top level")
    labels: list[str] = []
    default_types: dict[str, str] = {}
    for i, entry in enumerate(_require(data, "labels", origin)):
        label = _require(entry, "label", f"{origin}: labels[{i}]")
        if label in default_types:
            raise TaxonomyError(f"{origin}: label {label!r} is listed twice")
        labels.append(label)
        default_types[label] = _require(entry, "default_type", f"{origin}: labels[{i}]")

    parents: dict[str, ParentType] = {}
    for entry in _require(data, "parents", origin):
        pid = _require(entry, "id", f"{origin}: parents")
        parents[pid] = ParentType(pid, _require(entry, "name", pid), _require(entry, "definition", pid),
                                  entry.get("acled_event_type"))

    types: dict[str, EventType] = {}
    for entry in _require(data, "types", origin):
        tid = _require(entry, "id", f"{origin}: types")
        where = f"{origin}: type {tid}"
        unknown = set(entry) - _TYPE_KEYS
        if unknown:
            raise TaxonomyError(f"{where}: unknown fields {sorted(unknown)}",
                                hint=f"allowed: {sorted(_TYPE_KEYS)}")
        if not _ID.match(tid):
            raise TaxonomyError(f"{where}: id must look like 'parent.slug' in lower case")
        if tid in types:
            raise TaxonomyError(f"{where}: id defined twice")
        parent = _require(entry, "parent", where)
        if parent not in parents or not tid.startswith(parent + "."):
            raise TaxonomyError(f"{where}: parent {parent!r} unknown or not the id's prefix")
        label = _require(entry, "eval_label", where)
        if label not in default_types:
            raise TaxonomyError(f"{where}: eval_label {label!r} is not one of the {len(labels)} labels",
                                hint="eval_label must be spelled exactly as in `labels`")
        if not str(_require(entry, "definition", where)).strip():
            raise TaxonomyError(f"{where}: empty definition")
        types[tid] = EventType(
            id=tid, name=_require(entry, "name", where), parent=parent,
            definition=entry["definition"], acled_event_type=entry.get("acled_event_type"),
            acled_sub_event_type=entry.get("acled_sub_event_type"), eval_label=label,
            cues=tuple(str(c).lower() for c in entry.get("cues") or ()),
        )

    for label, tid in default_types.items():
        if tid not in types:
            raise TaxonomyError(f"{origin}: label {label!r} names default type {tid!r}, which is not defined")
        if types[tid].eval_label != label:
            raise TaxonomyError(f"{origin}: default type {tid!r} of {label!r} maps to "
                                f"{types[tid].eval_label!r} instead")
    return Taxonomy(int(data.get("version", 1)), tuple(labels), default_types, parents, types)


def read_taxonomy(path: str | Path) -> Taxonomy:
    """Load and validate a taxonomy file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TaxonomyError(f"taxonomy file {path} not found") from None
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path}: not valid YAML: {exc}") from None
    return parse_taxonomy(data, str(path))


@functools.lru_cache(maxsize=4)
def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The shipped taxonomy (cached); pass a path to load another file."""
    return read_taxonomy(path or DEFAULT_PATH)
