"""The vq02 front end: kaldi fbank, low-frame-rate stacking (LFR) and CMVN, run chunk by chunk.

The reference feeds the Paraformer online model 240 ms at a time and its front end keeps state
between calls; the exact bookkeeping decides which feature frames exist, so it is reproduced:

* Samples that do not yet fill a 25 ms frame wait for the next chunk, so the fbank frames of a
  chunked stream equal those of the whole signal.
* LFR stacks 7 consecutive fbank frames every 6 frames (560 values). The stream starts with 3
  copies of its first frame; a non-final call emits only windows it has in full and keeps the
  rest; the final call also emits windows whose centre frame exists, padded with the last frame.
* A final call whose chunk yields fewer than 7 frames (with the held ones) emits nothing, and a
  final call with no new frame emits the held frames' padded windows, or nothing if it cannot.
* CMVN adds the `<AddShift>` vector and multiplies by the `<Rescale>` vector from `am.mvn`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from backends.step.fbank import FbankOptions, frame_count, kaldi_fbank


def load_cmvn(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(shift, scale) vectors from a Kaldi nnet-style `am.mvn` text file."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    shift: list[str] | None = None
    scale: list[str] | None = None
    for i, line in enumerate(lines[:-1]):
        head = line.split()
        nxt = lines[i + 1].split()
        if not head or not nxt or nxt[0] != "<LearnRateCoef>":
            continue
        if head[0] == "<AddShift>":
            shift = nxt[3:-1]
        elif head[0] == "<Rescale>":
            scale = nxt[3:-1]
    if shift is None or scale is None:
        raise ValueError(f"{Path(path).name} has no <AddShift>/<Rescale> blocks")
    return np.asarray(shift, dtype=np.float32), np.asarray(scale, dtype=np.float32)


@dataclass(frozen=True)
class FrontendConfig:
    sample_rate: int = 16000
    n_mels: int = 80
    frame_length_ms: float = 25.0
    frame_shift_ms: float = 10.0
    lfr_m: int = 7
    lfr_n: int = 6

    @property
    def frame_length(self) -> int:
        return int(self.sample_rate * self.frame_length_ms / 1000)

    @property
    def frame_shift(self) -> int:
        return int(self.sample_rate * self.frame_shift_ms / 1000)

    @property
    def feature_size(self) -> int:
        return self.n_mels * self.lfr_m


def stack_lfr(frames: np.ndarray, m: int, n: int, *, final: bool) -> tuple[np.ndarray, np.ndarray]:
    """(LFR features, frames to keep) for `frames` that already include the held/left-pad frames."""
    total = len(frames)
    wanted = int(np.ceil((total - (m - 1) // 2) / n))
    out: list[np.ndarray] = []
    stop = wanted
    for i in range(wanted):
        begin = i * n
        if begin + m <= total:
            out.append(frames[begin:begin + m].reshape(-1))
        elif final:
            window = np.concatenate([frames[begin:], np.repeat(frames[-1:], m - (total - begin), axis=0)])
            out.append(window.reshape(-1))
        else:
            stop = i
            break
    keep_from = min(total - 1, stop * n)
    feats = np.stack(out).astype(np.float32) if out else np.zeros((0, m * frames.shape[1]), np.float32)
    return feats, frames[keep_from:]


class OnlineFrontend:
    """Stateful fbank -> LFR -> CMVN for one stream; `accept` returns new [T, 560] features."""

    def __init__(self, config: FrontendConfig, cmvn: tuple[np.ndarray, np.ndarray]) -> None:
        self.config = config
        self.shift, self.scale = cmvn
        self.reset()

    def reset(self) -> None:
        self._pending = np.zeros(0, dtype=np.float32)
        self._held: np.ndarray | None = None  # fbank frames not yet consumed by LFR

    def _normalise(self, feats: np.ndarray) -> np.ndarray:
        dim = feats.shape[1]
        return ((feats + self.shift[:dim]) * self.scale[:dim]).astype(np.float32)

    def accept(self, samples: np.ndarray, *, final: bool = False) -> np.ndarray:
        """Features for `samples` (16 kHz float); raises ValueError when a final flush is impossible."""
        c = self.config
        empty = np.zeros((0, c.feature_size), dtype=np.float32)
        data = np.concatenate([self._pending, np.asarray(samples, dtype=np.float32)])
        n = frame_count(len(data), c.frame_length, c.frame_shift)
        self._pending = data[n * c.frame_shift:] if n else data
        if n == 0:
            if not final:
                return empty
            if self._held is None:
                raise ValueError("too little audio for a single feature frame")
            feats, _ = stack_lfr(self._held, c.lfr_m, c.lfr_n, final=True)
            if len(feats) == 0:
                raise ValueError("too little audio for a single feature frame")
            return self._normalise(feats)
        # FunASR scales float audio to the 16-bit range and uses a Hamming window, no dither.
        fb = kaldi_fbank(data[: (n - 1) * c.frame_shift + c.frame_length] * np.float32(32768.0),
                         FbankOptions(sample_rate=c.sample_rate, num_mel_bins=c.n_mels,
                                      frame_length_ms=c.frame_length_ms, frame_shift_ms=c.frame_shift_ms,
                                      window_type="hamming"))
        if self._held is None:
            self._held = np.repeat(fb[:1], (c.lfr_m - 1) // 2, axis=0)
        if len(fb) + len(self._held) < c.lfr_m:
            self._held = np.concatenate([self._held, fb])
            return empty
        feats, self._held = stack_lfr(np.concatenate([self._held, fb]), c.lfr_m, c.lfr_n, final=final)
        return self._normalise(feats)
