"""Every built-in template, for every jurisdiction of the table and every entity kind it allows (issue 16)."""

import re

import pytest
from letters import SAMPLE_FOR, SAMPLES, load_sample

from helpers import counsel_form
from opiniondesk.core import jurisdictions as J
from opiniondesk.writers.text import write_text

TEMPLATES = sorted(SAMPLE_FOR)
STATE_OF = re.compile(r"\b(State|Commonwealth) of ((?:[A-Z][a-z]+)(?: [A-Z][a-z]+)?)")
# Every filing office the table knows, so a letter naming one that is not its own is caught.
OFFICES = {d.office for j in J.jurisdictions() if (d := j.designation)} | {
    "the Secretary of State of the State of Delaware"
}
# Words an "an" may stand before though they do not start with a vowel letter (letters said by
# name), and words an "a" may stand before though they do (a vowel said "you" or "wun").
AN_OK = re.compile(r"^(?:[AEIOUaeiou]|LLC|LP|S-\d|F-\d|SF-\d|8-K|MTN|ADS|hour|honest|honou?r)")
A_OK = re.compile(r"^(?:[^AEIOUaeiou]|Uni|uni|U\.S\.|Eu|eu|one|use|usu|Utah|Utah)")


def _allowed(tid):
    matter = load_sample(tid)
    kinds = [c.value for c in matter.template().schema.get("registrant_entity").choices]
    return [(j, k) for j in J.jurisdictions() for k in kinds if k in j.entities]


def _text(matter):
    return " ".join(write_text(matter.render("draft"), width=0).split())


def assert_well_named(text, j, entity):
    """Assert a letter names no non-state as a State, no office but its own, and no wrong article."""
    states = {x.name for x in J.jurisdictions() if x.kind in ("state", "commonwealth")}
    for m in STATE_OF.finditer(text):
        name = m.group(2)
        known = [s for s in states if s == name or s.startswith(name + " ") or name.startswith(s)]
        assert known or f"{m.group(0)}" in j.formal, f"{m.group(0)!r} names no state"
    if j.kind not in ("state", "commonwealth"):
        assert f"State of {j.name}" not in text or f"State of {j.name}" in j.formal
        assert f"Commonwealth of {j.name}" not in text or "Commonwealth" in j.formal
    own = J.designation(j.name, entity)
    for office in OFFICES:
        if office in text:
            assert own is not None and office == own.office, f"{office} in a {j.name} letter"
    for m in re.finditer(r"\b(an|An) ([\w.\-]+)", text):
        assert AN_OK.match(m.group(2)), f"'{m.group(0)}' in: {text[m.start() - 60 : m.end() + 20]}"
    for m in re.finditer(r"\b(a|A) ([\w.\-]+)", text):
        assert A_OK.match(m.group(2)), f"'{m.group(0)}' in: {text[m.start() - 60 : m.end() + 20]}"


@pytest.mark.parametrize("tid", TEMPLATES)
def test_every_jurisdiction_and_entity_reads_right(tid):
    """Ensure each template, for each jurisdiction of the table and each entity kind it allows,
    never puts "State of" before a non-state, names no filing office but the registrant's own and
    no "an" before a consonant sound (issue 16, acceptance; SLB 19: the opinion must name the law
    of the registrant's jurisdiction rightly)."""
    cases = _allowed(tid)
    assert len(cases) >= 40
    for j, entity in cases:
        matter = load_sample(tid)
        matter.facts["registrant_jurisdiction"] = j.name
        matter.facts["registrant_entity"] = entity
        text = _text(matter)
        assert J.described(j.name, entity) in text or tid.startswith("abs-")
        assert_well_named(text, j, entity)


@pytest.mark.parametrize("tid", TEMPLATES)
def test_an_unknown_jurisdiction_is_neutral(tid):
    """Ensure a jurisdiction the table lacks is named as typed, with no "State of" and no office."""
    matter = load_sample(tid)
    matter.facts["registrant_jurisdiction"] = "Ruritania"
    text = _text(matter)
    assert "Ruritania" in text and "State of Ruritania" not in text
    assert not [office for office in OFFICES if office in text]


@pytest.mark.parametrize("j", J.jurisdictions(), ids=[j.name for j in J.jurisdictions()])
def test_counsel_in_the_registrants_jurisdiction_are_named_as_lawyers_name_them(j):
    """Ensure counsel in the registrant's jurisdiction read as lawyers write it ("acted as
    Singapore counsel", "Irish counsel", "English counsel", "special Maryland counsel"), not as the
    jurisdiction is typed ("Republic of Singapore counsel", "England and Wales counsel")."""
    form = counsel_form(j.name)
    matter = load_sample("s1-ipo-common-stock")
    matter.facts["registrant_jurisdiction"] = j.name
    matter.facts["registrant_entity"] = j.entities[0]
    matter.facts["counsel_role"] = "jurisdiction_counsel"
    assert f"acted as {form} counsel to " in _text(matter)
    matter.facts["counsel_role"] = "special_jurisdiction_counsel"
    assert f"acted as special {form} counsel to " in _text(matter)


FOREIGN = [j for j in J.jurisdictions() if not j.is_us]


@pytest.mark.parametrize("j", FOREIGN, ids=[j.name for j in FOREIGN])
def test_home_counsel_named_as_lawyers_name_them_say_which_law_the_letter_speaks_under(j):
    """Ensure a foreign registrant's letter with no law limitation, given by "Irish counsel",
    "English counsel", "Singapore counsel" and so on, checks clean of X5-FOR-01 (counsel's
    capacity says which law it covers), while plain "counsel" still does not (SLB 19)."""
    from opiniondesk.core.checks import run_checks
    from opiniondesk.core.matter import load_matter

    def for_01(role):
        matter = load_matter(SAMPLES / "f1-lanternfish-ads.opinion")
        matter.facts.update(
            law_limitation_place="omit",
            counsel_role=role,
            registrant_jurisdiction=j.name,
            registrant_entity=j.entities[0],
        )
        letter = matter.render("draft")
        findings = run_checks(matter, letter, matter.template())
        return letter, [f.severity for f in findings if f.rule_id == "X5-FOR-01"]

    letter, found = for_01("jurisdiction_counsel")
    text = " ".join(b.text for b in letter.blocks)
    assert f"{counsel_form(j.name)} counsel to " in text and found == []
    assert for_01("counsel")[1] == ["error"]
