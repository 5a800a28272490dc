"""The page setup, read from the letterhead DOCX: page size, margins, header distance, paragraph styles."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.etree import ElementTree as ET

from .. import paths
from ..core.errors import OpinionDeskError
from ..writers.ooxml import letterhead_key, read_letterhead
from ..writers.styles import STYLE_FOR_KIND

TWIPS = 20.0  # twentieths of a point: the unit fonts are sized in
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass(frozen=True)
class ParagraphStyle:
    """How one kind of paragraph looks: font, alignment, indents, spacing, keeps."""

    font_family: str = "Times New Roman"
    font_size: float = 12.0
    bold: bool = False
    italic: bool = False
    color: str = "000000"
    letter_spacing: float = 0.0
    alignment: str = "left"  # left, right, center, justify
    left_indent: float = 0.0
    first_line_indent: float = 0.0  # negative for a hanging indent
    space_before: float = 0.0
    space_after: float = 0.0
    line_rule: str = "auto"  # auto (multiple of single), exact, atLeast
    line_value: float = 1.0  # the multiple for auto, points otherwise
    keep_with_next: bool = False
    keep_lines: bool = False
    widow_control: bool = True
    tab_stops: tuple[float, ...] = ()


@dataclass(frozen=True)
class PageSetup:
    """The page: size and margins in points, the header distance, and a style per block kind."""

    width: float = 612.0
    height: float = 792.0
    margin_top: float = 72.0
    margin_bottom: float = 72.0
    margin_left: float = 72.0
    margin_right: float = 72.0
    header_distance: float = 36.0
    default_tab: float = 36.0
    first_header_paragraphs: int = 1
    styles: dict[str, ParagraphStyle] = field(default_factory=dict)

    @property
    def text_width(self) -> float:
        """Return the width of the text column."""
        return self.width - self.margin_left - self.margin_right

    def style(self, name: str) -> ParagraphStyle:
        """Return a paragraph style by its letterhead name, or Normal."""
        return self.styles.get(name) or self.styles.get("Normal") or ParagraphStyle()

    def style_for(self, kind: str) -> ParagraphStyle:
        """Return the paragraph style of a block kind."""
        return self.style(STYLE_FOR_KIND.get(kind, "Normal"))


def _twips(value: str | None, default: float = 0.0) -> float:
    return int(value) / TWIPS if value not in (None, "") else default


def _on(el: ET.Element | None) -> bool | None:
    if el is None:
        return None
    return el.get(f"{_W}val", "true") not in ("0", "false", "off")


def _apply_ppr(props: dict, ppr: ET.Element | None) -> None:
    if ppr is None:
        return
    jc = ppr.find(f"{_W}jc")
    if jc is not None:
        val = jc.get(f"{_W}val", "left")
        props["alignment"] = {
            "both": "justify",
            "distribute": "justify",
            "start": "left",
            "end": "right",
        }.get(val, val)
    ind = ppr.find(f"{_W}ind")
    if ind is not None:
        left = ind.get(f"{_W}left") or ind.get(f"{_W}start")
        if left is not None:
            props["left_indent"] = _twips(left)
        if ind.get(f"{_W}hanging") is not None:
            props["first_line_indent"] = -_twips(ind.get(f"{_W}hanging"))
        elif ind.get(f"{_W}firstLine") is not None:
            props["first_line_indent"] = _twips(ind.get(f"{_W}firstLine"))
    sp = ppr.find(f"{_W}spacing")
    if sp is not None:
        if sp.get(f"{_W}before") is not None:
            props["space_before"] = _twips(sp.get(f"{_W}before"))
        if sp.get(f"{_W}after") is not None:
            props["space_after"] = _twips(sp.get(f"{_W}after"))
        if sp.get(f"{_W}line") is not None:
            rule = sp.get(f"{_W}lineRule", "auto")
            line = int(sp.get(f"{_W}line"))  # type: ignore[arg-type]
            props["line_rule"] = rule
            props["line_value"] = line / 240 if rule == "auto" else line / TWIPS
    for tag, key in (
        ("keepNext", "keep_with_next"),
        ("keepLines", "keep_lines"),
        ("widowControl", "widow_control"),
    ):
        on = _on(ppr.find(f"{_W}{tag}"))
        if on is not None:
            props[key] = on
    tabs = ppr.find(f"{_W}tabs")
    if tabs is not None:
        props["tab_stops"] = tuple(
            sorted(
                _twips(t.get(f"{_W}pos"))
                for t in tabs.findall(f"{_W}tab")
                if t.get(f"{_W}val") != "clear"
            )
        )


def _apply_rpr(props: dict, rpr: ET.Element | None) -> None:
    if rpr is None:
        return
    fonts = rpr.find(f"{_W}rFonts")
    if fonts is not None and (fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi")):
        props["font_family"] = fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi")
    sz = rpr.find(f"{_W}sz")
    if sz is not None and sz.get(f"{_W}val"):
        props["font_size"] = int(sz.get(f"{_W}val")) / 2  # type: ignore[arg-type]
    for tag, key in (("b", "bold"), ("i", "italic")):
        on = _on(rpr.find(f"{_W}{tag}"))
        if on is not None:
            props[key] = on
    color = rpr.find(f"{_W}color")
    if color is not None and color.get(f"{_W}val") not in (None, "auto"):
        props["color"] = color.get(f"{_W}val")
    spacing = rpr.find(f"{_W}spacing")
    if spacing is not None:
        props["letter_spacing"] = _twips(spacing.get(f"{_W}val"))


def _read_part(zf: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        return ET.fromstring(zf.read(name))
    except KeyError:
        return None


def _parse_letterhead(path: Path) -> PageSetup:
    """Read a letterhead's page setup; raise naming the file if it cannot be read as one."""
    data = read_letterhead(path)  # a FIFO, a device or a huge file is refused unread
    try:
        return _page_setup_of(zipfile.ZipFile(io.BytesIO(data)))
    except (ET.ParseError, KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise OpinionDeskError(f"cannot be read as a letterhead ({exc})", str(path)) from None


def _page_setup_of(zf: zipfile.ZipFile) -> PageSetup:
    with zf:
        styles_root = _read_part(zf, "word/styles.xml")
        doc = _read_part(zf, "word/document.xml")
        rels = _read_part(zf, "word/_rels/document.xml.rels")
        base: dict = {}
        by_id: dict[str, ET.Element] = {}
        names: dict[str, str] = {}
        if styles_root is not None:
            defaults = styles_root.find(f"{_W}docDefaults")
            if defaults is not None:
                _apply_rpr(base, defaults.find(f"{_W}rPrDefault/{_W}rPr"))
                _apply_ppr(base, defaults.find(f"{_W}pPrDefault/{_W}pPr"))
            for st in styles_root.findall(f"{_W}style"):
                if st.get(f"{_W}type") == "paragraph":
                    sid = st.get(f"{_W}styleId", "")
                    by_id[sid] = st
                    name = st.find(f"{_W}name")
                    names[sid] = name.get(f"{_W}val", sid) if name is not None else sid

        @cache
        def resolved(sid: str, depth: int = 0) -> dict:
            st = by_id.get(sid)
            if st is None or depth > 20:
                return dict(base)
            parent = st.find(f"{_W}basedOn")
            props = (
                dict(resolved(parent.get(f"{_W}val", ""), depth + 1))
                if parent is not None
                else dict(base)
            )
            _apply_ppr(props, st.find(f"{_W}pPr"))
            _apply_rpr(props, st.find(f"{_W}rPr"))
            return props

        styles = {names[sid]: ParagraphStyle(**resolved(sid)) for sid in by_id}
        styles.setdefault("Normal", ParagraphStyle(**base))
        setup: dict = {"styles": styles}
        sect = doc.find(f"{_W}body/{_W}sectPr") if doc is not None else None
        if sect is not None:
            size = sect.find(f"{_W}pgSz")
            if size is not None:
                setup["width"] = _twips(size.get(f"{_W}w"), 612.0)
                setup["height"] = _twips(size.get(f"{_W}h"), 792.0)
            mar = sect.find(f"{_W}pgMar")
            if mar is not None:
                for attr, key in (
                    ("top", "margin_top"),
                    ("bottom", "margin_bottom"),
                    ("left", "margin_left"),
                    ("right", "margin_right"),
                    ("header", "header_distance"),
                ):
                    if mar.get(f"{_W}{attr}") is not None:
                        setup[key] = abs(_twips(mar.get(f"{_W}{attr}")))
            targets = {}
            if rels is not None:
                targets = {r.get("Id"): r.get("Target") for r in rels}
            for ref in sect.findall(f"{_W}headerReference"):
                if ref.get(f"{_W}type") == "first" and ref.get(f"{_R}id") in targets:
                    hdr = _read_part(zf, "word/" + str(targets[ref.get(f"{_R}id")]).lstrip("/"))
                    if hdr is not None:
                        setup["first_header_paragraphs"] = len(hdr.findall(f"{_W}p"))
        settings = _read_part(zf, "word/settings.xml")
        if settings is not None:
            tab = settings.find(f"{_W}defaultTabStop")
            if tab is not None:
                setup["default_tab"] = _twips(tab.get(f"{_W}val"), 36.0)
    return PageSetup(**setup)


@cache
def _page_setup_cached(path: Path, mtime_ns: int, size: int) -> PageSetup:
    return _parse_letterhead(path)


def page_setup(letterhead: Path | None = None) -> PageSetup:
    """Return the page setup of a letterhead DOCX (the built-in one by default), read once."""
    path = Path(letterhead) if letterhead else paths.resource("letterhead.docx")
    try:
        key = letterhead_key(path)
    except OSError:
        return PageSetup(styles={"Normal": ParagraphStyle()})
    return _page_setup_cached(*key)
