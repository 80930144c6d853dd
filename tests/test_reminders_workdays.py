"""The reminder calendar: Finnish working days, quiet periods, the weekly digest day."""

import datetime

import pytest

from reminders import workdays

D = datetime.date


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2023, 1, 2), True),  # Monday
        (D(2023, 1, 7), False),  # Saturday
        (D(2023, 1, 8), False),  # Sunday
        (D(2023, 1, 6), False),  # Epiphany (loppiainen), a Friday
        (D(2023, 4, 7), False),  # Good Friday
        (D(2023, 4, 10), False),  # Easter Monday
        (D(2023, 5, 1), False),  # May Day
        (D(2023, 5, 18), False),  # Ascension Day
        (D(2023, 6, 23), False),  # Midsummer Eve
        (D(2023, 12, 6), False),  # Independence Day
        (D(2023, 12, 25), False),  # Christmas Day
        (D(2023, 12, 26), False),  # Boxing Day
        (D(2023, 12, 27), True),
    ],
)
def test_working_days_skip_weekends_and_finnish_public_holidays(day, expected):
    assert workdays.is_working_day(day) is expected


def test_add_working_days_skips_weekends_and_holidays():
    # Mon 2.1.2023 + 7 working days: 3, 4, 5, (6 Epiphany), 9, 10, 11, 12.
    assert workdays.add_working_days(D(2023, 1, 2), 7) == D(2023, 1, 12)
    # Across Easter 2023: Thu 6.4. + 1 = Tue 11.4. (Good Friday, weekend and Easter Monday skipped).
    assert workdays.add_working_days(D(2023, 4, 6), 1) == D(2023, 4, 11)


@pytest.mark.parametrize(
    "day, quiet",
    [
        (D(2023, 6, 30), False),
        (D(2023, 7, 1), True),
        (D(2023, 7, 31), True),
        (D(2023, 8, 1), False),
        (D(2023, 12, 23), False),
        (D(2023, 12, 24), True),
        (D(2024, 1, 1), True),
        (D(2024, 1, 6), True),
        (D(2024, 1, 7), False),
    ],
)
def test_default_quiet_periods_are_july_and_christmas_to_epiphany(day, quiet):
    assert workdays.is_quiet(day) is quiet


def test_quiet_periods_are_configurable(settings):
    settings.REMINDERS_QUIET_PERIODS = ["02-10..02-12"]
    assert workdays.is_quiet(D(2023, 2, 11))
    assert not workdays.is_quiet(D(2023, 7, 15))


def test_a_malformed_quiet_period_is_refused():
    with pytest.raises(ValueError):
        workdays.parse_quiet_periods(["07-01"])
    with pytest.raises(ValueError):
        workdays.parse_quiet_periods(["13-01..13-02"])


def test_weekly_digest_day_is_the_first_working_day_of_the_iso_week():
    assert workdays.is_weekly_digest_day(D(2023, 1, 9))  # Monday
    assert not workdays.is_weekly_digest_day(D(2023, 1, 10))
    assert not workdays.is_weekly_digest_day(D(2023, 4, 10))  # Easter Monday is a holiday ...
    assert workdays.is_weekly_digest_day(D(2023, 4, 11))  # ... so Tuesday is the digest day
    assert workdays.iso_week(D(2023, 1, 1)) == "2022-W52"
    assert workdays.iso_week(D(2023, 1, 2)) == "2023-W01"
