"""How users are told where a finding stands: "paragraph 7", "paragraph 9 (opinion 3)", "the signature".

A reader counts the paragraphs of the letter's text, the body and the numbered opinions, from
the first after the salutation; an opinion paragraph also carries the number the letter prints
before it. The parts around the text (date, address, closing, signature) are named, not counted.
The command line, its JSON and the window's Checks panel all take their wording from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Letter

# the block kinds a reader counts as paragraphs of the letter
COUNTED_KINDS = ("body", "opinion")
PARAGRAPH = "paragraph {num}"
OPINION_PARAGRAPH = "paragraph {num} (opinion {label})"
LETTER = "letter"
KIND_NAMES = {
    "exhibit": "the exhibit heading",
    "date": "the date line",
    "address": "the address",
    "reference": "the Re: line",
    "salutation": "the salutation",
    "closing": "the closing",
    "signature": "the signature",
    "signer": "the signer's name",
}
OTHER_KIND = "the paragraph beginning '{opening}'"
OPENING_WORDS = 8


@dataclass(frozen=True)
class Place:
    """Where a paragraph stands as a reader sees it.

    `number` counts the body and opinion paragraphs (None for the parts around the text);
    `label` is how messages name it; `opening` is its first few words, to find it by.
    """

    number: int | None
    label: str
    opening: str


def opening_words(text: str, words: int = OPENING_WORDS) -> str:
    """Return the first words of a paragraph, with an ellipsis when there is more."""
    parts = text.split()
    head = " ".join(parts[:words])
    return head + " \u2026" if len(parts) > words else head


def places(letter: Letter) -> dict[int, Place]:
    """Return the place of every block of the letter, by block index."""
    out: dict[int, Place] = {}
    count = 0
    for block in letter.blocks:
        opening = opening_words(block.text)
        if block.kind in COUNTED_KINDS:
            count += 1
            if block.kind == "opinion" and block.number is not None:
                label = OPINION_PARAGRAPH.format(num=count, label=block.number)
            else:
                label = PARAGRAPH.format(num=count)
            out[block.index] = Place(count, label, opening)
        else:
            name = KIND_NAMES.get(block.kind) or OTHER_KIND.format(opening=opening)
            out[block.index] = Place(None, name, opening)
    return out
