"""Where diagnostics go: a log file per front end, and the terminal only when the user asks (-v).

Why: a traceback or a library's chatter ("Building prefix dict ...") on a user's terminal reads as
a crash, and hides the one sentence that says what to do. Every front end (CLI, server, window)
calls `setup()` once at start: from then on all logging, Python warnings included, lands in
`paths.log_dir()/<name>.log` (rotated, so it stays small), and on stderr only when verbose.
Libraries that attach their own stderr handler (jieba) are re-routed where the engine loads them.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from studio import paths

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 3
_OWN = "_step_studio_handler"
_saved_level: int | None = None
_file: Path | None = None


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log file that fails silently: logging's default prints "--- Logging error ---" and a
    traceback on stderr when a write fails (a full disk), which is what this module exists to avoid."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass

    def _open(self):  # type: ignore[no-untyped-def]  # logging's own signature is untyped
        """The folder is made with the first record, so a quiet run leaves no trace on disk."""
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()


def setup(name: str, verbose: bool = False) -> Path | None:
    """Send every log record to `<log dir>/<name>.log`; to stderr as well only if `verbose`.

    Returns the log file, or None if it could not be opened (a read-only home, a full disk):
    then records are dropped rather than shown, since a log must never stop the program.
    """
    global _saved_level, _file
    restore()
    root = logging.getLogger()
    _saved_level = root.level
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.captureWarnings(True)  # warnings.warn(...) becomes a record of "py.warnings"
    path: Path | None = None
    handlers: list[logging.Handler] = []
    try:
        path = paths.log_dir(create=False) / f"{name}.log"
        handlers.append(_QuietFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8",
                                          delay=True))
    except OSError:
        path = None
        handlers.append(logging.NullHandler())  # keeps logging's last-resort stderr handler away
    if verbose:
        handlers.append(logging.StreamHandler(sys.stderr))
    _file = path
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        setattr(handler, _OWN, True)
        root.addHandler(handler)
    return path


def current_file() -> Path | None:
    """The log file `setup()` opened, to name in a message about an unexpected failure."""
    return _file


def restore() -> None:
    """Undo `setup()`: for a front end that returns to its caller (the CLI's `main()` in tests or
    when embedded), so the caller's logging is as it was."""
    global _saved_level, _file
    _file = None
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OWN, False)]:
        root.removeHandler(handler)
        handler.close()
    if _saved_level is not None:
        root.setLevel(_saved_level)
        logging.captureWarnings(False)
        _saved_level = None
