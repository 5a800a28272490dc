"""The Form S-4 opinion: merger shares, the parties and the three merger structures."""

import pytest
from letters import (
    as_firm,
    as_in_house,
    assert_voice,
    convert_sample,
    load_sample,
    opinions,
    squash,
    text_of,
)

TID = "s4-merger-shares"


@pytest.mark.parametrize(
    ("structure", "words"),
    [
        (
            "reverse_triangular",
            'wholly owned subsidiary of the Company ("Merger Sub"), with and into Bluefin Analytics, Inc., a Delaware corporation ("Bluefin"), with Bluefin surviving the merger as a wholly owned subsidiary',
        ),
        (
            "forward_triangular",
            '("Bluefin"), with and into Cobalt Merger Sub, Inc., a Delaware corporation and a wholly owned subsidiary of the Company ("Merger Sub"), with Merger Sub surviving',
        ),
        ("direct", '("Bluefin"), with and into the Company, with the Company surviving the merger'),
    ],
)
def test_structures(structure, words):
    """Ensure each merger structure describes who merges into whom and who survives."""
    m = load_sample(TID)
    m.facts["merger_structure"] = structure
    text = text_of(m)
    assert words in text
    parties = (
        "between the Company and Bluefin."
        if structure == "direct"
        else "among the Company, Merger Sub and Bluefin."
    )
    assert parties in text


def test_stockholder_approval_condition():
    """Ensure the opinion waits for the stockholders' approval only when the issuance needs it."""
    m = load_sample(TID)
    assert "after the stockholders of the Company have approved their issuance" in opinions(m)[0]
    m.facts["stockholder_vote"] = "none"
    [op] = opinions(m)
    assert "stockholders" not in op and op.endswith(
        "will be validly issued, fully paid and non-assessable."
    )


def test_voice_in_every_paragraph():
    """Ensure a firm says "we" and in-house counsel "I" in every paragraph."""
    assert_voice(as_firm(load_sample(TID)), "we")
    assert_voice(as_in_house(load_sample(TID)), "I")


def test_sample_converts_with_libreoffice(tmp_path, libreoffice):
    """Ensure the sample's DOCX converts with LibreOffice."""
    pdf, _ = convert_sample(TID, tmp_path, libreoffice)
    assert squash("Agreement and Plan of Merger, dated as of September 9, 2024") in pdf


def test_the_target_is_set_off_by_commas_in_every_structure():
    """Ensure each merger structure closes the target's description with a comma before "with"."""
    m = load_sample(TID)
    for structure in ("forward_triangular", "direct", "reverse_triangular"):
        m.facts["merger_structure"] = structure
        text = " ".join(text_of(m).split())
        assert ") with and into" not in text and "), with and into" in text


def test_merger_subsidiary_may_be_an_llc():
    """Ensure the merger subsidiary's kind of entity is a fact, a corporation unless said otherwise."""
    m = load_sample(TID)
    assert "Delaware corporation and a wholly owned subsidiary" in " ".join(text_of(m).split())
    m.facts["merger_sub_entity"] = "limited_liability_company"
    assert "Delaware limited liability company and a wholly owned" in " ".join(text_of(m).split())


def test_adoption_of_the_merger_agreement_conditions_the_authorization():
    """Ensure, where the registrant's stockholders must adopt the merger agreement, the shares are
    authorized only upon that vote, described as Section 251(c) has it (issue 16.9; SLB 19,
    X5-ASM-01: the authorization is not assumed)."""
    m = load_sample(TID)
    m.facts.update(stockholder_vote="adoption", merger_structure="direct")
    [op] = opinions(m)
    assert op.startswith(
        "When (i) the Merger Agreement has been adopted by the affirmative vote of the holders of a "
        "majority of the outstanding stock of the Company entitled to vote thereon, as required by "
        "Section 251(c) of the General Corporation Law of the State of Delaware, and (ii) the Shares "
        "have been issued in the Merger"
    )
    assert op.endswith(
        "the Shares will be duly authorized, validly issued, fully paid and non-assessable."
    )
    assert "have been duly authorized and" not in op
    m.facts["registrant_jurisdiction"] = "Maryland"
    [op] = opinions(m)
    assert (
        "has been approved by the stockholders of the Company by the vote required by the laws of the State of Maryland and the Company’s charter"
        in op
    )


def test_only_a_party_to_the_merger_has_its_stockholders_adopt_the_agreement():
    """Ensure "adopted ... as required by Section 251(c)" is never said of a registrant that is no
    constituent of a triangular merger: the draft shows a placeholder on the vote and a filing copy
    is refused, naming the fact (SLB 19: the opinion must be right on the facts)."""
    import pytest

    from opiniondesk.core.errors import MissingFactsError

    for structure in ("reverse_triangular", "forward_triangular"):
        m = load_sample(TID)
        m.facts.update(stockholder_vote="adoption", merger_structure=structure)
        text = text_of(m, "draft")
        assert "251(c)" not in text and "adopted by the affirmative vote" not in text
        assert (
            "[A vote the registrant's holders can take (they adopt the merger agreement only in a direct merger)]"
            in text
        )
        with pytest.raises(MissingFactsError) as err:
            m.render("filing")
        assert "stockholder_vote" in [fid for fid, _ in err.value.missing]


def test_a_company_has_shareholders_and_a_vote_that_closes_its_clause():
    """Ensure a company's or a trust's holders are its shareholders, a US corporation's its
    stockholders, and the vote's clause is closed by a comma before "and (ii)"."""
    m = load_sample(TID)
    m.facts.update(
        stockholder_vote="issuance",
        registrant_jurisdiction="Cayman Islands",
        registrant_entity="exempted_company",
    )
    assert "after the shareholders of the Company have approved their issuance" in text_of(m)
    m = load_sample(TID)
    m.facts.update(
        stockholder_vote="adoption",
        merger_structure="direct",
        registrant_jurisdiction="Maryland",
        registrant_entity="real_estate_investment_trust",
        registrant_short_name="Trust",
    )
    [op] = opinions(m)
    assert (
        "the Merger Agreement has been approved by the shareholders of the Trust by the vote required "
        "by Title 8 of the Corporations and Associations Article of the Annotated Code of Maryland "
        "and the Trust’s declaration of trust, and (ii) the Shares have been issued" in op
    )


def test_adoption_in_a_direct_merger_checks_clean():
    """Ensure the adoption opinion of a direct merger draws no X5-ID-02 error: "the outstanding
    stock" that votes is not the shares opined on, which are still to be issued."""
    from opiniondesk.core.checks import run_checks

    m = load_sample(TID)
    m.facts.update(stockholder_vote="adoption", merger_structure="direct")
    findings = run_checks(m, m.render("draft"), m.template())
    assert [f.text for f in findings if f.severity in ("error", "warning")] == []
