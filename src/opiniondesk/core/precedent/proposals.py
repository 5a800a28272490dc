"""Proposed facts of a precedent and the edits counsel make to them before a template is made.

A proposal is one fact: its id, label, type and group (as the built-in templates have them), the
precedent's value, and each place in the letter where that value stands (with the form it is
written in there: "$1 billion" and "$1,000,000,000" are one money fact in two forms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import OpinionDeskError
from ..facts import RESERVED_IDS
from ..model import Inline, Letter, LineBreak, PageNumber

PAGE_CHAR = "\ue000"  # the page field, in a block's plain text: no fact ever spans it
TYPES = ("text", "multiline", "date", "money", "number", "yesno")
GROUPS = {
    "letter": "Letter",
    "registrant": "Registrant (addressee)",
    "offering": "Registration statement and securities",
    "opinion": "Opinions, laws and consent",
    "signer": "Signer",
    "paragraphs": "Optional paragraphs",
}
SIGNER_KEYS = ("name", "title", "employer", "conformed")


@dataclass(frozen=True)
class Occurrence:
    """Where a fact's value stands: a block (or header line, as `-1 - n`), the span of its plain
    text, and how the value is written there ("" as typed, "upper", "lines", "date:long",
    "money:short", "number", "words", ...)."""

    block: int
    start: int
    end: int
    form: str
    text: str

    def overlaps(self, other: Occurrence) -> bool:
        """Return whether two occurrences share any character."""
        return self.block == other.block and self.start < other.end and other.start < self.end


@dataclass
class Proposal:
    """One proposed fact. `target` says where its value lives: a fact of the template ("fact"),
    the matter's letter date ("letter_date") or its signer ("signer", `id` "signer.name")."""

    id: str
    label: str
    type: str
    group: str
    value: Any
    occurrences: list[Occurrence] = field(default_factory=list)
    target: str = "fact"
    accepted: bool = True
    required: bool = True
    help: str = ""
    block: int | None = None  # a yes/no fact: the paragraph it keeps or drops
    default: bool = False  # the precedent's value becomes the template's default

    @property
    def key(self) -> str:
        """Return the name the template uses for the value (`signer.name`, `letter_date`, an id)."""
        return self.id

    def display_value(self) -> str:
        """Return the value as counsel read it (the first occurrence's words)."""
        if self.type == "yesno":
            return "kept" if self.value else "dropped"
        return self.occurrences[0].text if self.occurrences else str(self.value)


def block_text(inlines: tuple[Inline, ...] | list[Inline]) -> str:
    """Return a block's plain text as facts are found in it (line break: newline)."""
    out = []
    for inline in inlines:
        if isinstance(inline, PageNumber):
            out.append(PAGE_CHAR)
        elif isinstance(inline, LineBreak):
            out.append("\n")
        else:
            out.append(inline.text)
    return "".join(out)


def letter_texts(letter: Letter) -> dict[int, str]:
    """Return the plain text of every block (by index) and header line (by `-1 - n`)."""
    texts = {n: block_text(b.inlines) for n, b in enumerate(letter.blocks)}
    for n, line in enumerate(letter.header):
        texts[-1 - n] = block_text(line)
    return texts


def kind_of(letter: Letter, where: int) -> str:
    """Return the block kind at an index ("header" for a header line)."""
    return "header" if where < 0 else letter.blocks[where].kind


# Names a fact may not take: the template's own (letter_date, signer...) and jinja2's words.
NOT_IDS = RESERVED_IDS | frozenset(
    "and or not in is if else elif endif for endfor true false none block extends import include "
    "macro set with without context recursive as from caller super varargs kwargs range "
    "namespace".split()
)


def unique_id(base: str, taken: set[str]) -> str:
    """Return `base` made an id, or `base_2`, `base_3`... whichever is free and allowed."""
    base = re.sub(r"[^a-z0-9_]+", "_", base.lower()).strip("_") or "fact"
    if not base[0].isalpha():
        base = "fact_" + base
    candidate, n = base, 2
    while candidate in taken or candidate in NOT_IDS:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def word_pattern(value: str) -> re.Pattern[str]:
    """Return a pattern for a value standing as whole words (not inside a longer word or number)."""
    return re.compile(r"(?<![\w$])" + re.escape(value) + r"(?![\w]|[,.]\d)")


# ---- edits counsel make ----------------------------------------------------------------------------


def claimed(proposals: list[Proposal], skip: Proposal | None = None) -> list[Occurrence]:
    """Return the occurrences that accepted proposals already hold."""
    return [o for p in proposals if p.accepted and p is not skip for o in p.occurrences]


def fact_from_selection(
    letter: Letter,
    proposals: list[Proposal],
    block: int,
    start: int,
    end: int,
    label: str = "",
) -> Proposal:
    """Make a new text fact of the words selected in one block, standing everywhere they occur.

    Every other occurrence of the same words, as whole words, becomes the fact too, unless another
    fact already holds it. Raises when the selection is empty or part of a fact already.
    """
    texts = letter_texts(letter)
    if block not in texts:
        raise OpinionDeskError("the selection is not in the letter")
    text = texts[block]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    value = text[start:end]
    if not value or "\n" in value or PAGE_CHAR in value:
        raise OpinionDeskError("select some words on one line of the letter to make a fact")
    selected = Occurrence(block, start, end, "", value)
    held = claimed(proposals)
    for other in held:
        if other.overlaps(selected):
            owner = next(p for p in proposals if other in p.occurrences)
            raise OpinionDeskError(f"“{value}” is already part of the fact “{owner.label}”")
    occurrences = [selected]
    pattern = word_pattern(value)
    for where, body in texts.items():
        for found in pattern.finditer(body):
            occ = Occurrence(where, found.start(), found.end(), "", value)
            if occ == selected or any(o.overlaps(occ) for o in held + occurrences):
                continue
            occurrences.append(occ)
    occurrences.sort(key=lambda o: (o.block < 0, abs(o.block), o.start))
    taken = {p.id for p in proposals}
    label = label.strip() or value[:40]
    return Proposal(
        id=unique_id(label, taken),
        label=label,
        type="text",
        group="offering",
        value=value,
        occurrences=occurrences,
        help="Made from the words selected in the precedent.",
    )


def optional_paragraph(letter: Letter, proposals: list[Proposal], block: int) -> Proposal:
    """Make a yes/no fact that keeps (yes) or drops (no) one paragraph of the letter."""
    if not 0 <= block < len(letter.blocks):
        raise OpinionDeskError("choose a paragraph of the letter")
    kind = letter.blocks[block].kind
    if kind in ("date", "salutation", "signature", "closing"):
        raise OpinionDeskError(f"the {kind} cannot be optional")
    if any(p.type == "yesno" and p.block == block for p in proposals):
        raise OpinionDeskError("that paragraph is optional already")
    words = letter.blocks[block].text.split()
    label = "Include: " + " ".join(words[:6]) + ("..." if len(words) > 6 else "")
    taken = {p.id for p in proposals}
    return Proposal(
        id=unique_id(f"include_paragraph_{block + 1}", taken),
        label=label,
        type="yesno",
        group="paragraphs",
        value=True,
        required=False,
        block=block,
        default=True,
        help="Keeps or drops this paragraph of the precedent.",
    )


def merge(first: Proposal, second: Proposal) -> Proposal:
    """Make two proposals one fact: the first keeps its id and value and takes the second's places.

    Both must be of one type and feed the template (not the signer or the letter date, which are
    one value each already).
    """
    if first is second:
        raise OpinionDeskError("choose two different facts to merge")
    if first.target != "fact" or second.target != "fact":
        raise OpinionDeskError("the letter date and the signer cannot be merged with other facts")
    if first.type != second.type:
        raise OpinionDeskError(
            f"“{first.label}” is {first.type} and “{second.label}” is {second.type}; "
            "only facts of one type can be merged"
        )
    first.occurrences = sorted(
        first.occurrences + second.occurrences, key=lambda o: (o.block < 0, abs(o.block), o.start)
    )
    second.accepted = False
    second.occurrences = []
    return first


def retype(proposal: Proposal, new_type: str) -> None:
    """Change a fact's type where every occurrence can still be written from its value."""
    if new_type == proposal.type:
        return
    if new_type not in TYPES or new_type == "yesno" or proposal.type == "yesno":
        raise OpinionDeskError(f"a {proposal.type} fact cannot become {new_type}")
    if proposal.target != "fact":
        raise OpinionDeskError("the letter date and the signer keep their types")
    from .finder import reread

    reread(proposal, new_type)


def rename(proposal: Proposal, label: str) -> None:
    """Give a fact a new label (its id stays, so matters made from it keep their values)."""
    label = label.strip()
    if not label:
        raise OpinionDeskError("a fact needs a label")
    proposal.label = label
