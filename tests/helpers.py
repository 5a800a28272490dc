"""Test helpers: run the CLI in-process, compare letter text ignoring what may differ."""

import json
import os
import re
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from opiniondesk.cli import main as cli_main

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def words(text: str) -> list[str]:
    """Return the words of a text, quotes made straight and em dashes written as "--"."""
    text = text.translate(_QUOTES).replace("\u2014", "--").replace("\u2013", "-")
    return text.split()


def reference_body(reference: str) -> str:
    """Return the reference letter without its page breaks and continuation headers."""
    return re.sub(
        r"<PAGE>\s*\n\s*Citicorp Mortgage Securities, Inc\.\s*\nPage \d+\s*\n", "\n", reference
    )


def run_cli(args, capsys):
    """Run the CLI in-process and return (exit code, stdout, stderr)."""
    code = cli_main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def run_cli_process(args, **kwargs):
    """Run the CLI in a child process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "opiniondesk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def _limited_memory():
    """Keep a child process to 2 GB of address space, so a read without bound fails fast."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run_cli_bounded(args, seconds=30, **kwargs):
    """Run the CLI in a child process held to 2 GB of memory; fail the test if it is still running
    after `seconds` (reading a FIFO or /dev/zero without bound would otherwise hang it)."""
    import pytest

    try:
        return subprocess.run(
            [sys.executable, "-m", "opiniondesk", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=seconds,
            preexec_fn=_limited_memory,
            **kwargs,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"opiniondesk {' '.join(map(str, args))} was still running after {seconds} s")


@contextmanager
def released_fifo(path, seconds=5.0):
    """Make a FIFO at `path` and, every `seconds` until the block ends, let go whoever waits to
    read it (a writer opens and closes it: they read nothing), so code that blocks on the FIFO
    fails its test instead of hanging it."""
    os.mkfifo(path)
    done = threading.Event()

    def release():
        while not done.wait(seconds):
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # ENXIO: nobody waits
            except OSError:
                pass

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    try:
        yield path
    finally:
        done.set()
        thread.join()


def raised_within(call, *args, seconds=5.0):
    """Run `call(*args)` in a thread; return what it raised (None if nothing), failing the test if
    it is still running after `seconds` (reading a FIFO or a device for ever, say)."""
    outcome = []

    def target():
        try:
            call(*args)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - the test looks at whatever it was
            outcome.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{getattr(call, '__name__', call)}{args} is still running"
    return outcome[0]


OLD_MATTERS = Path(__file__).resolve().parent / "fixtures" / "old-matters"


def matter_with_an_old_version(path):
    """Save at `path` a current S-4 matter keeping one version ("as filed") saved under an older
    version of the template, with the fact ids and values of then; return the version's JSON."""
    data = json.loads((OLD_MATTERS / "s4-cobalt-bluefin.opinion").read_text(encoding="utf-8"))
    assert data["facts"]["stockholder_approval"] is True  # renamed and converted since
    version = {
        "name": "as filed",
        "saved": "2024-01-02T03:04:05+00:00",
        "template": data["template"],
        "letter_date": data.get("letter_date"),
        "signer": data.get("signer", {}),
        "facts": data["facts"],
    }
    from opiniondesk.core.matter import load_matter, save_matter

    matter = load_matter(OLD_MATTERS / "s4-cobalt-bluefin.opinion")
    matter.template_version = matter.template().version
    matter.facts["stockholder_vote"] = "none"
    matter.versions = [version]
    save_matter(matter, path)
    return version


def matter_with_an_unversioned_version(path, sample):
    """Save at `path` the sample matter keeping a version ("before") that recorded no template
    version, with another registrant name; return the matter's own template version."""
    from opiniondesk.core.matter import load_matter, save_matter
    from opiniondesk.core.versions import save_version

    matter = load_matter(sample)
    save_version(matter, "before")
    del matter.versions[0]["template"]["version"]
    matter.facts["registrant_name"] = "Later, Inc."
    save_matter(matter, path)
    assert matter.template_version
    return matter.template_version


# How lawyers call counsel of each jurisdiction of the table ("acted as ___ counsel").
COUNSEL_FORMS = {
    "Cayman Islands": "Cayman Islands",
    "Bermuda": "Bermuda",
    "British Virgin Islands": "British Virgin Islands",
    "Republic of Singapore": "Singapore",
    "England and Wales": "English",
    "Hong Kong": "Hong Kong",
    "Ireland": "Irish",
    "Israel": "Israeli",
    "Ontario": "Ontario",
    "District of Columbia": "District of Columbia",
    "Puerto Rico": "Puerto Rico",
    "Guam": "Guam",
    "United States Virgin Islands": "U.S. Virgin Islands",
}


def counsel_form(name):
    """Return how lawyers call counsel of a jurisdiction of the table ("Irish", "Maryland")."""
    return COUNSEL_FORMS.get(name, name)  # a state's counsel by the state's name


def renders_by_register(monkeypatch) -> list[bool]:
    """Count the letters rendered from now on: the list returned gets, for each, whether the
    register rendered it (it renders a letter again only when not given the deviations)."""
    import opiniondesk.core.templates

    render = opiniondesk.core.templates.render_letter
    by_register: list[bool] = []

    def counted(*args, **kwargs):
        by_register.append(sys._getframe(1).f_globals["__name__"] == "opiniondesk.register")
        return render(*args, **kwargs)

    monkeypatch.setattr(opiniondesk.core.templates, "render_letter", counted)
    return by_register
