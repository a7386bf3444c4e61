"""One finding type and one answer base, whatever the command.

``validate`` (with ``--source`` and ``coverage``), ``check``, ``audit``, ``diff`` and ``test``
report their findings as one type, :class:`govrules.Finding`, and every answer shares one
base, :class:`govrules.AnswerBase`: its envelope and ``to_dict``. Each command's findings keep
the JSON shape it has always published.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest

import govrules
from govrules import AnswerBase, Finding
from govrules.authoring.sourcecheck import check_sources, coverage
from govrules.language.paths import resolve

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SOURCES = Path(__file__).resolve().parent / "fixtures" / "sources"
ENVELOPE = ["trust", "body", "question", "answer", "explanation"]


def _draft(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (ROOT / "trusts" / f"{name}.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    out = tmp_path / f"{name}-draft.yaml"
    out.write_text(text.replace(old, new), encoding="utf-8")
    return out


FAILING_CASES = """\
trust: suffolk
cases:
  - name: Nine of seventeen, expected wrongly
    clause: "10.1"
    question: quorum
    body: strategic-board
    count: 9
    expect:
      answer: inquorate
  - name: A body the trust does not have
    question: quorum
    body: no-such-board
    count: 9
    expect:
      answer: quorate
"""


def _answers(tmp_path: Path) -> dict[str, Any]:
    """One answer of every command that answers with an object, each with findings where
    the command has them."""
    suffolk = govrules.load("suffolk")
    scenarios = tmp_path / "failing.yaml"
    scenarios.write_text(FAILING_CASES, encoding="utf-8")
    # The document with a clause no rule cites (unaccounted) and a quote no longer in it.
    text = (SOURCES / "model.txt").read_text(encoding="utf-8")
    text = text.replace("one half of its members", "half its members")
    text = text.replace("\nWho sits where", "2.4 The Board may co-opt members.\n\nWho sits where")
    short = tmp_path / "model.txt"
    short.write_text(text, encoding="utf-8")
    draft = _draft(tmp_path, "suffolk", "      at_least: 50%\n", "      at_least: one third\n")
    return {
        "quorum": govrules.quorum(suffolk, "strategic-board", count=9),
        "voters": govrules.voters(suffolk, "strategic-board"),
        "vote": govrules.vote(suffolk, "strategic-board", for_=["vcs"], against=["schools"]),
        "eligible": govrules.eligible(suffolk, "ccsg", "cluster-development-coordinator"),
        "escalate": govrules.escalate(govrules.load("durham"), "local-childrens-board"),
        "show": govrules.show(suffolk),
        "check": govrules.check(EXAMPLES / "suffolk-board-lscb-vote.yaml"),
        "audit": govrules.audit(suffolk, [EXAMPLES / "suffolk-2010"]),
        "diff": govrules.diff("suffolk", draft),
        "validate": govrules.validate("suffolk", "durham"),
        "test": govrules.run_tests(scenarios),
        "sources": check_sources(SOURCES / "model.yaml", short),
        "coverage": coverage(SOURCES / "model.yaml", short),
    }


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _answers(tmp_path_factory.mktemp("answers"))


def _findings(answer: Any) -> tuple[Any, ...]:
    return tuple(getattr(answer, "changes", None) or getattr(answer, "findings", ()))


# --- structure -------------------------------------------------------------------------------


def test_every_answer_shares_the_one_base(answers: dict[str, Any]) -> None:
    for question, answer in answers.items():
        assert isinstance(answer, AnswerBase), question
        assert answer.question == question
        data = answer.to_dict()
        assert list(data)[:5] == ENVELOPE, question
        assert data["question"] == answer.question
        assert data["answer"] == answer.answer
        assert data["trust"] == answer.trust or question in ("sources", "coverage")


def test_every_exported_answer_class_derives_from_the_base() -> None:
    answer_types = [
        getattr(govrules, name)
        for name in govrules.__all__
        if inspect.isclass(getattr(govrules, name))
        and (name.endswith("Answer") or name in ("ScenarioReport", "SourceCheck"))
    ]
    answer_types.append(govrules.DocumentCoverage)
    assert {c.__name__ for c in answer_types} >= {
        "Answer",
        "QuorumAnswer",
        "VotersAnswer",
        "VoteAnswer",
        "EscalateAnswer",
        "ShowAnswer",
        "CheckAnswer",
        "AuditAnswer",
        "DiffAnswer",
        "ValidateAnswer",
        "ScenarioReport",
        "SourceCheck",
        "DocumentCoverage",
    }
    for cls in answer_types:
        assert issubclass(cls, AnswerBase), cls.__name__
        # `to_dict` is written once, on the base: no answer builds its own envelope.
        own = vars(cls).get("to_dict")
        assert own is None or cls is govrules.DocumentCoverage, cls.__name__


def test_every_commands_findings_are_the_one_type(answers: dict[str, Any]) -> None:
    for question in ("check", "audit", "diff", "validate", "test", "sources", "coverage"):
        found = _findings(answers[question])
        assert found, question  # each input was chosen to give some
        assert all(type(f) is Finding for f in found), question


def test_the_older_names_are_the_one_type() -> None:
    assert govrules.CheckFinding is Finding
    assert govrules.AuditFinding is Finding
    assert govrules.Change is Finding
    for name in ("CheckFinding", "AuditFinding", "Change", "Finding"):
        assert name in govrules.__all__


def test_a_finding_is_frozen() -> None:
    f = Finding("GR001", "error", "cannot read", "a.yaml", 1, 1)
    with pytest.raises(AttributeError):
        f.text = "changed"  # type: ignore[misc]


# --- each command's published shape ------------------------------------------------------------

# The keys each command's findings have always had, in order (docs/*.schema.json, README).
VALIDATE_KEYS = ["severity", "code", "text", "source", "location", "hint"]
VALIDATE_KEYS += ["message", "file", "line", "column", "clause"]  # the older names
PUBLISHED = {
    "check": ["severity", "code", "text", "decision", "source"],
    "audit": ["severity", "code", "topic", "body", "text", "source"],
    "diff": ["kind", "body", "subject", "text", "before", "after", "source"],
    "validate": VALIDATE_KEYS,
    "sources": VALIDATE_KEYS,
    "coverage": VALIDATE_KEYS,
}


@pytest.mark.parametrize("question", sorted(PUBLISHED))
def test_findings_keep_their_commands_json_shape(answers: dict[str, Any], question: str) -> None:
    data = answers[question].to_dict()
    listed = data["changes" if question == "diff" else "findings"]
    assert listed
    for item in listed:
        assert list(item) == PUBLISHED[question]


def test_a_validate_finding_serialises_its_clause_both_ways(answers: dict[str, Any]) -> None:
    for f in answers["validate"].findings:
        data = f.to_dict()
        assert data["location"] == {"file": f.file, "line": f.line, "column": f.column}
        assert data["clause"] == f.clause
        if f.source is None:
            assert data["source"] is None
        else:
            assert data["source"] == {"document": f.document, "clause": f.clause}


# --- behaviour, on structured fields -----------------------------------------------------------


def test_a_check_finding_names_its_decision_and_clause(answers: dict[str, Any]) -> None:
    check = answers["check"]
    about = [f for f in check.findings if f.decision is not None]
    assert [(f.code, f.severity, f.decision, f.clause) for f in about] == [
        ("check-decision", "warning", 0, "10.3.5")
    ]
    meeting = [f for f in check.findings if f.decision is None]
    assert meeting and {f.code for f in meeting} == {"check-meeting"}
    assert {f.form for f in check.findings} == {"check"}


def test_an_audit_finding_names_its_topic_and_body(answers: dict[str, Any]) -> None:
    got = sorted((f.code, f.topic, f.body) for f in answers["audit"].findings)
    assert ("audit-frequency", "frequency", "wdag") in got
    assert ("audit-attendance", "attendance", "strategic-board") in got
    assert all(code == f"audit-{topic}" for code, topic, _ in got)


def test_a_change_is_a_finding_with_before_and_after(answers: dict[str, Any]) -> None:
    quorum = [c for c in answers["diff"].changes if c.kind == "quorum-changed"]
    assert len(quorum) == 1
    change = quorum[0]
    assert (change.code, change.body, change.severity) == (
        "quorum-changed",
        "strategic-board",
        "info",
    )
    assert change.before != change.after
    assert change.clause == "10.1"


def test_a_validate_finding_is_located_in_file_and_rule(answers: dict[str, Any]) -> None:
    found = answers["validate"].findings
    assert {Path(f.file).name for f in found} == {"suffolk.yaml", "durham.yaml"}
    assert all(f.line and f.column for f in found)
    # The older names read the same fields.
    assert all(f.message == f.text and f.path == f.file for f in found)
    ruled = [f for f in found if f.rule is not None]
    assert ruled
    for f in ruled:
        trust = govrules.load(Path(f.file).stem)
        resolve(trust, f.rule)  # a rule path names a node of the trust
    sample = next(f for f in ruled if f.code == "GR211")
    assert sample.rule is not None and sample.rule.endswith(".chair.from_among")


def test_a_validate_finding_at_a_rule_names_it(tmp_path: Path) -> None:
    draft = _draft(
        tmp_path, "suffolk", "      at_least: 50%\n      of: seats\n", "      number: 40\n"
    )
    found = [f for f in govrules.validate(draft).findings if f.code == "GR201"]
    at_rule = [f for f in found if f.rule is not None]
    assert [(f.rule, f.severity, f.clause) for f in at_rule] == [
        ("strategic-board.quorum", "error", "10.1")
    ]
    assert at_rule[0].line == at_rule[0].line and at_rule[0].file == str(draft)
    # Found again under a reading of another rule, it is located at the reading (a gap's,
    # which is no rule).
    assert all(f.rule is None and "under the reading" in f.text for f in found if f.rule is None)


def test_a_failed_scenario_case_is_a_finding_at_the_case(answers: dict[str, Any]) -> None:
    report = answers["test"]
    assert report.answer == "failed"
    failed, errored = report.results
    (wrong,) = failed.findings
    assert (wrong.code, wrong.severity, wrong.subject) == (
        "test-failed",
        "error",
        "Nine of seventeen, expected wrongly",
    )
    assert wrong.clause == "10.1" and wrong.document == govrules.load("suffolk").document.title
    assert (Path(wrong.file or "").name, wrong.line) == ("failing.yaml", 3)
    assert [f.code for f in errored.findings] == ["test-error"]
    assert report.findings == (*failed.findings, *errored.findings)


def test_a_finding_renders_on_one_line() -> None:
    located = Finding("GR201", "error", "quorum too large", "a.yaml", 4, 7, "lower it")
    assert located.render() == "a.yaml:4:7: error[GR201]: quorum too large (hint: lower it)"
    bare = Finding("check-meeting", "warning", "inquorate", form="check")
    assert bare.render() == "warning[check-meeting]: inquorate"
