"""`incomplete` (exit 4): the question lacks a fact the answer depends on, and says which."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from builders import MUST_INCLUDE_HEALTH, health_board_file
from click.testing import CliRunner

import govrules
from govrules.interfaces.cli import cli

HEALTH = MUST_INCLUDE_HEALTH


def run(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    return result.exit_code, json.loads(result.output)


def test_a_count_cannot_say_who_attended(tmp_path: Path) -> None:
    path = health_board_file(tmp_path, HEALTH)
    code, data = run("quorum", str(path), "board", "--count", "5")
    assert (code, data["answer"], data["needs"]) == (4, "incomplete", ["--present"])
    assert data["required"] == 4  # the settled part is still reported
    text = CliRunner().invoke(cli, ["quorum", str(path), "board", "--count", "5"])
    assert text.exit_code == 4 and "Needs: --present" in text.output


def test_a_count_too_small_is_inquorate_whoever_attended(tmp_path: Path) -> None:
    code, data = run("quorum", str(health_board_file(tmp_path, HEALTH)), "board", "--count", "3")
    assert (code, data["answer"]) == (1, "inquorate")
    assert "needs" not in data


def test_the_seats_present_settle_it(tmp_path: Path) -> None:
    trust = govrules.load(health_board_file(tmp_path, HEALTH))
    yes = govrules.quorum(trust, "board", present=["council"] * 3 + ["nhs"])
    no = govrules.quorum(trust, "board", present=["council"] * 5)
    assert (yes.answer, no.answer) == ("quorate", "inquorate")
    assert yes.needs == () and no.needs == ()


def test_filled_seats_without_vacancies(tmp_path: Path) -> None:
    trust = govrules.load(health_board_file(tmp_path, {"at_least": "1/2", "of": "filled-seats"}))
    # Quorate with every seat filled: quorate whatever the vacancies.
    assert govrules.quorum(trust, "board", count=4).answer == "quorate"
    short = govrules.quorum(trust, "board", count=3)
    assert (short.answer, short.needs) == ("incomplete", ("--vacancies",))
    assert govrules.quorum(trust, "board", count=3, vacancies=2).answer == "quorate"
    assert govrules.quorum(trust, "board", count=3, vacancies=0).answer == "inquorate"
    code, data = run(
        "quorum",
        str(health_board_file(tmp_path, {"at_least": "1/2", "of": "filled-seats"})),
        "board",
        "--count",
        "3",
    )
    assert (code, data["needs"]) == (4, ["--vacancies"])


def two_named_seats(tmp_path: Path) -> Path:
    return health_board_file(
        tmp_path, {"number": 1, "must_include": [{"seats": ["council", "nhs"], "at_least": 2}]}
    )


def test_a_count_too_small_for_the_presence_rule_is_inquorate(tmp_path: Path) -> None:
    # Quorum 1, but two of the named seats must attend: one attendee cannot be enough,
    # whoever it was; no fact is missing.
    trust = govrules.load(two_named_seats(tmp_path))
    a = govrules.quorum(trust, "board", count=1)
    assert (a.answer, a.needs) == ("inquorate", ())
    assert "cannot include" in " ".join(r.text for r in a.explanation)
    assert govrules.quorum(trust, "board", count=2).answer == "incomplete"
    code, data = run("quorum", str(two_named_seats(tmp_path)), "board", "--count", "1")
    assert (code, data["answer"]) == (1, "inquorate") and "needs" not in data


def test_disjoint_presence_rules_add_up(tmp_path: Path) -> None:
    # A council member and two health members: three attendees at least, though the quorum
    # (one) and each rule alone (two) would allow two.
    quorum = {
        "number": 1,
        "must_include": [{"seats": ["council"]}, {"partner": "health", "at_least": 2}],
    }
    trust = govrules.load(health_board_file(tmp_path, quorum))
    assert govrules.quorum(trust, "board", count=2).answer == "inquorate"
    three = govrules.quorum(trust, "board", count=3)
    assert (three.answer, three.needs) == ("incomplete", ("--present",))


def test_a_presence_rule_no_meeting_can_meet(tmp_path: Path) -> None:
    quorum = {"number": 1, "must_include": [{"partner": "health", "at_least": 3}]}
    trust = govrules.load(health_board_file(tmp_path, quorum))
    a = govrules.quorum(trust, "board", count=8)
    assert a.answer == "inquorate"
    assert "too few such places" in " ".join(r.text for r in a.explanation)
