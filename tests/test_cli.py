"""The command line: exit codes, JSON equal to the library's answer, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import run_cli

import govrules


def main(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run_cli(capsys, *args)


# 8 is at the schools-count boundary (Appendix A 3.2.1: 16, 17 or 18 members), so unspecified
# (tests/test_readings_trusts.py); 7 with every place filled is inquorate under every reading.
# With the vacancies not given, 7 is inquorate of every place but may be quorate of the members
# in office (10.1's "the membership"): the vacancies are asked for.
@pytest.mark.parametrize(
    ("count", "vacancies", "code", "answer", "required"),
    [
        ("9", None, 0, "quorate", [8, 9, 9]),
        ("7", "0", 1, "inquorate", [8, 9, 9]),
        ("7", None, 4, "incomplete", [8, 8, 9, 9, 9, 9]),
    ],
)
def test_quorum_exit_codes_and_json(
    capsys: pytest.CaptureFixture[str],
    count: str,
    vacancies: str | None,
    code: int,
    answer: str,
    required: list[int],
) -> None:
    given = ["--vacancies", vacancies] if vacancies is not None else []
    status, out, err = main(
        "quorum",
        "suffolk",
        "strategic-board",
        "--count",
        count,
        *given,
        "--format",
        "json",
        capsys=capsys,
    )
    assert status == code and err == ""
    data = json.loads(out)
    library = govrules.quorum(
        govrules.load("suffolk"),
        "strategic-board",
        count=int(count),
        vacancies=int(vacancies) if vacancies is not None else None,
    )
    assert data == library.to_dict()
    # 9 of 17 as encoded; 8 of 16 if the schools have one place: given reading by reading.
    assert data["answer"] == answer and data["required"] is None
    assert sorted(r["required"] for r in data["readings"]) == required
    assert data.get("needs", []) == (["--vacancies"] if answer == "incomplete" else [])


def test_unspecified_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = main("quorum", "suffolk", "ccsg", "--count", "5", capsys=capsys)
    assert status == 3
    assert "does not state the quorum" in out  # the encoded reading's own line, kept


def test_text_output_cites_clauses(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = main("quorum", "suffolk", "strategic-board", "--count", "9", capsys=capsys)
    assert status == 0
    assert "QUORATE (9 present, 8 or 9 needed)" in out
    assert "[10.1]" in out


def test_vote_lost_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = main(
        "vote",
        "suffolk",
        "strategic-board",
        # Lost under every reading of 10.3.1 (5-3-2 is not: abstentions weigh against under
        # only some of them).
        "--for",
        "portfolio-holder,director-cyp,nhs-suffolk",
        "--against",
        "schools,schools,jobcentre-plus,vcs,vcs",
        "--abstain",
        "fe-college,police-authority",
        "--format",
        "json",
        capsys=capsys,
    )
    data = json.loads(out)
    assert (status, data["answer"]) == (1, "lost")
    assert "10.3.1" in {r["source"]["clause"] for r in data["explanation"] if r.get("source")}


def test_voters_json_lists(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = main("voters", "suffolk", "strategic-board", "--format", "json", capsys=capsys)
    data = json.loads(out)
    assert status == 3  # the District & Borough right to vote is a placeholder (10.2.2)
    assert {"seat", "reason", "source"} <= set(data["voters"][0])
    assert "lscb-independent-chair" in {v["seat"] for v in data["non_voters"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("quorum", "suffolk", "nope", "--count", "3"), "has no body `nope`"),
        (("quorum", "atlantis", "board", "--count", "3"), "no bundled trust named `atlantis`"),
        (("quorum", "suffolk", "strategic-board", "--present", "vcs,vcs,vcs"), "has 2 places"),
        (("quorum", "suffolk", "strategic-board"), "exactly one of --present or --count"),
        (("quorum", "suffolk", "strategic-board", "--count", "x"), "Invalid value"),
    ],
)
def test_errors_are_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    status, out, err = main(*args, capsys=capsys)
    assert status == 2
    assert message in err
    assert "Traceback" not in err + out
    assert len([line for line in err.splitlines() if line.startswith(("govrules", "Error"))]) == 1


def test_malformed_file_error_names_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nname: X\ndocument: {title: T}\nbodies:\n  - id: Board\n    name: B\n")
    status, _, err = main("quorum", str(bad), "board", "--count", "1", capsys=capsys)
    assert status == 2
    assert f"{bad}:5:5:" in err and "not a valid id" in err


def test_validate_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = main("validate", "trusts/suffolk.yaml", capsys=capsys)
    assert status == 0
    assert "warning[GR301]" in out and "10.2.2" in out
    status, _, _ = main("validate", "--strict", "trusts/suffolk.yaml", capsys=capsys)
    assert status == 1


def test_show_json_contract_fields(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = main("show", "suffolk", "--format", "json", capsys=capsys)
    assert status == 0
    data = json.loads(out)
    board = next(b for b in data["bodies"] if b["id"] == "strategic-board")
    assert {"id", "name", "seats", "members_total", "chair", "quorum", "voting"} <= set(board)
    assert board["members_total"] == 17
    seat = next(s for s in board["seats"] if s["id"] == "lscb-independent-chair")
    assert seat["voting"] is False
    assert {"id", "title", "count", "voting"} <= set(seat)


def test_show_says_an_unstated_number_of_places_is_only_the_least(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Rutland 8.4 lists "Steering Group Champions" with no number: the plural gives at least two.
    status, out, _ = main("show", "rutland", "executive", capsys=capsys)
    assert status == 0
    champions = next(line for line in out.splitlines() if "steering-group-champions" in line)
    assert "x2 (at least; number not stated)" in champions
    assert "Seats (number of places not stated)" in out
    chairs = next(line for line in out.splitlines() if "- steering-group-chair " in line)
    assert "not stated" not in chairs


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = main("schema", capsys=capsys)
    assert status == 0
    schema = json.loads(out)
    assert "bodies" in schema["properties"]


def test_internal_error_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import govrules.evaluating.quorate as q

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(q, "quorum", boom)
    status, _, err = main("quorum", "suffolk", "strategic-board", "--count", "1", capsys=capsys)
    assert status == 2
    assert "internal error: RuntimeError: kaboom" in err and "Traceback" not in err


def test_committed_json_schema_is_current() -> None:
    from govrules.language.schema import json_schema

    committed = json.loads(Path("docs/govrules.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "run: govrules schema -o docs/govrules.schema.json"


def test_scenario_runner_reports_a_wrong_expectation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "trust: suffolk\n"
        "cases:\n"
        "  - name: right\n"
        "    clause: '10.1'\n"
        "    question: quorum\n"
        "    body: strategic-board\n"
        "    count: 9\n"
        "    expect: {answer: quorate}\n"
        "  - name: wrong on purpose\n"
        "    clause: '10.1'\n"
        "    question: quorum\n"
        "    body: strategic-board\n"
        "    count: 7\n"
        "    vacancies: 0\n"
        "    expect: {answer: quorate, inquorate_decisions: binding}\n",
        encoding="utf-8",
    )
    status, out, _ = main("test", str(cases), capsys=capsys)
    assert status == 1
    assert f"FAILED {cases}:9: wrong on purpose [10.1]" in out
    assert "expected answer `quorate`, got `inquorate`" in out
    assert "expected inquorate_decisions `binding`, got `in-principle`" in out
    assert "9 of 17 seats needed, 7 present. [10.1]" in out  # the answer's own reasons
    assert out.rstrip().endswith("1 passed, 1 failed")


def test_scenario_file_typo_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "trust: suffolk\ncases:\n  - question: quorum\n    body: strategic-board\n"
        "    cuont: 9\n    expect: {answer: quorate}\n",
        encoding="utf-8",
    )
    status, _, err = main("test", str(cases), capsys=capsys)
    assert status == 2
    assert f"{cases}:5:5: `cuont` is not an argument of a quorum case" in err


@pytest.mark.parametrize(
    ("example", "code", "answer"),
    [
        ("suffolk-board-2010-03-01.yaml", 0, "valid"),
        ("suffolk-board-inquorate.yaml", 0, "valid"),
        ("suffolk-board-lscb-vote.yaml", 0, "valid"),
        ("wirral-board-tie.yaml", 3, "unspecified"),
        ("rutland-executive-second-meeting.yaml", 3, "unspecified"),
        ("rutland-executive-too-soon.yaml", 1, "invalid"),
        ("durham-lcb-referral.yaml", 3, "unspecified"),
    ],
)
def test_check_examples(
    capsys: pytest.CaptureFixture[str], example: str, code: int, answer: str
) -> None:
    status, out, _ = main("check", f"examples/{example}", "--format", "json", capsys=capsys)
    assert status == code
    data = json.loads(out)
    assert data["answer"] == answer
    assert all(f["source"] for f in data["findings"] if f["severity"] == "error")


def test_check_bad_record_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = main("check", "examples/suffolk-board-bad-record.yaml", capsys=capsys)
    assert status == 2
    assert "suffolk-board-bad-record.yaml:8:39:" in err


def test_escalate_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = main("escalate", "rutland", "executive", "--format", "json", capsys=capsys)
    assert status == 0
    data = json.loads(out)
    assert data["final_arbiter"] == "board"
    step = data["steps"][3]
    assert {"step", "body", "action", "min_days_after_previous", "source"} <= set(step)
    assert step["min_days_after_previous"] == 7
    status, _, _ = main("escalate", "rutland", "steering-group", capsys=capsys)
    assert status == 3


def test_diff_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = Path("trusts/suffolk.yaml").read_text(encoding="utf-8")
    new = tmp_path / "suffolk-third.yaml"
    new.write_text(text.replace("      at_least: 50%", "      at_least: one third"), "utf-8")
    status, out, _ = main("diff", "suffolk", str(new), capsys=capsys)
    assert status == 1
    assert "from at least 50% of the membership (9 of 17) to at least one third" in out
    status, out, _ = main(
        "diff", "suffolk", "trusts/suffolk.yaml", "--format", "json", capsys=capsys
    )
    assert status == 0 and json.loads(out)["changes"] == []


def test_fmt_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy = tmp_path / "messy.yaml"
    messy.write_text("# keep me\nid: x   \nbodies:\n- id: a  # and me\n", encoding="utf-8")
    status, out, _ = main("fmt", "--check", str(messy), capsys=capsys)
    assert status == 1 and f"would reformat {messy}" in out
    assert messy.read_text(encoding="utf-8").startswith("# keep me\nid: x   \n")
    status, out, _ = main("fmt", str(messy), capsys=capsys)
    assert status == 0
    assert messy.read_text(encoding="utf-8") == "# keep me\nid: x\nbodies:\n  - id: a  # and me\n"
    status, _, _ = main("fmt", "--check", "trusts/suffolk.yaml", str(messy), capsys=capsys)
    assert status == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1,\n", encoding="utf-8")
    status, _, err = main("fmt", str(bad), capsys=capsys)
    assert status == 2 and f"{bad}:2:1" in err


def test_library_misuse_is_a_govrules_error() -> None:
    from govrules import QueryError

    trust = govrules.load("suffolk")
    with pytest.raises(QueryError, match="whole number"):
        govrules.quorum(trust, "strategic-board", count="9")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match=r"govrules\.load"):
        govrules.quorum("suffolk", "strategic-board", count=9)  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="list of seat ids"):
        govrules.quorum(trust, "strategic-board", present="vcs")
    with pytest.raises(QueryError, match="casting vote"):
        govrules.vote(trust, "strategic-board", for_=["vcs"], chair_casts="maybe")  # type: ignore[arg-type]
    answer = govrules.quorum(trust, "strategic-board", present=(s for s in ["vcs", "vcs"]))
    assert answer.present == 2
