"""Property tests: any JSON value for any fact type, any text in any field of any built-in template."""

import io
import json
from functools import cache

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opiniondesk import paths
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.facts import FACT_TYPES, Choice, FactSpec, coerce
from opiniondesk.core.matter import Matter, loads_matter
from opiniondesk.core.templates import default_library
from opiniondesk.writers import write_letter

SETTINGS = settings(
    deadline=None,
    database=None,  # nothing written into the checkout; a failure prints its example
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SIGNER_FIELDS = ("name", "title", "employer", "conformed")

# Every character, lone surrogates and controls included: JSON's \u escapes can carry them all.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=60)
NUMBERS = st.one_of(
    st.sampled_from(
        ["NaN", "Infinity", float("inf"), float("nan"), -1000, 0.001, "1" * 28, 10**30, 1e300]
    ),
    st.integers(),
    st.integers(min_value=-(10**60), max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(
        r"-?\$?[0-9,]{0,30}(\.[0-9]{0,6})?( (million|billion|trillion))?", fullmatch=True
    ),
)
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBERS, ANY_TEXT),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(ANY_TEXT, inner, max_size=4)
    ),
    max_leaves=12,
)

SPECS = [
    FactSpec(f"{t}_fact", f"{t.capitalize()} fact", t)
    for t in FACT_TYPES
    if t not in ("choice", "list")
] + [
    FactSpec("choice_fact", "Choice fact", "choice", choices=(Choice("a", "A"), Choice("b", "B"))),
    FactSpec(
        "list_fact",
        "List fact",
        "list",
        fields=tuple(
            FactSpec(f"{t}_field", f"{t} field", t, required=False)
            for t in ("text", "money", "number", "date", "yesno")
        ),
    ),
]


@SETTINGS
@given(spec=st.sampled_from(SPECS), value=JSON_VALUES)
def test_any_json_value_for_any_fact_type_is_accepted_or_refused_never_raised(spec, value):
    """Ensure coerce takes any JSON value for any fact type: a value, or problems in words."""
    got, problems = coerce(spec, value)
    assert isinstance(problems, list) and all(isinstance(p, str) and p for p in problems)
    if problems:
        assert got is None
        assert all(len(p) < 400 for p in problems), problems


@cache
def _samples() -> dict[str, str]:
    """Return each built-in template's sample matter text, by template id."""
    out = {}
    for path in sorted(paths.resource("samples").glob("*.opinion")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.setdefault(data["template"]["id"], path.read_text(encoding="utf-8"))
    return out


@cache
def _fields() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Return every field of every built-in template, by type: (template id, place of the field)."""
    library = default_library()
    found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for tmpl in library.templates():
        if tmpl.id not in _samples():
            continue
        for spec in tmpl.schema.facts:
            found.setdefault(spec.type, []).append((tmpl.id, ("fact", spec.id)))
            for sub in spec.fields:
                found.setdefault(sub.type, []).append((tmpl.id, ("item", spec.id, sub.id)))
        found.setdefault("text", []).extend((tmpl.id, ("signer", key)) for key in SIGNER_FIELDS)
        found.setdefault("date", []).append((tmpl.id, ("letter_date",)))
    return found


# A type first, then a field of it: money and number fields are few, and must be drawn often.
FIELDS = st.sampled_from(sorted(_fields())).flatmap(lambda t: st.sampled_from(_fields()[t]))


def test_every_built_in_template_has_a_sample_and_fields():
    """Ensure the property test below covers every built-in template."""
    builtin = {t.id for t in default_library().templates()}
    assert builtin == set(_samples())
    assert {tid for fields in _fields().values() for tid, _ in fields} == builtin
    assert set(_fields()) == set(FACT_TYPES)


def _matter_with(template_id: str, place: tuple[str, ...], value) -> Matter:
    matter = loads_matter(_samples()[template_id])
    kind = place[0]
    if kind == "fact":
        matter.facts[place[1]] = value
    elif kind == "item":
        items = matter.facts.get(place[1])
        items = [dict(i) for i in items] if isinstance(items, list) and items else [{}]
        items[0][place[2]] = value
        matter.facts[place[1]] = items
    elif kind == "signer":
        matter.signer[place[1]] = value
    else:
        matter.letter_date = value
    return matter


def _names(place: tuple[str, ...], problems: list) -> bool:
    """Return whether the problems name the field they are about."""
    kind = place[0]
    if kind in ("fact", "item"):
        return all(f"fact '{place[1]}'" in p.where for p in problems)
    if kind == "signer":
        return all(place[1] in p.where for p in problems)
    return all("letter date" in p.where for p in problems)


def _render_and_reopen(template_id: str, place: tuple[str, ...], value) -> None:
    matter = _matter_with(template_id, place, value)
    try:
        letter = matter.render("draft")
    except OpinionDeskError as exc:
        assert _names(place, exc.problems), exc.problems
        return
    data = write_letter(letter, "docx")
    reopened = docx.Document(io.BytesIO(data))
    assert reopened.paragraphs


@SETTINGS
@given(field=FIELDS, text=ANY_TEXT)
def test_any_text_in_any_field_of_any_template_is_refused_by_name_or_renders_a_docx(field, text):
    """Ensure any text typed in any field either is refused naming that field or renders a DOCX python-docx reopens."""
    _render_and_reopen(*field, text)


@SETTINGS
@given(field=FIELDS, value=st.one_of(NUMBERS, JSON_VALUES))
def test_any_json_value_in_any_field_is_refused_by_name_or_renders_a_docx(field, value):
    """Ensure any JSON value in any fact or field is refused naming it or renders a DOCX python-docx reopens."""
    _render_and_reopen(*field, value)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1" * 28, "9" * 5000])
def test_a_matter_file_holding_any_bad_number_is_refused_by_name(value):
    """Ensure bare NaN, Infinity and huge numbers in any fact of a matter file name that fact."""
    for template_id, text in _samples().items():
        data = json.loads(text)
        fid = next(iter(data["facts"]))
        data["facts"][fid] = "PLACEHOLDER"
        raw = json.dumps(data).replace('"PLACEHOLDER"', value)
        with pytest.raises(OpinionDeskError) as info:
            loads_matter(raw, "m.opinion").render("draft")
        assert all(f"fact '{fid}'" in p.where for p in info.value.problems), template_id
