"""Every built-in sample is free of opinion-check errors and warnings: no false alarms on our own templates."""

from pathlib import Path

import pytest

from opiniondesk.commands.check import enforce_checks
from opiniondesk.core.checks import run_checks
from opiniondesk.core.matter import load_matter

SAMPLES = sorted((Path(__file__).resolve().parents[3] / "resources" / "samples").glob("*.opinion"))


def test_there_are_samples():
    """Ensure the sample folder is found (so the checks below cannot pass vacuously)."""
    assert SAMPLES and any(p.name == "cmsi-2001.opinion" for p in SAMPLES)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_has_no_errors_or_warnings(path):
    """Ensure a built-in sample's draft has no opinion-check error or warning."""
    matter = load_matter(path)
    findings = run_checks(matter, matter.render("draft"), matter.template())
    serious = [f.text for f in findings if f.severity in ("error", "warning")]
    assert serious == []


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_filing_copy_is_not_refused(path):
    """Ensure a built-in sample's filing copy passes the checks a filing copy must pass."""
    matter = load_matter(path)
    matter.path = None  # never write the built-in sample
    assert enforce_checks(matter, matter.render("filing"), None) == []
    assert matter.overrides == []
