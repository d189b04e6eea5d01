"""Speaker embedding speed: milliseconds per 10 s of audio, numpy GE2E encoder (no torch).

Run: `python bench/speaker_embedding.py [--runs 10]`. Median of the runs after one warm-up, on a
real recording (tests/data/denoise_prompt.wav, 16 kHz).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from backends.audio import load_audio
from backends.embedded.speaker import SpeakerEncoder

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "speaker_embedding.json")
    args = ap.parse_args()
    encoder = SpeakerEncoder()
    available = encoder.available()
    if not available.available:
        raise SystemExit(f"speaker encoder unavailable: {available.reason} {available.fix}")
    ten = load_audio(ROOT / "tests" / "data" / "denoise_prompt.wav").slice_seconds(0, 10)
    encoder.embed(ten)
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        encoder.embed(ten)
        times.append(time.perf_counter() - t)
    result = {"what": "SpeakerEncoder.embed on 10 s of speech, median after one warm-up",
              "runs": args.runs, "cores": os.cpu_count(),
              "ms_per_10s": {"median": round(1000 * statistics.median(times), 1),
                             "min": round(1000 * min(times), 1), "max": round(1000 * max(times), 1)}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
