from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Nothing the suite runs writes into the checkout: no bytecode (here or in the CLI processes
# the tests start), no hypothesis database or constants. `pytest_sessionfinish` below holds
# the suite to it.
sys.dont_write_bytecode = True
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = tempfile.mkdtemp(prefix="govrules-hypothesis-")

import pytest  # noqa: E402  (after the environment above)
from hypothesis import settings  # noqa: E402

import govrules  # noqa: E402

settings.register_profile("govrules", database=None)
settings.load_profile("govrules")

ROOT = Path(__file__).resolve().parent.parent


def _checkout_state() -> set[str] | None:
    """Every untracked, ignored or changed path in the checkout (None outside a git checkout).

    The virtual environment the README creates inside the checkout is the one exception.
    """
    try:
        out = subprocess.run(
            ["git", "status", "--porcelain=v1", "--ignored", "--untracked-files=all", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    entries = {e.decode("utf-8", "replace") for e in out.split(b"\0") if e}
    return {e for e in entries if not e[3:].startswith(".venv/")}


_BEFORE = _checkout_state()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if the suite changed the checkout (a file written, a tracked file edited)."""
    if _BEFORE is None:
        return
    after = _checkout_state()
    if after is None:
        return
    new = sorted(after - _BEFORE)
    if new:
        sys.stderr.write(
            "\nThe test suite changed the checkout; tests must write under tmp_path only:\n"
            + "".join(f"  {line}\n" for line in new[:20])
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def suffolk() -> govrules.Trust:
    return govrules.load("suffolk")


@pytest.fixture
def busy_switching() -> Iterator[None]:
    """Switch threads as often as the interpreter can, to give races every chance to happen."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)
