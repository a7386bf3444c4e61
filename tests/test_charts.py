"""Structure and escalation charts (Mermaid and DOT), and drawing them with Graphviz."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import govrules
from govrules.language.schema import Trust
from govrules.presenting.charts import GRAPHVIZ_MISSING, chart, graphviz_available, render_svg
from govrules.reading.errors import GovrulesError

SVG = "{http://www.w3.org/2000/svg}"


def _mermaid_nodes(text: str) -> dict[str, str]:
    """Mermaid node id → label, for every node line."""
    return dict(re.findall(r'^\s+(\w+)\["(.*)"\]:::\w+$', text, re.M))


def _mermaid_block(text: str, label: str) -> str:
    start = text.index(f'["{label}"]\n')
    return text[start : text.index("\n  end\n", start)]


def _dot_cluster(text: str, name: str) -> str:
    start = text.index(f'subgraph "{name}" {{')
    return text[start : text.index("\n  }\n", start)]


def _dot_labels(text: str) -> dict[str, str]:
    """DOT node name → its label, with the wrapping line breaks read as spaces."""
    found = re.findall(r'^\s+"([^"]+)" \[label="((?:[^"\\]|\\.)*)"', text, re.M)
    return {name: re.sub(r"(?<!\\)\\n", " ", label) for name, label in found}


def _svg_nodes(svg: str) -> dict[str, str]:
    """Graphviz SVG: node id → the node's text, joined."""
    root = ET.fromstring(svg)
    out = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "node":
            out[g.get("id", "")] = " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
    return out


# --- structure -----------------------------------------------------------------------------


def test_mermaid_structure_of_suffolk_has_every_body_and_the_external_bodies_apart(
    suffolk: Trust,
) -> None:
    text = chart(suffolk, "mermaid", "structure")
    assert text.splitlines()[0] == "flowchart TB"
    nodes = _mermaid_nodes(text)
    outside = _mermaid_block(text, "Outside the trust")
    for body in suffolk.bodies:
        node = "n_" + body.id.replace("-", "_")
        assert nodes[node].startswith(body.name.replace("&", "#38;"))
        assert node + "[" not in outside
    for ext in suffolk.external_bodies:
        node = "n_" + ext.id.replace("-", "_")
        assert f'{node}["{nodes[node]}"]:::external' in outside
    # the group is drawn dashed, and so are its members
    assert re.search(r"^  style n_OUTSIDE .*stroke-dasharray", text, re.M)
    assert text.count(":::external") == len(suffolk.external_bodies)


def test_mermaid_structure_labels_each_body_with_its_chair(suffolk: Trust) -> None:
    nodes = _mermaid_nodes(chart(suffolk, "mermaid"))
    # 5.4: the Portfolio Holder chairs the Board (the seat's "(Chair)" is not repeated)
    assert nodes["n_strategic_board"].endswith(
        "Chair: Suffolk County Council's Portfolio Holder for Children, Schools and Young "
        "People's Services"
    )
    assert nodes["n_ccsg"].endswith("Chair: elected by the CCSG")
    assert nodes["n_joint_commissioning_unit"].endswith("chair not stated")


def test_mermaid_structure_draws_each_line_with_its_label_and_clause(suffolk: Trust) -> None:
    text = chart(suffolk, "mermaid")
    # 5.6: the Board is accountable to the LAA Scrutiny Panel; drawn below it
    assert '  n_laa_scrutiny_panel ---|"↑ accountable to [5.6]"| n_strategic_board' in text
    # 16.1: the Board delegates to the Executive Group
    assert '  n_strategic_board -->|"delegates to [16.1]"| n_executive_group' in text
    assert '  n_executive_group ---|"↑ reports to [Appendix A 3.2.3]"| n_wdag' in text


def test_dot_structure_of_suffolk_has_every_body_and_the_external_bodies_apart(
    suffolk: Trust,
) -> None:
    text = chart(suffolk, "dot", "structure")
    assert text.startswith('digraph "Suffolk Children\'s Trust: structure" {')
    outside = _dot_cluster(text, "cluster_OUTSIDE")
    assert 'label="Outside the trust"; style="dashed,rounded"' in outside
    for body in suffolk.bodies:
        assert f'\n  "{body.id}" [label="' in text
        assert f'"{body.id}" [' not in outside
    for ext in suffolk.external_bodies:
        assert f'\n    "{ext.id}" [label="' in outside
    assert (
        '"laa-scrutiny-panel" -> "strategic-board" [label="accountable to [5.6]", '
        'color="#1f3a5f", dir=back];'
    ) in text


def test_charts_are_deterministic_whatever_the_order_of_the_file(suffolk: Trust) -> None:
    shuffled = suffolk.model_copy(
        update={
            "bodies": tuple(reversed(suffolk.bodies)),
            "external_bodies": tuple(reversed(suffolk.external_bodies)),
        }
    )
    for fmt in ("mermaid", "dot"):
        for view in ("structure", "escalation"):
            assert chart(suffolk, fmt, view) == chart(shuffled, fmt, view)


NASTY = {
    "id": "nasty",
    "name": 'The "Quoted" <b>Trust</b> & #1; `end` [x] {y} |z|',
    "document": {"title": "d"},
    "bodies": [
        {
            "id": "end",
            "name": 'end "<script>" & co',
            "chair": {"seat": "s"},
            "seats": [{"id": "s", "title": "Chair \\n back\\slash # ; | ] (Chair)"}],
            "accountable_to": [{"to": "graph", "source": {"clause": '1 "q" <2>'}}],
        },
        {"id": "graph", "name": "subgraph end style class"},
    ],
    "external_bodies": [{"id": "subgraph", "name": 'class "x" <y>'}],
    "procedures": [
        {
            "id": "p",
            "name": "P <x>",
            "routes": [{"from": "end", "to": "graph"}],
            "final_arbiter": "graph",
        }
    ],
}


@pytest.mark.parametrize("view", ["structure", "escalation"])
def test_mermaid_ids_are_sanitized_and_labels_escaped(view: str) -> None:
    text = chart(Trust.model_validate(NASTY), "mermaid", view)
    for line in text.splitlines()[3:]:
        if line.strip().startswith(("classDef", "style", "direction", "end")):
            continue
        # every quoted label holds no raw quote, angle bracket, backtick or backslash
        for label in re.findall(r'"(.*?)"', line):
            assert not re.search(r'["<>`\\]', label.replace("<br/>", "")), line
        # ids are plain words, never a Mermaid keyword
        for ident in re.findall(r"(?:^|\s)(\w+)(?=\[|\s*-|\s*$)", line):
            assert ident.startswith("n_") or ident in ("subgraph", "end"), line
    assert "#quot;#lt;script#gt;#quot; #38; co" in text


def test_dot_labels_are_escaped() -> None:
    trust = Trust.model_validate(NASTY)
    text = chart(trust, "dot")
    labels = _dot_labels(text)
    assert labels["end"] == r"end \"<script>\" & co Chair: Chair \\n back\\slash # ; | ]"
    assert labels["subgraph"] == r"class \"x\" <y>"
    assert r'"graph" -> "end" [label="accountable to [1 \"q\"\n<2>]"' in text
    if graphviz_available():  # keywords as quoted ids, quotes and brackets: still valid DOT
        for view in ("structure", "escalation"):
            nodes = _svg_nodes(render_svg(chart(trust, "dot", view)))
            assert any('end "<script>" & co' in t for t in nodes.values())


# --- escalation ----------------------------------------------------------------------------


def test_escalation_of_rutland_ends_at_the_board() -> None:
    # Appendix A: "The Board is the final arbiter in conflict."
    rutland = govrules.load("rutland")
    text = chart(rutland, "mermaid", "escalation")
    nodes = _mermaid_nodes(text)
    assert nodes["n_p1_board"] == "Rutland Children's Trust Board<br/>FINAL ARBITER"
    assert '  n_p1_executive -->|"refers to [Appendix A]"| n_p1_board' in text
    assert not re.search(r"^  n_p1_board -", text, re.M)  # nothing after the arbiter
    dot = chart(rutland, "dot", "escalation")
    assert _dot_labels(dot)["p1/board"] == "Rutland Children's Trust Board FINAL ARBITER"
    assert re.search(r'^    "p1/board" .*peripheries=2', dot, re.M)
    assert '"p1/executive" -> "p1/board"' in dot
    assert '"p1/board" ->' not in dot


def test_escalation_of_durham_ends_at_the_executive_board() -> None:
    # 9.4: a Local Children's Board refers an unresolved conflict to the Executive Board
    durham = govrules.load("durham")
    text = chart(durham, "mermaid", "escalation")
    assert _mermaid_nodes(text)["n_p1_executive_board"].endswith("FINAL ARBITER")
    assert "n_p1_local_childrens_board -->|" in text
    assert "| n_p1_executive_board" in text
    assert not re.search(r"^  n_p1_executive_board -", text, re.M)


def test_escalation_shows_where_no_final_arbiter_is_named(suffolk: Trust) -> None:
    # Suffolk 12.5: in extreme cases others "may become involved"; no one decides
    text = chart(suffolk, "mermaid", "escalation")
    assert _mermaid_nodes(text)["n_p1_NO_ARBITER"] == "No final arbiter named"
    assert '  n_p1_strategic_board -.->|"and then: not stated"| n_p1_NO_ARBITER' in text
    assert "FINAL ARBITER" not in text


def test_unknown_format_or_view_is_a_clear_error(suffolk: Trust) -> None:
    with pytest.raises(GovrulesError, match=r"^unknown chart format `png` \(formats: mermaid"):
        chart(suffolk, "png")
    with pytest.raises(GovrulesError, match=r"^unknown chart view `tree`"):
        chart(suffolk, "dot", "tree")


# --- Graphviz ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", govrules.bundled_names())
def test_dot_renders_to_svg_with_graphviz(name: str) -> None:
    trust = govrules.load(name)
    dot = chart(trust, "dot", "structure")
    if not graphviz_available():
        with pytest.raises(GovrulesError) as err:
            render_svg(dot)
        assert str(err.value) == GRAPHVIZ_MISSING
        return
    nodes = _svg_nodes(render_svg(dot))
    for body in trust.bodies:
        assert nodes[f"node-{body.id}"].startswith(body.name[:10])
    for ext in trust.external_bodies:
        assert f"node-{ext.id}" in nodes
    escalation = _svg_nodes(render_svg(chart(trust, "dot", "escalation")))
    assert escalation


def test_render_svg_without_graphviz_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GovrulesError) as err:
        render_svg("digraph { a -> b }")
    assert str(err.value) == (
        "Graphviz is not installed: install it (Debian/Ubuntu: apt-get install graphviz) "
        "or use --format mermaid|dot"
    )


def test_render_svg_reports_bad_dot_in_one_line() -> None:
    expected = "^Graphviz could not draw the chart: .+" if graphviz_available() else "^Graphviz is"
    with pytest.raises(GovrulesError, match=expected) as err:
        render_svg("digraph { a -> }")
    assert "\n" not in str(err.value)
