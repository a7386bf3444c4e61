"""Library questions asked for the first time: Suffolk's Strategic Board, against a floor and Cedar.

Each kind of question (a count quorum, a ``present=`` quorum, ``voters``, ``vote``) is drawn at
random (seeded) as a list of distinct questions, and each question is asked once and timed
alone with ``time.perf_counter_ns``. The same questions go to a hand-written floor (code that
knows Suffolk's answers) and, for who may vote and for a vote, to Cedar through ``cedarpy``
with the policy and the entities parsed once. Answers are checked against the floor after
timing, from the timed calls' own results.

    .venv/bin/python benchmarks/library.py [--quick]
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from common import (
    BODY,
    SEED,
    TARGET_COUNT_US,
    TARGET_PRESENT_US,
    TARGET_VOTE_US,
    TARGET_VOTE_VS_CEDAR,
    TARGET_VOTERS_US,
    TRUST,
    Config,
    Target,
    X,
    fmt_us,
    percentile,
    progress,
    standalone,
    table,
    times,
    version_of,
)

import govrules

# What the floor knows of Suffolk's Strategic Board, readings included (10.1: at least 50% of
# the places, or of the members in office; Appendix A 3.2.1: the schools hold 2 places, or 1,
# or 3; 10.2.1: the LSCB chair
# has no vote; 10.2.2: the District & Borough right is a placeholder, so they vote or not;
# 10.3.1: more than half of the voting representatives present, or of everyone present, or of
# the votes cast; 10.3: no casting vote is stated). An answer is definite where every reading
# the question admits agrees, as govrules answers.
PLACES = {
    "portfolio-holder": 1,
    "governors-forum": 1,
    "district-borough": 2,
    "nhs-suffolk": 1,
    "nhs-great-yarmouth-waveney": 1,
    "probation-board": 1,
    "police-authority": 1,
    "chief-officer-police": 1,
    "vcs": 2,
    "lscb-independent-chair": 1,
    "director-cyp": 1,
    "schools": 2,
    "fe-college": 1,
    "jobcentre-plus": 1,
}
VOTES = frozenset(PLACES) - {"lscb-independent-chair", "district-borough"}
UNSETTLED = "district-borough"
SCHOOL_PLACES = (2, 1, 3)
"""The places of the schools under each reading of Appendix A 3.2.1, the encoded first."""
OTHER_PLACES = sum(PLACES.values()) - PLACES["schools"]
BASES = ("present", "everyone-present", "votes-cast")
"""The readings of 10.3.1's "majority of representatives present", the encoded first."""
QUORUM = 9
"""The quorum under the encoded reading (9 of 17 places)."""
SEAT_ORDER = tuple(PLACES)
FLOOR_VOTERS = (
    tuple(s for s in SEAT_ORDER if s in VOTES),
    ("lscb-independent-chair",),
    (UNSETTLED,),
)
NO_VOTING_STEP = ((), (), SEAT_ORDER)
PROCEDURE = "dispute-resolution"
"""Suffolk's one procedure; it has no voting step, so under it no seat's vote is settled."""


MEMBERSHIP = ("places", "in-office")
"""The readings of 10.1's "50% of the membership", the encoded first."""


def _quorate(
    attending: int,
    schools: int,
    named: Sequence[str],
    vacant: int | None = None,
    membership: str = "places",
) -> str | None:
    """10.1 under the readings giving the schools ``schools`` places and the membership
    ``membership``; ``vacant``: the places vacant (``None``: not given). ``None`` where the
    question does not fit the reading (more schools named, or more attending, than places)."""
    places = OTHER_PLACES + schools
    if named.count("schools") > schools or attending > places - (vacant or 0):
        return None
    if membership == "places":
        return "quorate" if 2 * attending >= places else "inquorate"
    if vacant is not None:
        return "quorate" if 2 * attending >= places - vacant else "inquorate"
    # The members in office, not given: at least those present, at most every place. Half of
    # those present is always met, so short of half the places the vacancies decide it.
    return "quorate" if 2 * attending >= places else "incomplete"


def _agreed(outcomes: set[str | None]) -> str:
    """One answer where the readings the question fits agree; ``incomplete`` where those
    that need no more facts agree; else ``unspecified``."""
    outcomes.discard(None)
    if len(outcomes) == 1:
        return outcomes.pop()
    if "incomplete" in outcomes and len(outcomes - {"incomplete", "unspecified"}) == 1:
        return "incomplete" if "unspecified" not in outcomes else "unspecified"
    return "unspecified"


def floor_count(count: int, vacant: Sequence[str]) -> str:
    # 10.1 read as every place: vacant places do not move the quorum, they only bound the
    # count; read as the members in office, they do.
    return _agreed(
        {_quorate(count, s, vacant, len(vacant), m) for s in SCHOOL_PLACES for m in MEMBERSHIP}
    )


def floor_present(present: Sequence[str]) -> str:
    return _agreed(
        {_quorate(len(present), s, present, None, m) for s in SCHOOL_PLACES for m in MEMBERSHIP}
    )


def floor_voters(
    procedure: str | None, affects: Sequence[str], implementers: Sequence[str]
) -> tuple[tuple[str, ...], ...]:
    for name in (*affects, *implementers):
        if name not in KNOWN:
            raise ValueError(name)
    return FLOOR_VOTERS if procedure is None else NO_VOTING_STEP


def _decide(
    for_: Sequence[str], against: Sequence[str], present: Sequence[str], counted: Any, base: str
) -> str:
    yes = sum(1 for s in for_ if s in counted)
    no = sum(1 for s in against if s in counted)
    total = {
        "present": sum(1 for s in present if s in counted),
        "everyone-present": len(present),
        "votes-cast": yes + no,
    }[base]
    if yes == 0 and no == 0:
        return "lost"
    if 2 * yes > total:
        return "carried"
    if yes != no:
        return "lost"
    # A tie: a casting vote would be one more for (and one more cast, where the base is the
    # votes cast); where even that would not carry it, the tie cannot matter.
    if 2 * (yes + 1) <= total + (base == "votes-cast"):
        return "lost"
    return "unspecified"  # a tie, and the MoU states no casting vote


def floor_vote(
    for_: Sequence[str], against: Sequence[str], abstain: Sequence[str]
) -> tuple[str, bool | None]:
    """(outcome, binding) of a vote of the board, everyone present voting or abstaining."""
    present = (*for_, *against, *abstain)
    outcomes: set[str] = set()
    binding: set[bool | None] = set()
    for schools in SCHOOL_PLACES:
        for membership in MEMBERSHIP:
            quorate = _quorate(len(present), schools, present, None, membership)
            if quorate is None:
                continue
            for base in BASES:
                for counted in (VOTES, VOTES_AND_UNSETTLED):
                    outcome = _decide(for_, against, present, counted, base)
                    if outcome == "carried" and quorate == "incomplete":
                        outcome = "incomplete"  # the vacancies decide what it is worth
                    outcomes.add(outcome)
                    binding.add(None if quorate == "incomplete" else quorate == "quorate")
    if outcomes == {"carried", "incomplete"}:
        return "incomplete", None  # carried under each reading: the vacancies decide its worth
    if len(outcomes) > 1:
        return "unspecified", None  # the readings differ on the outcome, so on its effect too
    return outcomes.pop(), (binding.pop() if len(binding) == 1 else None)


def floor_encoded(votes: tuple[tuple[str, ...], ...]) -> tuple[str, bool]:
    """The floor under the encoded readings (2 school places; the voting members present),
    the District & Borough voting as Cedar's policy lets them: what Cedar's tally should give."""
    for_, against, abstain = votes
    present = (*for_, *against, *abstain)
    return _decide(for_, against, present, VOTES_AND_UNSETTLED, BASES[0]), len(present) >= QUORUM


VOTES_AND_UNSETTLED = VOTES | {UNSETTLED}


@dataclass
class Timed:
    """Per-question times (seconds, timer overhead taken off) and the answers given."""

    label: str
    seconds: list[float]
    results: list[Any]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p90(self) -> float:
        return percentile(self.seconds, 90)

    @property
    def rate(self) -> float:
        return len(self.seconds) / sum(self.seconds)


_OVERHEAD_NS = 0


def timer_overhead() -> int:
    """The median cost of the two clock reads around each timed call, in nanoseconds."""
    clock = time.perf_counter_ns
    samples = []
    for _ in range(20_001):
        t0 = clock()
        samples.append(clock() - t0)
    return int(statistics.median(samples))


def time_each(label: str, fn: Callable[..., Any], questions: Sequence[Any]) -> Timed:
    """Ask each question once: ``fn(*args, **kwargs)``, each call timed alone."""
    clock = time.perf_counter_ns
    seconds: list[float] = []
    results: list[Any] = []
    for args, kwargs in questions:
        t0 = clock()
        r = fn(*args, **kwargs)
        t1 = clock()
        seconds.append(max(t1 - t0 - _OVERHEAD_NS, 1) / 1e9)
        results.append(r)
    return Timed(label, seconds, results)


# --------------------------------------------------------------------------------------------
# Distinct random questions


def _places() -> list[str]:
    return [seat for seat, n in PLACES.items() for _ in range(n)]


def count_questions(rng: random.Random, n: int) -> list[tuple[int, tuple[str, ...]]]:
    """``n`` distinct (count, vacant seats): only 18 counts exist, so which places are vacant
    (none to three) varies too; the count never exceeds the places filled."""
    places = _places()
    seen: set[tuple[int, tuple[str, ...]]] = set()
    out: list[tuple[int, tuple[str, ...]]] = []
    while len(out) < n:
        vacant = tuple(rng.sample(places, rng.randint(0, 3)))
        count = rng.randint(0, len(places) - len(vacant))
        key = (count, tuple(sorted(vacant)))
        if key not in seen:
            seen.add(key)
            out.append((count, vacant))
    return out


def present_questions(rng: random.Random, n: int) -> list[tuple[str, ...]]:
    seen: set[tuple[str, ...]] = set()
    out: list[tuple[str, ...]] = []
    places = _places()
    while len(out) < n:
        present = tuple(rng.sample(places, rng.randint(0, len(places))))
        key = tuple(sorted(present))
        if key not in seen:
            seen.add(key)
            out.append(present)
    return out


def voters_questions(
    rng: random.Random, n: int, partners: Sequence[str]
) -> list[tuple[str | None, tuple[str, ...], tuple[str, ...]]]:
    names = sorted({*partners, *PLACES})
    seen: set[Any] = set()
    out: list[tuple[str | None, tuple[str, ...], tuple[str, ...]]] = []
    while len(out) < n:
        procedure = PROCEDURE if rng.random() < 0.25 else None
        affects = tuple(rng.sample(names, rng.randint(0, 3)))
        implementers = tuple(rng.sample(names, rng.randint(0, 2)))
        key = (procedure, frozenset(affects), frozenset(implementers))
        if key not in seen:
            seen.add(key)
            out.append((procedure, affects, implementers))
    return out


def vote_questions(
    rng: random.Random, n: int
) -> list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    seen: set[Any] = set()
    out: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = []
    places = _places()
    while len(out) < n:
        present = rng.sample(places, rng.randint(1, len(places)))
        split: tuple[list[str], list[str], list[str]] = ([], [], [])
        for seat in present:
            split[rng.choices((0, 1, 2), weights=(5, 4, 1))[0]].append(seat)
        question = (tuple(split[0]), tuple(split[1]), tuple(split[2]))
        key = tuple(tuple(sorted(part)) for part in question)
        if key not in seen:
            seen.add(key)
            out.append(question)
    return out


KNOWN: frozenset[str] = frozenset()


# --------------------------------------------------------------------------------------------
# Cedar

CEDAR_POLICY = """\
// Suffolk 10.2.1: a seat of the Strategic Board may vote unless it is the Independent
// Chair of the Safeguarding Children Board ("will not have a voting right").
@id("strategic-board-votes")
permit (
  principal in Body::"strategic-board",
  action == Action::"vote",
  resource == Body::"strategic-board"
)
unless { principal == Seat::"lscb-independent-chair" };
"""


def cedar_entities() -> list[dict[str, Any]]:
    board = {"type": "Body", "id": BODY}
    return [{"uid": board, "attrs": {}, "parents": []}] + [
        {"uid": {"type": "Seat", "id": s}, "attrs": {}, "parents": [board]} for s in PLACES
    ]


def cedar_request(seat: str, question: int) -> dict[str, Any]:
    # The context makes every request distinct; the policy does not read it.
    return {
        "principal": f'Seat::"{seat}"',
        "action": 'Action::"vote"',
        "resource": f'Body::"{BODY}"',
        "context": {"question": question},
    }


def cedar_tally(
    cedarpy: Any, policies: Any, entities: Any, question: int, votes: tuple[tuple[str, ...], ...]
) -> tuple[str, bool]:
    """A vote answered with Cedar for the rights: one batch of "may this seat vote?" for the
    seats present, then the floor's count (Cedar cannot count)."""
    for_, against, abstain = votes
    present = (*for_, *against, *abstain)
    seats = sorted(set(present))
    results = cedarpy.is_authorized_batch(
        [cedar_request(s, question) for s in seats], policies, entities
    )
    counted = {s for s, r in zip(seats, results, strict=True) if r.allowed}
    return _decide(for_, against, present, counted, BASES[0]), len(present) >= QUORUM


# --------------------------------------------------------------------------------------------


@dataclass
class Row:
    question: str
    gov: Timed
    floor: Timed
    target_us: float


def _as_calls(
    questions: Sequence[Any], build: Callable[[Any], tuple[tuple[Any, ...], dict[str, Any]]]
) -> list[Any]:
    return [build(q) for q in questions]


def bench_library(cfg: Config) -> tuple[list[str], list[Target]]:
    global _OVERHEAD_NS, KNOWN
    n = cfg.library_questions
    progress(f"library: {n} distinct questions of each kind on Suffolk's {BODY}")
    trust = govrules.load(TRUST)
    KNOWN = frozenset({p.id for p in trust.partners} | set(PLACES))
    board = trust.body(BODY)
    assert board is not None
    if {s.id: s.count for s in board.seats} != PLACES:
        raise RuntimeError("the floor's picture of the Strategic Board is out of date")
    _OVERHEAD_NS = timer_overhead()
    rng = random.Random(SEED)
    counts = count_questions(rng, n)
    presents = present_questions(rng, n)
    voters_qs = voters_questions(rng, n, [p.id for p in trust.partners])
    votes = vote_questions(rng, n)

    from govrules import quorum, vote, voters

    rows = [
        Row(
            "quorum, `count=` (distinct count and vacant places)",
            time_each(
                "govrules",
                quorum,
                _as_calls(counts, lambda q: ((trust, BODY), {"count": q[0], "vacant": q[1]})),
            ),
            time_each("floor", floor_count, _as_calls(counts, lambda q: (q, {}))),
            TARGET_COUNT_US,
        ),
        Row(
            "quorum, `present=` (a distinct multiset of seats)",
            time_each(
                "govrules",
                quorum,
                _as_calls(presents, lambda q: ((trust, BODY), {"present": q})),
            ),
            time_each("floor", floor_present, _as_calls(presents, lambda q: ((q,), {}))),
            TARGET_PRESENT_US,
        ),
        Row(
            "`voters` (distinct procedure, affected, implementers)",
            time_each(
                "govrules",
                voters,
                _as_calls(
                    voters_qs,
                    lambda q: ((trust, BODY, q[0]), {"affects": q[1], "implementers": q[2]}),
                ),
            ),
            time_each("floor", floor_voters, _as_calls(voters_qs, lambda q: (q, {}))),
            TARGET_VOTERS_US,
        ),
        Row(
            "`vote` (a distinct split of for, against, abstain)",
            time_each(
                "govrules",
                vote,
                _as_calls(
                    votes,
                    lambda q: ((trust, BODY), {"for_": q[0], "against": q[1], "abstain": q[2]}),
                ),
            ),
            time_each("floor", floor_vote, _as_calls(votes, lambda q: (q, {}))),
            TARGET_VOTE_US,
        ),
    ]
    disagree = _agreement(rows)
    progress("library: cedarpy on the same questions")
    cedar, cedar_note, cedar_disagree = _bench_cedar(votes, n)
    return _report(cfg, rows, disagree, cedar, cedar_note, cedar_disagree)


def _agreement(rows: list[Row]) -> list[str]:
    out: list[str] = []
    checks: list[Callable[[Any], Any]] = [
        lambda a: a.answer,
        lambda a: a.answer,
        lambda a: (
            tuple(r.seat for r in a.voters),
            tuple(r.seat for r in a.non_voters),
            tuple(r.seat for r in a.undetermined),
        ),
        lambda a: (a.answer, a.binding),
    ]
    for row, key in zip(rows, checks, strict=True):
        wrong = sum(
            1 for g, f in zip(row.gov.results, row.floor.results, strict=True) if key(g) != f
        )
        if wrong:
            out.append(f"{row.question}: {wrong} of {len(row.gov.results)} answers differ")
    return out


def _bench_cedar(
    votes: Sequence[tuple[tuple[str, ...], ...]], n: int
) -> tuple[list[Timed], str, list[str]]:
    try:
        cedarpy: Any = import_module("cedarpy")
    except Exception as exc:  # any failure means: no reference
        return (
            [],
            f"**cedarpy is not available ({type(exc).__name__}: {exc}); the Cedar reference "
            "was skipped.** Install it with "
            "`.venv/bin/pip install -r benchmarks/requirements.txt`.",
            [],
        )
    policies = cedarpy.PolicySet.from_str(CEDAR_POLICY)
    entities = cedarpy.Entities.from_json_str(json.dumps(cedar_entities()))
    rng = random.Random(SEED + 1)
    seats = [rng.choice(SEAT_ORDER) for _ in range(n)]
    single = time_each(
        "`is_authorized(request, PolicySet, Entities)`: may this seat vote? (one seat)",
        cedarpy.is_authorized,
        [((cedar_request(s, i), policies, entities), {}) for i, s in enumerate(seats)],
    )
    batch = time_each(
        "a vote: `is_authorized_batch` of the seats present, then the floor's count",
        cedar_tally,
        [((cedarpy, policies, entities, i, q), {}) for i, q in enumerate(votes)],
    )
    disagree: list[str] = []
    wrong = sum(
        1
        for s, r in zip(seats, single.results, strict=True)
        if r.allowed != (s != "lscb-independent-chair")
    )
    if wrong:
        disagree.append(f"Cedar's single decisions: {wrong} differ from the policy")
    # Cedar is two-valued: its policy lets district-borough vote, and it knows no readings, so
    # its tally is checked against the floor's under the encoded readings with that vote.
    wrong = sum(1 for q, c in zip(votes, batch.results, strict=True) if c != floor_encoded(q))
    if wrong:
        disagree.append(f"Cedar's vote tallies: {wrong} differ from the floor")
    return [single, batch], f"cedarpy {version_of('cedarpy')}", disagree


def _report(
    cfg: Config,
    rows: list[Row],
    disagree: list[str],
    cedar: list[Timed],
    cedar_note: str,
    cedar_disagree: list[str],
) -> tuple[list[str], list[Target]]:
    n = cfg.library_questions
    out = [
        f"## Library: first-time questions on Suffolk's {BODY} (17 places, 14 seats)",
        "",
        f"**Every figure here is a first-time question.** {n:,} distinct questions of each kind "
        f"(seeded random, seed {SEED}), each asked once and timed alone with "
        f"`time.perf_counter_ns` less the clock's own cost ({_OVERHEAD_NS} ns); median and "
        "90th percentile per question, and questions per second over the whole list. The "
        "trust is loaded once before timing (loading is measured in the scaling section). "
        "The floor is code that knows Suffolk's answers, readings included (the places the "
        "schools may hold, 10.1's membership as every place or the members in office, the "
        "three bases of 10.3.1, whether the District & Borough representatives vote: a loop "
        "over the 36 combinations, a frozenset of the voting seats and a ten-line tally), "
        "given the same questions. A count quorum has only 18 possible counts on this board, "
        "so the questions also differ in the places named vacant (`vacant=`, none to three; "
        "the count never exceeds the places filled, which the engine refuses), which 10.1 "
        "read as the members in office reads.",
        "",
    ]
    out += table(
        [
            "Question",
            "govrules median µs",
            "p90 µs",
            "govrules /s",
            "floor median µs",
            "÷ floor",
            "target",
            "",
        ],
        (
            [
                r.question,
                f"**{fmt_us(r.gov.median)}**",
                fmt_us(r.gov.p90),
                f"{r.gov.rate:,.0f}",
                fmt_us(r.floor.median),
                times(r.gov.median / r.floor.median),
                f"≤ {r.target_us:g} µs",
                "met" if r.gov.median * 1e6 <= r.target_us else "missed",
            ]
            for r in rows
        ),
    )
    out += [
        "",
        "Answers checked against the floor (the timed calls' own results): "
        + ("all agree." if not disagree else "; ".join(disagree)),
        "",
        '### Reference: Cedar on "who may vote" and "is it carried"',
        "",
    ]
    targets = [
        Target(
            f"library: {r.question.split(' (')[0]} median",
            f"≤ {r.target_us:g} µs",
            f"{fmt_us(r.gov.median)} µs",
            r.gov.median * 1e6 <= r.target_us,
        )
        for r in rows
    ]
    vote_row = rows[3]
    if not cedar:
        out += [cedar_note]
        targets.append(
            Target(
                "library: vote vs cedarpy's pre-parsed `is_authorized`",
                f"≥ {TARGET_VOTE_VS_CEDAR:g}{X} faster",
                "cedarpy not installed",
                None,
            )
        )
        return out, targets
    single = cedar[0]
    out += [
        f"{cedar_note}; the policy and the entities are parsed once (`PolicySet`, `Entities`). "
        "Principal = seat, action = vote, resource = board; each seat an entity whose parent "
        "is the board. Each request carries a distinct context (`question: i`, not read by the "
        "policy), so no two requests are the same. Cedar cannot count, so a vote with Cedar is "
        "one `is_authorized_batch` of the seats present, then the floor's count of the seats "
        "it allows.",
        "",
        "```cedar",
        CEDAR_POLICY.rstrip(),
        "```",
        "",
    ]
    out += table(
        ["Cedar call", "median µs", "p90 µs", "/s", "govrules `vote` ÷ this"],
        (
            [
                c.label,
                f"**{fmt_us(c.median)}**",
                fmt_us(c.p90),
                f"{c.rate:,.0f}",
                times(vote_row.gov.median / c.median),
            ]
            for c in cedar
        ),
    )
    speedup = single.median / vote_row.gov.median
    out += [
        "",
        f"govrules `vote` median {fmt_us(vote_row.gov.median)} µs against Cedar's pre-parsed "
        f"`is_authorized` {fmt_us(single.median)} µs: govrules is "
        + (f"{speedup:.2f}{X} faster" if speedup >= 1 else f"{1 / speedup:.2f}{X} slower")
        + f" (target: ≥ {TARGET_VOTE_VS_CEDAR:g}{X} faster, "
        + ("met" if speedup >= TARGET_VOTE_VS_CEDAR else "missed")
        + ").",
        "",
        "Cedar's decisions checked: "
        + (
            "it allows every seat but `lscb-independent-chair`, and its tallies agree with the "
            "floor's under the encoded readings (Cedar knows no readings and its answer is "
            "two-valued: its policy lets `district-borough` vote, where the MoU leaves that seat "
            "a placeholder, and govrules weighs every reading and can answer `unspecified`)."
            if not cedar_disagree
            else "; ".join(cedar_disagree)
        ),
    ]
    targets.append(
        Target(
            "library: vote vs cedarpy's pre-parsed `is_authorized`",
            f"≥ {TARGET_VOTE_VS_CEDAR:g}{X} faster",
            (f"{speedup:.2f}{X} faster" if speedup >= 1 else f"{1 / speedup:.2f}{X} slower")
            + f" ({fmt_us(vote_row.gov.median)} vs {fmt_us(single.median)} µs)",
            speedup >= TARGET_VOTE_VS_CEDAR,
        )
    )
    return out, targets


if __name__ == "__main__":
    sys.exit(standalone("govrules benchmarks: library", bench_library, "library.py"))
