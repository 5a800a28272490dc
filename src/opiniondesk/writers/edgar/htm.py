"""The EDGAR HTML writer: the filing copy as one `.htm` document EDGAR accepts without change.

Only the tags and attributes of the Filer Manual's 5.2.2.2, 5.2.2.3 and 5.2.2.5 are written
(html, head, title, body, p, table/tr/td, b, i, u, br), no style sheet, script, image or link;
every character outside ASCII is a decimal character reference (5.2.2.6). The letterhead's look
is kept with inline `style` attributes, lengths in pixels (96 to the inch, which Qt, LibreOffice
and browsers all read), and each printed page after the first starts with
`page-break-before:always`, as filing agents' own EDGAR documents do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.model import Inline, Letter, LineBreak, Text
from ...edgar_rules import character_reference
from .paging import Piece, paginate

if TYPE_CHECKING:
    from ...pages import Page, PageSetup, ParagraphStyle

PX_PER_PT = 96 / 72
SANS = ("arial", "helvetica", "calibri", "verdana", "tahoma", "liberation sans", "carlito")
MONO = ("courier", "courier new", "liberation mono", "consolas")
MARKS = (("strong", "b"), ("em", "i"), ("u", "u"))  # outermost first


def escape(text: str) -> str:
    """Return text for an EDGAR HTML document: markup characters escaped, the rest ASCII."""
    out = []
    for ch in text:
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == '"':
            out.append("&quot;")
        elif ch == "\t":
            out.append(" ")
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            out.append(character_reference(ch))
    return "".join(out)


def _px(points: float) -> str:
    value = round(points * PX_PER_PT, 2)
    return f"{value:g}px"


def font_family(family: str) -> str:
    """Return a CSS font list for a letterhead font: itself, then a generic family."""
    lower = family.lower()
    generic = "monospace" if lower in MONO else "sans-serif" if lower in SANS else "serif"
    fallback = {"serif": "'Times New Roman', Times, serif"}.get(generic, generic)
    if lower in ("times new roman", "times"):
        return fallback
    return f"'{family}', {fallback}"


def _font_css(style: ParagraphStyle, base: ParagraphStyle) -> list[str]:
    css = []
    if style.font_family != base.font_family:
        css.append(f"font-family:{font_family(style.font_family)}")
    if style.font_size != base.font_size:
        css.append(f"font-size:{style.font_size:g}pt")
    if style.bold:
        css.append("font-weight:bold")
    if style.italic:
        css.append("font-style:italic")
    if style.color.lower() != base.color.lower():
        css.append(f"color:#{style.color.lower()}")
    if style.letter_spacing:
        css.append(f"letter-spacing:{_px(style.letter_spacing)}")
    if style.line_rule == "auto" and abs(style.line_value - 1.0) > 1e-3:
        css.append(f"line-height:{style.line_value * 100:g}%")
    elif style.line_rule in ("exact", "atLeast"):
        css.append(f"line-height:{_px(style.line_value)}")
    return css


def _style_attr(css: list[str]) -> str:
    return f' style="{"; ".join(css)}"' if css else ""


def _inlines_html(inlines: tuple[Inline, ...]) -> str:
    out: list[str] = []
    open_marks: list[str] = []

    def set_marks(marks: frozenset[str]) -> None:
        wanted = [tag for mark, tag in MARKS if mark in marks]
        # Close down to the longest common prefix, then open what is missing: tags stay nested.
        keep = 0
        while keep < min(len(open_marks), len(wanted)) and open_marks[keep] == wanted[keep]:
            keep += 1
        while len(open_marks) > keep:
            out.append(f"</{open_marks.pop()}>")
        for tag in wanted[keep:]:
            out.append(f"<{tag}>")
            open_marks.append(tag)

    for inline in inlines:
        if isinstance(inline, LineBreak):
            out.append("<br>\n")
        elif isinstance(inline, Text):
            set_marks(inline.marks)
            out.append(escape(inline.text))
        else:
            set_marks(frozenset())
            out.append(escape(inline.text))
    set_marks(frozenset())
    return "".join(out)


def _piece_html(piece: Piece, setup: PageSetup, base: ParagraphStyle, breaks: bool) -> str:
    block = piece.block
    style = setup.style_for(block.kind)
    spacing = [
        f"margin-top:{_px(style.space_before if piece.opens else 0)}",
        f"margin-bottom:{_px(style.space_after)}",
    ]
    page_break = ["page-break-before:always"] if breaks else []
    align = [f"text-align:{style.alignment}"] if style.alignment != "left" else []
    text = _inlines_html(piece.inlines)
    first_left = style.left_indent + style.first_line_indent
    if block.kind == "opinion" and block.label and piece.opens:
        stops = [t for t in style.tab_stops if t > first_left]
        text_start = stops[0] if stops else first_left + setup.default_tab
        if abs(text_start - style.left_indent) < 0.01 and text_start > first_left:
            # A hanging number: the label in a cell as wide as the hanging indent, the text beside
            # (widths in percent of the column: LibreOffice widens a cell given in pixels).
            table_css = ["width:100%", *spacing, *page_break]
            if first_left:
                table_css.append(f"margin-left:{_px(first_left)}")
            column = max(setup.text_width - first_left, 1.0)
            label = min(max(round((text_start - first_left) / column * 100), 1), 50)
            return (
                f'<table cellpadding="0" cellspacing="0" border="0" width="100%"'
                f"{_style_attr(table_css + _font_css(style, base))}>\n"
                f'<tr valign="top"><td width="{label}%" style="width:{label}%">'
                f"{escape(block.label)}</td>"
                f'<td width="{100 - label}%"{_style_attr([f"width:{100 - label}%", *align])}>'
                f"{text}</td></tr>\n</table>\n"
            )
        gap = max(1, round((text_start - first_left) / (style.font_size * 0.25)) - len(block.label))
        text = escape(block.label) + "&#160;" * gap + text
    css = [*spacing]
    if style.left_indent:
        css.append(f"margin-left:{_px(style.left_indent)}")
    indent = style.first_line_indent if piece.opens else 0.0
    if indent:
        css.append(f"text-indent:{_px(indent)}")
    css += align + _font_css(style, base) + page_break
    return f"<p{_style_attr(css)}>{text}</p>\n"


def exhibit_title(letter: Letter) -> str:
    """Return the document's title: the exhibit label ("Exhibit 5.1"), or a plain description."""
    for block in letter.blocks_of("exhibit"):
        text = " ".join(block.text.split())
        if text:
            return text
    return "Legality opinion"


def write_html(letter: Letter, pages: list[Page], setup: PageSetup) -> bytes:
    """Return the letter as EDGAR HTML bytes (pure ASCII), paged like `pages`."""
    base = setup.style("Normal")
    body_css = [
        f"font-family:{font_family(base.font_family)}",
        f"font-size:{base.font_size:g}pt",
        f"color:#{base.color.lower()}",
    ]
    parts = [
        "<html>\n<head>\n",
        f"<title>{escape(exhibit_title(letter))}</title>\n",
        "</head>\n",
        f"<body{_style_attr(body_css)}>\n",
    ]
    for number, page in enumerate(paginate(letter.blocks, pages)):
        for k, piece in enumerate(page):
            parts.append(_piece_html(piece, setup, base, breaks=number > 0 and k == 0))
    parts.append("</body>\n</html>\n")
    return "".join(parts).encode("ascii")
