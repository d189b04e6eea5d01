"""Re-speaking words: who speaks (the plan), and the splice measured on real recordings and a take."""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from backends.audio import Audio
from backends.base import BackendError, Cancelled, CancelToken, SynthesisRequest, VoiceProfile
from backends.registry import Registry
from studio.editing import CLICK_RATIO, EditError, EditProject, integrated_loudness, seam_discontinuity
from studio.editing.respeak import (
    EASE_FROM,
    META_KEY,
    RespeakPlan,
    VoiceChoice,
    _eased,
    plan_respeak,
    respeak,
)
from studio.editing.seams import seams_of
from studio.editing.transcript import (
    Transcript,
    align_words,
    kept,
    normalised_words,
    transcribe,
    word_error_rate,
)
from studio.engines.jobs import SynthesisJob
from studio.library.takes import Take

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry()


def _worst_seam(project: EditProject) -> float:
    x = project.render().samples
    return max((seam_discontinuity(x, s, project.sample_rate) for s in seams_of(project.table)), default=0.0)


def _take(registry: Registry, text: str, voice: str, speed: float) -> tuple[Take, Audio]:
    """A real take of the embedded engine, with the metadata the studio records, and its audio."""
    job = SynthesisJob(registry.create("embedded"), SynthesisRequest(text, voice_id=voice, speed=speed),
                       engine_id="embedded")
    job.start()
    assert job.wait(120) and job.audio is not None, job.error
    audio = job.audio
    return Take("0" * 32, "t", text, "embedded", voice, time.time(), audio.duration, audio.sample_rate, False,
                dict(job.metadata), Path("/nonexistent.flac")), audio


def _check_span(project: EditProject, before: Transcript, i: int, j: int, new: str) -> dict[str, object]:
    """Whisper on the result: the new words heard in place (word error on them), the two words on
    either side unchanged (as Whisper heard them before the edit); the seams; the new sound's
    loudness against 3 s of neighbours."""
    text = transcribe(project, language=before.language).text
    heard = normalised_words(text)
    new_words = normalised_words(new)
    old = [normalised_words(w.text) for w in before.words]
    ref = [t for ts in old[:i] for t in ts] + new_words + [t for ts in old[j:] for t in ts]
    match = align_words(ref, heard)
    a = sum(len(ts) for ts in old[:i])
    span_errors = sum(m is None for m in match[a:a + len(new_words)])
    around = match[max(0, a - 2):a] + match[a + len(new_words):a + len(new_words) + 2]
    op = project.versions[project.current].op
    rate = project.sample_rate
    x = project.render().samples
    lo, n = int(op["range"][0]), round(float(op["seconds"]) * rate)
    neighbours = np.concatenate([x[max(0, lo - 3 * rate):lo], x[lo + n:lo + n + 3 * rate]])
    return {"span_wer": span_errors / len(new_words), "around_missing": sum(m is None for m in around),
            "seam": _worst_seam(project),
            "loudness_diff": integrated_loudness(x[lo:lo + n], rate) - integrated_loudness(neighbours, rate),
            "heard": text, "before": before.text}


# --- the plan ------------------------------------------------------------------------------------------

def test_a_recording_not_made_here_is_voice_matched_from_itself(registry: Registry) -> None:
    project = EditProject.open(DATA / "zero_shot_en_prompt.wav")
    plan = plan_respeak(project, engines=registry, language="en")
    assert plan.kind == "match" and plan.engine_id == "embedded" and plan.prepares_voice
    assert plan.min_reference <= plan.reference_seconds <= project.duration
    assert "not made in the studio" in plan.describe() and "a voice match, not a clone" in plan.describe()


def test_too_short_to_match_uses_the_picked_voice_or_the_default(registry: Registry) -> None:
    project = EditProject(Audio(np.zeros(16000 * 2, dtype=np.float32), 16000))  # 2 s < 3 s needed
    picked = plan_respeak(project, engines=registry, voice_choice=VoiceChoice("embedded", "espeak:en"))
    assert picked.kind == "voice" and picked.voice_id == "espeak:en"
    assert "with the voice you picked" in picked.describe()
    default = plan_respeak(project, engines=registry)
    assert default.kind == "default" and "default voice" in default.describe()


def test_a_take_is_respoken_with_its_own_engine_voice_tags_and_settings(registry: Registry) -> None:
    take, _ = _take(registry, "(高兴)The little boat sailed across the quiet lake.", "piper:joe", 1.1)
    project = EditProject(Audio(np.zeros(48000, dtype=np.float32), 16000))
    plan = plan_respeak(project, take, engines=registry)
    assert (plan.kind, plan.engine_id, plan.voice_id, plan.speed, plan.prefix) == (
        "take", "embedded", "piper:joe", 1.1, "(高兴)")
    assert "same engine, voice, tags and settings" in plan.describe()
    broken = Take(**{**take.__dict__, "metadata": {**take.metadata, "made_with": {
        **take.metadata["made_with"], "engine_id": "gone"}}})
    fallback = plan_respeak(project, broken, engines=registry)
    assert fallback.kind != "take"
    assert fallback.describe().startswith("The take's engine (gone) cannot run here")


# --- the splice ----------------------------------------------------------------------------------------

def test_respeak_a_take_in_its_own_voice(registry: Registry) -> None:
    # Kokoro, not Piper: Piper samples noise inside its model, so its takes differ run to run.
    take, audio = _take(registry, "The little boat sailed across the quiet lake, and the birds sang.",
                        "kokoro:jm_kumo", 1.0)
    project = EditProject(audio)
    words = transcribe(project, language="en")
    texts = [w.text.strip(".,").lower() for w in words.words]
    i = texts.index("quiet")
    plan = plan_respeak(project, take, engines=registry)
    result = respeak(project, words, i, i + 2, "frozen river", plan)
    assert [w.text for w in result.words][i:i + 2] == ["frozen", "river"]
    assert len(project.versions) == 2 and project.versions[-1].op["op"] == "respeak"
    m = _check_span(project, words, i, i + 2, "frozen river")
    assert m["span_wer"] <= 0.05 and m["around_missing"] == 0, (m["heard"], m["before"])
    assert m["seam"] < CLICK_RATIO and abs(m["loudness_diff"]) <= 1.5, m  # type: ignore[operator]


@pytest.mark.parametrize(("name", "first", "count", "new"), [
    ("zero_shot_en_prompt.wav", "stance", 1, "position"),
    ("zero_shot_en_prompt.wav", "particularly", 5, "very fond of Winston Churchill."),
])
def test_respeak_a_recording_with_a_voice_matched_from_it(registry: Registry, name: str, first: str,
                                                           count: int, new: str) -> None:
    project = EditProject.open(DATA / name)
    source = project.render().samples.copy()
    words = transcribe(project, language="en")
    texts = [w.text.strip(".,").lower() for w in words.words]
    i = texts.index(first)
    plan = plan_respeak(project, engines=registry, language="en")
    steps: list[str] = []
    result = respeak(project, words, i, i + count, new, plan, progress=lambda _f, m: steps.append(m))
    assert META_KEY in project.meta and plan_respeak(project, engines=registry).profile is not None
    assert steps[-1] == "Splicing the new words in…"
    assert result.text == kept(project).text  # type: ignore[union-attr]
    m = _check_span(project, words, i, i + count, new)
    assert m["span_wer"] <= 0.05 and m["around_missing"] == 0, (m["heard"], m["before"])
    assert m["seam"] < CLICK_RATIO and abs(m["loudness_diff"]) <= 1.5, m  # type: ignore[operator]
    assert word_error_rate(result.text, transcribe(project, language="en").text) <= 0.05
    project.undo()
    assert np.array_equal(project.render().samples, source)


def test_respeak_a_noisy_recording_is_checked_with_the_new_words_in_place(registry: Registry) -> None:
    """A noisy recording, re-spoken by a picked voice: the new words are heard in place and the
    words around them kept, and the check (which listens to the new words in place) found a place
    it heard right, so the version carries no warning."""
    project = EditProject.open(DATA / "denoise_prompt.wav")
    words = transcribe(project, language="en")
    i = [w.text.strip(".,").lower() for w in words.words].index("from")
    new = "again and again after that."
    backend = registry.create("embedded")
    plan = RespeakPlan("voice", "embedded", "Embedded", "piper:joe", "Joe", backend=backend)
    respeak(project, words, i, i + 5, new, plan)
    m = _check_span(project, words, i, i + 5, new)
    assert m["span_wer"] <= 0.05 and m["around_missing"] == 0, (m["heard"], m["before"])
    assert "heard_errors" not in project.versions[project.current].op


def test_a_matched_voice_too_far_shifted_to_be_heard_is_eased(registry: Registry) -> None:
    """The noisy recording re-spoken by the voice matched from it: the match shifts a bundled voice
    -7.5 semitones, and "again" was heard as "a game" in place at every place tried. The words are
    spoken again with half the shift, heard right, and the version says the pitch was eased."""
    project = EditProject.open(DATA / "denoise_prompt.wav")
    words = transcribe(project, language="en")
    i = [w.text.strip(".,").lower() for w in words.words].index("from")
    new = "again and again after that."
    steps: list[str] = []
    respeak(project, words, i, i + 5, new, plan_respeak(project, engines=registry, language="en"),
            progress=lambda _f, m: steps.append(m))
    op = project.versions[project.current].op
    matched = project.meta[META_KEY]["profile"]["data"]["pitch"]
    assert abs(matched) >= EASE_FROM, "the match no longer shifts far: this test no longer tests easing"
    assert op["eased_pitch"] == [matched, math.trunc(matched) / 2]
    assert "Trying a gentler pitch shift…" in steps
    assert op["voice"].endswith(f"Spoken shifted {math.trunc(matched) / 2:+.1f} semitones, to be heard "
                                "clearly.")
    assert "heard_errors" not in op, op.get("heard")
    m = _check_span(project, words, i, i + 5, new)
    assert m["span_wer"] <= 0.05 and m["around_missing"] == 0, (m["heard"], m["before"])
    assert m["seam"] < CLICK_RATIO, m


def test_only_a_far_shifted_profile_is_eased() -> None:
    def profile(pitch: object) -> VoiceProfile:
        return VoiceProfile("embedded", "match", 1, {"voices": [["kokoro:jm_kumo", 1.0]], "pitch": pitch})

    assert _eased(profile(-7.5)).data["pitch"] == -3.5  # type: ignore[union-attr]
    assert _eased(profile(5.0)).data["pitch"] == 2.5  # type: ignore[union-attr]
    assert _eased(profile(-2.5)) is None and _eased(profile("high")) is None and _eased(None) is None


# --- failures leave the last good version ------------------------------------------------------------

class _FailingEngine:
    """Wraps the embedded engine; synthesis fails after it started (an engine dying mid-way)."""

    def __init__(self, inner: object) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[object]:
        yield from ()
        raise BackendError("The engine ran out of memory.")


class _FailsWhenEased:
    """Wraps the embedded engine; a take with a gentler pitch than the match's fails."""

    def __init__(self, inner: Any, pitch: float) -> None:
        self.inner, self.pitch, self.failed = inner, pitch, 0

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[object]:
        profile = request.voice_profile
        if profile is not None and profile.data.get("pitch") != self.pitch:
            self.failed += 1
            raise BackendError("The engine ran out of memory.")
        return self.inner.synthesize(request, cancel)


def test_a_failed_second_try_keeps_the_first_words(registry: Registry) -> None:
    """The gentler-pitch try is a second chance, not a new way to fail: if its engine fails, the
    words of the first try are spliced in and what Whisper heard is said, as without it."""
    project = EditProject.open(DATA / "denoise_prompt.wav")
    words = transcribe(project, language="en")
    i = [w.text.strip(".,").lower() for w in words.words].index("from")
    plan = plan_respeak(project, engines=registry, language="en")
    profile = plan.profile or plan.backend.prepare_voice(  # type: ignore[union-attr]
        project.render(None, 0.0, min(project.duration, 8.0)), None, CancelToken())
    engine = _FailsWhenEased(plan.backend, profile.data["pitch"])
    failing = dataclasses.replace(plan, kind="match", profile=profile, backend=engine)
    assert _eased(profile) is not None, "the match no longer shifts far: this test no longer tests easing"
    respeak(project, words, i, i + 5, "again and again after that.", failing)
    op = project.versions[project.current].op
    assert op["op"] == "respeak" and "eased_pitch" not in op
    # Tried again only when the first words were not heard right; then those words stay, said so.
    assert engine.failed == (1 if op.get("heard_errors") else 0)


def test_a_failing_engine_or_a_cancel_leaves_the_project_as_it_was(registry: Registry) -> None:
    project = EditProject.open(DATA / "zero_shot_en_prompt.wav")
    words = transcribe(project, language="en")
    backend = registry.create("embedded")
    failing = RespeakPlan("voice", "embedded", "Embedded", "piper:joe", "Joe",
                          backend=_FailingEngine(backend))
    with pytest.raises(EditError, match="ran out of memory"):
        respeak(project, words, 2, 3, "position", failing, verify=False)
    token = CancelToken()
    token.cancel()
    plan = RespeakPlan("voice", "embedded", "Embedded", "piper:joe", "Joe", backend=backend)
    with pytest.raises(Cancelled):
        respeak(project, words, 2, 3, "position", plan, cancel=token, verify=False)
    with pytest.raises(EditError, match="Type the new words"):
        respeak(project, words, 2, 3, "  ", plan)
    assert len(project.versions) == 1 and len(project.buffers) == 1


class _Listening(_FailingEngine):
    """Wraps the embedded engine and keeps every request it is given."""

    def __init__(self, inner: object) -> None:
        super().__init__(inner)
        self.requests: list[SynthesisRequest] = []

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[object]:
        self.requests.append(request)
        return self.inner.synthesize(request, cancel)


def test_respoken_words_follow_the_users_pronunciations(registry: Registry) -> None:
    from backends.lexicon import check_entry

    project = EditProject.open(DATA / "zero_shot_en_prompt.wav")
    words = transcribe(project, language="en")
    backend = _Listening(registry.create("embedded"))
    lexicon = (check_entry("Siobhan", "Shiv-awn", "respell", "en"),)
    plan = RespeakPlan("voice", "embedded", "Embedded", "piper:joe", "Joe", backend=backend, lexicon=lexicon)
    respeak(project, words, 2, 3, "Siobhan", plan, verify=False)
    assert backend.requests and all(r.lexicon == lexicon for r in backend.requests)
    assert len(project.versions) == 2
