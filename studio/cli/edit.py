"""`edit`: a recording through chained operations, in the order given, on the same editing core as
the Edit page (`studio.editing`: EditProject for the waveform operations, `instruct` for edits by
instruction through an engine).

Every operation is checked before any runs: its span must be written right (A-B in seconds or
m:ss, B may be "end"), every --instruct must be one the engine can do (refused with the engine's
own reason). Whether a span lies inside the clip depends on the operations before it, so that is
checked as each runs, with one line naming the operation. Ctrl+C keeps the work: the operations
already finished are written to the output (tagged partial), and with --save-project the project
in the library has every finished step.
"""

from __future__ import annotations

import argparse
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from backends.audio import AudioLoadError
from backends.base import BackendError, CancelToken, InvalidRequest
from backends.edits import EditRequest, parse_instruction
from backends.registry import Registry
from studio import paths
from studio.cli.common import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    CliError,
    one_line,
    run_interruptibly,
)
from studio.cli.engines import open_engine, unload_engine
from studio.cli.speak import _check_output
from studio.editing import EditError, EditProject, EditStore
from studio.editing.instruct import MAX_REPEAT, apply_instruction, check_instruction
from studio.library.export import ExportError, export_audio
from studio.library.storage import StorageError
from studio.library.takes import LibraryError

QUIET_S = 3.0  # off a terminal, progress lines start once the work has run this long
_TIME = r"(?:\d+:)?\d+(?:\.\d*)?|\.\d+"
_SPAN = re.compile(rf"^\s*({_TIME})\s*-\s*({_TIME}|end)\s*$")


@dataclass
class Step:
    """One operation: its option as written (for messages), the span (None: the whole; end None:
    to the end) and what it needs."""

    option: str
    name: str
    start: float | None = None
    end: float | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def label(self) -> str:
        value = self.params.get("raw", "")
        return f"{self.option} {value}".strip()


def _seconds(text: str) -> float:
    minutes, _, seconds = text.rpartition(":")
    return (int(minutes) * 60 if minutes else 0) + float(seconds)


def parse_span(text: str, option: str) -> tuple[float, float | None]:
    """'1.2-1.8', '1:02-1:05.5', '3-end' -> (start, end or None for the end)."""
    match = _SPAN.match(text)
    if match is None:
        raise CliError(f"{option} needs a span A-B in seconds (e.g. 1.2-1.8; B may be 'end'), not '{text}'",
                       EXIT_USAGE)
    start = _seconds(match.group(1))
    end = None if match.group(2) == "end" else _seconds(match.group(2))
    if end is not None and end <= start:
        raise CliError(f"{option} {text}: the span is empty or ends before it starts", EXIT_USAGE)
    return start, end


def _number(text: str, option: str, what: str, suffixes: tuple[str, ...] = ()) -> float:
    body = text.strip()
    for suffix in suffixes:
        if body.lower().endswith(suffix.lower()):
            body = body[: -len(suffix)]
            break
    try:
        value = float(body.lstrip("x×") if what == "a speed factor" else body)
    except ValueError:
        raise CliError(f"{option} needs {what}, not '{text}'", EXIT_USAGE) from None
    if not math.isfinite(value):
        raise CliError(f"{option} needs {what}, not '{text}'", EXIT_USAGE)
    return value


def _value_and_span(text: str, option: str) -> tuple[str, float | None, float | None]:
    value, at, span = text.partition("@")
    if not at:
        return value, None, None
    start, end = parse_span(span, option)
    return value, start, end


def plan(ops: list[tuple[str, Any]]) -> list[Step]:
    """The operations of the command line as steps, checked for how they are written."""
    steps: list[Step] = []
    for dest, raw in ops:
        option = "--" + dest.replace("_", "-")
        value = "" if raw is None else str(raw)
        if dest in ("span", "repeat"):
            last = steps[-1] if steps else None
            if last is None or last.name != "instruct":
                raise CliError(f"{option} belongs after the --instruct it applies to", EXIT_USAGE)
            if dest == "span":
                last.start, last.end = parse_span(value, option)
            else:
                try:
                    last.params["repeat"] = int(value)
                except ValueError:
                    raise CliError(f"--repeat needs a whole number, not '{value}'", EXIT_USAGE) from None
                if not 1 <= last.params["repeat"] <= MAX_REPEAT:
                    raise CliError(f"--repeat takes 1 to {MAX_REPEAT}", EXIT_USAGE)
            continue
        step = Step(option, dest, params={"raw": value})
        if dest in ("cut", "delete", "crop", "silence", "fade_in", "fade_out"):
            step.start, step.end = parse_span(value, option)
        elif dest == "insert_silence":
            at, sep, seconds = value.partition(":")
            if sep and ":" in seconds:  # m:ss:SECONDS
                minutes, _, rest = seconds.partition(":")
                at, seconds = f"{at}:{minutes}", rest
            if not sep:
                raise CliError(f"--insert-silence needs AT:SECONDS (e.g. 2.5:0.5), not '{value}'", EXIT_USAGE)
            step.params["at"] = _number(at, option, "a time in seconds")
            step.params["seconds"] = _number(seconds, option, "a length in seconds", ("s",))
        elif dest in ("gain", "normalize", "speed", "pitch"):
            amount, step.start, step.end = _value_and_span(value, option)
            if dest == "gain":
                step.params["db"] = _number(amount, option, "a gain in dB (e.g. -3 or 6dB@1-2)", ("db",))
            elif dest == "speed":
                step.params["factor"] = _number(amount, option, "a speed factor")
            elif dest == "pitch":
                step.params["semitones"] = _number(amount, option, "a number of semitones", ("st",))
            else:
                unit = amount.strip().lower()
                if unit.endswith("lufs"):
                    step.params["lufs"] = _number(amount, option, "-16LUFS or -1dBFS", ("lufs",))
                elif unit.endswith("dbfs"):
                    step.params["dbfs"] = _number(amount, option, "-16LUFS or -1dBFS", ("dbfs",))
                else:
                    raise CliError(f"--normalize needs a loudness like -16LUFS or a peak like -1dBFS, "
                                   f"not '{amount}'", EXIT_USAGE)
        elif dest in ("denoise", "shorten_pauses"):
            if value:
                step.start, step.end = parse_span(value, option)
        elif dest == "instruct":
            text, sep, place = value.partition("@")
            at = _number(place, option, "a time in seconds after @", ("s",)) if sep else None
            try:
                step.params["request"] = parse_instruction(text, at=at)
            except InvalidRequest as exc:
                raise CliError(f"--instruct {value}: {exc}", EXIT_USAGE) from None
            if sep and step.params["request"].kind.value != "paralinguistic":
                raise CliError(f"--instruct {value}: only a paralinguistic sound takes a place (@SECONDS)",
                               EXIT_USAGE)
            step.params["repeat"] = 1
        steps.append(step)
    if not steps:
        raise CliError("say what to do, e.g. --cut 1.2-1.8 or --normalize -16LUFS (see 'edit --help')",
                       EXIT_USAGE)
    return steps


def _span(project: EditProject, step: Step) -> tuple[float, float]:
    start = 0.0 if step.start is None else step.start
    return start, project.duration if step.end is None else step.end


def run_step(project: EditProject, step: Step, engine: object | None, cancel: CancelToken,
             progress: Callable[[float, str], None]) -> str:
    """Apply one step; returns a note for the user ('' for none). Raises EditError."""
    p, name = step.params, step.name
    if name == "insert_silence":
        project.insert_silence(p["at"], p["seconds"])
        return ""
    a, b = _span(project, step)
    if name in ("cut", "delete"):
        project.delete(a, b, name=name)
    elif name == "crop":
        project.crop(a, b)
    elif name == "silence":
        project.silence(a, b)
    elif name == "fade_in":
        project.fade_in(a, b)
    elif name == "fade_out":
        project.fade_out(a, b)
    elif name == "gain":
        project.gain(a, b, p["db"])
    elif name == "normalize" and "lufs" in p:
        project.normalize_loudness(a, b, p["lufs"])
    elif name == "normalize":
        project.normalize_peak(a, b, p["dbfs"])
    elif name == "speed":
        project.change_speed(a, b, p["factor"])
    elif name == "pitch":
        project.change_pitch(a, b, p["semitones"])
    elif name == "denoise":
        project.denoise(a, b)
    elif name == "shorten_pauses":
        count = project.shorten_pauses(a, b)
        return f"{count} pause{'s' if count != 1 else ''} shortened" if count else "no long pauses found"
    elif name == "instruct":
        result = apply_instruction(project, engine, p["request"], a, b, repeat=p["repeat"], cancel=cancel,
                                   progress=progress)
        return f"edited {result.start:.2f}-{result.end:.2f} s in {result.pieces} part" + \
            ("s" if result.pieces != 1 else "")
    return ""


class _Progress:
    """One redrawn line on a terminal; elsewhere a line per step once the work has run QUIET_S."""

    def __init__(self, err: TextIO, total: int) -> None:
        self.err, self.total = err, total
        self.tty = bool(getattr(err, "isatty", lambda: False)())
        self.started = time.monotonic()
        self.step = 0
        self._last_line = 0.0

    def begin(self, index: int, step: Step) -> None:
        self.step = index
        self.show(0.0, step.label())

    def show(self, fraction: float, message: str) -> None:
        text = f"[{self.step + 1}/{self.total}] {one_line(message)[:80]}" + \
            (f" {round(100 * fraction)} %" if 0 < fraction < 1 else "")
        if self.tty:
            self.err.write("\r\x1b[2K" + text)
        else:
            now = time.monotonic()
            if now - self.started < QUIET_S or (0 < fraction < 1 and now - self._last_line < 1.0):
                return
            self._last_line = now
            self.err.write(f"{PROG}: {text}\n")
        self.err.flush()

    def clear(self) -> None:
        if self.tty:
            self.err.write("\r\x1b[2K")
            self.err.flush()

    def note(self, step: Step, text: str) -> None:
        self.clear()
        self.err.write(f"{PROG}: {step.label()}: {one_line(text)}\n")
        self.err.flush()


def _open(args: argparse.Namespace) -> tuple[EditProject, EditStore | None]:
    try:
        if not args.save_project:
            return EditProject.open(args.input), None
        store = EditStore(paths.data_dir())
        try:
            return store.create(args.input), store
        except BaseException:
            store.close()
            raise
    except (AudioLoadError, EditError) as exc:
        raise CliError(f"cannot edit {args.input}: {one_line(exc)}") from None
    except (StorageError, LibraryError) as exc:
        raise CliError(f"the project could not be saved in the library: {one_line(exc)}") from None


def _write(project: EditProject, output: Path, fmt: str, steps: list[Step], done: int, partial: bool) -> Path:
    metadata = {"title": project.title, "partial": partial,
                "made_with": {"front_end": "cli", "operations": [s.label() for s in steps[:done]]}}
    try:
        return export_audio(project.render(), output, fmt, metadata)
    except (ExportError, StorageError) as exc:
        raise CliError(str(exc)) from exc


def cmd_edit(args: argparse.Namespace, registry: Registry, out: TextIO, err: TextIO) -> int:
    steps = plan(args.ops)
    if not args.input.is_file():
        raise CliError(f"cannot edit {args.input}: there is no such file", EXIT_USAGE)
    output, fmt = _check_output(args.output)
    engine: object | None = None
    if any(s.name == "instruct" for s in steps):
        engine_id, engine = open_engine(registry, args.engine, on_demand=True)
        for step in (s for s in steps if s.name == "instruct"):
            request: EditRequest = step.params["request"]
            try:
                check_instruction(engine, request)
            except EditError as exc:
                raise CliError(f"--instruct {step.params['raw']}: engine '{engine_id}': {one_line(exc)}",
                               EXIT_USAGE) from None
    elif args.engine is not None:
        raise CliError("--engine is for --instruct; the other operations need no engine", EXIT_USAGE)
    project, store = _open(args)
    progress = _Progress(err, len(steps))
    cancel = CancelToken()
    done = 0
    before = project.current  # the version the running step started from
    try:
        for index, step in enumerate(steps):
            progress.begin(index, step)
            before = project.current
            try:
                if step.name == "instruct":
                    note = str(run_interruptibly(
                        lambda s=step: run_step(project, s, engine, cancel, progress.show), cancel,
                        "edit-instruct", 10.0) or "")
                else:
                    note = run_step(project, step, engine, cancel, progress.show)
            except EditError as exc:
                code = EXIT_FAILURE if isinstance(exc.__cause__, BackendError) else EXIT_USAGE
                raise CliError(f"{step.label()}: {one_line(exc)}", code) from None
            except (StorageError, LibraryError) as exc:
                raise CliError(f"{step.label()}: the project could not be saved: {one_line(exc)}") from None
            done += 1
            if note:
                progress.note(step, note)
        progress.clear()
    except (KeyboardInterrupt, CliError) as stop:
        progress.clear()
        interrupted = isinstance(stop, KeyboardInterrupt) or getattr(stop, "code", 0) == EXIT_INTERRUPTED
        message = "cancelled" if isinstance(stop, KeyboardInterrupt) else str(stop)
        # iterations of an --instruct --repeat N that finished before the stop are versions too
        extra = project.current - before if done < len(steps) and steps[done].name == "instruct" else 0
        if interrupted and (done or extra):
            written = _write(project, output, fmt, steps, done, partial=True)
            applied = f"the first {done} of {len(steps)} operations"
            if extra:
                applied += f" and {extra} of {steps[done].params['repeat']} repeats of {steps[done].label()}"
            message += f"; {applied} were applied and written to {written}"
        if store is not None:
            message += f" (the project is in the library as '{project.title}', id {project.id})"
        raise CliError(message, EXIT_INTERRUPTED if interrupted else getattr(stop, "code", EXIT_FAILURE)) \
            from None
    finally:
        if engine is not None:
            unload_engine(engine)  # type: ignore[arg-type]
        if store is not None:
            store.close()
    written = _write(project, output, fmt, steps, done, partial=False)
    out.write(f"{written}\t{project.duration:.2f} s\n")
    if store is not None:
        out.write(f"project\t{project.id}\t{project.title}\n")
    return EXIT_OK
