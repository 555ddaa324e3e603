"""Shared fixtures: where ../shared/ is, and settings that point at a temporary data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from watchfloor.settings import load_settings

REPO = Path(__file__).resolve().parents[1]


def shared_path() -> Path:
    """../shared/ beside the checkout, or $WATCHFLOOR_SHARED."""
    return Path(os.environ.get("WATCHFLOOR_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = shared_path()
    if not path.is_dir():
        pytest.skip(f"shared data not found at {path} (set WATCHFLOOR_SHARED to its folder)")
    return path


@pytest.fixture
def settings(tmp_path):
    """Settings for a test: data in tmp_path, loopback allowed (tests serve on 127.0.0.1), no delays."""
    return load_settings(
        config_file=None,
        environ={},
        overrides=[
            f"data_dir={tmp_path / 'data'}",
            "allow_private_addresses=true",
            "host_delay_s=0",
            "backoff_s=0.01",
            "timeout_s=5",
        ],
    )
