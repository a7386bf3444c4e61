"""Classes of member: on seats, in quorum presences, in who votes and in who may hold an office.

Each test quotes the kind of clause it encodes (real_world-rules.md: school boards, NHS
standing orders, joint committees, Health and Wellbeing Boards).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import builders
import pytest
from clirun import run_cli

import govrules
from govrules import LoadError

PARTNERS = (
    {"id": "council", "name": "Council"},
    {"id": "health", "name": "Health Board"},
)
SEATS = [
    {"id": "cllr", "title": "Councillor", "partner": "council", "count": 2,
     "classes": ["councillor", "elected"]},
    {"id": "director", "title": "Director", "partner": "council", "classes": ["officer", "staff"]},
    {"id": "gp", "title": "GP", "partner": "health", "classes": ["non-officer"]},
    {"id": "nurse", "title": "Nurse", "partner": "health", "classes": ["officer", "core"]},
    {"id": "observer", "title": "Observer", "classes": ["co-opted"]},
]  # fmt: skip
VOTING = {
    "threshold": {"more_than": "1/2"},
    "base": "votes-cast",
    "exceptions": [{"seat": "observer", "votes": False}],
    "source": "6",
}
CLASSES = [{"id": "core", "name": "a core member", "source": "1.2"}]


def trust(**body: Any) -> govrules.Trust:
    board: dict[str, Any] = {"id": "board", "name": "The Board", "seats": SEATS, "voting": VOTING}
    board.update(body)
    return builders.trust_of(board, partners=PARTNERS, member_classes=CLASSES)


def quorum_with(*must_include: dict[str, Any]) -> govrules.Trust:
    return trust(quorum={"number": 2, "must_include": list(must_include), "source": "5"})


# --- presences by class ---------------------------------------------------------------------


def test_the_quorum_must_include_one_councillor() -> None:
    # "The quorum must include one Councillor."
    t = quorum_with({"classes": ["councillor"], "source": "5.1"})
    assert govrules.quorum(t, "board", present=["director", "gp"]).answer == "inquorate"
    assert govrules.quorum(t, "board", present=["cllr", "gp"]).answer == "quorate"


def test_an_officer_member_and_a_non_officer_member() -> None:
    # "At least one officer member and one non-officer member."
    t = quorum_with({"classes": ["officer"]}, {"classes": ["non-officer"]})
    assert govrules.quorum(t, "board", present=["director", "nurse"]).answer == "inquorate"
    assert govrules.quorum(t, "board", present=["director", "gp"]).answer == "quorate"
    missing = govrules.quorum(t, "board", present=["gp", "cllr"])
    assert missing.answer == "inquorate"
    assert any("an officer member, who is not present" in r.text for r in missing.explanation)


def test_classes_narrow_a_partner_presence() -> None:
    # "At least one member of the council who is a councillor": the council's director is a
    # member for the council but not a councillor.
    t = quorum_with({"partner": "council", "classes": ["councillor"]})
    assert govrules.quorum(t, "board", present=["director", "gp"]).answer == "inquorate"
    assert govrules.quorum(t, "board", present=["cllr", "gp"]).answer == "quorate"


def test_a_partner_presence_counts_members_of_any_of_its_seats() -> None:
    # "At least two members from the council": both the councillors and the director are the
    # council's members, so any two of them meet it (not only one seat's).
    t = quorum_with({"partner": "council", "at_least": 2})
    assert govrules.quorum(t, "board", present=["cllr", "director"]).answer == "quorate"
    assert govrules.quorum(t, "board", present=["cllr", "gp"]).answer == "inquorate"


def test_at_least_k_of_a_class_counts_members_not_seats() -> None:
    t = quorum_with({"classes": ["elected"], "at_least": 2})
    assert govrules.quorum(t, "board", present=["cllr", "gp"]).answer == "inquorate"
    assert govrules.quorum(t, "board", present=["cllr", "cllr"]).answer == "quorate"


def test_the_voting_class_follows_the_voting_rule() -> None:
    # "... at least two members with a vote": the observer attends but has no vote.
    t = quorum_with({"classes": ["voting"], "at_least": 2})
    assert govrules.quorum(t, "board", present=["observer", "gp"]).answer == "inquorate"
    assert govrules.quorum(t, "board", present=["nurse", "gp"]).answer == "quorate"


def test_a_class_whose_vote_is_unsettled_leaves_the_presence_open() -> None:
    voting = {**VOTING, "exceptions": [{"seat": "observer", "votes": "unspecified"}]}
    t = trust(
        voting=voting,
        quorum={"number": 2, "must_include": [{"classes": ["co-opted", "voting"]}]},
    )
    answer = govrules.quorum(t, "board", present=["observer", "gp"])
    # Whether the observer votes is read both ways: a voting co-opted member is present on one
    # reading only.
    assert answer.answer == "unspecified"
    assert sorted(r.answer for r in answer.readings) == ["inquorate", "quorate"]


def test_a_count_alone_cannot_show_a_class_was_present() -> None:
    t = quorum_with({"classes": ["councillor"]})
    answer = govrules.quorum(t, "board", count=3)
    assert (answer.answer, answer.needs) == ("incomplete", ("--present",))


def test_a_presence_by_class_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, quorum_with({"classes": ["councillor"], "source": "5.1"}))
    status, out, _ = run_cli(
        capsys, "quorum", str(path), "board", "--present", "gp,director", "--format", "json"
    )
    data = json.loads(out)
    assert (status, data["answer"]) == (1, "inquorate")
    assert any(r["source"]["clause"] == "5.1" for r in data["explanation"] if r["source"])


# --- who votes, by class --------------------------------------------------------------------


def test_voting_restricted_to_the_core_membership() -> None:
    # "Voting is restricted to the statutory core membership."
    t = trust(voting={**VOTING, "voter_classes": ["core"]})
    answer = govrules.voters(t, "board")
    assert {r.seat for r in answer.voters} == {"nurse"}
    assert {"cllr", "director", "gp", "observer"} <= {r.seat for r in answer.non_voters}
    vote = govrules.vote(t, "board", for_=["cllr", "cllr", "gp"], against=["nurse"])
    assert (vote.answer, vote.for_, vote.against) == ("lost", 0, 1)


def test_voter_classes_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, trust(voting={**VOTING, "voter_classes": ["elected"]}))
    status, out, _ = run_cli(capsys, "voters", str(path), "board", "--format", "json")
    data = json.loads(out)
    assert status == 0
    assert [r["seat"] for r in data["voters"]] == ["cllr"]


# --- who may hold an office -------------------------------------------------------------------


def elected(**office: Any) -> dict[str, Any]:
    return {"selection": "elected", "by": "membership", "source": "4", **office}


def test_the_chair_is_elected_from_the_members_other_than_the_staff_members() -> None:
    # School Boards (Scotland) Act 1988 s.6: "from among the members other than staff members".
    t = trust(chair=elected(not_from_among={"classes": ["staff"], "source": "4.2"}))
    staff = govrules.eligible(t, "board", "director")
    assert staff.answer == "ineligible"
    assert staff.explanation[-1].source is not None
    assert staff.explanation[-1].source.clause == "4.2"
    assert govrules.eligible(t, "board", "gp").answer == "eligible"


def test_the_chair_is_a_member_of_the_hosting_council() -> None:
    # "The chair is a member of the hosting council": once free text, now checked.
    t = trust(chair=elected(from_among={"partners": ["council"]}))
    assert govrules.eligible(t, "board", "cllr").answer == "eligible"
    assert govrules.eligible(t, "board", "gp").answer == "ineligible"


def test_only_a_voting_member_may_be_elected_chair() -> None:
    # Cheshire and Warrington: "only a voting member may be elected chair or vice-chair".
    t = trust(chair=elected(from_among={"classes": ["voting"]}))
    assert govrules.eligible(t, "board", "observer").answer == "ineligible"
    assert govrules.eligible(t, "board", "gp").answer == "eligible"


def test_from_among_is_any_one_of_its_entries() -> None:
    t = trust(chair=elected(from_among={"seats": ["observer"], "classes": ["core"]}))
    assert govrules.eligible(t, "board", "observer").answer == "eligible"
    assert govrules.eligible(t, "board", "nurse").answer == "eligible"
    assert govrules.eligible(t, "board", "gp").answer == "ineligible"


def test_from_among_a_kind_of_partner() -> None:
    partners = (
        {"id": "council", "name": "Council", "kind": "local-authority"},
        {"id": "health", "name": "Health Board"},
    )
    board = {
        "id": "board",
        "name": "The Board",
        "seats": SEATS,
        "voting": VOTING,
        "chair": elected(from_among={"partner_kinds": ["local-authority"]}),
    }
    t = builders.trust_of(
        board, partners=partners, partner_kinds=[{"id": "local-authority"}], member_classes=CLASSES
    )
    assert govrules.eligible(t, "board", "director").answer == "eligible"
    assert govrules.eligible(t, "board", "gp").answer == "ineligible"


def test_an_unsettled_vote_leaves_a_voting_only_office_open() -> None:
    voting = {**VOTING, "exceptions": [{"seat": "observer", "votes": "unspecified"}]}
    t = trust(voting=voting, chair=elected(from_among={"classes": ["voting"]}))
    assert govrules.eligible(t, "board", "observer").answer == "unspecified"


def test_from_among_in_words_is_still_read_and_answers_unspecified() -> None:
    t = trust(chair=elected(from_among="the members of the Area Team"))
    answer = govrules.eligible(t, "board", "gp")
    assert answer.answer == "unspecified"
    assert any("only in words" in r.text for r in answer.explanation)


def test_eligible_by_class_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, trust(chair=elected(not_from_among={"classes": ["staff"]})))
    status, out, _ = run_cli(capsys, "eligible", str(path), "board", "director", "--format", "json")
    got = json.loads(out)
    assert (status, got["answer"]) == (1, "ineligible")
    assert any("may not be a staff member" in r["text"] for r in got["explanation"])  # the reason


# --- loading: the vocabulary ------------------------------------------------------------------


def _write(tmp_path: Path, t: govrules.Trust) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(json.dumps(t.model_dump(mode="json", by_alias=True, exclude_none=True)))
    return path


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(p) for p in govrules.validate(path).findings if p.severity == "error"]


HEAD = """\
id: t
name: T
document: {title: T}
member_classes: [{id: core}]
bodies:
  - id: b
    name: B
    seats:
"""


def test_an_undeclared_class_is_refused_at_its_place_with_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + "      - {id: a, title: A, classes: [cuncillor]}\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        govrules.load(path)
    assert (caught.value.line, caught.value.column) == (9, 37)
    assert "unknown member class `cuncillor`; did you mean `councillor`?" in str(caught.value)


def test_a_class_not_near_any_known_one_says_where_to_declare_it(tmp_path: Path) -> None:
    found = _problems(tmp_path, HEAD + "      - {id: a, title: A, classes: [trustee]}\n")
    assert any("declare it in `member_classes`" in p for p in found)


def test_voting_is_derived_and_cannot_be_declared_on_a_seat(tmp_path: Path) -> None:
    found = _problems(tmp_path, HEAD + "      - {id: a, title: A, classes: [voting]}\n")
    assert any("`voting` is derived from the voting rule" in p for p in found)


def test_a_seat_cannot_be_officer_and_non_officer(tmp_path: Path) -> None:
    found = _problems(
        tmp_path, HEAD + "      - {id: a, title: A, classes: [officer, non-officer]}\n"
    )
    assert any("is both `officer` and `non-officer`" in p for p in found)


def test_a_built_in_class_is_not_declared_again(tmp_path: Path) -> None:
    text = HEAD.replace("[{id: core}]", "[{id: core}, {id: staff}]")
    found = _problems(tmp_path, text + "      - {id: a, title: A, classes: [core]}\n")
    assert any("`staff` is a built-in class" in p for p in found)


def test_a_presence_an_office_and_voter_classes_name_known_classes(tmp_path: Path) -> None:
    text = HEAD + (
        "      - {id: a, title: A, classes: [core]}\n"
        "    quorum: {number: 1, must_include: [{classes: [cor]}]}\n"
        "    voting: {threshold: {more_than: 1/2}, base: votes-cast, voter_classes: [voting]}\n"
        "    chair: {selection: elected, from_among: {classes: [staf], partners: [nobody]}}\n"
    )
    found = _problems(tmp_path, text)
    assert any("unknown member class `cor`; did you mean `core`?" in p for p in found)
    assert any("`voting` is derived from who votes" in p for p in found)
    assert any("unknown member class `staf`; did you mean `staff`?" in p for p in found)
    assert any("unknown partner `nobody`" in p for p in found)


def test_a_presence_names_one_kind_of_member(tmp_path: Path) -> None:
    text = HEAD + (
        "      - {id: a, title: A}\n"
        "    quorum: {number: 1, must_include: [{office: chair, classes: [staff]}]}\n"
    )
    assert any("an `office` presence takes no `classes`" in p for p in _problems(tmp_path, text))


# --- validate's lint ---------------------------------------------------------------------------


def _codes(tmp_path: Path, t: govrules.Trust) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for f in govrules.validate(_write(tmp_path, t)).findings:
        found.setdefault(f.code, []).append(f.message)
    return found


def test_validate_warns_of_a_class_no_seat_has(tmp_path: Path) -> None:
    t = builders.trust_of(
        {"id": "board", "name": "B", "seats": [{"id": "a", "title": "A"}]},
        member_classes=[{"id": "core"}],
    )
    assert _codes(tmp_path, t)["GR213"] == ["no seat is of the class `core`"]


def test_validate_refuses_a_class_presence_no_meeting_can_meet(tmp_path: Path) -> None:
    t = quorum_with({"classes": ["officer"], "at_least": 3})
    (message,) = _codes(tmp_path, t)["GR202"]
    assert "hold only 2 such member(s)" in message


def test_validate_flags_an_office_in_words_and_an_ex_officio_holder_it_excludes(
    tmp_path: Path,
) -> None:
    t = trust(
        chair={"seat": "director", "not_from_among": {"classes": ["staff"]}},
        vice_chair=elected(from_among="the members of the Area Team"),
    )
    codes = _codes(tmp_path, t)
    assert "GR214" in codes and "GR211" in codes


# --- show and diff ----------------------------------------------------------------------------


def test_show_lists_each_seats_classes_and_the_rules_in_words() -> None:
    t = trust(
        voting={**VOTING, "voter_classes": ["core"]},
        chair=elected(not_from_among={"classes": ["staff"]}),
    )
    data = govrules.show(t, "board").to_dict()
    (body,) = data["bodies"]
    assert {s["id"]: s["classes"] for s in body["seats"]}["director"] == ["officer", "staff"]
    assert "Only a core member (`core`) votes." in body["voting"]["text"]
    assert "It may not be a staff member." in body["chair"]["text"]


def test_diff_shows_a_change_of_a_seats_classes_and_of_who_may_chair() -> None:
    old = trust(chair=elected(from_among={"classes": ["officer"]}))
    seats = [dict(s) for s in SEATS]
    seats[2]["classes"] = ["officer"]
    new = trust(seats=seats, chair=elected(from_among={"classes": ["non-officer"]}))
    changes = {c.kind: c for c in govrules.diff(old, new).changes}
    assert changes["seat-classes-changed"].subject == "gp"
    assert (changes["seat-classes-changed"].before, changes["seat-classes-changed"].after) == (
        "`non-officer`",
        "`officer`",
    )
    assert "non-officer member" in (changes["chair-changed"].after or "")


def test_diff_shows_a_presence_by_class_added() -> None:
    old = quorum_with({"classes": ["officer"]})
    new = quorum_with({"classes": ["officer"]}, {"classes": ["councillor"]})
    (change,) = govrules.diff(old, new).changes
    assert change.kind == "quorum-presence-added"
    assert "councillor" in (change.after or "")


# --- a meeting record's elections ---------------------------------------------------------------


def test_check_refuses_an_election_the_office_rule_bars(tmp_path: Path) -> None:
    # "The chair is elected from among the members other than the staff members": a record
    # of the director (a staff member) elected chair is invalid; the GP's election is not.
    t = trust(chair=elected(not_from_among={"classes": ["staff"], "source": "4.2"}))
    path = _write(tmp_path, t)
    record: dict[str, Any] = {
        "trust": path.name,
        "body": "board",
        "date": "2026-05-01",
        "attendees": ["director", "gp"],
        "elections": [{"office": "chair", "seat": "director"}],
    }
    answer = govrules.check(record | {"trust": str(path)})
    assert answer.answer == "invalid"
    (error,) = [f for f in answer.findings if f.severity == "error"]
    assert "`director` was elected chair" in error.text
    assert error.source is not None and error.source.clause == "4.2"
    fine = govrules.check(
        record | {"trust": str(path), "elections": [{"office": "chair", "seat": "gp"}]}
    )
    assert [f for f in fine.findings if f.severity == "error"] == []


# --- a member of each partner of a kind -------------------------------------------------------


def councils_trust(**presence: Any) -> govrules.Trust:
    partners = (
        {"id": "north", "name": "North Council", "kind": "constituent-council"},
        {"id": "south", "name": "South Council", "kind": "constituent-council"},
        {"id": "police", "name": "Police"},
    )
    board = {
        "id": "board",
        "name": "Joint Committee",
        "seats": [
            {"id": "north-cllr", "title": "North", "partner": "north", "count": 2,
             "classes": ["councillor"]},
            {"id": "north-officer", "title": "North officer", "partner": "north",
             "classes": ["officer"]},
            {"id": "south-cllr", "title": "South", "partner": "south", "count": 2,
             "classes": ["councillor"]},
            {"id": "police", "title": "Police", "partner": "police"},
        ],
        "quorum": {"number": 2, "must_include": [presence], "source": "7"},
    }  # fmt: skip
    return builders.trust_of(
        board, partners=partners, partner_kinds=[{"id": "constituent-council"}]
    )


def test_the_quorum_needs_a_member_of_each_constituent_council() -> None:
    # "No business is done unless a member of each constituent council is present."
    t = councils_trust(each_partner_of_kind="constituent-council")
    assert govrules.quorum(t, "board", present=["north-cllr", "police"]).answer == "inquorate"
    assert govrules.quorum(t, "board", present=["north-officer", "south-cllr"]).answer == (
        "quorate"
    )


def test_a_councillor_of_each_constituent_council() -> None:
    t = councils_trust(each_partner_of_kind="constituent-council", classes=["councillor"])
    assert govrules.quorum(t, "board", present=["north-officer", "south-cllr"]).answer == (
        "inquorate"
    )
    answer = govrules.quorum(t, "board", present=["north-cllr", "south-cllr"])
    assert answer.answer == "quorate"
    assert any(
        "a member who is a councillor from each partner of kind `constituent-council`" in r.text
        for r in answer.explanation
    )


def test_validate_refuses_a_council_that_cannot_send_enough(tmp_path: Path) -> None:
    t = councils_trust(each_partner_of_kind="constituent-council", classes=["officer"])
    (message,) = _codes(tmp_path, t)["GR202"]
    assert message.endswith("(for `south`)")
