"""The one table of jurisdictions every built-in template reads: how each is named, what its entities are.

A legality opinion names the registrant's jurisdiction many times: "a Delaware corporation", "the
laws of the State of Delaware", "the Commonwealth of Puerto Rico", "a Cayman Islands exempted
company with limited liability", the charter ("certificate of incorporation", "charter",
"memorandum and articles of association") and the office that files a certificate of designations
or articles supplementary. Each of those depends on the jurisdiction and the kind of entity, so
they live here once. A jurisdiction the table does not know is named as typed, with no "State of"
and no filing office ("the appropriate filing office"), and `warning` says why, so the checks can
show it; the table never guesses an office.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The kinds of entity a registrant (or a guarantor) may be, by the value matter files store.
ENTITY_KINDS: dict[str, str] = {
    "corporation": "corporation",
    "limited_liability_company": "limited liability company",
    "limited_partnership": "limited partnership",
    "statutory_trust": "statutory trust",
    "real_estate_investment_trust": "real estate investment trust",
    "company_limited_by_shares": "company limited by shares",
    "exempted_company": "exempted company",
    "public_limited_company": "public limited company",
}
# The older stored values, still read: the label itself.
_ENTITY_ALIASES = {label: kind for kind, label in ENTITY_KINDS.items()}

US_ENTITIES = ("corporation", "limited_liability_company", "limited_partnership")

# The kinds of entity that are incorporated (the others are formed).
_INCORPORATED = frozenset(
    {"corporation", "company_limited_by_shares", "exempted_company", "public_limited_company"}
)


@dataclass(frozen=True)
class Designation:
    """How a series of preferred stock is fixed: the document, the office that files it, the verb."""

    document: str  # "certificate of designations", "articles supplementary"
    office: str  # "the Secretary of State of the State of Delaware"
    filed: str = "filed with"  # "accepted for record by" (Maryland)


@dataclass(frozen=True)
class Jurisdiction:
    """One jurisdiction of organization and how letters name it and its entities."""

    name: str  # as a user types it and as "a ___ corporation" reads: "Delaware"
    kind: str  # "state", "commonwealth", "district", "territory", "province" or "country"
    formal: str  # as "the laws of ___" reads: "the State of Delaware", "Bermuda"
    adjective: str | None = None  # "a ___ corporation"; None: "incorporated under the laws of"
    entities: tuple[str, ...] = US_ENTITIES
    charter: dict[str, str] = field(default_factory=dict)  # entity kind -> charter's name
    bylaws: dict[str, str] = field(default_factory=dict)  # entity kind -> by-laws' name
    laws: dict[str, str] = field(default_factory=dict)  # entity kind -> the statute's name
    designation: Designation | None = None  # for a US corporation's preferred stock
    described: dict[str, str] = field(default_factory=dict)  # entity kind -> whole phrase
    aliases: tuple[str, ...] = ()
    # as "acted as ___ counsel" reads: "Irish", "English", "Singapore"; None: the adjective
    counsel: str | None = None

    @property
    def is_us(self) -> bool:
        """Return whether the jurisdiction is a state, district or territory of the United States."""
        return self.kind != "country" and self.kind != "province"


_US_CHARTER = {
    "corporation": "articles of incorporation",
    "limited_liability_company": "articles of organization",
    "limited_partnership": "certificate of limited partnership",
    "statutory_trust": "certificate of trust",
    "real_estate_investment_trust": "declaration of trust",
}
_US_BYLAWS = {
    "corporation": "by-laws",
    "limited_liability_company": "operating agreement",
    "limited_partnership": "agreement of limited partnership",
    "statutory_trust": "trust agreement",
    "real_estate_investment_trust": "by-laws",
}


def _state(
    name: str,
    kind: str = "state",
    formal: str | None = None,
    charter: dict[str, str] | None = None,
    bylaws: dict[str, str] | None = None,
    laws: dict[str, str] | None = None,
    designation: Designation | None = None,
    entities: tuple[str, ...] = US_ENTITIES,
    aliases: tuple[str, ...] = (),
    adjective: str | None = None,
    counsel: str | None = None,
) -> Jurisdiction:
    if formal is None:
        formal = f"the {'Commonwealth' if kind == 'commonwealth' else 'State'} of {name}"
    return Jurisdiction(
        name=name,
        kind=kind,
        formal=formal,
        adjective=adjective or name,
        entities=entities,
        charter={**_US_CHARTER, **(charter or {})},
        bylaws={**_US_BYLAWS, **(bylaws or {})},
        laws=laws or {},
        designation=designation,
        aliases=aliases,
        counsel=counsel,
    )


def _sos(name: str, kind: str = "state", document: str = "articles of amendment") -> Designation:
    title = "Commonwealth" if kind == "commonwealth" else "State"
    return Designation(document, f"the Secretary of State of the {title} of {name}")


_CERTIFICATE = {"corporation": "certificate of incorporation"}

# Filing offices are given only where the statute is settled: MBCA states file articles of
# amendment with the Secretary of State (MBCA 6.02); the others are named by their own statutes.
# A state without one here (Ohio, Texas, the District of Columbia, Guam...) reads neutrally and
# the checks warn (X5-JUR-03), never a guessed office.
_TABLE: tuple[Jurisdiction, ...] = (
    _state(
        "Delaware",
        charter={**_CERTIFICATE, "limited_liability_company": "certificate of formation"},
        bylaws={"limited_liability_company": "limited liability company agreement"},
        laws={
            "corporation": "the General Corporation Law of the State of Delaware",
            "limited_liability_company": "the Delaware Limited Liability Company Act",
            "limited_partnership": "the Delaware Revised Uniform Limited Partnership Act",
            "statutory_trust": "the Delaware Statutory Trust Act",
        },
        designation=Designation(
            "certificate of designations", "the Secretary of State of the State of Delaware"
        ),
        entities=(*US_ENTITIES, "statutory_trust"),
        aliases=("DE", "Del."),
    ),
    _state(
        "Maryland",
        charter={"corporation": "charter"},
        laws={
            "real_estate_investment_trust": "Title 8 of the Corporations and Associations Article "
            "of the Annotated Code of Maryland",
        },
        designation=Designation(
            "articles supplementary",
            "the State Department of Assessments and Taxation of Maryland",
            "accepted for record by",
        ),
        entities=(*US_ENTITIES, "real_estate_investment_trust"),
        aliases=("MD", "Md."),
    ),
    _state(
        "New York",
        charter=_CERTIFICATE,
        laws={"corporation": "the Business Corporation Law of the State of New York"},
        designation=Designation(
            "certificate of amendment", "the Department of State of the State of New York"
        ),
        aliases=("NY", "N.Y."),
    ),
    _state(
        "Massachusetts",
        "commonwealth",
        charter={"corporation": "articles of organization"},
        designation=Designation(
            "articles of amendment", "the Secretary of the Commonwealth of Massachusetts"
        ),
        aliases=("MA", "Mass."),
    ),
    _state(
        "Virginia",
        "commonwealth",
        designation=Designation(
            "articles of amendment",
            "the State Corporation Commission of the Commonwealth of Virginia",
        ),
        aliases=("VA", "Va."),
    ),
    _state(
        "Pennsylvania",
        "commonwealth",
        designation=Designation(
            "statement with respect to shares",
            "the Department of State of the Commonwealth of Pennsylvania",
        ),
        aliases=("PA", "Pa."),
    ),
    _state(
        "Kentucky", "commonwealth", designation=_sos("Kentucky", "commonwealth"), aliases=("KY",)
    ),
    _state(
        "Nevada",
        designation=Designation(
            "certificate of designation", "the Secretary of State of the State of Nevada"
        ),
        aliases=("NV", "Nev."),
    ),
    _state(
        "California",
        designation=Designation(
            "certificate of determination", "the Secretary of State of the State of California"
        ),
        aliases=("CA", "Cal."),
    ),
    _state(
        "Florida",
        designation=Designation(
            "articles of amendment", "the Department of State of the State of Florida"
        ),
        aliases=("FL", "Fla."),
    ),
    _state("Washington", designation=_sos("Washington"), aliases=("WA", "Wash.")),
    _state("Georgia", designation=_sos("Georgia"), aliases=("GA", "Ga.")),
    _state("North Carolina", designation=_sos("North Carolina"), aliases=("NC", "N.C.")),
    _state("Indiana", designation=_sos("Indiana"), aliases=("IN", "Ind.")),
    _state("New Jersey", charter=_CERTIFICATE, aliases=("NJ", "N.J.")),
    _state(
        "Texas",
        charter={
            "corporation": "certificate of formation",
            "limited_liability_company": "certificate of formation",
            "limited_partnership": "certificate of formation",
        },
        aliases=("TX", "Tex."),
    ),  # fmt: skip
    _state("Ohio", aliases=("OH",)),
    _state("Illinois", aliases=("IL", "Ill.")),
    _state("Minnesota", aliases=("MN", "Minn.")),
    _state("Colorado", aliases=("CO", "Colo.")),
    _state("Connecticut", charter=_CERTIFICATE, aliases=("CT", "Conn.")),
    _state("Michigan", aliases=("MI", "Mich.")),
    _state("Tennessee", charter={"corporation": "charter"}, aliases=("TN", "Tenn.")),
    _state("Utah", aliases=("UT",)),
    _state("Oklahoma", charter=_CERTIFICATE, aliases=("OK", "Okla.")),
    _state("Wisconsin", aliases=("WI", "Wis.")),
    _state("Missouri", aliases=("MO",)),
    _state("Arizona", aliases=("AZ", "Ariz.")),
    _state("Oregon", aliases=("OR", "Or.")),
    _state("Iowa", aliases=("IA",)),
    _state("Louisiana", aliases=("LA",)),
    # The other states, for their corporations: named as their laws name them ("the laws of the
    # State of Wyoming", "a Wyoming corporation"); their LLCs and partnerships, and any filing
    # office, the table does not claim to know, so the checks still ask for a look (X5-JUR-03).
    _state(
        "Alabama",
        charter={"corporation": "certificate of formation"},  # Title 10A, Code of Alabama
        entities=("corporation",),
        aliases=("AL", "Ala."),
    ),
    *(
        _state(name, entities=("corporation",), aliases=aliases)
        for name, aliases in (
            ("Alaska", ("AK",)),
            ("Arkansas", ("AR", "Ark.")),
            ("Hawaii", ("HI",)),
            ("Idaho", ("ID",)),
            ("Kansas", ("KS", "Kan.")),
            ("Maine", ("ME",)),
            ("Mississippi", ("MS", "Miss.")),
            ("Montana", ("MT", "Mont.")),
            ("Nebraska", ("NE", "Neb.")),
            ("New Hampshire", ("NH", "N.H.")),
            ("New Mexico", ("NM", "N.M.")),
            ("North Dakota", ("ND", "N.D.")),
            ("Rhode Island", ("RI", "R.I.")),
            ("South Carolina", ("SC", "S.C.")),
            ("South Dakota", ("SD", "S.D.")),
            ("Vermont", ("VT", "Vt.")),
            ("West Virginia", ("WV", "W. Va.")),
            ("Wyoming", ("WY", "Wyo.")),
        )
    ),
    _state(
        "District of Columbia",
        "district",
        formal="the District of Columbia",
        aliases=("DC", "D.C.", "Washington, D.C."),
    ),
    _state(
        "Puerto Rico",
        "territory",
        formal="the Commonwealth of Puerto Rico",
        charter=_CERTIFICATE,
        laws={
            "corporation": "the General Corporations Act of 2009 of the Commonwealth of Puerto Rico"
        },
        # A series is fixed by a certificate of designation under Article 5.01 of the General
        # Corporations Act, filed with the Department of State, which registers corporate filings
        # (as Popular, Inc. and First BanCorp file theirs).
        designation=Designation(
            "certificate of designation",
            "the Department of State of the Commonwealth of Puerto Rico",
        ),
        aliases=("PR", "Commonwealth of Puerto Rico"),
    ),
    _state("Guam", "territory", formal="Guam", entities=("corporation",)),
    _state(
        "United States Virgin Islands",
        "territory",
        formal="the United States Virgin Islands",
        entities=("corporation",),
        aliases=("U.S. Virgin Islands", "USVI"),
        counsel="U.S. Virgin Islands",
    ),
    Jurisdiction(
        name="Cayman Islands",
        kind="country",
        formal="the Cayman Islands",
        adjective="Cayman Islands",
        entities=("exempted_company", "company_limited_by_shares"),
        charter={
            "exempted_company": "memorandum and articles of association",
            "company_limited_by_shares": "memorandum and articles of association",
        },
        aliases=("Cayman",),
    ),
    Jurisdiction(
        name="Bermuda",
        kind="country",
        formal="Bermuda",
        adjective="Bermuda",
        entities=("exempted_company",),
        charter={"exempted_company": "memorandum of association"},
        bylaws={"exempted_company": "bye-laws"},
    ),
    Jurisdiction(
        name="British Virgin Islands",
        kind="country",
        formal="the British Virgin Islands",
        adjective="British Virgin Islands",
        entities=("company_limited_by_shares",),
        charter={"company_limited_by_shares": "memorandum and articles of association"},
        aliases=("BVI",),
    ),
    Jurisdiction(
        name="Republic of Singapore",
        kind="country",
        formal="the Republic of Singapore",
        entities=("company_limited_by_shares", "public_limited_company"),
        charter={
            "company_limited_by_shares": "constitution",
            "public_limited_company": "constitution",
        },
        aliases=("Singapore",),
        counsel="Singapore",
    ),
    Jurisdiction(
        name="England and Wales",
        kind="country",
        formal="England and Wales",
        entities=("public_limited_company", "company_limited_by_shares"),
        charter={
            "public_limited_company": "articles of association",
            "company_limited_by_shares": "articles of association",
        },
        described={
            "company_limited_by_shares": "a private company limited by shares incorporated under the laws of England and Wales"
        },
        aliases=("England", "United Kingdom", "UK"),
        counsel="English",
    ),
    Jurisdiction(
        name="Hong Kong",
        kind="country",
        formal="Hong Kong",
        adjective="Hong Kong",
        entities=("company_limited_by_shares",),
        charter={"company_limited_by_shares": "articles of association"},
    ),
    Jurisdiction(
        name="Ireland",
        kind="country",
        formal="Ireland",
        adjective="Irish",
        entities=("public_limited_company",),
        charter={"public_limited_company": "constitution"},
    ),
    Jurisdiction(
        name="Israel",
        kind="country",
        formal="the State of Israel",
        entities=("company_limited_by_shares",),
        charter={"company_limited_by_shares": "articles of association"},
        aliases=("State of Israel",),
        counsel="Israeli",
    ),
    Jurisdiction(
        name="Ontario",
        kind="province",
        formal="the Province of Ontario",
        adjective="Ontario",
        entities=("corporation",),
        charter={"corporation": "articles"},
        bylaws={"corporation": "by-laws"},
        # Canadian counsel opine on the province's law with the federal law that applies in it
        laws={
            "corporation": "the laws of the Province of Ontario and the federal laws of Canada "
            "applicable therein"
        },
        aliases=("Province of Ontario",),
    ),
)


def _key(name: str) -> str:
    text = " ".join(str(name).replace("\u00a0", " ").split()).strip(" .,;").lower()
    for prefix in ("the ", "state of ", "commonwealth of "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text


_BY_KEY: dict[str, Jurisdiction] = {}
for _j in _TABLE:
    for _n in (_j.name, *_j.aliases):
        _BY_KEY.setdefault(_key(_n), _j)
        _BY_KEY.setdefault(str(_n).strip().lower(), _j)


# Every state, the District and the territories by name (the table's, and two it lacks), so a
# jurisdiction the table lacks can still be told apart from one outside the United States
# (whose "non-assessable" needs explaining).
US_NAMES = frozenset(
    {_key(j.name) for j in _TABLE if j.is_us} | {"american samoa", "northern mariana islands"}
)


def jurisdictions() -> tuple[Jurisdiction, ...]:
    """Return every jurisdiction of the table, in the table's order."""
    return _TABLE


def find(name: object) -> Jurisdiction | None:
    """Return the table's entry for a jurisdiction as typed ("Delaware", "DE", "the Cayman Islands")."""
    text = str(name or "").strip()
    if not text or text.startswith("["):
        return None
    return _BY_KEY.get(text.lower()) or _BY_KEY.get(_key(text))


def is_foreign(name: object) -> bool:
    """Return whether a jurisdiction lies outside the United States (the table's own word where it
    knows it; otherwise any name that is not a state, the District or a territory). A blank or
    missing jurisdiction is not foreign."""
    text = str(name or "").strip()
    if not text or text.startswith("["):
        return False
    j = find(text)
    if j is not None:
        return not j.is_us
    return _key(text) not in US_NAMES


def entity_kind(entity: object) -> str:
    """Return the stored kind of entity ("corporation"), reading older label values too."""
    text = str(entity or "").strip()
    return _ENTITY_ALIASES.get(text.lower(), text)


def entity_label(entity: object) -> str:
    """Return how a letter names a kind of entity: "limited liability company"."""
    kind = entity_kind(entity)
    return ENTITY_KINDS.get(kind, kind.replace("_", " "))


def is_incorporated(entity: object) -> bool:
    """Return whether the entity is incorporated (a corporation or company), not formed."""
    return entity_kind(entity) in _INCORPORATED


def formal(name: object) -> str:
    """Return the jurisdiction as "the laws of ___" reads: "the State of Delaware", "Bermuda"."""
    j = find(name)
    return j.formal if j else str(name).strip()


def laws_of(name: object) -> str:
    """Return "the laws of the State of Delaware" (an unknown jurisdiction as typed)."""
    return f"the laws of {formal(name)}"


def counsel_adjective(name: object) -> str:
    """Return how counsel of a jurisdiction are called, as "acted as ___ counsel" reads:
    "Singapore", "Irish", "English", "Cayman Islands", "Maryland"; an unknown one as typed."""
    j = find(name)
    if j is None:
        return str(name).strip()
    return j.counsel or j.adjective or j.name


def described(name: object, entity: object) -> str:
    """Return the registrant's kind as an apposition: "a Delaware corporation", "a Cayman Islands
    exempted company with limited liability", "a company incorporated under the laws of the
    Republic of Singapore"; an unknown jurisdiction reads "a corporation organized under the laws
    of Ruritania"."""
    from .templates import _filter_article

    kind = entity_kind(entity)
    label = entity_label(kind)
    j = find(name)
    if j and kind in j.described:
        return j.described[kind]
    if j and j.adjective:
        words = f"{j.adjective} {label}"
        if kind == "exempted_company" and j.name == "Cayman Islands":
            words += " with limited liability"
    else:
        verb = "incorporated" if j and is_incorporated(kind) else "organized"
        words = f"{label} {verb} under the laws of {formal(name)}"
    return f"{_filter_article(words)} {words}"


def charter(name: object, entity: object) -> str:
    """Return the charter's name: "certificate of incorporation", "charter", "declaration of trust"."""
    kind = entity_kind(entity)
    j = find(name)
    if j and kind in j.charter:
        return j.charter[kind]
    return (
        _US_CHARTER.get(kind, "constitutional documents")
        if not j or j.is_us
        else "constitutional documents"
    )


def bylaws(name: object, entity: object) -> str:
    """Return the name of the by-laws (or operating agreement); "" where the charter holds them."""
    kind = entity_kind(entity)
    j = find(name)
    if j and kind in j.bylaws:
        return j.bylaws[kind]
    if j and not j.is_us:
        return ""
    return _US_BYLAWS.get(kind, "by-laws")


def entity_law(name: object, entity: object) -> str:
    """Return the law an entity's opinions rest on: "the General Corporation Law of the State of
    Delaware", "the Delaware Limited Liability Company Act", else "the laws of ___"."""
    kind = entity_kind(entity)
    j = find(name)
    if j and kind in j.laws:
        return j.laws[kind]
    return laws_of(name)


# Neutral words for a jurisdiction whose document or office the table does not know; one
# instrument, so "a certificate or other instrument ... has been filed" agrees.
# Entities whose series of preferred interests are fixed under their own agreement, with no filing.
_FIXED_BY_AGREEMENT = ("limited_liability_company", "limited_partnership", "statutory_trust")

NEUTRAL_DESIGNATION = Designation(
    "certificate or other instrument", "the appropriate filing office"
)


def designation(name: object, entity: object) -> Designation | None:
    """Return how a series of preferred stock is fixed and filed there; None where no filing is made.

    A Maryland trust files articles supplementary as a corporation does; a company outside the
    United States fixes a series by resolution under its articles, and an LLC, LP or statutory
    trust under its agreement (None: no filing); where the
    table does not know the document or the office, the wording is neutral (`NEUTRAL_DESIGNATION`).
    """
    kind = entity_kind(entity)
    j = find(name)
    if j is not None and not j.is_us:
        return None
    if kind in _FIXED_BY_AGREEMENT:
        return None  # an LLC's, LP's or statutory trust's series is fixed under its agreement
    if j is not None and kind in ("corporation", "real_estate_investment_trust") and j.designation:
        return j.designation
    return NEUTRAL_DESIGNATION


def allows(name: object, entity: object) -> bool:
    """Return whether the table knows the entity kind in the jurisdiction."""
    j = find(name)
    return bool(j) and entity_kind(entity) in j.entities


def warning(name: object, entity: object = "corporation", preferred: bool = False) -> str | None:
    """Return why the letter's wording for this jurisdiction needs a lawyer's look, or None.

    For the checks to show: an unknown jurisdiction (or entity kind there) gets neutral wording,
    and with `preferred` (a letter opining on a series of preferred stock) a jurisdiction whose
    filing office the table does not know is named "the appropriate filing office".
    """
    from .templates import _filter_article

    text = str(name or "").strip()
    if not text or text.startswith("["):
        return None
    j = find(text)
    label = entity_label(entity)
    if j is None:
        return (
            f"'{text}' is not in OpinionDesk's table of jurisdictions: the letter names it as typed, "
            "calls the filing office 'the appropriate filing office' and uses no customary statute "
            "name; check the wording against that jurisdiction's law"
        )
    if entity_kind(entity) not in j.entities:
        return (
            f"the table of jurisdictions does not know {_filter_article(label)} {label} organised "
            f"in {j.formal}: check the charter's name and the opinion wording"
        )
    if preferred and designation(text, entity) is NEUTRAL_DESIGNATION:
        return (
            f"the table of jurisdictions does not know which office files the terms of a series of "
            f"preferred stock in {j.formal}: the letter says 'the appropriate filing office'; name "
            "the document and the office"
        )
    return None
