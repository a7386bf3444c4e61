"""Hostile and unlucky inputs to `govrules serve`, the CLI's `-` and `--trusts-dir`, `init`
and `fmt`: each once broke, and each is answered now as the contract says."""

from __future__ import annotations

import asyncio
import importlib
import json
import types
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from govrules.interfaces.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SUFFOLK = (ROOT / "trusts" / "suffolk.yaml").read_text()


def asgi(
    method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    """One request to the guarded app, in process: its status and its JSON."""
    pytest.importorskip("fastapi")
    serve = importlib.import_module("govrules.interfaces.serve")
    serve._STATE.served = serve.load_served([], None)
    app = serve.Guard(serve.build_app(), None)
    sent: list[dict[str, Any]] = []
    given = False

    async def receive() -> dict[str, Any]:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        raise AssertionError

    async def send(message: dict[str, Any]) -> None:
        sent.append(dict(message))

    raw = {"content-type": "application/json", **(headers or {})}
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 1),
        "headers": [(k.lower().encode(), v.encode()) for k, v in raw.items()],
    }
    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    payload = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(payload)


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,  # deeper than the JSON parser recurses
        b'{"trust": "\xff\xfe"}',  # not UTF-8
        b'{"count": ' + b"9" * 5000 + b"}",  # longer than Python reads an int
    ],
    ids=["deep", "not-utf8", "long-number"],
)
def test_an_unparsable_body_is_the_error_document(body: bytes) -> None:
    status, doc = asgi("POST", "/quorum", body)
    assert status == 400
    assert doc["answer"] == "error"
    assert doc["question"] == "quorum"
    assert "not JSON" in doc["error"]["message"]


# --- a file's `trust:` is never standard input ------------------------------------------------

RECORD = 'trust: "-"\nbody: strategic-board\ndate: 2010-03-01\nattendees: [vcs]\n'
SCENARIO = (
    'trust: "-"\ncases:\n  - name: q\n    question: quorum\n    body: strategic-board\n'
    "    count: 9\n    expect: {answer: quorate}\n"
)


@pytest.mark.parametrize(
    ("command", "name", "text"),
    [("check", "r.yaml", RECORD), ("test", "s.yaml", SCENARIO)],
)
def test_a_files_trust_dash_does_not_read_standard_input(
    tmp_path: Path, command: str, name: str, text: str
) -> None:
    # `-` means standard input on the command line only: a record or scenario naming `-`
    # would otherwise take whatever is piped to the command as its trust.
    file = tmp_path / name
    file.write_text(text)
    result = CliRunner().invoke(cli, [command, str(file)], input=SUFFOLK)
    assert result.exit_code == 2, result.output
    assert f"{file}:1:1:" in result.output
    assert "standard input" in result.output


# --- init ------------------------------------------------------------------------------------


def test_init_does_not_write_through_a_dangling_symlink(tmp_path: Path) -> None:
    # The name exists (as a link): without --force it is left alone, and nothing is created
    # where the link points.
    target = tmp_path / "elsewhere" / "planted.yaml"
    target.parent.mkdir()
    link = tmp_path / "new.yaml"
    link.symlink_to(target)
    result = CliRunner().invoke(cli, ["init", str(link)])
    assert result.exit_code == 2, result.output
    assert "already exists" in result.output
    assert not target.exists()
    assert link.is_symlink()


# --- serve: SIGHUP ---------------------------------------------------------------------------


def test_two_hangups_leave_the_newer_load_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two SIGHUPs in quick succession: the first load is slow, the second quick. The trusts
    # served at the end are those of the second load, not the first's finishing late.
    pytest.importorskip("fastapi")
    import signal
    import threading

    serve = importlib.import_module("govrules.interfaces.serve")
    first_started = threading.Event()
    loads: list[object] = []

    def load(names: object, trusts_dir: object) -> object:
        mine = types.SimpleNamespace(trusts={})
        loads.append(mine)
        if len(loads) == 1:
            first_started.set()
            threading.Event().wait(0.5)
        return mine

    monkeypatch.setattr(serve, "load_served", load)
    monkeypatch.setattr(serve._STATE, "served", None, raising=False)
    monkeypatch.setattr(serve, "_log", lambda record: None)
    before = signal.getsignal(signal.SIGHUP)
    try:
        serve._reload_on_hangup([], None)
        handler = signal.getsignal(signal.SIGHUP)
        assert callable(handler)
        handler(signal.SIGHUP, None)
        assert first_started.wait(5)
        handler(signal.SIGHUP, None)
        for thread in threading.enumerate():
            if thread.name == "govrules-reload":
                thread.join(5)
    finally:
        signal.signal(signal.SIGHUP, before)
    assert len(loads) == 2
    assert serve._STATE.served is loads[1]
