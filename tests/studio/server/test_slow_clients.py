"""Slow and abusive HTTP clients (studio.server.protocol, guard.py): a slowloris attack is cut off while
a normal request still gets through, a slow body is cut off, the connection limit makes room, and an
oversized chunked body, a TRACE and a malformed request each get the server's JSON error.

Timeouts here are short (1 s) so the tests are quick; every wait for the server is at least ten times
the deadline it checks, so a loaded machine does not fail them."""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "remote"))
from remote_doubles import ThreadServer, ToneEngine

DEADLINE_S = 1.0
WAIT_S = 10 * DEADLINE_S + 5  # tenfold headroom, plus the trickle's own period


@pytest.fixture
def server() -> Iterator[ThreadServer]:
    with ThreadServer({"tone": ToneEngine()}, header_timeout_s=DEADLINE_S, body_timeout_s=DEADLINE_S,
                      max_connections=8, max_body_bytes=10_000) as s:
        yield s


def _connect(server: ThreadServer) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port))
    sock.settimeout(WAIT_S)
    return sock


def _answer(sock: socket.socket) -> tuple[int, dict[str, str], dict[str, Any]]:
    """Read until the server closes: (status, headers, JSON body). Fails if it never closes."""
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            pytest.fail(f"the server kept the connection open for {WAIT_S} s (got {data[:200]!r})")
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, json.loads(body)


def _is_error_shape(body: dict[str, Any], code: str) -> None:
    error = body["error"]
    assert error["code"] == code and set(error) == {"message", "type", "param", "code"}
    assert error["message"].endswith(".") and "Traceback" not in error["message"]


def test_slowloris_is_cut_off_while_a_normal_request_gets_through(server: ThreadServer) -> None:
    """12 clients (over the limit of 8) each send a header byte every 0.2 s, forever. Each is closed
    with a 408 (headers too slow) or a 503 (pushed out to make room); a normal request made in the
    middle of the attack is answered."""
    slow = [_connect(server) for _ in range(12)]
    stop = threading.Event()

    def trickle() -> None:
        line = b"GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 1000
        for i in range(len(line)):
            for sock in slow:
                with contextlib.suppress(OSError):  # this one was closed
                    sock.send(line[i:i + 1])
            if stop.wait(0.2):
                return

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        time.sleep(0.3)  # the attack is under way
        answer = httpx.get(f"{server.url}/v1/models", timeout=WAIT_S)
        assert answer.status_code == 200 and answer.json()["data"]
        statuses = []
        for sock in slow:
            status, _, body = _answer(sock)
            statuses.append(status)
            _is_error_shape(body, "headers-too-slow" if status == 408 else "too-many-connections")
        assert set(statuses) <= {408, 503} and 408 in statuses
    finally:
        stop.set()
        thread.join(5)
        for sock in slow:
            sock.close()


def test_connection_limit_refuses_when_every_connection_is_busy(server: ThreadServer) -> None:
    """With every connection in the middle of a request (their bodies arriving), a new one is refused
    with 503 and Retry-After: the limit holds, and only clients waiting for headers are pushed out."""
    busy = []
    for _ in range(8):
        sock = _connect(server)
        sock.sendall(b"POST /v1/engines/tone/synthesize HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        busy.append(sock)
    try:
        time.sleep(0.2)  # the eight requests' headers are read
        extra = _connect(server)
        status, headers, body = _answer(extra)
        assert status == 503 and headers["retry-after"] == "1"
        _is_error_shape(body, "too-many-connections")
    finally:
        for sock in busy:
            sock.close()


def test_a_slow_body_is_cut_off(server: ThreadServer) -> None:
    sock = _connect(server)
    sock.sendall(b"POST /v1/engines/tone/synthesize HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"te")
    status, _, body = _answer(sock)
    assert status == 408
    _is_error_shape(body, "body-too-slow")


def test_a_kept_alive_connection_serves_requests_and_is_closed_when_idle(server: ThreadServer) -> None:
    with httpx.Client(base_url=server.url, timeout=WAIT_S) as client:
        for _ in range(3):
            assert client.get("/v1/models").status_code == 200


def test_an_oversized_chunked_body_gets_413_not_400(server: ThreadServer) -> None:
    """No Content-Length, so the Guard counts the chunks; FastAPI used to turn its refusal into
    "There was an error parsing the body" (400)."""
    sock = _connect(server)
    sock.sendall(b"POST /v1/engines/tone/synthesize HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"x" * 4096
    try:
        for _ in range(10):  # 40 kB against a limit of 10 kB
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    except OSError:
        pass  # the server answered and closed while we were still sending
    status, headers, body = _answer(sock)
    assert status == 413 and headers["connection"] == "close"
    _is_error_shape(body, "body-too-large")


def test_an_oversized_json_body_through_httpx_gets_413(server: ThreadServer) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(10):
            yield b"a" * 4096
        yield b'"}'

    answer = httpx.post(f"{server.url}/v1/audio/speech", content=chunks(), timeout=WAIT_S,
                        headers={"content-type": "application/json"})
    assert answer.status_code == 413
    _is_error_shape(answer.json(), "body-too-large")


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH"])
def test_a_method_a_path_does_not_take_gets_405_with_allow(server: ThreadServer, method: str) -> None:
    answer = httpx.request(method, f"{server.url}/v1/models", timeout=WAIT_S)
    assert answer.status_code == 405 and answer.headers["allow"] == "GET"
    _is_error_shape(answer.json(), "method-not-allowed")
    assert f"{method} is not allowed on /v1/models; it accepts GET." == answer.json()["error"]["message"]


def test_an_unknown_path_is_a_sentence(server: ThreadServer) -> None:
    answer = httpx.get(f"{server.url}/v2/nothing", timeout=WAIT_S)
    assert answer.status_code == 404
    _is_error_shape(answer.json(), "not-found")


def test_malformed_http_gets_the_json_error(server: ThreadServer) -> None:
    sock = _connect(server)
    sock.sendall(b"\x00\x01 not http at all\r\n\r\n")
    status, _, body = _answer(sock)
    assert status == 400
    _is_error_shape(body, "bad-request")


def test_a_pipelined_request_is_not_cut_off_while_it_is_served(server: ThreadServer) -> None:
    """Two requests in one write: the second is found when the first's answer ends, and the header
    deadline armed for "the next request" must not cut it off while its take (2.4 s, over the 1 s
    deadline) streams."""
    body = json.dumps({"text": "hey", "options": {"chunks": 3, "delay": 0.8}}).encode()
    sock = _connect(server)
    sock.sendall(b"GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                 b"POST /v1/engines/tone/synthesize HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                 b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    assert data.count(b"HTTP/1.1 200") == 2, data[:500]
    assert b'"type":"finished"' in data.replace(b" ", b"") and b"408" not in data.split(b"\r\n")[0]
