"""The one voice id a take is filed under, and the settings it records, whatever the engine reports."""

from __future__ import annotations

from backends.base import SynthesisRequest, VoiceProfile
from studio.engines.provenance import complete, made_with, request_record, spoken_voice


def test_the_voice_that_spoke_wins_over_the_voice_asked_for() -> None:
    request = SynthesisRequest("你好", voice_id="piper:joe")
    meta = complete({"voice": "piper:joe", "voices_used": ["kokoro:jm_kumo"]}, request, "embedded", "1")
    meta["made_with"] = made_with("cli", "embedded", "1", request)
    assert spoken_voice(meta) == "kokoro:jm_kumo"


def test_two_voices_spoke_so_the_take_is_filed_under_the_one_asked_for() -> None:
    meta = {"voice": "piper:joe", "voices_used": ["kokoro:jm_kumo", "piper:joe"]}
    assert spoken_voice(meta) == "piper:joe"


def test_a_library_voice_is_filed_under_its_library_id() -> None:
    profile = VoiceProfile("embedded", "match", 1, {"voices": [["kokoro:jf_alpha", 1.0]]})
    request = SynthesisRequest("hi", voice_id="v-123", voice_profile=profile)
    meta = complete({"voices_used": ["kokoro:jf_alpha"]}, request, "embedded", "1")
    meta["made_with"] = made_with("cli", "embedded", "1", request)
    assert spoken_voice(meta) == "v-123"
    assert spoken_voice({"library_voice_id": "v-9", "voices_used": ["kokoro:jf_alpha"]}) == "v-9"


def test_an_engine_that_says_nothing_gets_the_request_filled_in() -> None:
    request = SynthesisRequest("hi", voice_id="high", speed=1.5, pitch=-2.0, seed=3, options={"top_k": 5})
    meta = complete({"seed": 99}, request, "tone", "2.1")
    assert (meta["engine"], meta["engine_version"], meta["voice"]) == ("tone", "2.1", "high")
    assert (meta["speed"], meta["pitch"], meta["seed"]) == (1.5, -2.0, 99)  # the engine's own word wins
    assert request_record(request) == {"voice_id": "high", "speed": 1.5, "pitch": -2.0, "seed": 3,
                                       "options": {"top_k": 5}, "voice_profile": None}
    assert spoken_voice(meta) == "high"
    assert spoken_voice({}) == "" and spoken_voice({"voices_used": "junk", "voice": 3}) == ""
