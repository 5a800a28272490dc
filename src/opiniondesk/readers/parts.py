"""Recognise a letter's parts in the paragraphs a reader found, and build the letter model.

The parts are the model's block kinds: exhibit label, date, addressee (with any "Attention"
lines), "Re:" line, salutation, body paragraphs, numbered opinion paragraphs, closing, signature
("/s/" conformed, or blank) and the signer's lines, plus the continuation header (the lines
repeated at the top of later pages, its page number made the page field). Page furniture (page
numbers, running footers) is dropped. What cannot be placed stays a body paragraph, word for word:
a fragment of a letter imports as well as a whole one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.facts import MONTH_NAMES
from ..core.model import Block, Inline, Letter, PageNumber, Signature, Text
from ..writers.styles import STYLE_FOR_KIND
from .paragraphs import LINE_BREAK, Para, slice_inlines, tidy

DATE_TEXT = (
    rf"(?:(?:{MONTH_NAMES})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{MONTH_NAMES}),?\s+\d{{4}})"
)
DATE_LINE_RE = re.compile(rf"^(?:[A-Z][\w.'’ -]{{0,40}},\s+)?{DATE_TEXT}\.?$")
EXHIBIT_RE = re.compile(r"^(?:EXHIBIT|Exhibit|EX-)\s*5(?:\.\d{1,2})?\.?$")
SALUTATION_RE = re.compile(
    r"^(?:(?:(?:Ladies|LADIES) (?:and|AND) (?:Gentlemen|gentlemen|GENTLEMEN)|Gentlemen|GENTLEMEN"
    r"|(?:Dear )?Sirs|Dear Sir or Madam|Madam/Sirs|Ladies/Gentlemen)\s*[:,;]?"
    r"|(?:Dear|To) [^:,\n]{1,80}[:,])$"
)
CLOSING_RE = re.compile(
    r"^(?:Very truly yours|Very Truly Yours|VERY TRULY YOURS|Sincerely(?: yours)?|Sincerely Yours"
    r"|SINCERELY(?: YOURS)?|Yours (?:very )?truly|Yours sincerely|Yours faithfully"
    r"|Respectfully(?: submitted| yours)?|Respectfully Submitted|RESPECTFULLY SUBMITTED"
    r"|(?:Best|Kind) regards|Regards)\s*[,.]?$"
)
SIGNATURE_RE = re.compile(r"^(?:((?:By|BY)\s*:?)\s*)?/[sS]/\s*(.*)$")
REFERENCE_RE = re.compile(r"^(?:Re|RE|Subject|SUBJECT)\s*:")
PAGE_LINE_RE = re.compile(
    r"^(?:(?:Page|PAGE)\s+(\d{1,3})(?:\s+of\s+\d{1,3})?|-\s*(\d{1,3})\s*-|(\d{1,3})"
    r"|(\d{1,3})\s*/\s*\d{1,3}|\[(\d{1,3})\])$"
)
LABEL_RE = re.compile(
    r"^(\(?\d{1,2}[.)]|\d{1,2}\.\d{1,2}\.?|\([a-z]{1,2}\)|[a-z]\.|\([ivxlc]{1,6}\)|[ivx]{1,5}\."
    r"|\([A-Z]\)|[A-Z]\.)\s+(?=\S)"
)
OPINION_LABEL_RE = re.compile(r"^(\d{1,2})\.$")
OPINION_LEAD_RE = re.compile(r"opinion|advise you|we confirm|it is our view", re.IGNORECASE)
OPINION_WORDS_RE = re.compile(
    r"validly issued|valid and binding|legally issued|binding obligations?|duly authori[sz]ed"
    r"|fully paid|non-?assessable|enforceable",
    re.IGNORECASE,
)
_TERMINAL_RE = re.compile(r"[.:;?!][\"”’')\]]*$")
_KIND_FOR_STYLE = {style: kind for kind, style in STYLE_FOR_KIND.items()}
HEADER_LINES_MAX = 5
SHORT_LINE = 90


@dataclass
class Recognised:
    """The letter model, with what the recogniser noticed on the way (for the import's report)."""

    letter: Letter
    dropped: list[str]


def _one_line(para: Para) -> str:
    return para.text.strip() if "\n" not in para.text else ""


def _structural(line: str) -> bool:
    return bool(
        EXHIBIT_RE.match(line)
        or DATE_LINE_RE.match(line)
        or SALUTATION_RE.match(line)
        or CLOSING_RE.match(line)
        or SIGNATURE_RE.match(line)
        or REFERENCE_RE.match(line)
        or PAGE_LINE_RE.match(line)
    )


def _split_structural(paras: list[Para]) -> list[Para]:
    """Split a block of lines wherever one of its lines is a part of its own (a date, "/s/")."""
    out: list[Para] = []
    for para in paras:
        lines = para.lines()
        if len(lines) > 1 and any(_structural(line.text.strip()) for line in lines):
            run: list[Para] = []
            for line in lines:
                if _structural(line.text.strip()):
                    if run:
                        out.append(_join_lines(run))
                        run = []
                    out.append(line)
                else:
                    run.append(line)
            if run:
                out.append(_join_lines(run))
        else:
            out.append(para)
    return out


def _join_lines(lines: list[Para]) -> Para:
    inlines: list[Inline] = []
    for n, line in enumerate(lines):
        if n:
            inlines.append(LINE_BREAK)
        inlines.extend(line.inlines)
    first = lines[0]
    return Para(tidy(inlines), first.page, first.label, first.style, first.align, first.group)


# ---- page furniture and the continuation header ------------------------------------------------


def _digits(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip())


def _page_line(line: Para, number: int = 0) -> list[Inline] | None:
    """Return a page line ("Page 2", "- 2 -", or "Acme Corp. 2" on page 2) with its number made
    the page field, else None."""
    text = line.text.strip()
    if not PAGE_LINE_RE.match(text):
        trailing = re.search(r"(?<=\S)(\s+(?:Page\s+|-\s*)?)(\d{1,3})(\s*-?)$", text)
        if not number or not trailing or int(trailing.group(2)) != number:
            return None
        lead = len(line.text) - len(line.text.lstrip())
        out = slice_inlines(line.inlines, 0, lead + trailing.start())
        out += [Text(trailing.group(1)), PageNumber()]
        return out + ([Text(trailing.group(3))] if trailing.group(3).strip() else [])
    found = re.search(r"\d+", text)
    assert found is not None
    out = [Text(text[: found.start()])] if found.start() else []
    out.append(PageNumber())
    if found.end() < len(text):
        out.append(Text(text[found.end() :]))
    return out


def _leading_lines(page: list[Para]) -> list[Para]:
    """Return the short lines at the top of a page that may be its continuation header."""
    out: list[Para] = []
    for para in page:
        for line in para.lines():
            text = line.text.strip()
            if (
                len(out) >= HEADER_LINES_MAX
                or len(text) > SHORT_LINE
                or text[:1].islower()
                or CLOSING_RE.match(text)
                or SIGNATURE_RE.match(text)
                or SALUTATION_RE.match(text)
            ):
                return out
            out.append(line)
    return out


def _drop_leading(page: list[Para], count: int) -> list[Para]:
    """Return the page without its first `count` lines."""
    out: list[Para] = []
    for para in page:
        if count <= 0:
            out.append(para)
            continue
        lines = para.lines()
        if len(lines) <= count:
            count -= len(lines)
            continue
        out.append(_join_lines(lines[count:]))
        count = 0
    return out


def _header(
    pages: list[list[Para]], dropped: list[str]
) -> tuple[list[tuple[Inline, ...]], list[list[Para]]]:
    """Find the continuation header at the top of later pages; return it and the pages without it."""
    later = [(n, _leading_lines(page)) for n, page in enumerate(pages) if n > 0 and page]
    header: list[tuple[Inline, ...]] = []
    counts: dict[int, int] = {}
    for n, lines in later:
        for k, line in enumerate(lines):
            if _page_line(line, n + 1) is not None:
                counts[n] = k + 1
                if not header:
                    header = [
                        tuple(_page_line(x, n + 1) or x.inlines) if i == k else tuple(x.inlines)
                        for i, x in enumerate(lines[: k + 1])
                    ]
                break
    if header:
        shape = [_digits("".join(i.text for i in line)) for line in header]
        for n, lines in later:
            if n in counts:
                continue
            # A page whose top carries the same lines (its page number elsewhere).
            k = 0
            while k < min(len(lines), len(shape)) and _digits(lines[k].text) == shape[k]:
                k += 1
            if k:
                counts[n] = k
    elif len(later) >= 2:
        # No page numbers: lines repeated at the top of every later page are the header.
        first = later[0][1]
        k = 0
        while k < len(first) and all(
            k < len(lines) and _digits(lines[k].text) == _digits(first[k].text)
            for _, lines in later
        ):
            k += 1
        if k:
            header = [tuple(x.inlines) for x in first[:k]]
            counts = {n: k for n, _ in later}
    for n, count in counts.items():
        for line in _leading_lines(pages[n])[:count]:
            dropped.append(line.text.strip())
        pages[n] = _drop_leading(pages[n], count)
    return header, pages


def _drop_furniture(pages: list[list[Para]], dropped: list[str]) -> list[list[Para]]:
    """Drop page numbers and running footers (short lines repeated at the foot of pages)."""
    footers: dict[str, int] = {}
    for page in pages:
        if page:
            last = page[-1].lines()[-1].text.strip()
            if len(last) <= SHORT_LINE:
                footers[_digits(last)] = footers.get(_digits(last), 0) + 1
    repeated = {text for text, count in footers.items() if count >= 2 and len(pages) > 2}
    out = []
    for page in pages:
        kept = []
        for k, para in enumerate(page):
            text = para.text.strip()
            if PAGE_LINE_RE.match(text) or (k == len(page) - 1 and _digits(text) in repeated):
                dropped.append(text)
                continue
            kept.append(para)
        out.append(kept)
    return out


def _continues(prev: Para, nxt: Para) -> bool:
    """Whether a paragraph cut by a page break goes on in the first one of the next page."""
    a, b = prev.text.strip(), nxt.text.strip()
    if "\n" in a or "\n" in b or not a or not b or nxt.label or a.isupper():
        return False
    if b[:1].islower():
        return True
    return not _TERMINAL_RE.search(a) and not LABEL_RE.match(b) and not _structural(b)


def _join_pages(pages: list[list[Para]]) -> list[Para]:
    out: list[Para] = []
    for page in pages:
        for k, para in enumerate(page):
            if k == 0 and out and _continues(out[-1], para):
                prev = out.pop()
                out.append(
                    Para(
                        tidy([*prev.inlines, Text(" "), *para.inlines]),
                        prev.page,
                        prev.label,
                        prev.style,
                        prev.align,
                        prev.group,
                    )
                )
            else:
                out.append(para)
    return out


# ---- the parts ---------------------------------------------------------------------------------


def _label(para: Para) -> tuple[str, list[Inline]]:
    """Return a paragraph's list label (given by its format or typed) and its runs without it."""
    if para.label:
        return para.label, para.inlines
    found = LABEL_RE.match(para.text)
    if not found:
        return "", para.inlines
    return found.group(1), slice_inlines(para.inlines, found.end())


def _with_label(label: str, inlines: list[Inline]) -> list[Inline]:
    return tidy([Text(label + " "), *inlines]) if label else inlines


def _opinion_run(labels: list[str], texts: list[str]) -> set[int]:
    """Return the indexes of the numbered opinion paragraphs: a run labelled 1., 2., ... that
    follows the opinion's lead-in ("... we are of the opinion that:") or reads like opinions."""
    runs: list[list[int]] = []
    for i, label in enumerate(labels):
        found = OPINION_LABEL_RE.match(label)
        if not found:
            continue
        number = int(found.group(1))
        if number == 1:
            runs.append([i])
        elif runs and int(OPINION_LABEL_RE.match(labels[runs[-1][-1]]).group(1)) == number - 1:  # type: ignore[union-attr]
            runs[-1].append(i)
    best: list[int] = []
    for run in runs:
        lead = " ".join(texts[max(run[0] - 2, 0) : run[0]])
        reads = any(OPINION_WORDS_RE.search(texts[i]) for i in run)
        if (OPINION_LEAD_RE.search(lead) and lead.rstrip().endswith(":")) or reads:
            best = run  # the last such run: documents reviewed are listed before the opinions
    return set(best)


def _styled(paras: list[Para]) -> bool:
    """Whether the paragraphs carry OpinionDesk's own style names (a DOCX it wrote)."""
    return sum(1 for p in paras if p.style in _KIND_FOR_STYLE) >= 3


def _blocks_from_styles(paras: list[Para]) -> tuple[list[tuple[str, list[Inline]]], Signature]:
    blocks: list[tuple[str, list[Inline]]] = []
    signature = Signature("blank", "")
    for para in paras:
        kind = _KIND_FOR_STYLE.get(para.style, "body")
        inlines = para.inlines
        if kind == "opinion":
            label, inlines = _label(para)
            if not OPINION_LABEL_RE.match(label):
                kind, inlines = "body", _with_label(label, inlines)
        elif kind == "signature":
            found = SIGNATURE_RE.match(para.text.strip())
            if found and not found.group(1):
                name = found.group(2).strip()
                signature = Signature("conformed", name)
                inlines = [Text("/s/ "), *slice_inlines(inlines, para.text.index(name))]
            elif not para.text.strip():
                inlines = []
        else:
            inlines = _with_label(para.label, inlines)
        blocks.append((kind, inlines))
    return blocks, signature


def _signature_part(paras: list[Para]) -> tuple[list[tuple[str, list[Inline]]], Signature]:
    """The lines after the closing: the conformed "/s/" signature (or none), then the signer."""
    lines = [line for para in paras for line in para.lines()]
    blocks: list[tuple[str, list[Inline]]] = []
    signer: list[Para] = []
    signature = Signature("blank", "")

    def flush(kind: str = "signer") -> None:
        if signer:
            blocks.append((kind, _join_lines(signer).inlines))
            signer.clear()

    k = 0
    while k < len(lines):
        line = lines[k]
        text = line.text.strip()
        found = SIGNATURE_RE.match(text)
        if found:
            by, name = found.group(1), found.group(2).strip()
            if by:
                signer.append(Para(slice_inlines(line.inlines, 0, len(by))))
            flush()
            start = text.index("/") + 3
            inlines = slice_inlines(line.inlines, start)
            if not name and k + 1 < len(lines):
                k += 1
                inlines = lines[k].inlines
                name = lines[k].text.strip()
            if signature.style == "blank":
                signature = Signature("conformed", name)
            blocks.append(("signature", [Text("/s/ "), *inlines]))
        elif re.match(r"^(?:cc|CC|Cc|bcc|Enclosures?)\b", text):
            flush()
            blocks.append(("body", line.inlines))
        else:
            signer.append(line)
        k += 1
    flush()
    if signature.style == "blank":
        blocks.insert(0, ("signature", []))
    return blocks, signature


def _letter_parts(paras: list[Para]) -> tuple[list[tuple[str, list[Inline]]], Signature]:
    texts = [p.text.strip() for p in paras]
    lines = [_one_line(p) for p in paras]
    n = len(paras)

    def first(pattern: re.Pattern[str], start: int = 0, stop: int | None = None) -> int | None:
        for i in range(start, n if stop is None else min(stop, n)):
            if lines[i] and pattern.match(lines[i]):
                return i
        return None

    exhibit = first(EXHIBIT_RE, 0, 8)
    date = first(DATE_LINE_RE, 0, 25)
    start = max(x for x in (exhibit, date, -1) if x is not None) + 1
    salutation = first(SALUTATION_RE, start, start + 80)
    closing = None
    for i in range(n - 1, (salutation if salutation is not None else start) - 1, -1):
        if lines[i] and CLOSING_RE.match(lines[i]):
            closing = i
            break
    kinds: list[str | None] = [None] * n
    if exhibit is not None:
        kinds[exhibit] = "exhibit"
    if date is not None:
        kinds[date] = "date"
    if salutation is not None:
        kinds[salutation] = "salutation"
        address_start = date + 1 if date is not None else start
        for i in range(address_start, salutation):
            kinds[i] = "reference" if REFERENCE_RE.match(texts[i]) else "address"
            if kinds[i - 1] == "reference" and i > address_start:
                kinds[i] = "reference"
    elif date is not None:
        # No salutation: the short lines under the date are the addressee.
        i = date + 1
        while i < n and len(texts[i]) <= SHORT_LINE and not REFERENCE_RE.match(texts[i]):
            kinds[i] = "address"
            i += 1
        while i < n and REFERENCE_RE.match(texts[i]):
            kinds[i] = "reference"
            i += 1
    body_end = closing if closing is not None else n
    labels: list[str] = []
    runs: list[list[Inline]] = []
    for i in range(n):
        label, inlines = _label(paras[i]) if kinds[i] is None and i < body_end else ("", [])
        labels.append(label)
        runs.append(inlines)
    opinions = _opinion_run(labels, texts)
    blocks: list[tuple[str, list[Inline]]] = []
    i = 0
    while i < body_end:
        kind = kinds[i]
        if kind in ("address", "reference"):
            group = [paras[i]]
            while i + 1 < body_end and kinds[i + 1] == kind:
                i += 1
                group.append(paras[i])
            blocks.append((kind, _join_lines(group).inlines))
        elif kind is not None:
            blocks.append((kind, paras[i].inlines))
        elif i in opinions:
            blocks.append(("opinion", runs[i]))
        else:
            blocks.append(("body", _with_label(labels[i], runs[i])))
        i += 1
    signature = Signature("blank", "")
    if closing is not None:
        blocks.append(("closing", paras[closing].inlines))
        more, signature = _signature_part(paras[closing + 1 :])
        blocks += more
    return blocks, signature


def recognise(paras: list[Para], header: list[tuple[Inline, ...]] | None = None) -> Recognised:
    """Return the letter model of a reader's paragraphs.

    `header` is the continuation header when the format keeps it apart (a DOCX header part);
    otherwise, for a text of several pages, it is found at the top of the later pages.
    """
    dropped: list[str] = []
    paras = [p for p in paras if p.inlines and p.text.strip()]
    if _styled(paras):
        pairs, signature = _blocks_from_styles(paras)
    else:
        pages: list[list[Para]] = []
        for para in paras:
            while len(pages) <= para.page:
                pages.append([])
            pages[para.page].append(para)
        if header is None and len(pages) > 1:
            header, pages = _header(pages, dropped)
        pages = _drop_furniture(pages, dropped)
        paras = _split_structural(_join_pages(pages))
        pairs, signature = _letter_parts(paras)
    blocks: list[Block] = []
    number = 0
    for kind, inlines in pairs:
        if not inlines and kind != "signature":
            continue
        num = None
        if kind == "opinion":
            number += 1
            num = number
        blocks.append(Block(kind, tuple(inlines), num, len(blocks)))
    letter = Letter(
        blocks=blocks,
        header=list(header or []),
        signature=signature,
        copy="filing" if signature.style == "conformed" else "draft",
    )
    return Recognised(letter, dropped)
