"""A 30-minute script rendered by `step-studio batch` on the Embedded engine: time and memory.

Run: `python bench/script_render.py [--minutes 30] [--voices piper:joe,espeak:en]`

The script is three speakers' dialogue with chapter headings, made of a fixed set of sentences
varied by number, long enough for the minutes asked (about 3.4 words a second with these voices,
measured on a short run). Each speaker's voice is given on the command line (default: Ana and Ben
share Piper Joe, the fastest voice, and Chen speaks espeak-ng's English; Kokoro runs near real
time on 2 cores, so a Kokoro speaker would make this a 30-minute wait). The command runs as a
user runs it, in a child process with a fresh studio home; the wall time from spawn to reap and
the child's peak resident memory (wait4) are recorded, then a second run of the same command
(every line kept) shows what a resumed render costs. The take's duration is read from the file.
Results in bench/results/script_render.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import soundfile as sf
from machine import machine_line

BIN = Path(sys.executable).parent
RESULTS = Path(__file__).resolve().parent / "results"
WORDS_PER_SECOND = 3.4
SENTENCES = (
    "The harbour was quiet at {n} o'clock, and the boats rocked gently against the pier.",
    "She counted {n} lanterns along the wall before the rain began to fall.",
    "We need to finish report number {n} by Friday, or the board will ask for it again.",
    "Do you remember the summer when the river froze after {n} days of cold?",
    "He laughed, closed book {n}, and said that the ending was better than the start.",
    "The train leaves at half past {n}, so please bring your ticket and a warm coat.",
)
SPEAKERS = ("Ana", "Ben", "Chen")


def script_text(minutes: float) -> tuple[str, int]:
    """The script, and how many words it speaks."""
    lines, words, n = [], 0, 0
    target = minutes * 60 * WORDS_PER_SECOND
    while words < target:
        if n % 60 == 0:
            lines.append(f"# Chapter {n // 60 + 1}")
        # Every line different (the line's own number is in it): line files are named by what makes
        # them, so a repeated line would be made once and the bench would time nothing.
        first = SENTENCES[n % len(SENTENCES)].format(n=n + 1)
        second = SENTENCES[(n * 5 + 3) % len(SENTENCES)].format(n=n + 2)
        text = f"{first} {second}"
        lines.append(f"{SPEAKERS[n % len(SPEAKERS)]}: {text}")
        words += len(text.split())
        n += 1
    return "\n".join(lines) + "\n", words


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    errors = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"batch failed: {errors.decode(errors='replace')[-600:]}")
    summary = errors.decode(errors="replace").strip().splitlines()[-1]  # "N made, M kept ..., 0 failed"
    return wall, usage.ru_maxrss / 1024, summary  # ru_maxrss: kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--voices", default="piper:joe,piper:joe,espeak:en",
                        help="one voice per speaker (Ana, Ben, Chen), comma-separated")
    args = parser.parse_args()
    voices = args.voices.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        text, words = script_text(args.minutes)
        script = folder / "book.txt"
        script.write_text(text, encoding="utf-8")
        env = {**os.environ, "STEP_STUDIO_HOME": str(folder / "home")}
        cmd = [str(BIN / "step-studio"), "batch", str(script), "-o", str(folder / "out"), "--format", "flac"]
        for speaker, voice in zip(SPEAKERS, voices, strict=False):
            cmd += ["--voice", f"{speaker}={voice}"]
        first = _run(cmd, env)
        again = _run(cmd, env)
        info = sf.info(str(folder / "out" / "book.flac"))
        lines = sum(1 for line in text.splitlines() if ":" in line)
    result = {
        "machine": machine_line(),
        "date": time.strftime("%Y-%m-%d"),
        "script": {"lines": lines, "words": words, "voices": voices},
        "audio_minutes": round(info.duration / 60, 2),
        "render": {"seconds": round(first[0], 1), "peak_rss_mb": round(first[1]),
                   "real_time_factor": round(first[0] / info.duration, 3), "said": first[2]},
        "again_all_kept": {"seconds": round(again[0], 1), "peak_rss_mb": round(again[1]), "said": again[2]},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "script_render.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
