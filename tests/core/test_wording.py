"""One-off wording: paragraph keys, edits applied to the letter, and edits that cannot apply."""

import json
from pathlib import Path

import pytest

from opiniondesk.core.errors import MissingFactsError, OpinionDeskError
from opiniondesk.core.matter import load_matter, save_matter
from opiniondesk.core.model import Block, Text
from opiniondesk.core.templates import parse_letter_markup, render_letter
from opiniondesk.core.wording import Edit, Run, apply_edits, form_of, runs_of, with_keys

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").glob("*.opinion"))


def sample():
    return load_matter(SAMPLES[0])


def block_of(letter, start):
    return next(b for b in letter.blocks if b.text.startswith(start))


def reword(block, old, new):
    """Return a replace edit of a block: its template wording with one word changed."""
    runs = [
        Run(r.text.replace(old, new), r.marks) if not r.fact and old in r.text else r
        for r in runs_of(block)
    ]
    return Edit(block.key, "replace", tuple(runs), form_of(block.inlines)).to_json()


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_keys_are_unique_and_survive_fact_changes(path):
    """Ensure each sample's paragraphs have distinct keys that stay when text facts change."""
    matter = load_matter(path)
    before = [b.key for b in matter.render().blocks]
    assert len(set(before)) == len(before)
    for fact, value in list(matter.facts.items()):
        spec = matter.template().schema.get(fact)
        if spec is not None and spec.type == "text" and isinstance(value, str):
            matter.facts[fact] = value + " Changed"
    assert [b.key for b in matter.render().blocks] == before


def test_key_attribute_and_derived_keys():
    """Ensure a template's key attribute is used and derived keys leave out facts and tell twins apart."""
    letter = parse_letter_markup(
        '<letter><body key="mine">Some words</body>'
        '<body>We have <f k="x">Acme</f> examined the documents</body>'
        "<body>We have examined the documents</body></letter>"
    )
    assert [b.key for b in letter.blocks] == [
        "mine",
        "body:examined-documents",
        "body:examined-documents#2",
    ]
    blocks = with_keys([Block("date", (Text("May 1", fact="letter_date"),))])
    assert blocks[0].key == "date"


def test_edit_stands_and_fact_token_follows_its_fact():
    """Ensure an edited paragraph prints the edit, and its fact token prints the fact's new value."""
    matter = sample()
    block = block_of(matter.render(), "Each series")
    matter.edits = [reword(block, "Each series", "Every series")]
    edited = block_of(matter.render(), "Every series")
    assert edited.key == block.key
    assert "Pooling and Servicing Agreement" in edited.text
    matter.facts["agreement_name"] = "Trust Agreement"
    again = block_of(matter.render(), "Every series")
    assert "separate Trust Agreement" in again.text
    assert "Pooling" not in again.text
    [deviation] = matter.render().deviations
    assert (deviation.state, deviation.action, deviation.block) == ("applied", "replace", 5)


def test_edits_survive_saving(tmp_path):
    """Ensure a saved and reopened matter keeps its edits and prints them."""
    matter = sample()
    block = block_of(matter.render(), "Each series")
    matter.edits = [reword(block, "Each series", "Every series")]
    save_matter(matter, tmp_path / "m.opinion")
    again = load_matter(tmp_path / "m.opinion")
    assert again.edits == matter.edits
    assert block_of(again.render(), "Every series")


def test_changed_template_paragraph_is_reported():
    """Ensure an edit whose template paragraph changed since says so, with old and new wording."""
    matter = sample()
    block = block_of(matter.render(), "Each series")
    edit = reword(block, "Each series", "Every series")
    edit["form"] = edit["form"].replace("separate", "distinct")
    matter.edits = [edit]
    letter = matter.render()
    [deviation] = letter.deviations
    assert deviation.state == "changed"
    assert "distinct" in deviation.form_then and "separate" in deviation.form_now
    assert "changed since it was edited" in deviation.message
    assert block_of(letter, "Every series")  # the edit still stands, flagged


def test_paragraph_found_by_wording_when_its_key_changed():
    """Ensure an edit whose key no longer exists finds its paragraph by its old wording."""
    matter = sample()
    block = block_of(matter.render(), "Each series")
    edit = reword(block, "Each series", "Every series")
    edit["key"] = "body:each-issue-issued-pursuant"
    matter.edits = [edit]
    letter = matter.render()
    assert block_of(letter, "Every series")
    assert letter.deviations[0].state == "changed"


def test_missing_paragraph_is_kept_and_named():
    """Ensure an edit of a paragraph the template lacks is not applied, kept, and named."""
    matter = sample()
    matter.edits = [
        Edit("body:no-such-paragraph", "replace", (Run("Words"),), "Nothing like it").to_json()
    ]
    tmpl = matter.template()
    letter = render_letter(
        tmpl, matter.facts, matter.letter_date, matter.signer, edits=matter.edits
    )
    assert letter.deviations[0].state == "missing"
    assert (
        letter.blocks == render_letter(tmpl, matter.facts, matter.letter_date, matter.signer).blocks
    )
    with pytest.raises(OpinionDeskError) as info:
        matter.render()
    assert "edit 1 (paragraph body:no-such-paragraph)" in str(info.value)
    assert "no longer has the paragraph" in str(info.value)


def test_empty_edit_is_refused():
    """Ensure an edit leaving its paragraph empty is not applied and says so."""
    matter = sample()
    block = block_of(matter.render(), "Each series")
    matter.edits = [Edit(block.key, "replace", (Run("   "),), form_of(block.inlines)).to_json()]
    with pytest.raises(OpinionDeskError) as info:
        matter.render()
    assert "leaves the paragraph empty" in str(info.value)


def test_malformed_edits_and_versions_never_stop_opening(tmp_path, sample_path):
    """Ensure a matter whose edits and versions are malformed opens, keeps them, and names them."""
    data = json.loads(sample_path.read_text())
    data["edits"] = [{"key": 3}, "nonsense", {"key": "body:x", "action": "explode"}]
    data["versions"] = {"name": 7}
    path = tmp_path / "bad.opinion"
    path.write_text(json.dumps(data))
    matter = load_matter(path)
    assert matter.facts == data["facts"]
    with pytest.raises(OpinionDeskError) as info:
        matter.render()
    text = str(info.value)
    assert f"{path}: edit 1: key must be text" in text
    assert "edit 3 (paragraph body:x): action 'explode'" in text
    assert f"{path}: version 1: has no name" in text
    save_matter(matter, tmp_path / "again.opinion")
    kept = json.loads((tmp_path / "again.opinion").read_text())
    assert kept["edits"] == data["edits"] and kept["versions"] == [data["versions"]]


def test_drop_and_add_paragraphs_renumber_opinions():
    """Ensure a dropped opinion and an added one after another renumber the opinions."""
    matter = sample()
    letter = matter.render()
    opinions = letter.blocks_of("opinion")
    first, second = opinions[0], opinions[1]
    matter.edits = [
        Edit(second.key, "drop", form=form_of(second.inlines)).to_json(),
        Edit(
            "opinion:added-1",
            "insert_after",
            (Run("The "), Run(fact="security_term"), Run(" are good.")),
            form_of(first.inlines),
            after=first.key,
            kind="opinion",
        ).to_json(),
        Edit(
            "body:added-2", "insert_after", (Run("And more."),), "", after="opinion:added-1"
        ).to_json(),
    ]
    edited = matter.render()
    texts = [(b.number, b.text) for b in edited.blocks if b.kind == "opinion"]
    assert texts[1] == (2, "The Certificates are good.")
    assert len(texts) == len(opinions)
    assert not any(b.text == second.text for b in edited.blocks)
    after = edited.blocks[edited.blocks.index(block_of(edited, "The Certificates")) + 1]
    assert after.text == "And more."
    assert [b.index for b in edited.blocks] == list(range(len(edited.blocks)))


def test_fact_token_placeholder_refuses_final_copy():
    """Ensure a fact token of a missing fact shows a placeholder and a filing copy refuses it."""
    matter = sample()
    block = block_of(matter.render(), "Each series")
    matter.edits = [reword(block, "Each series", "Every series")]
    del matter.facts["trustee_kinds"]
    assert "[" in block_of(matter.render(), "Every series").text
    with pytest.raises(MissingFactsError):
        matter.render("filing")


def test_apply_edits_is_pure():
    """Ensure applying edits leaves the letter it was given unchanged."""
    matter = sample()
    letter = matter.render()
    before = list(letter.blocks)
    block = block_of(letter, "Each series")
    edited = apply_edits(letter, [reword(block, "Each series", "Every series")])
    assert letter.blocks == before and edited.blocks != before


def test_render_with_form_matches_two_renders():
    """Ensure one render gives both the template's wording and the edited letter, as two would."""
    from opiniondesk.core.wording import render_with_form

    matter = sample()
    block = block_of(matter.render(), "Each series")
    matter.edits = [reword(block, "Each series", "Every series")]
    tmpl = matter.template()
    form, edited = render_with_form(
        tmpl, matter.facts, matter.letter_date, matter.signer, matter.edits
    )
    plain = render_letter(tmpl, matter.facts, matter.letter_date, matter.signer)
    assert form.blocks == plain.blocks
    assert edited.blocks == matter.render().blocks
    assert edited.deviations == matter.render().deviations


def test_editing_the_list_of_edits():
    """Ensure the editor's changes to the list of edits keep order, re-anchor and place again."""
    from opiniondesk.core.wording import (
        reattached,
        with_added,
        with_drop,
        with_wording,
        without_edit,
    )

    matter = sample()
    letter = matter.render()
    each = block_of(letter, "Each series")
    based = block_of(letter, "Based on the foregoing")
    edits, first = with_added([], each.key, "body", (Run("First."),), form_of(each.inlines))
    edits, second = with_added(edits, each.key, "body", (Run("Second."),), form_of(each.inlines))
    matter.edits = edits
    texts = [b.text for b in matter.render().blocks]
    at = texts.index(each.text)
    assert texts[at + 1 : at + 3] == ["Second.", "First."]  # the newest right after its paragraph
    matter.edits = without_edit(edits, second)  # "First." now follows the template's paragraph
    assert [d.state for d in matter.render().deviations] == ["applied"]
    matter.edits = with_drop(matter.edits, based.key, form_of(based.inlines))
    assert based.text not in [b.text for b in matter.render().blocks]
    with pytest.raises(ValueError):
        with_wording([], each.key, (Run("  "),), "")
    gone = Edit("body:gone", "replace", (Run("Placed again."),), "old").to_json()
    matter.edits = [gone]
    with pytest.raises(OpinionDeskError):  # it cannot be placed until it is placed again
        matter.render()
    placed = reattached([gone], 0, based.key, form_of(based.inlines))
    matter.edits = placed
    assert block_of(matter.render(), "Placed again.").key == based.key
    assert first != second
