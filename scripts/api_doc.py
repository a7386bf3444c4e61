"""Write docs/api.md, the library reference, from ``govrules.__all__``.

    .venv/bin/python scripts/api_doc.py > docs/api.md

Each exported name gets its signature and the first paragraph of its docstring; a name with no
docstring is an error. tests/test_api.py checks that docs/api.md is what this prints.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import sys
import textwrap
from typing import Any

import govrules

HEADER = """\
# Library reference

Everything the `govrules` command does is a function of the `govrules` package, and every
name below is importable from it (`from govrules import audit, Limits`). Importing the package
is cheap: each name is loaded on first use. The package is typed (it ships `py.typed`), so
mypy checks calls to it.

Every question answers with an immutable answer object; `.to_dict()` gives exactly the JSON
the command prints with `--format json`, and `.answer` the one-word answer (`quorate`,
`carried`, `unspecified`, ...). Errors derive from `GovrulesError`: a `LoadError` (a file that
cannot be read or is malformed) prints as one line, `FILE:LINE:COLUMN: message`; a
`QueryError` names something the trust does not have.

The functions `audit`, `diff`, `graph`, `report`, `schema`, `serve` and `skeleton` share their
names with the modules that hold their engines: `govrules.audit` is the function, and the
module's other names are imported by their full path (`from govrules.evaluating.audit import
record_files`).

This page is generated from `govrules.__all__` by `scripts/api_doc.py`; a test keeps the two
in step.
"""

SECTIONS = (
    ("Functions", "functions"),
    ("Files and limits", "inputs"),
    ("Answers and results", "answers"),
    ("Errors", "errors"),
)
INPUTS = {"Trust", "MeetingRecord", "Limits"}


def one_line(obj: Any, name: str) -> str:
    """The first paragraph of the docstring, on one line, in Markdown."""
    doc = inspect.getdoc(obj) or ""
    if inspect.isclass(obj) and doc.startswith(f"{obj.__name__}("):
        doc = ""  # the signature a dataclass puts where no docstring was written
    if not doc:
        raise SystemExit(f"govrules.{name} has no docstring: write one before documenting it")
    text = " ".join(doc.split("\n\n", 1)[0].split())
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", text)  # :func:`check` -> `check`
    return text.replace("``", "`")


def section(obj: Any) -> str:
    if inspect.isclass(obj) and issubclass(obj, BaseException):
        return "errors"
    if inspect.isclass(obj):
        return "inputs" if obj.__name__ in INPUTS else "answers"
    return "functions"


class _Written:
    """An annotation as written in the source (the package uses postponed annotations)."""

    def __init__(self, text: Any) -> None:
        self.text = text if isinstance(text, str) else inspect.formatannotation(text)

    def __repr__(self) -> str:
        return str(self.text)


def _call(name: str, obj: Any) -> str:
    sig = inspect.signature(obj)
    params = [
        p.replace(annotation=_Written(p.annotation)) if p.annotation is not p.empty else p
        for p in sig.parameters.values()
        if p.name != "self"
    ]
    returns = sig.return_annotation
    sig = sig.replace(
        parameters=params,
        return_annotation=_Written(returns) if returns is not sig.empty else returns,
    )
    text = f"{name}{sig}"
    if len(text) <= 96:
        return text
    # One parameter a line, as ruff would lay the definition out.
    tail = str(sig).rpartition(")")[2]
    inner = [str(p) for p in sig.parameters.values()]
    if any(p.kind is p.KEYWORD_ONLY for p in sig.parameters.values()) and not any(
        p.kind is p.VAR_POSITIONAL for p in sig.parameters.values()
    ):
        first_kw = next(
            i for i, p in enumerate(sig.parameters.values()) if p.kind is p.KEYWORD_ONLY
        )
        inner.insert(first_kw, "*")
    body = "".join(f"\n    {p}," for p in inner)
    return f"{name}({body}\n){tail}"


def signature(name: str, obj: Any) -> str:
    if not inspect.isclass(obj):
        return _call(name, obj)
    bases = ", ".join(b.__name__ for b in obj.__bases__ if b is not object)
    head = f"class {name}({bases})" if bases else f"class {name}"
    if issubclass(obj, BaseException):
        if "__init__" not in vars(obj):
            return head
        return f"{head}\n{_call(name, obj.__init__).removesuffix(' -> None')}"
    if dataclasses.is_dataclass(obj):
        own = [f for f in dataclasses.fields(obj) if f.name in vars(obj).get("__annotations__", {})]
        return f"{head}:" + "".join(f"\n    {f.name}: {f.type}{_default(f)}" for f in own)
    fields = getattr(obj, "model_fields", {})
    if fields:
        written = _written(obj)
        return f"{head}:" + "".join(
            f"\n    {info.alias or field}: {written.get(field, '...')}"
            for field, info in fields.items()
        )
    return head


def _written(model: type) -> dict[str, str]:
    """Each field's annotation as the class's source writes it (the models' module evaluates
    its annotations, so they are not kept as text)."""
    cls = ast.parse(textwrap.dedent(inspect.getsource(model))).body[0]
    assert isinstance(cls, ast.ClassDef)
    written = {}
    for node in cls.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            note = node.annotation
            if isinstance(note, ast.Constant) and isinstance(note.value, str):  # quoted
                written[node.target.id] = note.value
            else:
                written[node.target.id] = ast.unparse(note)
    return written


def _default(f: dataclasses.Field[Any]) -> str:
    return "" if f.default is dataclasses.MISSING else f" = {f.default!r}"


def render() -> str:
    grouped: dict[str, list[str]] = {key: [] for _, key in SECTIONS}
    for name in sorted(govrules.__all__, key=str.lower):
        obj = getattr(govrules, name)
        if inspect.isclass(obj) and obj.__name__ != name:
            # An older name of a type kept for the code written against it.
            code, text = f"{name} = {obj.__name__}", f"Another name for `{obj.__name__}`."
        else:
            code, text = signature(name, obj), one_line(obj, name)
        grouped[section(obj)].append(f"### `{name}`\n\n```python\n{code}\n```\n\n{text}\n")
    parts = [HEADER]
    for title, key in SECTIONS:
        parts.append(f"## {title}\n")
        parts.extend(grouped[key])
    return "\n".join(parts)


if __name__ == "__main__":
    sys.stdout.write(render())
