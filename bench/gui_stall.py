"""GUI event-loop stalls while a long text is synthesised and played.

Run: `python bench/gui_stall.py [--chars 3000]`. Two phases are measured: start-up (from show() until
every voice has loaded in the background) and the take.

The real main window with the real Embedded engine, library and player. A precise 4 ms Qt timer
runs on the GUI thread throughout the take; every gap between its firings beyond 4 ms is a stall
(time the loop could not answer input or paint). Reported: p50, p99 and the longest stall, from
Generate until the take is saved and playback has finished.

Playback needs an output device. Without a sound card, start a private PulseAudio daemon with a
null sink first (`bench/with_null_sink.sh python bench/gui_stall.py`): it consumes audio at real-time
pace like a speaker, so "while played" means what it says. Without any device the take is still
synthesised and drawn, and the result says that nothing was played.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("STEP_STUDIO_HOME", tempfile.mkdtemp(prefix="step-studio-bench-"))

from machine import append_record, machine_line
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication

from backends.embedded.onnx import session_threads
from studio.settings import SettingsStore
from studio.ui.shell.app import create_app, tune_for_interface
from studio.ui.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
PARAGRAPH = (
    "The lighthouse keeper climbed the narrow stairs every evening at dusk. "
    "He trimmed the wick, polished the great lens, and watched the ships pass. "
    "Some nights the fog rolled in so thick that he could not see his own hands. "
    "Still, the light turned, patient and bright, guiding sailors safely home. "
)
INTERVAL_MS = 4


class StallSampler:
    """Why the loop stalled: a thread that, whenever the GUI tick is late by more than `after_ms`,
    samples every thread's stack each millisecond until the tick comes. The GUI thread's stack says
    what it was doing; the others say who held the interpreter if it was only waiting for it."""

    def __init__(self, after_ms: float = 30.0) -> None:
        self.after = after_ms / 1000
        self.beat = time.perf_counter()
        self.main = threading.main_thread().ident
        self.samples: list[tuple[float, dict[str, str]]] = []  # (time into the run, thread -> stack)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stall-sampler", daemon=True)
        self.t0 = time.perf_counter()

    def start(self) -> None:
        self.t0 = time.perf_counter()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def tick(self) -> None:
        self.beat = time.perf_counter()

    def _run(self) -> None:
        names = {}
        while not self._stop.wait(0.001):
            if time.perf_counter() - self.beat < self.after:
                continue
            names.update({t.ident: t.name for t in threading.enumerate()})
            stacks = {}
            for ident, frame in sys._current_frames().items():
                if ident == threading.get_ident():
                    continue
                lines = [f"{Path(f.filename).name}:{f.lineno} {f.name}"
                         for f in traceback.extract_stack(frame)[-6:]]
                stacks["GUI" if ident == self.main else names.get(ident, str(ident))] = " <- ".join(
                    reversed(lines))
            self.samples.append((time.perf_counter() - self.t0, stacks))

    def summary(self, top: int = 5) -> list[dict[str, object]]:
        """The longest stalls, each with the GUI thread's commonest stacks in it and the busiest
        other thread: what to look at first."""
        episodes: list[list[tuple[float, dict[str, str]]]] = []
        for sample in self.samples:
            if episodes and sample[0] - episodes[-1][-1][0] < 0.005:
                episodes[-1].append(sample)
            else:
                episodes.append([sample])
        out: list[dict[str, object]] = []
        for episode in sorted(episodes, key=len, reverse=True)[:top]:
            gui = Counter(s.get("GUI", "") for _, s in episode)
            others = Counter(f"{name}: {st.split(' <- ')[0]}" for _, s in episode
                             for name, st in s.items() if name != "GUI")
            out.append({"at_s": round(episode[0][0] - self.after, 2),
                         "sampled_ms": round(1000 * (episode[-1][0] - episode[0][0]), 1),
                         "gui": [f"{n} x {stack}" for stack, n in gui.most_common(3)],
                         "others": [o for o, _ in others.most_common(3)]})
        return out


def wait_until(app: QApplication, predicate, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.002)
    return predicate()


def measure(app: QApplication, start, until, timeout: float,  # type: ignore[no-untyped-def]
            sampler: StallSampler | None = None) -> tuple[list[float], list[float]]:
    """Run `start()`, then the event loop until `until()`; return the tick gaps (ms) and their times."""
    gaps: list[float] = []
    at: list[float] = []
    clock = QElapsedTimer()
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(INTERVAL_MS)
    t0 = time.perf_counter()

    def tick() -> None:
        gaps.append(clock.nsecsElapsed() / 1e6)
        at.append(time.perf_counter() - t0)
        clock.restart()
        if sampler is not None:
            sampler.tick()

    timer.timeout.connect(tick)
    clock.start()
    timer.start()
    if sampler is not None:
        sampler.start()
    start()
    wait_until(app, until, timeout)
    timer.stop()
    if sampler is not None:
        sampler.stop()
    return gaps, at


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=3000)
    ap.add_argument("--no-tuning", action="store_true",
                    help="leave the switch interval and worker priorities as Python and the OS set them")
    ap.add_argument("--why", action="store_true",
                    help="sample every thread's stack during stalls over 30 ms and report the commonest")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "gui_stall.json")
    args = ap.parse_args()

    if not args.no_tuning:
        tune_for_interface()  # as studio.ui.shell.app.main() does
    app = create_app(["bench"])
    home = Path(os.environ["STEP_STUDIO_HOME"])
    window = MainWindow(SettingsStore(home / "config" / "settings.json"))
    page = window.speak

    # Phase 1, start-up: from show() until every voice has finished loading in the background.
    startup_gaps, _ = measure(app, lambda: window.show(),
                              lambda: page.backend is not None and window.library is not None
                              and not getattr(page.backend, "warming", False), 120)
    device = page.player is not None and not page.player_reason

    text = (PARAGRAPH * (args.chars // len(PARAGRAPH) + 1))[: args.chars]
    text = text[: text.rfind(".") + 1]
    page.editor.setPlainText(text)

    # Phase 2, the take: from Generate until it is saved and playback has finished.
    played_any = False

    def done() -> bool:
        nonlocal played_any
        playing = bool(page.player is not None and page.player.playing)
        played_any = played_any or playing
        return not page.generating and page.takes.count() == 1 and not playing

    t0 = time.perf_counter()
    sampler = StallSampler() if args.why else None
    gaps, at = measure(app, page.generate, done, 600, sampler)
    elapsed = time.perf_counter() - t0
    ok = done()
    stalls = sorted(max(0.0, g - INTERVAL_MS) for g in gaps[1:])
    start_stalls = sorted(max(0.0, g - INTERVAL_MS) for g in startup_gaps[1:])
    take = page.takes.current_take()
    result = {
        "what": f"{len(text)}-character English text, default voice, Generate until saved and played",
        "finished": ok,
        "played_through_device": played_any,
        "device": (window.devices[0].name if window.devices else None) if device else None,
        "take_seconds": round(take.duration, 2) if take else None,
        "wall_seconds": round(elapsed, 2),
        "ticks": len(stalls),
        "stall_ms": {
            "p50": round(statistics.median(stalls), 2),
            "p99": round(stalls[int(0.99 * (len(stalls) - 1))], 2),
            "max": round(stalls[-1], 2),
        },
        "stalls_over_16ms": sum(1 for s in stalls if s > 16),
        "startup_stall_ms": {"p99": round(start_stalls[int(0.99 * (len(start_stalls) - 1))], 2),
                             "max": round(start_stalls[-1], 2)},
        "worst": [{"at_s": round(at[i], 2), "ms": round(gaps[i] - INTERVAL_MS, 1)}
                  for i in sorted(range(1, len(gaps)), key=lambda i: -gaps[i])[:5]],
        "cores": os.cpu_count(),
        "machine": machine_line(),
        "onnx_threads": session_threads(),  # STEP_STUDIO_ENGINE_THREADS, else the policy (onnx.py)
        "tuned_for_interface": not args.no_tuning,
    }
    if sampler is not None:
        result["why"] = sampler.summary()
    window.close()
    append_record(args.out, result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
