"""`speak`: one take from text to an audio file (and, if asked, into the take library), the same
SynthesisJob and export the GUI uses."""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path
from typing import Any, TextIO

from backends.base import InvalidRequest, Manifest, Progress, SynthesisRequest, VoiceProfile
from backends.registry import Registry
from backends.tags import parse
from backends.text import check_text, decode_utf8
from studio import paths
from studio.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    CliError,
    Reporter,
    one_line,
    read_pronunciations,
)
from studio.cli.engines import open_engine, unload_engine
from studio.cli.voices import voice_library
from studio.engines.jobs import JobEvent, JobState, SynthesisJob
from studio.engines.provenance import spoken_voice
from studio.library.export import ExportError, export_audio, resolve_format
from studio.library.storage import StorageError, ensure_free_space, writable_target
from studio.library.takes import LibraryError, TakeLibrary
from studio.voices.library import Voice


def _read_text(arg: str, stdin: TextIO) -> str:
    """The text to speak, refused where it enters when it is not text an engine can take (bytes that
    are not UTF-8 on standard input, a NUL, an escape sequence), with where the bad character is."""
    try:
        if arg == "-":
            raw = getattr(stdin, "buffer", None)
            text = decode_utf8(raw.read(), "standard input") if raw is not None else stdin.read()
        else:
            text = arg
        if text.strip():
            check_text(text)
    except InvalidRequest as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    if not text.strip():
        raise CliError("there is no text to speak" + (" (standard input was empty)" if arg == "-" else ""))
    return text


def _check_output(path: Path) -> tuple[Path, str]:
    """Fail before synthesising (which can take minutes) when the file could not be written."""
    try:
        path, fmt = resolve_format(path, None)
    except ExportError as exc:
        raise CliError(str(exc)) from exc
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise CliError(f"cannot write {path}: the folder {parent} does not exist")
    if not parent.is_dir():
        raise CliError(f"cannot write {path}: {parent} is not a folder")
    if path.is_dir():
        raise CliError(f"cannot write {path}: it is a folder")
    try:
        writable_target(path)  # a device, pipe or socket is refused now, not after the take
    except StorageError as exc:
        raise CliError(str(exc)) from exc
    return path, fmt


def _check_request(engine_id: str, manifest: Manifest, text: str, speed: float, pitch: float) -> None:
    """The mistakes a user can make on the command line, refused before any model loads (seconds)
    with what to do instead; the engine checks again, this only saves the wait."""
    if not parse(text).has_speech:
        raise CliError("the text holds only tags, nothing to speak: add the words after the tags, "
                       "e.g. '(高兴1)Hello there.'", EXIT_USAGE)
    for name, value, bounds, unit in (("speed", speed, manifest.speed, ""),
                                      ("pitch", pitch, manifest.pitch, " semitones")):
        neutral = 1.0 if name == "speed" else 0.0
        if bounds is None:
            if value != neutral:
                raise CliError(f"engine '{engine_id}' has no {name} control; leave out --{name}", EXIT_USAGE)
        elif not bounds.minimum <= value <= bounds.maximum:
            raise CliError(f"--{name} {value:g} is outside what engine '{engine_id}' can do; use a value "
                           f"from {bounds.minimum:g} to {bounds.maximum:g}{unit}", EXIT_USAGE)


def _check_room(text: str, output: Path, save_take: bool) -> None:
    """Refuse before a long take when its file could not be written: about 12 characters a second
    of speech, 48 kB a second of 24 kHz 16-bit audio, and 1 MB to spare."""
    needed = int(len(text) / 12 * 48_000) + 1_000_000
    folders = [output.parent if str(output.parent) else Path(".")]
    if save_take:
        folders.append(paths.data_dir())
    try:
        for folder in folders:
            ensure_free_space(folder, needed, "this take")
    except StorageError as exc:
        raise CliError(str(exc)) from exc


def _run_job(job: SynthesisJob, reporter: Reporter) -> None:
    try:
        job.start()
        while not job.wait(0.1):  # a timed wait, so Ctrl-C reaches the main thread promptly
            pass
    except KeyboardInterrupt:
        job.cancel()
        job.wait(2.0)
        reporter.clear()
        raise CliError("cancelled", EXIT_INTERRUPTED) from None


class _Progress(Reporter):
    """On a terminal, the shared one-line progress; elsewhere (a log, a pipe, CI), once a take has
    run QUIET_S seconds, one line per step, so 20,000 characters do not run for minutes in silence
    while a one-sentence take stays silent."""

    QUIET_S = 3.0

    def __init__(self, err: TextIO) -> None:
        super().__init__(err)
        self._started = time.monotonic()

    def __call__(self, event: JobEvent) -> None:
        if (not self.tty and isinstance(event, Progress) and event.total > 1
                and time.monotonic() - self._started >= self.QUIET_S):
            self.err.write(f"{PROG}: [{event.done}/{event.total}] {one_line(event.message)[:80]}\n")
            self.err.flush()
            return
        super().__call__(event)


def _keep_what_was_finished(job: SynthesisJob, output: Path, fmt: str, text: str, engine_id: str,
                            sample_rate: int | None, stop: CliError) -> None:
    """Ctrl+C during a long take: the sentences already made are written to the output (marked as
    partial in the file's tags), and the error line says how much, so an hour of work is not lost."""
    audio = job.audio
    if audio is None or len(audio) == 0:
        return
    metadata = {"text": text, "engine_id": engine_id, "partial": True,
                "made_with": {"front_end": "cli", "engine_id": engine_id, "cancelled": True}}
    try:
        export_audio(audio, output, fmt, metadata, sample_rate=sample_rate)
    except (ExportError, StorageError) as exc:
        stop.args = (f"{stop}; the {audio.duration:.1f} s made so far could not be kept: {exc}",)
        return
    stop.args = (f"{stop}; the {audio.duration:.1f} s made so far were written to {output}",)


def _library_voice(voice_id: str) -> Voice | None:
    with voice_library() as library:
        return library.get(voice_id) if voice_id in library else None


def _option_value(text: str) -> object:
    """`0.5` -> 0.5, `20` -> 20, `true`/`false` -> bool, anything else stays text."""
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _engine_options(engine_id: str, backend: Any, given: list[str]) -> dict[str, object]:
    """`--option NAME=VALUE` pairs, refused unless the engine declares the option (its `options()`);
    the engine checks the values' ranges itself."""
    if not given:
        return {}
    declared_fn = getattr(backend, "options", None)
    declared: dict[str, Any] = dict(declared_fn()) if callable(declared_fn) else {}
    options: dict[str, object] = {}
    for item in given:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise CliError(f"--option needs NAME=VALUE, not '{item}'", EXIT_USAGE)
        if name not in declared:
            takes = ", ".join(declared) or "none"
            raise CliError(f"engine '{engine_id}' takes no option '{name}' (it takes: {takes})", EXIT_USAGE)
        options[name] = _option_value(value)
    return options


def cmd_speak(args: argparse.Namespace, registry: Registry, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    text = _read_text(args.text, stdin)
    output, fmt = _check_output(args.output)
    lexicon = read_pronunciations(args.pronunciations)
    if not math.isfinite(args.speed) or args.speed <= 0:
        raise CliError(f"speed must be a positive number, not {args.speed:g}")
    if not math.isfinite(args.pitch):
        raise CliError("pitch must be a number of semitones")
    engine_id, backend = open_engine(registry, args.engine, on_demand=True)
    _check_request(engine_id, backend.manifest, text, args.speed, args.pitch)
    _check_room(text, output, args.save_take)
    availability = backend.availability()
    if not availability.available:
        fix = f" {one_line(availability.fix)}" if availability.fix else ""
        raise CliError(f"engine '{engine_id}' cannot run here: {one_line(availability.reason)}{fix}")
    profile: VoiceProfile | None = None
    if args.voice is not None:
        known = [v.id for v in backend.voices()]
        if args.voice not in known:
            library_voice = _library_voice(args.voice)
            if library_voice is None:
                raise CliError(f"unknown voice '{args.voice}' for engine '{engine_id}' "
                               f"(see '{PROG} voices --engine {engine_id}')")
            profile = library_voice.profiles.get(engine_id)
            if profile is None:
                has = ", ".join(library_voice.profiles) or "none"
                raise CliError(f"the library voice '{library_voice.name}' has no profile for engine "
                               f"'{engine_id}' (it has: {has}); make one with '{PROG} clone ... "
                               f"--engine {engine_id}' or choose another engine")
    request = SynthesisRequest(text=text, voice_id=args.voice, speed=args.speed, pitch=args.pitch,
                               seed=args.seed, voice_profile=profile,
                               options=_engine_options(engine_id, backend, args.option), lexicon=lexicon)
    reporter = _Progress(err)
    job = SynthesisJob(backend, request, reporter, engine_id=engine_id, front_end="cli")
    try:
        _run_job(job, reporter)
    except CliError as stop:
        _keep_what_was_finished(job, output, fmt, text, engine_id, args.sample_rate, stop)
        raise
    finally:
        unload_engine(backend)
    if job.state is JobState.CANCELLED:
        raise CliError("cancelled", EXIT_INTERRUPTED)
    if job.state is not JobState.FINISHED:
        raise CliError(one_line(job.error or "the engine failed"))
    audio = job.audio
    if audio is None or len(audio) == 0:
        raise CliError("the engine produced no audio")
    metadata = {**job.metadata, "text": text, "engine_id": engine_id}
    if profile is not None:
        metadata["library_voice_id"] = args.voice
    voice_id = spoken_voice(metadata)
    metadata["voice_id"] = voice_id
    try:
        written = export_audio(audio, output, fmt, metadata, sidecar=args.sidecar,
                               sample_rate=args.sample_rate)
    except (ExportError, StorageError) as exc:
        raise CliError(str(exc)) from exc
    out.write(f"{written}\t{audio.duration:.2f} s\n")
    if args.save_take:
        try:
            with TakeLibrary(paths.data_dir()) as library:
                take = library.add(audio, text=text, engine_id=engine_id, voice_id=voice_id,
                                   metadata=metadata)
        except (LibraryError, StorageError) as exc:
            raise CliError(f"the file was written but the take was not saved: {exc}") from exc
        out.write(f"take\t{take.id}\t{take.title}\n")
    return EXIT_OK
