"""Repeatable Office files for the held-out sets (bench/unseen5 .. unseen9's office_files.py).

python-docx, python-pptx and openpyxl write the time of the run into each zip member and into
``docProps/core.xml``; :func:`normalise_zip` rewrites the package with fixed member dates, a
fixed creation/modification time and a fixed compression level, so a set rebuilds byte for byte.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path


def normalise_zip(
    data: bytes,
    out: Path | io.BytesIO,
    zip_date: tuple[int, int, int, int, int, int],
    stamp: str,
) -> None:
    """Rewrite an OOXML zip with member dates ``zip_date`` and ``stamp`` (``2025-08-20T09:30:00Z``)
    as the created/modified time in docProps; a chart's embedded workbook is rewritten too."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.endswith(".xlsx"):  # a chart's embedded workbook
                inner = io.BytesIO()
                normalise_zip(body, inner, zip_date, stamp)
                body = inner.getvalue()
            if info.filename == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    rf"\g<1>{stamp}\g<3>",
                    text,
                )
                body = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=zip_date)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body, compresslevel=6)
    if isinstance(out, Path):
        out.write_bytes(buf.getvalue())
    else:
        out.write(buf.getvalue())
