"""A year of meetings: audit findings, declared interests, substitutes, rules as of a date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import govrules
from govrules import LoadError, QueryError
from govrules.compiling.versions import in_force, load_as_of, load_versions
from govrules.evaluating.audit import audit, record_files
from govrules.reading.sourcefile import Limits
from govrules.reading.yamlsource import Located

HERE = Path(__file__).parent
EXAMPLES = HERE.parent / "examples"
FIXTURES = HERE / "fixtures"


def test_suffolk_year_reports_exactly_what_the_text_supports() -> None:
    a = audit(govrules.load("suffolk"), record_files([EXAMPLES / "suffolk-2010"]))
    assert a.answer == "findings"
    assert a.records == 19
    assert a.period == ("2010-01-01", "2011-03-08")
    got = sorted((f.topic, f.body, f.source.clause if f.source else None) for f in a.findings)
    assert got == [
        ("attendance", "executive-group", "7.4"),  # Young Suffolk absent three times
        ("attendance", "strategic-board", "7.3"),  # Probation absent twice
        # (e): chair and vice-chair "elected annually"; in 2011 only the vice-chair was.
        ("election", "ccsg", "Appendix A 3.2.6 (e)"),
        ("frequency", "ccsg", "Appendix A 3.2.6 (f)"),  # five meetings, "at least 6"
        # 3.2.3: the WDAG meets "4 times a year"; no record of it in 2010.
        ("frequency", "wdag", "Appendix A 3.2.3"),
        ("minutes", "ccsg", "Appendix A 3.2.6 (d)"),  # minutes after 14 days, "one week"
    ]
    texts = " ".join(f.text for f in a.findings)
    assert "Suffolk Probation Board (`probation`) was absent from 2" in texts
    assert "due for election by 2011-01-12" in texts


def test_each_record_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Checking a record and auditing it need the same parse: reading it twice would double
    # the cost of an audit (and could judge two different texts if the file changed).
    import govrules.reading.yamlsource

    reads: list[str] = []
    real = govrules.reading.yamlsource.read_yaml

    def counted(source: str | Path, limits: Limits | None = None) -> Located:
        reads.append(str(source))
        return real(source, limits)

    # Looked up where a record is read (meetings imports the reader only then).
    monkeypatch.setattr(govrules.reading.yamlsource, "read_yaml", counted)
    files = record_files([EXAMPLES / "suffolk-2010"])
    a = audit(govrules.load("suffolk"), files)
    assert a.records == 19
    assert sorted(reads) == sorted(str(f) for f in files)


def test_deputy_attendance_counts_for_the_partner() -> None:
    # 7.2: representatives "or their deputy" attend; the Police Authority's deputy on
    # 2010-03-01 and its absence on 2010-09-06 make one absence, not two.
    a = audit(govrules.load("suffolk"), record_files([EXAMPLES / "suffolk-2010"]))
    assert not any("police-authority" in f.text for f in a.findings)


def test_suffolk_interest_declared_and_voted_is_not_settled() -> None:
    # Section 14 requires declaring interests but says nothing on withdrawing or voting.
    a = govrules.check(EXAMPLES / "suffolk-2010" / "2010-09-06-strategic-board.yaml")
    assert a.answer == "unspecified"
    assert any("declared an interest and voted" in f.text for f in a.findings)


def test_withdrawal_for_an_interest_breaks_one_items_quorum() -> None:
    a = govrules.check(FIXTURES / "records" / "interests-2011-05-10.yaml")
    assert a.quorate == "quorate"
    minutes, contract = a.decisions
    assert (minutes.answer, minutes.binding) == ("carried", True)
    assert contract.effect == "void" and contract.binding is False
    assert (minutes.quorate, contract.quorate) == ("quorate", "inquorate")
    assert contract.vote is not None and contract.vote.present == 2
    assert a.answer == "invalid"


def test_interested_member_who_votes_anyway_is_not_counted() -> None:
    record = {
        "trust": str(FIXTURES / "interests.yaml"),
        "body": "board",
        "date": "2011-06-01",
        "attendees": ["councillor"] * 5 + ["officer"],
        "decisions": [
            {
                "motion": "M",
                "interests": ["officer"],
                "for": ["officer", "councillor"],
                "against": ["councillor"],
            }
        ],
    }
    a = govrules.check(record)
    assert any("must withdraw, but took part" in f.text for f in a.findings)
    # The officer's vote is dropped: 1 for, 1 against, and no casting vote (2.2), so lost.
    assert (a.decisions[0].answer, a.decisions[0].vote.for_ if a.decisions[0].vote else None) == (
        "lost",
        1,
    )


def test_only_some_seats_may_send_a_substitute() -> None:
    record = {
        "trust": str(FIXTURES / "interests.yaml"),
        "body": "board",
        "date": "2011-06-01",
        "attendees": ["councillor"] * 3 + ["officer"],
        "substitutes": ["officer"],
    }
    a = govrules.check(record)
    assert a.answer == "invalid"
    assert any("`officer` may not send a substitute" in f.text for f in a.findings)


def test_three_consecutive_absences_mean_removal(tmp_path: Path) -> None:
    trust = govrules.load(FIXTURES / "interests.yaml")
    records = [
        {
            "trust": "interests",
            "body": "board",
            "date": f"2011-0{m}-01",
            "attendees": ["councillor"] * 5 + (["officer"] if m == 1 else []),
        }
        for m in (1, 2, 3, 4)
    ]
    a = audit(trust, records)
    removal = [f for f in a.findings if f.topic == "attendance"]
    # The officers' two places are one seat: absent on Feb, Mar and Apr 1st in a row.
    assert len(removal) == 1 and "`officer` missed 3 consecutive" in removal[0].text
    assert "removal of" in removal[0].text


def test_a_meeting_before_a_rule_took_effect_uses_the_earlier_rule() -> None:
    before = govrules.check(FIXTURES / "records" / "versioned-2010-03-15.yaml")
    after = govrules.check(FIXTURES / "records" / "versioned-2010-04-15.yaml")
    assert (before.quorate, after.quorate) == ("quorate", "inquorate")


def test_versions_in_force() -> None:
    versions = load_versions(FIXTURES / "versions")
    assert [v.document.date for v in versions] == ["2009", "2010"]
    assert in_force(versions, dt.date(2010, 3, 31)).document.date == "2009"
    assert in_force(versions, dt.date(2010, 4, 1)).document.date == "2010"
    with pytest.raises(QueryError, match="no version of the MoU is in force on 2008-12-31"):
        in_force(versions, dt.date(2008, 12, 31))
    trust = load_as_of(FIXTURES / "versions", dt.date(2009, 6, 1))
    assert govrules.quorum(trust, "board", count=4).answer == "quorate"


def test_two_versions_in_force_from_one_day_are_refused(tmp_path: Path) -> None:
    # Which of them is in force from that day would be a guess.
    for name in ("2009.yaml", "2010.yaml"):
        text = (FIXTURES / "versions" / name).read_text(encoding="utf-8")
        text = re.sub(r"from: \d{4}-\d\d-\d\d", "from: 2009-01-01", text)
        (tmp_path / name).write_text(text, encoding="utf-8")
    both = re.escape("2010.yaml:6:3: 2009.yaml and 2010.yaml are both in force from 2009-01-01")
    with pytest.raises(LoadError, match=both):
        load_versions(tmp_path)


def test_a_version_ending_before_it_begins_is_refused(tmp_path: Path) -> None:
    text = (FIXTURES / "versions" / "2009.yaml").read_text(encoding="utf-8")
    for until in ("2009-01-01", "2008-06-30"):  # never in force
        path = tmp_path / "v.yaml"
        path.write_text(text.replace("until: 2010-04-01", f"until: {until}"), encoding="utf-8")
        with pytest.raises(LoadError, match=r"v\.yaml:5:\d+: .*`until`.* must come after `from`"):
            govrules.load(path)


def test_the_library_loads_the_version_in_force() -> None:
    folder = FIXTURES / "versions"
    assert govrules.load(folder, as_of=dt.date(2010, 3, 31)).document.date == "2009"
    assert govrules.load(folder, as_of=dt.date(2010, 4, 1)).document.date == "2010"
    with pytest.raises(QueryError, match="in force on 2008-12-31"):
        govrules.load(folder, as_of=dt.date(2008, 12, 31))
    with pytest.raises(QueryError, match="in force on 2008-12-31"):
        govrules.load(folder / "2009.yaml", as_of=dt.date(2008, 12, 31))


def test_cli_as_of(capsys: pytest.CaptureFixture[str]) -> None:
    from govrules.interfaces.cli import cli

    folder = str(FIXTURES / "versions")
    for date, code in (("2010-03-01", 0), ("2010-05-01", 1)):
        with pytest.raises(SystemExit) as info:
            cli.main(["quorum", folder, "board", "--count", "4", "--as-of", date])
        assert info.value.code == code
    capsys.readouterr()


def test_audit_cli(capsys: pytest.CaptureFixture[str]) -> None:
    from govrules.interfaces.cli import cli

    with pytest.raises(SystemExit) as info:
        cli.main(["audit", "suffolk", str(EXAMPLES / "suffolk-2010")])
    out = capsys.readouterr().out
    assert info.value.code == 1
    assert "FINDINGS" in out and "[7.3]" in out


def test_a_record_named_twice_is_refused_not_counted_twice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.clirun import run_cli

    folder = EXAMPLES / "suffolk-2010"
    one = sorted(folder.iterdir())[0]
    for twice in ([folder, one], [one, one], ["-", "-"]):
        with pytest.raises(QueryError, match="named twice"):
            record_files(twice)
    code, out, err = run_cli(capsys, "audit", "suffolk", str(folder), str(one))
    assert (code, out) == (2, "")
    assert f"the meeting record {one} is named twice" in err
    assert len(record_files([folder])) == 19


def _wirral_year(folder: Path, per_body: int, year: int = 2014) -> list[Path]:
    """``per_body`` meetings of the Wirral Board and of its CTE in ``year``, evenly spread."""
    made = []
    for body, seats in (("board", "[lead-member, dcs, nhs]"), ("executive", "[dcs]")):
        for i in range(per_body):
            day = dt.date(year, 1, 6) + dt.timedelta(days=i * (350 // per_body))
            path = folder / f"{body}-{day.isoformat()}.yaml"
            path.write_text(
                f"trust: wirral\nbody: {body}\ndate: {day.isoformat()}\nattendees: {seats}\n",
                encoding="utf-8",
            )
            made.append(path)
    return made


@pytest.mark.parametrize(
    ("per_body", "answer"),
    [
        # "Bi-monthly" (20.4.1, 21.4.1): every two months or twice a month. Six meetings a
        # year meet the first and not the second, so whether they are enough is not settled.
        (6, "unspecified"),
        # Three fall short under either reading: a finding, at the least number (6).
        (3, "findings"),
        # Twenty-four are enough under either.
        (24, "clean"),
    ],
)
def test_wirral_bi_monthly_is_weighed_under_both_readings(
    tmp_path: Path, per_body: int, answer: str
) -> None:
    a = audit(
        govrules.load("wirral"),
        _wirral_year(tmp_path, per_body),
        dt.date(2014, 1, 1),
        dt.date(2014, 12, 31),
    )
    assert a.answer == answer
    often = [f for f in a.findings if f.code == "audit-frequency"]
    if answer == "clean":
        assert often == []
        return
    assert sorted((f.body, f.source.clause if f.source else None) for f in often) == [
        ("board", "20.4.1"),
        ("executive", "21.4.1"),
    ]
    if answer == "unspecified":
        assert {f.severity for f in often} == {"unspecified"}
        assert all("Under board.meets.per_year = 24" in f.text for f in often if f.body == "board")
    else:
        assert {f.severity for f in often} == {"warning"}
        assert all("(at least 6 a year)" in f.text for f in often)


def test_wirral_years_the_readings_judge_alike_are_definite(tmp_path: Path) -> None:
    # 2012: six meetings of each body, enough every two months, too few twice a month: not
    # settled. 2013: three, too few under either reading: a finding, whatever the other
    # year leaves open.
    records = _wirral_year(tmp_path, 6, 2012) + _wirral_year(tmp_path, 3, 2013)
    a = audit(govrules.load("wirral"), records, dt.date(2012, 1, 1), dt.date(2013, 12, 31))
    assert a.answer == "findings"
    board = [f for f in a.findings if f.code == "audit-frequency" and f.body == "board"]
    assert [(f.severity, "2012" in f.text, "2013" in f.text) for f in board] == [
        ("unspecified", True, False),
        ("warning", False, True),
    ]


def test_a_series_rule_read_more_than_one_way_is_not_taken_as_settled(tmp_path: Path) -> None:
    # The audit weighs how often a body meets under its readings; the other rules of a series
    # it applies as encoded, and where the text reads one more than one way it says so rather
    # than vouching for the records.
    text = (FIXTURES / "interests.yaml").read_text(encoding="utf-8")
    text += (
        "gaps:\n"
        "  - kind: ambiguous\n"
        "    subject: board.absences\n"
        "    note: three consecutive meetings, or three in a year\n"
        '    source: {clause: "4.1"}\n'
        "    readings:\n"
        "      - value: [{absences: 3, window: year, by: seat, consequence: removal, "
        'source: {clause: "4.1"}}]\n'
        "        note: three in a year\n"
    )
    assert "\ngaps:" not in (FIXTURES / "interests.yaml").read_text(encoding="utf-8")
    path = tmp_path / "interests.yaml"
    path.write_text(text, encoding="utf-8")
    records = [
        {
            "trust": "interests",
            "body": "board",
            "date": "2011-01-01",
            "attendees": ["councillor"] * 5,
        }
    ]
    read_two_ways = audit(govrules.load(path), records)
    said = [f for f in read_two_ways.findings if f.topic == "attendance"]
    assert [(f.severity, f.source.clause if f.source else None) for f in said] == [
        ("unspecified", "4.1")
    ]
    assert read_two_ways.answer == "unspecified"
    as_encoded = audit(govrules.load(FIXTURES / "interests.yaml"), records)
    assert not [f for f in as_encoded.findings if f.severity == "unspecified"]
