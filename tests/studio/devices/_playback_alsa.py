"""Test-only: drive StreamPlayer in a fresh process whose ALSA sees a virtual device.

PortAudio reads the ALSA configuration once, when it initialises, so `ALSA_CONFIG_PATH` (set by
test_playback.py, pointing at a `file`-plugin device that writes raw S16_LE) must be in the
environment before sounddevice is imported; a subprocess is the only clean way to get that.

Usage: python _playback_alsa.py SCENARIO RESULT.json [ARGS...]; prints nothing useful, writes JSON.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from backends.audio import Audio  # noqa: E402  (after the path fix, by design)
from studio.devices.playback import (  # noqa: E402
    PlaybackUnavailable,
    StreamPlayer,
    audio_unavailable_reason,
    output_devices,
    refresh_devices,
)


def signal(seconds: float, rate: int, freq: float = 220.0) -> np.ndarray:
    """A tone that stays well away from zero (0.35 +- 0.3), so that the silence a device plays
    while waiting or underrunning can be told apart from the signal sample by sample."""
    t = np.arange(round(seconds * rate)) / rate
    return (0.35 + 0.3 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


class States:
    def __init__(self, player: StreamPlayer) -> None:
        self.items: list[str] = []
        self.cond = threading.Condition()
        player.on_state = self.add

    def add(self, state: str) -> None:
        with self.cond:
            self.items.append(state)
            self.cond.notify_all()

    def wait_for(self, state: str, count: int = 1, timeout: float = 20.0) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: self.items.count(state) >= count, timeout)


def devices_json() -> list[dict[str, object]]:
    return [d.__dict__ for d in output_devices()]


def scenario_none(args: list[str]) -> dict[str, object]:
    result: dict[str, object] = {"devices": devices_json(), "reason": audio_unavailable_reason()}
    player = StreamPlayer()
    actions = {"begin": lambda: player.begin(24000), "play": lambda: player.play(Audio.silence(1, 24000))}
    for name, action in actions.items():
        try:
            action()
            result[name] = None
        except PlaybackUnavailable as exc:
            result[name] = str(exc)
    player.feed(np.zeros(100, dtype=np.float32))  # ignored: nothing is open
    player.end_of_stream()
    player.stop()
    result["playing"] = player.playing
    result["refreshed"] = refresh_devices()  # PortAudio re-initialised: still no device, no crash
    result["devices_after_refresh"] = devices_json()
    return result


def scenario_stream(args: list[str]) -> dict[str, object]:
    """Stream 24 kHz audio: the first half in one piece, let it underrun, then the second half in
    50 ms pieces, then finish.

    The first half goes in whole so that the underrun in the middle is the only one that can come
    before the second half, and comes once the device has taken every sample of it: fed in pieces,
    a feeder that lost the CPU between two of them let the device run dry early and resume, and the
    notifier thread (which turns the callback's events into states) could still be one state
    behind, showing that early underrun as the latest state while the device played on. The
    playhead was then read mid-play (0.154 s on a loaded CI machine). Pieces after an underrun, and
    underruns among them on a busy machine, are still exercised by the second half."""
    rate = 24000
    device = None if not args else int(args[0])
    source = signal(0.9, rate)
    first, second = source[: round(0.5 * rate)], source[round(0.5 * rate) :]
    piece = round(0.05 * rate)
    player = StreamPlayer(device)
    states = States(player)
    player.begin(rate)
    refreshed_while_open = refresh_devices()
    player.feed(first)
    # Nothing more is fed until the playhead is read, so after this underrun it stands still.
    underran = states.wait_for("underrun")
    position_at_underrun = player.position
    for i in range(0, len(second), piece):
        player.feed(second[i : i + piece])
    player.end_of_stream()
    finished = states.wait_for("finished")
    time.sleep(0.1)
    return {
        "devices": devices_json(),
        "underran": underran,
        "refreshed_while_open": refreshed_while_open,
        "finished": finished,
        "states": states.items,
        "position_at_underrun": position_at_underrun,
        "position": player.position,
        "playing": player.playing,
        "output_rate": player.output_sample_rate,
        "source_rate": rate,
        "source": source.tolist(),
    }


def scenario_clip(args: list[str]) -> dict[str, object]:
    """Play a whole 16 kHz clip from 0.25 s."""
    rate = 16000
    clip = Audio(signal(0.75, rate, 330.0), rate)
    player = StreamPlayer()
    states = States(player)
    player.play(clip, start_seconds=0.25)
    finished = states.wait_for("finished")
    time.sleep(0.1)
    return {
        "finished": finished,
        "states": states.items,
        "position": player.position,
        "playing": player.playing,
        "output_rate": player.output_sample_rate,
        "source_rate": rate,
        "source": clip.slice_seconds(0.25).samples.tolist(),
    }


def scenario_stop(args: list[str]) -> dict[str, object]:
    """Stop a long clip soon after it starts; then start another one on the same player."""
    rate = 24000
    player = StreamPlayer()
    states = States(player)
    player.play(Audio(signal(30.0, rate), rate))
    started = states.wait_for("playing")
    player.stop()
    stopped = states.wait_for("stopped")
    position = player.position
    time.sleep(0.2)
    result: dict[str, object] = {
        "started": started,
        "stopped": stopped,
        "position": position,
        "playing_after_stop": player.playing,
        "states_after_stop": list(states.items),
    }
    player.play(Audio(signal(0.2, rate), rate))
    result["second_finished"] = states.wait_for("finished")
    time.sleep(0.1)
    result["states"] = states.items
    result["output_rate"] = player.output_sample_rate
    return result


SCENARIOS = {"none": scenario_none, "stream": scenario_stream, "clip": scenario_clip, "stop": scenario_stop}

if __name__ == "__main__":
    name, out = sys.argv[1], Path(sys.argv[2])
    out.write_text(json.dumps(SCENARIOS[name](sys.argv[3:])))
