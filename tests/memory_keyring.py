"""An in-memory keyring backend for tests that, like Windows Credential Manager, refuses big secrets."""

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError, PasswordSetError

WINDOWS_LIMIT_BYTES = 2560  # CRED_MAX_CREDENTIAL_BLOB_SIZE, counted in UTF-16


class MemoryKeyring(KeyringBackend):
    """Keeps secrets in a dict; refuses one over 2,560 bytes of UTF-16, as Windows does."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def set_password(self, service, username, password):
        if len(password.encode("utf-16-le")) > WINDOWS_LIMIT_BYTES:
            raise PasswordSetError("secret larger than 2,560 bytes of UTF-16")
        self.secrets[(service, username)] = password

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def delete_password(self, service, username):
        try:
            del self.secrets[(service, username)]
        except KeyError:
            raise PasswordDeleteError("no such secret") from None
