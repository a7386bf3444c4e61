"""Conditions in three-valued logic: a condition about one seat leaves the others settled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

import govrules
from govrules.evaluating.conditions import Matter, holds
from govrules.interfaces.cli import cli
from govrules.language.schema import Condition, Seat

# "The police representative does not vote on matters affecting finances."
POLICE_RULE = {"not": {"all": [{"seat_in": ["police"]}, {"affected": ["finances"]}]}}


def police_trust(tmp_path: Path) -> Path:
    seats = [{"id": f"m{i}", "title": f"M{i}", "partner": f"p{i}"} for i in range(11)]
    seats.append({"id": "police", "title": "Police", "partner": "constabulary"})
    partners = [{"id": f"p{i}", "name": f"P{i}"} for i in range(11)]
    partners.append({"id": "constabulary", "name": "Constabulary"})
    data = {
        "id": "t",
        "name": "T",
        "document": {"title": "T"},
        "partners": partners,
        "bodies": [
            {
                "id": "board",
                "name": "Board",
                "seats": seats,
                "quorum": {"number": 3, "source": "1"},
                "voting": {
                    "threshold": {"more_than": "1/2"},
                    "base": "votes-cast",
                    "condition": POLICE_RULE,
                    "source": "2",
                },
            }
        ],
    }
    path = tmp_path / "t.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_holds_is_three_valued_and_short_circuits() -> None:
    seat = Seat(id="police", title="Police", partner="constabulary")
    other = Seat(id="m0", title="M0", partner="p0")
    rule = Condition.model_validate(POLICE_RULE)
    undescribed = Matter()
    assert holds(rule, other, None, undescribed) is True  # seat_in fails: `all` is false
    assert holds(rule, seat, None, undescribed) is None
    assert holds(rule, seat, None, Matter(affects=frozenset())) is True  # affects nobody
    assert holds(rule, seat, None, Matter(affects=frozenset({"constabulary"}))) is False
    either = Condition.model_validate({"any": [{"seat_in": ["police"]}, {"implements": True}]})
    assert holds(either, seat, None, undescribed) is True


def test_only_the_police_seat_is_open(tmp_path: Path) -> None:
    trust = govrules.load(police_trust(tmp_path))
    a = govrules.voters(trust, "board")
    # The rule reads only whom the matter affects: that is all it asks for.
    assert (a.answer, a.needs) == ("incomplete", ("--affects",))
    assert [r.seat for r in a.undetermined] == ["police"]
    assert len(a.voters) == 11
    nobody = govrules.voters(trust, "board", affects=[])
    assert nobody.answer == "determined" and len(nobody.voters) == 12


def test_a_vote_the_police_cannot_change_is_settled(tmp_path: Path) -> None:
    trust = govrules.load(police_trust(tmp_path))
    ayes = [f"m{i}" for i in range(4)]
    noes = [f"m{i}" for i in range(4, 6)] + ["police"]
    assert govrules.vote(trust, "board", for_=ayes, against=noes).answer == "carried"
    close = govrules.vote(trust, "board", for_=ayes[:3], against=noes)
    assert (close.answer, close.needs) == ("incomplete", ("--affects",))


def test_cli_affects_none_and_not_described(tmp_path: Path) -> None:
    path = str(police_trust(tmp_path))
    ask: list[Any] = ["vote", path, "board", "--for", "m0,m1,m2", "--against", "m3,m4,police"]
    undescribed = CliRunner().invoke(cli, [*ask, "--format", "json"])
    assert undescribed.exit_code == 4
    assert json.loads(undescribed.output)["needs"] == ["--affects"]
    nobody = CliRunner().invoke(cli, [*ask, "--affects", "none", "--format", "json"])
    # Affecting nobody, the police vote: 3-3, a tie the MoU gives no way to break.
    assert (nobody.exit_code, json.loads(nobody.output)["tie"]) == (3, "unsettled")
    police = CliRunner().invoke(cli, [*ask, "--affects", "constabulary", "--format", "json"])
    assert json.loads(police.output)["answer"] == "carried"
    voters = CliRunner().invoke(cli, ["voters", path, "board"])
    assert voters.exit_code == 4 and "Needs: --affects (" in voters.output
