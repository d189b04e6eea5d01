"""Keeping the assistant from hearing itself.

Headphones: the microphone cannot hear the reply, so nothing is done. Speakers: while reply audio
plays (and for a short tail after, for the room's reverberation) the microphone's frames are only
treated as the user when they are clearly louder than the echo the played signal would cause there;
everything else is replaced by silence before the VAD and ASR see it. The echo's level is the
played signal's recent peak block energy plus an echo-return estimate learnt from frames that were only echo.
While the user talks over the reply (double talk: a frame passed the gate a moment ago) nothing is
learnt, and the estimate rises at most a few dB per frame: the user's own softer syllables are no
evidence of a louder echo, and taking them for one raised the floor above the user's voice, who could
then not interrupt at all.
This is reference-based suppression, not full echo cancellation: a user speaking much more softly
than the reply will not barge in in speaker mode (use headphones for that).
"""

from __future__ import annotations

import threading
from collections import deque

import numpy as np

from studio.conversation.settings import EchoMode

_FLOOR_DBFS = -120.0


def _db(energy: float) -> float:
    return 10.0 * float(np.log10(energy)) if energy > 0 else _FLOOR_DBFS


class EchoGate:
    def __init__(self, mode: EchoMode, margin_db: float = 6.0, window_s: float = 0.25, tail_s: float = 0.3,
                 clock=None, double_talk_hold_s: float = 0.5, max_rise_db: float = 3.0) -> None:
        import time

        self.mode = mode
        self.margin_db = margin_db
        self.window_s = window_s
        self.tail_s = tail_s
        self.clock = clock or time.monotonic
        self.echo_return_db = 0.0  # mic level minus played level for pure echo; 0 dB: assume the worst
        self.decay_db = 0.3  # per suppressed frame (~9 dB/s): a quiet room is learnt in ~2 s
        self.max_rise_db = max_rise_db  # per frame, below the margin, so a louder echo stays gated
        self.double_talk_hold_s = double_talk_hold_s
        self._passed_at: float | None = None  # when a frame last passed the gate (the user)
        self._played: deque[tuple[float, float, int]] = deque()  # (time, energy sum, samples)
        self._lock = threading.Lock()
        self.suppressed_frames = 0

    def describe(self) -> str:
        if self.mode is EchoMode.HEADPHONES:
            return "Headphones: the microphone is always open; barge in at any time."
        return ("Speakers: while the reply plays, the microphone only listens for speech louder than "
                "the reply's echo; speak up to interrupt.")

    def played(self, samples: np.ndarray) -> None:
        """Reply audio that just went to the speaker (the reference signal)."""
        if self.mode is EchoMode.HEADPHONES or not len(samples):
            return
        energy = float(np.sum(np.square(samples, dtype=np.float64)))
        now = self.clock()
        with self._lock:
            self._played.append((now, energy, len(samples)))
            while self._played and now - self._played[0][0] > self.window_s + self.tail_s:
                self._played.popleft()

    def reference_dbfs(self) -> float | None:
        """The loudest short block played within the window (None: nothing played recently: no
        echo). The loudest, not the average: speech is peaky, and a loud syllable's echo must not
        pass for the user."""
        now = self.clock()
        with self._lock:
            recent = [e / max(n, 1) for t, e, n in self._played if now - t <= self.window_s + self.tail_s]
        if not recent:
            return None
        return _db(max(recent))

    def _current_dbfs(self) -> float | None:
        """Level of the blocks played within the last frame or so (what the mic hears now)."""
        now = self.clock()
        with self._lock:
            recent = [e / max(n, 1) for t, e, n in self._played if now - t <= 0.06]
        return _db(max(recent)) if recent else None

    def barge_in_floor_dbfs(self) -> float | None:
        """The level a mic frame must exceed to count as the user; None when no gating applies."""
        if self.mode is EchoMode.HEADPHONES:
            return None
        ref = self.reference_dbfs()
        if ref is None:
            return None
        return ref + self.echo_return_db + self.margin_db

    def filter(self, frame: np.ndarray, frame_dbfs: float) -> tuple[np.ndarray, float | None]:
        """The frame as the VAD should see it, and the gate level used (None: not gated)."""
        floor = self.barge_in_floor_dbfs()
        if floor is None:
            return frame, None
        if frame_dbfs < floor:
            ref = self.reference_dbfs()
            now_db = self._current_dbfs()
            talking = self._passed_at is not None and self.clock() - self._passed_at < self.double_talk_hold_s
            if (not talking and ref is not None and now_db is not None and now_db > ref - 20
                    and frame_dbfs > _FLOOR_DBFS + 10):
                # Peak-hold estimate of how loud pure echo is here relative to what is playing right
                # now: up quickly towards the loudest echo seen, down slowly, and only while the reply
                # is loud (a quiet gap between words is no evidence of a quiet room); within 0..-40 dB.
                observed = min(0.0, frame_dbfs - now_db)
                risen = min(observed, self.echo_return_db + self.max_rise_db)
                self.echo_return_db = max(-40.0, max(risen, self.echo_return_db - self.decay_db))
            self.suppressed_frames += 1
            return np.zeros_like(frame), floor
        self._passed_at = self.clock()
        return frame, floor
