"""References between the parts of a trust: every id a rule names (a body, a seat, a kind of
matter, a member class, a partner kind, a rule path, a region) is checked when the trust is
read, and a dangling one is refused with one located line, through the library and the
command line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple, get_args

import builders
import pytest
import yaml
from clirun import run_cli
from pydantic import BaseModel

import govrules
from govrules import LoadError
from govrules.language import references, schema
from govrules.language.references import Ref
from govrules.language.resolution import declared_references

MAJORITY = {
    "threshold": {"more_than": "1/2"},
    "base": "votes-cast",
    "casting_vote": "chair-has",
    "source": "5.1",
}
SEATS = [
    {"id": "chair-seat", "title": "Chair", "classes": ["core"]},
    {"id": "member", "title": "Member", "count": 4, "partner": "council"},
]
PANEL = {"id": "panel", "name": "The Panel", "seats": [{"id": "expert", "title": "Expert"}]}
PARTNERS = ({"id": "council", "name": "The Council", "kind": "local-authority"},)
TOP: dict[str, Any] = {
    "matters": [{"id": "budget", "name": "the budget", "source": "1.1"}],
    "partner_kinds": [{"id": "local-authority", "name": "a local authority"}],
    "member_classes": [{"id": "core", "name": "a core member"}],
}


EXTERNAL_IDS = {"nhs-england"}
"""The external bodies the cases below declare (a line may go to one)."""


def trust(
    procedure: dict[str, Any] | None = None,
    partners: tuple[dict[str, Any], ...] = PARTNERS,
    top: dict[str, Any] | None = None,
    **board: Any,
) -> govrules.Trust:
    """Two bodies, ``board`` (with ``board``'s fields over a stated quorum and majority) and
    ``panel``; a procedure on ``board`` with ``procedure``'s fields, if given."""
    body = {
        "id": "board",
        "name": "The Board",
        "seats": SEATS,
        "quorum": {"number": 2, "source": "4.1"},
        "voting": dict(MAJORITY),
        **board,
    }
    procedures = ()
    if procedure is not None:
        procedures = ({"id": "review", "name": "Review", "applies_to": ["board"], **procedure},)
    return builders.trust_of(
        body, PANEL, partners=partners, procedures=procedures, **{**TOP, **(top or {})}
    )


def step(**vote: Any) -> dict[str, Any]:
    """A procedure whose one step puts the matter to a vote in ``board``."""
    return {"steps": [{"action": "vote", "body": "board", "vote": {**MAJORITY, **vote}}]}


class Case(NamedTuple):
    field: str
    """The model field that holds the reference."""
    trust: govrules.Trust
    dangling: str
    """The dangling id as written (last in the file)."""
    message: str
    """The start of the error's message."""
    meant: str | None
    """The id the error suggests (`did you mean`), where one is close."""
    code: str = "GR010"


CASES: dict[str, Case] = {
    # The six the engine used to let through (or to check in one place only).
    "meets.before_each": Case(
        "Meetings.before_each",
        trust(meets={"frequency": "monthly", "before_each": "pannel"}),
        "pannel",
        "unknown body `pannel`",
        "panel",
    ),
    "substitutes.only_for": Case(
        "Substitutes.only_for",
        trust(substitutes={"allowed": True, "only_for": ["membr"], "source": "6.1"}),
        "membr",
        "unknown seat `membr` in `board`",
        "member",
    ),
    "voting.condition.seat_in": Case(
        "Condition.seat_in",
        trust(voting={**MAJORITY, "condition": {"any": [{"seat_in": ["membr"]}]}}),
        "membr",
        "unknown seat `membr` in `board`",
        "member",
    ),
    "step vote.condition.seat_in": Case(
        "Condition.seat_in",
        trust(step(condition={"not": {"seat_in": ["expert"]}})),
        "expert",
        "unknown seat `expert` in `board`",
        None,
    ),
    "step vote.voters": Case(
        "Voting.voters",
        trust(step(voters=["chair-seat", "membr"])),
        "membr",
        "unknown seat `membr` in `board`",
        "member",
    ),
    "step vote.exceptions.seat": Case(
        "VoteException.seat",
        trust(step(exceptions=[{"seat": "membr", "votes": False}])),
        "membr",
        "unknown seat `membr` in `board`",
        "member",
    ),
    "gaps.subject (a body)": Case(
        "Gap.subject",
        trust(
            top={
                "gaps": [
                    {"kind": "unspecified", "note": "?", "source": "1", "subject": "bord.quorum"}
                ]
            }
        ),
        "bord.quorum",
        "gap subject `bord.quorum`: unknown body",
        "board",
    ),
    "gaps.subject (a seat)": Case(
        "Gap.subject",
        trust(
            top={
                "gaps": [
                    {
                        "kind": "unspecified",
                        "note": "?",
                        "source": "1",
                        "subject": "board.seats.membr.count",
                    }
                ]
            }
        ),
        "board.seats.membr.count",
        "gap subject `board.seats.membr.count`: unknown item `membr`",
        "member",
    ),
    # Kinds of matter.
    "voting.by_matter.matters": Case(
        "VotingVariation.matters",
        trust(voting={**MAJORITY, "by_matter": [{"matters": ["budgt"], "tie": "lot"}]}),
        "budgt",
        "unknown kind of matter `budgt`",
        "budget",
    ),
    "step vote.by_matter.matters": Case(
        "VotingVariation.matters",
        trust(step(by_matter=[{"matters": ["budgt"], "tie": "lot"}])),
        "budgt",
        "unknown kind of matter `budgt`",
        "budget",
    ),
    "quorum.by_matter.matters": Case(
        "QuorumVariation.matters",
        trust(
            quorum={
                "number": 2,
                "source": "4.1",
                "by_matter": [{"matters": ["budgt"], "number": 3}],
            }
        ),
        "budgt",
        "unknown kind of matter `budgt`",
        "budget",
    ),
    "voting.exceptions.matters": Case(
        "VoteException.matters",
        trust(
            voting={
                **MAJORITY,
                "exceptions": [{"seat": "member", "votes": False, "matters": ["budgt"]}],
            }
        ),
        "budgt",
        "unknown kind of matter `budgt`",
        "budget",
    ),
    "voting.condition.matter": Case(
        "Condition.matter",
        trust(voting={**MAJORITY, "condition": {"all": [{"matter": ["budgt"]}]}}),
        "budgt",
        "unknown kind of matter `budgt`",
        "budget",
    ),
    "procedure.matters": Case(
        "Procedure.matters",
        trust({"matters": ["budgt"], **step()}),
        "budgt",
        "unknown kind of matter `budgt`",
        "budget",
    ),
    # Member classes and partner kinds.
    "seat.classes": Case(
        "Seat.classes",
        trust(seats=[SEATS[0], {**SEATS[1], "classes": ["councilor"]}]),
        "councilor",
        "unknown member class `councilor`",
        "councillor",
    ),
    "quorum.must_include.classes": Case(
        "Presence.classes",
        trust(quorum={"number": 2, "source": "4.1", "must_include": [{"classes": ["coer"]}]}),
        "coer",
        "unknown member class `coer`",
        "core",
    ),
    "chair.from_among.classes": Case(
        "Among.classes",
        trust(chair={"selection": "elected", "from_among": {"classes": ["coer"]}, "source": "3.1"}),
        "coer",
        "unknown member class `coer`",
        "core",
    ),
    "chair.from_among.partner_kinds": Case(
        "Among.partner_kinds",
        trust(
            chair={
                "selection": "elected",
                "from_among": {"partner_kinds": ["local-authorty"]},
                "source": "3.1",
            }
        ),
        "local-authorty",
        "unknown partner kind `local-authorty`",
        "local-authority",
    ),
    "chair.not_from_among.seats": Case(
        "Among.seats",
        trust(
            chair={"selection": "elected", "not_from_among": {"seats": ["membr"]}, "source": "3.1"}
        ),
        "membr",
        "unknown seat `membr` in `board`",
        "member",
    ),
    "voting.must_include.classes": Case(
        "Concurrence.classes",
        trust(voting={**MAJORITY, "must_include": [{"classes": ["coer"]}]}),
        "coer",
        "unknown member class `coer`",
        "core",
    ),
    "voting.must_include.each_partner_of_kind": Case(
        "Concurrence.each_partner_of_kind",
        trust(voting={**MAJORITY, "must_include": [{"each_partner_of_kind": "local-authorty"}]}),
        "local-authorty",
        "unknown partner kind `local-authorty`",
        "local-authority",
    ),
    "voting.must_include.partners_of_kind": Case(
        "Concurrence.partners_of_kind",
        trust(
            voting={
                **MAJORITY,
                "must_include": [
                    {"partners_of_kind": "local-authorty", "share": {"more_than": "1/2"}}
                ],
            }
        ),
        "local-authorty",
        "unknown partner kind `local-authorty`",
        "local-authority",
    ),
    "step vote.must_include.seats": Case(
        "Concurrence.seats",
        trust(step(must_include=[{"seats": ["membr"]}])),
        "membr",
        "unknown seat `membr` in `board`",
        "member",
    ),
    "partner.kind": Case(
        "Partner.kind",
        trust(partners=({"id": "council", "name": "The Council", "kind": "local-authorty"},)),
        "local-authorty",
        "unknown partner kind `local-authorty`",
        "local-authority",
    ),
    # The references checked before: pinned here, so that every field naming an id has one.
    "seat.partner": Case(
        "Seat.partner",
        trust(seats=[SEATS[0], {**SEATS[1], "partner": "councl"}]),
        "councl",
        "unknown partner `councl`",
        "council",
    ),
    "chair.seat": Case(
        "Office.seat",
        trust(chair={"seat": "chair-set", "source": "3.1"}),
        "chair-set",
        "unknown seat `chair-set` in `board`",
        "chair-seat",
    ),
    "chair.ineligible.seat": Case(
        "Ineligible.seat",
        trust(chair={"selection": "elected", "ineligible": [{"seat": "membr"}], "source": "3.1"}),
        "membr",
        "unknown seat `membr` in `board`",
        "member",
    ),
    "chair.from_among.partners": Case(
        "Among.partners",
        trust(
            chair={"selection": "elected", "from_among": {"partners": ["councl"]}, "source": "3.1"}
        ),
        "councl",
        "unknown partner `councl`",
        "council",
    ),
    "quorum.must_include.seats": Case(
        "Presence.seats",
        trust(quorum={"number": 2, "source": "4.1", "must_include": [{"seats": ["membr"]}]}),
        "membr",
        "unknown seat `membr` in `board`",
        "member",
    ),
    "quorum.must_include.partner": Case(
        "Presence.partner",
        trust(quorum={"number": 2, "source": "4.1", "must_include": [{"partner": "councl"}]}),
        "councl",
        "unknown partner `councl`",
        "council",
    ),
    "quorum.must_include.each_partner_of_kind": Case(
        "Presence.each_partner_of_kind",
        trust(
            quorum={
                "number": 2,
                "source": "4.1",
                "must_include": [{"each_partner_of_kind": "local-authorty"}],
            }
        ),
        "local-authorty",
        "unknown partner kind `local-authorty`",
        "local-authority",
    ),
    "voting.must_include.partner": Case(
        "Concurrence.partner",
        trust(voting={**MAJORITY, "must_include": [{"partner": "councl"}]}),
        "councl",
        "unknown partner `councl`",
        "council",
    ),
    "voting.voters": Case(
        "Voting.voters",
        trust(voting={**MAJORITY, "voters": ["chair-seat", "membr"]}),
        "membr",
        "unknown seat `membr` in `board`",
        "member",
    ),
    "voting.voter_classes": Case(
        "Voting.voter_classes",
        trust(voting={**MAJORITY, "voter_classes": ["coer"]}),
        "coer",
        "unknown member class `coer`",
        "core",
    ),
    "voting.tie_by_lot_on": Case(
        "Voting.tie_by_lot_on",
        trust(voting={**MAJORITY, "tie_by_lot_on": ["budgt"], "tie_by_lot_source": "5.3"}),
        "budgt",
        "unknown kind of matter `budgt`",
        "budget",
    ),
    "reports_to.to": Case(
        "Link.to",
        trust(reports_to=[{"to": "pannel"}]),
        "pannel",
        "unknown body `pannel`",
        "panel",
    ),
    "procedure.applies_to": Case(
        "Procedure.applies_to",
        trust({"applies_to": ["bord"], "steps": [{"action": "decide"}]}),
        "bord",
        "unknown body `bord`",
        "board",
    ),
    "procedure.final_arbiter": Case(
        "Procedure.final_arbiter",
        trust({"final_arbiter": "pannel", "steps": [{"action": "decide"}]}),
        "pannel",
        "unknown body `pannel`",
        "panel",
    ),
    "step.body": Case(
        "Step.body",
        trust({"steps": [{"action": "decide", "body": "pannel"}]}),
        "pannel",
        "unknown body `pannel`",
        "panel",
    ),
    "route.from": Case(
        "Route.from_",
        trust({"routes": [{"from": "bord", "to": "panel"}]}),
        "bord",
        "unknown body `bord`",
        "board",
    ),
    "route.to": Case(
        "Route.to",
        trust({"routes": [{"from": "board", "to": "pannel"}]}),
        "pannel",
        "unknown body `pannel`",
        "panel",
    ),
    "delegates_to.to (an external body)": Case(
        "Link.to",
        trust(
            top={"external_bodies": [{"id": "nhs-england", "name": "NHS England"}]},
            delegates_to=[{"to": "nhs-englnd"}],
        ),
        "nhs-englnd",
        "unknown body `nhs-englnd`",
        "nhs-england",
    ),
    "constraint.bodies": Case(
        "Constraint.bodies",
        trust(top={"constraints": [{"kind": "distinct-chairs", "bodies": ["board", "pannel"]}]}),
        "pannel",
        "unknown body `pannel`",
        "panel",
    ),
    "statutory_board.body": Case(
        "StatutoryBoard.body",
        trust(top={"statutory_board": {"body": "bord"}}),
        "bord",
        "unknown body `bord`",
        "board",
    ),
    "statutory_board.exempt": Case(
        "StatutoryBoard.exempt",
        trust(top={"statutory_board": {"body": "board", "exempt": ["councl"]}}),
        "councl",
        "unknown partner `councl`",
        "council",
    ),
}


def _write(tmp_path: Path, t: govrules.Trust) -> tuple[Path, str]:
    data = t.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    text = yaml.safe_dump(data, sort_keys=False, width=200)
    path = tmp_path / "dangling.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def _where(text: str, value: str) -> tuple[int, int]:
    """The line and column of the node holding ``value``, found in the text itself: the value
    as an item of a list, or the key whose value it is (a key stands for its value). The last
    line that writes it: a seat of one body named wrongly in a rule of another."""
    found = [
        (n, line)
        for n, line in enumerate(text.splitlines(), 1)
        if re.search(rf"(?<![\w.-]){re.escape(value)}(?![\w.-])", line)
    ]
    assert found, f"`{value}` is written"
    n, line = found[-1]
    keyed = re.match(rf"(\s*(?:- )?)([\w-]+): {re.escape(value)}$", line)
    if keyed:
        return n, len(keyed.group(1)) + 1
    return n, line.index(value) + 1


def _expected(case: Case) -> str:
    meant = f"; did you mean `{case.meant}`?" if case.meant else ""
    return case.message if "gap subject" in case.message else case.message + meant


@pytest.mark.parametrize("name", list(CASES))
def test_a_dangling_reference_is_refused_where_it_is_written(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    path, text = _write(tmp_path, case.trust)
    line, column = _where(text, case.dangling)
    errors = [f for f in govrules.validate(path).findings if f.severity == "error"]
    assert [(f.code, f.line, f.column) for f in errors] == [(case.code, line, column)]
    assert errors[0].message.startswith(_expected(case))
    if case.meant is not None:
        assert f"did you mean `{case.meant}`?" in (errors[0].message + (errors[0].hint or ""))
    with pytest.raises(LoadError) as raised:
        govrules.load(path)
    assert (raised.value.code, raised.value.line, raised.value.column) == (
        case.code,
        line,
        column,
    )


@pytest.mark.parametrize("name", list(CASES))
def test_the_command_line_names_the_dangling_reference_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    case = CASES[name]
    path, text = _write(tmp_path, case.trust)
    line, column = _where(text, case.dangling)
    code, out, _ = run_cli(capsys, "validate", str(path))
    assert code == 1
    located = [row.strip() for row in out.splitlines() if f"error[{case.code}]" in row]
    assert len(located) == 1
    assert located[0].startswith(f"{path}:{line}:{column}: error[{case.code}]: {_expected(case)}")


def test_every_case_is_sound_with_the_reference_mended(tmp_path: Path) -> None:
    """Each trust above is refused for its dangling id alone: the same trusts with every id
    right load (so a case cannot pass by tripping on something else)."""
    fixed = {
        "pannel": "panel",
        "membr": "member",
        "expert": "member",
        "bord.quorum": "board.quorum",
        "board.seats.membr.count": "board.seats.member.count",
        "budgt": "budget",
        "councilor": "councillor",
        "coer": "core",
        "local-authorty": "local-authority",
        "councl": "council",
        "chair-set": "chair-seat",
        "bord": "board",
        "nhs-englnd": "nhs-england",
    }
    for name, case in CASES.items():
        path, text = _write(tmp_path, case.trust)
        mended = re.sub(
            rf"(?<![\w.-]){re.escape(case.dangling)}(?![\w.-])", fixed[case.dangling], text
        )
        path.write_text(mended, encoding="utf-8")
        errors = [f.render() for f in govrules.validate(path).findings if f.severity == "error"]
        assert errors == [], name


@pytest.mark.parametrize("where", ["step", "route"])
def test_an_unknown_region_is_refused_where_it_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    # The model refuses the region at once: write a known one, then spoil it in the file.
    timing = {"max_days": 10, "working_days": True, "region": "scotland"}
    if where == "step":
        t = trust({"steps": [{"action": "decide", "body": "board", **timing}]})
    else:
        t = trust({"routes": [{"from": "board", "to": "panel", **timing}]})
    path, text = _write(tmp_path, t)
    text = text.replace("region: scotland", "region: wales")
    path.write_text(text, encoding="utf-8")
    line, column = _where(text, "wales")
    errors = [f for f in govrules.validate(path).findings if f.severity == "error"]
    assert [(f.code, f.line, f.column) for f in errors] == [("GR002", line, column)]
    assert "`wales` is not allowed" in errors[0].message
    assert "england-and-wales" in errors[0].message
    code, out, _ = run_cli(capsys, "validate", str(path))
    assert code == 1
    assert f"{path}:{line}:{column}: error[GR002]: `wales` is not allowed" in out


# --- the code says the kind of problem ---------------------------------------------------------

GAP = {"kind": "unspecified", "note": "?", "source": "1"}
CODED: dict[str, tuple[govrules.Trust, str, str, str]] = {
    # name: (trust, the offending id as written (last in the file), code, message start)
    "a member class declared twice": (
        trust(
            top={
                "member_classes": [
                    {"id": "core", "name": "a"},
                    {"id": "x", "name": "b"},
                    {"id": "x", "name": "c"},
                ]
            }
        ),
        "x",
        "GR011",
        "`x` is declared twice in `member_classes`",
    ),
    "a built-in class declared": (
        trust(top={"member_classes": [{"id": "core", "name": "a"}, {"id": "staff", "name": "b"}]}),
        "staff",
        "GR011",
        "`staff` is a built-in class",
    ),
    "a kind of matter given two rules in one": (
        trust(
            voting={
                **MAJORITY,
                "by_matter": [
                    {"matters": ["budget"], "tie": "lot"},
                    {"matters": ["budget"], "tie": "fails"},
                ],
            }
        ),
        "budget",
        "GR011",
        "kind of matter `budget` is given two different rules",
    ),
    "the word for no kind, declared as a kind": (
        trust(top={"matters": [{"id": "none", "name": "nothing", "source": "1.1"}]}),
        "none",
        "GR011",
        "`none` cannot be a kind of matter",
    ),
    "a class derived from the vote, declared on a seat": (
        trust(seats=[SEATS[0], {**SEATS[1], "classes": ["non-voting"]}]),
        "non-voting",
        "GR002",
        "`non-voting` is derived from the voting rule",
    ),
    "a derived class deciding who votes": (
        trust(voting={**MAJORITY, "voter_classes": ["voting"]}),
        "voting",
        "GR002",
        "`voting` is derived from who votes",
    ),
    # Words in a message cannot change its code: this subject is an unknown reference,
    # though what it says reads "used twice".
    "a gap subject whose words say `used twice`": (
        trust(top={"gaps": [{**GAP, "subject": "board.used twice"}]}),
        "board.used twice",
        "GR010",
        "gap subject `board.used twice`: unknown field",
    ),
}


@pytest.mark.parametrize("name", list(CODED))
def test_the_code_is_the_kind_of_problem_not_its_words(tmp_path: Path, name: str) -> None:
    t, written, code, message = CODED[name]
    path, text = _write(tmp_path, t)
    line, _ = _where(text, written)
    errors = [f for f in govrules.validate(path).findings if f.severity == "error"]
    assert [(f.code, f.line) for f in errors] == [(code, line)]
    assert errors[0].message.startswith(message)


def test_a_seat_of_two_opposite_classes_is_not_an_id_used_twice(tmp_path: Path) -> None:
    t = trust(seats=[SEATS[0], {**SEATS[1], "classes": ["officer", "non-officer"]}])
    path, text = _write(tmp_path, t)
    line, _ = _where(text, "non-officer")
    errors = [f for f in govrules.validate(path).findings if f.severity == "error"]
    assert [(f.code, f.line) for f in errors] == [("GR002", line - 2)]  # the `classes:` key
    assert errors[0].message == "seat `member` is both `officer` and `non-officer`"


def test_ids_used_twice_are_one_code(tmp_path: Path) -> None:
    twice = {**SEATS[1], "partner": None}
    t = trust(seats=[SEATS[0], SEATS[1], {**twice, "title": "Again"}])
    path, text = _write(tmp_path, t)
    line, column = _where(text, "member")  # the second seat's id
    errors = [f for f in govrules.validate(path).findings if f.severity == "error"]
    assert [(f.code, f.line, f.column, f.message) for f in errors] == [
        ("GR011", line, column, "seat id `member` is used twice in `board`")
    ]


@pytest.mark.parametrize("subject", [" board.quorum", "board.quorum ", "board. quorum"])
def test_a_gap_subject_is_written_as_the_answers_read_it(tmp_path: Path, subject: str) -> None:
    # Trimmed, the subject would name the quorum; but answers match subjects as written, so
    # the gap would be read by none of them (the quorum answered as if fully encoded).
    gap = {**GAP, "kind": "not-encoded", "subject": subject}
    path, text = _write(tmp_path, trust(top={"gaps": [gap]}))
    # YAML quotes the subject: the error is at its key, as every keyed value's is.
    [(line, column)] = [
        (n, row.index("subject") + 1)
        for n, row in enumerate(text.splitlines(), 1)
        if row.strip().startswith("subject:")
    ]
    errors = [f for f in govrules.validate(path).findings if f.severity == "error"]
    assert [(f.code, f.line, f.column) for f in errors] == [("GR010", line, column)]
    assert "has a space in it" in errors[0].message
    with pytest.raises(LoadError):
        govrules.load(path)


def test_a_gap_subject_written_exactly_is_read_by_the_answers(tmp_path: Path) -> None:
    gap = {**GAP, "kind": "not-encoded", "subject": "board.quorum"}
    path, _ = _write(tmp_path, trust(top={"gaps": [gap]}))
    assert govrules.quorum(govrules.load(path), "board", count=3).answer == "unspecified"


def test_a_procedure_cannot_share_a_body_id(tmp_path: Path) -> None:
    # `panel.steps` could be the panel's or the procedure's: a rule path must name one node.
    t = trust({"id": "panel", **step()})
    path, text = _write(tmp_path, t)
    line, column = _where(text, "panel")  # the procedure's id, written after the bodies
    errors = [f for f in govrules.validate(path).findings if f.severity == "error"]
    assert [(f.code, f.line, f.column) for f in errors] == [("GR011", line, column)]
    assert errors[0].message == "`panel` is both a body and a procedure"


def _models() -> list[type[BaseModel]]:
    return [
        model
        for model in vars(schema).values()
        if isinstance(model, type) and issubclass(model, BaseModel)
        if model.__module__ == schema.__name__
    ]


def _holds_an_id(info: Any) -> bool:
    """Whether a field's type holds the id type anywhere (alone, optional, in a list)."""
    pattern = schema.Id.__metadata__[0]

    def within(annotation: Any) -> bool:
        if pattern in getattr(annotation, "__metadata__", ()):
            return True
        return any(within(a) for a in get_args(annotation))

    return pattern in info.metadata or within(info.annotation)


def _declared() -> dict[str, Ref]:
    """Every field of the models that names an id, with what it names."""
    return {
        f"{model.__name__}.{name}": ref
        for model in _models()
        for name, ref in declared_references(model).items()
    }


def test_every_field_that_holds_an_id_declares_what_it_names() -> None:
    """A field added to the models that holds an id is a declared reference (and so checked
    by the walk), unless it is the model's own id."""
    holding = {
        f"{model.__name__}.{name}"
        for model in _models()
        for name, info in model.model_fields.items()
        if name != "id" and _holds_an_id(info)
    }
    assert {"Meetings.before_each", "Route.from_", "Seat.classes", "Link.to"} <= holding
    declared = _declared()
    assert holding - set(declared) == set()
    # A rule path is text, not an id: it is declared all the same.
    assert declared["Gap.subject"].kind == references.RULE_PATH
    assert set(declared) - holding == {"Gap.subject"}


def test_every_declared_reference_is_refused_when_dangling() -> None:
    """Each field that names an id has a case above, and each kind of id a field may name is
    refused in some case."""
    declared = _declared()
    assert set(declared) == {case.field for case in CASES.values()}
    kinds = {kind for ref in declared.values() for kind in ref.kinds}
    exercised = {_kind(case) for case in CASES.values()}
    assert kinds - exercised == set()
    assert kinds <= set(references.KINDS)


def _kind(case: Case) -> str:
    """The kind of id a case's dangling reference is of: the one its message names, or (for
    a body or external body) the one it was meant to be."""
    if case.message.startswith("gap subject"):
        return references.RULE_PATH
    if case.meant in EXTERNAL_IDS:
        return references.EXTERNAL_BODY
    named = re.match(r"unknown (.+?) `", case.message)
    assert named is not None, case
    return named.group(1)


def test_a_reading_that_names_an_unknown_seat_is_refused_at_the_reading(tmp_path: Path) -> None:
    # The trust read with each reading is held to the same checks as the trust as written.
    gap = {
        **GAP,
        "kind": "ambiguous",
        "subject": "board.substitutes.only_for",
        "readings": [{"value": ["membr"]}],
    }
    t = trust(
        substitutes={"allowed": True, "only_for": ["member"], "source": "6.1"},
        top={"gaps": [gap]},
    )
    path, text = _write(tmp_path, t)
    [(line, column)] = [  # the reading's `value` key, which stands for the list under it
        (n, row.index("value") + 1)
        for n, row in enumerate(text.splitlines(), 1)
        if row.strip().startswith(("value:", "- value:"))
    ]
    errors = [f for f in govrules.validate(path).findings if f.severity == "error"]
    assert [(f.code, f.line, f.column) for f in errors] == [("GR010", line, column)]
    assert errors[0].message.startswith("under reading `['membr']`: unknown seat `membr`")


def test_a_body_does_not_meet_before_itself(tmp_path: Path) -> None:
    path, text = _write(tmp_path, trust(meets={"frequency": "monthly", "before_each": "board"}))
    line, column = _where(text, "board")  # `before_each: board`, the last to name it
    errors = [f for f in govrules.validate(path).findings if f.severity == "error"]
    assert [(f.code, f.line, f.column) for f in errors] == [("GR010", line, column)]
    assert errors[0].message == "`board` cannot meet before each of its own meetings"


# --- ids declared twice, of every kind a trust declares ---------------------------------------

NHS = {"id": "nhs-england", "name": "NHS England"}
REVIEW = {"id": "review", "name": "Review", "steps": [{"action": "decide"}]}
DECLARED_TWICE: dict[str, tuple[govrules.Trust, str, str]] = {
    # kind: (a trust declaring one id of it twice, the id, the message)
    "body": (
        builders.trust_of({"id": "board", "name": "One"}, {"id": "board", "name": "Two"}),
        "board",
        "body id `board` is used twice",
    ),
    "partner": (
        trust(partners=(*PARTNERS, {"id": "council", "name": "Again"})),
        "council",
        "partner id `council` is used twice",
    ),
    "external body": (
        trust(top={"external_bodies": [NHS, {**NHS, "name": "Again"}]}),
        "nhs-england",
        "external body id `nhs-england` is used twice",
    ),
    "procedure": (
        builders.trust_of(PANEL, procedures=(REVIEW, {**REVIEW, "name": "Again"})),
        "review",
        "procedure id `review` is used twice",
    ),
    "kind of matter": (
        trust(top={"matters": [*TOP["matters"], {"id": "budget", "name": "again"}]}),
        "budget",
        "kind of matter id `budget` is used twice",
    ),
    "partner kind": (
        trust(top={"partner_kinds": [*TOP["partner_kinds"], {"id": "local-authority"}]}),
        "local-authority",
        "`local-authority` is declared twice in `partner_kinds`",
    ),
    "member class": (
        trust(top={"member_classes": [*TOP["member_classes"], {"id": "core"}]}),
        "core",
        "`core` is declared twice in `member_classes`",
    ),
    "seat": (
        trust(seats=[*SEATS, {"id": "member", "title": "Again"}]),
        "member",
        "seat id `member` is used twice in `board`",
    ),
}


def _declared_at(text: str, value: str, first: bool = False) -> tuple[int, int]:
    """The line and column of the last ``id: value`` in the text (the second declaration), or
    of the ``first``."""
    found = [
        (n, row.index("id:") + 1)
        for n, row in enumerate(text.splitlines(), 1)
        if re.fullmatch(rf"\s*(- )?id: {re.escape(value)}", row)
    ]
    assert len(found) == 2, f"`{value}` is declared twice"
    return found[0 if first else -1]


@pytest.mark.parametrize("kind", list(DECLARED_TWICE))
def test_an_id_declared_twice_is_refused_at_its_second_declaration(
    tmp_path: Path, kind: str
) -> None:
    t, written, message = DECLARED_TWICE[kind]
    path, text = _write(tmp_path, t)
    line, column = _declared_at(text, written)
    errors = [f for f in govrules.validate(path).findings if f.severity == "error"]
    assert [(f.code, f.line, f.column, f.message) for f in errors] == [
        ("GR011", line, column, message)
    ]


def test_every_kind_of_declared_id_is_refused_when_declared_twice() -> None:
    declaring = {
        marker.kind
        for model in _models()
        for info in model.model_fields.values()
        for marker in info.metadata
        if isinstance(marker, references.Declares)
    }
    assert declaring == set(DECLARED_TWICE)


def test_an_external_body_cannot_share_a_body_id(tmp_path: Path) -> None:
    path, text = _write(tmp_path, trust(top={"external_bodies": [{**NHS, "id": "panel"}]}))
    line, column = _declared_at(text, "panel", first=True)  # the trust lists external bodies first
    errors = [f for f in govrules.validate(path).findings if f.severity == "error"]
    assert [(f.code, f.line, f.column, f.message, f.hint) for f in errors] == [
        ("GR011", line, column, "`panel` is both a body and an external body", None)
    ]


def test_a_body_is_not_linked_to_itself(tmp_path: Path) -> None:
    path, text = _write(tmp_path, trust(accountable_to=[{"to": "panel"}, {"to": "board"}]))
    line, column = _where(text, "board")  # the second line's `to: board`, the last to name it
    errors = [f for f in govrules.validate(path).findings if f.severity == "error"]
    assert [(f.code, f.line, f.column, f.message) for f in errors] == [
        ("GR010", line, column, "`board` cannot be linked to itself")
    ]


# --- where a step's seats are ----------------------------------------------------------------


def test_a_step_without_a_body_names_the_seats_of_the_bodies_its_procedure_applies_to(
    tmp_path: Path,
) -> None:
    vote = {**MAJORITY, "voters": ["expert"]}  # the panel's seat, not the board's
    t = trust({"steps": [{"action": "vote", "vote": vote}]})
    path, text = _write(tmp_path, t)
    line, column = _where(text, "expert")
    errors = [f for f in govrules.validate(path).findings if f.severity == "error"]
    assert [(f.code, f.line, f.column) for f in errors] == [("GR010", line, column)]
    # No one body is named, so none is said.
    assert errors[0].message == "unknown seat `expert`"


def test_a_procedure_for_the_whole_trust_names_the_seats_of_every_body(tmp_path: Path) -> None:
    vote = {**MAJORITY, "voters": ["expert", "member"]}  # a seat of each body
    t = trust({"applies_to": [], "steps": [{"action": "vote", "vote": vote}]})
    path, _ = _write(tmp_path, t)
    assert [f.render() for f in govrules.validate(path).findings if f.severity == "error"] == []
    t = trust({"applies_to": [], "steps": [{"action": "vote", "vote": {**vote, "voters": ["x"]}}]})
    path, _ = _write(tmp_path, t)
    errors = [f for f in govrules.validate(path).findings if f.severity == "error"]
    assert [(f.code, f.message) for f in errors] == [("GR010", "unknown seat `x`")]


def test_two_exceptions_for_one_seat_are_refused() -> None:
    # One seat, votes and does not: the engine would keep only the last, so the file is
    # refused rather than read one way silently.
    voting = {
        "threshold": {"more_than": "1/2"},
        "base": "votes-cast",
        "exceptions": [{"seat": "dcs", "votes": False}, {"seat": "dcs", "votes": True}],
        "source": "3",
    }
    body = {"id": "board", "name": "B", "seats": [{"id": "dcs", "title": "DCS"}], "voting": voting}
    data = {"id": "t", "name": "T", "document": {"title": "T"}, "bodies": [body]}
    with pytest.raises(govrules.LoadError, match="seat `dcs` is given two different rules"):
        govrules.load(data)


def test_no_two_kinds_of_marker_in_the_models_types_are_equal() -> None:
    # The markers are named tuples: two of different classes holding equal values would be
    # equal, and `typing`'s cache of equal `Annotated` types could hand a field the other's.
    import typing

    from govrules.language import references, schema

    kinds = (references.Ref, references.Declares, references.ResolvedIn, references.Once)
    found: list[object] = []

    def walk(annotation: object) -> None:
        found.extend(m for m in getattr(annotation, "__metadata__", ()) if isinstance(m, kinds))
        for arg in typing.get_args(annotation):
            walk(arg)

    for model in vars(schema).values():
        if isinstance(model, type) and issubclass(model, schema.Model):
            for info in model.model_fields.values():
                found.extend(m for m in info.metadata if isinstance(m, kinds))
                walk(info.annotation)
    assert {type(m) for m in found} == set(kinds)
    assert not [(a, b) for a in found for b in found if type(a) is not type(b) and a == b]
