#!/usr/bin/env bash
# Sets Step Audio Studio up on a fresh Debian/Ubuntu machine and runs it or its tests.
#   bash packaging/bootstrap.sh app    # install, then launch the studio (embedded engine, offline)
#   bash packaging/bootstrap.sh test   # install with test tools, then lint and run the whole test suite
# Idempotent: a second run reuses the virtual environment and reinstalls only when pyproject changed.
set -euo pipefail
mode="${1:-app}"; shift || true
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
PY="${PYTHON:-python3}"
VENV="${STEP_STUDIO_VENV:-$here/.venv}"

say() { printf '\033[1m[step-studio]\033[0m %s\n' "$*" >&2; }

# System packages. PortAudio for sound; the test run also needs a virtual X server for the
# real-window checks and CJK fonts for rendering Chinese text.
apt_app=(libportaudio2 libegl1 libgl1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
         libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libfontconfig1
         libdbus-1-3 fonts-noto-cjk)
apt_test=(xvfb xauth x11-apps)
want=("${apt_app[@]}")
[ "$mode" = test ] && want+=("${apt_test[@]}")
if ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then want+=(python3-venv); fi
missing=()
for p in "${want[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing system packages: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && command -v apt-get >/dev/null && sudo -n true 2>/dev/null; then
    say "installing system packages with sudo: ${missing[*]}"
    sudo apt-get update -qq >/dev/null
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "please install these system packages first (sudo apt-get install ${missing[*]}); continuing"
  fi
fi

"$PY" - <<'PYV'
import sys
if sys.version_info < (3, 10):
    sys.exit(f"Step Audio Studio needs Python 3.10 or newer; this is {sys.version.split()[0]}")
PYV

[ -x "$VENV/bin/python" ] || { say "creating virtual environment in $VENV"; "$PY" -m venv "$VENV"; }
extras=""; suffix=""
if [ "$mode" = test ]; then extras="[test]"; suffix="-test"; fi
stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)$suffix"
if [ ! -f "$stamp" ]; then
  say "installing Python packages (about a minute the first time)"
  log="$VENV/install.log"
  # resemblyzer only for the speaker-encoder weights its wheel carries (read with numpy, no torch):
  # installed without dependencies, since they would pull a multi-GB torch build.
  # The tests run the Step-Audio engine on tiny models on the CPU: torch is pinned to the CPU build
  # first, because an unpinned torch (asked for by the [step] extra) would be a multi-GB CUDA build.
  torch_cpu=()
  [ "$mode" = test ] && torch_cpu=("torch==${STEP_STUDIO_TORCH:-2.13.0}")
  if ! { "$VENV/bin/python" -m pip install --upgrade pip \
         && { [ ${#torch_cpu[@]} -eq 0 ] || "$VENV/bin/python" -m pip install "${torch_cpu[@]}"; } \
         && "$VENV/bin/python" -m pip install -e ".$extras" \
         && "$VENV/bin/python" -m pip install --no-deps "resemblyzer==0.1.4"; } \
       >"$log" 2>&1 || ! "$VENV/bin/python" -c 'import studio, backends' 2>>"$log"; then
    grep -v '^WARNING: Location' "$log" | tail -40 >&2
    say "installation failed; the whole log is in $log"
    exit 1
  fi
  rm -f "$VENV"/.installed-*; touch "$stamp"
fi

case "$mode" in
  app)
    exec "$VENV/bin/step-studio" "$@" ;;
  test)
    export QT_QPA_PLATFORM=offscreen
    say "ruff"
    "$VENV/bin/ruff" check backends studio widgets tests bench
    say "pytest"
    set +e
    "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
    rc=$?
    set -e
    # pytest exits 5 when it collected nothing: that is a failure here, not a pass.
    exit $rc ;;
  *)
    say "usage: bash packaging/bootstrap.sh app|test [args]"; exit 2 ;;
esac
