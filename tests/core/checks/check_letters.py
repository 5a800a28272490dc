"""Letters for the opinion-check tests: good letters in markup, variants of them, and how to check them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from opiniondesk.core.checks import Finding, run_checks
from opiniondesk.core.matter import Matter, load_matter
from opiniondesk.core.model import Letter
from opiniondesk.core.templates import _apply_signature, parse_letter_markup

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "resources" / "samples"

HEAD = """<letter>
<exhibit>Exhibit 5.1</exhibit>
<date>March 3, 2025</date>
<address><line>Acme Widgets, Inc.</line><line>1 Main Street</line><line>Wilmington, DE 19801</line></address>
<salutation>Ladies and Gentlemen:</salutation>
"""
TAIL = """<closing>Very truly yours,</closing>
<signature>Smith &amp; Jones LLP</signature>
<signer>Smith &amp; Jones LLP</signer>
</letter>"""

# A primary offering of common stock on Form S-1, given by a law firm: breaks no rule.
EQUITY = (
    HEAD
    + """<body>We have acted as counsel to Acme Widgets, Inc., a Delaware corporation (the <term>Company</term>),
in connection with the Registration Statement on Form S-1 (File No. 333-123456) (the <term>Registration
Statement</term>) filed with the Securities and Exchange Commission under the Securities Act of 1933, as amended
(the <term>Act</term>), relating to 5,000,000 shares of the Company's common stock, par value $0.01 per share
(the <term>Shares</term>), to be issued and sold by the Company under the Underwriting Agreement.</body>
<body>We have examined the Company's certificate of incorporation, by-laws, resolutions of its board of directors
and such other records, certificates and documents as we have deemed necessary. In our examination, we have
assumed the genuineness of all signatures, the authenticity of all documents submitted to us as originals and
the conformity to originals of all documents submitted to us as copies. As to facts material to this opinion,
we have relied upon certificates of officers of the Company and of public officials.</body>
<body>Based on the foregoing, we are of the opinion that:</body>
<opinion>The Company is a corporation duly incorporated and validly existing under the laws of the State of
Delaware.</opinion>
<opinion>The Shares have been duly authorized and, when issued and delivered against payment therefor as described
in the Registration Statement, will be validly issued, fully paid and non-assessable.</opinion>
<body>The opinions expressed herein are limited to the General Corporation Law of the State of Delaware and the
federal laws of the United States of America.</body>
<body>We hereby consent to the filing of this opinion as an exhibit to the Registration Statement and to the
reference to our firm under the caption <q>Legal Matters</q> in the prospectus forming a part of the
Registration Statement. In giving such consent, we do not thereby admit that we are within the category of
persons whose consent is required under Section 7 of the Act.</body>
"""
    + TAIL
)

EQUITY_FACTS: dict[str, Any] = {
    "registrant_name": "Acme Widgets, Inc.",
    "registrant_jurisdiction": "Delaware",
    "form": "S-1",
    "file_number": "333-123456",
    "prospectus_caption": "Legal Matters",
    "securities": [{"term": "Shares", "kind": "common stock"}],
}

# A takedown of senior notes off an S-3 shelf, filed with a Form 8-K: breaks no rule.
NOTES = (
    HEAD
    + """<body>We have acted as counsel to Acme Widgets, Inc., a Delaware corporation (the <term>Company</term>),
in connection with the issuance and sale of $500,000,000 aggregate principal amount of its 5.25% Senior Notes
due 2035 (the <term>Notes</term>) under the Registration Statement on Form S-3 (File No. 333-234567) (the
<term>Registration Statement</term>) filed under the Securities Act of 1933, as amended (the <term>Act</term>),
the prospectus dated January 10, 2025 (the <term>Base Prospectus</term>), the prospectus supplement dated
February 26, 2025 (the <term>Prospectus Supplement</term>) and the Underwriting Agreement dated February 26, 2025
among the Company and the underwriters named therein. The Notes are issued under an indenture dated as of
January 10, 2025 (the
<term>Indenture</term>) between the Company and The Bank of New York Mellon Trust Company, N.A., as trustee (the
<term>Trustee</term>).</body>
<body>We have examined such documents and records as we have deemed necessary. In our examination, we have
assumed the genuineness of all signatures, the authenticity of all documents submitted to us as originals and
the conformity to originals of all documents submitted to us as copies, and that the Indenture has been duly
authorized, executed and delivered by, and is a valid and binding obligation of, the Trustee.</body>
<body>Based on the foregoing, we are of the opinion that the Notes, when executed and authenticated in
accordance with the Indenture and delivered against payment therefor as provided in the Underwriting Agreement,
will constitute valid and binding obligations of the Company, enforceable against the Company in accordance with
their terms, subject to applicable bankruptcy, insolvency, reorganization, moratorium and similar laws affecting
creditors' rights generally and to general principles of equity.</body>
<body>The opinions expressed herein are limited to the laws of the State of New York, the General Corporation
Law of the State of Delaware and the federal laws of the United States of America.</body>
<body>We hereby consent to the filing of this opinion as Exhibit 5.1 to the Company's Current Report on Form 8-K
and to its incorporation by reference into the Registration Statement, and to the reference to our firm under
the caption <q>Legal Matters</q> in the Prospectus Supplement. In giving such consent, we do not thereby admit
that we are within the category of persons whose consent is required under Section 7 of the Act.</body>
"""
    + TAIL
)

NOTES_FACTS: dict[str, Any] = {
    "registrant_name": "Acme Widgets, Inc.",
    "registrant_jurisdiction": "Delaware",
    "form": "S-3",
    "file_number": "333-234567",
    "prospectus_caption": "Legal Matters",
    "governing_law_state": "New York",
    "securities": [{"term": "Notes", "kind": "debt securities"}],
}

FIRM_SIGNER = {"name": "Smith & Jones LLP", "conformed": "Smith & Jones LLP", "voice": "we"}


def variant(markup: str, *replacements: tuple[str, str]) -> str:
    """Return the markup with each (old, new) replaced once; fail loudly if `old` is not there.

    Whitespace is folded first (as the letter parser folds it), so `old` may be written on one line.
    """
    markup = re.sub(r"\s+", " ", markup)
    for old, new in replacements:
        old = re.sub(r"\s+", " ", old)
        assert old in markup, f"test letter has no {old!r}"
        markup = markup.replace(old, new, 1)
    return markup


def in_house_equity(signer_lines: str) -> str:
    """Return the equity letter in an in-house lawyer's voice ("I"), signed with `signer_lines`."""
    return variant(
        EQUITY,
        ("We have acted", "I have acted"),
        ("In our examination, we have assumed", "In my examination, I have assumed"),
        ("we have deemed", "I have deemed"),
        ("submitted to us", "submitted to me"),
        ("submitted to us", "submitted to me"),
        ("we have relied", "I have relied"),
        ("we are of the opinion", "I am of the opinion"),
        ("We hereby consent", "I hereby consent"),
        ("our firm", "me"),
        ("we do not thereby admit that we are", "I do not thereby admit that I am"),
        ("We have examined", "I have examined"),
        ("<signer>Smith &amp; Jones LLP</signer>", f"<signer>{signer_lines}</signer>"),
    )


def build(
    markup: str,
    facts: dict[str, Any] | None = None,
    copy: str = "draft",
    signer: dict[str, Any] | None = None,
    letter_date: str | None = "2025-03-03",
) -> tuple[Matter, Letter]:
    """Return a matter and the letter parsed from markup, signed as the copy would be."""
    letter = parse_letter_markup(re.sub(r"\s+", " ", markup))
    letter.copy = copy
    _apply_signature(letter, copy, b"png" if copy == "signed" else None)
    matter = Matter(
        template_id="test",
        facts=dict(facts or {}),
        letter_date=letter_date,
        signer=dict(FIRM_SIGNER if signer is None else signer),
    )
    return matter, letter


def check(
    markup: str, facts: dict[str, Any] | None = None, **kw: Any
) -> tuple[Letter, list[Finding]]:
    """Return the letter parsed from markup and its findings."""
    matter, letter = build(markup, facts, **kw)
    return letter, run_checks(matter, letter)


def of_rule(findings: list[Finding], rule_id: str) -> list[Finding]:
    """Return the findings of one rule."""
    return [f for f in findings if f.rule_id == rule_id]


def block_with(letter: Letter, text: str) -> int:
    """Return the index of the one paragraph containing the text."""
    hits = [b.index for b in letter.blocks if text in b.text]
    assert len(hits) == 1, f"{text!r} is in paragraphs {hits}"
    return hits[0]


def assert_kept(markup: str, facts: dict[str, Any] | None, rule_id: str, **kw: Any) -> None:
    """Assert that the letter keeps the rule: it has no finding of it."""
    _, findings = check(markup, facts, **kw)
    assert not of_rule(findings, rule_id)


def assert_found(
    markup: str,
    facts: dict[str, Any] | None,
    rule_id: str,
    severities: list[str],
    paragraph: str,
    **kw: Any,
) -> list[Finding]:
    """Assert that the rule finds the letter with these severities, the first finding at the one
    paragraph containing `paragraph`; return the rule's findings."""
    letter, findings = check(markup, facts, **kw)
    found = of_rule(findings, rule_id)
    assert [f.severity for f in found] == severities
    assert found[0].block == block_with(letter, paragraph)
    return found


def sample_letter(name: str = "cmsi-2001") -> tuple[Matter, Letter]:
    """Return a built-in sample matter and its draft letter."""
    matter = load_matter(SAMPLES / f"{name}.opinion")
    return matter, matter.render("draft")


DEPARTMENT = Path(__file__).parent / "department"


def department_letter(
    tmp_path: Path, *edits: tuple[str, str], name: str = "abs-precedent"
) -> tuple[Matter, Letter, Any]:
    """Return a department precedent's matter, letter and template, its wording edited in a copy.

    The precedent keeps the reference letter's wording but names its facts its own way
    (depositor, abbreviation, home_state, named_under, ...), so checks cannot lean on fact ids.
    """
    import shutil

    from opiniondesk.core.templates import TemplateLibrary

    folder = tmp_path / "department"
    shutil.copytree(DEPARTMENT / name, folder / name)
    j2 = folder / name / "letter.xml.j2"
    j2.write_text(variant(j2.read_text(encoding="utf-8"), *edits), encoding="utf-8")
    library = TemplateLibrary(folders=[folder])
    matter = load_matter(DEPARTMENT / f"{name}.opinion", library)
    template = library.get(name)
    letter = matter.render("draft", library=library)
    return matter, letter, template


# Cayman Islands counsel's opinion on its own law for New York-law notes of a foreign private
# issuer, filed as Exhibit 5.2 beside U.S. counsel's Exhibit 5.1 (the shape of the local-law
# opinions filed with Forms F-3 by Cayman issuers): breaks no rule.
LOCAL_LAW_NOTES = """<letter>
<exhibit>Exhibit 5.2</exhibit>
<date>March 3, 2025</date>
<address><line>Harbour Holdings Ltd.</line><line>PO Box 309, Ugland House</line><line>Grand Cayman
KY1-1104</line><line>Cayman Islands</line></address>
<salutation>Dear Sirs:</salutation>
<body>We have acted as Cayman Islands legal counsel to Harbour Holdings Ltd., an exempted company
incorporated with limited liability in the Cayman Islands (the <term>Company</term>), in connection with
the Company's Registration Statement on Form F-3 (File No. 333-276543) (the <term>Registration
Statement</term>) filed with the Securities and Exchange Commission under the Securities Act of 1933, as
amended (the <term>Act</term>), relating to $500,000,000 aggregate principal amount of the Company's 4.50%
Senior Notes due 2030 (the <term>Notes</term>) to be issued under an indenture dated as of March 3, 2025
(the <term>Indenture</term>) between the Company and The Bank of New York Mellon, as trustee (the
<term>Trustee</term>).</body>
<body>We have examined the memorandum and articles of association of the Company, the register of
directors of the Company, the resolutions of the board of directors of the Company, the Indenture and such
other documents as we have deemed necessary. In our examination, we have assumed the genuineness of all
signatures, the authenticity of all documents submitted to us as originals and the conformity to originals
of all documents submitted to us as copies.</body>
<body>Based on the foregoing, we are of the opinion that:</body>
<opinion>The Company has been duly incorporated as an exempted company with limited liability and is
validly existing under the laws of the Cayman Islands.</opinion>
<opinion>The execution and delivery of the Indenture and the Notes have been duly authorized by all
necessary corporate action on the part of the Company, and the Company has the corporate power to perform
its obligations under them.</opinion>
<opinion>When the Notes have been duly executed by the Company and authenticated by the Trustee in
accordance with the Indenture and delivered against payment therefor, the Notes will constitute valid and
binding obligations of the Company under the laws of the Cayman Islands, subject to applicable bankruptcy,
insolvency and similar laws affecting creditors' rights generally and to general principles of
equity.</opinion>
<body>This opinion is limited to the laws of the Cayman Islands in force on the date hereof. We express no
opinion as to the laws of the State of New York, which govern the Indenture and the Notes; as to those
laws, the Company has filed the opinion of Davis Polk &amp; Wardwell LLP as Exhibit 5.1 to the
Registration Statement.</body>
<body>We hereby consent to the filing of this opinion as Exhibit 5.2 to the Registration Statement and to
the reference to our firm under the caption <q>Legal Matters</q> in the prospectus forming a part of the
Registration Statement. In giving such consent, we do not thereby admit that we are within the category of
persons whose consent is required under Section 7 of the Act.</body>
<closing>Yours faithfully,</closing>
<signature>Maples and Calder (Cayman) LLP</signature>
<signer>Maples and Calder (Cayman) LLP</signer>
</letter>"""

LOCAL_LAW_FACTS: dict[str, Any] = {
    "exhibit_number": "5.2",
    "registrant_name": "Harbour Holdings Ltd.",
    "registrant_jurisdiction": "Cayman Islands",
    "registrant_entity": "exempted_company",
    "form": "F-3",
    "file_number": "333-276543",
    "prospectus_caption": "Legal Matters",
    "governing_law_state": "New York",
    "governing_law_counsel": "Davis Polk & Wardwell LLP",
    "governing_law_counsel_exhibit": "5.1",
    "securities": [{"term": "Notes", "kind": "debt_securities"}],
}
LOCAL_LAW_SIGNER = {
    "name": "Maples and Calder (Cayman) LLP",
    "conformed": "Maples and Calder (Cayman) LLP",
    "signature_style": "firm",
    "voice": "we",
}


# A universal shelf on Form S-3 (a delayed shelf, Rule 415(a)(1)(x)) with preferred stock and
# depositary shares representing it, debt securities guaranteed by a named subsidiary (excluded
# from the other-parties assumption and covered by an opinion of its own) and units: breaks no rule.
SHELF = (
    HEAD
    + """<body>We have acted as counsel to Acme Widgets, Inc., a Delaware corporation (the <term>Company</term>),
and Acme Operating LLC, a Delaware limited liability company (the <term>Guarantor</term>), in connection with
the Registration Statement on Form S-3 (the <term>Registration Statement</term>) being filed today with the
Securities and Exchange Commission under the Securities Act of 1933, as amended (the <term>Act</term>),
relating to the registration from time to time under Rule 415 of an indeterminate amount of (i) shares of
preferred stock, par value $0.01 per share, of the Company (the <term>Preferred Stock</term>); (ii) depositary
shares representing fractional interests in shares of Preferred Stock (the <term>Depositary Shares</term>);
(iii) debt securities of the Company (the <term>Debt Securities</term>), to be issued under an indenture to be
entered into among the Company, the Guarantor and a trustee (the <term>Indenture</term>); (iv) guarantees of
the Debt Securities by the Guarantor (the <term>Guarantees</term>); and (v) units consisting of Debt Securities
(the <term>Units</term>).</body>
<body>We have examined such documents and records as we have deemed necessary. In our examination, we have
assumed the genuineness of all signatures, the authenticity of all documents submitted to us as originals and
the conformity to originals of all documents submitted to us as copies. In addition, we have assumed that each
party to the agreements referred to herein, other than the Company and the Guarantor, has or will have the
power, authority and legal right to enter into and perform them.</body>
<body>Based on the foregoing, we are of the opinion that:</body>
<opinion>When a series of Preferred Stock has been duly established and shares of such series have been issued
and delivered against payment therefor, such shares of Preferred Stock will be validly issued, fully paid and
non-assessable.</opinion>
<opinion>When a deposit agreement relating to Depositary Shares has been duly authorized, executed and
delivered by the Company and the depositary named therein, and the depositary receipts evidencing such
Depositary Shares have been issued against payment therefor, such depositary receipts will entitle the holders
thereof to the rights specified therein and in such deposit agreement, and such deposit agreement will
constitute a valid and binding obligation of the Company.</opinion>
<opinion>When the Indenture has been duly authorized, executed and delivered by the Company, the Guarantor and
the trustee, and the Debt Securities have been duly executed, authenticated, issued and delivered against
payment therefor, the Debt Securities will constitute valid and binding obligations of the Company, enforceable
against the Company in accordance with their terms, subject to applicable bankruptcy, insolvency and similar
laws affecting creditors' rights generally and to general principles of equity.</opinion>
<opinion>When the Guarantee of any Debt Securities has been duly authorized by all necessary limited liability
company action of the Guarantor and executed and delivered in accordance with the Indenture, such Guarantee will
constitute a valid and binding obligation of the Guarantor, enforceable against the Guarantor in accordance with
its terms, subject to applicable bankruptcy, insolvency and similar laws affecting creditors' rights generally
and to general principles of equity.</opinion>
<opinion>When a unit agreement relating to Units has been duly authorized, executed and delivered and the Units
have been issued against payment therefor, the Units will constitute valid and binding obligations of the
Company, subject to applicable bankruptcy, insolvency and similar laws affecting creditors' rights generally
and to general principles of equity.</opinion>
<body>The opinions expressed herein are limited to the laws of the State of New York, the General Corporation
Law of the State of Delaware and the Delaware Limited Liability Company Act.</body>
<body>We hereby consent to the filing of this opinion as an exhibit to the Registration Statement and to the
reference to our firm under the caption <q>Legal Matters</q> in the prospectus forming a part of the
Registration Statement. In giving such consent, we do not thereby admit that we are within the category of
persons whose consent is required under Section 7 of the Act.</body>
"""
    + TAIL
)

SHELF_FACTS: dict[str, Any] = {
    "registrant_name": "Acme Widgets, Inc.",
    "registrant_entity": "corporation",
    "registrant_jurisdiction": "Delaware",
    "form": "S-3",
    "prospectus_caption": "Legal Matters",
    "governing_law_state": "New York",
    "delayed_shelf": True,
    "securities": [
        {"kind": "preferred_stock"},
        {"kind": "depositary_shares"},
        {"kind": "debt_securities"},
        {"kind": "guarantees"},
        {"kind": "units", "unit_components": ["debt_securities"]},
    ],
    "guarantors": [
        {
            "name": "Acme Operating LLC",
            "jurisdiction": "Delaware",
            "entity": "limited_liability_company",
        }
    ],
}


def without_opinion(markup: str, opening: str) -> str:
    """Return the markup without the opinion paragraph that begins with `opening`."""
    markup = re.sub(r"\s+", " ", markup)
    start = markup.index("<opinion>" + opening)
    end = markup.index("</opinion>", start) + len("</opinion>")
    return markup[:start] + markup[end:]


def securities_except(facts: dict[str, Any], *kinds: str) -> dict[str, Any]:
    """Return the facts with the securities of the given kinds left out."""
    return {**facts, "securities": [s for s in facts["securities"] if s["kind"] not in kinds]}
