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


def overview(table: Table, pyramids: Sequence[Pyramid | None], start: int, end: int,
             columns: int) -> tuple[np.ndarray, np.ndarray]:
    """Min and max of the version's samples in each of `columns` equal slices of [start, end).

    A column with no samples (more columns than samples) repeats its neighbour's sample range,
    so a zoomed-in view still draws a line. Cost: per column and per piece it touches, a few
    pyramid lookups; independent of the file's length.
    """
    columns = max(1, int(columns))
    span = max(0, end - start)
    mins = np.zeros(columns, dtype=np.float32)
    maxs = np.zeros(columns, dtype=np.float32)
    if span == 0:
        return mins, maxs
    edges = start + (np.arange(columns + 1, dtype=np.int64) * span) // columns
    for c in range(columns):
        a, b = int(edges[c]), int(edges[c + 1])
        if b <= a:
            a, b = min(a, end - 1), min(a, end - 1) + 1
        lo, hi = np.inf, -np.inf
        for piece in sub(table, a, b):
            if piece.buf == SILENCE:
                lo, hi = min(lo, 0.0), max(hi, 0.0)
                continue
            pyramid = pyramids[piece.buf]
            assert pyramid is not None
            l2, h2 = pyramid.minmax(piece.start, piece.start + piece.length)
            lo, hi = min(lo, l2), max(hi, h2)
        mins[c], maxs[c] = lo, hi
    return mins, maxs
