#!/usr/bin/env python3
"""A 200-page source document checked against a trust that quotes it: ``validate --source``
and ``coverage``, from plain text and from a PDF.

The document is synthetic but shaped like the real ones: a contents page, sections with
two and three levels of numbering, lettered lists, numbered lists inside clauses, bullets,
counts at line starts ("4 times a year") and an appendix that restarts its numbering. The
trust quotes 400 clauses (some with an elision); 10 quotes have a changed word, so the
nearest-text search runs too. Each figure is the median of a few runs of a first-time check
(a new trust file each run, the document read afresh).

    .venv/bin/python benchmarks/sources.py [--pages N] [--runs N] [-o FILE]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import govrules  # noqa: E402
from tests.documents import write_pdf  # noqa: E402

LINES_PER_PAGE = 48
VOCABULARY = (
    "the board partners shall may will meeting members chair vice decision vote majority "
    "quorum present representatives children services plan strategy review annual report "
    "responsible accountable delegated authority local trust group executive commissioning "
    "performance safeguarding consensus dispute resolution protocol agreed nominated"
)
WORDS = VOCABULARY.split()


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def make_document(pages: int, seed: int = 2026) -> tuple[list[str], list[tuple[str, str]]]:
    """The document's lines, and (clause, a sentence of it) for every numbered clause."""
    rng = random.Random(seed)
    lines = ["Synthetic Partnership Governance Arrangements", "", "Contents"]
    body: list[str] = []
    quotable: list[tuple[str, str]] = []
    section = 0
    target = pages * LINES_PER_PAGE
    while len(body) < target * 0.9:
        section += 1
        lines.append(f"{section}\tSection {section}\t{section + 2}")
        body += ["", f"{section}. Section {section} heading", ""]
        for sub in range(1, rng.randint(3, 9)):
            label = f"{section}.{sub}"
            text = _sentence(rng, rng.randint(15, 40))
            body += [f"{label} {text[:70]}", text[70:], ""]
            quotable.append((label, text[:60]))
            if rng.random() < 0.2:
                for letter in "abcd"[: rng.randint(2, 4)]:
                    item = _sentence(rng, rng.randint(6, 14))
                    body.append(f"{letter}) {item}")
                    quotable.append((f"{label} ({letter})", item[:40]))
            if rng.random() < 0.3:
                for third in range(1, rng.randint(2, 5)):
                    label3 = f"{label}.{third}"
                    text3 = _sentence(rng, rng.randint(10, 25))
                    body += [f"{label3}  {text3}", ""]
                    quotable.append((label3, text3[:50]))
            if rng.random() < 0.2:
                body += [f"{n}. {_sentence(rng, 8)}" for n in range(1, 5)]
            if rng.random() < 0.1:
                body.append(f"{rng.randint(2, 9)} times a year, or as agreed.")
            body += [f"- {_sentence(rng, 10)}" for _ in range(rng.randint(0, 3))]
    body += ["", "Appendix A: Terms of reference", ""]
    for sub in range(1, 7):
        text = _sentence(rng, 30)
        body += [f"3.2.{sub}", text, ""]
        quotable.append((f"Appendix A 3.2.{sub}", text[:50]))
    lines += body
    while len(lines) < target:
        lines.append(_sentence(rng, 12))
    return lines, quotable


def make_trust(quotable: list[tuple[str, str]], quotes: int, wrong: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    chosen = rng.sample(quotable, min(quotes, len(quotable)))
    partners = []
    for i, (clause, quote) in enumerate(chosen):
        words = quote.split()
        if i < wrong:
            words[len(words) // 2] = "unheard"
        elif i % 5 == 0 and len(words) > 6:
            words = [*words[:2], "...", *words[-3:]]
        text = " ".join(words).replace('"', "'")
        partners.append(
            f'  - {{id: p{i}, name: Partner {i}, source: {{clause: "{clause}", quote: "{text}"}}}}'
        )
    return (
        "id: synthetic\nname: Synthetic\ndocument:\n  title: Synthetic arrangements\n"
        "partners:\n" + "\n".join(partners) + "\nbodies:\n  - id: board\n    name: Board\n"
        "    seats:\n      - {id: member, title: Member, partner: p0, count: 10}\n"
    )


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds (the CPU time of this process and its children)."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), _cpu()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _cpu() -> float:
    mine, children = os.times()[:2], os.times()[2:4]
    return sum(mine) + sum(children)


def _command(*args: str) -> Callable[[], object]:
    def run() -> object:
        return subprocess.run(
            [sys.executable, "-m", "govrules", *args], capture_output=True, check=False
        )

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("-o", "--output", help="Write the Markdown report here.")
    args = parser.parse_args()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines, quotable = make_document(args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        txt = folder / "doc.txt"
        txt.write_text("\n".join(lines) + "\n", encoding="utf-8")
        per_page = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
        pdf = write_pdf(folder / "doc.pdf", per_page)
        trust = folder / "trust.yaml"
        trust.write_text(make_trust(quotable, 400, 10), encoding="utf-8")
        checked = govrules.check_sources(trust, txt)
        cov = govrules.coverage(trust, txt)
        from govrules.authoring.sourcedoc import read_document, read_text

        rows = [
            ("read and recognise the clauses, .txt", _time(lambda: read_document(txt), args.runs)),
            (
                "`validate --source` (library), .txt",
                _time(lambda: govrules.check_sources(trust, txt), args.runs),
            ),
            ("`coverage` (library), .txt", _time(lambda: govrules.coverage(trust, txt), args.runs)),
            ("extract the text of the PDF (pypdf)", _time(lambda: read_text(pdf), args.runs)),
            (
                "`validate --source` (library), .pdf",
                _time(lambda: govrules.check_sources(trust, pdf), args.runs),
            ),
            (
                "`govrules validate TRUST --source DOC.txt`, a new process",
                _time(_command("validate", str(trust), "--source", str(txt)), args.runs),
            ),
            (
                "`govrules coverage TRUST --source DOC.txt`, a new process",
                _time(_command("coverage", str(trust), "--source", str(txt)), args.runs),
            ),
            (
                "`govrules validate TRUST --source DOC.pdf`, a new process",
                _time(_command("validate", str(trust), "--source", str(pdf)), args.runs),
            ),
        ]
        pdf_checked = govrules.check_sources(trust, pdf)
        report = [
            "# Source documents: a 200-page document",
            "",
            f"`benchmarks/sources.py --pages {args.pages} --runs {args.runs}`: a synthetic "
            f"document of {len(lines):,} lines ({args.pages} pages of {LINES_PER_PAGE} lines, "
            f"{txt.stat().st_size / 1e6:.2f} MB as text, {pdf.stat().st_size / 1e6:.2f} MB as "
            f"PDF), {len(read_document(txt).clauses):,} clauses recognised; a trust quoting "
            f"{checked.quotes} of them ({checked.quotes_found} found under their clause, "
            f"{len([f for f in checked.findings if f.code == 'GR312'])} with a changed word, "
            f"each given its nearest text). Coverage: {cov.percent}% "
            f"({cov.counts()['unaccounted']:,} clauses unaccounted). From the PDF: "
            f"{pdf_checked.quotes_found} found. Median of {args.runs} runs, seconds; the "
            f"machine's load average at the start was {load}, on {os.cpu_count()} CPUs, so "
            "wall time runs well above CPU time.",
            "",
            "| Step | wall s | CPU s |",
            "|---|---|---|",
            *[f"| {name} | {wall:.2f} | {cpu:.2f} |" for name, (wall, cpu) in rows],
            "",
        ]
    text = "\n".join(report)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
