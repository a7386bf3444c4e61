"""The web page of `govrules serve`, driven in a real headless Chromium against a running server.

One server (a subprocess on a free port) and one browser for the module. Each form is filled
and submitted with JavaScript on and off, and the answer read from the page is compared with
the library's answer to the same question. axe-core checks every page for accessibility
violations. Like the report's browser tests these are never skipped: without Chromium they
fail and say how to install it.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

httpx = pytest.importorskip("httpx")  # the `test` extra installs all of these
pytest.importorskip("fastapi")
pytest.importorskip("jinja2")
sync_api = pytest.importorskip("playwright.sync_api")
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

from builders import health_board  # noqa: E402
from serving import SUFFOLK_RECORD, start_server  # noqa: E402

import govrules  # noqa: E402
from govrules.authoring.findings import validate_text  # noqa: E402
from govrules.interfaces.web import add_working_days, escalation_dates, record_yaml  # noqa: E402
from govrules.language.schema import Trust  # noqa: E402

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
# A body whose quorum must include a partner's member: a number present cannot settle it.
MUST_INCLUDE = health_board(name="Test Partnership", title="Test Partnership Terms")


# --------------------------------------------------------------------------- the server


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail(
            "Chromium is not installed, so the web page cannot be checked in a browser: "
            "install it (sh scripts/install-test-tools, or apt-get install chromium)",
            pytrace=False,
        )
    return exe


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("trusts")
    (folder / "t.yaml").write_text(json.dumps(MUST_INCLUDE), encoding="utf-8")
    process, base, _ = start_server(
        "suffolk", "wirral", "rutland", "--trusts-dir", str(folder), env={"GOVRULES_TOKEN": ""}
    )
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = _chromium()
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=exe, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(params=["js-on", "js-off"])
def page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        java_script_enabled=request.param == "js-on", accept_downloads=True
    )
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    problems: list[str] = []
    # A style or script the Content-Security-Policy refused is a console error; a page's own
    # file that fails to load is a failed response (a refused form's 400 is the page itself).
    opened.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and "Failed to load resource" not in m.text
            else None
        ),
    )
    opened.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type != "document"
            else None
        ),
    )
    yield opened
    context.close()
    assert problems == []


@pytest.fixture
def js_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    context.close()


def choose_body(page: Any, url: str, path: str, key: str) -> None:
    page.goto(f"{url}{path}")
    page.select_option("#at", key)
    page.get_by_role("button", name="Choose this body").click()
    page.wait_for_selector("input[name=at][type=hidden]", state="attached")


def submit(page: Any, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_selector("#result, #error-summary", state="attached")


def answer_of(page: Any, question: str) -> str:
    sel = f"section[data-question={question}] .verdict [data-answer]"
    return str(page.locator(sel).get_attribute("data-answer"))


# --------------------------------------------------------------------------- ask a question


def test_quorum_voters_and_vote_of_ticked_seats(page: Any, url: str) -> None:
    choose_body(page, url, "/ask", "suffolk/strategic-board")
    present = ["portfolio-holder", "director-cyp", "nhs-suffolk", "police-authority"]
    for seat in present:
        page.check(f"#present-{seat}")
    page.fill("#present-vcs", "2")
    page.fill("#present-district-borough", "2")
    page.fill("#present-schools", "2")
    page.fill("#for-portfolio-holder", "1")
    page.fill("#for-vcs", "2")
    page.fill("#for-district-borough", "2")
    page.fill("#for-schools", "2")
    page.fill("#against-director-cyp", "1")
    submit(page, "Ask")

    trust = govrules.load("suffolk")
    attendees = [*present, "vcs", "vcs", "district-borough", "district-borough", "schools"]
    attendees.append("schools")
    quorum = govrules.quorum(trust, "strategic-board", present=attendees)
    vote = govrules.vote(
        trust,
        "strategic-board",
        for_=["portfolio-holder", *["vcs", "district-borough", "schools"] * 2],
        against=["director-cyp"],
        present=attendees,
    )
    assert answer_of(page, "quorum") == quorum.answer == "quorate"
    assert answer_of(page, "vote") == vote.answer
    assert answer_of(page, "voters") == govrules.voters(trust, "strategic-board").answer
    shown = page.locator("section[data-question=quorum]").inner_text()
    assert f"{quorum.required} needed, {quorum.present} present" in shown
    # each line of the explanation carries its clause
    lines = page.locator("section[data-question=quorum] ol.explanation li")
    assert lines.count() == len(quorum.explanation)
    for i, reason in enumerate(quorum.explanation):
        assert reason.source is not None
        assert f"[{reason.source.clause}" in lines.nth(i).inner_text()
    # the form keeps what was entered
    assert page.is_checked("#present-director-cyp")
    assert page.input_value("#present-vcs") == "2"


def test_an_unspecified_vote_shows_each_reading(page: Any, url: str) -> None:
    # 2 for, 1 against, 1 abstaining with the non-voting LSCB chair present: 10.3.1's three
    # readings (voting members present, everyone present, votes cast) disagree.
    choose_body(page, url, "/ask", "suffolk/strategic-board")
    for seat in ("portfolio-holder", "director-cyp", "lscb-independent-chair"):
        page.check(f"#present-{seat}")
    page.fill("#present-schools", "1")
    page.fill("#present-vcs", "1")
    page.fill("#for-portfolio-holder", "1")
    page.fill("#for-director-cyp", "1")
    page.fill("#against-schools", "1")
    page.fill("#abstain-vcs", "1")
    submit(page, "Ask")

    vote = govrules.vote(
        govrules.load("suffolk"),
        "strategic-board",
        for_=["portfolio-holder", "director-cyp"],
        against=["schools"],
        abstain=["vcs"],
        present=["portfolio-holder", "director-cyp", "lscb-independent-chair", "schools", "vcs"],
    )
    assert vote.answer == "unspecified"
    assert answer_of(page, "vote") == "unspecified"
    rows = page.locator("section[data-question=vote] table.readings tbody tr")
    assert rows.count() == len(vote.readings)
    shown = [rows.nth(i).locator("td").nth(1).inner_text().lower() for i in range(rows.count())]
    assert shown == [r.answer for r in vote.readings]
    assert {"carried", "lost"} <= set(shown)
    assert "10.3.1" in page.locator("section[data-question=vote]").inner_text()


def test_a_count_where_the_quorum_must_include_someone_is_incomplete(page: Any, url: str) -> None:
    choose_body(page, url, "/ask", "t/board")
    page.fill("#count", "5")
    submit(page, "Ask")

    expected = govrules.quorum(Trust.model_validate(MUST_INCLUDE), "board", count=5)
    assert (expected.answer, expected.needs) == ("incomplete", ("--present",))
    assert answer_of(page, "quorum") == "incomplete"
    need = page.locator("section[data-question=quorum] .needs li[data-need]")
    assert need.get_attribute("data-need") == "--present"
    assert "the seats present" in need.inner_text()


def test_a_form_error_is_tied_to_its_field(page: Any, url: str) -> None:
    choose_body(page, url, "/ask", "suffolk/strategic-board")
    page.check("#present-portfolio-holder")
    page.fill("#count", "3")  # seats ticked and a number: which is meant?
    submit(page, "Ask")
    assert page.get_attribute("#count", "aria-invalid") == "true"
    described = (page.get_attribute("#count", "aria-describedby") or "").split()
    assert described == ["count-hint", "count-error"]
    assert "not both" in page.inner_text("#count-error")
    assert page.locator("#error-summary a[href='#count']").count() == 1
    assert page.locator("section.answer").count() == 0


# --------------------------------------------------------------------------- check a draft


def _broken_suffolk() -> tuple[str, int]:
    """Suffolk's trust file with one seat count that is not a number, and that line."""
    lines = (ROOT / "trusts" / "suffolk.yaml").read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.strip() == "count: 2")
    lines[n] = lines[n].replace("count: 2", "count: lots")
    return "\n".join(lines) + "\n", n + 1


def test_a_validation_error_points_at_its_line(page: Any, url: str) -> None:
    text, line = _broken_suffolk()
    page.goto(f"{url}/draft")
    page.fill("#text", text)
    submit(page, "Check the draft")
    first = next(f for f in validate_text(text, "draft.yaml").findings if f.severity == "error")
    assert first.line == line
    assert page.get_attribute(".verdict [data-answer]", "data-answer") == "problems"
    rows = page.locator("table.findings tbody tr.sev-error")
    assert rows.count() >= 1
    assert rows.first.get_attribute("data-line") == str(line)
    assert "count" in rows.first.inner_text()
    marked = page.locator(f"#draft-line-{line}")
    assert "marked" in (marked.get_attribute("class") or "")
    assert "count: lots" in marked.inner_text()
    # the link in the table goes to the line
    assert rows.first.locator(f"a[href='#draft-line-{line}']").count() == 1


def test_an_uploaded_draft_gets_the_account_chart_and_gaps(
    page: Any, url: str, tmp_path: Path
) -> None:
    draft = tmp_path / "wirral-draft.yaml"
    draft.write_text((ROOT / "trusts" / "wirral.yaml").read_text(encoding="utf-8"))
    page.goto(f"{url}/draft")
    page.set_input_files("#file", str(draft))
    submit(page, "Check the draft")
    trust = govrules.load("wirral")
    assert page.inner_text("#findings-title") == "Findings for wirral-draft.yaml"
    assert page.get_attribute(".verdict [data-answer]", "data-answer") == "ok"
    account = page.locator("section.account")
    assert account.locator("article.trust h2").first.inner_text() == trust.name
    # the structure chart (SVG when Graphviz is installed, else the HTML chart) and the gaps
    assert account.locator("svg.chart, .chart-fallback").count() >= 1
    assert "What the document does not say" in account.inner_text()
    for body in trust.bodies:
        assert body.name in account.inner_text()


def test_draft_text_is_escaped_not_run(page: Any, url: str) -> None:
    page.goto(f"{url}/draft")
    page.fill("#text", "id: x\nname: <script id=evil>alert(1)</script><b id=bold>b</b>\n")
    submit(page, "Check the draft")
    assert page.locator("#evil").count() == 0 and page.locator("#bold").count() == 0
    assert "<script id=evil>" in page.inner_text("#draft-line-2")


def test_a_chosen_file_is_shown_in_the_text_box_with_script(
    js_page: Any, url: str, tmp_path: Path
) -> None:
    draft = tmp_path / "d.yaml"
    draft.write_text("id: x\nname: X\n", encoding="utf-8")
    js_page.goto(f"{url}/draft")
    js_page.set_input_files("#file", str(draft))
    js_page.wait_for_function("document.getElementById('text').value.length > 0")
    assert js_page.input_value("#text") == "id: x\nname: X\n"


# --------------------------------------------------------------------------- escalation


def test_escalation_steps_with_dates(page: Any, url: str) -> None:
    trust = govrules.load("rutland")
    body = trust.bodies[0].id
    from govrules.evaluating.escalation import applicable_procedures

    proc = applicable_procedures(trust, body)[0]
    page.goto(f"{url}/escalation")
    page.select_option("#route", f"rutland/{body}/{proc.id}")
    page.fill("#start", "2026-03-02")
    submit(page, "Show the steps")
    steps = govrules.escalate(trust, body, procedure=proc.id).to_dict()["steps"]
    rows = page.locator("table.steps tbody tr")
    assert rows.count() == len(steps)
    dated = escalation_dates(steps, dt.date(2026, 3, 2))
    for i, step in enumerate(dated):
        cell = rows.nth(i).locator("td[data-not-before]")
        want = step["not_before"].isoformat() if step["not_before"] else ""
        assert cell.get_attribute("data-not-before") == want
    assert any(s["not_before"] for s in dated), "the test needs a step with a time"


def test_working_days_skip_the_weekend() -> None:
    friday = dt.date(2026, 3, 6)
    assert add_working_days(friday, 1) == dt.date(2026, 3, 9)
    assert add_working_days(friday, 5) == dt.date(2026, 3, 13)
    assert add_working_days(friday, 0) == friday


def test_step_dates_count_from_the_step_before() -> None:
    steps = [
        {"step": 1, "min_days_after_previous": None, "max_days": 10},
        {"step": 2, "min_days_after_previous": 7, "max_days": None},
        {"step": 3, "min_days_after_previous": 5, "max_days": 5, "working_days": True},
    ]
    start = dt.date(2026, 3, 2)  # a Monday
    got = [(s["not_before"], s["by"]) for s in escalation_dates(steps, start)]
    assert got == [
        (None, dt.date(2026, 3, 12)),
        (dt.date(2026, 3, 9), None),
        (dt.date(2026, 3, 16), dt.date(2026, 3, 16)),
    ]


# --------------------------------------------------------------------------- meeting records


def _decisions(answer: Any) -> list[tuple[str, str]]:
    return [(d.answer, d.effect) for d in answer.decisions]


def test_an_uploaded_record_is_checked_per_decision(page: Any, url: str, tmp_path: Path) -> None:
    record = tmp_path / "2010-03-01.yaml"
    record.write_text(SUFFOLK_RECORD, encoding="utf-8")
    page.goto(f"{url}/record")
    page.set_input_files("#file", str(record))
    submit(page, "Check the uploaded record")
    expected = govrules.check(record)
    assert page.get_attribute("#result .verdict [data-answer]", "data-answer") == expected.answer
    shown = page.locator("section.decision-result")
    assert shown.count() == len(expected.decisions) == 1
    got = [
        (
            shown.nth(i).locator("[data-answer]").get_attribute("data-answer"),
            shown.nth(i).locator("[data-effect]").get_attribute("data-effect"),
        )
        for i in range(shown.count())
    ]
    assert got == _decisions(expected)


def test_a_refused_record_points_at_its_line(page: Any, url: str, tmp_path: Path) -> None:
    record = tmp_path / "bad.yaml"
    record.write_text(
        SUFFOLK_RECORD.replace("    against: [director-cyp]", "    against: [nobody]")
    )
    page.goto(f"{url}/record")
    page.set_input_files("#file", str(record))
    submit(page, "Check the uploaded record")
    assert page.get_attribute("#result .verdict [data-answer]", "data-answer") == "refused"
    line = SUFFOLK_RECORD.splitlines().index("    against: [director-cyp]") + 1
    assert page.get_attribute(".error-line", "data-line") == str(line)
    assert "marked" in (page.get_attribute(f"#record-line-{line}", "class") or "")


def _fill_record(page: Any, url: str) -> None:
    choose_body(page, url, "/record", "suffolk/strategic-board")
    page.fill("#date", "2010-03-01")
    for seat in ("portfolio-holder", "director-cyp", "nhs-suffolk", "police-authority"):
        page.check(f"#present-{seat}")
    page.fill("#present-vcs", "2")
    page.fill("#present-district-borough", "2")
    page.fill("#d1-motion", "Approve the CYPP refresh")
    page.fill("#d1-for-portfolio-holder", "1")
    page.fill("#d1-for-vcs", "2")
    page.fill("#d1-against-director-cyp", "1")
    page.fill("#d2-motion", "Adopt the framework")
    page.fill("#d2-against-district-borough", "2")
    page.fill("#d2-for-nhs-suffolk", "1")
    page.check("#d2-affects-district-borough-councils")
    page.fill("#minutes_circulated", "2010-03-05")


def test_a_filled_record_downloads_as_yaml_and_checks(page: Any, url: str, tmp_path: Path) -> None:
    _fill_record(page, url)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download it as YAML").click()
    saved = tmp_path / "downloaded.yaml"
    info.value.save_as(saved)
    assert info.value.suggested_filename == "record-2010-03-01.yaml"
    record = govrules.MeetingRecord.model_validate(
        __import__("yaml").safe_load(saved.read_text(encoding="utf-8"))
    )
    assert record.trust == "suffolk" and record.date == dt.date(2010, 3, 1)
    assert sorted(record.attendees).count("vcs") == 2
    assert [d.motion for d in record.decisions] == [
        "Approve the CYPP refresh",
        "Adopt the framework",
    ]
    expected = govrules.check(saved)  # `trust: suffolk` is the bundled trust

    submit(page, "Check the record")
    assert page.get_attribute("#result .verdict [data-answer]", "data-answer") == expected.answer
    shown = page.locator("section.decision-result")
    got = [
        (
            shown.nth(i).locator("[data-answer]").get_attribute("data-answer"),
            shown.nth(i).locator("[data-effect]").get_attribute("data-effect"),
        )
        for i in range(shown.count())
    ]
    assert got == _decisions(expected)


def test_record_yaml_is_the_documented_format() -> None:
    text = record_yaml(
        {
            "trust": "suffolk",
            "body": "strategic-board",
            "date": dt.date(2010, 3, 1),
            "attendees": ["vcs", "vcs"],
            "decisions": [{"motion": "Say: 'yes' # or no", "for": ["vcs"]}],
        }
    )
    parsed = govrules.MeetingRecord.model_validate(__import__("yaml").safe_load(text))
    assert parsed.decisions[0].motion == "Say: 'yes' # or no"
    assert "date: 2010-03-01" in text


# --------------------------------------------------------------------------- safety


def test_headers_of_every_page(url: str) -> None:
    for path in ("/", "/draft", "/ask", "/escalation", "/record", "/static/web.css"):
        r = httpx.get(url + path, timeout=30)
        assert r.status_code == 200, path
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp and "unsafe" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
    # The JSON API is as it was: no page headers on its answers.
    api = httpx.get(url + "/trusts", timeout=30)
    assert api.headers["content-type"] == "application/json"
    assert "content-security-policy" not in api.headers


def test_no_path_from_a_request_reaches_the_file_system(url: str) -> None:
    for path in ("/static/../serve.py", "/static/%2e%2e/serve.py", "/static/web.css/x"):
        assert httpx.get(url + path, timeout=30).status_code == 404
    r = httpx.get(url + "/static/web.css?name=../serve.py", timeout=30)
    assert r.text == httpx.get(url + "/static/web.css", timeout=30).text
    r = httpx.get(url + "/ask", params={"at": "../../etc/passwd/x"}, timeout=30)
    assert r.status_code == 404 and "choose one of the bodies listed" in r.text
    record = SUFFOLK_RECORD.replace("trust: suffolk", "trust: /etc/passwd")
    r = httpx.post(url + "/record", files={"file": ("r.yaml", record.encode())}, timeout=30)
    assert "must name a trust served here" in r.text


def test_an_oversized_upload_is_refused(url: str) -> None:
    big = b"# " + b"x" * 1_100_000 + b"\n"
    r = httpx.post(url + "/draft", files={"file": ("big.yaml", big)}, timeout=30)
    assert r.status_code == 413


def test_yaml_is_read_under_the_files_limits(url: str) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    r = httpx.post(url + "/draft", data={"text": bomb}, timeout=30)
    assert r.status_code == 200
    assert "GR001" in r.text and "nodes" in r.text


# --------------------------------------------------------------------------- accessibility


def test_the_forms_work_from_the_keyboard_with_focus_shown(js_page: Any, url: str) -> None:
    page = js_page
    page.goto(f"{url}/ask?at=wirral/board")
    page.keyboard.press("Tab")  # the first stop skips to the content
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.focus("#count")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert style == ["solid", "3px"]
    page.keyboard.type("3")
    page.keyboard.press("Enter")  # submits the form, as a button would
    page.wait_for_selector("#result", state="attached")
    expected = govrules.quorum(govrules.load("wirral"), "board", count=3)
    assert answer_of(page, "quorum") == expected.answer


def _axe(page: Any) -> None:
    results = axe_sync.Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_every_page_has_no_accessibility_violations(js_page: Any, url: str) -> None:
    page = js_page
    for path in ("/", "/draft", "/ask", "/escalation", "/record"):
        page.goto(url + path)
        _axe(page)
    # A small draft (axe takes seconds over a long one): with an error, then loaded whole.
    page.goto(f"{url}/draft")
    page.fill("#text", govrules.skeleton().replace("name:", "name: [", 1))
    submit(page, "Check the draft")
    assert page.locator("li.marked").count() == 1
    _axe(page)
    page.fill("#text", govrules.skeleton())
    submit(page, "Check the draft")
    assert page.locator("section.account article.trust").count() == 1
    _axe(page)
    choose_body(page, url, "/ask", "suffolk/strategic-board")
    _axe(page)
    page.check("#present-portfolio-holder")
    page.fill("#for-portfolio-holder", "1")
    submit(page, "Ask")
    _axe(page)
    page.fill("#count", "9")
    submit(page, "Ask")  # refused: the error summary and the field's error
    _axe(page)
    page.goto(f"{url}/escalation")
    page.fill("#start", "2026-03-02")
    submit(page, "Show the steps")
    _axe(page)
    _fill_record(page, url)
    _axe(page)
    submit(page, "Check the record")
    _axe(page)


def test_the_readme_shows_each_page_and_the_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("home", "draft", "ask", "escalation", "record"):
        path = ROOT / "docs" / "screenshots" / f"web-{name}.png"
        assert f"(docs/screenshots/web-{name}.png)" in readme
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "pip install '.[serve]' && govrules serve\n" in readme
