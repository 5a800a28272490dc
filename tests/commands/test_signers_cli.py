"""Tests for `opiniondesk signers` and for signed copies made with `opiniondesk render --signer`."""

import keyring
import keyring.backends.fail
import pytest

from helpers import run_cli, run_cli_bounded
from opiniondesk.register import SignedCopyRegister
from opiniondesk.signers import SERVICE, SignerStore
from pdf_checks import assert_signed
from signature_images import signature_png

ADD_DYE = [
    "signers",
    "add",
    "--name",
    "John R. Dye",
    "--title",
    "Associate General Counsel\u2014Corporate Law",
    "--employer",
    "Citigroup Inc.",
]


@pytest.fixture
def signature_file(tmp_path):
    path = tmp_path / "signature.png"
    path.write_bytes(signature_png())
    return path


def test_list_empty(capsys):
    """Ensure listing no profiles says how to add one."""
    code, out, _ = run_cli(["signers", "list"], capsys)
    assert code == 0
    assert "signers add" in out


def test_add_list_and_default(capsys):
    """Ensure a profile added with every option is listed with its fields and default mark."""
    code, out, _ = run_cli(
        ADD_DYE
        + [
            "--style",
            "individual",
            "--voice",
            "I",
            "--email",
            "jd@example.com",
            "--phone",
            "555-0100",
            "--display-name",
            "Dye (Citi)",
            "--default",
        ],
        capsys,
    )
    assert code == 0 and "'dye-citi'" in out
    profile = SignerStore().get("dye-citi")
    assert (profile.full_name, profile.email, profile.phone) == (
        "John R. Dye",
        "jd@example.com",
        "555-0100",
    )
    code, out, _ = run_cli(["signers", "list"], capsys)
    assert code == 0
    assert out.startswith("* dye-citi\tJohn R. Dye, Associate General Counsel")
    assert "/s/ John R. Dye" in out and "no image" in out


def test_add_firm_profile(capsys):
    """Ensure a firm profile conforms in the firm's name and takes the "we" voice."""
    code, _, _ = run_cli(
        [
            "signers",
            "add",
            "--name",
            "Jane Roe",
            "--employer",
            "Roe & Co LLP",
            "--style",
            "firm",
            "--voice",
            "we",
            "--id",
            "roe-co",
        ],
        capsys,
    )
    assert code == 0
    assert SignerStore().get("roe-co").conformed_text == "Roe & Co LLP"


@pytest.mark.parametrize(
    "args, message",
    [
        (["signers", "add", "--name", "  "], "full name is required"),
        (["signers", "add", "--name", "X", "--style", "firm"], "needs the firm name"),
        (["signers", "add", "--name", "X", "--id", "Not An Id"], "profile id must be"),
        (["signers", "remove", "nobody"], "no signer profile 'nobody'"),
        (["signers", "set-image", "nobody", "sig.png"], "no signer profile 'nobody'"),
    ],
)
def test_bad_input_exits_2(args, message, capsys):
    """Ensure bad input exits 2 with one line naming the problem."""
    code, _, err = run_cli(args, capsys)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_bad_choice_and_missing_action_exit_2(capsys):
    """Ensure argparse's own errors (bad voice, no action) exit 2 too."""
    with pytest.raises(SystemExit) as info:
        run_cli(["signers", "add", "--name", "X", "--voice", "they"], capsys)
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        run_cli(["signers"], capsys)
    assert info.value.code == 2


def test_duplicate_id_refused(capsys):
    """Ensure adding a profile whose id is taken is refused."""
    assert run_cli(ADD_DYE + ["--id", "jd"], capsys)[0] == 0
    code, _, err = run_cli(ADD_DYE + ["--id", "jd"], capsys)
    assert code == 2 and "already exists" in err


def test_set_image_and_remove(capsys, signature_file, memory_keyring, tmp_path):
    """Ensure set-image stores an encrypted image and remove deletes it with its keychain entry."""
    run_cli(ADD_DYE, capsys)
    code, out, _ = run_cli(["signers", "set-image", "john-r-dye", signature_file], capsys)
    assert code == 0 and "encrypted" in out
    assert (SERVICE, "signature-key:john-r-dye") in memory_keyring.secrets
    assert SignerStore().get("john-r-dye").has_image
    code, _, _ = run_cli(["signers", "remove", "john-r-dye"], capsys)
    assert code == 0
    assert not memory_keyring.secrets
    assert not list(SignerStore().folder.glob("john-r-dye*"))


def test_set_image_refuses_bad_files(capsys, tmp_path):
    """Ensure a missing file or a non-image exits 2 naming the file."""
    run_cli(ADD_DYE, capsys)
    code, _, err = run_cli(["signers", "set-image", "john-r-dye", tmp_path / "none.png"], capsys)
    assert code == 2 and "none.png: cannot read the file" in err
    text = tmp_path / "notes.png"
    text.write_text("hello", encoding="utf-8")
    code, _, err = run_cli(["signers", "set-image", "john-r-dye", text], capsys)
    assert code == 2 and "notes.png: is not a PNG or JPEG image" in err


def test_without_keychain_profiles_work_and_say_why(capsys, signature_file):
    """Ensure with no keychain, profiles are added and listed, and set-image says why it cannot."""
    keyring.set_keyring(keyring.backends.fail.Keyring())
    code, _, err = run_cli(ADD_DYE, capsys)
    assert code == 0 and "no system keychain" in err
    code, out, err = run_cli(["signers", "list"], capsys)
    assert code == 0 and "John R. Dye" in out and "no system keychain" in err
    code, _, err = run_cli(["signers", "set-image", "john-r-dye", signature_file], capsys)
    assert code == 2 and "cannot be stored" in err


def test_render_signed_copy_with_profile(capsys, signature_file, sample_path, tmp_path):
    """Ensure `render --copy signed --signer` makes a PDF with the profile's image above the name."""
    run_cli(ADD_DYE, capsys)
    run_cli(["signers", "set-image", "john-r-dye", signature_file], capsys)
    out = tmp_path / "signed.pdf"
    code, _, err = run_cli(
        ["render", sample_path, "-o", out, "--copy", "signed", "--signer", "john-r-dye"], capsys
    )
    assert code == 0, err
    assert_signed(out, tmp_path)


def test_render_signed_copy_is_registered(capsys, signature_file, sample_path, tmp_path):
    """Ensure each signed copy the CLI writes appends a register record naming profile and output."""
    import hashlib

    run_cli(ADD_DYE, capsys)
    run_cli(["signers", "set-image", "john-r-dye", signature_file], capsys)
    out = tmp_path / "signed.docx"
    code, _, err = run_cli(
        ["render", sample_path, "-o", out, "--copy", "signed", "--signer", "john-r-dye"], capsys
    )
    assert code == 0, err
    run_cli(["render", sample_path, "-o", tmp_path / "filing.pdf", "--copy", "filing"], capsys)
    records = SignedCopyRegister().records()
    assert len(records) == 1
    assert records[0]["signer_profile"] == "john-r-dye"
    assert records[0]["output_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert records[0]["format"] == "docx"
    assert SignedCopyRegister().verify().ok


def test_render_signed_without_image_exits_2(capsys, sample_path, tmp_path):
    """Ensure a signed copy for a profile without an image is refused with the fix named."""
    run_cli(ADD_DYE, capsys)
    code, _, err = run_cli(
        [
            "render",
            sample_path,
            "-o",
            tmp_path / "s.pdf",
            "--copy",
            "signed",
            "--signer",
            "john-r-dye",
        ],
        capsys,
    )
    assert code == 2 and "signers set-image john-r-dye" in err
    assert not (tmp_path / "s.pdf").exists()


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "huge"])
def test_set_image_refuses_a_fifo_a_device_or_a_huge_file_at_once(capsys, tmp_path, kind):
    """Ensure set-image of a FIFO, /dev/zero or a file over the size limit exits 2 at once with
    one line naming it, never reading it (a FIFO hung it; /dev/zero filled the memory)."""
    import os
    from pathlib import Path

    from opiniondesk.core.limits import MAX_SIGNATURE_IMAGE_BYTES

    run_cli(ADD_DYE, capsys)
    image = tmp_path / "signature.png"
    if kind == "fifo":
        os.mkfifo(image)
    elif kind == "dev-zero":
        image.symlink_to("/dev/zero")
    else:
        with open(image, "wb") as fh:
            fh.truncate(MAX_SIGNATURE_IMAGE_BYTES + 1)
    tests = str(Path(__file__).resolve().parents[1])
    env = dict(
        os.environ,
        PYTHON_KEYRING_BACKEND="memory_keyring.MemoryKeyring",  # a keychain that stores images
        PYTHONPATH=os.pathsep.join(filter(None, [tests, os.environ.get("PYTHONPATH")])),
    )
    proc = run_cli_bounded(["signers", "set-image", "john-r-dye", image], env=env)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"opiniondesk: {image}: "), lines
    said = "larger than a signature image may be" if kind == "huge" else "not a regular file"
    assert said in lines[0]
    assert not SignerStore().get("john-r-dye").has_image
