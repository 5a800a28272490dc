"""Test helpers: department letterheads made from the built-in one with another left margin."""

import io
import re
import zipfile
from pathlib import Path

from opiniondesk import paths

BUILT_IN_LEFT = b'w:left="1440"'  # the built-in letterhead's left margin: 1 inch


def wide_letterhead(path: Path, left_twips: int = 2880) -> Path:
    """Write (and return) a copy of the built-in letterhead whose left margin is `left_twips`
    (2 inches, 144 points, by default), so what is laid out on it can be told apart."""
    with (
        zipfile.ZipFile(paths.resource("letterhead.docx")) as zin,
        zipfile.ZipFile(path, "w") as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                assert BUILT_IN_LEFT in data
                data = data.replace(BUILT_IN_LEFT, f'w:left="{left_twips}"'.encode())
            zout.writestr(info, data)
    return path


def docx_left_margin(data: bytes) -> str:
    """Return the left page margin (twips) a DOCX's section sets."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        found = re.search(rb'<w:pgMar[^>]*w:left="(\d+)"', zf.read("word/document.xml"))
    assert found is not None
    return found.group(1).decode()


def body_left(pages) -> float:
    """Return where the leftmost line of laid-out pages' body starts (points)."""
    return min(ln.fragments[0].x for p in pages for ln in p.body_lines() if ln.fragments)
