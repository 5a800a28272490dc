"""The element order of WordprocessingML that Word enforces (LibreOffice forgives), checked and kept.

ECMA-376 Part 1 defines paragraph, run and section properties as XML sequences: Word refuses a
file ("unreadable content") whose `w:pPr` holds `w:jc` before `w:spacing`. `order_problems` finds
such faults in one XML part and `docx_order_problems` in a whole DOCX; `put_in_order` mends an
element tree in place (the DOCX writer runs it over a department's letterhead, so even a
letterhead out of order gives files Word opens). No Qt and no python-docx here.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree as ET

from ..core.errors import OpinionDeskError
from ..core.limits import MAX_LETTERHEAD_BYTES, read_regular_file
from .styles import DRAFT_STYLE, HEADER_STYLES, PLACEHOLDER_STYLE, STYLE_FOR_KIND

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W_NS + "}"

# CT_PPrBase (17.3.1.26), then what CT_PPr adds after it (rPr, sectPr, pPrChange).
PPR_SEQUENCE = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
).split()
# CT_ParaRPr's revision marks, then EG_RPrBase (17.3.2.28, CT_RPr), then rPrChange.
RPR_SEQUENCE = (
    "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline "
    "shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w kern position sz "
    "szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish "
    "oMath rPrChange"
).split()
# CT_SectPr (17.6.17): header and footer references first, in any order among themselves.
SECTPR_SEQUENCE = (
    "headerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
    "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
    "printerSettings sectPrChange"
).split()
SEQUENCES = {"pPr": PPR_SEQUENCE, "rPr": RPR_SEQUENCE, "sectPr": SECTPR_SEQUENCE}
_RANKS = {
    name: {child: n for n, child in enumerate(sequence)} for name, sequence in SEQUENCES.items()
}
_RANKS["sectPr"]["footerReference"] = _RANKS["sectPr"]["headerReference"]
# The properties element comes first in its paragraph or run.
FIRST_CHILD = {"p": "pPr", "r": "rPr"}


def _local(tag: object) -> str | None:
    """Return the local name of a WordprocessingML tag, None for other namespaces and comments."""
    if isinstance(tag, str) and tag.startswith(_W):
        return tag[len(_W) :]
    return None


def _label(element: ET.Element) -> str:
    return f"<w:{_local(element.tag)}>"


def _where(part: str, style: str | None) -> str:
    return f"{part}, style '{style}'" if style else part


def order_problems(xml: bytes, part: str) -> list[str]:
    """Return a sentence for each element of a WordprocessingML part out of ECMA-376's order."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        return [f"{part}: not well-formed XML ({exc})"]
    problems: list[str] = []
    for element, style in _walk(root, None):
        name = _local(element.tag)
        if name in _RANKS:
            problems += _sequence_problems(element, name, _where(part, style))
        first = FIRST_CHILD.get(name or "")
        if first is not None:
            children = [c for c in element if _local(c.tag) is not None]
            for n, child in enumerate(children):
                if _local(child.tag) == first and n > 0:
                    problems.append(
                        f"{_where(part, style)}: <w:{first}> must come first in its "
                        f"<w:{name}>, but follows {_label(children[n - 1])}"
                    )
    return problems


def _walk(root: ET.Element, style: str | None) -> Iterable[tuple[ET.Element, str | None]]:
    """Yield every element with the name of the style it belongs to (in styles.xml), if any."""
    stack = [(root, style)]
    while stack:
        element, within = stack.pop()
        if _local(element.tag) == "style":
            name = element.find(f"{_W}name")
            within = name.get(f"{_W}val") if name is not None else element.get(f"{_W}styleId")
        yield element, within
        stack.extend((child, within) for child in reversed(element))


def _sequence_problems(element: ET.Element, name: str, where: str) -> list[str]:
    ranks = _RANKS[name]
    problems = []
    highest: ET.Element | None = None
    for child in element:
        local = _local(child.tag)
        if local is None:
            continue  # another namespace's extension: Word allows those
        rank = ranks.get(local)
        if rank is None:
            problems.append(f"{where}: {_label(child)} is not allowed in <w:{name}>")
            continue
        if highest is not None and rank < ranks[str(_local(highest.tag))]:
            problems.append(
                f"{where}: {_label(child)} must come before {_label(highest)} in <w:{name}>"
            )
        else:
            highest = child
    return problems


def docx_order_problems(data: bytes, name: str = "DOCX") -> list[str]:
    """Return the order problems of every XML part of a DOCX (bytes), each naming its part."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = [
                (info.filename, zf.read(info))
                for info in zf.infolist()
                if info.filename.endswith(".xml") and info.filename.startswith("word/")
            ]
    except (zipfile.BadZipFile, OSError) as exc:
        return [f"{name}: not a DOCX file ({exc})"]
    problems = []
    for part, xml in parts:
        problems += order_problems(xml, part)
    return problems


def put_in_order(root: object) -> None:
    """Reorder, in place, the children of every pPr, rPr and sectPr of an lxml or ElementTree tree
    into ECMA-376's sequence (a stable sort: same-rank children keep their order), and move each
    paragraph's and run's properties first."""
    for element in list(root.iter()):  # type: ignore[attr-defined]
        name = _local(element.tag)
        ranks = _RANKS.get(name or "")
        if ranks is not None:
            children = list(element)
            wanted = sorted(
                children,
                key=lambda c: ranks.get(_local(c.tag) or "", len(ranks)),
            )
            if wanted != children:
                for child in children:
                    element.remove(child)
                for child in wanted:
                    element.append(child)
        first = FIRST_CHILD.get(name or "")
        if first is not None:
            props = element.find(f"{_W}{first}")
            if props is not None and element[0] is not props:
                element.remove(props)
                element.insert(0, props)


LetterheadKey = tuple[Path, int, int]


def letterhead_key(path: Path) -> LetterheadKey:
    """Return what a letterhead read once is kept by: its resolved path, modification time and
    size, so one replaced at the same path is read again (raises OSError if it is not there)."""
    status = path.stat()
    return path.resolve(), status.st_mtime_ns, status.st_size


def read_letterhead(path: Path | str) -> bytes:
    """Return the bytes of a letterhead DOCX; raise naming the file if it is no DOCX, or no regular
    file of at most MAX_LETTERHEAD_BYTES (a FIFO, /dev/zero or a huge file is refused unread)."""
    data = read_regular_file(path, MAX_LETTERHEAD_BYTES, "letterhead")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise OpinionDeskError(f"not a DOCX file ({exc})", str(path)) from None
    if "word/document.xml" not in names:
        raise OpinionDeskError("not a DOCX file (it has no word/document.xml)", str(path))
    return data


def letterhead_problems(path: Path) -> list[str]:
    """Return what is wrong with a letterhead DOCX a department chose, each problem a sentence:
    not a DOCX it can read (`read_letterhead`: then that is the only one), a style the letters
    use missing (it falls back to Normal), or properties out of the order Word requires (the DOCX
    writer mends those in the files it makes)."""
    try:
        data = read_letterhead(path)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            styles = zf.read("word/styles.xml") if "word/styles.xml" in names else None
    except OpinionDeskError as exc:
        return [str(p) for p in exc.problems]
    except (zipfile.BadZipFile, ValueError) as exc:
        return [f"{path}: not a DOCX file ({exc})"]
    problems = []
    defined: set[str] = set()
    if styles is not None:
        try:
            root = ET.fromstring(styles)
            defined = {str(name.get(f"{_W}val")) for name in root.iterfind(f"{_W}style/{_W}name")}
        except ET.ParseError:
            pass
    wanted = [*STYLE_FOR_KIND.values(), *HEADER_STYLES, DRAFT_STYLE, PLACEHOLDER_STYLE]
    for style in wanted:
        if style not in defined:
            problems.append(
                f"{path}: it has no style '{style}' (that part of a letter uses Normal)"
            )
    problems += [f"{path}: {p}" for p in docx_order_problems(data, str(path))]
    return problems
