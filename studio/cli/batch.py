"""`batch`: a script or a table of lines rendered to files, resumably.

A table (.csv or .tsv with a header: text, output, and optionally voice, tags, engine) becomes
one file per row, named by its `output`. Anything else is read as a script of labelled dialogue
(`Ana: Hello.`) and becomes one take with every line (FOLDER/<name>.<format>) and its subtitles
(FOLDER/<name>.srt), the lines kept in FOLDER/<name>.lines/ so that running the command again
makes only what changed or failed. Speakers get voices from `--voice NAME=VOICE`, or, when not
given, a voice of their own among the engine's that speaks their language (said on stderr).
One line on stderr for each line that failed; the others are made all the same, and the exit
status is non-zero when any failed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from backends.base import CancelToken, SynthesisRequest, VoiceProfile
from backends.registry import Registry
from studio.cli.common import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    CliError,
    one_line,
    read_pronunciations,
)
from studio.cli.engines import open_engine, unload_engine
from studio.cli.voices import voice_library
from studio.library.export import ExportError, export_audio, resolve_format
from studio.library.storage import StorageError, atomic_write_text
from studio.scripts.render import LineResult, chapter_marks, join, render_lines
from studio.scripts.script import Line, Script, ScriptError, assign_voices, parse_dialogue, read_table
from studio.timeline.subtitles import to_srt, to_vtt

MAX_FILE_BYTES = 20_000_000


def _read(path: Path) -> Script:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CliError(f"{path} is {size / 1e6:.0f} MB; a script may be {MAX_FILE_BYTES // 1_000_000} MB")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CliError(f"{path} is not UTF-8 text") from None
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        if path.suffix.lower() in (".csv", ".tsv"):
            return read_table(text, "\t" if path.suffix.lower() == ".tsv" else ",")
        return parse_dialogue(text)
    except ScriptError as exc:
        raise CliError(f"{path.name}: {exc}", EXIT_USAGE) from None


def _voice_map(given: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in given:
        name, sep, voice = item.partition("=")
        if not sep or not name.strip() or not voice.strip():
            raise CliError(f"--voice needs SPEAKER=VOICE, not '{item}'", EXIT_USAGE)
        out[name.strip()] = voice.strip()
    return out


class _Engines:
    """Engines opened as lines need them, and voices resolved as `speak` does (an engine voice, or
    a library voice's profile for that engine)."""

    def __init__(self, registry: Registry, default: str | None) -> None:
        self.registry = registry
        self.default = default
        self.open: dict[str | None, tuple[str, Any]] = {}

    def get(self, engine_id: str | None) -> tuple[str, Any]:
        key = engine_id or self.default
        if key not in self.open:
            self.open[key] = open_engine(self.registry, key, on_demand=True)
        return self.open[key]

    def voice(self, engine_id: str, backend: Any,
              voice: str | None) -> tuple[str | None, VoiceProfile | None]:
        if voice is None or voice in {v.id for v in backend.voices()}:
            return voice, None
        with voice_library() as library:
            found = library.get(voice) if voice in library else None
        if found is None:
            raise ValueError(f"unknown voice '{voice}' for engine '{engine_id}'")
        profile = found.profiles.get(engine_id)
        if profile is None:
            raise ValueError(f"the library voice '{found.name}' has no profile for engine '{engine_id}'")
        return voice, profile

    def close(self) -> None:
        for _engine_id, backend in self.open.values():
            unload_engine(backend)


def cmd_batch(args: argparse.Namespace, registry: Registry, out: TextIO, err: TextIO) -> int:
    script = _read(args.file)
    lexicon = read_pronunciations(args.pronunciations)
    table = args.file.suffix.lower() in (".csv", ".tsv")
    try:
        _, fmt = resolve_format(Path(f"x.{args.format}"), None)
    except ExportError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    folder: Path = args.output
    folder.mkdir(parents=True, exist_ok=True)
    script.gap_line, script.gap_speaker = args.gap_line, args.gap_speaker
    engines = _Engines(registry, args.engine)
    try:
        engine_id, backend = engines.get(None)
        voices = {} if table else assign_voices(script, backend.voices(), _voice_map(args.voice))
        if not table:
            for name in script.speaker_names():
                err.write(f"{PROG}: {one_line(name)}: voice {voices.get(name) or 'the engine default'}\n")

        def plan(line: Line) -> tuple[str, Any, SynthesisRequest]:
            eid, engine = engines.get(line.engine)
            voice_id, profile = engines.voice(eid, engine, line.voice or voices.get(line.speaker))
            speaker = script.speaker(line.speaker)
            text = speaker.tags + line.text
            return eid, engine, SynthesisRequest(text=text, voice_id=voice_id, speed=speaker.speed,
                                                 pitch=speaker.pitch, voice_profile=profile, seed=args.seed,
                                                 lexicon=lexicon)

        def report(result: LineResult, total: int) -> None:
            where = f"line {result.line.source_line}"
            if not table:
                where += f" ({one_line(result.line.speaker)})"
            if result.status == "failed":
                err.write(f"{PROG}: {where}: {one_line(result.error)}\n")
            else:
                err.write(f"{PROG}: [{result.index + 1}/{total}] {result.status}\n")
            err.flush()

        lines_folder = folder if table else folder / f"{args.file.stem}.lines"
        cancel = CancelToken()
        try:
            results = render_lines(script, plan, lines_folder, cancel, report, fmt=fmt if table else "flac")
        except KeyboardInterrupt:
            cancel.cancel()
            raise CliError("cancelled; the lines made so far are kept and the next run goes on from "
                           "there", EXIT_INTERRUPTED) from None
    finally:
        engines.close()
    failed = [r for r in results if r.status == "failed"]
    made = sum(r.status == "made" for r in results)
    kept = sum(r.status == "kept" for r in results)
    if table:
        for r in results:
            if r.path is not None:
                out.write(f"{r.path}\n")
    elif failed:
        err.write(f"{PROG}: the script was not joined: {len(failed)} line(s) failed; the others are kept "
                  f"in {lines_folder} and the next run makes only what is missing\n")
    else:
        audio, cues = join(script, results)
        target = folder / f"{args.file.stem}.{fmt}"
        try:
            written = export_audio(audio, target, fmt, {"text": "\n".join(f"{r.line.speaker}: {r.line.text}"
                                                                          for r in results),
                                                        "engine_id": engine_id},
                                   chapters=chapter_marks(script, results, cues))
            subtitles = written.with_suffix(".srt")
            atomic_write_text(subtitles, to_srt(cues))
            web = atomic_write_text(written.with_suffix(".vtt"), to_vtt(cues))
        except (ExportError, StorageError) as exc:
            raise CliError(str(exc)) from exc
        out.write(f"{written}\t{audio.duration:.2f} s\n{subtitles}\n{web}\n")
    err.write(f"{PROG}: {made} made, {kept} kept from an earlier run, {len(failed)} failed\n")
    return EXIT_FAILURE if failed else EXIT_OK
