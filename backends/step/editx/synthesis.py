"""EditX speaking tagged text, sentence by sentence: a clone, then the edits its tags ask for.

A sentence with no edit to make streams: its codes go from the LLM into EditxStreamDecoder, so the
first audio plays after 30 codes (0.72 s of speech) instead of after the sentence. A sentence that is
edited afterwards cannot stream (an edit re-speaks the whole clone), so it arrives whole once its edits
are done. Every piece goes through one joiner for the take: pauses, fades and the vocoder's re-rendered
frames are joined there, as in TTS-3B's takes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from backends.audio import Audio
from backends.base import (
    AudioChunk,
    CancelToken,
    InvalidRequest,
    Progress,
    SynthesisEvent,
    SynthesisRequest,
    SynthesisWarning,
)
from backends.joiner import StreamJoiner
from backends.lexicon import Lexicon
from backends.step.editx.manifest import MODEL, SAMPLE_RATE
from backends.step.editx.pipeline import EditxPipeline
from backends.step.editx.speak import SentencePlan, plan_sentence
from backends.step.editx.streaming import EditxStreamDecoder
from backends.step.voices import StepVoice

CAPPED = ("length-capped", "The model did not end this sentence by itself; it was cut at its longest "
                           "plausible length.")


@dataclass
class TakeStats:
    """What the take's Finished metadata reports (filled in as the take goes)."""

    seed: int
    sentences: int = 0
    edits: int = 0
    streamed: int = 0
    samples: int = 0
    first_audio: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def speak(pipe: EditxPipeline, voice: StepVoice, request: SynthesisRequest, parsed: Any, chunks: list[Any],
          cancel: CancelToken, stats: TakeStats, *, streaming: bool = True,
          window: tuple[int, int, int] = (30, 85, 20)) -> Iterator[SynthesisEvent]:
    """The take's events; `stats` holds the figures for Finished when the iterator ends."""
    started = time.perf_counter()
    for issue in parsed.issues:
        yield SynthesisWarning(f"tag-{issue.kind.value}", issue.message, (issue.start, issue.end))
    for name, changed in (("speed", request.speed != 1.0), ("pitch", request.pitch != 0.0)):
        if changed:
            yield SynthesisWarning(f"{name}-unsupported", f"{MODEL} has no {name} setting (speed comes from "
                                   f"the speed tags); the {name} setting was not applied.")
    speaking = [c for c in chunks if c.has_speech]
    joiner = StreamJoiner(SAMPLE_RATE, max_overlap=EditxStreamDecoder.max_overlap_samples())
    lexicon, said = Lexicon(request.lexicon), set[str]()
    index = 0

    def out(samples: Any, chunk: Any, text: str) -> Iterator[AudioChunk]:
        nonlocal index
        if len(samples):
            if stats.first_audio is None:
                stats.first_audio = time.perf_counter() - started
            stats.samples += len(samples)
            yield AudioChunk(samples, SAMPLE_RATE, index, text, chunk.source_span if chunk else None)
            index += 1

    for chunk in chunks:
        if chunk.pause_before:
            yield from out(joiner.pause(chunk.pause_before), chunk, "")
        if chunk.has_speech:
            plan = plan_sentence(chunk, lexicon, said)
            yield from plan.warnings
            seed = (stats.seed + 100 * stats.sentences) % (1 << 31)
            if plan.edits or not streaming:
                take = pipe.clone(plan.clone_text, voice, voice.name, seed=seed, cancel=cancel)
                if take.stop == "max_length":
                    yield SynthesisWarning(*CAPPED, chunk.source_span)
                audio, told = _edited(pipe, take.audio, plan, seed, chunk.source_span, cancel, stats)
                yield from told
                yield from out(joiner.push(audio.samples), chunk, chunk.text)
            else:
                first, later, context = window
                decoder = EditxStreamDecoder(pipe.decoder, voice.prompt_codes, voice.prompt_features,
                                             voice.embedding, joiner, seed=seed, first_window=first,
                                             window=later, context=context)
                for code in pipe.clone_codes(plan.clone_text, voice, voice.name, seed=seed, cancel=cancel):
                    for piece in decoder.push(code):
                        yield from out(piece, chunk, chunk.text)
                cancel.raise_if_cancelled()
                if not decoder.tokens:
                    raise InvalidRequest("EditX answered with no audio; try another seed.")
                if pipe.last_stop == "max_length":
                    yield SynthesisWarning(*CAPPED, chunk.source_span)
                for piece in decoder.finish():
                    yield from out(piece, chunk, chunk.text)
                stats.streamed += 1
            stats.sentences += 1
            yield Progress(stats.sentences, len(speaking), chunk.text)
        if chunk.pause_after:
            yield from out(joiner.pause(chunk.pause_after), chunk, "")
        cancel.raise_if_cancelled()
    yield from out(joiner.flush(), None, "")


def _edited(pipe: EditxPipeline, audio: Audio, plan: SentencePlan, seed: int, span: tuple[int, int],
            cancel: CancelToken, stats: TakeStats) -> tuple[Audio, list[SynthesisWarning]]:
    """The cloned sentence after the plan's edits. An edit EditX cannot take for this sentence (too
    short or too long a clip) is skipped with a warning that names it, never silently."""
    said, told = plan.transcript, []
    for n, step in enumerate(plan.edits):
        try:
            rounds = pipe.rounds(audio, said, step.edit_type, step.value, step.new_text, rounds=step.rounds,
                                 seed=(seed + 1 + 10 * n) % (1 << 31), cancel=cancel)
            for result in rounds:
                audio = result.audio
                stats.edits += 1
        except InvalidRequest as exc:
            what = f"{step.edit_type} {step.value}".strip()
            told.append(SynthesisWarning("edit-skipped", f"The {what} edit was not applied to this sentence: "
                                         f"{exc}", span))
            continue
        if step.edit_type == "paralinguistic":
            said = step.new_text
    return audio, told
