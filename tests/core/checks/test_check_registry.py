"""The rule registry: every rule id of opinion-rules.md has its own module, source and test."""

import re
from pathlib import Path

from opiniondesk.core.checks import RULES, Finding, run_checks
from opiniondesk.core.checks.rules import MODULES

RULE_IDS = (
    "X5-COV-01 X5-EQ-01 X5-EQ-02 X5-DEBT-01 X5-DEBT-02 X5-JUR-01 X5-JUR-02 X5-ADM-01 X5-ASM-01 X5-ASM-02 "
    "X5-ASM-03 X5-QUAL-01 X5-QUAL-02 X5-QUAL-03 X5-FIL-01 X5-SIG-01 X5-CON-01 X5-CON-02 X5-ID-01 X5-ID-02 "
    "X5-ADR-01 X5-INH-01 X5-FOR-01 X5-ABS-01 X5-TB-01"
).split()
CUSTOMARY = {
    "X5-ASM-03",
    "X5-QUAL-01",
    "X5-ID-01",
    "X5-ADR-01",
    "X5-INH-01",
    "X5-ABS-01",
    "X5-TB-01",
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
    """Ensure a finding's JSON names its rule, severity, block and 1-based paragraph, fix and source."""
    f = Finding("X5-QUAL-02", "error", 4, "limits reliance", "delete it", "SLB 19")
    assert f.text == "X5-QUAL-02: limits reliance"
    assert f.to_json() == {
        "rule_id": "X5-QUAL-02",
        "severity": "error",
        "block": 4,
        "paragraph": 5,
        "message": "limits reliance",
        "fix": "delete it",
        "source": "SLB 19",
    }


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
