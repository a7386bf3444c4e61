"""Meeting records that contradict themselves in ways not shown elsewhere: elections, a matter
naming a stranger, a seat voting more often than its members present, a stranger's interest;
and a decision's own findings beside the meeting's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import govrules
from govrules import LoadError
from govrules.interfaces.cli import cli
from govrules.language.schema import Trust

TRUST = Trust.model_validate(
    {
        "id": "t",
        "name": "T",
        "document": {"title": "T"},
        "partners": [{"id": "council", "name": "Council"}],
        "bodies": [
            {
                "id": "board",
                "name": "The Board",
                "source": "1",
                "chair": {"selection": "elected", "source": "2"},
                "seats": [
                    {"id": "a", "title": "A", "partner": "council", "count": 2},
                    {"id": "b", "title": "B"},
                    {"id": "c", "title": "C"},
                ],
                "quorum": {"number": 2, "source": "4", "inquorate_decisions": "void"},
                "voting": {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "5"},
            }
        ],
    }
)


def record(**changes: Any) -> dict[str, Any]:
    return {"trust": "t", "body": "board", "date": "2024-05-01", "attendees": ["a", "b"]} | changes


def test_the_record_itself_is_valid() -> None:
    a = govrules.check(record(elections=[{"office": "chair", "seat": "b"}]), trust=TRUST)
    assert a.answer == "valid" and a.quorate == "quorate"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"elections": [{"office": "chair", "seat": "z"}]}, "`board` has no seat `z`"),
        ({"elections": [{"office": "vice-chair"}]}, "`board` has no vice-chair"),
        (
            {"decisions": [{"motion": "M", "for": ["a"], "affects": ["police"]}]},
            "`police` is neither a partner of `t` nor a seat of `board`",
        ),
        (
            {"attendees": ["a", "b"], "decisions": [{"motion": "M", "for": ["a", "a"]}]},
            "`a` votes more times than it has members present (1)",
        ),
        (
            {"decisions": [{"motion": "M", "for": ["a"], "interests": ["z"]}]},
            "`board` has no seat `z`",
        ),
        ({"decisions": [{"motion": "M", "against": ["c"]}]}, "`c` votes but is not present"),
    ],
)
def test_a_record_that_contradicts_itself_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(LoadError) as caught:
        govrules.check(record(**changes), trust=TRUST)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_each_decision_keeps_its_own_findings() -> None:
    # Two members of `a` and `b` attend: quorate. The first motion is carried 2-1; the second
    # is lost 1-2; neither decision's findings name the other.
    rec = record(
        attendees=["a", "a", "b"],
        decisions=[
            {"motion": "First", "for": ["a", "a"], "against": ["b"]},
            {"motion": "Second", "for": ["b"], "against": ["a", "a"]},
        ],
    )
    a = govrules.check(rec, trust=TRUST)
    assert a.answer == "valid"
    assert [(d.motion, d.answer, d.binding) for d in a.decisions] == [
        ("First", "carried", True),
        ("Second", "lost", True),
    ]
    assert [(d.for_, d.against) for d in (r.vote for r in a.decisions) if d] == [(2, 1), (1, 2)]


def test_a_record_given_as_a_mapping_is_named_as_such_in_its_errors() -> None:
    with pytest.raises(LoadError) as caught:
        govrules.check(record(attendees=["z"]), trust=TRUST)
    assert str(caught.value).startswith("<record>")


def test_the_cli_reports_each_decisions_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "t.yaml").write_text(
        json.dumps(TRUST.model_dump(mode="json", by_alias=True, exclude_none=True))
    )
    rec = record(
        attendees=["a", "b", "c"],
        decisions=[{"motion": "M", "for": ["a", "b"], "against": ["c"]}],
        trust="t.yaml",
    )
    (tmp_path / "r.yaml").write_text(json.dumps(rec))
    code = 0
    try:
        cli.main(["check", str(tmp_path / "r.yaml"), "--format", "json"])
    except SystemExit as exc:
        code = int(exc.code or 0)
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["answer"] == "valid"
    (decision,) = data["decisions"]
    assert (decision["motion"], decision["answer"], decision["binding"]) == ("M", "carried", True)
    assert (decision["for"], decision["against"], decision["abstain"]) == (2, 1, 0)
