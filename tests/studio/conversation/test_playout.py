"""Playout (playout.py): a barge-in's flush is never followed by audio of the reply it stopped."""

from __future__ import annotations

import threading

import numpy as np

from studio.conversation.playout import Playout
from studio.conversation.reply import Segment

RATE = 16000


class _Reply:
    """The two calls Playout makes on a ReplyJob, over one ready sentence of audio."""

    def __init__(self, seconds: float) -> None:
        self.segments = [Segment(np.full(int(seconds * RATE), 0.1, dtype=np.float32), RATE, "Hello there.")]

    def segment(self, index: int, timeout: float) -> Segment | None:
        return self.segments[index] if index < len(self.segments) else None

    def finished_at(self, index: int) -> bool:
        return index >= len(self.segments)


def test_a_pause_between_the_check_and_the_sink_still_flushes_last() -> None:
    """The playout thread hands a block to the sink after checking that the reply still plays. A
    barge-in landing between the two used to flush first and then let the block through, so the
    listener heard a block of the stopped reply after the flush (later still on a busy machine).

    The barge-in is placed exactly there, with no clock: `on_first_audio` runs on the playout
    thread right after the check, and pauses the reply (what the controller does on a barge-in).
    """
    log: list[str] = []
    done = threading.Event()
    playout: Playout

    def first_audio(job: object, at: float) -> None:
        playout.pause()
        done.set()

    playout = Playout(on_block=lambda *a: None, on_first_audio=first_audio, on_done=lambda job: None)
    playout.sink = lambda samples, rate: log.append("sink")
    playout.flush = lambda: log.append("flush")
    playout.start()
    try:
        playout.play(_Reply(1.0))  # type: ignore[arg-type]
        assert done.wait(30)
    finally:
        playout.stop_thread()
    assert "flush" in log
    assert log[-1] == "flush", log  # nothing reached the sink after the flush
