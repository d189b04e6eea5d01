"""The Paraformer-large online (SAN-M, chunked) encoder that produces vq02's 512-d features.

Weight-compatible with FunASR's `ParaformerStreaming` checkpoint (`model.pt`): only the
`encoder.*` tensors are read; the decoder and CIF predictor are not needed for tokenizing.

Streaming follows FunASR's `SANMEncoderChunkOpt.forward_chunk` as the reference drives it
(chunk_size [0, 4, 5], encoder_chunk_look_back 4): each call gets the new LFR frames of one 240 ms
chunk (normally 4), scales them by sqrt(d_model), adds a sinusoidal position code continuing the
stream's count, and prepends the previous 5 input frames (zeros at the start). Every layer
attends over its own window plus up to 16 cached key/value frames from earlier windows (the first
frames of each earlier window, as FunASR stores them), while the FSMN memory block sees only the
current window, zero padded. The frames returned are the window's last ones, one per new frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .frontend import FrontendConfig


@dataclass(frozen=True)
class EncoderConfig:
    input_size: int = 560
    output_size: int = 512
    attention_heads: int = 4
    linear_units: int = 2048
    num_blocks: int = 50
    kernel_size: int = 11
    sanm_shift: int = 0
    chunk: tuple[int, int, int] = (0, 4, 5)  # the reference's chunk_size
    look_back: int = 4  # the reference's encoder_chunk_look_back

    @property
    def context_frames(self) -> int:
        return self.chunk[0] + self.chunk[2]

    @property
    def cache_frames(self) -> int:
        return self.look_back * self.chunk[1]

    @property
    def chunk_samples(self) -> int:
        return self.chunk[1] * 960  # 60 ms per LFR frame at 16 kHz


def read_config(path: Path) -> tuple[FrontendConfig, EncoderConfig]:
    """Front-end and encoder settings from a FunASR `config.yaml`."""
    conf: dict[str, Any] = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    fe = conf.get("frontend_conf") or {}
    enc = conf.get("encoder_conf") or {}
    if conf.get("encoder", "SANMEncoderChunkOpt") != "SANMEncoderChunkOpt":
        raise ValueError(f"encoder {conf.get('encoder')!r} is not the SAN-M online encoder")
    front = FrontendConfig(
        sample_rate=int(fe.get("fs", 16000)), n_mels=int(fe.get("n_mels", 80)),
        frame_length_ms=float(fe.get("frame_length", 25)), frame_shift_ms=float(fe.get("frame_shift", 10)),
        lfr_m=int(fe.get("lfr_m", 7)), lfr_n=int(fe.get("lfr_n", 6)),
    )
    encoder = EncoderConfig(
        input_size=front.feature_size, output_size=int(enc.get("output_size", 512)),
        attention_heads=int(enc.get("attention_heads", 4)), linear_units=int(enc.get("linear_units", 2048)),
        num_blocks=int(enc.get("num_blocks", 50)), kernel_size=int(enc.get("kernel_size", 11)),
        sanm_shift=int(enc.get("sanm_shfit", 0)),
    )
    return front, encoder


def build_encoder(config: EncoderConfig):  # -> SanmEncoder (torch imported lazily)
    import torch
    from torch import nn

    class SanmAttention(nn.Module):
        def __init__(self, in_size: int) -> None:
            super().__init__()
            d = config.output_size
            self.heads = config.attention_heads
            self.linear_q_k_v = nn.Linear(in_size, 3 * d)
            self.linear_out = nn.Linear(d, d)
            self.fsmn_block = nn.Conv1d(d, d, config.kernel_size, groups=d, bias=False)
            left = (config.kernel_size - 1) // 2 + max(config.sanm_shift, 0)
            self.pad = (left, config.kernel_size - 1 - left)

        def forward(self, x: torch.Tensor, cache: dict | None) -> tuple[torch.Tensor, dict]:
            b, t, _ = x.shape
            d = self.linear_out.in_features
            dk = d // self.heads
            q, k, v = self.linear_q_k_v(x).split(d, dim=-1)
            qh, kh, vh = (z.reshape(b, t, self.heads, dk).transpose(1, 2) for z in (q, k, v))
            keep = t - config.chunk[2]
            if cache is None:
                new_cache = {"k": kh[:, :, :keep], "v": vh[:, :, :keep]}
            else:
                new_cache = {"k": torch.cat([cache["k"], kh[:, :, :keep]], 2)[:, :, -config.cache_frames:],
                             "v": torch.cat([cache["v"], vh[:, :, :keep]], 2)[:, :, -config.cache_frames:]}
                kh = torch.cat([cache["k"], kh], 2)
                vh = torch.cat([cache["v"], vh], 2)
            memory = self.fsmn_block(nn.functional.pad(v.transpose(1, 2), self.pad)).transpose(1, 2) + v
            scores = torch.matmul(qh * dk ** -0.5, kh.transpose(-2, -1))
            att = torch.matmul(torch.softmax(scores, dim=-1), vh).transpose(1, 2).reshape(b, t, d)
            return self.linear_out(att) + memory, new_cache

    class FeedForward(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.w_1 = nn.Linear(config.output_size, config.linear_units)
            self.w_2 = nn.Linear(config.linear_units, config.output_size)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.w_2(torch.relu(self.w_1(x)))

    class Layer(nn.Module):
        def __init__(self, in_size: int) -> None:
            super().__init__()
            self.self_attn = SanmAttention(in_size)
            self.feed_forward = FeedForward()
            self.norm1 = nn.LayerNorm(in_size, eps=1e-12)
            self.norm2 = nn.LayerNorm(config.output_size, eps=1e-12)
            self.residual = in_size == config.output_size

        def forward(self, x: torch.Tensor, cache: dict | None) -> tuple[torch.Tensor, dict]:
            att, cache = self.self_attn(self.norm1(x), cache)
            x = x + att if self.residual else att
            return x + self.feed_forward(self.norm2(x)), cache

    class SanmEncoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.config = config
            self.encoders0 = nn.ModuleList([Layer(config.input_size)])
            self.encoders = nn.ModuleList([Layer(config.output_size) for _ in range(config.num_blocks - 1)])
            self.after_norm = nn.LayerNorm(config.output_size, eps=1e-12)

        def position_code(self, start: int, count: int, dim: int) -> torch.Tensor:
            # float32 arithmetic exactly as the checkpoint was trained with (positions from 1)
            positions = torch.arange(start + 1, start + count + 1).to(torch.float32)
            step = torch.log(torch.tensor([10000.0], dtype=torch.float32)) / (dim / 2 - 1)
            inv = torch.exp(torch.arange(dim // 2).to(torch.float32) * -step)
            t = positions[:, None] * inv[None, :]
            return torch.cat([torch.sin(t), torch.cos(t)], dim=1)[None]

        def init_state(self) -> dict:
            return {"position": 0, "context": None, "layers": None}

        def forward_chunk(self, feats: torch.Tensor, state: dict) -> torch.Tensor:
            """[1, T, input_size] new LFR frames -> [1, T, output_size] encoder frames."""
            new = feats.shape[1]
            x = feats * config.output_size ** 0.5
            x = x + self.position_code(state["position"], new, x.shape[-1]).to(x.device, x.dtype)
            state["position"] += new
            context = state["context"]
            if context is None:
                context = x.new_zeros((1, config.context_frames, x.shape[-1]))
            x = torch.cat([context, x], dim=1)
            state["context"] = x[:, -config.context_frames:]
            layers = state["layers"] or [None] * (len(self.encoders0) + len(self.encoders))
            for i, layer in enumerate([*self.encoders0, *self.encoders]):
                x, layers[i] = layer(x, layers[i])
            if config.look_back > 0:
                state["layers"] = layers
            return self.after_norm(x)[:, -new:] if new else x[:, :0]

    return SanmEncoder()


def load_encoder_weights(encoder, path: Path, *, device: str = "cpu") -> None:
    """Copy the `encoder.*` tensors of a FunASR checkpoint into `encoder` (strict on those keys)."""
    import torch

    state = torch.load(str(path), map_location="cpu", weights_only=True, mmap=True)
    if isinstance(state, dict) and "state_dict" in state:
        state = state["state_dict"]
    prefix = "encoder."
    own = {k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)}
    if not own:
        raise ValueError(f"{Path(path).name} holds no encoder.* weights")
    want = encoder.state_dict()
    missing = sorted(set(want) - set(own))
    if missing:
        raise ValueError(f"{Path(path).name} lacks {len(missing)} encoder tensors, e.g. encoder.{missing[0]}")
    for name, tensor in want.items():
        if tuple(own[name].shape) != tuple(tensor.shape):
            raise ValueError(f"{Path(path).name}: encoder.{name} has shape {tuple(own[name].shape)}, "
                             f"expected {tuple(tensor.shape)} from config.yaml")
    encoder.load_state_dict({k: own[k] for k in want}, strict=True)
    encoder.to(device).eval()


