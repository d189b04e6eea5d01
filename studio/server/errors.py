"""How every refusal reaches the client: routes raise ApiError (engines their own exceptions, mapped
here), and one set of handlers turns each into the same `{"error": {"code", "message"}}` body."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from backends.base import BackendError, BackendUnavailable, InvalidRequest
from backends.remote import wire

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A refusal: becomes `{"error": {"code", "message"}}` with `status`."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def json_error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(wire.error_body(code, message), status_code=status, headers=headers)


def error_for(exc: BaseException) -> ApiError:
    """How an engine's exception is told to the client (the message is the engine's own words)."""
    text = " ".join(str(exc).split())
    if isinstance(exc, InvalidRequest):
        return ApiError(400, "invalid-request", text or "The engine cannot synthesise this request.")
    if isinstance(exc, BackendUnavailable):
        return ApiError(503, "engine-unavailable", text or "The engine cannot run on this server.")
    if isinstance(exc, BackendError):
        return ApiError(500, "engine-failed", text or "The engine failed.")
    return ApiError(500, "internal-error", f"The engine failed unexpectedly ({type(exc).__name__}: {text}).")


def install_error_handlers(app: FastAPI) -> None:
    """ApiError, invalid bodies and Starlette's own 404/405 all answer with the wire's error body."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        if exc.status >= 500:
            # A 5xx is the server's fault or the engine's: say which request got it, with the cause's
            # traceback, so the operator (and a test reading the log) can find why.
            log.error("%s %s answered %d %s: %s", request.method, request.url.path, exc.status, exc.code,
                      exc.message, exc_info=exc.__cause__)
        return json_error(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
        return json_error(422, "invalid-request", "The request is not valid: " + "; ".join(parts) + ".")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not-found", 405: "method-not-allowed"}
        return json_error(exc.status_code, codes.get(exc.status_code, "http-error"), str(exc.detail))
