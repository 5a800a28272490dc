"""Tests for line breaking: grapheme clusters, undrawable characters, and work that stays linear."""

import pytest
from PySide6.QtCore import QTextBoundaryFinder

from opiniondesk.core.matter import load_matter
from opiniondesk.pages import breaking, fonts, layout_letter, page_setup

EMOJI = "\U0001f44d"  # thumbs up: outside the BMP, two UTF-16 code units
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one grapheme of five code points
ACCENTED = "e\u0301"  # e + combining acute: one grapheme of two code points


@pytest.fixture
def sample(sample_path):
    return load_matter(sample_path)


def _right_margin():
    setup = page_setup()
    return setup.width - setup.margin_right


def test_an_emoji_splits_no_later_word(sample):
    """Ensure a character outside the BMP before other words breaks lines only between words."""
    sample.facts["trustee_kinds"] = f"a bank {EMOJI} " + "extraordinarily " * 30
    pages = layout_letter(sample.render("filing"))
    lines = [
        ln for p in pages for ln in p.lines if any(f.fact == "trustee_kinds" for f in ln.fragments)
    ]
    assert len(lines) >= 4
    right = _right_margin()
    for line in lines:
        words = " ".join(f.text for f in line.fragments if f.fact == "trustee_kinds").split()
        assert set(words) <= {"a", "bank", EMOJI, "extraordinarily"}, line.text()
        assert all(f.x + f.width <= right + 0.5 for f in line.fragments), line.text()


def _graphemes(text):
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Grapheme, text)
    cuts = [0]
    pos = finder.toNextBoundary()
    while pos != -1:
        cuts.append(pos)
        pos = finder.toNextBoundary()
    units = text.encode("utf-16-le")
    return {len(units[: 2 * c].decode("utf-16-le")) for c in cuts}


@pytest.mark.parametrize("cluster", [ACCENTED, FAMILY, "\U0001f1fa\U0001f1f8"])
def test_a_long_word_is_split_between_grapheme_clusters(sample, cluster):
    """Ensure a word wider than a line is cut only between grapheme clusters, nothing lost."""
    word = cluster * 400
    sample.facts["trustee_kinds"] = word
    pages = layout_letter(sample.render("filing"))
    lines = [
        ln for p in pages for ln in p.lines if any(f.fact == "trustee_kinds" for f in ln.fragments)
    ]
    assert len(lines) >= 2
    text = "".join(f.text for ln in lines for f in ln.fragments if f.fact == "trustee_kinds")
    assert text == word
    right = _right_margin()
    for line in lines:
        assert all(f.x + f.width <= right + 0.5 for f in line.fragments), line.text()
        piece = "".join(f.text for f in line.fragments if f.fact == "trustee_kinds")
        assert len(piece) % len(cluster) == 0 and piece.startswith(cluster), piece[:8]


def test_a_character_no_font_draws_is_reported_by_fact(sample):
    """Ensure a character no installed font can draw is named with the fact that holds it."""
    from opiniondesk.pages import undrawable_characters

    sample.facts["trustee_kinds"] = f"a bank {EMOJI} and {FAMILY}"
    letter = sample.render("filing")
    found = undrawable_characters(letter)
    assert set(found) == {"trustee_kinds"}
    assert EMOJI in found["trustee_kinds"]
    assert "\u200d" not in found["trustee_kinds"]  # a joiner draws nothing: it is not missing
    sample.facts["trustee_kinds"] = "a bank, caf\u00e9 and \u00df \u2014 all drawn"
    assert undrawable_characters(sample.render("filing")) == {}


class _Work:
    """Counts the characters the layout breaks into words and measures (each a unit of work)."""

    def __init__(self, monkeypatch):
        self.chars = 0
        words, width = breaking._words, fonts._FontInfo.width

        def counted_words(style, inlines, page_number=None):
            self.chars += sum(len(i.text) for i in inlines)
            return words(style, inlines, page_number)

        def counted_width(info, text):
            if text not in info.widths:
                self.chars += len(text)
            return width(info, text)

        monkeypatch.setattr(breaking, "_words", counted_words)
        monkeypatch.setattr(fonts._FontInfo, "width", counted_width)

    def of(self, letter):
        breaking._clear_word_cache()
        from opiniondesk.pages import paginate

        paginate._para_cache.clear()
        paginate._header_cache.clear()
        for info in fonts._fonts.values():
            info.widths.clear()
        self.chars = 0
        layout_letter(letter)
        return self.chars


@pytest.mark.parametrize("fact", ["registrant_name", "trustee_kinds"])
@pytest.mark.parametrize("kind", ["words", "one word"])
def test_layout_work_grows_linearly_with_a_fact(sample, monkeypatch, fact, kind):
    """Ensure doubling a long fact (in the body, or in every page's header) at most doubles the work."""
    work = _Work(monkeypatch)

    def value(n):
        if kind == "words":
            return " ".join(f"w{i:04d}" for i in range(n // 6))
        return "".join(f"W{i:04d}" for i in range(n // 5))

    measured = []
    for n in (3000, 6000):
        sample.facts[fact] = value(n)
        measured.append(work.of(sample.render("filing")))
    assert measured[1] <= 2.3 * measured[0], measured


def _with_fact_text(letter, fact, text):
    """Return the letter with the runs of one fact holding `text`: a value longer than a matter
    may hold (facts stop at 20,000 characters), to lay out a model only a layout would meet."""
    from dataclasses import replace

    from opiniondesk.core.model import Text

    letter.blocks = [
        replace(
            block,
            inlines=tuple(
                replace(i, text=text) if isinstance(i, Text) and i.fact == fact else i
                for i in block.inlines
            ),
        )
        for block in letter.blocks
    ]
    return letter


def test_a_word_of_a_million_letters_is_split_within_the_margins(sample):
    """Ensure a word too long for Qt to measure at once is still split into lines that fit."""
    letter = _with_fact_text(sample.render("filing"), "trustee_kinds", "Indenture" * 111_112)
    pages = layout_letter(letter)
    right = _right_margin()
    lines = [
        ln for p in pages for ln in p.lines if any(f.fact == "trustee_kinds" for f in ln.fragments)
    ]
    assert len(lines) > 10_000
    assert all(f.x + f.width <= right + 0.5 for line in lines for f in line.fragments)
    assert sum(len(f.text) for ln in lines for f in ln.fragments if f.fact == "trustee_kinds") == (
        9 * 111_112
    )


def _split_by_cluster(word, limit):
    """Return a word's parts as filling it a cluster at a time cuts them (what the split keeps)."""
    parts, current, used = [], [], 0.0
    for piece in word.pieces:
        if piece.is_space:
            continue
        chunk = []
        for cluster in breaking.graphemes(piece.text):
            w = piece.info.width(cluster)
            if (current or chunk) and used + w > limit + 1e-6:
                if chunk:
                    current.append("".join(chunk))
                parts.append(current)
                current, chunk, used = [], [], 0.0
            chunk.append(cluster)
            used += w
        if chunk:
            current.append("".join(chunk))
    return parts + [current]


@pytest.mark.parametrize(
    "runs",
    [
        [("Indenture" * 2000, "")],
        [(("ab" + ACCENTED + "c") * 500, "")],
        [("Q" * 700, "strong"), ("R" * 700, ""), ("S" * 700, "em")],
    ],
    ids=["letters", "clusters", "runs"],
)
def test_a_long_word_is_measured_once_per_kind_of_cluster(monkeypatch, runs):
    """Ensure splitting a long word asks the font for each distinct cluster's width once (and each
    part's once), not once per cluster, and cuts exactly where filling it a cluster at a time
    would."""
    from opiniondesk.core.model import Text

    setup = page_setup()
    style = setup.style_for("body")
    inlines = tuple(Text(text, frozenset({mark}) if mark else frozenset()) for text, mark in runs)
    breaking._clear_word_cache()
    (word,) = breaking._words(style, inlines)
    limit = setup.text_width
    expected = _split_by_cluster(word, limit)
    asked = []
    width = fonts._FontInfo.width
    monkeypatch.setattr(
        fonts._FontInfo, "width", lambda info, text: asked.append(text) or width(info, text)
    )
    parts = breaking._split_long_word(word, limit)
    assert [[p.text for p in part.pieces] for part in parts] == expected
    clusters = sum(len(breaking.graphemes(text)) for text, _mark in runs)
    assert len(parts) > 10 and len(asked) < clusters / 5, (len(asked), clusters)


def test_a_space_inside_a_line_s_last_word_is_kept():
    """Ensure a space no line may break at (before a closing parenthesis), between two runs,
    stays in the line when that word ends it: "(a" and " )" of a fact were drawn "(a)"."""
    from opiniondesk.core.model import Text

    style = page_setup().style("Normal")
    words = breaking._words(style, (Text("see (a "), Text(")", fact="note")))
    assert [[p.text for p in w.pieces] for w in words][-1] == ["(a", " ", ")"]
    frags, _spread, runs = breaking._place_line(words, 72.0, 400.0, "left", True)
    assert "".join(text for _x, text, _key, _ink in runs) == "see (a )"
    assert [f.text for f in frags][-1] == ")" and frags[-1].spaces_before == 1
