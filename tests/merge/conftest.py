"""Fixtures for the merge tests: the hand-labelled corpus in tests/data/merge/."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchfloor.merge.goldset import load_corpus

CORPUS = Path(__file__).resolve().parents[1] / "data" / "merge" / "corpus.yaml"


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(CORPUS)
