"""The embedded engine: offline CPU voices routed per sentence, streamed as each sentence is ready.

A take flows: parse tags -> sentence chunks (backends.chunking) -> per chunk, pick the language
(tag, else script) and a voice that speaks it (the chosen one, else the best that can, with a
warning) -> synthesise with the chunk's prosody (speed tags and request speed natively, emotions
approximated with rate/pitch/loudness) -> trim, level, resample to the take's one sample rate
(the chosen voice's) -> StreamJoiner (sentence gaps, explicit breaks) -> AudioChunk events.

The first chunk is one sentence, which Piper Joe (the default voice) makes in about 0.1 s. Kokoro
(about 250 MB) loads only when used: in the background once a window picks one of its voices
(`warm_voice`), else with the first take that needs it. Chat is the offline model's (backends.embedded.chat).

Text limit: 100,000 characters per take (MAX_CHARS): parsing and chunking that much take well under
a second (measured) and audio is streamed, never accumulated here; past it the request is refused
(split it: a take of about two hours of speech is not something anyone edits or reviews whole).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from backends.audio import Audio
from backends.base import (
    AudioChunk,
    Availability,
    BackendUnavailable,
    CancelToken,
    Finished,
    InvalidRequest,
    Manifest,
    PhonemeTimings,
    Progress,
    SynthesisEvent,
    SynthesisRequest,
    SynthesisWarning,
    VoiceInfo,
    VoiceProfile,
)
from backends.chunking import Chunk, chunk_text
from backends.embedded.chat import EmbeddedChatting, with_chat
from backends.embedded.edits import EmbeddedEdits, with_edits
from backends.embedded.espeak_voice import EspeakFamily
from backends.embedded.family import Leveller, VoiceFamily, level, trim_bounds, trim_silence
from backends.embedded.kokoro_voice import KOKORO_VOICES, KokoroFamily
from backends.embedded.language import Detected, chunk_language, detect_script_language
from backends.embedded.manifest import ENGINE_ID, build_manifest
from backends.embedded.onnx import give_back_heap
from backends.embedded.piper_align import place
from backends.embedded.piper_voice import PiperFamily
from backends.embedded.pronounce import spoken_for
from backends.embedded.prosody import prosody_for
from backends.embedded.report import tag_report, take_metadata
from backends.embedded.residency import Residency
from backends.embedded.speaker import SpeakerEncoder
from backends.embedded.voice_match import (
    FORMAT_VERSION,
    Blend,
    VoiceMatcher,
    describe,
    parse_profile_data,
    profile_data,
)
from backends.joiner import StreamJoiner
from backends.lexicon import MAX_ENTRIES, Lexicon, Pronunciation
from backends.tags import ParsedText, parse
from backends.text import check_text
from backends.threads import start_native

MAX_CHARS = 100_000
# Every sentence is its own chunk (min_chars=0): languages are routed per chunk (a short English
# sentence merged into the Japanese one after it would be read by the Japanese voice), and shorter
# chunks stream and cancel sooner; the neural voices here gain nothing from longer context.
MAX_CHUNK_CHARS = 220
DEFAULT_VOICE = "piper:joe"

# The voice that speaks each language best, in order of preference (first available wins).
BEST_VOICES: dict[str, tuple[str, ...]] = {
    "en": ("piper:joe", "kokoro:jf_alpha", "espeak:en"),
    # Kumo had the fewest Mandarin errors of the five over 14 sentences x 4 takes (CER 10.4 %, toned
    # pinyin 8.5 %; Gongitsune 11.6 / 8.6 %) and the mildest worst sentence: bench/mandarin_voices.py.
    "zh": ("kokoro:jm_kumo", "kokoro:jf_gongitsune"),
    "ja": ("kokoro:jf_alpha",),
    "ko": ("espeak:ko",),
    "yue": ("espeak:yue",),
    "de": ("espeak:de",), "fr": ("espeak:fr",), "es": ("espeak:es",), "it": ("espeak:it",),
    "pt": ("espeak:pt",), "ru": ("espeak:ru",), "hi": ("espeak:hi",),
}

LANGUAGE_NAMES = {"en": "English", "zh": "Mandarin", "ja": "Japanese", "ko": "Korean", "yue": "Cantonese",
                  "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
                  "ru": "Russian", "hi": "Hindi"}

SENTENCE_GAP_S = 0.3  # silence after a sentence (divided by the speaking rate)
CLAUSE_GAP_S = 0.12  # after a chunk cut mid-sentence (a very long sentence)
_SENTENCE_ENDS = tuple("。！？!?.…;；\n\"'”’」』)）")


@dataclass(frozen=True)
class _Matched:
    """A voice profile resolved for synthesis: the blend's style vector (Kokoro) and its pitch."""

    blend: Blend
    pitch: float
    speed: float
    style: np.ndarray | None  # None for a single non-Kokoro voice (Piper Joe)


@dataclass(frozen=True)
class _Route:
    voice: VoiceInfo
    language: str


class EmbeddedBackend(EmbeddedChatting, EmbeddedEdits):
    """The Backend for the bundled voices. Construct freely (cheap); `load()` opens the models."""

    def __init__(self, preload_kokoro: bool = False) -> None:
        """`preload_kokoro`: `load()` also warms Kokoro in the background (tests and benchmarks that
        time Kokoro takes). Off, Kokoro loads when a voice of it is picked (`warm_voice`) or spoken:
        an English-only user of Piper never pays its 250 MB (issue 21)."""
        self._families: dict[str, VoiceFamily] = {
            "piper": PiperFamily(), "kokoro": KokoroFamily(), "espeak": EspeakFamily()}
        self._manifest = with_chat(with_edits(build_manifest()))
        self._preload_kokoro = preload_kokoro
        self._on_demand = False
        self._warm_lock = threading.Lock()  # the GUI thread may take it: held for microseconds only
        self._warm_threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self.load_seconds: dict[str, float] = {}
        self._encoder = SpeakerEncoder()
        # What is loaded, what it cost, giving back the idle's scratch memory and unloading the idle.
        self.residency = Residency(self._families, give_back=give_back_heap)
        # A safety bound on the voice-match search, not its length: the planned search (every voice,
        # then blends) takes about 22 s on 2 idle cores and must run whole, or a busy machine would
        # give a different (worse) voice for the same reference. Progress and cancel keep it usable.
        self.match_budget_s = 120.0

    # --- protocol: description ----------------------------------------------------------------------

    @property
    def manifest(self) -> Manifest:
        return self._manifest

    def availability(self) -> Availability:
        states = {name: fam.availability() for name, fam in self._families.items()}
        missing = {n: a for n, a in states.items() if not a.available}
        if len(missing) == len(states):
            first = next(iter(missing.values()))
            return Availability(False, "No embedded voice can run: " + "; ".join(
                f"{n}: {a.reason}" for n, a in missing.items()), first.fix)
        if missing:
            reason = "Some voices are missing: " + "; ".join(f"{n}: {a.reason}" for n, a in missing.items())
            return Availability(True, reason, "; ".join(a.fix for a in missing.values() if a.fix))
        return Availability(True)

    def _available_families(self) -> dict[str, VoiceFamily]:
        return {n: f for n, f in self._families.items() if f.availability().available}

    def voices(self) -> list[VoiceInfo]:
        out: list[VoiceInfo] = []
        for fam in self._available_families().values():
            out.extend(fam.voices())
        return out

    # --- protocol: lifecycle ------------------------------------------------------------------------

    def load_on_demand(self) -> None:
        """For one-shot callers (the CLI): `load()` only checks that a voice can run, and each family
        loads when a take needs it, using every core (no window to keep one free for). Eager loading
        cost a short CLI line 2.9x the time and 2.5x the memory of Piper alone (issue 19)."""
        self._on_demand = True
        self._preload_kokoro = False
        for family in self._families.values():  # no window to keep a core free for
            if hasattr(family, "spare_a_core"):
                family.spare_a_core = False

    def load(self) -> None:
        """Piper (the default voice) and espeak now; Kokoro only if `preload_kokoro` (see __init__)."""
        with self._lock:
            families = self._available_families()
            if not families:
                raise BackendUnavailable(self.availability())
            if self._on_demand:
                return
            for name in ("piper", "espeak"):
                fam = families.get(name)
                if fam is not None and not fam.loaded:
                    t = time.perf_counter()
                    self.residency.warm(fam)  # the window's first take should not pay for kernel start-up
                    self.load_seconds[name] = time.perf_counter() - t
            give_back_heap()  # what loading freed (the model file's parse) rather than keep it (about 6 MB)
        if self._preload_kokoro:
            self.warm_voice("kokoro:")

    def warm_voice(self, voice_id: str, profile: VoiceProfile | None = None) -> None:
        """The user picked `voice_id` (or a matched voice, `profile`): load what it speaks with in the
        background now, so its first take does not wait for the model (Kokoro: about 2 s on 2 cores).
        Returns at once, so a window may call it from its GUI thread; everything that touches the
        disk or a lock runs on the new thread. A failure is left for the take that needs the family,
        which loads it again and reports why."""
        family = self._families.get(voice_id.split(":", 1)[0])
        if profile is None and family is not None and family.loaded:
            return  # the usual case on every pick after the first: no thread for nothing to do
        with self._warm_lock:
            self._warm_threads = [t for t in self._warm_threads if t.is_alive()]
            thread = start_native(self._warm_for, voice_id, profile, name="embedded-voice-load")
            self._warm_threads.append(thread)

    def _warm_for(self, voice_id: str, profile: VoiceProfile | None) -> None:
        try:
            if profile is not None:
                voice_id = self._resolve_profile(profile).blend[0][0]
            family = self._available_families().get(voice_id.split(":", 1)[0])
            if family is None or family.loaded:
                return
            t = time.perf_counter()
            self.residency.warm(family)
            self.load_seconds[family.name] = time.perf_counter() - t
        except Exception:  # the take that needs this voice loads it again and says why
            return

    @property
    def is_loaded(self) -> bool:
        """True once the default voices are ready (the job runner skips `load()` then)."""
        return all(fam.loaded for name, fam in self._available_families().items() if name != "kokoro")

    @property
    def warming(self) -> bool:
        """True while a family is still loading in the background (`warm_voice`, `preload_kokoro`)."""
        return any(thread.is_alive() for thread in list(self._warm_threads))

    def wait_loaded(self, timeout: float | None = None) -> None:
        """Block until the background loads (if any) are done; for tests and benchmarks."""
        for thread in list(self._warm_threads):
            thread.join(timeout)

    def unload(self) -> None:
        self.wait_loaded()
        with self._lock:
            for fam in self._families.values():
                fam.unload()
            self.residency.forget()
            self._warm_threads.clear()
        self.unload_chat()  # the offline chat model's process, if it was started

    # --- routing --------------------------------------------------------------------------------

    def _voice(self, voice_id: str) -> VoiceInfo | None:
        return next((v for v in self.voices() if v.id == voice_id), None)

    def _family(self, voice_id: str) -> VoiceFamily:
        return self._families[voice_id.split(":", 1)[0]]

    def _route(self, chosen: VoiceInfo, detected: Detected, voices: dict[str, VoiceInfo]) -> _Route:
        language = detected.pick(chosen.languages)
        if language is not None:
            return _Route(chosen, language)
        for vid in BEST_VOICES.get(detected.language, ()):
            if vid in voices:
                return _Route(voices[vid], detected.language)
        for v in voices.values():  # any voice that speaks it
            lang = detected.pick(v.languages)
            if lang is not None:
                return _Route(v, lang)
        # Nobody speaks it (a family is missing): the chosen voice reads it as best it can.
        return _Route(chosen, chosen.languages[0])

    # --- voice match (SupportsVoicePreparation) --------------------------------------------------

    @property
    def _kokoro(self) -> KokoroFamily:
        fam = self._families["kokoro"]
        assert isinstance(fam, KokoroFamily)
        return fam

    def speaker_encoder(self) -> SpeakerEncoder:
        """The encoder the match is scored with (shared, so its weights load once)."""
        return self._encoder

    def _resolve_profile(self, profile: VoiceProfile) -> _Matched:
        """Check a profile (it may come from someone else's bundle) and build what synthesis needs."""
        if not isinstance(profile, VoiceProfile):
            raise InvalidRequest("The voice profile is not a VoiceProfile.")
        if profile.engine_id != ENGINE_ID:
            raise InvalidRequest(f"This voice was prepared for the '{profile.engine_id}' engine; the "
                                 "embedded engine cannot speak with it. Prepare it again for the embedded "
                                 "engine (voice match).")
        if profile.kind != "match":
            raise InvalidRequest(f"The embedded engine only speaks voice matches, not '{profile.kind}' "
                                 "profiles.")
        if profile.format_version != FORMAT_VERSION:
            newer = profile.format_version > FORMAT_VERSION
            raise InvalidRequest(f"This voice match has format version {profile.format_version}; this "
                                 f"version of the embedded engine reads version {FORMAT_VERSION}. "
                                 + ("Update the app to use it." if newer else "Prepare the voice again."))
        kokoro_ids = [v.id for v in self._kokoro.voices()] if self._kokoro.availability().available else []
        try:
            blend, pitch, speed = parse_profile_data(profile.data, [v.id for v in self.voices()], kokoro_ids)
        except ValueError as exc:
            raise InvalidRequest(f"This voice match cannot be used: {exc}.") from None
        style = None
        if blend[0][0] in kokoro_ids:
            style = self._kokoro.blend_style({vid.split(":", 1)[1]: w for vid, w in blend})
        return _Matched(blend, pitch, speed, style)

    def _render_blend(self, blend: Blend, text: str, language: str, cancel: CancelToken) -> Audio:
        """One probe, unshifted and unlevelled: the voice-match search scores these."""
        vid = blend[0][0]
        if vid.startswith("kokoro:"):
            with self.residency.using(self._kokoro):
                style = self._kokoro.blend_style({v.split(":", 1)[1]: w for v, w in blend})
                samples = self._kokoro.synthesize(vid, text, language, 1.0, 0.0, cancel, style=style)
            return Audio(trim_silence(samples, 24000), 24000)
        voice = self._voice(vid)
        if voice is None:
            raise InvalidRequest(f"Unknown voice '{vid}'.")
        fam = self._family(vid)
        with self.residency.using(fam):
            samples = fam.synthesize(vid, text, language, 1.0, 0.0, cancel)
        return Audio(trim_silence(samples, voice.sample_rate), voice.sample_rate)

    def _take(self, request: SynthesisRequest, cancel: CancelToken) -> Audio:
        chunks = [ev for ev in self.synthesize(request, cancel) if isinstance(ev, AudioChunk)]
        if not chunks:
            raise InvalidRequest("The probe produced no audio.")
        return Audio(np.concatenate([c.samples for c in chunks]), chunks[0].sample_rate)

    def prepare_voice(self, reference: Audio, transcript: str | None, cancel: CancelToken,
                      progress: Callable[[float, str], None] | None = None) -> VoiceProfile:
        """Voice match: the blend of bundled voices and pitch shift that sound most like `reference`.

        Not a clone: the result is one of the bundled voices or a mix of two, shifted in pitch. Its
        similarity (on a fresh synthesis of the probe) is reported beside the default voice's, so
        the user can judge. Blocking, about 14-16 s on 2 cores; honours `cancel` between probes.
        """
        enc = self._encoder.available()
        if not enc.available:
            raise BackendUnavailable(enc)
        if not self._kokoro.availability().available:
            raise BackendUnavailable(self._kokoro.availability())
        clone = self._manifest.cloning
        if reference.duration < clone.min_seconds:
            raise InvalidRequest(f"The reference is {reference.duration:.1f} s long; voice match needs at "
                                 f"least {clone.min_seconds:g} s of speech.")
        if reference.duration > clone.max_seconds:
            raise InvalidRequest(f"The reference is {reference.duration:.1f} s long; voice match uses at "
                                 f"most {clone.max_seconds:g} s. Trim it first.")
        if reference.peak() < 1e-4:
            raise InvalidRequest("The reference is silent.")
        self.wait_loaded()
        if not self.is_loaded:
            self.load()
            self.wait_loaded()
        cancel.raise_if_cancelled()
        kokoro_ids = [voice_id for voice_id in (f"kokoro:{v}" for v, _, _ in KOKORO_VOICES)
                      if self._voice(voice_id) is not None]
        extra = [DEFAULT_VOICE] if self._voice(DEFAULT_VOICE) is not None else []
        first = {lang: next((v for v in prefs if v in kokoro_ids + extra), "")
                 for lang, prefs in BEST_VOICES.items()}
        matcher = VoiceMatcher(self._encoder, self._render_blend, kokoro_ids, extra, first)

        def search_progress(fraction: float, message: str) -> None:
            if progress is not None:
                progress(0.85 * fraction, message)

        result = matcher.run(reference, transcript, lambda t: detect_script_language(t).language, cancel,
                             search_progress, self.match_budget_s)
        names = {v.id: v.name for v in self.voices()}
        note_words = describe(result.blend, result.pitch, names)
        draft = VoiceProfile(ENGINE_ID, "match", FORMAT_VERSION, profile_data(result))
        # Measure honestly, through the normal synthesis path, on a fresh take of the probe.
        target = (result.reference_embedding if result.reference_embedding is not None
                  else self._encoder.embed(reference, cancel))
        if progress is not None:
            progress(0.88, "Measuring the default voice")
        baseline_audio = self._take(SynthesisRequest(result.probe), cancel)
        baseline = self._encoder.similarity(self._encoder.embed(baseline_audio, cancel), target)
        # The default voice for the probe's language, unshifted, IS the default voice: one measurement
        # for both, or two random takes of the same voice would report a spurious difference.
        if result.blend == ((first.get(result.language, ""), 1.0),) and result.pitch == 0:
            similarity = baseline
        else:
            if progress is not None:
                progress(0.94, "Measuring the match")
            matched = self._take(SynthesisRequest(result.probe, voice_profile=draft), cancel)
            similarity = self._encoder.similarity(self._encoder.embed(matched, cancel), target)
        if progress is not None:
            progress(1.0, "Done")
        note = (f"Voice match, not a clone: {note_words}. Speaker similarity {similarity:.2f} "
                f"(the default voice: {baseline:.2f}).")
        return VoiceProfile(ENGINE_ID, "match", FORMAT_VERSION, draft.data, round(similarity, 4),
                            round(baseline, 4), note)

    # --- protocol: synthesis --------------------------------------------------------------------

    def validate(self, request: SynthesisRequest) -> tuple[ParsedText, VoiceInfo]:
        """Check a request without synthesising; raises InvalidRequest with a message for the user."""
        text = request.text
        if not isinstance(text, str):
            raise InvalidRequest("The text must be a string.")
        if len(text) > MAX_CHARS:
            raise InvalidRequest(f"The text is {len(text):,} characters long; the embedded engine speaks at "
                                 f"most {MAX_CHARS:,} characters per take (about two hours). Split it into "
                                 "several takes.")
        if not text.strip():
            raise InvalidRequest("There is no text to speak.")
        check_text(text)
        lexicon = request.lexicon
        if len(lexicon) > MAX_ENTRIES or not all(isinstance(e, Pronunciation) for e in lexicon):
            raise InvalidRequest(f"The pronunciations must be at most {MAX_ENTRIES:,} checked entries.")
        speed_range, pitch_range = self._manifest.speed, self._manifest.pitch
        assert speed_range is not None and pitch_range is not None
        if not (math.isfinite(request.speed) and speed_range.minimum <= request.speed <= speed_range.maximum):
            raise InvalidRequest(f"Speed {request.speed:g} is outside "
                                 f"{speed_range.minimum:g}..{speed_range.maximum:g}.")
        if not (math.isfinite(request.pitch) and pitch_range.minimum <= request.pitch <= pitch_range.maximum):
            raise InvalidRequest(f"Pitch {request.pitch:g} semitones is outside "
                                 f"{pitch_range.minimum:g}..{pitch_range.maximum:g}.")
        if request.voice_profile is not None:
            voice = self._voice(self._resolve_profile(request.voice_profile).blend[0][0])
            assert voice is not None  # _resolve_profile checked that the voices are installed
            parsed = parse(text)
            if not parsed.has_speech:
                raise InvalidRequest("There are only tags here, no text to speak.")
            return parsed, voice
        voice_id = request.voice_id or DEFAULT_VOICE
        voice = self._voice(voice_id)
        if voice is None:
            if voice_id.split(":", 1)[0] in self._families and any(
                    v.id == voice_id for v in self._families[voice_id.split(":", 1)[0]].voices()):
                raise BackendUnavailable(self._family(voice_id).availability())
            known = ", ".join(v.id for v in self.voices())
            raise InvalidRequest(f"Unknown voice '{voice_id}'. The embedded engine has: {known}.")
        parsed = parse(text)
        if not parsed.has_speech:
            raise InvalidRequest("There are only tags here, no text to speak.")
        return parsed, voice

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        """Validate now (InvalidRequest raised here, before any event), then stream the take."""
        started = time.perf_counter()
        parsed, voice = self.validate(request)
        matched = self._resolve_profile(request.voice_profile) if request.voice_profile is not None else None
        return self._stream(request, cancel, parsed, voice, started, matched)

    def _stream(self, request: SynthesisRequest, cancel: CancelToken, parsed: ParsedText, voice: VoiceInfo,
                started: float, matched: _Matched | None = None) -> Iterator[SynthesisEvent]:
        compute = 0.0  # seconds spent in here, not waiting for the consumer
        mark = time.perf_counter()
        chunks = chunk_text(parsed, max_chars=MAX_CHUNK_CHARS, min_chars=0)
        rate = voice.sample_rate
        joiner = StreamJoiner(rate)
        voices = {v.id: v for v in self.voices()}
        warnings, report = tag_report(self._manifest, parsed)
        substitutions: set[tuple[str, str]] = set()
        lexicon, said = Lexicon(request.lexicon), set()  # said: pronunciation warnings already given
        chunk_meta: list[dict[str, Any]] = []
        first_audio: float | None = None
        audio_samples = 0
        out_index = 0
        used_families: set[str] = set()

        for w in warnings:
            compute += time.perf_counter() - mark
            yield w
            mark = time.perf_counter()

        def emit(parts: list[np.ndarray], events: list[SynthesisEvent], chunk: Chunk,
                 ) -> Iterator[SynthesisEvent]:
            """Yield the events so far, then the audio in `parts` (both lists are emptied)."""
            nonlocal compute, mark, first_audio, audio_samples, out_index
            out = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
            parts.clear()
            for ev in events:
                compute += time.perf_counter() - mark
                yield ev
                mark = time.perf_counter()
            events.clear()
            if len(out):
                if first_audio is None:
                    first_audio = time.perf_counter() - started
                audio_samples += len(out)
                compute += time.perf_counter() - mark
                yield AudioChunk(out, rate, out_index, chunk.text, chunk.source_span)
                mark = time.perf_counter()
                out_index += 1

        total = len(chunks)
        for i, chunk in enumerate(chunks):
            cancel.raise_if_cancelled()
            pieces: list[np.ndarray] = []
            if chunk.pause_before > 0:
                pieces.append(joiner.pause(chunk.pause_before))
            meta: dict[str, Any] = {"index": i, "text": chunk.text, "span": list(chunk.source_span),
                                    "pause_before": chunk.pause_before, "pause_after": chunk.pause_after}
            events: list[SynthesisEvent] = []
            if chunk.has_speech:
                detected = chunk_language(chunk.text, chunk.state)
                route = self._route(voice, detected, voices)
                if route.voice.id != voice.id and (voice.id, route.voice.id) not in substitutions:
                    substitutions.add((voice.id, route.voice.id))
                    lang = LANGUAGE_NAMES.get(route.language, route.language)
                    warnings.append(SynthesisWarning(
                        "voice-substituted",
                        f"{voice.name} ({voice.id}) cannot speak {lang}; {route.voice.name} "
                        f"({route.voice.id}) speaks that part instead.", chunk.source_span))
                    events.append(warnings[-1])
                pros = prosody_for(chunk.state, request.speed, request.pitch)
                family = self._family(route.voice.id)
                used_families.add(family.name)
                t = time.perf_counter()
                if matched is not None and route.voice.id == voice.id:
                    # The matched voice: its blend's style, its pitch on top of the chunk's prosody.
                    pros = replace(pros, rate=float(np.clip(pros.rate * matched.speed, 0.5, 2.0)),
                                   semitones=pros.semitones + matched.pitch)
                spoken, told, meta["pronunciations"] = spoken_for(
                    chunk.text, route.language, route.voice, family, lexicon, chunk.source_span, said)
                warnings.extend(told)
                events.extend(told)
                timings = None  # each phoneme's samples, from voices whose model gives them (Piper)
                earlier = 0  # samples of this chunk already emitted (windowed)
                with self.residency.using(family):
                    # The take's first sentence in Kokoro's windows: its first second plays while the
                    # rest is made (kokoro_stream.py). Pitch shifting and resampling want it whole.
                    windowed = (first_audio is None and family is self._kokoro and self._kokoro.streams
                                and abs(pros.semitones) < 0.01 and route.voice.sample_rate == rate)
                    if windowed:
                        leveller = Leveller(rate, pros.gain_db)
                        parts = self._kokoro.synthesize_stream(
                            route.voice.id, chunk.text, route.language, pros.rate, cancel,
                            matched.style if matched is not None and route.voice.id == voice.id else None,
                            spoken=spoken)
                        samples = np.zeros(0, dtype=np.float32)
                        for piece, last in parts:
                            if last:
                                samples = leveller.piece(piece, last=True)
                                break
                            earlier += len(done := leveller.piece(piece, last=False))
                            pieces.append(joiner.push(done, continues=earlier > len(done)))
                            yield from emit(pieces, events, chunk)
                    elif matched is not None and matched.style is not None and route.voice.id == voice.id:
                        samples = self._kokoro.synthesize(route.voice.id, chunk.text, route.language,
                                                          pros.rate, pros.semitones, cancel, matched.style,
                                                          spoken=spoken)
                    elif callable(getattr(family, "synthesize_timed", None)):
                        samples, timings = family.synthesize_timed(route.voice.id, chunk.text, route.language,
                                                                   pros.rate, pros.semitones, cancel,
                                                                   spoken=spoken)
                    else:
                        samples = family.synthesize(route.voice.id, chunk.text, route.language, pros.rate,
                                                    pros.semitones, cancel, spoken=spoken)
                if not windowed:
                    first, last = trim_bounds(samples, route.voice.sample_rate)
                    samples = level(samples[first:last], pros.gain_db)
                if route.voice.sample_rate != rate:
                    samples = Audio(samples, route.voice.sample_rate).resampled(rate).samples
                if timings:  # where this speech starts in the take: all emitted, queued or held before it
                    at = (audio_samples + sum(len(p) for p in pieces) + joiner.held) / rate
                    events.append(PhonemeTimings(place(timings, (first, last), route.voice.sample_rate, at)))
                pieces.append(joiner.push(samples, continues=earlier > 0))
                meta.update(voice=route.voice.id, language=route.language, language_source=detected.source,
                            speed=round(pros.rate, 4), pitch=round(pros.semitones, 3),
                            gain_db=round(pros.gain_db, 2), synth_seconds=round(time.perf_counter() - t, 4),
                            speech_seconds=round((earlier + len(samples)) / rate, 4))
            if i < total - 1:
                gap = chunk.pause_after if chunk.pause_after > 0 else self._gap(chunk, meta.get("speed", 1.0))
                pieces.append(joiner.pause(gap))
            else:
                pieces.append(joiner.flush())
                if chunk.pause_after > 0:
                    pieces.append(np.zeros(round(chunk.pause_after * rate), dtype=np.float32))
            chunk_meta.append(meta)
            yield from emit(pieces, events, chunk)
            compute += time.perf_counter() - mark
            yield Progress(i + 1, total, chunk.text[:60])
            mark = time.perf_counter()

        compute += time.perf_counter() - mark
        audio_seconds = audio_samples / rate
        versions: dict[str, str] = {}
        for fam in self._families.values():
            if fam.name in used_families or fam.loaded:
                versions.update(fam.versions())
        timings = {"first_audio": first_audio, "total": time.perf_counter() - started, "compute": compute,
                   "audio": audio_seconds}
        yield Finished(take_metadata(request, voice.id if matched is None else (request.voice_id or voice.id),
                                     rate, versions, "piper" not in used_families, chunk_meta,
                                     sorted(substitutions), report, warnings, timings))

    @staticmethod
    def _gap(chunk: Chunk, speed: float) -> float:
        ends_sentence = chunk.text.rstrip().endswith(_SENTENCE_ENDS)
        return (SENTENCE_GAP_S if ends_sentence else CLAUSE_GAP_S) / max(speed, 0.5)
