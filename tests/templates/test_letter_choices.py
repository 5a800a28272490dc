"""The choices every built-in letter shares (issues 13, 16 and 18.4): each branch's wording."""

import pytest
from letters import (
    SAMPLE_FOR,
    as_firm,
    as_in_house,
    defaults_matter,
    flat,
    load_sample,
    paragraphs,
    text_of,
)

from opiniondesk.core.errors import MissingFactsError
from opiniondesk.writers.docx import write_docx
from opiniondesk.writers.text import write_text

ALL = sorted(SAMPLE_FOR)
CORPORATE = [t for t in ALL if not t.startswith("abs-")]  # letters that define the registrant


# ---- issue 13.1 / 16.3: jurisdictions ----------------------------------------------------------


@pytest.mark.parametrize("tid", CORPORATE)
def test_a_foreign_registrant_is_not_a_state(tid):
    """Ensure a Singapore registrant reads "a company ... under the laws of the Republic of Singapore",
    never "a Republic of Singapore corporation" or "the State of Republic of Singapore" (issue 13.1;
    SLB 19: the law of the registrant's jurisdiction)."""
    m = load_sample(tid)
    m.facts["registrant_jurisdiction"] = "Republic of Singapore"
    m.facts["registrant_entity"] = "company_limited_by_shares"
    text = flat(m)
    assert (
        "a company limited by shares incorporated under the laws of the Republic of Singapore"
        in text
    )
    assert "State of Republic" not in text and "a Republic of Singapore" not in text
    assert "the laws of the Republic of Singapore" in text


@pytest.mark.parametrize(
    ("jurisdiction", "entity", "phrase"),
    [
        ("Bermuda", "exempted_company", "a Bermuda exempted company"),
        ("Cayman Islands", "exempted_company", "a Cayman Islands exempted company with limited liability"),
        ("Puerto Rico", "corporation", "a Puerto Rico corporation"),
        ("District of Columbia", "corporation", "a District of Columbia corporation"),
        ("Hong Kong", "company_limited_by_shares", "a Hong Kong company limited by shares"),
        ("Maryland", "corporation", "a Maryland corporation"),
    ],
)  # fmt: skip
def test_registrant_phrases(jurisdiction, entity, phrase):
    """Ensure the registrant is described by its jurisdiction and kind, with the right article ("a
    Hong Kong company", never "an Hong Kong") (issues 13.1 and 16.3)."""
    m = load_sample("s1-ipo-common-stock")
    m.facts["registrant_jurisdiction"] = jurisdiction
    m.facts["registrant_entity"] = entity
    text = flat(m)
    assert phrase in text and "an Hong" not in text


@pytest.mark.parametrize(
    ("jurisdiction", "law"),
    [
        ("Puerto Rico", "the laws of the Commonwealth of Puerto Rico"),
        ("District of Columbia", "the laws of the District of Columbia"),
    ],
)
def test_puerto_rico_and_the_district_are_not_states(jurisdiction, law):
    """Ensure a Puerto Rico or District of Columbia registrant's existence and law are named as
    such, never "the State of Puerto Rico" (issue 16.3)."""
    m = load_sample("abs-pass-through-certificates")
    m.facts["registrant_jurisdiction"] = jurisdiction
    m.facts["laws_covered"] = [{"law": "corporate_law"}]
    text = flat(m)
    assert f"duly incorporated and validly existing under {law};" in text
    assert "State of Puerto" not in text and "State of District" not in text


# ---- issue 16.7: entity kinds ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity", "description", "words"),
    [
        ("limited_liability_company", "common units representing limited liability company interests",
         "will be validly issued, and purchasers of such Common Units will have no obligation to make "
         "payments or contributions to the Company or its creditors solely by reason of their ownership "
         "of such Common Units (except as provided in Sections 18-607 and 18-804 of the Delaware Limited "
         "Liability Company Act)."),
        ("limited_partnership", "common units representing limited partner interests",
         "holders of such Common Units will have no obligation to make payments or contributions to the "
         "Company or its creditors solely by reason of their ownership of such Common Units (except as "
         "provided in Sections 17-303, 17-607 and 17-804 of the Delaware Revised Uniform Limited "
         "Partnership Act)."),
        ("statutory_trust", "common shares of beneficial interest",
         "will be validly issued, fully paid and non-assessable beneficial interests in the Company."),
    ],
)  # fmt: skip
def test_llc_lp_and_trust_interests_take_their_own_standard(entity, description, words):
    """Ensure LLC interests and LP units are opined on under their acts and trust shares as beneficial
    interests (issue 16.7; SLB 19 II.B.1.b, rule X5-EQ-02)."""
    m = load_sample("s8-employee-plans")
    m.facts.update(
        registrant_entity=entity, stock_description=description, stock_term="Common Units"
    )
    if "shares" in description:
        m.facts["stock_term"] = "Common Shares"
    text = flat(m)
    assert words in text
    assert "fully paid and non-assessable." not in text or entity == "statutory_trust"
    assert "Delaware limited liability company" in text or entity != "limited_liability_company"


def test_a_maryland_reit_stands_under_its_declaration_of_trust():
    """Ensure a Maryland REIT's shares are authorized by trust action under its declaration of trust,
    its board is the Board of Trustees, and the delayed-shelf assumption names its declaration of
    trust (issue 16.7)."""
    m = load_sample("s3-universal-shelf")
    m.facts.update(
        registrant_jurisdiction="Maryland",
        registrant_entity="real_estate_investment_trust",
        registrant_short_name="Trust",
        securities=[{"kind": "common_stock"}],
        common_description="common shares of beneficial interest, par value $0.01 per share",
        common_term="Common Shares",
    )
    text = flat(m)
    assert "a Maryland real estate investment trust" in text
    assert "by all necessary trust action of the Trust under its declaration of trust" in text
    assert "the Board of Trustees of the Trust" in text
    assert "the Trust’s declaration of trust" in text


# ---- the governing body follows the kind of entity ------------------------------------------------

BODIES = {
    "corporation": "the Board of Directors of ",
    "limited_liability_company": "the Board of Managers of ",
    "limited_partnership": "the general partner of ",
    "statutory_trust": "the Board of Trustees of ",
    "real_estate_investment_trust": "the Board of Trustees of ",
    "company_limited_by_shares": "the Board of Directors of ",
    "exempted_company": "the Board of Directors of ",
    "public_limited_company": "the Board of Directors of ",
}
ENTITY_CASES = [
    (tid, entity)
    for tid in ALL
    for entity in BODIES
    if entity
    in [c.value for c in load_sample(tid).template().schema.get("registrant_entity").choices]
]


@pytest.mark.parametrize(("tid", "entity"), ENTITY_CASES)
def test_the_resolutions_are_those_of_the_entity_s_own_governing_body(tid, entity):
    """Ensure the resolutions examined are those of the body that governs the kind of entity by
    default: an LLC's board of managers, an LP's general partner, a trust's board of trustees, a
    corporation's or company's board of directors; never "the Board of Directors" of an LLC, LP or
    trust (SLB 19 II.B.1.b: the entity's own action authorizes its securities)."""
    jurisdiction = "Maryland" if entity == "real_estate_investment_trust" else "Delaware"
    m = defaults_matter(tid, registrant_entity=entity, registrant_jurisdiction=jurisdiction)
    if entity in ("company_limited_by_shares", "exempted_company", "public_limited_company"):
        m.facts["registrant_jurisdiction"] = (
            "Cayman Islands" if entity == "exempted_company" else "Ireland"
        )
        m.facts["registrant_entity"] = (
            "public_limited_company" if entity != "exempted_company" else entity
        )
    m.facts["own_documents_list"] = False
    text = flat(m, "draft")
    assert "resolutions of " + BODIES[entity] in text
    if BODIES[entity] != "the Board of Directors of ":
        assert "Board of Directors" not in text and "board of directors" not in text


@pytest.mark.parametrize(
    ("entity", "body", "words"),
    [
        ("limited_liability_company", None, "the Board of Managers of the Company (or a duly authorized committee thereof) will have taken all necessary limited liability company action"),
        ("limited_liability_company", "managing_member", "the managing member of the Company will have taken all necessary limited liability company action"),
        ("limited_liability_company", "board_of_directors", "the Board of Directors of the Company (or a duly authorized committee thereof) will have taken"),
        ("limited_partnership", None, "the general partner of the Company will have taken all necessary partnership action"),
        ("limited_partnership", "general_partner_board", "the board of directors of the general partner of the Company (or a duly authorized committee thereof) will have taken all necessary partnership action"),
        ("statutory_trust", None, "the Board of Trustees of the Company (or a duly authorized committee thereof) will have taken all necessary trust action"),
        ("corporation", "board_of_managers", "the Board of Managers of the Company (or a duly authorized committee thereof) will have taken"),
    ],
)  # fmt: skip
def test_the_delayed_shelf_assumes_action_by_the_governing_body(entity, body, words):
    """Ensure the delayed-shelf assumptions (Rule 415(a)(1)(x)) look to the governing body the kind
    of entity has by default, or the one chosen; a committee only of a board (SLB 19 II.B.2.a)."""
    m = defaults_matter("s3-universal-shelf", registrant_entity=entity)
    if body:
        m.facts["governing_body"] = body
    m.facts["own_documents_list"] = False
    text = flat(m, "draft")
    assert "(i) " + words in text
    assert "resolutions of " + words.split(" (or")[0].split(" will")[0] + " relating to" in text


# ---- issue 16.10: the voice follows who signs ------------------------------------------------------


def test_a_firm_signature_speaks_as_we_and_an_in_house_signer_as_i():
    """Ensure a letter signed in a firm's name says "we" even if the profile says "I", and an
    individual in-house signer says "I" even if the profile says "we" (issue 16.10; X5-INH-01)."""
    m = as_firm(load_sample("s1-ipo-common-stock"))
    m.signer["voice"] = "I"
    assert "We have acted as counsel" in flat(m) and " I have " not in flat(m)
    m = as_in_house(load_sample("s1-ipo-common-stock"))
    m.signer["voice"] = "we"
    assert "I have acted as counsel" in flat(m) and "We have" not in flat(m)


# ---- issue 16.12 / 16.15: defined terms follow the matter ----------------------------------------


@pytest.mark.parametrize("tid", CORPORATE)
def test_defined_terms_follow_the_short_name(tid):
    """Ensure a new matter whose short name is "Meridian" never says "the Company" nor "by-laws of
    the Company" (issue 16.12)."""
    m = defaults_matter(tid, registrant_short_name="Meridian")
    text = flat(m, "draft")
    assert "the Company" not in text and '(the "Company")' not in text
    assert (
        "by-laws of Meridian" in text
        and "resolutions of the Board of Directors of Meridian" in text
    )


def test_an_acronym_of_a_common_noun_takes_its_article():
    """Ensure "REIT" as short name reads "the REIT" everywhere, never "the Board of Directors of
    REIT"; an explicit choice overrides (issue 16.15)."""
    m = defaults_matter("s3-universal-shelf", registrant_short_name="REIT")
    text = flat(m, "draft")
    assert "of REIT" not in text and "the Board of Directors of the REIT" in text
    assert '(the "REIT")' in text
    m.facts["registrant_short_article"] = "none"
    assert "the Board of Directors of REIT" in flat(m, "draft")
    m = defaults_matter("s3-universal-shelf", registrant_short_name="Meridian")
    assert '("Meridian")' in flat(m, "draft") and "the Meridian" not in flat(m, "draft")
    m.facts["registrant_short_article"] = "the"
    assert "the Board of Directors of the Meridian" in flat(m, "draft")


# ---- issue 16.13: "the General Counsel", "an Associate General Counsel" --------------------------


@pytest.mark.parametrize(
    ("title", "choice", "words"),
    [
        ("General Counsel", "auto", "as the General Counsel of Acme Inc."),
        ("Chief Legal Officer", "auto", "as the Chief Legal Officer of Acme Inc."),
        ("Associate General Counsel", "auto", "as an Associate General Counsel of Acme Inc."),
        ("Assistant General Counsel", "auto", "as an Assistant General Counsel of Acme Inc."),
        ("Senior Counsel", "auto", "as a Senior Counsel of Acme Inc."),
        ("Associate General Counsel", "the", "as the Associate General Counsel of Acme Inc."),
        ("General Counsel", "a", "as a General Counsel of Acme Inc."),
    ],
)
def test_a_unique_office_takes_the(title, choice, words):
    """Ensure the in-house title takes "the" for a unique office and "a"/"an" for one of several,
    by default per title and by choice (issue 16.13)."""
    m = as_in_house(load_sample("s8-employee-plans"))
    m.signer["title"] = title
    m.facts["title_article"] = choice
    assert flat(m).startswith(f"This opinion is being provided by the undersigned, {words}")


# ---- issue 18.4: the lines under the signature -------------------------------------------------------


def test_in_house_signer_prints_title_and_employer_under_the_name():
    """Ensure an in-house signer's title, and employer where it is not the addressee, print under
    the name; the name alone when chosen (issue 18.4; X5-INH-01)."""
    m = as_in_house(load_sample("s8-employee-plans"))
    assert paragraphs(m)[-1] == ("signer", "Ann Smith\nGeneral Counsel\nAcme Inc.")
    m.signer["employer"] = m.facts["registrant_name"]
    assert paragraphs(m)[-1] == ("signer", "Ann Smith\nGeneral Counsel")
    m.facts["signature_lines"] = "name"
    assert paragraphs(m)[-1] == ("signer", "Ann Smith")


def test_a_firm_name_is_not_repeated():
    """Ensure a firm's filing copy carries its name once ("/s/ Firm"), and a draft types it once
    under the blank signature (issue 18.4)."""
    m = as_firm(load_sample("s8-employee-plans"))
    filing = write_text(m.render("filing"), width=0)
    assert filing.count("Smith & Jones LLP") == 1 and "/s/ Smith & Jones LLP" in filing
    assert write_text(m.render("draft"), width=0).count("Smith & Jones LLP") == 1


# ---- issue 13, choices: the letter's opening ------------------------------------------------------------


def test_re_and_attention_lines():
    """Ensure the optional "Re:" and "Attention:" lines print where letters put them, and not
    otherwise (issue 13)."""
    m = load_sample("s1-ipo-common-stock")
    assert not [k for k, _ in paragraphs(m) if k == "reference"]
    assert "Attention" not in dict(paragraphs(m))["address"]
    m.facts["reference_line"] = "Registration Statement on Form S-1"
    m.facts["attention"] = "Board of Directors"
    kinds = [k for k, _ in paragraphs(m)]
    assert kinds.index("address") < kinds.index("reference") < kinds.index("salutation")
    assert dict(paragraphs(m))["reference"] == "Re: Registration Statement on Form S-1"
    assert dict(paragraphs(m))["address"].endswith("\nAttention: Board of Directors")


def test_letterhead_text_prints_first_in_every_writer(tmp_path):
    """Ensure a letterhead text fact prints at the top of the first page, in the text writer and
    the DOCX alike (issue 13)."""
    import docx

    m = load_sample("s1-ipo-common-stock")
    m.facts["letterhead"] = "WHITMORE & HAINES LLP\n200 Clarendon Street, Boston"
    letter = m.render("filing")
    assert letter.blocks[0].kind == "letterhead"
    assert write_text(letter).startswith("WHITMORE & HAINES LLP\n200 Clarendon Street, Boston\n")
    out = tmp_path / "l.docx"
    out.write_bytes(write_docx(letter))
    first = [p.text for p in docx.Document(str(out)).paragraphs if p.text.strip()][0]
    assert first.startswith("WHITMORE & HAINES LLP")
    del m.facts["letterhead"]
    assert m.render("filing").blocks[0].kind == "exhibit"


def test_day_month_year_dates_and_dear_sirs():
    """Ensure dates may be written day-month-year throughout and the salutation be "Dear Sirs:"
    (issue 13, for foreign private issuers)."""
    m = load_sample("shelf-takedown-notes")
    m.facts["date_style"] = "day"
    m.facts["salutation"] = "Dear Sirs:"
    ps = dict(paragraphs(m))
    assert ps["date"] == "13 May 2024" and ps["salutation"] == "Dear Sirs:"
    text = flat(m)
    assert "dated 6 May 2024" in text and "dated as of 15 May 2019" in text
    assert "May 6, 2024" not in text


@pytest.mark.parametrize(
    ("role", "words"),
    [
        ("counsel", "We have acted as counsel to Meridian"),
        ("special_counsel", "We have acted as special counsel to Meridian"),
        ("local_counsel", "We have acted as local counsel to Meridian"),
        ("jurisdiction_counsel", "We have acted as Delaware counsel to Meridian"),
        ("special_jurisdiction_counsel", "We have acted as special Delaware counsel to Meridian"),
    ],
)
def test_counsel_role(role, words):
    """Ensure counsel's role reads as chosen (issue 13: "special counsel", "local counsel")."""
    m = load_sample("s3-universal-shelf")
    m.facts["counsel_role"] = role
    assert flat(m).startswith(words)


# ---- issue 13, choices: consent and non-admission ---------------------------------------------------


def test_consent_variants():
    """Ensure the consent may add the use of counsel's name wherever it appears and the "experts"
    disclaimer, and name the prospectus, the prospectus supplement or both (issue 13; Rule 436)."""
    m = load_sample("shelf-takedown-notes")
    base = flat(m)
    assert 'under the heading "Legal Matters" in the Prospectus Supplement.' in base
    assert "wherever it appears" not in base and "experts" not in base
    m.facts["consent_name"] = True
    m.facts["experts_statement"] = True
    m.facts["consent_caption_in"] = "both"
    text = flat(m)
    assert (
        'under the heading "Legal Matters" in the Base Prospectus and the Prospectus Supplement, '
        "and to the use of our name wherever it appears in the Registration Statement." in text
    )
    assert "or that we are experts within the meaning of the Act or such rules" in text
    m.facts["section7_statement"] = False
    text = flat(m)
    assert "Section 7" not in text
    assert "we do not thereby admit that we are experts within the meaning of the Act" in text


def test_the_consent_in_a_form_8k():
    """Ensure a takedown's consent names the Form 8-K it is filed with, or a post-effective
    amendment (issue 13; X5-CON-01)."""
    m = load_sample("shelf-takedown-notes")
    assert "exhibit to the Current Report on Form 8-K of the Company dated May 13, 2024" in flat(m)
    m.facts["consent_exhibit_to"] = "post_effective_amendment"
    assert "exhibit to a post-effective amendment to the Registration Statement" in flat(m)


# ---- issue 13, choices: the assumptions menu and the law limitation ----------------------------


def test_assumptions_menu():
    """Ensure each customary assumption is optional, records-and-certificates among them, and the
    signatures assumption may be left out (issue 13; X5-ASM-03)."""
    m = load_sample("s1-ipo-common-stock")
    m.facts["further_assumptions"] = [{"assumption": "records_complete"}]
    text = flat(m)
    assert (
        "we have assumed that the signatures on all documents that we have examined are genuine "
        "and that the corporate records of the Company furnished to us are accurate and complete"
        in text
    )
    m.facts["no_signature_assumption"] = True
    text = flat(m)
    assert "genuine" not in text
    assert "we have assumed that the corporate records of the Company furnished to us" in text
    m.facts["further_assumptions"] = []
    assert "assumed" not in flat(m)


@pytest.mark.parametrize("tid", ALL)
def test_law_limitation_before_after_or_omitted(tid):
    """Ensure the law limitation may stand after the opinions, before them, or nowhere (issue 13)."""
    m = load_sample(tid)
    kinds = [k for k, _ in paragraphs(m)]
    law = next(i for i, (_, t) in enumerate(paragraphs(m)) if "are limited to" in t)
    assert law > max(i for i, k in enumerate(kinds) if k == "opinion")
    m.facts["law_limitation_place"] = "before"
    ps = paragraphs(m)
    law = next(i for i, (_, t) in enumerate(ps) if "are limited to" in t)
    assert law < min(i for i, (k, _) in enumerate(ps) if k == "opinion")
    m.facts["law_limitation_place"] = "omit"
    assert "are limited to" not in text_of(m)


def test_local_law_opinion_names_the_counsel_covering_new_york_law():
    """Ensure a local-law opinion says it gives no opinion on the governing law and names the
    counsel whose filed opinion covers it, and gives no binding-obligation opinion of its own
    (issue 13; SLB 19, opinions on the laws of other jurisdictions)."""
    m = load_sample("shelf-takedown-notes")
    m.facts.update(
        registrant_jurisdiction="Cayman Islands",
        registrant_entity="exempted_company",
        laws_covered=[{"law": "corporate_law"}],
        governing_law_counsel="Davis Polk & Wardwell LLP",
        governing_law_counsel_exhibit="5.2",
    )
    text = flat(m)
    assert "The opinions expressed herein are limited to the laws of the Cayman Islands." in text
    assert (
        "We express no opinion as to the laws of the State of New York, which govern the Notes and "
        "the Indenture; those laws are the subject of the opinion of Davis Polk & Wardwell LLP, "
        "filed as Exhibit 5.2 to the Current Report on Form 8-K" in text
    )
    assert "binding obligation" not in text


@pytest.mark.parametrize("tid", ["shelf-takedown-notes", "s3-universal-shelf"])
@pytest.mark.parametrize("place", ["after", "omit"])
def test_a_local_law_opinion_never_limits_itself_to_the_law_it_disclaims(tid, place):
    """Ensure naming the counsel who cover the governing law takes that law out of the limitation
    (never "limited to the laws of the State of New York ... We express no opinion as to the laws
    of the State of New York"), even if the laws covered still list it, and the letter checks
    clean, with the law limitation or without it (SLB 19; X5-DEBT-01, X5-JUR-01)."""
    from opiniondesk.core.checks import run_checks

    m = load_sample(tid)
    m.facts.update(
        governing_law_counsel="Davis Polk & Wardwell LLP",
        law_limitation_place=place,
        guarantors=[
            {"name": "Meridian Ohio Inc.", "jurisdiction": "Ohio", "entity": "corporation"}
        ],
    )
    assert {"law": "governing_law"} in m.facts["laws_covered"]
    text = flat(m)
    assert "We express no opinion as to the laws of the State of New York" in text
    assert "limited to the laws of the State of New York" not in text
    if place == "after":
        assert "limited to the General Corporation Law of the State of Delaware" in text
    findings = run_checks(m, m.render("draft"), m.template())
    assert [f.text for f in findings if f.severity in ("error", "warning")] == []


# ---- issue 13.4: an empty required list ---------------------------------------------------------------


def test_an_empty_required_list_is_a_missing_fact():
    """Ensure an empty required list shows its placeholder in a draft, counts as missing and is
    refused in a final copy (issue 13.4)."""
    m = load_sample("s8-employee-plans")
    m.facts["plans"] = []
    draft = m.render("draft")
    assert "issuable under the [Plans] (the" in write_text(draft, width=0)
    assert "plans" in [p.fact for p in draft.placeholders()]
    with pytest.raises(MissingFactsError) as info:
        m.render("filing")
    assert "plans" in str(info.value)
    m = load_sample("abs-series-takedown")
    del m.facts["offered_classes"]
    assert "Class [Offered classes]" in write_text(m.render("draft"), width=0)


def test_an_older_llc_matter_opens_with_its_board_of_managers_and_says_so(tmp_path):
    """Ensure an LLC's matter saved before the governing body was a fact opens naming its board of
    managers, with a notice that says the wording follows the kind of entity (and how to choose
    another); old matters still migrate (SLB 19 II.B.1.b)."""
    import json
    from pathlib import Path

    from opiniondesk.core import migrate
    from opiniondesk.core.matter import load_matter

    old = (
        Path(__file__).resolve().parents[1]
        / "fixtures"
        / "old-matters"
        / "s8-northwind-2024.opinion"
    )
    data = json.loads(old.read_text(encoding="utf-8"))
    data["facts"].update(
        registrant_entity="limited_liability_company",
        stock_description="common units representing limited liability company interests",
        stock_term="Common Units",
        own_documents_list=False,
    )
    data["facts"].pop("documents_examined", None)  # the template's own list, not the firm's
    path = tmp_path / "llc.opinion"
    path.write_text(json.dumps(data), encoding="utf-8")
    m = load_matter(path)
    assert "names the governing body by the kind of entity" in migrate.notice(m)
    text = flat(m, "draft")
    assert "resolutions of the Board of Managers of the Company relating to" in text
    assert "Board of Directors" not in text
