"""The EDGAR HTML writer: every sample's filing copy as one document EDGAR accepts as it is."""

import re
from html.parser import HTMLParser

import pytest

from conftest import pdf_text
from edgar_helpers import (
    SAMPLES,
    filing_letter,
    html_page_texts,
    layout_page_texts,
    libreoffice_pdfs,
    qt_plain_text,
)
from helpers import reference_body, words
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.matter import load_matter
from opiniondesk.core.model import Block, Letter, Signature, Text
from opiniondesk.edgar_rules import check_document
from opiniondesk.writers.edgar import default_name, write_edgar
from opiniondesk.writers.text import write_text

WRITTEN_TAGS = {"html", "head", "title", "body", "p", "table", "tr", "td", "b", "i", "u", "br"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = set()
        self.attrs = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs |= {name for name, _ in attrs}


@pytest.fixture(scope="module")
def exhibits():
    """Each sample's filing letter and its EDGAR HTML, made once for the module."""
    out = {}
    for path in SAMPLES:
        letter = filing_letter(path)
        out[path.stem] = (letter, write_edgar(letter, "edgar"))
    return out


def test_every_sample_passes_the_edgar_rules(exhibits):
    """Ensure each sample's EDGAR HTML breaks none of the Filer Manual's rules, and is all ASCII."""
    assert len(exhibits) == len(SAMPLES) >= 7
    for stem, (letter, data) in exhibits.items():
        assert check_document(default_name(letter, "edgar"), data) == [], stem
        assert all(byte < 128 for byte in data), stem


def test_only_the_plainest_tags_and_no_outside_reference(exhibits):
    """Ensure the writer uses a handful of allowed tags, no image, script, link or style sheet."""
    for stem, (_, data) in exhibits.items():
        tags = _Tags()
        tags.feed(data.decode("ascii"))
        assert tags.tags <= WRITTEN_TAGS, (stem, tags.tags - WRITTEN_TAGS)
        assert tags.attrs <= {"style", "cellpadding", "cellspacing", "border", "width", "valign"}
        text = data.decode("ascii").lower()
        for banned in ("<img", "<script", "<style", "<link", "<span", "http", "url(", "<!doctype"):
            assert banned not in text, (stem, banned)


def test_words_are_the_filing_copys_in_qt(exhibits):
    """Ensure a Qt QTextDocument reads each sample's EDGAR HTML as the filing copy's words."""
    for stem, (letter, data) in exhibits.items():
        assert words(qt_plain_text(data.decode("ascii"))) == words(write_text(letter)), stem


def test_reference_sample_reads_as_the_reference_letter(exhibits, reference_text):
    """Ensure the reference sample's EDGAR HTML is the reference letter word for word, no header."""
    _, data = exhibits["cmsi-2001"]
    assert words(qt_plain_text(data.decode("ascii"))) == words(reference_body(reference_text))
    html = data.decode("ascii")
    assert "Page 2" not in html
    assert "/s/ John R. Dye" in html


def test_libreoffice_opens_every_sample(exhibits, tmp_path):
    """Ensure LibreOffice converts each sample's EDGAR HTML to a PDF holding the filing copy's words."""
    files = {}
    for stem, (letter, data) in exhibits.items():
        path = tmp_path / f"{stem}.htm"
        path.write_bytes(data)
        files[path] = letter
    pdfs = libreoffice_pdfs(list(files), tmp_path)
    for path, letter in files.items():
        pages = pdf_text(pdfs[path])
        assert words("\n".join(pages)) == words(write_text(letter)), path.name
        breaks = path.read_bytes().count(b"page-break-before:always")
        assert len(pages) >= breaks + 1, (path.name, len(pages), breaks)


def test_pages_break_where_the_printed_letter_breaks(exhibits):
    """Ensure each page of the HTML holds the words of the same page of the printed layout."""
    several = 0
    for stem, (letter, data) in exhibits.items():
        printed = layout_page_texts(letter)
        html_pages = html_page_texts(data.decode("ascii"))
        assert len(html_pages) == len(printed), stem
        several += len(printed) > 1
        for number, (ours, theirs) in enumerate(zip(html_pages, printed), start=1):
            assert words(ours) == words(theirs), (stem, number)
    assert several, "no sample has a second page: the page breaks went untested"


def test_look_is_kept_with_inline_styles(exhibits):
    """Ensure the letterhead's look travels: font, sizes, justified text, bold label, numbers."""
    _, data = exhibits["cmsi-2001"]
    html = data.decode("ascii")
    assert "font-family:'Times New Roman', Times, serif; font-size:12pt" in html
    assert re.search(r'<p style="[^"]*text-align:right; font-weight:bold">Exhibit 5\.1</p>', html)
    assert "text-align:justify" in html
    assert re.search(r"<td [^>]*>1\.</td>", html) and re.search(r"<td [^>]*>3\.</td>", html)
    assert "margin-bottom:32px" in html  # the date's 24 points after


def test_marks_and_extended_characters():
    """Ensure bold, italic and underline become tags and non-ASCII characters references."""
    letter = Letter(
        [
            Block(
                "body",
                (
                    Text("Under "),
                    Text("\u00a7 5", frozenset({"strong", "u"})),
                    Text(" of the \u201cAct\u201d \u2014 caf\u00e9", frozenset({"em"})),
                ),
            ),
            Block("signature", (Text("/s/ A. Lawyer"),), index=1),
        ],
        signature=Signature("conformed", "A. Lawyer"),
        copy="filing",
    )
    html = write_edgar(letter, "edgar").decode("ascii")
    assert "<b><u>&#167; 5</u></b><i> of the &#8220;Act&#8221; &#8212; caf&#233;</i>" in html
    assert check_document("ex5-1.htm", html.encode("ascii")) == []


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("Acme Corp. \U0001f600", "U+1F600 GRINNING FACE"),
        ("Acme\u200f Corp.", "U+200F RIGHT-TO-LEFT MARK"),
        ("Acme \u0394elta", "U+0394 GREEK CAPITAL LETTER DELTA"),
    ],
)
def test_a_fact_edgar_cannot_carry_is_refused_by_name(sample_path, value, shown):
    """Ensure a fact holding an emoji, a right-to-left mark or a Greek letter is refused, named."""
    matter = load_matter(sample_path)
    matter.facts["registrant_name"] = value
    letter = matter.render("filing")
    with pytest.raises(OpinionDeskError) as caught:
        write_edgar(letter, "edgar")
    problems = caught.value.problems
    assert [p.where for p in problems] == ["fact 'registrant_name'"]
    assert shown in problems[0].message and "5.2.2.6" in problems[0].message


def test_only_the_filing_copy_goes_to_edgar(sample_path):
    """Ensure a draft is refused: EDGAR gets the filing copy, signed "/s/"."""
    letter = load_matter(sample_path).render("draft")
    with pytest.raises(OpinionDeskError, match="filing copy"):
        write_edgar(letter, "edgar")


def test_default_name_follows_the_exhibit_number(sample_path):
    """Ensure the default name is ex5-1.htm for Exhibit 5.1 and follows another number."""
    matter = load_matter(sample_path)
    assert default_name(matter.render("filing"), "edgar") == "ex5-1.htm"
    assert default_name(matter.render("filing"), "edgar-txt") == "ex5-1.txt"
    matter.facts["exhibit_number"] = "5.2"
    assert default_name(matter.render("filing"), "edgar") == "ex5-2.htm"


def test_a_page_turning_inside_a_word_moves_the_word_whole(sample_path):
    """Ensure a printed page that breaks after a dash inside a word puts the whole word on the next."""
    from opiniondesk.pages import Fragment, Line, Page
    from opiniondesk.writers.edgar.paging import paginate

    block = Block("body", (Text("an Associate General Counsel\u2014Corporate Law of Citigroup."),))

    def page(number, *texts):
        frags = [Fragment(t, 0.0, 10.0, ()) for t in texts]
        return Page(number, 612, 792, [Line(0, "body", 0.0, 14.0, 11.0, frags)])

    pages = [
        page(1, "an", "Associate", "General", "Counsel\u2014"),
        page(2, "Corporate", "Law", "of", "Citigroup."),
    ]
    first, second = paginate([block], pages)
    assert "".join(i.text for i in first[0].inlines) == "an Associate General"
    assert first[0].opens and not second[0].opens
    assert "".join(i.text for i in second[0].inlines) == "Counsel\u2014Corporate Law of Citigroup."
