"""Engine server under sustained load: 16 OpenAI-style clients for 2 minutes, every request served or
told when to retry, none lost, no 5xx, memory flat.

Run: `python bench/server_queue.py [--clients 16] [--duration 120] [--max-takes 4] [--max-queue 32]
[--out bench/results/server_queue.json]`

A `step-studio serve --engine embedded` child process (as a user starts it) on a free loopback port,
warmed with a few takes first. Then `--clients` threads, each with its own HTTP connection, send
`POST /v1/audio/speech` (model tts-1, voice alloy, wav: the stock OpenAI call) back to back until
`--duration` seconds have passed; a request already sent when time is up is still awaited. Each
answer is counted as:

- served: 200 with audio;
- told to retry: 429 with a Retry-After header (the client sleeps that long, then tries again);
- refused without Retry-After: a 429 that does not say when (should be 0);
- 5xx: the server failed (should be 0);
- lost: no answer (timeout, connection dropped) or any other status (should be 0).

The server's resident memory (VmRSS from /proc) is read after the warm-up (a few takes one by one,
then one burst of every client at once), every 5 s during the run,
and at the end. With the default queue (32) no request should be told to retry; a run with
`--max-queue 4` shows the retry path (16 clients, 4 running, 4 waiting, the rest told when to retry).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = (
    "The lighthouse keeper climbed the narrow stairs every evening at dusk.",
    "He trimmed the wick, polished the great lens, and watched the ships pass.",
    "Some nights the fog rolled in so thick that he could not see his own hands.",
    "Still, the light turned, patient and bright, guiding sailors safely home.",
)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


@contextlib.contextmanager
def server(max_takes: int, max_queue: int) -> Iterator[tuple[str, int]]:
    """`step-studio serve --engine embedded` on a free loopback port; yields (base URL, pid)."""
    cmd = [sys.executable, "-c", "from studio.cli import main; raise SystemExit(main())", "serve",
           "--engine", "embedded", "--port", "0", "--max-takes", str(max_takes),
           "--max-queue", str(max_queue)]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT)
    try:
        assert proc.stderr is not None
        seen = ""
        while not (match := re.search(r"http://127\.0\.0\.1:(\d+)", seen)):
            line = proc.stderr.readline()
            if not line:
                raise RuntimeError(f"the server did not start: {seen}")
            seen += line
        threading.Thread(target=proc.stderr.read, daemon=True).start()  # never block on a full pipe
        yield f"http://127.0.0.1:{match.group(1)}", proc.pid
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def speech(http: httpx.Client, text: str) -> httpx.Response:
    return http.post("/v1/audio/speech", json={"model": "tts-1", "voice": "alloy", "input": text,
                                               "response_format": "wav"})


def warm_once(url: str, text: str, timeout: float) -> None:
    """One served take (told to retry, it retries when told)."""
    with httpx.Client(base_url=url, timeout=timeout) as http:
        while (r := speech(http, text)).status_code == 429:
            time.sleep(float(r.headers.get("retry-after", "1")))
        r.raise_for_status()


def client_loop(url: str, index: int, deadline: float, counts: Counter[str], latencies: list[float],
                lock: threading.Lock, timeout: float) -> None:
    with httpx.Client(base_url=url, timeout=timeout) as http:
        i = index
        while time.monotonic() < deadline:
            text = SENTENCES[i % len(SENTENCES)]
            i += 1
            t0 = time.perf_counter()
            wait = 0.0
            try:
                r = speech(http, text)
                if r.status_code == 200 and len(r.content) > 1000:
                    outcome = "served"
                elif r.status_code == 429 and r.headers.get("retry-after", "").isdigit():
                    outcome, wait = "told_to_retry", float(r.headers["retry-after"])
                elif r.status_code == 429:
                    outcome, wait = "refused_without_retry_after", 1.0
                elif r.status_code >= 500:
                    outcome = "server_error_5xx"
                else:
                    outcome = f"lost_status_{r.status_code}"
            except httpx.HTTPError as exc:
                outcome = f"lost_{type(exc).__name__}"
            with lock:
                counts[outcome] += 1
                if outcome == "served":
                    latencies.append(time.perf_counter() - t0)
            if wait:
                time.sleep(wait)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of load (default 120)")
    parser.add_argument("--max-takes", type=int, default=4)
    parser.add_argument("--max-queue", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=300.0, help="a client's wait for one answer")
    parser.add_argument("--out", type=Path, default=None, help="write the figures here as JSON")
    args = parser.parse_args()

    with server(args.max_takes, args.max_queue) as (url, pid):
        with httpx.Client(base_url=url, timeout=args.timeout) as http:
            for text in SENTENCES:  # warm-up: the engine loaded, the voice ready
                speech(http, text).raise_for_status()
        # ...and a burst of every client at once, so the memory that concurrent takes need (each
        # running take's buffers, the thread pools) is in the baseline, not counted as growth
        burst = [threading.Thread(target=warm_once, args=(url, SENTENCES[i % len(SENTENCES)], args.timeout))
                 for i in range(args.clients)]
        for t in burst:
            t.start()
        for t in burst:
            t.join()
        rss = [(0.0, rss_mb(pid))]
        counts: Counter[str] = Counter()
        latencies: list[float] = []
        lock = threading.Lock()
        start = time.monotonic()
        deadline = start + args.duration
        threads = [threading.Thread(target=client_loop, args=(url, i, deadline, counts, latencies, lock,
                                                              args.timeout), daemon=True)
                   for i in range(args.clients)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            time.sleep(5)
            with contextlib.suppress(OSError, RuntimeError):
                rss.append((round(time.monotonic() - start, 1), rss_mb(pid)))
        wall = time.monotonic() - start
        rss.append((round(wall, 1), rss_mb(pid)))

    lost = sum(n for k, n in counts.items() if k.startswith("lost"))
    ordered = sorted(latencies)
    result = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "clients": args.clients, "duration_s": args.duration, "wall_s": round(wall, 1),
        "max_takes": args.max_takes, "max_queue": args.max_queue,
        "counts": dict(counts), "served": counts["served"], "told_to_retry": counts["told_to_retry"],
        "refused_without_retry_after": counts["refused_without_retry_after"],
        "server_error_5xx": counts["server_error_5xx"], "lost": lost,
        "served_per_minute": round(counts["served"] / wall * 60, 1),
        "latency_s": {"median": round(statistics.median(latencies), 2) if latencies else None,
                      "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 2) if ordered else None,
                      "max": round(max(latencies), 2) if latencies else None},
        "rss_mb": {"after_warmup": round(rss[0][1], 1), "end": round(rss[-1][1], 1),
                   "max": round(max(m for _, m in rss), 1), "samples": [(t, round(m, 1)) for t, m in rss]},
    }
    text = json.dumps(result, indent=2)
    print(json.dumps({k: v for k, v in result.items() if k != "rss_mb"}))
    print("rss_mb", json.dumps(result["rss_mb"]))
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    ok = lost == 0 and counts["server_error_5xx"] == 0 and counts["refused_without_retry_after"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
