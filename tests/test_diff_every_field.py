"""``diff`` sees the rules that ``audit`` and ``check`` read beyond the quorum and the vote:
a body's absences, its rule on interests, what its meetings must do and the seats that may
send a substitute. Each change is asked of the structured changes, not their words."""

from __future__ import annotations

from typing import Any

import pytest
from builders import trust_of

from govrules.authoring.diff import KINDS, diff

SEATS = [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]


def _board(**rules: Any) -> dict[str, Any]:
    return {"id": "board", "name": "Board", "seats": SEATS, **rules}


def _kinds(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str | None]]:
    answer = diff(
        trust_of(old, _board(id="other", name="Other")),
        trust_of(new, _board(id="other", name="Other")),
    )
    return [(c.kind, c.body) for c in answer.changes]


ABSENCE = {"absences": 3, "window": "year", "by": "seat", "source": "7"}


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        ({}, {"absences": [ABSENCE]}, "absences-changed"),
        ({"absences": [ABSENCE]}, {}, "absences-changed"),
        ({"absences": [ABSENCE]}, {"absences": [{**ABSENCE, "absences": 2}]}, "absences-changed"),
        (
            {"absences": [ABSENCE]},
            {"absences": [{**ABSENCE, "deputy_counts_as_present": False}]},
            "absences-changed",
        ),
        ({}, {"interests": {"withdraws": True, "source": "14"}}, "interests-changed"),
        (
            {"interests": {"withdraws": False, "may_vote": True, "source": "14"}},
            {"interests": {"withdraws": False, "may_vote": False, "source": "14"}},
            "interests-changed",
        ),
        (
            {"meets": {"frequency": "quarterly", "source": "5"}},
            {"meets": {"frequency": "quarterly", "minutes_within_days": 10, "source": "5"}},
            "meetings-changed",
        ),
        (
            {"meets": {"frequency": "quarterly", "source": "5"}},
            {"meets": {"frequency": "quarterly", "before_each": "other", "source": "5"}},
            "meetings-changed",
        ),
        (
            {"substitutes": {"allowed": True, "source": "6"}},
            {"substitutes": {"allowed": True, "only_for": ["a"], "source": "6"}},
            "substitutes-changed",
        ),
    ],
)
def test_a_change_audit_or_check_reads_is_a_change(
    old: dict[str, Any], new: dict[str, Any], kind: str
) -> None:
    assert kind in KINDS
    assert _kinds(_board(**old), _board(**new)) == [(kind, "board")]


def test_the_same_rules_written_again_are_no_change() -> None:
    rules = {
        "absences": [ABSENCE],
        "interests": {"withdraws": True, "source": "14", "note": "reworded"},
        "meets": {"frequency": "quarterly", "before_each": "other", "source": "5"},
        "substitutes": {"allowed": True, "only_for": ["b", "a"], "source": "6"},
    }
    reordered = {**rules, "substitutes": {"allowed": True, "only_for": ["a", "b"], "source": "6"}}
    assert _kinds(_board(**rules), _board(**reordered)) == []


def test_may_vote_is_no_change_for_a_member_who_withdraws() -> None:
    # A member who withdraws cannot vote, whatever `may_vote` says (GR206 flags it).
    old = {"interests": {"withdraws": True, "may_vote": True, "source": "14"}}
    new = {"interests": {"withdraws": True, "may_vote": False, "source": "14"}}
    assert _kinds(_board(**old), _board(**new)) == []


def test_a_removed_rule_is_cited_from_the_old_version() -> None:
    old = trust_of(_board(absences=[ABSENCE]))
    new = trust_of(_board())
    (change,) = diff(old, new).changes
    assert (change.kind, change.before, change.after) == (
        "absences-changed",
        "3 absences in a year by a seat lead to follow-up",
        "none stated",
    )
    assert change.source is not None and change.source.clause == "7"


def test_a_constraint_on_chairs_added_and_removed() -> None:
    # Reported after the bodies' changes, cited from the version that has the constraint.
    constraint = {"kind": "distinct-chairs", "bodies": ["board", "other"], "source": "9"}
    bodies = (_board(), _board(id="other", name="Other"))
    without, with_ = trust_of(*bodies), trust_of(*bodies, constraints=[constraint])
    added = [
        (c.kind, c.before, c.after, c.source and c.source.clause)
        for c in diff(without, with_).changes
    ]
    removed = [
        (c.kind, c.before, c.after, c.source and c.source.clause)
        for c in diff(with_, without).changes
    ]
    assert added == [("constraint-added", None, "distinct-chairs", "9")]
    assert removed == [("constraint-removed", "distinct-chairs", None, "9")]
    assert (
        diff(with_, trust_of(*bodies, constraints=[{**constraint, "note": "again"}])).changes == ()
    )


def test_meetings_that_ask_nothing_of_audit_are_no_change_when_removed() -> None:
    # No meetings rule and one with no duties leave `audit` nothing to hold a body to.
    kinds = _kinds(_board(meets={"frequency": "quarterly", "source": "5"}), _board())
    assert kinds == [("meetings-changed", "board")]  # the frequency alone
