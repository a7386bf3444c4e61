"""Text that is safe to print: what a trust, a record or a command line holds, shown, never obeyed.

A YAML escape can put any character in a value (``"\\e[2J"``, ``"\\x9b"``, ``"\\u202e"``,
``"\\n"``), and a terminal acts on some of them: it clears the screen, moves the cursor, reorders
the line (bidi controls) or starts a new line. Every human-readable output is built from values
made one line (:func:`one_line`, :func:`scrub`) and printed through :func:`printable`; JSON is
written by :func:`json_text`, which escapes the same characters the JSON way, so a parser reads
back the exact strings.

Shown as escapes: control characters (C0, including tab, line feed and ESC; DEL; C1, such as
U+009B and U+0085), format characters (bidi controls U+202A-U+202E and U+2066-U+2069, marks
U+200E/U+200F, zero-width characters, U+FEFF, tag characters), line and paragraph separators
(U+2028, U+2029) and lone surrogates. A backslash already in the text is left as it is: the
escapes are for reading, not for reversing.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["json_text", "one_line", "printable", "scrub", "shortened", "unsafe"]

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Colour codes as click.style writes them (Select Graphic Rendition): they change colour and
# weight, never the screen or the cursor.
_SGR = re.compile(r"(\x1b\[[0-9;]*m)")


def unsafe(ch: str) -> bool:
    """Whether a terminal could act on the character rather than show it."""
    if ch.isprintable():
        return False
    import unicodedata  # only for the rare text that is not plainly printable

    return unicodedata.category(ch) in _UNSAFE_CATEGORIES


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    n = ord(ch)
    if n <= 0xFF:
        return f"\\x{n:02x}"
    if n <= 0xFFFF:
        return f"\\u{n:04x}"
    return f"\\U{n:08x}"


def one_line(text: str) -> str:
    """``text`` with every character a terminal could act on, line breaks included, escaped."""
    if text.isprintable():  # the usual case, decided in C
        return text
    return "".join(_escape(ch) if unsafe(ch) else ch for ch in text)


def printable(text: str, *, colours: bool = False) -> str:
    """Output ready for a terminal: ``text``'s lines kept, everything else unsafe escaped.

    With ``colours``, click's colour codes are kept too (the values inside were made one line
    before they were styled).
    """
    if colours:
        return "".join(
            piece if i % 2 else printable(piece) for i, piece in enumerate(_SGR.split(text))
        )
    return "\n".join(one_line(line) for line in text.split("\n"))


def scrub(data: Any) -> Any:
    """A copy of an answer's dictionary with every text made one line (keys are govrules' own)."""
    if isinstance(data, str):
        return one_line(data)
    if isinstance(data, dict):
        return {key: scrub(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [scrub(item) for item in data]
    return data


def shortened(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def _json_escape(ch: str) -> str:
    # JSON's own escapes (UTF-16 code units), so a parser reads back the exact character.
    units = ch.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))


def json_text(data: Any, encoding: str | None = None) -> str:
    """``data`` as indented JSON that reads back exactly and is safe on a terminal.

    ``json`` escapes C0 itself; DEL, C1, format characters and separators are escaped here.
    Non-ASCII text is written as itself where ``encoding`` can hold it, else as ``\\u``
    escapes (``PYTHONIOENCODING=ascii`` still gives exact JSON).
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if encoding is not None:
        try:
            text.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            return json.dumps(data, indent=2, ensure_ascii=True)
    return "\n".join(
        line
        if line.isprintable()
        else "".join(_json_escape(ch) if unsafe(ch) else ch for ch in line)
        for line in text.split("\n")
    )
