"""How every refusal reaches the client: routes raise ApiError (engines their own exceptions, mapped
here), and one set of handlers turns each into the same body, in OpenAI's error shape so an OpenAI
SDK raises its readable exception: `{"error": {"message", "type", "param", "code"}}`. `code` is the
studio's own (the studio's client reads it: backends.remote.wire.decode_error), `type` OpenAI's
family for the status, `param` the request field at fault (or null).

On OpenAI's own routes (/v1/audio/..., /v1/chat/..., /v1/models) an invalid body is a 400, as
OpenAI answers; on the studio's extensions it stays a 422."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from backends.base import BackendError, BackendUnavailable, InvalidRequest

log = logging.getLogger(__name__)

OPENAI_PATH_PREFIXES = ("/v1/audio/", "/v1/chat/", "/v1/models")


def error_type(status: int) -> str:
    """OpenAI's error `type` for a status."""
    if status == 401:
        return "authentication_error"
    if status == 403:
        return "permission_error"
    if status == 429:
        return "rate_limit_error"
    if status >= 500:
        return "server_error"
    return "invalid_request_error"


def error_body(status: int, code: str, message: str, param: str | None = None) -> dict[str, Any]:
    """Every refusal's body (the Guard's too)."""
    return {"error": {"message": message, "type": error_type(status), "param": param, "code": code}}


class ApiError(Exception):
    """A refusal: becomes error_body(...) with `status` (and `headers`, such as Retry-After)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None,
                 param: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.param = param


def json_error(status: int, code: str, message: str, headers: dict[str, str] | None = None,
               param: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, param), status_code=status, headers=headers)


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
    """ApiError, invalid bodies and Starlette's own 404/405 all answer with error_body."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        if exc.status >= 500:
            # A 5xx is the server's fault or the engine's: say which request got it, with the cause's
            # traceback, so the operator (and a test reading the log) can find why.
            log.error("%s %s answered %d %s: %s", request.method, request.url.path, exc.status, exc.code,
                      exc.message, exc_info=exc.__cause__)
        return json_error(exc.status, exc.code, exc.message, exc.headers, exc.param)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        param = None
        for err in exc.errors()[:5]:
            fields = [str(p) for p in err.get("loc", ()) if p != "body"]
            where = ".".join(fields)
            param = param or (fields[0] if fields else None)
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
        status = 400 if request.url.path.startswith(OPENAI_PATH_PREFIXES) else 422
        return json_error(status, "invalid-request", "The request is not valid: " + "; ".join(parts) + ".",
                          param=param)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not-found", 405: "method-not-allowed"}
        headers = dict(exc.headers or {})  # a 405's Allow: which methods the path does accept
        if exc.status_code == 404:
            message = f"There is nothing at {request.url.path}; the server's paths are in /openapi.json."
        elif exc.status_code == 405:
            allowed = headers.get("Allow") or headers.get("allow") or ""
            message = f"{request.method} is not allowed on {request.url.path}" + \
                (f"; it accepts {allowed}." if allowed else ".")
        else:
            message = str(exc.detail)
            if not message.endswith("."):
                message += "."
        return json_error(exc.status_code, codes.get(exc.status_code, "http-error"), message, headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Starlette's last resort answers "Internal Server Error" in plain text; the client gets the
        # same JSON shape as every other refusal, the operator the traceback in the log.
        log.error("%s %s failed unexpectedly", request.method, request.url.path, exc_info=exc)
        return json_error(500, "internal-error", f"The server failed unexpectedly ({type(exc).__name__}); "
                                                 "its log has the details.")
