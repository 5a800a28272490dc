"""Tests for the obligation and law rules: X5-DEBT-01, X5-DEBT-02, X5-JUR-01, X5-JUR-02, X5-ADM-01, X5-FOR-01."""

import pytest
from check_letters import (
    EQUITY,
    EQUITY_FACTS,
    NOTES,
    NOTES_FACTS,
    assert_found,
    assert_kept,
    block_with,
    check,
    of_rule,
    variant,
)

LIMIT = "The opinions expressed herein are limited to"


def test_debt01_kept_by_binding_obligations():
    """Ensure "valid and binding obligations of the Company" keeps X5-DEBT-01."""
    assert_kept(NOTES, NOTES_FACTS, "X5-DEBT-01")


def test_debt01_finds_notes_without_binding_obligation():
    """Ensure notes said to be "legal, valid and enforceable" only are an X5-DEBT-01 error on that paragraph."""
    markup = variant(
        NOTES,
        (
            "will constitute valid and binding obligations of the Company",
            "will be legal, valid and enforceable obligations of the Company",
        ),
    )
    assert_found(
        markup, NOTES_FACTS, "X5-DEBT-01", ["error"], "legal, valid and enforceable obligations"
    )


def test_debt01_finds_warrants_said_only_to_be_validly_issued():
    """Ensure a warrant opinion without "binding obligations" is an X5-DEBT-01 error."""
    markup = variant(
        EQUITY,
        (
            "will be validly issued, fully paid and non-assessable.</opinion>",
            "will be validly issued, fully paid and non-assessable.</opinion> <opinion>When the Warrants have been "
            "duly executed and delivered, the Warrants will be validly issued.</opinion>",
        ),
    )
    letter, findings = check(markup, EQUITY_FACTS)
    found = of_rule(findings, "X5-DEBT-01")
    assert found and found[0].block == block_with(letter, "the Warrants will be validly issued")
    assert not of_rule(findings, "X5-EQ-01")


def test_debt02_kept_when_the_governing_law_is_covered():
    """Ensure a limitation naming New York law keeps X5-DEBT-02 for New York-law notes."""
    assert_kept(NOTES, NOTES_FACTS, "X5-DEBT-02")


def test_debt02_finds_a_limitation_without_the_governing_law():
    """Ensure dropping New York from the law limitation is an X5-DEBT-02 error on the limitation."""
    markup = variant(
        NOTES,
        ("limited to the laws of the State of New York, the General", "limited to the General"),
    )
    found = assert_found(markup, NOTES_FACTS, "X5-DEBT-02", ["error"], LIMIT)
    assert "New York" in found[0].message


def test_debt02_finds_a_missing_governing_law_without_facts():
    """Ensure without a governing-law fact a limitation to corporate and federal law still gets X5-DEBT-02."""
    markup = variant(
        NOTES,
        ("limited to the laws of the State of New York, the General", "limited to the General"),
    )
    facts = {k: v for k, v in NOTES_FACTS.items() if k != "governing_law_state"}
    letter, findings = check(markup, facts)
    found = of_rule(findings, "X5-DEBT-02")
    assert found and found[0].block == block_with(letter, LIMIT)


def test_jur01_kept_by_the_delaware_corporate_law():
    """Ensure a limitation naming the General Corporation Law of Delaware keeps X5-JUR-01."""
    assert_kept(EQUITY, EQUITY_FACTS, "X5-JUR-01")


def test_jur01_finds_a_limitation_without_the_home_law():
    """Ensure a Delaware registrant's opinion limited to New York and federal law is an X5-JUR-01 error."""
    markup = variant(
        EQUITY,
        (
            "the General Corporation Law of the State of Delaware and",
            "the laws of the State of New York and",
        ),
    )
    assert_found(markup, EQUITY_FACTS, "X5-JUR-01", ["error"], LIMIT)


def test_jur01_kept_when_local_counsel_is_named():
    """Ensure naming local counsel (filed as Exhibit 5.2) keeps X5-JUR-01 for a limitation without home law."""
    markup = variant(
        EQUITY,
        (
            "the General Corporation Law of the State of Delaware and",
            "the laws of the State of New York and",
        ),
    )
    _, findings = check(
        markup, {**EQUITY_FACTS, "local_counsel": "Richards, Layton & Finger, P.A."}
    )
    assert not of_rule(findings, "X5-JUR-01")


def test_jur01_reads_the_jurisdiction_from_the_text():
    """Ensure without a jurisdiction fact the letter's "a Delaware corporation" is used (X5-JUR-01)."""
    markup = variant(
        EQUITY,
        (
            "the General Corporation Law of the State of Delaware and",
            "the laws of the State of New York and",
        ),
    )
    _, findings = check(markup, {})
    assert of_rule(findings, "X5-JUR-01")


def test_jur02_kept_by_an_other_than_limitation():
    """Ensure "no opinion as to the laws of any jurisdiction other than ... Delaware" keeps X5-JUR-02."""
    markup = variant(
        EQUITY,
        (
            "The opinions expressed herein are limited to the General Corporation Law",
            "We express no opinion as to the laws of any jurisdiction other than the General Corporation Law",
        ),
    )
    _, findings = check(markup, EQUITY_FACTS)
    assert not of_rule(findings, "X5-JUR-02")
    assert not of_rule(findings, "X5-JUR-01")


def test_jur02_finds_a_disclaimer_of_the_home_law():
    """Ensure "we express no opinion as to the laws of the State of Delaware" is an X5-JUR-02 error."""
    markup = variant(
        EQUITY,
        (
            "federal laws of the United States of America.</body>",
            "federal laws of the United States of America. "
            "We express no opinion as to the laws of the State of Delaware.</body>",
        ),
    )
    assert_found(markup, EQUITY_FACTS, "X5-JUR-02", ["error"], LIMIT)


def test_jur02_finds_a_limit_to_federal_law_alone():
    """Ensure an opinion limited to the federal laws of the United States is an X5-JUR-02 error."""
    markup = variant(
        EQUITY,
        (
            "limited to the General Corporation Law of the State of Delaware and the",
            "limited to the",
        ),
    )
    letter, findings = check(markup, EQUITY_FACTS)
    found = of_rule(findings, "X5-JUR-02")
    assert found and found[0].block == block_with(letter, LIMIT)


def test_adm01_kept_without_an_admission_statement():
    """Ensure the Section 7 "do not thereby admit" is not mistaken for an admission statement (X5-ADM-01)."""
    assert_kept(EQUITY, EQUITY_FACTS, "X5-ADM-01")


def test_adm01_finds_admitted_only_in():
    """Ensure "I am admitted to practice only in Massachusetts" is an X5-ADM-01 error on its paragraph."""
    markup = variant(
        EQUITY,
        (
            "federal laws of the United States of America.</body>",
            "federal laws of the United States of America. "
            "I am admitted to practice only in Massachusetts.</body>",
        ),
    )
    assert_found(markup, EQUITY_FACTS, "X5-ADM-01", ["error"], "admitted to practice only")


def test_adm01_finds_not_admitted():
    """Ensure "we are not admitted to practice in Delaware" is an X5-ADM-01 error."""
    markup = variant(
        EQUITY,
        (
            "federal laws of the United States of America.</body>",
            "federal laws of the United States of America. "
            "We are not admitted to practice in the State of Delaware.</body>",
        ),
    )
    _, findings = check(markup, EQUITY_FACTS)
    assert of_rule(findings, "X5-ADM-01")


CAYMAN = variant(
    EQUITY,
    ("a Delaware corporation", "a Cayman Islands exempted company"),
    (
        "The Company is a corporation duly incorporated and validly existing under the laws of the State of Delaware.",
        "The Company is an exempted company duly incorporated and validly existing under the laws of the Cayman Islands.",
    ),
    (
        "the Company's common stock, par value $0.01 per share",
        "the Company's ordinary shares, par value $0.0001 per share",
    ),
    (
        "the General Corporation Law of the State of Delaware and the federal laws of the United States of America",
        "the laws of the Cayman Islands",
    ),
)
CAYMAN_FACTS = {**EQUITY_FACTS, "registrant_jurisdiction": "Cayman Islands", "form": "F-1"}
EXPLAINED = (
    "fully paid and non-assessable.</opinion>",
    "fully paid and non-assessable (meaning that no further sums are payable to the Company by the holders in "
    "respect of the Shares).</opinion>",
)


def test_for01_kept_by_home_law_and_an_explanation():
    """Ensure a Cayman registrant's opinion under Cayman law that explains "non-assessable" keeps X5-FOR-01."""
    markup = variant(CAYMAN, ("Form S-1", "Form F-1"), EXPLAINED)
    _, findings = check(markup, CAYMAN_FACTS)
    assert not of_rule(findings, "X5-FOR-01")
    assert not of_rule(findings, "X5-TB-01")


def test_for01_finds_an_unexplained_non_assessable():
    """Ensure "non-assessable" for a Cayman company without an explanation is an X5-FOR-01 warning."""
    markup = variant(CAYMAN, ("Form S-1", "Form F-1"))
    assert_found(
        markup, CAYMAN_FACTS, "X5-FOR-01", ["warning"], "The Shares have been duly authorized"
    )


def test_for01_finds_an_opinion_without_home_law():
    """Ensure a Cayman registrant's opinion limited to New York law is an X5-FOR-01 error."""
    markup = variant(
        CAYMAN,
        ("Form S-1", "Form F-1"),
        EXPLAINED,
        (
            "limited to the laws of the Cayman Islands",
            "limited to the laws of the State of New York",
        ),
    )
    letter, findings = check(markup, CAYMAN_FACTS)
    found = [f for f in of_rule(findings, "X5-FOR-01") if f.severity == "error"]
    assert found and found[0].block == block_with(letter, LIMIT)


# A Cayman F-1 letter that does without the law limitation and opines on the shares alone (no
# existence opinion naming the Cayman Islands): only counsel's capacity can say which law it speaks.
SILENT_ON_LAW = variant(
    CAYMAN,
    ("Form S-1", "Form F-1"),
    EXPLAINED,
    (
        "<opinion>The Company is an exempted company duly incorporated and validly existing under the laws of "
        "the Cayman Islands.</opinion>",
        "",
    ),
    (
        "<body>The opinions expressed herein are limited to the laws of the Cayman Islands.</body>",
        "",
    ),
)


@pytest.mark.parametrize(
    "capacity",
    [
        "We have acted as Cayman Islands counsel to",
        "We have acted as special Cayman Islands counsel to",
        "We have acted as Cayman Islands legal advisers to",
        "We have acted as legal counsel in the Cayman Islands to",
    ],
)
def test_for01_kept_by_home_counsel_without_a_law_limitation(capacity):
    """Ensure a letter without a law limitation, given by counsel who say they act as counsel of the
    registrant's home jurisdiction ("Cayman Islands counsel"), keeps X5-FOR-01: the letter says which
    law it covers (SLB 19, foreign registrants; opinions on the laws of other jurisdictions)."""
    markup = variant(SILENT_ON_LAW, ("We have acted as counsel to", capacity))
    _, findings = check(markup, CAYMAN_FACTS)
    assert not of_rule(findings, "X5-FOR-01") and not of_rule(findings, "X5-JUR-01")


@pytest.mark.parametrize(
    ("juris", "capacity"),
    [
        ("England and Wales", "We have acted as English counsel to"),
        ("Israel", "We have acted as Israeli counsel to"),
        ("Republic of Singapore", "We have acted as Singapore counsel to"),
        ("Ireland", "We have acted as special Irish counsel to"),
    ],
)
def test_for01_kept_by_home_counsel_named_as_lawyers_name_them(juris, capacity):
    """Ensure counsel's capacity named by the adjective lawyers use ("English counsel", "Israeli
    counsel", "Singapore counsel") says which law a letter without a law limitation covers, as
    "Cayman Islands counsel" does, and plain "counsel" does not (SLB 19, foreign registrants)."""
    facts = {**CAYMAN_FACTS, "registrant_jurisdiction": juris}
    markup = variant(SILENT_ON_LAW, ("We have acted as counsel to", capacity))
    _, findings = check(markup, facts)
    assert not [f for f in of_rule(findings, "X5-FOR-01") if f.severity == "error"]
    _, findings = check(SILENT_ON_LAW, facts)
    assert [f.severity for f in of_rule(findings, "X5-FOR-01") if f.severity == "error"] == [
        "error"
    ]


def test_for01_finds_a_letter_that_never_says_which_law_it_covers():
    """Ensure a foreign registrant's letter with no law limitation, no opinion naming its home
    jurisdiction and counsel who do not say they act as its counsel is an X5-FOR-01 error naming "the
    Cayman Islands" (SLB 19, foreign registrants)."""
    letter, findings = check(SILENT_ON_LAW, CAYMAN_FACTS)
    found = [f for f in of_rule(findings, "X5-FOR-01") if f.severity == "error"]
    assert [f.message for f in found] == [
        "the letter never says which law its opinions are given under: no law limitation, opinion "
        "or statement of counsel's capacity names the laws of the Cayman Islands, the registrant's "
        "home jurisdiction"
    ]
    assert found[0].block == block_with(letter, "we are of the opinion that:")
    assert "Cayman Islands counsel" in found[0].fix


def test_for01_names_the_home_jurisdiction_as_the_laws_of_it_read():
    """Ensure X5-FOR-01's message about a limitation that leaves out home law names "the laws of the
    Cayman Islands", never "the law of Cayman Islands" (SLB 19, foreign registrants)."""
    markup = variant(
        CAYMAN,
        ("Form S-1", "Form F-1"),
        EXPLAINED,
        (
            "limited to the laws of the Cayman Islands",
            "limited to the laws of the State of New York",
        ),
    )
    _, findings = check(markup, CAYMAN_FACTS)
    found = [f for f in of_rule(findings, "X5-FOR-01") if f.severity == "error"]
    assert [f.message for f in found] == [
        "the opinion is limited to laws that leave out the laws of the Cayman Islands, the "
        "registrant's home jurisdiction"
    ]
    assert "of Cayman Islands" not in found[0].fix


def test_adm01_kept_by_other_uses_of_admitted_and_qualified():
    """Ensure listing admissions and Trust Indenture Act qualification are not admission statements (X5-ADM-01)."""
    markup = variant(
        NOTES,
        (
            "federal laws of the United States of America.</body>",
            "federal laws of the United States of America. The Indenture has been qualified in accordance with "
            "the Trust Indenture Act, and the Notes have not been admitted to listing on any exchange.</body>",
        ),
    )
    assert_kept(markup, NOTES_FACTS, "X5-ADM-01")


WARRANTS_UNDER_DELAWARE_LAW = variant(
    EQUITY,
    (
        "will be validly issued, fully paid and non-assessable.</opinion>",
        "will be validly issued, fully paid and non-assessable.</opinion> <opinion>When the Warrants have "
        "been duly executed and delivered against payment, the Warrants will constitute valid and binding "
        "obligations of the Company.</opinion>",
    ),
    (
        "limited to the General Corporation Law of the State of Delaware",
        "limited to the laws of the State of Delaware",
    ),
)


def _template_defaulting_to_new_york():
    from pathlib import Path

    from opiniondesk.core.facts import FactSchema, FactSpec
    from opiniondesk.core.templates import Template

    spec = FactSpec("governing_law_state", "Law governing the agreements", default="New York")
    return Template("test", Path("."), schema=FactSchema(facts=[spec]))


def test_debt02_kept_when_the_governing_law_is_a_default_never_used():
    """Ensure a template's default governing law that the letter never prints is not taken as counsel's
    statement, so X5-DEBT-02 does not demand New York law of Delaware-law warrants (SLB 19, debt
    securities; issue 13.3)."""
    from check_letters import build

    from opiniondesk.core.checks import run_checks

    facts = {
        **EQUITY_FACTS,
        "governing_law_state": "New York",
        "securities": [{"term": "Shares"}, {"term": "Warrants", "underlying": "Shares"}],
    }
    matter, letter = build(WARRANTS_UNDER_DELAWARE_LAW, facts)
    found = run_checks(matter, letter, _template_defaulting_to_new_york())
    assert not of_rule(found, "X5-DEBT-02")
    matter.facts["governing_law_state"] = "Illinois"  # a value counsel chose is a statement
    found = of_rule(run_checks(matter, letter, _template_defaulting_to_new_york()), "X5-DEBT-02")
    assert [f.severity for f in found] == ["error"] and "Illinois" in found[0].message


def test_debt02_kept_by_a_local_law_opinion_naming_governing_law_counsel():
    """Ensure a local-law-only opinion (Cayman counsel) that names the counsel covering the New York law
    of the notes passes every check in its filing copy (SLB 19, debt securities and foreign registrants;
    issue 13.3)."""
    from check_letters import LOCAL_LAW_FACTS, LOCAL_LAW_NOTES, LOCAL_LAW_SIGNER

    for copy in ("draft", "filing"):
        _, findings = check(LOCAL_LAW_NOTES, LOCAL_LAW_FACTS, signer=LOCAL_LAW_SIGNER, copy=copy)
        assert [f.text for f in findings] == []


def test_debt02_finds_a_local_law_opinion_naming_no_governing_law_counsel():
    """Ensure a local-law-only opinion that leaves New York law out and names nobody covering it is an
    X5-DEBT-02 error whose fix names the counsel the facts give (SLB 19, debt securities)."""
    from check_letters import LOCAL_LAW_FACTS, LOCAL_LAW_NOTES, LOCAL_LAW_SIGNER

    markup = variant(
        LOCAL_LAW_NOTES,
        (
            "; as to those laws, the Company has filed the opinion of Davis Polk &amp; Wardwell LLP as "
            "Exhibit 5.1 to the Registration Statement",
            "",
        ),
    )
    found = assert_found(
        markup,
        LOCAL_LAW_FACTS,
        "X5-DEBT-02",
        ["error"],
        "This opinion is limited",
        signer=LOCAL_LAW_SIGNER,
    )
    assert "Davis Polk & Wardwell LLP" in found[0].fix


class _Table:
    """A stand-in for the jurisdictions table: it knows Delaware and New York only."""

    @staticmethod
    def warning(name, entity="corporation", preferred=False):
        if name.lower() in ("delaware", "new york"):
            return None
        return (
            f"the jurisdictions table does not know '{name}', so the letter names its charter and "
            "filing office in neutral words"
        )


def _with_table(monkeypatch):
    from opiniondesk.core.checks.rules import x5_jur_03

    monkeypatch.setattr(x5_jur_03, "jurisdictions", _Table)


def test_jur03_kept_by_a_jurisdiction_the_table_knows(monkeypatch):
    """Ensure a registrant in a jurisdiction the table knows keeps X5-JUR-03 (SLB 19, opinions on the
    laws of other jurisdictions)."""
    _with_table(monkeypatch)
    assert_kept(EQUITY, EQUITY_FACTS, "X5-JUR-03")


def test_jur03_finds_a_jurisdiction_the_table_does_not_know(monkeypatch):
    """Ensure a jurisdiction the table does not know (the template falls back to neutral wording) is an
    X5-JUR-03 warning naming it (issue 16.2)."""
    _with_table(monkeypatch)
    facts = {**EQUITY_FACTS, "registrant_jurisdiction": "Ruritania"}
    _, findings = check(EQUITY, facts)
    found = of_rule(findings, "X5-JUR-03")
    assert [f.severity for f in found] == ["warning"]
    assert "'Ruritania'" in found[0].message and "neutral" in found[0].message


def test_jur03_finds_neutral_wording_for_a_filing_office():
    """Ensure "the appropriate filing office" in the letter is an X5-JUR-03 warning on its paragraph,
    whatever the table (issue 16.2)."""
    markup = variant(
        EQUITY,
        (
            "The Shares have been duly authorized",
            "When a certificate of designations has been filed with the appropriate filing office, the "
            "Shares will have been duly authorized",
        ),
    )
    assert_found(markup, {}, "X5-JUR-03", ["warning"], "the appropriate filing office")


def test_jur03_finds_an_unknown_jurisdiction_with_the_real_table():
    """Ensure the jurisdictions table's own warning (an unknown jurisdiction gets neutral wording) is
    surfaced as an X5-JUR-03 warning, for the registrant and for a guarantor (issue 16.2)."""
    facts = {**EQUITY_FACTS, "registrant_jurisdiction": "Ruritania"}
    _, findings = check(EQUITY, facts)
    found = of_rule(findings, "X5-JUR-03")
    assert [f.severity for f in found] == ["warning"]
    assert found[0].message.startswith("The registrant: ") and "Ruritania" in found[0].message
    guaranteed = {
        **EQUITY_FACTS,
        "guarantors": [
            {"name": "Acme Operating LLC", "jurisdiction": "Freedonia", "entity": "corporation"}
        ],
    }
    _, findings = check(EQUITY, guaranteed)
    assert ["Freedonia" in f.message for f in of_rule(findings, "X5-JUR-03")] == [True]
    assert_kept(EQUITY, EQUITY_FACTS, "X5-JUR-03")


def test_debt02_kept_by_a_local_law_opinion_that_does_not_say_binding():
    """Ensure a local-law-only opinion that says the notes "have been duly authorized, executed and
    delivered" and leaves what binds them to the New York counsel it names passes every check (SLB 19,
    debt securities and foreign registrants; issue 13.3)."""
    from check_letters import LOCAL_LAW_FACTS, LOCAL_LAW_NOTES, LOCAL_LAW_SIGNER

    markup = variant(
        LOCAL_LAW_NOTES,
        (
            "the Notes will constitute valid and binding obligations of the Company under the laws of the "
            "Cayman Islands, subject to applicable bankruptcy, insolvency and similar laws affecting creditors' "
            "rights generally and to general principles of equity.",
            "the Notes will have been duly authorized, executed and delivered by the Company.",
        ),
        (
            "; as to those laws, the Company has filed the opinion of Davis Polk &amp; Wardwell LLP as Exhibit "
            "5.1 to the Registration Statement.",
            "; those laws are the subject of the opinion of Davis Polk &amp; Wardwell LLP, filed as Exhibit 5.1 "
            "to the Registration Statement.",
        ),
    )
    for copy in ("draft", "filing"):
        _, findings = check(markup, LOCAL_LAW_FACTS, signer=LOCAL_LAW_SIGNER, copy=copy)
        assert [f.text for f in findings] == []
    unnamed = variant(
        markup,
        (
            "; those laws are the subject of the opinion of Davis Polk &amp; Wardwell LLP, filed as Exhibit 5.1 "
            "to the Registration Statement.",
            ".",
        ),
    )
    facts = {k: v for k, v in LOCAL_LAW_FACTS.items() if not k.startswith("governing_law_counsel")}
    _, findings = check(unnamed, facts, signer=LOCAL_LAW_SIGNER)
    assert [f.severity for f in of_rule(findings, "X5-FOR-01")] == ["error"]


def test_debt01_kept_by_shares_issued_once_a_merger_agreement_is_adopted():
    """Ensure a share opinion conditioned on the adoption of a merger agreement is read as an equity
    opinion, not an opinion on the agreement (X5-DEBT-01; Item 601(b)(5))."""
    markup = variant(
        EQUITY,
        (
            "The Shares have been duly authorized and, when issued",
            "When the Merger Agreement has been adopted by the affirmative vote of the holders of a majority of "
            "the outstanding stock of the Company entitled to vote thereon and the Shares have been issued in the "
            "Merger, the Shares will be duly authorized and, when issued",
        ),
    )
    _, findings = check(markup, EQUITY_FACTS)
    assert not of_rule(findings, "X5-DEBT-01")
    assert not of_rule(findings, "X5-EQ-01")


def test_for01_kept_by_a_registrant_in_a_us_territory():
    """Ensure a registrant of a U.S. territory (the United States Virgin Islands, Guam) is not a foreign
    registrant, and "the laws of the United States Virgin Islands" is not federal law alone (X5-FOR-01,
    X5-JUR-02; SLB 19, foreign registrants)."""
    for territory in ("United States Virgin Islands", "Guam"):
        markup = variant(
            EQUITY,
            ("a Delaware corporation", f"a {territory} corporation"),
            ("the laws of the State of\nDelaware", f"the laws of the {territory}"),
            (
                "the General Corporation Law of the State of Delaware",
                f"the laws of the {territory}",
            ),
        )
        facts = {**EQUITY_FACTS, "registrant_jurisdiction": territory}
        _, findings = check(markup, facts)
        assert not of_rule(findings, "X5-FOR-01") and not of_rule(findings, "X5-JUR-02"), territory
