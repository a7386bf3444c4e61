"""`govrules serve` as a subprocess on a free port, and the meeting record its tests send,
shared by the server's tests and the web page's."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time

# The Strategic Board's meeting of 1 March 2010: quorate, one motion carried.
SUFFOLK_RECORD = """\
trust: suffolk
body: strategic-board
date: 2010-03-01
attendees: [portfolio-holder, director-cyp, district-borough, district-borough, vcs, vcs,
  lscb-independent-chair, nhs-suffolk, police-authority]
decisions:
  - motion: Approve the CYPP refresh
    for: [portfolio-holder, district-borough, vcs]
    against: [director-cyp]
"""


def start_server(
    *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[str], str, queue.Queue[str]]:
    """`govrules serve` on a free port (port 0: the first log line names it): the process,
    its URL and the log lines after that one, still being read (so the pipe never fills)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "govrules", "serve", "--port", "0", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert process.stderr is not None
    lines: queue.Queue[str] = queue.Queue()
    stream = process.stderr
    threading.Thread(target=lambda: [lines.put(x) for x in stream], daemon=True).start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            event = json.loads(lines.get(timeout=1))
        except queue.Empty:
            assert process.poll() is None, "the server stopped"
            continue
        if event.get("event") == "listening":
            return process, f"http://127.0.0.1:{event['port']}", lines
    process.kill()
    raise AssertionError("the server did not start")
