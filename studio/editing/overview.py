"""Min/max overview pyramids: what a waveform view draws for a long recording without reading it all.

Each buffer gets a pyramid once, when it is made: level 0 holds the min and max of every
`BASE_BLOCK` samples, each next level of every `FACTOR` blocks of the one below. A waveform
column covering a million samples is then answered from a few hundred pyramid entries instead of
the samples. The pyramid costs 2 x 4 bytes per 256 samples at level 0 and a third of that again
for the levels above: about 1 % of the audio it describes.

`overview` works on a piece table, so every version of a project can be drawn, and an edit
never rebuilds a pyramid: pieces of the source use the source's pyramid over their range.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from studio.editing.pieces import SILENCE, Table, sub

BASE_BLOCK = 256
FACTOR = 4
_RAW_CHUNK = 64


class Pyramid:
    """Min/max levels of one buffer. `levels[k]` is (mins, maxs) over blocks of BASE_BLOCK*FACTOR**k."""

    def __init__(self, samples: np.ndarray) -> None:
        self.samples = samples
        self.levels: list[tuple[np.ndarray, np.ndarray]] = []
        n = len(samples) // BASE_BLOCK
        if n == 0:
            return
        blocks = samples[:n * BASE_BLOCK].reshape(n, BASE_BLOCK)
        mins, maxs = blocks.min(axis=1), blocks.max(axis=1)
        self.levels.append((mins, maxs))
        while len(mins) >= FACTOR:
            m = len(mins) // FACTOR
            mins = mins[:m * FACTOR].reshape(m, FACTOR).min(axis=1)
            maxs = maxs[:m * FACTOR].reshape(m, FACTOR).max(axis=1)
            self.levels.append((mins, maxs))

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes + b.nbytes for a, b in self.levels)

    def minmax(self, a: int, b: int) -> tuple[float, float]:
        """Exact min and max of samples [a, b) (a < b): whole blocks from the coarsest level that
        fits, the ragged ends from finer levels, the last few samples read directly."""
        return self._minmax(a, b, len(self.levels) - 1)

    def _minmax(self, a: int, b: int, level: int) -> tuple[float, float]:
        while level >= 0:
            size = BASE_BLOCK * FACTOR**level
            first, last = -(-a // size), b // size
            last = min(last, len(self.levels[level][0]))
            if last > first:
                mins, maxs = self.levels[level]
                lo, hi = float(mins[first:last].min()), float(maxs[first:last].max())
                for x, y in ((a, first * size), (last * size, b)):
                    if y > x:
                        lo2, hi2 = self._minmax(x, y, level - 1)
                        lo, hi = min(lo, lo2), max(hi, hi2)
                return lo, hi
            level -= 1
        seg = self.samples[a:b]
        return float(seg.min()), float(seg.max())


def _ranges_minmax(pyramid: Pyramid, a: np.ndarray, b: np.ndarray, column: np.ndarray,
                   mins: np.ndarray, maxs: np.ndarray) -> None:
    """Fold the exact min/max of samples [a[i], b[i]) into mins/maxs[column[i]], for all i at once.

    Level by level from the coarsest: each range takes the whole blocks it covers at that level
    (one `reduceat` for all ranges) and hands its ragged ends to the level below; what reaches the
    bottom is shorter than two base blocks and is read from the samples.
    """
    for level in range(len(pyramid.levels) - 1, -1, -1):
        if not len(a):
            return
        size = BASE_BLOCK * FACTOR**level
        lmins, lmaxs = pyramid.levels[level]
        first = -(-a // size)
        last = np.minimum(b // size, len(lmins))
        has = last > first
        if has.any():
            f, e, c = first[has], last[has], column[has]
            inner = e < len(lmins)  # reduceat cannot take len(...) as an index: the end is done apart
            if inner.any():
                idx = np.stack([f[inner], e[inner]], axis=1).reshape(-1)
                np.minimum.at(mins, c[inner], np.minimum.reduceat(lmins, idx)[::2])
                np.maximum.at(maxs, c[inner], np.maximum.reduceat(lmaxs, idx)[::2])
            for j in np.nonzero(~inner)[0]:  # at most one range per piece reaches its buffer's end
                mins[c[j]] = min(mins[c[j]], lmins[f[j]:].min())
                maxs[c[j]] = max(maxs[c[j]], lmaxs[f[j]:].max())
        # ragged ends: before the first whole block and after the last; whole range if none
        head_b = np.where(has, first * size, b)
        tail_a = np.where(has, last * size, b)
        a, b, column = (np.concatenate([a, tail_a]), np.concatenate([head_b, b]),
                        np.concatenate([column, column]))
        keep = b > a
        a, b, column = a[keep], b[keep], column[keep]
    for i in range(0, len(a), _RAW_CHUNK):  # in chunks: the gather is ranges x width
        ca, cb, cc = a[i:i + _RAW_CHUNK], b[i:i + _RAW_CHUNK], column[i:i + _RAW_CHUNK]
        idx = ca[:, None] + np.arange(int((cb - ca).max()))[None, :]
        valid = idx < cb[:, None]
        values = pyramid.samples[np.minimum(idx, len(pyramid.samples) - 1)]
        np.minimum.at(mins, cc, np.where(valid, values, np.inf).min(axis=1))
        np.maximum.at(maxs, cc, np.where(valid, values, -np.inf).max(axis=1))


def overview(table: Table, pyramids: Sequence[Pyramid | None], start: int, end: int,
             columns: int) -> tuple[np.ndarray, np.ndarray]:
    """Min and max of the version's samples in each of `columns` equal slices of [start, end).

    A column with no samples (more columns than samples) takes the one sample at its start, so a
    zoomed-in view still draws a line. Exact, and vectorised over columns: the cost grows with the
    number of columns and of pieces in view, not with the samples they cover.
    """
    columns = max(1, int(columns))
    mins = np.full(columns, np.inf)
    maxs = np.full(columns, -np.inf)
    if end <= start:
        return np.zeros(columns, dtype=np.float32), np.zeros(columns, dtype=np.float32)
    edges = start + (np.arange(columns + 1, dtype=np.int64) * (end - start)) // columns
    lo_edge = np.minimum(edges[:-1], end - 1)
    hi_edge = np.maximum(edges[1:], lo_edge + 1)
    pos = start
    per_buffer: dict[int, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {}
    for piece in sub(table, start, end):
        p0, p1 = pos, pos + piece.length
        pos = p1
        cols = np.nonzero((lo_edge < p1) & (hi_edge > p0))[0]
        a = np.maximum(lo_edge[cols], p0) - p0 + piece.start
        b = np.minimum(hi_edge[cols], p1) - p0 + piece.start
        if piece.buf == SILENCE:
            np.minimum.at(mins, cols, 0.0)
            np.maximum.at(maxs, cols, 0.0)
            continue
        per_buffer.setdefault(piece.buf, []).append((a, b, cols))
    for buf, parts in per_buffer.items():
        pyramid = pyramids[buf]
        assert pyramid is not None
        a = np.concatenate([p[0] for p in parts])
        b = np.concatenate([p[1] for p in parts])
        cols = np.concatenate([p[2] for p in parts])
        _ranges_minmax(pyramid, a, b, cols, mins, maxs)
    return mins.astype(np.float32), maxs.astype(np.float32)


SPECTRUM_FFT = 512
SPECTRUM_FLOOR_DB = -90.0
MAX_SPECTRUM_SECONDS = 180.0  # a wider view draws the waveform only: the render would cost too much


def spectrum_columns(samples: np.ndarray, columns: int, n_fft: int = SPECTRUM_FFT) -> np.ndarray:
    """Magnitudes in dB (`n_fft // 2 + 1` bins by `columns`), one Hann-windowed frame centred on
    each drawn column, scaled to 0..1 over [SPECTRUM_FLOOR_DB, 0] dBFS.

    One frame per column rather than every hop: what is drawn is the width of the view, whatever
    its length, so zooming out over minutes costs no more than a few seconds zoomed in."""
    bins = n_fft // 2 + 1
    if columns <= 0 or len(samples) == 0:
        return np.zeros((bins, max(columns, 0)), np.float32)
    padded = np.concatenate([np.zeros(n_fft // 2, np.float32), samples.astype(np.float32, copy=False),
                             np.zeros(n_fft // 2, np.float32)])
    centres = ((np.arange(columns) + 0.5) * len(samples) / columns).astype(np.int64)
    frames = padded[centres[:, None] + np.arange(n_fft)[None, :]]
    window = np.hanning(n_fft).astype(np.float32)
    mag = np.abs(np.fft.rfft(frames * window, axis=1)) / (window.sum() / 2)
    db = 20.0 * np.log10(mag + 1e-9)
    return np.clip((db - SPECTRUM_FLOOR_DB) / -SPECTRUM_FLOOR_DB, 0.0, 1.0).T.astype(np.float32)
