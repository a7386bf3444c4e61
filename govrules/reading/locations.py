"""Where govrules finds its bundled trusts.

Standard library only: cheap to import for any command.
"""

from __future__ import annotations

import os

__all__ = ["bundled_candidate", "bundled_dir", "bundled_file", "is_bundled_name"]

# This module sits in ``govrules/reading``; the trusts sit beside the package's own folder.
_HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_PACKAGE_TRUSTS = os.path.join(_HERE, "trusts")
_SOURCE_TRUSTS = os.path.join(os.path.dirname(_HERE), "trusts")


def bundled_dir() -> str:
    """The folder of bundled trusts.

    An installed wheel carries the files inside the package; a source checkout (or an editable
    install) keeps them in the repository's ``trusts/`` folder.
    """
    return _PACKAGE_TRUSTS if os.path.isdir(_PACKAGE_TRUSTS) else _SOURCE_TRUSTS


def is_bundled_name(text: str) -> bool:
    """Whether a TRUST argument names a bundled trust rather than a file (``-`` is standard
    input)."""
    return "/" not in text and not text.endswith((".yaml", ".yml")) and text != "-"


def bundled_candidate(name: str) -> str:
    """Where the bundled trust ``name`` is, or would be."""
    return os.path.join(bundled_dir(), f"{name}.yaml")


def bundled_file(name: str) -> str | None:
    """The file of the bundled trust ``name``, if there is one."""
    path = bundled_candidate(name)
    return path if os.path.isfile(path) else None
