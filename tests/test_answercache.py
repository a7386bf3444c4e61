"""The console script's cache of answers: same bytes as the engine, never a stale rule."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govrules import answercache, locations

ROOT = Path(__file__).resolve().parent.parent
SUFFOLK = ROOT / "trusts" / "suffolk.yaml"
HEAVY = ("pydantic", "click", "ruamel", "networkx", "typing", "pathlib", "re", "json", "hashlib")


def govrules(
    *args: str, cache: Path, cwd: Path = ROOT, importtime: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the console script in a new interpreter, as the installed command does."""
    env = {**os.environ, "GOVRULES_CACHE_DIR": str(cache)}
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run(
        [sys.executable, *flags, "-m", "govrules", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def kept(cache: Path) -> list[Path]:
    folder = cache / "answers"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def imported(stderr: str) -> set[str]:
    """Top-level packages named in `-X importtime` output."""
    lines = [line for line in stderr.splitlines() if "|" in line]
    return {line.split("|")[-1].strip().split(".")[0] for line in lines}


LINES = [
    ("quorum", "suffolk", "strategic-board", "--count", "9"),
    ("quorum", "suffolk", "strategic-board", "--count", "8", "--format", "json"),
    ("quorum", "suffolk", "executive-group", "--count", "1"),
    ("voters", "rutland", "board"),
    ("vote", "suffolk", "strategic-board", "--for", "portfolio-holder,vcs", "--against", "schools"),
    ("escalate", "wirral", "executive", "--format", "json"),
    ("show", "durham"),
    ("validate", "trusts/cumbria.yaml", "--format", "json"),
    ("diff", "trusts/suffolk.yaml", "trusts/suffolk.yaml"),
]


@pytest.mark.parametrize("line", LINES, ids=lambda line: " ".join(line[:3]))
def test_a_repeated_line_gets_the_engine_s_answer_without_loading_the_engine(
    line: tuple[str, ...], tmp_path: Path
) -> None:
    first = govrules(*line, cache=tmp_path, importtime=True)
    assert first.returncode in (0, 1, 3), first.stderr
    assert "pydantic" in imported(first.stderr)  # computed by the engine
    assert len(kept(tmp_path)) == 1
    second = govrules(*line, cache=tmp_path, importtime=True)
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    assert not imported(second.stderr) & set(HEAVY)
    # The same line with the cache off: the engine gives the very same bytes.
    fresh = govrules(*line, cache=Path(""))
    assert (fresh.returncode, fresh.stdout, fresh.stderr) == (first.returncode, first.stdout, "")


def test_an_edited_trust_is_answered_afresh_even_with_the_same_size_and_time(
    tmp_path: Path,
) -> None:
    trust = tmp_path / "suffolk.yaml"
    shutil.copy(SUFFOLK, trust)
    cache = tmp_path / "cache"
    line = ("quorum", str(trust), "strategic-board", "--count", "8")
    assert govrules(*line, cache=cache).returncode == 1  # 50% of 17 needs 9
    assert govrules(*line, cache=cache).returncode == 1
    text = trust.read_text(encoding="utf-8")
    assert text.count("at_least: 50%") == 1
    before = trust.stat()
    trust.write_text(text.replace("at_least: 50%", "at_least: 40%"), encoding="utf-8")
    os.utime(trust, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert trust.stat().st_size == before.st_size
    edited = govrules(*line, cache=cache)
    assert edited.returncode == 0, edited.stdout  # 40% of 17 needs 7
    assert "7 needed" in edited.stdout
    trust.write_text(text, encoding="utf-8")
    assert govrules(*line, cache=cache).returncode == 1  # the first answer again, from its entry


def test_answers_that_are_errors_or_help_are_never_kept(tmp_path: Path) -> None:
    error = govrules("quorum", "suffolk", "no-such-body", "--count", "1", cache=tmp_path)
    assert error.returncode == 2 and error.stderr.startswith("govrules: error:")
    helped = govrules("quorum", "--help", cache=tmp_path)
    assert helped.returncode == 0 and "Usage:" in helped.stdout
    checked = govrules("check", "examples/suffolk-board-inquorate.yaml", cache=tmp_path)
    assert checked.returncode in (0, 1, 3), checked.stderr
    assert kept(tmp_path) == []


def test_a_torn_entry_is_recomputed_and_replaced(tmp_path: Path) -> None:
    line = ("quorum", "suffolk", "strategic-board", "--count", "9")
    good = govrules(*line, cache=tmp_path)
    (entry,) = kept(tmp_path)
    whole = entry.read_bytes()
    for torn in (whole[: len(whole) // 2], b"govrules-answer 1 0\n", b"", b"not an answer"):
        entry.write_bytes(torn)
        again = govrules(*line, cache=tmp_path)
        assert (again.returncode, again.stdout) == (good.returncode, good.stdout)
        assert entry.read_bytes() == whole


DIRECT = "from govrules.cli import main; main()"


def test_stdout_and_stderr_keep_their_order_on_a_miss(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nbodies: [\n", encoding="utf-8")
    out = govrules("validate", str(broken), "trusts/rutland.yaml", cache=tmp_path / "c")
    direct = subprocess.run(
        [sys.executable, "-c", DIRECT, "validate", str(broken), "trusts/rutland.yaml"],
        cwd=ROOT,
        env={**os.environ, "GOVRULES_CACHE_DIR": ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (out.returncode, out.stdout, out.stderr) == (
        direct.returncode,
        direct.stdout,
        direct.stderr,
    )
    assert out.returncode == 2
    assert kept(tmp_path / "c") == []


# The digest itself, in-process.


def key(argv: list[str]) -> str | None:
    return answercache.answer_file(argv)


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVRULES_CACHE_DIR", "")
    assert key(["quorum", "suffolk", "strategic-board", "--count", "9"]) is None


def test_only_lines_whose_inputs_are_their_files_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVRULES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    assert key(["quorum", "suffolk", "strategic-board", "--count", "9"]) is not None
    for argv in (
        [],
        ["check", "record.yaml"],
        ["audit", "suffolk", "records"],
        ["fmt", "x.yaml"],
        ["report", "suffolk", "-o", "x.html"],
        ["quorum", "suffolk", "strategic-board", "--count", "9", "--debug"],
        ["quorum", "--help"],
        ["validate", "-"],
        ["show", str(tmp_path)],  # a folder of versions: the version in force depends on today
        ["show", "/dev/null"],  # not a regular file
    ):
        assert key(argv) is None, argv
    os.mkfifo(tmp_path / "pipe.yaml")
    assert key(["quorum", "pipe.yaml", "board", "--count", "1"]) is None


def test_the_digest_covers_what_the_answer_depends_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVRULES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    argv = ["quorum", "board.yaml", "board", "--count=2"]
    absent = key(argv)
    (tmp_path / "board.yaml").write_text("id: a\n", encoding="utf-8")
    first = key(argv)
    assert first != absent  # a file appearing where none was
    (tmp_path / "board.yaml").write_text("id: b\n", encoding="utf-8")
    assert key(argv) not in (absent, first)  # its content
    (tmp_path / "board.yaml").write_text("id: a\n", encoding="utf-8")
    assert key(argv) == first  # content, not time
    (tmp_path / "2").write_text("", encoding="utf-8")
    assert key(argv) != first  # a word after `=` that names a file counts too
    (tmp_path / "2").unlink()
    assert key(argv) == first
    assert key(["quorum", "board.yaml", "board", "--count=3"]) != first
    monkeypatch.chdir(ROOT)
    assert key(argv) != first  # another working folder


def test_a_bundled_name_is_keyed_by_the_bundled_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVRULES_CACHE_DIR", str(tmp_path / "cache"))
    bundled = tmp_path / "trusts"
    bundled.mkdir()
    shutil.copy(SUFFOLK, bundled / "suffolk.yaml")
    monkeypatch.setattr(locations, "bundled_dir", lambda: str(bundled))
    argv = ["quorum", "suffolk", "strategic-board", "--count", "9"]
    first = key(argv)
    (bundled / "suffolk.yaml").write_text(SUFFOLK.read_text("utf-8") + "# edited\n", "utf-8")
    assert key(argv) != first


def test_the_digest_covers_govrules_own_code_and_the_installed_libraries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVRULES_CACHE_DIR", str(tmp_path / "cache"))
    package = tmp_path / "govrules"
    package.mkdir()
    (package / "quorate.py").write_text("# v1\n", encoding="utf-8")
    monkeypatch.setattr(answercache, "__file__", str(package / "answercache.py"))
    site = tmp_path / "site-packages"
    (site / "pydantic-2.0.dist-info").mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])
    argv = ["quorum", "suffolk", "strategic-board", "--count", "9"]
    first = key(argv)
    (package / "quorate.py").write_text("# v2\n", encoding="utf-8")
    second = key(argv)
    assert second != first  # an edited module
    (site / "pydantic-2.0.dist-info").rename(site / "pydantic-2.1.dist-info")
    assert key(argv) not in (first, second)  # an upgraded library


def test_a_terminal_and_a_pipe_are_kept_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `validate` colours its text for a terminal only.
    monkeypatch.setenv("GOVRULES_CACHE_DIR", str(tmp_path / "cache"))

    class Terminal:
        encoding = sys.stdout.encoding
        errors = sys.stdout.errors

        def isatty(self) -> bool:
            return True

    argv = ["validate", str(SUFFOLK)]
    piped = key(argv)
    monkeypatch.setattr(sys, "stdout", Terminal())
    assert key(argv) != piped


def test_an_entry_is_read_only_when_whole(tmp_path: Path) -> None:
    path = str(tmp_path / "answers" / "k")
    answercache.write_answer(path, 3, b"unspecified\n")
    assert answercache.read_answer(path) == (3, b"unspecified\n")
    answercache.write_answer(path, 2, b"error\n")  # an error is not kept
    assert answercache.read_answer(path) == (3, b"unspecified\n")
    Path(path).write_bytes(b"govrules-answer 1 3 99\nunspecified\n")
    assert answercache.read_answer(path) is None
    assert answercache.read_answer(str(tmp_path / "none")) is None


def test_old_entries_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(answercache, "_MAX_ENTRIES", 10)
    folder = tmp_path / "answers"
    for n in range(10):
        answercache.write_answer(str(folder / f"k{n:02}"), 0, b"x")
        os.utime(folder / f"k{n:02}", ns=(n * 10**9, n * 10**9))
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"k{n:02}" for n in range(10)]  # not yet over
    answercache.write_answer(str(folder / "k10"), 0, b"x")
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["k06", "k07", "k08", "k09", "k10"]  # the newest half stays


def test_the_fast_path_imports_only_the_standard_library(tmp_path: Path) -> None:
    code = (
        "import sys; before = set(sys.modules)\n"
        "from govrules import console, answercache\n"
        "answercache.read_answer(answercache.answer_file(['quorum', 'suffolk', 'b', '-c', '1']))\n"
        "print(' '.join(sorted(set(sys.modules) - before)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "GOVRULES_CACHE_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded = set(out.stdout.split())
    assert {"govrules", "govrules.console", "govrules.answercache"} <= loaded
    assert not {name.split(".")[0] for name in loaded} & set(HEAVY)


def test_bundled_names_resolve_the_same_way_as_the_loader() -> None:
    from govrules.loader import bundled_path

    for name in ("suffolk", "rutland"):
        assert locations.bundled_file(name) == str(bundled_path(name))
    assert locations.is_bundled_name("suffolk")
    assert not locations.is_bundled_name("trusts/suffolk")
    assert not locations.is_bundled_name("suffolk.yaml")


@pytest.mark.parametrize("edited", [False, True])
def test_an_input_edited_while_the_engine_reads_it_is_not_kept(
    edited: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govrules import cli, console

    trust = tmp_path / "trust.yaml"
    shutil.copy(SUFFOLK, trust)
    monkeypatch.setenv("GOVRULES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "argv", ["govrules", "quorum", str(trust), "board", "--count", "9"])

    def engine(argv: list[str]) -> int:
        if edited:  # an editor saves the file while the engine is reading it
            trust.write_text(SUFFOLK.read_text("utf-8") + "# saved\n", "utf-8")
        print("an answer")
        return 0

    def leave(status: int) -> None:
        raise SystemExit(status)

    monkeypatch.setattr(cli, "run", engine)
    monkeypatch.setattr(console, "leave", leave)
    monkeypatch.setattr(console, "_write", lambda chunks, status: None)
    with pytest.raises(SystemExit):
        console.main()
    assert len(kept(tmp_path / "cache")) == (0 if edited else 1)


@pytest.mark.parametrize("cache", ["on", "off"])
def test_closed_streams_and_early_readers_keep_the_answer_s_status(
    cache: str, tmp_path: Path
) -> None:
    env = {**os.environ, "GOVRULES_CACHE_DIR": str(tmp_path) if cache == "on" else ""}
    command = f"'{sys.executable}' -m govrules quorum rutland board --count 1"
    normal = subprocess.run(
        command, shell=True, cwd=ROOT, env=env, capture_output=True, timeout=120, check=False
    )
    assert normal.returncode == 3 and normal.stdout  # the MoU does not settle it
    for _ in range(2):  # a miss, then (with the cache on) a hit
        no_stderr = subprocess.run(
            command + " 2>&-", shell=True, cwd=ROOT, env=env, capture_output=True, timeout=120
        )
        assert (no_stderr.returncode, no_stderr.stdout) == (3, normal.stdout)
        no_stdout = subprocess.run(
            command + " >&-", shell=True, cwd=ROOT, env=env, capture_output=True, timeout=120
        )
        assert no_stdout.returncode == 2
        assert (
            no_stdout.stderr
            == b"govrules: error: cannot write the answer: standard output is closed\n"
        )
        # A reader that goes away before reading (`| head -0`): the status is still the answer's.
        reader_gone = subprocess.Popen(
            [sys.executable, "-m", "govrules", "quorum", "rutland", "board", "--count", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert reader_gone.stdout is not None and reader_gone.stderr is not None
        reader_gone.stdout.close()
        assert reader_gone.wait(timeout=120) == 3
        assert reader_gone.stderr.read() == b""
        reader_gone.stderr.close()


def test_the_digest_reads_the_file_pathlib_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVRULES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t").mkdir()
    trust = tmp_path / "t" / "a.yaml"
    for word in ("t/a.yaml/", "t/./a.yaml", "t//a.yaml", "./t/a.yaml/.", f"{tmp_path}//t/a.yaml"):
        trust.write_text("id: a\n", encoding="utf-8")
        assert Path(word).read_bytes() == b"id: a\n"  # what the engine reads
        first = key(["show", word])
        trust.write_text("id: b\n", encoding="utf-8")
        assert key(["show", word]) != first, word
    assert key(["show", "t/" * 2100 + "a.yaml"]) is None  # too long to name a file: not kept
