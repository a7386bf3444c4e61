"""Weighted votes and spoilt ballots: in a vote, a meeting record, show, the report and
validate. The trust is a joint waste committee whose councils' members carry 4, 3 and 1 votes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import govrules
from govrules import LoadError, QueryError
from govrules.authoring.diff import diff
from govrules.presenting.describe import show
from govrules.presenting.render import render_text
from govrules.presenting.report import report_html

HERE = Path(__file__).parent
TRUST_FILE = HERE / "real_world" / "joint-waste-committee.yaml"


@pytest.fixture(scope="module")
def waste() -> govrules.Trust:
    return govrules.load(TRUST_FILE)


def test_a_members_votes_are_its_seats_or_its_partners_weight(waste: govrules.Trust) -> None:
    a = govrules.vote(
        waste,
        "committee",
        for_=["district-member", "district-member", "city-member"],
        against=["county-member"],
        abstain=["city-member"],
    )
    assert (a.answer, a.for_, a.against, a.abstain, a.base, a.weighted) == (
        "carried",
        5,
        4,
        3,
        9,
        True,
    )
    assert a.present == 5  # members, not votes
    assert "each member counting the votes its seat carries" in a.explanation[1].text


def test_a_seats_own_weight_wins_over_its_partners(tmp_path: Path) -> None:
    data = yaml.safe_load(TRUST_FILE.read_text(encoding="utf-8"))
    data["bodies"][0]["seats"][1]["weight"] = 5  # the city's members now carry 5, not 3
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    a = govrules.vote(
        govrules.load(path), "committee", for_=["city-member"], against=["county-member"]
    )
    assert (a.answer, a.for_, a.against) == ("carried", 5, 4)


@pytest.mark.parametrize(
    ("base", "spoilt", "answer", "needed"),
    [
        ("votes-cast", 1, "carried", "5 of 9"),  # spoilt ballots are not votes cast
        ("ballots-cast", 1, "lost", "6 of 10"),  # 5 is not more than half of 10 ballots
        ("ballots-cast", 0, "carried", "5 of 9"),
    ],
)
def test_spoilt_ballots_count_only_where_the_base_is_the_ballots_cast(
    tmp_path: Path, base: str, spoilt: int, answer: str, needed: str
) -> None:
    data = yaml.safe_load(TRUST_FILE.read_text(encoding="utf-8"))
    data["bodies"][0]["voting"]["base"] = base
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    a = govrules.vote(
        govrules.load(path),
        "committee",
        for_=["district-member", "district-member", "city-member"],
        against=["county-member"],
        present=[
            "district-member",
            "district-member",
            "city-member",
            "city-member",
            "county-member",
        ],
        invalid=spoilt,
    )
    assert (a.answer, a.required_text, a.invalid) == (answer, needed, spoilt)
    assert a.required == int(needed.split()[0])


def test_more_spoilt_votes_than_silent_members_carry_is_refused(waste: govrules.Trust) -> None:
    # The one silent member present is a District member, who carries one vote.
    with pytest.raises(QueryError, match="carry 1"):
        govrules.vote(
            waste,
            "committee",
            for_=["county-member"],
            present=["county-member", "district-member"],
            invalid=2,
        )
    with pytest.raises(QueryError, match="whole number"):
        govrules.vote(waste, "committee", for_=["county-member"], invalid=-1)


def _record(tmp_path: Path, **decision: Any) -> Path:
    shutil.copy(TRUST_FILE, tmp_path / "trust.yaml")
    record = {
        "trust": "trust.yaml",
        "body": "committee",
        "date": "2024-05-01",
        "attendees": ["county-member", "county-member", "city-member", "district-member"],
        "decisions": [{"motion": "Let the collection contract", **decision}],
    }
    path = tmp_path / "record.yaml"
    path.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    return path


def test_a_meeting_record_counts_weights_and_spoilt_ballots(tmp_path: Path) -> None:
    a = govrules.check(
        _record(
            tmp_path, **{"for": ["city-member", "district-member"], "against": ["county-member"]}
        )
    )
    d = a.decisions[0].to_dict()
    assert (a.answer, d["answer"], d["for"], d["against"], d["weighted"]) == (
        "valid",
        "tied",
        4,
        4,
        True,
    )
    assert d["tie"] == "awaiting-casting-vote"
    b = govrules.check(
        _record(
            tmp_path,
            **{"for": ["city-member"], "against": ["district-member"], "invalid": 4},
        )
    )
    assert (b.decisions[0].answer, b.decisions[0].to_dict()["invalid"]) == ("carried", 4)


def test_a_record_with_more_spoilt_votes_than_silent_members_points_at_them(
    tmp_path: Path,
) -> None:
    path = _record(tmp_path, **{"for": ["city-member"], "against": ["county-member"], "invalid": 6})
    with pytest.raises(LoadError) as info:
        govrules.check(path)
    assert "invalid vote(s)" in info.value.message and "carry 5" in info.value.message
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[info.value.line - 1].strip().startswith("invalid:")


def test_show_and_the_report_give_each_seats_votes(waste: govrules.Trust) -> None:
    shown = show(waste, "committee").to_dict()
    seats = {s["id"]: s["weight"] for s in shown["bodies"][0]["seats"]}
    assert seats == {"county-member": 4, "city-member": 3, "district-member": 1}
    text = render_text(shown)
    assert "county-member x2: County Council member (votes, 4 votes each)" in text
    assert "district-member x2: District Council member (votes)" in text
    html = report_html([(str(TRUST_FILE), waste)], svg=False)
    assert "Yes (4 votes each)" in html


@pytest.mark.parametrize("weight", [0, -2])
def test_a_weight_below_one_is_refused_where_it_is_written(tmp_path: Path, weight: int) -> None:
    text = TRUST_FILE.read_text(encoding="utf-8").replace(
        "partner: city-council, count: 2,", f"partner: city-council, count: 2, weight: {weight},"
    )
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as info:
        govrules.load(path)
    assert "greater than or equal to 1" in info.value.message
    assert "weight: " in text.splitlines()[info.value.line - 1]
    result = govrules.validate(path)
    assert [f.code for f in result.findings if f.severity == "error"] == ["GR002"]


def test_validate_warns_of_a_weight_that_counts_nowhere(tmp_path: Path) -> None:
    data = yaml.safe_load(TRUST_FILE.read_text(encoding="utf-8"))
    data["partners"].append({"id": "parish", "name": "Parish", "weight": 2, "source": "5.2"})
    data["bodies"][0]["seats"][2]["weight"] = 2
    data["bodies"][0]["voting"]["exceptions"] = [
        {"seat": "district-member", "votes": False, "source": "5.5"}
    ]
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    found = [f for f in govrules.validate(path).findings if f.code == "GR205"]
    assert sorted(f.message for f in found) == [
        "partner `parish` carries a weight but has no seat, so it counts nowhere",
        "seat `district-member` carries a weight but does not vote, so it counts nowhere",
    ]
    assert all(f.severity == "warning" and f.line is not None for f in found)


def test_diff_reports_a_members_changed_votes(waste: govrules.Trust, tmp_path: Path) -> None:
    # The City Council's weight rises from 3 to 5: its members now carry 5 votes each.
    path = tmp_path / "t.yaml"
    path.write_text(
        TRUST_FILE.read_text(encoding="utf-8").replace("weight: 3,", "weight: 5,"),
        encoding="utf-8",
    )
    changes = diff(waste, govrules.load(path)).changes
    assert [(c.kind, c.subject, c.before, c.after) for c in changes] == [
        ("seat-weight-changed", "city-member", "3", "5")
    ]
    assert (
        changes[0].text
        == "Each member of `city-member` on the Joint Waste Committee carries 5 votes, not 3."
    )


def test_a_negative_count_of_spoilt_ballots_is_refused_where_it_is_written(
    tmp_path: Path,
) -> None:
    path = _record(tmp_path, **{"for": ["city-member"], "invalid": -1})
    with pytest.raises(LoadError) as info:
        govrules.check(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[info.value.line - 1].strip().startswith("invalid:")
