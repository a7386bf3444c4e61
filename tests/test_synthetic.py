"""The synthetic MoU generator used by the benchmarks makes trusts govrules accepts.

These check the generator's correctness (its files validate, its escalation chain reaches
the final arbiter, its meeting records are valid), not speed: no test here times anything.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import govrules

ROOT = Path(__file__).resolve().parent.parent


def _generator() -> ModuleType:
    # benchmarks/ is not a package; load its generator by path, whatever the working folder.
    path = ROOT / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("govrules_benchmarks_synthetic", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


synthetic = _generator()


def _write(tmp_path: Path, spec: Any, name: str = "synthetic.yaml") -> Path:
    path = tmp_path / name
    path.write_text(synthetic.mou_yaml(spec), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "spec",
    [
        synthetic.MouSpec(),
        synthetic.MouSpec(seats=3, bodies=1, partners=1),
        synthetic.MouSpec(seats=250, bodies=40, depth=7, seats_per_body=1, partners=30),
        synthetic.MouSpec(seats=12, bodies=20, depth=0, partners=50),
    ],
    ids=["default", "smallest", "wide", "no-chain"],
)
def test_generated_mou_validates_with_no_findings(tmp_path: Path, spec: Any) -> None:
    result = govrules.validate(_write(tmp_path, spec))
    assert [f.render() for f in result.findings] == []
    assert result.answer == "ok"


def test_generated_board_has_the_promised_seats_and_voters(tmp_path: Path) -> None:
    spec = synthetic.MouSpec(seats=30, bodies=4)
    trust = govrules.load(_write(tmp_path, spec))
    board = trust.body(synthetic.FINAL_ARBITER)
    assert board is not None
    assert len(board.seats) == 30
    assert board.members_total == spec.board_places == 31  # one seat has two places
    assert [b.id for b in trust.bodies] == ["board", "body-1", "body-2", "body-3"]
    answer = govrules.voters(trust, "board")
    assert answer.answer == "determined"
    assert [r.seat for r in answer.voters] == synthetic.voting_seats(spec)
    assert [r.seat for r in answer.non_voters] == ["seat-2"]
    q = govrules.quorum(trust, "board", count=16)
    assert (q.answer, q.required) == ("quorate", 16)  # at least 1/2 of 31 places


def test_escalate_along_a_chain_of_depth_50_reaches_the_final_arbiter(tmp_path: Path) -> None:
    spec = synthetic.MouSpec(seats=10, bodies=51)
    assert spec.chain == 50
    trust = govrules.load(_write(tmp_path, spec))
    start = synthetic.deepest_body(spec)
    assert start == "body-50"
    answer = govrules.escalate(trust, start)
    assert answer.answer == "determined"
    assert answer.procedure == synthetic.PROCEDURE
    assert answer.final_arbiter == "board"
    steps = answer.steps
    assert len(steps) == synthetic.PROCEDURE_STEPS + 50
    assert [s.body for s in steps[: synthetic.PROCEDURE_STEPS]] == ["body-50"] * 3
    referrals = [s.body for s in steps[synthetic.PROCEDURE_STEPS :]]
    assert referrals == [f"body-{i}" for i in range(49, 0, -1)] + ["board"]
    assert steps[-1].final and not any(s.final for s in steps[:-1])
    assert all(s.source is not None for s in steps)


def test_explicit_depth_shorter_than_the_bodies(tmp_path: Path) -> None:
    spec = synthetic.MouSpec(seats=5, bodies=30, depth=4)
    trust = govrules.load(_write(tmp_path, spec))
    answer = govrules.escalate(trust, synthetic.deepest_body(spec))
    assert [s.body for s in answer.steps][-4:] == ["body-3", "body-2", "body-1", "board"]
    # A body beyond the chain has no route, so no procedure applies to it.
    assert govrules.escalate(trust, "body-20").answer == "unspecified"


@pytest.mark.parametrize("attendees", [None, 9, 30])
def test_generated_meeting_record_is_valid(tmp_path: Path, attendees: int | None) -> None:
    spec = synthetic.MouSpec(seats=30)
    trust_file = _write(tmp_path, spec, "trust.yaml")
    record = tmp_path / "record.yaml"
    record.write_text(
        synthetic.meeting_yaml(spec, trust_file.name, attendees, decisions=2), encoding="utf-8"
    )
    answer = govrules.check(record)
    if attendees == 9:  # 10 people (seat-3 sends two) of 31 places: below the quorum of 16
        assert (answer.answer, answer.quorate) == ("valid", "inquorate")
        assert [d.effect for d in answer.decisions] == ["in-principle"] * 2
    else:
        assert (answer.answer, answer.quorate) == ("valid", "quorate")
        assert [d.answer for d in answer.decisions] == ["carried", "carried"]
        assert all(d.binding for d in answer.decisions)


def test_impossible_specs_are_refused() -> None:
    with pytest.raises(ValueError, match="depth"):
        synthetic.MouSpec(bodies=5, depth=5)
    with pytest.raises(ValueError, match="seats"):
        synthetic.MouSpec(seats=2)
    with pytest.raises(ValueError, match="attendees"):
        synthetic.meeting_yaml(synthetic.MouSpec(seats=5), "t.yaml", attendees=6)


def test_command_line_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "cli.yaml"
    assert synthetic.main(["--seats", "7", "--bodies", "3", "-o", str(out)]) == 0
    assert govrules.validate(out).findings == ()
