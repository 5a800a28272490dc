"""What a check produces (`Finding`) and how each rule registers itself (`Rule`, `RULES`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from .places import LETTER, PARAGRAPH

if TYPE_CHECKING:
    from .context import CheckContext

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {s: n for n, s in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Finding:
    """One thing an examiner would object to: which rule, how bad, where, what to do, and why.

    `block` is the index of the paragraph in `Letter.blocks` (None when the finding concerns the
    letter as a whole). `run_checks` adds where a reader finds it (see `places`): `paragraph`
    counts the body and opinion paragraphs as the letter shows them (None for the date, address,
    signature and the like), `where` names it ("paragraph 9 (opinion 3)", "the signature") and
    `opening` gives its first words. `message` is worded for counsel without the rule id; `text`
    adds it.
    """

    rule_id: str
    severity: str
    block: int | None
    message: str
    fix: str
    source: str
    paragraph: int | None = None
    where: str = ""
    opening: str = ""

    @property
    def place(self) -> str:
        """Return where the finding stands, as users read it: "paragraph 7" or "letter"."""
        if self.where:
            return self.where
        return LETTER if self.block is None else PARAGRAPH.format(num=self.block + 1)

    @property
    def text(self) -> str:
        """Return the message as users see it, naming the rule: "X5-QUAL-02: ..."."""
        return f"{self.rule_id}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        """Return the finding as a JSON object (the paragraph as a reader counts it, and its name)."""
        data = asdict(self)
        data["where"] = self.place
        return data


@dataclass(frozen=True)
class Rule:
    """One rule of opinion-rules.md: its id, what it checks, the source to cite, and its check."""

    id: str
    title: str
    source: str
    check: Callable[[Rule, CheckContext], Iterable[Finding]]
    customary: bool = False

    def run(self, ctx: CheckContext) -> list[Finding]:
        """Return this rule's findings on one letter."""
        return list(self.check(self, ctx))

    def finding(self, severity: str, block: int | None, message: str, fix: str) -> Finding:
        """Return a finding of this rule; a customary rule never reports more than a warning."""
        if self.customary and severity == "error":
            severity = "warning"
        return Finding(self.id, severity, block, message, fix, self.source)


def say(template: str, **fields: object) -> str:
    """Return a user-facing message from its template and named fields ("{where} limits ...").

    Messages are written as templates with named fields, never built by concatenation, so that a
    translation can later replace the template and keep the fields.
    """
    return template.format(**fields)


LIST_LIMIT = 5
AND_MORE = "{items} and {count} more"
AND_LAST = "{items} and {last}"


def listing(items: list[str], limit: int = LIST_LIMIT) -> str:
    """Return items as a list counsel reads: "a, b and c"; past `limit`, "a, ..., e and 2 more"."""
    if len(items) > limit:
        return say(AND_MORE, items=", ".join(items[:limit]), count=len(items) - limit)
    if len(items) > 1:
        return say(AND_LAST, items=", ".join(items[:-1]), last=items[-1])
    return items[0] if items else ""


def counted(count: int, one: str, many: str, **fields: object) -> str:
    """Return the message for one thing or for several ("1 fact is", "3 facts are")."""
    return say(one if count == 1 else many, count=count, **fields)


# Where a security's name stops being its head noun: "Notes due 2035", "Guarantee of the Notes",
# "shares of Common Stock", "Preferred Stock, Series A".
_AFTER_HEAD_RE = re.compile(
    r"\s+(?:due|of|to|for|under|representing|issuable|exercisable|convertible|in|on|with|by|or)\b"
    r"|[,(;:]",
    re.I,
)
_SINGULAR_IN_S = ("series", "species", "means")


def is_plural(noun: str) -> bool:
    """Return whether a name reads as plural, by its head word: "the Guarantees", "the ADSs", "the
    Notes due 2035" and "debt securities" are plural; "the Guarantee", "the Common Stock", "the
    Preferred Stock, Series A" and "preferred stock" singular; two joined by "and" plural."""
    text = " ".join(str(noun).split())
    if re.search(r"\s(?:and|&)\s", text):
        return True
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", _AFTER_HEAD_RE.split(text, maxsplit=1)[0])
    if not words:
        return False
    word = words[-1]
    if word.lower() in _SINGULAR_IN_S:
        return False
    if len(word) > 1 and word.endswith("s") and word[:-1].isupper():
        return True  # an acronym's plural: "ADSs"
    return word.lower().endswith("s") and not word.lower().endswith(("ss", "us", "is"))


def agreeing(noun: str, one: str, many: str, **fields: object) -> str:
    """Return the message whose words agree with a name ("the Guarantee depends", "the Guarantees
    depend"): `one` for a singular name, `many` for a plural one (`is_plural`)."""
    return say(many if is_plural(noun) else one, **fields)


RULES: dict[str, Rule] = {}


CheckFunction = Callable[[Rule, "CheckContext"], Iterable[Finding]]


def rule(
    rule_id: str, title: str, source: str, customary: bool = False
) -> Callable[[CheckFunction], Rule]:
    """Register the decorated `check(rule, ctx)` as the check of one rule id; return the `Rule`."""

    def register(check: CheckFunction) -> Rule:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} is registered twice")
        made = Rule(rule_id, title, source, check, customary)
        RULES[rule_id] = made
        return made

    return register
