"""Join separately synthesised chunks into one continuous stream, without clicks.

Two cases meet here. Sentence-by-sentence engines produce pieces that simply follow each other:
each boundary gets a short equal-power crossfade so a DC offset or a cut mid-cycle cannot click.
Chunked decoders (Step-Audio's flow decoder) produce pieces that *overlap* by a known number of
samples: the overlap is crossfaded over its whole length. Either way the joiner holds back the tail
it still needs for the next crossfade, so what `push` returns can be played at once and the
concatenation of everything returned equals the joined take.
"""

from __future__ import annotations

import numpy as np


def _fade(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Equal-power fade-out and fade-in curves of n samples."""
    t = (np.arange(n, dtype=np.float32) + 0.5) / max(n, 1)
    return np.cos(t * np.pi / 2).astype(np.float32), np.sin(t * np.pi / 2).astype(np.float32)


class StreamJoiner:
    def __init__(self, sample_rate: int, crossfade_ms: float = 8.0, max_overlap: int = 0) -> None:
        """`max_overlap`: the largest overlap (samples) a later `push` may declare; that much is held back."""
        self.sample_rate = sample_rate
        self.crossfade = max(1, round(sample_rate * crossfade_ms / 1000.0))
        self.max_overlap = max_overlap
        self._tail = np.zeros(0, dtype=np.float32)  # held back, not yet returned
        self._started = False

    def push(self, samples: np.ndarray, overlap: int = 0) -> np.ndarray:
        """Add the next chunk; return what is ready to play.

        `overlap`: how many leading samples of `samples` re-cover the end of the previous chunk
        (0 for sentence engines). Those are crossfaded with the held-back tail.
        """
        x = np.asarray(samples, dtype=np.float32).reshape(-1)
        if overlap < 0 or overlap > len(x) or overlap > max(self.max_overlap, 0):
            raise ValueError(f"overlap {overlap} outside 0..min({len(x)}, max_overlap={self.max_overlap})")
        if not self._started:
            self._started = True
            if len(x) and overlap == 0:
                # Fade the very start in over the crossfade length: no click at the first sample.
                n = min(self.crossfade, len(x))
                x = x.copy()
                x[:n] *= _fade(n)[1]
            joined = x
        elif overlap > 0:
            n = min(overlap, len(self._tail))
            out_c, in_c = _fade(n)
            head = self._tail[len(self._tail) - n:] * out_c + x[:n] * in_c
            joined = np.concatenate([self._tail[: len(self._tail) - n], head, x[n:]])
        else:
            n = min(self.crossfade, len(self._tail), len(x))
            if n > 0:
                # Butt joint: fade the old tail out and the new head in over n samples each, back to back.
                tail = self._tail.copy()
                tail[len(tail) - n:] *= _fade(n)[0]
                x = x.copy()
                x[:n] *= _fade(n)[1]
                joined = np.concatenate([tail, x])
            else:
                joined = np.concatenate([self._tail, x])
        keep = min(len(joined), self._hold())
        self._tail = joined[len(joined) - keep:].copy()
        return joined[: len(joined) - keep]

    def _hold(self) -> int:
        return max(self.crossfade, self.max_overlap)

    def pause(self, seconds: float) -> np.ndarray:
        """Insert silence: the held tail is faded out and released with it."""
        silence = np.zeros(max(0, round(seconds * self.sample_rate)), dtype=np.float32)
        out = self.flush()
        self._started = False  # what follows a pause fades in again
        return np.concatenate([out, silence])

    def flush(self) -> np.ndarray:
        """Release the held tail, faded out (the end of the take)."""
        tail = self._tail.copy()
        n = min(self.crossfade, len(tail))
        if n:
            tail[len(tail) - n:] *= _fade(n)[0]
        self._tail = np.zeros(0, dtype=np.float32)
        return tail
