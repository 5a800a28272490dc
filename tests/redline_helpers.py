"""Test helpers for redlines: an edited copy of a sample, and Word's Accept All / Reject All on
a DOCX's XML (drop w:del and unwrap w:ins, or the other way round)."""

import io
from pathlib import Path

import docx
from lxml import etree

from opiniondesk.core.matter import load_matter
from opiniondesk.core.wording import Edit, Run, form_of, runs_of

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLES = sorted((Path(__file__).resolve().parents[1] / "resources" / "samples").glob("*.opinion"))


def changed_copy(path):
    """Return (old, new): a sample matter, and a copy with two facts changed and one paragraph
    edited (a word changed, a word added, a word made bold, its facts kept as tokens)."""
    old = load_matter(path)
    new = load_matter(path)
    letter = old.render()
    schema = old.template().schema
    changed = []
    for block in letter.blocks:
        if block.kind not in ("body", "opinion"):
            continue
        for inline in block.inlines:
            fact = getattr(inline, "fact", None)
            spec = schema.get(fact) if fact else None
            if spec and spec.type == "text" and fact not in changed and old.facts.get(fact):
                changed.append(fact)
        if len(changed) >= 2:
            break
    assert len(changed) >= 2, f"{path.name}: fewer than two text facts in the body"
    new.facts[changed[0]] = new.facts[changed[0]] + " Holdings"
    new.facts[changed[1]] = "Revised " + new.facts[changed[1]]
    target = next(
        b
        for b in letter.blocks
        if b.kind == "body"
        and any(not r.fact and len(r.text.split()) > 8 for r in runs_of(b))
        and b.facts()
    )
    runs = list(runs_of(target))
    n = next(i for i, r in enumerate(runs) if not r.fact and len(r.text.split()) > 8)
    words = runs[n].text.split(" ")
    k = next(i for i, w in enumerate(words) if len(w) > 3 and w.isalpha())
    words[k] = words[k].upper()
    words.insert(k + 1, "indeed")
    first = " ".join(words[: k + 3]) + " "
    rest = " ".join(words[k + 3 :])
    runs[n : n + 1] = [
        Run(first, runs[n].marks),
        Run(rest.split(" ")[0], runs[n].marks | {"strong"}),
        Run(" " + " ".join(rest.split(" ")[1:]), runs[n].marks),
    ]
    new.edits = [Edit(target.key, "replace", tuple(runs), form_of(target.inlines)).to_json()]
    return old, new


def _unwrap(el):
    parent = el.getparent()
    index = parent.index(el)
    for child in list(el):
        parent.insert(index, child)
        index += 1
    parent.remove(el)


def resolve(element, accept):
    """Accept (or reject) every tracked change in an element of WordprocessingML, in place."""
    drop, keep = (W + "del", W + "ins") if accept else (W + "ins", W + "del")
    paragraphs = list(element.iter(W + "p"))
    merge = []
    for p in paragraphs:
        rpr = p.find(f"{W}pPr/{W}rPr")
        if rpr is not None:
            for mark in list(rpr):
                if mark.tag == drop:
                    merge.append(p)
                    rpr.remove(mark)
                elif mark.tag == keep:
                    rpr.remove(mark)
    for el in [e for e in element.iter(drop) if e.getparent().tag == W + "p"]:
        el.getparent().remove(el)
    for el in [e for e in element.iter(keep) if e.getparent().tag == W + "p"]:
        _unwrap(el)
    for change in list(element.iter(W + "rPrChange")):
        rpr = change.getparent()
        if accept:
            rpr.remove(change)
        else:
            old = change.find(W + "rPr")
            for child in list(rpr):
                rpr.remove(child)
            for child in list(old) if old is not None else []:
                rpr.append(child)
    if not accept:
        for el in element.iter(W + "delText"):
            el.tag = W + "t"
        for el in element.iter(W + "delInstrText"):
            el.tag = W + "instrText"
    for p in merge:  # a paragraph whose mark goes joins the next one
        nxt = p.getnext()
        runs = [c for c in p if c.tag != W + "pPr"]
        if nxt is not None and nxt.tag == W + "p":
            ppr = nxt.find(W + "pPr")
            at = 1 if ppr is not None else 0
            for run in runs:
                nxt.insert(at, run)
                at += 1
        p.getparent().remove(p)
    return element


def paragraph_texts(element):
    """Return the text of each paragraph of an element (tabs and breaks as \\t and \\n)."""
    out = []
    for p in element.iter(W + "p"):
        text = ""
        for el in p.iter():
            if el.tag == W + "t":
                text += el.text or ""
            elif el.tag == W + "tab" and el.getparent().tag == W + "r":
                text += "\t"
            elif el.tag == W + "br":
                text += "\n"
        out.append(text)
    return out


def parts(data):
    """Return a DOCX's body and continuation header as lxml elements (copies)."""
    document = docx.Document(io.BytesIO(data))
    body = etree.fromstring(etree.tostring(document.element.body))
    header = etree.fromstring(etree.tostring(document.sections[0].header._element))
    return body, header
