"""`StepAudioTokenizer`: the Step-Audio-Tokenizer folder turned into dual-codebook tokens.

Folder layout (as published on the hub as stepfun-ai/Step-Audio-Tokenizer):

    linguistic_tokenizer.npy                      1024 x 512 vq02 centroids
    speech_tokenizer_v1.onnx                      vq06 tokenizer
    dengcunqin/speech_paraformer-large_asr_nat-zh-cantonese-en-16k-vocab8501-online/
        config.yaml, am.mvn, model.pt             the Paraformer online model (encoder used)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from backends.audio import Audio
from backends.base import BackendError

from .frontend import OnlineFrontend, load_cmvn
from .paraformer import EncoderConfig, build_encoder, load_encoder_weights, read_config
from .prep import prepare
from .tokens import VQ02_SIZE, AudioTokens
from .vq06 import WINDOW_SAMPLES, Vq06Tokenizer

PARAFORMER_DIR = "dengcunqin/speech_paraformer-large_asr_nat-zh-cantonese-en-16k-vocab8501-online"
CENTROIDS_FILE = "linguistic_tokenizer.npy"
VQ06_FILE = "speech_tokenizer_v1.onnx"
PARAFORMER_FILES = ("config.yaml", "am.mvn", "model.pt")
MIN_FINAL_SAMPLES = 480  # a final chunk shorter than this that yields no feature is skipped


class TokenizerFilesError(BackendError):
    """A Step-Audio-Tokenizer file is missing or unreadable; the message names it."""


def required_files(folder: Path) -> list[Path]:
    folder = Path(folder)
    para = folder / PARAFORMER_DIR
    return [folder / CENTROIDS_FILE, folder / VQ06_FILE, *(para / f for f in PARAFORMER_FILES)]


class StepAudioTokenizer:
    """Loads lazily (first use or `load()`); safe to share between threads (one call at a time)."""

    def __init__(self, folder: Path, *, device: str = "cpu") -> None:
        self.folder = Path(folder)
        self.device = device
        for path in required_files(self.folder):
            if not path.is_file():
                raise TokenizerFilesError(f"Step-Audio-Tokenizer file missing: {path}")
            if path.stat().st_size == 0:
                raise TokenizerFilesError(f"Step-Audio-Tokenizer file is empty (damaged download?): {path}")
        self._lock = threading.RLock()
        self._loaded = False

    # --- loading -----------------------------------------------------------------------------------

    def load(self) -> None:
        with self._lock:
            if self._loaded:
                return
            para = self.folder / PARAFORMER_DIR
            try:
                self.frontend_config, self.encoder_config = read_config(para / "config.yaml")
            except Exception as exc:
                raise TokenizerFilesError(f"cannot read {para / 'config.yaml'}: {exc}") from exc
            try:
                self.cmvn = load_cmvn(para / "am.mvn")
            except Exception as exc:
                raise TokenizerFilesError(f"cannot read {para / 'am.mvn'}: {exc}") from exc
            if self.cmvn[0].shape[0] < self.frontend_config.feature_size:
                raise TokenizerFilesError(f"{para / 'am.mvn'} has {self.cmvn[0].shape[0]} values; "
                                          f"the features have {self.frontend_config.feature_size}")
            try:
                centroids = np.load(self.folder / CENTROIDS_FILE, allow_pickle=False)
            except Exception as exc:
                raise TokenizerFilesError(f"cannot read {self.folder / CENTROIDS_FILE}: {exc}") from exc
            if centroids.ndim != 2 or centroids.shape != (VQ02_SIZE, self.encoder_config.output_size):
                want = (VQ02_SIZE, self.encoder_config.output_size)
                raise TokenizerFilesError(
                    f"{self.folder / CENTROIDS_FILE} has shape {centroids.shape}; expected {want}")
            import torch

            self.encoder = build_encoder(self.encoder_config)
            try:
                load_encoder_weights(self.encoder, para / "model.pt", device=self.device)
            except Exception as exc:
                raise TokenizerFilesError(f"cannot load {para / 'model.pt'}: {exc}") from exc
            self.centroids = torch.as_tensor(np.asarray(centroids, dtype=np.float32), device=self.device)
            self._centroid_norms = (self.centroids ** 2).sum(dim=1)
            try:
                self.vq06 = Vq06Tokenizer(self.folder / VQ06_FILE, device=self.device)
            except Exception as exc:
                raise TokenizerFilesError(f"cannot load {self.folder / VQ06_FILE}: {exc}") from exc
            self._loaded = True

    def unload(self) -> None:
        with self._lock:
            for name in ("encoder", "centroids", "_centroid_norms", "vq06"):
                self.__dict__.pop(name, None)
            self._loaded = False

    # --- tokenizing --------------------------------------------------------------------------------

    def nearest_centroid(self, features):  # torch [T, D] -> np.ndarray [T]
        x = features.to(self.centroids.dtype)
        dist = (x ** 2).sum(dim=1, keepdim=True) - 2.0 * x @ self.centroids.T + self._centroid_norms[None]
        return dist.argmin(dim=1).cpu().numpy().astype(np.int64)

    def tokenize(self, audio: Audio, *, trim_silence: bool = False,
                 progress: Callable[[float], None] | None = None) -> AudioTokens:
        """Both codebooks for a clip (any rate): 16 kHz, peak-normalised, optionally trimmed first.
        `progress(fraction)` after every piece, for a long clip tokenized on the CPU (minutes)."""
        samples = prepare(audio, trim=trim_silence)
        return self.tokenize_prepared(samples, progress=progress)

    def tokenize_prepared(self, samples16k: np.ndarray, *,
                          progress: Callable[[float], None] | None = None) -> AudioTokens:
        self.load()
        x = np.asarray(samples16k, dtype=np.float32).reshape(-1)
        # vq02 in pieces of whole 30 s windows, each followed by vq06 on the same window: the same
        # codes as the whole clip at once (the stream is chunked, vq06 windowed), with a report
        # between pieces. The encoder costs about as much as vq06, hence half a piece each.
        pieces = max(1, -(-len(x) // WINDOW_SAMPLES))
        vq02: list[np.ndarray] = []
        vq06: list[np.ndarray] = []
        with self._lock:
            stream = self.stream_vq02()
            for k in range(pieces):
                window = x[k * WINDOW_SAMPLES:(k + 1) * WINDOW_SAMPLES]
                vq02.append(stream.feed(window))
                if progress is not None:
                    progress((k + 0.5) / pieces)
                vq06.append(self.vq06(window))
                if progress is not None:
                    progress((k + 1) / pieces)
            vq02.append(stream.finish())
        return AudioTokens(vq02=np.concatenate(vq02), vq06=np.concatenate(vq06))

    def vq02_codes(self, samples16k: np.ndarray) -> np.ndarray:
        self.load()
        stream = self.stream_vq02()
        return np.concatenate([stream.feed(samples16k), stream.finish()])

    def stream_vq02(self) -> Vq02Stream:
        self.load()
        return Vq02Stream(self)


class Vq02Stream:
    """Incremental vq02 for one stream of 16 kHz samples, 240 ms (3840 samples) at a time.

    `feed` returns the codes of every chunk completed so far (normally 4 per chunk); `finish`
    flushes the remainder as the reference's final call does. Feeding a signal in any pieces and
    then finishing gives exactly the codes `StepAudioTokenizer` gives for the whole signal, since
    the reference's offline path runs the same chunked encoder. The caller owns the level: samples
    are used as given (no peak normalisation, which would need the whole clip).
    """

    def __init__(self, tokenizer: StepAudioTokenizer) -> None:
        self._tok = tokenizer
        self._config: EncoderConfig = tokenizer.encoder_config
        self._frontend = OnlineFrontend(tokenizer.frontend_config, tokenizer.cmvn)
        self._state = tokenizer.encoder.init_state()
        self._buffer = np.zeros(0, dtype=np.float32)

    @property
    def chunk_samples(self) -> int:
        return self._config.chunk_samples

    def _encode(self, samples: np.ndarray, *, final: bool) -> np.ndarray:
        import torch

        try:
            feats = self._frontend.accept(samples, final=final)
        except ValueError:
            if final and len(samples) < MIN_FINAL_SAMPLES:
                return np.zeros(0, dtype=np.int64)
            raise
        if len(feats) == 0:
            return np.zeros(0, dtype=np.int64)
        with torch.inference_mode():
            x = torch.from_numpy(feats)[None].to(self._tok.device)
            out = self._tok.encoder.forward_chunk(x, self._state)
            return self._tok.nearest_centroid(out[0])

    def feed(self, samples16k: np.ndarray) -> np.ndarray:
        data = np.concatenate([self._buffer, np.asarray(samples16k, dtype=np.float32).reshape(-1)])
        step = self.chunk_samples
        whole = len(data) // step
        codes = [self._encode(data[i * step:(i + 1) * step], final=False) for i in range(whole)]
        self._buffer = data[whole * step:]
        return np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)

    def finish(self) -> np.ndarray:
        """Codes for the buffered tail (if any), then reset for a new stream."""
        tail, self._buffer = self._buffer, np.zeros(0, dtype=np.float32)
        codes = self._encode(tail, final=True) if len(tail) else np.zeros(0, dtype=np.int64)
        self._frontend.reset()
        self._state = self._tok.encoder.init_state()
        return codes
