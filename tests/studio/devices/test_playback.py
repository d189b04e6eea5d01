"""Sound output, checked two ways.

1. Real PortAudio through a virtual ALSA device, no sound card and no daemon: a per-process ALSA
   configuration (`ALSA_CONFIG_PATH`) defines `default` as a `plug` into a `file` plugin that writes
   raw S16_LE mono (slave `null`). PortAudio reads ALSA's configuration when it initialises, so each
   check runs `_playback_alsa.py` in a subprocess and the test compares the raw file with what was
   played. That device is faster than real time, which makes underruns easy to provoke.
2. In-process, with a scripted stand-in for the sounddevice module (here only), for what a virtual
   ALSA device cannot do: vanish mid-play, stall, accept only stereo, be missing altogether.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from backends.audio import Audio
from studio.devices import playback
from studio.devices.playback import (
    DEVICE_GONE,
    NO_DEVICE,
    NO_PORTAUDIO,
    OutputDevice,
    PlaybackUnavailable,
    StreamPlayer,
    audio_unavailable_reason,
    output_devices,
)

pytestmark = pytest.mark.timeout(120)

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "_playback_alsa.py"
ALSA_CONF = Path("/usr/share/alsa/alsa.conf")

# --- through ALSA ---------------------------------------------------------------------------------

needs_alsa = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not ALSA_CONF.exists(), reason="needs Linux with alsa-lib"
)


def file_device_config(raw: Path) -> str:
    """`default`: a plug converting whatever PortAudio sends to S16_LE mono into a raw file."""
    return f"""
pcm.!default {{
    type plug
    slave {{
        pcm "studio_file"
        format S16_LE
        channels 1
    }}
}}
pcm.studio_file {{
    type file
    slave.pcm "null"
    file "{raw}"
    format "raw"
}}
"""


def run_scenario(tmp_path: Path, name: str, config: str, *args: str) -> dict[str, Any]:
    conf = tmp_path / f"{name}.asoundrc"
    conf.write_text(config)
    result = tmp_path / f"{name}.json"
    env = dict(os.environ, ALSA_CONFIG_PATH=f"{ALSA_CONF}:{conf}")
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), name, str(result), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(result.read_text())


def read_raw(path: Path) -> np.ndarray:
    return np.fromfile(path, dtype="<i2").astype(np.float32) / 32768.0


def nonzero_runs(samples: np.ndarray, min_length: int = 64) -> list[tuple[int, int]]:
    """(start, end) of the stretches of signal between the silences the device was given."""
    mask = np.concatenate([[False], samples != 0, [False]])
    edges = np.flatnonzero(np.diff(mask.astype(np.int8)))
    runs = list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))
    return [(a, b) for a, b in runs if b - a >= min_length]


def assert_same_audio(played: np.ndarray, expected: np.ndarray) -> None:
    """Equal up to S16 quantisation (and float differences between streaming and one-shot soxr)."""
    assert len(played) == len(expected), (len(played), len(expected))
    error = np.max(np.abs(played - expected))
    assert error < 2e-4, error  # about 6 LSB of 16-bit audio


@needs_alsa
def test_no_device_gives_a_clear_reason(tmp_path: Path) -> None:
    # The standard ALSA configuration with `default` on a card that does not exist: what a machine
    # without a sound card (this one) looks like, also on a developer's laptop that has one.
    config = "pcm.!default { type hw card 99 }\nctl.!default { type hw card 99 }\n"
    result = run_scenario(tmp_path, "none", config)
    if result["devices"]:
        pytest.skip("this machine has real ALSA sound cards besides the default")
    assert result["reason"] == NO_DEVICE
    assert result["begin"] == NO_DEVICE and result["play"] == NO_DEVICE
    assert result["playing"] is False
    assert result["refreshed"] is True and result["devices_after_refresh"] == []


def test_this_process_without_a_sound_card() -> None:
    """On this machine (no card, no ALSA config override) the app-facing calls must not raise."""
    devices = output_devices()
    if devices:
        pytest.skip("this machine has a sound output device")
    assert audio_unavailable_reason() == NO_DEVICE
    player = StreamPlayer()
    with pytest.raises(PlaybackUnavailable, match="No audio output device"):
        player.begin(24000)
    with pytest.raises(PlaybackUnavailable, match="Generating and exporting still work"):
        player.play(Audio.silence(0.1, 24000))
    player.feed(np.zeros(10, dtype=np.float32))
    player.end_of_stream()
    player.stop()
    assert not player.playing and player.position == 0.0


@needs_alsa
def test_streamed_pieces_with_an_underrun_reach_the_device_intact(tmp_path: Path) -> None:
    raw = tmp_path / "stream.raw"
    result = run_scenario(tmp_path, "stream", file_device_config(raw))
    names = {d["name"]: d for d in result["devices"]}
    assert "default" in names and names["default"]["is_default"]
    assert result["underran"] and result["finished"], result["states"]
    states = result["states"]
    assert states[0] == "playing" and states[-1] == "finished" and "underrun" in states
    assert states.count("playing") == states.count("underrun") + 1  # every underrun resumed
    assert result["refreshed_while_open"] is False  # PortAudio is not re-initialised under a stream
    assert result["playing"] is False

    out_rate = result["output_rate"]
    source = np.asarray(result["source"], dtype=np.float32)
    # 24 kHz in, the device's own rate out: the player resampled (soxr) rather than ALSA's plug.
    assert out_rate == round(names["default"]["default_sample_rate"]) and out_rate != 24000
    expected = Audio(source, result["source_rate"]).resampled(out_rate).samples
    written = read_raw(raw)
    runs = nonzero_runs(written)
    assert len(runs) >= 2, runs  # silence (the underrun) between the two halves
    assert_same_audio(written[written != 0], expected)
    # The first half was played before the underrun; the playhead counted only real audio. It was
    # fed in one piece and read after the one underrun that can follow it, when the device had taken
    # all of it: the 0.5 s less what soxr holds back for the next piece (22 ms) and less the device's
    # latency (35 ms here), 0.443 s, whatever the load (_playback_alsa.scenario_stream).
    assert runs[0][1] - runs[0][0] <= round(0.5 * out_rate)
    assert 0.3 < result["position_at_underrun"] <= 0.5 + 1e-6
    assert result["position"] == pytest.approx(len(expected) / out_rate, abs=1e-3)


@needs_alsa
def test_a_whole_clip_from_an_offset(tmp_path: Path) -> None:
    raw = tmp_path / "clip.raw"
    result = run_scenario(tmp_path, "clip", file_device_config(raw))
    assert result["finished"] and result["states"] == ["playing", "finished"]
    out_rate = result["output_rate"]
    source = np.asarray(result["source"], dtype=np.float32)
    expected = Audio(source, result["source_rate"]).resampled(out_rate).samples
    written = read_raw(raw)
    assert len(nonzero_runs(written)) == 1
    assert_same_audio(written[written != 0], expected)
    assert result["position"] == pytest.approx(0.25 + len(expected) / out_rate, abs=1e-3)


@needs_alsa
def test_stop_then_play_again(tmp_path: Path) -> None:
    raw = tmp_path / "stop.raw"
    result = run_scenario(tmp_path, "stop", file_device_config(raw))
    assert result["started"] and result["stopped"]
    assert result["playing_after_stop"] is False
    assert 0.0 <= result["position"] < 30.0  # this device runs faster than real time: not ~0
    assert result["states_after_stop"] == ["playing", "stopped"]
    assert result["second_finished"]
    assert result["states"] == ["playing", "stopped", "playing", "finished"]
    # The file plugin starts its file afresh for each stream: what is left is the second clip, whole.
    written = read_raw(raw)
    assert np.count_nonzero(written) == round(0.2 * result["output_rate"])


# --- a scripted stand-in for sounddevice ----------------------------------------------------------


class FakePortAudioError(Exception):
    pass


class FakeCallbackStop(Exception):
    pass


class FakeCallbackAbort(Exception):
    pass


class FakeStream:
    """Calls the callback from its own thread, faster than real time, like PortAudio would; the
    test can unplug the device (the thread dies and the finished-callback fires) or stall it."""

    def __init__(self, sd: FakeSoundDevice, **kwargs: Any) -> None:
        self.sd = sd
        self.kwargs = kwargs
        self.channels = kwargs["channels"]
        self.callback = kwargs["callback"]
        self.finished_callback = kwargs["finished_callback"]
        self.latency = 0.02
        self.active = False
        self.closed = False
        self.blocks: list[np.ndarray] = []
        self._halt = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        sd.streams.append(self)

    def start(self) -> None:
        self.active = True
        self._thread.start()

    def _run(self) -> None:
        frames = 256
        try:
            while not self._halt.is_set():
                if self.sd.unplug.is_set():
                    return  # the device vanished: PortAudio ends the stream without being asked
                if self.sd.stall.is_set():
                    time.sleep(0.01)  # the stream is "active" but the callback is never called
                    continue
                out = np.full((frames, self.channels), 9.0, dtype=np.float32)
                try:
                    self.callback(out, frames, None, None)
                except FakeCallbackStop:
                    self.blocks.append(out.copy())
                    return
                except FakeCallbackAbort:
                    return
                self.blocks.append(out.copy())
                time.sleep(0.001)
        finally:
            self.active = False
            if not self._halt.is_set():
                self.finished_callback()

    def abort(self, ignore_errors: bool = True) -> None:
        self._halt.set()
        if self._thread.is_alive():
            self._thread.join(2)
        if self.active or self._thread.ident is not None:
            self.active = False
            self.finished_callback()

    def close(self, ignore_errors: bool = True) -> None:
        self.closed = True

    def output(self) -> np.ndarray:
        return np.concatenate(self.blocks) if self.blocks else np.zeros((0, self.channels), np.float32)


class FakeSoundDevice:
    """The parts of the sounddevice module the player uses."""

    PortAudioError = FakePortAudioError
    CallbackStop = FakeCallbackStop
    CallbackAbort = FakeCallbackAbort

    def __init__(self, default_rate: float = 48000.0, mono: bool = True, channels: int = 2) -> None:
        self.devices = [
            {"name": "Speakers", "index": 0, "max_output_channels": channels,
             "default_samplerate": default_rate},
            {"name": "Microphone", "index": 1, "max_output_channels": 0, "default_samplerate": 48000.0},
        ]
        self.mono = mono
        self.streams: list[FakeStream] = []
        self.unplug = threading.Event()
        self.stall = threading.Event()

    def query_devices(self, device: int | None = None, kind: str | None = None) -> Any:
        if kind == "output":
            if not self.devices:
                raise FakePortAudioError("Error querying device -1")
            return self.devices[0]
        return list(self.devices)

    def check_output_settings(self, device: int, channels: int, dtype: str, samplerate: float) -> None:
        if channels == 1 and not self.mono:
            raise FakePortAudioError("Invalid number of channels")
        if samplerate not in (44100, 48000):
            raise FakePortAudioError("Invalid sample rate")

    def OutputStream(self, **kwargs: Any) -> FakeStream:
        return FakeStream(self, **kwargs)


class StateLog:
    def __init__(self, player: StreamPlayer) -> None:
        self.items: list[str] = []
        self.threads: set[str] = set()
        self.cond = threading.Condition()
        player.on_state = self

    def __call__(self, state: str) -> None:
        with self.cond:
            self.items.append(state)
            self.threads.add(threading.current_thread().name)
            self.cond.notify_all()

    def wait(self, predicate: Callable[[list[str]], bool], timeout: float = 5.0) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: predicate(self.items), timeout)


@pytest.fixture
def fake_sd(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSoundDevice]:
    sd = FakeSoundDevice()
    monkeypatch.setattr(playback, "_sd", sd)
    monkeypatch.setattr(playback, "_sd_error", None)
    yield sd
    sd.unplug.set()  # end any stream thread still running


def test_fake_device_listing(fake_sd: FakeSoundDevice) -> None:
    assert output_devices() == [OutputDevice(0, "Speakers", True, 2, 48000.0)]
    assert audio_unavailable_reason() is None
    assert audio_unavailable_reason(0) is None
    assert audio_unavailable_reason(5) == DEVICE_GONE
    assert audio_unavailable_reason(1) == DEVICE_GONE  # an input-only device cannot play


def test_stream_is_resampled_to_the_device_rate_and_underruns_resume(fake_sd: FakeSoundDevice) -> None:
    player = StreamPlayer()
    log = StateLog(player)
    player.begin(24000)
    assert player.playing and player.output_sample_rate == 48000
    player.feed(np.full(4800, 0.5, dtype=np.float32))  # 200 ms: enough to start despite soxr's delay
    assert log.wait(lambda s: "underrun" in s)
    player.feed(np.full(2400, 0.5, dtype=np.float32))
    player.end_of_stream()
    assert log.wait(lambda s: "finished" in s)
    assert log.items == ["playing", "underrun", "playing", "finished"]
    assert log.threads == {"playback-notifier"}
    assert not player.playing
    out = fake_sd.streams[0].output()[:, 0]
    assert not np.any(out == 9.0)  # every frame was written
    assert np.count_nonzero(np.abs(out - 0.5) < 0.01) > 0.9 * 14400  # 0.3 s at 48 kHz, soxr edges aside
    assert player.position == pytest.approx(0.3, abs=0.002)
    assert fake_sd.streams[0].closed


def test_stereo_only_device_gets_the_signal_on_both_channels(monkeypatch: pytest.MonkeyPatch) -> None:
    sd = FakeSoundDevice(default_rate=44100.0, mono=False)
    monkeypatch.setattr(playback, "_sd", sd)
    player = StreamPlayer()
    log = StateLog(player)
    player.play(Audio(np.linspace(-0.5, 0.5, 4410, dtype=np.float32), 44100))
    assert log.wait(lambda s: "finished" in s)
    out = sd.streams[0].output()
    assert out.shape[1] == 2
    np.testing.assert_array_equal(out[:, 0], out[:, 1])
    np.testing.assert_allclose(out[:4410, 0], np.linspace(-0.5, 0.5, 4410), atol=1e-6)  # same rate: exact
    sd.unplug.set()


def test_device_unplugged_mid_play_reports_an_error(fake_sd: FakeSoundDevice) -> None:
    player = StreamPlayer()
    log = StateLog(player)
    player.begin(48000)
    player.feed(np.full(48000 * 5, 0.1, dtype=np.float32))
    assert log.wait(lambda s: "playing" in s)
    fake_sd.unplug.set()
    assert log.wait(lambda s: s[-1].startswith("error: "))
    assert log.items[-1] == "error: The audio device stopped unexpectedly."
    assert not player.playing
    player.feed(np.zeros(100, dtype=np.float32))  # harmless now
    player.stop()  # nothing left to stop: no second terminal state
    time.sleep(0.1)
    assert sum(s.startswith("error") or s == "stopped" for s in log.items) == 1


def test_stalled_device_is_detected(fake_sd: FakeSoundDevice, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(playback, "STALL_SECONDS", 0.3)
    player = StreamPlayer()
    log = StateLog(player)
    player.begin(48000)
    player.feed(np.full(48000 * 5, 0.1, dtype=np.float32))
    assert log.wait(lambda s: "playing" in s)
    fake_sd.stall.set()
    assert log.wait(lambda s: s[-1].startswith("error: "), timeout=5)
    assert log.items[-1] == "error: The audio device stopped responding."
    assert not player.playing


def test_bad_input_is_made_safe(fake_sd: FakeSoundDevice) -> None:
    player = StreamPlayer()
    log = StateLog(player)
    player.begin(48000)
    player.feed(np.array([0.25, np.nan, np.inf, -np.inf, 3.0, -3.0] * 1000))  # float64, too
    player.end_of_stream()
    player.feed(np.ones(100, dtype=np.float32))  # after end_of_stream: ignored
    assert log.wait(lambda s: "finished" in s)
    out = fake_sd.streams[0].output()[:, 0]
    start = int(np.flatnonzero(out)[0])  # after the silence played while nothing was buffered
    np.testing.assert_array_equal(out[start : start + 6000], [0.25, 0.0, 1.0, -1.0, 1.0, -1.0] * 1000)
    assert not np.any(out[start + 6000 :])
    assert player.position == pytest.approx(6000 / 48000)


def test_on_state_raising_is_logged(fake_sd: FakeSoundDevice, caplog: pytest.LogCaptureFixture) -> None:
    player = StreamPlayer()
    calls: list[str] = []

    def bad(state: str) -> None:
        calls.append(state)
        raise RuntimeError("GUI bug")

    player.on_state = bad
    player.play(Audio.silence(0.05, 48000))
    deadline = time.monotonic() + 5
    while "finished" not in calls and time.monotonic() < deadline:
        time.sleep(0.01)
    assert calls == ["playing", "finished"]
    assert any("on_state raised" in r.message for r in caplog.records)


def test_begin_replaces_the_current_stream(fake_sd: FakeSoundDevice) -> None:
    player = StreamPlayer()
    log = StateLog(player)
    player.begin(48000)
    player.feed(np.full(48000 * 10, 0.1, dtype=np.float32))
    assert log.wait(lambda s: "playing" in s)
    player.begin(48000)
    assert fake_sd.streams[0].closed
    assert player.position == 0.0
    player.feed(np.full(4800, 0.2, dtype=np.float32))
    player.end_of_stream()
    assert log.wait(lambda s: "finished" in s)
    assert log.items == ["playing", "stopped", "playing", "finished"]


def test_set_device_applies_to_the_next_stream(fake_sd: FakeSoundDevice) -> None:
    player = StreamPlayer()
    player.set_device(7)
    assert player.device == 7
    with pytest.raises(PlaybackUnavailable) as info:
        player.begin(48000)
    assert str(info.value) == DEVICE_GONE
    player.set_device(0)
    player.play(Audio.silence(0.01, 48000))
    assert fake_sd.streams[-1].kwargs["device"] == 0
    player.stop()


def test_missing_portaudio(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(playback, "_sd", None)
    monkeypatch.setattr(playback, "_sd_error", None)
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # `import sounddevice` now fails
    assert output_devices() == []
    assert audio_unavailable_reason() == NO_PORTAUDIO
    with pytest.raises(PlaybackUnavailable) as info:
        StreamPlayer().begin(24000)
    assert str(info.value) == NO_PORTAUDIO
    assert not playback.refresh_devices()


def test_no_output_devices_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    sd = FakeSoundDevice()
    sd.devices = []
    monkeypatch.setattr(playback, "_sd", sd)
    assert output_devices() == []
    assert audio_unavailable_reason() == NO_DEVICE
    with pytest.raises(PlaybackUnavailable, match="No audio output device"):
        StreamPlayer().play(Audio.silence(0.1, 24000))
