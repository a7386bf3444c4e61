"""An HTML review report of one or more trusts: one self-contained page to open or email.

The page needs no network: the CSS is inline, and the structure chart is inlined SVG when
Graphviz is installed, else a plain HTML rendering of the same structure. Every statement
carries its clause; what the document leaves open is flagged in words, not by colour alone.

:func:`report_html` gathers what the page needs (validation findings, charts drawn by
Graphviz) and :func:`build_html` writes the page; ``build_html`` is a pure function of its
inputs, so the same inputs always give the same bytes.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..authoring.findings import Finding, validate
from ..authoring.sourcecheck import DocumentCoverage, check_sources, coverage
from ..evaluating.conditions import describe as describe_condition
from ..evaluating.graph import escalation_route
from ..evaluating.readings import gaps_with_readings, reading_list
from ..language.phrasebook import (
    CASTING_VOTE,
    GAP_KIND,
    LINK,
    SEAT_RIGHT,
    STATUS,
    TIE,
    describe_threshold,
    node_name,
    presence_words,
)
from ..language.schema import Body, Gap, Procedure, Rule, Source, Status, Step, Trust, Voting
from ..language.scope import bodies_using
from ..version import __version__
from .charts import chair_label, chart, graphviz_available, procedure_starts, render_svg
from .describe import show

__all__ = ["CSS", "ReportItem", "build_html", "prepare", "report_html", "trust_article"]


@dataclass(frozen=True)
class ReportItem:
    """Everything the page says about one trust."""

    name: str
    """The name the trust was given by (a bundled name or a path)."""
    trust: Trust
    findings: tuple[Finding, ...] = ()
    structure_svg: str | None = None
    """The structure chart drawn by Graphviz; ``None`` gives the plain HTML chart."""
    escalation_svg: str | None = None
    document: DocumentCoverage | None = None
    """The source document clause by clause, with what accounts for each clause."""


def prepare(
    items: Sequence[tuple[str, Trust]],
    *,
    svg: bool | None = None,
    timeout: float = 30.0,
    sources: Mapping[str, str | Path] | None = None,
) -> list[ReportItem]:
    """Validate each trust file and draw its charts; where a source document is given (in
    ``sources``, by the trust's name) or named by the trust (``document.file``), check the
    quotes against it and account for its clauses.

    ``svg``: ``None`` draws SVG charts when Graphviz is installed, ``True`` requires it,
    ``False`` never uses it.

    :raises GovrulesError: ``svg=True`` and Graphviz is missing or fails.
    :raises LoadError: a source document cannot be read.
    """
    draw = graphviz_available() if svg is None else svg
    out = []
    for name, trust in items:
        findings = validate(name).findings
        structure = escalation = None
        if draw:
            structure = render_svg(chart(trust, "dot", "structure"), timeout, source=name)
            if trust.procedures:
                escalation = render_svg(chart(trust, "dot", "escalation"), timeout, source=name)
        document = None
        given = (sources or {}).get(name)
        if given is not None or trust.document.file is not None:
            findings += check_sources(name, given).findings
            document = coverage(name, given)
        out.append(ReportItem(name, trust, findings, structure, escalation, document))
    return out


def report_html(
    items: Sequence[tuple[str, Trust]],
    *,
    svg: bool | None = None,
    timeout: float = 30.0,
    sources: Mapping[str, str | Path] | None = None,
) -> str:
    """The review page of the trusts, each given with the name (or path) it was loaded by;
    ``sources`` maps a name to its source document, shown clause by clause.

    :raises GovrulesError: ``svg=True`` and Graphviz is missing or fails.
    :raises LoadError: a source document cannot be read.
    """
    return build_html(prepare(items, svg=svg, timeout=timeout, sources=sources))


# --- small pieces --------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _words(text: str) -> str:
    """Escaped text, with `ids` in backticks set as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _e(text))


def _slug(*parts: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts)


_NOT_STATED = STATUS[Status.UNSPECIFIED].flag


def _flag(words: str | None, colon: str = ":") -> str:
    return f'<strong class="flag">{_e(words)}{colon}</strong> ' if words else ""


def _rule_flag(rule: Rule | None) -> str | None:
    if rule is None:
        return _NOT_STATED
    if not rule.settled:
        return STATUS[rule.status].flag
    return GAP_KIND["conflict"] if rule.conflicting else None


def _source(src: dict[str, Any] | None, document: str) -> str:
    """The clause column of a statement (``describe``'s citation dict)."""
    if not src:
        return '<span class="muted">none cited</span>'
    text = _e(src["clause"])
    if src.get("document") and src["document"] != document:
        text += f' <span class="muted">({_e(src["document"])})</span>'
    return text


def _quote(src: dict[str, Any] | None) -> str:
    if not src or not src.get("quote"):
        return ""
    return f'<p class="quote">The document: <q>{_e(src["quote"])}</q></p>'


def _cite(source: Source | None, trust: Trust) -> dict[str, Any] | None:
    if source is None:
        return None
    out = {"clause": source.clause, "document": source.document or trust.document.title}
    return out | ({"quote": source.quote} if source.quote else {})


def _row(label: str, stmt: dict[str, Any] | None, document: str, flag: str | None) -> str:
    text = _words(stmt["text"]) if stmt else "The document does not say."
    src = stmt.get("source") if stmt else None
    # Exceptions, and the rule for each kind of matter treated differently, under the rule.
    listed = [*(stmt or {}).get("exceptions", []), *(stmt or {}).get("by_matter", [])]
    extra = "".join(f"<li>{_words(x['text'])}</li>" for x in listed)
    extra = f'<ul class="exceptions">{extra}</ul>' if extra else ""
    cls = ' class="gap"' if flag else ""
    return (
        f'<tr{cls}><th scope="row">{_e(label)}</th>'
        f"<td>{_flag(flag)}{text}{extra}{_quote(src)}</td>"
        f"<td>{_source(src, document)}</td></tr>"
    )


def _table(caption: str, head: Iterable[str], rows: Iterable[str], cls: str = "") -> str:
    th = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    attr = f' class="{cls}"' if cls else ""
    return (
        f"<table{attr}><caption>{_e(caption)}</caption>"
        f"<thead><tr>{th}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


# --- charts --------------------------------------------------------------------------------


def _inline_svg(svg: str, prefix: str, label: str) -> str:
    """Graphviz's SVG document as an element of the page: no prolog or comments, ids unique."""
    start = svg.find("<svg")
    body = re.sub(r"<!--.*?-->\n?", "", svg[start:] if start >= 0 else svg, flags=re.S)
    body = re.sub(r'\bid="([^"]*)"', lambda m: f'id="{prefix}-{m.group(1)}"', body)
    end = body.find(">")
    # Graphviz sizes in points; HTML wants plain pixels (1pt = 4/3 px)
    head = re.sub(
        r'\b(width|height)="([0-9.]+)pt"',
        lambda m: f'{m.group(1)}="{round(float(m.group(2)) * 4 / 3)}"',
        body[:end],
    )
    head = head.replace("<svg", f'<svg class="chart" role="img" aria-label="{_e(label)}"', 1)
    return (head + body[end:]).strip()


def _lines_of(body: Body) -> list[tuple[str, str, Source | None]]:
    return sorted(
        (
            (words.label, link.to, link.source)
            for field, words in LINK.items()
            for link in getattr(body, field)
        ),
        key=lambda x: (x[0], x[1]),
    )


def _fallback_chart(trust: Trust) -> str:
    """The structure as nested boxes: each body under the body it answers to."""
    ids = {b.id for b in trust.bodies}
    parents: dict[str, list[str]] = {b.id: [] for b in trust.bodies}
    for b in trust.bodies:
        for link in (*b.accountable_to, *b.reports_to):
            if link.to in ids:
                parents[b.id].append(link.to)
        for link in b.delegates_to:
            if link.to in ids:
                parents[link.to].append(b.id)
    children: dict[str, list[str]] = {i: [] for i in ids}
    for child, ps in parents.items():
        if ps:
            children[min(ps)].append(child)
    placed: set[str] = set()

    def box(body_id: str) -> str:
        placed.add(body_id)
        body = trust.body(body_id)
        assert body is not None
        many = f" ({body.instances} bodies)" if body.instances > 1 else ""
        lines = "".join(
            f"<li>{_e(verb)} {_e(node_name(trust, to))}"
            + (f" [{_e(src.clause)}]" if src else "")
            + "</li>"
            for verb, to, src in _lines_of(body)
        )
        kids = [c for c in sorted(children[body_id]) if c not in placed]
        inner = "".join(f"<li>{box(c)}</li>" for c in kids if c not in placed)
        return (
            f'<div class="node" data-body="{_e(body_id)}"><strong>{_e(body.name)}{many}</strong>'
            f'<span class="chair">{_e(chair_label(trust, body))}</span>'
            + (f'<ul class="lines">{lines}</ul>' if lines else "")
            + "</div>"
            + (f'<ul class="tree">{inner}</ul>' if inner else "")
        )

    items = []
    for body_id in sorted(ids, key=lambda i: (bool(parents[i]), i)):
        if body_id not in placed:
            items.append(f"<li>{box(body_id)}</li>")
    outside = "".join(
        f'<li class="node external" data-body="{_e(x.id)}">{_e(x.name)}</li>'
        for x in sorted(trust.external_bodies, key=lambda x: x.id)
    )
    return (
        f'<div class="chart-fallback" role="group" aria-label="Structure of {_e(trust.name)}">'
        f'<div class="inside"><p class="group-label">Inside the trust</p>'
        f'<ul class="tree root">{"".join(items)}</ul></div>'
        + (
            f'<div class="outside"><p class="group-label">Outside the trust</p>'
            f'<ul class="externals">{outside}</ul></div>'
            if outside
            else ""
        )
        + "</div>"
    )


def _structure(item: ReportItem, key: str) -> str:
    trust = item.trust
    if item.structure_svg is not None:
        picture = _inline_svg(item.structure_svg, f"{key}-structure", f"{trust.name}: structure")
        how = (
            "Each line runs up to the body answered to (the arrowhead points at it); dashed "
            "arrows are delegation. External bodies are in the dashed box, outside the trust."
        )
    else:
        picture = _fallback_chart(trust)
        how = "Each body is listed under the body it answers to, with its lines and clauses."
    return (
        f'<section aria-labelledby="{key}-structure"><h3 id="{key}-structure">Structure</h3>'
        f"<figure>{picture}<figcaption>Structure of the {_e(trust.name)}. {how} "
        "The same lines are listed, with their clauses, under each body below.</figcaption>"
        "</figure></section>"
    )


# --- bodies --------------------------------------------------------------------------------


def _seats(body: dict[str, Any], rule: Voting | None) -> str:
    # With no settled voting rule no seat's vote is settled: said once, above the table.
    # Under a settled rule, a seat whose vote is not settled is a gap of its own.
    each = rule is not None and rule.settled
    rows = []
    for s in body["seats"]:
        places = f"up to {s['count']}" if s["up_to"] else str(s["count"])
        if not s.get("count_stated", True):
            places = "not stated"
        votes = _e(SEAT_RIGHT[s["voting"]].answer)
        if s.get("weight", 1) != 1 and s["voting"] is not False:
            votes += _e(f" ({s['weight']} votes each)")
        if s.get("readings_text"):
            # The encoded value is one reading: the table says so, with the others.
            cls, votes = ' class="gap"', _flag("Readings", "") + _words(s["readings_text"])
        elif s.get("votes_if"):
            cls, votes = "", _e(f"Votes if {s['votes_if']}")
        elif s["voting"] is None and each:
            cls, votes = ' class="gap"', _flag(SEAT_RIGHT[None].answer, "")
        else:
            cls = ""
        title = _e(s["title"])
        if s.get("classes"):
            # The classes rules pick members out by (a councillor, an officer member).
            title += f' <span class="classes">({_e(", ".join(s["classes"]))})</span>'
        rows.append(
            f"<tr{cls}><td><code>{_e(s['id'])}</code></td><td>{title}</td>"
            f'<td class="num">{_e(places)}</td><td>{votes}</td></tr>'
        )
    if not rows:
        note = body.get("membership_note") or ""
        rows.append(
            f'<tr class="gap"><td colspan="4">{_flag(_NOT_STATED)}The document lists no seats '
            f"for this body. {_words(note)}</td></tr>"
        )
    total = body["members_total"]
    places = f"{total} places" if total is not None else "number of places not stated"
    caption = f"Seats of the {body['name']} ({places})"
    table = _table(caption, ("Seat id", "Title", "Places", "Votes"), rows, "seats")
    if each or not body["seats"]:
        return table
    status = STATUS[rule.status if rule is not None else Status.UNSPECIFIED]
    return (
        f'<p class="gap">{_flag(status.flag)}The document '
        f"{status.of_rule.format(rule='voting rule')} for this body, "
        "so no seat's vote is settled (see Voting rule below).</p>" + table
    )


def _attendance(
    trust: Trust, body: Body, stmt: dict[str, Any]
) -> tuple[dict[str, Any], str | None]:
    rule = body.quorum
    src = stmt.get("source")
    if rule is None or not rule.settled:
        return {"text": "Not known: the quorum is not stated.", "source": src}, _NOT_STATED
    needed = stmt.get("required")
    if needed is not None:
        text = f"{needed} of the {body.members_total} places present"
        text += "".join(
            f", including {presence_words(p, trust)}"
            if i == 0
            else f" and {presence_words(p, trust)}"
            for i, p in enumerate(rule.must_include)
        )
        text += "."
    elif rule.of == "voting-seats":
        text = "A share of the voting places: it depends on who has a vote."
    else:
        text = "A share of the places currently filled: it depends on the vacancies."
    if needed is None and rule.must_include:
        text += (
            " It must include "
            + " and ".join(presence_words(p, trust) for p in rule.must_include)
            + "."
        )
    return {"text": text, "source": src}, None


def _casting(trust: Trust, rule: Voting | None) -> tuple[dict[str, Any], str | None]:
    if rule is None or not rule.settled:
        return {"text": "Not known: the voting rule is not settled.", "source": None}, _NOT_STATED
    words = CASTING_VOTE[rule.casting_vote].sentence
    tie = TIE[rule.tie].sentence
    if tie is not None:
        words += f" {tie}"
    flag = _NOT_STATED if rule.casting_vote == "unspecified" else None
    return {"text": words, "source": _cite(rule.casting_source or rule.source, trust)}, flag


Entry = tuple[str, dict[str, Any] | None, str | None]
"""A row of a body's rules: its label, the statement, and the flag marking it unsettled."""


def _line_rows(trust: Trust, body: Body) -> list[Entry]:
    rows: list[Entry] = []
    for field, words in LINK.items():
        verb = words.label[0].upper() + words.label[1:]
        for link in getattr(body, field):
            text = f"{verb} the {node_name(trust, link.to)}."
            text += f" {link.note}" if link.note else ""
            rows.append(("Line", {"text": text, "source": _cite(link.source, trust)}, None))
    if rows:
        return rows
    below = sorted(
        b.name
        for b in trust.bodies
        if any(link.to == body.id for link in (*b.accountable_to, *b.reports_to))
    )
    if below:
        text = "Answers to no other body in the document; answering to it: " + "; ".join(below)
        return [("Line", {"text": text + "."}, None)]
    text = "No line to or from another body is stated."
    return [("Line", {"text": text, "source": _cite(body.source, trust)}, _NOT_STATED)]


def _read_flag(rule: Rule | None, stmt: dict[str, Any] | None) -> str | None:
    """A rule's flag; a stated rule the text admits other readings of is flagged too."""
    return _rule_flag(rule) or ("Readings" if stmt and stmt.get("readings") else None)


def _body_rules(trust: Trust, body: Body, info: dict[str, Any]) -> list[Entry]:
    """The rows of a body's rules table, each with the flag that marks it unsettled."""
    rows: list[Entry] = [("Chair", info["chair"], _read_flag(body.chair, info["chair"]))]
    if body.vice_chair is not None:
        flag = _read_flag(body.vice_chair, info["vice_chair"])
        rows.append(("Vice-chair", info["vice_chair"], flag))
    rows.append(("Meets", info["meets"], _rule_flag(body.meets)))
    rows.append(("Quorum", info["quorum"], _read_flag(body.quorum, info["quorum"])))
    rows.append(("Attendance needed", *_attendance(trust, body, info["quorum"])))
    rows.append(("Voting rule", info["voting"], _read_flag(body.voting, info["voting"])))
    rows.append(("Casting vote", *_casting(trust, body.voting)))
    rows.append(("Substitutes", info["substitutes"], _rule_flag(body.substitutes)))
    return rows + _line_rows(trust, body)


def _unsettled_seats(info: dict[str, Any], rule: Voting | None) -> list[str]:
    """The seats whose vote the seats table flags as not settled (under a settled rule)."""
    if rule is None or not rule.settled:
        return []
    return [
        s["id"]
        for s in info["seats"]
        if (s["voting"] is None and not s.get("votes_if")) or s.get("readings_text")
    ]


def _open_rules(trust: Trust, info: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Every rule the page flags as unsettled, as (where, what, flag), in page order."""
    out: list[tuple[str, str, str]] = []
    for body, b_info in zip(trust.bodies, info["bodies"], strict=True):
        if not body.seats:
            out.append((body.name, "Seats", _NOT_STATED))
        out += [
            (body.name, f"Vote of seat `{seat}`", SEAT_RIGHT[None].answer)
            for seat in _unsettled_seats(b_info, body.voting)
        ]
        out += [
            (body.name, label, flag) for label, _, flag in _body_rules(trust, body, b_info) if flag
        ]
    for proc in trust.procedures:
        if not proc.settled:
            out.append((proc.name, "The procedure", STATUS[proc.status].flag))
        if not proc.steps:
            out.append((proc.name, "Steps", _NOT_STATED))
        for n, step in enumerate(proc.steps, 1):
            if step.vote is not None and not step.vote.settled:
                out.append((proc.name, f"Step {n}: voting rule", STATUS[step.vote.status].flag))
        if proc.final_arbiter is None:
            out.append((proc.name, "Final arbiter", _NOT_STATED))
        else:
            for start in procedure_starts(trust, proc):
                if escalation_route(trust, proc.id, start)[-1][0] != proc.final_arbiter:
                    route = f"Route from the {node_name(trust, start)}"
                    out.append((proc.name, route, _NOT_STATED))
    if not trust.procedures:
        out.append((trust.name, "Procedures", _NOT_STATED))
    return out


def _body(item: ReportItem, key: str, body: Body, info: dict[str, Any]) -> str:
    trust = item.trust
    doc = trust.document.title
    bkey = f"{key}-body-{_slug(body.id)}"
    rows = [_row(label, stmt, doc, flag) for label, stmt, flag in _body_rules(trust, body, info)]
    head = ("Rule", "What the document says", "Clause")
    rules = _table(f"Rules of the {body.name}", head, rows, "rules")
    gaps = [g for g in trust.gaps if g.subject and g.subject.split(".")[0] == body.id]
    open_items = "".join(
        f'<li class="gap">{_flag(GAP_KIND[g.kind])}{_words(g.note)} '
        f'<span class="muted">[{_e(g.source.clause)}]</span>{_readings(trust, g)}</li>'
        for g in gaps
    )
    about = "".join(
        f"<p>{_words(text)}</p>"
        for text in (
            f"{body.instances} bodies share this definition." if body.instances > 1 else "",
            body.purpose or "",
        )
        if text
    )
    return (
        f'<section class="body" aria-labelledby="{bkey}"><h4 id="{bkey}">{_e(body.name)} '
        f'<code class="id">{_e(body.id)}</code></h4>{about}{_seats(info, body.voting)}{rules}'
        + (
            f"<h5>What the document leaves open about the {_e(body.name)}</h5>"
            f'<ul class="gaps">{open_items}</ul>'
            if open_items
            else ""
        )
        + "</section>"
    )


# --- procedures ----------------------------------------------------------------------------


def _step_text(trust: Trust, step: Step) -> str:
    text = _words(step.action)
    vote = step.vote
    if vote is not None and vote.settled:
        text += f" A resolution needs {_e(describe_threshold(vote))}."
        if vote.condition is not None:
            text += f" A partner votes only if {_e(describe_condition(vote.condition))}."
        casting, _ = _casting(trust, vote)
        text += " " + _e(casting["text"])
    elif vote is not None:
        text += f" {_flag(STATUS[vote.status].flag)}The voting rule is not settled."
    if step.note:
        text += f'<p class="quote">Note: {_words(step.note)}</p>'
    return text


def _timing(trust: Trust, step: Step) -> str:
    from ..evaluating.timing import describe

    when = describe(trust, step)
    if not when:
        return '<span class="muted">No time stated</span>'
    return _e(when[0].upper() + when[1:] + ".")


def _where(trust: Trust, step: Step) -> str:
    if step.body:
        where = _e(node_name(trust, step.body))
    elif step.outside:
        where = "Outside the trust's bodies"
    else:
        where = "The body where the dispute arose"
    if step.actor and step.actor != step.body:
        who = node_name(trust, step.actor)
        where += f'<br><span class="muted">By: {_e(who)}</span>'
    return where


def _routes(trust: Trust, proc: Procedure) -> str:
    from ..evaluating.timing import describe as describe_timing
    from ..evaluating.timing import has_timing

    timed = {(r.from_, r.to): r for r in proc.routes if has_timing(r)}
    items = []
    for start in procedure_starts(trust, proc):
        path = escalation_route(trust, proc.id, start)
        hops = []
        previous: str | None = None
        for node, src in path:
            name = _e(node_name(trust, node))
            if node == proc.final_arbiter:
                name = f"<strong>{name} (final arbiter)</strong>"
            route = timed.get((previous or "", node))
            if route is not None:
                name += f' <span class="muted">({_e(describe_timing(trust, route))})</span>'
            hops.append(name + (f' <span class="muted">[{_e(src.clause)}]</span>' if src else ""))
            previous = node
        text = " → ".join(hops)
        end = path[-1][0]
        if proc.final_arbiter is None:
            items.append(f'<li class="gap">{text} → {_flag(_NOT_STATED)}no final arbiter named')
        elif end != proc.final_arbiter:
            target = _e(node_name(trust, proc.final_arbiter))
            items.append(f'<li class="gap">{text} → {_flag(_NOT_STATED)}no route to {target}')
        else:
            items.append(f"<li>{text}")
        items[-1] += "</li>"
    return f'<ul class="routes">{"".join(items)}</ul>'


def _procedure(item: ReportItem, key: str, proc: Procedure, info: dict[str, Any]) -> str:
    trust = item.trust
    doc = trust.document.title
    pkey = f"{key}-proc-{_slug(proc.id)}"
    names = [node_name(trust, b) for b in bodies_using(trust, proc)]
    used = "the whole trust" if not proc.applies_to and not proc.routes else ", ".join(names)
    rows = [
        f'<tr><td class="num">{n}</td><td>{_where(trust, step)}</td>'
        f"<td>{_step_text(trust, step)}"
        + "".join(
            _readings(trust, g) for g in gaps_with_readings(trust, f"{proc.id}.steps.{n - 1}")
        )
        + f"</td><td>{_timing(trust, step)}</td>"
        f"<td>{_source(_cite(step.source, trust), doc)}</td></tr>"
        for n, step in enumerate(proc.steps, 1)
    ]
    if not rows:
        rows = [
            f'<tr class="gap"><td colspan="5">{_flag(_NOT_STATED)}No steps are given.</td></tr>'
        ]
    steps = _table(
        f"Steps of the {proc.name}", ("Step", "Where", "What happens", "Waits", "Clause"), rows
    )
    arbiter_stmt = info["final_arbiter"]
    if proc.final_arbiter is None:
        arbiter = (
            f'<p class="arbiter gap">{_flag(_NOT_STATED)}The document names no final arbiter: '
            f"a dispute may never end. [{_source(arbiter_stmt.get('source'), doc)}]</p>"
        )
    else:
        arbiter = (
            f'<p class="arbiter"><strong>Final arbiter: {_e(node_name(trust, proc.final_arbiter))}'
            f"</strong> [{_source(arbiter_stmt.get('source'), doc)}]</p>"
            f"{_quote(arbiter_stmt.get('source'))}"
        )
    status = (
        f'<p class="gap">{_flag(STATUS[proc.status].flag)}{_words(proc.note or "")}</p>'
        if not proc.settled
        else ""
    )
    return (
        f'<section class="procedure" aria-labelledby="{pkey}"><h4 id="{pkey}">{_e(proc.name)} '
        f'<code class="id">{_e(proc.id)}</code></h4>{status}'
        f"<p>Used in: {_e(used)}.</p>"
        + (f"<p>Scope: {_words(proc.scope)}</p>" if proc.scope else "")
        + steps
        + f"<h5>Route to the final arbiter</h5>{_routes(trust, proc)}{arbiter}</section>"
    )


# --- gaps and findings ---------------------------------------------------------------------


def _readings(trust: Trust, gap: Gap) -> str:
    """A gap's readings, the encoded one first: every answer that reads it weighs each."""
    if not gap.readings:
        return ""
    items = "".join(
        f"<li>{'Encoded' if r['encoded'] else 'Or'}: "
        + (
            ""
            if isinstance(r["value"], dict | list)
            else f"<code>{_e(json.dumps(r['value']))}</code> "
        )
        + f"{_words(r['note'])}</li>"
        for r in reading_list(trust, gap)
    )
    return f'<ul class="readings" aria-label="Readings">{items}</ul>'


def _gaps(trust: Trust, info: dict[str, Any]) -> str:
    """What the document leaves open: the rules this page flags, then the gaps the trust
    file records in its own words, so the summary agrees with the page."""
    unsettled = _open_rules(trust, info)
    rows = [
        f'<tr class="gap"><td>{_flag(GAP_KIND[g.kind], "")}</td>'
        f"<td>{_e(g.subject or 'the document')}</td><td>{_words(g.note)}"
        f"{_quote(_cite(g.source, trust))}{_readings(trust, g)}</td>"
        f"<td>{_e(g.source.clause)}</td></tr>"
        for g in trust.gaps
    ]
    if not rows and not unsettled:
        return (
            "<p>The document settles every rule on this page, and the trust file records no "
            "gaps.</p>"
        )
    out = (
        f'<p class="open-summary">This page flags {len(unsettled)} rule(s) the document does '
        f"not settle; the trust file records {len(rows)} gap(s) in its own words.</p>"
    )
    if unsettled:
        items = "".join(
            f'<li class="gap">{_flag(flag)}{_e(where)}: {_words(what)}</li>'
            for where, what, flag in unsettled
        )
        out += f'<ul class="gaps open-rules">{items}</ul>'
    if rows:
        out += _table(
            f"What the {trust.document.title} does not settle, in the trust file ({len(rows)})",
            ("Kind", "Concerns", "What is left open", "Clause"),
            rows,
        )
    return out


_SEVERITY = {"error": "Error", "warning": "Warning", "info": "Note"}


def _findings(item: ReportItem) -> str:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in item.findings:
        counts[f.severity] += 1
    summary = (
        f"<p><code>govrules validate {_e(item.name)}</code>: {counts['error']} error(s), "
        f"{counts['warning']} warning(s), {counts['info']} note(s).</p>"
    )
    if not item.findings:
        return summary + "<p>No findings.</p>"
    rows = [
        f'<tr class="sev-{_e(f.severity)}"><td>{_e(_SEVERITY[f.severity])}</td>'
        f"<td><code>{_e(f.code)}</code></td>"
        f'<td class="num">{_e(f.line or "")}{":" + _e(f.column) if f.column else ""}</td>'
        f"<td>{_words(f.message)}"
        + (f'<p class="quote">Hint: {_words(f.hint)}</p>' if f.hint else "")
        + f"</td><td>{_e(f.clause or '')}</td></tr>"
        for f in item.findings
    ]
    head = ("Severity", "Code", "Line:column", "Finding", "Clause")
    return summary + _table(f"Findings for {item.name}", head, rows, "findings")


# --- the document beside the rules ---------------------------------------------------------

_STATUS_WORDS = {
    "encoded": "Encoded",
    "gap": "Recorded gap",
    "not-procedural": "Not procedural",
    "heading": "Heading",
    "unaccounted": "Unaccounted",
}


def _document(item: ReportItem, key: str) -> str:
    cov = item.document
    if cov is None:
        return ""
    counts = cov.counts()
    summary = (
        f'<p class="coverage-summary"><code>govrules coverage {_e(item.name)}</code>: '
        f"{_e(cov.percent)}% of the clauses accounted for: {counts['encoded']} encoded, "
        f"{counts['gap']} recorded as gaps, {counts['not-procedural']} not procedural, "
        f"<strong>{counts['unaccounted']} unaccounted</strong> "
        f"({counts['heading']} headings not counted).</p>"
    )
    if cov.unaccounted:
        links = ", ".join(
            f'<a href="#{key}-clause-{_slug(c.clause)}">{_e(c.clause)}</a>' for c in cov.unaccounted
        )
        summary += f'<p class="unaccounted-list">Unaccounted: {links}</p>'
    rows = []
    for c in cov.clauses:
        if c.status == "encoded":
            why = "".join(f"<li><code>{_e(r)}</code></li>" for r in c.rules)
            why = f'<ul class="cited-by">{why}</ul>'
        elif c.status == "gap":
            why = "".join(f"<li>{_e(g)}</li>" for g in c.gaps)
            why = f'<ul class="cited-by">{why}</ul>'
        elif c.status == "not-procedural":
            why = f"<p>{_words(c.reason or '')}</p>"
        elif c.status == "heading":
            why = '<p class="muted">A heading over its sub-clauses.</p>'
        else:
            why = "<p>No rule or gap cites it, and it is not marked not procedural.</p>"
        flag = f'<strong class="flag">{_STATUS_WORDS[c.status]}</strong>'
        rows.append(
            f'<tr id="{key}-clause-{_slug(c.clause)}" class="clause clause-{_e(c.status)}">'
            f'<th scope="row">{_e(c.clause)}<span class="muted"> (line {_e(c.line)})</span></th>'
            f'<td class="text">{_e(c.text)}</td><td>{flag}{why}</td></tr>'
        )
    table = _table(
        f"{item.trust.document.title}, clause by clause ({Path(cov.document).name})",
        ("Clause", "Text", "Accounted for by"),
        rows,
        "document",
    )
    return (
        f'<section aria-labelledby="{key}-document"><h3 id="{key}-document">The document, '
        f"clause by clause</h3>{summary}{table}</section>"
    )


# --- the page ------------------------------------------------------------------------------


def trust_article(item: ReportItem, key: str, *, findings: bool = True) -> str:
    """The page's article on one trust (ids prefixed by ``key``); ``findings=False`` leaves
    out the validation findings, for a page that shows them its own way."""
    return _trust(item, key, findings)


def _trust(item: ReportItem, key: str, findings: bool = True) -> str:
    trust = item.trust
    info = show(trust).to_dict()
    doc = trust.document
    facts = [f"<dt>Document</dt><dd>{_e(doc.title)}</dd>"]
    if doc.date:
        facts.append(f"<dt>Date</dt><dd>{_e(doc.date)}</dd>")
    facts.append(f"<dt>Status</dt><dd>{_e(doc.status)}</dd>")
    facts.append(f"<dt>Trust file</dt><dd><code>{_e(item.name)}</code></dd>")
    note = f'<p class="note">{_words(doc.note)}</p>' if doc.note else ""
    bodies = "".join(
        _body(item, key, body, b_info)
        for body, b_info in zip(trust.bodies, info["bodies"], strict=True)
    )
    procs = "".join(
        _procedure(item, key, proc, p_info)
        for proc, p_info in zip(trust.procedures, info["procedures"], strict=True)
    )
    if item.escalation_svg is not None:
        label = f"{trust.name}: escalation"
        procs += (
            f"<figure>{_inline_svg(item.escalation_svg, f'{key}-escalation', label)}"
            "<figcaption>Escalation routes: for each procedure, from each body it is used in "
            "to the final arbiter (double border, marked FINAL ARBITER); a dashed note marks "
            "where the document names none.</figcaption></figure>"
        )
    if not trust.procedures:
        procs = f'<p class="gap">{_flag(_NOT_STATED)}The document names no procedure.</p>'
    return (
        f'<article class="trust" id="{key}" aria-labelledby="{key}-title">'
        f'<h2 id="{key}-title">{_e(trust.name)}</h2><dl class="facts">{"".join(facts)}</dl>'
        f"{note}{_structure(item, key)}"
        f'<section aria-labelledby="{key}-bodies"><h3 id="{key}-bodies">Bodies</h3>{bodies}'
        "</section>"
        f'<section aria-labelledby="{key}-procs"><h3 id="{key}-procs">Procedures</h3>{procs}'
        "</section>"
        f'<section aria-labelledby="{key}-gaps"><h3 id="{key}-gaps">What the document does '
        f"not say</h3>{_gaps(trust, info)}</section>"
        + (
            f'<section aria-labelledby="{key}-findings"><h3 id="{key}-findings">Validation '
            f"findings</h3>{_findings(item)}</section>"
            if findings
            else ""
        )
        + f"{_document(item, key)}</article>"
    )


def build_html(items: Sequence[ReportItem]) -> str:
    """The review page for ``items``: a pure function of them (no clock, no file, no network)."""
    keys: list[str] = []
    for item in items:
        key = "trust-" + _slug(item.trust.id)
        keys.append(key if key not in keys else f"{key}-{len(keys) + 1}")
    if len(items) == 1:
        title = f"Governance review: {items[0].trust.name}"
    else:
        title = f"Governance review of {len(items)} trusts"
    nav = ""
    if len(items) > 1:
        links = "".join(
            f'<li><a href="#{k}">{_e(i.trust.name)}</a></li>'
            for k, i in zip(keys, items, strict=True)
        )
        nav = f'<nav aria-label="Trusts"><ul>{links}</ul></nav>'
    articles = "".join(_trust(i, k) for i, k in zip(items, keys, strict=True))
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="govrules {_e(__version__)}">\n'
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{_e(title)}</h1><p>The rules of each trust in plain words, each with the "
        "clause it rests on. What the document does not say is marked "
        '<strong class="flag">Not stated</strong> (or how it is left open) and listed under '
        "each trust.</p>"
        f"{nav}</header>\n<main>{articles}</main>\n"
        f"<footer><p>Made by govrules {_e(__version__)} from the trust files. Check each "
        "statement against the clause it cites.</p></footer>\n</body>\n</html>\n"
    )


CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { font-size: 16px; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 3rem; color: #1a1a1a;
  background: #ffffff; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto,
  "DejaVu Sans", Arial, sans-serif; }
h1 { font-size: 1.8rem; margin: 0.5rem 0; }
h2 { font-size: 1.5rem; border-bottom: 3px solid #1f3a5f; padding-bottom: 0.2rem;
  margin-top: 2.5rem; }
h3 { font-size: 1.25rem; margin-top: 2rem; color: #1f3a5f; }
h4 { font-size: 1.1rem; margin: 1.75rem 0 0.5rem; }
h5 { font-size: 1rem; margin: 1rem 0 0.25rem; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
code.id { font-weight: normal; color: #444444; }
a { color: #0b4f9c; }
nav ul { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; padding: 0; list-style: none; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.note { background: #f3f5f8; padding: 0.5rem 0.75rem; border-left: 4px solid #1f3a5f; }
.muted, .quote { color: #4a4a4a; }
.quote { font-size: 0.85rem; margin: 0.25rem 0 0; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0 1rem; font-size: 0.92rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #b8c0cc; padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; }
thead th { background: #e6ebf2; }
tbody th { background: #f3f5f8; width: 11rem; }
td.num { text-align: right; white-space: nowrap; }
table.rules td:last-child { width: 8rem; }
.gap { background: #fff3dc; }
tr.gap > td:first-child, tr.gap > th:first-child, li.gap, p.gap {
  border-left: 4px solid #8a4b00; }
li.gap, p.gap { padding: 0.2rem 0.5rem; list-style-position: inside; }
ul.gaps, ul.routes { padding-left: 0; list-style: none; }
ul.gaps li, ul.routes li { margin: 0.25rem 0; }
strong.flag { color: #6b3600; text-transform: uppercase; font-size: 0.8em;
  letter-spacing: 0.03em; }
.arbiter { margin: 0.5rem 0; }
tr.sev-error td:first-child { font-weight: bold; color: #9b1c1c; }
tr.sev-warning td:first-child { color: #6b3600; }
figure { margin: 1rem 0; }
figcaption { font-size: 0.9rem; color: #4a4a4a; margin-top: 0.5rem; }
svg.chart { display: block; max-width: 100%; height: auto; }
.chart-fallback { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.chart-fallback .inside { flex: 3 1 28rem; }
.chart-fallback .outside { flex: 1 1 14rem; border: 2px dashed #555555; padding: 0.5rem; }
.group-label { font-weight: bold; margin: 0 0 0.5rem; }
ul.tree, ul.externals { list-style: none; margin: 0; padding: 0; }
ul.tree ul.tree { margin-left: 1.25rem; padding-left: 1rem; border-left: 2px solid #1f3a5f; }
ul.tree li { margin: 0.5rem 0; }
.node { display: inline-block; border: 2px solid #1f3a5f; border-radius: 6px;
  background: #f4f6fb; padding: 0.4rem 0.6rem; max-width: 32rem; }
.node.external { display: block; border-style: dashed; border-color: #555555;
  background: #ffffff; margin: 0.4rem 0; }
.node .chair { display: block; font-size: 0.9rem; }
.node ul.lines { margin: 0.25rem 0 0; padding-left: 1.1rem; font-size: 0.85rem;
  list-style: disc; }
table.document td.text { white-space: pre-line; font-size: 0.88rem; }
table.document th { width: 8rem; }
table.document td.text { width: 55%; }
tr.clause-unaccounted > td, tr.clause-unaccounted > th { background: #fde2e2; }
tr.clause-unaccounted > th { border-left: 6px solid #9b1c1c; }
tr.clause-unaccounted strong.flag { color: #9b1c1c; }
tr.clause-heading td.text { font-weight: bold; }
ul.cited-by { margin: 0.25rem 0 0; padding-left: 1.1rem; }
@page { margin: 1.5cm; }
@media print {
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  nav, footer { display: none; }
  article.trust + article.trust { break-before: page; }
  h2, h3, h4, h5, caption { break-after: avoid; }
  li, svg.chart, .node, .seats tr, .findings tr { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  .gap { background: none; }
  svg.chart { max-height: 14cm; }
}
"""
