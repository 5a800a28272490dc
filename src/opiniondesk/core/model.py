"""The letter model: the one document tree every writer (DOCX, text, preview, PDF) reads."""

from __future__ import annotations

from dataclasses import dataclass, field

# Block kinds, in the order a letter usually carries them.
BLOCK_KINDS = (
    "letterhead",  # a department's letterhead as text, atop the first page (no letterhead file)
    "exhibit",  # "Exhibit 5.1" above the date
    "date",  # the date line
    "address",  # the addressee block (lines)
    "reference",  # an optional "Re:" line
    "salutation",
    "body",  # an ordinary paragraph
    "opinion",  # a numbered opinion paragraph
    "closing",  # "Very truly yours,"
    "signature",  # where the signature goes: conformed "/s/", an image, or blank space
    "signer",  # the typed name, title and employer under the signature (lines)
)
SIGNATURE_BLOCK = ("closing", "signature", "signer")
COPIES = ("draft", "filing", "signed")


@dataclass(frozen=True)
class Text:
    """A run of text; `marks` holds "em", "strong", "u" or "term"; `fact` names its source fact."""

    text: str
    marks: frozenset[str] = frozenset()
    fact: str | None = None


@dataclass(frozen=True)
class Placeholder:
    """A missing fact, drawn visibly as "[Label]" in a draft and refused in a final copy."""

    fact: str
    label: str

    @property
    def text(self) -> str:
        """Return the visible placeholder text."""
        return f"[{self.label}]"


@dataclass(frozen=True)
class PageNumber:
    """The current page number (a PAGE field in DOCX, the page's own number when drawn)."""

    text: str = "#"


@dataclass(frozen=True)
class LineBreak:
    """A line break inside one paragraph (address lines, signer lines)."""

    text: str = "\n"


Inline = Text | Placeholder | PageNumber | LineBreak


@dataclass(frozen=True)
class Block:
    """One paragraph of the letter: its kind, its inline runs, and its number if it is an opinion."""

    kind: str
    inlines: tuple[Inline, ...]
    number: int | None = None
    index: int = 0
    # The paragraph's stable key: the template's `key="..."`, or one derived from its own
    # wording (see `core.wording`), so a matter's edit finds its paragraph again.
    key: str = ""

    @property
    def text(self) -> str:
        """Return the paragraph's plain text, placeholders shown as "[Label]"."""
        return "".join(i.text for i in self.inlines)

    @property
    def label(self) -> str:
        """Return the number label of an opinion paragraph ("1."), or ""."""
        return f"{self.number}." if self.number is not None else ""

    def facts(self) -> set[str]:
        """Return the ids of the facts whose values stand in this paragraph."""
        return {i.fact for i in self.inlines if isinstance(i, Text | Placeholder) and i.fact}


@dataclass(frozen=True)
class Signature:
    """How the letter is signed on this copy: "conformed" (/s/), "image", or "blank" (a draft)."""

    style: str
    conformed: str
    image: bytes | None = None
    image_width_in: float = 2.0


@dataclass(frozen=True)
class Deviation:
    """One of the matter's own edits to the template's wording, as it stands in this letter.

    `state` is "applied", "changed" (applied, but the template's paragraph changed since the
    edit), or, not applied, "missing" (no such paragraph), "empty" or "malformed"; `block` is
    where the paragraph stands (None when dropped or not applied); `text` is its wording as
    printed (for a drop, the wording dropped); `form_then` and `form_now` are the template's
    wording of the paragraph, facts as {id}, when edited and now; `edit` its place in the matter.
    The paragraph an edit names is found by key, else by its old wording (`target` then differs
    from the key the edit holds).
    """

    key: str
    action: str
    state: str
    block: int | None = None
    text: str = ""
    form_then: str = ""
    form_now: str = ""
    edit: int = -1
    message: str = ""
    target: str = ""  # the key of the paragraph it rewords, drops or follows, as found now


@dataclass
class Letter:
    """A rendered letter: blocks in order, the continuation header, the signature and the copy."""

    blocks: list[Block]
    header: list[tuple[Inline, ...]] = field(default_factory=list)
    signature: Signature = field(default_factory=lambda: Signature("blank", ""))
    copy: str = "draft"
    draft_mark: str | None = None
    template_id: str = ""
    template_version: str = ""
    # Drawn from template output remembered from an earlier run (`letter_cache`), not yet
    # checked against a render of its own.
    remembered: bool = field(default=False, compare=False)
    # The matter's own edits to the template's wording, as applied (`core.wording`).
    deviations: list[Deviation] = field(default_factory=list, compare=False)

    def placeholders(self) -> list[Placeholder]:
        """Return every placeholder in the letter, in order, each fact once."""
        seen: dict[str, Placeholder] = {}
        for line in [b.inlines for b in self.blocks] + self.header:
            for i in line:
                if isinstance(i, Placeholder) and i.fact not in seen:
                    seen[i.fact] = i
        return list(seen.values())

    def blocks_of(self, kind: str) -> list[Block]:
        """Return the blocks of one kind."""
        return [b for b in self.blocks if b.kind == kind]
