"""Tests for the Checks panel: findings grouped by severity; click or Enter names the paragraph."""

import pytest
from PySide6.QtCore import Qt

from opiniondesk.core.checks import Finding, run_checks
from opiniondesk.core.matter import load_matter
from opiniondesk.gui.checks_panel import ChecksPanel

FINDINGS = [
    Finding(
        "X5-ASM-02",
        "info",
        9,
        "assumes future corporate action",
        "file a takedown opinion",
        "SLB 19",
    ),
    Finding(
        "X5-TB-01",
        "warning",
        11,
        "says 'Delaware corporate law'",
        "use the customary phrase",
        "TriBar",
    ),
    Finding(
        "X5-QUAL-02", "error", 7, "limits reliance", "delete the reliance limitation", "SLB 19"
    ),
    Finding("X5-CON-01", "error", None, "has no consent", "add a consent", "Rule 436"),
]


@pytest.fixture
def panel(qtbot):
    widget = ChecksPanel()
    qtbot.addWidget(widget)
    widget.resize(420, 360)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_findings(FINDINGS)
    return widget


def groups(panel):
    tree = panel.tree
    return [
        (
            tree.topLevelItem(n).text(0),
            [
                tree.topLevelItem(n).child(m).text(0)
                for m in range(tree.topLevelItem(n).childCount())
            ],
        )
        for n in range(tree.topLevelItemCount())
    ]


def test_findings_are_grouped_errors_first(panel):
    """Ensure findings are grouped by severity, errors then warnings then notes, each naming its rule."""
    shown = groups(panel)
    assert [title for title, _ in shown] == ["Errors (2)", "Warnings (1)", "Notes (1)"]
    assert shown[0][1] == [
        "X5-CON-01 · letter: has no consent",
        "X5-QUAL-02 · paragraph 8: limits reliance",
    ]
    assert shown[1][1][0].startswith("X5-TB-01 · paragraph 12")
    assert panel.summary.text() == "2 errors, 1 warning, 1 note"


def test_clicking_a_finding_emits_its_block(panel, qtbot):
    """Ensure a click on a finding emits finding_activated with its paragraph's block index."""
    item = panel.item_for(FINDINGS[2])
    rect = panel.tree.visualItemRect(item)
    with qtbot.waitSignal(panel.finding_activated, timeout=1000) as blocker:
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [7]
    assert "delete the reliance limitation" in panel.detail.text()


def test_enter_on_a_finding_emits_its_block(panel, qtbot):
    """Ensure Enter on the current finding emits finding_activated with its block index."""
    panel.tree.setFocus()
    panel.tree.setCurrentItem(panel.item_for(FINDINGS[1]))
    with qtbot.waitSignal(panel.finding_activated, timeout=1000) as blocker:
        qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert blocker.args == [11]


def test_letter_wide_findings_and_headers_do_not_emit(panel, qtbot):
    """Ensure a finding without a paragraph, or a group header, emits nothing."""
    emitted = []
    panel.finding_activated.connect(emitted.append)
    for item in (panel.item_for(FINDINGS[3]), panel.tree.topLevelItem(0)):
        rect = panel.tree.visualItemRect(item)
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert emitted == []


def test_new_findings_replace_old_and_keep_the_selection(panel):
    """Ensure set_findings replaces the list, keeps the selected finding, and an empty list says so."""
    panel.tree.setCurrentItem(panel.item_for(FINDINGS[1]))
    panel.set_findings(FINDINGS[1:3])
    assert [t for t, _ in groups(panel)] == ["Errors (1)", "Warnings (1)"]
    assert panel.tree.currentItem().data(0, Qt.ItemDataRole.UserRole) == FINDINGS[1]
    panel.set_findings([])
    assert panel.tree.topLevelItemCount() == 0
    assert panel.summary.text().startswith("No findings")


def test_summary_counts_in_the_singular_and_plural(panel):
    """Ensure the summary says "1 error", "2 warnings" and leaves out a severity with none (issue 18.9)."""
    panel.set_findings([FINDINGS[2], FINDINGS[1], FINDINGS[1]])
    assert panel.summary.text() == "1 error, 2 warnings"


def test_panel_and_check_json_say_the_same(qtbot, capsys, tmp_path):
    """Ensure each finding in the window names the same paragraph, in the same words, as `check --json`
    (issue 18.13)."""
    import json
    import shutil
    from pathlib import Path

    from helpers import run_cli

    samples = Path(__file__).resolve().parents[2] / "resources" / "samples"
    matter_path = tmp_path / "partial.opinion"
    shutil.copy(samples / "s3-meridian-shelf.opinion", matter_path)
    data = json.loads(matter_path.read_text(encoding="utf-8"))
    del data["facts"]["registrant_address"]
    data["facts"]["laws_covered"] = [{"law": "corporate_law"}]  # debt without its governing law
    matter_path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run_cli(["check", matter_path, "--json"], capsys)
    assert code == 1
    from_cli = [
        f"{f['rule_id']} \u00b7 {f['where']}: {f['message']}"
        for f in json.loads(out)[0]["findings"]
    ]
    matter = load_matter(matter_path)
    widget = ChecksPanel()
    qtbot.addWidget(widget)
    widget.set_findings(run_checks(matter, matter.render("draft"), matter.template()))
    shown = [text for _, items in groups(widget) for text in items]
    assert sorted(shown) == sorted(from_cli)
    assert any("\u00b7 paragraph 13:" in text and "X5-DEBT-02" in text for text in shown)
    assert any("\u00b7 the address:" in text for text in shown)


def test_panel_shows_a_real_letters_findings(qtbot, sample_path):
    """Ensure the panel shows the reference letter's own notes from the real checks."""
    matter = load_matter(sample_path)
    widget = ChecksPanel()
    qtbot.addWidget(widget)
    widget.set_findings(run_checks(matter, matter.render("draft")))
    titles = [t for t, _ in groups(widget)]
    assert titles == ["Notes (2)"]
