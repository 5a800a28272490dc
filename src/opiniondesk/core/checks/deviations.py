"""Deviations from the approved form: each of the matter's own edits to the template's wording,
listed with the opinion checks' findings (`Letter.deviations`, made by `core.wording`)."""

from __future__ import annotations

from ..model import Deviation, Letter
from .base import Finding, say

RULE_ID = "DEVIATION"
SOURCE = "the department's approved form (template {tmpl})"
APPLIED = {
    "replace": "paragraph reworded for this matter ({key}): it deviates from the approved form",
    "insert_after": "paragraph added for this matter: it deviates from the approved form",
    "drop": "the template's paragraph {key} is dropped for this matter: the letter deviates "
    "from the approved form",
}
FIX_APPLIED = "have the change approved, or revert the paragraph to the template's wording"
FIX_CHANGED = (
    "Edit > Paragraph Edits: compare the template's old and new wording with the edit, then "
    "keep the edit or revert"
)
FIX_BROKEN = "Edit > Paragraph Edits: place the edit again, or remove it"


def _finding(d: Deviation, template: str) -> Finding:
    source = say(SOURCE, tmpl=template or "?")
    if d.state == "applied":
        message = say(APPLIED.get(d.action, APPLIED["replace"]), key=d.key)
        return Finding(RULE_ID, "warning", d.block, message, FIX_APPLIED, source)
    if d.state == "changed":
        return Finding(RULE_ID, "warning", d.block, d.message, FIX_CHANGED, source)
    return Finding(RULE_ID, "error", None, d.message, FIX_BROKEN, source)


def deviation_findings(letter: Letter) -> list[Finding]:
    """Return a finding for each edit of the letter's wording: a warning for each applied (and
    for each whose template paragraph has changed since), an error for each not applied."""
    return [_finding(d, letter.template_id) for d in letter.deviations]
