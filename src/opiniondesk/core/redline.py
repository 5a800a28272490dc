"""Redlines: two letters compared word by word, paragraphs aligned by their keys.

`compare(old, new)` returns a `Redline`: for each paragraph of either letter, whether it was kept,
changed, added or removed, and its pieces, each a run of the old or new letter marked as kept,
inserted ("ins"), deleted ("del") or reformatted ("fmt", with its old marks). Accepting every
change gives the new letter's words exactly and rejecting every change the old one's; the writers
(`writers/redline_docx.py`, `writers/redline_pdf.py`) and the window's redline view read it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .errors import OpinionDeskError
from .model import Block, Inline, Letter, LineBreak, PageNumber, Placeholder, Text

INS, DEL, FMT = "ins", "del", "fmt"
PAIR_RATIO = 0.5  # how alike two paragraphs must be to be shown as one changed paragraph
# Words, runs of spaces, and single marks of punctuation are the units a redline changes.
_TOKEN_RE = re.compile(r"[^\W_]+|\s+|.", re.S)

MSG_TEMPLATES = (
    "the letters are on different templates ({old} and {new}): a redline compares two letters "
    "of one template"
)


@dataclass(frozen=True)
class Piece:
    """A run of a redlined paragraph: kept (""), inserted, deleted or reformatted (old marks)."""

    inline: Inline
    change: str = ""
    old_marks: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RedBlock:
    """One paragraph of a redline: its kind and key, how it changed, its label and its pieces.

    `change` is "" (the same in both), "changed", "ins" (only in the new letter) or "del" (only
    in the old one); `label` holds an opinion's number, old and new if it moved.
    """

    kind: str
    key: str
    change: str
    pieces: tuple[Piece, ...]
    old: Block | None = None
    new: Block | None = None
    label: tuple[Piece, ...] = ()

    @property
    def block(self) -> Block:
        """Return the paragraph as the new letter has it (or the old one, for a removed one)."""
        return self.new or self.old  # type: ignore[return-value]


@dataclass
class Redline:
    """Two letters compared: their paragraphs and continuation-header lines, redlined."""

    old: Letter
    new: Letter
    blocks: list[RedBlock] = field(default_factory=list)
    header: list[RedBlock] = field(default_factory=list)

    @property
    def changes(self) -> int:
        """Return how many paragraphs (and header lines) differ."""
        return sum(1 for b in self.blocks + self.header if b.change)

    def accepted(self) -> list[str]:
        """Return the text of each paragraph with every change accepted (the new letter's)."""
        return [_text(b, DEL) for b in self.blocks if b.change != DEL]

    def rejected(self) -> list[str]:
        """Return the text of each paragraph with every change rejected (the old letter's)."""
        return [_text(b, INS) for b in self.blocks if b.change != INS]


def _text(block: RedBlock, dropped: str) -> str:
    return "".join(p.inline.text for p in block.label + block.pieces if p.change != dropped)


# ---- tokens -----------------------------------------------------------------------------------------


def _tokens(inlines: Sequence[Inline]) -> list[Inline]:
    """Split a paragraph's runs into words, spaces and marks of punctuation, each a run of its own."""
    out: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Text):
            if len(inline.text) == 1:
                out.append(inline)
                continue
            for token in _TOKEN_RE.findall(inline.text):
                out.append(Text(token, inline.marks, inline.fact))
        else:
            out.append(inline)
    return out


def _compare_key(inline: Inline) -> str:
    if isinstance(inline, Placeholder):
        return f"\x00ph\x00{inline.fact}\x00{inline.label}"
    if isinstance(inline, PageNumber):
        return "\x00page"
    if isinstance(inline, LineBreak):
        return "\n"
    return inline.text


def _marks(inline: Inline) -> frozenset[str]:
    return inline.marks if isinstance(inline, Text) else frozenset()


def _merge(pieces: list[Piece]) -> tuple[Piece, ...]:
    """Join neighbouring text pieces of the same change, marks and fact into one."""
    out: list[Piece] = []
    for piece in pieces:
        prev = out[-1] if out else None
        a, b = (prev.inline if prev else None), piece.inline
        if (
            prev is not None
            and isinstance(a, Text)
            and isinstance(b, Text)
            and prev.change == piece.change
            and prev.old_marks == piece.old_marks
            and a.marks == b.marks
            and a.fact == b.fact
        ):
            out[-1] = Piece(Text(a.text + b.text, a.marks, a.fact), piece.change, piece.old_marks)
        else:
            out.append(piece)
    return tuple(out)


def _common_ends(a: Sequence, b: Sequence) -> tuple[int, int]:
    """Return how many items two sequences share at their start, and then at their end."""
    n = min(len(a), len(b))
    head = 0
    while head < n and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


def diff_inlines(old: Sequence[Inline], new: Sequence[Inline]) -> tuple[Piece, ...]:
    """Return the pieces that turn one paragraph's runs into another's, word by word."""
    old, new = tuple(old), tuple(new)
    if old == new:
        return tuple(Piece(i) for i in new)
    # Runs the same at either end are kept as they are; only those between are compared.
    head, tail = _common_ends(old, new)
    kept_head = [Piece(i) for i in new[:head]]
    kept_tail = [Piece(i) for i in new[len(new) - tail :]]
    a, b = _tokens(old[head : len(old) - tail]), _tokens(new[head : len(new) - tail])
    ka, kb = [_compare_key(t) for t in a], [_compare_key(t) for t in b]
    same_head, same_tail = _common_ends(ka, kb)
    middle = difflib.SequenceMatcher(
        None, ka[same_head : len(ka) - same_tail], kb[same_head : len(kb) - same_tail], False
    ).get_opcodes()
    opcodes = [("equal", 0, same_head, 0, same_head)] if same_head else []
    opcodes += [
        (tag, i1 + same_head, i2 + same_head, j1 + same_head, j2 + same_head)
        for tag, i1, i2, j1, j2 in middle
    ]
    if same_tail:
        opcodes.append(("equal", len(ka) - same_tail, len(ka), len(kb) - same_tail, len(kb)))
    # Spaces kept alone between two changes make a ragged redline: show them changed too.
    for n in range(1, len(opcodes) - 1):
        tag, i1, i2, j1, j2 = opcodes[n]
        if (
            tag == "equal"
            and opcodes[n - 1][0] != "equal"
            and opcodes[n + 1][0] != "equal"
            and all(not k.strip() or len(k) == 1 and not k.isalnum() for k in ka[i1:i2])
            and i2 - i1 <= 2
        ):
            opcodes[n] = ("replace", i1, i2, j1, j2)
    pieces: list[Piece] = []
    dels: list[Piece] = []
    inss: list[Piece] = []

    def flush() -> None:
        pieces.extend(dels)
        pieces.extend(inss)
        dels.clear()
        inss.clear()

    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            flush()
            for x, y in zip(a[i1:i2], b[j1:j2]):
                if _marks(x) != _marks(y):
                    pieces.append(Piece(y, FMT, _marks(x)))
                else:
                    pieces.append(Piece(y))
            continue
        dels.extend(Piece(x, DEL) for x in a[i1:i2])
        inss.extend(Piece(y, INS) for y in b[j1:j2])
    flush()
    return _merge(kept_head + pieces + kept_tail)


# ---- paragraphs ---------------------------------------------------------------------------------------


def _similar(a: Block, b: Block) -> bool:
    wa, wb = a.text.split(), b.text.split()
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    return matcher.real_quick_ratio() >= PAIR_RATIO and matcher.ratio() >= PAIR_RATIO


def _pairs(old: list[Block], new: list[Block]) -> list[tuple[Block | None, Block | None]]:
    """Align two letters' paragraphs: by key, then alike paragraphs of one kind between."""
    matcher = difflib.SequenceMatcher(
        None, [b.key for b in old], [b.key for b in new], autojunk=False
    )
    out: list[tuple[Block | None, Block | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += list(zip(old[i1:i2], new[j1:j2]))
            continue
        j = j1
        for a in old[i1:i2]:
            match = next(
                (k for k in range(j, j2) if new[k].kind == a.kind and _similar(a, new[k])), None
            )
            if match is None:
                out.append((a, None))
                continue
            out += [(None, b) for b in new[j:match]]
            out.append((a, new[match]))
            j = match + 1
        out += [(None, b) for b in new[j:j2]]
    return out


def _label(old: Block | None, new: Block | None) -> tuple[Piece, ...]:
    a = old.label if old is not None and old.kind == "opinion" else ""
    b = new.label if new is not None and new.kind == "opinion" else ""
    if a == b:
        return (Piece(Text(b)),) if b else ()
    out = []
    if a:
        out.append(Piece(Text(a), DEL))
    if b:
        out.append(Piece(Text(b), INS))
    return tuple(out)


def _red_block(old: Block | None, new: Block | None) -> RedBlock:
    if new is None:
        assert old is not None
        pieces = tuple(Piece(i, DEL) for i in old.inlines)
        return RedBlock(old.kind, old.key, DEL, _merge(list(pieces)), old, None, _label(old, None))
    if old is None:
        pieces = tuple(Piece(i, INS) for i in new.inlines)
        return RedBlock(new.kind, new.key, INS, _merge(list(pieces)), None, new, _label(None, new))
    label = _label(old, new)
    if old.inlines == new.inlines and old.kind == new.kind:
        return RedBlock(
            new.kind, new.key, "", tuple(Piece(i) for i in new.inlines), old, new, label
        )
    pieces = diff_inlines(old.inlines, new.inlines)
    changed = any(p.change for p in pieces + label) or old.kind != new.kind
    return RedBlock(new.kind, new.key, "changed" if changed else "", pieces, old, new, label)


def compare(old: Letter, new: Letter) -> Redline:
    """Return the redline from one letter to another (of the same template)."""
    if old.template_id and new.template_id and old.template_id != new.template_id:
        raise OpinionDeskError(MSG_TEMPLATES.format(old=old.template_id, new=new.template_id))
    blocks = [_red_block(a, b) for a, b in _pairs(old.blocks, new.blocks)]
    header = []
    for n in range(max(len(old.header), len(new.header))):
        a = Block("header", old.header[n], index=-1) if n < len(old.header) else None
        b = Block("header", new.header[n], index=-1) if n < len(new.header) else None
        header.append(_red_block(a, b))
    return Redline(old, new, blocks, header)


# ---- the redline as a letter to draw ---------------------------------------------------------------


def drawn_inlines(pieces: Sequence[Piece]) -> tuple[Inline, ...]:
    """Return pieces as runs to draw, each change marked "ins", "del" or "fmt" among its marks."""
    out: list[Inline] = []
    for piece in pieces:
        inline = piece.inline
        if not piece.change:
            out.append(inline)
        elif isinstance(inline, Text):
            out.append(Text(inline.text, inline.marks | {piece.change}, inline.fact))
        elif isinstance(inline, Placeholder):
            out.append(Text(inline.text, frozenset({piece.change}), inline.fact))
        else:  # a page number or line break is drawn as it is
            out.append(inline)
    return tuple(out)


def as_letter(redline: Redline) -> Letter:
    """Return the redline as a letter to lay out and draw: changes marked in the runs' marks."""
    blocks = []
    for n, red in enumerate(redline.blocks):
        block = red.block
        inlines = drawn_inlines(red.pieces)
        blocks.append(Block(red.kind, inlines, block.number, n, red.key))
    header = [drawn_inlines(red.pieces) for red in redline.header if red.change != DEL]
    new = redline.new
    return Letter(
        blocks=blocks,
        header=header,
        signature=new.signature,
        copy=new.copy,
        draft_mark=new.draft_mark,
        template_id=new.template_id,
        template_version=new.template_version,
    )
