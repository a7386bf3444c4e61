"""Membership in office: vacancies (by seat or by count) and suspensions, as facts of a question
or a meeting record, through the library, the command line, scenario files and the HTTP API.

The school governing body of examples/public-sector: 18 places; quorum 5.1 "one half (rounded
up to a whole number) of the membership, excluding vacancies" (real-world rules, row 15).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import builders
import pytest
from clirun import run_cli

import govrules
from govrules import QueryError
from govrules.authoring.scenarios import run_scenarios

ROOT = Path(__file__).parents[2]
SCHOOL = ROOT / "examples" / "public-sector" / "school-governing-body.yaml"
GB = "governing-body"


@pytest.fixture(scope="module")
def school() -> govrules.Trust:
    return govrules.load(str(SCHOOL))


@pytest.fixture(scope="module")
def school_served() -> Iterator[Any]:
    """`govrules serve` of the school's trust (needs the `serve` extra)."""
    serving = pytest.importorskip("test_serve")
    server = serving.start(str(SCHOOL))
    try:
        yield server
    finally:
        serving.stop(server)


def board(of: str = "filled-seats", **quorum: Any) -> govrules.Trust:
    """Ten places (two seats); a quorum of one half of ``of``, rounded up."""
    rule = {"at_least": "1/2", "of": of, "rounding": "up", "source": "5.1", **quorum}
    if "number" in quorum:
        rule = {"number": quorum["number"], "source": "5.1"}
    return builders.trust_of(
        {
            "id": "board",
            "name": "Board",
            "seats": [
                {"id": "parent", "title": "Parent", "count": 4},
                {"id": "member", "title": "Member", "count": 6},
            ],
            "quorum": rule,
            "voting": {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "6"},
        }
    )


# --- the quorum of the members in office --------------------------------------------------------


def test_governors_wales_eighteen_places_two_vacant_one_suspended_need_eight(
    school: govrules.Trust,
) -> None:
    # 5.1: one half of the membership excluding vacancies, rounded up. A suspended governor
    # holds the place but may not act, so fills none: 18 - 2 - 1 = 15 in office, half is 7.5,
    # rounded up 8.
    facts = {"vacant": ["parent", "community"], "suspended": ["community"]}
    eight = govrules.quorum(school, GB, count=8, **facts)
    assert (eight.answer, eight.required, eight.membership) == ("quorate", 8, 15)
    seven = govrules.quorum(school, GB, count=7, **facts)
    assert (seven.answer, seven.required) == ("inquorate", 8)
    assert any(
        "2 vacant and 1 suspended: 15 member(s) in office" in r.text for r in eight.explanation
    )


def test_fourteen_places_two_vacant_need_six() -> None:
    # Real-world rules row 15: 14 places, 2 vacant -> quorum 6 (one half of 12).
    trust = builders.one_body_trust(
        {"at_least": "1/2", "of": "filled-seats", "rounding": "up", "source": "5.1"}, None, 14
    )
    got = govrules.quorum(trust, "board", count=6, vacancies=2)
    assert (got.answer, got.required, got.membership) == ("quorate", 6, 12)
    assert govrules.quorum(trust, "board", count=5, vacancies=2).answer == "inquorate"


@pytest.mark.parametrize(
    ("facts", "membership", "required"),
    [
        ({"vacancies": 2}, 8, 4),
        ({"vacant": ["parent", "member"]}, 8, 4),
        ({"vacancies": 3, "vacant": ["parent"]}, 7, 4),
        ({"suspended": ["member"], "vacancies": 0}, 9, 5),
        ({"vacant": ["parent"] * 4, "suspended": ["member", "member"]}, 4, 2),
    ],
)
def test_vacancies_by_seat_or_count_and_suspensions_lower_a_quorum_of_the_seats_filled(
    facts: dict[str, Any], membership: int, required: int
) -> None:
    got = govrules.quorum(board(), "board", count=required, **facts)
    assert (got.answer, got.membership, got.required) == ("quorate", membership, required)
    assert govrules.quorum(board(), "board", count=required - 1, **facts).answer == "inquorate"


def test_a_suspension_without_vacancies_still_leaves_the_vacancies_open() -> None:
    # 9 in office if no place is vacant needs 5: 5 present is quorate whatever the vacancies;
    # 4 present may be enough with a vacancy, so the question asks for them.
    enough = govrules.quorum(board(), "board", count=5, suspended=["member"])
    assert (enough.answer, enough.membership) == ("quorate", 9)
    short = govrules.quorum(board(), "board", count=4, suspended=["member"])
    assert (short.answer, short.needs) == ("incomplete", ("--vacancies",))


@pytest.mark.parametrize(("of", "quorum"), [("seats", {}), ("seats", {"number": 3})])
def test_a_quorum_of_every_place_says_the_vacancies_do_not_change_it(
    of: str, quorum: dict[str, Any]
) -> None:
    trust = board(of=of, **quorum)
    without = govrules.quorum(trust, "board", count=5)
    given = govrules.quorum(trust, "board", count=5, vacancies=2, suspended=["member"])
    assert (given.answer, given.required) == (without.answer, without.required)
    texts = [r.text for r in given.explanation]
    assert any("does not change the number needed" in t for t in texts), texts
    assert any("7 member(s) in office can attend" in t for t in texts), texts
    assert not any("does not change" in r.text for r in without.explanation)


def test_fewer_in_office_than_a_fixed_quorum_is_said() -> None:
    got = govrules.quorum(board(number=8), "board", count=7, vacancies=3)
    assert got.answer == "inquorate"
    assert any("no meeting can be quorate" in r.text for r in got.explanation)


# --- impossible facts are refused, in one line ----------------------------------------------


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"vacancies": 20}, "20 vacancies of 10 places on `board`"),
        ({"vacancies": 8, "suspended": ["member"] * 3}, "8 vacancies and 3 suspended members"),
        ({"vacant": ["parent"] * 5}, "seat `parent` has 4 places but 5 vacant"),
        ({"vacant": ["parent"], "suspended": ["parent"] * 4}, "1 vacant and 4 suspended"),
        ({"vacant": ["chair"]}, "`board` has no seat `chair` in the vacant places"),
        ({"suspended": ["chair"]}, "no seat `chair` in the suspended members"),
        ({"vacancies": 1, "vacant": ["parent", "member"]}, "1 vacancy given, but 2 vacant"),
        ({"vacancies": -1}, "vacancies are a whole number"),
        ({"vacant": "parent"}, "a list of seat ids"),
    ],
)
def test_impossible_membership_in_office_is_refused(facts: dict[str, Any], message: str) -> None:
    for ask in (
        lambda: govrules.quorum(board(), "board", count=1, **facts),
        lambda: govrules.vote(board(), "board", for_=["member"], **facts),
        lambda: govrules.voters(board(), "board", **facts),
    ):
        with pytest.raises(QueryError, match=message.replace("(", r"\(")):
            ask()


def test_more_present_than_in_office_is_refused() -> None:
    with pytest.raises(QueryError, match=r"9 present, but `board` has only 8 member\(s\) in"):
        govrules.quorum(board(), "board", count=9, vacancies=2)
    with pytest.raises(QueryError, match=r"seat `parent` listed 4 times in present but has 3"):
        govrules.quorum(board(), "board", present=["parent"] * 4, vacant=["parent"])
    with pytest.raises(QueryError, match="has 3 member"):
        govrules.vote(board(), "board", for_=["parent"] * 4, suspended=["parent"])


def test_cli_twenty_vacancies_of_fifteen_places_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "id: t\nname: T\ndocument: {title: T}\nbodies:\n  - id: board\n    name: Board\n"
        "    seats: [{id: member, title: Member, count: 15}]\n"
        "    quorum: {at_least: 1/2, of: filled-seats, source: '1'}\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(
        capsys, "quorum", str(path), "board", "--count", "3", "--vacancies", "20"
    )
    assert code == 2 and out == ""
    assert err.strip().splitlines() == ["govrules: error: 20 vacancies of 15 places on `board`"]


# --- the command line, the library and the HTTP API agree --------------------------------------

CASES: list[tuple[str, list[str], dict[str, Any]]] = [
    (
        "quorum",
        ["--count", "8", "--vacant", "parent,community", "--suspended", "community"],
        {"count": 8, "vacant": ["parent", "community"], "suspended": ["community"]},
    ),
    (
        "vote",
        [
            *("--for", "parent,parent,parent,parent,authority"),
            *("--against", "community,community,head"),
            *("--vacancies", "2", "--suspended", "community"),
        ],
        {
            "for_": ["parent"] * 4 + ["authority"],
            "against": ["community", "community", "head"],
            "vacancies": 2,
            "suspended": ["community"],
        },
    ),
    (
        "voters",
        ["--vacant", "staff", "--suspended", "parent"],
        {"vacant": ["staff"], "suspended": ["parent"]},
    ),
]


@pytest.mark.parametrize(("command", "args", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_cli_library_and_http_api_give_one_answer(
    school: govrules.Trust,
    school_served: Any,
    capsys: pytest.CaptureFixture[str],
    command: str,
    args: list[str],
    kwargs: dict[str, Any],
) -> None:
    code, out, err = run_cli(capsys, command, str(SCHOOL), GB, *args, "--format", "json")
    assert (code, err) == (0, "")
    library = getattr(govrules, command)(school, GB, **kwargs).to_dict()
    assert json.loads(out) == library
    fields = {("for" if k == "for_" else k): v for k, v in kwargs.items()}
    answer = school_served.post(f"/{command}", {"trust": school.id, "body": GB, **fields})
    assert answer.json() == library


def test_a_vote_binds_on_the_members_in_office(school: govrules.Trust) -> None:
    # 8 present of 15 in office is quorate (5.1: one half of the membership, excluding
    # vacancies); of 18 in office it would not be, and the decision would be void (5.2).
    votes = {"for_": ["parent"] * 5, "against": ["community"] * 3}
    given = govrules.vote(school, GB, **votes, vacancies=2, suspended=["community"])
    assert (given.answer, given.binding, given.effect) == ("carried", True, "binding")
    full = govrules.vote(school, GB, **votes, vacancies=0)
    assert (full.answer, full.binding, full.effect) == ("carried", False, "void")


def test_a_vote_with_the_vacancies_left_out_does_not_guess_them(school: govrules.Trust) -> None:
    # Whether 8 present bind turns on the vacancies (above): not given, they are not taken
    # as none, and the carried vote is incomplete, as the quorum question is.
    votes = {"for_": ["parent"] * 5, "against": ["community"] * 3}
    open_ = govrules.vote(school, GB, **votes)
    assert (open_.answer, open_.binding, open_.effect) == ("incomplete", None, "unspecified")
    assert open_.needs == ("--vacancies",)
    assert (open_.for_, open_.against) == (5, 3)
    assert govrules.quorum(school, GB, count=8).needs == ("--vacancies",)
    # Where every count of vacancies gives one answer, none is needed: 9 of 18 bind whatever
    # the vacancies.
    nine = govrules.vote(school, GB, for_=["parent"] * 6, against=["community"] * 3)
    assert (nine.answer, nine.binding, nine.effect, nine.needs) == ("carried", True, "binding", ())
    # A lost motion is lost however many places are vacant; what it is worth stays open.
    lost = govrules.vote(school, GB, for_=["parent"] * 3, against=["community"] * 5)
    assert (lost.answer, lost.binding, lost.effect, lost.needs) == ("lost", None, "unspecified", ())


def test_voters_say_which_places_have_no_one_to_vote(school: govrules.Trust) -> None:
    got = govrules.voters(school, GB, vacant=["staff"], suspended=["parent"], vacancies=3)
    texts = [r.text for r in got.explanation]
    assert "`staff`: 1 vacant of 1 place(s), so no one votes in it." in texts
    assert "`parent`: 1 suspended of 6 place(s), so at most 5 member(s) of it can vote." in texts
    assert "2 more place(s) vacant, in seats not named." in texts


def test_scenario_cases_take_the_membership_in_office(tmp_path: Path) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(
        f"trust: {SCHOOL}\ncases:\n"
        "  - name: eight of fifteen in office\n    clause: '5.1'\n    question: quorum\n"
        f"    body: {GB}\n    count: 8\n    vacant: parent, community\n"
        "    suspended: [community]\n    expect: {answer: quorate, required: 8, membership: 15}\n"
        "  - name: a vote with a suspension\n    clause: '5.1'\n    question: vote\n"
        f"    body: {GB}\n    for: [parent, parent, parent, parent, parent]\n"
        "    against: [head, head]\n    vacancies: 2\n    suspended: [community]\n"
        "    expect: {answer: carried}\n",
        encoding="utf-8",
    )
    report = run_scenarios([path])
    statuses = [(r.status, r.problems) for r in report.results]
    assert statuses[0] == ("passed", ())
    # `head` has one place: listed twice it is refused, as the library refuses it.
    assert statuses[1][0] == "error"


# --- meeting records ------------------------------------------------------------------------


def record(**more: Any) -> dict[str, Any]:
    return {
        "trust": str(SCHOOL),
        "body": GB,
        "date": "2026-03-10",
        "attendees": ["parent"] * 4 + ["authority"] * 2 + ["community"] * 2,
        "decisions": [{"motion": "Approve the budget", "for": ["parent"] * 4 + ["authority"]}],
        **more,
    }


def test_a_record_states_the_membership_in_office(school: govrules.Trust) -> None:
    # 8 present: with 2 vacant and 1 suspended (15 in office) quorate; with none stated, a
    # quorum of the seats filled is open; with none vacant (18) inquorate, and void.
    stated = govrules.check(record(vacancies=2, suspended=["community"]), trust=school)
    assert (stated.answer, stated.quorate, stated.decisions[0].effect) == (
        "valid",
        "quorate",
        "binding",
    )
    open_ = govrules.check(record(), trust=school)
    assert (open_.answer, open_.quorate, open_.needs) == (
        "incomplete",
        "incomplete",
        ("vacancies",),
    )
    full = govrules.check(record(vacancies=0), trust=school)
    assert (full.quorate, full.decisions[0].effect) == ("inquorate", "void")


@pytest.mark.parametrize(
    ("more", "where", "message"),
    [
        ({"vacancies": 20}, "vacancies", "20 vacancies of 18 places"),
        ({"vacant": ["staff", "staff"]}, "vacant", "seat `staff` has 1 place but 2 vacant"),
        ({"vacant": ["bursar"]}, "vacant", "has no seat `bursar`"),
        ({"suspended": ["parent"] * 4, "vacant": ["parent"] * 3}, "suspended", "4 suspended"),
        ({"vacancies": 11}, "attendees", "8 attendees, but `governing-body` has only 7"),
    ],
)
def test_an_impossible_record_is_a_located_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    more: dict[str, Any],
    where: str,
    message: str,
) -> None:
    path = tmp_path / "record.yaml"
    lines = [f"{k}: {json.dumps(v)}" for k, v in record(**more).items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "check", str(path))
    line = 1 + next(i for i, text in enumerate(lines) if text.startswith(f"{where}:"))
    assert code == 2 and out == ""
    assert err.startswith(f"govrules: error: {path}:{line}:") and message in err, err
    assert len(err.strip().splitlines()) == 1


def test_audit_counts_no_absence_where_no_member_is_in_office(tmp_path: Path) -> None:
    trust = builders.absences_trust()

    def meeting(day: str, **more: Any) -> dict[str, Any]:
        return {"body": "board", "date": day, "attendees": ["a", "b"], **more}

    vacant = [meeting("2026-01-10", vacant=["c"]), meeting("2026-02-10", suspended=["c"])]
    assert not [f for f in govrules.audit(trust, vacant).findings if f.topic == "attendance"]
    absent = [meeting("2026-01-10"), meeting("2026-02-10")]
    found = [f for f in govrules.audit(trust, absent).findings if f.topic == "attendance"]
    assert len(found) == 1 and "`c` missed 2 consecutive" in found[0].text


def test_audit_through_the_command_line_counts_no_absence_for_a_vacant_seat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "t.yaml").write_text(
        "id: t\nname: T\ndocument: {title: T}\nbodies:\n  - id: board\n    name: Board\n"
        "    seats: [{id: a, title: A}, {id: b, title: B}, {id: c, title: C}]\n"
        "    quorum: {number: 2, source: '2'}\n"
        "    absences: [{absences: 2, window: consecutive, by: seat, source: '9'}]\n",
        encoding="utf-8",
    )
    records = tmp_path / "records"
    records.mkdir()
    for month, fact in (("01", "vacant: [c]"), ("02", "suspended: [c]")):
        (records / f"2026-{month}-10.yaml").write_text(
            f"body: board\ndate: 2026-{month}-10\nattendees: [a, b]\n{fact}\n", encoding="utf-8"
        )
    code, out, err = run_cli(
        capsys, "audit", str(tmp_path / "t.yaml"), str(records), "--format", "json"
    )
    assert (code, err) == (0, "")
    assert [f for f in json.loads(out)["findings"] if f["topic"] == "attendance"] == []
    for path in records.iterdir():  # the same meetings with `c` simply absent
        path.write_text("\n".join(path.read_text().splitlines()[:3]) + "\n", encoding="utf-8")
    code, out, err = run_cli(
        capsys, "audit", str(tmp_path / "t.yaml"), str(records), "--format", "json"
    )
    assert (code, err) == (1, "")
    found = [f for f in json.loads(out)["findings"] if f["topic"] == "attendance"]
    assert len(found) == 1 and "`c` missed 2 consecutive" in found[0]["text"]


def test_a_fixed_number_written_of_the_seats_filled_does_not_wait_for_the_vacancies() -> None:
    # `of` has no effect on a fixed number (GR204): three present of ten is short whatever the
    # vacancies, so the answer is `inquorate`, not `incomplete`, and a vacancy does not move it.
    trust = builders.one_body_trust({"number": 4, "of": "filled-seats", "source": "1"}, None, 10)
    short = govrules.quorum(trust, "board", count=3)
    assert (short.answer, short.required, short.needs) == ("inquorate", 4, ())
    given = govrules.quorum(trust, "board", count=3, vacancies=5)
    assert (given.answer, given.required) == ("inquorate", 4)
    assert any("a number of members, vacant or not" in r.text for r in given.explanation)


def test_seats_of_no_stated_number_claim_no_count_of_members_in_office() -> None:
    # `others` gives no number of places, so the membership (and those in office) is unknown:
    # a fixed quorum says the vacancies do not change it, but claims no number who can attend.
    trust = builders.trust_of(
        {
            "id": "board",
            "name": "Board",
            "seats": [
                {"id": "member", "title": "Member", "count": 2},
                {"id": "others", "title": "Others", "count_stated": False},
            ],
            "quorum": {"number": 4, "source": "1"},
        }
    )
    got = govrules.quorum(trust, "board", count=4, vacancies=1)
    texts = [r.text for r in got.explanation]
    assert got.answer == "quorate"
    assert any("does not change the number needed." in t for t in texts), texts
    assert not any("can attend" in t or "no meeting can be quorate" in t for t in texts)


def test_a_scenario_argument_of_the_wrong_kind_is_refused_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(
        f"trust: {SCHOOL}\ncases:\n  - name: bad\n    clause: '5.1'\n    question: quorum\n"
        f"    body: {GB}\n    count: 8\n    suspended: 3\n    expect: {{answer: quorate}}\n",
        encoding="utf-8",
    )
    code, _, err = run_cli(capsys, "test", str(path))
    assert code == 2
    assert f"{path}:8:" in err and "`suspended` must be a list of ids" in err


def test_a_vote_binds_whatever_the_vacancies_where_inquorate_decisions_bind() -> None:
    # Nothing the vacancies could change: a decision binds quorate or not.
    body = {
        "id": "board",
        "name": "Board",
        "seats": [{"id": "a", "title": "A", "count": 4}, {"id": "b", "title": "B", "count": 4}],
        "quorum": {
            "at_least": "1/2",
            "of": "filled-seats",
            "inquorate_decisions": "binding",
            "source": "3",
        },
        "voting": {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "4"},
    }
    got = govrules.vote(builders.trust_of(body), "board", for_=["a", "a"], against=["b"])
    assert (got.answer, got.binding, got.effect, got.needs) == ("carried", True, "binding", ())
