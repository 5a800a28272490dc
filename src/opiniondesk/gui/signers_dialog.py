"""The signers dialog: create, edit and delete signer profiles, choose the default, import a signature."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import OpinionDeskError
from ..signers import STYLES, VOICES, SignerProfile, SignerStore, profile_id_for

STYLE_LABELS = {"individual": "Signs as an individual", "firm": "Signs in the firm's name"}
VOICE_LABELS = {"I": "\u201cI\u201d (singular)", "we": "\u201cwe\u201d (plural)"}
DEFAULT_SUFFIX = " (default)"
PREVIEW_SIZE = (320, 110)
DELETE_QUESTION = "Delete the signer profile of {name}, with its signature image?"
SAVE_QUESTION = "Save the changes to the signer profile of {name}?"
SAVE_NEW_QUESTION = "Save the new signer profile?"
IMAGE_FILTER = "Signature images (*.png *.jpg *.jpeg)"


class SignersDialog(QDialog):
    """Edit the signer profiles of a store; `profiles_changed` fires after each saved change."""

    profiles_changed = Signal()

    def __init__(self, store: SignerStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Signers")
        self.store = store or SignerStore()
        self._editing: str | None = None  # the id of the profile in the form; None for a new one
        self._shown: tuple[object, ...] = ()  # the form as last filled from the store

        self.profile_list = QListWidget()
        self.profile_list.setMinimumWidth(200)
        self.profile_list.currentItemChanged.connect(self._on_selected)
        self.new_button = QPushButton("&New")
        self.new_button.clicked.connect(self.new_profile)
        self.delete_button = QPushButton("&Delete\u2026")
        self.delete_button.clicked.connect(self.delete_profile)
        self.default_button = QPushButton("Make De&fault")
        self.default_button.clicked.connect(self.make_default)
        left = QVBoxLayout()
        left.addWidget(self.profile_list)
        row = QHBoxLayout()
        for button in (self.new_button, self.delete_button, self.default_button):
            row.addWidget(button)
        left.addLayout(row)

        self.display_name = QLineEdit()
        self.full_name = QLineEdit()
        self.title_edit = QLineEdit()
        self.employer = QLineEdit()
        self.style = QComboBox()
        for key in STYLES:
            self.style.addItem(STYLE_LABELS[key], key)
        self.voice = QComboBox()
        for key in VOICES:
            self.voice.addItem(VOICE_LABELS[key], key)
        self.conformed = QLineEdit()
        self.conformed.setPlaceholderText("as the name (or the firm's name)")
        self.email = QLineEdit()
        self.phone = QLineEdit()
        form = QFormLayout()
        form.addRow("Shown as:", self.display_name)
        form.addRow("Full &name:", self.full_name)
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Employer or firm:", self.employer)
        form.addRow("Si&gns:", self.style)
        form.addRow("&Voice:", self.voice)
        form.addRow("Conformed (after /s/):", self.conformed)
        form.addRow("E-mail:", self.email)
        form.addRow("Phone:", self.phone)

        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(*PREVIEW_SIZE)
        self.preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.preview.setStyleSheet("background: white;")
        self.import_button = QPushButton("&Import Signature\u2026")
        self.import_button.clicked.connect(lambda: self.import_image())
        self.remove_image_button = QPushButton("&Remove Signature")
        self.remove_image_button.clicked.connect(self.remove_image)
        self.keychain_note = QLabel()
        self.keychain_note.setWordWrap(True)
        self.keychain_note.setStyleSheet("color: #8a4b00;")
        image_row = QHBoxLayout()
        image_row.addWidget(self.import_button)
        image_row.addWidget(self.remove_image_button)
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save_profile())

        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(QLabel("Signature image (signed originals only):"))
        right.addWidget(self.preview)
        right.addLayout(image_row)
        right.addWidget(self.keychain_note)
        right.addWidget(self.save_button, alignment=Qt.AlignmentFlag.AlignRight)

        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addLayout(body)
        outer.addWidget(buttons)

        reason = self.store.images_unavailable_reason
        self.keychain_note.setText(reason or "")
        self.keychain_note.setVisible(bool(reason))
        self.refresh()

    # ---- the list --------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Reload the profiles from the store and select one (or the first)."""
        select = select or self._editing
        default = self.store.default_id()
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        chosen = None
        for profile in self.store.list():
            text = (profile.display_name or profile.full_name) + (
                DEFAULT_SUFFIX if profile.id == default else ""
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, profile.id)
            self.profile_list.addItem(item)
            if profile.id == select:
                chosen = item
        if chosen is None and self.profile_list.count():
            chosen = self.profile_list.item(0)
        if chosen is not None:
            self.profile_list.setCurrentItem(chosen)
        self.profile_list.blockSignals(False)
        if chosen is not None:
            self._show(self.store.get(chosen.data(Qt.ItemDataRole.UserRole)))
        else:
            self._blank_form()

    def profile_ids(self) -> list[str]:
        """Return the ids listed, in order."""
        return [
            self.profile_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.profile_list.count())
        ]

    def _on_selected(
        self, item: QListWidgetItem | None, previous: QListWidgetItem | None = None
    ) -> None:
        if item is None:
            return
        wanted = item.data(Qt.ItemDataRole.UserRole)
        if wanted == self._editing:
            return
        answer = self.ask_to_keep_edits()
        if answer == QMessageBox.StandardButton.Cancel:
            self._select_quietly(previous)
            return
        if answer == QMessageBox.StandardButton.Save:
            if self.save_profile() is None:
                self._select_quietly(self._item_of(self._editing))
                return
            self.refresh(wanted)  # the save rebuilt the list: select the one asked for
            return
        self._show(self.store.get(wanted))

    def _item_of(self, profile_id: str | None) -> QListWidgetItem | None:
        for i in range(self.profile_list.count()):
            item = self.profile_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == profile_id:
                return item
        return None

    def _select_quietly(self, item: QListWidgetItem | None) -> None:
        self.profile_list.blockSignals(True)
        self.profile_list.setCurrentItem(item)
        if item is None:
            self.profile_list.clearSelection()
        self.profile_list.blockSignals(False)

    # ---- unsaved edits ---------------------------------------------------------------------------

    def _form_values(self) -> tuple[object, ...]:
        texts = (
            self.display_name,
            self.full_name,
            self.title_edit,
            self.employer,
            self.conformed,
            self.email,
            self.phone,
        )
        return tuple(w.text().strip() for w in texts) + (
            self.style.currentData(),
            self.voice.currentData(),
        )

    def has_unsaved_edits(self) -> bool:
        """Return whether the form differs from the profile as stored (or a new one, blank)."""
        return self._form_values() != self._shown

    def ask_to_keep_edits(self) -> QMessageBox.StandardButton:
        """Ask about unsaved edits in the form: Save, Discard or Cancel (Discard when there are none)."""
        if not self.has_unsaved_edits():
            return QMessageBox.StandardButton.Discard
        name = self.full_name.text().strip() or self.display_name.text().strip()
        question = SAVE_QUESTION.format(name=name) if self._editing else SAVE_NEW_QUESTION
        return QMessageBox.warning(
            self,
            "Unsaved changes",
            question,
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )

    def maybe_keep_edits(self) -> bool:
        """Save or drop unsaved edits as the user says; False if the user cancels (or the save fails)."""
        answer = self.ask_to_keep_edits()
        if answer == QMessageBox.StandardButton.Save:
            return self.save_profile() is not None
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        """Close (Escape, the Close button, the window's close box), asking about unsaved edits."""
        if self.maybe_keep_edits():
            super().reject()

    # ---- the form --------------------------------------------------------------------------------

    def _show(self, profile: SignerProfile | None) -> None:
        self._editing = profile.id if profile else None
        p = profile or SignerProfile(id="", display_name="", full_name="")
        self.display_name.setText(p.display_name)
        self.full_name.setText(p.full_name)
        self.title_edit.setText(p.title)
        self.employer.setText(p.employer)
        self.style.setCurrentIndex(max(0, self.style.findData(p.style)))
        self.voice.setCurrentIndex(max(0, self.voice.findData(p.voice)))
        self.conformed.setText(p.conformed)
        self.email.setText(p.email)
        self.phone.setText(p.phone)
        self._shown = self._form_values()
        self._show_image(p)
        self.delete_button.setEnabled(profile is not None)
        self.default_button.setEnabled(profile is not None)

    def _show_image(self, profile: SignerProfile) -> None:
        available = self.store.images_available
        self.import_button.setEnabled(available)
        self.remove_image_button.setEnabled(available and profile.has_image)
        self.preview.setPixmap(QPixmap())
        if not profile.has_image:
            # Without a keychain the note under the buttons says why, once: nothing here.
            self.preview.setText("No signature image" if available else "")
            return
        try:
            data = self.store.image(profile.id)
        except OpinionDeskError as exc:
            self.preview.setText(str(exc))
            return
        image = QImage.fromData(data or b"")
        if image.isNull():
            self.preview.setText("The signature image cannot be shown")
            return
        pixmap = QPixmap.fromImage(image).scaled(
            *PREVIEW_SIZE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.preview.setPixmap(pixmap)

    def form_profile(self) -> SignerProfile:
        """Return the profile the form describes (its id new for a new profile)."""
        full = self.full_name.text().strip()
        display = self.display_name.text().strip() or full
        pid = self._editing or profile_id_for(display or full, self.store.ids())
        return SignerProfile(
            id=pid,
            display_name=display,
            full_name=full,
            title=self.title_edit.text().strip(),
            employer=self.employer.text().strip(),
            style=self.style.currentData(),
            voice=self.voice.currentData(),
            conformed=self.conformed.text().strip(),
            email=self.email.text().strip(),
            phone=self.phone.text().strip(),
        )

    # ---- actions ---------------------------------------------------------------------------------

    def _warn(self, title: str, exc: OpinionDeskError) -> None:
        QMessageBox.warning(self, title, "\n".join(str(p) for p in exc.problems))

    def new_profile(self) -> None:
        """Clear the form for a new profile (after asking about unsaved edits)."""
        if self.maybe_keep_edits():
            self._blank_form()

    def _blank_form(self) -> None:
        self.profile_list.blockSignals(True)
        self.profile_list.setCurrentItem(None)
        self.profile_list.clearSelection()
        self.profile_list.blockSignals(False)
        self._show(None)
        self.full_name.setFocus()

    def save_profile(self) -> SignerProfile | None:
        """Save the form; on bad input say what is wrong and return None."""
        try:
            profile = self.store.save(self.form_profile())
        except OpinionDeskError as exc:
            self._warn("Cannot save the signer", exc)
            return None
        self._editing = profile.id
        self.refresh(profile.id)
        self.profiles_changed.emit()
        return profile

    def delete_profile(self) -> bool:
        """Delete the selected profile (after asking), its image and its keychain entry."""
        if self._editing is None:
            return False
        profile = self.store.get(self._editing)
        answer = QMessageBox.question(
            self,
            "Delete signer",
            DELETE_QUESTION.format(name=profile.full_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.store.delete(profile.id)
        except OpinionDeskError as exc:
            self._warn("Cannot delete the signer", exc)
            return False
        self._editing = None
        self.refresh()
        self.profiles_changed.emit()
        return True

    def make_default(self) -> None:
        """Make the selected profile the default signer."""
        if self._editing is None or not self.maybe_keep_edits():
            return
        try:
            self.store.set_default(self._editing)
        except OpinionDeskError as exc:
            self._warn("Cannot make the signer the default", exc)
            return
        self.refresh(self._editing)
        self.profiles_changed.emit()

    def import_image(self, path: str | None = None) -> bool:
        """Import a PNG or JPEG signature for the profile in the form (saving a new profile first)."""
        if not self.store.images_available:
            QMessageBox.information(
                self, "Signature images", str(self.store.images_unavailable_reason)
            )
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import Signature", "", IMAGE_FILTER)
            if not path:
                return False
        profile = self.save_profile()
        if profile is None:
            return False
        try:
            profile = self.store.set_image_file(profile.id, path)
        except OpinionDeskError as exc:
            self._warn("Cannot import the signature", exc)
            return False
        self._show(profile)
        self.profiles_changed.emit()
        return True

    def remove_image(self) -> None:
        """Remove the signature image (and its key) of the profile in the form."""
        if self._editing is None:
            return
        try:
            profile = self.store.clear_image(self._editing)
        except OpinionDeskError as exc:
            self._warn("Cannot remove the signature", exc)
            return
        self._show_image(profile)  # the image only: edits typed in the form stay
        self.profiles_changed.emit()


def edit_signers(parent: QWidget | None = None, store: SignerStore | None = None) -> None:
    """Open the signers dialog, modal, on the user's profiles."""
    SignersDialog(store, parent).exec()
