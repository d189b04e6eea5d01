"""The engine server, started for real on loopback (uvicorn in a thread) with a test-double engine
and, once, the embedded engine; spoken to with httpx, the official openai client and our client."""

from __future__ import annotations

import io
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "remote"))
from remote_doubles import RATE, ThreadServer, ToneEngine

from studio.server import ServeError, create_app
from studio.server.run import check_security

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def tone() -> ToneEngine:
    return ToneEngine()


@pytest.fixture
def server(tone: ToneEngine):
    with ThreadServer({"tone": tone}, heartbeat_s=0.2, max_text_chars=500, max_body_bytes=20_000,
                      max_takes_per_engine=1) as s:
        yield s


def _error(response: httpx.Response) -> tuple[str, str]:
    body = response.json()
    return body["error"]["code"], body["error"]["message"]


def test_models_engines_and_voices(server: ThreadServer) -> None:
    with httpx.Client(base_url=server.url) as http:
        models = http.get("/v1/models").json()
        assert models["object"] == "list" and models["data"][0]["id"] == "tone"
        engines = http.get("/v1/engines").json()
        assert engines["engines"][0]["manifest"]["speed"]["maximum"] == 2.0
        assert engines["engines"][0]["availability"]["available"] is True
        assert [v["id"] for v in http.get("/v1/engines/tone/voices").json()["voices"]] == ["beep", "boop"]
        r = http.get("/v1/engines/nope/voices")
        assert r.status_code == 404 and _error(r)[0] == "unknown-engine" and "tone" in _error(r)[1]
        assert http.get("/nowhere").json()["error"]["code"] == "not-found"


def test_ndjson_stream_and_invalid_requests(server: ThreadServer) -> None:
    with httpx.Client(base_url=server.url) as http:
        r = http.post("/v1/engines/tone/synthesize", json={"text": "hi", "seed": 3})
        assert r.headers["content-type"].startswith("application/x-ndjson")
        kinds = [json.loads(line)["type"] for line in r.text.splitlines()]
        assert kinds[0] == "warning" and kinds[-1] == "finished" and kinds.count("audio") == 3
        r = http.post("/v1/engines/tone/synthesize", json={"text": "  "})
        assert r.status_code == 400 and _error(r) == ("invalid-request", "There is no text to speak.")
        r = http.post("/v1/engines/tone/synthesize", json={"txt": "x"})
        assert r.status_code == 422 and _error(r)[0] == "invalid-request" and "text" in _error(r)[1]
        r = http.post("/v1/engines/tone/synthesize", content=b"{not json",
                      headers={"content-type": "application/json"})
        assert r.status_code == 422
        r = http.post("/v1/engines/tone/synthesize", json={"text": "x" * 501})
        assert r.status_code == 413 and _error(r)[0] == "text-too-long"
        r = http.post("/v1/engines/tone/synthesize", json={"text": "x", "options": {"pad": "y" * 30_000}})
        assert r.status_code == 413 and _error(r)[0] == "body-too-large"


def test_without_a_queue_the_concurrency_limit_refuses_with_429(tone: ToneEngine) -> None:
    """--max-queue 0: a request beyond the slots is refused at once and told when to retry (the
    queue itself is tested in test_queue.py)."""
    endless = {"text": "a", "options": {"endless": True, "delay": 0.02}}
    with ThreadServer({"tone": tone}, heartbeat_s=0.2, max_takes_per_engine=1,
                      max_queue_per_engine=0) as server:
        with httpx.Client(base_url=server.url, timeout=10) as http, \
                http.stream("POST", "/v1/engines/tone/synthesize", json=endless) as r1:
            lines = r1.iter_lines()  # kept: a dropped iterator closes the response
            next(lines)
            r2 = http.post("/v1/engines/tone/synthesize", json={"text": "b"})
            assert r2.status_code == 429 and _error(r2)[0] == "busy" and r2.headers["retry-after"].isdigit()
        # closing the first stream cancelled its take on the server, which frees the slot. Measured on
        # a 2-core EPYC: the engine sees the cancel within 5 ms and the slot is free within 130 ms; the
        # 5 s waits below are over ten times that, so only a take that is never cancelled fails them.
        deadline = time.monotonic() + 5
        while not tone.tokens[0].cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        assert tone.tokens[0].cancelled
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if httpx.post(f"{server.url}/v1/engines/tone/synthesize", json={"text": "c"}).status_code == 200:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the slot was not freed after the cancelled take")


def test_host_header_is_checked(server: ThreadServer) -> None:
    for host in ("evil.example", "evil.example:8765", "10.0.0.5"):
        r = httpx.get(f"{server.url}/v1/models", headers={"Host": host})
        assert r.status_code == 421 and _error(r)[0] == "bad-host"
    local = {"Host": f"localhost:{server.port}"}
    assert httpx.get(f"{server.url}/v1/models", headers=local).status_code == 200
    assert httpx.get(f"{server.url}/openapi.json", headers={"Host": "rebind.evil"}).status_code == 421


def test_key_is_required_when_set(tone: ToneEngine) -> None:
    with ThreadServer({"tone": tone}, key="s3cret") as s:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret"}):
            r = httpx.get(f"{s.url}/v1/models", headers=headers)
            assert r.status_code == 401 and _error(r)[0] in ("key-required", "bad-key")
        assert httpx.get(f"{s.url}/openapi.json").status_code == 401
        assert httpx.get(f"{s.url}/v1/models", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_refuses_to_listen_beyond_loopback_without_a_key() -> None:
    with pytest.raises(ServeError, match="--key"):
        check_security("0.0.0.0", None)
    check_security("0.0.0.0", "k")
    check_security("::1", None)
    check_security("localhost", None)
    from studio.cli import main

    err = io.StringIO()
    assert main(["serve", "--host", "0.0.0.0"], stderr=err, registry=None) == 2
    assert "without a key" in err.getvalue()


def test_openai_client_gets_audio(server: ThreadServer) -> None:
    openai = pytest.importorskip("openai")
    client = openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused")
    assert next(m.id for m in client.models.list()) == "tone"  # then OpenAI's models
    for fmt in ("wav", "flac", "mp3"):
        audio = client.audio.speech.create(model="tone", input="hello", voice="beep", response_format=fmt)
        data, rate = sf.read(io.BytesIO(audio.content), dtype="float32")
        assert rate in (RATE, 16000) and len(data) > 0.1 * rate, fmt
    pcm = client.audio.speech.create(model="tone", input="hello", voice="beep", response_format="pcm").content
    assert len(pcm) == pytest.approx(2 * 24000 * 0.05 * 3, rel=0.05)  # 3 chunks x 50 ms at 24 kHz s16
    with pytest.raises(openai.BadRequestError, match="no voice 'shouty'"):
        client.audio.speech.create(model="tone", input="hello", voice="shouty")
    with pytest.raises(openai.NotFoundError, match="no engine"):
        client.audio.speech.create(model="tts-9", input="hello", voice="beep")


def test_wav_streams_before_the_take_ends(server: ThreadServer) -> None:
    body = {"model": "tone", "input": "hello", "voice": "beep", "response_format": "wav"}
    # the streaming header says "unknown length" and the stream still reads as a WAV
    with httpx.stream("POST", f"{server.url}/v1/audio/speech", json=body) as r:
        parts = list(r.iter_raw())
    assert parts[0][:4] == b"RIFF" and parts[0][8:12] == b"WAVE" and parts[0][4:8] == b"\xff\xff\xff\xff"
    assert len(parts) > 1  # sent as it was made, not as one file
    data, rate = sf.read(io.BytesIO(b"".join(parts)), dtype="float32")
    assert rate == RATE and len(data) == 3 * int(RATE * 0.05)


def test_openapi_document_is_committed_and_current() -> None:
    """Regenerate with: python -m studio.server.openapi packaging/openapi.json"""
    from studio.server.openapi import openapi_document

    committed = json.loads((ROOT / "packaging" / "openapi.json").read_text("utf-8"))
    assert committed == openapi_document(), "packaging/openapi.json is stale; regenerate it (see docstring)"


def test_openapi_is_served(server: ThreadServer) -> None:
    doc = httpx.get(f"{server.url}/openapi.json").json()
    assert "/v1/audio/speech" in doc["paths"] and "/v1/engines/{engine_id}/synthesize" in doc["paths"]


@pytest.mark.slow
def test_embedded_engine_through_the_server_and_time_to_first_audio() -> None:
    from backends.base import AudioChunk, CancelToken, SynthesisRequest
    from backends.embedded import EmbeddedBackend
    from backends.remote import RemoteBackend

    engine = EmbeddedBackend(preload_kokoro=False)
    engine.load()
    text = "The server adds almost nothing to the time to first audio."
    with ThreadServer({"embedded": engine}, load_on_start=False) as s:
        remote = RemoteBackend(s.url, "embedded")
        remote.load()
        assert remote.manifest == engine.manifest
        assert [v.id for v in remote.voices()] == [v.id for v in engine.voices()]

        def first_audio(backend: object) -> tuple[float, np.ndarray]:
            t = time.perf_counter()
            events = backend.synthesize(SynthesisRequest(text), CancelToken())  # type: ignore[attr-defined]
            first = None
            chunks = []
            for e in events:
                if isinstance(e, AudioChunk):
                    first = first or time.perf_counter() - t
                    chunks.append(e.samples)
            return first or 0.0, np.concatenate(chunks)

        first_audio(engine)  # warm both paths
        first_audio(remote)
        local_s, local_audio = first_audio(engine)
        remote_s, remote_audio = first_audio(remote)
        print(f"\ntime to first audio: in process {local_s * 1000:.1f} ms, "
              f"through the server {remote_s * 1000:.1f} ms")
        assert len(remote_audio) == pytest.approx(len(local_audio), rel=0.2)
        # Measured on a 2-core EPYC: 551 ms in process, 574 ms through the server (23 ms added); the
        # 0.5 s allowance is over ten times that (bench/ holds the real latency goals).
        assert remote_s < local_s + 0.5
        remote.close()


class CrashingTone(ToneEngine):
    """Fails at once with an error no engine should raise (a bug, not a BackendError)."""

    def synthesize(self, request: Any, cancel: Any) -> Any:
        raise RuntimeError("the engine's own bug")


def test_a_server_error_is_logged_with_its_cause(caplog: pytest.LogCaptureFixture) -> None:
    """Every 5xx is logged with the request it answered and the cause's traceback, so an operator (or
    the fuzz test's report) can tell why; the client gets the JSON error, not the traceback."""
    # a long heartbeat: the failure is awaited before the answer starts, so it is an HTTP 500
    with ThreadServer({"tone": CrashingTone()}, heartbeat_s=30) as s, \
            caplog.at_level(logging.ERROR, logger="studio.server"):
        r = httpx.post(f"{s.url}/v1/engines/tone/synthesize", json={"text": "hi"})
    assert r.status_code == 500 and _error(r)[0] == "internal-error" and "Traceback" not in r.text
    answered = [rec for rec in caplog.records if "answered 500 internal-error" in rec.getMessage()]
    assert answered and "POST /v1/engines/tone/synthesize" in answered[0].getMessage()
    assert answered[0].exc_info and isinstance(answered[0].exc_info[1], RuntimeError)


def test_app_builds_without_engines() -> None:
    assert create_app({}) is not None


class LingeringTone(ToneEngine):
    """Tidies up for 0.3 s after its Finished, as a real engine may (freeing buffers, closing files)."""

    def synthesize(self, request: Any, cancel: Any) -> Any:
        yield from super().synthesize(request, cancel)
        time.sleep(0.3)


def test_a_finished_take_frees_its_slot_before_the_client_hears_finished() -> None:
    from backends.base import CancelToken, Finished, SynthesisRequest
    from backends.remote.client import RemoteBackend

    with ThreadServer({"tone": LingeringTone()}, max_takes_per_engine=1) as s:
        client = RemoteBackend(s.url, "tone")
        for text in ("one", "two", "three"):  # each take starts the moment the last one finished
            events = list(client.synthesize(SynthesisRequest(text), CancelToken()))
            assert isinstance(events[-1], Finished)


def test_serve_keeps_prepared_voices_where_the_command_line_says(monkeypatch, tmp_path) -> None:
    """`--voices-dir` reaches the server's configuration (the server itself is stood in for: this is
    the command line's wiring; VoiceStore's persistence has its own tests)."""
    import studio.server
    from backends.registry import BUILT_IN, EngineEntry, Registry
    from studio.cli import main

    seen: dict[str, object] = {}

    def fake_serve(engines, config, port, on_ready):
        seen.update(config=config, engines=list(engines))

    monkeypatch.setattr(studio.server, "serve", fake_serve)
    registry = Registry([EngineEntry("tone", BUILT_IN, ToneEngine, None)])
    err = io.StringIO()
    assert main(["serve", "--engine", "tone", "--voices-dir", str(tmp_path)], stderr=err,
                registry=registry) == 0
    assert seen["engines"] == ["tone"] and seen["config"].voices_dir == str(tmp_path)


def test_pronunciations_reach_the_engine_behind_the_server() -> None:
    """Over HTTP (NDJSON) as the studio's remote engine sends them: the Embedded engine behind the
    server reads the IPA in Piper's phonemes, and a hostile entry is refused with 422."""
    from backends.base import CancelToken, Finished, PhonemeTimings, SynthesisRequest
    from backends.embedded import EmbeddedBackend
    from backends.lexicon import check_entry
    from backends.remote import RemoteBackend

    engine = EmbeddedBackend(preload_kokoro=False)
    engine.load()
    with ThreadServer({"embedded": engine}, load_on_start=False) as s:
        remote = RemoteBackend(s.url, "embedded")
        remote.load()
        assert remote.manifest.reading_support("ipa").support.value == "native"
        lexicon = (check_entry("Nguyen", "ŋwˈɪən", "ipa", "en"),)
        events = list(remote.synthesize(SynthesisRequest("Say Nguyen.", lexicon=lexicon), CancelToken()))
        phonemes = "".join(p for e in events if isinstance(e, PhonemeTimings) for p, _, _ in e.items)
        assert "ŋwˈɪən" in phonemes
        assert isinstance(events[-1], Finished)
        assert events[-1].metadata["chunks"][0]["pronunciations"][0]["how"] == "read"
        hostile = [{"word": "Hi", "reading": "(x)", "kind": "respell"}]
        bad = httpx.post(f"{s.url}/v1/engines/embedded/synthesize", json={"text": "Hi.", "lexicon": hostile})
        assert bad.status_code == 422 and "bracket" in bad.text
        remote.close()
