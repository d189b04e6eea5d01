"""Speaker embeddings (resemblyzer's GE2E d-vector encoder) in plain numpy, without torch.

Why this exists: voice matching, the reference check's "more than one speaker" test and the
similarity figures the Clone wizard shows all need a speaker-embedding model, and the only one
that ships inside a PyPI package with its weights is `resemblyzer` (Apache-2.0; `pretrained.pt`
is in its wheel). Its own code needs torch, librosa and scipy, which would add gigabytes for a
3-layer LSTM, so this module re-implements the forward pass and the mel front end in numpy and
reads the weights with a restricted unpickler (below). The weights come from an installed
resemblyzer if there is one (`pip install --no-deps resemblyzer`), else they are fetched once
from the package index on first use (speaker_weights.py: pinned wheel, SHA-256 checked, kept in
the user cache), so a plain `pip install` of the studio is enough. We only read the weights file;
we never import resemblyzer (importing it imports torch).

The model: 40-band mel power spectrogram (16 kHz, 25 ms Hann window, 10 ms hop, Slaney mel scale,
as librosa's `melspectrogram` defaults), a 3-layer LSTM 40->256, a 256->256 projection, ReLU and
L2 normalisation, run over 1.6 s partial windows; the utterance embedding is the L2-normalised
mean of the partial embeddings (`VoiceEncoder.embed_utterance`, rate 1.3 windows/s, last window
kept when it is 75 % covered). Before that the waveform is raised (never lowered) to -30 dBFS and
long silences are shortened with webrtcvad, as resemblyzer's `preprocess_wav` does.

Measured on this project's machines (2 cores): about 65 ms per 10 s of audio; the same voice
scores 0.94-0.97 cosine, different voices 0.45-0.70.
"""

from __future__ import annotations

import importlib.util
import io
import pickle
import struct
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from backends.audio import Audio
from backends.base import Availability, CancelToken
from backends.embedded.speaker_weights import cached_weights, fetch_weights

SAMPLE_RATE = 16000
N_FFT = 400  # 25 ms
HOP = 160  # 10 ms
N_MELS = 40
PARTIAL_FRAMES = 160  # 1.6 s
HIDDEN = 256
LAYERS = 3
NORM_TARGET_DBFS = -30.0
_INT16_MAX = 2**15 - 1
# webrtcvad trimming, as resemblyzer.hparams
_VAD_WINDOW_MS = 30
_VAD_AVERAGE_WIDTH = 8
_VAD_MAX_SILENCE = 6

INSTALL_FIX = ("Connect to the internet once so the studio can fetch it (17 MB), or run "
               "'pip install --no-deps resemblyzer==0.1.4' (--no-deps matters: a plain install "
               "pulls in torch).")


# --- weights: a restricted reader for PyTorch checkpoint files -------------------------------------


class UnsafeCheckpoint(pickle.UnpicklingError):
    """The checkpoint references something other than tensors, storages and plain containers."""


# Storage class name -> numpy dtype (the legacy typed storages that checkpoints name).
_STORAGE_DTYPES: dict[str, np.dtype] = {
    "FloatStorage": np.dtype("<f4"),
    "DoubleStorage": np.dtype("<f8"),
    "HalfStorage": np.dtype("<f2"),
    "LongStorage": np.dtype("<i8"),
    "IntStorage": np.dtype("<i4"),
    "ShortStorage": np.dtype("<i2"),
    "CharStorage": np.dtype("i1"),
    "ByteStorage": np.dtype("u1"),
    "BoolStorage": np.dtype("?"),
}


@dataclass(frozen=True)
class _StorageType:
    dtype: np.dtype


@dataclass(frozen=True)
class _StorageRef:
    key: str
    dtype: np.dtype
    numel: int | None


@dataclass(frozen=True)
class _TensorRef:
    storage: _StorageRef
    offset: int
    size: tuple[int, ...]
    stride: tuple[int, ...]


def _rebuild_tensor_v2(storage: _StorageRef, storage_offset: int, size: tuple[int, ...],
                       stride: tuple[int, ...], *_ignored: Any) -> _TensorRef:
    """Stands in for torch._utils._rebuild_tensor_v2: records where the tensor's data lies."""
    if not isinstance(storage, _StorageRef):
        raise UnsafeCheckpoint("a tensor was built from something that is not a storage")
    return _TensorRef(storage, int(storage_offset), tuple(int(s) for s in size),
                      tuple(int(s) for s in stride))


def _rebuild_parameter(data: _TensorRef, *_ignored: Any) -> _TensorRef:
    return data


class _RestrictedUnpickler(pickle.Unpickler):
    """Unpickles a checkpoint's tensors as references, and refuses every other global.

    A .pt file is a pickle, and a pickle can call any importable function (os.system included),
    so `pickle.load` on a file is code execution. Only these names resolve; anything else raises
    `UnsafeCheckpoint` before it is called.
    """

    _ALLOWED: Mapping[tuple[str, str], Any] = {
        ("collections", "OrderedDict"): OrderedDict,
        ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
        ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
        **{("torch", name): _StorageType(dtype) for name, dtype in _STORAGE_DTYPES.items()},
    }

    def find_class(self, module: str, name: str) -> Any:
        try:
            return self._ALLOWED[(module, name)]
        except KeyError:
            raise UnsafeCheckpoint(f"the checkpoint references '{module}.{name}', which a weights file "
                                   "has no reason to; refusing to load it") from None

    def persistent_load(self, pid: Any) -> _StorageRef:
        # ('storage', storage_type, key, location, numel[, view_metadata])
        if not (isinstance(pid, tuple) and len(pid) >= 5 and pid[0] == "storage"
                and isinstance(pid[1], _StorageType)):
            raise UnsafeCheckpoint(f"unexpected persistent id in checkpoint: {pid!r:.80}")
        if len(pid) > 5 and pid[5] is not None:
            raise UnsafeCheckpoint("storage views are not supported")
        return _StorageRef(str(pid[2]), pid[1].dtype, int(pid[4]) if pid[4] is not None else None)


def _tensor(ref: _TensorRef, storages: Mapping[str, np.ndarray]) -> np.ndarray:
    flat = storages[ref.storage.key]
    if not ref.size:
        return flat[ref.offset:ref.offset + 1].reshape(()).copy()
    end = ref.offset + sum((n - 1) * s for n, s in zip(ref.size, ref.stride, strict=True)) + 1
    if ref.offset < 0 or end > len(flat) or any(s < 0 for s in ref.stride):
        raise UnsafeCheckpoint("a tensor points outside its storage")
    view = np.lib.stride_tricks.as_strided(flat[ref.offset:], shape=ref.size,
                                           strides=tuple(s * flat.itemsize for s in ref.stride),
                                           writeable=False)
    return np.array(view)


def _resolve(obj: Any, storages: Mapping[str, np.ndarray]) -> Any:
    if isinstance(obj, _TensorRef):
        return _tensor(obj, storages)
    if isinstance(obj, dict):
        return {k: _resolve(v, storages) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(_resolve(v, storages) for v in obj)
    return obj


def _collect_storages(obj: Any, found: dict[str, _StorageRef]) -> None:
    if isinstance(obj, _TensorRef):
        found[obj.storage.key] = obj.storage
    elif isinstance(obj, dict):
        for v in obj.values():
            _collect_storages(v, found)
    elif isinstance(obj, list | tuple):
        for v in obj:
            _collect_storages(v, found)


_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C


def load_checkpoint(path: str | Path) -> Any:
    """A PyTorch checkpoint's object tree with every tensor as a numpy array, without torch.

    Reads both of PyTorch's formats: the zip one (`archive/data.pkl` plus raw storages under
    `archive/data/<key>`, torch >= 1.6) and the legacy one resemblyzer's `pretrained.pt` uses
    (pickled magic, version and system info, the object pickle, the storage key list, then each
    storage as an int64 element count and raw little-endian data). Raises `UnsafeCheckpoint` for
    any global other than tensors, storages and OrderedDict.
    """
    path = Path(path)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            pkl = next((n for n in names if n.endswith("/data.pkl") or n == "data.pkl"), None)
            if pkl is None:
                raise UnsafeCheckpoint("the checkpoint archive has no data.pkl")
            prefix = pkl[: -len("data.pkl")]
            obj = _RestrictedUnpickler(io.BytesIO(zf.read(pkl))).load()
            refs: dict[str, _StorageRef] = {}
            _collect_storages(obj, refs)
            storages = {k: np.frombuffer(zf.read(f"{prefix}data/{k}"), dtype=r.dtype)
                        for k, r in refs.items()}
            return _resolve(obj, storages)
    with path.open("rb") as f:
        magic = _RestrictedUnpickler(f).load()
        if magic != _LEGACY_MAGIC:
            raise UnsafeCheckpoint(f"{path.name} is not a PyTorch checkpoint")
        version = _RestrictedUnpickler(f).load()
        if version != 1001:
            raise UnsafeCheckpoint(f"unsupported checkpoint version {version!r}")
        sys_info = _RestrictedUnpickler(f).load()
        if not (isinstance(sys_info, dict) and sys_info.get("little_endian", True)):
            raise UnsafeCheckpoint("big-endian checkpoints are not supported")
        obj = _RestrictedUnpickler(f).load()
        keys = _RestrictedUnpickler(f).load()
        if not (isinstance(keys, list) and all(isinstance(k, str) for k in keys)):
            raise UnsafeCheckpoint("malformed storage key list")
        refs = {}
        _collect_storages(obj, refs)
        storages: dict[str, np.ndarray] = {}
        for key in keys:
            (numel,) = struct.unpack("<q", f.read(8))
            ref = refs.get(key)
            itemsize = ref.dtype.itemsize if ref is not None else 4
            if numel < 0 or numel * itemsize > 1 << 31:
                raise UnsafeCheckpoint("implausible storage size in checkpoint")
            raw = f.read(numel * itemsize)
            if len(raw) != numel * itemsize:
                raise UnsafeCheckpoint("the checkpoint is truncated")
            if ref is not None:
                storages[key] = np.frombuffer(raw, dtype=ref.dtype)
        missing = set(refs) - set(storages)
        if missing:
            raise UnsafeCheckpoint(f"the checkpoint lacks storages {sorted(missing)[:3]}")
        return _resolve(obj, storages)


# --- front end -----------------------------------------------------------------------------------


def _hz_to_mel(f: np.ndarray) -> np.ndarray:
    """Slaney's mel scale (librosa's default, htk=False): linear below 1 kHz, log above."""
    f = np.asarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz, logstep = 1000.0, np.log(6.4) / 27.0
    min_log_mel = min_log_hz / f_sp
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, mels)


def _mel_to_hz(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz, logstep = 1000.0, np.log(6.4) / 27.0
    min_log_mel = min_log_hz / f_sp
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def mel_filterbank(sr: int = SAMPLE_RATE, n_fft: int = N_FFT, n_mels: int = N_MELS) -> np.ndarray:
    """librosa.filters.mel(sr, n_fft, n_mels) with its defaults (fmin 0, fmax sr/2, Slaney norm)."""
    fft_freqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_f = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(sr / 2), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels]))[:, None]
    return weights.astype(np.float32)


_MEL = mel_filterbank()
_WINDOW = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)  # periodic Hann


def mel_spectrogram(wav: np.ndarray) -> np.ndarray:
    """(frames, 40) mel power spectrogram, as librosa.feature.melspectrogram with resemblyzer's
    parameters (centred frames, zero padding as librosa >= 0.10 does; not a log spectrogram)."""
    x = np.pad(np.asarray(wav, dtype=np.float32), (N_FFT // 2, N_FFT // 2))
    n_frames = 1 + (len(x) - N_FFT) // HOP
    if n_frames <= 0:
        return np.zeros((0, N_MELS), dtype=np.float32)
    frames = np.lib.stride_tricks.as_strided(x, shape=(n_frames, N_FFT),
                                             strides=(x.itemsize * HOP, x.itemsize))
    spec = np.fft.rfft(frames * _WINDOW, axis=1)
    power = (spec.real**2 + spec.imag**2).astype(np.float32)
    return power @ _MEL.T


def _normalize_volume(wav: np.ndarray) -> np.ndarray:
    """Raise (never lower) the level to -30 dBFS, as resemblyzer does before embedding."""
    rms = float(np.sqrt(np.mean((wav.astype(np.float64) * _INT16_MAX) ** 2))) if len(wav) else 0.0
    if rms <= 0:
        return wav
    change = NORM_TARGET_DBFS - 20 * np.log10(rms / _INT16_MAX)
    return wav if change < 0 else (wav * (10 ** (change / 20))).astype(np.float32)


def _trim_long_silences(wav: np.ndarray) -> np.ndarray:
    """Shorten silences to at most ~180 ms with webrtcvad (resemblyzer's `trim_long_silences`).

    Pauses carry no speaker identity and would dilute the averaged embedding. If webrtcvad is not
    installed (it is not a hard dependency), an energy gate at 30 dB below the loudest 30 ms
    window plays the VAD's part.
    """
    win = _VAD_WINDOW_MS * SAMPLE_RATE // 1000
    wav = wav[: len(wav) - len(wav) % win]
    if len(wav) == 0:
        return wav
    frames = wav.reshape(-1, win)
    try:
        import webrtcvad

        vad = webrtcvad.Vad(3)
        pcm = np.round(np.clip(frames, -1, 1) * _INT16_MAX).astype("<i2")
        flags = np.array([vad.is_speech(f.tobytes(), SAMPLE_RATE) for f in pcm], dtype=np.float64)
    except ImportError:
        db = 10 * np.log10(np.mean(frames.astype(np.float64) ** 2, axis=1) + 1e-12)
        flags = (db > db.max() - 30).astype(np.float64)
    w = _VAD_AVERAGE_WIDTH
    padded = np.concatenate((np.zeros((w - 1) // 2), flags, np.zeros(w // 2)))
    mask = np.round(np.convolve(padded, np.ones(w) / w, mode="valid")).astype(bool)
    k = _VAD_MAX_SILENCE + 1
    dilated = np.convolve(mask.astype(np.float64), np.ones(k), mode="same") > 0
    kept = frames[dilated].reshape(-1)
    return kept if len(kept) else wav


def _to_model_rate(audio: Audio) -> np.ndarray:
    a = audio.resampled(SAMPLE_RATE)
    return np.clip(np.nan_to_num(a.samples), -4.0, 4.0).astype(np.float32)


# --- the encoder ---------------------------------------------------------------------------------


def installed_weights_path() -> Path | None:
    """Where an installed resemblyzer keeps `pretrained.pt`, found without importing it."""
    try:
        spec = importlib.util.find_spec("resemblyzer")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        p = Path(location) / "pretrained.pt"
        if p.is_file():
            return p
    return None


def weights_path() -> Path | None:
    """The weights on this machine: an installed resemblyzer's, else the copy fetched earlier;
    None when they still have to be fetched (`SpeakerEncoder.ensure_weights`)."""
    return installed_weights_path() or cached_weights()


class _OneBlasThread:
    """A context in which numpy's BLAS uses one thread (shared by overlapping users).

    The LSTM multiplies small matrices hundreds of times per window; BLAS's default of a thread
    per core makes every one of them a hand-over between threads, and on cores shared with other
    work each hand-over waits for a time slice: an embedding took 3x longer with two busy
    processes beside it (0.33 s against 0.12 s with one thread; 0.09 s either way when idle).
    The limit is process-wide in BLAS, so it is counted: the first user sets it, the last one
    restores the original, and two threads embedding at once do not undo each other's limit.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._limiter: Any = None
        self._controller: Any = None

    def __enter__(self) -> None:
        with self._lock:
            if self._users == 0:
                if self._controller is None:
                    try:
                        from threadpoolctl import ThreadpoolController

                        self._controller = ThreadpoolController()
                    except ImportError:  # a dependency, but the encoder works without it
                        self._controller = False
                if self._controller is not False:
                    self._limiter = self._controller.limit(limits=1, user_api="blas")
            self._users += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._users -= 1
            if self._users == 0 and self._limiter is not None:
                self._limiter.restore_original_limits()
                self._limiter = None


_one_blas_thread = _OneBlasThread()


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


class SpeakerEncoder:
    """GE2E speaker embeddings (256-d, L2-normalised) for `Audio` at any sample rate.

    Weights load lazily on first use (about 0.1 s; the very first use on a machine fetches them,
    see `ensure_weights`) and the instance is thread-safe. `available()` is False only for an
    explicit weights file that is missing; a failed fetch raises `WeightsUnavailable` (a
    BackendError) with one sentence that says what to do.
    """

    def __init__(self, weights: str | Path | None = None) -> None:
        self._weights_file = Path(weights) if weights is not None else None
        self._params: dict[str, np.ndarray] | None = None
        self._lock = threading.Lock()

    def _path(self) -> Path | None:
        return self._weights_file if self._weights_file is not None else weights_path()

    def available(self) -> Availability:
        """True when the weights are here or can be fetched on first use (the default)."""
        if self._weights_file is not None and not self._weights_file.is_file():
            return Availability(False, "Speaker similarity needs the resemblyzer speaker-embedding weights, "
                                       f"which are not installed ({self._weights_file} is missing).",
                                INSTALL_FIX)
        return Availability(True)

    def ensure_weights(self, progress: Callable[[float, str], None] | None = None,
                       cancel: CancelToken | None = None) -> Path:
        """The weights file, fetched first if this machine has none yet (about 16 MB, once), with
        `progress` for the download. Raises `WeightsUnavailable` (one sentence) or `Cancelled`."""
        path = self._path()
        if path is not None and path.is_file():
            return path
        ok = self.available()
        if not ok.available:
            raise RuntimeError(f"{ok.reason} {ok.fix}")
        return fetch_weights(progress, cancel)

    def _load(self) -> dict[str, np.ndarray]:
        with self._lock:
            if self._params is not None:
                return self._params
            path = self.ensure_weights()
            state = load_checkpoint(path)
            model = state.get("model_state") if isinstance(state, dict) else None
            if not isinstance(model, dict):
                raise RuntimeError(f"{path} does not hold a resemblyzer model")
            params: dict[str, np.ndarray] = {}
            for layer in range(LAYERS):
                w_ih = model[f"lstm.weight_ih_l{layer}"].astype(np.float32)
                w_hh = model[f"lstm.weight_hh_l{layer}"].astype(np.float32)
                if w_hh.shape != (4 * HIDDEN, HIDDEN):
                    raise RuntimeError(f"unexpected LSTM shape {w_hh.shape} in {path}")
                params[f"w_ih{layer}"] = np.ascontiguousarray(w_ih.T)
                params[f"w_hh{layer}"] = np.ascontiguousarray(w_hh.T)
                bias = model[f"lstm.bias_ih_l{layer}"] + model[f"lstm.bias_hh_l{layer}"]
                params[f"b{layer}"] = bias.astype(np.float32)
            params["lin_w"] = np.ascontiguousarray(model["linear.weight"].astype(np.float32).T)
            params["lin_b"] = model["linear.bias"].astype(np.float32)
            self._params = params
            return params

    def _forward(self, mels: np.ndarray, cancel: CancelToken | None = None) -> np.ndarray:
        """(batch, frames, 40) mel windows -> (batch, 256) L2-normalised embeddings.

        PyTorch's LSTM (gates i, f, g, o); the input projection of a layer is computed for all
        frames at once, so only the recurrent matmul runs per frame. `cancel` is checked every
        frame: one embedding of a 5 s reference is 3-4 s of this loop on 2 busy cores, and a voice
        match makes dozens of them, so Stop must not wait for one to end.
        """
        p = self._load()
        with _one_blas_thread:
            return self._run_lstm(p, mels.astype(np.float32), cancel)

    @staticmethod
    def _run_lstm(p: dict[str, np.ndarray], x: np.ndarray, cancel: CancelToken | None) -> np.ndarray:
        batch, steps, _ = x.shape
        h = np.zeros((batch, HIDDEN), dtype=np.float32)
        for layer in range(LAYERS):
            gates_in = x @ p[f"w_ih{layer}"] + p[f"b{layer}"]
            w_hh = p[f"w_hh{layer}"]
            h = np.zeros((batch, HIDDEN), dtype=np.float32)
            c = np.zeros((batch, HIDDEN), dtype=np.float32)
            outs = np.empty((batch, steps, HIDDEN), dtype=np.float32) if layer < LAYERS - 1 else None
            for t in range(steps):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                g = gates_in[:, t] + h @ w_hh
                i = _sigmoid(g[:, :HIDDEN])
                f = _sigmoid(g[:, HIDDEN:2 * HIDDEN])
                cell = np.tanh(g[:, 2 * HIDDEN:3 * HIDDEN])
                o = _sigmoid(g[:, 3 * HIDDEN:])
                c = f * c + i * cell
                h = o * np.tanh(c)
                if outs is not None:
                    outs[:, t] = h
            if outs is not None:
                x = outs
        raw = np.maximum(h @ p["lin_w"] + p["lin_b"], 0.0)
        norm = np.linalg.norm(raw, axis=1, keepdims=True)
        return raw / np.maximum(norm, 1e-12)

    @staticmethod
    def _partial_starts(n_samples: int, rate: float = 1.3, min_coverage: float = 0.75) -> list[int]:
        """Mel-frame starts of the 1.6 s partials (resemblyzer's `compute_partial_slices`)."""
        n_frames = int(np.ceil((n_samples + 1) / HOP))
        frame_step = int(np.round((SAMPLE_RATE / rate) / HOP))
        steps = max(1, n_frames - PARTIAL_FRAMES + frame_step + 1)
        starts = list(range(0, steps, frame_step))
        last = starts[-1] * HOP
        coverage = (n_samples - last) / (PARTIAL_FRAMES * HOP)
        if coverage < min_coverage and len(starts) > 1:
            starts = starts[:-1]
        return starts

    def _partials(self, audio: Audio) -> np.ndarray:
        """(n, 160, 40) mel windows of the utterance, as resemblyzer's `embed_utterance` cuts them."""
        wav = _trim_long_silences(_normalize_volume(_to_model_rate(audio)))
        if len(wav) == 0:
            raise ValueError("cannot embed empty audio")
        starts = self._partial_starts(len(wav))
        need = (starts[-1] + PARTIAL_FRAMES) * HOP
        if need >= len(wav):
            wav = np.pad(wav, (0, need - len(wav)))
        mel = mel_spectrogram(wav)
        return np.stack([mel[s:s + PARTIAL_FRAMES] for s in starts])

    def embed(self, audio: Audio, cancel: CancelToken | None = None) -> np.ndarray:
        """The utterance's speaker embedding: 256 floats, L2-normalised (cosine = dot product).

        Raises Cancelled part-way if `cancel` fires (see `_forward`)."""
        return self.embed_many([audio], cancel)[0]

    def embed_many(self, audios: list[Audio], cancel: CancelToken | None = None) -> np.ndarray:
        """(n, 256) embeddings of several utterances, their partial windows run as one batch.

        Why: the LSTM runs frame by frame, so its cost is mostly per step, not per window; a voice
        match scores a dozen pitch shifts of each candidate, and one batch of all their windows
        took a quarter of the time of one call per shift (bench/speaker_embedding.py)."""
        parts = [self._partials(a) for a in audios]
        windows = np.concatenate(parts)
        partials = self._forward(windows, cancel)
        out = np.empty((len(parts), HIDDEN), dtype=np.float32)
        start = 0
        for i, p in enumerate(parts):
            mean = partials[start:start + len(p)].mean(axis=0)
            out[i] = mean / np.linalg.norm(mean)
            start += len(p)
        return out

    def embed_windows(self, audio: Audio, window_s: float = 1.6,
                      hop_s: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
        """Embeddings of sliding windows over the audio as given (silences are not removed, so the
        times map onto the input): (centre times in seconds, (n, 256) embeddings). For finding
        where different speakers talk. Audio shorter than one window gives one zero-padded window.
        """
        wav = _normalize_volume(_to_model_rate(audio))
        win = max(1, round(window_s * 100))  # mel frames
        hop = max(1, round(hop_s * 100))
        mel = mel_spectrogram(wav)
        if len(mel) < win:
            mel = np.pad(mel, ((0, win - len(mel)), (0, 0)))
        starts = list(range(0, len(mel) - win + 1, hop))
        if not starts:
            starts = [0]
        mels = np.stack([mel[s:s + win] for s in starts])
        emb = np.concatenate([self._forward(mels[i:i + 32]) for i in range(0, len(mels), 32)])
        centres = (np.asarray(starts, dtype=np.float64) + win / 2) * HOP / SAMPLE_RATE
        if len(mel) == win and audio.duration < window_s:
            centres = np.array([audio.duration / 2])
        return centres, emb.astype(np.float32)

    @staticmethod
    def similarity(a: np.ndarray, b: np.ndarray) -> float:
        """Cosine similarity of two embeddings (1 = same direction)."""
        a = np.asarray(a, dtype=np.float64).reshape(-1)
        b = np.asarray(b, dtype=np.float64).reshape(-1)
        den = float(np.linalg.norm(a) * np.linalg.norm(b))
        return float(np.dot(a, b) / den) if den > 0 else 0.0
