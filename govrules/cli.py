"""The ``govrules`` command: a thin layer over the library.

Exit status: 0 yes, 1 no, 2 the question could not be answered (bad input), 3 the MoU does
not settle it, 4 the question lacks a fact the answer depends on (the answer's ``needs``).
Errors are one line on stderr; a traceback appears only with ``--debug``.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import json
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any

import click

__all__ = ["cli", "run"]

EXIT = {
    "quorate": 0,
    "inquorate": 1,
    "carried": 0,
    "lost": 1,
    "tied": 1,
    "determined": 0,
    "shown": 0,
    "valid": 0,
    "invalid": 1,
    "ok": 0,
    "problems": 1,
    "passed": 0,
    "failed": 1,
    "eligible": 0,
    "ineligible": 1,
    "clean": 0,
    "findings": 1,
    "unchanged": 0,
    "changed": 1,
    "unspecified": 3,
    "incomplete": 4,
    "error": 2,
}

FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts (the library's answer, one document).",
)

TRUSTS_DIR = click.option(
    "--trusts-dir",
    "trusts_dir",
    type=click.Path(exists=True, file_okay=False),
    metavar="DIR",
    help="Refuse a record or scenario whose trust: leads (after symlinks) outside DIR; "
    "bundled trusts' names are always allowed.",
)


def _ids(value: str | None) -> list[str]:
    if value is None:
        return []
    return [part.strip() for part in value.split(",") if part.strip()]


def _matter_ids(value: str | None) -> list[str] | None:
    """``--affects``/``--implementer``: absent is "not described", ``none`` is nobody."""
    if value is None:
        return None
    if value.strip().lower() == "none":
        return []
    return _ids(value)


def emit(answer: Any, fmt: str) -> None:
    """Print an answer and exit with its status."""
    data = answer.to_dict()
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        from .render import render_text

        click.echo(render_text(data))
    sys.exit(exit_status(data))


def exit_status(data: dict[str, Any]) -> int:
    """The exit status of an answer: by its word, and for a vote by its effect (0 only when
    carried and binding). An answer word the table does not know is an internal error (2),
    never a silent 0."""
    word = data.get("answer")
    if word not in EXIT:
        click.echo(f"govrules: error: internal: no exit status for the answer `{word}`", err=True)
        return 2
    if data.get("question") == "vote" and word == "carried":
        return {"binding": 0, "in-principle": 1, "void": 1}.get(data.get("effect", ""), 3)
    return EXIT[word]


class _Cli(click.Group):
    def main(self, args: Sequence[str] | None = None, *a: Any, **kw: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if not argv:  # a bare `govrules` asks what it can do
            argv = ["--help"]
        debug = "--debug" in argv
        if debug:
            argv.remove("--debug")
        try:
            return super().main(argv, *a, standalone_mode=False, **kw)  # type: ignore[call-overload]
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            # One line, as for every other error; the usage is one `--help` away.
            sub = exc.ctx is not None and exc.ctx.parent is not None
            command = f" {exc.ctx.info_name}" if sub and exc.ctx else ""
            click.echo(
                f"govrules: error: {exc.format_message()} (see `govrules{command} --help`)",
                err=True,
            )
            sys.exit(2)
        except click.ClickException as exc:
            click.echo(f"govrules: error: {exc.format_message()}", err=True)
            sys.exit(2)
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(2)
        except SystemExit:
            raise
        except OSError as exc:
            click.echo(f"govrules: error: cannot write the answer: {exc.strerror or exc}", err=True)
            sys.exit(2)
        except Exception as exc:
            from .errors import GovrulesError

            if isinstance(exc, GovrulesError):
                from .errors import LoadError

                line = exc.render() if isinstance(exc, LoadError) else str(exc)
                click.echo(f"govrules: error: {line}", err=True)
                if debug:
                    traceback.print_exc()
                sys.exit(2)
            if debug:
                traceback.print_exc()
            click.echo(
                f"govrules: internal error: {type(exc).__name__}: {exc} "
                "(please report it; run again with --debug for the details)",
                err=True,
            )
            sys.exit(2)


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govrules")
def cli() -> None:
    """Answer procedural questions from a partnership's Memorandum of Understanding.

    TRUST is a bundled trust (rutland, wirral, durham, cumbria, suffolk) or a YAML file.
    Exit status: 0 yes, 1 no, 2 could not answer, 3 the MoU does not settle it.
    Add --debug anywhere to see a traceback for an internal error.
    """


_AS_OF: contextvars.ContextVar[dt.date | None] = contextvars.ContextVar("as_of", default=None)


def _load(trust: str) -> Any:
    from .versions import load_as_of

    return load_as_of(trust, _AS_OF.get())


def as_of_option(f: Callable[..., None]) -> Callable[..., None]:
    """Add ``--as-of DATE``: answer from the version of the MoU in force on that date."""

    @functools.wraps(f)
    def wrapper(*args: Any, as_of: dt.datetime | None = None, **kwargs: Any) -> None:
        token = _AS_OF.set(as_of.date() if as_of else None)
        try:
            f(*args, **kwargs)
        finally:
            _AS_OF.reset(token)

    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(["%Y-%m-%d"]),
        metavar="DATE",
        help="Use the rules in force on this date (TRUST may be a folder of versions).",
    )(wrapper)


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Treat warnings as failures.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
    help="text for people (coloured on a terminal), json for scripts, sarif for review tools.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    metavar="N",
    help="Read files up to N bytes (default 1000000).",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    metavar="N",
    help="Read files of up to N YAML nodes, aliases expanded (default 50000).",
)
def validate(
    files: tuple[str, ...], strict: bool, fmt: str, max_bytes: int | None, max_nodes: int | None
) -> None:
    """Check MoU files: schema, references and semantic checks, each finding located.

    The default limits refuse a file over 1 MB or 50,000 YAML nodes (a real MoU is some 40 kB);
    raise them with --max-bytes and --max-nodes to check a very large one.
    """
    from .findings import validate as run
    from .sourcefile import Limits

    raised = {"max_bytes": max_bytes, "max_nodes": max_nodes}
    limits = Limits(**{name: n for name, n in raised.items() if n is not None})
    result = run(*files, strict=strict, limits=limits)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        sys.exit(_validate_status(result))
    if fmt == "sarif":
        click.echo(json.dumps(result.to_sarif(), indent=2, ensure_ascii=False))
        sys.exit(_validate_status(result))
    from .render import render_findings

    click.echo(render_findings(result))
    sys.exit(_validate_status(result))


def _validate_status(result: Any) -> int:
    # A file that could not be read or parsed at all is exit 2, as for every command; the
    # findings are still printed.
    if any(f.code == "GR001" for f in result.findings):
        return 2
    return EXIT[result.answer]


@cli.command()
@click.argument("trust")
@click.argument("body", required=False)
@as_of_option
@FORMAT
def show(trust: str, body: str | None, fmt: str) -> None:
    """The rules in plain words, each with its clause."""
    from .describe import show as run

    emit(run(_load(trust), body), fmt)


@cli.command()
@click.argument("trust")
@click.argument("body")
@click.option(
    "--present",
    metavar="IDS",
    help="Comma-separated seat ids present (a seat with k places up to k times).",
)
@click.option(
    "--count",
    type=click.IntRange(min=0),
    metavar="N",
    help="Number of members present (give this or --present).",
)
@click.option(
    "--vacancies",
    type=click.IntRange(min=0),
    default=None,
    help="Vacant seats, for quorums counted on filled seats (not given: the answer says "
    "whether the vacancies matter).",
)
@as_of_option
@FORMAT
def quorum(
    trust: str, body: str, present: str | None, count: int | None, vacancies: int | None, fmt: str
) -> None:
    """Is a meeting of BODY quorate? Give exactly one of --present or --count."""
    from .quorate import quorum as run

    if (present is None) == (count is None):
        raise click.UsageError("give exactly one of --present or --count")
    emit(
        run(
            _load(trust),
            body,
            present=_ids(present) if present is not None else None,
            count=count,
            vacancies=vacancies,
        ),
        fmt,
    )


MATTER = [
    click.option("--procedure", metavar="ID", help="Procedure id, e.g. conflict-resolution."),
    click.option(
        "--affects",
        metavar="PARTNERS",
        help="Partners (or seats) whose statutory duty, powers or finances the matter affects "
        "(`none`: nobody; absent: the matter is not described).",
    ),
    click.option(
        "--implementer",
        "implementer",
        metavar="PARTNERS",
        help="Partners (or seats) responsible for implementing the decision (`none`: nobody).",
    ),
]


def _matter_options(f: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(MATTER):
        f = option(f)
    return f


@cli.command()
@click.argument("trust")
@click.argument("body")
@_matter_options
@as_of_option
@FORMAT
def voters(
    trust: str,
    body: str,
    procedure: str | None,
    affects: str | None,
    implementer: str | None,
    fmt: str,
) -> None:
    """Who may vote in BODY (under a procedure, on a given matter)?"""
    from .voting import voters as run

    emit(
        run(
            _load(trust),
            body,
            procedure=procedure,
            affects=_matter_ids(affects),
            implementers=_matter_ids(implementer),
        ),
        fmt,
    )


@cli.command()
@click.argument("trust")
@click.argument("body")
@click.option(
    "--for", "for_", default="", metavar="IDS", help="Comma-separated seat ids voting for."
)
@click.option(
    "--against", default="", metavar="IDS", help="Comma-separated seat ids voting against."
)
@click.option("--abstain", default="", metavar="IDS", help="Comma-separated seat ids abstaining.")
@click.option(
    "--present",
    metavar="IDS",
    help="Comma-separated seat ids present (default: everyone who voted or abstained).",
)
@click.option(
    "--chair-casts",
    type=click.Choice(["for", "against"]),
    help="The chair's casting vote, where a tie is broken by one.",
)
@click.option(
    "--matter-kind",
    help="The kind of matter (e.g. appointment), where the rules treat some kinds differently.",
)
@click.option(
    "--invalid",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Invalid (spoilt) ballots, in votes; counted where the base is the ballots cast.",
)
@_matter_options
@as_of_option
@FORMAT
def vote(
    trust: str,
    body: str,
    for_: str,
    against: str,
    abstain: str,
    present: str | None,
    chair_casts: str | None,
    matter_kind: str | None,
    invalid: int,
    procedure: str | None,
    affects: str | None,
    implementer: str | None,
    fmt: str,
) -> None:
    """Was a resolution of BODY carried, and is it binding?"""
    from .voting import vote as run

    emit(
        run(
            _load(trust),
            body,
            for_=_ids(for_),
            against=_ids(against),
            abstain=_ids(abstain),
            present=_ids(present) if present is not None else None,
            chair_casts=chair_casts,  # type: ignore[arg-type]
            procedure=procedure,
            affects=_matter_ids(affects),
            implementers=_matter_ids(implementer),
            matter_kind=matter_kind,
            invalid=invalid,
        ),
        fmt,
    )


@cli.command()
@click.argument("trust")
@click.argument("body")
@click.option("--procedure", metavar="ID", help="Procedure id, e.g. conflict-resolution.")
@as_of_option
@FORMAT
def escalate(trust: str, body: str, procedure: str | None, fmt: str) -> None:
    """Where does a dispute in BODY go next, and when? The steps to the final arbiter."""
    from .escalation import escalate as run

    emit(run(_load(trust), body, procedure=procedure), fmt)


@cli.command()
@click.argument("trust")
@click.argument("body")
@click.argument("seat")
@click.option(
    "--office", type=click.Choice(["chair", "vice-chair"]), default="chair", show_default=True
)
@click.option(
    "--other-holder",
    help="The seat holding the other office, where the rules forbid both from one organisation.",
)
@as_of_option
@FORMAT
def eligible(
    trust: str, body: str, seat: str, office: str, other_holder: str | None, fmt: str
) -> None:
    """May the holder of SEAT be chair (or vice-chair) of BODY?"""
    from .offices import eligible as run

    emit(
        run(
            _load(trust),
            body,
            seat,
            office=office,  # type: ignore[arg-type]
            other_holder=other_holder,
        ),
        fmt,
    )


@cli.command()
@click.argument("trust")
@click.argument("records", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--from",
    "start",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="DATE",
    help="Start of the period.",
)
@click.option(
    "--to", "end", type=click.DateTime(["%Y-%m-%d"]), metavar="DATE", help="End of the period."
)
@TRUSTS_DIR
@FORMAT
def audit(
    trust: str,
    records: tuple[str, ...],
    start: Any,
    end: Any,
    trusts_dir: str | None,
    fmt: str,
) -> None:
    """Audit a series of meeting records (files or folders): frequency, attendance follow-up,
    elections due and minutes, each finding with its clause."""
    from .audit import audit as run
    from .audit import record_files

    emit(
        run(
            _load(trust),
            record_files(records),
            start=start.date() if start else None,
            end=end.date() if end else None,
            trust_root=trusts_dir,
        ),
        fmt,
    )


@cli.command(name="diff")
@click.argument("old")
@click.argument("new")
@FORMAT
def diff_command(old: str, new: str, fmt: str) -> None:
    """What changes in practice between two versions of a MoU (exit 0 none, 1 changes)."""
    from .diff import diff as run

    emit(run(_load(old), _load(new)), fmt)


@cli.command()
@click.argument("trust")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot", "svg"]),
    default="mermaid",
    show_default=True,
    help="mermaid renders inside Markdown; dot is for Graphviz; svg needs Graphviz installed.",
)
@click.option(
    "--view", type=click.Choice(["structure", "escalation"]), default="structure", show_default=True
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a file.")
@as_of_option
def graph(trust: str, fmt: str, view: str, output: str | None) -> None:
    """The structure chart (bodies, chairs, lines) or the escalation routes of TRUST."""
    from .charts import chart, render_svg

    loaded = _load(trust)
    text = render_svg(chart(loaded, "dot", view)) if fmt == "svg" else chart(loaded, fmt, view)
    _write_or_echo(text, output)


@cli.command()
@click.argument("trusts", nargs=-1, required=True)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), required=True, help="The HTML file to write."
)
@as_of_option
def report(trusts: tuple[str, ...], output: str) -> None:
    """One self-contained HTML review page for TRUSTS: charts, rules, procedures, findings."""
    from .report import report_html

    _write_or_echo(report_html([(name, _load(name)) for name in trusts]), output)
    click.echo(f"wrote {output}", err=True)


def _write_or_echo(text: str, output: str | None) -> None:
    if output:
        from .files import write_atomic

        write_atomic(output, text if text.endswith("\n") else text + "\n")
    else:
        click.echo(text)


@cli.command(name="fmt")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if any file would change (for CI).",
)
def fmt_command(files: tuple[str, ...], check_only: bool) -> None:
    """Lay out YAML files canonically, keeping comments, order and quoting (atomic writes)."""
    from .fmt import format_files

    results = format_files(files, check=check_only)
    for r in results:
        if r.error is not None:
            click.echo(f"govrules: error: {r.error.render()}", err=True)
        elif r.changed:
            click.echo(f"{'would reformat' if check_only else 'reformatted'} {r.path}")
    changed = sum(r.changed for r in results)
    errors = sum(r.error is not None for r in results)
    click.echo(
        f"{len(results)} file(s): {changed} {'to reformat' if check_only else 'reformatted'}"
        f", {errors} unreadable",
        err=True,
    )
    sys.exit(2 if errors else (1 if check_only and changed else 0))


@cli.command(name="check")
@click.argument("record", type=click.Path(dir_okay=True))
@TRUSTS_DIR
@FORMAT
def check_command(record: str, trusts_dir: str | None, fmt: str) -> None:
    """Is this recorded meeting, and each decision in it, valid under the MoU?

    RECORD is a YAML file: trust (a bundled name, or a path relative to the record), body,
    date, attendees, substitutes and decisions (motion, for, against, abstain, chair_casts,
    procedure, objection_date, affects, implementers, interests); see the README.
    Exit 0 valid, 1 invalid, 2 a malformed record, 3 the MoU does not settle it.
    """
    from .meetings import check as run

    emit(run(record, trust_root=trusts_dir), fmt)


@cli.command(name="test")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--verbose", "-v", is_flag=True, help="List passing cases too.")
@TRUSTS_DIR
@FORMAT
def test_command(files: tuple[str, ...], verbose: bool, trusts_dir: str | None, fmt: str) -> None:
    """Run scenario files: questions with expected answers (exit 0 all pass, 1 otherwise)."""
    from .scenarios import run_scenarios

    report = run_scenarios(files, trust_root=trusts_dir)
    if fmt == "json":
        emit(report, fmt)
    for r in report.results:
        where = ":".join(str(x) for x in (r.file, r.line) if x is not None)
        clause = f" [{r.clause}]" if r.clause else ""
        if r.status == "passed":
            if verbose:
                click.echo(f"PASS {where}: {r.name}{clause}")
            continue
        click.echo(f"{r.status.upper()} {where}: {r.name}{clause}")
        for problem in r.problems:
            click.echo(f"    {problem}")
        if r.explanation:
            click.echo("    the answer's explanation:")
            for line in r.explanation:
                click.echo(f"      - {line}")
    click.echo(f"{report.passed} passed, {report.failed} failed")
    sys.exit(EXIT[report.answer])


@cli.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a file.")
def schema(output: str | None) -> None:
    """Print the JSON Schema of the MoU format (for editors)."""
    from .schema import json_schema

    text = json.dumps(json_schema(), indent=2)
    if output:
        from .files import write_atomic

        write_atomic(output, text + "\n")
    else:
        click.echo(text)


# One line each in `govrules --help` (the docstrings say more under each command's --help).
_SHORT_HELP = {
    "audit": "Audit meeting records over a year: frequency, absences, elections.",
    "quorum": "Is a meeting of BODY quorate?",
    "check": "Is a recorded meeting, and each decision in it, valid?",
    "diff": "What changes in practice between two versions of a MoU.",
    "escalate": "Where a dispute in BODY goes next, and when, to the final arbiter.",
    "fmt": "Lay out YAML files canonically, keeping comments (--check for CI).",
    "graph": "The structure chart or escalation routes (Mermaid, DOT, SVG).",
    "report": "One self-contained HTML review page for one or more trusts.",
    "test": "Run scenario files of questions with expected answers.",
    "validate": "Check MoU files: schema, references and semantic checks.",
}
for _name, _text in _SHORT_HELP.items():
    cli.commands[_name].short_help = _text


def run(args: Sequence[str] | None = None) -> int:
    """Run one command line (default: ``sys.argv``) and return its exit status.

    The output is written but not flushed.
    """
    try:
        cli.main(None if args is None else list(args))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
