"""EditX with its LLM on a vLLM server: the prompt ids go over as token ids and the answer comes back as
ids, so a served edit equals a local one.

The server is a stand-in for vLLM's `/v1/completions` (token-id prompts, SSE streaming, `token_ids` in
each chunk, or `token_id:N` logprob strings as older vLLM sends them), and behind it runs the same tiny
random Step1 model the local engine loads, sampled with the request's settings. It stands in for vLLM
only: what it checks is the wire (ids in, ids out, sampling, stops), not vLLM's own sampler.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from backends.audio import load_audio
from backends.base import BackendError, BackendUnavailable, CancelToken
from backends.edits import EditKind, EditRequest
from backends.step.editx.engine import SERVED_MODEL, StepEditxBackend
from backends.step.llm import SamplingSettings, Step1LM
from backends.step.llm.served import ServedLM
from tests.backends.remote.remote_doubles import UvicornThread

CLIP = Path(__file__).resolve().parents[3] / "data" / "zero_shot_en_prompt.wav"


class VllmStandIn:
    """`mode`: ids (token_ids per chunk) | logprobs (token_id:N strings) | text (neither) | error-event."""

    def __init__(self, lm: Step1LM) -> None:
        self.lm, self.mode, self.received = lm, "ids", []  # type: ignore[var-annotated]
        app = self.app = FastAPI()

        @app.get("/v1/models")
        async def models() -> Response:
            return JSONResponse({"object": "list", "data": [{"id": SERVED_MODEL, "object": "model"}]})

        @app.post("/v1/completions")
        async def completions(request: Request) -> Response:
            body = await request.json()
            self.received.append(body)
            prompt, stops = body["prompt"], body["stop_token_ids"]
            allowed = [i for i in body["allowed_token_ids"] if i not in stops]
            sampling = SamplingSettings(temperature=body["temperature"], top_k=max(0, body["top_k"]),
                                        top_p=body["top_p"], seed=body["seed"],
                                        max_length=len(prompt) + body["max_tokens"])
            ids = list(self.lm.generate(prompt, sampling, CancelToken(), stop_ids=stops,
                                        allowed=(min(allowed), max(allowed) + 1)))
            finish = "length" if self.lm.last_stop == "max_length" else "stop"

            def chunk(piece: list[int], reason: str | None) -> bytes:
                choice: dict[str, Any] = {"index": 0, "text": "<audio>" * len(piece), "finish_reason": reason}
                if self.mode in ("ids", "error-event"):
                    choice["token_ids"] = piece
                elif self.mode == "logprobs":
                    choice["logprobs"] = {"tokens": [f"token_id:{i}" for i in piece]}
                return f"data: {json.dumps({'object': 'text_completion', 'choices': [choice]})}\n\n".encode()

            async def events() -> Any:
                for n in range(0, len(ids), 3):
                    if self.mode == "error-event" and n:
                        yield b'data: {"error": {"message": "CUDA error: out of memory", "code": 500}}\n\n'
                        return
                    yield chunk(ids[n:n + 3], None)
                yield chunk([], finish)
                yield b"data: [DONE]\n\n"

            return StreamingResponse(events(), media_type="text/event-stream")


@pytest.fixture(scope="module")
def served(tiny_editx_folders: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[VllmStandIn, str]]:
    import torch

    from studio.server.run import bind

    standin = VllmStandIn(Step1LM.load(tiny_editx_folders[1], dtype=torch.float32))
    server = uvicorn.Server(uvicorn.Config(standin.app, log_level="warning", access_log=False,
                                           lifespan="off", ws="none"))
    with UvicornThread(server, bind("127.0.0.1", 0), "vLLM stand-in") as thread:
        yield standin, thread.url


def _engine(folders: tuple[Path, Path], state: Path, url: str | None) -> StepEditxBackend:
    return StepEditxBackend(tokenizer_folder=folders[0], editx_folder=folders[1], device="cpu", quant="none",
                            state_dir=state, offline=True, max_new_tokens=42, llm_url=url)


def test_a_served_edit_sends_the_same_ids_and_gives_the_same_audio(
        served: tuple[VllmStandIn, str], tiny_editx_folders: tuple[Path, Path], tmp_path: Path) -> None:
    standin, url = served
    clip = load_audio(CLIP).slice_seconds(0.0, 1.5)
    request = EditRequest(EditKind.EMOTION, "sad", transcript="hello there", options={"seed": 11})
    local = _engine(tiny_editx_folders, tmp_path / "a", None)
    remote = _engine(tiny_editx_folders, tmp_path / "b", url)
    try:
        here = local.edit(clip, request, CancelToken())
        there = remote.edit(clip, request, CancelToken())
        assert remote.loaded["llm"] and remote.quant == "served"
        body = standin.received[-1]
        assert body["prompt"] == local.pipeline().last_prompt_ids  # the reference layout, unchanged
        assert body["model"] == SERVED_MODEL and body["stream"] and body["seed"] == 11
        assert body["stop_token_ids"] == [3] and body["temperature"] == 0.7 and body["top_k"] == 50
        assert body["allowed_token_ids"][0] == 65536 and len(body["allowed_token_ids"]) == 5121
        np.testing.assert_array_equal(there.samples, here.samples)
        standin.mode = "logprobs"  # an older vLLM: the same ids, as token_id:N strings
        np.testing.assert_array_equal(remote.edit(clip, request, CancelToken()).samples, here.samples)
    finally:
        standin.mode = "ids"
        local.unload()
        remote.unload()


def test_without_the_weights_here_only_the_decoder_and_text_tokenizer_are_needed(tmp_path: Path) -> None:
    engine = StepEditxBackend(cache_dir=tmp_path / "empty", state_dir=tmp_path / "s", offline=True,
                              llm_url="http://gpu-host:8000/v1")
    missing = [m.split(": ", 1)[1] for m in engine.files.missing() if m.startswith("Step-Audio-EditX: ")]
    assert "tokenizer.model" in missing and not any("safetensors" in m for m in missing)
    env = engine.child_env()
    assert env["STEP_EDITX_LLM_URL"] == "http://gpu-host:8000/v1"
    assert env["STEP_EDITX_LLM_MODEL"] == SERVED_MODEL


def test_server_faults_are_one_sentence(served: tuple[VllmStandIn, str]) -> None:
    standin, url = served
    settings = SamplingSettings(seed=1, max_length=40)
    lm = ServedLM(url, SERVED_MODEL)
    try:
        for mode, said in (("error-event", "failed during the answer: CUDA error: out of memory"),
                           ("text", "text but no token ids")):
            standin.mode = mode
            with pytest.raises(BackendError, match=said):
                list(lm.generate([1, 2, 3], settings, CancelToken(), allowed=(65536, 70656)))
    finally:
        standin.mode = "ids"
        lm.unload()
    with pytest.raises(BackendUnavailable, match="does not serve 'other'"):
        ServedLM(url, "other").check()
    with pytest.raises(BackendUnavailable, match="Cannot reach a vLLM server"):
        ServedLM("http://127.0.0.1:9", SERVED_MODEL, timeout=2).check()
