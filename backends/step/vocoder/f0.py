"""Pitch predictor of the HiFT vocoder: mel frames in, one non-negative F0 value (Hz) per frame out.

HiFT does not receive pitch from the flow model; it guesses F0 from the mel with this small
convolutional stack and drives its harmonic source with it. Module names follow the checkpoint
(`condnet.{0,2,4,6,8}` convolutions with ELUs between, then `classifier`).
"""

from __future__ import annotations

import torch
from torch import nn

from backends.step.vocoder.config import F0PredictorConfig


class ConvRNNF0Predictor(nn.Module):
    def __init__(self, config: F0PredictorConfig | None = None) -> None:
        super().__init__()
        cfg = config or F0PredictorConfig()
        layers: list[nn.Module] = []
        channels = cfg.in_channels
        for _ in range(5):
            layers += [nn.Conv1d(channels, cfg.cond_channels, kernel_size=3, padding=1), nn.ELU()]
            channels = cfg.cond_channels
        self.condnet = nn.Sequential(*layers)
        self.classifier = nn.Linear(cfg.cond_channels, cfg.num_class)

    def forward(self, mel: torch.Tensor) -> torch.Tensor:
        """[B, n_mels, T] -> [B, T] (with num_class 1, as every released model has)."""
        hidden = self.condnet(mel).transpose(1, 2)
        return self.classifier(hidden).squeeze(-1).abs()
