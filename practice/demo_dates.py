"""The demo's dates, relative to the day `seed_demo` runs (the practice's local date), so a fresh
demo always reads as current: review dates, post dates and the notice banner."""

import datetime

from django.utils import timezone

__all__ = ["days_ago", "demo_notice", "office_holidays"]


def days_ago(days, today=None):
    """The date `days` before `today` (the practice's local date when the seed runs): the demo's
    dates (reviews, posts, the notice) are relative to the day it is seeded, so a fresh demo
    always looks current."""
    return (today or timezone.localdate()) - datetime.timedelta(days=days)


def nth_weekday(year, month, weekday, n):
    """The n-th `weekday` (0 = Monday) of a month; n = -1 for the last one."""
    if n > 0:
        first = datetime.date(year, month, 1)
        return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = next_month - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


def office_holidays(year):
    """The days the demo practice's office closes: the main US federal holidays."""
    return [
        (datetime.date(year, 1, 1), "New Year's Day"),
        (nth_weekday(year, 5, 0, -1), "Memorial Day"),
        (datetime.date(year, 7, 4), "Independence Day"),
        (nth_weekday(year, 9, 0, 1), "Labor Day"),
        (nth_weekday(year, 11, 3, 4), "Thanksgiving"),
        (datetime.date(year, 12, 25), "Christmas Day"),
    ]


def demo_notice(today=None):
    """(text, first day, last day) of the demo's notice banner, current on the day the demo is
    seeded: the next holiday closure when one is less than six weeks away, else a note that new
    clients are welcome, for four weeks."""
    today = today or timezone.localdate()
    upcoming = [
        (day, name)
        for year in (today.year, today.year + 1)
        for day, name in office_holidays(year)
        if day >= today
    ]
    day, name = min(upcoming)
    if (day - today).days <= 42:
        date = f"{day:%A}, {day:%B} {day.day}"
        return (
            f"Holiday hours: closed {date}, for {name}.",
            today,
            day,
        )
    return (
        "Now welcoming new clients, in person or by video.",
        today,
        today + datetime.timedelta(days=28),
    )
