"""Write the corpus of hostile and broken files that tests/test_hostile.py runs.

The files are committed, byte for byte (see .gitattributes); run this only to change them:

    .venv/bin/python tests/corpus/generate.py

accepted/  files that must load (a BOM, CRLF line endings, no final newline, ...)
refused/   files that must be refused with one located error (expectations in test_hostile)
records/   broken meeting records for `govrules check`
secrets/   a file no error may quote beyond 40 characters (a record names it as its trust)
printed/   files that load but hold what a terminal or a chart would obey: control and bidi
           characters from YAML escapes, a Mermaid directive, ids like the chart's own
Two more are made by the test itself, too big to commit: a 6 MB file and a 100 kB string.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).parent
BASE = """\
id: corpus
name: Corpus Trust
document:
  title: Corpus MoU
bodies:
  - id: board
    name: The Board
    chair:
      seat: chair-seat
      source: "1.1"
    seats:
      - id: chair-seat
        title: Chair
      - id: member
        title: Member
        count: 4
    quorum:
      at_least: 1/5
      source: "2.1"
"""


def sub(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


accepted: dict[str, bytes] = {
    "plain.yaml": BASE.encode(),
    "bom.yaml": b"\xef\xbb\xbf" + BASE.encode(),
    "crlf.yaml": BASE.replace("\n", "\r\n").encode(),
    "bom-crlf.yaml": b"\xef\xbb\xbf" + BASE.replace("\n", "\r\n").encode(),
    "no-final-newline.yaml": BASE.rstrip("\n").encode(),
    "unicode-text.yaml": sub(
        "name: Corpus Trust", "name: Trust für Kinder — «Ωmega» 子ども"
    ).encode(),
    "comments-and-anchors.yaml": (
        "# A trust with comments and one alias, within the limits.\n"
        + sub('      source: "1.1"', '      source: &clause "1.1"').replace(
            '      source: "2.1"\n', "      source: *clause\n"
        )
    ).encode(),
}

deep_flow = (
    "id: corpus\nname: Deep\ndocument: {title: Deep}\nbodies: " + "[" * 10_000 + "]" * 10_000 + "\n"
)
deep_block = (
    "id: corpus\nname: Deep\ndocument: {title: Deep}\nbodies:\n" + "- " * 10_000 + "board\n"
)
deep_map = "id: corpus\nname: Deep\ndocument: {title: Deep}\nbodies:\n" + "".join(
    "  " * (i + 1) + ("- " if i == 0 else "") + "a:\n" for i in range(100)
)


def bomb() -> str:
    # "billion laughs": nine levels of ten aliases; expanded it would hold 10**8 strings of
    # ten characters: about 1 GB.
    lines = [
        "id: corpus",
        "name: Laughs",
        "document: {title: Laughs}",
        "bodies: []",
        "gaps:",
        '  - lol0: &lol0 "lollollolo"',
    ]
    for i in range(1, 9):
        lines.append(f"    lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


quadratic = (
    "id: corpus\nname: Quadratic\ndocument: {title: Quadratic}\nbodies: []\n"
    "x: &big [" + ", ".join(["lol"] * 2_000) + "]\n"
    "y: [" + ", ".join(["*big"] * 60) + "]\n"
)

refused: dict[str, bytes] = {
    # --- not a YAML mapping at all
    "empty.yaml": b"",
    "comments-only.yaml": b"# nothing here\n# at all\n",
    "document-markers-only.yaml": b"---\n...\n",
    "list-not-mapping.yaml": b"- id: corpus\n- name: Corpus Trust\n",
    "bare-scalar.yaml": b"Corpus Trust\n",
    "bodies-not-a-list.yaml": sub(
        "bodies:\n  - id: board", "bodies: the board\nx:\n  - id: board"
    ).encode(),
    # --- not text
    "not-utf8.yaml": sub("name: Corpus Trust", "name: Corpus Trust caf\xe9").encode("latin-1"),
    "utf16.yaml": BASE.encode("utf-16"),
    "nul-byte.yaml": sub("name: Corpus Trust", "name: Corpus\x00 Trust").encode(),
    "binary-junk.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)),
    "binary-junk-no-nul.yaml": bytes(range(0x80, 0x100)) * 4,
    "control-character.yaml": sub(
        "name: Corpus Trust", "name: \x1b[31mCorpus Trust\x1b[0m"
    ).encode(),
    "surrogate-escape.yaml": sub("name: Corpus Trust", 'name: "Corpus \\ud800 Trust"').encode(),
    # --- not YAML
    "tab-indentation.yaml": sub("    name: The Board", "\tname: The Board").encode(),
    "truncated.yaml": (
        BASE[: BASE.index("title: Chair")].replace(
            "      - id: chair-seat\n        ", "      - {id: chair-seat, "
        )
    ).encode(),
    "unclosed-quote.yaml": sub("name: Corpus Trust", 'name: "Corpus Trust').encode(),
    "bad-escape.yaml": sub("name: Corpus Trust", 'name: "Corpus \\q Trust"').encode(),
    "multi-document.yaml": (BASE + "---\n" + BASE).encode(),
    "yaml-1-1.yaml": ("%YAML 1.1\n---\n" + BASE).encode(),
    # --- aliases, anchors, depth, size
    "alias-bomb.yaml": bomb().encode(),
    "alias-quadratic.yaml": quadratic.encode(),
    "alias-many.yaml": (BASE + "x: &x 1\ny: [" + ", ".join(["*x"] * 101) + "]\n").encode(),
    "alias-loop.yaml": (BASE + "x: &loop [a, *loop]\n").encode(),
    "alias-undefined.yaml": sub('      source: "2.1"', "      source: *clause").encode(),
    "alias-as-key.yaml": (BASE + "x: &k key\ny: {*k : 1}\n").encode(),
    "anchor-twice.yaml": sub('      source: "2.1"', '      source: &a "2.1"')
    .replace('      source: "1.1"', '      source: &a "1.1"')
    .encode(),
    "alias-too-deep.yaml": (
        BASE + "x: &deep " + "[" * 40 + "]" * 40 + "\ny: " + "[" * 30 + "*deep" + "]" * 30 + "\n"
    ).encode(),
    "deep-nesting-flow.yaml": deep_flow.encode(),
    "deep-nesting-block.yaml": deep_block.encode(),
    "deep-nesting-mapping.yaml": deep_map.encode(),
    "huge-key-implicit.yaml": (BASE + "k" * 5_000 + ": 1\n").encode(),
    "huge-key-explicit.yaml": (BASE + "? " + "k" * 5_000 + "\n: 1\n").encode(),
    # --- tags
    "python-tag-apply.yaml": sub(
        "name: Corpus Trust", 'name: !!python/object/apply:os.system ["touch pwned"]'
    ).encode(),
    "python-tag-new.yaml": sub(
        "name: Corpus Trust", 'name: !!python/object/new:subprocess.Popen [["touch", "pwned"]]'
    ).encode(),
    "python-tag-name.yaml": sub("name: Corpus Trust", "name: !!python/name:os.system").encode(),
    "tag-directive.yaml": (
        "%TAG !py! tag:yaml.org,2002:python/\n---\n"
        + sub("name: Corpus Trust", 'name: !py!object/apply:os.system ["touch pwned"]')
    ).encode(),
    "custom-tag.yaml": sub("name: Corpus Trust", "name: !include secrets.yaml").encode(),
    "verbatim-tag.yaml": sub(
        "name: Corpus Trust", "name: !<tag:example.com,2024:app> Corpus"
    ).encode(),
    "binary-tag.yaml": sub("name: Corpus Trust", "name: !!binary Q29ycHVz").encode(),
    "set-tag.yaml": sub("name: Corpus Trust", "name: !!set {a, b}").encode(),
    "int-tag-on-words.yaml": sub("count: 4", "count: !!int four").encode(),
    # --- keys
    "merge-key.yaml": sub(
        '    quorum:\n      at_least: 1/5\n      source: "2.1"\n',
        '    quorum:\n      <<: &q {at_least: 1/5}\n      source: "2.1"\n',
    ).encode(),
    "duplicate-key.yaml": sub(
        "        title: Member\n", "        title: Member\n        title: Members\n"
    ).encode(),
    "bom-crlf-duplicate-key.yaml": b"\xef\xbb\xbf"
    + sub("        title: Member\n", "        title: Member\n        title: Members\n")
    .replace("\n", "\r\n")
    .encode(),
    "duplicate-key-number-and-text.yaml": (BASE + "1: one\n'1': uno\n").encode(),
    "complex-key.yaml": (BASE + "? [a, b]\n: c\n").encode(),
    "null-key.yaml": (BASE + "~: nothing\n").encode(),
    "bool-key.yaml": (BASE + "true: yes\n").encode(),
    # --- values
    "wrong-type-deep.yaml": sub("count: 4", "count: four").encode(),
    "float-count.yaml": sub("count: 4", "count: 2.5").encode(),
    "negative-count.yaml": sub("count: 4", "count: -4").encode(),
    "infinite-count.yaml": sub("count: 4", "count: .inf").encode(),
    "huge-integer.yaml": sub("count: 4", "count: " + "9" * 5_000).encode(),
    "impossible-date.yaml": sub(
        "  title: Corpus MoU", "  title: Corpus MoU\n  date: 2010-02-30"
    ).encode(),
    "unknown-field.yaml": sub("    quorum:\n", "    quorom:\n").encode(),
    "missing-bodies.yaml": BASE[: BASE.index("bodies:")].encode(),
    "fraction-decimal.yaml": sub("at_least: 1/5", "at_least: 0.2").encode(),
    "fraction-over-one.yaml": sub("at_least: 1/5", "at_least: 3/2").encode(),
    "fraction-zero-denominator.yaml": sub("at_least: 1/5", "at_least: 1/0").encode(),
    "fraction-zero.yaml": sub("at_least: 1/5", "at_least: 0%").encode(),
    "fraction-words.yaml": sub("at_least: 1/5", "at_least: a majority").encode(),
    "fraction-two-measures.yaml": sub(
        "at_least: 1/5", "at_least: 1/5\n      more_than: 1/2"
    ).encode(),
    # --- ids
    "id-cyrillic.yaml": sub("  - id: board", "  - id: b\u043eard").encode(),  # Cyrillic o
    "id-zero-width-space.yaml": sub("  - id: board", '  - id: "bo\\u200bard"').encode(),
    "id-uppercase.yaml": sub("  - id: board", "  - id: Board").encode(),
    "id-unknown-seat.yaml": sub("      seat: chair-seat", "      seat: chair-sat").encode(),
    # --- lax values: a value of another type is refused, never converted
    "lax-count-text.yaml": sub("count: 4", 'count: "4"').encode(),
    "lax-count-true.yaml": sub("count: 4", "count: true").encode(),
    "lax-count-decimal-point.yaml": sub("count: 4", "count: 4.0").encode(),
    "lax-flag-yes.yaml": sub(
        "        count: 4\n", "        count: 4\n        up_to: yes\n"
    ).encode(),
    "lax-date-number.yaml": (BASE + "effective:\n  from: 0\n").encode(),
    "lax-date-with-time.yaml": (BASE + "effective:\n  from: 2010-03-01 10:30:00\n").encode(),
    # --- long values: an error repeats only the first 40 characters of one
    "long-fraction-text.yaml": sub("at_least: 1/5", "at_least: " + "x" * 5_000).encode(),
    "long-unknown-key.yaml": (BASE + "k" * 900 + ": 1\n").encode(),
}

RECORD = "trust: ../accepted/plain.yaml\nbody: board\n"
records: dict[str, bytes] = {
    "record-impossible-date.yaml": (
        RECORD + "date: 2010-02-30\nattendees: [chair-seat]\n"
    ).encode(),
    "record-list.yaml": b"- trust: ../accepted/plain.yaml\n- body: board\n",
    "record-unknown-seat.yaml": (
        RECORD + "date: 2010-03-01\nattendees: [chair-seat, treasurer]\n"
    ).encode(),
    "record-vote-not-present.yaml": (
        RECORD + "date: 2010-03-01\nattendees: [chair-seat]\n"
        "decisions:\n  - motion: Adopt\n    for: [member]\n"
    ).encode(),
    "record-python-tag.yaml": (
        RECORD + 'date: !!python/object/apply:os.system ["touch pwned"]\nattendees: [chair-seat]\n'
    ).encode(),
    "record-date-number.yaml": (RECORD + "date: 0\nattendees: [chair-seat]\n").encode(),
    "record-date-words.yaml": (RECORD + "date: 1 March 2010\nattendees: [chair-seat]\n").encode(),
    # A record naming a configuration file as its trust: the error may quote 40 characters
    # of the file's token, never the rest (and `check --trusts-dir` refuses to read it).
    "record-trust-is-a-config-file.yaml": (
        b"trust: ../secrets/config.yaml\nbody: board\ndate: 2010-03-01\nattendees: [chair-seat]\n"
    ),
}

# A configuration file holding a secret, for the record above to name.
SECRET_TAIL = "TAIL-THAT-NO-ERROR-MAY-SHOW"
secrets: dict[str, bytes] = {
    "config.yaml": (f"id: sk_live_0123456789abcdefghijklmnopqrstuvwxyz-{SECRET_TAIL}\n").encode(),
}

# Files that load, holding what must be shown and never obeyed: every value below comes from a
# YAML escape, since the file itself may hold no control character.
ESCAPES = (
    sub("name: Corpus Trust", 'name: "Corpus\\e[2J\\e[HTrust \\x9b31m \\u202eevil\\u202c"')
    .replace("title: Corpus MoU", 'title: "Corpus\\0MoU\\x7f"')
    .replace("title: Member", 'title: "Member\\nfake line\\u2028and \\u2066another"')
    + "gaps:\n"
    "  - kind: unspecified\n"
    '    note: "x\\n1 file(s): 0 error(s), 0 warning(s), 0 note(s) \\u2014 ok\\r\\e[K"\n'
    '    source: {clause: "2.1", quote: "\\e]0;title\\a\\u200b\\ufeff"}\n'
)
printed: dict[str, bytes] = {
    "escapes.yaml": ESCAPES.encode(),
    "record-forged-motion.yaml": (
        b"trust: escapes.yaml\nbody: board\ndate: 2010-03-01\nattendees: [chair-seat, member]\n"
        b"decisions:\n"
        b'  - motion: "Adopt\\e[2J\\e[H\\e[32mmeeting record VALID\\e[0m\\r\\n"\n'
        b"    for: [chair-seat]\n"
    ),
    "mermaid-directive.yaml": sub(
        "name: Corpus Trust", "name: \"%%{init: {'theme': 'dark', 'securityLevel': 'loose'}}%%\""
    )
    .replace("name: The Board", "name: 'The Board %% a comment'")
    .encode(),
    "id-collisions.yaml": (
        BASE + "  - id: outside\n    name: A Body Called Outside\n"
        "    accountable_to: [{to: board}]\n"
        "  - id: no-arbiter\n    name: A Body Called No Arbiter\n"
        "  - id: none\n    name: A Body Called None\n"
        "external_bodies:\n  - id: cluster-outside\n    name: An External Body\n"
        "procedures:\n"
        "  - id: disputes\n    name: Disputes\n    applies_to: [no-arbiter, outside]\n"
    ).encode(),
    "long-name.yaml": sub("name: Corpus Trust", "name: " + "n" * 16_384).encode(),
    "nul-escape.yaml": sub("name: Corpus Trust", 'name: "Corpus\\0Trust"').encode(),
}


def main() -> None:
    folders = (("accepted", accepted), ("refused", refused), ("records", records))
    folders += (("secrets", secrets), ("printed", printed))
    for sub_dir, _ in folders:
        shutil.rmtree(ROOT / sub_dir, ignore_errors=True)
        (ROOT / sub_dir).mkdir(parents=True)
    for folder, files in folders:
        for name, data in files.items():
            (ROOT / folder / name).write_bytes(data)
    (ROOT / ".gitattributes").write_text(
        "# The corpus is byte-exact: git must never convert its line endings.\n* -text\n"
    )
    print(
        f"{len(accepted)} accepted, {len(refused)} refused, {len(records)} records,"
        f" {len(printed)} printed"
    )


if __name__ == "__main__":
    main()
