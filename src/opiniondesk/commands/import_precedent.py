"""`opiniondesk import`: a precedent letter (DOCX, EDGAR .htm/.txt, text) becomes a template.

(`import` is a Python keyword, hence the module's name; the command is `import`.)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.errors import OpinionDeskError

COMMAND = "import"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser(
        COMMAND,
        help="make a template from a precedent letter",
        description=(
            "Read a precedent (Word .docx, EDGAR .htm or .txt, or text; '-' reads standard "
            "input), find its facts, and write a template in its words into a department "
            "folder, with a matter holding the precedent's own facts. The template is proven "
            "by rendering it with those facts and comparing the words."
        ),
    )
    p.add_argument("precedent", metavar="PRECEDENT", help="the precedent letter ('-': stdin)")
    p.add_argument("--id", dest="template_id", metavar="ID", help="the new template's id")
    p.add_argument("--name", metavar="NAME", help="the new template's name in the picker")
    p.add_argument(
        "--to",
        metavar="FOLDER",
        help="the department template folder (default: the first one set in Preferences)",
    )
    p.add_argument(
        "--matter",
        metavar="FILE",
        help="the matter file to write with the precedent's facts (default: ID.opinion here)",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(run=run)


def _destination(args: argparse.Namespace) -> Path:
    if args.to:
        return Path(args.to)
    from ..settings import department_folders

    folders = department_folders()
    if not folders:
        raise OpinionDeskError(
            "no department template folder: set one in Edit > Preferences or give --to FOLDER"
        )
    return folders[0]


def _matter_path(args: argparse.Namespace, template_id: str) -> Path:
    if args.matter:
        path = Path(args.matter)
        if path.exists():
            raise OpinionDeskError("already exists; give another --matter file", str(path))
        return path
    path, n = Path(f"{template_id}.opinion"), 2
    while path.exists():
        path, n = Path(f"{template_id}-{n}.opinion"), n + 1
    return path


def run(args: argparse.Namespace) -> int:
    """Read, find the facts, make and prove the template, write it and its matter; report."""
    from ..core.precedent import find_facts, save_template, suggested_id
    from ..core.precedent.save import check_id
    from ..core.templates import TemplateLibrary
    from ..readers import MAX_BYTES, read_bytes, read_precedent

    if args.precedent == "-":
        # Bytes, not text: a Word document piped in is a zip, and /dev/zero never ends.
        precedent = read_bytes(sys.stdin.buffer.read(MAX_BYTES + 1), "standard input")
    else:
        precedent = read_precedent(args.precedent)
    dest = _destination(args)
    proposals = find_facts(precedent.letter)
    asked = (
        check_id(args.template_id)
        if args.template_id
        else suggested_id(proposals, precedent.source)
    )
    from ..settings import department_folders

    library = TemplateLibrary([dest, *[f for f in department_folders() if f != dest]])
    from ..core.precedent.save import free_id, taken_ids

    matter_path = _matter_path(args, free_id(asked, taken_ids(dest, library)))
    registrant = next((str(p.value) for p in proposals if p.id == "registrant_name"), "")
    name = args.name or (f"Precedent: {registrant}" if registrant else f"Precedent: {asked}")
    saved = save_template(
        precedent.letter,
        proposals,
        dest,
        template_id=asked,
        name=name,
        source=Path(precedent.source).name,
        matter_path=matter_path,
        library=library,
    )
    facts = [
        {
            "id": p.id,
            "label": p.label,
            "type": p.type,
            "value": p.value,
            "occurrences": len(p.occurrences),
        }
        for p in proposals
        if p.accepted
    ]
    if args.json:
        print(
            json.dumps(
                {
                    "precedent": precedent.source,
                    "format": precedent.format,
                    "notes": precedent.notes,
                    "template": {
                        "id": saved.template_id,
                        "asked_id": saved.asked_id,
                        "folder": str(saved.folder),
                        "name": saved.draft.name if saved.draft else name,
                    },
                    "matter": str(saved.matter_path) if saved.matter_path else None,
                    "facts": facts,
                    "round_trip": saved.round_trip.to_json(),
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    blocks = precedent.letter.blocks
    opinions = sum(1 for b in blocks if b.kind == "opinion")
    print(
        f"read {precedent.source} ({precedent.format_name}): {len(blocks)} paragraphs, "
        f"{opinions} numbered opinion{'s' if opinions != 1 else ''}"
    )
    for note in precedent.notes:
        print(f"note: {note}")
    print("facts found:")
    width = max((len(f["id"]) for f in facts), default=2)
    label_width = max((len(f["label"]) for f in facts), default=5)
    for fact, p in zip(facts, [p for p in proposals if p.accepted]):
        value = p.display_value().replace("\n", " / ")
        print(
            f"  {fact['id']:<{width}}  {fact['label']:<{label_width}}  {value}"
            f"  ({fact['occurrences']}x)"
        )
    print(f"round trip: {saved.round_trip.summary()}")
    if not saved.round_trip.ok:
        for difference in saved.round_trip.differences:
            print(f"  {difference}")
        print("the template is marked 'check before use'")
    if saved.renamed:
        print(f"a template '{saved.asked_id}' already exists; this one is '{saved.template_id}'")
    print(f"wrote template '{saved.template_id}' to {saved.folder}")
    if saved.matter_path:
        print(f"wrote matter {saved.matter_path}")
    return 0
