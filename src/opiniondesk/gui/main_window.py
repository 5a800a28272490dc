"""The drafting window: facts on the left, the letter as it will print on the right, and the File menu."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QWidget,
)

from .. import paths
from ..core.errors import MissingFactsError, OpinionDeskError
from ..core.letter_cache import default_cache
from ..core.matter import SUFFIX, Matter, ReadOnlyError, load_matter, new_matter
from ..core.migrate import upgrade
from ..core.model import Letter, Signature, Text
from ..core.templates import TemplateLibrary, default_library
from ..pages import Page, layout_letter, page_setup
from ..settings import chosen_letterhead
from . import collector, recovery, settings
from .document import MatterDocument
from .errors import show_error
from .fact_pane import FactPane
from .preview import PreviewWidget

if TYPE_CHECKING:
    from .checks_panel import ChecksPanel
    from .dialogs import MissingFactsDialog

AUTOSAVE_INTERVAL_MS = 30_000
AUTOSAVE_PAUSE_MS = 2_000
CHECKS_DELAY_MS = 60
CHECKS_DOCK_HEIGHT = 130
CHECK_REMEMBERED_MS = 1000  # a remembered letter is rendered for real by then, painted or not
MATTER_FILTER = f"OpinionDesk matters (*{SUFFIX})"
DOCX_FILTER = "Word documents (*.docx)"
# User-facing messages with named fields, ready for translation.
MSG_SAVE_CHANGES = "Save the changes to {name}?"
MSG_EXPORTED = "Exported {file}"
MSG_MISSING = "{count} missing facts"
MSG_MISSING_ONE = "1 missing fact"
MSG_INVALID = "{count} invalid values"
MSG_INVALID_ONE = "1 invalid value"
MSG_COUNTS_SEPARATOR = ", "
MSG_NO_MISSING = "No missing facts"
MSG_MISSING_TIP = "A filing or signed copy needs:\n{labels}"
MSG_INVALID_TIP = "Correct the invalid values:\n{labels}"
MSG_INVALID_LABEL = "{label} ({problem})"
MSG_AUTOSAVE_FAILED = "Autosave failed: {error}"
MSG_SAVED_AT = "Saved at {time}"
MSG_SAVED = "Saved"
MSG_NOT_SAVED = "Not saved"
MSG_NO_CHANGES = "No changes"
MSG_CANNOT_MAKE = "Shown as the {copy} will look; it cannot be made until {what}."
MSG_UNTIL_FILLED = ("1 missing fact is filled", "{count} missing facts are filled")
MSG_UNTIL_CORRECTED = ("1 invalid value is corrected", "{count} invalid values are corrected")
MSG_UNTIL_AND = " and "
MSG_UNDRAWABLE = "No installed font can draw {chars} in {label}: it prints as an empty box."
MSG_READ_ONLY = "{name} is read-only, so it was not changed. Save the matter under another name?"
COPY_NAMES = {"draft": "draft", "filing": "filing copy", "signed": "signed original"}


def final_copy_preview(letter: Letter, copy: str, image: bytes | None) -> Letter:
    """Return a draft shown as the final copy it cannot yet be (facts are missing, or there is no
    signature image): no DRAFT mark, the conformed "/s/" or the image, placeholders kept."""
    letter.copy = copy
    letter.draft_mark = None
    conformed = letter.signature.conformed
    for n, block in enumerate(letter.blocks):
        if block.kind != "signature":
            continue
        if copy == "filing":
            letter.blocks[n] = replace(block, inlines=(Text("/s/ "), Text(conformed)))
            letter.signature = Signature("conformed", conformed)
        elif image:
            letter.signature = Signature("image", conformed, image)
    return letter


def save_as_shortcuts() -> list[QKeySequence]:
    """Return Save As's shortcuts: the platform's, or Ctrl+Shift+S where it has none (Windows)."""
    return QKeySequence.keyBindings(QKeySequence.StandardKey.SaveAs) or [
        QKeySequence("Ctrl+Shift+S")
    ]


def quit_all() -> None:
    """File > Quit: close every window (each asks about its unsaved changes; Cancel stops)."""
    QApplication.closeAllWindows()


class StatusMessage(QLabel):
    """The status bar's message. A long one is cut at the bar's edge rather than widening the
    window; its tooltip holds the whole of it, or the longer form given (`setText(text, detail)`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str, detail: str | None = None) -> None:  # noqa: N802 - Qt's name
        """Show a message; its tooltip is `detail`, else the message itself."""
        super().setText(text)
        self.setToolTip(text if detail is None else detail)


class MainWindow(QMainWindow):
    """One matter's window. Menus are built one method each, so more actions are a few lines."""

    matter_opened = Signal()

    def __init__(
        self, library: TemplateLibrary | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._default_library = library is None
        self.library = library or default_library()
        self.doc: MatterDocument | None = None
        self.recovery_file: Path | None = None
        self.last_saved: dt.datetime | None = None
        self.missing_dialog: MissingFactsDialog | None = None
        self.render_function: Callable[[], list[Page]] = self.render_pages
        self.last_letter: Letter | None = None
        # The copy the preview shows (the toolbar's Copy box): what Print and Export PDF make.
        self.copy = "draft"
        # What a filing or signed copy still lacks: (fact id, label), as the final copy refuses.
        self.gaps: list[tuple[str, str]] = []
        self.copy_notice = ""  # why the copy shown cannot be made yet, for the status bar
        # What opening the matter converted (or that its template's version changed), shown in
        # the status bar whenever nothing more pressing is, until the matter is saved.
        self.open_notice = ""
        self.open_detail = ""
        self.sample_name: str | None = None  # the built-in sample's own name, while untitled
        self.letterhead: Path | None = chosen_letterhead()
        # "opening": the next render is a matter's first; "remembered": it drew a remembered letter
        self._open_state: str | None = None
        self._keep_letter = False  # remember this matter's letter (it has a file, or is the sample)
        self.facts = FactPane(self)
        self.preview = PreviewWidget(None, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.facts)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([420, 780])
        self.setCentralWidget(self.splitter)
        self.docks: dict[str, QDockWidget] = {}
        self.menus: dict[str, QMenu] = {}
        self._build_status_bar()
        self._build_file_menu()
        self._build_edit_menu()
        self._build_view_menu()
        self._build_help_menu()
        from .outputs import Outputs

        self.outputs = Outputs(self)
        from .wording_actions import WordingActions

        self.wording = WordingActions(self)  # own wording, versions, redlines
        # The panel itself is built when first needed, which is when the first checks run, after
        # the letter has painted: its Qt classes cost start-up about 15 ms.
        self._checks: ChecksPanel | None = None
        dock = self.add_dock("checks", QWidget(), "Checks", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.resizeDocks([dock], [CHECKS_DOCK_HEIGHT], Qt.Orientation.Vertical)  # the letter first
        self.checks_timer = QTimer(self)
        self.checks_timer.setSingleShot(True)
        self.checks_timer.setInterval(CHECKS_DELAY_MS)
        self.checks_timer.timeout.connect(self.run_checks)
        self.action_rows = self._action(
            self.menus["file"], "&Letters from Rows...", self.letters_from_rows
        )
        self.menus["file"].removeAction(self.action_rows)
        self.menus["file"].insertAction(self.export_separator, self.action_rows)
        self.menus["edit"].addSeparator()
        self.action_preferences = self._action(
            self.menus["edit"],
            "&Preferences...",
            self.preferences,
            QKeySequence.StandardKey.Preferences,
        )
        self.facts.fact_focused.connect(lambda fact: self.preview.set_highlight(fact))
        self.preview.fact_clicked.connect(self.facts.focus_fact)
        self.preview.rendered.connect(self._rendered)
        # The fields below the first screenful are built once the letter is on screen.
        self.preview.painted.connect(self.facts.finish_build, Qt.ConnectionType.QueuedConnection)
        self.preview.painted.connect(self._check_remembered, Qt.ConnectionType.QueuedConnection)
        self.preview.painted.connect(self._start_probe, Qt.ConnectionType.QueuedConnection)
        # Which facts a final copy refuses without, learnt one field per turn of the event loop
        # once the letter is on screen (so the stars are right and typing never waits).
        self._probe_queue: list[tuple[str, ...]] = []
        self._probed = False
        self.probe_timer = QTimer(self)
        self.probe_timer.setInterval(0)
        self.probe_timer.timeout.connect(self._probe_step)
        self.preview.render_failed.connect(
            lambda msg: self.render_message.setText("Cannot draw the letter")
        )
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self.pause_timer = QTimer(self)
        self.pause_timer.setSingleShot(True)
        self.pause_timer.setInterval(AUTOSAVE_PAUSE_MS)
        self.pause_timer.timeout.connect(self.autosave)
        self.resize(1200, 800)
        self.restore_settings()
        self._update_title()

    # ---- building -----------------------------------------------------------------------------

    @property
    def checks(self) -> ChecksPanel:
        """Return the Checks panel, built in its dock on first use."""
        if self._checks is None:
            from .checks_panel import ChecksPanel

            self._checks = ChecksPanel(self)
            self._checks.finding_activated.connect(self.show_paragraph)
            self.docks["checks"].setWidget(self._checks)
        return self._checks

    def show_paragraph(self, block: int) -> None:
        """Mark a paragraph of the letter (its index in `Letter.blocks`: a finding's) and scroll
        to it, wherever the preview draws it (the redline view holds removed paragraphs too)."""
        self.preview.set_highlight(None, self.wording.view_block(block))

    def _action(
        self, menu: QMenu, text: str, slot: Callable[[], object], shortcut: object = None
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every binding: Redo is Ctrl+Y and Ctrl+Shift+Z
        elif shortcut is not None:
            action.setShortcut(shortcut)  # type: ignore[arg-type]
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_status_bar(self) -> None:
        self.missing_label = QLabel(self)
        self.saved_label = QLabel(self)
        self.render_message = StatusMessage(self)
        bar = self.statusBar()
        bar.addWidget(self.render_message, 1)
        bar.addPermanentWidget(self.missing_label)
        bar.addPermanentWidget(self.saved_label)

    def _build_file_menu(self) -> None:
        menu = self.menuBar().addMenu("&File")
        self.menus["file"] = menu
        self.action_new = self._action(
            menu, "&New from Template...", self.new_from_template, QKeySequence.StandardKey.New
        )
        self.action_from_precedent = self._action(
            menu, "New Te&mplate from Precedent...", self.new_template_from_precedent
        )
        self.action_open = self._action(
            menu, "&Open...", self.open_dialog, QKeySequence.StandardKey.Open
        )
        self.recent_menu = menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        menu.addSeparator()
        self.action_save = self._action(menu, "&Save", self.save, QKeySequence.StandardKey.Save)
        self.action_save_as = self._action(menu, "Save &As...", self.save_as)
        self.action_save_as.setShortcuts(save_as_shortcuts())
        menu.addSeparator()
        self.action_export_draft = self._action(
            menu, "Export &Draft DOCX...", lambda: self.export_docx("draft")
        )
        self.action_export_filing = self._action(
            menu, "Export &Filing Copy DOCX...", lambda: self.export_docx("filing")
        )
        self.export_separator = menu.addSeparator()
        self.action_quit = self._action(menu, "&Quit", quit_all, QKeySequence.StandardKey.Quit)

    def _build_edit_menu(self) -> None:
        menu = self.menuBar().addMenu("&Edit")
        self.menus["edit"] = menu
        self.action_undo = self._action(menu, "&Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.action_redo = self._action(menu, "&Redo", self.redo, QKeySequence.StandardKey.Redo)

    def _build_view_menu(self) -> None:
        menu = self.menuBar().addMenu("&View")
        self.menus["view"] = menu
        self._action(menu, "Zoom &In", self.preview.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self._action(menu, "Zoom &Out", self.preview.zoom_out, QKeySequence.StandardKey.ZoomOut)
        self._action(
            menu, "&Actual Size", lambda: self.preview.set_zoom(1.0), QKeySequence("Ctrl+0")
        )
        self._action(menu, "Fit &Width", self.preview.set_fit_width, QKeySequence("Ctrl+9"))
        menu.addSeparator()

    def _build_help_menu(self) -> None:
        menu = self.menuBar().addMenu("&Help")
        self.menus["help"] = menu
        self._action(menu, "&About OpinionDesk", self._about)

    def add_dock(
        self,
        name: str,
        widget: QWidget,
        title: str,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.BottomDockWidgetArea,
    ) -> QDockWidget:
        """Add a dock (the checks panel) and a View menu toggle for it."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.menus["view"].addAction(dock.toggleViewAction())
        self.docks[name] = dock
        return dock

    def letters_from_rows(self) -> None:
        """File > Letters from Rows: a letter per CSV row, with a progress dialog that can cancel."""
        if self.doc is None:
            return
        from .rows_dialog import RowsDialog

        RowsDialog(self.doc.matter.copy(), self, self.library).exec()

    def preferences(self) -> None:
        """Edit > Preferences: the department template folders; the picker then lists their templates."""
        from ..core.templates import default_library
        from .preferences import PreferencesDialog

        if PreferencesDialog(self).exec() == PreferencesDialog.DialogCode.Accepted:
            if self._default_library:
                self.library = default_library()
            self.set_letterhead(chosen_letterhead())

    def set_letterhead(self, letterhead: Path | None) -> None:
        """Lay the letter out on another letterhead (None: the built-in one), and redraw it."""
        self.letterhead = letterhead
        self.preview.render_now()

    def set_copy(self, copy: str) -> None:
        """Show another copy in the preview: the draft, the filing copy or the signed original."""
        if copy != self.copy:
            self.copy = copy
            self.preview.render_now()

    def _about(self) -> None:
        from .. import __version__

        QMessageBox.about(
            self,
            "About OpinionDesk",
            f"OpinionDesk {__version__}\nDrafting Exhibit 5.1 legality opinions.",
        )

    # ---- the matter ---------------------------------------------------------------------------

    def render_pages(self) -> list[Page]:
        """Render the open matter's chosen copy and lay it out as pages, exactly as Print and
        Export PDF will (the preview's render function).

        A draft of a matter just opened is drawn from the letter remembered for it
        (`letter_cache`), if any, and rendered for real as soon as that has painted
        (`_check_remembered`); this keeps jinja2 out of start-up. Either render is remembered for
        next time. A final copy that cannot be made yet is shown with its placeholders, and the
        status bar says why.
        """
        if self.doc is None:
            return []
        state, self._open_state = self._open_state, None  # each state is for one render only
        if self.copy == "draft":
            keep = bool(state) and (self._keep_letter or state == "remembered")
            letter = self.doc.render(
                "draft", cache=default_cache() if keep else None, reuse=state == "opening"
            )
            self.gaps = self.final_copy_gaps(letter)
            self.copy_notice = ""
        else:
            letter = self._final_copy_letter(self.copy)
        self.last_letter = letter
        if letter.remembered:
            self._open_state = "remembered"
            # Rendered for real after the first paint, or at the latest after a while (a preview
            # folded away in the splitter never paints).
            QTimer.singleShot(CHECK_REMEMBERED_MS, self, self._check_remembered)
        return layout_letter(letter, page_setup(self.letterhead))

    def _value_changed(self, key: tuple) -> None:
        # A choice or a yes/no may change which facts the letter prints: learn them again.
        if self.doc is not None and key[0] == "fact":
            spec = self.doc.template.schema.get(key[1])
            if spec is not None and spec.type in ("choice", "yesno") and self._probed:
                self._probed = False
                self._start_probe()

    def _start_probe(self) -> None:
        """Start learning which optional facts and signer fields a final copy refuses without."""
        if self.doc is None or self._probed:
            return
        from .fact_pane import needed_without_fail

        self._probed = True
        schema = self.doc.template.schema
        self._probe_queue = [
            ("fact", s.id) for s in schema.facts if s.type != "yesno" and not needed_without_fail(s)
        ]
        self._probe_queue += [("signer", k) for k in ("name", "title", "employer", "conformed")]
        self.probe_timer.start()

    def probing(self) -> bool:
        """Return whether the stars are still being learnt."""
        return bool(self._probe_queue)

    def _probe_step(self) -> None:
        """Render a filing copy with one more field emptied: if it refuses for that field, the
        field is needed (its label is starred)."""
        if not self._probe_queue or self.doc is None:
            self.probe_timer.stop()
            return
        from ..core.templates import render_letter

        key = self._probe_queue.pop(0)
        m = self.doc.matter
        facts, signer = dict(m.facts), dict(m.signer)
        if key[0] == "fact":
            facts.pop(key[1], None)
            fact = key[1]
        else:
            signer.pop(key[1], None)
            fact = f"signer.{key[1]}"
        try:
            render_letter(self.doc.template, facts, m.letter_date, signer, "filing", edits=m.edits)
        except MissingFactsError as exc:
            if any(f == fact or f.startswith(fact + ".") for f, _label in exc.missing):
                self.facts.add_needed({fact})
        except OpinionDeskError:
            pass  # the matter does not render as it stands; the preview says why
        if not self._probe_queue:
            self.probe_timer.stop()

    def final_copy_gaps(self, draft: Letter) -> list[tuple[str, str]]:
        """Return what a filing or signed copy would still lack, judged as the copy judges it."""
        from ..core.templates import drawn_copy_gaps

        assert self.doc is not None
        return drawn_copy_gaps(self.doc.template, self.doc.matter, draft)

    def _final_copy_letter(self, copy: str) -> Letter:
        """Render a filing copy or signed original for the preview; one that cannot be made yet
        (missing facts, no signature image) is the draft shown as that copy, with the reason."""
        assert self.doc is not None
        image, why = self.outputs.preview_signature() if copy == "signed" else (None, "")
        if copy == "signed" and image is None:
            letter = self.doc.render("draft")
            self.gaps = self.final_copy_gaps(letter)
            self.copy_notice = why
            return final_copy_preview(letter, copy, None)
        try:
            letter = self.doc.render(copy, image)
        except MissingFactsError as exc:
            self.gaps = list(exc.missing)
            invalid = self.invalid_values()
            counts = (len([f for f, _label in self.gaps if f not in invalid]), len(invalid))
            what = [
                (one if count == 1 else many).format(count=count)
                for count, (one, many) in zip(counts, (MSG_UNTIL_FILLED, MSG_UNTIL_CORRECTED))
                if count
            ]
            self.copy_notice = MSG_CANNOT_MAKE.format(
                copy=COPY_NAMES[copy], what=MSG_UNTIL_AND.join(what)
            )
            return final_copy_preview(self.doc.render("draft"), copy, image)
        self.gaps = []
        self.copy_notice = ""
        return letter

    def _check_remembered(self) -> None:
        """Render for real a letter drawn from memory, now that it is on screen."""
        if self._open_state == "remembered":
            self.preview.render_now()

    def remember_letter(self) -> None:
        """Remember the draft's template output for these facts (they are saved: the next start
        opens them), so the next start draws it at once."""
        if self.doc is None:
            return
        try:
            self.doc.render("draft", cache=default_cache())
        except OpinionDeskError:
            pass  # a letter that does not render is not remembered; the preview says why

    def set_matter(
        self, matter: Matter, recovered_from: Path | None = None, from_file: bool = False
    ) -> bool:
        """Show a matter in this window; a matter whose template fails gives an error dialog.

        A matter opened from a file (or the built-in sample) has its letter remembered for the
        next start; a new or recovered one, not yet saved, does not until it is saved.
        """
        try:
            template = matter.template(self.library)
            if recovered_from is not None:  # autosaved under an older template version, say
                upgrade(matter, self.library)  # as load_matter brings a matter file up to date
        except OpinionDeskError as exc:
            show_error(self, "Cannot open the matter", exc)
            return False
        if self.doc is not None:
            self.doc.deleteLater()
        recovery.discard_recovery(self.recovery_file)
        self.recovery_file = recovery.new_recovery_file()
        self.doc = MatterDocument(matter, template, self)
        self.last_letter = None
        self._open_state = "opening"
        self._keep_letter = from_file
        self.doc.recovered_from = recovered_from
        self.doc.changed.connect(self._changed)
        self.doc.undo_stack.cleanChanged.connect(self._clean_changed)
        self.facts.set_document(self.doc)
        self.last_saved = None
        self.sample_name = None
        self.gaps = []
        self._probed = False
        self._probe_queue = []
        self.doc.value_changed.connect(self._value_changed)
        self.open_notice, self.open_detail = self.opening_notice(matter)
        self.preview.set_render_function(self.render_function)
        self._update_title()
        self._update_status()
        if recovered_from is not None:
            self.autosave()
        self.matter_opened.emit()
        return True

    def opening_notice(self, matter: Matter) -> tuple[str, str]:
        """Return what the status bar says of a matter just opened, in one line and in full: what
        opening it converted (its template's `[[migrate]]` rules: what was renamed or converted,
        what must be filled in), else that it was drafted with another version of its template."""
        from ..core.migrate import notice

        said = notice(matter)
        if said:
            return " ".join(line.removeprefix("- ") for line in said.splitlines()), said
        warning = matter.version_warning(self.library) or ""
        return warning, warning

    def open_path(self, path: Path | str) -> bool:
        """Open a matter file (after asking about unsaved changes); errors show in a dialog."""
        if not self.maybe_save():
            return False
        return self.load_path(path)

    def load_path(
        self, path: Path | str, report: Callable[[OpinionDeskError], None] | None = None
    ) -> bool:
        """Open a matter file without asking; a file that will not load leaves the window as it
        was, and its error is shown in a dialog (or passed to `report`: the start's own list).

        The built-in sample opens under its own name but as a copy with no file: Save asks where.
        """
        path = Path(path)
        try:
            matter = load_matter(path, self.library)
        except OpinionDeskError as exc:
            if report is not None:
                report(exc)
            else:
                show_error(self, "Cannot open the matter", exc)
            return False
        sample = path.resolve() == paths.sample_matter().resolve()
        if sample:
            matter.path = None  # the built-in sample opens as an untitled copy: never overwritten
        if not self.set_matter(matter, from_file=True):
            return False
        self.sample_name = path.name if sample else None
        self._update_title()
        self._update_status()
        if not sample:
            settings.add_recent_file(path)
        return True

    def open_sample(self) -> bool:
        """Open the built-in sample as an untitled matter."""
        return self.load_path(paths.sample_matter())

    def new_from_template(self) -> bool:
        """Ask for a template and start a new matter with its defaults."""
        if not self.maybe_save():
            return False
        from .dialogs import TemplatePicker

        picker = TemplatePicker(self.library, self)
        if picker.exec() != TemplatePicker.DialogCode.Accepted:
            return False
        return self.new_matter(picker.selected_id())

    def new_template_from_precedent(self) -> bool:
        """Make a template of a signed letter (`precedent_dialog`), then a new matter on it."""
        if not self.maybe_save():
            return False
        from .precedent_dialog import template_from_precedent

        return template_from_precedent(self)

    def new_matter(self, template_id: str | None) -> bool:
        """Start a new untitled matter from a template."""
        if not template_id:
            return False
        try:
            template = self.library.get(template_id)
        except OpinionDeskError as exc:
            show_error(self, "Cannot use the template", exc)
            return False
        return self.set_matter(new_matter(template))

    def open_dialog(self) -> bool:
        """Ask for a matter file and open it."""
        start = str(self.doc.path.parent) if self.doc and self.doc.path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Open matter", start, MATTER_FILTER)
        return self.open_path(name) if name else False

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = settings.recent_files()
        for f in files:
            action = self.recent_menu.addAction(Path(f).name)
            action.setToolTip(f)
            action.triggered.connect(lambda _checked=False, f=f: self.open_path(f))
        if not files:
            self.recent_menu.addAction("(none)").setEnabled(False)

    def save(self) -> bool:
        """Save to the matter's file, or ask where when it has none."""
        if self.doc is None:
            return False
        if self.doc.path is None:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self) -> bool:
        """Ask where to save the matter and save it there."""
        if self.doc is None:
            return False
        default = str(self.doc.path or Path.home() / (self.sample_name or f"untitled{SUFFIX}"))
        name, _ = QFileDialog.getSaveFileName(self, "Save matter", default, MATTER_FILTER)
        if not name:
            return False
        if not name.endswith(SUFFIX):
            name += SUFFIX
        return self._save_to(Path(name))

    def _save_to(self, path: Path) -> bool:
        assert self.doc is not None
        try:
            self.doc.save(path)
        except ReadOnlyError:
            answer = QMessageBox.warning(
                self,
                "Read-only matter",
                MSG_READ_ONLY.format(name=path.name),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            return answer == QMessageBox.StandardButton.Save and self.save_as()
        except OpinionDeskError as exc:
            show_error(self, "Cannot save", exc)
            return False
        self.last_saved = dt.datetime.now()
        self.sample_name = None
        if self.open_notice:  # counsel have saved the matter as it now reads
            if self.render_message.text() == self.open_notice:
                self.render_message.setText("")
            self.open_notice = self.open_detail = ""
        self._keep_letter = True
        self.remember_letter()
        settings.add_recent_file(path)
        recovery.discard_recovery(self.recovery_file)
        self._update_title()
        self._update_status()
        return True

    def maybe_save(self) -> bool:
        """Ask what to do with unsaved changes; return False if the user cancels."""
        if self.doc is None or not self.doc.modified:
            return True
        answer = QMessageBox.warning(
            self,
            "Unsaved changes",
            MSG_SAVE_CHANGES.format(name=self._display_name()),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            recovery.discard_recovery(self.recovery_file)
            return True
        return False

    # ---- export -------------------------------------------------------------------------------

    def export_docx(self, copy: str) -> bool:
        """Export a draft or filing copy as DOCX through a save dialog; missing facts refuse a filing copy."""
        return self.outputs.export(copy, "docx")

    def show_missing(self, missing: list[tuple[str, str]]) -> None:
        """List the facts a filing copy lacks; clicking one goes to its field."""
        from .dialogs import MissingFactsDialog

        self.missing_dialog = MissingFactsDialog(missing, self)
        self.missing_dialog.fact_chosen.connect(self.facts.focus_fact)
        self.missing_dialog.open()

    # ---- edits, status, title -----------------------------------------------------------------

    def undo(self) -> None:
        """Undo the last fact edit."""
        if self.doc is not None:
            self.doc.break_merge()
            self.doc.undo_stack.undo()

    def redo(self) -> None:
        """Redo the last undone fact edit."""
        if self.doc is not None:
            self.doc.undo_stack.redo()

    def _changed(self) -> None:
        collector.poke()
        self.preview.request_render()
        self.pause_timer.start()
        self._update_title()
        self._update_saved()

    def _clean_changed(self, _clean: bool) -> None:
        self._update_title()
        self._update_saved()

    def _rendered(self) -> None:
        notice = self.copy_notice or self._undrawable_notice()
        if notice or not self.open_notice:
            self.render_message.setText(notice)
        else:
            self.render_message.setText(self.open_notice, self.open_detail)
        self._update_status()
        # The checks follow once the new pages are painted, so typing never waits for them.
        self.checks_timer.start()

    def run_checks(self) -> None:
        """Check the letter just drawn against the Exhibit 5 rules and show the findings.

        A value the fact pane refused (the matter keeps none for it) is called invalid, with the
        pane's reason, not missing: the same findings `opiniondesk check` gives for that value.
        """
        if self.doc is None or self.last_letter is None:
            self.checks.set_findings([])
            return
        from ..core.checks import run_checks

        self.checks.set_findings(
            run_checks(self.doc.matter, self.last_letter, self.doc.template, self.invalid_values())
        )

    def invalid_values(self) -> dict[str, str]:
        """Return the values the fact pane refused (the matter keeps none for them), each one's
        reason by the letter's fact id ("plans.0.shares" for a list item's field)."""
        from .fact_pane import FieldEditor

        return {
            editor.fact_id: editor.problem.text()
            for editor in self.facts.findChildren(FieldEditor)
            if editor.field.property("invalid")
        }

    def _undrawable_notice(self) -> str:
        """Name the facts holding characters no installed font can draw (they print as boxes)."""
        from ..pages import undrawable_characters

        if self.last_letter is None or self.doc is None:
            return ""
        found = undrawable_characters(self.last_letter, page_setup(self.letterhead))
        notices = []
        for fact, chars in found.items():
            spec = self.doc.template.schema.get(fact.split(".")[0])
            label = spec.label if spec is not None else fact
            shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in chars)
            notices.append(MSG_UNDRAWABLE.format(chars=shown, label=label))
        return " ".join(notices)

    def missing_facts(self) -> list[str]:
        """Return the labels of what a filing or signed copy still lacks (the facts it refuses
        without), as of the letter last drawn."""
        if self.doc is None:
            return []
        if self.last_letter is None:
            try:
                self.last_letter = self.doc.render("draft")
            except OpinionDeskError:
                return []
            self.gaps = self.final_copy_gaps(self.last_letter)
        return [label for _fact, label in self.gaps]

    def _update_status(self) -> None:
        """Count what a final copy still lacks as the Checks dock does: a value the fact pane
        refused is an invalid value, not a missing fact (the matter keeps none for it)."""
        self.missing_facts()
        invalid = self.invalid_values()
        missing = [(fact, label) for fact, label in self.gaps if fact not in invalid]
        counts, tips = [], []
        if missing:
            count = len(missing)
            counts.append(MSG_MISSING_ONE if count == 1 else MSG_MISSING.format(count=count))
            tips.append(MSG_MISSING_TIP.format(labels="\n".join(label for _f, label in missing)))
        if invalid:
            count = len(invalid)
            counts.append(MSG_INVALID_ONE if count == 1 else MSG_INVALID.format(count=count))
            known = dict(self.gaps)
            labels = [
                MSG_INVALID_LABEL.format(label=known.get(fact) or self._label(fact), problem=why)
                for fact, why in invalid.items()
            ]
            tips.append(MSG_INVALID_TIP.format(labels="\n".join(labels)))
        self.missing_label.setText(MSG_COUNTS_SEPARATOR.join(counts) or MSG_NO_MISSING)
        self.missing_label.setToolTip("\n\n".join(tips))
        self.facts.mark_missing([fact for fact, _label in missing])
        self._update_saved()

    def _label(self, fact: str) -> str:
        """Return the label counsel know a fact by ("Plans, item 2: Shares" for a list item's)."""
        assert self.doc is not None
        return self.doc.template.schema.label_of(fact) or fact

    def _update_saved(self) -> None:
        """Say whether there are unsaved changes: "Not saved" only when there are."""
        if self.doc is not None and self.doc.modified:
            text = MSG_NOT_SAVED
        elif self.last_saved is not None:
            text = MSG_SAVED_AT.format(time=self.last_saved.strftime("%H:%M:%S"))
        elif self.doc is not None and self.doc.path is not None:
            text = MSG_SAVED
        else:
            text = MSG_NO_CHANGES
        self.saved_label.setText(text)

    def _display_name(self) -> str:
        if self.doc is None:
            return "OpinionDesk"
        if self.doc.path:
            return self.doc.path.name
        return self.sample_name or "Untitled"

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self._display_name()}[*] - OpinionDesk")
        self.setWindowModified(bool(self.doc and self.doc.modified))

    # ---- autosave and settings -----------------------------------------------------------------

    def autosave(self) -> None:
        """Write the unsaved matter to the recovery folder (nothing when it is saved)."""
        if self.doc is None or self.recovery_file is None:
            return
        if not self.doc.modified:
            recovery.discard_recovery(self.recovery_file)
            return
        try:
            recovery.write_recovery(self.recovery_file, self.doc.matter)
        except OSError as exc:
            self.statusBar().showMessage(
                MSG_AUTOSAVE_FAILED.format(error=exc.strerror or exc), 5000
            )

    def restore_settings(self) -> None:
        """Restore geometry, splitter and zoom."""
        store = settings.settings()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = store.value("window/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        zoom = store.value("preview/zoom")
        fit = store.value("preview/fit_width", "true")
        if str(fit).lower() == "false" and zoom is not None:
            try:
                value = float(zoom)
            except (TypeError, ValueError):
                value = float("nan")  # not a zoom we wrote: keep fitting the width
            if math.isfinite(value):
                self.preview.set_zoom(value)

    def save_settings(self) -> None:
        """Remember geometry, splitter, zoom and the open matter."""
        store = settings.settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/splitter", self.splitter.saveState())
        store.setValue("preview/zoom", self.preview.zoom)
        store.setValue("preview/fit_width", "true" if self.preview.fit_width else "false")
        store.sync()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Let the first pages paint before the checks of a letter rendered before the window showed."""
        super().showEvent(event)
        if self.checks_timer.isActive():
            self.checks_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Ask about unsaved changes, then remember the settings and drop the recovery file."""
        if not self.maybe_save():
            event.ignore()
            return
        self.save_settings()
        self.autosave_timer.stop()
        self.pause_timer.stop()
        recovery.discard_recovery(self.recovery_file)
        self.recovery_file = None
        event.accept()
