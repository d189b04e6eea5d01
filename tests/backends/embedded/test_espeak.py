"""libespeak-ng through ctypes (espeak.py): voices, native rate and pitch, abort."""

from __future__ import annotations

import pytest

from backends.embedded import espeak
from backends.embedded.pitch import median_f0, semitones_between

TEXT = "The quick brown fox jumps over the lazy dog near the river bank."


@pytest.fixture(scope="module")
def es() -> espeak.Espeak:
    return espeak.shared()


def test_initialised_once_with_its_rate_and_version(es: espeak.Espeak) -> None:
    assert espeak.shared() is es
    assert es.sample_rate == 22050
    assert es.version.startswith("1.")


def test_lists_the_voices_we_route_to(es: espeak.Espeak) -> None:
    langs = {lang for v in es.list_voices() for lang in v.languages}
    assert {"en-us", "yue", "ko", "de", "fr", "ru"} <= langs


def test_speaks_and_rate_is_native(es: espeak.Espeak) -> None:
    normal = es.synthesize(TEXT, "en-us")
    fast = es.synthesize(TEXT, "en-us", rate_wpm=350)
    assert 2.0 < len(normal) / es.sample_rate < 6.0
    assert len(fast) < 0.7 * len(normal)
    assert float(abs(normal).max()) > 0.05


def test_unknown_voice_is_an_error(es: espeak.Espeak) -> None:
    with pytest.raises(espeak.EspeakError):
        es.synthesize("hello", "no-such-voice")


@pytest.mark.parametrize("semitones", [-4.0, 3.0, 6.0])
def test_native_pitch_follows_the_measured_table(es: espeak.Espeak, semitones: float) -> None:
    base = median_f0(es.synthesize(TEXT, "en-us"), es.sample_rate)
    param, rest = espeak.pitch_parameter(semitones)
    assert rest == 0.0
    shifted = median_f0(es.synthesize(TEXT, "en-us", pitch=param), es.sample_rate)
    assert semitones_between(base, shifted) == pytest.approx(semitones, abs=1.0)


def test_pitch_beyond_espeaks_range_leaves_a_remainder() -> None:
    param, rest = espeak.pitch_parameter(12.0)
    assert param == 100 and rest == pytest.approx(12.0 - 9.28, abs=0.01)
    param, rest = espeak.pitch_parameter(-12.0)
    assert param == 0 and rest == pytest.approx(-12.0 + 6.25, abs=0.01)


def test_abort_from_the_callback_stops_a_long_utterance(es: espeak.Espeak) -> None:
    long_text = " ".join([TEXT] * 40)
    calls = {"n": 0}

    def abort() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    cut = es.synthesize(long_text, "en-us", should_abort=abort)
    assert len(cut) / es.sample_rate < 2.0  # the whole text is over two minutes
    assert len(es.synthesize("Still works.", "en-us")) > 0
