"""`govrules serve` as a real server: a subprocess on a free port, asked over HTTP.

Every endpoint's JSON is compared with what the command prints with `--format json` for the
same question; hostile requests get the CLI's JSON error document with a 4xx status.
"""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

httpx = pytest.importorskip("httpx")  # the `serve` extra; CI installs it with `.[test]`
pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from serving import SUFFOLK_RECORD, start_server  # noqa: E402

import govrules  # noqa: E402
from govrules.interfaces.cli import run  # noqa: E402

RECORD = SUFFOLK_RECORD + "    abstain: []\n"

LATER_RECORD = RECORD.replace("2010-03-01", "2010-06-01").replace("vcs, vcs,", "vcs,")


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    log: list[dict[str, Any]] = field(default_factory=list)

    def post(self, path: str, body: Any, **kw: Any) -> Any:
        return httpx.post(self.url + path, json=body, timeout=30, **kw)

    def get(self, path: str, **kw: Any) -> Any:
        return httpx.get(self.url + path, timeout=30, **kw)


def start(*args: str, env: dict[str, str] | None = None) -> Server:
    """Start `govrules serve` on a free port."""
    process, url, lines = start_server(*args, env=env)
    server = Server(process, url)
    # The rest of the log, kept for the access-log test (and so the pipe never fills).
    threading.Thread(target=_drain, args=(lines, server.log), daemon=True).start()
    assert server.get("/healthz").json()["status"] == "ok"
    return server


def _drain(lines: queue.Queue[str], log: list[dict[str, Any]]) -> None:
    while True:
        log.append(json.loads(lines.get()))


def stop(server: Server) -> None:
    server.process.terminate()
    server.process.wait(timeout=10)


@pytest.fixture(scope="module")
def trusts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("trusts")
    (folder / "my-trust.yaml").write_text(govrules.skeleton(), encoding="utf-8")
    other = govrules.skeleton().replace("id: my-trust", "id: my-trust-2011")
    (folder / "my-trust-2011.yaml").write_text(other.replace("at_least: 50%", "number: 3"))
    return folder


@pytest.fixture(scope="module")
def server(trusts_dir: Path) -> Iterator[Server]:
    served = start("suffolk", "wirral", "rutland", "--trusts-dir", str(trusts_dir))
    yield served
    stop(served)


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    capsys.readouterr()
    status = run([*args, "--format", "json"])
    return status, json.loads(capsys.readouterr().out)


def same(server: Server, capsys: Any, path: str, body: Any, *args: str) -> Any:
    """The endpoint's answer, asserted equal to the command's, exit status included."""
    response = server.post(path, body)
    status, expected = cli_json(capsys, *args)
    assert response.json() == expected
    assert int(response.headers["x-govrules-exit"]) == status
    assert response.status_code == (200 if status != 2 else response.status_code)
    return response.json()


# --------------------------------------------------------------------------- every endpoint


@pytest.mark.parametrize("path", ["/voters", "/vote"])
def test_a_matter_left_undescribed_is_incomplete_as_on_the_command_line(
    server: Server, capsys: Any, path: str
) -> None:
    # Rutland's conflict-resolution vote gives partners affected by the matter a vote: a
    # request that does not say who is affected must not be answered as if nobody were.
    q = {"trust": "rutland", "body": "board", "procedure": "conflict-resolution"}
    args = ["rutland", "board", "--procedure", "conflict-resolution"]
    if path == "/vote":
        q |= {"for": ["dcs"], "against": []}
        args += ["--for", "dcs"]
    got = same(server, capsys, path, q, path.strip("/"), *args)
    assert got["answer"] == "incomplete"
    assert "--affects" in got["needs"]
    nobody = same(
        server,
        capsys,
        path,
        {**q, "affects": [], "implementers": []},
        path.strip("/"),
        *args,
        "--affects",
        "none",
        "--implementer",
        "none",
    )
    assert nobody["answer"] != "incomplete"


def test_quorum_is_the_commands_answer(server: Server, capsys: Any) -> None:
    q = {"trust": "suffolk", "body": "strategic-board"}
    assert (
        same(
            server,
            capsys,
            "/quorum",
            {**q, "count": 9},
            "quorum",
            "suffolk",
            "strategic-board",
            "--count",
            "9",
        )["answer"]
        == "quorate"
    )
    present = ["portfolio-holder", "vcs", "vcs"]
    # Every place filled: 10.1's "membership" is every place read either way.
    answer = same(
        server,
        capsys,
        "/quorum",
        {**q, "present": present, "vacancies": 0},
        "quorum",
        "suffolk",
        "strategic-board",
        "--present",
        ",".join(present),
        "--vacancies",
        "0",
    )
    assert answer["answer"] == "inquorate" and answer["present"] == 3


def test_voters_vote_escalate_eligible(server: Server, capsys: Any) -> None:
    same(
        server, capsys, "/voters", {"trust": "wirral", "body": "board"}, "voters", "wirral", "board"
    )
    same(
        server,
        capsys,
        "/voters",
        {"trust": "suffolk", "body": "strategic-board", "affects": ["vcs"]},
        "voters",
        "suffolk",
        "strategic-board",
        "--affects",
        "vcs",
    )
    vote = {
        "trust": "suffolk",
        "body": "strategic-board",
        "for": ["portfolio-holder", "vcs"],
        "against": ["director-cyp"],
        "abstain": ["schools"],
    }
    answer = same(
        server,
        capsys,
        "/vote",
        vote,
        "vote",
        "suffolk",
        "strategic-board",
        "--for",
        "portfolio-holder,vcs",
        "--against",
        "director-cyp",
        "--abstain",
        "schools",
    )
    assert answer["for"] == 2 and answer["against"] == 1
    # Carried by an inquorate Board, every place filled: in principle only (10.1), so the
    # status is 1, not 0.
    in_principle = {
        "trust": "suffolk",
        "body": "strategic-board",
        "for": ["portfolio-holder", "vcs", "vcs", "director-cyp", "nhs-suffolk"],
        "against": ["schools"],
        "vacancies": 0,
    }
    answer = same(
        server,
        capsys,
        "/vote",
        in_principle,
        "vote",
        "suffolk",
        "strategic-board",
        "--for",
        "portfolio-holder,vcs,vcs,director-cyp,nhs-suffolk",
        "--against",
        "schools",
        "--vacancies",
        "0",
    )
    assert (answer["answer"], answer["effect"]) == ("carried", "in-principle")
    same(
        server,
        capsys,
        "/escalate",
        {"trust": "wirral", "body": "executive"},
        "escalate",
        "wirral",
        "executive",
    )
    same(
        server,
        capsys,
        "/eligible",
        {"trust": "suffolk", "body": "strategic-board", "seat": "portfolio-holder"},
        "eligible",
        "suffolk",
        "strategic-board",
        "portfolio-holder",
    )


def test_show_and_diff(server: Server, capsys: Any, trusts_dir: Path) -> None:
    same(server, capsys, "/show", {"trust": "rutland"}, "show", "rutland")
    same(server, capsys, "/show", {"trust": "rutland", "body": "board"}, "show", "rutland", "board")
    answer = same(
        server,
        capsys,
        "/diff",
        {"old": "my-trust", "new": "my-trust-2011"},
        "diff",
        str(trusts_dir / "my-trust.yaml"),
        str(trusts_dir / "my-trust-2011.yaml"),
    )
    assert answer["answer"] == "changed" and answer["changes"]


def test_check_audit_validate_read_text(
    server: Server, capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the command is given the same file names the requests give
    (tmp_path / "record.yaml").write_text(RECORD, encoding="utf-8")
    (tmp_path / "later.yaml").write_text(LATER_RECORD, encoding="utf-8")
    answer = same(server, capsys, "/check", {"text": RECORD}, "check", "record.yaml")
    assert answer["answer"] in ("valid", "invalid", "unspecified") and answer["decisions"]
    records = [{"text": RECORD}, {"text": LATER_RECORD, "name": "later.yaml"}]
    same(
        server,
        capsys,
        "/audit",
        {"trust": "suffolk", "records": records, "to": "2010-12-31"},
        "audit",
        "suffolk",
        "record.yaml",
        "later.yaml",
        "--to",
        "2010-12-31",
    )
    draft = govrules.skeleton().replace("final_arbiter: board", "final_arbiter: nowhere")
    (tmp_path / "draft.yaml").write_text(draft, encoding="utf-8")
    answer = same(
        server, capsys, "/validate", {"text": draft, "name": "draft.yaml"}, "validate", "draft.yaml"
    )
    assert answer["answer"] == "problems"
    (tmp_path / "trust.yaml").write_text(govrules.skeleton(), encoding="utf-8")
    clean = same(
        server, capsys, "/validate", {"text": govrules.skeleton()}, "validate", "trust.yaml"
    )
    assert clean["answer"] == "ok"


def test_errors_are_the_commands_error_documents(
    server: Server, capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    response = server.post("/quorum", {"trust": "suffolk", "body": "nope", "count": 3})
    assert response.status_code == 404
    assert response.json() == cli_json(capsys, "quorum", "suffolk", "nope", "--count", "3")[1]
    vote = {"trust": "suffolk", "body": "strategic-board", "for": ["nobody"]}
    response = server.post("/vote", vote)
    assert response.status_code == 400
    _, expected = cli_json(capsys, "vote", "suffolk", "strategic-board", "--for", "nobody")
    assert response.json() == expected
    # A malformed record: the same located error, naming the same file, line and column.
    monkeypatch.chdir(tmp_path)
    bad = RECORD.replace("date: 2010-03-01", "date: someday")
    (tmp_path / "record.yaml").write_text(bad, encoding="utf-8")
    response = server.post("/check", {"text": bad})
    assert response.status_code == 422
    _, expected = cli_json(capsys, "check", "record.yaml")
    assert response.json() == expected and expected["error"]["line"] == 3


def test_trusts_are_listed_with_their_documents(server: Server) -> None:
    listed = {t["id"]: t for t in server.get("/trusts").json()["trusts"]}
    assert sorted(listed) == ["my-trust", "my-trust-2011", "rutland", "suffolk", "wirral"]
    suffolk = govrules.load("suffolk")
    assert listed["suffolk"]["document"]["title"] == suffolk.document.title
    assert listed["suffolk"]["bodies"] == [b.id for b in suffolk.bodies]
    assert server.get("/trusts/wirral").json() == listed["wirral"]
    paths = server.get("/openapi.json").json()["paths"]
    commands = ["quorum", "voters", "vote", "escalate", "eligible", "show", "check", "audit"]
    assert {f"/{c}" for c in [*commands, "validate", "diff"]} <= set(paths)
    assert "QuorumRequest" in json.dumps(paths["/quorum"])
    assert "text/html" in server.get("/docs").headers["content-type"]


# --------------------------------------------------------------------------- hostile requests


def test_oversized_bodies_are_refused(server: Server) -> None:
    big = {"text": "a" * 1_100_000}
    assert server.post("/validate", big).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: refused as it arrives
        yield b'{"text": "'
        for _ in range(200):
            yield b"a" * 10_000
        yield b'"}'

    response = httpx.post(
        server.url + "/validate",
        content=chunks(),
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413 and response.json()["answer"] == "error"


def test_malformed_and_unknown_requests(server: Server) -> None:
    headers = {"content-type": "application/json"}
    response = httpx.post(server.url + "/quorum", content=b'{"trust":', headers=headers)
    assert response.status_code == 400 and "not JSON" in response.json()["error"]["message"]
    assert server.post("/quorum", ["suffolk"]).status_code == 422
    unknown = {"trust": "suffolk", "body": "strategic-board", "count": 9, "path": "/etc"}
    response = server.post("/quorum", unknown)
    assert response.status_code == 422 and "path" in response.json()["error"]["message"]
    assert (
        server.post("/quorum", {"trust": "suffolk", "body": "board", "count": -1}).status_code
        == 422
    )
    response = server.post("/quorum", {"trust": "suffolk", "body": "strategic-board"})
    assert response.status_code == 400
    response = httpx.post(server.url + "/quorum", content=b'{"trust": "suffolk"}')
    assert response.status_code == 415  # not sent as JSON
    assert server.post("/nope", {}).status_code == 404
    assert server.post("/validate", {"text": "id: x", "name": "../x.yaml"}).status_code == 422


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "/etc/passwd", "%2e%2e", "..", "suffolk.yaml", "SUFFOLK"]
)
def test_a_trust_is_named_by_id_never_by_path(server: Server, name: str) -> None:
    response = server.post("/quorum", {"trust": name, "body": "board", "count": 1})
    assert response.status_code == 404 and response.json()["answer"] == "error"
    assert "root:" not in response.text
    listed = server.get(f"/trusts/{name.replace('/', '%2F')}")
    if name == "..":  # the client resolves `/trusts/..` to `/`: the web page, not a trust
        assert listed.url.path == "/" and listed.headers["content-type"].startswith("text/html")
    else:
        assert listed.status_code == 404


def test_a_record_cannot_name_a_file(server: Server, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"  # a valid trust the server was not given
    secret.write_text(govrules.skeleton().replace("id: my-trust", "id: secret"))
    for named in (str(secret), "../" * 8 + str(secret)[1:], str(tmp_path / "secret")):
        record = RECORD.replace("trust: suffolk", f"trust: {named}")
        response = server.post("/check", {"text": record})
        assert response.status_code == 404, response.text
        assert "Trust Board" not in response.text and response.json()["error"]["line"] == 1
    audit = {"trust": "suffolk", "records": [{"text": RECORD.replace("suffolk", "wirral", 1)}]}
    assert server.post("/audit", audit).status_code == 400  # a served trust, but not this one


def test_the_access_log_is_json_without_bodies(server: Server) -> None:
    marker = "marker-7f3a9c"
    server.post("/quorum", {"trust": marker, "body": "board", "count": 1})
    time.sleep(0.3)
    entries = [e for e in server.log if e.get("path") == "/quorum" and e.get("status") == 404]
    assert entries and {"method", "path", "status", "ms"} <= set(entries[-1])
    assert all(marker not in json.dumps(e) for e in server.log)


# --------------------------------------------------------------------------- token and reload


def test_a_bearer_token_guards_every_endpoint_but_healthz() -> None:
    guarded = start("suffolk", env={"GOVRULES_TOKEN": "s3cret-token"})
    try:
        assert guarded.get("/healthz").status_code == 200
        assert guarded.get("/trusts").status_code == 401
        assert guarded.get("/openapi.json").status_code == 401
        wrong = {"Authorization": "Bearer s3cret-toke"}
        assert guarded.get("/trusts", headers=wrong).status_code == 401
        right = {"Authorization": "Bearer s3cret-token"}
        assert guarded.get("/trusts", headers=right).status_code == 200
        q = {"trust": "suffolk", "body": "strategic-board", "count": 9}
        assert guarded.post("/quorum", q).status_code == 401
        assert guarded.post("/quorum", q, headers=right).json()["answer"] == "quorate"
    finally:
        stop(guarded)


def test_no_token_no_auth(server: Server) -> None:
    assert server.get("/trusts").status_code == 200


def test_sighup_reloads_the_trusts(tmp_path: Path) -> None:
    trust = tmp_path / "my-trust.yaml"
    trust.write_text(govrules.skeleton(), encoding="utf-8")
    reloading = start("--trusts-dir", str(tmp_path))
    try:
        q = {"trust": "my-trust", "body": "board", "count": 2}
        assert reloading.post("/quorum", q).json()["answer"] == "quorate"
        trust.write_text(govrules.skeleton().replace("at_least: 50%", "at_least: 75%"))
        reloading.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 15
        while reloading.post("/quorum", q).json()["answer"] == "quorate":
            assert time.monotonic() < deadline, "the trust was not reloaded"
            time.sleep(0.1)
        assert reloading.post("/quorum", q).json()["required"] == 3
        # A broken edit keeps the trusts served as they were.
        trust.write_text("id: [unclosed")
        reloading.process.send_signal(signal.SIGHUP)
        time.sleep(1)
        assert reloading.post("/quorum", q).json()["required"] == 3
        assert any(e.get("event") == "reload-failed" for e in reloading.log)
    finally:
        stop(reloading)


def test_importing_govrules_does_not_import_the_server() -> None:
    code = (
        "import sys, govrules; govrules.quorum(govrules.load('suffolk'), 'strategic-board',"
        " count=9); import govrules.interfaces.cli;"
        " print([m for m in sys.modules if m.split('.')[0] in ('fastapi', 'uvicorn')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_question_past_the_time_limit_is_refused(tmp_path: Path) -> None:
    hurried = start("suffolk", "--timeout", "0.000001")
    try:
        records = [{"text": RECORD}, {"text": LATER_RECORD, "name": "later.yaml"}]
        response = hurried.post("/audit", {"trust": "suffolk", "records": records})
        assert response.status_code == 503
        assert "longer than" in response.json()["error"]["message"]
        assert hurried.get("/healthz").status_code == 200  # the server goes on answering
    finally:
        stop(hurried)


def test_a_port_in_use_is_a_one_line_error(server: Server) -> None:
    port = server.url.rsplit(":", 1)[1]
    done = subprocess.run(
        [sys.executable, "-m", "govrules", "serve", "suffolk", "--port", port],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("govrules: error: cannot listen on 127.0.0.1:")
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_trust_that_does_not_load_stops_the_start(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(govrules.skeleton())
    (tmp_path / "b.yaml").write_text(govrules.skeleton())  # the same id twice
    done = subprocess.run(
        [sys.executable, "-m", "govrules", "serve", "--trusts-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "trust `my-trust` is also loaded" in done.stderr
