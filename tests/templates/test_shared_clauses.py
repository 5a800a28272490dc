"""The clauses every template shares: assumptions, laws, local counsel, consent and signature."""

import pytest
from letters import SAMPLE_FOR, load_sample, opinions, paragraphs, text_of

from opiniondesk.core.templates import default_library

ALL = sorted(SAMPLE_FOR)


@pytest.mark.parametrize("tid", ALL)
def test_every_template_uses_the_shared_clauses(tid):
    """Ensure every template's letter carries the shared examined, law, consent and signature clauses."""
    m = load_sample(tid)
    text = text_of(m)
    assert "have examined originals or copies, certified or otherwise identified to" in text
    assert "The opinions expressed herein are limited to" in text
    assert "hereby consent to the use and filing of this opinion as an exhibit to" in text
    assert [k for k, _ in paragraphs(m, "draft")][-3:] == ["closing", "signature", "signer"]
    source = (default_library().get(tid).folder / "letter.xml.j2").read_text()
    assert '{%- import "_shared/clauses.xml.j2" as c with context -%}' in source
    assert (
        "hereby consent" not in source and "are limited to" not in source
    )  # written once, in _shared


@pytest.mark.parametrize("tid", ALL)
def test_further_assumptions_from_the_allowed_list(tid):
    """Ensure each allowed further assumption adds its customary words, and none leaves only signatures."""
    m = load_sample(tid)
    m.facts["further_assumptions"] = []
    bare = text_of(m)
    assert "have examined are genuine." in bare and "In addition," not in bare
    m.facts["further_assumptions"] = [
        {"assumption": a}
        for a in (
            "authentic_originals",
            "conforming_copies",
            "legal_capacity",
            "filed_form",
            "other_parties",
            "officer_certificates",
        )
    ]
    text = text_of(m)
    assert (
        "are genuine, that all documents submitted to" in text
        and "had the legal capacity to do so." in text
    )
    assert "In addition," in text and "; and that" in text
    assert "certificates of officers of" in text


@pytest.mark.parametrize("tid", ALL)
def test_laws_covered_in_order(tid):
    """Ensure the law limitation names the chosen laws, in order, by their customary names."""
    m = load_sample(tid)
    m.facts.pop("guarantors", None)  # their laws join the list: see test_guarantors_*
    if tid == "s3-universal-shelf":
        m.facts["securities"] = [{"kind": "common_stock"}, {"kind": "debt_securities"}]
    m.facts["laws_covered"] = [
        {"law": "federal"},
        {"law": "governing_law"},
        {"law": "corporate_law"},
    ]
    m.facts["governing_law_state"] = "New York"
    assert (
        "limited to the federal laws of the United States of America, the laws of the State of New York and the "
        "General Corporation Law of the State of Delaware." in text_of(m)
    )
    m.facts["registrant_jurisdiction"] = "Maryland"
    m.facts["laws_covered"] = [{"law": "corporate_law"}]
    assert "limited to the laws of the State of Maryland." in text_of(m)


@pytest.mark.parametrize("tid", ALL)
def test_local_counsel_for_another_exhibit(tid):
    """Ensure named local counsel is relied on for the state of incorporation's law, by exhibit."""
    m = load_sample(tid)
    m.facts["local_counsel"] = "Venable LLP"
    m.facts["registrant_jurisdiction"] = "Maryland"
    text = text_of(m)
    assert "As to matters governed by the laws of the State of Maryland" in text
    assert "upon the opinion of Venable LLP, filed as" in text
    if default_library().get(tid).schema.get("local_counsel_exhibit"):
        m.facts["local_counsel_exhibit"] = "5.2"
        assert "Venable LLP, filed as Exhibit 5.2 to" in text_of(m)


@pytest.mark.parametrize("tid", ALL)
def test_section7_statement_optional(tid):
    """Ensure the Section 7 non-admission appears only when chosen and the consent stands either way."""
    m = load_sample(tid)
    assert "Section 7 of the Act" in text_of(m)
    m.facts["section7_statement"] = False
    text = text_of(m)
    assert "Section 7" not in text and "hereby consent to the use and filing" in text


@pytest.mark.parametrize("tid", ALL)
def test_no_reliance_limits_nor_forbidden_assumptions(tid):
    """Ensure no template limits reliance or assumes the registrant's incorporation, power or authorization."""
    text = text_of(load_sample(tid)).lower()
    for phrase in (
        "solely for your benefit",
        "may not be relied",
        "only for the purpose",
        "admitted to practice",
        "assumed that the company is duly incorporated",
        "assumed the due authorization",
    ):
        assert phrase not in text


EQUITY = ["s1-ipo-common-stock", "s3-universal-shelf", "s4-merger-shares", "s8-employee-plans"]


@pytest.mark.parametrize("tid", EQUITY)
@pytest.mark.parametrize("place", ["Ontario", "Israel", "Ruritania"])
def test_a_foreign_corporation_says_what_non_assessable_means(tid, place):
    """Ensure a registrant organised outside the United States (an Ontario corporation, a company of
    Israel, one the table does not know) has "non-assessable" explained under its own law, as
    X5-FOR-01 asks (SLB 19, foreign registrants), and the check is quiet."""
    from opiniondesk.core import jurisdictions as J
    from opiniondesk.core.checks import run_checks

    m = load_sample(tid)
    m.facts["registrant_jurisdiction"] = place
    j = J.find(place)
    m.facts["registrant_entity"] = j.entities[0] if j else "corporation"
    equity = [t for t in opinions(m) if "non-assessable" in t]
    assert equity
    for t in equity:
        assert "non-assessable (which term, as used herein, means that no further sums are" in t
    findings = run_checks(m, m.render("draft"), m.template())
    assert not [f.text for f in findings if f.rule_id == "X5-FOR-01"]


@pytest.mark.parametrize("tid", EQUITY)
def test_a_us_corporation_does_not_redefine_non_assessable(tid):
    """Ensure a Delaware or Puerto Rico corporation's shares keep the customary phrase undefined
    (X5-TB-01: customary phrases are not redefined)."""
    for place in ("Delaware", "Puerto Rico", "Wyoming"):
        m = load_sample(tid)
        m.facts["registrant_jurisdiction"] = place
        m.facts["registrant_entity"] = "corporation"
        assert "which term, as used herein" not in text_of(m)


@pytest.mark.parametrize("tid", EQUITY)
def test_the_registrant_follows_a_description_with_a_comma_only_to_close_one(tid):
    """Ensure "(the "Common Stock"), of the Company" keeps its comma after "common stock, par value
    $0.01 per share", and a description with no comma of its own reads "(the "Common Units") of the
    Partnership" (no stray comma before "of")."""
    m = load_sample(tid)
    assert '"), of the Company' in " ".join(text_of(m).split())
    if tid == "s4-merger-shares":  # a corporation: its no-par common stock
        m.facts.update(stock_description="common stock, without par value")
        assert '(the "Common Stock"), of the Company' in " ".join(text_of(m).split())
        m.facts.update(stock_description="Class A common stock")
        assert '(the "Common Stock") of the Company to be issued' in " ".join(text_of(m).split())
        return
    m.facts.update(registrant_entity="limited_partnership", registrant_short_name="Partnership")
    if tid == "s3-universal-shelf":
        m.facts.update(
            securities=[{"kind": "common_stock"}],
            common_description="common units representing limited partner interests",
            common_term="Common Units",
        )
    else:
        m.facts.update(
            stock_description="common units representing limited partner interests",
            stock_term="Common Units",
        )
    text = " ".join(text_of(m, "draft").split())
    assert 'representing limited partner interests (the "Common Units") of the Partnership' in text
    assert '"Common Units"), of' not in text


def test_a_form_f_registrant_says_what_non_assessable_means():
    """Ensure a letter on Form F-1 explains "non-assessable" whatever the jurisdiction typed, as
    the checks treat every Form F filer as a foreign registrant (X5-FOR-01)."""
    m = load_sample("s1-ipo-common-stock")
    m.facts["form"] = "F-1"
    assert "non-assessable (which term, as used herein, means" in text_of(m)


@pytest.mark.parametrize("tid", ["s3-universal-shelf", "shelf-takedown-notes"])
def test_a_statutory_trust_registrant_is_not_taken_for_an_asset_backed_trust(tid):
    """Ensure a statutory trust's letter, which names its certificate of trust and trust agreement
    among the documents examined and relies on certificates of public officials, draws no
    asset-backed finding (X5-ABS-01 and X5-ABS-02 raised false errors)."""
    from opiniondesk.core.checks import run_checks

    m = load_sample(tid)
    m.facts.update(registrant_entity="statutory_trust", registrant_short_name="Trust")
    m.facts.update(own_documents_list=False, documents_examined="")
    findings = run_checks(m, m.render("draft"), m.template())
    assert not [f.text for f in findings if f.rule_id.startswith("X5-ABS")]
