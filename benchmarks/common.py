"""What every benchmark section shares: sizes, timing helpers, formatting and the machine.

Every section measures first-time questions only: a CLI command runs in a new process with
an empty home folder, and a library question is one the process has not been asked before
(distinct arguments, drawn from a seeded random generator). Nothing is timed by asking the
same question twice.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import import_module, metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TRUST = "suffolk"
BODY = "strategic-board"
SEED = 20261202
X = "\N{MULTIPLICATION SIGN}"

# The targets of the issue "Fast on first questions, with no disk caches", measured in one run.
TARGET_COUNT_US = 5.0
TARGET_PRESENT_US = 8.0
TARGET_VOTERS_US = 15.0
TARGET_VOTE_US = 20.0
TARGET_VOTE_VS_CEDAR = 3.0
TARGET_CLI_RATIO = 1.5
TARGET_VALIDATE_RATIO = 2.0
TARGET_EXPONENT = 1.05
TARGET_BIG_VALIDATE_S = 3.0
TARGET_FLAT_EXPONENT = 0.1
"""A question naming the same number of people costs the same on a board of any size: its
exponent in the board's seats, over three decades, at most this (a doubling from 100 to
100,000 seats is 0.1)."""
TARGET_MEMORY_MB = 50.0


@dataclass(frozen=True)
class Config:
    quick: bool
    cli_runs: int
    importtime_runs: int
    library_questions: int
    """Distinct questions of each kind timed on the Suffolk board (each asked once)."""
    seats: tuple[int, ...]
    bodies: tuple[int, ...]
    depths: tuple[int, ...]
    attendees: tuple[int, ...]
    big_seats: int
    copies: int
    """Distinct copies of a scaling file (each read once) whose best time is taken."""
    fit_from: int
    memory_seats: int
    memory_questions: int
    memory_budget_s: float
    """Stop asking memory questions after this long (the report says how many were asked)."""


FULL = Config(
    quick=False,
    cli_runs=25,
    importtime_runs=5,
    library_questions=2_000,
    seats=(100, 1_000, 10_000, 100_000),
    bodies=(10, 100, 1_000, 10_000),
    depths=(10, 100, 1_000, 2_000, 4_000),
    attendees=(100, 1_000, 4_000),
    big_seats=100_000,
    copies=3,
    fit_from=100,
    memory_seats=10_000,
    memory_questions=10_000,
    memory_budget_s=300.0,
)

QUICK = Config(
    quick=True,
    cli_runs=5,
    importtime_runs=2,
    library_questions=300,
    seats=(100, 300, 1_000),
    bodies=(10, 30, 100),
    depths=(10, 30, 100),
    attendees=(100, 300),
    big_seats=1_000,
    copies=2,
    fit_from=10,
    memory_seats=1_000,
    memory_questions=1_000,
    memory_budget_s=30.0,
)

_STARTED = time.perf_counter()


def progress(message: str) -> None:
    elapsed = time.perf_counter() - _STARTED
    print(f"[bench {elapsed:5.0f} s] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Statistics and formatting


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100), interpolating linearly between closest ranks."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def loglog_slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The least-squares slope of log(y) on log(x): the exponent k in y ~ c * x**k."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    var = sum((a - mx) ** 2 for a in lx)
    if var == 0:
        return float("nan")
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / var


def fmt_s(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.1f} µs"


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f}"


def fmt_us(seconds: float) -> str:
    us = seconds * 1e6
    return f"{us:.3f}" if us < 1 else (f"{us:.2f}" if us < 100 else f"{us:,.0f}")


def times(ratio: float) -> str:
    return f"{ratio:.1f}{X}" if ratio < 10 else f"{ratio:,.0f}{X}"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


@dataclass(frozen=True)
class Target:
    """One line of the summary: what the issue asks, what this run measured, met or not."""

    name: str
    wanted: str
    measured: str
    met: bool | None
    """``None``: not decided by this run (a --quick size, or not measured; the row says why)."""

    def row(self) -> list[str]:
        state = "not decided" if self.met is None else verdict(self.met)
        return [self.name, self.wanted, self.measured, state]


# --------------------------------------------------------------------------------------------
# Processes


def govrules_command() -> list[str]:
    """The installed ``govrules`` console script next to this interpreter."""
    script = Path(sys.executable).parent / "govrules"
    if script.is_file():
        return [str(script)]
    found = shutil.which("govrules")
    if found:
        return [found]
    return [sys.executable, "-m", "govrules"]


def fresh_env(home: Path, bytecode: Path | None = None, write: bool = False) -> dict[str, str]:
    """The environment of a CLI child: an empty home and cache folder of its own.

    Nothing a previous run left behind (in ``$HOME``, ``$XDG_CACHE_HOME`` or a
    ``GOVRULES_*`` setting) can reach it. ``bytecode`` is a folder of compiled modules
    (``PYTHONPYCACHEPREFIX``) shared by every child of a run, floors included, as an installed
    package has its modules compiled: a source checkout's would otherwise be compiled anew in
    every process. Only a child told to ``write`` adds to it; none writes anything else.
    """
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVRULES")}
    env.update(
        {
            "HOME": str(home),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    if bytecode is not None:
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
        if write:
            del env["PYTHONDONTWRITEBYTECODE"]
    env.pop("PYTHONSTARTUP", None)
    return env


def run_timed(argv: list[str], env: dict[str, str], ok: Sequence[int] = (0,)) -> float:
    """Wall time of one child process, output to /dev/null; refuse an unexpected status."""
    start = time.perf_counter()
    done = subprocess.run(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise RuntimeError(f"`{' '.join(argv)}` exited {done.returncode}: {done.stderr[:400]!r}")
    return elapsed


# --------------------------------------------------------------------------------------------
# The machine


def version_of(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def load_average() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _libyaml() -> str:
    try:
        yaml: Any = import_module("yaml")
    except ImportError:
        return "not installed"
    return "C extension" if yaml.__with_libyaml__ else "no C extension"


def _git_state() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "govrules", "trusts"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    changed = [line[3:] for line in dirty if line.strip()]
    return f"commit {head}" + (
        f", with uncommitted changes to {', '.join(changed)}" if changed else ", clean"
    )


def machine() -> list[tuple[str, str]]:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        ("nproc", str(cpus)),
        ("CPU", _cpu_model()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("OS", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("pydantic / pydantic-core", f"{version_of('pydantic')} / {version_of('pydantic_core')}"),
        ("ruamel.yaml", version_of("ruamel.yaml")),
        ("PyYAML", f"{version_of('PyYAML')} ({_libyaml()})"),
        ("click", version_of("click")),
        ("networkx", version_of("networkx")),
        ("cedarpy", version_of("cedarpy")),
        ("govrules source", _git_state()),
        ("load average at the start (1, 5, 15 min)", load_average()),
    ]


# --------------------------------------------------------------------------------------------
# Running a section alone

Section = Callable[[Config], tuple[list[str], list[Target]]]
"""A section measures, and returns its Markdown lines and the targets it decided."""


def parse_args(description: str, argv: list[str] | None = None) -> tuple[Config, str | None]:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs")
    parser.add_argument("--cli-runs", type=int, help="runs of each CLI command")
    parser.add_argument("-o", "--output", help="also write the Markdown report to this file")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    if args.cli_runs:
        cfg = replace(cfg, cli_runs=args.cli_runs)
    return cfg, args.output


def report(
    title: str, cfg: Config, sections: Sequence[Section], command: str, output: str | None
) -> str:
    """Run ``sections`` and return (and print, and perhaps write) one Markdown report."""
    started = time.perf_counter()
    lines = [f"# {title}" + (" (--quick: small sizes, few runs)" if cfg.quick else ""), ""]
    lines += table(["Machine", ""], machine())
    lines += [""]
    body: list[str] = []
    targets: list[Target] = []
    for section in sections:
        more, decided = section(cfg)
        body += [*more, ""]
        targets += decided
    if targets:
        lines += ["## Targets", ""]
        lines += table(["Target", "wanted", "measured in this run", ""], (t.row() for t in targets))
        lines += [""]
    lines += body
    lines += [
        f"Run: `.venv/bin/python {command}{' --quick' if cfg.quick else ''}` in "
        f"{time.perf_counter() - started:.0f} s, ending {time.strftime('%Y-%m-%d %H:%M %Z')}; "
        f"load average at the end: {load_average()}.",
        "",
    ]
    text = "\n".join(lines)
    sys.stdout.write(text)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    return text


def standalone(title: str, section: Section, script: str, argv: list[str] | None = None) -> int:
    cfg, output = parse_args(title, argv)
    report(title, cfg, [section], f"benchmarks/{script}", output)
    return 0
