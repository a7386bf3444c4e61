"""govrules benchmarks: first-time questions only, side by side, in one Markdown report.

Run from the repository root::

    .venv/bin/python benchmarks/run.py -o benchmarks/RESULTS.md   # the full run
    .venv/bin/python benchmarks/run.py --quick                     # small sizes, few runs
    .venv/bin/python benchmarks/run.py --only cli --only library   # some sections

Each section is also a script of its own (``cli.py``, ``library.py``, ``scaling.py``,
``memory.py``). The report goes to standard output (and to ``-o FILE``); progress goes to
standard error. ``benchmarks/README.md`` explains the figures.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from cli import bench_cli
from common import FULL, QUICK, Section, report
from library import bench_library
from memory import bench_memory
from scaling import bench_scaling

SECTIONS: dict[str, Section] = {
    "cli": bench_cli,
    "library": bench_library,
    "scaling": bench_scaling,
    "memory": bench_memory,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs")
    parser.add_argument("--cli-runs", type=int, help="runs of each CLI command")
    parser.add_argument(
        "--only", choices=list(SECTIONS), action="append", help="run only these sections"
    )
    parser.add_argument("-o", "--output", help="also write the Markdown report to this file")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    if args.cli_runs:
        cfg = replace(cfg, cli_runs=args.cli_runs)
    chosen = [SECTIONS[name] for name in SECTIONS if not args.only or name in args.only]
    report("govrules benchmarks", cfg, chosen, "benchmarks/run.py", args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
