#!/usr/bin/env bash
# macOS: "Union Hall Kiosk.app" and a .dmg to drag it to Applications, built
# from the same PyInstaller spec as Linux and Windows (it adds a BUNDLE step on
# darwin).  Run on a Mac, from anywhere (see packaging/README.md):
#   bash packaging/macos/build-dmg.sh
# Needs Python 3.11+ (python3 on PATH, or PYTHON=/path/to/python3.11) and the
# Xcode command line tools (xcode-select --install).  Optional:
#   CODESIGN_IDENTITY="Developer ID Application: …"  sign with that identity
#   (otherwise PyInstaller signs ad hoc, and Gatekeeper asks on first start).
# Output: dist/union-kiosk-<version>-macos-<arch>.dmg
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "$(uname -s)" != Darwin ]; then
    echo "build-dmg.sh: run this on macOS (hdiutil and the .app bundle are macOS-only)" >&2
    exit 2
fi

PY=.venv/bin/python
if [ ! -x "$PY" ]; then
    "${PYTHON:-python3}" -m venv .venv
fi
"$PY" -m pip install --disable-pip-version-check -q -e '.[package]'
"$PY" packaging/build.py   # icon (.icns) and PyInstaller: dist/union-kiosk/ and dist/Union Hall Kiosk.app

APP="dist/Union Hall Kiosk.app"
VERSION=$("$PY" -c 'from kiosk import __version__; print(__version__)')
DMG="dist/union-kiosk-${VERSION}-macos-$(uname -m).dmg"
STAGE=build/dmg

rm -rf "$STAGE" "$DMG"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "Union Hall Kiosk" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
"$APP/Contents/MacOS/union-kiosk" validate >/dev/null
echo "$DMG"
