"""The governance graph: bodies and external bodies, joined by typed, cited edges.

Edge kinds: ``accountable-to``, ``reports-to``, ``delegates-to`` (from a body's lines) and
``escalates-to`` (a procedure's routes, and a referral to its final arbiter).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..language.schema import Source, Trust

__all__ = [
    "EscalationIssue",
    "answers_to",
    "build_graph",
    "escalation_issues",
    "escalation_path",
    "escalation_route",
]


def build_graph(trust: Trust) -> nx.MultiDiGraph[str]:
    """Every body and external body as a node; every line and route as an edge."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for body in trust.bodies:
        graph.add_node(body.id, kind="body", name=body.name)
    for ext in trust.external_bodies:
        graph.add_node(ext.id, kind="external", name=ext.name)
    for body in trust.bodies:
        for kind, links in (
            ("accountable-to", body.accountable_to),
            ("reports-to", body.reports_to),
            ("delegates-to", body.delegates_to),
        ):
            for link in links:
                graph.add_edge(body.id, link.to, key=kind, kind=kind, source=link.source)
    for proc in trust.procedures:
        for route in proc.routes:
            graph.add_edge(
                route.from_,
                route.to,
                key=f"escalates-to:{proc.id}",
                kind="escalates-to",
                procedure=proc.id,
                source=route.source,
            )
    return graph


def escalation_graph(trust: Trust, procedure_id: str) -> nx.DiGraph[str]:
    """The routes of one procedure as a simple directed graph."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    proc = trust.procedure(procedure_id)
    if proc is None:
        return graph
    for route in proc.routes:
        graph.add_edge(route.from_, route.to, source=route.source)
    return graph


def escalation_path(trust: Trust, procedure_id: str, start: str) -> list[tuple[str, Source | None]]:
    """The bodies a matter passes through from ``start`` by the procedure's routes.

    Each entry is (body, the source of the route into it); the first has no source. Stops at
    the final arbiter, at a body with no onward route, or before revisiting a body.
    """
    proc = trust.procedure(procedure_id)
    graph = escalation_graph(trust, procedure_id)
    path: list[tuple[str, Source | None]] = [(start, None)]
    seen = {start}
    node = start
    while proc is not None and node != proc.final_arbiter and graph.has_node(node):
        nxt = [n for n in graph.successors(node) if n not in seen]
        if not nxt:
            break
        node = sorted(nxt)[0]
        data: dict[str, Any] = graph.get_edge_data(path[-1][0], node) or {}
        path.append((node, data.get("source")))
        seen.add(node)
    return path


def escalation_route(
    trust: Trust, procedure_id: str, start: str
) -> list[tuple[str, Source | None]]:
    """The way a matter goes from ``start`` to the end, as charts and the report draw it.

    :func:`escalation_path`, and where no route leads on from ``start`` but the procedure's
    last step is held in the final arbiter, that step (with its clause): ``escalate`` reads
    the steps so, and a chart of the routes alone would show a way there as missing.
    """
    path = escalation_path(trust, procedure_id, start)
    proc = trust.procedure(procedure_id)
    if proc is None or len(path) > 1 or not proc.steps:
        return path
    last = proc.steps[-1]
    if proc.final_arbiter not in (None, start) and last.body == proc.final_arbiter:
        path.append((proc.final_arbiter, last.source))
    return path


def answers_to(trust: Trust, body_id: str) -> list[str]:
    """Every body ``body_id`` answers to, directly or through others (by its lines)."""
    graph = build_graph(trust)
    lines: nx.DiGraph[str] = nx.DiGraph()
    for u, v, data in graph.edges(data=True):
        if data["kind"] in ("accountable-to", "reports-to"):
            lines.add_edge(u, v)
    if body_id not in lines:
        return []
    return sorted(nx.descendants(lines, body_id))


@dataclass(frozen=True)
class EscalationIssue:
    procedure: str
    kind: str
    """``cycle`` (routes loop) or ``no-arbiter`` (a route ends short of the final arbiter)."""
    bodies: tuple[str, ...]


def escalation_issues(trust: Trust) -> list[EscalationIssue]:
    """Routes that loop, and route ends that never reach the named final arbiter."""
    issues: list[EscalationIssue] = []
    for proc in trust.procedures:
        graph = escalation_graph(trust, proc.id)
        # Each loop from its first body in the file, loops in that order: the same file
        # gives the same findings in every process (networkx starts a loop anywhere).
        order = {node: i for i, node in enumerate(graph.nodes)}
        loops = []
        for cycle in nx.simple_cycles(graph):
            start = min(range(len(cycle)), key=lambda i: order[cycle[i]])
            loops.append(tuple(cycle[start:] + cycle[:start]))
        for loop in sorted(loops, key=lambda c: [order[n] for n in c]):
            issues.append(EscalationIssue(proc.id, "cycle", loop))
        if proc.final_arbiter is None:
            continue
        graph.add_node(proc.final_arbiter)
        # One backward search instead of a path search per body keeps this linear.
        reach = nx.ancestors(graph, proc.final_arbiter) | {proc.final_arbiter}
        for node in sorted(graph.nodes, key=str):
            if node not in reach:
                issues.append(EscalationIssue(proc.id, "no-arbiter", (node,)))
    return issues
