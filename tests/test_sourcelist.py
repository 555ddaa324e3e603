"""The sources file is validated entry by entry."""

import pytest

from watchfloor.errors import ConfigError
from watchfloor.records import Reliability, SourceKind
from watchfloor.sourcelist import load_sources


def test_valid_file(tmp_path):
    p = tmp_path / "sources.toml"
    p.write_text(
        '[[source]]\nname = "Deir Now"\nkind = "rss"\naddress = "https://example.org/feed"\n'
        'language = "ar"\nreliability = "c"\npoll_interval_s = 600\n'
        '[[source]]\nname = "Report"\nkind = "file"\naddress = "report.txt"\n'
    )
    a, b = load_sources(p, default_interval=900)
    assert (a.kind, a.reliability, a.poll_interval_s, a.language) == (SourceKind.RSS, Reliability.C, 600, "ar")
    assert (b.reliability, b.poll_interval_s) == (Reliability.F, 900)


@pytest.mark.parametrize("body,message", [
    ('[[source]]\nname = "x"\nkind = "fax"\naddress = "a"\n', "unknown kind"),
    ('[[source]]\nname = "x"\nkind = "rss"\n', "missing 'address'"),
    ('[[source]]\nname = "x"\nkind = "rss"\naddress = "a"\nreliability = "Z"\n', "A-F"),
    ('[[source]]\nname = "x"\nkind = "rss"\naddress = "a"\n[[source]]\nname = "x"\nkind = "rss"\naddress = "b"\n',
     "duplicate"),
    ('[[source]]\nname = "x"\nkind = "rss"\naddress = "a"\ncolour = "red"\n', "unknown field"),
    ('[[source]\n', "not valid TOML"),
])
def test_errors_name_the_entry(tmp_path, body, message):
    p = tmp_path / "sources.toml"
    p.write_text(body)
    with pytest.raises(ConfigError, match=message):
        load_sources(p)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_sources(tmp_path / "nope.toml")
