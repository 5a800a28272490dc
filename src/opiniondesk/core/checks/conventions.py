"""The few conventional fact ids the checks read, when a template has them; the text does the rest.

Department templates name their facts as they like, so the checks read the rendered letter first.
Where a template uses one of these ids (the first one present with a value wins), the checks also
compare the letter with it; where none is present, the check falls back to the letter text alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

# concept -> fact ids, most usual first
FACT_IDS: dict[str, tuple[str, ...]] = {
    "registrant_name": ("registrant_name", "issuer_name", "company_name", "registrant"),
    "registrant_short_name": (
        "registrant_short_name",
        "registrant_term",
        "company_short_name",
        "issuer_short_name",
        "short_name",
    ),
    "registrant_jurisdiction": (
        "registrant_jurisdiction",
        "state_of_incorporation",
        "incorporation_state",
        "jurisdiction_of_incorporation",
        "issuer_jurisdiction",
        "jurisdiction",
    ),
    "registrant_entity": ("registrant_entity", "entity_type", "registrant_type", "entity_kind"),
    "form": ("form", "registration_form", "form_type"),
    "file_number": (
        "file_number",
        "registration_number",
        "sec_file_number",
        "registration_file_number",
    ),
    # a list of securities; each item names its class by one of SECURITY_NAME_FIELDS
    "securities": (
        "securities",
        "offered_securities",
        "security_classes",
        "classes",
        "registered_securities",
    ),
    # one class, named by a scalar fact
    "security_term": (
        "security_term",
        "securities_term",
        "shares_term",
        "notes_term",
        "security_class",
    ),
    "delayed_shelf": ("delayed_shelf", "rule_415_delayed", "shelf", "is_shelf"),
    "takedown": ("takedown", "is_takedown"),
    "resale": ("resale", "is_resale", "outstanding_shares", "secondary_offering"),
    "local_counsel": (
        "local_counsel",
        "local_counsel_name",
        "local_counsel_firm",
        "local_counsel_exhibit",
    ),
    "prospectus_caption": (
        "prospectus_caption",
        "legal_matters_caption",
        "caption_heading",
        "caption",
    ),
    "effective_date": ("effective_date", "expected_effective_date", "effectiveness_date"),
    "governing_law": (
        "governing_law_state",
        "governing_law",
        "indenture_governing_law",
        "instrument_governing_law",
    ),
    # counsel who cover the governing law when this letter gives a local-law-only opinion
    "governing_law_counsel": (
        "governing_law_counsel",
        "new_york_counsel",
        "us_counsel",
        "governing_law_counsel_name",
    ),
    "governing_law_counsel_exhibit": ("governing_law_counsel_exhibit",),
    "base_prospectus_date": ("base_prospectus_date", "prospectus_date"),
    "prospectus_supplement_date": ("prospectus_supplement_date", "supplement_date"),
    "agreement_date": (
        "underwriting_agreement_date",
        "distribution_agreement_date",
        "purchase_agreement_date",
        "terms_agreement_date",
    ),
}
SECURITY_NAME_FIELDS = (
    "term",
    "defined_term",
    "name",
    "title",
    "class",
    "class_name",
    "description",
)
SECURITY_KIND_FIELDS = ("kind", "type", "security_type", "category")
SECURITY_AMOUNT_FIELDS = (
    "amount",
    "number",
    "shares",
    "principal_amount",
    "aggregate_amount",
    "count",
)
SECURITY_UNDERLYING_FIELDS = (
    "underlying",
    "underlying_term",
    "underlying_securities",
    "issuable_upon",
    "exercisable_for",
    "convertible_into",
    "unit_components",
    "components",
)
SECURITY_STATUS_FIELDS = ("outstanding", "resale", "status")


def _present(value: Any) -> bool:
    return value not in (None, "", [], {})


def fact(facts: dict[str, Any], concept: str) -> Any:
    """Return the value of the first conventional fact of a concept that has one, else None."""
    for fid in FACT_IDS[concept]:
        value = facts.get(fid)
        if _present(value):
            return value
    return None


def fact_id(facts: dict[str, Any], concept: str) -> str | None:
    """Return which conventional fact id of a concept holds a value, else None."""
    for fid in FACT_IDS[concept]:
        if _present(facts.get(fid)):
            return fid
    return None


def text_fact(facts: dict[str, Any], concept: str) -> str | None:
    """Return a concept's value as stripped text, or None when absent or not text."""
    value = fact(facts, concept)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def flag_fact(facts: dict[str, Any], concept: str) -> bool | None:
    """Return a yes/no concept as True or False, or None when the template has no such fact."""
    for fid in FACT_IDS[concept]:
        if fid not in facts or facts[fid] in (None, ""):
            continue
        value = facts[fid]
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            low = value.strip().lower()
            if low in ("yes", "true", "y", "1", "on"):
                return True
            if low in ("no", "false", "n", "0", "off", "none"):
                return False
            return True  # a name (e.g. of local counsel) counts as yes
        if isinstance(value, list | dict):
            return bool(value)
        return bool(value)
    return None


def date_fact(facts: dict[str, Any], concept: str) -> dt.date | None:
    """Return a date concept as a date, or None when absent or not written YYYY-MM-DD."""
    return as_date(fact(facts, concept))


def as_date(value: Any) -> dt.date | None:
    """Return a fact's value as a date, or None when absent or not written YYYY-MM-DD."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def first_field(item: dict[str, Any], fields: tuple[str, ...]) -> Any:
    """Return the first of a list item's fields that has a value, else None."""
    for name in fields:
        value = item.get(name)
        if _present(value):
            return value
    return None
