"""The sandbox's limits: a runaway template stops with its own error, file and line."""

import pytest

from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.letter_cache import LetterCache
from opiniondesk.core.sandbox import Limits
from opiniondesk.core.templates import TemplateLibrary, render_letter
from template_folders import make_template

SMALL = Limits(
    seconds=0.5,
    letter_chars=2_000,
    produced_chars=8_000,
    value_size=1_000,
    loop_items=500,
    range_items=100,
    int_bits=300,
)


def _letter(body):
    return "<letter>\n<body>\n" + body + "\n</body>\n</letter>\n"


def _render(tmp_path, body, limits=SMALL, cache=None):
    root = tmp_path / "dept"
    make_template(root, "t", letter=_letter(body))
    tmpl = TemplateLibrary([root]).get("t")
    return render_letter(tmpl, {}, "2026-12-01", {}, "draft", cache=cache, limits=limits)


RUNAWAY = {
    "range": ("{% for i in range(101) %}{% endfor %}", "range"),
    "nested loops": (
        "{% for i in range(100) %}{% for j in range(100) %}{% endfor %}{% endfor %}",
        "loops ran",
    ),
    "loop over a list": (
        "{% for i in range(100) %}{% for j in [1, 2, 3, 4, 5, 6, 7, 8] %}{% endfor %}{% endfor %}",
        "loops ran",
    ),
    "text repeated": ("{{ 'a' * 1001 }}", "characters long"),
    "list repeated": ("{{ ([1] * 1001)|length }}", "items"),
    "text doubled": ("{% set s = 'a' * 600 %}{{ (s + s)|length }}", "characters long"),
    "text joined": ("{% set s = 'a' * 600 %}{{ s ~ s }}", "characters long"),
    "power": ("{{ 10 ** (10 ** 8) }}", "digits"),
    "product": ("{% set n = 10 ** 80 %}{{ n * n }}", "digits"),
    "str method": ("{{ 'a'.ljust(1001) }}", "characters long"),
    "format width": ("{{ '{:>1001}'.format(1) }}", "characters long"),
    "percent width": ("{{ '%1001d' % 1 }}", "characters long"),
    "format filter width": ("{{ '%*d'|format(1001, 1) }}", "width"),
    "center filter": ("{{ 'a'|center(1001) }}", "characters long"),
    "join filter": ("{{ range(50)|join('x' * 30) }}", "characters long"),
    "batch filter": ("{{ [1]|batch(1001, 0)|list|length }}", "items"),
    "join_and filter": ("{{ range(50)|join_and(sep='x' * 30) }}", "characters long"),
    "tojson indent": ("{{ range(50)|list|tojson(indent=30) }}", "characters long"),
    "translate": ("{{ ('a' * 50).translate({97: 'b' * 30}) }}", "characters long"),
    "to_bytes": ("{{ (1).to_bytes(1001, 'big')|length }}", "characters long"),
    "sum of lists": ("{{ [[1], [2]]|sum(start=[]) }}", "numbers only"),
    "shared nesting": (
        "{% set ns = namespace(l=[1]) %}{% for i in range(40) %}"
        "{% set ns.l = [ns.l, ns.l] %}{% endfor %}{{ ns.l == [] }}",
        "items",
    ),
    "letter size": ("{% for i in range(100) %}twenty-five characters{% endfor %}", "longer than"),
    "output inside a macro": (
        "{% macro m() %}{% for i in range(100) %}{{ 'x' * 90 }}{% endfor %}{% endmacro %}"
        "{% set s = m() %}",
        "produced more than",
    ),
    "time": (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
        "seconds",
    ),
}


@pytest.mark.parametrize("case", RUNAWAY)
def test_a_runaway_template_is_stopped_with_its_file_and_line(tmp_path, case):
    """Ensure each kind of runaway template stops with an error naming its file and line."""
    body, phrase = RUNAWAY[case]
    with pytest.raises(OpinionDeskError) as raised:
        _render(tmp_path, body)
    [problem] = raised.value.problems
    assert phrase in problem.message, problem
    assert problem.where == f"{tmp_path / 'dept' / 't' / 'letter.xml.j2'}, line 3", problem


def test_lipsum_is_not_offered(tmp_path):
    """Ensure jinja2's lorem-ipsum generator (unbounded paragraphs) is not there to call."""
    with pytest.raises(OpinionDeskError) as raised:
        _render(tmp_path, "{{ lipsum(1000) }}")
    assert "lipsum" in str(raised.value)


def test_templates_within_the_limits_render_as_before(tmp_path):
    """Ensure loops, ranges, repetition, powers and joins inside the limits still work."""
    body = (
        "{% for i in range(3) %}{{ loop.index }}{{ ',' if not loop.last else '' }}{% endfor %} "
        "{{ '-' * 3 }} {{ 2 ** 10 }} {{ [1, 2] * 2 }} {{ 'a' ~ 'b' }} {{ '%03d' % 7 }} "
        "{{ '{:>4}'.format('x') }} {{ ['x', 'y']|join('+') }} {{ 'a'|center(5) }}"
        "{% for a, b in [(1, 2)] %} {{ a + b }}{% endfor %}"
    )
    [block] = _render(tmp_path, body).blocks
    assert block.text == "1,2,3 --- 1,024 [1, 2, 1, 2] ab 007 x x+y a 3"


def test_the_cache_never_keeps_a_runaway_letter(tmp_path):
    """Ensure output stopped by a limit is never remembered in the letter cache."""
    cache = LetterCache(tmp_path / "cache")
    with pytest.raises(OpinionDeskError):
        _render(tmp_path, RUNAWAY["letter size"][0], cache=cache)
    assert not list((tmp_path / "cache").rglob("*.xml"))
