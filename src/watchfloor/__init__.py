"""watchfloor: watch sources, archive captures, read, extract claims, merge events, publish."""

__version__ = "0.1.0"
