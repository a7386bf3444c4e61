"""Answers as text for people. JSON is ``answer.to_dict()``; this is its readable twin.

Each function renders a dictionary whose texts the command line has made one line
(:func:`govrules.reading.safetext.scrub`), so no value can add a line of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from ..language.phrasebook import INQUORATE_EFFECT, PENDING_HEADLINE, PENDING_WORDS, SEAT_RIGHT

__all__ = ["render_findings", "render_scenarios", "render_text"]

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def render_findings(d: dict[str, Any]) -> str:
    """``ValidateAnswer.to_dict()``: findings grouped by file, in line order, with a summary.

    click strips the colour when piped.
    """
    lines: list[str] = []
    findings = d["findings"]
    for file in dict.fromkeys(d["files"]):
        mine = [f for f in findings if f["file"] == file]
        mine.sort(key=lambda f: (f["line"] or 0, f["column"] or 0))
        counts = {sev: sum(f["severity"] == sev for f in mine) for sev in _COLOURS}
        summary = ", ".join(f"{n} {sev}" for sev, n in counts.items() if n) or "no findings"
        lines.append(click.style(f"{file}: {summary}", bold=True))
        for f in mine:
            loc = ":".join(str(f[k]) for k in ("file", "line", "column") if f[k] is not None)
            tag = click.style(f"{f['severity']}[{f['code']}]", fg=_COLOURS[f["severity"]])
            hint = f" (hint: {f['hint']})" if f["hint"] else ""
            lines.append(f"  {loc}: {tag}: {f['message']}{hint}")
    c = d["counts"]
    failed = d["answer"] == "problems"
    verdict = click.style(d["answer"], fg="red" if failed else "green", bold=True)
    lines.append(
        f"{len(d['files'])} file(s): {c['error']} error(s), {c['warning']} warning(s), "
        f"{c['info']} note(s) — {verdict}"
    )
    return "\n".join(lines)


def render_scenarios(d: dict[str, Any], *, verbose: bool = False) -> str:
    """``ScenarioReport.to_dict()``: each failure with its problems, then the counts."""
    lines: list[str] = []
    for case in d["cases"]:
        where = ":".join(str(case[k]) for k in ("file", "line") if case[k] is not None)
        clause = f" [{case['clause']}]" if case["clause"] else ""
        if case["status"] == "passed":
            if verbose:
                lines.append(f"PASS {where}: {case['name']}{clause}")
            continue
        lines.append(f"{case['status'].upper()} {where}: {case['name']}{clause}")
        lines += [f"    {problem}" for problem in case["problems"]]
        if case["explanation"]:
            lines.append("    the answer's explanation:")
            lines += [f"      - {line}" for line in case["explanation"]]
    lines.append(f"{d['passed']} passed, {d['failed']} failed")
    return "\n".join(lines)


def _clause(source: dict[str, Any] | None) -> str:
    return f" [{source['clause']}]" if source else ""


def _reasons(items: list[dict[str, Any]], indent: str = "  ") -> list[str]:
    return [f"{indent}- {r['text']}{_clause(r.get('source'))}" for r in items]


def _not_binding(d: dict[str, Any]) -> str:
    """Why a carried resolution does not (or may not) bind, with the clause that says so: the
    line of the explanation that says it (the confirmation it waits on, or what an inquorate
    meeting's decisions are worth)."""
    unsettled = INQUORATE_EFFECT["unspecified"]
    says: Callable[[str], bool]
    if d.get("effect") == "pending":
        headline, says = PENDING_HEADLINE, lambda text: PENDING_WORDS in text
    else:
        effect = INQUORATE_EFFECT.get(d.get("effect", "unspecified"), unsettled)
        if effect is unsettled or effect.headline is None:
            return unsettled.headline or ""
        headline, says = effect.headline, lambda text: text == effect.sentence
    clause = next(
        (r["source"]["clause"] for r in d["explanation"] if says(r["text"]) and r.get("source")),
        None,
    )
    return headline + (f" ({clause})" if clause else "")


def _headline(d: dict[str, Any]) -> str:
    q = d["question"]
    where = f"{d['trust']} / {d['body']}" if d.get("body") else d["trust"]
    if q == "quorum":
        needed = d["required"] if d["required"] is not None else "?"
        each = sorted({r.get("required") for r in d.get("readings", [])}, key=str)
        if d["required"] is None and each and None not in each:
            # The readings differ on the number: say each (8 or 9), not one as the answer's.
            needed = " or ".join(str(n) for n in each)
        word = d["answer"].upper()
        missing = [
            r["text"].removeprefix("The quorum needs ").removesuffix(", who is not present.")
            for r in d["explanation"]
            if r["text"].startswith("The quorum needs ") and r["text"].endswith("not present.")
        ]
        if d["answer"] == "inquorate" and missing:
            # Enough attended, but someone the quorum needs did not: say which rule failed.
            word += f": {' and '.join(missing)} not present"
        return f"{where}: {word} ({d['present']} present, {needed} needed)"
    if q == "vote":
        binding = {
            True: "binding",
            False: d.get("effect", "not binding"),
            None: "binding: not settled",
        }
        tail = f"{d['for']} for, {d['against']} against, {d['abstain']} abstaining"
        if d.get("invalid"):
            tail += f", {d['invalid']} invalid"
        if d.get("weighted"):
            tail = f"votes: {tail}"
        word = d["answer"].upper()
        lacking = [c["requirement"] for c in d.get("concurrence", []) if c["met"] is False]
        if d["answer"] == "lost" and lacking:
            # The count may have carried it: say which required vote was missing.
            word += f": without {' and '.join(lacking)}"
        if d["answer"] == "carried" and d.get("effect") != "binding":
            word += " — " + _not_binding(d)
        return f"{where}: {word} ({tail}; {binding[d['binding']]})"
    if q == "voters":
        return f"{where}: who may vote — {d['answer']}" + (
            f" (procedure {d['procedure']})" if d.get("procedure") else ""
        )
    if q == "escalate":
        return f"{where}: escalation — {d['answer']}"
    if q == "check":
        return f"{where}: meeting record {d['answer'].upper()}"
    return f"{where}: {d['answer']}"


def render_text(d: dict[str, Any]) -> str:
    """A readable rendering of an answer's dictionary."""
    q = d["question"]
    if q == "show":
        return _show(d)
    if q == "diff":
        from ..authoring.diff import render_diff_text

        return render_diff_text(d)
    lines = [_headline(d)]
    if d.get("needs"):
        lacks = (
            "the record lacks these fields" if q == "check" else "the question lacks these facts"
        )
        lines.append("Needs: " + ", ".join(d["needs"]) + f" ({lacks})")
    if q == "voters":
        for title, key in (
            ("Votes", "voters"),
            ("Does not vote", "non_voters"),
            ("Not settled by the MoU", "undetermined"),
        ):
            if d[key]:
                lines.append(f"{title}:")
                lines += [f"  - {r['seat']}: {r['reason']}{_clause(r['source'])}" for r in d[key]]
    if q == "escalate":
        for step in d.get("steps", []):
            # The same words as `show`: the wait and the deadline as the answer words them,
            # and the dates they allow where the question gave the first step's date.
            when = f" ({step['timing']})" if step.get("timing") else ""
            dates = step.get("dates") or {}
            if dates.get("text") and step["step"] != 1:
                when += f" [{dates['text']}]"
            who = f" [{step['body']}]" if step.get("body") else ""
            what = step["action"] + (" (final)" if step.get("final") else "")
            lines.append(f"  {step['step']}.{who} {what}{when}{_clause(step['source'])}")
        if d.get("final_arbiter"):
            lines.append(f"  Final arbiter: {d['final_arbiter']}")
    if q == "audit":
        lines[0] = (
            f"{d['trust']}: audit of {d['records']} meeting record(s), "
            f"{d['period']['from']} to {d['period']['to']} — {d['answer'].upper()}"
        )
        for f in d.get("findings", []):
            lines.append(
                f"  {f['severity']} ({f['topic']}, {f['body']}): {f['text']}"
                f"{_clause(f.get('source'))}"
            )
        groups: dict[tuple[str, str], list[str]] = {}
        for m in d.get("meetings", []):
            groups.setdefault((m["body"], m["answer"]), []).append(m["date"])
        lines.append("Each meeting by `govrules check` (run it on a record for details):")
        for (body, answer), dates in sorted(groups.items()):
            shown = ", ".join(dates[:3]) + (", ..." if len(dates) > 3 else "")
            lines.append(f"  - {body}: {len(dates)} {answer} ({shown})")
    if q == "check":
        for dec in d.get("decisions", []):
            effect = "" if dec["effect"] == "binding" else f" ({dec['effect']})"
            if dec.get("quorate") not in (None, d.get("quorate")):
                # Judged on who was in the room for the item, which differs from the meeting.
                effect += f" — this item {dec['quorate']}"
                if dec.get("present") is not None:
                    effect += f", {dec['present']} present"
            lines.append(f"  - {dec['motion']}: {dec['answer']}{effect}")
        for f in d.get("findings", []):
            lines.append(f"  {f['severity']}: {f['text']}{_clause(f.get('source'))}")
    if d.get("explanation") and q != "check":  # a check lists its findings instead
        lines.append("Why:")
        lines += _reasons(d["explanation"])
    return "\n".join(lines)


def _stmt(label: str, s: dict[str, Any] | None) -> list[str]:
    if not s:
        return []
    return [f"  {label}: {s['text']}{_clause(s.get('source'))}"]


def _show(d: dict[str, Any]) -> str:
    doc = d["document"]
    lines = [
        f"{d['name']} — {doc['title']}"
        + (f" ({doc['date']})" if doc.get("date") else "")
        + (f", {doc['status']}" if doc.get("status") != "unknown" else "")
    ]
    if d.get("matters"):
        lines.append("Kinds of matter:")
        for m in d["matters"]:
            lines.append(f"  - {m['id']}: {m['name']}{_clause(m.get('source'))}")
    for body in d["bodies"]:
        lines.append("")
        count = (
            f" ({body['instances']} bodies share this definition)" if body["instances"] > 1 else ""
        )
        lines.append(f"{body['name']} [{body['id']}]{count}")
        lines += _stmt("Chair", body["chair"])
        lines += _stmt("Vice-chair", body.get("vice_chair"))
        lines += _stmt("Meetings", body.get("meets"))
        for link in body["links"]:
            lines.append(f"  Line: {link['text']}{_clause(link['source'])}")
        if body["seats"]:
            total = body["members_total"]
            places = f"{total} places" if total is not None else "number of places not stated"
            lines.append(f"  Seats ({places}):")
            for seat in body["seats"]:
                vote = SEAT_RIGHT[seat["voting"]].value
                if seat.get("votes_if"):
                    vote = f"votes if {seat['votes_if']}"
                if seat.get("weight", 1) != 1 and seat["voting"] is not False:
                    vote += f", {seat['weight']} votes each"
                n = (
                    f" x{seat['count']}" + (" (up to)" if seat["up_to"] else "")
                    if seat["count"] > 1
                    else ""
                )
                # An unstated number's count is only the least: "x2" alone would read as exact.
                if not seat["count_stated"]:
                    n += " (at least; number not stated)" if n else " (number not stated)"
                kinds = ", ".join(seat.get("classes", []))
                kinds = f" [{kinds}]" if kinds else ""
                if seat.get("readings_text"):
                    vote += f"; {seat['readings_text']}"
                lines.append(f"    - {seat['id']}{n}: {seat['title']}{kinds} ({vote})")
        if body.get("membership_note"):
            lines.append(f"  Membership: {body['membership_note']}")
        lines += _stmt("Substitutes", body.get("substitutes"))
        lines += _stmt("Quorum", body["quorum"])
        for each in body["quorum"].get("by_matter", []):
            lines.append(f"    - {each['text']}{_clause(each['source'])}")
        lines += _stmt("Voting", body["voting"])
        for exc in body["voting"].get("exceptions", []):
            lines.append(f"    - {exc['text']}{_clause(exc['source'])}")
        for each in body["voting"].get("by_matter", []):
            lines.append(f"    - {each['text']}{_clause(each['source'])}")
    if d.get("calendar"):
        lines.append("")
        lines += _stmt("Calendar", d["calendar"])
    for proc in d["procedures"]:
        lines.append("")
        applies = f" (in: {', '.join(proc['applies_to'])})" if proc["applies_to"] else ""
        if proc.get("matters"):
            applies += f" (for matters of kind: {', '.join(proc['matters'])})"
        lines.append(f"Procedure: {proc['name']} [{proc['id']}]{applies}")
        for step in proc["steps"]:
            lines.append(f"  {step['step']}. {step['text']}{_clause(step['source'])}")
        for route in proc.get("routes", []):
            lines.append(f"  - {route['text']}{_clause(route['source'])}")
        lines.append(f"  {proc['final_arbiter']['text']}{_clause(proc['final_arbiter']['source'])}")
        for r in proc.get("readings", []):
            lines.append(f"  {r['text']}.")
    if d["gaps"]:
        lines.append("")
        lines.append("Where the document is silent, unfinished or inconsistent:")
        for gap in d["gaps"]:
            lines.append(f"  - ({gap['kind']}) {gap['text']}{_clause(gap['source'])}")
            for r in gap.get("readings", []):
                mark = "encoded" if r["encoded"] else "or"
                value = r["value"]
                shown = "" if isinstance(value, dict | list) else f"{json.dumps(value)}: "
                lines.append(f"      {mark}: {shown}{r['note']}")
    return "\n".join(lines)


def render_coverage(d: dict[str, Any]) -> str:
    """``govrules test --coverage``: what the scenarios leave unexercised, per trust."""
    lines: list[str] = []
    for t in d["trusts"]:
        lines.append(
            f"Coverage of {t['trust']}: {t['rules_exercised']} of {t['rules']} rules exercised, "
            f"{t['clauses_exercised']} of {t['clauses']} clauses cited"
        )
        missed = t["not_exercised"]
        if missed["rules"]:
            lines.append("  Rules no scenario exercises:")
            lines += [
                f"    - {r['rule']}" + (f" [{r['clause']}]" if r["clause"] else "")
                for r in missed["rules"]
            ]
        if missed["clauses"]:
            lines.append("  Clauses no scenario's answer cites: " + ", ".join(missed["clauses"]))
    return "\n".join(lines)


def render_document_coverage(d: dict[str, Any], show_all: bool = False) -> str:
    """``govrules coverage``: the clauses of the source document, the unaccounted ones first
    named, each with what accounts for it."""
    counts = d["counts"]
    need = len(d["clauses"]) - counts["heading"]
    lines = [
        f"Coverage of {d['file']} by {d['document']}: {d['percent']}% of {need} clauses "
        f"accounted for ({counts['encoded']} encoded, {counts['gap']} gaps, "
        f"{counts['not-procedural']} not procedural; {counts['unaccounted']} unaccounted; "
        f"{counts['heading']} headings)"
    ]
    for f in d["findings"]:
        loc = ":".join(str(x) for x in (f["file"], f["line"], f["column"]) if x is not None)
        if f["code"] != "GR320":
            lines.append(f"{loc}: {f['severity']}[{f['code']}]: {f['text']}")
    for c in d["clauses"]:
        if c["status"] == "unaccounted":
            lines.append(
                f"{d['document']}:{c['line']}: unaccounted: {c['clause']}  {c['heading'][:70]}"
            )
    if show_all:
        for c in d["clauses"]:
            what = {
                "encoded": ", ".join(c["rules"]),
                "gap": ", ".join(c["gaps"]),
                "not-procedural": c["reason"] or "",
                "heading": "",
                "unaccounted": "",
            }[c["status"]]
            lines.append(f"  {c['clause']}: {c['status']}" + (f" ({what})" if what else ""))
    return "\n".join(lines)
