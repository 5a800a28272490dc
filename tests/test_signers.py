"""Tests for signer profiles: files, the keychain, encrypted images, and images for a signed copy."""

import json

import keyring.backends.fail
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtGui import QImage

from opiniondesk import paths
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.matter import load_matter
from opiniondesk.signers import (
    MAX_IMAGE_WIDTH,
    SERVICE,
    SignerProfile,
    SignerStore,
    matter_signer_fields,
    prepare_signature_image,
    profile_id_for,
    signature_image_for_render,
)
from signature_images import add_sample_signer, signature_png


def _all_bytes_under(folder):
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_profile_with_image_survives_restart(memory_keyring):
    """Ensure a profile and its image read back from a new store over the same folder and keychain."""
    store = SignerStore()
    add_sample_signer(store)
    expected = store.image("john-r-dye")
    again = SignerStore()
    profile = again.get("john-r-dye")
    assert profile.full_name == "John R. Dye"
    assert profile.has_image
    assert again.image("john-r-dye") == expected
    assert QImage.fromData(expected).width() > 0


def test_store_defaults_to_user_data_folder(user_home):
    """Ensure the store keeps its profiles under the user data folder's `signers` folder."""
    store = SignerStore()
    add_sample_signer(store, with_image=False)
    assert store.folder == paths.user_data_dir() / "signers"
    assert (store.folder / "john-r-dye.json").is_file()
    assert str(store.folder).startswith(str(user_home))


def test_image_never_on_disk_unencrypted(memory_keyring, user_home):
    """Ensure no file under the user folders holds the image, the raw import, or the key."""
    raw = signature_png()
    store = SignerStore()
    add_sample_signer(store, with_image=False)
    store.set_image("john-r-dye", raw)
    stored = store.image("john-r-dye")
    key = memory_keyring.secrets[(SERVICE, "signature-key:john-r-dye")]
    files = _all_bytes_under(user_home)
    assert files, "the store wrote nothing"
    for path, data in files.items():
        assert stored not in data, path
        assert raw not in data, path
        assert stored[16:80] not in data, path  # not even a piece of the PNG
        assert key.encode() not in data, path


def test_key_fits_windows_limit(memory_keyring):
    """Ensure the keychain holds only a small key, far under Windows' 2,560-byte limit."""
    add_sample_signer(SignerStore())
    secrets = [v for (service, _), v in memory_keyring.secrets.items() if service == SERVICE]
    assert len(secrets) == 1
    assert len(secrets[0].encode("utf-16-le")) < 200


def test_delete_removes_keychain_entry_and_files(memory_keyring):
    """Ensure deleting a profile removes its keychain entry, its encrypted image and its file."""
    store = SignerStore()
    add_sample_signer(store)
    store.set_default("john-r-dye")
    assert (SERVICE, "signature-key:john-r-dye") in memory_keyring.secrets
    store.delete("john-r-dye")
    assert (SERVICE, "signature-key:john-r-dye") not in memory_keyring.secrets
    assert not [p for p in store.folder.iterdir() if p.name.startswith("john-r-dye")]
    assert store.default_id() is None
    with pytest.raises(OpinionDeskError, match="no signer profile 'john-r-dye'"):
        store.get("john-r-dye")


def test_clear_image_keeps_profile(memory_keyring):
    """Ensure removing the image drops the key and encrypted file but keeps the profile."""
    store = SignerStore()
    add_sample_signer(store)
    profile = store.clear_image("john-r-dye")
    assert not profile.has_image
    assert store.image("john-r-dye") is None
    assert not memory_keyring.secrets
    assert store.get("john-r-dye").full_name == "John R. Dye"


def test_fail_keyring_keeps_conformed_profiles():
    """Ensure with no keychain profiles still save and sign conformed, and the reason is plain."""
    store = SignerStore(backend=keyring.backends.fail.Keyring())
    reason = store.images_unavailable_reason
    assert reason and "no system keychain" in reason and "/s/" in reason
    profile = add_sample_signer(store, with_image=False)
    assert SignerStore(backend=keyring.backends.fail.Keyring()).get(profile.id).title
    with pytest.raises(OpinionDeskError, match="no system keychain"):
        store.set_image(profile.id, signature_png())
    assert not list(store.folder.glob("*.signature"))
    store.delete(profile.id)  # no keychain entry to remove, and no error


def test_default_keyring_is_used_when_none_given(memory_keyring):
    """Ensure the store uses keyring's configured backend by default."""
    assert SignerStore().backend is memory_keyring
    assert SignerStore().images_available


def test_broken_keychain_reason_names_the_error():
    """Ensure a keychain that raises says why, and images are refused."""

    class Broken(KeyringBackend):
        priority = 1

        def get_password(self, service, username):
            raise keyring.errors.KeyringLocked("the keychain is locked")

        def set_password(self, service, username, password):
            raise keyring.errors.KeyringLocked("the keychain is locked")

        def delete_password(self, service, username):
            raise keyring.errors.KeyringLocked("the keychain is locked")

    store = SignerStore(backend=Broken())
    assert "the keychain is locked" in store.images_unavailable_reason


def test_missing_key_is_a_clear_error(memory_keyring):
    """Ensure an image whose key vanished from the keychain gives a message, not a traceback."""
    store = SignerStore()
    add_sample_signer(store)
    memory_keyring.secrets.clear()
    with pytest.raises(OpinionDeskError, match="missing from the keychain"):
        store.image("john-r-dye")


def test_profile_validation_names_each_problem():
    """Ensure a bad profile is refused naming the missing name, bad id, style and voice."""
    store = SignerStore()
    bad = SignerProfile(id="Bad Id", display_name="", full_name=" ", style="gang", voice="they")
    with pytest.raises(OpinionDeskError) as info:
        store.save(bad)
    text = str(info.value)
    for part in ("profile id", "full name is required", "style 'gang'", "voice 'they'"):
        assert part in text
    assert not list(store.folder.glob("*.json"))


def test_profile_file_is_plain_json():
    """Ensure each profile is one JSON file holding its typed fields."""
    store = SignerStore()
    add_sample_signer(store, with_image=False)
    data = json.loads((store.folder / "john-r-dye.json").read_text(encoding="utf-8"))
    assert data["full_name"] == "John R. Dye"
    assert data["format"] == "opiniondesk.signer"


def test_damaged_profile_file_is_skipped_and_reported():
    """Ensure a damaged profile file does not hide the others and is reported by name."""
    store = SignerStore()
    add_sample_signer(store, with_image=False)
    (store.folder / "broken.json").write_text("{not json", encoding="utf-8")
    assert [p.id for p in store.list()] == ["john-r-dye"]
    assert "broken.json" in str(store.broken()[0])


def test_profile_ids_are_unique_and_safe():
    """Ensure ids made from names are lower-case, hyphenated and never repeat."""
    assert profile_id_for("John R. Dye") == "john-r-dye"
    assert profile_id_for("John R. Dye", {"john-r-dye"}) == "john-r-dye-2"
    assert profile_id_for("Ren\u00e9e \u00c5berg") == "renee-aberg"


def test_matter_signer_fields_copy_the_typed_block():
    """Ensure a matter keeps the profile id and typed name, title, employer, style, voice, conformed."""
    profile = SignerProfile(
        id="sc",
        display_name="Firm",
        full_name="Jane Roe",
        employer="Smith & Co LLP",
        style="firm",
        voice="we",
    )
    fields = matter_signer_fields(profile)
    assert fields == {
        "profile": "sc",
        "name": "Jane Roe",
        "employer": "Smith & Co LLP",
        "signature_style": "firm",
        "voice": "we",
        "conformed": "Smith & Co LLP",
    }


def test_trim_and_scale_signature():
    """Ensure white margins are trimmed and a big scan is scaled to the stored width."""
    small = QImage.fromData(prepare_signature_image(signature_png(900, 300, 120)))
    assert 900 - 2 * 120 <= small.width() <= 900 - 2 * 120 + 10
    assert small.height() < 300 - 2 * 50
    big = QImage.fromData(prepare_signature_image(signature_png(5000, 1500, 300, fmt="JPG")))
    assert big.width() <= MAX_IMAGE_WIDTH and big.height() <= 400
    clear = QImage.fromData(prepare_signature_image(signature_png(600, 200, 50, transparent=True)))
    assert clear.width() < 600 - 90


def test_image_import_refuses_non_images():
    """Ensure text, blank images and unknown formats are refused with the file named."""
    with pytest.raises(OpinionDeskError, match="sig.gif: is not a PNG or JPEG image"):
        prepare_signature_image(b"GIF89a....", "sig.gif")
    blank = QImage(50, 50, QImage.Format.Format_RGB32)
    blank.fill(0xFFFFFFFF)
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    blank.save(buf, "PNG")
    with pytest.raises(OpinionDeskError, match="blank"):
        prepare_signature_image(bytes(data.data()), "blank.png")


def test_signature_image_for_render(sample_path):
    """Ensure a signed copy gets the named, the matter's or the default profile's image."""
    store = SignerStore()
    add_sample_signer(store)
    matter = load_matter(sample_path)
    expected = store.image("john-r-dye")
    assert signature_image_for_render("john-r-dye", matter) == expected
    with pytest.raises(OpinionDeskError, match="--signer PROFILE"):
        signature_image_for_render(None, matter)
    store.set_default("john-r-dye")
    assert signature_image_for_render(None, matter) == expected
    matter.signer["profile"] = "john-r-dye"
    store.set_default(None)
    assert signature_image_for_render(None, matter) == expected


def test_signature_image_for_render_refuses_wrong_or_missing(sample_path):
    """Ensure another person's profile, an unknown one, or one without an image is refused plainly."""
    store = SignerStore()
    add_sample_signer(store, with_image=False)
    store.save(SignerProfile(id="jane", display_name="Jane", full_name="Jane Roe"))
    store.set_image("jane", signature_png())
    matter = load_matter(sample_path)
    with pytest.raises(OpinionDeskError, match="Jane Roe, but the letter is signed by John R. Dye"):
        signature_image_for_render("jane", matter)
    with pytest.raises(OpinionDeskError, match="no signer profile 'nobody'"):
        signature_image_for_render("nobody", matter)
    with pytest.raises(OpinionDeskError, match="has no signature image; add one with"):
        signature_image_for_render("john-r-dye", matter)


def test_signed_letter_carries_the_stored_image(sample_path):
    """Ensure the rendered signed copy carries exactly the decrypted stored image."""
    store = SignerStore()
    add_sample_signer(store)
    matter = load_matter(sample_path)
    image = signature_image_for_render("john-r-dye", matter)
    letter = matter.render("signed", signature_image=image)
    assert letter.signature.style == "image"
    assert letter.signature.image == store.image("john-r-dye")
