"""One-off wording: a matter's own edits to its template's paragraphs (reworded, added, dropped).

Each paragraph of a letter has a stable key (`with_keys`): the template's `key="..."`, else its kind
and the first words of the template's own wording, facts left out, so the key survives fact changes
and unrelated template edits. An edit names the paragraph by key, keeps its wording as runs (text
with marks, and fact tokens that print the fact's current value), and keeps the template's wording
of the paragraph when it was made (`form_of`), so a later template change is noticed and shown.
`apply_edits` is a pure step from a rendered letter to the edited letter: every writer, the
checks and the register see the letter as counsel edited it, and `Letter.deviations` says what
was changed, what could not be applied, and why.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .errors import Problem
from .facts import clean_text
from .model import Block, Deviation, Inline, Letter, LineBreak, PageNumber, Placeholder, Text

if TYPE_CHECKING:
    from .facts import FactSchema

ACTIONS = ("replace", "insert_after", "drop")
MARKS = ("em", "strong", "u", "term")
# The paragraphs counsel may reword: all but the signature, which each copy signs its own way.
EDITABLE_KINDS = (
    "exhibit",
    "date",
    "address",
    "reference",
    "salutation",
    "body",
    "opinion",
    "closing",
    "signer",
)
# The kinds of a paragraph counsel add.
ADDED_KINDS = ("body", "opinion")
MAX_EDITS = 1000  # edits in one matter
MAX_RUNS = 5000  # runs in one edit
MAX_CHARS = 50_000  # characters of text in one edit
MAX_KEY = 200  # characters of a key
SLUG_WORDS = 4  # words of the template's own wording in a derived key
MATCH_RATIO = 0.6  # how like its old wording a paragraph must be to be taken for it
# Words left out of a derived key: the voice ("I have"/"we have") and articles follow facts.
_STOP_WORDS = frozenset(
    "i we my our me us am are is have has a an the of and or to in on at by as for this that "
    "such be will with".split()
)
_WORD_RE = re.compile(r"[^\W_]+")
_KEY_RE = re.compile(r"^[^\x00-\x1f\x7f]+$")

# User-facing messages, with named fields.
MSG_CHANGED = (
    "the template's wording of this paragraph changed since it was edited; compare the "
    "template's old wording, its new wording and the edit, then keep the edit or revert"
)
MSG_MOVED = "the paragraph was found by its wording, not its key: review the edit"
MSG_MISSING = (
    "the template no longer has the paragraph this edit {action} ({key}); the edit is kept, "
    "not applied: place it again or remove it"
)
MSG_EMPTY = "the edit leaves the paragraph empty; drop the paragraph instead, or give it words"
MSG_NOT_EDITABLE = "a {kind} paragraph cannot be edited"
MSG_TOO_MANY = f"a matter keeps at most {MAX_EDITS} edits; this one and those after are not applied"
ACTION_WORDS = {"replace": "rewords", "insert_after": "follows", "drop": "drops"}


# ---- keys and the template's wording --------------------------------------------------------------


def _fact_of(inline: Inline) -> str | None:
    return inline.fact if isinstance(inline, Text | Placeholder) else None


def segments(inlines: Sequence[Inline]) -> list[tuple[str | None, tuple[Inline, ...]]]:
    """Split a paragraph's inlines into (fact id, its inlines) groups and (None, (inline,)) pieces.

    A fact printed over several lines (an address) is one group, line breaks included.
    """
    out: list[tuple[str | None, tuple[Inline, ...]]] = []
    n, i = len(inlines), 0
    while i < n:
        fact = _fact_of(inlines[i])
        if not fact:
            out.append((None, (inlines[i],)))
            i += 1
            continue
        j = i + 1
        while j < n:
            if _fact_of(inlines[j]) == fact:
                j += 1
            elif (
                isinstance(inlines[j], LineBreak) and j + 1 < n and _fact_of(inlines[j + 1]) == fact
            ):
                j += 2
            else:
                break
        out.append((fact, tuple(inlines[i:j])))
        i = j
    return out


def form_of(inlines: Sequence[Inline]) -> str:
    """Return a paragraph's wording with each fact as {id}: what the template itself says."""
    parts = []
    for fact, group in segments(inlines):
        if fact:
            parts.append("{" + fact + "}")
        elif isinstance(group[0], LineBreak):
            parts.append("\n")
        elif isinstance(group[0], PageNumber):
            parts.append("{page}")
        else:
            parts.append(group[0].text)
    return "".join(parts)


def _slug(block: Block) -> str:
    words: list[str] = []
    for inline in block.inlines:
        if isinstance(inline, Text) and inline.fact is None:
            for word in _WORD_RE.findall(inline.text.lower()):
                if word not in _STOP_WORDS:
                    words.append(word)
                    if len(words) == SLUG_WORDS:
                        return "-".join(words)
    return "-".join(words)


def derived_key(block: Block) -> str:
    """Return the key a paragraph gets from its kind and the first words of its template wording."""
    slug = _slug(block)
    return f"{block.kind}:{slug}" if slug else block.kind


def with_keys(blocks: list[Block]) -> list[Block]:
    """Return the blocks each with a key: its own (the template's), else derived; equal keys are
    told apart by "#2", "#3"... in letter order."""
    seen: dict[str, int] = {}
    out = []
    for block in blocks:
        base = block.key or derived_key(block)
        seen[base] = seen.get(base, 0) + 1
        key = base if seen[base] == 1 else f"{base}#{seen[base]}"
        out.append(block if key == block.key else dataclasses.replace(block, key=key))
    return out


# ---- edits ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One run of an edited paragraph: text with marks, a fact token, or a line break."""

    text: str = ""
    marks: frozenset[str] = frozenset()
    fact: str | None = None
    nth: int = 0  # which of the paragraph's places printing the fact (a fact printed twice)
    br: bool = False

    def to_json(self) -> dict[str, Any]:
        """Return the run as a matter file keeps it."""
        if self.br:
            return {"br": True}
        data: dict[str, Any] = {"fact": self.fact} if self.fact else {"text": self.text}
        if self.fact and self.nth:
            data["nth"] = self.nth
        if self.marks:
            data["marks"] = sorted(self.marks)
        return data


@dataclass(frozen=True)
class Edit:
    """One edit of the wording: reword (`replace`), add (`insert_after`) or drop a paragraph.

    `key` names the paragraph (for an added one, its own new key); `after` the paragraph an
    added one follows; `form` the template's wording of the paragraph edited (or followed) when
    the edit was made; `kind` an added paragraph's kind.
    """

    key: str
    action: str
    runs: tuple[Run, ...] = ()
    form: str = ""
    after: str = ""
    kind: str = "body"
    time: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return the edit as a matter file keeps it."""
        data: dict[str, Any] = {"key": self.key, "action": self.action}
        if self.action == "insert_after":
            data["after"] = self.after
            data["kind"] = self.kind
        if self.action != "drop":
            data["runs"] = [r.to_json() for r in self.runs]
        data["form"] = self.form
        if self.time:
            data["time"] = self.time
        return data


class EditError(ValueError):
    """Why one edit of a matter file cannot be read."""


def _text(value: Any, name: str, limit: int = MAX_CHARS, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise EditError(f"{name} must be text")
    if len(value) > limit:
        raise EditError(f"{name} is longer than {limit} characters")
    if not empty and not value.strip():
        raise EditError(f"{name} is empty")
    return value


def run_from_json(data: Any) -> Run:
    """Read one run of an edit; raise EditError saying what is wrong."""
    if not isinstance(data, dict):
        raise EditError("a run must be an object: {text, marks}, {fact} or {br}")
    marks = data.get("marks", [])
    if not isinstance(marks, list) or any(m not in MARKS for m in marks):
        raise EditError(f"marks must be a list of {', '.join(MARKS)}")
    if data.get("br") is True:
        return Run(br=True)
    if "fact" in data:
        fact = _text(data["fact"], "a fact token", MAX_KEY, empty=False)
        nth = data.get("nth", 0)
        if not isinstance(nth, int) or isinstance(nth, bool) or not 0 <= nth < 1000:
            raise EditError("nth must be a whole number from 0")
        return Run(marks=frozenset(marks), fact=fact, nth=nth)
    if "text" in data:
        text, problem = clean_text(_text(data["text"], "a run's text"), True)
        if problem:
            raise EditError(f"a run's text {problem}")
        return Run(text=text.replace("\n", " "), marks=frozenset(marks))
    raise EditError("a run must hold text, a fact or a line break")


def edit_from_json(data: Any) -> Edit:
    """Read one edit as a matter file keeps it; raise EditError saying what is wrong."""
    if not isinstance(data, dict):
        raise EditError("an edit must be an object {key, action, runs, form}")
    key = _text(data.get("key"), "key", MAX_KEY, empty=False)
    if not _KEY_RE.match(key):
        raise EditError("key holds a control character")
    action = data.get("action")
    if action not in ACTIONS:
        raise EditError(f"action {action!r} is not one of {', '.join(ACTIONS)}")
    form = _text(data.get("form", ""), "form")
    after, kind = "", "body"
    if action == "insert_after":
        after = _text(data.get("after"), "after", MAX_KEY, empty=False)
        kind = data.get("kind", "body")
        if kind not in ADDED_KINDS:
            raise EditError(f"kind {kind!r} is not one of {', '.join(ADDED_KINDS)}")
    runs: tuple[Run, ...] = ()
    if action != "drop":
        raw = data.get("runs")
        if not isinstance(raw, list):
            raise EditError("runs must be a list")
        if len(raw) > MAX_RUNS:
            raise EditError(f"has more than {MAX_RUNS} runs")
        runs = tuple(run_from_json(r) for r in raw)
        if sum(len(r.text) for r in runs) > MAX_CHARS:
            raise EditError(f"holds more than {MAX_CHARS} characters")
    time = data.get("time", "")
    return Edit(key, action, runs, form, after, kind, time if isinstance(time, str) else "")


def describe(data: Any, n: int) -> str:
    """Return how an edit is named in a message: "edit 3 (paragraph body:...)"."""
    key = data.get("key") if isinstance(data, dict) else None
    return f"edit {n + 1} (paragraph {key})" if isinstance(key, str) and key else f"edit {n + 1}"


def is_empty(runs: Sequence[Run]) -> bool:
    """Return whether runs would print nothing (no words and no fact)."""
    return not any(r.fact or (r.text and r.text.strip()) for r in runs)


def now_iso() -> str:
    """Return the time now as an edit records it (UTC, seconds)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# ---- a paragraph's runs -----------------------------------------------------------------------------


def runs_of(block: Block) -> tuple[Run, ...]:
    """Return a paragraph as runs of an edit: its template wording, its facts as tokens."""
    runs: list[Run] = []
    nth: dict[str, int] = {}
    for fact, group in segments(block.inlines):
        if fact:
            first = group[0]
            marks = first.marks if isinstance(first, Text) else frozenset()
            runs.append(Run(marks=marks, fact=fact, nth=nth.get(fact, 0)))
            nth[fact] = nth.get(fact, 0) + 1
        elif isinstance(group[0], LineBreak):
            runs.append(Run(br=True))
        elif isinstance(group[0], Text):
            runs.append(Run(text=group[0].text, marks=group[0].marks))
    return tuple(runs)


FactFallback = Callable[[str], tuple[Inline, ...] | None]


def fact_groups(blocks: Sequence[Block]) -> dict[str, list[tuple[Inline, ...]]]:
    """Return, per fact id, the inlines printing it, in letter order."""
    found: dict[str, list[tuple[Inline, ...]]] = {}
    for block in blocks:
        for fact, group in segments(block.inlines):
            if fact:
                found.setdefault(fact, []).append(group)
    return found


def inlines_of(
    runs: Sequence[Run],
    here: Mapping[str, list[tuple[Inline, ...]]],
    letter: Mapping[str, list[tuple[Inline, ...]]],
    fallback: FactFallback | None = None,
) -> tuple[Inline, ...]:
    """Return the inlines of edited runs, each fact token printing the fact as the template
    prints it in this paragraph (`here`), else elsewhere in the letter, else as `fallback` says."""
    out: list[Inline] = []
    for run in runs:
        if run.br:
            out.append(LineBreak())
        elif run.fact:
            places = here.get(run.fact) or []
            if places:
                group = places[run.nth] if run.nth < len(places) else places[0]
            elif letter.get(run.fact):
                group = letter[run.fact][0]
            else:
                group = (fallback(run.fact) if fallback else None) or (
                    Placeholder(run.fact, run.fact),
                )
            for inline in group:
                if isinstance(inline, Text):
                    out.append(Text(inline.text, run.marks, inline.fact))
                else:
                    out.append(inline)
        elif run.text:
            prev = out[-1] if out else None
            if isinstance(prev, Text) and prev.fact is None and prev.marks == run.marks:
                out[-1] = Text(prev.text + run.text, run.marks)
            else:
                out.append(Text(run.text, run.marks))
    return tuple(out)


def context_fallback(ctx: Mapping[str, Any], schema: FactSchema | None = None) -> FactFallback:
    """Return how a fact token prints a fact the template's letter does not print: the value as
    the template context holds it, formatted as its filters would by default."""
    from .facts import format_date, format_money, format_number
    from .templates import FactPlaceholder

    def value_of(fact: str) -> Any:
        value: Any = ctx
        for part in fact.split("."):
            if isinstance(value, Mapping):
                value = value.get(part)
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                return None
        return value

    def fallback(fact: str) -> tuple[Inline, ...] | None:
        value = value_of(fact)
        if isinstance(value, FactPlaceholder):
            return (Placeholder(fact, value.label),)
        if value is None or isinstance(value, list | dict):
            spec = schema.get(fact) if schema is not None else None
            return (Placeholder(fact, spec.label if spec else fact),)
        if isinstance(value, dt.date):
            text = format_date(value, "long")
        elif isinstance(value, Decimal):
            text = format_money(value, "full", "$")
        elif isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, int):
            text = format_number(value)
        else:
            text = str(value)
        return (Text(text, frozenset(), fact),)

    return fallback


# ---- applying edits ---------------------------------------------------------------------------------


def _ratio(a: str, b: str) -> float:
    import difflib  # only an edit whose key is gone needs it: not loaded with every render

    matcher = difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= MATCH_RATIO else 0.0


def _kind_of_key(key: str) -> str:
    return key.split(":", 1)[0].split("#", 1)[0]


def _find(key: str, form: str, blocks: list[Block], claimed: set[str]) -> tuple[Block | None, bool]:
    """Return the paragraph an edit names (by key, else by its old wording) and whether by key."""
    for block in blocks:
        if block.key == key:
            return block, True
    kind = _kind_of_key(key)
    best, best_ratio = None, MATCH_RATIO
    if form:
        for block in blocks:
            if block.kind != kind or block.key in claimed:
                continue
            ratio = _ratio(form, form_of(block.inlines))
            if ratio >= best_ratio:
                best, best_ratio = block, ratio
    return best, False


def apply_edits(
    letter: Letter, raw_edits: Sequence[Any], fallback: FactFallback | None = None
) -> Letter:
    """Return the letter with the matter's edits applied and `deviations` saying how each stands.

    An edit that cannot be read, names no paragraph the template still has, or would leave its
    paragraph empty is not applied: it stays in the matter and its deviation says why.
    """
    blocks = list(letter.blocks)
    deviations: dict[int, Deviation] = {}
    edits: list[tuple[int, Edit]] = []

    def refused(n: int, edit: Edit, state: str, message: str, form_then: str = "") -> None:
        deviations[n] = Deviation(
            edit.key, edit.action, state, form_then=form_then, edit=n, message=message
        )

    def missing(n: int, edit: Edit, key: str) -> None:
        message = MSG_MISSING.format(action=ACTION_WORDS[edit.action], key=key)
        refused(n, edit, "missing", message, edit.form)

    def worded(n: int, edit: Edit, inlines: tuple[Inline, ...]) -> bool:
        """Return whether an edit leaves its paragraph some words; if not, say it is empty."""
        if is_empty(edit.runs) or not "".join(i.text for i in inlines).strip():
            refused(n, edit, "empty", MSG_EMPTY, edit.form)
            return False
        return True

    def placed(n: int, edit: Edit, exact: bool, form_now: str, target: str, text: str = "") -> None:
        """Say an edit is applied, or "changed" when its paragraph moved or was reworded since."""
        state = "applied" if exact and form_now == edit.form else "changed"
        message = "" if state == "applied" else (MSG_CHANGED if exact else MSG_MOVED)
        deviations[n] = Deviation(
            edit.key, edit.action, state, None, text, edit.form, form_now, n, message, target
        )

    keys_edited: set[str] = set()
    raw_edits = list(raw_edits)
    for n in range(MAX_EDITS, len(raw_edits)):  # kept in the file, never applied: say so
        deviations[n] = Deviation(
            "", "", "malformed", edit=n, message=f"edit {n + 1}: {MSG_TOO_MANY}"
        )
    for n, data in enumerate(raw_edits[:MAX_EDITS]):
        try:
            edit = edit_from_json(data)
        except EditError as exc:
            key = data.get("key") if isinstance(data, dict) else ""
            deviations[n] = Deviation(
                key if isinstance(key, str) else "",
                str(data.get("action", "")) if isinstance(data, dict) else "",
                "malformed",
                edit=n,
                message=f"{describe(data, n)}: {exc}",
            )
            continue
        if edit.action != "insert_after" and edit.key in keys_edited:
            message = f"{describe(data, n)}: the paragraph is edited twice; keep one edit"
            refused(n, edit, "malformed", message)
            continue
        keys_edited.add(edit.key)
        edits.append((n, edit))
    letter_facts = fact_groups(blocks)
    claimed = {e.key for _, e in edits if e.action != "insert_after"}
    # Each template paragraph edited: what becomes of it (None: dropped).
    result: dict[str, Block | None] = {}
    by_key = {b.key: b for b in blocks}
    for n, edit in edits:
        if edit.action == "insert_after":
            continue
        found, exact = _find(edit.key, edit.form, blocks, claimed - {edit.key})
        if found is None:
            missing(n, edit, edit.key)
            continue
        if found.kind not in EDITABLE_KINDS:
            refused(n, edit, "malformed", MSG_NOT_EDITABLE.format(kind=found.kind))
            continue
        claimed.add(found.key)
        form_now = form_of(found.inlines)
        if edit.action == "drop":
            result[found.key] = None
            placed(n, edit, exact, form_now, found.key, found.text)
            continue
        inlines = inlines_of(edit.runs, fact_groups([found]), letter_facts, fallback)
        if worded(n, edit, inlines):
            result[found.key] = dataclasses.replace(found, inlines=inlines)
            placed(n, edit, exact, form_now, found.key)
    # Added paragraphs follow a template paragraph, or one added themselves; several following
    # the same one stand in the order of the edits.
    inserts = [(n, e) for n, e in edits if e.action == "insert_after"]
    insert_keys = {e.key for _, e in inserts}
    children: dict[str, list[tuple[int, Edit, bool]]] = {}
    for n, edit in inserts:
        if edit.key in by_key:
            message = f"{describe({'key': edit.key}, n)}: the template has a paragraph of that key"
            refused(n, edit, "malformed", message)
            continue
        anchor, exact = edit.after, True
        if anchor not in insert_keys and anchor not in by_key:
            found, _ = _find(edit.after, edit.form, blocks, set())
            anchor, exact = (found.key if found is not None else ""), False
        if not anchor:
            missing(n, edit, edit.after)
            continue
        children.setdefault(anchor, []).append((n, edit, exact))

    def added_after(key: str, root: Block, depth: int = 0) -> list[Block]:
        made: list[Block] = []
        for n, edit, exact in children.get(key, []):
            if n in deviations or depth > MAX_EDITS:
                continue
            inlines = inlines_of(edit.runs, fact_groups([root]), letter_facts, fallback)
            if not worded(n, edit, inlines):
                continue
            form_now = form_of(root.inlines) if key == root.key else edit.form
            placed(n, edit, exact, form_now, key)
            made.append(Block(edit.kind, inlines, key=edit.key))
            made += added_after(edit.key, root, depth + 1)
        return made

    # The letter in order, numbered again.
    out: list[Block] = []
    for block in blocks:
        if block.key not in result:
            out.append(block)
        elif result[block.key] is not None:
            out.append(result[block.key])  # type: ignore[arg-type]
        out += added_after(block.key, block)
    for n, edit in inserts:
        if n not in deviations:  # it follows a paragraph that follows itself
            missing(n, edit, edit.after)
    number = 0
    final: list[Block] = []
    where: dict[str, int] = {}
    for i, block in enumerate(out):
        num = None
        if block.kind == "opinion":
            number += 1
            num = number
        if block.number != num or block.index != i:
            block = dataclasses.replace(block, number=num, index=i)
        final.append(block)
        where[block.key] = i
    listed = []
    for n in sorted(deviations):
        d = deviations[n]
        if d.state in ("applied", "changed") and d.action != "drop":
            i = where.get(d.target if d.action == "replace" else d.key)
            d = dataclasses.replace(d, block=i, text=final[i].text if i is not None else "")
        listed.append(d)
    return dataclasses.replace(letter, blocks=final, deviations=listed)


def render_with_form(
    tmpl: Any, facts: dict[str, Any], letter_date: Any, signer: dict[str, Any], edits: list[Any]
) -> tuple[Letter, Letter]:
    """Return a draft in the template's own wording and as the edits word it, the template
    rendered once (the window's redline against the form, redrawn as counsel type)."""
    from .templates import build_context, render_letter

    form = render_letter(tmpl, facts, letter_date, signer)
    if not edits:
        return form, form
    ctx, _problems = build_context(tmpl, facts, letter_date, signer, "draft")
    return form, apply_edits(form, edits, context_fallback(ctx, tmpl.schema))


# ---- what a deviation says ----------------------------------------------------------------------


def deviation_hash(deviation: Deviation) -> str:
    """Return the SHA-256 of an edited paragraph as printed (for a drop, of the wording dropped)."""
    return hashlib.sha256(deviation.text.encode("utf-8")).hexdigest()


def not_applied(letter: Letter) -> list[Deviation]:
    """Return the edits the letter could not apply (missing paragraph, empty, malformed)."""
    return [d for d in letter.deviations if d.state not in ("applied", "changed")]


def edit_problems(letter: Letter, where: str = "") -> list[Problem]:
    """Return a problem for each edit the letter could not apply, naming the edit's paragraph."""
    out = []
    for d in not_applied(letter):
        name = f"edit {d.edit + 1} (paragraph {d.key})" if d.key else f"edit {d.edit + 1}"
        message = d.message
        if message.startswith(name + ": "):
            message = message[len(name) + 2 :]
        out.append(Problem(f"{where}: {name}" if where else name, message))
    return out


# ---- changing a matter's edits (the window's editor) --------------------------------------------------
# Each takes the matter's list of edits as the file keeps it (unreadable ones included, kept) and
# returns a new list; nothing here changes the list it is given.


def _edit_index(edits: Sequence[Any], key: str, actions: Sequence[str]) -> int | None:
    for n, data in enumerate(edits):
        if isinstance(data, dict) and data.get("key") == key and data.get("action") in actions:
            return n
    return None


def is_added(edits: Sequence[Any], key: str) -> bool:
    """Return whether a paragraph key is one the matter added (not the template's)."""
    return _edit_index(edits, key, ("insert_after",)) is not None


def is_reworded(edits: Sequence[Any], key: str) -> bool:
    """Return whether the matter rewords (or, added, holds its own wording of) a paragraph."""
    return _edit_index(edits, key, ("replace", "insert_after")) is not None


def with_wording(
    edits: Sequence[Any], key: str, runs: Sequence[Run], form: str, time: str = ""
) -> list[Any]:
    """Return the edits with a paragraph's wording set: an added paragraph's own, else a
    rewording of the template's paragraph (whose wording now is `form`)."""
    if is_empty(runs):
        raise ValueError(MSG_EMPTY)
    out = list(edits)
    stamp = time or now_iso()
    n = _edit_index(out, key, ("insert_after",))
    if n is not None:
        data = dict(out[n])
        data["runs"] = [r.to_json() for r in runs]
        data["time"] = stamp
        out[n] = data
        return out
    made = Edit(key, "replace", tuple(runs), form, time=stamp).to_json()
    n = _edit_index(out, key, ("replace", "drop"))
    if n is None:
        out.append(made)
    else:
        out[n] = made
    return out


def without_edit(edits: Sequence[Any], key: str) -> list[Any]:
    """Return the edits with a paragraph's own edit removed: the template's wording back, or an
    added paragraph gone (the paragraphs added after it then follow the one it followed)."""
    out = list(edits)
    n = _edit_index(out, key, ("replace", "drop", "insert_after"))
    if n is None:
        return out
    removed = out.pop(n)
    if removed.get("action") == "insert_after":
        anchor = removed.get("after")
        out = [
            dict(d, after=anchor, form=removed.get("form", ""))
            if isinstance(d, dict) and d.get("after") == key
            else d
            for d in out
        ]
    return out


def with_drop(edits: Sequence[Any], key: str, form: str) -> list[Any]:
    """Return the edits with a paragraph dropped (an added one simply removed)."""
    if is_added(edits, key):
        return without_edit(edits, key)
    out = without_edit(edits, key)
    out.append(Edit(key, "drop", form=form, time=now_iso()).to_json())
    return out


def new_key(edits: Sequence[Any], kind: str) -> str:
    """Return a key for a paragraph the matter adds, unlike any edit's."""
    taken = {d.get("key") for d in edits if isinstance(d, dict)}
    n = 1
    while f"{kind}:added-{n}" in taken:
        n += 1
    return f"{kind}:added-{n}"


def with_added(
    edits: Sequence[Any], after: str, kind: str, runs: Sequence[Run], form: str
) -> tuple[list[Any], str]:
    """Return the edits with a paragraph added right after another, and the new paragraph's key.

    It stands before any added earlier after the same paragraph (they now follow it).
    """
    if is_empty(runs):
        raise ValueError(MSG_EMPTY)
    if kind not in ADDED_KINDS:
        raise ValueError(f"a paragraph added is one of {', '.join(ADDED_KINDS)}")
    key = new_key(edits, kind)
    made = Edit(key, "insert_after", tuple(runs), form, after, kind, now_iso()).to_json()
    out = [
        dict(d, after=key, form="")
        if isinstance(d, dict) and d.get("action") == "insert_after" and d.get("after") == after
        else d
        for d in edits
    ]
    out.append(made)
    return out, key


def with_form(edits: Sequence[Any], index: int, form: str, target: str = "") -> list[Any]:
    """Return the edits with one edit's record of the template's wording brought up to date
    (counsel reviewed the template's change and kept the edit), and with the key of the
    paragraph it was found on (`Deviation.target`) when that changed too."""
    out = list(edits)
    if 0 <= index < len(out) and isinstance(out[index], dict):
        data = dict(out[index], form=form)
        if target and data.get("action") == "insert_after":
            data["after"] = target
        elif target:
            data["key"] = target
        out[index] = data
    return out


def reattached(edits: Sequence[Any], index: int, key: str, form: str) -> list[Any]:
    """Return the edits with one edit moved to another paragraph of the template (an edit whose
    paragraph the template no longer has, placed again)."""
    out = list(edits)
    data = out[index] if 0 <= index < len(out) else None
    if not isinstance(data, dict):
        return out
    if data.get("action") == "insert_after":
        out[index] = dict(data, after=key, form=form)
    else:
        out = [
            d
            for n, d in enumerate(out)
            if n == index
            or not (
                isinstance(d, dict)
                and d.get("key") == key
                and d.get("action") in ("replace", "drop")
            )
        ]
        out[out.index(data)] = dict(data, key=key, form=form)
    return out


def without_index(edits: Sequence[Any], index: int) -> list[Any]:
    """Return the edits without one (an edit that cannot be read or placed, removed)."""
    return [d for n, d in enumerate(edits) if n != index]
