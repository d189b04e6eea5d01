"""The EditX decoder folder (``CosyVoice-300M-25Hz``) as a token-to-waveform decoder at 24 kHz.

It shares the TTS-3B decoder's lazy loading, CAM++ and HiFT (with the folder's 24 kHz settings and the
SineGen2 source), and differs in what the reference does around them: the prompt clip is capped to a
0.6 peak before anything is measured from it, its mel and x-vector are rounded to bfloat16 (the
reference casts them so, even for its float32 vocoder), and the flow is the dual-codebook DiT.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from backends.audio import Audio
from backends.step.textok import AUDIO_CODES
from backends.step.vocoder.decoder import CosyVoiceDecoder, checked_codes

from .config import read_editx_config

if TYPE_CHECKING:
    import torch

SAMPLE_RATE = 24000
PROMPT_PEAK = 0.6


def capped(audio: Audio, peak: float = PROMPT_PEAK) -> Audio:
    """The clip scaled down to ``peak`` if it is louder; quieter clips are left as they are."""
    top = audio.peak()
    if top <= peak:
        return audio
    # Divided by the peak, then scaled, in float32: the reference's order of operations.
    scaled = audio.samples.astype(np.float32) / np.float32(top) * np.float32(peak)
    return Audio(scaled.astype(np.float32), audio.sample_rate)


def bf16_rounded(values: np.ndarray) -> np.ndarray:
    """Float32 values rounded to the nearest bfloat16 (ties to even), kept as float32."""
    bits = np.ascontiguousarray(values, dtype=np.float32).view(np.uint32)
    rounded = (bits + np.uint32(0x7FFF) + ((bits >> 16) & np.uint32(1))) & np.uint32(0xFFFF0000)
    return rounded.view(np.float32)


class EditxDecoder(CosyVoiceDecoder):
    """Mixed codes (LLM id - 65536) + a prompt -> 24 kHz speech; parts load on first use."""

    read_config = staticmethod(read_editx_config)
    default_sample_rate = SAMPLE_RATE

    def __init__(self, folder: Path | str, *, device: str = "cpu", flow_dtype: str | None = None) -> None:
        # EditX's reference runs its flow in float32 on every device (unlike TTS-3B's, in bf16 on a GPU).
        super().__init__(folder, device=device, flow_dtype=flow_dtype or "float32")

    def _load_flow(self, path: Path, dtype: torch.dtype) -> Any:
        from .config import editx_flow_config_from_yaml_node
        from .flow import EditxFlow

        config = editx_flow_config_from_yaml_node(self.config.flow, self.config.path)
        return EditxFlow.load(path, config, device=self.device, dtype=dtype)

    def speaker_embedding(self, audio: Audio) -> np.ndarray:
        """192-d CAM++ x-vector of the capped clip, rounded to bfloat16 as the reference feeds it."""
        return bf16_rounded(self.campplus().embed(capped(audio)))

    def prompt_features(self, audio: Audio) -> np.ndarray:
        """[frames, 80] log mel at 24 kHz of the capped, untrimmed clip, rounded to bfloat16."""
        from backends.step.vocoder.mel import prompt_mel

        return bf16_rounded(prompt_mel(capped(audio), self.config.mel))

    def token2mel(self, tokens: np.ndarray, prompt_tokens: np.ndarray, prompt_features: np.ndarray,
                  embedding: np.ndarray, *, generator: torch.Generator | None = None,
                  seed: int = 0) -> torch.Tensor:
        """Flow only: [1, 80, 6 per 5 codes] float32 mel for ``tokens`` (the prompt's frames excluded).

        The flow's noise comes from its buffer drawn from one seed, as the reference's comes from one
        buffer per process: ``seed``, or the seed ``generator`` was made with.
        """
        if generator is not None:
            seed = generator.initial_seed()
        flow = self.flow()
        codes = checked_codes(tokens, AUDIO_CODES, "tokens")
        prompt = checked_codes(prompt_tokens, AUDIO_CODES, "prompt_tokens")
        feats = np.asarray(prompt_features, dtype=np.float32)
        if feats.ndim != 2 or feats.shape[1] != flow.config.output_size:
            raise ValueError(f"prompt_features must be [frames, {flow.config.output_size}], "
                             f"got {feats.shape}")
        if len(prompt) and not len(feats):
            raise ValueError("prompt tokens need the prompt's mel")
        emb = np.asarray(embedding, dtype=np.float32).reshape(-1)
        if emb.shape != (flow.config.spk_embed_dim,):
            raise ValueError(f"embedding must have {flow.config.spk_embed_dim} values, got {emb.size}")
        if not (np.isfinite(feats).all() and np.isfinite(emb).all()):
            raise ValueError("the prompt's mel or speaker embedding is not finite")
        return flow.inference(codes, prompt, feats[None], emb[None], seed=seed)

