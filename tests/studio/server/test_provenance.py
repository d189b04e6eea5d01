"""A take made through the engine server records the engine, voice, settings and versions actually
used: the server completes the engine's Finished report with what it ran, and a studio client
(RemoteBackend, run as the GUI and the CLI run every take: a SynthesisJob, then the take library)
keeps it. The real server app under uvicorn on loopback."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "remote"))
from remote_doubles import ThreadServer, ToneEngine

from backends.base import SynthesisRequest
from backends.remote import RemoteBackend
from studio.engines.jobs import JobState, SynthesisJob
from studio.engines.provenance import spoken_voice
from studio.library.export import studio_version
from studio.library.takes import TakeLibrary


def _take_through(server: ThreadServer, engine_id: str, request: SynthesisRequest,
                  library: TakeLibrary) -> Any:
    """One take as the studio makes it with a remote engine: a job, then the library."""
    client = RemoteBackend(server.url, engine_id)
    client.load()
    try:
        job = SynthesisJob(client, request)
        job.start()
        assert job.wait(60) and job.state is JobState.FINISHED, job.error
        assert job.audio is not None
        return library.add(job.audio, text=request.text, engine_id=f"remote:{engine_id}",
                           voice_id=spoken_voice(job.metadata), metadata=job.metadata)
    finally:
        client.close()


def test_a_take_through_the_server_records_what_was_used(tmp_path: Path) -> None:
    # The tone engine reports almost nothing itself (engine, chunks, seed): the server fills in the rest.
    with ThreadServer({"tone": ToneEngine()}, heartbeat_s=0.2) as s, TakeLibrary(tmp_path) as library:
        take = _take_through(s, "tone", SynthesisRequest("hello", voice_id="boop", speed=1.5, pitch=2.0,
                                                         seed=7), library)
        kept = library.get(take.id).metadata
    assert take.voice_id == "boop"
    used = (kept["engine"], kept["voice"], kept["speed"], kept["pitch"], kept["seed"])
    assert used == ("tone", "boop", 1.5, 2.0, 7)
    assert kept["engine_version"] == "1"
    server = kept["server"]
    assert server["engine_id"] == "tone" and server["studio_version"] == studio_version()
    assert server["front_end"] == "server" and take.voice_id == kept["voice"]
    assert server["request"] == {"voice_id": "boop", "speed": 1.5, "pitch": 2.0, "seed": 7, "options": {},
                                 "voice_profile": None}


@pytest.mark.slow
def test_the_embedded_engine_through_the_server_records_the_voice_that_spoke(tmp_path: Path) -> None:
    """No voice asked for: the take records the engine's default, the voice that spoke, not nothing."""
    from backends.embedded import DEFAULT_VOICE, EmbeddedBackend

    engine = EmbeddedBackend(preload_kokoro=False)
    try:
        with ThreadServer({"embedded": engine}) as s, TakeLibrary(tmp_path) as library:
            request = SynthesisRequest("Good morning.", speed=1.25, seed=3)
            take = _take_through(s, "embedded", request, library)
            kept = library.get(take.id).metadata
    finally:
        engine.unload()
    assert take.voice_id == DEFAULT_VOICE and kept["voice"] == DEFAULT_VOICE
    assert kept["voices_used"] == [DEFAULT_VOICE]
    assert (kept["engine"], kept["speed"], kept["seed"]) == ("embedded", 1.25, 3)
    assert kept["versions"] and kept["server"]["request"]["voice_id"] is None
