"""The round trip that proves an imported template: rendered with the precedent's own facts, it
gives back the precedent's words, in order, every one.

Both sides go through the text writer, and are compared word by word with quotes, dashes and
white space made plain (curly or straight quotes, "—" or "--", line breaks or spaces all read the
same). Where they differ, the report names the precedent's paragraph and what each side says.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..matter import Matter
from ..model import Letter
from ..templates import Template, render_letter

_PLAIN = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00a0": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2212": "-",
        "\u2014": " -- ",
        "\u2015": " -- ",
    }
)
MAX_DIFFERENCES = 8


def words(text: str) -> list[str]:
    """Return the words of a text as the round trip compares them."""
    return text.translate(_PLAIN).replace("--", " -- ").split()


@dataclass
class Difference:
    """One place where the template does not give the precedent's words back."""

    paragraph: int  # the precedent's paragraph, counted from 1 (0: the continuation header)
    opening: str  # the first words of that paragraph, to find it by
    precedent: str
    template: str

    def __str__(self) -> str:
        where = (
            "the continuation header"
            if self.paragraph == 0
            else f"paragraph {self.paragraph} (“{self.opening}”)"
        )
        return (
            f"{where}: the precedent reads “{self.precedent or '(nothing)'}”, "
            f"the template gives “{self.template or '(nothing)'}”"
        )


@dataclass
class RoundTrip:
    """What the round trip found: whether every word came back, how many, and where not."""

    ok: bool
    words: int
    copy: str
    differences: list[Difference] = field(default_factory=list)
    error: str = ""

    def summary(self) -> str:
        """Return one line saying how the round trip went."""
        if self.error:
            return f"the template could not be rendered: {self.error}"
        if self.ok:
            return f"every word given back ({self.words:,} words, in order)"
        count = len(self.differences)
        return f"{count} difference{'s' if count != 1 else ''}: " + "; ".join(
            str(d) for d in self.differences[:3]
        )

    def to_json(self) -> dict:
        """Return the result as JSON-ready data."""
        return {
            "ok": self.ok,
            "words": self.words,
            "copy": self.copy,
            "error": self.error,
            "differences": [d.__dict__ for d in self.differences],
        }


def _block_words(letter: Letter) -> tuple[list[str], list[int]]:
    """Return the letter's words as the text writer writes them, and each word's paragraph."""
    from ...writers.text import write_text

    out: list[str] = []
    where: list[int] = []
    for n, block in enumerate(letter.blocks, 1):
        one = Letter([block], signature=letter.signature)
        found = words(write_text(one, width=0))
        out += found
        where += [n] * len(found)
    return out, where


def _header_words(letter: Letter) -> list[str]:
    return words(" ".join("".join(i.text for i in line) for line in letter.header))


def compare(precedent: Letter, rendered: Letter) -> RoundTrip:
    """Compare the words of a precedent and of its template's letter."""
    ours, where = _block_words(precedent)
    theirs, _ = _block_words(rendered)
    differences: list[Difference] = []
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paragraph = where[min(i1, len(where) - 1)] if where else 1
        block = precedent.blocks[paragraph - 1] if precedent.blocks else None
        opening = " ".join(words(block.text)[:6]) if block else ""
        differences.append(
            Difference(paragraph, opening, " ".join(ours[i1:i2]), " ".join(theirs[j1:j2]))
        )
    ours_h, theirs_h = _header_words(precedent), _header_words(rendered)
    if ours_h != theirs_h:
        differences.append(Difference(0, "", " ".join(ours_h), " ".join(theirs_h)))
    copy = rendered.copy
    return RoundTrip(not differences, len(ours), copy, differences[:MAX_DIFFERENCES])


def prove(template: Template, matter: Matter, precedent: Letter) -> RoundTrip:
    """Render the template with the matter's facts and compare it with the precedent.

    A precedent signed "/s/" is compared with the filing copy (which signs so); any other with
    the draft, its DRAFT mark left out.
    """
    from ..errors import OpinionDeskError

    copy = "filing" if precedent.signature.style == "conformed" else "draft"
    try:
        rendered = render_letter(
            template, matter.facts, matter.letter_date, matter.signer, copy=copy
        )
    except OpinionDeskError as exc:
        return RoundTrip(False, 0, copy, [], str(exc))
    rendered.draft_mark = None
    return compare(precedent, rendered)
