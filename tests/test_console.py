"""The installed command: output written whole after the command, the status always its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "-m", "govrules", "quorum", "rutland", "board", "--count", "1"]


def test_closed_streams_and_early_readers_keep_the_answer_s_status(tmp_path: Path) -> None:
    shell = " ".join(f"'{part}'" for part in COMMAND)
    normal = subprocess.run(shell, shell=True, cwd=tmp_path, capture_output=True, timeout=120)
    assert normal.returncode == 3 and normal.stdout  # the MoU does not settle it
    no_stderr = subprocess.run(
        shell + " 2>&-", shell=True, cwd=tmp_path, capture_output=True, timeout=120
    )
    assert (no_stderr.returncode, no_stderr.stdout) == (3, normal.stdout)
    no_stdout = subprocess.run(
        shell + " >&-", shell=True, cwd=tmp_path, capture_output=True, timeout=120
    )
    assert no_stdout.returncode == 2
    closed = b"govrules: error: cannot write the answer: standard output is closed\n"
    assert no_stdout.stderr == closed
    # A reader that goes away before reading (`| head -0`): the status is still the answer's.
    reader_gone = subprocess.Popen(
        COMMAND, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert reader_gone.stdout is not None and reader_gone.stderr is not None
    reader_gone.stdout.close()
    assert reader_gone.wait(timeout=120) == 3
    assert reader_gone.stderr.read() == b""
    reader_gone.stderr.close()


def test_an_encoding_that_cannot_show_a_character_still_gives_the_answer(
    tmp_path: Path,
) -> None:
    # Suffolk's title has a dash Latin-1 cannot show. (click writes UTF-8 where the encoding is
    # ASCII, taking it for a misconfigured locale.)
    for encoding in ("latin-1", "cp1252", "ascii"):
        out = subprocess.run(
            [sys.executable, "-m", "govrules", "show", "suffolk"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONIOENCODING": encoding},
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert (out.returncode, out.stderr) == (0, b""), encoding
        assert out.stdout.startswith(b"Suffolk Children's Trust ")
        if encoding == "latin-1":
            assert b"\\u2014" in out.stdout
            out.stdout.decode(encoding)  # every byte is in the encoding asked for


def test_stdout_and_stderr_keep_their_order(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nbodies: [\n", encoding="utf-8")
    rutland = ROOT / "trusts" / "rutland.yaml"
    together = subprocess.run(
        [sys.executable, "-m", "govrules", "validate", str(broken), str(rutland)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=120,
        check=False,
    )
    apart = subprocess.run(
        [sys.executable, "-m", "govrules", "validate", str(broken), str(rutland)],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert together.returncode == apart.returncode == 2
    assert sorted(together.stdout.splitlines()) == sorted(
        (apart.stdout + apart.stderr).splitlines()
    )
