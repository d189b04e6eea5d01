"""The engine server as a drop-in for OpenAI's speech API, spoken to with the official `openai`
client exactly as its users call OpenAI: OpenAI's model and voice names, every response format,
speed 0.25-4, instructions, SSE streaming and OpenAI-shaped errors. The real server app runs under
uvicorn on loopback; a tone engine stands in for speed, and the embedded engine, checked by
transcribing its audio back with the studio's Whisper, shows the words arrive intact."""

from __future__ import annotations

import base64
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "remote"))
from remote_doubles import RATE, ThreadServer, ToneEngine

from backends.base import VoiceInfo
from studio.server.openai_compat import OPENAI_MODELS, OPENAI_VOICES, instructions_to_tags

openai = pytest.importorskip("openai")
FORMATS = ("mp3", "opus", "aac", "flac", "wav", "pcm")


class GenderedTone(ToneEngine):
    """The tone engine with a female and a male voice; records each take's request."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[Any] = []

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("beep", "Beep", ("en",), RATE, "female"),
                VoiceInfo("boop", "Boop", ("en",), RATE, "male")]

    def synthesize(self, request: Any, cancel: Any) -> Any:
        self.requests.append(request)
        return super().synthesize(request, cancel)


@pytest.fixture
def engine() -> GenderedTone:
    return GenderedTone()


@pytest.fixture
def server(engine: GenderedTone) -> Iterator[ThreadServer]:
    with ThreadServer({"tone": engine}, heartbeat_s=0.2, max_text_chars=500,
                      openai_voices={"nova": "boop"}) as s:
        yield s


def _client(server: ThreadServer, **kw: Any) -> Any:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0, **kw)


def decode(data: bytes, fmt: str) -> tuple[np.ndarray, int]:
    """Mono float samples and rate of a response body, decoded by FFmpeg (PyAV) as a player would."""
    if fmt == "pcm":
        return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0, 24000
    import av

    with av.open(io.BytesIO(data)) as container:
        rate = container.streams.audio[0].sample_rate
        frames = [f.to_ndarray().reshape(-1) for f in container.decode(audio=0)]
    samples = np.concatenate(frames)
    if samples.dtype.kind == "i":
        samples = samples / float(np.iinfo(samples.dtype).max + 1)
    samples = samples.astype(np.float32)
    return samples, rate


def test_the_stock_sdk_call_works_and_the_models_are_listed(server: ThreadServer) -> None:
    client = _client(server)
    audio = client.audio.speech.create(model="tts-1", voice="alloy", input="Hello there.")
    samples, _ = decode(audio.content, "mp3")
    assert len(samples) > 0
    listed = [m.id for m in client.models.list()]
    assert listed[0] == "tone" and set(OPENAI_MODELS) <= set(listed)
    for model in ("tts-1-hd", "gpt-4o-mini-tts"):
        assert client.audio.speech.create(model=model, voice="default", input="hi",
                                          response_format="wav").content


def test_every_openai_voice_maps_to_a_voice_of_its_kind(server: ThreadServer, engine: GenderedTone) -> None:
    client = _client(server)
    kinds = {"beep": "female", "boop": "male"}
    for voice in OPENAI_VOICES:
        raw = client.audio.speech.with_raw_response.create(model="tts-1", voice=voice.name, input="hi",
                                                            response_format="pcm")
        used = raw.headers["x-studio-voice"]
        if voice.name == "nova":
            assert used == "boop"  # the settings' map wins over the table
        elif voice.kind == "neutral":
            assert used == "default" and engine.requests[-1].voice_id is None
        else:
            assert kinds[used] == voice.kind and engine.requests[-1].voice_id == used, voice.name
        assert raw.headers["x-studio-engine"] == "tone"
    # `default` is the engine's default voice; studio ids work, plain or as OpenAI's {"id": ...}
    client.audio.speech.create(model="tone", voice="default", input="hi")
    assert engine.requests[-1].voice_id is None
    client.audio.speech.create(model="tone", voice="beep", input="hi")
    assert engine.requests[-1].voice_id == "beep"
    client.audio.speech.create(model="tone", voice={"id": "boop"}, input="hi")
    assert engine.requests[-1].voice_id == "boop"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_response_format_decodes_to_the_whole_take(server: ThreadServer, fmt: str) -> None:
    raw = _client(server).audio.speech.with_raw_response.create(model="tts-1", voice="coral", input="hello",
                                                                 response_format=fmt)
    samples, rate = decode(raw.content, fmt)
    expected = 3 * 0.05  # three chunks of 10 ms per character
    # codecs pad to whole frames; AAC in ADTS also keeps its encoder's 1024-sample priming delay
    padding = 2048 / rate if fmt == "aac" else 0.06
    assert expected - 0.01 <= len(samples) / rate <= expected + padding + 0.01, fmt
    assert raw.headers["content-type"].startswith("audio/")


def test_speed_outside_the_engine_range_is_post_processed_and_said_so(server: ThreadServer,
                                                                      engine: GenderedTone) -> None:
    client = _client(server)
    text = "a" * 20  # 0.6 s of tone at any speed: the tone engine ignores speed
    cases = ((1.5, 1.5, None, 0.6), (4.0, 2.0, 2.0, 0.3), (0.25, 0.5, 0.5, 1.2))
    for speed, engine_speed, post, seconds in cases:
        raw = client.audio.speech.with_raw_response.create(model="tone", voice="beep", input=text,
                                                            speed=speed, response_format="wav")
        assert engine.requests[-1].speed == engine_speed
        assert raw.headers["x-studio-speed-engine"] == f"{engine_speed:g}"
        assert raw.headers.get("x-studio-speed-postprocess") == (None if post is None else f"{post:g}")
        samples, rate = decode(raw.content, "wav")
        assert len(samples) / rate == pytest.approx(seconds, rel=0.1), speed


def test_instructions_become_tags_and_the_rest_is_reported(server: ThreadServer,
                                                           engine: GenderedTone) -> None:
    raw = _client(server).audio.speech.with_raw_response.create(
        model="gpt-4o-mini-tts", voice="ash", input="Good morning.",
        instructions="Speak in a cheerful tone, slowly. Sound like a pirate captain.")
    assert engine.requests[-1].text == "(高兴1)(慢速1)Good morning."
    assert raw.headers["x-studio-instructions-applied"] == "emotion=happy 1; speed=slow 1"
    assert json.loads(raw.headers["x-studio-instructions-ignored"]) == ["Sound like a pirate captain"]


def test_instruction_phrases() -> None:
    told = instructions_to_tags("Very fast, in Mandarin; don't sound angry. Warm and friendly!")
    assert told.prefix == "(快速2)(中文)"
    assert told.ignored == ("don't sound angry", "Warm", "friendly")
    assert instructions_to_tags("Have breakfast across the road").prefix == ""  # no tag inside words
    assert instructions_to_tags(None).prefix == "" and instructions_to_tags("  ").ignored == ()


def _sse_events(response: Any) -> list[dict[str, Any]]:
    events = []
    for line in response.iter_lines():
        if line.startswith("data: "):
            events.append(json.loads(line[len("data: "):]))
    return events


@pytest.mark.parametrize("fmt", ["pcm", "mp3"])
def test_sse_streams_audio_delta_then_done(server: ThreadServer, fmt: str) -> None:
    with _client(server).audio.speech.with_streaming_response.create(
            model="gpt-4o-mini-tts", voice="sage", input="hello", response_format=fmt,
            stream_format="sse") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = _sse_events(response)
    assert [e["type"] for e in events[:-1]] == ["speech.audio.delta"] * (len(events) - 1) and len(events) > 1
    assert events[-1] == {"type": "speech.audio.done",
                          "usage": {"input_tokens": 5, "output_tokens": 0, "total_tokens": 5}}
    data = b"".join(base64.b64decode(e["audio"]) for e in events[:-1])
    samples, rate = decode(data, fmt)
    assert len(samples) / rate == pytest.approx(0.15, abs=0.06)
    if fmt == "pcm":
        assert len(events) - 1 >= 3  # one delta per chunk as the take made them (+ the resampler's tail)


def test_errors_are_openai_shaped_with_openai_status_codes(server: ThreadServer) -> None:
    client = _client(server)
    with pytest.raises(openai.NotFoundError) as missing:
        client.audio.speech.create(model="tts-2", voice="alloy", input="hi")
    assert missing.value.code == "unknown-engine" and "tts-1" in missing.value.message
    with pytest.raises(openai.BadRequestError) as bad_voice:
        client.audio.speech.create(model="tts-1", voice="shouty", input="hi")
    assert bad_voice.value.param == "voice" and bad_voice.value.type == "invalid_request_error"
    with pytest.raises(openai.BadRequestError) as bad_speed:
        client.audio.speech.create(model="tts-1", voice="alloy", input="hi", speed=5)
    assert bad_speed.value.param == "speed"
    with pytest.raises(openai.BadRequestError, match="no text"):
        client.audio.speech.create(model="tts-1", voice="alloy", input="  ")
    with pytest.raises(openai.BadRequestError) as too_long:
        client.audio.speech.create(model="tts-1", voice="alloy", input="x" * 501)
    assert too_long.value.param == "input"
    with pytest.raises(openai.BadRequestError) as bad_format:
        client.audio.speech.create(model="tts-1", voice="alloy", input="hi", response_format="ogg")  # type: ignore[arg-type]
    assert bad_format.value.param == "response_format"
    body = httpx.post(f"{server.url}/v1/audio/speech",
                      json={"model": "tts-1", "voice": "x", "input": "hi"}).json()
    assert set(body["error"]) == {"message", "type", "param", "code"}


def test_a_wrong_key_is_an_authentication_error(engine: GenderedTone) -> None:
    with ThreadServer({"tone": engine}, key="s3cret") as s:
        with pytest.raises(openai.AuthenticationError) as refused:
            openai.OpenAI(base_url=f"{s.url}/v1", api_key="wrong", max_retries=0).audio.speech.create(
                model="tts-1", voice="alloy", input="hi")
        assert refused.value.type == "authentication_error"
        ok = openai.OpenAI(base_url=f"{s.url}/v1", api_key="s3cret", max_retries=0)
        assert ok.audio.speech.create(model="tts-1", voice="alloy", input="hi").content


# --- the embedded engine, heard back by Whisper -------------------------------------------------

SENTENCE = "Please bring your umbrella, because it will probably rain this afternoon."


@pytest.fixture(scope="module")
def embedded_server() -> Iterator[ThreadServer]:
    from backends.embedded import EmbeddedBackend

    engine = EmbeddedBackend(preload_kokoro=False)
    engine.load()
    with ThreadServer({"embedded": engine}, load_on_start=False) as s:
        yield s
    engine.unload()


@pytest.fixture(scope="module")
def whisper() -> Any:
    from backends.embedded.asr import WhisperTranscriber

    transcriber = WhisperTranscriber("base", beam_size=5)
    transcriber.load()
    return transcriber


def _heard(whisper: Any, data: bytes, fmt: str) -> str:
    from backends.audio import Audio

    samples, rate = decode(data, fmt)
    return whisper.transcribe(Audio(samples, rate), "en").text


def word_error(reference: str, hypothesis: str) -> float:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "embedded"))
    from embedded_checks import wer

    return wer(reference, hypothesis)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_embedded_engine_through_the_sdk_is_heard_word_for_word(embedded_server: ThreadServer,
                                                                     whisper: Any, fmt: str) -> None:
    client = _client(embedded_server, timeout=120)
    raw = client.audio.speech.with_raw_response.create(model="tts-1", voice="alloy", input=SENTENCE,
                                                        response_format=fmt)
    assert raw.headers["x-studio-voice"] in ("piper:joe", "default")
    heard = _heard(whisper, raw.content, fmt)
    assert word_error(SENTENCE, heard) <= 0.05, heard


@pytest.mark.slow
def test_instructions_are_never_read_aloud(embedded_server: ThreadServer, whisper: Any) -> None:
    client = _client(embedded_server, timeout=120)
    raw = client.audio.speech.with_raw_response.create(
        model="gpt-4o-mini-tts", voice="alloy", input=SENTENCE, response_format="wav",
        instructions="Speak cheerfully. Sound like a pirate captain on a stormy sea.")
    assert raw.headers["x-studio-instructions-applied"] == "emotion=happy 1"
    heard = _heard(whisper, raw.content, "wav")
    assert "pirate" not in heard.lower() and "cheerful" not in heard.lower()
    assert word_error(SENTENCE, heard) <= 0.05, heard


def test_serve_takes_the_voice_map_from_the_settings_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The user changes the OpenAI voice map in the settings file; `serve` hands it to the server."""
    import studio.server
    from backends.registry import BUILT_IN, EngineEntry, Registry
    from studio.cli import main
    from studio.settings import Settings, SettingsStore

    SettingsStore().save(Settings(openai_voices={"Alloy": "kokoro:jf_alpha"}))
    seen: dict[str, Any] = {}
    monkeypatch.setattr(studio.server, "serve", lambda engines, config, port, on_ready: seen.update(c=config))
    registry = Registry([EngineEntry("tone", BUILT_IN, ToneEngine, None)])
    assert main(["serve", "--engine", "tone"], stderr=io.StringIO(), registry=registry) == 0
    assert seen["c"].openai_voices == {"alloy": "kokoro:jf_alpha"}
