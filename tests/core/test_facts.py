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
