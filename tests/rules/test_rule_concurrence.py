"""Votes a resolution must include to carry (``voting.must_include``).

"A simple majority of members present and voting, which must include the vote of the Mayor";
"a two-thirds majority including at least one member from each constituent council"
(real-world-rules.md, combined authority constitutions).
"""

from __future__ import annotations

import asyncio
import importlib
import json
from pathlib import Path
from typing import Any

import builders
import pytest
from clirun import run_cli

import govrules

ROOT = Path(__file__).resolve().parents[2]
AUTHORITY = ROOT / "examples" / "public-sector" / "combined-authority.yaml"

KINDS = [{"id": "constituent-council", "source": "1.1"}]
PARTNERS = (
    {"id": "ashby", "name": "Ashby", "kind": "constituent-council"},
    {"id": "brindle", "name": "Brindle", "kind": "constituent-council"},
    {"id": "calder", "name": "Calder", "kind": "constituent-council"},
    {"id": "growth", "name": "Growth Board"},
)
SEATS = [
    {"id": "mayor", "title": "Mayor", "classes": ["elected"]},
    {"id": "ashby", "title": "Ashby", "partner": "ashby", "count": 2, "classes": ["councillor"]},
    {"id": "brindle", "title": "Brindle", "partner": "brindle", "count": 2,
     "classes": ["councillor"]},
    {"id": "calder", "title": "Calder", "partner": "calder", "count": 2,
     "classes": ["councillor"]},
    {"id": "growth", "title": "Growth Board chair", "partner": "growth", "classes": ["co-opted"]},
]  # fmt: skip
MAYOR = {"seats": ["mayor"], "source": {"clause": "4.1", "quote": "must include the Mayor"}}
EACH = {"each_partner_of_kind": "constituent-council", "source": "5.1"}


def authority(
    *must_include: dict[str, Any], chair: dict[str, Any] | None = None, **voting: Any
) -> govrules.Trust:
    rule = {
        "threshold": {"more_than": "1/2"},
        "base": "votes-cast",
        "casting_vote": "none",
        "must_include": list(must_include),
        "exceptions": [{"seat": "growth", "votes": False}],
        "source": "4.1",
        **voting,
    }
    board = {
        "id": "authority",
        "name": "Authority",
        "seats": SEATS,
        "chair": chair or {"seat": "mayor", "source": "1.1"},
        "voting": rule,
    }
    return builders.trust_of(board, partners=PARTNERS, partner_kinds=KINDS)


def vote(t: govrules.Trust, for_: list[str], against: list[str], **more: Any) -> Any:
    return govrules.vote(t, "authority", for_=for_, against=against, **more)


# --- the Mayor's vote ---------------------------------------------------------------------------


def test_six_to_one_with_the_mayor_against_is_lost() -> None:
    t = authority(MAYOR)
    answer = vote(t, ["ashby", "ashby", "brindle", "brindle", "calder", "calder"], ["mayor"])
    assert (answer.answer, answer.for_, answer.against) == ("lost", 6, 1)
    (need,) = answer.concurrence
    assert (need.met, need.by, need.missing) == (False, (), ("mayor",))
    assert need.source is not None and need.source.clause == "4.1"


def test_five_to_three_with_the_mayor_for_is_carried() -> None:
    t = authority(MAYOR)
    answer = vote(t, ["mayor", "ashby", "ashby", "brindle", "brindle"], ["calder", "calder"])
    assert answer.answer == "carried"
    (need,) = answer.concurrence
    assert (need.met, need.by) == (True, ("mayor",))


def test_without_the_rule_the_same_count_carries() -> None:
    # The control: the count alone carries six to two.
    answer = vote(
        authority(), ["ashby", "ashby", "brindle", "brindle", "calder", "calder"], ["mayor"]
    )
    assert (answer.answer, answer.concurrence) == ("carried", ())


def test_the_mayor_abstaining_or_absent_gives_no_vote_for() -> None:
    t = authority(MAYOR)
    assert vote(t, ["ashby", "brindle"], ["calder"], abstain=["mayor"]).answer == "lost"
    assert vote(t, ["ashby", "brindle"], ["calder"]).answer == "lost"


def test_a_lost_count_stays_lost_and_says_so() -> None:
    answer = vote(authority(MAYOR), ["mayor"], ["ashby", "brindle"])
    assert answer.answer == "lost"
    assert answer.concurrence[0].met is True


def test_the_chair_as_an_office_is_its_ex_officio_seat() -> None:
    t = authority({"office": "chair"})
    assert vote(t, ["ashby", "brindle", "calder"], ["mayor"]).answer == "lost"
    assert vote(t, ["ashby", "mayor"], ["calder"]).answer == "carried"


def test_an_elected_chairs_vote_cannot_be_checked_from_the_trust_file() -> None:
    # Which seat holds an elected chair is not in the trust file (as for a quorum that must
    # include the chair): whether the votes for include the chair's is not settled.
    t = authority({"office": "chair"}, chair={"selection": "elected", "source": "1.1"})
    answer = vote(t, ["ashby", "brindle", "calder"], ["mayor"])
    assert answer.answer == "unspecified"
    assert answer.concurrence[0].met is None
    assert vote(t, ["ashby"], ["brindle", "calder"]).answer == "lost"  # lost on the count


# --- a class, a partner, at least k ------------------------------------------------------------


def test_a_resolution_must_include_a_councillors_vote() -> None:
    t = authority({"classes": ["councillor"]})
    assert vote(t, ["mayor"], []).answer == "lost"
    assert vote(t, ["mayor", "calder"], []).answer == "carried"


def test_a_resolution_must_include_two_members_for_a_partner() -> None:
    t = authority({"partner": "ashby", "at_least": 2})
    assert vote(t, ["mayor", "ashby", "brindle"], ["calder"]).answer == "lost"
    assert vote(t, ["mayor", "ashby", "ashby"], ["calder"]).answer == "carried"


def test_a_non_voters_vote_for_supplies_nothing() -> None:
    # The co-opted chair of the Growth Board has no vote: its vote for is not the one needed.
    t = authority({"seats": ["growth"]})
    answer = vote(t, ["mayor", "growth"], [])
    assert answer.answer == "lost"
    assert answer.concurrence[0].by == ()


# --- two thirds including one member from each constituent council ----------------------------


def two_thirds() -> govrules.Trust:
    return authority(MAYOR, EACH, threshold={"at_least": "2/3"})


def test_two_thirds_including_every_constituent_council_carries() -> None:
    answer = vote(two_thirds(), ["mayor", "ashby", "brindle", "calder"], ["ashby", "brindle"])
    assert (answer.answer, answer.for_, answer.base) == ("carried", 4, 6)
    assert answer.concurrence[1].met is True
    assert set(answer.concurrence[1].by) == {"ashby", "brindle", "calder"}


def test_two_thirds_without_one_constituent_council_is_lost() -> None:
    answer = vote(two_thirds(), ["mayor", "ashby", "ashby", "brindle", "brindle"], ["calder"])
    assert answer.answer == "lost"
    each = answer.concurrence[1]
    assert (each.met, each.missing) == (False, ("calder",))
    assert any("no vote for from `calder`" in r.text for r in answer.explanation)


def test_a_seat_of_unsettled_vote_that_decides_the_kind_leaves_the_outcome_open() -> None:
    t = authority(EACH, exceptions=[{"seat": "calder", "votes": "unspecified"}])
    answer = vote(t, ["mayor", "ashby", "brindle", "calder"], [])
    # Calder votes: its vote for completes the councils. Calder does not vote: it is not one
    # of the partners whose member must vote. Either way carried.
    assert answer.answer == "carried"
    lost_either_way = vote(t, ["mayor", "ashby"], ["brindle"])
    assert lost_either_way.answer == "lost"


def test_a_tie_broken_for_by_the_chair_still_needs_the_mayors_vote() -> None:
    t = authority(MAYOR, casting_vote="chair-has")
    answer = vote(t, ["ashby", "brindle"], ["mayor", "calder"], chair_casts="for")
    assert (answer.answer, answer.tie) == ("lost", "casting-vote")


# --- through the command line, a record and the HTTP API -------------------------------------


def test_the_combined_authority_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    # Before: encoded as the majority plus a recorded gap, 6-2 with the Mayor against was
    # CARRIED, exit 0. Now it is LOST, exit 1, and says why.
    six = (
        "ashby-members,ashby-members,brindle-members,brindle-members,calder-members,calder-members"
    )
    args = ("vote", str(AUTHORITY), "authority", "--for", six, "--against", "mayor,dunmore-members")
    status, out, _ = run_cli(capsys, *args)
    assert status == 1
    assert out.startswith("northfield-combined-authority / authority: LOST: without the vote")
    status, out, _ = run_cli(capsys, *args, "--format", "json")
    data = json.loads(out)
    assert (status, data["answer"], data["concurrence"][0]["met"]) == (1, "lost", False)


def test_a_meeting_record_is_checked_against_the_required_vote(tmp_path: Path) -> None:
    record = {
        "trust": str(AUTHORITY),
        "body": "authority",
        "date": "2026-06-01",
        "attendees": ["mayor", "ashby-members", "brindle-members", "calder-members",
                      "dunmore-members", "dunmore-members"],
        "decisions": [
            {"motion": "Approve the bus franchising consultation",
             "for": ["ashby-members", "brindle-members", "calder-members", "dunmore-members"],
             "against": ["mayor", "dunmore-members"]},
            {"motion": "Note the budget monitoring report",
             "for": ["mayor", "ashby-members", "brindle-members"],
             "against": ["calder-members"]},
        ],
    }  # fmt: skip
    path = tmp_path / "meeting.yaml"
    path.write_text(json.dumps(record), encoding="utf-8")
    answer = govrules.check(path)
    assert [d.answer for d in answer.decisions] == ["lost", "carried"]
    first = answer.decisions[0].to_dict()
    assert first["concurrence"][0]["missing"] == ["mayor"]


def test_the_http_api_answers_as_the_command_does(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("fastapi")
    import httpx

    serve = importlib.import_module("govrules.interfaces.serve")
    body = {
        "trust": "northfield-combined-authority",
        "body": "authority",
        "procedure": "spatial-framework",
        "for": ["mayor", "ashby-members", "ashby-members", "brindle-members",
                "brindle-members", "calder-members", "calder-members"],
        "against": ["dunmore-members", "dunmore-members"],
    }  # fmt: skip

    async def ask() -> httpx.Response:
        transport = httpx.ASGITransport(app=serve.build_app())
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post("/vote", json=body)

    before = getattr(serve._STATE, "served", None)
    serve._STATE.served = serve.load_served([str(AUTHORITY)], None)
    try:
        response = asyncio.run(ask())
    finally:
        if before is not None:
            serve._STATE.served = before
    status, out, _ = run_cli(
        capsys, "vote", str(AUTHORITY), "authority", "--procedure", "spatial-framework",
        "--for", ",".join(body["for"]), "--against", ",".join(body["against"]),
        "--format", "json",
    )  # fmt: skip
    assert response.json() == json.loads(out)
    assert response.json()["concurrence"][1]["missing"] == ["dunmore"]
    assert int(response.headers["x-govrules-exit"]) == status == 1


# --- loading, validate, show, diff ---------------------------------------------------------------


def _write(tmp_path: Path, t: govrules.Trust) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(json.dumps(t.model_dump(mode="json", by_alias=True, exclude_none=True)))
    return path


def test_a_required_vote_names_known_seats_and_kinds(tmp_path: Path) -> None:
    t = authority(MAYOR)
    data = t.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["bodies"][0]["voting"]["must_include"] = [
        {"seats": ["mayr"]},
        {"each_partner_of_kind": "constituent"},
    ]
    path = tmp_path / "bad.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    messages = [f.message for f in govrules.validate(path).findings]
    assert any("unknown seat `mayr` in `authority`; did you mean `mayor`?" in m for m in messages)
    assert any(
        "unknown partner kind `constituent`; did you mean `constituent-council`?" in m
        for m in messages
    )


def test_a_required_vote_names_one_kind_of_member() -> None:
    with pytest.raises(ValueError, match="exactly one of `seats`, `office`"):
        authority({"seats": ["mayor"], "partner": "ashby"})


def test_validate_refuses_a_required_vote_no_seat_can_give(tmp_path: Path) -> None:
    t = authority({"seats": ["growth"]})
    found = [f for f in govrules.validate(_write(tmp_path, t)).findings if f.code == "GR212"]
    assert [f.severity for f in found] == ["error"]
    assert "could ever carry" in (found[0].hint or "")


def test_show_says_what_a_resolution_must_include() -> None:
    (body,) = govrules.show(two_thirds(), "authority").to_dict()["bodies"]
    text = body["voting"]["text"]
    assert "must include the vote for of `mayor`" in text
    assert "from each partner of kind `constituent-council`" in text
    assert body["voting_rule"]["must_include"][1]["each_partner_of_kind"] == "constituent-council"


def test_diff_shows_a_required_vote_added() -> None:
    (change,) = govrules.diff(authority(), authority(MAYOR)).changes
    assert change.kind == "voting-rule-changed"
    assert (change.before, change.after) == ("none", "the vote for of `mayor`")
    assert change.source is not None and change.source.clause == "4.1"


def test_diff_shows_a_partner_changing_kind() -> None:
    old = authority(EACH)
    partners = [p.model_copy(update={"kind": None}) if p.id == "calder" else p
                for p in old.partners]  # fmt: skip
    new = old.model_copy(update={"partners": tuple(partners)})
    kinds = [c.kind for c in govrules.diff(old, new).changes]
    assert kinds == ["partner-kind-changed"]


def test_the_report_shows_the_required_votes_and_each_seats_classes() -> None:
    page = govrules.report(AUTHORITY, svg=False)
    assert "A resolution must include the vote for of <code>mayor</code>" in page
    assert '<span class="classes">(councillor, elected, constituent-member)</span>' in page


def test_a_required_vote_the_text_may_not_require_is_answered_under_both_readings() -> None:
    # "... which should include the vote of the Mayor": a requirement, or an expectation?
    t = authority(MAYOR)
    gap = {
        "kind": "ambiguous",
        "subject": "authority.voting.must_include",
        "note": "'should include' may not bind",
        "source": "4.1",
        "readings": [{"value": [], "note": "an expectation, not a requirement"}],
    }
    data = t.model_dump(mode="json", by_alias=True, exclude_none=True)
    open_text = govrules.Trust.model_validate({**data, "gaps": [gap]})
    assert vote(open_text, ["ashby", "brindle"], ["mayor"]).answer == "unspecified"
    assert vote(open_text, ["mayor", "brindle"], ["ashby"]).answer == "carried"


def test_the_vote_answer_with_required_votes_fits_the_published_answer_schema() -> None:
    import jsonschema

    from govrules.presenting.answerschema import answer_schema

    validator = jsonschema.Draft202012Validator(answer_schema())
    answer = vote(two_thirds(), ["mayor", "ashby", "ashby", "brindle", "brindle"], ["calder"])
    data = answer.to_dict()
    assert list(validator.iter_errors(data)) == []
    bad = {**data, "concurrence": [{**data["concurrence"][0], "met": "yes"}]}
    assert list(validator.iter_errors(bad))


def test_validate_warns_of_a_required_vote_on_a_rule_not_stated(tmp_path: Path) -> None:
    t = authority(MAYOR)
    data = t.model_dump(mode="json", by_alias=True, exclude_none=True)
    voting = data["bodies"][0]["voting"]
    data["bodies"][0]["voting"] = {
        "status": "unspecified",
        "must_include": voting["must_include"],
        "source": "4",
    }
    path = tmp_path / "t.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    found = [f for f in govrules.validate(path).findings if f.code == "GR215"]
    assert [f.severity for f in found] == ["warning"]
    assert "`must_include` has no effect" in found[0].message


def test_escalate_says_what_a_procedures_vote_must_include() -> None:
    answer = govrules.escalate(govrules.load(AUTHORITY), "authority").to_dict()
    (step,) = answer["steps"]
    text = step["vote"]["text"]
    assert "Only an elected member votes." in text
    assert "must include the vote for of a member from each partner of kind" in text
