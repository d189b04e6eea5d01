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

    def push(self, samples: np.ndarray, overlap: int = 0, continues: bool = False) -> np.ndarray:
        """Add the next chunk; return what is ready to play.

        `overlap`: how many leading samples of `samples` re-cover the end of the previous chunk
        (0 for sentence engines). Those are crossfaded with the held-back tail. `continues`: the
        samples go on exactly from the previous chunk (a sentence made in windows that already
        meet), so they are appended with no fade at all.
        """
        x = np.asarray(samples, dtype=np.float32).reshape(-1)
        if overlap < 0 or overlap > len(x) or overlap > max(self.max_overlap, 0):
            raise ValueError(f"overlap {overlap} outside 0..min({len(x)}, max_overlap={self.max_overlap})")
        if len(x) == 0:
            return x  # nothing to join; an empty piece must not fade the stream out and in again
        if not self._started:
            self._started = True
            # A first chunk has nothing to overlap: a declared overlap is ignored, all of it plays.
            # Fade the very start in over the crossfade length: no click at the first sample.
            joined = self._fade_in(x)
        elif continues:
            joined = np.concatenate([self._tail, x])
        elif overlap > 0:
            # x[:overlap] re-covers the last `overlap` samples of the stream. Only the held tail can
            # still be mixed; when it is shorter (a very short previous chunk), the part of x that
            # matches audio already released is dropped so the two stay aligned.
            n = min(overlap, len(self._tail))
            x = x[overlap - n:]
            out_c, in_c = _fade(n)
            head = self._tail[len(self._tail) - n:] * out_c + x[:n] * in_c
            joined = np.concatenate([self._tail[: len(self._tail) - n], head, x[n:]])
        else:
            # Butt joint: fade the old tail out and the new head in, back to back. Each side fades over
            # its own length: a chunk shorter than the crossfade must not steepen the other side's fade.
            joined = np.concatenate([self._faded_tail(), self._fade_in(x)])
        keep = min(len(joined), self._hold())
        self._tail = joined[len(joined) - keep:].copy()
        return joined[: len(joined) - keep]

    @property
    def held(self) -> int:
        """Samples pushed but not yet returned: the stream so far is what was returned plus these."""
        return len(self._tail)

    def _fade_in(self, x: np.ndarray) -> np.ndarray:
        """`x` with its start faded in along the full-length curve; a chunk shorter than the
        crossfade only climbs part of the way, so its slope is never steeper than a full fade."""
        x = x.copy()
        n = min(self.crossfade, len(x))
        x[:n] *= _fade(self.crossfade)[1][:n]
        return x

    def _faded_tail(self) -> np.ndarray:
        tail = self._tail.copy()
        n = min(self.crossfade, len(tail))
        if n:
            tail[len(tail) - n:] *= _fade(n)[0]
        return tail

    def _hold(self) -> int:
        return max(self.crossfade, self.max_overlap)

    def pause(self, seconds: float) -> np.ndarray:
        """Insert silence: the held tail is faded out and released with it."""
        silence = np.zeros(max(0, round(seconds * self.sample_rate)), dtype=np.float32)
        out = self.flush()  # what follows a pause fades in again
        return np.concatenate([out, silence])

    def flush(self) -> np.ndarray:
        """Release the held tail, faded out (the end of the take)."""
        tail = self._faded_tail()
        self._tail = np.zeros(0, dtype=np.float32)
        self._started = False  # a push after the end starts a new take: it fades in again
        return tail
