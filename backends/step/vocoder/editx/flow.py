"""EditX's token-to-mel flow (CausalMaskedDiffWithXvec), weight-compatible with the official ``flow.pt``.

Mixed audio codes (2 vq02 + 3 vq06 per 120 ms) are regrouped into 25 Hz frames of two codebook columns,
embedded from one shared table, encoded and upsampled to 50 Hz, then solved from noise in 10 cosine-
spaced Euler steps with classifier-free guidance. The prompt's codes and mel lead the sequence, so the
generated frames continue the prompt's voice; the prompt frames are cut from the result.

The reference draws its noise once per process (a 30,000-frame buffer from the global RNG) and takes
its first frames for every call; here the buffer comes from a seeded generator, so one seed gives the
same noise in every process and on every device.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from backends.step.vocoder.weights import load_into, read_state_dict

from .config import PAD_ROW, EditxFlowConfig
from .dit import DiT
from .encoder import UpsampleConformerEncoder

# The most codes (prompt and target together) decoded at once: EditX's whole context. The encoder's
# attention grows with the square of the length (at the released size about 16 GB in float32 here).
MAX_CODES = 8192
# What the reference appends to an incomplete last group of k codes: the last 5 - k of these.
_TAIL = (0, 0, 0, PAD_ROW, PAD_ROW, PAD_ROW)


def regroup_codes(codes: Sequence[int] | np.ndarray) -> np.ndarray:
    """Mixed codes ``[a, b, c, d, e, ...]`` -> ``[3 n, 2]`` frames ``(a, c+1), (b, d+1), (1024, e+1)``.

    Column 0 holds the vq02 code or the pad row, column 1 the vq06 code moved past it (1025..5120),
    both rows of the same table. An incomplete last group is padded the way the reference pads it.
    """
    flat = [int(c) for c in np.asarray(codes).reshape(-1)]
    tail = len(flat) % 5
    if tail:
        flat += list(_TAIL[-(5 - tail):])
    groups = np.asarray(flat, dtype=np.int64).reshape(-1, 5)
    frames = np.empty((groups.shape[0], 3, 2), dtype=np.int64)
    frames[:, :2, 0] = groups[:, :2]
    frames[:, 2, 0] = PAD_ROW
    frames[:, :, 1] = groups[:, 2:] + 1
    return frames.reshape(-1, 2)


class DualCodebookEmbedding(nn.Module):
    """One table for both columns; the two looked-up halves are concatenated."""

    def __init__(self, vocab: int, width: int) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab, width // 2)

    def forward(self, frames: torch.Tensor) -> torch.Tensor:
        """``[B, T, 2]`` -> ``[B, T, width]``."""
        frames = frames.clamp(min=0)
        return torch.cat([self.embedding(frames[..., 0]), self.embedding(frames[..., 1])], dim=-1)


class EditxFlow(nn.Module):
    def __init__(self, config: EditxFlowConfig | None = None) -> None:
        super().__init__()
        self.config = config = config or EditxFlowConfig()
        self.input_embedding = DualCodebookEmbedding(config.vocab_size, config.input_size)
        self.spk_embed_affine_layer = nn.Linear(config.spk_embed_dim, config.output_size)
        self.encoder = UpsampleConformerEncoder(config.encoder)
        self.encoder_proj = nn.Linear(config.encoder.output_size, config.output_size)
        self.decoder = nn.Module()
        self.decoder.estimator = DiT(config.estimator)
        self._noise: tuple[int, torch.Tensor] | None = None  # (seed, buffer), replaced whole

    @classmethod
    def load(cls, path: Path | str, config: EditxFlowConfig, *, device: str | torch.device = "cpu",
             dtype: torch.dtype = torch.float32) -> EditxFlow:
        """Build from ``config`` and load ``flow.pt`` strictly; a missing or misshapen tensor is named."""
        model = cls(config)
        load_into(model, read_state_dict(Path(path)), Path(path))
        return model.to(device=device, dtype=dtype).eval()

    @property
    def device(self) -> torch.device:
        return self.encoder_proj.weight.device

    @property
    def dtype(self) -> torch.dtype:
        return self.encoder_proj.weight.dtype

    # -- stages, public so the fidelity tests can compare them one by one ------------------------
    def speaker(self, embedding: torch.Tensor) -> torch.Tensor:
        """``[1, 192]`` CAM++ x-vector -> ``[1, 80]``, normalised to unit length first."""
        unit = F.normalize(embedding.to(self.device, torch.float32), dim=1)
        return self.spk_embed_affine_layer(unit.to(self.dtype))

    def encode(self, frames: torch.Tensor) -> torch.Tensor:
        """``[1, T, 2]`` code frames -> ``mu [1, 2 T, 80]``."""
        x = self.input_embedding(frames.to(self.device).long())
        return self.encoder_proj(self.encoder(x))

    def noise(self, frames: int, seed: int) -> torch.Tensor:
        """The first ``frames`` frames of the fixed noise buffer drawn from ``seed`` (float32, model device).

        Like the reference, every call shares one buffer, so a longer take starts with the same noise
        as a shorter one; the buffer is drawn on the CPU, so a seed means the same noise everywhere.
        """
        limit = self.config.noise_frames
        if frames > limit:
            raise ValueError(f"prompt and target together are {frames} mel frames; the flow takes at most "
                             f"{limit} ({limit // 50} s)")
        cached = self._noise  # read once: another thread may replace it, never half of it
        if cached is None or cached[0] != seed:
            generator = torch.Generator().manual_seed(seed)
            cached = (seed, torch.randn(1, self.config.output_size, limit, generator=generator))
            self._noise = cached
        return cached[1][:, :, :frames].to(self.device)

    def time_grid(self, steps: int) -> torch.Tensor:
        grid = torch.linspace(0, 1, steps + 1, device=self.device, dtype=torch.float32)
        return 1 - torch.cos(grid * 0.5 * torch.pi)

    def velocity(self, x: torch.Tensor, mask: torch.Tensor | None, mu: torch.Tensor, t: torch.Tensor,
                 spks: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        """One guided estimate: the conditioned and the fully unconditioned pass share one batch."""
        rate = self.config.inference_cfg_rate
        x_in = x.to(self.dtype)
        both = self.decoder.estimator(
            torch.cat([x_in, x_in]), None if mask is None else torch.cat([mask, mask]),
            torch.cat([mu, torch.zeros_like(mu)]),
            torch.cat([t, t]), torch.cat([spks, torch.zeros_like(spks)]),
            torch.cat([cond, torch.zeros_like(cond)]))
        guided, free = both.float().chunk(2, dim=0)
        return (1.0 + rate) * guided - rate * free

    def solve(self, z: torch.Tensor, mu: torch.Tensor, spks: torch.Tensor, cond: torch.Tensor,
              steps: int) -> torch.Tensor:
        """Euler steps from ``z`` (float32 state and time); ``mu``/``cond`` are ``[1, 80, L]``."""
        grid = self.time_grid(steps)
        x, t, dt = z.float(), grid[0].unsqueeze(0), grid[1] - grid[0]
        for step in range(1, steps + 1):
            x = x + dt * self.velocity(x, None, mu, t, spks, cond)  # one utterance: nothing padded
            t = t + dt
            if step < steps:
                dt = grid[step + 1] - t
        return x

    @torch.inference_mode()
    def inference(self, codes: Sequence[int] | np.ndarray, prompt_codes: Sequence[int] | np.ndarray,
                  prompt_mel: torch.Tensor | np.ndarray, embedding: torch.Tensor | np.ndarray, *,
                  seed: int = 0, noise: torch.Tensor | None = None, steps: int | None = None) -> torch.Tensor:
        """Float32 mel ``[1, 80, 6 groups]`` for ``codes``, continuing the prompt's voice.

        ``codes``/``prompt_codes`` are mixed codes (LLM id - 65536); ``prompt_mel`` is ``[1, T, 80]`` at
        24 kHz and is stretched (nearest) onto exactly two frames per prompt token frame, as the
        reference does. ``noise`` (``[1, 80, L]``) replaces the seeded buffer for fidelity runs.
        """
        target = torch.from_numpy(regroup_codes(codes))
        prompt = torch.from_numpy(regroup_codes(prompt_codes)) if len(prompt_codes) else target[:0]
        if target.shape[0] == 0:
            raise ValueError("no audio codes to decode")
        count = len(codes) + len(prompt_codes)
        if count > MAX_CODES:
            raise ValueError(f"{count} audio codes are more than the flow decodes at once ({MAX_CODES}, "
                             f"the model's whole context, about {MAX_CODES * 3 // 125} s)")
        stride = self.config.encoder.up_stride
        prompt_frames = stride * prompt.shape[0]
        feat = torch.as_tensor(np.asarray(prompt_mel, dtype=np.float32)).to(self.device)
        if prompt_frames:
            feat = F.interpolate(feat.transpose(1, 2), size=prompt_frames, mode="nearest").transpose(1, 2)
        spks = self.speaker(torch.as_tensor(np.asarray(embedding, dtype=np.float32)).reshape(1, -1))
        mu = self.encode(torch.cat([prompt, target]).unsqueeze(0)).transpose(1, 2)
        total = mu.shape[-1]
        cond = torch.zeros(1, self.config.output_size, total, device=self.device, dtype=self.dtype)
        if prompt_frames:
            cond[:, :, :prompt_frames] = feat.transpose(1, 2).to(self.dtype)
        z = self.noise(total, seed) if noise is None else noise.to(self.device, torch.float32)
        if tuple(z.shape) != (1, self.config.output_size, total):
            raise ValueError(f"noise must be [1, {self.config.output_size}, {total}], got {tuple(z.shape)}")
        mel = self.solve(z, mu, spks, cond, self.config.n_timesteps if steps is None else steps)
        return mel[:, :, prompt_frames:]
