"""A procedure whose last step is held in the final arbiter reaches it: the chart and the
report agree with `escalate`, rather than show the way there as missing."""

from __future__ import annotations

import html
import re

from builders import trust_of

import govrules
from govrules.presenting.report import ReportItem, build_html

SEATS = [{"id": "member", "title": "Member", "count": 3}]
BODIES = (
    {"id": "committee", "name": "Joint Committee", "seats": SEATS},
    {"id": "leaders", "name": "Leaders Board", "seats": SEATS},
)


def _trust(last_body: str | None) -> govrules.Trust:
    steps = [
        {
            "action": "Officers meet",
            "outside": True,
            "max_days": 10,
            "working_days": True,
            "source": "5.1",
        },
        {"action": "The Leaders Board decides", "body": last_body, "final": True, "source": "5.3"},
    ]
    proc = {
        "id": "disputes",
        "name": "Disputes",
        "applies_to": ["committee"],
        "steps": steps,
        "final_arbiter": "leaders",
    }
    return trust_of(*BODIES, procedures=(proc,))


def test_steps_that_end_in_the_arbiter_are_drawn_as_the_route() -> None:
    trust = _trust("leaders")
    answer = govrules.escalate(trust, "committee")
    assert (answer.answer, answer.steps[-1].body) == ("determined", "leaders")
    chart = govrules.graph(trust, view="escalation", format="mermaid")
    assert "No route" not in chart
    assert '-->|"refers to [5.3]"| n_p1_leaders' in chart
    page = re.sub("<[^>]+>", "", html.unescape(build_html([ReportItem("t.yaml", trust, ())])))
    assert "no route to" not in page
    assert "Route from the Joint Committee" not in page
    assert "Joint Committee → Leaders Board (final arbiter) [5.3]" in page


def test_steps_that_stop_short_still_show_the_gap() -> None:
    trust = _trust("committee")
    assert any("no route" in r.text for r in govrules.escalate(trust, "committee").explanation)
    chart = govrules.graph(trust, view="escalation", format="mermaid")
    assert "No route to Leaders Board stated" in chart
    page = html.unescape(build_html([ReportItem("t.yaml", trust, ())]))
    assert "no route to Leaders Board" in page


def test_escalate_text_gives_each_steps_deadline_as_show_does() -> None:
    from govrules.presenting.render import render_text

    trust = _trust("leaders")
    text = render_text(govrules.escalate(trust, "committee").to_dict())
    assert "1. Officers meet (within 10 working days of the previous step) [5.1]" in text
    shown = govrules.show(trust).to_dict()["procedures"][0]["steps"][0]["text"]
    assert shown == "Officers meet (within 10 working days of the previous step)"
