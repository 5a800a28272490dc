"""The template maker: a precedent's letter model and its accepted facts into an ordinary template.

It writes what a built-in template holds: `template.toml` (the fact schema, version 1.0) and
`letter.xml.j2` (the wording), plus a matter holding the precedent's own values. The precedent's
words are kept as literal wording: whatever in them looks like template syntax (`{{`, `{%`, `<`,
`&`) is escaped, so it is printed, never run. Each fact occurrence becomes the expression that
writes the value the way the precedent wrote it (`{{ aggregate_amount|money("short") }}`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from ..matter import Matter
from ..model import Block, Inline, Letter, LineBreak, PageNumber, Text
from .proposals import GROUPS, PAGE_CHAR, Occurrence, Proposal

TEMPLATE_VERSION = "1.0"
CHECK_BEFORE_USE = "check before use"
_FILTERS = {
    "": "",
    "upper": "|upper",
    "lines": "|lines",
    "date:long": "|date",
    "date:day": '|date("day")',
    "money:full": '|money("full")',
    "money:short": '|money("short")',
    "money:words": '|money("words")',
    "number": "|number",
    "words": "|words",
}
_MARK_TAGS = (("strong", "strong"), ("em", "em"), ("u", "u"))
WRAP = 100


@dataclass
class TemplateDraft:
    """A template made from a precedent, not yet written: its files' text and its matter."""

    template_id: str
    name: str
    schema: str
    letter: str
    matter: Matter


def expression(proposal: Proposal, form: str) -> str:
    """Return the template expression writing a fact's value in one form."""
    return "{{ " + proposal.key + _FILTERS[form] + " }}"


def literal(text: str) -> str:
    """Return precedent words as template text that prints them and runs nothing."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # `{` starts every jinja tag ({{ {% {#): printed from a string literal, it can start none.
    return text.replace("{", '{{ "{" }}')


def _tokens(
    inlines: tuple[Inline, ...], occurrences: list[tuple[Occurrence, Proposal]], skip: int = 0
) -> list[tuple[str, frozenset[str], bool]]:
    """Return a block's content as (markup, marks, breakable) pieces, facts made expressions."""
    chars: list[str] = []
    marks: list[frozenset[str] | None] = []
    for inline in inlines:
        if isinstance(inline, LineBreak):
            chars.append("\n")
            marks.append(None)
        elif isinstance(inline, PageNumber):
            chars.append(PAGE_CHAR)
            marks.append(None)
        else:
            text = inline.text
            chars.extend(text)
            own = inline.marks & {"em", "strong", "u"} if isinstance(inline, Text) else frozenset()
            marks.extend([own] * len(text))
    starts = {occ.start: (occ, p) for occ, p in occurrences}
    out: list[tuple[str, frozenset[str], bool]] = []
    pending: list[str] = []
    pending_marks: frozenset[str] = frozenset()

    def flush() -> None:
        if pending:
            words = "".join(pending).split(" ")
            for n, word in enumerate(words):
                if n:
                    out.append((" ", pending_marks, True))
                if word:
                    out.append((literal(word), pending_marks, False))
            pending.clear()

    i = skip
    while i < len(chars):
        if i in starts:
            occ, proposal = starts[i]
            flush()
            out.append((expression(proposal, occ.form), marks[i] or frozenset(), False))
            i = occ.end
            continue
        char, mark = chars[i], marks[i]
        if mark is None:
            flush()
            out.append(("<br/>" if char == "\n" else "<page/>", frozenset(), False))
        else:
            if mark != pending_marks:
                flush()
                pending_marks = mark
            pending.append(char)
        i += 1
    flush()
    return out


def _markup(pieces: list[tuple[str, frozenset[str], bool]], indent: str = "") -> str:
    """Join pieces, each run of marks inside its tags, wrapped at spaces of the wording."""
    chunks: list[tuple[str, bool]] = []
    current: frozenset[str] = frozenset()
    for text, marks, breakable in pieces:
        if marks != current:
            for mark, tag in reversed(_MARK_TAGS):
                if mark in current and mark not in marks:
                    chunks.append((f"</{tag}>", False))
            for mark, tag in _MARK_TAGS:
                if mark in marks and mark not in current:
                    chunks.append((f"<{tag}>", False))
            current = marks
        chunks.append((text, breakable))
    for mark, tag in reversed(_MARK_TAGS):
        if mark in current:
            chunks.append((f"</{tag}>", False))
    lines: list[str] = [indent]
    for text, breakable in chunks:
        if breakable and len(lines[-1]) >= WRAP:
            lines.append(indent)
            continue
        lines[-1] += text
    return "\n".join(line.rstrip() if line.strip() else "" for line in lines).strip("\n")


def _block_markup(block: Block, occurrences: list[tuple[Occurrence, Proposal]]) -> str:
    skip = 0
    if block.kind == "signature":
        text = "".join(i.text for i in block.inlines)
        skip = 4 if text.startswith("/s/ ") else 0
        if not text[skip:].strip():
            return "<signature>{{ signer.conformed }}</signature>"
    pieces = _tokens(block.inlines, occurrences, skip)
    body = _markup(pieces)
    if "\n" in body:
        return f"<{block.kind}>\n{body}\n</{block.kind}>"
    return f"<{block.kind}>{body}</{block.kind}>"


def letter_template(letter: Letter, proposals: list[Proposal]) -> str:
    """Return the `letter.xml.j2` of a precedent with its accepted facts."""
    by_block: dict[int, list[tuple[Occurrence, Proposal]]] = {}
    for p in proposals:
        if p.accepted and p.type != "yesno":
            for occ in p.occurrences:
                by_block.setdefault(occ.block, []).append((occ, p))
    optional = {p.block: p for p in proposals if p.accepted and p.type == "yesno"}
    out = [
        "{#- A department template made by OpinionDesk from a precedent: its own wording, "
        "its facts as expressions. -#}",
        "<letter>",
    ]
    if letter.header:
        out.append("<header>")
        for n, line in enumerate(letter.header):
            pieces = _tokens(line, by_block.get(-1 - n, []))
            out.append(f"<line>{_markup(pieces)}</line>")
        out.append("</header>")
    for n, block in enumerate(letter.blocks):
        markup = _block_markup(block, by_block.get(n, []))
        if n in optional:
            markup = f"{{% if {optional[n].key} %}}\n{markup}\n{{% endif %}}"
        out.append(markup)
    out.append("</letter>")
    return "\n".join(out) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def schema_toml(proposals: list[Proposal], name: str, description: str, forms: list[str]) -> str:
    """Return the `template.toml` of the accepted facts, in the built-in templates' format."""
    facts = [p for p in proposals if p.accepted and p.target == "fact"]
    lines = [
        "# A department template made by OpinionDesk from a precedent (see the README:"
        " importing precedents).",
        "[template]",
        f"name = {_toml(name)}",
        f"description = {_toml(description)}",
        f'version = "{TEMPLATE_VERSION}"',
        "forms = [" + ", ".join(_toml(f) for f in forms) + "]",
    ]
    used = [g for g in GROUPS if any(p.group == g for p in facts)]
    for group in used:
        lines += ["", "[[group]]", f"id = {_toml(group)}", f"label = {_toml(GROUPS[group])}"]
    for p in facts:
        lines += [
            "",
            "[[fact]]",
            f"id = {_toml(p.id)}",
            f"label = {_toml(p.label)}",
            f"type = {_toml(p.type)}",
            f"group = {_toml(p.group)}",
        ]
        if not p.required or p.type == "yesno":
            lines.append("required = false")
        if p.help:
            lines.append(f"help = {_toml(p.help)}")
        if p.default or p.type == "yesno":
            lines.append(f"default = {_toml(p.value)}")
    return "\n".join(lines) + "\n"


def _voice(letter: Letter) -> str:
    text = " ".join(b.text for b in letter.blocks if b.kind in ("body", "opinion"))
    singular = len(re.findall(r"\bI (?:have|am|hereby|do|express|consent|assume|advise)\b", text))
    plural = len(
        re.findall(r"\b[Ww]e (?:have|are|hereby|do|express|consent|assume|advise)\b", text)
    )
    return "I" if singular > plural else "we"


def precedent_matter(letter: Letter, proposals: list[Proposal], template_id: str) -> Matter:
    """Return a matter holding the precedent's own values of the accepted facts."""
    facts: dict[str, object] = {}
    letter_date = None
    signer: dict[str, str] = {}
    for p in proposals:
        if not p.accepted:
            continue
        if p.target == "letter_date":
            letter_date = p.value
        elif p.target == "signer":
            signer[p.id.split(".", 1)[1]] = p.value
        else:
            facts[p.id] = p.value
    if signer:
        signer["voice"] = _voice(letter)
        from .finder import PERSON_RE

        person = bool(signer.get("name")) or bool(PERSON_RE.match(signer.get("conformed", "")))
        signer["signature_style"] = "individual" if person else "firm"
    return Matter(
        template_id=template_id,
        template_version=TEMPLATE_VERSION,
        facts=facts,
        letter_date=letter_date,
        signer=signer,
    )


def make_template(
    letter: Letter,
    proposals: list[Proposal],
    template_id: str,
    name: str,
    source: str = "",
    check_before_use: str = "",
) -> TemplateDraft:
    """Return the template (schema, wording, matter) of a precedent and its accepted facts.

    `check_before_use` (the round trip's finding) marks the template so counsel see it in the
    picker and read the letter before using it.
    """
    forms = sorted({str(p.value) for p in proposals if p.accepted and p.id == "form"})
    description = f"Made from the precedent {source} on {dt.date.today().isoformat()}."
    if check_before_use:
        name = f"{name} ({CHECK_BEFORE_USE})"
        description = f"CHECK BEFORE USE: {check_before_use} " + description
    return TemplateDraft(
        template_id=template_id,
        name=name,
        schema=schema_toml(proposals, name, description, forms),
        letter=letter_template(letter, proposals),
        matter=precedent_matter(letter, proposals, template_id),
    )
