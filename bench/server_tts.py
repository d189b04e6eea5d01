"""Engine server: what `step-studio serve` adds to time to first audio, and how it holds up under load.

Run: `python bench/server_tts.py [--pairs 20] [--voice piper:joe] [--out bench/results/server_tts.json]`

Everything runs in one process against the real Embedded engine:

1. A/B, interleaved: the same take (a 300-character paragraph) in process (`EmbeddedBackend.synthesize`)
   and through the server (`RemoteBackend` over loopback to a `step-studio serve` child process with
   the same engine), alternating which side goes first in each pair so drift hits both alike. The
   added latency is the median of the per-pair differences in time to first audio (goal: < 20 ms).
   Both sides are warmed first (engine, voice, HTTP connection).
2. Concurrency: 1, 4 and 16 clients, each with its own RemoteBackend (its own connection), each
   speaking short sentences back to back; the same load in process (one thread per client) as the
   baseline. The server is started with `--max-takes 16` for this, so no take is refused.
3. The default limit: 16 clients start one take each at once against a server with the default
   `--max-takes 4`; the refusals (HTTP 429 "busy") are counted and reported, not retried.

The server runs in a child process (as `step-studio serve` does for real) so it does not share this
process's GIL with the in-process side.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from backends import BackendError
from backends.embedded import EmbeddedBackend
from backends.remote import RemoteBackend

sys.path.insert(0, str(Path(__file__).resolve().parent))
from embedded_tts import one_take

ROOT = Path(__file__).resolve().parents[1]

# The 300-character paragraph of bench/embedded_tts.py, so the figures compare.
PARAGRAPH = (
    "The lighthouse keeper climbed the narrow stairs every evening at dusk. "
    "He trimmed the wick, polished the great lens, and watched the ships pass. "
    "Some nights the fog rolled in so thick that he could not see his own hands. "
    "Still, the light turned, patient and bright, guiding sailors safely home."
)
SENTENCES = [s.strip() + "." for s in PARAGRAPH.split(".") if s.strip()]


class Synth:
    """Anything with the Backend `synthesize` (in process or remote)."""

    synthesize: Callable[..., Iterator[object]]


@contextlib.contextmanager
def server(max_takes: int | None) -> Iterator[str]:
    """`step-studio serve --engine embedded` on a free loopback port; yields its base URL."""
    cmd = [sys.executable, "-c", "from studio.cli import main; raise SystemExit(main())",
           "serve", "--engine", "embedded", "--port", "0"]
    if max_takes is not None:
        cmd += ["--max-takes", str(max_takes)]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT)
    try:
        assert proc.stderr is not None
        seen = ""
        while not (match := re.search(r"http://127\.0\.0\.1:(\d+)", seen)):
            line = proc.stderr.readline()
            if not line:
                raise RuntimeError(f"the server did not start: {seen}")
            seen += line
        # Keep draining its stderr so a chatty server never blocks on a full pipe.
        threading.Thread(target=proc.stderr.read, daemon=True).start()
        yield f"http://127.0.0.1:{match.group(1)}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def remote(url: str) -> RemoteBackend:
    backend = RemoteBackend(url, "embedded", stall_timeout=120.0)
    deadline = time.monotonic() + 60
    while True:
        try:
            backend.load()
            return backend
        except BackendError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def ab(local: EmbeddedBackend, url: str, voice: str, pairs: int) -> dict[str, object]:
    client = remote(url)
    for engine in (local, client, local, client):  # warm both (engine, voice, connection)
        one_take(engine, PARAGRAPH, voice)
    rows: dict[str, list[dict[str, float]]] = {"in_process": [], "server": []}
    for i in range(pairs):
        order = [("in_process", local), ("server", client)]
        if i % 2:
            order.reverse()
        for name, engine in order:
            rows[name].append(one_take(engine, PARAGRAPH, voice))
    client.close()
    added = [s["first_audio_s"] - p["first_audio_s"]
             for p, s in zip(rows["in_process"], rows["server"], strict=True)]

    def summary(takes: list[dict[str, float]]) -> dict[str, float]:
        return {"first_audio_s": statistics.median(t["first_audio_s"] for t in takes),
                "rtf": statistics.median(t["total_s"] / t["audio_s"] for t in takes)}

    return {"in_process": summary(rows["in_process"]), "server": summary(rows["server"]),
            "added_first_audio_ms": {"median": 1000 * statistics.median(added),
                                     "min": 1000 * min(added), "max": 1000 * max(added)},
            "added_first_audio_ms_each_pair": [round(1000 * a, 2) for a in added]}


def load(make: Callable[[], Synth], clients: int, takes_each: int, voice: str) -> dict[str, float]:
    """`clients` threads, each with its own engine handle, each speaking `takes_each` sentences."""
    results: list[dict[str, float]] = []
    errors: list[str] = []
    lock = threading.Lock()
    handles = [make() for _ in range(clients)]
    start = threading.Barrier(clients + 1)

    def client(k: int) -> None:
        start.wait()
        for j in range(takes_each):
            text = SENTENCES[(k + j) % len(SENTENCES)]
            try:
                r = one_take(handles[k], text, voice)
            except BackendError as exc:
                with lock:
                    errors.append(str(exc))
                continue
            with lock:
                results.append(r)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    for h in handles:
        close = getattr(h, "close", None)
        if callable(close):
            close()
    firsts = sorted(r["first_audio_s"] for r in results)
    totals = sorted(r["total_s"] for r in results)
    return {
        "clients": clients, "takes": len(results), "failed": len(errors),
        "wall_s": wall,
        "takes_per_s": len(results) / wall,
        "audio_s_per_s": sum(r["audio_s"] for r in results) / wall,
        "first_audio_median_s": statistics.median(firsts) if firsts else float("nan"),
        "first_audio_p90_s": firsts[int(0.9 * (len(firsts) - 1))] if firsts else float("nan"),
        "take_median_s": statistics.median(totals) if totals else float("nan"),
        **({"errors": sorted(set(errors))} if errors else {}),
    }


def burst(url: str, clients: int, voice: str) -> dict[str, object]:
    """`clients` takes started at once; count how many the server refuses (429 'busy')."""
    handles = [remote(url) for _ in range(clients)]
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(k: int) -> None:
        start.wait()
        try:
            one_take(handles[k], SENTENCES[k % len(SENTENCES)], voice)
            outcome = "ok"
        except BackendError as exc:
            outcome = "429 busy" if "takes; try again" in str(exc) else f"error: {exc}"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for h in handles:
        h.close()
    return {"clients": clients, "ok": outcomes.count("ok"), "refused_429": outcomes.count("429 busy"),
            "other_errors": sorted({o for o in outcomes if o.startswith("error")})}


def _r(value: object) -> object:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _r(v) for k, v in value.items()}
    return value


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=20, help="interleaved A/B pairs (default 20)")
    ap.add_argument("--voice", default="piper:joe")
    ap.add_argument("--takes", type=int, default=32, help="takes per load level, at least one per client")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "server_tts.json")
    args = ap.parse_args()

    t_start = time.perf_counter()
    local = EmbeddedBackend()
    local.load()
    levels = (1, 4, 16)
    with server(max_takes=16) as url:
        print(f"A/B, {args.pairs} interleaved pairs ...", flush=True)
        ab_result = ab(local, url, args.voice, args.pairs)
        concurrency = {}
        for n in levels:
            each = max(1, args.takes // n)
            print(f"{n} concurrent clients ...", flush=True)
            concurrency[str(n)] = {
                "server": load(lambda url=url: remote(url), n, each, args.voice),
                "in_process": load(lambda: local, n, each, args.voice),
            }
    with server(max_takes=None) as url:
        print("16 clients at once against the default --max-takes 4 ...", flush=True)
        refused = burst(url, 16, args.voice)
    local.unload()

    result = {
        "what": "Embedded engine, in process vs through `step-studio serve` (RemoteBackend over loopback, "
                "server in a child process). A/B: 300-character paragraph, interleaved pairs, medians. "
                "Load: sentences of that paragraph back to back per client; server run with --max-takes 16.",
        "voice": args.voice,
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
                   f"Python {platform.python_version()}",
        "pairs": args.pairs,
        "ab": ab_result,
        "concurrency_max_takes_16": concurrency,
        "burst_default_max_takes_4": refused,
        "bench_wall_s": time.perf_counter() - t_start,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(_r(result), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    added = ab_result["added_first_audio_ms"]
    print(f"\nA/B ({args.voice}, {args.pairs} pairs, 300 characters)")
    print("| path | first audio (s) | real-time factor |\n|---|---|---|")
    for name in ("in_process", "server"):
        row = ab_result[name]
        print(f"| {name} | {row['first_audio_s']:.3f} | {row['rtf']:.3f} |")  # type: ignore[index]
    print(f"added first-audio latency: median {added['median']:.1f} ms "  # type: ignore[index]
          f"(min {added['min']:.1f}, max {added['max']:.1f}); goal < 20 ms")  # type: ignore[index]
    print("\nLoad (server with --max-takes 16; in-process baseline in brackets)")
    print("| clients | takes | takes/s | audio s per s | first audio median (s) | p90 (s) "
          "| take median (s) |")
    print("|---|---|---|---|---|---|---|")
    for n, sides in concurrency.items():
        s, p = sides["server"], sides["in_process"]
        print(f"| {n} | {s['takes']}{' (' + str(s['failed']) + ' failed)' if s['failed'] else ''} "
              f"| {s['takes_per_s']:.2f} ({p['takes_per_s']:.2f}) "
              f"| {s['audio_s_per_s']:.1f} ({p['audio_s_per_s']:.1f}) "
              f"| {s['first_audio_median_s']:.3f} ({p['first_audio_median_s']:.3f}) "
              f"| {s['first_audio_p90_s']:.3f} ({p['first_audio_p90_s']:.3f}) "
              f"| {s['take_median_s']:.3f} ({p['take_median_s']:.3f}) |")
    print(f"\nDefault --max-takes 4, 16 takes at once: {refused['ok']} ran, "
          f"{refused['refused_429']} refused with 429 busy"
          + (f", other errors: {refused['other_errors']}" if refused["other_errors"] else ""))
    print(f"\nbench wall time {result['bench_wall_s']:.0f} s; written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
