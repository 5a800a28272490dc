"""The window's outputs: who signs, which copy, Print, Print Preview, PDF and signed-copy exports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QFileDialog, QInputDialog, QLabel, QToolBar

from ..core.errors import MissingFactsError, OpinionDeskError
from ..core.matter import atomic_write
from ..core.model import COPIES, Letter
from ..writers import write_letter
from .errors import show_error

if TYPE_CHECKING:
    from ..signers import SignerProfile, SignerStore
    from .main_window import MainWindow

COPY_LABELS = {"draft": "Draft", "filing": "Filing copy (/s/)", "signed": "Signed original"}
TYPED_SIGNER = "Signer typed in the matter"
PDF_FILTER = "PDF documents (*.pdf)"
DOCX_FILTER = "Word documents (*.docx)"
MSG_EXPORTED = "Exported {file}"
MSG_NOT_RECORDED = (
    "{file} was not kept: a signed copy is kept only with its record, and it was not recorded: "
    "{error}"
)
COPY_BOX_LABEL = " &Copy to print or export: "
COPY_BOX_NAME = "Copy to print or export"
COPY_BOX_TIP = (
    "The copy the letter on screen shows, page for page, and that Print, Print Preview and "
    "Export PDF make."
)
MSG_NO_IMAGE = "Shown without its signature image: {reason}"
NO_PROFILE = (
    "A signed original needs a signer profile with a signature image: choose one in the Signer "
    "box, or add one under Edit > Signers."
)
MSG_OVERRIDE = (
    "The opinion checks found errors:\n\n{errors}\n\nTo make a {copy} copy anyway, give the reason "
    "(the matter keeps it and the signed-copies register records it):"
)


class Outputs(QObject):
    """Adds the signer and copy choosers, the print and export actions, and makes final copies."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._store: SignerStore | None = None
        self.overridden_rules: list[str] = []
        # The signature image the preview of a signed original shows, by (profile, signer name).
        self._preview_images: dict[tuple, tuple[bytes | None, str]] = {}
        self._build_toolbar()
        self._build_menus()
        window.matter_opened.connect(self._matter_opened)

    # ---- building -----------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar("Letter", self.window)
        bar.setObjectName("toolbar-letter")
        self.window.addToolBar(bar)
        # The copy the preview shows and the outputs make.
        copy_label = QLabel(COPY_BOX_LABEL, bar)
        self.copy_box = QComboBox(bar)
        self.copy_box.setAccessibleName(COPY_BOX_NAME)
        self.copy_box.setToolTip(COPY_BOX_TIP)
        copy_label.setToolTip(COPY_BOX_TIP)
        for copy in COPIES:
            self.copy_box.addItem(COPY_LABELS[copy], copy)
        copy_label.setBuddy(self.copy_box)
        self.copy_box.currentIndexChanged.connect(
            lambda _index: self.window.set_copy(self.current_copy())
        )
        signer_label = QLabel(" Si&gner: ", bar)
        self.signer_box = QComboBox(bar)
        self.signer_box.setAccessibleName("Signer")
        self.signer_box.setMinimumContentsLength(18)
        signer_label.setBuddy(self.signer_box)
        self.signer_box.activated.connect(self._signer_chosen)
        for widget in (copy_label, self.copy_box, signer_label, self.signer_box):
            bar.addWidget(widget)

    def _build_menus(self) -> None:
        w = self.window
        file_menu = w.menus["file"]
        before = w.export_separator
        self.action_export_signed = w._action(
            file_menu, "Export Si&gned DOCX...", lambda: self.export_docx_signed()
        )
        self.action_export_pdf = w._action(file_menu, "&Export PDF...", lambda: self.export_pdf())
        self.action_export_edgar = w._action(
            file_menu, "Expor&t for EDGAR...", lambda: self.export_edgar()
        )
        file_menu.addSeparator()
        self.action_print_preview = w._action(
            file_menu, "Print Pre&view...", lambda: self.print_preview()
        )
        self.action_print = w._action(
            file_menu, "&Print...", lambda: self.print(), QKeySequence.StandardKey.Print
        )
        for action in (
            self.action_export_signed,
            self.action_export_pdf,
            self.action_export_edgar,
            self.action_print_preview,
            self.action_print,
        ):
            file_menu.removeAction(action)
            file_menu.insertAction(before, action)
        edit = w.menus["edit"]
        edit.addSeparator()
        self.action_signers = w._action(edit, "Si&gners...", self.edit_signers)
        help_menu = w.menus["help"]
        self.action_register = w._action(help_menu, "&Signed Copies...", self.show_register)

    # ---- signers ------------------------------------------------------------------------------

    @property
    def store(self) -> SignerStore:
        """Return the signer profile store (opened on first use)."""
        if self._store is None:
            from ..signers import SignerStore

            self._store = SignerStore()
        return self._store

    def _matter_opened(self) -> None:
        doc = self.window.doc
        if doc is not None:
            doc.value_changed.connect(self._value_changed)
        self.refresh_signers()

    def _value_changed(self, key: tuple) -> None:
        # Undo and redo of a signer choice move the Signer box with the matter.
        if tuple(key) == ("signer", "profile"):
            self.show_matter_signer()

    def show_matter_signer(self) -> None:
        """Select the matter's signer profile in the Signer box (the typed signer if none)."""
        doc = self.window.doc
        chosen = doc.matter.signer.get("profile") if doc else None
        index = self.signer_box.findData(chosen) if chosen else 0
        self.signer_box.setCurrentIndex(max(index, 0))

    def refresh_signers(self) -> None:
        """Refill the signer chooser; select the matter's profile, if it names one."""
        self._preview_images = {}
        self.signer_box.clear()
        self.signer_box.addItem(TYPED_SIGNER, None)
        try:
            profiles = self.store.list()
        except OpinionDeskError as exc:
            self.window.render_message.setText(str(exc))
            profiles = []
        for profile in profiles:
            self.signer_box.addItem(profile.display_name or profile.full_name, profile.id)
        self.show_matter_signer()

    def _signer_chosen(self, index: int) -> None:
        profile_id = self.signer_box.itemData(index)
        doc = self.window.doc
        if doc is None or profile_id is None:
            return
        try:
            profile = self.store.get(profile_id)
        except OpinionDeskError as exc:
            show_error(self.window, "Cannot use the signer", exc)
            return
        self.use_profile(profile)

    def use_profile(self, profile: SignerProfile) -> None:
        """Make a profile the matter's signer (one undo step); the matter keeps a typed copy."""
        from ..signers import matter_signer_fields

        doc = self.window.doc
        if doc is None:
            return
        fields = matter_signer_fields(profile)
        doc.undo_stack.beginMacro(f"Signer: {profile.full_name}")
        for key in sorted(set(fields) | set(doc.matter.signer)):
            doc.set_value(("signer", key), fields.get(key))
        doc.undo_stack.endMacro()

    def edit_signers(self) -> None:
        """Open the signers dialog, then refresh the chooser."""
        from .signers_dialog import edit_signers

        edit_signers(self.window, self.store)
        self.refresh_signers()
        if self.window.copy == "signed":
            self.window.preview.render_now()  # a signature image may have come or gone

    def show_register(self) -> None:
        """Open Help > Signed Copies: the register with its chain verified."""
        from .register_dialog import show_signed_copies

        show_signed_copies(self.window)

    # ---- making copies --------------------------------------------------------------------------

    def current_copy(self) -> str:
        """Return the copy chosen in the toolbar."""
        return str(self.copy_box.currentData())

    def _profile_id(self) -> str | None:
        """Return the profile that signs: the Signer box's, the matter's or the default one, else
        the one profile of the matter's typed signer, if there is exactly one."""
        from ..signers import resolve_profile_id

        doc = self.window.doc
        assert doc is not None
        profile_id = self.signer_box.currentData() or resolve_profile_id(
            None, doc.matter, self.store
        )
        if not profile_id:
            # No profile named and no default: the one profile of the matter's typed signer, if any.
            typed = " ".join(str(doc.matter.signer.get("name") or "").split()).casefold()
            same = [
                p.id for p in self.store.list() if " ".join(p.full_name.split()).casefold() == typed
            ]
            profile_id = same[0] if len(same) == 1 else None
        return profile_id

    def preview_signature(self) -> tuple[bytes | None, str]:
        """Return the signature image a signed original would carry, for the preview, or None and
        why not (no dialogs: the preview asks nothing). Read from the keychain once per signer."""
        from ..signers import signature_image_for_render

        doc = self.window.doc
        if doc is None:
            return None, ""
        signer = doc.matter.signer
        key = (self.signer_box.currentData(), signer.get("name"), signer.get("profile"))
        made = self._preview_images.get(key)
        if made is None:
            try:
                profile_id = self._profile_id()
                if not profile_id:
                    made = (None, MSG_NO_IMAGE.format(reason=NO_PROFILE))
                else:
                    made = (signature_image_for_render(profile_id, doc.matter, self.store), "")
            except OpinionDeskError as exc:
                made = (None, MSG_NO_IMAGE.format(reason=exc.problems[0].message))
            self._preview_images = {key: made}
        return made

    def _signer_profile(self) -> SignerProfile | None:
        doc = self.window.doc
        assert doc is not None
        profile_id = self._profile_id()
        if not profile_id:
            show_error(self.window, "No signer profile", NO_PROFILE)
            return None
        try:
            return self.store.get(profile_id)
        except OpinionDeskError as exc:
            show_error(self.window, "Cannot use the signer", exc)
            return None

    def make_letter(
        self, copy: str, checks: bool = True
    ) -> tuple[Letter, str | None, str | None] | None:
        """Render a copy for output: (letter, signer profile id, override reason), or None if refused.

        A final copy with missing facts lists them; one with opinion-check errors needs a written
        reason (unless `checks` is False: Print Preview, which checks when printing from it); a
        signed copy asks the user to confirm the signer first.
        """
        w = self.window
        if w.doc is None:
            return None
        image, profile_id = None, None
        if copy == "signed":
            from ..signers import signature_image_for_render
            from .printing import confirm_signer

            profile = self._signer_profile()
            if profile is None:
                return None
            try:
                image = signature_image_for_render(profile.id, w.doc.matter, self.store)
            except OpinionDeskError as exc:
                show_error(w, "Cannot sign", exc)
                return None
            if not confirm_signer(w, profile):
                return None
            profile_id = profile.id
        try:
            letter = w.doc.render(copy, image)
        except MissingFactsError as exc:
            w.show_missing(exc.missing)
            return None
        except OpinionDeskError as exc:
            show_error(w, "Cannot make the copy", exc)
            return None
        override = None
        self.overridden_rules = []
        if copy != "draft" and checks:
            allowed, override = self.checks_allow(letter, copy)
            if not allowed:
                return None
        return letter, profile_id, override

    def checks_allow(self, letter: Letter, copy: str) -> tuple[bool, str | None]:
        """Refuse a final copy while a check error stands, unless the user gives a written reason."""
        from ..core.checks import run_checks

        w = self.window
        assert w.doc is not None
        self.overridden_rules = []
        errors = [
            f for f in run_checks(w.doc.matter, letter, w.doc.template) if f.severity == "error"
        ]
        if not errors:
            return True, None
        text = "\n".join(f"{f.rule_id}: {f.message}" for f in errors)
        reason, ok = QInputDialog.getMultiLineText(
            w, "Opinion check errors", MSG_OVERRIDE.format(errors=text, copy=copy)
        )
        reason = reason.strip()
        if not ok or not reason:
            return False, None
        from ..commands.check import enforce_checks

        try:
            entries = enforce_checks(
                w.doc.matter, letter, reason, save=False, template=w.doc.template
            )
        except OpinionDeskError as exc:
            show_error(w, "Cannot make the copy", exc)
            return False, None
        w.doc.mark_dirty()  # the matter now keeps the override: it has unsaved changes to save
        self.overridden_rules = [e["rule_id"] for e in entries]
        return True, reason

    def suggested_path(self, copy: str, suffix: str) -> Path:
        """Return where an output of the matter is proposed: its folder, named after it and the copy."""
        doc = self.window.doc
        assert doc is not None
        name = self.window.sample_name
        stem = doc.path.stem if doc.path else Path(name).stem if name else "letter"
        folder = doc.path.parent if doc.path else Path.home()
        return folder / f"{stem}-{copy}{suffix}"

    def _ask_path(self, title: str, suffix: str, file_filter: str, copy: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.window, title, str(self.suggested_path(copy, suffix)), file_filter
        )
        if not name:
            return None
        return Path(name if name.lower().endswith(suffix) else name + suffix)

    def _write(
        self,
        letter: Letter,
        data: bytes,
        fmt: str,
        profile_id: str | None,
        path: Path,
        override: str | None,
    ) -> None:
        """Write an export; a signed copy takes its name only once its record is in the register
        (OpinionDeskError, and no file, when the record cannot be written)."""
        if letter.copy != "signed":
            atomic_write(path, data)
            return
        from ..register import record_signed_copy, write_signed_copy

        doc = self.window.doc
        assert doc is not None
        write_signed_copy(
            path,
            data,
            lambda: record_signed_copy(
                doc.matter,
                data,
                fmt,
                profile_id,
                str(path.resolve()),
                override,
                overridden_rules=self.overridden_rules if override else None,
                deviations=letter.deviations,
            ),
        )

    def export_docx_signed(self) -> bool:
        """Export the signed original as DOCX (the signature image above the typed name)."""
        return self.export("signed", "docx")

    def export_pdf(self, copy: str | None = None) -> bool:
        """Export the chosen copy as PDF, drawn by the preview's page painter."""
        return self.export(copy or self.current_copy(), "pdf")

    def export(self, copy: str, fmt: str) -> bool:
        """Export one copy in one format through a save dialog; signed copies are registered."""
        made = self.make_letter(copy)
        if made is None:
            return False
        letter, profile_id, override = made
        suffix, file_filter = (".pdf", PDF_FILTER) if fmt == "pdf" else (".docx", DOCX_FILTER)
        path = self._ask_path(f"Export {COPY_LABELS[copy]}", suffix, file_filter, copy)
        if path is None:
            return False
        try:
            data = write_letter(letter, fmt, self.window.letterhead)
        except OpinionDeskError as exc:
            show_error(self.window, "Cannot export", f"{path}: {exc}")
            return False
        try:
            self._write(letter, data, fmt, profile_id, path, override)
        except OpinionDeskError as exc:  # the register refused: no signed copy is kept
            from .errors import error_text

            show_error(
                self.window,
                "Cannot export",
                MSG_NOT_RECORDED.format(file=path, error=error_text(exc)),
            )
            return False
        except OSError as exc:
            show_error(self.window, "Cannot export", f"{path}: {exc.strerror or exc}")
            return False
        self.window.statusBar().showMessage(MSG_EXPORTED.format(file=path), 5000)
        return True

    def export_edgar(self) -> bool:
        """Export the filing copy as EDGAR takes it (HTML or ASCII); the register records it."""
        from .edgar_export import export_for_edgar

        return export_for_edgar(self)

    def print(self) -> bool:
        """Print the chosen copy through the system's print dialog."""
        made = self.make_letter(self.current_copy())
        if made is None:
            return False
        from .printing import print_letter

        letter, profile_id, override = made
        matter = self.window.doc.matter if self.window.doc else None
        try:
            return print_letter(
                self.window,
                letter,
                matter,
                profile_id,
                override,
                overridden_rules=self.overridden_rules if override else None,
                letterhead=self.window.letterhead,
                pdf_path=self.suggested_path(letter.copy, ".pdf"),
            )
        except OpinionDeskError as exc:  # the letterhead cannot be read
            show_error(self.window, "Cannot print", exc)
            return False

    def print_preview(self) -> bool:
        """Show the chosen copy as it will print; its Print button prints under Print's rules.

        The preview itself asks for no override reason (it makes nothing); printing from it runs
        the opinion checks of a final copy first, and a signed copy printed is registered.
        """
        copy = self.current_copy()
        made = self.make_letter(copy, checks=False)
        if made is None:
            return False
        from .printing import print_preview

        letter, profile_id, _ = made
        matter = self.window.doc.matter if self.window.doc else None

        def approve() -> tuple[str | None, list[str] | None] | None:
            if copy == "draft" or self.window.doc is None:
                return None, None
            allowed, override = self.checks_allow(letter, copy)
            if not allowed:
                return None
            return override, (self.overridden_rules if override else None)

        try:
            return print_preview(
                self.window,
                letter,
                matter,
                profile_id,
                approve,
                letterhead=self.window.letterhead,
                pdf_path=self.suggested_path(copy, ".pdf"),
            )
        except OpinionDeskError as exc:  # the letterhead cannot be read
            show_error(self.window, "Cannot print", exc)
            return False
