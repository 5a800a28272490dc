"""Versions kept inside a matter file: saved by name, refused twice, opened, restored."""

import datetime as dt

import pytest

from helpers import matter_with_an_old_version, matter_with_an_unversioned_version
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.matter import load_matter, save_matter
from opiniondesk.core.versions import (
    find_version,
    matter_at,
    read_versions,
    restore,
    save_version,
    split_spec,
)


def test_versions_are_kept_in_the_file(tmp_path, sample_path):
    """Ensure named versions are saved inside the matter file, dated, and read back in order."""
    matter = load_matter(sample_path)
    when = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    save_version(matter, "sent to underwriters' counsel", now=when)
    matter.facts["registrant_name"] = "Changed, Inc."
    save_version(matter, "as filed")
    save_matter(matter, tmp_path / "m.opinion")
    versions, problems = read_versions(load_matter(tmp_path / "m.opinion"))
    assert problems == []
    assert [v.name for v in versions] == ["sent to underwriters' counsel", "as filed"]
    assert versions[0].saved == "2024-05-01T12:00:00+00:00"
    assert versions[0].facts["registrant_name"] == "Citicorp Mortgage Securities, Inc."
    assert versions[1].facts["registrant_name"] == "Changed, Inc."
    assert versions[0].template_id == matter.template_id


def test_a_name_already_taken_is_refused(sample_path):
    """Ensure a second version of the same name (in any case) is refused, naming it."""
    matter = load_matter(sample_path)
    save_version(matter, "As filed")
    with pytest.raises(OpinionDeskError) as info:
        save_version(matter, " as filed ")
    assert "a version named \u201cas filed\u201d already exists" in str(info.value)
    assert len(matter.versions) == 1
    with pytest.raises(OpinionDeskError):
        save_version(matter, "   ")


def test_open_read_only_and_restore(sample_path):
    """Ensure a version opens as a copy without file or versions and restores into the matter."""
    matter = load_matter(sample_path)
    save_version(matter, "first")
    matter.facts["registrant_name"] = "Later, Inc."
    matter.edits = [{"key": "x", "action": "drop", "form": ""}]
    version = find_version(matter, "first")
    old = matter_at(matter, version)
    assert old.path is None and old.versions == [] and old.edits == []
    assert "Citicorp" in old.render().blocks[2].text
    restore(matter, version)
    assert matter.facts["registrant_name"] == "Citicorp Mortgage Securities, Inc."
    assert matter.edits == [] and len(matter.versions) == 1


def test_unknown_version_names_the_matter_and_versions(sample_path):
    """Ensure asking for a version the matter lacks names the matter and the versions it has."""
    matter = load_matter(sample_path)
    save_version(matter, "first")
    with pytest.raises(OpinionDeskError) as info:
        find_version(matter, "second")
    assert str(sample_path) in str(info.value)
    assert "no version named \u201csecond\u201d (versions: \u201cfirst\u201d)" in str(info.value)


def test_split_spec(tmp_path):
    """Ensure MATTER@VERSION splits at the @ after an existing file, whole names kept."""
    odd = tmp_path / "a@b.opinion"
    odd.write_text("{}")
    assert split_spec(str(odd)) == (str(odd), None)
    assert split_spec(f"{odd}@as filed") == (str(odd), "as filed")
    assert split_spec("m.opinion@v@2") == ("m.opinion", "v@2")
    assert split_spec("m.opinion") == ("m.opinion", None)


def test_a_version_of_an_older_template_version_is_brought_up_to_date(tmp_path):
    """Ensure a version saved under an older template version is opened, compared and restored
    with its facts converted by the template's [[migrate]] rules, as opening an old matter is,
    and what changed is said."""
    from opiniondesk.core.migrate import notice

    path = tmp_path / "merger.opinion"
    matter_with_an_old_version(path)
    matter = load_matter(path)
    version = find_version(matter, "as filed")
    old = matter_at(matter, version)
    assert "stockholder_approval" not in old.facts and old.facts["stockholder_vote"] == "issuance"
    assert "'stockholder_approval' is now" in notice(old)
    assert "after the stockholders of the Company have approved their issuance" in " ".join(
        b.text for b in old.render().blocks
    )
    restored = restore(matter, version)
    assert "stockholder_approval" not in matter.facts
    assert matter.facts["stockholder_vote"] == "issuance"
    assert "'stockholder_approval' is now" in notice(restored)


def test_restoring_a_version_that_recorded_no_template_version_keeps_the_matters(
    tmp_path, sample_path
):
    """Ensure restoring a version that recorded no template version leaves the matter's own (the
    command line and the window restore through this one function)."""
    path = tmp_path / "m.opinion"
    current = matter_with_an_unversioned_version(path, sample_path)
    matter = load_matter(path)
    version = find_version(matter, "before")
    assert version.template_version == ""
    restore(matter, version)
    assert matter.template_version == current
    assert matter.facts["registrant_name"] == "Citicorp Mortgage Securities, Inc."


def test_a_version_on_another_template_is_refused_naming_it(sample_path):
    """Ensure a version kept on another template is not restored, and the refusal names it."""
    matter = load_matter(sample_path)
    save_version(matter, "other")
    matter.versions[0]["template"]["id"] = "s8-employee-plans"
    before = dict(matter.facts)
    with pytest.raises(OpinionDeskError) as info:
        restore(matter, find_version(matter, "other"))
    assert "version \u201cother\u201d is on template s8-employee-plans" in str(info.value)
    assert matter.facts == before
