"""The fact finder: values in all their forms and places, and wording left as wording."""

from opiniondesk.core.precedent import find_facts
from opiniondesk.readers import read_pasted

LETTER = """Exhibit 5.1

March 3, 2025

Harbor Bancorp, Inc.
100 Harbor Street
Boston, MA 02110

Re: Registration Statement on Form S-8 (File No. 333-284512)

Ladies and Gentlemen:

We have acted as counsel to Harbor Bancorp, Inc., a Maryland corporation (the "Company"), in connection with the Registration Statement on Form S-8 relating to 1,250,000 shares (one million two hundred fifty thousand) of common stock, par value $0.01 per share, of the Company issuable under the Harbor Bancorp, Inc. 2025 Equity Incentive Plan (the "Plan"), and up to $1,000,000,000 (one billion dollars) of notes issued under the Indenture, dated as of May 1, 2020, between the Company and Wilmington Trust, National Association, as trustee.

The Company's Articles of Incorporation and the Plan were reviewed. The $1 billion of notes and the 1,250,000 shares are covered by Section 5 of the Act.

Based on the foregoing, we are of the opinion that the shares have been duly authorized and, when issued under the Plan, will be validly issued, fully paid and non-assessable under the laws of the State of Maryland.

We consent to the reference to our firm under the caption "Legal Matters" in the prospectus.

Very truly yours,

/s/ Harbor & Pike LLP
"""


def _facts():
    return {p.id: p for p in find_facts(read_pasted(LETTER).letter)}


def test_amount_in_figures_short_form_and_words_is_one_fact():
    """Ensure "$1,000,000,000", "one billion dollars" and "$1 billion" are one money fact."""
    amount = _facts()["aggregate_amount"]
    assert amount.type == "money" and amount.value == "1000000000"
    assert sorted(o.form for o in amount.occurrences) == [
        "money:full",
        "money:short",
        "money:words",
    ]


def test_share_count_in_figures_and_words():
    """Ensure a share count found in figures also takes its spelled-out words."""
    shares = _facts()["share_count"]
    assert shares.value == 1250000
    assert sorted(o.form for o in shares.occurrences) == ["number", "number", "words"]


def test_possessives_and_defined_terms_are_the_fact():
    """Ensure "the Company's" and the defined term itself stand for the short name."""
    short = _facts()["registrant_short_name"]
    letter = read_pasted(LETTER).letter
    after = [letter.blocks[o.block].text[o.end : o.end + 2] for o in short.occurrences]
    assert short.value == "Company" and len(after) == 4
    assert '"' in "".join(after) and "'s" in after


def test_registrant_inside_a_plan_name_stays_the_registrant():
    """Ensure a plan named after the registrant keeps the name as the registrant's fact."""
    facts = _facts()
    assert facts["plan_name"].value == "2025 Equity Incentive Plan"
    assert len(facts["registrant_name"].occurrences) == 3


def test_other_facts_and_wording():
    """Ensure the form, file number, par value, dates, trustee and caption are found, and that
    words such as "Section 5" stay wording."""
    facts = _facts()
    assert facts["form"].value == "S-8" and len(facts["form"].occurrences) == 2
    assert facts["file_number"].value == "333-284512"
    assert facts["par_value"].value == "$0.01"
    assert facts["base_indenture_date"].value == "2020-05-01"
    assert facts["trustee_name"].value == "Wilmington Trust, National Association"
    assert facts["registrant_jurisdiction"].value == "Maryland"
    assert len(facts["registrant_jurisdiction"].occurrences) == 2
    assert facts["prospectus_caption"].value == "Legal Matters"
    assert facts["signer.conformed"].value == "Harbor & Pike LLP"
    assert not any(str(p.value) == "5" for p in facts.values())


ABS_LETTER = """Exhibit 5.1

December 3, 2024

Acme Auto Receivables Corporation
c/o Acme Credit SPE Office
One Main Road
Dearborn, Michigan 48126

Acme Auto Receivables LLC
c/o Acme Credit SPE Office
One Main Road
Dearborn, Michigan 48126

Re: Registration Statement on Form SF-3

Ladies and Gentlemen:

We have acted as special counsel to Acme Auto Receivables Corporation, a Delaware corporation ("AAR Corp"), and to Acme Auto Owner Trust 2024-A, a Delaware statutory trust, as issuer (the "Trust"), in connection with the Registration Statement on Form SF-3 relating to Asset Backed Notes to be issued by the Trust under an indenture between the Trust and an indenture trustee.

Based on the foregoing, we are of the opinion that the Notes will be legally and validly issued, binding obligations of the Trust.

Very truly yours,

/s/ Harbor & Pike LLP
"""


def test_issuing_entity_and_repeated_address_are_facts():
    """Ensure an issuing trust described before its role ("X, a Delaware statutory trust, as
    issuer") is a party fact, and that an address repeated for a second addressee is the fact
    in both places."""
    facts = {p.id: p for p in find_facts(read_pasted(ABS_LETTER).letter)}
    assert facts["issuer_name"].value == "Acme Auto Owner Trust 2024-A"
    address = facts["registrant_address"]
    assert address.value == "c/o Acme Credit SPE Office\nOne Main Road\nDearborn, Michigan 48126"
    assert len(address.occurrences) == 2


def test_a_value_repeated_is_searched_for_once(monkeypatch):
    """Ensure a date, party or amount met again is not searched for again through every block, so
    the work does not grow with the square of the letter's length."""
    from opiniondesk.core.precedent import finder

    calls = []
    find = finder._Finder.find

    def counted(self, *args, **kwargs):
        calls.append(args[0])
        return find(self, *args, **kwargs)

    monkeypatch.setattr(finder._Finder, "find", counted)
    paragraph = next(p for p in LETTER.split("\n\n") if p.startswith("We have acted"))
    counts, facts = [], []
    for copies in (1, 30):
        calls.clear()
        letter = LETTER.replace(paragraph, "\n\n".join([paragraph] * copies))
        found = {p.id: p for p in find_facts(read_pasted(letter).letter)}
        counts.append(len(calls))
        facts.append(found)
    assert counts[1] == counts[0]
    assert facts[1].keys() == facts[0].keys()
    for fact_id in ("trustee_name", "base_indenture_date", "par_value", "aggregate_amount"):
        assert len(facts[1][fact_id].occurrences) > len(facts[0][fact_id].occurrences)
