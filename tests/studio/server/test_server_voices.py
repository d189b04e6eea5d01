"""Prepared voices over the server: POST a clip -> prepare_voice on the server -> a stored voice
with an id; the id works as a voice in takes; DELETE forgets it; a folder keeps voices across a
restart. Driven through RemoteBackend (SupportsVoicePreparation) and plain httpx."""

from __future__ import annotations

import dataclasses
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "remote"))
from remote_doubles import ThreadServer, ToneEngine

from backends.audio import Audio, load_audio
from backends.base import (
    Cancelled,
    CancelToken,
    CloneSupport,
    InvalidRequest,
    SupportsVoicePreparation,
    SynthesisRequest,
    VoiceProfile,
)
from backends.remote import RemoteBackend

SPEECH = Path(__file__).resolve().parents[2] / "data" / "zero_shot_en_prompt.wav"
CONSENT = {"speaker": "Ann", "consent": "in writing"}


class CloningTone(ToneEngine):
    """Prepares a "clone" profile holding the clip's length and RMS; remembers the requests it spoke.
    A transcript of "wait" blocks until cancelled (to test cancelling a preparation)."""

    def __init__(self) -> None:
        super().__init__()
        cloning = CloneSupport(kind="clone", min_seconds=1)
        self._manifest = dataclasses.replace(self._manifest, cloning=cloning)
        self.requests: list[SynthesisRequest] = []
        self.prepare_cancelled = threading.Event()

    def synthesize(self, request, cancel):  # type: ignore[no-untyped-def]
        self.requests.append(request)
        if request.voice_profile is not None:  # the profile is the voice; voice_id only names it
            request = dataclasses.replace(request, voice_id=None)
        return super().synthesize(request, cancel)

    def prepare_voice(self, reference, transcript, cancel, progress=None):  # type: ignore[no-untyped-def]
        if transcript == "wait":
            while not cancel.cancelled:
                cancel_wait = threading.Event()
                cancel_wait.wait(0.02)
            self.prepare_cancelled.set()
            raise Cancelled()
        if progress is not None:
            progress(0.5, "half way")
        rms = float(np.sqrt(np.mean(reference.samples ** 2)))
        return VoiceProfile("tone", "clone", 1, {"seconds": reference.duration, "rms": round(rms, 3),
                                                   "transcript": transcript}, similarity=0.9)


def _clip() -> Audio:
    """Speech (the server refuses a clip without enough of it, as the wizard and the CLI do)."""
    return load_audio(SPEECH)


@pytest.fixture
def engine() -> CloningTone:
    return CloningTone()


@pytest.fixture
def server(engine: CloningTone, tmp_path: Path) -> Iterator[ThreadServer]:
    with ThreadServer({"tone": engine, "plain": ToneEngine()}, heartbeat_s=0.1, key="k",
                      voices_dir=str(tmp_path / "voices"), max_body_bytes=2_000_000) as s:
        yield s


def test_prepare_use_list_and_delete(server: ThreadServer, engine: CloningTone) -> None:
    remote = RemoteBackend(server.url, "tone", key="k")
    assert isinstance(remote, SupportsVoicePreparation)
    remote.load()
    assert remote.manifest.cloning.kind == "clone"
    steps: list[tuple[float, str]] = []
    profile = remote.prepare_voice(_clip(), "hello there", CancelToken(), lambda f, m: steps.append((f, m)),
                                   consent=CONSENT)
    assert [f for f, _ in steps] == [0.0, 0.5, 1.0] and steps[1][1] == "half way"  # the engine's own
    assert profile.engine_id == "tone" and profile.similarity == 0.9
    clip = _clip()
    assert profile.data["seconds"] == pytest.approx(clip.duration)
    rms = float(np.sqrt(np.mean(clip.samples ** 2)))
    assert profile.data["rms"] == pytest.approx(rms, abs=0.002)  # the clip arrived intact
    assert profile.data["transcript"] == "hello there"
    [stored] = remote.prepared_voices()
    assert stored["profile"] == profile.to_json() and stored["id"].startswith("prepared-")
    # the stored id works as a voice: the engine gets the stored profile
    list(remote.synthesize(SynthesisRequest("hi", stored["id"]), CancelToken()))
    assert engine.requests[-1].voice_profile == profile
    speech = httpx.post(f"{server.url}/v1/audio/speech", headers={"Authorization": "Bearer k"},
                        json={"model": "tone", "input": "hi", "voice": stored["id"],
                              "response_format": "pcm"})
    assert speech.status_code == 200 and engine.requests[-1].voice_profile == profile
    remote.delete_voice(stored["id"])
    assert remote.prepared_voices() == []
    with pytest.raises(InvalidRequest, match="no prepared voice"):
        remote.delete_voice(stored["id"])
    remote.close()


def test_voices_survive_a_restart_with_a_folder(engine: CloningTone, tmp_path: Path) -> None:
    folder = str(tmp_path / "kept")
    with ThreadServer({"tone": engine}, voices_dir=folder) as s:
        made = RemoteBackend(s.url, "tone").create_voice(_clip(), "x", CancelToken(), name="Ann",
                                                         consent=CONSENT)
    with ThreadServer({"tone": CloningTone()}, voices_dir=folder) as s:
        [again] = RemoteBackend(s.url, "tone").prepared_voices()
    assert again == made and again["name"] == "Ann"


def test_refusals(server: ThreadServer) -> None:
    plain = RemoteBackend(server.url, "plain", key="k")
    with pytest.raises(InvalidRequest, match="cannot make a voice"):
        plain.prepare_voice(_clip(), None, CancelToken())
    auth = {"Authorization": "Bearer k"}
    no_file = httpx.post(f"{server.url}/v1/engines/tone/voices", headers=auth, data={"transcript": "a"},
                         files={"other": ("a.txt", b"x")})
    assert no_file.status_code == 400 and "'file'" in no_file.json()["error"]["message"]
    junk = httpx.post(f"{server.url}/v1/engines/tone/voices", headers=auth,
                      files={"file": ("a.wav", b"not audio at all")})
    assert junk.status_code == 400 and junk.json()["error"]["code"] == "unreadable-audio"
    missing = httpx.delete(f"{server.url}/v1/engines/nope/voices/x", headers=auth)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown-engine"


def test_cancelling_a_preparation_reaches_the_engine(server: ThreadServer, engine: CloningTone) -> None:
    remote = RemoteBackend(server.url, "tone", key="k")
    cancel = CancelToken()
    threading.Timer(0.5, cancel.cancel).start()
    with pytest.raises(Cancelled):
        remote.prepare_voice(_clip(), "wait", cancel, consent=CONSENT)
    assert engine.prepare_cancelled.wait(5)
    assert remote.prepared_voices() == []
