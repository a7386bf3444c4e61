"""Writing files: whole or not at all, and never in place of something that is not a file.

Every file govrules writes goes through :func:`write_file` (``-o FILE`` of ``graph``,
``report`` and ``schema`` through :func:`write_output`, which also takes ``-`` for standard
output; ``fmt``; the cache of validated trusts). What it does depends on what is there:

- **nothing**: a new file, made whole under a temporary name and renamed into place, with the
  usual mode (``0666`` less the umask);
- **a regular file**: replaced the same way, keeping its mode (setuid, setgid and sticky bits
  included), owner and group. It is written in place instead, over its old bytes, when
  replacing it would change it in a way the user did not ask for: when it has other hard
  links (a new file would detach them), when its owner or group could not be given to the new
  file (only root may give a file away), or when its folder may not be written. Before
  writing in place the space is reserved, and SIGINT/SIGTERM are held off until the write
  ends;
- **a read-only file** (no write permission bit, or none for this user): refused, even for
  root, who could: making a file read-only is a statement that it should not change;
- **a symbolic link**: followed; what it points to is written as above, and the link stays;
- **a named pipe or a character device** (``/dev/null``, ``/dev/stdout``, a terminal):
  written to, as a shell's ``>`` would, never replaced; a pipe nobody reads is refused
  rather than waited on. A block device, a socket or a folder is refused.

Temporary files are created empty, mode 0600, with ``O_EXCL | O_NOFOLLOW`` (or unnamed, with
Linux's ``O_TMPFILE``, and linked in only once complete) under an unpredictable name,
``.NAME.PID.RANDOM.govrules-tmp`` in the target's folder. An exception, Ctrl-C or SIGTERM
removes it; after a SIGKILL the next write to the same file removes a leftover whose process
has gone.

Every failure is a :class:`~govrules.reading.errors.WriteError`: one line naming the path, and what
to
do where there is something to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import signal
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from .errors import WriteError

__all__ = ["STDOUT", "write_file", "write_output"]

STDOUT = "-"
"""The ``-o`` value meaning standard output."""

_SUFFIX = ".govrules-tmp"
_NAME_KEPT = 100  # of the target's name in a temporary name, which must stay under NAME_MAX
_HELD = tuple(s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s)


def write_output(path: str, text: str) -> None:
    """Write ``text`` to ``path`` as :func:`write_file` does, or to standard output for ``-``.

    :raises WriteError: the file could not be written; it is as it was.
    """
    if path == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_file(path, text)


def write_file(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` (text is written as UTF-8) to ``path``: see the module's description.

    :raises WriteError: the file could not be written; whatever was at ``path`` is as it was.
    :raises UnicodeEncodeError: ``data`` is text that is not valid Unicode (nothing written).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    name = str(path)
    try:
        found: os.stat_result | None = os.stat(name)  # follows symbolic links
    except FileNotFoundError:
        found = None  # absent, or a link to nothing: the file it names is created
    except OSError as exc:
        raise _error(name, exc) from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        _write_special(name, found, raw)
        return
    # Through symbolic links: the link stays, its target is what changes.
    target = Path(os.path.realpath(name))
    if found is None:
        folder = target.parent
        if not folder.is_dir():
            raise WriteError(
                f"cannot write the file: the folder `{_shown(folder, name)}` does not exist",
                path=name,
                hint="create the folder first, or write somewhere else",
            )
        _replace(name, target, None, raw)
        return
    if not found.st_mode & 0o222 or not _may_write(target):
        mode = f"mode {stat.S_IMODE(found.st_mode):04o}"
        whose = "read-only" if not found.st_mode & 0o222 else "not writable by this user"
        raise WriteError(
            f"cannot write the file: it is {whose} ({mode}); it was left as it is",
            path=name,
            hint="make it writable (chmod u+w) if it is meant to change",
        )
    if _in_place(target, found):
        _write_in_place(name, target, raw)
    else:
        _replace(name, target, found, raw)


# --------------------------------------------------------------------------- what to do


def _may_write(path: Path) -> bool:
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK, effective_ids=effective)


def _in_place(target: Path, found: os.stat_result) -> bool:
    """Whether replacing ``target`` would change more than its content."""
    if found.st_nlink > 1:
        return True  # a new file would detach the other names
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        if found.st_uid != os.geteuid():
            return True  # the new file would be ours: only root may give a file away
        if found.st_gid != os.getegid() and found.st_gid not in os.getgroups():
            return True  # nor give it a group we are not in
    folder = target.parent
    return not os.access(folder, os.W_OK | os.X_OK)


def _write_special(name: str, found: os.stat_result, raw: bytes) -> None:
    mode = found.st_mode
    if stat.S_ISDIR(mode):
        raise WriteError("cannot write the file: it is a folder", path=name)
    if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        kind = "a block device" if stat.S_ISBLK(mode) else "a socket"
        raise WriteError(
            f"cannot write the file: it is {kind}, not a file; it was left as it is",
            path=name,
            hint="write to a regular file",
        )
    # Non-blocking open: a pipe nobody reads fails at once (ENXIO) instead of waiting for ever.
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(name, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO and stat.S_ISFIFO(mode):
            raise WriteError(
                "cannot write to the named pipe: nothing is reading it",
                path=name,
                hint="start the reader first",
            ) from None
        raise _error(name, exc) from None
    try:
        os.set_blocking(fd, True)  # a full pipe waits for its reader, as with a shell's `>`
        _write_all(fd, raw)
    except OSError as exc:
        raise _error(name, exc) from None
    finally:
        os.close(fd)


def _write_in_place(name: str, target: Path, raw: bytes) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC)
    except OSError as exc:
        raise _error(name, exc, existed=True) from None
    try:
        # Reserve the space first: a full disk then stops us before the first byte changes.
        size = os.fstat(fd).st_size
        if len(raw) > size and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(fd, size, len(raw) - size)
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                    raise
                # not supported by this file system: write without the reservation
        with _signals_held():
            os.lseek(fd, 0, os.SEEK_SET)
            _write_all(fd, raw)
            os.ftruncate(fd, len(raw))
            os.fsync(fd)
    except OSError as exc:
        raise _error(name, exc, existed=True) from None
    finally:
        os.close(fd)


def _replace(name: str, target: Path, found: os.stat_result | None, raw: bytes) -> None:
    folder = target.parent
    _remove_leftovers(folder, target.name)
    temporary: Path | None = None
    with _terminate_cleanly():
        try:
            temporary = _complete_temporary(folder, target.name, found, raw)
            _check_still_replaceable(name, target)
            os.replace(temporary, target)
            temporary = None
        except WriteError:
            raise
        except OSError as exc:
            raise _error(name, exc, existed=found is not None) from None
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
    _sync_folder(folder)


def _fill(fd: int, found: os.stat_result | None, raw: bytes) -> None:
    """Write the new file's bytes, owner, group and mode, and flush them to disk."""
    _write_all(fd, raw)
    if found is not None:
        if hasattr(os, "fchown"):
            with contextlib.suppress(PermissionError):
                # Root keeps anyone's owner and group; others keep their own (a file whose
                # owner or group they could not keep is written in place instead).
                os.fchown(fd, found.st_uid, found.st_gid)
        os.fchmod(fd, stat.S_IMODE(found.st_mode))  # after fchown, which clears setgid
    else:
        os.fchmod(fd, 0o666 & ~_umask())
    os.fsync(fd)


def _check_still_replaceable(name: str, target: Path) -> None:
    # Between the first look and the rename, something else may have been put there: never
    # rename over anything but a regular file.
    try:
        now = os.lstat(target)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(now.st_mode):
        raise WriteError(
            "cannot write the file: it was replaced by something that is not a file while "
            "it was being written; it was left as it is",
            path=name,
            hint="run the command again",
        )


# --------------------------------------------------------------------------- temporary files


def _temporary_name(target_name: str) -> str:
    return f".{target_name[:_NAME_KEPT]}.{os.getpid()}.{secrets.token_hex(8)}{_SUFFIX}"


_LEFTOVER = re.compile(r"\.(?P<name>.*)\.(?P<pid>[0-9]+)\.[0-9a-f]{16}" + re.escape(_SUFFIX))


_UNNAMED = {"works": hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")}
"""Whether an unnamed temporary file can be given a name here (not in every sandbox)."""


def _complete_temporary(
    folder: Path, target_name: str, found: os.stat_result | None, raw: bytes
) -> Path:
    """A complete new file, mode 0600 until its final mode, under a temporary name."""
    if _UNNAMED["works"]:
        try:
            fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                raise
        else:
            # Unnamed until complete: a SIGKILL before the link leaves nothing behind.
            try:
                _fill(fd, found, raw)
                path = folder / _temporary_name(target_name)
                os.link(f"/proc/self/fd/{fd}", path)
                return path
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.ENOENT, errno.EPERM, errno.EOPNOTSUPP):
                    raise
                _UNNAMED["works"] = False  # then a named one, as everywhere else
            finally:
                os.close(fd)
    path = folder / _temporary_name(target_name)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        _fill(fd, found, raw)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    finally:
        os.close(fd)
    return path


def _remove_leftovers(folder: Path, target_name: str) -> None:
    """Remove temporary files a killed writer of this file left behind."""
    prefix = f".{target_name[:_NAME_KEPT]}."
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(prefix)]
    except OSError:
        return
    for entry in entries:
        match = _LEFTOVER.fullmatch(entry.name)
        if not match or match["name"] != target_name[:_NAME_KEPT]:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            mine = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
            alone = stat.S_ISREG(info.st_mode) and info.st_nlink == 1
            if alone and mine and not _running(int(match["pid"])):
                os.unlink(entry.path)
        except OSError:
            continue


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another thread of this process may be writing it now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: leave its files alone
    return True


# --------------------------------------------------------------------------- signals


class _Terminated(BaseException):
    """SIGTERM arrived while a temporary file existed."""


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM into an exception while a temporary file exists, then die of it.

    The default SIGTERM kills at once, skipping the clean-up; Ctrl-C already raises
    KeyboardInterrupt. Only the main thread can set a handler, and one the program set itself
    is left alone.
    """
    term = getattr(signal, "SIGTERM", None)
    if (
        term is None
        or threading.current_thread() is not threading.main_thread()
        or signal.getsignal(term) is not signal.SIG_DFL
    ):
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Terminated

    signal.signal(term, handler)
    try:
        yield
    except _Terminated:
        signal.signal(term, signal.SIG_DFL)
        signal.raise_signal(term)  # the temporary file is gone: now die as asked
        raise
    finally:
        signal.signal(term, signal.SIG_DFL)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while a file is half rewritten in place."""
    if not hasattr(signal, "pthread_sigmask") or not _HELD:
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


# --------------------------------------------------------------------------- helpers


def _write_all(fd: int, raw: bytes) -> None:
    view = memoryview(raw)
    while view:
        view = view[os.write(fd, view) :]


_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    # Reading the umask means setting it, which is process-wide: read Linux's record of it
    # where there is one, and otherwise set it back at once, under a lock.
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _shown(folder: Path, name: str) -> str:
    given = os.path.dirname(name)
    return given or str(folder)


def _error(name: str, exc: OSError, existed: bool = False) -> WriteError:
    reason = exc.strerror or str(exc)
    hint = None
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "check the permissions of the file and its folder, or write somewhere else"
    elif exc.errno == errno.ENAMETOOLONG:
        hint = "use a shorter file name"
    elif exc.errno == errno.ENOTDIR:
        hint = "a part of the path is a file, not a folder"
    kept = "; it was left as it is" if existed else ""
    return WriteError(
        f"cannot write the file: {reason}{kept}", path=name, hint=hint, errno=exc.errno
    )


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder itself is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
