"""POST /v1/engines/{id}/edit: a clip edited by instruction on the engine's server, with progress.

The same core as the Edit page and `step-studio edit` (`studio.editing.instruct`): the span is cut
at pauses, split under the engine's clip limit, edited piece by piece and spliced back, "repeat"
times. The form is a multipart upload like the voice and transcription routes (`file`, plus
`instruction` in the short form "emotion=happy", "speed=1.25", "denoise", ...; optional `start`,
`end` (seconds; default the whole clip), `repeat` (1-10), `transcript`, `at`, `encoding`), with
the transcription route's limit on the clip's length (`max_audio_seconds`).

The answer is NDJSON in the wire format (backends.remote.wire) the synthesize route uses:
`progress` lines (done/total in thousandths of the whole edit, message "emotion happy (2/3), part
1 of 2"), `heartbeat` while the engine is quiet, one `audio` line with the edited clip, then
`finished` with what was done (request, span, iterations, pieces). Everything that can be refused
without editing is an HTTP error before the stream starts: an engine that declares no edits or not
this one (422, with the engine's own reason), a bad form, span or repeat, an unreadable clip.
A failure after the stream began is an `error` line; a client that leaves cancels the edit.
"""

from __future__ import annotations

import math
import queue
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from backends.audio import Audio
from backends.base import AudioChunk, BackendError, CancelToken, Finished, InvalidRequest, Progress
from backends.edits import EditRequest, SupportsEditing, parse_instruction
from backends.remote import wire
from backends.threads import start_native
from studio.editing import EditError, EditProject
from studio.editing.instruct import MAX_REPEAT, apply_instruction, check_instruction
from studio.server.context import ServerContext
from studio.server.errors import ApiError, error_for
from studio.server.hosting import Failed, Take
from studio.server.models import clip_form, error_responses
from studio.server.uploads import FormError, parse_form

EDIT_FORM = clip_form(
    "The clip to edit (wav, flac, ogg, mp3, ...)",
    instruction="The edit: emotion=VALUE, style=VALUE, speed=FACTOR, pitch=SEMITONES, paralinguistic=SOUND, "
                "denoise or remove_silence (what the engine can do is in its manifest's `edits`)",
    start="Where the span to edit starts, in seconds (default 0)",
    end="Where it ends, in seconds (default: the end of the clip)",
    repeat=f"Apply the edit this many times, each on the last result (1-{MAX_REPEAT}, default 1)",
    transcript="What the clip says, for engines whose edits quote it",
    at="For a paralinguistic sound: where it goes, in seconds from the start of the clip",
    encoding="How the edited audio is encoded: f32le (default) or s16le")
PROGRESS_STEPS = 1000  # progress lines count thousandths of the whole edit


def _edit_failure(exc: BaseException) -> ApiError:
    """An edit's failure as the client is told it: the engine's fault (5xx) or the request's (4xx)."""
    if isinstance(exc, EditError):
        cause = exc.__cause__
        if isinstance(cause, BackendError) and not isinstance(cause, InvalidRequest):
            return ApiError(500, "engine-failed", " ".join(str(exc).split()))
        return ApiError(422, "invalid-edit", " ".join(str(exc).split()))
    return error_for(exc)


def _number(fields: dict[str, str], name: str) -> float | None:
    text = fields.get(name, "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ApiError(422, "invalid-request", f"The form field '{name}' must be a number of seconds, not "
                                               f"'{text[:40]}'.", param=name)
    return value


def _request(fields: dict[str, str]) -> EditRequest:
    text = fields.get("instruction", "").strip()
    if not text:
        raise ApiError(422, "invalid-request", "The form needs an 'instruction' field, e.g. emotion=happy.",
                       param="instruction")
    try:
        return parse_instruction(text, at=_number(fields, "at"), transcript=fields.get("transcript", ""))
    except InvalidRequest as exc:
        raise ApiError(422, "invalid-edit", str(exc), param="instruction") from exc


def _events(clip: Audio, backend: Any, request: EditRequest, span: tuple[float, float], repeat: int,
            token: CancelToken) -> Iterator[object]:
    """The edit as wire events, for a Take's thread: the work runs on a thread of its own so that
    its progress callbacks become events here as they happen."""
    items: queue.Queue[object] = queue.Queue()

    def progress(fraction: float, message: str) -> None:
        items.put(Progress(round(fraction * PROGRESS_STEPS), PROGRESS_STEPS, message))

    def work() -> None:
        try:
            project = EditProject(clip)
            result = apply_instruction(project, backend, request, span[0], span[1], repeat=repeat,
                                       cancel=token, progress=progress)
            items.put((project.render(), result))
        except BaseException as exc:
            items.put(Failed(exc))

    worker = start_native(work, name="edit-work")
    ended = False
    try:
        while True:
            item = items.get()
            ended = not isinstance(item, Progress)
            if isinstance(item, Failed):
                raise item.error
            if isinstance(item, Progress):
                yield item
                continue
            audio, result = item  # type: ignore[misc]
            yield AudioChunk(audio.samples, audio.sample_rate, 0)
            yield Finished({"request": request.to_json(), "repeat": repeat,
                            "span": [result.start, result.end], "requested_span": list(span),
                            "pieces": result.pieces, "iterations": len(result.versions),
                            "seconds": round(audio.duration, 3)})
            return
    finally:
        if not ended:  # the client left: stop the engine (not after a failure: the Take reports it)
            token.cancel()
        worker.join()  # the slot is held until the engine's work has really ended


def edit_router(ctx: ServerContext) -> APIRouter:
    """The edit route for the engines whose manifest declares edits."""
    router = APIRouter()
    config = ctx.config

    @router.post("/v1/engines/{engine_id}/edit", summary="Edit a clip by instruction; progress and the "
                                                         "edited clip as NDJSON",
                 response_class=StreamingResponse, openapi_extra=EDIT_FORM,
                 responses={200: {"content": {wire.NDJSON_MEDIA_TYPE: {}},
                                  "description": "progress lines, one audio line, then finished"},
                            **error_responses(400, 404, 422, 429, 500, 503)})
    async def edit_clip(engine_id: str, request: Request) -> StreamingResponse:
        host = ctx.host_for(engine_id)
        backend: Any = host.backend
        if not isinstance(backend, SupportsEditing) or not backend.manifest.edits:  # type: ignore[attr-defined]
            editing = [eid for eid, h in ctx.hosts.items()
                       if isinstance(h.backend, SupportsEditing) and h.backend.manifest.edits]
            raise ApiError(422, "cannot-edit", f"Engine '{engine_id}' cannot edit recordings (its manifest "
                                               f"declares no edits; engines here that can: "
                                               f"{', '.join(editing) or 'none'}).")
        raw = await request.body()
        try:
            form = parse_form(request.headers.get("content-type", ""), raw)
            fields = {k: p.text() for k, p in form.items() if k != "file"}
        except FormError as exc:
            raise ApiError(400, "invalid-request", str(exc)) from exc
        edit = _request(fields)
        try:
            check_instruction(backend, edit)
        except EditError as exc:
            raise ApiError(422, "unsupported-edit", str(exc), param="instruction") from exc
        repeat_text = fields.get("repeat", "").strip() or "1"
        if not repeat_text.isdigit() or not 1 <= int(repeat_text) <= MAX_REPEAT:
            raise ApiError(422, "invalid-request", f"'repeat' is a whole number from 1 to {MAX_REPEAT}.",
                           param="repeat")
        encoding = fields.get("encoding", "").strip() or "f32le"
        if encoding not in wire.AUDIO_ENCODINGS:
            raise ApiError(422, "invalid-request", f"'encoding' is one of {', '.join(wire.AUDIO_ENCODINGS)}.",
                           param="encoding")
        upload = form.get("file")
        if upload is None:
            raise ApiError(400, "invalid-request", "The form needs a 'file' field with the clip.")
        clip = await ctx.read_clip(upload, config.max_audio_seconds)
        start, end = _number(fields, "start"), _number(fields, "end")
        span = (0.0 if start is None else start, clip.duration if end is None else end)
        half = 0.5 / clip.sample_rate
        if not (0.0 <= span[0] < span[1] <= clip.duration + half) or round(span[1] * clip.sample_rate) <= \
                round(span[0] * clip.sample_rate):
            raise ApiError(422, "invalid-request", f"The span {span[0]:g}-{span[1]:g} s is empty or outside "
                                                   f"the clip (0-{clip.duration:.2f} s).", param="start")
        await ctx.acquire(host, "jobs", request)
        take = Take(host, None, lambda token: _events(clip, backend, edit, span, int(repeat_text), token))
        try:
            first = await take.next(config.heartbeat_s)
        except BaseException:
            take.cancel()
            raise
        if isinstance(first, Failed):
            raise _edit_failure(first.error) from first.error

        async def lines() -> AsyncIterator[bytes]:
            try:
                pending: object = first
                while pending is not None:
                    if isinstance(pending, Failed):
                        err = _edit_failure(pending.error)
                        yield wire.dumps_line(wire.encode_event(wire.RemoteError(err.code, err.message)))
                        return
                    yield wire.dumps_line(wire.encode_event(pending, encoding))  # type: ignore[arg-type]
                    pending = await take.next(config.heartbeat_s)
            finally:
                take.cancel()  # the client left (or the edit ended): stop the engine

        return StreamingResponse(lines(), media_type=wire.NDJSON_MEDIA_TYPE)

    return router
