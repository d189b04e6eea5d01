"""The client engine across server restarts: a dead server is a clear error, a server restarted on
the same port is used again by the same client, GETs retry with backoff, and a take whose server
dies mid-way keeps what arrived (StreamBroken)."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from remote_doubles import ThreadServer, ToneEngine, child_server

from backends.base import AudioChunk, BackendUnavailable, CancelToken, Finished, SynthesisRequest
from backends.remote import RemoteBackend
from backends.remote.client import StreamBroken


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _take(remote: RemoteBackend, **options: object) -> list[object]:
    return list(remote.synthesize(SynthesisRequest("hi", options=options), CancelToken()))


@pytest.mark.parametrize("transport", ["http", "websocket"])
def test_a_server_restarted_on_the_same_port_is_used_again(transport: str) -> None:
    port = _free_port()
    with child_server(port=port) as (proc, url):
        remote = RemoteBackend(url, "tone", transport=transport, timeout=2, retries=1)
        remote.load()
        assert isinstance(_take(remote)[-1], Finished)
        proc.kill()
        proc.wait(5)
    with pytest.raises(BackendUnavailable, match="Cannot reach an engine server"):
        _take(remote)
    assert not remote.availability().available
    with child_server(port=port):
        events = _take(remote)  # the same client object, no restart of anything on this side
        assert isinstance(events[-1], Finished)
        assert remote.availability().available
    remote.close()


def test_reads_retry_with_backoff_until_the_server_is_up() -> None:
    port = _free_port()
    tone = ToneEngine()
    remote = RemoteBackend(f"http://127.0.0.1:{port}", "tone", retries=4, timeout=2)
    remote._endpoint.backoff = 0.2  # tries at 0, 0.2, 0.6, 1.4, 3.0 s

    def start_later(box: list[ThreadServer]) -> None:
        time.sleep(0.5)
        server = ThreadServer({"tone": tone})
        server.sock.close()  # rebind on the chosen port instead of a free one
        from studio.server.run import bind

        server.sock = bind("127.0.0.1", port)
        server.port, server.url = port, f"http://127.0.0.1:{port}"
        server.thread = threading.Thread(target=server.server.run, kwargs={"sockets": [server.sock]},
                                         daemon=True)
        box.append(server.__enter__())

    box: list[ThreadServer] = []
    starter = threading.Thread(target=start_later, args=(box,))
    starter.start()
    try:
        assert [v.id for v in remote.voices()] == ["beep", "boop"]  # the first try found nothing
    finally:
        starter.join(10)
        for server in box:
            server.__exit__(None, None, None)
        remote.close()


def test_no_retries_means_one_try() -> None:
    remote = RemoteBackend(f"http://127.0.0.1:{_free_port()}", "tone", retries=0)
    start = time.monotonic()
    with pytest.raises(BackendUnavailable):
        remote.voices()
    assert time.monotonic() - start < 1.0  # 1-5 ms measured: one refused connect, no backoff sleeps


@pytest.mark.parametrize("transport", ["http", "websocket"])
def test_a_take_cut_off_keeps_what_arrived(transport: str) -> None:
    with child_server() as (proc, url):
        remote = RemoteBackend(url, "tone", transport=transport, stall_timeout=5)
        got: list[object] = []
        request = SynthesisRequest("hi", options={"endless": True, "delay": 0.02})
        with pytest.raises(StreamBroken) as info:
            for event in remote.synthesize(request, CancelToken()):
                got.append(event)
                if sum(isinstance(e, AudioChunk) for e in got) == 3:
                    proc.kill()
        broken = info.value
        assert broken.received == got and sum(isinstance(e, AudioChunk) for e in got) >= 3
        assert broken.audio_seconds > 0
        assert "the audio that arrived is kept" in str(broken)
        remote.close()
