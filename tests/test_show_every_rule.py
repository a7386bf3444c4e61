"""`show` and the report state every rule the engine enforces: who must be present, step
deadlines in (working) days, substitutes' limits, a seat's vote that turns on the matter; and
the report's summary of what the document leaves open agrees with the page."""

from __future__ import annotations

import html
import re
from typing import Any

from builders import trust_of

import govrules
from govrules.language.schema import Trust
from govrules.presenting.render import render_text
from govrules.presenting.report import ReportItem, build_html

PARTNERS = (
    {"id": "council", "name": "Council"},
    {"id": "health", "name": "Health"},
)
SEATS = [
    {"id": "council", "title": "Council member", "partner": "council", "count": 9},
    {"id": "health", "title": "Health member", "partner": "health", "count": 5},
]
VOTING = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "casting_vote": "none"}


def _board(**rules: Any) -> dict[str, Any]:
    return {"id": "board", "name": "Board", "seats": SEATS, **rules}


def _page(trust: Trust) -> str:
    return html.unescape(build_html([ReportItem("rules.yaml", trust, ())]))


def _show(trust: Trust) -> dict[str, Any]:
    return govrules.show(trust).to_dict()


def test_a_quorum_that_must_include_a_member_says_so() -> None:
    trust = trust_of(
        _board(
            quorum={
                "at_least": "1/3",
                "must_include": [{"partner": "health"}],
                "source": "4.1",
            }
        ),
        partners=PARTNERS,
    )
    text = _show(trust)["bodies"][0]["quorum"]["text"]
    assert "It must include at least 1 member(s) from `health`." in text
    assert "It must include at least 1 member(s) from `health`." in render_text(_show(trust))
    # 1/3 of 14 places is 5 (rounded up): the attendance row says who must be among them
    page = re.sub("<[^>]+>", "", _page(trust))
    assert "5 of the 14 places present, including at least 1 member(s) from health." in page


def test_step_deadlines_in_working_days_are_shown() -> None:
    step = {"action": "The chair refers it", "max_days": 10, "working_days": True}
    waits = {"action": "The board meets again", "min_days_after_previous": 5}
    trust = trust_of(
        _board(),
        partners=PARTNERS,
        procedures=({"id": "disputes", "name": "Disputes", "steps": [step, waits]},),
    )
    steps = _show(trust)["procedures"][0]["steps"]
    assert steps[0]["text"] == "The chair refers it (within 10 working days of the previous step)"
    assert steps[1]["text"] == "The board meets again (at least 5 days after the previous step)"
    assert "within 10 working days" in render_text(_show(trust))


def test_substitutes_limits_are_shown() -> None:
    subs = {
        "allowed": True,
        "kind": "deputy",
        "named": True,
        "votes": True,
        "counts_for_quorum": False,
        "same_partner": True,
        "only_for": ["health"],
        "source": "6.2",
    }
    trust = trust_of(_board(substitutes=subs), partners=PARTNERS)
    text = _show(trust)["bodies"][0]["substitutes"]["text"]
    assert text == (
        "A deputy may attend in a member's place. They vote. Each member has one named deputy. "
        "Only these seats may send one: `health`. They must come from the member's own "
        "organisation. They do not count toward the quorum."
    )
    assert "They do not count toward the quorum." in _page(trust)


CONDITIONAL = {
    **VOTING,
    # every seat votes, except that the health member votes only on its own finances
    "condition": {"any": [{"not": {"seat_in": ["health"]}}, {"affected": ["finances"]}]},
    "source": "5.2",
}


def test_a_conditional_exception_is_shown_per_seat_not_as_unsettled() -> None:
    trust = trust_of(_board(voting=CONDITIONAL), partners=PARTNERS)
    seats = {s["id"]: s for s in _show(trust)["bodies"][0]["seats"]}
    assert (seats["council"]["voting"], seats["council"]["votes_if"]) == (True, None)
    assert seats["health"]["voting"] is None
    assert seats["health"]["votes_if"] == "the matter directly affects its partner's finances"
    text = render_text(_show(trust))
    assert "- council x9: Council member (votes)" in text
    assert "Health member (votes if the matter directly affects its partner's finances)" in text
    page = _page(trust)
    assert "Votes if the matter directly affects its partner's finances" in page
    assert 'class="flag">Not settled' not in page


def test_a_condition_that_no_matter_can_meet_is_a_plain_no() -> None:
    voting = {**VOTING, "condition": {"all": [{"seat_in": ["council"]}, {"implements": True}]}}
    seats = _show(trust_of(_board(voting=voting), partners=PARTNERS))["bodies"][0]["seats"]
    assert [(s["id"], s["voting"], s["votes_if"]) for s in seats] == [
        ("council", None, "its partner is to be responsible for implementation"),
        ("health", False, None),
    ]


def _summary(page: str) -> tuple[int, int, list[str]]:
    found = re.search(r"This page flags (\d+) rule\(s\) .*?records (\d+) gap\(s\)", page)
    assert found, "no summary of what the document leaves open"
    listed = re.findall(r'<li class="gap"><strong class="flag">([^<]*):</strong> ([^<]*)', page)
    return int(found.group(1)), int(found.group(2)), [f"{f}: {w}" for f, w in listed]


def test_the_gap_summary_counts_the_unsettled_rules_on_the_page() -> None:
    # No gap recorded in the trust file, but no quorum, no voting rule, no line, no procedure.
    trust = trust_of(_board(), partners=PARTNERS)
    page = _page(trust)
    assert "records no gaps" not in page
    flagged, recorded, listed = _summary(page)
    rows = re.findall(r'<tr class="gap"><th scope="row">([^<]*)</th>', page)
    assert recorded == 0
    assert flagged == len(listed) == len(rows) + 1  # the rules rows, and the procedures
    assert "Not stated: Board: Quorum" in listed
    assert "Not stated: Rules: Procedures" in listed


def _settled(body_id: str, name: str, seat: str, **more: Any) -> dict[str, Any]:
    return {
        "id": body_id,
        "name": name,
        "seats": [{"id": seat, "title": "Member"}],
        "chair": {"seat": seat, "source": "3.1"},
        "meets": {"frequency": "monthly", "per_year": 12, "source": "3.2"},
        "quorum": {"number": 1, "source": "4.1"},
        "voting": {**VOTING, "source": "5.1"},
        "substitutes": {"allowed": False, "source": "6.1"},
        **more,
    }


def test_a_trust_that_settles_every_rule_says_so() -> None:
    trust = trust_of(
        _settled("board", "Board", "council"),
        _settled("forum", "Forum", "member", reports_to=[{"to": "board"}]),
        procedures=(
            {
                "id": "d",
                "name": "D",
                "applies_to": ["board"],
                "steps": [{"action": "The board decides", "body": "board"}],
                "final_arbiter": "board",
            },
        ),
    )
    page = _page(trust)
    assert 'class="flag"' not in page.split("</header>", 1)[1]
    assert "The document settles every rule on this page, and the trust file records no gaps." in (
        page
    )
    # one rule left unstated: the page flags it, and the summary counts it
    unstated = trust_of(
        _settled("board", "Board", "council"),
        _settled("forum", "Forum", "member", reports_to=[{"to": "board"}], meets=None),
        procedures=trust.model_dump(by_alias=True, exclude_none=True)["procedures"],
    )
    assert _summary(_page(unstated)) == (1, 0, ["Not stated: Forum: Meets"])
