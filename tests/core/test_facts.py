"""Fact values: typed validation, cleaning and the formats templates ask for."""

import datetime as dt
from decimal import Decimal

import pytest

from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.facts import (
    FactSpec,
    clean_text,
    coerce,
    format_date,
    format_money,
    format_number,
    number_words,
    parse_money,
    schema_from_toml,
)


def test_formats():
    """Ensure dates, amounts and numbers format as a letter writes them."""
    assert format_date(dt.date(2001, 10, 23)) == "October 23, 2001"
    assert format_money(Decimal(1_000_000_000), "short") == "$1 billion"
    assert format_money(Decimal(1_000_000_000)) == "$1,000,000,000"
    assert format_money(Decimal(2_500_000), "short") == "$2.5 million"
    assert format_money(Decimal("1234.5")) == "$1,234.50"
    assert format_number(8_250_000) == "8,250,000"
    assert number_words(8_250_000) == "eight million two hundred fifty thousand"
    assert format_money(Decimal(3), "words") == "three dollars"


def test_dates_are_written_in_english_whatever_the_locale(german_time_locale):
    """Ensure a date is written with English month names under a German user's locale."""
    day = dt.date(2025, 3, 3)
    assert format_date(day) == "March 3, 2025"
    assert format_date(day, "day") == "3 March 2025"
    assert format_date(day, "month") == "March 2025"


@pytest.mark.parametrize(
    "typed", ["1000000000", "$1,000,000,000", "$1 billion", "1 billion", 1000000000]
)
def test_money_parsing(typed):
    """Ensure the ways counsel type an amount all read as the same amount."""
    assert parse_money(typed) == Decimal(1_000_000_000)


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x0c", "\x1f", "\ufffe"])
def test_control_characters_rejected(char):
    """Ensure characters a DOCX cannot hold are refused with a reason."""
    _, problem = clean_text(f"A{char}B", multiline=True)
    assert problem and "control character" in problem


def test_multiline_and_single_line():
    """Ensure line ends are normalised and a single-line fact refuses a newline."""
    assert clean_text("a\r\nb", True) == ("a\nb", None)
    assert clean_text("a\nb", False)[1] == "must be a single line"


@pytest.mark.parametrize(
    ("spec", "value", "problem"),
    [
        (FactSpec("d", "D", "date"), "23/10/2001", "is not a date"),
        (FactSpec("n", "N", "number"), "1.5", "is not a whole number"),
        (FactSpec("n", "N", "number"), "-3", "cannot be negative"),
        (FactSpec("m", "M", "money"), "lots", "is not an amount"),
        (FactSpec("y", "Y", "yesno"), "yes", "must be true or false"),
        (FactSpec("t", "T", "text"), 5, "must be text"),
    ],
)
def test_coerce_rejects(spec, value, problem):
    """Ensure a badly typed value is refused with a reason."""
    _, errors = coerce(spec, value)
    assert errors and problem in errors[0]


def test_schema_errors_are_named():
    """Ensure a broken schema names the fact and what is wrong with it."""
    with pytest.raises(OpinionDeskError) as info:
        schema_from_toml({"fact": [{"id": "x", "type": "colour"}, {"id": "Bad Id"}]}, "t.toml")
    text = str(info.value)
    assert "unknown fact type 'colour'" in text and "'Bad Id'" in text and "t.toml" in text


MONEY = FactSpec("m", "M", "money")
NUMBER = FactSpec("n", "N", "number")


@pytest.mark.parametrize(
    "value, problem",
    [
        (-1000, "cannot be negative"),
        (-1000.0, "cannot be negative"),
        ("-1000", "cannot be negative"),
        (0.001, "more than two decimal places"),
        ("0.001", "more than two decimal places"),
        (Decimal("0.001"), "more than two decimal places"),
    ],
)
def test_money_is_validated_the_same_whatever_its_json_type(value, problem):
    """Ensure a money value given as a JSON number meets the checks the same value typed as text meets."""
    got, problems = coerce(MONEY, value)
    assert got is None
    assert problems and problem in problems[0]


@pytest.mark.parametrize(
    "value, problem",
    [
        (-3, "cannot be negative"),
        (-3.0, "cannot be negative"),
        (1.5, "is not a whole number"),
        ("2.5", "is not a whole number"),
        (True, "must be a whole number"),
    ],
)
def test_share_counts_are_validated_the_same_whatever_their_json_type(value, problem):
    """Ensure negative and fractional share counts are refused as numbers and as text."""
    got, problems = coerce(NUMBER, value)
    assert got is None
    assert problems and problem in problems[0]


HUGE = [
    "1" * 27,
    "1" * 28,
    int("1" * 28),
    "9" * 5000,
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "sNaN",
    float("nan"),
    float("inf"),
    Decimal("Infinity"),
    Decimal("NaN"),
    "1e999999999",
    "1e-999999999",
    10**5000,
    1e300,
]


@pytest.mark.parametrize("value", HUGE, ids=[f"{type(v).__name__}{i}" for i, v in enumerate(HUGE)])
@pytest.mark.parametrize("spec", [MONEY, NUMBER], ids=["money", "number"])
def test_huge_and_not_finite_numbers_are_refused_by_name(spec, value):
    """Ensure 27-digit, 5,000-digit, NaN and Infinity values are refused with a short message, never raised."""
    got, problems = coerce(spec, value)
    assert got is None and problems
    assert all(len(p) < 200 for p in problems), problems  # the value is not echoed whole


def test_money_and_counts_within_the_limit_are_accepted():
    """Ensure the largest amount and count within the limits are still accepted."""
    from opiniondesk.core.limits import MAX_WHOLE_DIGITS

    assert coerce(MONEY, "9" * MAX_WHOLE_DIGITS + ".99") == (
        Decimal("9" * MAX_WHOLE_DIGITS + ".99"),
        [],
    )
    assert coerce(NUMBER, int("9" * MAX_WHOLE_DIGITS)) == (int("9" * MAX_WHOLE_DIGITS), [])
    assert coerce(MONEY, "9" * (MAX_WHOLE_DIGITS + 1))[1]
    assert coerce(NUMBER, 10**MAX_WHOLE_DIGITS)[1]
    assert coerce(MONEY, "-0") == (Decimal(0), [])


def test_over_long_text_is_refused_by_name():
    """Ensure a fact longer than the text limit is refused, and one at the limit accepted."""
    from opiniondesk.core.limits import MAX_FACT_CHARS

    for ftype in ("text", "multiline"):
        spec = FactSpec("t", "T", ftype)
        assert coerce(spec, "a" * MAX_FACT_CHARS) == ("a" * MAX_FACT_CHARS, [])
        got, problems = coerce(spec, "a" * (MAX_FACT_CHARS + 1))
        assert got is None
        assert problems and f"{MAX_FACT_CHARS:,}" in problems[0]


def test_over_long_list_is_refused_once():
    """Ensure a list with more items than the limit is refused in one problem, not one per item."""
    from opiniondesk.core.limits import MAX_LIST_ITEMS

    spec = FactSpec("l", "L", "list", fields=(FactSpec("who", "Who"),))
    got, problems = coerce(spec, [{"who": "x"}] * (MAX_LIST_ITEMS + 1))
    assert got is None and len(problems) == 1
    assert coerce(spec, [{"who": "x"}] * MAX_LIST_ITEMS)[1] == []


def test_a_bad_value_is_shown_shortened_in_its_problem():
    """Ensure a long bad value is quoted only in part, so the one line stays readable."""
    spec = FactSpec("d", "D", "date")
    _, problems = coerce(spec, "x" * 10_000)
    assert problems and len(problems[0]) < 200


def test_build_context_names_the_fact_of_an_infinite_amount(tmp_path):
    """Ensure a render of a matter with an Infinity amount raises OpinionDeskError naming the fact."""
    from opiniondesk import paths
    from opiniondesk.core.matter import load_matter

    matter = load_matter(paths.sample_matter())
    matter.facts["aggregate_amount"] = float("inf")
    with pytest.raises(OpinionDeskError) as info:
        matter.render("filing")
    assert "aggregate_amount" in str(info.value)


@pytest.mark.parametrize("min_items", ["two", -1, 10**9, 1.5])
def test_bad_min_items_is_the_schemas_own_problem(min_items):
    """Ensure a min_items that is no sensible count is reported as a schema problem, not raised."""
    table = {"fact": [{"id": "l", "type": "list", "fields": [{"id": "x"}], "min_items": min_items}]}
    with pytest.raises(OpinionDeskError) as info:
        schema_from_toml(table, "t.toml")
    assert "min_items" in str(info.value)
