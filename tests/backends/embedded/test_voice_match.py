"""Voice match: the embedded engine's honest stand-in for cloning, on real recordings."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio, load_audio
from backends.base import (
    AudioChunk,
    Cancelled,
    CancelToken,
    InvalidRequest,
    SupportsVoicePreparation,
    SynthesisRequest,
    VoiceProfile,
)
from backends.embedded.engine import EmbeddedBackend
from backends.embedded.speaker import weights_path
from backends.embedded.voice_match import ENGLISH_PROBE, FORMAT_VERSION, PROBES, describe, probe_for

DATA = Path(__file__).resolve().parents[2] / "data"
needs_weights = pytest.mark.skipif(weights_path() is None,
                                   reason="resemblyzer is not installed (pip install --no-deps resemblyzer)")

CASES = {
    "en": ("zero_shot_en_prompt.wav",
           "His political stance was conservative, and he was particularly close to margaret thatcher."),
    "zh": ("tingting_prompt.wav", "那等我们到海洋馆之后，给妈妈买个礼物，好不好呀？"),
}


def _take(engine: EmbeddedBackend, request: SynthesisRequest) -> Audio:
    chunks = [e for e in engine.synthesize(request, CancelToken()) if isinstance(e, AudioChunk)]
    return Audio(np.concatenate([c.samples for c in chunks]), chunks[0].sample_rate)


def _profile(data: dict[str, object], **kw: object) -> VoiceProfile:
    fields: dict[str, object] = {"engine_id": "embedded", "kind": "match", "format_version": FORMAT_VERSION,
                                 "data": data}
    fields.update(kw)
    return VoiceProfile(**fields)  # type: ignore[arg-type]


def test_manifest_declares_an_honest_match(engine: EmbeddedBackend) -> None:
    c = engine.manifest.cloning
    assert c.kind == "match" and c.min_seconds == 3 and c.max_seconds == 30 and not c.needs_transcript
    assert "does not clone" in c.note and "similarity" in c.note
    assert isinstance(engine, SupportsVoicePreparation)


def test_probe_text_follows_the_transcript_language() -> None:
    """A fixed short probe per Kokoro language (so the single voices come from a table)."""

    def detect(t: str) -> str:
        return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in t) else "en"

    assert probe_for(None, detect) == (ENGLISH_PROBE, "en")
    assert probe_for("你好，世界。", detect) == (PROBES["zh"], "zh")
    assert probe_for("One two three four five. " * 5, detect) == (ENGLISH_PROBE, "en")
    assert probe_for("안녕하세요", lambda t: "ko") == (ENGLISH_PROBE, "en")
    assert all(len(p) <= 64 for p in PROBES.values())  # about 3 s of speech each
    assert describe((("kokoro:jf_alpha", 0.7), ("kokoro:jm_kumo", 0.3)), 2.0,
                    {"kokoro:jf_alpha": "Alpha"}) == "Alpha 70 % + kokoro:jm_kumo 30 %, pitch +2.0 semitones"


@pytest.mark.parametrize("profile, message", [
    (_profile({"voices": [["kokoro:jf_alpha", 1.0]]}, engine_id="stepaudio"), "'stepaudio' engine"),
    (_profile({"voices": [["kokoro:jf_alpha", 1.0]]}, kind="clone"), "only speaks voice matches"),
    (_profile({"voices": [["kokoro:jf_alpha", 1.0]]}, format_version=99), "Update the app"),
    (_profile({"voices": [["kokoro:nobody", 1.0]]}), "not installed"),
    (_profile({"voices": [["kokoro:jf_alpha", -1.0]]}), "non-negative"),
    (_profile({"voices": [["kokoro:jf_alpha", 1.0], ["piper:joe", 1.0]]}), "only Kokoro voices"),
    (_profile({"voices": [["kokoro:jf_alpha", 1.0]], "pitch": 40}), "pitch"),
    (_profile({"voices": [["kokoro:jf_alpha", 1.0]], "speed": "fast"}), "speed"),
    (_profile({"voices": []}), "names no voices"),
    (_profile({"voices": "kokoro:jf_alpha"}), "names no voices"),
])
def test_bad_profiles_are_refused(engine: EmbeddedBackend, profile: VoiceProfile, message: str) -> None:
    with pytest.raises(InvalidRequest, match=message):
        engine.synthesize(SynthesisRequest("Hello there.", voice_profile=profile), CancelToken())


def test_a_profile_speaks_with_its_blend_and_pitch(engine: EmbeddedBackend) -> None:
    """A hand-written profile (JSON round trip) changes the voice: the blend differs from both ends."""
    from backends.embedded.pitch import median_f0

    text = "The weather is lovely today."
    blend = _profile({"voices": [["kokoro:jf_alpha", 0.5], ["kokoro:jm_kumo", 0.5]], "pitch": 0.0})
    blend = VoiceProfile.from_json(json.loads(json.dumps(blend.to_json())))
    mix = _take(engine, SynthesisRequest(text, voice_profile=blend))
    alpha = _take(engine, SynthesisRequest(text, voice_id="kokoro:jf_alpha"))
    kumo = _take(engine, SynthesisRequest(text, voice_id="kokoro:jm_kumo"))
    f_mix, f_alpha, f_kumo = (median_f0(a.samples, a.sample_rate) for a in (mix, alpha, kumo))
    print(f"median F0: alpha {f_alpha:.0f} Hz, 50/50 blend {f_mix:.0f} Hz, kumo {f_kumo:.0f} Hz")
    assert min(f_alpha, f_kumo) < f_mix < max(f_alpha, f_kumo)
    up = _take(engine, SynthesisRequest(text, voice_profile=_profile(
        {"voices": [["kokoro:jm_kumo", 1.0]], "pitch": 4.0})))
    assert median_f0(up.samples, up.sample_rate) > f_kumo * 1.15  # 4 semitones is x1.26


@needs_weights
@pytest.mark.parametrize("delay", [0.2, 3.0])  # in the first voice's synthesis; in its pitch search
def test_cancel_stops_prepare_promptly(engine: EmbeddedBackend, delay: float) -> None:
    ref = load_audio(DATA / CASES["en"][0])
    cancel = CancelToken()
    seen: list[tuple[float, str]] = []
    cancelled_at: list[float] = []

    def fire() -> None:
        cancelled_at.append(time.perf_counter())
        cancel.cancel()

    def progress(fraction: float, message: str) -> None:
        seen.append((fraction, message))
        if len(seen) == 2:
            threading.Timer(delay, fire).start()

    with pytest.raises(Cancelled):
        engine.prepare_voice(ref, CASES["en"][1], cancel, progress)
    stopped = time.perf_counter() - cancelled_at[0]
    print(f"stopped {stopped * 1000:.0f} ms after the cancel")
    assert len(seen) >= 2 and all(0 <= f <= 1 for f, _ in seen)
    # Every long step checks the token (synthesis runs, each embedding's LSTM frames), so the stop
    # took 0-9 ms (2-core AMD EPYC, load 2.4; it was 10-21 s while the pitch search ignored it).
    # The bound is ten times the longest step that does not check, a 5 s pitch shift (0.26-0.33 s
    # with the cores shared), so it only fails if a step stops listening again.
    assert stopped < 4.0


def test_reference_length_is_checked(engine: EmbeddedBackend) -> None:
    with pytest.raises(InvalidRequest, match="at least"):
        engine.prepare_voice(Audio(np.zeros(16000, dtype=np.float32), 16000), None, CancelToken())
    with pytest.raises(InvalidRequest, match="silent"):
        engine.prepare_voice(Audio(np.zeros(16000 * 5, dtype=np.float32), 16000), None, CancelToken())


@needs_weights
@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "zh"])
def test_match_against_the_default_voice(engine: EmbeddedBackend, language: str) -> None:
    name, transcript = CASES[language]
    ref = load_audio(DATA / name)
    steps: list[float] = []
    t = time.perf_counter()
    profile = engine.prepare_voice(ref, transcript, CancelToken(), lambda f, m: steps.append(f))
    seconds = time.perf_counter() - t
    print(f"{name}: match {profile.similarity:.3f} vs default {profile.baseline_similarity:.3f} "
          f"in {seconds:.1f} s; {profile.note}")
    assert profile.engine_id == "embedded" and profile.kind == "match"
    assert profile.similarity is not None and profile.baseline_similarity is not None
    # The default voice (Piper) samples its speech, so its similarity varies from take to take:
    # on zero_shot_en_prompt.wav 0.606-0.649 over eight takes, mean 0.627, spread 0.014 (2-core AMD
    # EPYC). The match (Kumo, -0.5 semitones) scores 0.640 and does not vary: Kokoro is deterministic.
    # So the default voice's typical figure is the mean of the reported take and six more, known to
    # within its standard error (about 0.005).
    # - Mandarin: the match (0.71) is far ahead of every take of the default (about 0.51), and must
    #   beat the best of them.
    # - English: the bundled voices come only about 0.013 closer than the default (2-3 standard
    #   errors), and one full run tied (0.6308 against a mean of 0.6311). There the match must not be
    #   worse than the default, which a tie allows and a wrong pick (Kumo at -1 semitone: 0.615) fails.
    enc = engine.speaker_encoder()
    target = enc.embed(ref)
    probe = profile.data["probe"]
    default_takes = np.array([profile.baseline_similarity] + [
        enc.similarity(enc.embed(_take(engine, SynthesisRequest(probe))), target) for _ in range(6)])
    mean, sem = float(default_takes.mean()), float(default_takes.std(ddof=1) / np.sqrt(len(default_takes)))
    seen = f"{profile.note} Default takes: {np.round(default_takes, 4).tolist()}"
    if language == "zh":
        assert profile.similarity > float(default_takes.max()), seen
    else:
        assert profile.similarity >= mean - 2 * sem, seen
    assert "not a clone" in profile.note
    assert steps == sorted(steps) and steps[-1] == 1.0
    # JSON-safe, round-trips, and speaks.
    again = VoiceProfile.from_json(json.loads(json.dumps(profile.to_json())))
    assert again == profile
    audio = _take(engine, SynthesisRequest(transcript, voice_profile=again))
    assert audio.duration > 1.0
    # The reported figure is measured on the language's fixed probe, not on the transcript (a
    # different text scores differently: 0.77 against 0.71 on tingting_prompt.wav), so it is
    # reproduced by speaking that probe again.
    assert profile.data["probe"] == PROBES[profile.data["language"]]
    again_probe = _take(engine, SynthesisRequest(profile.data["probe"], voice_profile=again))
    sim = enc.similarity(enc.embed(again_probe), enc.embed(ref))
    if profile.data["voices"][0][0].startswith("kokoro:"):  # Kokoro is deterministic, Piper is not
        assert abs(sim - profile.similarity) < 0.03  # the reported figure is reproducible
