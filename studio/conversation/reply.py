"""One reply: the model's text streamed, cut into sentences, spoken sentence by sentence.

Generation and speech run on two threads so the model keeps writing while a sentence is being
synthesised, and a tool call blocks only the writing: the short "let me check" sentence is spoken
while the tool runs. A speculative reply is `held`: it runs fully but keeps its events to itself
until it is released (committed) or cancelled (discarded), so nothing of a discarded guess is ever
shown or played.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from backends.base import (
    AudioChunk,
    Backend,
    Cancelled,
    CancelToken,
    ChatDelta,
    ChatMessage,
    SynthesisRequest,
    ToolCallRequest,
)
from backends.chunking import chunk_text
from backends.tags import parse
from studio.conversation.events import ErrorNotice, ReplyText, ToolActivity
from studio.conversation.models import ChatModel, ToolExchange
from studio.conversation.tools import Tool, parse_arguments, run_tool

FILLER = "Let me check."
_SOFT_BREAK = re.compile(r"[,;:，、；：]\s")


@dataclass(frozen=True)
class Segment:
    samples: np.ndarray
    sample_rate: int
    text: str  # the sentence this audio speaks


class SentenceCutter:
    """Cuts streamed text into whole sentences with the studio's chunker; the last, possibly
    unfinished, sentence is held until more text or the end arrives."""

    def __init__(self, first_clause_words: int = 4) -> None:
        self._buffer = ""
        self._first = True
        self.first_clause_words = first_clause_words

    def feed(self, text: str) -> list[str]:
        self._buffer += text
        chunks = chunk_text(parse(self._buffer), min_chars=0)
        if len(chunks) >= 2:
            self._first = False
            done = [c.text for c in chunks[:-1] if c.has_speech]
            self._buffer = self._buffer[chunks[-1].source_span[0]:]
            return done
        if self._first:  # no sentence yet: the first piece may end at a comma, so speech starts sooner
            for cut in _SOFT_BREAK.finditer(self._buffer):
                if len(self._buffer[:cut.end()].split()) >= self.first_clause_words:
                    head, self._buffer = self._buffer[:cut.end()].strip(), self._buffer[cut.end():]
                    self._first = False
                    return [head]
        return []

    def flush(self) -> list[str]:
        rest, self._buffer = self._buffer, ""
        if not rest.strip():
            return []
        return [c.text for c in chunk_text(parse(rest), min_chars=0) if c.has_speech]


class ReplyJob:
    def __init__(self, turn_id: int, messages: list[ChatMessage], *, model: ChatModel, tts: Backend,
                 voice_id: str | None, tools: list[Tool], emit: Callable[[object], None],
                 held: bool = False, user_text: str = "", clock: Callable[[], float] = time.monotonic,
                 max_tool_rounds: int = 3, max_tokens: int = 400, temperature: float = 0.7) -> None:
        self.turn_id = turn_id
        self.messages = messages
        self.model = model
        self.tts = tts
        self.voice_id = voice_id
        self.tools = tools
        self.user_text = user_text
        self.clock = clock
        self.max_tool_rounds = max_tool_rounds
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.cancel_token = CancelToken()
        self.text = ""  # everything the reply says, fillers included
        self.t_request: float | None = None
        self.t_first_token: float | None = None
        self.t_first_audio: float | None = None
        self.t_first_sentence: float | None = None  # the first sentence was complete (sent to TTS)
        self.error: str | None = None
        self._emit_out = emit
        self._held = held
        self._buffered: list[object] = []
        self._segments: list[Segment] = []
        self._speech_done = False
        self._cond = threading.Condition()
        self._sentences: list[str | None] = []
        self._threads: list[threading.Thread] = []

    # --- control ---

    def start(self) -> ReplyJob:
        self.t_request = self.clock()
        for target, name in ((self._write, "reply-writer"), (self._speak, "reply-speaker")):
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def cancel(self) -> None:
        self.cancel_token.cancel()
        with self._cond:
            self._buffered.clear()
            self._cond.notify_all()

    @property
    def cancelled(self) -> bool:
        return self.cancel_token.cancelled

    def release(self) -> None:
        """Commit a held reply: what it did so far is reported now, the rest as it happens."""
        with self._cond:
            self._held = False
            pending, self._buffered = self._buffered, []
        for event in pending:
            self._emit_out(event)

    def join(self, timeout: float | None = None) -> None:
        for t in self._threads:
            t.join(timeout)

    def _emit(self, event: object) -> None:
        with self._cond:
            if self.cancel_token.cancelled:
                return
            if self._held:
                self._buffered.append(event)
                return
        self._emit_out(event)

    # --- audio for the player ---

    def segment(self, index: int, timeout: float) -> Segment | None:
        """Segment `index` once it exists; None when it is not there yet (or never will be: see
        `finished_at`)."""
        with self._cond:
            if index >= len(self._segments) and not self._speech_done and not self.cancelled:
                self._cond.wait(timeout)
            return self._segments[index] if index < len(self._segments) else None

    def finished_at(self, index: int) -> bool:
        with self._cond:
            return (self._speech_done or self.cancelled) and index >= len(self._segments)

    # --- threads ---

    def _queue_sentence(self, sentence: str | None) -> None:
        if sentence is not None and self.t_first_sentence is None:
            self.t_first_sentence = self.clock()
        with self._cond:
            self._sentences.append(sentence)
            self._cond.notify_all()

    def _say(self, text: str) -> None:
        self.text += text
        self._emit(ReplyText(self.turn_id, text))

    def _write(self) -> None:
        cutter = SentenceCutter()
        exchanges: list[ToolExchange] = []
        specs = [t.spec() for t in self.tools] or None
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tool")
        try:
            for _round in range(self.max_tool_rounds + 1):
                said = ""
                calls: list[ToolCallRequest] = []
                allow_tools = specs if _round < self.max_tool_rounds else None
                for event in self.model.chat(self.messages, self.cancel_token, tools=allow_tools,
                                             exchanges=exchanges, max_tokens=self.max_tokens,
                                             temperature=self.temperature):
                    if self.cancel_token.cancelled:
                        raise Cancelled()
                    if isinstance(event, ChatDelta) and event.text:
                        if self.t_first_token is None:
                            self.t_first_token = self.clock()
                        said += event.text
                        self._say(event.text)
                        for sentence in cutter.feed(event.text):
                            self._queue_sentence(sentence)
                    elif isinstance(event, ToolCallRequest):
                        calls.append(event)
                if not calls:
                    break
                for sentence in cutter.flush():
                    self._queue_sentence(sentence)
                if not said.strip():  # say something while the tool runs
                    if self.t_first_token is None:
                        self.t_first_token = self.clock()
                    self._say(FILLER + " ")
                    self._queue_sentence(FILLER)
                for call in calls:
                    args = parse_arguments(call.arguments)
                    self._emit(ToolActivity(self.turn_id, call.name, args, None))
                    future = pool.submit(run_tool, self.tools, call.name, args)
                    while True:  # wait for the tool, but give up at once when the reply is cancelled
                        try:
                            result = future.result(timeout=0.05)
                            break
                        except TimeoutError:
                            if self.cancel_token.cancelled:
                                raise Cancelled() from None
                    self._emit(ToolActivity(self.turn_id, call.name, args, result))
                    exchanges.append(ToolExchange(call, result, said))
                    said = ""
                if self.text and not self.text.endswith((" ", "\n")):
                    self._say(" ")
            for sentence in cutter.flush():
                self._queue_sentence(sentence)
            if not self.text.strip() and not self.cancel_token.cancelled:
                self._emit(ErrorNotice("The chat model sent an empty reply."))
        except Cancelled:
            pass
        except Exception as exc:  # the model failed: say so, speak what we have
            self.error = str(exc) or type(exc).__name__
            self._emit(ErrorNotice(f"The chat model failed: {self.error}"))
            for sentence in cutter.flush():
                self._queue_sentence(sentence)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            self._queue_sentence(None)

    def _speak(self) -> None:
        index = 0
        try:
            while True:
                with self._cond:
                    while index >= len(self._sentences) and not self.cancelled:
                        self._cond.wait(0.1)
                    if self.cancelled:
                        return
                    sentence = self._sentences[index]
                index += 1
                if sentence is None:
                    return
                request = SynthesisRequest(text=sentence, voice_id=self.voice_id)
                for event in self.tts.synthesize(request, self.cancel_token):
                    if self.cancelled:
                        return
                    if isinstance(event, AudioChunk) and len(event.samples):
                        with self._cond:
                            if self.t_first_audio is None:
                                self.t_first_audio = self.clock()
                            self._segments.append(Segment(np.asarray(event.samples, np.float32),
                                                          event.sample_rate, event.text or sentence))
                            self._cond.notify_all()
        except Cancelled:
            pass
        except Exception as exc:
            self._emit(ErrorNotice(f"Speaking the reply failed: {exc}"))
        finally:
            with self._cond:
                self._speech_done = True
                self._cond.notify_all()


def tool_specs(tools: list[Tool]) -> list[Mapping[str, Any]]:
    return [t.spec() for t in tools]
