"""The Step-Audio local engine (TTS-3B, its tokenizer and decoders). Importing it does not import torch."""

from backends.step.engine import StepLocalBackend

__all__ = ["StepLocalBackend"]
