"""The live conversation: microphone in, turns taken, replies spoken, interruptions honoured.

Everything timing-related in turn taking runs on the microphone's own sample clock (see turns.py),
so recordings can be fed faster than real time; the wall clock (injectable) only measures latency
and paces playback. Microphone frames are processed on the caller's thread (a few milliseconds per
block: an energy gate, Silero on voiced frames, the state machine) and everything slow (ASR, the
model, TTS, tools, playback) runs on worker threads. Events go to `on_event` from those threads.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import soxr

from backends.audio import Audio
from backends.base import Backend, ChatMessage
from studio.conversation.echo import EchoGate
from studio.conversation.events import (
    EchoModeActive,
    ErrorNotice,
    Interrupted,
    LevelUpdate,
    ReplyAudio,
    Resumed,
    SpeculationStats,
    StateChanged,
    TurnLatency,
    UserTranscript,
)
from studio.conversation.history import ChatHistory
from studio.conversation.models import ChatModel, audio_tokenizer
from studio.conversation.personas import Persona
from studio.conversation.playout import Playout
from studio.conversation.reply import ReplyJob
from studio.conversation.settings import EchoMode, TurnState, VadSettings
from studio.conversation.speculative import SpeculationLedger, normalise
from studio.conversation.tools import Tool
from studio.conversation.turns import (
    BargeIn,
    FalseInterruption,
    InterruptionConfirmed,
    PauseDetected,
    SpeechResumed,
    SpeechStopped,
    SpeechTracker,
    TurnAction,
    TurnEnded,
    TurnMachine,
    TurnStarted,
)
from studio.conversation.vad import FRAME, FRAME_MS, VAD_RATE, StreamingVad, dbfs

PREROLL_MS = 250  # audio kept before detected speech so the first syllable reaches the ASR
TAIL_MS = 160  # audio kept after the last voiced frame
HISTORY_MS = 4000


class Transcriber(Protocol):
    def transcribe(self, audio: Audio) -> Any: ...  # returns an object with `.text`


@dataclass
class _Speculation:
    turn_id: int
    end_ms: int
    text: str | None = None
    job: ReplyJob | None = None


@dataclass
class _TurnTiming:
    speech_end: float  # wall clock
    decided: float | None = None  # wall clock when the turn was judged over
    asr_final: float | None = None
    committed_at: float | None = None
    speculative: bool = False
    job: ReplyJob | None = None


class ConversationController:
    def __init__(self, *, model: ChatModel, tts: Backend, voice_id: str | None, asr: Transcriber,
                 vad: VadSettings, echo: EchoMode = EchoMode.HEADPHONES, persona: Persona | None = None,
                 tools: list[Tool] | None = None, on_event: Callable[[object], None] = lambda e: None,
                 speculative: bool = True, clock: Callable[[], float] = time.monotonic,
                 partial_interval_ms: int = 700, history_budget_tokens: int = 3000,
                 asr_language: str | None = None, max_tokens: int = 400, temperature: float = 0.7) -> None:
        self.model = model
        self.tts = tts
        self.voice_id = voice_id or (persona.voice_id if persona else None)
        self.asr = asr
        self.vad_settings = vad
        self.echo_mode = echo
        self.persona = persona
        self.tools = list(tools or [])
        self.on_event = on_event
        self.speculative = speculative
        self.clock = clock
        self.partial_interval_ms = partial_interval_ms
        self.asr_language = asr_language
        self.max_tokens = max_tokens
        self.temperature = temperature  # 0: the model's most likely words, the same every time
        self.chat_history = ChatHistory(persona.system_prompt if persona else None, history_budget_tokens)
        self.ledger = SpeculationLedger()
        self.echo = EchoGate(echo, margin_db=vad.echo_margin_db, clock=clock)
        self._lock = threading.RLock()
        self._vad = StreamingVad(vad)
        self._tracker = SpeechTracker(vad.hangover_ms, FRAME_MS)
        self._machine = TurnMachine(vad)
        self._resampler: Any = None
        self._resampler_rate = 0
        self._pending = np.zeros(0, dtype=np.float32)
        self._recent: deque[tuple[int, np.ndarray]] = deque(maxlen=HISTORY_MS // FRAME_MS)
        self._utterance: list[tuple[int, np.ndarray]] = []
        self._in_turn = False
        self._now_ms = 0
        self._turn_id = 0
        self._reply_turn = 0
        self._last_partial_ms = 0
        self._partial_busy = False
        self._spec: _Speculation | None = None
        self._timings: dict[int, _TurnTiming] = {}
        self._asr_cache: dict[tuple[int, int], str] = {}
        self._asr_seconds = 0.0  # recent ASR call duration (smoothed)
        self._asr_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chat-asr")
        self._last_state: TurnState | None = None
        self._hands_free = True
        self._ptt = False
        self._page_reports_played = False
        self._started = False
        self._playout = Playout(on_block=self._on_block, on_first_audio=self._on_first_audio,
                                on_done=self._on_reply_done, clock=clock)

    # --- lifecycle ---

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        self._playout.start()
        self._emit(EchoModeActive(self.echo_mode, self.echo.describe()))
        self._emit_state(force=True)

    def stop(self) -> None:
        with self._lock:
            self._started = False
            job, _ = self._playout.stop()
            if job is not None:
                job.cancel()
            self._discard_speculation()
        self._playout.stop_thread()
        self._asr_pool.shutdown(wait=False, cancel_futures=True)

    # --- properties ---

    @property
    def state(self) -> TurnState:
        return self._machine.state

    @property
    def history(self) -> list[ChatMessage]:
        return self.chat_history.turns

    @property
    def hands_free(self) -> bool:
        return self._hands_free

    @hands_free.setter
    def hands_free(self, value: bool) -> None:
        with self._lock:
            self._hands_free = bool(value)

    def set_persona(self, persona: Persona | None) -> None:
        with self._lock:
            self.persona = persona
            self.chat_history.set_system_prompt(persona.system_prompt if persona else None)
            if persona and persona.voice_id:
                self.voice_id = persona.voice_id

    def set_echo_mode(self, mode: EchoMode) -> None:
        with self._lock:
            self.echo_mode = mode
            self.echo.mode = mode
        self._emit(EchoModeActive(mode, self.echo.describe()))

    def set_vad(self, settings: VadSettings) -> None:
        """New thresholds and timings (a preset); they apply from the next frame."""
        with self._lock:
            self.vad_settings = settings
            self._vad.settings = settings
            self._machine.settings = settings
            self._tracker.hangover_ms = max(settings.hangover_ms, FRAME_MS)
            self.echo.margin_db = settings.echo_margin_db

    def set_voice(self, voice_id: str | None) -> None:
        """The voice for the next sentences spoken (a reply in progress keeps its voice)."""
        with self._lock:
            self.voice_id = voice_id

    def set_output(self, sink: Callable[[np.ndarray, int], None] | None,
                   flush: Callable[[], None] | None = None) -> None:
        """Where reply audio goes: `sink(samples, rate)` gets short blocks paced at real time;
        `flush()` must drop whatever the player still holds (called on barge-in and interrupt).
        `sink` must only queue, never block: it runs under the playout's lock, which is what keeps
        a block from reaching the player after the flush that stopped its reply."""
        self._playout.sink = sink
        self._playout.flush = flush

    def notify_played(self, samples: np.ndarray, sample_rate: int) -> None:
        """What really reached the speaker: the heard position and the echo reference."""
        self._page_reports_played = True
        self._playout.notify_played(len(samples))
        self.echo.played(np.asarray(samples, dtype=np.float32))

    # --- events ---

    def _emit(self, event: object) -> None:
        with contextlib.suppress(Exception):  # a listener's bug must not stop the conversation
            self.on_event(event)

    def _emit_state(self, force: bool = False) -> None:
        state = self._machine.state
        if force or state is not self._last_state:
            self._last_state = state
            self._emit(StateChanged(state))

    def _emit_stats(self) -> None:
        c = self.ledger.counts()
        self._emit(SpeculationStats(c.started, c.committed, c.discarded))

    # --- microphone ---

    def feed_microphone(self, samples: np.ndarray, sample_rate: int) -> None:
        """Push microphone audio (float32 in [-1, 1] or int16; mono, or frames x channels, which
        are averaged) from any thread; blocks of any size and any rate (resampled to 16 kHz)."""
        raw = np.asarray(samples)
        data = raw.astype(np.float32, copy=False)
        if raw.dtype == np.int16:
            data = data / 32768.0
        if data.ndim > 1:
            data = data.mean(axis=1)
        if not len(data):
            return
        with self._lock:
            self._emit(LevelUpdate(dbfs(data)))
            if sample_rate != VAD_RATE:
                if self._resampler is None or self._resampler_rate != sample_rate:
                    self._resampler = soxr.ResampleStream(sample_rate, VAD_RATE, 1, dtype="float32")
                    self._resampler_rate = sample_rate
                data = self._resampler.resample_chunk(data)
            data = np.concatenate([self._pending, data])
            count = len(data) // FRAME
            self._pending = data[count * FRAME:]
            for i in range(count):
                self._frame(data[i * FRAME:(i + 1) * FRAME])

    def _frame(self, raw: np.ndarray) -> None:
        s = self.vad_settings
        frame, floor = self.echo.filter(raw, dbfs(raw))
        if floor is None:
            (vf,) = self._vad.push(frame)
        else:
            (vf,) = self._vad.push(frame, gate_dbfs=max(s.gate_dbfs, floor),
                                   threshold=min(0.95, s.threshold + 0.2))
        self._now_ms = vf.end_ms
        self._recent.append((vf.end_ms, vf.samples))
        if self._in_turn:
            self._utterance.append((vf.end_ms, vf.samples))
        listening = self._hands_free or self._ptt
        event = self._tracker.frame(vf.end_ms, vf.voiced)
        actions: list[TurnAction] = []
        if listening:
            if event is not None:
                actions += self._machine.speech(event)
                if isinstance(event, SpeechStopped) and self._machine.state is TurnState.USER_SPEAKING:
                    self._pretranscribe(event.at_ms)
            actions += self._machine.tick(vf.end_ms)
        for action in actions:
            self._act(action)
        if vf.voiced:  # never start a partial in what may be the start of a pause
            self._maybe_partial()
        self._emit_state()

    # --- turn actions ---

    def _act(self, action: TurnAction) -> None:
        if isinstance(action, TurnStarted):
            self._begin_user_turn(action.start_ms)
        elif isinstance(action, PauseDetected):
            if self.speculative:
                self._speculate(action.speech_end_ms)
        elif isinstance(action, SpeechResumed):
            self._discard_speculation()
        elif isinstance(action, TurnEnded):
            self._end_user_turn(action.speech_end_ms)
        elif isinstance(action, BargeIn):
            self._playout.pause()
        elif isinstance(action, FalseInterruption):
            self._playout.resume()
            self._emit(Resumed(self._reply_turn))
        elif isinstance(action, InterruptionConfirmed):
            self._stop_reply()
            self._begin_user_turn(action.speech_start_ms)

    def _begin_user_turn(self, start_ms: int) -> None:
        self._turn_id += 1
        self._asr_cache = {k: v for k, v in self._asr_cache.items() if k[0] >= self._turn_id - 1}
        self._in_turn = True
        keep_from = start_ms - PREROLL_MS
        self._utterance = [(end, f) for end, f in self._recent if end > keep_from]
        self._last_partial_ms = start_ms

    def _audio_until(self, end_ms: int) -> Audio:
        frames = [f for end, f in self._utterance if end - FRAME_MS < end_ms + TAIL_MS]
        samples = np.concatenate(frames) if frames else np.zeros(0, dtype=np.float32)
        return Audio(samples, VAD_RATE)

    def _transcribe(self, turn_id: int, end_ms: int, audio: Audio) -> str:
        key = (turn_id, end_ms)
        cached = self._asr_cache.get(key)
        if cached is not None:
            return cached  # the same audio as at the pause: the same words, no second ASR pass
        started = time.monotonic()
        if self.asr_language is not None:
            result = self.asr.transcribe(audio, language=self.asr_language)  # type: ignore[call-arg]
        else:
            result = self.asr.transcribe(audio)
        text = str(getattr(result, "text", result)).strip()
        # partials back off on a slow or busy machine so the pause's transcript is not queued
        self._asr_seconds = 0.7 * self._asr_seconds + 0.3 * (time.monotonic() - started)
        self._asr_cache[key] = text
        return text

    def _pretranscribe(self, end_ms: int) -> None:
        """Speech just stopped: transcribe up to here now, so that the pause (speculation) and the
        end of the turn (final transcript) usually find the words already known."""
        turn_id, audio = self._turn_id, self._audio_until(end_ms)

        def run() -> None:
            if turn_id != self._turn_id or (self._machine.state is TurnState.USER_SPEAKING \
                    and self._tracker.speaking):
                return  # the user already went on: this audio is no longer the turn's end
            try:
                self._transcribe(turn_id, end_ms, audio)
            except Exception as exc:
                self._emit(ErrorNotice(f"Speech recognition failed: {exc}"))

        self._asr_pool.submit(run)

    def _maybe_partial(self) -> None:
        if (self._machine.state is not TurnState.USER_SPEAKING or self._partial_busy
                or not self._tracker.speaking  # a pause may be starting: keep the ASR free for it
                or self._now_ms - self._last_partial_ms < max(self.partial_interval_ms,
                                                              3000 * self._asr_seconds)):
            return
        self._partial_busy = True
        self._last_partial_ms = self._now_ms
        turn_id, end_ms, audio = self._turn_id, self._now_ms, self._audio_until(self._now_ms)

        def run() -> None:
            try:
                text = self._transcribe(turn_id, -end_ms, audio)  # negative: never a final's key
                if text and turn_id == self._turn_id:
                    self._emit(UserTranscript(turn_id, text, False))
            except Exception as exc:
                self._emit(ErrorNotice(f"Speech recognition failed: {exc}"))
            finally:
                self._partial_busy = False

        self._asr_pool.submit(run)

    def _speculate(self, end_ms: int) -> None:
        self._discard_speculation()
        spec = _Speculation(self._turn_id, end_ms)
        self._spec = spec
        self.ledger.start()
        self._emit_stats()
        audio = self._audio_until(end_ms)

        def run() -> None:
            try:
                text = self._transcribe(spec.turn_id, end_ms, audio)
            except Exception as exc:
                self._emit(ErrorNotice(f"Speech recognition failed: {exc}"))
                return
            with self._lock:
                if self._spec is not spec or not text:
                    return
                spec.text = text
                self._emit(UserTranscript(spec.turn_id, text, False))
                spec.job = self._new_job(spec.turn_id, self.chat_history.messages(text), held=True,
                                         user_text=text)

        self._asr_pool.submit(run)

    def _discard_speculation(self) -> None:
        spec, self._spec = self._spec, None
        if spec is not None:
            if spec.job is not None:
                spec.job.cancel()
            self.ledger.discard()
            self._emit_stats()

    def _end_user_turn(self, speech_end_ms: int) -> None:
        self._in_turn = False
        turn_id = self._turn_id
        now = self.clock()
        timing = _TurnTiming(speech_end=now - (self._now_ms - speech_end_ms) / 1000.0, decided=now)
        self._timings[turn_id] = timing
        self._reply_turn = turn_id
        audio = self._audio_until(speech_end_ms)

        def run() -> None:
            try:
                text = self._transcribe(turn_id, speech_end_ms, audio)
            except Exception as exc:
                text = ""
                self._emit(ErrorNotice(f"Speech recognition failed: {exc}"))
            tokens = self._spoken_tokens(audio) if normalise(text) else None
            with self._lock:
                if turn_id != self._turn_id:
                    return  # the user started another turn meanwhile
                timing.asr_final = self.clock()
                self._commit_turn(turn_id, text, timing, audio, tokens)

        self._asr_pool.submit(run)

    def _spoken_tokens(self, audio: Audio) -> str | None:
        """The turn's `<audio_N>` string when the chat model takes spoken turns as audio tokens; on
        any failure (tokenizer unreachable, ...) a warning and None: the turn goes as its transcript."""
        tokenize = audio_tokenizer(self.model)
        if tokenize is None:
            return None
        try:
            return tokenize(audio)
        except Exception as exc:
            self._emit(ErrorNotice(f"Audio input is unavailable for this turn ({exc}); it was sent as its "
                                   "transcript instead."))
            return None

    def _commit_turn(self, turn_id: int, text: str, timing: _TurnTiming, audio: Audio | None = None,
                     tokens: str | None = None) -> None:
        """`tokens`: the turn's audio tokens (audio mode); the transcript goes with them, and the
        history keeps only the transcript, so past spoken turns are sent as text."""
        spec, self._spec = self._spec, None
        if not normalise(text):
            if spec is not None:
                if spec.job is not None:
                    spec.job.cancel()
                self.ledger.discard()
                self._emit_stats()
            self._machine.interrupt()  # nothing was said after all: the floor is free
            self._emit_state()
            return
        self._emit(UserTranscript(turn_id, text, True, audio))
        job: ReplyJob | None = None
        if spec is not None:
            if spec.turn_id == turn_id and spec.job is not None and spec.text is not None \
                    and tokens is None and self.ledger.decide(spec.text, text):
                job = spec.job
                timing.speculative = True
            else:
                if spec.job is not None:
                    spec.job.cancel()
                if spec.text is None or spec.job is None or spec.turn_id != turn_id:
                    self.ledger.discard()
            self._emit_stats()
        messages = self.chat_history.messages(text)
        if tokens:
            messages[-1] = ChatMessage("user", text, audio_tokens=tokens, transcript=text)
        self.chat_history.add_user(text)
        timing.committed_at = self.clock()
        if job is None:
            job = self._new_job(turn_id, messages, held=False, user_text=text)
        else:
            job.release()
        timing.job = job
        self._playout.play(job)

    def _new_job(self, turn_id: int, messages: list[ChatMessage], *, held: bool, user_text: str) -> ReplyJob:
        return ReplyJob(turn_id, messages, model=self.model, tts=self.tts, voice_id=self.voice_id,
                        tools=self.tools, emit=self._emit, held=held, user_text=user_text, clock=self.clock,
                        max_tokens=self.max_tokens, temperature=self.temperature).start()

    def _stop_reply(self) -> None:
        job, kept = self._playout.stop()
        if job is None:
            job = self._timings.get(self._reply_turn, _TurnTiming(0.0)).job
        if job is not None:
            job.cancel()
            self.chat_history.add_assistant(kept)
            self._emit(Interrupted(job.turn_id, kept))

    # --- playback callbacks (playout thread) ---

    def _on_block(self, job: ReplyJob, block: np.ndarray, rate: int, text: str) -> None:
        if not self._page_reports_played:
            self.echo.played(block)
        self._emit(ReplyAudio(job.turn_id, block, rate, text))

    def _on_first_audio(self, job: ReplyJob, at: float) -> None:
        timing = self._timings.get(job.turn_id)
        if timing is None or timing.job is not job:
            return  # a reply that was replaced (a discarded guess)

        def since(t: float | None) -> float | None:
            return None if t is None else round(t - timing.speech_end, 4)

        model_wait = None  # waiting for the model to write its first sentence, after the commit
        ready = job.t_first_sentence or job.t_first_token
        if ready is not None and job.t_request is not None:
            began = max(job.t_request, timing.committed_at or job.t_request)
            model_wait = round(max(0.0, ready - began), 4)
        self._emit(TurnLatency(job.turn_id, since(timing.asr_final), since(job.t_first_token),
                               since(job.t_first_audio), since(at), timing.speculative, model_wait,
                               since(timing.decided)))

    def _on_reply_done(self, job: ReplyJob) -> None:
        with self._lock:
            self.chat_history.add_assistant(job.text.strip())
            self._machine.reply_finished()
            self._emit_state()

    # --- the page's controls ---

    def interrupt(self) -> None:
        with self._lock:
            self._discard_speculation()
            self._stop_reply()
            self._machine.interrupt()
            self._emit_state()

    def push_to_talk(self, pressed: bool) -> None:
        with self._lock:
            if pressed and not self._ptt:
                self._ptt = True
                if self._machine.state is TurnState.BOT_REPLYING:
                    self._stop_reply()
                self._discard_speculation()
                self._machine.reset()
                self._machine.state = TurnState.USER_SPEAKING
                self._machine.turn_start_ms = self._now_ms
                self._begin_user_turn(self._now_ms)
            elif not pressed and self._ptt:
                self._ptt = False
                if self._in_turn:
                    end = max(self._tracker.last_voiced_ms, self._machine.turn_start_ms)
                    self._machine.bot_turn()
                    self._end_user_turn(min(end, self._now_ms))
            self._emit_state()

    def send_text(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        with self._lock:
            self._discard_speculation()
            if self._machine.state is TurnState.BOT_REPLYING:
                self._stop_reply()
            self._turn_id += 1
            self._reply_turn = self._turn_id
            self._in_turn = False
            self._emit(UserTranscript(self._turn_id, text, True))
            messages = self.chat_history.messages(text)
            self.chat_history.add_user(text)
            self._machine.reset()
            self._machine.bot_turn()
            self._emit_state()
            # measured from the send: no speech to wait out and nothing to recognise (ASR 0 s)
            sent = self.clock()
            job = self._new_job(self._turn_id, messages, held=False, user_text=text)
            self._timings[self._turn_id] = _TurnTiming(sent, decided=sent, asr_final=sent, committed_at=sent,
                                                       job=job)
            self._playout.play(job)
