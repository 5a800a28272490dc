"""A precedent becomes a template: facts found, template made, round trip proven, safely written."""

import pytest

from conftest import FIXTURES
from helpers import reference_body
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.matter import load_matter
from opiniondesk.core.precedent import find_facts, save_template
from opiniondesk.core.precedent.proposals import (
    fact_from_selection,
    merge,
    optional_paragraph,
    retype,
)
from opiniondesk.core.precedent.roundtrip import compare, words
from opiniondesk.core.templates import TemplateLibrary, render_letter
from opiniondesk.readers import read_pasted, read_precedent
from opiniondesk.writers.text import write_text

REFERENCE = FIXTURES / "exhibit-5.1-cmsi-2001.txt"


def _facts(proposals):
    return {p.id: p for p in proposals if p.accepted}


def _import(tmp_path, precedent, template_id="precedent", proposals=None):
    proposals = find_facts(precedent.letter) if proposals is None else proposals
    saved = save_template(
        precedent.letter,
        proposals,
        tmp_path / "dept",
        template_id=template_id,
        name="Imported",
        source="test",
        matter_path=tmp_path / f"{template_id}.opinion",
    )
    return saved, proposals


def _render(tmp_path, saved, copy="filing", **changes):
    library = TemplateLibrary([tmp_path / "dept"])
    matter = load_matter(saved.matter_path, library)
    matter.facts.update(changes)
    tmpl = library.get(saved.template_id)
    return render_letter(tmpl, matter.facts, matter.letter_date, matter.signer, copy)


def test_reference_letter_facts_found():
    """Ensure the reference letter's date, registrant, address, state, form, amount, caption and
    signer are found, each with every occurrence."""
    facts = _facts(find_facts(read_precedent(REFERENCE).letter))
    assert facts["letter_date"].value == "2001-10-23"
    assert facts["registrant_name"].value == "Citicorp Mortgage Securities, Inc."
    assert len(facts["registrant_name"].occurrences) == 3  # address, body, header
    assert facts["registrant_short_name"].value == "CMSI"
    assert len(facts["registrant_short_name"].occurrences) == 10
    assert facts["registrant_address"].value == "12855 North Outer Forty Drive\nSt. Louis, MO 63141"
    assert facts["registrant_jurisdiction"].value == "Delaware"
    assert facts["registrant_entity"].value == "corporation"
    assert facts["form"].value == "S-3"
    assert facts["aggregate_amount"].value == "1000000000"
    assert facts["aggregate_amount"].occurrences[0].form == "money:short"
    assert facts["prospectus_caption"].value == "Legal opinions"
    assert facts["signer.name"].value == "John R. Dye"
    assert facts["signer.conformed"].value == "John R. Dye"
    assert facts["signer.employer"].value == "Citigroup Inc."
    assert facts["governing_law_state"].value == "New York"


def test_reference_round_trip_gives_back_every_word(tmp_path, reference_text):
    """Ensure the template made from the reference renders its words, checked against the file."""
    saved, _ = _import(tmp_path, read_precedent(REFERENCE))
    assert saved.round_trip.ok, saved.round_trip.summary()
    letter = _render(tmp_path, saved)
    assert words(write_text(letter)) == words(reference_body(reference_text))
    header = [" ".join(i.text for i in line) for line in letter.header]
    assert header == ["Citicorp Mortgage Securities, Inc.", "Page  #"]


def test_changing_the_registrant_leaves_no_trace(tmp_path):
    """Ensure a new registrant name replaces the old one everywhere, header included."""
    saved, _ = _import(tmp_path, read_precedent(REFERENCE))
    letter = _render(tmp_path, saved, registrant_name="Northwind Mortgage Funding LLC")
    text = write_text(letter) + " ".join(i.text for line in letter.header for i in line)
    assert "Citicorp Mortgage Securities" not in text
    assert text.count("Northwind Mortgage Funding LLC") == 3


def test_matter_holds_values_not_paragraphs(tmp_path):
    """Ensure the precedent's matter holds the facts' values, never whole paragraphs."""
    saved, _ = _import(tmp_path, read_precedent(REFERENCE))
    matter = load_matter(saved.matter_path, TemplateLibrary([tmp_path / "dept"]))
    assert matter.letter_date == "2001-10-23"
    assert matter.signer["name"] == "John R. Dye"
    assert all(len(str(v)) < 120 for v in matter.facts.values())


TRICKY = """March 3, 2025

Acme Corp.
1 Main Street

Ladies and Gentlemen:

The defined terms {{ 7*7 }} and {% if x %}yes{% endif %} and {# hidden #} and {{ "x" }} stay words.
Markup <b>bold</b> & entities &amp; and </body> too; so does a brace { alone and }} after.

Very truly yours,

/s/ Jane Q. Smith
"""


def test_template_syntax_in_a_precedent_stays_words(tmp_path):
    """Ensure text that looks like template syntax or markup is kept literally, never run."""
    saved, _ = _import(tmp_path, read_pasted(TRICKY))
    assert saved.round_trip.ok, saved.round_trip.summary()
    text = write_text(_render(tmp_path, saved), width=0)
    assert '{{ 7*7 }} and {% if x %}yes{% endif %} and {# hidden #} and {{ "x" }}' in text
    assert "<b>bold</b> & entities &amp; and </body>" in text
    assert "49" not in text


def test_existing_template_is_never_overwritten(tmp_path):
    """Ensure an id already taken gets a new one, named, and the old folder is untouched."""
    old = tmp_path / "dept" / "precedent"
    old.mkdir(parents=True)
    (old / "template.toml").write_text("# mine\n")
    saved, _ = _import(tmp_path, read_precedent(REFERENCE))
    assert saved.renamed and saved.template_id == "precedent-2"
    assert (old / "template.toml").read_text() == "# mine\n"
    assert not (old / "letter.xml.j2").exists()


def test_nothing_is_written_when_the_import_fails(tmp_path, monkeypatch):
    """Ensure a failure mid-import leaves neither a template folder nor a staging folder."""
    from opiniondesk.core.precedent import save

    def boom(*args, **kwargs):
        raise OpinionDeskError("disk gone")

    monkeypatch.setattr(save, "prove", boom)
    with pytest.raises(OpinionDeskError):
        _import(tmp_path, read_precedent(REFERENCE))
    assert list((tmp_path / "dept").iterdir()) == []
    assert not (tmp_path / "precedent.opinion").exists()


def test_existing_matter_file_is_refused_before_writing(tmp_path):
    """Ensure a matter file that exists is refused and no template is written."""
    (tmp_path / "precedent.opinion").write_text("{}")
    with pytest.raises(OpinionDeskError, match="already exists"):
        _import(tmp_path, read_precedent(REFERENCE))
    assert not (tmp_path / "dept").exists() or not list((tmp_path / "dept").iterdir())


def test_round_trip_that_fails_marks_the_template(tmp_path):
    """Ensure a template that does not give the words back is still written, marked."""
    precedent = read_precedent(REFERENCE)
    proposals = find_facts(precedent.letter)
    _facts(proposals)["registrant_short_name"].value = "CMS"  # not what the letter says
    saved, _ = _import(tmp_path, precedent, proposals=proposals)
    assert not saved.round_trip.ok
    first = saved.round_trip.differences[0]
    assert first.precedent == "CMSI" or "CMSI" in first.precedent
    schema = (saved.folder / "template.toml").read_text()
    assert "check before use" in schema and "CHECK BEFORE USE" in schema
    assert TemplateLibrary([tmp_path / "dept"]).get(saved.template_id).ok


def test_folder_taken_while_importing_keeps_the_mark_and_the_matter_id(tmp_path, monkeypatch):
    """Ensure a template folder made by someone else during the import gets the import a free id
    whose template keeps its "check before use" mark and whose matter names that id."""
    from opiniondesk.core.precedent import save

    precedent = read_precedent(REFERENCE)
    proposals = find_facts(precedent.letter)
    _facts(proposals)["registrant_short_name"].value = "CMS"  # not what the letter says
    prove = save.prove

    def prove_while_taken(*args, **kwargs):
        (tmp_path / "dept" / "precedent").mkdir(exist_ok=True)  # another user's import
        return prove(*args, **kwargs)

    monkeypatch.setattr(save, "prove", prove_while_taken)
    saved, _ = _import(tmp_path, precedent, proposals=proposals)
    assert saved.template_id == "precedent-2" and saved.folder == tmp_path / "dept" / "precedent-2"
    assert list((tmp_path / "dept" / "precedent").iterdir()) == []
    schema = (saved.folder / "template.toml").read_text()
    assert "CHECK BEFORE USE" in schema
    assert saved.draft.template_id == "precedent-2"
    library = TemplateLibrary([tmp_path / "dept"])
    assert load_matter(saved.matter_path, library).template_id == "precedent-2"
    assert sorted(p.name for p in (tmp_path / "dept").iterdir()) == ["precedent", "precedent-2"]


def test_compare_names_the_paragraph_that_differs():
    """Ensure the round trip says which paragraph differs and how."""
    letter = read_precedent(REFERENCE).letter
    other = read_precedent(REFERENCE).letter
    block = other.blocks[5]
    other.blocks[5] = type(block)(block.kind, (type(block.inlines[0])("Each series of Notes"),))
    result = compare(letter, other)
    assert not result.ok
    assert result.differences[0].paragraph == 6
    assert "Certificates" in result.differences[0].precedent


def test_edits_reject_select_merge_retype_optional(tmp_path):
    """Ensure counsel's edits work: reject, a fact from a selection, merge, retype, optional."""
    letter = read_precedent(REFERENCE).letter
    proposals = find_facts(letter)
    facts = _facts(proposals)
    facts["governing_law_state"].accepted = False
    body = next(n for n, b in enumerate(letter.blocks) if b.text.startswith("Each series"))
    start = letter.blocks[body].text.index("Pooling and Servicing Agreement")
    new = fact_from_selection(letter, proposals, body, start, start + 31, "Governing agreement")
    assert new.id == "governing_agreement" and len(new.occurrences) == 8
    proposals.append(new)
    with pytest.raises(OpinionDeskError, match="already part"):
        fact_from_selection(letter, proposals, body, start, start + 10)
    retype(facts["exhibit_number"], "text")
    with pytest.raises(OpinionDeskError):
        retype(facts["registrant_name"], "money")
    with pytest.raises(OpinionDeskError):
        merge(facts["registrant_name"], facts["aggregate_amount"])
    consent = next(n for n, b in enumerate(letter.blocks) if b.text.startswith("I hereby consent"))
    optional = optional_paragraph(letter, proposals, consent)
    proposals.append(optional)
    saved, _ = _import(tmp_path, read_precedent(REFERENCE), proposals=proposals)
    assert saved.round_trip.ok, saved.round_trip.summary()
    schema = (saved.folder / "template.toml").read_text()
    assert 'id = "governing_agreement"' in schema and "governing_law_state" not in schema
    dropped = _render(
        tmp_path, saved, **{optional.id: False, "governing_agreement": "Trust Agreement"}
    )
    text = write_text(dropped, width=0)
    assert "I hereby consent" not in text
    assert "Trust Agreement" in text and "Pooling and Servicing" not in text


@pytest.mark.parametrize("fmt", ["docx", "txt"])
def test_sample_outputs_import_back(tmp_path, sample_path, reference_text, fmt):
    """Ensure the built-in sample's own filing DOCX and text import back word for word, with the
    reference facts, and a new registrant name leaves no trace of the old."""
    from opiniondesk.readers import read_bytes
    from opiniondesk.writers import write_letter

    sample = load_matter(sample_path)
    data = write_letter(sample.render("filing"), fmt)
    precedent = read_bytes(data, f"sample.{fmt}")
    facts = _facts(find_facts(precedent.letter))
    for fact_id, value in {
        "letter_date": "2001-10-23",
        "registrant_name": "Citicorp Mortgage Securities, Inc.",
        "registrant_short_name": "CMSI",
        "registrant_address": "12855 North Outer Forty Drive\nSt. Louis, MO 63141",
        "registrant_jurisdiction": "Delaware",
        "form": "S-3",
        "aggregate_amount": "1000000000",
        "prospectus_caption": "Legal opinions",
        "signer.name": "John R. Dye",
        "signer.employer": "Citigroup Inc.",
    }.items():
        assert facts[fact_id].value == value, fact_id
    saved, _ = _import(tmp_path, precedent, template_id=f"sample-{fmt}")
    assert saved.round_trip.ok, saved.round_trip.summary()
    letter = _render(tmp_path, saved)
    assert words(write_text(letter)) == words(reference_body(reference_text))
    renamed = _render(tmp_path, saved, registrant_name="Northwind Mortgage Funding LLC")
    text = write_text(renamed) + " ".join(i.text for line in renamed.header for i in line)
    assert "Citicorp Mortgage Securities" not in text


def test_fact_ids_never_clash_with_template_names():
    """Ensure a fact labelled like a template name or a jinja2 word gets an id a template allows."""
    from opiniondesk.core.precedent.proposals import unique_id

    assert unique_id("Copy", set()) == "copy_2"
    assert unique_id("In", set()) == "in_2"
    assert unique_id("Signer", set()) == "signer_2"
    assert unique_id("2025 Plan", set()) == "fact_2025_plan"
    assert unique_id("Trustee", {"trustee"}) == "trustee_2"


def test_template_larger_than_a_template_file_is_refused_naming_the_precedent(tmp_path):
    """Ensure a letter whose template would be larger than a template file may be is refused
    when the template is made, naming the precedent, with nothing written."""
    from opiniondesk.core.template_files import MAX_FILE_BYTES

    filler = "Terms & conditions & schedules & exhibits & annexes were filed with the Commission. "
    body = "\n\n".join(f"Paragraph {n}. {filler * 10}" for n in range(145))  # "&" is "&amp;"
    precedent = read_pasted(f"June 1, 2024\n\nAcme Corp.\n\nLadies and Gentlemen:\n\n{body}")
    assert sum(len(b.text) for b in precedent.letter.blocks) < MAX_FILE_BYTES
    with pytest.raises(OpinionDeskError) as caught:
        _import(tmp_path, precedent)
    message = str(caught.value)
    assert message.startswith("test: ") and ".opiniondesk-import-" not in message
    assert f"{MAX_FILE_BYTES:,}" in message
    assert list((tmp_path / "dept").iterdir()) == []
    assert not (tmp_path / "precedent.opinion").exists()
