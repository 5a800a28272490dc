"""The Form S-3 universal shelf: a paragraph per security, delayed-shelf assumptions, exceptions on debt only."""

import re

import pytest
from letters import (
    as_firm,
    as_in_house,
    assert_voice,
    convert_sample,
    flat,
    load_sample,
    opinions,
    squash,
    text_of,
)

from opiniondesk.core.errors import MissingFactsError

TID = "s3-universal-shelf"
EXCEPTION = "subject, as to enforcement, to applicable bankruptcy"


def _with(kinds, **facts):
    m = load_sample(TID)
    m.facts["securities"] = [{"kind": k} for k in kinds]
    m.facts.update(facts)
    return m


def test_every_security_has_its_paragraph_in_order():
    """Ensure the sample's eight kinds of security each get one opinion paragraph, in the customary order."""
    ops = opinions(load_sample(TID))
    starts = [
        "When the issuance of shares of Common Stock",
        "When a series of Preferred Stock",
        "When a deposit agreement",
        "The Senior Indenture has been duly authorized, executed and delivered",
        "When the Debt Securities to be guaranteed",
        "When a warrant agreement",
        "When a purchase contract agreement",
        "When a unit agreement",
    ]
    assert [o[: len(s)] for o, s in zip(ops, starts)] == starts and len(ops) == 8


def test_exceptions_only_on_binding_obligations():
    """Ensure the bankruptcy and equity exception sits on every binding-obligation paragraph and no equity one."""
    for o in opinions(load_sample(TID)):
        if "non-assessable" in o:
            assert "bankruptcy" not in o
        else:
            assert "binding obligation" in o and EXCEPTION in o


def test_shelf_without_debt():
    """Ensure an equity-only shelf has no indenture, no binding obligation and no exception."""
    m = _with(["common_stock", "preferred_stock"], laws_covered=[{"law": "corporate_law"}])
    text = text_of(m)
    assert len(opinions(m)) == 2
    for absent in ("Indenture", "binding obligation", "bankruptcy", "Debt Securities"):
        assert absent not in text
    assert "limited to the General Corporation Law of the State of Delaware." in text


def test_shelf_with_debt_only_and_one_indenture():
    """Ensure a debt-only shelf under one indenture defines the Indenture and opines on binding obligations."""
    m = _with(
        ["debt_securities"],
        indentures=[{"term": "Senior Indenture", "date": "2019-05-15", "trustee": "Trust Co."}],
    )
    text = text_of(m)
    assert 'between the Company and Trust Co., as trustee (the "Indenture").' in text
    assert "(c) the Indenture;" in text and "each, an" not in text
    [debt] = opinions(m)
    assert (
        "will constitute valid and binding obligations of the Company" in debt and EXCEPTION in debt
    )
    assert "limited to the laws of the State of New York and the General Corporation Law" in text


def test_debt_without_named_indentures():
    """Ensure debt with no indenture given is issued under indentures to be entered into."""
    m = _with(["debt_securities"])
    m.facts.pop("indentures")
    assert (
        "one or more indentures to be entered into between the Company and a trustee to be named therein"
        in text_of(m)
    )


def test_delayed_shelf_assumptions():
    """Ensure the shelf assumes future board action, and enough shares only when shares are offered."""
    text = text_of(load_sample(TID))
    assert (
        "will have taken all necessary corporate action" in text
        and "a sufficient number of shares" in text
    )
    debt_only = _with(["debt_securities"])
    assert "will have taken all" in text_of(
        debt_only
    ) and "sufficient number of shares" not in text_of(debt_only)


def test_amount_or_indeterminate():
    """Ensure the registered amount is stated, or the shelf is an indeterminate amount."""
    assert "an indeterminate amount of the following securities" in text_of(load_sample(TID))
    m = _with(["common_stock", "debt_securities"], offering_amount="750000000")
    assert (
        "aggregate initial offering price of up to $750,000,000, consisting of the following"
        in text_of(m)
    )


def test_voice_in_every_paragraph():
    """Ensure a firm says "we" and in-house counsel "I" in every paragraph, the assumptions included."""
    assert_voice(as_firm(load_sample(TID)), "we")
    m = as_in_house(load_sample(TID))
    assert_voice(m, "I")
    assert "I have also assumed that, at the time of each issuance" in text_of(m)


def test_sample_converts_with_libreoffice(tmp_path, libreoffice):
    """Ensure the sample's DOCX converts with LibreOffice and carries the debt paragraph."""
    pdf, _ = convert_sample(TID, tmp_path, libreoffice)
    assert squash("will constitute valid and binding obligations of the Company") in pdf


# ---- issue 16.1: guarantors (co-registrants) ---------------------------------------------------


def test_guarantors_are_named_excluded_opined_on_and_covered():
    """Ensure each guarantor is named with its jurisdiction and entity kind, left out of the
    other-parties assumption, opined on by its own kind of action, and its law covered (issue
    16.1; SLB 19: a co-registrant guarantor's authority may not be assumed)."""
    m = load_sample(TID)
    text = flat(m)
    assert (
        "by Meridian Industrial Operating Company LLC, a Delaware limited liability company, and "
        'Meridian Logistics Corp., a Delaware corporation (each, a "Guarantor")' in text
    )
    assert (
        "each party to the agreements referred to herein, other than the Company and the Guarantors,"
        in text
    )
    [guarantee] = [
        o for o in opinions(m) if o.startswith("When the Debt Securities to be guaranteed")
    ]
    assert (
        "all necessary limited liability company or corporate action of such Guarantor" in guarantee
    )
    assert "valid and binding obligation of such Guarantor" in guarantee
    assert (
        "limited to the laws of the State of New York, the General Corporation Law of the State of "
        "Delaware and the Delaware Limited Liability Company Act." in text
    )
    assert "subsidiaries of the Company" not in text


def test_a_guarantor_covered_by_its_own_local_counsel():
    """Ensure a guarantor whose law another counsel's filed opinion covers is named with that
    opinion, and its law left out of the limitation (issue 16.1; SLB 19, X5-JUR-01)."""
    m = load_sample(TID)
    m.facts["guarantors"] = [
        {"name": "Meridian Ohio Inc.", "jurisdiction": "Ohio", "entity": "corporation",
         "counsel": "Buckeye & Vine LLP", "counsel_exhibit": "5.2"},
    ]  # fmt: skip
    text = flat(m)
    assert 'Meridian Ohio Inc., an Ohio corporation (the "Guarantor")' in text
    assert "other than the Company and the Guarantor," in text
    assert "limited to the laws of the State of New York and the General Corporation Law" in text
    assert (
        "As to matters governed by the laws of the State of Ohio relating to Meridian Ohio Inc., we "
        "have relied, without independent investigation, upon the opinion of Buckeye & Vine LLP, "
        "filed as Exhibit 5.2 to the Registration Statement." in text
    )
    assert (
        "the Guarantee of such Debt Securities by the Guarantor" in text
        and "each Guarantor" not in text
    )


def test_guarantees_with_no_guarantor_named_are_refused():
    """Ensure guarantees by no named guarantor show a placeholder and refuse a final copy, never
    "subsidiaries of the Company" nobody named (issue 16.1)."""
    m = load_sample(TID)
    del m.facts["guarantors"]
    assert "[Guarantors]" in flat(m, "draft")
    with pytest.raises(MissingFactsError):
        m.render("filing")


# ---- issue 16.2: where a series of preferred stock is filed -------------------------------------


@pytest.mark.parametrize(
    ("jurisdiction", "words"),
    [
        ("Delaware", "a certificate of designations fixing the terms of such series has been duly authorized by all necessary corporate action of the Company and filed with the Secretary of State of the State of Delaware"),
        ("Maryland", "in accordance with the Company’s charter, articles supplementary fixing the terms of such series have been duly authorized by all necessary corporate action of the Company and accepted for record by the State Department of Assessments and Taxation of Maryland"),
        ("New York", "a certificate of amendment fixing the terms of such series has been duly authorized by all necessary corporate action of the Company and filed with the Department of State of the State of New York"),
        ("Massachusetts", "articles of amendment fixing the terms of such series have been duly authorized by all necessary corporate action of the Company and filed with the Secretary of the Commonwealth of Massachusetts"),
        ("Virginia", "filed with the State Corporation Commission of the Commonwealth of Virginia"),
        ("Pennsylvania", "a statement with respect to shares fixing the terms of such series has been duly authorized by all necessary corporate action of the Company and filed with the Department of State of the Commonwealth of Pennsylvania"),
        ("Puerto Rico", "in accordance with the Company’s certificate of incorporation, a certificate of designation fixing the terms of such series has been duly authorized by all necessary corporate action of the Company and filed with the Department of State of the Commonwealth of Puerto Rico"),
        ("Ohio", "a certificate or other instrument fixing the terms of such series has been duly authorized by all necessary corporate action of the Company and filed with the appropriate filing office"),
        ("Guam", "a certificate or other instrument fixing the terms of such series has been duly authorized by all necessary corporate action of the Company and filed with the appropriate filing office"),
        ("Ruritania", "filed with the appropriate filing office"),
    ],
)  # fmt: skip
def test_preferred_stock_is_filed_where_its_jurisdiction_files_it(jurisdiction, words):
    """Ensure the certificate of designations (articles supplementary...) and its filing office follow
    the registrant's jurisdiction, and an unknown one reads "the appropriate filing office" with a
    warning for the checks (issue 16.2)."""
    from opiniondesk.core import jurisdictions

    m = _with(["preferred_stock"], registrant_jurisdiction=jurisdiction)
    [preferred] = opinions(m)
    assert words in preferred
    assert ("Secretary of State of the State of Delaware" in preferred) == (
        jurisdiction == "Delaware"
    )
    warned = jurisdictions.warning(jurisdiction, "corporation", preferred=True)
    assert bool(warned) == ("appropriate filing office" in preferred)


def test_a_company_abroad_fixes_a_series_by_resolution():
    """Ensure a Cayman Islands company's preference shares are fixed by resolution under its
    memorandum and articles of association, with no filing office (issue 16.2)."""
    m = _with(
        ["preferred_stock"],
        registrant_jurisdiction="Cayman Islands",
        registrant_entity="exempted_company",
        preferred_term="Preference Shares",
    )
    [preferred] = opinions(m)
    assert preferred.startswith(
        "When the terms of a series of Preference Shares have been duly fixed by resolution of the "
        "Board of Directors of the Company in accordance with the Company’s memorandum and articles "
        "of association"
    )
    assert (
        "filed" not in preferred
        and "non-assessable (which term, as used herein, means" in preferred
    )


# ---- issue 16.5: a dependent security brings its base --------------------------------------------


def test_depositary_shares_bring_their_preferred_stock():
    """Ensure depositary shares alone still define and opine on the preferred stock they represent
    (issue 16.5; Item 601(b)(5), X5-COV-01)."""
    m = _with(["depositary_shares"])
    text = flat(m)
    assert '(the "Preferred Stock")' in text
    assert [o[:30] for o in opinions(m)] == [
        "When a series of Preferred Sto",
        "When a deposit agreement relat",
    ]


def test_guarantees_bring_the_debt_securities_they_guarantee():
    """Ensure guarantees alone still define and opine on the debt securities guaranteed, so "the
    paragraph above relating to the Debt Securities" exists (issue 16.5)."""
    m = _with(["guarantees"])
    ops = opinions(m)
    assert '(the "Debt Securities")' in flat(m) and len(ops) == 2
    assert ops[0].startswith("The Senior Indenture has been") and ops[1].startswith(
        "When the Debt Securities to be guaranteed"
    )


def test_units_bring_their_components():
    """Ensure units made of named kinds define those kinds and are described by them (issue 16.5)."""
    m = _with(
        ["units"], securities=[{"kind": "units", "unit_components": "debt securities, warrants"}]
    )
    text = flat(m)
    assert 'units consisting of Debt Securities and Warrants (the "Units")' in text
    assert [o[:20] for o in opinions(m)] == [
        "The Senior Indenture",
        "When a warrant agree",
        "When a unit agreemen",
    ]


# ---- issue 16.8: an executed indenture is stated as such ---------------------------------------


def test_an_executed_indenture_is_stated_and_a_future_one_conditioned():
    """Ensure an indenture dated and examined is stated as executed, and only one to be entered
    into takes the "when" condition (issue 16.8; SLB 19, X5-ASM-01: no assuming what exists)."""
    m = _with(
        ["debt_securities"],
        indentures=[{"term": "Senior Indenture", "date": "2019-05-15", "trustee": "Trust Co."}],
    )
    [debt] = opinions(m)
    assert debt.startswith(
        "The Indenture has been duly authorized, executed and delivered by the Company. When the "
        "terms of any Debt Securities"
    )
    assert "When the Indenture" not in debt and "Trust Indenture Act" not in debt
    m = _with(["debt_securities"], indentures=[{"term": "Senior Indenture"}])
    [debt] = opinions(m)
    assert debt.startswith("When the Indenture has been duly authorized, executed and delivered")


# ---- issue 16.14: one-item lists read as one item ---------------------------------------------


def test_one_kind_of_security_reads_as_one():
    """Ensure a shelf of one kind has no "(i)" and no "the following securities", and that kind is
    its own collective term (issue 16.14)."""
    m = _with(["debt_securities"])
    text = flat(m)
    assert "(i)" not in text.split("We have also assumed")[0] and "following" not in text
    assert (
        "relating to the registration of an indeterminate amount of debt securities of the Company"
        in text
    )
    assert (
        "each issuance and sale of Debt Securities" in text and "Securities may be offered" in text
    )


def test_common_stock_alone_has_no_other_security():
    """Ensure common stock alone is not said to be issued upon the exercise of "any other Security"
    (issue 16.14)."""
    [common] = opinions(_with(["common_stock"]))
    assert "other Security" not in common and "in each case" not in common


def test_one_guarantor_is_the_guarantor():
    """Ensure one guarantor is "the Guarantor", never "each, a Guarantor" (issue 16.14)."""
    m = load_sample(TID)
    m.facts["guarantors"] = m.facts["guarantors"][1:]
    text = flat(m)
    assert '(the "Guarantor")' in text and '(each, a "Guarantor")' not in text
    assert "each Guarantor" not in text


# ---- issue 13.2: stock without par value ------------------------------------------------------


def test_stock_without_par_value_has_no_par_value_condition():
    """Ensure common and preferred stock without par value carry no "at least equal to their par
    value" condition and are described as without par value (issue 13.2)."""
    m = _with(
        ["common_stock", "preferred_stock"],
        common_description="common stock, without par value",
        preferred_description="preferred stock, without par value",
    )
    assert "par value" not in " ".join(opinions(m))
    assert "shares of common stock, without par value" in flat(m)


# ---- issue 13: the universal shelf's choices ------------------------------------------------------


def test_automatic_shelf_and_rule_415():
    """Ensure a well-known seasoned issuer's automatic shelf and the Rule 415 statement read when
    chosen (issue 13)."""
    m = load_sample(TID)
    m.facts.update(automatic_shelf=True, rule_415_statement=True)
    text = flat(m)
    assert "in connection with the automatic shelf registration statement on Form S-3" in text
    assert "on a delayed or continuous basis pursuant to Rule 415 under the Act." in text
    assert "Rule 415" not in flat(load_sample(TID)) and "automatic" not in flat(load_sample(TID))


def test_assumptions_in_each_opinion_paragraph():
    """Ensure the shelf's assumptions can stand in each opinion paragraph instead of before them
    (issue 13; X5-ASM-02)."""
    m = load_sample(TID)
    m.facts["assumption_place"] = "each"
    text = flat(m)
    assert "We have also assumed that, at the time of each issuance" not in text
    for o in opinions(m):
        assert o.startswith(
            (
                "Assuming that the Registration Statement has become effective",
                "The Senior Indenture",
            )
        )
        assert "Assuming that" in o


def test_rights_and_american_depositary_shares_on_form_f3():
    """Ensure a Form F-3 shelf may register ordinary shares as ADSs and rights (issue 13)."""
    m = _with(
        ["common_stock", "rights"],
        form="F-3",
        registrant_jurisdiction="Bermuda",
        registrant_entity="exempted_company",
        common_description="common shares, par value $0.01 per share",
        common_term="Common Shares",
        ads_ratio="one Common Share",
    )
    text = flat(m)
    assert "Registration Statement on Form F-3" in text and "a Bermuda exempted company" in text
    assert (
        'represented by American depositary shares, each representing one Common Share (the "ADSs")'
        in text
    )
    assert 'rights to purchase other Securities (the "Rights")' in text
    assert opinions(m)[1].startswith("When a rights agreement relating to Rights")


@pytest.mark.parametrize("jurisdiction", ["Delaware", "Maryland", "Puerto Rico"])
def test_preferred_stock_alone_checks_clean(jurisdiction):
    """Ensure a shelf of preferred stock alone draws no X5-ID-02 error: "shares of such series have
    been issued", after the filing office, is a condition still to come, not outstanding shares."""
    from opiniondesk.core.checks import run_checks

    m = _with(["preferred_stock"], registrant_jurisdiction=jurisdiction)
    findings = run_checks(m, m.render("draft"), m.template())
    assert [f.text for f in findings if f.severity in ("error", "warning")] == []


# ---- a reviewing partner's marks (b3) ----------------------------------------------------------


def test_such_debt_securities_only_after_they_are_named():
    """Ensure "such Debt Securities" stands only after a clause naming them ("in the case of Debt
    Securities to be issued under ...", "the Indenture under which any Debt Securities are to be
    issued"); otherwise the first mention is "any Debt Securities"."""
    one_future = _with(["debt_securities"], indentures=[{"term": "Indenture", "trustee": "T"}])
    [debt] = opinions(one_future)
    assert "as amended, the terms of any Debt Securities and of their issuance" in debt
    [debt] = opinions(_with(["debt_securities"], indentures=[]))
    assert "under which any Debt Securities are to be issued" in debt
    assert "the terms of such Debt Securities" in debt
    [debt] = [o for o in opinions(load_sample(TID)) if "Senior Indenture" in o]
    assert "and, in each case, the terms of such Debt Securities" in debt


def test_one_kind_of_equity_is_counted_in_shares_in_the_shelf_assumptions():
    """Ensure a shelf of common stock alone speaks of "shares of Common Stock" in the delayed-shelf
    assumptions (never "such Common Stock ... their issuance"), with no conversion of "any Common
    Stock", and its resolutions relate to "the Common Stock", not an undefined "Securities"."""
    m = _with(["common_stock"], own_documents_list=False, documents_examined="")
    text = flat(m)
    assert (
        "at the time of each issuance and sale of shares of Common Stock, (i) the Board of "
        "Directors of the Company (or a duly authorized committee thereof) will have taken all "
        "necessary corporate action to establish the terms of such shares of Common Stock and to "
        "authorize their issuance and sale" in text
    )
    assert "to permit the issuance of any shares offered; and (iii)" in text
    assert "exercise of any Common Stock" not in text
    assert (
        "resolutions of the Board of Directors of the Company relating to the registration of the Common Stock"
        in text
    )
    assert not re.search(r"\bSecurities\b(?! and Exchange| Act)", text)


def test_an_llc_counts_units_under_its_agreement_and_files_nothing_for_a_series():
    """Ensure an LLC's common and preferred units are "units" throughout (SLB 19 II.B.1.b: no
    further contribution owed "by reason of their ownership of such units"), authorized under its
    limited liability company agreement, and a series fixed under that agreement with no filing
    office (the Delaware LLC Act has none)."""
    m = _with(
        ["common_stock", "preferred_stock"],
        registrant_entity="limited_liability_company",
        common_description="common units representing limited liability company interests",
        common_term="Common Units",
        preferred_description="preferred units representing limited liability company interests",
        preferred_term="Preferred Units",
    )
    common, preferred = opinions(m)
    assert "and such units have been issued" in common and "such shares" not in common
    assert "solely by reason of their ownership of such units" in common
    assert preferred.startswith(
        "When the terms of a series of Preferred Units have been duly fixed in accordance with the "
        "Company’s limited liability company agreement and duly authorized by all necessary limited "
        "liability company action of the Company, and units of such series have been issued"
    )
    text = flat(m)
    assert "filing office" not in text and "certificate of designations" not in text
    assert (
        "a sufficient number of units of the Company will be authorized under the Company’s limited "
        "liability company agreement, as then in effect" in text
    )


def test_the_assumptions_in_each_paragraph_name_what_they_describe():
    """Ensure assumptions placed in each opinion paragraph describe "the shares of Common Stock"
    (no "such" before anything is named) and count an LLC's units as units."""
    m = load_sample(TID)
    m.facts["assumption_place"] = "each"
    first = opinions(m)[0]
    assert first.startswith(
        "Assuming that the Registration Statement has become effective under the Act, that a "
        "Prospectus Supplement describing the shares of Common Stock has been filed"
    )
    assert "describing such" not in flat(m)
    m.facts.update(registrant_entity="limited_liability_company", common_term="Common Units")
    assert "a sufficient number of units of the Company remains authorized" in opinions(m)[0]


def test_one_guarantor_is_the_guarantor_throughout():
    """Ensure a single guarantor is "the Guarantor" in its paragraph, never "such Guarantor"."""
    m = _with(
        ["debt_securities", "guarantees"],
        guarantors=[
            {"name": "Sub LLC", "jurisdiction": "Delaware", "entity": "limited_liability_company"}
        ],
    )
    guarantee = opinions(m)[-1]
    assert "such Guarantor" not in guarantee
    assert "action of the Guarantor and duly executed" in guarantee
    assert (
        "a valid and binding obligation of the Guarantor, enforceable against the Guarantor"
        in guarantee
    )


@pytest.mark.parametrize(
    "facts",
    [
        {"registrant_entity": "real_estate_investment_trust", "registrant_jurisdiction": "Maryland",
         "registrant_short_name": "Trust", "common_term": "Common Shares", "preferred_term": "Preferred Shares",
         "common_description": "common shares of beneficial interest, par value $0.01 per share",
         "preferred_description": "preferred shares of beneficial interest, par value $0.01 per share"},
        {"form": "F-3", "registrant_entity": "exempted_company", "registrant_jurisdiction": "Cayman Islands",
         "common_term": "Ordinary Shares", "preferred_term": "Preference Shares",
         "common_description": "ordinary shares, par value US$0.0001 per share",
         "preferred_description": "preference shares, par value US$0.0001 per share"},
    ],
    ids=["reit", "cayman"],
)  # fmt: skip
def test_shares_by_their_own_terms_are_covered(facts):
    """Ensure a REIT's "Common Shares" or a foreign issuer's "Ordinary Shares" and "Preference
    Shares" count as the common and preferred stock listed (X5-COV-01 raised a false error)."""
    from opiniondesk.core.checks import run_checks

    m = _with(["common_stock", "preferred_stock"], **facts)
    findings = run_checks(m, m.render("draft"), m.template())
    assert [f.text for f in findings if f.severity in ("error", "warning")] == []


def test_the_shelf_assumptions_use_the_defined_prospectus_supplement():
    """Ensure the delayed-shelf assumptions speak of "a Prospectus Supplement", the term the first
    paragraph defines, not of an undefined "prospectus supplement"."""
    text = flat(load_sample(TID))
    assert '(each, a "Prospectus Supplement")' in text
    assert "a Prospectus Supplement describing such Securities will have been filed" in text
    assert "prospectus supplement" not in text


# ---- the securities underlying warrants, rights, purchase contracts and units -------------------

UNDERLYING_CASES = [
    ("warrants", "common stock", 'warrants to purchase Common Stock (the "Warrants")',
     ["When the issuance of shares of Common Stock", "When a warrant agreement"]),
    ("warrants", "common stock, debt securities",
     'warrants to purchase Common Stock or Debt Securities (the "Warrants")',
     ["When the issuance of shares of Common Stock", "The Senior Indenture", "When a warrant agreement"]),
    ("rights", "ordinary shares", 'rights to purchase Common Stock (the "Rights")',
     ["When the issuance of shares of Common Stock", "When a rights agreement"]),
    ("purchase_contracts", "common stock",
     'purchase contracts for the purchase or sale of Common Stock (the "Purchase Contracts")',
     ["When the issuance of shares of Common Stock", "When a purchase contract agreement"]),
    ("units", "preferred stock and warrants", 'units consisting of Preferred Stock and Warrants (the "Units")',
     ["When a series of Preferred Stock", "When a warrant agreement", "When a unit agreement"]),
]  # fmt: skip


def _checked(m):
    """Return the error and warning findings of a matter's draft."""
    from opiniondesk.core.checks import run_checks

    findings = run_checks(m, m.render("draft"), m.template())
    return [f for f in findings if f.severity in ("error", "warning")]


@pytest.mark.parametrize(("kind", "underlying", "described", "starts"), UNDERLYING_CASES)
def test_an_instrument_names_its_underlying_securities_and_they_are_opined_on(
    kind, underlying, described, starts
):
    """Ensure warrants, rights, purchase contracts and units registered alone name the securities
    they are exercisable for, are for or consist of, and the letter opines on each of those, so
    X5-COV-01 is satisfied (Item 601(b)(5); SLB 19: the securities underlying the registered ones)."""
    m = load_sample(TID)
    m.facts["securities"] = [{"kind": kind, "unit_components": underlying}]
    assert described in flat(m)
    assert [o[: len(s)] for o, s in zip(opinions(m), starts)] == starts
    assert len(opinions(m)) == len(starts)
    assert [f.text for f in _checked(m) if f.rule_id == "X5-COV-01"] == []


@pytest.mark.parametrize("kind", ["warrants", "rights", "purchase_contracts", "units"])
def test_an_instrument_alone_asks_for_its_underlying_securities(kind):
    """Ensure warrants, rights, purchase contracts or units registered with nothing they could be
    exercised for show the Underlying securities field as a missing fact (refused in a final copy)
    rather than an opinion that covers nothing beneath them; X5-COV-01 still errors (Item
    601(b)(5); SLB 19)."""
    for underlying in (None, "gizmos"):
        m = load_sample(TID)
        m.facts["securities"] = [{"kind": kind, "unit_components": underlying}]
        assert "[Securities registered, item 1: Underlying securities]" in flat(m, "draft")
        with pytest.raises(MissingFactsError) as err:
            m.render("filing")
        assert "securities.0.unit_components" in {fid for fid, _ in err.value.missing}
        assert [f.rule_id for f in _checked(m) if f.severity == "error"].count("X5-COV-01") == 1


def test_new_matter_defaults_check_clean_of_coverage_for_what_they_list():
    """Ensure a new S-3 matter's default securities check clean of X5-COV-01, and its warrants name
    what they are exercisable for (never "warrants to purchase other Securities", which would take
    in the units and the warrants themselves) and check clean alone (Item 601(b)(5); SLB 19)."""
    from letters import defaults_matter

    m = defaults_matter(TID)
    assert [f.text for f in _checked(m) if f.rule_id == "X5-COV-01"] == []
    assert (
        '(iv) warrants to purchase Common Stock, Preferred Stock or Debt Securities (the "Warrants")'
        in flat(m, "draft")
    )
    [warrants] = [i for i in m.facts["securities"] if i["kind"] == "warrants"]
    alone = defaults_matter(TID, securities=[dict(warrants)])
    assert "[Securities registered" not in flat(alone, "draft")
    assert [f.text for f in _checked(alone) if f.rule_id == "X5-COV-01"] == []
