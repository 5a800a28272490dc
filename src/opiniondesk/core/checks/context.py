"""How the checks read a letter: its paragraphs as plain text, what each opinion paragraph is about.

Every rule reads one `CheckContext`, built once per check run; what more than one rule needs
(the law limitation, the consent, the assumptions, the kind of each opinion paragraph) is worked
out here once, lazily, so that checking a letter stays within a few milliseconds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .. import jurisdictions
from ..facts import LONG_DATE, parse_long_date
from ..model import Block, Letter, Placeholder
from . import conventions as conv
from .places import places

if TYPE_CHECKING:
    from ..matter import Matter
    from ..templates import Template

I = re.IGNORECASE  # noqa: E741 - short alias for the many patterns below


class Rx:
    """A pattern searched only when the text holds one of its key words (a cheap substring test).

    Python's regular expressions scan slowly for case-blind alternatives that start with a word
    boundary; most paragraphs lack every key word, so the gate skips most scans. Every match must
    contain one of the keys: lowercase for a case-blind pattern, as written for a case-sensitive one.
    The letter's text is normalized (single spaces, straight quotes), so keys may be phrases.
    """

    __slots__ = ("regex", "keys", "case", "lower")

    def __init__(
        self, pattern: str, *keys: str, flags: int = re.IGNORECASE, lower: bool = False
    ) -> None:
        # lower=True: a lowercase pattern run on the lowercased text, written without a leading \b
        # so the scan can jump to its first literal; for yes/no tests (positions are the lowercase
        # text's)
        self.regex = re.compile(pattern, 0 if lower else flags)
        self.keys = keys
        self.case = not lower and not flags & re.IGNORECASE  # such keys are matched as written
        self.lower = lower

    def may_match(self, text: str, low: str | None = None) -> bool:
        """Return whether the text holds a key word (so the pattern may match)."""
        if self.case:
            return any(k in text for k in self.keys)
        low = text.lower() if low is None else low
        return any(k in low for k in self.keys)

    def search(self, text: str, low: str | None = None) -> re.Match[str] | None:
        """Return the first match, as `re.Pattern.search` does."""
        if self.lower:
            low = text.lower() if low is None else low
            return self.regex.search(low) if self.may_match(text, low) else None
        return self.regex.search(text) if self.may_match(text, low) else None

    def finditer(self, text: str, low: str | None = None) -> Iterator[re.Match[str]]:
        """Return the matches, as `re.Pattern.finditer` does."""
        return self.regex.finditer(text) if self.may_match(text, low) else iter(())

    def split(self, text: str) -> list[str]:
        """Split the text at matches, as `re.Pattern.split` does."""
        return self.regex.split(text)

    @property
    def pattern(self) -> str:
        """Return the pattern's source."""
        return self.regex.pattern


US_STATES = (
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia "
    "Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts "
    "Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon "
    "Pennsylvania Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming"
).split() + [
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "West Virginia",
    "District of Columbia",
    "Puerto Rico",
]
# the territories count as the United States too (their law is not a foreign registrant's)
US_TERRITORIES = (
    "Guam",
    "United States Virgin Islands",
    "U.S. Virgin Islands",
    "American Samoa",
    "Northern Mariana Islands",
    "Commonwealth of the Northern Mariana Islands",
)
_US_SET = {s.lower() for s in US_STATES + list(US_TERRITORIES)} | {
    "united states",
    "united states of america",
    "u.s.",
}
STATE_RE = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in US_STATES) + r")\b")

_NORMALIZE = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2014": "-",
        "\u2013": "-",
        "\u00a0": " ",
        "\n": " ",
    }
)
_WS = re.compile(r"\s+")
SENTENCE_SPLIT = re.compile(r"(?<=[.;:])\s+(?=[\"(]?[A-Z0-9(])")

# ---- shared patterns -------------------------------------------------------------------------------

EXISTENCE_RE = Rx(
    r"\b(?:duly\s+(?:incorporated|organized|formed)|validly\s+existing|in\s+good\s+standing|"
    r"legally\s+existing)\b",
    "duly incorporated",
    "duly organized",
    "duly formed",
    "validly existing",
    "good standing",
    "legally existing",
)
VALIDLY_ISSUED_RE = Rx(
    r"(?:validly|legally)\s+issued\b", "validly issued", "legally issued", lower=True
)
FULLY_PAID_RE = Rx(r"fully[\s-]+paid\b", "fully paid", "fully-paid", lower=True)
NON_ASSESSABLE_RE = Rx(r"non-?\s?assessable\b", "assessable", lower=True)
BINDING_OBLIGATION_RE = Rx(r"binding\s+obligations?\b", "binding obligation", lower=True)
BINDING_RE = Rx(r"binding\b", "binding", lower=True)
CONCLUSION_RE = Rx(
    r"\b(?:valid|enforceable|legally|issued|constitutes?|obligations?|entitled|binding)\b",
    "valid",
    "enforceable",
    "legally",
    "issued",
    "constitut",
    "obligation",
    "entitled",
    "binding",
)
CREDITORS_EXCEPTION_RE = Rx(
    r"\b(?:bankruptcy|insolvency|moratorium|fraudulent\s+(?:conveyance|transfer)|"
    r"principles\s+of\s+equity|equitable\s+principles|creditors'?\s+rights)\b",
    "bankruptcy",
    "insolvency",
    "moratorium",
    "fraudulent",
    "equit",
    "creditor",
)
OPINION_INTRO_RE = Rx(
    r"\b(?:(?:of\s+the|our|my)\s+opinion\s+that|we\s+advise\s+you\s+that|it\s+is\s+(?:our|my)\s+opinion)\b",
    "opinion that",
    "advise you that",
    "our opinion",
    "my opinion",
)
LAW_LIMIT_RE = Rx(
    r"\b(?:limited\s+(?:solely\s+|exclusively\s+)?to|confined\s+to|express(?:es|ing)?\s+no\s+opinion|"
    r"do(?:es)?\s+not\s+(?:purport\s+to\s+)?express\s+any\s+opinion|render\s+no\s+opinion|"
    r"(?:we|I)\s+(?:are|am)\s+(?:a\s+)?members?\s+of\s+the\s+bar)",
    "limited",
    "confined",
    "no opinion",
    "express",
    "render no",
    "of the bar",
)
LAW_WORD_RE = Rx(
    r"\blaws?\b|\bjurisdictions?\b|\bstatutes?\b|\bAct\b",
    "law",
    "jurisdiction",
    "statute",
    "act",
)
CONSENT_RE = Rx(
    r"\b(?:hereby\s+)?consents?\s+to\s+(?:the\s+)?(?:use|filing|reference|inclusion|incorporation)|"
    r"\bhereby\s+consents?\b|\bconsent\s+is\s+hereby\s+given\b",
    "consent",
)
SECTION7_RE = Rx(
    r"\bSection\s+7\b|\bcategory\s+of\s+persons\s+whose\s+consent|\bdo(?:es)?\s+not\s+(?:thereby\s+)?admit\b|"
    r"\bnot\s+(?:be\s+deemed\s+)?an\s+admission\b",
    "section 7",
    "category",
    "admit",
    "admission",
)
FORM_RE = Rx(r"\bForm\s+([A-Z]{1,2}-\d{1,2}[A-Z]*)\b", "Form ", flags=0)
# its keys are the phrases themselves, so the gate alone decides (`may_match`)
SHELF_TEXT_RE = Rx(
    r"\bRule\s+415\b|\bone\s+or\s+more\s+series\b|\bfrom\s+time\s+to\s+time\b|"
    r"\bdelayed\s+or\s+continuous\b|\bdelayed\s+basis\b|\bshelf\b",
    "rule 415",
    "one or more series",
    "from time to time",
    "delayed",
    "shelf",
)
FORM_OF_RE = Rx(
    r"^\s*\[?\s*form\s+of\b|\bform\s+of\s+(?:legal\s+|our\s+|the\s+)?opinion\b",
    "form of",
)
CORP_ACTION_COND_RE = Rx(
    r"\b(?:when|upon|after|once|if|assuming|provided\s+that)\b[^.;]{0,240}?"
    r"(?:\b(?:have|has|shall\s+have|will\s+have)\s+been\s+duly\s+(?:and\s+validly\s+)?authorized\b|"
    r"\bboard\s+of\s+(?:directors|trustees|managers)\b[^.;]{0,100}?\b(?:has|have|shall\s+have|will\s+have)\s+"
    r"(?:duly\s+)?(?:taken|authorized|approved|adopted|established|determined)\b|"
    r"\ball\s+(?:necessary|requisite|appropriate)\s+(?:corporate|company|partnership|"
    r"limited\s+liability\s+company|trust)\s+action)",
    "authorized",
    "board of",
    "action",
)
SHARE_AVAILABILITY_RE = Rx(
    r"\b(?:sufficient|adequate|enough)\s+(?:number\s+of\s+)?(?:authorized|available|unissued)|"
    r"\b(?:remain|will\s+be|are)\s+available\s+for\s+issuance\b|"
    r"\b(?:does|do|will)\s+not\s+exceed\s+the\s+(?:number\s+of\s+)?(?:authorized|available)\b|"
    r"\bwithin\s+the\s+limits?\s+of\s+(?:the\s+)?authorized\b",
    "sufficient",
    "adequate",
    "enough",
    "available",
    "exceed",
    "limit",
)
ASSUME_RE = Rx(
    r"\b(?:(?:have|has|I|we|also|further|I\s+also|we\s+also)\s+assumed|(?:I|we)\s+(?:also\s+|further\s+)?assume|"
    r"assuming|assumptions?|(?:it\s+is|it\s+has\s+been)\s+assumed)\b",
    "assum",
)
NOT_ASSUMPTION_RE = Rx(
    r"\bassumes?\s+no\s+(?:obligation|responsibility|duty)|\bdo(?:es)?\s+not\s+assume\b|"
    r"\bundertake\s+no\b",
    "assume",
    "undertake",
)
OTHER_PARTY_RE = re.compile(
    r"\b(?:trustees?|other\s+part(?:y|ies)|each\s+party|parties\s+(?:thereto|to\s+such)|all\s+parties|"
    r"counterpart(?:y|ies)|agents?|underwriters?|depositar(?:y|ies)|natural\s+persons|"
    r"signator(?:y|ies)|each\s+of\s+the\s+parties|registrar|servicer|custodian|purchasers?)\b",
    I,
)
LLC_LP_CONTEXT_RE = Rx(
    r"\b(?:limited\s+liability\s+company\s+interests|membership\s+interests|limited\s+partner(?:ship)?\s+interests|"
    r"partnership\s+interests|common\s+units|units\s+representing|shares\s+of\s+beneficial\s+interest|"
    r"beneficial\s+interests)\b",
    "interest",
    "units",
)
_GENERIC_ALIASES = (
    "Company",
    "Registrant",
    "Issuer",
    "Corporation",
    "Partnership",
    "Depositor",
    "Guarantor",
    "Guarantors",
    "Parent",
)
_DEFINED_TERM_RE = re.compile(r"\(\s*(?:the\s+)?\"([^\"]{1,60})\"")
# the first entity the letter names with a corporate suffix and a defined term is the registrant
_ENTITY_TERM_RE = re.compile(
    r"\b((?:[A-Z][\w.&'-]*,?\s+){0,6}?(?:Inc\.|Incorporated|Corporation|Corp\.|Company|LLC|L\.L\.C\.|L\.P\.|LP|"
    r"Ltd\.|Limited|plc|PLC|N\.V\.|S\.A\.|AG|SE|Trust|Bancorp|Holdings))\s*(?:,\s*an?\s+[^()\"]{0,80}?)?"
    r"\(\s*(?:the\s+)?\"([^\"]{1,40})\"\s*\)"
)
_NOT_REGISTRANT_TERMS = frozenset(
    {
        "Trustee",
        "Agent",
        "Underwriter",
        "Underwriters",
        "Representative",
        "Representatives",
        "Depositary",
    }
)

# the head noun of a security, and what kind of paragraph it makes
_SECURITY_NOUN_RE = re.compile(
    r"\b(depositary\s+shares|debt\s+securities|purchase\s+contracts?|subscription\s+rights|"
    r"limited\s+liability\s+company\s+interests|membership\s+interests|limited\s+partner(?:ship)?\s+interests|"
    r"partnership\s+interests|shares\s+of\s+beneficial\s+interest|common\s+units|"
    r"shares?|stock|notes?|debentures?|bonds?|guarantees?|guaranties|guaranty|warrants?|Rights|"
    r"units?|certificates?|indentures?|agreements?)\b",
    I,
)
_NOUN_KIND = {
    "depositary shares": "depositary",
    "debt securities": "debt",
    "purchase contract": "instrument",
    "purchase contracts": "instrument",
    "subscription rights": "instrument",
    "share": "equity",
    "shares": "equity",
    "stock": "equity",
    "note": "debt",
    "notes": "debt",
    "debenture": "debt",
    "debentures": "debt",
    "bond": "debt",
    "bonds": "debt",
    "guarantee": "debt",
    "guarantees": "debt",
    "guaranties": "debt",
    "guaranty": "debt",
    "warrant": "instrument",
    "warrants": "instrument",
    "rights": "instrument",
    "unit": "instrument",
    "units": "instrument",
    "certificate": "abs",
    "certificates": "abs",
    "indenture": "agreement",
    "indentures": "agreement",
    "agreement": "agreement",
    "agreements": "agreement",
}
BINDING_KINDS = ("debt", "instrument", "agreement")
EQUITY_KINDS = ("equity", "interests")


DATE_TEXT = LONG_DATE  # "March 3, 2025" or "3 March 2025"
parse_date = parse_long_date  # the first such date in a text


def normalize(text: str) -> str:
    """Return text with straight quotes, plain hyphens and single spaces."""
    return " ".join(text.translate(_NORMALIZE).split())


def sentences(text: str) -> list[str]:
    """Return a paragraph's sentences (split after ".", ";" or ":" before a capital or number)."""
    return [s for s in SENTENCE_SPLIT.split(text) if s]


@dataclass(frozen=True)
class Para:
    """One paragraph as the checks read it: its block index, kind, number and normalized text."""

    index: int
    kind: str
    number: int | None
    text: str
    facts: frozenset[str]
    has_placeholder: bool
    low: str = ""
    place: str = ""

    @property
    def where(self) -> str:
        """Return how users name this paragraph: "paragraph 9 (opinion 3)" (see `places`)."""
        return self.place or f"paragraph {self.index + 1}"


@dataclass(frozen=True)
class Security:
    """A class of security the facts list: the names it may go by, its kind, what underlies it."""

    names: tuple[str, ...]
    kind: str
    underlying: tuple[str, ...] = ()
    amount_fact: str | None = None
    status: str = ""


@dataclass(frozen=True)
class Assumption:
    """One assumption clause, with the paragraph it stands in."""

    para: Para
    text: str


def _component_names(under: Any) -> Iterator[str]:
    """Yield the names of what a security is made of or issuable for ("debt securities"), from a
    name, a list of names or kinds, or a list of items naming each by kind or name."""
    items = under if isinstance(under, list) else [under]
    for item in items:
        if isinstance(item, dict):
            item = conv.first_field(item, conv.SECURITY_KIND_FIELDS + conv.SECURITY_NAME_FIELDS)
        if not isinstance(item, str):
            continue
        # "debt_securities, warrants" or "Debt Securities and Warrants": one name each
        for part in re.split(r"\s*(?:,|;|\band\b|\bor\b)\s*", item.replace("_", " ")):
            if part.strip():
                yield normalize(part).lower() if part.islower() else normalize(part)


def _jurisdiction_key(name: str) -> str:
    name = normalize(name)
    name = re.sub(r"^(?:the\s+)?(?:State|Commonwealth)\s+of\s+", "", name, flags=I)
    return re.sub(r"^the\s+", "", name, flags=I).strip(" .,;")


def final_copy_gaps(template: Template, matter: Matter, letter: Letter) -> list[tuple[str, str]]:
    """Return (fact id, label) of each gap a filing or signed copy of the matter may not have
    (`templates.drawn_copy_gaps`): X5-SIG-01 counts these, so the status bar, the Checks dock and
    `opiniondesk check` count the same gaps."""
    from ..templates import drawn_copy_gaps

    return drawn_copy_gaps(template, matter, letter)


class CheckContext:
    """One letter, its facts and its template, read once for all the rules."""

    def __init__(
        self,
        matter: Matter | None,
        letter: Letter,
        template: Template | None = None,
        invalid: Mapping[str, str] | None = None,
    ) -> None:
        self.matter = matter
        self.letter = letter
        self.template = template
        self.invalid: dict[str, str] = dict(invalid or {})
        self.facts: dict[str, Any] = dict(matter.facts) if matter is not None else {}
        self.signer: dict[str, Any] = dict(matter.signer) if matter is not None else {}
        self.letter_date: str | None = matter.letter_date if matter is not None else None
        # Where each paragraph stands, as a reader finds it ("paragraph 9 (opinion 3)").
        self.places = where = places(letter)
        self.paras = [
            self._para(b, where[b.index].label if b.index in where else "") for b in letter.blocks
        ]
        self._sentences: dict[int, list[str]] = {}
        self._memo: dict[str, Any] = {}

    @staticmethod
    def _para(block: Block, place: str) -> Para:
        text = normalize(block.text)
        return Para(
            index=block.index,
            kind=block.kind,
            number=block.number,
            text=text,
            facts=frozenset(block.facts()),
            has_placeholder=any(isinstance(i, Placeholder) for i in block.inlines),
            low=text.lower(),
            place=place,
        )

    # ---- facts ------------------------------------------------------------------------------------

    def fact(self, concept: str) -> Any:
        """Return the value of a conventional fact (see `conventions.FACT_IDS`), or None."""
        return conv.fact(self.facts, concept)

    def text_fact(self, concept: str) -> str | None:
        """Return a conventional fact as normalized text, or None."""
        value = conv.text_fact(self.facts, concept)
        return normalize(value) if value else None

    def asserted(self, concept: str) -> Any:
        """Return a conventional fact's value if counsel stated it, else None.

        A template's default that the letter does not print is not something counsel asserted:
        a new matter carries every default, used or not. A value the letter prints, or one that
        differs from the template's default, is (without a template, every value counts).
        """
        fid = conv.fact_id(self.facts, concept)
        if fid is None:
            return None
        value = self.facts[fid]
        spec = self.template.schema.get(fid) if self.template is not None else None
        if spec is None or spec.default is None or spec.default != value:
            return value
        printed = any(fid in p.facts for p in self.paras)
        return value if printed else None

    def flag(self, concept: str) -> bool | None:
        """Return a conventional yes/no fact, or None when the template has none."""
        return conv.flag_fact(self.facts, concept)

    @cached_property
    def securities(self) -> list[Security]:
        """Return the classes of security the facts list (a securities list, or one defined term)."""
        out: list[Security] = []
        list_id = conv.fact_id(self.facts, "securities")
        items = self.facts.get(list_id) if list_id else None
        if isinstance(items, list):
            for n, item in enumerate(items):
                if not isinstance(item, dict):
                    continue
                names = tuple(
                    normalize(str(item[f]))
                    for f in conv.SECURITY_NAME_FIELDS
                    if isinstance(item.get(f), str) and item[f].strip()
                )
                kind = str(conv.first_field(item, conv.SECURITY_KIND_FIELDS) or "").replace(
                    "_", " "
                )
                under = conv.first_field(item, conv.SECURITY_UNDERLYING_FIELDS)
                underlying = tuple(_component_names(under))
                amount = next(
                    (f for f in conv.SECURITY_AMOUNT_FIELDS if item.get(f) not in (None, "")), None
                )
                status = conv.first_field(item, conv.SECURITY_STATUS_FIELDS)
                if names or kind:
                    out.append(
                        Security(
                            names or (normalize(kind),),
                            normalize(kind).lower(),
                            underlying,
                            f"{list_id}.{n}.{amount}" if amount else None,
                            str(status).lower() if status not in (None, False) else "",
                        )
                    )
            return out
        term = self.text_fact("security_term")
        if term:
            out.append(Security((term,), ""))
        return out

    # ---- the letter as text -----------------------------------------------------------------------

    @cached_property
    def prose(self) -> list[Para]:
        """Return the paragraphs that carry the letter's wording (body, opinion and reference)."""
        return [p for p in self.paras if p.kind in ("body", "opinion", "reference")]

    @cached_property
    def full_text(self) -> str:
        """Return the text of the wording paragraphs joined by blank lines."""
        return "\n\n".join(p.text for p in self.prose)

    @cached_property
    def full_low(self) -> str:
        """Return the wording paragraphs' text in lower case (for the key-word gates)."""
        return self.full_text.lower()

    def search_all(self, pattern: Rx | re.Pattern[str]) -> re.Match[str] | None:
        """Return the first match of a pattern in the letter's wording."""
        if isinstance(pattern, Rx):
            return pattern.search(self.full_text, self.full_low)
        return pattern.search(self.full_text)

    def find(self, pattern: Rx | re.Pattern[str], paras: list[Para] | None = None) -> Para | None:
        """Return the first paragraph whose text matches a pattern."""
        if (
            isinstance(pattern, Rx)
            and paras is None
            and not pattern.may_match(self.full_text, self.full_low)
        ):
            return None
        for p in self.prose if paras is None else paras:
            if pattern.search(p.text, p.low) if isinstance(pattern, Rx) else pattern.search(p.text):
                return p
        return None

    def final_copy_gaps(self) -> list[tuple[str, str]]:
        """Return (fact id, label) of each gap a final copy may not have (see `final_copy_gaps`);
        without a matter and its template, the placeholders the letter shows."""
        if self.matter is None or self.template is None:
            return [(p.fact, p.label) for p in self.letter.placeholders()]
        matter, template = self.matter, self.template
        return self.memo("final_copy_gaps", lambda: final_copy_gaps(template, matter, self.letter))

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Return a value several rules need, computed once per check run."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def sentences(self, p: Para) -> list[str]:
        """Return a paragraph's sentences (worked out once per check run)."""
        cached = self._sentences.get(p.index)
        if cached is None:
            cached = self._sentences[p.index] = sentences(p.text)
        return cached

    def first(self, kind: str) -> Para | None:
        """Return the first paragraph of a block kind."""
        return next((p for p in self.paras if p.kind == kind), None)

    # ---- dates ------------------------------------------------------------------------------------

    @cached_property
    def letter_day(self) -> dt.date | None:
        """Return the letter's date: the matter's, else the date line's ("March 3, 2025")."""
        if self.letter_date:
            try:
                return dt.date.fromisoformat(str(self.letter_date))
            except ValueError:
                return None
        line = self.first("date")
        return parse_date(line.text) if line else None

    def date(self, fact_id: str) -> dt.date | None:
        """Return a date fact (YYYY-MM-DD) as a date, or None when absent or not a date."""
        return conv.as_date(self.facts.get(fact_id))

    # ---- the registrant ---------------------------------------------------------------------------

    @cached_property
    def registrant_name(self) -> str | None:
        """Return the registrant's name from the facts, or from the addressee's first line."""
        return self.text_fact("registrant_name")

    @cached_property
    def named_registrant(self) -> tuple[str, str] | None:
        """Return the registrant as the opening defines it: ("Acme Widgets, Inc.", "Company")."""
        opening = " ".join(p.text for p in self.prose[:3] if '"' in p.text)
        m = _ENTITY_TERM_RE.search(opening)
        if m and m.group(2) not in _NOT_REGISTRANT_TERMS:
            return m.group(1).strip(" ,"), m.group(2)
        return None

    @cached_property
    def registrant_aliases(self) -> list[str]:
        """Return the names the letter calls the registrant: its name, short name, defined terms."""
        names: list[str] = []
        for concept in ("registrant_name", "registrant_short_name"):
            value = self.text_fact(concept)
            if value:
                names.append(value)
        if self.named_registrant:
            names += list(self.named_registrant)
        if self.registrant_name:
            text = self.full_text
            start = text.find(self.registrant_name)
            if start >= 0:
                after = text[
                    start + len(self.registrant_name) : start + len(self.registrant_name) + 160
                ]
                m = _DEFINED_TERM_RE.search(after)
                if m:
                    names.append(m.group(1))
        return names

    @cached_property
    def registrant_re(self) -> re.Pattern[str]:
        """Return a pattern matching the registrant's names and the usual defined terms for it."""
        parts = [r"\b" + re.escape(a) + r"(?!\w)" for a in self.registrant_aliases if a]
        parts.append(r"\b(?:" + "|".join(_GENERIC_ALIASES) + r")\b")
        return re.compile("|".join(parts))

    @cached_property
    def jurisdiction(self) -> str | None:
        """Return the registrant's jurisdiction of incorporation: the fact, else from the text."""
        value = self.text_fact("registrant_jurisdiction")
        if value:
            return _jurisdiction_key(value)
        text = self.full_text
        m = re.search(
            r"\b(?:incorporated|organized|formed|existing)\s+under\s+the\s+laws\s+of\s+(?:the\s+)?"
            r"(?:State\s+of\s+|Commonwealth\s+of\s+)?([A-Z][A-Za-z]+(?:\s+(?:[A-Z][A-Za-z]+|and|of))*)",
            text,
        )
        if m:
            return _jurisdiction_key(re.split(r"\s+and\s+(?:has|is|validly)", m.group(1))[0])
        m = re.search(
            r"\ban?\s+(" + STATE_RE.pattern + r")\s+(?:corporation|limited\s+liability\s+company|"
            r"limited\s+partnership|statutory\s+trust|real\s+estate\s+investment\s+trust)",
            text,
        )
        return m.group(1) if m else None

    @cached_property
    def is_foreign(self) -> bool:
        """Return whether the registrant is organized outside the United States."""
        form = (self.form or "").upper()
        if form.startswith("F-"):
            return True
        if re.search(r"\bforeign\s+private\s+issuer\b", self.full_text, I):
            return True
        juris = self.jurisdiction
        if not juris:
            return False
        known = jurisdictions.find(juris)
        if known is not None:
            return not known.is_us
        return juris.lower() not in _US_SET

    @cached_property
    def entity(self) -> str:
        """Return the registrant's form: "corporation", "llc", "lp" or "trust"."""
        value = (self.text_fact("registrant_entity") or "").lower().replace("_", " ")
        if not value:
            m = re.search(
                # the first entity the letter describes is the registrant (a guarantor comes later)
                r"\ban?\s+(?:[A-Z][a-z]+\s+){1,2}(corporation|limited\s+liability\s+company|"
                r"limited\s+partnership|statutory\s+trust|business\s+trust)\b",
                self.full_text,
            )
            value = m.group(1).lower() if m else ""
        if "limited liability company" in value or value in ("llc", "l.l.c."):
            return "llc"
        if "partnership" in value or value in ("lp", "l.p."):
            return "lp"
        if "trust" in value:
            return "trust"
        return "corporation"

    # ---- the offering ------------------------------------------------------------------------------

    @cached_property
    def form(self) -> str | None:
        """Return the registration form: the fact, the template's one form, else the first named."""
        value = self.text_fact("form")
        if value:
            return value.upper().removeprefix("FORM ").strip()
        if self.template is not None and len(self.template.forms) == 1:
            return self.template.forms[0].upper()
        m = self.search_all(FORM_RE)
        return m.group(1).upper() if m else None

    @cached_property
    def is_takedown(self) -> bool:
        """Return whether the letter is a takedown opinion (prospectus supplement, Form 8-K)."""
        flag = self.flag("takedown")
        if flag is not None:
            return flag
        if any(self.fact(c) for c in ("prospectus_supplement_date", "agreement_date")):
            return True
        if (self.form or "") == "8-K":
            return True
        low = self.full_low
        if "current report on form 8-k" in low:
            return True
        start = low.find("prospectus supplement")
        while start >= 0:  # "prospectus supplement ... dated", within the sentence
            window = re.split(r"[.;]", low[start : start + 120], maxsplit=1)[0]
            if " dated" in window:
                return True
            start = low.find("prospectus supplement", start + 1)
        return False

    @cached_property
    def is_delayed_shelf(self) -> bool:
        """Return whether the letter is the base opinion of a delayed shelf (Rule 415(a)(1)(x))."""
        if self.is_takedown:
            return False
        flag = self.flag("delayed_shelf")
        if flag is not None:
            return flag
        form = self.form or ""
        if form and not re.match(r"^(?:S-3|F-3|SF-3|S-3ASR|F-3ASR)$", form):
            return False
        return SHELF_TEXT_RE.may_match(self.full_text, self.full_low)

    @cached_property
    def is_abs(self) -> bool:
        """Return whether the letter is for certificates of an asset-backed trust."""
        low = self.full_low
        # certificates as securities, not those of public officials, officers or good standing
        certificates = re.search(
            r"\bcertificates\b(?!\s+of\s+(?:public\s+officials|officers|good\s+standing))", low
        )
        return bool(certificates) and any(
            k in low for k in ("pooling and servicing agreement", "trust agreement", "asset-backed")
        )

    @cached_property
    def has_local_counsel(self) -> bool:
        """Return whether the facts name local counsel, or the letter refers to its Exhibit 5.x."""
        if self.flag("local_counsel"):
            return True
        return bool(re.search(r"\bExhibit\s+5\.[2-9]\b", self.full_text))

    # ---- opinion paragraphs -----------------------------------------------------------------------

    @cached_property
    def opinion_paras(self) -> list[Para]:
        """Return the paragraphs that give an opinion: numbered ones, and body text stating one."""
        out = []
        for p in self.paras:
            if p.kind == "opinion":
                out.append(p)
            elif p.kind == "body":
                m = OPINION_INTRO_RE.search(p.text, p.low)
                if m and len(p.text) - m.end() > 40:
                    out.append(p)
        return out

    @cached_property
    def opinion_intro(self) -> Para | None:
        """Return the paragraph that introduces the numbered opinions ("... of the opinion that:")."""
        for p in self.paras:
            if (
                p.kind == "body"
                and OPINION_INTRO_RE.search(p.text, p.low)
                and p not in self.opinion_paras
            ):
                return p
        return self.opinion_paras[0] if self.opinion_paras else None

    def is_existence(self, p: Para) -> bool:
        """Return whether an opinion paragraph speaks only of the registrant's existence or power."""
        return self.memo(f"existence.{p.index}", lambda: self._is_existence(p))

    def _is_existence(self, p: Para) -> bool:
        return bool(EXISTENCE_RE.search(p.text, p.low)) and not (
            self.says_issued(p) or BINDING_RE.search(p.text, p.low)
        )

    @staticmethod
    def says_issued(p: Para) -> bool:
        """Return whether a paragraph says something is validly issued, fully paid or
        non-assessable (the words of an opinion on shares)."""
        return bool(
            VALIDLY_ISSUED_RE.search(p.text, p.low)
            or FULLY_PAID_RE.search(p.text, p.low)
            or NON_ASSESSABLE_RE.search(p.text, p.low)
        )

    def subject_kind(self, p: Para) -> str | None:
        """Return what an opinion paragraph is about, by its first security noun.

        One of "equity", "interests", "debt", "instrument", "agreement", "abs", "depositary", or None.
        """
        if self.is_existence(p):
            return "existence"
        llc_context = self.entity in ("llc", "lp") or bool(LLC_LP_CONTEXT_RE.search(p.text, p.low))
        for m in _SECURITY_NOUN_RE.finditer(p.text):
            noun = _WS.sub(" ", m.group(1))
            low = noun.lower()
            if noun == "rights" or (low == "stock" and re.match(r"\s+Exchange", p.text[m.end() :])):
                continue  # "rights of creditors", "Stock Exchange"
            if re.search(r"interest|common units", low):
                return "interests"
            if low in ("unit", "units") and llc_context and not BINDING_RE.search(p.text, p.low):
                return "interests"
            if low in ("shares", "share") and self.entity in ("llc", "lp"):
                return "interests"
            kind = _NOUN_KIND.get(low)
            if kind == "abs" and not self.is_abs:
                continue  # "certificates representing the Shares"
            if kind == "agreement" and self._equity_conclusion(p):
                continue  # "When the Merger Agreement has been adopted ..., the Shares will be ..."
            if kind:
                return kind
        return None

    def _equity_conclusion(self, p: Para) -> bool:
        """Return whether a paragraph concludes on shares (and calls nothing binding)."""
        return not BINDING_RE.search(p.text, p.low) and self.says_issued(p)

    @cached_property
    def kinds(self) -> dict[int, str | None]:
        """Return each opinion paragraph's subject kind, by block index."""
        return {p.index: self.subject_kind(p) for p in self.opinion_paras}

    def opinion_of_kind(self, *kinds: str) -> list[Para]:
        """Return the opinion paragraphs about one of the given kinds."""
        return [p for p in self.opinion_paras if self.kinds[p.index] in kinds]

    # ---- law limitation, consent --------------------------------------------------------------------

    @cached_property
    def law_limits(self) -> list[tuple[Para, str]]:
        """Return the sentences that limit the laws the opinion covers, with their paragraphs."""
        out = []
        for p in self.prose:
            if p.kind == "opinion":
                continue
            if not LAW_LIMIT_RE.may_match(p.text, p.low):
                continue
            for s in self.sentences(p):
                if LAW_LIMIT_RE.search(s) and LAW_WORD_RE.search(s):
                    if re.search(
                        r"\bexpress\s+no\s+opinion\s+(?:as\s+to|concerning|with\s+respect\s+to)\s+"
                        r"(?:the\s+)?(?:enforceab|validity\s+of\s+any|any\s+provision)",
                        s,
                        I,
                    ):
                        continue  # an enforceability carve-out, not a law limitation
                    out.append((p, s))
        return out

    @cached_property
    def consent_sentences(self) -> list[tuple[Para, str]]:
        """Return the consent sentences (and any Section 7 non-admission), with their paragraphs."""
        out = []
        for p in self.prose:
            if p.kind == "opinion":
                continue
            if "consent" not in p.low:
                continue
            for s in self.sentences(p):
                if CONSENT_RE.search(s) or (SECTION7_RE.search(s) and "consent" in s.lower()):
                    out.append((p, s))
        return out

    # ---- assumptions ------------------------------------------------------------------------------

    @cached_property
    def assumptions(self) -> list[Assumption]:
        """Return each assumption clause counsel makes, split at ";", "and that" and list markers."""
        out: list[Assumption] = []
        in_list = False
        for p in self.prose:
            if p.kind == "opinion":
                in_list = False
                continue
            if in_list and re.match(r"^\(?(?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})[.)]\s|^[a-z]", p.text):
                out += [Assumption(p, c) for c in _clauses(p.text)]
                continue
            in_list = False
            if "assum" not in p.low:
                continue
            for s in self.sentences(p):
                if NOT_ASSUMPTION_RE.search(s):
                    s = NOT_ASSUMPTION_RE.split(s)[0]
                m = ASSUME_RE.search(s)
                if not m:
                    continue
                scope = s[m.end() :]
                if scope.rstrip().endswith(":") and len(scope) < 60:
                    in_list = True  # "we have assumed the following:" and a list of paragraphs
                    continue
                out += [Assumption(p, c) for c in _clauses(scope)]
        return out

    @cached_property
    def _other_than_registrant_re(self) -> re.Pattern[str]:
        # "other than the Company and the Guarantors": the whole list of parties left out
        names = r"(?:the\s+|each\s+)?(?:" + self.registrant_re.pattern + r")"
        return re.compile(
            r"\b(?:other\s+than|except(?:\s+for)?|excluding)\s+"
            + names
            + r"(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)"
            + names
            + r")*"
        )

    def about_registrant(self, clause: str) -> bool:
        """Return whether a clause speaks of the registrant (ignoring "other than the Company")."""
        if not self.registrant_re.search(clause):
            return False
        return bool(self.registrant_re.search(self._other_than_registrant_re.sub(" ", clause)))

    def about_other_party_only(self, clause: str) -> bool:
        """Return whether a clause speaks of parties other than the registrant only."""
        return bool(OTHER_PARTY_RE.search(clause)) and not self.about_registrant(clause)

    # ---- voice ----------------------------------------------------------------------------------------

    @cached_property
    def voices(self) -> dict[str, list[Para]]:
        """Return the paragraphs written in the first person singular ("I") and plural ("we")."""
        out: dict[str, list[Para]] = {"I": [], "we": []}
        for p in self.prose:
            words = set(p.text.translate(_PUNCTUATION_TO_SPACE).split())
            if words & _SINGULAR:
                text = _ROMAN_I_RE.sub(" ", p.text) if "I" in words else p.text
                if not _only_quoted_i(text):
                    out["I"].append(p)
            if words & _PLURAL:
                out["we"].append(p)
        return out


_PUNCTUATION_TO_SPACE = str.maketrans({c: " " for c in "\"'()[],.;:!?-/$%&*"})
_SINGULAR = {"I", "my", "My", "me", "myself"}
_PLURAL = {"we", "We", "our", "Our", "us", "ourselves", "ours"}
_ROMAN_I_RE = re.compile(
    r"\b(?:Item|Part|Class|Series|Article|Section|Schedule|Annex|Exhibit|Tier|Phase|Chapter)\s+I\b|\(I\)"
)


def _only_quoted_i(text: str) -> bool:
    """Return whether every "I" in the text stands inside quotation marks (a quoted name)."""
    outside = re.sub(r"\"[^\"]*\"", " ", text)
    return not re.search(r"\bI\b(?!\.)|\b(?:my|me|myself)\b", outside)


_CLAUSE_SPLIT = re.compile(
    r";|(?:\b(?:and|or)|,)\s+that\b|\(\s*(?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\s*\)|"
    r",\s+(?:and\s+)?(?=the\s+(?:genuineness|authenticity|conformity|legal\s+capacity|accuracy|"
    r"completeness|due\s+authorization|power|validity)\b)"
)


def _clauses(text: str) -> list[str]:
    """Return the parts of an assumption sentence that each assume one thing."""
    parts = (
        re.sub(r"^\s*(?:that|the\s+following)\b", "", c).strip(" ,.:")
        for c in _CLAUSE_SPLIT.split(text)
    )
    return [c for c in parts if len(c) > 3]
