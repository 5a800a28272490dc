"""Signer profiles: who signs, kept one JSON file each; signature images encrypted, keys in the keychain."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import paths
from .core.errors import OpinionDeskError, Problem
from .core.limits import MAX_SIGNATURE_IMAGE_BYTES, read_regular_file
from .core.matter import Matter, atomic_write

if TYPE_CHECKING:
    import keyring.backend

# keyring (which looks for backends) and cryptography load on first use, not at start-up.

SERVICE = "OpinionDesk"
STYLES = ("individual", "firm")
VOICES = ("I", "we")
PROFILE_SUFFIX = ".json"
IMAGE_SUFFIX = ".signature"
DEFAULT_FILE = "_default.json"
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")

# A stored signature is at most this many pixels (600 dpi across 2 x 2/3 inches), never enlarged.
MAX_IMAGE_WIDTH = 1200
MAX_IMAGE_HEIGHT = 400
# A pixel darker than this (0-255 grey, after flattening onto white) counts as ink when trimming.
INK_THRESHOLD = 215

NO_KEYCHAIN = (
    "Signature images cannot be stored on this computer: no system keychain is available "
    "(Windows Credential Manager, macOS Keychain, or a Secret Service such as GNOME Keyring). "
    "Profiles still work for conformed \u201c/s/\u201d signatures."
)
KEYCHAIN_FAILED = (
    "Signature images cannot be stored on this computer: the system keychain did not answer "
    "({error}). Profiles still work for conformed \u201c/s/\u201d signatures."
)


def _key_entry(profile_id: str) -> str:
    """Return the keychain user name under which a profile's image key is kept."""
    return f"signature-key:{profile_id}"


@dataclass
class SignerProfile:
    """One person (or firm) who signs opinions: the typed signature block and whether an image exists."""

    id: str
    display_name: str
    full_name: str
    title: str = ""
    employer: str = ""
    style: str = "individual"
    voice: str = "I"
    conformed: str = ""
    email: str = ""
    phone: str = ""
    has_image: bool = False

    @property
    def conformed_text(self) -> str:
        """Return the text after "/s/": as typed, else the firm's or the person's name."""
        if self.conformed:
            return self.conformed
        return self.employer if self.style == "firm" and self.employer else self.full_name

    def problems(self) -> list[Problem]:
        """Return what is wrong with this profile's fields (empty when it can be saved)."""
        where = f"signer profile '{self.id}'" if self.id else "signer profile"
        found = []
        if not _ID_RE.match(self.id or ""):
            found.append(
                Problem(
                    where,
                    "the profile id must be 1 to 63 lower-case letters, digits or hyphens, "
                    "starting with a letter or digit",
                )
            )
        if not self.full_name.strip():
            found.append(Problem(where, "the signer's full name is required"))
        if self.style not in STYLES:
            found.append(Problem(where, f"style '{self.style}' is not one of {', '.join(STYLES)}"))
        if self.voice not in VOICES:
            found.append(Problem(where, f"voice '{self.voice}' is not one of {', '.join(VOICES)}"))
        if self.style == "firm" and not self.employer.strip():
            found.append(
                Problem(where, "a profile that signs in the firm's name needs the firm name")
            )
        for name in (
            "display_name",
            "full_name",
            "title",
            "employer",
            "conformed",
            "email",
            "phone",
        ):
            value = getattr(self, name)
            if "\n" in value or "\r" in value:
                found.append(Problem(where, f"{name.replace('_', ' ')} must be one line"))
        return found

    def to_json(self) -> dict[str, Any]:
        """Return the JSON object the profile's file holds."""
        data = asdict(self)
        data["format"] = "opiniondesk.signer"
        data["format_version"] = 1
        return data

    @classmethod
    def from_json(cls, data: Any, where: str) -> SignerProfile:
        """Return the profile a file holds; raise naming the file when it is not one."""
        if not isinstance(data, dict) or data.get("format") != "opiniondesk.signer":
            raise OpinionDeskError("is not an OpinionDesk signer profile", where)
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = data.get(f.name, f.default if f.name != "id" else None)
            if f.name == "has_image":
                value = bool(value)
            elif not isinstance(value, str):
                raise OpinionDeskError(f"field '{f.name}' is missing or not text", where)
            values[f.name] = value
        return cls(**values)


def profile_id_for(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """Return a file-safe id made from a name ("John R. Dye" -> "john-r-dye"), unique among `taken`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:50] or "signer"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def matter_signer_fields(profile: SignerProfile) -> dict[str, str]:
    """Return the typed copy of a profile a matter keeps, so it renders without the profile."""
    fields_ = {
        "profile": profile.id,
        "name": profile.full_name,
        "title": profile.title,
        "employer": profile.employer,
        "signature_style": profile.style,
        "voice": profile.voice,
        "conformed": profile.conformed_text,
    }
    return {k: v for k, v in fields_.items() if v}


def _keyring_unavailable_reason(backend: keyring.backend.KeyringBackend) -> str | None:
    import keyring.errors

    """Return why a backend cannot keep secrets, or None when it looks usable."""
    import keyring.backends.fail

    try:
        import keyring.backends.null

        null_types: tuple[type, ...] = (keyring.backends.null.Keyring,)
    except ImportError:  # pragma: no cover - every keyring we support has it
        null_types = ()
    if isinstance(backend, (keyring.backends.fail.Keyring, *null_types)):
        return NO_KEYCHAIN
    chained = getattr(backend, "backends", None)
    if chained is not None and not list(chained):
        return NO_KEYCHAIN
    try:
        backend.get_password(SERVICE, "availability-check")
    except keyring.errors.NoKeyringError:
        return NO_KEYCHAIN
    except Exception as exc:  # noqa: BLE001 - any failure means "no keychain" to the user
        return KEYCHAIN_FAILED.format(error=str(exc) or type(exc).__name__)
    return None


class SignerStore:
    """Signer profiles in a folder (one JSON file each) and their encrypted signature images.

    Each image is encrypted with Fernet under a random key of its own, kept in the OS keychain
    (service "OpinionDesk"); the image itself never reaches the disk unencrypted.
    """

    def __init__(
        self,
        folder: Path | str | None = None,
        backend: keyring.backend.KeyringBackend | None = None,
    ) -> None:
        self.folder = Path(folder) if folder else paths.user_data_dir() / "signers"
        self.folder.mkdir(parents=True, exist_ok=True)
        self._backend = backend
        self._reason: str | None = None
        self._probed = False

    # ---- the keychain --------------------------------------------------------------------------

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        """Return the keychain backend (the system's, found on first use, unless one was given)."""
        if self._backend is None:
            import keyring

            self._backend = keyring.get_keyring()
        return self._backend

    @property
    def images_unavailable_reason(self) -> str | None:
        """Return, in plain words, why signature images cannot be stored here; None when they can."""
        if not self._probed:
            self._reason = _keyring_unavailable_reason(self.backend)
            self._probed = True
        return self._reason

    @property
    def images_available(self) -> bool:
        """Return whether signature images can be stored and read."""
        return self.images_unavailable_reason is None

    def _keychain_failed(self, exc: Exception) -> OpinionDeskError:
        import keyring.errors

        if isinstance(exc, keyring.errors.NoKeyringError):
            self._reason = NO_KEYCHAIN
        else:
            self._reason = KEYCHAIN_FAILED.format(error=str(exc) or type(exc).__name__)
        self._probed = True
        return OpinionDeskError(self._reason)

    def _get_key(self, profile_id: str) -> str | None:
        try:
            return self.backend.get_password(SERVICE, _key_entry(profile_id))
        except Exception as exc:  # noqa: BLE001 - keyring backends raise many kinds
            raise self._keychain_failed(exc) from None

    # ---- files -----------------------------------------------------------------------------------

    def _profile_path(self, profile_id: str) -> Path:
        return self.folder / f"{profile_id}{PROFILE_SUFFIX}"

    def _image_path(self, profile_id: str) -> Path:
        return self.folder / f"{profile_id}{IMAGE_SUFFIX}"

    def _write_json(self, path: Path, data: dict[str, Any]) -> None:
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        try:
            atomic_write(path, text.encode("utf-8"), private=True)
        except OSError as exc:
            raise OpinionDeskError(f"cannot write: {exc.strerror or exc}", str(path)) from None

    # ---- profiles --------------------------------------------------------------------------------

    def list(self) -> list[SignerProfile]:
        """Return every readable profile, sorted by display name; unreadable files are skipped."""
        found = []
        for path in sorted(self.folder.glob(f"*{PROFILE_SUFFIX}")):
            if not _ID_RE.match(path.stem):
                continue
            try:
                found.append(self._load(path))
            except OpinionDeskError:
                continue
        return sorted(found, key=lambda p: (p.display_name or p.full_name).casefold())

    def broken(self) -> list[OpinionDeskError]:
        """Return the problems of profile files that cannot be read (for a warning)."""
        errors = []
        for path in sorted(self.folder.glob(f"*{PROFILE_SUFFIX}")):
            if _ID_RE.match(path.stem):
                try:
                    self._load(path)
                except OpinionDeskError as exc:
                    errors.append(exc)
        return errors

    def ids(self) -> set[str]:
        """Return the ids of the stored profiles."""
        return {p.id for p in self.list()}

    def _load(self, path: Path) -> SignerProfile:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise OpinionDeskError(f"cannot read the signer profile: {exc}", str(path)) from None
        profile = SignerProfile.from_json(data, str(path))
        if profile.id != path.stem:
            raise OpinionDeskError(f"holds profile '{profile.id}', not '{path.stem}'", str(path))
        profile.has_image = profile.has_image and self._image_path(profile.id).is_file()
        return profile

    def get(self, profile_id: str) -> SignerProfile:
        """Return one profile; raise naming the known ones when there is no such profile."""
        path = self._profile_path(profile_id) if _ID_RE.match(profile_id or "") else None
        if path is None or not path.is_file():
            known = (
                ", ".join(sorted(self.ids())) or "none yet; add one with `opiniondesk signers add`"
            )
            raise OpinionDeskError(f"no signer profile '{profile_id}' (known: {known})")
        return self._load(path)

    def exists(self, profile_id: str) -> bool:
        """Return whether a profile with this id is stored."""
        return bool(_ID_RE.match(profile_id or "")) and self._profile_path(profile_id).is_file()

    def save(self, profile: SignerProfile) -> SignerProfile:
        """Validate and write a profile (new or changed); its image, if any, is kept."""
        problems = profile.problems()
        if problems:
            raise OpinionDeskError(problems)
        profile.has_image = self._image_path(profile.id).is_file()
        self._write_json(self._profile_path(profile.id), profile.to_json())
        return profile

    def delete(self, profile_id: str) -> None:
        """Delete a profile, its encrypted image and its keychain entry."""
        profile = self.get(profile_id)
        for path in (self._image_path(profile.id), self._profile_path(profile.id)):
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise OpinionDeskError(f"cannot delete: {exc.strerror or exc}", str(path)) from None
        if self.default_id() == profile.id:
            self.set_default(None)
        self._delete_key(profile.id)

    def _delete_key(self, profile_id: str) -> None:
        import keyring.errors

        if not self.images_available:
            return  # nothing can have been stored
        try:
            if self.backend.get_password(SERVICE, _key_entry(profile_id)) is not None:
                self.backend.delete_password(SERVICE, _key_entry(profile_id))
        except keyring.errors.PasswordDeleteError:
            pass
        except Exception as exc:  # noqa: BLE001
            raise OpinionDeskError(
                f"the profile was deleted, but its key could not be removed from the keychain ({exc}); "
                f"remove the entry '{_key_entry(profile_id)}' of service '{SERVICE}' by hand"
            ) from None

    # ---- the default -----------------------------------------------------------------------------

    def default_id(self) -> str | None:
        """Return the id of the default profile, if one is set and still exists."""
        try:
            data = json.loads((self.folder / DEFAULT_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        value = data.get("default") if isinstance(data, dict) else None
        return value if isinstance(value, str) and self.exists(value) else None

    def default(self) -> SignerProfile | None:
        """Return the default profile, or None."""
        pid = self.default_id()
        return self.get(pid) if pid else None

    def set_default(self, profile_id: str | None) -> None:
        """Make a profile the default (None clears it)."""
        if profile_id is not None:
            self.get(profile_id)
        self._write_json(self.folder / DEFAULT_FILE, {"default": profile_id})

    # ---- the signature image -----------------------------------------------------------------------

    def set_image(self, profile_id: str, data: bytes, where: str = "image") -> SignerProfile:
        """Trim, scale and encrypt a PNG or JPEG signature and keep it with the profile."""
        from cryptography.fernet import Fernet

        profile = self.get(profile_id)
        if not self.images_available:
            raise OpinionDeskError(str(self.images_unavailable_reason))
        png = prepare_signature_image(data, where)
        key = self._get_key(profile.id)
        if key is None:
            key = Fernet.generate_key().decode("ascii")
            try:
                self.backend.set_password(SERVICE, _key_entry(profile.id), key)
            except Exception as exc:  # noqa: BLE001
                raise self._keychain_failed(exc) from None
        token = Fernet(key.encode("ascii")).encrypt(png)
        path = self._image_path(profile.id)
        try:
            atomic_write(path, token, private=True)
        except OSError as exc:
            raise OpinionDeskError(f"cannot write: {exc.strerror or exc}", str(path)) from None
        profile.has_image = True
        self._write_json(self._profile_path(profile.id), profile.to_json())
        return profile

    def set_image_file(self, profile_id: str, path: Path | str) -> SignerProfile:
        """Import a PNG or JPEG signature file for a profile (`set_image`). Only a regular file of
        at most MAX_SIGNATURE_IMAGE_BYTES is read: a FIFO, a device or a huge file is refused,
        naming it, before a byte is read."""
        self.get(profile_id)  # an unknown profile is named before the file is read
        if not self.images_available:
            raise OpinionDeskError(str(self.images_unavailable_reason))
        data = read_regular_file(path, MAX_SIGNATURE_IMAGE_BYTES, "signature image")
        return self.set_image(profile_id, data, str(path))

    def image(self, profile_id: str) -> bytes | None:
        """Return the profile's signature image (PNG bytes), decrypted; None when it has none."""
        from cryptography.fernet import Fernet, InvalidToken

        profile = self.get(profile_id)
        path = self._image_path(profile.id)
        if not profile.has_image or not path.is_file():
            return None
        if not self.images_available:
            raise OpinionDeskError(str(self.images_unavailable_reason))
        key = self._get_key(profile.id)
        if key is None:
            raise OpinionDeskError(
                f"the key to signer '{profile.id}'s signature image is missing from the keychain; "
                "import the signature image again"
            )
        try:
            return Fernet(key.encode("ascii")).decrypt(path.read_bytes())
        except (InvalidToken, ValueError):
            raise OpinionDeskError(
                "the signature image cannot be decrypted with the key in the keychain; "
                "import the signature image again",
                str(path),
            ) from None
        except OSError as exc:
            raise OpinionDeskError(f"cannot read: {exc.strerror or exc}", str(path)) from None

    def clear_image(self, profile_id: str) -> SignerProfile:
        """Remove a profile's signature image and its key, keeping the profile."""
        profile = self.get(profile_id)
        self._image_path(profile.id).unlink(missing_ok=True)
        self._delete_key(profile.id)
        profile.has_image = False
        self._write_json(self._profile_path(profile.id), profile.to_json())
        return profile


# ---- image import ------------------------------------------------------------------------------------


def image_kind(data: bytes) -> str | None:
    """Return "png" or "jpeg" from the file's first bytes, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return None


def _ink_span(gray: Any, width: int, height: int) -> tuple[int, int] | None:
    """Return the first and last row of a Grayscale8 image holding a pixel darker than the threshold."""
    stride = gray.bytesPerLine()
    bits = bytes(gray.constBits())
    first = last = None
    for y in range(height):
        row = bits[y * stride : y * stride + width]
        if min(row) < INK_THRESHOLD:
            if first is None:
                first = y
            last = y
    return None if first is None else (first, last)  # type: ignore[return-value]


def prepare_signature_image(data: bytes, where: str = "image") -> bytes:
    """Return a PNG of the signature trimmed of white margins and no larger than the stored size."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QTransform

    kind = image_kind(data)
    if kind is None:
        raise OpinionDeskError("is not a PNG or JPEG image", where)
    image = QImage.fromData(data, "PNG" if kind == "png" else "JPG")
    if image.isNull() or image.width() == 0 or image.height() == 0:
        raise OpinionDeskError(f"cannot be read as a {kind.upper()} image (damaged file?)", where)
    # Flatten onto white, so transparent margins count as white margins.
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(QColor("white"))
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    gray = flat.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = _ink_span(gray, gray.width(), gray.height())
    if rows is None:
        raise OpinionDeskError("holds no signature: the image is blank (all white)", where)
    turned = gray.transformed(QTransform().rotate(90))  # columns become rows
    cols = _ink_span(turned, turned.width(), turned.height())
    assert cols is not None
    # After a 90-degree turn clockwise, row r of the turned image is column r of the original.
    trimmed = flat.copy(QRect(cols[0], rows[0], cols[1] - cols[0] + 1, rows[1] - rows[0] + 1))
    if trimmed.width() > MAX_IMAGE_WIDTH or trimmed.height() > MAX_IMAGE_HEIGHT:
        trimmed = trimmed.scaled(
            MAX_IMAGE_WIDTH,
            MAX_IMAGE_HEIGHT,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    out = QByteArray()
    buffer = QBuffer(out)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    trimmed.save(buffer, "PNG")
    buffer.close()
    return bytes(out.data())


# ---- for rendering -----------------------------------------------------------------------------------


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def resolve_profile_id(
    profile_id: str | None, matter: Matter, store: SignerStore | None = None
) -> str | None:
    """Return the profile that signs: the one named, else the matter's, else the default."""
    if profile_id:
        return profile_id
    if matter.signer.get("profile"):
        return str(matter.signer["profile"])
    return (store or SignerStore()).default_id()


def signature_image_for_render(
    profile_id: str | None, matter: Matter, store: SignerStore | None = None
) -> bytes:
    """Return the signature image for a signed copy of a matter, from the named or matter's profile.

    The profile is the one named, else the one the matter names, else the default. It must be the
    matter's signer (same name), so one person's signature never sits above another's typed name.
    """
    store = store or SignerStore()
    chosen = resolve_profile_id(profile_id, matter, store)
    if not chosen:
        raise OpinionDeskError(
            "a signed copy needs a signer profile with a signature image: name one with "
            "--signer PROFILE (see `opiniondesk signers list`)"
        )
    profile = store.get(chosen)
    typed = matter.signer.get("name") or ""
    if typed and not _same_name(typed, profile.full_name):
        raise OpinionDeskError(
            f"signer profile '{profile.id}' is {profile.full_name}, but the letter is signed by "
            f"{typed}; choose {typed}'s profile or change the matter's signer"
        )
    if not profile.has_image:
        if not store.images_available:
            raise OpinionDeskError(str(store.images_unavailable_reason))
        raise OpinionDeskError(
            f"signer profile '{profile.id}' has no signature image; add one with "
            f"`opiniondesk signers set-image {profile.id} IMAGE`"
        )
    image = store.image(profile.id)
    if image is None:  # pragma: no cover - has_image was checked
        raise OpinionDeskError(f"signer profile '{profile.id}' has no signature image")
    return image
