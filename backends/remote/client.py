"""The client engine: an engine on a `step-studio serve` server, as a Backend like any other.

The manifest and voices come from the server and are cached; `availability()` turns every way of
not reaching the engine (no server, wrong key, wrong engine id, refused Host) into a reason and a
fix. A take streams the server's NDJSON events with httpx. The server sends a heartbeat line while
the engine is quiet, so between lines this client can both check the CancelToken (cancelling closes
the connection, which cancels the take on the server) and tell a slow engine from a dead server: no
byte for `stall_timeout` seconds ends the take with an error instead of a frozen app.

Qt-free and studio-free, like every engine.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx

from backends.base import (
    Availability,
    BackendError,
    BackendUnavailable,
    Cancelled,
    CancelToken,
    Finished,
    Hardware,
    InvalidRequest,
    Manifest,
    SynthesisEvent,
    SynthesisRequest,
    VoiceInfo,
)
from backends.remote import wire
from backends.remote.http import HttpEndpoint

START_FIX = "Start it with 'step-studio serve' on that machine, and check the URL."
_RETRY_AFTER_FAILURE_S = 5.0


class RemoteBackend:
    """`url` is the server's base (e.g. http://127.0.0.1:8765); `engine_id` one of its engines.

    `timeout`: seconds to connect and for ordinary requests; `stall_timeout`: seconds a take may go
    without a single byte (the server sends heartbeats, so this is a dead or frozen server).
    """

    def __init__(self, url: str, engine_id: str, key: str | None = None, timeout: float = 10.0,
                 stall_timeout: float = 30.0) -> None:
        self._endpoint = HttpEndpoint(url, key, timeout, stall_timeout, what="engine server",
                                      a_what="an engine server", fix=START_FIX, not_json="an engine server")
        self.url = self._endpoint.url
        self.engine_id = engine_id
        self.key = key
        self.timeout = timeout
        self.stall_timeout = stall_timeout
        self._http = self._endpoint.http
        self._manifest: Manifest | None = None
        self._voices: list[VoiceInfo] | None = None
        self._last_failure = 0.0

    # --- description --------------------------------------------------------------------------

    @property
    def manifest(self) -> Manifest:
        """The server's manifest once reached; until then an honest one that can do nothing and says
        why (the UI is built from it, and must not wait on the network to draw)."""
        if self._manifest is None and time.monotonic() - self._last_failure > _RETRY_AFTER_FAILURE_S:
            self.availability()
        if self._manifest is not None:
            return self._manifest
        return Manifest(id=self.engine_id, name=f"{self.engine_id} on {self.url}", version="", licence="",
                        description=f"An engine on the server at {self.url}, not reached yet.",
                        languages=(), tags={}, hardware=Hardware(device="remote"))

    def availability(self) -> Availability:
        try:
            engines = self._get_json("/v1/engines")
        except BackendUnavailable as exc:
            self._last_failure = time.monotonic()
            return exc.availability
        except BackendError as exc:
            self._last_failure = time.monotonic()
            return Availability(False, str(exc), "See the engine server's log.")
        try:
            listed = {str(e["id"]): e for e in engines["engines"]}
        except (KeyError, TypeError) as exc:
            self._last_failure = time.monotonic()
            return Availability(False, f"The server at {self.url} did not answer like a Step Audio Studio "
                                       f"engine server ({exc}).", START_FIX)
        entry = listed.get(self.engine_id)
        if entry is None:
            return Availability(False, f"The server at {self.url} has no engine '{self.engine_id}' (it "
                                       f"serves: {', '.join(listed) or 'none'}).",
                                f"Choose one of those, or restart the server with --engine {self.engine_id}.")
        try:
            self._manifest = wire.decode_manifest(entry["manifest"])
            return wire.decode_availability(entry["availability"])
        except (KeyError, wire.WireError) as exc:
            return Availability(False, f"The server at {self.url} sent a manifest this studio cannot read "
                                       f"({exc}).", "Use the same studio version on both machines.")

    def voices(self) -> list[VoiceInfo]:
        if self._voices is None:
            raw = self._get_json(f"/v1/engines/{self.engine_id}/voices")
            try:
                self._voices = [wire.decode_voice(v) for v in raw["voices"]]
            except (KeyError, TypeError, wire.WireError) as exc:
                raise BackendError(f"The server at {self.url} sent a voice list this studio cannot read "
                                   f"({exc}).") from exc
        return list(self._voices)

    # --- lifecycle ----------------------------------------------------------------------------

    def load(self) -> None:
        """Reach the server, check the engine there and fetch its manifest and voices."""
        state = self.availability()
        if not state.available:
            raise BackendUnavailable(state)
        self._voices = None
        self.voices()

    def unload(self) -> None:
        """Forget the cached description; the engine on the server stays loaded for other clients."""
        self._manifest = None
        self._voices = None

    def close(self) -> None:
        self._endpoint.close()

    # --- synthesis ----------------------------------------------------------------------------

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        stream, response = self._endpoint.open_stream(f"/v1/engines/{self.engine_id}/synthesize",
                                                      wire.encode_request(request), self._refusal)
        return self._events(stream, response, cancel)

    def _events(self, stream: Any, response: httpx.Response, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        finished = False
        try:
            for line in response.iter_lines():
                if cancel.cancelled:
                    raise Cancelled()
                if not line.strip():
                    continue
                try:
                    event = wire.loads_line(line)
                except wire.WireError as exc:
                    raise BackendError(f"The engine server at {self.url} sent a malformed event ({exc}); "
                                       "the take was abandoned.") from exc
                if isinstance(event, wire.Heartbeat):
                    continue
                if isinstance(event, wire.RemoteError):
                    cls = InvalidRequest if event.code == "invalid-request" else BackendError
                    raise cls(event.message)
                if isinstance(event, Finished):
                    finished = True
                yield event
                if finished:
                    return
            if cancel.cancelled:
                raise Cancelled()
            raise BackendError(f"The engine server at {self.url} ended the take before it was finished.")
        except httpx.ReadTimeout as exc:
            raise BackendError(f"The engine server at {self.url} sent nothing for {self.stall_timeout:g} s; "
                               "the take was abandoned (the server may be frozen or overloaded).") from exc
        except httpx.HTTPError as exc:
            if cancel.cancelled:
                raise Cancelled() from exc
            raise BackendError(f"The connection to the engine server at {self.url} broke during the take "
                               f"({type(exc).__name__}).") from exc
        finally:
            stream.__exit__(None, None, None)  # closing the connection cancels the take on the server

    # --- HTTP helpers -------------------------------------------------------------------------

    def list_engines(self) -> Any:
        """The server's `/v1/engines` answer (every engine it serves); BackendUnavailable if none."""
        return self._get_json("/v1/engines")

    def _get_json(self, path: str) -> Any:
        return self._endpoint.get_json(path, self._refusal)

    def _refusal(self, response: httpx.Response) -> BackendError:
        """The server's JSON error as the right BackendError; a non-JSON body still gets a sentence."""
        try:
            code, message = wire.decode_error(json.loads(response.content or b"null"))
        except (ValueError, wire.WireError):
            code = "http-error"
            message = f"The engine server at {self.url} answered HTTP {response.status_code}."
        status = response.status_code
        if status == 401:
            return BackendUnavailable(Availability(False, f"The engine server at {self.url} refused the key: "
                                                          f"{message}", "Use the key the server was started "
                                                                        "with (step-studio serve --key)."))
        if status == 421:
            return BackendUnavailable(Availability(False, message, "Use the address the server was started "
                                                                   "with, or start it with --allow-host."))
        if status == 404 and code == "unknown-engine":
            return BackendUnavailable(Availability(False, message, "Choose an engine the server serves."))
        if status == 503:
            return BackendUnavailable(Availability(False, message, "See the server's log."))
        if status in (400, 413, 422):
            return InvalidRequest(message)
        return BackendError(message)
