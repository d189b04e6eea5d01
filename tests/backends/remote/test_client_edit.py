"""Edits by instruction through a remote engine: RemoteBackend.edit against the real server with
the Embedded engine, measured; refusals arrive as the engine's sentence; a clip past the JSON body
limit still uploads (multipart has its own limit); and the editing core drives it like a local engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from remote_doubles import ThreadServer

from backends.audio import Audio, load_audio
from backends.base import CancelToken, InvalidRequest
from backends.edits import EditKind, EditRequest, SupportsEditing, instruction_text, parse_instruction
from backends.embedded.engine import EmbeddedBackend
from backends.remote.client import RemoteBackend
from studio.editing import EditProject
from studio.editing.instruct import apply_instruction

SPEECH = Path(__file__).resolve().parents[2] / "data" / "fear_zh_female_prompt.wav"


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadServer]:
    with ThreadServer({"embedded": EmbeddedBackend(preload_kokoro=False)}, load_on_start=False,
                      heartbeat_s=0.2) as s:
        yield s


@pytest.mark.parametrize("text", ["speed=1.25", "pitch=-2", "emotion=happy", "denoise", "remove_silence",
                                  "paralinguistic=laughter", "style=whisper"])
def test_instruction_text_reads_back_as_the_same_request(text: str) -> None:
    request = parse_instruction(text)
    assert parse_instruction(instruction_text(request)) == request


def test_a_long_clip_is_edited_by_the_server(server: ThreadServer) -> None:
    speech = load_audio(SPEECH)
    clip = Audio(np.tile(speech.samples, 8), speech.sample_rate)  # 40 s: its FLAC is past 1 MB
    remote = RemoteBackend(server.url, "embedded")
    assert isinstance(remote, SupportsEditing)
    assert remote.manifest.edits["speed"].honoured  # what the server's engine declares
    seen: list[float] = []
    out = remote.edit(clip, EditRequest(EditKind.SPEED, amount=1.25), CancelToken(),
                      lambda f, _m: seen.append(f))
    assert abs(out.duration / clip.duration - 0.8) <= 0.02 * 0.8
    assert seen and seen[-1] == pytest.approx(1.0)


def test_a_refusal_is_the_engines_sentence(server: ThreadServer) -> None:
    remote = RemoteBackend(server.url, "embedded")
    with pytest.raises(InvalidRequest, match="speaking style needs a speech-editing model"):
        remote.edit(load_audio(SPEECH), parse_instruction("style=whisper"), CancelToken())


def test_the_editing_core_edits_a_span_through_the_remote_engine(server: ThreadServer) -> None:
    project = EditProject.open(SPEECH)
    before = project.duration
    remote = RemoteBackend(server.url, "embedded")
    result = apply_instruction(project, remote, parse_instruction("speed=2"), 1.0, 3.0)
    assert result.versions == (1,)
    # The span (its ends moved to pauses) plays in half the time: what was removed is what is left.
    left = result.end - result.start
    assert 0.7 < left < 1.6 and abs((before - project.duration) - left) < 0.02


def test_json_bodies_keep_the_small_limit(server: ThreadServer) -> None:
    r = httpx.post(f"{server.url}/v1/engines/embedded/synthesize",
                   json={"text": "x", "options": {"pad": "y" * 1_100_000}})
    assert r.status_code == 413 and r.json()["error"]["code"] == "body-too-large"
