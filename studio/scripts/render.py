"""Rendering a script line by line, resumably, and joining the lines into one take.

Every line is its own take (one `SynthesisJob`), written to a work folder as soon as it is made,
with a record of what made it (`render.json`: a key per line from the engine, voice, settings and
text). Rendering again, after a crash, a kill or Ctrl+C, or after changing three lines of an
hour-long script, keeps every line whose file is there and whose key still matches, and makes only
the others: one line's re-generation never re-renders the rest. A line that fails is reported and
the others go on. `join` puts the lines together with a gap between lines of one speaker and a
longer one between speakers, at one sample rate, and returns each line's place in the take (the
cues that subtitles are made from). Qt-free; blocking: run it on a worker thread or the CLI's.
"""

from __future__ import annotations

import glob
import hashlib
import json
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from backends.audio import Audio, load_audio
from backends.base import Cancelled, CancelToken, SynthesisRequest
from backends.lexicon import Lexicon
from backends.tags import parse
from studio.engines.jobs import JobState, SynthesisJob
from studio.library.chapters import Chapter
from studio.library.storage import StorageError, atomic_save_audio, atomic_write_json
from studio.scripts.script import Line, Script
from studio.timeline.subtitles import Cue

log = logging.getLogger(__name__)

STATE_FILE = "render.json"
LINE_FORMAT = "flac"  # lossless, a third of WAV's size
_SLUG = re.compile(r"[^\w-]+")

# How a line is made: (engine id, the engine, the request). The front end resolves voices and
# engines (library voices, a speaker's defaults) and may refuse a line with ValueError.
Plan = Callable[[Line], tuple[str, Any, SynthesisRequest]]


@dataclass(frozen=True)
class LineResult:
    index: int
    line: Line
    status: str  # "made", "kept" (from an earlier run) or "failed"
    path: Path | None = None
    error: str = ""


def line_key(engine_id: str, request: SynthesisRequest) -> str:
    """What a line's audio depends on; a changed engine, voice, setting, text or pronunciation of one
    of its words makes it again."""
    profile = request.voice_profile
    parts = {"engine": engine_id, "text": request.text, "voice": request.voice_id, "speed": request.speed,
             "pitch": request.pitch, "seed": request.seed, "options": dict(sorted(request.options.items())),
             "profile": profile.to_json() if profile is not None else None}
    said = {m.entry for m in Lexicon(request.lexicon).find(request.text, None)}
    if said:  # only the pronunciations this line uses: a new word elsewhere remakes nothing here
        parts["said"] = sorted(json.dumps(e.to_json(), sort_keys=True) for e in said)
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:32]


def line_file(folder: Path, line: Line, key: str, fmt: str = LINE_FORMAT) -> Path:
    """A table row's file is its output name; a script line's is named by what makes it (its key), so
    moving a line elsewhere in the script, or speaking the same line twice, makes nothing again."""
    name = line.output or f"{_SLUG.sub('_', line.speaker).strip('_')[:24] or 'line'}-{key[:20]}"
    return folder / f"{name}.{fmt}"


def _take_number(path: Path) -> int:
    tail = path.stem.rsplit(".take-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def takes_of(path: Path) -> list[Path]:
    """A line's takes: the one in use (`path`) first, then the earlier ones kept beside it."""
    kept = sorted(path.parent.glob(f"{glob.escape(path.stem)}.take-*{path.suffix}"), key=_take_number)
    return ([path] if path.is_file() else []) + kept


def _next_take(path: Path) -> Path:
    last = max((_take_number(p) for p in takes_of(path)[1:]), default=0)
    return path.with_name(f"{path.stem}.take-{last + 1}{path.suffix}")


def choose_take(path: Path, take: Path) -> None:
    """Use `take` (one of `takes_of(path)`) for the line; the one in use is kept as a take."""
    if take == path:
        return
    if take not in takes_of(path)[1:]:
        raise ValueError("That take is not one of this line's.")
    swap = path.with_name(path.name + ".swap")
    path.replace(swap)
    take.replace(path)
    swap.replace(take)


def _read_state(folder: Path) -> dict[str, str]:
    try:
        raw = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    keys = raw.get("lines") if isinstance(raw, dict) else None
    return {str(k): v for k, v in keys.items() if isinstance(v, str)} if isinstance(keys, dict) else {}


def render_lines(script: Script, plan: Plan, folder: Path, cancel: CancelToken,
                 report: Callable[[LineResult, int], None] | None = None, *,
                 fmt: str = LINE_FORMAT) -> list[LineResult]:
    """Make (or keep) every line's file in `folder` (as `fmt`); `report(result, total)` after each
    line. Raises Cancelled when `cancel` fires (the lines made so far stay, and count next time)."""
    folder.mkdir(parents=True, exist_ok=True)
    state = _read_state(folder)
    results: list[LineResult] = []
    total = len(script.lines)
    for index, line in enumerate(script.lines):
        cancel.raise_if_cancelled()
        try:
            engine_id, backend, request = plan(line)
            key = line_key(engine_id, request)
            path = line_file(folder, line, key, fmt)
            if state.get(path.name) == key and path.is_file():
                result = LineResult(index, line, "kept", path)
            else:
                state.pop(path.name, None)
                audio = _synthesize(engine_id, backend, request, cancel)
                atomic_save_audio(audio, path, fmt)
                state[path.name] = key
                atomic_write_json(folder / STATE_FILE, {"format": "step-studio-render", "version": 1,
                                                        "lines": state})
                result = LineResult(index, line, "made", path)
        except Cancelled:
            raise
        except (ValueError, RuntimeError, StorageError, OSError) as exc:
            log.info("line %d failed", index + 1, exc_info=True)
            result = LineResult(index, line, "failed", None, str(exc).strip() or type(exc).__name__)
        results.append(result)
        if report is not None:
            report(result, total)
    return results


def line_takes(script: Script, plan: Plan, folder: Path, fmt: str = LINE_FORMAT) -> dict[int, list[Path]]:
    """Each line's takes as they stand in `folder` (the one in use first), without making anything:
    what a render would keep. Lines whose plan is refused, or never made, are left out."""
    out: dict[int, list[Path]] = {}
    for index, line in enumerate(script.lines):
        try:
            engine_id, _backend, request = plan(line)
        except ValueError:
            continue
        takes = takes_of(line_file(folder, line, line_key(engine_id, request), fmt))
        if takes:
            out[index] = takes
    return out


def remake_line(line: Line, index: int, plan: Plan, folder: Path, cancel: CancelToken,
                fmt: str = LINE_FORMAT) -> LineResult:
    """Another take of one line (a new random seed), used from now on; the take it replaces is kept
    beside it (`takes_of`), so the user can go back to it. Nothing else is made again."""
    engine_id, backend, request = plan(line)
    key = line_key(engine_id, request)  # the line's own key: a later render keeps whichever take is in use
    path = line_file(folder, line, key, fmt)
    audio = _synthesize(engine_id, backend, replace(request, seed=secrets.randbits(31)), cancel)
    if path.is_file():
        path.replace(_next_take(path))
    atomic_save_audio(audio, path, fmt)
    state = _read_state(folder)
    state[path.name] = key
    atomic_write_json(folder / STATE_FILE, {"format": "step-studio-render", "version": 1, "lines": state})
    return LineResult(index, line, "made", path)


def _synthesize(engine_id: str, backend: Any, request: SynthesisRequest, cancel: CancelToken) -> Audio:
    job = SynthesisJob(backend, request, engine_id=engine_id, front_end="script")
    unregister = cancel.on_cancel(job.cancel)
    try:
        job.start()
        while not job.wait(0.1):  # timed, so Ctrl+C reaches the CLI's main thread at once
            pass
    finally:
        unregister()
    if job.state is JobState.CANCELLED or cancel.cancelled:
        raise Cancelled()
    if job.state is not JobState.FINISHED or job.audio is None or len(job.audio) == 0:
        raise RuntimeError(job.error or "The engine produced no audio.")
    return job.audio


def join(script: Script, results: list[LineResult]) -> tuple[Audio, list[Cue]]:
    """The lines' audio as one take (those that failed left out), with each line's cue. Every line
    is brought to the highest rate among them; the gap after a line depends on who speaks next."""
    made = [r for r in results if r.path is not None]
    if not made:
        raise ValueError("No line was made, so there is nothing to join.")
    clips = [load_audio(r.path) for r in made if r.path is not None]
    rate = max(c.sample_rate for c in clips)
    pieces: list[np.ndarray] = []
    cues: list[Cue] = []
    at = 0
    for k, (result, clip) in enumerate(zip(made, clips, strict=True)):
        samples = clip.resampled(rate).samples if clip.sample_rate != rate else clip.samples
        cues.append(Cue(at / rate, (at + len(samples)) / rate, _spoken(result.line.text)))
        pieces.append(samples)
        at += len(samples)
        if k + 1 < len(made):
            same = made[k + 1].line.speaker == result.line.speaker
            gap = np.zeros(round((script.gap_line if same else script.gap_speaker) * rate), np.float32)
            pieces.append(gap)
            at += len(gap)
    return Audio(np.concatenate(pieces), rate), cues


def chapter_marks(script: Script, results: list[LineResult], cues: list[Cue]) -> list[Chapter]:
    """Where each chapter heading lands in the joined take (`join`'s cues): at the start of the first
    line made at or after it. A chapter whose lines all failed gives way to the next one."""
    made = [r.index for r in results if r.path is not None]
    marks: list[Chapter] = []
    for line, title in sorted(script.chapters.items()):
        at = next((k for k, index in enumerate(made) if index >= line), None)
        if at is None:
            continue
        if marks and marks[-1].start == cues[at].start:
            marks.pop()
        marks.append(Chapter(cues[at].start, title))
    return marks


def _spoken(text: str) -> str:
    """A line's words without its tags, for a subtitle."""
    return " ".join(parse(text).spoken_text.split()) or text
