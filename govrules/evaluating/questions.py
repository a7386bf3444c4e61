"""Every question govrules answers, declared once: what answers it, what it takes, what its
answers are and what each answer means.

The command line, the HTTP service, the scenario runner, the text renderers, the exit table
(:mod:`govrules.presenting.meaning`) and the library's front door read these declarations,
or are checked against them by ``tests/test_questions.py``: a question added to one of them
and not declared here fails that test. A new question is declared here (:data:`QUESTIONS`),
with its answer words as an :class:`AnswerWord` enum.

Built from the declarations: the options of the command line's questions asked of a trust,
the HTTP service's dispatch, the scenario runner's questions, arguments, checks and schema,
the exit table, and which renderer words an answer as text. Checked against them: the HTTP
request models, the commands that read files, the answer schemas, the text renderer's
branches, the options an answer's ``needs`` name, and the library's exports.

The declarations are data, and sit in ``evaluating/`` so that every stage that needs them can
read them: the scenario runner (``authoring/``) dispatches on them, the renderers and the exit
table (``presenting/``) read them. Some questions are answered by a function of a higher stage
(``diff`` and ``validate`` in ``authoring/``, ``show`` in ``presenting/``), which this module
may not import. So a declaration names its function, and its answer type, by module and name
(as the library's front door names what it exports), and :func:`bind` imports it on first use
for a caller that says its own stage: it refuses a function of a stage above the caller's, so
the layering ``tests/test_layout.py`` holds for imports holds for bindings too. Importing this
module imports no other part of govrules.

Answer words are :class:`enum.StrEnum` members: each is its word (JSON and text unchanged)
and carries its :class:`Meaning`, the exit status a script reads.
"""

from __future__ import annotations

import enum
import keyword
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

__all__ = [
    "LIBRARY_TOOLS",
    "QUESTIONS",
    "STAGES",
    "TOOLS",
    "AnswerWord",
    "Argument",
    "Meaning",
    "Question",
    "bind",
    "question",
]


class Meaning(enum.IntEnum):
    """What an answer means to a script; its value is the exit status."""

    YES = 0
    NO = 1
    ERROR = 2
    """The question could not be answered (bad input)."""
    NOT_SETTLED = 3
    """The MoU does not settle it: its readings differ."""
    INCOMPLETE = 4
    """The question leaves out a fact the answer turns on (the answer's ``needs``)."""


class AnswerWord(enum.StrEnum):
    """An answer word: the word itself, and its :class:`Meaning`."""

    meaning: Meaning

    def __new__(cls, word: str, meaning: Meaning) -> AnswerWord:
        member = str.__new__(cls, word)
        member._value_ = word
        member.meaning = meaning
        return member


class QuorumWord(AnswerWord):
    QUORATE = "quorate", Meaning.YES
    INQUORATE = "inquorate", Meaning.NO
    UNSPECIFIED = "unspecified", Meaning.NOT_SETTLED
    INCOMPLETE = "incomplete", Meaning.INCOMPLETE


class DeterminedWord(AnswerWord):
    """``voters`` and ``escalate``: the answer is a list (of seats, of steps), determined or
    not."""

    DETERMINED = "determined", Meaning.YES
    UNSPECIFIED = "unspecified", Meaning.NOT_SETTLED
    INCOMPLETE = "incomplete", Meaning.INCOMPLETE


class VoteWord(AnswerWord):
    CARRIED = "carried", Meaning.YES
    """Yes only when it binds: see the ``vote`` question's ``refine``."""
    LOST = "lost", Meaning.NO
    TIED = "tied", Meaning.NO
    UNSPECIFIED = "unspecified", Meaning.NOT_SETTLED
    INCOMPLETE = "incomplete", Meaning.INCOMPLETE


class EligibleWord(AnswerWord):
    ELIGIBLE = "eligible", Meaning.YES
    INELIGIBLE = "ineligible", Meaning.NO
    UNSPECIFIED = "unspecified", Meaning.NOT_SETTLED
    INCOMPLETE = "incomplete", Meaning.INCOMPLETE


class ShowWord(AnswerWord):
    SHOWN = "shown", Meaning.YES


class CheckWord(AnswerWord):
    VALID = "valid", Meaning.YES
    INVALID = "invalid", Meaning.NO
    UNSPECIFIED = "unspecified", Meaning.NOT_SETTLED
    INCOMPLETE = "incomplete", Meaning.INCOMPLETE


class AuditWord(AnswerWord):
    CLEAN = "clean", Meaning.YES
    FINDINGS = "findings", Meaning.NO
    UNSPECIFIED = "unspecified", Meaning.NOT_SETTLED
    INCOMPLETE = "incomplete", Meaning.INCOMPLETE


class DiffWord(AnswerWord):
    UNCHANGED = "unchanged", Meaning.YES
    CHANGED = "changed", Meaning.NO


class ValidateWord(AnswerWord):
    OK = "ok", Meaning.YES
    PROBLEMS = "problems", Meaning.NO


class TestWord(AnswerWord):
    __test__ = False  # a word list, not a test case

    PASSED = "passed", Meaning.YES
    FAILED = "failed", Meaning.NO


class CoverageWord(AnswerWord):
    ACCOUNTED = "accounted", Meaning.YES
    UNACCOUNTED = "unaccounted", Meaning.NO


class ErrorWord(AnswerWord):
    """The answer of every question that could not be answered (the error document)."""

    ERROR = "error", Meaning.ERROR


Kind = Literal["ids", "partners", "count", "id", "choice", "date"]
"""How an argument is written: ``ids`` a list of seat ids (comma-separated on the command
line), ``partners`` a list of partners or seats (``none`` on the command line for nobody),
``count`` a whole number of 0 or more, ``id`` one id or word, ``choice`` one of ``choices``,
``date`` an ISO date."""


@dataclass(frozen=True)
class Argument:
    """One argument of a question, beyond the trust and the body asked about."""

    name: str
    """The library function's keyword."""
    kind: Kind
    doc: str
    """What it is, for a scenario file's schema (``docs/scenarios.schema.json``)."""
    key: str = ""
    """Its name in a scenario case and an HTTP request (default ``name``)."""
    required: bool = False
    positional: bool = False
    """Given on the command line as an argument (``SEAT``), not an option."""
    seats: bool = False
    """It names seats of the body (completed as seat ids)."""
    choices: tuple[str, ...] = ()
    default: Any = None
    """The command line's default when the option is not given."""
    flags: tuple[str, ...] = ()
    """Its command-line option (and older spellings); empty: not on the command line."""
    param: str = ""
    """The command line's parameter name (default ``key``, made an identifier)."""
    metavar: str | None = None
    help: str | None = None
    """The option's ``--help`` text."""
    completion: str | None = None
    """Which values the shell completes (a function of ``govrules.interfaces.completion``)."""
    show_default: bool = False

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.name)
        if not self.param:
            object.__setattr__(self, "param", self.field)

    @property
    def field(self) -> str:
        """Its name as a Python identifier (``for`` is ``for_``), as in an HTTP request model."""
        return self.key + "_" if keyword.iskeyword(self.key) else self.key


# A named tuple, not a frozen dataclass: defining a dataclass costs some 0.6 ms, and every
# command imports this module (benchmarks/cli.py: a first-time question).
class Question(NamedTuple):
    """One question: its name (the command, the endpoint, a scenario's ``question:``)."""

    name: str
    function: tuple[str, str]
    """The function that answers it: (module under ``govrules``, name)."""
    answer: tuple[str, str]
    """The type of its answer, which has ``to_dict()``."""
    words: type[AnswerWord]
    summary: str
    """One line: what it asks (a scenario file's schema describes its cases so)."""
    arguments: tuple[Argument, ...] = ()
    subject: Literal["body", "trust", "other"] = "body"
    """What it is asked of: ``body`` a body of a loaded trust (TRUST BODY), ``trust`` a
    loaded trust and perhaps one body (TRUST [BODY]), ``other`` what its command says."""
    one_of: tuple[str, ...] = ()
    """Arguments of which exactly one must be given."""
    refine: Mapping[str, tuple[str, Mapping[str, Meaning], Meaning]] = MappingProxyType({})
    """word: (a field of the answer, its value: the meaning, otherwise): a word whose meaning
    turns on another field (a vote carried is yes only when it binds)."""
    export: str | None = None
    """Its name in the library (``govrules.NAME``; default the question's name)."""
    cli: bool = True
    http: bool = False
    scenario: bool = False
    renderer: str = "render_text"
    """The function of :mod:`govrules.presenting.render` that words its answer as text."""
    exercises: Literal["quorum", "voting", "office", "procedure"] | None = None
    """The rule a scenario asking it exercises (``govrules test --coverage``): the body's
    quorum or voting rule, the office asked about, or the procedure the answer followed."""

    @property
    def exported(self) -> str:
        return self.export or self.name

    def meaning(self, data: Mapping[str, Any]) -> Meaning | None:
        """What the answer ``data`` (``to_dict()``) means; None for a word it does not have."""
        word = data.get("answer")
        if word == ErrorWord.ERROR:
            return Meaning.ERROR
        found = next((w for w in self.words if w == word), None)
        if found is None:
            return None
        if found in self.refine:
            on, meanings, otherwise = self.refine[found]
            return meanings.get(data.get(on, ""), otherwise)
        return found.meaning


# The members in office, as quorum, voters and vote take them.
_IN_OFFICE = (
    Argument(
        "vacancies",
        "count",
        "Places vacant, in all: they count for a quorum of the seats filled.",
        flags=("--vacancies",),
        metavar="N",
        help="Places vacant, in all (not given: the answer says whether the vacancies matter).",
    ),
    Argument(
        "vacant",
        "ids",
        "The seats of vacant places (a seat once per place).",
        seats=True,
        flags=("--vacant",),
        metavar="IDS",
        completion="seats",
        help="Comma-separated seat ids of the vacant places (a seat once per vacant place).",
    ),
    Argument(
        "suspended",
        "ids",
        "The seats of suspended members (a seat once per member).",
        seats=True,
        flags=("--suspended",),
        metavar="IDS",
        completion="seats",
        help="Comma-separated seat ids of suspended members (none if not given).",
    ),
)

_PRESENT_DOC = "The seats present (a seat with several places once per member)."
_MATTER_DOC = (
    "The kind of matter (one the trust declares in `matters`, or `none`), where the rules "
    "treat some kinds differently."
)
_PROCEDURE = Argument(
    "procedure",
    "id",
    "The procedure the question is asked under (e.g. `conflict-resolution`).",
    flags=("--procedure",),
    metavar="ID",
    completion="procedures",
    help="Procedure id, e.g. conflict-resolution.",
)

# The matter a vote is on, as voters and vote take it.
_MATTER = (
    _PROCEDURE,
    Argument(
        "affects",
        "partners",
        "Partners whose statutory duty, powers or finances the matter affects.",
        flags=("--affects",),
        metavar="PARTNERS",
        help="Partners (or seats) whose statutory duty, powers or finances the matter affects "
        "(`none`: nobody; absent: the matter is not described).",
    ),
    Argument(
        "implementers",
        "partners",
        "Partners that are to implement the decision.",
        flags=("--implementer",),
        param="implementer",
        metavar="PARTNERS",
        help="Partners (or seats) responsible for implementing the decision (`none`: nobody).",
    ),
    Argument(
        "matter",
        "id",
        _MATTER_DOC,
        flags=("--matter", "--matter-kind"),
        metavar="KIND",
        completion="matters",
        help="The kind of matter, one the trust declares (`none`: of no declared kind; absent: "
        "not said).",
    ),
)


def _seats(name: str, doc: str, help: str) -> Argument:
    """Seats voting one way (``for``, ``against``, ``abstain``)."""
    return Argument(
        name.rstrip("_"),
        "ids",
        doc,
        seats=True,
        flags=(f"--{name.rstrip('_')}",),
        default="",
        metavar="IDS",
        completion="seats",
        help=help,
    )


QUESTIONS: tuple[Question, ...] = (
    Question(
        "quorum",
        ("evaluating.quorate", "quorum"),
        ("evaluating.answers", "QuorumAnswer"),
        QuorumWord,
        "Is a meeting of `body` quorate? Give `count` or `present`.",
        (
            Argument(
                "present",
                "ids",
                _PRESENT_DOC,
                seats=True,
                flags=("--present",),
                metavar="IDS",
                completion="seats",
                help="Comma-separated seat ids present (a seat with k places up to k times).",
            ),
            Argument(
                "count",
                "count",
                "How many members are present.",
                flags=("--count",),
                metavar="N",
                help="Number of members present (give this or --present).",
            ),
            *_IN_OFFICE,
            Argument(
                "matter",
                "id",
                _MATTER_DOC,
                flags=("--matter",),
                metavar="KIND",
                completion="matters",
                help="The kind of matter, where the quorum differs by kind (`none`: of no "
                "declared kind).",
            ),
        ),
        one_of=("present", "count"),
        http=True,
        exercises="quorum",
        scenario=True,
    ),
    Question(
        "voters",
        ("evaluating.voting", "voters"),
        ("evaluating.answers", "VotersAnswer"),
        DeterminedWord,
        "Who may vote in `body` (under `procedure`, on a matter that `affects` ...)?",
        (*_MATTER, *_IN_OFFICE),
        http=True,
        exercises="voting",
        scenario=True,
    ),
    Question(
        "vote",
        ("evaluating.voting", "vote"),
        ("evaluating.answers", "VoteAnswer"),
        VoteWord,
        "Was a motion carried, and is it binding?",
        (
            Argument(
                "for_",
                "ids",
                "Seats voting for.",
                key="for",
                seats=True,
                flags=("--for",),
                default="",
                metavar="IDS",
                completion="seats",
                help="Comma-separated seat ids voting for.",
            ),
            _seats("against", "Seats voting against.", "Comma-separated seat ids voting against."),
            _seats("abstain", "Seats abstaining.", "Comma-separated seat ids abstaining."),
            Argument(
                "present",
                "ids",
                _PRESENT_DOC,
                seats=True,
                flags=("--present",),
                metavar="IDS",
                completion="seats",
                help="Comma-separated seat ids present (default: everyone who voted or abstained).",
            ),
            Argument(
                "chair_casts",
                "choice",
                "The chair's casting vote, if given.",
                choices=("for", "against"),
                flags=("--chair-casts",),
                help="The chair's casting vote, where a tie is broken by one.",
            ),
            Argument(
                "invalid",
                "count",
                "Invalid (spoilt) ballots, in votes.",
                default=0,
                flags=("--invalid",),
                metavar="N",
                help="Invalid (spoilt) ballots, in votes; counted where the base is the ballots "
                "cast.",
            ),
            *_MATTER,
            Argument(
                "step",
                "count",
                "The step of the procedure the resolution takes (1 for the first; default: "
                "its first step that votes).",
                flags=("--step",),
                metavar="N",
                help="The step of --procedure the resolution takes (1 for the first; default: "
                "its first step that votes).",
            ),
            *_IN_OFFICE,
            # On the command line, --matter-kind is another spelling of --matter.
            Argument("matter_kind", "id", "The older name of `matter`."),
        ),
        refine={
            VoteWord.CARRIED: (
                "effect",
                {
                    "binding": Meaning.YES,
                    "in-principle": Meaning.NO,
                    "void": Meaning.NO,
                    "pending": Meaning.NO,
                },
                Meaning.NOT_SETTLED,
            )
        },
        http=True,
        exercises="voting",
        scenario=True,
    ),
    Question(
        "escalate",
        ("evaluating.escalation", "escalate"),
        ("evaluating.escalation", "EscalateAnswer"),
        DeterminedWord,
        "The steps of the dispute procedure from `body` to the final arbiter.",
        (
            _PROCEDURE,
            Argument(
                "start",
                "date",
                "The date of the first step: each later step's dates are counted from it.",
                key="from",
                flags=("--from",),
                param="start",
                metavar="DATE",
                help="The date of the first step: each later step's dates, by the trust's "
                "calendar.",
            ),
        ),
        http=True,
        exercises="procedure",
        scenario=True,
    ),
    Question(
        "eligible",
        ("evaluating.offices", "eligible"),
        ("evaluating.answers", "Answer"),
        EligibleWord,
        "May the holder of `seat` hold `office` in `body`?",
        (
            Argument(
                "seat_id",
                "id",
                "The seat whose holder's eligibility is asked.",
                key="seat",
                required=True,
                positional=True,
                seats=True,
                completion="seats",
            ),
            Argument(
                "office",
                "choice",
                "`chair` (the default) or `vice-chair`.",
                choices=("chair", "vice-chair"),
                default="chair",
                flags=("--office",),
                show_default=True,
            ),
            Argument(
                "other_holder",
                "id",
                "The seat holding the other office, where both may not be one partner's.",
                seats=True,
                flags=("--other-holder",),
                completion="seats",
                help="The seat holding the other office, where the rules forbid both from one "
                "organisation.",
            ),
        ),
        http=True,
        exercises="office",
        scenario=True,
    ),
    Question(
        "show",
        ("presenting.describe", "show"),
        ("presenting.describe", "ShowAnswer"),
        ShowWord,
        "The rules in plain words, each with its clause.",
        subject="trust",
        http=True,
    ),
    Question(
        "check",
        ("evaluating.meetings", "check"),
        ("evaluating.meetings", "CheckAnswer"),
        CheckWord,
        "Is a recorded meeting, and each decision in it, valid?",
        subject="other",
        http=True,
    ),
    Question(
        "audit",
        ("evaluating.audit", "audit"),
        ("evaluating.audit", "AuditAnswer"),
        AuditWord,
        "Audit meeting records over a year: frequency, absences, elections.",
        subject="other",
        http=True,
    ),
    Question(
        "validate",
        ("authoring.findings", "validate"),
        ("authoring.findings", "ValidateAnswer"),
        ValidateWord,
        "Check MoU files: schema, references and semantic checks.",
        subject="other",
        http=True,
        renderer="render_findings",
    ),
    Question(
        "diff",
        ("authoring.diff", "diff"),
        ("authoring.diff", "DiffAnswer"),
        DiffWord,
        "What changes in practice between two versions of a MoU.",
        subject="other",
        http=True,
    ),
    Question(
        "test",
        ("authoring.scenarios", "run_scenarios"),
        ("authoring.scenarios", "ScenarioReport"),
        TestWord,
        "Run scenario files of questions with expected answers.",
        subject="other",
        export="run_tests",
        renderer="render_scenarios",
    ),
    Question(
        "coverage",
        ("authoring.sourcecheck", "coverage"),
        ("authoring.sourcecheck", "DocumentCoverage"),
        CoverageWord,
        "Every clause of the source document, and what accounts for it.",
        subject="other",
        renderer="render_document_coverage",
    ),
)

TOOLS: Mapping[str, str] = {
    "fmt": "lays YAML files out (its answer words are its own: it reformats, asks nothing)",
    "init": "writes a skeleton trust file",
    "graph": "draws a chart",
    "report": "writes an HTML page",
    "schema": "prints a JSON Schema",
    "serve": "answers the questions over HTTP",
}
"""The commands that ask no question: they write, draw, lay out or serve."""

LIBRARY_TOOLS: Mapping[str, str] = {
    "load": "loads a trust (the version in force on a date, within limits)",
    "bundled_names": "names the bundled trusts",
    "check_sources": "checks quotes against a source document (validate --source)",
    "format_files": "lays YAML files out (fmt)",
    "graph": "draws a chart",
    "report": "writes an HTML page",
    "schema": "gives a JSON Schema",
    "serve": "answers the questions over HTTP",
    "skeleton": "gives a skeleton trust file (init)",
}
"""The library's functions that answer no question."""

STAGES = (
    "reading",
    "language",
    "compiling",
    "evaluating",
    "authoring",
    "presenting",
    "interfaces",
)
"""govrules' stages, lowest first (``tests/test_layout.py``)."""

_BY_NAME = {q.name: q for q in QUESTIONS}


def question(name: str) -> Question | None:
    """The question of that name, or None."""
    return _BY_NAME.get(name)


def bind(q: Question, within: str) -> Callable[..., Any]:
    """The function that answers ``q``, for a caller in the stage ``within``.

    :raises ValueError: the function sits in a stage above ``within`` (the caller could not
        import it).
    """
    module, name = q.function
    stage = module.split(".")[0]
    if STAGES.index(stage) > STAGES.index(within):
        raise ValueError(f"`{q.name}` is answered in {stage}/, above {within}/")
    found: Callable[..., Any] = getattr(import_module(f"govrules.{module}"), name)
    return found
