"""The letterhead's style names each part of a letter takes, shared by the DOCX writer and the pages.

A department letterhead must define these names (a missing one falls back to Normal); this module
imports nothing heavy, so the preview can use it without loading python-docx.
"""

# The letterhead's paragraph style for each block kind.
STYLE_FOR_KIND = {
    "exhibit": "Exhibit Label",
    "date": "Letter Date",
    "address": "Address",
    "reference": "Reference Line",
    "salutation": "Salutation",
    "body": "Letter Body",
    "opinion": "Opinion Paragraph",
    "closing": "Closing",
    "signature": "Signature",
    "signer": "Signer",
}
# The continuation header's lines: the addressee, then the page line.
HEADER_STYLES = ("Continuation Header", "Continuation Page")
DRAFT_STYLE = "Draft Mark"
PLACEHOLDER_STYLE = "Placeholder"  # a character style
