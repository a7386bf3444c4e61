"""The bundled trusts re-read against their documents: each reading the text does not give is
fixed, each open one recorded (or carried as readings), each rule without a field kept in a
note with its clause."""

from __future__ import annotations

import govrules
from govrules.language.schema import Gap, Trust


def gaps(trust: Trust, subject: str, kind: str | None = None) -> list[Gap]:
    return [g for g in trust.gaps if g.subject == subject and (kind is None or g.kind == kind)]


def test_cumbria_workstreams_report_to_no_body() -> None:
    # 4.1: one workstream is *developing* a performance report for the Board; no line.
    workstream = govrules.load("cumbria").body("workstream")
    assert workstream is not None and workstream.reports_to == ()
    assert workstream.note is not None and "4.1" in workstream.note


def test_suffolk_board_seeks_no_consensus_and_keeps_10_3_3_and_10_3_4() -> None:
    board = govrules.load("suffolk").body("strategic-board")
    assert board is not None and board.voting is not None
    assert board.voting.consensus_first is False  # section 10 says nothing of consensus
    note = board.voting.note or ""
    assert "7.17" in note and "10.3.3" in note and "10.3.4" in note


def test_suffolk_6_2_and_5_4_contradictions_are_recorded() -> None:
    suffolk = govrules.load("suffolk")
    clauses = {g.source.clause for g in gaps(suffolk, "strategic-board.membership", "conflict")}
    assert clauses == {"6.2", "5.4"}


def test_suffolk_10_1_reach_over_every_other_trust_body_is_readings() -> None:
    # 10.1 reaching a body brings its "50% of the membership" with it: of every place, or of
    # the members in office, as on the Strategic Board.
    suffolk = govrules.load("suffolk")
    for body in ("executive-group", "wdag", "ccsg"):
        [gap] = gaps(suffolk, f"{body}.quorum", "ambiguous")
        assert gap.source.clause == "10.1" and len(gap.readings) == 2
        assert [r.value["inquorate_decisions"] for r in gap.readings] == ["in-principle"] * 2
        assert [r.value.get("of", "seats") for r in gap.readings] == ["seats", "filled-seats"]


def test_suffolk_10_1_membership_is_read_as_every_place_or_the_members_in_office() -> None:
    # 10.1 "quorate when 50% of the membership is in attendance": every place, vacant or not
    # (as encoded), or the members in office.
    suffolk = govrules.load("suffolk")
    board = suffolk.body("strategic-board")
    assert board is not None and board.quorum is not None and board.quorum.of == "seats"
    [gap] = gaps(suffolk, "strategic-board.quorum.of", "ambiguous")
    assert gap.source.clause == "10.1"
    assert "50% of the membership" in (gap.source.quote or "")
    assert [r.value for r in gap.readings] == ["filled-seats"]


def test_durham_vice_chair_cites_the_annual_selection() -> None:
    board = govrules.load("durham").body("executive-board")
    assert board is not None and board.vice_chair is not None
    source = board.vice_chair.source
    assert source is not None and source.clause == "4.6"
    assert "annually selects its own Chair" in (source.quote or "")


def test_durham_lcb_seeks_consensus_first() -> None:
    lcb = govrules.load("durham").body("local-childrens-board")
    assert lcb is not None and lcb.voting is not None
    assert lcb.voting.consensus_first and lcb.voting.source is not None
    assert lcb.voting.source.clause == "9.3"


def test_durham_9_5_is_not_left_to_be_developed() -> None:
    durham = govrules.load("durham")
    assert not [
        g
        for g in durham.gaps
        if (g.subject or "").startswith("conflict-resolution") and g.kind == "to-be-developed"
    ]
    # ...but its base is open: carried as a reading.
    [base] = gaps(durham, "conflict-resolution.steps.4.vote.base")
    assert base.readings


def test_rutland_champions_are_a_recorded_gap() -> None:
    rutland = govrules.load("rutland")
    assert any("Champions" in g.note for g in gaps(rutland, "executive.seats", "ambiguous"))
    seat = next(s for b in rutland.bodies for s in b.seats if s.id == "steering-group-champions")
    assert not seat.count_stated and seat.count >= 2


def test_wirral_11_5_1_is_recorded() -> None:
    wirral = govrules.load("wirral")
    assert any(g.source.clause == "11.5.1" for g in gaps(wirral, "board.accountable_to"))


def test_wirral_6_2_reach_over_the_cte_is_a_reading_of_its_voting() -> None:
    [gap] = gaps(govrules.load("wirral"), "executive.voting", "ambiguous")
    assert gap.source.clause == "6.2" and gap.readings[0].value["base"] == "votes-cast"
