#!/usr/bin/env bash
# Build the macOS app and its disk image (run on macOS 13 or later):
#   dist/Tier Accounts.app                    PyInstaller's BUNDLE, Info.plist from the spec
#   dist/desktop-app-VERSION.dmg              the app beside a link to /Applications
# Needs Python 3.11+ with the package installed (pip install -e '.[packaging]').
# Environment: PYTHON (default python3); CODESIGN_IDENTITY ("Developer ID Application: …")
# signs the app with the hardened runtime (notarize the .dmg afterwards with notarytool);
# without it the app keeps PyInstaller's ad-hoc signature, fine on the machine that built it.
set -euo pipefail
cd "$(dirname "$0")/../.."

python=${PYTHON:-python3}
app="dist/Tier Accounts.app"

echo "== app: PyInstaller"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/desktop-app.spec

echo "== app: smoke test"
"$app/Contents/MacOS/desktop-app" --smoke-test

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  echo "== app: codesign"
  codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$app"
  codesign --verify --deep --strict "$app"
fi

version=$(/usr/libexec/PlistBuddy -c 'Print CFBundleShortVersionString' "$app/Contents/Info.plist")
dmg="dist/desktop-app-$version.dmg"
staging=build/dmg
echo "== dmg: $dmg"
rm -rf "$staging" "$dmg"
mkdir -p "$staging"
ditto "$app" "$staging/Tier Accounts.app"  # keeps the framework symlinks and signatures
ln -s /Applications "$staging/Applications"
hdiutil create -volname "Tier Accounts $version" -srcfolder "$staging" -fs HFS+ \
  -format UDZO -imagekey zlib-level=9 "$dmg"
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$dmg"
fi
du -sh "$app" "$dmg"
