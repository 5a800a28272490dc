"""Opinion checks: what an SEC examiner would object to in an Exhibit 5 letter, rule by rule.

`run_checks(matter, letter, template)` reads the facts and the rendered letter model (paragraph
kinds and text, never the DOCX) and returns `Finding`s, each naming its rule id (opinion-rules.md,
and the further rules docs/checks.md lists), a severity ("error", "warning", "info"), the
paragraph it concerns (its block index, and where a reader finds it: `places`), a one-line fix
and the source to cite. One module per rule lives in `rules/`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from .base import SEVERITIES, SEVERITY_RANK, Finding, Rule
from .places import LETTER

if TYPE_CHECKING:
    from ..matter import Matter
    from ..model import Letter
    from ..templates import Template

__all__ = ["RULES", "SEVERITIES", "CheckContext", "Finding", "Rule", "errors_of", "run_checks"]


def run_checks(
    matter: Matter | None,
    letter: Letter,
    template: Template | None = None,
    invalid: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Return every rule's findings on the letter, errors first, then in paragraph order.

    `invalid` names the facts whose values were refused (fact id, or "list.N.field", to the
    problem): the letter shows them as placeholders, and the checks call them invalid, not missing.
    Each finding says where a reader finds it (`Finding.paragraph`, `where`, `opening`).
    """
    rules = _registry()
    from .context import CheckContext

    ctx = CheckContext(matter, letter, template, invalid)
    findings: list[Finding] = []
    for rule in rules.values():
        findings += rule.run(ctx)
    from .deviations import deviation_findings  # the matter's own wording, edit by edit

    findings += deviation_findings(letter)
    order = {rid: n for n, rid in enumerate(rules)}
    findings.sort(
        key=lambda f: (
            SEVERITY_RANK[f.severity],
            f.block if f.block is not None else -1,
            order.get(f.rule_id, len(order)),
        )
    )
    where = ctx.places
    placed = []
    for f in findings:
        place = where.get(f.block) if f.block is not None else None
        if place is None:
            placed.append(replace(f, paragraph=None, where=LETTER, opening=""))
        else:
            placed.append(
                replace(f, paragraph=place.number, where=place.label, opening=place.opening)
            )
    return placed


def errors_of(findings: list[Finding]) -> list[Finding]:
    """Return the findings that are errors."""
    return [f for f in findings if f.severity == "error"]


def _registry() -> dict[str, Rule]:
    """Return every rule, importing the rule modules (which register themselves) on first use.

    They load when first needed rather than with the package, so the window starts sooner.
    """
    from . import rules  # noqa: F401 - importing registers every rule
    from .base import RULES

    return RULES


def __getattr__(name: str) -> object:
    if name == "RULES":
        return _registry()
    if name == "CheckContext":
        from .context import CheckContext

        return CheckContext
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
