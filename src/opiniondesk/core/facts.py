"""Fact schemas (what a template asks for), typed validation of fact values, and their formatting."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal
from typing import Any

from .errors import OpinionDeskError, Problem, shown
from .limits import MAX_FACT_CHARS, MAX_LIST_ITEMS, MAX_NUMBER_CHARS, MAX_WHOLE_DIGITS

FACT_TYPES = ("text", "multiline", "date", "money", "number", "choice", "list", "yesno")
RESERVED_IDS = frozenset({"letter_date", "signer", "copy", "voice", "template", "loop", "self"})
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# Characters that cannot stand in a DOCX (XML 1.0) document; tab and newline are handled apart.
# Bidirectional overrides and isolates are refused too: they can make a filed letter read
# differently from what its text says.
_BAD_CHARS_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
# Arithmetic on typed amounts is exact: "1.00000000000000000000000000001 billion" must not round
# to a whole billion under the default 28 digits.
_EXACT = Context(prec=4 * MAX_NUMBER_CHARS, Emax=MAX_EMAX, Emin=MIN_EMIN)
_DIGITS_RE = re.compile(r"[0-9]+(\.[0-9]*)?")
_SCALES = [
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
]


@dataclass(frozen=True)
class Choice:
    """One option of a choice fact: the stored value and the label shown to the user."""

    value: str
    label: str


@dataclass(frozen=True)
class FactSpec:
    """One fact a template declares: its id, label, type, whether it is required, and its help."""

    id: str
    label: str
    type: str = "text"
    required: bool = True
    help: str = ""
    default: Any = None
    group: str = ""
    choices: tuple[Choice, ...] = ()
    fields: tuple[FactSpec, ...] = ()
    min_items: int = 0

    def field_spec(self, field_id: str) -> FactSpec | None:
        """Return the spec of one field of a list fact's items."""
        return next((f for f in self.fields if f.id == field_id), None)

    def empty_value(self) -> Any:
        """Return the value an unfilled optional fact of this type takes."""
        return {"list": [], "yesno": False}.get(self.type, None)


@dataclass(frozen=True)
class Group:
    """A section of the fact pane, listed in letter order."""

    id: str
    label: str
    help: str = ""


# A list item's field as counsel know it: "Plans, item 2: Shares".
ITEM_LABEL = "{label}, item {num}: {field}"


@dataclass
class FactSchema:
    """Every fact a template declares, in letter order, with their groups."""

    facts: list[FactSpec] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)

    def get(self, fact_id: str) -> FactSpec | None:
        """Return the spec of a fact by id."""
        return next((f for f in self.facts if f.id == fact_id), None)

    def label_of(self, fact_id: str) -> str | None:
        """Return the label counsel know a fact by ("Plans, item 2: Shares" for the field of a
        list's item, as "plans.1.shares"), or None for a fact the template does not declare."""
        parts = fact_id.split(".")
        spec = self.get(parts[0])
        if spec is None:
            return None
        if len(parts) == 3 and parts[1].isdigit():
            sub = spec.field_spec(parts[2])
            field = sub.label if sub is not None else parts[2]
            return ITEM_LABEL.format(label=spec.label, num=int(parts[1]) + 1, field=field)
        return spec.label

    def defaults(self) -> dict[str, Any]:
        """Return the JSON values of a new matter: each fact's default, where it has one."""
        return {f.id: f.default for f in self.facts if f.default is not None}


def _spec_from_table(table: dict, where: str, problems: list[Problem], nested: bool) -> FactSpec:
    fid = table.get("id")
    if not isinstance(fid, str) or not _ID_RE.match(fid):
        problems.append(Problem(where, f"fact id {fid!r} must be lower_case letters, digits, _"))
        fid = str(fid)
    elif not nested and fid in RESERVED_IDS:
        problems.append(Problem(where, f"fact id '{fid}' is reserved"))
    ftype = table.get("type", "text")
    if ftype not in FACT_TYPES:
        problems.append(
            Problem(
                f"{where} ('{fid}')",
                f"unknown fact type {ftype!r}; use one of {', '.join(FACT_TYPES)}",
            )
        )
        ftype = "text"
    choices: list[Choice] = []
    for c in table.get("choices", []):
        if isinstance(c, str):
            choices.append(Choice(c, c))
        elif isinstance(c, dict) and "value" in c:
            choices.append(Choice(str(c["value"]), str(c.get("label", c["value"]))))
        else:
            problems.append(Problem(f"{where} ('{fid}')", f"bad choice {c!r}"))
    if ftype == "choice" and not choices:
        problems.append(Problem(f"{where} ('{fid}')", "a choice fact needs choices"))
    fields: list[FactSpec] = []
    if ftype == "list":
        if nested:
            problems.append(Problem(f"{where} ('{fid}')", "a list cannot hold another list"))
        for i, sub in enumerate(table.get("fields", [])):
            if not isinstance(sub, dict):
                problems.append(Problem(f"{where} ('{fid}')", f"field {i + 1} must be a table"))
                continue
            fields.append(_spec_from_table(sub, f"{where} field {i + 1}", problems, True))
        if not fields:
            problems.append(Problem(f"{where} ('{fid}')", "a list fact needs fields"))
    known = {
        "id",
        "label",
        "type",
        "required",
        "help",
        "default",
        "group",
        "choices",
        "fields",
        "min_items",
    }
    for key in table:
        if key not in known:
            problems.append(Problem(f"{where} ('{fid}')", f"unknown key {key!r}"))
    min_items = table.get("min_items", 1 if ftype == "list" and table.get("required", True) else 0)
    if isinstance(min_items, bool) or not isinstance(min_items, int):
        problems.append(Problem(f"{where} ('{fid}')", "min_items must be a whole number"))
        min_items = 0
    elif not 0 <= min_items <= MAX_LIST_ITEMS:
        problems.append(
            Problem(f"{where} ('{fid}')", f"min_items must be from 0 to {MAX_LIST_ITEMS:,}")
        )
        min_items = 0
    spec = FactSpec(
        id=fid,
        label=str(table.get("label", fid.replace("_", " ").capitalize())),
        type=ftype,
        required=bool(table.get("required", True)),
        help=str(table.get("help", "")),
        default=table.get("default"),
        group=str(table.get("group", "")),
        choices=tuple(choices),
        fields=tuple(fields),
        min_items=min_items,
    )
    if spec.default is not None:
        _, errs = coerce(spec, spec.default)
        for e in errs:
            problems.append(Problem(f"{where} ('{fid}')", f"default: {e}"))
    return spec


_FACT_HEADER_RE = re.compile(r"^\s*\[\[\s*fact\s*\]\]")
_TABLE_HEADER_RE = re.compile(r"^\s*\[")


def _problem_key(message: str) -> str:
    """Return the schema key a problem concerns, so it can point at that key's line."""
    unknown = re.match(r"unknown key '(\w+)'", message)
    if unknown:
        return unknown.group(1)
    for start, key in (
        ("unknown fact type", "type"),
        ("bad choice", "choices"),
        ("a choice fact", "choices"),
        ("default:", "default"),
        ("a list", "fields"),
        ("min_items", "min_items"),
        ("field ", "fields"),
        ("fact id", "id"),
        ("'use", "use"),
    ):
        if message.startswith(start):
            return key
    return ""


def fact_lines(source: str) -> list[int]:
    """Return the line number (1-based) of each top-level `[[fact]]` table in a schema's text."""
    return [n for n, line in enumerate(source.splitlines(), 1) if _FACT_HEADER_RE.match(line)]


def _key_line(source_lines: list[str], start: int, key: str) -> int:
    """Return the line of `key = ...` in the `[[fact]]` table whose header is line `start`, else `start`."""
    key_re = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for index in range(start, len(source_lines)):  # index `start` is the line after the header
        line = source_lines[index]
        if _TABLE_HEADER_RE.match(line) and not line.lstrip().startswith("[[fact."):
            break
        if key_re.match(line):
            return index + 1
    return start


def resolve_shared_fact(table: dict, shared: dict[str, dict]) -> tuple[dict, str | None]:
    """Return a fact table with `use = "id"` filled from the shared definitions (keys here win)."""
    if "use" not in table:
        return table, None
    name = table["use"]
    base = shared.get(name) if isinstance(name, str) else None
    if base is None:
        known = ", ".join(sorted(shared)) or "none"
        return {k: v for k, v in table.items() if k != "use"}, (
            f"'use = {name!r}' names no shared fact (shared facts: {known})"
        )
    merged = {"id": name, **base}
    merged.update({k: v for k, v in table.items() if k != "use"})
    return merged, None


def schema_from_toml(
    data: dict, where: str, shared: dict[str, dict] | None = None, source: str | None = None
) -> FactSchema:
    """Build a schema from the parsed `template.toml` tables; raise naming every problem.

    A fact table may say `use = "id"` to take a shared fact's definition (from `_shared/facts.toml`),
    overriding any key it repeats. Given the schema's `source` text, problems name their line.
    """
    problems: list[Problem] = []
    groups = [
        Group(str(g.get("id", "")), str(g.get("label", g.get("id", ""))), str(g.get("help", "")))
        for g in data.get("group", [])
        if isinstance(g, dict)
    ]
    headers = fact_lines(source) if source else []
    source_lines = source.splitlines() if source else []
    facts: list[FactSpec] = []
    raw_facts = data.get("fact", [])
    if not isinstance(raw_facts, list):
        raise OpinionDeskError("'fact' must be an array of tables: [[fact]]", where)
    for i, table in enumerate(raw_facts):
        line = headers[i] if i < len(headers) else None
        here = f"{where}, line {line}" if line else f"{where}: fact {i + 1}"
        if not isinstance(table, dict):
            problems.append(Problem(here, "a fact must be a table"))
            continue
        table, problem = resolve_shared_fact(table, shared or {})
        if problem:
            problems.append(
                Problem(
                    f"{where}, line {_key_line(source_lines, line, 'use')}" if line else here,
                    problem,
                )
            )
            continue
        before = len(problems)
        facts.append(_spec_from_table(table, here, problems, False))
        if line:
            # Point each problem at the key it concerns (type, choices, default...), where it can be found.
            for n in range(before, len(problems)):
                p = problems[n]
                key = _problem_key(p.message)
                if key:
                    kl = _key_line(source_lines, line, key)
                    problems[n] = Problem(
                        p.where.replace(f"line {line}", f"line {kl}", 1), p.message
                    )
    seen: set[str] = set()
    group_ids = {g.id for g in groups}
    for f in facts:
        if f.id in seen:
            problems.append(Problem(where, f"fact '{f.id}' is declared twice"))
        seen.add(f.id)
        if f.group and f.group not in group_ids:
            problems.append(Problem(where, f"fact '{f.id}' names unknown group '{f.group}'"))
    if problems:
        raise OpinionDeskError(problems)
    return FactSchema(facts, groups)


def is_blank(raw: Any) -> bool:
    """Return whether a stored value counts as not filled in: none, empty, or only white space."""
    return raw is None or raw == [] or (isinstance(raw, str) and not raw.strip())


def clean_text(value: str, multiline: bool) -> tuple[str, str | None]:
    """Normalise line ends and reject characters a DOCX cannot hold, and over-long text;
    return (text, problem)."""
    if len(value) > MAX_FACT_CHARS:
        return (
            value,
            f"is {len(value):,} characters long; a fact may hold at most {MAX_FACT_CHARS:,}",
        )
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    bad = _BAD_CHARS_RE.search(text)
    if bad:
        return (
            text,
            f"holds a control character (U+{ord(bad.group()):04X}) that a letter cannot contain",
        )
    if not multiline and "\n" in text:
        return text, "must be a single line"
    return text, None


def _finite_number(value: Any, what: str, scales: bool) -> Decimal:
    """Read a JSON number (int, float), a Decimal or typed text as a finite, non-negative Decimal
    of at most MAX_WHOLE_DIGITS whole digits: the one path every amount and count takes, so a
    value is judged the same whatever its JSON type. `scales` reads "2.5 million" (amounts)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError(f"is not {what}")
    if isinstance(value, int):
        if value.bit_length() > 4 * MAX_WHOLE_DIGITS:  # far past the limit: never converted
            raise ValueError(_too_large())
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))  # as written: 0.1, not 0.1000000000000000055...
    elif isinstance(value, Decimal):
        number = value
    else:
        text = value.strip().lower().replace(",", "")
        if scales:
            text = text.replace("$", "").replace("us", "").strip()
        if len(text) > MAX_NUMBER_CHARS:
            if _DIGITS_RE.fullmatch(text):
                raise ValueError(_too_large())
            raise ValueError(f"{shown(value)} is not {what}")
        mult = Decimal(1)
        if scales:
            for scale, word in _SCALES:
                if text.endswith(word):
                    mult = scale
                    text = text[: -len(word)].strip()
                    break
        try:
            number = _EXACT.multiply(Decimal(text), mult)
        except ArithmeticError:  # decimal.InvalidOperation: not a number at all
            raise ValueError(f"{shown(value)} is not {what}") from None
    if not number.is_finite():
        raise ValueError(f"{shown(value)} is not {what}")
    if number.is_zero():
        return Decimal(0)  # -0 and 0E-99999 read as 0
    if number.is_signed():
        raise ValueError("cannot be negative")
    if number.adjusted() >= MAX_WHOLE_DIGITS:
        raise ValueError(_too_large())
    return number


def _too_large() -> str:
    return f"is too large: at most {MAX_WHOLE_DIGITS} digits before the decimal point"


def parse_money(value: Any) -> Decimal:
    """Read an amount typed as 1000000, "1,000,000.00", "$1 billion" or "2.5 million".

    A JSON number meets the same checks as text: never negative, whole cents, at most
    MAX_WHOLE_DIGITS digits of dollars, never NaN or Infinity; each is a ValueError saying so.
    """
    amount = _finite_number(value, "an amount", scales=True)
    if amount != amount.quantize(Decimal("0.01"), context=_EXACT):
        raise ValueError(f"{shown(value)} has more than two decimal places")
    return amount


def parse_whole_number(value: Any) -> int:
    """Read a count (of shares, of units) given as a JSON number or as text such as "8,250,000"."""
    num = _finite_number(value, "a whole number", scales=False)
    if num != num.to_integral_value(context=_EXACT):
        raise ValueError(f"{shown(value)} is not a whole number")
    return int(num)


def coerce(spec: FactSpec, value: Any) -> tuple[Any, list[str]]:
    """Turn a JSON value into the fact's Python value; return (value, problems).

    Never raises for a bad value, whatever its type or size: each problem is a message to put
    after the fact's name.
    """
    t = spec.type
    try:
        if t in ("text", "multiline"):
            if not isinstance(value, str):
                return None, ["must be text"]
            text, problem = clean_text(value, t == "multiline")
            return (None, [problem]) if problem else (text, [])
        if t == "date":
            if isinstance(value, dt.date):
                return value, []
            if not isinstance(value, str):
                return None, ["must be a date written YYYY-MM-DD"]
            try:
                return dt.date.fromisoformat(value.strip()), []
            except ValueError:
                return None, [f"{shown(value)} is not a date written YYYY-MM-DD"]
        if t == "money":
            return parse_money(value), []
        if t == "number":
            if isinstance(value, bool):
                return None, ["must be a whole number"]
            return parse_whole_number(value), []
        if t == "choice":
            values = [c.value for c in spec.choices]
            if not isinstance(value, str) or value not in values:
                return None, [f"{shown(value)} is not one of: {', '.join(values)}"]
            return value, []
        if t == "yesno":
            if not isinstance(value, bool):
                return None, ["must be true or false"]
            return value, []
        if t == "list":
            return _coerce_list(spec, value)
    except (ValueError, ArithmeticError, TypeError) as exc:
        return None, [str(exc)]
    return None, [f"unknown type {t}"]


def _coerce_list(spec: FactSpec, value: Any) -> tuple[Any, list[str]]:
    if not isinstance(value, list):
        return None, ["must be a list of items"]
    if len(value) > MAX_LIST_ITEMS:
        return None, [f"has {len(value):,} items; a list may hold at most {MAX_LIST_ITEMS:,}"]
    items, problems = [], []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            problems.append(f"item {i + 1} must be a table of fields")
            continue
        out = {}
        for sub in spec.fields:
            raw = item.get(sub.id)
            if is_blank(raw):
                out[sub.id] = None
                continue
            v, errs = coerce(sub, raw)
            problems += [f"item {i + 1}, {sub.label}: {e}" for e in errs]
            out[sub.id] = v
        for key in item:
            if spec.field_spec(key) is None:
                problems.append(f"item {i + 1}: unknown field {shown(key)}")
        items.append(out)
    return (None, problems) if problems else (items, [])


def to_json(spec: FactSpec, value: Any) -> Any:
    """Turn a fact's Python value back into the JSON form that matter files store."""
    if value is None:
        return None
    if spec.type == "date":
        return value.isoformat()
    if spec.type == "money":
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    if spec.type == "list":
        return [{sub.id: to_json(sub, item.get(sub.id)) for sub in spec.fields} for item in value]
    return value


# ---- formatting, as templates ask for it -------------------------------------------------------


# A letter's months are English whatever the user's locale (strftime's %B follows the locale,
# which Qt sets from the environment).
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_NAMES = "|".join(MONTHS)  # a pattern: any month's name
# A date as letters write one out: "October 23, 2001" or "23 October 2001" (a pattern, no groups).
LONG_DATE = rf"(?:{MONTH_NAMES})\s+\d{{1,2}},\s+\d{{4}}|\d{{1,2}}\s+(?:{MONTH_NAMES})\s+\d{{4}}"
_LONG_DATE_RE = re.compile(LONG_DATE)


def parse_long_date(text: str) -> dt.date | None:
    """Return the first date written out in the text ("March 3, 2025", "3 March 2025"), or None."""
    m = _LONG_DATE_RE.search(text)
    if not m:
        return None
    words = m.group(0).replace(",", " ").split()
    if words[0].isdigit():
        words = [words[1], words[0], words[2]]
    try:  # not strptime's %B, which reads the month names of the user's locale
        return dt.date(int(words[2]), MONTHS.index(words[0]) + 1, int(words[1]))
    except ValueError:
        return None


def format_date(value: dt.date, style: str = "long") -> str:
    """Format a date: "long" October 23, 2001; "day" 23 October 2001; "iso" 2001-10-23."""
    if style == "iso":
        return value.isoformat()
    month = MONTHS[value.month - 1]
    if style == "day":
        return f"{value.day} {month} {value.year}"
    if style == "month":
        return f"{month} {value.year}"
    return f"{month} {value.day}, {value.year}"


def format_number(value: int | Decimal) -> str:
    """Format a whole number with thousands separators: 8,250,000."""
    return f"{int(value):,}"


def number_words(value: int | Decimal) -> str:
    """Spell a whole number out in words: eight million two hundred fifty thousand."""
    from num2words import num2words

    return num2words(int(value)).replace(",", "").replace(" and ", " ").replace("-", "-")


def format_money(value: Decimal, style: str = "full", currency: str = "$") -> str:
    """Format an amount: "full" $1,000,000,000; "short" $1 billion; "words" one billion dollars."""
    if style == "short":
        for scale, word in _SCALES:
            if value >= scale:
                scaled = (value / scale).normalize()
                if scaled == scaled.to_integral_value():
                    return f"{currency}{int(scaled):,} {word}"
                if abs(scaled.as_tuple().exponent) <= 3:  # type: ignore[arg-type]
                    return f"{currency}{format(scaled, 'f')} {word}"
        style = "full"
    if style == "words":
        dollars = int(value)
        cents = int((value - dollars) * 100)
        words = f"{number_words(dollars)} dollar{'s' if dollars != 1 else ''}"
        if cents:
            words += f" and {number_words(cents)} cent{'s' if cents != 1 else ''}"
        return words
    if value == value.to_integral_value():
        return f"{currency}{int(value):,}"
    return f"{currency}{value:,.2f}"
