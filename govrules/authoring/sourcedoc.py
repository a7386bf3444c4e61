"""A trust's source document: its text, read from the file, and its clauses.

The clauses are recognised from the document's own numbering (``10.3.1``, ``3.2.``,
``1.0``, ``Appendix A``, ``a)``, ``(b)``) as the longest run of numbers that follow one another
(a next sibling, a first sub-clause, the next clause of a parent): a contents page, a chart
label ("5 Local Children's Boards") or a numbered list inside a clause does not break it, and
no document needs a rule of its own. Where the numbering is irregular (an unnumbered section,
a number used twice, a footnote), the trust names the clause and the words it starts with
(``document.numbering``). Text is compared as :func:`normalise` makes it: whitespace, quote
marks, dashes, emphasis, case and line-end hyphenation do not count.
"""

from __future__ import annotations

import bisect
import re
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..language.schema import DeclaredClause
from ..reading.errors import LoadError, excerpt

__all__ = [
    "Clause",
    "Located",
    "SourceDocument",
    "canonical_label",
    "document_from_text",
    "normalise",
    "read_document",
    "split_quote",
]

# Marks that vary between a document and a quote typed from it, mapped to one form each
# (same length, so offsets survive): every quote mark, single or double, is one.
_SAME = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": "'",
        "\u201d": "'",
        "\u201e": "'",
        "\u201f": "'",
        "\u2033": "'",
        '"': "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u00ad": "-",
        "\u2022": " ",
        "\u00b7": " ",
        "\u25aa": " ",
    }
)
# Dropped: a hyphen at a line end with the line break (PDF hyphenation), a hyphen inside a
# word (so "co-operate" is "cooperate" whichever way either side writes it), emphasis marks.
# Collapsed to one space: any whitespace. Kept: everything else.
_DROP = re.compile(r"(?<=\w)-[ \t]*\r?\n\s*(?=\w)|(?<=\w)-(?=\w)|\*+|(?<!\w)_+|_+(?!\w)|(\s+)")
_ELISION = re.compile(r"\s*\[?\s*(?:\.\s?\.\s?\.|\u2026)\s*\]?\s*")


def _translate(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_SAME)


def normalise(text: str) -> str:
    """Text as govrules compares it: one space for any whitespace, one form of quote mark and
    dash, no emphasis marks, hyphens inside words and at line ends dropped, lower case."""
    return _DROP.sub(lambda m: " " if m.group(1) else "", _translate(text)).strip().lower()


def split_quote(quote: str) -> list[str]:
    """The pieces of a quote, normalised, where ``...`` or ``…`` marks words left out."""
    return [p for p in (normalise(piece) for piece in _ELISION.split(quote)) if p]


def _one_word(a: str, b: str) -> bool:
    """Do two characters side by side belong to one word (two letters, or two digits)? A
    clause's label runs into its text in some documents ("21.4.1The CTE"): not one word."""
    return (a.isalpha() and b.isalpha()) or (a.isdigit() and b.isdigit())


class _Keyed:
    """:func:`normalise` of a whole text, with the way back to offsets in the text: between
    two places where characters were dropped or collapsed, the two run in step, so only those
    places (the anchors) are kept."""

    def __init__(self, text: str) -> None:
        source = _translate(text)
        key_at: list[int] = [0]
        text_at: list[int] = [0]
        removed = 0

        def collapse(m: re.Match[str]) -> str:
            nonlocal removed
            out = " " if m.group(1) else ""
            removed += (m.end() - m.start()) - len(out)
            key_at.append(m.end() - removed)
            text_at.append(m.end())
            return out

        key = _DROP.sub(collapse, source)
        lowered = key.lower()
        if len(lowered) != len(key):  # a letter whose lower case is longer (rare)
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in key)
        self.key = lowered
        self._key_at = key_at
        self._text_at = text_at

    def to_text(self, k: int) -> int:
        """The offset in the text of the character at ``k`` in the key."""
        i = bisect.bisect_right(self._key_at, k) - 1
        return self._text_at[i] + (k - self._key_at[i])

    def to_key(self, offset: int) -> int:
        """The first index of the key at or after ``offset`` in the text."""
        i = bisect.bisect_right(self._text_at, offset) - 1
        inside = offset - self._text_at[i]
        if i + 1 < len(self._key_at):
            # within a dropped or collapsed stretch: the anchor after it
            return min(self._key_at[i] + inside, self._key_at[i + 1])
        return min(self._key_at[i] + inside, len(self.key))


# --------------------------------------------------------------------------- labels

Key = tuple[int | str, ...]
"""A clause number as parts: ``Appendix A 3.2.6 (b)`` is ``("@A", 3, 2, 6, "b")``."""

_LABEL = re.compile(
    r"^(?:(?:appendix|annexe?|schedule)\s+(?P<app>[a-z]|\d{1,2})\b[\s:.]*)?"
    r"(?P<num>\d{1,3}(?:\.\d{1,3})*)?\.?\s*"
    r"(?P<let>(?:\(\s*[a-z]\s*\)\s*|[a-z]\)\s*)?)$",
    re.IGNORECASE,
)


def _label_key(label: str) -> Key | None:
    """The parts of a clause label written the usual way, or None for any other label."""
    m = _LABEL.match(" ".join(_translate(label).split()))
    if m is None or not (m["app"] or m["num"] or m["let"]):
        return None
    parts: list[int | str] = []
    if m["app"]:
        parts.append("@" + m["app"].upper())
    if m["num"]:
        numbers = [int(n) for n in m["num"].split(".")]
        while len(numbers) > 1 and numbers[-1] == 0:  # "6.0" is section 6
            numbers.pop()
        parts.extend(numbers)
    if m["let"]:
        if not parts:
            return None
        parts.append(m["let"].strip(" ()").lower())
    return tuple(parts)


def _key_label(key: Key) -> str:
    words: list[str] = []
    numbers: list[str] = []
    for part in key:
        if isinstance(part, int):
            numbers.append(str(part))
        elif part.startswith("@"):
            words.append(f"Appendix {part[1:]}")
        else:
            if numbers:
                words.append(".".join(numbers))
                numbers = []
            words.append(f"({part})")
    if numbers:
        words.append(".".join(numbers))
    return " ".join(words)


def canonical_label(label: str) -> str:
    """One spelling of a clause label: ``9.5(e)``, ``9.5 e)`` and ``9.5 (e)`` are one
    clause, ``6.0`` is ``6``; a label of any other form is compared as normalised text."""
    key = _label_key(label)
    return _key_label(key) if key is not None else normalise(label)


_RANGE = re.compile(r"^(?P<head>.*?)\(\s*(?P<a>[a-z])\s*\)\s*(?:-|to)\s*\(\s*(?P<b>[a-z])\s*\)$")


def expand_range(label: str) -> list[str]:
    """The labels a cited range names (``9.5 (a)-(f)``: ``9.5 (a)`` ... ``9.5 (f)``); a single
    clause is itself."""
    m = _RANGE.match(" ".join(_translate(label).split()))
    if m is None or m["a"] > m["b"]:
        return [label]
    head = m["head"].strip()
    return [f"{head} ({chr(c)})".strip() for c in range(ord(m["a"]), ord(m["b"]) + 1)]


# --------------------------------------------------------------------------- the document


@dataclass(frozen=True)
class Clause:
    """One clause of the document: its label, where its own text starts and ends (up to the
    next clause of any level), and the clause it is part of."""

    label: str
    parent: str | None
    start: int
    """Offset in :attr:`SourceDocument.text` where the clause starts."""
    end: int
    """Offset where its own text ends: the start of the next clause (of any level)."""
    line: int
    """The line of the document the clause starts on (1-based)."""
    heading: str
    """Its first line, as written (a heading or the opening words)."""
    declared: bool = False
    """Named by the trust's ``document.numbering`` rather than the document's numbering."""


@dataclass(frozen=True)
class Located:
    """Where a quote was found: the clause whose own text holds its first words."""

    clause: str
    start: int
    end: int


@dataclass
class SourceDocument:
    """A document read and divided into clauses (see the module's docstring)."""

    name: str
    text: str
    clauses: tuple[Clause, ...]
    problems: tuple[tuple[int, str], ...] = ()
    """Declared clauses (by their index in ``numbering``) that could not be placed, and why."""
    _keyed: _Keyed | None = None
    _key: str = ""
    _starts: list[int] = field(default_factory=list)
    _by_label: dict[str, Clause] = field(default_factory=dict)
    _children: dict[str, list[Clause]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._keyed = _Keyed(self.text)
        self._key = self._keyed.key
        self._starts = [c.start for c in self.clauses]
        for clause in self.clauses:
            self._by_label.setdefault(canonical_label(clause.label), clause)
            if clause.parent is not None:
                self._children.setdefault(canonical_label(clause.parent), []).append(clause)

    def clause(self, label: str) -> Clause | None:
        """The clause with this label (any spelling :func:`canonical_label` makes one)."""
        return self._by_label.get(canonical_label(label))

    def labels(self) -> list[str]:
        return [c.label for c in self.clauses]

    def descendants(self, label: str) -> list[Clause]:
        """The clause's sub-clauses, theirs, and so on."""
        out: list[Clause] = []
        stack = list(reversed(self._children.get(canonical_label(label), [])))
        while stack:
            child = stack.pop()
            out.append(child)
            stack.extend(reversed(self._children.get(canonical_label(child.label), [])))
        return out

    def _k(self, offset: int) -> int:
        """The first index of the normalised text at or after ``offset`` in the text."""
        assert self._keyed is not None
        return self._keyed.to_key(offset)

    def spans(self, labels: Iterable[str]) -> list[tuple[int, int]]:
        """The stretches of normalised text the clauses and their sub-clauses hold, joined
        where they meet."""
        parts: list[tuple[int, int]] = []
        for label in labels:
            clause = self.clause(label)
            if clause is None:
                continue
            for c in (clause, *self.descendants(label)):
                parts.append((self._k(c.start), self._k(c.end)))
        parts.sort()
        merged: list[tuple[int, int]] = []
        for a, b in parts:
            if merged and a <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return merged

    def find(self, pieces: Sequence[str], within: Iterable[str] | None = None) -> Located | None:
        """Where the pieces of a quote occur, in order, inside one stretch of the clauses
        ``within`` (and their sub-clauses), or anywhere when ``within`` is None."""
        if not pieces:
            return None
        spans = [(0, len(self._key))] if within is None else self.spans(within)
        for a, b in spans:
            # The earliest place of the first piece is the best start: the later pieces, if
            # missing after it, are missing after any later one too.
            found = self._find_words(pieces[0], a, b)
            if found < 0:
                continue
            at = found + len(pieces[0])
            for piece in pieces[1:]:
                nxt = self._find_words(piece, at, b)
                if nxt < 0:
                    break
                at = nxt + len(piece)
            else:
                start, end = self._text(found), self._text(at - 1) + 1
                return Located(self.clause_at(start), start, end)
        return None

    def _find_words(self, piece: str, start: int, end: int) -> int:
        """Where ``piece`` first occurs in the keyed text between ``start`` and ``end`` as whole
        words: "able to cast" is not in "unable to cast" (-1 where it is nowhere)."""
        key = self._key
        at = key.find(piece, start, end)
        while at >= 0:
            after = at + len(piece)
            opens = at == 0 or not _one_word(key[at - 1], piece[0])
            closes = after >= len(key) or not _one_word(piece[-1], key[after])
            if opens and closes:
                return at
            at = key.find(piece, at + 1, end)
        return -1

    def clause_at(self, offset: int) -> str:
        """The label of the clause whose own text holds ``offset`` (``""`` before the first)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.clauses[i].label if i >= 0 and offset < self.clauses[i].end else ""

    def _text(self, k: int) -> int:
        assert self._keyed is not None
        return self._keyed.to_text(k)

    def nearest(self, quote: str, within: Iterable[str] | None = None) -> str | None:
        """The stretch of text most like ``quote`` (in the clauses ``within`` where given),
        as written in the document with its whitespace collapsed."""
        import difflib

        target = " ".join(split_quote(quote))
        if not target:
            return None
        spans = [(0, len(self._key))] if within is None else self.spans(within)
        size = len(target.split())
        best = (0.0, 0, 0)
        for a, b in spans:
            words = [(m.start() + a, m.end() + a) for m in re.finditer(r"\S+", self._key[a:b])]
            # Every window in a clause; in a whole long document, a bounded number of them.
            step = 1 if len(words) < 4000 else max(1, size // 3, len(words) // 50_000)
            matcher = difflib.SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(target)
            for i in range(0, max(1, len(words) - size + 1), step):
                window = words[i : i + size]
                if not window:
                    break
                lo, hi = window[0][0], window[-1][1]
                matcher.set_seq1(self._key[lo:hi])
                if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
                    continue
                ratio = matcher.ratio()
                if ratio > best[0]:
                    best = (ratio, lo, hi)
        if best[0] < 0.3:
            return None
        start, end = self._text(best[1]), self._text(best[2] - 1) + 1
        return " ".join(self.text[start:end].split())

    def own_text(self, clause: Clause) -> str:
        return self.text[clause.start : clause.end]


# --------------------------------------------------------------------------- recognising

_GAP = 3
"""How far a number may skip ahead (a clause lost in extraction) and still follow on."""

_PREFIX = re.compile(r"^(?:[ \t]*(?:[-\u2022\u00b7*\u25aa>#]+[ \t]+|\*\*|__|#+)?)*[ \t]*")
_BULLET = re.compile(r"^[ \t]*[-\u2022\u00b7*\u25aa][ \t]")
_APPENDIX = re.compile(
    r"(?:appendix|annexe?|schedule)\s+(?P<id>[A-Z]|\d{1,2})\b(?!\s*[a-z])(?!\s+\d)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?P<num>\d{1,3}(?:\.\d{1,3})*)(?P<dot>\.?)(?=[\s(*]|$|[A-Z])")
_LETTER = re.compile(r"(?:\(\s*(?P<a>[a-z])\s*\)|(?P<b>[a-z])[.)])(?=\s|$)")
# A contents line: the entry, then its page number (or range) after a tab or dot leaders.
_CONTENTS = re.compile(r"(?:\t|\.{3,}|\u2026)\s*\d{1,4}(?:\s*[-\u2013]\s*\d{1,4})?\s*$")


@dataclass(frozen=True)
class _Candidate:
    line: int
    offset: int
    key: Key


def _number_key(m: re.Match[str], rest: str, bulleted: bool) -> Key | None:
    numbers = [int(n) for n in m["num"].split(".")]
    # A bare number ("4", no dot) is a heading only before a capitalised word on its line
    # ("4 The Children's Trust"): not before a lower-case word ("4 times a year"), alone on
    # its line (a page number) or in a bulleted list ("- 2 District representatives").
    bare = len(numbers) == 1 and not m["dot"]
    if bare and (bulleted or not re.match(r"[ \t]+[A-Z]", rest)):
        return None
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def _candidates(lines: list[str], starts: list[int]) -> tuple[list[_Candidate], list[_Candidate]]:
    """Lines that begin with a number or an appendix heading; and lines that begin with a
    letter (``a)``, ``(b)``), placed later under the clause they fall in."""
    numbered: list[_Candidate] = []
    lettered: list[_Candidate] = []
    appendix: str | None = None
    for i, line in enumerate(lines):
        if _CONTENTS.search(line):
            continue
        lead = _PREFIX.match(line)
        at = lead.end() if lead else 0
        body = line[at:]
        if not body or not (body[0].isalnum() or body[0] == "("):
            continue
        m = _APPENDIX.match(body)
        if m:
            appendix = "@" + m["id"].upper()
            numbered.append(_Candidate(i + 1, starts[i] + at, (appendix,)))
            continue
        m = _NUMBER.match(body)
        if m:
            bulleted = bool(_BULLET.match(line))
            key = _number_key(m, body[m.end() :], bulleted)
            if key is not None:
                numbered.append(_Candidate(i + 1, starts[i] + at, key))
                # After an appendix heading a number may be the appendix's own (Suffolk's
                # Appendix A numbers its parts 3.2.1-3.2.6 again): both readings are offered,
                # and the longest run takes one.
                if appendix is not None:
                    numbered.append(_Candidate(i + 1, starts[i] + at, (appendix, *key)))
            continue
        m = _LETTER.match(body)
        if m:
            lettered.append(_Candidate(i + 1, starts[i] + at, (m["a"] or m["b"],)))
    return _without_lists(numbered), lettered


def _without_lists(cands: list[_Candidate]) -> list[_Candidate]:
    """The candidates less the numbered lists inside clauses: a run of single numbers
    1, 2, 3... with nothing between them, that starts after a sub-clause (``3.2.6`` then
    ``1.``, ``2.``, ...) is a list in that sub-clause's text, not the document's sections."""
    drop: set[int] = set()
    i = 0
    while i < len(cands):
        key = cands[i].key
        if key[-1:] != (1,) or len([p for p in key if isinstance(p, int)]) != 1:
            i += 1
            continue
        j = i + 1
        expect = 2
        while j < len(cands):
            nxt = cands[j].key
            if nxt[:-1] == key[:-1] and nxt[-1:] == (expect,):
                expect += 1
            elif cands[j].offset != cands[j - 1].offset:
                break  # (a number and its appendix reading share a line: both are passed)
            j += 1
        deeper_before = any(
            len([p for p in c.key if isinstance(p, int)]) > 1 for c in cands[max(0, i - 2) : i]
        )
        if expect > 2 and deeper_before:
            drop.update(range(i, j))
        i = max(j, i + 1)
    return [c for n, c in enumerate(cands) if n not in drop]


def _first(part: int | str) -> bool:
    if isinstance(part, int):
        return 1 <= part <= _GAP
    return "a" <= part < chr(ord("a") + _GAP)


def _next_appendix(previous: str | None, wanted: str) -> bool:
    # "@A" after the body, "@B" after A; numbered appendices the same way.
    ident = wanted[1:]
    if previous is None:
        return ident in ("A", "1")
    prev = previous[1:]
    if prev.isdigit() and ident.isdigit():
        return 0 < int(ident) - int(prev) <= _GAP
    return len(prev) == 1 and len(ident) == 1 and 0 < ord(ident) - ord(prev) <= _GAP


def _chain(cands: list[_Candidate]) -> list[_Candidate]:
    """The longest run of candidates each of which can follow the one before (see the
    module's docstring): a dynamic programme over the candidates in order, with the best run
    ending at each number (``exact``) and under each prefix (``under``)."""
    exact: dict[Key, tuple[float, int]] = {(): (0, -1)}
    under: dict[Key, tuple[float, int]] = {}
    body_best: tuple[float, int] = (0, -1)
    appendix_best: dict[str, tuple[float, int]] = {}
    score: list[float] = []
    back: list[int] = []
    for index, cand in enumerate(cands):
        key = cand.key
        options: list[tuple[float, int]] = []
        app = key[0] if isinstance(key[0], str) else None
        if app is not None and len(key) == 1:
            options.append(body_best if _next_appendix(None, app) else (-1, -1))
            for prev, best in appendix_best.items():
                if _next_appendix(prev, app):
                    options.append(best)
        else:
            lo = 0 if app is None else 1
            if app is not None and (app,) in exact:
                options.append(exact[(app,)])  # the first clause of an appendix: any number
            for j in range(lo, len(key)):
                if not all(_first(p) for p in key[j + 1 :]):
                    continue
                head = key[:j]
                if _first(key[j]) and head in exact and (j > lo or app is None):
                    options.append(exact[head])
                part = key[j]
                for gap in range(1, _GAP + 1):
                    if isinstance(part, int):
                        if part - gap < 0:
                            break
                        prior: int | str = part - gap
                    else:
                        if ord(part) - gap < ord("a"):
                            break
                        prior = chr(ord(part) - gap)
                    found = under.get((*head, prior))
                    if found is not None:
                        options.append(found)
        options = [o for o in options if o[0] >= 0]
        if not options:
            score.append(-1)
            back.append(-1)
            continue
        best = max(options, key=lambda o: (o[0], o[1]))
        # A clause inside an appendix counts half: appendices come last, so a run that puts
        # the body under a contents page's "Appendix A" line loses to the body's own run.
        mine = (best[0] + (0.5 if app is not None and len(key) > 1 else 1), index)
        score.append(mine[0])
        back.append(best[1])
        exact[key] = max(exact.get(key, (-1, -1)), mine)
        for n in range(1, len(key) + 1):
            under[key[:n]] = max(under.get(key[:n], (-1, -1)), mine)
        if app is None:
            body_best = max(body_best, mine)
        else:
            appendix_best[app] = max(appendix_best.get(app, (-1, -1)), mine)
    if not cands or max(score, default=-1) <= 0:
        return []
    end = max(range(len(cands)), key=lambda i: (score[i], i))
    run: list[int] = []
    while end >= 0:
        run.append(end)
        end = back[end]
    return [cands[i] for i in reversed(run)]


def _letters(lettered: list[_Candidate], parents: list[tuple[int, Key]]) -> list[_Candidate]:
    """The lettered lines that run a), b), c)... inside one numbered clause, as its
    sub-clauses; a later list starting again at a) is left as text."""
    out: list[_Candidate] = []
    starts = [p[0] for p in parents]
    last: dict[Key, str] = {}
    for cand in lettered:
        i = bisect.bisect_right(starts, cand.offset) - 1
        if i < 0:
            continue
        parent = parents[i][1]
        letter = str(cand.key[0])
        prev = last.get(parent)
        ok = (prev is None and _first(letter)) or (
            prev is not None and 0 < ord(letter) - ord(prev) <= _GAP and prev != "done"
        )
        if ok:
            last[parent] = letter
            out.append(_Candidate(cand.line, cand.offset, (*parent, letter)))
        elif prev is not None and letter == "a":
            last[parent] = "done"
    return out


def _line_starts(text: str) -> tuple[list[str], list[int]]:
    lines = text.split("\n")
    starts: list[int] = []
    at = 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    return lines, starts


def document_from_text(
    text: str, name: str, numbering: Sequence[DeclaredClause] = ()
) -> SourceDocument:
    """The clauses of a document's text (see the module's docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines, starts = _line_starts(text)
    numbered, lettered = _candidates(lines, starts)
    declared, problems = _declared(text, lines, starts, numbering, numbered)
    taken = {d[1] for d in declared}
    numbered = [c for c in numbered if c.offset not in taken]
    run = _chain(numbered)
    parents = [(c.offset, c.key) for c in run]
    letters = _letters([c for c in lettered if c.offset not in taken], parents)
    found: list[tuple[int, int, str, str | None, bool]] = []
    keys = {c.key for c in (*run, *letters)}
    for cand in (*run, *letters):
        above = next(
            (cand.key[:n] for n in range(len(cand.key) - 1, 0, -1) if cand.key[:n] in keys), None
        )
        label = _key_label(cand.key)
        found.append((cand.offset, cand.line, label, _key_label(above) if above else None, False))
    labels = {canonical_label(f[2]) for f in found}
    for index, offset, decl in declared:
        if canonical_label(decl.clause) in labels:
            problems.append(
                (index, f"`{excerpt(decl.clause)}` is already a clause of the document")
            )
            continue
        labels.add(canonical_label(decl.clause))
        found.append((offset, text.count("\n", 0, offset) + 1, decl.clause, decl.within, True))
    found.sort(key=lambda f: f[0])
    clauses: list[Clause] = []
    for i, (offset, line, label, parent, is_declared) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        stop = text.find("\n", offset)
        heading = " ".join(text[offset : stop if stop >= 0 else len(text)].split())
        clauses.append(Clause(label, parent, offset, end, line, heading, is_declared))
    document = SourceDocument(name, text, tuple(clauses))
    for index, decl in enumerate(numbering):
        if decl.within is not None and document.clause(decl.within) is None:
            problems.append(
                (index, f"`within: {excerpt(decl.within)}` names no clause of the document")
            )
    document.problems = tuple(problems)
    return document


def _declared(
    text: str,
    lines: list[str],
    starts: list[int],
    numbering: Sequence[DeclaredClause],
    numbered: list[_Candidate],
) -> tuple[list[tuple[int, int, DeclaredClause]], list[tuple[int, str]]]:
    """Where each declared clause starts: the first line (after ``after``) that begins with
    its ``at`` words, bullets and leading whitespace aside."""
    if not numbering:
        return [], []
    heads = []
    for i, line in enumerate(lines):
        lead = _PREFIX.match(line)
        at = lead.end() if lead else 0
        if line[at:].strip():  # a clause starts on a line with words, not on a blank one
            heads.append((starts[i] + at, normalise(" ".join(lines[i : i + 4])[at:])))
    placed: list[tuple[int, int, DeclaredClause]] = []
    problems: list[tuple[int, str]] = []
    body: list[_Candidate] | None = None
    for index, decl in enumerate(numbering):
        want = normalise(decl.at)
        lower = 0
        if decl.after is not None:
            # The clause of the document's numbering, not a stray number with its label (a
            # chart label "5 Local Children's Boards" before section 5); any such number only
            # where the numbering has no clause of that label.
            if body is None:
                body = _chain(numbered)
            anchor = [
                c.offset
                for c in body
                if canonical_label(_key_label(c.key)) == canonical_label(decl.after)
            ] or [
                c.offset
                for c in numbered
                if canonical_label(_key_label(c.key)) == canonical_label(decl.after)
            ]
            anchor += [
                p[1] for p in placed if canonical_label(p[2].clause) == canonical_label(decl.after)
            ]
            if not anchor:
                problems.append(
                    (index, f"`after: {excerpt(decl.after)}` names no clause of the document")
                )
                continue
            lower = min(anchor)
        hit = next(
            (offset for offset, head in heads if offset >= lower and head.startswith(want)), None
        )
        if hit is None:
            problems.append((index, f"no line of the document starts with `{excerpt(decl.at)}`"))
            continue
        placed.append((index, hit, decl))
    return placed, problems


# --------------------------------------------------------------------------- reading

SUFFIXES = (".txt", ".text", ".md", ".markdown", ".docx", ".pdf")
"""The kinds of document govrules reads."""
MAX_DOCUMENT_BYTES = 100_000_000
"""The largest document file govrules reads (a 200-page PDF is about 1 MB)."""


def read_text(path: str | Path) -> str:
    """The text of a document file: plain text and Markdown as they are (UTF-8), ``.docx``
    paragraph by paragraph (tables row by row, cells tab-separated), ``.pdf`` page by page.

    :raises LoadError: the file cannot be read, or is of a kind govrules does not read.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise LoadError(
            f"cannot read a `{excerpt(suffix or path.name)}` document",
            path=str(path),
            hint="give a .txt, .md, .docx or .pdf file",
        )
    try:
        # Only a regular file of bounded size: a named pipe or /dev/zero would never end.
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise LoadError("the document is not a regular file", path=str(path))
        if info.st_size > MAX_DOCUMENT_BYTES:
            raise LoadError(
                f"the document is {info.st_size:,} bytes, over the {MAX_DOCUMENT_BYTES:,} "
                "govrules reads",
                path=str(path),
            )
        if suffix == ".docx":
            from .sourceread import docx_text

            return docx_text(path)
        if suffix == ".pdf":
            from .sourceread import pdf_text

            return pdf_text(path)
        raw = path.read_bytes()
    except LoadError:
        raise
    except OSError as exc:
        raise LoadError(
            f"cannot read the document: {exc.strerror or exc}", path=str(path)
        ) from None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"the document is not UTF-8 text (byte {exc.start})", path=str(path)
        ) from None


def read_document(path: str | Path, numbering: Sequence[DeclaredClause] = ()) -> SourceDocument:
    """Read a document file and recognise its clauses (see :func:`read_text`).

    :raises LoadError: the file cannot be read.
    """
    return document_from_text(read_text(path), str(path), numbering)
