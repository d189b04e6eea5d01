"""The voice library from the command line: `voices` lists an engine's and the library's voices,
`clone` makes a library voice from a recording."""

from __future__ import annotations

import argparse
import inspect
from typing import TextIO

from backends.audio import AudioLoadError, load_audio
from backends.base import (
    Backend,
    BackendError,
    Cancelled,
    CancelToken,
    Progress,
    SupportsVoicePreparation,
    VoiceProfile,
)
from backends.registry import Registry
from studio import paths
from studio.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    CliError,
    Reporter,
    format_table,
    one_line,
    run_interruptibly,
)
from studio.cli.engines import open_engine, unload_engine
from studio.cli.i18n import tr
from studio.library.storage import StorageError, ensure_free_space
from studio.library.takes import LibraryError
from studio.voices.library import Consent, ConsentMissing, VoiceLibrary, consent_for_new_voice
from studio.voices.reference import check_reference


def voice_library() -> VoiceLibrary:
    return VoiceLibrary(paths.data_dir())


def cmd_voices(registry: Registry, engine_id: str | None, out: TextIO, err: TextIO | None = None) -> int:
    """The engine's built-in voices, then the library's voices (marked *), with the engines each
    library voice has a profile for: `speak --voice` needs one for the chosen engine. A library
    that cannot be opened (a full or read-only disk) is a warning: the engine's voices still list."""
    engine_id, backend = open_engine(registry, engine_id)
    try:
        voices = backend.voices()
    except BackendError as exc:
        raise CliError(one_line(str(exc))) from exc
    try:
        with voice_library() as library:
            mine = library.list()
    except (LibraryError, StorageError, OSError) as exc:
        if err is not None:
            err.write(f"{PROG}: warning: {tr('the voice library was not read: ' + one_line(str(exc)))}\n")
        mine = []
    if not voices and not mine:
        availability = backend.availability()
        reason = f": {one_line(availability.reason)}" if availability.reason else ""
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


def _prepare(backend: Backend, audio: object, text: str, err: TextIO,
             consent: Consent | None = None) -> VoiceProfile:
    """prepare_voice on a worker thread so Ctrl-C cancels it instead of waiting minutes. An engine
    whose server keeps the voice (a remote engine: its `prepare_voice` takes `consent`) is given
    the consent record, which that server requires as the wizard and this command do."""
    extra: dict[str, object] = {}
    if consent is not None and "consent" in inspect.signature(backend.prepare_voice).parameters:  # type: ignore[attr-defined]
        extra["consent"] = {"speaker": consent.speaker, "consent": consent.how, "source": consent.source,
                            "licence": consent.licence, "recorded": consent.recorded}
    cancel = CancelToken()
    reporter = Reporter(err)

    def progress(fraction: float, message: str) -> None:
        if reporter.tty:
            reporter(Progress(int(fraction * 100), 100, message))

    try:
        profile = run_interruptibly(
            lambda: backend.prepare_voice(audio, text, cancel, progress, **extra),  # type: ignore[attr-defined]
            cancel, "prepare-voice", 2.0)
    except KeyboardInterrupt:
        reporter.clear()
        raise CliError("cancelled", EXIT_INTERRUPTED) from None
    except Cancelled:
        reporter.clear()
        raise CliError("cancelled", EXIT_INTERRUPTED) from None
    except BackendError as error:
        reporter.clear()
        raise CliError(one_line(str(error))) from error
    except Exception as error:
        reporter.clear()
        raise CliError(f"the engine failed to prepare the voice ({type(error).__name__}: "
                       f"{one_line(str(error))})") from error
    reporter.clear()
    if not isinstance(profile, VoiceProfile):
        raise CliError("the engine returned no voice profile")
    return profile


def cmd_clone(args: argparse.Namespace, registry: Registry, out: TextIO, err: TextIO) -> int:
    if not args.text.strip():
        raise CliError("--text must say what the recording says")
    if not args.name.strip():
        raise CliError("--name must not be empty")
    try:  # refused before minutes of voice preparation, not after
        consent = consent_for_new_voice(speaker=args.speaker, how=args.consent or "",
                                        source=args.source or f"Imported from {args.audio.name}",
                                        licence=args.licence, recorded=args.recorded or None)
    except ConsentMissing:
        raise CliError("a voice is saved only with its consent record: say who is speaking (--speaker NAME) "
                       "and how they agreed (--consent HOW, e.g. --consent 'in writing'); this is what the "
                       "Clone wizard asks for too", EXIT_USAGE) from None
    try:
        audio = load_audio(args.audio)
    except AudioLoadError as exc:
        raise CliError(str(exc)) from exc
    # The wizard's decision too, before minutes of work (speakers are not part of it).
    refusal = check_reference(audio, speakers=False).refusal()
    if refusal is not None:
        raise CliError(f"{args.audio.name}: {refusal}")
    try:  # a voice keeps its reference (FLAC, at most ~3 bytes a sample) and small records
        ensure_free_space(paths.data_dir(), int(len(audio) * 3) + 8_000_000, "a new voice")
    except StorageError as exc:
        raise CliError(str(exc)) from exc
    engine_id, backend = open_engine(registry, args.engine)
    profiles: list[VoiceProfile] = []
    if isinstance(backend, SupportsVoicePreparation) and backend.manifest.cloning.kind != "none":
        availability = backend.availability()
        if not availability.available:
            raise CliError(f"engine '{engine_id}' cannot run here: {one_line(availability.reason)}")
        try:
            profile = _prepare(backend, audio, args.text, err, consent)
        finally:
            unload_engine(backend)
        if profile.engine_id != engine_id:  # the library keys profiles by the id the user chose
            profile = VoiceProfile(engine_id, profile.kind, profile.format_version, profile.data,
                                   profile.similarity, profile.baseline_similarity, profile.note)
        profiles.append(profile)
    else:
        err.write(f"{PROG}: warning: engine '{engine_id}' cannot clone or match voices; the reference "
                  f"was saved without a profile\n")
    origin = "matched" if profiles and profiles[0].kind == "match" else "cloned"
    try:
        with voice_library() as library:
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
            out.write(f"note\t{profile.engine_id}\t{one_line(profile.note)}\n")
    return EXIT_OK
