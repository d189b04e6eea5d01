"""The WebSocket fuzz (WS /v1/engines/{id}/stream), shared by the suite's short run
(test_ws_fuzz.py) and the long one (bench/server_ws_fuzz.py).

A case is one connection: a sequence of frames drawn by Hypothesis (valid takes, cancels in any
order, ids reused, requests of every wrong shape, any JSON value, broken JSON, JSON nested past
the parser's recursion limit, binary frames), then a probe: a fresh, valid take. The server passes
a case when

- every frame it sends is a JSON object with a known event `type`; every `error` event carries a
  `code` and a `message` that is a sentence (ends with '.'), never a traceback;
- it never closes the socket with 1011 (an unhandled error in the app);
- the probe take ends with `finished`: nothing the client sent broke the connection;
- it logged nothing at ERROR meanwhile (an unhandled exception in a take or in the socket's loop).

A frame over the server's message limit is its own case: the socket must close with 1009 and a new
connection must still work.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import math
import socket
import traceback
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st
from remote_doubles import ToneEngine
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from backends.base import CancelToken, SynthesisEvent, SynthesisRequest

EVENT_TYPES = {"audio", "progress", "warning", "finished", "heartbeat", "error"}
# asyncio: "Task exception was never retrieved", a take's task that died with an exception
SERVER_LOGGERS = ("studio.server", "uvicorn", "uvicorn.error", "asyncio")
RECV_TIMEOUT_S = 20  # an answer takes milliseconds; 20 s without one is a server that hangs
IDS = ["a", "b", "c"]  # a small pool, so ids collide, are cancelled before they start, twice, after


class FuzzEngine(ToneEngine):
    """The tone engine with its test knobs bounded: fuzzed `options` must not make a take endless or
    slow (the server still decodes them), but a take may last up to 0.2 s (`chunks` up to 10, `delay`
    up to 20 ms each), so that frames arrive while takes are running."""

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        opts = request.options
        bounded = {}
        with contextlib.suppress(TypeError, ValueError, OverflowError):
            bounded["chunks"] = min(10, max(1, int(opts.get("chunks", 3))))
        with contextlib.suppress(TypeError, ValueError, OverflowError):
            delay = float(opts.get("delay", 0.0))
            bounded["delay"] = min(0.02, max(0.0, delay)) if math.isfinite(delay) else 0.0
        return super().synthesize(dataclasses.replace(request, options=bounded), cancel)


class ServerLog(logging.Handler):
    """What the server logged at ERROR or worse, tracebacks included."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = f"{record.name}: {record.getMessage()}"
        if record.exc_info:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
        self.lines.append(text)

    def attach(self) -> None:
        for name in SERVER_LOGGERS:
            logging.getLogger(name).addHandler(self)

    def detach(self) -> None:
        for name in SERVER_LOGGERS:
            logging.getLogger(name).removeHandler(self)


# --- what a client may send ----------------------------------------------------------------------

JSON_LEAF = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
ANY_JSON = st.recursive(JSON_LEAF, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
TEXTS = st.sampled_from(["hi", "hello there", "", "   ", "x" * 60]) | st.text(max_size=12)
GOOD_REQUEST = st.fixed_dictionaries({"text": st.sampled_from(["hi", "a line"])}, optional={
    "options": st.fixed_dictionaries({"chunks": st.integers(1, 9)}),
    "voice_id": st.sampled_from(["beep", "boop"]), "speed": st.sampled_from([0.5, 1.0, 2.0]),
    "seed": st.integers(0, 10)})
# Each field of a request with any value: wrong types, out of range, unknown voices, nulls
ODD_REQUEST = st.fixed_dictionaries({}, optional={
    "text": TEXTS | ANY_JSON, "voice_id": st.sampled_from(["beep", "nobody"]) | ANY_JSON,
    "speed": st.sampled_from([1.0, 0, -1, 1e308, "fast"]) | ANY_JSON,
    "pitch": st.sampled_from([0.0, 1e300, "high"]) | ANY_JSON,
    "seed": st.integers() | ANY_JSON, "options": ANY_JSON,
    "voice_profile": st.just({"engine_id": "tone"}) | ANY_JSON})
IDS_ANY = st.sampled_from(IDS) | st.sampled_from(["", "x" * 101]) | ANY_JSON
ENCODINGS = st.sampled_from([None, "f32le", "s16le", "mp3"]) | ANY_JSON


def _dump(value: Any) -> str:
    return json.dumps(value, allow_nan=True)


def _synthesize(take_id: Any, request: Any, encoding: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "synthesize", "id": take_id, "request": request}
    if encoding is not None:
        out["encoding"] = encoding
    return out


FRAMES = st.one_of(
    # a valid take, and a valid cancel: the order they come in is the fuzz's
    st.builds(_synthesize, st.sampled_from(IDS), GOOD_REQUEST, st.sampled_from([None, "f32le", "s16le"])),
    st.builds(lambda i: {"type": "cancel", "id": i}, st.sampled_from(IDS)),
    # wrong types and shapes for every field of a message and of its request
    st.builds(_synthesize, IDS_ANY, ODD_REQUEST | ANY_JSON, ENCODINGS),
    st.builds(lambda t, i: {"type": t, "id": i}, st.sampled_from(["cancel", "synthesize", "stop", ""])
              | ANY_JSON, IDS_ANY),
    st.dictionaries(st.sampled_from(["type", "id", "request", "encoding", "extra"]), ANY_JSON, max_size=5),
    ANY_JSON,
).map(lambda value: ("text", _dump(value))) | st.one_of(
    # not JSON at all, JSON cut short, JSON nested past the parser's recursion limit
    st.text(max_size=40).map(lambda t: ("text", t)),
    GOOD_REQUEST.map(lambda r: ("text", _dump(_synthesize("a", r, None))[:-3])),
    st.sampled_from(["[", "{\"a\":"]).map(lambda opener: ("text", opener * (12_000 // len(opener)))),
    # binary where text is expected
    st.binary(max_size=64).map(lambda b: ("binary", b)),
    GOOD_REQUEST.map(lambda r: ("binary", _dump(_synthesize("a", r, None)).encode())),
)
CASES = st.lists(FRAMES, min_size=1, max_size=12)


# --- one case against the server ----------------------------------------------------------------

@dataclasses.dataclass
class Tally:
    """What the fuzz did: cases, frames sent, frames received, error events; failures as text."""

    cases: int = 0
    frames_sent: int = 0
    frames_received: int = 0
    error_events: int = 0
    huge_frames: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)


def open_socket(port: int, key: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    sock = socket.create_connection(("127.0.0.1", port))
    return connect(f"ws://127.0.0.1:{port}/v1/engines/tone/stream", sock=sock, open_timeout=RECV_TIMEOUT_S,
                   additional_headers=headers, max_size=None)


def check_frame(text: Any) -> tuple[dict[str, Any] | None, str | None]:
    """(the event, None) or (None, what is wrong with a frame the server sent)."""
    if not isinstance(text, str):
        return None, f"the server sent a binary frame {text[:40]!r}"
    try:
        event = json.loads(text)
    except ValueError:
        return None, f"the server sent a frame that is not JSON: {text[:200]!r}"
    if not isinstance(event, dict) or event.get("type") not in EVENT_TYPES:
        return None, f"the server sent an unknown event: {text[:200]!r}"
    if event["type"] == "error":
        error = event.get("error")
        if not (isinstance(error, dict) and isinstance(error.get("code"), str)
                and isinstance(error.get("message"), str)):
            return None, f"an error event without code and message: {text[:200]!r}"
        message = error["message"]
        if "Traceback" in message or not message.rstrip().endswith("."):
            return None, f"an error event that is not a sentence: {message[:300]!r}"
    if "id" in event and event["id"] is not None and not isinstance(event["id"], str):
        return None, f"an event with an id that is not a string: {text[:200]!r}"
    return event, None


def run_case(port: int, frames: list[tuple[str, Any]], log: ServerLog, tally: Tally,
             probe_text: str = "probe") -> str | None:
    """Send `frames` on one connection, then the probe take; the failure as text, or None."""
    mark = len(log.lines)
    tally.cases += 1
    probe_id = "probe"
    try:
        with open_socket(port) as conn:
            for kind, payload in frames:
                conn.send(payload if kind == "text" else bytes(payload), text=kind == "text")
                tally.frames_sent += 1
            conn.send(json.dumps(_synthesize(probe_id, {"text": probe_text}, "s16le")))
            tally.frames_sent += 1
            while True:
                event, problem = check_frame(conn.recv(RECV_TIMEOUT_S))
                tally.frames_received += 1
                if problem is not None:
                    return problem
                assert event is not None
                if event["type"] == "error":
                    tally.error_events += 1
                if event.get("id") == probe_id and event["type"] in ("finished", "error"):
                    if event["type"] == "error":
                        return f"the probe take after the fuzzed frames failed: {event['error']}"
                    break
    except ConnectionClosed as exc:
        return f"the server closed the socket ({exc.rcvd.code if exc.rcvd else 'no close frame'}: " \
               f"{exc.rcvd.reason if exc.rcvd else ''})"
    except TimeoutError:
        return f"the server sent nothing for {RECV_TIMEOUT_S} s (the probe never finished)"
    finally:
        logged = log.lines[mark:]
    if logged:
        return "the server logged an error:\n" + "\n".join(logged)
    return None


def run_huge_frame(port: int, limit: int, log: ServerLog, tally: Tally, binary: bool = False) -> str | None:
    """A frame over `limit`, sent while takes run: the socket closes with 1009, the takes end without
    an error in the log, and the next connection still works."""
    mark = len(log.lines)
    tally.cases += 1
    tally.huge_frames += 1
    payload = json.dumps(_synthesize("big", {"text": "x" * limit}, None))
    try:
        with open_socket(port) as conn:
            # takes under way when the server closes the socket must end quietly, not log an error
            for take_id in IDS:
                slow = {"text": "a line", "options": {"chunks": 10, "delay": 0.02}}
                conn.send(json.dumps(_synthesize(take_id, slow, None)))
            while json.loads(conn.recv(RECV_TIMEOUT_S))["type"] != "audio":
                pass  # the takes are streaming
            conn.send(payload.encode() if binary else payload, text=not binary)
            tally.frames_sent += 1 + len(IDS)
            try:
                while True:
                    conn.recv(RECV_TIMEOUT_S)
            except ConnectionClosed as exc:
                code = exc.rcvd.code if exc.rcvd else None
                if code != 1009:
                    return f"a frame over the limit closed the socket with {code}, not 1009 (message too big)"
    except TimeoutError:
        return f"a frame over the limit left the socket open for {RECV_TIMEOUT_S} s"
    failure = run_case(port, [], log, tally)
    if failure:
        return f"after a frame over the limit, a new connection failed: {failure}"
    if log.lines[mark:]:
        return "the server logged an error:\n" + "\n".join(log.lines[mark:])
    return None
