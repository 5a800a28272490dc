"""The plain-text reader: an EDGAR `.txt` exhibit, or text pasted in or saved from a browser.

EDGAR text exhibits are hard-wrapped (about 80 columns), with `<PAGE>` between pages and the
continuation header at the top of each later page; pasted text may hold one paragraph per line,
hard-wrapped lines with blank lines between paragraphs, or a mix. Lines are unwrapped back into
paragraphs: a line break is soft (the next word would not have fitted on the line) or hard (the
line ended there: an address, a signature block, a new paragraph).
"""

from __future__ import annotations

import re

from .paragraphs import InlineBuffer, Para

PAGE_MARK_RE = re.compile(r"^\s*<PAGE>\s*\d*\s*$", re.IGNORECASE)
# EDGAR's markers inside text exhibits: table and column marks, footnote marks.
_SGML_LINE_RE = re.compile(r"^\s*</?(?:TABLE|CAPTION|FN|TEXT|PRE)>\s*$", re.IGNORECASE)
_SGML_TOKEN_RE = re.compile(r"</?(?:S|C|F\d+)>", re.IGNORECASE)
_WORD_RE = re.compile(r"\S+")
# Wider than this, a text's lines are paragraphs themselves (pasted or saved from a browser).
UNWRAPPED_WIDTH = 120
SHORT_LINE = 70


def _wrap_width(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths:
        return 0
    return max(lengths[int(0.95 * (len(lengths) - 1))], 40)


def _starts_item(line: str) -> bool:
    """A line that starts a list item or a signature never continues the line before it."""
    return bool(re.match(r"\s*(?:\(?\d{1,2}[.)]|\([a-z]{1,3}\)|/s/)\s", line, re.IGNORECASE))


def _logical_lines(group: list[str], width: int) -> list[str]:
    """Join the soft-wrapped lines of one block of lines; hard breaks stay."""
    out = [group[0].strip()]
    for prev, line in zip(group, group[1:]):
        word = _WORD_RE.search(line)
        first = word.group() if word else ""
        soft = (
            width <= UNWRAPPED_WIDTH
            and len(prev.rstrip()) + 1 + len(first) > width
            and not _starts_item(line)
        )
        if soft:
            out[-1] += " " + line.strip()
        else:
            out.append(line.strip())
    return out


def _pages(text: str) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    for raw in text.split("\n"):
        for n, part in enumerate(raw.split("\f")):
            if n:
                pages.append([])
            if PAGE_MARK_RE.match(part):
                pages.append([])
                continue
            if _SGML_LINE_RE.match(part):
                continue
            pages[-1].append(_SGML_TOKEN_RE.sub(" ", part).rstrip())
    return pages


def read_text(text: str) -> list[Para]:
    """Return the paragraphs of a plain-text letter, page by page."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(8)
    pages = _pages(text)
    width = _wrap_width([line for page in pages for line in page])
    paras: list[Para] = []
    group = 0
    for page_no, lines in enumerate(pages):
        block: list[str] = []
        for line in [*lines, ""]:
            if line.strip():
                block.append(line)
                continue
            if not block:
                continue
            group += 1
            logical = _logical_lines(block, width)
            block = []
            short = SHORT_LINE if width > UNWRAPPED_WIDTH else max(0.75 * width, 30)
            if len(logical) > 1 and all(len(x) <= short for x in logical):
                buf = InlineBuffer()
                for n, x in enumerate(logical):
                    if n:
                        buf.line_break()
                    buf.text(x)
                paras.append(Para(buf.finish(), page=page_no, group=group))
            else:
                for x in logical:
                    buf = InlineBuffer()
                    buf.text(x)
                    paras.append(Para(buf.finish(), page=page_no, group=group))
    return [p for p in paras if p.inlines]
