"""How validate, load, escalate and check grow with the size of a synthetic MoU.

Every timed call reads a file (or asks of a trust) it has not seen before: repeats use new
copies of the file that differ in their last line, and `escalate` is asked once of each
newly loaded copy. A size's time is the best over its copies; copies are made only while the
runs are short (a large size is timed once).

    .venv/bin/python benchmarks/scaling.py [--quick]
"""

from __future__ import annotations

import gc
import math
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import (
    TARGET_BIG_VALIDATE_S,
    TARGET_EXPONENT,
    TARGET_FLAT_EXPONENT,
    Config,
    Target,
    fmt_s,
    fmt_us,
    fresh_env,
    govrules_command,
    loglog_slope,
    progress,
    run_timed,
    standalone,
    table,
)
from synthetic import PROCEDURE_STEPS, MouSpec, deepest_body, meeting_yaml, mou_yaml

import govrules
from govrules.reading.sourcefile import Limits

RAISED = Limits(max_bytes=200_000_000, max_nodes=50_000_000)
"""For files over the default limits (the report says which), as `--max-bytes --max-nodes`."""
SHORT = 1.5
"""Make another copy of a size only while its runs so far total less than this (seconds of
CPU: counted in wall time, a loaded machine gave the 1,000- and 2,000-referral chains a single
run each, and the last step of their exponent moved by 0.2 between runs)."""


@dataclass
class Point:
    size: int
    seconds: float
    file_bytes: int = 0
    runs: int = 1
    refused: str = ""
    """Why the default limits refuse the file (then ``seconds`` is with raised limits)."""
    cpu: float | None = None
    """The CPU time of the same calls (``time.process_time``, best over the copies): what the
    exponents are fitted on, since other work on a shared machine inflates wall time unevenly."""

    @property
    def fitted(self) -> float:
        return self.cpu if self.cpu is not None else self.seconds


@dataclass
class Curve:
    name: str
    unit: str
    setup: str
    fit_from: int
    target: bool
    """Does an exponent target apply (validate and load; the questions vs seats)?"""
    points: list[Point] = field(default_factory=list)
    most: float = TARGET_EXPONENT
    """The target's exponent."""

    @property
    def exponent(self) -> float:
        pts = [p for p in self.points if p.size >= self.fit_from]
        return loglog_slope([p.size for p in pts], [p.fitted for p in pts])

    @property
    def last_step(self) -> float:
        a, b = self.points[-2], self.points[-1]
        return math.log(b.fitted / a.fitted) / math.log(b.size / a.size)


class Copies:
    """New copies of one text, each with a different last line, each handed out once."""

    def __init__(self, folder: Path, stem: str, text: str) -> None:
        self.folder, self.stem, self.text, self.made = folder, stem, text, 0

    def next(self) -> Path:
        self.made += 1
        path = self.folder / f"{self.stem}-copy{self.made}.yaml"
        path.write_text(f"{self.text}# copy {self.made}\n", encoding="utf-8")
        return path


def best_of_copies(
    copies: Copies, fn: Callable[[Path], Any], most: int, short: float = SHORT
) -> tuple[float, int, Any, Path, float]:
    """The best wall time of ``fn(new copy)``, over copies made while the runs stay short,
    and the best CPU time."""
    best, runs, total, last, path = math.inf, 0, 0.0, None, copies.folder
    best_cpu = math.inf
    while runs < 1 or (runs < most and total < short):
        path = copies.next()
        last = None
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        last = fn(path)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        best, total, runs = min(best, elapsed), total + cpu, runs + 1
        best_cpu = min(best_cpu, cpu)
    return best, runs, last, path, best_cpu


def _errors(answer: Any, name: str) -> dict[str, int]:
    counts: dict[str, int] = answer.counts()
    if counts["error"]:
        first = next(f for f in answer.findings if f.severity == "error")
        raise RuntimeError(f"the synthetic MoU {name} does not validate: {first.render()}")
    return counts


def validate_point(folder: Path, stem: str, text: str, size: int, most: int) -> Point:
    """``govrules.validate`` of new copies; with raised limits if the default ones refuse it."""
    copies = Copies(folder, stem, text)
    seconds, runs, answer, path, cpu = best_of_copies(copies, govrules.validate, most)
    refused = next(
        (f.message for f in answer.findings if f.severity == "error" and f.code == "GR001"), ""
    )
    if refused:
        seconds, runs, answer, path, cpu = best_of_copies(
            copies, lambda p: govrules.validate(p, limits=RAISED), most
        )
    _errors(answer, path.name)
    return Point(size, seconds, path.stat().st_size, runs, refused, cpu)


def _load(path: Path) -> govrules.Trust:
    """``load`` with raised limits from the start: the limits bound the work, they do not
    change it, and a refusal by the default ones (worded by the slower reference reader) is
    not what a load of a large file is timed for."""
    from govrules.compiling.loader import load_trust

    return load_trust(path, RAISED)


def _warm_up(folder: Path) -> None:
    """Import what the timed calls use, on a small file of their own, so that the first size
    timed pays for no import (the CLI section measures imports)."""
    spec = MouSpec(seats=5, bodies=3)
    path = folder / "warm-up.yaml"
    path.write_text(mou_yaml(spec), encoding="utf-8")
    record = folder / "warm-up-record.yaml"
    record.write_text(meeting_yaml(spec, path.name), encoding="utf-8")
    trust = _load(path)
    govrules.validate(path)
    govrules.escalate(trust, deepest_body(spec))
    govrules.check(record, trust=trust)


def bench_scaling(cfg: Config) -> tuple[list[str], list[Target]]:
    folder = Path(tempfile.mkdtemp(prefix="govrules-bench-scaling-"))
    try:
        return _bench(cfg, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _bench(cfg: Config, folder: Path) -> tuple[list[str], list[Target]]:
    from govrules.evaluating.graph import escalation_issues

    most = cfg.copies
    _warm_up(folder)
    seats = Curve("`validate(file)` vs board seats", "seat", "10 bodies", cfg.fit_from, True)
    progress(f"scaling: validate vs seats {cfg.seats}")
    big_file: Path | None = None
    for n in cfg.seats:
        text = mou_yaml(MouSpec(seats=n))
        seats.points.append(validate_point(folder, f"seats-{n}", text, n, most))
        progress(f"   {n:,} seats: {fmt_s(seats.points[-1].seconds)}")
        if n == cfg.big_seats:
            big_file = folder / f"big-{n}.yaml"
            big_file.write_text(text + "# the command\n", encoding="utf-8")
    big_command = 0.0
    if big_file is not None:
        progress(f"scaling: `govrules validate` of the {cfg.big_seats:,}-seat MoU, a new process")
        argv = [*govrules_command(), "validate", str(big_file), "--format", "json"]
        argv += ["--max-bytes", str(RAISED.max_bytes), "--max-nodes", str(RAISED.max_nodes)]
        big_command = run_timed(argv, fresh_env(folder / "home"))

    bodies = Curve(
        "`validate(file)` vs bodies", "body", "20 board seats, chain depth 10", cfg.fit_from, True
    )
    progress(f"scaling: validate vs bodies {cfg.bodies}")
    for n in cfg.bodies:
        text = mou_yaml(MouSpec(seats=20, bodies=n, depth=min(10, n - 1)))
        bodies.points.append(validate_point(folder, f"bodies-{n}", text, n, most))
        progress(f"   {n:,} bodies: {fmt_s(bodies.points[-1].seconds)}")

    setup = "20 board seats, bodies = depth + 1"
    v_depth = Curve("`validate(file)` vs chain depth", "referral", setup, cfg.fit_from, True)
    l_depth = Curve("`load(file)` vs chain depth", "referral", setup, cfg.fit_from, True)
    e_depth = Curve(
        "`escalate(trust, deepest body)` vs chain depth (once per new trust)",
        "referral",
        setup,
        cfg.fit_from,
        False,
    )
    i_depth = Curve(
        "`graph.escalation_issues(trust)` (run by validate) vs chain depth",
        "referral",
        setup,
        cfg.fit_from,
        False,
    )
    progress(f"scaling: validate, load, escalate vs chain depth {cfg.depths}")
    for d in cfg.depths:
        spec = MouSpec(seats=20, bodies=d + 1, depth=d)
        text = mou_yaml(spec)
        v_depth.points.append(validate_point(folder, f"depth-{d}", text, d, most))
        copies = Copies(folder, f"load-{d}", text)
        trusts: list[govrules.Trust] = []

        def keep(path: Path, trusts: list[govrules.Trust] = trusts) -> govrules.Trust:
            trusts.append(_load(path))
            return trusts[-1]

        # Always `most` copies: each is also a new trust for escalate to be asked once.
        seconds, runs, _, path, cpu = best_of_copies(copies, keep, most, short=math.inf)
        l_depth.points.append(Point(d, seconds, path.stat().st_size, runs, cpu=cpu))
        start_body = deepest_body(spec)
        e_best = i_best = e_cpu = i_cpu = math.inf
        for trust in trusts:  # each a different trust, asked once
            t0, c0 = time.perf_counter(), time.process_time()
            answer = govrules.escalate(trust, start_body)
            t1, c1 = time.perf_counter(), time.process_time()
            escalation_issues(trust)
            t2, c2 = time.perf_counter(), time.process_time()
            e_best, i_best = min(e_best, t1 - t0), min(i_best, t2 - t1)
            e_cpu, i_cpu = min(e_cpu, c1 - c0), min(i_cpu, c2 - c1)
            if answer.final_arbiter != "board" or len(answer.steps) - PROCEDURE_STEPS != d:
                raise RuntimeError(f"escalate from {start_body} did not reach the board in {d}")
        e_depth.points.append(Point(d, e_best, 0, len(trusts), cpu=e_cpu))
        i_depth.points.append(Point(d, i_best, 0, len(trusts), cpu=i_cpu))
        trusts.clear()
        progress(
            f"   depth {d:,}: validate {fmt_s(v_depth.points[-1].seconds)}, load "
            f"{fmt_s(seconds)}, escalate {fmt_s(e_best)}"
        )

    check = Curve(
        "`check(record, trust=...)` vs attendees (a new record each run)",
        "attendee",
        "every board seat attends; 1 decision; trust loaded before",
        cfg.fit_from,
        False,
    )
    progress(f"scaling: check vs attendees {cfg.attendees}")
    for n in cfg.attendees:
        spec = MouSpec(seats=n)
        trust_path = folder / f"check-{n}.yaml"
        trust_path.write_text(mou_yaml(spec), encoding="utf-8")
        trust = _load(trust_path)
        record = Copies(folder, f"record-{n}", meeting_yaml(spec, trust_path.name))
        seconds, runs, result, path, cpu = best_of_copies(
            record, lambda p, t=trust: govrules.check(p, trust=t), most
        )
        if result.answer != "valid":
            raise RuntimeError(f"the synthetic meeting of {n} is {result.answer}")
        check.points.append(Point(n, seconds, path.stat().st_size, runs, cpu=cpu))
        progress(f"   {n:,} attendees: {fmt_s(seconds)}")
    curves = [seats, bodies, v_depth, l_depth, e_depth, i_depth, check]
    curves += _questions(cfg, folder)
    return _report(cfg, curves, big_command)


NAMED = 10
"""Members a `present=` quorum or a vote names, whatever the size of the board."""
ASKED = 200
"""Distinct questions of each kind asked of each trust."""


def _questions(cfg: Config, folder: Path) -> list[Curve]:
    """Count and `present=` quorums and votes on the board, each naming the same number of
    members, against the number of seats; and votes against the members named. Each trust is
    loaded once; then ``ASKED`` distinct questions of each kind are asked, each once, and the
    median is the figure (the first question of a kind also derives what the board's rules give
    each seat, which later questions read)."""
    curves = {
        kind: Curve(
            f"{what} vs board seats (distinct questions, median)",
            "seat",
            f"{setup}; trust loaded before",
            cfg.fit_from,
            True,
            most=TARGET_FLAT_EXPONENT,
        )
        for kind, what, setup in (
            ("count", "`quorum(count=)`", "a count and vacancies"),
            ("present", f"`quorum(present=)` naming {NAMED}", f"{NAMED} members named"),
            ("vote", f"`vote` naming {NAMED}", f"{NAMED} members named, for and against"),
        )
    }
    named = Curve(
        "`vote` vs members named (distinct questions, median)",
        "member named",
        f"a board of {max(cfg.attendees):,} seats; trust loaded before",
        cfg.fit_from,
        True,
    )
    progress(f"scaling: questions vs board seats {cfg.seats}")
    rng = random.Random(20261202)
    for n in cfg.seats:
        path = folder / f"questions-{n}.yaml"
        path.write_text(mou_yaml(MouSpec(seats=n)), encoding="utf-8")
        trust = _load(path)
        ids = [s.id for s in trust.body("board").seats]  # type: ignore[union-attr]
        for kind, curve in curves.items():
            curve.points.append(Point(n, _median(trust, kind, ids, NAMED, rng)))
        progress(f"   {n:,} seats: vote {fmt_s(curves['vote'].points[-1].seconds)}")
        del trust
    big = max(cfg.attendees)
    path = folder / f"named-{big}.yaml"
    path.write_text(mou_yaml(MouSpec(seats=big)), encoding="utf-8")
    trust = _load(path)
    ids = [s.id for s in trust.body("board").seats]  # type: ignore[union-attr]
    for k in sorted({k for k in (10, 100, 1_000, big) if k <= big}):
        named.points.append(Point(k, _median(trust, "vote", ids, k, rng)))
    return [*curves.values(), named]


def _median(trust: govrules.Trust, kind: str, ids: list[str], k: int, rng: random.Random) -> float:
    """The median wall time of ``ASKED`` distinct questions of ``kind`` naming ``k`` members."""
    seconds = []
    for i in range(ASKED):
        if kind == "count":
            kw: dict[str, Any] = {"count": i % 20, "vacancies": i // 20}
        elif kind == "present":
            kw = {"present": rng.sample(ids, k)}
        else:
            chosen = rng.sample(ids, k)
            kw = {"for_": chosen[: k // 2], "against": chosen[k // 2 :]}
        ask = govrules.vote if kind == "vote" else govrules.quorum
        start = time.perf_counter()
        ask(trust, "board", **kw)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def _report(cfg: Config, curves: list[Curve], big_command: float) -> tuple[list[str], list[Target]]:
    out = [
        "## Scaling: synthetic MoUs",
        "",
        "**Every figure here is a first-time question:** each run reads a new copy of the file "
        "(its last line differs), `load` keeps no earlier copy alive, and `escalate` and "
        "`escalation_issues` are asked once of each newly loaded trust (every depth loads "
        f"{cfg.copies} copies). `load` is given raised limits at every size (limits bound the "
        "work; they do not change it). A size's time is the "
        f"best over its copies (at most {cfg.copies}, more only while their runs total under "
        f"{SHORT} s of CPU, so a large size is timed once), after a `gc.collect()`. Files come "
        "from "
        "`benchmarks/synthetic.py` and validate with no errors (checked). The exponent is the "
        f"least-squares slope of log(time) on log(size) over sizes ≥ {cfg.fit_from}; the last "
        "step is the slope between the two largest sizes (1 = linear). Both are fitted on CPU "
        "time (`time.process_time`, the best over the copies): on a shared machine, other "
        "processes stretch wall time unevenly from one size to the next, while the CPU time "
        "of this single-threaded work moves much less. Wall time is given beside it.",
        "",
    ]
    out += table(
        [
            "Operation",
            "setup",
            "sizes",
            "exponent (fit)",
            "last step",
            "at the largest size: CPU (wall)",
        ],
        (
            [
                c.name,
                c.setup,
                f"{c.points[0].size:,} to {c.points[-1].size:,}",
                f"**{c.exponent:.2f}**",
                f"{c.last_step:.2f}",
                f"{fmt_s(c.points[-1].fitted)} ({fmt_s(c.points[-1].seconds)})",
            ]
            for c in curves
        ),
    )
    for c in curves:
        out += ["", f"{c.name}:", ""]
        refused = [p for p in c.points if p.refused]
        header = ["size", "CPU", "wall", f"CPU µs per {c.unit}", "runs (copies)"]
        header += ["file"] if any(p.file_bytes for p in c.points) else []
        rows = []
        for p in c.points:
            row = [
                f"{p.size:,}",
                fmt_s(p.fitted),
                fmt_s(p.seconds),
                fmt_us(p.fitted / p.size),
                str(p.runs),
            ]
            if any(q.file_bytes for q in c.points):
                row.append(
                    f"{p.file_bytes / 1e6:.2f} MB" + (" (raised limits)" if p.refused else "")
                )
            rows.append(row)
        out += table(header, rows)
        if refused:
            out += [
                "",
                f"The default limits refuse sizes from {refused[0].size:,} "
                f"(`{refused[0].refused}`); those were timed with `limits=Limits(max_bytes="
                f"{RAISED.max_bytes:,}, max_nodes={RAISED.max_nodes:,})`, as "
                "`govrules validate --max-bytes N --max-nodes N` does.",
            ]
    targets = [
        Target(
            f"scaling: {c.name} exponent",
            f"≤ {c.most:g} (fit and last step)",
            f"{c.exponent:.2f} fit, {c.last_step:.2f} last step "
            f"({c.points[-2].size:,} → {c.points[-1].size:,})",
            c.exponent <= c.most and c.last_step <= c.most,
        )
        for c in curves
        if c.target
    ]
    big = next((p for p in curves[0].points if p.size == cfg.big_seats), None)
    if big is not None:
        out += [
            "",
            f"### `validate` of a {big.size:,}-seat MoU",
            "",
            f"`govrules.validate` of the {big.file_bytes / 1e6:.2f} MB file: "
            f"**{fmt_s(big.fitted)} of CPU** ({fmt_s(big.seconds)} wall)"
            + (" (with raised limits: the defaults refuse it)" if big.refused else "")
            + f"; the command `govrules validate FILE --max-bytes N --max-nodes N` in a new "
            f"process: **{fmt_s(big_command)}**.",
        ]
        targets.append(
            Target(
                f"scaling: validate of a {big.size:,}-seat MoU",
                f"< {TARGET_BIG_VALIDATE_S:g} s",
                f"{fmt_s(big.fitted)} CPU, {fmt_s(big.seconds)} wall (library); "
                f"{fmt_s(big_command)} wall (command)",
                big.fitted < TARGET_BIG_VALIDATE_S if big.size >= 100_000 else None,
            )
        )
    else:
        targets.append(
            Target(
                "scaling: validate of a 100,000-seat MoU",
                f"< {TARGET_BIG_VALIDATE_S:g} s",
                f"not run (--quick: largest {cfg.big_seats:,})",
                None,
            )
        )
    return out, targets


if __name__ == "__main__":
    sys.exit(standalone("govrules benchmarks: scaling", bench_scaling, "scaling.py"))
