"""Writing an imported template into a department folder: proven first, then moved in whole.

The template is written into a hidden staging folder beside its destination, rendered there and
compared with the precedent (the round trip), and only then renamed into place; the matter file
follows. An existing template folder is never overwritten: a free id is chosen and named. If
anything fails, nothing is left behind.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import matter as matter_module
from .. import template_files
from ..errors import OpinionDeskError
from ..limits import describe_size
from ..model import Letter
from ..templates import LETTER_FILE, SCHEMA_FILE, TemplateLibrary
from .maker import TemplateDraft, make_template
from .proposals import Proposal
from .roundtrip import RoundTrip, prove

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
STAGING_PREFIX = ".opiniondesk-import-"


@dataclass
class Saved:
    """What an import wrote: the template's id and folder, the matter, and the round trip."""

    template_id: str
    folder: Path
    matter_path: Path | None
    round_trip: RoundTrip
    asked_id: str = ""
    draft: TemplateDraft | None = field(default=None, repr=False)

    @property
    def renamed(self) -> bool:
        """Return whether the id asked for was taken, so another was chosen."""
        return bool(self.asked_id) and self.asked_id != self.template_id


def slug(text: str) -> str:
    """Return a template id made of a text's words ("CMSI S-3" -> "cmsi-s-3")."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out[:48].rstrip("-") or "precedent"


def suggested_id(proposals: list[Proposal], source: str) -> str:
    """Return an id for a precedent's template: its registrant and form, or its file's name."""
    values = {p.id: str(p.value) for p in proposals if p.accepted}
    short = values.get("registrant_short_name", "")
    who = short if short and short not in ("Company", "Corporation", "Issuer") else ""
    who = who or " ".join(values.get("registrant_name", "").split()[:2])
    if who:
        return slug(f"{who} {values.get('form', 'precedent')}")
    return slug(Path(source).stem if source else "precedent")


def check_id(template_id: str) -> str:
    """Return the id, lower-cased, or raise if a template folder may not be named so."""
    tid = template_id.strip().lower()
    if not ID_RE.match(tid):
        raise OpinionDeskError(
            f"template id {template_id!r} must be lower-case letters, digits, '-' or '_'"
        )
    return tid


def taken_ids(dest: Path, library: TemplateLibrary) -> set[str]:
    """Return the ids of every template folder the library or the destination already holds."""
    taken: set[str] = set()
    for folder in [library.builtin, *library.folders, dest]:
        try:
            taken |= {p.name.lower() for p in Path(folder).iterdir()}
        except OSError:
            continue
    return taken


def free_id(template_id: str, taken: set[str]) -> str:
    """Return the id, or the first of id-2, id-3, ... that no template has."""
    candidate, n = template_id, 2
    while candidate in taken:
        candidate, n = f"{template_id}-{n}", n + 1
    return candidate


def _check_size(draft: TemplateDraft, source: str) -> None:
    """Raise naming the precedent if a file of its template is larger than a template file may
    be (the library would refuse to read it)."""
    limit = template_files.MAX_FILE_BYTES
    for text in (draft.letter, draft.schema):
        size = len(text.encode("utf-8"))
        if size > limit:
            raise OpinionDeskError(
                f"the template made from it would be {describe_size(size, limit)}, larger than "
                f"a template file may be ({describe_size(limit, size)}); import the opinion "
                "letter alone, or a shorter precedent",
                source or "the precedent",
            )


def _write_files(folder: Path, draft: TemplateDraft) -> None:
    folder.mkdir()
    (folder / SCHEMA_FILE).write_text(draft.schema, encoding="utf-8")
    (folder / LETTER_FILE).write_text(draft.letter, encoding="utf-8")


def save_template(
    letter: Letter,
    proposals: list[Proposal],
    dest: Path | str,
    *,
    template_id: str,
    name: str,
    source: str = "",
    matter_path: Path | str | None = None,
    library: TemplateLibrary | None = None,
) -> Saved:
    """Make, prove and write a template (and its matter) from a precedent's letter and facts.

    `template_id` is the id asked for; if a template already has it, a free one is chosen and
    `Saved.renamed` says so. The matter file must not exist yet. Raises OpinionDeskError, having
    written nothing, if the template or the matter cannot be written.
    """
    dest = Path(dest)
    asked = check_id(template_id)
    library = library or TemplateLibrary([dest])
    matter_path = Path(matter_path) if matter_path is not None else None
    if matter_path is not None:
        if matter_path.exists():
            raise OpinionDeskError("already exists; choose another name", str(matter_path))
        if not matter_path.parent.is_dir():
            raise OpinionDeskError("its folder does not exist", str(matter_path))
    try:
        dest.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=dest))
    except OSError as exc:
        raise OpinionDeskError(
            f"cannot write to the template folder: {exc.strerror or exc}", str(dest)
        ) from None
    final: Path | None = None
    try:
        tid = free_id(asked, taken_ids(dest, library))
        draft = make_template(letter, proposals, tid, name, source)
        _check_size(draft, source)
        _write_files(staging / tid, draft)
        trial = TemplateLibrary([staging], builtin=library.builtin).get(tid)
        result = prove(trial, draft.matter, letter)
        if not result.ok:
            reason = result.error or "; ".join(str(d) for d in result.differences[:2])
            draft = make_template(letter, proposals, tid, name, source, check_before_use=reason)
            _check_size(draft, source)
            (staging / tid / SCHEMA_FILE).write_text(draft.schema, encoding="utf-8")
        final = dest / tid
        if final.exists():  # taken while we worked: never replace it
            staged, tid = tid, free_id(tid, taken_ids(dest, library))
            final = dest / tid
            os.rename(staging / staged, staging / tid)  # the id is the folder's name only
            draft.template_id = draft.matter.template_id = tid
        os.rename(staging / tid, final)
        if matter_path is not None:
            matter_module.save_matter(draft.matter, matter_path)
    except OSError as exc:
        if final is not None and final.exists() and not (staging / final.name).exists():
            shutil.rmtree(final, ignore_errors=True)
        raise OpinionDeskError(
            f"cannot write the template: {exc.strerror or exc}", str(dest)
        ) from None
    except BaseException:
        if final is not None and final.exists() and not (staging / final.name).exists():
            shutil.rmtree(final, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    from ..templates import reset_default_library

    reset_default_library()
    return Saved(tid, final, matter_path, result, asked, draft)
