"""One HTTP server an engine talks to: its address, key, timeouts, and the sentences for not reaching it.

Shared by the engine-server client and the OpenAI-compatible chat client, which differ only in what
a refusal means (each passes its own `refusal` mapping) and in what the server is called.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from backends.base import Availability, BackendError, BackendUnavailable, Cancelled, CancelToken

Refusal = Callable[[httpx.Response], BackendError]

# Failures where the request never reached the server's routes, so sending it again is safe even
# for a POST: nothing listened, or a pooled keep-alive connection had been closed by a restarted server.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout)
# Failures worth another try for a request that changes nothing (GET): also a dropped connection.
TRANSIENT = (*NOT_SENT, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


class HttpEndpoint:
    def __init__(self, url: str, key: str | None, timeout: float, stall_timeout: float, *,
                 what: str, a_what: str, fix: str, not_json: str, retries: int = 0,
                 backoff: float = 0.25) -> None:
        """`what`: "engine server"; `a_what`: "an engine server"; `fix`: what to do when it cannot be
        reached; `not_json`: what it may be instead when it answers something other than JSON.
        `retries`: further tries after a transient failure, `backoff` seconds before the first,
        doubling each time (a server restarting, a keep-alive connection it dropped)."""
        self.retries = max(0, retries)
        self.backoff = backoff
        url = url.rstrip("/")
        self.url = url[:-3] if url.endswith("/v1") else url
        self.timeout = timeout
        self.stall_timeout = stall_timeout
        self.what, self.a_what, self.fix, self.not_json = what, a_what, fix, not_json
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.http = httpx.Client(base_url=self.url, headers=headers, timeout=httpx.Timeout(timeout),
                                 trust_env=False)

    def close(self) -> None:
        self.http.close()

    def unreachable(self, exc: httpx.HTTPError) -> BackendUnavailable:
        if isinstance(exc, httpx.TimeoutException):
            reason = f"The {self.what} at {self.url} did not answer within {self.timeout:g} s."
        elif isinstance(exc, httpx.ConnectError):
            reason = f"Cannot reach {self.a_what} at {self.url} (nothing answered)."
        else:
            reason = f"Cannot talk to the {self.what} at {self.url} ({type(exc).__name__})."
        return BackendUnavailable(Availability(False, reason, self.fix))

    def send(self, attempt: Callable[[], Any], retry_on: tuple[type[BaseException], ...]) -> Any:
        """`attempt()` with the retry policy: up to `retries` more tries after a `retry_on` failure,
        waiting `backoff`, then twice that, ...; any other failure, or the last, is raised."""
        delay = self.backoff
        for remaining in range(self.retries, -1, -1):
            try:
                return attempt()
            except retry_on:
                if remaining == 0:
                    raise
            time.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")

    def get_json(self, path: str, refusal: Refusal) -> Any:
        try:
            response = self.send(lambda: self.http.get(path), TRANSIENT)
        except httpx.HTTPError as exc:
            raise self.unreachable(exc) from exc
        if response.status_code != 200:
            raise refusal(response)
        try:
            return response.json()
        except ValueError as exc:
            raise BackendUnavailable(Availability(
                False, f"The server at {self.url} did not answer with JSON; it may not be {self.not_json}.",
                self.fix)) from exc

    def open_stream(self, path: str, body: Any, refusal: Refusal) -> tuple[Any, httpx.Response]:
        """POST `body` and open the streamed answer (read timeout: `stall_timeout`); a refusal is read,
        closed and raised. The caller closes the returned stream with `__exit__` when done."""
        timeout = httpx.Timeout(self.timeout, read=self.stall_timeout)
        def attempt() -> tuple[Any, httpx.Response]:
            stream = self.http.stream("POST", path, json=body, timeout=timeout)
            return stream, stream.__enter__()

        try:
            stream, response = self.send(attempt, NOT_SENT)
        except httpx.HTTPError as exc:
            raise self.unreachable(exc) from exc
        if response.status_code != 200:
            try:
                response.read()
            except httpx.HTTPError:
                pass
            finally:
                stream.__exit__(None, None, None)
            raise refusal(response)
        return stream, response


@contextlib.contextmanager
def reading(stream: Any, cancel: CancelToken, stalled: Callable[[], BackendError],
            broken: Callable[[str], BackendError]) -> Iterator[None]:
    """Read a streamed answer inside this block: a read timeout becomes `stalled()`, any other
    transport failure `broken(<its type name>)` (or Cancelled when the user had cancelled, since
    closing the connection is how a cancel reaches the server), and the stream is closed however the
    block ends, which is what tells the server to stop."""
    try:
        yield
    except httpx.ReadTimeout as exc:
        raise stalled() from exc
    except httpx.HTTPError as exc:
        if cancel.cancelled:
            raise Cancelled() from exc
        raise broken(type(exc).__name__) from exc
    finally:
        stream.__exit__(None, None, None)
