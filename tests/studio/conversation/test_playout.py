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


def test_audio_goes_out_at_most_a_lead_and_a_block_ahead_of_the_clock() -> None:
    """What a flush can drop beyond what the sink itself holds: the playout sends a block only while
    it is at most `lead_s` ahead of the clock, so it is never more than `lead_s + block_s` ahead.
    The clock is the test's and stands still while the playout catches up with it, so a busy
    machine changes when the blocks go out, never how far ahead they are. Checked at every block,
    in the sink; the clock only moves forward, so reading it there is never stricter than the
    playout's own reading before it sent."""
    step = RATE // 20  # the clock moves 50 ms at a time
    now = [0]  # samples
    sent = [0]
    over: list[tuple[int, int]] = []
    cond = threading.Condition()
    playout = Playout(on_block=lambda *a: None, on_first_audio=lambda job, at: None, on_done=lambda job: None,
                      clock=lambda: now[0] / RATE)
    limit = round((playout.lead_s + playout.block_s) * RATE)  # 0.08 + 0.04 s: 1920 samples

    def sink(samples: np.ndarray, rate: int) -> None:
        with cond:
            sent[0] += len(samples)
            if sent[0] - now[0] > limit:
                over.append((now[0], sent[0]))
            cond.notify_all()

    playout.sink = sink
    playout.start()
    try:
        playout.play(_Reply(2.0))  # type: ignore[arg-type]
        for i in range(10):
            with cond:
                now[0] = i * step
                # it keeps up: the lead ahead of the clock before the clock moves on
                assert cond.wait_for(lambda: sent[0] - now[0] >= round(playout.lead_s * RATE), 30)
    finally:
        playout.stop_thread()
    assert not over, over
