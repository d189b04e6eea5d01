"""Step-Audio TTS-3B as a studio engine: text -> prompt -> Step1 tokens -> windowed decoding -> audio.

Each sentence (backends.chunking) is one LLM call in the same voice, which keeps the model off the
loops it falls into on long text; audio ids stream out of the LLM into a StreamDecoder, so the first
audio plays after a few dozen tokens instead of after the whole sentence. Torch is imported only
when the engine loads (or checks a GPU), never when the app lists engines on a machine without one.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from backends.audio import Audio, load_audio
from backends.base import (
    Availability,
    BackendError,
    Cancelled,
    CancelToken,
    InvalidRequest,
    Manifest,
    VoiceInfo,
    VoiceProfile,
)
from backends.step import voices
from backends.step.files import ModelFiles, ModelFilesError, ModelFolders
from backends.step.hardware import (
    _DECODER_BYTES,
    REAL_TIME_TOKENS_PER_S,
    GpuInfo,
    _fit_table_in_child,
    available_ram,
    fit_table,
    gpu_info,
    main,
)
from backends.step.layout import TOKENIZER_SPEC, TTS_SPEC, RepoSpec
from backends.step.manifest import MANIFEST, OPTIONS, SAMPLE_RATE
from backends.step.prompts import MusicMode
from backends.step.synthesis import BUILT_IN_VOICE, StepSynthesis
from backends.step.textok import TextTokenizer

# The setup dialog and the fit child process import the hardware probes from this module.
__all__ = ["BUILT_IN_VOICE", "GpuInfo", "StepLocalBackend", "available_ram", "fit_table", "gpu_info", "main"]

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parent / "assets"


def _default_state_dir(name: str) -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("step-audio-studio")) / name


class StepLocalBackend(StepSynthesis):
    """`tokenizer_folder` / `tts_folder`: folders the user has (else the Hugging Face cache);
    `device`: auto | cuda | cpu; `quant`: auto | none | int8 | int4; `state_dir`: voice cache and
    measured speeds; `streaming_window`: (first window, later windows, left context) in tokens. Unset
    folders, device and quantisation come from STEP_AUDIO_TOKENIZER_DIR, STEP_AUDIO_TTS_DIR,
    STEP_LOCAL_DEVICE, STEP_LOCAL_QUANT and STEP_LOCAL_STATE_DIR, so the registry's no-argument
    construction honours them (and an engine child process gets the same settings through its env).

    `isolate`: the app runs this engine in a child process (studio.engines.manager), never in the
    GUI process: torch and CUDA stay out of the UI, a CUDA crash cannot take it down, and unloading
    (ending the child) returns every byte of GPU memory. The instance the app keeps in its own
    process only declares (manifest, options, availability from files and nvidia-smi)."""

    isolate = True
    # What differs between the Step1-LLM engines (TTS-3B here, EditX in backends.step.editx.engine).
    MODEL = "Step-Audio TTS-3B"
    MANIFEST: Manifest = MANIFEST
    TOKENIZER_VARS: tuple[str, ...] = ("STEP_AUDIO_TOKENIZER_DIR",)  # the first is this engine's own
    # An engine whose LLM can run on a server names its settings here (field of the set-up -> variable).
    LLM_VARS: Mapping[str, str] = MappingProxyType({})
    SPECS: tuple[RepoSpec, RepoSpec] = (TOKENIZER_SPEC, TTS_SPEC)
    MODEL_DIR_VAR = "STEP_AUDIO_TTS_DIR"
    STATE_VAR = "STEP_LOCAL_STATE_DIR"
    DEVICE_VAR = "STEP_LOCAL_DEVICE"
    QUANT_VAR = "STEP_LOCAL_QUANT"
    STATE_NAME = "step-local"
    DOWNLOAD_GB = 11.0
    DOWNLOAD_COMMAND = "python -m backends.step.files download"
    GPU_NEED = "an NVIDIA GPU with 8 GB for real-time speech"
    EXTRA_BYTES = _DECODER_BYTES  # GPU memory beside the LLM: the audio tokenizer and the decoders

    def __init__(
        self,
        *,
        tokenizer_folder: Path | str | None = None,
        tts_folder: Path | str | None = None,
        device: str | None = None,
        quant: str | None = None,
        cache_dir: Path | str | None = None,
        endpoint: str | None = None,
        offline: bool | None = None,
        state_dir: Path | str | None = None,
        streaming_window: tuple[int, int, int] = (30, 85, 20),
        max_tokens_per_sentence: int | None = None,
    ) -> None:
        env = os.environ
        tokenizer_folder = tokenizer_folder or next((env[v] for v in self.TOKENIZER_VARS if env.get(v)), None)
        tts_folder = tts_folder or env.get(self.MODEL_DIR_VAR) or None
        device = device or env.get(self.DEVICE_VAR) or "auto"
        quant = quant or env.get(self.QUANT_VAR) or "auto"
        if device not in ("auto", "cuda", "cpu"):
            raise ValueError(f"device must be auto, cuda or cpu, not {device!r}")
        if quant not in ("auto", "none", "int8", "int4"):
            raise ValueError(f"quant must be auto, none, int8 or int4, not {quant!r}")
        self.device_setting = device
        self.quant_setting = quant
        state_dir = state_dir or env.get(self.STATE_VAR) or None
        self.state_dir = Path(state_dir) if state_dir is not None else _default_state_dir(self.STATE_NAME)
        self.files = ModelFiles(
            cache_dir=cache_dir,
            endpoint=endpoint,
            offline=offline,
            tokenizer_folder=tokenizer_folder,
            tts_folder=tts_folder,
            state_dir=self.state_dir / "verified",
            specs=self.SPECS,
        )
        self.window = streaming_window
        self.max_tokens_per_sentence = max_tokens_per_sentence
        self._lock = threading.RLock()
        self._folders: ModelFolders | None = None
        self._lm: Any = None
        self._text: TextTokenizer | None = None
        self._audio_tok: Any = None
        self._decoders: dict[bool, Any] = {}  # music? -> CosyVoiceDecoder
        self._voice_cache = voices.VoiceCache(self.state_dir / "voices")
        self.device = ""
        self.quant = ""

    def child_env(self) -> dict[str, str]:
        """The environment that makes a no-argument engine of this class in a child process this one."""
        env = {
            self.DEVICE_VAR: self.device_setting,
            self.QUANT_VAR: self.quant_setting,
            self.STATE_VAR: str(self.state_dir),
        }
        names = (self.TOKENIZER_VARS[0], self.MODEL_DIR_VAR)
        for name, folder in zip(names, self.files.user_folders, strict=True):
            if folder is not None:
                env[name] = str(folder)
        if self.files.endpoint:
            env["HF_ENDPOINT"] = self.files.endpoint
        if self.files.cache_dir is not None:
            env["HF_HUB_CACHE"] = str(self.files.cache_dir)
        if self.files._offline is not None:
            env["HF_HUB_OFFLINE"] = "1" if self.files._offline else "0"
        return env

    # --- declaration ---------------------------------------------------------------------------

    @property
    def manifest(self) -> Manifest:
        return self.MANIFEST

    @staticmethod
    def options() -> dict[str, dict[str, object]]:
        return OPTIONS

    def voices(self) -> list[VoiceInfo]:
        return [
            VoiceInfo(
                BUILT_IN_VOICE,
                "Tingting",
                ("zh",),
                SAMPLE_RATE,
                "female",
                "Step-Audio's built-in voice (prompt clip from the reference, Apache-2.0)",
            )
        ]

    def _measured_speed(self) -> dict[str, float]:
        try:
            return {
                str(k): float(v)
                for k, v in json.loads((self.state_dir / "speed.json").read_text(encoding="utf-8")).items()
            }
        except (OSError, ValueError, AttributeError):
            return {}

    def _record_speed(self, tokens_per_s: float) -> None:
        lm = self._lm
        if lm is None or getattr(lm.config, "hidden_size", 0) != 3072:
            return  # only the real model's speed means anything to a user
        speeds = self._measured_speed()
        speeds[f"{self.device}:{self.quant}"] = round(tokens_per_s, 2)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        (self.state_dir / "speed.json").write_text(json.dumps(speeds), encoding="utf-8")

    def availability(self) -> Availability:
        """No model load and no torch import unless a GPU is there to size up."""
        problems: list[str] = []
        fixes: list[str] = []
        if importlib.util.find_spec("torch") is None:
            problems.append("PyTorch is not installed")
            fixes.append("Install it with 'pip install torch' (the CUDA build for an NVIDIA GPU).")
        missing = self.files.missing()
        if missing:
            parts = []
            for spec in self.files.specs:
                mine = [m.split(": ", 1)[1] for m in missing if m.startswith(spec.label + ": ")]
                if len(mine) == len(spec.required):
                    parts.append(f"{spec.label} is not downloaded")
                elif mine:
                    parts.append(f"{spec.label} lacks {', '.join(mine)}")
            problems.append("the model files are not on this computer (" + "; ".join(parts) + ")")
            fixes.append(
                f"Download them (about {self.DOWNLOAD_GB:g} GB) with '{self.DOWNLOAD_COMMAND}', or set "
                f"{self.TOKENIZER_VARS[0]} and {self.MODEL_DIR_VAR} to folders that hold them."
                + (
                    " Offline mode (HF_HUB_OFFLINE) is on: go online for the download."
                    if self.files.offline
                    else ""
                )
            )
        gpu = gpu_info() if self.device_setting != "cpu" else None
        speeds = self._measured_speed()
        cpu_speed = next((v for k, v in speeds.items() if k.startswith("cpu:")), None)
        cpu_words = (
            f"it can run on the CPU, slowly (measured {cpu_speed:.1f} tokens/s here; real time needs "
            f"{REAL_TIME_TOKENS_PER_S:.0f})"
            if cpu_speed is not None
            else "it can run on the CPU, far slower than real time"
        )
        hardware = ""
        if gpu is None:
            if self.device_setting == "cuda":
                problems.append("the engine is set to use CUDA but this machine has no NVIDIA GPU")
                fixes.append("Set the device to 'auto' or 'cpu'.")
            hardware = (
                f"Needs {self.GPU_NEED}; this machine has none: {cpu_words}."
            )
        elif not problems:
            verdict = self._fit(gpu)
            if verdict is None:
                hardware = f"{gpu.name}: fits."
            elif not verdict[0]:
                problems.append(f"the model does not fit {gpu.name} ({verdict[1]})")
                fixes.append(
                    f"Close other programs that use the GPU, or set the device to 'cpu' ({cpu_words})."
                )
            else:
                hardware = f"{gpu.name}: {verdict[1]}."
        if problems:
            reason = f"{self.MODEL} cannot run: " + "; ".join(problems) + "."
            if hardware:
                reason += " " + hardware
            return Availability(False, reason, " ".join(fixes))
        return Availability(True, hardware)

    def _fit(self, gpu: GpuInfo) -> tuple[bool, str] | None:
        """(fits, words) for the chosen or automatic quantisation on `gpu`. The estimate needs torch: in a
        process that has not imported it (the app's, which only lists engines) it runs in a child."""
        try:
            config = self.files.locate().tts / "config.json"
            if "torch" in sys.modules:
                rows = fit_table(config, device="cuda", free_bytes=gpu.free, extra_bytes=self.EXTRA_BYTES)
            else:
                rows = _fit_table_in_child(config, gpu.free, self.EXTRA_BYTES)
        except Exception as exc:  # no torch build, a bad config: say so rather than guess
            return False, f"could not size the model: {exc}"
        choices = [self.quant_setting] if self.quant_setting != "auto" else ["none", "int8", "int4"]
        picked = [r for r in rows if r["quant"] in choices]
        for row in picked:
            if row["fits"]:
                words = "bf16" if row["quant"] == "none" else row["quant"]
                return True, (f"needs {row['needed'] / 1e9:.1f} GB, the GPU has {gpu.free / 1e9:.1f} GB free "
                              f"with {words} weights")
        lightest = picked[-1]
        return False, (f"needs {lightest['needed'] / 1e9:.1f} GB even with "
                       f"{'bf16' if lightest['quant'] == 'none' else lightest['quant']} weights, the GPU has "
                       f"{gpu.free / 1e9:.1f} GB free")

    # --- lifecycle -----------------------------------------------------------------------------

    def ensure_assets(
        self, cancel: CancelToken | None = None, progress: Callable[[Any], None] | None = None
    ) -> ModelFolders:
        """Download what is missing (resumable, verified); returns the folders."""
        return self.files.download(cancel, progress)

    def _resolve_device(self) -> str:
        import torch

        if self.device_setting == "auto":
            return "cuda" if torch.cuda.is_available() else "cpu"
        if self.device_setting == "cuda" and not torch.cuda.is_available():
            raise BackendError(
                "The engine is set to CUDA, but torch sees no CUDA GPU here. Set the device to "
                "'auto' or 'cpu'."
            )
        return self.device_setting

    def _check_ram(self, config: Any, quant: str) -> None:
        """On the CPU: refuse, with the numbers, a model that would not fit the memory free now (the
        child process would otherwise be killed part-way through loading, with nothing said)."""
        from backends.step.llm import will_it_fit

        free = available_ram()
        if free <= 0:
            return  # not readable here (not Linux): nothing to refuse on
        verdict = will_it_fit(config, quant=quant, dtype="float32", free_bytes=free, device="cpu",
                              extra_bytes=self.EXTRA_BYTES)
        if not verdict.fits:
            raise BackendError(f"{self.MODEL} does not fit in this computer's memory: {verdict.message}.")

    def _choose_quant(self, device: str, config: Any) -> str:
        if device != "cuda":
            quant = "none" if self.quant_setting == "auto" else self.quant_setting
            self._check_ram(config, quant)
            return quant
        if self.quant_setting != "auto":
            return self.quant_setting
        import torch

        from backends.step.llm import will_it_fit

        free, _ = torch.cuda.mem_get_info()
        for quant in ("none", "int8", "int4"):
            if will_it_fit(
                config, quant=quant, dtype="bfloat16", free_bytes=free, extra_bytes=self.EXTRA_BYTES
            ).fits:
                return quant
        verdict = will_it_fit(
            config, quant="int4", dtype="bfloat16", free_bytes=free, extra_bytes=self.EXTRA_BYTES
        )
        raise BackendError(f"{self.MODEL} does not fit this GPU: {verdict.message}.")

    def load(self) -> None:
        with self._lock:
            if self._lm is not None:
                return
            try:
                folders = self.files.locate()
            except ModelFilesError:
                raise
            import torch

            from backends.step.llm import Step1Config, Step1LM

            device = self._resolve_device()
            config = Step1Config.from_json(folders.tts / "config.json")
            quant = self._choose_quant(device, config)
            dtype = torch.bfloat16 if device == "cuda" else torch.float32
            self._text = TextTokenizer(folders.tts / "tokenizer.model")
            self._lm = Step1LM.load(folders.tts, device=device, dtype=dtype, quant=quant)
            self._folders = folders
            self.device, self.quant = device, quant

    def unload(self) -> None:
        with self._lock:
            for dec in self._decoders.values():
                dec.unload()
            self._decoders.clear()
            if self._lm is not None:
                self._lm.unload()
            self._lm = None
            self._audio_tok = None
            self._text = None
            if self.device == "cuda":
                import torch

                torch.cuda.empty_cache()

    @property
    def loaded(self) -> dict[str, bool]:
        return {
            "llm": self._lm is not None,
            "tokenizer": self._audio_tok is not None,
            "speech_decoder": False in self._decoders,
            "music_decoder": True in self._decoders,
        }

    def _decoder(self, music: bool) -> Any:
        """The speech or Music CosyVoice decoder, created on first use (Music only for RAP/humming)."""
        with self._lock:
            if music not in self._decoders:
                from backends.step.files import missing_files
                from backends.step.vocoder import CosyVoiceDecoder

                assert self._folders is not None
                folder = self._folders.music_decoder if music else self._folders.speech_decoder
                if music:
                    gone = missing_files(self._folders.tts, self.files.specs[1], music=True)
                    if gone:
                        raise ModelFilesError(
                            "RAP and humming need the Music decoder, but "
                            f"{', '.join(gone)} is missing in {self._folders.tts}.",
                            gone,
                        )
                self._decoders[music] = CosyVoiceDecoder(folder, device=self.device or "cpu")
            return self._decoders[music]

    def _tokenizer(self) -> Any:
        with self._lock:
            if self._audio_tok is None:
                from backends.step.tokenizer import StepAudioTokenizer

                assert self._folders is not None
                self._audio_tok = StepAudioTokenizer(self._folders.tokenizer, device=self.device or "cpu")
            return self._audio_tok

    # --- voices --------------------------------------------------------------------------------

    def _model_tag(self) -> str:
        f = self._folders
        return f"{f.tokenizer_revision}/{f.tts_revision}" if f else ""

    def _voice_name(self, audio: Audio, transcript: str, name: str) -> str:
        """The speaker name the prompts give a voice made from this clip ("" for a TTS-3B clone)."""
        return name

    def _voice_from_clip(
        self,
        audio: Audio,
        transcript: str,
        name: str,
        cancel: CancelToken | None,
        progress: Callable[[float, str], None] | None = None,
    ) -> voices.StepVoice:
        name = self._voice_name(audio, transcript, name)
        key = voices.clip_key(audio, transcript, self._model_tag() + "|" + name)
        cached = self._voice_cache.get(key)
        if cached is not None:
            return cached
        if progress:
            progress(0.2, "tokenizing the recording")
        if cancel is not None:
            cancel.raise_if_cancelled()
        voice = voices.compute_voice(audio, transcript, self._tokenizer(), self._decoder(False), name)
        self._voice_cache.put(key, voice)
        return voice

    def built_in_voice(self, mode: MusicMode = MusicMode.SPEECH) -> voices.StepVoice:
        """Tingting's prompt for `mode` (her RAP and humming clips in those modes), cached once."""
        meta = json.loads((RESOURCES / "speakers.json").read_text(encoding="utf-8"))["speakers"]["Tingting"]
        entry = meta["modes"][
            {MusicMode.SPEECH: "speech", MusicMode.RAP: "rap", MusicMode.HUMMING: "humming"}[mode]
        ]
        audio = load_audio(RESOURCES / entry["file"])
        return self._voice_from_clip(audio, entry["transcript"], "Tingting", None)

    def prepare_voice(
        self,
        reference: Audio,
        transcript: str | None,
        cancel: CancelToken,
        progress: Callable[[float, str], None] | None = None,
    ) -> VoiceProfile:
        voices.check_clip(reference)
        self.load()
        text = (transcript or "").strip()
        if not text:
            if progress:
                progress(0.05, "transcribing the recording")
            from backends.embedded.asr import WhisperTranscriber

            text = WhisperTranscriber().transcribe(reference).text.strip()
            if not text:
                raise InvalidRequest("No speech was recognised in the recording; type its transcript.")
        voice = self._voice_from_clip(reference, text, "", cancel, progress)
        if progress:
            progress(1.0, "done")
        return voice.profile(note=f"{len(voice.prompt_ids)} prompt tokens, {reference.duration:.1f} s")

    def tokenize(self, audio: Audio) -> Any:
        """The clip's dual-codebook tokens (AudioTokens)."""
        self.load()
        return self._tokenizer().tokenize(audio)


_ = Cancelled  # re-exported for callers that catch it from this module
