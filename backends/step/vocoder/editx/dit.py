"""EditX's flow estimator: an adaLN DiT with a causal convolution branch and normalised queries/keys.

Only the flow time conditions the adaptive norms; mel, encoder states, speaker and prompt condition
enter as input channels. Each block runs attention, then the convolution, then the MLP, each gated by
its own share of the block's 9-way modulation. Attribute names follow ``flow.pt``
(``decoder.estimator.blocks.N.adaLN_modulation.1``, ``conv.block.{1,3,6}``, ``final_layer.linear``).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from .config import DiTConfig

TIME_FEATURES = 256


def modulate(x: torch.Tensor, shift: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    return x * (1 + scale) + shift


def timestep_features(t: torch.Tensor, dim: int = TIME_FEATURES, scale: float = 1000.0) -> torch.Tensor:
    """``[B]`` flow times -> ``[B, dim]`` sinusoids of ``scale t``, cosines first."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    args = (scale * t.float()).unsqueeze(-1) * freqs
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class TimestepEmbedder(nn.Module):
    def __init__(self, hidden: int) -> None:
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(TIME_FEATURES, hidden), nn.SiLU(), nn.Linear(hidden, hidden))

    def forward(self, t: torch.Tensor) -> torch.Tensor:
        dtype = self.mlp[0].weight.dtype
        return self.mlp(timestep_features(t).to(dtype))


class Attention(nn.Module):
    """Multi-head self-attention with a layer norm on each head's queries and keys."""

    def __init__(self, hidden: int, heads: int, head_dim: int) -> None:
        super().__init__()
        self.heads, self.head_dim = heads, head_dim
        inner = heads * head_dim
        self.to_q = nn.Linear(hidden, inner)
        self.to_k = nn.Linear(hidden, inner)
        self.to_v = nn.Linear(hidden, inner)
        self.q_norm = nn.LayerNorm(head_dim, eps=1e-5)
        self.k_norm = nn.LayerNorm(head_dim, eps=1e-5)
        self.proj = nn.Linear(inner, hidden)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        b, n, _ = x.shape

        def heads(h: torch.Tensor) -> torch.Tensor:
            return h.view(b, n, self.heads, self.head_dim).transpose(1, 2)

        q = self.q_norm(heads(self.to_q(x)))
        k = self.k_norm(heads(self.to_k(x)))
        out = F.scaled_dot_product_attention(q, k, heads(self.to_v(x)), attn_mask=mask)
        return self.proj(out.transpose(1, 2).reshape(b, n, self.heads * self.head_dim))


class _CausalConv(nn.Conv1d):
    """A convolution over ``[B, C, T]`` padded on the left only (each frame sees only earlier ones)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(F.pad(x, (self.kernel_size[0] - 1, 0)))


class ConvBlock(nn.Module):
    """Causal conv -> layer norm -> Mish -> causal conv, over ``[B, T, C]``.

    The checkpoint stores the three weighted layers at positions 1, 3 and 6 of one sequence (the
    others were transposes and the activation); ``block`` keeps those positions so the keys load.
    """

    def __init__(self, channels: int, kernel: int = 3) -> None:
        super().__init__()
        self.block = nn.ModuleList([
            nn.Identity(), _CausalConv(channels, channels, kernel), nn.Identity(),
            nn.LayerNorm(channels, eps=1e-5), nn.Identity(), nn.Mish(),
            _CausalConv(channels, channels, kernel),
        ])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.block[1](x.transpose(1, 2)).transpose(1, 2)
        h = self.block[5](self.block[3](h))
        return self.block[6](h.transpose(1, 2)).transpose(1, 2)


class Mlp(nn.Module):
    def __init__(self, hidden: int, inner: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(hidden, inner)
        self.fc2 = nn.Linear(inner, hidden)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x), approximate="tanh"))


class DiTBlock(nn.Module):
    def __init__(self, config: DiTConfig) -> None:
        super().__init__()
        hidden = config.hidden_size
        self.norm1 = nn.LayerNorm(hidden, eps=1e-6, elementwise_affine=False)
        self.attn = Attention(hidden, config.num_heads, config.head_dim)
        self.norm2 = nn.LayerNorm(hidden, eps=1e-6, elementwise_affine=False)
        self.mlp = Mlp(hidden, int(hidden * config.mlp_ratio))
        self.norm3 = nn.LayerNorm(hidden, eps=1e-6, elementwise_affine=False)
        self.conv = ConvBlock(hidden)
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(hidden, 9 * hidden))

    def forward(self, x: torch.Tensor, c: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        (shift_msa, scale_msa, gate_msa, shift_mlp, scale_mlp, gate_mlp,
         shift_conv, scale_conv, gate_conv) = self.adaLN_modulation(c).chunk(9, dim=-1)
        x = x + gate_msa * self.attn(modulate(self.norm1(x), shift_msa, scale_msa), mask)
        x = x + gate_conv * self.conv(modulate(self.norm3(x), shift_conv, scale_conv))
        return x + gate_mlp * self.mlp(modulate(self.norm2(x), shift_mlp, scale_mlp))


class FinalLayer(nn.Module):
    def __init__(self, hidden: int, out_channels: int) -> None:
        super().__init__()
        self.norm_final = nn.LayerNorm(hidden, eps=1e-6, elementwise_affine=False)
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(hidden, 2 * hidden))
        self.linear = nn.Linear(hidden, out_channels)

    def forward(self, x: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
        shift, scale = self.adaLN_modulation(c).chunk(2, dim=-1)
        return self.linear(modulate(self.norm_final(x), shift, scale))


class DiT(nn.Module):
    def __init__(self, config: DiTConfig) -> None:
        super().__init__()
        self.config = config
        self.t_embedder = TimestepEmbedder(config.hidden_size)
        self.in_proj = nn.Linear(config.in_channels, config.hidden_size)
        self.blocks = nn.ModuleList(DiTBlock(config) for _ in range(config.depth))
        self.final_layer = FinalLayer(config.hidden_size, config.out_channels)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None, mu: torch.Tensor, t: torch.Tensor,
                spks: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        """Velocity ``[B, 80, L]`` from state ``x``, encoder states ``mu`` and prompt ``cond`` (each
        ``[B, 80, L]``), speaker ``spks [B, 80]``, times ``t [B]`` and ``mask [B, 1, L]`` (None: no
        padding, which is what a single utterance has; testing an all-ones mask would wait for the GPU)."""
        length = x.shape[-1]
        inputs = torch.cat([x, mu, spks.unsqueeze(-1).expand(-1, -1, length), cond], dim=1)
        h = self.in_proj(inputs.transpose(1, 2))
        c = self.t_embedder(t).unsqueeze(1)
        keys = None if mask is None else mask.bool().unsqueeze(1)  # [B, 1, 1, L]: the valid keys
        for block in self.blocks:
            h = block(h, c, keys)
        return self.final_layer(h, c).transpose(1, 2)
