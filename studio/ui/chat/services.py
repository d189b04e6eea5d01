"""What the Chat page needs from outside Qt (devices, the session store, models, tools), behind one
object so that tests can replace any part with a double; and building a conversation from them."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import numpy as np

from studio.conversation import model_config as chat_model_config
from studio.conversation.model_config import ChatModelConfig
from studio.conversation.recogniser import recogniser_for


class ChatServices:
    """Everything the page needs from outside Qt; tests replace parts with doubles.

    Each method may block (devices, disk, models) and is only ever called off the GUI thread,
    except `personas`' result handling.
    """

    def input_devices(self) -> tuple[list[Any], str | None]:
        from studio.devices.recording import audio_input_unavailable_reason, input_devices

        devices = input_devices()
        return devices, (None if devices else audio_input_unavailable_reason(None))

    def output_devices(self) -> tuple[list[Any], str | None]:
        from studio.devices.playback import audio_unavailable_reason, output_devices

        devices = output_devices()
        return devices, (None if devices else audio_unavailable_reason(None))

    def open_mic(self, device: int | None, on_frames: Callable[[np.ndarray, int], None],
                 on_stopped: Callable[[str], None]) -> Any:
        from studio.devices.mic_stream import MicStream

        mic = MicStream(device, on_frames, on_stopped)
        mic.start()
        return mic

    def make_player(self, device: int | None) -> Any:
        from studio.devices.playback import StreamPlayer

        return StreamPlayer(device)

    def open_sessions(self) -> Any:
        from studio import paths
        from studio.conversation.sessions import ChatSessionStore

        return ChatSessionStore(paths.data_dir())

    def personas(self) -> list[Any]:
        from studio import paths
        from studio.conversation.personas import load_personas

        return load_personas([paths.data_dir() / "personas"])

    def make_model(self, config: ChatModelConfig) -> Any:
        model = chat_model_config.build(config)
        if config.kind == "offline":
            # Load it now, off the GUI thread, so the first reply does not pay ~1.5 s (2 s more the
            # very first time, when its parts are joined) and a damaged file stops the start with
            # its sentence instead of failing the first turn.
            model.engine.start()
        return model

    def check_model(self, config: ChatModelConfig) -> Any:
        return chat_model_config.check(config)

    def make_asr(self, language: str | None = "en") -> Any:
        """The recogniser for the user's language (studio.conversation.recogniser), loaded."""
        from backends.embedded.asr import WhisperTranscriber

        asr = WhisperTranscriber(recogniser_for(language).model, beam_size=1)
        asr.load()
        return asr

    def tools(self) -> list[Any]:
        from studio.conversation.tools import builtin_tools, plugin_tools

        found, _problems = plugin_tools()
        return [*builtin_tools(), *found]

    def make_controller(self, **kwargs: Any) -> Any:
        from studio.conversation import ConversationController

        return ConversationController(**kwargs)


def build_conversation(services: ChatServices, sessions: Any, *, config: ChatModelConfig, backend: Any,
                       voice: str | None, persona: Any, vad: Any, echo: Any, recogniser: Any,
                       hands_free: bool, on_event: Callable[[Any], None],
                       engine_id: str) -> tuple[Any, str | None]:
    """Off the GUI thread: the model, the recogniser and the controller, and the session its turns
    are saved in (None while the session store is not open)."""
    model = services.make_model(config)
    asr = services.make_asr(recogniser.language or "auto")
    controller = services.make_controller(
        model=model, tts=backend, voice_id=voice, asr=asr, vad=vad, echo=echo, persona=persona,
        tools=services.tools(), on_event=on_event, asr_language=recogniser.language)
    with contextlib.suppress(Exception):
        controller.hands_free = hands_free
    session_id = None
    if sessions is not None:
        session_id = sessions.create(
            persona_id=getattr(persona, "id", None), persona_name=getattr(persona, "name", None),
            voice_id=voice, engine_id=engine_id, model=config.describe(),
            metadata={"vad": vad.name, "echo": echo.value,
                      "asr": recogniser.describe(), "language": recogniser.language or "auto"}).id
    return controller, session_id
