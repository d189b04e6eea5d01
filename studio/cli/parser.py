"""The command line's grammar: every command and option, and a parser whose mistakes end in one line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from studio.cli.common import EXIT_USAGE, PROG, CliError
from studio.library.export import studio_version


class _Parser(argparse.ArgumentParser):
    """argparse prints the whole usage block on a mistake; we promise one line."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see '{self.prog} --help')", EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Step Audio Studio. With no command, opens the studio window.")
    parser.add_argument("--version", action="version", version=f"{PROG} {studio_version()}")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also show diagnostics (engine and library logs) on the terminal; they are "
                             "always written to the log file")
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
    serve.add_argument("--voices-dir", metavar="FOLDER",
                       help="keep voices made through POST /v1/engines/{id}/voices in this folder, so they "
                            "survive a restart (default: in memory until the server stops)")
    return parser
