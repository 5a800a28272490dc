"""Department template folders made by tests: a minimal working template, and a matter naming one."""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA = '[template]\nname = "{name}"\nversion = "1"\n'
LETTER = "<letter>\n<body>Hello from {name}.</body>\n</letter>\n"


def make_template(
    root: Path, name: str, letter: str | bytes | None = None, schema: str | bytes | None = None
) -> Path:
    """Make template `name` in department folder `root` (a letter and schema of its own, or the
    minimal ones) and return its folder."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    for file, text in (
        ("template.toml", SCHEMA.format(name=name) if schema is None else schema),
        ("letter.xml.j2", LETTER.format(name=name) if letter is None else letter),
    ):
        path = folder / file
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return folder


def make_matter(path: Path, template_id: str) -> Path:
    """Write a matter file naming a template, with no facts, and return its path."""
    data = {
        "format": "opiniondesk.matter",
        "format_version": 1,
        "template": {"id": template_id, "version": "1"},
        "letter_date": "2026-12-01",
        "signer": {},
        "facts": {},
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
