"""The EDGAR writers: the filing copy as EDGAR takes it, in HTML (`ex5-1.htm`) or ASCII (`.txt`).

Both are paged where the printed letter turns its pages (the layout the PDF uses) and refuse a
letter EDGAR could not carry: any copy but the filing copy, or a fact holding a character outside
the Filer Manual's lists (emoji, right-to-left marks...), named by its fact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.errors import OpinionDeskError, Problem
from ...core.model import Letter, Placeholder, Text
from ...edgar_rules import (
    ASCII_CHARACTERS,
    ASCII_EXTENSION,
    HTML_CHARACTERS,
    HTML_EXTENSION,
    SIGNATURES,
    default_file_name,
    describe_character,
    uncarried_characters,
)

if TYPE_CHECKING:
    from ...core.matter import Matter
    from ...pages import Page, PageSetup

EDGAR_FORMATS = ("edgar", "edgar-txt")
EXTENSIONS = {"edgar": HTML_EXTENSION, "edgar-txt": ASCII_EXTENSION}
NOT_FILING = (
    'an EDGAR copy is the filing copy, signed "/s/" (the {copy} copy cannot be filed) ({cite})'
)
UNCARRIED = (
    "holds {chars}, which EDGAR cannot carry: a filing copy takes ASCII and the ISO-8859-1 "
    "(Latin-1) characters the Filer Manual lists ({cite})"
)
UNCARRIED_ASCII = "holds {chars}, which EDGAR's ASCII characters lack ({cite})"
TEMPLATE_WHERE = "the template's text in paragraph {num}"


def exhibit_number(letter: Letter) -> str:
    """Return the letter's exhibit number ("5.1"), from its exhibit label; "5.1" if it has none."""
    for block in letter.blocks_of("exhibit"):
        for inline in block.inlines:
            if isinstance(inline, Text) and inline.fact == "exhibit_number" and inline.text.strip():
                return inline.text.strip()
        words = block.text.split()
        if words:
            return words[-1]
    return "5.1"


def default_name(letter: Letter, fmt: str) -> str:
    """Return the EDGAR file name an exhibit goes by: "ex5-1.htm" for Exhibit 5.1 as HTML."""
    return default_file_name(exhibit_number(letter), EXTENSIONS[fmt])


def matter_file_name(matter: Matter, fmt: str) -> tuple[str, str]:
    """Return (stem, extension without the dot) of a matter's EDGAR exhibit: ("ex5-1", "htm")."""
    number = str(matter.facts.get("exhibit_number") or "5.1")
    name = default_file_name(number, EXTENSIONS[fmt])
    stem, _, suffix = name.rpartition(".")
    return stem, suffix


def letter_problems(letter: Letter, fmt: str) -> list[Problem]:
    """Return why a letter cannot be an EDGAR copy: not the filing copy, or characters it cannot carry.

    Each character problem names its fact (or the template's paragraph) and the characters.
    """
    if letter.copy != "filing" or letter.signature.style != "conformed":
        return [Problem("", NOT_FILING.format(copy=letter.copy, cite=SIGNATURES.cite()))]
    ascii_copy = fmt == "edgar-txt"
    rule = ASCII_CHARACTERS if ascii_copy else HTML_CHARACTERS
    found: dict[str, list[str]] = {}
    lines = [(b.inlines, b.index) for b in letter.blocks] + [(h, None) for h in letter.header]
    for inlines, index in lines:
        for inline in inlines:
            if isinstance(inline, Placeholder):
                found.setdefault(f"fact '{inline.fact}'", [])
                continue
            if not isinstance(inline, Text):
                continue
            chars = uncarried_characters(inline.text, ascii_copy)
            if not chars:
                continue
            where = (
                f"fact '{inline.fact}'"
                if inline.fact
                else TEMPLATE_WHERE.format(num=(index or 0) + 1)
            )
            listed = found.setdefault(where, [])
            listed += [c for c in chars if c not in listed]
    problems = []
    for where, chars in found.items():
        if not chars:
            problems.append(Problem(where, "is still missing: a filing copy needs every fact"))
            continue
        shown = ", ".join(describe_character(c) for c in chars)
        template = UNCARRIED_ASCII if ascii_copy and chars == ["^"] else UNCARRIED
        problems.append(Problem(where, template.format(chars=shown, cite=rule.cite())))
    return problems


def refuse_uncarried(letter: Letter, fmt: str) -> None:
    """Raise OpinionDeskError naming each problem of `letter_problems`, if there is any."""
    problems = letter_problems(letter, fmt)
    if problems:
        raise OpinionDeskError(problems)


def write_edgar(
    letter: Letter, fmt: str, pages: list[Page] | None = None, setup: PageSetup | None = None
) -> bytes:
    """Return the filing copy as EDGAR HTML ("edgar") or ASCII ("edgar-txt") bytes.

    Raises OpinionDeskError naming each fact EDGAR cannot carry; nothing is written for it.
    """
    if fmt not in EDGAR_FORMATS:
        raise ValueError(f"not an EDGAR format: {fmt}")
    refuse_uncarried(letter, fmt)
    from ...pages import layout_letter, page_setup

    setup = setup or page_setup()
    if pages is None:
        pages = layout_letter(letter, setup)
    if fmt == "edgar":
        from .htm import write_html

        return write_html(letter, pages, setup)
    from .ascii import write_ascii

    return write_ascii(letter, pages)
