"""Where replies come from: any chat model behind one small streaming protocol.

Listening, turn taking and speaking are ours; the words come from a `ChatModel`: an OpenAI-compatible
server (vLLM, llama.cpp, Ollama, our engine server), an engine that chats (`SupportsChat`, e.g.
Step-Audio-Chat remote), or a local transformers folder. Tool calls surface as
`backends.base.ToolCallRequest` events (the one type engines and the engine server use too); the
controller runs the tool and calls `chat` again with the exchange appended, so no implementation
runs tools itself.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from backends.base import (
    Availability,
    Backend,
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
    SupportsChat,
    SynthesisEvent,
    SynthesisRequest,
    ToolCallRequest,
    VoiceInfo,
)
from backends.remote.openai_stream import ChatStream, error_message
from backends.remote.openai_tools import message_json
from backends.threads import start_native
from studio.conversation.tool_text import HermesToolCalls, template_tool_format

if TYPE_CHECKING:
    import httpx


@dataclass(frozen=True)
class ToolExchange:
    """One tool call and its result, sent back so the model can continue its reply."""

    call: ToolCallRequest
    result: str
    said_before: str = ""  # reply text the model wrote before asking for the tool


ChatModelEvent = ChatDelta | ToolCallRequest | ChatFinished


@runtime_checkable
class ChatModel(Protocol):
    @property
    def name(self) -> str: ...

    def chat(self, history: list[ChatMessage], cancel: CancelToken, *,
             tools: list[Mapping[str, Any]] | None = None, exchanges: Sequence[ToolExchange] = (),
             temperature: float = 0.7, max_tokens: int = 512) -> Iterator[ChatModelEvent]:
        """Stream the reply to `history` then `exchanges`: ChatDelta and ToolCallRequest events, then
        one ChatFinished. Blocking; runs on a worker thread; stops when `cancel` fires."""
        ...


def audio_tokenizer(model: object) -> Callable[[Any], str] | None:
    """The model's way to turn a spoken turn into its `<audio_N>` string, when it takes spoken turns
    as audio tokens (an optional capability: `takes_audio_tokens` true and `audio_tokens(audio)`);
    None for models that read transcripts only."""
    tokenize = getattr(model, "audio_tokens", None)
    return tokenize if getattr(model, "takes_audio_tokens", False) and callable(tokenize) else None


def exchange_messages(exchanges: Sequence[ToolExchange]) -> list[ChatMessage]:
    """Tool exchanges as OpenAI-style turns: the assistant's turn that asked, then the tool's result."""
    out: list[ChatMessage] = []
    for ex in exchanges:
        out.append(ChatMessage("assistant", ex.said_before, tool_calls=(ex.call,)))
        out.append(ChatMessage("tool", ex.result, tool_call_id=ex.call.id))
    return out


def tools_as_text(history: list[ChatMessage]) -> list[ChatMessage]:
    """`history` for models without tool turns: an assistant turn says what it called, and a result
    becomes a user-side note the model can read."""
    names: dict[str, str] = {}
    out: list[ChatMessage] = []
    for m in history:
        if m.tool_calls:
            names.update((c.id, c.name) for c in m.tool_calls)
            called = " ".join(f"[called {c.name}({c.arguments})]" for c in m.tool_calls)
            out.append(ChatMessage("assistant", f"{m.text} {called}".strip()))
        elif m.role == "tool":
            name = names.get(m.tool_call_id or "", "the tool")
            out.append(ChatMessage("user", f"[result of {name}: {m.text}] Continue your answer."))
        else:
            out.append(m)
    return out


# --- OpenAI-compatible servers ---------------------------------------------------------------------

OPENAI_FIX = ("Start an OpenAI-compatible server (vLLM: vllm serve <model>; llama.cpp: llama-server -m "
              "<file.gguf>; Ollama: ollama serve) and enter its address, e.g. http://127.0.0.1:8000/v1.")


class OpenAICompatibleChat:
    """Any server answering POST /v1/chat/completions with SSE, including streamed `tool_calls`."""

    def __init__(self, url: str, model: str, key: str | None = None, timeout: float = 10.0,
                 stall_timeout: float = 60.0) -> None:
        from backends.remote.http import HttpEndpoint  # httpx: not imported by a window never chatting

        self._endpoint = HttpEndpoint(url, key, timeout, stall_timeout, what="chat server",
                                      a_what="a chat server", fix=OPENAI_FIX,
                                      not_json="an OpenAI-compatible server")
        self.url = self._endpoint.url
        self.model = model

    @property
    def name(self) -> str:
        return f"{self.model} at {self.url}"

    def close(self) -> None:
        self._endpoint.close()

    def availability(self) -> Availability:
        try:
            raw = self._endpoint.get_json("/v1/models", self._refusal)
            served = [str(m["id"]) for m in raw["data"]]
        except BackendUnavailable as exc:
            return exc.availability
        except (BackendError, KeyError, TypeError) as exc:
            return Availability(False, f"The server at {self.url} did not list its models ({exc}).",
                                OPENAI_FIX)
        if self.model not in served:
            return Availability(False, f"The server at {self.url} does not serve '{self.model}' (it serves: "
                                       f"{', '.join(served) or 'none'}).", "Choose one of those models.")
        return Availability(True)

    def _refusal(self, response: httpx.Response) -> BackendError:
        status = response.status_code
        message = error_message(response)
        if status in (401, 403, 404, 503):
            return BackendUnavailable(Availability(
                False, f"The chat server at {self.url} refused (HTTP {status}: {message}).", OPENAI_FIX))
        if status in (400, 413, 422):
            return InvalidRequest(f"The chat server at {self.url} refused the conversation (HTTP {status}: "
                                  f"{message}).")
        return BackendError(f"The chat server at {self.url} failed (HTTP {status}: {message}).")

    @staticmethod
    def messages(history: list[ChatMessage], exchanges: Sequence[ToolExchange]) -> list[dict[str, Any]]:
        return [message_json(m, m.text or m.transcript or "")
                for m in [*history, *exchange_messages(exchanges)]]

    def chat(self, history: list[ChatMessage], cancel: CancelToken, *,
             tools: list[Mapping[str, Any]] | None = None, exchanges: Sequence[ToolExchange] = (),
             temperature: float = 0.7, max_tokens: int = 512) -> Iterator[ChatModelEvent]:
        body: dict[str, Any] = {"model": self.model, "messages": self.messages(history, exchanges),
                                "stream": True, "temperature": temperature, "max_tokens": max_tokens}
        if tools:
            body["tools"] = [dict(t) for t in tools]
        cancel.raise_if_cancelled()
        stream, response = self._endpoint.open_stream("/v1/chat/completions", body, self._refusal)
        return self._events(stream, response, cancel)

    def _events(self, stream: Any, response: httpx.Response, cancel: CancelToken) -> Iterator[ChatModelEvent]:
        from backends.remote.http import reading

        reply = ChatStream(f"The chat server at {self.url}")
        started = time.monotonic()
        where = f"the chat server at {self.url}"
        with reading(stream, cancel,
                     lambda: BackendError(f"{reply.source} went silent; the reply was abandoned."),
                     lambda how: BackendError(f"The connection to {where} broke ({how}).")):
            for piece in reply.deltas(response.iter_lines(), cancel):
                yield ChatDelta(piece)
        yield from reply.tool_calls()
        yield ChatFinished({"model": self.model, "url": self.url,
                            "finish_reason": reply.finish_reason or "stop",
                            "seconds": round(time.monotonic() - started, 3)})


# --- engines that chat -----------------------------------------------------------------------------


class EngineChat:
    """A Backend implementing SupportsChat (e.g. Step-Audio-Chat remote). Tool exchanges are sent as
    tool turns (SupportsChat carries them, and its ToolCallRequest events come straight through)."""

    def __init__(self, backend: Backend) -> None:
        if not isinstance(backend, SupportsChat):
            raise TypeError(f"{backend.manifest.name} does not chat")
        self.backend = backend

    @property
    def name(self) -> str:
        return self.backend.manifest.name

    @property
    def takes_audio_tokens(self) -> bool:
        """True when the engine is set up for audio mode (Step-Audio-Chat with a tokenizer source).
        Whether that tokenizer is reachable is found out per turn: a failure there is a warning and
        the turn goes as its transcript."""
        return getattr(self.backend, "tokenizer", None) is not None \
            and callable(getattr(self.backend, "audio_tokens", None))

    def audio_tokens(self, audio: Any) -> str:
        """The spoken turn as the engine's `<audio_N>` string (raises when it cannot be made)."""
        make = getattr(self.backend, "audio_tokens", None)
        if not callable(make):
            raise InvalidRequest(f"{self.name} does not take spoken turns as audio tokens.")
        return str(make(audio))

    def chat(self, history: list[ChatMessage], cancel: CancelToken, *,
             tools: list[Mapping[str, Any]] | None = None, exchanges: Sequence[ToolExchange] = (),
             temperature: float = 0.7, max_tokens: int = 512) -> Iterator[ChatModelEvent]:
        assert isinstance(self.backend, SupportsChat)
        yield from self.backend.chat(history + exchange_messages(exchanges), cancel,
                                     temperature=temperature, max_tokens=max_tokens, tools=tools)


# --- a local transformers folder -------------------------------------------------------------------


class TransformersChat:
    """A causal LM in a local folder (config.json + weights + tokenizer), on CPU or CUDA.

    torch and transformers are imported on first use only (the app must start without them).
    Tools are offered through the tokenizer's chat template where it takes them. Calls are parsed
    from the model's text only when the template's format is known (Qwen/Hermes-style
    `<tool_call>{json}</tool_call>`, see tool_text.py); with any other template the model answers
    without tools and tool turns in the history are sent as text notes.
    """

    def __init__(self, folder: Path | str, device: str = "cpu") -> None:
        self.folder = Path(folder)
        self.device = device
        self._model: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.folder.name

    def availability(self) -> Availability:
        if not (self.folder / "config.json").is_file():
            return Availability(False, f"{self.folder} is not a transformers model folder (no "
                                       "config.json).",
                                "Choose a folder downloaded with huggingface_hub or saved by "
                                "save_pretrained.")
        try:
            import importlib.util

            if importlib.util.find_spec("torch") is None or importlib.util.find_spec("transformers") is None:
                raise ImportError
        except ImportError:
            return Availability(False, "torch and transformers are not installed.",
                                "pip install torch==2.13.0 transformers")
        return Availability(True)

    def load(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            from transformers import AutoModelForCausalLM, AutoTokenizer

            self._tokenizer = AutoTokenizer.from_pretrained(str(self.folder))
            model = AutoModelForCausalLM.from_pretrained(str(self.folder))
            self._model = model.to(self.device).eval()

    @property
    def tool_format(self) -> str | None:
        """The tool-call format the model's chat template teaches ("hermes"), or None (loads first)."""
        self.load()
        return template_tool_format(getattr(self._tokenizer, "chat_template", None))

    @staticmethod
    def _template_message(m: ChatMessage) -> dict[str, Any]:
        out: dict[str, Any] = {"role": m.role, "content": m.text or m.transcript or ""}
        if m.tool_calls:  # templates write the arguments with tojson, so they get the parsed object
            calls = []
            for c in m.tool_calls:
                try:
                    args: Any = json.loads(c.arguments or "{}")
                except ValueError:
                    args = c.arguments
                calls.append({"id": c.id, "type": "function",
                              "function": {"name": c.name, "arguments": args}})
            out["tool_calls"] = calls
        if m.tool_call_id:
            out["tool_call_id"] = m.tool_call_id
        return out

    def _prompt(self, history: list[ChatMessage], tools: list[Mapping[str, Any]] | None) -> str:
        if template_tool_format(getattr(self._tokenizer, "chat_template", None)) is None:
            history = tools_as_text(history)
        messages = [self._template_message(m) for m in history]
        if getattr(self._tokenizer, "chat_template", None):
            kwargs: dict[str, Any] = {"tokenize": False, "add_generation_prompt": True}
            if tools:
                kwargs["tools"] = [dict(t) for t in tools]
            return str(self._tokenizer.apply_chat_template(messages, **kwargs))
        return "".join(f"{m['role']}: {m['content']}\n" for m in messages) + "assistant:"

    def chat(self, history: list[ChatMessage], cancel: CancelToken, *,
             tools: list[Mapping[str, Any]] | None = None, exchanges: Sequence[ToolExchange] = (),
             temperature: float = 0.7, max_tokens: int = 512) -> Iterator[ChatModelEvent]:
        self.load()
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        class _Stop(StoppingCriteria):
            def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> bool:
                return cancel.cancelled

        fmt = template_tool_format(getattr(self._tokenizer, "chat_template", None))
        parser = HermesToolCalls() if tools and fmt is not None else None
        prompt = self._prompt(history + exchange_messages(exchanges), tools)
        inputs = self._tokenizer(prompt, return_tensors="pt").to(self.device)
        streamer = TextIteratorStreamer(self._tokenizer, skip_prompt=True, skip_special_tokens=True,
                                        timeout=120.0)
        sample = temperature > 0
        kwargs: dict[str, Any] = dict(inputs, streamer=streamer, max_new_tokens=max_tokens, do_sample=sample,
                                      stopping_criteria=StoppingCriteriaList([_Stop()]))
        if sample:
            kwargs["temperature"] = temperature
        pad = self._tokenizer.pad_token_id if self._tokenizer.pad_token_id is not None \
            else self._tokenizer.eos_token_id
        if pad is not None:
            kwargs["pad_token_id"] = pad
        failure: list[BaseException] = []

        def generate() -> None:
            try:
                with torch.inference_mode():
                    self._model.generate(**kwargs)
            except BaseException as exc:  # surfaced on the consuming thread
                failure.append(exc)
                streamer.end()

        started = time.monotonic()
        worker = start_native(generate, name="transformers-chat")
        chars = 0
        calls = 0
        for piece in streamer:
            if cancel.cancelled:
                break
            if not piece:
                continue
            for event in parser.feed(piece) if parser is not None else [ChatDelta(piece)]:
                if isinstance(event, ChatDelta):
                    chars += len(event.text)
                else:
                    calls += 1
                yield event
        worker.join()
        if failure:
            raise BackendError(f"The local model {self.name} failed: {failure[0]}")
        if cancel.cancelled:
            raise Cancelled()
        for event in parser.finish() if parser is not None else []:
            if isinstance(event, ChatDelta):
                chars += len(event.text)
            else:
                calls += 1
            yield event
        yield ChatFinished({"model": self.name, "finish_reason": "tool_calls" if calls else "stop",
                            "characters": chars, "tool_calls": calls,
                            "seconds": round(time.monotonic() - started, 3)})


class ChatModelEngine:
    """Any ChatModel as a chat-only engine, so the engine server can host it on /v1/chat/completions
    (e.g. a local transformers folder shared with other apps on the machine)."""

    def __init__(self, model: ChatModel, engine_id: str = "local-chat") -> None:
        self.model = model
        self._manifest = Manifest(id=engine_id, name=f"Chat: {model.name}", version="",
                                  licence="(the model's)",
                                  description="A chat model served as a text-only chat engine.",
                                  languages=(), tags={}, streaming=True, chat=True,
                                  hardware=Hardware(device="cpu"))

    @property
    def manifest(self) -> Manifest:
        return self._manifest

    def availability(self) -> Availability:
        check = getattr(self.model, "availability", None)
        return check() if callable(check) else Availability(True)

    def load(self) -> None:
        loader = getattr(self.model, "load", None)
        if callable(loader):
            loader()

    def unload(self) -> None:
        pass

    def voices(self) -> list[VoiceInfo]:
        return []

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        raise InvalidRequest(f"{self._manifest.name} writes text and does not speak.")

    def chat(self, history: list[ChatMessage], cancel: CancelToken, *, temperature: float = 0.7,
             top_p: float = 0.9, max_tokens: int = 2048,
             tools: list[Mapping[str, Any]] | None = None) -> Iterator[ChatEvent]:
        for event in self.model.chat(history, cancel, tools=tools, temperature=temperature,
                                     max_tokens=max_tokens):
            if isinstance(event, (ChatDelta, ToolCallRequest, ChatFinished)):
                yield event
