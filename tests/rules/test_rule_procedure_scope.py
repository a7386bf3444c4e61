"""Where a procedure is used: every surface that asks "does procedure P apply to body B"
(escalate, a vote and voters under the procedure, show, the escalation chart) agrees."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import builders
import pytest

import govrules
from govrules.presenting.charts import procedure_starts

VOTING = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "2"}
STEP = {"action": "Put to the vote", "vote": VOTING, "source": "8.1"}


def body(body_id: str) -> dict[str, Any]:
    return {
        "id": body_id,
        "name": body_id.title(),
        "seats": [{"id": "m", "title": "Member", "count": 3}],
        "voting": VOTING,
    }


PROCEDURES = (
    # Named for the board, and the panel refers on to the council under it.
    {
        "id": "local",
        "name": "Local",
        "applies_to": ["board"],
        "steps": [STEP],
        "routes": [{"from": "panel", "to": "council", "source": "8.2"}],
        "source": "8",
    },
    # Neither bodies nor routes: the trust as a whole.
    {"id": "whole", "name": "Whole", "steps": [STEP], "source": "9"},
    # Routes only: used where they start, not by the body a matter is referred to.
    {
        "id": "referral",
        "name": "Referral",
        "steps": [STEP],
        "routes": [{"from": "panel", "to": "board", "source": "10.1"}],
        "source": "10",
    },
)
TRUST = builders.trust_of(body("panel"), body("board"), body("council"), procedures=PROCEDURES)
USED = {
    ("local", "panel"): True,
    ("local", "board"): True,
    ("local", "council"): False,
    ("whole", "panel"): True,
    ("whole", "board"): True,
    ("whole", "council"): True,
    ("referral", "panel"): True,
    ("referral", "board"): False,
    ("referral", "council"): False,
}


def _answers(ask: Any) -> bool:
    try:
        ask()
    except govrules.QueryError:
        return False
    return True


@pytest.mark.parametrize(("proc", "body_id"), sorted(USED))
def test_every_surface_agrees_where_a_procedure_is_used(proc: str, body_id: str) -> None:
    used = USED[(proc, body_id)]
    seen = {
        "escalate": _answers(lambda: govrules.escalate(TRUST, body_id, procedure=proc)),
        "voters": _answers(lambda: govrules.voters(TRUST, body_id, procedure=proc)),
        "vote": _answers(
            lambda: govrules.vote(TRUST, body_id, for_=["m", "m"], against=["m"], procedure=proc)
        ),
        "show": proc in {p["id"] for p in govrules.show(TRUST, body_id).procedures},
        "chart": body_id in procedure_starts(TRUST, TRUST.procedure(proc)),  # type: ignore[arg-type]
    }
    assert seen == dict.fromkeys(seen, used)


def test_the_report_says_where_each_procedure_is_used(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(json.dumps(TRUST.model_dump(mode="json", by_alias=True, exclude_unset=True)))
    page = govrules.report(str(path), svg=False)
    said = dict(re.findall(r'<h4 id="[^"]*-proc-([a-z]+)">.*?</h4><p>Used in: ([^<]*)\.</p>', page))
    assert said == {"local": "Panel, Board", "whole": "the whole trust", "referral": "Panel"}


def test_a_refusal_names_where_the_procedure_is_used() -> None:
    with pytest.raises(govrules.QueryError, match=r"\(used in: panel\)"):
        govrules.escalate(TRUST, "board", procedure="referral")
    with pytest.raises(govrules.QueryError, match=r"\(it applies to: panel, board\)"):
        govrules.voters(TRUST, "council", procedure="local")


def test_the_chart_draws_a_routes_only_procedure_from_where_it_starts() -> None:
    chart = govrules.graph(TRUST, view="escalation")
    by_name = sorted(PROCEDURES, key=lambda p: p["name"])  # the chart's clusters, by name
    referral = f"n_p{[p['id'] for p in by_name].index('referral') + 1}_"
    # The panel refers to the board; the council, not on its route, is not drawn.
    assert f"{referral}panel" in chart and f"{referral}board" in chart
    assert f"{referral}council" not in chart


def test_without_a_procedure_every_body_escalates_under_the_ones_it_uses() -> None:
    with pytest.raises(govrules.QueryError, match="several procedures apply to `panel`"):
        govrules.escalate(TRUST, "panel")
    # The council uses only the trust-wide procedure.
    assert govrules.escalate(TRUST, "council").procedure == "whole"


def test_a_step_vote_may_name_the_seats_of_a_body_a_route_brings_in(tmp_path: Path) -> None:
    # "local" is named for the board and its route starts at the panel: a step with no body
    # of its own is held in either, so its voters may be the panel's seats (as `voters` under
    # the procedure answers), and not the council's, which the procedure never reaches first.
    def trust_with(voters: list[str]) -> dict[str, Any]:
        step = {**STEP, "vote": {**VOTING, "voters": voters}}
        panel = {**body("panel"), "seats": [{"id": "p", "title": "Panel member"}]}
        council = {**body("council"), "seats": [{"id": "c", "title": "Councillor"}]}
        return {
            "id": "rules",
            "name": "Rules",
            "document": {"title": "Rules"},
            "bodies": [body("board"), panel, council],
            "procedures": [{**PROCEDURES[0], "steps": [step]}],
        }

    accepted = tmp_path / "accepted.yaml"
    accepted.write_text(json.dumps(trust_with(["p"])), encoding="utf-8")  # JSON is YAML
    trust = govrules.load(accepted)
    assert govrules.voters(trust, "panel", procedure="local").answer == "determined"
    assert [f.code for f in govrules.validate(accepted).findings if f.severity == "error"] == []
    refused = tmp_path / "refused.yaml"
    refused.write_text(json.dumps(trust_with(["c"])), encoding="utf-8")
    with pytest.raises(govrules.LoadError, match="unknown seat `c`"):
        govrules.load(refused)


def test_a_vote_under_a_procedure_the_document_does_not_settle_is_not_settled() -> None:
    # Its steps are written as a draft: escalate says the procedure is open, and so does
    # every vote and every seat's right under it.
    procedure = {
        "id": "local",
        "name": "Local",
        "applies_to": ["board"],
        "steps": [STEP],
        "status": "unspecified",
        "note": "The steps are a draft.",
        "source": "8",
    }
    trust = builders.trust_of(body("board"), procedures=(procedure,))
    vote = govrules.vote(trust, "board", for_=["m", "m"], against=["m"], procedure="local")
    assert vote.answer == "unspecified"
    assert vote.explanation[0].text.endswith("procedure `local`: The steps are a draft.")
    voters = govrules.voters(trust, "board", procedure="local")
    assert (voters.answer, [r.seat for r in voters.undetermined]) == ("unspecified", ["m"])
    settled = builders.trust_of(body("board"), procedures=({**procedure, "status": "stated",
                                                            "note": None},))  # fmt: skip
    assert govrules.vote(
        settled, "board", for_=["m", "m"], against=["m"], procedure="local"
    ).answer == ("carried")
