"""Template files as untrusted input: only regular files inside a template's own folders, bounded."""

import os

import pytest

from opiniondesk.core import template_files
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.matter import new_matter
from opiniondesk.core.templates import TemplateLibrary
from template_folders import make_template

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX links and FIFOs")

SECRET = "SECRET-4242"


@pytest.fixture
def outside(tmp_path):
    """Return a folder outside every template folder, holding a secret file and a whole template."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "letter.xml.j2").write_text(f"<letter><body>{SECRET}</body></letter>\n")
    (folder / "template.toml").write_text('[template]\nname = "Elsewhere"\n')
    return folder


def _include(name):
    return "<letter>\n<body>Before.\n{% include " + repr(name) + " %}\n</body>\n</letter>\n"


def _render(library, tid):
    return new_matter(library.get(tid)).render("draft", library=library)


def _failure(library, tid):
    """Return the one-line problems a template gives, whether found at loading or at rendering."""
    with pytest.raises(OpinionDeskError) as raised:
        _render(library, tid)
    message = str(raised.value)
    assert SECRET not in message
    return message


@posix_only
def test_an_include_through_a_link_in_the_department_folder_is_refused(tmp_path):
    """Ensure `{% include "link/etc/hostname" %}`, with `link` to / in the department folder, is
    refused with the path named and nothing read."""
    root = tmp_path / "dept"
    make_template(root, "reader", letter=_include("link/etc/hostname"))
    (root / "link").symlink_to("/", target_is_directory=True)
    message = _failure(TemplateLibrary([root]), "reader")
    assert str(root / "link" / "etc" / "hostname") in message and "outside" in message
    assert "letter.xml.j2, line 3" in message


@posix_only
def test_an_include_through_a_link_in_the_template_folder_is_refused(tmp_path, outside):
    """Ensure a link inside a template folder to a folder elsewhere cannot be read through."""
    root = tmp_path / "dept"
    folder = make_template(root, "reader", letter=_include("reader/parts/secret.txt"))
    (folder / "parts").symlink_to(outside, target_is_directory=True)
    message = _failure(TemplateLibrary([root]), "reader")
    assert str(folder / "parts" / "secret.txt") in message and "outside" in message


@posix_only
def test_a_linked_letter_file_is_refused(tmp_path, outside):
    """Ensure a `letter.xml.j2` that is a link to a file elsewhere makes the template broken,
    naming the file, and is never rendered."""
    root = tmp_path / "dept"
    folder = make_template(root, "linked")
    (folder / "letter.xml.j2").unlink()
    (folder / "letter.xml.j2").symlink_to(outside / "letter.xml.j2")
    library = TemplateLibrary([root])
    tmpl = next(t for t in library.templates() if t.id == "linked")
    assert not tmpl.ok
    assert str(folder / "letter.xml.j2") in str(tmpl.error) and "outside" in str(tmpl.error)
    _failure(library, "linked")


@posix_only
def test_a_linked_schema_is_refused(tmp_path, outside):
    """Ensure a `template.toml` that is a link to a file elsewhere is not read."""
    root = tmp_path / "dept"
    folder = make_template(root, "linked")
    (folder / "template.toml").unlink()
    (folder / "template.toml").symlink_to(outside / "template.toml")
    tmpl = next(t for t in TemplateLibrary([root]).templates() if t.id == "linked")
    assert not tmpl.ok and tmpl.name != "Elsewhere"
    assert str(folder / "template.toml") in str(tmpl.error) and "outside" in str(tmpl.error)


@posix_only
def test_a_template_folder_that_is_a_link_elsewhere_is_refused(tmp_path, outside):
    """Ensure a template folder that is itself a link out of its department folder is broken."""
    root = tmp_path / "dept"
    make_template(root, "fine")
    (root / "elsewhere").symlink_to(outside, target_is_directory=True)
    library = TemplateLibrary([root])
    tmpl = next(t for t in library.templates() if t.id == "elsewhere")
    assert not tmpl.ok and tmpl.name != "Elsewhere"
    assert str(root / "elsewhere") in str(tmpl.error) and "outside" in str(tmpl.error)
    assert library.get("fine").ok
    _failure(library, "elsewhere")


@posix_only
def test_a_shared_folder_that_is_a_link_elsewhere_is_refused(tmp_path, outside):
    """Ensure a department's `_shared` folder linked out of it is not read for clauses or facts."""
    root = tmp_path / "dept"
    (outside / "facts.toml").write_text(
        '[[fact]]\nid = "secret"\nlabel = "' + SECRET + '"\ntype = "text"\n', encoding="utf-8"
    )
    make_template(root, "clauses", letter=_include("_shared/secret.txt"))
    make_template(root, "facts", schema='[template]\nname = "F"\n\n[[fact]]\nuse = "secret"\n')
    (root / "_shared").symlink_to(outside, target_is_directory=True)
    library = TemplateLibrary([root])
    for tid in ("clauses", "facts"):
        message = _failure(library, tid)
        assert "outside" in message and str(root / "_shared") in message
    assert library.get("s8-employee-plans").ok  # built-ins keep working


@posix_only
def test_links_that_stay_inside_the_templates_folders_still_work(tmp_path):
    """Ensure links within a template's own folder or to its department's shared clauses are
    followed as before."""
    root = tmp_path / "dept"
    (root / "_shared" / "parts").mkdir(parents=True)
    (root / "_shared" / "parts" / "shared.xml.j2").write_text("Shared words.", encoding="utf-8")
    letter = (
        "<letter>\n<body>{% include 'linked/current/own.xml.j2' %} "
        "{% include 'linked/shared/shared.xml.j2' %}</body>\n</letter>\n"
    )
    folder = make_template(root, "linked", letter=letter)
    (folder / "v2").mkdir()
    (folder / "v2" / "own.xml.j2").write_text("Own words.", encoding="utf-8")
    (folder / "current").symlink_to("v2", target_is_directory=True)
    (folder / "shared").symlink_to("../_shared/parts", target_is_directory=True)
    letter = _render(TemplateLibrary([root]), "linked")
    assert letter.blocks_of("body")[0].text == "Own words. Shared words."


@posix_only
def test_a_fifo_or_a_device_is_refused_without_reading(tmp_path):
    """Ensure a FIFO or /dev/zero reached from a template is refused at once, named."""
    folder = tmp_path / "t"
    folder.mkdir()
    os.mkfifo(folder / "pipe")
    (folder / "zero").symlink_to("/dev/zero")
    allowed = (str(folder), "/dev")
    for name, why in (("pipe", "not a regular file"), ("zero", "not a regular file")):
        with pytest.raises(OpinionDeskError) as raised:
            template_files.read_file(folder / name, allowed)
        assert why in str(raised.value) and str(folder / name) in str(raised.value)


def test_an_oversize_template_file_is_refused_before_compiling(tmp_path):
    """Ensure a letter template over the size limit is its template's error, never compiled."""
    root = tmp_path / "dept"
    body = "Words. " * (template_files.MAX_FILE_BYTES // 7 + 1)
    make_template(root, "big", letter=f"<letter>\n<body>{body}</body>\n</letter>\n")
    make_template(root, "small")
    library = TemplateLibrary([root])
    big = next(t for t in library.templates() if t.id == "big")
    assert not big.ok and "larger than" in str(big.error)
    assert str(root / "big" / "letter.xml.j2") in str(big.error)
    assert library.get("small").ok


def test_an_include_outside_its_own_template_is_refused(tmp_path):
    """Ensure a template cannot include another template's files, only its own and shared ones."""
    root = tmp_path / "dept"
    make_template(root, "other", letter="<letter><body>" + SECRET + "</body></letter>\n")
    make_template(root, "reader", letter=_include("other/letter.xml.j2"))
    make_template(root, "builtin-reader", letter=_include("s8-employee-plans/letter.xml.j2"))
    library = TemplateLibrary([root])
    for tid in ("reader", "builtin-reader"):
        assert "outside" in _failure(library, tid)


def test_files_saved_with_a_byte_order_mark_are_read(tmp_path):
    """Ensure a letter and schema saved as "UTF-8 with BOM" (as Windows editors may) work."""
    root = tmp_path / "dept"
    bom = "\ufeff"
    make_template(
        root,
        "bom",
        letter=bom + "<letter>\n<body>Caf\u00e9.</body>\n</letter>\n",
        schema=bom + '[template]\nname = "With a BOM"\n',
    )
    library = TemplateLibrary([root])
    assert library.get("bom").name == "With a BOM"
    assert _render(library, "bom").blocks_of("body")[0].text == "Caf\u00e9."


def test_an_include_of_a_missing_file_says_it_is_not_found(tmp_path):
    """Ensure `{% include "parts/gone.xml.j2" %}` of no such file names it as not found, with the
    letter's file and line, rather than a bare "template error: parts/gone.xml.j2"."""
    root = tmp_path / "dept"
    folder = make_template(root, "reader", letter=_include("parts/gone.xml.j2"))
    message = _failure(TemplateLibrary([root]), "reader")
    assert "template file not found: parts/gone.xml.j2" in message
    assert f"{folder / 'letter.xml.j2'}, line 3" in message
