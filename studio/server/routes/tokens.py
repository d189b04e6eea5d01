"""A clip turned into the engine's audio tokens (manifest `tokenize`), as Step-Audio's LLM reads them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from studio.server.context import ServerContext
from studio.server.errors import ApiError, error_for
from studio.server.models import TOKENS_FORM, TokensBody, error_responses
from studio.server.uploads import FormError, parse_form


def tokens_json(tokens: Any, seconds: float) -> dict[str, Any]:
    """An engine's AudioTokens (vq02, vq06, interleaved(), as_text()) as the route's JSON."""
    return {"codes": [int(c) for c in tokens.interleaved()], "vq02": [int(c) for c in tokens.vq02],
            "vq06": [int(c) for c in tokens.vq06], "text": str(tokens.as_text()),
            "seconds": round(seconds, 3)}


def tokens_router(ctx: ServerContext) -> APIRouter:
    """POST /v1/engines/{id}/tokens: multipart clip -> codes, vq02, vq06, text, seconds."""
    router = APIRouter()
    hosts = ctx.hosts

    @router.post("/v1/engines/{engine_id}/tokens", summary="Tokenise a clip into the engine's audio tokens",
                 openapi_extra=TOKENS_FORM, response_model=TokensBody,
                 responses=error_responses(400, 404, 422, 429, 500, 503))
    async def tokenize_clip(engine_id: str, request: Request) -> JSONResponse:
        host = ctx.host_for(engine_id)
        backend: Any = host.backend
        if not backend.manifest.tokenize or not callable(getattr(backend, "tokenize", None)):
            tokenizing = [eid for eid, h in hosts.items()
                          if h.backend.manifest.tokenize and callable(getattr(h.backend, "tokenize", None))]
            raise ApiError(422, "cannot-tokenize", f"Engine '{engine_id}' cannot turn audio into tokens (its "
                                                   "manifest declares no tokenizer; engines here that can: "
                                                   f"{', '.join(tokenizing) or 'none'}).")
        raw = await request.body()
        try:
            form = parse_form(request.headers.get("content-type", ""), raw)
        except FormError as exc:
            raise ApiError(400, "invalid-request", str(exc)) from exc
        upload = form.get("file")
        if upload is None:
            raise ApiError(400, "invalid-request", "The form needs a 'file' field with the clip.")
        clip = await ctx.read_clip(upload)
        await ctx.acquire(host, "jobs", request)

        def tokenize() -> dict[str, Any]:
            try:
                host.ensure_loaded()
                return tokens_json(backend.tokenize(clip), clip.duration)
            finally:
                host.release()

        try:
            return JSONResponse(await run_in_threadpool(tokenize))
        except ApiError:
            raise
        except Exception as exc:
            raise error_for(exc) from exc  # a 5xx is logged, with this traceback, by the handler

    return router
