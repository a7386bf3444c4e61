"""Conditions on the right to vote: every key, evaluated through ``voters``, and its words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import builders
import pytest
from clirun import run_cli

import govrules
from govrules import VotersAnswer
from govrules.evaluating.conditions import describe
from govrules.language.schema import Condition

# A statutory partner, a partner under no statutory duty, one whose duty the file leaves open,
# and a seat with no partner at all.
PARTNERS = (
    {"id": "council", "name": "Council", "statutory": True},
    {"id": "health", "name": "Health", "statutory": False},
    {"id": "charity", "name": "Charity"},
)
SEATS = [
    {"id": "cllr", "title": "Councillor", "partner": "council"},
    {"id": "gp", "title": "GP", "partner": "health"},
    {"id": "vcs", "title": "Voluntary sector", "partner": "charity"},
    {"id": "lay", "title": "Lay member"},
]


def ask(condition: dict[str, Any], **matter: list[str]) -> VotersAnswer:
    voting = {
        "threshold": {"more_than": "1/2"},
        "base": "votes-cast",
        "condition": condition,
        "source": "7",
    }
    body = {"id": "board", "name": "The Board", "seats": SEATS, "voting": voting}
    return govrules.voters(builders.trust_of(body, partners=PARTNERS), "board", **matter)


def sort(answer: VotersAnswer) -> tuple[set[str], set[str], set[str]]:
    return (
        {r.seat for r in answer.voters},
        {r.seat for r in answer.non_voters},
        {r.seat for r in answer.undetermined},
    )


ALL = {"cllr", "gp", "vcs", "lay"}
AFFECTS_OR_IMPLEMENTS = ("--affects", "--implementer")


@pytest.mark.parametrize(
    ("condition", "voters"),
    [
        ({"seat_in": ["gp", "lay"]}, {"gp", "lay"}),
        ({"not": {"seat_in": ["gp"]}}, {"cllr", "vcs", "lay"}),
        ({"any": [{"seat_in": ["vcs"]}, {"seat_in": ["lay"]}]}, {"vcs", "lay"}),
        ({"all": [{"seat_in": ["gp", "cllr"]}, {"not": {"seat_in": ["gp"]}}]}, {"cllr"}),
    ],
)
def test_a_condition_not_about_the_matter_is_settled_without_one(
    condition: dict[str, Any], voters: set[str]
) -> None:
    got = ask(condition)
    assert sort(got) == (voters, ALL - voters, set())
    assert got.answer == "determined"


KNOWN = {"cllr", "gp", "lay"}
"""The seats whose partner's statutory duty the file settles (the lay seat has no partner)."""


@pytest.mark.parametrize(
    ("condition", "voters"),
    [
        ({"statutory_partner": True}, {"cllr"}),
        ({"statutory_partner": False}, {"gp", "lay"}),
        ({"not": {"statutory_partner": True}}, {"gp", "lay"}),
        ({"any": [{"statutory_partner": True}, {"seat_in": ["lay"]}]}, {"cllr", "lay"}),
        ({"all": [{"statutory_partner": False}, {"seat_in": ["gp", "cllr"]}]}, {"gp"}),
    ],
)
def test_statutory_partner_needs_no_matter(condition: dict[str, Any], voters: set[str]) -> None:
    got = ask(condition)
    voting, not_voting, open_ = (found & KNOWN for found in sort(got))
    assert (voting, not_voting, open_) == (voters, KNOWN - voters, set())


@pytest.mark.parametrize(("statutory", "never"), [(True, "voters"), (False, "non_voters")])
def test_a_partner_of_unknown_duty_is_never_taken_for_a_statutory_one(
    statutory: bool, never: str
) -> None:
    got = ask({"statutory_partner": statutory})
    assert "vcs" not in {r.seat for r in getattr(got, never)}


@pytest.mark.parametrize("statutory", [True, False])
def test_a_partner_of_unknown_duty_leaves_its_seat_open(statutory: bool) -> None:
    # `statutory` unset: the document does not say. The MoU leaves the seat's vote open, so
    # the answer is `unspecified` (no option of the question could settle it), not incomplete.
    got = ask({"statutory_partner": statutory})
    assert "vcs" in {r.seat for r in got.undetermined}
    assert (got.answer, got.needs) == ("unspecified", ())


# Conditions are three-valued: with the matter not described, only the seats whose condition
# depends on it are open (a part settled without the matter settles `any` when true and `all`
# when false), and the answer is `incomplete`, asking for the matter, not `unspecified` (the
# matter is a fact the question lacks). Every seat was open before.
@pytest.mark.parametrize(
    ("condition", "voters", "needs"),
    [
        ({"affected": ["any"]}, set(), ("--affects",)),
        ({"implements": True}, set(), ("--implementer",)),
        ({"not": {"affected": ["powers"]}}, set(), ("--affects",)),
        ({"any": [{"seat_in": ["cllr"]}, {"implements": True}]}, {"cllr"}, ("--implementer",)),
        ({"any": [{"affected": ["any"]}, {"implements": True}]}, set(), AFFECTS_OR_IMPLEMENTS),
    ],
)
def test_a_condition_about_the_matter_is_open_until_the_matter_is_named(
    condition: dict[str, Any], voters: set[str], needs: tuple[str, ...]
) -> None:
    # It asks for the lists the condition reads, and only those.
    got = ask(condition)
    assert sort(got) == (voters, set(), ALL - voters)
    assert (got.answer, got.needs) == ("incomplete", needs)
    assert all("the matter is not described" in r.reason for r in got.undetermined)


def test_a_list_left_out_is_not_known_not_empty() -> None:
    # "affects or implements" (Rutland Appendix A (e)): naming those affected settles their
    # seats, but whether another partner implements the decision is not known until the
    # implementers are named (an omitted list is not known, the public contract).
    condition = {"any": [{"affected": ["any"]}, {"implements": True}]}
    got = ask(condition, affects=["council"])
    assert sort(got) == ({"cllr"}, set(), {"gp", "vcs", "lay"})
    assert (got.answer, got.needs) == ("incomplete", ("--implementer",))
    got = ask(condition, affects=["council"], implementers=[])
    assert sort(got) == ({"cllr"}, {"gp", "vcs"}, {"lay"})
    got = ask(condition, implementers=["health"])
    assert sort(got) == ({"gp"}, set(), {"cllr", "vcs", "lay"})
    assert got.needs == ("--affects",)


def test_a_condition_false_without_the_matter_settles_the_seat() -> None:
    # `all` with a part false whatever the matter is false: the GP (a partner under no
    # statutory duty) and the lay seat (no partner, so no statutory partner: see KNOWN) do not
    # vote; only the councillor's vote waits on the matter (and the vcs seat's, whose partner's
    # duty the file leaves open, on the matter and then on the file).
    got = ask({"all": [{"statutory_partner": True}, {"affected": ["finances"]}]})
    voting, not_voting, open_ = (found & KNOWN for found in sort(got))
    assert (voting, not_voting, open_) == (set(), {"gp", "lay"}, {"cllr"})
    assert (got.answer, got.needs) == ("incomplete", ("--affects",))


@pytest.mark.parametrize("respect", ["statutory-duty", "powers", "finances", "any"])
def test_affected_gives_a_vote_to_the_partners_the_matter_affects(respect: str) -> None:
    got = ask({"affected": [respect]}, affects=["council", "charity"])
    # The seat with no partner cannot be settled by naming partners.
    assert sort(got) == ({"cllr", "vcs"}, {"gp"}, {"lay"})
    assert got.answer == "unspecified"
    reasons = {r.seat: r.reason for r in got.voters}
    assert reasons["cllr"] == "votes: the matter affects `council`"


def test_affected_by_naming_the_seat_itself() -> None:
    got = ask({"affected": ["powers", "finances"]}, affects=["gp", "lay"])
    assert sort(got) == ({"gp", "lay"}, {"cllr", "vcs"}, set()) and got.answer == "determined"
    assert {r.seat: r.reason for r in got.voters}["lay"] == "votes: the matter affects seat `lay`"


def test_implementing_is_not_being_affected() -> None:
    got = ask({"implements": True}, implementers=["health"], affects=["council", "lay"])
    assert sort(got) == ({"gp"}, {"cllr", "vcs", "lay"}, set())
    assert got.voters[0].reason == "votes: `health` is to implement the decision"
    got = ask({"affected": ["any"]}, implementers=["health"], affects=["council", "lay"])
    assert sort(got) == ({"cllr", "lay"}, {"gp", "vcs"}, set())


def test_implementers_alone_name_the_matter() -> None:
    got = ask({"implements": True}, implementers=["health"])
    assert sort(got) == ({"gp"}, {"cllr", "vcs"}, {"lay"})


def test_any_gives_a_vote_for_either_part() -> None:
    condition = {"any": [{"affected": ["any"]}, {"implements": True}]}
    got = ask(condition, affects=["council"], implementers=["health"])
    assert sort(got) == ({"cllr", "gp"}, {"vcs"}, {"lay"})
    reasons = {r.seat: r.reason for r in got.voters}
    assert reasons == {
        "cllr": "votes: the matter affects `council`",
        "gp": "votes: `health` is to implement the decision",
    }


def test_all_needs_every_part() -> None:
    condition = {"all": [{"statutory_partner": True}, {"affected": ["statutory-duty"]}]}
    got = ask(condition, affects=["council", "health", "lay"])
    assert sort(got) == ({"cllr"}, {"gp", "vcs", "lay"}, set())
    assert got.voters[0].reason == (
        "votes: its partner is under the statutory duty to co-operate "
        "and the matter affects `council`"
    )


def test_not_turns_the_matter_round() -> None:
    got = ask({"not": {"affected": ["any"]}}, affects=["council"])
    assert sort(got) == ({"gp", "vcs"}, {"cllr"}, {"lay"})


def test_a_non_voter_is_told_the_condition() -> None:
    got = ask({"statutory_partner": True})
    assert {r.reason for r in got.non_voters} == {
        "votes only if its partner is under the statutory duty to co-operate"
    }
    assert {r.source.clause for r in got.non_voters if r.source} == {"7"}


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        (
            {"affected": ["statutory-duty"]},
            "the matter directly affects its partner's statutory duty",
        ),
        (
            {"affected": ["powers", "finances"]},
            "the matter directly affects its partner's powers or finances",
        ),
        (
            {"affected": ["statutory-duty", "powers", "finances"]},
            "the matter directly affects its partner's statutory duty, powers or finances",
        ),
        ({"affected": ["any"]}, "the matter directly affects its partner's interests"),
        ({"implements": True}, "its partner is to be responsible for implementation"),
        ({"statutory_partner": True}, "its partner is under the statutory duty to co-operate"),
        ({"statutory_partner": False}, "its partner is not under the statutory duty to co-operate"),
        ({"seat_in": ["a", "b"]}, "it is one of a, b"),
        ({"not": {"seat_in": ["a"]}}, "it is not the case that it is one of a"),
        (
            {"any": [{"seat_in": ["a"]}, {"implements": True}]},
            "it is one of a or its partner is to be responsible for implementation",
        ),
        (
            {"all": [{"seat_in": ["a"]}, {"statutory_partner": False}]},
            "it is one of a and its partner is not under the statutory duty to co-operate",
        ),
    ],
)
def test_each_condition_in_words(condition: dict[str, Any], words: str) -> None:
    assert describe(Condition.model_validate(condition)) == words


# Every key decides a vote. The Board has two councillors (a statutory partner's), two GPs (a
# partner under no statutory duty) and a lay member (no partner); 2 for, 3 against is lost
# when everyone votes, so each condition below changes the answer by who it lets vote. Each
# case: the condition, the question (for, against, and what it says of the matter) and the
# answer with the options it needs.
VOTE_SEATS = [
    {"id": "cllr", "title": "Councillor", "partner": "council", "count": 2},
    {"id": "gp", "title": "GP", "partner": "health", "count": 2},
    {"id": "lay", "title": "Lay member"},
]
MATTERS = ({"id": "budget", "name": "the budget", "source": "8"},)
COUNCIL_FOR = {"for_": ["cllr", "cllr"], "against": ["gp", "gp", "lay"]}
HEALTH_FOR = {"for_": ["gp", "gp"], "against": ["cllr", "cllr", "lay"]}
# Each condition asks for the list it reads (an omitted list is not known).
AFFECTED = ("--affects",)
IMPLEMENTER = ("--implementer",)

VOTE_CASES: list[tuple[dict[str, Any], dict[str, Any], str, tuple[str, ...]]] = [
    ({"seat_in": ["cllr", "lay"]}, COUNCIL_FOR, "carried", ()),
    ({"seat_in": ["cllr", "gp", "lay"]}, COUNCIL_FOR, "lost", ()),
    ({"not": {"seat_in": ["gp"]}}, COUNCIL_FOR, "carried", ()),
    ({"not": {"seat_in": ["cllr"]}}, COUNCIL_FOR, "lost", ()),
    ({"any": [{"seat_in": ["lay"]}, {"statutory_partner": True}]}, COUNCIL_FOR, "carried", ()),
    ({"any": [{"seat_in": ["lay"]}, {"statutory_partner": False}]}, HEALTH_FOR, "carried", ()),
    (
        {"all": [{"statutory_partner": False}, {"seat_in": ["gp", "lay"]}]},
        HEALTH_FOR,
        "carried",
        (),
    ),
    ({"all": [{"statutory_partner": False}, {"seat_in": ["lay"]}]}, HEALTH_FOR, "lost", ()),
    ({"statutory_partner": True}, COUNCIL_FOR, "carried", ()),
    ({"statutory_partner": False}, COUNCIL_FOR, "lost", ()),
    ({"affected": ["finances"]}, {**HEALTH_FOR, "affects": ["health"]}, "carried", ()),
    ({"affected": ["finances"]}, {**HEALTH_FOR, "affects": ["council", "lay"]}, "lost", ()),
    ({"implements": True}, {**COUNCIL_FOR, "implementers": ["council"]}, "carried", ()),
    ({"implements": True}, {**COUNCIL_FOR, "implementers": ["health"]}, "lost", ()),
    ({"matter": ["budget"]}, {**COUNCIL_FOR, "matter": "budget"}, "lost", ()),
    (
        {"any": [{"seat_in": ["cllr"]}, {"matter": ["budget"]}]},
        {**COUNCIL_FOR, "matter": "none"},
        "carried",
        (),
    ),
    # Three-valued: the question does not describe the matter (or its kind). Seats whose vote
    # turns on it are open; where they could change the outcome the answer is incomplete and
    # asks for the fact, where they could not it is settled.
    ({"affected": ["finances"]}, HEALTH_FOR, "incomplete", AFFECTED),
    ({"implements": True}, COUNCIL_FOR, "incomplete", IMPLEMENTER),
    (
        # Only the lay member's vote turns on the matter, and 2 for, 2 against, the lay
        # member against: counted or not, the motion fails.
        {"not": {"all": [{"seat_in": ["lay"]}, {"affected": ["finances"]}]}},
        {"for_": ["cllr", "cllr"], "against": ["gp", "gp", "lay"]},
        "lost",
        (),
    ),
    (
        # The same lay vote decides 2 for, 1 against: carried without it, tied with it.
        {"not": {"all": [{"seat_in": ["lay"]}, {"affected": ["finances"]}]}},
        {"for_": ["cllr", "cllr"], "against": ["gp", "lay"]},
        "incomplete",
        AFFECTED,
    ),
    # A part settled without the matter settles `any` when it holds (the councillors vote; the
    # GP against, whose vote waits on the matter, cannot outweigh them) and `all` when it
    # fails (the GPs and the lay member do not vote; the councillors against, open, cannot
    # carry it).
    (
        {"any": [{"statutory_partner": True}, {"affected": ["any"]}]},
        {"for_": ["cllr", "cllr"], "against": ["gp"]},
        "carried",
        (),
    ),
    (
        {"any": [{"statutory_partner": True}, {"affected": ["any"]}]},
        COUNCIL_FOR,
        "incomplete",
        AFFECTED,
    ),
    ({"all": [{"statutory_partner": True}, {"implements": True}]}, HEALTH_FOR, "lost", ()),
    ({"matter": ["budget"]}, COUNCIL_FOR, "incomplete", ("--matter",)),
    ({"not": {"matter": ["budget"]}}, COUNCIL_FOR, "incomplete", ("--matter",)),
]


def vote_on(condition: dict[str, Any], question: dict[str, Any], **partner: Any) -> Any:
    voting = {
        "threshold": {"more_than": "1/2"},
        "base": "votes-cast",
        "casting_vote": "none",
        "condition": condition,
        "source": "7",
    }
    partners = (
        {"id": "council", "name": "Council", "statutory": True},
        {"id": "health", "name": "Health", "statutory": False, **partner},
    )
    body = {"id": "board", "name": "The Board", "seats": VOTE_SEATS, "voting": voting}
    trust = builders.trust_of(body, partners=partners, matters=list(MATTERS))
    return govrules.vote(trust, "board", **question)


@pytest.mark.parametrize(("condition", "question", "answer", "needs"), VOTE_CASES)
def test_each_key_decides_a_vote(
    condition: dict[str, Any], question: dict[str, Any], answer: str, needs: tuple[str, ...]
) -> None:
    got = vote_on(condition, question)
    assert (got.answer, got.needs) == (answer, needs)


def test_a_partner_whose_duty_the_file_leaves_open_leaves_a_deciding_vote_unsettled() -> None:
    # Health's duty unsaid: whether the GPs vote under `statutory_partner: true` is not
    # settled by the file, and they decide it (2 for, 2 against, the GPs against).
    question = {"for_": ["cllr", "cllr"], "against": ["gp", "gp"]}
    got = vote_on({"statutory_partner": True}, question, statutory=None)
    assert (got.answer, got.needs) == ("unspecified", ())
    assert "gp" in {r.seat for r in got.not_counted}
    # ... unless they cannot: 2 for, one GP against, is carried whether the GP votes or not.
    question = {"for_": ["cllr", "cllr"], "against": ["gp"]}
    assert vote_on({"statutory_partner": True}, question, statutory=None).answer == "carried"


def test_the_command_line_answers_under_a_condition(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    condition = {"affected": ["finances"]}
    path = tmp_path / "rules.yaml"
    data = {
        "id": "rules",
        "name": "Rules",
        "document": {"title": "Rules"},
        "partners": [
            {"id": "council", "name": "Council", "statutory": True},
            {"id": "health", "name": "Health", "statutory": False},
        ],
        "bodies": [
            {
                "id": "board",
                "name": "The Board",
                "seats": VOTE_SEATS,
                "quorum": {"number": 3, "source": "2"},
                "voting": {
                    "threshold": {"more_than": "1/2"},
                    "base": "votes-cast",
                    "condition": condition,
                    "source": "7",
                },
            }
        ],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    base = ["vote", str(path), "board", "--for", "gp,gp", "--against", "cllr,cllr,lay"]
    code, out, _ = run_cli(capsys, *base, "--format", "json")
    got = json.loads(out)
    assert (code, got["answer"], got["needs"]) == (4, "incomplete", list(AFFECTED))
    code, out, _ = run_cli(capsys, *base, "--affects", "health", "--format", "json")
    assert (code, json.loads(out)["answer"]) == (0, "carried")


def _keys(condition: Any) -> set[str]:
    """The keys of a condition as written, and of every condition inside it."""
    if isinstance(condition, list):
        return set().union(*(_keys(c) for c in condition))
    if not isinstance(condition, dict):
        return set()
    return set(condition) | set().union(*(_keys(v) for v in condition.values()))


def test_every_condition_key_decides_a_vote_here() -> None:
    # A key added to the model fails this until a case above evaluates it.
    model = {f.alias or name for name, f in Condition.model_fields.items()}
    exercised = _keys([c for c, *_ in VOTE_CASES]) & model
    assert exercised == model
    # ... and each key that asks about the question's facts has a case where they are missing.
    unsettled = _keys([c for c, _, answer, _ in VOTE_CASES if answer == "incomplete"])
    assert {"affected", "implements", "matter"} <= unsettled
