"""Counting days (govrules.language.days): calendar, working and clear days, by each region's bank
holidays. Each case is checked against the published UK bank holidays of its year."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from govrules.language.days import (
    Reckoning,
    at_least,
    bank_holidays,
    check_region,
    deadline,
    earliest,
    span,
    within,
)

D = dt.date
CALENDAR = Reckoning()
CLEAR = Reckoning(clear=True)
ENGLAND = Reckoning(working=True, region="england-and-wales")
SCOTLAND = Reckoning(working=True, region="scotland")
NI = Reckoning(working=True, region="northern-ireland")


def test_calendar_days_leave_out_the_day_counted_from_only() -> None:
    # "at least 7 days later": 8 March is 7 days after 1 March, 7 March is 6.
    assert span(D(2010, 3, 1), D(2010, 3, 8), CALENDAR).days == 7
    assert earliest(D(2010, 3, 1), 7, CALENDAR) == D(2010, 3, 8)
    assert at_least(D(2010, 3, 1), D(2010, 3, 8), 7, CALENDAR).holds is True
    assert at_least(D(2010, 3, 1), D(2010, 3, 7), 7, CALENDAR).holds is False


def test_clear_days_leave_out_both_the_day_counted_from_and_the_day_itself() -> None:
    # Re Hector Whaling Ltd [1936] Ch 208: 28 clear days after 1 March are 2 to 29 March, so
    # the step may be on 30 March; on 29 March only 27 whole days lie between.
    s = span(D(2026, 3, 1), D(2026, 3, 30), CLEAR)
    assert (s.days, s.first, s.last) == (28, D(2026, 3, 2), D(2026, 3, 29))
    assert earliest(D(2026, 3, 1), 28, CLEAR) == D(2026, 3, 30)
    assert at_least(D(2026, 3, 1), D(2026, 3, 29), 28, CLEAR).holds is False
    assert "1 March 2026 and 30 March 2026 themselves (clear days)" in s.dates()


def test_working_days_skip_weekends_and_say_how_many() -> None:
    # Wednesday 14 January 2026 to Wednesday 11 February: 28 calendar days, 20 working days
    # (8 weekend days), and no bank holiday in England.
    s = span(D(2026, 1, 14), D(2026, 2, 11), ENGLAND)
    assert (s.days, s.weekend_days, s.holidays) == (20, 8, ())
    assert (s.first, s.last) == (D(2026, 1, 15), D(2026, 2, 11))


def test_twenty_working_days_do_not_meet_twenty_eight_clear_working_days() -> None:
    # The confirming meeting 20 working days after the first is too soon for "not less than
    # twenty eight clear working days"; the first day allowed is 24 February.
    how = Reckoning(working=True, clear=True, region="england-and-wales")
    j = at_least(D(2026, 1, 14), D(2026, 2, 11), 28, how)
    assert j.holds is False and j.bound == (D(2026, 2, 24),)
    assert j.spans[0].days == 19  # 15 January to 10 February: both ends left out
    assert at_least(D(2026, 1, 14), D(2026, 2, 24), 28, how).holds is True
    assert at_least(D(2026, 1, 14), D(2026, 2, 23), 28, how).holds is False


def test_christmas_bank_holidays_are_skipped_in_england_and_wales() -> None:
    # 25 December 2026 is a Friday; Boxing Day (Saturday) is observed on Monday 28 December;
    # 1 January 2027 is a Friday.
    s = span(D(2026, 12, 23), D(2027, 1, 5), ENGLAND)
    assert [d for d, _ in s.holidays] == [D(2026, 12, 25), D(2026, 12, 28), D(2027, 1, 1)]
    # 24, 29, 30, 31 December, 4 and 5 January.
    assert s.days == 6
    assert "25 December 2026 (Christmas Day)" in s.dates()


def test_scotland_keeps_2_january_as_a_bank_holiday_and_england_does_not() -> None:
    # Friday 2 January 2026 is a bank holiday in Scotland only.
    start, end = D(2025, 12, 31), D(2026, 1, 5)
    assert span(start, end, ENGLAND).days == 2  # 2 and 5 January
    assert span(start, end, SCOTLAND).days == 1  # 5 January
    assert D(2026, 1, 2) in bank_holidays("scotland", start, end)
    assert D(2026, 1, 2) not in bank_holidays("england-and-wales", start, end)


def test_scotland_has_no_easter_monday_but_st_andrews_day() -> None:
    easter_monday, st_andrew = D(2026, 4, 6), D(2026, 11, 30)
    assert easter_monday in bank_holidays("england-and-wales", easter_monday, easter_monday)
    assert easter_monday not in bank_holidays("scotland", easter_monday, easter_monday)
    assert st_andrew in bank_holidays("scotland", st_andrew, st_andrew)
    assert st_andrew not in bank_holidays("england-and-wales", st_andrew, st_andrew)


def test_northern_ireland_keeps_12_july_and_st_patricks_day() -> None:
    # Monday 12 July 2027 (the Battle of the Boyne) and Wednesday 17 March 2027.
    week = (D(2027, 7, 9), D(2027, 7, 16))
    assert span(*week, NI).days == 4  # 13 to 16 July
    assert span(*week, ENGLAND).days == 5
    assert D(2027, 3, 17) in bank_holidays("northern-ireland", D(2027, 3, 17), D(2027, 3, 17))
    assert deadline(D(2027, 7, 9), 1, NI) == D(2027, 7, 13)
    assert deadline(D(2027, 7, 9), 1, ENGLAND) == D(2027, 7, 12)


def test_a_deadline_ends_on_the_nth_day_counted() -> None:
    # "within 5 working days" of Wednesday 1 April 2026: 2, 7, 8, 9, 10 April (Good Friday
    # and Easter Monday skipped), so 10 April is in time and 13 April is late.
    assert deadline(D(2026, 4, 1), 5, ENGLAND) == D(2026, 4, 10)
    assert within(D(2026, 4, 1), D(2026, 4, 10), 5, ENGLAND).holds is True
    assert within(D(2026, 4, 1), D(2026, 4, 13), 5, ENGLAND).holds is False
    # Calendar days: within 28 days of 1 April is 29 April; clear days, one day more.
    assert deadline(D(2026, 4, 1), 28, CALENDAR) == D(2026, 4, 29)
    assert deadline(D(2026, 4, 1), 28, CLEAR) == D(2026, 4, 30)


def test_with_no_region_a_span_over_one_regions_holiday_is_not_settled() -> None:
    undeclared = Reckoning(working=True)
    # Over 2 January only Scotland differs: 2 working days elsewhere, 1 in Scotland.
    j = at_least(D(2025, 12, 31), D(2026, 1, 5), 2, undeclared)
    assert j.holds is None
    assert "Scotland" in j.describe()
    # A span with no holiday anywhere is the same in every region.
    j = at_least(D(2026, 1, 14), D(2026, 2, 11), 20, undeclared)
    assert j.holds is True and j.every_region
    assert "the same in every UK region" in j.describe()
    # Counting working days needs a region when asked directly.
    with pytest.raises(ValueError, match="region"):
        span(D(2026, 1, 1), D(2026, 1, 5), undeclared)


def test_an_unknown_region_is_refused_with_the_nearest() -> None:
    assert check_region("scotland") == "scotland"
    with pytest.raises(ValueError, match=r"unknown region `scotand`.*did you mean `scotland`"):
        check_region("scotand")
    with pytest.raises(ValueError, match="unknown region `wales`"):
        bank_holidays("wales", D(2026, 1, 1), D(2026, 1, 2))  # type: ignore[arg-type]


def test_a_span_of_centuries_is_refused() -> None:
    with pytest.raises(ValueError, match="not counted"):
        span(D(1900, 1, 1), D(2100, 1, 1), CALENDAR)


def test_only_counting_working_days_imports_the_holidays_package() -> None:
    code = (
        "import sys, datetime as dt, govrules\n"
        "t = govrules.load('rutland')\n"
        "govrules.escalate(t, 'executive', start=dt.date(2026, 1, 5))\n"
        "before = 'holidays' in sys.modules\n"
        "from govrules.language.days import Reckoning, span\n"
        "span(dt.date(2026, 1, 5), dt.date(2026, 1, 9), Reckoning(True, False, 'scotland'))\n"
        "print(before, 'holidays' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.split() == ["False", "True"]
