"""Microphone recording for the Clone wizard and chat: list inputs, say plainly why there is no
microphone, record with a live level meter, and never lose what was recorded.

Mirrors `studio.devices.playback`: sounddevice (PortAudio) is imported on first use through playback's
lazy, failure-tolerant import, so the app starts on machines without sound, and every failure is
a `RecordingUnavailable` whose message is a sentence for the user. Streams are counted in
playback's open-stream counter so `refresh_devices()` never re-initialises PortAudio under an
open microphone.

Threading: PortAudio calls `_callback` on its real-time thread. It never takes a lock: it appends
a copy of each block to a list (atomic under the GIL), bumps a frame counter it alone writes, and
replaces `level` with a new immutable `Level` (one reference assignment, so a reader never sees
half an update). A watchdog thread notices a device that vanished (the stream went inactive or
the callback stopped arriving) and stops the recording, keeping what was captured, with a message.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from backends.audio import Audio
from studio.devices import playback

log = logging.getLogger(__name__)

NO_INPUT_DEVICE = (
    "No microphone (audio input device) was found. You can still import a recording from a file."
)
NO_PORTAUDIO_INPUT = (
    "Recording is unavailable because the PortAudio library could not be loaded "
    "(on Linux, install the libportaudio2 package). You can still import a recording from a file."
)
INPUT_GONE = "The selected microphone is no longer available. Choose another one."
DEVICE_LOST = "The microphone stopped delivering sound (was it unplugged?); the recording so far was kept."
MAX_LENGTH_REACHED = "The recording reached its maximum length and was stopped."

MAX_RECORD_SECONDS = 120.0  # a clone reference needs ~10 s; this bounds memory if the user walks away
STALL_SECONDS = 2.0
_POLL_SECONDS = 0.1
SILENT_DBFS = -120.0


class RecordingUnavailable(RuntimeError):
    """Recording cannot start; the message is a sentence fit to show the user as is."""


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    is_default: bool
    max_channels: int
    default_sample_rate: float


@dataclass(frozen=True)
class Level:
    """The latest block's RMS and peak in dBFS (SILENT_DBFS for digital silence)."""

    rms_dbfs: float
    peak_dbfs: float


def _sounddevice() -> ModuleType:
    try:
        return playback._sounddevice()
    except playback.PlaybackUnavailable as exc:
        raise RecordingUnavailable(NO_PORTAUDIO_INPUT) from exc


def _default_input_index(sd: ModuleType) -> int | None:
    try:
        return int(sd.query_devices(kind="input")["index"])
    except Exception:  # PortAudioError "Error querying device -1" when there is none
        return None


def input_devices() -> list[InputDevice]:
    """The devices that can record; [] when PortAudio is missing or finds none. Never raises."""
    try:
        sd = _sounddevice()
        devices = list(sd.query_devices())
    except Exception:
        return []
    default = _default_input_index(sd)
    found: list[InputDevice] = []
    for position, info in enumerate(devices):
        try:
            channels = int(info.get("max_input_channels", 0))
            if channels <= 0:
                continue
            index = int(info.get("index", position))
            found.append(
                InputDevice(
                    index,
                    str(info.get("name", f"Device {index}")),
                    index == default,
                    channels,
                    float(info.get("default_samplerate", 0.0) or 0.0),
                )
            )
        except Exception:
            log.debug("skipping unreadable device entry %r", info, exc_info=True)
    return found


def _resolve(device: int | None) -> InputDevice:
    devices = input_devices()
    if not devices:
        raise RecordingUnavailable(NO_INPUT_DEVICE)
    if device is None:
        return next((d for d in devices if d.is_default), devices[0])
    for candidate in devices:
        if candidate.index == device:
            return candidate
    raise RecordingUnavailable(INPUT_GONE)


def _choose(sd: ModuleType, device: InputDevice, wanted: int | None) -> tuple[int, int]:
    """(rate, channels): the wanted rate, else the device's own, else common rates; mono if the
    device offers it, else its channels mixed down."""
    rates = [r for r in (wanted, round(device.default_sample_rate), 48000, 44100, 16000) if r]
    channel_options = [1] + ([min(2, device.max_channels)] if device.max_channels >= 2 else [])
    for rate in dict.fromkeys(rates):
        for channels in channel_options:
            try:
                sd.check_input_settings(
                    device=device.index, channels=channels, dtype="int16", samplerate=rate
                )
            except Exception:
                continue
            return int(rate), channels
    raise RecordingUnavailable(
        f"The microphone “{device.name}” does not accept any usable format. Choose another one."
    )


def audio_input_unavailable_reason(device: int | None = None) -> str | None:
    """None when `device` (None: the default) can record, else why not, for the user."""
    try:
        sd = _sounddevice()
        _choose(sd, _resolve(device), None)
    except RecordingUnavailable as exc:
        return str(exc)
    except Exception as exc:
        return f"Recording is unavailable ({exc}). You can still import a recording from a file."
    return None


def _dbfs(value: float) -> float:
    return float(20 * np.log10(value)) if value > 1e-6 else SILENT_DBFS


class Recorder:
    """Records one take from a microphone. Call start(), then stop() (from one controlling thread).

    `on_level(Level)` is called from the audio thread for every block (the GUI marshals it);
    `on_stopped(message)` from the watchdog thread when the recording ends by itself (maximum
    length, lost device). After that, stop() still returns everything recorded and `message`
    says why it ended.
    """

    def __init__(
        self,
        device: int | None = None,
        sample_rate: int | None = None,
        max_seconds: float = MAX_RECORD_SECONDS,
    ) -> None:
        self.device = device
        self.requested_rate = sample_rate
        self.max_seconds = float(max_seconds)
        self.on_level: Callable[[Level], None] | None = None
        self.on_stopped: Callable[[str], None] | None = None
        self.level = Level(SILENT_DBFS, SILENT_DBFS)
        self.message: str | None = None
        self.overflows = 0
        self.sample_rate: int | None = None
        self._blocks: list[np.ndarray] = []
        self._frames = 0
        self._max_frames = 0
        self._stream: Any = None
        self._lock = threading.Lock()  # start/stop/watchdog only; never the audio callback
        self._last_callback = 0.0
        self._started_at = 0.0
        self._ended = threading.Event()
        self._reached_max = False
        self._watchdog: threading.Thread | None = None

    @property
    def recording(self) -> bool:
        return self._stream is not None and not self._ended.is_set()

    @property
    def elapsed(self) -> float:
        rate = self.sample_rate
        return self._frames / rate if rate else 0.0

    def start(self) -> None:
        """Open the microphone and start capturing. Raises RecordingUnavailable."""
        with self._lock:
            if self._stream is not None:
                raise RuntimeError("already recording; call stop() first")
            sd = _sounddevice()
            device = _resolve(self.device)
            rate, channels = _choose(sd, device, self.requested_rate)
            self.sample_rate, self._channels = rate, channels
            self._blocks, self._frames, self.message, self.overflows = [], 0, None, 0
            self._max_frames = int(self.max_seconds * rate)
            self._reached_max = False
            self._ended.clear()
            self._stop_exc = sd.CallbackStop
            try:
                stream = sd.InputStream(
                    samplerate=rate,
                    device=device.index,
                    channels=channels,
                    dtype="int16",
                    callback=self._callback,
                    finished_callback=self._ended.set,
                )
            except Exception as exc:
                raise RecordingUnavailable(
                    f"The microphone “{device.name}” could not be opened ({exc})."
                ) from exc
            with playback._sd_lock:
                playback._open_streams += 1
            self._started_at = self._last_callback = time.monotonic()
            try:
                stream.start()
            except Exception as exc:
                playback._close_stream(stream, abort=True)
                raise RecordingUnavailable(
                    f"The microphone “{device.name}” could not be started ({exc})."
                ) from exc
            self._stream = stream
            self._watchdog = threading.Thread(
                target=self._watch, args=(stream,), name="recording-watchdog", daemon=True
            )
            self._watchdog.start()

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        self._last_callback = time.monotonic()
        if status:
            self.overflows += 1
        # int16 from the device: what microphones deliver natively, so the host layer does no
        # conversion of its own (ALSA's plug turned S16 into float inexactly in tests)
        mono = (indata[:, 0] if indata.shape[1] == 1 else indata.mean(axis=1)).astype(np.float32) / 32768.0
        room = self._max_frames - self._frames
        if room <= 0:
            self._reached_max = True
            raise self._stop_exc()
        if len(mono) > room:
            mono = mono[:room]
        self._blocks.append(mono)
        self._frames += len(mono)
        if len(mono):
            peak = float(np.max(np.abs(mono)))
            rms = float(np.sqrt(np.mean(np.square(mono, dtype=np.float64))))
            self.level = Level(_dbfs(rms), _dbfs(peak))
        callback = self.on_level
        if callback is not None:
            try:
                callback(self.level)
            except Exception:
                log.exception("on_level raised")
        if self._frames >= self._max_frames:
            self._reached_max = True
            raise self._stop_exc()

    def _watch(self, stream: Any) -> None:
        """End the recording when the stream ends by itself or stops delivering audio."""
        while True:
            ended = self._ended.wait(_POLL_SECONDS)
            with self._lock:
                if self._stream is not stream:
                    return  # stop() took it
                if not ended:
                    try:
                        active = bool(stream.active)
                    except Exception:
                        active = False
                    stalled = time.monotonic() - self._last_callback > STALL_SECONDS
                    if active and not stalled:
                        continue
                message = MAX_LENGTH_REACHED if self._reached_max else DEVICE_LOST
                self.message = message
                self._stream = None
                self._ended.set()
                playback._close_stream(stream, abort=True)
            callback = self.on_stopped
            if callback is not None:
                try:
                    callback(message)
                except Exception:
                    log.exception("on_stopped raised")
            return

    def stop(self) -> Audio:
        """Stop (if still running) and return everything recorded, mono float32."""
        with self._lock:
            stream, self._stream = self._stream, None
            if stream is not None:
                self._ended.set()
                try:
                    stream.stop(ignore_errors=True)  # lets PortAudio deliver the blocks in flight
                except Exception:
                    log.debug("stopping the input stream failed", exc_info=True)
                playback._close_stream(stream, abort=False)
        rate = self.sample_rate or 16000
        blocks = list(self._blocks)
        samples = np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.float32)
        return Audio(samples[: self._max_frames or None], rate)
