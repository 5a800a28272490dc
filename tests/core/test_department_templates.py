"""Department template folders: their templates beside the built-in ones, broken ones named by file and line."""

import json

import pytest

from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.matter import load_matter, new_matter
from opiniondesk.core.templates import TemplateLibrary, default_library
from opiniondesk.settings import Settings, save_settings

GOOD_LETTER = """{%- import "_shared/clauses.xml.j2" as c with context -%}
<letter>
{{ c.opening() }}
<body>{{ c.counsel_intro() }} {{ c.registration_statement() }}.</body>
{{ c.signature_block() }}
</letter>
"""
GOOD_SCHEMA = """[template]
name = "Our precedent"
version = "{version}"

[[group]]
id = "letter"
[[group]]
id = "registrant"
[[group]]
id = "offering"
[[group]]
id = "opinion"

[[fact]]
use = "exhibit_number"
[[fact]]
use = "counsel_type"
[[fact]]
use = "salutation"
[[fact]]
use = "registrant_name"
[[fact]]
use = "registrant_address"
[[fact]]
use = "registrant_short_name"
[[fact]]
use = "registrant_entity"
[[fact]]
use = "registrant_jurisdiction"
[[fact]]
use = "form"
[[fact]]
use = "file_number"
[[fact]]
use = "closing"
"""


def _template(root, name, schema=None, letter=GOOD_LETTER, version="2.0"):
    folder = root / name
    folder.mkdir(parents=True)
    if schema is not False:
        (folder / "template.toml").write_text(schema or GOOD_SCHEMA.format(version=version))
    (folder / "letter.xml.j2").write_text(letter)
    return folder


@pytest.fixture
def department(tmp_path):
    root = tmp_path / "department"
    _template(root, "our-precedent")
    _template(
        root, "bad-syntax", letter="<letter>\n<body>\n{{ registrant_name }\n</body>\n</letter>\n"
    )
    _template(root, "no-schema", schema=False)
    bad_type = (
        GOOD_SCHEMA.format(version="1")
        + '\n[[fact]]\nid = "colour"\nlabel = "Colour"\ntype = "color"\n'
    )
    _template(root, "bad-type", schema=bad_type)
    _template(root, "bad-toml", schema='[template]\nname = "x"\n\n[[fact]\nid = "y"\n')
    return root


def _errors(library, tid):
    tmpl = next(t for t in library.templates() if t.id == tid)
    assert not tmpl.ok
    return [str(p) for p in tmpl.error.problems]


def test_broken_templates_named_by_file_and_line_while_others_work(department):
    """Ensure each broken department template names its file and line, and every other template works."""
    library = TemplateLibrary([department])
    [syntax] = _errors(library, "bad-syntax")
    assert f"{department / 'bad-syntax' / 'letter.xml.j2'}, line 3" in syntax and "syntax" in syntax
    [missing] = _errors(library, "no-schema")
    assert (
        str(department / "no-schema" / "template.toml") in missing
        and "missing fact schema" in missing
    )
    [bad_type] = _errors(library, "bad-type")
    lines = (department / "bad-type" / "template.toml").read_text().splitlines()
    type_line = next(n for n, line in enumerate(lines, 1) if line == 'type = "color"')
    assert (
        f"template.toml, line {type_line}" in bad_type and "unknown fact type 'color'" in bad_type
    )
    [toml] = _errors(library, "bad-toml")
    assert "template.toml, line 4" in toml and "not valid TOML" in toml
    good = library.get("our-precedent")
    assert good.ok and good.source.startswith("department") and good.version == "2.0"
    for builtin in ("abs-pass-through-certificates", "s3-universal-shelf", "s8-employee-plans"):
        assert library.get(builtin).ok and library.get(builtin).source == "built-in"


def test_department_template_renders_with_shared_clauses(department):
    """Ensure a department template uses the built-in shared clauses and facts and renders."""
    library = TemplateLibrary([department])
    matter = new_matter(library.get("our-precedent"))
    matter.facts.update(registrant_name="Acme Inc.", registrant_address="1 Main St.")
    matter.signer = {"name": "Ann Smith", "voice": "we", "conformed": "Smith LLP"}
    letter = matter.render("draft", library=library)
    assert (
        "We have acted as counsel to Acme Inc., a Delaware corporation"
        in letter.blocks_of("body")[0].text
    )


def test_unknown_shared_fact_is_named(tmp_path):
    """Ensure `use` naming no shared fact is reported by file and line."""
    root = tmp_path / "dept"
    _template(root, "x", schema='[[fact]]\nuse = "salutation"\n\n[[fact]]\nuse = "no_such_fact"\n')
    problems = _errors(TemplateLibrary([root]), "x")
    assert any("template.toml, line 5" in p and "no_such_fact" in p for p in problems)


def test_settings_and_environment_folders_reach_the_default_library(tmp_path, monkeypatch):
    """Ensure folders from the settings file and OPINIONDESK_TEMPLATE_PATH both appear in the default library."""
    a, b = tmp_path / "a", tmp_path / "b"
    _template(a, "from-settings")
    _template(b, "from-env")
    save_settings(Settings([str(a)]))
    monkeypatch.setenv("OPINIONDESK_TEMPLATE_PATH", str(b))
    ids = {t.id for t in default_library().templates()}
    assert {"from-settings", "from-env", "abs-pass-through-certificates"} <= ids
    monkeypatch.delenv("OPINIONDESK_TEMPLATE_PATH")
    assert "from-env" not in {t.id for t in default_library().templates()}


def test_version_recorded_and_warned(tmp_path, monkeypatch):
    """Ensure a matter records its template's version and warns when it opens under another version."""
    root = tmp_path / "dept"
    folder = _template(root, "our-precedent", version="1.0")
    monkeypatch.setenv("OPINIONDESK_TEMPLATE_PATH", str(root))
    matter = new_matter(default_library().get("our-precedent"))
    assert matter.template_version == "1.0" and matter.version_warning() is None
    path = tmp_path / "m.opinion"
    path.write_text(matter.dumps())
    (folder / "template.toml").write_text(GOOD_SCHEMA.format(version="1.1"))
    default_library().reload()
    reopened = load_matter(path)
    warning = reopened.version_warning()
    assert warning and "version 1.0" in warning and "version 1.1" in warning
    assert json.loads(path.read_text())["template"]["version"] == "1.0"


def test_damaged_settings_leave_built_ins_working(tmp_path):
    """Ensure a damaged settings file does not stop the built-in templates."""
    from opiniondesk.settings import load_settings, settings_path

    settings_path().write_text("{not json")
    with pytest.raises(OpinionDeskError):
        load_settings()
    assert default_library().get("abs-pass-through-certificates").ok


def _broken_department(root):
    """Make a department folder with one good template and several broken in odd ways."""
    from template_folders import make_template

    make_template(root, "good")
    make_template(root, "latin1", letter=b"<letter>\n<body>\nCaf\xe9</body>\n</letter>\n")
    make_template(root, "deep", schema="a = " + "[" * 50_000 + "]" * 50_000 + "\n")
    make_template(root, "forms", schema='[template]\nname = "F"\nforms = 5\n')
    return root


def test_each_broken_template_is_its_own_error(tmp_path):
    """Ensure a letter that is not UTF-8, a schema nested 50,000 deep and odd schema values each
    break only their own template, named by file (and line where there is one)."""
    root = _broken_department(tmp_path / "dept")
    library = TemplateLibrary([root])
    by_id = {t.id: t for t in library.templates()}
    [latin1] = _errors(library, "latin1")
    assert f"{root / 'latin1' / 'letter.xml.j2'}, line 3" in latin1 and "UTF-8" in latin1
    [deep] = _errors(library, "deep")
    assert str(root / "deep" / "template.toml") in deep and "nested" in deep
    [forms] = _errors(library, "forms")
    assert str(root / "forms" / "template.toml") in forms and "forms" in forms
    assert by_id["good"].ok and library.get("good").ok
    assert all(t.ok for t in by_id.values() if t.source == "built-in")


def test_a_deeply_nested_shared_facts_file_breaks_only_its_folder(tmp_path):
    """Ensure a department's shared facts nested 50,000 deep break that folder's templates alone."""
    from template_folders import make_template

    root = tmp_path / "dept"
    make_template(root, "mine")
    (root / "_shared").mkdir()
    (root / "_shared" / "facts.toml").write_text("a = " + "[" * 50_000 + "]" * 50_000)
    library = TemplateLibrary([root])
    [problem] = _errors(library, "mine")
    assert str(root / "_shared" / "facts.toml") in problem
    assert library.get("s8-employee-plans").ok


def test_an_unknown_template_is_named_even_beside_broken_ones(tmp_path):
    """Ensure asking for a template that does not exist says so, listing the working ones."""
    library = TemplateLibrary([_broken_department(tmp_path / "dept")])
    with pytest.raises(OpinionDeskError) as raised:
        library.get("no-such")
    [problem] = raised.value.problems
    assert "unknown template 'no-such'" in str(problem) and "good" in str(problem)
    assert "latin1" not in str(problem)
