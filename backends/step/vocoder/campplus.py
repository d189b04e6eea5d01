"""CAM++ speaker embedding through the folder's `campplus.onnx`.

The flow model is conditioned on the 192-d x-vector CAM++ computes from 80-bin Kaldi fbank at 16 kHz,
with the per-utterance mean of every bin subtracted (the reference front end does exactly that and
nothing more: no variance normalisation, no dither). The ONNX graph takes [1, frames, 80].
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from backends.audio import Audio
from backends.step.fbank import FbankOptions, kaldi_fbank
from backends.step.resample import resample_like_reference
from backends.step.vocoder.config import VocoderFileError

SPEAKER_RATE = 16000
_FBANK = FbankOptions(sample_rate=SPEAKER_RATE, num_mel_bins=80, dither=0.0)


def speaker_fbank(audio: Audio) -> np.ndarray:
    """[frames, 80] mean-normalised fbank of `audio` brought to 16 kHz as the reference does."""
    feats = kaldi_fbank(resample_like_reference(audio, SPEAKER_RATE), _FBANK)
    if feats.shape[0] == 0:
        raise ValueError(f"clip too short for a speaker embedding ({audio.duration:.3f} s)")
    return feats - feats.mean(axis=0, keepdims=True)


class CampPlus:
    """One onnxruntime session on the CPU (the model is small; the reference runs it there too)."""

    def __init__(self, path: Path | str, *, threads: int = 1) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise VocoderFileError(self.path, "file is missing")
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads
        options.log_severity_level = 3
        try:
            self.session = onnxruntime.InferenceSession(str(self.path), sess_options=options,
                                                        providers=["CPUExecutionProvider"])
        except Exception as exc:
            raise VocoderFileError(self.path, f"is damaged or not an ONNX model ({exc})") from exc
        inputs = self.session.get_inputs()
        if len(inputs) != 1:
            raise VocoderFileError(self.path, f"expected one input, found {[i.name for i in inputs]}")
        self.input_name = inputs[0].name

    def embed_features(self, feats: np.ndarray) -> np.ndarray:
        """[frames, 80] normalised fbank -> the flat float32 embedding (192 values for CAM++)."""
        batch = np.ascontiguousarray(feats, dtype=np.float32)[None]
        out = self.session.run(None, {self.input_name: batch})[0]
        return np.asarray(out, dtype=np.float32).reshape(-1)

    def embed(self, audio: Audio) -> np.ndarray:
        return self.embed_features(speaker_fbank(audio))
