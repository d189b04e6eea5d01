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
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("STEP_STUDIO_HOME", tempfile.mkdtemp(prefix="step-studio-bench-"))

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication

from studio.settings import SettingsStore
from studio.ui.shell.app import create_app
from studio.ui.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
PARAGRAPH = (
    "The lighthouse keeper climbed the narrow stairs every evening at dusk. "
    "He trimmed the wick, polished the great lens, and watched the ships pass. "
    "Some nights the fog rolled in so thick that he could not see his own hands. "
    "Still, the light turned, patient and bright, guiding sailors safely home. "
)
INTERVAL_MS = 4


def wait_until(app: QApplication, predicate, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.002)
    return predicate()


def measure(app: QApplication, start, until, timeout: float) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
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

    timer.timeout.connect(tick)
    clock.start()
    timer.start()
    start()
    wait_until(app, until, timeout)
    timer.stop()
    return gaps, at


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=3000)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "gui_stall.json")
    args = ap.parse_args()

    sys.setswitchinterval(0.001)  # as studio.ui.shell.app.main() does
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
    gaps, at = measure(app, page.generate, done, 600)
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
    }
    window.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
