"""The HTML review report: its content, and what a real browser makes of it.

The browser tests run Debian's Chromium headless. They are never skipped: without Chromium
they fail and say how to install it. Set ``GOVRULES_SCREENSHOT_DIR`` to keep the screenshots
(``docs/screenshots/`` holds one per bundled trust).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import govrules
from govrules.authoring.findings import Finding
from govrules.language.schema import Trust
from govrules.presenting.charts import graphviz_available
from govrules.presenting.report import ReportItem, build_html, report_html

BROWSER_TIMEOUT = 90


class Page(HTMLParser):
    """What the tests look for in a page: sections, tables, chart nodes, headings."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.seat_tables: set[str] = set()
        """Body ids whose section holds a seats table."""
        self.svg_nodes: dict[str, set[str]] = {}
        """Per inline SVG (by its aria-label): the ids of its Graphviz nodes."""
        self.fallback_nodes: set[str] = set()
        self.headings: list[int] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "table" and "seats" in a.get("class", "").split():
            for t, pa in self.stack:
                if t == "section" and "body" in pa.get("class", "").split():
                    self.seat_tables.add(pa["aria-labelledby"].split("-body-", 1)[1])
        svg = next((pa for t, pa in reversed(self.stack) if t == "svg"), None)
        if tag == "svg":
            self.svg_nodes[a.get("aria-label", "")] = set()
        elif svg is not None and tag == "g" and a.get("class") == "node":
            self.svg_nodes[svg.get("aria-label", "")].add(a.get("id", ""))
        if "data-body" in a and any(
            "chart-fallback" in pa.get("class", "") for _, pa in self.stack
        ):
            self.fallback_nodes.add(a["data-body"])
        if tag not in ("meta", "br", "link", "img", "input", "hr"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail(
            "Chromium is not installed, so the report cannot be checked in a browser: "
            "install it (Debian/Ubuntu: apt-get install chromium)",
            pytrace=False,
        )
    return exe


def _browse(page: Path, profile: Path, *action: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *action,
        page.as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=BROWSER_TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


# --- in the browser ------------------------------------------------------------------------


@pytest.mark.parametrize("name", govrules.bundled_names())
def test_report_of_each_bundled_trust_renders_in_chromium(name: str, tmp_path: Path) -> None:
    trust = govrules.load(name)
    page = tmp_path / f"{name}.html"
    page.write_text(report_html([(name, trust)]), encoding="utf-8")

    dom = Page(_browse(page, tmp_path / "profile", "--dump-dom").stdout)

    body_ids = {b.id for b in trust.bodies}
    if graphviz_available():
        nodes = dom.svg_nodes[f"{trust.name}: structure"]
        expected = {f"trust-{trust.id}-structure-node-{b}" for b in body_ids}
        assert expected <= nodes, f"no chart node for {sorted(expected - nodes)}"
    else:
        assert dom.fallback_nodes >= body_ids
    assert dom.seat_tables == body_ids

    shot = tmp_path / f"{name}.png"
    _browse(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000")
    assert _png_size(shot) == (1280, 2000)
    assert shot.stat().st_size < 600_000
    keep = os.environ.get("GOVRULES_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, Path(keep) / f"{name}.png")


def test_report_without_graphviz_draws_the_structure_in_html(tmp_path: Path) -> None:
    durham = govrules.load("durham")
    page = tmp_path / "durham.html"
    page.write_text(report_html([("durham", durham)], svg=False), encoding="utf-8")
    dom = Page(_browse(page, tmp_path / "profile", "--dump-dom").stdout)
    assert not dom.svg_nodes
    external = {x.id for x in durham.external_bodies}
    assert dom.fallback_nodes == {b.id for b in durham.bodies} | external


# --- the page itself -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {n: report_html([(n, govrules.load(n))]) for n in govrules.bundled_names()}


def test_report_is_self_contained(pages: dict[str, str]) -> None:
    for text in pages.values():
        assert "<script" not in text
        assert not re.search(r"\b(src|href)=\"(?!#)", text), "a link out of the page"
        urls = set(re.findall(r"https?://[^\s\"')]+", text))
        assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def test_report_is_deterministic(suffolk: Trust) -> None:
    assert report_html([("suffolk", suffolk)]) == report_html([("suffolk", suffolk)])


def test_report_markup_is_accessible(pages: dict[str, str]) -> None:
    for text in pages.values():
        dom = Page(text)
        assert dom.tags[0] == ("html", {"lang": "en-GB"})
        assert dom.headings[0] == 1 and dom.headings.count(1) == 1
        # no heading skips a level on the way down
        assert all(b <= a + 1 for a, b in zip(dom.headings, dom.headings[1:], strict=False))
        assert text.count("<table") == text.count("<caption>")
        ths = [a for t, a in dom.tags if t == "th"]
        assert ths and all(a.get("scope") in ("col", "row") for a in ths)
        assert "@media print" in text


def test_report_cites_clauses_and_shows_gaps_visibly(pages: dict[str, str]) -> None:
    text = pages["suffolk"]
    # 10.1: "Children's Trust meetings will be quorate when 50% of the membership is in
    # attendance" — 9 of the 17 places
    assert "<td>9 of the 17 places present." in text
    # 10.2.2: a placeholder stands where the District & Borough voting rights should be
    assert re.search(
        r"<td><code>district-borough</code></td>.*?<strong class=\"flag\">Readings</strong>",
        text,
    )
    assert "Add voting rights of District &amp; Boroughs" in text
    # 12: no final arbiter, said in words
    assert "The document names no final arbiter" in text
    # validation findings, with their codes
    assert "<code>GR109</code>" in text and "<code>GR301</code>" in text
    rutland = pages["rutland"]
    assert "<strong>Rutland Children&#x27;s Trust Board (final arbiter)</strong>" in rutland


def test_report_escapes_every_text() -> None:
    trust = Trust.model_validate(
        {
            "id": "x",
            "name": "<script>alert(1)</script>",
            "document": {"title": 'A "doc" & <b>'},
            "bodies": [{"id": "b", "name": "<img src=x onerror=alert(1)>", "seats": []}],
        }
    )
    finding = Finding("GR001", "error", "bad `<x>` & <y>", "f.yaml", 1, 2)
    text = build_html([ReportItem("<n>", trust, (finding,))])
    assert "<script>" not in text and "<img" not in text and "<y>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<code>&lt;x&gt;</code> &amp; &lt;y&gt;" in text


def test_several_trusts_share_one_page() -> None:
    names = ["rutland", "durham"]
    text = report_html([(n, govrules.load(n)) for n in names])
    assert "<title>Governance review of 2 trusts</title>" in text
    assert '<a href="#trust-rutland">' in text and '<a href="#trust-durham">' in text
    ids = re.findall(r'\bid="([^"]+)"', text)
    assert len(ids) == len(set(ids)), "ids repeat across the page"


# --- the source document beside the rules -----------------------------------------------------


def test_report_with_the_source_document_marks_unaccounted_clauses_in_chromium(
    tmp_path: Path,
) -> None:
    from tests.test_sources import DOC, TRUST

    trust_path = tmp_path / "model.yaml"
    trust_path.write_text(TRUST.replace('"2.3"', '"2.4"'), encoding="utf-8")
    doc = tmp_path / "model.txt"
    doc.write_text(
        DOC.replace("2.3 Decisions", "2.3 Members may send a <b>substitute</b>.\n2.4 Decisions"),
        encoding="utf-8",
    )
    text = govrules.report(trust_path, sources={trust_path: doc}, svg=False)
    page = tmp_path / "model.html"
    page.write_text(text, encoding="utf-8")
    html = _browse(page, tmp_path / "profile", "--dump-dom").stdout
    rows = dict(
        re.findall(r'<tr id="trust-model-clause-([a-z0-9-]+)" class="clause ([^"]+)"', html)
    )
    assert rows["2-3"] == "clause-unaccounted"
    assert rows["2-2"] == "clause-encoded" and rows["appendix-a-a"] == "clause-gap"
    assert rows["1"] == "clause-not-procedural" and rows["who-s-who"] == "clause-encoded"
    assert '<a href="#trust-model-clause-2-3">2.3</a>' in html  # listed, and linked, above
    assert "Members may send a &lt;b&gt;substitute&lt;/b&gt;." in html  # the text, escaped
    assert re.search(r"<code>board\.quorum</code>", html)  # 2.2 beside the rule citing it
    assert "<script" not in text and not re.search(r"\b(src|href)=\"(?!#)", text)
    dom = Page(text)
    assert text.count("<table") == text.count("<caption>")
    assert all(b <= a + 1 for a, b in zip(dom.headings, dom.headings[1:], strict=False))
    shot = tmp_path / "model.png"
    _browse(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000")
    assert _png_size(shot) == (1280, 2000)


def test_report_without_a_source_has_no_document_section(pages: dict[str, str]) -> None:
    assert all("clause by clause" not in text for text in pages.values())
