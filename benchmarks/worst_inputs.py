"""The worst inputs the default limits let through: time and memory to read and to format them.

Run from the repository root::

    .venv/bin/python benchmarks/worst_inputs.py -o benchmarks/WORST.md   # about 5 minutes here
    .venv/bin/python benchmarks/worst_inputs.py --quick                  # small sizes only

Each input is made at growing sizes up to ``max_bytes`` (1 MB), and each measurement runs in a
fresh process, which reports the CPU seconds of the operation and its peak memory (maximum
resident set size). Two operations: ``read`` is :func:`govrules.reading.yamlsource.parse_yaml` (what
every command does first: the fast reader, then the reference reader when the file needs it);
``fmt`` is ``govrules fmt --check``. The exponent is fitted between the two largest sizes: 1 is
linear, 2 quadratic. CPU time, not wall time: the machine is shared. The report is Markdown on
standard output (and to ``-o FILE``); ``benchmarks/WORST.md`` explains the numbers of a run.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

MAX_BYTES = 1_000_000
HEAD = "id: x\nname: X\nitems:\n  - a\n"


def _fill(unit: str, size: int, head: str = HEAD, tail: str = "") -> str:
    count = max(1, (size - len(head) - len(tail)) // len(unit))
    return head + unit * count + tail


def _items(size: int) -> str:
    # Numbered items, under the 50,000-node limit at 1 MB.
    out, i = [HEAD], 0
    total = len(HEAD)
    while i < 49_000:
        line = f"  - item-{i:06d}-{'x' * 8}\n"
        if total + len(line) > size:
            break
        out.append(line)
        total += len(line)
        i += 1
    return "".join(out)


def _interleaved(size: int) -> str:
    out, i = [HEAD], 0
    total = len(HEAD)
    while i < 49_000:  # under the 50,000-node limit
        pair = f"  # note {i}\n  - v{i}  # e\n"
        if total + len(pair) > size:
            break
        out.append(pair)
        total += len(pair)
        i += 1
    return "".join(out)


CASES: dict[str, tuple[str, Callable[[int], str]]] = {
    "comment-lines": ("`#` lines after a value", lambda n: _fill("#\n", n)),
    "comment-lines-tab": (
        "the same, with a tab at the end (read by the reference reader)",
        lambda n: _fill("#\n", n, tail='x: "\t"\n'),
    ),
    "indented-comments": ("indented comment lines after a value", lambda n: _fill("  # c\n", n)),
    "comment-between-keys": (
        "comment lines between two keys",
        lambda n: _fill("#\n", n, head="id: x\n", tail="name: X\n"),
    ),
    "interleaved": ("a comment above and beside every list item", _interleaved),
    "one-long-comment": (
        "one comment line as long as the file",
        lambda n: _fill("c", n, HEAD + "#"),
    ),
    "list-items": ("plain list items up to the node limit", _items),
}

CHILD = """
import json, resource, sys, time
from pathlib import Path
op, path = sys.argv[1], sys.argv[2]
if op == "read":
    from govrules.reading.yamlsource import parse_yaml
    raw = Path(path).read_bytes()
    start = time.process_time()
    try:
        parse_yaml(raw, path)
        outcome = "read"
    except Exception as exc:
        outcome = "refused: " + str(exc).replace(path, "FILE")[:100]
else:
    from govrules.authoring.fmt import format_files
    start = time.process_time()
    [result] = format_files([path], check=True)
    error = str(result.error).replace(path, "FILE")[:100]
    outcome = "refused: " + error if result.error else "formatted"
seconds = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps({"seconds": seconds, "mb": peak, "outcome": outcome}))
"""


def measure(op: str, path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, op, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={"GOVRULES_CACHE_DIR": "", "PATH": "/usr/bin:/bin"},
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def exponent(sizes: list[int], seconds: list[float]) -> str:
    (a, b), (ta, tb) = sizes[-2:], seconds[-2:]
    if ta <= 0.02 or tb <= 0.02:
        return "—"  # too fast to fit
    return f"{math.log(tb / ta) / math.log(b / a):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes up to 125 kB only")
    parser.add_argument("-o", "--output", type=Path, help="also write the report here")
    args = parser.parse_args()
    top = MAX_BYTES // 8 if args.quick else MAX_BYTES
    sizes = [top // 4, top // 2, top]
    lines = [
        "# Worst inputs: reading and formatting at the size limit",
        "",
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()}; "
        f"sizes {', '.join(f'{s // 1000} kB' for s in sizes)}; CPU seconds, peak MB.",
        "",
        "| input | op | "
        + " | ".join(f"{s // 1000} kB" for s in sizes)
        + " | exponent | outcome |",
        "| --- | --- | " + " | ".join("---" for _ in sizes) + " | --- | --- |",
    ]
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        for case, (description, make) in CASES.items():
            for op in ("read", "fmt"):
                cells, seconds, outcome = [], [], ""
                for size in sizes:
                    path = Path(folder) / f"{case}-{size}.yaml"
                    path.write_text(make(size), encoding="utf-8")
                    result = measure(op, path)
                    seconds.append(float(str(result["seconds"])))
                    cells.append(f"{seconds[-1]:.2f} s, {result['mb']} MB")
                    outcome = str(result["outcome"])
                    print(
                        f"[{time.monotonic() - started:5.0f} s] {case} {op} {size}: {cells[-1]}",
                        file=sys.stderr,
                    )
                row = f"| {description} | {op} | " + " | ".join(cells)
                lines.append(f"{row} | {exponent(sizes, seconds)} | {outcome} |")
    report = "\n".join(lines) + "\n"
    sys.stdout.write(report)
    if args.output:
        args.output.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
