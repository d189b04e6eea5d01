"""Step-Audio-EditX as a studio engine: edits of clips by instruction, and speech by cloning plus edits.

It is TTS-3B's engine with another model folder (the same Step1 LLM code, the same audio tokenizer
folder, a 24 kHz decoder), so it inherits the files, the hardware checks and the loading, and runs in its
own child process like TTS-3B. What it adds is EditX's work: `edit` (one clip of at most 30 s; the
editing core cuts longer spans at pauses), voices prepared for its 24 kHz decoder, and `synthesize`,
which clones each sentence and then applies the edits its tags ask for (backends.step.editx.speak).
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from backends.audio import Audio, load_audio
from backends.base import (
    CancelToken,
    Finished,
    InvalidRequest,
    Manifest,
    Progress,
    SynthesisEvent,
    SynthesisRequest,
    VoiceInfo,
    VoiceProfile,
)
from backends.chunking import chunk_text
from backends.edits import EditRequest, refusal
from backends.step import voices
from backends.step.editx.edits import MAX_SECONDS
from backends.step.editx.manifest import ENGINE_ID, MANIFEST, MODEL, OPTIONS, SAMPLE_RATE
from backends.step.editx.pipeline import EditxPipeline
from backends.step.editx.prompts import LAYOUTS, clone_speaker_id
from backends.step.editx.synthesis import TakeStats, speak
from backends.step.engine import RESOURCES, StepLocalBackend
from backends.step.hardware import GB
from backends.step.layout import EDITX_SERVED_SPEC, EDITX_SPEC, TOKENIZER_SPEC, RepoSpec
from backends.step.synthesis import BUILT_IN_VOICE
from backends.step.textok import TextTokenizer
from backends.tags import parse
from backends.text import check_text

SERVED_MODEL = "step-audio-editx"  # the --served-model-name packaging/step-audio-editx starts vLLM with


class StepEditxBackend(StepLocalBackend):
    """`tokenizer_folder` / `editx_folder`: folders the user has (else STEP_EDITX_TOKENIZER_DIR, then
    TTS-3B's STEP_AUDIO_TOKENIZER_DIR / STEP_AUDIO_EDITX_DIR, else the Hugging Face cache); `device` and
    `quant` as TTS-3B's, set apart (STEP_EDITX_DEVICE / STEP_EDITX_QUANT); `state_dir`: voice cache
    (STEP_EDITX_STATE_DIR); `llm_url` / `llm_model` / `llm_key`: a vLLM server that runs the LLM stage
    (STEP_EDITX_LLM_*); `prompt_layout`: the reference's "A" (default) or vLLM-era "B" prompt ids
    (STEP_EDITX_PROMPT_LAYOUT)."""

    MODEL = MODEL
    MANIFEST: Manifest = MANIFEST
    # Its own tokenizer folder if set, else TTS-3B's: the audio tokenizer is the same download for both.
    TOKENIZER_VARS = ("STEP_EDITX_TOKENIZER_DIR", "STEP_AUDIO_TOKENIZER_DIR")
    SPECS: tuple[RepoSpec, RepoSpec] = (TOKENIZER_SPEC, EDITX_SPEC)
    MODEL_DIR_VAR = "STEP_AUDIO_EDITX_DIR"
    STATE_VAR = "STEP_EDITX_STATE_DIR"
    DEVICE_VAR = "STEP_EDITX_DEVICE"
    QUANT_VAR = "STEP_EDITX_QUANT"
    STATE_NAME = "step-editx"
    DOWNLOAD_GB = 9.2
    DOWNLOAD_COMMAND = "python -m backends.step.files download --model editx"
    GPU_NEED = "an NVIDIA GPU with 12 GB (about 8 GB with 8-bit weights)"
    # Beside the LLM: the audio tokenizer (Paraformer 0.88 GB, vq06 0.52 GB), the float32 flow
    # (0.62 GB), HiFT and CAM++ (0.15 GB), and working memory for a 30 s clip.
    EXTRA_BYTES = int(2.5 * GB)
    max_edit_seconds = MAX_SECONDS
    # The LLM stage on a vLLM server: where the settings are read, and the files needed here then.
    LLM_VARS: Mapping[str, str] = MappingProxyType({
        "llm_url": "STEP_EDITX_LLM_URL", "llm_model": "STEP_EDITX_LLM_MODEL",
        "llm_key": "STEP_EDITX_LLM_KEY"})
    SERVED_SPECS: tuple[RepoSpec, RepoSpec] = (TOKENIZER_SPEC, EDITX_SERVED_SPEC)
    SERVED_DOWNLOAD_GB = 2.2  # the tokenizer folder (1.41 GB) and the decoder folder (0.76 GB)

    def __init__(self, *, tokenizer_folder: Any = None, editx_folder: Any = None,
                 llm_url: str | None = None, llm_model: str | None = None, llm_key: str | None = None,
                 prompt_layout: str | None = None, max_new_tokens: int | None = None,
                 **settings: Any) -> None:
        env = os.environ
        self.prompt_layout = (prompt_layout or env.get("STEP_EDITX_PROMPT_LAYOUT") or "A").strip().upper()
        if self.prompt_layout not in LAYOUTS:
            raise ValueError(f"prompt_layout must be one of {', '.join(LAYOUTS)}, not {self.prompt_layout!r}")
        names = self.LLM_VARS
        self.llm_url = (llm_url or env.get(names["llm_url"]) or "").strip()
        self.llm_model = (llm_model or env.get(names["llm_model"]) or SERVED_MODEL).strip()
        self.llm_key = llm_key or env.get(names["llm_key"]) or None
        if self.llm_url:
            self.SPECS = self.SERVED_SPECS  # the weights stay on the server
        super().__init__(tokenizer_folder=tokenizer_folder, tts_folder=editx_folder, **settings)
        self.max_new_tokens = max_new_tokens  # a cap below EditX's own (tests: random weights never stop)
        self._pipeline: EditxPipeline | None = None

    def child_env(self) -> dict[str, str]:
        env = super().child_env()
        env["STEP_EDITX_PROMPT_LAYOUT"] = self.prompt_layout
        if self.llm_url:
            env.update({self.LLM_VARS["llm_url"]: self.llm_url, self.LLM_VARS["llm_model"]: self.llm_model})
            if self.llm_key:
                env[self.LLM_VARS["llm_key"]] = self.llm_key
        return env

    # --- declaration ---------------------------------------------------------------------------

    @staticmethod
    def options() -> dict[str, dict[str, object]]:
        return OPTIONS

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo(BUILT_IN_VOICE, "Tingting", ("zh",), SAMPLE_RATE, "female",
                          "Step-Audio's built-in voice, cloned by EditX from its prompt clip (Apache-2.0)")]

    @property
    def loaded(self) -> dict[str, bool]:
        return {"llm": self._lm is not None, "tokenizer": self._audio_tok is not None,
                "decoder": False in self._decoders}

    # --- parts ---------------------------------------------------------------------------------

    def load(self) -> None:
        """The model here (the inherited load), or, with an LLM server set, the text tokenizer here and
        the LLM there, checked to answer and to serve the model before anything else is loaded."""
        if not self.llm_url:
            return super().load()
        with self._lock:
            if self._lm is not None:
                return
            from backends.step.llm.served import ServedLM

            folders = self.files.locate()
            device = self._resolve_device()
            lm = ServedLM(self.llm_url, self.llm_model, key=self.llm_key)
            try:
                lm.check()
            except BaseException:
                lm.unload()
                raise
            self._text = TextTokenizer(folders.tts / "tokenizer.model")
            self._lm, self._folders, self.device, self.quant = lm, folders, device, "served"

    def _fit(self, gpu: Any) -> tuple[bool, str] | None:
        if not self.llm_url:
            return super()._fit(gpu)
        need = self.EXTRA_BYTES
        words = (f"the LLM runs on the vLLM server at {self.llm_url}; the tokenizer and decoder here need "
                 f"about {need / GB:.1f} GB, the GPU has {gpu.free / GB:.1f} GB free")
        return gpu.free >= need, words

    def _decoder(self, music: bool) -> Any:
        """EditX's one 24 kHz decoder (it has no Music decoder)."""
        with self._lock:
            if False not in self._decoders:
                from backends.step.vocoder.editx.decoder import EditxDecoder

                assert self._folders is not None
                folder = self._folders.speech_decoder
                self._decoders[False] = EditxDecoder(folder, device=self.device or "cpu")
            return self._decoders[False]

    def pipeline(self) -> EditxPipeline:
        """The loaded parts as one EditxPipeline (loading the model first)."""
        self.load()
        with self._lock:
            if self._pipeline is None:
                assert self._text is not None
                self._pipeline = EditxPipeline(self._lm, self._text, self._tokenizer(), self._decoder(False),
                                               self.prompt_layout)
            self._pipeline.max_new_tokens = self.max_new_tokens
            return self._pipeline

    def unload(self) -> None:
        with self._lock:
            self._pipeline = None
            super().unload()

    # --- voices --------------------------------------------------------------------------------

    def _voice_name(self, audio: Audio, transcript: str, name: str) -> str:
        """The reference's clone speaker id: a hash of the transcript and the clip's ends."""
        return clone_speaker_id(transcript.strip(), audio.samples)

    def built_in_voice(self, mode: Any = None) -> voices.StepVoice:
        """Tingting's speech clip as an EditX voice, prepared once."""
        meta = json.loads((RESOURCES / "speakers.json").read_text(encoding="utf-8"))["speakers"]["Tingting"]
        entry = meta["modes"]["speech"]
        return self._voice_from_clip(load_audio(RESOURCES / entry["file"]), entry["transcript"], "", None)

    def prepare_voice(self, reference: Audio, transcript: str | None, cancel: CancelToken,
                      progress: Callable[[float, str], None] | None = None) -> VoiceProfile:
        profile = super().prepare_voice(reference, transcript, cancel, progress)
        voice = voices.StepVoice.from_data(profile.data)
        return voice.profile(note=profile.note, engine_id=ENGINE_ID)

    def _voice_for_request(self, request: SynthesisRequest) -> voices.StepVoice:
        if request.voice_profile is not None:
            return voices.StepVoice.from_profile(request.voice_profile, ENGINE_ID, MODEL)
        if request.voice_id in (None, "", BUILT_IN_VOICE):
            return self.built_in_voice()
        raise InvalidRequest(f"{MODEL} has no voice '{request.voice_id}' (built in: {BUILT_IN_VOICE}; cloned "
                             "voices come with their profile).")

    # --- edits ---------------------------------------------------------------------------------

    def edit(self, audio: Audio, request: EditRequest, cancel: CancelToken,
             progress: Callable[[float, str], None] | None = None) -> Audio:
        """One round of `request` on a clip of 0.5-30 s (the editing core repeats and splits)."""
        why = refusal(MANIFEST, request)
        if why is not None:
            raise InvalidRequest(why)
        seed = _seed(request.options.get("seed"))
        if progress:
            progress(0.0, request.describe())
        result = self.pipeline().apply(audio, request, seed=seed, cancel=cancel)
        if progress:
            progress(1.0, request.describe())
        return result.audio

    # --- speech --------------------------------------------------------------------------------

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        check_text(request.text)
        parsed = parse(request.text)
        if not parsed.has_speech:
            raise InvalidRequest("There is no text to speak.")
        options = dict(request.options or {})
        unknown = sorted(set(options) - set(OPTIONS))
        if unknown:
            raise InvalidRequest(f"Unknown option(s) for {MODEL}: {', '.join(unknown)} (known: "
                                 f"{', '.join(OPTIONS)}; a take is repeated by its seed).")
        if not isinstance(options.get("streaming", True), bool):
            raise InvalidRequest("Option streaming must be true or false.")
        if request.voice_profile is not None:
            voices.StepVoice.from_profile(request.voice_profile, ENGINE_ID, MODEL)  # refuse before any work
        elif request.voice_id not in (None, "", BUILT_IN_VOICE):
            self._voice_for_request(request)
        chunks = [c for c in chunk_text(parsed) if c.has_speech or c.pause_before or c.pause_after]
        return self._speak(request, parsed, chunks, cancel)

    def _speak(self, request: SynthesisRequest, parsed: Any, chunks: list[Any],
               cancel: CancelToken) -> Iterator[SynthesisEvent]:
        started = time.perf_counter()
        yield Progress(0, sum(1 for c in chunks if c.has_speech), "loading the voice")
        pipe = self.pipeline()
        voice = self._voice_for_request(request)
        cancel.raise_if_cancelled()
        stats = TakeStats(request.seed if request.seed is not None else secrets.randbits(31))
        streaming = bool((request.options or {}).get("streaming", OPTIONS["streaming"]["default"]))
        yield from speak(pipe, voice, request, parsed, chunks, cancel, stats, streaming=streaming)
        total = time.perf_counter() - started
        folders = self._folders
        seconds = stats.samples / SAMPLE_RATE
        yield Finished({
            "engine": ENGINE_ID, "model": EDITX_SPEC.repo_id,
            "model_revision": folders.tts_revision if folders else "",
            "tokenizer_revision": folders.tokenizer_revision if folders else "",
            "seed": stats.seed, "device": self.device, "quant": self.quant, "streaming": streaming,
            "voice": request.voice_id or (BUILT_IN_VOICE if request.voice_profile is None else "clone"),
            "sentences": stats.sentences, "streamed_sentences": stats.streamed, "edits": stats.edits,
            "first_audio_s": round(stats.first_audio or 0.0, 4), "total_s": round(total, 4),
            "audio_s": round(seconds, 4), "rtf": round(total / seconds, 4) if seconds else None,
        })


def _seed(raw: object) -> int:
    """A request's seed option, or a fresh one."""
    if raw is None:
        return secrets.randbits(31)
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not 0 <= int(raw) < (1 << 31):
        raise InvalidRequest("The edit's seed must be a whole number from 0 to 2147483647.")
    return int(raw)


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * SAMPLE_RATE), np.float32)
