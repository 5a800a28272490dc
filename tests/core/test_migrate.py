"""Matters saved with an older template version: opened, converted by the [[migrate]] rules, and read as meant."""

import json
import shutil
from pathlib import Path

import pytest

from helpers import reference_body, words
from opiniondesk.core import migrate
from opiniondesk.core.errors import MissingFactsError, OpinionDeskError
from opiniondesk.core.matter import load_matter
from opiniondesk.core.templates import TemplateLibrary
from opiniondesk.writers.text import write_text

OLD = Path(__file__).resolve().parents[1] / "fixtures" / "old-matters"
OLD_MATTERS = sorted(OLD.glob("*.opinion"))
BUILTIN = TemplateLibrary([])


def _text(matter, copy="filing"):
    return (
        " ".join(write_text(matter.render(copy), width=0).split())
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )


def _examined(text):
    start = text.index("examined originals or copies")
    return text[start : text.index("as a basis for the opinions", start)]


def test_there_are_old_matters_of_every_template_but_none_current():
    """Ensure the fixtures hold a matter of each template saved with an older version (so the tests
    below cannot pass on current matters)."""
    assert len(OLD_MATTERS) == 7
    for path in OLD_MATTERS:
        data = json.loads(path.read_text())
        tmpl = BUILTIN.get(data["template"]["id"])
        assert migrate.version_key(data["template"]["version"]) < migrate.version_key(tmpl.version)


@pytest.mark.parametrize("tid", sorted({t.id for t in BUILTIN.templates()}))
def test_every_built_in_template_has_sound_rules(tid):
    """Ensure each built-in template's [[migrate]] tables name only its own facts and values."""
    tmpl = BUILTIN.get(tid)
    assert migrate.read_rules(tmpl), f"{tid} has no [[migrate]] rule for its previous version"


@pytest.mark.parametrize("path", OLD_MATTERS, ids=[p.stem for p in OLD_MATTERS])
def test_old_matter_opens_lists_each_document_once_and_says_what_changed(path):
    """Ensure a matter of the previous version opens, names each charter document once (its own
    list kept as written, none added), and carries a notice that names the conversions."""
    m = load_matter(path)
    notice = migrate.notice(m)
    assert notice and "saved with version" in notice and m.template_id in notice
    assert "List the charter, by-laws and resolutions yourself: 'yes'" in notice
    assert m.facts["own_documents_list"] is True
    examined = _examined(_text(m, "draft"))
    listed = m.facts.get("documents_examined") or ""
    for line in filter(None, listed.split("\n")):
        assert examined.count(line) == 1
    assert examined.count("by-laws") == listed.count("by-laws")
    assert examined.count("resolutions of") == listed.count("resolutions of")
    assert m.version_warning()  # still asks for a review until saved anew


def test_reference_matter_of_version_1_1_is_still_the_reference_letter(reference_text):
    """Ensure the 2001 CMSI matter saved by the previous version renders, after conversion, the
    reference letter word for word (no charter line added, the signer's name alone)."""
    m = load_matter(OLD / "cmsi-2001.opinion")
    text = write_text(m.render("filing"), width=0)
    assert words(text) == words(reference_body(reference_text))
    assert "Under the signer's name: 'The name alone'" in migrate.notice(m)


def test_s4_stockholder_approval_becomes_the_vote_on_the_issuance():
    """Ensure the renamed S-4 fact keeps its meaning: an approval of the issuance (stock exchange
    rules) reads as the old letter did, and the notice names the rename and the value."""
    m = load_matter(OLD / "s4-cobalt-bluefin.opinion")
    assert "stockholder_approval" not in m.facts and m.facts["stockholder_vote"] == "issuance"
    text = _text(m)
    assert (
        "The Shares have been duly authorized and, when issued in the Merger in accordance with the "
        "terms of the Merger Agreement and as contemplated by the Registration Statement, after the "
        "stockholders of the Company have approved their issuance as contemplated by the Merger "
        "Agreement, will be validly issued, fully paid and non-assessable." in text
    )
    notice = migrate.notice(m)
    assert (
        "'stockholder_approval' is now 'The registrant's stockholders vote' (stockholder_vote)"
        in notice
    )
    assert "yes became 'To approve the issuance of the shares (stock exchange rules)'" in notice


def test_s4_entity_words_become_ids_and_an_unknown_one_is_set_aside(tmp_path):
    """Ensure entity kinds stored as words ("limited liability company") become their ids, and a
    value no rule converts is set aside and named, never replaced by a guess."""
    data = json.loads((OLD / "s4-cobalt-bluefin.opinion").read_text())
    data["facts"].update(
        merger_sub_entity="limited liability company",
        target_entity="Limited Liability Company",
        stockholder_approval=False,
    )
    path = tmp_path / "m.opinion"
    path.write_text(json.dumps(data))
    m = load_matter(path)
    assert m.facts["merger_sub_entity"] == "limited_liability_company"
    assert m.facts["target_entity"] == "limited_liability_company"
    assert m.facts["stockholder_vote"] == "none"
    text = _text(m)
    assert "Cobalt Merger Sub, Inc., a Delaware limited liability company" in text
    assert "Bluefin Analytics, Inc., a Delaware limited liability company" in text
    assert "after the stockholders" not in text
    data["facts"]["target_entity"] = "business trust"
    path.write_text(json.dumps(data))
    m = load_matter(path)
    assert "target_entity" not in m.facts
    assert "Target's kind of entity: 'business trust' is not one of its choices" in migrate.notice(
        m
    )
    with pytest.raises(MissingFactsError) as err:
        m.render("filing")
    assert "target_entity" in [fid for fid, _ in err.value.missing]


def test_takedowns_keep_the_consent_in_the_prospectus_supplement():
    """Ensure the two takedown matters consent under the caption in the prospectus supplement, as
    their letters did, rather than the new default's base prospectus (Rule 436)."""
    for name in ("meridian-notes-2024.opinion", "cmsi-2002-3-series.opinion"):
        m = load_matter(OLD / name)
        assert m.facts["consent_caption_in"] == "supplement"
        assert "in the Prospectus Supplement. In giving such consent" in _text(m)


@pytest.mark.parametrize(
    ("name", "wording"),
    [
        ("cmsi-2002-3-series.opinion", "The Certificates have been duly authorized by CMSI and, when duly executed and delivered by CMSI, authenticated by the Trustee"),
        ("meridian-notes-2024.opinion", "The Notes have been duly authorized by all necessary corporate action of the Company and, when duly executed"),
        ("s1-harborlight-ipo.opinion", "The Selling Stockholder Shares have been duly authorized and are validly issued, fully paid and non-assessable."),
        ("s8-northwind-2024.opinion", "(c) the amended and restated certificate of incorporation and the amended and restated by-laws of the Company, each as in effect on the date hereof; (d) resolutions of the Board of Directors of the Company relating to the Plans and the registration of the Shares; and (e) such corporate records"),
        ("s4-cobalt-bluefin.opinion", "(c) the amended and restated certificate of incorporation and the amended and restated by-laws of the Company, each as in effect on the date hereof; (d) resolutions"),
    ],
)  # fmt: skip
def test_old_matter_renders_a_filing_copy_with_its_key_wording(name, wording):
    """Ensure each converted matter renders a filing copy, with no missing fact, in its own words."""
    m = load_matter(OLD / name)
    assert wording in _text(m)
    signer = [b.text for b in m.render("filing").blocks if b.kind == "signer"]
    if m.facts.get("signature_lines") == "name":
        assert signer == [m.signer["name"]]


def test_s3_guarantors_ask_for_what_the_new_version_opines_on():
    """Ensure the S-3 shelf's guarantors, saved by name alone, are not given a guessed jurisdiction:
    the notice asks for each one's jurisdiction and kind of entity, the filing copy is refused
    until they are filled, and then it names and covers them (issue 16.1; SLB 19)."""
    m = load_matter(OLD / "s3-meridian-shelf.opinion")
    notice = migrate.notice(m)
    current = BUILTIN.get(
        "s3-universal-shelf"
    ).version  # the notice asks in the current version's name
    for n in (1, 2):
        assert (
            f"Guarantors, item {n}: Jurisdiction of organization: version {current} needs it"
            in notice
        )
        assert f"Guarantors, item {n}: Kind of entity: version {current} needs it" in notice
    with pytest.raises(MissingFactsError) as err:
        m.render("filing")
    assert {fid for fid, _ in err.value.missing} == {
        "guarantors.0.jurisdiction",
        "guarantors.1.jurisdiction",
        "guarantors.0.entity",
        "guarantors.1.entity",
    }
    first, second = m.facts["guarantors"]
    first.update(jurisdiction="Delaware", entity="limited_liability_company")
    second.update(jurisdiction="Delaware", entity="corporation")
    text = _text(m)
    assert (
        "Meridian Industrial Operating Company LLC, a Delaware limited liability company, and "
        'Meridian Logistics Corp., a Delaware corporation (each, a "Guarantor")' in text
    )
    assert (
        "(e) the restated certificate of incorporation and the amended and restated by-laws" in text
    )
    assert "the Delaware Limited Liability Company Act" in text


def test_a_current_or_newer_matter_is_left_alone(tmp_path):
    """Ensure a matter of the template's own version, or of a newer one, is not converted, and a
    converted matter saved again opens unchanged (the rules do nothing twice)."""
    sample = (
        Path(__file__).resolve().parents[2] / "resources" / "samples" / "s4-cobalt-bluefin.opinion"
    )
    m = load_matter(sample)
    assert migrate.notice(m) is None and getattr(m, migrate.ATTRIBUTE, None) is None
    data = json.loads(sample.read_text())
    data["template"]["version"] = "9.0"
    data["facts"]["stockholder_approval"] = True
    path = tmp_path / "newer.opinion"
    path.write_text(json.dumps(data))
    with pytest.raises(OpinionDeskError, match="stockholder_approval"):
        load_matter(path)  # never "downgraded": a newer file's facts are its own
    old = load_matter(OLD / "s4-cobalt-bluefin.opinion")
    again = tmp_path / "again.opinion"
    again.write_text(old.dumps())
    reopened = load_matter(again)
    assert reopened.facts == old.facts
    assert "stockholder_approval" not in (migrate.notice(reopened) or "")


def _department(tmp_path, rules):
    """Return a department library whose template 'dept' is version 1.1, with the given rules."""
    root = tmp_path / "dept"
    folder = root / "dept"
    shutil.copytree(BUILTIN.get("s4-merger-shares").folder, folder)
    schema = (folder / "template.toml").read_text()
    schema = schema.split("\n# Matters saved with an earlier version")[0]
    schema = schema.replace('version = "1.2"', 'version = "1.1"', 1)
    (folder / "template.toml").write_text(schema + rules)
    return TemplateLibrary([root])


@pytest.mark.parametrize(
    ("rules", "problem"),
    [
        ('\n[[migrate]]\nbefore = "1.1"\nrename = { old = "nope" }\n', "not a fact of the template"),
        ('\n[[migrate]]\nbefore = "2.0"\n', "later than the template's version"),
        ('\n[[migrate]]\nbefore = "1.1"\nfill = { stockholder_vote = "maybe" }\n', "is not a value"),
        ('\n[[migrate]]\nbefore = "1.1"\nvalues.form = [{ old = "S-4", new = "S-4" }]\n', "both a new and an old value"),
        ('\n[[migrate]]\nbefore = "1.1"\nsurprise = 1\n', "unknown key 'surprise'"),
    ],
)  # fmt: skip
def test_a_department_template_with_a_bad_rule_is_refused_by_name(tmp_path, rules, problem):
    """Ensure a department template's unsound [[migrate]] table refuses its old matters with a
    message naming the file and the problem, never a half-converted matter."""
    library = _department(tmp_path, rules)
    data = json.loads((OLD / "s4-cobalt-bluefin.opinion").read_text())
    data["template"] = {"id": "dept", "version": "1.0"}
    data["facts"].pop("stockholder_approval")
    path = tmp_path / "m.opinion"
    path.write_text(json.dumps(data))
    with pytest.raises(OpinionDeskError) as err:
        load_matter(path, library)
    assert problem in str(err.value) and "template.toml" in str(err.value)


def test_a_department_template_migrates_its_own_matters(tmp_path):
    """Ensure a department template's own rules convert its old matters the same way."""
    library = _department(
        tmp_path,
        '\n[[migrate]]\nbefore = "1.1"\nrename = { approval = "stockholder_vote" }\n'
        'values.stockholder_vote = [{ old = "yes", new = "adoption" }]\n',
    )
    data = json.loads((OLD / "s4-cobalt-bluefin.opinion").read_text())
    data["template"] = {"id": "dept", "version": "1.0"}
    data["facts"].pop("stockholder_approval")
    data["facts"]["approval"] = "yes"
    data["facts"]["merger_structure"] = "direct"
    path = tmp_path / "m.opinion"
    path.write_text(json.dumps(data))
    m = load_matter(path, library)
    assert m.facts["stockholder_vote"] == "adoption"
    text = write_text(m.render("draft", library), width=0)
    assert "Section 251(c) of the General Corporation Law of the State of Delaware" in " ".join(
        text.split()
    )


def test_rules_are_those_read_with_the_template(tmp_path, monkeypatch):
    """Ensure an old matter is upgraded by the rules read when its template was loaded, without
    reading template.toml again."""
    from opiniondesk.core import template_files

    library = _department(
        tmp_path, '\n[[migrate]]\nbefore = "1.1"\nrename = { approval = "stockholder_vote" }\n'
    )
    assert library.get("dept").ok
    read = template_files.read_text

    def read_again(path, *args):
        assert path.name != "template.toml", f"{path} was read again"
        return read(path, *args)

    monkeypatch.setattr(template_files, "read_text", read_again)
    data = json.loads((OLD / "s4-cobalt-bluefin.opinion").read_text())
    data["template"] = {"id": "dept", "version": "1.0"}
    data["facts"].pop("stockholder_approval")
    data["facts"]["approval"] = "issuance"
    path = tmp_path / "m.opinion"
    path.write_text(json.dumps(data))
    m = load_matter(path, library)
    assert m.facts["stockholder_vote"] == "issuance" and "approval" not in m.facts
