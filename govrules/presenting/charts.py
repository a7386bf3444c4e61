"""Charts of a trust: its structure and its escalation routes, as Mermaid or Graphviz DOT.

Both formats are written from one small chart model (nodes, clusters, edges), so the two
always say the same thing. Output is deterministic: nodes and edges are sorted by id.

- ``structure``: every body, labelled with its name and chair; external bodies apart in a
  dashed "Outside the trust" group; the accountable-to, reports-to and delegates-to lines.
  The body a line goes *to* is drawn above the body it comes from, as in an organisation
  chart; in DOT the arrowhead points at it.
- ``escalation``: for each procedure, the route from each body it is used in to its final
  arbiter (highlighted), or to a "no final arbiter named" mark where the document names none.

What a trust holds is shown, never obeyed: every label is made one line with its control and
bidi characters escaped, and cut to ``LABEL_LIMIT`` characters (the report and ``show`` keep
the full text); Mermaid's ``%`` is written as an entity, so no name can be read as a directive
(``%%{init: ...}%%``) or a comment. Node ids the chart makes itself are upper case, which no
trust id can be, so a body called ``outside`` or ``no-arbiter`` is drawn like any other.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from ..evaluating.graph import escalation_route
from ..language.phrasebook import LINK, STATUS, among_words, node_name
from ..language.schema import Body, Office, Procedure, Source, Status, Trust
from ..language.scope import bodies_using
from ..reading.errors import GovrulesError
from ..reading.safetext import one_line, shortened

__all__ = [
    "FORMATS",
    "GRAPHVIZ_MISSING",
    "LABEL_LIMIT",
    "VIEWS",
    "chair_label",
    "chart",
    "graphviz_available",
    "procedure_starts",
    "render_svg",
]

Format = Literal["mermaid", "dot"]
View = Literal["structure", "escalation"]
FORMATS: tuple[str, ...] = ("mermaid", "dot")
VIEWS: tuple[str, ...] = ("structure", "escalation")
GRAPHVIZ_MISSING = (
    "Graphviz is not installed: install it (Debian/Ubuntu: apt-get install graphviz) "
    "or use --format mermaid|dot"
)

LABEL_LIMIT = 120
"""Characters in one text of a chart (a name, a chair, a line's label) before it is cut."""

NodeStyle = Literal["body", "external", "arbiter", "gap"]
EdgeStyle = Literal["line", "delegation", "route", "gap"]


@dataclass(frozen=True)
class Node:
    id: str
    lines: tuple[str, ...]
    style: NodeStyle = "body"


@dataclass(frozen=True)
class Edge:
    upper: str
    """The node drawn above: the body a line goes to, or the step a route comes from."""
    lower: str
    label: str
    style: EdgeStyle
    arrow_up: bool = False
    """The arrowhead points at the upper node (a line up to the body answered to)."""


@dataclass(frozen=True)
class Cluster:
    id: str
    label: str
    nodes: tuple[Node, ...]
    dashed: bool = False
    columns: int | None = None
    """Lay the nodes out in rows of this many (DOT), to keep a wide group narrow."""


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    nodes: tuple[Node, ...]
    clusters: tuple[Cluster, ...]
    edges: tuple[Edge, ...]


# --- words ---------------------------------------------------------------------------------


def _who(trust: Trust, by: str) -> str:
    body = trust.body(by)
    if body is not None:
        return f"by the {body.name}"
    if by == "membership":
        return "by the membership"
    # "locally": an adverb, not a chooser
    return by if " " not in by and by.endswith("ly") else f"by {by}"


def chair_label(trust: Trust, body: Body) -> str:
    """Who chairs ``body``, in a few words: a seat's title, how the chair is chosen, or a gap."""
    office: Office | None = body.chair
    if office is None or office.status is Status.UNSPECIFIED:
        return "chair not stated"
    if office.status in (Status.TO_BE_DEVELOPED, Status.PLACEHOLDER, Status.NOT_ENCODED):
        return f"chair: {STATUS[office.status].value}"
    if office.seat is not None:
        seat = body.seat(office.seat)
        title = seat.title if seat is not None else office.seat
        text = re.sub(r"\s*\(chair\)\s*$", "", title, flags=re.IGNORECASE)
    elif office.selection is not None:
        text = office.selection + (f" {_who(trust, office.by)}" if office.by else "")
    elif isinstance(office.from_among, str):
        text = f"one of {office.from_among}"
    elif office.from_among is not None:
        text = among_words(trust, office.from_among)
    else:
        text = "not stated"
    if office.status is Status.AMBIGUOUS:
        text += " (ambiguous)"
    return f"Chair: {text}"


def _cited(words: str, source: Source | None) -> str:
    return f"{words} [{source.clause}]" if source is not None else words


def _wrap(text: str, width: int = 30) -> tuple[str, ...]:
    return tuple(textwrap.wrap(" ".join(text.split()), width)) or ("",)


def _body_node(trust: Trust, body: Body) -> Node:
    name = body.name + (f" ({body.instances} bodies)" if body.instances > 1 else "")
    return Node(body.id, (name, chair_label(trust, body)))


# --- the two views -------------------------------------------------------------------------


def _structure(trust: Trust) -> Chart:
    nodes = tuple(_body_node(trust, b) for b in sorted(trust.bodies, key=lambda b: b.id))
    outside = tuple(
        Node(e.id, (e.name,), "external") for e in sorted(trust.external_bodies, key=lambda e: e.id)
    )
    clusters = (
        (Cluster("OUTSIDE", "Outside the trust", outside, dashed=True, columns=3),)
        if outside
        else ()
    )
    edges: list[Edge] = []
    for body in trust.bodies:
        for field, words in LINK.items():
            for link in getattr(body, field):
                label = _cited(words.label, link.source)
                if field == "delegates_to":  # drawn down, to the body delegated to
                    edges.append(Edge(body.id, link.to, label, "delegation"))
                else:
                    edges.append(Edge(link.to, body.id, label, "line", True))
    return Chart(
        f"{trust.name}: structure",
        "Each line runs up to the body answered to; arrows show delegation. "
        "External bodies are grouped apart, outside the trust.",
        nodes,
        clusters,
        tuple(sorted(set(edges), key=lambda e: (e.upper, e.lower, e.label))),
    )


def procedure_starts(trust: Trust, proc: Procedure) -> list[str]:
    """The bodies a procedure is used in (every body when it names none), and its routes' starts."""
    return sorted(bodies_using(trust, proc))


def _procedure_cluster(trust: Trust, n: int, proc: Procedure) -> tuple[Cluster, list[Edge]]:
    prefix = f"p{n}"
    nodes: dict[str, Node] = {}
    edges: set[Edge] = set()
    arbiter = proc.final_arbiter

    def node(body_id: str) -> str:
        key = f"{prefix}/{body_id}"
        if body_id == arbiter:
            lines = (node_name(trust, body_id), "FINAL ARBITER")
            nodes[key] = Node(key, lines, "arbiter")
        else:
            nodes[key] = Node(key, (node_name(trust, body_id),))
        return key

    gap_id = f"{prefix}/NO-ARBITER"
    for start in procedure_starts(trust, proc):
        path = escalation_route(trust, proc.id, start)
        ids = [node(b) for b, _ in path]
        for (_, source), upper, lower in zip(path[1:], ids, ids[1:], strict=False):
            edges.add(Edge(upper, lower, _cited("refers to", source), "route"))
        end = path[-1][0]
        if arbiter is None:
            nodes[gap_id] = Node(gap_id, ("No final arbiter named",), "gap")
            edges.add(Edge(ids[-1], gap_id, "and then: not stated", "gap"))
        elif end != arbiter:
            missing = f"{prefix}/NO-ROUTE-{end}"
            text = f"No route to {node_name(trust, arbiter)} stated"
            nodes[missing] = Node(missing, (text,), "gap")
            edges.add(Edge(ids[-1], missing, "and then: not stated", "gap"))
    label = proc.name + ("" if proc.settled else f" ({STATUS[proc.status].value})")
    cluster = Cluster(prefix, label, tuple(sorted(nodes.values(), key=lambda x: x.id)))
    return cluster, sorted(edges, key=lambda e: (e.upper, e.lower, e.label))


def _escalation(trust: Trust) -> Chart:
    clusters: list[Cluster] = []
    edges: list[Edge] = []
    for n, proc in enumerate(sorted(trust.procedures, key=lambda p: p.id), 1):
        cluster, found = _procedure_cluster(trust, n, proc)
        clusters.append(cluster)
        edges.extend(found)
    nodes: tuple[Node, ...] = ()
    if not clusters:
        nodes = (Node("NONE", ("The document names no dispute or conflict procedure",), "gap"),)
    about = "For each procedure, the route from each body it is used in to its final arbiter."
    return Chart(f"{trust.name}: escalation", about, nodes, tuple(clusters), tuple(edges))


def _text(text: str) -> str:
    return one_line(shortened(" ".join(text.split()), LABEL_LIMIT))


def _safe(chart: Chart) -> Chart:
    """The chart with every text one line, escaped and cut (ids are ids: kebab-case or ours)."""

    def node(n: Node) -> Node:
        return replace(n, lines=tuple(_text(line) for line in n.lines))

    return replace(
        chart,
        title=_text(chart.title),
        description=_text(chart.description),
        nodes=tuple(node(n) for n in chart.nodes),
        clusters=tuple(
            replace(c, label=_text(c.label), nodes=tuple(node(n) for n in c.nodes))
            for c in chart.clusters
        ),
        edges=tuple(replace(e, label=_text(e.label)) for e in chart.edges),
    )


# --- Mermaid -------------------------------------------------------------------------------

_MERMAID_ENTITIES = {
    "#": "#35;",
    "\\": "#92;",
    "&": "#38;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
    "%": "#37;",  # `%%{init: ...}%%` would be a directive, `%%` a comment
}


def _mermaid_text(text: str) -> str:
    text = " ".join(text.split())
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in text)


def _mermaid_ids(ids: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    used: set[str] = set()
    for raw in sorted(set(ids)):
        base = "n_" + re.sub(r"[^A-Za-z0-9]", "_", raw)
        sid, k = base, 2
        while sid in used:
            sid, k = f"{base}_{k}", k + 1
        used.add(sid)
        out[raw] = sid
    return out


_MERMAID_CLASSES = (
    "  classDef body fill:#f4f6fb,stroke:#1f3a5f,color:#111111",
    "  classDef external fill:#ffffff,stroke:#555555,stroke-dasharray:5 4,color:#111111",
    "  classDef arbiter fill:#fff6d5,stroke:#111111,stroke-width:4px,color:#111111",
    "  classDef gap fill:#ffffff,stroke:#8a4b00,stroke-dasharray:3 3,color:#111111",
)

_MERMAID_ARROWS: dict[EdgeStyle, str] = {
    "line": "---",
    "delegation": "-->",
    "route": "-->",
    "gap": "-.->",
}


def _mermaid(chart: Chart) -> str:
    every = [*chart.nodes, *(n for c in chart.clusters for n in c.nodes)]
    ids = _mermaid_ids([n.id for n in every] + [c.id for c in chart.clusters])
    out = [
        "flowchart TB",
        f"  accTitle: {_mermaid_text(chart.title)}",
        f"  accDescr: {_mermaid_text(chart.description)}",
    ]

    def node(n: Node, indent: str) -> str:
        label = "<br/>".join(_mermaid_text(line) for line in n.lines)
        return f'{indent}{ids[n.id]}["{label}"]:::{n.style}'

    out.extend(node(n, "  ") for n in chart.nodes)
    for cluster in chart.clusters:
        out.append(f'  subgraph {ids[cluster.id]}["{_mermaid_text(cluster.label)}"]')
        out.append("    direction TB")
        out.extend(node(n, "    ") for n in cluster.nodes)
        out.append("  end")
        if cluster.dashed:
            out.append(
                f"  style {ids[cluster.id]} fill:#ffffff,stroke:#555555,stroke-dasharray:6 4"
            )
    for e in chart.edges:
        label = ("↑ " if e.arrow_up else "") + e.label
        arrow = _MERMAID_ARROWS[e.style]
        out.append(f'  {ids[e.upper]} {arrow}|"{_mermaid_text(label)}"| {ids[e.lower]}')
    out.extend(_MERMAID_CLASSES)
    return "\n".join(out) + "\n"


# --- DOT -----------------------------------------------------------------------------------


def _dot_text(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def _dot_label(lines: Iterable[str], width: int = 22) -> str:
    wrapped = (part for line in lines for part in _wrap(line, width))
    return '"' + "\\n".join(_dot_text(part) for part in wrapped) + '"'


_DOT_NODE: dict[NodeStyle, str] = {
    "body": 'style="rounded,filled", fillcolor="#f4f6fb", color="#1f3a5f"',
    "external": 'style="rounded,dashed", color="#555555"',
    "arbiter": 'style="rounded,filled,bold", fillcolor="#fff6d5", penwidth=3, peripheries=2',
    "gap": 'shape=note, style="dashed", color="#8a4b00"',
}
_DOT_EDGE: dict[EdgeStyle, str] = {
    "line": 'color="#1f3a5f"',
    "delegation": 'style="dashed", color="#1f3a5f"',
    "route": 'penwidth=2, color="#111111"',
    "gap": 'style="dotted", color="#8a4b00"',
}


def _dot_id(raw: str) -> str:
    return '"' + _dot_text(raw) + '"'


def _dot(chart: Chart) -> str:
    out = [
        f"digraph {_dot_id(chart.title)} {{",
        f"  graph [rankdir=TB, labelloc=t, fontsize=16, label={_dot_label([chart.title], 80)},"
        ' fontname="Helvetica,Arial,sans-serif", nodesep=0.25, ranksep=0.5];',
        '  node [shape=box, fontname="Helvetica,Arial,sans-serif", fontsize=11,'
        ' fontcolor="#111111"];',
        '  edge [fontname="Helvetica,Arial,sans-serif", fontsize=9, fontcolor="#111111"];',
    ]

    def node(n: Node, indent: str) -> str:
        html_id = "node-" + re.sub(r"[^A-Za-z0-9-]", "-", n.id)
        return (
            f"{indent}{_dot_id(n.id)} [label={_dot_label(n.lines)}, id={_dot_id(html_id)},"
            f" {_DOT_NODE[n.style]}];"
        )

    out.extend(node(n, "  ") for n in chart.nodes)
    for cluster in chart.clusters:
        style = 'style="dashed,rounded"; color="#555555"' if cluster.dashed else 'color="#999999"'
        out.append(f"  subgraph {_dot_id('cluster_' + cluster.id)} {{")
        out.append(f"    label={_dot_label([cluster.label], 60)}; {style};")
        out.extend(node(n, "    ") for n in cluster.nodes)
        if cluster.columns:
            ids = [_dot_id(n.id) for n in cluster.nodes]
            out.extend(
                f"    {a} -> {b} [style=invis];"
                for a, b in zip(ids, ids[cluster.columns :], strict=False)
            )
        out.append("  }")
    for e in chart.edges:
        back = ", dir=back" if e.arrow_up else ""
        out.append(
            f"  {_dot_id(e.upper)} -> {_dot_id(e.lower)} [label={_dot_label([e.label], 24)}"
            f", {_DOT_EDGE[e.style]}{back}];"
        )
    out.append("}")
    return "\n".join(out) + "\n"


# --- public --------------------------------------------------------------------------------


def chart(trust: Trust, fmt: str = "mermaid", view: str = "structure") -> str:
    """The ``view`` (``structure`` or ``escalation``) of ``trust`` as Mermaid or DOT text.

    :raises GovrulesError: an unknown format or view.
    """
    if fmt not in FORMATS:
        raise GovrulesError(f"unknown chart format `{fmt}` (formats: {', '.join(FORMATS)})")
    if view not in VIEWS:
        raise GovrulesError(f"unknown chart view `{view}` (views: {', '.join(VIEWS)})")
    model = _safe(_structure(trust) if view == "structure" else _escalation(trust))
    return _mermaid(model) if fmt == "mermaid" else _dot(model)


def graphviz_available() -> bool:
    """Whether Graphviz's ``dot`` is on the PATH."""
    return shutil.which("dot") is not None


def render_svg(dot_text: str, timeout: float = 30.0, source: str | None = None) -> str:
    """Lay out DOT text with Graphviz (``dot -Tsvg``) and return the SVG document.

    ``source``, the trust file the chart is of, is named in an error (one line).

    :raises GovrulesError: Graphviz is not installed, failed, or took longer than ``timeout``.
    """
    try:
        return _graphviz(dot_text, timeout)
    except GovrulesError as exc:
        if source is None:
            raise
        raise GovrulesError(f"{source}: {exc}") from exc


def _graphviz(dot_text: str, timeout: float) -> str:
    exe = shutil.which("dot")
    if exe is None:
        raise GovrulesError(GRAPHVIZ_MISSING)
    try:
        done = subprocess.run(
            [exe, "-Tsvg"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise GovrulesError(f"Graphviz took longer than {timeout:g} s to draw the chart") from exc
    except OSError as exc:
        raise GovrulesError(f"Graphviz could not be run: {exc.strerror or exc}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        first = one_line(detail[0]) if detail else f"exit status {done.returncode}"
        raise GovrulesError(f"Graphviz could not draw the chart: {first}")
    return done.stdout.decode("utf-8")
