"""The web page of ``govrules serve``: check a draft, ask a question, check a meeting record.

Server-rendered HTML (Jinja2 templates in ``govrules/templates``, autoescaped) over the same
library calls as the JSON API; every page works with JavaScript off, and the one script only
enhances. Nothing a request sends is stored or used as a path: trusts are the served ones,
chosen by id; YAML text (pasted or uploaded) is parsed in memory under the same
:class:`~govrules.reading.sourcefile.Limits` as a file on the command line. See ``docs/web.md``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData, UploadFile

from ..evaluating.lacking import FACTS
from ..language.schema import Body, Seat, Trust
from ..reading.errors import GovrulesError, LoadError

if TYPE_CHECKING:
    from jinja2 import Environment


class Served(Protocol):
    """The trusts the server serves, by id (``serve.Served``; a reload swaps in another)."""

    @property
    def trusts(self) -> Mapping[str, Trust]: ...


__all__ = ["add_working_days", "escalation_dates", "mount", "record_yaml"]

HEADERS = {
    # No inline script or style anywhere: the page's own files only.
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    # Answers may hold a draft's text: no cache keeps them.
    "Cache-Control": "no-store",
}
DECISIONS = 3
"""Decisions the record form offers (an uploaded record may hold any number)."""
MAX_FIELDS = 5000
"""Form fields in one request: the record form of a large body needs some hundreds."""
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class FormError(Exception):
    """A form filled in wrongly: the message, and the id of the field it is about."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# --------------------------------------------------------------------------- pure helpers


def add_working_days(start: dt.date, days: int) -> dt.date:
    """``days`` working days after ``start``, Monday to Friday (bank holidays are not known
    here, so they are counted as working days)."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def escalation_dates(steps: list[dict[str, Any]], start: dt.date) -> list[dict[str, Any]]:
    """Each step of an escalation answer with ``not_before`` and ``by`` dates (or ``None``):
    its least and most days counted from the earliest date of the step before, the first
    from ``start``."""
    out = []
    previous = start
    for step in steps:
        working = bool(step.get("working_days"))

        def after(days: int, base: dt.date = previous, working: bool = working) -> dt.date:
            if working:
                return add_working_days(base, days)
            return base + dt.timedelta(days=days)

        least, most = step.get("min_days_after_previous"), step.get("max_days")
        not_before = after(least) if least is not None else None
        by = after(most) if most is not None else None
        out.append({**step, "not_before": not_before, "by": by})
        previous = not_before or previous
    return out


def record_yaml(record: Mapping[str, Any]) -> str:
    """A meeting record as YAML in the documented format (``docs/records.md``)."""
    import yaml

    text: str = yaml.safe_dump(
        dict(record), sort_keys=False, allow_unicode=True, default_flow_style=None, width=100
    )
    return text


# --------------------------------------------------------------------------- templates


# One environment for the process, built on first use (bounded: no argument; jinja keeps at
# most its fixed set of templates, compiled).
@cache
def _templates() -> Environment:
    from jinja2 import Environment, PackageLoader

    env = Environment(
        loader=PackageLoader("govrules.interfaces", "templates"),
        autoescape=True,  # every template, whatever its name
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["words"] = _words
    # The facts an answer lacks, in the words every answer uses for them.
    env.globals["needs_words"] = {option: fact.what for option, fact in FACTS.items()}
    return env


def _words(text: object) -> Any:
    """Escaped text with `ids` in backticks set as code (as the report sets them)."""
    from markupsafe import Markup, escape

    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(str(text)))))


# Bounded by construction: a name is a key of `_STATIC` (four files of some 7 kB in all).
@cache
def _static(name: str) -> bytes:
    if name == "report.css":
        from ..presenting.report import CSS

        return CSS.encode()
    return resources.files("govrules.interfaces").joinpath("static", name).read_bytes()


_STATIC = {
    "web.css": "text/css",
    "web.js": "text/javascript",
    "report.css": "text/css",
    "icon.svg": "image/svg+xml",
}


def _page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    text = _templates().get_template(template).render(**context)
    return HTMLResponse(text, status_code=status, headers=HEADERS)


# --------------------------------------------------------------------------- the served trusts


@dataclass(frozen=True)
class Place:
    """A body of a served trust, as the forms offer it: ``trust/body``."""

    trust: Trust
    body: Body

    @property
    def key(self) -> str:
        return f"{self.trust.id}/{self.body.id}"


def _places(served: Served) -> list[Place]:
    return [
        Place(served.trusts[t], b) for t in sorted(served.trusts) for b in served.trusts[t].bodies
    ]


def _place_page(
    here: str,
    status: int,
    served: Served,
    place: Place | None,
    values: Mapping[str, Any],
    **context: Any,
) -> HTMLResponse:
    """The page of a form about one body (``place``, or none chosen yet): the served bodies to
    choose from and, once chosen, its partners and the trust's procedures."""
    if place is not None:
        context["partners"] = _partners(place.trust, place.body)
        context["procedures"] = place.trust.procedures
    return _page(
        f"{here}.html",
        status,
        here=here,
        places=_places(served),
        place=place,
        values=values,
        **context,
    )


def _place(served: Served, key: str | None, field: str = "at") -> Place | None:
    if not key:
        return None
    trust_id, _, body_id = key.partition("/")
    trust = served.trusts.get(trust_id)
    body = trust.body(body_id) if trust is not None else None
    if trust is None or body is None:
        raise FormError("choose one of the bodies listed", field)
    return Place(trust, body)


def _partners(trust: Trust, body: Body) -> list[tuple[str, str]]:
    """The partners with a seat on the body, then the seats with no partner: what a matter
    may affect or be implemented by."""
    out: dict[str, str] = {}
    for seat in body.seats:
        if seat.partner is not None:
            partner = trust.partner(seat.partner)
            out.setdefault(seat.partner, partner.name if partner else seat.partner)
    for seat in body.seats:
        if seat.partner is None:
            out.setdefault(seat.id, seat.title)
    return list(out.items())


def _matter_kinds(trust: Trust, body: Body) -> list[str]:
    """The kinds of matter the trust declares (``none``: a matter of no declared kind)."""
    return [m.id for m in trust.matters] + (["none"] if trust.matters else [])


def _cap(seat: Seat) -> int | None:
    return seat.count if seat.count_stated else None


# --------------------------------------------------------------------------- reading forms


def _number(form: FormData, name: str, cap: int | None = None, default: int = 0) -> int:
    raw = str(form.get(name) or "").strip()
    if raw == "":
        return default
    if raw in ("on", "yes"):  # a ticked box
        return 1
    if not raw.isdigit() or len(raw) > 7:
        raise FormError("give a whole number, 0 or more", name)
    value = int(raw)
    if cap is not None and value > cap:
        raise FormError(f"at most {cap}", name)
    return value


def _seat_list(form: FormData, body: Body, prefix: str) -> list[str]:
    """The seat ids a group of inputs names: a seat once for each member."""
    out: list[str] = []
    for seat in body.seats:
        out += [seat.id] * _number(form, f"{prefix}-{seat.id}", _cap(seat))
    return out


def _chosen(form: FormData, name: str, allowed: list[str]) -> list[str]:
    values = [str(v) for v in form.getlist(name)]
    for value in values:
        if value not in allowed:
            raise FormError("choose from the list", name)
    return values


def _one(form: FormData, name: str, allowed: list[str]) -> str | None:
    value = str(form.get(name) or "")
    if not value:
        return None
    if value not in allowed:
        raise FormError("choose from the list", name)
    return value


def _date(form: FormData, name: str, required: bool = True) -> dt.date | None:
    raw = str(form.get(name) or "").strip()
    if not raw:
        if required:
            raise FormError("give a date, such as 2026-03-01", name)
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise FormError("give a date written 2026-03-01", name) from None


async def _form(request: Request) -> FormData:
    try:
        return await request.form(max_files=1, max_fields=MAX_FIELDS)
    except Exception as exc:  # the multipart parser's own errors: a form that cannot be read
        raise FormError(f"the form could not be read: {exc}") from None


async def _upload(form: FormData, name: str) -> tuple[bytes | None, str | None]:
    """An uploaded file's bytes and a safe label for it (``None``: no file was chosen)."""
    item = form.get(name)
    if not isinstance(item, UploadFile) or not item.filename:
        return None, None
    data = await item.read()
    label = item.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return data, label if _NAME.match(label) else None


# --------------------------------------------------------------------------- the pages


@dataclass
class Web:
    """The pages, over the trusts a getter returns (a reload swaps them in)."""

    served: Callable[[], Served]
    timeout: Callable[[], float]

    async def _run(self, fn: Callable[[], Any]) -> Any:
        return await asyncio.wait_for(asyncio.to_thread(fn), self.timeout())

    # ---- home

    async def index(self) -> HTMLResponse:
        served = self.served()
        trusts = [served.trusts[t] for t in sorted(served.trusts)]
        return _page("index.html", trusts=trusts, here="index")

    # ---- check a draft

    async def draft_form(self) -> HTMLResponse:
        return _page("draft.html", here="draft", text="", error=None, result=None)

    async def draft(self, request: Request) -> HTMLResponse:
        try:
            form = await _form(request)
            raw, label = await _upload(form, "file")
        except FormError as exc:
            return _page("draft.html", 400, here="draft", text="", error=exc, result=None)
        text = str(form.get("text") or "")
        given = str(form.get("name") or "")  # the file the script put in the text box
        name = label or (given if _NAME.match(given) else "draft.yaml")
        source: bytes | str = raw if raw else text
        if not source.strip():
            error = FormError("paste the trust file's text, or choose a file", "text")
            return _page("draft.html", 400, here="draft", text="", error=error, result=None)
        strict = form.get("strict") == "on"
        try:
            result = await self._run(lambda: _check_draft(source, name, strict))
        except TimeoutError:
            error = FormError(f"the check took longer than {self.timeout()} seconds")
            return _page("draft.html", 503, here="draft", text=text, error=error, result=None)
        return _page("draft.html", here="draft", text=result["text"], error=None, result=result)

    # ---- ask a question

    async def ask_form(self, request: Request) -> HTMLResponse:
        return self._empty_form(request, self._ask_page)

    def _empty_form(self, request: Request, page: Callable[..., HTMLResponse]) -> HTMLResponse:
        """A form's ``page`` not yet filled in, for the body the query names (if any)."""
        served = self.served()
        try:
            place = _place(served, request.query_params.get("at"))
        except FormError as exc:
            return page(served, None, {}, error=exc, status=404)
        return page(served, place, {})

    def _ask_page(
        self,
        served: Served,
        place: Place | None,
        values: Mapping[str, Any],
        *,
        error: FormError | None = None,
        answers: list[dict[str, Any]] | None = None,
        status: int = 200,
    ) -> HTMLResponse:
        kinds = {} if place is None else {"kinds": _matter_kinds(place.trust, place.body)}
        return _place_page(
            "ask", status, served, place, values, error=error, answers=answers, **kinds
        )

    async def ask(self, request: Request) -> HTMLResponse:
        served = self.served()
        place = None
        values: dict[str, Any] = {}
        try:
            form = await _form(request)
            values = {k: str(v) for k, v in form.multi_items() if isinstance(v, str)}
            values["affects"] = [str(v) for v in form.getlist("affects")]
            values["implementers"] = [str(v) for v in form.getlist("implementers")]
            place = _place(served, str(form.get("at") or ""))
            if place is None:
                raise FormError("choose a body", "at")
            answers = await self._run(lambda: _ask(place, form))
        except FormError as exc:
            return self._ask_page(served, place, values, error=exc, status=400)
        except GovrulesError as exc:
            return self._ask_page(served, place, values, error=FormError(str(exc)), status=400)
        except TimeoutError:
            error = FormError(f"the question took longer than {self.timeout()} seconds")
            return self._ask_page(served, place, values, error=error, status=503)
        return self._ask_page(served, place, values, answers=answers)

    # ---- escalation

    async def escalate(self, request: Request) -> HTMLResponse:
        from ..evaluating.escalation import applicable_procedures

        served = self.served()
        params = request.query_params
        routes = [
            (f"{p.key}/{proc.id}", p, proc)
            for p in _places(served)
            for proc in applicable_procedures(p.trust, p.body.id)
        ]
        values = {k: params.get(k, "") for k in ("route", "start")}
        context: dict[str, Any] = {"here": "escalate", "routes": routes, "values": values}
        if not params.get("route"):
            return _page("escalate.html", **context, error=None, answer=None)
        try:
            found = next((r for r in routes if r[0] == params.get("route")), None)
            if found is None:
                raise FormError("choose one of the procedures listed", "route")
            start_raw = params.get("start", "")
            try:
                start = dt.date.fromisoformat(start_raw)
            except ValueError:
                raise FormError("give a start date written 2026-03-01", "start") from None
            _, p, proc = found
            answer = await self._run(lambda: _escalation(p.trust, p.body.id, proc.id, start))
        except FormError as exc:
            return _page("escalate.html", 400, **context, error=exc, answer=None)
        except GovrulesError as exc:
            return _page("escalate.html", 400, **context, error=FormError(str(exc)), answer=None)
        except TimeoutError:
            error = FormError(f"the question took longer than {self.timeout()} seconds")
            return _page("escalate.html", 503, **context, error=error, answer=None)
        return _page("escalate.html", **context, error=None, answer=answer, start=start)

    # ---- meeting records

    async def record_form(self, request: Request) -> HTMLResponse:
        return self._empty_form(request, self._record_page)

    def _record_page(
        self,
        served: Served,
        place: Place | None,
        values: Mapping[str, Any],
        *,
        error: FormError | None = None,
        result: dict[str, Any] | None = None,
        status: int = 200,
    ) -> HTMLResponse:
        decisions = range(1, DECISIONS + 1)
        return _place_page(
            "record", status, served, place, values, error=error, result=result, decisions=decisions
        )

    async def record(self, request: Request) -> Response:
        served = self.served()
        place = None
        values: dict[str, Any] = {}
        try:
            form = await _form(request)
            values = {k: str(v) for k, v in form.multi_items() if isinstance(v, str)}
            for n in range(1, DECISIONS + 1):
                for group in ("affects", "implementers"):
                    values[f"d{n}-{group}"] = [str(v) for v in form.getlist(f"d{n}-{group}")]
            raw, label = await _upload(form, "file")
            if raw is not None:
                text: bytes | str = raw
                name = label or "record.yaml"
            else:
                place = _place(served, str(form.get("at") or ""))
                if place is None:
                    raise FormError("choose a record file to upload", "file")
                record = _record_from_form(place, form)
                text = record_yaml(record)
                name = f"record-{record['date']}.yaml"
                if form.get("action") == "download":
                    return Response(
                        text,
                        media_type="application/yaml; charset=utf-8",
                        headers={
                            **HEADERS,
                            "Content-Disposition": f'attachment; filename="{name}"',
                        },
                    )
            result = await self._run(lambda: _check_record(served, text, name))
        except FormError as exc:
            return self._record_page(served, place, values, error=exc, status=400)
        except TimeoutError:
            error = FormError(f"the check took longer than {self.timeout()} seconds")
            return self._record_page(served, place, values, error=error, status=503)
        return self._record_page(served, place, values, result=result)


# --------------------------------------------------------------------------- library calls


def _source_lines(text: str, marks: Mapping[int, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [
        {"number": n, "text": line, "findings": marks.get(n, [])}
        for n, line in enumerate(text.splitlines() or [""], start=1)
    ]


def _decoded(source: bytes | str) -> str:
    if isinstance(source, str):
        return source
    return source.decode("utf-8", errors="replace").removeprefix("\ufeff")


def _check_draft(source: bytes | str, name: str, strict: bool) -> dict[str, Any]:
    """``validate`` and, where the draft loads, the report's account of it."""
    from ..authoring.findings import validate_text
    from ..compiling.loader import checked_trust
    from ..presenting.charts import chart, graphviz_available, render_svg
    from ..presenting.report import ReportItem, trust_article
    from ..reading.yamlsource import parse_yaml

    answer = validate_text(source, name, strict=strict)
    findings = [f.to_dict() for f in answer.findings]
    marks: dict[int, list[dict[str, Any]]] = {}
    for f in findings:
        if f.get("line"):
            marks.setdefault(f["line"], []).append(f)
    text = _decoded(source)
    article = None
    if not any(f["severity"] == "error" for f in findings):
        trust, _ = checked_trust(parse_yaml(source, name))
        if trust is not None:
            structure = escalation = None
            if graphviz_available():
                structure = render_svg(chart(trust, "dot", "structure"), source=name)
                if trust.procedures:
                    escalation = render_svg(chart(trust, "dot", "escalation"), source=name)
            item = ReportItem(name, trust, answer.findings, structure, escalation)
            article = trust_article(item, "draft", findings=False)
    return {
        "name": name,
        "answer": answer.answer,
        "counts": answer.counts(),
        "findings": findings,
        "text": text,
        "lines": _source_lines(text, marks),
        "article": article,
        "strict": strict,
    }


def _ask(place: Place, form: FormData) -> list[dict[str, Any]]:
    """The quorum, voters and (where votes are given) vote answers for the form."""
    from ..evaluating.quorate import quorum
    from ..evaluating.voting import vote, voters

    trust, body = place.trust, place.body
    present = _seat_list(form, body, "present")
    count_raw = str(form.get("count") or "").strip()
    count = _number(form, "count") if count_raw else None
    vacancies = _number(form, "vacancies") if str(form.get("vacancies") or "").strip() else None
    if present and count is not None:
        raise FormError("tick who is present, or give a number present, not both", "count")
    if not present and count is None:
        raise FormError("tick who is present, or give the number present", "present")
    partners = [p for p, _ in _partners(trust, body)]
    affects = _chosen(form, "affects", partners)
    implementers = _chosen(form, "implementers", partners)
    kind = _one(form, "matter", _matter_kinds(trust, body))
    procedure = _one(form, "procedure", [p.id for p in trust.procedures])
    chair_casts = _one(form, "chair_casts", ["for", "against"])
    for_ = _seat_list(form, body, "for")
    against = _seat_list(form, body, "against")
    abstain = _seat_list(form, body, "abstain")
    invalid = _number(form, "invalid")

    answers = [
        quorum(
            trust, body.id, present=present or None, count=count, vacancies=vacancies, matter=kind
        ).to_dict(),
        voters(
            trust,
            body.id,
            procedure=procedure,
            affects=affects,
            implementers=implementers,
            matter=kind,
        ).to_dict(),
    ]
    if for_ or against or abstain or invalid:
        answers.append(
            vote(
                trust,
                body.id,
                for_=for_,
                against=against,
                abstain=abstain,
                present=present or None,
                chair_casts=chair_casts,  # type: ignore[arg-type]
                procedure=procedure,
                affects=affects,
                implementers=implementers,
                matter=kind,
                invalid=invalid,
            ).to_dict()
        )
    return answers


def _escalation(trust: Trust, body: str, procedure: str, start: dt.date) -> dict[str, Any]:
    from ..evaluating.escalation import escalate

    answer = escalate(trust, body, procedure=procedure).to_dict()
    steps = [{**s, "body_name": _body_name(trust, s["body"])} for s in answer["steps"]]
    answer["dated_steps"] = escalation_dates(steps, start)
    answer["final_arbiter_name"] = _body_name(trust, answer["final_arbiter"])
    return answer


def _body_name(trust: Trust, body_id: str | None) -> str | None:
    """A body's name (an external body's too), for a page that shows names, not ids."""
    if body_id is None:
        return None
    body = trust.body(body_id)
    if body is not None:
        return body.name
    external = trust.external(body_id)
    return external.name if external is not None else body_id


def _record_from_form(place: Place, form: FormData) -> dict[str, Any]:
    """The record the form describes, as the mapping of its YAML."""
    body = place.body
    date = _date(form, "date")
    attendees = _seat_list(form, body, "present")
    if not attendees:
        raise FormError("tick who attended", "present")
    record: dict[str, Any] = {
        "trust": place.trust.id,
        "body": body.id,
        "date": date,
        "attendees": attendees,
    }
    partners = [p for p, _ in _partners(place.trust, body)]
    decisions = []
    for n in range(1, DECISIONS + 1):
        motion = str(form.get(f"d{n}-motion") or "").strip()
        votes = {
            "for": _seat_list(form, body, f"d{n}-for"),
            "against": _seat_list(form, body, f"d{n}-against"),
            "abstain": _seat_list(form, body, f"d{n}-abstain"),
        }
        if not motion:
            if any(votes.values()):
                raise FormError("give the motion in words", f"d{n}-motion")
            continue
        decision: dict[str, Any] = {"motion": motion}
        decision.update({k: v for k, v in votes.items() if v})
        casts = _one(form, f"d{n}-chair_casts", ["for", "against"])
        if casts:
            decision["chair_casts"] = casts
        procedure = _one(form, f"d{n}-procedure", [p.id for p in place.trust.procedures])
        if procedure:
            decision["procedure"] = procedure
        for group in ("affects", "implementers"):
            chosen = _chosen(form, f"d{n}-{group}", partners)
            if chosen:  # none ticked: the matter is not described (as an omitted field)
                decision[group] = chosen
        decisions.append(decision)
    if decisions:
        record["decisions"] = decisions
    minutes = _date(form, "minutes_circulated", required=False)
    if minutes is not None:
        record["minutes_circulated"] = minutes
    return record


def _check_record(served: Served, source: bytes | str, name: str) -> dict[str, Any]:
    """``check``'s answer for a record's text, or the located error that refuses it."""
    from ..evaluating.meetings import check, read_record
    from ..reading.yamlsource import parse_yaml

    text = _decoded(source)
    try:
        located = parse_yaml(source, name)  # the default Limits, as for a file
        parsed, _, _ = read_record(located)
        if parsed.trust is None or parsed.trust not in served.trusts:
            known = ", ".join(sorted(served.trusts)) or "none"
            raise located.error(
                ("trust",) if parsed.trust is not None else (),
                f"the record must name a trust served here by its id (served: {known})",
            )
        answer = check(located, trust=served.trusts[parsed.trust]).to_dict()
    except LoadError as exc:
        marks = {exc.line: [{"message": exc.message}]} if exc.line else {}
        return {
            "name": name,
            "error": {"message": exc.message, "line": exc.line, "column": exc.column},
            "text": text,
            "lines": _source_lines(text, marks),
        }
    except GovrulesError as exc:
        return {"name": name, "error": {"message": str(exc)}, "text": text, "lines": []}
    return {"name": name, "error": None, "answer": answer, "text": text}


# --------------------------------------------------------------------------- mounting


def mount(api: FastAPI, served: Callable[[], Served], timeout: Callable[[], float]) -> None:
    """Add the pages to the app: ``/`` and the pages it links to, outside the OpenAPI
    description (they answer in HTML, not the API's JSON)."""
    web = Web(served, timeout)
    pages: list[tuple[str, str, Callable[..., Any]]] = [
        ("GET", "/", web.index),
        ("GET", "/draft", web.draft_form),
        ("POST", "/draft", web.draft),
        ("GET", "/ask", web.ask_form),
        ("POST", "/ask", web.ask),
        ("GET", "/escalation", web.escalate),
        ("GET", "/record", web.record_form),
        ("POST", "/record", web.record),
    ]
    for method, path, endpoint in pages:
        api.add_api_route(
            path,
            endpoint,
            methods=[method],
            include_in_schema=False,
            response_class=HTMLResponse,
        )
    for name in _STATIC:
        api.get(f"/static/{name}", include_in_schema=False)(_file(name))


def _file(name: str) -> Callable[[], Any]:
    """The endpoint of one of the page's own files: it takes nothing from the request."""

    async def endpoint() -> Response:
        return Response(_static(name), media_type=_STATIC[name], headers=HEADERS)

    return endpoint
