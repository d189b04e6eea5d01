"""CosyVoice-1 decoders of Step-Audio-TTS-3B: yaml reader, front ends, CAM++, HiFT and the facade.

Importing this package does not import torch; the torch-backed classes load on attribute access.
"""

from __future__ import annotations

from typing import Any

from backends.step.fbank import FbankOptions, kaldi_fbank
from backends.step.vocoder.config import (
    CosyVoiceConfig,
    F0PredictorConfig,
    HiftConfig,
    MelConfig,
    VocoderFileError,
    load_cosyvoice_yaml,
    read_cosyvoice_config,
)
from backends.step.vocoder.decoder import CosyVoiceDecoder

_LAZY = {
    "HiFTGenerator": "backends.step.vocoder.hift",
    "ConvRNNF0Predictor": "backends.step.vocoder.f0",
    "mel_spectrogram": "backends.step.vocoder.mel",
    "prompt_mel": "backends.step.vocoder.mel",
    "CampPlus": "backends.step.vocoder.campplus",
    "speaker_fbank": "backends.step.vocoder.campplus",
}

__all__ = [
    "CampPlus",
    "ConvRNNF0Predictor",
    "CosyVoiceConfig",
    "CosyVoiceDecoder",
    "F0PredictorConfig",
    "FbankOptions",
    "HiFTGenerator",
    "HiftConfig",
    "MelConfig",
    "VocoderFileError",
    "kaldi_fbank",
    "load_cosyvoice_yaml",
    "mel_spectrogram",
    "prompt_mel",
    "read_cosyvoice_config",
    "speaker_fbank",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
