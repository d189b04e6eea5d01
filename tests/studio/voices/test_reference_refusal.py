"""The one decision whether a voice may be made from a clip (ReferenceReport.refusal), shared by
the Clone wizard, the CLI and the server (issue 20: voices were saved from noise and tones)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio, load_audio
from studio.voices.reference import check_reference

DATA = Path(__file__).resolve().parents[2] / "data"
RATE = 16000
pytestmark = pytest.mark.timeout(120)


def _seconds(n: float) -> np.ndarray:
    return np.arange(int(n * RATE)) / RATE


@pytest.mark.parametrize(("name", "make", "words"), [
    ("white noise", lambda: 0.3 * np.random.default_rng(0).standard_normal(8 * RATE),
     "only noise or other sound"),
    ("full-scale square wave", lambda: np.sign(np.sin(2 * np.pi * 220 * _seconds(8))),
     "a steady tone or music"),
    ("hum", lambda: 0.2 * np.sin(2 * np.pi * 100 * _seconds(8)), "a steady tone or music"),
    ("near silence", lambda: 1e-5 * np.random.default_rng(1).standard_normal(8 * RATE), "near silence"),
])
def test_a_clip_without_speech_is_refused_saying_what_was_found(name: str, make: Callable[[], np.ndarray],
                                                               words: str) -> None:
    reason = check_reference(Audio(make().astype(np.float32), RATE)).refusal()
    assert reason is not None and reason.startswith("No speech was found in the recording")
    assert words in reason


def test_samples_that_are_not_audio_are_refused() -> None:
    speech = load_audio(DATA / "zero_shot_en_prompt.wav")
    scaled = check_reference(Audio(speech.samples * np.float32(1e30), speech.sample_rate))
    assert "far beyond full scale (peak 5.28e+29" in (scaled.refusal() or "")
    broken = speech.samples.copy()
    broken[100] = np.nan
    assert "not numbers" in (check_reference(Audio(broken, speech.sample_rate)).refusal() or "")


def test_too_little_speech_is_refused_with_the_duration_sentence() -> None:
    speech = load_audio(DATA / "zero_shot_en_prompt.wav")
    short = speech.slice_seconds(0.0, 1.6)
    reason = check_reference(short).refusal()
    assert reason is not None and reason.startswith("Only ") and "s of speech" in reason


@pytest.mark.parametrize("name", ["zero_shot_en_prompt", "tingting_prompt", "denoise_prompt", "vad_prompt"])
def test_real_speech_is_accepted(name: str) -> None:
    """Including the noisy one: noise is a warning the user may accept, not a refusal."""
    assert check_reference(load_audio(DATA / f"{name}.wav")).refusal() is None
