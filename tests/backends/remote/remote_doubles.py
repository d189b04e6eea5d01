"""A small test-double engine and real servers for it: in a thread, or as a child process.

The server is always the real `studio.server` app under uvicorn on loopback; only the engine
behind it is a double, so tests control timing (slow chunks, a take that runs until cancelled)
and can see what the engine saw (the cancel).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from backends.base import (
    AudioChunk,
    Availability,
    Backend,
    CancelToken,
    Finished,
    InvalidRequest,
    Manifest,
    Progress,
    Range,
    Support,
    SynthesisEvent,
    SynthesisRequest,
    SynthesisWarning,
    TagSupport,
    VoiceInfo,
)

RATE = 16000
ROOT = Path(__file__).resolve().parents[3]


class ToneEngine:
    """Speaks every character as 10 ms of a tone. Options: `chunks` (default 3), `delay` (seconds
    per chunk), `endless` (chunks until cancelled). Records each take's token in `tokens`."""

    def __init__(self) -> None:
        self.loaded = False
        self.tokens: list[CancelToken] = []
        self.cancel_seen = threading.Event()
        self._manifest = Manifest(
            id="tone", name="Tone", version="1", licence="MIT", description="Beeps for tests.",
            languages=("en",), tags={"emotion:高兴": TagSupport(Support.APPROXIMATED, "louder beep")},
            streaming=True, speed=Range(0.5, 2.0, 1.0, "native"))

    @property
    def manifest(self) -> Manifest:
        return self._manifest

    def availability(self) -> Availability:
        return Availability(True)

    def load(self) -> None:
        self.loaded = True

    def unload(self) -> None:
        self.loaded = False

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("beep", "Beep", ("en",), RATE), VoiceInfo("boop", "Boop", ("en",), RATE)]

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        if not request.text.strip():
            raise InvalidRequest("There is no text to speak.")
        if request.voice_id not in (None, "beep", "boop"):
            raise InvalidRequest(f"Unknown voice '{request.voice_id}'.")
        self.tokens.append(cancel)
        return self._take(request, cancel)

    def _take(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        opts = request.options
        count = int(opts.get("chunks", 3))
        delay = float(opts.get("delay", 0.0))
        endless = bool(opts.get("endless", False))
        try:
            yield SynthesisWarning("tag-approximated", "a warning", (0, 1))
            i = 0
            while endless or i < count:
                if cancel.cancelled:
                    return
                if delay:
                    time.sleep(delay)
                n = int(RATE * 0.01 * max(1, len(request.text)))
                t = np.arange(n, dtype=np.float32) / RATE
                yield AudioChunk((0.3 * np.sin(2 * np.pi * 440 * t + i)).astype(np.float32), RATE, i,
                                 text=request.text, source_span=(0, len(request.text)))
                yield Progress(i + 1, count)
                i += 1
        finally:
            if cancel.cancelled:  # however the take ended, the engine's token was cancelled
                self.cancel_seen.set()
        yield Finished({"engine": "tone", "chunks": i, "seed": request.seed, "nested": {"a": [1, 2.5]}})


class UvicornThread:
    """A uvicorn server on an already-bound loopback socket, in a daemon thread: a real server for tests."""

    def __init__(self, server: Any, sock: Any, name: str) -> None:
        self.server = server
        self.sock = sock
        self.name = name
        self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)

    def __enter__(self) -> Any:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"the {self.name} did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(5)
        self.sock.close()


class ThreadServer(UvicornThread):
    """The real server app under uvicorn on a free loopback port, in this process."""

    def __init__(self, engines: Mapping[str, Backend], **config: object) -> None:
        from studio.server import ServerConfig, make_server
        from studio.server.run import bind

        self.config = ServerConfig(**config)  # type: ignore[arg-type]
        super().__init__(make_server(engines, self.config), bind(self.config.bound_host, 0), "test server")


_CHILD = """
import sys
sys.path.insert(0, {here!r})
from remote_doubles import ToneEngine
from studio.server import ServerConfig, serve
def ready(host, port):
    print(port, flush=True)
serve({{"tone": ToneEngine()}}, ServerConfig(heartbeat_s={hb}), port={port}, on_ready=ready)
"""


@contextlib.contextmanager
def child_server(heartbeat_s: float = 0.2, port: int = 0) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """The real server with a ToneEngine in a child process (so a test can kill or freeze it);
    `port` 0 picks a free one, another reuses a port (a server restarted where it was)."""
    code = _CHILD.format(here=str(Path(__file__).parent), hb=heartbeat_s, port=port)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline().strip())
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                import signal

                proc.send_signal(signal.SIGCONT)
            proc.kill()
        proc.wait(10)
