"""The engine boundary: what every engine declares and the one call every engine answers.

The UI is built from the manifest: it marks a tag the current engine cannot honour before the
user clicks, and shows how an approximated tag is approximated. An engine never drops a user's
instruction silently: whatever it could not honour comes back as a `SynthesisWarning` and is
written into the take's metadata.

`synthesize` is a blocking iterator with a cancel token rather than an async stream: every engine
library we drive (onnxruntime, torch, an HTTP client) blocks, so the core runs engines in worker
threads (see `studio.engines.jobs`) and the token lets an engine stop between, and where it can inside,
chunks. That also keeps engines usable from plain scripts and from another process.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

import numpy as np

from backends.audio import Audio
from backends.lexicon import Pronunciation, ReadingKind
from backends.tags import Tag, TagFamily

if TYPE_CHECKING:
    from backends.edits import EditSupport


class Support(str, Enum):
    NATIVE = "native"
    APPROXIMATED = "approximated"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True)
class TagSupport:
    support: Support
    how: str  # for NATIVE: what it does; APPROXIMATED: how; UNSUPPORTED: why not (user-facing)

    @property
    def honoured(self) -> bool:
        return self.support is not Support.UNSUPPORTED


@dataclass(frozen=True)
class VoiceInfo:
    id: str  # unique within the engine
    name: str
    languages: tuple[str, ...]  # codes as in tags.TagDef.language_code: en, zh, ja, ko, yue, ...
    sample_rate: int
    gender: str = ""  # "female", "male" or "" when not stated
    description: str = ""
    native_pitch: bool = False  # True when pitch is a synthesis parameter, not a post-process
    origin: str = "built-in"  # built-in | cloned | matched


@dataclass(frozen=True)
class CloneSupport:
    kind: str = "none"  # none | clone (a real zero-shot clone) | match (nearest bundled voice)
    min_seconds: float = 0.0
    ideal_seconds: float = 0.0
    max_seconds: float = 0.0
    needs_transcript: bool = False
    note: str = ""


@dataclass(frozen=True)
class Hardware:
    device: str = "cpu"  # cpu | cuda | remote
    memory_mb: int = 0  # resident memory once loaded, measured or estimated (say which in note)
    note: str = ""


@dataclass(frozen=True)
class Range:
    minimum: float
    maximum: float
    default: float
    how: str = ""  # native | post-process | ...: shown next to the control


@dataclass(frozen=True)
class Manifest:
    id: str
    name: str
    version: str
    licence: str
    description: str
    languages: tuple[str, ...]
    tags: Mapping[str, TagSupport]  # key: TagDef.key ("emotion:高兴"), plus "free" and "break"
    streaming: bool = False
    speed: Range | None = None  # multiplier; None: the engine has no speed control
    pitch: Range | None = None  # semitones
    cloning: CloneSupport = field(default_factory=CloneSupport)
    # key: an `backends.edits.EditKind` value ("emotion", "denoise", ...); kinds not listed are unsupported
    edits: Mapping[str, EditSupport] = field(default_factory=dict)
    transcribe: bool = False
    vad: bool = False
    chat: bool = False
    tokenize: bool = False
    hardware: Hardware = field(default_factory=Hardware)
    # key: a `backends.lexicon.ReadingKind` value (respell, ipa, pinyin); kinds not listed are unsupported
    pronunciation: Mapping[str, TagSupport] = field(default_factory=dict)

    def reading_support(self, kind: ReadingKind | str) -> TagSupport:
        """How this engine treats a pronunciation of `kind`; an unlisted kind is read as written."""
        key = kind.value if isinstance(kind, ReadingKind) else kind
        found = self.pronunciation.get(key)
        if found is not None:
            return found
        return TagSupport(Support.UNSUPPORTED, f"{self.name} cannot use this kind of pronunciation; "
                                               "the word is read as written")

    def tag_support(self, tag: Tag | str) -> TagSupport:
        """How this engine treats `tag` (a parsed Tag or a manifest key); unknown keys are unsupported."""
        key = tag if isinstance(tag, str) else tag.key
        found = self.tags.get(key)
        if found is not None:
            return found
        if not isinstance(tag, str) and tag.family is TagFamily.FREE:
            return TagSupport(Support.UNSUPPORTED, f"{self.name} does not accept free-form instructions")
        return TagSupport(Support.UNSUPPORTED, f"{self.name} does not know this tag")


@dataclass(frozen=True)
class Availability:
    available: bool
    reason: str = ""  # why not, in words a user understands
    fix: str = ""  # what to do about it


@dataclass(frozen=True)
class VoiceProfile:
    """A voice made from a reference recording, in one engine's terms.

    Computed once by `prepare_voice` and stored by the voice library, so a saved voice is usable
    at once in any later session. `data` must be JSON-safe (numbers, strings, lists, dicts): it is
    written into voice bundles that other people import, so it must never need pickle.
    """

    engine_id: str
    kind: str  # "clone": the engine speaks in the reference voice; "match": nearest bundled voice
    format_version: int
    data: Mapping[str, Any]
    similarity: float | None = None  # speaker similarity to the reference (cosine, 0..1), measured
    baseline_similarity: float | None = None  # the engine's default voice, same measure
    note: str = ""  # what the engine did, for the user ("blend of Alpha 70 % + Kumo 30 %, +2 st")

    def to_json(self) -> dict[str, Any]:
        return {"engine_id": self.engine_id, "kind": self.kind, "format_version": self.format_version,
                "data": dict(self.data), "similarity": self.similarity,
                "baseline_similarity": self.baseline_similarity, "note": self.note}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> VoiceProfile:
        return cls(str(raw["engine_id"]), str(raw["kind"]), int(raw["format_version"]),
                   dict(raw.get("data") or {}), raw.get("similarity"), raw.get("baseline_similarity"),
                   str(raw.get("note", "")))


@dataclass(frozen=True)
class SynthesisRequest:
    text: str  # tagged source text, exactly as the user wrote it
    voice_id: str | None = None  # None: the engine's default voice
    speed: float = 1.0  # multiplier on top of speed tags
    pitch: float = 0.0  # semitones on top of whatever tags imply
    seed: int | None = None
    options: Mapping[str, Any] = field(default_factory=dict)  # engine-specific, declared by the engine
    # A prepared voice (cloned or matched); when set it is the voice, and voice_id only names it.
    voice_profile: VoiceProfile | None = None
    # The user's pronunciations (checked entries); the engine uses those whose words the text holds.
    lexicon: tuple[Pronunciation, ...] = ()


# --- events ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AudioChunk:
    """A piece of the take, ready to play in order. `samples` continue the previous chunk seamlessly."""

    samples: np.ndarray  # float32 mono
    sample_rate: int
    index: int
    text: str = ""  # the text this chunk speaks (for karaoke-style highlighting)
    source_span: tuple[int, int] | None = None  # span in the request text


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    message: str = ""


@dataclass(frozen=True)
class SynthesisWarning:
    code: str  # stable: tag-unsupported, tag-approximated, voice-substituted, ...
    message: str  # for the user
    span: tuple[int, int] | None = None  # where in the request text, if anywhere


@dataclass(frozen=True)
class SpeechTokens:
    """Audio tokens a token-based engine generated, reported as they come so a timeline can fill
    in while the take is made. `codes` in the `<audio_N>` numbering (0..1023 vq02, 1024..5119
    vq06), interleaved two and three per 120 ms; `start`: seconds into the take where the run they
    belong to (a sentence) begins; `index`: the position of the first of them in that run, which
    fixes each code's slot in the 2:3 grouping and so its time."""

    codes: tuple[int, ...]
    start: float
    index: int = 0


@dataclass(frozen=True)
class PhonemeTimings:
    """Phonemes an engine spoke, each with its span in seconds of the take, reported by engines
    whose model decides every phoneme's length before making the sound (Piper voices): exact, not
    read back from the audio. One event per piece of the take."""

    items: tuple[tuple[str, float, float], ...]


def phoneme_item(raw: object) -> tuple[str, float, float] | None:
    """One [phoneme, start, end] from outside (the wire, a take's record), checked: a short name,
    finite seconds, start <= end; None when it is not one."""
    if not (isinstance(raw, (list, tuple)) and len(raw) == 3 and isinstance(raw[0], str)
            and 0 < len(raw[0]) <= 16):
        return None
    start, end = raw[1], raw[2]
    for v in (start, end):
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
            return None
    return (raw[0], float(start), float(end)) if 0 <= start <= end else None


@dataclass(frozen=True)
class Finished:
    """The last event of a successful take: everything needed to reproduce it."""

    metadata: Mapping[str, Any]


SynthesisEvent = AudioChunk | Progress | SynthesisWarning | SpeechTokens | PhonemeTimings | Finished


# --- errors and cancellation ----------------------------------------------------------------------


class BackendError(RuntimeError):
    """An engine failed in a way the user should be told about; the message is user-facing."""


class BackendUnavailable(BackendError):
    def __init__(self, availability: Availability) -> None:
        super().__init__(availability.reason + (f" {availability.fix}" if availability.fix else ""))
        self.availability = availability


class InvalidRequest(BackendError):
    """The request cannot be synthesised as given (no text, unknown voice, ...)."""


class Cancelled(Exception):
    """Raised inside an engine when its cancel token fires; not an error to report."""


class CancelToken:
    """Thread-safe cancellation flag shared by the caller and the engine.

    Most engines poll it between steps. A step that blocks in a library for seconds (one long
    onnxruntime run) registers a callback with `on_cancel` instead, which interrupts it from the
    cancelling thread the moment Stop is pressed rather than when the step would have ended.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: dict[int, Callable[[], None]] = {}
        self._next_key = 0

    def cancel(self) -> None:
        """Set the flag, then run each registered callback once, here, in the cancelling thread.

        A callback that raises does not stop the others from running; the first error is re-raised
        after all have run, so a broken interrupt is seen rather than leaving the work running.
        """
        with self._lock:
            self._event.set()
            callbacks = list(self._callbacks.values())
            self._callbacks.clear()
        error: BaseException | None = None
        for callback in callbacks:
            try:
                callback()
            except BaseException as exc:
                error = error or exc
        if error is not None:
            raise error

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call `callback` when the token is cancelled (at once, here, if it already is).

        Returns a function that unregisters it; call that when the interruptible step ends, so a
        later cancel does not touch work that is over. Callbacks run in whichever thread cancels,
        so they must be quick and thread-safe (set a flag, close a socket).
        """
        with self._lock:
            if not self._event.is_set():
                key = self._next_key
                self._next_key += 1
                self._callbacks[key] = callback

                def unregister() -> None:
                    with self._lock:
                        self._callbacks.pop(key, None)

                return unregister
        callback()
        return lambda: None

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


@runtime_checkable
class SupportsVoicePreparation(Protocol):
    """Engines whose manifest declares cloning ("clone" or "match") implement this."""

    def prepare_voice(self, reference: Audio, transcript: str | None, cancel: CancelToken,
                      progress: Callable[[float, str], None] | None = None) -> VoiceProfile:
        """Turn a checked reference clip (and its transcript, where the engine needs one) into a
        profile. Blocking (seconds to minutes); `progress(fraction, message)` from this thread."""
        ...


@runtime_checkable
class Backend(Protocol):
    """What every engine implements. Optional abilities are declared in the manifest and live on
    their own protocols (transcribe, edit, chat, ...) as the engines that have them arrive."""

    @property
    def manifest(self) -> Manifest: ...

    def availability(self) -> Availability:
        """Cheap check (no model load) whether this engine can run here, with a reason and a fix."""
        ...

    def load(self) -> None:
        """Load models; blocking, called from a worker thread. Idempotent."""
        ...

    def unload(self) -> None: ...

    def voices(self) -> list[VoiceInfo]: ...

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        """Stream the take: AudioChunk/Progress/SynthesisWarning (and, from token-based engines,
        SpeechTokens) events, then one Finished.

        Raises InvalidRequest before yielding anything when the request cannot be honoured at all,
        Cancelled (or simply stops) when `cancel` fires, BackendError for engine failures.
        """
        ...


# --- chat -----------------------------------------------------------------------------------------
#
# Spoken chat (Step-Audio-Chat) is text in, text out: the user's speech enters either as our ASR's
# transcript (text mode) or as the Step-Audio tokenizer's `<audio_N>` string (audio mode), and the
# reply streams as text that a TTS engine the user chooses then speaks. So the chat protocol carries
# text only, never audio, and it stays Qt-free and blocking with a CancelToken like `synthesize`,
# for the same reason: the clients that implement it (an HTTP stream) block, and the core runs them
# on worker threads.

ChatRole = Literal["system", "user", "assistant", "tool"]
CHAT_ROLES: tuple[str, ...] = ("system", "user", "assistant", "tool")


@dataclass(frozen=True)
class ToolCallRequest:
    """The model asks for a tool, in the OpenAI tools format: an event of a reply (`chat` yields it
    once the call is complete) and part of the assistant turn that made it. `arguments` is the JSON
    text exactly as the model wrote it: whoever runs the tool parses it, and says so when it is bad."""

    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class ChatMessage:
    """One turn of a conversation (OpenAI's roles; "tool" carries a tool's result).

    `text`: what was typed, or for a spoken turn in text mode the ASR transcript.
    `audio_tokens`: for a spoken user turn in audio mode, the `<audio_N>...` string the Step-Audio
    tokenizer made of it (engines send it only for the latest turn).
    `transcript`: the ASR transcript of a spoken turn; once the turn is in the past an engine sends
    this instead of the tokens, because text is about 14 times more compact than audio tokens and
    the reference chat keeps its context short that way.
    """

    role: ChatRole
    text: str
    audio_tokens: str | None = None
    transcript: str | None = None
    tool_calls: tuple[ToolCallRequest, ...] = ()  # an assistant turn that asked for tools
    tool_call_id: str | None = None  # a "tool" turn: the result (`text`) of the call with this id

    def __post_init__(self) -> None:
        if self.role not in CHAT_ROLES:
            raise ValueError(f"unknown chat role '{self.role}' (known: {', '.join(CHAT_ROLES)})")
        if self.tool_calls and self.role != "assistant":
            raise ValueError("only an assistant turn can ask for tools")
        if (self.role == "tool") != bool(self.tool_call_id):
            raise ValueError("a tool turn needs the id of the call it answers (tool_call_id), and only "
                             "a tool turn has one")

    @property
    def spoken(self) -> bool:
        return bool(self.audio_tokens)


@dataclass(frozen=True)
class ChatDelta:
    """The next piece of the reply's text, to append to what came before."""

    text: str


@dataclass(frozen=True)
class ChatFinished:
    """The last event of a complete reply: model, finish reason, sampling, usage where known."""

    metadata: Mapping[str, Any]


ChatEvent = ChatDelta | ToolCallRequest | ChatFinished


@runtime_checkable
class SupportsChat(Protocol):
    """Engines whose manifest declares `chat` implement this (besides Backend)."""

    def chat(self, history: list[ChatMessage], cancel: CancelToken, *, temperature: float = 0.7,
             top_p: float = 0.9, max_tokens: int = 2048,
             tools: list[Mapping[str, Any]] | None = None) -> Iterator[ChatEvent]:
        """Stream the assistant's reply to `history` (oldest first, ending with the user's turn or
        with tool results): ChatDelta events and, where the model asks for tools, one complete
        ToolCallRequest per call, then one ChatFinished. The defaults are Step-Audio-Chat's reference
        sampling. `tools`: OpenAI-style tool definitions; the caller runs the tools and calls again
        with the assistant turn (its `tool_calls`) and one "tool" turn per result appended.

        Raises InvalidRequest when the history cannot be sent as given, BackendUnavailable when the
        engine cannot be reached, BackendError for a failure during the reply, and Cancelled (or
        simply stops) when `cancel` fires.
        """
        ...
