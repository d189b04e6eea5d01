"""Running engines off the GUI thread: one synthesis job per take, and the engines the app holds.

Every engine blocks (onnxruntime, torch, an HTTP client), so a take runs in a daemon worker thread
and reports back through one callback. The GUI needs three guarantees from this layer, whatever
the engine does, and that is why the job is more than a thread around `synthesize`:

- exactly one terminal event (`Finished`, `JobFailed` or `JobCancelled`) and it is the last one:
  the GUI can reset its buttons on it without ever seeing a late chunk after it;
- `cancel()` never blocks and the terminal event follows promptly even when the engine ignores
  its cancel token or hangs (the stuck thread is abandoned; it is a daemon, so it cannot keep the
  app alive, and anything it still yields is dropped);
- what reaches the GUI is well formed: float32 mono chunks at one sample rate, with no NaN, so the
  player, the waveform and the exporter never have to defend themselves. Repairs are reported as
  `SynthesisWarning`s rather than made silently.

The engines the app holds, each loaded once in the background, are `studio.engines.manager`'s.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

import numpy as np

from backends.audio import Audio
from backends.base import (
    AudioChunk,
    Backend,
    BackendError,
    Cancelled,
    CancelToken,
    Finished,
    InvalidRequest,
    PhonemeTimings,
    Progress,
    SpeechTokens,
    SynthesisRequest,
    SynthesisWarning,
)
from backends.threads import native_thread
from studio.engines.provenance import complete, made_with
from studio.timeline.tokens import pack

if TYPE_CHECKING:  # the registry is only needed for its type; importing it here would be a cycle risk
    pass

log = logging.getLogger(__name__)
MAX_PHONEMES = 400_000  # about 10 hours of speech; more is not one take's phonemes

LOADING_MESSAGE = "Loading engine…"


class JobState(Enum):
    PENDING = "pending"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def terminal(self) -> bool:
        return self in (JobState.FINISHED, JobState.FAILED, JobState.CANCELLED)


@dataclass(frozen=True)
class JobFailed:
    """The take failed. `message` is one user-facing sentence (the engine's own when it gave one)."""

    message: str


@dataclass(frozen=True)
class JobCancelled:
    """The take was cancelled by the user; not an error."""


JobEvent = AudioChunk | Progress | SynthesisWarning | SpeechTokens | Finished | JobFailed | JobCancelled

_TERMINAL = (Finished, JobFailed, JobCancelled)


class _BadAudio(BackendError):
    """An engine chunk that cannot be turned into mono float32 audio; fails the job with this message."""


def backend_is_loaded(backend: object) -> bool | None:
    """Whether `backend` says it is loaded: True/False, or None when it does not say.

    The Backend protocol has no such member (load() is idempotent instead), but engines may expose
    `is_loaded` or `loaded` (an attribute, a property or a method). Knowing it lets the job skip
    the "Loading engine…" message for an engine that is already loaded.
    """
    for name in ("is_loaded", "loaded"):
        try:
            value = getattr(backend, name, None)
            if callable(value):
                value = value()
        except Exception:  # a broken property must not break the job
            log.debug("backend %r: reading %s failed", backend, name, exc_info=True)
            continue
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
    return None


def user_message(exc: BaseException) -> str:
    """One sentence for the user: a BackendError's message is already user-facing; anything else
    is an engine bug, so say so and keep the technical detail short."""
    if isinstance(exc, BackendError):
        text = str(exc).strip()
        return text or "The engine failed without saying why."
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    detail = f" ({type(exc).__name__}: {detail[:200]})" if detail else f" ({type(exc).__name__})"
    return f"The engine failed unexpectedly{detail}."


class SynthesisJob:
    """One take: runs `backend.synthesize(request)` on a daemon thread and reports every event.

    `on_event` is called on a worker thread (the GUI marshals it to its own thread): the job's own,
    or, when the engine ignored a cancel, the job's cancel timer. Calls never overlap. An exception
    inside it is logged and the job carries on. Results are also kept on the job (`audio`,
    `warnings`, `metadata`, `error`, `state`) so a caller can simply `wait()` and read them.
    """

    def __init__(
        self,
        backend: Backend,
        request: SynthesisRequest,
        on_event: Callable[[JobEvent], None] | None = None,
        *,
        cancel_grace: float = 0.3,
        engine_id: str | None = None,
        front_end: str = "window",
    ) -> None:
        """`cancel_grace`: seconds the engine gets to notice a cancel before the job gives up on it
        and delivers `JobCancelled` itself (engines check the token between chunks, and a chunk on
        a laptop CPU can take longer than a user should wait for the Stop button).
        `engine_id` (the id the studio knows the engine by; default its manifest's) and `front_end`
        go into the take's provenance (engines.provenance)."""
        self.backend = backend
        self.request = request
        self.engine_id = engine_id
        self.front_end = front_end
        self.on_event = on_event
        self.cancel_grace = cancel_grace
        self.state = JobState.PENDING
        self.warnings: list[SynthesisWarning] = []
        self.tokens: list[SpeechTokens] = []  # a token engine's audio tokens, as they came
        self.phonemes: list[tuple[str, float, float]] = []  # phonemes and their seconds, where given
        self.sentences: list[tuple[int, int, str]] = []  # (first, end sample, text) as spoken
        self.metadata: dict[str, Any] = {}
        self.error: str | None = None
        self.token = CancelToken()

        self._chunks: list[np.ndarray] = []
        self._sample_rate: int | None = None
        self._audio_cache: Audio | None = None
        self._audio_cache_len = -1
        self._samples_total = 0

        self._lock = threading.Lock()  # state transitions and start/cancel races
        self._deliver_lock = threading.RLock()  # one event at a time to on_event; terminal closes it
        self._closed = False  # the terminal event has been delivered (or is being delivered)
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._t0: float | None = None
        self._first_audio_s: float | None = None
        self._warned: set[str] = set()

    # --- public ---------------------------------------------------------------------------------

    @property
    def audio(self) -> Audio | None:
        """The chunks received so far, concatenated (the whole take after Finished); None before
        the first chunk."""
        chunks = list(self._chunks)  # a snapshot: the worker may append meanwhile
        rate = self._sample_rate
        if not chunks or rate is None:
            return None
        cache = self._audio_cache
        if cache is not None and self._audio_cache_len == len(chunks):
            return cache
        audio = Audio(np.concatenate(chunks) if len(chunks) > 1 else chunks[0], rate)
        self._audio_cache, self._audio_cache_len = audio, len(chunks)
        return audio

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def start(self) -> None:
        """Start the worker thread and return at once. Starting twice is an error; starting a job
        that was cancelled before it started does nothing (its JobCancelled was already sent)."""
        with self._lock:
            if self.state is JobState.CANCELLED:
                return
            if self._thread is not None:
                raise RuntimeError("this job has already been started")
            self._t0 = time.perf_counter()
            self.state = JobState.RUNNING
            self._thread = native_thread(self._run, name="synthesis-job")
        self._thread.start()

    def cancel(self) -> None:
        """Ask the engine to stop; never blocks. JobCancelled follows at the latest after
        `cancel_grace` seconds, even if the engine never looks at its token."""
        with self._lock:
            if self.state.terminal or self._closed:
                return
            self.token.cancel()
            if self._thread is None:  # never started: nothing runs, report from a helper thread
                self.state = JobState.CANCELLED
                threading.Thread(
                    target=self._finish_cancelled, name="synthesis-job-cancel", daemon=True
                ).start()
                return
        timer = threading.Timer(self.cancel_grace, self._finish_cancelled)
        timer.name = "synthesis-job-cancel"
        timer.daemon = True
        timer.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the terminal event has been delivered; False if `timeout` ran out first."""
        return self._done.wait(timeout)

    # --- worker ---------------------------------------------------------------------------------

    def _run(self) -> None:
        terminal: JobEvent | None = None
        try:
            terminal = self._synthesize()
        except Cancelled:
            terminal = JobCancelled()
        except InvalidRequest as exc:  # the user's mistake, said to them; no traceback anywhere
            log.info("synthesis refused: %s", exc)
            terminal = JobFailed(user_message(exc))
        except BaseException as exc:  # even SystemExit in an engine must end the job with an event
            if self.token.cancelled:
                terminal = JobCancelled()
            else:
                log.exception("synthesis job failed")
                terminal = JobFailed(user_message(exc))
        finally:
            if terminal is None:
                terminal = JobFailed("The engine stopped without finishing the take.")
            self._terminate(terminal)

    def _synthesize(self) -> JobEvent:
        loaded = backend_is_loaded(self.backend)
        if loaded is not True:
            # Unknown counts as "not loaded": load() is idempotent, so at worst the message flashes.
            self._deliver(Progress(0, 0, LOADING_MESSAGE))
            self.backend.load()
        self.token.raise_if_cancelled()

        events: Iterator[object] = iter(self.backend.synthesize(self.request, self.token))
        finished: Finished | None = None
        for event in events:
            if self.token.cancelled:
                raise Cancelled()
            if finished is not None:
                log.warning("engine yielded %r after Finished; ignored", type(event).__name__)
                continue
            if isinstance(event, AudioChunk):
                self._deliver(self._accept_chunk(event))
            elif isinstance(event, Progress):
                self._deliver(event)
            elif isinstance(event, SynthesisWarning):
                self.warnings.append(event)
                self._deliver(event)
            elif isinstance(event, SpeechTokens):
                self.tokens.append(event)
                self._deliver(event)
            elif isinstance(event, PhonemeTimings):  # kept with the take; shown once it is made
                if len(self.phonemes) + len(event.items) <= MAX_PHONEMES:
                    self.phonemes.extend(event.items)
            elif isinstance(event, Finished):
                finished = event
            else:
                log.warning("engine yielded %r, which is not a synthesis event; ignored", event)
        if self.token.cancelled:
            raise Cancelled()
        if finished is None:
            return JobFailed("The engine stopped without finishing the take.")
        # Join the take here, on the worker: whoever reads `audio` on the GUI thread after Finished
        # then gets the cached array instead of copying minutes of audio while the window waits.
        _ = self.audio
        return Finished(self._final_metadata(finished))

    def _accept_chunk(self, chunk: AudioChunk) -> AudioChunk:
        """Check and repair one chunk: mono float32, finite, at the take's sample rate."""
        try:
            samples = np.asarray(chunk.samples, dtype=np.float32)
        except (TypeError, ValueError) as exc:
            raise _BadAudio("The engine produced audio the studio cannot read.") from exc
        if samples.ndim != 1:
            squeezed = np.squeeze(samples)
            if squeezed.ndim > 1:
                raise _BadAudio("The engine produced multi-channel audio where mono was expected.")
            samples = squeezed.reshape(-1)
        try:
            rate = int(chunk.sample_rate)
        except (TypeError, ValueError) as exc:
            raise _BadAudio("The engine produced audio without a valid sample rate.") from exc
        if rate <= 0:
            raise _BadAudio("The engine produced audio without a valid sample rate.")
        if not np.all(np.isfinite(samples)):
            samples = np.nan_to_num(samples, nan=0.0, posinf=1.0, neginf=-1.0)
            self._warn_once(
                "audio-repaired", "The engine produced some invalid samples; they were replaced by silence."
            )
        if self._sample_rate is None:
            self._sample_rate = rate
        elif rate != self._sample_rate:
            samples = Audio(samples, rate).resampled(self._sample_rate).samples
            self._warn_once(
                "sample-rate-changed",
                f"The engine changed its sample rate mid-take ({rate} Hz); that audio was resampled "
                f"to {self._sample_rate} Hz.",
            )
        samples = np.ascontiguousarray(samples, dtype=np.float32)
        if self._first_audio_s is None and self._t0 is not None:
            self._first_audio_s = time.perf_counter() - self._t0
        self._chunks.append(samples)
        self._note_sentence(str(chunk.text or ""), self._samples_total, len(samples))
        self._samples_total += len(samples)
        return AudioChunk(samples, self._sample_rate, chunk.index, chunk.text, chunk.source_span)

    def _note_sentence(self, text: str, at: int, count: int) -> None:
        """Where each piece of text the engine spoke lies in the take (samples): consecutive
        chunks of one sentence (a streamed one comes in windows) make one span."""
        if not text.strip() or count == 0:
            return
        last = self.sentences[-1] if self.sentences else None
        if last is not None and last[2] == text and last[1] == at:
            self.sentences[-1] = (last[0], at + count, text)
        else:
            self.sentences.append((at, at + count, text))

    def _warn_once(self, code: str, message: str) -> None:
        if code in self._warned:
            return
        self._warned.add(code)
        warning = SynthesisWarning(code, message)
        self.warnings.append(warning)
        self._deliver(warning)

    def _final_metadata(self, finished: Finished) -> dict[str, Any]:
        raw = finished.metadata
        if isinstance(raw, Mapping):
            metadata = dict(raw)
        else:
            log.warning("engine's Finished carried %r instead of a mapping; dropped", type(raw).__name__)
            metadata = {}
        # The take must record every instruction that was not honoured (DESIGN: never silently).
        metadata.setdefault(
            "warnings", [{"code": w.code, "message": w.message, "span": w.span} for w in self.warnings]
        )
        try:
            manifest = self.backend.manifest
            engine_id, version = self.engine_id or manifest.id, manifest.version
        except Exception:  # a plugin's manifest may raise; the take is still worth keeping
            log.warning("engine manifest unreadable; provenance without it", exc_info=True)
            engine_id, version = self.engine_id or "", ""
        metadata = complete(metadata, self.request, engine_id, version)
        metadata["made_with"] = made_with(self.front_end, engine_id, version, self.request)
        if self.tokens:  # kept with the take, so its token lanes can be shown again later
            metadata["speech_tokens"] = pack(self.tokens)
        if self.phonemes:
            metadata["phoneme_spans"] = [[p, round(a, 3), round(b, 3)] for p, a, b in self.phonemes]
        if self.sentences and self._sample_rate:  # the engine's own timing of its text: subtitles
            rate = self._sample_rate
            metadata["text_spans"] = [[round(a / rate, 3), round(b / rate, 3), text]
                                      for a, b, text in self.sentences]
        return metadata

    def _timings(self) -> dict[str, Any]:
        total = time.perf_counter() - self._t0 if self._t0 is not None else 0.0
        audio_s = self._samples_total / self._sample_rate if self._sample_rate else 0.0
        return {
            "first_audio_s": self._first_audio_s,
            "total_s": total,
            "audio_s": audio_s,
            # Processing time per second of audio: below 1 is faster than real time.
            "realtime_factor": (total / audio_s) if audio_s > 0 else None,
        }

    # --- delivery -------------------------------------------------------------------------------

    def _deliver(self, event: JobEvent) -> None:
        """Hand one non-terminal event to on_event, unless the job is already closed (a stuck
        engine that was abandoned after cancel may still yield: that must not reach the GUI)."""
        with self._deliver_lock:
            if self._closed:
                return
            self._call(event)

    def _call(self, event: JobEvent) -> None:
        callback = self.on_event
        if callback is None:
            return
        try:
            callback(event)
        except Exception:
            log.exception("on_event raised for %s; the job continues", type(event).__name__)

    def _finish_cancelled(self) -> None:
        self._terminate(JobCancelled())

    def _terminate(self, event: JobEvent) -> None:
        """Deliver the one terminal event (first caller wins) after settling the job's fields."""
        with self._deliver_lock:
            if self._closed:
                return
            self._closed = True
            timings = self._timings()
            if isinstance(event, Finished):
                metadata = dict(event.metadata)
                previous = metadata.get("timings")
                metadata["timings"] = {**previous, **timings} if isinstance(previous, Mapping) else timings
                self.metadata = metadata
                event = Finished(metadata)
                state = JobState.FINISHED
            elif isinstance(event, JobFailed):
                self.metadata = {**self.metadata, "timings": timings}
                self.error = event.message
                state = JobState.FAILED
            else:
                self.metadata = {**self.metadata, "timings": timings}
                state = JobState.CANCELLED
            with self._lock:
                self.state = state
            try:
                self._call(event)
            finally:
                self._done.set()
