"""A bundled trust in compiled form: its validated models as plain JSON, shipped beside its YAML.

Reading it needs neither a YAML reader nor pydantic's validators (which are built on first
use): a first-time question on a bundled trust starts in a fraction of the time
(``benchmarks/cli.py``). It is not a cache. Nothing writes it at run time:
``scripts/compile-trusts`` writes it with the YAML, ``tests/test_compiled.py`` fails while it
is out of date, and the loader reads it only when it names the digest of the very YAML bytes
just read and the digest of the code that builds a trust from them
(:data:`BUILDERS`); otherwise it reads the YAML, so an edited trust or an edited loader is
never answered from an old form.

The form records each model's class (a name the schema module defines, nothing else), the
fields as set and the fields the file wrote (``model_fields_set``: some answers turn on whether
a field was written), so a decoded trust equals the loaded one field for field.

A second file beside it (``NAME.located.json``, :func:`encode_located`) holds the YAML's data
and the position of each node, under the same two digests: ``validate`` of a bundled trust
locates its findings from it without a YAML reader (``benchmarks/cli.py``, ``validate
NAME``). It is a file of its own because no question needs positions.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..language import schema
from ..language.paths import Picks, keep_reading_holders, reading_holders
from ..language.schema import Model, Trust
from ..reading.sourcefile import Located

__all__ = [
    "BUILDERS",
    "FORMAT",
    "builders_digest",
    "compiled_path",
    "decode",
    "encode",
    "encode_located",
    "located_path",
    "read",
    "read_located",
]

FORMAT = 1
"""The version of the form; a file of another version is not read."""

BUILDERS = ("reading", "language", "compiling")
"""The folders of ``govrules`` whose code turns YAML into a trust: a change to any of their
modules makes every compiled form out of date."""

_PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def builders_digest() -> str:
    """The digest of every module that builds a trust from its YAML: of the code this process
    runs, so read once per process, not once per trust loaded."""
    digest = hashlib.sha256()
    for folder in BUILDERS:
        for path in sorted((_PACKAGE / folder).glob("*.py")):
            digest.update(f"{folder}/{path.name}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def compiled_path(yaml_path: Path) -> Path:
    """Where the compiled form of a bundled trust file sits: beside it."""
    return yaml_path.with_name(f"{yaml_path.stem}.compiled.json")


def encode(trust: Trust, raw: bytes) -> str:
    """The compiled form of ``trust``, loaded from the YAML bytes ``raw``."""
    document = {
        "format": FORMAT,
        "yaml_sha256": hashlib.sha256(raw).hexdigest(),
        "builders_sha256": builders_digest(),
        "trust": _plain(trust),
        # Each reading's model, validated at compile time (language/paths.reading_holders).
        "readings": [
            [[list(pick) for pick in picks], _plain(validated)]
            for picks, (_, _, validated) in sorted(reading_holders(trust).items())
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n"


def located_path(yaml_path: Path) -> Path:
    """Where the located form of a bundled trust file sits: beside it."""
    return yaml_path.with_name(f"{yaml_path.stem}.located.json")


def encode_located(located: Located, raw: bytes) -> str:
    """The located form of the YAML bytes ``raw``, read as ``located``: its data and the
    position of each node (the text is ``raw`` itself, which the reader of the form has).

    :raises TypeError: the data holds a value the form cannot (a time of day).
    """
    document = {
        "format": FORMAT,
        "yaml_sha256": hashlib.sha256(raw).hexdigest(),
        "builders_sha256": builders_digest(),
        "data": _plain(located.data),
        "positions": [
            [list(path), line, column] for path, (line, column) in located.positions.items()
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n"


def read(yaml_path: Path, raw: bytes) -> Trust | None:
    """The trust compiled from exactly ``raw`` by exactly this code, if its compiled form is
    beside ``yaml_path``; ``None`` (read the YAML) when there is none or it does not match."""
    document = _document(compiled_path(yaml_path), raw)
    if document is None:
        return None
    try:
        trust = decode(document["trust"])
        if not isinstance(trust, Trust):
            return None
        validated: dict[Picks, Model] = {}
        for picks, model in document["readings"]:
            validated[tuple((int(i), int(k)) for i, k in picks)] = decode(model)
        keep_reading_holders(trust, validated)
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    return trust


def read_located(yaml_path: Path, raw: bytes) -> Located | None:
    """The YAML ``raw`` read, with positions, by exactly this code, if its located form is
    beside ``yaml_path``; ``None`` (read the YAML) when there is none or it does not match."""
    document = _document(located_path(yaml_path), raw)
    if document is None:
        return None
    try:
        data = decode(document["data"])
        positions = {
            tuple(path): (int(line), int(column)) for path, line, column in document["positions"]
        }
        # The text as the reader decodes it (the digest says these are the bytes it read).
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    return Located(data, str(yaml_path), positions, text)


def _document(path: Path, raw: bytes) -> dict[str, Any] | None:
    """The form at ``path``, where it is of this format and was made from exactly ``raw`` by
    exactly this code."""
    try:
        if not path.is_file() or path.is_symlink():
            return None
        text = path.read_bytes()
    except OSError:
        return None
    try:
        document = json.loads(text)
    except ValueError:
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return None
    if document.get("yaml_sha256") != hashlib.sha256(raw).hexdigest():
        return None
    if document.get("builders_sha256") != builders_digest():
        return None
    return document


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        fields = type(value).model_fields
        return {
            "$m": type(value).__name__,
            "$s": sorted(value.model_fields_set),
            "v": {name: _plain(getattr(value, name)) for name in fields},
        }
    if isinstance(value, StrEnum):
        return {"$e": type(value).__name__, "v": value.value}
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return {"$l": [_plain(v) for v in value]}
    if isinstance(value, dict):
        return {"$d": [[_plain(k), _plain(v)] for k, v in value.items()]}
    if isinstance(value, Fraction):
        return {"$f": str(value)}
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {"$t": value.isoformat()}
    raise TypeError(f"a trust holds a {type(value).__name__}, which the compiled form cannot")


def decode(value: Any) -> Any:
    """A value of the compiled form as the models hold it.

    :raises ValueError: it names a class the schema does not define, or is malformed.
    """
    if isinstance(value, list):
        return tuple(decode(v) for v in value)
    if not isinstance(value, dict):
        return value
    if "$m" in value:
        cls = _schema_class(value["$m"], Model)
        fields = {name: decode(v) for name, v in value["v"].items()}
        if fields.keys() != _field_names(cls):
            raise ValueError(f"the fields of {cls.__name__} differ")
        return cls.model_construct(_fields_set=set(value["$s"]), **fields)
    if "$e" in value:
        return _schema_class(value["$e"], StrEnum)(value["v"])
    if "$l" in value:
        return [decode(v) for v in value["$l"]]
    if "$d" in value:
        return {decode(k): decode(v) for k, v in value["$d"]}
    if "$f" in value:
        return Fraction(value["$f"])
    if "$t" in value:
        return dt.date.fromisoformat(value["$t"])
    raise ValueError("an unknown value in a compiled trust")


@functools.cache
def _field_names(cls: type[Model]) -> frozenset[str]:
    # Once per class of the language (a fixed, small set): pydantic's `model_fields` costs
    # some 10 us a look-up, a third of decoding a trust (benchmarks/cli.py).
    return frozenset(cls.model_fields)


def _schema_class(name: Any, kind: type) -> Any:
    found = getattr(schema, name, None) if isinstance(name, str) else None
    if not (isinstance(found, type) and issubclass(found, kind)) or found is kind:
        raise ValueError(f"`{name}` is not a class of the MoU language")
    return found
