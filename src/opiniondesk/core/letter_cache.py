"""Letters remembered between runs: a template's output kept by its exact inputs and sources.

A window opening a matter draws its letter at once from the output remembered last time, then
renders it for real straight after the first paint (which loads jinja2, about 45 ms of start-up).
An entry is found only for the very same facts, signer and date, rendered by the very same
template files, clauses, OpinionDesk, jinja2 and markupsafe: change any of them and it is a new
entry, in a new folder. A folder therefore also vouches that its template compiled. It is only a
help: a cache folder deleted, unreadable or unwritable means the letter is simply rendered.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__, paths
from .errors import OpinionDeskError

if TYPE_CHECKING:
    from .templates import Template

KEEP_SOURCES = 8  # folders kept, one per set of template files and code: the newest
KEEP_LETTERS = 32  # letters kept per template in each: the newest
# The modules whose code turns facts into template output; their files are part of the key.
CODE_MODULES = ("templates.py", "engine.py", "facts.py", "model.py")
LIBRARIES = ("jinja2", "markupsafe")


def _stat_key(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:-"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def _code_key() -> list[str]:
    here = os.path.dirname(os.path.abspath(__file__))
    parts = [__version__] + [_stat_key(os.path.join(here, name)) for name in CODE_MODULES]
    for name in LIBRARIES:
        spec = find_spec(name)  # where it is, without importing it
        parts.append(_stat_key(spec.origin) if spec and spec.origin else f"{name}:-")
    return parts


def sources_key(search_path: tuple[str, ...]) -> str:
    """Return a digest of everything template output depends on but the facts: every file a
    jinja2 loader on this search path can reach (the templates, the shared clauses), and the code
    that renders them."""
    parts = _code_key()
    for folder in search_path:
        for top, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            parts += [_stat_key(os.path.join(top, name)) for name in sorted(files)]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


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
        if tmpl.root.sources_key is None:  # the files are read once, as jinja2 reads them
            tmpl.root.sources_key = sources_key(tmpl.root.search_path)
        return folder / tmpl.root.sources_key / tmpl.id

    def _entry(self, tmpl: Template, inputs: str) -> Path | None:
        folder = self._template_folder(tmpl)
        return folder / f"{inputs}.xml" if folder else None

    def vouches_for(self, tmpl: Template) -> bool:
        """Return whether this template rendered a letter from exactly these files before (so it
        compiles: a syntax error would have stopped that letter)."""
        folder = self._template_folder(tmpl)
        return folder is not None and folder.is_dir()

    def get(self, tmpl: Template, inputs: str) -> str | None:
        """Return the output remembered for these inputs and sources, or None."""
        entry = self._entry(tmpl, inputs)
        if entry is None:
            return None
        try:
            return entry.read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            return None

    def put(self, tmpl: Template, inputs: str, markup: str) -> None:
        """Remember a template's output; the oldest entries go. Failures are ignored."""
        from .matter import atomic_write

        entry = self._entry(tmpl, inputs)
        if entry is None:
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(entry, markup.encode("utf-8"), fsync=False, private=True)
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

        letters = [p for p in current.iterdir() if p.suffix == ".xml"]
        for old in newest_first(letters)[KEEP_LETTERS:]:
            old.unlink(missing_ok=True)
        sources = current.parent
        os.utime(sources)  # the sources in use are the newest
        for old in newest_first([p for p in sources.parent.iterdir() if p.is_dir()])[KEEP_SOURCES:]:
            shutil.rmtree(old, ignore_errors=True)


_default = LetterCache()


def default_cache() -> LetterCache:
    """Return the cache in the user's cache folder."""
    return _default
