"""The piece table: a version of an edit project as references to sample ranges, not as samples.

A version is a tuple of `Piece`s, each "samples [start, start+length) of buffer `buf`". Buffer 0
is the source recording, kept unchanged; every operation that makes new sound (an inserted clip,
a faded or time-stretched span, the few milliseconds of a crossfade) adds one new buffer holding
only that sound. `SILENCE` is a buffer that is zero everywhere and costs no memory.

Why: a cut in a 2-hour file then costs a handful of tuple entries, not a 2-hour copy, and every
earlier version stays renderable because nothing it references is ever modified. All functions
here are pure: they take a table and return a new one, sharing the unchanged pieces.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

SOURCE = 0
SILENCE = -1


class Piece(NamedTuple):
    buf: int
    start: int
    length: int


Table = tuple[Piece, ...]


def total(table: Table) -> int:
    """Samples in the version."""
    return sum(p.length for p in table)


def _offsets(table: Table) -> np.ndarray:
    """Start of each piece in the version's timeline, plus the end, as int64."""
    out = np.zeros(len(table) + 1, dtype=np.int64)
    if table:
        np.cumsum([p.length for p in table], out=out[1:])
    return out


def split_at(table: Table, pos: int) -> tuple[Table, int]:
    """`table` with a piece boundary at `pos` (0 <= pos <= total); also the index of the piece
    that starts there (len(table) when pos is the end)."""
    offsets = _offsets(table)
    if pos < 0 or pos > offsets[-1]:
        raise IndexError(f"position {pos} outside 0..{int(offsets[-1])}")
    i = int(np.searchsorted(offsets, pos, side="right")) - 1
    if i >= len(table):
        return table, len(table)
    if offsets[i] == pos:
        return table, i
    p = table[i]
    cut = int(pos - offsets[i])
    left, right = Piece(p.buf, p.start, cut), Piece(p.buf, p.start + cut, p.length - cut)
    return (*table[:i], left, right, *table[i + 1:]), i + 1


def replace(table: Table, a: int, b: int, pieces: Sequence[Piece] = ()) -> Table:
    """Samples [a, b) of the version replaced by `pieces` (delete: none; insert: a == b)."""
    table, i = split_at(table, a)
    table, j = split_at(table, b)
    return _merge(table[:i] + tuple(p for p in pieces if p.length > 0) + table[j:])


def sub(table: Table, a: int, b: int) -> Table:
    """The pieces covering [a, b) of the version, as a table of their own."""
    table, i = split_at(table, a)
    table, j = split_at(table, b)
    return table[i:j]


def _merge(table: Table) -> Table:
    """Join neighbours that continue each other in the same buffer (an undo-like sequence of cuts
    and pastes should not leave a table of ever more, ever smaller pieces)."""
    out: list[Piece] = []
    for p in table:
        if out and out[-1].buf == p.buf and out[-1].start + out[-1].length == p.start:
            last = out.pop()
            p = Piece(p.buf, last.start, last.length + p.length)
        out.append(p)
    return tuple(out)


def read(buffers: Sequence[np.ndarray | None], buf: int, start: int, stop: int) -> np.ndarray:
    """Samples [start, stop) of one buffer, zeros where the range runs past its ends (crossfade
    handles read a little beyond a piece) and for SILENCE."""
    n = stop - start
    if buf == SILENCE:
        return np.zeros(n, dtype=np.float32)
    data = buffers[buf]
    if data is None:
        raise LookupError(f"buffer {buf} was freed but is still referenced")
    lo, hi = max(start, 0), min(stop, len(data))
    if lo == start and hi == stop:
        return data[start:stop]
    out = np.zeros(n, dtype=np.float32)
    if hi > lo:
        out[lo - start:hi - start] = data[lo:hi]
    return out


def render(table: Table, buffers: Sequence[np.ndarray | None], a: int = 0,
           b: int | None = None) -> np.ndarray:
    """Samples [a, b) of the version: work and memory proportional to b - a."""
    end = total(table) if b is None else b
    parts = [read(buffers, p.buf, p.start, p.start + p.length) for p in sub(table, a, end)]
    if not parts:
        return np.zeros(0, dtype=np.float32)
    return np.ascontiguousarray(np.concatenate(parts), dtype=np.float32)


def buffers_used(table: Table) -> set[int]:
    return {p.buf for p in table if p.buf != SILENCE}
