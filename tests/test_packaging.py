"""Tests for packaging/: the PyInstaller spec, installers, icons, CI workflow, and the built bundle."""

import ast
import os
import plistlib
import re
import runpy
import struct
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

import opiniondesk

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "opiniondesk.spec"
ISS = PACKAGING / "windows" / "opiniondesk.iss"
INFO_PLIST = PACKAGING / "macos" / "Info.plist"
ENTITLEMENTS = PACKAGING / "macos" / "entitlements.plist"
WORKFLOW = ROOT / ".github" / "workflows" / "installers.yml"
ICONS = ROOT / "resources" / "icons"
VERSION = opiniondesk.__version__


def spec_constant(name):
    """Return a constant assigned at the top of the spec (it is Python, read without running it)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"the spec assigns no {name}")


# ---- the PyInstaller spec ----------------------------------------------------------------------


def test_spec_names_every_data_folder_the_app_reads():
    """Ensure the spec bundles every data folder the wheel ships, where paths.data_root looks."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    force = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    wheel_folders = {dest.split("/", 1)[1] for dest in force.values()}
    folders = spec_constant("DATA_FOLDERS")
    assert wheel_folders == set(folders) == {"templates", "resources"}
    text = SPEC.read_text(encoding="utf-8")
    assert (
        '(str(ROOT / folder), f"opiniondesk/{folder}")' in text
    )  # under opiniondesk/ in the bundle
    paths_source = (ROOT / "src" / "opiniondesk" / "paths.py").read_text(encoding="utf-8")
    assert 'Path(frozen) / "opiniondesk"' in paths_source
    for folder in folders:
        assert (ROOT / folder).is_dir()
        assert f'"{folder}"' in paths_source


def test_spec_files_it_names_exist():
    """Ensure the entry script, hooks, icons, version resource and plists the spec uses exist."""
    text = SPEC.read_text(encoding="utf-8")
    for rel, mention in (
        ("packaging/entry.py", '"entry.py"'),
        ("packaging/hooks/hook-docx.py", 'hookspath=[str(PACKAGING / "hooks")]'),
        ("packaging/windows/version_info.txt", '"version_info.txt"'),
        ("packaging/macos/Info.plist", '"Info.plist"'),
        ("packaging/macos/entitlements.plist", '"entitlements.plist"'),
        ("resources/icons/opiniondesk.ico", '"opiniondesk.ico"'),
        ("resources/icons/opiniondesk.icns", '"opiniondesk.icns"'),
    ):
        assert (ROOT / rel).is_file(), rel
        assert mention in text, rel
    assert spec_constant("NAME") == "OpinionDesk"


def test_spec_keeps_every_qt_module_the_app_imports():
    """Ensure no Qt module imported anywhere in the package is on the spec's exclude list."""
    excluded = set(spec_constant("EXCLUDES"))
    used = set()
    for source in (ROOT / "src" / "opiniondesk").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", source.read_text(encoding="utf-8")))
    assert {"QtCore", "QtGui"} <= used
    assert not {f"PySide6.{m}" for m in used} & excluded
    for needed in ("QtNetwork", "QtWidgets", "QtGui", "QtSvg", "QtPrintSupport"):
        assert f"PySide6.{needed}" not in excluded
    assert {
        "tkinter",
        "PySide6.QtWebEngineCore",
        "PySide6.QtQml",
        "PySide6.QtMultimedia",
    } <= excluded


def test_spec_keeps_the_platform_plugins_each_os_needs():
    """Ensure the kept Qt plugins include each OS's platform, offscreen (self-test) and image formats."""
    keep = spec_constant("KEEP_PLUGINS")
    assert {"qwindows", "qcocoa", "qxcb", "qoffscreen"} <= keep["platforms"]
    assert {"qjpeg", "qsvg"} <= keep["imageformats"]
    assert "translations" not in keep


def test_docx_hook_collects_header_and_footer_templates():
    """Ensure the python-docx hook bundles its default header/footer XML and gives docx/parts a folder."""
    pytest.importorskip("PyInstaller")
    hook = runpy.run_path(str(PACKAGING / "hooks" / "hook-docx.py"))
    names = {Path(src).name for src, _ in hook["datas"]}
    assert {"default-header.xml", "default-footer.xml", "default.docx"} <= names
    dests = {Path(src).name: dest.replace("\\", "/") for src, dest in hook["datas"]}
    assert dests["default-header.xml"] == dests["default-footer.xml"] == "docx/templates"
    assert hook["module_collection_mode"] == {"docx.parts": "pyz+py"}


def test_entry_script_runs_the_program():
    """Ensure the bundle's entry script runs OpinionDesk's command line."""
    done = subprocess.run(
        [sys.executable, str(PACKAGING / "entry.py"), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"OpinionDesk {VERSION}"


# ---- Windows -----------------------------------------------------------------------------------


def iss_sections():
    """Return the Inno Setup script's sections: name -> lines (comments dropped)."""
    sections, current = {}, None
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections[current] = []
        elif current:
            sections[current].append(line)
    return sections


def test_inno_setup_installs_per_user_without_admin():
    """Ensure the installer asks for no administrator rights and installs under the user's profile."""
    setup = dict(line.split("=", 1) for line in iss_sections()["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    # {autopf} is %LOCALAPPDATA%\Programs when the installer runs without administrator rights.
    assert setup["DefaultDirName"] == r"{autopf}\{#AppName}"
    assert setup["ChangesAssociations"] == "yes"
    assert f'#define AppVersion "{VERSION}"' in ISS.read_text(encoding="utf-8")
    icon = setup["SetupIconFile"].replace("\\", "/")
    assert (ISS.parent / icon).resolve() == ICONS / "opiniondesk.ico"
    bundle = re.search(r'#define BundleDir "(.+)"', ISS.read_text(encoding="utf-8")).group(1)
    assert (ISS.parent / bundle.replace("\\", "/")).resolve() == ROOT / "dist" / "OpinionDesk"


def test_inno_setup_adds_start_menu_entry():
    """Ensure the installer adds a Start menu entry for the program."""
    icons = iss_sections()["Icons"]
    assert any(line.startswith(r'Name: "{autoprograms}\{#AppName}"') for line in icons)
    assert all(r'Filename: "{app}\{#AppExe}"' in line for line in icons)
    assert '#define AppExe "OpinionDesk.exe"' in ISS.read_text(encoding="utf-8")


def test_inno_setup_registers_opinion_files_under_hkcu_and_removes_them():
    """Ensure .opinion is registered (type, icon, open command) under HKCU only and removed on uninstall."""
    registry = iss_sections()["Registry"]
    assert registry and all(line.startswith("Root: HKCU;") for line in registry)
    text = "\n".join(registry)
    assert (
        'Subkey: "Software\\Classes\\.opinion"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"'
        in text
    )
    assert r'Subkey: "Software\Classes\{#ProgId}\DefaultIcon"' in text
    assert r'ValueData: "{app}\opiniondesk.ico,0"' in text
    assert r'ValueData: """{app}\{#AppExe}"" ""%1"""' in text
    prog_id = next(line for line in registry if r'Subkey: "Software\Classes\{#ProgId}";' in line)
    assert "uninsdeletekey" in prog_id
    dot = [line for line in registry if r'Subkey: "Software\Classes\.opinion"' in line]
    assert dot and all("uninsdeletevalue" in line for line in dot)
    files = "\n".join(iss_sections()["Files"])
    assert r'Source: "..\..\resources\icons\opiniondesk.ico"; DestDir: "{app}"' in files
    assert "HKLM" not in ISS.read_text(encoding="utf-8")


def test_windows_version_resource_matches_the_package_version():
    """Ensure OpinionDesk.exe's version resource carries the package's version."""
    tree = ast.parse(PACKAGING.joinpath("windows", "version_info.txt").read_text(encoding="utf-8"))
    calls = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            calls.setdefault(node.func.id, []).append(node)
    ffi = calls["FixedFileInfo"][0]
    kw = {k.arg: ast.literal_eval(k.value) for k in ffi.keywords}
    numbers = tuple(int(p) for p in VERSION.split(".")) + (0,) * (4 - len(VERSION.split(".")))
    assert kw["filevers"] == kw["prodvers"] == numbers
    strings = {
        ast.literal_eval(c.args[0]): ast.literal_eval(c.args[1]) for c in calls["StringStruct"]
    }
    assert strings["ProductVersion"] == VERSION
    assert strings["FileVersion"] == ".".join(map(str, numbers))
    assert strings["OriginalFilename"] == "OpinionDesk.exe"
    assert strings["ProductName"] == "OpinionDesk"


# ---- macOS -------------------------------------------------------------------------------------


def test_info_plist_declares_the_opinion_document_type():
    """Ensure Info.plist parses and declares .opinion as an exported document type the app owns."""
    with INFO_PLIST.open("rb") as fh:
        info = plistlib.load(fh)
    assert info["CFBundleIdentifier"] == spec_constant("BUNDLE_ID")
    assert info["CFBundleExecutable"] == "OpinionDesk"
    assert info["NSHighResolutionCapable"] is True
    assert re.fullmatch(r"\d+\.\d+", info["LSMinimumSystemVersion"])
    assert info["CFBundleShortVersionString"] == VERSION
    (doc,) = info["CFBundleDocumentTypes"]
    (uti,) = info["UTExportedTypeDeclarations"]
    assert doc["LSItemContentTypes"] == [uti["UTTypeIdentifier"]]
    assert doc["CFBundleTypeRole"] == "Editor"
    assert doc["LSHandlerRank"] == "Owner"
    assert uti["UTTypeTagSpecification"]["public.filename-extension"] == ["opinion"]
    assert "public.json" in uti["UTTypeConformsTo"]
    for icon in (info["CFBundleIconFile"], doc["CFBundleTypeIconFile"], uti["UTTypeIconFile"]):
        assert (ICONS / icon).is_file()


def test_entitlements_allow_only_what_python_needs():
    """Ensure the hardened-runtime entitlements parse and relax nothing beyond ctypes' needs."""
    with ENTITLEMENTS.open("rb") as fh:
        entitlements = plistlib.load(fh)
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}


def test_make_dmg_signs_and_notarizes_from_the_environment():
    """Ensure the .dmg script takes its signing and notarization credentials from the environment."""
    script = (PACKAGING / "macos" / "make_dmg.sh").read_text(encoding="utf-8")
    for var in ("MACOS_CODESIGN_IDENTITY", "APPLE_ID", "APPLE_TEAM_ID", "APPLE_APP_PASSWORD"):
        assert "${" + var in script
    assert "--options runtime" in script and "--entitlements" in script
    assert "xcrun notarytool submit" in script and "xcrun stapler staple" in script
    assert "hdiutil create" in script
    done = subprocess.run(
        ["bash", "-n", str(PACKAGING / "macos" / "make_dmg.sh")], capture_output=True
    )
    assert done.returncode == 0, done.stderr


# ---- the CI workflow ---------------------------------------------------------------------------


def test_workflow_builds_both_installers_and_self_tests_each_bundle():
    """Ensure the workflow parses and, on Windows and macOS, builds, self-tests and packages."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert jobs["windows"]["runs-on"] == "windows-latest"
    assert jobs["macos"]["runs-on"] == "macos-latest"
    for job_name, package_step in (("windows", "opiniondesk.iss"), ("macos", "make_dmg.sh")):
        runs = [step.get("run", "") for step in jobs[job_name]["steps"]]
        text = "\n".join(runs)
        assert "bash packaging/build.sh" in text
        assert "--self-test" in text
        assert package_step in text
        built = next(i for i, r in enumerate(runs) if "packaging/build.sh" in r)
        tested = next(i for i, r in enumerate(runs) if "--self-test" in r)
        assert built < tested
    for path in re.findall(r"packaging[\\/][\w/\\.-]+\.(?:sh|iss|ps1)", WORKFLOW.read_text()):
        assert (ROOT / path.replace("\\", "/")).is_file(), path


def test_workflow_signs_only_when_secrets_are_present():
    """Ensure every signing step is conditional, and no secret is written into a run script."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            name = step.get("name", "").lower()
            if "sign" in name and "dmg" not in name:
                assert step.get("if", "").startswith("env.SIGN_"), name
            assert "secrets." not in step.get("run", ""), name
    assert (
        "secrets.WINDOWS_CERTIFICATE_PFX_BASE64 != ''"
        in workflow["jobs"]["windows"]["env"]["SIGN_WINDOWS"]
    )
    assert (
        "secrets.MACOS_CERTIFICATE_P12_BASE64 != ''"
        in workflow["jobs"]["macos"]["env"]["SIGN_MACOS"]
    )


# ---- icons -------------------------------------------------------------------------------------


def read_ico(data):
    """Return {size: PNG bytes} from an ICO file of PNG images."""
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    images = {}
    for i in range(count):
        w, h, _, _, planes, bpp, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        png = data[offset : offset + length]
        assert png.startswith(b"\x89PNG") and (planes, bpp) == (1, 32)
        assert struct.unpack(">II", png[16:24]) == ((w or 256), (h or 256))
        images[w or 256] = png
    return images


def read_icns(data):
    """Return {type code: PNG bytes} from an ICNS file."""
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    entries, pos = {}, 8
    while pos < len(data):
        code, length = data[pos : pos + 4].decode(), struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        entries[code] = data[pos + 8 : pos + length]
        pos += length
    assert pos == len(data)
    return entries


def test_committed_icons_are_valid_containers():
    """Ensure the committed ICO and ICNS hold every size Windows and macOS ask for."""
    ico = read_ico((ICONS / "opiniondesk.ico").read_bytes())
    assert {16, 24, 32, 48, 256} <= set(ico)
    icns = read_icns((ICONS / "opiniondesk.icns").read_bytes())
    assert {"icp4", "icp5", "ic07", "ic08", "ic09", "ic10"} <= set(icns)
    assert struct.unpack(">II", icns["ic10"][16:24]) == (1024, 1024)
    assert (ICONS / "opiniondesk.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_make_icons_renders_the_drawing_into_ico_icns_and_pngs(tmp_path):
    """Ensure make_icons.py renders the SVG into valid ICO, ICNS and PNG files with ink on them."""
    sys.path.insert(0, str(PACKAGING))
    try:
        import make_icons
    finally:
        sys.path.remove(str(PACKAGING))
    written = make_icons.make_icons(ICONS / "opiniondesk.svg", tmp_path)
    assert {p.name for p in written} >= {
        "opiniondesk.ico",
        "opiniondesk.icns",
        "opiniondesk-256.png",
    }
    assert set(read_ico((tmp_path / "opiniondesk.ico").read_bytes())) == set(make_icons.ICO_SIZES)
    assert len(read_icns((tmp_path / "opiniondesk.icns").read_bytes())) == len(
        make_icons.ICNS_TYPES
    )
    from PySide6.QtGui import QColor, QImage

    for png in (
        make_icons.render_svg(ICONS / "opiniondesk.svg", 64),
        make_icons.render_painter(64),
    ):
        image = QImage.fromData(png, "PNG")
        assert (image.width(), image.height()) == (64, 64)
        assert QColor.fromRgba(image.pixel(0, 0)).alpha() == 0  # the corner is clear
        assert QColor.fromRgba(image.pixel(32, 32)).alpha() == 255  # the letter is drawn


# ---- a real install of the wheel ---------------------------------------------------------------


def test_wheel_install_ships_templates_and_resources_and_renders(tmp_path):
    """Ensure a real (non-editable) install carries templates/ and resources/ and renders the sample."""
    target = tmp_path / "site"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    package = target / "opiniondesk"
    assert (package / "templates" / "abs-pass-through-certificates" / "template.toml").is_file()
    assert (package / "resources" / "letterhead.docx").is_file()
    assert (package / "resources" / "samples" / "cmsi-2001.opinion").is_file()
    assert (package / "resources" / "icons" / "opiniondesk.ico").is_file()
    script = (
        "import io, docx, opiniondesk\n"
        "from opiniondesk import paths\n"
        "from opiniondesk.core.matter import load_matter\n"
        "from opiniondesk.writers.docx import write_docx\n"
        "letter = load_matter(paths.sample_matter()).render('filing')\n"
        "doc = docx.Document(io.BytesIO(write_docx(letter)))\n"
        "print(opiniondesk.__file__)\n"
        "print(paths.data_root())\n"
        "print('/s/ John R. Dye' in '\\n'.join(p.text for p in doc.paragraphs))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    module_file, data_root, signed = run.stdout.splitlines()
    assert Path(module_file).is_relative_to(target)
    assert Path(data_root) == package
    assert signed == "True"


# ---- the bundle itself (slow) ------------------------------------------------------------------


@pytest.mark.slow
def test_build_sh_builds_a_bundle_that_passes_its_self_test():
    """Ensure packaging/build.sh builds dist/OpinionDesk from a fresh venv and the bundle self-tests."""
    env = {k: v for k, v in os.environ.items() if k not in ("REUSE_VENV", "OPINIONDESK_HOME")}
    env["PYTHON"] = sys.executable  # the Python the tests run on makes the fresh build venv
    build = subprocess.run(
        ["bash", "packaging/build.sh"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
    )
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    sizes = re.search(r"bundle: sizes ([\d.]+) MB / ([\d.]+) MB", build.stdout)
    assert sizes, build.stdout[-2000:]
    exe = ROOT / "dist" / "OpinionDesk" / "OpinionDesk"
    assert exe.is_file()
    assert (ROOT / "dist" / "OpinionDesk" / "_internal" / "opiniondesk" / "templates").is_dir()
    assert not list((ROOT / "dist" / "OpinionDesk").rglob("translations/*.qm"))
    env_run = dict(env, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [str(exe), "--self-test"], capture_output=True, text=True, env=env_run, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test passed" in done.stdout
    assert "(bundle " in done.stdout.splitlines()[0]


def test_self_test_pipes_fail_when_the_self_test_fails():
    """Ensure every step piping the self-test through tee runs in bash, which GitHub runs with pipefail."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    for name, job in workflow["jobs"].items():
        default = job.get("defaults", {}).get("run", {}).get("shell")
        for step in job["steps"]:
            if "--self-test" in step.get("run", "") and "|" in step.get("run", ""):
                assert (step.get("shell") or default) == "bash", f"{name}: {step.get('name')}"
