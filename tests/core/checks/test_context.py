"""The check context: what the rules read from a letter, read once."""

import datetime as dt

from opiniondesk.core.checks.context import parse_date


def test_dates_are_read_whatever_the_locale(german_time_locale):
    """Ensure an English date in a letter is read under a German user's locale."""
    assert parse_date("Dated March 3, 2025, as amended") == dt.date(2025, 3, 3)
    assert parse_date("on 3 March 2025") == dt.date(2025, 3, 3)
