"""Properties that must hold for every trust, not just the five bundled ones.

Random small trusts are generated as plain data and validated with ``Trust.model_validate``,
as a trust file would be; random attendances and votes are put to them. Then: a quorum never
turns into an inquorum when someone else arrives; the order in which seats are listed never
changes a vote; ``required_attendance`` is the least attendance that passes the exact
fraction test; "5 of 10 is not more than half; 6 of 9 is at least two thirds". Random damage
to the bundled trust files only ever ends in a ``LoadError``. And eight threads asking
questions of one loaded trust get exactly the answers asked one at a time.
"""

from __future__ import annotations

import itertools
import math
import random
import tempfile
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from builders import one_body_trust
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import govrules
from govrules import LoadError, QueryError
from govrules.compiling.loader import bundled_names, bundled_path, trust_problems
from govrules.evaluating.quorate import required_attendance
from govrules.language.schema import Quorum, Trust

FAST = settings(max_examples=100, deadline=None)
"""Pure rule evaluation: milliseconds per example."""


WORDS = {
    Fraction(1, 2): "one half",
    Fraction(1, 3): "one third",
    Fraction(2, 3): "two thirds",
    Fraction(1, 4): "one quarter",
    Fraction(3, 4): "three quarters",
    Fraction(1): "all",
}


@st.composite
def fractions(draw: st.DrawFn) -> Fraction:
    denominator = draw(st.integers(1, 12))
    return Fraction(draw(st.integers(1, denominator)), denominator)


def spellings(value: Fraction) -> list[str]:
    """Every way a trust file may write ``value`` exactly."""
    out = [f"{value.numerator}/{value.denominator}"]
    if (value * 100).denominator == 1:
        out.append(f"{value * 100}%")
    if value in WORDS:
        out.append(WORDS[value])
    return out


@dataclass(frozen=True)
class Drawn:
    """A generated trust with the exact numbers it was generated from."""

    trust: Trust
    data: dict[str, Any]
    counts: tuple[int, ...]
    """Places of seats ``s0``, ``s1``, ...; ``s0`` is the chair."""
    quorum_fraction: Fraction | None
    vote_fraction: Fraction | None

    @property
    def seats(self) -> list[str]:
        return [f"s{i}" for i in range(len(self.counts))]

    @property
    def total(self) -> int:
        return sum(self.counts)


@st.composite
def trusts(draw: st.DrawFn, exceptions: bool = True, presence: bool = True) -> Drawn:
    counts = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=6)))
    total = sum(counts)
    seats = [{"id": f"s{i}", "title": f"Seat {i}", "count": n} for i, n in enumerate(counts)]

    quorum: dict[str, Any] = {"source": "1"}
    measure = draw(st.sampled_from(["at_least", "more_than", "number"]))
    quorum_fraction = None
    if measure == "number":
        quorum["number"] = draw(st.integers(1, total + 1))
    else:
        quorum_fraction = draw(fractions())
        quorum[measure] = draw(st.sampled_from(spellings(quorum_fraction)))
        quorum["rounding"] = draw(st.sampled_from(["exact", "up", "down"]))
    if measure != "number" and draw(st.booleans()):
        # (with `number`, required_attendance ignores `minimum`: reported, not tested here)
        quorum["minimum"] = draw(st.integers(1, total))
    if exceptions:
        quorum["of"] = draw(st.sampled_from(["seats", "voting-seats"]))
    if presence and draw(st.booleans()):
        quorum["must_include"] = [
            draw(
                st.sampled_from(
                    [{"office": "chair"}, {"seats": [f"s{len(counts) - 1}"], "at_least": 1}]
                )
            )
        ]

    voting: dict[str, Any] = {"source": "2"}
    vote_fraction = None
    how = draw(st.sampled_from(["at_least", "more_than", "unanimous"]))
    if how == "unanimous":
        voting["threshold"] = {"unanimous": True}
    else:
        vote_fraction = draw(fractions())
        voting["threshold"] = {how: draw(st.sampled_from(spellings(vote_fraction)))}
    voting["base"] = draw(st.sampled_from(["votes-cast", "present", "voting-members"]))
    voting["casting_vote"] = draw(
        st.sampled_from(["none", "chair-has", "chair-may", "unspecified"])
    )
    if draw(st.booleans()):
        voting["tie"] = draw(st.sampled_from(["fails", "lot"]))
    if exceptions and len(counts) > 1 and draw(st.booleans()):
        voting["exceptions"] = [
            {"seat": f"s{len(counts) - 1}", "votes": draw(st.sampled_from([False, True]))}
        ]

    data = {
        "id": "generated",
        "name": "Generated Trust",
        "document": {"title": "Generated MoU"},
        "bodies": [
            {
                "id": "board",
                "name": "The Board",
                "chair": {"seat": "s0", "source": "3"},
                "seats": seats,
                "quorum": quorum,
                "voting": voting,
            }
        ],
    }
    trust = Trust.model_validate(data)  # a generated trust must be a valid one
    return Drawn(trust, data, counts, quorum_fraction, vote_fraction)


@st.composite
def attendances(draw: st.DrawFn, drawn: Drawn) -> list[str]:
    """Seat ids present, each at most as many times as it has places."""
    present: list[str] = []
    for seat, n in zip(drawn.seats, drawn.counts, strict=True):
        present += [seat] * draw(st.integers(0, n))
    return present


# --------------------------------------------------------------------------- quorum


@FAST
@given(st.data())
def test_quorum_is_monotone_in_the_count(data: st.DataObject) -> None:
    drawn = data.draw(trusts())
    answers = [
        govrules.quorum(drawn.trust, "board", count=n).answer for n in range(drawn.total + 1)
    ]
    for fewer, more in itertools.pairwise(answers):
        assert not (fewer == "quorate" and more != "quorate"), answers


@FAST
@given(st.data())
def test_another_attendee_never_makes_a_quorate_meeting_inquorate(data: st.DataObject) -> None:
    drawn = data.draw(trusts())
    present = data.draw(attendances(drawn))
    room = Counter(dict(zip(drawn.seats, drawn.counts, strict=True))) - Counter(present)
    if not room:
        return
    arriving = data.draw(st.sampled_from(sorted(room)))
    before = govrules.quorum(drawn.trust, "board", present=present).answer
    after = govrules.quorum(drawn.trust, "board", present=[*present, arriving]).answer
    if before == "quorate":
        assert after == "quorate", (present, arriving)


def brute_force_required(drawn: Drawn, rule: Quorum, membership: int) -> int:
    """The least attendance passing the rule's test, found by trying 0, 1, 2, ..."""

    def passes(n: int) -> bool:
        if rule.minimum is not None and n < rule.minimum:
            return False
        if rule.number is not None:
            return n >= rule.number
        assert drawn.quorum_fraction is not None
        share = drawn.quorum_fraction * membership  # exact: a Fraction, never a float
        if rule.rounding == "up":
            share = Fraction(math.ceil(share))
        elif rule.rounding == "down":
            share = Fraction(math.floor(share))
        return n > share if rule.more_than is not None else n >= share

    return next(
        n for n in range(membership + 2 + (rule.number or 0) + (rule.minimum or 0)) if passes(n)
    )


@FAST
@given(st.data())
def test_required_attendance_is_the_least_that_passes(data: st.DataObject) -> None:
    drawn = data.draw(trusts(exceptions=False, presence=False))
    rule = drawn.trust.bodies[0].quorum
    assert rule is not None
    for membership in range(0, 30):
        assert required_attendance(rule, membership) == brute_force_required(
            drawn, rule, membership
        )
    # and the answer to a question agrees with it, at the edge and on either side
    needed = required_attendance(rule, drawn.total)
    for n in range(drawn.total + 1):
        answer = govrules.quorum(drawn.trust, "board", count=n)
        assert answer.required == needed
        assert answer.answer == ("quorate" if n >= needed else "inquorate")


@FAST
@given(fractions(), st.sampled_from(["at_least", "more_than"]))
def test_every_spelling_of_a_fraction_is_the_same_rule(value: Fraction, measure: str) -> None:
    rules = [Quorum.model_validate({measure: text}) for text in spellings(value)]
    for membership in range(0, 25):
        assert len({required_attendance(rule, membership) for rule in rules}) == 1


def exact_required(rule: Quorum, membership: float) -> int:
    """The least attendance by exact fractions, as ``required_attendance`` once computed it."""
    assert rule.fraction is not None
    share: Fraction | float = rule.fraction * membership
    if rule.rounding == "up":
        share = Fraction(math.ceil(share))
    elif rule.rounding == "down":
        share = Fraction(math.floor(share))
    needed = math.floor(share) + 1 if rule.more_than is not None else math.ceil(share)
    return needed if rule.minimum is None else max(needed, rule.minimum)


def test_whole_number_arithmetic_agrees_with_exact_fractions() -> None:
    # required_attendance works in integers (p*m//q); every fraction up to twelfths, every
    # rounding, with and without a minimum, and memberships below zero (more vacancies than
    # seats) must give what the exact fractions give.
    checked = 0
    for q in range(1, 13):
        for p in range(1, q + 1):
            for measure, rounding, minimum in itertools.product(
                ("at_least", "more_than"), ("exact", "up", "down"), (None, 4)
            ):
                rule = Quorum.model_validate(
                    {measure: f"{p}/{q}", "rounding": rounding, "minimum": minimum}
                )
                for membership in range(-6, 41):
                    assert required_attendance(rule, membership) == exact_required(
                        rule, membership
                    ), (rule, membership)
                    checked += 1
                # a membership that is not a whole number (a fractional vacancy count)
                for odd in (Fraction(33, 2), 16.5):
                    assert required_attendance(rule, odd) == exact_required(rule, odd)  # type: ignore[arg-type]
    assert checked == 78 * 12 * 47


def test_five_of_ten_is_not_more_than_half() -> None:
    trust = one_body_trust(
        {"more_than": "1/2"}, {"threshold": {"more_than": "1/2"}, "base": "present"}, 10
    )
    assert govrules.quorum(trust, "board", count=5).answer == "inquorate"
    assert govrules.quorum(trust, "board", count=6).answer == "quorate"
    five = govrules.vote(trust, "board", for_=["member"] * 5, against=["member"] * 5)
    assert five.answer != "carried" and five.for_ == 5
    six = govrules.vote(trust, "board", for_=["member"] * 6, against=["member"] * 4)
    assert six.answer == "carried"


def test_six_of_nine_is_at_least_two_thirds() -> None:
    trust = one_body_trust(
        {"at_least": "two thirds"}, {"threshold": {"at_least": "2/3"}, "base": "votes-cast"}, 9
    )
    assert govrules.quorum(trust, "board", count=6).answer == "quorate"
    assert govrules.quorum(trust, "board", count=5).answer == "inquorate"
    six = govrules.vote(trust, "board", for_=["member"] * 6, against=["member"] * 3)
    assert six.answer == "carried"
    five = govrules.vote(trust, "board", for_=["member"] * 5, against=["member"] * 4)
    assert five.answer == "lost"  # 5/9 is less than 2/3


def test_a_third_of_ten_rounds_as_the_document_says() -> None:
    # 10/3 = 3.33...: "at least a third" needs 4; rounded down first, 3; "more than", 4.
    for words, rounding, needed in (
        ({"at_least": "1/3"}, "exact", 4),
        ({"at_least": "1/3"}, "up", 4),
        ({"at_least": "1/3"}, "down", 3),
        ({"more_than": "1/3"}, "exact", 4),
        ({"more_than": "1/3"}, "down", 4),
    ):
        assert required_attendance(Quorum.model_validate({**words, "rounding": rounding}), 10) == (
            needed
        )


# --------------------------------------------------------------------------- votes


@st.composite
def ballots(draw: st.DrawFn, drawn: Drawn) -> dict[str, list[str]]:
    """Who is present and how each member present votes (or abstains, or does not vote)."""
    present = draw(attendances(drawn))
    out: dict[str, list[str]] = {"for": [], "against": [], "abstain": [], "present": present}
    for seat in present:
        choice = draw(st.sampled_from(["for", "against", "abstain", "silent"]))
        if choice != "silent":
            out[choice].append(seat)
    return out


def cast(drawn: Drawn, votes: dict[str, list[str]], chair: str | None = None) -> dict[str, Any]:
    try:
        answer = govrules.vote(
            drawn.trust,
            "board",
            for_=votes["for"],
            against=votes["against"],
            abstain=votes["abstain"],
            present=votes["present"],
            chair_casts=chair,  # type: ignore[arg-type]
        )
    except QueryError as exc:
        return {"error": str(exc)}
    return answer.to_dict()


@FAST
@given(st.data())
def test_the_order_of_the_voters_never_changes_the_outcome(data: st.DataObject) -> None:
    drawn = data.draw(trusts())
    votes = data.draw(ballots(drawn))
    chair = data.draw(st.sampled_from([None, "for", "against"]))
    shuffled = {key: data.draw(st.permutations(ids)) for key, ids in votes.items()}
    assert cast(drawn, shuffled, chair) == cast(drawn, votes, chair)


@FAST
@given(st.data())
def test_carried_exactly_when_the_exact_fraction_test_passes(data: st.DataObject) -> None:
    drawn = data.draw(trusts(exceptions=False))
    votes = data.draw(ballots(drawn))
    # A record with no one voting or abstaining is refused as a question, not answered.
    assume(bool(votes["for"] or votes["against"] or votes["abstain"]))
    answer = cast(drawn, votes)
    rule = drawn.trust.bodies[0].voting
    assert rule is not None and rule.threshold is not None
    yes, no = len(votes["for"]), len(votes["against"])
    base = {
        "votes-cast": yes + no,
        "present": len(votes["present"]),
        "voting-members": drawn.total,
    }[rule.base or ""]
    if rule.threshold.unanimous:
        expected = no == 0 and yes > 0 and (rule.base == "votes-cast" or yes == base)
    else:
        assert drawn.vote_fraction is not None
        share = drawn.vote_fraction * base
        expected = base > 0 and (yes > share if rule.threshold.more_than else yes >= share)
    assert (answer["answer"] == "carried") == expected, (votes, answer["answer"])
    assert (answer["for"], answer["against"]) == (yes, no)


# --------------------------------------------------------------------------- damaged files


MUTATIONS = ("delete-line", "duplicate-line", "swap-characters", "insert-tab", "truncate", "byte")
NASTY = ["\t", ":", "- ", "[", "{", "&a ", "*a", "!", "'", '"', "#", "\u00a0", "\u200b", "\\"]


def mutate(text: str, kind: str, where: float, what: int) -> bytes:
    lines = text.splitlines(keepends=True) or [""]
    line = min(int(where * len(lines)), len(lines) - 1)
    at = min(int(where * len(text)), max(len(text) - 1, 0))
    if kind == "delete-line":
        del lines[line]
    elif kind == "duplicate-line":
        lines.insert(line, lines[line])
    elif kind == "insert-tab":
        lines[line] = "\t" + lines[line]
    elif kind == "swap-characters":
        return (text[:at] + text[at + 1 : at + 2] + text[at : at + 1] + text[at + 2 :]).encode()
    elif kind == "truncate":
        return text[:at].encode()
    else:
        encoded = text.encode()
        cut = min(int(where * len(encoded)), len(encoded))
        junk = NASTY[what % len(NASTY)].encode() if what % 3 else bytes([0x80 + what % 128])
        return encoded[:cut] + junk + encoded[cut:]
    return "".join(lines).encode()


def bundled_text(name: str) -> str:
    path = bundled_path(name)
    assert path is not None
    return path.read_text(encoding="utf-8")


TRUST_TEXT = {name: bundled_text(name) for name in bundled_names()}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(TRUST_TEXT)),
    damage=st.lists(
        st.tuples(
            st.sampled_from(MUTATIONS), st.floats(0, 1, exclude_max=True), st.integers(0, 999)
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_damaged_trust_files_only_ever_raise_load_error(
    name: str, damage: list[tuple[str, float, int]]
) -> None:
    raw = TRUST_TEXT[name].encode()
    for kind, where, what in damage:
        raw = mutate(raw.decode("utf-8", "replace"), kind, where, what)
    problems = trust_problems(raw, f"{name}.yaml")
    assert all(isinstance(p, LoadError) for p in problems)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.yaml"
        path.write_bytes(raw)
        try:
            trust = govrules.load(path)
        except LoadError as exc:
            assert problems, "load refused a file trust_problems found nothing wrong with"
            assert exc.path == str(path)
        else:
            assert not problems
            assert isinstance(trust, Trust)
            govrules.validate(path)  # the semantic checks of a valid file never raise


def test_mutations_do_damage() -> None:
    # The fuzzing above is only as good as its mutations: each one changes the file, and
    # each still works on what is left of a file already cut down to nothing.
    text = TRUST_TEXT["suffolk"]
    for kind in MUTATIONS:
        # (a swap of two equal characters changes nothing, so try a few places)
        assert any(mutate(text, kind, w, 7) != text.encode() for w in (0.5, 0.37, 0.61)), kind
        assert isinstance(mutate("", kind, 0.0, 0), bytes)


# --------------------------------------------------------------------------- threads


Query = Callable[[], Any]


def queries() -> list[Query]:
    suffolk, rutland, durham = (govrules.load(n) for n in ("suffolk", "rutland", "durham"))
    board = "strategic-board"
    out: list[Query] = []
    for n in range(18):
        out.append(lambda n=n: govrules.quorum(suffolk, board, count=n))
    for n in range(20):
        out.append(lambda n=n: govrules.quorum(rutland, "board", count=n))
    out += [
        lambda: govrules.voters(suffolk, board),
        lambda: govrules.voters(rutland, "executive", procedure="conflict-resolution"),
        lambda: govrules.vote(
            suffolk,
            board,
            for_=["portfolio-holder", "director-cyp", "nhs-suffolk", "vcs", "vcs"],
            against=["schools", "schools", "jobcentre-plus"],
            abstain=["fe-college", "police-authority"],
        ),
        lambda: govrules.vote(suffolk, board, for_=["portfolio-holder"], against=["vcs"]),
        lambda: govrules.escalate(rutland, "executive"),
        lambda: govrules.escalate(durham, "local-childrens-board"),
        lambda: govrules.show(suffolk),
        lambda: govrules.quorum(suffolk, "no-such-body", count=1),
    ]
    return out


def answer_of(query: Query) -> Any:
    try:
        return query().to_dict()
    except QueryError as exc:
        return ("QueryError", str(exc))


def test_eight_threads_get_the_sequential_answers(busy_switching: None) -> None:
    asked = queries()
    expected = [answer_of(q) for q in asked]
    start = threading.Barrier(8)

    def worker(seed: int) -> list[int]:
        order = list(range(len(asked)))
        random.Random(seed).shuffle(order)
        start.wait()
        return [i for _ in range(3) for i in order if answer_of(asked[i]) != expected[i]]

    with ThreadPoolExecutor(max_workers=8) as pool:
        wrong = [i for found in pool.map(worker, range(8)) for i in found]
    assert wrong == []


def test_eight_threads_loading_one_file_get_one_trust(tmp_path: Path, busy_switching: None) -> None:
    path = tmp_path / "suffolk.yaml"
    path.write_text(TRUST_TEXT["suffolk"], encoding="utf-8")
    start = threading.Barrier(8)

    def worker(_: int) -> Trust:
        start.wait()
        return govrules.load(path)

    with ThreadPoolExecutor(max_workers=8) as pool:
        loaded = list(pool.map(worker, range(8)))
    assert all(trust == loaded[0] for trust in loaded)
    assert loaded[0] == govrules.load("suffolk")
    with pytest.raises(Exception, match="frozen"):
        loaded[0].bodies[0].seats[0].count = 99  # type: ignore[misc]
