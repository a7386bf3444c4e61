"""Readings wherever a trust is read: 10.1's reach, a seat's open vote, per-reading numbers,
and show, report, diff, validate and scenario files presenting them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from builders import health_board_file, trust_of
from click.testing import CliRunner

import govrules
from govrules.authoring.diff import diff
from govrules.authoring.scenarios import run_scenarios
from govrules.evaluating.readings import ruled_out_lines
from govrules.interfaces.cli import cli
from govrules.presenting.describe import show
from govrules.presenting.report import report_html

REACH = "10.1 reaches every Children's Trust meeting"


def run(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    return result.exit_code, json.loads(result.output)


# --- Suffolk 10.1's reach over the other bodies ---------------------------------------------


# Under 10.1's reach, "50% of the membership" is of every place, or of the members in office
# (the vacancies, not given, then decide a count short of half the places).
@pytest.mark.parametrize(
    ("body", "count", "of_places", "of_in_office"),
    [
        ("executive-group", 6, "quorate", "quorate"),  # 10 places: 5 needed
        ("executive-group", 4, "inquorate", "incomplete"),
        ("wdag", 8, "quorate", "quorate"),  # 16 places: 8 needed
        # 19 to 23 places (up to 4 schools): 10 to 12 needed
        ("ccsg", 9, "inquorate", "incomplete"),
    ],
)
def test_10_1_reach_is_a_reading_of_the_other_bodies_quorum(
    body: str, count: int, of_places: str, of_in_office: str
) -> None:
    a = govrules.quorum(govrules.load("suffolk"), body, count=count)
    assert a.answer == "unspecified"
    expected = sorted(["unspecified", of_places, of_in_office])
    assert sorted(r.answer for r in a.readings) == expected
    reach = {
        dict(r.values)[f"{body}.quorum"].get("of", "seats"): r.answer
        for r in a.readings
        if r.values
    }
    assert reach == {"seats": of_places, "filled-seats": of_in_office}
    code, data = run("quorum", "suffolk", body, "--count", str(count))
    assert code == 3 and data["required"] is None
    assert sorted(r["answer"] for r in data["readings"]) == expected
    text = CliRunner().invoke(cli, ["quorum", "suffolk", body, "--count", str(count)])
    assert text.exit_code == 3 and REACH in text.output


def test_10_1_reach_in_a_check_of_an_executive_group_meeting() -> None:
    record = {
        "trust": "suffolk",
        "body": "executive-group",
        "date": "2010-03-01",
        "attendees": ["director-cyp", "ad-learning", "ad-strategic-finance", "nhs"],
        "decisions": [{"motion": "M", "for": ["director-cyp", "nhs"], "against": ["ad-learning"]}],
    }
    a = govrules.check(record)
    assert (a.answer, a.quorate) == ("unspecified", "unspecified")
    texts = [f.text for f in a.findings]
    assert any(REACH in t and "inquorate (5 of 10 needed)" in t for t in texts)
    # Nothing decided, nothing turns on the quorum: it is noted, and the record is valid.
    record["decisions"] = []
    a = govrules.check(record)
    assert (a.answer, a.quorate) == ("valid", "unspecified")
    assert {f.severity for f in a.findings} <= {"warning", "info"}


def test_10_1_reach_in_a_vote_of_the_executive_group() -> None:
    a = govrules.vote(
        govrules.load("suffolk"),
        "executive-group",
        for_=["director-cyp", "nhs"],
        against=["ad-learning"],
    )
    # No voting rule either way; under 10.1's reach three of ten present would bind in
    # principle only, so the effect differs by reading too.
    assert (a.answer, a.binding) == ("unspecified", None)
    assert {r.answer for r in a.readings} == {"unspecified"}
    assert {dict(r.facts)["effect"] for r in a.readings} == {"unspecified", "in-principle"}


def test_10_1_reach_leaves_the_strategic_board_definite() -> None:
    a = govrules.quorum(govrules.load("suffolk"), "strategic-board", count=10)
    assert a.answer == "quorate"
    assert all(not any(s.endswith(".quorum") for s, _ in r.values) for r in a.readings)


# --- a seat's open right to vote, as readings -----------------------------------------------

OPEN_SEAT = {
    "id": "board",
    "name": "Board",
    "seats": [{"id": "a", "title": "A", "count": 3}, {"id": "b", "title": "B", "count": 2}],
    "quorum": {"at_least": "1/2", "source": "1"},
    "voting": {
        "threshold": {"more_than": "1/2"},
        "base": "votes-cast",
        "source": "2",
        "exceptions": [{"seat": "b", "votes": "unspecified", "source": "2.1"}],
    },
}


def test_votes_unspecified_is_read_as_two_readings() -> None:
    trust = trust_of(OPEN_SEAT)
    board = trust.body("board")
    assert board is not None and board.voting is not None
    assert [e.votes for e in board.voting.exceptions] == [True]
    [gap] = trust.gaps
    assert (gap.kind, gap.subject) == ("unspecified", "board.voting.exceptions.b.votes")
    assert [r.value for r in gap.readings] == [False]
    assert gap.source.clause == "2.1"


def test_an_open_seat_swings_a_vote_or_does_not() -> None:
    trust = trust_of(OPEN_SEAT)
    swung = govrules.vote(trust, "board", for_=["a", "a"], against=["a", "b", "b"])
    assert swung.answer == "unspecified"
    assert sorted(r.answer for r in swung.readings) == ["carried", "lost"]
    settled = govrules.vote(trust, "board", for_=["a", "a", "a"], against=["b"])
    assert settled.answer == "carried"
    voters = govrules.voters(trust, "board")
    assert voters.answer == "unspecified" and [r.seat for r in voters.undetermined] == ["b"]
    code, data = run("voters", str(_write(trust_of(OPEN_SEAT))), "board")
    assert code == 3 and len(data["readings"]) == 2


def _write(trust: govrules.Trust, path: Path | None = None) -> Path:
    import tempfile

    out = path or Path(tempfile.mkdtemp()) / "t.yaml"
    data = trust.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def test_suffolk_10_2_2_is_carried_as_readings() -> None:
    suffolk = govrules.load("suffolk")
    [gap] = [g for g in suffolk.gaps if g.subject and g.subject.endswith("district-borough.votes")]
    assert [r.value for r in gap.readings] == [False]
    a = govrules.voters(suffolk, "strategic-board")
    assert [r.seat for r in a.undetermined] == ["district-borough"]
    assert sorted(len(r.values) for r in a.readings) == [0, 1]


# --- a vote's numbers, reading by reading ---------------------------------------------------


def test_the_base_is_given_per_reading_and_null_where_they_differ() -> None:
    # 6 for, 3 against, 2 abstaining: carried under every reading of 10.3.1, on a base of 11
    # (voting members present, or everyone present) or 9 (votes cast).
    args = dict(
        for_=["portfolio-holder", "director-cyp", "nhs-suffolk", "vcs", "vcs", "governors-forum"],
        against=["schools", "schools", "jobcentre-plus"],
        abstain=["fe-college", "police-authority"],
    )
    a = govrules.vote(govrules.load("suffolk"), "strategic-board", **args)  # type: ignore[arg-type]
    assert (a.answer, a.base, a.required) == ("carried", None, None)
    assert sorted(dict(r.facts)["base"] for r in a.readings) == [9, 11, 11]
    texts = " ".join(r.text for r in a.explanation)
    assert "6 of 11 needed" in texts and "5 of 9 needed" in texts
    code, data = run(
        "vote", "suffolk", "strategic-board", "--for",
        "portfolio-holder,director-cyp,nhs-suffolk,vcs,vcs,governors-forum",
        "--against", "schools,schools,jobcentre-plus", "--abstain", "fe-college,police-authority",
    )  # fmt: skip
    assert code == 0 and data["base"] is None and data["required_text"] is None
    assert sorted(r["base"] for r in data["readings"]) == [9, 11, 11]


def test_one_base_under_every_reading_is_the_answers() -> None:
    # Nobody abstains and the LSCB chair is absent: every reading's base is 9.
    a = govrules.vote(
        govrules.load("suffolk"),
        "strategic-board",
        for_=["portfolio-holder", "director-cyp", "nhs-suffolk", "vcs", "vcs", "governors-forum"],
        against=["schools", "schools", "jobcentre-plus"],
    )
    assert (a.answer, a.base, a.required) == ("carried", 9, 5)


# --- show, the report, diff and validate ----------------------------------------------------


def test_show_presents_each_gaps_readings() -> None:
    shown = show(govrules.load("suffolk")).to_dict()
    board = next(b for b in shown["bodies"] if b["id"] == "strategic-board")
    seat = next(s for s in board["seats"] if s["id"] == "district-borough")
    assert seat["voting"] is None
    assert seat["readings"] == ["strategic-board.voting.exceptions.district-borough.votes"]
    schools = next(s for s in board["seats"] if s["id"] == "schools")
    assert schools["readings"] == ["strategic-board.seats.schools.count"]
    executive = next(b for b in shown["bodies"] if b["id"] == "executive-group")
    assert REACH in executive["quorum"]["text"]
    [reach] = executive["quorum"]["readings"]
    # As encoded (no quorum); 10.1's, of every place; 10.1's, of the members in office.
    assert [r["encoded"] for r in reach["readings"]] == [True, False, False]
    gap = next(g for g in shown["gaps"] if g["subject"] == "strategic-board.voting.base")
    assert [r["value"] for r in gap["readings"]] == ["present", "everyone-present", "votes-cast"]
    result = CliRunner().invoke(cli, ["show", "suffolk", "strategic-board"])
    assert "Readings of 10.2.2" in result.output and "encoded: 2: two places" in result.output


def test_the_report_presents_each_gaps_readings() -> None:
    page = report_html([("suffolk", govrules.load("suffolk"))], svg=False)
    assert page.count('class="readings"') >= 6
    assert "10.1 reaches every Children&#x27;s Trust meeting" in page
    assert "Readings:</strong>" in page  # the District & Borough seat's row is flagged


@pytest.fixture
def suffolk_text() -> str:
    from govrules.compiling.loader import bundled_path

    path = bundled_path("suffolk")
    assert path is not None
    return path.read_text(encoding="utf-8")


def _load_text(tmp_path: Path, text: str) -> govrules.Trust:
    path = tmp_path / f"suffolk-{len(list(tmp_path.iterdir()))}.yaml"
    path.write_text(text, encoding="utf-8")
    return govrules.load(path)


def test_diff_reports_a_reading_added_or_removed(suffolk_text: str, tmp_path: Path) -> None:
    line = (
        "      - {value: votes-cast, note: a majority of the votes cast by the representatives "
        "present}\n"
    )
    assert suffolk_text.count(line) == 1
    fewer = _load_text(tmp_path, suffolk_text.replace(line, ""))
    suffolk = govrules.load("suffolk")
    d = diff(suffolk, fewer)
    [change] = d.changes
    assert (change.kind, change.subject, change.before) == (
        "reading-removed",
        "strategic-board.voting.base",
        '"votes-cast"',
    )
    [back] = diff(fewer, suffolk).changes
    assert back.kind == "reading-added" and back.body == "strategic-board"
    result = CliRunner().invoke(cli, ["diff", "suffolk", str(tmp_path / "suffolk-0.yaml")])
    assert result.exit_code == 1 and "Reading no longer admitted" in result.output


def test_diff_sees_an_open_seat_settled(suffolk_text: str, tmp_path: Path) -> None:
    start = suffolk_text.index(
        "  - kind: placeholder\n    subject: strategic-board.voting.exceptions"
    )
    gap = suffolk_text[start : suffolk_text.index("  - kind:", start + 1)]
    settled = _load_text(tmp_path, suffolk_text.replace(gap, ""))
    kinds = sorted(c.kind for c in diff(govrules.load("suffolk"), settled).changes)
    assert kinds == ["gap-resolved", "reading-removed", "vote-now-settled"]


def test_validate_checks_the_rules_under_each_reading(tmp_path: Path) -> None:
    data = {
        "id": "t",
        "name": "T",
        "document": {"title": "T"},
        "bodies": [
            {
                "id": "board",
                "name": "Board",
                "seats": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}],
                "chair": {"seat": "a", "voting_members_only": True, "source": "1"},
                "voting": {
                    "threshold": {"more_than": "1/2"},
                    "base": "votes-cast",
                    "source": "2",
                    "exceptions": [{"seat": "a", "votes": True, "source": "2"}],
                },
            }
        ],
        "gaps": [
            {
                "kind": "ambiguous",
                "note": "whether the chair votes",
                "source": "2",
                "subject": "board.voting.exceptions.a.votes",
                "readings": [{"value": False}],
            }
        ],
    }
    path = tmp_path / "t.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    found = govrules.validate(path).findings
    [under] = [f for f in found if f.code == "GR102"]
    assert under.message.startswith("under the reading board.voting.exceptions.a.votes = false")


# --- scenario files expect readings and needs -----------------------------------------------


def scenario(tmp_path: Path, cases: list[dict[str, Any]]) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(json.dumps({"trust": "suffolk", "cases": cases}), encoding="utf-8")
    return path


# Every place filled: 10.1's "membership", every place or the members in office, is 17 either
# way, so only the schools' places are readings that matter.
EIGHT = {"question": "quorum", "body": "strategic-board", "count": 8, "vacancies": 0}


def test_a_scenario_expects_each_readings_answer(tmp_path: Path) -> None:
    named = {
        "answer": "quorate",
        "values": {"strategic-board.seats.schools.count": 1},
    }
    cases = [
        {**EIGHT, "expect": {"readings": ["inquorate", "quorate", "inquorate"]}},
        {**EIGHT, "expect": {"readings": [named, "inquorate", "inquorate"]}},
        {**EIGHT, "expect": {"readings": ["quorate", "quorate", "inquorate"]}},
        {**EIGHT, "expect": {"readings": [{"answer": "quorate", "values": {}}, "x", "y"]}},
        {**EIGHT, "expect": {"readings": ["inquorate", "quorate"]}},
    ]
    results = run_scenarios([scenario(tmp_path, cases)]).results
    assert [r.status for r in results] == ["passed", "passed", "failed", "failed", "failed"]
    assert "expected a reading quorate" in results[2].problems[0]
    assert "expected 2 readings, got 3" in results[4].problems[0]


def test_a_scenario_expects_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    health_board_file(tmp_path)
    path = tmp_path / "s.yaml"
    case = {"question": "quorum", "body": "board", "count": 5}
    path.write_text(
        json.dumps(
            {
                "trust": "t.yaml",
                "cases": [
                    {**case, "expect": {"answer": "incomplete", "needs": ["--present"]}},
                    {**case, "expect": {"needs": []}},
                    {**case, "count": 3, "expect": {"answer": "inquorate", "needs": []}},
                ],
            }
        ),
        encoding="utf-8",
    )
    results = run_scenarios([path]).results
    assert [r.status for r in results] == ["passed", "failed", "passed"]
    assert results[1].problems == ("expected needs [], got ['--present']",)


@pytest.mark.parametrize(
    "expect",
    [{"readings": "quorate"}, {"readings": [{"answer": "quorate", "extra": 1}]}, {"needs": "x"}],
)
def test_a_malformed_readings_or_needs_expectation_is_located(
    tmp_path: Path, expect: dict[str, Any]
) -> None:
    path = scenario(tmp_path, [{**EIGHT, "expect": expect}])
    result = CliRunner().invoke(cli, ["test", str(path)])
    assert result.exit_code == 2
    assert f"{path}:1:" in result.output or f"{path}:" in result.output


def test_facts_the_encoded_trust_cannot_hold_may_fit_a_reading() -> None:
    # 18 present: more than the 17 places as encoded, but the schools' third place (a reading
    # of Appendix A 3.2.1) makes 18; only that reading is asked, with each reading of 10.1's
    # "membership" (every place, or the members in office: 18 either way, as no vacancies are
    # given and all 18 attend). 19 fits none: refused.
    a = govrules.quorum(govrules.load("suffolk"), "strategic-board", count=18)
    assert (a.answer, a.required) == ("quorate", 9)
    assert [r.values for r in a.readings] == [
        (("strategic-board.seats.schools.count", 3),),
        (
            ("strategic-board.seats.schools.count", 3),
            ("strategic-board.quorum.of", "filled-seats"),
        ),
    ]
    assert {r.answer for r in a.readings} == {"quorate"}
    # Why the others cannot be asked names the schools' places, the readings of 10.1 ruling
    # out nothing.
    unfit = [r.text for r in a.explanation if "the question cannot be asked" in r.text]
    assert [t.split(",")[0] for t in unfit] == [
        "Under the reading strategic-board.seats.schools.count = 2 (two places",
        "Under the reading strategic-board.seats.schools.count = 1 (one place for all school "
        "representatives)",
    ]
    assert not [t for t in unfit if "quorum.of" in t]
    code, data = run("quorum", "suffolk", "strategic-board", "--count", "18")
    assert code == 0 and data["answer"] == "quorate"
    refused = CliRunner().invoke(cli, ["quorum", "suffolk", "strategic-board", "--count", "19"])
    assert refused.exit_code == 2 and "only 17 places" in refused.output


def test_a_reading_ruled_out_is_named_by_what_rules_it_out() -> None:
    # Combinations (10.1 reading, schools' places reading) ruled out for one reason, as the
    # question's evaluations would find them.
    trust = govrules.load("suffolk")
    gaps = {g.subject: g for g in trust.gaps if g.readings}
    touched = [gaps["strategic-board.quorum.of"], gaps["strategic-board.seats.schools.count"]]

    def named(ruled_out: list[tuple[tuple[int, int], str]]) -> list[str]:
        lines = ruled_out_lines(trust, touched, ruled_out, None)
        return [r.text.split(", the question")[0].removeprefix("Under the reading ") for r in lines]

    schools = "strategic-board.seats.schools.count"
    two = f"{schools} = 2 (two places, one primary and one secondary/special)"
    one = f"{schools} = 1 (one place for all school representatives)"
    # Both readings of 10.1 with two school places: the two places rule it out.
    assert named([((0, 0), "why"), ((1, 0), "why")]) == [two]
    # Two and one school place, with 10.1 as encoded: three places are not ruled out, so the
    # schools' readings are named, not 10.1's.
    assert named([((0, 0), "why"), ((0, 1), "why")]) == [f"{two} or {one}"]
