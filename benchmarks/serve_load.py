"""Load test of ``govrules serve``: many concurrent clients over HTTP, beside the library.

Starts ``govrules serve suffolk wirral`` on 127.0.0.1 (a free port) as a subprocess, then
``--clients`` concurrent clients (one ``httpx.AsyncClient`` connection each) ask distinct
questions (quorum with a drawn set of seats present, and votes with drawn for/against/abstain
lists, seeded) for ``--seconds``. Reports requests per second, p50/p99 latency and errors, and
the library's own throughput for the same questions in the same run (one thread, answers
turned to JSON as the server does). A sample of the server's answers is checked against the
library's afterwards.

    .venv/bin/python benchmarks/serve_load.py [--seconds 30] [--clients 200] [--json]

Not a unit test: the numbers depend on the machine (the clients share its CPUs with the
server).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from typing import Any

import httpx

import govrules

SEED = 20261202
TRUST = "suffolk"
BODY = "strategic-board"


def questions(n: int) -> list[tuple[str, dict[str, Any]]]:
    """``n`` distinct questions: (endpoint, request body), half quorum, half vote."""
    trust = govrules.load(TRUST)
    body = trust.body(BODY)
    assert body is not None
    places = [s.id for s in body.seats for _ in range(s.count)]
    rng = random.Random(SEED)
    seen: set[str] = set()
    out: list[tuple[str, dict[str, Any]]] = []
    while len(out) < n:
        chosen = rng.sample(places, rng.randint(1, len(places)))
        if rng.random() < 0.5:
            q: tuple[str, dict[str, Any]] = (
                "/quorum",
                {"trust": TRUST, "body": BODY, "present": sorted(chosen)},
            )
        else:
            cut1 = rng.randint(1, len(chosen))  # at least one vote for
            cut2 = rng.randint(cut1, len(chosen))
            q = (
                "/vote",
                {
                    "trust": TRUST,
                    "body": BODY,
                    "for": sorted(chosen[:cut1]),
                    "against": sorted(chosen[cut1:cut2]),
                    "abstain": sorted(chosen[cut2:]),
                    "present": sorted(places),
                },
            )
        key = json.dumps(q, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(q)
    return out


def library_answer(trust: Any, endpoint: str, req: dict[str, Any]) -> dict[str, Any]:
    if endpoint == "/quorum":
        return govrules.quorum(trust, req["body"], present=req["present"]).to_dict()
    return govrules.vote(
        trust,
        req["body"],
        for_=req["for"],
        against=req["against"],
        abstain=req["abstain"],
        present=req["present"],
    ).to_dict()


def library_throughput(qs: list[tuple[str, dict[str, Any]]], seconds: float) -> float:
    """Questions a second the library answers in this process (to_dict and JSON included)."""
    trust = govrules.load(TRUST)
    done = 0
    start = time.perf_counter()
    for endpoint, req in qs:
        json.dumps(library_answer(trust, endpoint, req))
        done += 1
        if time.perf_counter() - start > seconds:
            break
    return done / (time.perf_counter() - start)


def start_server() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "govrules", "serve", TRUST, "wirral", "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        event = json.loads(line)
        if event.get("event") == "listening":
            # The access log is read and dropped, so that the pipe never fills.
            threading.Thread(target=process.stderr.read, daemon=True).start()
            return process, f"http://127.0.0.1:{event['port']}"
    raise SystemExit("the server did not start")


class RawClient:
    """One keep-alive HTTP/1.1 connection over asyncio streams: a load generator light enough
    that the server, not the client, is what is measured (httpx's own cost per request is
    several times the server's)."""

    def __init__(self, url: str) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        data = json.dumps(body).encode()
        writer.write(
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n\r\n".encode()
            + data
        )
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, await reader.readexactly(length)

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()


class HttpxClient:
    def __init__(self, url: str) -> None:
        self.client = httpx.AsyncClient(base_url=url, timeout=60)

    async def post(self, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
        response = await self.client.post(path, json=body)
        return response.status_code, response.content

    async def close(self) -> None:
        await self.client.aclose()


async def load(
    url: str, qs: list[tuple[str, dict[str, Any]]], clients: int, seconds: float, kind: str
) -> tuple[list[float], int, list[tuple[int, dict[str, Any]]]]:
    latencies: list[float] = []
    errors = 0
    sample: list[tuple[int, dict[str, Any]]] = []
    next_index = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal errors, next_index
        http = RawClient(url) if kind == "raw" else HttpxClient(url)
        try:
            while time.perf_counter() < deadline:
                i = next_index % len(qs)
                next_index += 1
                endpoint, req = qs[i]
                t0 = time.perf_counter()
                try:
                    status, content = await http.post(endpoint, req)
                except (OSError, asyncio.IncompleteReadError, httpx.HTTPError):
                    errors += 1
                    http = RawClient(url) if kind == "raw" else HttpxClient(url)
                    continue
                latencies.append(time.perf_counter() - t0)
                if status != 200:
                    errors += 1
                elif len(sample) < 500 and i % 7 == 0:
                    sample.append((i, json.loads(content)))
        finally:
            await http.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors, sample


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used, where /proc tells (Linux)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--questions", type=int, default=50_000)
    parser.add_argument(
        "--client",
        choices=["raw", "httpx"],
        default="raw",
        help="raw: keep-alive connections on asyncio streams (light); httpx: AsyncClient",
    )
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()

    load_before = [round(x, 2) for x in os.getloadavg()]
    qs = questions(args.questions)
    lib_qps = library_throughput(qs, min(args.seconds, 10.0))
    process, url = start_server()
    try:
        httpx.get(url + "/healthz", timeout=30).raise_for_status()
        cpu_before = cpu_seconds(process.pid)
        started = time.perf_counter()
        latencies, errors, sample = asyncio.run(
            load(url, qs, args.clients, args.seconds, args.client)
        )
        elapsed = time.perf_counter() - started
        cpu_after = cpu_seconds(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=10)
    trust = govrules.load(TRUST)
    wrong = sum(library_answer(trust, *qs[i]) != got for i, got in sample)
    result = {
        "clients": args.clients,
        "client": args.client,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "distinct_questions_asked": min(len(latencies) + errors, len(qs)),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 99) * 1000, 1) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
        "errors": errors,
        # What one request costs the server, whatever else the machine is doing.
        "server_cpu_ms_per_request": (
            round((cpu_after - cpu_before) * 1000 / len(latencies), 2)
            if cpu_before is not None and cpu_after is not None and latencies
            else None
        ),
        "server_cpu_share": (
            round((cpu_after - cpu_before) / elapsed, 2)
            if cpu_before is not None and cpu_after is not None
            else None
        ),
        "answers_checked": len(sample),
        "answers_differing_from_library": wrong,
        "library_questions_per_second": round(lib_qps, 1),
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "python": platform.python_version(),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        print(f"{key:32} {value}")


if __name__ == "__main__":
    main()
