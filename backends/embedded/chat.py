"""The embedded engine's offline chat: a small model that installs with the app, for trying Chat.

Qwen2.5-Coder-0.5B-Instruct (Q4_K_M, backends.embedded.chat_weights) runs in its own process
(backends.embedded.chat_worker) so neither its load nor its generation ever holds the studio's GIL:
the window and the audio callbacks keep running while it thinks. `OfflineChat` owns that process
and implements `SupportsChat`; `EmbeddedChatting` is the mixin the embedded engine takes on to
declare and offer it.

Measured on the 2-core build machine (AMD EPYC, one runtime thread; bench numbers in the helper
report of issue 15): load about 1 s, first token 0.13-0.45 s for a short question, 38-46 tokens/s.
Answers are short and sensible in English and Mandarin; tool calls come as JSON text (chat_text).

Why one thread by default: with two cores shared with speech recognition and synthesis, one
runtime thread was faster than two whenever the other core was busy.
"""

from __future__ import annotations

import contextlib
import json
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from backends.base import (
    Availability,
    BackendError,
    BackendUnavailable,
    Cancelled,
    CancelToken,
    ChatDelta,
    ChatEvent,
    ChatFinished,
    ChatMessage,
    InvalidRequest,
    Manifest,
    ToolCallRequest,
)
from backends.embedded import chat_weights
from backends.embedded.chat_text import MALFORMED_TOOL_CALL, ToolText
from backends.remote.openai_tools import message_json

MAX_REPLY_TOKENS = 512  # a spoken reply is a few sentences; a reply that never ends stops here
LOAD_TIMEOUT_S = 60.0
_CJK = re.compile(r"[\u4e00-\u9fff]")
BUSY_TIMEOUT_S = 30.0  # a reply is capped at 512 tokens, about 15 s at the slowest speed measured
STALL_S = 2.0  # after Stop, how long a silent model may take to stop before its process is ended
CONTEXT_TOKENS = 4096
TOOL_HINT = (" Call a function only when the question needs the current time, the date or exact "
             "arithmetic; otherwise answer directly.")
OFFLINE_NOTE = ("a small offline model for trying Chat; connect Step-Audio-Chat or an OpenAI-compatible "
                "server for real conversations")


def _wire(history: list[ChatMessage]) -> list[dict[str, Any]]:
    """The history as OpenAI messages; a spoken turn is sent as its transcript (this model reads
    text only, never `<audio_N>` tokens).

    Tool exchanges are retold in words: shown its own calls and the results in the template's
    tagged form, this 0.5B model answers with more JSON instead of a sentence (measured: 5 of 5), so
    each call and result becomes a user-side note asking for a plain answer, written in Mandarin
    when the question was (an English note got English answers to 3 of 3 Mandarin questions, a
    Mandarin note Mandarin answers)."""
    out: list[dict[str, Any]] = []
    calls: dict[str, ToolCallRequest] = {}
    asked = ""  # the latest user turn: the note is written in its language
    for m in history:
        if m.role == "assistant" and m.tool_calls:
            calls.update((c.id, c) for c in m.tool_calls)
            if m.text.strip():
                out.append({"role": "assistant", "content": m.text})
            continue
        if m.role == "tool":
            call = calls.get(m.tool_call_id or "")
            what = f"{call.name}({call.arguments})" if call else "the tool"
            if _CJK.search(asked):  # an English note got English answers to Mandarin questions
                note = f"[{what} 的结果：{m.text}] 请用这个结果，用中文简短地回答我的问题，不要用 JSON。"
            else:
                note = (f"[Result of {what}: {m.text}] Answer my question with this result, in plain "
                        "words, not JSON.")
            out.append({"role": "user", "content": note})
            continue
        if m.role == "user":
            asked = (m.transcript or m.text) if m.spoken else m.text
        out.append(message_json(m, (m.transcript or m.text) if m.spoken else m.text))
    return out


def _with_tool_hint(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The system turn told when to call a tool. Measured at the studio's temperature (0.7), no
    persona, six plain and six tool questions in English and Mandarin, three tries each: without
    it the model called a tool for 2 of 18 plain questions ("What is the capital of France?" ->
    current_date) and used one for 13 of 18 tool questions; with it, 1 of 18 and 16 of 18."""
    if messages and messages[0]["role"] == "system":
        first = {**messages[0], "content": f"{messages[0]['content'] or ''}{TOOL_HINT}"}
        return [first, *messages[1:]]
    return [{"role": "system", "content": f"You are a helpful assistant.{TOOL_HINT}"}, *messages]


class OfflineChat:
    """The offline chat model in its own process: started on first use (or `start()`), one reply at
    a time, restarted when it had to be ended. Thread-safe; every method blocks, so callers run it
    on worker threads as they do other engines."""

    def __init__(self, threads: int = 1, max_reply_tokens: int = MAX_REPLY_TOKENS) -> None:
        self.threads = threads
        self.max_reply_tokens = max_reply_tokens
        self.load_seconds: float | None = None
        self._lock = threading.Lock()  # one reply at a time: the model has one slot
        self._process: subprocess.Popen[str] | None = None
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._ended = True  # whether the worker has sent the end of the current reply

    def availability(self) -> Availability:
        if not chat_weights.installed():
            return Availability(False, "The offline chat model is not installed.",
                                chat_weights.INSTALL)
        return Availability(True)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Join/verify the weights and start the model's process (about 1 s once joined); raises
        BackendUnavailable with one sentence naming the fix."""
        with self._lock:
            self._start()

    def _start(self) -> None:
        if self.running:
            return
        self._end()
        try:
            path = chat_weights.ensure_model()
        except (chat_weights.ChatModelUnavailable, OSError) as exc:
            raise BackendUnavailable(Availability(False, str(exc))) from exc
        log = path.with_name("chat-model.log")
        with open(log, "w") as log_file:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "backends.embedded.chat_worker", str(path), str(self.threads),
                 str(CONTEXT_TOKENS)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log_file, text=True,
                encoding="utf-8", cwd=str(Path(__file__).resolve().parents[2]))
        self._inbox = queue.Queue()
        threading.Thread(target=_read_lines, args=(self._process, self._inbox), daemon=True,
                         name="offline-chat-reader").start()
        try:
            message = self._inbox.get(timeout=LOAD_TIMEOUT_S)
        except queue.Empty:
            self._end()
            raise BackendError(f"The offline chat model did not load within {LOAD_TIMEOUT_S:.0f} s; "
                               "close other programs and try again.") from None
        if message is None:
            self._end()
            raise BackendError(f"The offline chat model's process ended while loading; see {log}.")
        if "ready" not in message:
            self._end()
            raise BackendUnavailable(Availability(False, str(message.get("error")), "Delete the file to "
                                                  "have it joined again, or reinstall its packages."))
        self.load_seconds = float(message["ready"])

    def _send(self, message: dict[str, Any]) -> bool:
        process = self._process
        if process is None or process.stdin is None:
            return False
        try:
            process.stdin.write(json.dumps(message, ensure_ascii=False) + "\n")
            process.stdin.flush()
            return True
        except (OSError, ValueError):
            return False

    def _end(self) -> None:
        """End the process, politely first; the next reply starts a fresh one."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                assert process.stdin is not None
                process.stdin.write('{"quit": true}\n')
                process.stdin.close()
            try:
                process.wait(1.0)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(2.0)

    def close(self) -> None:
        with self._lock:
            self._end()

    def chat(self, history: list[ChatMessage], cancel: CancelToken, *, temperature: float = 0.7,
             top_p: float = 0.9, max_tokens: int = 2048,
             tools: list[Mapping[str, Any]] | None = None) -> Iterator[ChatEvent]:
        """Stream the reply (backends.base.SupportsChat); the reply is capped at `max_reply_tokens`.
        The system turn is the persona; spoken turns go as their transcripts."""
        if not history or history[-1].role not in ("user", "tool"):
            raise InvalidRequest("A reply needs the conversation to end with the user's turn or a tool "
                                 "result.")
        request: dict[str, Any] = {
            "messages": _wire(history), "stream": True, "temperature": temperature, "top_p": top_p,
            "max_tokens": max(1, min(max_tokens, self.max_reply_tokens))}
        if history[-1].role == "tool":
            # One tool round per turn: given the tools again after a result, this 0.5B model calls
            # the same tool over and over instead of answering (measured); without them it answers.
            tools = None
        if not tools:
            return self._reply(request, None, cancel)
        plain = dict(request)
        request["tools"] = [dict(t) for t in tools]
        request["messages"] = _with_tool_hint(request["messages"])
        return self._reply_or_plain(request, plain, tools, cancel)

    def _reply_or_plain(self, request: dict[str, Any], plain: dict[str, Any],
                        tools: list[Mapping[str, Any]], cancel: CancelToken) -> Iterator[ChatEvent]:
        """The reply with tools offered; when the model writes a tool call the studio cannot read,
        the same turn is asked again without tools, so the user gets an answer rather than an
        apology (this 0.5B model often garbles calls it was not asked for)."""
        garbled: str | None = None
        for event in self._reply(request, tools, cancel):
            if isinstance(event, ChatDelta) and event.text == MALFORMED_TOOL_CALL:
                garbled = ""
                continue
            if isinstance(event, ChatFinished) and garbled is not None:
                garbled = str(event.metadata.get("malformed_tool_call", ""))
                continue
            yield event
        if garbled is None:
            return
        for event in self._reply(plain, None, cancel):
            if isinstance(event, ChatFinished):
                event = ChatFinished({**event.metadata, "malformed_tool_call": garbled,
                                      "asked_again_without_tools": True})
            yield event

    def _reply(self, request: dict[str, Any], tools: list[Mapping[str, Any]] | None,
               cancel: CancelToken) -> Iterator[ChatEvent]:
        # A reply left unfinished is settled (and its lock released) when its generator is closed;
        # one never closed must not hang every later reply, so waiting for the model is bounded.
        if not self._lock.acquire(timeout=BUSY_TIMEOUT_S):
            raise BackendError("The offline chat model is still busy with another reply; try again in a "
                               "moment.")
        try:
            cancel.raise_if_cancelled()
            self._start()
            self._ended = False
            unregister = cancel.on_cancel(lambda: self._send({"stop": True}))
            try:
                if not self._send({"request": request}):
                    raise BackendError("The offline chat model's process is not answering; send the "
                                       "message again to restart it.")
                yield from self._events(tools, cancel)
            finally:
                unregister()
                if not self._settle():
                    self._end()  # stalled, or left mid-reply: never leave a busy model behind
        finally:
            self._lock.release()

    def _next(self, cancel: CancelToken) -> dict[str, Any]:
        """The worker's next message; Cancelled when a stopped model goes quiet, BackendError when
        its process has gone."""
        waited = 0.0
        while True:
            try:
                message = self._inbox.get(timeout=0.25)
            except queue.Empty:
                waited = waited + 0.25 if cancel.cancelled else 0.0
                if waited >= STALL_S:
                    raise Cancelled() from None  # the model did not stop in time: _settle ends it
                continue
            if message is None:
                self._ended = True
                raise BackendError("The offline chat model's process ended during the reply; send the "
                                   "message again to restart it.")
            return message

    def _events(self, tools: list[Mapping[str, Any]] | None,
                cancel: CancelToken) -> Iterator[ChatEvent]:
        parser = ToolText(tools)
        started = time.monotonic()
        first: float | None = None
        finish_reason = "stop"
        usage: Any = None
        pieces = 0
        while True:
            message = self._next(cancel)
            if "end" in message or "error" in message:
                self._ended = True
            if "end" in message:
                break
            if "error" in message:
                raise BackendError(str(message["error"]))
            if cancel.cancelled:
                continue  # drain until the model has stopped
            value = message.get("chunk")
            choice = (value.get("choices") or [{}])[0] if isinstance(value, dict) else {}
            usage = (value.get("usage") or usage) if isinstance(value, dict) else usage
            finish_reason = choice.get("finish_reason") or finish_reason
            text = (choice.get("delta") or {}).get("content")
            if text:
                pieces += 1
                first = first if first is not None else time.monotonic() - started
                yield from parser.feed(text)
        if cancel.cancelled:
            raise Cancelled()
        events = parser.finish()
        yield from events
        calls = sum(isinstance(e, ToolCallRequest) for e in events)
        meta: dict[str, Any] = {
            "model": chat_weights.MODEL_NAME, "finish_reason": "tool_calls" if calls else finish_reason,
            "first_token_s": first, "pieces": pieces, "reply_s": time.monotonic() - started,
            "usage": usage}
        if parser.malformed is not None:
            meta["malformed_tool_call"] = parser.malformed
        yield ChatFinished(meta)

    def _settle(self) -> bool:
        """After a reply ends for whatever reason, read up to the worker's end marker; False when
        it does not come within STALL_S (the caller then ends the process)."""
        if self._ended:
            return True
        self._send({"stop": True})
        deadline = time.monotonic() + STALL_S
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self._inbox.get(timeout=left)
            except queue.Empty:
                return False
            if message is None:
                return False
            if "end" in message or "error" in message:
                self._ended = True
                return True
        return False


def _read_lines(process: subprocess.Popen[str], inbox: queue.Queue[dict[str, Any] | None]) -> None:
    """The worker's messages into `inbox`, on a thread of ours; None when its output ends."""
    assert process.stdout is not None
    for line in process.stdout:
        with contextlib.suppress(ValueError):
            inbox.put(json.loads(line))
    inbox.put(None)


_SHARED: OfflineChat | None = None
_SHARED_LOCK = threading.Lock()


def shared_offline_chat() -> OfflineChat:
    """The app's one OfflineChat (one model process, about 0.5 GB, whoever asks: the Chat page, the
    engine server); created here, its process started on first use."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = OfflineChat()
        return _SHARED


class EmbeddedChatting:
    """What the embedded engine adds to chat: `chat()` delegates to the app's shared OfflineChat,
    started on first use and ended with `unload_chat()`. A mixin so the engine needs no chat code of
    its own."""

    @property
    def offline_chat(self) -> OfflineChat:
        return shared_offline_chat()

    def chat(self, history: list[ChatMessage], cancel: CancelToken, *, temperature: float = 0.7,
             top_p: float = 0.9, max_tokens: int = 2048,
             tools: list[Mapping[str, Any]] | None = None) -> Iterator[ChatEvent]:
        if not chat_weights.installed():
            availability = self.offline_chat.availability()
            raise BackendUnavailable(availability)
        return self.offline_chat.chat(history, cancel, temperature=temperature, top_p=top_p,
                                      max_tokens=max_tokens, tools=tools)

    def unload_chat(self) -> None:
        """End the model's process (the next reply starts it again)."""
        self.offline_chat.close()


def with_chat(manifest: Manifest) -> Manifest:
    """The manifest declaring chat when the offline model is installed (cheap: no file is read)."""
    return replace(manifest, chat=chat_weights.installed())
