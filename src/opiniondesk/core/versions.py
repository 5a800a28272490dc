"""Versions kept inside a matter file: named, dated snapshots of what the letter says (template,
facts, date, signer and the matter's own wording), listed, opened read-only, restored and compared.

"Sent to underwriters' counsel", "as filed": each is a snapshot in the matter's `versions` list.
A version that cannot be read is named in a message and kept as it is; the matter still opens.
"""

from __future__ import annotations

import copy as copy_module
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import OpinionDeskError, Problem

if TYPE_CHECKING:
    from .matter import Matter
    from .templates import TemplateLibrary

MAX_VERSIONS = 200  # versions in one matter
MAX_NAME = 100  # characters in a version's name
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")

# User-facing messages, with named fields.
MSG_TAKEN = "a version named \u201c{name}\u201d already exists; choose another name"
MSG_NO_NAME = "a version needs a name"
MSG_LONG_NAME = "a version's name may be at most {limit} characters"
MSG_CONTROL = "a version's name cannot hold a control character"
MSG_TOO_MANY = "a matter keeps at most {limit} versions; remove one first"
MSG_UNKNOWN = "has no version named \u201c{name}\u201d (versions: {known})"
MSG_NONE = "none"
MSG_OTHER_TEMPLATE = (
    "version \u201c{name}\u201d is on template {version_template}, not this matter's {template}"
)


class VersionError(ValueError):
    """Why one version of a matter file cannot be read."""


@dataclass(frozen=True)
class Version:
    """One named snapshot of a matter: when it was saved, and what its letter said then."""

    name: str
    saved: str
    template_id: str
    template_version: str = ""
    letter_date: str | None = None
    signer: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    edits: list[Any] = field(default_factory=list)
    note: str = ""
    index: int = 0

    @property
    def saved_text(self) -> str:
        """Return when the version was saved, in local time as counsel read it."""
        try:
            return dt.datetime.fromisoformat(self.saved).astimezone().strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return self.saved


def version_from_json(data: Any, index: int = 0) -> Version:
    """Read one version as a matter file keeps it; raise VersionError saying what is wrong."""
    if not isinstance(data, dict):
        raise VersionError("a version must be an object {name, saved, template, facts, ...}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise VersionError("has no name")
    saved = data.get("saved")
    if not isinstance(saved, str):
        raise VersionError("has no date it was saved")
    try:
        dt.datetime.fromisoformat(saved)
    except ValueError:
        raise VersionError(f"saved {saved!r} is not a date and time") from None
    tmpl = data.get("template")
    if not isinstance(tmpl, dict) or not isinstance(tmpl.get("id"), str) or not tmpl["id"]:
        raise VersionError('must name its template: {"id": ..., "version": ...}')
    facts = data.get("facts", {})
    if not isinstance(facts, dict):
        raise VersionError("facts must be an object of fact values")
    signer = data.get("signer", {})
    if not isinstance(signer, dict) or any(
        v is not None and not isinstance(v, str) for v in signer.values()
    ):
        raise VersionError("signer must be an object of text values")
    letter_date = data.get("letter_date")
    if letter_date is not None and not isinstance(letter_date, str):
        raise VersionError("letter_date must be a date written YYYY-MM-DD")
    edits = data.get("edits", [])
    if not isinstance(edits, list):
        raise VersionError("edits must be a list")
    note = data.get("note", "")
    return Version(
        name=name,
        saved=saved,
        template_id=tmpl["id"],
        template_version=str(tmpl.get("version") or ""),
        letter_date=letter_date,
        signer=signer,
        facts=facts,
        edits=edits,
        note=note if isinstance(note, str) else "",
        index=index,
    )


def describe(data: Any, n: int) -> str:
    """Return how a version is named in a message: "version 2 (sent to UW counsel)"."""
    name = data.get("name") if isinstance(data, dict) else None
    return f"version {n + 1} ({name})" if isinstance(name, str) and name else f"version {n + 1}"


def read_versions(matter: Matter) -> tuple[list[Version], list[Problem]]:
    """Return the matter's versions that can be read, and a problem for each that cannot."""
    versions: list[Version] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for n, data in enumerate(matter.versions):
        try:
            version = version_from_json(data, n)
            if version.name.strip().casefold() in seen:
                raise VersionError("has the name of an earlier version")
        except VersionError as exc:
            problems.append(Problem(describe(data, n), str(exc)))
            continue
        seen.add(version.name.strip().casefold())
        versions.append(version)
    if len(matter.versions) > MAX_VERSIONS:
        problems.append(Problem("versions", MSG_TOO_MANY.format(limit=MAX_VERSIONS)))
    return versions, problems


def version_problems(matter: Matter, where: str = "") -> list[Problem]:
    """Return a problem for each version of the matter that cannot be read, named by the matter."""
    _, problems = read_versions(matter)
    return [Problem(f"{where}: {p.where}" if where else p.where, p.message) for p in problems]


def check_name(matter: Matter, name: str) -> str:
    """Return a new version's name, trimmed; raise naming the problem (empty, taken, too long)."""
    name = name.strip()
    if not name:
        raise OpinionDeskError(MSG_NO_NAME)
    if len(name) > MAX_NAME:
        raise OpinionDeskError(MSG_LONG_NAME.format(limit=MAX_NAME))
    if _CONTROL_RE.search(name):
        raise OpinionDeskError(MSG_CONTROL)
    taken = {
        v.get("name", "").strip().casefold()
        for v in matter.versions
        if isinstance(v, dict) and isinstance(v.get("name"), str)
    }
    if name.casefold() in taken:
        raise OpinionDeskError(MSG_TAKEN.format(name=name))
    if len(matter.versions) >= MAX_VERSIONS:
        raise OpinionDeskError(MSG_TOO_MANY.format(limit=MAX_VERSIONS))
    return name


def snapshot(matter: Matter, name: str, note: str = "", now: dt.datetime | None = None) -> dict:
    """Return a version of the matter as it stands, as the matter file keeps it."""
    saved = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    data: dict[str, Any] = {
        "name": name,
        "saved": saved,
        "template": {"id": matter.template_id, "version": matter.template_version},
        "letter_date": matter.letter_date,
        "signer": copy_module.deepcopy(matter.signer),
        "facts": copy_module.deepcopy(matter.facts),
    }
    if matter.edits:
        data["edits"] = copy_module.deepcopy(matter.edits)
    if note:
        data["note"] = note
    return data


def save_version(
    matter: Matter, name: str, note: str = "", now: dt.datetime | None = None
) -> Version:
    """Keep the matter as it stands as a named version (a name already taken is refused)."""
    name = check_name(matter, name)
    data = snapshot(matter, name, note, now)
    matter.versions.append(data)
    return version_from_json(data, len(matter.versions) - 1)


def find_version(matter: Matter, name: str) -> Version:
    """Return the matter's version of that name; raise naming the matter and the versions it has."""
    versions, problems = read_versions(matter)
    for version in versions:
        if version.name == name or version.name.strip().casefold() == name.strip().casefold():
            return version
    for problem in problems:
        if f"({name})" in problem.where:
            raise OpinionDeskError(problem.message, _where(matter, problem.where))
    known = ", ".join(f"\u201c{v.name}\u201d" for v in versions) or MSG_NONE
    raise OpinionDeskError(MSG_UNKNOWN.format(name=name, known=known), _where(matter, ""))


def _where(matter: Matter, what: str) -> str:
    name = str(matter.path) if matter.path else "the matter"
    return f"{name}: {what}" if what else name


def matter_at(matter: Matter, version: Version, library: TemplateLibrary | None = None) -> Matter:
    """Return the matter as the version kept it: a copy to read, with no file and no versions.

    A version saved under an older version of its template has its facts brought to the current
    one by the template's `[[migrate]]` rules, as opening an old matter does (`migrate.upgrade`;
    `migrate.notice` on the copy says what changed); a rule that is not sound raises. A version
    that recorded no template version is taken to be of the matter's own.
    """
    from .matter import Matter
    from .migrate import upgrade

    kept = Matter(
        template_id=version.template_id,
        template_version=version.template_version or matter.template_version,
        facts=copy_module.deepcopy(version.facts),
        letter_date=version.letter_date,
        signer=copy_module.deepcopy(version.signer),
        edits=copy_module.deepcopy(version.edits),
        extra={"version_of": str(matter.path) if matter.path else None, "version": version.name},
    )
    upgrade(kept, library)
    return kept


def other_template(matter: Matter, version: Version) -> str:
    """Return why a version kept on another template cannot be shown or restored as the matter's
    (its template was changed since), or "" when it is on the matter's own."""
    if version.template_id == matter.template_id:
        return ""
    return MSG_OTHER_TEMPLATE.format(
        name=version.name, version_template=version.template_id, template=matter.template_id
    )


def restore(matter: Matter, version: Version, library: TemplateLibrary | None = None) -> Matter:
    """Put the version's facts, date, signer and wording back into the matter (its versions,
    overrides and file stay): what `versions restore` and the window's Restore both do.

    The facts are brought to the current template version as `matter_at` brings them, and the
    matter takes the template version the version recorded (a version that recorded none leaves
    the matter's own). Returns the version's matter as `matter_at` made it (`migrate.notice` on
    it says what was converted); a version on another template is refused, naming it.
    """
    why = other_template(matter, version)
    if why:
        raise OpinionDeskError(why, _where(matter, ""))
    kept = matter_at(matter, version, library)
    matter.template_version = kept.template_version
    matter.facts = kept.facts
    matter.letter_date = kept.letter_date
    matter.signer = kept.signer
    matter.edits = kept.edits
    return kept


def split_spec(spec: str) -> tuple[str, str | None]:
    """Split "MATTER@VERSION" into the matter file and the version's name (None without one).

    A file whose own name holds "@" is taken whole when it exists.
    """
    if Path(spec).is_file() or "@" not in spec:
        return spec, None
    for n, char in enumerate(spec):
        if char == "@" and Path(spec[:n]).is_file():
            return spec[:n], spec[n + 1 :]
    path, _, name = spec.partition("@")
    return path, name
