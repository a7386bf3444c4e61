"""Escalation, one rule at a time, against a small trust (trusts/escalation.yaml): a Panel whose
dispute goes through five steps, then *may* go to the Committee, which *must* refer it to the
Board, the final arbiter; bodies with no procedure, an unsettled one, two, or a loop.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from clirun import run_cli

import govrules
from govrules import QueryError
from govrules.evaluating.escalation import EscalateAnswer, EscalationStep

TRUST_FILE = Path(__file__).parent / "trusts" / "escalation.yaml"

MAY = "The matter may be referred to `{}`."
MUST = "The matter is referred to `{}`."
MUST_FINAL = "The matter is referred to `{}`."


@cache
def _trust() -> govrules.Trust:
    return govrules.load(str(TRUST_FILE))


def escalate(body: str, procedure: str | None = None) -> EscalateAnswer:
    return govrules.escalate(_trust(), body, procedure=procedure)


def clause(step: EscalationStep) -> str | None:
    return step.source.clause if step.source else None


def referrals(a: EscalateAnswer) -> list[tuple[str | None, str, bool, str | None]]:
    """The steps the routes add after the procedure's own five: (body, action, final, clause)."""
    return [(s.body, s.action, s.final, clause(s)) for s in a.steps[5:]]


def test_the_procedures_own_steps_keep_every_field() -> None:
    a = escalate("panel")
    # Step 5 is marked final, yet the referrals follow it: which decision stands is open.
    assert a.answer == "unspecified" and a.procedure == "disputes"
    own = [
        (
            s.step,
            s.body,
            s.actor,
            s.min_days_after_previous,
            s.max_days,
            s.working_days,
            s.final,
            clause(s),
        )
        for s in a.steps[:5]
    ]
    assert own == [
        (1, "panel", None, None, None, False, False, "1.1"),
        # Outside the trust's bodies: no body.
        (2, None, None, None, 10, True, False, "1.2"),
        (3, "panel", "chair", 7, None, False, False, "1.3"),
        (4, "panel", None, None, None, False, False, "1.4"),
        # A step whose decision is final (1.6), before any route.
        (5, "panel", "mediator", None, None, False, True, "1.6"),
    ]


def test_the_steps_happen_in_the_body_where_the_dispute_arose() -> None:
    for body in ("panel", "committee", "board"):
        steps = escalate(body).steps
        assert [s.body for s in steps[:5]] == [body, None, body, body, body]


def test_the_voting_step_carries_its_vote_and_casting_vote() -> None:
    a = escalate("panel")
    assert [s.vote is not None for s in a.steps] == [False, False, False, True, False, False, False]
    vote = a.steps[3].vote
    assert vote is not None
    assert vote["casting_vote"] == "chair-has"
    assert vote["casting_source"]["clause"] == "1.5"
    assert vote["condition"] is None
    assert "more than one half" in vote["text"]


def test_an_optional_referral_then_a_required_one_to_the_final_arbiter() -> None:
    # 2.1: the Panel *may* refer to the Committee; 2.2: the Committee refers to the Board.
    assert referrals(escalate("panel")) == [
        ("committee", MAY.format("committee"), False, "2.1"),
        ("board", MUST_FINAL.format("board"), True, "2.2"),
    ]


def test_referrals_say_whether_they_are_optional() -> None:
    steps = escalate("panel").steps[-2:]
    assert [(s.body, s.optional, s.final) for s in steps] == [
        ("committee", True, False),
        ("board", False, True),
    ]
    assert [s.to_dict()["optional"] for s in steps] == [True, False]
    assert not any(s.optional for s in escalate("panel").steps[:-2])


def test_a_required_referral_from_where_it_starts() -> None:
    assert referrals(escalate("committee")) == [("board", MUST_FINAL.format("board"), True, "2.2")]


def test_the_final_arbiter_and_its_clause() -> None:
    a = escalate("panel")
    assert a.final_arbiter == "board"
    assert [s.step for s in a.steps if s.final] == [5, 7]
    assert a.steps[-1].body == a.final_arbiter
    # Then the final step 1.6 that the referrals follow (GR112), and each timed step's wait or
    # deadline: 1.2 (within 10 working days), 1.3 (a 7-day wait).
    assert [r.source.clause if r.source else None for r in a.explanation] == [
        "1",
        "2.3",
        "1.6",
        "1.2",
        "1.3",
    ]


def test_a_dispute_at_the_final_arbiter_goes_no_further() -> None:
    a = escalate("board")
    assert len(a.steps) == 5 and referrals(a) == []
    assert not any("no route" in r.text for r in a.explanation)


def test_the_referrals_after_the_final_step_are_told_as_further_decisions() -> None:
    # 1.6: the mediator's decision is final, yet 2.1 and 2.2 refer the matter on, the Board
    # deciding last: the answer says which decision stands is not settled, at the final step.
    (said,) = [r for r in escalate("panel").explanation if "marked final" in r.text]
    assert said.text == (
        "Step 5 is marked final, yet the referrals at steps 6 and 7 follow it as a further "
        "stage: the steps and routes do not settle which decision stands (run `govrules "
        "validate`: GR112)."
    )
    assert said.source is not None and said.source.clause == "1.6"
    (said,) = [r for r in escalate("committee").explanation if "marked final" in r.text]
    assert said.text.startswith("Step 5 is marked final, yet the referral at step 6 follows it ")


@pytest.mark.parametrize("body", ["board", "working-group"])
def test_no_referral_after_the_final_step_is_not_remarked(body: str) -> None:
    # The Board is the final arbiter; the Working Group refers the matter nowhere.
    a = escalate(body, procedure="disputes")
    assert len(a.steps) == 5
    assert not [r for r in a.explanation if "marked final" in r.text]


def test_validate_warns_of_the_referrals_after_the_final_step() -> None:
    # Every route starts from a body the steps are taken in, and neither from the Board.
    (f,) = [f for f in govrules.validate(TRUST_FILE).findings if f.code == "GR112"]
    assert f.render().startswith(
        f"{TRUST_FILE}:48:9: warning[GR112]: step 5 of `disputes` is marked final, yet the "
        "referrals from `panel` to `committee` and from `committee` to `board` follow it as a "
        "further decision (hint: "
    )


def test_a_body_with_no_route_to_the_arbiter_says_so() -> None:
    a = escalate("working-group", procedure="disputes")
    assert a.answer == "determined" and len(a.steps) == 5
    (gap,) = [r for r in a.explanation if "no route" in r.text]
    assert "`working-group`" in gap.text and "`board`" in gap.text


def test_waits_are_explained_with_their_clause() -> None:
    (wait,) = [r for r in escalate("panel").explanation if "at least 7 days" in r.text]
    assert wait.source is not None and wait.source.clause == "1.3"
    assert wait.text.startswith("Step 3 ")


def test_a_body_with_no_procedure_is_unspecified() -> None:
    a = escalate("quiet-group")
    assert a.answer == "unspecified"
    assert (a.procedure, a.steps, a.final_arbiter) == (None, (), None)
    assert [r.source.clause if r.source else None for r in a.explanation] == ["0.5"]


def test_a_procedure_whose_steps_are_not_settled_is_unspecified() -> None:
    a = escalate("unsettled-group")
    assert (a.answer, a.procedure, a.steps) == ("unspecified", "talks", ())
    assert [r.source.clause if r.source else None for r in a.explanation] == ["3"]


def test_a_placeholder_procedure_with_steps_is_still_unspecified() -> None:
    a = escalate("draft-group")
    assert (a.answer, a.procedure, a.steps) == ("unspecified", "draft", ())
    assert [r.source.clause if r.source else None for r in a.explanation] == ["5"]


def test_several_procedures_must_be_chosen_between() -> None:
    with pytest.raises(QueryError, match="several procedures apply to `working-group`"):
        escalate("working-group")
    assert escalate("working-group", procedure="talks").procedure == "talks"


def test_a_procedure_of_other_bodies_is_refused() -> None:
    with pytest.raises(QueryError, match="not used in `panel`"):
        escalate("panel", procedure="ring")


@pytest.mark.parametrize(("start", "other"), [("ring-a", "ring-b"), ("ring-b", "ring-a")])
def test_a_loop_of_routes_ends_before_revisiting_a_body(start: str, other: str) -> None:
    # 4.2 and 4.3 refer the matter back and forth; the arbiter ring-c is never reached.
    a = escalate(start)
    assert a.answer == "determined"
    assert [s.body for s in a.steps] == [start, other]
    assert a.steps[-1].action == MUST.format(other)
    assert not any(s.final for s in a.steps)
    assert any("no route" in r.text for r in a.explanation)


# -- the command line ----------------------------------------------------------------------


def main(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run_cli(capsys, *args)


def test_cli_escalate_json_has_the_referrals_and_finals(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = main("escalate", str(TRUST_FILE), "panel", "--format", "json", capsys=capsys)
    assert (code, err) == (3, "")  # step 5 is final, yet referred on (GR112)
    data = json.loads(out)
    assert data == escalate("panel").to_dict()
    assert data["final_arbiter"] == "board"
    assert [(s["body"], s["action"], s["final"]) for s in data["steps"][5:]] == [
        ("committee", MAY.format("committee"), False),
        ("board", MUST_FINAL.format("board"), True),
    ]
    assert [s["final"] for s in data["steps"][:5]] == [False] * 4 + [True]
    assert (data["steps"][1]["max_days"], data["steps"][1]["working_days"]) == (10, True)


def test_cli_escalate_text_marks_the_final_steps(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = main("escalate", str(TRUST_FILE), "panel", capsys=capsys)
    assert (code, err) == (3, "")  # step 5 is final, yet referred on (GR112)
    lines = out.splitlines()
    assert "  5. [panel] A mediator decides. (final) [1.6]" in lines
    # The referral to the final arbiter is marked from its flag, as a step is.
    assert f"  7. [board] {MUST_FINAL.format('board')} (final) [2.2]" in lines
    assert [line for line in lines if "(final)" in line] == [
        "  5. [panel] A mediator decides. (final) [1.6]",
        f"  7. [board] {MUST_FINAL.format('board')} (final) [2.2]",
    ]
    assert any(line.startswith("  - Step 5 is marked final, yet the referrals ") for line in lines)


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("quiet-group",), 3),
        (("unsettled-group",), 3),
        (("working-group",), 2),
        (("working-group", "--procedure", "disputes"), 0),
        (("panel", "--procedure", "ring"), 2),
    ],
)
def test_cli_escalate_exit_status(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], status: int
) -> None:
    code, _, _ = main("escalate", str(TRUST_FILE), *args, capsys=capsys)
    assert code == status


@pytest.mark.parametrize(("trust", "body"), [("wirral", "wscb"), ("suffolk", "lscb")])
def test_a_partnership_wide_procedure_is_not_an_outside_bodys(trust: str, body: str) -> None:
    # Wirral 18.2: "Issues of conflict within the partnership"; 11.1.1: the WSCB relationship
    # "is not a hierarchical relationship". Suffolk 9.3: the SCB "is not subordinate".
    loaded = govrules.load(trust)
    assert [p.id for p in loaded.procedures if not p.applies_to and not p.routes]
    a = govrules.escalate(loaded, body)
    assert (a.answer, a.steps) == ("unspecified", ())
    assert "outside the trust" in a.explanation[0].text
    with pytest.raises(govrules.QueryError, match="is not used in"):
        govrules.escalate(loaded, body, procedure=loaded.procedures[0].id)


def test_every_surface_agrees_an_outside_body_does_not_use_a_partnership_procedure() -> None:
    wirral = govrules.load("wirral")
    with pytest.raises(QueryError, match="does not apply to `wscb`"):
        govrules.voters(wirral, "wscb", procedure="dispute-resolution")
    shown = govrules.show(wirral, "wscb").to_dict()
    assert "dispute-resolution" not in json.dumps(shown.get("procedures", []))
    assert govrules.voters(wirral, "board", procedure="dispute-resolution").body == "board"


def test_a_route_given_twice_is_refused(tmp_path: Path) -> None:
    # One referral from the Executive to the Board, written once optional and once not: the
    # engine reads one route per pair, so validate refuses the second rather than ignore it.
    import yaml

    data = yaml.safe_load((Path(__file__).resolve().parents[2] / "trusts" / "rutland.yaml")
                          .read_text(encoding="utf-8"))  # fmt: skip
    routes = data["procedures"][0]["routes"]
    assert routes
    routes.append({**routes[0], "optional": not routes[0].get("optional", False)})
    path = tmp_path / "rutland.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    found = [f for f in govrules.validate(path).findings if f.code == "GR011"]
    assert [(f.severity, "is given twice" in f.message) for f in found] == [("error", True)]
