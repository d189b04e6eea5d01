"""Paces a reply's audio into the sink and knows how much of it the listener has heard.

Audio goes to the sink in short blocks a little ahead of real time, so stopping costs at most
the lead plus whatever the sink itself holds (which the flush callback drops). The heard position
comes from `notify_played` when the page reports it, else from the clock; an interruption keeps
exactly that much of the reply (in the history and for a resume).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np

from studio.conversation.reply import ReplyJob, Segment

Sink = Callable[[np.ndarray, int], None]


class Playout:
    def __init__(self, *, on_block: Callable[[ReplyJob, np.ndarray, int, str], None],
                 on_first_audio: Callable[[ReplyJob, float], None], on_done: Callable[[ReplyJob], None],
                 clock: Callable[[], float] = time.monotonic, block_s: float = 0.04,
                 lead_s: float = 0.08) -> None:
        self.on_block, self.on_first_audio, self.on_done = on_block, on_first_audio, on_done
        self.clock = clock
        self.block_s, self.lead_s = block_s, lead_s
        self.sink: Sink | None = None
        self.flush: Callable[[], None] | None = None
        self._lock = threading.Condition()
        self._job: ReplyJob | None = None
        self._seg_lengths: list[tuple[int, str]] = []  # (samples, text) of segments begun, in order
        self._sent = 0  # samples of this job handed to the sink
        self._notified: int | None = None  # samples the page says were played
        self._t0 = 0.0  # clock time at which sample 0 would have played
        self._paused = False
        self._first_sent = False
        self._running = False
        self._thread: threading.Thread | None = None
        self._job_rate = 24000  # updated from the first segment's rate

    # --- lifecycle ---

    def start(self) -> None:
        with self._lock:
            if self._running:
                return
            self._running = True
        self._thread = threading.Thread(target=self._loop, name="reply-playout", daemon=True)
        self._thread.start()

    def stop_thread(self) -> None:
        with self._lock:
            self._running = False
            self._lock.notify_all()
        if self._thread is not None:
            self._thread.join(2.0)

    # --- control ---

    @property
    def job(self) -> ReplyJob | None:
        return self._job

    def play(self, job: ReplyJob) -> None:
        with self._lock:
            self._job = job
            self._seg_lengths = []
            self._sent = 0
            self._notified = None
            self._paused = False
            self._first_sent = False
            self._t0 = self.clock()
            self._lock.notify_all()

    def notify_played(self, count: int) -> None:
        with self._lock:
            if self._job is not None:
                self._notified = (self._notified or 0) + count

    def played_samples(self) -> int:
        with self._lock:
            return self._played_locked()

    def _rate(self) -> int:
        return self._job_rate

    def _played_locked(self) -> int:
        if self._notified is not None:
            return min(self._sent, self._notified)
        if self._paused:
            return self._sent
        return min(self._sent, max(0, int((self.clock() - self._t0) * self._rate())))

    def pause(self) -> None:
        """Stop sending now, drop what the sink holds, and rewind to what was heard."""
        with self._lock:
            if self._job is None or self._paused:
                return
            heard = self._played_locked()
            self._sent = heard
            self._notified = heard if self._notified is not None else None
            self._paused = True
        if self.flush is not None:
            self.flush()

    def resume(self) -> None:
        with self._lock:
            if self._job is None or not self._paused:
                return
            self._paused = False
            self._t0 = self.clock() - self._sent / self._rate()
            self._lock.notify_all()

    def stop(self) -> tuple[ReplyJob | None, str]:
        """End the current reply; returns it and the text the listener heard."""
        with self._lock:
            job = self._job
            if job is None:
                return None, ""
            heard = self._played_locked()
            kept = self._heard_text(heard)
            self._job = None
            self._paused = False
        if self.flush is not None:
            self.flush()
        return job, kept

    def _heard_text(self, heard: int) -> str:
        """Whole sentences heard, plus the heard fraction of the current one (by words)."""
        out: list[str] = []
        pos = 0
        for length, text in self._seg_lengths:
            if pos + length <= heard:
                out.append(text)
            elif heard > pos:
                words = text.split()
                n = int(len(words) * (heard - pos) / max(length, 1))
                if n:
                    out.append(" ".join(words[:n]))
            pos += length
        return " ".join(t.strip() for t in out if t.strip())

    # --- the thread ---

    def _segment_at(self, job: ReplyJob, position: int) -> tuple[Segment | None, int, bool]:
        """(segment holding sample `position`, offset in it, whether the reply has ended there)."""
        pos = 0
        index = 0
        while True:
            seg = job.segment(index, 0.0)
            if seg is None:
                return None, 0, job.finished_at(index)
            if index >= len(self._seg_lengths):
                self._seg_lengths.append((len(seg.samples), seg.text))
            if position < pos + len(seg.samples):
                return seg, position - pos, False
            pos += len(seg.samples)
            index += 1

    def _loop(self) -> None:
        while True:
            with self._lock:
                if not self._running:
                    return
                job = self._job
                if job is None or self._paused:
                    self._lock.wait(0.05)
                    continue
                seg, offset, ended = self._segment_at(job, self._sent)
                if seg is not None:
                    self._job_rate = seg.sample_rate
                    if not self._first_sent:
                        self._t0 = self.clock()  # playback starts when the first audio goes out
                ahead = self._sent / self._rate() - (self.clock() - self._t0)
            if seg is None:
                if ended:
                    with self._lock:
                        drained = self._job is job and self._played_locked() >= self._sent
                        if drained:
                            self._job = None
                    if drained:
                        self.on_done(job)
                    else:
                        time.sleep(0.01)
                else:
                    job.segment(len(self._seg_lengths), 0.02)  # wait for the speaker thread
                continue
            if ahead > self.lead_s:
                time.sleep(min(ahead - self.lead_s, self.block_s))
                continue
            n = max(1, int(self.block_s * seg.sample_rate))
            block = seg.samples[offset:offset + n]
            with self._lock:
                if self._job is not job or self._paused:
                    continue
                self._sent += len(block)
                first = not self._first_sent
                self._first_sent = True
                # Handed over under the lock that pause() and stop() take before they flush: a
                # block is either in the sink before the flush (which drops it) or not sent at
                # all. Outside the lock, a barge-in between the check above and this call was
                # flushed first and the block played after it. Sinks only queue (see set_output).
                if self.sink is not None:
                    self.sink(block, seg.sample_rate)
                sent_at = self.clock()
            if first:
                self.on_first_audio(job, sent_at)
            self.on_block(job, block, seg.sample_rate, seg.text)
