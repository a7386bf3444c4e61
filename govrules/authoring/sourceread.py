"""Text out of ``.docx`` and ``.pdf`` documents, for :mod:`govrules.authoring.sourcedoc`.

The readers are an optional extra (``pip install 'govrules[source]'``): plain text and
Markdown need nothing beyond govrules itself. A document is untrusted input: whatever goes
wrong reading one is a :class:`~govrules.reading.errors.LoadError` naming the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..reading.errors import LoadError
from ..reading.safetext import one_line

__all__ = ["docx_text", "pdf_text"]


def _missing(kind: str, package: str, path: Path) -> LoadError:
    return LoadError(
        f"reading a {kind} document needs {package}, which is not installed",
        path=str(path),
        hint="pip install 'govrules[source]'",
    )


def _unreadable(kind: str, path: Path, exc: BaseException) -> LoadError:
    detail = one_line(str(exc))[:200] or type(exc).__name__
    return LoadError(f"cannot read the {kind} document: {detail}", path=str(path))


def docx_text(path: Path) -> str:
    """The paragraphs of a Word document, one a line, in order, with each table row by row
    (cells separated by a tab). Numbers Word adds by automatic numbering are not in the text.

    :raises LoadError: python-docx is missing, or the file is not a Word document.
    """
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise _missing(".docx", "python-docx", path) from None
    try:
        document: Any = docx.Document(str(path))
        lines: list[str] = []
        for child in document.element.body.iterchildren():
            tag = str(child.tag).rpartition("}")[2]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    lines.append("\t".join(cell.text for cell in row.cells))
        return "\n".join(lines)
    except Exception as exc:  # a damaged or foreign file: any error of the reader
        raise _unreadable(".docx", path, exc) from None


def pdf_text(path: Path) -> str:
    """The text layer of a PDF, page by page (a scanned PDF without one has no text).

    :raises LoadError: pypdf is missing, or the file is not a PDF it can read.
    """
    try:
        from pypdf import PdfReader
    except ImportError:
        raise _missing(".pdf", "pypdf", path) from None
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise LoadError("the PDF is encrypted: decrypt it first", path=str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except LoadError:
        raise
    except Exception as exc:  # a damaged or foreign file: any error of the reader
        raise _unreadable(".pdf", path, exc) from None
