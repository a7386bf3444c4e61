"""govrules benchmarks: CLI latency, library throughput, a Cedar reference, and scaling.

Run from the repository root::

    .venv/bin/python benchmarks/run.py            # the full run (about 4-5 minutes)
    .venv/bin/python benchmarks/run.py --quick    # a smoke run (under a minute)

Everything is measured in one run on one machine, side by side, and printed as one Markdown
report on standard output (progress goes to standard error). ``benchmarks/README.md`` explains
each number and records the results of a real run.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from importlib import import_module, metadata
from pathlib import Path
from typing import Any, TypeVar

from synthetic import PROCEDURE_STEPS, MouSpec, deepest_body, meeting_yaml, mou_yaml

import govrules

TRUST = "suffolk"
BODY = "strategic-board"
CLI_ARGS = ["quorum", TRUST, BODY, "--count", "9"]
TARGET_CLI_RATIO = 2.0
TARGET_QUORUM_RATE = 100_000.0
TARGET_FLOOR_RATIO = 5.0
TARGET_BIG_VALIDATE_S = 10.0

T = TypeVar("T")
X = "\N{MULTIPLICATION SIGN}"


@dataclass(frozen=True)
class Config:
    quick: bool
    cli_runs: int
    importtime_runs: int
    phase_runs: int
    import_runs: int
    rate_seconds: float
    """Target length of one timed repeat of a throughput loop."""
    rate_repeats: int
    seats: tuple[int, ...]
    bodies: tuple[int, ...]
    depths: tuple[int, ...]
    attendees: tuple[int, ...]
    big_seats: int
    breakdown_seats: int
    fit_from: int
    """Sizes below this are shown but left out of the fitted exponents (fixed costs dominate)."""


FULL = Config(
    quick=False,
    cli_runs=30,
    importtime_runs=7,
    phase_runs=15,
    import_runs=10,
    rate_seconds=0.2,
    rate_repeats=5,
    seats=(10, 100, 1_000, 3_000, 10_000, 100_000),
    bodies=(10, 100, 1_000, 10_000),
    depths=(10, 100, 300, 1_000, 2_000),
    attendees=(100, 250, 500, 1_000, 2_000, 4_000, 8_000),
    big_seats=100_000,
    breakdown_seats=1_000,
    fit_from=100,
)

QUICK = Config(
    quick=True,
    cli_runs=4,
    importtime_runs=2,
    phase_runs=3,
    import_runs=2,
    rate_seconds=0.04,
    rate_repeats=3,
    seats=(10, 100, 300, 1_000),
    bodies=(10, 30, 100, 200),
    depths=(10, 30, 100, 200),
    attendees=(100, 200, 400, 800),
    big_seats=1_000,
    breakdown_seats=300,
    fit_from=30,
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


def fmt_rate(per_second: float) -> str:
    return f"{per_second:,.0f}"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


# --------------------------------------------------------------------------------------------
# The machine


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version_of(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "nproc": str(cpus),
        "CPU": cpu_model(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "OS": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "govrules": str(getattr(govrules, "__version__", "?")),
        "pydantic / pydantic-core": f"{version_of('pydantic')} / {version_of('pydantic_core')}",
        "ruamel.yaml": version_of("ruamel.yaml"),
        "PyYAML (libyaml)": f"{version_of('PyYAML')} ({_libyaml()})",
        "click": version_of("click"),
        "networkx": version_of("networkx"),
        "cedarpy": version_of("cedarpy"),
        "govrules source": git_state(),
        "load average at start (1, 5, 15 min)": load_average(),
    }


def load_average() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def git_state() -> str:
    """The commit govrules is measured at, and whether its sources have local changes."""
    root = Path(govrules.__file__).resolve().parent.parent
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "govrules"],
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


# --------------------------------------------------------------------------------------------
# 1. CLI latency


@dataclass
class Series:
    label: str
    command: str
    argv: Callable[[int], list[str]]
    env: Callable[[int], dict[str, str]]
    is_floor: bool = False
    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p90(self) -> float:
        return percentile(self.times, 90)


@dataclass
class CliResult:
    series: list[Series]
    importtime_groups: list[tuple[str, float]]
    importtime_top: list[tuple[str, float, float]]
    importtime_total: float
    phases: list[tuple[str, float]]
    phase_wall: float
    imports: list[tuple[str, float]]
    import_floor: float
    notes: list[str]

    @property
    def floor(self) -> Series:
        return next(s for s in self.series if s.is_floor)

    def by_label(self, prefix: str) -> Series:
        return next(s for s in self.series if s.label.startswith(prefix))


def _libyaml() -> str:
    try:
        yaml: Any = import_module("yaml")
    except ImportError:
        return "not installed"
    return "C extension" if yaml.__with_libyaml__ else "no C extension: ruamel reads"


def govrules_command() -> list[str]:
    script = Path(sys.executable).parent / "govrules"
    if script.is_file():
        return [str(script)]
    found = shutil.which("govrules")
    if found:
        return [found]
    return [sys.executable, "-c", "from govrules.cli import main; main()"]


def is_shim(path: str) -> bool:
    """Is ``path`` a shell script standing in for python3 (a pyenv or asdf shim)?"""
    try:
        with open(path, "rb") as handle:
            first = handle.readline(200)
    except OSError:
        return False
    return first.startswith(b"#!") and b"python" not in first


def run_timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"`{' '.join(argv)}` exited {done.returncode}: {done.stderr[:400]!r}")
    return elapsed


IMPORTS = (
    (
        "the console script's look-up (`govrules.console`, `govrules.answercache`)",
        "import govrules.console",
    ),
    ("json + argparse (what a standard-library CLI would import)", "import json, argparse"),
    ("click", "import click"),
    ("pydantic (`from pydantic import BaseModel`)", "from pydantic import BaseModel"),
    ("govrules.schema (pydantic, then the models built)", "import govrules.schema"),
    ("ruamel.yaml", "import ruamel.yaml"),
    ("networkx (a quorum question does not import it)", "import networkx"),
    (
        "everything `quorum` imports, then `os._exit(0)` (no interpreter teardown)",
        "import govrules.cli, govrules.quorate, govrules.render; import os; os._exit(0)",
    ),
    (
        "everything `quorum` imports, normal exit",
        "import govrules.cli, govrules.quorate, govrules.render",
    ),
)
"""What each dependency costs alone: ``python -c "import X"`` less ``python -c pass``."""


PHASES_SCRIPT = r"""
import json, sys, time
marks = [("start", time.perf_counter())]
def mark(name):
    marks.append((name, time.perf_counter()))
import click
mark("import click")
import pydantic, pydantic_core
mark("import pydantic + pydantic_core")
import govrules.schema
mark("import govrules.schema (pydantic.main & co., then building the models)")
import govrules.loader
mark("import govrules.loader")
import govrules.quorate
mark("import govrules.quorate (answers, rights, conditions)")
import govrules.cli
mark("import govrules.cli")
trust = govrules.loader.load_trust(sys.argv[1])
mark("load the trust (disk-cache hit: read + sha256 + JSON validation)")
answer = govrules.quorate.quorum(trust, sys.argv[2], count=int(sys.argv[3]))
mark("answer the quorum question")
import govrules.render
text = govrules.render.render_text(answer.to_dict())
mark("import govrules.render, render the text")
print(json.dumps([(marks[i][0], marks[i][1] - marks[i - 1][1]) for i in range(1, len(marks))]))
"""


def parse_importtime(stderr: str) -> dict[str, tuple[float, float]]:
    """Self and cumulative seconds per module from ``python -X importtime`` output."""
    out: dict[str, tuple[float, float]] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line.split(":", 1)[1].split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue  # the header line
        out[parts[2].strip()] = (float(parts[0]) / 1e6, float(parts[1]) / 1e6)
    return out


def import_group(module: str) -> str:
    top = module.split(".")[0]
    if module == "govrules.schema":
        return "govrules.schema (building the pydantic models)"
    if top == "govrules":
        return "govrules, other modules"
    if top in {"pydantic", "pydantic_core", "annotated_types", "typing_inspection"}:
        return "pydantic, pydantic_core, annotated_types"
    if top in {"ruamel", "_ruamel_yaml"}:
        return "ruamel.yaml"
    if top == "click":
        return "click"
    return "standard library (incl. typing_extensions, site)"


def bench_cli(cfg: Config) -> CliResult:
    progress(f"1. CLI latency: {cfg.cli_runs} interleaved runs of each command")
    # govrules always runs with a cache folder of its own (or none): never the user's.
    base_env = {k: v for k, v in os.environ.items() if k != "GOVRULES_CACHE_DIR"}
    quorum_argv = [*govrules_command(), *CLI_ARGS]
    shown = "govrules " + " ".join(CLI_ARGS)
    scratch = Path(tempfile.mkdtemp(prefix="govrules-bench-cli-"))
    notes: list[str] = []
    try:
        warm_env = {**base_env, "GOVRULES_CACHE_DIR": str(scratch / "warm")}
        run_timed(quorum_argv, warm_env)  # keeps the trust and the answer
        if not any((scratch / "warm").glob("*.json")):
            notes.append(
                "The warm run wrote no trust cache file, so the warm numbers are not warm."
            )
        if not any((scratch / "warm" / "answers").glob("*")):
            notes.append("The warm run kept no answer, so the repeated line was not a repeat.")

        def new_line_env(i: int) -> dict[str, str]:
            # The trust is cached but no answer is kept: what a question not asked before costs.
            shutil.rmtree(scratch / "warm" / "answers", ignore_errors=True)
            return warm_env

        def cold_env(i: int) -> dict[str, str]:
            folder = scratch / f"cold-{i}"
            folder.mkdir(exist_ok=True)  # a new empty folder each run
            return {**base_env, "GOVRULES_CACHE_DIR": str(folder)}

        series = [
            Series(
                "floor: `python -c pass` (the interpreter govrules runs on)",
                f"{sys.executable} -c pass",
                lambda i: [sys.executable, "-c", "pass"],
                lambda i: base_env,
                is_floor=True,
            ),
            Series(
                "govrules, the same line again (its answer kept)",
                shown,
                lambda i: quorum_argv,
                lambda i: warm_env,
            ),
            Series(
                "govrules, a new line (the trust cached, no answer kept)",
                f"rm -r $GOVRULES_CACHE_DIR/answers; {shown}",
                lambda i: quorum_argv,
                new_line_env,
            ),
            Series(
                "govrules, cold (a new empty GOVRULES_CACHE_DIR each run)",
                f"GOVRULES_CACHE_DIR=$(mktemp -d) {shown}",
                lambda i: quorum_argv,
                cold_env,
            ),
            Series(
                'govrules, disk cache off (GOVRULES_CACHE_DIR="")',
                f'GOVRULES_CACHE_DIR="" {shown}',
                lambda i: quorum_argv,
                lambda i: {**base_env, "GOVRULES_CACHE_DIR": ""},
            ),
        ]
        path_python = shutil.which("python3")
        if path_python and Path(path_python).resolve() != Path(sys.executable).resolve():
            shim = is_shim(path_python)
            series.insert(
                1,
                Series(
                    "`python3 -c pass` as found on PATH"
                    + (" (a shell-script shim)" if shim else ""),
                    f"{path_python} -c pass",
                    lambda i: [path_python, "-c", "pass"],
                    lambda i: base_env,
                ),
            )
            if shim:
                notes.append(
                    f"`python3` on PATH is `{path_python}`, a shell-script shim (pyenv) that runs "
                    "bash before Python; the ratio uses the interpreter itself as the floor."
                )
        for s in series:  # one untimed run each, so every command starts from the page cache
            run_timed(s.argv(-1), s.env(-1))
        for i in range(cfg.cli_runs):
            for s in series:
                s.times.append(run_timed(s.argv(i), s.env(i)))

        progress("1. CLI: python -X importtime, and the phases of a new line in-process")
        argv = quorum_argv if quorum_argv[0] == sys.executable else [sys.executable, *quorum_argv]
        runs: list[dict[str, tuple[float, float]]] = []
        for _ in range(cfg.importtime_runs):
            done = subprocess.run(
                [argv[0], "-X", "importtime", *argv[1:]],
                env=new_line_env(0),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                check=True,
                text=True,
            )
            runs.append(parse_importtime(done.stderr))
        modules = set().union(*runs)
        own = {m: statistics.median(r.get(m, (0.0, 0.0))[0] for r in runs) for m in modules}
        cum = {m: statistics.median(r.get(m, (0.0, 0.0))[1] for r in runs) for m in modules}
        groups: dict[str, float] = {}
        for module, seconds in own.items():
            groups[import_group(module)] = groups.get(import_group(module), 0.0) + seconds
        top = sorted(own, key=lambda m: own[m], reverse=True)[:15]

        phase_runs: list[list[tuple[str, float]]] = []
        walls: list[float] = []
        for _ in range(cfg.phase_runs):
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", PHASES_SCRIPT, TRUST, BODY, "9"],
                env=warm_env,
                capture_output=True,
                check=True,
                text=True,
            )
            walls.append(time.perf_counter() - start)
            phase_runs.append([(str(n), float(t)) for n, t in json.loads(done.stdout)])
        progress("1. CLI: what each dependency costs to import alone")
        import_runs: dict[str, list[float]] = {code: [] for _, code in IMPORTS}
        floor_runs: list[float] = []
        for _ in range(cfg.import_runs):
            floor_runs.append(run_timed([sys.executable, "-c", "pass"], warm_env))
            for _, code in IMPORTS:
                import_runs[code].append(run_timed([sys.executable, "-c", code], warm_env))
        names = [n for n, _ in phase_runs[0]]
        phases = [(n, statistics.median(r[i][1] for r in phase_runs)) for i, n in enumerate(names)]
        return CliResult(
            series=series,
            importtime_groups=sorted(groups.items(), key=lambda kv: kv[1], reverse=True),
            importtime_top=[(m, own[m], cum[m]) for m in top],
            importtime_total=sum(own.values()),
            phases=phases,
            phase_wall=statistics.median(walls),
            imports=[(label, statistics.median(import_runs[code])) for label, code in IMPORTS],
            import_floor=statistics.median(floor_runs),
            notes=notes,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def report_cli(r: CliResult, cfg: Config) -> list[str]:
    floor = r.floor.median
    warm = r.by_label("govrules, the same line")
    new = r.by_label("govrules, a new line")
    cold = r.by_label("govrules, cold")
    out = [
        "## 1. CLI latency",
        "",
        f"`{' '.join(['govrules', *CLI_ARGS])}`, {cfg.cli_runs} runs of each command "
        "interleaved (so drift hits all alike), wall clock from `subprocess.run` start to exit, "
        "output to /dev/null.",
        "",
    ]
    out += table(
        ["Command", "median (ms)", "p90 (ms)", "min (ms)", "median ÷ floor"],
        (
            [
                s.label,
                fmt_ms(s.median),
                fmt_ms(s.p90),
                fmt_ms(min(s.times)),
                f"{s.median / floor:.1f}{X}",
            ]
            for s in r.series
        ),
    )
    ratio = warm.median / floor
    out += [
        "",
        f"**The same line again: {ratio:.1f}{X} the floor** (target ≤ "
        f"{TARGET_CLI_RATIO:.0f}{X}: {verdict(ratio <= TARGET_CLI_RATIO)}); a new line with the "
        f"trust cached: {new.median / floor:.1f}{X}; cold: {cold.median / floor:.1f}{X}. "
        f"The target allows {fmt_ms(TARGET_CLI_RATIO * floor)} ms.",
    ]
    for note in r.notes:
        out += ["", note]
    in_script = sum(t for _, t in r.phases)
    out += [
        "",
        f"### Where a new line's time goes (in-process, median of {cfg.phase_runs} runs)",
        "",
        "Each phase timed with `time.perf_counter()` inside one process, in the order the CLI "
        "needs them; the last row is the wall time of that process less the phases.",
        "",
    ]
    rows = [[name, fmt_ms(t), f"{100 * t / r.phase_wall:.0f}%"] for name, t in r.phases]
    rows.append(
        [
            "interpreter start-up, teardown at exit, process spawn",
            fmt_ms(r.phase_wall - in_script),
            f"{100 * (r.phase_wall - in_script) / r.phase_wall:.0f}%",
        ]
    )
    rows.append(["**total (wall)**", f"**{fmt_ms(r.phase_wall)}**", "100%"])
    out += table(["Phase", "ms", "share"], rows)
    out += [
        "",
        f"### What each dependency costs to import alone (median of {cfg.import_runs} runs)",
        "",
        '`python -c "import X"` in a fresh process, less the floor measured alongside '
        f"({fmt_ms(r.import_floor)} ms here). Imports overlap (pydantic pulls in much of the "
        "standard library), so the rows do not add up.",
        "",
    ]
    out += table(
        ["Import", "median ms", "over the floor"],
        ([label, fmt_ms(t), f"+{fmt_ms(t - r.import_floor)}"] for label, t in r.imports),
    )
    out += [
        "",
        f"### `python -X importtime` (a new line, self time, median of {cfg.importtime_runs} runs)",
        "",
        "`-X importtime` inflates every import a little; read the shares, not the absolute "
        f"sum ({fmt_ms(r.importtime_total)} ms of self time in all).",
        "",
    ]
    out += table(
        ["Group", "self ms", "share"],
        ([g, fmt_ms(t), f"{100 * t / r.importtime_total:.0f}%"] for g, t in r.importtime_groups),
    )
    out += ["", "Top modules by self time:", ""]
    out += table(
        ["Module", "self ms", "cumulative ms"],
        ([f"`{m}`", fmt_ms(a), fmt_ms(b)] for m, a, b in r.importtime_top),
    )
    return out


# --------------------------------------------------------------------------------------------
# 2. Library throughput and 3. the Cedar reference


@dataclass
class Rate:
    label: str
    per_call: float
    note: str = ""

    @property
    def rate(self) -> float:
        return 1.0 / self.per_call


def measure_rate(label: str, stmt: str, namespace: dict[str, Any], cfg: Config) -> Rate:
    """Median time per call of ``stmt`` over ``cfg.rate_repeats`` timed loops (timeit)."""
    timer = timeit.Timer(stmt, globals=namespace)
    number, elapsed = 1, timer.timeit(1)
    while elapsed < cfg.rate_seconds / 10:  # calibrate: double until a tenth of a repeat
        number *= 2
        elapsed = timer.timeit(number)
    number = max(1, round(number * cfg.rate_seconds / elapsed))
    times = timer.repeat(repeat=cfg.rate_repeats, number=number)
    return Rate(label, statistics.median(times) / number)


# The hand-written floors: the same questions for the Suffolk Strategic Board, answered by
# code that knows the answers (10.1: 9 of 17; 10.2.1: the LSCB chair has no vote; 10.2.2: the
# District & Borough right is a placeholder; 10.3.1: more than half of those present).

SUFFOLK_VOTES = frozenset(
    {
        "portfolio-holder",
        "governors-forum",
        "nhs-suffolk",
        "nhs-great-yarmouth-waveney",
        "probation-board",
        "police-authority",
        "chief-officer-police",
        "vcs",
        "director-cyp",
        "schools",
        "fe-college",
        "jobcentre-plus",
    }
)
SUFFOLK_UNSETTLED = frozenset({"district-borough"})
SUFFOLK_NO_VOTE = frozenset({"lscb-independent-chair"})


def floor_quorate(n: int) -> bool:
    return n >= 9


def floor_may_vote(seat: str) -> bool | str:
    if seat in SUFFOLK_UNSETTLED:
        return "unspecified"
    return seat in SUFFOLK_VOTES


def floor_tally(
    for_: Sequence[str], against: Sequence[str], abstain: Sequence[str]
) -> tuple[str, bool]:
    """(outcome, binding): more than half of the voting members present; binding if quorate."""
    votes_for = sum(1 for s in for_ if s in SUFFOLK_VOTES)
    present = len(for_) + len(against) + len(abstain)
    voting_present = votes_for + sum(1 for s in (*against, *abstain) if s in SUFFOLK_VOTES)
    return ("carried" if 2 * votes_for > voting_present else "lost"), present >= 9


PRESENT_NINE = (
    *("portfolio-holder", "director-cyp", "nhs-suffolk", "vcs", "vcs"),
    *("schools", "schools", "jobcentre-plus", "fe-college"),
)
VOTE_FOR = ("portfolio-holder", "director-cyp", "nhs-suffolk", "vcs", "vcs")
VOTE_AGAINST = ("schools", "schools", "jobcentre-plus")
VOTE_ABSTAIN = ("fe-college", "police-authority")

CEDAR_POLICY = """\
// Suffolk 10.2.1: a seat of the Strategic Board may vote unless it is the Independent
// Chair of the Safeguarding Children Board ("will not have a voting right").
@id("strategic-board-votes")
permit (
  principal in Body::"strategic-board",
  action == Action::"vote",
  resource == Body::"strategic-board"
)
unless { principal == Seat::"lscb-independent-chair" };
"""


def cedar_entities(seats: Sequence[str]) -> list[dict[str, Any]]:
    board = {"type": "Body", "id": BODY}
    return [{"uid": board, "attrs": {}, "parents": []}] + [
        {"uid": {"type": "Seat", "id": s}, "attrs": {}, "parents": [board]} for s in seats
    ]


def cedar_request(seat: str) -> dict[str, Any]:
    return {
        "principal": f'Seat::"{seat}"',
        "action": 'Action::"vote"',
        "resource": f'Body::"{BODY}"',
        "context": {},
    }


@dataclass
class LibraryResult:
    rows: list[tuple[str, Rate, Rate]]
    """(question, govrules, hand-written floor)."""
    quorum_parts: list[Rate]
    loop_overhead: Rate
    agreement: list[str]
    cedar: list[Rate]
    cedar_note: str
    cedar_agreement: list[str]


def bench_library(cfg: Config) -> LibraryResult:
    progress("2. library throughput on the loaded Suffolk trust")
    trust = govrules.load(TRUST)
    body = trust.body(BODY)
    assert body is not None and body.quorum is not None
    seats = [s.id for s in body.seats]
    from govrules.quorate import _quorum, required_attendance

    def gov_may_vote(seat: str) -> bool | str:
        a = govrules.voters(trust, BODY)
        if any(r.seat == seat for r in a.voters):
            return True
        if any(r.seat == seat for r in a.undetermined):
            return "unspecified"
        return False

    def floor_board() -> list[str]:
        return [s for s in seats if s in SUFFOLK_VOTES]

    # The answers must agree before their speed is compared.
    agreement: list[str] = []
    for n in range(0, body.members_total + 1):
        got = govrules.quorum(trust, BODY, count=n).answer
        if got != ("quorate" if floor_quorate(n) else "inquorate"):
            agreement.append(f"quorum disagrees at {n}: govrules says {got}")
    for seat in seats:
        if gov_may_vote(seat) != floor_may_vote(seat):
            agreement.append(f"voters disagree on {seat}")
    v = govrules.vote(trust, BODY, for_=VOTE_FOR, against=VOTE_AGAINST, abstain=VOTE_ABSTAIN)
    if (v.answer, v.binding) != floor_tally(VOTE_FOR, VOTE_AGAINST, VOTE_ABSTAIN):
        agreement.append(f"vote disagrees: govrules says {v.answer}, binding {v.binding}")

    ns: dict[str, Any] = {
        "govrules": govrules,
        # Called by name, as the floor is: `govrules.quorum` reads through the package's lazy
        # __getattr__, which costs every attribute read of the module ~12 ns more (shown below).
        "quorum": govrules.quorum,
        "fresh_quorum": _quorum,
        "trust": trust,
        "body": body,
        "rule": body.quorum,
        "BODY": BODY,
        "floor_quorate": floor_quorate,
        "floor_may_vote": floor_may_vote,
        "floor_tally": floor_tally,
        "floor_board": floor_board,
        "gov_may_vote": gov_may_vote,
        "seats_cycle": itertools.cycle(seats),
        "PRESENT": PRESENT_NINE,
        "F": VOTE_FOR,
        "A": VOTE_AGAINST,
        "X": VOTE_ABSTAIN,
        "required_attendance": required_attendance,
    }
    rows = [
        (
            "quorum, `count=9` (asked before: the answer kept on the trust)",
            measure_rate("govrules", "quorum(trust, BODY, count=9)", ns, cfg),
            measure_rate("floor", "floor_quorate(9)", ns, cfg),
        ),
        (
            "the same, written `govrules.quorum(...)`",
            measure_rate("govrules", "govrules.quorum(trust, BODY, count=9)", ns, cfg),
            measure_rate("floor", "floor_quorate(9)", ns, cfg),
        ),
        (
            "quorum, `count=9`, answered afresh (what a first question costs)",
            measure_rate("govrules", "fresh_quorum(trust, BODY, None, 9, 0)", ns, cfg),
            measure_rate("floor", "floor_quorate(9)", ns, cfg),
        ),
        (
            "quorum, `present=` 9 seat ids",
            measure_rate("govrules", "govrules.quorum(trust, BODY, present=PRESENT)", ns, cfg),
            measure_rate("floor", "floor_quorate(len(PRESENT))", ns, cfg),
        ),
        (
            "may this seat vote? (one seat per question, `voters()` + lookup)",
            measure_rate("govrules", "gov_may_vote(next(seats_cycle))", ns, cfg),
            measure_rate("floor", "floor_may_vote(next(seats_cycle))", ns, cfg),
        ),
        (
            "voters of the whole board (`voters()`)",
            measure_rate("govrules", "govrules.voters(trust, BODY)", ns, cfg),
            measure_rate("floor", "floor_board()", ns, cfg),
        ),
        (
            "vote (README example: 5 for, 3 against, 2 abstain; outcome + binding)",
            measure_rate(
                "govrules", "govrules.vote(trust, BODY, for_=F, against=A, abstain=X)", ns, cfg
            ),
            measure_rate("floor", "floor_tally(F, A, X)", ns, cfg),
        ),
    ]
    quorum_parts = [
        measure_rate("`trust.body(id)` (find the body)", "trust.body(BODY)", ns, cfg),
        measure_rate(
            "`body.members_total` (`quorum()` reads it twice)",
            "body.members_total",
            ns,
            cfg,
        ),
        measure_rate(
            "`rule.fraction` (the text `50%` as a Fraction)",
            "rule.fraction",
            ns,
            cfg,
        ),
        measure_rate(
            "`required_attendance(rule, 17)` (whole-number arithmetic on `rule.fraction`)",
            "required_attendance(rule, 17)",
            ns,
            cfg,
        ),
    ]
    loop = measure_rate("empty timeit loop", "pass", ns, cfg)
    progress("3. the Cedar reference (cedarpy)")
    cedar, note, cedar_agreement = bench_cedar(seats, cfg)
    return LibraryResult(rows, quorum_parts, loop, agreement, cedar, note, cedar_agreement)


def bench_cedar(seats: list[str], cfg: Config) -> tuple[list[Rate], str, list[str]]:
    try:
        cedarpy: Any = import_module("cedarpy")
    except Exception as exc:  # any failure means: no reference
        return (
            [],
            f"**cedarpy is not available ({type(exc).__name__}: {exc}); the Cedar reference "
            "was skipped.** Install it with "
            "`.venv/bin/pip install -r benchmarks/requirements.txt`.",
            [],
        )
    entities = cedar_entities(seats)
    entities_json = json.dumps(entities)
    requests = [cedar_request(s) for s in seats]
    agreement: list[str] = []
    for seat, request in zip(seats, requests, strict=True):
        allowed = cedarpy.is_authorized(request, CEDAR_POLICY, entities).allowed
        expected = seat not in SUFFOLK_NO_VOTE  # Cedar's answer is yes/no (see the README)
        if allowed != expected:
            agreement.append(f"Cedar disagrees on {seat}: allowed={allowed}")
    if cedarpy.is_authorized(cedar_request("stranger"), CEDAR_POLICY, entities).allowed:
        agreement.append("Cedar lets a seat that is not on the board vote")
    ns: dict[str, Any] = {
        "cedarpy": cedarpy,
        "POLICY": CEDAR_POLICY,
        "ENTITIES": entities,
        "requests": itertools.cycle(requests),
        "ALL": requests,
    }
    rates = [
        measure_rate(
            "`is_authorized(request, policy text, entity list)`: parses both on every call",
            "cedarpy.is_authorized(next(requests), POLICY, ENTITIES)",
            ns,
            cfg,
        )
    ]
    if hasattr(cedarpy, "PolicySet") and hasattr(cedarpy, "Entities"):
        ns["PS"] = cedarpy.PolicySet.from_str(CEDAR_POLICY)
        ns["ES"] = cedarpy.Entities.from_json_str(entities_json)
        rates.append(
            measure_rate(
                "`is_authorized(request, PolicySet, Entities)`: policy and entities parsed once",
                "cedarpy.is_authorized(next(requests), PS, ES)",
                ns,
                cfg,
            )
        )
        whole = measure_rate(
            f"`is_authorized_batch` of all {len(seats)} seats, parsed once (per seat)",
            "cedarpy.is_authorized_batch(ALL, PS, ES)",
            ns,
            cfg,
        )
        whole.per_call /= len(seats)
        rates.append(whole)
    note = f"cedarpy {version_of('cedarpy')}"
    return rates, note, agreement


def _times(ratio: float) -> str:
    return f"{ratio:.1f}{X}" if ratio < 10 else f"{ratio:,.0f}{X}"


def report_library(r: LibraryResult, cfg: Config) -> list[str]:
    out = [
        "## 2. Library throughput (Suffolk, Strategic Board)",
        "",
        f"`timeit` loops of about {cfg.rate_seconds} s, median of {cfg.rate_repeats}; one "
        "statement per iteration, the same loop for govrules and the floor (an empty loop "
        f"iteration costs {fmt_us(r.loop_overhead.per_call)} µs and is included in both). "
        "The floor is a hand-written Python function that answers the same question for this "
        "one board (`n >= 9`; a frozenset of voting seats; a ten-line tally).",
        "",
    ]
    out += table(
        ["Question", "govrules /s", "µs each", "floor /s", "µs each", "govrules ÷ floor"],
        (
            [
                q,
                fmt_rate(g.rate),
                fmt_us(g.per_call),
                fmt_rate(f.rate),
                fmt_us(f.per_call),
                f"{_times(g.per_call / f.per_call)} slower",
            ]
            for q, g, f in r.rows
        ),
    )
    quorum, floor = r.rows[0][1], r.rows[0][2]
    ratio = quorum.per_call / floor.per_call
    out += [
        "",
        f"**Quorum: {fmt_rate(quorum.rate)} queries/s** (target ≥ {fmt_rate(TARGET_QUORUM_RATE)}: "
        f"{verdict(quorum.rate >= TARGET_QUORUM_RATE)}); "
        f"**{_times(ratio)} the hand-written floor** "
        f"(target within {TARGET_FLOOR_RATIO:.0f}{X}: {verdict(ratio <= TARGET_FLOOR_RATIO)}).",
        "",
        "Answers checked against the floor before timing: "
        + ("all agree." if not r.agreement else "; ".join(r.agreement)),
        "",
        "A question asked before is answered with the frozen answer kept on the trust (two "
        "dict look-ups). What answering a question afresh pays for, piece by piece (each timed "
        "alone):",
        "",
    ]
    fresh = r.rows[2][1]
    out += table(
        ["Piece", "µs", "share of a fresh answer"],
        (
            [p.label, fmt_us(p.per_call), f"{100 * p.per_call / fresh.per_call:.0f}%"]
            for p in r.quorum_parts
        ),
    )
    out += [
        "",
        "`required_attendance` is whole-number arithmetic; the rest of a fresh answer builds "
        "the explanation: its f-strings, a `Reason` and `SourceRef` (`cite`), and the frozen "
        "`QuorumAnswer` dataclass, reading pydantic model attributes throughout.",
        "",
        '## 3. Reference: the same "who may vote" question in Cedar',
        "",
    ]
    if not r.cedar:
        out += [r.cedar_note]
        return out
    gov_seat, floor_seat = r.rows[4][1], r.rows[4][2]
    out += [
        f"Policy (principal = seat, action = vote, resource = board; {r.cedar_note}):",
        "",
        "```cedar",
        CEDAR_POLICY.rstrip(),
        "```",
        "",
    ]
    out += table(
        ["Cedar call (one seat per question)", "/s", "µs each", "vs govrules", "vs floor"],
        (
            [
                c.label,
                fmt_rate(c.rate),
                fmt_us(c.per_call),
                _speed(c.per_call, gov_seat.per_call),
                f"{c.per_call / floor_seat.per_call:,.0f}{X} slower",
            ]
            for c in r.cedar
        ),
    )
    out += [
        "",
        "Decisions checked before timing: "
        + (
            "Cedar allows every seat but `lscb-independent-chair` and denies a seat that is not "
            "on the board, as the policy says."
            if not r.cedar_agreement
            else "; ".join(r.cedar_agreement)
        )
        + " Cedar's answer is two-valued: it allows `district-borough`, whose right the "
        "document leaves as a placeholder (10.2.2) and govrules answers `unspecified`.",
    ]
    return out


def _speed(this: float, other: float) -> str:
    return f"{other / this:.1f}{X} faster" if this < other else f"{this / other:.1f}{X} slower"


# --------------------------------------------------------------------------------------------
# 4. Scaling


@dataclass
class Point:
    size: int
    seconds: float
    file_bytes: int = 0
    refused: str = ""
    """Why the default ``Limits`` refuse the file (then ``seconds`` is with raised limits)."""
    refused_seconds: float = 0.0
    """How long the default-limits call took to refuse it."""


@dataclass
class Curve:
    name: str
    unit: str
    setup: str
    points: list[Point]
    fit_from: int

    @property
    def fitted(self) -> list[Point]:
        return [p for p in self.points if p.size >= self.fit_from]

    @property
    def exponent(self) -> float:
        pts = self.fitted
        return loglog_slope([p.size for p in pts], [p.seconds for p in pts])

    @property
    def last_step(self) -> float:
        a, b = self.points[-2], self.points[-1]
        return math.log(b.seconds / a.seconds) / math.log(b.size / a.size)


@dataclass
class ScalingResult:
    curves: list[Curve]
    big: Point
    big_findings: dict[str, int]
    big_command_seconds: float
    limits: str
    breakdown: list[tuple[str, float]]
    breakdown_seats: int
    check_parts: list[tuple[str, float]]
    check_size: int


def measure(fn: Callable[[], T], min_total: float = 0.5, max_runs: int = 5) -> tuple[float, T]:
    """The best time of a few runs of ``fn``, and the last run's result.

    Runs are repeated only while they are short (until ``min_total`` seconds in all or
    ``max_runs`` runs), so a large size is timed once. ``gc.collect()`` runs first, so that
    garbage from the sizes before is not collected on this one's time, and each run's result
    is dropped before the next run starts, so no run works on a heap grown by the last one.
    """
    runs: list[float] = []
    last: list[T] = []
    gc.collect()
    while not runs or (len(runs) < max_runs and sum(runs) < min_total):
        last.clear()
        start = time.perf_counter()
        last.append(fn())
        runs.append(time.perf_counter() - start)
    return min(runs), last[0]


def best_time(fn: Callable[[], object], min_total: float = 0.5, max_runs: int = 5) -> float:
    """The best time of a few runs of ``fn`` (see :func:`measure`); results are dropped."""
    return measure(partial(_discard, fn), min_total, max_runs)[0]


def _discard(fn: Callable[[], object]) -> None:
    fn()


def bench_scaling(cfg: Config) -> ScalingResult:
    os.environ["GOVRULES_CACHE_DIR"] = ""  # nothing cached on disk
    folder = Path(tempfile.mkdtemp(prefix="govrules-bench-scaling-"))
    try:
        return _bench_scaling(cfg, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _size_of(path: Path) -> int:
    return int(path.stem.rsplit("-", 1)[1])


# Files larger than govrules' default input limits are refused by the public calls (by
# design: see govrules.yamlsource.Limits). To still see how the work grows, such a file is
# then put through the same pipeline with these raised limits, and the report says so.
RAISED_LIMITS = {"max_bytes": 200_000_000, "max_nodes": 50_000_000}


def raised_limits() -> Any:
    from govrules.yamlsource import Limits

    known = {f for f in Limits.__dataclass_fields__}
    return Limits(**{k: v for k, v in RAISED_LIMITS.items() if k in known})


def default_limits() -> str:
    try:
        from govrules.yamlsource import Limits

        limits = Limits()
    except ImportError:
        return "unknown"
    parts = []
    if hasattr(limits, "max_bytes"):
        parts.append(f"max_bytes {limits.max_bytes:,}")
    if hasattr(limits, "max_nodes"):
        parts.append(f"max_nodes {limits.max_nodes:,}")
    return ", ".join(parts)


def _limit_refusal(findings: Iterable[Any]) -> str:
    """The message of a GR001 error (the file could not be read within the limits)."""
    return next((f.message for f in findings if f.severity == "error" and f.code == "GR001"), "")


def _validate_raised(path: Path) -> govrules.ValidateAnswer:
    """``govrules.validate(path)`` with raised limits, as ``validate --max-bytes --max-nodes``."""
    return govrules.validate(path, limits=raised_limits())


def _validate_command(path: Path) -> float:
    """Wall time of ``govrules validate`` with raised limits, in a new process, no cache."""
    limits = raised_limits()
    argv = [*govrules_command(), "validate", str(path), "--format", "json"]
    argv += ["--max-bytes", str(limits.max_bytes), "--max-nodes", str(limits.max_nodes)]
    env = {**os.environ, "GOVRULES_CACHE_DIR": ""}
    return run_timed(argv, env)


def _no_errors(answer: govrules.ValidateAnswer, path: Path) -> dict[str, int]:
    counts = answer.counts()
    if counts["error"]:
        first = next(f for f in answer.findings if f.severity == "error")
        raise RuntimeError(f"the synthetic MoU {path.name} does not validate: {first.render()}")
    return counts


def _validate_point(path: Path) -> tuple[Point, dict[str, int]]:
    seconds, answer = measure(partial(govrules.validate, path))
    point = Point(_size_of(path), seconds, path.stat().st_size)
    refused = _limit_refusal(answer.findings)
    if refused:
        point.refused, point.refused_seconds = refused, seconds
        point.seconds, answer = measure(partial(_validate_raised, path))
    return point, _no_errors(answer, path)


def _load(path: Path) -> tuple[govrules.Trust, str]:
    """Load a trust file, with raised limits if the default ones refuse it (and why)."""
    try:
        return govrules.load(path), ""
    except govrules.LoadError as exc:  # a real error fails again below, and is raised
        from govrules.loader import load_trust

        return load_trust(path, raised_limits()), exc.message


def _load_point(folder: Path, text: str, size: int) -> tuple[Point, govrules.Trust]:
    """Time an uncached load of ``text``; with raised limits if the default ones refuse it.

    Every load reads a file with a different last line, so no cache can answer it.
    """
    files = iter([_write(folder, f"load-{size}-{i}.yaml", f"{text}# {i}\n") for i in range(6)])
    probe = next(files)
    point = Point(size, 0.0, probe.stat().st_size)
    gc.collect()
    start = time.perf_counter()
    try:
        trust = govrules.load(probe)
        point.seconds = time.perf_counter() - start
    except govrules.LoadError as exc:
        point.refused, point.refused_seconds = exc.message, time.perf_counter() - start
        point.seconds, trust = measure(partial(_load_next, files, raised_limits()))
        return point, trust
    if point.seconds < 0.5:
        del trust
        seconds, trust = measure(partial(_load_next, files, None))
        point.seconds = min(point.seconds, seconds)
    return point, trust


def _load_next(paths: Iterator[Path], limits: Any) -> govrules.Trust:
    from govrules.loader import load_trust

    return load_trust(next(paths), limits) if limits is not None else govrules.load(next(paths))


def _bench_scaling(cfg: Config, folder: Path) -> ScalingResult:
    from govrules.graph import escalation_issues

    curves: list[Curve] = []
    progress(f"4. validate vs seats: {cfg.seats}")
    points: list[Point] = []
    big: tuple[Point, dict[str, int]] | None = None
    big_path = folder / f"seats-{cfg.big_seats}.yaml"
    for n in cfg.seats:
        point, counts = _validate_point(_write(folder, f"seats-{n}.yaml", mou_yaml(MouSpec(n))))
        points.append(point)
        progress(f"   {n} seats: {fmt_s(point.seconds)}{' (raised limits)' * bool(point.refused)}")
        if n == cfg.big_seats:
            big = (point, counts)
    curves.append(
        Curve("`validate(file)` vs board seats", "seat", "10 bodies", points, cfg.fit_from)
    )
    if big is None:
        progress(f"4. validate of a {cfg.big_seats:,}-seat MoU")
        spec = MouSpec(seats=cfg.big_seats)
        big_path = _write(folder, f"big-{cfg.big_seats}.yaml", mou_yaml(spec))
        big = _validate_point(big_path)
    progress(f"4. `govrules validate` of the {cfg.big_seats:,}-seat MoU in a new process")
    big_command = _validate_command(big_path)

    progress(f"4. validate vs bodies: {cfg.bodies}")
    points = []
    for n in cfg.bodies:
        spec = MouSpec(seats=20, bodies=n, depth=min(10, n - 1))
        point, _ = _validate_point(_write(folder, f"bodies-{n}.yaml", mou_yaml(spec)))
        points.append(point)
        progress(f"   {n} bodies: {fmt_s(point.seconds)}{' (raised limits)' * bool(point.refused)}")
    curves.append(
        Curve(
            "`validate(file)` vs bodies",
            "body",
            "20 board seats, chain depth 10",
            points,
            cfg.fit_from,
        )
    )

    progress(f"4. validate, load, escalate vs escalation chain depth: {cfg.depths}")
    v_points: list[Point] = []
    l_points: list[Point] = []
    e_points: list[Point] = []
    i_points: list[Point] = []
    for d in cfg.depths:
        spec = MouSpec(seats=20, bodies=d + 1, depth=d)
        text = mou_yaml(spec)
        point, _ = _validate_point(_write(folder, f"depth-{d}.yaml", text))
        v_points.append(point)
        load_point, trust = _load_point(folder, text, d)
        l_points.append(load_point)
        start = deepest_body(spec)
        answer = govrules.escalate(trust, start)
        referrals = len(answer.steps) - PROCEDURE_STEPS
        if answer.final_arbiter != "board" or answer.steps[-1].body != "board" or referrals != d:
            raise RuntimeError(f"escalate from {start} did not reach the board in {d} referrals")
        e_points.append(Point(d, best_time(partial(govrules.escalate, trust, start), 0.3, 200)))
        i_points.append(Point(d, best_time(partial(escalation_issues, trust))))
        progress(
            f"   depth {d}: validate {fmt_s(v_points[-1].seconds)}, load "
            f"{fmt_s(l_points[-1].seconds)}, escalate {fmt_s(e_points[-1].seconds)}, "
            f"escalation_issues {fmt_s(i_points[-1].seconds)}"
        )
    setup = "20 board seats, bodies = depth + 1"
    loaded = setup + "; trust already loaded"
    curves += [
        Curve("`validate(file)` vs chain depth", "referral", setup, v_points, cfg.fit_from),
        Curve("`load(file)`, uncached, vs chain depth", "referral", setup, l_points, cfg.fit_from),
        Curve(
            "`escalate(trust, deepest body)` vs chain depth",
            "referral",
            loaded,
            e_points,
            cfg.fit_from,
        ),
        Curve(
            "`graph.escalation_issues(trust)` (run by validate) vs chain depth",
            "referral",
            loaded,
            i_points,
            cfg.fit_from,
        ),
    ]

    progress(f"4. check vs attendees: {cfg.attendees}")
    points = []
    check_parts: list[tuple[str, float]] = []
    for n in cfg.attendees:
        spec = MouSpec(seats=n)
        trust_path = _write(folder, f"check-{n}.yaml", mou_yaml(spec))
        record = _write(folder, f"record-{n}.yaml", meeting_yaml(spec, trust_path.name))
        trust, _ = _load(trust_path)
        seconds, result = measure(partial(govrules.check, record, trust=trust))
        if result.answer != "valid":
            raise RuntimeError(f"the synthetic meeting of {n} is {result.answer}")
        points.append(Point(n, seconds, record.stat().st_size))
        progress(f"   {n} attendees: {fmt_s(seconds)}")
        if n == cfg.attendees[-1]:
            check_parts = _check_parts(trust, record, seconds)
    curves.append(
        Curve(
            "`check(record, trust=...)` vs attendees",
            "attendee",
            "every board seat attends; 1 decision; trust already loaded",
            points,
            cfg.fit_from,
        )
    )

    progress(f"4. validate breakdown at {cfg.breakdown_seats:,} seats")
    spec = MouSpec(seats=cfg.breakdown_seats)
    breakdown = _validate_parts(_write(folder, f"parts-{spec.seats}.yaml", mou_yaml(spec)))
    return ScalingResult(
        curves=curves,
        big=big[0],
        big_findings=big[1],
        big_command_seconds=big_command,
        limits=default_limits(),
        breakdown=breakdown,
        breakdown_seats=cfg.breakdown_seats,
        check_parts=check_parts,
        check_size=cfg.attendees[-1],
    )


def _validate_parts(path: Path) -> list[tuple[str, float]]:
    from govrules.findings import check_located
    from govrules.yamlsource import read_yaml

    total = best_time(partial(govrules.validate, path), 3, 3)
    parse = best_time(partial(read_yaml, path), 3, 3)
    gc.disable()
    try:
        parse_nogc = best_time(partial(read_yaml, path), 3, 3)
    finally:
        gc.enable()
    located = read_yaml(path)
    model = best_time(partial(govrules.Trust.model_validate, located.data), 0.3, 20)
    checks = best_time(partial(check_located, located), 0.3, 20)
    return [
        ("`validate(file)` in all", total),
        ("read + parse the YAML with positions (`yamlsource.read_yaml`, libyaml)", parse),
        ("the same parse with the garbage collector off", parse_nogc),
        (
            "`findings.check_located` on the parsed data: schema, references, semantic checks",
            checks,
        ),
        ("of which one `Trust.model_validate` (pydantic-core)", model),
    ]


def _check_parts(trust: govrules.Trust, record: Path, total: float) -> list[tuple[str, float]]:
    from govrules.quorate import attendance
    from govrules.yamlsource import read_yaml

    located = read_yaml(record)
    attendees: list[str] = list(located.data["attendees"])
    body = trust.body("board")
    assert body is not None

    def indexed() -> Counter[str]:
        counts = Counter(attendees)
        places = {s.id: s.count for s in body.seats}
        for seat, n in counts.items():
            if n > places[seat]:
                raise ValueError(seat)
        return counts

    return [
        ("`check(record, trust=...)` in all", total),
        ("read + parse the record (`yamlsource.read_yaml`)", best_time(partial(read_yaml, record))),
        (
            "one `quorate.attendance(body, attendees)`; one decision makes 7 such calls over "
            "5 times the attendance (the meeting's quorum; for, against, abstain, all votes "
            "and present in `vote`; its binding quorum)",
            best_time(partial(attendance, body, attendees)),
        ),
        (
            "the same check written directly: a Counter and a dict of places (the floor)",
            best_time(indexed),
        ),
    ]


def report_scaling(r: ScalingResult, cfg: Config) -> list[str]:
    out = [
        '## 4. Scaling (synthetic MoUs, `GOVRULES_CACHE_DIR=""`)',
        "",
        "Trusts from `benchmarks/synthetic.py`: every rule cited, valid ids, a quorum and "
        "voting rule on every body, a dispute procedure whose routes form one chain to the "
        "board as final arbiter. Every generated file validates with no errors (checked). Time "
        "is the best of up to 5 runs while runs are short (one run above 0.5 s), after a "
        "`gc.collect()`. The exponent is the least-squares slope of log(time) on "
        f'log(size) over sizes ≥ {cfg.fit_from}; "last step" is the slope between the two '
        "largest sizes (1 = linear, 2 = quadratic).",
        "",
    ]
    out += table(
        ["Operation", "setup", "exponent (fit)", "last step"],
        ([c.name, c.setup, f"**{c.exponent:.2f}**", f"{c.last_step:.2f}"] for c in r.curves),
    )
    for c in r.curves:
        out += ["", f"{c.name}:", ""]
        with_bytes = any(p.file_bytes for p in c.points)
        refused = [p for p in c.points if p.refused]
        header = ["size", "time", f"µs per {c.unit}"]
        header += ["file"] if with_bytes else []
        header += ["default `Limits`"] if refused else []
        rows: list[list[str]] = []
        for p in c.points:
            row = [f"{p.size:,}", fmt_s(p.seconds), fmt_us(p.seconds / p.size)]
            if with_bytes:
                row.append(f"{p.file_bytes / 1e6:.2f} MB")
            if refused:
                row.append(
                    f"refused in {fmt_s(p.refused_seconds)}; timed with raised limits"
                    if p.refused
                    else "accepted"
                )
            rows.append(row)
        out += table(header, rows)
        if refused:
            out += ["", f"Refusal (size {refused[0].size:,}): `{refused[0].refused}`"]
    big = r.big
    ok = big.seconds < TARGET_BIG_VALIDATE_S
    out += ["", f"### `validate` of a {big.size:,}-seat MoU", ""]
    findings = ", ".join(f"{n} {k}" for k, n in r.big_findings.items())
    if big.refused:
        out += [
            f"With govrules' default input limits ({r.limits}) `govrules.validate` **refuses** "
            f"the {big.file_bytes / 1e6:.2f} MB file in {fmt_s(big.refused_seconds)}: "
            f"`{big.refused}`. With the limits raised (`govrules.validate(path, "
            f"limits=Limits(...))`) it takes **{fmt_s(big.seconds)}** "
            f"(target < {TARGET_BIG_VALIDATE_S:.0f} s: {verdict(ok)}); findings: {findings}. "
            f"The command `govrules validate FILE --max-bytes N --max-nodes N`, in a new "
            f"process with no cache (imports included): **{fmt_s(r.big_command_seconds)}**.",
        ]
    else:
        out += [
            f"**{fmt_s(big.seconds)}** (target < {TARGET_BIG_VALIDATE_S:.0f} s: {verdict(ok)}); "
            f"file {big.file_bytes / 1e6:.2f} MB (default limits: {r.limits}); "
            f"findings: {findings}. The command, in a new process with no cache: "
            f"{fmt_s(r.big_command_seconds)}.",
        ]
    out += [
        "",
        f"Where validate's time goes, {r.breakdown_seats:,} seats (each part timed alone, "
        "best of 3):",
        "",
    ]
    total = r.breakdown[0][1]
    out += table(
        ["Part", "time", "share"],
        ([name, fmt_s(t), f"{100 * t / total:.0f}%"] for name, t in r.breakdown),
    )
    out += ["", f"### `check` with {r.check_size:,} attendees, piece by piece", ""]
    total = r.check_parts[0][1]
    out += table(
        ["Part", "time", "share"],
        ([name, fmt_s(t), f"{100 * t / total:.0f}%"] for name, t in r.check_parts),
    )
    return out


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: small sizes, few runs")
    parser.add_argument("--cli-runs", type=int, help="runs of each CLI command (default 30)")
    parser.add_argument(
        "--only",
        choices=["cli", "library", "scaling"],
        action="append",
        help="run only these sections (repeatable)",
    )
    parser.add_argument("-o", "--output", help="also write the Markdown report to this file")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    if args.cli_runs:
        cfg = replace(cfg, cli_runs=args.cli_runs)
    sections = set(args.only or ["cli", "library", "scaling"])
    # In this process nothing is cached on disk (and the user's cache is never touched);
    # the CLI section gives its child processes their own temporary cache folders.
    os.environ["GOVRULES_CACHE_DIR"] = ""
    started = time.perf_counter()
    lines = [
        "# govrules benchmarks" + (" (--quick: small sizes, few runs)" if cfg.quick else ""),
        "",
    ]
    lines += table(["Machine", ""], ([k, v] for k, v in machine().items()))
    lines += [""]
    if "cli" in sections:
        lines += [*report_cli(bench_cli(cfg), cfg), ""]
    if "library" in sections:
        lines += [*report_library(bench_library(cfg), cfg), ""]
    if "scaling" in sections:
        lines += [*report_scaling(bench_scaling(cfg), cfg), ""]
    command = "benchmarks/run.py" + (" --quick" if cfg.quick else "")
    lines += [
        f"Run: `.venv/bin/python {command}` in {time.perf_counter() - started:.0f} s, "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}; load average at the end: {load_average()}.",
        "",
    ]
    text = "\n".join(lines)
    sys.stdout.write(text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
