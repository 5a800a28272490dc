"""The window's own dialogs: the template picker lists broken templates beside the rest."""

from PySide6.QtCore import Qt

from opiniondesk.core.templates import TemplateLibrary
from opiniondesk.gui.dialogs import DESCRIPTION_ROLE, TemplatePicker
from template_folders import make_template


def test_picker_shows_a_broken_templates_error_beside_the_rest(qtbot, tmp_path):
    """Ensure New from Template lists a template that is not UTF-8 or nested too deep as unusable,
    with its error, and the others as choosable."""
    root = tmp_path / "dept"
    make_template(root, "good")
    make_template(root, "latin1", letter=b"<letter>\n<body>\nCaf\xe9</body>\n</letter>\n")
    make_template(root, "deep", schema="a = " + "[" * 50_000 + "]" * 50_000 + "\n")
    picker = TemplatePicker(TemplateLibrary([root]))
    qtbot.addWidget(picker)
    items = {
        picker.list.item(i).data(Qt.ItemDataRole.UserRole): picker.list.item(i)
        for i in range(picker.list.count())
    }
    for tid in ("latin1", "deep"):
        assert not items[tid].flags() & Qt.ItemFlag.ItemIsEnabled
        assert "cannot be used" in items[tid].text()
    assert "letter.xml.j2, line 3" in items["latin1"].data(DESCRIPTION_ROLE)
    assert items["good"].flags() & Qt.ItemFlag.ItemIsEnabled
    picker.select("good")
    assert picker.selected_id() == "good"
