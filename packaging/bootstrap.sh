#!/usr/bin/env bash
# Sets Step Audio Studio up on a fresh Debian/Ubuntu machine and runs it or its tests.
#   bash packaging/bootstrap.sh app    # install, then launch the studio (embedded engine, offline)
#   bash packaging/bootstrap.sh test   # install with test tools, then lint and run the whole test suite
# Idempotent and quick the second time: the virtual environment is reused, and pip runs only when
# what an install depends on changed (pyproject.toml, this script, the venv's Python, the torch pin)
# or the test tools are wanted and not yet installed. A test install also serves `app`, so switching
# between the two commands installs nothing. STEP_STUDIO_REINSTALL=1 forces an install.
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
apt_test=(xvfb xauth x11-apps desktop-file-utils appstream shared-mime-info)
want=("${apt_app[@]}")
[ "$mode" = test ] && want+=("${apt_test[@]}")
missing=()
# One dpkg-query for all of them: 0.01 s, where a dpkg -s per package took 0.2 s on every start.
if command -v dpkg-query >/dev/null; then
  installed="$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${want[@]}" 2>/dev/null || true)"
  for p in "${want[@]}"; do grep -q "^$p ii" <<<"$installed" || missing+=("$p"); done
fi
[ -x "$VENV/bin/python" ] || { "$PY" -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv); }
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

if [ ! -x "$VENV/bin/python" ]; then
  "$PY" - <<'PYV'
import sys
if sys.version_info < (3, 10):
    sys.exit(f"Step Audio Studio needs Python 3.10 or newer; this is {sys.version.split()[0]}")
PYV
  say "creating virtual environment in $VENV"
  "$PY" -m venv "$VENV"
fi

# The install stamp: .installed-<key>-app or .installed-<key>-test-torch<pin>, where <key> hashes
# what the install depends on. `app` is satisfied by either stamp of the current key (the test
# install is a superset), `test` only by its own. Stamps of other keys are stale and removed.
torch_pin="${STEP_STUDIO_TORCH:-2.13.0}"
key="$(cat pyproject.toml packaging/bootstrap.sh "$VENV/pyvenv.cfg" 2>/dev/null | sha256sum | cut -c1-16)"
if [ "$mode" = test ]; then stamp="$VENV/.installed-$key-test-torch$torch_pin"; else stamp="$VENV/.installed-$key-app"; fi
installed_ok() {
  [ "${STEP_STUDIO_REINSTALL:-0}" = 1 ] && return 1
  [ -f "$stamp" ] && return 0
  [ "$mode" = app ] && compgen -G "$VENV/.installed-$key-test-*" >/dev/null
}
if ! installed_ok; then
  extras=""
  [ "$mode" = test ] && extras="[test]"
  say "installing Python packages (about a minute the first time)"
  log="$VENV/install.log"
  # The tests run the Step-Audio engine on tiny models on the CPU: torch is pinned to the CPU build
  # first, because an unpinned torch (asked for by the [step] extra) would be a multi-GB CUDA build.
  torch_cpu=()
  [ "$mode" = test ] && torch_cpu=("torch==$torch_pin")
  if ! { "$VENV/bin/python" -m pip install --upgrade pip \
         && { [ ${#torch_cpu[@]} -eq 0 ] || "$VENV/bin/python" -m pip install "${torch_cpu[@]}"; } \
         && "$VENV/bin/python" -m pip install -e ".$extras"; } \
       >"$log" 2>&1 || ! "$VENV/bin/python" -c 'import studio, backends' 2>>"$log"; then
    grep -v '^WARNING: Location' "$log" | tail -40 >&2
    say "installation failed; the whole log is in $log"
    exit 1
  fi
  # The speaker encoder's weights (16 MB, fetched once into the user cache and checksummed; the
  # app would otherwise fetch them on first use): now, so the studio then works offline.
  "$VENV/bin/python" -m backends.embedded.speaker_weights \
    || say "the speaker model was not fetched now; the studio will fetch it when a voice is matched"
  for old in "$VENV"/.installed-*; do
    case "$old" in "$VENV/.installed-$key-"*) ;; *) rm -f "$old" ;; esac
  done
  touch "$stamp"
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
