"""Make the application icons from `resources/icons/opiniondesk.svg`: ICO, ICNS and PNGs.

Run `python packaging/make_icons.py` after changing the drawing, and commit what it writes:
`resources/icons/opiniondesk.ico` (Windows: the program, the installer and `.opinion` files),
`resources/icons/opiniondesk.icns` (macOS) and `resources/icons/opiniondesk-<size>.png` (the
window icon). The drawing is rendered with QtSvg (part of PySide6-Essentials); without QtSvg a
QPainter drawing of the same letter and seal stands in. Both containers are written here: an ICO
holds PNG images (Windows Vista and later read them at every size) and an ICNS holds PNG images
under the type codes macOS 10.7 and later read.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "opiniondesk.svg"

ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# ICNS PNG type codes and the pixel size each holds (the @2x codes hold double the point size).
ICNS_TYPES = (
    ("icp4", 16),
    ("icp5", 32),
    ("icp6", 64),
    ("ic07", 128),
    ("ic08", 256),
    ("ic09", 512),
    ("ic10", 1024),
    ("ic11", 32),
    ("ic12", 64),
    ("ic13", 256),
    ("ic14", 512),
)
PNG_SIZES = (32, 64, 128, 256, 512)


def _application() -> object:
    """Return a QGuiApplication (offscreen unless a platform was asked for)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([sys.argv[0]])


def _png(image: object) -> bytes:
    """Return a QImage as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[attr-defined]
        raise RuntimeError("Qt could not write a PNG")
    return bytes(data.data())


def _blank(size: int) -> object:
    """Return a transparent square QImage."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    return image


def render_svg(svg: Path, size: int) -> bytes | None:
    """Return the drawing rendered at `size` pixels square as PNG, or None without QtSvg."""
    try:
        from PySide6.QtSvg import QSvgRenderer
    except ImportError:
        return None
    from PySide6.QtGui import QPainter

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise RuntimeError(f"{svg} is not a drawing QtSvg can read")
    image = _blank(size)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return _png(image)


def render_painter(size: int) -> bytes:
    """Return the icon drawn with QPainter at `size` pixels square (the stand-in for QtSvg)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

    image = _blank(size)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 1024, size / 1024)  # draw in the SVG's 1024-unit coordinates
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#25416f"))
    painter.drawRoundedRect(QRectF(100, 100, 824, 824), 185, 185)
    page = QPolygonF(
        [QPointF(x, y) for x, y in ((302, 222), (646, 222), (762, 338), (762, 842), (302, 842))]
    )
    painter.setBrush(QColor("#f7f8fb"))
    painter.drawPolygon(page)
    painter.setBrush(QColor("#c9d2e3"))
    painter.drawPolygon(QPolygonF([QPointF(646, 222), QPointF(646, 338), QPointF(762, 338)]))
    for x, y, w, color in (
        (352, 282, 150, "#7f8ca6"),
        (352, 334, 230, "#b3bccd"),
        (352, 372, 190, "#b3bccd"),
        (398, 450, 312, "#7f8ca6"),
        (398, 490, 270, "#b3bccd"),
        (398, 560, 312, "#7f8ca6"),
        (398, 600, 220, "#b3bccd"),
    ):
        painter.setBrush(QColor(color))
        painter.drawRoundedRect(QRectF(x, y, w, 22), 11, 11)
    painter.setBrush(QColor("#2f4f86"))
    painter.drawEllipse(QPointF(366, 461), 15, 15)
    painter.drawEllipse(QPointF(366, 571), 15, 15)
    stroke = QPainterPath(QPointF(352, 742))
    stroke.cubicTo(QPointF(380, 672), QPointF(410, 790), QPointF(440, 722))
    stroke.cubicTo(QPointF(470, 654), QPointF(500, 690), QPointF(520, 740))
    stroke.cubicTo(QPointF(540, 790), QPointF(570, 700), QPointF(590, 716))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor("#1b2f57"), 14, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawPath(stroke)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#a3231d"))
    for ribbon in (
        ((640, 760), (612, 880), (652, 856), (676, 896), (694, 786)),
        ((716, 786), (734, 896), (758, 856), (798, 880), (770, 760)),
    ):
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in ribbon]))
    painter.setBrush(QBrush(QColor("#c73a32")))
    painter.drawEllipse(QPointF(705, 735), 92, 92)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor("#f6d7a7"), 10))
    painter.drawEllipse(QPointF(705, 735), 68, 68)
    check = QPainterPath(QPointF(668, 738))
    check.lineTo(694, 764)
    check.lineTo(744, 706)
    pen = QPen(QColor("#f6d7a7"), 18, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.drawPath(check)
    painter.end()
    return _png(image)


def render(size: int, svg: Path = SOURCE) -> bytes:
    """Return the icon at `size` pixels square as PNG bytes."""
    return render_svg(svg, size) or render_painter(size)


def _png_size(png: bytes) -> tuple[int, int]:
    """Return a PNG's width and height, read from its IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", png[16:24])


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """Return an ICO file holding the given PNG images (one per size, smallest first)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, image count
    offset = 6 + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        png = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(images))
        images += png
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """Return an ICNS file holding a PNG for each type code whose size was given."""
    body = b""
    for code, size in ICNS_TYPES:
        if size in pngs:
            body += code.encode("ascii") + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file through a temporary file in the same folder, then replace."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def make_icons(svg: Path = SOURCE, out: Path = ICONS) -> list[Path]:
    """Render the drawing at every size and write the ICO, the ICNS and the PNGs; return the paths."""
    _application()
    sizes = sorted(set(ICO_SIZES) | {s for _, s in ICNS_TYPES} | set(PNG_SIZES))
    pngs = {size: render(size, svg) for size in sizes}
    for size, png in pngs.items():
        if _png_size(png) != (size, size):
            raise RuntimeError(f"the {size}-pixel rendering came out {_png_size(png)}")
    written = []
    targets = {
        out / "opiniondesk.ico": ico_bytes({s: pngs[s] for s in ICO_SIZES}),
        out / "opiniondesk.icns": icns_bytes(pngs),
    }
    targets.update({out / f"opiniondesk-{s}.png": pngs[s] for s in PNG_SIZES})
    for path, data in targets.items():
        write_atomic(path, data)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in make_icons():
        print(f"wrote {written_path.relative_to(ROOT)} ({written_path.stat().st_size:,} bytes)")
