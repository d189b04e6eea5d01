"""The client engine over both transports: the same events, cancel and refusals over NDJSON and
over the WebSocket, several takes sharing one socket, and "auto" choosing the socket when offered."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from remote_doubles import ThreadServer, ToneEngine

from backends.base import (
    AudioChunk,
    BackendUnavailable,
    Cancelled,
    CancelToken,
    Finished,
    InvalidRequest,
    SynthesisRequest,
)
from backends.remote import RemoteBackend


@pytest.fixture
def tone() -> ToneEngine:
    return ToneEngine()


@pytest.fixture
def server(tone: ToneEngine) -> Iterator[ThreadServer]:
    with ThreadServer({"tone": tone}, heartbeat_s=0.1, max_text_chars=100, key="k3y",
                      max_takes_per_engine=3) as s:
        yield s


@pytest.mark.parametrize("transport", ["http", "websocket"])
def test_same_events_as_in_process(server: ThreadServer, tone: ToneEngine, transport: str) -> None:
    remote = RemoteBackend(server.url, "tone", key="k3y", transport=transport)
    request = SynthesisRequest("hello", "boop", seed=5, options={"chunks": 2})
    events = list(remote.synthesize(request, CancelToken()))
    local = list(tone.synthesize(request, CancelToken()))
    assert [type(e) for e in events] == [type(e) for e in local]
    for a, b in zip(events, local, strict=True):
        if isinstance(a, AudioChunk):
            assert a.samples.tobytes() == b.samples.tobytes()
        elif isinstance(a, Finished):  # the engine's report, unchanged, plus the server's provenance
            assert {k: a.metadata[k] for k in b.metadata} == b.metadata and "server" in a.metadata
        else:
            assert a == b
    remote.close()


@pytest.mark.parametrize("transport", ["http", "websocket"])
def test_cancel_reaches_the_engine(server: ThreadServer, tone: ToneEngine, transport: str) -> None:
    remote = RemoteBackend(server.url, "tone", key="k3y", transport=transport)
    cancel = CancelToken()
    with pytest.raises(Cancelled):
        for event in remote.synthesize(SynthesisRequest("hi", options={"endless": True, "delay": 0.02}),
                                       cancel):
            if isinstance(event, AudioChunk) and event.index == 2:
                cancel.cancel()
    assert tone.cancel_seen.wait(3)
    remote.close()


@pytest.mark.parametrize("transport", ["http", "websocket"])
def test_refusals_come_before_any_event(server: ThreadServer, transport: str) -> None:
    remote = RemoteBackend(server.url, "tone", key="k3y", transport=transport)
    with pytest.raises(InvalidRequest, match="Unknown voice 'nope'"):
        remote.synthesize(SynthesisRequest("hi", "nope"), CancelToken())
    with pytest.raises(InvalidRequest, match="at most 100"):
        remote.synthesize(SynthesisRequest("x" * 101), CancelToken())
    wrong = RemoteBackend(server.url, "tone", key="wrong", transport=transport)
    with pytest.raises(BackendUnavailable, match="refused the key"):
        wrong.synthesize(SynthesisRequest("hi"), CancelToken())
    remote.close()


def test_auto_uses_the_socket_the_server_offers(server: ThreadServer) -> None:
    remote = RemoteBackend(server.url, "tone", key="k3y")
    assert remote.uses_websocket
    assert isinstance(list(remote.synthesize(SynthesisRequest("hi"), CancelToken()))[-1], Finished)
    sock = remote._socket
    assert sock is not None and not sock.closed
    list(remote.synthesize(SynthesisRequest("hi again"), CancelToken()))
    assert remote._socket is sock  # kept open between takes
    assert not RemoteBackend(server.url, "tone", key="k3y", transport="http").uses_websocket
    remote.close()


def test_several_takes_share_one_socket(server: ThreadServer) -> None:
    remote = RemoteBackend(server.url, "tone", key="k3y", transport="websocket")
    results: dict[str, list[object]] = {}

    def run(text: str) -> None:
        results[text] = list(remote.synthesize(SynthesisRequest(text, options={"chunks": 4, "delay": 0.02}),
                                               CancelToken()))

    threads = [threading.Thread(target=run, args=(t,)) for t in ("a", "bb", "ccc")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    for text, events in results.items():
        chunks = [e for e in events if isinstance(e, AudioChunk)]
        assert len(chunks) == 4 and all(c.text == text for c in chunks)  # nobody got another's audio
        assert isinstance(events[-1], Finished)
    assert len(results) == 3
    remote.close()
