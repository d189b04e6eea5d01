"""A real OpenAI-compatible chat server on loopback, standing in for vLLM serving Step-Audio-Chat.

Behind it is a tiny language model made here: a word-bigram model trained on a few sentences,
sampled with the request's temperature (top-p is recorded, not used). The server implements
/v1/models and /v1/chat/completions (SSE streaming and whole) the way vLLM does, records every
request body it received, and can be told to misbehave: a key, a slow stream, malformed SSE, an
empty reply, a 500. It stands in for vLLM only, never for the studio's own server.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import threading
import time
import uuid
from collections import defaultdict
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from remote_doubles import UvicornThread

CORPUS = (
    "the studio speaks every line in the voice you choose . "
    "the model answers the user in a friendly voice . "
    "a friendly voice makes the answer easy to follow . "
    "the user asks the model about the weather today . "
    "the weather today is sunny and warm in the city . "
    "you choose the voice and the studio speaks the answer ."
)


class BigramModel:
    """P(next word | word) from counts over CORPUS; '.' ends a sentence."""

    def __init__(self, text: str = CORPUS) -> None:
        self.next: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        words = [".", *text.split()]
        for a, b in itertools.pairwise(words):
            self.next[a][b] += 1

    def generate(self, prompt: str, max_words: int, temperature: float, seed: int) -> list[str]:
        rng = random.Random(seed)
        known = [w for w in prompt.lower().split() if w in self.next]
        word = known[-1] if known else "."
        out: list[str] = []
        while len(out) < max_words:
            options = self.next.get(word)
            if not options:
                break
            words = list(options)
            weights = [c ** (1.0 / max(temperature, 0.05)) for c in options.values()]
            word = rng.choices(words, weights)[0]
            out.append(word)
            if word == "." and len(out) > 3:
                break
        return out


class StandIn:
    """The stand-in server's app and knobs. `mode`: normal | malformed | empty | fail | error-event."""

    def __init__(self, model_name: str = "step-audio-chat", key: str | None = None) -> None:
        self.model_name = model_name
        self.key = key
        self.mode = "normal"
        self.delay = 0.0  # seconds between streamed words
        self.received: list[dict[str, Any]] = []
        self.stream_ended_early = threading.Event()
        self.lm = BigramModel()
        self.app = self._build()

    def _auth(self, request: Request) -> JSONResponse | None:
        if self.key is None or request.headers.get("authorization") == f"Bearer {self.key}":
            return None
        return JSONResponse({"error": {"message": "Unauthorized", "type": "invalid_request_error",
                                       "code": 401}}, status_code=401)

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.get("/v1/models")
        async def models(request: Request) -> Response:
            refused = self._auth(request)
            if refused is not None:
                return refused
            return JSONResponse({"object": "list", "data": [{"id": self.model_name, "object": "model"}]})

        @app.post("/v1/chat/completions")
        async def completions(request: Request) -> Response:
            refused = self._auth(request)
            if refused is not None:
                return refused
            body = await request.json()
            self.received.append(body)
            if body.get("model") != self.model_name:
                return JSONResponse({"object": "error", "message": f"The model `{body.get('model')}` does "
                                     "not exist.", "type": "NotFoundError", "code": 404}, status_code=404)
            if self.mode == "fail":
                return JSONResponse({"error": {"message": "CUDA out of memory", "code": 500}},
                                    status_code=500)
            prompt = str(body["messages"][-1]["content"])
            words = [] if self.mode == "empty" else self.lm.generate(
                prompt, int(body.get("max_tokens") or 50), float(body.get("temperature", 1.0)),
                seed=len(self.received))
            rid = f"chatcmpl-{uuid.uuid4().hex}"

            def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
                obj = {"id": rid, "object": "chat.completion.chunk", "created": int(time.time()),
                       "model": self.model_name,
                       "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
                return f"data: {json.dumps(obj)}\n\n".encode()

            if not body.get("stream"):
                return JSONResponse({"id": rid, "object": "chat.completion", "model": self.model_name,
                                     "choices": [{"index": 0, "finish_reason": "stop", "message": {
                                         "role": "assistant", "content": " ".join(words)}}]})

            async def events() -> Any:
                finished = False
                try:
                    yield chunk({"role": "assistant", "content": ""})
                    for i, word in enumerate(words):
                        if self.delay:
                            await asyncio.sleep(self.delay)
                        if self.mode == "malformed" and i == 2:
                            yield b"data: {\"choices\": [{\"delta\": {\"content\": \"unterminated\n\n"
                            break
                        if self.mode == "error-event" and i == 2:
                            yield b'data: {"error": {"message": "the engine died", "code": 500}}\n\n'
                            break
                        yield chunk({"content": (" " if i else "") + word})
                    if self.mode == "normal" or self.mode == "empty":
                        yield chunk({}, "stop")
                        yield b"data: [DONE]\n\n"
                    finished = True
                finally:
                    if not finished:
                        self.stream_ended_early.set()

            return StreamingResponse(events(), media_type="text/event-stream")

        return app


class StandInServer(UvicornThread):
    """Runs a StandIn under uvicorn on a free loopback port, in a thread."""

    def __init__(self, standin: StandIn) -> None:
        from studio.server.run import bind

        self.standin = standin
        server = uvicorn.Server(uvicorn.Config(standin.app, log_level="warning", access_log=False,
                                               lifespan="off", ws="none"))
        super().__init__(server, bind("127.0.0.1", 0), "stand-in chat server")
