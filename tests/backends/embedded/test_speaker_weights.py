"""Fetching the speaker encoder's weights on first use: through pip, from a local fake package
index, checksummed; offline and a bad checksum each end in one sentence and keep nothing."""

from __future__ import annotations

import hashlib
import http.server
import io
import os
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio
from backends.base import BackendError, Cancelled, CancelToken
from backends.embedded import speaker, speaker_weights
from backends.embedded.speaker_weights import WeightsUnavailable, cached_weights, fetch_weights

FAKE_WEIGHTS = b"not really a checkpoint, only bytes to check"


def _fake_wheel() -> bytes:
    """A wheel named and versioned as the pinned one, holding fake weights and a licence."""
    buf = io.BytesIO()
    info = "Resemblyzer-0.1.4.dist-info"
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("resemblyzer/__init__.py", "")
        zf.writestr("resemblyzer/pretrained.pt", FAKE_WEIGHTS)
        zf.writestr(f"{info}/LICENSE", "Apache License 2.0 (test copy)")
        zf.writestr(f"{info}/METADATA", "Metadata-Version: 2.1\nName: Resemblyzer\nVersion: 0.1.4\n")
        zf.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                                     "Tag: py3-none-any\n")
        zf.writestr(f"{info}/top_level.txt", "resemblyzer\n")
        zf.writestr(f"{info}/RECORD", "")
    return buf.getvalue()


WHEEL = _fake_wheel()
WHEEL_NAME = "Resemblyzer-0.1.4-py3-none-any.whl"


class _Index:
    """A PEP 503 index on 127.0.0.1 serving the fake wheel; counts the requests it answered."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        index = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                index.requests.append(self.path)
                if self.path.rstrip("/") == "/simple/resemblyzer":
                    body = (f'<html><body><a href="/files/{WHEEL_NAME}">{WHEEL_NAME}</a></body></html>'
                            ).encode()
                    kind = "text/html"
                elif self.path == f"/files/{WHEEL_NAME}":
                    body, kind = WHEEL, "application/octet-stream"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/simple"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def index() -> Iterator[_Index]:
    served = _Index()
    yield served
    served.close()


@pytest.fixture(autouse=True)
def plain_pip(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """pip with no configuration (no machine-wide index, links or cache) and an empty cache."""
    for name in list(os.environ):
        if name.startswith("PIP_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_NO_CACHE_DIR", "1")
    monkeypatch.setenv("STEP_STUDIO_CACHE", str(tmp_path / "cache"))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_fetches_checks_and_keeps_the_weights_once(index: _Index) -> None:
    seen: list[tuple[float, str]] = []
    path = fetch_weights(lambda f, m: seen.append((f, m)), index_url=index.url,
                         wheel_sha256=_sha(WHEEL), weights_sha256=_sha(FAKE_WEIGHTS))
    assert path.read_bytes() == FAKE_WEIGHTS and path == cached_weights()
    assert (path.parent / "LICENSE").read_text().startswith("Apache")
    assert seen[0][0] == 0.0 and seen[-1][0] == 1.0 and "speaker model" in seen[-1][1]
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    asked = len(index.requests)
    assert asked >= 2  # the index page and the wheel
    # A second use finds them in the cache and asks nobody.
    assert fetch_weights(index_url=index.url, wheel_sha256=_sha(WHEEL),
                         weights_sha256=_sha(FAKE_WEIGHTS)) == path
    assert len(index.requests) == asked


def test_a_pip_without_raw_progress_still_fetches(index: _Index, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m venv` on Python 3.11 gives pip 23, which refuses `--progress-bar raw` (seen in a
    fresh `pip install -e .`: clone failed with "could not be downloaded")."""
    from backends.embedded import speaker_weights

    real = speaker_weights._run_pip
    bars: list[str] = []

    def old_pip(cmd: list[str], report, cancel):  # type: ignore[no-untyped-def]
        bar = cmd[cmd.index("--progress-bar") + 1]
        bars.append(bar)
        if bar == "raw":
            return 2, "ERROR: option --progress-bar: invalid choice: 'raw' (choose from 'on', 'off')\n"
        return real(cmd, report, cancel)

    monkeypatch.setattr(speaker_weights, "_run_pip", old_pip)
    path = fetch_weights(index_url=index.url, wheel_sha256=_sha(WHEEL), weights_sha256=_sha(FAKE_WEIGHTS))
    assert path.read_bytes() == FAKE_WEIGHTS and bars == ["raw", "off"]


def test_a_wheel_that_fails_its_pinned_checksum_is_refused(index: _Index) -> None:
    with pytest.raises(WeightsUnavailable, match="did not match its checksum") as caught:
        fetch_weights(index_url=index.url)  # the real pinned hash: the fake wheel does not match it
    assert "\n" not in str(caught.value) and "Traceback" not in str(caught.value)
    assert cached_weights() is None
    assert len(index.requests) >= 2  # it was downloaded, then refused


def test_weights_that_fail_their_checksum_are_refused(index: _Index) -> None:
    with pytest.raises(WeightsUnavailable, match="did not match its checksum"):
        fetch_weights(index_url=index.url, wheel_sha256=_sha(WHEEL), weights_sha256="0" * 64)
    assert cached_weights() is None
    assert not list(speaker_weights.weights_dir().parent.glob(".fetch-*"))  # no leftovers


def test_offline_says_so_in_one_sentence() -> None:
    import socket

    with socket.socket() as s:  # a port that nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(WeightsUnavailable) as caught:
        fetch_weights(index_url=f"http://127.0.0.1:{port}/simple", timeout_s=5)
    message = str(caught.value)
    assert "could not be downloaded" in message and "internet connection" in message
    assert "pip install --no-deps resemblyzer==0.1.4" in message and "\n" not in message
    assert isinstance(caught.value, BackendError)  # front ends show BackendError text as it is
    assert cached_weights() is None


def test_cancel_stops_the_download(index: _Index) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        fetch_weights(cancel=cancel, index_url=index.url, wheel_sha256=_sha(WHEEL),
                      weights_sha256=_sha(FAKE_WEIGHTS))
    assert cached_weights() is None


def test_encoder_without_weights_fetches_on_first_use(index: _Index, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain install (no resemblyzer): the encoder counts as available, and its first embedding
    goes to the package index that pip is configured with; here it serves a wheel that fails the
    pinned checksum, so the user gets that sentence and not a traceback or a silent skip."""
    monkeypatch.setattr(speaker, "installed_weights_path", lambda: None)
    monkeypatch.setenv("PIP_INDEX_URL", index.url)
    encoder = speaker.SpeakerEncoder()
    assert speaker.weights_path() is None and encoder.available().available
    with pytest.raises(WeightsUnavailable, match="checksum"):
        encoder.embed(Audio(np.zeros(16000, dtype=np.float32), 16000))
    assert any(p.endswith(WHEEL_NAME) for p in index.requests)
