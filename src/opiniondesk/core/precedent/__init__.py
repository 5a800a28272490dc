"""A department's own precedent becomes a template: its facts found, its wording kept, the round
trip proven. Core code: it takes the letter model a reader made (`opiniondesk.readers`), never a
file or a widget.

- `finder.find_facts(letter)`: the proposed facts;
- `proposals`: what counsel change before saving (reject, relabel, retype, merge, new facts from
  a selection, optional paragraphs);
- `maker.make_template(...)`: `template.toml`, `letter.xml.j2` and the precedent's matter;
- `roundtrip.prove(...)`: the template gives back the precedent's words;
- `save.save_template(...)`: proven in a staging folder, then moved into the department folder.
"""

from __future__ import annotations

from .finder import find_facts
from .maker import TemplateDraft, make_template
from .proposals import Occurrence, Proposal
from .roundtrip import RoundTrip, prove
from .save import Saved, save_template, suggested_id

__all__ = [
    "Occurrence",
    "Proposal",
    "RoundTrip",
    "Saved",
    "TemplateDraft",
    "find_facts",
    "make_template",
    "prove",
    "save_template",
    "suggested_id",
]
