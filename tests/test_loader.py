"""Loading errors name the file, line and column of the offending node."""

from __future__ import annotations

from pathlib import Path

import pytest

import govrules
from govrules import LoadError

MINIMAL = """\
id: demo
name: Demo Trust
document:
  title: Demo MoU
bodies:
  - id: board
    name: The Board
    chair:
      seat: chair-seat
      source: "1.1"
    seats:
      - id: chair-seat
        title: Chair
      - id: member
        title: Member
        count: 4
    quorum:
      at_least: 1/3
      source: "2.1"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str) -> LoadError:
    path = _write(tmp_path, text)
    with pytest.raises(LoadError) as info:
        govrules.load(path)
    return info.value


def test_minimal_file_loads(tmp_path: Path) -> None:
    trust = govrules.load(_write(tmp_path, MINIMAL))
    assert govrules.quorum(trust, "board", count=2).answer == "quorate"  # 1/3 of 5 → 2


def test_syntax_error_line_and_column(tmp_path: Path) -> None:
    err = _error(tmp_path, MINIMAL.replace("    name: The Board\n", "    name: [The Board\n"))
    # The parser stops where the unclosed `[` meets the next mapping key.
    assert (err.line, err.column) == (8, 10)
    assert "YAML syntax error" in err.message
    assert str(err).startswith(f"{err.path}:8:10: ")


def test_duplicate_key(tmp_path: Path) -> None:
    err = _error(
        tmp_path, MINIMAL.replace("    name: The Board\n", "    name: The Board\n    name: Again\n")
    )
    assert (err.line, err.column) == (8, 5)
    assert "duplicate key `name`" in err.message


def test_wrong_type_deep_in_a_body(tmp_path: Path) -> None:
    err = _error(tmp_path, MINIMAL.replace("count: 4", "count: four"))
    assert (err.line, err.column) == (16, 9)
    assert "bodies[0].seats[1].count" in err.message


def test_unknown_seat_in_chair_rule(tmp_path: Path) -> None:
    err = _error(tmp_path, MINIMAL.replace("seat: chair-seat", "seat: chair-sat"))
    assert (err.line, err.column) == (9, 7)
    assert err.message == "unknown seat `chair-sat` in `board`; did you mean `chair-seat`?"


def test_unknown_field_names_the_field(tmp_path: Path) -> None:
    err = _error(tmp_path, MINIMAL.replace("    quorum:\n", "    quorom:\n"))
    assert err.line == 17
    assert "unknown field `quorom`" in err.message


def test_fraction_must_be_exact(tmp_path: Path) -> None:
    err = _error(tmp_path, MINIMAL.replace("at_least: 1/3", "at_least: 0.33"))
    assert err.line == 18
    assert "1/2, 2/3, 50%" in err.message


def test_python_tags_are_refused(tmp_path: Path) -> None:
    err = _error(
        tmp_path, MINIMAL.replace("title: Demo MoU", "title: !!python/object/apply:os.system [ls]")
    )
    assert err.line == 4 and "tag" in err.message


def test_missing_file_and_unknown_trust(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        govrules.load(tmp_path / "absent.yaml")
    with pytest.raises(LoadError, match="no bundled trust named `atlantis`"):
        govrules.load("atlantis")


def test_empty_and_non_mapping(tmp_path: Path) -> None:
    assert "empty" in _error(tmp_path, "").message
    assert "must be a mapping" in _error(tmp_path, "- a\n- b\n").message


def test_edit_is_seen_by_the_next_load(tmp_path: Path) -> None:
    path = _write(tmp_path, MINIMAL)
    assert govrules.quorum(govrules.load(path), "board", count=2).required == 2
    path.write_text(MINIMAL.replace("at_least: 1/3", "at_least: 1/2"), encoding="utf-8")
    assert govrules.quorum(govrules.load(path), "board", count=2).required == 3


def test_each_command_reads_the_file_afresh_and_writes_nothing(tmp_path: Path) -> None:
    # Each CLI run is a new process: an edit is read by the next run, and no run leaves a
    # file behind (no cache of trusts or answers, in the home folder or anywhere else).
    import os
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    path = _write(tmp_path, MINIMAL)
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    cmd = [
        sys.executable,
        "-m",
        "govrules",
        "quorum",
        str(path),
        "board",
        "--count",
        "2",
        "--format",
        "json",
    ]

    def required() -> int:
        out = subprocess.run(
            cmd, env=env, cwd=tmp_path, capture_output=True, text=True, check=False
        )
        assert out.returncode in (0, 1), out.stderr
        return int(__import__("json").loads(out.stdout)["required"])

    before = sorted(tmp_path.rglob("*"))
    assert required() == 2
    assert required() == 2
    path.write_text(MINIMAL.replace("at_least: 1/3", "at_least: 1/2"), encoding="utf-8")
    assert required() == 3
    assert sorted(tmp_path.rglob("*")) == before


def test_str_of_a_load_error_is_the_contract_line(tmp_path: Path) -> None:
    # The contract: `str()` is exactly `FILE:LINE:COLUMN: message`; the hint is separate.
    err = _error(tmp_path, MINIMAL.replace("    quorum:\n", "    quorom:\n"))
    assert str(err) == f"{err.path}:17:5: unknown field `quorom` in bodies[0]"
    assert err.hint and err.render() == f"{err}  (hint: {err.hint})".replace("  (", " (")


def test_validate_answer_is_a_list_of_findings(tmp_path: Path) -> None:
    path = _write(tmp_path, MINIMAL.replace("count: 4", "count: 0"))
    findings = govrules.validate(path)
    assert len(findings) == 1 and [f.code for f in findings] == ["GR002"]
    assert findings[0].line == 16


def test_load_takes_the_limits_validate_takes(tmp_path: Path) -> None:
    path = _write(tmp_path, MINIMAL)
    size = path.stat().st_size
    assert govrules.load(path, limits=govrules.Limits(max_bytes=size)).id
    with pytest.raises(LoadError, match="bytes"):
        govrules.load(path, limits=govrules.Limits(max_bytes=size - 1))
    with pytest.raises(LoadError, match="nodes"):
        govrules.load(path, limits=govrules.Limits(max_nodes=5))
