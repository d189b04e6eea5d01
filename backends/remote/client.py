"""The client engine: an engine on a `step-studio serve` server, as a Backend like any other.

The manifest and voices come from the server and are cached; `availability()` turns every way of
not reaching the engine (no server, wrong key, wrong engine id, refused Host) into a reason and a
fix. A take streams the server's NDJSON events with httpx. The server sends a heartbeat line while
the engine is quiet, so between lines this client can both check the CancelToken (cancelling closes
the connection, which cancels the take on the server) and tell a slow engine from a dead server: no
byte for `stall_timeout` seconds ends the take with an error instead of a frozen app.

Transports: when the server lists "websocket" among its transports, takes go over one kept-open
WebSocket (backends.remote.ws), which saves the connection set-up per take; if the socket cannot be
opened the take falls back to the NDJSON stream, and the socket is tried again later.

Reconnecting: calls that change nothing (manifest, voices) are retried with backoff after a
transient failure, and so is opening a take while nothing has been sent; a take whose connection
drops mid-way ends with `StreamBroken`, which keeps the events that did arrive. Nothing is cached
about the connection itself, so a server that was restarted is used again by the next call.

Voices: `prepare_voice` uploads the clip to `POST /v1/engines/{id}/voices`; the server keeps the
profile under an id (`prepared_voices()`, `delete_voice()`), and returns it whole, so a take sends
the profile itself and works even on a server that has since forgotten the voice.

Qt-free and studio-free, like every engine.
"""

from __future__ import annotations

import io
import json
import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import httpx

from backends.base import (
    AudioChunk,
    Availability,
    BackendError,
    BackendUnavailable,
    Cancelled,
    CancelToken,
    Finished,
    Hardware,
    InvalidRequest,
    Manifest,
    Progress,
    SynthesisEvent,
    SynthesisRequest,
    VoiceInfo,
    VoiceProfile,
)
from backends.remote import wire
from backends.remote.http import HttpEndpoint, reading

if TYPE_CHECKING:  # the Audio type only; backends.audio is imported by whoever makes the Audio
    from backends.audio import Audio
    from backends.edits import EditRequest

START_FIX = "Start it with 'step-studio serve' on that machine, and check the URL."
_RETRY_AFTER_FAILURE_S = 5.0
_SOCKET_RETRY_S = 30.0  # after a socket could not be opened, takes use HTTP for this long
TRANSPORTS = ("auto", "http", "websocket")


class StreamBroken(BackendError):
    """A take's connection ended before the take did. `received` holds every event that arrived
    (the caller has them too), so what the engine made so far is not lost."""

    def __init__(self, message: str, received: list[SynthesisEvent]) -> None:
        super().__init__(message)
        self.received = received

    @property
    def audio_seconds(self) -> float:
        return sum(len(e.samples) / e.sample_rate for e in self.received if isinstance(e, AudioChunk))


def _broken(url: str, how: str, received: list[SynthesisEvent]) -> StreamBroken:
    chunks = sum(isinstance(e, AudioChunk) for e in received)
    got = StreamBroken("", received)
    kept = (f" after {chunks} audio chunk{'s' if chunks != 1 else ''} ({got.audio_seconds:.1f} s); "
            "the audio that arrived is kept") if chunks else " before any audio arrived"
    return StreamBroken(f"The connection to the engine server at {url} {how}{kept}. Try again: a "
                        "restarted server is reconnected to by itself.", received)


class RemoteBackend:
    """`url` is the server's base (e.g. http://127.0.0.1:8765); `engine_id` one of its engines.

    `timeout`: seconds to connect and for ordinary requests; `stall_timeout`: seconds a take may go
    without a single byte (the server sends heartbeats, so this is a dead or frozen server).
    """

    def __init__(self, url: str, engine_id: str, key: str | None = None, timeout: float = 10.0,
                 stall_timeout: float = 30.0, transport: str = "auto", retries: int = 2) -> None:
        """`transport`: "auto" (the WebSocket when the server offers one, else NDJSON), "http" or
        "websocket"; `retries`: tries after a transient failure (reads, and opening a take)."""
        if transport not in TRANSPORTS:
            raise ValueError(f"transport must be one of {', '.join(TRANSPORTS)}")
        self._endpoint = HttpEndpoint(url, key, timeout, stall_timeout, what="engine server",
                                      a_what="an engine server", fix=START_FIX, not_json="an engine server",
                                      retries=retries)
        self.transport = transport
        self._server_transports: tuple[str, ...] | None = None
        self._socket: Any = None
        self._socket_lock = threading.Lock()
        self._socket_failed = 0.0
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
        transports = engines.get("transports") if isinstance(engines, dict) else None
        self._server_transports = tuple(str(t) for t in transports) if isinstance(transports, list) else ()
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
        with self._socket_lock:
            if self._socket is not None:
                self._socket.close()
                self._socket = None
        self._endpoint.close()

    # --- synthesis ----------------------------------------------------------------------------

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        """Refusals (unknown voice, busy, wrong key) are raised here, before any event, on both
        transports; failures after that are raised by the iterator."""
        body = wire.encode_request(request)
        sock = self._take_socket()
        if sock is not None:
            try:
                take_id, q = sock.start(body)
            except ConnectionError:
                self._drop_socket(sock)
            else:
                return self._socket_events(sock, take_id, q, cancel)
        stream, response = self._endpoint.open_stream(f"/v1/engines/{self.engine_id}/synthesize", body,
                                                      self._refusal)
        return self._events(stream, response, cancel)

    @property
    def uses_websocket(self) -> bool:
        """Whether the next take goes over the WebSocket (as far as known now)."""
        if self.transport == "http":
            return False
        if self.transport == "websocket":
            return True
        if self._server_transports is None:
            self.availability()
        return "websocket" in (self._server_transports or ())

    def _take_socket(self) -> Any:
        """The open socket, opening it when needed; None to use HTTP (not offered, or failed lately)."""
        if not self.uses_websocket:
            return None
        with self._socket_lock:
            if self._socket is not None and not self._socket.closed:
                return self._socket
            if self.transport == "auto" and time.monotonic() - self._socket_failed < _SOCKET_RETRY_S:
                return None
            from backends.remote import ws

            url = "ws" + self.url[4:] + f"/v1/engines/{self.engine_id}/stream"
            try:
                self._socket = ws.TakeSocket(url, self.key, self.timeout)
            except ws.SocketRefused as exc:
                raise self._refusal(httpx.Response(exc.status, content=exc.body)) from exc
            except (OSError, TimeoutError, Exception) as exc:
                self._socket_failed = time.monotonic()
                if self.transport == "websocket":
                    raise self._endpoint.unreachable(httpx.ConnectError(str(exc))) from exc
                return None
            return self._socket

    def _drop_socket(self, sock: Any) -> None:
        with self._socket_lock:
            if self._socket is sock:
                self._socket = None
        sock.close()

    def _socket_events(self, sock: Any, take_id: str, q: queue.Queue[Any],
                       cancel: CancelToken) -> Iterator[SynthesisEvent]:
        from backends.remote import ws

        def next_event(received: list[SynthesisEvent]) -> wire.WireEvent:
            """The take's next event; checks the token every 50 ms and the stall limit."""
            waited = 0.0
            while True:
                if cancel.cancelled:
                    sock.cancel(take_id)
                    raise Cancelled()
                try:
                    raw = q.get(timeout=0.05)
                    break
                except queue.Empty:
                    waited += 0.05
                    if waited >= self.stall_timeout:
                        sock.cancel(take_id)
                        how = (f"carried nothing for {self.stall_timeout:g} s: the server sent nothing (it "
                               "may be frozen or overloaded)")
                        raise _broken(self.url, how, received) from None
            if raw is ws.CLOSED:
                raise _broken(self.url, "broke during the take (the socket closed)", received)
            try:
                event = wire.decode_event(raw)
            except wire.WireError as exc:
                raise BackendError(f"The engine server at {self.url} sent a malformed event ({exc}); "
                                   "the take was abandoned.") from exc
            if isinstance(event, wire.RemoteError):
                raise self._remote_error(event)
            return event

        received: list[SynthesisEvent] = []
        try:
            first = next_event(received)
            while isinstance(first, wire.Heartbeat):  # a refusal comes first; wait as HTTP does
                first = next_event(received)
        except BaseException:
            sock.finish(take_id)
            raise

        def events() -> Iterator[SynthesisEvent]:
            try:
                event: wire.WireEvent = first
                while True:
                    if not isinstance(event, wire.Heartbeat):
                        received.append(event)  # type: ignore[arg-type]
                        yield event  # type: ignore[misc]
                        if isinstance(event, Finished):
                            return
                    event = next_event(received)
            finally:
                if cancel.cancelled:
                    sock.cancel(take_id)
                sock.finish(take_id)

        return events()

    def _remote_error(self, event: wire.RemoteError) -> BackendError:
        if event.code in ("invalid-request", "text-too-long"):
            return InvalidRequest(event.message)
        if event.code in ("unknown-engine", "engine-unavailable"):
            return BackendUnavailable(Availability(False, event.message, "See the server's log."))
        return BackendError(event.message)

    def _events(self, stream: Any, response: httpx.Response, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        finished = False
        received: list[SynthesisEvent] = []
        with reading(stream, cancel,  # closing the connection cancels the take on the server
                     lambda: _broken(self.url, f"carried nothing for {self.stall_timeout:g} s: the server "
                                               "sent nothing (it may be frozen or overloaded)", received),
                     lambda how: _broken(self.url, f"broke during the take ({how})", received)):
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
                    raise self._remote_error(event)
                if isinstance(event, Finished):
                    finished = True
                received.append(event)
                yield event
                if finished:
                    return
            if cancel.cancelled:
                raise Cancelled()
            raise _broken(self.url, "ended the take before it was finished", received)

    # --- voices prepared on the server (SupportsVoicePreparation) --------------------------------

    def prepare_voice(self, reference: Audio, transcript: str | None, cancel: CancelToken,
                      progress: Callable[[float, str], None] | None = None, name: str = "",
                      consent: Mapping[str, str] | None = None) -> VoiceProfile:
        """Upload the clip; the server's engine prepares the voice and the server keeps it. Blocking;
        the engine's progress is passed on; cancelling closes the request, which cancels the work
        on the server."""
        voice = self.create_voice(reference, transcript, cancel, progress, name, consent)
        return VoiceProfile.from_json(voice["profile"])

    def create_voice(self, reference: Audio, transcript: str | None, cancel: CancelToken,
                     progress: Callable[[float, str], None] | None = None, name: str = "",
                     consent: Mapping[str, str] | None = None) -> dict[str, Any]:
        """As `prepare_voice`, but the server's whole answer: id, name, transcript, profile, consent.
        `consent`: the form's consent fields (speaker, consent, source, licence, recorded), which
        the server requires as the wizard and the CLI do."""
        import soundfile as sf

        buf = io.BytesIO()
        sf.write(buf, reference.samples, reference.sample_rate, format="FLAC", subtype="PCM_24")
        data: dict[str, str] = {"name": name}
        if transcript:
            data["transcript"] = transcript
        data.update({k: str(v) for k, v in (consent or {}).items() if v})
        timeout = httpx.Timeout(self.timeout, read=self.stall_timeout)  # the server sends heartbeats
        headers = {"Accept": wire.NDJSON_MEDIA_TYPE}
        files = {"file": ("reference.flac", buf.getvalue(), "audio/flac")}
        if progress is not None:
            progress(0.0, "Uploading the clip to the server")
        try:
            stream = self._http.stream("POST", f"/v1/engines/{self.engine_id}/voices", data=data, files=files,
                                       headers=headers, timeout=timeout)
            response = stream.__enter__()
        except httpx.HTTPError as exc:
            raise self._endpoint.unreachable(exc) from exc
        with reading(stream, cancel,  # closing the stream cancels the work on the server
                     lambda: BackendError(f"The engine server at {self.url} sent nothing for "
                                          f"{self.stall_timeout:g} s while preparing the voice (it may be "
                                          "frozen or overloaded)."),
                     lambda how: BackendError(f"The connection to the engine server at {self.url} broke "
                                              f"while preparing the voice ({how}).")):
            if response.status_code != 201:
                response.read()
                raise self._refusal(response)
            for line in response.iter_lines():
                if cancel.cancelled:
                    raise Cancelled()  # closing the stream (below) cancels the work on the server
                if not line.strip():
                    continue
                try:
                    message = json.loads(line)
                    kind = message["type"]
                except (ValueError, KeyError, TypeError) as exc:
                    raise BackendError(f"The server at {self.url} sent a malformed line while preparing "
                                       f"the voice ({exc}).") from exc
                if kind == "progress" and progress is not None:
                    progress(float(message.get("fraction", 0.0)), str(message.get("message", "")))
                elif kind == "error":
                    code, text = wire.decode_error(message)
                    if code == "cancelled" and cancel.cancelled:
                        raise Cancelled()
                    raise self._remote_error(wire.RemoteError(code, text))
                elif kind == "voice":
                    voice = message.get("voice")
                    try:
                        VoiceProfile.from_json(voice["profile"])
                    except (KeyError, TypeError, ValueError) as exc:
                        raise BackendError(f"The server at {self.url} sent a voice this studio cannot read "
                                           f"({exc}).") from exc
                    if progress is not None:
                        progress(1.0, "Prepared")
                    return dict(voice)
            if cancel.cancelled:
                raise Cancelled()
            raise BackendError(f"The engine server at {self.url} ended the request before the voice was "
                               "prepared.")

    # --- edits by instruction (engines whose manifest declares `edits`) ---------------------------

    # The server's engine declares its own clip limits (EditSupport.max_seconds, carried by the
    # manifest); the client adds none.
    max_edit_seconds = 0.0

    def edit(self, audio: Audio, request: EditRequest, cancel: CancelToken,
             progress: Callable[[float, str], None] | None = None) -> Audio:
        """The clip edited by the server's engine (`POST /v1/engines/{id}/edit`, the whole clip as
        the span: the editing core here already chose and cut it). Blocking; progress passed on;
        cancelling closes the request, which cancels the engine."""
        import soundfile as sf

        from backends.audio import Audio
        from backends.edits import instruction_text

        buf = io.BytesIO()
        sf.write(buf, audio.samples, audio.sample_rate, format="FLAC", subtype="PCM_24")
        data = {"instruction": instruction_text(request), "encoding": "f32le"}
        if request.at is not None:
            data["at"] = f"{request.at:.4f}"
        if request.transcript:
            data["transcript"] = request.transcript
        timeout = httpx.Timeout(self.timeout, read=self.stall_timeout)  # the server sends heartbeats
        files = {"file": ("clip.flac", buf.getvalue(), "audio/flac")}
        try:
            stream = self._http.stream("POST", f"/v1/engines/{self.engine_id}/edit", data=data, files=files,
                                       headers={"Accept": wire.NDJSON_MEDIA_TYPE}, timeout=timeout)
            response = stream.__enter__()
        except httpx.HTTPError as exc:
            raise self._endpoint.unreachable(exc) from exc
        edited: Audio | None = None
        with reading(stream, cancel,
                     lambda: BackendError(f"The engine server at {self.url} sent nothing for "
                                          f"{self.stall_timeout:g} s while editing (it may be frozen or "
                                          "overloaded)."),
                     lambda how: BackendError(f"The connection to the engine server at {self.url} broke "
                                              f"while editing ({how}).")):
            if response.status_code != 200:
                response.read()
                refused = self._refusal(response)
                raise InvalidRequest(str(refused)) if response.status_code == 422 else refused
            for line in response.iter_lines():
                if cancel.cancelled:
                    raise Cancelled()
                if not line.strip():
                    continue
                try:
                    event = wire.loads_line(line)
                except wire.WireError as exc:
                    raise BackendError(f"The server at {self.url} sent a malformed line while editing "
                                       f"({exc}).") from exc
                if isinstance(event, Progress) and progress is not None and event.total > 0:
                    progress(event.done / event.total, event.message)
                elif isinstance(event, AudioChunk):
                    edited = Audio(event.samples, event.sample_rate)
                elif isinstance(event, wire.RemoteError):
                    if event.code == "cancelled" and cancel.cancelled:
                        raise Cancelled()
                    raise self._remote_error(event)
                elif isinstance(event, Finished):
                    if edited is None:
                        raise BackendError(f"The engine server at {self.url} finished the edit without "
                                           "sending the audio.")
                    return edited
            if cancel.cancelled:
                raise Cancelled()
            raise BackendError(f"The engine server at {self.url} ended the edit before it was finished.")

    # --- audio tokens (engines whose manifest says `tokenize`) ------------------------------------

    def tokenize(self, audio: Audio) -> Any:
        """The clip's audio tokens from the server's engine (`POST /v1/engines/{id}/tokens`), as
        backends.step.tokenizer.AudioTokens (`.as_text()` is the `<audio_N>` string). Blocking;
        InvalidRequest when that engine cannot tokenise or the clip is refused."""
        import numpy as np
        import soundfile as sf

        from backends.step.tokenizer.tokens import AudioTokens

        buf = io.BytesIO()
        sf.write(buf, audio.samples, audio.sample_rate, format="FLAC", subtype="PCM_24")
        files = {"file": ("clip.flac", buf.getvalue(), "audio/flac")}
        timeout = httpx.Timeout(self.timeout, read=self.stall_timeout)
        try:
            response = self._endpoint.send(
                lambda: self._http.post(f"/v1/engines/{self.engine_id}/tokens", files=files, timeout=timeout),
                (httpx.ConnectError, httpx.ConnectTimeout))
        except httpx.HTTPError as exc:
            raise self._endpoint.unreachable(exc) from exc
        if response.status_code != 200:
            refused = self._refusal(response)
            raise InvalidRequest(str(refused)) if response.status_code == 422 else refused
        try:
            raw = response.json()
            tokens = AudioTokens(np.asarray(raw["vq02"], dtype=np.int64),
                                 np.asarray(raw["vq06"], dtype=np.int64))
        except (ValueError, KeyError, TypeError) as exc:
            raise BackendError(f"The engine server at {self.url} sent audio tokens this studio cannot read "
                               f"({exc}).") from exc
        if tokens.as_text() != raw.get("text"):
            raise BackendError(f"The engine server at {self.url} sent audio tokens whose text does not match "
                               "their codes.")
        return tokens

    def prepared_voices(self) -> list[dict[str, Any]]:
        """The voices prepared on the server for this engine (id, name, transcript, profile)."""
        raw = self._get_json(f"/v1/engines/{self.engine_id}/voices")
        prepared = raw.get("prepared", []) if isinstance(raw, dict) else []
        return [v for v in prepared if isinstance(v, dict)]

    def delete_voice(self, voice_id: str) -> None:
        """Forget a voice prepared on the server; InvalidRequest when it has no such voice."""
        try:
            response = self._endpoint.send(
                lambda: self._http.delete(f"/v1/engines/{self.engine_id}/voices/{voice_id}"),
                (httpx.ConnectError, httpx.ConnectTimeout))
        except httpx.HTTPError as exc:
            raise self._endpoint.unreachable(exc) from exc
        if response.status_code != 200:
            raise self._refusal(response)

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
        if status in (400, 413, 422) or (status == 404 and code == "unknown-voice"):
            return InvalidRequest(message)
        return BackendError(message)
