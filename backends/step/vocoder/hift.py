"""HiFT vocoder of CosyVoice 1: an NSF-HiFiGAN whose head predicts a short-time spectrum.

Mel frames (22.05 kHz, hop 256) go through a pre-convolution and transposed-convolution upsampling
with Snake-activated residual blocks; a harmonic-plus-noise source built from the predicted F0 is
analysed with the same tiny STFT (n_fft 16, hop 4) and injected at every stage; the head gives log
magnitude and phase for the inverse STFT. Parameter names match `hift.pt` (weight normalisation is
folded at load time, see weights.py).

The source excitation is random (initial harmonic phases and additive noise). Passing a
`torch.Generator` makes it reproducible: the draws are made on the CPU in the order the reference
makes them, so a generator seeded with s reproduces the reference run after `torch.manual_seed(s)`,
and the same seed gives the same waveform on every device.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from backends.step.vocoder.config import HiftConfig
from backends.step.vocoder.f0 import ConvRNNF0Predictor
from backends.step.vocoder.weights import load_into, read_state_dict


class Snake(nn.Module):
    """x + sin^2(alpha x) / alpha, with one learned alpha per channel (linear scale)."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.alpha = nn.Parameter(torch.ones(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        alpha = self.alpha.view(1, -1, 1)
        return x + (1.0 / (alpha + 1e-9)) * torch.sin(x * alpha).pow(2)


class ResBlock(nn.Module):
    def __init__(self, channels: int, kernel_size: int, dilations: tuple[int, ...]) -> None:
        super().__init__()
        self.convs1 = nn.ModuleList(
            nn.Conv1d(channels, channels, kernel_size, dilation=d, padding=(kernel_size - 1) * d // 2)
            for d in dilations)
        self.convs2 = nn.ModuleList(
            nn.Conv1d(channels, channels, kernel_size, padding=(kernel_size - 1) // 2) for _ in dilations)
        self.activations1 = nn.ModuleList(Snake(channels) for _ in dilations)
        self.activations2 = nn.ModuleList(Snake(channels) for _ in dilations)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for conv1, conv2, act1, act2 in zip(self.convs1, self.convs2, self.activations1, self.activations2,
                                            strict=True):
            x = x + conv2(act2(conv1(act1(x))))
        return x


class SourceModule(nn.Module):
    """Harmonic-plus-noise excitation merged into one channel (`m_source` in the checkpoint)."""

    def __init__(self, config: HiftConfig) -> None:
        super().__init__()
        self.sampling_rate = config.sampling_rate
        self.harmonics = config.nb_harmonics + 1
        self.sine_amp = config.nsf_alpha
        self.noise_std = config.nsf_sigma
        self.voiced_threshold = config.nsf_voiced_threshold
        self.l_linear = nn.Linear(self.harmonics, 1)

    def _draw(self, shape: tuple[int, ...], kind: str, generator: torch.Generator | None,
              device: torch.device) -> torch.Tensor:
        if generator is None:
            fn = torch.rand if kind == "rand" else torch.randn
            return fn(shape, device=device)
        fn = torch.rand if kind == "rand" else torch.randn
        return fn(shape, generator=generator, device=generator.device).to(device)

    def forward(self, f0: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        """[B, 1, L] sample-rate F0 in Hz -> [B, 1, L] excitation."""
        batch = f0.shape[0]
        steps = torch.arange(1, self.harmonics + 1, dtype=f0.dtype, device=f0.device).view(1, -1, 1)
        freq = f0 * steps / self.sampling_rate
        # The running phase is summed in float64 and rounded once to float32. That is exactly what the
        # CPU kernel does for a float32 cumsum (it accumulates in double), so CPU results are unchanged;
        # CUDA accumulates a float32 cumsum in float32, and over a sentence (~10^5 samples, phases of
        # ~10^3 cycles, ulp 1e-4) the harmonic phases would drift away from the CPU and the reference.
        cycles = torch.cumsum(freq.double(), dim=-1).to(f0.dtype)
        theta = 2 * np.pi * (cycles % 1)
        # Plain Python bounds: 0-dim CPU tensors here would mean a host-to-device copy on every call.
        uniform = self._draw((batch, self.harmonics, 1), "rand", generator, f0.device)
        phase = -math.pi + uniform * (2 * math.pi)
        phase[:, 0, :] = 0
        sines = self.sine_amp * torch.sin(theta + phase)
        voiced = (f0 > self.voiced_threshold).to(torch.float32)
        noise_amp = voiced * self.noise_std + (1 - voiced) * self.sine_amp / 3
        noise = noise_amp * self._draw(tuple(sines.shape), "randn", generator, f0.device)
        excitation = sines * voiced + noise
        return torch.tanh(self.l_linear(excitation.transpose(1, 2))).transpose(1, 2)


class SineGen2Source(SourceModule):
    """The excitation of CosyVoice 2's HiFT (EditX's 24 kHz vocoder, SineGen2 with its merge layer).

    The harmonic phase is accumulated at the mel frame rate (per-sample frequencies linearly
    interpolated down by the hop, summed, scaled by the hop and interpolated back up), which gives a
    smoother phase than CosyVoice 1's per-sample sum. The reference adds a random start phase at the
    first sample only, which the decimation never reads, so it changes nothing; it is drawn anyway to
    keep the reference's order of draws (its time-major noise layout too). The reference's third draw,
    unused noise after the merge, is not made: it would only move a generator reused for later calls.
    """

    def __init__(self, config: HiftConfig) -> None:
        super().__init__(config)
        self.hop = config.hop_length

    def forward(self, f0: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        """[B, 1, L] sample-rate F0 in Hz -> [B, 1, L] excitation."""
        batch = f0.shape[0]
        steps = torch.arange(1, self.harmonics + 1, dtype=f0.dtype, device=f0.device).view(1, -1, 1)
        rad = (f0 * steps / self.sampling_rate) % 1  # [B, H, L] cycles per sample
        start = self._draw((batch, self.harmonics), "rand", generator, f0.device)
        start[:, 0] = 0
        rad[:, :, 0] = rad[:, :, 0] + start
        rad = F.interpolate(rad, scale_factor=1 / self.hop, mode="linear")
        phase = torch.cumsum(rad, dim=-1) * (2 * np.pi)
        phase = F.interpolate(phase * self.hop, scale_factor=float(self.hop), mode="linear")
        sines = self.sine_amp * torch.sin(phase)
        voiced = (f0 > self.voiced_threshold).to(torch.float32)
        noise_amp = voiced * self.noise_std + (1 - voiced) * self.sine_amp / 3
        draw = self._draw((batch, sines.shape[-1], self.harmonics), "randn", generator, f0.device)
        excitation = sines * voiced + noise_amp * draw.transpose(1, 2)
        return torch.tanh(self.l_linear(excitation.transpose(1, 2))).transpose(1, 2)


class HiFTGenerator(nn.Module):
    def __init__(self, config: HiftConfig | None = None) -> None:
        super().__init__()
        cfg = config or HiftConfig()
        self.config = cfg
        self.sample_rate = cfg.sampling_rate
        self.hop_length = cfg.hop_length
        self.n_fft = cfg.istft_n_fft
        self.istft_hop = cfg.istft_hop_len
        base = cfg.base_channels
        stages = len(cfg.upsample_rates)
        self.num_kernels = len(cfg.resblock_kernel_sizes)

        self.m_source = SineGen2Source(cfg) if cfg.source == "sine2" else SourceModule(cfg)
        self.conv_pre = nn.Conv1d(cfg.in_channels, base, 7, padding=3)
        self.ups = nn.ModuleList(
            nn.ConvTranspose1d(base // 2**i, base // 2 ** (i + 1), k, u, padding=(k - u) // 2)
            for i, (u, k) in enumerate(zip(cfg.upsample_rates, cfg.upsample_kernel_sizes, strict=True)))

        # The source spectrum (frame rate of the last stage) is brought down to each stage's rate.
        down_rates = [1, *list(cfg.upsample_rates[::-1][:-1])]
        cum = np.cumprod(down_rates)[::-1]
        self.source_downs = nn.ModuleList()
        self.source_resblocks = nn.ModuleList()
        spec_channels = self.n_fft + 2
        for i, (rate, k, d) in enumerate(zip(cum, cfg.source_resblock_kernel_sizes,
                                             cfg.source_resblock_dilation_sizes, strict=True)):
            ch = base // 2 ** (i + 1)
            rate = int(rate)
            if rate == 1:
                self.source_downs.append(nn.Conv1d(spec_channels, ch, 1, 1))
            else:
                self.source_downs.append(nn.Conv1d(spec_channels, ch, rate * 2, rate, padding=rate // 2))
            self.source_resblocks.append(ResBlock(ch, k, d))

        self.resblocks = nn.ModuleList()
        for i in range(stages):
            ch = base // 2 ** (i + 1)
            for k, d in zip(cfg.resblock_kernel_sizes, cfg.resblock_dilation_sizes, strict=True):
                self.resblocks.append(ResBlock(ch, k, d))
        self.conv_post = nn.Conv1d(base // 2**stages, spec_channels, 7, padding=3)
        self.f0_predictor = ConvRNNF0Predictor(cfg.f0_predictor)

        n = np.arange(self.n_fft, dtype=np.float64)
        window = (0.5 - 0.5 * np.cos(2 * math.pi * n / self.n_fft)).astype(np.float32)  # periodic Hann
        self.register_buffer("stft_window", torch.from_numpy(window), persistent=False)

    # ----------------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path, config: HiftConfig, *, device: str | torch.device = "cpu") -> HiFTGenerator:
        """Build from `config` and load `hift.pt` (either weight-norm naming)."""
        model = cls(config)
        load_into(model, read_state_dict(path), Path(path))
        return model.to(device).eval()

    def source(self, mel: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        """[B, n_mels, T] -> the [B, 1, T * hop] excitation driven by the predicted F0."""
        f0 = self.f0_predictor(mel)
        f0 = f0.unsqueeze(1).repeat_interleave(self.hop_length, dim=-1)
        return self.m_source(f0, generator)

    def _stft(self, x: torch.Tensor) -> torch.Tensor:
        spec = torch.stft(x, self.n_fft, self.istft_hop, self.n_fft, window=self.stft_window,
                          return_complex=True)
        spec = torch.view_as_real(spec)
        return torch.cat([spec[..., 0], spec[..., 1]], dim=1)

    def decode(self, mel: torch.Tensor, source: torch.Tensor) -> torch.Tensor:
        """The deterministic part: mel plus a given excitation -> waveform [B, T * hop]."""
        s_spec = self._stft(source.squeeze(1))
        x = self.conv_pre(mel)
        last = len(self.ups) - 1
        for i, up in enumerate(self.ups):
            x = up(F.leaky_relu(x, self.config.lrelu_slope))
            if i == last:
                x = F.pad(x, (1, 0), mode="reflect")
            x = x + self.source_resblocks[i](self.source_downs[i](s_spec))
            blocks = self.resblocks[i * self.num_kernels:(i + 1) * self.num_kernels]
            acc = blocks[0](x)
            for block in blocks[1:]:
                acc = acc + block(x)
            x = acc / self.num_kernels
        x = self.conv_post(F.leaky_relu(x))
        bins = self.n_fft // 2 + 1
        magnitude = torch.exp(x[:, :bins]).clamp(max=1e2)
        phase = torch.sin(x[:, bins:])
        spec = torch.complex(magnitude * torch.cos(phase), magnitude * torch.sin(phase))
        wav = torch.istft(spec, self.n_fft, self.istft_hop, self.n_fft, window=self.stft_window)
        return wav.clamp(-self.config.audio_limit, self.config.audio_limit)

    @torch.inference_mode()
    def synthesize(self, mel: torch.Tensor, *, generator: torch.Generator | None = None,
                   cache_source: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """Waveform and the excitation used. `cache_source` (the tail excitation of the previous
        chunk) overwrites the start of this one so that chunked decoding has no phase jump."""
        mel = mel.to(self.stft_window.device, torch.float32)
        source = self.source(mel, generator)
        if cache_source is not None and cache_source.shape[-1] > 0:
            n = min(cache_source.shape[-1], source.shape[-1])
            source[:, :, :n] = cache_source[:, :, :n].to(source)
        return self.decode(mel, source), source

    def inference(self, mel: torch.Tensor, *, generator: torch.Generator | None = None) -> torch.Tensor:
        """[B, n_mels, T] mel -> [B, T * 256] float32 waveform at `sample_rate`."""
        return self.synthesize(mel, generator=generator)[0]
