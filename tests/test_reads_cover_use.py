"""Every rule field an evaluation uses lies on or under a rule path it records as read.

``under_readings`` weighs the readings of the gaps related to the paths an evaluation records
in its ``Reads``: a field it uses but does not record is one whose readings are silently
ignored (an answer definite where a reading changes it, or a question refused where a reading
admits it). Here every model field each evaluation of ``quorum``, ``voters``, ``vote`` and
``escalate`` touches, on the bundled trusts and the example trusts, is traced to its rule path
and compared with that same evaluation's own ``Reads``; a part of it worked out once per
question (``Reads.shared``) is compared with its own as well, since the combinations of
readings that share it agree only on what it records.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

import pytest

import govrules
from govrules import QueryError
from govrules.evaluating import escalation, quorate, readings, voting
from govrules.evaluating.inoffice import OfficeFacts
from govrules.evaluating.readings import Reads
from govrules.language import paths
from govrules.language.schema import Model, Trust


@dataclass(frozen=True)
class Allowed:
    """Why a field may be used without being read: it cannot change the answer."""

    reason: str
    unless_asked: tuple[str, ...] = ()  # not where the question gives any of these


_NO_OFFICE_FACTS = Allowed(
    "no vacancy or suspension given: nothing is checked against the places and the totals "
    "go unused (given one, `<body>.seats` is read first)",
    unless_asked=("vacancies", "vacant", "suspended"),
)
_RIGHTS = Allowed(
    "every seat's right is worked out, but a question uses only those of the seats it names "
    "in `used`, whose exceptions it reads (rights._read_rights_of), or reads every seat's"
)
_WEIGHTS = Allowed(
    "every seat's weight, and the partner's weight its count reads, worked out once per body: "
    "a vote uses those present's, whose seats it reads, and their partners' weights where a "
    "reading exists (rights.read_weights)"
)
_CHAIR = Allowed("the chair's seat words one explanation line (the chair absent, casting)")

# Uses allowed without a recorded read: (Class.field, the govrules function using it) → why
# it cannot change an answer. Each entry must still be needed
# (test_every_allowance_is_still_needed).
ALLOWED: dict[tuple[str, str], Allowed] = {
    ("Body.seats", "evaluating/inoffice.py:in_office"): _NO_OFFICE_FACTS,
    ("Seat.count", "evaluating/inoffice.py:in_office"): _NO_OFFICE_FACTS,
    ("Seat.count_stated", "evaluating/inoffice.py:in_office"): _NO_OFFICE_FACTS,
    ("VoteException.matters", "evaluating/rights.py:seat_right"): _RIGHTS,
    ("VoteException.votes", "evaluating/rights.py:seat_right"): _RIGHTS,
    ("VoteException.votes", "evaluating/rights.py:_general_placed"): _RIGHTS,
    ("Partner.weight", "evaluating/rights.py:member_weight"): _WEIGHTS,
    ("Seat.partner", "evaluating/rights.py:member_weight"): _WEIGHTS,
    ("Seat.weight", "evaluating/rights.py:member_weight"): _WEIGHTS,
    ("Trust.partners", "evaluating/rights.py:member_weight"): _WEIGHTS,
    ("Seat.partner", "evaluating/rights.py:_weight_paths"): _WEIGHTS,
    ("Seat.weight", "evaluating/rights.py:_weight_paths"): _WEIGHTS,
    ("Trust.partners", "evaluating/voting.py:seat_weights"): _WEIGHTS,
    ("Body.chair", "evaluating/voting.py:_vote"): _CHAIR,
    ("Office.seat", "evaluating/voting.py:_vote"): _CHAIR,
    ("Body.membership", "evaluating/voting.py:_voters"): Allowed(
        "cites the membership rule's clause in the line saying a body lists no seats"
    ),
    ("Procedure.matters", "evaluating/escalation.py:_escalate"): Allowed(
        "words one explanation line: escalate takes no kind of matter"
    ),
    ("Trust.member_classes", "language/phrasebook.py:class_words"): Allowed(
        "a declared class's name, in the words of an explanation"
    ),
    ("Trust.partners", "evaluating/voting.py:_matter"): Allowed(
        "the names of the matter found among the partners or seats are not checked again; "
        "one found in neither is refused with `partners.<name>` and `<body>.seats.<name>` read"
    ),
    ("Body.seats", "evaluating/voting.py:_matter"): Allowed(
        "as `Trust.partners` in `_matter`: a name is looked up; only a refusal reads its paths"
    ),
}

# Citation and presentation, as the audit left them out: they word and cite an answer, never
# decide it. ``conflicting`` is weighed by ``conflicts_read`` from the paths read.
IGNORED_FIELDS = frozenset(
    {"source", "note", "name", "title", "id", "quote", "clause", "document", "conflicting"}
)

# A trust's own fields no path names: its lists of bodies and procedures (each item is named
# by its id alone, so no gap can lie on a list) and its gaps, id and name.
UNADDRESSED = frozenset({"bodies", "procedures", "gaps", "id", "name"})

ROOT = Path(__file__).resolve().parent.parent
GOV = Path(govrules.__file__).resolve().parent
MACHINERY = {GOV / "evaluating" / "readings.py", GOV / "language" / "paths.py"}
SCHEMA = GOV / "language" / "schema.py"
BUNDLED = ["cumbria", "durham", "rutland", "suffolk", "wirral"]


def _example_trusts() -> list[str]:
    found = []
    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        try:
            govrules.load(path)
        except govrules.LoadError:
            continue  # a meeting record or a scenario file, not a trust
        found.append(path.relative_to(ROOT).as_posix())
    return found


TRUSTS = BUNDLED + _example_trusts()


def _load(name: str) -> Trust:
    # A copy of its own: the derived values dropped while tracing are not the suite's.
    loaded = govrules.load(ROOT / name if name.endswith(".yaml") else name)
    return loaded.model_copy(deep=True)


# --- Rule paths of a trust's models, as govrules/language/paths.py addresses them ---------


@functools.cache
def _segments(cls: type[Model]) -> dict[str, str]:
    """A model's fields → their names in a path (as written in YAML)."""
    return {n: i.alias or n for n, i in cls.model_fields.items()}


def _item(item: Model, index: int) -> tuple[str, tuple[str, ...]]:
    """A list item's key in a path, and the fields that make it (paths._item_key's rule)."""
    data = item.__dict__
    if isinstance(data.get("id"), str):
        return data["id"], ("id",)
    if isinstance(data.get("seat"), str):
        return data["seat"], ("seat",)
    if "from_" in data and "to" in data:
        return f"{data['from_']}>{data['to']}", ("from_", "to")
    if isinstance(data.get("to"), str):
        return data["to"], ("to",)
    return str(index), ()


@dataclass
class PathMap:
    """Each model of a trust (by identity) → its rule paths, and an item's key fields."""

    trust: Trust  # held, so the ids stay its models'
    paths: dict[int, list[str]] = field(default_factory=dict)
    keys: dict[int, tuple[str, ...]] = field(default_factory=dict)
    models: dict[int, Model] = field(default_factory=dict)

    @classmethod
    def of(cls, trust: Trust) -> PathMap:
        made = cls(trust, {id(trust): [""]}, {}, {id(trust): trust})
        for name, segment in _segments(type(trust)).items():
            value = trust.__dict__[name]
            if name in ("bodies", "procedures"):
                for node in value:
                    made._add(node, node.__dict__["id"])
            elif name not in UNADDRESSED:
                made._under(value, segment)
        return made

    def _add(self, node: Model, path: str) -> None:
        self.paths.setdefault(id(node), []).append(path)
        self.models[id(node)] = node
        for name, segment in _segments(type(node)).items():
            self._under(node.__dict__.get(name), f"{path}.{segment}")

    def _under(self, value: Any, path: str) -> None:
        if isinstance(value, Model):
            self._add(value, path)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, Model):
                    key, fields = _item(item, i)
                    self.keys[id(item)] = fields
                    self._add(item, f"{path}.{key}")


_MAPS: dict[int, PathMap] = {}


def _path_map(trust: Trust) -> PathMap:
    found = _MAPS.get(id(trust))
    if found is None or found.trust is not trust:
        found = _MAPS[id(trust)] = PathMap.of(trust)
    return found


# --- Tracing each evaluation ---------------------------------------------------------------

_GETATTRIBUTE = Model.__getattribute__
_OTHER, _ENGINE, _SCHEMA, _MACHINERY = range(4)


@functools.cache
def _kind(code: CodeType) -> tuple[int, str]:
    file = Path(code.co_filename).resolve()
    if not file.is_relative_to(GOV):
        return _OTHER, ""
    # A comprehension or a lambda is part of the function it is written in.
    qualname = code.co_qualname.split(".<locals>.<")[0] if code.co_name[0] == "<" else ""
    name = f"{file.relative_to(GOV).as_posix()}:{qualname or code.co_qualname}"
    return (_MACHINERY if file in MACHINERY else _SCHEMA if file == SCHEMA else _ENGINE), name


@dataclass(frozen=True)
class User:
    """Who used a field: the govrules function (and line), and the schema property (a cached
    total, a look-up) it went through."""

    function: str
    line: int
    via: str

    def words(self) -> str:
        return f"{self.function}:{self.line}" + (f" (via {self.via})" if self.via else "")


@dataclass(frozen=True)
class Use:
    path: str
    field: str  # Class.field
    kind: str  # "value"; "model" (a rule, or a list of rules); "empty" (None or ())


@dataclass
class Evaluation:
    """The fields one evaluation used, on its own trust, and who used each."""

    map: PathMap
    uses: dict[Use, set[User]] = field(default_factory=dict)


_STACK: list[Evaluation] = []


def _user(frame: FrameType | None) -> User | None:
    """Who is using a field; ``None`` for the readings and paths machinery itself."""
    via = ""
    while frame is not None and frame.f_code not in _BOUNDARIES:
        kind, name = _kind(frame.f_code)
        if kind == _MACHINERY:
            return None
        if kind == _ENGINE:
            return User(name, frame.f_lineno, via)
        if kind == _SCHEMA and not via:
            via = name
        frame = frame.f_back
    return User("?", 0, via)  # the evaluation itself is no govrules function


def _traced_getattribute(self: Model, name: str) -> Any:
    value = _GETATTRIBUTE(self, name)
    if not _STACK or name[0] == "_" or name in IGNORED_FIELDS or name.endswith("_source"):
        return value
    segment = _segments(type(self)).get(name)
    if segment is None:
        return value
    evaluation = _STACK[-1]
    at = evaluation.map.paths.get(id(self))
    if at is None or name in evaluation.map.keys.get(id(self), ()):
        return value  # a model the evaluation made itself; a list item's own key
    if at == [""] and name in UNADDRESSED:
        return value
    user = _user(sys._getframe(1))
    if user is None:
        return value
    if value is None or value == ():
        kind = "empty"
    elif isinstance(value, Model) or (
        isinstance(value, tuple) and all(isinstance(x, Model) for x in value)
    ):
        kind = "model"
    else:
        kind = "value"
    what = f"{type(self).__name__}.{name}"
    for path in at:
        use = Use(f"{path}.{segment}" if path else segment, what, kind)
        evaluation.uses.setdefault(use, set()).add(user)
    return value


def _forget_derived(trust: Trust) -> None:
    """Drop what the models keep beside their fields (cached properties, tables), so every
    use is made, and seen, within the evaluation that relies on it."""
    for node in _path_map(trust).models.values():
        fields = type(node).model_fields
        for key in [k for k in node.__dict__ if k not in fields]:
            del node.__dict__[key]


def _covered(use: Use, read: list[tuple[str, ...]]) -> bool:
    """On or under a path read (``*`` matching any one segment); or, for a rule, a list of
    rules or an empty value, above one (a gap on it is related to the path read under it)."""
    path = tuple(use.path.split("."))
    return any(
        (len(r) <= len(path) or use.kind != "value")
        and all(a in (paths.EVERY, b) for a, b in zip(r, path, strict=False))
        for r in read
    )


@dataclass
class Tracer:
    """The questions asked of one trust, each evaluation checked against its own reads."""

    question: str = ""
    asked: dict[str, Any] = field(default_factory=dict)
    evaluations: int = 0
    # (path, Class.field, function) → (the first question, who used it)
    uncovered: dict[tuple[str, str, str], tuple[str, User]] = field(default_factory=dict)
    allowed: set[tuple[str, str]] = field(default_factory=set)

    def wrap(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def traced_under_readings(
            trust: Trust, evaluate: Callable[[Trust, Reads], Any], *args: Any, **kwargs: Any
        ) -> Any:
            # The evaluations without their explanations are traced as well: they stand for
            # the other readings' where those agree (a quorum's).
            if kwargs.get("unexplained") is not None:
                kwargs["unexplained"] = functools.partial(self.evaluate, kwargs["unexplained"])
            return original(trust, functools.partial(self.evaluate, evaluate), *args, **kwargs)

        return traced_under_readings

    def evaluate(self, inner: Callable[[Trust, Reads], Any], trust: Trust, reads: Reads) -> Any:
        """One evaluation, on its own trust, traced and checked against its own reads."""
        _forget_derived(trust)
        evaluation = Evaluation(_path_map(trust))
        _STACK.append(evaluation)
        try:
            return inner(trust, reads)  # refused or not: what it used is checked
        finally:
            _STACK.pop()
            self._check(evaluation, reads)

    def shared(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def traced_shared(reads: Reads, key: Any, compute: Callable[[Reads], Any]) -> Any:
            if not _STACK or key is None or reads._question is None:
                return original(reads, key, compute)  # worked out within the evaluation
            return original(reads, key, functools.partial(self.part, compute))

        return traced_shared

    def part(self, compute: Callable[[Reads], Any], own: Reads) -> Any:
        """A part of an evaluation worked out once per question (``Reads.shared``), checked
        against what it records itself: the combinations of readings that share it agree only
        on the gaps related to that, so a field it uses that the evaluation reads elsewhere is
        not covered (the base of a vote, read for the count but not for the rights)."""
        outer = _STACK[-1]
        _forget_derived(outer.map.trust)
        evaluation = Evaluation(outer.map)
        _STACK.append(evaluation)
        try:
            return compute(own)
        finally:
            _STACK.pop()
            for use, users in evaluation.uses.items():
                outer.uses.setdefault(use, set()).update(users)  # the evaluation's too
            self._check(evaluation, own)

    def _check(self, evaluation: Evaluation, reads: Reads) -> None:
        self.evaluations += 1
        read = [tuple(p.split(".")) for p in reads.paths]
        for use, users in evaluation.uses.items():
            if _covered(use, read):
                continue
            for user in users:
                key = (use.field, user.function)
                allowed = ALLOWED.get(key)
                if allowed and not any(self.asked.get(k) is not None for k in allowed.unless_asked):
                    self.allowed.add(key)
                else:
                    self.uncovered.setdefault((use.path, *key), (self.question, user))

    def report(self) -> str:
        lines = [f"{len(self.uncovered)} field(s) used but not read (their readings are ignored):"]
        for (path, what, _), (question, user) in sorted(self.uncovered.items()):
            lines.append(f"  {path} ({what}) used by {user.words()}\n    in {question}")
        return "\n".join(lines)


# Where a use's callers stop being the evaluation's (or the shared part's).
_BOUNDARIES = frozenset({Tracer.evaluate.__code__, Tracer.part.__code__})


@contextlib.contextmanager
def _tracing(tracer: Tracer) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for module in (quorate, voting, escalation):
            patch.setattr(module, "under_readings", tracer.wrap(readings.under_readings))
        patch.setattr(Reads, "shared", tracer.shared(Reads.shared))
        patch.setattr(Model, "__getattribute__", _traced_getattribute)
        try:
            yield
        finally:
            _MAPS.clear()


# --- The questions -------------------------------------------------------------------------

Question = tuple[Callable[..., Any], str, dict[str, Any]]


def _questions(trust: Trust, rng: random.Random) -> Iterator[Question]:
    """Seeded questions on every body: counts and attendance (with vacancies, and one more
    than there are), voters under each procedure and matter, votes split at random,
    escalation."""
    kinds = [None, "none", *(m.id for m in trust.matters)]
    partners = [p.id for p in trust.partners]
    for found in trust.bodies:
        body = found.id
        places = [s.id for s in found.seats for _ in range(min(s.count, 30))]
        n = len(places)
        seats = [s.id for s in found.seats]
        named = [*partners, *seats]
        procedures = [None, *(p.id for p in trust.procedures)]
        for count in sorted({0, n // 2 + 1, n}):
            yield govrules.quorum, body, {"count": count, "matter": rng.choice(kinds)}
        for _ in range(3):
            present = rng.sample(places, rng.randint(0, n))
            yield govrules.quorum, body, {"present": present, "matter": rng.choice(kinds)}
        if n:
            present = rng.sample(places, rng.randint(0, n - 1))
            yield govrules.quorum, body, {"present": present, "vacancies": 1}
            out = {"vacant": [places[0]], "suspended": [places[-1]] if n > 1 else []}
            yield govrules.quorum, body, {"present": places[1:-1], **out}
            yield govrules.quorum, body, {"present": [*places, places[0]]}
            yield govrules.quorum, body, {"count": 1, "vacant": [places[0]] * (n + 1)}
        for procedure in procedures:
            yield govrules.voters, body, {"procedure": procedure}
            for kind in kinds:
                yield govrules.voters, body, {"procedure": procedure, "matter": kind}
            for _ in range(2):
                matter = {
                    "affects": rng.sample(named, min(len(named), rng.randint(0, 2))),
                    "implementers": rng.sample(named, min(len(named), rng.randint(0, 1))),
                }
                yield govrules.voters, body, {"procedure": procedure, **matter}
            if seats:
                out = {"vacant": [seats[0]], "suspended": [seats[-1]]}
                yield govrules.voters, body, {"procedure": procedure, **out}
                yield govrules.voters, body, {"procedure": procedure, "vacancies": n + 1}
        for procedure in procedures:
            for _ in range(6 if n else 1):
                yield govrules.vote, body, _split(rng, places, named, kinds, procedure)
            if n >= 2:
                half = places[: n // 2 * 2]
                tie = {"for_": half[0::2], "against": half[1::2], "chair_casts": "for"}
                yield govrules.vote, body, {"procedure": procedure, **tie}
        for procedure in procedures:
            for start in (None, dt.date(2024, 12, 20)):
                yield govrules.escalate, body, {"procedure": procedure, "start": start}


def _split(
    rng: random.Random,
    places: list[str],
    named: list[str],
    kinds: list[str | None],
    procedure: str | None,
) -> dict[str, Any]:
    """A vote of a random part of the body, split at random, with or without the rest."""
    n = len(places)
    attending = rng.sample(places, rng.randint(0, n))
    question: dict[str, Any] = {"procedure": procedure, "for_": [], "against": [], "abstain": []}
    for seat in attending:
        question[rng.choice(["for_", "for_", "against", "against", "abstain"])].append(seat)
    if rng.random() < 0.5:
        question["present"] = attending + rng.sample(places, min(n, rng.randint(0, 2)))
    if rng.random() < 0.3:
        question["chair_casts"] = rng.choice(["for", "against"])
    if rng.random() < 0.5:
        question["matter"] = rng.choice(kinds)
    if rng.random() < 0.3 and named:
        question["affects"] = rng.sample(named, 1)
        question["implementers"] = rng.sample(named, rng.randint(0, 1))
    if rng.random() < 0.2:
        question["vacancies"] = rng.randint(0, 2)
    return question


def _words(trust: str, ask: Callable[..., Any], body: str, question: dict[str, Any]) -> str:
    said = "".join(f", {k}={v!r}" for k, v in question.items() if v is not None)
    return f"govrules.{ask.__name__}(load({trust!r}), {body!r}{said})"


@functools.cache
def _traced(name: str) -> Tracer:
    """Every question on the trust, traced (once per run: two tests read it)."""
    trust = _load(name)
    tracer = Tracer()
    with _tracing(tracer):
        for ask, body, question in _questions(trust, random.Random(name)):
            tracer.question = _words(name, ask, body, question)
            tracer.asked = question
            with contextlib.suppress(QueryError):  # what a refusal used is checked all the same
                ask(trust, body, **question)
    return tracer


# --- The tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", TRUSTS)
def test_every_field_an_evaluation_uses_is_read(name: str) -> None:
    tracer = _traced(name)
    assert tracer.evaluations > 0
    assert not tracer.uncovered, tracer.report()


def test_every_allowance_is_still_needed() -> None:
    used: set[tuple[str, str]] = set()
    for name in TRUSTS:
        used |= _traced(name).allowed
    stale = sorted(set(ALLOWED) - used)
    assert not stale, f"allowed but never needed: remove them from ALLOWED: {stale}"


@pytest.mark.parametrize("name", TRUSTS)
def test_the_paths_traced_are_those_govrules_resolves(name: str) -> None:
    trust = _load(name)
    mapped = PathMap.of(trust)
    assert len(mapped.models) > 1
    for key, found in mapped.paths.items():
        for path in found:
            if path:
                assert id(paths.resolve(trust, path)) == key, path


def test_the_tracer_sees_a_field_used_but_not_read() -> None:
    trust = _load("suffolk")
    tracer = Tracer()

    def evaluate(t: Trust, reads: Reads) -> Any:
        assert quorate.find_body(t, "ccsg").meets is not None  # used, not read
        return quorate.evaluate_quorum(t, "ccsg", None, 1, OfficeFacts(), reads)

    with _tracing(tracer):
        tracer.question = "a made-up evaluation"
        tracer.wrap(readings.under_readings)(trust, evaluate)
    assert tracer.evaluations > 0
    assert list(tracer.uncovered) == [("ccsg.meets", "Body.meets", "?")]


def test_the_tracer_sees_a_shared_part_use_a_field_it_does_not_record() -> None:
    trust = _load("suffolk")
    tracer = Tracer()

    def evaluate(t: Trust, reads: Reads) -> Any:
        reads.read("ccsg.meets")  # read by the evaluation, not by the part that uses it
        reads.shared(("meets",), lambda own: quorate.find_body(t, "ccsg").meets)
        return quorate.evaluate_quorum(t, "ccsg", None, 1, OfficeFacts(), reads)

    with _tracing(tracer):
        tracer.question = "a made-up evaluation"
        tracer.wrap(readings.under_readings)(trust, evaluate)
    assert list(tracer.uncovered) == [("ccsg.meets", "Body.meets", "?")]
