"""On the real seed report, the matcher names every actor a reader would name."""

from __future__ import annotations

from collections import Counter

import pytest

from watchfloor.kb.matcher import default_matcher

SEED = "corpus/seed/pmu-syria-2023-11-05.txt"


@pytest.fixture(scope="module")
def seed_mentions(shared_dir):
    text = (shared_dir / SEED).read_text(encoding="utf-8")
    return text, default_matcher().find(text)


def test_seed_report_actors(seed_mentions):
    _, mentions = seed_mentions
    counts = Counter(m.value for m in mentions)
    expected = {
        "pmf",  # Iraqi Popular Mobilization Units (PMU), Iraqi PMU
        "irgc",  # Iranian Islamic Revolutionary Guard Corps (IRGC), the IRGC's
        "sayyidah-zaynab-regiment",
        "iran-backed-militias",
        "shiite-militias",
        "us-forces",  # attacks on U.S. bases
        "palestinian-factions",
        "iranian-security-bureau-syria",  # the Iranian "security bureau" in Al-Bukamal
        "hezbollah",  # Hizbullah
        "liwa-fatemiyoun",  # the Iran-backed Fatemiyoun Brigade militia
        "jafar-al-tayyar-brigades",
        "syrian-opposition",
        "civilians",  # pilgrims, civilian companies
    }
    assert expected <= set(counts), expected - set(counts)
    assert set(counts) - expected == set()
    assert counts["pmf"] >= 7 and counts["irgc"] >= 4


def test_seed_spans_match_the_text(seed_mentions):
    text, mentions = seed_mentions
    assert all(text[m.start:m.end] == m.text for m in mentions)
    irgc = [m.text for m in mentions if m.value == "irgc"]
    assert "Iranian Islamic Revolutionary Guard Corps" in irgc
