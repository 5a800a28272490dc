"""docs/templates.md and the README's Templates section stay true to the built-in templates."""

import re
from pathlib import Path

import pytest

from opiniondesk.core.templates import TemplateLibrary

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
TEMPLATES = [t for t in TemplateLibrary([]).templates() if t.ok]


def _section(tid):
    start = DOC.index(f"(`{tid}`)")
    end = DOC.find("\n## ", start)
    return DOC[start : end if end > 0 else len(DOC)]


@pytest.mark.parametrize("tmpl", TEMPLATES, ids=[t.id for t in TEMPLATES])
def test_docs_list_every_choice_of_every_template(tmpl):
    """Ensure docs/templates.md has a section for each template, naming its forms and, in its
    table, every choice fact with every option (issue 13, acceptance)."""
    section = _section(tmpl.id)
    assert f"Forms: {', '.join(tmpl.forms)}." in section
    for spec in tmpl.schema.facts:
        choices = [(spec.id, spec)] if spec.type in ("choice", "yesno") else []
        choices += [(f"{spec.id}.{f.id}", f) for f in spec.fields if f.type == "choice"]
        for fid, s in choices:
            row = next((line for line in section.splitlines() if f"| `{fid}` |" in line), None)
            assert row, f"{fid} of {tmpl.id} is not in docs/templates.md"
            for c in s.choices:
                assert f"`{c.value}`" in row, f"{fid}: option {c.value} missing"


def test_readme_names_only_forms_a_template_offers():
    """Ensure every form the README names is one a built-in template offers, and its Templates
    section points to docs/templates.md (issue 18.12)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    offered = {f for t in TEMPLATES for f in t.forms}
    named = set(
        re.findall(
            r"\bForms? ((?:[A-Z]{1,2}-\d+[A-Z]*)(?:(?:,| or| and|, or|, and) (?:[A-Z]{1,2}-\d+[A-Z]*))*)",
            readme,
        )
    )
    forms = {f for group in named for f in re.findall(r"[A-Z]{1,2}-\d+[A-Z]*", group)}
    forms |= set(re.findall(r"\bForms? ([A-Z]{1,2}-\d+)", readme))
    assert forms and forms <= offered, forms - offered
    templates = readme[readme.index("## Templates") :]
    assert "`docs/templates.md`" in templates[: templates.index("\n## ", 5)]
