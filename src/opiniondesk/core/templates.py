"""The template library, the values templates see, and the letter model filled from their output."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from .. import paths
from . import jurisdictions, template_files
from .errors import MissingFactsError, OpinionDeskError, Problem
from .facts import (
    ITEM_LABEL,
    FactSchema,
    FactSpec,
    coerce,
    format_date,
    format_money,
    format_number,
    is_blank,
    number_words,
    schema_from_toml,
)
from .letter_cache import inputs_key
from .model import (
    BLOCK_KINDS,
    COPIES,
    Block,
    Inline,
    Letter,
    LineBreak,
    PageNumber,
    Placeholder,
    Signature,
    Text,
)

if TYPE_CHECKING:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from .letter_cache import LetterCache
    from .matter import Matter
    from .sandbox import Limits

LETTER_FILE = "letter.xml.j2"
SCHEMA_FILE = "template.toml"
SHARED_DIR = template_files.SHARED_DIR
SHARED_FACTS_FILE = "facts.toml"
_WS_RE = re.compile(r"\s+")
_MARK_TAGS = {"em": "em", "i": "em", "strong": "strong", "b": "strong", "u": "u"}
QUOTES = ("\u201c", "\u201d")

SIGNER_FIELDS = {
    "name": "Signer's name",
    "title": "Signer's title",
    "employer": "Signer's employer or firm",
    "conformed": "Conformed signature",
}


# ---- values as templates see them ----------------------------------------------------------------


def _tag(fact_id: str, text: str | Markup) -> Markup:
    # Fact ids are [a-z0-9_.] (schema-checked), so only the text needs escaping.
    return Markup(f'<f k="{fact_id}">{escape(text)}</f>')


class FactStr(str):
    """A text fact's value that remembers which fact it came from, so the letter can point back."""

    fact_id: str

    def __new__(cls, value: str, fact_id: str) -> FactStr:
        obj = super().__new__(cls, value)
        obj.fact_id = fact_id
        return obj

    def __html__(self) -> Markup:
        return Markup(f'<f k="{self.fact_id}">{escape(str.__str__(self))}</f>')


class FactDate(dt.date):
    """A date fact's value, tagged with its fact id."""

    fact_id: str

    def __new__(cls, value: dt.date, fact_id: str) -> FactDate:
        obj = super().__new__(cls, value.year, value.month, value.day)
        obj.fact_id = fact_id
        return obj


class FactDecimal(Decimal):
    """A money fact's value, tagged with its fact id."""

    fact_id: str

    def __new__(cls, value: Decimal, fact_id: str) -> FactDecimal:
        obj = super().__new__(cls, value)
        obj.fact_id = fact_id
        return obj


class FactInt(int):
    """A whole-number fact's value, tagged with its fact id."""

    fact_id: str

    def __new__(cls, value: int, fact_id: str) -> FactInt:
        obj = super().__new__(cls, value)
        obj.fact_id = fact_id
        return obj


class FactPlaceholder:
    """A missing fact as templates see it: drawn as a placeholder; false when the fact is optional."""

    def __init__(self, fact_id: str, label: str, required: bool = True) -> None:
        self.fact_id = fact_id
        self.label = label
        self.required = required

    def __html__(self) -> Markup:
        return Markup(f'<ph k="{self.fact_id}">{escape(self.label)}</ph>')

    def __str__(self) -> str:
        return f"[{self.label}]"

    def __bool__(self) -> bool:
        return self.required

    def __iter__(self) -> Iterator[FactPlaceholder]:
        return iter([self] if self.required else [])

    def __len__(self) -> int:
        return 1 if self.required else 0

    def __getattr__(self, name: str) -> FactPlaceholder:
        if name.startswith("_"):
            raise AttributeError(name)
        return FactPlaceholder(f"{self.fact_id}.{name}", f"{self.label}: {name.replace('_', ' ')}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FactPlaceholder) and other.fact_id == self.fact_id

    def __hash__(self) -> int:
        return hash(self.fact_id)


class EmptyListPlaceholder(FactPlaceholder):
    """A required list left empty: one item whose every field is the list's own placeholder, so
    the draft shows "[Plans]" where the plans go and the placeholder leads to the list."""

    def __getattr__(self, name: str) -> FactPlaceholder:
        if name.startswith("_"):
            raise AttributeError(name)
        return self

    def __getitem__(self, index: object) -> FactPlaceholder:
        return self


def _template_value(spec: FactSpec, value: Any, fact_id: str) -> Any:
    if value is None:
        # A required list left empty is a missing fact like any other: one placeholder item, so
        # the draft shows "[Plans]" where the plans go and a final copy refuses (issue 13.4).
        if spec.type == "list" and spec.required:
            return EmptyListPlaceholder(fact_id, spec.label, True)
        if spec.type in ("list", "yesno"):
            return spec.empty_value()
        return FactPlaceholder(fact_id, spec.label, spec.required)
    if spec.type in ("text", "multiline", "choice"):
        return FactStr(value, fact_id)
    if spec.type == "date":
        return FactDate(value, fact_id)
    if spec.type == "money":
        return FactDecimal(value, fact_id)
    if spec.type == "number":
        return FactInt(value, fact_id)
    if spec.type == "list":
        return [
            {
                sub.id: _template_value(sub, item.get(sub.id), f"{fact_id}.{i}.{sub.id}")
                for sub in spec.fields
            }
            for i, item in enumerate(value)
        ]
    return value


# ---- filters --------------------------------------------------------------------------------------


def _fmt(value: Any, text: str) -> Markup | str:
    """Return a filter's words for a value, tagged with the fact the value comes from (if any)."""
    fid = getattr(value, "fact_id", None)
    return _tag(fid, escape(text)) if fid else text


def _filter_date(value: Any, style: str = "long") -> Any:
    if isinstance(value, FactPlaceholder):
        return value
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return _fmt(value, format_date(value, style))


def _filter_money(value: Any, style: str = "full", currency: str = "$") -> Any:
    if isinstance(value, FactPlaceholder):
        return value
    return _fmt(value, format_money(Decimal(value), style, currency))


def _filter_number(value: Any) -> Any:
    if isinstance(value, FactPlaceholder):
        return value
    return _fmt(value, format_number(value))


def _filter_words(value: Any) -> Any:
    if isinstance(value, FactPlaceholder):
        return value
    return _fmt(value, number_words(value))


def _filter_lines(value: Any) -> Any:
    """Split a multi-line fact into lines joined by line breaks."""
    if isinstance(value, FactPlaceholder):
        return value
    fid = getattr(value, "fact_id", None)
    parts = [escape(line) for line in str(value).split("\n")]
    joined = Markup("<br/>").join(parts)
    return _tag(fid, joined) if fid else joined


def _filter_items(value: Any) -> list[Any]:
    """Split a multi-line fact into its non-empty lines, each still tagged with the fact."""
    if isinstance(value, FactPlaceholder):
        return list(value)
    fid = getattr(value, "fact_id", None)
    lines = [line.strip() for line in str(value).split("\n")]
    return [FactStr(line, fid) if fid else line for line in lines if line]


def _filter_join_and(
    values: Iterable[Any], conj: str = "and", serial: bool = True, sep: str = ", "
) -> Markup:
    """Join items as "A", "A and B", or "A, B, and C" (serial comma; `serial=False`: "A, B and C").

    `sep` separates the items ("; " for long clauses: "A; B; and C").
    """
    items = [escape(_finalize(v)) for v in values]
    if len(items) <= 2:
        return Markup(f" {conj} ").join(items)
    last = f"{sep.rstrip()} {conj} " if serial else f" {conj} "
    return Markup(escape(sep)).join(items[:-1]) + Markup(escape(last)) + items[-1]


def _filter_state(value: Any) -> Any:
    """Name a state as its laws do, for "the laws of the ___": "State of Delaware", "Commonwealth
    of Pennsylvania", "District of Columbia" (built-in templates use `jurisdiction` instead)."""
    if isinstance(value, FactPlaceholder):
        return value
    found = jurisdictions.find(value)
    if found is not None:
        return _fmt(value, found.formal.removeprefix("the "))
    return Markup("State of ") + escape(value)


def _filter_alpha(number: int) -> str:
    """Return the list label of item `number` (1-based): a, b, ... z, aa, bb, ... as lawyers letter."""
    n = int(number) - 1
    return chr(ord("a") + n % 26) * (n // 26 + 1)


def _filter_roman(number: int) -> str:
    """Return `number` (1-based) as a lower-case roman numeral: i, ii, iii, iv, ..."""
    n, out = int(number), ""
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        count, n = divmod(n, value)
        out += digits * count
    return out


# Words whose first letter misleads: a vowel said as "you" or "wun", a silent "h" ("an honest",
# but "a Hong Kong company"), letters said by name ("an LLC", "an S-3", "an 8-K").
_A_BEFORE = (
    "uni", "uti", "use", "usu", "ura", "ure", "uro", "utah", "u.s", "eu", "one", "once", "ewe",
)  # fmt: skip
_AN_BEFORE = (
    "honest", "honor", "honour", "hour", "heir", "fbi", "llc", "lp", "llp", "sec ", "rsu",
    "s-", "sf-", "f-", "8", "11 ", "11,", "18 ", "18,", "mtn", "nyse", "adr", "ads",
)  # fmt: skip


def _filter_article(value: Any) -> str:
    """Return "a" or "an" for the word that follows, by its sound as well as its first letter."""
    word = str(value).lstrip("[").lower()
    if word.startswith(_A_BEFORE):
        return "a"
    if word.startswith(_AN_BEFORE):
        return "an"
    return "an" if word[:1] in ("a", "e", "i", "o", "u") else "a"


def _filter_jurisdiction(value: Any) -> Any:
    """Name a jurisdiction as "the laws of ___" reads: "the State of Delaware", "Bermuda"."""
    if isinstance(value, FactPlaceholder):
        return value
    return _fmt(value, jurisdictions.formal(value))


def _filter_counsel_adjective(value: Any) -> Any:
    """Name counsel of a jurisdiction, as "acted as ___ counsel" reads: "Singapore", "Irish",
    "English", "Cayman Islands", "Maryland"."""
    if isinstance(value, FactPlaceholder):
        return value
    return _fmt(value, jurisdictions.counsel_adjective(value))


def _filter_described(value: Any, entity: Any = "corporation") -> Any:
    """Describe an entity by its jurisdiction and kind: "a Delaware corporation", "a Cayman Islands
    exempted company with limited liability", "a company incorporated under the laws of the
    Republic of Singapore"."""
    label = jurisdictions.entity_label(entity)
    if isinstance(value, FactPlaceholder):
        return Markup("{0} {1} {2}").format(_filter_article(label), value, label)
    return _fmt(value, jurisdictions.described(value, entity))


def _filter_charter(value: Any, entity: Any = "corporation") -> str:
    """Return the charter's name there: "certificate of incorporation", "charter", "bye-laws"..."""
    return jurisdictions.charter(value, entity)


def _filter_bylaws(value: Any, entity: Any = "corporation") -> str:
    """Return the by-laws' name there ("by-laws", "bye-laws", "operating agreement"), or ""."""
    return jurisdictions.bylaws(value, entity)


def _filter_entity_law(value: Any, entity: Any = "corporation") -> Any:
    """Return the law an entity stands under: "the General Corporation Law of the State of
    Delaware", "the Delaware Limited Liability Company Act", "the laws of Bermuda"."""
    if isinstance(value, FactPlaceholder):
        return Markup("the laws of ") + value.__html__()
    return _fmt(value, jurisdictions.entity_law(value, entity))


def _filter_designation(value: Any, entity: Any = "corporation") -> dict[str, str] | None:
    """Return how a series of preferred stock is fixed there: {document, office, filed}, or None
    where no filing is made (a company outside the United States fixes it by resolution)."""
    d = jurisdictions.designation(value, entity)
    return None if d is None else {"document": d.document, "office": d.office, "filed": d.filed}


def _filter_entity(value: Any) -> str:
    """Return a kind of entity as letters name it: "limited liability company"."""
    return jurisdictions.entity_label(value)


def _filter_period(value: Any) -> Any:
    """End a value with one period: "Citigroup Inc." stays, "Citigroup" becomes "Citigroup."."""
    if str(value).endswith("."):
        return value
    return Markup("{0}.").format(value)


def _finalize(value: Any) -> Any:
    if isinstance(value, str):  # the common case: template text, text facts, Markup
        return value
    if isinstance(value, dt.date):
        return _filter_date(value)
    if isinstance(value, Decimal):
        return _filter_money(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return _filter_number(value)
    if value is None:
        raise OpinionDeskError("the template printed an empty value; guard it with {% if %}")
    return value


# The filters templates may use, by name (the engine adds them to jinja2's own).
FILTERS = {
    "date": _filter_date,
    "money": _filter_money,
    "number": _filter_number,
    "words": _filter_words,
    "lines": _filter_lines,
    "join_and": _filter_join_and,
    "items": _filter_items,
    "article": _filter_article,
    "alpha": _filter_alpha,
    "state": _filter_state,
    "roman": _filter_roman,
    "period": _filter_period,
    "jurisdiction": _filter_jurisdiction,
    "counsel_adjective": _filter_counsel_adjective,
    "described": _filter_described,
    "charter": _filter_charter,
    "bylaws": _filter_bylaws,
    "entity_law": _filter_entity_law,
    "designation": _filter_designation,
    "entity": _filter_entity,
    "foreign": jurisdictions.is_foreign,
}


# ---- the library ----------------------------------------------------------------------------------


@dataclass(eq=False)
class TemplateRoot:
    """A folder of templates (the built-in one or a department's) and the jinja2 environments of
    its templates, each made when its template is first compiled: listing templates, reading
    their schemas and drawing a letter remembered from an earlier run need no jinja2."""

    search_path: tuple[str, ...]  # the folder, then the built-in one (for `_shared` clauses)
    _envs: dict[str, ImmutableSandboxedEnvironment] = field(default_factory=dict, repr=False)

    @property
    def folder(self) -> Path:
        """Return the template folder itself (the first on the search path)."""
        return Path(self.search_path[0])

    @property
    def builtin(self) -> Path:
        """Return the built-in template folder, whose shared clauses every template may use."""
        return Path(self.search_path[-1])

    def env(self, tmpl: Template) -> ImmutableSandboxedEnvironment:
        """Return the sandboxed jinja2 environment of one of this folder's templates: its loader
        reads only that template's own folder and the shared-clause folders."""
        env = self._envs.get(tmpl.id)
        if env is None:
            from . import engine

            env = self._envs[tmpl.id] = engine.make_env(self.search_path, tmpl.allowed)
        return env


@dataclass
class Template:
    """One letter template: its folder, description, version and fact schema (or why it failed)."""

    id: str
    folder: Path
    name: str = ""
    description: str = ""
    version: str = "1"
    forms: tuple[str, ...] = ()
    source: str = "built-in"
    schema: FactSchema = field(default_factory=FactSchema)
    load_error: OpinionDeskError | None = None
    root: TemplateRoot | None = field(default=None, repr=False)
    # The resolved folders its files may come from (`template_files.allowed_folders`).
    allowed: tuple[str, ...] = field(default=(), repr=False)
    # Its `[[migrate]]` tables as template.toml holds them (`core.migrate` checks them when an
    # old matter needs them, so a bad rule refuses that matter, not the template).
    migrate: Any = field(default_factory=list, repr=False, compare=False)
    # The digest of its files and the rendering code, which keys remembered letters (`letter_cache`).
    sources_key: str | None = field(default=None, init=False, repr=False, compare=False)
    _known_to_compile: bool | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def error(self) -> OpinionDeskError | None:
        """Return why the template cannot be used, or None.

        The letter template is compiled on first need (here, or at the first render), so a
        library lists its templates without compiling each; a syntax error still shows here.
        A template whose very files rendered a letter before (`letter_cache` vouches for it)
        compiles at its first render instead, so a window can draw a remembered letter first.
        """
        if self.load_error is None and self.root is not None and "jinja" not in self.__dict__:
            if self._known_to_compile is None:
                from .letter_cache import default_cache

                self._known_to_compile = default_cache().vouches_for(self)
            if not self._known_to_compile:
                try:
                    _ = self.jinja
                except OpinionDeskError as exc:
                    self.load_error = exc
                except Exception as exc:  # noqa: BLE001 - one template's failure is its own
                    self.load_error = OpinionDeskError(
                        f"cannot be compiled: {type(exc).__name__}: {exc}",
                        str(self.folder / LETTER_FILE),
                    )
        return self.load_error

    @error.setter
    def error(self, value: OpinionDeskError | None) -> None:
        self.load_error = value

    @property
    def ok(self) -> bool:
        """Return whether the template loaded and can render."""
        return self.error is None

    @cached_property
    def jinja(self) -> jinja2.Template:
        """Return the compiled letter template; syntax errors name the file and line."""
        from . import engine  # jinja2 loads with the first template compiled

        return engine.compile_letter(self)


_TOML_LINE_RE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _read_toml(path: Path, allowed: Iterable[str]) -> tuple[dict, str]:
    """Read a TOML file of a template folder (see `template_files.read_text`); errors name the
    file and line, and nothing in it (nesting 50,000 deep, say) escapes as another exception."""
    text = template_files.read_text(path, allowed)
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE_RE.search(str(exc))
        message = _TOML_LINE_RE.sub("", str(exc)).strip()
        where = f"{path}, line {found.group(1)}" if found else str(path)
        raise OpinionDeskError(f"not valid TOML: {message}", where) from None
    except RecursionError:
        raise OpinionDeskError("not valid TOML: nested too deeply", str(path)) from None
    except Exception as exc:  # noqa: BLE001 - whatever the parser meets is this file's problem
        raise OpinionDeskError(f"not valid TOML: {type(exc).__name__}: {exc}", str(path)) from None


def load_shared_facts(*roots: Path) -> dict[str, dict]:
    """Return the shared fact definitions (`_shared/facts.toml`) of the roots; later roots win.

    A root's `_shared` folder that is a link out of the root, or a facts file that is not a
    regular file inside it, is refused (OpinionDeskError naming it), never read.
    """
    shared: dict[str, dict] = {}
    for root in roots:
        folder = root / SHARED_DIR
        path = folder / SHARED_FACTS_FILE
        if not os.path.lexists(path):
            continue
        inside = template_files.leaves_folder(folder, root) is None
        allowed = (template_files.real_folder(folder),) if inside else ()
        data, _ = _read_toml(path, allowed)
        for table in data.get("fact", []):
            if isinstance(table, dict) and isinstance(table.get("id"), str):
                shared[table["id"]] = table
    return shared


def _load_template(
    folder: Path,
    root: TemplateRoot,
    source: str,
    shared: dict[str, dict] | None = None,
) -> Template:
    tid = folder.name
    tmpl = Template(id=tid, folder=folder, name=tid, source=source, root=root)
    schema_path = folder / SCHEMA_FILE
    try:
        elsewhere = template_files.leaves_folder(folder, root.folder)
        if elsewhere is not None:
            raise OpinionDeskError(
                f"refused: the template folder is a link outside {root.folder}, to {elsewhere}",
                str(folder),
            )
        tmpl.allowed = template_files.allowed_folders(folder, root.folder, root.builtin)
        if not os.path.lexists(schema_path):
            raise OpinionDeskError(f"missing fact schema {SCHEMA_FILE}", str(schema_path))
        letter = folder / LETTER_FILE
        if not os.path.lexists(letter):
            raise OpinionDeskError(f"missing letter template {LETTER_FILE}", str(letter))
        template_files.refuse_link_out(letter, tmpl.allowed)
        data, text = _read_toml(schema_path, tmpl.allowed)
        meta = data.get("template", {})
        if not isinstance(meta, dict):
            raise OpinionDeskError("[template] must be a table", str(schema_path))
        forms = meta.get("forms", [])
        if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
            raise OpinionDeskError(
                'forms must be a list of form names, as forms = ["S-8"]', str(schema_path)
            )
        tmpl.name = str(meta.get("name", tid))
        tmpl.description = str(meta.get("description", ""))
        tmpl.version = str(meta.get("version", "1"))
        tmpl.forms = tuple(forms)
        tmpl.schema = schema_from_toml(data, str(schema_path), shared, text)
        tmpl.migrate = data.get("migrate", [])
    except OpinionDeskError as exc:
        tmpl.error = exc
    except RecursionError:
        tmpl.error = OpinionDeskError("the fact schema is nested too deeply", str(schema_path))
    except Exception as exc:  # noqa: BLE001 - one template's failure is its own, never the list's
        tmpl.error = OpinionDeskError(
            f"cannot be loaded: {type(exc).__name__}: {exc}", str(schema_path)
        )
    return tmpl


@dataclass
class _Pending:
    """A template folder found but not yet read."""

    folder: Path
    root: TemplateRoot
    source: str
    shared: dict[str, dict]
    duplicate: OpinionDeskError | None = None

    def load(self) -> Template:
        tmpl = _load_template(self.folder, self.root, self.source, self.shared)
        if self.duplicate is not None:
            tmpl.error = self.duplicate
        return tmpl


class TemplateLibrary:
    """The built-in templates plus those of any department folders, each found by its folder name."""

    def __init__(self, folders: Iterable[Path | str] = (), builtin: Path | None = None) -> None:
        self.builtin = Path(builtin) if builtin else paths.templates_dir()
        self.folders = [Path(f) for f in folders]
        self._templates: dict[str, Template | _Pending] | None = None

    def _scan(self) -> dict[str, Template | _Pending]:
        # Folders are listed now; each template's schema is read when it is first asked for, so
        # opening a matter reads one template, not the whole library.
        found: dict[str, Template | _Pending] = {}
        roots = [(self.builtin, "built-in")] + [(f, f"department: {f}") for f in self.folders]
        try:
            builtin_shared = load_shared_facts(self.builtin)
        except Exception:  # noqa: BLE001 - the built-in templates then say what they lack
            builtin_shared = {}
        for root, source in roots:
            if not root.is_dir():
                continue
            engine_root = TemplateRoot((str(root), str(self.builtin)))
            try:
                shared = (
                    load_shared_facts(self.builtin, root)
                    if root != self.builtin
                    else builtin_shared
                )
                folders = sorted(p for p in root.iterdir() if p.is_dir())
            except OSError:
                continue
            except Exception as exc:  # noqa: BLE001 - a broken shared schema breaks that folder's
                if not isinstance(exc, OpinionDeskError):
                    exc = OpinionDeskError(
                        f"cannot be read: {type(exc).__name__}: {exc}",
                        str(root / SHARED_DIR / SHARED_FACTS_FILE),
                    )
                try:
                    broken = sorted(
                        p for p in root.iterdir() if p.is_dir() and p.name[:1] not in "_."
                    )
                except OSError:
                    continue
                for folder in broken:
                    found.setdefault(
                        folder.name, Template(folder.name, folder, source=source, load_error=exc)
                    )
                continue
            for folder in folders:
                if folder.name.startswith(("_", ".")):
                    continue
                if folder.name in found:
                    already = found[folder.name].source
                    duplicate = OpinionDeskError(
                        f"a template named '{folder.name}' already exists ({already})",
                        str(folder),
                    )
                    found[f"{folder.name}@{root}"] = _Pending(
                        folder, engine_root, source, shared, duplicate
                    )
                else:
                    found[folder.name] = _Pending(folder, engine_root, source, shared)
        return found

    def _entries(self) -> dict[str, Template | _Pending]:
        if self._templates is None:
            self._templates = self._scan()
        return self._templates

    def _load(self, key: str) -> Template:
        entries = self._entries()
        entry = entries[key]
        if isinstance(entry, _Pending):
            entry = entries[key] = entry.load()
        return entry

    def templates(self) -> list[Template]:
        """Return every template found, broken ones included (their `error` says why)."""
        return [self._load(key) for key in list(self._entries())]

    def get(self, template_id: str) -> Template:
        """Return a working template by id, or raise naming the problem."""
        if template_id not in self._entries():
            known = ", ".join(t.id for t in self.templates() if t.ok)
            raise OpinionDeskError(f"unknown template '{template_id}' (known: {known})")
        tmpl = self._load(template_id)
        if tmpl.error:
            raise tmpl.error
        return tmpl

    def reload(self) -> None:
        """Forget what was found, so the next look re-reads the folders."""
        self._templates = None


_default_library: TemplateLibrary | None = None
_default_key: tuple[str | None, str | None] | None = None


def default_library() -> TemplateLibrary:
    """Return the process-wide library: the built-in templates and the department folders.

    The department folders come from the user's settings and OPINIONDESK_TEMPLATE_PATH; when they
    change, the next call builds a fresh library.
    """
    global _default_library, _default_key
    # Reading the settings on every render would cost more than the letter: the library is kept
    # until the settings are saved (which resets it), or the environment points elsewhere.
    key = (os.environ.get("OPINIONDESK_TEMPLATE_PATH"), os.environ.get("OPINIONDESK_HOME"))
    if _default_library is not None and key == _default_key:
        return _default_library
    from ..settings import department_folders

    folders = department_folders()
    if _default_library is None or _default_library.folders != folders:
        _default_library = TemplateLibrary(folders)
    _default_key = key
    return _default_library


def reset_default_library() -> None:
    """Forget the process-wide library, so the next `default_library()` re-reads every folder."""
    global _default_library
    _default_library = None


# ---- rendering ------------------------------------------------------------------------------------


def build_context(
    tmpl: Template, facts: dict[str, Any], letter_date: Any, signer: dict[str, Any], copy: str
) -> tuple[dict[str, Any], list[Problem]]:
    """Validate JSON fact values against the schema and return the template context and problems."""
    problems: list[Problem] = []
    ctx: dict[str, Any] = {}
    for spec in tmpl.schema.facts:
        raw = facts.get(spec.id)
        value = None
        if not is_blank(raw):
            value, errs = coerce(spec, raw)
            problems += [Problem(f"fact '{spec.id}' ({spec.label})", e) for e in errs]
            if errs:
                value = None
        ctx[spec.id] = _template_value(spec, value, spec.id)
    for key in facts:
        if tmpl.schema.get(key) is None:
            problems.append(Problem(f"fact '{key}'", f"is not a fact of template '{tmpl.id}'"))
    if letter_date:
        try:
            d = (
                letter_date
                if isinstance(letter_date, dt.date)
                else dt.date.fromisoformat(letter_date)
            )
            ctx["letter_date"] = FactDate(d, "letter_date")
        except (TypeError, ValueError):
            problems.append(
                Problem("letter date", f"{letter_date!r} is not a date written YYYY-MM-DD")
            )
            ctx["letter_date"] = FactPlaceholder("letter_date", "Date of letter")
    else:
        ctx["letter_date"] = FactPlaceholder("letter_date", "Date of letter")
    sig: dict[str, Any] = {}
    for key, label in SIGNER_FIELDS.items():
        raw = signer.get(key) or (signer.get("name") if key == "conformed" else None)
        if not is_blank(raw):
            from .facts import clean_text

            text, problem = clean_text(str(raw), False)
            if problem:
                problems.append(Problem(f"signer {key}", problem))
            sig[key] = FactStr(text, f"signer.{key}")
        else:
            sig[key] = FactPlaceholder(f"signer.{key}", label)
    sig["voice"] = signer.get("voice") or "I"
    sig["style"] = signer.get("signature_style") or "individual"
    ctx["signer"] = sig
    ctx["voice"] = sig["voice"]
    ctx["copy"] = copy
    return ctx, problems


def render_letter(
    tmpl: Template,
    facts: dict[str, Any],
    letter_date: Any = None,
    signer: dict[str, Any] | None = None,
    copy: str = "draft",
    signature_image: bytes | None = None,
    cache: LetterCache | None = None,
    reuse: bool = False,
    limits: Limits | None = None,
    edits: list[Any] | None = None,
) -> Letter:
    """Fill the template with the facts and return the letter model.

    `edits` are the matter's own edits to the wording (`core.wording`), applied to the letter
    before a final copy is checked for gaps, so every copy, writer and check sees them.

    A draft shows missing facts as placeholders; a filing or signed copy refuses (MissingFactsError)
    while any placeholder remains. Invalid values raise OpinionDeskError naming each fact.
    Given a cache, a draft's template output is remembered there; with `reuse` too, output
    remembered for the very same inputs and sources is used instead of rendering, and the letter
    says so (`Letter.remembered`). `limits` bound the template's work (`sandbox.LIMITS` unless
    given); a template that goes past one raises OpinionDeskError naming its file and line.
    """
    if copy not in COPIES:
        raise OpinionDeskError(f"unknown copy '{copy}'; use one of {', '.join(COPIES)}")
    ctx, problems = build_context(tmpl, facts, letter_date, signer or {}, copy)
    if problems:
        raise OpinionDeskError(problems)
    where = str(tmpl.folder / LETTER_FILE)
    inputs = None
    if cache is not None and copy == "draft":
        inputs = inputs_key(facts, letter_date, signer or {}, copy)
    letter = _remembered_letter(cache, tmpl, inputs, where) if cache and inputs and reuse else None
    if letter is None:
        from . import engine

        markup = engine.render_markup(tmpl, ctx, limits)
        letter = parse_letter_markup(markup, where)
        if cache is not None and inputs:
            cache.put(tmpl, inputs, markup)
    if edits:
        from .wording import apply_edits, context_fallback

        letter = apply_edits(letter, edits, context_fallback(ctx, tmpl.schema))
    letter.copy = copy
    letter.template_id = tmpl.id
    letter.template_version = tmpl.version
    if copy == "draft":
        letter.draft_mark = "DRAFT"
    else:
        missing = final_copy_gaps(tmpl, ctx, letter)
        if missing:
            raise MissingFactsError(missing)
    _apply_signature(letter, copy, signature_image)
    return letter


def _remembered_letter(
    cache: LetterCache, tmpl: Template, inputs: str, where: str
) -> Letter | None:
    markup = cache.get(tmpl, inputs)
    if markup is None:
        return None
    try:
        letter = parse_letter_markup(markup, where)
    except OpinionDeskError:  # a spoiled entry: render as if there were none
        return None
    letter.remembered = True
    return letter


def _context_placeholders(ctx: dict[str, Any]) -> list[FactPlaceholder]:
    found: list[FactPlaceholder] = []
    for value in list(ctx.values()) + list(ctx["signer"].values()):
        if isinstance(value, FactPlaceholder):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    found += [v for v in item.values() if isinstance(v, FactPlaceholder)]
    return found


def final_copy_gaps(tmpl: Template, ctx: dict[str, Any], letter: Letter) -> list[tuple[str, str]]:
    """Return (fact id, label) of each gap a filing or signed copy may not have, each once.

    A gap is a required fact left empty, whether or not the letter prints it (a choice used only
    in a condition would otherwise fall silently to a default); a list with too few items; any
    placeholder the letter shows; and a missing fact's "[Label]" text that a template turned into
    plain words (by joining it to other text).
    """
    gaps: dict[str, str] = {}
    for spec in tmpl.schema.facts:
        value = ctx.get(spec.id)
        if not spec.required:
            continue
        if isinstance(value, FactPlaceholder):
            gaps[spec.id] = spec.label
        elif spec.type == "list" and isinstance(value, list):
            if len(value) < max(spec.min_items, 1):
                gaps[spec.id] = spec.label
            for n, item in enumerate(value):
                for sub in spec.fields:
                    if sub.required and isinstance(item.get(sub.id), FactPlaceholder):
                        gaps[f"{spec.id}.{n}.{sub.id}"] = ITEM_LABEL.format(
                            label=spec.label, num=n + 1, field=sub.label
                        )
    for placeholder in letter.placeholders():
        gaps.setdefault(placeholder.fact, placeholder.label)
    text = "\n".join(block.text for block in letter.blocks)
    text += "\n".join(i.text for line in letter.header for i in line)
    for placeholder in _context_placeholders(ctx):
        if str(placeholder) in text:
            gaps.setdefault(placeholder.fact_id, placeholder.label)
    return list(gaps.items())


def drawn_copy_gaps(tmpl: Template, matter: Matter, letter: Letter) -> list[tuple[str, str]]:
    """Return (fact id, label) of each gap a filing or signed copy of the matter may not have,
    judged as `render_letter` judges a final copy (`final_copy_gaps`) on a letter already drawn (a
    draft, or a final copy): the window's count, the Checks dock and X5-SIG-01 all count these."""
    ctx, _ = build_context(tmpl, matter.facts, matter.letter_date, matter.signer, "filing")
    # A draft leaves the signature line blank for the pen; the final copy prints the conformed
    # name there, so its text (a placeholder's "[Label]" when missing) is judged with the rest.
    signed = Block("signature", (Text(letter.signature.conformed),))
    judged = Letter([*letter.blocks, signed], letter.header, copy="filing")
    return final_copy_gaps(tmpl, ctx, judged)


def _apply_signature(letter: Letter, copy: str, image: bytes | None) -> None:
    for n, block in enumerate(letter.blocks):
        if block.kind != "signature":
            continue
        conformed = block.text.strip()
        if copy == "filing":
            inlines: tuple[Inline, ...] = (Text("/s/ "),) + block.inlines
            letter.signature = Signature("conformed", conformed)
        elif copy == "signed" and image:
            inlines = ()
            letter.signature = Signature("image", conformed, image)
        elif copy == "signed":
            raise OpinionDeskError(
                "a signed copy needs a signature image; choose a signer who has one"
            )
        else:
            inlines = ()
            letter.signature = Signature("blank", conformed)
        letter.blocks[n] = Block(block.kind, inlines, block.number, block.index, block.key)


# ---- parsing the template's output into the model ----------------------------------------------------


_LINE_BREAK = LineBreak()
_PAGE_NUMBER = PageNumber()
_NO_MARKS: frozenset[str] = frozenset()


class _InlineBuilder:
    """Collects a paragraph's runs as plain lists [text, marks, fact] (fact None: the template's
    own words) and model objects for the rest; `finish` makes the model's inlines once."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.runs: list = []

    def text(self, text: str | None, marks: frozenset[str], fact: str | None) -> None:
        if text:
            self.runs.append([text if fact else _WS_RE.sub(" ", text), marks, fact])

    def children(self, el: ET.Element, marks: frozenset[str], fact: str | None) -> None:
        self.text(el.text, marks, fact)
        for child in el:
            self.walk(child, marks, fact)
            self.text(child.tail, marks, fact)

    def walk(self, el: ET.Element, marks: frozenset[str], fact: str | None) -> None:
        tag = el.tag
        if tag == "f":
            self.children(el, marks, fact or el.get("k"))
        elif tag == "ph":
            self.runs.append(Placeholder(el.get("k", ""), el.text or ""))
        elif tag == "br":
            self.runs.append(_LINE_BREAK)
        elif tag == "page":
            self.runs.append(_PAGE_NUMBER)
        elif tag == "term" or tag == "q":
            self.runs.append([QUOTES[0], marks, None])
            self.children(el, marks | {"term"} if tag == "term" else marks, fact)
            self.runs.append([QUOTES[1], marks, None])
        elif tag == "line":
            if self.runs and self.runs[-1] is not _LINE_BREAK:
                self.runs.append(_LINE_BREAK)
            self.children(el, marks, fact)
        elif tag in _MARK_TAGS:
            self.children(el, marks | {_MARK_TAGS[tag]}, fact)
        else:
            raise OpinionDeskError(
                f"unknown inline element <{tag}> in the letter markup", self.where
            )

    def finish(self) -> tuple[Inline, ...]:
        items = self.runs
        out: list = []
        last = len(items) - 1
        for i, item in enumerate(items):
            if type(item) is list and item[2] is None:
                text = item[0]
                # Template whitespace never starts or ends a paragraph or line, nor doubles up.
                if i == 0 or items[i - 1] is _LINE_BREAK:
                    text = text.lstrip(" ")
                if i == last or items[i + 1] is _LINE_BREAK:
                    text = text.rstrip(" ")
                prev = out[-1] if out else None
                if type(prev) is list:
                    if text[:1] == " " and prev[0][-1:] == " ":
                        text = text[1:]
                    if not text:
                        continue
                    if prev[2] is None and prev[1] == item[1]:
                        prev[0] += text
                        continue
                elif not text:
                    continue
                out.append([text, item[1], None])
            elif item is _LINE_BREAK:
                if out and out[-1] is not _LINE_BREAK:
                    out.append(item)
            else:
                out.append(item)
        while out and out[-1] is _LINE_BREAK:
            out.pop()
        return tuple(Text(*x) if type(x) is list else x for x in out)


def _inlines(el: ET.Element, where: str) -> tuple[Inline, ...]:
    builder = _InlineBuilder(where)
    builder.children(el, _NO_MARKS, None)
    return builder.finish()


def parse_letter_markup(markup: str, where: str = "letter") -> Letter:
    """Parse a template's XML output (`<letter>` with block elements) into the letter model."""
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        line = exc.position[0]
        near = markup.splitlines()[line - 1].strip()[:80] if markup.splitlines() else ""
        raise OpinionDeskError(
            f"the template produced malformed letter markup ({exc}); near: {near}", where
        ) from None
    if root.tag != "letter":
        raise OpinionDeskError("the template's output must be one <letter> element", where)
    blocks: list[Block] = []
    header: list[tuple[Inline, ...]] = []
    number = 0
    for el in root:
        if el.tag == "header":
            lines = el.findall("line")
            if not lines:
                raise OpinionDeskError("<header> needs <line> elements", where)
            header = [_inlines(line, where) for line in lines]
            continue
        if el.tag not in BLOCK_KINDS:
            raise OpinionDeskError(
                f"unknown block <{el.tag}>; use one of {', '.join(BLOCK_KINDS)} or header", where
            )
        inlines = _inlines(el, where)
        if not inlines and el.tag != "signature":
            continue  # a paragraph emptied by conditionals disappears, and takes no number
        num = None
        if el.tag == "opinion":
            number += 1
            num = number
        blocks.append(Block(el.tag, inlines, num, len(blocks), el.get("key", "")))
    from .wording import with_keys

    return Letter(blocks=with_keys(blocks), header=header)
