"""Strict input types, and confining where records and scenario files may point.

A value of the wrong type is refused with a located error and a hint, never converted:
pydantic's lax mode read `count: "3"` as 3, `count: true` as 1, `statutory: yes` as true
and `date: 0` as 1970-01-01. The short forms the README documents keep working.

``trust_root`` (``--trusts-dir``) refuses a record or scenario whose ``trust:`` leads, once
symlinks are followed, outside a folder; and an error quotes at most 40 characters of a value.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import govrules
from govrules import LoadError
from govrules.authoring.scenarios import run_scenarios
from govrules.compiling.loader import load_trust, trust_problems
from govrules.evaluating.audit import audit
from govrules.evaluating.meetings import check
from govrules.language.schema import Trust

TRUST = """\
id: strict
name: Strict Trust
document:
  title: Strict MoU
partners:
  - id: council
    name: The Council
    statutory: true
bodies:
  - id: board
    name: The Board
    seats:
      - id: chair-seat
        title: Chair
        partner: council
      - id: member
        title: Member
        count: 4
    quorum:
      at_least: 1/5
      source: "2.1"
"""


def problems(text: str) -> list[LoadError]:
    return trust_problems(text.encode(), "t.yaml")


def edit(old: str, new: str, text: str = TRUST) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# --------------------------------------------------------------------------- trust files


@pytest.mark.parametrize(
    ("old", "new", "message", "hint", "line"),
    [
        (
            "count: 4",
            'count: "3"',
            '`bodies[0].seats[1].count` must be a whole number, not the text "3"',
            "write 3 without quotes",
            18,
        ),
        (
            "count: 4",
            "count: true",
            "`bodies[0].seats[1].count` must be a whole number, not `true`",
            "write a number such as 1",
            18,
        ),
        (
            "count: 4",
            "count: 2.0",
            "`bodies[0].seats[1].count` must be a whole number, not the number 2.0",
            "write 2, without a decimal point",
            18,
        ),
        (
            "statutory: true",
            "statutory: yes",
            '`partners[0].statutory` must be true or false, not the text "yes"',
            "write true or false; YAML 1.2 reads `yes` as text",
            8,
        ),
        (
            "statutory: true",
            "statutory: 'true'",
            '`partners[0].statutory` must be true or false, not the text "true"',
            "write true without quotes",
            8,
        ),
        (
            "statutory: true",
            "statutory: 1",
            "`partners[0].statutory` must be true or false, not the number 1",
            "write true or false",
            8,
        ),
    ],
)
def test_a_value_of_another_type_is_refused_with_a_hint(
    old: str, new: str, message: str, hint: str, line: int
) -> None:
    (problem,) = problems(edit(old, new))
    assert (problem.message, problem.hint) == (message, hint)
    assert (problem.path, problem.line, problem.column) == ("t.yaml", line, 5 + 4 * (line > 10))
    assert problem.code == "GR002"


@pytest.mark.parametrize(
    ("effective", "message"),
    [
        ("from: 0", "`effective.from` must be a date, not the number 0"),
        ("from: 20100301", "`effective.from` must be a date, not the number 20100301"),
        ("from: 1 March 2010", '`effective.from` must be a date, not the text "1 March 2010"'),
        (
            "from: 2010-03-01T10:00:00",
            "`effective.from` must be a date, not the date and time 2010-03-01 10:00:00",
        ),
        ("until: '2010-02-30'", "effective.until: `2010-02-30` is not a date in the calendar"),
    ],
)
def test_a_date_is_a_date(effective: str, message: str) -> None:
    (problem,) = problems(TRUST + f"effective:\n  {effective}\n")
    assert problem.message == message
    assert problem.line == 23


def test_a_flag_that_must_be_true_is_not_one() -> None:
    voting = (
        "    voting:\n      threshold: {more_than: 1/2}\n      base: present\n"
        "      condition: {implements: 1}\n"
    )
    (problem,) = problems(TRUST + voting)
    assert problem.message.startswith("`bodies[0].voting.condition.implements` must be true or")


def test_a_value_that_fits_no_member_of_a_union_is_one_error() -> None:
    voting = (
        "    voting:\n      threshold: {more_than: 1/2}\n      base: present\n"
        "      exceptions:\n        - {seat: member, votes: yes}\n"
    )
    (problem,) = problems(TRUST + voting)
    assert problem.message == (
        '`bodies[0].voting.exceptions[0].votes` must be true or false, not the text "yes"'
    )
    # ...while two missing fields of one mapping are still two errors
    assert len(problems("id: x\nbodies: []\n")) == 2


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('source: "2.1"', "source: 2.1"),  # a clause number written as a number
        ('source: "2.1"', "source: 2"),
        ('source: "2.1"', 'source: {clause: "2.1", quote: "one fifth"}'),
        ("at_least: 1/5", "at_least: 20%"),
        ("at_least: 1/5", "at_least: all"),
        ("at_least: 1/5", "at_least: one third"),
    ],
)
def test_the_documented_short_forms_still_load(old: str, new: str) -> None:
    assert problems(edit(old, new)) == []


def test_dates_load_as_dates_and_survive_the_disk_cache(tmp_path: Path) -> None:
    text = edit("  title: Strict MoU\n", "  title: Strict MoU\n  date: 2010-03-02\n")
    path = tmp_path / "t.yaml"
    path.write_text(text + "effective:\n  from: 2010-03-01\n  until: '2011-03-01'\n", "utf-8")
    trust = load_trust(path)
    assert trust.document.date == "2010-03-02"  # the document's date is words
    assert trust.effective is not None
    assert (trust.effective.from_, trust.effective.until) == (
        dt.date(2010, 3, 1),
        dt.date(2011, 3, 1),
    )
    assert Trust.model_validate_json(trust.model_dump_json(by_alias=True)) == trust
    body = trust.body("board")
    assert body is not None and body.quorum is not None
    assert body.quorum.fraction == Fraction(1, 5)


def test_every_bundled_trust_loads_strictly() -> None:
    for name in govrules.bundled_names():
        assert trust_problems(name) == [], name


# --------------------------------------------------------------------------- meeting records


RECORD = {"trust": "suffolk", "body": "strategic-board", "attendees": ["portfolio-holder"]}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": 0}, "`date` must be a date, not the number 0"),
        ({"date": "1/3/2010"}, '`date` must be a date, not the text "1/3/2010"'),
        (
            {"date": dt.datetime(2010, 3, 1, 9, 30)},
            "`date` must be a date, not the date and time 2010-03-01 09:30:00",
        ),
        (
            {"date": "2010-03-01", "minutes_circulated": True},
            "`minutes_circulated` must be a date, not `true`",
        ),
        (
            {"date": "2010-03-01", "decisions": [{"motion": "M", "objection_date": 20100301}]},
            "`decisions[0].objection_date` must be a date, not the number 20100301",
        ),
    ],
)
def test_a_record_date_is_a_date(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(LoadError) as info:
        check({**RECORD, **fields})
    assert info.value.message == message
    assert (info.value.hint is not None and "YYYY-MM-DD" in info.value.hint) or (
        "day only" in (info.value.hint or "")
    )


def test_a_record_date_may_be_a_yaml_date_or_iso_text(tmp_path: Path) -> None:
    path = tmp_path / "meeting.yaml"
    path.write_text(
        "trust: suffolk\nbody: strategic-board\ndate: 2010-03-01\nattendees: [portfolio-holder]\n",
        "utf-8",
    )
    assert check(path).date == "2010-03-01"
    assert check({**RECORD, "date": "2010-03-01"}).date == "2010-03-01"
    assert check({**RECORD, "date": dt.date(2010, 3, 1)}).date == "2010-03-01"


# --------------------------------------------------------------------------- scenario files


def scenario(tmp_path: Path, case: str, trust: str = "suffolk") -> Path:
    path = tmp_path / "cases.yaml"
    path.write_text(
        f"trust: {trust}\ncases:\n  - name: Board\n    question: quorum\n"
        f"    body: strategic-board\n{case}",
        "utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("case", "message", "hint", "line"),
    [
        (
            '    count: "9"\n    expect: {answer: quorate}\n',
            '`count` must be a whole number, not the text "9"',
            "write 9 without quotes",
            6,
        ),
        (
            "    count: true\n    expect: {answer: quorate}\n",
            "`count` must be a whole number, not `true`",
            "write a number such as 1",
            6,
        ),
        (
            '    count: 9\n    vacancies: "1"\n    expect: {answer: quorate}\n',
            '`vacancies` must be a whole number, not the text "1"',
            "write 1 without quotes",
            7,
        ),
    ],
)
def test_a_scenario_count_is_a_whole_number(
    tmp_path: Path, case: str, message: str, hint: str, line: int
) -> None:
    with pytest.raises(LoadError) as info:
        run_scenarios([scenario(tmp_path, case)])
    assert (info.value.message, info.value.hint, info.value.line) == (message, hint, line)


@pytest.mark.parametrize(
    ("case", "message", "line"),
    [
        (
            "    present: 5\n",
            "`present` must be a list of ids, or ids separated by commas, not the number 5",
            6,
        ),
        ("    count: 9\n    vacancies: -3\n", "`vacancies` must be 0 or more, not -3", 7),
        (
            "    present: {vcs: 1}\n",
            "`present` must be a list of ids, or ids separated by commas, not a mapping",
            6,
        ),
    ],
)
def test_a_scenario_argument_of_another_type_is_refused(
    tmp_path: Path, case: str, message: str, line: int
) -> None:
    # `present: 5` was an internal error, `vacancies: -3` was asked, `{vcs: 1}` read as [vcs].
    with pytest.raises(LoadError) as info:
        run_scenarios([scenario(tmp_path, case + "    expect: {answer: quorate}\n")])
    assert (info.value.message, info.value.line) == (message, line)


def test_a_scenario_list_of_ids_holds_only_ids(tmp_path: Path) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(
        "trust: suffolk\ncases:\n  - {question: vote, body: strategic-board, for: [vcs, 1],"
        " expect: {answer: carried}}\n"
        "  - {question: escalate, body: strategic-board, expect: {step_bodies: 5}}\n",
        "utf-8",
    )
    with pytest.raises(LoadError) as info:
        run_scenarios([path])
    assert info.value.message == "`for` lists ids: the number 1 is not one"
    assert (info.value.line, info.value.column) == (3, 56)
    path.write_text(path.read_text("utf-8").replace("[vcs, 1]", "[vcs]"), "utf-8")
    with pytest.raises(LoadError) as info:
        run_scenarios([path])
    assert info.value.message == "`step_bodies` must be a list of body ids, not the number 5"


@pytest.mark.parametrize("required", ["9.0", "true", '"9"'])
def test_a_scenario_expectation_matches_only_a_value_of_its_own_type(
    tmp_path: Path, required: str
) -> None:
    # Nine present at Suffolk's Board: `9.0`, `true` and `"9"` are not 9.
    ok = run_scenarios([scenario(tmp_path, "    count: 9\n    expect: {present: 9}\n")])
    assert ok.answer == "passed"
    case = f"    count: 9\n    expect: {{present: {required}}}\n"
    (result,) = run_scenarios([scenario(tmp_path, case)]).results
    assert result.status == "failed"


def test_a_scenario_trust_is_text(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        run_scenarios([scenario(tmp_path, "    count: 9\n    expect: {required: 9}\n", "5")])
    assert (info.value.message, info.value.line) == ("`trust` must be text, not the number 5", 1)


# --------------------------------------------------------------------------- confinement


SECRET = "sk_live_0123456789abcdefghijklmnopqrstuvwxyz-NEVER-SHOWN"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """trusts/ (a trust, a symlink out, a folder of versions with one symlinked out),
    secret/ (a configuration file) and uploads/ (where records arrive)."""
    for folder in ("trusts/versions", "secret", "uploads"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "secret" / "config.yaml").write_text(f"id: {SECRET}\n", "utf-8")
    (tmp_path / "trusts" / "strict.yaml").write_text(TRUST, "utf-8")
    os.symlink("../secret/config.yaml", tmp_path / "trusts" / "link.yaml")
    os.symlink("../../secret/config.yaml", tmp_path / "trusts" / "versions" / "v1.yaml")
    return tmp_path


def record(site: Path, trust: str) -> Path:
    path = site / "uploads" / "meeting.yaml"
    path.write_text(
        f"body: board\ntrust: {trust}\ndate: 2010-03-01\nattendees: [chair-seat]\n", "utf-8"
    )
    return path


def cut(text: str) -> str:
    """A value as errors quote it: 40 characters at most."""
    return text if len(text) <= 40 else text[:37] + "..."


OUTSIDE = [
    "../secret/config.yaml",  # a path out of the folder
    "../trusts/link.yaml",  # a symlink in the folder, out of it
    "../trusts/versions",  # a folder of versions, one of them a symlink out
    "../trusts/../secret/config.yaml",
    "/etc/passwd",
    "../trusts/absent/../../secret/config.yaml",
]


@pytest.mark.parametrize("trust", OUTSIDE)
def test_check_refuses_a_trust_outside_the_root(site: Path, trust: str) -> None:
    path = record(site, trust)
    with pytest.raises(LoadError) as info:
        check(path, trust_root=site / "trusts")
    err = info.value
    assert (err.path, err.line, err.column) == (str(path), 2, 1)
    assert err.message == f"cannot use trust `{cut(trust)}`: it leads outside the trusts folder"
    assert "sk_live" not in err.render()


@pytest.mark.parametrize("trust", ["../trusts/strict.yaml", "suffolk"])
def test_check_reads_a_trust_inside_the_root_or_a_bundled_one(site: Path, trust: str) -> None:
    path = record(site, trust)
    if trust == "suffolk":
        path.write_text(
            "trust: suffolk\nbody: strategic-board\ndate: 2010-03-01\n"
            "attendees: [portfolio-holder]\n",
            "utf-8",
        )
    answer = check(path, trust_root=site / "trusts")
    assert answer.trust == ("suffolk" if trust == "suffolk" else "strict")


def test_the_root_confines_a_record_given_as_a_mapping(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site / "uploads")
    mapping = {
        "trust": "../secret/config.yaml",
        "body": "board",
        "date": "2010-03-01",
        "attendees": ["chair-seat"],
    }
    with pytest.raises(LoadError, match="leads outside the trusts folder"):
        check(mapping, trust_root=site / "trusts")


def test_audit_refuses_a_record_whose_trust_is_outside_the_root(site: Path) -> None:
    trust = load_trust(site / "trusts" / "strict.yaml")
    inside = record(site, "../trusts/strict.yaml")
    assert audit(trust, [inside], trust_root=site / "trusts").records == 1
    outside = record(site, "../trusts/link.yaml")
    with pytest.raises(LoadError, match="leads outside the trusts folder"):
        audit(trust, [outside], trust_root=site / "trusts")


def test_scenarios_refuse_a_trust_outside_the_root(site: Path) -> None:
    path = site / "uploads" / "cases.yaml"
    case = "cases:\n  - {question: quorum, body: board, count: 1, expect: {answer: quorate}}\n"
    path.write_text("trust: ../trusts/link.yaml\n" + case, "utf-8")
    with pytest.raises(LoadError) as info:
        run_scenarios([path], trust_root=site / "trusts")
    assert (info.value.path, info.value.line) == (str(path), 1)
    assert "leads outside the trusts folder" in info.value.message
    assert "sk_live" not in info.value.render()
    path.write_text("trust: ../trusts/strict.yaml\n" + case, "utf-8")
    assert run_scenarios([path], trust_root=site / "trusts").answer == "passed"


def test_a_scenario_trust_that_fails_to_load_is_located_at_its_trust_line(site: Path) -> None:
    path = site / "uploads" / "cases.yaml"
    path.write_text("trust: ../secret/config.yaml\ncases: []\n", "utf-8")
    with pytest.raises(LoadError) as info:
        run_scenarios([path])
    assert (info.value.path, info.value.line) == (str(path), 1)
    assert "`sk_live_0123456789abcdefghijklmnopqrs...` is not a valid id" in info.value.message
    assert "NEVER-SHOWN" not in info.value.render()


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from govrules.interfaces.cli import cli as command

    with pytest.raises(SystemExit) as info:
        command.main(list(args))
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def test_cli_trusts_dir_on_check_audit_and_test(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trusts = str(site / "trusts")
    outside = str(record(site, "../trusts/link.yaml"))
    scenario = site / "uploads" / "cases.yaml"
    scenario.write_text("trust: ../trusts/link.yaml\ncases: []\n", "utf-8")
    for args in (
        ("check", "--trusts-dir", trusts, outside),
        ("audit", str(site / "trusts" / "strict.yaml"), outside, "--trusts-dir", trusts),
        ("test", "--trusts-dir", trusts, str(scenario)),
    ):
        code, out, err = cli(capsys, *args)
        assert (code, out) == (2, ""), args
        assert err.count("\n") == 1 and "leads outside the trusts folder" in err, args
        assert "sk_live" not in err
    inside = str(record(site, "../trusts/strict.yaml"))
    code, out, _ = cli(capsys, "check", "--trusts-dir", trusts, inside, "--format", "json")
    assert code == 0 and json.loads(out)["answer"] == "valid"
    code, _, err = cli(capsys, "check", "--trusts-dir", str(site / "absent"), inside)
    assert code == 2 and "'--trusts-dir'" in err


# --------------------------------------------------------------------------- bounded echoes


def test_errors_quote_at_most_40_characters_of_a_value(tmp_path: Path) -> None:
    long = "x" * 5_000
    found = [
        *problems(edit("at_least: 1/5", f"at_least: {long}")),
        *problems(TRUST + f"{long[:900]}: 1\n"),
        *problems(edit("count: 4", f"count: {long}")),
        *problems(edit("  - id: council", f"  - id: {long[:70]}_")),  # not an id
    ]
    with pytest.raises(LoadError) as info:
        check({**RECORD, "trust": long, "date": "2010-03-01"})
    found.append(info.value)
    for question in (long, "quorum\n    " + long[:900] + ": 1"):  # a key: at most 1,024
        case = f"    question: {question}\n    expect: {{answer: quorate}}\n"
        path = scenario(tmp_path, case).read_text("utf-8").replace("    question: quorum\n", "", 1)
        (tmp_path / "cases.yaml").write_text(path, "utf-8")
        with pytest.raises(LoadError) as info:
            run_scenarios([tmp_path / "cases.yaml"])
        found.append(info.value)
    assert len(found) == 7
    for err in found:
        assert "x" * 38 not in err.render(), err.render()
        assert "x" * 37 + "..." in err.message, err.message


def test_validate_quotes_only_the_placeholder_and_a_cut_clause(tmp_path: Path) -> None:
    long = "x" * 150
    text = edit("        title: Member\n", f"        title: Member {long} (TBC)\n").replace(
        'source: "2.1"', f'source: "2.{long}"'
    )
    text = edit("  title: Strict MoU\n", '  title: Strict MoU\n  clauses: ["1", "2.1"]\n', text)
    path = tmp_path / "draft.yaml"
    path.write_text(text, "utf-8")
    found = {f.code: f.message for f in govrules.validate(path).findings}
    assert found["GR303"] == "drafting placeholder left in bodies[0].seats[1].title: `TBC`"
    assert found["GR305"] == (f"clause `2.{'x' * 35}...` is not in the document's list of clauses")


def test_a_record_error_quoting_a_trust_keeps_the_end_of_its_path(tmp_path: Path) -> None:
    folder = tmp_path / ("versions-of-the-strict-trust-" + "v" * 40)
    folder.mkdir()
    (folder / "2010-04-01.yaml").write_text(TRUST + "effective:\n  from: 0\n", "utf-8")
    path = tmp_path / "meeting.yaml"
    path.write_text(
        f"trust: {folder.name}\nbody: board\ndate: 2010-05-01\nattendees: [chair-seat]\n", "utf-8"
    )
    with pytest.raises(LoadError) as info:
        check(path)
    assert info.value.message.startswith(f"cannot use trust `{cut(folder.name)}`: ...")
    assert "vvvvvv/2010-04-01.yaml:23:3: `effective.from` must be a date" in info.value.message


def test_a_yaml_syntax_error_quotes_a_bounded_part_of_a_token() -> None:
    from govrules.reading.yamlsource import parse_yaml

    with pytest.raises(LoadError) as info:
        parse_yaml("a: !" + "x" * 300 + "!y b\n", "t.yaml")
    assert info.value.message.startswith("YAML syntax error: found undefined tag handle '!xxx")
    assert len(info.value.message) <= len("YAML syntax error: ") + 80
