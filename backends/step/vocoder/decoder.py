"""One CosyVoice-300M-25Hz(-Music) folder as a token-to-waveform decoder.

Every part loads on first use: the yaml when anything is asked, CAM++ for a speaker embedding,
the flow and HiFT for decoding. This is what lets the engine keep the Music folder on disk until
RAP or humming is requested, and lets voice preparation run without the flow in memory. Torch is
imported only when a part that needs it loads.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from backends.audio import Audio
from backends.step.vocoder.config import CosyVoiceConfig, VocoderFileError, read_cosyvoice_config

if TYPE_CHECKING:
    import torch

    from backends.step.vocoder.campplus import CampPlus
    from backends.step.vocoder.hift import HiFTGenerator

FILES = ("cosyvoice.yaml", "flow.pt", "hift.pt", "campplus.onnx")
DEFAULT_SAMPLE_RATE = 22050


class CosyVoiceDecoder:
    """Tokens (interleaved dual-codebook codes 0..5119) + a prompt -> 22.05 kHz speech.

    A folder of another design (EditX's 24 kHz one) subclasses it with its own yaml reader, default
    rate and flow (`read_config`, `default_sample_rate`, `_load_flow`).
    """

    read_config = staticmethod(read_cosyvoice_config)
    default_sample_rate = DEFAULT_SAMPLE_RATE

    def __init__(self, folder: Path | str, *, device: str = "cpu", flow_dtype: str | None = None) -> None:
        self.folder = Path(folder)
        self.device = str(device)
        # TTS-3B's reference runs the flow in bf16 on the GPU; on the CPU float32 is both exact and faster.
        # (Only the estimator's forward is bf16 there: the ODE state, time and output stay float32.)
        on_cpu = self.device.split(":")[0] == "cpu"
        self.flow_dtype = flow_dtype or ("float32" if on_cpu else "bfloat16")
        self._lock = threading.RLock()
        self._config: CosyVoiceConfig | None = None
        self._flow: Any = None
        self._hift: HiFTGenerator | None = None
        self._campplus: CampPlus | None = None

    # -- files and lazy parts -------------------------------------------------------------------

    def missing_files(self) -> list[Path]:
        return [self.folder / name for name in FILES if not (self.folder / name).is_file()]

    def _require(self, name: str) -> Path:
        path = self.folder / name
        if not path.is_file():
            raise VocoderFileError(path, "file is missing from the CosyVoice folder")
        return path

    @property
    def config(self) -> CosyVoiceConfig:
        with self._lock:
            if self._config is None:
                self._config = self.read_config(self._require("cosyvoice.yaml"))
            return self._config

    @property
    def sample_rate(self) -> int:
        """The yaml's rate once it is readable; every released folder of a design says the same."""
        try:
            return self.config.sample_rate
        except VocoderFileError:
            return self.default_sample_rate

    @property
    def loaded(self) -> dict[str, bool]:
        return {"flow": self._flow is not None, "hift": self._hift is not None,
                "campplus": self._campplus is not None}

    def campplus(self) -> CampPlus:
        with self._lock:
            if self._campplus is None:
                from backends.step.vocoder.campplus import CampPlus

                self._campplus = CampPlus(self._require("campplus.onnx"))
            return self._campplus

    def hift(self) -> HiFTGenerator:
        with self._lock:
            if self._hift is None:
                from backends.step.vocoder.hift import HiFTGenerator

                self._hift = HiFTGenerator.load(self._require("hift.pt"), self.config.hift,
                                                device=self.device)
            return self._hift

    def flow(self) -> Any:
        with self._lock:
            if self._flow is None:
                import torch

                path = self._require("flow.pt")
                try:
                    self._flow = self._load_flow(path, getattr(torch, self.flow_dtype))
                except VocoderFileError:
                    raise
                except Exception as exc:
                    raise VocoderFileError(path, f"is damaged or does not fit cosyvoice.yaml "
                                                 f"({type(exc).__name__}: {str(exc)[:300]})") from exc
            return self._flow

    def _load_flow(self, path: Path, dtype: torch.dtype) -> Any:
        from backends.step.vocoder.flow import FlowModel, flow_config_from_yaml_node

        try:
            flow_config = flow_config_from_yaml_node(self.config.flow)
        except (KeyError, TypeError, ValueError) as exc:
            raise VocoderFileError(self.config.path, f"key 'flow' is malformed ({exc})") from exc
        return FlowModel.load(path, flow_config, device=self.device, dtype=dtype)

    def load(self) -> None:
        """Load every part now (e.g. before the first request, to keep it off the latency path)."""
        self.campplus()
        self.hift()
        self.flow()

    def unload(self) -> None:
        """Drop the models; the next call loads them again. Frees GPU memory held by them."""
        with self._lock:
            on_gpu = self._flow is not None or self._hift is not None
            self._flow = self._hift = self._campplus = None
        if on_gpu and self.device.startswith("cuda"):
            import torch

            if torch.cuda.is_available():
                torch.cuda.empty_cache()

    # -- prompt side ---------------------------------------------------------------------------

    def speaker_embedding(self, audio: Audio) -> np.ndarray:
        """192-d CAM++ x-vector of the clip (float32)."""
        return self.campplus().embed(audio)

    def prompt_features(self, audio: Audio) -> np.ndarray:
        """[frames, 80] log mel at 22.05 kHz: the flow's `prompt_feat` for this clip."""
        from backends.step.vocoder.mel import prompt_mel

        return prompt_mel(audio, self.config.mel)

    # -- decoding ------------------------------------------------------------------------------

    def _generator(self, seed: int | None) -> torch.Generator | None:
        import torch

        return None if seed is None else torch.Generator().manual_seed(int(seed))

    def token2mel(self, tokens: np.ndarray, prompt_tokens: np.ndarray, prompt_features: np.ndarray,
                  embedding: np.ndarray, *, generator: torch.Generator | None = None) -> torch.Tensor:
        """Flow only: [1, 80, frames] float32 mel on the flow's device for `tokens` (the prompt's frames
        excluded)."""
        import torch

        flow = self.flow()
        vocab = flow.config.vocab_size
        tok = checked_codes(tokens, vocab, "tokens")
        ptok = checked_codes(prompt_tokens, vocab, "prompt_tokens")
        feats = np.asarray(prompt_features, dtype=np.float32)
        if feats.ndim != 2 or feats.shape[1] != flow.config.output_size:
            raise ValueError(f"prompt_features must be [frames, {flow.config.output_size}], "
                             f"got {feats.shape}")
        emb = np.asarray(embedding, dtype=np.float32).reshape(1, -1)
        if emb.shape[1] != flow.config.spk_embed_dim:
            raise ValueError(f"embedding must have {flow.config.spk_embed_dim} values, got {emb.shape[1]}")
        total = feats.shape[0] + flow.config.mel_frames(len(tok))
        noise = None
        if generator is not None:  # drawn on the CPU so that a seed means the same audio on any device
            noise = torch.randn(1, flow.config.output_size, total, generator=generator)
        def length(n: int) -> torch.Tensor:
            return torch.tensor([n], dtype=torch.int32)

        return flow.inference(
            token=torch.from_numpy(tok)[None], token_len=length(len(tok)),
            prompt_token=torch.from_numpy(ptok)[None], prompt_token_len=length(len(ptok)),
            prompt_feat=torch.from_numpy(feats)[None], prompt_feat_len=length(len(feats)),
            embedding=torch.from_numpy(emb), noise=noise)

    def mel2wav(self, mel: torch.Tensor | np.ndarray, *, generator: torch.Generator | None = None,
                cache_source: torch.Tensor | None = None) -> tuple[np.ndarray, torch.Tensor]:
        """HiFT only: mel [1, 80, frames] (or [80, frames]) -> (float32 samples, excitation used).
        Feed a tail of the returned excitation as `cache_source` of the next chunk when streaming."""
        import torch

        mel_t = torch.as_tensor(mel, dtype=torch.float32)
        if mel_t.dim() == 2:
            mel_t = mel_t[None]
        wav, source = self.hift().synthesize(mel_t.float(), generator=generator, cache_source=cache_source)
        return wav[0].float().cpu().numpy().astype(np.float32, copy=False), source

    def token2wav(self, tokens: np.ndarray, prompt_tokens: np.ndarray, prompt_features: np.ndarray,
                  embedding: np.ndarray, *, seed: int | None = None) -> np.ndarray:
        """Interleaved codes -> float32 samples at `sample_rate`; `seed` makes the take reproducible."""
        if np.asarray(tokens).size == 0:
            return np.zeros(0, dtype=np.float32)
        generator = self._generator(seed)
        mel = self.token2mel(tokens, prompt_tokens, prompt_features, embedding, generator=generator)
        return self.mel2wav(mel, generator=generator)[0]


def checked_codes(values: np.ndarray, vocab: int, name: str) -> np.ndarray:
    """Integer codes in [0, vocab) as int64, or ValueError naming `name`: a text id or a code past the
    table would index off the flow's embedding."""
    arr = np.asarray(values).reshape(-1)
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"{name} must be integers, got {arr.dtype}")
    arr = arr.astype(np.int64)
    if arr.size and (arr.min() < 0 or arr.max() >= vocab):
        raise ValueError(f"{name} must lie in [0, {vocab}), got {int(arr.min())}..{int(arr.max())}")
    return arr
