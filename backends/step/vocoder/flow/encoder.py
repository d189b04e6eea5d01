"""The flow's token encoder: a conformer with relative-position self-attention (ESPnet style).

Attribute names follow the official ``flow.pt`` keys (``encoder.embed.out.0``,
``encoder.encoders.N.self_attn.linear_pos``, ``pos_bias_u`` ...), so the state dict loads as is.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from .config import EncoderConfig

_ACTIVATIONS = {"swish": nn.SiLU, "relu": nn.ReLU, "gelu": nn.GELU, "tanh": nn.Tanh}


def relative_position_table(length: int, d_model: int, *, device=None, dtype=torch.float32) -> torch.Tensor:
    """Sinusoids for relative distances ``length-1 .. -(length-1)``, shape ``[1, 2*length-1, d_model]``.

    Row ``k`` encodes distance ``length-1-k``; the odd sine terms of negative distances are computed
    from the negated angle so the values equal the table the checkpoint was trained with.
    """
    pos = torch.arange(0, length, dtype=torch.float32).unsqueeze(1)
    inv = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * -(math.log(10000.0) / d_model))
    ahead = torch.zeros(length, d_model)
    behind = torch.zeros(length, d_model)
    ahead[:, 0::2] = torch.sin(pos * inv)
    ahead[:, 1::2] = torch.cos(pos * inv)
    behind[:, 0::2] = torch.sin(-1 * pos * inv)
    behind[:, 1::2] = torch.cos(-1 * pos * inv)
    table = torch.cat([torch.flip(ahead, [0]), behind[1:]], dim=0).unsqueeze(0)
    return table.to(device=device, dtype=dtype)


class LinearEmbed(nn.Module):
    """Input projection + layer norm; the positional scale is applied by the encoder."""

    def __init__(self, idim: int, odim: int):
        super().__init__()
        self.out = nn.Sequential(nn.Linear(idim, odim), nn.LayerNorm(odim, eps=1e-5), nn.Dropout(0.0))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(x)


class RelPositionSelfAttention(nn.Module):
    """Transformer-XL style attention: content term with bias ``u`` plus position term with bias ``v``."""

    def __init__(self, n_head: int, n_feat: int, key_bias: bool = True):
        super().__init__()
        if n_feat % n_head:
            raise ValueError("attention width must be divisible by the head count")
        self.h = n_head
        self.d_k = n_feat // n_head
        self.linear_q = nn.Linear(n_feat, n_feat)
        self.linear_k = nn.Linear(n_feat, n_feat, bias=key_bias)
        self.linear_v = nn.Linear(n_feat, n_feat)
        self.linear_out = nn.Linear(n_feat, n_feat)
        self.linear_pos = nn.Linear(n_feat, n_feat, bias=False)
        self.pos_bias_u = nn.Parameter(torch.zeros(n_head, self.d_k))
        self.pos_bias_v = nn.Parameter(torch.zeros(n_head, self.d_k))

    @staticmethod
    def _shift(scores: torch.Tensor) -> torch.Tensor:
        """Re-index ``[.., T, 2T-1]`` distance scores to ``[.., T, T]`` key positions.

        Query ``i`` and key ``j`` need the column for distance ``i-j``, i.e. column ``T-1-i+j``;
        padding one zero column and reinterpreting the buffer performs that skew without a gather.
        """
        b, h, t, width = scores.shape
        padded = torch.cat([scores.new_zeros(b, h, t, 1), scores], dim=-1)
        padded = padded.view(b, h, width + 1, t)
        return padded[:, :, 1:].reshape(b, h, t, width)[:, :, :, : width // 2 + 1]

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None, pos: torch.Tensor) -> torch.Tensor:
        b, t, _ = x.shape
        q = self.linear_q(x).view(b, t, self.h, self.d_k)
        k = self.linear_k(x).view(b, t, self.h, self.d_k).transpose(1, 2)
        v = self.linear_v(x).view(b, t, self.h, self.d_k).transpose(1, 2)
        p = self.linear_pos(pos).view(pos.size(0), -1, self.h, self.d_k).transpose(1, 2)
        content = torch.matmul((q + self.pos_bias_u).transpose(1, 2), k.transpose(-2, -1))
        position = torch.matmul((q + self.pos_bias_v).transpose(1, 2), p.transpose(-2, -1))
        if position.shape != content.shape:
            position = self._shift(position)
        scores = (content + position) / math.sqrt(self.d_k)
        if mask is not None:
            blocked = ~mask.unsqueeze(1)  # [B, 1, T or 1, T]
            scores = scores.masked_fill(blocked, -float("inf"))
            attn = torch.softmax(scores, dim=-1).masked_fill(blocked, 0.0)
        else:
            attn = torch.softmax(scores, dim=-1)
        out = torch.matmul(attn, v).transpose(1, 2).reshape(b, t, self.h * self.d_k)
        return self.linear_out(out)


class PositionwiseFeedForward(nn.Module):
    def __init__(self, idim: int, hidden: int, activation: nn.Module):
        super().__init__()
        self.w_1 = nn.Linear(idim, hidden)
        self.activation = activation
        self.w_2 = nn.Linear(hidden, idim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.w_2(self.activation(self.w_1(x)))


class ConformerLayer(nn.Module):
    """Pre-norm block: optional macaron half-FFN, attention, FFN (no convolution module in 300M-25Hz).

    ``eps`` is the layer norms' epsilon: 1e-5 in the TTS-3B flow, 1e-12 in EditX's conformer layers.
    """

    def __init__(self, config: EncoderConfig, eps: float = 1e-5):
        super().__init__()
        size = config.output_size
        act = _ACTIVATIONS[config.activation_type]
        self.self_attn = RelPositionSelfAttention(config.attention_heads, size, config.key_bias)
        self.feed_forward = PositionwiseFeedForward(size, config.linear_units, act())
        self.feed_forward_macaron = (
            PositionwiseFeedForward(size, config.linear_units, act()) if config.macaron_style else None
        )
        self.norm_ff = nn.LayerNorm(size, eps=eps)
        self.norm_mha = nn.LayerNorm(size, eps=eps)
        if self.feed_forward_macaron is not None:
            self.norm_ff_macaron = nn.LayerNorm(size, eps=eps)
        self.ff_scale = 0.5 if config.macaron_style else 1.0
        self.normalize_before = config.normalize_before

    def _sub(self, x: torch.Tensor, norm: nn.Module, fn, scale: float = 1.0) -> torch.Tensor:
        if self.normalize_before:
            return x + scale * fn(norm(x))
        return norm(x + scale * fn(x))

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None, pos: torch.Tensor) -> torch.Tensor:
        if self.feed_forward_macaron is not None:
            x = self._sub(x, self.norm_ff_macaron, self.feed_forward_macaron, self.ff_scale)
        x = self._sub(x, self.norm_mha, lambda y: self.self_attn(y, mask, pos))
        return self._sub(x, self.norm_ff, self.feed_forward, self.ff_scale)


def _chunk_mask(length: int, chunk: int, device) -> torch.Tensor:
    """Block-causal visibility: a frame sees every frame up to the end of its own chunk."""
    idx = torch.arange(length, device=device)
    limit = (idx // chunk + 1) * chunk
    return idx.unsqueeze(0) < limit.unsqueeze(1)


class ConformerEncoder(nn.Module):
    def __init__(self, config: EncoderConfig):
        super().__init__()
        if config.input_layer != "linear":
            raise ValueError(f"encoder input_layer {config.input_layer!r} is not supported (only 'linear')")
        if config.pos_enc_layer_type not in ("rel_pos_espnet",):
            raise ValueError(f"encoder pos_enc_layer_type {config.pos_enc_layer_type!r} is not supported")
        if config.use_cnn_module:
            raise ValueError("conformer convolution modules are not supported (the 300M-25Hz flow has none)")
        self.config = config
        self.embed = LinearEmbed(config.input_size, config.output_size)
        self.encoders = nn.ModuleList([ConformerLayer(config) for _ in range(config.num_blocks)])
        self.after_norm = nn.LayerNorm(config.output_size, eps=1e-5)
        self.xscale = math.sqrt(config.output_size)

    def forward(self, xs: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """``xs [B, T, input_size]`` -> ``[B, T, output_size]``; ``lengths`` masks padded keys."""
        t = xs.size(1)
        xs = self.embed(xs) * self.xscale
        pos = relative_position_table(t, self.config.output_size, device=xs.device, dtype=xs.dtype)
        mask = None
        # Whether any key is padded is asked of `lengths` where it lives: on the CPU (as the flow passes
        # it) that costs no GPU sync, where testing the device mask with bool() would wait for the GPU.
        if lengths is not None and not bool((lengths >= t).all()):
            valid = torch.arange(t, device=xs.device).unsqueeze(0) < lengths.to(xs.device).unsqueeze(1)
            mask = valid.unsqueeze(1)  # [B, 1, T]
        if self.config.static_chunk_size > 0:
            chunk = _chunk_mask(t, self.config.static_chunk_size, xs.device).unsqueeze(0)
            mask = chunk if mask is None else (mask & chunk)
        for layer in self.encoders:
            xs = layer(xs, mask, pos)
        if self.config.normalize_before:
            xs = self.after_norm(xs)
        return xs
