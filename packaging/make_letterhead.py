"""Build `resources/letterhead.docx`: the styles, page size, margins and headers every letter uses.

Run `python packaging/make_letterhead.py` after changing a style here. A department may replace the
file with its own letterhead (firm logo in the first-page header, its own fonts), keeping the style
names the DOCX writer uses: see the README, "How it fits together".
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
TWIP = 1440  # twentieths of a point per inch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from opiniondesk.writers.ooxml import order_problems  # noqa: E402

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="png" ContentType="image/png"/>
<Default Extension="jpeg" ContentType="image/jpeg"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>
</Relationships>"""

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>Legality opinion</dc:title><dc:creator>OpinionDesk</dc:creator>
</cp:coreProperties>"""

SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {W}><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
</w:settings>"""


def _style(sid: str, name: str, ppr: str = "", rpr: str = "", kind: str = "paragraph") -> str:
    # `ppr` and `rpr` must list their elements in ECMA-376's order (CT_PPrBase, CT_RPr), which
    # Word enforces: `build` checks them.
    base = "" if sid == "Normal" else '<w:basedOn w:val="Normal"/>'
    if kind == "character":
        base = ""
    return (
        f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/>{base}<w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        if kind == "paragraph"
        else f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/><w:rPr>{rpr}</w:rPr></w:style>'
    )


AFTER = '<w:spacing w:before="0" w:after="240" w:line="240" w:lineRule="auto"/>'
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>
<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:widowControl/>{AFTER}</w:pPr></w:pPrDefault></w:docDefaults>
{_style("Normal", "Normal", AFTER)}
{_style("ExhibitLabel", "Exhibit Label", '<w:jc w:val="right"/>', "<w:b/>")}
{_style("LetterDate", "Letter Date", '<w:spacing w:after="480"/>')}
{_style("Address", "Address", '<w:keepLines/><w:spacing w:after="240"/>')}
{_style("Reference", "Reference Line", '<w:ind w:left="720" w:hanging="720"/>', "<w:b/>")}
{_style("Salutation", "Salutation")}
{_style("BodyText", "Letter Body", '<w:jc w:val="both"/>')}
{_style("Opinion", "Opinion Paragraph", '<w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs><w:ind w:left="720" w:hanging="720"/><w:jc w:val="both"/>')}
{_style("Closing", "Closing", '<w:keepNext/><w:keepLines/><w:spacing w:after="240"/>')}
{_style("Signature", "Signature", '<w:keepNext/><w:keepLines/><w:spacing w:after="240"/>')}
{_style("Signer", "Signer", '<w:keepLines/><w:spacing w:after="0"/>')}
{_style("ContinuationHeader", "Continuation Header", '<w:spacing w:after="0"/>')}
{_style("ContinuationPage", "Continuation Page", '<w:spacing w:after="480"/>')}
{_style("DraftMark", "Draft Mark", '<w:spacing w:after="120"/><w:jc w:val="center"/>', '<w:b/><w:color w:val="C00000"/><w:spacing w:val="40"/>')}
{_style("Placeholder", "Placeholder", kind="character", rpr='<w:highlight w:val="yellow"/>')}
</w:styles>"""


def _header(paragraphs: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {W} {R}>{paragraphs}</w:hdr>'


FIRST_HEADER = _header('<w:p><w:pPr><w:pStyle w:val="ContinuationHeader"/></w:pPr></w:p>')
CONT_HEADER = _header(
    '<w:p><w:pPr><w:pStyle w:val="ContinuationHeader"/></w:pPr><w:r><w:t>[Addressee]</w:t></w:r></w:p>'
    '<w:p><w:pPr><w:pStyle w:val="ContinuationPage"/></w:pPr><w:r><w:t>Page</w:t></w:r></w:p>'
)

DOCUMENT = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W} {R}><w:body><w:p/>
<w:sectPr><w:headerReference w:type="first" r:id="rId3"/><w:headerReference w:type="default" r:id="rId4"/>
<w:pgSz w:w="{int(8.5 * TWIP)}" w:h="{11 * TWIP}"/>
<w:pgMar w:top="{TWIP}" w:right="{TWIP}" w:bottom="{TWIP}" w:left="{TWIP}" w:header="720" w:footer="720" w:gutter="0"/>
<w:titlePg/></w:sectPr></w:body></w:document>"""


def build(path: Path) -> None:
    """Write the letterhead DOCX to `path`."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": RELS,
        "docProps/core.xml": CORE,
        "word/document.xml": DOCUMENT,
        "word/_rels/document.xml.rels": DOC_RELS,
        "word/styles.xml": STYLES,
        "word/settings.xml": SETTINGS,
        "word/header1.xml": FIRST_HEADER,
        "word/header2.xml": CONT_HEADER,
    }
    problems = [
        problem
        for name, text in parts.items()
        if name.startswith("word/")
        for problem in order_problems(text.encode("utf-8"), name)
    ]
    if problems:
        raise SystemExit("\n".join(["the letterhead breaks the schema's order:", *problems]))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2001, 10, 23, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))


if __name__ == "__main__":
    target = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).parents[1] / "resources" / "letterhead.docx"
    )
    build(target)
    print(f"wrote {target}")
