"""The samples of the forms issue 13 and 16 added (F-1, F-3, SF-3): each renders, converts and reads right."""

from pathlib import Path

import pytest
from letters import SAMPLES, squash

from conftest import pdf_text
from opiniondesk.core.checks import run_checks
from opiniondesk.core.matter import load_matter
from opiniondesk.writers.docx import write_docx
from opiniondesk.writers.text import write_text

NEW_FORMS = {
    "f1-lanternfish-ads.opinion": (
        "F-1",
        [
            "8 October 2024",
            "Dear Sirs:",
            "We have acted as Cayman Islands counsel to Lanternfish Holdings Limited, a Cayman Islands "
            "exempted company with limited liability",
            "to be offered in the form of American depositary shares, each representing two Ordinary Shares",
            "non-assessable (which term, as used herein, means that no further sums are payable",
            "The opinions expressed herein are limited to the laws of the Cayman Islands.",
        ],
    ),
    "f3-corvina-shelf.opinion": (
        "F-3",
        [
            "Corvina Shipping Holdings Ltd., a Bermuda exempted company",
            "Registration Statement on Form F-3",
            "As to matters governed by the laws of Bermuda, we have relied",
            "Exhibit 5.2 to the Registration Statement",
        ],
    ),
    "sf3-harborview-auto-2024-2.opinion": (
        "SF-3",
        [
            "Registration Statement on Form SF-3 (File No. 333-265210)",
            "Harborview Auto Trust 2024-2",
            "The Depositor is a limited liability company duly formed and validly existing under the "
            "laws of the State of Delaware;",
            "limited to the laws of the State of New York, the Delaware Limited Liability Company Act "
            "and the federal laws of the United States of America.",
        ],
    ),
}


def test_each_new_form_has_a_sample():
    """Ensure Forms F-1, F-3 and SF-3, which built-in templates now offer, each have a sample
    matter (issues 13 and 16.4)."""
    for name, (form, _) in NEW_FORMS.items():
        matter = load_matter(SAMPLES / name)
        assert matter.facts["form"] == form
        assert form in matter.template().forms


@pytest.mark.parametrize("name", sorted(NEW_FORMS))
def test_new_form_sample_reads_right_checks_clean_and_converts(name, tmp_path: Path, libreoffice):
    """Ensure each new form's sample has its form's wording, no opinion-check error or warning,
    and a filing DOCX LibreOffice converts with the same words."""
    matter = load_matter(SAMPLES / name)
    letter = matter.render("filing")
    text = " ".join(write_text(letter, width=0).split())
    for words in NEW_FORMS[name][1]:
        assert words in text
    findings = run_checks(matter, matter.render("draft"), matter.template())
    assert [f.text for f in findings if f.severity in ("error", "warning")] == []
    docx = tmp_path / "letter.docx"
    docx.write_bytes(write_docx(letter))
    pdf = squash(" ".join(pdf_text(libreoffice(docx))))
    assert squash(NEW_FORMS[name][1][-1]) in pdf
