"""The command line asked first-time questions, each in a new process with no warm state.

Every run is a new process with an empty home folder of its own, and every govrules command
line is one not run before in this benchmark (a different count, vote or file each time;
`validate` by name cycles the bundled trusts, and nothing survives between processes). The
floors run interleaved with them: ``python3 -c pass`` and ``python3 -c "import pydantic,
click"``. Then ``python -X importtime`` and an instrumented run in one process show where a
command's time goes.

    .venv/bin/python benchmarks/cli.py [--quick] [--cli-runs N]
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    BODY,
    ROOT,
    SEED,
    TARGET_CLI_RATIO,
    TARGET_VALIDATE_RATIO,
    TRUST,
    Config,
    Target,
    X,
    fmt_ms,
    fresh_env,
    govrules_command,
    percentile,
    progress,
    run_timed,
    standalone,
    table,
)
from library import vote_questions

import govrules

PYTHON = str(Path(sys.executable).parent / "python3")
if not Path(PYTHON).exists():
    PYTHON = sys.executable

EXITS = (0, 1, 3, 4)
"""yes, no, the MoU does not settle it, the question lacks a fact (the vacancies, where a
reading of 10.1 counts the members in office): answers, not failures."""

# The three commands the start-up breakdown follows (the same line each time is fine there:
# every run is a new process, and nothing is kept between processes).
BREAKDOWN = {
    "quorum": ["quorum", TRUST, BODY, "--count", "9"],
    "vote": [
        *("vote", TRUST, BODY),
        *("--for", "portfolio-holder,director-cyp,nhs-suffolk,vcs,vcs"),
        *("--against", "schools,schools,jobcentre-plus", "--abstain", "fe-college"),
    ],
    "validate": ["validate", TRUST],
}
WRAPPED = {
    "quorum": [
        ("govrules.compiling.versions", "load_as_of", "load"),
        ("govrules.evaluating.quorate", "quorum", "answer"),
        ("govrules.presenting.render", "render_text", "render"),
    ],
    "vote": [
        ("govrules.compiling.versions", "load_as_of", "load"),
        ("govrules.evaluating.voting", "vote", "answer"),
        ("govrules.presenting.render", "render_text", "render"),
    ],
    "validate": [
        ("govrules.authoring.findings", "validate", "load"),
        ("govrules.presenting.render", "render_findings", "render"),
    ],
}


@dataclass
class Series:
    label: str
    shown: str
    argv: Callable[[int], list[str]]
    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


# --------------------------------------------------------------------------------------------
# python -X importtime


@dataclass
class Node:
    name: str
    level: int
    self_s: float
    cum_s: float
    children: list[Node] = field(default_factory=list)


def parse_importtime(stderr: str) -> list[Node]:
    """The import tree (roots) from ``-X importtime`` output, which lists children first."""
    stack: list[Node] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line.split(":", 1)[1].split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue  # the header
        name = parts[2].strip()
        level = (len(parts[2].rstrip()) - 1 - len(name)) // 2
        node = Node(name, level, float(parts[0]) / 1e6, float(parts[1]) / 1e6)
        while stack and stack[-1].level > level:
            node.children.insert(0, stack.pop())
        stack.append(node)
    return stack


GROUPS = (
    ("importlib.metadata", "`importlib.metadata`, imported by pydantic's plugin discovery"),
    ("govrules.schema", "`govrules.language.schema`: building the models"),
    ("click", "click"),
    ("pydantic", "pydantic, pydantic-core, annotated-types"),
    ("yaml", "YAML reader: PyYAML / libyaml"),
    ("ruamel", "YAML reader: ruamel.yaml"),
    ("networkx", "networkx"),
    (
        "govrules.yaml",
        "govrules' reading of files (`sourcefile`; where YAML is read, yamlsource, yamlfast, "
        "yamlguard, yamlruamel)",
    ),
    ("govrules", "govrules, its other modules"),
)
PYTHON_GROUP = "python: the standard library imported outside the groups above"
_PREFIXES = {
    "importlib.metadata": ("importlib.metadata",),
    "govrules.schema": ("govrules.language.schema",),
    "click": ("click",),
    "pydantic": ("pydantic", "pydantic_core", "annotated_types", "typing_inspection"),
    "yaml": ("yaml", "_yaml"),
    "ruamel": ("ruamel", "_ruamel_yaml"),
    "networkx": ("networkx",),
    "govrules.yaml": ("govrules.reading.yaml", "govrules.reading.sourcefile"),
    "govrules": ("govrules",),
}


def classify(module: str) -> str | None:
    for key, label in GROUPS:
        for prefix in _PREFIXES[key]:
            # _yaml, _ruamel_yaml_* and govrules.reading.yaml*: a prefix of the name, not a package
            loose = prefix.startswith("_") or prefix == "govrules.reading.yaml"
            if (
                module == prefix
                or module.startswith(prefix + ".")
                or (loose and module.startswith(prefix))
            ):
                return label
    return None


@dataclass
class ImportProfile:
    groups: dict[str, float]
    """Self seconds per group, modules the bare interpreter imports left out."""
    first_importer: dict[str, str]
    """Group -> the module that first imported it."""
    order: list[str]
    """Modules in the order importtime lists them (the floor's own left out)."""


def profile(roots: list[Node], baseline: set[str]) -> ImportProfile:
    groups: dict[str, float] = {}
    first: dict[str, str] = {}
    order: list[str] = []

    def walk(node: Node, inherited: str, parent: str) -> None:
        own = classify(node.name)
        group = own or inherited
        if own and own != inherited and own not in first:
            first[own] = parent
        for child in node.children:
            walk(child, group, node.name)
        if node.name not in baseline:
            groups[group] = groups.get(group, 0.0) + node.self_s
            order.append(node.name)

    for root in roots:
        walk(root, PYTHON_GROUP, "(the command itself)")
    return ImportProfile(groups, first, order)


PHASES_SCRIPT = r"""
import json, os, sys, time
from importlib import import_module
modules, args, wrapped = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
t0 = time.perf_counter()
for name in modules:
    try:
        import_module(name)
    except Exception:
        pass
t1 = time.perf_counter()
spent = {}
def wrap(module, name, phase):
    mod = import_module(module)
    fn = getattr(mod, name)
    spent[phase] = 0.0
    def timed(*a, **k):
        s = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            spent[phase] += time.perf_counter() - s
    setattr(mod, name, timed)
for module, name, phase in wrapped:
    wrap(module, name, phase)
import govrules.interfaces.cli
real, sys.stdout = sys.stdout, open(os.devnull, "w")
s = time.perf_counter()
status = govrules.interfaces.cli.run(args)
e = time.perf_counter()
sys.stdout = real
print(json.dumps({"imports": t1 - t0, "run": e - s, "status": status, **spent}), flush=True)
os._exit(0)  # as the console script leaves: no interpreter teardown
"""


@dataclass
class Breakdown:
    command: str
    groups: list[tuple[str, float]]
    """Import groups, in seconds scaled to the measured import time."""
    first_importer: dict[str, str]
    imports: float
    phases: dict[str, float]
    run: float
    wall: float
    """The instrumented process's wall time, from start to exit."""
    floor: float
    """``python3 -c pass``, run just before each instrumented process."""


def breakdown(
    name: str, args: list[str], baseline: set[str], runs: int, home: Path, bytecode: Path
) -> Breakdown:
    env = fresh_env(home, bytecode)
    profiles: list[ImportProfile] = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "govrules", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        if done.returncode not in EXITS:
            raise RuntimeError(f"govrules {' '.join(args)} exited {done.returncode}")
        profiles.append(profile(parse_importtime(done.stderr), baseline))
    labels = {g for p in profiles for g in p.groups}
    raw = {g: statistics.median(p.groups.get(g, 0.0) for p in profiles) for g in labels}
    measured: list[dict[str, float]] = []
    for _ in range(runs):
        floor = run_timed([PYTHON, "-c", "pass"], env)  # paired with the run it is taken from
        start = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                PHASES_SCRIPT,
                json.dumps(profiles[0].order),
                json.dumps(args),
                json.dumps(WRAPPED[name]),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        wall = time.perf_counter() - start
        measured.append({**json.loads(done.stdout), "wall": wall, "floor": floor})
    imports = statistics.median(m["imports"] for m in measured)
    scale = imports / sum(raw.values())
    phases = {k: statistics.median(m[k] for m in measured) for _, _, k in WRAPPED[name]}
    return Breakdown(
        command="govrules " + " ".join(args),
        groups=sorted(((g, t * scale) for g, t in raw.items()), key=lambda kv: -kv[1]),
        first_importer=profiles[0].first_importer,
        imports=imports,
        phases=phases,
        run=statistics.median(m["run"] for m in measured),
        wall=statistics.median(m["wall"] for m in measured),
        floor=statistics.median(m["floor"] for m in measured),
    )


def baseline_modules(home: Path, bytecode: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "pass"],
        env=fresh_env(home, bytecode),
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    names: set[str] = set()

    def walk(node: Node) -> None:
        names.add(node.name)
        for child in node.children:
            walk(child)

    for root in parse_importtime(done.stderr):
        walk(root)
    return names


# --------------------------------------------------------------------------------------------


def _quorum_lines(rng: random.Random, n: int) -> list[list[str]]:
    trust = govrules.load(TRUST)
    board = trust.body(BODY)
    assert board is not None
    # A count above the places filled is refused (exit 2), so the count stays within them.
    spread = range(-(-n // 18) + 1)
    pool = [(c, v) for v in spread for c in range(board.members_total - v + 1)]
    return [
        ["quorum", TRUST, BODY, "--count", str(c), "--vacancies", str(v)]
        for c, v in rng.sample(pool, n)
    ]


def _vote_lines(rng: random.Random, n: int) -> list[list[str]]:
    lines = []
    for for_, against, abstain in vote_questions(rng, n):
        line = ["vote", TRUST, BODY]
        for option, seats in (("--for", for_), ("--against", against), ("--abstain", abstain)):
            if seats:
                line += [option, ",".join(seats)]
        lines.append(line)
    return lines


def bench_cli(cfg: Config) -> tuple[list[str], list[Target]]:
    runs = cfg.cli_runs
    progress(f"cli: {runs} interleaved runs of each command, each a new process")
    rng = random.Random(SEED + 2)
    quorum_lines = _quorum_lines(rng, runs + 1)
    vote_lines = _vote_lines(rng, runs + 1)
    bundled = sorted(govrules.bundled_names())
    gov = govrules_command()
    scratch = Path(tempfile.mkdtemp(prefix="govrules-bench-cli-"))
    try:
        copies = []
        for i in range(runs + 1):
            name = bundled[i % len(bundled)]
            copy = scratch / f"{name}-{i}.yaml"
            text = (ROOT / "trusts" / f"{name}.yaml").read_text(encoding="utf-8")
            copy.write_text(f"{text}# copy {i}\n", encoding="utf-8")
            copies.append(copy)
        series = [
            Series(
                "floor: `python3 -c pass`", f"{PYTHON} -c pass", lambda i: [PYTHON, "-c", "pass"]
            ),
            Series(
                'floor: `python3 -c "import pydantic, click"`',
                f'{PYTHON} -c "import pydantic, click"',
                lambda i: [PYTHON, "-c", "import pydantic, click"],
            ),
            Series(
                "`govrules quorum suffolk strategic-board --count C --vacancies V`, a new "
                "(C, V) each run",
                "govrules " + " ".join(quorum_lines[0]),
                lambda i: [*gov, *quorum_lines[i + 1]],
            ),
            Series(
                "`govrules vote suffolk strategic-board --for … --against … --abstain …`, a new "
                "split each run",
                "govrules " + " ".join(vote_lines[0]),
                lambda i: [*gov, *vote_lines[i + 1]],
            ),
            Series(
                f"`govrules validate NAME`, NAME cycling the {len(bundled)} bundled trusts",
                "govrules validate " + bundled[0],
                lambda i: [*gov, "validate", bundled[i % len(bundled)]],
            ),
            Series(
                "`govrules validate FILE`, a new copy of a bundled trust each run (a unique "
                "last comment)",
                f"govrules validate {copies[0].name}",
                lambda i: [*gov, "validate", str(copies[i + 1])],
            ),
        ]
        bytecode = scratch / "bytecode"
        # One untimed run each: every command starts from the page cache, with every module
        # it imports compiled (into `bytecode`, outside the checkout), as installed.
        for s in series:
            run_timed(s.argv(-1), fresh_env(scratch / "home-warmup", bytecode, write=True), EXITS)
        for i in range(runs):
            for k, s in enumerate(series):
                env = fresh_env(scratch / f"home-{i}-{k}", bytecode)
                s.times.append(run_timed(s.argv(i), env, EXITS))
        left = [p for p in scratch.glob("home-*/**/*") if p.is_file()]
        progress("cli: python -X importtime and an instrumented run of quorum, vote, validate")
        baseline = baseline_modules(scratch / "home-base", bytecode)
        parts = [
            breakdown(name, args, baseline, cfg.importtime_runs, scratch / f"home-{name}", bytecode)
            for name, args in BREAKDOWN.items()
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return _report(cfg, series, parts, left)


def _report(
    cfg: Config, series: list[Series], parts: list[Breakdown], left: list[Path]
) -> tuple[list[str], list[Target]]:
    floor, imports = series[0].median, series[1].median
    out = [
        "## CLI: first-time questions, each in a new process",
        "",
        f"**Every figure here is a first-time question.** {cfg.cli_runs} rounds; each round "
        "runs every command once, interleaved, so that the machine's drift hits all alike. "
        "Each run is a new process with an empty `HOME` and `XDG_CACHE_HOME` of its own and "
        "`PYTHONDONTWRITEBYTECODE=1`, reading the modules compiled once before the rounds "
        "(`PYTHONPYCACHEPREFIX`, a folder outside the checkout shared by every command, "
        "floors included), as an installed package has them; each govrules line is new (a "
        "different count, vote or copy each run; `validate NAME` repeats a name every "
        f"{len(govrules.bundled_names())} runs, and nothing survives between processes: "
        + (
            "the runs left no file in their home folders"
            if not left
            else f"**the runs left {len(left)} file(s) in their home folders**"
        )
        + "). Wall time from `subprocess.run` start to exit, output to /dev/null. `python3` "
        f"is the interpreter govrules runs on (`{PYTHON}`).",
        "",
    ]
    out += table(
        ["Command", "median ms", "p90 ms", "min ms", "÷ `-c pass`", "÷ `import pydantic, click`"],
        (
            [
                s.label,
                f"**{fmt_ms(s.median)}**",
                fmt_ms(percentile(s.times, 90)),
                fmt_ms(min(s.times)),
                f"{s.median / floor:.1f}{X}",
                f"**{s.median / imports:.2f}{X}**",
            ]
            for s in series
        ),
    )
    quorum, vote, by_name, by_copy = series[2], series[3], series[4], series[5]
    targets = [
        Target(
            "CLI: first-time `quorum` question",
            f"≤ {TARGET_CLI_RATIO:g}{X} `import pydantic, click`",
            f"{quorum.median / imports:.2f}{X} ({fmt_ms(quorum.median)} vs {fmt_ms(imports)} ms)",
            quorum.median / imports <= TARGET_CLI_RATIO,
        ),
        Target(
            "CLI: first-time `vote` question",
            f"≤ {TARGET_CLI_RATIO:g}{X} `import pydantic, click`",
            f"{vote.median / imports:.2f}{X} ({fmt_ms(vote.median)} ms)",
            vote.median / imports <= TARGET_CLI_RATIO,
        ),
        Target(
            "CLI: `validate` of a bundled trust (by name)",
            f"≤ {TARGET_VALIDATE_RATIO:g}{X} `import pydantic, click`",
            f"{by_name.median / imports:.2f}{X} ({fmt_ms(by_name.median)} ms); a new copy: "
            f"{by_copy.median / imports:.2f}{X}",
            by_name.median / imports <= TARGET_VALIDATE_RATIO,
        ),
    ]
    out += [
        "",
        "First line of each govrules series, as an example: "
        + "; ".join(f"`{s.shown}`" for s in series[2:4])
        + ".",
        "",
        "### Where a first-time command's time goes",
        "",
        f"Imports: `python -X importtime -m govrules …` ({cfg.importtime_runs} runs, median), "
        "each module's self time put in the group of the nearest named package on its import "
        "path (a standard-library module counts for whoever imported it first), leaving out "
        "what `python3 -c pass` imports itself. `-X importtime` inflates imports, so the group "
        "times are scaled to the import time measured without it: one process imports, "
        "uninstrumented, every module the command imported, then runs the command in-process "
        "(`govrules.interfaces.cli.run`, output to /dev/null) with the load, the question and the "
        "rendering each timed. The start-up row is `python3 -c pass` from the table above.",
        "",
    ]
    for b in parts:
        cmd = b.command.split()[1]
        wall = {"quorum": quorum, "vote": vote, "validate": by_name}[cmd].median
        rows = [["python: interpreter start-up and exit (`python3 -c pass`)", fmt_ms(b.floor), ""]]
        rows += [
            [g, fmt_ms(t), b.first_importer.get(g, "")]
            for g, t in b.groups
            if t >= 0.0005 or g.startswith("`importlib")
        ]
        small = sum(t for g, t in b.groups if t < 0.0005 and not g.startswith("`importlib"))
        if small:
            rows.append(["other groups under 0.5 ms each", fmt_ms(small), ""])
        named = {
            "load": "loading and validating the trust",
            "answer": "the answer (the question's function)",
            "render": "rendering the text",
        }
        if cmd == "validate":
            named["load"] = "reading and checking the file (`findings.validate`)"
        for key, seconds in b.phases.items():
            rows.append([named[key], fmt_ms(seconds), ""])
        rows.append(
            [
                "the CLI around them: click parsing, `to_dict`, writing",
                fmt_ms(b.run - sum(b.phases.values())),
                "",
            ]
        )
        rest = b.wall - b.floor - b.imports - b.run
        rows.append(["the rest (variance between the paired runs)", fmt_ms(rest), ""])
        rows.append(
            [
                f"**the instrumented process, wall (median of {cfg.importtime_runs})**",
                f"**{fmt_ms(b.wall)}**",
                f"the command itself, in the table above: {fmt_ms(wall)} ms",
            ]
        )
        out += [f"`{b.command}`:", ""]
        out += table(["Part", "ms", "first imported by"], rows)
        out += [""]
    return out, targets


if __name__ == "__main__":
    sys.exit(standalone("govrules benchmarks: CLI", bench_cli, "cli.py"))
