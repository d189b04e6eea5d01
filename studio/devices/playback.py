"""Sound output: list devices, say plainly why there is no sound, and play takes as they arrive.

The studio must work on machines without sound (servers, CI, a laptop with a broken driver):
generating and exporting never depend on this module. So sounddevice (and with it PortAudio) is
imported on first use, and every failure becomes `PlaybackUnavailable` with a sentence a user can
act on, or an empty device list, never an ImportError when the app starts.

`StreamPlayer` plays audio that may still be arriving: a synthesis job feeds chunks as the engine
makes them. The PortAudio callback runs on a real-time thread, so it never takes a lock that the
GUI could be holding: it only reads a deque the feeder appends to (deque append/popleft are atomic)
and counters that each have a single writer, and it reports state changes by putting them on a
`queue.SimpleQueue`. A per-player notifier thread turns those into `on_state` calls, watches the
stream's health (a device that vanishes mid-play), and closes finished streams, so neither the
callback nor the GUI thread ever waits on the other.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np
import soxr

from backends.audio import Audio

log = logging.getLogger(__name__)

NO_DEVICE = "No audio output device was found. Generating and exporting still work."
NO_PORTAUDIO = (
    "Sound output is unavailable because the PortAudio library could not be loaded "
    "(on Linux, install the libportaudio2 package). Generating and exporting still work."
)
DEVICE_GONE = "The selected audio output device is no longer available. Choose another one in Settings."

PREBUFFER_SECONDS = 0.1  # start (and resume after an underrun) once this much audio is waiting
STALL_SECONDS = 2.0  # a running stream whose callback stays silent this long has lost its device
_POLL_SECONDS = 0.25

# --- the lazy, failure-tolerant sounddevice import -------------------------------------------------

_sd: ModuleType | None = None
_sd_error: str | None = None
_sd_lock = threading.Lock()
_open_streams = 0  # streams open in this process: PortAudio may only be re-initialised at zero


def _sounddevice() -> ModuleType:
    """The sounddevice module, imported on first use. Raises PlaybackUnavailable (once and for
    all) when it or PortAudio cannot be loaded: sounddevice raises OSError at import without
    PortAudio, and that must not take the app down."""
    global _sd, _sd_error
    with _sd_lock:
        if _sd is not None:
            return _sd
        if _sd_error is not None:
            raise PlaybackUnavailable(_sd_error)
        try:
            import sounddevice
        except Exception as exc:  # OSError (no PortAudio), ImportError, cffi errors
            log.warning("sound output unavailable: %s", exc)
            _sd_error = NO_PORTAUDIO
            raise PlaybackUnavailable(_sd_error) from exc
        _sd = sounddevice
        return _sd


class PlaybackUnavailable(RuntimeError):
    """Sound cannot be played; the message is a sentence fit to show the user as is."""


@dataclass(frozen=True)
class OutputDevice:
    index: int
    name: str
    is_default: bool
    max_channels: int
    default_sample_rate: float


def _default_output_index(sd: ModuleType) -> int | None:
    try:
        return int(sd.query_devices(kind="output")["index"])
    except Exception:  # PortAudioError "Error querying device -1" when there is none
        return None


def output_devices() -> list[OutputDevice]:
    """The devices sound can be played on; [] when PortAudio is missing or finds none. Never raises."""
    try:
        sd = _sounddevice()
        devices = list(sd.query_devices())
    except Exception:
        return []
    default = _default_output_index(sd)
    found: list[OutputDevice] = []
    for position, info in enumerate(devices):
        try:
            channels = int(info.get("max_output_channels", 0))
            if channels <= 0:
                continue
            index = int(info.get("index", position))
            found.append(
                OutputDevice(
                    index=index,
                    name=str(info.get("name", f"Device {index}")),
                    is_default=index == default,
                    max_channels=channels,
                    default_sample_rate=float(info.get("default_samplerate", 0.0) or 0.0),
                )
            )
        except Exception:
            log.debug("skipping unreadable device entry %r", info, exc_info=True)
    return found


def refresh_devices() -> bool:
    """Make PortAudio look for devices again (it lists them once, when it starts), so a headset
    plugged in after launch appears. Only possible while no stream is open in this process;
    returns whether the refresh happened."""
    try:
        sd = _sounddevice()
    except PlaybackUnavailable:
        return False
    with _sd_lock:
        if _open_streams:
            return False
        try:
            sd._terminate()
            sd._initialize()
        except Exception:
            log.warning("re-initialising PortAudio failed", exc_info=True)
            return False
    return True


def _resolve_device(device: int | None) -> OutputDevice:
    """The device to open for `device` (None: the system default, else the first output)."""
    devices = output_devices()
    if not devices:
        raise PlaybackUnavailable(NO_DEVICE)
    if device is None:
        return next((d for d in devices if d.is_default), devices[0])
    for candidate in devices:
        if candidate.index == device:
            return candidate
    raise PlaybackUnavailable(DEVICE_GONE)


def _settings_ok(sd: ModuleType, device: int, rate: int, channels: int) -> bool:
    try:
        sd.check_output_settings(device=device, channels=channels, dtype="float32", samplerate=rate)
    except Exception:
        return False
    return True


def _choose_settings(sd: ModuleType, device: OutputDevice, wanted_rate: int) -> tuple[int, int]:
    """(sample rate, channels) to open `device` with.

    The device's own default rate comes first: it is what the hardware or the sound server runs
    at, so resampling once here with soxr (high quality) beats leaving it to the host layer (ALSA's
    `plug` converts linearly). The source rate is the fallback, then common rates. Mono when the
    device takes it, else stereo with the same signal on both channels.
    """
    rates: list[int] = []
    for rate in (round(device.default_sample_rate), wanted_rate, 48000, 44100):
        if rate > 0 and rate not in rates:
            rates.append(rate)
    channel_options = [1] + ([2] if device.max_channels >= 2 else [])
    for rate in rates:
        for channels in channel_options:
            if _settings_ok(sd, device.index, rate, channels):
                return rate, channels
    raise PlaybackUnavailable(
        f"The audio output device “{device.name}” does not accept any usable format. "
        "Choose another one in Settings."
    )


def audio_unavailable_reason(device: int | None = None) -> str | None:
    """None when sound can be played on `device` (None: the default), else why not, for the user."""
    try:
        sd = _sounddevice()
        _choose_settings(sd, _resolve_device(device), 48000)
    except PlaybackUnavailable as exc:
        return str(exc)
    except Exception as exc:  # an odd PortAudio state: still an answer, not a crash
        return f"Sound output is unavailable ({exc}). Generating and exporting still work."
    return None


# --- the player ------------------------------------------------------------------------------------


class _Feed:
    """The audio of one stream and the state its PortAudio callback keeps.

    Written by two threads without a shared lock: the feeder appends blocks and then raises
    `fed` and `eos`; the callback pops blocks and raises `consumed`. Each counter has one writer,
    and `eos` is only set after the last block is in the deque, so the callback seeing `eos` and
    an empty deque really means the end.
    """

    def __init__(
        self,
        generation: int,
        events: queue.SimpleQueue[tuple[str, _Feed]],
        rate: int,
        channels: int,
        start_offset: float,
        stop_exc: type[BaseException],
        abort_exc: type[BaseException],
    ) -> None:
        self.generation = generation
        self.events = events
        self.rate = rate
        self.channels = channels
        self.start_offset = start_offset
        self.prebuffer = max(1, round(PREBUFFER_SECONDS * rate))
        self.blocks: deque[np.ndarray] = deque()
        self.current: np.ndarray | None = None
        self.offset = 0
        self.fed = 0
        self.consumed = 0
        self.eos = False
        self.waiting = True  # prebuffering, or refilling after an underrun
        self.finished = False  # the callback played the last sample and asked PortAudio to stop
        self.error: str | None = None
        self.underruns = 0
        self.last_callback = time.monotonic()
        self.started_at = time.monotonic()
        self.terminal: str | None = None  # "stopped", "finished" or "error: ...", once decided
        self.resampler: Any = None  # soxr.ResampleStream when the device rate differs
        self._stop_exc = stop_exc
        self._abort_exc = abort_exc

    def push(self, samples: np.ndarray) -> None:
        if len(samples):
            self.blocks.append(samples)
            self.fed += len(samples)

    def callback(self, outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        """PortAudio's real-time callback: copy what is buffered, silence for what is not."""
        try:
            self.last_callback = time.monotonic()
            if self.waiting:
                if self.eos or self.fed - self.consumed >= self.prebuffer:
                    self.waiting = False
                    self.events.put(("playing", self))
                else:
                    outdata.fill(0)
                    return
            filled = 0
            while filled < frames:
                block = self.current
                if block is None:
                    try:
                        block = self.blocks.popleft()
                    except IndexError:
                        break
                    self.current, self.offset = block, 0
                n = min(frames - filled, len(block) - self.offset)
                outdata[filled : filled + n] = block[self.offset : self.offset + n, None]
                filled += n
                self.offset += n
                self.consumed += n
                if self.offset >= len(block):
                    self.current = None
            if filled < frames:
                outdata[filled:] = 0
                # eos first, then the deque: eos is only set once the last block is queued.
                if self.eos and not self.blocks and self.current is None:
                    self.finished = True
                    raise self._stop_exc()
                self.waiting = True
                self.underruns += 1
                self.events.put(("underrun", self))
        except (self._stop_exc, self._abort_exc):
            raise
        except Exception as exc:  # never let a bug here kill the audio thread silently
            self.error = f"Playback failed ({type(exc).__name__}: {exc})."
            raise self._abort_exc() from exc

    def ended(self) -> None:
        """PortAudio's finished-callback: the stream stopped, for whatever reason."""
        self.events.put(("ended", self))


class StreamPlayer:
    """Plays audio that may still be arriving (streaming synthesis), or a whole clip.

    The PortAudio callback thread never blocks on Python locks held by the GUI. `on_state` is
    called on the player's notifier thread (the GUI marshals it) with "playing", "underrun",
    "stopped", "finished" or "error: <message>"; every stream ends with exactly one of the last
    three. Methods are meant to be called from one controlling thread (the GUI's).
    """

    def __init__(self, device: int | None = None) -> None:
        self.on_state: Callable[[str], None] | None = None
        self._device = device
        self._lock = threading.Lock()  # GUI and notifier only; the audio callback never takes it
        self._events: queue.SimpleQueue[tuple[str, _Feed]] = queue.SimpleQueue()
        self._feed: _Feed | None = None
        self._stream: Any = None
        self._latency = 0.0
        self._generation = 0
        self._notifier: threading.Thread | None = None

    # --- settings -------------------------------------------------------------------------------

    @property
    def device(self) -> int | None:
        return self._device

    def set_device(self, device: int | None) -> None:
        """Use `device` (a PortAudio index, None: the default) from the next begin() or play()."""
        self._device = device

    @property
    def output_sample_rate(self) -> int | None:
        """The rate the current (or last) stream was opened at; None before the first."""
        feed = self._feed
        return feed.rate if feed is not None else None

    # --- streams --------------------------------------------------------------------------------

    def begin(self, sample_rate: int, start_offset: float = 0.0) -> None:
        """Open a new stream for audio at `sample_rate` that will arrive through feed(); stops and
        replaces whatever was playing. Raises PlaybackUnavailable."""
        if sample_rate <= 0:
            raise ValueError(f"sample rate must be positive, got {sample_rate}")
        with self._lock:
            self._stop_locked()
            self._open_locked(sample_rate, start_offset, None)

    def feed(self, samples: np.ndarray) -> None:
        """Append samples (at begin()'s rate). Ignored when no stream is open, after stop() or
        end_of_stream(), so a job can keep streaming after the user stopped listening."""
        with self._lock:
            feed = self._feed
            if feed is None or feed.terminal is not None or feed.eos:
                return
            data = _clean(samples)
            if feed.resampler is not None:
                data = np.asarray(feed.resampler.resample_chunk(data, last=False), dtype=np.float32)
            feed.push(np.ascontiguousarray(data, dtype=np.float32))

    def end_of_stream(self) -> None:
        """No more data will come: play out what is buffered, then report "finished"."""
        with self._lock:
            feed = self._feed
            if feed is None or feed.terminal is not None or feed.eos:
                return
            if feed.resampler is not None:
                tail = feed.resampler.resample_chunk(np.zeros(0, dtype=np.float32), last=True)
                feed.push(np.ascontiguousarray(tail, dtype=np.float32))
                feed.resampler = None
            feed.eos = True

    def play(self, audio: Audio, start_seconds: float = 0.0) -> None:
        """Play a whole clip from `start_seconds`; stops whatever was playing. Raises PlaybackUnavailable."""
        start = min(max(0.0, float(start_seconds)), audio.duration)
        with self._lock:
            self._stop_locked()
            self._open_locked(audio.sample_rate, start, audio.slice_seconds(start))

    def stop(self) -> None:
        """Stop at once (buffered audio is dropped); reports "stopped" if something was playing."""
        with self._lock:
            self._stop_locked()

    @property
    def playing(self) -> bool:
        """True from begin()/play() until the stream stops, finishes or fails (including while it
        waits for data to arrive)."""
        feed = self._feed
        return feed is not None and feed.terminal is None

    @property
    def position(self) -> float:
        """Seconds of the stream or clip played so far, for the playhead: audio handed to the
        device minus what is still in its buffer; the start offset of play() included."""
        feed = self._feed
        if feed is None:
            return 0.0
        played = feed.consumed / feed.rate
        if feed.terminal is None and not feed.finished:
            played = max(0.0, played - self._latency)
        return feed.start_offset + played

    # --- internals (called with self._lock held) ------------------------------------------------

    def _open_locked(self, sample_rate: int, start_offset: float, clip: Audio | None) -> None:
        global _open_streams
        sd = _sounddevice()
        device = _resolve_device(self._device)
        rate, channels = _choose_settings(sd, device, sample_rate)
        self._generation += 1
        feed = _Feed(
            self._generation, self._events, rate, channels, start_offset, sd.CallbackStop, sd.CallbackAbort
        )
        if clip is not None:
            feed.push(np.ascontiguousarray(_clean(clip.resampled(rate).samples)))
            feed.eos = True
        elif rate != sample_rate:
            feed.resampler = soxr.ResampleStream(sample_rate, rate, 1, dtype="float32", quality="HQ")
        try:
            stream = sd.OutputStream(
                samplerate=rate,
                device=device.index,
                channels=channels,
                dtype="float32",
                callback=feed.callback,
                finished_callback=feed.ended,
            )
        except Exception as exc:
            raise PlaybackUnavailable(
                f"The audio output device “{device.name}” could not be opened ({exc}). "
                "Generating and exporting still work."
            ) from exc
        with _sd_lock:
            _open_streams += 1
        try:
            stream.start()
        except Exception as exc:
            _close_stream(stream)
            raise PlaybackUnavailable(
                f"The audio output device “{device.name}” could not be started ({exc}). "
                "Generating and exporting still work."
            ) from exc
        try:
            self._latency = float(stream.latency)
        except Exception:
            self._latency = 0.0
        self._feed, self._stream = feed, stream
        self._ensure_notifier_locked()

    def _stop_locked(self) -> None:
        feed, stream = self._feed, self._stream
        self._stream = None
        if feed is not None:
            feed.resampler = None
        if feed is not None and feed.terminal is None:
            feed.terminal = "stopped"
            self._events.put(("stopped", feed))
        if stream is not None:
            _close_stream(stream, abort=True)

    def _ensure_notifier_locked(self) -> None:
        if self._notifier is None or not self._notifier.is_alive():
            self._notifier = threading.Thread(
                target=_notify_loop, args=(weakref.ref(self), self._events), name="playback-notifier",
                daemon=True,
            )
            self._notifier.start()

    # --- notifier side --------------------------------------------------------------------------

    def _handle(self, kind: str, feed: _Feed) -> str | None:
        """Turn one queued event into the state to report (None: nothing to report)."""
        if kind == "stopped":
            return "stopped"
        with self._lock:
            if feed.terminal is not None:
                return None  # late news from a stream that was stopped or already ended
            if kind in ("playing", "underrun"):
                return kind
            if kind != "ended":
                return None
            feed.terminal = _ending(feed, "The audio device stopped unexpectedly.")
            self._release_locked(feed)
            return feed.terminal

    def _check_health(self) -> str | None:
        """Catch a device that vanished without PortAudio telling us: the stream went inactive
        without its finished-callback, or its callback has not run for STALL_SECONDS."""
        with self._lock:
            feed, stream = self._feed, self._stream
            if feed is None or stream is None or feed.terminal is not None:
                return None
            try:
                active = bool(stream.active)
            except Exception:
                active = False
            stalled = time.monotonic() - feed.last_callback > STALL_SECONDS
            if active and not stalled:
                return None
            if not active and time.monotonic() - max(feed.last_callback, feed.started_at) < 2 * _POLL_SECONDS:
                return None  # just ended: give the finished-callback its chance to arrive first
            fallback = "The audio device stopped " + ("responding." if stalled else "unexpectedly.")
            feed.terminal = _ending(feed, fallback)
            self._release_locked(feed)
            return feed.terminal

    def _release_locked(self, feed: _Feed) -> None:
        if self._feed is feed and self._stream is not None:
            stream, self._stream = self._stream, None
            _close_stream(stream, abort=True)

    def _report(self, state: str) -> None:
        callback = self.on_state
        if callback is None:
            return
        try:
            callback(state)
        except Exception:
            log.exception("on_state raised for %r", state)


def _ending(feed: _Feed, fallback: str) -> str:
    if feed.finished:
        return "finished"
    if feed.error:
        return f"error: {feed.error}"
    return f"error: {fallback}"


def _close_stream(stream: Any, abort: bool = False) -> None:
    """Stop and close a stream, whatever state PortAudio thinks it is in."""
    global _open_streams
    try:
        if abort:
            stream.abort(ignore_errors=True)
        stream.close(ignore_errors=True)
    except Exception:
        log.debug("closing the audio stream failed", exc_info=True)
    with _sd_lock:
        _open_streams = max(0, _open_streams - 1)


def _clean(samples: np.ndarray) -> np.ndarray:
    """Mono float32 in [-1, 1] with no NaN: whatever comes in, the speakers get something sane."""
    data = np.asarray(samples, dtype=np.float32).reshape(-1)
    if not np.all(np.isfinite(data)):
        data = np.nan_to_num(data, nan=0.0, posinf=1.0, neginf=-1.0)
    return np.clip(data, -1.0, 1.0)


def _notify_loop(player_ref: weakref.ReferenceType[StreamPlayer], events: queue.SimpleQueue[Any]) -> None:
    """The notifier thread: report queued events and watch stream health, until the player is gone."""
    while True:
        player = player_ref()
        if player is None:
            return
        timeout = _POLL_SECONDS if player.playing else 2.0
        del player  # do not keep the player alive while waiting
        try:
            kind, feed = events.get(timeout=timeout)
        except queue.Empty:
            kind, feed = "", None
        player = player_ref()
        if player is None:
            return
        try:
            state = player._handle(kind, feed) if feed is not None else player._check_health()
            if state is not None:
                player._report(state)
        except Exception:
            log.exception("playback notifier failed")
        del player
