"""`step-studio`: the GUI launcher and a command line on the same core.

The command line exists so the studio is scriptable (batch narration, CI smoke tests, a server
without a display) and so every engine can be checked without the GUI. It drives exactly what the
GUI drives (Registry, SynthesisJob, export, TakeLibrary), so a take made here is the same take.

Output contract: results on stdout; warnings, progress and errors on stderr. Progress is drawn
only when stderr is a terminal, so logs and pipes stay clean. Every failure the user can cause
(empty text, unknown engine or voice, bad output name, Ctrl-C) ends with one line,
`step-studio: error: <reason>`, and a non-zero status: never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import math
import os
import sys
import threading
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from backends.audio import AudioLoadError, load_audio
from backends.base import (
    Backend,
    BackendError,
    Cancelled,
    CancelToken,
    Finished,
    Manifest,
    Progress,
    Support,
    SupportsVoicePreparation,
    SynthesisRequest,
    SynthesisWarning,
    VoiceProfile,
)
from backends.registry import Registry
from studio import paths
from studio.engines.jobs import JobCancelled, JobEvent, JobFailed, JobState, SynthesisJob
from studio.library.export import ExportError, export_audio, resolve_format, studio_version
from studio.library.takes import LibraryError, TakeLibrary
from studio.storage import StorageError
from studio.voices.library import Consent, Voice, VoiceLibrary

PROG = "step-studio"
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

# Tests (and embedders) swap this for a Registry of their own engines.
registry_factory: Callable[[], Registry] = Registry


class CliError(Exception):
    """A failure to report as one line; `code` is the exit status."""

    def __init__(self, message: str, code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """argparse prints the whole usage block on a mistake; we promise one line."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see '{self.prog} --help')", EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Step Audio Studio. With no command, opens the studio window.")
    parser.add_argument("--version", action="version", version=f"{PROG} {studio_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    speak = sub.add_parser("speak", help="synthesise TEXT into an audio file")
    speak.add_argument("text", metavar="TEXT", help="text to speak, with tags; '-' reads standard input")
    speak.add_argument("-o", "--output", required=True, type=Path, metavar="FILE",
                       help="output file; the format comes from its suffix (.wav .flac .ogg .mp3)")
    speak.add_argument("--engine", metavar="ID", help="engine id (default: the embedded engine)")
    speak.add_argument("--voice", metavar="ID",
                       help="voice id or library voice id (see 'voices'; default: the engine's)")
    speak.add_argument("--speed", type=float, default=1.0, metavar="X", help="speed multiplier (default 1)")
    speak.add_argument("--pitch", type=float, default=0.0, metavar="SEMITONES",
                       help="pitch shift (default 0)")
    speak.add_argument("--seed", type=int, metavar="N", help="random seed, for engines that sample")
    speak.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                       help="an engine option, e.g. temperature=0.5 or top_k=20 for Step-Audio TTS-3B "
                            "(repeatable); an engine refuses options it does not declare")
    speak.add_argument("--sample-rate", type=int, metavar="HZ", help="resample the file (e.g. 44100, 48000)")
    speak.add_argument("--sidecar", action="store_true", help="also write FILE's metadata as <name>.json")
    speak.add_argument("--save-take", action="store_true", help="also keep the take in the studio's library")

    voices = sub.add_parser("voices", help="list an engine's voices and the library's voices")
    voices.add_argument("--engine", metavar="ID", help="engine id (default: the embedded engine)")

    clone = sub.add_parser("clone", help="make a library voice from a reference recording")
    clone.add_argument("audio", type=Path, metavar="AUDIO",
                       help="reference recording (5-10 s of one speaker)")
    clone.add_argument("--text", required=True, metavar="TEXT", help="what the recording says")
    clone.add_argument("--name", required=True, metavar="NAME", help="name for the new voice")
    clone.add_argument("--engine", metavar="ID",
                       help="engine that prepares the voice (default: the embedded engine)")
    clone.add_argument("--language", default="", metavar="CODE",
                       help="language of the recording (en, zh, ...)")
    clone.add_argument("--speaker", default="", metavar="WHO", help="who is speaking in the recording")
    clone.add_argument("--consent", metavar="HOW", help="how the speaker agreed to this voice being made")
    clone.add_argument("--source", metavar="WHERE",
                       help="where the recording came from (default: its file name)")
    clone.add_argument("--recorded", default="", metavar="DATE", help="when it was recorded (YYYY-MM-DD)")
    clone.add_argument("--licence", default="", metavar="TEXT", help="what others may do with the voice")
    clone.add_argument("--tag", action="append", default=[], metavar="LABEL", help="a label (repeatable)")

    export = sub.add_parser("export-preset", help="write library voices and presets to a bundle file")
    export.add_argument("output", type=Path, metavar="OUT",
                        help="bundle to write (.zip; .json for presets only)")
    export.add_argument("--voice", action="append", default=[], metavar="ID",
                        help="library voice id (repeatable)")
    export.add_argument("--preset", action="append", default=[], metavar="ID", help="preset id (repeatable)")

    imp = sub.add_parser("import-preset", help="import a bundle of voices and presets")
    imp.add_argument("bundle", type=Path, metavar="FILE", help="bundle (.zip) or preset file (.json)")
    imp.add_argument("--dry-run", action="store_true", help="only show what the bundle holds")

    sub.add_parser("engines", help="list engines: availability and what each can and cannot do")

    serve = sub.add_parser("serve", help="serve engines over HTTP (OpenAI-compatible speech, and more)")
    serve.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                       help="address to listen on (default 127.0.0.1; any other needs --key)")
    serve.add_argument("--port", type=int, default=8765, metavar="PORT",
                       help="port (default 8765; 0: any free)")
    serve.add_argument("--engine", action="append", default=[], metavar="ID",
                       help="engine to serve (repeatable; default: every engine that works here)")
    serve.add_argument("--key", metavar="KEY", help="require 'Authorization: Bearer KEY' on every request")
    serve.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                       help="also answer to this Host name (repeatable; loopback names always work)")
    serve.add_argument("--max-text", type=int, default=20_000, metavar="CHARS",
                       help="longest text one request may carry (default 20000)")
    serve.add_argument("--max-takes", type=int, default=4, metavar="N",
                       help="takes one engine may run at once; more are refused with 429 (default 4)")
    serve.add_argument("--voices-dir", metavar="FOLDER",
                       help="keep voices made through POST /v1/engines/{id}/voices in this folder, so they "
                            "survive a restart (default: in memory until the server stops)")
    return parser


# --- output helpers ---------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded by display width, so Chinese voice names line up in a terminal."""
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        padded = [c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)]
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# --- engines ----------------------------------------------------------------------------------


def _engine(registry: Registry, engine_id: str | None) -> tuple[str, Backend]:
    if engine_id is None:
        engine_id = registry.default_id
        if engine_id is None:
            problems = "; ".join(e.error or e.id for e in registry.entries()) or "none are installed"
            raise CliError(f"no engine can run here ({problems})")
    if engine_id not in registry.ids():
        known = ", ".join(registry.ids()) or "none"
        raise CliError(f"unknown engine '{engine_id}' (known engines: {known})")
    try:
        return engine_id, registry.create(engine_id)
    except BackendError as exc:
        raise CliError(_one_line(str(exc))) from exc


def _describe_support(manifest: Manifest) -> list[str]:
    groups: dict[Support, list[str]] = {s: [] for s in Support}
    for key, support in sorted(manifest.tags.items()):
        groups[support.support].append(f"{key}: {support.how}" if support.how else key)
    titles = {Support.NATIVE: "native", Support.APPROXIMATED: "approximated (how)",
              Support.UNSUPPORTED: "not possible (why)"}
    lines: list[str] = []
    for support, items in groups.items():
        lines.append(f"  {titles[support]}: {'none' if not items else ''}".rstrip())
        lines.extend(f"    {item}" for item in items)
    return lines


def _describe_manifest(manifest: Manifest) -> list[str]:
    def rng(r: object) -> str:
        if r is None:
            return "no"
        return f"{r.minimum:g}..{r.maximum:g}" + (f" ({r.how})" if r.how else "")  # type: ignore[attr-defined]

    cloning = manifest.cloning
    clone = "no" if cloning.kind == "none" else (
        f"{cloning.kind} ({cloning.min_seconds:g}-{cloning.max_seconds:g} s"
        + (", transcript needed" if cloning.needs_transcript else "") + ")")
    abilities = [name for name, on in (("transcribe", manifest.transcribe), ("vad", manifest.vad),
                                        ("chat", manifest.chat), ("tokenize", manifest.tokenize)) if on]
    hw = manifest.hardware
    lines = [
        f"  version {manifest.version}, licence {manifest.licence}",
        f"  languages: {', '.join(manifest.languages) or 'none'}",
        f"  streaming: {'yes' if manifest.streaming else 'no'}; speed: {rng(manifest.speed)}; "
        f"pitch: {rng(manifest.pitch)}; cloning: {clone}",
        f"  edits: {', '.join(manifest.edits) or 'none'}; also: {', '.join(abilities) or 'nothing else'}",
        f"  runs on: {hw.device}" + (f", about {hw.memory_mb} MB" if hw.memory_mb else "")
        + (f" ({hw.note})" if hw.note else ""),
    ]
    if manifest.description:
        lines.insert(0, f"  {_one_line(manifest.description)}")
    return lines


def cmd_engines(registry: Registry, out: TextIO) -> int:
    blocks: list[str] = []
    for entry in registry.entries():
        if not entry.ok:
            blocks.append(f"{entry.id}: BROKEN ({entry.origin})\n  {_one_line(entry.error or '')}")
            continue
        try:
            backend = registry.create(entry.id)
            manifest = backend.manifest
            availability = backend.availability()
        except Exception as exc:  # a plugin engine may fail in any way; list it, do not stop
            blocks.append(f"{entry.id}: BROKEN ({entry.origin})\n  {_one_line(str(exc))}")
            continue
        if availability.available:
            state = "available" + (f" ({_one_line(availability.reason)})" if availability.reason else "")
        else:
            state = f"unavailable: {_one_line(availability.reason)}" + (
                f" Fix: {_one_line(availability.fix)}" if availability.fix else "")
        default = " [default]" if entry.id == registry.default_id else ""
        lines = [f"{entry.id}: {manifest.name}{default} ({entry.origin})", f"  {state}"]
        lines += _describe_manifest(manifest)
        lines.append("  tags:")
        lines += ["  " + line for line in _describe_support(manifest)]
        blocks.append("\n".join(lines))
    if not blocks:
        raise CliError("no engines are installed")
    out.write("\n\n".join(blocks) + "\n")
    return EXIT_OK


def _library() -> VoiceLibrary:
    return VoiceLibrary(paths.data_dir())


def cmd_voices(registry: Registry, engine_id: str | None, out: TextIO) -> int:
    """The engine's built-in voices, then the library's voices (marked *), with the engines each
    library voice has a profile for: `speak --voice` needs one for the chosen engine."""
    engine_id, backend = _engine(registry, engine_id)
    try:
        voices = backend.voices()
    except BackendError as exc:
        raise CliError(_one_line(str(exc))) from exc
    with _library() as library:
        mine = library.list()
    if not voices and not mine:
        availability = backend.availability()
        reason = f": {_one_line(availability.reason)}" if availability.reason else ""
        raise CliError(f"engine '{engine_id}' has no voices available{reason}")
    rows = [(v.id, v.name, ", ".join(v.languages), v.gender) for v in voices]
    out.write(format_table(("ID", "NAME", "LANGUAGES", "GENDER"), rows) + "\n")
    if mine:
        lib_rows = [(f"* {v.id}", v.name, v.language or "?", v.origin,
                     ", ".join(v.profiles) or "none", "yes" if v.consent.given else "NOT RECORDED")
                    for v in mine]
        out.write("\nlibrary voices (*):\n" + format_table(
            ("ID", "NAME", "LANGUAGE", "ORIGIN", "PROFILES", "CONSENT"), lib_rows) + "\n")
    return EXIT_OK


# --- voice library ----------------------------------------------------------------------------


def _prepare(backend: Backend, audio: object, text: str, err: TextIO) -> VoiceProfile:
    """prepare_voice on a worker thread so Ctrl-C cancels it instead of waiting minutes."""
    cancel = CancelToken()
    result: dict[str, object] = {}
    reporter = _Reporter(err)

    def progress(fraction: float, message: str) -> None:
        if reporter.tty:
            reporter(Progress(int(fraction * 100), 100, message))

    def work() -> None:
        try:
            result["profile"] = backend.prepare_voice(audio, text, cancel, progress)  # type: ignore[attr-defined]
        except BaseException as exc:
            result["error"] = exc

    worker = threading.Thread(target=work, name="prepare-voice", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.1)
    except KeyboardInterrupt:
        cancel.cancel()
        worker.join(2.0)
        reporter.clear()
        raise CliError("cancelled", EXIT_INTERRUPTED) from None
    reporter.clear()
    error = result.get("error")
    if isinstance(error, Cancelled):
        raise CliError("cancelled", EXIT_INTERRUPTED)
    if isinstance(error, BackendError):
        raise CliError(_one_line(str(error))) from error
    if isinstance(error, BaseException):
        raise CliError(f"the engine failed to prepare the voice ({type(error).__name__}: "
                       f"{_one_line(str(error))})") from error
    profile = result.get("profile")
    if not isinstance(profile, VoiceProfile):
        raise CliError("the engine returned no voice profile")
    return profile


def cmd_clone(args: argparse.Namespace, registry: Registry, out: TextIO, err: TextIO) -> int:
    if not args.text.strip():
        raise CliError("--text must say what the recording says")
    if not args.name.strip():
        raise CliError("--name must not be empty")
    try:
        audio = load_audio(args.audio)
    except AudioLoadError as exc:
        raise CliError(str(exc)) from exc
    engine_id, backend = _engine(registry, args.engine)
    profiles: list[VoiceProfile] = []
    if isinstance(backend, SupportsVoicePreparation) and backend.manifest.cloning.kind != "none":
        availability = backend.availability()
        if not availability.available:
            raise CliError(f"engine '{engine_id}' cannot run here: {_one_line(availability.reason)}")
        try:
            profile = _prepare(backend, audio, args.text, err)
        finally:
            _unload(backend)
        if profile.engine_id != engine_id:  # the library keys profiles by the id the user chose
            profile = VoiceProfile(engine_id, profile.kind, profile.format_version, profile.data,
                                   profile.similarity, profile.baseline_similarity, profile.note)
        profiles.append(profile)
    else:
        err.write(f"{PROG}: warning: engine '{engine_id}' cannot clone or match voices; the reference "
                  f"was saved without a profile\n")
    if args.consent is None:
        err.write(f"{PROG}: warning: no consent recorded; use --speaker and --consent to record who "
                  f"spoke and how they agreed\n")
    consent = Consent(speaker=args.speaker, given=args.consent is not None, how=args.consent or "",
                      source=args.source or args.audio.name, recorded=args.recorded,
                      licence=args.licence, created_by=os.environ.get("USER", ""))
    origin = "matched" if profiles and profiles[0].kind == "match" else "cloned"
    try:
        with _library() as library:
            voice = library.add(args.name, audio, transcript=args.text, language=args.language,
                                consent=consent, origin=origin, profiles=profiles, tags=args.tag)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    out.write(f"voice\t{voice.id}\t{voice.name}\n")
    for profile in voice.profiles.values():
        if profile.similarity is not None:
            line = f"similarity\t{profile.engine_id}\t{profile.similarity:.3f}"
            if profile.baseline_similarity is not None:
                line += f"\t(default voice {profile.baseline_similarity:.3f})"
            out.write(line + "\n")
        if profile.note:
            out.write(f"note\t{profile.engine_id}\t{_one_line(profile.note)}\n")
    return EXIT_OK


def cmd_export_preset(args: argparse.Namespace, out: TextIO) -> int:
    from studio.voices.bundles import BundleError, export_bundle
    from studio.voices.presets import shipped_presets

    if not args.voice and not args.preset:
        raise CliError("choose what to export with --voice ID and/or --preset ID")
    shipped = {p.id: p for p in shipped_presets().presets}
    with _library() as library:
        presets: list[object] = []
        for preset_id in args.preset:
            if preset_id in shipped and preset_id not in {p.id for p in library.presets.list()}:
                presets.append(shipped[preset_id])
            else:
                presets.append(preset_id)
        try:
            written = export_bundle(args.output, args.voice, presets, library)  # type: ignore[arg-type]
        except BundleError as exc:
            raise CliError(str(exc)) from exc
    out.write(f"{written}\n")
    return EXIT_OK


def cmd_import_preset(args: argparse.Namespace, out: TextIO) -> int:
    from studio.voices.bundles import BundleError, import_bundle, preview_bundle

    with _library() as library:
        try:
            preview = preview_bundle(args.bundle, library)
            out.write("\n".join(preview.summary()) + "\n")
            if args.dry_run:
                return EXIT_OK
            result = import_bundle(args.bundle, library)
        except BundleError as exc:
            raise CliError(str(exc)) from exc
    for voice in result.voices:
        out.write(f"imported voice\t{voice.id}\t{voice.name}\n")
    for preset in result.presets:
        out.write(f"imported preset\t{preset.id}\t{preset.name}\n")
    return EXIT_OK


# --- speak ------------------------------------------------------------------------------------


class _Reporter:
    """Prints warnings (always) and progress (only on a terminal) to stderr from the job's thread."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.tty = bool(getattr(err, "isatty", lambda: False)())
        self._drawn = False

    def __call__(self, event: JobEvent) -> None:
        if isinstance(event, SynthesisWarning):
            self.clear()
            self.err.write(f"{PROG}: warning: {_one_line(event.message)}\n")
            self.err.flush()
        elif isinstance(event, Progress) and self.tty:
            if event.total > 0:
                text = f"[{event.done}/{event.total}] {event.message}"
            else:
                text = event.message or "working…"
            self.err.write("\r\x1b[2K" + _one_line(text)[:100])
            self.err.flush()
            self._drawn = True
        elif isinstance(event, (Finished, JobFailed, JobCancelled)):
            self.clear()

    def clear(self) -> None:
        if self._drawn:
            self.err.write("\r\x1b[2K")
            self.err.flush()
            self._drawn = False


def _read_text(arg: str, stdin: TextIO) -> str:
    text = stdin.read() if arg == "-" else arg
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
    return path, fmt


def _run_job(job: SynthesisJob, reporter: _Reporter) -> None:
    try:
        job.start()
        while not job.wait(0.1):  # a timed wait, so Ctrl-C reaches the main thread promptly
            pass
    except KeyboardInterrupt:
        job.cancel()
        job.wait(2.0)
        reporter.clear()
        raise CliError("cancelled", EXIT_INTERRUPTED) from None


def _unload(backend: Backend, timeout: float = 5.0) -> None:
    """Unload before the interpreter exits: engines load models on background threads (native
    code), and a process that exits while one still runs can abort in the C++ runtime (seen with
    the embedded engine's Kokoro warm-up: "terminate called without an active exception").
    Bounded, because an engine still stuck in an abandoned take could make unloading wait forever."""

    def unload() -> None:
        with contextlib.suppress(Exception):  # the take is already safe on disk; this is courtesy
            backend.unload()

    worker = threading.Thread(target=unload, name="unload-engine", daemon=True)
    worker.start()
    worker.join(timeout)


def _library_voice(voice_id: str) -> Voice | None:
    with _library() as library:
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
    if not math.isfinite(args.speed) or args.speed <= 0:
        raise CliError(f"speed must be a positive number, not {args.speed:g}")
    if not math.isfinite(args.pitch):
        raise CliError("pitch must be a number of semitones")
    engine_id, backend = _engine(registry, args.engine)
    availability = backend.availability()
    if not availability.available:
        fix = f" {_one_line(availability.fix)}" if availability.fix else ""
        raise CliError(f"engine '{engine_id}' cannot run here: {_one_line(availability.reason)}{fix}")
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
                               options=_engine_options(engine_id, backend, args.option))
    reporter = _Reporter(err)
    job = SynthesisJob(backend, request, reporter)
    try:
        _run_job(job, reporter)
    finally:
        _unload(backend)
    if job.state is JobState.CANCELLED:
        raise CliError("cancelled", EXIT_INTERRUPTED)
    if job.state is not JobState.FINISHED:
        raise CliError(_one_line(job.error or "the engine failed"))
    audio = job.audio
    if audio is None or len(audio) == 0:
        raise CliError("the engine produced no audio")
    voice_id = args.voice or str(job.metadata.get("voice_id") or job.metadata.get("voice") or "")
    metadata = {**job.metadata, "text": text, "engine_id": engine_id, "voice_id": voice_id}
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
                                   metadata=job.metadata)
        except (LibraryError, StorageError) as exc:
            raise CliError(f"the file was written but the take was not saved: {exc}") from exc
        out.write(f"take\t{take.id}\t{take.title}\n")
    return EXIT_OK


# --- serve ------------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace, registry: Registry, err: TextIO) -> int:
    """Serve engines until Ctrl-C. Security is checked before any engine is created."""
    from studio.server import ServeError, ServerConfig, serve

    if not 0 <= args.port <= 65535:
        raise CliError(f"--port must be 0..65535, not {args.port}", EXIT_USAGE)
    if args.max_text < 1 or args.max_takes < 1:
        raise CliError("--max-text and --max-takes must be at least 1", EXIT_USAGE)
    config = ServerConfig(key=args.key, bound_host=args.host, allow_hosts=tuple(args.allow_host),
                          max_text_chars=args.max_text, max_takes_per_engine=args.max_takes,
                          voices_dir=args.voices_dir)
    try:
        from studio.server.run import check_security

        check_security(args.host, args.key)
    except ServeError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    ids = list(dict.fromkeys(args.engine)) or [e.id for e in registry.entries() if e.ok]
    if not ids:
        raise CliError("no engine can run here, so there is nothing to serve")
    engines = {}
    for engine_id in ids:
        engines[engine_id] = _engine(registry, engine_id)[1]

    def ready(host: str, port: int) -> None:
        shown = f"[{host}]" if ":" in host else host
        err.write(f"{PROG}: serving {', '.join(engines)} on http://{shown}:{port}/v1 "
                  f"({'key required' if args.key else 'loopback only, no key'}); Ctrl-C stops\n")
        err.flush()

    try:
        serve(engines, config, port=args.port, on_ready=ready)
    except KeyboardInterrupt:  # Ctrl-C is how a server is meant to stop: not an error
        err.write(f"{PROG}: stopped\n")
    except ServeError as exc:
        raise CliError(str(exc)) from exc
    finally:
        for backend in engines.values():
            _unload(backend)
    return EXIT_OK


# --- entry point ------------------------------------------------------------------------------


def _launch_gui(err: TextIO) -> int:
    try:
        app = importlib.import_module("studio.ui.shell.app")
        run = app.main
    except Exception as exc:  # a missing Qt, display library or module: say it in one line
        err.write(f"{PROG}: error: the studio window cannot start ({type(exc).__name__}: "
                  f"{_one_line(str(exc))})\n")
        return EXIT_FAILURE
    result = run()
    return result if isinstance(result, int) else EXIT_OK


def main(argv: list[str] | None = None, *, registry: Registry | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """Run `step-studio` with `argv` (default: sys.argv[1:]); returns the exit status.

    `registry` and the streams are for tests and embedding; by default the installed engines
    (`registry_factory()`) and the process's own streams.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args_list = sys.argv[1:] if argv is None else list(argv)
    if not args_list:
        return _launch_gui(err)
    try:
        try:
            with contextlib.redirect_stdout(out):
                args = build_parser().parse_args(args_list)
        except SystemExit as exc:  # --help and --version exit through argparse
            return exc.code if isinstance(exc.code, int) else EXIT_OK
        if args.command is None:
            return _launch_gui(err)
        reg = registry if registry is not None else registry_factory()
        if args.command == "engines":
            return cmd_engines(reg, out)
        if args.command == "serve":
            return cmd_serve(args, reg, err)
        if args.command == "voices":
            return cmd_voices(reg, args.engine, out)
        if args.command == "clone":
            return cmd_clone(args, reg, out, err)
        if args.command == "export-preset":
            return cmd_export_preset(args, out)
        if args.command == "import-preset":
            return cmd_import_preset(args, out)
        return cmd_speak(args, reg, out, err, stdin or sys.stdin)
    except CliError as exc:
        err.write(f"{PROG}: error: {_one_line(str(exc))}\n")
        return exc.code
    except KeyboardInterrupt:
        err.write(f"{PROG}: error: cancelled\n")
        return EXIT_INTERRUPTED
    except (BackendError, StorageError, LibraryError) as exc:
        err.write(f"{PROG}: error: {_one_line(str(exc))}\n")
        return EXIT_FAILURE
    except BrokenPipeError:  # `step-studio voices | head`: the reader left, which is fine
        if out is sys.stdout:
            # Python flushes stdout again at exit; point it at devnull so that flush is silent.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK

