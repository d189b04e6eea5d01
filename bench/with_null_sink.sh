#!/usr/bin/env bash
# Runs a command with a private PulseAudio daemon whose only output is a null sink, reached through
# ALSA's pulse plugin: a sound device that consumes audio at real-time pace on a machine with no
# sound card. Needs apt pulseaudio, pulseaudio-utils and libasound2-plugins.
#   bench/with_null_sink.sh python bench/gui_stall.py
set -euo pipefail
run=$(mktemp -d)
export XDG_RUNTIME_DIR="$run" PULSE_RUNTIME_PATH="$run/pulse" HOME="${HOME:-$run}"
pulseaudio --daemonize=no --exit-idle-time=-1 --disallow-exit -n \
  --load="module-native-protocol-unix" --load="module-null-sink sink_name=bench_speaker" \
  --log-target=stderr --log-level=error >"$run/pulse.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$run"' EXIT
for _ in $(seq 100); do pactl info >/dev/null 2>&1 && break; sleep 0.05; done
pactl info >/dev/null 2>&1 || { cat "$run/pulse.log" >&2; echo "pulseaudio did not start" >&2; exit 1; }
cat >"$run/asound.conf" <<'CONF'
pcm.!default { type pulse }
ctl.!default { type pulse }
CONF
export ALSA_CONFIG_PATH="/usr/share/alsa/alsa.conf:$run/asound.conf"
"$@"
