"""Remembered letters: the same inputs and sources give the letter back; any change renders anew."""

import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from opiniondesk import paths
from opiniondesk.core import letter_cache
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.letter_cache import LetterCache, inputs_key
from opiniondesk.core.matter import load_matter
from opiniondesk.core.templates import TemplateLibrary, render_letter
from opiniondesk.writers.text import write_text

TEMPLATE = "abs-pass-through-certificates"


@pytest.fixture
def library_dir(tmp_path):
    """Return a copy of the built-in templates that a test may edit."""
    folder = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), folder)
    return folder


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """Return a cache in a folder of the test's own, also the one that vouches for templates."""
    made = LetterCache(tmp_path / "cache")
    monkeypatch.setattr(letter_cache, "_default", made)
    return made


def _draft(folder, cache, reuse, facts_change=None):
    """Render the sample's draft with a fresh library over `folder` (nothing compiled yet)."""
    library = TemplateLibrary(builtin=folder)
    matter = load_matter(paths.sample_matter(), library)
    matter.facts.update(facts_change or {})
    tmpl = matter.template(library)
    letter = render_letter(
        tmpl, matter.facts, matter.letter_date, matter.signer, "draft", cache=cache, reuse=reuse
    )
    return tmpl, letter


def test_a_remembered_letter_is_the_rendered_one_without_compiling(library_dir, cache):
    """Ensure the same facts and sources give back the letter without compiling the template."""
    _, rendered = _draft(library_dir, cache, reuse=True)  # nothing remembered yet: rendered
    assert not rendered.remembered
    tmpl, remembered = _draft(library_dir, cache, reuse=True)
    assert remembered.remembered
    assert remembered == rendered and write_text(remembered) == write_text(rendered)
    assert "jinja" not in tmpl.__dict__  # the template was vouched for, and never compiled
    _, fresh = _draft(library_dir, cache, reuse=False)
    assert not fresh.remembered and fresh == rendered


def test_other_facts_are_rendered_not_remembered(library_dir, cache):
    """Ensure a letter remembered for some facts is not given back for others."""
    _draft(library_dir, cache, reuse=True)
    _, letter = _draft(library_dir, cache, reuse=True, facts_change={"registrant_name": "Zq Co"})
    assert not letter.remembered and "Zq Co" in write_text(letter)


@pytest.mark.parametrize(
    ("edited", "old", "new"),
    [
        (f"{TEMPLATE}/letter.xml.j2", "covers a total of", "covers Zq a total of"),
        (
            "_shared/clauses.xml.j2",
            "the Registration Statement on Form",
            "the Zq Statement on Form",
        ),
    ],
)
def test_an_edited_template_file_renders_anew(library_dir, cache, edited, old, new):
    """Ensure editing the letter template, or a shared clause it uses, is never hidden by memory."""
    _, before = _draft(library_dir, cache, reuse=True)
    path = library_dir / edited
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, after = _draft(library_dir, cache, reuse=True)
    assert not after.remembered and "Zq" in write_text(after) and "Zq" not in write_text(before)


def test_a_syntax_error_after_a_good_render_is_still_found_when_the_template_is_got(
    library_dir, cache
):
    """Ensure a letter remembered from good files never vouches for the same template broken."""
    _draft(library_dir, cache, reuse=True)
    assert cache.vouches_for(TemplateLibrary(builtin=library_dir).get(TEMPLATE))
    letter = library_dir / TEMPLATE / "letter.xml.j2"
    letter.write_text(letter.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    with pytest.raises(OpinionDeskError) as raised:
        TemplateLibrary(builtin=library_dir).get(TEMPLATE)
    assert "syntax error" in str(raised.value) and "letter.xml.j2, line" in str(raised.value)


def test_a_spoiled_entry_is_rendered_over(library_dir, tmp_path, cache):
    """Ensure an entry that is not letter markup any more is rendered afresh, not shown as an error."""
    tmpl, rendered = _draft(library_dir, cache, reuse=True)
    (entry,) = (tmp_path / "cache").rglob("*.xml")
    entry.write_text("<letter><p>unfinished", encoding="utf-8")
    _, letter = _draft(library_dir, cache, reuse=True)
    assert not letter.remembered and letter == rendered
    assert entry.read_text(encoding="utf-8").startswith("<letter")  # written again, whole
    assert entry.read_text(encoding="utf-8") != "<letter><p>unfinished"


def test_an_unusable_cache_folder_never_stops_a_letter(library_dir, tmp_path):
    """Ensure a cache 'folder' that is a file gives plain rendering, not an error."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    cache = LetterCache(blocker)
    _, first = _draft(library_dir, cache, reuse=True)
    _, second = _draft(library_dir, cache, reuse=True)
    assert not first.remembered and not second.remembered and first == second


def test_only_drafts_are_remembered(library_dir, tmp_path, cache):
    """Ensure a filing copy is always rendered (its checks of missing facts need the render)."""
    library = TemplateLibrary(builtin=library_dir)
    matter = load_matter(paths.sample_matter(), library)
    tmpl = matter.template(library)
    for _ in range(2):
        letter = render_letter(
            tmpl, matter.facts, matter.letter_date, matter.signer, "filing", cache=cache, reuse=True
        )
        assert not letter.remembered
    assert not list((tmp_path / "cache").rglob("*.xml"))


def test_old_entries_go(library_dir, tmp_path, cache, monkeypatch):
    """Ensure the cache keeps the newest letters of a template only."""
    monkeypatch.setattr(letter_cache, "KEEP_LETTERS", 2)
    for n in range(4):
        _draft(library_dir, cache, reuse=False, facts_change={"registrant_name": f"Co {n}"})
    assert len(list((tmp_path / "cache").rglob("*.xml"))) == 2
    _, newest = _draft(library_dir, cache, reuse=True, facts_change={"registrant_name": "Co 3"})
    assert newest.remembered


def test_the_inputs_key_covers_facts_date_and_signer():
    """Ensure each of a letter's inputs changes its key, and key order does not."""
    base = inputs_key({"a": 1, "b": [1, 2]}, "2026-01-02", {"name": "A"}, "draft")
    assert base == inputs_key({"b": [1, 2], "a": 1}, "2026-01-02", {"name": "A"}, "draft")
    assert base != inputs_key({"a": 2, "b": [1, 2]}, "2026-01-02", {"name": "A"}, "draft")
    assert base != inputs_key({"a": 1, "b": [1, 2]}, "2026-01-03", {"name": "A"}, "draft")
    assert base != inputs_key({"a": 1, "b": [1, 2]}, "2026-01-02", {"name": "B"}, "draft")


def test_listing_templates_and_drawing_a_remembered_letter_need_no_jinja2(tmp_path, sample_path):
    """Ensure jinja2 loads only when a letter is really rendered: it is start-up's to spare."""
    code = (
        "import sys\n"
        "from opiniondesk.core.letter_cache import default_cache\n"
        "from opiniondesk.core.matter import load_matter\n"
        "from opiniondesk.core.templates import render_letter\n"
        f"matter = load_matter({str(sample_path)!r})\n"
        "loaded = 'jinja2' in sys.modules\n"
        "letter = render_letter(matter.template(), matter.facts, matter.letter_date,\n"
        "                       matter.signer, cache=default_cache(), reuse=True)\n"
        "print(loaded, letter.remembered, 'jinja2' in sys.modules)\n"
    )
    env = {**os.environ, "OPINIONDESK_HOME": str(tmp_path / "home")}

    def run():
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    # The first time the template is compiled as the matter loads (to find syntax errors), and
    # the letter rendered and remembered; the next time neither needs jinja2.
    assert run() == ["True", "False", "True"]
    assert run() == ["False", "True", "False"]


def test_an_edit_keeping_size_and_time_renders_anew(library_dir, cache):
    """Ensure the key is the files' contents: an edit copied back with its old size and time
    (as `rsync -t` or an unzip would leave it) is still seen."""
    _draft(library_dir, cache, reuse=True)
    path = library_dir / TEMPLATE / "letter.xml.j2"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("covers a total of", "covers a grand of"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    _, after = _draft(library_dir, cache, reuse=True)
    assert not after.remembered and "covers a grand of" in write_text(after)


def test_a_folder_reached_through_a_link_is_watched_too(library_dir, cache):
    """Ensure files in a linked folder inside a template that stays within the shared clauses
    (a department's common parts, say) are read through the link: editing one is seen."""
    elsewhere = library_dir / "_shared" / "parts"
    elsewhere.mkdir()
    (elsewhere / "extra.xml.j2").write_text("Zq", encoding="utf-8")
    (library_dir / TEMPLATE / "parts").symlink_to(elsewhere, target_is_directory=True)
    letter = library_dir / TEMPLATE / "letter.xml.j2"
    include = '{% include "' + TEMPLATE + '/parts/extra.xml.j2" %}'
    text = letter.read_text(encoding="utf-8")
    letter.write_text(text.replace("covers a total of", f"covers {include} a total of"), "utf-8")
    _, before = _draft(library_dir, cache, reuse=True)
    assert "covers Zq a total of" in write_text(before)
    (elsewhere / "extra.xml.j2").write_text("Zz", encoding="utf-8")
    _, after = _draft(library_dir, cache, reuse=True)
    assert not after.remembered and "covers Zz a total of" in write_text(after)


def test_the_sources_key_reads_nothing_outside_the_templates_folders(library_dir, tmp_path):
    """Ensure a link out of a template folder is never read for the key: what lies beyond it
    changes nothing, and only where the link points is part of the key."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "data.txt").write_text("one", encoding="utf-8")
    link = library_dir / TEMPLATE / "outside"
    link.symlink_to(elsewhere, target_is_directory=True)
    (library_dir / TEMPLATE / "file-outside").symlink_to(elsewhere / "data.txt")

    def key():
        return letter_cache.sources_key(TemplateLibrary(builtin=library_dir).get(TEMPLATE))

    first = key()
    (elsewhere / "data.txt").write_text("two", encoding="utf-8")
    (elsewhere / "more.txt").write_text("three", encoding="utf-8")
    assert key() == first
    link.unlink()
    link.symlink_to(tmp_path, target_is_directory=True)
    assert key() != first


@pytest.mark.skipif(os.name != "posix", reason="POSIX FIFOs and devices")
def test_the_sources_key_never_reads_a_fifo_or_a_device(library_dir, tmp_path):
    """Ensure a FIFO, /dev/zero or a huge file in a template folder is not read for the key."""
    folder = library_dir / TEMPLATE
    os.mkfifo(folder / "pipe")
    (folder / "zero").symlink_to("/dev/zero")
    with open(folder / "big.bin", "wb") as fh:
        fh.truncate(1 << 30)  # sparse: a gigabyte that takes no room
    code = (
        "import sys\n"
        "from opiniondesk.core.letter_cache import sources_key\n"
        "from opiniondesk.core.templates import TemplateLibrary\n"
        f"tmpl = TemplateLibrary(builtin={str(library_dir)!r}).get({TEMPLATE!r})\n"
        "print(len(sources_key(tmpl)))\n"
    )
    env = {**os.environ, "OPINIONDESK_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["32"]


@pytest.mark.parametrize(
    ("limit", "value"), [("MAX_SOURCE_FILES", 5), ("MAX_SOURCE_BYTES", 50_000)]
)
def test_a_template_folder_of_too_much_to_digest_is_not_remembered(
    library_dir, cache, monkeypatch, limit, value
):
    """Ensure a template holding more files or bytes than are digested renders, unremembered."""
    monkeypatch.setattr(letter_cache, limit, value)
    for n in range(6):
        (library_dir / TEMPLATE / f"note-{n}.txt").write_text("x" * 9_000, encoding="utf-8")
    _draft(library_dir, cache, reuse=True)
    _, again = _draft(library_dir, cache, reuse=True)
    assert not again.remembered


def test_an_oversize_entry_is_not_used(library_dir, tmp_path, cache, monkeypatch):
    """Ensure a remembered letter larger than any letter may be is ignored, not read whole."""
    _, rendered = _draft(library_dir, cache, reuse=True)
    [entry] = (tmp_path / "cache").rglob("*.xml")
    monkeypatch.setattr(letter_cache, "MAX_ENTRY_BYTES", entry.stat().st_size - 1)
    _, letter = _draft(library_dir, cache, reuse=True)
    assert not letter.remembered and letter == rendered


def test_a_syntax_error_met_at_render_names_its_place_once(library_dir, cache):
    """Ensure a template vouched for and then broken while in use reports its file and line once."""
    _draft(library_dir, cache, reuse=True)
    library = TemplateLibrary(builtin=library_dir)
    tmpl = library.get(TEMPLATE)  # vouched for: not compiled yet
    letter = library_dir / TEMPLATE / "letter.xml.j2"
    letter.write_text(letter.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    matter = load_matter(paths.sample_matter(), library)
    with pytest.raises(OpinionDeskError) as raised:
        render_letter(tmpl, matter.facts, matter.letter_date, matter.signer)
    message = str(raised.value)
    assert "syntax error" in message and message.count("letter.xml.j2") == 1


def test_an_unreadable_cache_folder_vouches_for_nothing(library_dir, cache, monkeypatch):
    """Ensure a cache folder that cannot be looked at gives a compiled template, not a traceback."""
    _draft(library_dir, cache, reuse=True)

    is_dir = Path.is_dir

    def denied(self):  # Python 3.11's is_dir raises on "permission denied"
        if cache.folder() in self.parents:
            raise PermissionError(13, "Permission denied", str(self))
        return is_dir(self)

    monkeypatch.setattr(Path, "is_dir", denied)
    tmpl = TemplateLibrary(builtin=library_dir).get(TEMPLATE)
    assert "jinja" in tmpl.__dict__  # compiled, as without a cache


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_remembered_letters_are_the_users_alone_and_forgotten_when_unused(
    library_dir, tmp_path, cache
):
    """Ensure the cache's folders and letters are kept to the user, and old letters go."""
    _draft(library_dir, cache, reuse=True)
    (entry,) = (tmp_path / "cache").rglob("*.xml")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    for folder in (tmp_path / "cache", entry.parent, entry.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    month_ago = time.time() - (letter_cache.KEEP_DAYS + 1) * 86400
    os.utime(entry, (month_ago, month_ago))
    _draft(library_dir, cache, reuse=True, facts_change={"registrant_name": "Other Co"})
    assert not entry.exists()
    assert len(list((tmp_path / "cache").rglob("*.xml"))) == 1


def test_a_spoiled_entry_that_is_a_fifo_or_too_large_is_passed_over(tmp_path):
    """Ensure an entry that is a FIFO or over the size limit is not read (no hang) and counts as none."""
    import os
    import threading

    from opiniondesk.core import letter_cache
    from opiniondesk.core.letter_cache import LetterCache
    from opiniondesk.core.templates import default_library

    cache = LetterCache(tmp_path / "cache")
    tmpl = default_library().get("abs-pass-through-certificates")
    cache.put(tmpl, "k" * 32, "<letter><body>x</body></letter>")
    assert cache.get(tmpl, "k" * 32) is not None
    entry = cache._entry(tmpl, "k" * 32)
    entry.unlink()
    os.mkfifo(entry)
    got = []
    worker = threading.Thread(target=lambda: got.append(cache.get(tmpl, "k" * 32)), daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():
        with open(entry, "wb"):
            pass
        raise AssertionError("reading a FIFO entry blocked")
    assert got == [None]
    entry.unlink()
    with open(entry, "wb") as fh:
        fh.truncate(letter_cache.MAX_ENTRY_BYTES + 1)
    assert cache.get(tmpl, "k" * 32) is None


def test_a_fifo_among_a_templates_files_does_not_block_its_digest(tmp_path):
    """Ensure a FIFO in a template folder is digested by its kind, never read (which would block)."""
    import os
    import shutil
    import threading

    from opiniondesk import paths
    from opiniondesk.core.letter_cache import sources_key
    from opiniondesk.core.templates import TemplateLibrary

    root = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), root)
    os.mkfifo(root / "abs-pass-through-certificates" / "notes.pipe")
    tmpl = TemplateLibrary(builtin=root).get("abs-pass-through-certificates")
    got = []
    worker = threading.Thread(target=lambda: got.append(sources_key(tmpl)), daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():
        with open(root / "abs-pass-through-certificates" / "notes.pipe", "wb"):
            pass
        raise AssertionError("digesting a FIFO blocked")
    assert len(got[0]) == 32
