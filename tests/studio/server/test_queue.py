"""Requests beyond what an engine runs at once wait in its bounded queue, in arrival order; only a
full queue is refused (429 with Retry-After); a client that leaves the queue is dropped from it.
The real server app under uvicorn on loopback, with a test-double engine that records what it spoke."""

from __future__ import annotations

import asyncio
import io
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "remote"))
from remote_doubles import ThreadServer, ToneEngine

from studio.server.hosting import EngineHost, QueueFull

# Every wait below is a bound for something measured in milliseconds on a 2-core EPYC (a request
# reaches the queue within ~20 ms; a freed slot reaches the next waiter within ~130 ms).
WAIT_S = 10.0
HOLD = {"text": "hold", "options": {"endless": True, "delay": 0.02}}


class RecordingTone(ToneEngine):
    """Records the text of each take in the order the engine was asked to speak it."""

    def __init__(self) -> None:
        super().__init__()
        self.spoken: list[str] = []

    def synthesize(self, request: Any, cancel: Any) -> Any:
        self.spoken.append(request.text)
        return super().synthesize(request, cancel)


def _host(server: ThreadServer) -> EngineHost:
    return server.server.config.app.app.state.hosts["tone"]


def _until(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting until {what}")
        time.sleep(0.01)


def _post_in_thread(url: str, text: str, results: dict[str, Any], timeout: float = 30.0) -> threading.Thread:
    def post() -> None:
        try:
            r = httpx.post(f"{url}/v1/engines/tone/synthesize", json={"text": text}, timeout=timeout)
            results[text] = r.status_code
        except httpx.HTTPError as exc:
            results[text] = type(exc).__name__

    thread = threading.Thread(target=post, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def engine() -> RecordingTone:
    return RecordingTone()


@pytest.fixture
def server(engine: RecordingTone) -> Iterator[ThreadServer]:
    with ThreadServer({"tone": engine}, heartbeat_s=0.2, max_takes_per_engine=1,
                      max_queue_per_engine=3) as s:
        yield s


def test_requests_beyond_the_slots_wait_and_are_served_in_arrival_order(server: ThreadServer,
                                                                       engine: RecordingTone) -> None:
    host = _host(server)
    results: dict[str, Any] = {}
    with httpx.stream("POST", f"{server.url}/v1/engines/tone/synthesize", json=HOLD, timeout=30) as held:
        lines = held.iter_lines()  # kept: a dropped iterator closes the response
        next(lines)
        threads = []
        for i in range(3):
            threads.append(_post_in_thread(server.url, f"q{i}", results))
            _until(lambda n=i + 1: host.waiting == n, f"{i + 1} requests wait")
        time.sleep(0.3)  # over a heartbeat: a queued request is still waiting, not refused
        assert results == {} and engine.spoken == ["hold"]
    for thread in threads:
        thread.join(WAIT_S)
    assert results == {"q0": 200, "q1": 200, "q2": 200}
    assert engine.spoken == ["hold", "q0", "q1", "q2"]
    assert host.waiting == 0 and host.active == 0


def test_a_full_queue_answers_429_with_retry_after(server: ThreadServer, engine: RecordingTone) -> None:
    host = _host(server)
    results: dict[str, Any] = {}
    with httpx.stream("POST", f"{server.url}/v1/engines/tone/synthesize", json=HOLD, timeout=30) as held:
        lines = held.iter_lines()  # kept: a dropped iterator closes the response
        next(lines)
        threads = [_post_in_thread(server.url, f"q{i}", results) for i in range(3)]
        _until(lambda: host.waiting == 3, "the queue is full")
        r = httpx.post(f"{server.url}/v1/engines/tone/synthesize", json={"text": "one too many"})
        assert r.status_code == 429 and r.json()["error"]["code"] == "busy"
        assert r.headers["retry-after"].isdigit() and 1 <= int(r.headers["retry-after"]) <= 60
        assert "try again in" in r.json()["error"]["message"]
    for thread in threads:
        thread.join(WAIT_S)
    assert results == {"q0": 200, "q1": 200, "q2": 200} and "one too many" not in engine.spoken


def test_a_client_that_leaves_the_queue_is_dropped_from_it(server: ThreadServer,
                                                           engine: RecordingTone) -> None:
    host = _host(server)
    results: dict[str, Any] = {}
    with httpx.stream("POST", f"{server.url}/v1/engines/tone/synthesize", json=HOLD, timeout=30) as held:
        lines = held.iter_lines()  # kept: a dropped iterator closes the response
        next(lines)
        leaving = _post_in_thread(server.url, "gone", results, timeout=0.5)  # gives up after 0.5 s
        _until(lambda: host.waiting == 1, "the request waits")
        leaving.join(WAIT_S)
        assert results == {"gone": "ReadTimeout"}
        _until(lambda: host.waiting == 0, "the request that left is out of the queue")
        staying = _post_in_thread(server.url, "next", results)
        _until(lambda: host.waiting == 1, "the next request waits")
    staying.join(WAIT_S)
    assert results["next"] == 200 and engine.spoken == ["hold", "next"]


def test_a_slot_handed_to_a_waiter_that_left_passes_to_the_next() -> None:
    async def scenario() -> None:
        host = EngineHost("tone", ToneEngine(), max_takes=1, max_queue=2)
        assert host.enter() is None
        first, second = host.enter(), host.enter()
        assert first is not None and second is not None
        with pytest.raises(QueueFull) as full:
            host.enter()
        assert full.value.retry_after >= 1
        await asyncio.to_thread(host.release, 2.0)  # an engine thread ends its take: first's turn
        host.leave(first)  # ...but first's client left before the hand-over ran
        await asyncio.wait_for(second, WAIT_S)
        assert host.active == 1 and host.waiting == 0
        host.release()
        assert host.active == 0

    asyncio.run(scenario())


def test_serve_passes_max_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--max-queue` reaches the server's configuration (the server itself is stood in for)."""
    import studio.server
    from backends.registry import BUILT_IN, EngineEntry, Registry
    from studio.cli import main

    seen: dict[str, Any] = {}
    monkeypatch.setattr(studio.server, "serve", lambda engines, config, port, on_ready: seen.update(c=config))
    registry = Registry([EngineEntry("tone", BUILT_IN, ToneEngine, None)])
    args = ["serve", "--engine", "tone", "--max-queue", "5"]
    assert main(args, stderr=io.StringIO(), registry=registry) == 0
    assert seen["c"].max_queue_per_engine == 5
    err = io.StringIO()
    assert main(["serve", "--engine", "tone", "--max-queue", "-1"], stderr=err, registry=registry) == 2
    assert "--max-queue" in err.getvalue()
