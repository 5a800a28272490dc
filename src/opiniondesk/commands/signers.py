"""`opiniondesk signers`: list and provision signer profiles (an administrator's tool)."""

from __future__ import annotations

import argparse
import sys

from ..core.errors import OpinionDeskError


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command and its sub-commands."""
    p = sub.add_parser("signers", help="list and provision signer profiles")
    actions = p.add_subparsers(dest="signers_command", metavar="ACTION", required=True)

    ls = actions.add_parser("list", help="list the signer profiles")
    ls.set_defaults(signers_run=run_list)

    add = actions.add_parser("add", help="add a signer profile")
    add.add_argument(
        "--name", required=True, help="the signer's full name, as typed under the signature"
    )
    add.add_argument("--title", default="", help="title, e.g. Associate General Counsel")
    add.add_argument("--employer", default="", help="employer or firm")
    add.add_argument(
        "--style",
        choices=("individual", "firm"),
        default="individual",
        help="signs as an individual (default) or in the firm's name",
    )
    add.add_argument("--voice", choices=("I", "we"), default="I", help='"I" (default) or "we"')
    add.add_argument(
        "--conformed", default="", help='text after "/s/" (default: the name, or the firm)'
    )
    add.add_argument("--email", default="")
    add.add_argument("--phone", default="")
    add.add_argument(
        "--display-name", default="", help="name shown in lists (default: the full name)"
    )
    add.add_argument(
        "--id", dest="profile_id", default="", help="profile id (default: from the name)"
    )
    add.add_argument("--default", action="store_true", help="make this the default signer")
    add.set_defaults(signers_run=run_add)

    rm = actions.add_parser(
        "remove", help="remove a signer profile, its image and its keychain entry"
    )
    rm.add_argument("profile", metavar="PROFILE")
    rm.set_defaults(signers_run=run_remove)

    img = actions.add_parser("set-image", help="import a PNG or JPEG signature for a profile")
    img.add_argument("profile", metavar="PROFILE")
    img.add_argument("image", metavar="IMAGE")
    img.set_defaults(signers_run=run_set_image)

    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the chosen sub-command."""
    return int(args.signers_run(args))


def _store():  # noqa: ANN202 - imported lazily so `opiniondesk --help` stays quick
    from ..signers import SignerStore

    return SignerStore()


def run_list(args: argparse.Namespace) -> int:
    """Print one line per profile: id, name, title, employer, style, voice, image, default."""
    store = _store()
    profiles = store.list()
    default = store.default_id()
    if not profiles:
        print("No signer profiles yet; add one with `opiniondesk signers add --name NAME ...`.")
    for p in profiles:
        mark = "*" if p.id == default else " "
        image = "image" if p.has_image else "no image"
        parts = [p.full_name, p.title, p.employer]
        print(
            f"{mark} {p.id}\t{', '.join(x for x in parts if x)}\t"
            f"{p.style}, \u201c{p.voice}\u201d, /s/ {p.conformed_text}, {image}"
        )
    for exc in store.broken():
        for problem in exc.problems:
            print(f"opiniondesk: {problem}", file=sys.stderr)
    if not store.images_available:
        print(f"note: {store.images_unavailable_reason}", file=sys.stderr)
    return 0


def run_add(args: argparse.Namespace) -> int:
    """Add a profile; refuse an id that is taken."""
    from ..signers import SignerProfile, profile_id_for

    store = _store()
    name = args.name.strip()
    display = args.display_name.strip() or name
    profile_id = args.profile_id.strip() or profile_id_for(display, store.ids())
    if store.exists(profile_id):
        raise OpinionDeskError(
            f"a signer profile '{profile_id}' already exists; choose another --id"
        )
    profile = SignerProfile(
        id=profile_id,
        display_name=display,
        full_name=name,
        title=args.title.strip(),
        employer=args.employer.strip(),
        style=args.style,
        voice=args.voice,
        conformed=args.conformed.strip(),
        email=args.email.strip(),
        phone=args.phone.strip(),
    )
    store.save(profile)
    if args.default:
        store.set_default(profile.id)
    print(f"added signer profile '{profile.id}' ({profile.full_name})")
    if not store.images_available:
        print(f"note: {store.images_unavailable_reason}", file=sys.stderr)
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove a profile with its encrypted image and keychain entry."""
    store = _store()
    store.delete(args.profile)
    print(f"removed signer profile '{args.profile}'")
    return 0


def run_set_image(args: argparse.Namespace) -> int:
    """Import a PNG or JPEG signature: trimmed, scaled, encrypted; the key goes to the keychain."""
    profile = _store().set_image_file(args.profile, args.image)
    print(f"stored an encrypted signature image for '{profile.id}'")
    return 0
