"""The sandboxed jinja2 engine: environments, compiled-template cache, errors named by file and line.

Loaded with the first template compiled, not at start-up: a library lists templates and reads their
schemas, and a window draws a letter remembered from an earlier run, without jinja2.

Each template has an environment of its own: its loader reads only the template's own folder and the
shared clauses (`template_files`), and every render is bounded (`sandbox`).
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.bccache
from jinja2.loaders import split_template_path
from jinja2.sandbox import SecurityError

from .. import paths
from . import template_files
from .errors import OpinionDeskError
from .letter_cache import code_digest
from .sandbox import LIMITS, BoundedEnvironment, Limits, bounded, bounded_environment
from .templates import FILTERS, LETTER_FILE, _finalize

if TYPE_CHECKING:
    from .templates import Template

__all__ = ["LIMITS", "Limits", "compile_letter", "make_env", "render_markup"]


class _FolderLoader(jinja2.BaseLoader):
    """Loads a template's files from the search path, each only when it is a regular file of
    bounded size that really lies inside the template's own folders (`template_files`)."""

    def __init__(self, search_path: Iterable[str], allowed: tuple[str, ...]) -> None:
        self.search_path = [os.fspath(p) for p in search_path]
        self.allowed = allowed

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses ".." and absolute names
        for base in self.search_path:
            path = os.path.join(base, *pieces)
            if os.path.lexists(path):
                text = template_files.read_text(path, self.allowed)
                return text, os.path.normpath(path), lambda: True
        raise jinja2.TemplateNotFound(template)


class _BestEffortBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in the user's cache folder, so start-up need not compile them
    again (jinja2 checks each entry against its template's source). Only a help: a cache folder
    deleted or unwritable never stops a letter from rendering."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - an unreadable entry is compiled afresh
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    try:
        folder = paths.user_cache_dir() / "templates"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, OpinionDeskError):  # no cache folder: templates are simply compiled
        return None
    # Bytecode made by other code (an older sandbox's code generator, without its checks, say)
    # is never loaded: the files are named by the rendering code's digest.
    code = code_digest().hex()[:16]
    return _BestEffortBytecodeCache(str(folder), pattern=f"__jinja2_{code}_%s.cache")


def make_env(search_path: tuple[str, ...], allowed: tuple[str, ...]) -> BoundedEnvironment:
    """Return the sandboxed, autoescaping, StrictUndefined and bounded environment of a template
    whose files may come only from the `allowed` folders."""
    return bounded_environment(
        _finalize,
        FILTERS,
        loader=_FolderLoader(search_path, allowed),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )


def compile_letter(tmpl: Template) -> jinja2.Template:
    """Return the template's compiled letter; every failure names the file (and line)."""
    assert tmpl.root is not None
    letter = str(tmpl.folder / LETTER_FILE)
    try:
        return tmpl.root.env(tmpl).get_template(f"{tmpl.id}/{LETTER_FILE}")
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or letter}, line {exc.lineno}"
        raise OpinionDeskError(f"template syntax error: {exc.message}", where) from None
    except jinja2.TemplateNotFound as exc:
        raise OpinionDeskError(f"template file not found: {exc.name}", str(tmpl.folder)) from None
    except OpinionDeskError:
        raise
    except RecursionError:
        raise OpinionDeskError("the template is nested too deeply to compile", letter) from None
    except Exception as exc:  # noqa: BLE001 - a template's failure is its own, named
        raise OpinionDeskError(
            f"the template cannot be compiled: {type(exc).__name__}: {exc}", letter
        ) from None


def _where(exc: BaseException, tmpl: Template) -> str:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and frame.filename.endswith(".j2"):
            return f"{frame.filename}, line {frame.lineno}"
    return str(tmpl.folder / LETTER_FILE)


def _stream_where(stream: Any) -> str | None:
    """Return the template file and line a suspended render stream stands at."""
    where = None
    gen = stream
    while gen is not None:
        frame = getattr(gen, "gi_frame", None)
        template = frame.f_globals.get("__jinja_template__") if frame is not None else None
        if template is not None and template.filename:
            line = template.get_corresponding_lineno(frame.f_lineno)
            where = f"{template.filename}, line {line}"
        gen = getattr(gen, "gi_yieldfrom", None)
    return where


def render_markup(tmpl: Template, ctx: dict[str, Any], limits: Limits | None = None) -> str:
    """Fill the template with a context and return its letter markup, within the limits
    (`LIMITS` unless given); every failure becomes an OpinionDeskError naming the template file
    and line, never a traceback."""
    limits = limits or LIMITS
    template = tmpl.jinja  # a syntax error says where itself
    stream = template.generate(ctx)
    parts: list[str] = []
    size = 0
    overflow: str | None = None
    try:
        with bounded(limits):
            for chunk in stream:  # the letter's size is counted as it is made, and stopped
                size += len(chunk)
                if size > limits.letter_chars:
                    overflow = _stream_where(stream) or str(tmpl.folder / LETTER_FILE)
                    break
                parts.append(chunk)
    except OpinionDeskError as exc:
        raise exc.located(_where(exc, tmpl)) from None
    except SecurityError as exc:
        raise OpinionDeskError(
            f"the template tried something unsafe: {exc}", _where(exc, tmpl)
        ) from None
    except jinja2.TemplateNotFound as exc:  # an include or import of a file that is not there
        raise OpinionDeskError(f"template file not found: {exc.name}", _where(exc, tmpl)) from None
    except jinja2.TemplateError as exc:
        raise OpinionDeskError(f"template error: {exc}", _where(exc, tmpl)) from None
    except RecursionError as exc:
        raise OpinionDeskError("the template calls itself too deeply", _where(exc, tmpl)) from None
    except Exception as exc:  # noqa: BLE001 - a template bug must never show a traceback
        raise OpinionDeskError(
            f"template failed: {type(exc).__name__}: {exc}", _where(exc, tmpl)
        ) from None
    finally:
        stream.close()
    if overflow is not None:
        raise OpinionDeskError(
            f"the letter is longer than {limits.letter_chars:,} characters, "
            "longer than any letter may be",
            overflow,
        )
    return "".join(parts)
