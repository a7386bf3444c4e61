"""Memory: distinct questions on a large synthetic trust must not pile up.

A child process loads a synthetic trust (10,000 board seats in the full run), then asks
distinct questions (seeded random; count quorums, ``present=`` quorums, ``voters`` and
``vote``, in turn), dropping each answer, and reports its resident set size (RSS) before,
along the way and after. The issue's target: 10,000 distinct questions add < 50 MB. The
child stops early after a time budget, and the report then says how many were asked.

    .venv/bin/python benchmarks/memory.py [--quick]
"""

from __future__ import annotations

import gc
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import (
    SEED,
    TARGET_MEMORY_MB,
    Config,
    Target,
    fmt_s,
    progress,
    standalone,
    table,
)
from synthetic import FINAL_ARBITER, MouSpec, mou_yaml

KINDS = ("quorum count", "quorum present", "voters", "vote")


def _status(field: str) -> int:
    """A size in bytes from /proc/self/status (VmRSS, VmHWM)."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _questions(rng: random.Random, seats: int, places: int, partners: list[str]) -> Any:
    """An endless stream of distinct (kind, kwargs) questions, the kinds in turn."""
    ids = [f"seat-{i}" for i in range(1, seats + 1)]
    seen: set[Any] = set()
    turn = 0
    while True:
        kind = KINDS[turn % len(KINDS)]
        if kind == "quorum count":
            vacancies = rng.randint(0, 3)  # never more attendees than places filled
            kw: dict[str, Any] = {
                "count": rng.randint(0, places - vacancies),
                "vacancies": vacancies,
            }
            key: Any = (kind, kw["count"], kw["vacancies"])
        elif kind == "quorum present":
            present = rng.sample(ids, rng.randint(1, 50))
            kw, key = {"present": present}, (kind, frozenset(present))
        elif kind == "voters":
            # The board is the procedure's final arbiter, not a body it applies to: asked
            # "under the procedure", the board is refused; the matter varies instead.
            names = rng.sample(partners, rng.randint(0, 2)) + rng.sample(ids, rng.randint(0, 2))
            doing = rng.sample(partners, rng.randint(0, 1))
            kw = {"affects": names, "implementers": doing}
            key = (kind, frozenset(names), frozenset(doing))
        else:
            chosen = rng.sample(ids, rng.randint(1, 50))
            cut1, cut2 = sorted(rng.sample(range(len(chosen) + 1), 2))
            kw = {"for_": chosen[:cut1], "against": chosen[cut1:cut2], "abstain": chosen[cut2:]}
            key = (kind, *(frozenset(v) for v in kw.values()))
        if key in seen:
            continue
        seen.add(key)
        turn += 1
        yield kind, kw


def child(path: str, seats: int, questions: int, budget: float) -> dict[str, Any]:
    import govrules
    from govrules.compiling.loader import load_trust
    from govrules.reading.sourcefile import Limits

    trust = load_trust(path, Limits(max_bytes=200_000_000, max_nodes=50_000_000))
    board = trust.body(FINAL_ARBITER)
    assert board is not None
    partners = [p.id for p in trust.partners]
    asks = {
        "quorum count": lambda kw: govrules.quorum(trust, FINAL_ARBITER, **kw),
        "quorum present": lambda kw: govrules.quorum(trust, FINAL_ARBITER, **kw),
        "voters": lambda kw: govrules.voters(trust, FINAL_ARBITER, **kw),
        "vote": lambda kw: govrules.vote(trust, FINAL_ARBITER, **kw),
    }
    stream = _questions(random.Random(SEED), seats, board.members_total, partners)
    # Drawn before the baseline, so that the questions' own memory is not counted as theirs.
    drawn = [next(stream) for _ in range(questions)]
    gc.collect()
    rss0, hwm_load = _status("VmRSS"), _status("VmHWM")
    try:  # reset the peak, so that it shows the questions' peak, not the load's
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
    except OSError:
        pass
    spent = dict.fromkeys(KINDS, 0.0)
    asked = dict.fromkeys(KINDS, 0)
    checkpoints: list[tuple[int, int]] = []
    started = time.perf_counter()
    n = 0
    while n < questions and time.perf_counter() - started < budget:
        kind, kw = drawn[n]
        t0 = time.perf_counter()
        answer = asks[kind](kw)
        spent[kind] += time.perf_counter() - t0
        del answer
        asked[kind] += 1
        n += 1
        if n % max(1, questions // 10) == 0:
            checkpoints.append((n, _status("VmRSS")))
    gc.collect()
    return {
        "rss_before": rss0,
        "rss_after": _status("VmRSS"),
        "peak_during": _status("VmHWM"),
        "peak_load": hwm_load,
        "asked": asked,
        "spent": spent,
        "elapsed": time.perf_counter() - started,
        "checkpoints": checkpoints,
    }


def bench_memory(cfg: Config) -> tuple[list[str], list[Target]]:
    seats, wanted = cfg.memory_seats, cfg.memory_questions
    progress(
        f"memory: up to {wanted:,} distinct questions on a {seats:,}-seat trust "
        f"(budget {cfg.memory_budget_s:.0f} s)"
    )
    folder = Path(tempfile.mkdtemp(prefix="govrules-bench-memory-"))
    try:
        path = folder / f"seats-{seats}.yaml"
        path.write_text(mou_yaml(MouSpec(seats=seats)), encoding="utf-8")
        here = str(Path(__file__).resolve())
        budget = str(cfg.memory_budget_s)
        done = subprocess.run(
            [*(sys.executable, here, "--child", str(path)), str(seats), str(wanted), budget],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(done.stdout)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _report(cfg, r)


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def _report(cfg: Config, r: dict[str, Any]) -> tuple[list[str], list[Target]]:
    seats, wanted = cfg.memory_seats, cfg.memory_questions
    total = sum(r["asked"].values())
    added = r["rss_after"] - r["rss_before"]
    peak = r["peak_during"] - r["rss_before"]
    out = [
        f"## Memory: distinct questions on a {seats:,}-seat synthetic trust",
        "",
        "**Every question here is asked once.** A child process loads the trust (from "
        "`synthetic.py`, default `MouSpec` but the seats), then asks distinct questions "
        f"(seed {SEED}) in turn: a count quorum (0 to 3 places vacant, never more attendees than "
        "places filled), a `present=` quorum of 1 to 50 seats, `voters` (0 to 4 affected "
        "partners or seats, 0 or 1 implementing partner) and a `vote` "
        "of 1 to 50 seats, dropping each answer (the questions are drawn before the first "
        "RSS reading). RSS from `/proc/self/status`, after a "
        f"`gc.collect()`; the peak is VmHWM, reset after the load. Budget: "
        f"{cfg.memory_budget_s:.0f} s of questions.",
        "",
    ]
    out += table(
        ["Kind", "asked", "mean per question"],
        (
            [
                k,
                f"{r['asked'][k]:,}",
                fmt_s(r["spent"][k] / r["asked"][k]) if r["asked"][k] else "none",
            ]
            for k in KINDS
        ),
    )
    out += [""]
    out += table(
        ["", ""],
        [
            ["questions asked", f"**{total:,}** of {wanted:,} in {fmt_s(r['elapsed'])}"],
            ["RSS after loading the trust", _mb(r["rss_before"])],
            ["peak RSS while loading", _mb(r["peak_load"])],
            ["RSS after the questions", _mb(r["rss_after"])],
            ["**added by the questions**", f"**{_mb(added)}**"],
            ["peak while asking, over the loaded trust", _mb(peak)],
        ],
    )
    if r["checkpoints"]:
        out += [
            "",
            "RSS along the way (questions asked: MB over the loaded trust): "
            + ", ".join(
                f"{n:,}: {(rss - r['rss_before']) / 1e6:+.1f}" for n, rss in r["checkpoints"]
            )
            + ".",
        ]
    complete = total >= wanted
    if not complete:
        out += [
            "",
            f"**Only {total:,} of the {wanted:,} questions were asked within the budget:** "
            "today a `voters` or `vote` question on this trust costs the time shown above, "
            "so the full count would take "
            + fmt_s(
                sum(
                    r["spent"][k] / r["asked"][k] * wanted / len(KINDS)
                    for k in KINDS
                    if r["asked"][k]
                )
            )
            + ". The memory figure is for the questions asked.",
        ]
    met: bool | None = added / 1e6 < TARGET_MEMORY_MB
    measured = f"{_mb(added)} after {total:,} questions (peak {_mb(peak)})"
    if not complete:
        measured += f"; only {total:,} of {wanted:,} asked in the budget"
        met = None if met else False
    if seats < 10_000 or wanted < 10_000:
        met = None  # --quick: not the sizes the target names
    return out, [
        Target(
            f"memory: {wanted:,} distinct questions on a {seats:,}-seat trust",
            f"add < {TARGET_MEMORY_MB:g} MB",
            measured,
            met,
        )
    ]


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        result = child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))
        sys.stdout.write(json.dumps(result))
        sys.exit(0)
    sys.exit(standalone("govrules benchmarks: memory", bench_memory, "memory.py"))
