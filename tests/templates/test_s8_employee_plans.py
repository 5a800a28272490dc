"""The Form S-8 opinion: one or more plans, new or treasury shares, Item 5 or caption consent."""

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
    assert 'under the heading "Legal Matters" in any prospectus' in text and "Item 5" not in text


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
