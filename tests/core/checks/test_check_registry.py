"""The rule registry: every rule id of opinion-rules.md has its own module, source and test."""

import re
from pathlib import Path

from opiniondesk.core.checks import RULES, run_checks
from opiniondesk.core.checks.places import places
from opiniondesk.core.checks.rules import MODULES

RULE_IDS = (
    "X5-COV-01 X5-EQ-01 X5-EQ-02 X5-DEBT-01 X5-DEBT-02 X5-GTY-01 X5-JUR-01 X5-JUR-02 X5-JUR-03 X5-ADM-01 "
    "X5-ASM-01 X5-ASM-02 X5-ASM-03 X5-QUAL-01 X5-QUAL-02 X5-QUAL-03 X5-FIL-01 X5-SIG-01 X5-CON-01 X5-CON-02 "
    "X5-ID-01 X5-ID-02 X5-NUM-01 X5-DATE-01 X5-ADR-01 X5-INH-01 X5-INH-02 X5-FOR-01 X5-ABS-01 X5-ABS-02 "
    "X5-TB-01"
).split()
CUSTOMARY = {
    "X5-ASM-03",
    "X5-QUAL-01",
    "X5-ID-01",
    "X5-ADR-01",
    "X5-INH-01",
    "X5-ABS-01",
    "X5-TB-01",
    "X5-JUR-03",
}


def module_for(rule_id: str) -> str:
    return rule_id.lower().replace("-", "_")


def test_every_rule_is_registered_once_in_its_own_module():
    """Ensure each rule id of opinion-rules.md is registered, in order, by a module named after it."""
    assert list(RULES) == RULE_IDS
    assert [m.__name__.rsplit(".", 1)[1] for m in MODULES] == [module_for(r) for r in RULE_IDS]
    for rule_id, rule in RULES.items():
        assert rule.check.__module__.endswith(module_for(rule_id))
        assert rule.source and rule.title


def test_customary_rules_never_report_errors():
    """Ensure the "basis: customary" rules are the customary ones and word any error as a warning."""
    assert {r.id for r in RULES.values() if r.customary} == CUSTOMARY
    rule = RULES["X5-TB-01"]
    assert rule.finding("error", 1, "m", "f").severity == "warning"
    assert RULES["X5-QUAL-02"].finding("error", 1, "m", "f").severity == "error"


def test_every_rule_has_a_test_naming_it():
    """Ensure every rule id has tests in this folder that both find and keep it."""
    here = Path(__file__).parent
    source = "\n".join(
        p.read_text(encoding="utf-8")
        for p in here.glob("test_check_*.py")
        if p.name != Path(__file__).name
    )
    for rule_id in RULE_IDS:
        short = rule_id.removeprefix("X5-").lower().replace("-", "")
        tests = re.findall(rf"def test_({short}_\w+)", source)
        assert any("kept" in t for t in tests), f"no keeping test for {rule_id}"
        assert any("finds" in t or "notes" in t for t in tests), f"no breaking test for {rule_id}"


def test_findings_carry_rule_severity_paragraph_fix_and_source():
    """Ensure a finding's JSON names its rule, severity, block, the paragraph a reader counts, fix and source."""
    from check_letters import EQUITY, EQUITY_FACTS, build, variant

    markup = variant(
        EQUITY, ("<closing>", "<body>This opinion is solely for your benefit.</body> <closing>")
    )
    matter, letter = build(markup, EQUITY_FACTS)
    (f,) = [f for f in run_checks(matter, letter) if f.rule_id == "X5-QUAL-02"]
    assert f.text.startswith("X5-QUAL-02: this paragraph limits reliance")
    assert f.block == 11  # exhibit, date, address and salutation come before the text
    assert f.to_json() == {
        "rule_id": "X5-QUAL-02",
        "severity": "error",
        "block": 11,
        "paragraph": 8,
        "where": "paragraph 8",
        "opening": "This opinion is solely for your benefit.",
        "message": f.message,
        "fix": "delete the reliance limitation",
        "source": "SLB 19 (limitations on reliance); ABA 2013 II.A",
    }


def test_paragraphs_are_numbered_as_a_reader_counts_them():
    """Ensure "paragraph N" counts the body and opinion paragraphs, an opinion carries its own number,
    and the parts around the text are named (issue 18.9)."""
    from check_letters import EQUITY, EQUITY_FACTS, build, variant

    markup = variant(
        EQUITY, ("fully paid and non-assessable.</opinion>", "non-assessable.</opinion>")
    )
    matter, letter = build(markup, EQUITY_FACTS, letter_date=None)
    findings = run_checks(matter, letter)
    (eq,) = [f for f in findings if f.rule_id == "X5-EQ-01"]
    assert (eq.paragraph, eq.where) == (5, "paragraph 5 (opinion 2)")
    assert eq.opening.startswith("The Shares have been duly authorized")
    assert "paragraph" not in eq.message  # the message does not repeat where it stands
    places_ = places(letter)
    assert [places_[b.index].label for b in letter.blocks[:5]] == [
        "the exhibit heading",
        "the date line",
        "the address",
        "the salutation",
        "paragraph 1",
    ]
    assert places_[len(letter.blocks) - 2].label == "the signature"


def test_run_checks_orders_errors_first():
    """Ensure findings come errors first, then warnings, then notes."""
    from check_letters import EQUITY, EQUITY_FACTS, build, variant

    markup = variant(
        EQUITY,
        ("<closing>", "<body>This opinion is solely for your benefit.</body> <closing>"),
        ("the General Corporation Law of the State of Delaware", "Delaware corporate law"),
    )
    matter, letter = build(markup, EQUITY_FACTS)
    severities = [f.severity for f in run_checks(matter, letter)]
    assert severities[0] == "error" and "warning" in severities
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_every_rule_is_listed_in_the_docs():
    """Ensure docs/checks.md lists every registered rule with its source in the rule's own table row."""
    docs = (Path(__file__).resolve().parents[3] / "docs" / "checks.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip().rstrip(" *"): line
        for line in docs.splitlines()
        if line.startswith("| X5-")
    }
    assert sorted(rows) == sorted(RULES)
