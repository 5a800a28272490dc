#!/usr/bin/env bash
# Build the one-folder OpinionDesk bundle, dist/OpinionDesk/ (and dist/OpinionDesk.app on macOS),
# from a fresh virtual environment under build/, then prove it with its self-test and print its
# size unpacked and as a compressed archive. Needs Python 3.11+ and PyPI (pip); nothing else.
#
#   bash packaging/build.sh              # a fresh build/venv every time (what CI does)
#   REUSE_VENV=1 bash packaging/build.sh # keep build/venv from the last run (faster, while iterating)
#   PYTHON=python3.12 bash packaging/build.sh
#
# Runs on Linux, macOS and Windows (Git Bash). Targets: 180 MB or less unpacked, 75 MB or less
# compressed; the sizes are printed, not enforced.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PYTHON:-}" ]; then
  if command -v python3 >/dev/null 2>&1 && python3 -c 'import sys' >/dev/null 2>&1; then
    PYTHON=python3
  else
    PYTHON=python
  fi
fi

VENV=build/venv
started=$(date +%s)
if [ "${REUSE_VENV:-0}" != 1 ] || [ ! -d "$VENV" ]; then
  rm -rf "$VENV"
  echo "build: making a fresh virtual environment in $VENV"
  "$PYTHON" -m venv "$VENV"
fi
if [ -d "$VENV/Scripts" ]; then BIN="$VENV/Scripts"; else BIN="$VENV/bin"; fi
VPY="$BIN/python"

echo "build: installing OpinionDesk and PyInstaller into $VENV"
"$VPY" -m pip install -q --disable-pip-version-check --upgrade pip
# A real (non-editable) install of the project brings exactly its declared dependencies.
"$VPY" -m pip install -q --disable-pip-version-check '.[package]'
if [ "${REUSE_VENV:-0}" = 1 ]; then
  "$VPY" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps .
fi
installed=$(date +%s)

echo "build: running PyInstaller"
"$VPY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/opiniondesk.spec
built=$(date +%s)

case "$(uname -s)" in
  MINGW*|MSYS*|CYGWIN*|Windows_NT) EXE=dist/OpinionDesk/OpinionDesk.exe ;;
  *) EXE=dist/OpinionDesk/OpinionDesk ;;
esac

# Sizes: the folder as installed, and as one compressed archive (what a download would weigh).
# ARCHIVE=gz (the default: quick, and zlib like a .dmg) or ARCHIVE=xz (smallest, LZMA like the
# Windows installer; minutes on two cores). Windows makes a .zip.
ARCHIVE=${ARCHIVE:-gz}
rm -f dist/OpinionDesk-*.tar.gz dist/OpinionDesk-*.tar.xz dist/OpinionDesk-*.zip
PLATFORM=$("$VPY" -c 'import sys; print(sys.platform)')
if [ "$PLATFORM" = win32 ]; then
  ARCHIVE_FILE=dist/OpinionDesk-windows.zip
elif [ "$ARCHIVE" = xz ]; then
  ARCHIVE_FILE=dist/OpinionDesk-$PLATFORM.tar.xz
  tar -C dist -cf - OpinionDesk | xz -T0 -6 -c > "$ARCHIVE_FILE"
else
  ARCHIVE_FILE=dist/OpinionDesk-$PLATFORM.tar.gz
  tar -C dist -czf "$ARCHIVE_FILE" OpinionDesk
fi
ARCHIVE_FILE="$ARCHIVE_FILE" "$VPY" - <<'PY'
import os
import zipfile
from pathlib import Path

folder = Path("dist/OpinionDesk")
files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
unpacked = sum(p.stat().st_size for p in files)
archive = Path(os.environ["ARCHIVE_FILE"])
if archive.suffix == ".zip":
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for p in files:
            zf.write(p, p.relative_to(folder.parent))
packed = archive.stat().st_size
mb = 1_000_000
print(f"bundle: {folder} holds {len(files)} files, {unpacked / mb:.1f} MB unpacked (target 180 MB)")
print(f"bundle: {archive} is {packed / mb:.1f} MB compressed (target 75 MB)")
flag = "" if unpacked <= 180 * mb and packed <= 75 * mb else "  OVER TARGET"
print(f"bundle: sizes {unpacked / mb:.1f} MB / {packed / mb:.1f} MB{flag}")
PY
archived=$(date +%s)
echo "build: $((archived - started)) s in all (install $((installed - started)) s," \
  "PyInstaller $((built - installed)) s, archive $((archived - built)) s)"

echo "build: self-test of $EXE"
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$EXE" --self-test
