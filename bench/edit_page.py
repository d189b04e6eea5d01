"""The Edit page on a 1-minute and a 2-hour recording: how long each step takes as the user sees it,
and how long the GUI thread stalls meanwhile.

Run: `python bench/edit_page.py [--sizes 60 7200]`

The real EditPage (offscreen) with the real EditStore in a temporary library, driven as a user
would: open a recording (decode, overview pyramid, the source saved into the library as FLAC),
zoom into 10 s in the middle, scroll, delete 1 s, undo, and fit back to the whole. A 4 ms Qt
timer runs on the GUI thread throughout; every gap between its firings beyond 4 ms is a stall
(time the window could not answer input or paint). Each step's time is from the request to the
page showing its result (the new snapshot, or the new waveform columns).

The recording is the same synthetic speech-like signal as bench/edit_core.py (16-bit WAV).
Each size runs in its own child process. Results: bench/results/edit_page.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
TICK_MS = 4


def one(seconds: int) -> dict:  # type: ignore[type-arg]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    sys.path.insert(0, str(ROOT / "bench"))
    from edit_core import _rss_mb, _write_recording

    from studio.editing import EditStore
    from studio.ui.edit.page import EditPage

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="edit-page-bench-"))
    wav = tmp / "long.wav"
    _write_recording(wav, seconds, 24000)
    page = EditPage(store_factory=lambda: EditStore(tmp / "lib"))
    page.resize(1400, 800)
    page.show()

    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)

    def until(predicate, timeout: float = 600.0) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        while not predicate():
            app.processEvents()
            time.sleep(0.0005)
            if time.perf_counter() - start > timeout:
                raise TimeoutError("step did not finish")
        return time.perf_counter() - start

    page.start_background()
    until(lambda: page.projects.new_button.isEnabled())
    timer.start()
    rss0 = _rss_mb()
    steps: dict[str, float] = {}

    drawn = [0]
    page.doc.overviewReady.connect(lambda *_a: drawn.__setitem__(0, drawn[0] + 1))

    def step(name: str, action, done) -> None:  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        action()
        until(done)
        steps[name] = round(time.perf_counter() - t0, 4)

    step("open", lambda: page.open_file(wav), lambda: page.doc.state is not None and not page.doc.busy)
    n = drawn[0]
    until(lambda: drawn[0] > n)
    rss_open = _rss_mb()
    mid = seconds / 2
    n = drawn[0]
    step("zoom to 10 s", lambda: page.timeline._set_view(mid - 5, 10.0), lambda: drawn[0] > n)
    n = drawn[0]
    step("scroll 5 s", lambda: page.timeline.scroll_to(mid), lambda: drawn[0] > n)
    page.timeline.set_selection(mid + 1, mid + 2, emit=True)
    step("delete 1 s (saved)", lambda: page.run_operation("delete"),
         lambda: not page.doc.busy and page.doc.state.current == 1)  # type: ignore[union-attr]
    step("undo (saved)", page.doc.undo, lambda: not page.doc.busy and page.doc.state.current == 0)  # type: ignore[union-attr]
    n = drawn[0]
    step("fit to the whole", page.timeline.fit, lambda: drawn[0] > n)
    timer.stop()
    page.shutdown()
    stalls = sorted(max(0.0, g - TICK_MS) for g in gaps)

    def p(q: float) -> float:
        return round(stalls[min(len(stalls) - 1, int(q * len(stalls)))], 1) if stalls else 0.0

    return {"seconds": seconds, "steps_s": steps, "stall_ms": {"p50": p(0.5), "p99": p(0.99),
                                                               "max": round(max(stalls, default=0.0), 1),
                                                               "ticks": len(gaps)},
            "rss_added_by_open_mb": round(rss_open - rss0, 1),
            "mean_gap_ms": round(statistics.fmean(gaps), 2) if gaps else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[60, 7200])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one(args.child)))
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from machine import machine_line

    results = []
    for seconds in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(seconds)], capture_output=True,
                             text=True, check=True, cwd=ROOT)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(result)
        print(json.dumps(result))
    RESULTS.mkdir(parents=True, exist_ok=True)
    document = {"machine": machine_line(), "results": results}
    (RESULTS / "edit_page.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
