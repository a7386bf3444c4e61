"""The words govrules says its rules in: one table (or one function) per concept.

``show``, the review report, the charts, ``diff``, the text renderer and the evaluators'
explanations all word a rule's value from here, so the same value reads the same wherever it
is shown. A table maps each value the trust-file format allows to its words, in the forms
the places that show it need: a ``sentence`` that stands alone in a statement, a ``value``
that reads after "from ... to ...", a ``flag`` that marks a gap on the review page.
A new value in the format is worded here, once (a test checks every value has its words).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from .ratio import describe_ratio
from .vocabulary import REGIONS

# The records of words are named tuples, not frozen dataclasses: defining a dataclass costs some
# 0.3 ms, and every question imports this module (benchmarks/cli.py: a first-time question).
if TYPE_CHECKING:  # the words need only the models' fields: importing this stays cheap
    from .schema import Among, Presence, Quorum, Threshold, Trust, Voting

__all__ = [
    "BASE",
    "BUILT_IN_CLASSES",
    "CASTING_VOTE",
    "DERIVED_CLASSES",
    "GAP_KIND",
    "INQUORATE_EFFECT",
    "LINK",
    "OFFICE",
    "PENDING_HEADLINE",
    "PENDING_WORDS",
    "QUORUM_OF",
    "SEAT_RIGHT",
    "STATUS",
    "SUBSTITUTE",
    "TIE",
    "CastingWords",
    "EffectWords",
    "LinkWords",
    "QuorumOfWords",
    "RightWords",
    "StatusWords",
    "SubstituteWords",
    "TieWords",
    "among_words",
    "as_clause",
    "class_words",
    "classes_words",
    "code_list",
    "counted",
    "describe_quorum",
    "describe_threshold",
    "holidays_words",
    "node_name",
    "path_words",
    "pending_words",
    "presence_words",
    "quorum_attends",
    "quorum_measure",
    "seat_right",
    "share_words",
    "split_ids",
]


# --- small helpers --------------------------------------------------------------------------


def as_clause(sentence: str) -> str:
    """A sentence as a clause of a longer one: "There is no casting vote." -> "there is no
    casting vote"."""
    text = sentence.rstrip(".")
    return text[:1].lower() + text[1:]


def counted(n: int, noun: str, nouns: str | None = None) -> str:
    """A number of things: "1 place", "2 places", "3 vacancies" (``nouns``: an irregular
    plural)."""
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"


def holidays_words(region: str) -> str:
    """Whose bank holidays a working day skips: "bank holidays of England and Wales"."""
    return f"bank holidays of {REGIONS[region]}"


def code_list(ids: Iterable[str]) -> str:
    """Ids in backticks, comma separated: "`a`, `b`"."""
    return ", ".join(f"`{i}`" for i in ids)


def path_words(path: Sequence[str | int]) -> str:
    """A place in a file's data, as a message names it: ``bodies[0].quorum`` (an empty path
    is the whole file)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "the file"


def split_ids(value: Any) -> list[str]:
    """Ids given as ``a, b`` (or as a list): each one, stripped, empty ones left out."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(v) for v in value]


def node_name(trust: Trust, node_id: str) -> str:
    """A body by its name; a body outside the trust marked as such; else the id itself."""
    body = trust.body(node_id)
    if body is not None:
        return body.name
    external = trust.external(node_id)
    return f"{external.name} (outside the trust)" if external is not None else node_id


# --- how settled a rule is ------------------------------------------------------------------


class StatusWords(NamedTuple):
    value: str
    """As a value: "from not stated to ..."; a chart's "chair: to be developed"."""
    flag: str
    """The review page's mark on a rule the document leaves so."""
    lead: str
    """An explanation's opening, followed by what the rule is about ("... who is chair")."""
    of_rule: str
    """What the document does with a rule named in ``{rule}``: "The document leaves the
    {rule} to be developed"."""


STATUS: Mapping[str, StatusWords] = {
    "stated": StatusWords("stated", "Stated", "The MoU states", "states the {rule}"),
    "unspecified": StatusWords(
        "not stated", "Not stated", "The MoU does not state", "states no {rule}"
    ),
    "to-be-developed": StatusWords(
        "to be developed",
        "To be developed",
        "The MoU leaves to be developed",
        "leaves the {rule} to be developed",
    ),
    "placeholder": StatusWords(
        "a drafting placeholder",
        "Drafting placeholder",
        "The MoU has only a drafting placeholder for",
        "has only a drafting placeholder for the {rule}",
    ),
    "ambiguous": StatusWords(
        "ambiguous", "Ambiguous", "The MoU is ambiguous about", "is ambiguous about the {rule}"
    ),
    "not-encoded": StatusWords(
        "not expressible",
        "Not expressible",
        "govrules cannot express the MoU's rule on",
        "states a {rule} govrules cannot express",
    ),
}
"""A rule's ``status`` in words, by its value (a ``Status``)."""

GAP_KIND: Mapping[str, str] = {
    **{status: words.flag for status, words in STATUS.items() if status != "stated"},
    "conflict": "Conflicting clauses",
    "wrong-reference": "Wrong reference",
}
"""A gap's ``kind`` as the review page flags it (a kind that is also a status, by its flag)."""


# --- offices and lines ----------------------------------------------------------------------

OFFICE: Mapping[str, str] = {
    "chair": "the chair",
    "vice-chair": "the vice-chair",
    "chair-or-vice-chair": "the chair or vice-chair",
}
"""An office a rule names (a quorum's presence, a vote a resolution must include)."""


class LinkWords(NamedTuple):
    label: str
    """"accountable to": a chart's line, the report's row (capitalised)."""
    verb: str
    """After the body: "is accountable to `board`"."""
    gained: str
    lost: str
    """What ``diff`` says of a line added or removed."""


LINK: Mapping[str, LinkWords] = {
    "accountable_to": LinkWords(
        "accountable to",
        "is accountable to",
        "is now accountable to",
        "is no longer accountable to",
    ),
    "reports_to": LinkWords("reports to", "reports to", "now reports to", "no longer reports to"),
    "delegates_to": LinkWords(
        "delegates to", "delegates to", "now delegates to", "no longer delegates to"
    ),
}
"""A body's lines to other bodies, by the field that holds them."""


# --- who votes ------------------------------------------------------------------------------


class RightWords(NamedTuple):
    verb: str
    """After a seat: "`vcs`: does not vote"."""
    value: str
    """A seat's right in a list: "vcs (no vote)"."""
    answer: str
    """The review page's "Votes" column."""


SEAT_RIGHT: Mapping[bool | None, RightWords] = {
    True: RightWords("votes", "votes", "Yes"),
    False: RightWords("does not vote", "no vote", "No"),
    None: RightWords("right to vote not settled", "vote not settled", "Not settled"),
}
"""A seat's right to vote: it votes, it does not, or the MoU leaves it open (``None``)."""


def seat_right(votes: bool | str | None) -> RightWords:
    """The words of a right to vote as an exception writes it (``unspecified``: open)."""
    return SEAT_RIGHT[votes if isinstance(votes, bool) else None]


class SubstituteWords(NamedTuple):
    sentence: str | None
    """In the rule's statement, after who may attend ("They vote."); ``None``: unsaid."""
    value: str
    """As a value: "a deputy may attend in a member's place, votes, ..."."""


SUBSTITUTE: Mapping[str, Mapping[bool | None, SubstituteWords]] = {
    "allowed": {  # ``{kind}``: a deputy, a substitute, a proxy
        True: SubstituteWords(
            "A {kind} may attend in a member's place.", "a {kind} may attend in a member's place"
        ),
        False: SubstituteWords(
            "No {kind} may attend in a member's place.", "no {kind} may attend in a member's place"
        ),
        None: SubstituteWords("The MoU does not say whether substitutes may attend.", "not stated"),
    },
    "votes": {
        True: SubstituteWords("They vote.", "votes"),
        False: SubstituteWords("They do not vote.", "does not vote"),
        None: SubstituteWords(None, "vote not stated"),
    },
    "counts_for_quorum": {
        True: SubstituteWords("They count toward the quorum.", "counts toward the quorum"),
        False: SubstituteWords(
            "They do not count toward the quorum.", "does not count toward the quorum"
        ),
        None: SubstituteWords(None, "quorum count not stated"),
    },
    "same_partner": {
        True: SubstituteWords(
            "They must come from the member's own organisation.",
            "from the member's own organisation",
        ),
        False: SubstituteWords(
            "They need not come from the member's own organisation.", "from any organisation"
        ),
        None: SubstituteWords(None, "organisation not stated"),
    },
}
"""What a substitute may do, by the field of the rule that says it and its value."""


BUILT_IN_CLASSES: Mapping[str, str] = {
    "officer": "an officer member",
    "non-officer": "a non-officer member",
    "councillor": "a councillor",
    "elected": "an elected member",
    "co-opted": "a co-opted member",
    "staff": "a staff member",
}
"""Classes every trust knows (:data:`govrules.language.vocabulary.BUILT_IN`), with how a
member of each is named in words."""

DERIVED_CLASSES: Mapping[str, str] = {
    "voting": "a voting member",
    "non-voting": "a non-voting member",
}
"""Classes derived from the voting rule, in words."""


def class_words(trust: Trust | None, class_id: str) -> str:
    """A member of the class in words: "a councillor", "a member of `core`"."""
    if class_id in BUILT_IN_CLASSES:
        return BUILT_IN_CLASSES[class_id]
    if class_id in DERIVED_CLASSES:
        return DERIVED_CLASSES[class_id]
    found = trust.member_classes if trust is not None else ()
    declared = next((c for c in found if c.id == class_id), None)
    if declared is not None and declared.name:
        return f"{declared.name} (`{class_id}`)"
    return f"a member of the class `{class_id}`"


def classes_words(trust: Trust | None, classes: Iterable[str]) -> str:
    """Members of every one of ``classes`` in words."""
    return " who is also ".join(class_words(trust, c) for c in classes)


def among_words(trust: Trust | None, among: Among) -> str:
    """``among`` in words: "the holders of `mayor`, or a councillor"."""
    parts = [f"the holder of `{s}`" for s in among.seats]
    parts += [f"a member for `{p}`" for p in among.partners]
    parts += [f"a member for a partner of kind `{k}`" for k in among.partner_kinds]
    parts += [class_words(trust, c) for c in among.classes]
    return ", or ".join(parts)


# --- quorum ---------------------------------------------------------------------------------


class QuorumOfWords(NamedTuple):
    whole: str
    """After the share: "at least 50% of the voting membership"."""
    places: str
    """The places the share is counted over: "a share of every voting place"."""
    counted: str
    """After the number needed of the membership ("9 of 17 voting places"); a quorum of the
    members in office is counted with every place filled."""


QUORUM_OF: Mapping[str, QuorumOfWords] = {
    "seats": QuorumOfWords("the membership", "every place", ""),
    "voting-seats": QuorumOfWords("the voting membership", "every voting place", " voting places"),
    "filled-seats": QuorumOfWords(
        "the members in office", "the places filled", ", every place filled"
    ),
}
"""What a quorum is a share of (its ``of``)."""


def quorum_measure(rule: Quorum) -> str:
    """The measure of a stated quorum: "at least 50% of the membership", "at least 5 members"."""
    if rule.number is not None:
        return f"at least {rule.number} members"
    comparison = "at least" if rule.at_least is not None else "more than"
    words = f"{comparison} {rule.at_least or rule.more_than} of {QUORUM_OF[rule.of].whole}"
    if rule.rounding != "exact":
        words += f", rounded {rule.rounding}"
    if rule.minimum is not None:
        words += f", never fewer than {rule.minimum}"
    return words


def quorum_attends(rule: Quorum) -> str:
    """The measure of a stated quorum as a clause: "at least 5 members attend"."""
    return quorum_measure(rule) + (" attend" if rule.number is not None else " attends")


def describe_quorum(rule: Quorum) -> str:
    """The quorum rule in plain words: "Quorate when at least 50% of the membership attends."."""
    return f"Quorate when {quorum_attends(rule)}."


def presence_words(presence: Presence, trust: Trust | None = None) -> str:
    """Who a presence requirement needs, in words: "the chair", "at least 1 councillor"."""
    if presence.office is not None:
        return OFFICE[presence.office]
    n = presence.at_least
    if presence.each_partner_of_kind is not None:
        member = "a member" if n == 1 else f"at least {n} members"
        if presence.classes:
            member += f" who is {classes_words(trust, presence.classes)}"
        return f"{member} from each partner of kind `{presence.each_partner_of_kind}`"
    if presence.partner is not None:
        words = f"at least {n} member(s) from `{presence.partner}`"
    elif presence.seats:
        words = f"at least {n} of {code_list(presence.seats)}"
    elif n == 1:
        return classes_words(trust, presence.classes)  # "a councillor"
    else:
        words = f"at least {n} members"
    if presence.classes:
        words += f", each {classes_words(trust, presence.classes)}"
    return words


class EffectWords(NamedTuple):
    value: str
    """After "Decisions of an inquorate meeting are": "agreed in principle only"."""
    sentence: str
    """The explanation of an inquorate meeting's answer."""
    headline: str | None
    """The text answer's mark on a resolution carried at such a meeting that does not (or
    may not) bind."""


PENDING_HEADLINE = "NOT YET IN EFFECT: to be confirmed at a later step"
"""The text answer's mark on a resolution carried at a step a later one must confirm."""


def pending_words(step: int, procedure: str, later: int, action: str) -> str:
    """Why a resolution carried at ``step`` has no effect yet (the text answer's mark cites
    the clause of the line that says so: :data:`PENDING_WORDS`)."""
    return (
        f"A resolution at step {step} of procedure `{procedure}` {PENDING_WORDS} {later} "
        f"({action.strip().rstrip('.')}): it is not yet in effect."
    )


PENDING_WORDS = "has effect only once confirmed at step"

INQUORATE_EFFECT: Mapping[str, EffectWords] = {
    "binding": EffectWords("binding", "Decisions of an inquorate meeting still bind.", None),
    "in-principle": EffectWords(
        "agreed in principle only",
        "Decisions made while inquorate are agreed in principle only.",
        "NOT BINDING: inquorate, in principle only",
    ),
    "void": EffectWords(
        "void",
        "An inquorate meeting may make no decisions; any it makes are void.",
        "NOT BINDING: inquorate, void",
    ),
    "unspecified": EffectWords(
        "of unstated effect",
        "The MoU does not say what decisions of an inquorate meeting are worth.",
        "WHETHER IT BINDS IS NOT SETTLED",
    ),
}
"""What the decisions of an inquorate meeting are worth (a quorum's ``inquorate_decisions``)."""


# --- voting ---------------------------------------------------------------------------------

BASE: Mapping[str, str] = {
    "votes-cast": "the votes cast (members present and voting; abstentions do not count)",
    "ballots-cast": "the ballots cast (for, against, abstaining or spoilt)",
    "present": "the voting members present (an abstention weighs against)",
    "everyone-present": "everyone present, voting or not (a non-voting member weighs against)",
    "voting-members": "all voting members, present or not",
}
"""What a voting threshold is a share of (a voting rule's ``base``)."""


def describe_threshold(rule: Voting) -> str:
    """The threshold and base in words: "more than one half of the votes cast"."""
    assert rule.threshold is not None and rule.base is not None
    base = BASE[rule.base]
    if rule.threshold.unanimous:
        return f"every one of {base}"
    return f"{share_words(rule.threshold)} of {base}"


def share_words(share: Threshold) -> str:
    """A share in words: "more than one half", "at least two thirds", "every one"."""
    if share.unanimous:
        return "every one"
    comparison = "more than" if share.strict else "at least"
    return f"{comparison} {describe_ratio(share.fraction)}"


class CastingWords(NamedTuple):
    sentence: str
    """In a voting rule's statement."""
    value: str
    """As a value: "from no casting vote to ..."."""


CASTING_VOTE: Mapping[str, CastingWords] = {
    "none": CastingWords("There is no casting vote.", "no casting vote"),
    "chair-has": CastingWords(
        "The chair has a second and casting vote in the event of a tie.",
        "the chair has a second and casting vote",
    ),
    "chair-may": CastingWords(
        "The chair may use a second or casting vote in the event of a tie.",
        "the chair may use a second or casting vote",
    ),
    "unspecified": CastingWords(
        "The MoU does not say whether the chair has a casting vote.", "not stated"
    ),
}
"""A voting rule's ``casting_vote``."""


class TieWords(NamedTuple):
    sentence: str | None
    """In a voting rule's statement (``None``: nothing to say)."""
    value: str
    """As a value: what decides a tie."""


TIE: Mapping[str | None, TieWords] = {
    None: TieWords(None, "not stated"),
    "fails": TieWords("A tie no casting vote breaks fails.", "the resolution fails"),
    "lot": TieWords("A tie no casting vote breaks is decided by lot.", "lots are drawn"),
}
"""What decides a tie no casting vote breaks (a voting rule's ``tie``)."""
