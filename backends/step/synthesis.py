"""The synthesis half of the Step engine: check a request, then speak it sentence by sentence, with
audio ids streaming out of the LLM into a StreamDecoder so the first audio plays early."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from backends.base import (
    AudioChunk,
    CancelToken,
    Finished,
    InvalidRequest,
    Progress,
    SpeechTokens,
    SynthesisEvent,
    SynthesisRequest,
    SynthesisWarning,
)
from backends.chunking import Chunk, chunk_text
from backends.joiner import StreamJoiner
from backends.lexicon import Lexicon, plan, unread_message
from backends.step import voices
from backends.step.hardware import REAL_TIME_TOKENS_PER_S
from backends.step.manifest import ENGINE_ID, OPTIONS, SAMPLE_RATE
from backends.step.prompts import MusicMode, build_prompt_ids, render_chunk
from backends.step.streaming import StreamDecoder
from backends.step.textok import EOT_ID
from backends.tags import parse
from backends.text import check_text

if TYPE_CHECKING:
    from backends.step.files import ModelFolders
    from backends.step.textok import TextTokenizer

BUILT_IN_VOICE = "tingting"


class StepSynthesis:
    """Mixed into StepLocalBackend (engine.py), which loads the models these methods use."""

    if TYPE_CHECKING:
        window: tuple[int, int, int]
        max_tokens_per_sentence: int | None
        last_prompt_ids: list[int]
        device: str
        quant: str
        _lm: Any
        _text: TextTokenizer | None
        _folders: ModelFolders | None

        def load(self) -> None: ...

        def _decoder(self, music: bool) -> Any: ...

        def _record_speed(self, tokens_per_s: float) -> None: ...

        def built_in_voice(self, mode: MusicMode = MusicMode.SPEECH) -> voices.StepVoice: ...

    def _voice_for(self, request: SynthesisRequest, mode: MusicMode) -> voices.StepVoice:
        if request.voice_profile is not None:
            return voices.StepVoice.from_profile(request.voice_profile)
        if request.voice_id in (None, "", BUILT_IN_VOICE):
            return self.built_in_voice(mode)
        raise InvalidRequest(
            f"Step-Audio TTS-3B has no voice '{request.voice_id}' (built in: {BUILT_IN_VOICE}; "
            "cloned voices come with their profile)."
        )

    def _sampling(self, request: SynthesisRequest) -> dict[str, Any]:
        opts = dict(request.options or {})
        unknown = sorted(set(opts) - set(OPTIONS))
        if unknown:
            raise InvalidRequest(
                f"Unknown option(s) for Step-Audio TTS-3B: {', '.join(unknown)} "
                f"(known: {', '.join(OPTIONS)})."
            )
        out: dict[str, Any] = {}
        for name, spec in OPTIONS.items():
            value = opts.get(name, spec["default"])
            if name == "streaming":
                out[name] = bool(value)
                continue
            try:
                value = float(value) if name != "top_k" else int(value)
            except (TypeError, ValueError):
                raise InvalidRequest(f"Option {name} must be a number, not {value!r}.") from None
            if not spec["min"] <= value <= spec["max"]:  # type: ignore[operator]
                raise InvalidRequest(f"Option {name} must be between {spec['min']} and {spec['max']}.")
            out[name] = value
        return out

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        check_text(request.text)
        parsed = parse(request.text)
        if not parsed.has_speech:
            raise InvalidRequest("There is no text to speak.")
        params = self._sampling(request)
        if request.voice_profile is not None:
            voices.StepVoice.from_profile(request.voice_profile)  # refuse a bad profile before any work
        elif request.voice_id not in (None, "", BUILT_IN_VOICE):
            self._voice_for(request, MusicMode.SPEECH)
        chunks = [c for c in chunk_text(parsed) if c.has_speech or c.pause_before or c.pause_after]
        return self._run(request, parsed, chunks, params, cancel)

    def _run(
        self,
        request: SynthesisRequest,
        parsed: Any,
        chunks: list[Any],
        params: dict[str, Any],
        cancel: CancelToken,
    ) -> Iterator[SynthesisEvent]:
        from backends.step.llm import AUDIO_RANGE, SamplingSettings

        t_start = time.perf_counter()
        for issue in parsed.issues:
            yield SynthesisWarning(f"tag-{issue.kind.value}", issue.message, (issue.start, issue.end))
        if request.speed != 1.0:
            yield SynthesisWarning(
                "speed-unsupported",
                "Step-Audio TTS-3B has no speed control beyond the "
                "speed tags (慢速1/2, 快速1/2); the speed setting was not applied.",
            )
        if request.pitch != 0.0:
            yield SynthesisWarning(
                "pitch-unsupported",
                "Step-Audio TTS-3B has no pitch control; the pitch setting was not applied.",
            )
        self.load()
        cancel.raise_if_cancelled()
        seed = request.seed if request.seed is not None else secrets.randbits(31)
        first, later, overlap = self.window
        joiner = StreamJoiner(SAMPLE_RATE, max_overlap=StreamDecoder.max_overlap_samples())
        index = 0
        first_audio: float | None = None
        gen_tokens = 0
        gen_seconds = 0.0
        decode_seconds = 0.0
        modes: list[str] = []
        samples_out = 0
        speech_chunks = [c for c in chunks if c.has_speech]
        yield Progress(0, len(speech_chunks), "loading the voice")
        done = 0
        lexicon, said = Lexicon(request.lexicon), set()  # said: words already warned about
        for chunk in chunks:
            if chunk.pause_before:
                out = joiner.pause(chunk.pause_before)
                if len(out):
                    samples_out += len(out)
                    yield AudioChunk(out, SAMPLE_RATE, index, "", chunk.source_span)
                    index += 1
            if chunk.has_speech:
                chunk, told = _respelled(chunk, lexicon, said)
                yield from told
                rendered = render_chunk(chunk)
                yield from rendered.warnings
                voice = self._voice_for(request, rendered.mode)
                decoder = self._decoder(rendered.mode.uses_music_vocoder)
                modes.append(rendered.mode.name.lower())
                assert self._text is not None
                ids = build_prompt_ids(
                    self._text,
                    text=rendered.text,
                    prompt_text=voice.transcript,
                    prompt_audio_ids=voice.prompt_ids,
                    mode=rendered.mode,
                    speaker=voice.name if rendered.mode is MusicMode.SPEECH else "",
                )
                self.last_prompt_ids = ids
                chunk_seed = (seed + done) % (1 << 31)
                # A sentence cannot need more than ~0.6 s per character (+3 s): a model stuck in a loop
                # is stopped there instead of running to the 8192-token context.
                cap = self.max_tokens_per_sentence or int(
                    REAL_TIME_TOKENS_PER_S * (3.0 + 0.6 * len(chunk.text))
                )
                sampling = SamplingSettings(
                    temperature=params["temperature"],
                    top_k=params["top_k"],
                    top_p=params["top_p"],
                    seed=chunk_seed,
                    max_length=min(8192, len(ids) + cap),
                )

                win = StreamDecoder(
                    decoder,
                    voice.prompt_codes,
                    voice.prompt_features,
                    voice.embedding,
                    joiner,
                    seed=chunk_seed,
                    first_window=first,
                    window=later,
                    context=overlap,
                    streaming=params["streaming"],
                )
                # Where this sentence's tokens begin in the take: everything so far, played or held.
                sentence_start = (samples_out + joiner.held) / SAMPLE_RATE
                pending: list[int] = []
                reported = 0
                t_gen = time.perf_counter()
                for token in self._lm.generate(
                    ids, sampling, cancel, stop_ids=(EOT_ID,), allowed=AUDIO_RANGE
                ):
                    gen_tokens += 1
                    pending.append(token - 65536)
                    pieces = win.push(token - 65536)
                    if pieces:  # the tokens come with the audio they became, window by window
                        yield SpeechTokens(tuple(pending), sentence_start, reported)
                        reported += len(pending)
                        pending = []
                    for piece in pieces:
                        if first_audio is None:
                            first_audio = time.perf_counter() - t_start
                        samples_out += len(piece)
                        yield AudioChunk(piece, SAMPLE_RATE, index, chunk.text, chunk.source_span)
                        index += 1
                    if cancel.cancelled:
                        break
                if pending:
                    yield SpeechTokens(tuple(pending), sentence_start, reported)
                cancel.raise_if_cancelled()
                gen_seconds += time.perf_counter() - t_gen - win.decode_seconds
                if getattr(self._lm, "last_stop", "") == "max_length":
                    yield SynthesisWarning(
                        "length-capped",
                        "The model did not end this sentence by itself; it "
                        "was cut at its longest plausible length.",
                        chunk.source_span,
                    )
                for piece in win.finish():
                    if first_audio is None:
                        first_audio = time.perf_counter() - t_start
                    samples_out += len(piece)
                    yield AudioChunk(piece, SAMPLE_RATE, index, chunk.text, chunk.source_span)
                    index += 1
                decode_seconds += win.decode_seconds
                done += 1
                yield Progress(done, len(speech_chunks), chunk.text)
            if chunk.pause_after:
                out = joiner.pause(chunk.pause_after)
                if len(out):
                    samples_out += len(out)
                    yield AudioChunk(out, SAMPLE_RATE, index, "", chunk.source_span)
                    index += 1
            cancel.raise_if_cancelled()
        tail = joiner.flush()
        if len(tail):
            if first_audio is None:
                first_audio = time.perf_counter() - t_start
            samples_out += len(tail)
            yield AudioChunk(tail, SAMPLE_RATE, index, "", None)
        total = time.perf_counter() - t_start
        tps = gen_tokens / gen_seconds if gen_seconds > 0 else 0.0
        if gen_tokens >= 20:
            self._record_speed(tps)
        yield Finished(
            {
                "engine": ENGINE_ID,
                "model": "stepfun-ai/Step-Audio-TTS-3B",
                "model_revision": self._folders.tts_revision if self._folders else "",
                "tokenizer_revision": self._folders.tokenizer_revision if self._folders else "",
                "seed": seed,
                "sampling": {k: params[k] for k in ("temperature", "top_k", "top_p")},
                "streaming": params["streaming"],
                "device": self.device,
                "quant": self.quant,
                "voice": request.voice_id or (BUILT_IN_VOICE if request.voice_profile is None else "clone"),
                "modes": modes,
                "sentences": done,
                "audio_tokens": gen_tokens,
                "tokens_per_second": round(tps, 3),
                "first_audio_s": round(first_audio or 0.0, 4),
                "generate_s": round(gen_seconds, 4),
                "decode_s": round(decode_seconds, 4),
                "total_s": round(total, 4),
                "audio_s": round(samples_out / SAMPLE_RATE, 4),
                "rtf": round(total / (samples_out / SAMPLE_RATE), 4) if samples_out else None,
            }
        )


def _respelled(chunk: Chunk, lexicon: Lexicon, said: set[str]) -> tuple[Chunk, list[SynthesisWarning]]:
    """The chunk with the user's respellings written in. TTS-3B reads text only, so an IPA or pinyin
    reading leaves its word as written, said once per take. Every language's entries apply: the
    model picks the language itself, sentence by sentence."""
    matches = lexicon.find(chunk.text, None)
    if not matches:
        return chunk, []
    spoken, unread = plan(chunk.text, matches, ())
    told = []
    for m in unread:
        if m.entry.word.casefold() not in said:
            said.add(m.entry.word.casefold())
            told.append(SynthesisWarning("pronunciation-unsupported",
                                         unread_message("Step-Audio TTS-3B", m.entry), chunk.source_span))
    return replace(chunk, text=spoken.text), told
