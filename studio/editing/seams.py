"""Joins without clicks: where a cut lands, how two pieces are crossfaded, and how a seam is checked.

Three rules, applied by every operation that puts two pieces of sound side by side:

1. **Land on low energy.** A cut point the user chose is moved, by at most `SNAP_SECONDS`, to the
   quietest `_ENERGY_SECONDS` window near it (a pause or a zero-crossing region, not a vowel).
2. **Crossfade with handles.** The join is an equal-gain crossfade `JOIN_SECONDS` long, centred on
   the seam, between the left piece *continuing past its end* and the right piece *starting
   before its start* (the sound that was there in their own buffers; silence where a buffer ends).
   The version keeps its length and nothing is shifted; only those few milliseconds become a new
   buffer.
3. **Check.** `seam_discontinuity` compares the sharpest change (second difference) at a seam with
   the sharpest in the 20 ms around it; a click is a spike there. `CLICK_RATIO` is the bound the
   tests hold every join to.

Same-length processing (gain, fades, pitch, silence) instead blends its first and last
`JOIN_SECONDS` with the original it replaces (`blend_edges`), which continues the neighbours.
"""

from __future__ import annotations

import numpy as np

from studio.editing.pieces import Piece, Table, read, split_at

SNAP_SECONDS = 0.010
JOIN_SECONDS = 0.010
_ENERGY_SECONDS = 0.002
_CONTEXT_SECONDS = 0.020
_SPIKE_SECONDS = 0.001

# A seam whose sharpest second difference within 1 ms is more than twice the sharpest in the 20 ms
# around it is a click. Natural audio has ratio <= 1 almost everywhere (the context window is 20x
# longer, so it nearly always holds a larger value); an equal-gain crossfade of two continuous
# signals adds to their own second differences at most 2*|dr|*|d(y-x)| + |d2 r|*|y-x|, with
# dr = 1/n over n >= 80 samples, which stays well under the signals' own.
CLICK_RATIO = 2.0


def snap_to_quiet(samples: np.ndarray, centre: int, rate: int) -> int:
    """Index in `samples` of the quietest point within SNAP_SECONDS of `centre` (ties: nearest).

    `samples` is a window of the version around the point; `centre` the user's point in it.
    """
    radius = int(SNAP_SECONDS * rate)
    w = max(1, int(_ENERGY_SECONDS * rate))
    lo, hi = max(0, centre - radius), min(len(samples), centre + radius + 1)
    if hi - lo < 2:
        return centre
    sq = np.square(samples.astype(np.float64))
    csum = np.concatenate([[0.0], np.cumsum(sq)])
    idx = np.arange(lo, hi)
    a, b = np.clip(idx - w // 2, 0, len(samples)), np.clip(idx + w // 2 + 1, 0, len(samples))
    energy = (csum[b] - csum[a]) / np.maximum(b - a, 1)
    best = energy.min()
    candidates = idx[energy <= best * (1 + 1e-9) + 1e-20]
    return int(candidates[np.argmin(np.abs(candidates - centre))])


def _ramp(n: int) -> np.ndarray:
    """Raised-cosine fade-in of n samples, from just above 0 to just below 1."""
    return (0.5 - 0.5 * np.cos(np.pi * (np.arange(n) + 0.5) / n)).astype(np.float32)


def join(table: Table, buffers: list[np.ndarray | None], pos: int, rate: int) -> Table:
    """Crossfade the seam at `pos` (a piece boundary of `table`); appends the crossfade's samples
    to `buffers` as a new buffer. No-op at the ends or where pieces continue each other."""
    table, i = split_at(table, pos)
    if i == 0 or i >= len(table):
        return table
    left, right = table[i - 1], table[i]
    if left.buf == right.buf and left.start + left.length == right.start:
        return table
    k = min(int(JOIN_SECONDS * rate) // 2, left.length, right.length)
    if k < 1:
        return table
    end = left.start + left.length
    x = read(buffers, left.buf, end - k, end + k)
    y = read(buffers, right.buf, right.start - k, right.start + k)
    r = _ramp(2 * k)
    mixed = (x * (1.0 - r) + y * r).astype(np.float32)
    buffers.append(mixed)
    new = (Piece(left.buf, left.start, left.length - k), Piece(len(buffers) - 1, 0, 2 * k),
           Piece(right.buf, right.start + k, right.length - k))
    return table[:i - 1] + tuple(p for p in new if p.length > 0) + table[i + 1:]


def blend_edges(original: np.ndarray, processed: np.ndarray, rate: int, *, left: bool = True,
                right: bool = True) -> np.ndarray:
    """`processed` with its first (`left`) and last (`right`) JOIN_SECONDS crossfaded from and into
    `original`, so it meets the untouched neighbours continuously; an edge at the clip's start or
    end has no neighbour and is left as processed (a fade-out must end in silence). Works when the
    lengths differ (speed)."""
    out = np.array(processed, dtype=np.float32, copy=True)
    k = min(int(JOIN_SECONDS * rate), len(out) // 2, len(original) // 2)
    if k < 1:
        return out
    r = _ramp(k)
    if left:
        out[:k] = original[:k] * (1.0 - r) + out[:k] * r
    if right:
        out[-k:] = out[-k:] * (1.0 - r) + original[-k:] * r
    return out


def seam_discontinuity(samples: np.ndarray, pos: int, rate: int) -> float:
    """How much sharper the audio changes at `pos` than around it (see CLICK_RATIO); 0.0 where the
    surroundings are digital silence and the seam is too."""
    x = np.asarray(samples, dtype=np.float64)
    d2 = np.abs(np.diff(x, 2))
    spike, context = max(1, int(_SPIKE_SECONDS * rate)), int(_CONTEXT_SECONDS * rate)
    c = pos - 1  # d2[j] is centred on sample j + 1
    near = d2[max(0, c - spike):max(0, min(len(d2), c + spike + 1))]
    around = np.concatenate([d2[max(0, c - context):max(0, c - spike)],
                             d2[min(len(d2), c + spike + 1):min(len(d2), c + context + 1)]])
    peak = float(near.max()) if len(near) else 0.0
    floor = float(around.max()) if len(around) else 0.0
    if floor <= 1e-9:
        return 0.0 if peak <= 1e-6 else float("inf")
    return peak / floor


def seams_of(table: Table) -> list[int]:
    """Positions of the boundaries between pieces (where a seam may be)."""
    out, pos = [], 0
    for p in table[:-1]:
        pos += p.length
        out.append(pos)
    return out

