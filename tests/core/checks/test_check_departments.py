"""Acceptance: department precedents are checked by their wording, whatever they call their facts."""

from check_letters import block_with, department_letter, of_rule

from opiniondesk.core.checks import run_checks

CONSENT_J2 = """I hereby consent to the use and filing of this opinion as an exhibit to the Registration Statement and to
the reference to this opinion under the heading <q>{{ named_under }}</q> in any prospectus filed in
connection with the Registration Statement.{% if section7_statement %} In giving such consent, I do not
thereby admit that I come within the category of persons whose consent is required under Section 7 of the
Act or the rules and regulations of the Securities and Exchange Commission thereunder.{% endif %}"""


def serious(findings):
    return [f for f in findings if f.severity in ("error", "warning")]


def test_the_unedited_precedent_is_clean(tmp_path):
    """Ensure the precedent keeping the reference wording under its own fact names has no error or warning."""
    matter, letter, template = department_letter(tmp_path)
    assert "registrant_name" not in matter.facts and "depositor" in matter.facts
    assert serious(run_checks(matter, letter, template)) == []


def test_a_precedent_limiting_reliance_gets_qual02(tmp_path):
    """Ensure a precedent adding "This opinion is solely for your benefit" gets X5-QUAL-02 on that paragraph."""
    matter, letter, template = department_letter(
        tmp_path,
        ("<closing>", "<body>This opinion is solely for your benefit.</body>\n<closing>"),
    )
    found = of_rule(run_checks(matter, letter, template), "X5-QUAL-02")
    assert [f.severity for f in found] == ["error"]
    assert found[0].block == block_with(letter, "solely for your benefit")
    assert "X5-QUAL-02" in found[0].text


def test_a_precedent_assuming_due_incorporation_gets_asm01(tmp_path):
    """Ensure a precedent assuming "the Company is duly incorporated" gets X5-ASM-01 on that paragraph."""
    matter, letter, template = department_letter(
        tmp_path,
        (
            "In addition, I have assumed that",
            "In addition, I have assumed that the Company is duly incorporated, that",
        ),
    )
    found = of_rule(run_checks(matter, letter, template), "X5-ASM-01")
    assert [f.severity for f in found] == ["error"]
    assert found[0].block == block_with(letter, "the Company is duly incorporated")


def test_a_precedent_assuming_its_own_short_name_incorporated_gets_asm01(tmp_path):
    """Ensure assuming the registrant (by the precedent's own short name) is duly incorporated gets X5-ASM-01."""
    matter, letter, template = department_letter(
        tmp_path,
        (
            "In addition, I have assumed that",
            "In addition, I have assumed that {{ short }} is duly incorporated and validly existing, that",
        ),
    )
    found = of_rule(run_checks(matter, letter, template), "X5-ASM-01")
    assert found and found[0].block == block_with(letter, "CMSI is duly incorporated")


def test_a_precedent_without_consent_gets_con01(tmp_path):
    """Ensure a precedent that drops the consent sentence gets X5-CON-01."""
    matter, letter, template = department_letter(
        tmp_path, (CONSENT_J2, "This opinion is given as of its date.")
    )
    found = of_rule(run_checks(matter, letter, template), "X5-CON-01")
    assert [f.severity for f in found] == ["error"]
    assert "consent" in found[0].message
