"""The engine server's request and response bodies: these types are the public API schema (they make
the OpenAPI document in packaging/openapi.json), so changing one changes the API."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from backends.lexicon import MAX_ENTRIES
from studio.server.uploads import WHISPER_MODELS

Finite = Annotated[float, Field(allow_inf_nan=False)]


class VoiceRef(BaseModel):
    id: str


class SpeechBody(BaseModel):
    """OpenAI's /v1/audio/speech body; `model` names one of this server's engines or one of OpenAI's
    speech models (the default engine); `voice` an OpenAI voice, `default` or a studio voice."""

    model: str
    input: str
    voice: str | VoiceRef | None = None
    speed: Annotated[float, Field(ge=0.25, le=4.0, allow_inf_nan=False)] = 1.0
    response_format: Literal["mp3", "opus", "aac", "flac", "wav", "pcm"] = "mp3"
    instructions: str | None = None
    stream_format: Literal["audio", "sse"] = "audio"


class SynthesizeBody(BaseModel):
    """A SynthesisRequest in the wire format (backends.remote.wire.encode_request)."""

    text: str
    voice_id: str | None = None
    speed: Finite = 1.0
    pitch: Finite = 0.0
    seed: int | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    voice_profile: dict[str, Any] | None = None
    # The user's pronunciations ({word, reading, kind, language}); checked entry by entry on decoding.
    lexicon: list[dict[str, Any]] = Field(default_factory=list, max_length=MAX_ENTRIES)
    encoding: Literal["f32le", "s16le"] = "f32le"


class ChatContentPart(BaseModel):
    """One part of an OpenAI message's content list; only text parts are understood here."""

    type: str
    text: str | None = None


class ToolFunctionBody(BaseModel):
    name: str = Field(min_length=1)
    arguments: str = ""  # JSON text, as the model wrote it


class ToolCallBody(BaseModel):
    """One entry of an assistant message's `tool_calls` (OpenAI's format)."""

    id: str = Field(min_length=1)
    type: Literal["function"] = "function"
    function: ToolFunctionBody


class ChatMessageBody(BaseModel):
    """An OpenAI chat message, plus two studio extensions for spoken turns (see
    backends.base.ChatMessage): `audio_tokens` (the `<audio_N>` string) and `transcript`.
    An assistant message may carry `tool_calls`; a "tool" message answers one by `tool_call_id`."""

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ChatContentPart] | None = None
    audio_tokens: str | None = None
    transcript: str | None = None
    tool_calls: list[ToolCallBody] | None = None
    tool_call_id: str | None = None
    name: str | None = None  # OpenAI's optional author name; accepted, not used


class ChatCompletionBody(BaseModel):
    """OpenAI's /v1/chat/completions body; `model` names one of this server's chat engines."""

    model: str
    messages: list[ChatMessageBody] = Field(min_length=1)
    stream: bool = False
    temperature: Annotated[float, Field(ge=0.0, le=2.0, allow_inf_nan=False)] = 0.7
    top_p: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)] = 0.9
    max_tokens: Annotated[int, Field(ge=1, le=65536)] | None = None
    max_completion_tokens: Annotated[int, Field(ge=1, le=65536)] | None = None
    n: Annotated[int, Field(ge=1, le=1)] = 1
    tools: list[dict[str, Any]] | None = None


class ErrorDetail(BaseModel):
    message: str
    type: str = Field(description="OpenAI's error family: invalid_request_error, authentication_error, "
                                  "permission_error, rate_limit_error or server_error")
    param: str | None = Field(description="The request field at fault, when one is")
    code: str = Field(description="The studio's code for the refusal (unknown-voice, busy, ...)")


class ErrorBody(BaseModel):
    """Every refusal's body, in OpenAI's error shape (studio.server.errors.error_body)."""

    error: ErrorDetail


RETRY_AFTER = {"Retry-After": {"description": "Seconds until a retry is likely to be served",
                               "schema": {"type": "integer", "minimum": 1}}}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the refusals a route can answer with (the Guard's too); a 429 carries
    Retry-After."""
    return {status: {"model": ErrorBody, "description": "A refusal, with a sentence for people",
                     **({"headers": RETRY_AFTER} if status == 429 else {})}
            for status in (*statuses, 401, 413, 421)}


def clip_form(clip: str, **fields: str) -> dict[str, Any]:
    """The OpenAPI request body of a multipart upload: a required clip `file` plus optional text fields."""
    properties: dict[str, Any] = {"file": {"type": "string", "format": "binary", "description": clip}}
    properties.update({name: {"type": "string", "description": text} for name, text in fields.items()})
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"], "properties": properties}}}}}


VOICE_FORM = clip_form("The reference clip (wav, flac, ogg, mp3, ...)",
                       transcript="What the clip says (engines that need it)", name="A name for people")
TOKENS_FORM = clip_form("The clip to tokenise (wav, flac, ogg, mp3, ...)")


class TokensBody(BaseModel):
    """A clip's audio tokens, as Step-Audio's LLM reads them (backends.step.tokenizer.AudioTokens)."""

    codes: list[int] = Field(description="Interleaved codes 0..5119: groups of 2 vq02 then 3 vq06 (+1024)")
    vq02: list[int] = Field(description="The vq02 stream (16.67 Hz, 0..1023)")
    vq06: list[int] = Field(description="The vq06 stream (25 Hz, 0..4095)")
    text: str = Field(description="The codes as `<audio_N>` tokens: the content Step-Audio-Chat takes")
    seconds: float = Field(description="The clip's length")


TRANSCRIPTION_FORM = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file", "model"],
            "properties": {
                "file": {"type": "string", "format": "binary",
                         "description": "The audio file (wav, flac, ogg, mp3, ...)"},
                "model": {"type": "string", "enum": list(WHISPER_MODELS)},
                "language": {"type": "string", "description": "ISO-639-1 code; detected when absent"},
                "response_format": {"type": "string", "enum": ["json", "text", "verbose_json"]},
                "temperature": {"type": "number", "description": "only 0 (beam search) is supported"},
            }}}},
    },
    "responses": {"200": {"content": {"application/json": {}, "text/plain": {}},
                          "description": "The transcript"}},
}
