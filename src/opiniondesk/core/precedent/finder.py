"""The fact finder: the facts of a precedent letter, proposed as a built-in template has them.

It reads the letter model (no file, no Qt) and proposes the date; the registrant's name, short
name (the defined term the letter gives it), address, state or country and kind of entity; the
form and SEC file number; amounts (in figures and in words, one fact); share counts and par
values; notes, series, plans, trustees and agents; the dates of agreements and prospectuses; the
prospectus caption of the consent; and the signer's name, title and employer. Every occurrence of
a fact's value becomes that fact (possessives and defined terms included); words that are no fact
stay wording. Where two proposals claim the same words, the longer (the more particular) wins.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..errors import OpinionDeskError
from ..facts import (
    LONG_DATE,
    MONTH_NAMES,
    format_date,
    format_money,
    format_number,
    number_words,
    parse_long_date,
)
from ..model import Letter
from .proposals import (
    Occurrence,
    Proposal,
    kind_of,
    letter_texts,
    unique_id,
    word_pattern,
)

DATE_RE = re.compile(rf"\b(?:{LONG_DATE})\b")
_SUFFIX = (
    r"(?:Inc\.?|Incorporated|Corporation|Corp\.?|Company|Co\.|LLC|L\.L\.C\.|L\.P\.|LP|LLP|"
    r"Ltd\.?|Limited|plc|PLC|N\.A\.|N\.V\.|S\.A\.|SA|AG|SE|ASA|AB|GmbH|B\.V\.|Trust|Bancorp|"
    r"Holdings|P\.C\.|P\.A\.|National Association|Partnership|Fund|Bank|Group)"
)
ENTITY_LINE_RE = re.compile(rf"^(?:The )?[A-Z0-9][\w.&'’,()/ -]*?(?:\s|,\s?){_SUFFIX}$")
ENTITY_RE = re.compile(
    rf"\b[A-Z][\w&'’.-]*(?:[ ,]+(?:[A-Z0-9][\w&'’.-]*|of|&|de|du|the))*?,?\s{_SUFFIX}(?![\w])"
)
JURISDICTIONS = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    "West Virginia|Wisconsin|Wyoming|District of Columbia|Puerto Rico|Switzerland|Bermuda|"
    "Cayman Islands|British Virgin Islands|Marshall Islands|England and Wales|Ireland|"
    "Netherlands|Luxembourg|Canada|Ontario|British Columbia|Alberta|Quebec|Israel|Jersey|"
    "Guernsey|Singapore|Germany|France|Japan|Australia|Mexico|Brazil|India|Hong Kong|Panama|"
    "Liberia|Belgium|Denmark|Sweden|Norway|Finland|Spain|Italy|Scotland|United Kingdom"
)
ENTITY_KINDS = (
    "limited liability company|limited partnership|statutory trust|business trust|"
    "real estate investment trust|exempted company|public limited company|stock corporation|"
    "banking corporation|national banking association|corporation|company|bank|trust|"
    "partnership|societe anonyme|naamloze vennootschap"
)
_KIND_AFTER_RE = re.compile(rf"\b(?:a|an)\s+(?P<j>{JURISDICTIONS})\s+(?P<e>{ENTITY_KINDS})\b")
_LAWS_OF = (
    r"laws\s+of,?\s+(?:[^.;]{0,60}?\bin,\s+)?(?:the\s+)?(?:(?:State|Commonwealth|Province|Republic"
    r"|Kingdom|Grand Duchy|Islands?)\s+of\s+(?:the\s+)?)?"
)
_KIND_BEFORE_RE = re.compile(
    rf"\b(?P<e>{ENTITY_KINDS})\s+(?:duly\s+)?(?:incorporated|organized|organised|formed|"
    rf"amalgamated|existing|established)[^.;]{{0,60}}?\b{_LAWS_OF}(?P<j>{JURISDICTIONS})\b"
)
_LAW_STATE_RE = re.compile(
    rf"\b{_LAWS_OF}(?P<j>{JURISDICTIONS})\b|\b(?P<k>{JURISDICTIONS})\s+law\b"
)
FORM_RE = re.compile(r"\bForms?\s+((?:S|F|SF)-\d{1,2}(?:ASR|MEF)?)\b")
FILE_NUMBER_RE = re.compile(r"\b(333-\d{3,6}(?:-\d{2})?)\b")
MONEY_RE = re.compile(
    r"(?<![\w$])(?:U\.S\.\s?|US)?\$\s?(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<c>\d+))?"
    r"(?:\s+(?P<s>million|billion|trillion))?(?![\d])"
)
SHARES_RE = re.compile(
    r"(?<![\w$.,])(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:\([^()]{1,80}\)\s+)?(?:additional\s+)?"
    r"(?:shares|Shares|ordinary shares|common shares|American Depositary Shares|ADSs)\b"
)
CAPTION_RE = re.compile(
    r"(?:captions?|headings?|sections?\s+(?:entitled|titled|captioned)|entitled)\s*:?\s*"
    r"[\"“](?P<c>[^\"”]{2,80}?)[,.]?[\"”]",
)
NOTES_RE = re.compile(
    rf"(?:\d+(?:\.\d+)?%\s+)?(?:[A-Z][\w-]*\s+){{0,5}}(?:Notes|Debentures|Bonds)\s+due\s+"
    rf"(?:(?:{MONTH_NAMES})\s+\d{{1,2}},\s+)?\d{{4}}\b"
)
SERIES_RE = re.compile(r"\bSeries\s+(\d{4}-[A-Z0-9]+(?:-[A-Z0-9]+)?)\b")
# "X, as trustee", or with the party's kind between: "X, a Delaware statutory trust, as issuer".
ROLE_RE = re.compile(
    r",\s+(?:(?:a|an)\s+[^,;()]{1,60},\s+)?as\s+(?:successor\s+)?(?P<role>indenture trustee|"
    r"owner trustee|trustee|securities administrator|paying agent|warrant agent|rights agent|"
    r"subscription agent|depositary|transfer agent|calculation agent|collateral agent|custodian|"
    r"master servicer|servicer|administrative agent|issuing entity|issuer)\b"
)
PLAN_RE = re.compile(r"\b(?:(?:[A-Z][\w.&'’-]*|\d{4}|and)\s+){1,10}Plan\b")
_NOT_PLAN = re.compile(r"Plan of (?:Merger|Reorganization|Distribution|Arrangement|Conversion)")
TITLE_WORDS_RE = re.compile(
    r"\b(?:Counsel|Secretary|Partner|Officer|President|Attorney|Director|Member|Vice|Chief|"
    r"Associate|Principal|Shareholder|Of Counsel|Esq\.?)\b"
)
_NAME_TOKEN = r"(?:[A-Z][a-zA-Z'’-]+|[A-Z](?:\.[A-Z])*\.?)"
PERSON_RE = re.compile(
    rf"^({_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|de|van|von|der|la|del)){{1,4}})(?=,|$)"
)
IN_HOUSE_RE = re.compile(
    r"\bas\s+(?:an?|the)\s+(?P<title>[A-Z][^,;()]{2,80}?(?:Counsel|Secretary|Attorney|Officer)"
    r"(?:\s*(?:--|—|–|-)\s*[A-Z][\w ]{1,40}?)?)\s+(?:of|to)\s+(?P<employer>"
    + ENTITY_RE.pattern
    + r")"
)
# "As Chief Legal Officer of the Company, I ...": in-house counsel's title, the registrant its employer.
OWN_COUNSEL_RE = re.compile(
    r"\b[Aa]s\s+(?:an?\s+|the\s+)?(?P<title>(?:[A-Z][\w-]*\s+){0,5}(?:Counsel|Secretary|Officer|"
    r"Attorney))\s+(?:of|to|for)\s+the\s+(?:Company|Corporation|Registrant|Bank)\b"
)
_DEFINED_AFTER_RE = re.compile(
    r"^(?:\s*\([^()]{0,80}\))?,?\s*(?:(?:an?|the)\s[^()\"“”;]{0,160}?)?\s*\(\s*(?:the\s+|"
    r"hereinafter(?:\s+(?:referred\s+to\s+as|called))?\s+(?:the\s+)?)?[\"“]?"
    r"(?P<t>[A-Z][^\"”()]{0,39}?)[\"”]?\s*\)"
)
# Defined terms that are ordinary words: a fact only where "the" goes before them.
GENERIC_TERMS = frozenset(
    "Company Corporation Issuer Registrant Bank Trust Partnership Depositor Guarantor Parent "
    "Borrower Fund Operating Partnership Operating Company Trustee Sponsor Seller".split()
)
DATE_CONTEXT = (
    (r"supplemental indenture", "supplemental_indenture_date", "Supplemental indenture date"),
    (r"indenture", "base_indenture_date", "Indenture date"),
    (r"underwriting agreement", "underwriting_agreement_date", "Underwriting agreement date"),
    (
        r"(?:distribution|sales|equity distribution|at[- ]the[- ]market) agreement",
        "distribution_agreement_date",
        "Distribution agreement date",
    ),
    (r"plan of merger|merger agreement", "merger_agreement_date", "Merger agreement date"),
    (r"pricing supplement", "pricing_supplement_date", "Pricing supplement date"),
    (
        r"prospectus supplement|supplement to the prospectus",
        "prospectus_supplement_date",
        "Prospectus supplement date",
    ),
    (r"prospectus", "base_prospectus_date", "Prospectus date"),
    (r"pooling and servicing agreement|agreement", "agreement_date", "Agreement date"),
    (r"resolutions?|meeting|consent", "resolutions_date", "Resolutions date"),
    (r"\bfiled\b|\bfiling\b", "filing_date", "Filing date"),
)
BODY_KINDS = frozenset({"body", "opinion", "reference"})
# The last line of an address: a ZIP or postal code, or a country.
POSTAL_END_RE = re.compile(
    r"(?:\b\d{5}(?:-\d{4})?|\b[A-Z]\d[A-Z] ?\d[A-Z]\d|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"
    r"|\b(?:USA|U\.S\.A\.|United States|Canada|Switzerland|United Kingdom|England|Ireland|"
    r"Bermuda|Cayman Islands|Netherlands|Luxembourg|Israel|Singapore|Germany|France|Japan))$"
)
_NOT_EMPLOYER_RE = re.compile(r"^(?:A\s+)?Professional (?:Law )?(?:Corporation|Association)$", re.I)


def parse_date(text: str) -> dt.date | None:
    """Return the date a long-form date ("October 23, 2001", "23 October 2001") names."""
    return parse_long_date(text) if DATE_RE.fullmatch(text.strip()) else None


def date_forms(value: dt.date) -> list[tuple[str, str]]:
    """Return how a date may be written, each with the filter form that writes it."""
    return [(format_date(value, "long"), "date:long"), (format_date(value, "day"), "date:day")]


def money_value(text: str) -> Decimal | None:
    """Return the amount a figure such as "$1 billion" or "$1,000,000.00" names."""
    found = MONEY_RE.fullmatch(text.strip())
    if not found:
        return None
    try:
        amount = Decimal(found.group("n").replace(",", ""))
        if found.group("c"):
            amount += Decimal("0." + found.group("c"))
    except InvalidOperation:
        return None
    scale = {"million": 10**6, "billion": 10**9, "trillion": 10**12}.get(found.group("s") or "")
    return amount * scale if scale else amount


def money_forms(value: Decimal) -> list[tuple[str, str]]:
    """Return how an amount may be written, each with the filter form that writes it."""
    forms = [(format_money(value, "full"), "money:full")]
    short = format_money(value, "short")
    if short != forms[0][0]:
        forms.append((short, "money:short"))
    if value == value.to_integral_value() and value > 0:
        forms.append((format_money(value, "words"), "money:words"))
    return forms


def number_forms(value: int) -> list[tuple[str, str]]:
    """Return how a whole number may be written: in figures and in words."""
    return [(format_number(value), "number"), (number_words(value), "words")]


@dataclass
class _Candidate:
    proposal: Proposal
    spans: list[Occurrence]
    priority: int


class _Finder:
    def __init__(self, letter: Letter) -> None:
        self.letter = letter
        self.texts = letter_texts(letter)
        self.kinds = {where: kind_of(letter, where) for where in self.texts}
        self.candidates: list[_Candidate] = []
        self.registrant = ""
        self.short = ""
        self.jurisdiction = ""

    # ---- adding candidates -------------------------------------------------------------------

    def places(self, kinds: frozenset[str] | set[str] | None) -> list[int]:
        return [w for w in self.texts if kinds is None or self.kinds[w] in kinds]

    def find(
        self,
        variants: list[tuple[str, str]],
        kinds: frozenset[str] | set[str] | None = None,
        keep: Callable[[int, int, int], bool] | None = None,
    ) -> list[Occurrence]:
        out: list[Occurrence] = []
        for text, form in variants:
            if not text:
                continue
            pattern = word_pattern(text)
            for where in self.places(kinds):
                for found in pattern.finditer(self.texts[where]):
                    if keep is None or keep(where, found.start(), found.end()):
                        out.append(Occurrence(where, found.start(), found.end(), form, text))
        return out

    def add(
        self,
        fact_id: str,
        label: str,
        ftype: str,
        group: str,
        value: object,
        spans: list[Occurrence],
        target: str = "fact",
        priority: int = 5,
        default: bool = False,
        help_text: str = "",
    ) -> Proposal | None:
        if not spans:
            return None
        for c in self.candidates:
            p = c.proposal
            if p.target == target == "fact" and p.type == ftype and p.value == value:
                c.spans += spans
                return p
        taken = {c.proposal.id for c in self.candidates}
        if target == "fact":
            fact_id = unique_id(fact_id, taken)
        proposal = Proposal(
            fact_id, label, ftype, group, value, target=target, default=default, help=help_text
        )
        self.candidates.append(_Candidate(proposal, spans, priority))
        return proposal

    def text_variants(self, value: str) -> list[tuple[str, str]]:
        variants = [(value, "")]
        if value.upper() != value and len(value) > 3:
            variants.append((value.upper(), "upper"))
        return variants

    # ---- the rules -----------------------------------------------------------------------------

    def letter_date(self) -> dt.date | None:
        for where, text in self.texts.items():
            if self.kinds[where] != "date":
                continue
            found = DATE_RE.search(text)
            value = parse_date(found.group()) if found else None
            if value is None:
                return None
            spans = [o for o in self.find(date_forms(value)) if o.text == found.group()]  # type: ignore[union-attr]
            if not any(o.block == where for o in spans):
                return None
            self.add(
                "letter_date",
                "Date of letter",
                "date",
                "letter",
                value.isoformat(),
                spans,
                target="letter_date",
                priority=1,
            )
            return value
        return None

    def exhibit_number(self) -> None:
        for where, text in self.texts.items():
            if self.kinds[where] != "exhibit":
                continue
            found = re.search(r"\d+(?:\.\d+)?", text)
            if not found:
                return
            value = found.group()

            def after_exhibit(w: int, start: int, end: int) -> bool:
                return bool(re.search(r"(?i)(?:exhibit|ex-)\s*$", self.texts[w][:start]))

            spans = self.find([(value, "")], None, after_exhibit)
            self.add(
                "exhibit_number", "Exhibit number", "text", "letter", value, spans, default=True
            )
            return

    def registrant_name(self) -> None:
        address = next((w for w in self.texts if self.kinds[w] == "address"), None)
        name = ""
        address_lines: list[str] = []
        if address is not None:
            lines = self.texts[address].split("\n")
            for n, line in enumerate(lines):
                candidate = re.sub(r"^(?:To:?\s+|Attention:?\s+)", "", line.strip())
                if ENTITY_LINE_RE.match(candidate) and not candidate.lower().startswith(
                    "attention"
                ):
                    name = candidate
                    rest = lines[n + 1 :]
                    while rest and ENTITY_LINE_RE.match(rest[0].strip()):
                        rest = rest[1:]
                    for line2 in rest:
                        if re.match(r"(?i)^(?:attention|attn|re)\b", line2.strip()) or (
                            ENTITY_LINE_RE.match(line2.strip()) and not re.search(r"\d", line2)
                        ):
                            break
                        address_lines.append(line2)
                        if POSTAL_END_RE.search(line2.strip()):
                            break
                    break
        if not name:
            for where in self.places(BODY_KINDS):
                for found in ENTITY_RE.finditer(self.texts[where]):
                    if _DEFINED_AFTER_RE.match(self.texts[where][found.end() :]):
                        name = found.group()
                        break
                if name:
                    break
        if not name:
            return
        self.registrant = name
        spans = self.find(self.text_variants(name))
        self.add(
            "registrant_name", "Registrant's name", "text", "registrant", name, spans, priority=2
        )
        if address is not None and address_lines:
            value = "\n".join(address_lines)
            # Every place the address stands (a second addressee "c/o" the same office too).
            text = self.texts[address]
            occurrences = [
                Occurrence(address, m.start(), m.end(), "lines", value)
                for m in re.finditer(re.escape(value), text)
            ]
            self.add(
                "registrant_address",
                "Registrant's address",
                "multiline",
                "registrant",
                value,
                occurrences,
                priority=2,
            )
        self.short_name()

    def short_name(self) -> None:
        term = ""
        for where in self.places(BODY_KINDS):
            text = self.texts[where]
            for found in word_pattern(self.registrant).finditer(text):
                defined = _DEFINED_AFTER_RE.match(text[found.end() :])
                if defined:
                    term = defined.group("t").strip()
                    break
            if term:
                break
        if not term or term == self.registrant:
            return
        self.short = term
        generic = term in GENERIC_TERMS

        def keep(where: int, start: int, end: int) -> bool:
            if not generic:
                return True
            return bool(re.search(r"(?:\b[Tt]he|THE)\s+[\"“]?$", self.texts[where][:start]))

        spans = self.find(self.text_variants(term), None, keep)
        self.add(
            "registrant_short_name",
            "Registrant's short name",
            "text",
            "registrant",
            term,
            spans,
            priority=3,
            help_text="The defined term the letter gives the registrant.",
        )

    def jurisdiction_and_entity(self) -> None:
        subjects = [s for s in (self.registrant, self.short) if s]
        chosen = None
        matches = []
        for where in self.places(BODY_KINDS):
            text = self.texts[where]
            for pattern in (_KIND_AFTER_RE, _KIND_BEFORE_RE):
                for found in pattern.finditer(text):
                    matches.append((where, found))
        best = None
        for where, found in matches:
            before = self.texts[where][: found.start()]
            ends = [before.rfind(s) + len(s) for s in subjects if s in before]
            if ends:
                distance = found.start() - max(ends)
                if distance <= 200 and (best is None or distance < best[0]):
                    best = (distance, found)
        chosen = best[1] if best else (matches[0][1] if matches else None)
        if chosen is None:
            return
        jurisdiction, entity = chosen.group("j"), chosen.group("e")
        self.jurisdiction = jurisdiction
        spans = self.find([(jurisdiction, "")], BODY_KINDS)
        self.add(
            "registrant_jurisdiction",
            "State or country of organisation",
            "text",
            "registrant",
            jurisdiction,
            spans,
            priority=4,
        )
        entity_spans = [
            Occurrence(w, f.start("e"), f.end("e"), "", entity)
            for w, f in matches
            if f.group("e") == entity and f.group("j") == jurisdiction
        ]
        self.add(
            "registrant_entity",
            "Kind of entity",
            "text",
            "registrant",
            entity,
            entity_spans,
            priority=4,
            default=True,
        )

    def governing_law(self) -> None:
        for where in self.places(BODY_KINDS):
            for found in _LAW_STATE_RE.finditer(self.texts[where]):
                state = found.group("j") or found.group("k")
                if state and state != self.jurisdiction:
                    spans = self.find([(state, "")], BODY_KINDS)
                    self.add(
                        "governing_law_state",
                        "Governing law (state)",
                        "text",
                        "opinion",
                        state,
                        spans,
                        priority=6,
                        default=True,
                    )
                    return

    def form_and_file_number(self) -> None:
        for where in self.places(None):
            found = FORM_RE.search(self.texts[where])
            if found:
                value = found.group(1)
                self.add("form", "Form", "text", "offering", value, self.find([(value, "")]))
                break
        for where in self.places(None):
            found = FILE_NUMBER_RE.search(self.texts[where])
            if found:
                value = found.group(1)
                spans = self.find([(value, "")])
                self.add("file_number", "SEC file number", "text", "offering", value, spans)
                break

    def money(self) -> None:
        amounts: list[Decimal] = []
        seen: set[str] = set()  # amounts written as text, already proposed
        for where in self.places(BODY_KINDS | {"address"}):
            text = self.texts[where]
            for found in MONEY_RE.finditer(text):
                matched = found.group()
                after, before = text[found.end() :], text[: found.start()]
                value = money_value(matched)
                if value is None:
                    continue
                par = re.match(r"\s+(?:per share\s+)?par value", after) or re.search(
                    r"par value(?:\s+of)?\s*$", before
                )
                per_share = re.match(r"\s+per\s+(?:share|ADS|unit)", after)
                forms = dict(money_forms(value))
                if par or per_share or value < 1000 or matched not in forms:
                    if matched in seen:
                        continue  # found (and its spans added) the first time it was met
                    seen.add(matched)
                    fid, label = (
                        ("par_value", "Par value per share")
                        if par
                        else ("price_per_share", "Price per share")
                        if per_share
                        else ("amount", "Amount")
                    )
                    spans = self.find([(matched, "")], BODY_KINDS)
                    self.add(fid, label, "text", "offering", matched, spans, default=bool(par))
                    continue
                if value not in amounts:
                    amounts.append(value)
        for n, value in enumerate(amounts):
            spans = self.find(money_forms(value), BODY_KINDS)
            self.add(
                "aggregate_amount" if n == 0 else "amount",
                "Aggregate amount" if n == 0 else "Amount",
                "money",
                "offering",
                format(value.normalize(), "f"),
                spans,
            )

    def shares(self) -> None:
        counts: list[int] = []
        for where in self.places(BODY_KINDS):
            for found in SHARES_RE.finditer(self.texts[where]):
                value = int(found.group("n").replace(",", ""))
                if value not in counts and value > 0:
                    counts.append(value)
        for n, value in enumerate(counts):
            variants = number_forms(value)

            def keep(where: int, start: int, end: int, value: int = value) -> bool:
                return not re.search(r"\$\s?$", self.texts[where][:start])

            spans = self.find(variants, BODY_KINDS, keep)
            spans = [o for o in spans if o.form != "words" or value >= 10]
            self.add(
                "share_count",
                "Number of shares" if n == 0 else f"Number of shares ({n + 1})",
                "number",
                "offering",
                value,
                spans,
            )

    def dates(self, letter_date: dt.date | None) -> None:
        kinds = BODY_KINDS | {"address", "header"}
        dated = next((c for c in self.candidates if c.proposal.target == "letter_date"), None)
        seen: set[dt.date] = set()
        for where in self.places(BODY_KINDS | {"address"}):
            text = self.texts[where]
            for found in DATE_RE.finditer(text):
                value = parse_date(found.group())
                if value is None or value in seen:
                    continue
                seen.add(value)
                spans = self.find(date_forms(value), kinds)
                if value == letter_date and dated is not None:
                    have = set(dated.spans)
                    dated.spans += [o for o in spans if o not in have]
                    continue
                if any(
                    c.proposal.type == "date" and c.proposal.value == value.isoformat()
                    for c in self.candidates
                ):
                    continue
                fid, label = _date_label(text[: found.start()])
                self.add(fid, label, "date", "offering", value.isoformat(), spans)

    def caption(self) -> None:
        seen = []
        for where in self.places(BODY_KINDS):
            for found in CAPTION_RE.finditer(self.texts[where]):
                value = found.group("c").strip()
                if value in seen:
                    continue
                seen.append(value)
                spans = self.find([(value, "")], BODY_KINDS)
                self.add(
                    "prospectus_caption",
                    "Prospectus caption" if len(seen) == 1 else "Prospectus caption (2)",
                    "text",
                    "opinion",
                    value,
                    spans,
                    default=True,
                    help_text="The heading of the prospectus that names counsel.",
                )

    def securities(self) -> None:
        for pattern, fid, label in (
            (NOTES_RE, "notes_title", "Notes (title)"),
            (SERIES_RE, "series", "Series"),
        ):
            seen: list[str] = []
            for where in self.places(BODY_KINDS):
                for found in pattern.finditer(self.texts[where]):
                    value = found.group(1) if pattern.groups else found.group()
                    if value in seen:
                        continue
                    seen.append(value)
                    spans = self.find([(value, "")], BODY_KINDS | {"header"})
                    self.add(fid, label, "text", "offering", value, spans)

    def parties(self) -> None:
        seen: set[str] = set()
        for where in self.places(BODY_KINDS):
            text = self.texts[where]
            for found in ROLE_RE.finditer(text):
                name = _name_before(text, found.start())
                if not name or name == self.registrant or name in ("Company", self.short):
                    continue
                if name in seen:
                    continue  # proposed (or merged into a proposal) the first time it was met
                seen.add(name)
                role = found.group("role")
                spans = self.find([(name, "")], BODY_KINDS)
                self.add(
                    role.replace(" ", "_") + "_name",
                    role[0].upper() + role[1:],
                    "text",
                    "offering",
                    name,
                    spans,
                )

    def plans(self) -> None:
        seen: list[str] = []
        for where in self.places(BODY_KINDS):
            text = self.texts[where]
            for found in PLAN_RE.finditer(text):
                value = _plan_name(found.group(), text[found.end() : found.end() + 20])
                if not value:
                    continue
                for prefix in (self.registrant, self.short):
                    if prefix and value.startswith(prefix + " "):
                        value = value[len(prefix) + 1 :]
                # "Acme Holdings, Inc. 2025 Plan": the match starts after the name's comma.
                value = re.sub(rf"^{_SUFFIX}\s+", "", value)
                if len(value.split()) < 2 or value in seen:
                    continue
                seen.append(value)
                spans = self.find([(value, "")], BODY_KINDS)
                self.add("plan_name", "Plan", "text", "offering", value, spans)

    def signer(self) -> None:
        signature = self.letter.signature
        conformed = signature.conformed if signature.style == "conformed" else ""
        if not conformed:
            # No "/s/": a typed firm name under the closing is what a filing copy conforms.
            first = next(
                (self.texts[w].split("\n")[0].strip() for w in self.places({"signer"})), ""
            )
            if first and not PERSON_RE.match(first) and not first.endswith(":"):
                conformed = first
        firm = bool(conformed) and not PERSON_RE.match(conformed)
        signer_kinds = {"signer", "signature"} if firm else {"signature"}
        if conformed:
            spans = self.find(
                self.text_variants(conformed) + [(conformed.title(), "")], signer_kinds
            )
            self.add(
                "signer.conformed",
                "Conformed signature",
                "text",
                "signer",
                conformed,
                spans,
                target="signer",
                priority=1,
            )
        name = title = employer = ""
        for where in self.places({"signer"}):
            for line in self.texts[where].split("\n"):
                line = line.strip()
                if firm and line.lower() == conformed.lower():
                    continue
                person = PERSON_RE.match(line)
                if (
                    not name
                    and person
                    and not ENTITY_LINE_RE.match(line)
                    and not TITLE_WORDS_RE.search(person.group(1))
                    and len(line) < 60
                ):
                    name = person.group(1)
                elif not title and TITLE_WORDS_RE.search(line) and not ENTITY_LINE_RE.match(line):
                    title = re.sub(r"^(?:Its|Title):?\s+", "", line)
                elif (
                    not employer and ENTITY_LINE_RE.match(line) and not _NOT_EMPLOYER_RE.match(line)
                ):
                    employer = line
        for where in self.places(BODY_KINDS):
            found = IN_HOUSE_RE.search(self.texts[where])
            if found:
                title = title or found.group("title")
                employer = employer or found.group("employer")
                break
            own = OWN_COUNSEL_RE.search(self.texts[where])
            if own and not title:
                title = own.group("title")
        non_signature = {k for k in set(self.kinds.values()) if k != "signature"}
        for key, label, value in (
            ("name", "Signer's name", name),
            ("title", "Signer's title", title),
            ("employer", "Signer's employer or firm", employer),
        ):
            if value:
                kinds = non_signature if key != "employer" else non_signature - {"address"}
                spans = self.find(self.text_variants(value), kinds)
                self.add(f"signer.{key}", label, "text", "signer", value, spans, target="signer")

    # ---- choosing among them -------------------------------------------------------------------

    def resolve(self) -> list[Proposal]:
        spans = [(o, c) for c in self.candidates for o in c.spans]
        spans.sort(key=lambda x: (-(x[0].end - x[0].start), x[1].priority, x[0].block, x[0].start))
        held: dict[int, list[Occurrence]] = {}
        kept: dict[int, list[Occurrence]] = {}
        for occ, cand in spans:
            here = held.setdefault(occ.block, [])
            if any(o.overlaps(occ) for o in here):
                continue
            here.append(occ)
            kept.setdefault(id(cand), []).append(occ)
        out: list[Proposal] = []
        for cand in self.candidates:
            occurrences = kept.get(id(cand), [])
            if not occurrences:
                continue
            occurrences.sort(key=_order)
            cand.proposal.occurrences = occurrences
            out.append(cand.proposal)
        out.sort(key=lambda p: _order(p.occurrences[0]))
        return out


def _order(occ: Occurrence) -> tuple[bool, int, int]:
    return (occ.block < 0, abs(occ.block), occ.start)


def _date_label(before: str) -> tuple[str, str]:
    window = before[-160:].lower()
    best: tuple[int, str, str] | None = None
    for pattern, fid, label in DATE_CONTEXT:
        for found in re.finditer(pattern, window):
            if best is None or found.end() > best[0]:
                best = (found.end(), fid, label)
    if best is None:
        return "date", "Date"
    return best[1], best[2]


_GENERIC_NAME_WORDS = frozenset(
    "The Trust Company Bank Trustee Agent Depositary Financial Institution National Association"
    " Indenture Paying Warrant Rights Transfer".split()
)
_TOKEN_RE = re.compile(r"[\w&'’.-]+|[^\w\s]")


def _name_before(text: str, end: int) -> str:
    """Return the proper name that ends at `end` ("The Bank of New York Mellon, N.A.")."""
    tokens = [(m.start(), m.group()) for m in _TOKEN_RE.finditer(text[:end])]
    start = None
    k = len(tokens) - 1
    while k >= 0:
        pos, tok = tokens[k]
        if tok == ",":
            nxt = tokens[k + 1][1] if k + 1 < len(tokens) else ""
            if re.fullmatch(_SUFFIX + r"|National|Association|FSB", nxt):
                k -= 1
                continue
            break
        if tok[:1].isupper() or tok[:1].isdigit() or tok == "&":
            start = pos
        elif tok in ("of", "the", "for", "de", "du") and k > 0 and tokens[k - 1][1][:1].isupper():
            pass
        else:
            break
        k -= 1
    if start is None or re.search(r"\bthe\s+$", text[:start]):
        return ""  # "the Trust Company": a defined term, not a name
    name = text[start:end].strip(" ,")
    name = re.sub(r"^(?:and|between|among|with|by|to)\s+", "", name)
    words = set(name.replace(",", " ").split())
    if len(name.split()) < 2 or words <= _GENERIC_NAME_WORDS:
        return ""
    return name


def _plan_name(found: str, after: str) -> str:
    words = found.split()
    # "Amended and Restated" is part of a plan's name; any other "and" starts it afresh.
    while "and" in words:
        i = words.index("and")
        if i > 0 and words[i - 1] == "Amended":
            words[i] = "\0and"
        else:
            words = words[i + 1 :]
    words = [w.replace("\0", "") for w in words]
    while words and (
        words[0] in ("The", "the", "Our", "Company’s", "Company's")
        or words[0].endswith(("'s", "’s"))
    ):
        words = words[1:]
    name = " ".join(words)
    if _NOT_PLAN.search(name + " " + after) or len(words) < 2:
        return ""
    return name


def find_facts(letter: Letter) -> list[Proposal]:
    """Return the proposed facts of a precedent's letter model, in the order the letter gives them."""
    finder = _Finder(letter)
    letter_date = finder.letter_date()
    finder.exhibit_number()
    finder.registrant_name()
    finder.jurisdiction_and_entity()
    finder.governing_law()
    finder.form_and_file_number()
    finder.signer()
    finder.parties()
    finder.plans()
    finder.securities()
    finder.money()
    finder.shares()
    finder.dates(letter_date)
    finder.caption()
    return finder.resolve()


def reread(proposal: Proposal, new_type: str) -> None:
    """Give a proposal a new type, reading its value afresh from the words at its occurrences."""
    texts = {o.text for o in proposal.occurrences}
    if new_type in ("text", "multiline"):
        if len(texts) > 1 and not all(
            o.form in ("", "upper", "lines") for o in proposal.occurrences
        ):
            raise OpinionDeskError(
                f"“{proposal.label}” is written {len(texts)} ways in the letter; as text it "
                "would be written one way: keep it a " + proposal.type + " fact"
            )
        first = proposal.occurrences[0].text if proposal.occurrences else str(proposal.value)
        if new_type == "text" and "\n" in first:
            raise OpinionDeskError(f"“{proposal.label}” spans lines: make it multiline text")
        proposal.value = first
        proposal.occurrences = [
            Occurrence(o.block, o.start, o.end, "lines" if new_type == "multiline" else "", o.text)
            for o in proposal.occurrences
            if o.text == first
        ]
        proposal.type = new_type
        return
    readers: dict[str, Callable[[str], tuple[object, list[tuple[str, str]]] | None]] = {
        "date": lambda t: (lambda d: (d.isoformat(), date_forms(d)) if d else None)(parse_date(t)),
        "money": lambda t: (
            lambda m: (format(m.normalize(), "f"), money_forms(m)) if m is not None else None
        )(money_value(t)),
        "number": lambda t: (
            (int(t.replace(",", "")), number_forms(int(t.replace(",", ""))))
            if re.fullmatch(r"\d{1,3}(?:,\d{3})*|\d+", t.strip())
            else None
        ),
    }
    values = set()
    occurrences = []
    for occ in proposal.occurrences:
        read = readers[new_type](occ.text)
        if read is None:
            raise OpinionDeskError(f"“{occ.text}” cannot be read as a {new_type}")
        value, forms = read
        form = dict(forms).get(occ.text)
        if form is None:
            raise OpinionDeskError(
                f"“{occ.text}” is not written the way a {new_type} fact writes it; keep it text"
            )
        values.add(value)
        occurrences.append(Occurrence(occ.block, occ.start, occ.end, form, occ.text))
    if len(values) != 1:
        raise OpinionDeskError(f"“{proposal.label}” stands for more than one {new_type}")
    proposal.value = values.pop()
    proposal.occurrences = occurrences
    proposal.type = new_type
