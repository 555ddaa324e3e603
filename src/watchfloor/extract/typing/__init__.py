"""Event typing: which taxonomy type a text reports (see extract/taxonomy.yaml)."""

from .model import EventTyper, TypeAlternative, TypePrediction, load_event_typer

__all__ = ["EventTyper", "TypeAlternative", "TypePrediction", "load_event_typer"]
