"""The engine server's settings in one place: the app, the routes and `serve` all read this one object."""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.server.guard import LOOPBACK_NAMES


@dataclass
class ServerConfig:
    """Limits and security settings; `serve` fills these from its command line."""

    key: str | None = None
    bound_host: str = "127.0.0.1"
    allow_hosts: tuple[str, ...] = ()
    max_text_chars: int = 20_000
    max_body_bytes: int = 1_000_000
    max_upload_bytes: int = 128_000_000  # a multipart clip: 10 min of 16-bit 48 kHz stereo WAV fits
    max_takes_per_engine: int = 4
    max_queue_per_engine: int = 32  # requests beyond the takes wait in arrival order; more get 429
    heartbeat_s: float = 0.5
    load_on_start: bool = True
    max_audio_seconds: float = 600.0  # longest upload /v1/audio/transcriptions decodes
    max_transcriptions: int = 2  # at once; more are refused with 429
    voices_dir: str | None = None  # where prepared voices are kept; None: in memory only
    max_prepare_seconds: float = 60.0  # longest reference clip POST /v1/engines/{id}/voices decodes
    # The voices route refuses a clip without enough speech and a voice without consent, as the
    # wizard and the CLI do. Off only for the studio's own engine child process (studio.engines.
    # process), whose parent front end has checked both before it asks and keeps the record itself.
    front_end_checks: bool = True
    # The engine OpenAI's model names (tts-1, ...) mean; None: `embedded` when served, else the first.
    default_engine: str | None = None
    # Slow clients (protocol.py): a request's headers, then its body, must arrive within these; at
    # most max_connections at once (beyond it, the one waiting longest for its headers is closed).
    header_timeout_s: float = 10.0
    body_timeout_s: float = 30.0
    max_connections: int = 1000
    max_ws_message_bytes: int = 1_000_000  # a larger WebSocket message closes the socket (1009)
    # Idle engines' memory (studio.engines.idle): every `idle_check_s` the server hands back the
    # scratch memory of voice families idle for a minute, and unloads those idle this many minutes
    # (the default voice's family stays; 0: never). `serve` takes the app's setting unless told.
    unload_idle_minutes: float = 0.0
    idle_check_s: float = 60.0
    # OpenAI voice name -> studio voice id, over openai_compat.OPENAI_VOICES (the settings file's map)
    openai_voices: dict[str, str] = field(default_factory=dict)

    def host_names(self) -> tuple[set[str], bool]:
        """(accepted Host names, whether any IP literal is accepted too)."""
        names = set(LOOPBACK_NAMES) | {h.lower() for h in self.allow_hosts}
        wildcard = self.bound_host in ("0.0.0.0", "::", "")
        if not wildcard:
            names.add(self.bound_host.lower().strip("[]"))
        return names, wildcard
