"""Helpers for the template tests: load a sample, render it, read its paragraphs, convert it."""

import re
from pathlib import Path

from opiniondesk.core.matter import load_matter
from opiniondesk.writers.docx import write_docx
from opiniondesk.writers.text import write_text

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
SAMPLE_FOR = {
    "abs-pass-through-certificates": "cmsi-2001.opinion",
    "abs-series-takedown": "cmsi-2002-3-series.opinion",
    "s8-employee-plans": "s8-northwind-2024.opinion",
    "s1-ipo-common-stock": "s1-harborlight-ipo.opinion",
    "s3-universal-shelf": "s3-meridian-shelf.opinion",
    "shelf-takedown-notes": "meridian-notes-2024.opinion",
    "s4-merger-shares": "s4-cobalt-bluefin.opinion",
}
SINGULAR = re.compile(r"\b(I|my|me|myself|My)\b")
PLURAL = re.compile(r"\b(we|our|us|ourselves|We|Our)\b")
IN_HOUSE = {
    "name": "Ann Smith",
    "title": "General Counsel",
    "employer": "Acme Inc.",
    "voice": "I",
    "conformed": "Ann Smith",
}
FIRM = {
    "name": "Smith & Jones LLP",
    "signature_style": "firm",
    "voice": "we",
    "conformed": "Smith & Jones LLP",
}


def load_sample(template_id):
    """Return the built-in sample matter of a template."""
    return load_matter(SAMPLES / SAMPLE_FOR[template_id])


def paragraphs(matter, copy="filing"):
    """Return the letter's (kind, text) paragraphs, quotes made straight."""
    letter = matter.render(copy)
    return [(b.kind, b.text.replace("\u201c", '"').replace("\u201d", '"')) for b in letter.blocks]


def text_of(matter, copy="filing"):
    """Return the letter's body and opinion paragraphs as one string."""
    return "\n".join(t for k, t in paragraphs(matter, copy) if k in ("body", "opinion"))


def opinions(matter, copy="filing"):
    """Return the opinion paragraphs' texts."""
    return [t for k, t in paragraphs(matter, copy) if k == "opinion"]


def as_firm(matter):
    """Return a copy of the matter given by a law firm speaking as "we"."""
    m = matter.copy()
    m.facts["counsel_type"] = "firm"
    m.signer = dict(FIRM)
    return m


def as_in_house(matter):
    """Return a copy of the matter given by in-house counsel speaking as "I"."""
    m = matter.copy()
    m.facts["counsel_type"] = "in_house"
    m.signer = dict(IN_HOUSE)
    return m


def assert_voice(matter, voice):
    """Assert every body and opinion paragraph speaks in one voice: "I" or "we"."""
    wrong = PLURAL if voice == "I" else SINGULAR
    right = SINGULAR if voice == "I" else PLURAL
    texts = [t for k, t in paragraphs(matter) if k in ("body", "opinion")]
    for t in texts:
        assert not wrong.search(t), f"mixed voice ({voice}): {wrong.search(t).group()!r} in: {t}"
    voiced = [t for t in texts if right.search(t)]
    assert len(voiced) >= 4, "the letter should speak in its voice in most paragraphs"


def convert_sample(template_id, tmp_path, libreoffice):
    """Convert a sample's filing DOCX with LibreOffice; return (PDF text squashed, the letter as text)."""
    from conftest import pdf_text

    matter = load_sample(template_id)
    docx = tmp_path / f"{template_id}.docx"
    docx.write_bytes(write_docx(matter.render("filing")))
    pages = pdf_text(libreoffice(docx))
    return squash(" ".join(pages)), write_text(matter.render("filing"), width=0)


def squash(text):
    """Return text without whitespace or hyphens, so a PDF's line breaks and hyphen glyphs do not matter."""
    return "".join(text.split()).replace("-", "").replace("\u2011", "")


def flat(matter, copy="filing"):
    """Return the letter's body and opinion paragraphs as one string with single spaces."""
    return " ".join(text_of(matter, copy).split())


def defaults_matter(template_id, **facts):
    """Return a new matter of a template with its defaults (as File > New makes it), the sample's
    registrant and signer, and the given facts."""
    from opiniondesk.core.matter import Matter

    sample = load_sample(template_id)
    m = Matter(template_id, sample.template().version, dict(sample.template().schema.defaults()))
    for key in ("registrant_name", "registrant_address"):
        m.facts[key] = sample.facts[key]
    for key, value in sample.facts.items():
        spec = sample.template().schema.get(key)
        if spec is not None and spec.required and key not in m.facts:
            m.facts[key] = value
    m.facts.update(facts)
    m.letter_date = sample.letter_date
    m.signer = dict(sample.signer)
    return m
