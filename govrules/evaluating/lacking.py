"""The facts a question may lack, declared once: how a question gives each, and how a
meeting record does.

An answer that turns on a fact it was not given says which (``needs``) and, in its
explanation, how to give it. A question gives it by an option of the command line
(``--vacancies``); a meeting record by a field (``vacancies``), which its check names
instead: the quorum and the votes it asks are worded for the record (:func:`for_records`),
every other question's as before. Each line that asks for a fact words it here (:func:`how`,
:func:`named`, :func:`asker`, :func:`nobody`), so a question and a record read the same line
with their own spelling of the fact, and no text is rewritten afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import NamedTuple

__all__ = ["FACTS", "Fact", "asker", "for_records", "how", "named", "nobody", "record_fields"]


class Fact(NamedTuple):
    """A fact a question may lack: the option that gives it, the record's field that does,
    and its words."""

    option: str
    """The command line's option, as an answer's ``needs`` names it (``--vacancies``)."""
    field: str
    """The meeting record's field that gives it (``vacancies``)."""
    what: str
    """The fact in words (``the vacancies``)."""
    asked: str
    """How a question gives it (``--vacancies``)."""
    recorded: str
    """How a meeting record gives it (```vacancies` or `vacant```)."""


FACTS: Mapping[str, Fact] = MappingProxyType(
    {
        f.option: f
        for f in (
            Fact("--present", "attendees", "the seats present", "--present", "`attendees`"),
            Fact(
                "--vacancies",
                "vacancies",
                "the vacancies",
                "--vacancies",
                "`vacancies` or `vacant`",
            ),
            Fact(
                "--vacant",
                "vacant",
                "the places not filled",
                "--vacant; --vacancies 0 for none",
                "`vacant`, or `vacancies: 0` for none",
            ),
            Fact("--matter", "matter", "the kind of matter", "--matter", "`matter`"),
            Fact("--affects", "affects", "whom the matter affects", "--affects", "`affects`"),
            Fact(
                "--implementer",
                "implementers",
                "who implements it",
                "--implementer",
                "`implementers`",
            ),
            Fact(
                "--chair-casts",
                "chair_casts",
                "the chair's casting vote",
                "--chair-casts",
                "`chair_casts`",
            ),
        )
    }
)
"""Each fact an answer may need, by its option."""

_FOR_RECORD: ContextVar[bool] = ContextVar("for_record", default=False)


@contextmanager
def for_records() -> Iterator[None]:
    """Within it, the facts lacking are asked of a meeting record: by its fields."""
    token = _FOR_RECORD.set(True)
    try:
        yield
    finally:
        _FOR_RECORD.reset(token)


def how(option: str) -> str:
    """How to give the fact of ``option``: the option itself, or a record's field (an option
    not declared here is named as it is, rather than refused mid-answer)."""
    fact = FACTS.get(option)
    if fact is None:
        return option
    return fact.recorded if _FOR_RECORD.get() else fact.asked


def named(option: str) -> str:
    """The fact of ``option`` and how to give it: ``the vacancies (--vacancies)``."""
    fact = FACTS.get(option)
    return f"{fact.what} ({how(option)})" if fact is not None else option


def asker() -> str:
    """What lacks the fact: ``the question``, or ``the record``."""
    return "the record" if _FOR_RECORD.get() else "the question"


def nobody() -> str:
    """How a list of partners says nobody: ``none`` in a question, ``[]`` in a record."""
    return "`[]`" if _FOR_RECORD.get() else "`none`"


def record_fields(options: Iterable[str]) -> list[str]:
    """The record's fields that give what the options (an answer's ``needs``) would."""
    return [FACTS[o].field for o in options if o in FACTS]
