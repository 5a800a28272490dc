"""The Form S-3 universal shelf: a paragraph per security, delayed-shelf assumptions, exceptions on debt only."""

from letters import (
    as_firm,
    as_in_house,
    assert_voice,
    convert_sample,
    load_sample,
    opinions,
    squash,
    text_of,
)

TID = "s3-universal-shelf"
EXCEPTION = "subject, as to enforcement, to applicable bankruptcy"


def _with(kinds, **facts):
    m = load_sample(TID)
    m.facts["securities"] = [{"kind": k} for k in kinds]
    m.facts.update(facts)
    return m


def test_every_security_has_its_paragraph_in_order():
    """Ensure the sample's eight kinds of security each get one opinion paragraph, in the customary order."""
    ops = opinions(load_sample(TID))
    starts = [
        "When the issuance of shares of Common Stock",
        "When a series of Preferred Stock",
        "When a deposit agreement",
        "The Senior Indenture has been duly authorized, executed and delivered",
        "When the Debt Securities to be guaranteed",
        "When a warrant agreement",
        "When a purchase contract agreement",
        "When a unit agreement",
    ]
    assert [o[: len(s)] for o, s in zip(ops, starts)] == starts and len(ops) == 8


def test_exceptions_only_on_binding_obligations():
    """Ensure the bankruptcy and equity exception sits on every binding-obligation paragraph and no equity one."""
    for o in opinions(load_sample(TID)):
        if "non-assessable" in o:
            assert "bankruptcy" not in o
        else:
            assert "binding obligation" in o and EXCEPTION in o


def test_shelf_without_debt():
    """Ensure an equity-only shelf has no indenture, no binding obligation and no exception."""
    m = _with(["common_stock", "preferred_stock"], laws_covered=[{"law": "corporate_law"}])
    text = text_of(m)
    assert len(opinions(m)) == 2
    for absent in ("Indenture", "binding obligation", "bankruptcy", "Debt Securities"):
        assert absent not in text
    assert "limited to the General Corporation Law of the State of Delaware." in text


def test_shelf_with_debt_only_and_one_indenture():
    """Ensure a debt-only shelf under one indenture defines the Indenture and opines on binding obligations."""
    m = _with(
        ["debt_securities"],
        indentures=[{"term": "Senior Indenture", "date": "2019-05-15", "trustee": "Trust Co."}],
    )
    text = text_of(m)
    assert 'between the Company and Trust Co., as trustee (the "Indenture").' in text
    assert "(c) the Indenture;" in text and "each, an" not in text
    [debt] = opinions(m)
    assert (
        "will constitute valid and binding obligations of the Company" in debt and EXCEPTION in debt
    )
    assert "limited to the laws of the State of New York and the General Corporation Law" in text


def test_debt_without_named_indentures():
    """Ensure debt with no indenture given is issued under indentures to be entered into."""
    m = _with(["debt_securities"])
    m.facts.pop("indentures")
    assert (
        "one or more indentures to be entered into between the Company and a trustee to be named therein"
        in text_of(m)
    )


def test_delayed_shelf_assumptions():
    """Ensure the shelf assumes future board action, and enough shares only when shares are offered."""
    text = text_of(load_sample(TID))
    assert (
        "will have taken all necessary corporate action" in text
        and "a sufficient number of shares" in text
    )
    debt_only = _with(["debt_securities"])
    assert "will have taken all" in text_of(
        debt_only
    ) and "sufficient number of shares" not in text_of(debt_only)


def test_amount_or_indeterminate():
    """Ensure the registered amount is stated, or the shelf is an indeterminate amount."""
    assert "an indeterminate amount of the following securities" in text_of(load_sample(TID))
    m = _with(["common_stock", "debt_securities"], offering_amount="750000000")
    assert (
        "aggregate initial offering price of up to $750,000,000, consisting of the following"
        in text_of(m)
    )


def test_voice_in_every_paragraph():
    """Ensure a firm says "we" and in-house counsel "I" in every paragraph, the assumptions included."""
    assert_voice(as_firm(load_sample(TID)), "we")
    m = as_in_house(load_sample(TID))
    assert_voice(m, "I")
    assert "I have also assumed that, at the time of each issuance" in text_of(m)


def test_sample_converts_with_libreoffice(tmp_path, libreoffice):
    """Ensure the sample's DOCX converts with LibreOffice and carries the debt paragraph."""
    pdf, _ = convert_sample(TID, tmp_path, libreoffice)
    assert squash("will constitute valid and binding obligations of the Company") in pdf
