"""Cold start: from launching `step-studio` to its window being mapped on an X server.

Run: `python bench/cold_start.py [--runs 5]` (needs apt xvfb and xdotool; starts its own Xvfb).

Measured from outside the process: the clock starts just before the process is spawned and stops
when xdotool sees a mapped window titled "Step Audio Studio", so interpreter start-up, imports,
Qt initialisation and the first show all count. The app's own figure (from `main()` to `show()`,
printed when STEP_STUDIO_STARTUP_TIMING is set) is reported beside it. Every run uses a fresh data
folder, so no settings or library are warm; the OS file cache is warm after the first run (that is
why the first run is a warm-up).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """A private Xvfb on a display number it picks itself (-displayfd), so no other X server is hit."""
    read, write = os.pipe()
    cmd = ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write,))
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number.isdigit():
        proc.kill()
        raise SystemExit("Xvfb did not start")
    # Xvfb names its display a moment before it accepts clients: wait until one gets through.
    for _ in range(200):
        if subprocess.run(["xdpyinfo", "-display", f":{number}"], capture_output=True).returncode == 0:
            return proc, f":{number}"
        time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"Xvfb on :{number} accepted no client")


def one_run(display: str) -> tuple[float, float | None]:
    home = tempfile.mkdtemp(prefix="step-studio-bench-")
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "STEP_STUDIO_HOME": home,
           "STEP_STUDIO_STARTUP_TIMING": "1"}
    exe = shutil.which("step-studio", path=str(Path(sys.executable).parent)) or "step-studio"
    t0 = time.perf_counter()
    app = subprocess.Popen([exe], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        while True:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "Step Audio Studio"],
                                   env=env, capture_output=True, text=True)
            if found.stdout.strip():
                visible = time.perf_counter() - t0
                break
            if app.poll() is not None:
                raise SystemExit(f"step-studio exited early:\n{app.stderr.read() if app.stderr else ''}")
            if time.perf_counter() - t0 > 30:
                raise SystemExit("no window after 30 s")
            time.sleep(0.01)
    finally:
        time.sleep(0.3)
        app.terminate()
        try:
            _, err = app.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
            _, err = app.communicate()
        shutil.rmtree(home, ignore_errors=True)
    m = re.search(r"window shown ([0-9.]+) s after main\(\)", err or "")
    return visible, float(m.group(1)) if m else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "cold_start.json")
    args = ap.parse_args()
    xvfb, display = _start_xvfb()
    try:
        runs = [one_run(display) for _ in range(args.runs + 1)][1:]
    finally:
        xvfb.terminate()
    visible = [r[0] for r in runs]
    inside = [r[1] for r in runs if r[1] is not None]
    result = {
        "what": "launch to mapped window under Xvfb, fresh data folder, median after one warm-up",
        "runs": args.runs,
        "cores": os.cpu_count(),
        "launch_to_window_s": {"median": round(statistics.median(visible), 3),
                               "min": round(min(visible), 3), "max": round(max(visible), 3)},
        "main_to_show_s_median": round(statistics.median(inside), 3) if inside else None,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
