"""The letterhead's style names each part of a letter takes, shared by the DOCX writer and the pages.

A department letterhead must define these names (a missing one falls back to Normal); this module
imports nothing heavy, so the preview can use it without loading python-docx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.model import Letter

# The letterhead's paragraph style for each block kind.
STYLE_FOR_KIND = {
    "exhibit": "Exhibit Label",
    "date": "Letter Date",
    "address": "Address",
    "reference": "Reference Line",
    "salutation": "Salutation",
    "body": "Letter Body",
    "opinion": "Opinion Paragraph",
    "closing": "Closing",
    "signature": "Signature",
    "signer": "Signer",
}
# The continuation header's lines: the addressee, then the page line.
HEADER_STYLES = ("Continuation Header", "Continuation Page")
DRAFT_STYLE = "Draft Mark"
PLACEHOLDER_STYLE = "Placeholder"  # a character style


def header_style(n: int, count: int) -> str:
    """Return the style of line `n` of a continuation header's `count` lines: the page line's for
    the last, the addressee's for the others."""
    return HEADER_STYLES[1] if n == count - 1 else HEADER_STYLES[0]


def signature_lead(letter: Letter) -> int | None:
    """Return the position of the paragraph just before the closing ("Very truly yours,"), if any.

    It keeps with the closing, as a careful secretary sets a letter: at least its last two lines
    (widow control) go to the page of the signature, which never stands alone. The DOCX writer
    marks it keep-with-next; the page layout treats it the same way.
    """
    for n, block in enumerate(letter.blocks):
        if block.kind == "closing":
            return n - 1 if n > 0 else None
    return None
