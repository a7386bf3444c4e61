"""govrules diff: what changes in practice between two versions of a MoU.

Each test edits a bundled trust file as a drafter would (text in, through the loader) and
checks the changes reported: the rules that moved, in plain words, and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govrules
from govrules.authoring.diff import KINDS, Change, DiffAnswer, diff, render_diff_text
from govrules.compiling.loader import bundled_path

BOARD = "strategic-board"

# The Strategic Board's exception for the LSCB chair (10.2.1), as written in suffolk.yaml.
LSCB_EXCEPTION = re.compile(r"        - seat: lscb-independent-chair\n(?:          .*\n)+")


def edited(tmp_path: Path, name: str, *edits: tuple[str, str]) -> govrules.Trust:
    """The bundled trust ``name`` (or the file at that path) with each (old, new) text
    replaced exactly once."""
    path = bundled_path(name) or Path(name)
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, f"edit target not unique: {old!r}"
        text = text.replace(old, new)
    out = tmp_path / f"{path.stem}-{len(list(tmp_path.iterdir()))}.yaml"
    out.write_text(text, encoding="utf-8")
    return govrules.load(out)


def gaps_about(text: str, subject: str) -> list[str]:
    """The text of each gap in a trust file whose subject is ``subject`` or lies under it."""
    gaps = text[text.index("\ngaps:\n") :]
    blocks = re.findall(r"  - kind: .*\n(?:    .*\n|      .*\n)*", gaps)
    found = [
        b for b in blocks if re.search(rf"^    subject: {re.escape(subject)}(\.\S+)?$", b, re.M)
    ]
    assert found, f"no gap about {subject}"
    return found


def without_lscb_exception(tmp_path: Path, *edits: tuple[str, str]) -> govrules.Trust:
    path = bundled_path("suffolk")
    assert path is not None
    text = path.read_text(encoding="utf-8")
    text, n = LSCB_EXCEPTION.subn("", text)
    assert n == 1
    for old, new in edits:
        assert text.count(old) == 1, f"edit target not unique: {old!r}"
        text = text.replace(old, new)
    out = tmp_path / "suffolk-draft.yaml"
    out.write_text(text, encoding="utf-8")
    return govrules.load(out)


def only(d: DiffAnswer) -> Change:
    assert len(d.changes) == 1, [c.text for c in d.changes]
    return d.changes[0]


def kinds(d: DiffAnswer) -> list[str]:
    return sorted(c.kind for c in d.changes)


# --- the acceptance case -------------------------------------------------------------------


def test_one_third_quorum_and_lscb_chair_vote_are_exactly_two_changes(
    suffolk: govrules.Trust, tmp_path: Path
) -> None:
    # 10.1 "quorate when 50% of the membership is in attendance" becomes one third, and
    # 10.2.1 "will not have a voting right" is struck out of the draft.
    draft = without_lscb_exception(
        tmp_path, ("      at_least: 50%\n", "      at_least: one third\n")
    )
    d = diff(suffolk, draft)

    assert d.answer == "changed"
    assert [(c.kind, c.body) for c in d.changes] == [
        ("vote-gained", BOARD),
        ("quorum-changed", BOARD),
    ]
    vote, quorum = d.changes
    assert vote.subject == "lscb-independent-chair"
    assert (vote.before, vote.after) == ("no vote", "votes")
    assert vote.text.startswith("`lscb-independent-chair` gains a vote")
    # The seat now votes under the general rule, so the new version's 10.3.1 is cited.
    assert vote.source is not None and vote.source.clause == "10.3.1"

    assert quorum.text == (
        "Quorum of the Children's Trust Strategic Board: from at least 50% of the membership "
        "(9 of 17) to at least one third of the membership (6 of 17)."
    )
    assert (quorum.before, quorum.after) == (
        "at least 50% of the membership (9 of 17)",
        "at least one third of the membership (6 of 17)",
    )
    assert quorum.source is not None and quorum.source.clause == "10.1"


def test_to_dict_is_the_answer_shape(suffolk: govrules.Trust, tmp_path: Path) -> None:
    draft = without_lscb_exception(tmp_path)
    out = diff(suffolk, draft).to_dict()
    assert list(out) == ["trust", "body", "question", "answer", "explanation", "changes"]
    assert (out["trust"], out["body"], out["question"], out["answer"]) == (
        "suffolk",
        None,
        "diff",
        "changed",
    )
    assert out["changes"] == [
        {
            "kind": "vote-gained",
            "body": BOARD,
            "subject": "lscb-independent-chair",
            "text": "`lscb-independent-chair` gains a vote on the Children's Trust Strategic "
            "Board (it had no vote).",
            "before": "no vote",
            "after": "votes",
            "source": {
                "document": "Suffolk Children's Trust Governance Arrangements",
                "clause": "10.3.1",
                "quote": out["changes"][0]["source"]["quote"],
            },
        }
    ]
    assert out["explanation"][0]["text"] == "1 change in practice from `suffolk` to `suffolk`."


def test_text_rendering_lists_each_change_with_its_clause(
    suffolk: govrules.Trust, tmp_path: Path
) -> None:
    draft = without_lscb_exception(
        tmp_path, ("      at_least: 50%\n", "      at_least: one third\n")
    )
    lines = render_diff_text(diff(suffolk, draft).to_dict()).splitlines()
    assert lines[0] == "suffolk: CHANGED (2 changes in practice)"
    assert lines[1].startswith("  - `lscb-independent-chair` gains a vote") and lines[1].endswith(
        "[10.3.1]"
    )
    assert lines[2].endswith("(6 of 17). [10.1]")
    assert lines[3] == "Notes:"


# --- no change in practice -----------------------------------------------------------------


@pytest.mark.parametrize("name", govrules.bundled_names())
def test_a_bundled_trust_against_itself_is_unchanged(name: str) -> None:
    trust = govrules.load(name)
    d = diff(trust, trust)
    assert (d.answer, d.changes) == ("unchanged", ())
    assert render_diff_text(d.to_dict()).splitlines()[0] == f"{name}: UNCHANGED"


JOBCENTRE_SEAT = """      - id: jobcentre-plus
        title: Job Centre Plus
        partner: jobcentre-plus
        source: {clause: "Appendix A 3.2.1"}
"""


def test_reordering_the_seats_is_no_change(suffolk: govrules.Trust, tmp_path: Path) -> None:
    draft = edited(
        tmp_path,
        "suffolk",
        (JOBCENTRE_SEAT, ""),
        ("      - id: portfolio-holder\n", JOBCENTRE_SEAT + "      - id: portfolio-holder\n"),
    )
    assert draft.body(BOARD).seats[0].id == "jobcentre-plus"  # type: ignore[union-attr]
    assert diff(suffolk, draft).answer == "unchanged"


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(
            (
                "note: The document does not say whether a deputy votes or counts toward the "
                "quorum.",
                "note: Silent on deputies' votes.",
            ),
            id="a note",
        ),
        pytest.param(
            (
                'quote: "The Strategic Board will meet on a quarterly basis."',
                'quote: "The Board meets quarterly."',
            ),
            id="a quote",
        ),
        pytest.param(
            (
                '      source: {clause: "10.1", quote: "Children',
                '      source: {clause: "10.1.1", quote: "Children',
            ),
            id="a clause number",
        ),
        pytest.param(("      at_least: 50%\n", "      at_least: 1/2\n"), id="50% written as 1/2"),
        pytest.param(("title: Job Centre Plus", "title: Jobcentre Plus"), id="a seat title"),
        pytest.param(
            (
                "method: show of hands unless the meeting decides otherwise",
                "method: Show  of hands unless the meeting decides otherwise.",
            ),
            id="case and spacing of the method",
        ),
        pytest.param(
            ("frequency: quarterly\n", "frequency: four times a year\n"), id="same meetings"
        ),
    ],
)
def test_editing_words_alone_is_no_change(
    suffolk: govrules.Trust, tmp_path: Path, edit: tuple[str, str]
) -> None:
    assert diff(suffolk, edited(tmp_path, "suffolk", edit)).answer == "unchanged"


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_order_of_bodies_seats_gaps_and_procedures_is_no_change(data: st.DataObject) -> None:
    trust = govrules.load(data.draw(st.sampled_from(govrules.bundled_names())))
    bodies = tuple(
        b.model_copy(update={"seats": tuple(data.draw(st.permutations(b.seats)))})
        for b in data.draw(st.permutations(trust.bodies))
    )
    shuffled = trust.model_copy(
        update={
            "bodies": bodies,
            "gaps": tuple(data.draw(st.permutations(trust.gaps))),
            "partners": tuple(data.draw(st.permutations(trust.partners))),
            "procedures": tuple(data.draw(st.permutations(trust.procedures))),
        }
    )
    assert diff(trust, shuffled).changes == ()
    assert diff(shuffled, trust).changes == ()


# --- seats ---------------------------------------------------------------------------------


def test_a_seat_added_says_whether_it_votes(suffolk: govrules.Trust, tmp_path: Path) -> None:
    seat = (
        "      - id: youth-council\n        title: Suffolk Youth Council\n"
        '        source: {clause: "Appendix A 3.2.1"}\n'
    )
    draft = edited(tmp_path, "suffolk", (JOBCENTRE_SEAT, JOBCENTRE_SEAT + seat))
    change = only(diff(suffolk, draft))  # 50% of 18 still needs 9: no quorum change
    assert (change.kind, change.body, change.subject) == ("seat-added", BOARD, "youth-council")
    assert change.after == "1 place"
    assert change.text == (
        "`youth-council` (Suffolk Youth Council) joins the Children's Trust Strategic Board "
        "with 1 place; it votes."
    )


def test_a_seat_removed_also_lowers_the_attendance_needed(
    suffolk: govrules.Trust, tmp_path: Path
) -> None:
    vcs = (
        "      - id: vcs\n"
        "        title: Voluntary and Community Sector representatives (appointed via Young "
        "Suffolk)\n"
        "        partner: voluntary-community-sector\n"
        "        count: 2\n"
        '        source: {clause: "Appendix A 3.2.1", quote: "2 Voluntary and Community Sector '
        '(VCS) representatives"}\n'
    )
    d = diff(suffolk, edited(tmp_path, "suffolk", (vcs, "")))
    assert kinds(d) == ["quorum-attendance-changed", "seat-removed"]
    removed = next(c for c in d.changes if c.kind == "seat-removed")
    assert (removed.subject, removed.before, removed.after) == ("vcs", "2 places", None)
    attendance = next(c for c in d.changes if c.kind == "quorum-attendance-changed")
    # 10.1: 50% of 17 needs 9; of 15, 8.
    assert (attendance.before, attendance.after) == ("9 of 17", "8 of 15")


def test_a_seat_count_changed(suffolk: govrules.Trust, tmp_path: Path) -> None:
    draft = edited(
        tmp_path,
        "suffolk",
        (
            "        partner: schools\n        count: 2\n",
            "        partner: schools\n        count: 3\n",
        ),
    )
    change = only(diff(suffolk, draft))
    assert (change.kind, change.subject) == ("seat-count-changed", "schools")
    assert (change.before, change.after) == ("2 places", "3 places")


# --- who votes -----------------------------------------------------------------------------


def test_a_new_exception_is_reported_as_the_seat_losing_its_vote(
    suffolk: govrules.Trust, tmp_path: Path
) -> None:
    exception = (
        "        - seat: jobcentre-plus\n          votes: false\n"
        '          source: {clause: "10.2.3"}\n'
    )
    draft = edited(tmp_path, "suffolk", ("      exceptions:\n", "      exceptions:\n" + exception))
    change = only(diff(suffolk, draft))
    assert (change.kind, change.subject) == ("vote-lost", "jobcentre-plus")
    assert change.source is not None and change.source.clause == "10.2.3"


def test_a_placeholder_filled_in_settles_the_seats_vote(
    suffolk: govrules.Trust, tmp_path: Path
) -> None:
    # 10.2.2 "Add voting rights of District & Boroughs": the drafter writes them in, and the
    # placeholder with its reading (they do not vote) goes.
    path = bundled_path("suffolk")
    assert path is not None
    text = path.read_text(encoding="utf-8")
    [gap] = gaps_about(text, "strategic-board.voting.exceptions.district-borough.votes")
    draft = edited(tmp_path, "suffolk", (gap, ""))
    changes = diff(suffolk, draft).changes
    assert [c.kind for c in changes] == ["vote-now-settled", "gap-resolved", "reading-removed"]
    assert changes[0].subject == "district-borough"
    assert changes[0].text.endswith("is now settled: it votes.")
    # ...and the other way round.
    back = diff(draft, suffolk).changes
    assert (back[0].kind, back[0].before, back[0].after) == (
        "vote-now-unsettled",
        "votes",
        "not settled",
    )
    assert [c.kind for c in back[1:]] == ["gap-added", "reading-added"]


def test_a_voters_list_is_reported_seat_by_seat(suffolk: govrules.Trust, tmp_path: Path) -> None:
    listed = [
        "portfolio-holder",
        "governors-forum",
        "district-borough",
        "nhs-suffolk",
        "nhs-great-yarmouth-waveney",
        "probation-board",
        "police-authority",
        "chief-officer-police",
        "vcs",
        "lscb-independent-chair",
        "director-cyp",
        "schools",
        "fe-college",
    ]  # every seat but jobcentre-plus
    draft = edited(
        tmp_path, "suffolk", ("      voters: all-seats\n", f"      voters: [{', '.join(listed)}]\n")
    )
    change = only(diff(suffolk, draft))
    assert (change.kind, change.subject) == ("vote-lost", "jobcentre-plus")
    assert "not among the seats the rule gives a vote" in change.text


def test_a_condition_on_voting_makes_votes_conditional(
    suffolk: govrules.Trust, tmp_path: Path
) -> None:
    draft = edited(
        tmp_path,
        "suffolk",
        (
            "      voters: all-seats\n",
            "      voters: all-seats\n      condition: {implements: true}\n",
        ),
    )
    d = diff(suffolk, draft)
    rule = [c for c in d.changes if c.kind == "voting-rule-changed"]
    assert len(rule) == 1 and "its partner is to be responsible for implementation" in rule[0].text
    conditional = {c.subject for c in d.changes if c.kind == "vote-now-conditional"}
    # Every seat that voted now votes only on some matters; the LSCB chair still has no vote
    # (10.2.1) and the District & Borough placeholder (10.2.2) is still open.
    assert len(conditional) == 12
    assert {"lscb-independent-chair", "district-borough"}.isdisjoint(conditional)
    assert len(d.changes) == 13


def test_a_voting_rule_written_in_is_one_change(suffolk: govrules.Trust, tmp_path: Path) -> None:
    draft = edited(
        tmp_path,
        "suffolk",
        (
            "    voting:\n      status: unspecified\n"
            "      note: The document states no voting rule for the Executive Group.\n",
            "    voting:\n      threshold: {more_than: 1/2}\n      base: votes-cast\n",
        ),
    )
    change = only(diff(suffolk, draft))  # not one change per seat
    assert (change.kind, change.body) == ("voting-rule-changed", "executive-group")
    assert change.before == "not stated"
    assert change.after == (
        "more than one half of the votes cast (members present and voting; abstentions do "
        "not count)"
    )
    assert "Seats now: votes: `director-cyp`" in change.text


# --- quorum --------------------------------------------------------------------------------


def test_a_quorum_struck_out_is_not_stated(suffolk: govrules.Trust, tmp_path: Path) -> None:
    draft = edited(
        tmp_path,
        "suffolk",
        ("      at_least: 50%\n      of: seats\n", "      status: unspecified\n"),
        ("      inquorate_decisions: in-principle\n", ""),
    )
    change = only(diff(suffolk, draft))
    assert change.kind == "quorum-changed"
    assert (change.before, change.after) == (
        "at least 50% of the membership (9 of 17)",
        "not stated",
    )


def test_a_quorum_written_in_states_the_number(suffolk: govrules.Trust, tmp_path: Path) -> None:
    draft = edited(
        tmp_path,
        "suffolk",
        (
            "    quorum:\n      status: unspecified\n"
            "      note: The document states no quorum for the Executive Group;",
            "    quorum:\n      number: 5\n      note: The document states no quorum for the "
            "Executive Group;",
        ),
    )
    change = only(diff(suffolk, draft))
    assert (change.kind, change.body) == ("quorum-changed", "executive-group")
    assert change.text == (
        "Quorum of the Children's Trust Executive Group: from not stated to at least 5 members "
        "(5 of 10)."
    )


def test_quorum_and_membership_changed_together_use_each_membership(
    suffolk: govrules.Trust, tmp_path: Path
) -> None:
    draft = edited(
        tmp_path,
        "suffolk",
        ("      at_least: 50%\n", "      at_least: one third\n"),
        (
            "        partner: schools\n        count: 2\n",
            "        partner: schools\n        count: 4\n",
        ),
    )
    d = diff(suffolk, draft)
    assert kinds(d) == ["quorum-changed", "seat-count-changed"]
    quorum = next(c for c in d.changes if c.kind == "quorum-changed")
    assert quorum.after == "at least one third of the membership (7 of 19)"
    assert quorum.before == "at least 50% of the membership (9 of 17)"


JOINT_COMMITTEE = str(Path(__file__).parent / "real_world" / "joint-committee.yaml")


def test_a_quorum_no_longer_needing_the_chair(tmp_path: Path) -> None:
    # 6.1: the quorum is 4, "including the chair or vice-chair"; the draft drops the presence.
    committee = govrules.load(JOINT_COMMITTEE)
    draft = edited(
        tmp_path,
        JOINT_COMMITTEE,
        ('      must_include: [{office: chair-or-vice-chair, source: "6.1"}]\n', ""),
    )
    change = only(diff(committee, draft))
    assert (change.kind, change.before, change.after) == (
        "quorum-presence-removed",
        "the chair or vice-chair",
        None,
    )
    assert change.text.endswith("no longer needs the chair or vice-chair present.")
    assert only(diff(draft, committee)).kind == "quorum-presence-added"


def test_quorum_and_inquorate_effect_changed_together(
    suffolk: govrules.Trust, tmp_path: Path
) -> None:
    draft = edited(
        tmp_path,
        "suffolk",
        ("      at_least: 50%\n", "      more_than: 1/2\n"),
        (
            "      inquorate_decisions: in-principle\n",
            "      inquorate_decisions: void\n",
        ),
    )
    d = diff(suffolk, draft)
    assert kinds(d) == ["inquorate-decisions-changed", "quorum-changed"]
    quorum = next(c for c in d.changes if c.kind == "quorum-changed")
    # 17 / 2 = 8.5: "more than" half still needs 9.
    assert quorum.after == "more than 1/2 of the membership (9 of 17)"


def test_inquorate_decisions_changed(suffolk: govrules.Trust, tmp_path: Path) -> None:
    draft = edited(
        tmp_path,
        "suffolk",
        (
            "      inquorate_decisions: in-principle\n",
            "      inquorate_decisions: void\n",
        ),
    )
    change = only(diff(suffolk, draft))
    assert change.kind == "inquorate-decisions-changed"
    assert (change.before, change.after) == ("agreed in principle only", "void")


# --- voting rules --------------------------------------------------------------------------


def test_a_casting_vote_given_to_the_chair(suffolk: govrules.Trust, tmp_path: Path) -> None:
    # 10.3 is silent on a casting vote; the draft gives the chair one.
    draft = edited(
        tmp_path,
        "suffolk",
        ("      casting_vote: unspecified\n", "      casting_vote: chair-has\n"),
    )
    change = only(diff(suffolk, draft))
    assert (change.kind, change.body) == ("casting-vote-changed", BOARD)
    assert (change.before, change.after) == (
        "not stated",
        "the chair has a second and casting vote",
    )
    assert change.source is not None and change.source.clause == "10.3"


def test_a_threshold_raised_to_two_thirds(suffolk: govrules.Trust, tmp_path: Path) -> None:
    draft = edited(
        tmp_path,
        "suffolk",
        (
            "      threshold: {more_than: 1/2}\n      base: present\n",
            "      threshold: {at_least: 2/3}\n      base: votes-cast\n",
        ),
    )
    change = only(diff(suffolk, draft))
    assert change.kind == "voting-rule-changed"
    assert change.before == (
        "more than one half of the voting members present (an abstention weighs against)"
    )
    assert change.after == (
        "at least two thirds of the votes cast (members present and voting; abstentions do "
        "not count)"
    )


# --- offices, meetings, lines --------------------------------------------------------------


def test_a_chair_changed(suffolk: govrules.Trust, tmp_path: Path) -> None:
    draft = edited(
        tmp_path,
        "suffolk",
        ("    chair:\n      seat: director-cyp\n", "    chair:\n      seat: ad-learning\n"),
    )
    change = only(diff(suffolk, draft))
    assert (change.kind, change.body) == ("chair-changed", "executive-group")
    assert (change.before, change.after) == (
        "the holder of `director-cyp`",
        "the holder of `ad-learning`",
    )


def test_meetings_made_monthly(suffolk: govrules.Trust, tmp_path: Path) -> None:
    draft = edited(
        tmp_path,
        "suffolk",
        (
            "      frequency: quarterly\n      per_year: 4\n",
            "      frequency: monthly\n      per_year: 12\n",
        ),
    )
    change = only(diff(suffolk, draft))
    assert (change.kind, change.before, change.after) == (
        "meetings-changed",
        "quarterly (at least 4 a year)",
        "monthly (at least 12 a year)",
    )


def test_substitutes_given_a_vote(suffolk: govrules.Trust, tmp_path: Path) -> None:
    draft = edited(
        tmp_path,
        "suffolk",
        (
            '      kind: deputy\n      source: {clause: "7.2", quote',
            '      kind: deputy\n      votes: true\n      source: {clause: "7.2", quote',
        ),
    )
    change = only(diff(suffolk, draft))
    assert (change.kind, change.body) == ("substitutes-changed", BOARD)
    assert change.after is not None and "votes" in change.after.split(", ")


def test_an_accountability_line_removed(suffolk: govrules.Trust, tmp_path: Path) -> None:
    line = (
        "    accountable_to:\n      - to: laa-scrutiny-panel\n"
        '        source: {clause: "5.6", quote: "In its role as a Delivery Partnership the '
        "Children's Trust Strategic Board is accountable to the LAA Scrutiny Panel relating to "
        'the LAA targets."}\n'
    )
    change = only(diff(suffolk, edited(tmp_path, "suffolk", (line, ""))))
    assert (change.kind, change.subject) == ("line-removed", "laa-scrutiny-panel")
    assert change.text == (
        "The Children's Trust Strategic Board is no longer accountable to the LAA Scrutiny "
        "Panel (`laa-scrutiny-panel`)."
    )
    assert change.source is not None and change.source.clause == "5.6"  # the old version's


# --- procedures ----------------------------------------------------------------------------

BOARD_STEP = '        source: {clause: "12.4"}\n'


def test_a_step_added_with_a_waiting_period(suffolk: govrules.Trust, tmp_path: Path) -> None:
    step = (
        "      - action: The parties meet again to seek a compromise.\n"
        "        body: strategic-board\n"
        "        min_days_after_previous: 14\n"
        '        source: {clause: "12.4A"}\n'
    )
    draft = edited(tmp_path, "suffolk", (BOARD_STEP, BOARD_STEP + step))
    change = only(diff(suffolk, draft))  # the later step is not "changed" by moving down
    assert (change.kind, change.subject, change.body) == ("step-added", "dispute-resolution", BOARD)
    assert change.text == (
        "New step 5 of the Dispute Resolution procedure: The parties meet again to seek a "
        "compromise (at least 14 days after the previous step)."
    )
    assert change.source is not None and change.source.clause == "12.4A"
    removed = only(diff(draft, suffolk))
    assert removed.kind == "step-removed"


def test_a_step_waiting_period_changed(tmp_path: Path) -> None:
    rutland = govrules.load("rutland")
    draft = edited(
        tmp_path,
        "rutland",
        ("        min_days_after_previous: 7\n", "        min_days_after_previous: 14\n"),
    )
    change = only(diff(rutland, draft))
    assert (change.kind, change.subject) == ("step-changed", "conflict-resolution")
    assert change.text == (
        "Step 4 of the Conflict Resolution Protocol: wait from at least 7 days after the "
        "formal objection to at least 14 days after the formal objection."
    )


def test_a_step_vote_loses_its_casting_vote(tmp_path: Path) -> None:
    # Appendix A (f) "The Chair has a second and casting vote in the event of a tie."
    rutland = govrules.load("rutland")
    draft = edited(
        tmp_path,
        "rutland",
        ("          casting_vote: chair-has\n", "          casting_vote: none\n"),
    )
    change = only(diff(rutland, draft))
    assert change.kind == "step-changed"
    assert (
        "casting vote from the chair has a second and casting vote to no casting vote"
        in change.text
    )


def test_a_final_arbiter_named(suffolk: govrules.Trust, tmp_path: Path) -> None:
    # Suffolk 12 names no final arbiter for disputes; the draft makes it the Board.
    draft = edited(
        tmp_path, "suffolk", ("    final_arbiter: null\n", "    final_arbiter: strategic-board\n")
    )
    change = only(diff(suffolk, draft))
    assert (change.kind, change.subject) == ("final-arbiter-changed", "dispute-resolution")
    assert (change.before, change.after) == ("none", "strategic-board")
    assert change.text == (
        "Final arbiter of the Dispute Resolution procedure: from none named to the Children's "
        "Trust Strategic Board (`strategic-board`)."
    )


def test_a_final_arbiter_changed(tmp_path: Path) -> None:
    rutland = govrules.load("rutland")
    draft = edited(
        tmp_path, "rutland", ("    final_arbiter: board\n", "    final_arbiter: executive\n")
    )
    change = only(diff(rutland, draft))
    assert (change.kind, change.before, change.after) == (
        "final-arbiter-changed",
        "board",
        "executive",
    )


# --- bodies and gaps -----------------------------------------------------------------------


def test_a_gap_resolved(suffolk: govrules.Trust, tmp_path: Path) -> None:
    gap = (
        "  - kind: unspecified\n    subject: strategic-board.voting\n"
        "    note: The document does not say whether the chair has a casting vote, so a tied "
        "vote is not settled.\n"
        '    source: {clause: "10.3"}\n'
    )
    draft = edited(
        tmp_path,
        "suffolk",
        (gap, ""),
        ("      casting_vote: unspecified\n", "      casting_vote: chair-has\n"),
    )
    d = diff(suffolk, draft)
    assert kinds(d) == ["casting-vote-changed", "gap-resolved"]
    resolved = next(c for c in d.changes if c.kind == "gap-resolved")
    assert (resolved.body, resolved.subject) == (BOARD, "strategic-board.voting")
    assert resolved.text.startswith("Gap resolved (unspecified, strategic-board.voting): ")
    # The other gap on the same subject (the 10.2.2 placeholder) is not touched.
    assert "placeholder" not in resolved.text
    reopened = next(c for c in diff(draft, suffolk).changes if c.kind == "gap-added")
    assert reopened.text.startswith("New gap in the document (unspecified, ")


def test_a_gap_reworded_is_no_change(suffolk: govrules.Trust, tmp_path: Path) -> None:
    draft = edited(
        tmp_path,
        "suffolk",
        ("a name used nowhere else; read as the Executive Group.", "read as the Executive Group."),
    )
    assert diff(suffolk, draft).answer == "unchanged"


def test_a_body_removed(suffolk: govrules.Trust, tmp_path: Path) -> None:
    path = bundled_path("suffolk")
    assert path is not None
    text = path.read_text(encoding="utf-8")
    ccsg = text[text.index("  - id: ccsg\n") : text.index("procedures:\n")]
    # The gaps about the CCSG go with the body: a subject must name something.
    draft = edited(tmp_path, "suffolk", (ccsg, ""), *((g, "") for g in gaps_about(text, "ccsg")))
    [change] = [c for c in diff(suffolk, draft).changes if c.kind.startswith("body")]
    assert (change.kind, change.body) == ("body-removed", "ccsg")
    [added] = [c for c in diff(draft, suffolk).changes if c.kind.startswith("body")]
    assert added.kind == "body-added"
    assert added.text == "New body: the Community Cluster Steering Group (`ccsg`), with 23 places."


def test_a_procedure_removed(suffolk: govrules.Trust, tmp_path: Path) -> None:
    path = bundled_path("suffolk")
    assert path is not None
    text = path.read_text(encoding="utf-8")
    procedure = text[text.index("  - id: dispute-resolution\n") : text.index("gaps:\n")]
    # The gap about the procedure goes with it: a subject must name something in the trust.
    gap = "    subject: dispute-resolution\n"
    draft = edited(
        tmp_path, "suffolk", (procedure, ""), ("procedures:\n", "procedures: []\n"), (gap, "")
    )
    [change] = [c for c in diff(suffolk, draft).changes if c.kind.startswith("procedure")]
    assert (change.kind, change.subject) == ("procedure-removed", "dispute-resolution")
    assert change.source is not None and change.source.clause == "12"
    back = [c.kind for c in diff(draft, suffolk).changes if c.kind.startswith("procedure")]
    assert back == ["procedure-added"]


# --- every change, whatever the trusts -----------------------------------------------------

REAL_WORLD = Path(__file__).parent / "real_world"
ALL_TRUSTS = [
    *govrules.bundled_names(),
    str(REAL_WORLD / "joint-committee.yaml"),
    str(REAL_WORLD / "school-board.yaml"),
]


@pytest.mark.parametrize("old", ALL_TRUSTS)
def test_any_two_trusts_give_known_kinds_in_sentences(old: str) -> None:
    # Different trusts differ in everything, which exercises every comparison at once.
    for new in ALL_TRUSTS:
        d = diff(govrules.load(old), govrules.load(new))
        assert (d.answer == "unchanged") == (old == new)
        for c in d.changes:
            assert c.kind in KINDS
            assert c.text[:1].isupper() or c.text.startswith("`"), c.text
            assert c.text.endswith("."), c.text
            assert c.before is not None or c.after is not None, c.text


def _restated(tmp_path: Path, name: str, change: Callable[[Any], None]) -> govrules.Trust:
    """The bundled trust ``name`` with ``change`` applied to its data (not its text)."""
    import yaml

    path = bundled_path(name)
    assert path is not None
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    out = tmp_path / f"{name}-restated.yaml"
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return govrules.load(out)


def test_a_seat_number_now_stated_is_a_change(tmp_path: Path) -> None:
    # With every number stated the body's size is known, and a count quorum can be answered.
    def state_every_number(data: Any) -> None:
        for body in data["bodies"]:
            for seat in body.get("seats", []):
                seat.pop("count_stated", None)

    new = _restated(tmp_path, "cumbria", state_every_number)
    d = diff(govrules.load("cumbria"), new)
    assert "seat-count-changed" in kinds(d)
    assert any("(the number not stated)" in (c.before or "") for c in d.changes)


def test_dropping_the_clause_that_saves_irregular_votes_is_a_change(tmp_path: Path) -> None:
    # Suffolk 10.3.5 keeps a meeting's acts valid after a vote cast without the right to vote;
    # without it, such a vote makes the meeting invalid (`check` answers otherwise).
    def drop(data: Any) -> None:
        board = next(b for b in data["bodies"] if b["id"] == BOARD)
        del board["voting"]["irregular_votes_saved"]

    change = only(diff(govrules.load("suffolk"), _restated(tmp_path, "suffolk", drop)))
    assert change.kind == "voting-rule-changed"
    assert (change.before, change.after) == (
        "not counted, and the meeting's acts stay valid",
        "an error that makes the meeting invalid",
    )


def test_a_route_becoming_mandatory_is_a_change(tmp_path: Path) -> None:
    def must(data: Any) -> None:
        data["procedures"][0]["routes"][0]["optional"] = False

    change = only(diff(govrules.load("durham"), _restated(tmp_path, "durham", must)))
    assert (change.kind, change.body) == ("route-changed", "local-childrens-board")
    assert "from optional to required" in change.text


def test_a_contradiction_resolved_is_a_change(tmp_path: Path) -> None:
    # Durham 4.4 contradicts the Local Children's Board chair rule: `eligible` cannot be
    # definite while it stands.
    def resolve(data: Any) -> None:
        chair = next(b for b in data["bodies"] if b["id"] == "local-childrens-board")["chair"]
        del chair["conflicting"]

    change = only(diff(govrules.load("durham"), _restated(tmp_path, "durham", resolve)))
    assert (change.kind, change.subject, change.before, change.after) == (
        "conflict-changed",
        "chair",
        "contradicted by 4.4",
        "no contradiction recorded",
    )


def test_the_report_of_changed_readings_is_the_same_in_every_process(tmp_path: Path) -> None:
    # Readings added and removed are reported in the files' order, whatever the hash seed.
    import json
    import os
    import subprocess
    import sys

    data = govrules.load("suffolk").model_dump(mode="json", by_alias=True, exclude_none=True)
    for gap in data["gaps"]:
        gap.pop("readings", None)
    old = tmp_path / "old.yaml"
    old.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    assert sum(c.code == "reading-added" for c in govrules.diff(old, "suffolk").changes) > 1
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        run = subprocess.run(
            [sys.executable, "-m", "govrules", "diff", str(old), "suffolk", "--format", "json"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=120,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_a_term_of_office_in_months_is_a_change_in_practice(tmp_path: Path) -> None:
    # audit reads term_months to say when an election falls due (Durham 4.6: annual).
    text = bundled_path("durham").read_text(encoding="utf-8")
    assert "term_months: 12" in text
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace("term_months: 12", "term_months: 36", 1), encoding="utf-8")
    answer = govrules.diff(old, new)
    assert answer.answer == "changed"
    assert any("36 months" in str(c.to_dict()) for c in answer.changes)


FEDERATION = Path(__file__).parent.parent / "examples" / "public-sector" / "federation.yaml"


@pytest.mark.parametrize(
    ("edit", "kind"),
    [
        (lambda p: p.update(status="ambiguous", note="Read two ways."), "procedure-status-changed"),
        (lambda p: p.update(conflicting=[{"source": "9.9", "note": "x"}]), "conflict-changed"),
        (
            lambda p: p["steps"][0]["vote"].update(conflicting=[{"source": "9.9", "note": "x"}]),
            "step-changed",
        ),
    ],
)
def test_what_unsettles_a_procedure_or_its_vote_is_a_change(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], kind: str
) -> None:
    # Each leaves `escalate` or a vote under the procedure unsettled (exit 3).
    import yaml

    data = yaml.safe_load(FEDERATION.read_text(encoding="utf-8"))
    edit(data["procedures"][0])
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    answer = diff(govrules.load(FEDERATION), govrules.load(new))
    assert answer.answer == "changed"
    assert [c.kind for c in answer.changes] == [kind]
