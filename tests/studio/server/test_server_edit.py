"""POST /v1/engines/{id}/edit on the real server: the Embedded engine's edits measured on real speech,
progress streamed, every refusal an HTTP error before the stream, a failure mid-way an error line,
and a client that leaves cancels the engine."""

from __future__ import annotations

import io
import json
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "remote"))
from remote_doubles import ThreadServer, ToneEngine

from backends.audio import Audio, load_audio
from backends.base import BackendError, Cancelled, CancelToken, Manifest, Support
from backends.edits import EditRequest, EditSupport
from backends.embedded.engine import EmbeddedBackend
from backends.embedded.pitch import median_f0
from backends.remote import wire

DATA = Path(__file__).resolve().parents[2] / "data"
SPEECH = DATA / "fear_zh_female_prompt.wav"  # 5.04 s, 24 kHz


class SlowEdits(ToneEngine):
    """A tone engine that also edits: 'denoise' returns the clip after `delay` seconds per call,
    checking its cancel token; it fails on call `fail_on` (1-based) if set."""

    max_edit_seconds = 2.0

    def __init__(self) -> None:
        super().__init__()
        self._manifest = Manifest("slow", "Slow", "1", "MIT", "", ("en",), {}, edits={
            "denoise": EditSupport(Support.NATIVE, "returns the clip"),
            "style": EditSupport(Support.UNSUPPORTED, "Slow has no style.")})
        self.delay = 0.0
        self.fail_on: int | None = None
        self.calls = 0
        self.cancelled = threading.Event()

    def edit(self, audio: Audio, request: EditRequest, cancel: CancelToken, progress=None) -> Audio:
        self.calls += 1
        if self.fail_on == self.calls:
            raise BackendError("the model ran out of memory")
        until = time.monotonic() + self.delay
        while time.monotonic() < until:
            if cancel.cancelled:
                self.cancelled.set()
                raise Cancelled()
            time.sleep(0.01)
        return audio


@pytest.fixture(scope="module")
def engines() -> dict[str, Any]:
    return {"embedded": EmbeddedBackend(preload_kokoro=False), "tone": ToneEngine(), "slow": SlowEdits()}


@pytest.fixture
def server(engines: dict[str, Any]) -> Iterator[ThreadServer]:
    slow = engines["slow"]
    slow.delay, slow.fail_on, slow.calls = 0.0, None, 0
    slow.cancelled.clear()
    with ThreadServer(engines, load_on_start=False, heartbeat_s=0.2) as s:
        yield s


def _wav(path: Path = SPEECH) -> bytes:
    return path.read_bytes()


def _post(server: ThreadServer, engine: str, instruction: str | None, data: bytes | None = None,
          **fields: str) -> httpx.Response:
    form = dict(fields)
    if instruction is not None:
        form["instruction"] = instruction
    files = {"file": ("clip.wav", data if data is not None else _wav(), "audio/wav")}
    return httpx.post(f"{server.url}/v1/engines/{engine}/edit", data=form, files=files, timeout=120)


def _events(response: httpx.Response) -> list[Any]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(wire.NDJSON_MEDIA_TYPE)
    return [wire.decode_event(json.loads(line)) for line in response.text.splitlines() if line.strip()]


def _audio(events: list[Any]) -> Audio:
    chunks = [e for e in events if type(e).__name__ == "AudioChunk"]
    assert len(chunks) == 1
    return Audio(chunks[0].samples, chunks[0].sample_rate)


def test_speed_through_the_server(server: ThreadServer) -> None:
    events = _events(_post(server, "embedded", "speed=1.25"))
    out, source = _audio(events), load_audio(SPEECH)
    assert abs(out.duration / source.duration - 0.8) <= 0.02 * 0.8
    finished = events[-1]
    assert type(finished).__name__ == "Finished" and finished.metadata["request"]["kind"] == "speed"


def test_pitch_on_a_span_with_progress(server: ThreadServer) -> None:
    events = _events(_post(server, "embedded", "pitch=3", start="1.0", end="4.0", encoding="s16le"))
    progress = [e for e in events if type(e).__name__ == "Progress"]
    assert progress and progress[-1].done == progress[-1].total == 1000
    assert [p.done for p in progress] == sorted(p.done for p in progress)
    out, source = _audio(events), load_audio(SPEECH)
    meta = events[-1].metadata
    a, b = (round(t * source.sample_rate) for t in meta["span"])
    shift = 12 * np.log2(median_f0(out.samples[a:b], out.sample_rate) / median_f0(source.samples[a:b],
                                                                                   source.sample_rate))
    assert abs(shift - 3.0) <= 0.5 and len(out) == len(source)


def test_repeat_and_split_are_reported(server: ThreadServer) -> None:
    events = _events(_post(server, "slow", "denoise", repeat="2"))
    meta = events[-1].metadata
    assert meta["iterations"] == 2 and meta["pieces"] >= 3  # 5 s under a 2 s limit
    assert server is not None


@pytest.mark.parametrize(("engine", "instruction", "fields", "status", "text"), [
    ("tone", "denoise", {}, 422, "Engine 'tone' cannot edit recordings"),
    ("nobody", "denoise", {}, 404, "no engine 'nobody'"),
    ("embedded", "style=whisper", {}, 422, "Changing the speaking style needs a speech-editing model"),
    ("embedded", "emotion=joy", {}, 422, "'joy' is not a known emotion value"),
    ("embedded", None, {}, 422, "needs an 'instruction' field"),
    ("embedded", "denoise", {"start": "3", "end": "3"}, 422, "is empty or outside the clip"),
    ("embedded", "denoise", {"end": "9"}, 422, "is empty or outside the clip"),
    ("embedded", "denoise", {"start": "soon"}, 422, "must be a number of seconds"),
    ("embedded", "denoise", {"repeat": "50"}, 422, "'repeat' is a whole number from 1 to 10"),
    ("embedded", "denoise", {"encoding": "mp3"}, 422, "'encoding' is one of"),
    ("slow", "style=whisper", {}, 422, "Slow has no style."),
])
def test_refusals_come_before_the_stream(server: ThreadServer, engine: str, instruction: str | None,
                                         fields: dict[str, str], status: int, text: str) -> None:
    response = _post(server, engine, instruction, **fields)
    assert response.status_code == status
    assert text in response.json()["error"]["message"]


def test_bad_uploads(server: ThreadServer) -> None:
    response = _post(server, "embedded", "denoise", data=b"not audio at all")
    assert response.status_code == 400 and response.json()["error"]["code"] == "unreadable-audio"
    response = httpx.post(f"{server.url}/v1/engines/embedded/edit", json={"instruction": "denoise"})
    assert response.status_code == 400 and "multipart" in response.json()["error"]["message"]


def test_a_failure_mid_way_is_an_error_line(server: ThreadServer, engines: dict[str, Any]) -> None:
    engines["slow"].fail_on, engines["slow"].delay = 2, 0.3  # the second of three pieces, after progress
    events = _events(_post(server, "slow", "denoise"))
    last = events[-1]
    assert isinstance(last, wire.RemoteError) and last.code == "engine-failed"
    assert "the model ran out of memory" in last.message
    assert not any(type(e).__name__ == "AudioChunk" for e in events)


def test_a_failure_on_the_first_piece_is_an_error_line_too(server: ThreadServer,
                                                             engines: dict[str, Any]) -> None:
    engines["slow"].fail_on = 1  # progress 0 % has already been sent: the stream has begun
    last = _events(_post(server, "slow", "denoise"))[-1]
    assert isinstance(last, wire.RemoteError) and last.code == "engine-failed"
    assert last.message == "The edit failed: the model ran out of memory. The recording is unchanged."


def test_a_client_that_leaves_cancels_the_edit(server: ThreadServer, engines: dict[str, Any]) -> None:
    engines["slow"].delay = 30.0
    buffer = io.BytesIO()
    sf.write(buffer, np.zeros(16000, np.float32), 16000, format="WAV")
    with httpx.stream("POST", f"{server.url}/v1/engines/slow/edit", data={"instruction": "denoise"},
                      files={"file": ("z.wav", buffer.getvalue(), "audio/wav")}, timeout=30) as response:
        assert response.status_code == 200
        next(response.iter_lines())  # the edit has begun
    assert engines["slow"].cancelled.wait(10), "the engine was not cancelled when the client left"


def test_the_route_is_in_the_openapi_document(server: ThreadServer) -> None:
    doc = httpx.get(f"{server.url}/openapi.json").json()
    post = doc["paths"]["/v1/engines/{engine_id}/edit"]["post"]
    schema = post["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert {"file", "instruction", "start", "end", "repeat"} <= set(schema["properties"])
    assert wire.NDJSON_MEDIA_TYPE in post["responses"]["200"]["content"]


def _small_wav() -> bytes:
    buffer = io.BytesIO()
    clip = load_audio(SPEECH).slice_seconds(1.0, 2.0)
    sf.write(buffer, clip.samples, clip.sample_rate, format="WAV")
    return buffer.getvalue()


def test_random_forms_get_a_sentence_never_a_server_error(server: ThreadServer) -> None:
    """A short fuzz of the route's form (instruction, span, repeat, encoding, file): every answer is a
    4xx with a sentence, or a stream that ends in audio + finished or an error line that is not a
    server fault."""
    from hypothesis import HealthCheck, example, given, settings
    from hypothesis import strategies as st

    good = _small_wav()
    known = ["denoise", "speed=1.25", "pitch=-2", "emotion=sad", "remove_silence", "style=news", "emotion=",
             "speed=0", "pitch=1e309", "vad=1", "paralinguistic=sigh", ""]
    instructions = st.one_of(st.sampled_from(known), st.text(max_size=30))
    numbers = st.one_of(st.none(), st.sampled_from(["0", "0.5", "1", "-1", "nan", "inf", "1e308", ""]),
                        st.text(max_size=8))

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(instruction=instructions, start=numbers, end=numbers, repeat=numbers,
           encoding=st.sampled_from(["", "f32le", "s16le", "wav", "\x00"]),
           data=st.one_of(st.just(good), st.binary(max_size=200)))
    @example(instruction="emotion=sad", start="0.5", end=None, repeat="2", encoding="s16le", data=good)
    @example(instruction="remove_silence", start=None, end=None, repeat=None, encoding="", data=good)
    def check(instruction: str, start: str | None, end: str | None, repeat: str | None, encoding: str,
              data: bytes) -> None:
        given_fields = (("start", start), ("end", end), ("repeat", repeat), ("encoding", encoding))
        fields = {k: v for k, v in given_fields if v is not None}
        response = _post(server, "embedded", instruction, data=data, **fields)
        assert response.status_code in (200, 400, 422), response.text
        if response.status_code != 200:
            message = response.json()["error"]["message"]
            assert message and "Traceback" not in message
            return
        events = _events(response)
        last = events[-1]
        if isinstance(last, wire.RemoteError):
            assert last.code != "internal-error", last.message
        else:
            assert type(last).__name__ == "Finished" and _audio(events).duration > 0

    check()
