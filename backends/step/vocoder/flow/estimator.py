"""The velocity estimator of the flow: a 1-D U-Net whose levels mix ResNet blocks and transformer blocks.

Module nesting and names mirror the official checkpoint (``down_blocks.N.0`` ResNet,
``down_blocks.N.1.M`` transformer, ``down_blocks.N.2`` resampler, ``attn1.to_q``, ``ff.net.0.proj``
...), because ``flow.pt`` is loaded without renaming. Everything runs in the module's dtype except the
timestep features (always from a float32 ``t``); the reference forces bf16 on the first level, which
only matters when comparing bf16 runs.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from .config import EstimatorConfig


def timestep_features(t: torch.Tensor, dim: int, scale: float = 1000.0) -> torch.Tensor:
    """Sinusoidal features of the flow time ``t`` (shape ``[B]``) -> ``[B, dim]`` (sines then cosines)."""
    if t.ndim < 1:
        t = t.unsqueeze(0)
    half = dim // 2
    freq = torch.exp(torch.arange(half, device=t.device).float() * -(math.log(10000) / (half - 1)))
    angle = scale * t.unsqueeze(1) * freq.unsqueeze(0)
    return torch.cat((angle.sin(), angle.cos()), dim=-1)


class TimestepMLP(nn.Module):
    def __init__(self, in_channels: int, dim: int):
        super().__init__()
        self.linear_1 = nn.Linear(in_channels, dim)
        self.act = nn.SiLU()
        self.linear_2 = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear_2(self.act(self.linear_1(x)))


class ConvNormMish(nn.Module):
    """conv3 -> GroupNorm -> Mish, applied to the masked input and masked again."""

    def __init__(self, dim: int, dim_out: int, groups: int = 8):
        super().__init__()
        self.block = nn.Sequential(
            nn.Conv1d(dim, dim_out, 3, padding=1), nn.GroupNorm(groups, dim_out), nn.Mish()
        )

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.block(x * mask) * mask


class ResnetBlock(nn.Module):
    def __init__(self, dim: int, dim_out: int, time_dim: int, groups: int = 8):
        super().__init__()
        self.mlp = nn.Sequential(nn.Mish(), nn.Linear(time_dim, dim_out))
        self.block1 = ConvNormMish(dim, dim_out, groups)
        self.block2 = ConvNormMish(dim_out, dim_out, groups)
        self.res_conv = nn.Conv1d(dim, dim_out, 1)

    def forward(self, x: torch.Tensor, mask: torch.Tensor, temb: torch.Tensor) -> torch.Tensor:
        h = self.block1(x, mask) + self.mlp(temb).unsqueeze(-1)
        return self.block2(h, mask) + self.res_conv(x * mask)


class Downsample(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.conv = nn.Conv1d(dim, dim, 3, 2, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


class Upsample(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.conv = nn.ConvTranspose1d(dim, dim, 4, 2, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


class SelfAttention(nn.Module):
    """Bias-free q/k/v projections to ``heads * head_dim`` (wider than the block), biased output."""

    def __init__(self, dim: int, heads: int, head_dim: int):
        super().__init__()
        inner = heads * head_dim
        self.heads = heads
        self.to_q = nn.Linear(dim, inner, bias=False)
        self.to_k = nn.Linear(dim, inner, bias=False)
        self.to_v = nn.Linear(dim, inner, bias=False)
        self.to_out = nn.ModuleList([nn.Linear(inner, dim), nn.Dropout(0.0)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, t, _ = x.shape
        q, k, v = (
            proj(x).view(b, t, self.heads, -1).transpose(1, 2) for proj in (self.to_q, self.to_k, self.to_v)
        )
        out = F.scaled_dot_product_attention(q, k, v)
        out = out.transpose(1, 2).reshape(b, t, -1)
        return self.to_out[0](out)


class GeluProjection(nn.Module):
    def __init__(self, dim_in: int, dim_out: int, approximate: str = "none"):
        super().__init__()
        self.proj = nn.Linear(dim_in, dim_out)
        self.approximate = approximate

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.gelu(self.proj(x), approximate=self.approximate)


class FeedForward(nn.Module):
    def __init__(self, dim: int, act_fn: str, mult: int = 4):
        super().__init__()
        if act_fn not in ("gelu", "gelu-approximate"):
            raise ValueError(f"estimator act_fn {act_fn!r} is not supported (the 300M-25Hz flow uses 'gelu')")
        inner = dim * mult
        approx = "tanh" if act_fn == "gelu-approximate" else "none"
        self.net = nn.ModuleList([GeluProjection(dim, inner, approx), nn.Dropout(0.0), nn.Linear(inner, dim)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net[2](self.net[0](x))


class TransformerBlock(nn.Module):
    """Pre-norm self-attention + feed-forward over all frames (the reference passes no attention mask)."""

    def __init__(self, dim: int, heads: int, head_dim: int, act_fn: str):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn1 = SelfAttention(dim, heads, head_dim)
        self.norm3 = nn.LayerNorm(dim)
        self.ff = FeedForward(dim, act_fn)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn1(self.norm1(x))
        return x + self.ff(self.norm3(x))


class ConditionalUNet(nn.Module):
    """Predicts d x / d t from ``[x, mu, speaker, cond]`` stacked on channels, at time ``t``."""

    def __init__(self, config: EstimatorConfig):
        super().__init__()
        channels = tuple(config.channels)
        self.in_channels = config.in_channels
        time_dim = channels[0] * 4
        self.time_mlp = TimestepMLP(config.in_channels, time_dim)

        def blocks(dim: int) -> nn.ModuleList:
            return nn.ModuleList(
                TransformerBlock(dim, config.num_heads, config.attention_head_dim, config.act_fn)
                for _ in range(config.n_blocks)
            )

        self.down_blocks = nn.ModuleList()
        out_ch = config.in_channels
        for i, ch in enumerate(channels):
            in_ch, out_ch = out_ch, ch
            last = i == len(channels) - 1
            resample = nn.Conv1d(out_ch, out_ch, 3, padding=1) if last else Downsample(out_ch)
            self.down_blocks.append(
                nn.ModuleList([ResnetBlock(in_ch, out_ch, time_dim), blocks(out_ch), resample])
            )
        self.mid_blocks = nn.ModuleList(
            nn.ModuleList([ResnetBlock(channels[-1], out_ch, time_dim), blocks(out_ch)])
            for _ in range(config.num_mid_blocks)
        )
        up_channels = (*channels[::-1], channels[0])
        self.up_blocks = nn.ModuleList()
        for i in range(len(up_channels) - 1):
            in_ch, out_ch = up_channels[i] * 2, up_channels[i + 1]
            last = i == len(up_channels) - 2
            resample = nn.Conv1d(out_ch, out_ch, 3, padding=1) if last else Upsample(out_ch)
            self.up_blocks.append(
                nn.ModuleList([ResnetBlock(in_ch, out_ch, time_dim), blocks(out_ch), resample])
            )
        self.final_block = ConvNormMish(up_channels[-1], up_channels[-1])
        self.final_proj = nn.Conv1d(up_channels[-1], config.out_channels, 1)

    @staticmethod
    def _attend(x: torch.Tensor, transformer_blocks: nn.ModuleList) -> torch.Tensor:
        x = x.transpose(1, 2).contiguous()
        for block in transformer_blocks:
            x = block(x)
        return x.transpose(1, 2).contiguous()

    def forward(
        self,
        x: torch.Tensor,
        mask: torch.Tensor,
        mu: torch.Tensor,
        t: torch.Tensor,
        spks: torch.Tensor | None = None,
        cond: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """``x, mu, cond [B, 80, T]``, ``mask [B, 1, T]``, ``t [B]``, ``spks [B, 80]`` -> ``[B, 80, T]``."""
        # The features are float32 (the frequencies are) and only then cast to the blocks' dtype, which
        # is x's. `1000 * t` is taken in t's own dtype, as the reference does: the solver passes a
        # float32 t, except in its reference-numerics mode, where a bf16 t is rounded there as upstream.
        temb = self.time_mlp(timestep_features(t, self.in_channels).to(x.dtype))
        parts = [x, mu]
        if spks is not None:
            parts.append(spks.unsqueeze(-1).expand(-1, -1, x.shape[-1]))
        if cond is not None:
            parts.append(cond)
        h = torch.cat(parts, dim=1)

        skips: list[torch.Tensor] = []
        masks = [mask]
        for resnet, transformer_blocks, resample in self.down_blocks:
            m = masks[-1]
            h = self._attend(resnet(h, m, temb), transformer_blocks)
            skips.append(h)
            h = resample(h * m)
            masks.append(m[:, :, ::2])
        masks.pop()
        m = masks[-1]
        for resnet, transformer_blocks in self.mid_blocks:
            h = self._attend(resnet(h, m, temb), transformer_blocks)
        for resnet, transformer_blocks, resample in self.up_blocks:
            m = masks.pop()
            skip = skips.pop()
            h = torch.cat([h[:, :, : skip.shape[-1]], skip], dim=1)
            h = self._attend(resnet(h, m, temb), transformer_blocks)
            h = resample(h * m)
        h = self.final_block(h, m)
        return self.final_proj(h * m) * mask
