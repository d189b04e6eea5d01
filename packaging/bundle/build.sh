#!/usr/bin/env bash
# Builds the one-folder Linux bundle, dist/step-studio/: its `step-studio` runs the studio on a
# machine without Python (PyInstaller; everything inside but the C library and the desktop's X or
# Wayland libraries), then checks it the way a user would meet it: from an empty environment it
# speaks a sentence, and under Xvfb (when xvfb-run is installed) its window comes up.
# Needs the app set-up first (bash packaging/bootstrap.sh app, or the test set-up).
#   bash packaging/bundle/build.sh   # -> dist/step-studio/ and dist/step-studio-linux-x86_64.tar.gz
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
VENV="${STEP_STUDIO_VENV:-$here/.venv}"
"$VENV/bin/python" -m pip install -q "pyinstaller==6.22.3"
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m PyInstaller packaging/bundle/step-studio.spec --noconfirm \
  --log-level ERROR --distpath dist --workpath build/pyinstaller
tar -C dist -czf dist/step-studio-linux-x86_64.tar.gz step-studio
du -sh dist/step-studio dist/step-studio-linux-x86_64.tar.gz

# The checks: no Python on PATH, a home of its own.
check="$(mktemp -d)"
trap 'rm -rf "$check"' EXIT
run() { env -i HOME="$check" PATH=/usr/bin:/bin STEP_STUDIO_HOME="$check/studio" "$@"; }
run dist/step-studio/step-studio speak "Hello from the bundled studio." -o "$check/hello.wav"
[ -s "$check/hello.wav" ] || { echo "the bundle made no audio" >&2; exit 1; }
if command -v xvfb-run >/dev/null; then
  run STEP_STUDIO_STARTUP_TIMING=1 QT_QPA_PLATFORM=xcb timeout 60 \
    xvfb-run -a -s "-screen 0 1280x800x24" dist/step-studio/step-studio >"$check/window.log" 2>&1 || true
  grep -q "window shown" "$check/window.log" || { cat "$check/window.log" >&2; echo "the bundle's window did not come up" >&2; exit 1; }
  grep "window shown" "$check/window.log"
fi
echo "bundle checked: it speaks and its window comes up"
