"""Audio while the LLM is still talking: decode the growing token list in overlapping windows.

The flow decoder is non-causal and has no streaming mode of its own, so each window of tokens is
decoded on its own (with the same voice prompt) and re-covers the last `overlap` tokens of the window
before it; the joiner crossfades the two renderings of that stretch over its whole length, which
hides the seam. The first window is short so the first audio comes early; later ones are about two
seconds, which keeps the decoder's share of the work small. Windows end on whole groups of five
tokens (two vq02 + three vq06 codes), so every window starts in the same phase of the interleave.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from backends.joiner import StreamJoiner

TOKEN_RATE = 125.0 / 3.0  # interleaved audio tokens per second (2 x 16.67 Hz + 3 x 25 Hz per 120 ms)
GROUP = 5


class WindowDecoder:
    """Feed tokens one by one; collect audio pieces that can be played in order at once.

    `decode(codes)` renders interleaved codes (0..5119) to float32 samples at `sample_rate`.
    `joiner` is shared by every sentence of a take, so sentence joins and window joins both crossfade.
    `streaming=False` decodes the whole sentence once at `finish()` (the reference's behaviour).
    """

    def __init__(
        self,
        decode: Callable[[np.ndarray], np.ndarray],
        joiner: StreamJoiner,
        *,
        first_window: int = 30,
        window: int = 85,
        overlap: int = 20,
        streaming: bool = True,
    ) -> None:
        if overlap < 0 or first_window < GROUP or window <= overlap:
            raise ValueError("need first_window >= 5 and window > overlap >= 0")
        self.decode = decode
        self.joiner = joiner
        self.first_window = first_window
        self.window = window
        self.overlap = overlap
        self.streaming = streaming
        self.tokens: list[int] = []
        self.covered = 0  # tokens already rendered by some window
        self.windows = 0  # windows decoded so far
        self.decode_seconds = 0.0

    @staticmethod
    def max_overlap_samples(sample_rate: int, overlap: int) -> int:
        """What a joiner must be able to hold back for `overlap` tokens (with margin for rounding)."""
        return int(np.ceil(overlap * sample_rate / TOKEN_RATE * 1.25)) + 64

    def push(self, code: int) -> list[np.ndarray]:
        self.tokens.append(int(code))
        if not self.streaming:
            return []
        need = self.first_window if self.covered == 0 else self.window - self.overlap
        ready = len(self.tokens) - self.covered
        if ready < need:
            return []
        end = len(self.tokens) - len(self.tokens) % GROUP
        if end <= self.covered:
            return []
        return self._render(end)

    def finish(self) -> list[np.ndarray]:
        """Render what is left (everything, when not streaming). The joiner is not flushed: the
        take may go on with another sentence."""
        if len(self.tokens) <= self.covered:
            return []
        return self._render(len(self.tokens))

    def _render(self, end: int) -> list[np.ndarray]:
        import time

        start = max(0, self.covered - self.overlap)
        start -= start % GROUP
        codes = np.asarray(self.tokens[start:end], dtype=np.int64)
        t0 = time.perf_counter()
        wav = np.asarray(self.decode(codes), dtype=np.float32).reshape(-1)
        self.decode_seconds += time.perf_counter() - t0
        redo = self.covered - start  # tokens this window re-renders
        overlap = round(len(wav) * redo / len(codes)) if redo > 0 and len(codes) else 0
        overlap = min(overlap, self.joiner.max_overlap, len(wav))
        self.covered = end
        self.windows += 1
        out = self.joiner.push(wav, overlap=overlap)
        return [out] if len(out) else []
