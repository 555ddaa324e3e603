"""Extract steps described as data: name@version, settings, what each requires and assigns.

A pipeline is checked before it runs: a step that needs something no earlier step
provides is refused with the name of the missing piece. Every Claim records the versions
of the steps that produced it, so a re-run from the archive can say what changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import ExtractError
from ..records import Claim, Document, Mention, MentionKind


@dataclass
class Extraction:
    """What the steps build up for one document."""

    document: Document
    reference_date: date | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a step could not do, in words

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def language(self) -> str:
        return self.document.language or "en"

    def of_kind(self, *kinds: MentionKind) -> list[Mention]:
        return [m for m in self.mentions if m.kind in kinds]


@dataclass(frozen=True)
class Step:
    """One extract step; `run` adds to the Extraction in place."""

    name: str
    version: int
    requires: frozenset[str]
    assigns: frozenset[str]
    run: Callable[[Extraction], None]
    help: str = ""
    settings: tuple[tuple[str, Any, str], ...] = ()  # (name, default, help)

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"


def check_pipeline(steps: Sequence[Step], given: frozenset[str] = frozenset({"Document.text"})) -> None:
    """Refuse a pipeline in which a step needs something no earlier step provides."""
    have = set(given)
    for step in steps:
        missing = step.requires - have
        if missing:
            raise ExtractError(
                f"extract step {step.id} needs {', '.join(sorted(missing))}, which no earlier step provides",
                hint="reorder the steps or add the step that assigns it",
            )
        have |= step.assigns


def run_steps(steps: Sequence[Step], extraction: Extraction) -> Extraction:
    """Run each step; a failing step is noted and the rest still run."""
    for step in steps:
        try:
            step.run(extraction)
        except ExtractError as exc:
            extraction.notes.append(f"{step.id}: {exc}")
    return extraction
