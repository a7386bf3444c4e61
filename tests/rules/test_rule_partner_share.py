"""Votes from a share of the partners of a kind: "a majority of the weighted votes, which must
include the vote of a member of each of a majority of the constituent councils" (joint waste
and transport committees). A resolution the count carries is lost when the members voting for
come from too few of those partners; the share is an exact fraction, "more than" or "at least"
as the text says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from builders import trust_of
from clirun import run_cli

import govrules
from govrules import LoadError
from govrules.language.schema import Trust

GALLERY = Path(__file__).parents[2] / "examples" / "public-sector"
COMMITTEE = GALLERY / "joint-transport-committee.yaml"

COUNCILS = ("a", "b", "c", "d")


def councils_trust(share: dict[str, Any], *, extra_partner: bool = False) -> Trust:
    """Four councils of four members each (and, with ``extra_partner``, a partner of no kind
    whose member votes), all voting by a simple majority of the votes cast."""
    partners = [
        {"id": f"council-{c}", "name": f"Council {c}", "kind": "council", "source": "1"}
        for c in COUNCILS
    ]
    seats = [
        {"id": c, "title": c, "partner": f"council-{c}", "count": 4, "source": "2"}
        for c in COUNCILS
    ]
    if extra_partner:
        partners.append({"id": "police", "name": "Police", "source": "1"})
        seats.append({"id": "police-member", "title": "Police", "partner": "police"})
    return trust_of(
        {
            "id": "board",
            "name": "Board",
            "seats": seats,
            "voting": {
                "threshold": {"more_than": "1/2"},
                "base": "votes-cast",
                "casting_vote": "none",
                "must_include": [{"partners_of_kind": "council", "share": share, "source": "3"}],
                "source": "3",
            },
        },
        partners=tuple(partners),
        partner_kinds=[{"id": "council", "name": "council", "source": "1"}],
    )


def vote(trust: Trust, for_: list[str], against: list[str]) -> Any:
    return govrules.vote(trust, "board", for_=for_, against=against)


@pytest.mark.parametrize(
    ("share", "councils_for", "answer"),
    [
        ({"more_than": "1/2"}, 3, "carried"),
        ({"more_than": "1/2"}, 2, "lost"),  # two of four is half, not more than half
        ({"at_least": "1/2"}, 2, "carried"),
        ({"at_least": "3/4"}, 3, "carried"),
        ({"more_than": "3/4"}, 3, "lost"),
        ({"at_least": "3/4"}, 2, "lost"),
    ],
)
def test_the_share_of_councils_is_exact(
    share: dict[str, Any], councils_for: int, answer: str
) -> None:
    # The count carries every one of these: the share of councils alone decides.
    trust = councils_trust(share)
    got = vote(trust, [*COUNCILS[:councils_for], COUNCILS[councils_for - 1]], [])
    assert got.answer == answer
    (need,) = got.concurrence
    assert need.met is (answer == "carried")
    # Where the share is not reached, the councils with no vote for are named.
    lacking = {f"council-{c}" for c in COUNCILS[councils_for:]}
    assert set(need.missing) == (set() if need.met else lacking)


def test_a_count_that_loses_stays_lost_whatever_the_councils() -> None:
    got = vote(councils_trust({"more_than": "1/2"}), ["a", "b", "c"], ["d", "d", "d", "d"])
    assert got.answer == "lost"


def test_a_partner_of_another_kind_is_not_counted_among_the_councils() -> None:
    trust = councils_trust({"more_than": "1/2"}, extra_partner=True)
    # Two councils and the police: two of four councils, whatever the police's vote.
    got = vote(trust, ["a", "b", "police-member"], ["c"])
    assert got.answer == "lost"
    assert set(got.concurrence[0].missing) == {"council-c", "council-d"}


def test_a_member_with_no_vote_on_the_matter_supplies_no_council() -> None:
    trust = councils_trust({"more_than": "1/2"})
    data = trust.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["bodies"][0]["voting"]["exceptions"] = [{"seat": "c", "votes": False, "source": "3"}]
    barred = Trust.model_validate(data)
    # `c` votes for but has no vote: a and b are two of the three councils with a voting seat.
    got = vote(barred, ["a", "b", "c"], ["d"])
    assert got.answer == "carried"
    assert set(got.concurrence[0].by) == {"a", "b"}


def test_the_gallery_committee_answers_the_real_world_rule(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Both County members (10 weighted votes) against everyone else (6): carried by the
    # count, lost because one council of four is not a majority of them. Exit 1.
    code, out, _ = run_cli(
        capsys,
        "vote",
        str(COMMITTEE),
        "committee",
        "--for",
        "county-member,county-member",
        "--against",
        "city-member,city-member,north-member,south-member",
    )
    assert code == 1
    assert out.startswith("joint-transport-committee / committee: LOST")
    assert "more than one half of the partners of kind `council`" in out


def test_the_kind_must_be_declared_and_is_located(tmp_path: Path) -> None:
    text = COMMITTEE.read_text().replace("partners_of_kind: council", "partners_of_kind: councl")
    with pytest.raises(LoadError) as raised:
        govrules.load(written(tmp_path, text))
    assert raised.value.code == "GR010"
    assert "did you mean `council`" in str(raised.value)
    assert raised.value.line is not None


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # a kind with no share, and a share of no kind
        ("          share: {more_than: 1/2}\n", "", "`share`"),
        (
            "        - partners_of_kind: council\n          share:",
            "        - share:",
            "exactly one",
        ),
    ],
)
def test_a_share_and_its_kind_go_together(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = COMMITTEE.read_text()
    assert old in text
    with pytest.raises(LoadError, match=message):
        govrules.load(written(tmp_path, text.replace(old, new)))


def test_show_and_diff_say_the_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trust = govrules.load(COMMITTEE)
    _, shown, _ = run_cli(capsys, "show", str(COMMITTEE), "committee")
    assert "a member from each of more than one half of the partners of kind `council`" in shown
    without = COMMITTEE.read_text().replace("share: {more_than: 1/2}", "share: {at_least: 1/2}")
    changed = govrules.diff(trust, govrules.load(written(tmp_path, without)))
    assert changed.answer == "changed"
    assert any("at least one half" in c.after for c in changed.changes if c.after)


def written(folder: Path, text: str) -> Path:
    path = folder / "committee.yaml"
    path.write_text(text, encoding="utf-8")
    return path
