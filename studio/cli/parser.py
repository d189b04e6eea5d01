"""The command line's grammar: every command and option, and a parser whose mistakes end in one line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from studio.cli.common import EXIT_USAGE, PROG, CliError
from studio.library.export import studio_version
from studio.server.config import ServerConfig


class _Parser(argparse.ArgumentParser):
    """argparse prints the whole usage block on a mistake; we promise one line."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see '{self.prog} --help')", EXIT_USAGE)


class _Op(argparse.Action):
    """Appends (operation, value) to `args.ops`, so `edit` applies operations in command-line order."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        ops = list(getattr(namespace, "ops", None) or [])
        ops.append((self.dest, values))
        namespace.ops = ops


# Options of `edit` whose value may start with "-" (-16LUFS, -3, -2@1-2): see join_negative_values.
_SIGNED_VALUES = ("--normalize", "--gain", "--pitch")


PRONUNCIATIONS_HELP = ("a pronunciation dictionary (JSON, as File > Pronunciations… exports it); "
                       "default: the studio's own; 'none' for none")

def join_negative_values(argv: list[str]) -> list[str]:
    """`--normalize -16LUFS` as `--normalize=-16LUFS`: argparse takes a word starting with "-" that
    is not a plain number for an option, so the natural spelling of a loudness would fail."""
    if "edit" not in argv:
        return argv
    out: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] in _SIGNED_VALUES and i + 1 < len(argv) and argv[i + 1].startswith("-") \
                and not argv[i + 1].startswith("--"):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
            continue
        out.append(argv[i])
        i += 1
    return out


def _edit_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    edit = sub.add_parser(
        "edit", help="edit a recording: cut, fade, normalise, denoise, change speed or pitch, and edits "
                     "by instruction through an engine",
        description="Operations run in the order given; the times of each refer to the audio as the "
                    "operations before it left it. Times are seconds (or m:ss); a span is A-B, and B "
                    "may be 'end'.")
    edit.set_defaults(ops=[])
    edit.add_argument("input", type=Path, metavar="IN",
                      help="the recording to edit (any format the studio reads)")
    edit.add_argument("-o", "--output", required=True, type=Path, metavar="OUT",
                      help="file to write; the format comes from its suffix (.wav .flac .ogg .mp3)")
    ops = (
        ("--cut", "A-B", "remove a span (the join is crossfaded on low energy)"),
        ("--delete", "A-B", "the same as --cut"),
        ("--crop", "A-B", "keep only a span"),
        ("--silence", "A-B", "silence a span, keeping its length"),
        ("--insert-silence", "AT:SECONDS", "insert silence at a time"),
        ("--fade-in", "A-B", "fade in over a span"),
        ("--fade-out", "A-B", "fade out over a span"),
        ("--gain", "DB[@A-B]", "change the level by DB decibels (of the whole, or of a span)"),
        ("--normalize", "TARGET[@A-B]", "bring the loudness to -16LUFS (ITU-R BS.1770) or the peak "
                                        "to -1dBFS (of the whole, or of a span)"),
        ("--speed", "FACTOR[@A-B]", "faster (1.25) or slower (0.8) at the same pitch"),
        ("--pitch", "SEMITONES[@A-B]", "higher or lower at the same speed"),
    )
    for flag, metavar, text in ops:
        edit.add_argument(flag, action=_Op, dest=flag[2:].replace("-", "_"), metavar=metavar, help=text)
    edit.add_argument("--denoise", action=_Op, nargs="?", const="", dest="denoise", metavar="A-B",
                      help="reduce noise (DeepFilterNet3) in the whole, or in a span")
    edit.add_argument("--shorten-pauses", action=_Op, nargs="?", const="", dest="shorten_pauses",
                      metavar="A-B", help="shorten pauses longer than 0.6 s to 0.3 s (the whole, or a span)")
    edit.add_argument("--instruct", action=_Op, dest="instruct", metavar="EDIT",
                      help="an edit by instruction through an engine: emotion=VALUE, style=VALUE, "
                           "speed=F, pitch=ST, paralinguistic=SOUND@SECONDS, denoise, remove_silence (see "
                           "'engines' for what each engine can do)")
    edit.add_argument("--span", action=_Op, dest="span", metavar="A-B",
                      help="the span of the --instruct before it (default: the whole recording)")
    edit.add_argument("--repeat", action=_Op, dest="repeat", metavar="N",
                      help="apply the --instruct before it N times, each on the result of the last")
    edit.add_argument("--engine", metavar="ID", help="engine for --instruct (default: the embedded engine)")
    edit.add_argument("--save-project", action="store_true",
                      help="also keep the project, with every step undoable, in the studio's library")


def _batch_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    batch = sub.add_parser(
        "batch", help="render a script of dialogue, or a CSV/TSV table of lines, to files (resumable)",
        description="A .csv or .tsv file (header: text, output, and optionally voice, tags, engine) "
                    "becomes one file per row. Any other file is read as dialogue ('Ana: Hello.', one "
                    "line each) and becomes one take with subtitles. Running it again makes only the "
                    "lines that are missing, changed or failed.")
    batch.add_argument("file", type=Path, metavar="FILE", help="the script or table (UTF-8 text)")
    batch.add_argument("-o", "--output", required=True, type=Path, metavar="FOLDER",
                       help="folder for the files (made if missing)")
    batch.add_argument("--engine", metavar="ID",
                       help="engine for lines that name none (default: the embedded engine)")
    batch.add_argument("--voice", action="append", default=[], metavar="SPEAKER=VOICE",
                       help="the voice of a speaker (repeatable; default: a different voice for each "
                            "speaker, one that speaks their language)")
    batch.add_argument("--format", default="flac", metavar="EXT", help="wav, flac (default), ogg or mp3")
    batch.add_argument("--gap-line", type=float, default=0.35, metavar="SECONDS",
                       help="silence between two lines of one speaker (default 0.35)")
    batch.add_argument("--gap-speaker", type=float, default=0.6, metavar="SECONDS",
                       help="silence between two speakers (default 0.6)")
    batch.add_argument("--seed", type=int, metavar="N", help="random seed, for engines that sample")
    batch.add_argument("--pronunciations", metavar="FILE",
                       help=PRONUNCIATIONS_HELP)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Step Audio Studio. With no command, opens the studio window.")
    parser.add_argument("--version", action="version", version=f"{PROG} {studio_version()}")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also show diagnostics (engine and library logs) on the terminal; they are "
                             "always written to the log file")
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument("--install-desktop", action="store_true",
                         help="add the studio to the application menu, with its icon and file types "
                              "(in your own folders; undone by --uninstall-desktop)")
    desktop.add_argument("--uninstall-desktop", action="store_true",
                         help="remove exactly what --install-desktop added")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    open_files = sub.add_parser(
        "open", help="open the window with files: recordings and .stepedit projects in Edit, voice "
                     "bundles in Clone (previewed before anything is imported)")
    open_files.add_argument("files", nargs="*", type=Path, metavar="FILE")

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
    speak.add_argument("--pronunciations", metavar="FILE",
                       help=PRONUNCIATIONS_HELP)
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
    clone.add_argument("--speaker", default="", metavar="WHO",
                       help="who is speaking in the recording (required)")
    clone.add_argument("--consent", metavar="HOW",
                       help="how the speaker agreed to this voice being made, e.g. 'in writing' or 'it is "
                            "my own voice' (required: no voice is saved without it)")
    clone.add_argument("--source", metavar="WHERE",
                       help="where the recording came from (default: 'Imported from <file name>')")
    clone.add_argument("--recorded", default="", metavar="DATE",
                       help="when it was recorded (YYYY-MM-DD; default: today)")
    clone.add_argument("--licence", default="Personal use only", metavar="TEXT",
                       help="what others may do with the voice (default: 'Personal use only')")
    clone.add_argument("--tag", action="append", default=[], metavar="LABEL", help="a label (repeatable)")

    export = sub.add_parser("export-preset", help="write library voices and presets to a bundle file")
    export.add_argument("output", type=Path, metavar="OUT",
                        help="bundle to write (.zip; .json for presets only)")
    export.add_argument("--voice", action="append", default=[], metavar="ID",
                        help="library voice id (repeatable)")
    export.add_argument("--preset", action="append", default=[], metavar="ID", help="preset id (repeatable)")
    export.add_argument("--pronunciations", metavar="FILE",
                        help="also share a pronunciation dictionary: FILE, or 'studio' for the studio's own "
                             "(default: none)")

    imp = sub.add_parser("import-preset", help="import a bundle of voices and presets")
    imp.add_argument("bundle", type=Path, metavar="FILE", help="bundle (.zip) or preset file (.json)")
    imp.add_argument("--dry-run", action="store_true", help="only show what the bundle holds")

    _batch_parser(sub)
    sub.add_parser("engines", help="list engines: availability and what each can and cannot do")
    _edit_parser(sub)

    serve = sub.add_parser("serve", help="serve engines over HTTP (OpenAI-compatible speech, and more)")
    serve.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                       help="address to listen on (default 127.0.0.1; any other needs --key)")
    serve.add_argument("--port", type=int, default=8765, metavar="PORT",
                       help="port (default 8765; 0: any free)")
    serve.add_argument("--engine", action="append", default=[], metavar="ID",
                       help="engine to serve (repeatable; default: every engine that works here)")
    serve.add_argument("--key", metavar="KEY",
                       help="require 'Authorization: Bearer KEY' on every request (every local user can "
                            "read a command line with `ps`: prefer --key-file or the environment variable "
                            "STEP_STUDIO_API_KEY, which is used when neither option is given)")
    serve.add_argument("--key-file", type=Path, metavar="FILE",
                       help="read the key from FILE (its first line; keep the file readable by you only)")
    serve.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                       help="also answer to this Host name (repeatable; loopback names always work)")
    serve.add_argument("--max-text", type=int, default=20_000, metavar="CHARS",
                       help="longest text one request may carry (default 20000)")
    serve.add_argument("--max-takes", type=int, default=4, metavar="N",
                       help="takes one engine may run at once; more wait in its queue (default 4)")
    serve.add_argument("--max-queue", type=int, default=32, metavar="N",
                       help="requests that may wait for one engine, served in arrival order; beyond that "
                            "they are refused with 429 and Retry-After (default 32; 0: no queue)")
    serve.add_argument("--header-timeout", type=float, default=ServerConfig.header_timeout_s,
                       metavar="SECONDS",
                       help="close a connection whose request headers are not complete this long after it "
                            f"opened (default {ServerConfig.header_timeout_s:g})")
    serve.add_argument("--body-timeout", type=float, default=ServerConfig.body_timeout_s,
                       metavar="SECONDS",
                       help="close a connection whose request body is not complete this long after its "
                            f"headers (default {ServerConfig.body_timeout_s:g})")
    serve.add_argument("--max-connections", type=int, default=ServerConfig.max_connections, metavar="N",
                       help="connections open at once; beyond it the one waiting longest for its headers "
                            f"is closed, else the new one gets 503 (default {ServerConfig.max_connections})")
    serve.add_argument("--unload-idle", type=float, metavar="MINUTES",
                       help="unload a voice family unused this long (the default voice's stays; 0: never; "
                            "default: the studio's Engine > Memory setting). Idle families hand back their "
                            "scratch memory after a minute either way")
    serve.add_argument("--voices-dir", metavar="FOLDER",
                       help="keep voices made through POST /v1/engines/{id}/voices in this folder, so they "
                            "survive a restart (default: in memory until the server stops)")
    return parser
