"""Each waveform operation checked by a measurement on real recordings (tests/data)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio, load_audio
from backends.embedded.pitch import median_f0
from studio.editing import CLICK_RATIO, EditError, EditProject, integrated_loudness, seam_discontinuity
from studio.editing.dsp import pauses
from studio.editing.seams import seams_of

DATA = Path(__file__).resolve().parents[2] / "data"
SPEECH = ["zero_shot_en_prompt.wav", "tingting_prompt.wav", "fear_zh_female_prompt.wav",
          "paralingustic_prompt.wav"]


def _project(name: str) -> EditProject:
    return EditProject.open(DATA / name)


def _worst_seam(project: EditProject) -> float:
    x = project.render().samples
    return max((seam_discontinuity(x, s, project.sample_rate) for s in seams_of(project.table)), default=0.0)


@pytest.mark.parametrize("name", SPEECH)
def test_cut_inside_speech_leaves_no_click(name: str) -> None:
    project = _project(name)
    rate, src = project.sample_rate, project.source.samples
    for start, end in [(1.0, 2.0), (0.73, 1.41), (2.2, 3.05)]:
        # test_bare_splice_is_caught_by_the_seam_check shows the check fails a splice without a crossfade
        a, b = round(start * rate), round(end * rate)
        bare = np.concatenate([src[:a], src[b:]])
        project.delete(start, end)
        assert _worst_seam(project) < CLICK_RATIO, (name, start, end)
        assert abs(project.duration - (len(bare) / rate)) <= 2 * 0.010 + 1 / rate  # snapping moves <= 10 ms
        project.undo()


def test_bare_splice_is_caught_by_the_seam_check() -> None:
    src = load_audio(DATA / "zero_shot_en_prompt.wav")
    a, b = round(1.0 * src.sample_rate), round(2.0 * src.sample_rate)
    bare = np.concatenate([src.samples[:a], src.samples[b:]])
    assert seam_discontinuity(bare, a, src.sample_rate) > CLICK_RATIO


@pytest.mark.parametrize("name", SPEECH[:2])
def test_insert_paste_and_silence_joins_are_clean(name: str) -> None:
    project = _project(name)
    other = load_audio(DATA / "fear_zh_female_prompt.wav").slice_seconds(1.0, 2.0)  # 24 kHz into any rate
    before = project.duration
    project.insert(1.5, other)
    assert project.duration == pytest.approx(before + 1.0, abs=1 / project.sample_rate)
    assert _worst_seam(project) < CLICK_RATIO
    clip = project.cut(0.5, 1.0)
    project.paste(2.0, clip)
    assert project.duration == pytest.approx(before + 1.0, abs=0.03)
    project.insert_silence(3.0, 0.4)
    project.silence(0.2, 0.4)
    assert _worst_seam(project) < CLICK_RATIO
    x = project.render(None, 0.21, 0.39).samples
    assert np.max(np.abs(x)) < 1e-6  # silenced, apart from the 10 ms blends at its edges


def test_copy_crop_and_split() -> None:
    project = _project("zero_shot_en_prompt.wav")
    copied = project.copy(1.0, 2.0)
    assert np.array_equal(copied.samples, project.source.samples[44100:88200])
    project.crop(1.0, 3.0)
    assert project.duration == pytest.approx(2.0, abs=0.021)
    tail = project.split(1.0)
    assert project.duration + tail.duration == pytest.approx(2.0, abs=0.021)
    assert project.duration == pytest.approx(1.0, abs=0.011)


def test_fades_gain_and_peak_normalise() -> None:
    project = _project("tingting_prompt.wav")
    rate, src = project.sample_rate, project.source.samples
    project.fade_in(0.0, 0.5)
    x = project.render().samples
    assert x[0] == pytest.approx(0.0, abs=1e-3) and np.array_equal(x[int(0.5 * rate):], src[int(0.5 * rate):])
    project.fade_out(project.duration - 0.5, project.duration)
    assert abs(project.render().samples[-1]) < 1e-3
    project.gain(1.0, 2.0, -6.0)
    y = project.render(None, 1.1, 1.9).samples
    ref = src[round(1.1 * rate):round(1.9 * rate)]
    assert 20 * np.log10(np.sqrt(np.mean(y**2)) / np.sqrt(np.mean(ref**2))) == pytest.approx(-6.0, abs=0.01)
    project.normalize_peak(0.0, project.duration, -1.0)
    assert 20 * np.log10(project.render().peak()) == pytest.approx(-1.0, abs=0.01)


@pytest.mark.parametrize("name", [*SPEECH, "denoise_prompt.wav"])
@pytest.mark.parametrize("target", [-23.0, -16.0])
def test_loudness_normalise_within_half_a_lu(name: str, target: float) -> None:
    project = _project(name)
    try:
        project.normalize_loudness(0.0, project.duration, target)
    except EditError as exc:
        assert "clip" in str(exc)  # a loud target a quiet, peaky clip cannot reach without clipping
        return
    measured = integrated_loudness(project.render().samples, project.sample_rate)
    assert abs(measured - target) <= 0.5


@pytest.mark.parametrize("name", SPEECH)
def test_speed_times_1_25_is_0_8_of_the_length_at_the_same_pitch(name: str) -> None:
    project = _project(name)
    rate, before = project.sample_rate, project.duration
    f0_before = median_f0(project.source.samples, rate)
    project.change_speed(0.0, before, 1.25)
    assert abs(project.duration / before - 0.8) <= 0.02 * 0.8
    f0_after = median_f0(project.render().samples, rate)
    assert abs(12 * np.log2(f0_after / f0_before)) < 0.5  # pitch kept within half a semitone


@pytest.mark.parametrize("name", SPEECH)
def test_pitch_plus_4_semitones_by_f0_at_the_same_length(name: str) -> None:
    project = _project(name)
    rate, before = project.sample_rate, project.length
    f0_before = median_f0(project.source.samples, rate)
    project.change_pitch(0.0, project.duration, 4.0)
    assert project.length == before
    shift = 12 * np.log2(median_f0(project.render().samples, rate) / f0_before)
    assert abs(shift - 4.0) <= 0.5


def test_speed_on_a_span_joins_cleanly() -> None:
    project = _project("zero_shot_en_prompt.wav")
    before = project.duration
    project.change_speed(1.0, 3.0, 0.8)
    assert project.duration == pytest.approx(before + 2.0 / 0.8 - 2.0, rel=0.01)
    assert _worst_seam(project) < CLICK_RATIO


def test_long_pauses_are_shortened_as_voice_activity_measures() -> None:
    project = _project("vad_prompt.wav")
    rate = project.sample_rate
    project.insert_silence(3.9, 1.5)  # a long pause in a real recording, where it already pauses
    longest = max(b - a for a, b in pauses(project.render().samples, rate)) / rate
    assert longest > 1.5
    assert project.shorten_pauses(longer_than=0.6, keep=0.3) >= 1
    after = pauses(project.render().samples, rate)
    assert max(b - a for a, b in after) / rate <= 0.6 + 0.032  # one VAD frame of tolerance
    assert _worst_seam(project) < CLICK_RATIO


def test_denoise_raises_the_measured_snr() -> None:
    from studio.voices.reference.analysis import measure_snr

    project = _project("denoise_prompt.wav")
    before = measure_snr(project.source)
    project.denoise(0.0, project.duration)
    after = measure_snr(project.render())
    assert project.length == len(project.source)
    assert after - before >= 6.0, (before, after)  # the cleaner's own tests hold it to this order


@pytest.mark.parametrize(("call", "words"), [
    (lambda p: p.denoise(0.0, 1.0, 0.0), "strength"),
    (lambda p: p.delete(1.0, 1.0), "empty"),
    (lambda p: p.delete(2.0, 1.0), "before it starts"),
    (lambda p: p.gain(3.0, 99.0, 1.0), "outside the clip"),
    (lambda p: p.gain(-1.0, 1.0, 1.0), "outside the clip"),
    (lambda p: p.silence(float("nan"), 1.0), "seconds"),
    (lambda p: p.insert(99.0, Audio.silence(1.0, 16000)), "outside the clip"),
    (lambda p: p.insert(1.0, Audio.silence(0.0, 16000)), "empty"),
    (lambda p: p.insert_silence(1.0, 0.0), "above 0"),
    (lambda p: p.change_speed(0.0, 1.0, 10.0), "outside"),
    (lambda p: p.change_pitch(0.0, 1.0, 30.0), "outside"),
    (lambda p: p.gain(0.0, 1.0, 100.0), "outside"),
    (lambda p: p.normalize_loudness(0.0, 0.2, -16.0), "at least"),
    (lambda p: p.normalize_peak(0.0, 1.0, 3.0), "clip"),
    (lambda p: p.delete(0.0, p.duration), "empty"),
    (lambda p: p.undo(), "nothing to undo"),
    (lambda p: p.render(7), "no version"),
])
def test_bad_input_is_one_sentence_and_changes_nothing(call, words: str) -> None:  # type: ignore[no-untyped-def]
    project = _project("vad_prompt.wav")
    buffers = len(project.buffers)
    with pytest.raises(EditError) as info:
        call(project)
    message = str(info.value)
    assert words in message and "\n" not in message and message.endswith(".")
    assert len(project.versions) == 1 and len(project.buffers) == buffers


def test_unreadable_file_is_one_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "notes.wav"
    bad.write_text("not audio")
    with pytest.raises(ValueError, match=r"notes\.wav: not a readable audio file"):
        EditProject.open(bad)
