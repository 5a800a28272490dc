"""The open matter as the window edits it: values by key, undo/redo, modified state, rendering."""

from __future__ import annotations

import copy as copy_module
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.letter_cache import LetterCache
from ..core.matter import Matter, save_matter
from ..core.model import Letter
from ..core.templates import Template

# A key names one editable value: ("fact", id), ("letter_date",) or ("signer", field).
Key = tuple[str, ...]


class SetValueCommand(QUndoCommand):
    """One edit of one value; consecutive keystrokes in the same field merge into one undo step."""

    def __init__(self, doc: MatterDocument, key: Key, old: Any, new: Any, session: int) -> None:
        super().__init__(f"edit {'.'.join(key[1:]) or key[0]}")
        self.doc, self.key, self.old, self.new, self.session = doc, key, old, new, session

    def id(self) -> int:  # noqa: A003 - Qt's name
        return 1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if (
            not isinstance(other, SetValueCommand)
            or other.key != self.key
            or other.session != self.session
        ):
            return False
        self.new = other.new
        # Typing a character and erasing it again leaves no step behind (the matter is clean again).
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        self.doc._store(self.key, self.new)

    def undo(self) -> None:
        self.doc._store(self.key, self.old)


class MatterStateCommand(QUndoCommand):
    """A change of the matter's wording (its edits) or of all its values at once (a version
    restored): one undo step holding the matter's state before and after."""

    def __init__(self, doc: MatterDocument, text: str, old: dict, new: dict) -> None:
        super().__init__(text)
        self.doc, self.old, self.new = doc, old, new

    def redo(self) -> None:
        self.doc._put_state(self.new)

    def undo(self) -> None:
        self.doc._put_state(self.old)


class MatterDocument(QObject):
    """A matter with its template, an undo stack, and signals when a value or the state changes."""

    value_changed = Signal(tuple)  # the key whose value changed (edit, undo or redo)
    changed = Signal()  # anything in the letter changed
    edits_changed = Signal()  # the matter's own wording changed (edit, revert, undo, restore)

    def __init__(self, matter: Matter, template: Template, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.matter = matter
        self.template = template
        self.undo_stack = QUndoStack(self)
        self.session = 0
        self.recovered_from: Path | None = None
        self._dirty = False  # changed outside the undo stack (an override reason was added)

    @property
    def path(self) -> Path | None:
        """Return the file the matter is saved in, or None while untitled."""
        return self.matter.path

    @property
    def modified(self) -> bool:
        """Return whether there are changes not yet saved."""
        return not self.undo_stack.isClean() or self.recovered_from is not None or self._dirty

    def mark_dirty(self) -> None:
        """Mark the matter changed by something the undo stack does not hold (an override reason)."""
        self._dirty = True
        self.changed.emit()

    def value(self, key: Key) -> Any:
        """Return the JSON value stored under a key (None when unset)."""
        if key[0] == "fact":
            return copy_module.deepcopy(self.matter.facts.get(key[1]))
        if key[0] == "letter_date":
            return self.matter.letter_date
        if key[0] == "signer":
            return self.matter.signer.get(key[1])
        raise KeyError(key)

    def set_value(self, key: Key, value: Any) -> None:
        """Change a value through the undo stack (no-op when unchanged)."""
        old = self.value(key)
        if old == value:
            return
        self.undo_stack.push(
            SetValueCommand(self, key, old, copy_module.deepcopy(value), self.session)
        )

    def break_merge(self) -> None:
        """End the current typing burst, so the next edit is its own undo step."""
        self.session += 1

    def _store(self, key: Key, value: Any) -> None:
        empty = value is None or value == "" or value == []
        if key[0] == "fact":
            if empty:
                self.matter.facts.pop(key[1], None)
            else:
                self.matter.facts[key[1]] = copy_module.deepcopy(value)
        elif key[0] == "letter_date":
            self.matter.letter_date = None if empty else value
        elif key[0] == "signer":
            if empty:
                self.matter.signer.pop(key[1], None)
            else:
                self.matter.signer[key[1]] = value
        self.value_changed.emit(key)
        self.changed.emit()

    def render(
        self,
        copy: str = "draft",
        signature_image: bytes | None = None,
        cache: LetterCache | None = None,
        reuse: bool = False,
    ) -> Letter:
        """Render the letter model of this matter (raises OpinionDeskError on bad input); a cache
        remembers the draft's template output and, with `reuse`, gives it back (see
        `render_letter`)."""
        from ..core.templates import render_letter

        m = self.matter
        return render_letter(
            self.template,
            m.facts,
            m.letter_date,
            m.signer,
            copy,
            signature_image,
            cache,
            reuse,
            edits=m.edits,
        )

    # ---- the matter's own wording and its versions (core.wording, core.versions) ------------

    def _state(self, wording_only: bool) -> dict:
        m = self.matter
        state: dict[str, Any] = {"edits": copy_module.deepcopy(m.edits)}
        if not wording_only:
            state.update(
                facts=copy_module.deepcopy(m.facts),
                letter_date=m.letter_date,
                signer=copy_module.deepcopy(m.signer),
                template_version=m.template_version,
            )
        return state

    def _put_state(self, state: dict) -> None:
        m = self.matter
        keys: set[Key] = set()
        if "facts" in state:
            keys |= {("fact", k) for k in set(m.facts) | set(state["facts"])}
            keys |= {("signer", k) for k in set(m.signer) | set(state["signer"])}
            keys.add(("letter_date",))
            m.facts = copy_module.deepcopy(state["facts"])
            m.signer = copy_module.deepcopy(state["signer"])
            m.letter_date = state["letter_date"]
            m.template_version = state["template_version"]
        m.edits = copy_module.deepcopy(state["edits"])
        for key in sorted(keys):
            self.value_changed.emit(key)
        self.edits_changed.emit()
        self.changed.emit()

    def set_edits(self, edits: list[Any], text: str) -> None:
        """Change the matter's own wording (its list of edits) as one undo step named `text`."""
        if edits == self.matter.edits:
            return
        self.break_merge()
        new = {"edits": copy_module.deepcopy(edits)}
        self.undo_stack.push(MatterStateCommand(self, text, self._state(True), new))

    def restore(self, state: dict, text: str) -> None:
        """Put a version's facts, date, signer and wording back, as one undo step."""
        self.break_merge()
        self.undo_stack.push(MatterStateCommand(self, text, self._state(False), state))

    def add_version(self, name: str, note: str = "") -> None:
        """Keep the matter as it stands as a named version (a name already taken raises)."""
        from ..core.versions import save_version

        save_version(self.matter, name, note)
        self.mark_dirty()

    def save(self, path: Path | str) -> None:
        """Save to a file and mark the matter clean. The matter takes its template's current
        version: it was brought up to it when opened (`migrate.upgrade`) and counsel have seen it
        as that version words it, so it no longer asks for a review."""
        self.matter.template_version = self.template.version
        save_matter(self.matter, path)
        self.recovered_from = None
        self._dirty = False
        self.undo_stack.setClean()
