"""Escalation: the governance graph and the steps of each trust's procedure."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import trust_of

import govrules
from govrules import QueryError
from govrules.compiling.loader import load_trust
from govrules.evaluating.graph import answers_to, build_graph, escalation_issues, escalation_path


def test_rutland_protocol_from_the_executive_ends_at_the_board() -> None:
    # Appendix A: "The Board is the final arbiter in conflict." Steps (a)-(f), then the Board.
    a = govrules.escalate(govrules.load("rutland"), "executive")
    assert a.answer == "determined"
    assert a.procedure == "conflict-resolution"
    assert a.final_arbiter == "board"
    assert [s.body for s in a.steps] == ["executive"] * 6 + ["board"]
    deferral = a.steps[3]
    assert deferral.min_days_after_previous == 7  # (d) "at least 7 days later"
    assert deferral.source is not None and deferral.source.clause == "Appendix A (d)"
    vote_step = next(s for s in a.steps if s.vote is not None)
    assert vote_step.vote is not None and vote_step.vote["casting_vote"] == "chair-has"
    assert "affects" in vote_step.vote["text"]
    assert a.steps[-1].final


def test_durham_lcb_refers_to_the_executive_board_whose_decision_is_final() -> None:
    # 9.4 "they may refer the issue to the Executive Board ... their decision should be
    # regarded as final."
    a = govrules.escalate(govrules.load("durham"), "local-childrens-board")
    assert a.final_arbiter == "executive-board"
    assert a.steps[-1].body == "executive-board"
    assert a.steps[-1].source is not None and a.steps[-1].source.clause == "9.4"


def test_wirral_goes_to_chief_executives_then_adr_with_no_arbiter() -> None:
    # 18.2: informal discussion → the Chief Executive of each agency → ADR "will be considered".
    a = govrules.escalate(govrules.load("wirral"), "board")
    assert len(a.steps) == 3
    assert "Chief Executive" in a.steps[1].action and a.steps[1].body is None
    assert "alternative dispute resolution" in a.steps[2].action
    assert a.final_arbiter is None


def test_no_route_is_unspecified() -> None:
    # Rutland's protocol serves the Executive and the Board, not the Steering Groups.
    a = govrules.escalate(govrules.load("rutland"), "steering-group")
    assert a.answer == "unspecified" and a.steps == ()


def test_procedure_that_does_not_apply_is_refused() -> None:
    with pytest.raises(QueryError, match="not used in `steering-group`"):
        govrules.escalate(
            govrules.load("rutland"), "steering-group", procedure="conflict-resolution"
        )


def test_graph_has_typed_cited_edges() -> None:
    graph = build_graph(load_trust("suffolk"))
    data = graph.get_edge_data("executive-group", "strategic-board")
    assert data is not None and data["reports-to"]["source"].clause == "Appendix A 3.2.2"
    assert graph.nodes["lscb"]["kind"] == "external"


def test_answers_to_follows_lines_transitively() -> None:
    # Appendix A 3.2.3: the WDAG reports to the Executive Group, which reports to the Board.
    assert answers_to(load_trust("suffolk"), "wdag") == [
        "executive-group",
        "laa-scrutiny-panel",
        "strategic-board",
    ]


def test_bundled_trusts_have_no_escalation_loops() -> None:
    for name in govrules.bundled_names():
        assert escalation_issues(load_trust(name)) == []


LOOP = """\
id: loop
name: Loop
document: {title: T}
bodies:
  - {id: a, name: A}
  - {id: b, name: B}
  - {id: c, name: C}
procedures:
  - id: disputes
    name: Disputes
    applies_to: [a, b, c]
    source: "1"
    steps: [{action: Talk, source: "1"}]
    routes:
      - {from: a, to: b, source: "1"}
      - {from: b, to: a, source: "1"}
    final_arbiter: c
    final_arbiter_source: "1"
"""


def test_cycles_and_dead_ends_are_found_and_escalate_terminates(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text(LOOP, encoding="utf-8")
    trust = load_trust(path)
    issues = escalation_issues(trust)
    assert {i.kind for i in issues} == {"cycle", "no-arbiter"}
    assert [b for b, _ in escalation_path(trust, "disputes", "a")] == ["a", "b"]
    a = govrules.escalate(trust, "a")
    assert any("no route" in r.text for r in a.explanation)
    findings = govrules.validate(path).findings
    assert {f.code for f in findings} >= {"GR105", "GR106"}


@pytest.mark.parametrize("first", ["a", "b"])
def test_a_loop_is_reported_from_its_first_body_in_the_file(tmp_path: Path, first: str) -> None:
    # The same file gives the same finding in every process, whatever the hash seed.
    import os
    import subprocess
    import sys

    other = "b" if first == "a" else "a"
    text = LOOP.replace(
        '      - {from: a, to: b, source: "1"}\n      - {from: b, to: a, source: "1"}\n',
        f'      - {{from: {first}, to: {other}, source: "1"}}\n'
        f'      - {{from: {other}, to: {first}, source: "1"}}\n',
    )
    path = tmp_path / "loop.yaml"
    path.write_text(text, encoding="utf-8")
    (loop,) = [i for i in escalation_issues(load_trust(path)) if i.kind == "cycle"]
    assert loop.bodies[0] == first
    outputs = {
        subprocess.run(
            [sys.executable, "-m", "govrules", "validate", str(path)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=120,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_loops_and_the_bodies_reaching_an_arbiter_are_networkx_own() -> None:
    # Routes that do not loop are told so, and walked, without networkx (its import was half
    # of `validate`'s start-up): on random graphs, with routes to themselves and several loops
    # through a body, the same loops (each from its first body) and the same bodies reaching
    # each one as networkx finds.
    import random

    import networkx as nx

    from govrules.evaluating.graph import _cycles, _reaching

    def rotated(cycles: list[list[str]], order: dict[str, int]) -> list[tuple[str, ...]]:
        out = []
        for c in cycles:
            first = min(range(len(c)), key=lambda i: order[c[i]])
            out.append(tuple(c[first:] + c[:first]))
        return sorted(out, key=lambda c: [order[n] for n in c])

    rng = random.Random(15)
    for _ in range(1500):
        names = [f"b{rng.randint(0, 20)}" for _ in range(rng.randint(1, 8))]
        routes: dict[str, dict[str, None]] = {}
        graph: nx.DiGraph[str] = nx.DiGraph()
        for _ in range(rng.randint(0, 30)):
            u, v = rng.choice(names), rng.choice(names)
            routes.setdefault(u, {})[v] = None
            routes.setdefault(v, {})
            graph.add_edge(u, v)
        order = {node: i for i, node in enumerate(routes)}
        found = rotated(list(_cycles(routes)), order)
        assert found == rotated(list(nx.simple_cycles(graph)), order)
        for node in routes:
            assert _reaching(routes, node) == nx.ancestors(graph, node) | {node}


def _decision(*finals: int) -> govrules.Trust:
    """A procedure of the Board: it decides, votes again, and the clerk gives notice; the
    steps numbered in ``finals`` are marked final."""
    vote = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "5.2"}
    steps: list[dict[str, object]] = [
        {"action": "The Board decides.", "body": "board", "source": "5.1"},
        {"action": "The Board votes on it.", "body": "board", "vote": vote, "source": "5.2"},
        {"action": "The clerk tells the partners.", "actor": "clerk", "source": "5.3"},
    ]
    for n in finals:
        steps[n - 1]["final"] = True
    board = {"id": "board", "name": "Board", "seats": [{"id": "m", "title": "Member"}]}
    procedure = {"id": "decision", "name": "Decision", "applies_to": ["board"], "source": "5",
                 "steps": steps, "final_arbiter": "board"}  # fmt: skip
    return trust_of(board, procedures=(procedure,))


def test_steps_after_a_final_one_are_not_told_as_further_decisions_unremarked() -> None:
    # Listed in order, the vote after a final step would read as a further stage deciding the
    # matter; the answer says the steps do not settle which decision stands, at the final step,
    # and so which is the last word is not settled.
    a = govrules.escalate(_decision(1), "board")
    assert a.answer == "unspecified"
    assert [s.final for s in a.steps] == [True, False, False]
    (said,) = [r for r in a.explanation if "marked final" in r.text]
    assert said.text == (
        "Step 1 is marked final, yet step 2 follows it as a further stage, not as an act on the "
        "decision (a notice, a record): the steps do not settle which decision stands (run "
        "`govrules validate`: GR112)."
    )
    assert said.source is not None and said.source.clause == "5.1"
    # Two steps marked final: the later one is the further decision too.
    both = govrules.escalate(_decision(1, 3), "board")
    (said,) = [r for r in both.explanation if "marked final" in r.text]
    assert said.text.startswith("Step 1 is marked final, yet steps 2 and 3 follow it as a ")


@pytest.mark.parametrize("finals", [(2,), ()], ids=["notice-after-final", "none-final"])
def test_a_notice_after_the_final_decision_is_not_remarked(finals: tuple[int, ...]) -> None:
    a = govrules.escalate(_decision(*finals), "board")
    assert not [r for r in a.explanation if "marked final" in r.text]
    assert a.answer == "determined"


def _referred(*finals: int) -> govrules.Trust:
    """A procedure of the Group and the Board: the parties talk, the meeting votes, and the
    Group refers the matter to the Board, the final arbiter; the steps numbered in ``finals``
    are marked final."""
    vote = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "source": "6.2"}
    steps: list[dict[str, object]] = [
        {"action": "The parties talk.", "source": "6.1"},
        {"action": "The meeting votes.", "vote": vote, "source": "6.2"},
    ]
    for n in finals:
        steps[n - 1]["final"] = True
    seats = [{"id": "m", "title": "Member"}]
    board = {"id": "board", "name": "Board", "seats": seats}
    group = {"id": "group", "name": "Group", "seats": seats}
    procedure = {"id": "referral", "name": "Referral", "applies_to": ["group", "board"],
                 "source": "6", "steps": steps, "final_arbiter": "board",
                 "routes": [{"from": "group", "to": "board", "source": "6.3"}]}  # fmt: skip
    return trust_of(board, group, procedures=(procedure,))


def test_a_referral_after_a_final_step_is_told_as_a_further_decision() -> None:
    # The Group's vote is marked final, yet the route refers the matter to the Board to
    # decide again: the answer says the steps and routes do not settle which decision stands.
    a = govrules.escalate(_referred(2), "group")
    assert a.answer == "unspecified"
    assert [(s.step, s.final) for s in a.steps] == [(1, False), (2, True), (3, True)]
    (said,) = [r for r in a.explanation if "marked final" in r.text]
    assert said.text == (
        "Step 2 is marked final, yet the referral at step 3 follows it as a further stage: the "
        "steps and routes do not settle which decision stands (run `govrules validate`: GR112)."
    )
    assert said.source is not None and said.source.clause == "6.2"
    # A step that decides after the final one, and the referral after both.
    both = govrules.escalate(_referred(1), "group")
    (said,) = [r for r in both.explanation if "marked final" in r.text]
    assert said.text.startswith(
        "Step 1 is marked final, yet step 2 and the referral at step 3 follow it as a further "
        "stage, not as an act on the decision (a notice, a record): the steps and routes do not "
    )


@pytest.mark.parametrize(
    ("finals", "body"), [((2,), "board"), ((), "group")], ids=["at-the-arbiter", "none-final"]
)
def test_no_referral_after_the_final_step_is_not_remarked(
    finals: tuple[int, ...], body: str
) -> None:
    # A matter arising in the Board, the final arbiter, goes no further than its steps.
    a = govrules.escalate(_referred(*finals), body)
    assert not [r for r in a.explanation if "marked final" in r.text]
    assert a.answer == "determined"
