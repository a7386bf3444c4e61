"""Readings: an answer is definite only where every reading the question touches agrees."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import govrules
from govrules.interfaces.cli import cli


def trust_data(
    counts: list[int],
    base: str = "votes-cast",
    quorum: str = "1/2",
    gaps: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "id": "t",
        "name": "T",
        "document": {"title": "T"},
        "bodies": [
            {
                "id": "board",
                "name": "Board",
                "seats": [
                    {"id": f"s{i}", "title": f"S{i}", "count": n} for i, n in enumerate(counts)
                ],
                "quorum": {"at_least": quorum, "source": "1"},
                "voting": {"threshold": {"more_than": "1/2"}, "base": base, "source": "2"},
            }
        ],
        "gaps": gaps or [],
    }


def count_gap(seat: int, values: list[int]) -> dict[str, Any]:
    return {
        "kind": "ambiguous",
        "note": "the number of places is not given",
        "source": "3",
        "subject": f"board.seats.s{seat}.count",
        "encoded": "as written",
        "readings": [{"value": v, "note": f"{v} places"} for v in values],
    }


def base_gap(values: list[str]) -> dict[str, Any]:
    return {
        "kind": "ambiguous",
        "note": "the base admits other readings",
        "source": "2",
        "subject": "board.voting.base",
        "readings": [{"value": v} for v in values],
    }


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_wirral_6_2_base_readings_disagree_on_abstentions() -> None:
    wirral = govrules.load("wirral")
    seats = [s.id for s in wirral.body("board").seats]  # type: ignore[union-attr]
    a = govrules.vote(wirral, "board", for_=seats[:3], against=seats[3:5], abstain=seats[5:9])
    assert a.answer == "unspecified"
    assert sorted(r.answer for r in a.readings) == ["carried", "lost"]
    assert {v for r in a.readings for _, v in r.values} == {"present"}
    # With no abstentions the readings agree: definite, and the readings are still named.
    b = govrules.vote(wirral, "board", for_=seats[:3], against=seats[3:5])
    assert b.answer == "carried"
    assert [r.answer for r in b.readings] == ["carried", "carried"]
    assert any("every reading gives carried" in r.text for r in b.explanation)


def test_cli_json_lists_each_reading_with_its_answer() -> None:
    wirral = govrules.load("wirral")
    seats = [s.id for s in wirral.body("board").seats]  # type: ignore[union-attr]
    args = ["vote", "wirral", "board", "--for", ",".join(seats[:3])]
    args += ["--against", ",".join(seats[3:5]), "--abstain", ",".join(seats[5:9])]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 3
    data = json.loads(result.output)
    assert data["answer"] == "unspecified"
    assert {r["answer"] for r in data["readings"]} == {"carried", "lost"}
    assert all(r["source"]["clause"] == "6.2" for r in data["readings"])
    text = CliRunner().invoke(cli, args)
    assert "board.voting.base = present" in text.output


def test_a_seat_count_reading_unsettles_the_quorum_only_at_the_boundary(tmp_path: Path) -> None:
    # 7 seats of one place and a seat of 2 places read as 1 or 3: 8, 9 or 10 members.
    trust = govrules.load(write(tmp_path, trust_data([1] * 7 + [2], gaps=[count_gap(7, [1, 3])])))
    assert govrules.quorum(trust, "board", count=6).answer == "quorate"
    at = govrules.quorum(trust, "board", count=4)  # 4 of 8 or 9 (needs 5) or 10 (needs 5)
    assert at.answer == "unspecified"
    assert sorted(r.answer for r in at.readings) == ["inquorate", "inquorate", "quorate"]
    assert govrules.quorum(trust, "board", count=3).answer == "inquorate"
    result = CliRunner().invoke(cli, ["quorum", str(trust_path(tmp_path)), "board", "--count", "4"])
    assert result.exit_code == 3


def trust_path(tmp_path: Path) -> Path:
    return tmp_path / "t.yaml"


def test_a_reading_the_facts_rule_out_is_said_and_not_counted(tmp_path: Path) -> None:
    trust = govrules.load(write(tmp_path, trust_data([1, 1, 2], gaps=[count_gap(2, [1])])))
    a = govrules.quorum(trust, "board", present=["s0", "s2", "s2"])
    assert a.answer == "quorate"  # two members on s2 rule out the one-place reading
    assert any("cannot be asked" in r.text for r in a.explanation)


def test_a_reading_is_checked_at_load_and_located(tmp_path: Path) -> None:
    data = trust_data([1, 1], gaps=[count_gap(1, [1])])
    data["gaps"][0]["readings"][0]["value"] = "two"
    path = tmp_path / "bad.yaml"
    path.write_text(
        "id: t\nname: T\ndocument: {title: T}\nbodies:\n  - id: board\n    name: Board\n"
        "    seats: [{id: a, title: A}]\ngaps:\n  - kind: ambiguous\n    note: n\n"
        "    source: '1'\n    subject: board.seats.a.count\n    readings:\n"
        "      - {value: two}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:14:" in result.output and "does not fit" in result.output
    unspecified = path.read_text().replace("kind: ambiguous", "kind: wrong-reference")
    path.write_text(unspecified.replace("value: two", "value: 2"))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1 and "carries readings" in result.output


@pytest.mark.parametrize(
    ("values", "warned"),
    [
        ([2, 3], ["reading `2` of `board.seats.s1.count` is the value encoded"]),
        ([3, 1, 3], ["reading `3` of `board.seats.s1.count` is an earlier reading"]),
        ([1, 3], []),
    ],
)
def test_a_reading_the_same_as_another_is_warned_of_where_it_is_written(
    tmp_path: Path, values: list[int], warned: list[str]
) -> None:
    # Seat s1 is encoded with 2 places: a reading of 2 (or one given twice) weighs nothing,
    # and the other value the author meant to weigh is left out unseen.
    path = write(tmp_path, trust_data([1, 2], gaps=[count_gap(1, values)]))
    found = [f for f in govrules.validate(path).findings if f.code == "GR309"]
    assert [f.message.split(", so")[0] for f in found] == warned
    assert all(f.severity == "warning" and f.line > 0 for f in found)
    govrules.load(path)  # the answers still hold for the values it weighs


@pytest.mark.parametrize(
    ("subject", "value"),
    [
        ("board.voting.exceptions.b.votes", "unspecified"),
        (
            "board.voting",
            "{threshold: {more_than: 1/2}, base: votes-cast, source: '2', "
            "exceptions: [{seat: b, votes: unspecified}]}",
        ),
    ],
)
def test_a_reading_that_leaves_a_vote_unspecified_is_refused_at_load(
    tmp_path: Path, subject: str, value: str
) -> None:
    # `votes: unspecified` is itself two readings: inside one, it would be read one way where
    # the reading is applied to the rule and the other where to the whole trust.
    path = tmp_path / "open.yaml"
    path.write_text(
        "id: t\nname: T\ndocument: {title: T}\nbodies:\n  - id: board\n    name: Board\n"
        "    seats: [{id: a, title: A}, {id: b, title: B}]\n"
        "    voting: {threshold: {more_than: 1/2}, base: votes-cast, source: '2',\n"
        "      exceptions: [{seat: b, votes: true}]}\n"
        "gaps:\n  - kind: ambiguous\n    note: n\n    source: '9'\n"
        f"    subject: {subject}\n    readings:\n      - value: {value}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:16:9:" in result.output
    assert "leaves a seat's vote `unspecified`" in result.output
    with pytest.raises(govrules.LoadError):
        govrules.load(path)


def test_a_gap_on_a_procedures_vote_is_in_its_answers() -> None:
    rutland = govrules.load("rutland")
    a = govrules.voters(rutland, "board", procedure="conflict-resolution", affects=["police"])
    texts = " ".join(r.text for r in a.explanation)
    assert "A partner votes" in texts or "put to a vote" in texts


def patched(data: dict[str, Any], choice: dict[str, Any]) -> dict[str, Any]:
    """The trust with each subject's value replaced, by hand."""
    out = json.loads(json.dumps(data))
    out["gaps"] = []
    body = out["bodies"][0]
    for subject, value in choice.items():
        if subject == "board.voting.base":
            body["voting"]["base"] = value
        elif subject == "board.quorum.at_least":
            body["quorum"]["at_least"] = value
        elif subject.startswith("board.voting.exceptions."):
            seat = subject.split(".")[3]
            for exc in body["voting"]["exceptions"]:
                if exc["seat"] == seat:
                    exc["votes"] = value
        else:
            seat = int(subject.split(".")[2][1:])
            body["seats"][seat]["count"] = value
    return out


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(1, 3), min_size=2, max_size=4),
    count_readings=st.lists(st.integers(1, 3), min_size=0, max_size=2, unique=True),
    base_readings=st.lists(
        st.sampled_from(["votes-cast", "present", "ballots-cast"]), max_size=2, unique=True
    ),
    f=st.integers(0, 3),
    a=st.integers(0, 3),
    b=st.integers(0, 2),
)
def test_definite_iff_every_reading_agrees(
    counts: list[int],
    count_readings: list[int],
    base_readings: list[str],
    f: int,
    a: int,
    b: int,
) -> None:
    last = len(counts) - 1
    gaps = []
    if count_readings:
        gaps.append(count_gap(last, count_readings))
    if base_readings:
        gaps.append(base_gap(base_readings))
    data = trust_data(counts, base="voting-members", gaps=gaps)
    trust = govrules.Trust.model_validate(data)
    # Everyone votes from the seats that are never in doubt (the first seat holds enough).
    data["bodies"][0]["seats"][0]["count"] = counts[0] = max(counts[0], f + a + b, 1)
    trust = govrules.Trust.model_validate(data)
    if f + a + b == 0:
        f = 1
    votes = {"for_": ["s0"] * f, "against": ["s0"] * a, "abstain": ["s0"] * b}
    got = govrules.vote(trust, "board", **votes)  # type: ignore[arg-type]
    options: list[list[tuple[str, Any]]] = []
    if count_readings:
        options.append([(f"board.seats.s{last}.count", v) for v in [counts[last], *count_readings]])
    if base_readings:
        options.append([("board.voting.base", v) for v in ["voting-members", *base_readings]])
    each = []
    for combo in itertools.product(*options):
        alone = govrules.Trust.model_validate(patched(data, dict(combo)))
        one = govrules.vote(alone, "board", **votes)  # type: ignore[arg-type]
        each.append((one.answer, one.effect))
    if len(set(each)) == 1:
        assert (got.answer, got.effect) == each[0]
    else:
        assert got.answer == "unspecified" or got.effect == "unspecified"
    # Readings that change nothing the answer says are named, not listed one by one.
    assert (1 if gaps else 0) <= len(got.readings) <= (len(each) if gaps else 0)


def ask_each(
    data: dict[str, Any], options: list[list[tuple[str, Any]]], ask: Any
) -> list[tuple[Any, ...] | str]:
    """The answer under each combination, each trust built by hand (no readings left)."""
    out: list[tuple[Any, ...] | str] = []
    for combo in itertools.product(*options):
        alone = govrules.Trust.model_validate(patched(data, dict(combo)))
        try:
            out.append(ask(alone))
        except govrules.QueryError:
            out.append("cannot be asked")
    return out


@settings(max_examples=80, deadline=None)
@given(
    counts=st.lists(st.integers(1, 3), min_size=2, max_size=4),
    count_readings=st.lists(st.integers(1, 3), max_size=2, unique=True),
    quorum_readings=st.lists(st.sampled_from(["1/3", "2/3", "100%"]), max_size=2, unique=True),
    base_readings=st.lists(
        st.sampled_from(["votes-cast", "present", "voting-members"]), max_size=2, unique=True
    ),
    seat_votes=st.sampled_from([None, True, False]),
    data_=st.data(),
)
def test_definite_iff_every_reading_agrees_for_quorum_and_vote(
    counts: list[int],
    count_readings: list[int],
    quorum_readings: list[str],
    base_readings: list[str],
    seat_votes: bool | None,
    data_: st.DataObject,
) -> None:
    """Random readings of a seat's places, the quorum, the base and a seat's vote: the
    engine is definite iff every combination, built and asked by hand, gives one answer."""
    last = len(counts) - 1
    data = trust_data(counts, base="present", gaps=[])
    options: list[list[tuple[str, Any]]] = []
    if count_readings:
        data["gaps"].append(count_gap(last, count_readings))
        options.append([(f"board.seats.s{last}.count", v) for v in [counts[last], *count_readings]])
    if quorum_readings:
        data["gaps"].append(
            {
                "kind": "ambiguous",
                "note": "n",
                "source": "1",
                "subject": "board.quorum.at_least",
                "readings": [{"value": v} for v in quorum_readings],
            }
        )
        options.append([("board.quorum.at_least", v) for v in ["1/2", *quorum_readings]])
    other_bases = [b for b in base_readings if b != "present"]  # present is encoded
    if other_bases:
        data["gaps"].append(base_gap(other_bases))
        options.append([("board.voting.base", v) for v in ["present", *other_bases]])
    if seat_votes is not None:
        subject = "board.voting.exceptions.s1.votes"
        data["bodies"][0]["voting"]["exceptions"] = [{"seat": "s1", "votes": seat_votes}]
        data["gaps"].append(
            {
                "kind": "placeholder",
                "note": "n",
                "source": "2",
                "subject": subject,
                "readings": [{"value": not seat_votes}],
            }
        )
        options.append([(subject, seat_votes), (subject, not seat_votes)])
    trust = govrules.Trust.model_validate(data)
    members = sum(counts)

    # The quorum, by a count.
    count = data_.draw(st.integers(0, members + 1), label="count")
    want = ask_each(data, options, lambda t: govrules.quorum(t, "board", count=count).answer)
    asked = [w for w in want if w != "cannot be asked"]
    if not asked:
        try:
            govrules.quorum(trust, "board", count=count)
        except govrules.QueryError:
            pass
        else:
            raise AssertionError("no reading admits the count, yet it was answered")
    else:
        got = govrules.quorum(trust, "board", count=count)
        if len(set(asked)) == 1:
            assert got.answer == asked[0]
        else:
            assert got.answer == "unspecified"

    # A vote: members of the first two seats, for, against or abstaining.
    f = data_.draw(st.integers(0, counts[0]), label="for")
    a = data_.draw(st.integers(0, counts[1]), label="against")
    b = data_.draw(st.integers(0, counts[0] - f), label="abstain")
    if f + a + b == 0:
        f, b = (1, 0) if counts[0] else (0, 0)
    votes = {"for_": ["s0"] * f, "against": ["s1"] * a, "abstain": ["s0"] * b}

    def outcome(t: govrules.Trust) -> tuple[Any, ...]:
        v = govrules.vote(t, "board", **votes)  # type: ignore[arg-type]
        return (v.answer, v.effect)

    want_v = [w for w in ask_each(data, options, outcome) if w != "cannot be asked"]
    if not want_v:
        return
    got_v = govrules.vote(trust, "board", **votes)  # type: ignore[arg-type]
    if len(set(want_v)) == 1:
        assert (got_v.answer, got_v.effect) == want_v[0]
    else:
        assert got_v.answer == "unspecified" or got_v.effect == "unspecified"
