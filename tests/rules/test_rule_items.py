"""Items at a meeting: each decision's quorum and vote judged on who was in the room for it
(late arrivals, early departures, withdrawals), in the school governing body of
examples/public-sector: quorum 5.1 (one half of the members in office, rounded up),
inquorate decisions void 5.2, a governor with an interest withdraws 7.1.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import builders
import pytest
import yaml
from clirun import run_cli

import govrules

ROOT = Path(__file__).parents[2]
SCHOOL = ROOT / "examples" / "public-sector" / "school-governing-body.yaml"
RECORD = ROOT / "examples" / "public-sector" / "records" / "school-governing-body-2026-03-10.yaml"

EIGHT = ["parent"] * 3 + ["authority"] * 2 + ["community"] * 2 + ["head"]


@pytest.fixture(scope="module")
def school() -> govrules.Trust:
    return govrules.load(str(SCHOOL))


def record(*decisions: dict[str, Any], **more: Any) -> dict[str, Any]:
    """Eight present of 15 in office (18 places, 2 vacant, 1 suspended): quorate by one."""
    return {
        "body": "governing-body",
        "date": "2026-03-10",
        "vacant": ["parent", "community"],
        "suspended": ["community"],
        "attendees": EIGHT,
        "decisions": list(decisions),
        **more,
    }


def item(motion: str, **more: Any) -> dict[str, Any]:
    return {"motion": motion, "for": ["parent", "parent", "parent", "community"], **more}


def test_governors_wales_one_of_eight_withdraws_and_only_that_item_is_inquorate() -> None:
    # The worked example: 18 places, 2 vacancies, 1 suspension, quorum 8; one of the 8 present
    # withdraws for an interest (7.1), so that item is inquorate and its decision void (5.2);
    # the items before and after it are not.
    a = govrules.check(RECORD)
    assert a.quorate == "quorate"
    got = [(d.quorate, d.effect, d.vote.present if d.vote else None) for d in a.decisions]
    assert got == [("quorate", "binding", 8), ("inquorate", "void", 7), ("quorate", "binding", 8)]
    assert a.answer == "invalid"
    errors = [
        (f.decision, f.source.clause if f.source else None)
        for f in a.findings
        if f.severity == "error"
    ]
    assert errors == [(1, "5.2")]


def test_the_worked_example_through_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "check", str(RECORD), "--format", "json")
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert [(d["quorate"], d["present"], d["effect"]) for d in data["decisions"]] == [
        ("quorate", 8, "binding"),
        ("inquorate", 7, "void"),
        ("quorate", 8, "binding"),
    ]
    assert data == govrules.check(RECORD).to_dict()
    code, text, _ = run_cli(capsys, "check", str(RECORD))
    assert "this item is inquorate: 7 present, 8 needed. [5.1]" in text
    assert (
        "  - Award the catering contract: carried (void) — this item inquorate, 7 present\n" in text
    )
    assert "  - Adopt the educational visits policy: carried\n" in text


@pytest.mark.parametrize(
    ("changes", "quorate"),
    [
        # A late arrival before the second item: the first is decided by seven.
        ({1: {"arrived": ["head"]}}, ["inquorate", "quorate", "quorate"]),
        # A departure before the third item: it and any after it are decided by seven.
        ({2: {"left": ["head"]}}, ["quorate", "quorate", "inquorate"]),
        # Out of the room for the second item only, for a reason other than an interest.
        ({1: {"withdrawn": ["authority"]}}, ["quorate", "inquorate", "quorate"]),
        # Arrives late and leaves early: in the room for the second item alone.
        ({1: {"arrived": ["head"]}, 2: {"left": ["head"]}}, ["inquorate", "quorate", "inquorate"]),
    ],
)
def test_each_item_is_judged_on_who_was_in_the_room(
    school: govrules.Trust, changes: dict[int, dict[str, Any]], quorate: list[str]
) -> None:
    items = [item(f"Item {i}") for i in range(3)]
    for i, more in changes.items():
        items[i].update(more)
    a = govrules.check(record(*items), trust=school)
    assert [d.quorate for d in a.decisions] == quorate
    assert [d.effect for d in a.decisions] == [
        "binding" if q == "quorate" else "void" for q in quorate
    ]
    warned = [f.decision for f in a.findings if "this item is inquorate" in f.text]
    assert warned == [i for i, q in enumerate(quorate) if q == "inquorate"]
    assert all(
        "not in the room for it" in f.text
        for f in a.findings
        if f.decision in warned and "item is" in f.text
    )


def test_the_same_record_without_the_vacancies_is_every_place_filled_and_open(
    school: govrules.Trust,
) -> None:
    # With no vacancies stated a quorum of the seats filled is not settled: 8 of 18 is short
    # with every place filled, so the meeting's quorum and the record are `incomplete`, and
    # the record needs its vacancies.
    data = record(item("Item"))
    del data["vacant"]
    a = govrules.check(data, trust=school)
    assert (a.answer, a.quorate, a.needs) == ("incomplete", "incomplete", ("vacancies",))


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        ({0: {"arrived": ["staff"]}}, "arrived", "`staff` arrives more times than"),
        ({0: {"left": ["staff"]}}, "left", "`staff` leaves before this item but has no member"),
        ({0: {"left": ["head"]}, 1: {"left": ["head"]}}, "left", "`head` leaves before"),
        ({0: {"withdrawn": ["bursar"]}}, "withdrawn", "has no seat `bursar`"),
        ({1: {"left": ["parent"] * 3}}, "for", "`parent` votes but is not present for this item"),
    ],
)
def test_impossible_comings_and_goings_are_located_errors(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    changes: dict[int, dict[str, Any]],
    key: str,
    message: str,
) -> None:
    items = [item("First"), item("Second")]
    for i, more in changes.items():
        items[i].update(more)
    path = tmp_path / "record.yaml"
    text = yaml.safe_dump(record(*items, trust=str(SCHOOL)), sort_keys=False)
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "check", str(path))
    assert (code, out) == (2, "")
    assert re.fullmatch(rf"govrules: error: {re.escape(str(path))}:\d+:\d+: .*\n", err), err
    assert message in err
    line = int(err.split(":")[3])
    assert (
        text.splitlines()[line - 1].lstrip(" -").startswith(f"{key}:")
        or key in text.splitlines()[line - 2]
    )


def test_audit_counts_a_member_who_left_early_or_arrived_late_as_attending() -> None:
    trust = builders.absences_trust()
    meetings = [
        {
            "body": "board",
            "date": day,
            "attendees": ["a", "b", "c"],
            "decisions": [{"motion": "M", "for": ["a", "b"], change: ["c"]}],
        }
        for day, change in (("2026-01-10", "left"), ("2026-02-10", "arrived"))
    ]
    found = govrules.audit(trust, meetings).findings
    assert not [f for f in found if f.topic == "attendance"]
    absent = [dict(m, attendees=["a", "b"], decisions=[]) for m in meetings]
    found = govrules.audit(trust, absent).findings
    assert [f.topic for f in found if f.topic == "attendance"] == ["attendance"]


def test_the_example_record_is_the_worked_example() -> None:
    data = yaml.safe_load(RECORD.read_text(encoding="utf-8"))
    assert (len(data["vacant"]), len(data["suspended"]), len(data["attendees"])) == (2, 1, 8)


@pytest.mark.parametrize(
    ("attendees", "decision", "quorate"),
    [
        # 4.3: substitutes count toward no quorum. Four attend, `alpha` by a substitute: three
        # count (2.1 needs three); with `observer` out for the item only two do.
        (["alpha", "beta", "gamma", "observer"], {"withdrawn": ["observer"]}, "inquorate"),
        (["alpha", "beta", "gamma", "observer"], {}, "quorate"),
        # Three attend, one by a substitute: the meeting itself is inquorate.
        (["alpha", "beta", "gamma"], {}, "inquorate"),
    ],
)
def test_an_items_quorum_leaves_out_substitutes_who_do_not_count(
    attendees: list[str], decision: dict[str, Any], quorate: str
) -> None:
    trust = govrules.load(str(Path(__file__).parent / "trusts" / "meetings.yaml"))
    rec = {
        "body": "mute-board",
        "date": "2024-01-01",
        "attendees": attendees,
        "substitutes": ["alpha"],
        "decisions": [{"motion": "M", "for": ["beta", "gamma"], **decision}],
    }
    (d,) = govrules.check(rec, trust=trust).decisions
    # The decision is worth what the quorum makes it: the MoU does not say what an inquorate
    # decision of this board is worth, so it does not bind just because the vote counted all.
    expected = ("binding", True) if quorate == "quorate" else ("unspecified", None)
    assert (d.quorate, d.effect, d.binding) == (quorate, *expected)
