"""A trust beside its source document: quotes found under their clauses, clauses recognised
from the document's numbering, and every clause accounted for (validate --source, coverage)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govrules
from govrules.authoring.findings import CODES
from govrules.authoring.sourcedoc import canonical_label, document_from_text, normalise, split_quote
from govrules.language.schema import DeclaredClause
from tests.clirun import run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"
DOC = (FIXTURES / "model.txt").read_text(encoding="utf-8")
"""A small document: a contents page, numbered clauses, an unnumbered part, an appendix
with lettered paragraphs (one hyphenated at a line end)."""
TRUST = (FIXTURES / "model.yaml").read_text(encoding="utf-8")
"""A trust quoting it, with a declared clause and a clause marked not procedural."""


def _files(tmp_path: Path, trust: str = TRUST, doc: str = DOC) -> tuple[Path, Path]:
    trust_path = tmp_path / "model.yaml"
    trust_path.write_text(trust, encoding="utf-8")
    doc_path = tmp_path / "model.txt"
    doc_path.write_text(doc, encoding="utf-8")
    return trust_path, doc_path


def _line_col(text: str, needle: str) -> tuple[int, int]:
    """The 1-based line and column of ``needle`` in the trust text (findings point at the
    key of the value they are about)."""
    at = text.index(needle)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


# --------------------------------------------------------------------------- the document


def test_clauses_are_recognised_from_the_numbering_past_the_contents_page() -> None:
    doc = document_from_text(DOC, "model.txt")
    assert doc.labels() == [
        "1",
        "1.1",
        "2",
        "2.1",
        "2.2",
        "2.3",
        "Appendix A",
        "Appendix A (a)",
        "Appendix A (b)",
    ]
    two = doc.clause("2")
    assert two is not None and two.line == DOC.splitlines().index("2. The Board") + 1
    assert [c.label for c in doc.descendants("2")] == ["2.1", "2.2", "2.3"]


def test_a_declared_clause_starts_at_its_words_and_lies_within_its_parent() -> None:
    doc = document_from_text(
        DOC, "model.txt", [DeclaredClause(clause="Who's Who", at="Who sits where", within="2")]
    )
    whos = doc.clause("who's who")
    assert whos is not None and whos.declared and whos.parent == "2"
    # 2.3 now ends where the declared clause starts; the chair's words lie in it, under 2
    assert doc.find(split_quote("The Council holds the chair"), ["Who's Who"]) is not None
    assert doc.find(split_quote("The Council holds the chair"), ["2"]) is not None
    assert doc.find(split_quote("The Council holds the chair"), ["2.3"]) is None


def test_after_counts_from_the_clause_not_from_a_stray_number_with_its_label() -> None:
    # A chart label "2 Local panels" before section 1, and a "Purpose" list in both sections:
    # `after: "2"` places the declared clause in section 2, as the document numbers it.
    text = (
        "2 Local panels\n1. The Board\nPurpose\n- To lead.\n1.1 The Board meets quarterly.\n"
        "2. The panels\nPurpose\n- To deliver locally.\n2.1 Each panel meets monthly.\n"
    )
    doc = document_from_text(
        text, "t.txt", [DeclaredClause(clause="2 (Purpose)", at="Purpose", after="2", within="2")]
    )
    assert doc.labels() == ["1", "1.1", "2", "2 (Purpose)", "2.1"]
    purpose = doc.clause("2 (Purpose)")
    assert purpose is not None and purpose.line == 7
    assert doc.find(split_quote("To deliver locally."), ["2 (Purpose)"]) is not None
    assert doc.find(split_quote("To lead."), ["2 (Purpose)"]) is None


def test_numbers_that_are_not_clauses_are_left_as_text() -> None:
    text = (
        "1. Terms\n1.1 The group meets\n4 times a year\n- 2 District representatives\n"
        "1.2 Members:\n1. Chair\n2. Deputy\n3. Secretary\n2. Voting\n2.1 By majority.\n12\n"
    )
    assert document_from_text(text, "t.txt").labels() == ["1", "1.1", "1.2", "2", "2.1"]


def test_a_contents_page_without_page_numbers_loses_to_the_body() -> None:
    contents = DOC.replace("\t2\n", "\n").replace("\t3\n", "\n").replace("\t4\n", "\n")
    assert contents != DOC
    assert (
        document_from_text(contents, "model.txt").labels()
        == document_from_text(DOC, "model.txt").labels()
    )


def test_a_clause_after_a_numbered_list_is_not_taken_for_an_item() -> None:
    text = "1. Terms\n1.1 Members:\n1. Chair\n2. Deputy\n3. Clerk\n1.2 Next.\n2. More\n"
    assert document_from_text(text, "t.txt").labels() == ["1", "1.1", "1.2", "2"]


def test_labels_are_compared_in_one_spelling() -> None:
    assert canonical_label("9.5(e)") == canonical_label("9.5 e)") == "9.5 (e)"
    assert canonical_label("6.0") == "6"
    assert canonical_label("appendix a 3.2.6 (F)") == "Appendix A 3.2.6 (f)"
    assert canonical_label("Who's  Who: CYPB") == normalise("who\u2019s who: cypb")


def test_normalising_whitespace_quotes_dashes_and_line_end_hyphens() -> None:
    curly = "a \u201ccasting\u201d\n vote \u2013 the  Chair's"
    assert normalise(curly) == normalise('A "casting" vote - the Chair\u2019s')
    assert normalise("con-\nducted") == normalise("conducted")
    assert normalise("co-operate") == normalise("cooperate")
    assert split_quote("the Chair ... has … a vote [...] here") == [
        "the chair",
        "has",
        "a vote",
        "here",
    ]


# --------------------------------------------------------------------------- validate --source


def test_the_model_trust_checks_clean_against_its_document(tmp_path: Path) -> None:
    trust, doc = _files(tmp_path)
    result = govrules.check_sources(trust, doc)
    assert [f.render() for f in result.findings] == []
    assert (result.quotes, result.quotes_found) == (6, 6)
    assert result.answer == "ok"


def test_a_changed_word_in_a_quote_is_located_with_the_nearest_text(tmp_path: Path) -> None:
    text = TRUST.replace("The Board will meet quarterly.", "The Board will meet monthly.")
    trust, doc = _files(tmp_path, text)
    [finding] = govrules.check_sources(trust, doc).findings
    assert finding.code == "GR312" and finding.severity == "error"
    assert (finding.line, finding.column) == _line_col(text, 'quote: "The Board will meet monthly.')
    assert finding.hint is not None and "The Board will meet quarterly." in finding.hint
    assert finding.clause == "2.1"


@pytest.mark.parametrize(
    ("quote", "cut"),
    [("uorate when one half of its members are present", "a word's start"),
     ("quorate when one half of its members are presen", "a word's end")],
)  # fmt: skip
def test_a_quote_that_cuts_a_word_is_not_in_the_document(
    tmp_path: Path, quote: str, cut: str
) -> None:
    # "able to cast" is not in "unable to cast": a quote is whole words, cut at neither end.
    text = TRUST.replace("quorate when one half of its members are present", quote)
    trust, doc = _files(tmp_path, text)
    assert [f.code for f in govrules.check_sources(trust, doc).findings] == ["GR312"], cut


def test_a_quote_naming_the_trusts_own_document_is_checked(tmp_path: Path) -> None:
    # `document` defaults to the trust's own: naming it is the same document, not another.
    title = govrules.load(_files(tmp_path)[0]).document.title
    named = f'source: {{clause: "2.1", document: "{title}", quote: "The Board will meet monthly."}}'
    text = TRUST.replace('source: {clause: "2.1", quote: "The Board will meet quarterly."}', named)
    assert named in text
    trust, doc = _files(tmp_path, text)
    assert [f.code for f in govrules.check_sources(trust, doc).findings] == ["GR312"]


def test_a_wrong_clause_number_is_located_at_the_clause(tmp_path: Path) -> None:
    text = TRUST.replace('clause: "2.2", quote', 'clause: "2.7", quote')
    trust, doc = _files(tmp_path, text)
    found = {f.code: f for f in govrules.check_sources(trust, doc).findings}
    assert set(found) == {"GR311"}
    assert (found["GR311"].line, found["GR311"].column) == _line_col(text, 'clause: "2.7"')


def test_a_quote_under_another_clause_names_where_it_is(tmp_path: Path) -> None:
    text = TRUST.replace('clause: "2.2", quote', 'clause: "2.1", quote')
    trust, doc = _files(tmp_path, text)
    [finding] = govrules.check_sources(trust, doc).findings
    assert finding.code == "GR313"
    assert "2.2" in finding.message and finding.hint == "cite 2.2"
    assert (finding.line, finding.column) == _line_col(text, 'quote: "quorate')


def test_an_elided_quote_must_keep_its_pieces_in_order(tmp_path: Path) -> None:
    text = TRUST.replace(
        "a simple majority ... the Chair will have", "the Chair will have ... a simple majority"
    )
    trust, doc = _files(tmp_path, text)
    assert [f.code for f in govrules.check_sources(trust, doc).findings] == ["GR312"]


def test_a_declared_clause_whose_words_are_missing_is_located(tmp_path: Path) -> None:
    text = TRUST.replace('at: "Who sits where"', 'at: "Who sat where"')
    trust, doc = _files(tmp_path, text)
    codes = [f.code for f in govrules.check_sources(trust, doc).findings]
    assert codes[0] == "GR314" and "GR311" in codes


def test_validate_with_source_fails_with_located_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = TRUST.replace("The Board will meet quarterly.", "The Board will meet monthly.")
    trust, doc = _files(tmp_path, text)
    code, out, _ = run_cli(capsys, "validate", str(trust), "--source", str(doc))
    assert code == 1
    line, column = _line_col(text, 'quote: "The Board will meet monthly.')
    assert f"{trust}:{line}:{column}" in out and "GR312" in out
    code, out, _ = run_cli(capsys, "validate", str(trust), "--source", str(doc), "--format", "json")
    assert code == 1
    codes = [f["code"] for f in json.loads(out)["findings"]]
    assert "GR312" in codes


def test_validate_with_source_clean_and_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trust, doc = _files(tmp_path)
    code, out, _ = run_cli(capsys, "validate", str(trust), "--source", str(doc))
    assert code == 0, out
    code, _, err = run_cli(capsys, "validate", str(trust), "--source", str(tmp_path / "no.txt"))
    assert code == 2 and "no.txt" in err and "Traceback" not in err
    (tmp_path / "doc.rtf").write_text("x", encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", str(trust), "--source", str(tmp_path / "doc.rtf"))
    assert code == 2 and "cannot read a `.rtf` document" in err


def test_validate_with_source_takes_one_trust_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trust, doc = _files(tmp_path)
    code, _, err = run_cli(capsys, "validate", str(trust), "rutland", "--source", str(doc))
    assert code == 2 and "exactly one" in err
    code, _, err = run_cli(
        capsys, "validate", str(trust), "--source", str(doc), "--source", str(doc)
    )
    assert code == 2 and "NAME=DOC" in err


def test_a_source_naming_another_document_is_checked_against_it(tmp_path: Path) -> None:
    text = TRUST.replace(
        'source: {clause: "1.1"}',
        'source: {clause: "4", document: act, quote: "duty to co-operate"}',
    ).replace('source: "1.1"', 'source: {clause: "4", document: act, quote: "duty to co-operate"}')
    trust, doc = _files(tmp_path, text)
    assert [f.code for f in govrules.check_sources(trust, doc).findings] == ["GR317"]
    act = tmp_path / "act.txt"
    act.write_text("3. Interpretation\n4. The duty to cooperate applies.\n", encoding="utf-8")
    assert govrules.check_sources(trust, doc, others={"act": act}).findings == ()
    act.write_text("3. Interpretation\n4. The duty to inform applies.\n", encoding="utf-8")
    [finding] = govrules.check_sources(trust, doc, others={"act": act}).findings
    assert finding.code == "GR312"


# --------------------------------------------------------------------------- coverage


def test_every_clause_is_accounted_for(tmp_path: Path) -> None:
    trust, doc = _files(tmp_path)
    answer = govrules.coverage(trust, doc)
    status = {c.clause: c.status for c in answer.clauses}
    assert status == {
        "1": "not-procedural",
        "1.1": "encoded",  # cited by the council partner, though its parent is marked
        "2": "encoded",
        "2.1": "encoded",
        "2.2": "encoded",
        "2.3": "encoded",
        "Who's Who": "encoded",
        "Appendix A": "heading",
        "Appendix A (a)": "gap",
        "Appendix A (b)": "gap",
    }
    assert answer.percent == 100.0 and answer.answer == "accounted"
    by = {c.clause: c for c in answer.clauses}
    assert by["2.2"].rules == ("board.quorum",)
    assert by["1"].reason == "the partnership's purpose"


@pytest.mark.parametrize("parent_first", [True, False])
def test_a_sub_clause_marked_not_procedural_gives_its_own_reason(
    tmp_path: Path, parent_first: bool
) -> None:
    parent = '    - {clause: "Appendix A", reason: how disputes go}\n'
    child = '    - {clause: "Appendix A (b)", reason: the second meeting}\n'
    marks = parent + child if parent_first else child + parent
    text = TRUST.replace(
        '    - {clause: "1", reason: the partnership\'s purpose}\n',
        '    - {clause: "1", reason: the partnership\'s purpose}\n' + marks,
    ).replace('clause: "Appendix A (a)-(b)"', 'clause: "Appendix A (a)"')
    text = text.replace(
        'quote: "deferred to a second meeting, which must be at least seven days later"',
        'quote: "a full discussion should be conducted"',
    )
    trust, doc = _files(tmp_path, text)
    by = {c.clause: c for c in govrules.coverage(trust, doc).clauses}
    reasons = {label: (c.status, c.reason) for label, c in by.items()}
    assert reasons["Appendix A"] == ("not-procedural", "how disputes go")
    assert reasons["Appendix A (b)"] == ("not-procedural", "the second meeting")
    assert by["Appendix A (a)"].status == "gap" and by["Appendix A (a)"].reason is None


def test_a_new_uncovered_clause_fails_coverage_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc_text = DOC.replace("2.3 Decisions", "2.3 Members may send a substitute.\n2.4 Decisions")
    trust, doc = _files(tmp_path, TRUST.replace('"2.3"', '"2.4"'), doc_text)
    answer = govrules.coverage(trust, doc)
    [missing] = answer.unaccounted
    assert missing.clause == "2.3"
    line = doc_text.splitlines().index("2.3 Members may send a substitute.") + 1
    [finding] = [f for f in answer.findings if f.code == "GR320"]
    assert (finding.path, finding.line) == (str(doc), line)
    code, out, _ = run_cli(capsys, "coverage", str(trust), "--source", str(doc))
    assert code == 1
    assert f"{doc}:{line}: unaccounted: 2.3" in out
    code, out, _ = run_cli(capsys, "coverage", str(trust), "--source", str(doc), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["answer"] == "unaccounted"
    assert data["counts"]["unaccounted"] == 1 and data["percent"] < 100


def test_coverage_passes_and_refuses_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trust, doc = _files(tmp_path)
    code, out, _ = run_cli(capsys, "coverage", str(trust), "--source", str(doc))
    assert code == 0 and "100.0%" in out
    code, _, err = run_cli(capsys, "coverage", str(trust))
    assert code == 2 and "no source document" in err


def test_the_document_file_named_in_the_trust_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = TRUST.replace(
        "  title: Model Partnership MoU\n", "  title: Model Partnership MoU\n  file: model.txt\n"
    )
    trust, _ = _files(tmp_path, text)
    code, _, _ = run_cli(capsys, "coverage", str(trust))
    assert code == 0
    assert govrules.check_sources(trust).answer == "ok"


def test_a_not_procedural_mark_for_a_missing_or_cited_clause(tmp_path: Path) -> None:
    text = TRUST.replace(
        '    - {clause: "1", reason: the partnership\'s purpose}\n',
        '    - {clause: "1", reason: the partnership\'s purpose}\n'
        '    - {clause: "7", reason: none}\n    - {clause: "2.2", reason: none}\n',
    )
    trust, doc = _files(tmp_path, text)
    codes = sorted(f.code for f in govrules.check_sources(trust, doc).findings)
    assert codes == ["GR315", "GR316"]


def test_every_source_code_is_documented() -> None:
    import inspect

    import govrules.authoring.sourcecheck as module

    used = set(__import__("re").findall(r'"(GR3\d\d)"', inspect.getsource(module)))
    assert used and used <= set(CODES)
    page = (Path(__file__).resolve().parent.parent / "docs" / "sources.md").read_text("utf-8")
    assert all(code in page for code in used)


# --------------------------------------------------------------------------- .docx and .pdf


def _pages(text: str, per_page: int = 12) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.strip()]
    return [lines[i : i + per_page] for i in range(0, len(lines), per_page)]


def test_a_pdf_document_is_read_page_by_page_with_line_end_hyphens_joined(
    tmp_path: Path,
) -> None:
    from tests.documents import write_pdf

    trust, _ = _files(tmp_path)
    pdf = write_pdf(tmp_path / "model.pdf", _pages(DOC))
    result = govrules.check_sources(trust, pdf)
    assert [f.render() for f in result.findings] == []
    assert result.quotes_found == result.quotes == 6
    # "con-" / "ducted" at a line end in the PDF matches the quote's "conducted"
    text = TRUST.replace(
        "deferred to a second meeting, which must be at least seven days later",
        "a full discussion should be conducted around the area of conflict",
    )
    trust.write_text(text, encoding="utf-8")
    assert govrules.check_sources(trust, pdf).findings == ()
    trust.write_text(text.replace("full discussion", "brief discussion"), encoding="utf-8")
    assert [f.code for f in govrules.check_sources(trust, pdf).findings] == ["GR312"]
    assert govrules.coverage(trust, pdf).answer == "accounted"


def test_a_word_document_is_read_paragraph_by_paragraph_and_table_by_row(
    tmp_path: Path,
) -> None:
    from tests.documents import write_docx

    paragraphs = DOC.split("\n\n")
    docx_path = write_docx(
        tmp_path / "model.docx",
        [" ".join(p.split("\n")) if p.startswith("2.3") else p for p in paragraphs],
        table=[["Partner", "Seat"], ["Council", "Leader"]],
    )
    text = TRUST.replace(
        'source: "1.1"', 'source: {clause: "Appendix A (b)", quote: "Council Leader"}'
    )
    trust, _ = _files(tmp_path, text)
    result = govrules.check_sources(trust, docx_path)
    assert [f.render() for f in result.findings] == []
    assert result.quotes == 7


def test_a_damaged_or_unsupported_document_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    trust, _ = _files(tmp_path)
    for name in ("bad.pdf", "bad.docx"):
        (tmp_path / name).write_bytes(b"not a document at all")
        code, _, err = run_cli(capsys, "coverage", str(trust), "--source", str(tmp_path / name))
        assert code == 2 and err.count("\n") == 1 and "cannot read the" in err, err
    monkeypatch.setitem(sys.modules, "pypdf", None)  # as if the extra were not installed
    code, _, err = run_cli(capsys, "coverage", str(trust), "--source", str(tmp_path / "bad.pdf"))
    assert code == 2 and "govrules[source]" in err


# --------------------------------------------------------------------------- report --source


def test_report_with_source_shows_the_document_and_the_quote_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = TRUST.replace("The Board will meet quarterly.", "The Board will meet monthly.")
    trust, doc = _files(tmp_path, text)
    out = tmp_path / "page.html"
    code, _, err = run_cli(capsys, "report", str(trust), "--source", str(doc), "-o", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "The document, clause by clause" in page and "<code>GR312</code>" in page
    code, _, _ = run_cli(
        capsys, "report", str(trust), "rutland", "--source", f"{trust}={doc}", "-o", str(out)
    )
    assert code == 0 and out.read_text(encoding="utf-8").count("clause by clause</h3>") == 1
    code, _, err = run_cli(
        capsys, "report", str(trust), "rutland", "--source", str(doc), "-o", str(out)
    )
    assert code == 2 and "TRUST=DOC" in err


def test_a_document_that_is_not_a_regular_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    trust, _ = _files(tmp_path)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, _, err = run_cli(capsys, "coverage", str(trust), "--source", str(fifo))
    assert code == 2 and "not a regular file" in err
    (tmp_path / "latin.txt").write_bytes("1. Caf\u00e9\n".encode("cp1252"))
    code, _, err = run_cli(capsys, "coverage", str(trust), "--source", str(tmp_path / "latin.txt"))
    assert code == 2 and "not UTF-8" in err


# --------------------------------------------------------------------------- properties

_WORDS = [
    "board",
    "chair",
    "vote",
    "quorum",
    "member",
    "partner",
    "meeting",
    "decision",
    "shall",
    "may",
]


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_any_stretch_of_a_clause_is_found_under_it_and_its_parent(data: st.DataObject) -> None:
    words = st.lists(st.sampled_from(_WORDS), min_size=6, max_size=14)
    # Two sections of two sub-clauses each, with word lists unlikely to repeat.
    texts = {label: data.draw(words) for label in ("1.1", "1.2", "2.1", "2.2")}
    lines = ["1. First"]
    for label in ("1.1", "1.2"):
        lines.append(f"{label} {' '.join(texts[label])}")
    lines.append("2. Second")
    for label in ("2.1", "2.2"):
        lines.append(f"{label} {' '.join(texts[label])}")
    label = data.draw(st.sampled_from(sorted(texts)))
    chosen = texts[label]
    start = data.draw(st.integers(0, len(chosen) - 3))
    end = data.draw(st.integers(start + 3, len(chosen)))
    quote = chosen[start:end]
    # The document breaks the line somewhere inside the quoted words; the quote is typed in
    # capitals, with an elision in the middle when long enough.
    at = data.draw(st.integers(1, len(quote) - 1))
    line = lines.index(f"{label} {' '.join(chosen)}")
    lines[line] = f"{label} {' '.join(chosen[: start + at])}\n{' '.join(chosen[start + at :])}"
    doc = document_from_text("\n".join(lines), "p.txt")
    typed = [w.upper() for w in quote]
    if len(typed) > 4:
        typed = [*typed[:2], "...", *typed[-2:]]
    pieces = split_quote(" ".join(typed))
    parent = label.split(".")[0]
    assert doc.find(pieces, [label]) is not None
    assert doc.find(pieces, [parent]) is not None
    # and a word changed is found nowhere
    changed = [*quote[:-1], "deputy"]
    assert doc.find(split_quote(" ".join(changed)), None) is None


def test_what_a_document_holds_is_shown_never_obeyed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc_text = DOC.replace(
        "2.3 Decisions", "2.3 Members \x1b[2J\x1b]0;x\x07 may.\n2.4 Decisions"
    ).replace("meet quarterly.", "meet \x1b[2Jquarterly.")
    trust, doc = _files(tmp_path, TRUST.replace('"2.3"', '"2.4"'), doc_text)
    code, out, _ = run_cli(capsys, "coverage", str(trust), "--source", str(doc))
    assert code == 1 and "2.3" in out
    assert "\x1b" not in out and "\x07" not in out
    # the nearest text to a changed quote is the document's, escape and all: shown escaped
    text = TRUST.replace("The Board will meet quarterly.", "The Board will meet monthly.")
    trust.write_text(text.replace('"2.3"', '"2.4"'), encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", str(trust), "--source", str(doc))
    assert code == 1 and "GR312" in out and "nearest text" in out
    assert "\x1b" not in out


def test_a_markdown_document_with_headings_emphasis_and_lists(tmp_path: Path) -> None:
    markdown = (
        "# Model Partnership\n\n## 1. Purpose\n\n1.1 The partnership brings together the Council "
        "and the Police to improve outcomes.\n\n## 2. The Board\n\n**2.1** The Board will meet "
        "quarterly.\n\n2.2 The Board will be *quorate* when one half of its members are present."
        "\n\n2.3 Decisions will be made by a simple majority of those present and voting. The "
        "__Chair__ will have a second or \u201ccasting\u201d vote in the event of a tie.\n\n"
        "### Who sits where\n\nThe Council holds the chair.\n\n## Appendix A: Disputes\n\n"
        "* (a) In the first instance, a full discussion should be conducted around the area "
        "of conflict.\n* (b) The matter will then be deferred to a second meeting, which must "
        "be at least seven days later.\n"
    )
    trust, _ = _files(tmp_path)  # `at: "Who sits where"` finds "### Who sits where"
    md = tmp_path / "model.md"
    md.write_text(markdown, encoding="utf-8")
    doc = document_from_text(markdown, "model.md")
    assert doc.labels() == document_from_text(DOC, "model.txt").labels()
    result = govrules.check_sources(trust, md)
    assert [f.render() for f in result.findings] == []
    assert result.quotes_found == 6
