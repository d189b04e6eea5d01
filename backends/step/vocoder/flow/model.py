"""CosyVoice-1 flow matching (MaskedDiffWithXvec) for the Step-Audio-TTS-3B decoder folders.

Tokens (interleaved dual-codebook codes) -> conformer -> linear stretch to mel frames -> 10 Euler
steps of a conditional flow with classifier-free guidance -> 80-bin mel at 22.05 kHz / hop 256.
The prompt's tokens and mel lead the sequence so the generated frames continue the prompt voice.
"""

from __future__ import annotations

import math
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from .config import FlowConfig, LengthRegulatorConfig
from .encoder import ConformerEncoder
from .estimator import ConditionalUNet


class LengthRegulator(nn.Module):
    """Linear interpolation of token features onto mel frames, then a small conv stack."""

    def __init__(self, config: LengthRegulatorConfig):
        super().__init__()
        ch = config.channels
        layers: list[nn.Module] = []
        for _ in config.sampling_ratios:
            layers += [nn.Conv1d(ch, ch, 3, 1, 1), nn.GroupNorm(config.groups, ch), nn.Mish()]
        layers.append(nn.Conv1d(ch, config.out_channels or ch, 1, 1))
        self.model = nn.Sequential(*layers)

    def forward(
        self, prompt_h: torch.Tensor, h: torch.Tensor, prompt_frames: int, frames: int
    ) -> torch.Tensor:
        """Stretch prompt and target separately (``[B, T, C]`` each) so the prompt keeps its true length."""
        parts = []
        if prompt_h.shape[1] != 0:
            parts.append(
                F.interpolate(prompt_h.transpose(1, 2).contiguous(), size=prompt_frames, mode="linear")
            )
        parts.append(F.interpolate(h.transpose(1, 2).contiguous(), size=frames, mode="linear"))
        return self.model(torch.cat(parts, dim=2)).transpose(1, 2).contiguous()


class ConditionalFlow(nn.Module):
    """Euler solver of the conditional flow; holds the estimator as ``decoder.estimator``.

    ``reference_numerics``: in bf16/fp16, solve as the reference does (noise, state, time grid, step
    and guidance mix all in the model's dtype) instead of keeping them float32 around a low-precision
    estimator. Off by default, deliberately: on the tiny random weights the reference's bf16 mel is
    29.9 dB from the float32 model's and ours 43.1 dB (tests/data/step/flow/README.md); on it, our
    bf16 mel followed the reference's bit for bit on the CPU that made the golden (within 0.7 % on an
    AVX2-only CPU, whose bf16 products round otherwise). In float32 the two modes are the same.
    """

    reference_numerics = False

    def __init__(self, config: FlowConfig):
        super().__init__()
        self.cfm = config.cfm
        if self.cfm.solver != "euler":
            raise ValueError(f"flow solver {self.cfm.solver!r} is not supported (only 'euler')")
        self.estimator = ConditionalUNet(config.estimator)

    def time_grid(self, n_steps: int, device=None, dtype: torch.dtype = torch.float32) -> torch.Tensor:
        # Float32 unless asked (reference numerics): in bf16 (8 significant bits) the cosine grid's
        # points are up to 5 % off (0.01172 for 0.01231) and steps near t = 1 are ~0.004 coarse.
        grid = torch.linspace(0, 1, n_steps + 1, device=device, dtype=dtype)
        if self.cfm.t_scheduler == "cosine":
            grid = 1 - torch.cos(grid * 0.5 * torch.pi)
        return grid

    def velocity(self, x, mask, mu, t, spks, cond) -> torch.Tensor:
        """One guided estimate (float32): conditional and fully unconditional passes share one batch.

        ``x`` is the float32 ODE state and ``t`` the float32 time; the estimator sees ``x`` in the
        model's dtype. The guidance mix ``(1 + r) * guided - r * free`` is taken in float32 because it
        subtracts two close estimates, which bf16 would leave with about two significant digits.
        """
        rate = self.cfm.inference_cfg_rate
        x_in = x.to(mu.dtype)
        out = torch.float32 if x.dtype == torch.float32 else mu.dtype  # the state's own dtype
        if rate <= 0:
            return self.estimator(x_in, mask, mu, t, spks, cond).to(out)
        both = self.estimator(
            torch.cat([x_in, x_in]),
            torch.cat([mask, mask]),
            torch.cat([mu, torch.zeros_like(mu)]),
            torch.cat([t, t]),
            torch.cat([spks, torch.zeros_like(spks)]) if spks is not None else None,
            torch.cat([cond, torch.zeros_like(cond)]),
        )
        guided, free = torch.chunk(both.to(out), 2, dim=0)
        return (1.0 + rate) * guided - rate * free

    def solve(self, z, mu, mask, spks, cond, n_steps: int) -> torch.Tensor:
        """Euler steps from ``z``; returns the float32 end state (``[B, 80, T]``).

        By default the state ``x``, the time ``t`` and the step ``dt`` stay float32 in every model
        dtype: only the estimator's forward runs in bf16/fp16. A bf16 time is off by up to 0.002
        (2 radians in the 1000x-scaled timestep features) and a bf16 state loses the small late-step
        updates. With ``reference_numerics`` they take the model's dtype, as the reference's do.
        """
        exact = self.reference_numerics and mu.dtype != torch.float32
        dtype = mu.dtype if exact else torch.float32
        grid = self.time_grid(n_steps, z.device, dtype)
        x = z.to(dtype)
        # Time advances by accumulating dt, as the reference does, rather than reading the grid.
        t = grid[0].unsqueeze(0)
        dt = grid[1] - grid[0]
        for step in range(1, n_steps + 1):
            v = self.velocity(x, mask, mu, t, spks, cond)
            x = x + dt * v
            t = t + dt
            if step < n_steps:
                dt = grid[step + 1] - t
        return x.float()


class FlowModel(nn.Module):
    """Token-to-mel decoder weight-compatible with the official ``flow.pt`` state dict."""

    def __init__(self, config: FlowConfig | None = None):
        super().__init__()
        self.config = config = config or FlowConfig()
        self.input_embedding = nn.Embedding(config.vocab_size, config.input_size)
        self.spk_embed_affine_layer = nn.Linear(config.spk_embed_dim, config.output_size)
        self.encoder = ConformerEncoder(config.encoder)
        self.encoder_proj = nn.Linear(config.encoder.output_size, config.output_size)
        self.length_regulator = LengthRegulator(config.length_regulator)
        self.decoder = ConditionalFlow(config)

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        path: Path | str,
        config: FlowConfig | None = None,
        *,
        device: str | torch.device = "cpu",
        dtype: torch.dtype = torch.float32,
    ) -> FlowModel:
        """Build from ``config`` and load ``flow.pt`` strictly, so a shape or name mismatch is an error."""
        model = cls(config)
        state = torch.load(Path(path), map_location="cpu", weights_only=True)
        if isinstance(state, dict) and "state_dict" in state and isinstance(state["state_dict"], dict):
            state = state["state_dict"]
        model.load_state_dict(state, strict=True)
        return model.to(device=device, dtype=dtype).eval()

    @property
    def device(self) -> torch.device:
        return self.input_embedding.weight.device

    @property
    def dtype(self) -> torch.dtype:
        return self.input_embedding.weight.dtype

    # -- stages (public so fidelity tests can compare them one by one) -------------------------
    def speaker(self, embedding: torch.Tensor) -> torch.Tensor:
        """``[B, 192]`` x-vector -> ``[B, 80]``. The unit-length normalisation is done in float32 (a
        192-term sum of squares; in the model's dtype with reference numerics), then cast to the model's
        dtype for the affine layer."""
        norm_dtype = self.dtype if self.decoder.reference_numerics else torch.float32
        unit = F.normalize(embedding.to(device=self.device, dtype=norm_dtype), dim=1)
        return self.spk_embed_affine_layer(unit.to(self.dtype))

    def encode(self, tokens: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """``tokens [B, T]`` -> projected encoder states ``[B, T, 80]``.

        ``lengths`` may stay on the CPU (the encoder then decides whether a mask is needed without
        waiting for the GPU)."""
        x = self.input_embedding(torch.clamp(tokens.to(self.device).long(), min=0))
        return self.encoder_proj(self.encoder(x, lengths))

    def make_noise(self, frames: int, generator: torch.Generator | None = None) -> torch.Tensor:
        """Float32 ODE start on the model's device. With ``generator=None`` the global RNG of that
        device is used, as the reference does. A generator is used on its own device (a CPU generator
        cannot draw on CUDA) and the draw is moved, so a seed gives the same start on every device."""
        if generator is None:
            return torch.randn(1, self.config.output_size, frames, device=self.device, dtype=torch.float32)
        noise = torch.randn(1, self.config.output_size, frames, generator=generator,
                            device=generator.device, dtype=torch.float32)
        return noise.to(self.device)

    # -- inference -----------------------------------------------------------------------------
    @torch.inference_mode()
    def inference(
        self,
        token: torch.Tensor,
        token_len: torch.Tensor,
        prompt_token: torch.Tensor,
        prompt_token_len: torch.Tensor,
        prompt_feat: torch.Tensor,
        prompt_feat_len: torch.Tensor,
        embedding: torch.Tensor,
        *,
        noise: torch.Tensor | None = None,
        generator: torch.Generator | None = None,
        n_timesteps: int | None = None,
        temperature: float = 1.0,
        target_frames: int | None = None,
    ) -> torch.Tensor:
        """Float32 mel ``[1, 80, T]`` on the model's device for ``token`` only (prompt frames cut off).

        ``prompt_feat`` is ``[1, T_prompt, 80]``; ``embedding`` the 192-d CAM++ x-vector ``[1, 192]``.
        ``noise`` (``[1, 80, T_prompt + T]``) fixes the ODE start for reproducible or fidelity runs;
        otherwise it is drawn from ``generator`` (or the global RNG). ``prompt_feat_len`` is accepted
        for signature compatibility; like the reference the prompt mel's own length is used.
        ``target_frames`` overrides the mel length derived from the token count (chunked decoding
        uses it so that windows tile the utterance exactly).
        """
        del prompt_feat_len
        if token.shape[0] != 1:
            raise ValueError("the flow decodes one utterance at a time (batch size 1)")
        dev, dt = self.device, self.dtype
        token = token.to(dev)
        prompt_token = prompt_token.to(dev)
        spks = self.speaker(embedding)
        n_prompt, n_target = prompt_token.shape[1], token.shape[1]
        tokens = torch.cat([prompt_token.to(token.dtype), token], dim=1)
        # Lengths stay where the caller made them (normally the CPU): see ConformerEncoder.forward.
        lengths = (prompt_token_len.to(token_len.device) + token_len).reshape(-1)
        h = self.encode(tokens, lengths)

        prompt_frames = prompt_feat.shape[1]
        frames = self.config.mel_frames(n_target) if target_frames is None else int(target_frames)
        if n_prompt == 0 and prompt_frames != 0:
            raise ValueError("a prompt mel needs its prompt tokens")
        mu = self.length_regulator(h[:, :n_prompt], h[:, n_prompt:], prompt_frames, frames)
        total = prompt_frames + frames

        cond = torch.zeros(1, total, self.config.output_size, device=dev, dtype=dt)
        cond[:, :prompt_frames] = prompt_feat.to(device=dev, dtype=dt)
        cond = cond.transpose(1, 2)
        mask = torch.ones(1, 1, total, device=dev, dtype=dt)

        if noise is None:
            noise = self.make_noise(total, generator)
        elif tuple(noise.shape) != (1, self.config.output_size, total):
            raise ValueError(
                f"noise must be [1, {self.config.output_size}, {total}], got {tuple(noise.shape)}"
            )
        # The reference draws its start in the model's dtype (randn_like(mu)) and scales it there.
        exact = self.decoder.reference_numerics and dt != torch.float32
        z = noise.to(device=dev, dtype=dt if exact else torch.float32) * temperature
        steps = self.config.cfm.n_timesteps if n_timesteps is None else n_timesteps
        mel = self.decoder.solve(z, mu.transpose(1, 2).contiguous(), mask, spks, cond, steps)
        return mel[:, :, prompt_frames:]


def count_parameters(model: nn.Module) -> int:
    return sum(math.prod(p.shape) for p in model.parameters())
