"""Time rules of procedures: a decision confirmed at a later meeting, deadlines on steps and
routes, working and clear days by the trust's calendar, through every command that reads them.

The gallery's federation procedure (examples/public-sector/federation.yaml) is the worked
example: 6.2 "confirmed by the governing body at a meeting held not less than twenty eight
clear working days after the meeting at which it was passed".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from builders import trust_of
from clirun import run_cli

import govrules
from govrules import LoadError
from govrules.language.schema import Trust

ROOT = Path(__file__).resolve().parents[2]
GALLERY = ROOT / "examples" / "public-sector"
FEDERATION = GALLERY / "federation.yaml"
RECORDS = GALLERY / "records"


def federation() -> Trust:
    return govrules.load(FEDERATION)


def _record(date: str, decision: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "body": "governing-body",
        "date": date,
        "attendees": [
            *("headteacher", "staff-governor", "parent-governor", "parent-governor"),
            *("la-governor", "co-opted-governor"),
        ],
        "decisions": [
            {
                "motion": "Confirm the resolution to federate",
                "for": ["headteacher", "parent-governor", "parent-governor", "la-governor"],
                "against": ["staff-governor"],
                **decision,
            }
        ],
        **more,
    }


def _timing_findings(answer: Any) -> list[Any]:
    return [f for f in answer.findings if f.source is not None and f.source.clause == "6.2"]


# --- check: a confirmation at a later meeting ---------------------------------------------


def test_a_confirmation_28_clear_working_days_later_is_valid(capsys: Any) -> None:
    code, out, _ = run_cli(capsys, "check", str(RECORDS / "federation-confirmed.yaml"))
    assert code == 0 and "VALID" in out
    a = govrules.check(RECORDS / "federation-confirmed.yaml")
    (finding,) = _timing_findings(a)
    assert finding.severity == "info"
    assert "29 clear working days" in finding.text
    assert "15 January 2026 to 24 February 2026" in finding.text


def test_a_confirmation_20_working_days_later_is_too_soon(capsys: Any) -> None:
    # 6.2: 11 February is 28 calendar days and 20 working days after 14 January, but only 19
    # clear working days; the first day allowed is 24 February.
    code, out, _ = run_cli(
        capsys, "check", str(RECORDS / "federation-too-soon.yaml"), "--format", "json"
    )
    data = json.loads(out)
    assert code == 1 and data["answer"] == "invalid"
    (finding,) = [f for f in data["findings"] if f["severity"] == "error"]
    assert finding["source"]["clause"] == "6.2" and finding["decision"] == 0
    assert "19 clear working days" in finding["text"]
    assert "after the first resolution of 2026-01-14" in finding["text"]
    assert "the first day allowed is 2026-02-24" in finding["text"]
    assert "objection" not in finding["text"]


def test_the_first_day_allowed_is_valid_and_the_day_before_is_not() -> None:
    decision = {"procedure": "federation", "step": 2, "previous_date": "2026-01-14"}
    on_time = govrules.check(_record("2026-02-24", decision), trust=federation())
    early = govrules.check(_record("2026-02-23", decision), trust=federation())
    assert on_time.answer == "valid" and early.answer == "invalid"


def test_a_confirmation_over_christmas_counts_the_bank_holidays_out() -> None:
    # From Monday 14 December 2026, Christmas Day, Boxing Day (observed 28 December) and New
    # Year's Day are not working days: 26 January 2027 is too soon, 27 January is not.
    decision = {"procedure": "federation", "step": 2, "previous_date": "2026-12-14"}
    early = govrules.check(_record("2027-01-26", decision), trust=federation())
    on_time = govrules.check(_record("2027-01-27", decision), trust=federation())
    assert (early.answer, on_time.answer) == ("invalid", "valid")
    (finding,) = _timing_findings(early)
    assert "25 December 2026 (Christmas Day)" in finding.text
    assert "1 January 2027 (New Year's Day)" in finding.text


def test_a_record_without_the_first_meetings_date_cannot_be_judged() -> None:
    a = govrules.check(
        _record("2026-02-24", {"procedure": "federation", "step": 2}), trust=federation()
    )
    assert (a.answer, a.needs) == ("incomplete", ("previous_date",))
    (finding,) = _timing_findings(a)
    assert finding.severity == "unspecified" and "the first resolution" in finding.text


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        ({"procedure": "federation", "step": 4}, "has 3 step(s), not 4"),
        ({"step": 2}, "`step` needs the `procedure`"),
        ({"previous_date": "2026-01-14"}, "`previous_date` needs the `procedure`"),
        (
            {"procedure": "federation", "previous_date": "2026-03-01"},
            "`previous_date` 2026-03-01 is after the meeting of 2026-02-24",
        ),
        (
            {
                "procedure": "federation",
                "previous_date": "2026-01-14",
                "objection_date": "2026-01-14",
            },
            "not both",
        ),
    ],
)
def test_a_record_whose_timing_contradicts_itself_is_refused(
    decision: dict[str, Any], message: str
) -> None:
    with pytest.raises(LoadError, match=re.escape(message)):
        govrules.check(_record("2026-02-24", decision), trust=federation())


# --- deadlines and regions, on a small trust ----------------------------------------------


def _board_trust(step: dict[str, Any], **more: Any) -> Trust:
    board = {
        "id": "board",
        "name": "Board",
        "source": "1",
        "seats": [{"id": "member", "title": "Member", "count": 3, "source": "1"}],
        "quorum": {"number": 2, "source": "2"},
        "voting": {
            "threshold": {"more_than": "1/2"},
            "base": "votes-cast",
            "casting_vote": "none",
            "source": "3",
        },
    }
    proc = {
        "id": "referral",
        "name": "Referral",
        "applies_to": ["board"],
        "source": "4",
        "steps": [
            {"action": "The matter is referred to the Board.", "source": "4.1"},
            {
                "action": "The Board decides.",
                "body": "board",
                "source": "4.2",
                "vote": {
                    "threshold": {"more_than": "1/2"},
                    "base": "votes-cast",
                    "casting_vote": "none",
                    "source": "4.2",
                },
                **step,
            },
        ],
    }
    return trust_of(board, procedures=(proc,), **more)


def _decide(trust: Trust, date: str, since: str) -> Any:
    record = {
        "body": "board",
        "date": date,
        "attendees": ["member", "member"],
        "decisions": [
            {
                "motion": "Decide the referral",
                "procedure": "referral",
                "step": 2,
                "previous_date": since,
                "for": ["member", "member"],
            }
        ],
    }
    return govrules.check(record, trust=trust)


def test_a_step_deadline_is_judged_in_working_days() -> None:
    # "The Board decides within 5 working days of the referral": from 1 April 2026 the fifth
    # working day is 10 April (Good Friday and Easter Monday are not working days).
    t = _board_trust(
        {"max_days": 5, "working_days": True, "counted_from": "the referral"},
        calendar={"region": "england-and-wales"},
    )
    assert _decide(t, "2026-04-10", "2026-04-01").answer == "valid"
    late = _decide(t, "2026-04-13", "2026-04-01")
    assert late.answer == "invalid"
    (finding,) = [f for f in late.findings if f.severity == "error"]
    assert "within 5 working days of the referral" in finding.text
    assert "the last day allowed is 2026-04-10" in finding.text


def test_a_rules_own_region_wins_over_the_trusts() -> None:
    # Scotland has no Easter Monday: from 1 April 2026 its fifth working day is 9 April.
    step = {"max_days": 5, "working_days": True, "region": "scotland"}
    t = _board_trust(step, calendar={"region": "england-and-wales"})
    assert _decide(t, "2026-04-09", "2026-04-01").answer == "valid"
    assert _decide(t, "2026-04-10", "2026-04-01").answer == "invalid"


def test_with_no_region_a_span_over_a_regional_holiday_is_unspecified() -> None:
    # Within 1 working day of 31 December 2025: that is 2 January, but in Scotland, where 2
    # January is a bank holiday too, 5 January. A decision on 5 January is late or in time
    # according to the region, which the trust does not declare.
    t = _board_trust({"max_days": 1, "working_days": True})
    a = _decide(t, "2026-01-05", "2025-12-31")
    assert a.answer == "unspecified"
    (finding,) = [f for f in a.findings if f.severity == "unspecified"]
    assert "declares no region" in finding.text
    # Where no region's holiday falls in the span, the answer stands.
    assert _decide(t, "2026-01-15", "2026-01-14").answer == "valid"


def test_an_unknown_region_is_a_located_error(tmp_path: Path, capsys: Any) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(FEDERATION.read_text().replace("region: england-and-wales", "region: wales"))
    code, _, err = run_cli(capsys, "escalate", str(bad), "governing-body")
    assert code == 2
    assert re.search(r"bad\.yaml:\d+:\d+: `wales` is not allowed at calendar\.region", err)


# --- escalate --from ----------------------------------------------------------------------


def test_escalate_from_a_date_gives_each_steps_dates(capsys: Any) -> None:
    code, out, _ = run_cli(
        capsys,
        "escalate",
        str(FEDERATION),
        "governing-body",
        "--from",
        "2026-01-14",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 0 and data["from"] == "2026-01-14"
    dates = [(s["dates"]["earliest"], s["dates"]["latest"]) for s in data["steps"]]
    # The confirmation has a first day (6.2) but no last: the clerk's five working days (6.3)
    # and the local authority's 28 (6.4) run from days not yet known, so neither has a date.
    assert dates == [
        ("2026-01-14", None),
        ("2026-02-24", None),
        ("2026-02-24", None),
        ("2026-02-24", None),
    ]
    confirm = data["steps"][1]
    assert (confirm["clear_days"], confirm["working_days"], confirm["region"]) == (
        True,
        True,
        "england-and-wales",
    )
    # The route's deadline ("within 28 days of the referral") is the referral step's.
    assert data["steps"][3]["timing"] == "within 28 days of the referral"


def test_escalate_text_words_the_timing_by_the_procedures_own_event(capsys: Any) -> None:
    code, out, _ = run_cli(
        capsys, "escalate", str(FEDERATION), "governing-body", "--from", "2026-01-14"
    )
    assert code == 0
    assert (
        "(at least 28 clear working days after the first resolution (bank holidays of England "
        "and Wales)) [not before 2026-02-24 (28 clear working days after 2026-01-14: 15 January "
        "2026 to 23 February 2026; not counting 14 January 2026 and 24 February 2026 themselves "
        "(clear days), 12 weekend days, no bank holiday falls between)] [6.2]"
    ) in out
    assert "within 5 working days of the confirmation" in out
    assert (
        "within 5 working days of the confirmation, whose last day is not known, so no last "
        "day can be given"
    ) in out
    assert "after the previous step" not in out


def test_a_deadline_after_a_step_with_a_deadline_counts_from_its_last_day(tmp_path: Path) -> None:
    # Make the confirmation due within 40 clear working days of the first resolution: the
    # clerk's five (6.3) then end five working days after the confirmation's last day.
    trust = _edited(
        tmp_path,
        "        min_days_after_previous: 28\n",
        "        min_days_after_previous: 28\n        max_days: 40\n",
    )
    steps = govrules.escalate(trust, "governing-body", start=dt.date(2026, 1, 14)).steps
    confirm, notify, route = (s.dates for s in steps[1:])
    assert confirm is not None and notify is not None and route is not None
    # 40 clear working days from 14 January 2026: 12 March; 5 working days more: 19 March.
    assert (confirm.earliest, confirm.latest) == (dt.date(2026, 2, 24), dt.date(2026, 3, 12))
    assert (notify.earliest, notify.latest) == (dt.date(2026, 2, 24), dt.date(2026, 3, 19))
    assert "by 2026-03-19 at the latest (within 5 working days of 2026-03-12" in notify.text
    # The route's 28 calendar days run from the notification's last day.
    assert route.latest == dt.date(2026, 4, 16)


def test_escalate_dates_name_the_bank_holidays_they_skip() -> None:
    a = govrules.escalate(federation(), "governing-body", start=dt.date(2026, 12, 14))
    confirm = a.steps[1].dates
    assert confirm is not None and confirm.earliest == dt.date(2027, 1, 27)
    assert "25 December 2026 (Christmas Day), 28 December 2026 (Boxing Day (observed))" in (
        confirm.text
    )


def test_escalate_without_a_region_leaves_a_date_open_only_where_it_depends_on_one() -> None:
    t = _board_trust({"max_days": 1, "working_days": True})
    over_new_year = govrules.escalate(t, "board", start=dt.date(2025, 12, 31))
    assert over_new_year.steps[1].dates is not None
    assert over_new_year.steps[1].dates.latest is None
    assert "declares no region" in over_new_year.steps[1].dates.text
    ordinary = govrules.escalate(t, "board", start=dt.date(2026, 1, 14))
    assert ordinary.steps[1].dates is not None
    assert ordinary.steps[1].dates.latest == dt.date(2026, 1, 15)


def test_escalate_over_http_forwards_the_from_date() -> None:
    serving = pytest.importorskip("test_serve")  # needs the `serve` extra
    server = serving.start(str(FEDERATION))
    try:
        data = server.post(
            "/escalate",
            {"trust": "brookfield-federation", "body": "governing-body", "from": "2026-01-14"},
        ).json()
    finally:
        serving.stop(server)
    assert data["from"] == "2026-01-14"
    assert data["steps"][1]["dates"]["earliest"] == "2026-02-24"


# --- show, report, diff, validate, test ---------------------------------------------------


def test_show_states_the_timing_the_routes_and_the_calendar(capsys: Any) -> None:
    code, out, _ = run_cli(capsys, "show", str(FEDERATION))
    assert code == 0
    assert "Calendar: Working days skip the bank holidays of England and Wales. [1.2]" in out
    assert "(at least 28 clear working days after the first resolution" in out
    assert (
        "`governing-body` may refer an unresolved matter to `local-authority` "
        "(within 28 days of the referral). [6.4]" in out
    )


def test_report_states_the_timing_in_the_procedures_words() -> None:
    html = govrules.report(FEDERATION, svg=False)
    assert "At least 28 clear working days after the first resolution" in html
    assert "Within 5 working days of the confirmation" in html
    # The route's deadline, beside the body the matter is referred to.
    assert '<span class="muted">(within 28 days of the referral)</span>' in html


def _edited(tmp_path: Path, old: str, new: str) -> Trust:
    text = FEDERATION.read_text()
    assert text.count(old) == 1, old
    path = tmp_path / "federation.yaml"
    path.write_text(text.replace(old, new))
    return govrules.load(path)


def test_diff_shows_a_change_to_clear_days(tmp_path: Path) -> None:
    new = _edited(tmp_path, "        clear_days: true\n", "")
    (change,) = govrules.diff(federation(), new).changes
    assert change.kind == "step-changed"
    assert change.before == "at least 28 clear working days after the first resolution"
    assert change.after == "at least 28 working days after the first resolution"


def test_diff_shows_a_changed_calendar_and_route_deadline(tmp_path: Path) -> None:
    text = FEDERATION.read_text()
    text = text.replace("region: england-and-wales", "region: scotland")
    text = text.replace("        max_days: 28\n", "        max_days: 14\n")
    path = tmp_path / "federation.yaml"
    path.write_text(text)
    changes = govrules.diff(federation(), govrules.load(path)).changes
    assert [(c.kind, c.before, c.after) for c in changes] == [
        ("calendar-changed", "England and Wales", "Scotland"),
        ("route-changed", "within 28 days of the referral", "within 14 days of the referral"),
    ]


def test_validate_warns_of_time_fields_with_no_effect(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "t.yaml"
    data = yaml.safe_load(FEDERATION.read_text())
    del data["calendar"]
    data["procedures"][0]["steps"][0]["working_days"] = True  # no day count
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    _, out, _ = run_cli(capsys, "validate", str(path), "--format", "json")
    found = [(f["code"], f["message"]) for f in json.loads(out)["findings"]]
    codes = sorted(c for c, _ in found)
    assert codes == ["GR206", "GR216", "GR216"]
    assert any("`working_days` has no effect" in m for c, m in found if c == "GR206")
    clean = govrules.validate(FEDERATION)
    assert not [f for f in clean.findings if f.code in ("GR206", "GR216")]


def test_the_gallerys_scenarios_pass_under_govrules_test(capsys: Any) -> None:
    code, out, _ = run_cli(capsys, "test", str(GALLERY / "scenarios" / "federation.yaml"))
    assert code == 0
    assert "9 passed, 0 failed" in out


def test_the_records_page_shows_the_gallerys_confirming_record() -> None:
    page = (ROOT / "docs" / "records.md").read_text()
    (block,) = re.findall(r"```yml\n(.+?)\n```", page, re.S)
    shown = yaml.safe_load(block)
    assert shown == yaml.safe_load((RECORDS / "federation-confirmed.yaml").read_text())


# --- audit: the two meetings together -----------------------------------------------------


def _records(tmp_path: Path, first: dict[str, Any] | None) -> list[Path]:
    """The confirming record, and the first meeting's (changed by ``first``) unless None."""
    out = []
    for name, changes in (("federation-first", first), ("federation-confirmed", {})):
        if changes is None:
            continue
        data = yaml.safe_load((RECORDS / f"{name}.yaml").read_text())
        data["trust"] = str(FEDERATION)
        data["decisions"][0].update(changes)
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data))
        out.append(path)
    return out


def _confirmation_findings(tmp_path: Path, first: dict[str, Any] | None) -> list[Any]:
    a = govrules.audit(federation(), _records(tmp_path, first))
    return [(f.severity, f.text) for f in a.findings if "step 2 of `federation`" in f.text]


def test_audit_finds_the_resolution_a_later_meeting_confirms(tmp_path: Path) -> None:
    ((severity, text),) = _confirmation_findings(tmp_path, {})
    assert severity == "info" and "confirms the decision carried on 2026-01-14" in text


def test_audit_refuses_a_confirmation_of_a_resolution_that_was_lost(tmp_path: Path) -> None:
    lost = {
        "for": ["headteacher", "parent-governor"],
        "against": ["staff-governor", "la-governor", "co-opted-governor"],
    }
    ((severity, text),) = _confirmation_findings(tmp_path, lost)
    assert severity == "error" and "which was not carried (lost)." in text


def test_audit_notes_a_confirmation_whose_first_meeting_has_no_record(tmp_path: Path) -> None:
    a = govrules.audit(federation(), _records(tmp_path, None), start=dt.date(2026, 1, 1))
    ((severity, text),) = [
        (f.severity, f.text) for f in a.findings if "step 2 of `federation`" in f.text
    ]
    assert severity == "warning" and "no record of that meeting" in text
    # Outside the period audited, the earlier meeting is not looked for.
    later = govrules.audit(federation(), _records(tmp_path, None), start=dt.date(2026, 2, 1))
    assert not [f for f in later.findings if "step 2 of `federation`" in f.text]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"clear_days": True}, "`clear_days` has no effect: no day count"),
        (
            {"region": "scotland", "counted_from": "the referral"},
            "`region`, `counted_from` have no effect: no day count",
        ),
        ({"max_days": 3, "region": "scotland"}, "`region` has no effect: the days are calendar"),
        ({"max_days": 3, "working_days": True, "region": "scotland"}, None),
    ],
)
def test_each_time_field_with_no_effect_is_named(
    fields: dict[str, Any], problem: str | None
) -> None:
    from govrules.evaluating.timing import lint
    from govrules.language.schema import Step

    found = lint(Step.model_validate({"action": "Act", **fields}))
    assert [p for p in found if problem is not None and p.startswith(problem)] == found
    assert bool(found) == (problem is not None)


def test_a_decision_of_the_body_a_route_leads_to_keeps_the_routes_deadline() -> None:
    # "The Board decides within 28 days of the referral": a route's deadline, judged on the
    # Board's record of its decision, counted from the referral.
    proc = {
        "id": "disputes",
        "name": "Disputes",
        "applies_to": ["panel", "board"],
        "source": "5",
        "steps": [{"action": "The panel discusses the matter.", "source": "5.1"}],
        "routes": [
            {
                "from": "panel",
                "to": "board",
                "max_days": 28,
                "counted_from": "the referral",
                "source": "5.2",
            }
        ],
        "final_arbiter": "board",
    }
    member = {"id": "member", "title": "Member", "count": 3, "source": "1"}
    voting = {"threshold": {"more_than": "1/2"}, "base": "votes-cast", "casting_vote": "none"}
    bodies = [
        {"id": b, "name": b.title(), "source": "1", "seats": [member], "voting": voting}
        for b in ("panel", "board")
    ]
    t = trust_of(*bodies, procedures=(proc,))

    def decide(date: str) -> Any:
        dec = {"motion": "Decide it", "procedure": "disputes", "previous_date": "2026-03-02"}
        record = {"body": "board", "date": date, "attendees": ["member"] * 3}
        record["decisions"] = [{**dec, "for": ["member"] * 2}]
        return govrules.check(record, trust=t)

    on_time, late = decide("2026-03-30"), decide("2026-03-31")
    timing = [f for f in late.findings if f.source is not None and f.source.clause == "5.2"]
    assert [f.severity for f in timing] == ["error"]
    assert "within 28 days of the referral" in timing[0].text
    assert "the last day allowed is 2026-03-30" in timing[0].text
    assert not [f for f in on_time.findings if f.severity == "error"]


@pytest.mark.parametrize(
    ("region", "start", "confirm"),
    [
        # Christmas and New Year: Scotland's 2 January 2027 (a Saturday) is observed on
        # Monday 4 January, a day more than England and Wales or Northern Ireland wait.
        ("england-and-wales", "2026-12-14", "2027-01-27"),
        ("scotland", "2026-12-14", "2027-01-28"),
        ("northern-ireland", "2026-12-14", "2027-01-27"),
        # July: only Northern Ireland keeps 12 July (a Monday in 2027).
        ("england-and-wales", "2027-06-21", "2027-07-30"),
        ("scotland", "2027-06-21", "2027-07-30"),
        ("northern-ireland", "2027-06-21", "2027-07-31"),
    ],
)
def test_the_confirming_meeting_waits_by_the_declared_regions_holidays(
    tmp_path: Path, capsys: Any, region: str, start: str, confirm: str
) -> None:
    path = tmp_path / "federation.yaml"
    path.write_text(
        FEDERATION.read_text().replace("region: england-and-wales", f"region: {region}")
    )
    code, out, _ = run_cli(
        capsys, "escalate", str(path), "governing-body", "--from", start, "--format", "json"
    )
    step = json.loads(out)["steps"][1]
    assert code == 0 and step["region"] == region
    assert step["dates"]["earliest"] == confirm


@pytest.mark.parametrize("trust", ["rutland", str(FEDERATION)])
def test_a_date_whose_days_run_off_the_calendar_is_refused(trust: str, capsys: Any) -> None:
    # 7 days after 31 December 9999 (Rutland's deferral), 28 clear working days after
    # 20 December 9999 (the federation's confirmation): no such date.
    body = "executive" if trust == "rutland" else "governing-body"
    start = "9999-12-31" if trust == "rutland" else "9999-12-20"
    code, out, err = run_cli(capsys, "escalate", trust, body, "--from", start)
    assert (code, out) == (2, "")
    assert "the days counted run past 9999-12-31" in err and "internal error" not in err
