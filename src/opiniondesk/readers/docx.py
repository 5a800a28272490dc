"""The Word reader: a `.docx` precedent's paragraphs, list numbers and headers.

It opens the package itself (zipfile) and parses only the parts a letter needs with lxml, refusing
what no Word document holds: more parts or more unpacked bytes than a letter could need (a zip
bomb), a DTD or entity declarations (entity expansion), encryption. Paragraph runs keep bold,
italic and underline; tabs and line breaks are kept as white space and line breaks; Word's list
numbering becomes the paragraphs' labels ("1.", "(a)"); the continuation header (the default
header, with its PAGE field) becomes the letter's header. Tracked changes are read as accepted
(insertions kept, deletions dropped) and comments are left out; the import says so.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ..core.errors import OpinionDeskError
from ..core.model import Inline, PageNumber
from .paragraphs import MAX_SPAN, Cell, InlineBuffer, LetterLength, Para, table_paras

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
OFFICE_DOCUMENT = R + "/officeDocument"
MAX_PARTS = 2000
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_UNPACKED = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_DEPTH = 200
MAX_LEVEL = 8  # Word's list levels are 0-8
MAX_START = 10_000  # a list starting beyond this is damage, not a letter's numbering
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)
_DESCEND = {
    "ins",
    "moveTo",
    "hyperlink",
    "smartTag",
    "customXml",
    "sdt",
    "sdtContent",
    "fldSimple",
    "bdo",
    "dir",
    "rubyBase",
}
_PICTURES = {"drawing", "pict", "object"}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _int(value: str | None, default: int, lo: int, hi: int) -> int:
    """Return an integer attribute held to [lo, hi]; `default` if it is missing or no integer."""
    try:
        number = int(value) if value is not None else default
    except ValueError:
        number = default
    return max(lo, min(number, hi))


def _val(el: etree._Element | None, default: int, lo: int, hi: int) -> int:
    """Return an element's w:val as an integer held to [lo, hi] (`default` without the element)."""
    return _int(el.get(_w("val")) if el is not None else None, default, lo, hi)


def _num_pr(props: etree._Element | None) -> tuple[str, int] | None:
    """Return a w:pPr's list numbering (numId, level), or None if it has none."""
    num = props.find(_w("numPr")) if props is not None else None
    num_id = num.find(_w("numId")) if num is not None else None
    if num_id is None:
        return None
    return num_id.get(_w("val"), ""), _val(num.find(_w("ilvl")), 0, 0, MAX_LEVEL)  # type: ignore[union-attr]


def _on(el: etree._Element | None) -> bool:
    """Whether a toggle property (w:b, w:i) is on: present, and not val="0"/"false"."""
    if el is None:
        return False
    return el.get(_w("val"), "true").lower() not in ("0", "false", "off", "none")


@dataclass
class DocxRead:
    """What the Word reader found: paragraphs, the continuation header, notes, pictures."""

    paras: list[Para]
    header: list[tuple[Inline, ...]] | None
    notes: list[str] = field(default_factory=list)
    pictures: bool = False


class _Package:
    """The zip package, opened with its limits checked."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            raise OpinionDeskError("is damaged or not a Word document", source) from None
        if len(infos) > MAX_PARTS:
            raise OpinionDeskError(f"holds {len(infos)} parts; no letter needs so many", source)
        unpacked = sum(i.file_size for i in infos)
        if unpacked > MAX_UNPACKED or any(
            i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1)
            for i in infos
        ):
            raise OpinionDeskError(
                "unpacks to far more than it holds (a zip bomb?); it is not read", source
            )
        if any(i.flag_bits & 0x1 for i in infos):
            raise OpinionDeskError("is encrypted (password-protected)", source)
        self.names = {i.filename for i in infos}

    def read(self, name: str) -> bytes | None:
        if name not in self.names:
            return None
        with self.zip.open(name) as fh:
            data = fh.read(MAX_PART_BYTES + 1)
        if len(data) > MAX_PART_BYTES:
            raise OpinionDeskError(f"its part {name} is too large to be a letter's", self.source)
        return data

    def xml(self, name: str) -> etree._Element | None:
        data = self.read(name)
        if data is None:
            return None
        if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
            raise OpinionDeskError(
                f"its part {name} declares a DTD or entities, which Word never writes; "
                "it is not read",
                self.source,
            )
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise OpinionDeskError(f"its part {name} is damaged: {exc}", self.source) from None

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Return a part's relationships: id -> (type, target path in the package)."""
        folder, name = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", name + ".rels"))
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root.iter(f"{{{PR}}}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(path))
        return out

    def main_part(self) -> str:
        for rel_type, target in self.rels("").values():
            if rel_type == OFFICE_DOCUMENT and target in self.names:
                return target
        if "word/document.xml" in self.names:
            return "word/document.xml"
        if "xl/workbook.xml" in self.names:
            raise OpinionDeskError("is a spreadsheet (Excel), not a Word document", self.source)
        if "ppt/presentation.xml" in self.names:
            raise OpinionDeskError(
                "is a presentation (PowerPoint), not a Word document", self.source
            )
        if "content.xml" in self.names:
            raise OpinionDeskError(
                "is an OpenDocument file; save it as a Word document (.docx)", self.source
            )
        raise OpinionDeskError("is a zip file, not a Word document", self.source)


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


def _roman(n: int) -> str:
    out = ""
    for value, digits in _ROMAN:
        count, n = divmod(n, value)
        out += digits * count
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        text = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Word's list numbering: the label each numbered paragraph shows ("1.", "(a)")."""

    def __init__(self, root: etree._Element | None) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for abstract in root.iter(_w("abstractNum")):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in abstract.iter(_w("lvl")):
                start = lvl.find(_w("start"))
                fmt = lvl.find(_w("numFmt"))
                text = lvl.find(_w("lvlText"))
                levels[_int(lvl.get(_w("ilvl")), 0, 0, MAX_LEVEL)] = (
                    _val(start, 1, 0, MAX_START),
                    fmt.get(_w("val"), "decimal") if fmt is not None else "decimal",
                    text.get(_w("val"), "") if text is not None else "",
                )
            self.levels[abstract.get(_w("abstractNumId"), "")] = levels
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            overrides = {}
            for override in num.iter(_w("lvlOverride")):
                start = override.find(_w("startOverride"))
                if start is not None:
                    level = _int(override.get(_w("ilvl")), 0, 0, MAX_LEVEL)
                    overrides[level] = _val(start, 1, 0, MAX_START)
            self.nums[num.get(_w("numId"), "")] = (
                ref.get(_w("val"), "") if ref is not None else "",
                overrides,
            )

    def label(self, num_id: str, ilvl: int) -> str:
        if num_id not in self.nums or num_id == "0":
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = overrides.get(ilvl, levels[ilvl][0])
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl][2]
        for k in range(ilvl + 1):
            if k in levels:
                value = counters.get(k, overrides.get(k, levels[k][0]))
                text = text.replace(f"%{k + 1}", _format_number(value, levels[k][1]))
        return text.strip()


class _Reader:
    def __init__(self, package: _Package) -> None:
        self.package = package
        self.notes: set[str] = set()
        self.pictures = False
        self.page = 0
        self.styles: dict[str, tuple[str, tuple[str, int] | None]] = {}
        self.numbering = _Numbering(None)
        self.length = LetterLength(package.source)

    def load_styles(self, part: str) -> None:
        rels = self.package.rels(part)
        for rel_type, target in rels.values():
            if rel_type.endswith("/styles"):
                root = self.package.xml(target)
                for style in root.iter(_w("style")) if root is not None else ():
                    name = style.find(_w("name"))
                    self.styles[style.get(_w("styleId"), "")] = (
                        name.get(_w("val"), "") if name is not None else "",
                        _num_pr(style.find(_w("pPr"))),
                    )
            elif rel_type.endswith("/numbering"):
                self.numbering = _Numbering(self.package.xml(target))
            elif rel_type.endswith("/comments"):
                self.notes.add("its comments were left out")

    # ---- runs ----------------------------------------------------------------------------------

    def runs(self, el: etree._Element, buf: InlineBuffer, field: list, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise OpinionDeskError("is nested too deeply to be a letter", self.package.source)
        for child in el:
            name = _local(child)
            if name == "r":
                self.run(child, buf, field)
            elif name in ("del", "moveFrom"):
                self.notes.add("its tracked changes were read as accepted")
            elif name in _DESCEND:
                if name in ("ins", "moveTo"):
                    self.notes.add("its tracked changes were read as accepted")
                if name == "fldSimple" and _is_page_field(child.get(_w("instr"), "")):
                    buf.page_number()
                    continue
                self.runs(child, buf, field, depth + 1)
            elif name in ("commentRangeStart", "commentRangeEnd"):
                self.notes.add("its comments were left out")
            elif name == "AlternateContent":
                self.pictures = True
            elif name in _PICTURES:
                self.pictures = True

    def run(self, run: etree._Element, buf: InlineBuffer, field: list) -> None:
        props = run.find(_w("rPr"))
        marks: set[str] = set()
        if props is not None:
            if _on(props.find(_w("b"))):
                marks.add("strong")
            if _on(props.find(_w("i"))):
                marks.add("em")
            underline = props.find(_w("u"))
            if underline is not None and underline.get(_w("val"), "single") != "none":
                marks.add("u")
        frozen = frozenset(marks)
        for child in run:
            name = _local(child)
            if name == "fldChar":
                kind = child.get(_w("fldCharType"))
                if kind == "begin":
                    field.append(["", False])
                elif kind == "separate" and field:
                    field[-1][1] = True
                elif kind == "end" and field:
                    instr, _ = field.pop()
                    if _is_page_field(instr):
                        buf.page_number()
                continue
            if field and not field[-1][1]:
                if name == "instrText":
                    field[-1][0] += child.text or ""
                continue
            if field and _is_page_field(field[-1][0]):
                continue  # the PAGE field's last result: the page number stands instead
            if name == "t":
                buf.text(child.text, frozen)
            elif name in ("tab", "ptab"):
                buf.text("\t", frozen)
            elif name == "br":
                if child.get(_w("type")) == "page":
                    self.page += 1
                else:
                    buf.line_break()
            elif name == "cr":
                buf.line_break()
            elif name == "noBreakHyphen":
                buf.text("-", frozen)
            elif name == "sym":
                char = child.get(_w("char"), "")
                try:
                    code = int(char, 16)
                    buf.text(chr(code - 0xF000 if code >= 0xF000 else code), frozen)
                except ValueError:
                    pass
            elif name == "commentReference":
                self.notes.add("its comments were left out")
            elif name in _PICTURES or name == "AlternateContent":
                self.pictures = True

    # ---- paragraphs and tables ---------------------------------------------------------------

    def paragraph(self, p: etree._Element) -> Para | None:
        props = p.find(_w("pPr"))
        style_id, numbering, align = "", None, ""
        if props is not None:
            style = props.find(_w("pStyle"))
            style_id = style.get(_w("val"), "") if style is not None else ""
            numbering = _num_pr(props)
            jc = props.find(_w("jc"))
            align = jc.get(_w("val"), "") if jc is not None else ""
            if _on(props.find(_w("pageBreakBefore"))):
                self.page += 1
        style_name, style_numbering = self.styles.get(style_id, (style_id, None))
        numbering = numbering or style_numbering
        page = self.page
        buf = InlineBuffer()
        self.runs(p, buf, [])
        label = self.numbering.label(*numbering) if numbering else ""
        if buf.empty():
            return None
        para = Para(buf.finish(), page=page, label=label, style=style_name, align=align)
        self.length.add(para.text)
        return para

    def blocks(self, el: etree._Element, depth: int = 0) -> list[Para]:
        if depth > MAX_DEPTH:
            raise OpinionDeskError("is nested too deeply to be a letter", self.package.source)
        out: list[Para] = []
        for child in el:
            name = _local(child)
            if name == "p":
                para = self.paragraph(child)
                if para is not None:
                    out.append(para)
            elif name == "tbl":
                out += self.table(child, depth + 1)
            elif name in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
                out += self.blocks(child, depth + 1)
        return out

    def table(self, tbl: etree._Element, depth: int) -> list[Para]:
        rows: list[list[Cell]] = []
        for row in tbl.findall(_w("tr")):
            cells: list[Cell] = []
            for tc in row.findall(_w("tc")):
                props = tc.find(_w("tcPr"))
                span = props.find(_w("gridSpan")) if props is not None else None
                colspan = _val(span, 1, 1, MAX_SPAN)
                vmerge = props.find(_w("vMerge")) if props is not None else None
                paras = self.blocks(tc, depth + 1)
                if vmerge is not None and vmerge.get(_w("val"), "continue") == "continue":
                    paras = []  # a continued merge: its text (if any) reads after the first
                cells.append((1, colspan, paras))
            rows.append(cells)
        return table_paras(rows)


def _is_page_field(instr: str) -> bool:
    words = instr.strip().split()
    return bool(words) and words[0].upper() == "PAGE"


def _header_lines(reader: _Reader, part: str | None) -> list[tuple[Inline, ...]]:
    if part is None:
        return []
    root = reader.package.xml(part)
    if root is None:
        return []
    lines: list[tuple[Inline, ...]] = []
    for para in reader.blocks(root):
        if para.style == "Draft Mark" or para.text.strip() in ("DRAFT", ""):
            continue
        for line in para.lines():
            if line.text.strip():
                lines.append(tuple(line.inlines))
    return lines


def read_docx(data: bytes, source: str) -> DocxRead:
    """Read a Word document's paragraphs, numbering and continuation header."""
    try:
        return _read_docx(data, source)
    except ValueError:  # a value no Word document holds, met where none was expected
        raise OpinionDeskError("is damaged or not a Word document", source) from None


def _read_docx(data: bytes, source: str) -> DocxRead:
    package = _Package(data, source)
    main = package.main_part()
    reader = _Reader(package)
    reader.load_styles(main)
    root = package.xml(main)
    body = root.find(_w("body")) if root is not None else None
    if body is None:
        raise OpinionDeskError("is damaged: its document has no body", source)
    paras = reader.blocks(body)
    rels = package.rels(main)
    sect = body.find(_w("sectPr"))
    header = None
    first_lines: list[tuple[Inline, ...]] = []
    if sect is not None:
        refs = {
            ref.get(_w("type"), "default"): rels.get(ref.get(f"{{{R}}}id", ""), ("", None))[1]
            for ref in sect.findall(_w("headerReference"))
        }
        title_page = _on(sect.find(_w("titlePg")))
        continuation = _header_lines(reader, refs.get("default"))
        has_page = any(isinstance(i, PageNumber) for line in continuation for i in line)
        if continuation and (title_page or has_page):
            header = continuation
        if title_page:
            first_lines = _header_lines(reader, refs.get("first"))
    if first_lines:
        # The first page's own header (a letterhead typed into it) is kept as the letter's opening lines.
        paras = [Para(list(line)) for line in first_lines] + paras
    notes = [f"{note}" for note in sorted(reader.notes)]
    return DocxRead(paras, header, notes, reader.pictures)
