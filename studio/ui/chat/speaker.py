"""The speaker on its own ordered thread: every StreamPlayer call, from the GUI and the conversation
controller alike, runs there in order, and a barge-in drops what is queued at once."""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from backends.audio import Audio

log = logging.getLogger(__name__)


class AudioOut:
    """Calls into a StreamPlayer from one thread, in order, for the GUI and the controller alike.

    `flush()` (barge-in) drops queued chunks at once: each operation carries the generation it was
    queued in, and a flush starts a new one, so stale chunks are skipped instead of played.
    """

    def __init__(self) -> None:
        self.player: Any = None
        self.on_played: Callable[[np.ndarray, int], None] | None = None
        self.on_error: Callable[[str], None] | None = None
        self._queue: queue.SimpleQueue[tuple[int, Callable[[], None]] | None] = queue.SimpleQueue()
        self._generation = 0
        self._rate = 0
        self._thread = threading.Thread(target=self._run, name="chat-audio-out", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            generation, op = item
            if generation != self._generation:
                continue
            try:
                op()
            except Exception as exc:
                log.debug("chat audio output failed", exc_info=True)
                callback = self.on_error
                if callback is not None:
                    callback(str(exc))

    def _put(self, op: Callable[[], None]) -> None:
        self._queue.put((self._generation, op))

    def set_player(self, player: Any) -> None:
        def swap() -> None:
            if self.player is not None:
                with contextlib.suppress(Exception):
                    self.player.stop()
            self.player = player
            self._rate = 0

        self._put(swap)

    def sink(self, samples: np.ndarray, sample_rate: int) -> None:
        """Reply audio to play (any thread): keeps one stream open across chunks and replies."""
        data = np.asarray(samples, dtype=np.float32).reshape(-1)

        def feed() -> None:
            player = self.player
            if player is None:
                return
            if not player.playing or self._rate != sample_rate:
                player.begin(sample_rate)
                self._rate = sample_rate
            player.feed(data)
            callback = self.on_played
            if callback is not None:
                callback(data, sample_rate)

        self._put(feed)

    def flush(self) -> None:
        """Stop at once and forget everything queued (any thread)."""
        self._generation += 1

        def stop() -> None:
            if self.player is not None:
                self.player.stop()
            self._rate = 0

        self._put(stop)

    def play(self, audio: Audio, done: Callable[[], None] | None = None) -> None:
        """Play one whole clip (a replay), replacing whatever plays."""
        self._generation += 1

        def play() -> None:
            if self.player is not None:
                self.player.play(audio)
                self._rate = 0
            if done is not None:
                done()

        self._put(play)

    def close(self) -> None:
        self.flush()
        self._queue.put(None)
        self._thread.join(timeout=3.0)
