"""The template engine: every fact of the sample reaches the letter; escaping; sandbox; errors."""

import datetime as dt
from decimal import Decimal

import pytest
from jinja2.sandbox import SecurityError

from opiniondesk.core.errors import MissingFactsError, OpinionDeskError
from opiniondesk.core.matter import load_matter
from opiniondesk.core.templates import TemplateLibrary
from opiniondesk.writers.text import write_text


def _changed_value(spec, value):
    if spec.type in ("text", "multiline"):
        return f"Zq{spec.id.replace('_', '')}Xv"
    if spec.type == "choice":
        return next(c.value for c in spec.choices if c.value != value)
    if spec.type == "yesno":
        return not value
    if spec.type == "money":
        return "7654321"
    if spec.type == "number":
        return 7654321
    if spec.type == "date":
        return "1999-02-03"
    if spec.type == "list":
        return value + value[:1]
    raise AssertionError(spec.type)


def _sample_facts(sample_path):
    m = load_matter(sample_path)
    return m, m.template()


# Facts that word only the template's own list of documents examined, which the reference sample
# replaces by its own (own_documents_list); tests/templates/test_letter_choices.py tries each.
OWN_LIST_ONLY = {"governing_body"}


def test_each_fact_changes_the_letter(sample_path):
    """Ensure changing each fact of the sample in turn changes the letter where that fact is used."""
    m, tmpl = _sample_facts(sample_path)
    baseline = write_text(m.render("filing"), width=0)
    unused = OWN_LIST_ONLY if m.facts.get("own_documents_list") else set()
    specs = [
        s
        for s in tmpl.schema.facts
        if (s.id in m.facts or not s.required)
        and not (s.type == "choice" and len(s.choices) < 2)
        and s.id not in unused
    ]
    assert len(specs) >= 10
    for spec in specs:
        changed = m.copy()
        changed.facts[spec.id] = _changed_value(spec, m.facts.get(spec.id))
        letter = changed.render("filing" if changed.facts[spec.id] is not None else "draft")
        text = write_text(letter, width=0)
        assert text != baseline, f"fact {spec.id} does not change the letter"
        if spec.type in ("text", "multiline"):
            assert changed.facts[spec.id] in text, f"fact {spec.id}'s value is not in the letter"
            touched = [b for b in letter.blocks if spec.id in b.facts()]
            assert touched, f"fact {spec.id} is not tagged in any paragraph"


def test_letter_date_and_signer_change_the_letter(sample_path):
    """Ensure the letter date and the signer's name, title and employer reach the letter."""
    m, _ = _sample_facts(sample_path)
    m.letter_date = "2002-01-31"
    m.signer.update(
        name="Ann Smith", conformed="Ann Smith", title="General Counsel", employer="Acme"
    )
    text = write_text(m.render("filing"), width=0)
    assert "January 31, 2002" in text and "/s/ Ann Smith" in text
    assert "as the General Counsel of Acme." in text  # a unique office takes "the" (issue 16.13)


def test_special_characters_come_out_as_typed(sample_path):
    """Ensure &, <, >, both quotes, accented and non-Latin letters come out exactly as typed."""
    m, _ = _sample_facts(sample_path)
    typed = 'Ampère & <Fils> "Société" l\'été 株式会社 Ωμέγα'
    m.facts["registrant_name"] = typed
    letter = m.render("filing")
    assert letter.blocks_of("address")[0].inlines[0].text == typed
    assert typed in write_text(letter, width=0)


def test_long_fact_renders(sample_path):
    """Ensure a 20,000-character fact renders."""
    m, _ = _sample_facts(sample_path)
    m.facts["trustee_kinds"] = ("a trust company " * 1250)[:20000]
    text = write_text(m.render("filing"), width=0)
    assert m.facts["trustee_kinds"] in text


def test_missing_fact_placeholder_and_refusal(sample_path):
    """Ensure a draft shows a missing fact as [Label] and a filing copy refuses, naming it."""
    m, tmpl = _sample_facts(sample_path)
    del m.facts["registrant_name"]
    label = tmpl.schema.get("registrant_name").label
    draft = m.render("draft")
    assert f"[{label}]" in write_text(draft)
    assert [p.fact for p in draft.placeholders()] == ["registrant_name"]
    with pytest.raises(MissingFactsError) as info:
        m.render("filing")
    assert "registrant_name" in str(info.value)


def _department(tmp_path, body, schema='[[fact]]\nid = "name"\nlabel = "Name"\n'):
    folder = tmp_path / "dept" / "broken"
    folder.mkdir(parents=True)
    (folder / "template.toml").write_text(schema)
    (folder / "letter.xml.j2").write_text(body)
    return TemplateLibrary([tmp_path / "dept"])


def test_syntax_error_names_file_and_line(tmp_path):
    """Ensure a template syntax error names the template file and line."""
    library = _department(tmp_path, "<letter>\n<body>{{ name }</body>\n</letter>\n")
    with pytest.raises(OpinionDeskError) as info:
        library.get("broken")
    assert "letter.xml.j2, line 2" in str(info.value)
    assert library.get("abs-pass-through-certificates").ok


def test_sandbox_stops_python_internals(tmp_path):
    """Ensure a template reaching for Python internals is stopped by the sandbox."""
    library = _department(
        tmp_path, "<letter>\n<body>{{ ''.__class__.__mro__ }}</body>\n</letter>\n"
    )
    with pytest.raises(SecurityError) as info:
        library.get("broken").jinja.render({"name": "x"})  # raw jinja raises the sandbox error
    assert "__class__" in str(info.value)


def test_sandbox_error_through_render(tmp_path):
    """Ensure the sandbox's refusal reaches the user as a named template problem, not a traceback."""
    from opiniondesk.core.templates import render_letter

    library = _department(
        tmp_path, "<letter>\n<body>{{ ''.__class__.__mro__ }}</body>\n</letter>\n"
    )
    with pytest.raises(OpinionDeskError) as info:
        render_letter(library.get("broken"), {"name": "x"})
    assert "unsafe" in str(info.value) and "letter.xml.j2, line 2" in str(info.value)


def test_undefined_name_is_an_error(tmp_path):
    """Ensure a template naming an undeclared fact fails (StrictUndefined), naming the line."""
    from opiniondesk.core.templates import render_letter

    library = _department(tmp_path, "<letter>\n\n<body>{{ nmae }}</body>\n</letter>\n")
    with pytest.raises(OpinionDeskError) as info:
        render_letter(library.get("broken"), {"name": "x"})
    assert "nmae" in str(info.value) and "line 3" in str(info.value)


def test_autoescape_blocks_markup_injection(tmp_path):
    """Ensure a fact holding markup stays text and cannot add paragraphs."""
    from opiniondesk.core.templates import render_letter

    library = _department(tmp_path, "<letter><body>{{ name }}</body></letter>")
    letter = render_letter(library.get("broken"), {"name": "</body><body>x"}, copy="draft")
    assert [b.text for b in letter.blocks] == ["</body><body>x"]


def test_filters_format_values(tmp_path):
    """Ensure the date, money and number filters give the letter's formats."""
    from opiniondesk.core.templates import render_letter

    schema = (
        '[[fact]]\nid = "d"\ntype = "date"\n[[fact]]\nid = "m"\ntype = "money"\n'
        '[[fact]]\nid = "n"\ntype = "number"\n'
    )
    body = (
        "<letter><body>{{ d }}; {{ m|money('short') }}; {{ n }}; {{ n|words }}; "
        "{{ [n, n, n]|join_and }}</body></letter>"
    )
    library = _department(tmp_path, body, schema)
    letter = render_letter(
        library.get("broken"), {"d": "2001-10-23", "m": "1000000000", "n": 8250000}
    )
    assert letter.blocks[0].text == (
        "October 23, 2001; $1 billion; 8,250,000; eight million two hundred fifty thousand; "
        "8,250,000, 8,250,000, and 8,250,000"
    )
    assert dt and Decimal


def test_a_deleted_template_cache_never_stops_a_letter(sample_path, user_home):
    """Ensure removing or spoiling the compiled-template cache still renders the letter."""
    import shutil

    from opiniondesk.core.templates import TemplateLibrary

    library = TemplateLibrary()
    matter = load_matter(sample_path, library)
    cache = user_home / "cache" / "templates"
    assert matter.render("filing", library=library).blocks
    assert any(cache.iterdir())
    for entry in cache.iterdir():
        entry.write_bytes(b"not a cache entry")
    assert load_matter(sample_path, TemplateLibrary()).render("filing").blocks
    shutil.rmtree(user_home / "cache")  # the folder goes while the library still points at it
    other = load_matter(sample_path.with_name("s8-northwind-2024.opinion"), library)
    assert other.render("draft", library=library).blocks


def test_required_fact_used_only_in_a_condition_refuses_a_final_copy():
    """Ensure a required choice the letter never prints still refuses a filing copy when missing."""
    from opiniondesk import paths

    m = load_matter(paths.resource("samples", "s8-northwind-2024.opinion"))
    del m.facts["consent_reference"]
    assert m.render("draft").blocks  # a draft falls back to the default wording
    with pytest.raises(MissingFactsError) as info:
        m.render("filing")
    assert [fid for fid, _ in info.value.missing] == ["consent_reference"]


def test_white_space_is_not_a_fact(sample_path):
    """Ensure a fact of only spaces or tabs counts as missing, not as a blank in a final copy."""
    m, _ = _sample_facts(sample_path)
    m.facts["trustee_kinds"] = "  \t "
    assert "[Who may act as trustee]" in write_text(m.render("draft"))
    with pytest.raises(MissingFactsError) as info:
        m.render("filing")
    assert "trustee_kinds" in str(info.value)


def test_placeholder_turned_into_words_refuses_a_final_copy(tmp_path):
    """Ensure a missing fact a template joined into plain text ("[Label]") still refuses a final copy."""
    from opiniondesk.core.templates import render_letter

    schema = '[[fact]]\nid = "state"\nlabel = "Governing state"\nrequired = false\n'
    library = _department(
        tmp_path, '<letter><body>{{ "the State of " ~ state }}</body></letter>', schema
    )
    draft = render_letter(library.get("broken"), {}, copy="draft")
    assert draft.blocks[0].text == "the State of [Governing state]"
    with pytest.raises(MissingFactsError) as info:
        render_letter(library.get("broken"), {}, copy="filing")
    assert info.value.missing == [("state", "Governing state")]


def test_bidirectional_controls_are_refused(sample_path):
    """Ensure text direction overrides, which can make a letter read otherwise, are refused."""
    m, _ = _sample_facts(sample_path)
    m.facts["registrant_name"] = "Citicorp \u202eInc."
    with pytest.raises(OpinionDeskError) as info:
        m.render("draft")
    assert "U+202E" in str(info.value)


def test_sub_cent_amounts_are_refused(sample_path):
    """Ensure an amount with more than two decimal places is refused rather than rounded."""
    m, _ = _sample_facts(sample_path)
    m.facts["aggregate_amount"] = "1000000.505"
    with pytest.raises(OpinionDeskError) as info:
        m.render("draft")
    assert "more than two decimal places" in str(info.value)


@pytest.mark.parametrize(
    ("word", "article"),
    [("Associate", "an"), ("General", "a"), ("Utah", "a"), ("United", "a"), ("Ohio", "an"),
     ("honorary", "an"), ("LLC", "an"), ("Delaware", "a"), ("Indiana", "an"), ("one", "a")],
)  # fmt: skip
def test_article_follows_the_sound(word, article):
    """Ensure "a" or "an" is chosen by how the next word sounds."""
    from opiniondesk.core.templates import _filter_article

    assert _filter_article(word) == article


def test_an_emptied_opinion_takes_no_number():
    """Ensure opinion paragraphs emptied by a condition do not leave a gap in the numbering."""
    from opiniondesk.core.templates import parse_letter_markup

    letter = parse_letter_markup(
        "<letter><opinion>A</opinion><opinion> </opinion><opinion>C</opinion></letter>"
    )
    assert [b.label for b in letter.blocks] == ["1.", "2."]


def test_list_labels_go_on_past_z_and_ten():
    """Ensure lettered and numbered lists never run out: z, aa, bb; ix, x, xi, xiv."""
    from opiniondesk.core.templates import _filter_alpha, _filter_roman

    assert [_filter_alpha(n) for n in (1, 2, 26, 27, 28, 53)] == ["a", "b", "z", "aa", "bb", "aaa"]
    assert [_filter_roman(n) for n in (1, 4, 9, 10, 11, 14, 40, 1999)] == [
        "i", "iv", "ix", "x", "xi", "xiv", "xl", "mcmxcix",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("state", "words", "tagged"),
    [
        ("Delaware", "State of Delaware", "State of Delaware"),
        ("Pennsylvania", "Commonwealth of Pennsylvania", "Commonwealth of Pennsylvania"),
        ("Freedonia", "State of Freedonia", "Freedonia"),
    ],
)
def test_state_filter_keeps_its_fact(tmp_path, state, words, tagged):
    """Ensure `|state` names a state, a commonwealth or an unknown name and keeps its fact's tag."""
    from opiniondesk.core.model import Text
    from opiniondesk.core.templates import render_letter

    schema = '[[fact]]\nid = "juris"\nlabel = "State"\n'
    body = "<letter><body>the laws of the {{ juris|state }}</body></letter>"
    library = _department(tmp_path, body, schema)
    letter = render_letter(library.get("broken"), {"juris": state}, copy="draft")
    assert letter.blocks[0].text == f"the laws of the {words}"
    facts = [i.text for i in letter.blocks[0].inlines if isinstance(i, Text) and i.fact == "juris"]
    assert facts == [tagged]
