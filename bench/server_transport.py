"""Time to first audio through the engine server: NDJSON over HTTP vs the WebSocket, vs in process.

Run: `python bench/server_transport.py [--pairs 20] [--voice piper:joe] [--out FILE.json]`

One `step-studio serve --engine embedded` child process on loopback, two RemoteBackends (transport
"http" and "websocket"), and the same Embedded engine in this process. Each round runs the same
300-character paragraph on all three in a rotating order, so drift hits all alike; reported are the
medians, and the median per-round difference of each transport from in process. All are warmed first
(engine, voice, connection: the WebSocket stays open between takes, HTTP reuses its keep-alive
connection).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server_tts import PARAGRAPH, one_take, server

from backends.embedded import EmbeddedBackend
from backends.remote import RemoteBackend


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--voice", default="piper:joe")
    parser.add_argument("--out")
    args = parser.parse_args()
    local = EmbeddedBackend()
    local.load()
    with server(None) as url:
        clients = {"http": RemoteBackend(url, "embedded", stall_timeout=120.0, transport="http"),
                   "websocket": RemoteBackend(url, "embedded", stall_timeout=120.0, transport="websocket")}
        for c in clients.values():
            for _ in range(600):
                if c.availability().available:
                    break
                time.sleep(0.1)
            c.load()
        sides = {"in_process": local, **clients}
        for _ in range(2):
            for engine in sides.values():
                one_take(engine, PARAGRAPH, args.voice)
        rows: dict[str, list[float]] = {name: [] for name in sides}
        names = list(sides)
        for i in range(args.pairs):
            order = names[i % 3:] + names[:i % 3]
            for name in order:
                rows[name].append(one_take(sides[name], PARAGRAPH, args.voice)["first_audio_s"])
        for c in clients.values():
            c.close()
    result: dict[str, object] = {
        "what": "time to first audio, 300-char paragraph, Embedded engine, loopback",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "rounds": args.pairs, "voice": args.voice,
        "median_first_audio_ms": {k: round(1000 * statistics.median(v), 1) for k, v in rows.items()},
        "median_added_ms": {k: round(1000 * statistics.median(
            a - b for a, b in zip(rows[k], rows["in_process"], strict=True)), 1) for k in clients},
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
