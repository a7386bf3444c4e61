"""Rule paths: resolved against a trust, replaced into a copy, checked in gap subjects."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

import govrules
from govrules.authoring.findings import walk_models
from govrules.interfaces.cli import cli
from govrules.language.paths import PathError, parse, path_of, related, replace, resolve, under
from govrules.language.schema import Quorum, Seat, Source, Voting


def test_resolve_reaches_seats_exceptions_steps_and_routes() -> None:
    suffolk = govrules.load("suffolk")
    seat = resolve(suffolk, "strategic-board.seats.schools")
    assert isinstance(seat, Seat) and seat.id == "schools"
    assert resolve(suffolk, "strategic-board.seats.schools.count") == seat.count
    assert isinstance(resolve(suffolk, "strategic-board.quorum"), Quorum)
    rutland = govrules.load("rutland")
    vote = resolve(rutland, "conflict-resolution.steps.4.vote")
    assert isinstance(vote, Voting)
    assert resolve(rutland, "conflict-resolution.routes.executive>board.optional") is True


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("strategic-bord.quorum", "did you mean `strategic-board`"),
        ("strategic-board.quorom", "did you mean `quorum`"),
        ("strategic-board.seats.shcools", "did you mean `schools`"),
        ("strategic-board.quorum.at_least.x", "is a value"),
    ],
)
def test_resolve_says_which_segment_is_unknown(path: str, words: str) -> None:
    with pytest.raises(PathError, match=words.replace("`", ".")):
        resolve(govrules.load("suffolk"), path)


def test_parse_refuses_empty_segments() -> None:
    with pytest.raises(PathError):
        parse("board..quorum")
    assert parse("a.b>c.d") == ("a", "b>c", "d")


def test_related_and_under() -> None:
    assert related("board.seats.x.count", "board.seats")
    assert related("board", "board.seats")
    assert not related("board-two.seats", "board")
    assert under("board.seats.x", "board") and not under("board", "board.seats.x")


def test_replace_returns_a_validated_copy() -> None:
    suffolk = govrules.load("suffolk")
    patched = replace(suffolk, "strategic-board.seats.schools.count", 3)
    assert resolve(patched, "strategic-board.seats.schools.count") == 3
    body = patched.body("strategic-board")
    assert body is not None and body.members_total == 18
    original = suffolk.body("strategic-board")
    assert original is not None and original.members_total == 17
    with pytest.raises(ValidationError):
        replace(suffolk, "strategic-board.seats.schools.count", "three")
    with pytest.raises(ValidationError):
        replace(suffolk, "strategic-board.voting.base", "nobody")


def test_a_dangling_gap_subject_is_a_located_error(tmp_path: Path) -> None:
    text = (
        "id: t\nname: T\ndocument: {title: D}\n"
        "bodies:\n  - id: board\n    name: Board\n    seats: [{id: a, title: A}]\n"
        "gaps:\n  - kind: unspecified\n    note: n\n    source: '1'\n"
        "    subject: board.quorom\n"
    )
    path = tmp_path / "t.yaml"
    path.write_text(text)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:12:5" in result.output
    assert "did you mean `quorum`" in result.output


def test_every_bundled_gap_subject_resolves() -> None:
    for name in ("cumbria", "durham", "rutland", "suffolk", "wirral"):
        trust = govrules.load(name)
        for gap in trust.gaps:
            if gap.subject is not None:
                resolve(trust, gap.subject)


def test_path_of_names_the_node_its_steps_reach() -> None:
    suffolk = govrules.load("suffolk")
    assert path_of(suffolk, ("bodies", 0, "quorum")) == "strategic-board.quorum"
    assert path_of(suffolk, ("bodies", 0, "seats", 1)) == "strategic-board.seats." + (
        suffolk.bodies[0].seats[1].id
    )
    # A gap, the trust's own id and a key no model has are no rule.
    assert path_of(suffolk, ("gaps", 0, "note")) is None
    assert path_of(suffolk, ("id",)) is None
    assert path_of(suffolk, ("bodies", 0, "no_such_field")) is None


@pytest.mark.parametrize("name", ["suffolk", "wirral", "durham", "rutland", "cumbria"])
def test_path_of_is_the_inverse_of_resolve(name: str) -> None:
    trust = govrules.load(name)
    named = 0
    for steps, node in walk_models(trust, (Source,)):
        path = path_of(trust, steps)
        if path is not None:
            named += 1
            assert resolve(trust, path) is node, (steps, path)
    assert named > 10
