"""What every command shares: the exit statuses, the one-line error, tables sized for a terminal,
and warnings and progress drawn on stderr while an engine works.

Everything a command prints may hold text from outside (a bundle's voice name, a transcript, a
file name, an engine's error), so `one_line` and `format_table` escape control characters and
bidirectional overrides (studio.voices.text.terminal_safe): a name holding ESC[2J prints as the
visible text \x1b[2J instead of clearing the user's screen."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar

from backends.base import CancelToken, Finished, Progress, SynthesisWarning
from backends.lexicon import LexiconError, Pronunciation
from backends.text import display_width
from backends.threads import start_native
from studio.cli.i18n import tr
from studio.engines.jobs import JobCancelled, JobEvent, JobFailed
from studio.voices.pronunciations import default_path, read_lexicon
from studio.voices.text import terminal_safe

PROG = "step-studio"
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


T = TypeVar("T")


def run_interruptibly(fn: Callable[[], T], cancel: CancelToken, name: str, grace: float) -> T:
    """`fn()` on a worker thread, waited for in short steps so that Ctrl+C reaches this (main)
    thread at once: it cancels `cancel`, gives the work `grace` seconds to stop, and raises
    KeyboardInterrupt. What `fn` raises is raised here."""
    result: dict[str, Any] = {}
    finished = threading.Event()  # not Thread.join: a join that Ctrl+C interrupted can later
    # report the thread as ended while it still runs (CPython 3.11), and the grace would be lost

    def work() -> None:
        try:
            result["value"] = fn()
        except BaseException as exc:
            result["error"] = exc
        finally:
            finished.set()

    try:  # from before the start: a Ctrl+C the moment the work begins still cancels it
        start_native(work, name=name)
        while not finished.wait(0.1):
            pass
    except KeyboardInterrupt:
        cancel.cancel()
        finished.wait(grace)
        raise
    if "error" in result:
        raise result["error"]
    return result["value"]


class CliError(Exception):
    """A failure to report as one line; `code` is the exit status."""

    def __init__(self, message: str, code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.code = code


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded by display width, so Chinese voice names line up in a terminal; every cell
    is made one safe line first (`one_line`)."""
    headers = [one_line(h) for h in headers]
    rows = [[one_line(c) for c in r] for r in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        padded = [c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True)]
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def one_line(text: object) -> str:
    """`text` on one line (runs of whitespace, line breaks included, become one space) with any
    other control or bidi character escaped, safe to print to a terminal."""
    return terminal_safe(" ".join(str(text).split()))


class Reporter:
    """Prints warnings (always) and progress (only on a terminal) to stderr from the job's thread."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.tty = bool(getattr(err, "isatty", lambda: False)())
        self._drawn = False

    def __call__(self, event: JobEvent) -> None:
        if isinstance(event, SynthesisWarning):
            self.clear()
            self.err.write(f"{PROG}: warning: {tr(one_line(event.message))}\n")
            self.err.flush()
        elif isinstance(event, Progress) and self.tty:
            if event.total > 0:
                text = f"[{event.done}/{event.total}] {event.message}"
            else:
                text = event.message or "working…"
            self.err.write("\r\x1b[2K" + one_line(text)[:100])
            self.err.flush()
            self._drawn = True
        elif isinstance(event, (Finished, JobFailed, JobCancelled)):
            self.clear()

    def clear(self) -> None:
        if self._drawn:
            self.err.write("\r\x1b[2K")
            self.err.flush()
            self._drawn = False


def read_pronunciations(given: str | None) -> tuple[Pronunciation, ...]:
    """The dictionary a command uses: FILE, none, or (not given) the studio's own."""
    if given is not None and given.lower() == "none":
        return ()
    path = Path(given) if given is not None else default_path(create=False)
    try:
        return read_lexicon(path).entries
    except LexiconError as exc:
        hint = "" if given is not None else " (use --pronunciations none to go without it)"
        raise CliError(f"{one_line(exc)}{hint}") from None
