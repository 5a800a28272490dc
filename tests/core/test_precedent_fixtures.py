"""Real Exhibit 5 letters from EDGAR become templates: the round trip and the facts, letter by letter."""

import collections
import re
import tomllib

import lxml.html
import pytest

from conftest import FIXTURES
from opiniondesk.core.matter import load_matter
from opiniondesk.core.precedent import find_facts, save_template
from opiniondesk.core.precedent.roundtrip import words
from opiniondesk.core.templates import TemplateLibrary, render_letter
from opiniondesk.readers import read_precedent
from opiniondesk.readers.parts import PAGE_LINE_RE
from opiniondesk.writers.text import write_text

PRECEDENTS = FIXTURES / "precedents"
SOURCES = tomllib.loads((PRECEDENTS / "SOURCES.toml").read_text(encoding="utf-8"))

# The facts each letter must give, by id: the value, or for a date its ISO form.
EXPECTED = {
    "anterix-s3-resale-2022": {
        "letter_date": "2022-06-30",
        "registrant_name": "Anterix Inc.",
        "registrant_short_name": "Company",
        "registrant_address": "3 Garret Mountain Plaza, Suite 401\nWoodland Park, New Jersey 07424",
        "registrant_jurisdiction": "Delaware",
        "registrant_entity": "corporation",
        "form": "S-3",
        "share_count": 500000,
        "par_value": "$0.0001",
        "prospectus_caption": "Legal Matters",
        "signer.conformed": "Gunderson Dettmer Stough Villeneuve Franklin & Hachigian, LLP",
    },
    "vincerx-s3-shelf-2025": {
        "letter_date": "2025-01-24",
        "registrant_name": "Vincerx Pharma, Inc.",
        "registrant_address": "1825 S. Grant Street\nSan Mateo, CA 94402",
        "registrant_jurisdiction": "Delaware",
        "form": "S-3",
        "aggregate_amount": "100000000",
        "prospectus_caption": "Legal Matters",
        "signer.conformed": "Pillsbury Winthrop Shaw Pittman LLP",
    },
    "acurx-s1-2023": {
        "letter_date": "2023-06-29",
        "registrant_name": "Acurx Pharmaceuticals, Inc.",
        "registrant_address": "259 Liberty Avenue\nStaten Island, New York 10305",
        "registrant_jurisdiction": "Delaware",
        "form": "S-1",
        "share_count": 2666666,
        "share_count_2": 1333333,
        "prospectus_caption": "Legal Matters",
        "signer.conformed": "Mintz, Levin, Cohn, Ferris, Glovsky and Popeo, P.C.",
    },
    "unicycive-s1-2021": {
        "letter_date": "2021-06-30",
        "registrant_name": "Unicycive Therapeutics, Inc.",
        "form": "S-1",
        "file_number": "333-256367",
        "aggregate_amount": "28750000",
        "registrant_jurisdiction": "Delaware",
        "prospectus_caption": "Legal Matters",
        "signer.conformed": "Sheppard, Mullin, Richter & Hampton LLP",
    },
    "central-pacific-s3-in-house-2025": {
        "letter_date": "2025-06-30",
        "registrant_name": "Central Pacific Financial Corp.",
        "registrant_address": "220 South King Street\nHonolulu, Hawaii 96813",
        "registrant_jurisdiction": "Hawaii",
        "form": "S-3",
        "aggregate_amount": "300000000",
        "prospectus_caption": "Validity of the Securities",
        "signer.name": "GLENN K.C. CHING",
        "signer.title": "Chief Legal Officer",
    },
    "credit-suisse-f3-2023": {
        "letter_date": "2023-06-08",
        "registrant_name": "Credit Suisse AG",
        "registrant_short_name": "Credit Suisse",
        "registrant_jurisdiction": "Switzerland",
        "form": "F-3",
        "base_indenture_date": "2007-03-29",
        "trustee_name": "The Bank of New York Mellon",
        "prospectus_caption": "Legal Matters",
        "signer.name": "Sebastian R. Sperber",
        "signer.employer": "CLEARY GOTTLIEB STEEN & HAMILTON LLP",
    },
    "adc-therapeutics-swiss-counsel-2025": {
        "letter_date": "2025-06-30",
        "registrant_name": "ADC Therapeutics SA",
        "registrant_jurisdiction": "Switzerland",
        "registrant_entity": "stock corporation",
        "form": "S-3",
        "share_count": 27726052,
        "prospectus_caption": "Legal Matters",
        "signer.conformed": "Homburger AG",
    },
    "thomson-reuters-f10-f3-2025": {
        "letter_date": "2025-03-31",
        "exhibit_number": "5.2",
        "registrant_name": "Thomson Reuters Corporation",
        "registrant_short_name": "TRC",
        "registrant_jurisdiction": "Ontario",
        "form": "F-10",
        "prospectus_caption": "Legal Matters",
        "signer.conformed": "Torys LLP",
    },
    "aerovironment-s3asr-2025": {
        "letter_date": "2025-06-30",
        "registrant_name": "AeroVironment, Inc.",
        "registrant_address": "241 18th Street South, Suite 650\nArlington, Virginia 22202",
        "registrant_jurisdiction": "Delaware",
        "form": "S-3",
        "trustee_name": "U.S. Bank Trust Company, National Association",
        "governing_law_state": "New York",
        "prospectus_caption": "Legal Matters",
        "signer.conformed": "Latham & Watkins LLP",
    },
    "welltower-s3asr-debt-2025": {
        "letter_date": "2025-03-28",
        "registrant_name": "Welltower Inc.",
        "registrant_address": "4500 Dorr Street\nToledo, Ohio 43615",
        "registrant_jurisdiction": "Delaware",
        "form": "S-3",
        "indenture_trustee_name": "The Bank of New York Mellon Trust Company, N.A.",
        "base_indenture_date": "2010-03-15",
        "prospectus_caption": "Validity of Securities",
        "signer.conformed": "Gibson, Dunn & Crutcher LLP",
    },
    "apple-8k-notes-takedown-2019": {
        "letter_date": "2019-11-15",
        "registrant_name": "Apple Inc.",
        "registrant_address": "One Apple Park Way\nCupertino, California 95014",
        "registrant_jurisdiction": "California",
        "file_number": "333-228159",
        "notes_title": "0.000% Senior Notes due 2025",
        "notes_title_2": "0.500% Senior Notes due 2031",
        "base_indenture_date": "2018-11-05",
        "underwriting_agreement_date": "2019-11-07",
        "governing_law_state": "New York",
        "prospectus_caption": "Legal Matters",
        "signer.conformed": "Latham & Watkins LLP",
    },
    "dragonfly-s3-nevada-2023": {
        "letter_date": "2023-11-14",
        "registrant_name": "Dragonfly Energy Holdings Corp.",
        "registrant_address": "1190 Trademark Drive #108\nReno, NV 89521",
        "registrant_jurisdiction": "Nevada",
        "form": "S-3",
        "aggregate_amount": "150000000",
        "prospectus_caption": "legal matters",
        "signer.conformed": "PARSONS BEHLE & LATIMER",
    },
    "ford-floorplan-sf3-abs-2024": {
        "letter_date": "2024-12-03",
        "registrant_name": "Ford Credit Floorplan Corporation",
        "registrant_short_name": "FCF Corp",
        "registrant_address": "c/o Ford Credit SPE Management Office\nOne American Road\n"
        "Dearborn, Michigan 48126",
        "registrant_jurisdiction": "Delaware",
        "registrant_entity": "corporation",
        "form": "SF-3",
        "issuer_name": "Ford Credit Floorplan Master Owner Trust A",
        "governing_law_state": "New York",
        "signer.conformed": "Katten Muchin Rosenman LLP",
    },
}


def test_every_fixture_has_its_source_and_expectations():
    """Ensure each kept EDGAR letter names its EDGAR address and the facts it must give."""
    files = {p.stem for p in PRECEDENTS.glob("*.htm")} | {p.stem for p in PRECEDENTS.glob("*.txt")}
    assert files == set(SOURCES) == set(EXPECTED)
    assert len(files) >= 8
    for name, source in SOURCES.items():
        assert source["url"].startswith("https://www.sec.gov/Archives/edgar/data/"), name


def _path(name):
    return next(PRECEDENTS.glob(f"{name}.*"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_facts_found(name):
    """Ensure the facts this letter must give are found, each standing in the letter."""
    proposals = {p.id: p for p in find_facts(read_precedent(_path(name)).letter)}
    for fact_id, value in EXPECTED[name].items():
        assert fact_id in proposals, f"{name}: {fact_id} not found"
        assert proposals[fact_id].value == value, f"{name}: {fact_id}"
        assert proposals[fact_id].occurrences


def _source_characters(path):
    """Every character of the filed letter's body, white space and quote shapes aside."""
    body = lxml.html.parse(str(path)).getroot().find("body")
    return collections.Counter("".join(words(" ".join(body.itertext()))))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_round_trip_word_for_word(name, tmp_path):
    """Ensure the template made from the letter gives back its every word, in order, and that
    nothing of the filed document is lost or added but the page furniture the reader names."""
    precedent = read_precedent(_path(name))
    saved = save_template(
        precedent.letter,
        find_facts(precedent.letter),
        tmp_path / "dept",
        template_id=name,
        name=name,
        source=name,
        matter_path=tmp_path / "m.opinion",
    )
    assert saved.round_trip.ok, saved.round_trip.summary()
    library = TemplateLibrary([tmp_path / "dept"])
    matter = load_matter(tmp_path / "m.opinion", library)
    copy = "filing" if precedent.letter.signature.style == "conformed" else "draft"
    letter = render_letter(
        library.get(saved.template_id), matter.facts, matter.letter_date, matter.signer, copy
    )
    letter.draft_mark = None
    given = collections.Counter("".join(words(write_text(letter) + " ".join(precedent.dropped))))
    assert given == _source_characters(_path(name))
    header = {re.sub(r"\d+", "#", "".join(i.text for i in line)) for line in letter.header}
    for line in precedent.dropped:  # only page numbers, running footers and the header
        assert PAGE_LINE_RE.match(line) or re.sub(r"\d+", "#", line) in header, line
