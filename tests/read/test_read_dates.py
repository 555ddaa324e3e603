"""Publication times in the shapes pages, feeds and posts use."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchfloor.read.dates import parse_datetime


@pytest.mark.parametrize("value, expected", [
    ("2023-11-05T09:30:00+03:00", datetime(2023, 11, 5, 9, 30, tzinfo=timezone(timedelta(hours=3)))),
    ("2023-11-05T09:30:00+0300", datetime(2023, 11, 5, 9, 30, tzinfo=timezone(timedelta(hours=3)))),
    ("2023-11-05T06:30:00Z", datetime(2023, 11, 5, 6, 30, tzinfo=UTC)),
    ("2023-11-05T06:30:00.1234567Z", datetime(2023, 11, 5, 6, 30, 0, 123456, tzinfo=UTC)),
    ("Sun, 05 Nov 2023 06:10:00 +0000", datetime(2023, 11, 5, 6, 10, tzinfo=UTC)),
    ("2023-11-05", datetime(2023, 11, 5, tzinfo=UTC)),
    ("November 5, 2023", datetime(2023, 11, 5, tzinfo=UTC)),
])
def test_known_shapes(value, expected):
    assert parse_datetime(value) == expected


@pytest.mark.parametrize("value", [None, "", "   ", "today", "not a date", "99/99/9999"])
def test_unreadable_values_give_none(value):
    assert parse_datetime(value) is None


def test_results_are_always_timezone_aware():
    assert parse_datetime("2023-11-05 09:30").tzinfo is not None


@settings(max_examples=25, deadline=None)  # dateparser is slow; 3000 examples found nothing
@given(st.text(max_size=40) | st.from_regex(r"\d{1,5}[-/. :T]\d{1,3}[-/. :T]\d{1,5}.{0,8}", fullmatch=True))
def test_any_string_gives_none_or_an_aware_datetime(value):
    parsed = parse_datetime(value)
    assert parsed is None or parsed.tzinfo is not None
