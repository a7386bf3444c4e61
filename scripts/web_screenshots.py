"""Take the README's screenshots of the web page: `govrules serve` on a free port, each page
filled in by headless Chromium (Debian's, never a downloaded one) and saved as a PNG.

    .venv/bin/python scripts/web_screenshots.py [OUT_DIR]    # default: docs/screenshots

Needs the `test` extra (Playwright) and Chromium (scripts/install-test-tools).
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RECORD = """\
trust: suffolk
body: strategic-board
date: 2010-03-01
attendees: [portfolio-holder, director-cyp, district-borough, district-borough, vcs, vcs,
  lscb-independent-chair, nhs-suffolk, police-authority]
decisions:
  - motion: Approve the CYPP refresh
    for: [portfolio-holder, district-borough, vcs]
    against: [director-cyp]
  - motion: Adopt the commissioning framework
    for: [portfolio-holder, vcs, vcs, district-borough, district-borough, nhs-suffolk]
"""


def start() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "govrules", "serve", "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
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
            continue
        if event.get("event") == "listening":
            return process, f"http://127.0.0.1:{event['port']}"
    process.kill()
    raise SystemExit("the server did not start")


def shoot(page: Any, out: Path, name: str) -> None:
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.screenshot(path=str(out / f"web-{name}.png"))
    print(out / f"web-{name}.png")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        raise SystemExit("Chromium is not installed: sh scripts/install-test-tools")
    process, url = start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=exe, args=ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(url)
            shoot(page, out, "home")

            # Check a draft: one seat count that is not a number.
            text = (ROOT / "trusts" / "suffolk.yaml").read_text(encoding="utf-8")
            page.goto(f"{url}/draft")
            page.fill("#text", text.replace("count: 2", "count: lots", 1))
            page.get_by_role("button", name="Check the draft").click()
            page.evaluate("document.getElementById('findings-title').scrollIntoView()")
            shoot(page, out, "draft")

            # Ask: a vote whose answer depends on how 10.3.1 is read.
            page.goto(f"{url}/ask?at=suffolk/strategic-board")
            for seat in ("portfolio-holder", "director-cyp", "lscb-independent-chair"):
                page.check(f"#present-{seat}")
            for field, value in (
                ("present-schools", "1"),
                ("present-vcs", "1"),
                ("for-portfolio-holder", "1"),
                ("for-director-cyp", "1"),
                ("against-schools", "1"),
                ("abstain-vcs", "1"),
            ):
                page.fill(f"#{field}", value)
            page.get_by_role("button", name="Ask", exact=True).click()
            page.evaluate("document.querySelector('section[data-question=vote]').scrollIntoView()")
            shoot(page, out, "ask")

            page.goto(f"{url}/escalation")
            page.select_option("#route", "rutland/board/conflict-resolution")
            page.fill("#start", "2026-03-02")
            page.get_by_role("button", name="Show the steps").click()
            shoot(page, out, "escalation")

            with tempfile.TemporaryDirectory() as folder:
                record = Path(folder) / "2010-03-01.yaml"
                record.write_text(RECORD, encoding="utf-8")
                page.goto(f"{url}/record")
                page.set_input_files("#file", str(record))
                page.get_by_role("button", name="Check the uploaded record").click()
            shoot(page, out, "record")
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
