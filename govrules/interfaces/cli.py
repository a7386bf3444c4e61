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
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import click

from ..evaluating.questions import QUESTIONS, Argument, bind, question
from ..language.phrasebook import split_ids
from ..presenting.meaning import EXIT, answer_status, error_document
from . import completion

__all__ = ["cli", "run"]


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


# Every line govrules prints goes through one of these three: what an input holds is shown,
# never obeyed by the terminal (see govrules/safetext.py). They write to the streams as they
# are, in the encoding asked for (click.echo would write UTF-8 where the encoding is ASCII).


_QUIET: contextvars.ContextVar[bool] = contextvars.ContextVar("quiet", default=False)
_COLOUR: contextvars.ContextVar[str] = contextvars.ContextVar("colour", default="auto")


def _write(text: str, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # closed when govrules started (`2>&-`): nowhere to say it
        return
    if _QUIET.get():  # --quiet: the exit status is the whole answer
        return
    stream.write(text + "\n")


def _colours_wanted(stream: Any) -> bool:
    # --color always|never decides; auto colours a terminal unless NO_COLOR is set to
    # anything but the empty string (https://no-color.org).
    mode = _COLOUR.get()
    if mode != "auto":
        return mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    return stream is not None and stream.isatty()


def say(text: str, *, err: bool = False, colours: bool = False) -> None:
    """Print human-readable output, its lines kept and every other control shown escaped.

    With ``colours``, click's colour codes are kept for a terminal (see ``--color`` and
    ``NO_COLOR``) and dropped otherwise.
    """
    from ..reading.safetext import printable

    stream = sys.stderr if err else sys.stdout
    if colours and not _colours_wanted(stream):
        text, colours = click.unstyle(text), False
    _write(printable(text, colours=colours), err)


def say_json(data: Any) -> None:
    """Print JSON that reads back exactly, whatever the output's encoding."""
    from ..reading.safetext import json_text

    _write(json_text(data, getattr(sys.stdout, "encoding", None)))


def say_error(text: str) -> None:
    """Print an error: always one line, ``govrules: error: ...``."""
    from ..reading.safetext import one_line

    _write(f"govrules: error: {one_line(text)}", err=True)


def _matter_ids(value: str | None) -> list[str] | None:
    """``--affects``/``--implementer``: absent is "not described", ``none`` is nobody."""
    if value is None:
        return None
    if value.strip().lower() == "none":
        return []
    return split_ids(value)


def emit(answer: Any, fmt: str) -> None:
    """Print an answer (as text, by its question's renderer) and exit with its status."""
    data = answer.to_dict()
    if fmt == "json":
        say_json(data)
    else:
        from ..presenting import render
        from ..reading.safetext import scrub

        asked = question(str(data.get("question")))
        words: Callable[[dict[str, Any]], str] = getattr(
            render, asked.renderer if asked else "render_text"
        )
        say(words(scrub(data)))
    sys.exit(exit_status(data))


def exit_status(data: dict[str, Any]) -> int:
    """:func:`answer_status`, where an answer word the table does not know is an internal
    error (2), never a silent 0."""
    status = answer_status(data)
    if status is None:
        say_error(f"internal: no exit status for the answer `{data.get('answer')}`")
        return 2
    return status


def _wants_json(argv: Sequence[str]) -> bool:
    """Whether the command line asks for ``--format json`` (so an error is JSON too)."""
    for i, token in enumerate(argv):
        if token == "--":
            break
        if token == "--format=json" or (token == "--format" and argv[i + 1 : i + 2] == ["json"]):
            return True
    return False


def _strip_flag(argv: list[str], *names: str) -> bool:
    """Remove every ``names`` token before ``--``; whether there was one."""
    end = argv.index("--") if "--" in argv else len(argv)
    found = [i for i in range(end) if argv[i] in names]
    for i in reversed(found):
        del argv[i]
    return bool(found)


# Commands whose output is a file of its own kind, not an answer: why they take no --format.
_NO_FORMAT = {
    "report": "`govrules report` writes an HTML page (-o FILE); it takes no --format",
    "schema": "`govrules schema` always prints JSON; it takes no --format",
    "init": "`govrules init` writes a YAML skeleton; it takes no --format",
    "serve": "`govrules serve` answers over HTTP, always in JSON; it takes no --format",
}


class _Cli(click.Group):
    def main(self, args: Sequence[str] | None = None, *a: Any, **kw: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        bare = not argv
        if bare:  # a bare `govrules` asks what it can do, but is not a command that ran
            argv = ["--help"]
        debug = _strip_flag(argv, "--debug")
        token = _QUIET.set(_strip_flag(argv, "--quiet", "-q"))
        wants_json = _wants_json(argv)
        command = next((t for t in argv if t in self.commands), None)

        def fail(message: str, error: Any = None, hint: str | None = None) -> NoReturn:
            from ..reading.errors import LoadError

            line = error.render() if isinstance(error, LoadError) else message
            if hint and not isinstance(error, LoadError):
                line += f" ({hint})"
            say_error(line)
            if wants_json:
                say_json(error_document(command, message, error, hint))
            sys.exit(2)

        try:
            status = super().main(argv, *a, standalone_mode=False, **kw)  # type: ignore[call-overload]
            if bare:  # the help was shown, but no question answered: as for a usage error
                sys.exit(2)
            return status
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            # One line, as for every other error; the usage is one `--help` away.
            sub = exc.ctx is not None and exc.ctx.parent is not None
            name = f" {exc.ctx.info_name}" if sub and exc.ctx else ""
            hint = f"see `govrules{name} --help`"
            if isinstance(exc, click.NoSuchOption) and exc.option_name == "--format":
                hint = _NO_FORMAT.get(name.strip(), hint)
            fail(exc.format_message(), hint=hint)
        except click.ClickException as exc:
            fail(exc.format_message())
        except click.Abort:
            say("aborted", err=True)
            sys.exit(2)
        except SystemExit:
            raise
        except OSError as exc:
            from ..reading.errors import WriteError

            if isinstance(exc, WriteError):  # a file named on the command line
                fail(exc.message, exc)
            elif exc.filename is not None:
                # A file the system refused to look up (a name too long) is named; an error
                # with no file is the output's own.
                fail(f"{exc.filename}: {exc.strerror or exc}")
            else:
                fail(f"cannot write the answer: {exc.strerror or exc}")
        except Exception as exc:
            from ..reading.errors import GovrulesError, LoadError

            if isinstance(exc, GovrulesError):
                if debug:
                    _print_traceback()
                fail(exc.message if isinstance(exc, LoadError) else str(exc), exc)
            if debug:
                _print_traceback()
            from ..reading.safetext import one_line

            _write(
                f"govrules: internal error: {type(exc).__name__}: {one_line(str(exc))} "
                "(please report it; run again with --debug for the details)",
                err=True,
            )
            if wants_json:
                say_json(error_document(command, f"internal error: {type(exc).__name__}"))
            sys.exit(2)
        finally:
            _QUIET.reset(token)


def _print_traceback() -> None:
    # Imported only here: no answer needs it (benchmarks/cli.py: a first-time question).
    import traceback

    traceback.print_exc()


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govrules")
def cli() -> None:
    """Answer procedural questions from a partnership's Memorandum of Understanding.

    TRUST is a bundled trust (rutland, wirral, durham, cumbria, suffolk) or a YAML file;
    `-` reads standard input wherever a file is read.
    Exit status: 0 yes, 1 no, 2 could not answer, 3 the MoU does not settle it.
    Add --quiet (-q) anywhere to print nothing (the exit status answers), --debug to see
    a traceback for an internal error.
    """


def _load(trust: str, as_of: dt.date | None = None, limits: Any = None) -> Any:
    """The library's loading (``govrules.load``): the version in force ``as_of``, read
    within ``limits``."""
    from ..compiling.versions import load_as_of
    from ..reading.sourcefile import Limits

    return load_as_of(trust, as_of, limits if limits is not None else Limits())


def limit_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--max-bytes`` and ``--max-nodes``: the limits on the files read (see
    :class:`~govrules.reading.sourcefile.Limits`), the same for every command that reads a MoU."""
    f = click.option(
        "--max-nodes",
        type=click.IntRange(min=1),
        metavar="N",
        help="Read files of up to N YAML nodes, aliases expanded (default 50000).",
    )(f)
    return click.option(
        "--max-bytes",
        type=click.IntRange(min=1),
        metavar="N",
        help="Read files up to N bytes (default 1000000).",
    )(f)


def _limits(max_bytes: int | None, max_nodes: int | None) -> dict[str, int]:
    raised = {"max_bytes": max_bytes, "max_nodes": max_nodes}
    return {name: n for name, n in raised.items() if n is not None}


def reading_limits(f: Callable[..., None]) -> Callable[..., None]:
    """Add the reading limits alone, for a command that reads MoUs (or files naming them)
    without ``--as-of``: the command is given ``limits``."""

    @functools.wraps(f)
    def wrapper(
        *args: Any, max_bytes: int | None = None, max_nodes: int | None = None, **kwargs: Any
    ) -> None:
        from ..reading.sourcefile import Limits

        f(*args, limits=Limits(**_limits(max_bytes, max_nodes)), **kwargs)

    return limit_options(wrapper)


def trust_options(f: Callable[..., None]) -> Callable[..., None]:
    """Add ``--as-of DATE`` (answer from the version of the MoU in force on that date) and
    the reading limits, for a command that loads a MoU: the command is given ``load``, which
    loads a trust by name as these options say."""

    @functools.wraps(f)
    def wrapper(
        *args: Any,
        as_of: dt.datetime | None = None,
        max_bytes: int | None = None,
        max_nodes: int | None = None,
        **kwargs: Any,
    ) -> None:
        from ..reading.sourcefile import Limits

        day = as_of.date() if as_of else None
        limits = Limits(**_limits(max_bytes, max_nodes))
        f(*args, load=functools.partial(_load, as_of=day, limits=limits), **kwargs)

    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(["%Y-%m-%d"]),
        metavar="DATE",
        help="Use the rules in force on this date (TRUST may be a folder of versions).",
    )(limit_options(wrapper))


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Treat warnings as failures.")
@click.option(
    "--only-mous",
    is_flag=True,
    help="Skip meeting records and scenario files, told from their content (for hooks).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
    help="text for people (coloured on a terminal), json for scripts, sarif for review tools.",
)
@click.option(
    "--color",
    "colour",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text: auto colours a terminal unless NO_COLOR is set.",
)
@limit_options
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="DOC",
    help="Check every quote and cited clause against the source document (.txt, .md, .docx, "
    ".pdf); NAME=DOC for a document that sources name with `document: NAME`.",
)
def validate(
    files: tuple[str, ...],
    strict: bool,
    only_mous: bool,
    fmt: str,
    colour: str,
    max_bytes: int | None,
    max_nodes: int | None,
    sources: tuple[str, ...],
) -> None:
    """Check MoU files: schema, references and semantic checks, each finding located.

    The default limits refuse a file over 1 MB or 50,000 YAML nodes (a real MoU is some 40 kB);
    raise them with --max-bytes and --max-nodes to check a very large one.
    """
    from ..authoring.findings import validate as run
    from ..reading.sourcefile import Limits

    if only_mous:
        from ..reading.safetext import one_line
        from .filekinds import file_kind

        kinds = {f: "mou" if f == "-" else file_kind(f) for f in files}
        for name, kind in kinds.items():
            if kind != "mou":
                say(f"skipped {one_line(name)}: a {_KIND_WORDS[kind]}", err=True)
        files = tuple(f for f in files if kinds[f] == "mou")
    limits = Limits(**_limits(max_bytes, max_nodes))
    result = run(*files, strict=strict, limits=limits)
    if sources and not result.failed:
        result = _with_sources(result, files, sources, limits)
    if fmt in ("json", "sarif"):
        say_json(result.to_dict() if fmt == "json" else result.to_sarif())
        sys.exit(_validate_status(result))
    from ..presenting.render import render_findings
    from ..reading.safetext import scrub

    token = _COLOUR.set(colour)
    try:
        say(render_findings(scrub(result.to_dict())), colours=True)
    finally:
        _COLOUR.reset(token)
    sys.exit(_validate_status(result))


_KIND_WORDS = {"record": "meeting record", "scenarios": "scenario file"}


def _split_sources(sources: tuple[str, ...]) -> tuple[str | None, dict[str, str]]:
    """``--source DOC`` (the trust's own document) and ``--source NAME=DOC`` (others)."""
    own: str | None = None
    others: dict[str, str] = {}
    for item in sources:
        name, eq, path = item.partition("=")
        if eq and name and not os.path.exists(item):
            others[name] = path
        elif own is None:
            own = item
        else:
            raise click.UsageError("--source DOC is given twice; name a second one NAME=DOC")
    return own, others


def _with_sources(
    result: Any, files: tuple[str, ...], sources: tuple[str, ...], limits: Any
) -> Any:
    from ..authoring.findings import ValidateAnswer
    from ..authoring.sourcecheck import check_sources

    if len(files) != 1:
        raise click.UsageError("--source checks one trust file: give exactly one")
    own, others = _split_sources(sources)
    checked = check_sources(files[0], own, others=others, limits=limits)
    return ValidateAnswer(result.files, result.findings + checked.findings, result.strict)


def _validate_status(result: Any) -> int:
    # A file that could not be read or parsed at all is exit 2, as for every command; the
    # findings are still printed.
    if any(f.code == "GR001" for f in result.findings):
        return 2
    return EXIT[result.answer]


# The --help of each question asked of a trust's body; its options are the registry's.
_QUESTION_HELP = {
    "show": "The rules in plain words, each with its clause.",
    "quorum": "Is a meeting of BODY quorate? Give exactly one of --present or --count.",
    "voters": "Who may vote in BODY (under a procedure, on a given matter)?",
    "vote": "Was a resolution of BODY carried, and is it binding?",
    "escalate": "Where does a matter in BODY go next, and when? The steps to the final arbiter.",
    "eligible": "May the holder of SEAT be chair (or vice-chair) of BODY?",
}

# What the command line gives for each kind of argument, as the library takes it.
_CLI_VALUE: dict[str, Callable[[Any], Any]] = {
    "ids": lambda v: split_ids(v) if v is not None else None,
    "partners": _matter_ids,
    "date": lambda v: v.date() if v is not None else None,
}


def _parameter(argument: Argument) -> _Decorator:
    """The click argument or option of a question's argument, as the registry declares it."""
    complete = getattr(completion, argument.completion) if argument.completion else None
    if argument.positional:
        return click.argument(argument.param, shell_complete=complete)
    types: dict[str, Any] = {
        "count": click.IntRange(min=0),
        "choice": click.Choice(list(argument.choices)),
        "date": click.DateTime(["%Y-%m-%d"]),
    }
    settings: dict[str, Any] = {"help": argument.help}
    if argument.default is not None:
        settings["default"] = argument.default
    if argument.kind in types:
        settings["type"] = types[argument.kind]
    if argument.metavar:
        settings["metavar"] = argument.metavar
    if complete:
        settings["shell_complete"] = complete
    if argument.show_default:
        settings["show_default"] = True
    return click.option(*argument.flags, argument.param, **settings)


def _question_command(name: str) -> None:
    """Add the command of a question asked of a trust (and its body): TRUST BODY, the
    question's arguments as the registry declares them, --as-of and the limits, --format."""
    asked = question(name)
    assert asked is not None and asked.subject in ("body", "trust"), name
    on_cli = [a for a in asked.arguments if a.flags or a.positional]

    def command(
        trust: str, body: str | None, fmt: str, load: Callable[[str], Any], **given: Any
    ) -> None:
        raw = {a.name: given[a.param] for a in on_cli}
        if asked.one_of and sum(raw[name] is not None for name in asked.one_of) != 1:
            flags = [a.flags[0] for a in on_cli if a.name in asked.one_of]
            raise click.UsageError(f"give exactly one of {' or '.join(flags)}")
        values = {a.name: _CLI_VALUE.get(a.kind, _same)(raw[a.name]) for a in on_cli}
        emit(bind(asked, "interfaces")(load(trust), body, **values), fmt)

    parameters: list[_Decorator] = [
        click.argument("trust", shell_complete=completion.trusts),
        click.argument("body", required=asked.subject == "body", shell_complete=completion.bodies),
        *(_parameter(a) for a in on_cli),
        trust_options,
        FORMAT,
    ]
    cli.command(name=name, help=_QUESTION_HELP[name])(_all_of(parameters)(command))


def _same(value: Any) -> Any:
    return value


_Decorator = Callable[[Callable[..., None]], Callable[..., None]]


def _all_of(options: Sequence[_Decorator]) -> _Decorator:
    """One decorator adding each of ``options``, in order, as if written one above another."""

    def add(f: Callable[..., None]) -> Callable[..., None]:
        for option in reversed(options):
            f = option(f)
        return f

    return add


for _question in QUESTIONS:
    if _question.subject in ("body", "trust"):
        _question_command(_question.name)


@cli.command()
@click.argument("trust", shell_complete=completion.trusts)
@click.argument("records", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
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
@reading_limits
def audit(
    trust: str,
    records: tuple[str, ...],
    start: Any,
    end: Any,
    trusts_dir: str | None,
    fmt: str,
    limits: Any,
) -> None:
    """Audit a series of meeting records (files or folders): frequency, attendance follow-up,
    elections due and minutes, each finding with its clause."""
    from ..evaluating.audit import audit as run
    from ..evaluating.audit import record_files

    emit(
        run(
            _load(trust, limits=limits),
            record_files(records),
            start=start.date() if start else None,
            end=end.date() if end else None,
            trust_root=trusts_dir,
            limits=limits,
        ),
        fmt,
    )


@cli.command(name="diff")
@click.argument("old", shell_complete=completion.trusts)
@click.argument("new", shell_complete=completion.trusts)
@FORMAT
@reading_limits
def diff_command(old: str, new: str, fmt: str, limits: Any) -> None:
    """What changes in practice between two versions of a MoU (exit 0 none, 1 changes)."""
    from ..authoring.diff import diff as run

    emit(run(_load(old, limits=limits), _load(new, limits=limits)), fmt)


@cli.command()
@click.argument("trust", shell_complete=completion.trusts)
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
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Write to a file (- for stdout)."
)
@trust_options
def graph(trust: str, fmt: str, view: str, output: str | None, load: Callable[[str], Any]) -> None:
    """The structure chart (bodies, chairs, lines) or the escalation routes of TRUST."""
    from ..presenting.charts import chart, render_svg

    loaded = load(trust)
    dot_or_mermaid = chart(loaded, "dot" if fmt == "svg" else fmt, view)
    text = render_svg(dot_or_mermaid, source=trust) if fmt == "svg" else dot_or_mermaid
    _write_or_echo(text, output)


@cli.command()
@click.argument("trusts", nargs=-1, required=True, shell_complete=completion.trusts)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    required=True,
    help="The HTML file to write (- for stdout).",
)
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="DOC",
    help="Show the source document clause by clause beside the rules citing it: DOC for one "
    "trust, TRUST=DOC for each of several.",
)
@trust_options
def report(
    trusts: tuple[str, ...], output: str, sources: tuple[str, ...], load: Callable[[str], Any]
) -> None:
    """One self-contained HTML review page for TRUSTS: charts, rules, procedures, findings;
    with --source, the document itself clause by clause, unaccounted clauses marked."""
    from ..presenting.report import report_html

    given: dict[str, str] = {}
    for item in sources:
        name, eq, path = item.partition("=")
        if eq and name in trusts:
            given[name] = path
        elif len(trusts) == 1 and trusts[0] not in given:
            given[trusts[0]] = item
        else:
            raise click.UsageError(f"--source {item}: name the trust it is for, as TRUST=DOC")
    loaded = [(name, load(name)) for name in trusts]
    _write_or_echo(report_html(loaded, sources=given), output)
    if output != "-":
        from ..reading.safetext import one_line

        say(f"wrote {one_line(output)}", err=True)


def _write_or_echo(text: str, output: str | None) -> None:
    if output:
        from ..reading.files import write_output

        write_output(output, text if text.endswith("\n") else text + "\n")
    else:
        say(text)


@cli.command(name="fmt")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if any file would change (for CI).",
)
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Write nothing; print the changes as a unified diff (exit 1 if any).",
)
@FORMAT
def fmt_command(files: tuple[str, ...], check_only: bool, show_diff: bool, fmt: str) -> None:
    """Lay out YAML files canonically, keeping comments, order and quoting (atomic writes).

    FILE `-` reads standard input and prints the layout (with --check, only the exit status).
    With --format json: one document, `answer` unchanged, reformatted, would-reformat or
    error, and `files`, each {file, changed, error} (with `diff` or `text` where printed).
    """
    from ..authoring.fmt import format_files
    from ..reading.safetext import one_line

    text = fmt == "text"
    if show_diff or "-" in files:
        entries = _fmt_without_writing(files, check_only, show_diff, text)
    else:
        entries = []
        for r in format_files(files, check=check_only):
            entries.append(_fmt_entry(str(r.path), r.changed, r.error))
            if r.error is not None:  # on stderr whatever the format, as every error is
                say_error(r.error.render())
            elif r.changed and text:
                say(f"{'would reformat' if check_only else 'reformatted'} {one_line(str(r.path))}")
        if text:
            done = "to reformat" if check_only else "reformatted"
            changed = sum(e["changed"] for e in entries)
            errors = sum(e["error"] is not None for e in entries)
            say(f"{len(entries)} file(s): {changed} {done}, {errors} failed", err=True)
    failed = [e["error"] for e in entries if e["error"] is not None]
    if failed:
        answer, status = "error", 2
    elif not any(e["changed"] for e in entries):
        answer, status = "unchanged", 0
    elif check_only or show_diff:
        answer, status = "would-reformat", 1
    else:  # rewritten, or (for `-`) printed laid out
        answer, status = "reformatted", 0
    if not text:
        doc: dict[str, Any] = {
            "trust": None,
            "body": None,
            "question": "fmt",
            "answer": answer,
            "explanation": [],
            "files": entries,
        }
        if failed:  # the error document's shape, as every command's exit 2 has
            doc["error"] = failed[0]
        say_json(doc)
    sys.exit(status)


def _fmt_entry(name: str, changed: bool, error: Any) -> dict[str, Any]:
    """One file's outcome in ``fmt --format json``: its error as the error document words it."""
    detail = None
    if error is not None:
        detail = {
            "message": error.message,
            "file": error.path,
            "line": error.line,
            "column": error.column,
        }
        if error.hint:
            detail["hint"] = error.hint
    return {"file": name, "changed": changed, "error": detail}


def _fmt_without_writing(
    files: tuple[str, ...], check_only: bool, show_diff: bool, text: bool
) -> list[dict[str, Any]]:
    """``fmt --diff`` and ``fmt -``: lay each file out in memory, write none of them; print
    the diff or layout where ``text``, else keep it in the file's entry."""
    import difflib

    from ..authoring.fmt import format_text
    from ..reading.errors import LoadError
    from ..reading.sourcefile import read_bytes

    entries = []
    for name in files:
        try:
            raw = read_bytes(name)
            try:
                before = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise LoadError("the file is not UTF-8 text", path=name) from None
            after = format_text(before, name)
        except LoadError as exc:
            say_error(exc.render())
            entries.append(_fmt_entry(name, False, exc))
            continue
        entry = _fmt_entry(name, after != before, None)
        entries.append(entry)
        if show_diff:
            lines = difflib.unified_diff(
                before.splitlines(keepends=True),
                after.splitlines(keepends=True),
                f"{name} (as it is)",
                f"{name} (laid out)",
            )
            diff = "".join(lines).rstrip("\n")
            entry["diff"] = diff
            if diff and text:
                say(diff)
        elif name == "-" and not check_only:
            entry["text"] = after
            if text:
                say(after.rstrip("\n"))
    return entries


@cli.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def init(file: str | None, force: bool) -> None:
    """Start a new MoU: write a commented skeleton trust file to FILE (default: print it).

    The skeleton validates as it stands; replace its values with the document's own.
    """
    from ..authoring.skeleton import SKELETON

    if file is None or file == "-":
        say(SKELETON.rstrip("\n"))
        return
    from pathlib import Path

    from ..reading.errors import LoadError
    from ..reading.files import write_file

    # A dangling symlink is a name that exists too: writing would create its target.
    if (Path(file).exists() or Path(file).is_symlink()) and not force:
        raise LoadError("already exists; it was left as it is", path=file, hint="add --force")
    write_file(file, SKELETON)
    from ..reading.safetext import one_line

    say(f"wrote {one_line(file)}; next: govrules validate {one_line(file)}", err=True)


@cli.command(name="check")
@click.argument("record", type=click.Path(dir_okay=True, allow_dash=True))
@TRUSTS_DIR
@FORMAT
@reading_limits
def check_command(record: str, trusts_dir: str | None, fmt: str, limits: Any) -> None:
    """Is this recorded meeting, and each decision in it, valid under the MoU?

    RECORD is a YAML file: trust (a bundled name, or a path relative to the record), body,
    date, attendees, substitutes, vacancies, vacant, suspended and decisions (motion, for,
    against, abstain, chair_casts, procedure, objection_date, affects, implementers,
    interests, arrived, left, withdrawn); the format is in docs/records.md.
    Exit 0 valid, 1 invalid, 2 a malformed record, 3 the MoU does not settle it.
    """
    from ..evaluating.meetings import check as run

    emit(run(record, trust_root=trusts_dir, limits=limits), fmt)


@cli.command(name="test")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--verbose", "-v", is_flag=True, help="List passing cases too.")
@click.option(
    "--coverage",
    "with_coverage",
    is_flag=True,
    help="Also list the rules and clauses of each trust that no scenario exercises.",
)
@TRUSTS_DIR
@FORMAT
@reading_limits
def test_command(
    files: tuple[str, ...],
    verbose: bool,
    with_coverage: bool,
    trusts_dir: str | None,
    fmt: str,
    limits: Any,
) -> None:
    """Run scenario files: questions with expected answers (exit 0 all pass, 1 otherwise).

    With --coverage, a rule counts as exercised when a case asks the question that reads it
    (quorum: the body's quorum; vote, voters: its voting rule; eligible: the office;
    escalate: the procedure followed), a clause when a case's answer cites it.
    """
    from ..authoring.scenarios import run_scenarios

    report = run_scenarios(files, trust_root=trusts_dir, limits=limits)
    data = report.to_dict()
    if with_coverage:
        from ..authoring.scenariocoverage import coverage

        data["coverage"] = coverage(report).to_dict()
    if fmt == "json":
        say_json(data)
        sys.exit(EXIT[report.answer])
    from ..presenting.render import render_coverage, render_scenarios
    from ..reading.safetext import scrub

    say(render_scenarios(scrub(data), verbose=verbose))
    if with_coverage:
        say(render_coverage(scrub(data["coverage"])))
    sys.exit(EXIT[report.answer])


@cli.command(name="coverage")
@click.argument("trust", shell_complete=completion.trusts)
@click.option(
    "--source",
    "source",
    metavar="DOC",
    help="The source document (.txt, .md, .docx, .pdf); default: the trust's document.file.",
)
@click.option(
    "--all", "show_all", is_flag=True, help="List every clause, not only those unaccounted."
)
@FORMAT
@reading_limits
def coverage_command(trust: str, source: str | None, show_all: bool, fmt: str, limits: Any) -> None:
    """Every clause of the source document: encoded (the rules citing it), a gap, not
    procedural (with the reason), a heading, or unaccounted for.

    Exit 0 when every clause is accounted for, 1 otherwise, 2 when the trust or the document
    cannot be read.
    """
    from ..authoring.sourcecheck import coverage

    answer = coverage(trust, source, limits=limits)
    data = answer.to_dict()
    if fmt == "json":
        say_json(data)
    else:
        from ..presenting.render import render_document_coverage
        from ..reading.safetext import scrub

        say(render_document_coverage(scrub(data), show_all=show_all))
    sys.exit(EXIT[answer.answer])


@cli.command()
@click.argument(
    "kind",
    type=click.Choice(["trust", "record", "scenarios", "answers"]),
    default="trust",
    required=False,
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Write to a file (- for stdout)."
)
@click.option(
    "--answers",
    is_flag=True,
    help="The JSON Schema of every command's --format json answer (as KIND answers).",
)
def schema(kind: str, output: str | None, answers: bool) -> None:
    """Print a JSON Schema: KIND is trust (an MoU, the default), record (a meeting record) or
    scenarios (a scenario file), for editors; or answers, every command's JSON answer, for
    scripts. See docs/schema.md."""
    if answers or kind == "answers":
        from ..presenting.answerschema import answer_schema

        text = json.dumps(answer_schema(), indent=2)
    else:
        from ..presenting.answerschema import file_schema

        text = json.dumps(file_schema(kind), indent=2)
    _write_or_echo(text, output)


@cli.command()
@click.argument("trusts", nargs=-1, shell_complete=completion.trusts)
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port (0: any free one; the log's first line names it).",
)
@click.option(
    "--trusts-dir",
    "trusts_dir",
    type=click.Path(exists=True, file_okay=False),
    metavar="DIR",
    help="Also serve the *.yaml trust files in DIR.",
)
@click.option(
    "--max-request-bytes",
    type=click.IntRange(min=1),
    default=1_000_000,
    show_default=True,
    metavar="N",
    help="Refuse a request body over N bytes (413).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="The longest one question may take (503 after that).",
)
def serve(
    trusts: tuple[str, ...],
    host: str,
    port: int,
    trusts_dir: str | None,
    max_request_bytes: int,
    timeout: float,
) -> None:
    """Answer over HTTP: each command an endpoint returning its --format json answer.

    Serves TRUSTS (bundled names or paths) and the *.yaml files of --trusts-dir (with
    neither, the bundled trusts), by id; SIGHUP reloads them. With GOVRULES_TOKEN set, every
    request but /healthz needs `Authorization: Bearer <token>`. See docs/serve.md.
    """
    from .serve import run as run_server

    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise click.ClickException(
            f"serving needs {exc.name or 'its extra'}: pip install 'govrules[serve]'"
        ) from None
    run_server(
        [str(t) for t in trusts],
        None if trusts_dir is None else str(trusts_dir),
        host,
        port,
        max_bytes=max_request_bytes,
        timeout=timeout,
    )


# One line each in `govrules --help` (the docstrings say more under each command's --help).
_SHORT_HELP = {
    "audit": "Audit meeting records over a year: frequency, absences, elections.",
    "quorum": "Is a meeting of BODY quorate?",
    "check": "Is a recorded meeting, and each decision in it, valid?",
    "diff": "What changes in practice between two versions of a MoU.",
    "escalate": "Where a matter in BODY goes next, and when (dates with --from), to the end.",
    "fmt": "Lay out YAML files canonically, keeping comments (--check for CI).",
    "init": "Write a commented skeleton trust file to start a new MoU.",
    "graph": "The structure chart or escalation routes (Mermaid, DOT, SVG).",
    "report": "One self-contained HTML review page for one or more trusts.",
    "test": "Run scenario files of questions with expected answers.",
    "validate": "Check MoU files: schema, references and semantic checks.",
    "serve": "Answer over HTTP: each command an endpoint (JSON, OpenAPI at /docs).",
}
for _name, _text in _SHORT_HELP.items():
    cli.commands[_name].short_help = _text


def run(args: Sequence[str] | None = None) -> int:
    """Run one command line (default: ``sys.argv``) and return its exit status.

    The output is written but not flushed. A character the output's encoding cannot hold
    (``PYTHONIOENCODING=latin-1``, ``ascii``) is written as a backslash escape, never an error.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        cli.main(None if args is None else list(args))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
