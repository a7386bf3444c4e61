"""The JSON Schemas of trust files, meeting records and scenario files accept every file the
repository holds and the documented short forms, refuse what the loader refuses for its
shape, and describe every field (an editor's hover help)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import govrules
from govrules.interfaces.cli import run
from govrules.reading.yamlsource import read_yaml

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("trust", "record", "scenarios")
COMMITTED = {
    "trust": "docs/govrules.schema.json",
    "record": "docs/record.schema.json",
    "scenarios": "docs/scenarios.schema.json",
}


def _plain(value: Any) -> Any:
    # What an editor's YAML language server hands the schema: a date is text.
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        govrules.schema(kind),  # type: ignore[arg-type]
        format_checker=jsonschema.FormatChecker(),
    )


def _errors(kind: str, data: Any) -> list[str]:
    return [
        f"{list(e.absolute_path)}: {e.message[:200]}"
        for e in _validator(kind).iter_errors(_plain(data))
    ]


def _kind_of(path: Path) -> str:
    """Which format a file of the repository is in, by its content."""
    data = read_yaml(path).data
    assert isinstance(data, dict), path
    if "cases" in data:
        return "scenarios"
    if "attendees" in data:
        return "record"
    assert "bodies" in data, f"{path} is neither a trust, a record nor a scenario file"
    return "trust"


def _files() -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    paths = [
        *ROOT.glob("trusts/*.yaml"),
        *ROOT.glob("examples/**/*.yaml"),
        *ROOT.glob("tests/real_world/*.yaml"),
        *ROOT.glob("tests/scenarios/*.yaml"),
        *ROOT.glob("tests/rules/scenarios/**/*.yaml"),
        *ROOT.glob("tests/fixtures/**/*.yaml"),
        *ROOT.glob("tests/corpus/accepted/*.yaml"),
    ]
    for path in sorted(paths):
        found[_kind_of(path)].append(path)
    return found


FILES = _files()


def test_every_kind_of_file_is_found() -> None:
    names = {kind: {p.relative_to(ROOT).as_posix() for p in FILES[kind]} for kind in KINDS}
    assert {f"trusts/{n}.yaml" for n in govrules.bundled_names()} <= names["trust"]
    assert "tests/real_world/school-board.yaml" in names["trust"]
    assert "examples/suffolk-2010/2011-01-11-ccsg.yaml" in names["record"]
    assert "tests/real_world/joint-committee-cases.yaml" in names["scenarios"]
    assert {f"tests/scenarios/{n}.yaml" for n in govrules.bundled_names()} <= names["scenarios"]
    assert len(FILES["record"]) >= 25


@pytest.mark.parametrize(
    ("kind", "path"),
    [(kind, path) for kind in KINDS for path in FILES[kind]],
    ids=lambda v: v if isinstance(v, str) else v.relative_to(ROOT).as_posix(),
)
def test_every_file_in_the_repository_is_valid(kind: str, path: Path) -> None:
    assert _errors(kind, read_yaml(path).data) == []


@pytest.mark.parametrize("kind", KINDS)
def test_schemas_are_draft_2020_12(kind: str) -> None:
    schema = govrules.schema(kind)  # type: ignore[arg-type]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_is_described(kind: str) -> None:
    schema = govrules.schema(kind)  # type: ignore[arg-type]
    undescribed = [
        f"{name}.{prop}"
        for name, definition in [("(root)", schema), *schema.get("$defs", {}).items()]
        for prop, value in definition.get("properties", {}).items()
        if not value.get("description")
    ]
    assert undescribed == []
    assert all(d.get("description") for d in schema.get("$defs", {}).values())


def test_field_docstrings_are_the_descriptions() -> None:
    schema = govrules.schema("trust")
    seat = schema["$defs"]["Seat"]["properties"]
    assert seat["up_to"]["description"] == '``count`` is a maximum ("Schools (up to 4)").'
    # Inherited from the fields every rule shares.
    assert "placeholder" in schema["$defs"]["Quorum"]["properties"]["status"]["description"]
    record = govrules.schema("record")
    assert "deputy or substitute" in record["properties"]["substitutes"]["description"]


BODY = {"id": "b", "name": "B"}
MINIMAL = {"id": "t", "name": "T", "document": {"title": "MoU"}, "bodies": [BODY]}


@pytest.mark.parametrize(
    "change",
    [
        {"source": "4.1"},  # the short form of a citation
        {"source": 4.1},  # a clause YAML reads as a number
        {"source": {"clause": "4.1", "quote": "as written"}},
        {"quorum": {"at_least": "50%", "source": "10.1"}},
        {"quorum": {"more_than": "one third"}},
        {"quorum": {"at_least": 1}},
        {"quorum": {"number": 5, "must_include": [{"office": "chair-or-vice-chair"}]}},
        {"voting": {"threshold": {"more_than": "1/2"}, "base": "present", "voters": ["b1"]}},
        {"voting": {"condition": {"not": {"affected": ["finances"]}}}},
    ],
)
def test_documented_short_forms_are_accepted(change: dict[str, Any]) -> None:
    trust = MINIMAL | {"bodies": [BODY | change]}
    assert _errors("trust", trust) == []
    in_force = trust | {"effective": {"from": dt.date(2010, 4, 1), "source": "1"}}
    assert _errors("trust", in_force) == []


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("unknown-field", "quorom"),
        ("lax-count-true", "True"),
        ("lax-count-text", "'4'"),
        ("lax-flag-yes", "'yes'"),
        ("fraction-decimal", "0.2"),
        ("id-uppercase", "'Board'"),
        ("missing-bodies", "'bodies'"),
        ("lax-date-with-time", "2010-03-01T10:30:00"),
        ("negative-count", "-4"),
    ],
)
def test_schema_refuses_what_the_loader_refuses_for_its_shape(name: str, where: str) -> None:
    path = ROOT / "tests" / "corpus" / "refused" / f"{name}.yaml"
    with pytest.raises(govrules.LoadError):
        govrules.load(path)
    errors = _errors("trust", read_yaml(path).data)
    assert len(errors) == 1 and where in errors[0]


def test_record_schema_refuses_a_malformed_record() -> None:
    record = {"trust": "suffolk", "body": "strategic-board", "date": "2010-03-01"}
    assert _errors("record", record | {"attendees": ["vcs"]}) == []
    assert _errors("record", record) == ["[]: 'attendees' is a required property"]
    assert len(_errors("record", record | {"attendees": ["vcs"], "atendees": []})) == 1
    assert len(_errors("record", record | {"attendees": ["vcs"], "date": "1 March"})) == 1
    decision = {"motion": "m", "for": ["vcs"], "chair_casts": "abstain"}
    errors = _errors("record", record | {"attendees": ["vcs"], "decisions": [decision]})
    assert len(errors) == 1 and "'abstain'" in errors[0]


def test_scenarios_schema_refuses_an_argument_of_another_question() -> None:
    case = {"question": "quorum", "body": "board", "count": 3, "expect": {"answer": "quorate"}}
    assert _errors("scenarios", {"trust": "suffolk", "cases": [case]}) == []
    assert _errors("scenarios", {"trust": "suffolk", "cases": [case | {"for": ["vcs"]}]}) != []
    assert _errors("scenarios", {"trust": "suffolk", "cases": [case | {"count": "3"}]}) != []
    assert _errors("scenarios", {"trust": "suffolk", "cases": [case | {"expect": {}}]}) != []
    unknown = case | {"question": "who-chairs"}
    assert _errors("scenarios", {"trust": "suffolk", "cases": [unknown]}) != []
    assert _errors("scenarios", {"cases": [case]}) == ["[]: 'trust' is a required property"]


def test_scenarios_schema_knows_every_question_the_runner_asks() -> None:
    from govrules.authoring.scenarios import _ARGS

    defs = govrules.schema("scenarios")["$defs"]
    for question, args in _ARGS.items():
        props = defs[f"{question}-case"]["properties"]
        assert set(args) <= set(props), question
        assert props["question"]["const"] == question


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schemas_are_current(kind: str) -> None:
    committed = json.loads((ROOT / COMMITTED[kind]).read_text(encoding="utf-8"))
    assert committed == govrules.schema(kind), (  # type: ignore[arg-type]
        f"run: govrules schema {kind} -o {COMMITTED[kind]}"
    )


def test_schema_command_prints_each_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == govrules.schema("trust")
    assert run(["schema", "record"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "govrules meeting record"
    assert run(["schema", "scenarios"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "govrules scenario file"
    assert run(["schema", "minutes"]) == 2


def test_check_help_points_at_the_record_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--help"]) == 0
    out = capsys.readouterr().out
    assert "docs/records.md" in out and "README" not in out


# --- the format pages: docs/records.md, docs/scenarios.md, docs/schema.md -------------------


def _blocks(page: str, language: str) -> list[str]:
    import re

    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    return [str(b) for b in re.findall(rf"```{language}\n(.+?)\n```", text, re.S)]


def _words(page: str) -> set[str]:
    import re

    return set(re.findall(r"`([a-z_]+)`", (ROOT / "docs" / page).read_text(encoding="utf-8")))


def test_records_page_names_every_field_of_a_record() -> None:
    from govrules.evaluating.meetings import Decision, Election, MeetingRecord

    fields = {
        info.alias or name
        for model in (MeetingRecord, Decision, Election)
        for name, info in model.model_fields.items()
    }
    assert fields - _words("records.md") == set()


def test_records_page_example_is_a_record_govrules_checks(tmp_path: Path) -> None:
    import yaml

    (block,) = _blocks("records.md", "yaml")
    assert _errors("record", yaml.safe_load(block)) == []
    record = tmp_path / "meeting.yaml"
    record.write_text(block, encoding="utf-8")
    answer = govrules.check(record)
    assert len(answer.decisions) == 2
    assert [d.answer for d in answer.decisions] == ["carried", "lost"]


def test_scenarios_page_names_every_question_and_argument() -> None:
    from govrules.authoring.scenarios import _ARGS, _CASE_KEYS, _LIST_KEYS, _SET_KEYS, _SUBSET_KEYS

    named = {*_ARGS, *(a for args in _ARGS.values() for a in args)}
    named |= _CASE_KEYS | _SET_KEYS | _SUBSET_KEYS | _LIST_KEYS | {"steps", "error", "trust"}
    assert named - _words("scenarios.md") == set()


def test_scenarios_page_examples_pass(tmp_path: Path) -> None:
    import yaml

    blocks = _blocks("scenarios.md", "yaml")
    questions = set()
    for i, block in enumerate(blocks):
        data = yaml.safe_load(block)
        assert _errors("scenarios", data) == []
        questions |= {case["question"] for case in data["cases"]}
        (tmp_path / f"{i}.yaml").write_text(block, encoding="utf-8")
    report = govrules.run_tests(*sorted(tmp_path.glob("*.yaml")))
    assert report.failed == 0 and report.passed >= 8
    assert questions == {"quorum", "voters", "vote", "escalate", "eligible"}


def test_editor_settings_on_the_schema_page_cover_this_repository() -> None:
    (settings,) = _blocks("schema.md", "json")
    kinds = {path: kind for kind, path in COMMITTED.items()}
    schemas = json.loads(settings)["yaml.schemas"]
    assert set(schemas) == set(kinds)
    for path, globs in schemas.items():
        files = [f for pattern in globs for f in ROOT.glob(pattern)]
        assert files, path
        for file in files:
            assert _errors(kinds[path], read_yaml(file).data) == [], file
    first_lines = [b.splitlines()[0] for b in _blocks("schema.md", "yaml")]
    assert "# yaml-language-server: $schema=../docs/govrules.schema.json" in first_lines


def _fragment_errors(definition: str | None, data: Any) -> list[str]:
    """Errors of a part of a trust file: a definition of the schema, or its top level with
    nothing required."""
    schema = govrules.schema("trust")
    part = {"$ref": f"#/$defs/{definition}"} if definition else dict(schema, required=[])
    validator = jsonschema.Draft202012Validator({**part, "$defs": schema["$defs"]})
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(data)]


def test_the_trust_file_examples_in_the_docs_are_valid() -> None:
    import re

    import yaml

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    writing = readme.split("\n## Writing a trust file\n", 1)[1].split("\n## ", 1)[0]
    (fragment,) = re.findall(r"```yaml\n(.+?)\n```", writing, re.S)
    blocks = [fragment, *_blocks("schema.md", "yaml")]
    checked = 0
    for block in blocks:
        data = _plain(yaml.safe_load(block))
        if set(data) == {"condition"}:
            assert _fragment_errors("Condition", data["condition"]) == []
        else:
            assert _fragment_errors(None, data) == []
        checked += 1
    assert checked >= 4
    (scenarios,) = re.findall(r"```yaml\n(trust: .+?)\n```", readme, re.S)
    assert _errors("scenarios", yaml.safe_load(scenarios)) == []
