"""Where the built-in templates and resources are, from a checkout, a wheel or a frozen bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """Return the folder holding `templates/` and `resources/`.

    A frozen bundle keeps them under `opiniondesk/` in its data folder, an installed wheel
    inside the package (hatch force-includes them), and a source checkout at the repository top.
    """
    candidates = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen) / "opiniondesk")
    candidates.append(_PACKAGE_DIR)
    candidates.append(_PACKAGE_DIR.parent.parent)
    for root in candidates:
        if (root / "templates").is_dir() and (root / "resources").is_dir():
            return root
    raise FileNotFoundError(
        "OpinionDesk cannot find its templates and resources; looked in "
        + ", ".join(str(c) for c in candidates)
    )


def templates_dir() -> Path:
    """Return the folder of built-in templates."""
    return data_root() / "templates"


def resource(*parts: str) -> Path:
    """Return the path of a built-in resource file, such as `letterhead.docx`."""
    return data_root().joinpath("resources", *parts)


def sample_matter() -> Path:
    """Return the built-in sample matter that reproduces the reference letter."""
    return resource("samples", "cmsi-2001.opinion")


def _user_dir(kind: str) -> Path:
    """Return (and create) one of the user's own folders; OPINIONDESK_HOME moves them all (tests)."""
    import os

    home = os.environ.get("OPINIONDESK_HOME")
    if home:
        folder = Path(home) / kind
    else:
        import platformdirs

        folder = Path(
            {
                "data": platformdirs.user_data_dir,
                "config": platformdirs.user_config_dir,
                "logs": platformdirs.user_log_dir,
                "cache": platformdirs.user_cache_dir,
            }[kind]("OpinionDesk", "OpinionDesk")
        )
    if folder not in _made:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from .core.errors import OpinionDeskError

            raise OpinionDeskError(
                f"cannot make OpinionDesk's {kind} folder: {exc.strerror or exc}", str(folder)
            ) from None
        _made.add(folder)
    return folder


_made: set[Path] = set()


def user_data_dir() -> Path:
    """Return the user's data folder (signer profiles, the signed-copies register, recovery)."""
    return _user_dir("data")


def user_config_dir() -> Path:
    """Return the user's settings folder."""
    return _user_dir("config")


def user_cache_dir() -> Path:
    """Return the user's cache folder (compiled templates; safe to delete)."""
    return _user_dir("cache")


def user_log_dir() -> Path:
    """Return the user's log folder."""
    return _user_dir("logs")


def recovery_dir() -> Path:
    """Return the folder where unsaved drafts are autosaved for crash recovery."""
    folder = user_data_dir() / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
