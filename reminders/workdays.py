"""The reminder calendar: working days (weekdays that are not Finnish public holidays) and quiet periods.

Public holidays come from the maintained `holidays` package. Quiet periods are day-of-year ranges from
settings.REMINDERS_QUIET_PERIODS ("MM-DD..MM-DD", a range may wrap over the new year); in them only
escalations to the steering group go out.
"""

from __future__ import annotations

import datetime
import functools

import holidays
from django.conf import settings


@functools.cache
def _finnish_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("FI", years=year).keys())


def is_public_holiday(day: datetime.date) -> bool:
    return day in _finnish_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_public_holiday(day)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days after `day` (day itself not counted)."""
    current = day
    remaining = max(count, 0)
    while remaining:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def parse_quiet_periods(specs) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """["07-01..07-31", "12-24..01-06"] -> [((7, 1), (7, 31)), ((12, 24), (1, 6))]."""
    periods = []
    for spec in specs:
        start, _sep, end = str(spec).partition("..")
        if not end:
            raise ValueError(f"Quiet period {spec!r} must look like MM-DD..MM-DD")
        periods.append((_month_day(start), _month_day(end)))
    return periods


def _month_day(text: str) -> tuple[int, int]:
    month, day = (int(part) for part in text.strip().split("-"))
    datetime.date(2000, month, day)  # validates (2000 is a leap year, so 02-29 is allowed)
    return month, day


def is_quiet(day: datetime.date, periods=None) -> bool:
    periods = parse_quiet_periods(settings.REMINDERS_QUIET_PERIODS) if periods is None else periods
    key = (day.month, day.day)
    for start, end in periods:
        if start <= end:
            if start <= key <= end:
                return True
        elif key >= start or key <= end:  # wraps over the new year
            return True
    return False


def iso_week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def is_weekly_digest_day(day: datetime.date) -> bool:
    """The first working day of the ISO week (Monday, or Tuesday after Easter Monday, ...)."""
    if not is_working_day(day):
        return False
    monday = day - datetime.timedelta(days=day.weekday())
    return all(not is_working_day(monday + datetime.timedelta(days=i)) for i in range(day.weekday()))
