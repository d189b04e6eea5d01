"""`step-studio`: the GUI launcher and a command line on the same core.

The command line exists so the studio is scriptable (batch narration, CI smoke tests, a server
without a display) and so every engine can be checked without the GUI. It drives exactly what the
GUI drives (Registry, SynthesisJob, export, TakeLibrary), so a take made here is the same take.

Output contract: results on stdout; warnings, progress and errors on stderr. Progress is drawn
only when stderr is a terminal, so logs and pipes stay clean. Every failure the user can cause
(empty text, unknown engine or voice, bad output name, Ctrl-C) ends with one line,
`step-studio: error: <reason>`, and a non-zero status: never a traceback. Diagnostics (tracebacks,
libraries' log lines, Python warnings) go to the log file (`studio.logs`), and to the terminal
only with `-v`.

This package: `main` (here) reads the command and turns failures into that one line; `parser`
holds the grammar, `common` what every command shares, and one module per command group does
the work (`engines`, `voices` with `clone`, `bundles`, `speak`, `batch`, `edit`, `serve`).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from backends.base import BackendError
from backends.registry import Registry
from studio import logs, paths
from studio.cli.batch import cmd_batch
from studio.cli.bundles import cmd_export_preset, cmd_import_preset
from studio.cli.common import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, PROG, CliError, one_line
from studio.cli.desktop import cmd_desktop
from studio.cli.edit import cmd_edit
from studio.cli.engines import cmd_engines
from studio.cli.i18n import tr
from studio.cli.parser import build_parser, join_negative_values
from studio.cli.serve import cmd_serve
from studio.cli.speak import cmd_speak
from studio.cli.voices import cmd_clone, cmd_voices
from studio.library.storage import StorageError
from studio.library.takes import LibraryError

log = logging.getLogger(__name__)

# Tests (and embedders) swap this for a Registry of their own engines.
registry_factory: Callable[[], Registry] = Registry


def _launch_gui(err: TextIO, files: list[Path] | None = None) -> int:
    try:
        app = importlib.import_module("studio.ui.shell.app")
        run = app.main
    except Exception as exc:  # a missing Qt, display library or module: say it in one line
        err.write(f"{PROG}: error: the studio window cannot start ({type(exc).__name__}: "
                  f"{one_line(str(exc))})\n")
        return EXIT_FAILURE
    result = run(open_paths=files) if files else run()
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
        return _run(args_list, registry, out, err, stdin)
    finally:
        logs.restore()


def _run(args_list: list[str], registry: Registry | None, out: TextIO, err: TextIO,
         stdin: TextIO | None) -> int:
    try:
        try:
            with contextlib.redirect_stdout(out):
                args = build_parser().parse_args(join_negative_values(args_list))
        except SystemExit as exc:  # --help and --version exit through argparse
            return exc.code if isinstance(exc.code, int) else EXIT_OK
        if args.install_desktop or args.uninstall_desktop:
            return cmd_desktop(install=args.install_desktop, out=out)
        if args.command in (None, "open"):
            if args.verbose:
                os.environ["STEP_STUDIO_VERBOSE"] = "1"
            return _launch_gui(err, [f.absolute() for f in getattr(args, "files", None) or []])
        logs.setup("server" if args.command == "serve" else "cli", verbose=args.verbose)
        moved = paths.data_location().problem  # a moved data folder that is not there: say where we save
        if moved:
            err.write(f"{PROG}: warning: {tr(one_line(moved))}\n")
        reg = registry if registry is not None else registry_factory()
        if args.command == "engines":
            return cmd_engines(reg, out)
        if args.command == "serve":
            return cmd_serve(args, reg, err)
        if args.command == "voices":
            return cmd_voices(reg, args.engine, out, err)
        if args.command == "clone":
            return cmd_clone(args, reg, out, err)
        if args.command == "export-preset":
            return cmd_export_preset(args, out)
        if args.command == "import-preset":
            return cmd_import_preset(args, out)
        if args.command == "edit":
            return cmd_edit(args, reg, out, err)
        if args.command == "batch":
            return cmd_batch(args, reg, out, err)
        return cmd_speak(args, reg, out, err, stdin or sys.stdin)
    except CliError as exc:
        err.write(f"{PROG}: error: {tr(one_line(str(exc)))}\n")
        return exc.code
    except KeyboardInterrupt:
        err.write(f"{PROG}: error: {tr('cancelled')}\n")
        return EXIT_INTERRUPTED
    except (BackendError, StorageError, LibraryError) as exc:
        err.write(f"{PROG}: error: {tr(one_line(str(exc)))}\n")
        return EXIT_FAILURE
    except BrokenPipeError:  # `step-studio voices | head`: the reader left, which is fine
        if out is sys.stdout:
            # Python flushes stdout again at exit; point it at devnull so that flush is silent.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # a full disk, a permission, a file that vanished: the system's words
        log.info("command failed on the file system", exc_info=True)
        where = f" ({exc.filename})" if exc.filename else ""
        err.write(f"{PROG}: error: {one_line(exc.strerror or str(exc))}{where}\n")
        return EXIT_FAILURE
    except Exception as exc:  # a bug: the user gets one line and where the details are
        log.exception("unexpected failure")
        path = logs.current_file()
        details = f"; the details are in {path}" if path else ""
        said = tr(f"an unexpected failure ({type(exc).__name__}){details}. Please report it.")
        err.write(f"{PROG}: error: {said}\n")
        return EXIT_FAILURE

