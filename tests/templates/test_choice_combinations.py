"""Every combination of the main choices of each template renders, and reads without glued or doubled words."""

import itertools
import re

import pytest
from letters import load_sample

from opiniondesk.writers.text import write_text

ONE = [{"name": "Meridian Ohio Inc.", "jurisdiction": "Ohio", "entity": "corporation"}]
TWO = ONE + [
    {"name": "Meridian LLC", "jurisdiction": "Delaware", "entity": "limited_liability_company"}
]
ALL_KINDS = ["common_stock", "preferred_stock", "depositary_shares", "debt_securities",
             "guarantees", "warrants", "rights", "purchase_contracts", "units"]  # fmt: skip
GRID = {
    "shelf-takedown-notes": {
        "sale_by": ["underwriting", "distribution", "none"],
        "master_note": [True, False],
        "collateral": [None, "a first-priority lien on substantially all of its assets"],
        "guarantors": [[], ONE, TWO],
        "governing_law_counsel": [None, "Davis Polk & Wardwell LLP"],
        "consent_name": [True, False],
        "consent_exhibit_to": ["form_8k", "post_effective_amendment"],
    },
    "s3-universal-shelf": {
        "securities": [
            [{"kind": k} for k in ks]
            for ks in (
                ["common_stock"],
                ["preferred_stock"],
                ["debt_securities", "guarantees"],
                ALL_KINDS,
                ["units"],
                ["warrants"],
                ["depositary_shares"],
            )
        ],  # fmt: skip
        "assumption_place": ["before", "each"],
        "governing_law_counsel": [None, "Davis Polk & Wardwell LLP"],
        "automatic_shelf": [True, False],
    },
    "s8-employee-plans": {
        "share_source": ["new", "treasury", "either"],
        "consent_reference": ["auto", "item5", "caption", "none"],
        "plans": [
            [{"plan_name": "A Plan"}],
            [
                {"plan_name": "A Plan", "term": "A"},
                {"plan_name": "B Plan", "term": "B"},
                {"plan_name": "C Plan", "term": "C"},
            ],
        ],  # fmt: skip
    },
    "s1-ipo-common-stock": {
        "rule_462b": [True, False],
        "reallocated_shares": [None, 500000],
        "ads_ratio": [None, "two Ordinary Shares"],
        "secondary_shares": [None, 2000000],
    },
    "s4-merger-shares": {
        "stockholder_vote": ["none", "issuance", "adoption"],
        "merger_structure": ["direct", "reverse_triangular", "forward_triangular"],
    },
    "abs-series-takedown": {
        "trust_name": [None, "CMSI Trust 2002-3"],
        "servicer": [None, "CitiMortgage, Inc."],
        "defined_terms_sentence": [True, False],
        "consent_exhibit_to": ["form_8k", "post_effective_amendment"],
        "consent_name": [True, False],
    },
    "abs-pass-through-certificates": {
        "unsold_amount": [None, "250000000"],
        "unsold_file_number": [None, "333-55555"],
    },
}
SHARED = [
    {},
    {"law_limitation_place": "before"},
    {"law_limitation_place": "omit"},
    {"experts_statement": True, "section7_statement": False},
    {"no_signature_assumption": True, "further_assumptions": []},
]
# Text glued at a template seam ("therein.The", "Companyand"), a space before punctuation, or a
# word said twice ("the the").
FLAWS = re.compile(
    r"[a-z]\.[A-Z][a-z]|[a-z,;]\(|\)[A-Za-z]|\s[,.;]|,,|\.\.|\b(\w+) \1\b|"
    r"(?:Company|Trustee|Guarantor|Notes|Shares|Securities)(?:and|the|or)\b"
)


@pytest.mark.parametrize("tid", sorted(GRID))
def test_every_combination_renders_cleanly(tid):
    """Ensure every combination of a template's main choices (with the shared law, consent and
    assumption choices) renders, with no glued, misspaced or doubled words (issue 13: a test of
    every branch)."""
    keys = list(GRID[tid])
    count = 0
    for values in itertools.product(*(GRID[tid][k] for k in keys)):
        for shared in SHARED:
            m = load_sample(tid)
            for key, value in {**dict(zip(keys, values, strict=True)), **shared}.items():
                if value is None:
                    m.facts.pop(key, None)
                else:
                    m.facts[key] = value
            text = " ".join(write_text(m.render("draft"), width=0).split())
            flaw = FLAWS.search(text)
            assert not flaw, f"{flaw.group()!r} in: {text[flaw.start() - 60 : flaw.end() + 40]}"
            count += 1
    assert count >= 10
