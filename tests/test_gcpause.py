"""Reading pauses the cyclic garbage collector and always leaves it as it found it."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

import govrules
from govrules.reading.gcpause import collector_paused


def test_the_collector_runs_again_after_the_outermost_pause() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_inside_still_resumes_the_collector() -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


def test_overlapping_pauses_in_two_threads_resume_once_both_end() -> None:
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with collector_paused():
            inside.set()
            release.wait(10)

    other = threading.Thread(target=hold)
    other.start()
    inside.wait(10)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the other thread still reads
    release.set()
    other.join(10)
    assert gc.isenabled()


def test_validate_and_load_leave_the_collector_running(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n", "utf-8")
    assert govrules.validate("rutland", bad).counts()["error"] == 1
    with pytest.raises(govrules.LoadError):
        govrules.load(bad)
    assert govrules.load("rutland").id == "rutland"
    assert gc.isenabled()
