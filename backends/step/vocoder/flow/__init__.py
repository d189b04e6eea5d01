"""CosyVoice-1 flow matching (tokens -> mel) for the Step-Audio-TTS-3B decoder folders.

Importing this package imports torch; the engine imports it lazily.
"""

from .config import (
    CFMConfig,
    EncoderConfig,
    EstimatorConfig,
    FlowConfig,
    LengthRegulatorConfig,
    flow_config_from_yaml_node,
)
from .model import FlowModel
from .streaming import MelChunk, TokenWindow, crossfade_mels, decode_window, plan_windows

__all__ = [
    "CFMConfig",
    "EncoderConfig",
    "EstimatorConfig",
    "FlowConfig",
    "FlowModel",
    "LengthRegulatorConfig",
    "MelChunk",
    "TokenWindow",
    "crossfade_mels",
    "decode_window",
    "flow_config_from_yaml_node",
    "plan_windows",
]
