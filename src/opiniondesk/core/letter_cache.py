"""Letters remembered between runs: a template's output kept by its exact inputs and sources.

A window opening a matter draws its letter at once from the output remembered last time, then
renders it for real straight after the first paint (which loads jinja2, about 45 ms of start-up).
An entry is found only for the very same facts, signer and date, rendered from template files,
shared clauses and rendering code with the very same contents: change any of them and it is a new
entry, in a new folder. A folder therefore also vouches that its template compiled. It is only a
help: a cache folder deleted, unreadable or unwritable means the letter is simply rendered.
It holds the text of drafts, so it is kept to the user alone and forgets what is not used.
Template folders are untrusted: the digest of a template's sources reads only what its loader may
read (`template_files`), so a link out of its folders, a FIFO or a device is never read, and a
folder of thousands of files is simply not remembered.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__, paths
from . import template_files
from .errors import OpinionDeskError
from .limits import read_regular_file

if TYPE_CHECKING:
    from .templates import Template

KEEP_SOURCES = 8  # folders kept, one per set of template files and code: the newest
KEEP_LETTERS = 32  # letters kept per template in each: the newest
KEEP_DAYS = 30  # a letter not written again for this long is forgotten
# The modules whose code turns facts into template output; their contents are part of the key.
CODE_MODULES = (
    "templates.py",
    "engine.py",
    "sandbox.py",
    "template_files.py",
    "facts.py",
    "model.py",
    "jurisdictions.py",
)
LIBRARIES = ("jinja2", "markupsafe")  # their __init__ files name their versions
# Files and bytes digested for one template at most; a template with more is not remembered.
MAX_SOURCE_FILES = 500
MAX_SOURCE_BYTES = 8_000_000
MAX_ENTRY_BYTES = 4_000_000  # a remembered letter at most (a letter is at most 1,000,000 chars)


def _read(path: str) -> bytes:
    """Return a file's contents for a digest; a file that is no small regular file (a FIFO in a
    department folder would block for ever) counts by its kind and size instead."""
    try:
        return read_regular_file(path, MAX_SOURCE_BYTES)
    except OpinionDeskError:
        try:
            st = os.stat(path)
            return f"-{st.st_mode}:{st.st_size}:{st.st_mtime_ns}".encode()
        except OSError:
            return b"-"


def _code_digest() -> bytes:
    digest = hashlib.sha256(__version__.encode())
    here = os.path.dirname(os.path.abspath(__file__))
    for name in CODE_MODULES:
        digest.update(_read(os.path.join(here, name)))
    for name in LIBRARIES:
        spec = find_spec(name)  # where it is, without importing it
        digest.update(_read(spec.origin) if spec and spec.origin else name.encode())
    if getattr(sys, "frozen", False):  # a bundle's modules are inside it: the bundle is the code
        try:
            st = os.stat(sys.executable)
            digest.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
        except OSError:
            pass
    return digest.digest()


_code: bytes | None = None


def code_digest() -> bytes:
    """Return a digest of the rendering code and libraries (read once a run): what turns facts
    into template output, so what keys anything kept from an earlier run."""
    global _code
    if _code is None:
        _code = _code_digest()
    return _code


def _files(folder: str, allowed: tuple[str, ...]) -> list[str] | None:
    """Return the files under a folder, sorted, following links only where they stay inside the
    allowed folders (once each, not in circles); a link leading out is listed, not entered.
    None when there are more than MAX_SOURCE_FILES."""
    if not template_files.is_inside(os.path.realpath(folder), allowed):
        return [folder] if os.path.lexists(folder) else []
    found: list[str] = []
    seen: set[str] = set()
    for top, dirs, files in os.walk(folder, followlinks=True):
        seen.add(os.path.realpath(top))
        inside = []
        for name in sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__"):
            real = os.path.realpath(os.path.join(top, name))
            if real in seen:
                continue
            if template_files.is_inside(real, allowed):
                inside.append(name)
                seen.add(real)
            else:
                found.append(os.path.join(top, name))
        dirs[:] = inside
        found += [os.path.join(top, f) for f in sorted(files) if not f.startswith(".")]
        if len(found) > MAX_SOURCE_FILES:
            return None
    return found


def _source(path: str, allowed: tuple[str, ...]) -> bytes:
    """Return a source file's contents, or why the loader would refuse it (a link's target, a
    FIFO, a size): what a template could read from it, read as its loader reads."""
    try:
        return template_files.read_file(path, allowed)
    except OpinionDeskError as exc:
        return b"\0refused\0" + str(exc).encode("utf-8", "surrogatepass")


def sources_key(tmpl: Template) -> str:
    """Return a digest of everything a template's output depends on but the facts: the contents
    of its folder and of the shared clauses its loader can reach, and of the rendering code; ""
    when there are too many files or bytes to digest (the letter is then never remembered)."""
    from .templates import SHARED_DIR  # (templates imports this module)

    digest = hashlib.sha256(code_digest())
    roots = tmpl.root.search_path if tmpl.root is not None else ()
    read = 0
    for folder in [str(tmpl.folder)] + [os.path.join(root, SHARED_DIR) for root in roots]:
        files = _files(folder, tmpl.allowed)
        if files is None:
            return ""
        for path in files:
            data = _source(path, tmpl.allowed)
            read += len(data)
            if read > MAX_SOURCE_BYTES:
                return ""
            digest.update(os.path.relpath(path, folder).encode("utf-8", "surrogatepass") + b"\0")
            digest.update(data + b"\0")
    return digest.hexdigest()[:32]


def inputs_key(facts: dict[str, Any], letter_date: Any, signer: dict[str, Any], copy: str) -> str:
    """Return a digest of a letter's facts, date, signer and copy."""
    text = json.dumps([facts, letter_date, signer, copy], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class LetterCache:
    """Template output kept in a folder (the user's cache folder unless told otherwise)."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self._folder = Path(folder) if folder is not None else None

    def folder(self) -> Path | None:
        """Return the cache folder, or None when there is none to use."""
        if self._folder is not None:
            return self._folder
        try:
            return paths.user_cache_dir() / "letters"
        except OpinionDeskError:
            return None

    def _template_folder(self, tmpl: Template) -> Path | None:
        folder = self.folder()
        if folder is None or tmpl.root is None:
            return None
        if tmpl.sources_key is None:  # the files are read once, as jinja2 reads them
            tmpl.sources_key = sources_key(tmpl)
        if not tmpl.sources_key:
            return None
        return folder / tmpl.sources_key / tmpl.id

    def _entry(self, tmpl: Template, inputs: str) -> Path | None:
        folder = self._template_folder(tmpl)
        return folder / f"{inputs}.xml" if folder else None

    def vouches_for(self, tmpl: Template) -> bool:
        """Return whether this template rendered a letter from exactly these files before (so it
        compiles: a syntax error would have stopped that letter)."""
        try:
            folder = self._template_folder(tmpl)
            return folder is not None and folder.is_dir()
        except OSError:  # an unreadable cache folder vouches for nothing
            return False

    def get(self, tmpl: Template, inputs: str) -> str | None:
        """Return the output remembered for these inputs and sources, or None."""
        try:
            entry = self._entry(tmpl, inputs)
            if entry is None:
                return None
            return read_regular_file(entry, MAX_ENTRY_BYTES).decode("utf-8")
        except (OSError, UnicodeError, OpinionDeskError):  # not there, or spoiled: render anew
            return None

    def put(self, tmpl: Template, inputs: str, markup: str) -> None:
        """Remember a template's output, readable by the user alone; old entries go. Failures
        are ignored."""
        from .matter import atomic_write

        try:
            entry = self._entry(tmpl, inputs)
            data = markup.encode("utf-8")
            if entry is None or len(data) > MAX_ENTRY_BYTES:
                return
            letters = entry.parent.parent.parent
            letters.parent.mkdir(parents=True, exist_ok=True)
            for folder in (letters, entry.parent.parent, entry.parent):
                folder.mkdir(mode=0o700, exist_ok=True)
            atomic_write(entry, data, fsync=False, private=True)
            self._prune(entry.parent)
        except OSError:
            pass

    def _prune(self, current: Path) -> None:
        def newest_first(items: list[Path]) -> list[Path]:
            def mtime(p: Path) -> float:
                try:
                    return p.stat().st_mtime
                except OSError:
                    return 0.0

            return sorted(items, key=mtime, reverse=True)

        letters = newest_first([p for p in current.iterdir() if p.suffix == ".xml"])
        os.utime(current.parent)  # the sources in use are the newest
        old_letters = letters[KEEP_LETTERS:]
        sources = newest_first([p for p in current.parent.parent.iterdir() if p.is_dir()])
        for folder in sources[KEEP_SOURCES:]:
            shutil.rmtree(folder, ignore_errors=True)
        cutoff = time.time() - KEEP_DAYS * 86400
        for folder in sources[:KEEP_SOURCES]:
            for template in folder.iterdir():
                if template.is_dir():
                    old_letters += [p for p in template.iterdir() if p.stat().st_mtime < cutoff]
        for old in old_letters:
            old.unlink(missing_ok=True)


_default = LetterCache()


def default_cache() -> LetterCache:
    """Return the cache in the user's cache folder."""
    return _default
