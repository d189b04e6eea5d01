"""Step-Audio-Chat (130B) on a remote OpenAI-compatible server, as a chat engine.

The 130B model needs a multi-GPU host (about 265 GB of GPU memory) and is served there by vLLM
(`vllm serve ... --served-model-name step-audio-chat`); this engine only speaks HTTP to it, with
httpx, so it also drives any other OpenAI-compatible `/v1/chat/completions` server.

Two input modes for a spoken user turn (see backends.base.ChatMessage):
- text: the turn's text is our ASR's transcript; works with any server.
- audio: the turn's `<audio_N>` string (made by the Step-Audio tokenizer) is sent as the message
  content, which is how audio reaches vLLM, since vLLM has no audio front end for this model.
  Only the latest turn is sent as audio; every past spoken turn is replaced by its transcript, as
  the reference chat does, to keep the context short. The tokens come from a tokenizer source given
  to the engine: the local Step-Audio engine (backends.step.StepLocalBackend) or the engine server
  running beside vLLM (a backends.remote.RemoteBackend of its step-local engine, which calls
  `POST /v1/engines/step-local/tokens`). Without one, or when it cannot be reached, `audio_input()`
  says audio mode is unavailable and spoken turns go as transcripts (with a warning in the log and
  the reply's metadata); this engine never invents tokens.

Replies stream as text (SSE), and tool calls the server streams come back as complete
ToolCallRequest events; this engine speaks nothing itself (a TTS engine does). Cancelling is
noticed between streamed events and closes the connection, which makes vLLM abort the request; a
server that sends nothing for `stall_timeout` seconds ends the reply with an error, never a freeze.
Every failure becomes a one-sentence BackendError, with a fix where there is one.

Qt-free and studio-free, like every engine.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

import httpx

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
    Hardware,
    InvalidRequest,
    Manifest,
    SynthesisEvent,
    SynthesisRequest,
    ToolCallRequest,
    VoiceInfo,
)
from backends.remote import wire
from backends.remote.http import HttpEndpoint, reading
from backends.remote.openai_stream import ChatStream, error_message
from backends.remote.openai_tools import message_json

DEFAULT_MODEL = "step-audio-chat"
ENGINE_ID = "step-audio-chat"
SERVE_FIX = ("Start vLLM on the GPU host (vllm serve <Step-Audio-Chat folder> --served-model-name "
             "step-audio-chat --trust-remote-code -tp 4), and check the URL.")
AUDIO_TOKEN = re.compile(r"<audio_(\d+)>")
AUDIO_TOKENS_ONLY = re.compile(r"^(?:\s*<audio_\d+>)+\s*$")
AUDIO_VOCAB = 1024 + 4096  # vq02 codes, then 1024 + vq06 codes
AUDIO_MODE_UNAVAILABLE = Availability(
    False, "Audio input needs the Step-Audio tokenizer, and none is configured for this engine; spoken "
           "turns are sent as their transcripts (text mode).",
    "Set up the Step-Audio engine here, or the engine server beside vLLM, as the tokenizer; or use text "
    "mode: the studio's speech recognition transcribes what you say.")

log = logging.getLogger(__name__)


class TokenizerSource(Protocol):
    """Anything that turns a clip into Step-Audio tokens: `tokenize(audio)` returns an object with
    `.as_text()` (backends.step.tokenizer.AudioTokens) or the `<audio_N>` string itself."""

    def tokenize(self, audio: Any) -> Any: ...


def tokens_text(tokens: Any) -> str:
    """A tokenizer's answer as the `<audio_N>` string (checked: only audio tokens, in range)."""
    text = tokens if isinstance(tokens, str) else tokens.as_text()
    if not isinstance(text, str) or not text.strip():
        raise InvalidRequest("The tokenizer made no audio tokens for this clip (is it too short?).")
    check_audio_tokens(text)
    return text.strip()


def check_audio_tokens(tokens: str) -> None:
    """InvalidRequest unless `tokens` is a non-empty run of `<audio_N>` with N in the audio vocab."""
    if not AUDIO_TOKENS_ONLY.match(tokens):
        raise InvalidRequest("A spoken turn's audio tokens must be a string of <audio_N> tokens and nothing "
                             "else.")
    bad = [n for n in (int(m) for m in AUDIO_TOKEN.findall(tokens)) if n >= AUDIO_VOCAB]
    if bad:
        raise InvalidRequest(f"A spoken turn holds <audio_{bad[0]}>, outside Step-Audio's {AUDIO_VOCAB} "
                             "audio codes.")


def build_messages(history: list[ChatMessage], *, audio: bool = True) -> list[dict[str, Any]]:
    """The OpenAI `messages` for `history`.

    The last message must be the user's, or a tool's result (the reply continues after a tool
    call); assistant turns keep their `tool_calls` and tool turns their `tool_call_id`. When the
    last message carries `audio_tokens` and `audio` is true, its content is the `<audio_N>`
    string (audio mode); every other spoken turn is sent as its transcript (falling back to its
    text). A spoken turn with neither is refused rather than sent as thousands of audio tokens.
    """
    if not history:
        raise InvalidRequest("There is nothing to reply to: the conversation is empty.")
    if history[-1].role not in ("user", "tool"):
        raise InvalidRequest("The conversation must end with the user's turn (or a tool's result).")
    last = len(history) - 1
    out: list[dict[str, Any]] = []
    for i, msg in enumerate(history):
        if i == last and msg.audio_tokens and audio:
            check_audio_tokens(msg.audio_tokens)
            content = msg.audio_tokens.strip()
        elif msg.audio_tokens:
            content = (msg.transcript or msg.text or "").strip()
            if not content:
                raise InvalidRequest("A spoken turn has no transcript, so it cannot be sent as text; "
                                     "transcribe it first.")
        else:
            content = msg.text if msg.text.strip() else (msg.transcript or "")
        if i == last and msg.role == "user" and not content.strip():
            raise InvalidRequest("The user's turn is empty.")
        out.append(message_json(msg, content))
    return out


class StepAudioChatBackend:
    """Step-Audio-Chat behind `base_url` (e.g. http://gpu-host:8000; a trailing /v1 is fine).

    `model`: the served model name; `key`: the server's API key (vllm serve --api-key), if any;
    `timeout`: seconds to connect and for ordinary requests; `stall_timeout`: seconds a reply may
    go without a single byte before it is abandoned (a 130B model's first token can take a while
    under load, so this is generous); `tokenizer`: where spoken turns get their audio tokens
    (audio mode, see the module docstring), or None for text mode only.
    """

    def __init__(self, base_url: str, model: str = DEFAULT_MODEL, key: str | None = None,
                 timeout: float = 10.0, stall_timeout: float = 60.0, engine_id: str = ENGINE_ID,
                 tokenizer: TokenizerSource | None = None) -> None:
        self.tokenizer = tokenizer
        self._endpoint = HttpEndpoint(base_url, key, timeout, stall_timeout, what="chat server",
                                      a_what="a chat server", fix=SERVE_FIX,
                                      not_json="an OpenAI-compatible server")
        self.url = self._endpoint.url
        self.model = model
        self.key = key
        self.timeout = timeout
        self.stall_timeout = stall_timeout
        self._http = self._endpoint.http
        self._manifest = Manifest(
            id=engine_id, name=f"Step-Audio-Chat ({model} at {self.url})", version="",
            licence="Apache-2.0 (the model's card)",
            description="StepFun's 130B spoken-dialogue model, served by vLLM on a GPU host. Replies "
                        "stream as text, spoken by the TTS engine you choose. Spoken turns are sent as "
                        "their transcripts, or as audio tokens when a Step-Audio tokenizer is set up.",
            languages=("zh", "en"), tags={}, streaming=True, chat=True,
            hardware=Hardware(device="remote", memory_mb=0,
                              note="130B parameters: about 265 GB of GPU memory on the server "
                                   "(vLLM, tensor parallel over 4 or 8 GPUs); nothing loads here."))

    # --- description --------------------------------------------------------------------------

    @property
    def manifest(self) -> Manifest:
        return self._manifest

    def audio_input(self) -> Availability:
        """Whether spoken turns can be sent as audio tokens: a tokenizer is configured and says it
        can run (a remote one is asked, one quick request). Otherwise the app uses text mode."""
        if self.tokenizer is None:
            return AUDIO_MODE_UNAVAILABLE
        check = getattr(self.tokenizer, "availability", None)
        state = check() if callable(check) else Availability(True)
        if state.available:
            return state
        return Availability(False, f"The Step-Audio tokenizer cannot be used ({state.reason}); spoken turns "
                                   "are sent as their transcripts (text mode).",
                            state.fix or "Check the tokenizer's engine or server.")

    def audio_tokens(self, audio: Any) -> str:
        """The clip as the `<audio_N>` string audio mode sends. Raises BackendError (or
        BackendUnavailable when the tokenizer is missing or unreachable); the caller falls back to
        the transcript."""
        if self.tokenizer is None:
            raise BackendUnavailable(AUDIO_MODE_UNAVAILABLE)
        return tokens_text(self.tokenizer.tokenize(audio))

    def availability(self) -> Availability:
        """Asks the server's /v1/models whether it serves `model` (one quick request)."""
        try:
            raw = self._get_json("/v1/models")
        except BackendUnavailable as exc:
            return exc.availability
        except BackendError as exc:
            return Availability(False, str(exc), "See the chat server's log.")
        try:
            served = [str(m["id"]) for m in raw["data"]]
        except (KeyError, TypeError):
            return Availability(False, f"The server at {self.url} did not list its models like an "
                                       "OpenAI-compatible server.", SERVE_FIX)
        if self.model not in served:
            return Availability(False, f"The chat server at {self.url} does not serve '{self.model}' (it "
                                       f"serves: {', '.join(served) or 'none'}).",
                                f"Start vLLM with --served-model-name {self.model}, or choose one of those.")
        return Availability(True)

    def voices(self) -> list[VoiceInfo]:
        return []  # speaks nothing: replies are text

    # --- lifecycle ----------------------------------------------------------------------------

    def load(self) -> None:
        """Checks the server serves the model; the model itself lives on the server."""
        state = self.availability()
        if not state.available:
            raise BackendUnavailable(state)

    def unload(self) -> None:
        pass

    def close(self) -> None:
        self._endpoint.close()

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        raise InvalidRequest("Step-Audio-Chat writes its replies as text and does not speak them; choose a "
                             "speech engine to speak them.")

    # --- chat ---------------------------------------------------------------------------------

    def chat(self, history: list[ChatMessage], cancel: CancelToken, *, temperature: float = 0.7,
             top_p: float = 0.9, max_tokens: int = 2048,
             tools: list[Mapping[str, Any]] | None = None) -> Iterator[ChatEvent]:
        """Stream the reply (see backends.base.SupportsChat). Raises before the first event when the
        history cannot be sent or the server refuses the request."""
        fallback = ""
        audio = bool(history) and bool(history[-1].audio_tokens)
        if audio:
            state = self.audio_input()
            if not state.available:
                audio, fallback = False, state.reason
                log.warning("Step-Audio-Chat: the latest spoken turn is sent as its transcript: %s", fallback)
        messages = build_messages(history, audio=audio)
        mode = "audio" if audio else "text"
        body: dict[str, Any] = {"model": self.model, "messages": messages, "stream": True,
                                "temperature": temperature, "top_p": top_p, "max_tokens": max_tokens}
        if tools:
            body["tools"] = [dict(t) for t in tools]
        cancel.raise_if_cancelled()
        started = time.monotonic()
        stream, response = self._endpoint.open_stream("/v1/chat/completions", body, self._refusal)
        meta = {"engine": self._manifest.id, "model": self.model, "url": self.url, "mode": mode,
                "temperature": temperature, "top_p": top_p, "max_tokens": max_tokens,
                "turns": len(messages),
                "transcribed_turns": sum(1 for m in history[:-1] if m.audio_tokens)}
        if fallback:
            meta["audio_fallback"] = fallback
        return self._deltas(stream, response, cancel, meta, started)

    def _deltas(self, stream: Any, response: httpx.Response, cancel: CancelToken, meta: dict[str, Any],
                started: float) -> Iterator[ChatEvent]:
        first: float | None = None
        text_chars = 0
        reply = ChatStream(f"The chat server at {self.url}")
        with reading(stream, cancel,  # closing the connection makes vLLM abort the request
                     lambda: BackendError(f"The chat server at {self.url} sent nothing for "
                                          f"{self.stall_timeout:g} s; the reply was abandoned (the server "
                                          "may be frozen or busy)."),
                     lambda how: BackendError(f"The connection to the chat server at {self.url} broke during "
                                              f"the reply ({how}).")):
            for piece in reply.deltas(response.iter_lines(), cancel):
                if first is None:
                    first = time.monotonic() - started
                text_chars += len(piece)
                yield ChatDelta(piece)
            if cancel.cancelled:
                raise Cancelled()
            if not reply.ended:
                raise BackendError(f"The chat server at {self.url} ended the reply before it was finished "
                                   "(the server may have stopped).")
        requested: list[ToolCallRequest] = reply.tool_calls()
        finish = reply.finish_reason
        if text_chars == 0 and not requested:
            raise BackendError(f"The chat server at {self.url} sent an empty reply (finish reason: "
                               f"{finish or 'none'}); vLLM builds without working Step1 support are known to "
                               "do this, so check the server's vLLM version and its log.")
        meta.update({"served_model": reply.model or self.model, "finish_reason": finish or "stop",
                     "characters": text_chars, "seconds": round(time.monotonic() - started, 3),
                     "first_delta_seconds": None if first is None else round(first, 3)})
        if reply.usage is not None:
            meta["usage"] = wire.json_safe(reply.usage)
        if requested:
            meta["tool_calls"] = len(requested)
        yield from requested
        yield ChatFinished(meta)

    # --- HTTP helpers -------------------------------------------------------------------------

    def _get_json(self, path: str) -> Any:
        return self._endpoint.get_json(path, self._refusal)

    def _refusal(self, response: httpx.Response) -> BackendError:
        status = response.status_code
        message = error_message(response)
        if status in (401, 403):
            return BackendUnavailable(Availability(
                False, f"The chat server at {self.url} refused the key (HTTP {status}: {message}).",
                "Use the key the server was started with (vllm serve --api-key)."))
        if status == 404:
            return BackendUnavailable(Availability(
                False, f"The chat server at {self.url} does not serve '{self.model}' or has no chat endpoint "
                       f"(HTTP 404: {message}).",
                f"Start vLLM with --served-model-name {self.model}, and check the URL."))
        if status in (400, 413, 422):
            return InvalidRequest(f"The chat server at {self.url} refused the conversation (HTTP {status}: "
                                  f"{message}).")
        if status == 429:
            return BackendError(f"The chat server at {self.url} is busy (HTTP 429: {message}); try again.")
        if status == 503:
            return BackendUnavailable(Availability(
                False, f"The chat server at {self.url} is not ready (HTTP 503: {message}).",
                "Wait for the model to load, or see the server's log."))
        return BackendError(f"The chat server at {self.url} failed (HTTP {status}: {message}).")
