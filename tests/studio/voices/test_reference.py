"""The clone doctor on the real recordings in tests/data and on faulty inputs made from them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio, load_audio
from studio.voices.reference import Status, check_reference, measure_snr, prepare_reference, speech_level_dbfs

pytestmark = pytest.mark.timeout(120)
DATA = Path(__file__).resolve().parents[2] / "data"


def load(name: str) -> Audio:
    return load_audio(DATA / f"{name}.wav")


def frame_db(audio: Audio, t: float, half: float = 0.025) -> float:
    seg = audio.slice_seconds(max(0.0, t - half), t + half).samples
    return float(10 * np.log10(np.mean(np.square(seg, dtype=np.float64)) + 1e-12))


@pytest.mark.parametrize("name", ["denoise_prompt", "vad_prompt"])
def test_best_window_is_speech_within_5_to_10_s(name: str) -> None:
    audio = load(name)
    report = check_reference(audio)
    w = report.best_window
    assert w is not None and w.within_range
    assert 5.0 <= w.duration <= 10.0
    assert w.speech_ratio > 0.8
    segs = report.speech_segments
    assert segs[0][0] - 0.2 <= w.start and w.end <= segs[-1][1] + 0.2  # inside the speech
    # edges fall in pauses, not inside words: quieter than the window's speech by a wide margin
    speech_db = speech_level_dbfs(audio.slice_seconds(w.start, w.end))
    for edge in (w.start, w.end):
        if 0.05 < edge < audio.duration - 0.05:
            assert frame_db(audio, edge) < speech_db - 10, (edge, frame_db(audio, edge), speech_db)


def test_clean_recording_passes() -> None:
    report = check_reference(load("vad_prompt"))
    assert report.verdict is Status.GOOD, [(i.criterion, i.message) for i in report.items]


def test_clipped_is_flagged() -> None:
    a = load("denoise_prompt")
    report = check_reference(Audio(np.clip(a.samples * 8, -1, 1), a.sample_rate))
    assert report.item("clipping").status is Status.PROBLEM
    assert report.verdict is Status.PROBLEM


@pytest.mark.parametrize("gain", [0.0, 0.003])
def test_silent_or_very_low_is_flagged(gain: float) -> None:
    a = load("denoise_prompt")
    report = check_reference(Audio(a.samples * gain, a.sample_rate))
    assert report.item("loudness").status is Status.PROBLEM
    assert report.verdict is Status.PROBLEM


def test_too_short_is_flagged() -> None:
    report = check_reference(load("denoise_prompt").slice_seconds(6.0, 8.0))
    assert report.item("duration").status is Status.PROBLEM


def test_two_speakers_are_flagged_and_the_window_keeps_one() -> None:
    a, b = load("zero_shot_en_prompt").resampled(16000), load("paralingustic_prompt").resampled(16000)
    both = a.concat(Audio.silence(0.6, 16000)).concat(b).concat(Audio.silence(0.6, 16000)).concat(a)
    report = check_reference(both)
    assert report.item("speakers").status is Status.PROBLEM
    assert report.item("speakers").checked
    single = check_reference(load("vad_prompt"))
    assert single.item("speakers").status is Status.GOOD


def test_speaker_check_unavailable_is_not_a_silent_pass() -> None:
    class Missing:
        def available(self) -> bool:
            return False

        def embed_windows(self, audio: Audio, window_s: float = 1.6, hop_s: float = 0.8) -> tuple:
            raise AssertionError("must not be called")

    item = check_reference(load("vad_prompt"), encoder=Missing()).item("speakers")
    assert not item.checked and item.status is Status.WARNING and item.message.startswith("Not checked:")


def test_noise_lowers_snr_and_is_flagged() -> None:
    a = load("vad_prompt")
    noisy = Audio(
        a.samples + np.random.default_rng(0).normal(0, 0.03, len(a)).astype(np.float32), a.sample_rate
    )
    clean, dirty = check_reference(a).item("noise"), check_reference(noisy).item("noise")
    assert clean.status is Status.GOOD and dirty.status is Status.PROBLEM
    assert dirty.value is not None and clean.value is not None and dirty.value < clean.value - 15


def test_low_sample_rate_warns() -> None:
    report = check_reference(load("vad_prompt").resampled(8000))
    assert report.item("sample_rate").status is Status.WARNING


def test_steady_tone_is_flagged_by_the_heuristic() -> None:
    a = load("zero_shot_en_prompt")
    t = np.arange(len(a)) / a.sample_rate
    item = check_reference(Audio(a.samples + 0.01 * np.sin(2 * np.pi * 440 * t), a.sample_rate)).item("music")
    assert item.status is Status.WARNING and "heuristic" in item.message
    assert check_reference(a).item("music").status is Status.GOOD


def test_denoise_improves_snr_and_prepare_meets_its_targets() -> None:
    a = load("denoise_prompt")
    w = check_reference(a).best_window
    assert w is not None
    plain = prepare_reference(a, w.start, w.end)
    cleaned = prepare_reference(a, w.start, w.end, denoise=True)
    assert measure_snr(cleaned) > measure_snr(plain) + 6
    assert abs(speech_level_dbfs(plain) - (-20.0)) < 1.5
    assert plain.sample_rate == 16000 and abs(plain.duration - w.duration) < 0.01
    assert abs(plain.samples[0]) < 1e-3 and np.max(np.abs(plain.samples)) <= 10 ** (-1 / 20) + 1e-4
    hi = prepare_reference(load("zero_shot_en_prompt"), 0.0, 5.0)
    assert hi.sample_rate == 24000


def test_denoise_moves_audio_towards_the_clean_signal() -> None:
    clean = load("zero_shot_en_prompt").resampled(16000)
    noise = np.random.default_rng(1).normal(0, 0.02, len(clean)).astype(np.float32)
    noisy = Audio(clean.samples + noise, 16000)
    from studio.voices.reference import denoise

    out = denoise(noisy)

    def err(x: Audio) -> float:
        return float(10 * np.log10(np.sum(clean.samples**2) / np.sum((x.samples - clean.samples) ** 2)))

    assert err(out) > err(noisy) + 2
