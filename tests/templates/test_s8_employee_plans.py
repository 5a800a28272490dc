"""The Form S-8 opinion: one or more plans, new or treasury shares, Item 5 or caption consent."""

import pytest
from letters import (
    as_firm,
    as_in_house,
    assert_voice,
    convert_sample,
    defaults_matter,
    flat,
    load_sample,
    opinions,
    squash,
    text_of,
)

TID = "s8-employee-plans"


def test_sample_names_both_plans_and_the_split():
    """Ensure two plans are defined together as the Plans, with the shares under each."""
    text = text_of(load_sample(TID))
    assert (
        '2024 Employee Stock Purchase Plan (together, the "Plans"), consisting of 7,000,000 Shares'
        in text
    )
    assert "registration of 8,250,000 shares" in text


def test_one_plan_is_the_plan():
    """Ensure a single plan is defined as the Plan and the opinion speaks of the Plan."""
    m = load_sample(TID)
    m.facts["plans"] = [{"plan_name": "Acme 2024 Equity Incentive Plan"}]
    text = text_of(m)
    assert 'issuable under the Acme 2024 Equity Incentive Plan (the "Plan").' in text
    assert "terms of the Plan and" in opinions(m)[0] and "Plans" not in text.replace(
        "the Plans and the registration", ""
    )


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (
            "new",
            "The Shares have been duly authorized and, when issued and delivered by the Company",
        ),
        (
            "treasury",
            "The Shares, which are held by the Company in its treasury, have been duly authorized and are validly issued, fully paid and non-assessable.",
        ),
        (
            "either",
            "and the Shares held by the Company in its treasury have been duly authorized and are validly issued, fully paid and non-assessable.",
        ),
    ],
)
def test_new_or_treasury_shares(source, words):
    """Ensure newly issued, treasury and either-way shares each get their own opinion wording."""
    m = load_sample(TID)
    m.facts["share_source"] = source
    [opinion] = opinions(m)
    assert words in opinion
    assert opinion.endswith("validly issued, fully paid and non-assessable.")


def test_item5_or_caption_consent():
    """Ensure the consent names counsel in Item 5, or under the prospectus caption when chosen."""
    m = load_sample(TID)
    assert "reference to me in Item 5 of Part II of the Registration Statement" in text_of(m)
    m.facts["consent_reference"] = "caption"
    m.facts["prospectus_caption"] = "Legal Matters"
    text = text_of(m)
    assert 'under the heading "Legal Matters" in the prospectus' in text and "Item 5" not in text


@pytest.mark.parametrize(
    ("where", "words"),
    [
        (None, "in the prospectus forming a part of the Registration Statement."),
        ("prospectus", "in the prospectus forming a part of the Registration Statement."),
        ("reoffer", "in the reoffer prospectus forming a part of the Registration Statement."),
        ("section_10a", "in the Section 10(a) prospectus relating to the Plans."),
    ],
)
def test_caption_consent_names_the_prospectus_as_s8_letters_do(where, words):
    """Ensure the S-8 consent under the prospectus caption names the prospectus forming a part of
    the Registration Statement, its reoffer prospectus or its Section 10(a) prospectus, never "any
    prospectus filed in connection with" it: the Section 10(a) prospectus of an S-8 is delivered to
    participants, not filed (Rule 428; Rule 436 and SLB 19 (consents), X5-CON-01)."""
    from opiniondesk.core.checks import run_checks

    m = load_sample(TID)
    m.facts.update(consent_reference="caption", prospectus_caption="Legal Matters")
    if where is not None:
        m.facts["consent_caption_in"] = where
    text = flat(m)
    assert 'to the reference to this opinion under the heading "Legal Matters" ' + words in text
    assert "filed in connection with" not in text
    findings = run_checks(m, m.render("draft"), m.template())
    assert [f.text for f in findings if f.severity in ("error", "warning")] == []


def test_voice_in_every_paragraph():
    """Ensure in-house counsel says "I" and a firm says "we" in every paragraph."""
    assert_voice(as_in_house(load_sample(TID)), "I")
    firm = as_firm(load_sample(TID))
    assert_voice(firm, "we")
    firm.facts["consent_reference"] = "item5"
    assert "reference to us in Item 5" in text_of(firm)


def test_sample_converts_with_libreoffice(tmp_path, libreoffice):
    """Ensure the sample's DOCX converts with LibreOffice and carries the opinion."""
    pdf, _ = convert_sample(TID, tmp_path, libreoffice)
    assert (
        squash("validly issued, fully paid and non-assessable") in pdf
        and squash("/s/ Margaret A. Lindqvist") in pdf
    )


def test_no_par_stock_has_no_par_value_floor():
    """Ensure stock without par value carries no "at least equal to their par value" condition
    (issue 13.2)."""
    m = load_sample(TID)
    m.facts["stock_description"] = "common stock, without par value"
    [opinion] = opinions(m)
    assert "par value" not in opinion
    assert 'shares (the "Shares") of common stock, without par value' in flat(m)


def test_treasury_shares_are_already_issued():
    """Ensure treasury shares are said to be validly issued now, with no par-value floor (issue
    16.16; X5-ID-02: tense follows the facts)."""
    m = load_sample(TID)
    m.facts["share_source"] = "treasury"
    [opinion] = opinions(m)
    assert "are validly issued, fully paid and non-assessable" in opinion
    assert "par value" not in opinion and "will be" not in opinion


def test_one_plan_is_singular_everywhere():
    """Ensure a new matter with one plan never speaks of "the Plans", the default documents
    examined included (issue 13.5; issue 16.12)."""
    m = defaults_matter(TID, plans=[{"plan_name": "Acme 2024 Equity Incentive Plan"}])
    text = flat(m)
    assert "Plans" not in text
    assert (
        "(b) the Plan;" in text
        and "relating to the Plan and the registration of the Shares" in text
    )


def test_each_plan_with_its_own_term_and_numbered():
    """Ensure plans with their own defined terms are each defined, numbered (i), (ii), and the split
    names them (issue 13)."""
    m = load_sample(TID)
    m.facts["plans"] = [
        {"plan_name": "Northwind 2024 Equity Incentive Plan", "term": "Incentive Plan", "shares": 7000000},
        {"plan_name": "Northwind Director Plan", "term": "Director Plan", "shares": 1250000},
    ]  # fmt: skip
    text = flat(m)
    assert (
        'issuable under (i) the Northwind 2024 Equity Incentive Plan (the "Incentive Plan") and (ii) '
        'the Northwind Director Plan (the "Director Plan" and, together with the Incentive Plan, the '
        '"Plans"), consisting of 7,000,000 Shares issuable under the Incentive Plan and 1,250,000 '
        "Shares issuable under the Director Plan." in text
    )
    m.facts["plans"] = m.facts["plans"][:1]
    text = flat(m)
    assert (
        '(the "Incentive Plan")' in text
        and "(i)" not in text
        and "terms of the Incentive Plan" in text
    )


@pytest.mark.parametrize(
    ("counsel", "item5"),
    [("in_house", True), ("firm", False)],
)
def test_item5_consent_is_the_default_only_for_in_house_counsel(counsel, item5):
    """Ensure the consent names counsel in Item 5 of Part II by default only for in-house counsel;
    a firm's letter consents to the filing alone (issue 16.11; Rule 436, X5-CON-01)."""
    m = defaults_matter(TID)
    m = as_in_house(m) if counsel == "in_house" else as_firm(m)
    text = flat(m)
    assert ("in Item 5 of Part II of the Registration Statement" in text) == item5
    if not item5:
        assert (
            "hereby consent to the filing of this opinion as an exhibit to the Registration Statement."
            in text
        )
