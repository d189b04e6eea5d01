"""EditX's edit, iteration and clone on loaded parts: clip -> tokens -> prompt -> LLM -> 24 kHz decoder.

Blocking and torch-bound; the engine runs it in its worker process. What the reference does is kept:
the clip being edited is both the LLM's input audio and the decoder's prompt (tokens from the trimmed
clip, mel and x-vector from the untrimmed one, capped to a 0.6 peak); each further round of the same
edit starts again from the previous round's output, so the voice is measured afresh each time. Two
deliberate differences, both where the reference passes on what cannot be decoded: the LLM may only
choose audio ids or its end of turn (a text id would become code 0 in the reference), and its output
is read up to that end of turn, keeping every audio code (the reference drops the last id unread).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from backends.audio import Audio
from backends.base import CancelToken, InvalidRequest
from backends.edits import EditRequest
from backends.step.editx.edits import MAX_SECONDS, editx_request
from backends.step.editx.prompts import (
    LAYOUTS,
    VLLM_CLONE_SPEAKER,
    check_audio_pieces,
    clone_prompt_ids,
    edit_instruction,
    edit_prompt_ids,
    output_codes,
)
from backends.step.hardware import REAL_TIME_TOKENS_PER_S
from backends.step.textok import AUDIO_CODES, AUDIO_ID_OFFSET, EOT_ID, TextTokenizer
from backends.step.voices import StepVoice, compute_voice

MAX_EDIT_SECONDS = MAX_SECONDS  # the reference's advice; longer spans are split at pauses by the editing core
MIN_EDIT_SECONDS = 0.5
CONTEXT_TOKENS = 8192  # prompt and output together, as the reference allows


@dataclass(frozen=True)
class EditxResult:
    """One take: the audio, the codes it was decoded from, the seed that repeats it, and why the LLM
    stopped ("stop": it ended its turn; "max_length": it was cut off at the cap)."""

    audio: Audio
    codes: tuple[int, ...]
    seed: int
    stop: str


def check_edit_clip(audio: Audio) -> None:
    """One sentence for a clip EditX cannot take: too short, too long, silent or damaged."""
    seconds = audio.duration
    if seconds < MIN_EDIT_SECONDS:
        raise InvalidRequest(f"The clip is {seconds:.2f} s long; EditX needs at least {MIN_EDIT_SECONDS:g} s "
                             "of speech.")
    if seconds > MAX_EDIT_SECONDS:
        raise InvalidRequest(f"The clip is {seconds:.0f} s long; EditX edits at most {MAX_EDIT_SECONDS:g} s "
                             "at a time (longer spans are edited in pieces split at pauses).")
    samples = audio.samples
    if not np.isfinite(samples).all() or float(np.max(np.abs(samples))) < 1e-4:
        raise InvalidRequest("The clip is silent or damaged.")


class EditxPipeline:
    """The four loaded parts of an EditX engine and what it does with them."""

    def __init__(self, lm: Any, text: TextTokenizer, audio_tokenizer: Any, decoder: Any,
                 layout: str = "A") -> None:
        check_audio_pieces(text)
        if layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
        self.lm, self.text, self.audio_tokenizer, self.decoder = lm, text, audio_tokenizer, decoder
        self.layout = layout  # the reference's Transformers-path ids ("A") or its vLLM path's ("B")
        self.last_prompt_ids: list[int] = []
        # The longest answer in tokens, below the per-request caps (None: those caps only). A model
        # that never ends its turn (random weights; a damaged checkpoint) is stopped here.
        self.max_new_tokens: int | None = None

    def clip(self, audio: Audio, transcript: str = "", name: str = "") -> StepVoice:
        """The clip's tokens (trimmed), 24 kHz mel and x-vector: what both an edit and a clone start from."""
        return compute_voice(audio, transcript, self.audio_tokenizer, self.decoder, name)

    def _stream(self, ids: list[int], cap: int, seed: int, cancel: CancelToken) -> Iterator[int]:
        """The LLM's audio ids as it writes them (checked before the first); `last_stop` afterwards."""
        from backends.step.llm import AUDIO_RANGE, SamplingSettings

        self.last_prompt_ids = ids
        if len(ids) >= CONTEXT_TOKENS:
            raise InvalidRequest(f"The request needs {len(ids)} prompt tokens; EditX takes at most "
                                 f"{CONTEXT_TOKENS} with its answer. Use a shorter clip or text.")
        if self.max_new_tokens is not None:
            cap = min(cap, self.max_new_tokens)
        sampling = SamplingSettings(temperature=0.7, top_k=50, top_p=1.0, seed=seed,
                                    max_length=min(CONTEXT_TOKENS, len(ids) + cap))
        return self.lm.generate(ids, sampling, cancel, stop_ids=(EOT_ID,), allowed=AUDIO_RANGE)

    @property
    def last_stop(self) -> str:
        """Why the last generation ended: "stop" (end of turn), "max_length" or "cancelled"."""
        return str(getattr(self.lm, "last_stop", "stop"))

    def _generate(self, ids: list[int], cap: int, seed: int, cancel: CancelToken) -> tuple[list[int], str]:
        tokens = list(self._stream(ids, cap, seed, cancel))
        cancel.raise_if_cancelled()
        return tokens, self.last_stop

    def _decode(self, tokens: list[int], prompt: StepVoice, seed: int, stop: str) -> EditxResult:
        codes = output_codes(tokens)
        if not codes:
            raise InvalidRequest("EditX answered with no audio; try another seed.")
        wav = self.decoder.token2wav(np.asarray(codes), prompt.prompt_codes, prompt.prompt_features,
                                     prompt.embedding, seed=seed)
        return EditxResult(Audio(wav, self.decoder.sample_rate), tuple(codes), seed, stop)

    def edit(self, clip: StepVoice, instruction: str, *, seed: int, cancel: CancelToken) -> EditxResult:
        """One edit of a prepared clip by an instruction from ``edit_instruction``."""
        codes = clip.prompt_codes
        ids = edit_prompt_ids(self.text, instruction, codes, self.layout)
        # An edit keeps the length within about twice the input (slower speech), plus 3 s of slack.
        cap = 2 * len(codes) + int(3 * REAL_TIME_TOKENS_PER_S)
        tokens, stop = self._generate(ids, cap, seed, cancel)
        return self._decode(tokens, clip, seed, stop)

    def rounds(self, audio: Audio, transcript: str, edit_type: str, value: str = "", new_text: str = "", *,
               rounds: int = 1, seed: int, cancel: CancelToken) -> Iterator[EditxResult]:
        """``rounds`` edits, each of the previous one's output, yielded as each is done.

        As in the reference, the transcript stays the source's, except for paralinguistic edits, whose
        tagged text becomes the next round's transcript so the sounds stay where they are.
        """
        if not 1 <= rounds <= 10:
            raise InvalidRequest("Repeat an edit between 1 and 10 times.")
        said = transcript
        for n in range(rounds):
            cancel.raise_if_cancelled()
            check_edit_clip(audio)  # every round: a slower round's output may outgrow the limit
            instruction = edit_instruction(edit_type, value, said, new_text)
            step_seed = (seed + n) % (1 << 31)
            result = self.edit(self.clip(audio, said), instruction, seed=step_seed, cancel=cancel)
            yield result
            audio = result.audio
            if edit_type == "paralinguistic":
                said = new_text

    def apply(self, audio: Audio, request: EditRequest, *, seed: int, cancel: CancelToken) -> EditxResult:
        """One round of a studio edit request (the editing core repeats it when asked)."""
        edit_type, value, new_text = editx_request(request, audio.duration)
        return next(self.rounds(audio, request.transcript, edit_type, value, new_text, seed=seed,
                                cancel=cancel))

    def clone(self, text: str, voice: StepVoice, speaker: str, *, seed: int,
              cancel: CancelToken) -> EditxResult:
        """Speak ``text`` (language tags and pinyin inline) in the voice of a prepared clip."""
        tokens, stop = self._generate(*self._clone_prompt(text, voice, speaker), seed, cancel)
        return self._decode(tokens, voice, seed, stop)

    def clone_codes(self, text: str, voice: StepVoice, speaker: str, *, seed: int,
                    cancel: CancelToken) -> Iterator[int]:
        """The clone's codes (0..5119) as the LLM writes them, for a decoder that streams; the prompt
        is checked before the first. `last_stop` says afterwards why it ended."""
        ids, cap = self._clone_prompt(text, voice, speaker)
        tokens = self._stream(ids, cap, seed, cancel)
        return (t - AUDIO_ID_OFFSET for t in tokens if AUDIO_ID_OFFSET <= t < AUDIO_ID_OFFSET + AUDIO_CODES)

    def _clone_prompt(self, text: str, voice: StepVoice, speaker: str) -> tuple[list[int], int]:
        if not text.strip():
            raise InvalidRequest("There is no text to speak.")
        if self.layout == "B":
            speaker = VLLM_CLONE_SPEAKER  # the vLLM-era reference names every voice so
        ids = clone_prompt_ids(self.text, text, voice.transcript, speaker, voice.prompt_codes, self.layout)
        return ids, int(REAL_TIME_TOKENS_PER_S * (3.0 + 0.6 * len(text)))
