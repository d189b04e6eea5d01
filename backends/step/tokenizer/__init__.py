"""Step-Audio's dual-codebook audio tokenizer (vq02 + vq06), Qt-free, torch imported lazily.

vq02 is the Paraformer-large online encoder of FunASR with the 1024 k-means centroids; vq06 is
CosyVoice's S3 tokenizer v1 (ONNX, onnxruntime on CPU, or CUDA when present and asked for).

Why our own encoder rather than the `funasr` package: `pip install funasr` pulls about thirty
packages (modelscope, librosa and numba, scikit-learn, umap-learn, oss2 and the Aliyun SDK,
hydra, ...), and its front end imports `torchaudio.compliance.kaldi`, which does not import beside
the torch we ship, so it could not run here at all. The encoder is ~150 lines of torch that load
the same `model.pt`, and the front end is numpy. Both are pinned by tests against goldens made by
running the reference code (Step-Audio's funasr_detach, torchaudio's kaldi fbank, openai-whisper's
log-mel) on tiny random weights and real speech.

Known, deliberate difference: FunASR's online front end dithers the waveform by default (Gaussian
noise of 1 LSB at 16-bit scale) unless the model's config turns it off; we never dither, so the
same clip always gives the same tokens.
"""

from .prep import peak_normalise, prepare, trim_silence
from .tokenizer import PARAFORMER_DIR, StepAudioTokenizer, TokenizerFilesError, Vq02Stream, required_files
from .tokens import (
    AUDIO_CODE_COUNT,
    AUDIO_ID_OFFSET,
    VQ02_SIZE,
    VQ06_SIZE,
    AudioTokens,
    codes_to_text,
    deinterleave,
    interleave,
    llm_ids_to_codes,
    text_to_codes,
)

__all__ = [
    "AUDIO_CODE_COUNT", "AUDIO_ID_OFFSET", "PARAFORMER_DIR", "VQ02_SIZE", "VQ06_SIZE", "AudioTokens",
    "StepAudioTokenizer", "TokenizerFilesError", "Vq02Stream", "codes_to_text", "deinterleave", "interleave",
    "llm_ids_to_codes", "peak_normalise", "prepare", "required_files", "text_to_codes", "trim_silence",
]
