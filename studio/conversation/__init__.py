"""Live spoken conversation, Qt-free: VAD, turn taking, speculative replies, barge-in, echo
handling, history, personas, tools and chat models, plus what the Chat page keeps around a
conversation: saved sessions (`sessions`), the chat-model configuration (`model_config`) and the
speech recogniser (`recogniser`). The Chat page drives `ConversationController`."""

from studio.conversation.controller import ConversationController
from studio.conversation.events import (
    ConversationEvent,
    EchoModeActive,
    ErrorNotice,
    Interrupted,
    LevelUpdate,
    ReplyAudio,
    ReplyText,
    Resumed,
    SpeculationStats,
    StateChanged,
    ToolActivity,
    TurnLatency,
    UserTranscript,
)
from studio.conversation.history import ChatHistory
from studio.conversation.models import (
    ChatModel,
    ChatModelEngine,
    EngineChat,
    OpenAICompatibleChat,
    ToolCallRequest,
    ToolExchange,
    TransformersChat,
)
from studio.conversation.personas import Persona, load_personas
from studio.conversation.settings import VAD_PRESETS, EchoMode, TurnState, VadSettings
from studio.conversation.tools import BUILTIN_TOOLS, FileGrants, Tool, builtin_tools, plugin_tools

__all__ = [
    "BUILTIN_TOOLS",
    "VAD_PRESETS",
    "ChatHistory",
    "ChatModel",
    "ChatModelEngine",
    "ConversationController",
    "ConversationEvent",
    "EchoMode",
    "EchoModeActive",
    "EngineChat",
    "ErrorNotice",
    "FileGrants",
    "Interrupted",
    "LevelUpdate",
    "OpenAICompatibleChat",
    "Persona",
    "ReplyAudio",
    "ReplyText",
    "Resumed",
    "SpeculationStats",
    "StateChanged",
    "Tool",
    "ToolActivity",
    "ToolCallRequest",
    "ToolExchange",
    "TransformersChat",
    "TurnLatency",
    "TurnState",
    "UserTranscript",
    "VadSettings",
    "builtin_tools",
    "load_personas",
    "plugin_tools",
]
