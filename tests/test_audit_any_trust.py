"""Audit and check any MoU file (by path, bundled name or a loaded trust), and audit periods:
absences "in any one year" as soon as they reach the number, frequency over whole years, and
a body that must meet with no record at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

import govrules
from govrules import LoadError, QueryError
from govrules.evaluating.audit import audit, record_files

NORTHSHIRE = {
    "id": "northshire",
    "name": "Northshire Partnership",
    "document": {"title": "Northshire MoU"},
    "partners": [
        {"id": "council", "name": "Northshire Council"},
        {"id": "health", "name": "Northshire Health"},
    ],
    "bodies": [
        {
            "id": "board",
            "name": "Northshire Board",
            "seats": [
                {"id": "council", "title": "Council member", "partner": "council"},
                {"id": "health", "title": "Health member", "partner": "health"},
            ],
            "quorum": {"number": 1, "source": {"clause": "3.1"}},
            "meets": {"frequency": "quarterly", "per_year": 4, "source": {"clause": "3.2"}},
            "absences": [{"absences": 2, "window": "year", "source": {"clause": "3.3"}}],
        },
        {
            "id": "panel",
            "name": "Northshire Panel",
            "seats": [{"id": "chair", "title": "Chair"}],
            "meets": {"frequency": "twice a year", "per_year": 2, "source": {"clause": "4.1"}},
        },
    ],
}


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _record(folder: Path, date: str, attendees: list[str], **more: Any) -> Path:
    data = {"body": "board", "date": date, "attendees": attendees, **more}
    return _write(folder / f"{date}-{data['body']}.yaml", data)


def _kinds(answer: Any) -> list[tuple[str, str]]:
    return sorted((f.topic, f.body) for f in answer.findings)


@pytest.mark.parametrize("named", ["../northshire.yaml", "northshire.yaml", "northshire"])
def test_a_users_own_mou_audits_by_path_and_by_the_loaded_trust(tmp_path: Path, named: str) -> None:
    trust_file = _write(tmp_path / "northshire.yaml", NORTHSHIRE)
    folder = tmp_path / "records" if named.startswith("..") else tmp_path
    for month in ("01", "04", "07", "10"):
        _record(folder, f"2010-{month}-05", ["council", "health"], trust=named)
        _write(
            folder / f"2010-{month}-06-panel.yaml",
            {"trust": named, "body": "panel", "date": f"2010-{month}-06", "attendees": ["chair"]},
        )
    files = sorted(folder.glob("2010-*.yaml"))
    end = dt.date(2010, 12, 31)
    by_path = audit(govrules.load(str(trust_file)), files, end=end)
    assert (by_path.answer, by_path.records, by_path.findings) == ("clean", 8, ())
    loaded = govrules.load(trust_file)
    assert audit(loaded, files, end=end).answer == "clean"
    # check() on its own finds the trust the record names, relative to the record (an id
    # names the file of that name beside it)
    assert govrules.check(files[0]).trust == "northshire"


def test_a_record_for_another_trust_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "northshire.yaml", NORTHSHIRE)
    other = _write(tmp_path / "southshire.yaml", {**NORTHSHIRE, "id": "southshire"})
    record = _record(tmp_path / "records", "2010-01-05", ["council"], trust="../southshire.yaml")
    with pytest.raises(QueryError, match=r"is for trust `\.\./southshire\.yaml`, not `northshire`"):
        audit(govrules.load(tmp_path / "northshire.yaml"), [record])
    assert audit(govrules.load(other), [record]).records == 1


def test_check_with_a_trust_needs_no_trust_key(tmp_path: Path) -> None:
    trust = govrules.load(_write(tmp_path / "northshire.yaml", NORTHSHIRE))
    record = {"body": "board", "date": "2010-01-05", "attendees": ["council"]}
    assert govrules.check(record, trust=trust).quorate == "quorate"
    with pytest.raises(LoadError, match="does not say which trust"):
        govrules.check(record)


def _board_year(tmp_path: Path, dates_and_attendees: list[tuple[str, list[str]]]) -> list[Path]:
    _write(tmp_path / "northshire.yaml", NORTHSHIRE)
    folder = tmp_path / "records"
    return [_record(folder, d, a, trust="../northshire.yaml") for d, a in dates_and_attendees]


def test_absences_in_any_one_year_are_reported_as_soon_as_they_reach_the_number(
    tmp_path: Path,
) -> None:
    # 3.3 (two absences in any one year): health missed April and October; the year is
    # not over, but the rule is already broken.
    files = _board_year(
        tmp_path,
        [
            ("2010-01-05", ["council", "health"]),
            ("2010-04-05", ["council"]),
            ("2010-07-05", ["council", "health"]),
            ("2010-10-05", ["council"]),
        ],
    )
    trust = govrules.load(tmp_path / "northshire.yaml")
    a = audit(trust, files)
    assert a.period == ("2010-01-01", "2010-10-05")
    attendance = [f for f in a.findings if f.topic == "attendance"]
    assert [(f.body, f.source.clause if f.source else None) for f in attendance] == [
        ("board", "3.3")
    ]
    assert "(`health`) was absent from 2" in attendance[0].text
    # one absence by October is not yet a breach
    assert not any(f.topic == "attendance" for f in audit(trust, files[:3]).findings)


def test_a_frequency_minimum_waits_for_a_whole_year(tmp_path: Path) -> None:
    # 3.2 (quarterly, 4 a year): three meetings by October may still become four.
    files = _board_year(
        tmp_path,
        [
            ("2010-01-05", ["council", "health"]),
            ("2010-04-05", ["council", "health"]),
            ("2010-10-05", ["council", "health"]),
        ],
    )
    trust = govrules.load(tmp_path / "northshire.yaml")
    board = [f for f in audit(trust, files).findings if f.body == "board"]
    assert board == []
    whole = audit(trust, files, end=dt.date(2010, 12, 31))
    assert [(f.topic, f.body) for f in whole.findings if f.body == "board"] == [
        ("frequency", "board")
    ]
    # two meetings, two more needed and one day left (at most a meeting a day): cannot be met
    late = audit(trust, files[:2], end=dt.date(2010, 12, 30))
    assert ("frequency", "board") in _kinds(late)
    # two days left: it still can
    assert ("frequency", "board") not in _kinds(audit(trust, files[:2], end=dt.date(2010, 12, 29)))


def test_a_body_required_to_meet_with_no_record_is_reported(tmp_path: Path) -> None:
    files = _board_year(
        tmp_path, [(f"2010-{m}-05", ["council", "health"]) for m in ["01", "04", "07", "10"]]
    )
    trust = govrules.load(tmp_path / "northshire.yaml")
    part = audit(trust, files)  # January to October: no panel record at all
    panel = [f for f in part.findings if f.body == "panel"]
    assert [(f.topic, f.severity, f.source.clause if f.source else None) for f in panel] == [
        ("frequency", "unspecified", "4.1")
    ]
    assert "No meeting of the Northshire Panel is recorded from 2010-01-01 to 2010-10-05" in (
        panel[0].text
    )
    # Twice a year may still be met in the 87 days left: a part of a year does not settle it.
    assert part.answer == "unspecified"
    # Too short a period to expect a meeting of a body that meets twice a year: nothing said.
    brief = audit(trust, files, start=dt.date(2010, 1, 1), end=dt.date(2010, 3, 1))
    assert [f for f in brief.findings if f.body == "panel"] == []
    assert brief.answer == "clean"
    whole = audit(trust, files, end=dt.date(2010, 12, 31))
    assert [f.text for f in whole.findings if f.body == "panel"] == [
        "The Northshire Panel met 0 time(s) in 2010; the MoU says it meets twice a year "
        "(at least 2 a year)."
    ]


def test_a_body_with_no_stated_frequency_and_no_record_is_only_noted(tmp_path: Path) -> None:
    data = {
        **NORTHSHIRE,
        "bodies": [
            NORTHSHIRE["bodies"][0],
            {"id": "panel", "name": "Panel", "seats": [{"id": "chair", "title": "Chair"}]},
        ],
    }
    _write(tmp_path / "northshire.yaml", data)
    files = [
        _record(tmp_path, f"2010-{m}-05", ["council", "health"], trust="northshire.yaml")
        for m in ["01", "04", "07", "10"]
    ]
    a = audit(govrules.load(tmp_path / "northshire.yaml"), record_files(files))
    assert a.answer == "clean"
    assert any("panel" in r.text and "not audited" in r.text for r in a.explanation)


def _board_quorum(tmp_path: Path, quorum: dict[str, Any]) -> Path:
    voting = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": {"clause": "3.4"}}
    data = {
        **NORTHSHIRE,
        "bodies": [{**NORTHSHIRE["bodies"][0], "quorum": quorum, "voting": voting}],
    }
    return _write(tmp_path / "northshire.yaml", data)


def _year_with_one_thin_meeting(tmp_path: Path, **thin: Any) -> list[Path]:
    """Four quarterly board meetings, both members at three; at the fourth only the council
    member, who carries a motion alone."""
    decision = {"motion": "Adopt the plan", "for": ["council"], "against": []}
    files = [
        _record(tmp_path, f"2010-{m}-05", ["council", "health"], trust="northshire.yaml")
        for m in ("01", "04", "07")
    ]
    files.append(
        _record(
            tmp_path,
            "2010-10-05",
            ["council"],
            trust="northshire.yaml",
            decisions=[decision],
            **thin,
        )
    )
    return files


def test_an_audit_is_clean_only_where_every_meeting_is_settled(tmp_path: Path) -> None:
    # More than half of the seats filled: with both filled one member is inquorate, with one
    # vacancy quorate, so the lone member's decision turns on the vacancies the record omits.
    trust = govrules.load(
        _board_quorum(
            tmp_path,
            {
                "more_than": "1/2",
                "of": "filled-seats",
                "inquorate_decisions": "void",
                "source": {"clause": "3.1"},
            },
        )
    )
    end = dt.date(2010, 12, 31)
    lacking = audit(trust, _year_with_one_thin_meeting(tmp_path), end=end)
    assert (lacking.answer, lacking.needs, lacking.findings) == ("incomplete", ("vacancies",), ())
    assert [m.get("needs") for m in lacking.meetings] == [None, None, None, ["vacancies"]]
    assert "2010-10-05" in lacking.explanation[0].text
    assert "vacancies" in lacking.explanation[0].text
    # Given the facts the check needs, the same year is judged: one vacancy makes it quorate,
    # none makes the decision void (a problem found).
    assert (
        audit(trust, _year_with_one_thin_meeting(tmp_path, vacancies=1), end=end).answer == "clean"
    )
    void = audit(trust, _year_with_one_thin_meeting(tmp_path, vacancies=0), end=end)
    assert void.answer == "findings"
    assert [f.topic for f in void.findings] == ["meeting"]


def test_an_audit_over_a_meeting_the_mou_does_not_settle_is_unspecified(tmp_path: Path) -> None:
    # The MoU leaves the board's quorum open: a meeting that decided something is not settled.
    trust = govrules.load(
        _board_quorum(
            tmp_path,
            {
                "status": "unspecified",
                "note": "The MoU says a quorum is needed, not what it is.",
                "source": {"clause": "3.1"},
            },
        )
    )
    end = dt.date(2010, 12, 31)
    a = audit(trust, _year_with_one_thin_meeting(tmp_path), end=end)
    assert (a.answer, a.needs, a.findings) == ("unspecified", (), ())
    assert any("2010-10-05" in r.text and "does not settle" in r.text for r in a.explanation)
    # A problem found is definite whatever else is open: the health member's absences.
    data = {
        **NORTHSHIRE,
        "bodies": [
            {
                **NORTHSHIRE["bodies"][0],
                "quorum": {"status": "unspecified", "source": {"clause": "3.1"}},
                "absences": [{"absences": 1, "window": "year", "source": {"clause": "3.3"}}],
            }
        ],
    }
    _write(tmp_path / "northshire.yaml", data)
    strict = audit(
        govrules.load(tmp_path / "northshire.yaml"), _year_with_one_thin_meeting(tmp_path), end=end
    )
    assert strict.answer == "findings"
    assert any("does not settle" in r.text for r in strict.explanation)


def test_a_period_that_ends_before_it_starts_is_refused(tmp_path: Path) -> None:
    files = _board_year(tmp_path, [("2010-01-05", ["council", "health"])])
    trust = govrules.load(tmp_path / "northshire.yaml")
    with pytest.raises(QueryError, match="ends \\(2010-01-01\\) before it starts"):
        audit(trust, files, start=dt.date(2011, 1, 1), end=dt.date(2010, 1, 1))


def test_a_minutes_deadline_the_records_cannot_be_held_to_leaves_the_audit_incomplete(
    tmp_path: Path,
) -> None:
    # Minutes within 7 days (3.4): a record that does not say when they went out cannot be
    # checked against it, so the audit cannot call the year clean.
    meets = {**NORTHSHIRE["bodies"][0]["meets"], "minutes_within_days": 7}
    data = {**NORTHSHIRE, "bodies": [{**NORTHSHIRE["bodies"][0], "meets": meets}]}
    _write(tmp_path / "northshire.yaml", data)
    trust = govrules.load(tmp_path / "northshire.yaml")
    months = ("01", "04", "07", "10")
    sent = {"minutes_circulated": "2010-{}-09"}
    files = [
        _record(tmp_path, f"2010-{m}-05", ["council", "health"], trust="northshire.yaml",
                **{k: v.format(m) for k, v in sent.items()})
        for m in months
    ]  # fmt: skip
    end = dt.date(2010, 12, 31)
    assert audit(trust, files, end=end).answer == "clean"
    _record(tmp_path, "2010-10-05", ["council", "health"], trust="northshire.yaml")
    a = audit(trust, files, end=end)
    assert (a.answer, a.needs) == ("incomplete", ("minutes_circulated",))
    assert [(f.topic, f.severity) for f in a.findings] == [("minutes", "info")]


def test_a_whole_years_length_without_a_meeting_is_a_problem_found(tmp_path: Path) -> None:
    # April to March, twelve months, no panel record: "twice a year" is broken however the
    # year is counted. A period with no record in it at all is refused: nothing to vouch for.
    files = _board_year(
        tmp_path, [(f"2010-{m}-05", ["council", "health"]) for m in ["04", "07", "10"]]
        + [("2011-01-05", ["council", "health"])]
    )  # fmt: skip
    trust = govrules.load(tmp_path / "northshire.yaml")
    a = audit(trust, files, start=dt.date(2010, 4, 1), end=dt.date(2011, 3, 31))
    panel = [f for f in a.findings if f.body == "panel"]
    assert [(f.severity, "365 days" in f.text) for f in panel] == [("warning", True)]
    assert a.answer == "findings"
    with pytest.raises(QueryError, match="none of the 4 meeting record\\(s\\) falls in the period"):
        audit(trust, files, start=dt.date(2012, 1, 1), end=dt.date(2012, 2, 1))
