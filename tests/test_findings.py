"""One small draft per semantic check: each asserts the code, line and column it reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govrules
from govrules.authoring.findings import CODES, Finding

DRAFT = """\
id: draft
name: Draft Trust
document:
  title: Draft MoU
partners:
  - {id: council, name: Council, statutory: true, source: "1"}
  - {id: police, name: Police, statutory: true, source: "1"}
bodies:
  - id: board
    name: Board
    source: "2"
    chair:
      seat: leader
      source: "2.1"
    seats:
      - {id: leader, title: Leader, partner: council, source: "2.2"}
      - {id: officer, title: Officer, partner: council, count: 3, source: "2.2"}
    quorum:
      at_least: 1/2
      source: "2.3"
    voting:
      threshold: {more_than: 1/2}
      base: votes-cast
      casting_vote: none
      source: "2.4"
  - id: group
    name: Group
    source: "3"
    reports_to: [{to: board, source: "3.1"}]
    seats:
      - {id: lead, title: Lead, partner: council, source: "3.2"}
"""


def findings(tmp_path: Path, text: str) -> list[Finding]:
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    return list(govrules.validate(path).findings)


def only(found: list[Finding], code: str) -> Finding:
    matching = [f for f in found if f.code == code]
    assert len(matching) == 1, [f.render() for f in found]
    return matching[0]


def test_the_base_draft_is_clean(tmp_path: Path) -> None:
    assert findings(tmp_path, DRAFT) == []


def test_gr002_schema_error(tmp_path: Path) -> None:
    f = only(findings(tmp_path, DRAFT.replace("count: 3", "count: 0")), "GR002")
    assert (f.line, f.column) == (17, 57)  # the `count` key of the second seat


def test_gr010_chair_holds_no_seat(tmp_path: Path) -> None:
    f = only(findings(tmp_path, DRAFT.replace("seat: leader", "seat: mayor")), "GR010")
    assert (f.line, f.column) == (13, 7)
    assert "unknown seat `mayor`" in f.message


def test_gr011_duplicate_seat(tmp_path: Path) -> None:
    text = DRAFT.replace("id: officer", "id: leader")
    f = only(findings(tmp_path, text), "GR011")
    assert (f.line, f.column) == (17, 10)  # the second `id: leader`


def test_gr101_chair_is_a_seat_that_may_not_chair(tmp_path: Path) -> None:
    text = DRAFT.replace(
        "      seat: leader\n", "      seat: leader\n      ineligible: [{seat: leader}]\n"
    )
    f = only(findings(tmp_path, text), "GR101")
    assert (f.line, f.column) == (13, 7)


def test_gr102_office_for_voting_members_held_by_non_voter(tmp_path: Path) -> None:
    text = DRAFT.replace(
        "      seat: leader\n", "      seat: leader\n      voting_members_only: true\n"
    ).replace(
        "      casting_vote: none\n",
        "      casting_vote: none\n      exceptions: [{seat: leader, votes: false}]\n",
    )
    f = only(findings(tmp_path, text), "GR102")
    assert (f.line, f.column) == (13, 7)


def test_gr104_bodies_that_must_have_different_chairs(tmp_path: Path) -> None:
    text = (
        DRAFT.replace(
            '      - {id: lead, title: Lead, partner: council, source: "3.2"}\n',
            '      - {id: lead, title: Lead, partner: council, source: "3.2"}\n'
            '      - {id: leader, title: Leader, partner: council, source: "3.2"}\n'
            '    chair: {seat: leader, source: "3.3"}\n',
        )
        + 'constraints:\n  - {kind: distinct-chairs, bodies: [board, group], source: "4"}\n'
    )
    f = only(findings(tmp_path, text), "GR104")
    assert (f.line, f.column) == (35, 5)  # the constraint


def test_gr105_gr106_escalation_loops_and_dead_ends(tmp_path: Path) -> None:
    text = DRAFT + (
        "procedures:\n"
        "  - id: disputes\n"
        "    name: Disputes\n"
        '    source: "5"\n'
        '    steps: [{action: Talk, source: "5.1"}]\n'
        "    routes:\n"
        '      - {from: board, to: group, source: "5.2"}\n'
        '      - {from: group, to: board, source: "5.2"}\n'
        "    final_arbiter: null\n"
    )
    found = findings(tmp_path, text)
    loop = only(found, "GR105")
    assert (loop.line, loop.column) == (37, 5)  # the routes
    assert "board → group → board" in loop.message or "group → board → group" in loop.message
    assert only(found, "GR107").line == 33
    text = (
        text.replace('      - {from: group, to: board, source: "5.2"}\n', "").replace(
            "final_arbiter: null", "final_arbiter: council-meeting"
        )
        + 'external_bodies: [{id: council-meeting, name: Full Council, source: "6"}]\n'
    )
    dead = [f for f in findings(tmp_path, text) if f.code == "GR106"]
    # No route leads from either body to the named final arbiter.
    assert sorted(f.message.split("`")[1] for f in dead) == ["board", "group"]
    assert {f.line for f in dead} == {37}


def test_gr108_body_with_no_line(tmp_path: Path) -> None:
    text = DRAFT.replace('    reports_to: [{to: board, source: "3.1"}]\n', "")
    found = [f for f in findings(tmp_path, text) if f.code == "GR108"]
    # With the one line gone, neither body answers to the other.
    assert sorted((f.line, f.severity) for f in found) == [(9, "info"), (26, "info")]


def test_gr109_statutory_partner_missing_from_the_board(tmp_path: Path) -> None:
    text = DRAFT + 'statutory_board: {body: board, source: "1.2"}\n'
    f = only(findings(tmp_path, text), "GR109")
    assert (f.line, f.column) == (7, 6)  # the `id` of partner `police`
    assert "`police`" in f.message
    exempt = DRAFT + 'statutory_board: {body: board, exempt: [police], source: "1.2"}\n'
    assert findings(tmp_path, exempt) == []


# A procedure whose first step is final, then a vote and the clerk's notice of the decision.
DECIDED = DRAFT + (
    "procedures:\n"
    "  - id: decision\n"
    "    name: Decision\n"
    '    source: "5"\n'
    "    final_arbiter: board\n"
    "    steps:\n"
    "      - action: The Board decides.\n"
    "        body: board\n"
    "        final: true\n"
    '        source: "5.1"\n'
    "      - action: The Board votes on it.\n"
    "        body: board\n"
    '        vote: {threshold: {more_than: 1/2}, base: votes-cast, source: "5.2"}\n'
    '        source: "5.2"\n'
    "      - action: The clerk tells the partners.\n"
    "        actor: clerk\n"
    '        source: "5.3"\n'
)


def test_gr112_a_decision_after_a_final_step(tmp_path: Path) -> None:
    f = only(findings(tmp_path, DECIDED), "GR112")
    assert (f.severity, f.line, f.column) == ("warning", 40, 9)  # the first step's `final`
    # The vote is a further decision; the clerk's notice only acts on the decision.
    assert f.message == (
        "step 1 of `decision` is marked final, yet step 2 (a vote) follows it as a further decision"
    )
    assert f.hint is not None and "move `final: true` to the last step that decides" in f.hint
    assert f.render().startswith(f"{tmp_path / 'draft.yaml'}:40:9: warning[GR112]: step 1 ")
    sarif = govrules.validate(tmp_path / "draft.yaml").to_sarif()["runs"][0]["tool"]["driver"]
    assert {"id": "GR112", "shortDescription": {"text": CODES["GR112"]}} in sarif["rules"]


def test_gr112_a_second_step_marked_final(tmp_path: Path) -> None:
    # A step where the matter arose (no `body`, no `actor`) is a meeting's, a vote or not; one
    # person's act marked final decides.
    text = DECIDED.replace(
        "        actor: clerk\n", "        actor: clerk\n        final: true\n"
    ).replace(
        "      - action: The Board votes on it.\n        body: board\n"
        '        vote: {threshold: {more_than: 1/2}, base: votes-cast, source: "5.2"}\n',
        "      - action: The parties talk again.\n",
    )
    f = only(findings(tmp_path, text), "GR112")
    assert (f.severity, f.line, f.column) == ("warning", 40, 9)
    assert f.message == (
        "step 1 of `decision` is marked final, yet step 2, step 3 (marked final too) follow it "
        "as a further decision"
    )


def test_gr112_a_final_step_confirmed_later(tmp_path: Path) -> None:
    # A decision a later step must confirm is not final until it is.
    text = DECIDED.replace(
        "        final: true\n", "        final: true\n        confirmed_by: 2\n"
    )
    text = text.replace('        source: "5.1"\n', '        vote: {threshold: {more_than: 1/2}, '
                        'base: votes-cast, source: "5.1"}\n        source: "5.1"\n')  # fmt: skip
    f = only(findings(tmp_path, text), "GR112")
    assert "yet step 2 (its confirmation) follows it" in f.message


# A procedure of the Group whose one step is final, and a route on to the Board.
REFERRED = DRAFT + (
    "procedures:\n"
    "  - id: referral\n"
    "    name: Referral\n"
    '    source: "6"\n'
    "    applies_to: [group, board]\n"
    "    final_arbiter: board\n"
    "    steps:\n"
    "      - action: The Group decides.\n"
    "        final: true\n"
    '        source: "6.1"\n'
    "    routes:\n"
    '      - {from: group, to: board, optional: true, source: "6.2"}\n'
)


def test_gr112_a_referral_after_a_final_step(tmp_path: Path) -> None:
    # A matter arising in the Group goes through the step marked final, then may be referred
    # to the Board to decide again: which decision stands is not settled.
    f = only(findings(tmp_path, REFERRED), "GR112")
    assert (f.severity, f.line, f.column) == ("warning", 40, 9)  # the step's `final`
    assert f.message == (
        "step 1 of `referral` is marked final, yet the referral from `group` to `board` follows "
        "it as a further decision"
    )
    assert f.hint == (
        "remove `final: true` if the matter may still be referred on, or the routes that refer "
        "it on if it may not"
    )
    assert f.render().startswith(f"{tmp_path / 'draft.yaml'}:40:9: warning[GR112]: step 1 ")


def test_gr112_steps_and_a_referral_after_a_final_step(tmp_path: Path) -> None:
    # The vote decides again after the final step, and the Group's referral after both.
    text = DECIDED + '    routes: [{from: group, to: board, source: "5.4"}]\n'
    f = only(findings(tmp_path, text), "GR112")
    assert (f.line, f.column) == (40, 9)
    assert f.message == (
        "step 1 of `decision` is marked final, yet step 2 (a vote) and the referral from "
        "`group` to `board` follow it as a further decision"
    )
    assert f.hint is not None and f.hint.count("; ") == 1


@pytest.mark.parametrize(
    "text",
    [
        # No route: the step marked final is the last word.
        REFERRED.split("    routes:\n")[0],
        # A route only from the final arbiter, where a matter ends: no referral follows.
        REFERRED.replace("{from: group, to: board,", "{from: board, to: group,"),
        # No step marked final: the Board's decision is.
        REFERRED.replace("        final: true\n", ""),
    ],
    ids=["no-route", "route-from-the-arbiter", "none-final"],
)
def test_gr112_not_where_no_referral_follows_a_final_step(tmp_path: Path, text: str) -> None:
    assert [f for f in findings(tmp_path, text) if f.code == "GR112"] == []


@pytest.mark.parametrize(
    "text",
    [
        # The final flag on the last step that decides: the clerk's notice may follow it.
        DECIDED.replace("        final: true\n", "").replace(
            "        vote: {", "        final: true\n        vote: {"
        ),
        # No step marked final.
        DECIDED.replace("        final: true\n", ""),
    ],
    ids=["notice-after-final", "none-final"],
)
def test_gr112_not_for_acts_on_the_final_decision(tmp_path: Path, text: str) -> None:
    assert [f for f in findings(tmp_path, text) if f.code == "GR112"] == []


def test_gr112_no_bundled_trust_or_example_has_a_decision_after_a_final_step() -> None:
    from govrules.interfaces.filekinds import file_kind

    root = Path(__file__).resolve().parents[1]
    files = [*sorted(root.glob("trusts/*.yaml")), *sorted(root.glob("examples/**/*.yaml"))]
    mous = [f for f in files if file_kind(f) == "mou"]  # not the meeting records, scenarios
    result = govrules.validate(*mous)
    assert len(result.files) == 12 and result.answer == "ok"
    assert [f.render() for f in result.findings if f.code == "GR112"] == []


def test_gr201_quorum_larger_than_membership(tmp_path: Path) -> None:
    f = only(findings(tmp_path, DRAFT.replace("at_least: 1/2", "number: 5")), "GR201")
    assert (f.line, f.column) == (18, 5)


def test_gr204_field_ignored_by_a_fixed_quorum(tmp_path: Path) -> None:
    text = DRAFT.replace("      at_least: 1/2\n", "      number: 3\n      rounding: up\n")
    f = only(findings(tmp_path, text), "GR204")
    assert (f.line, f.column, f.severity) == (20, 7, "warning")  # the `rounding` key


def test_gr202_required_presence_that_cannot_be_met(tmp_path: Path) -> None:
    text = DRAFT.replace(
        "      at_least: 1/2\n",
        "      at_least: 1/2\n      must_include: [{seats: [leader], at_least: 2}]\n",
    )
    f = only(findings(tmp_path, text), "GR202")
    assert (f.line, f.column) == (20, 22)


def test_gr203_voting_rule_without_voting_seats(tmp_path: Path) -> None:
    text = DRAFT.replace(
        "      casting_vote: none\n", "      casting_vote: none\n      voters: []\n"
    )
    f = only(findings(tmp_path, text), "GR203")
    assert (f.line, f.column) == (21, 5)


def test_gr301_gap_recorded(tmp_path: Path) -> None:
    text = DRAFT + (
        "gaps:\n  - {kind: placeholder, note: Voting rights to add, "
        'source: {clause: "2.4", quote: Add voting rights}}\n'
    )
    f = only(findings(tmp_path, text), "GR301")
    assert (f.line, f.column, f.severity) == (33, 5, "warning")


def test_gr302_rule_without_a_clause(tmp_path: Path) -> None:
    f = only(findings(tmp_path, DRAFT.replace('      source: "2.3"\n', "")), "GR302")
    assert (f.line, f.column) == (18, 5)
    assert "bodies[0].quorum" in f.message


def test_gr303_placeholder_left_in_the_text(tmp_path: Path) -> None:
    f = only(findings(tmp_path, DRAFT.replace("title: Officer", "title: Officer (TBC)")), "GR303")
    assert (f.line, f.column) == (17, 23)  # the `title` key


def test_gr305_clause_not_in_the_document(tmp_path: Path) -> None:
    text = DRAFT.replace(
        "  title: Draft MoU\n", '  title: Draft MoU\n  clauses: ["1", "2", "3"]\n'
    ).replace('      source: "2.4"', '      source: "9.4"')
    f = only(findings(tmp_path, text), "GR305")
    assert (f.line, f.column) == (26, 7)
    assert "`9.4`" in f.message


def test_gr306_conflicting_statement(tmp_path: Path) -> None:
    text = DRAFT.replace(
        '      source: "2.1"\n',
        '      source: "2.1"\n      conflicting: [{source: "6.4", note: nominated instead}]\n',
    )
    f = only(findings(tmp_path, text), "GR306")
    assert (f.line, f.column) == (15, 21)


def test_every_code_is_documented() -> None:
    import inspect

    import govrules.authoring.findings as module

    used = set(__import__("re").findall(r'"(GR\d{3})"', inspect.getsource(module)))
    assert used <= set(CODES)


def test_bundled_trusts_report_their_real_drafting_gaps_as_warnings() -> None:
    result = govrules.validate(*govrules.bundled_names())
    assert result.answer == "ok"
    assert not [f for f in result.findings if f.severity == "error"]
    suffolk = {(f.code, f.clause) for f in result.findings if f.path.endswith("suffolk.yaml")}
    assert ("GR301", "10.2.2") in suffolk  # "Add voting rights of District & Boroughs"
    assert ("GR306", "6.4") in suffolk  # the chair: 5.4 against 6.4
    assert ("GR109", "6.2") in suffolk  # YOS and Connexions absent from the Board
    assert ("GR306", "6.2") in suffolk  # ...which the Appendix A list, the membership, omits
    assert ("GR306", "5.4") in suffolk  # "Member and Non-Executive level" against officer seats
    assert govrules.validate(*govrules.bundled_names(), strict=True).answer == "problems"


def test_sarif_output(tmp_path: Path) -> None:
    text = DRAFT.replace("at_least: 1/2", "number: 5")
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    sarif = govrules.validate(path).to_sarif()
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["rules"][0]["id"] == "GR201"
    result = run["results"][0]
    assert result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 18, "startColumn": 5}
    json.dumps(sarif)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_cli_formats(tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    from govrules.interfaces.cli import cli

    path = tmp_path / "draft.yaml"
    path.write_text(DRAFT.replace("at_least: 1/2", "number: 5"), encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        cli.main(["validate", str(path), "--format", fmt])
    assert info.value.code == 1
    data = json.loads(capsys.readouterr().out)
    assert ("findings" in data) if fmt == "json" else ("runs" in data)


def test_validate_reads_a_file_over_the_default_limits_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govrules.interfaces.cli import cli
    from govrules.reading.sourcefile import Limits

    rutland = Path(__file__).resolve().parent.parent / "trusts" / "rutland.yaml"
    big = tmp_path / "big.yaml"
    big.write_text(rutland.read_text("utf-8") + "#" + "x" * 1_000_000 + "\n", "utf-8")
    refused = govrules.validate(big)
    assert [(f.code, f.message) for f in refused] == [
        ("GR001", f"file is {big.stat().st_size} bytes, more than the limit of 1000000")
    ]
    assert "--max-bytes" in (refused[0].hint or "")
    read = govrules.validate(big, limits=Limits(max_bytes=2_000_000))
    expected = govrules.validate(rutland)
    assert [(f.code, f.line) for f in read] == [(f.code, f.line) for f in expected]

    def status(*args: str) -> int | str | None:
        with pytest.raises(SystemExit) as info:
            cli.main(["validate", str(big), *args])
        return info.value.code

    assert status() == 2
    assert status("--max-bytes", "2000000") == 0
    capsys.readouterr()
    assert status("--max-bytes", "2000000", "--max-nodes", "9") == 2
    assert "more than 9 nodes" in capsys.readouterr().out


@pytest.mark.parametrize(
    "command",
    [
        ["show"],
        ["quorum", "--count", "3"],
        ["voters"],
        ["vote", "--for", "dcs,portfolio-holder", "--against", "schools"],
        ["escalate"],
    ],
)
def test_query_commands_take_the_same_limits_as_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    from govrules.reading.sourcefile import Limits
    from tests.clirun import run_cli

    rutland = Path(__file__).resolve().parent.parent / "trusts" / "rutland.yaml"
    big = tmp_path / "big.yaml"
    big.write_text(rutland.read_text("utf-8") + "#" + "x" * 1_000_000 + "\n", "utf-8")
    name, *rest = command
    args = [name, str(big), *(["board"] if name != "show" else []), *rest]
    code, _, err = run_cli(capsys, *args)
    assert code == 2
    assert "more than the limit of 1000000" in err
    code, out, err = run_cli(capsys, *args, "--max-bytes", "2000000")
    assert code in (0, 1, 3, 4), err
    assert "Board" in out
    code, _, err = run_cli(capsys, *args, "--max-bytes", "2000000", "--max-nodes", "9")
    assert (code, "more than 9 nodes" in err) == (2, True)
    assert govrules.load(big, limits=Limits(max_bytes=2_000_000)).id == "rutland"
