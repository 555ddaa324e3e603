"""Persistence: schema, migrations, queries. Only this package turns records into rows."""

from .store import Store

__all__ = ["Store"]
