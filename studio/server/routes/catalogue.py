"""What this server serves: its engines as OpenAI models, and as manifests with their availability."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from backends.remote import wire
from studio.server.context import ServerContext
from studio.server.models import error_responses
from studio.server.openai_compat import OPENAI_MODELS


def catalogue_router(ctx: ServerContext) -> APIRouter:
    """GET /v1/models (OpenAI-compatible) and GET /v1/engines (the studio's client reads this)."""
    router = APIRouter()
    hosts = ctx.hosts

    @router.get("/v1/models", responses=error_responses(),
                summary="Engines as OpenAI models, then OpenAI's speech models (the default engine)")
    async def models() -> dict[str, Any]:
        ids = list(hosts) + ([m for m in OPENAI_MODELS if m not in hosts] if ctx.default_engine else [])
        return {"object": "list", "data": [{"id": mid, "object": "model", "created": 0,
                                            "owned_by": "step-audio-studio"} for mid in ids]}

    @router.get("/v1/engines", summary="Every engine's manifest and availability",
                responses=error_responses())
    async def engines_list() -> dict[str, Any]:
        out = []
        for eid, host in hosts.items():
            availability = await run_in_threadpool(host.backend.availability)
            out.append({"id": eid, "manifest": wire.encode_manifest(host.backend.manifest),
                        "availability": wire.encode_availability(availability)})
        return {"wire_version": wire.WIRE_VERSION, "transports": ["ndjson", "websocket"], "engines": out}

    return router
