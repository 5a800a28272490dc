"""Fault script: hostile department templates through the command line, each stopped at once.

Each case is a template a department folder might hold, by accident or by malice. Listing the
templates must finish and show every one; rendering a matter that uses one must exit 2 with one
line naming its file (and line), write nothing, stay small in memory and finish in seconds. The
commands run in child processes with a timeout and a cap on address space, so a template that is
not stopped fails its test instead of hanging the suite or the machine.
"""

import os
import sys

import pytest

if os.name != "posix":  # pragma: no cover - FIFOs, links and rlimits
    pytest.skip("POSIX only", allow_module_level=True)

import resource
import subprocess

from template_folders import make_matter, make_template

TIMEOUT = 60  # seconds a child may take before the case counts as hung
PEAK_MB = 400  # a child's resident memory at most (a normal render needs about a quarter)
ADDRESS_SPACE = 3 << 30  # a runaway allocation fails here rather than taking the machine down

CHILD = (
    "import resource, sys\n"
    "from opiniondesk.__main__ import main\n"
    "code = main(sys.argv[1:])\n"
    "print('peak-kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _letter(body):
    return "<letter>\n<body>\n" + body + "\n</body>\n</letter>\n"


def _link_to_root(folder):
    (folder.parent / "rootlink").symlink_to("/", target_is_directory=True)


def _fifo(folder):
    os.mkfifo(folder / "pipe")


def _dev_zero(folder):
    (folder / "zero").symlink_to("/dev/zero")


# id: (letter or None, schema or None, set-up or None, phrase, where: "line" (letter.xml.j2,
# line 3), "letter" (letter.xml.j2) or "schema" (template.toml))
CASES = {
    "power-compiled": (_letter("{{ 10 ** (10 ** 8) }}"), None, None, "digits", "line"),
    "nested-ranges": (
        _letter("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"),
        None,
        None,
        "range",
        "line",
    ),
    "nested-loops": (
        _letter("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"),
        None,
        None,
        "loops ran",
        "line",
    ),
    "text-repeated": (_letter("{{ 'a' * 10 ** 9 }}"), None, None, "characters long", "line"),
    "list-repeated": (_letter("{{ ([1] * 10 ** 9)|length }}"), None, None, "items", "line"),
    "centered": (_letter("{{ 'a'|center(10 ** 9) }}"), None, None, "characters long", "line"),
    "huge-letter": (
        _letter(
            "{% for i in range(10000) %}{% for j in range(100) %}"
            + "two hundred characters of letter text. " * 5
            + "{% endfor %}{% endfor %}"
        ),
        None,
        None,
        "longer than",
        "line",
    ),
    "shared-nesting": (
        _letter(
            "{% set ns = namespace(l=[1]) %}{% for i in range(100) %}"
            "{% set ns.l = [ns.l, ns.l] %}{% endfor %}{{ ns.l }}"
        ),
        None,
        None,
        "items",
        "line",
    ),
    "exponential-recursion": (
        _letter(
            "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
            "{{ f(60) }}"
        ),
        None,
        None,
        "seconds",
        "line",
    ),
    "include-link-to-root": (
        _letter('{% include "rootlink/etc/hostname" %}'),
        None,
        _link_to_root,
        "outside",
        "line",
    ),
    "include-fifo": (
        _letter('{% include "include-fifo/pipe" %}'),
        None,
        _fifo,
        "not a regular file",
        "line",
    ),
    "include-dev-zero": (
        _letter('{% include "include-dev-zero/zero" %}'),
        None,
        _dev_zero,
        "outside",
        "line",
    ),
    "oversize-letter": (
        _letter("Words of a letter. " * 120_000),
        None,
        None,
        "larger than",
        "letter",
    ),
    "not-utf8": (b"<letter>\n<body>\nCaf\xe9</body>\n</letter>\n", None, None, "UTF-8", "letter"),
    "nested-schema": (None, "a = " + "[" * 50_000 + "]" * 50_000 + "\n", None, "nested", "schema"),
}


@pytest.fixture(scope="module")
def department(tmp_path_factory):
    """Return a department folder holding every hostile template, and a matter for each."""
    base = tmp_path_factory.mktemp("hostile")
    root = base / "dept"
    for tid, (letter, schema, setup, _, _) in CASES.items():
        folder = make_template(root, tid, letter=letter, schema=schema)
        if setup:
            setup(folder)
        make_matter(base / f"{tid}.opinion", tid)
    return root


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _run(args, home, root):
    env = {**os.environ, "OPINIONDESK_HOME": str(home), "OPINIONDESK_TEMPLATE_PATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        preexec_fn=_limit_memory,
    )
    lines = result.stderr.splitlines()
    peak = [int(line.split()[1]) for line in lines if line.startswith("peak-kb ")]
    assert peak, result.stderr  # the child finished the command rather than being killed
    assert peak[0] < PEAK_MB * 1024, f"{peak[0] // 1024} MB"
    return result.returncode, result.stdout, [line for line in lines if line.strip()][:-1]


def test_listing_hostile_templates_finishes_and_shows_each(department, tmp_path):
    """Ensure `templates` lists every hostile template (broken ones with their error) at once."""
    code, out, err = _run(["templates"], tmp_path / "home", department)
    assert code == 0, err
    listed = {line.split("\t")[0]: line for line in out.splitlines()}
    for tid, (_, _, _, phrase, where) in CASES.items():
        assert tid in listed, tid
        if where != "line":  # broken as it loads: the list says why
            assert "BROKEN" in listed[tid] and phrase in listed[tid], listed[tid]
    assert "s8-employee-plans" in listed


@pytest.mark.parametrize("tid", CASES)
def test_rendering_a_hostile_template_stops_with_its_error(department, tmp_path, tid):
    """Ensure rendering with a hostile template exits 2 at once with one line naming its file."""
    _, _, _, phrase, where = CASES[tid]
    matter = department.parent / f"{tid}.opinion"
    out = tmp_path / "out.txt"
    code, _, err = _run(
        ["render", matter, "-o", out, "--format", "txt"], tmp_path / "home", department
    )
    assert code == 2, err
    [line] = err
    assert line.startswith("opiniondesk: ") and phrase in line, line
    folder = department / tid
    expected = {
        "line": f"{folder / 'letter.xml.j2'}, line 3",
        "letter": str(folder / "letter.xml.j2"),
        "schema": str(folder / "template.toml"),
    }[where]
    assert expected in line, line
    assert not out.exists()
