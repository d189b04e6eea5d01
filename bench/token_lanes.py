"""GUI stalls while a 10-minute take with its 25,000 audio tokens is zoomed and scrolled.

Run: `python bench/token_lanes.py [--minutes 10]`. The real WaveformView (waveform, spectrogram)
with the token lanes row, offscreen at 1280x560, showing a take of noise-like audio and a token
timeline of the same length (41.67 tokens a second, random codes). A fixed sequence of views is
shown: the whole take, then 60 s, 10 s, 1 s (cells wide enough for their numbers) and 0.2 s
windows, each scrolled across the take in ten steps. Each step sets the range and repaints the
widget at once; the time of that step is time the GUI thread could not answer input. Reported:
p50, p99 and the longest step, with the lanes and without them (the same view, the lanes row
empty), so the lanes' own share is visible. Goal: no step above 16 ms (one frame at 60 Hz).

Results: bench/results/token_lanes.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from backends.base import SpeechTokens  # noqa: E402
from studio.timeline.tokens import TOKEN_RATE, TokenTimeline  # noqa: E402
from widgets.token_lanes import TokenLanes  # noqa: E402
from widgets.waveform_view import WaveformView  # noqa: E402

RATE = 22050
SPANS = (None, 60.0, 10.0, 1.0, 0.2)  # None: the whole take
STEPS = 10


def _timeline(minutes: float, seed: int = 0) -> TokenTimeline:
    rng = np.random.default_rng(seed)
    n = int(minutes * 60 * TOKEN_RATE) // 5 * 5
    slots = np.arange(n) % 5
    codes = np.where(slots < 2, rng.integers(0, 1024, n), 1024 + rng.integers(0, 4096, n))
    sentence = int(8 * TOKEN_RATE) // 5 * 5  # a run every 8 s, as sentences report them
    return TokenTimeline.of(SpeechTokens(tuple(int(c) for c in codes[a:a + sentence]), a / TOKEN_RATE, 0)
                            for a in range(0, n, sentence))


def _steps(view: WaveformView, lanes: TokenLanes, app: QApplication, duration: float) -> list[float]:
    out: list[float] = []
    for span in SPANS:
        width = duration if span is None else span
        starts = [0.0] if span is None else np.linspace(0.0, duration - width, STEPS)
        for start in starts:
            t = time.perf_counter()
            view.wave_plot.setXRange(float(start), float(start) + width, padding=0)
            view.repaint()
            app.processEvents()
            out.append((time.perf_counter() - t) * 1000.0)
    return out


def _summary(ms: list[float]) -> dict[str, float]:
    s = sorted(ms)
    return {"p50": round(statistics.median(s), 1), "p99": round(s[min(len(s) - 1, int(0.99 * len(s)))], 1),
            "max": round(s[-1], 1), "steps": len(s)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "token_lanes.json")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    view = WaveformView()
    lanes = TokenLanes(view.wave_plot)
    view.add_row(lanes)
    view.resize(1280, 560)
    view.show()
    rng = np.random.default_rng(1)
    samples = (rng.standard_normal(int(args.minutes * 60 * RATE)) * 0.1).astype(np.float32)
    view.set_audio(samples, RATE)
    timeline = _timeline(args.minutes)
    duration = len(samples) / RATE
    app.processEvents()
    lanes.set_timeline(None, "")
    _steps(view, lanes, app, duration)  # warm-up: first paints build caches
    without = _steps(view, lanes, app, duration)
    lanes.set_timeline(timeline)
    with_lanes = _steps(view, lanes, app, duration)
    result = {"minutes": args.minutes, "tokens": len(timeline), "size": [1280, 560],
              "with_lanes_ms": _summary(with_lanes), "without_lanes_ms": _summary(without),
              "machine": f"{os.cpu_count()} cores"}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
