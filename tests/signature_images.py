"""Test helpers: signature images drawn with Qt (no files, no fonts) and the sample signer's profile."""

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

# A colour no letter text uses, so the signature can be found in rendered pages.
INK = QColor(20, 40, 200)


def signature_png(width=900, height=300, margin=120, fmt="PNG", transparent=False):
    """Return an image of a pen stroke inside `margin` pixels of white (or transparent) space."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent if transparent else Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(INK, 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    path = QPainterPath(QPointF(margin, height - margin))
    path.cubicTo(
        QPointF(width / 3, margin),
        QPointF(2 * width / 3, height - margin),
        QPointF(width - margin, margin),
    )
    painter.drawPath(path)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt)
    buffer.close()
    return bytes(data.data())


def add_sample_signer(store, with_image=True):
    """Save (and return) the profile of the sample's signer, John R. Dye, optionally with an image."""
    from opiniondesk.signers import SignerProfile

    profile = SignerProfile(
        id="john-r-dye",
        display_name="John R. Dye",
        full_name="John R. Dye",
        title="Associate General Counsel\u2014Corporate Law",
        employer="Citigroup Inc.",
    )
    store.save(profile)
    if with_image:
        profile = store.set_image(profile.id, signature_png())
    return profile
