"""EDGAR's rules for attached documents, each problem naming the Filer Manual section it breaks."""

import pytest

from opiniondesk.edgar_rules import (
    check_ascii,
    check_file_name,
    check_html,
    default_file_name,
    uncarried_characters,
)


def _html(body, head=""):
    return (
        f"<html>\n<head>{head}<title>x</title></head>\n<body>\n{body}\n</body>\n</html>\n".encode()
    )


def _sections(problems):
    return [p.rule.section for p in problems]


@pytest.mark.parametrize(
    "name", ["ex5-1.htm", "r10q-630.txt", "EX5_1.HTM", "a.b.c-d_e.txt", "1.pdf"]
)
def test_good_names(name):
    """Ensure names 5.1.1 allows pass: letters, digits, periods, hyphens, underscores, any case."""
    assert check_file_name(name) == []


def test_bad_names_name_their_rule():
    """Ensure each part of 5.1.1 is checked: length, first character, spaces, characters, extension."""
    assert _sections(check_file_name("x" * 29 + ".htm")) == ["5.1.1"]
    assert "33 characters" in str(check_file_name("x" * 29 + ".htm")[0])
    assert "start with a letter" in str(check_file_name("-ex.htm")[0])
    assert "must end in one of" in str(check_file_name("ex5-1")[0])
    assert "must end in one of" in str(check_file_name("ex5-1.docx")[0])
    assert "\u00e9" in str(check_file_name("caf\u00e9.htm")[0])
    assert check_file_name("ex5-1.txt", ".htm")[0].rule.section == "5.2.2.1"


def test_default_names():
    """Ensure the default name follows the exhibit number and stays within 32 characters."""
    assert default_file_name("5.1", ".htm") == "ex5-1.htm"
    assert default_file_name(" 23.1 ", ".txt") == "ex23-1.txt"
    assert len(default_file_name("5." * 40, ".htm")) <= 32
    assert check_file_name(default_file_name("5 (a)/b", ".htm")) == []


@pytest.mark.parametrize(
    ("html", "section", "says"),
    [
        (b"<!DOCTYPE html>\n<html><body>x</body></html>", "5.2.2.4", "<!DOCTYPE>"),
        (_html("x", '<meta http-equiv="refresh" content="0">'), "5.2.2.2", "HTTP-EQUIV"),
        (_html("x", '<link rel="stylesheet" href="a.css">'), "5.2.2.4", "<link>"),
        (b'<html><body background="bg.gif">x</body></html>', "5.2.2.2", "background"),
        (_html('<a href="ex99.htm" target="_blank">x</a>'), "5.2.2.3", "TARGET"),
        (_html('<a href="mailto:a@b.com">x</a>'), "5.2.2.3", "mailto:"),
        (_html('<a href="../other/ex99.htm">x</a>'), "5.2.2.1", "outside the submission"),
        (_html('<a href="javascript:go()">x</a>'), "5.2.2.10", "runs a script"),
        (_html('<img src="data:image/png;base64,AAAA">'), "5.2.2.1", "data:"),
        (_html('<img src="logo.png">'), "5.2.2.3", "not a JPEG or GIF"),
        (_html('<p style="background:url(http://x.com/a.gif)">x</p>'), "5.2.2.1", "refers outside"),
        (_html("<p>&bogus; x</p>"), "5.2.2.6", "&bogus;"),
        (_html("<p>&#8206;</p>"), "5.2.2.6", "U+200E"),
        (_html("<S>"), "5.2.2.9", "<S>"),
        (_html("<form><input name=a></form>"), "5.2.2.4", "<form>"),
        (_html('<p width="10">x</p>'), "5.2.2.5", "WIDTH"),
        (_html("<o:p>x</o:p>"), "5.2.2.4", "<o:p>"),
    ],
)
def test_html_faults(html, section, says):
    """Ensure each kind of HTML fault is found and cites its section."""
    problems = check_html(html)
    assert any(p.rule.section == section and says in p.message for p in problems), problems


def test_html_that_edgar_accepts():
    """Ensure what EDGAR allows passes: <PAGE>, redline tags, references, entities, sec.gov links."""
    html = _html(
        '<PAGE>\n&ltR&gt\n<p align=center style="font: 10pt Times">&#167; &sect; &#163 &nbsp;'
        " &#8220;x&#8221; &#147;y&#148; &amp;</p>\n&lt/R&gt\n"
        '<a name="top"></a><a href="#top">top</a>'
        '<a href="https://www.sec.gov/ix?doc=/Archives/edgar/data/1/2/a.htm">a</a>\n'
        '<table border=1 cellpadding=0><tr valign=top><td nowrap width="50%">x</td></tr></table>'
        '<font face="Arial" size=2 color=red>f</font><hr noshade size=1>'
    )
    assert check_html(html) == []


def test_raw_characters_are_found_by_line_and_column():
    """Ensure a raw non-ASCII character or control character is found at its line and column."""
    problems = check_html("<html>\n<body>\n<p>caf\u00e9 \x01</p>\n</body></html>".encode())
    assert [(p.line, p.rule.section) for p in problems] == [(3, "5.2.2.6"), (3, "5.2.1.1")]
    assert "column 7" in problems[0].message


def test_ascii_rules():
    """Ensure ASCII documents: Table 5-1 (no ^), 80 columns, 132 inside <TABLE>, dashes named."""
    text = "\n".join(
        ["ok line", "x ^ y", "a" * 81, "<TABLE>", "b" * 132, "</TABLE>", "c" * 81, "x \u2014 y"]
    )
    problems = check_ascii(text.encode())
    found = [(p.line, p.rule.section) for p in problems]
    assert found == [(2, "5.2.1.1"), (3, "5.2.1.2.1"), (7, "5.2.1.2.1"), (8, "5.2.1.2.1")]
    assert "an em dash" in problems[-1].message
    assert check_ascii(("<TABLE>\n" + "d" * 133 + "\n</TABLE>").encode())[0].rule.section == (
        "5.2.1.4"
    )


def test_characters_a_filing_copy_cannot_carry():
    """Ensure emoji, direction marks and scripts outside Latin-1 are refused, Latin-1 is kept."""
    assert uncarried_characters("Soci\u00e9t\u00e9 \u00a7 \u201cx\u201d \u2014 \u20ac") == []
    assert uncarried_characters("a\U0001f600b\u200fc\u202ed\u0394\U0001f600") == [
        "\U0001f600",
        "\u200f",
        "\u202e",
        "\u0394",
    ]
    assert uncarried_characters("2^3") == []
    assert uncarried_characters("2^3", ascii_copy=True) == ["^"]


def _capped(problems):
    """The first MAX_PROBLEMS problems and one line counting the rest, as check_document gives."""
    from opiniondesk.edgar_rules import MAX_PROBLEMS, EdgarProblem

    if len(problems) <= MAX_PROBLEMS:
        return problems
    left = len(problems) - MAX_PROBLEMS
    return problems[:MAX_PROBLEMS] + [
        EdgarProblem(None, problems[MAX_PROBLEMS].rule, f"and {left} more problems")
    ]


def test_check_document_stops_building_problems_past_the_limit(monkeypatch):
    """Ensure a document with a problem on every line gives the first MAX_PROBLEMS problems, in
    line order, and the count of the rest, without making an object for each of the rest."""
    from opiniondesk import edgar_rules
    from opiniondesk.edgar_rules import MAX_PROBLEMS, check_document

    lines = ["caf\u00e9 ^ \u201cquoted\u201d", "x" * 90, "<TABLE>", "y" * 100, "</TABLE>", "fine"]
    text = "\n".join(lines * 2000).encode()
    html = _html("\n".join(["<p>caf\u00e9 &bogus; <font>x</font></p>", "<p>ok</p>"] * 2000))
    expected = {
        "Ex 5.txt": _capped(check_file_name("Ex 5.txt", ".txt") + check_ascii(text)),
        "ex5.htm": _capped(check_file_name("ex5.htm", ".htm") + check_html(html)),
    }
    made = []
    init = edgar_rules.EdgarProblem.__init__

    def counted(self, *args, **kwargs):
        made.append(1)
        init(self, *args, **kwargs)

    monkeypatch.setattr(edgar_rules.EdgarProblem, "__init__", counted)
    for name, data in (("Ex 5.txt", text), ("ex5.htm", html)):
        made.clear()
        problems = check_document(name, data)
        assert problems == expected[name]
        assert len(problems) == MAX_PROBLEMS + 1 and "more problems" in problems[-1].message
        assert len(made) <= MAX_PROBLEMS + 2, name
