"""A decision confirmed at a later meeting: a resolution carried at a step a later step must
confirm (the step's ``confirmed_by``) has no effect yet, through ``vote`` (``--step``),
``check``, ``audit`` and ``validate`` (GR110).

The gallery's federation procedure is the worked example: 6.2 "The resolution has effect only
if it is confirmed by the governing body at a meeting held not less than twenty eight clear
working days after the meeting at which it was passed."
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from builders import reading_gap, trust_of
from clirun import run_cli

import govrules
from govrules import QueryError
from govrules.evaluating.audit import audit

ROOT = Path(__file__).resolve().parents[2]
FEDERATION = ROOT / "examples" / "public-sector" / "federation.yaml"
RECORDS = ROOT / "examples" / "public-sector" / "records"

VOTE = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "6.1"}
FIRST = {"action": "Resolve", "body": "board", "vote": VOTE, "confirmed_by": 2, "source": "6.1"}
SECOND = {"action": "Confirm the resolution.", "body": "board", "source": "6.2"}
NOTICE = {"action": "The clerk tells the council", "actor": "clerk", "source": "6.3"}


def _board(**more: Any) -> dict[str, Any]:
    return {
        "id": "board",
        "name": "Board",
        "seats": [{"id": "m", "title": "Member", "count": 5}],
        "quorum": {"number": 3, "inquorate_decisions": "void", "source": "3"},
        "voting": {**VOTE, "source": "4"},
        **more,
    }


def _trust(*steps: dict[str, Any], **more: Any) -> Any:
    procedure = {"id": "confirm", "name": "Confirm", "applies_to": ["board"], "steps": steps}
    return trust_of(_board(), procedures=({**procedure, "source": "6"},), **more)


def _vote(trust: Any, **more: Any) -> Any:
    return govrules.vote(
        trust, "board", for_=["m", "m", "m"], against=["m"], procedure="confirm", **more
    )


def test_a_resolution_a_later_step_must_confirm_is_carried_but_pending() -> None:
    trust = _trust(FIRST, {**SECOND, "vote": {**VOTE, "source": "6.2"}}, NOTICE)
    first = _vote(trust)
    assert (first.answer, first.binding, first.effect) == ("carried", False, "pending")
    (why,) = [r for r in first.explanation if "not yet in effect" in r.text]
    assert "step 1" in why.text and "step 2 (Confirm the resolution)" in why.text
    assert why.source is not None and why.source.clause == "6.2"  # the confirming step's
    # Named, the first step is the same question; the confirmation itself binds.
    assert _vote(trust, step=1).effect == "pending"
    second = _vote(trust, step=2)
    assert (second.answer, second.binding, second.effect) == ("carried", True, "binding")
    assert second.explanation[0].source is not None
    assert second.explanation[0].source.clause == "6.2"  # counted by step 2's own vote
    # Lost is lost: nothing waits on a confirmation.
    lost = govrules.vote(trust, "board", for_=["m"], against=["m", "m"], procedure="confirm")
    assert (lost.answer, lost.effect) == ("lost", "binding")
    assert not any("not yet in effect" in r.text for r in lost.explanation)


def test_a_step_without_a_vote_of_its_own_is_counted_by_the_first_vote() -> None:
    # Step 2 states no vote: the confirmation is counted by step 1's rule, and binds.
    trust = _trust(FIRST, SECOND)
    second = _vote(trust, step=2)
    assert (second.answer, second.effect) == ("carried", "binding")
    assert second.explanation[0].source is not None
    assert second.explanation[0].source.clause == "6.1"
    # Without confirmed_by, the first resolution binds at once.
    plain = _trust({k: v for k, v in FIRST.items() if k != "confirmed_by"}, SECOND)
    assert _vote(plain).effect == "binding"


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (4, "procedure `confirm` has 3 step(s), not 4"),
        (3, "step 3 of procedure `confirm` puts nothing to a vote"),
    ],
)
def test_a_step_the_body_cannot_vote_at_is_refused(step: int, message: str) -> None:
    trust = _trust(FIRST, SECOND, NOTICE)
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _vote(trust, step=step)


def test_a_step_taken_in_another_body_is_refused() -> None:
    panel = {**_board(), "id": "panel", "name": "Panel"}
    procedure = {
        "id": "confirm",
        "name": "Confirm",
        "applies_to": ["board", "panel"],
        "steps": [FIRST, {**SECOND, "body": "panel"}],
        "source": "6",
    }
    trust = trust_of(_board(), panel, procedures=(procedure,))
    with pytest.raises(QueryError, match="step 2 of procedure `confirm` is taken in `panel`"):
        _vote(trust, step=2)
    assert (
        govrules.vote(
            trust, "panel", for_=["m", "m", "m"], against=["m"], procedure="confirm", step=2
        ).effect
        == "binding"
    )


def test_a_reading_without_the_confirmation_leaves_the_effect_open() -> None:
    # Read one way the first resolution waits on step 2, the other way it has effect at once:
    # carried either way, but whether it is in effect is not settled.
    trust = _trust(FIRST, SECOND, gaps=[reading_gap("confirm.steps.0.confirmed_by", None)])
    a = _vote(trust)
    assert (a.answer, a.binding, a.effect) == ("carried", None, "unspecified")
    assert sorted(str(dict(r.facts)["effect"]) for r in a.readings) == ["binding", "pending"]


def test_the_command_line_exits_1_for_a_pending_resolution_and_0_once_confirmed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = (
        "vote", str(FEDERATION), "governing-body", "--procedure", "federation",
        "--for", "headteacher,parent-governor,parent-governor,la-governor,co-opted-governor",
        "--against", "staff-governor", "--vacancies", "0",
    )  # fmt: skip
    code, out, _ = run_cli(capsys, *args)
    assert code == 1
    assert "CARRIED — NOT YET IN EFFECT: to be confirmed at a later step (6.2)" in out
    code, out, _ = run_cli(capsys, *args, "--step", "2", "--format", "json")
    assert code == 0
    assert (json.loads(out)["effect"], json.loads(out)["binding"]) == ("binding", True)
    code, _, err = run_cli(capsys, *args, "--step", "3")
    assert code == 2 and "step 3 of procedure `federation` puts nothing to a vote" in err


def test_check_shows_the_first_resolution_pending_and_the_confirmation_binding() -> None:
    first = govrules.check(RECORDS / "federation-first.yaml")
    assert first.answer == "valid"  # validly taken; it waits on its confirmation
    (decision,) = first.decisions
    assert (decision.answer, decision.binding, decision.effect) == ("carried", False, "pending")
    confirmed = govrules.check(RECORDS / "federation-confirmed.yaml")
    (decision,) = confirmed.decisions
    assert (confirmed.answer, decision.effect) == ("valid", "binding")
    # The audit reads the two together: a confirmed pending resolution is no problem.
    trust = govrules.load(FEDERATION)
    both = audit(trust, [RECORDS / "federation-first.yaml", RECORDS / "federation-confirmed.yaml"])
    assert [f.text for f in both.findings if f.topic == "meeting" and f.severity == "error"] == []


def _record(attendees: list[str], **more: Any) -> dict[str, Any]:
    decision = {"motion": "M", "procedure": "confirm", "for": ["m", "m"], "against": [], **more}
    return {"body": "board", "date": "2026-03-01", "attendees": attendees, "decisions": [decision]}


@pytest.mark.parametrize(
    ("worth", "effect", "answer"),
    [("void", "void", "invalid"), ("binding", "pending", "valid")],
)
def test_an_inquorate_meeting_decides_what_a_pending_resolution_is_worth(
    worth: str, effect: str, answer: str
) -> None:
    # Two of five present against a quorum of three: void stays void; where inquorate
    # decisions still bind, the resolution still waits on its confirmation.
    board = _board(quorum={"number": 3, "inquorate_decisions": worth, "source": "3"})
    procedure = {"id": "confirm", "name": "C", "applies_to": ["board"], "steps": [FIRST, SECOND]}
    trust = trust_of(board, procedures=({**procedure, "source": "6"},))
    a = govrules.check(_record(["m", "m"], step=1), trust)
    (decision,) = a.decisions
    assert (a.answer, decision.effect, decision.binding) == (answer, effect, False)


@pytest.mark.parametrize(
    ("first", "message"),
    [
        ({**FIRST, "confirmed_by": 1}, "step 1 of `confirm` is confirmed by step 1"),
        ({**FIRST, "confirmed_by": 3}, "step 1 of `confirm` is confirmed by step 3"),
        (
            {k: v for k, v in FIRST.items() if k != "vote"},
            "step 1 of `confirm` puts nothing to a vote",
        ),
    ],
)
def test_validate_refuses_a_confirmation_by_no_later_step(
    tmp_path: Path, first: dict[str, Any], message: str
) -> None:
    data = {
        "id": "rules",
        "name": "Rules",
        "document": {"title": "Rules"},
        "bodies": [_board()],
        "procedures": [
            {"id": "confirm", "name": "C", "applies_to": ["board"], "steps": [first, SECOND],
             "source": "6"},
        ],
    }  # fmt: skip
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    found = [f for f in govrules.validate(path).findings if f.code == "GR110"]
    assert [(f.severity, message in f.message) for f in found] == [("error", True)]
    assert found[0].line is not None  # at the field itself
    assert "confirmed_by" in path.read_text().splitlines()[found[0].line - 1]


def test_a_step_that_neither_votes_nor_confirms_is_refused() -> None:
    # A consultation between the resolution and its confirmation puts nothing to a vote: a
    # resolution "at" it is not counted by the first step's rule.
    consult = {"action": "Consult parents", "body": "board", "source": "6.1"}
    trust = _trust({**FIRST, "confirmed_by": 3}, consult, {**SECOND, "source": "6.2"})
    with pytest.raises(QueryError, match="step 2 of procedure `confirm` puts nothing to a vote"):
        _vote(trust, step=2)
    third = _vote(trust, step=3)  # the confirmation, counted by the vote it confirms
    assert (third.answer, third.effect) == ("carried", "binding")


def test_the_audit_finds_the_resolution_a_confirmation_confirms(tmp_path: Path) -> None:
    # With a consultation between them, the confirmation at step 3 confirms step 1 (its
    # confirmed_by), not step 2: a lost first resolution is still an error.
    data = yaml.safe_load(FEDERATION.read_text(encoding="utf-8"))
    steps = data["procedures"][0]["steps"]
    consult = {"action": "The governing body consults parents.", "body": "governing-body",
               "source": "6.1"}  # fmt: skip
    steps[0]["confirmed_by"] = 3
    steps.insert(1, consult)
    (tmp_path / "fed.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    first = yaml.safe_load((RECORDS / "federation-first.yaml").read_text(encoding="utf-8"))
    first["trust"] = "fed.yaml"
    first["decisions"][0]["for"] = ["headteacher", "parent-governor"]
    first["decisions"][0]["against"] = ["staff-governor", "parent-governor", "parent-governor",
                                        "la-governor", "co-opted-governor"]  # fmt: skip
    confirm = yaml.safe_load((RECORDS / "federation-confirmed.yaml").read_text(encoding="utf-8"))
    confirm["trust"] = "fed.yaml"
    confirm["decisions"][0]["step"] = 3
    files = []
    for name, record in (("first", first), ("confirm", confirm)):
        files.append(tmp_path / f"{name}.yaml")
        files[-1].write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    a = audit(govrules.load(tmp_path / "fed.yaml"), files)
    errors = [f.text for f in a.findings if f.severity == "error"]
    assert a.answer == "findings"
    assert len(errors) == 1 and "step 3 of `federation`" in errors[0]
    assert errors[0].endswith("which was not carried (lost).")


def test_validate_refuses_a_confirmation_by_someone_s_act_alone(tmp_path: Path) -> None:
    data = yaml.safe_load(FEDERATION.read_text(encoding="utf-8"))
    data["procedures"][0]["steps"][0]["confirmed_by"] = 3  # the clerk's notice
    path = tmp_path / "fed.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    found = [f for f in govrules.validate(path).findings if f.code == "GR110"]
    assert [f.severity for f in found] == ["error"]
    assert "is taken by clerk, not by a meeting's decision" in found[0].message


def test_a_record_naming_a_step_that_decides_nothing_is_refused_at_the_step() -> None:
    # The clerk's notice (6.3) takes no decision: the record names the wrong step.
    record = yaml.safe_load((RECORDS / "federation-first.yaml").read_text(encoding="utf-8"))
    record["trust"] = str(FEDERATION)
    record["decisions"][0]["step"] = 3
    with pytest.raises(govrules.LoadError, match="step 3 of procedure `federation` puts nothing"):
        govrules.check(record)


def test_a_pending_resolution_does_not_bind_whatever_an_inquorate_meeting_is_worth() -> None:
    # The MoU silent on inquorate decisions leaves a decision's effect open, but not that of a
    # first resolution: it has no effect until confirmed, either way.
    board = _board(quorum={"number": 3, "source": "3"})
    procedure = {"id": "confirm", "name": "C", "applies_to": ["board"], "steps": [FIRST, SECOND]}
    trust = trust_of(board, procedures=({**procedure, "source": "6"},))
    a = govrules.vote(trust, "board", for_=["m", "m"], against=[], procedure="confirm")
    assert (a.answer, a.binding, a.effect) == ("carried", False, "pending")
    assert any("not yet in effect" in r.text for r in a.explanation)
