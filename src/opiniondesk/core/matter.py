"""Matter files (`*.opinion`): one offering's facts, letter date and signer, read and written safely."""

from __future__ import annotations

import copy as copy_module
import datetime as dt
import json
import os
import re
import stat
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import OpinionDeskError, Problem
from .limits import MAX_MATTER_BYTES, _dotted, loads_json, read_text_file
from .migrate import upgrade
from .model import Letter
from .templates import Template, TemplateLibrary, default_library, render_letter

FORMAT_NAME = "opiniondesk.matter"
FORMAT_VERSION = 1
SUFFIX = ".opinion"
SIGNER_KEYS = ("profile", "name", "title", "employer", "signature_style", "voice", "conformed")


@dataclass
class Matter:
    """One offering's letter: which template, the facts as JSON values, the date and the signer."""

    template_id: str
    template_version: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    letter_date: str | None = None
    signer: dict[str, Any] = field(default_factory=dict)
    overrides: list[dict[str, Any]] = field(default_factory=list)
    # The matter's own wording (`core.wording`) and its named versions (`core.versions`), kept
    # as the file holds them: one that cannot be read never stops the matter from opening.
    edits: list[Any] = field(default_factory=list)
    versions: list[Any] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the JSON object a matter file holds."""
        data = dict(self.extra)
        data.update(
            {
                "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                "template": {"id": self.template_id, "version": self.template_version},
                "letter_date": self.letter_date,
                "signer": {
                    k: self.signer.get(k) for k in SIGNER_KEYS if self.signer.get(k) is not None
                },
                "facts": self.facts,
            }
        )
        if self.overrides:
            data["overrides"] = self.overrides
        if self.edits:
            data["edits"] = self.edits
        if self.versions:
            data["versions"] = self.versions
        return data

    def dumps(self) -> str:
        """Return the matter as the text of a `.opinion` file."""
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"

    def copy(self) -> Matter:
        """Return an independent copy (for undo snapshots and batch rows)."""
        return copy_module.deepcopy(self)

    def template(self, library: TemplateLibrary | None = None) -> Template:
        """Return the matter's template from the library."""
        return (library or default_library()).get(self.template_id)

    def render(
        self,
        copy: str = "draft",
        library: TemplateLibrary | None = None,
        signature_image: bytes | None = None,
    ) -> Letter:
        """Render this matter's letter model, its own wording applied (see `render_letter`).

        An edit or version of the matter that cannot be used raises, naming it (the window
        renders through `MatterDocument` instead, and shows such an edit for repair).
        """
        letter = render_letter(
            self.template(library),
            self.facts,
            self.letter_date,
            self.signer,
            copy,
            signature_image,
            edits=self.edits,
        )
        if self.edits or self.versions:
            from .versions import version_problems
            from .wording import edit_problems

            where = str(self.path) if self.path else ""
            problems = edit_problems(letter, where) + version_problems(self, where)
            if problems:
                raise OpinionDeskError(problems)
        return letter

    def version_warning(self, library: TemplateLibrary | None = None) -> str | None:
        """Return a warning when the matter was made with another version of its template."""
        tmpl = self.template(library)
        if self.template_version and self.template_version != tmpl.version:
            return (
                f"this matter was drafted with version {self.template_version} of template "
                f"'{tmpl.id}'; it now opens with version {tmpl.version}: review the letter"
            )
        return None


def new_matter(template: Template) -> Matter:
    """Return a new matter for a template, holding the template's defaults."""
    return Matter(
        template_id=template.id,
        template_version=template.version,
        facts=template.schema.defaults(),
        letter_date=dt.date.today().isoformat(),
    )


def matter_from_json(data: Any, where: str = "") -> Matter:
    """Validate a parsed matter file and return the matter; raise naming every problem found."""
    problems: list[Problem] = []

    def bad(field_name: str, message: str) -> None:
        problems.append(Problem(f"{where}: {field_name}" if where else field_name, message))

    if not isinstance(data, dict):
        raise OpinionDeskError("is not an OpinionDesk matter (expected a JSON object)", where)
    if data.get("format") != FORMAT_NAME:
        bad("format", f"is {data.get('format')!r}, not an OpinionDesk matter ({FORMAT_NAME!r})")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        bad("format_version", "is missing or not a whole number")
    elif version > FORMAT_VERSION or version < 1:
        bad(
            "format_version",
            f"{version} is not a version this OpinionDesk reads (it reads 1 to {FORMAT_VERSION});"
            " a newer OpinionDesk may have written it",
        )
    tmpl = data.get("template")
    template_id, template_version = "", ""
    if not isinstance(tmpl, dict) or not isinstance(tmpl.get("id"), str) or not tmpl.get("id"):
        bad("template", 'must name the template: {"id": ..., "version": ...}')
    else:
        template_id = tmpl["id"]
        template_version = str(tmpl.get("version") or "")
    facts = data.get("facts", {})
    if not isinstance(facts, dict):
        bad("facts", "must be an object of fact values")
        facts = {}
    letter_date = data.get("letter_date")
    if letter_date is not None and not isinstance(letter_date, str):
        bad("letter_date", f"{letter_date!r} is not a date written YYYY-MM-DD")
    # A badly written date is reported with the facts' problems, by validate_matter.
    signer = data.get("signer", {})
    if not isinstance(signer, dict):
        bad("signer", "must be an object (name, title, employer, ...)")
        signer = {}
    for key, value in signer.items():
        if value is not None and not isinstance(value, str):
            bad(f"signer.{key}", "must be text")
    overrides = data.get("overrides", [])
    if not isinstance(overrides, list):
        bad("overrides", "must be a list")
        overrides = []
    edits = data.get("edits", [])
    versions = data.get("versions", [])
    if problems:
        raise OpinionDeskError(problems)
    known = {"format", "format_version", "template", "facts", "letter_date", "signer", "overrides"}
    known |= {"edits", "versions"}
    return Matter(
        template_id=template_id,
        template_version=template_version,
        facts=facts,
        letter_date=letter_date,
        signer=signer,
        overrides=overrides,
        # Kept as written, a lone object as a list of one: each is read, and shown, by itself.
        edits=edits if isinstance(edits, list) else [edits],
        versions=versions if isinstance(versions, list) else [versions],
        extra={k: v for k, v in data.items() if k not in known},
    )


def _matter_place(path: tuple[str | int, ...]) -> str:
    """Name a place in a matter file as counsel would: "fact 'x', item 2, who", "signer.name"."""
    if len(path) >= 2 and path[0] == "facts":
        words = [f"fact '{path[1]}'"]
        rest = path[2:]
        if rest and isinstance(rest[0], int):
            words.append(f"item {rest[0] + 1}")
            rest = rest[1:]
        words += [str(p) for p in rest]
        return ", ".join(words)
    return _dotted(path)


def loads_matter(text: str, where: str = "") -> Matter:
    """Parse the text of a matter file; JSON errors name the line and column, and values no matter
    holds (duplicate keys, NaN, Infinity, huge numbers, deep nesting) name their place."""
    return matter_from_json(loads_json(text, where, _matter_place), where)


def load_matter(path: Path | str, library: TemplateLibrary | None = None) -> Matter:
    """Read, parse and validate a matter file, including its template and fact values.

    Only a regular file under MAX_MATTER_BYTES is read; opening a matter also clears the stale
    temporary files a killed save left beside it.
    """
    path = Path(path)
    text = read_text_file(path, MAX_MATTER_BYTES, "matter file")
    matter = loads_matter(text, str(path))
    matter.path = path
    clean_stale_temporaries(path)
    upgrade(matter, library)  # facts saved with an older template version, by its [[migrate]] rules
    try:
        validate_matter(matter, library)
    except OpinionDeskError as exc:
        raise exc.located(str(path)) from None
    return matter


def validate_matter(matter: Matter, library: TemplateLibrary | None = None) -> None:
    """Check the template exists and every fact value fits its type; raise naming each problem."""
    from .templates import build_context

    tmpl = matter.template(library)
    _, problems = build_context(tmpl, matter.facts, matter.letter_date, matter.signer, "draft")
    if problems:
        raise OpinionDeskError(problems)


def _default_mode() -> int:
    """Return the mode a new file gets from the user's umask (0o666 less the umask)."""
    global _umask
    if _umask is None:
        with _umask_lock:
            current = os.umask(0o022)
            os.umask(current)
            _umask = current
    return 0o666 & ~_umask


_umask: int | None = None
_umask_lock = threading.Lock()


def atomic_write(
    path: Path | str,
    data: bytes,
    fsync: bool = True,
    private: bool = False,
    *,
    temporary: Path | None = None,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Write a file through a temporary file in the same folder, then replace: never half-written.

    The file keeps the permissions of the one it replaces (a new one gets the user's usual ones),
    so colleagues sharing a matter folder can still open it; `private` keeps it to the user alone
    (signer profiles). `fsync=False` skips forcing the data to disk first (a batch of letters,
    where it would cost more than rendering each one). `temporary` names the temporary file (the
    letters' `core.batch.temp_path` names its host and process, so a later run can tell it was
    left); `before_replace` runs once it is whole, before the move (the register of signed copies
    records the letter then): if it raises, the temporary file is removed and the name keeps
    what it held.
    """
    path = Path(path)
    if temporary is None:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    else:
        tmp = str(temporary)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(tmp, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        if private:
            mode = 0o600
        else:
            try:
                mode = stat.S_IMODE(os.stat(path).st_mode)
            except OSError:
                mode = _default_mode()
        os.chmod(tmp, mode)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class ReadOnlyError(OpinionDeskError):
    """A save would overwrite a file that is read-only (the window offers Save As)."""


def is_read_only(path: Path | str) -> bool:
    """Return whether a file exists and may not be written: judged by its permission bits, since
    replacing a file works whatever its own permissions (and root may write anything)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return False
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return True
    getuid = getattr(os, "getuid", None)
    if getuid is not None and st.st_uid == getuid():
        return not st.st_mode & stat.S_IWUSR
    return not os.access(path, os.W_OK)


STALE_TEMPORARY_SECONDS = 60  # a temporary file of a save this old is left from a killed save
# atomic_write's temporary files: "." + the file's name + "." + mkstemp's 8 characters + ".tmp"
_TEMPORARY_TAIL = re.compile(r"\.[a-z0-9_]{8}\.tmp")


def clean_stale_temporaries(path: Path | str, now: float | None = None) -> int:
    """Remove the temporary files a killed save of this file left beside it; return how many.

    Only ours, for this file: regular files named as `atomic_write` names them, untouched for
    STALE_TEMPORARY_SECONDS (a save under way, here or on a colleague's machine, is left alone).
    """
    path = Path(path)
    prefix = f".{path.name}"

    def ours(name: str) -> bool:
        return name.startswith(prefix) and bool(_TEMPORARY_TAIL.fullmatch(name, len(prefix)))

    return remove_stale_temporaries(path.parent, ours, now)


def remove_stale_temporaries(
    folder: Path | str,
    ours: Callable[[str], object],
    now: float | None = None,
    *,
    ended: Callable[[str], bool] | None = None,
    finish: Callable[[Path], bool] | None = None,
) -> int:
    """Remove the regular files of a folder whose names `ours` accepts and that a write killed
    before its end left there; return how many.

    Such a file has been left untouched for STALE_TEMPORARY_SECONDS, or, with `ended` (for names
    that tell their writer, as the letters' do), `ended(name)` says its writer has ended (and
    never otherwise). `finish(path)` may first put a file to use instead and return True (moved
    to its name, or left for later); False lets it be removed.
    """
    cutoff = (time.time() if now is None else now) - STALE_TEMPORARY_SECONDS
    removed = 0
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not ours(entry.name):
                    continue
                try:
                    st = entry.stat(follow_symlinks=False)
                    if not stat.S_ISREG(st.st_mode):
                        continue
                    if not (ended(entry.name) if ended is not None else st.st_mtime < cutoff):
                        continue
                    if finish is not None and finish(Path(entry.path)):
                        continue
                    os.unlink(entry.path)
                    removed += 1
                except OSError:
                    continue
    except OSError:
        pass
    return removed


def save_matter(matter: Matter, path: Path | str) -> None:
    """Save the matter to a file, replacing the old one only once the new one is fully written.

    A read-only file is never replaced (ReadOnlyError); stale temporary files of killed saves of
    this file are cleared once it is saved.
    """
    path = Path(path)
    if is_read_only(path):
        raise ReadOnlyError(
            "is read-only, so it was not changed; save the matter under another name or make "
            "the file writable",
            str(path),
        )
    try:
        atomic_write(path, matter.dumps().encode("utf-8"))
    except OSError as exc:
        raise OpinionDeskError(f"cannot save: {exc.strerror or exc}", str(path)) from None
    matter.path = path
    clean_stale_temporaries(path)
