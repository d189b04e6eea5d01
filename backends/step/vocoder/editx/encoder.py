"""EditX's token encoder (UpsampleConformerEncoderV2): conformer at 25 Hz, x2 upsampling, conformer at 50 Hz.

Each token frame is one (vq02-or-pad, vq06) pair at 25 Hz; the upsampling brings the states to the
50 Hz mel rate, so no length regulator follows. Attribute names follow the official ``flow.pt`` keys
(``encoder.pre_lookahead_layer.conv1``, ``encoder.up_layer.conv``, ``encoder.up_encoders.N`` ...).
The non-streaming path attends in both directions; the pre-lookahead convolution lets each frame see
the next three, with zeros past the end.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from backends.step.vocoder.flow.config import EncoderConfig
from backends.step.vocoder.flow.encoder import ConformerLayer, LinearEmbed, relative_position_table

from .config import UpsampleEncoderConfig

# The conformer layers' norms use 1e-12; the input embeddings and the final norm use 1e-5.
LAYER_EPS = 1e-12


class PreLookaheadLayer(nn.Module):
    """Two convolutions that mix each frame with the ``lookahead`` frames after it, plus a residual."""

    def __init__(self, channels: int, lookahead: int) -> None:
        super().__init__()
        self.lookahead = lookahead
        self.conv1 = nn.Conv1d(channels, channels, lookahead + 1)
        self.conv2 = nn.Conv1d(channels, channels, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``[B, T, C]`` -> ``[B, T, C]``."""
        h = F.pad(x.transpose(1, 2), (0, self.lookahead))
        h = F.leaky_relu(self.conv1(h))
        h = self.conv2(F.pad(h, (2, 0)))
        return h.transpose(1, 2) + x


class Upsample1D(nn.Module):
    """Nearest-neighbour repetition by ``stride``, then a causal convolution of width ``2 stride + 1``."""

    def __init__(self, channels: int, stride: int) -> None:
        super().__init__()
        self.stride = stride
        self.conv = nn.Conv1d(channels, channels, stride * 2 + 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``[B, C, T]`` -> ``[B, C, stride T]``."""
        h = F.interpolate(x, scale_factor=float(self.stride), mode="nearest")
        return self.conv(F.pad(h, (self.stride * 2, 0)))


class UpsampleConformerEncoder(nn.Module):
    def __init__(self, config: UpsampleEncoderConfig) -> None:
        super().__init__()
        if config.up_scale_factor != config.up_stride:
            raise ValueError("the encoder's up_scale_factor must equal its up_stride")
        self.config = config
        size = config.output_size
        layer = EncoderConfig(input_size=config.input_size, output_size=size,
                              attention_heads=config.attention_heads, linear_units=config.linear_units,
                              activation_type=config.activation_type, key_bias=config.key_bias,
                              normalize_before=config.normalize_before)
        self.embed = LinearEmbed(config.input_size, size)
        self.pre_lookahead_layer = PreLookaheadLayer(size, config.pre_lookahead_len)
        self.encoders = nn.ModuleList(ConformerLayer(layer, LAYER_EPS) for _ in range(config.num_blocks))
        self.up_layer = Upsample1D(size, config.up_stride)
        self.up_embed = LinearEmbed(size, size)
        self.up_encoders = nn.ModuleList(
            ConformerLayer(layer, LAYER_EPS) for _ in range(config.num_up_blocks))
        self.after_norm = nn.LayerNorm(size, eps=1e-5)
        self.xscale = math.sqrt(size)

    def _positions(self, x: torch.Tensor) -> torch.Tensor:
        return relative_position_table(x.shape[1], self.config.output_size, device=x.device, dtype=x.dtype)

    def forward(self, xs: torch.Tensor) -> torch.Tensor:
        """``[1, T, input_size]`` token-frame embeddings -> ``[1, stride T, output_size]``."""
        xs = self.embed(xs) * self.xscale
        xs = self.pre_lookahead_layer(xs)
        pos = self._positions(xs)
        for layer in self.encoders:
            xs = layer(xs, None, pos)
        xs = self.up_layer(xs.transpose(1, 2)).transpose(1, 2)
        xs = self.up_embed(xs) * self.xscale
        pos = self._positions(xs)
        for layer in self.up_encoders:
            xs = layer(xs, None, pos)
        return self.after_norm(xs) if self.config.normalize_before else xs
