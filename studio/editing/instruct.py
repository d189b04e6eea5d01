"""Edits by instruction on a span of a project: "make 3.0-7.5 s happier", through an engine.

An engine edits a clip (`backends.edits.SupportsEditing`); this module makes that an edit of any
span of any recording:

1. **Refuse first.** A request the engine declares unsupported (or a value it does not take) is
   refused with the engine's own sentence before any audio is touched.
2. **Cut at pauses, with context.** Each end of the span moves outward to the middle of the nearest
   pause within `CONTEXT_SECONDS` (by the studio's voice activity detector), or just into a pause
   that begins within `INWARD_SECONDS` inside it, so the engine hears whole phrases and the splice
   lands in silence; without a pause near, the end stays where the user put it.
3. **Split what is too long.** A span longer than the engine's limit (EditX: 30 s) is split at the
   pause nearest below the limit and edited piece by piece; an engine without a limit still gets
   pieces of at most `UNLIMITED_PIECE_SECONDS`, so a two-hour denoise neither holds its whole
   spectrogram in memory nor goes minutes without progress or a chance to cancel.
4. **Splice back.** The engine also gets `HANDLE_SECONDS` past each end of the span, cut off its
   result again, so its least reliable first and last milliseconds never reach a seam. The edited
   pieces are joined with short crossfades and put in place of the span by `EditProject.replace`,
   whose joins are the project's own (crossfaded, checked for clicks).
5. **Repeat.** "Repeat N times" (EditX's iterative editing) feeds each result into the next edit
   and keeps each iteration as a version of the project, so any of them can be heard and restored.

A paralinguistic sound's place (`EditRequest.at`) is given in seconds of the project; only the
piece that holds it is sent to the engine, with the place made relative to that piece. Each piece
also carries the words it says, from the transcript the project keeps for the version (the Words
tab), so an engine whose edits quote the words (EditX) hears the right ones in every piece and every
iteration; a transcript given with the request instead goes only when the span is one piece.

A failure or a cancel in the middle of an iteration leaves the project at the last good version
(the iteration's pieces are only committed once all of them are edited).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from backends.audio import Audio
from backends.base import BackendError, CancelToken
from backends.edits import EditRequest, SupportsEditing, check_request, edit_limit, refusal
from studio.editing import dsp
from studio.editing.dsp import EditError
from studio.editing.project import EditProject
from studio.editing.seams import JOIN_SECONDS, snap_to_quiet

CONTEXT_SECONDS = 0.75  # how far an end of the span may move outward to reach a pause
INWARD_SECONDS = 0.15  # how far inward, when a pause begins that close inside the span
_WINDOW_MARGIN = 0.5  # rendered past the context, so a pause is not mistaken for the window's edge
# Sound the engine gets past each end of the span and that is cut off its result again (in proportion
# to any length change): an engine's first and last milliseconds are its least reliable (a pitch
# shifter's latency compensation, a model's onset), so they never reach a seam.
HANDLE_SECONDS = 0.1
UNLIMITED_PIECE_SECONDS = 60.0  # piece length for engines without a clip limit
MAX_REPEAT = 10
_MIN_PIECE_FRACTION = 0.4  # a split pause is sought in the last 60 % of the allowed length

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class InstructResult:
    """What an instruction did: the versions it made (one per iteration, in order), the span it
    finally covers in the current version (seconds, after widening and the edits' own length
    changes) and how many clips each iteration sent to the engine."""

    versions: tuple[int, ...]
    start: float
    end: float
    pieces: int


def check_instruction(engine: object, request: EditRequest) -> None:
    """Raise EditError with one sentence when `engine` cannot do `request` at all (the engine's
    own reason where it declares one); nothing is touched. The Edit page asks this before Run."""
    name = getattr(getattr(engine, "manifest", None), "name", "This engine")
    if not isinstance(engine, SupportsEditing) or not getattr(engine.manifest, "edits", None):  # type: ignore[attr-defined]
        raise EditError(f"{name} cannot edit recordings; choose an engine that lists edits.")
    try:
        check_request(request)
    except BackendError as exc:
        raise EditError(str(exc)) from exc
    why = refusal(engine.manifest, request)  # type: ignore[attr-defined]
    if why is not None:
        raise EditError(why)


def widen_to_pauses(samples: np.ndarray, rate: int, a: int, b: int, context: float = CONTEXT_SECONDS,
                    *, clip_start: bool = True, clip_end: bool = True) -> tuple[int, int]:
    """[a, b) of `samples` with each end moved to a pause: outward to the middle of the nearest
    pause within `context` seconds, or, when a pause begins within `INWARD_SECONDS` inside the
    span, just into it (the few milliseconds given up are the tail of a word's decay). An end with
    no pause near stays. `clip_start`/`clip_end`: whether `samples` begins/ends where the clip does;
    where it does not, a "pause" touching that edge is only the window's cut and is ignored."""
    reach, inward = int(context * rate), int(INWARD_SECONDS * rate)
    found = [(x, y) for x, y in dsp.pauses(samples, rate)
             if (x > 0 or clip_start) and (y < len(samples) or clip_end)]

    def best(pos: int, outward: int) -> int:
        choices = []
        for x, y in found:
            mid, near = (x + y) // 2, (x if outward < 0 else y)  # near: the pause's edge inside the span
            if x <= pos <= y:
                choices.append(mid if (mid - pos) * outward >= 0 else pos)
            elif 0 <= (mid - pos) * outward <= reach:
                choices.append(mid)
            elif 0 < (pos - near) * outward <= inward:  # begins just inside the span
                choices.append(near - outward * min((y - x) // 2, int(0.05 * rate)))
        return min(choices, key=lambda m: abs(m - pos)) if choices else pos

    lo, hi = best(a, -1), best(b, +1)
    return (max(0, lo), min(len(samples), hi)) if hi > lo else (a, b)


def split_points(samples: np.ndarray, rate: int, limit: float) -> list[int]:
    """Where to cut `samples` so that no piece is longer than `limit` seconds: the middle of the
    last pause before each limit (in its last 60 %), else the quietest point just before it."""
    n, step = len(samples), int(limit * rate)
    if step <= 0 or n <= step:
        return []
    found = [(x + y) // 2 for x, y in dsp.pauses(samples, rate)]
    cuts, pos = [], 0
    while n - pos > step:
        lo, hi = pos + int(_MIN_PIECE_FRACTION * step), pos + step
        inside = [m for m in found if lo <= m < hi]
        if inside:
            cut = inside[-1]
        else:
            window = int(0.2 * rate)
            start = max(pos + 1, hi - window)
            cut = start + snap_to_quiet(samples[start:hi], (hi - start) // 2, rate)
        cuts.append(cut)
        pos = cut
    return cuts


def _span_words(project: EditProject, request: EditRequest, a: int, b: int) -> list[tuple[float, str]] | None:
    """The words said in [a, b) samples of the current version, as (middle in seconds from `a`, word),
    from the transcript the project keeps for it; None when the request brings its own transcript or
    the version has none. An engine whose edits quote the words (EditX) then gets each piece's own."""
    if request.transcript:
        return None
    from studio.editing.transcript import kept

    transcript = kept(project)
    if transcript is None:
        return None
    rate = project.sample_rate
    i, j = transcript.words_in(a / rate, b / rate)
    return [((w.start + w.end) / 2 - a / rate, w.text) for w in transcript.words[i:j]]


def _piece_text(words: list[tuple[float, str]], joiner: str, t0: float, t1: float, last: bool) -> str:
    return joiner.join(text for mid, text in words if t0 <= mid < t1 or (last and mid >= t1)).strip()


def _piece_request(request: EditRequest, at: int | None, p: int, q: int, n: int, rate: int,
                   pieces: int, words: str | None = None) -> EditRequest | None:
    """The request for piece [p, q) of a span of n samples: a sound's place (`at`, samples into the
    span) made relative to the piece, or None for a piece without it; `words`: what the piece says,
    from the project's transcript. A transcript the request brought is dropped when the span is
    split, since it would not match any one piece."""
    changes: dict[str, object] = {}
    if words is not None:
        changes["transcript"] = words
    elif pieces > 1 and request.transcript:
        changes["transcript"] = ""
    if at is not None:
        if not (p <= at < q or (at == q == n)):
            return None
        changes["at"] = (at - p) / rate
    return dataclasses.replace(request, **changes) if changes else request  # type: ignore[arg-type]


def _splice(pieces: list[np.ndarray], rate: int) -> np.ndarray:
    """Pieces joined end to start with a JOIN_SECONDS raised-cosine crossfade (cuts were at pauses)."""
    out = pieces[0]
    for piece in pieces[1:]:
        k = min(int(JOIN_SECONDS * rate), len(out), len(piece))
        if k < 1:
            out = np.concatenate([out, piece])
            continue
        r = (0.5 - 0.5 * np.cos(np.pi * (np.arange(k) + 0.5) / k)).astype(np.float32)
        out = np.concatenate([out[:-k], out[-k:] * (1 - r) + piece[:k] * r, piece[k:]])
    return out.astype(np.float32)


def apply_instruction(project: EditProject, engine: object, request: EditRequest, start: float,
                      end: float, *, repeat: int = 1, cancel: CancelToken | None = None,
                      progress: Progress | None = None, widen: bool = True) -> InstructResult:
    """Apply `request` through `engine` to [start, end) seconds of the current version, `repeat`
    times, each iteration a new version. Raises EditError (one sentence) for a request the engine
    cannot do, a bad selection or repeat count, or an engine failure (the project then stays at
    the last good version, which the message names); Cancelled passes through the same way."""
    if isinstance(repeat, bool) or not isinstance(repeat, int) or not 1 <= repeat <= MAX_REPEAT:
        raise EditError(f"Repeat an edit 1 to {MAX_REPEAT} times.")
    check_instruction(engine, request)
    cancel = cancel or CancelToken()
    rate = project.sample_rate
    a, b = project._range(start, end)
    if widen:
        margin = int((CONTEXT_SECONDS + _WINDOW_MARGIN) * rate)
        lo_ctx, hi_ctx = max(0, a - margin), min(project.length, b + margin)
        window = project.render(None, lo_ctx / rate, hi_ctx / rate).samples
        wa, wb = widen_to_pauses(window, rate, a - lo_ctx, b - lo_ctx, clip_start=lo_ctx == 0,
                                 clip_end=hi_ctx == project.length)
        a, b = lo_ctx + wa, lo_ctx + wb
    at: int | None = None  # where a sound goes, in samples from the start of the (widened) span
    if request.at is not None:
        at = round(request.at * rate) - a
        if not 0 <= at <= b - a:
            raise EditError(f"The sound goes at {request.at:.2f} s, outside the span "
                            f"{a / rate:.2f}-{b / rate:.2f} s it is added to.")
    words = _span_words(project, request, a, b)
    joiner = _joiner(project)
    length = b - a  # of the span the words were timed in (later iterations stretch them with it)
    limit = edit_limit(engine, request.kind) or UNLIMITED_PIECE_SECONDS
    editor: SupportsEditing = engine  # type: ignore[assignment]
    made: list[int] = []
    pieces_count = 0
    label = request.describe()
    handle = int(HANDLE_SECONDS * rate)
    for iteration in range(repeat):
        h1, h2 = min(handle, a), min(handle, project.length - b)
        x = project.render(None, (a - h1) / rate, (b + h2) / rate).samples
        inner_cuts = split_points(x[h1:len(x) - h2], rate, max(limit - 2 * HANDLE_SECONDS, limit / 2))
        cuts = [0, *(h1 + c for c in inner_cuts), len(x)]
        pieces_count = len(cuts) - 1
        edited: list[np.ndarray] = []
        for i, (p, q) in enumerate(itertools.pairwise(cuts)):
            cancel.raise_if_cancelled()
            done = (iteration * pieces_count + i) / (repeat * pieces_count)
            share = 1.0 / (repeat * pieces_count)
            message = label + (f" ({iteration + 1}/{repeat})" if repeat > 1 else "") + \
                (f", part {i + 1} of {pieces_count}" if pieces_count > 1 else "")

            def inner(fraction: float, _text: str, done: float = done, share: float = share,
                      message: str = message) -> None:
                if progress is not None:
                    progress(min(1.0, done + share * max(0.0, min(1.0, fraction))), message)

            inner(0.0, "")
            lead, tail = (h1 if i == 0 else 0), (h2 if i == pieces_count - 1 else 0)
            said = None
            if words is not None:
                scale = length / max(1, b - a)  # this iteration's span in the first one's seconds
                said = _piece_text(words, joiner, (p - h1) * scale / rate, (q - h1) * scale / rate,
                                   i == pieces_count - 1)
            piece_request = _piece_request(request, None if at is None else at + h1, p, q, len(x), rate,
                                           pieces_count, said)
            if piece_request is None:  # a sound goes elsewhere: this piece stays as it is
                edited.append(x[p + lead:q - tail])
                continue
            try:
                out = editor.edit(Audio(x[p:q], rate), piece_request, cancel, inner)
            except BackendError as exc:
                raise EditError(_failed(exc, iteration, repeat, made)) from exc
            y = out.resampled(rate).samples if isinstance(out, Audio) else np.zeros(0, np.float32)
            # the handles come off in proportion to how the engine changed the length
            scale = len(y) / (q - p)
            y = y[round(lead * scale):len(y) - round(tail * scale)]
            if len(y) == 0:
                raise EditError(_failed("the engine returned no audio", iteration, repeat, made))
            edited.append(y)
        cancel.raise_if_cancelled()
        result = _splice(edited, rate)
        op = {"op": "instruct", "request": request.to_json(), "iteration": iteration + 1,
              "repeat": repeat, "pieces": pieces_count}
        project.replace(a / rate, b / rate, Audio(result, rate), op, snap=False)
        made.append(project.current)
        b = a + len(result)
        if progress is not None:
            progress((iteration + 1) / repeat, label)
    return InstructResult(tuple(made), a / rate, b / rate, pieces_count)


def _joiner(project: EditProject) -> str:
    from studio.editing.transcript import kept, word_joiner

    transcript = kept(project)
    return word_joiner(transcript.language) if transcript is not None else " "


def _failed(exc: BaseException | str, iteration: int, repeat: int, made: list[int]) -> str:
    reason = str(exc).strip().rstrip(".") or type(exc).__name__
    if repeat == 1:
        return f"The edit failed: {reason}. The recording is unchanged."
    if not made:
        kept = "the recording is unchanged"
    else:
        kept = ("the finished iteration is kept" if len(made) == 1
                else f"the {len(made)} finished iterations are kept")
    return f"The edit failed in iteration {iteration + 1} of {repeat}: {reason}; {kept}."
