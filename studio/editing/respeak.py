"""Re-speaking words: the user types new words over a selection of the transcript, an engine speaks
them, and they are spliced in where the old ones were, in one undoable step.

Which voice speaks is decided first and shown to the user before anything runs (`plan_respeak`,
`RespeakPlan.describe`), because it decides whether the seam can sound like the same speaker:

- a take the studio made is re-spoken by the engine, voice (or prepared voice profile), tags and
  settings its metadata records, so the new words come from the same voice as the old;
- any other recording is re-spoken by an engine that can prepare a voice from a reference
  (`backends.base.SupportsVoicePreparation`: a real clone preferred, else a voice match), with
  the reference cut from the recording's own speech around the words; the prepared voice is kept
  in `project.meta` so later re-speaks of the same project do not prepare it again;
- failing that, the voice the user picked, or the engine's default voice, said as such.

The splice (`respeak`): the new sound is trimmed of the engine's leading and trailing silence,
brought to the loudness (ITU-R BS.1770) of the speech around it, and put in place of the old
words' sound only, from the first word's onset to the last word's end as measured in the audio
(`studio.editing.wordcut.measure_pause`), so the pauses around, with their room tone and
breaths, stay as the speaker made them. The project crossfades both joins. Anything that fails or
is cancelled before the splice leaves the project at its last version; the splice itself is one
`EditProject.replace`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from backends.audio import Audio
from backends.base import (
    Backend,
    BackendError,
    Cancelled,
    CancelToken,
    Progress,
    SupportsVoicePreparation,
    SynthesisRequest,
    VoiceProfile,
)
from backends.lexicon import Pronunciation
from backends.tags import TextRun, parse
from studio.editing.dsp import EditError
from studio.editing.transcript import Transcript, keep, split_words, spread
from studio.editing.wordcut import (
    choose_cut,
    neighbour_loudness,
    speech_edges,
    speech_loudness,
)

if TYPE_CHECKING:
    from studio.editing.project import EditProject
    from studio.library.takes import Take

MAX_MATCH_GAIN_DB = 24.0
PEAK_LIMIT = 0.98
META_KEY = "respeak_voice"
HEARD_CHARS = 200  # what Whisper heard at an unclear seam, as much as a notice shows
# A voice match may shift a bundled voice far in pitch (up to 8 semitones), which can blur words:
# on the noisy `denoise_prompt.wav` the match (-7.5 semitones) said "again" heard as "a game" in
# place, at every place tried; at -3.5 it was heard right. When the check hears errors and the match
# shifts by at least EASE_FROM semitones, the words are spoken once more with half the shift, and
# the clearer of the two is kept (the version says so).
EASE_FROM = 3.0

# Sentences the page shows (listed for translation).
PLAN_TAKE = ("This take was made by {0} with the voice {1}: the new words are spoken by the same "
             "engine, voice, tags and settings, so the seam is the same voice.")
PLAN_CLONE = ("This recording was not made in the studio: {0} clones the voice from about {1} s of "
              "the recording's own speech around the words, then speaks the new words.")
PLAN_MATCH = ("This recording was not made in the studio and no engine here can clone a voice: {0} "
              "matches its nearest voice to about {1} s of the recording's own speech around the words "
              "(a voice match, not a clone), then speaks the new words.")
PLAN_VOICE = ("This recording was not made in the studio and no engine here can clone from it: the new "
              "words are spoken by {0} with the voice you picked, {1}.")
PLAN_DEFAULT = ("This recording was not made in the studio, no engine here can clone from it and no voice "
                "is picked: the new words are spoken by {0} with its default voice, {1}.")
PLAN_REUSED = "The voice prepared from this recording before is used again."
TAKE_ENGINE_GONE = "The take's engine ({0}) cannot run here: {1}"
NO_ENGINE = "No engine can speak the new words here; install or repair an engine first."
PREPARING = "Preparing the voice from the recording…"
SPEAKING = "Speaking the new words…"
SPLICING = "Splicing the new words in…"
EASING = "Trying a gentler pitch shift…"
NO_TEXT = "Type the new words, or delete the words instead."
TOO_LITTLE_SPEECH = ("The recording has {0} s of speech around the words; {1} needs at least {2} s to "
                     "prepare the voice. Pick a voice instead.")
NO_AUDIO = "The engine produced no speech for the new words."
CHANGED = "The words no longer match the recording; transcribe it again."

Report = Callable[[float, str], None]


@dataclass(frozen=True)
class VoiceChoice:
    """A voice the user picked: an engine's voice id, or a library voice's profile for it."""

    engine_id: str
    voice_id: str | None = None
    profile: VoiceProfile | None = None
    name: str = ""


@dataclass(frozen=True)
class RespeakPlan:
    """Who will speak the new words and how; `describe()` is the sentence shown before running.

    kind: "take" (the take's own engine and voice), "clone" / "match" (a voice prepared from the
    recording's speech around the words), "voice" (the user's pick) or "default"."""

    kind: str
    engine_id: str
    engine_name: str
    voice_id: str | None
    voice_name: str
    profile: VoiceProfile | None = None
    prefix: str = ""  # the take's leading tags, spoken before the new words
    speed: float = 1.0
    pitch: float = 0.0
    seed: int | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    reference_seconds: float = 0.0  # clone/match: how much speech around the words is the reference
    min_reference: float = 0.0
    max_reference: float = 0.0
    needs_transcript: bool = False
    note: str = ""  # a sentence said before the plan's (why the take's engine is not used)
    backend: Backend | None = field(default=None, compare=False, repr=False)
    lexicon: tuple[Pronunciation, ...] = ()  # the user's pronunciations (last: plans are built positionally)

    @property
    def prepares_voice(self) -> bool:
        return self.kind in ("clone", "match") and self.profile is None

    def describe(self) -> str:
        seconds = f"{self.reference_seconds:.0f}"
        body = {"take": PLAN_TAKE.format(self.engine_name, self.voice_name),
                "clone": PLAN_CLONE.format(self.engine_name, seconds),
                "match": PLAN_MATCH.format(self.engine_name, seconds),
                "voice": PLAN_VOICE.format(self.engine_name, self.voice_name),
                "default": PLAN_DEFAULT.format(self.engine_name, self.voice_name)}[self.kind]
        if self.kind in ("clone", "match") and self.profile is not None:
            body += " " + PLAN_REUSED
        return f"{self.note} {body}".strip()


# --- planning ----------------------------------------------------------------------------------------

def _backend(engines: Any, engine_id: str) -> Backend:
    """The engine instance: from an EngineManager (`backend`) or a Registry (`create`)."""
    getter = getattr(engines, "backend", None)
    return getter(engine_id) if callable(getter) else engines.create(engine_id)


def _ids(engines: Any) -> list[str]:
    registry = getattr(engines, "registry", engines)
    return [e.id for e in registry.entries() if e.ok]


def _usable(engines: Any, engine_id: str) -> tuple[Backend | None, str]:
    try:
        backend = _backend(engines, engine_id)
        availability = backend.availability()
    except (KeyError, BackendError) as exc:
        return None, str(exc).strip("'\"")
    if not availability.available:
        return None, availability.reason
    return backend, ""


def _voice_name(backend: Backend, voice_id: str | None) -> str:
    try:
        voices = backend.voices()
    except Exception:  # a name is a courtesy; an engine that cannot list voices still speaks
        voices = []
    if voice_id is None:
        return voices[0].name if voices else "default"
    return next((v.name for v in voices if v.id == voice_id), voice_id)


def _leading_tags(text: str) -> str:
    """The take's tags before its first words (emotion, style, language, speed: they set how the
    whole take speaks), as written; breaks are left out."""
    parsed = parse(text)
    first = next((item.start for item in parsed.items if isinstance(item, TextRun) and item.text.strip()),
                 len(text))
    return "".join(tag.raw for tag in parsed.tags if tag.start < first and tag.seconds is None)


def _take_plan(take: Take, engines: Any,
               voice_lookup: Callable[[str, str], VoiceProfile | None] | None) -> RespeakPlan | str:
    """The plan that speaks with the take's own engine and settings, or why it cannot."""
    meta = take.metadata or {}
    made = meta.get("made_with") if isinstance(meta.get("made_with"), Mapping) else {}
    request = made.get("request") if isinstance(made.get("request"), Mapping) else {}
    engine_id = str(made.get("engine_id") or meta.get("engine_id") or take.engine_id)
    backend, why = _usable(engines, engine_id)
    if backend is None:
        return TAKE_ENGINE_GONE.format(engine_id, why.rstrip("."))
    profile = None
    raw = meta.get("voice_profile")
    if isinstance(raw, Mapping) and raw.get("data") is not None:
        try:
            profile = VoiceProfile.from_json({**raw, "engine_id": raw.get("engine_id", engine_id)})
        except (KeyError, TypeError, ValueError):
            profile = None
    voice_id = request.get("voice_id", take.voice_id or None) if request else (take.voice_id or None)
    library_id = meta.get("library_voice_id")
    if profile is None and voice_lookup is not None and (library_id or voice_id):
        profile = voice_lookup(str(library_id or voice_id), engine_id)
    if profile is None and voice_id and voice_id not in {v.id for v in backend.voices()}:
        voice_id = None  # a library voice without a profile here: the engine's own voice speaks
    options = request.get("options") if isinstance(request.get("options"), Mapping) else {}
    name = str(library_id or voice_id or meta.get("voice") or "")
    return RespeakPlan(
        "take", engine_id, backend.manifest.name, voice_id,
        name if (profile is not None and name) else _voice_name(backend, voice_id), profile,
        _leading_tags(take.text), float(request.get("speed", meta.get("speed", 1.0)) or 1.0),
        float(request.get("pitch", meta.get("pitch", 0.0)) or 0.0), request.get("seed", meta.get("seed")),
        dict(options), backend=backend)


def plan_respeak(project: EditProject, take: Take | None = None, *, engines: Any,
                 voice_choice: VoiceChoice | None = None, language: str | None = None,
                 voice_lookup: Callable[[str, str], VoiceProfile | None] | None = None) -> RespeakPlan:
    """Decide who speaks re-spoken words in `project` (see the module notes for the order).

    `engines`: the app's EngineManager or a Registry. `take`: the take the project was opened
    from, if any. `voice_choice`: the voice the user picked, used when no engine can prepare a
    voice from the recording. `language`: the transcript's, to prefer an engine that speaks it.
    `voice_lookup(voice_id, engine_id)`: a library voice's profile, for takes whose metadata does
    not carry it. Cheap (no model loads); raises EditError when no engine can speak at all.
    """
    note = ""
    if take is not None:
        planned = _take_plan(take, engines, voice_lookup)
        if isinstance(planned, RespeakPlan):
            return planned
        note = planned if planned.endswith(".") else planned + "."
    cached = project.meta.get(META_KEY)
    candidates: list[tuple[int, RespeakPlan]] = []
    for engine_id in _ids(engines):
        backend, _ = _usable(engines, engine_id)
        if backend is None or not isinstance(backend, SupportsVoicePreparation):
            continue
        clone = backend.manifest.cloning
        if clone.kind not in ("clone", "match") or project.duration < clone.min_seconds:
            continue
        profile = None
        if isinstance(cached, Mapping) and cached.get("engine_id") == engine_id:
            try:
                profile = VoiceProfile.from_json(cached["profile"])
            except (KeyError, TypeError, ValueError):
                profile = None
        seconds = min(max(clone.ideal_seconds, clone.min_seconds), clone.max_seconds or 1e9,
                      project.duration)
        rank = (0 if clone.kind == "clone" else 2) + (0 if language is None or any(
            lang.split("-")[0] == language for lang in backend.manifest.languages) else 1)
        candidates.append((rank, RespeakPlan(
            clone.kind, engine_id, backend.manifest.name, None, "", profile, reference_seconds=seconds,
            min_reference=clone.min_seconds, max_reference=clone.max_seconds or seconds,
            needs_transcript=clone.needs_transcript, note=note, backend=backend)))
    if candidates:
        return min(candidates, key=lambda c: c[0])[1]
    if voice_choice is not None:
        backend, why = _usable(engines, voice_choice.engine_id)
        if backend is None:
            raise EditError(why or NO_ENGINE)
        name = voice_choice.name or _voice_name(backend, voice_choice.voice_id)
        return RespeakPlan("voice", voice_choice.engine_id, backend.manifest.name, voice_choice.voice_id,
                           name, voice_choice.profile, note=note, backend=backend)
    registry = getattr(engines, "registry", engines)
    for engine_id in [registry.default_id, *_ids(engines)]:
        if engine_id is None:
            continue
        backend, _ = _usable(engines, engine_id)
        if backend is not None:
            return RespeakPlan("default", engine_id, backend.manifest.name, None,
                               _voice_name(backend, None), note=note, backend=backend)
    raise EditError(NO_ENGINE)


# --- running -----------------------------------------------------------------------------------------

def _scaled(report: Report | None, lo: float, hi: float) -> Report:
    def inner(fraction: float, message: str) -> None:
        if report is not None:
            report(lo + (hi - lo) * max(0.0, min(1.0, fraction)), message)
    return inner


def _prepare(project: EditProject, transcript: Transcript, plan: RespeakPlan, a: float, b: float,
             token: CancelToken, report: Report) -> VoiceProfile:
    """A voice prepared from the recording's speech around [a, b), kept in project.meta."""
    dur = project.duration
    length = min(plan.reference_seconds, plan.max_reference or plan.reference_seconds, dur)
    centre = (a + b) / 2
    ra = max(0.0, min(centre - length / 2, dur - length))
    rb = min(dur, ra + length)
    if rb - ra < plan.min_reference:
        raise EditError(TOO_LITTLE_SPEECH.format(f"{rb - ra:.1f}", plan.engine_name,
                                                 f"{plan.min_reference:g}"))
    reference = project.render(None, ra, rb)
    i, j = transcript.words_in(ra, rb)
    text = transcript.text_of(i, j) if plan.needs_transcript and j > i else None
    report(0.0, PREPARING)
    assert isinstance(plan.backend, SupportsVoicePreparation)
    try:
        profile = plan.backend.prepare_voice(reference, text, token, lambda f, _m: report(f, PREPARING))
    except BackendError as exc:
        raise EditError(str(exc)) from exc
    project.meta[META_KEY] = {"engine_id": plan.engine_id, "reference": [round(ra, 3), round(rb, 3)],
                              "profile": profile.to_json()}
    return profile


def _synthesise(plan: RespeakPlan, text: str, profile: VoiceProfile | None, token: CancelToken,
                report: Report) -> Audio:
    from studio.engines.jobs import JobState, SynthesisJob

    assert plan.backend is not None
    request = SynthesisRequest(text=plan.prefix + text, voice_id=plan.voice_id, speed=plan.speed,
                               pitch=plan.pitch, seed=plan.seed, options=dict(plan.options),
                               voice_profile=profile, lexicon=plan.lexicon)

    def on_event(event: object) -> None:
        if isinstance(event, Progress) and event.total:
            report(event.done / event.total, SPEAKING)

    report(0.0, SPEAKING)
    job = SynthesisJob(plan.backend, request, on_event, engine_id=plan.engine_id, front_end="edit")
    unregister = token.on_cancel(job.cancel)
    try:
        job.start()
        job.wait()
    finally:
        unregister()
    if job.state is JobState.CANCELLED or token.cancelled:
        raise Cancelled()
    if job.state is not JobState.FINISHED:
        raise EditError(job.error or NO_AUDIO)
    audio = job.audio
    if audio is None or len(audio) == 0:
        raise EditError(NO_AUDIO)
    return audio


def _matched(project: EditProject, a: float, b: float, clip: np.ndarray) -> tuple[np.ndarray, float]:
    """The new words at the loudness of the speech around [a, b), never clipped; and the gain."""
    rate = project.sample_rate
    gain_db = float(np.clip(neighbour_loudness(project, a, b) - speech_loudness(clip, rate),
                            -MAX_MATCH_GAIN_DB, MAX_MATCH_GAIN_DB))
    peak = float(np.max(np.abs(clip))) * 10 ** (gain_db / 20)
    if peak > PEAK_LIMIT:
        gain_db -= 20 * np.log10(peak / PEAK_LIMIT)  # quieter than its neighbours rather than clipped
    return (clip * np.float32(10 ** (gain_db / 20))).astype(np.float32), gain_db


def _spoken_clip(plan: RespeakPlan, text: str, profile: VoiceProfile | None, token: CancelToken,
                 rate: int, report: Report) -> np.ndarray:
    """The words spoken as `plan` says (with `profile`), trimmed to their speech, at `rate`. Raises
    EditError when the engine fails or says nothing; Cancelled on a cancel."""
    samples = _synthesise(plan, text, profile, token, report).resampled(rate).samples
    s, e = speech_edges(samples, rate)
    if e - s < int(0.05 * rate):
        raise EditError(NO_AUDIO)
    return samples[s:e]


def _eased(profile: VoiceProfile | None) -> VoiceProfile | None:
    """The matched voice with half its pitch shift (to the half semitone, towards none), or None when
    the shift is already gentle (see EASE_FROM) or the profile has none."""
    pitch = profile.data.get("pitch") if profile is not None and isinstance(profile.data, dict) else None
    if profile is None or not isinstance(pitch, int | float) or abs(pitch) < EASE_FROM:
        return None
    return replace(profile, data={**profile.data, "pitch": math.trunc(pitch) / 2})


def respeak(project: EditProject, transcript: Transcript, i: int, j: int, new_text: str,
            plan: RespeakPlan, *, progress: Report | None = None, cancel: CancelToken | None = None,
            verify: bool = True) -> Transcript:
    """Replace words i..j-1 by `new_text` spoken as `plan` says; one undoable version. Returns the
    transcript of the new version (the new words timed by their letters), also kept in
    `project.meta`. Blocking (run it on a worker thread). `verify`: Whisper listens to the
    new words in place at each candidate end of the old ones (`studio.editing.wordcut.choose_cut`);
    where even the best place was not heard right, the version's op records `heard` and
    `heard_errors` so the page can say so. Raises EditError with a sentence, or
    `backends.base.Cancelled`; either way the project is left as it was."""
    transcript._check(i, j)
    text = " ".join((new_text or "").split())
    if not text:
        raise EditError(NO_TEXT)
    if abs(transcript.duration - project.duration) > 0.05:
        raise EditError(CHANGED)
    token = cancel or CancelToken()
    first = choose_cut(project, transcript, i, j, mode="replace", verify=False)  # where to take a voice
    a, b = first.start, first.end
    profile = plan.profile
    share = 0.0
    if plan.prepares_voice:
        share = 0.6
        profile = _prepare(project, transcript, plan, a, b, token, _scaled(progress, 0.0, share))
    token.raise_if_cancelled()
    rate = project.sample_rate
    clip = _spoken_clip(plan, text, profile, token, rate, _scaled(progress, share, 0.9))
    if progress is not None:
        progress(0.92, SPLICING)
    check: dict[str, object] = {}
    if verify:  # where the old words end is checked with the new ones in place, as it will sound
        trial, _gain = _matched(project, a, b, clip)
        cut = choose_cut(project, transcript, i, j, mode="replace", insert=Audio(trial, rate),
                         new_words=split_words(text))
        eased = _eased(profile) if cut.errors and plan.kind == "match" else None
        if eased is not None and profile is not None:
            if progress is not None:
                progress(0.95, EASING)
            try:
                gentler: np.ndarray | None = _spoken_clip(plan, text, eased, token, rate, lambda _f, _m: None)
            except EditError:  # a second try must not lose the first: its words stand, said as heard
                gentler = None
            if gentler is not None:
                trial, _gain = _matched(project, a, b, gentler)
                second = choose_cut(project, transcript, i, j, mode="replace", insert=Audio(trial, rate),
                                    new_words=split_words(text))
                if (second.errors or 0) < (cut.errors or 0):
                    check["eased_pitch"] = [profile.data["pitch"], eased.data["pitch"]]
                    cut, clip, profile = second, gentler, eased
        a, b = cut.start, cut.end
        if cut.errors:  # the best place still did not sound right: say so with what was heard
            check.update(heard_errors=cut.errors, heard=cut.heard[:HEARD_CHARS])
        token.raise_if_cancelled()
    clip, gain_db = _matched(project, a, b, clip)
    token.raise_if_cancelled()
    voice = plan.voice_id or plan.voice_name or (profile.note if profile is not None else "")
    if "eased_pitch" in check and profile is not None:  # `profile` is then the eased one
        voice += f" Spoken shifted {profile.data['pitch']:+.1f} semitones, to be heard clearly."
    project.replace(a, b, Audio(clip, rate), {
        "op": "respeak", "text": text, "replaced": transcript.text_of(i, j), "kind": plan.kind,
        "engine": plan.engine_id, "voice": voice, "gain_db": round(gain_db, 2), **check})
    lo, hi = (int(v) for v in project.versions[project.current].op["range"])
    length = len(clip) / rate
    words = spread(split_words(text), 0.0, length)
    result = transcript.replaced(i, j, lo / rate, hi / rate, length, words)
    keep(project, result)
    if progress is not None:
        progress(1.0, SPLICING)
    return result
