"""The wire format round-trips every value exactly, and refuses what is not in it."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from backends.base import (
    AudioChunk,
    Availability,
    Finished,
    Progress,
    SpeechTokens,
    SynthesisRequest,
    SynthesisWarning,
    VoiceInfo,
    VoiceProfile,
)
from backends.embedded.manifest import build_manifest
from backends.lexicon import check_entry
from backends.remote import wire


def _through_json(obj: object) -> object:
    return json.loads(json.dumps(obj, ensure_ascii=False))


def test_manifest_round_trip_is_exact() -> None:
    manifest = build_manifest()
    assert wire.decode_manifest(_through_json(wire.encode_manifest(manifest))) == manifest


def test_voice_availability_and_request_round_trip() -> None:
    voice = VoiceInfo("kokoro:jf_alpha", "Alpha 阿尔法", ("ja", "en"), 24000, "female", "d", True, "built-in")
    assert wire.decode_voice(_through_json(wire.encode_voice(voice))) == voice
    state = Availability(False, "no model", "install it")
    assert wire.decode_availability(_through_json(wire.encode_availability(state))) == state
    profile = VoiceProfile("embedded", "match", 2, {"blend": [["a", 0.7], ["b", 0.3]], "pitch": 1.5},
                           0.81, 0.62, "note")
    lexicon = (check_entry("重庆", "chong2 qing4", "pinyin"), check_entry("Nguyen", "ŋwˈɪən", "ipa", "en"))
    request = SynthesisRequest("(高兴)你好 world", "v", 1.25, -2.0, 42, {"k": [1, "x"]}, profile, lexicon)
    back = wire.decode_request(_through_json(wire.encode_request(request)))
    assert back == request


def test_events_round_trip_and_float32_audio_is_bit_exact() -> None:
    samples = np.random.default_rng(1).standard_normal(4801).astype(np.float32) * 1.5  # overshoot kept
    events = [
        AudioChunk(samples, 24000, 3, "你好", (2, 4)),
        Progress(2, 5, "chunk"),
        SynthesisWarning("tag-unsupported", "人 cannot", (0, 3)),
        SynthesisWarning("x", "no span"),
        SpeechTokens((0, 1023, 1024, 5119, 7), 0.952, 30),
        Finished({"seed": 7, "timings": {"a": 0.25}, "list": [1, "b"]}),
        wire.Heartbeat(),
        wire.RemoteError("engine-failed", "boom"),
    ]
    for event in events:
        back = wire.loads_line(wire.dumps_line(wire.encode_event(event)))
        if isinstance(event, AudioChunk):
            assert isinstance(back, AudioChunk)
            assert back.samples.dtype == np.float32
            assert back.samples.tobytes() == event.samples.tobytes()
            assert (back.sample_rate, back.index, back.text, back.source_span) == (24000, 3, "你好", (2, 4))
        else:
            assert back == event


def test_int16_encoding_is_half_the_size_and_close() -> None:
    samples = np.linspace(-1, 1, 24000, dtype=np.float32)
    f32 = wire.encode_samples(samples, "f32le")
    s16 = wire.encode_samples(samples, "s16le")
    assert len(base64.b64decode(f32)) == 96000 and len(f32) == 128000  # the figure quoted in wire.py
    assert len(base64.b64decode(s16)) == 48000
    assert np.max(np.abs(wire.decode_samples(s16, "s16le") - samples)) < 1 / 32767 + 1e-6


def test_metadata_with_numpy_and_tuples_becomes_plain_json() -> None:
    event = Finished({"rate": np.int64(3), "gain": np.float32(0.5), "span": (1, 2), "nan": float("nan")})
    assert wire.encode_event(event)["metadata"] == {"rate": 3, "gain": 0.5, "span": [1, 2], "nan": None}


@pytest.mark.parametrize("line", [
    b"not json",
    b'{"type": "nope"}',
    b'{"no_type": 1}',
    b'{"type": "audio", "index": 0, "sample_rate": 16000, "data": "!!!"}',
    b'{"type": "audio", "index": 0, "sample_rate": 16000, "data": "AAA=", "encoding": "f32le"}',
    b'{"type": "audio", "index": 0, "sample_rate": true, "data": ""}',
    b'{"type": "progress", "done": "1", "total": 2}',
    b'{"type": "warning", "code": "c", "message": "m", "span": [1]}',
    b'{"type": "error", "error": "flat"}',
    b'{"type": "tokens", "codes": [1, 5120], "start": 0, "index": 0}',
    b'{"type": "tokens", "codes": [1, -1], "start": 0, "index": 0}',
    b'{"type": "tokens", "codes": [1, true], "start": 0, "index": 0}',
    b'{"type": "tokens", "codes": [1.5], "start": 0, "index": 0}',
    b'{"type": "tokens", "codes": [1], "start": -1, "index": 0}',
    b'{"type": "tokens", "codes": [1], "start": 0, "index": -3}',
    b'{"type": "tokens", "codes": "1,2", "start": 0, "index": 0}',
    b'{"type": "phonemes", "items": [["a", 0.2, 0.1]]}',
    b'{"type": "phonemes", "items": [["", 0, 1]]}',
    b'{"type": "phonemes", "items": [["aaaaaaaaaaaaaaaaa", 0, 1]]}',
    b'{"type": "phonemes", "items": [["a", -1, 1]]}',
    b'{"type": "phonemes", "items": [["a", 0, true]]}',
    b'{"type": "phonemes", "items": [["a", 0]]}',
    b'{"type": "phonemes", "items": "a"}',
    b"[1, 2]",
])
def test_malformed_lines_are_wire_errors(line: bytes) -> None:
    with pytest.raises(wire.WireError):
        wire.loads_line(line)


def test_a_tokens_event_is_bounded() -> None:
    codes = b"1," * wire.MAX_TOKENS_PER_EVENT + b"1"
    line = b'{"type": "tokens", "codes": [' + codes + b'], "start": 0, "index": 0}'
    with pytest.raises(wire.WireError, match="more than"):
        wire.loads_line(line)


def test_bad_requests_are_wire_errors() -> None:
    with pytest.raises(wire.WireError):
        wire.decode_request({"voice_id": "x"})
    with pytest.raises(wire.WireError):
        wire.decode_request({"text": "a", "speed": float("inf")})
    with pytest.raises(wire.WireError):
        wire.decode_request({"text": "a", "voice_profile": {"kind": "clone"}})
    assert wire.decode_error({"error": {"code": "busy", "message": "m"}}) == ("busy", "m")
    for lexicon in ("x", [{"word": "a", "reading": "(b)", "kind": "respell"}], [{"word": "a"}] * 2001):
        with pytest.raises(wire.WireError, match="lexicon"):
            wire.decode_request({"text": "a", "lexicon": lexicon})


def test_a_manifest_without_pronunciations_reads_every_kind_as_written() -> None:
    raw = wire.encode_manifest(build_manifest())
    assert wire.decode_manifest(raw).reading_support("pinyin").support.value == "native"
    del raw["pronunciation"]  # a server from before pronunciations
    older = wire.decode_manifest(raw)
    assert not older.reading_support("ipa").honoured and "read as written" in older.reading_support("ipa").how


def test_phoneme_timings_cross_the_wire() -> None:
    from backends.base import PhonemeTimings

    event = PhonemeTimings((("h", 0.0, 0.05), ("ˈɛ", 0.05, 0.12)))
    assert wire.loads_line(wire.dumps_line(wire.encode_event(event))) == event
