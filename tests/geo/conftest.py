"""A tiny gazetteer written for these tests (own rows in GeoNames' layouts), imported once."""

from __future__ import annotations

from pathlib import Path

import pytest
from geo_fixtures import write_dumps

from watchfloor.geo.storage import import_files


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory) -> Path:
    """A data folder holding the tiny gazetteer, imported once per session."""
    data = tmp_path_factory.mktemp("geo-data")
    import_files(data, write_dumps(tmp_path_factory.mktemp("dumps")))
    return data


@pytest.fixture(scope="session")
def tiny_resolver(tiny_data):
    from watchfloor.geo import GazetteerResolver
    from watchfloor.geo.storage import load_imported

    return GazetteerResolver(load_imported(tiny_data))
