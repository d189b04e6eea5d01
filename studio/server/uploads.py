"""Multipart uploads and the server's speech recognition (`/v1/audio/transcriptions`).

The form is parsed here with the standard library rather than FastAPI's `Form`/`File`, which need
the python-multipart package: the body is already whole and size-limited by the Guard, and a
multipart/form-data body is simple enough to split exactly (bytes in, bytes out, nothing decoded
that the route does not ask for). Every way a form can be wrong is a `FormError` with a sentence.

Transcription is the studio's own Whisper (backends.embedded.asr), one model instance per name,
loaded on first use and shared by every request.
"""

from __future__ import annotations

import re
import tempfile
import threading
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from backends.audio import Audio, load_audio

# OpenAI model names the endpoint accepts -> our Whisper model. "whisper-1" (what OpenAI's own
# examples send) means the multilingual base model.
WHISPER_MODELS = {"whisper-base": "base", "whisper-tiny.en": "tiny.en", "whisper-1": "base"}


class FormError(ValueError):
    """The body is not a usable multipart form; the message is for the client."""


@dataclass(frozen=True)
class Part:
    name: str
    filename: str | None
    content_type: str
    data: bytes

    def text(self) -> str:
        try:
            return self.data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FormError(f"The form field '{self.name}' is not UTF-8 text.") from exc


def _header_params(name: str, value: str) -> Message:
    m = Message()
    m[name] = value
    return m


def parse_form(content_type: str, body: bytes) -> dict[str, Part]:
    """The parts of a multipart/form-data body by field name (the first of repeated names wins)."""
    ctype = _header_params("content-type", content_type or "")
    if ctype.get_content_type() != "multipart/form-data":
        raise FormError("The request must be multipart/form-data (an audio file upload), not "
                        f"'{ctype.get_content_type() if content_type else 'no content type'}'.")
    boundary = ctype.get_param("boundary")
    if not isinstance(boundary, str) or not boundary or len(boundary) > 200:
        raise FormError("The multipart request has no boundary in its Content-Type.")
    delimiter = b"--" + boundary.encode("latin-1")
    start = body.find(delimiter)
    if start < 0 or (start > 0 and body[start - 2:start] != b"\r\n"):
        raise FormError("The multipart body does not start with its boundary.")
    parts: dict[str, Part] = {}
    pos = start + len(delimiter)
    while True:
        if body[pos:pos + 2] == b"--":
            return parts  # the closing delimiter
        if body[pos:pos + 2] != b"\r\n":
            raise FormError("The multipart body is malformed (a boundary line is not ended).")
        pos += 2
        end = body.find(b"\r\n" + delimiter, pos)
        if end < 0:
            raise FormError("The multipart body ends before its closing boundary (was it cut short?).")
        part = _parse_part(body[pos:end])
        parts.setdefault(part.name, part)
        pos = end + 2 + len(delimiter)


def _parse_part(raw: bytes) -> Part:
    head, sep, data = raw.partition(b"\r\n\r\n")
    if not sep:
        if raw.startswith(b"\r\n"):  # a part with no headers at all
            head, data = b"", raw[2:]
        else:
            raise FormError("A multipart part has no blank line after its headers.")
    headers: dict[str, str] = {}
    for line in head.decode("utf-8", "replace").split("\r\n"):
        key, colon, value = line.partition(":")
        if colon:
            headers[key.strip().lower()] = value.strip()
    disposition = _header_params("content-disposition", headers.get("content-disposition", ""))
    name = disposition.get_param("name", header="content-disposition")
    if not isinstance(name, str) or not name:
        raise FormError("A multipart part has no field name (Content-Disposition: form-data; name=...).")
    filename = disposition.get_param("filename", header="content-disposition")
    return Part(name, filename if isinstance(filename, str) else None,
                headers.get("content-type", "application/octet-stream"), data)


def decode_upload(part: Part, max_seconds: float) -> Audio:
    """The uploaded file as Audio, with the studio's loader and its messages (which name the file)."""
    if not part.data:
        raise FormError("The uploaded file is empty.")
    name = re.sub(r"[^\w.\-]+", "_", Path(part.filename or "upload").name)[:80].strip("._") or "upload"
    with tempfile.TemporaryDirectory(prefix="step-studio-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(part.data)
        return load_audio(path, max_seconds=max_seconds)


class Transcribers:
    """One Whisper per model name, created on first use; a lock-free read once it exists."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._models: dict[str, object] = {}

    def get(self, name: str) -> object:
        from backends.embedded.asr import WhisperTranscriber

        with self._lock:
            model = self._models.get(name)
            if model is None:
                model = WhisperTranscriber(name)
                self._models[name] = model
            return model
