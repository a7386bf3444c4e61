"""Counting days: calendar days, working days and clear days, by a region's bank holidays.

A rule of time says how many days, and how they are counted:

- **calendar days** count every day;
- **working days** count Monday to Friday, less the bank holidays of the region whose
  calendar applies (England and Wales, Scotland, or Northern Ireland: each has its own);
- **clear days** leave out both the day of the event the days are counted from and the day
  of the step itself, so "28 clear days" means 28 whole days *between* them. This is the
  settled legal meaning: "clear days" exclude the first and the last day (*Re Hector Whaling
  Ltd* [1936] Ch 208), as the Companies Act 2006, s.360, does for notice of a meeting (the day
  the notice is given and the day of the meeting are not counted). Days that are not clear
  leave out the day of the event only: a step on 8 March is 7 days after 1 March.

"Clear working days" combines both: the working days strictly between the two dates.

A wait ("not less than N days after") holds when the days counted reach N; a deadline
("within N days") when the step comes no later than the last day of a window of N days
counted the same way (for working days, the Nth working day).

Bank holidays come from the ``holidays`` package, imported only when working days are
counted (its import costs some 60 ms that no other question should pay).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, get_args

from .vocabulary import REGIONS, Region

__all__ = [
    "Judgement",
    "Reckoning",
    "Span",
    "at_least",
    "bank_holidays",
    "check_region",
    "deadline",
    "earliest",
    "span",
    "within",
]

# The `holidays` package's subdivisions of GB. England and Wales share their bank holidays.
_SUBDIVISION = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}

assert set(get_args(Region)) == set(REGIONS) == set(_SUBDIVISION)

# A span longer than this is refused: no procedure waits a century, and a year-by-year
# holiday table for one would be wasted work (or an attack).
MAX_SPAN_DAYS = 36_600


def check_region(region: str) -> Region:
    """``region`` as a :data:`Region`.

    :raises ValueError: an unknown region, with the nearest known one.
    """
    if region in REGIONS:
        return region  # type: ignore[return-value]
    import difflib

    near = difflib.get_close_matches(region, list(REGIONS), n=1)
    hint = f"; did you mean `{near[0]}`?" if near else ""
    known = ", ".join(f"`{r}`" for r in REGIONS)
    raise ValueError(f"unknown region `{region}` (regions: {known}){hint}")


# Bounded in bytes by construction: a key is one of the few regions and a year, a value one
# year's bank holidays (at most some 2 kB: measured over 1950-2099), so 256 entries hold under
# 1 MB. It pays: a year costs some 0.3 ms to compute and a working-day count reads every year
# it spans, on every question that counts one.
@lru_cache(maxsize=256)
def _year_holidays(region: Region, year: int) -> dict[dt.date, str]:
    import holidays  # lazily: only working days need it

    table = holidays.country_holidays("GB", subdiv=_SUBDIVISION[region], years=year)
    return {day: str(name) for day, name in sorted(table.items())}


def bank_holidays(region: Region, first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """The bank holidays of ``region`` from ``first`` to ``last`` (inclusive), by name."""
    check_region(region)
    out: dict[dt.date, str] = {}
    for year in range(first.year, last.year + 1):
        out.update(
            (day, name)
            for day, name in _year_holidays(region, year).items()
            if first <= day <= last
        )
    return out


@dataclass(frozen=True)
class Reckoning:
    """How a rule counts its days: calendar or working days, clear or not, and whose bank
    holidays (``region``; ``None`` where the trust declares none)."""

    working: bool = False
    clear: bool = False
    region: Region | None = None

    def unit(self, n: int) -> str:
        """``28 clear working days``, ``1 day``."""
        words = [w for w, on in (("clear", self.clear), ("working", self.working)) if on]
        return " ".join([str(n), *words, "day" if n == 1 else "days"])

    def regions(self) -> tuple[Region | None, ...]:
        """The regions to count under: the declared one; every one where working days are
        counted and none is declared (the answer stands only where they agree); none for
        calendar days, which no holiday changes."""
        if not self.working:
            return (None,)
        if self.region is not None:
            return (self.region,)
        return tuple(get_args(Region))

    def to_dict(self) -> dict[str, Any]:
        return {"working_days": self.working, "clear_days": self.clear, "region": self.region}


def _counts(day: dt.date, working: bool, holidays: dict[dt.date, str]) -> bool:
    return not working or (day.weekday() < 5 and day not in holidays)


def _bounded(start: dt.date, end: dt.date) -> None:
    if abs((end - start).days) > MAX_SPAN_DAYS:
        raise ValueError(f"a span of more than {MAX_SPAN_DAYS} days is not counted")


@dataclass(frozen=True)
class Span:
    """The days counted between an event and a later day, and which were left out."""

    start: dt.date
    end: dt.date
    reckoning: Reckoning
    region: Region | None
    days: int
    """How many days count."""
    first: dt.date | None
    """The first day counted (``None``: none)."""
    last: dt.date | None
    """The last day counted."""
    weekend_days: int = 0
    """Saturdays and Sundays left out (working days only)."""
    holidays: tuple[tuple[dt.date, str], ...] = field(default=())
    """Bank holidays on a weekday left out, each with its name."""

    def dates(self) -> str:
        """The days counted, in words: first and last day, and what was left out."""
        if self.first is None or self.last is None:
            return f"no day counted between {_day(self.start)} and {_day(self.end)}"
        text = f"{_day(self.first)} to {_day(self.last)}"
        left_out = []
        if self.reckoning.clear:
            left_out.append(f"{_day(self.start)} and {_day(self.end)} themselves (clear days)")
        if self.weekend_days:
            left_out.append(
                f"{self.weekend_days} weekend day{'s' if self.weekend_days != 1 else ''}"
            )
        if self.holidays:
            names = ", ".join(f"{_day(d)} ({n})" for d, n in self.holidays)
            left_out.append(f"the bank holiday{'s' if len(self.holidays) != 1 else ''} {names}")
        elif self.reckoning.working:
            left_out.append("no bank holiday falls between")
        if left_out:
            text += "; not counting " + ", ".join(left_out)
        return text

    def describe(self, name_region: bool = True) -> str:
        """``19 clear working days (15 January 2026 to 10 February 2026; not counting ...)``,
        naming the region whose bank holidays were skipped unless ``name_region`` is false."""
        where = f" in {REGIONS[self.region]}" if self.region is not None and name_region else ""
        return f"{self.reckoning.unit(self.days)}{where} ({self.dates()})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "days": self.days,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "region": self.region,
            "weekend_days": self.weekend_days,
            "holidays": [{"date": d.isoformat(), "name": n} for d, n in self.holidays],
            **self.reckoning.to_dict(),
        }


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def span(start: dt.date, end: dt.date, how: Reckoning, region: Region | None = None) -> Span:
    """The days counted from the event on ``start`` to a step on ``end``: the days after
    ``start`` up to ``end`` (up to the day before ``end`` where they are clear), working days
    only where ``how`` says so, by the bank holidays of ``region`` (default ``how.region``).

    :raises ValueError: an unknown region, or working days with no region.
    """
    region = region or how.region
    if how.working and region is None:
        raise ValueError("working days are counted by a region's bank holidays; none is given")
    _bounded(start, end)
    first_day = start + dt.timedelta(days=1)
    last_day = end - dt.timedelta(days=1) if how.clear else end
    holidays = bank_holidays(region, first_day, last_day) if how.working and region else {}
    counted: list[dt.date] = []
    weekend = 0
    skipped: list[tuple[dt.date, str]] = []
    day = first_day
    while day <= last_day:
        if _counts(day, how.working, holidays):
            counted.append(day)
        elif day.weekday() >= 5:
            weekend += 1
        else:
            skipped.append((day, holidays[day]))
        day += dt.timedelta(days=1)
    return Span(
        start,
        end,
        how,
        region if how.working else None,
        len(counted),
        counted[0] if counted else None,
        counted[-1] if counted else None,
        weekend,
        tuple(skipped),
    )


def _nth_counted(start: dt.date, n: int, how: Reckoning, region: Region | None) -> dt.date:
    """The ``n``th day counted after ``start`` (``start`` itself for 0)."""
    if n == 0:
        return start
    # Enough room for n working days over any run of weekends and holidays: 7/5 of n, plus
    # two weeks for Christmas and New Year.
    horizon = start + dt.timedelta(days=n * 7 // 5 + 16 if how.working else n)
    _bounded(start, horizon)
    holidays = bank_holidays(region, start, horizon) if how.working and region else {}
    day, seen = start, 0
    while seen < n:
        day += dt.timedelta(days=1)
        if _counts(day, how.working, holidays):
            seen += 1
    return day


def earliest(start: dt.date, n: int, how: Reckoning, region: Region | None = None) -> dt.date:
    """The first day a step may be held "not less than ``n`` days after" ``start``: the
    ``n``th day counted, or the day after it where the days are clear."""
    region = region or how.region
    if how.working and region is None:
        raise ValueError("working days are counted by a region's bank holidays; none is given")
    nth = _nth_counted(start, n, how, region)
    return nth + dt.timedelta(days=1) if how.clear else nth


def deadline(start: dt.date, n: int, how: Reckoning, region: Region | None = None) -> dt.date:
    """The last day of a window of ``n`` days from ``start`` ("within ``n`` days"): the
    ``n``th day counted; where the days are clear, the next day counted (so that no more
    than ``n`` lie between)."""
    region = region or how.region
    if how.working and region is None:
        raise ValueError("working days are counted by a region's bank holidays; none is given")
    return _nth_counted(start, n + 1 if how.clear else n, how, region)


@dataclass(frozen=True)
class Judgement:
    """Whether a timing rule holds for two dates, under every region it must be counted by."""

    holds: bool | None
    """``None``: it depends on which region's bank holidays apply, and the trust does not say."""
    spans: tuple[Span, ...]
    """The days counted, once per region counted under."""
    bound: tuple[dt.date, ...]
    """The earliest day (a wait) or the last day (a deadline), once per region where they
    differ."""
    every_region: bool = False
    """No region is declared, and every region counts the same days."""

    def describe(self) -> str:
        """The dates counted, in words, naming each region where they differ."""
        if self.every_region:
            return self.spans[0].describe(name_region=False) + ", the same in every UK region"
        return " or ".join(s.describe() for s in self.spans)


def _judge(start: dt.date, end: dt.date, n: int, how: Reckoning, wait: bool) -> Judgement:
    spans, bounds, verdicts = [], [], []
    for region in how.regions():
        s = span(start, end, how, region)
        bound = (earliest if wait else deadline)(start, n, how, region)
        spans.append(s)
        bounds.append(bound)
        verdicts.append(end >= bound if wait else end <= bound)
    holds = verdicts[0] if len(set(verdicts)) == 1 else None
    same = len(spans) > 1 and len({(s.days, s.holidays) for s in spans}) == 1
    if same:
        # Every region counts the same days: one span says it.
        spans = spans[:1]
    return Judgement(holds, tuple(spans), tuple(dict.fromkeys(bounds)), every_region=same)


def at_least(start: dt.date, end: dt.date, n: int, how: Reckoning) -> Judgement:
    """Is a step on ``end`` "not less than ``n`` days after" the event on ``start``?"""
    return _judge(start, end, n, how, wait=True)


def within(start: dt.date, end: dt.date, n: int, how: Reckoning) -> Judgement:
    """Is a step on ``end`` "within ``n`` days" of the event on ``start``?"""
    return _judge(start, end, n, how, wait=False)
