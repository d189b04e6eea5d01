"""A slowloris attack on the engine server, as issue 20 found it: 200 connections, each sending one
header byte every 2 s, never finishing. Measured: how long the server keeps them (the header deadline,
studio.server.protocol), what each is told, and how a normal client fares meanwhile (a GET /v1/models
every 0.5 s for the attack's length). Two runs: the default limits (header deadline 10 s, 1000
connections), and a connection limit of 100, under the attack's 200, where the slow connections are
pushed out to make room.

    .venv/bin/python bench/server_slowloris.py        # writes bench/results/server_slowloris.json
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "backends" / "remote"))

from remote_doubles import ThreadServer, ToneEngine, UvicornThread  # noqa: E402

ATTACKERS = 200
BYTE_EVERY_S = 2.0
ATTACK_S = float(os.environ.get("SLOWLORIS_ATTACK_S", "30"))


def _machine() -> str:
    out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    model = next((ln.split(":", 1)[1].strip() for ln in out.splitlines() if ln.startswith("Model name")), "")
    return f"{model or platform.processor()} ({os.cpu_count()} cores), Python {platform.python_version()}"


def plain_uvicorn(**config: Any) -> Any:
    """The same app under uvicorn's own h11 protocol, as `serve` ran it before issue 20: the baseline."""
    import uvicorn

    from studio.server import ServerConfig, create_app
    from studio.server.run import bind

    conf = ServerConfig(**config)
    server = uvicorn.Server(uvicorn.Config(create_app({"tone": ToneEngine()}, conf), http="h11",
                                           log_level="warning", lifespan="on"))
    return UvicornThread(server, bind(conf.bound_host, 0), "plain uvicorn")


def attack(baseline: bool = False, **config: Any) -> dict[str, Any]:
    made = plain_uvicorn(**config) if baseline else ThreadServer({"tone": ToneEngine()}, **config)
    with made as server:
        line = b"GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10_000
        socks = []
        opened = []
        for _ in range(ATTACKERS):
            sock = socket.create_connection(("127.0.0.1", server.port))
            sock.setblocking(False)
            socks.append(sock)
            opened.append(time.monotonic())
        closed_after: list[float | None] = [None] * ATTACKERS
        answers: list[bytes] = [b""] * ATTACKERS
        stop = threading.Event()

        # one byte per BYTE_EVERY_S to each open attacker; every 50 ms, look for the ones closed
        def paced() -> None:
            t_next = time.monotonic()
            i = 0
            while not stop.is_set():
                now = time.monotonic()
                for n, sock in enumerate(socks):
                    if closed_after[n] is not None:
                        continue
                    try:
                        data = sock.recv(65536)
                    except (BlockingIOError, InterruptedError):
                        data = None
                    except OSError:
                        data = b""
                    if data:
                        answers[n] += data
                    elif data == b"":
                        closed_after[n] = now - opened[n]
                    elif now >= t_next:
                        with contextlib.suppress(OSError):
                            sock.send(line[i:i + 1])
                if now >= t_next:
                    i += 1
                    t_next = now + BYTE_EVERY_S
                stop.wait(0.05)

        thread = threading.Thread(target=paced, daemon=True)
        thread.start()
        latencies, statuses = [], Counter()
        t0 = time.monotonic()
        with httpx.Client(timeout=30) as client:
            while time.monotonic() - t0 < ATTACK_S:
                t = time.monotonic()
                try:
                    statuses[client.get(f"{server.url}/v1/models").status_code] += 1
                except httpx.HTTPError as exc:
                    statuses[type(exc).__name__] += 1
                latencies.append(time.monotonic() - t)
                time.sleep(0.5)
        stop.set()
        thread.join(5)
        for sock in socks:
            sock.close()
    told = Counter()
    for data, closed in zip(answers, closed_after, strict=True):
        if closed is None:
            continue
        if not data:
            told["closed without an answer"] += 1
            continue
        head = data.split(b"\r\n", 1)[0].decode("latin-1", "replace")
        body = json.loads(data.partition(b"\r\n\r\n")[2] or b"{}")
        told[f"{head} {body.get('error', {}).get('code')}"] += 1
    closes = [c for c in closed_after if c is not None]
    return {
        "config": {**config, "protocol": "uvicorn h11 (before)" if baseline else "studio.server.protocol"},
        "attackers": ATTACKERS, "byte_every_s": BYTE_EVERY_S, "attack_s": ATTACK_S,
        "attackers_closed": len(closes), "attackers_still_open": ATTACKERS - len(closes),
        "closed_after_s": {"median": round(statistics.median(closes), 2), "max": round(max(closes), 2)}
        if closes else None,
        "attackers_told": dict(told),
        "normal_requests": dict(statuses),
        "normal_latency_ms": {"median": round(1000 * statistics.median(latencies), 1),
                              "max": round(1000 * max(latencies), 1)},
    }


def main() -> int:
    results = {"machine": _machine(),
               "before_plain_uvicorn": attack(baseline=True),
               "default_limits": attack(),
               "limit_100_connections": attack(max_connections=100)}
    out = ROOT / "bench" / "results" / "server_slowloris.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
