"""Step1, Step-Audio-TTS-3B's language model, in plain PyTorch (imported lazily by the step engine only)."""

from backends.step.llm.cache import KVCache
from backends.step.llm.checkpoint import CheckpointError
from backends.step.llm.config import Step1Config, Step1ConfigError
from backends.step.llm.memory import FitVerdict, MemoryEstimate, estimate, estimate_memory, will_it_fit
from backends.step.llm.model import Step1LM
from backends.step.llm.quant import QUANT_MODES
from backends.step.llm.sampling import AUDIO_RANGE, Sampler, SamplingSettings

__all__ = [
    "AUDIO_RANGE", "QUANT_MODES", "CheckpointError", "FitVerdict", "KVCache", "MemoryEstimate", "Sampler",
    "SamplingSettings", "Step1Config", "Step1ConfigError", "Step1LM", "estimate", "estimate_memory",
    "will_it_fit",
]
