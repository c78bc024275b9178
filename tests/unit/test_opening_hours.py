"""Opening hours read as weekly openings only where every part is days and times; anything
else is left as written, never half-read."""

import pytest

from interop.opening_hours import WeeklyOpening, weekly_openings


def test_days_and_times_are_read_part_by_part():
    assert weekly_openings("Mon–Fri 09:00–18:00, Sat 09:00–13:00") == [
        WeeklyOpening("Mon–Fri 09:00–18:00", ("Mon", "Tue", "Wed", "Thu", "Fri"), "09:00", "18:00"),
        WeeklyOpening("Sat 09:00–13:00", ("Sat",), "09:00", "13:00"),
    ]


@pytest.mark.parametrize(
    "hours",
    [
        "24 hours",
        "Mon–Fri 08:00–17:00; duty lawyer for detentions 24 hours",
        "Outpatients Mon–Sat 08:00–14:00",
        "Mon–Fri 08:00–17:00, emergency 24 hours",
        "Пн–Пт 08:00–17:00",
        "Fri–Mon 08:00–17:00",
        "Mon–Fri 8:00–17:00",
        "Mon–Fri 08:00–25:00",
    ],
)
def test_hours_that_are_not_only_days_and_times_are_not_read(hours):
    assert weekly_openings(hours) is None
