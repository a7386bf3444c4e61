"""Every command and library function that reads a MoU takes the limits `validate` takes.

A copy of a bundled trust padded past the default 1 MB is refused with the defaults, read with
``--max-bytes`` (``Limits(max_bytes=...)``), and refused again when ``--max-nodes`` is lowered:
so the limits given are the ones applied, to the trust and to the file that names it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import govrules
from govrules.reading.errors import LoadError
from govrules.reading.sourcefile import Limits
from tests.clirun import run_cli

ROOT = Path(__file__).resolve().parent.parent
RUTLAND = ROOT / "trusts" / "rutland.yaml"
RECORD = ROOT / "examples" / "rutland-executive-second-meeting.yaml"
SOURCES = Path(__file__).resolve().parent / "fixtures" / "sources"
RAISED = ["--max-bytes", "2000000"]
TOO_FEW_NODES = [*RAISED, "--max-nodes", "9"]
PADDING = "#" + "x" * 1_000_000 + "\n"


def _padded(folder: Path, source: Path, name: str) -> Path:
    """``source`` with a comment that takes it past the default byte limit."""
    path = folder / name
    path.write_text(source.read_text("utf-8") + PADDING, "utf-8")
    return path


def _files(tmp_path: Path) -> dict[str, Path]:
    big = _padded(tmp_path, RUTLAND, "big.yaml")
    record = tmp_path / "record.yaml"
    record.write_text(
        RECORD.read_text("utf-8").replace("trust: rutland", "trust: big.yaml"), "utf-8"
    )
    scenarios = tmp_path / "scenarios.yaml"
    scenarios.write_text(
        "trust: big.yaml\ncases:\n  - name: a count\n    question: quorum\n    body: board\n"
        "    count: 10\n    expect: {answer: unspecified}\n",
        "utf-8",
    )
    model = _padded(tmp_path, SOURCES / "model.yaml", "model.yaml")
    (tmp_path / "model.txt").write_text((SOURCES / "model.txt").read_text("utf-8"), "utf-8")
    return {"big": big, "record": record, "scenarios": scenarios, "model": model}


COMMANDS = {
    "diff": lambda f: ["diff", str(f["big"]), str(RUTLAND)],
    "audit": lambda f: ["audit", str(f["big"]), str(RECORD)],
    "check": lambda f: ["check", str(f["record"])],
    "test": lambda f: ["test", str(f["scenarios"])],
    "coverage": lambda f: [
        "coverage",
        str(f["model"]),
        "--source",
        str(f["model"].parent / "model.txt"),
    ],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_commands_reading_a_mou_take_the_limits_of_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    args = COMMANDS[command](_files(tmp_path))
    code, _, err = run_cli(capsys, *args)
    assert (code, "more than the limit of 1000000" in err) == (2, True), err
    code, out, err = run_cli(capsys, *args, *RAISED)
    assert code in (0, 1, 3, 4), err
    assert out
    code, _, err = run_cli(capsys, *args, *TOO_FEW_NODES)
    assert (code, "more than 9 nodes" in err) == (2, True), err


def test_library_functions_reading_a_mou_take_limits(tmp_path: Path) -> None:
    files = _files(tmp_path)
    raised = Limits(max_bytes=2_000_000)
    tiny = Limits(max_bytes=2_000_000, max_nodes=9)
    doc = files["model"].parent / "model.txt"
    trust = govrules.load(files["big"], limits=raised)
    big_record = _padded(tmp_path, RECORD, "big-record.yaml")
    calls = {
        "diff": lambda limits: govrules.diff(files["big"], RUTLAND, limits=limits),
        "report": lambda limits: govrules.report(files["big"], svg=False, limits=limits),
        "check": lambda limits: govrules.check(files["record"], limits=limits),
        "audit": lambda limits: govrules.audit(trust, [big_record], limits=limits),
        "run_tests": lambda limits: govrules.run_tests(files["scenarios"], limits=limits),
        "coverage": lambda limits: govrules.coverage(files["model"], doc, limits=limits),
    }
    for name, call in calls.items():
        with pytest.raises(LoadError, match="more than the limit of 1000000"):
            call(None)
        assert call(raised) is not None, name
        with pytest.raises(LoadError, match="more than 9 nodes"):
            call(tiny)
