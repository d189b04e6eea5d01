"""The voice-match search itself, with a stand-in encoder and synthesis (no models): stage 1 comes
from the table once it is computed, blends are spoken two at a time, progress moves throughout,
and Cancel ends a search that is waiting on a synthesis at once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio
from backends.base import Cancelled, CancelToken
from backends.embedded.voice_match import PROBES, VoiceMatcher
from backends.embedded.voice_match_table import GRID, SinglesTable

RATE = 16000
VOICES = ["kokoro:a", "kokoro:b", "kokoro:c", "kokoro:d", "kokoro:e"]
PITCH = {"kokoro:a": 120.0, "kokoro:b": 150.0, "kokoro:c": 190.0, "kokoro:d": 230.0, "kokoro:e": 260.0}


class FakeEncoder:
    """A 'speaker embedding' of a tone: its frequency and level spread over 256 dimensions, so
    nearer frequencies score higher (enough to rank candidates deterministically)."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    def ensure_weights(self, progress: object = None, cancel: object = None) -> Path:
        return Path("fake")

    def embed(self, audio: Audio, cancel: CancelToken | None = None) -> np.ndarray:
        return self.embed_many([audio], cancel)[0]

    def embed_many(self, audios: list[Audio], cancel: CancelToken | None = None) -> np.ndarray:
        self.batches.append(len(audios))
        out = []
        for a in audios:
            spectrum = np.abs(np.fft.rfft(a.samples[:RATE]))[:256] + 1e-3
            out.append(spectrum / np.linalg.norm(spectrum))
        return np.asarray(out, dtype=np.float32)

    @staticmethod
    def similarity(a: np.ndarray, b: np.ndarray) -> float:
        return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def _tone(freq: float, seconds: float = 1.5) -> Audio:
    t = np.arange(int(seconds * RATE)) / RATE
    return Audio((0.3 * np.sin(2 * np.pi * freq * t)).astype(np.float32), RATE)


class FakeRender:
    """Speaks a blend as a tone whose pitch is the weighted mean of its voices' pitches."""

    def __init__(self, delay: float = 0.0, block: threading.Event | None = None) -> None:
        self.calls: list[tuple[tuple[str, float], ...]] = []
        self.delay = delay
        self.block = block
        self.started = threading.Event()
        self.lock = threading.Lock()
        self.active = 0
        self.most_at_once = 0

    def __call__(self, blend: tuple[tuple[str, float], ...], text: str, language: str,
                 cancel: CancelToken) -> Audio:
        with self.lock:
            self.calls.append(blend)
            self.active += 1
            self.most_at_once = max(self.most_at_once, self.active)
        self.started.set()
        try:
            if self.block is not None:
                while not cancel.cancelled:  # a synthesis that honours its token, as Kokoro's does
                    time.sleep(0.005)
                cancel.raise_if_cancelled()
            time.sleep(self.delay)
            return _tone(sum(w * PITCH[v] for v, w in blend))
        finally:
            with self.lock:
                self.active -= 1


def _matcher(tmp_path: Path, render: FakeRender, encoder: FakeEncoder | None = None) -> VoiceMatcher:
    table = SinglesTable(shipped=tmp_path / "none.npz", user=tmp_path / "singles.npz")
    return VoiceMatcher(encoder or FakeEncoder(), render, VOICES, (), {"en": "kokoro:a"}, table)  # type: ignore[arg-type]


def test_singles_come_from_the_table_after_the_first_search(tmp_path: Path) -> None:
    reference = _tone(170.0, 3.0)
    first = FakeRender()
    result = _matcher(tmp_path, first).run(reference, "Hello there.", lambda t: "en", CancelToken())
    singles = [c for c in first.calls if len(c) == 1]
    assert sorted(v for ((v, _),) in singles) == sorted(VOICES)  # each voice spoken once
    assert len(first.calls) - len(singles) == 4  # two rounds of two blends
    assert (tmp_path / "singles.npz").is_file()
    # The next search (a new matcher, as a new process would have) speaks the blends only.
    again = FakeRender()
    result2 = _matcher(tmp_path, again).run(reference, "Hello there.", lambda t: "en", CancelToken())
    assert all(len(c) == 2 for c in again.calls) and len(again.calls) == 4
    assert result2.blend == result.blend and result2.probe == PROBES["en"]
    assert result.search_similarity == max(s.similarity for s in result.tried)


def test_the_table_is_keyed_by_what_it_depends_on(tmp_path: Path) -> None:
    table = SinglesTable(shipped=tmp_path / "none.npz", user=tmp_path / "singles.npz")
    grid = np.ones((len(GRID), 256), dtype=np.float32)
    table.compute("kokoro:a", "en", PROBES["en"], lambda: grid)
    fresh = SinglesTable(shipped=tmp_path / "none.npz", user=tmp_path / "singles.npz")
    assert fresh.get("kokoro:a", "en", PROBES["en"]) is not None
    assert fresh.get("kokoro:a", "en", "Another probe.") is None
    assert fresh.get("kokoro:b", "en", PROBES["en"]) is None


def test_blends_are_spoken_two_at_a_time_and_progress_moves(tmp_path: Path) -> None:
    render = FakeRender(delay=0.2)
    seen: list[tuple[float, str]] = []
    _matcher(tmp_path, render).run(_tone(170.0, 3.0), None, lambda t: "en", CancelToken(),
                                   lambda f, m: seen.append((f, m)))
    assert render.most_at_once == 2
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] >= 0.9
    assert len({round(f, 2) for f in fractions}) >= 8  # it moves, step by step
    assert any("blend" in m for _, m in seen) and any("voice" in m for _, m in seen)


def test_cancel_ends_a_search_waiting_on_a_synthesis(tmp_path: Path) -> None:
    # Stage 1 first from a quick render, so the table is full; then a render that blocks until cancelled.
    _matcher(tmp_path, FakeRender()).run(_tone(170.0, 3.0), None, lambda t: "en", CancelToken())
    render = FakeRender(block=threading.Event())
    cancel = CancelToken()
    stopped: list[float] = []

    def search() -> None:
        try:
            _matcher(tmp_path, render).run(_tone(170.0, 3.0), None, lambda t: "en", cancel)
        except Cancelled:
            stopped.append(time.perf_counter())

    worker = threading.Thread(target=search)
    worker.start()
    assert render.started.wait(10)
    fired = time.perf_counter()
    cancel.cancel()
    worker.join(10)
    assert not worker.is_alive() and stopped, "the search did not end with Cancelled"
    # The fake render notices within 5 ms; 2 s is far more than tenfold headroom.
    assert stopped[0] - fired < 2.0


def test_cancel_during_the_first_computation_of_the_table(tmp_path: Path) -> None:
    render = FakeRender(block=threading.Event())
    cancel = CancelToken()
    threading.Timer(0.2, cancel.cancel).start()
    with pytest.raises(Cancelled):
        _matcher(tmp_path, render).run(_tone(170.0, 3.0), None, lambda t: "en", cancel)
    assert not (tmp_path / "singles.npz").exists()  # nothing half-computed is kept
