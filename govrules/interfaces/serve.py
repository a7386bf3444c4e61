"""``govrules serve``: the command's answers over HTTP, as JSON (``docs/serve.md``).

Each endpoint asks the library the question its command asks and returns exactly the JSON
that command prints with ``--format json``; a question that cannot be answered returns the
command's JSON error document with a 4xx status. Only the trusts loaded at start are served,
named by id: nothing in a request is ever a path. Imported only by ``govrules serve`` (it
needs the ``serve`` extra: FastAPI and uvicorn).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import json
import os
import signal
import socket
import sys
import threading
import time
import types
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..evaluating.questions import QUESTIONS, bind, question
from ..language.schema import Trust
from ..presenting.meaning import answer_status, error_document
from ..reading.errors import GovrulesError, LoadError, QueryError, excerpt

__all__ = ["Served", "app", "load_served", "run"]

MAX_REQUEST_BYTES = 1_000_000
"""A request body's largest size: the same bound as a trust file (``Limits.max_bytes``)."""
TIMEOUT_SECONDS = 10.0
"""The longest a question may take; the slowest real one takes milliseconds."""
TOKEN_VARIABLE = "GOVRULES_TOKEN"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


# --------------------------------------------------------------------------- trusts


@dataclass(frozen=True)
class Served:
    """The trusts served, by id, and where each came from. Immutable: a reload builds a new
    one and swaps the reference, so a request in flight keeps the trusts it began with."""

    trusts: Mapping[str, Trust]
    origins: Mapping[str, str]


def load_served(names: Iterable[str], trusts_dir: str | None) -> Served:
    """Load the trusts named (bundled names or paths) and the ``*.yaml`` files of
    ``trusts_dir``; with neither, every bundled trust.

    :raises GovrulesError: a trust cannot be loaded, or two have the same id.
    """
    from ..compiling.loader import bundled_names
    from ..compiling.versions import load_as_of

    wanted = list(names)
    if trusts_dir is not None:
        wanted += [str(p) for p in sorted(Path(trusts_dir).glob("*.y*ml")) if p.is_file()]
    elif not wanted:
        wanted = bundled_names()
    trusts: dict[str, Trust] = {}
    origins: dict[str, str] = {}
    for name in wanted:
        trust = load_as_of(name, None)
        if trust.id in trusts:
            raise LoadError(
                f"trust `{trust.id}` is also loaded from {origins[trust.id]}",
                path=name,
                hint="serve one version of each trust",
            )
        trusts[trust.id] = trust
        origins[trust.id] = name
    return Served(types.MappingProxyType(trusts), types.MappingProxyType(origins))


# --------------------------------------------------------------------------- requests

Ident = Annotated[str, StringConstraints(min_length=1, max_length=200)]
"""An id as a request gives it: checked against the trust, never used as a path."""
Ids = Annotated[list[Ident], Field(max_length=1000)]
FileName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
"""The name that labels YAML text in its errors, as a file of that name would be labelled."""
YamlText = Annotated[str, StringConstraints(max_length=MAX_REQUEST_BYTES)]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuorumRequest(_Request):
    """`govrules quorum TRUST BODY (--present IDS | --count N) [--vacancies N] [--vacant IDS]
    [--suspended IDS]`."""

    trust: Ident
    body: Ident
    present: Ids | None = Field(None, description="Seat ids present; give this or count.")
    count: int | None = Field(None, ge=0, description="Number of members present.")
    vacancies: int | None = Field(None, ge=0, description="Places vacant, in all.")
    vacant: Ids | None = Field(None, description="Seat ids of vacant places, once per place.")
    suspended: Ids | None = Field(None, description="Seat ids of suspended members.")
    matter: Ident | None = Field(
        None, description="The kind of matter (declared by the trust, or `none`)."
    )


class VotersRequest(_Request):
    """`govrules voters TRUST BODY [--procedure ID] [--affects ..] [--implementer ..]`."""

    trust: Ident
    body: Ident
    procedure: Ident | None = None
    # Left out, the matter is not described (as on the command line): an answer that turns on
    # who the matter affects is `incomplete`, never an answer for a matter affecting nobody.
    affects: Ids | None = Field(
        None, description="Partners or seats affected ([]: nobody; absent: not described)."
    )
    implementers: Ids | None = Field(
        None, description="Partners or seats implementing ([]: nobody; absent: not described)."
    )
    vacancies: int | None = Field(None, ge=0, description="Places vacant, in all.")
    vacant: Ids | None = Field(None, description="Seat ids of vacant places, once per place.")
    suspended: Ids | None = Field(None, description="Seat ids of suspended members.")
    matter: Ident | None = Field(
        None, description="The kind of matter (declared by the trust, or `none`)."
    )


class VoteRequest(_Request):
    """`govrules vote TRUST BODY --for IDS --against IDS [--abstain IDS] [--present IDS] ...`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    trust: Ident
    body: Ident
    for_: Ids = Field(default_factory=list, alias="for")
    against: Ids = Field(default_factory=list)
    abstain: Ids = Field(default_factory=list)
    present: Ids | None = Field(None, description="Default: everyone who voted or abstained.")
    chair_casts: Literal["for", "against"] | None = None
    procedure: Ident | None = None
    affects: Ids | None = Field(
        None, description="Partners or seats affected ([]: nobody; absent: not described)."
    )
    implementers: Ids | None = Field(
        None, description="Partners or seats implementing ([]: nobody; absent: not described)."
    )
    matter: Ident | None = Field(
        None, description="The kind of matter (declared by the trust, or `none`)."
    )
    matter_kind: Ident | None = Field(None, description="The older name of `matter`.")
    step: int | None = Field(
        None, ge=1, description="The step of `procedure` the resolution takes (1 for the first)."
    )
    invalid: int = Field(0, ge=0, description="Invalid (spoilt) ballots.")
    vacancies: int | None = Field(None, ge=0, description="Places vacant, in all.")
    vacant: Ids | None = Field(None, description="Seat ids of vacant places, once per place.")
    suspended: Ids | None = Field(None, description="Seat ids of suspended members.")


class EscalateRequest(_Request):
    """`govrules escalate TRUST BODY [--procedure ID] [--from DATE]`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    trust: Ident
    body: Ident
    procedure: Ident | None = None
    from_: dt.date | None = Field(None, alias="from")


class EligibleRequest(_Request):
    """`govrules eligible TRUST BODY SEAT [--office chair|vice-chair] [--other-holder SEAT]`."""

    trust: Ident
    body: Ident
    seat: Ident
    office: Literal["chair", "vice-chair"] = "chair"
    other_holder: Ident | None = None


class ShowRequest(_Request):
    """`govrules show TRUST [BODY]`."""

    trust: Ident
    body: Ident | None = None


class DiffRequest(_Request):
    """`govrules diff OLD NEW`: two served trusts."""

    old: Ident
    new: Ident


class RecordText(_Request):
    """A meeting record's YAML text, and the file name its errors are labelled with."""

    text: YamlText
    name: FileName = "record.yaml"


class CheckRequest(RecordText):
    """`govrules check RECORD`: the record's `trust:` must name a served trust."""


class AuditRequest(_Request):
    """`govrules audit TRUST RECORDS... [--from DATE] [--to DATE]`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    trust: Ident
    records: Annotated[list[RecordText], Field(min_length=1, max_length=1000)]
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None


class ValidateRequest(_Request):
    """`govrules validate FILE [--strict]`: the text of one trust file."""

    text: YamlText
    name: FileName = "trust.yaml"
    strict: bool = False


# --------------------------------------------------------------------------- answers


class Refused(Exception):
    """A request that cannot be answered: an HTTP status and the CLI's error document."""

    def __init__(self, status: int, message: str, error: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error = error


def _trust(served: Served, trust_id: str) -> Trust:
    found = served.trusts.get(trust_id)
    if found is None:
        known = ", ".join(sorted(served.trusts)) or "none"
        raise Refused(404, f"no trust `{excerpt(trust_id)}` is served here (served: {known})")
    return found


def _located(text: str, name: str) -> Any:
    from ..reading.yamlsource import parse_yaml

    return parse_yaml(text, name)  # the default Limits, as for a file


def _record(served: Served, item: RecordText) -> tuple[Any, Any]:
    """The record parsed, and the served trust its `trust:` names (None: it names none)."""
    from ..evaluating.meetings import read_record

    located = _located(item.text, item.name)
    parsed, _, _ = read_record(located)
    if parsed.trust is None:
        return located, None
    if parsed.trust not in served.trusts:
        known = ", ".join(sorted(served.trusts)) or "none"
        raise Refused(
            404,
            f"cannot use trust `{excerpt(parsed.trust)}`: not served here (served: {known})",
            located.error(("trust",), "a record names a served trust by its id"),
        )
    return located, served.trusts[parsed.trust]


def _ask(served: Served, command: str, req: Any) -> Any:
    """The library's answer to one request (an object with ``to_dict()``): a question about a
    trust's body is asked as the registry declares it, each argument the request's field of
    that name; the others read their requests as :data:`_ASKS` says."""
    asked = question(command)
    if asked is None or not asked.http:
        raise AssertionError(command)
    if asked.subject == "other":
        return _ASKS[command](served, req)
    given = {a.name: getattr(req, a.field) for a in asked.arguments}
    if asked.one_of and sum(given[a] is not None for a in asked.one_of) != 1:
        raise Refused(400, f"give exactly one of {' or '.join(asked.one_of)}")
    return bind(asked, "interfaces")(_trust(served, req.trust), req.body, **given)


def _diff(served: Served, req: DiffRequest) -> Any:
    from ..authoring.diff import diff

    return diff(_trust(served, req.old), _trust(served, req.new))


def _check(served: Served, req: CheckRequest) -> Any:
    from ..evaluating.meetings import check

    located, trust = _record(served, req)
    # With no `trust:`, check refuses the record before it could look for one.
    return check(located, trust=trust)


def _audit(served: Served, req: AuditRequest) -> Any:
    from ..evaluating.audit import audit

    trust = _trust(served, req.trust)
    records = []
    for item in req.records:
        located, named = _record(served, item)
        if named is not None and named.id != trust.id:
            raise QueryError(f"{item.name}: the record is for trust `{named.id}`, not `{trust.id}`")
        records.append(located)
    return audit(trust, records, start=req.from_, end=req.to)


def _validate(served: Served, req: ValidateRequest) -> Any:
    from ..authoring.findings import validate_text

    return validate_text(req.text, req.name, strict=req.strict)


# The questions whose requests are not a trust's body and the registry's arguments.
_ASKS: dict[str, Callable[[Served, Any], Any]] = {
    "diff": _diff,
    "check": _check,
    "audit": _audit,
    "validate": _validate,
}


def _status(served: Served, req: Any, exc: GovrulesError) -> int:
    """404 for a body the trust does not have; 422 for YAML text that is not a valid record
    or trust; 400 for any other question that names what is not there."""
    if isinstance(exc, LoadError):
        return 422
    trust = served.trusts.get(getattr(req, "trust", None) or "")
    body = getattr(req, "body", None)
    if trust is not None and isinstance(body, str) and trust.body(body) is None:
        return 404
    return 400


def _json(data: Any, status: int = 200) -> Response:
    from ..reading.safetext import json_text

    # The command's own status: a carried vote that does not bind is not 0, and an answer
    # word the table does not know is an error, never a silent 0.
    meant = answer_status(data)
    exit_status = 2 if status >= 400 or meant is None else meant
    return Response(
        json_text(data, "utf-8") + "\n",
        status_code=status,
        media_type="application/json",
        headers={"X-Govrules-Exit": str(exit_status)},
    )


def _error(status: int, command: str | None, message: str, error: Any = None) -> Response:
    return _json(error_document(command, message, error), status)


# --------------------------------------------------------------------------- the app


class _State:
    served: Served


_STATE = _State()


def _answer(command: str, model: type[_Request]) -> Callable[..., Awaitable[Response]]:
    async def endpoint(req: Any) -> Response:
        served = _STATE.served  # one snapshot for the whole request
        try:
            answer = await asyncio.wait_for(
                asyncio.to_thread(_ask, served, command, req), _timeout()
            )
        except Refused as exc:
            return _error(exc.status, command, exc.message, exc.error)
        except GovrulesError as exc:
            message = exc.message if isinstance(exc, LoadError) else str(exc)
            return _error(_status(served, req, exc), command, message, exc)
        except TimeoutError:
            return _error(503, command, f"the question took longer than {_timeout()} seconds")
        return _json(answer.to_dict())

    endpoint.__annotations__ = {"req": model, "return": Response}
    endpoint.__name__ = command
    endpoint.__doc__ = model.__doc__
    return endpoint


# Each question served, by name: its request. tests/test_questions.py holds each request's
# fields to the question's declared arguments.
_REQUESTS: dict[str, type[_Request]] = {
    "quorum": QuorumRequest,
    "voters": VotersRequest,
    "vote": VoteRequest,
    "escalate": EscalateRequest,
    "eligible": EligibleRequest,
    "show": ShowRequest,
    "check": CheckRequest,
    "audit": AuditRequest,
    "validate": ValidateRequest,
    "diff": DiffRequest,
}
_COMMANDS = {q.name: _REQUESTS[q.name] for q in QUESTIONS if q.http}

_SETTINGS: dict[str, float] = {"timeout": TIMEOUT_SECONDS, "max_bytes": MAX_REQUEST_BYTES}


def _timeout() -> float:
    return _SETTINGS["timeout"]


def _listing(trust_id: str, trust: Trust, origin: str) -> dict[str, Any]:
    return {
        "id": trust_id,
        "name": trust.name,
        "document": {
            "title": trust.document.title,
            "date": trust.document.date,
            "status": trust.document.status,
        },
        "effective": (
            {
                "from": trust.effective.from_.isoformat() if trust.effective.from_ else None,
                "until": trust.effective.until.isoformat() if trust.effective.until else None,
            }
            if trust.effective
            else None
        ),
        "bodies": [b.id for b in trust.bodies],
        "procedures": [p.id for p in trust.procedures],
        "origin": Path(origin).name,
    }


def _web_available() -> bool:
    """The web page needs Jinja2 and python-multipart (the ``serve`` extra); the JSON API
    is served without them."""
    from importlib.util import find_spec

    forms = find_spec("python_multipart") or find_spec("multipart")
    return find_spec("jinja2") is not None and forms is not None


def build_app() -> FastAPI:
    """The FastAPI application (the trusts come from :data:`_STATE`)."""
    from ..version import __version__

    api = FastAPI(
        title="govrules",
        version=__version__,
        description="The answers of the govrules command over HTTP: each endpoint returns "
        "the JSON its command prints with --format json. See docs/serve.md.",
    )

    @api.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        command = request.url.path.strip("/") or None
        if "json" not in request.headers.get("content-type", ""):
            # Kept strict: a browser cannot send JSON across sites without asking first.
            return _error(415, command, "send the body as JSON (Content-Type: application/json)")
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        if first.get("type") == "json_invalid":
            reason = first.get("ctx", {}).get("error", "malformed JSON")
            return _error(400, command, f"the request body is not JSON: {reason}")
        message = f"{where}: {first.get('msg', 'invalid')}" if where else first.get("msg", "")
        return _error(422, command, f"invalid request: {message}")

    @api.exception_handler(400)
    async def unparsable(request: Request, exc: Exception) -> Response:
        # FastAPI's own 400, for a body its JSON reader gives up on (too deeply nested, a
        # number too long, not UTF-8): the error document, as for any other body not JSON.
        command = request.url.path.strip("/") or None
        return _error(
            400,
            command,
            "the request body is not JSON that can be read (nested too deep, a number too "
            "long, or not UTF-8)",
        )

    @api.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> Response:
        return _error(404, None, "no such endpoint (see /docs)")

    @api.exception_handler(405)
    async def not_allowed(request: Request, exc: Exception) -> Response:
        return _error(405, None, "method not allowed (see /docs)")

    @api.get("/healthz", summary="Is the server up?")
    async def healthz() -> dict[str, Any]:
        return {"status": "ok", "trusts": len(_STATE.served.trusts)}

    @api.get("/trusts", summary="The trusts served, with their document and bodies.")
    async def trusts() -> dict[str, Any]:
        served = _STATE.served
        return {
            "trusts": [
                _listing(i, served.trusts[i], served.origins[i]) for i in sorted(served.trusts)
            ]
        }

    @api.get("/trusts/{trust_id}", summary="One trust served, as listed by /trusts.")
    async def one_trust(trust_id: str) -> Response:
        served = _STATE.served
        if trust_id not in served.trusts:
            try:
                _trust(served, trust_id)
            except Refused as exc:
                return _error(exc.status, None, exc.message)
        return _json(_listing(trust_id, served.trusts[trust_id], served.origins[trust_id]))

    if _web_available():
        from .web import mount

        mount(api, lambda: _STATE.served, _timeout)

    for command, model in _COMMANDS.items():
        api.post(
            f"/{command}",
            summary=f"govrules {command}",
            response_class=JSONResponse,
            responses={
                200: {"description": f"the JSON of `govrules {command} --format json`"},
                400: {"description": "a question the trust cannot answer as asked"},
                404: {"description": "an unknown trust or body"},
                413: {"description": "the request body is too large"},
                415: {"description": "the body is not sent as application/json"},
                422: {"description": "an invalid request, or YAML text that is not valid"},
            },
        )(_answer(command, model))
    return api


# --------------------------------------------------------------------------- middleware


def _log(record: Mapping[str, Any]) -> None:
    # The real standard error: the console captures sys.stderr until the command ends, and a
    # server's command does not end.
    stream = sys.__stderr__
    if stream is not None:
        try:
            stream.write(json.dumps(record, ensure_ascii=True) + "\n")
            stream.flush()
        except OSError:
            pass


async def _send_error(send: Send, status: int, message: str) -> None:
    from ..reading.safetext import json_text

    body = (json_text(error_document(None, message), "utf-8") + "\n").encode()
    headers = [(b"content-type", b"application/json"), (b"x-govrules-exit", b"2")]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Access log, bearer token and request size, around the app (plain ASGI, so that an
    oversized body is refused as it arrives, before it is read whole)."""

    def __init__(self, inner: ASGIApp, token: str | None) -> None:
        self.inner = inner
        self.token = token.encode() if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self._guarded(scope, receive, sending)
        finally:
            _log(
                {
                    "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
                    "method": scope.get("method"),
                    "path": scope.get("path"),
                    "status": status["code"],
                    "ms": round((time.perf_counter() - started) * 1000, 2),
                }
            )

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.token is not None and scope.get("path") != "/healthz":
            given = dict(scope.get("headers", ())).get(b"authorization", b"")
            if not hmac.compare_digest(given, b"Bearer " + self.token):
                await _send_error(send, 401, "a bearer token is needed (Authorization: Bearer)")
                return
        limit = int(_SETTINGS["max_bytes"])
        length = dict(scope.get("headers", ())).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _send_error(send, 413, f"the request body is larger than {limit} bytes")
            return
        # The body is read here, bounded, whatever its framing (a chunked body has no
        # length to refuse it by), and handed on whole.
        chunks: list[bytes] = []
        seen = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > limit:
                await _send_error(send, 413, f"the request body is larger than {limit} bytes")
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        given = False

        async def replay() -> Message:
            nonlocal given
            if not given:
                given = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.inner(scope, replay, send)


# --------------------------------------------------------------------------- running


def app() -> ASGIApp:
    """The guarded application, for an ASGI server (the trusts must be loaded first)."""
    return Guard(build_app(), os.environ.get(TOKEN_VARIABLE) or None)


def _reload_on_hangup(names: list[str], trusts_dir: str | None) -> None:
    # One reload at a time: a slow load finishing after a later one must not put back the
    # older trusts.
    one_at_a_time = threading.Lock()

    def reload() -> None:
        with one_at_a_time:
            try:
                fresh = load_served(names, trusts_dir)
            except GovrulesError as exc:  # keep serving what was loaded; say why not
                _log({"event": "reload-failed", "error": str(exc)})
                return
            _STATE.served = fresh  # one reference swapped: a request sees old or new, whole
        _log({"event": "reloaded", "trusts": sorted(fresh.trusts)})

    def hangup(signum: int, frame: Any) -> None:
        # Load in a thread: the event loop goes on answering with the trusts it has.
        threading.Thread(target=reload, name="govrules-reload", daemon=True).start()

    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, hangup)


def run(
    names: Iterable[str],
    trusts_dir: str | None,
    host: str,
    port: int,
    max_bytes: int = MAX_REQUEST_BYTES,
    timeout: float = TIMEOUT_SECONDS,
) -> None:
    """Load the trusts and serve them until interrupted; SIGHUP reloads them."""
    import logging

    import uvicorn

    names = list(names)
    _STATE.served = load_served(names, trusts_dir)
    _SETTINGS.update(timeout=timeout, max_bytes=max_bytes)
    # uvicorn's own errors to the real standard error; requests are logged by Guard.
    handler = logging.StreamHandler(sys.__stderr__)
    logging.getLogger("uvicorn.error").addHandler(handler)
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
    config = uvicorn.Config(
        app(), host=host, port=port, log_config=None, access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    _reload_on_hangup(names, trusts_dir)

    original_startup = server.startup

    async def startup(sockets: Any = None) -> None:
        await original_startup(sockets)
        for s in server.servers:
            for sock in s.sockets:
                bound = sock.getsockname()
                _log(
                    {
                        "event": "listening",
                        "url": f"http://{host}:{bound[1]}",
                        "port": bound[1],
                        "trusts": sorted(_STATE.served.trusts),
                    }
                )

    server.startup = startup  # type: ignore[method-assign]
    server.run(sockets=[_bound(host, port)])


def _bound(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``, or a one-line error (uvicorn would exit 3 with its
    own words if it could not bind)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as exc:
        raise GovrulesError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise GovrulesError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock
