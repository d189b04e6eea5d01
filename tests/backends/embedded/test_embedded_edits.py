"""The embedded engine's edits by instruction, each checked by a measurement on real speech."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio, load_audio
from backends.base import Cancelled, CancelToken, InvalidRequest, Support
from backends.edits import EditKind, EditRequest, SupportsEditing, parse_instruction
from backends.embedded.edits import (
    DENOISE_LIMIT_DB,
    EMOTION_PROSODY,
    PAUSE_KEEP,
    PAUSE_LONGER_THAN,
    speech_regions,
)
from backends.embedded.engine import EmbeddedBackend
from backends.embedded.pitch import median_f0

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def engine() -> EmbeddedBackend:
    return EmbeddedBackend(preload_kokoro=False)  # edits need no load()


def _edit(engine: EmbeddedBackend, audio: Audio, text: str) -> Audio:
    return engine.edit(audio, parse_instruction(text), CancelToken())


def _semitones(before: np.ndarray, after: np.ndarray, rate: int) -> float:
    return float(12 * np.log2(median_f0(after, rate) / median_f0(before, rate)))


def test_declarations_are_honest(engine: EmbeddedBackend) -> None:
    edits = engine.manifest.edits
    assert isinstance(engine, SupportsEditing) and engine.max_edit_seconds == 0.0
    for kind in ("denoise", "remove_silence", "speed", "pitch"):
        assert edits[kind].support is Support.NATIVE
    assert "DeepFilterNet3" in edits["denoise"].how and "up to 20 dB" in edits["denoise"].how
    emotion = edits["emotion"]
    assert emotion.support is Support.APPROXIMATED and set(emotion.values) == set(EMOTION_PROSODY)
    assert "happy: rate +6 %, pitch +1.5 semitones, loudness +1 dB" in emotion.how  # the tag's numbers
    for kind in ("style", "paralinguistic"):
        assert edits[kind].support is Support.UNSUPPORTED and "Step-Audio-EditX" in edits[kind].how
    assert set(edits) == {k.value for k in EditKind}


@pytest.mark.parametrize("name", ["zero_shot_en_prompt.wav", "fear_zh_female_prompt.wav"])
def test_speed_1_25_is_0_8_of_the_length_at_the_same_pitch(engine: EmbeddedBackend, name: str) -> None:
    audio = load_audio(DATA / name)
    out = _edit(engine, audio, "speed=1.25")
    assert abs(len(out) / len(audio) - 0.8) <= 0.02 * 0.8
    assert abs(_semitones(audio.samples, out.samples, audio.sample_rate)) < 0.5


@pytest.mark.parametrize(("name", "semitones"), [("fear_zh_female_prompt.wav", 3.0),
                                                 ("tingting_prompt.wav", -3.0),
                                                 ("zero_shot_en_prompt.wav", 4.0)])
def test_pitch_moves_f0_at_the_same_length(engine: EmbeddedBackend, name: str, semitones: float) -> None:
    audio = load_audio(DATA / name)
    out = _edit(engine, audio, f"pitch={semitones}")
    assert len(out) == len(audio)
    assert abs(_semitones(audio.samples, out.samples, audio.sample_rate) - semitones) <= 0.5


def _room_noise() -> Audio:
    """The real background noise of denoise_prompt.wav: its pauses (voice activity from 0.1 s, 30 ms
    kept off the speech: 1.2 s in five pauses), each faded over 10 ms, joined (as
    bench/denoise_compare.py takes it)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    audio = load_audio(DATA / "denoise_prompt.wav")  # 16 kHz, as Silero takes it
    x, rate, margin, fade = audio.samples, audio.sample_rate, 480, 160
    speech = np.zeros(len(x), dtype=bool)
    for s in get_speech_timestamps(x, VadOptions(min_silence_duration_ms=100, speech_pad_ms=0)):
        speech[max(0, s["start"] - margin):s["end"] + margin] = True
    edges = np.flatnonzero(np.diff(np.concatenate([[1], (~speech).astype(np.int8), [1]])) != 0)
    ramp = np.linspace(0, 1, fade)
    pieces = [x[a:b] * np.concatenate([ramp, np.ones(b - a - 2 * fade), ramp[::-1]])
              for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a > 4 * fade]
    return Audio(np.concatenate(pieces).astype(np.float32), rate)


# SNR gain (dB) over clean English speech, 10 noise draws each on a 2-core AMD EPYC: DeepFilterNet
# (limited to 20 dB) white 12.59-12.76 / 10.82-10.97 / 9.14-9.29 at 0 / 5 / 10 dB, recorded room
# noise 6.96-9.60 / 6.36-7.82 / 4.51-6.02; the spectral gate it replaced reached at most
# 10.10 / 8.93 / 7.54 on white and 3.35 / 2.03 / 1.27 on the room noise, so each bound fails it.
@pytest.mark.parametrize(("noise", "snr_in", "gain_at_least"),
                         [("white", 0.0, 11.5), ("white", 5.0, 10.0), ("white", 10.0, 8.5),
                          ("room", 0.0, 6.0), ("room", 5.0, 5.3), ("room", 10.0, 3.5)])
def test_denoise_raises_the_snr(engine: EmbeddedBackend, noise: str, snr_in: float,
                                gain_at_least: float) -> None:
    audio = load_audio(DATA / "zero_shot_en_prompt.wav")
    clean = audio.samples.astype(np.float64)
    rng = np.random.default_rng(1)
    if noise == "white":
        n = rng.standard_normal(len(clean))
    else:  # the recording's room noise, looped from a random point
        room = _room_noise().resampled(audio.sample_rate).samples.astype(np.float64)
        n = np.resize(np.roll(room, -int(rng.integers(len(room)))), len(clean))
    n *= np.sqrt(np.mean(clean ** 2) / np.mean(n ** 2) / 10 ** (snr_in / 10))
    out = _edit(engine, Audio((clean + n).astype(np.float32), audio.sample_rate), "denoise").samples
    assert len(out) == len(clean)
    snr_out = 10 * np.log10(np.sum(clean ** 2) / np.sum((out - clean) ** 2))
    assert snr_out - snr_in >= gain_at_least


def test_remove_silence_shortens_long_pauses_and_keeps_the_speech(engine: EmbeddedBackend) -> None:
    audio = load_audio(DATA / "fear_zh_female_prompt.wav")
    rate, x = audio.sample_rate, audio.samples
    regions = speech_regions(x, rate)
    assert regions
    # Two 1.2 s pauses of room tone (-60 dBFS) put in between speech regions, at quiet points.
    tone = (np.random.default_rng(2).standard_normal(int(1.2 * rate)) * 1e-3).astype(np.float32)
    cut1, cut2 = regions[0][1], regions[-1][0]
    if cut2 - cut1 < rate:
        cut1, cut2 = round(1.6 * rate), round(3.2 * rate)
    padded = np.concatenate([x[:cut1], tone, x[cut1:cut2], tone, x[cut2:]])
    speech_before = sum(b - a for a, b in speech_regions(padded, rate)) / rate
    out = _edit(engine, Audio(padded, rate), "remove_silence")
    after = speech_regions(out.samples, rate)
    gaps = [(b2 - a1) / rate for (_, a1), (b2, _) in itertools.pairwise(after)]
    removed = (len(padded) - len(out)) / rate
    assert removed >= 2 * (1.2 - PAUSE_KEEP) - 0.1
    assert all(g <= PAUSE_LONGER_THAN for g in gaps)  # no long pause is left
    # all the speech is still there: the voice activity now also spans the short pauses kept
    speech_after = sum(b - a for a, b in after) / rate
    assert speech_before - 0.05 <= speech_after <= speech_before + 2 * PAUSE_KEEP + 0.05


def test_emotion_is_the_stated_prosody(engine: EmbeddedBackend) -> None:
    audio = load_audio(DATA / "fear_zh_female_prompt.wav")
    p = EMOTION_PROSODY["sad"]
    out = _edit(engine, audio, "emotion=sad")
    assert abs(len(out) / len(audio) - 1 / p.rate) <= 0.02 / p.rate
    assert abs(_semitones(audio.samples, out.samples, audio.sample_rate) - p.semitones) <= 0.5


@pytest.mark.parametrize(("text", "expected"), [("style=whisper", "speaking style"),
                                                 ("paralinguistic=laughter", "breaths, laughs"),
                                                 ("emotion=humour", "cannot do the emotion 'humour'")])
def test_what_it_cannot_do_is_refused_with_the_reason(engine: EmbeddedBackend, text: str,
                                                     expected: str) -> None:
    audio = load_audio(DATA / "tingting_prompt.wav")
    with pytest.raises(InvalidRequest, match=expected):
        _edit(engine, audio, text)


def test_cancel_and_empty_input(engine: EmbeddedBackend) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        engine.edit(load_audio(DATA / "tingting_prompt.wav"), EditRequest(EditKind.DENOISE), token)
    with pytest.raises(InvalidRequest, match="empty"):
        engine.edit(Audio(np.zeros(0, np.float32), 16000), EditRequest(EditKind.DENOISE), CancelToken())


def test_denoise_on_a_really_noisy_recording(engine: EmbeddedBackend) -> None:
    """denoise_prompt.wav (real background noise, no clean reference), its pauses by the engine's
    voice activity: measured, the noise there falls by 18.8 dB at full strength (the spectral gate
    it replaced: 11.8) and by 9.8 dB at half strength (a 10 dB limit), the speech by 0.27 and
    0.21 dB. Nothing is lowered by more than the limit the manifest states."""
    audio = load_audio(DATA / "denoise_prompt.wav")
    speech = np.zeros(len(audio), dtype=bool)
    for a, b in speech_regions(audio.samples, audio.sample_rate):
        speech[a:b] = True

    def level(x: np.ndarray, where: np.ndarray) -> float:
        return float(10 * np.log10(np.mean(x[where].astype(np.float64) ** 2)))

    full = _edit(engine, audio, "denoise").samples
    half = engine.edit(audio, EditRequest(EditKind.DENOISE, amount=0.5), CancelToken()).samples
    drop_full = level(audio.samples, ~speech) - level(full, ~speech)
    drop_half = level(audio.samples, ~speech) - level(half, ~speech)
    assert 16.0 <= drop_full <= DENOISE_LIMIT_DB + 0.5
    assert 8.0 <= drop_half <= DENOISE_LIMIT_DB / 2 + 0.5
    for out in (full, half):
        assert abs(level(audio.samples, speech) - level(out, speech)) <= 1.0
    none = engine.edit(audio, EditRequest(EditKind.DENOISE, amount=0.0), CancelToken()).samples
    assert np.array_equal(none, audio.samples)


def test_denoise_cancels_mid_way(engine: EmbeddedBackend) -> None:
    """Cancel is checked every second of audio: pressed at the first progress past the start, the
    16 s recording stops within the next second."""
    audio = load_audio(DATA / "denoise_prompt.wav")
    token, seen = CancelToken(), []

    def progress(fraction: float, _message: str) -> None:
        seen.append(fraction)
        if fraction > 0:
            token.cancel()

    with pytest.raises(Cancelled):
        engine.edit(audio, EditRequest(EditKind.DENOISE), token, progress)
    assert 0 < max(seen) < 0.15
