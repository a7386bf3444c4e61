"""What govrules writes: `-o FILE` of graph, report and schema, and `fmt`, through one module.

Each test names the promise it shows (docs/reliability.md, "Files written"). Those that depend
on who runs govrules run the command in a separate process twice: as root (as CI does) and
with privileges dropped to ``nobody``; each is skipped, with the reason, where the platform
does not allow it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from govrules.authoring.fmt import format_files
from govrules.interfaces.cli import run
from govrules.reading.errors import LoadError, WriteError
from govrules.reading.files import write_file, write_output

MESSY = "id:   x\nname:    X\n"
TIDY = "id: x\nname: X\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
TIMEOUT = 60


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------------------- special files


def test_a_named_pipe_is_written_to_never_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "out.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    try:
        # The reader may not have opened its end yet: a pipe nobody reads is refused.
        for _ in range(500):
            try:
                write_output(str(pipe), "graph\n")
                break
            except WriteError as exc:
                assert "nothing is reading it" in exc.message
                threading.Event().wait(0.01)
    finally:
        with contextlib.suppress(OSError):  # ENXIO: no reader left waiting
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))  # lets a waiting one finish
        reader.join(TIMEOUT)
    assert received == [b"graph\n"]
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_a_named_pipe_nobody_reads_is_refused_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "out.pipe"
    os.mkfifo(pipe)
    with pytest.raises(WriteError) as info:
        write_file(pipe, "graph\n")
    assert str(info.value) == f"{pipe}: cannot write to the named pipe: nothing is reading it"
    assert info.value.hint == "start the reader first"
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_a_socket_or_a_folder_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(WriteError, match="it is a socket, not a file; it was left as it is"):
            write_file(path, "x\n")
    assert stat.S_ISSOCK(path.lstat().st_mode)
    with pytest.raises(WriteError, match="it is a folder"):
        write_file(tmp_path, "x\n")


def test_a_character_device_is_written_to_never_replaced(tmp_path: Path) -> None:
    if not IS_ROOT:
        pytest.skip("making a device node needs root")
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    except PermissionError:
        pytest.skip("this container may not make device nodes")
    assert run(["schema", "-o", str(device)]) == 0
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert device.lstat().st_rdev == os.makedev(1, 3)


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real.html"
    target.write_text("old\n")
    link = tmp_path / "link.html"
    link.symlink_to(target.name)
    write_output(str(link), "new\n")
    assert link.is_symlink() and os.readlink(link) == "real.html"
    assert target.read_text() == "new\n"
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to("made.html")
    write_output(str(dangling), "made\n")
    assert dangling.is_symlink() and (tmp_path / "made.html").read_text() == "made\n"


# --------------------------------------------------------------------------- -o on the command line


def test_dash_is_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["schema", "-o", "-"]) == 0
    assert run(["graph", "suffolk", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('{\n  "$defs"') and "flowchart" in out
    assert names(tmp_path) == []  # no file named `-`


def test_a_missing_folder_is_one_line_naming_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for command in (["report", "suffolk"], ["graph", "suffolk"], ["schema"]):
        assert run([*command, "-o", "missing-dir/x.html"]) == 2
        assert capsys.readouterr().err == (
            "govrules: error: missing-dir/x.html: cannot write the file: the folder "
            "`missing-dir` does not exist (hint: create the folder first, or write somewhere "
            "else)\n"
        )
    assert names(tmp_path) == []


def test_an_output_file_keeps_its_mode_and_a_new_one_gets_the_usual(tmp_path: Path) -> None:
    kept = tmp_path / "kept.json"
    kept.write_text("old\n")
    kept.chmod(0o640)
    old = os.umask(0o027)
    try:
        write_file(kept, "new\n")
        write_file(tmp_path / "new.json", "new\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


def test_the_temporary_file_is_private_until_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n")
    target.chmod(0o644)
    modes: list[int] = []
    real_write = os.write

    def write(fd: int, data: bytes) -> int:
        modes.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    write_file(target, "new\n")
    assert modes and set(modes) == {0o600}
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_leftover_of_a_killed_writer_is_removed_and_others_are_kept(tmp_path: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])  # a process id no longer in use
    gone.wait()
    target = tmp_path / "out.json"
    stale = tmp_path / f".out.json.{gone.pid}.0123456789abcdef.govrules-tmp"
    live = tmp_path / f".out.json.{os.getppid()}.0123456789abcdef.govrules-tmp"
    other = tmp_path / f".other.json.{gone.pid}.0123456789abcdef.govrules-tmp"
    for path in (stale, live, other):
        path.write_text("half")
    write_file(target, "new\n")
    assert names(tmp_path) == sorted([target.name, live.name, other.name])


# --------------------------------------------------------------------------- fmt


def test_fmt_refuses_a_read_only_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mou.yaml"
    path.write_text(MESSY)
    path.chmod(0o444)
    [result] = format_files([path])
    assert result.changed is False and isinstance(result.error, LoadError)
    assert str(result.error) == (
        f"{path}: cannot write the file: it is read-only (mode 0444); it was left as it is"
    )
    assert path.read_text() == MESSY
    assert run(["fmt", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "1 file(s): 0 reformatted, 1 failed"  # not "unreadable": it was read


def test_fmt_keeps_hard_links(tmp_path: Path) -> None:
    path = tmp_path / "mou.yaml"
    path.write_text(MESSY)
    other = tmp_path / "same.yaml"
    os.link(path, other)
    assert format_files([path])[0].changed
    assert other.read_text() == TIDY
    assert os.path.samefile(path, other) and path.stat().st_nlink == 2


def test_fmt_keeps_the_setgid_bit(tmp_path: Path) -> None:
    path = tmp_path / "mou.yaml"
    path.write_text(MESSY)
    path.chmod(0o2664)
    if not path.stat().st_mode & stat.S_ISGID:
        pytest.skip("this file system drops the setgid bit")
    assert format_files([path])[0].changed
    assert stat.S_IMODE(path.stat().st_mode) == 0o2664
    assert path.read_text() == TIDY


# --------------------------------------------------------------------------- signals

STALL = """
import os, sys, time
from govrules.interfaces.cli import run

def stall(fd):  # the temporary file is written, not yet renamed: the moment to be stopped
    print("ready", flush=True)
    time.sleep(60)

os.fsync = stall
sys.exit(run(sys.argv[1:]))
"""


def stalled(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", STALL, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    return child


COMMANDS = {"fmt": ["fmt", "mou.yaml"], "schema": ["schema", "-o", "mou.yaml"]}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, command: str, signum: int
) -> None:
    (tmp_path / "mou.yaml").write_text(MESSY)
    child = stalled(COMMANDS[command], tmp_path)
    child.send_signal(signum)
    child.communicate(timeout=TIMEOUT)
    if signum == signal.SIGTERM:
        assert child.returncode == -signal.SIGTERM  # still dies of the signal, as asked
    else:
        assert child.returncode != 0
    assert names(tmp_path) == ["mou.yaml"]
    assert (tmp_path / "mou.yaml").read_text() == MESSY


@pytest.mark.parametrize("command", COMMANDS)
def test_after_sigkill_the_next_run_leaves_nothing_behind(tmp_path: Path, command: str) -> None:
    (tmp_path / "mou.yaml").write_text(MESSY)
    child = stalled(COMMANDS[command], tmp_path)
    child.kill()
    child.communicate(timeout=TIMEOUT)
    assert (tmp_path / "mou.yaml").read_text() == MESSY
    again = subprocess.run(
        [sys.executable, "-m", "govrules", *COMMANDS[command]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert names(tmp_path) == ["mou.yaml"]


# --------------------------------------------------------------------------- as root and not

NOBODY = "nobody"


def _drop_to_nobody() -> list[str]:
    """The command prefix that runs a command as ``nobody``, with no supplementary groups."""
    import pwd

    user = pwd.getpwnam(NOBODY)
    return [
        "setpriv",
        f"--reuid={user.pw_uid}",
        f"--regid={user.pw_gid}",
        "--clear-groups",
        "--",
    ]


def _can_drop() -> str | None:
    """Why privileges cannot be dropped here, or None."""
    if shutil.which("setpriv") is None:
        return "no setpriv (util-linux) on this platform"
    try:
        import pwd

        pwd.getpwnam(NOBODY)
    except (ImportError, KeyError):
        return f"no user `{NOBODY}`"
    probe = subprocess.run(
        [*_drop_to_nobody(), sys.executable, "-c", "import govrules"],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
        cwd=tempfile.gettempdir(),
    )
    if probe.returncode != 0:
        return f"`{NOBODY}` cannot run this Python and govrules"
    return None


@pytest.fixture(params=["root", "unprivileged"])
def who(request: pytest.FixtureRequest) -> str:
    """Who runs the command: root, or an unprivileged user (``nobody``, or the tester)."""
    if request.param == "root" and not IS_ROOT:
        pytest.skip("needs root, as CI runs")
    if request.param == "unprivileged" and IS_ROOT:
        reason = _can_drop()
        if reason:
            pytest.skip(f"cannot drop privileges: {reason}")
    return str(request.param)


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder outside the test's private tree, so that a dropped-privilege process reaches it."""
    folder = Path(tempfile.mkdtemp(prefix="govrules-files-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def govrules_as(who: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    drop = who == "unprivileged" and IS_ROOT
    return subprocess.run(
        [*(_drop_to_nobody() if drop else []), sys.executable, "-m", "govrules", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        env={**os.environ, "GOVRULES_CACHE_DIR": ""},
    )


def test_fmt_keeps_owner_group_and_mode(who: str, shared: Path) -> None:
    path = shared / "mou.yaml"
    path.write_text(MESSY)
    if IS_ROOT:
        import pwd

        user = pwd.getpwnam(NOBODY)
        # Run by root: a file someone else owns. Run by nobody: a file root owns, that nobody
        # may write (the folder too), which a rename would make nobody's.
        owner = (user.pw_uid, user.pw_gid) if who == "root" else (0, 0)
        os.chown(path, *owner)
        path.chmod(0o2666 if who == "root" else 0o666)
    else:
        owner = (os.geteuid(), os.getegid())
        path.chmod(0o2664)
    before = path.stat()
    done = govrules_as(who, ["fmt", "mou.yaml"], shared)
    assert done.returncode == 0, done.stderr
    after = path.stat()
    assert path.read_text() == TIDY
    assert (after.st_uid, after.st_gid) == owner
    assert stat.S_IMODE(after.st_mode) == stat.S_IMODE(before.st_mode)
    assert names(shared) == ["mou.yaml"]


def test_fmt_refuses_a_read_only_file_for_anyone(who: str, shared: Path) -> None:
    path = shared / "mou.yaml"
    path.write_text(MESSY)
    path.chmod(0o444)
    if IS_ROOT and who == "unprivileged":
        import pwd

        user = pwd.getpwnam(NOBODY)
        os.chown(path, user.pw_uid, user.pw_gid)  # nobody's own file: only the mode says no
    done = govrules_as(who, ["fmt", "mou.yaml"], shared)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "govrules: error: mou.yaml: cannot write the file: it is read-only (mode 0444); it "
        "was left as it is (hint: make it writable (chmod u+w) if it is meant to change)",
        "1 file(s): 0 reformatted, 1 failed",
    ]
    assert path.read_text() == MESSY


def test_fmt_keeps_hard_links_for_anyone(who: str, shared: Path) -> None:
    path = shared / "mou.yaml"
    path.write_text(MESSY)
    path.chmod(0o666)
    os.link(path, shared / "same.yaml")
    done = govrules_as(who, ["fmt", "mou.yaml"], shared)
    assert done.returncode == 0, done.stderr
    assert (shared / "same.yaml").read_text() == TIDY
    assert path.stat().st_nlink == 2


def test_output_to_dev_null_leaves_it_a_device(who: str, shared: Path) -> None:
    if who == "root":
        null = shared / "null"  # never the system's own: a failure would replace it
        try:
            os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("this container may not make device nodes")
    else:
        null = Path("/dev/null")
    for args in (["schema"], ["graph", "suffolk"], ["report", "suffolk"]):
        done = govrules_as(who, [*args, "-o", str(null)], shared)
        assert done.returncode == 0, done.stderr
        assert stat.S_ISCHR(null.lstat().st_mode)
        assert null.lstat().st_rdev == os.makedev(1, 3)
    with contextlib.suppress(FileNotFoundError):
        (shared / "null").unlink()
    assert names(shared) == []
