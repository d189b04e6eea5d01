"""The editing core on a 1-minute and a 2-hour recording: open, draw, cut, undo, save.

Run: `python bench/edit_core.py [--rate 24000] [--sizes 60 7200]`

Each size runs in a fresh child process (so its peak memory is its own): a synthetic speech-like
recording (harmonic "syllables" under a 4 Hz envelope, pauses, a little noise; 16-bit mono WAV)
is written to a temporary folder, then timed:

- open: `EditProject.open` = decode (backends.audio.load_audio) + the overview pyramid;
- draw: `overview` of the whole file and of a 10 s window, 2000 columns each (median of 5);
- cut: `delete` of 1 s in the middle, snapped and crossfaded (median of 5, each at a new place),
  with the Python memory it allocates (tracemalloc peak), and `undo`;
- store: `EditStore.create` (the source saved as FLAC), a cut saved as you go, and reopen.

Memory per hour: what the project holds (float32 samples + pyramids) per hour of audio, and the
process's resident memory after opening, less what it was before. Results: bench/results/edit_core.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"


def _rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _write_recording(path: Path, seconds: int, rate: int) -> None:
    """Speech-like test signal written block by block (a 2-hour file never sits in memory twice)."""
    rng = np.random.default_rng(7)
    block = rate * 10
    with sf.SoundFile(path, "w", rate, 1, subtype="PCM_16") as out:
        for start in range(0, seconds * rate, block):
            n = min(block, seconds * rate - start)
            t = (start + np.arange(n)) / rate
            f0 = 120 + 30 * np.sin(2 * np.pi * 0.3 * t)
            phase = 2 * np.pi * np.cumsum(f0) / rate
            voice = sum(np.sin(k * phase) / k for k in range(1, 6))
            envelope = np.clip(np.sin(2 * np.pi * 4 * t), 0, None) * (np.sin(2 * np.pi * 0.2 * t) > -0.5)
            x = 0.2 * voice * envelope + 0.003 * rng.standard_normal(n)
            out.write(x.astype(np.float32))


def _median_time(fn, repeats: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for i in range(repeats):
        t0 = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def one(seconds: int, rate: int) -> dict:  # type: ignore[type-arg]
    from studio.editing import EditProject, EditStore

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.wav"
        _write_recording(path, seconds, rate)
        rss0 = _rss_mb()
        t0 = time.perf_counter()
        project = EditProject.open(path)
        open_s = time.perf_counter() - t0
        rss_open = _rss_mb()
        held = sum(b.nbytes for b in project.buffers if b is not None)
        pyramid = sum(p.nbytes for p in project.pyramids if p is not None)
        d = project.duration
        draw_full = _median_time(lambda i: project.overview(0.0, d, 2000))
        draw_zoom = _median_time(lambda i: project.overview(d / 3 + i, d / 3 + i + 10.0, 2000))
        tracemalloc.start()
        cut_s = _median_time(lambda i: project.delete(d / 2 - 5 * i, d / 2 - 5 * i + 1.0))
        _, cut_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        undo_s = _median_time(lambda i: project.undo())
        render_s = _median_time(lambda i: project.render(None, d / 2 - 5.0, d / 2 + 5.0))

        store_root = Path(tmp) / "library"
        t0 = time.perf_counter()
        store = EditStore(store_root)
        saved = store.create(project.source, title="bench")
        create_s = time.perf_counter() - t0
        saved_cut_s = _median_time(lambda i: saved.delete(d / 2 - 5 * i, d / 2 - 5 * i + 1.0))
        store.close()
        t0 = time.perf_counter()
        reopened = EditStore(store_root).open(saved.id or "")
        reopen_s = time.perf_counter() - t0
        assert reopened.length == saved.length
        source_file = next((store_root / "edits" / (saved.id or "")).glob("source.*"))
        return {
            "seconds": seconds, "sample_rate": rate,
            "open_s": round(open_s, 3),
            "project_mb": round((held + pyramid) / 2**20, 1),
            "pyramid_mb": round(pyramid / 2**20, 2),
            "rss_open_delta_mb": round(rss_open - rss0, 1),
            "draw_full_2000_columns_ms": round(draw_full * 1000, 2),
            "draw_10s_window_2000_columns_ms": round(draw_zoom * 1000, 2),
            "cut_1s_ms": round(cut_s * 1000, 3),
            "cut_python_alloc_peak_kb": round(cut_peak / 1024, 1),
            "undo_ms": round(undo_s * 1000, 4),
            "render_10s_ms": round(render_s * 1000, 2),
            "store_create_s": round(create_s, 2),
            "store_source_mb": round(source_file.stat().st_size / 2**20, 1),
            "store_cut_saved_ms": round(saved_cut_s * 1000, 2),
            "store_reopen_s": round(reopen_s, 2),
            "peak_rss_mb": round(_rss_mb("VmHWM"), 1),
        }


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=int, default=24000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[60, 7200])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.rate)))
        return
    runs = []
    for seconds in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(seconds), "--rate", str(args.rate)],
                             check=True, capture_output=True, text=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(runs[-1]), flush=True)
    per_hour = [r for r in runs if r["seconds"] >= 600]
    result = {
        "machine": _cpu(), "python": platform.python_version(),
        "runs": runs,
        "memory_per_hour_mb": {
            "project_at_rate": round(per_hour[-1]["project_mb"] * 3600 / per_hour[-1]["seconds"], 1)
            if per_hour else None,
            "rss_at_rate": round(per_hour[-1]["rss_open_delta_mb"] * 3600 / per_hour[-1]["seconds"], 1)
            if per_hour else None,
            "rate": args.rate,
            "formula": "4 bytes x rate x 3600 x (1 + 1/96) for samples + pyramid, plus new sound made",
        },
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "edit_core.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result["memory_per_hour_mb"]))


if __name__ == "__main__":
    main()
