"""POST /v1/engines/{id}/synthesize: one take's events as NDJSON lines (backends.remote.wire), the
route the studio's remote engine uses over plain HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from backends.remote import wire
from studio.server.context import ServerContext
from studio.server.errors import ApiError, error_for
from studio.server.hosting import Failed
from studio.server.models import SynthesizeBody, error_responses


def synthesize_router(ctx: ServerContext) -> APIRouter:
    """The NDJSON take route; a client that leaves cancels its take."""
    router = APIRouter()
    config = ctx.config

    @router.post("/v1/engines/{engine_id}/synthesize", summary="Stream a take's events as NDJSON",
                 response_class=StreamingResponse,
                 responses={200: {"content": {wire.NDJSON_MEDIA_TYPE: {}},
                                  "description": "One wire event per line"},
                            **error_responses(400, 404, 422, 429, 500, 503)})
    async def synthesize(engine_id: str, body: SynthesizeBody, http: Request) -> StreamingResponse:
        host = ctx.host_for(engine_id)
        ctx.check_text(body.text)
        try:
            request = wire.decode_request(body.model_dump(exclude={"encoding"}))
        except wire.WireError as exc:
            raise ApiError(422, "invalid-request", f"The request is not valid: {exc}.") from exc
        take, first = await ctx.start_take(host, request, http=http)

        async def lines() -> AsyncIterator[bytes]:
            try:
                pending: object = first
                while pending is not None:
                    if isinstance(pending, Failed):
                        err = error_for(pending.error)
                        yield wire.dumps_line(wire.encode_event(wire.RemoteError(err.code, err.message)))
                        return
                    yield wire.dumps_line(wire.encode_event(pending, body.encoding))  # type: ignore[arg-type]
                    pending = await take.next(config.heartbeat_s)
            finally:
                take.cancel()  # the client left (or the take ended): stop the engine

        return StreamingResponse(lines(), media_type=wire.NDJSON_MEDIA_TYPE)

    return router
