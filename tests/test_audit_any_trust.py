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
    assert [(f.topic, f.source.clause if f.source else None) for f in panel] == [
        ("frequency", "4.1")
    ]
    assert "No meeting of the Northshire Panel is recorded from 2010-01-01 to 2010-10-05" in (
        panel[0].text
    )
    assert part.answer == "findings"
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
