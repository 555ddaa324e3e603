"""Fixtures for connector tests: a real HTTP server on 127.0.0.1 and a Fetcher."""

from __future__ import annotations

import pytest

from watchfloor.sources.fetch import Fetcher


@pytest.fixture
def site(httpserver):
    """The test HTTP server, with a robots.txt that allows everything (404 = no rules)."""
    httpserver.expect_request("/robots.txt").respond_with_data("not here", status=404)
    return httpserver


@pytest.fixture
def fetcher(settings):
    with Fetcher(settings) as f:
        yield f
