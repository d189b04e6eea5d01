"""vq06: CosyVoice's S3 speech tokenizer v1 (ONNX) on Whisper log-mels, 25 codes per second."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .whisper_mel import log_mel_spectrogram

WINDOW_SAMPLES = 30 * 16000  # the ONNX model takes at most 30 s at a time
MIN_WINDOW_SAMPLES = 480  # shorter tails are skipped, as in the reference


def choose_providers(device: str) -> list[str]:
    """CUDA when asked for and present in this onnxruntime build, else CPU; never forced."""
    import onnxruntime as ort

    available = ort.get_available_providers()
    if device.startswith("cuda") and "CUDAExecutionProvider" in available:
        return ["CUDAExecutionProvider", "CPUExecutionProvider"]
    return ["CPUExecutionProvider"]


class Vq06Tokenizer:
    def __init__(self, path: Path, *, device: str = "cpu") -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        providers = choose_providers(device)
        self.session = ort.InferenceSession(str(path), sess_options=options, providers=providers)
        inputs = self.session.get_inputs()
        if len(inputs) < 2:
            raise ValueError(f"{Path(path).name} takes {len(inputs)} inputs; expected feats and feats_length")
        self._feats, self._lengths = inputs[0].name, inputs[1].name

    def window_codes(self, samples: np.ndarray) -> np.ndarray:
        mel = log_mel_spectrogram(samples, n_mels=128)[None]
        lengths = np.array([mel.shape[2]], dtype=np.int32)
        out = self.session.run(None, {self._feats: mel, self._lengths: lengths})
        return np.asarray(out[0]).reshape(-1).astype(np.int64)

    def __call__(self, samples: np.ndarray) -> np.ndarray:
        """Codes 0..4095 for 16 kHz samples, computed in consecutive windows of up to 30 s."""
        x = np.asarray(samples, dtype=np.float32).reshape(-1)
        parts = [self.window_codes(x[s:s + WINDOW_SAMPLES]) for s in range(0, len(x), WINDOW_SAMPLES)
                 if len(x[s:s + WINDOW_SAMPLES]) >= MIN_WINDOW_SAMPLES]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
