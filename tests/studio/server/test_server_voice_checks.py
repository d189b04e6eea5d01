"""`POST /v1/engines/{id}/voices` asks what the Clone wizard and `step-studio clone` ask (issue 20):
a reference without enough speech (noise, a tone, silence, samples that are not audio) is a 422
with the core's sentence, a request without who is speaking and how they agreed is a 400, and
neither writes anything to the server's voice folder or reaches the engine. A real speech clip
with consent makes a voice that keeps its consent record."""

from __future__ import annotations

import dataclasses
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "remote"))
from remote_doubles import ThreadServer, ToneEngine

from backends.audio import load_audio
from backends.base import CloneSupport, VoiceProfile

ROOT = Path(__file__).resolve().parents[3]
SPEECH = ROOT / "tests" / "data" / "zero_shot_en_prompt.wav"
AUTH = {"Authorization": "Bearer k"}
CONSENT = {"speaker": "Ann Example", "consent": "in writing", "name": "Ann"}


class CountingCloner(ToneEngine):
    """Makes a profile from any clip and counts the clips it was given."""

    def __init__(self) -> None:
        super().__init__()
        cloning = CloneSupport(kind="clone", min_seconds=1)
        self._manifest = dataclasses.replace(self._manifest, cloning=cloning)
        self.prepared = 0

    def prepare_voice(self, reference, transcript, cancel, progress=None):  # type: ignore[no-untyped-def]
        self.prepared += 1
        return VoiceProfile("tone", "clone", 1, {"seconds": reference.duration}, similarity=0.9)


def _wav(samples: np.ndarray, rate: int = 16000, subtype: str = "PCM_16") -> bytes:
    buffer = io.BytesIO()
    sf.write(buffer, samples, rate, format="WAV", subtype=subtype)
    return buffer.getvalue()


def _white_noise(seconds: float = 8.0) -> bytes:
    return _wav(np.random.default_rng(3).uniform(-0.5, 0.5, int(16000 * seconds)).astype(np.float32))


def _square(seconds: float = 6.0) -> bytes:
    t = np.arange(int(16000 * seconds)) / 16000
    return _wav(np.sign(np.sin(2 * np.pi * 200 * t)).astype(np.float32) * 0.99)


def _huge_floats(seconds: float = 6.0) -> bytes:
    voice = load_audio(SPEECH)
    return _wav((voice.samples[: int(voice.sample_rate * seconds)] * 1e30).astype(np.float32),
                voice.sample_rate, subtype="FLOAT")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} \
        if folder.exists() else {}


@pytest.fixture
def engine() -> CountingCloner:
    return CountingCloner()


@pytest.fixture
def served(engine: CountingCloner, tmp_path: Path) -> Iterator[tuple[ThreadServer, Path]]:
    folder = tmp_path / "voices"
    with ThreadServer({"tone": engine}, heartbeat_s=0.1, key="k", voices_dir=str(folder),
                      max_body_bytes=4_000_000) as server:
        yield server, folder


def _post(server: ThreadServer, clip: bytes, fields: dict[str, str], **headers: str) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/engines/tone/voices", headers={**AUTH, **headers}, data=fields,
                      files={"file": ("clip.wav", clip, "audio/wav")}, timeout=60)


@pytest.mark.parametrize(("make", "found"), [(_white_noise, "noise or other sound"),
                                             (_square, "a steady tone or music"),
                                             (_huge_floats, "far beyond full scale")])
def test_a_clip_without_speech_is_refused_and_nothing_is_kept(served: tuple[ThreadServer, Path],
                                                              engine: CountingCloner, make: object,
                                                              found: str) -> None:
    server, folder = served
    before = _snapshot(folder)
    answer = _post(server, make(), CONSENT)  # type: ignore[operator]
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "unusable-reference" and error["param"] == "file"
    assert found in error["message"] and "\n" not in error["message"] and "Traceback" not in answer.text
    assert _snapshot(folder) == before and engine.prepared == 0
    assert httpx.get(f"{server.url}/v1/engines/tone/voices", headers=AUTH).json()["prepared"] == []


def test_the_stream_form_refuses_before_streaming(served: tuple[ThreadServer, Path],
                                                  engine: CountingCloner) -> None:
    server, folder = served
    answer = _post(server, _white_noise(), CONSENT, accept="application/x-ndjson")
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "unusable-reference"
    assert _snapshot(folder) == {} and engine.prepared == 0


@pytest.mark.parametrize("fields", [{}, {"speaker": "Ann"}, {"consent": "in writing"},
                                    {"speaker": "  ", "consent": "in writing"},
                                    {"speaker": "Ann", "consent": "\x1b\x07"}])
def test_a_voice_without_consent_is_refused(served: tuple[ThreadServer, Path], engine: CountingCloner,
                                            fields: dict[str, str]) -> None:
    server, folder = served
    answer = _post(server, SPEECH.read_bytes(), fields)
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert error["code"] == "consent-missing" and "'speaker'" in error["message"]
    assert "'consent'" in error["message"]
    assert _snapshot(folder) == {} and engine.prepared == 0


def test_consent_is_asked_before_the_clip_is_judged(served: tuple[ThreadServer, Path]) -> None:
    server, _ = served
    answer = _post(server, _white_noise(), {})
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "consent-missing"


def test_speech_with_consent_makes_a_voice_that_keeps_its_consent(served: tuple[ThreadServer, Path],
                                                                  engine: CountingCloner) -> None:
    server, folder = served
    fields = {**CONSENT, "licence": "personal use only", "recorded": "2025-01-02"}
    answer = _post(server, SPEECH.read_bytes(), fields)
    assert answer.status_code == 201, answer.text
    voice = answer.json()
    assert voice["name"] == "Ann" and engine.prepared == 1
    consent = voice["consent"]
    assert consent["speaker"] == "Ann Example" and consent["given"] is True and consent["how"] == "in writing"
    assert consent["licence"] == "personal use only" and consent["recorded"] == "2025-01-02"
    assert consent["source"] == "Uploaded to the engine server as clip.wav"
    [kept] = folder.glob("tone/prepared-*.json")
    assert '"in writing"' in kept.read_text(encoding="utf-8")
    listed = httpx.get(f"{server.url}/v1/engines/tone/voices", headers=AUTH).json()["prepared"]
    assert [v["id"] for v in listed] == [voice["id"]] and listed[0]["consent"] == consent


def test_the_stream_form_accepts_speech_with_consent(served: tuple[ThreadServer, Path]) -> None:
    server, _ = served
    answer = _post(server, SPEECH.read_bytes(), {**CONSENT, "source": "studio session"},
                   accept="application/x-ndjson")
    assert answer.status_code == 201
    last = [line for line in answer.text.splitlines() if line.strip()][-1]
    assert '"type":"voice"' in last.replace(" ", "") and "studio session" in last


def test_the_document_says_what_is_required() -> None:
    from studio.server.openapi import openapi_document

    form = openapi_document()["paths"]["/v1/engines/{engine_id}/voices"]["post"]["requestBody"]
    schema = form["content"]["multipart/form-data"]["schema"]
    assert schema["required"] == ["file", "speaker", "consent"]
    assert {"source", "licence", "recorded"} <= set(schema["properties"])


def test_the_studios_own_engine_process_leaves_both_checks_to_its_parent(engine: CountingCloner) -> None:
    """studio.engines.process serves one engine to the window that started it, which has checked
    the clip and recorded consent before asking (ServerConfig.front_end_checks=False)."""
    with ThreadServer({"tone": engine}, heartbeat_s=0.1, key="k", front_end_checks=False) as server:
        answer = _post(server, _square(), {})
    assert answer.status_code == 201, answer.text
    assert answer.json()["consent"] is None
