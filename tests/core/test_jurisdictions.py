"""The table of jurisdictions: names, entity phrases, charters and filing offices for every entry."""

import pytest

from helpers import counsel_form
from opiniondesk.core import jurisdictions as J

ALL = J.jurisdictions()
NOT_STATES = [j for j in ALL if j.kind not in ("state", "commonwealth")]


def test_the_table_knows_states_commonwealths_territories_and_countries():
    """Ensure the table holds each kind of jurisdiction issue 13.1 names (states, commonwealths, the
    District of Columbia, territories and countries)."""
    kinds = {j.kind for j in ALL}
    assert {"state", "commonwealth", "district", "territory", "country"} <= kinds
    assert len({j.name for j in ALL}) == len(ALL)


@pytest.mark.parametrize("j", ALL, ids=[j.name for j in ALL])
def test_each_entry_is_named_as_its_law_names_it(j):
    """Ensure each entry's formal name says "State of" only for a state and "Commonwealth of" only
    for a commonwealth (issue 16.3: "the State of Puerto Rico" must never occur)."""
    assert J.find(j.name) is j
    for alias in j.aliases:
        assert J.find(alias) is j
    if j.kind == "state":
        assert j.formal == f"the State of {j.name}"
    elif j.kind == "commonwealth":
        assert j.formal == f"the Commonwealth of {j.name}"
    elif j.kind != "country":  # a country may be a State by name: "the State of Israel"
        assert "State of" not in j.formal and "Commonwealth of" not in j.formal.replace(
            "Commonwealth of Puerto Rico", ""
        )
    assert J.laws_of(j.name) == f"the laws of {j.formal}"
    for kind in j.entities:
        assert J.allows(j.name, kind) and J.warning(j.name, kind) is None
        phrase = J.described(j.name, kind)
        assert phrase.split(" ", 1)[0] in ("a", "an") and J.entity_label(kind) in phrase
        assert J.charter(j.name, kind)


@pytest.mark.parametrize(
    ("name", "entity", "phrase"),
    [
        ("Republic of Singapore", "company_limited_by_shares",
         "a company limited by shares incorporated under the laws of the Republic of Singapore"),
        ("Singapore", "company_limited_by_shares",
         "a company limited by shares incorporated under the laws of the Republic of Singapore"),
        ("Bermuda", "exempted_company", "a Bermuda exempted company"),
        ("Cayman Islands", "exempted_company", "a Cayman Islands exempted company with limited liability"),
        ("Maryland", "corporation", "a Maryland corporation"),
        ("Maryland", "real_estate_investment_trust", "a Maryland real estate investment trust"),
        ("Delaware", "limited_liability_company", "a Delaware limited liability company"),
        ("Delaware", "statutory_trust", "a Delaware statutory trust"),
        ("Puerto Rico", "corporation", "a Puerto Rico corporation"),
        ("District of Columbia", "corporation", "a District of Columbia corporation"),
        ("Hong Kong", "company_limited_by_shares", "a Hong Kong company limited by shares"),
        ("Ireland", "public_limited_company", "an Irish public limited company"),
        ("Ontario", "corporation", "an Ontario corporation"),
        ("England and Wales", "public_limited_company",
         "a public limited company incorporated under the laws of England and Wales"),
        ("Ruritania", "corporation", "a corporation organized under the laws of Ruritania"),
    ],
)  # fmt: skip
def test_entity_phrases(name, entity, phrase):
    """Ensure a registrant reads as its jurisdiction and entity kind have it (issue 13.1), never "a
    Republic of Singapore corporation", and with the right article ("a Hong Kong", "an Irish")."""
    assert J.described(name, entity) == phrase


@pytest.mark.parametrize(
    ("name", "formal"),
    [
        ("Puerto Rico", "the Commonwealth of Puerto Rico"),
        ("District of Columbia", "the District of Columbia"),
        ("Pennsylvania", "the Commonwealth of Pennsylvania"),
        ("Bermuda", "Bermuda"),
        ("Cayman Islands", "the Cayman Islands"),
        ("Republic of Singapore", "the Republic of Singapore"),
        ("Israel", "the State of Israel"),
        ("the State of Delaware", "the State of Delaware"),
        ("DE", "the State of Delaware"),
    ],
)
def test_formal_names(name, formal):
    """Ensure "the laws of ___" names territories, the District and countries rightly (issue 16.3)."""
    assert J.formal(name) == formal


@pytest.mark.parametrize(
    ("name", "document", "office", "filed"),
    [
        ("Delaware", "certificate of designations", "the Secretary of State of the State of Delaware", "filed with"),
        ("Maryland", "articles supplementary", "the State Department of Assessments and Taxation of Maryland", "accepted for record by"),
        ("New York", "certificate of amendment", "the Department of State of the State of New York", "filed with"),
        ("Massachusetts", "articles of amendment", "the Secretary of the Commonwealth of Massachusetts", "filed with"),
        ("Virginia", "articles of amendment", "the State Corporation Commission of the Commonwealth of Virginia", "filed with"),
        ("Pennsylvania", "statement with respect to shares", "the Department of State of the Commonwealth of Pennsylvania", "filed with"),
        ("Puerto Rico", "certificate of designation", "the Department of State of the Commonwealth of Puerto Rico", "filed with"),
    ],
)  # fmt: skip
def test_preferred_stock_filing_offices(name, document, office, filed):
    """Ensure a series of preferred stock is filed where the jurisdiction files it (issue 16.2)."""
    d = J.designation(name, "corporation")
    assert (d.document, d.office, d.filed) == (document, office, filed)
    assert J.warning(name, "corporation", preferred=True) is None


def test_maryland_trust_files_articles_supplementary_and_has_a_declaration_of_trust():
    """Ensure a Maryland REIT's charter is its declaration of trust and its series go to the SDAT."""
    assert J.charter("Maryland", "real_estate_investment_trust") == "declaration of trust"
    assert J.designation("Maryland", "real_estate_investment_trust").document == (
        "articles supplementary"
    )
    assert J.charter("Maryland", "corporation") == "charter"
    assert J.charter("Delaware", "corporation") == "certificate of incorporation"
    assert J.charter("Delaware", "limited_liability_company") == "certificate of formation"


def test_unknown_jurisdiction_gets_neutral_wording_and_a_warning():
    """Ensure a jurisdiction the table lacks is named as typed, with the neutral filing office, and
    the warning the checks show (issue 16.2: never a wrong office)."""
    assert J.find("Ruritania") is None
    assert J.formal("Ruritania") == "Ruritania"
    d = J.designation("Ruritania", "corporation")
    assert d.office == "the appropriate filing office"
    warning = J.warning("Ruritania")
    assert warning and "Ruritania" in warning and "appropriate filing office" in warning
    assert J.warning("Ohio", "corporation", preferred=True)  # a state without a known office
    assert J.designation("Ohio", "corporation").office == "the appropriate filing office"
    assert J.warning("Bermuda", "corporation")  # a kind of entity the table lacks there
    assert J.designation("Cayman Islands", "exempted_company") is None  # no filing abroad
    # the neutral document reads as one instrument: "a certificate or other instrument ... has been"
    assert J.designation("Guam", "corporation").document == "certificate or other instrument"


@pytest.mark.parametrize(
    ("entity", "law"),
    [
        ("corporation", "the General Corporation Law of the State of Delaware"),
        ("limited_liability_company", "the Delaware Limited Liability Company Act"),
        ("limited_partnership", "the Delaware Revised Uniform Limited Partnership Act"),
        ("statutory_trust", "the Delaware Statutory Trust Act"),
    ],
)
def test_delaware_acts(entity, law):
    """Ensure an entity's opinions rest on its own Delaware act (issue 16.7)."""
    assert J.entity_law("Delaware", entity) == law


@pytest.mark.parametrize(
    "entity", ["limited_liability_company", "limited_partnership", "statutory_trust"]
)
def test_an_llc_lp_or_statutory_trust_files_nothing_for_a_series(entity):
    """Ensure a series of preferred units or interests is fixed under the entity's own agreement,
    with no filing office named (the Delaware LLC, LP and Statutory Trust Acts have none), and no
    warning that an office is unknown."""
    assert J.designation("Delaware", entity) is None
    assert J.warning("Delaware", entity, preferred=True) is None


def test_every_state_is_named_as_a_state():
    """Ensure all fifty states are in the table, so a letter never reads "the laws of Wyoming" or
    "a corporation organized under the laws of Idaho" for a state it did not list."""
    states = {j.name for j in ALL if j.kind in ("state", "commonwealth")}
    assert len(states) == 50 and states <= {n.title() for n in J.US_NAMES} | {
        "District Of Columbia"
    }
    assert J.laws_of("Wyoming") == "the laws of the State of Wyoming"
    assert J.described("WY", "corporation") == "a Wyoming corporation"
    assert J.described("Idaho", "corporation") == "an Idaho corporation"
    assert J.charter("Alabama", "corporation") == "certificate of formation"
    # what the table does not claim to know still asks for a look
    assert J.warning("Idaho", "limited_liability_company")
    assert J.warning("Wyoming", "corporation", preferred=True)


def test_an_ontario_opinion_covers_the_federal_law_of_canada_applicable_there():
    """Ensure an Ontario corporation's opinions rest on "the laws of the Province of Ontario and the
    federal laws of Canada applicable therein", as Canadian counsel give them."""
    assert J.entity_law("Ontario", "corporation") == (
        "the laws of the Province of Ontario and the federal laws of Canada applicable therein"
    )


@pytest.mark.parametrize("j", ALL, ids=[j.name for j in ALL])
def test_counsel_of_each_jurisdiction_are_called_as_lawyers_call_them(j):
    """Ensure counsel of each jurisdiction of the table are named as lawyers name them: "Singapore
    counsel", "Irish counsel", "English counsel", "Maryland counsel", never "Republic of Singapore
    counsel" or "England and Wales counsel"."""
    wanted = counsel_form(j.name)
    assert J.counsel_adjective(j.name) == wanted
    for alias in j.aliases:
        assert J.counsel_adjective(alias) == wanted
    assert J.counsel_adjective("Ruritania") == "Ruritania"
