"""Redlines in the core: paragraphs aligned by key, words diffed, accept and reject exact."""

import pytest

from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.model import Block, Letter, Text
from opiniondesk.core.redline import DEL, FMT, INS, as_letter, compare, diff_inlines
from redline_helpers import SAMPLES, changed_copy


def test_word_level_changes():
    """Ensure a changed word shows as the old word deleted and the new one inserted, the rest kept."""
    pieces = diff_inlines(
        (Text("The quick brown fox jumps."),),
        (Text("The slow brown fox "), Text("jumps", frozenset({"em"})), Text(".")),
    )
    shown = [(p.change, p.inline.text) for p in pieces]
    assert (DEL, "quick") in shown and (INS, "slow") in shown
    assert (FMT, "jumps") in shown
    assert "".join(t for c, t in shown if c != DEL) == "The slow brown fox jumps."
    assert "".join(t for c, t in shown if c != INS) == "The quick brown fox jumps."


def test_paragraphs_aligned_by_key():
    """Ensure paragraphs pair by key, an added one shows inserted and a removed one deleted."""
    a = Block("body", (Text("One two three."),), key="body:one")
    b = Block("body", (Text("Four five six."),), key="body:four")
    c = Block("body", (Text("Seven."),), key="body:seven")
    b2 = Block("body", (Text("Four five seven."),), key="body:four")
    redline = compare(Letter([a, b]), Letter([c, a, b2]))
    assert [(r.key, r.change) for r in redline.blocks] == [
        ("body:seven", INS),
        ("body:one", ""),
        ("body:four", "changed"),
    ]
    assert redline.accepted() == ["Seven.", "One two three.", "Four five seven."]
    assert redline.rejected() == ["One two three.", "Four five six."]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_samples_accept_and_reject_exactly(path):
    """Ensure each sample's redline accepts to the new letter's text and rejects to the old one's."""
    old, new = changed_copy(path)
    a, b = old.render(), new.render()
    redline = compare(a, b)
    assert redline.changes >= 2
    assert redline.accepted() == [f"{x.label}{x.text}" for x in b.blocks]
    assert redline.rejected() == [f"{x.label}{x.text}" for x in a.blocks]
    drawn = as_letter(redline)
    marks = {m for blk in drawn.blocks for i in blk.inlines for m in getattr(i, "marks", ())}
    assert {INS, DEL, FMT} <= marks


def test_different_templates_refused(sample_path):
    """Ensure a redline of letters on two templates is refused, naming both."""
    a = Letter([], template_id="abs-pass-through-certificates")
    b = Letter([], template_id="s8-employee-plans")
    with pytest.raises(OpinionDeskError) as info:
        compare(a, b)
    assert "abs-pass-through-certificates and s8-employee-plans" in str(info.value)
