#!/usr/bin/env bash
# Make dist/OpinionDesk-<version>.dmg from dist/OpinionDesk.app (run `bash packaging/build.sh` on
# a Mac first). Signing and notarization happen when their credentials are in the environment:
#
#   MACOS_CODESIGN_IDENTITY  a "Developer ID Application: Firm (TEAMID)" identity in a keychain
#                            this user can read (CI imports it into a temporary keychain first)
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD
#                            an Apple ID, its team and an app-specific password, for notarytool
#
# Without an identity the app keeps PyInstaller's ad-hoc signature and the .dmg is unsigned: fine
# for testing, but Gatekeeper warns on other Macs. Without the Apple ID the .dmg is signed but not
# notarized. Nothing here prints a credential.
set -euo pipefail
cd "$(dirname "$0")/../.."

APP=dist/OpinionDesk.app
ENTITLEMENTS=packaging/macos/entitlements.plist
if [ ! -d "$APP" ]; then
  echo "make_dmg: $APP not found; run bash packaging/build.sh on this Mac first" >&2
  exit 2
fi
VERSION=$(/usr/libexec/PlistBuddy -c 'Print CFBundleShortVersionString' "$APP/Contents/Info.plist")
DMG="dist/OpinionDesk-$VERSION.dmg"
IDENTITY=${MACOS_CODESIGN_IDENTITY:-}

sign() {
  codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
    --sign "$IDENTITY" "$@"
}

if [ -n "$IDENTITY" ]; then
  echo "make_dmg: signing $APP with the hardened runtime"
  # Inside out: every Mach-O library and executable, then each framework, then the app itself.
  while IFS= read -r -d '' file; do
    if file -b "$file" | grep -q 'Mach-O'; then
      sign "$file"
    fi
  done < <(find "$APP/Contents" -type f -print0)
  while IFS= read -r -d '' framework; do
    sign "$framework"
  done < <(find "$APP/Contents" -type d -name '*.framework' -print0)
  sign "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
  spctl --assess --type execute --verbose "$APP" || echo "make_dmg: (spctl accepts the app only once notarized)"
fi

echo "make_dmg: building $DMG"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
ditto "$APP" "$STAGE/OpinionDesk.app"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "OpinionDesk $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
hdiutil verify "$DMG"

if [ -n "$IDENTITY" ]; then
  codesign --force --timestamp --sign "$IDENTITY" "$DMG"
  if [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
    echo "make_dmg: notarizing $DMG (this waits for Apple)"
    xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
      --password "$APPLE_APP_PASSWORD" --wait
    xcrun stapler staple "$DMG"
    xcrun stapler validate "$DMG"
  else
    echo "make_dmg: APPLE_ID, APPLE_TEAM_ID or APPLE_APP_PASSWORD not set: not notarized"
  fi
else
  echo "make_dmg: MACOS_CODESIGN_IDENTITY not set: the app and the .dmg are not signed"
fi
echo "make_dmg: $DMG is $(($(stat -f %z "$DMG") / 1000000)) MB"
